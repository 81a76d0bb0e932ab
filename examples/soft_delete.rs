//! Soft delete as an ORM built on sqlweave adds it: rows with a `deleted_at` are gone for
//! every statement — in FROM and joins, subqueries, CTE bodies, UPDATE and DELETE — on
//! every table whose definition has that column, and only there.
//!
//! ```text
//! cargo run --example soft_delete
//! ```
//!
//! The filter is the first part of this file: the schema says which tables keep deleted
//! rows ([`soft_deleted_tables`]), and [`hide_deleted`] adds `deleted_at IS NULL` for
//! each of them wherever it is read or changed (with `sqlweave::visit::filter_tables`).
//! The rest runs it on an embedded SQLite database; `tests/visit.rs` runs it on SQLite,
//! PostgreSQL and MariaDB.

use sqlweave::Result;
use sqlweave::ddl::{ObjectName, SchemaRegistry};
use sqlweave::visit::{Visitable, filter_tables};

// ------------------------------------------------------------------------ the filter

/// The tables of `schema` that have a `deleted_at` column.
pub fn soft_deleted_tables(schema: &SchemaRegistry) -> Vec<ObjectName> {
    schema
        .tables
        .iter()
        .filter(|t| t.get_column("deleted_at").is_some())
        .map(|t| t.name.clone())
        .collect()
}

/// Hides the deleted rows of `tables` from a statement.
pub fn hide_deleted<S: Visitable + ?Sized>(stmt: &mut S, tables: &[ObjectName]) -> Result<()> {
    filter_tables(stmt, |t| {
        let name = ObjectName::from(t.clone());
        Ok(tables
            .contains(&name)
            .then(|| t.col("deleted_at").is_null()))
    })
}

// ------------------------------------------------------------------- the demonstration

/// The schema of `examples/tenant_filter.rs`, as the ORM declares it.
pub fn schema() -> SchemaRegistry {
    use sqlweave::ddl::{ColumnDef, ColumnType, TableDef};
    let text = |n: &'static str, len| ColumnDef::new(n, ColumnType::Varchar(len));
    let int = |n: &'static str| ColumnDef::new(n, ColumnType::Integer).not_null();
    SchemaRegistry::new()
        .table(
            TableDef::new("currencies")
                .column(text("code", 3).primary_key())
                .column(text("name", 40).not_null()),
        )
        .table(
            TableDef::new("accounts")
                .column(int("id").primary_key())
                .column(int("tenant_id"))
                .column(text("name", 40).not_null())
                .column(text("currency", 3).not_null())
                .column(text("deleted_at", 30)),
        )
        .table(
            TableDef::new("invoices")
                .column(int("id").primary_key())
                .column(int("tenant_id"))
                .column(int("account_id"))
                .column(int("amount"))
                .column(text("deleted_at", 30)),
        )
}

#[allow(dead_code)]
fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    use sqlweave::{Executor, Expr, Select, TableRef, func};
    use sqlweave_postgres::Postgres;
    use sqlweave_sqlite::SqliteConnection;

    let mut db = SqliteConnection::open_in_memory()?;
    db.execute_raw_batch(
        "
        CREATE TABLE currencies (code VARCHAR(3) PRIMARY KEY, name VARCHAR(40) NOT NULL);
        CREATE TABLE accounts (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, name VARCHAR(40) NOT NULL,
            currency VARCHAR(3) NOT NULL, deleted_at VARCHAR(30));
        CREATE TABLE invoices (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
            amount INTEGER NOT NULL, deleted_at VARCHAR(30));
        INSERT INTO currencies VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
        INSERT INTO accounts VALUES (1, 1, 'Ada', 'EUR', NULL), (2, 1, 'Bob', 'USD', '2024-05-01');
        INSERT INTO invoices VALUES (1, 1, 1, 100, NULL), (2, 1, 1, 50, NULL), (3, 1, 2, 70, NULL),
            (4, 1, 1, 30, '2024-06-01');
        ",
    )?;
    let soft = soft_deleted_tables(&schema());
    println!("soft-deleted tables: {soft:?}\n");

    // Each account's invoice count and total, with the currency's name.
    let (a, i, c) = (
        TableRef::new("accounts").alias("a"),
        TableRef::new("invoices").alias("i"),
        TableRef::new("currencies").alias("c"),
    );
    let q = Select::new()
        .columns([a.col("name"), c.col("name")])
        .column(func::count(i.col("id")))
        .column(func::coalesce([
            func::sum(i.col("amount")),
            Expr::value(0_i64),
        ]))
        .from(a.clone())
        .join(c.clone(), c.col("code").eq(a.col("currency")))
        .left_join(i.clone(), i.col("account_id").eq(a.col("id")))
        .group_by([a.col("name"), c.col("name")])
        .order_by(a.col("name"));
    let mut visible = q.clone();
    hide_deleted(&mut visible, &soft)?;
    println!("{}\n", visible.render(&Postgres)?.sql);
    println!("every row:");
    for row in db.fetch_all(&q)?.rows {
        println!("  {:?}", row.values());
    }
    println!("rows not deleted:");
    for row in db.fetch_all(&visible)?.rows {
        println!("  {:?}", row.values());
    }
    Ok(())
}
