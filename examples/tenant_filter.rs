//! Multi-tenancy as an ORM built on sqlweave adds it: every statement sees and changes
//! only the current tenant's rows — in FROM and joins, in subqueries of every kind, in
//! CTE bodies, in UPDATE and DELETE — and the rows it inserts are the tenant's.
//!
//! ```text
//! cargo run --example tenant_filter
//! ```
//!
//! The filter is the first part of this file: [`scope_to_tenant`] adds
//! `tenant_id = :tenant` wherever a tenant table's rows are read or changed (with
//! `sqlweave::visit::filter_tables`, which places each predicate where it keeps the
//! joins' meaning), and a `VisitMut` stamps the tenant on inserted rows. The rest runs
//! it on an embedded SQLite database and prints the SQL for every dialect;
//! `tests/visit.rs` runs it on SQLite, PostgreSQL and MariaDB.

use sqlweave::dml::{Insert, InsertSource, InsertValue};
use sqlweave::visit::{VisitMut, Visitable, filter_tables, walk_mut};
use sqlweave::{Error, Expr, Query, Result, SqlType};

// ------------------------------------------------------------------------ the filter

/// Tables whose rows belong to one tenant: each has a `tenant_id` column.
pub const TENANT_TABLES: &[&str] = &["accounts", "invoices"];
/// Tables every tenant shares.
pub const SHARED_TABLES: &[&str] = &["currencies"];

/// The current tenant, bound when the statement runs: `("tenant", Value::I64(id))`.
pub fn tenant() -> Expr {
    Expr::param_typed("tenant", SqlType::BigInt, false)
}

/// Scopes a statement to the tenant bound as `:tenant`. A table that is neither a tenant
/// table nor a shared one is refused: the filter fails closed.
pub fn scope_to_tenant<S: Visitable + ?Sized>(stmt: &mut S) -> Result<()> {
    filter_tables(stmt, |t| match t.name.as_str() {
        name if TENANT_TABLES.contains(&name) => Ok(Some(t.col("tenant_id").eq(tenant()))),
        name if SHARED_TABLES.contains(&name) => Ok(None),
        name => Err(Error::invalid(format!(
            "{name:?} is neither a tenant table nor a shared one"
        ))),
    })?;
    stmt.accept_mut(&mut StampTenant)
}

/// Rows inserted into a tenant table get `tenant_id = :tenant`, in CTEs too.
struct StampTenant;

impl VisitMut for StampTenant {
    fn visit_insert(&mut self, i: &mut Insert) -> Result<()> {
        walk_mut::walk_insert(self, i)?;
        if !TENANT_TABLES.contains(&i.table.name.as_str()) {
            return Ok(());
        }
        if i.columns.is_empty() || i.columns.iter().any(|c| c.as_str() == "tenant_id") {
            return Err(Error::invalid(
                "an INSERT into a tenant table names its columns, all but tenant_id",
            ));
        }
        i.columns.push("tenant_id".into());
        match &mut i.source {
            InsertSource::Values(rows) => {
                for row in rows {
                    row.push(InsertValue::Expr(tenant()));
                }
            }
            InsertSource::Query(q) => match &mut **q {
                Query::Select(s) => s.items.push(tenant().into()),
                _ => {
                    return Err(Error::invalid(
                        "INSERT … SELECT into a tenant table takes a SELECT",
                    ));
                }
            },
            InsertSource::DefaultValues => {
                i.source = InsertSource::Values(vec![vec![InsertValue::Expr(tenant())]]);
            }
        }
        Ok(())
    }
}

// ------------------------------------------------------------------- the demonstration

/// Two tenants' accounts and invoices, and the currencies they share. Invoice 7 is
/// tenant 2's but names tenant 1's account: a join without the filter would leak it.
/// Portable SQL: the tests run it on every database.
pub const SCHEMA_AND_DATA: &str = "
CREATE TABLE currencies (code VARCHAR(3) PRIMARY KEY, name VARCHAR(40) NOT NULL);
CREATE TABLE accounts (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, name VARCHAR(40) NOT NULL,
    currency VARCHAR(3) NOT NULL, deleted_at VARCHAR(30));
CREATE TABLE invoices (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
    amount INTEGER NOT NULL, deleted_at VARCHAR(30));
INSERT INTO currencies (code, name) VALUES ('EUR', 'Euro'), ('USD', 'US dollar');
INSERT INTO accounts (id, tenant_id, name, currency, deleted_at) VALUES
    (1, 1, 'Ada', 'EUR', NULL), (2, 1, 'Bob', 'USD', '2024-05-01'),
    (3, 2, 'Cy', 'EUR', NULL), (4, 2, 'Di', 'EUR', NULL);
INSERT INTO invoices (id, tenant_id, account_id, amount, deleted_at) VALUES
    (1, 1, 1, 100, NULL), (2, 1, 1, 50, NULL), (3, 1, 2, 70, NULL), (4, 1, 1, 30, '2024-06-01'),
    (5, 2, 3, 999, NULL), (6, 2, 4, 10, NULL), (7, 2, 1, 500, NULL);
";

#[allow(dead_code)]
fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    use sqlweave::dml::Update;
    use sqlweave::{Cte, Executor, Select, Statement, TableRef, Value, func};
    use sqlweave_mysql::MySql;
    use sqlweave_postgres::Postgres;
    use sqlweave_sqlite::{Sqlite, SqliteConnection};

    let mut db = SqliteConnection::open_in_memory()?;
    db.execute_raw_batch(SCHEMA_AND_DATA)?;

    // A report: each account's total through a CTE, its largest invoice through a scalar
    // subquery, and only accounts whose currency exists (EXISTS on a shared table).
    let (a, i, c) = (
        TableRef::new("accounts").alias("a"),
        TableRef::new("invoices").alias("i"),
        TableRef::new("currencies").alias("c"),
    );
    let totals = Cte::new(
        "totals",
        Select::new()
            .column(i.col("account_id"))
            .column_as(func::sum(i.col("amount")), "total")
            .from(i.clone())
            .group_by([i.col("account_id")]),
    );
    let t = totals.table();
    let largest = Select::new()
        .column(func::max(i.col("amount")))
        .from(i.clone())
        .filter(i.col("account_id").eq(a.col("id")));
    let report = Select::new()
        .with(totals)
        .columns([a.col("name"), t.col("total")])
        .column_as(largest.as_expr(), "largest")
        .from(a.clone())
        .join(t.clone(), t.col("account_id").eq(a.col("id")))
        .filter(Expr::exists(
            Select::new()
                .column(c.col("code"))
                .from(c.clone())
                .filter(c.col("code").eq(a.col("currency"))),
        ))
        .order_by(a.col("name"));

    let mut scoped = report.clone();
    scope_to_tenant(&mut scoped)?;
    println!("The report, scoped to :tenant\n");
    for (name, d) in [
        ("PostgreSQL", &Postgres as &dyn sqlweave::Dialect),
        ("SQLite", &Sqlite),
        ("MariaDB", &MySql::mariadb()),
    ] {
        println!("{name}:\n  {}\n", scoped.render_for(d)?.sql);
    }
    for id in [1, 2] {
        println!("tenant {id}:");
        for row in db
            .fetch_all_with(&scoped, &[("tenant", Value::I64(id))])?
            .rows
        {
            println!("  {:?}", row.values());
        }
    }
    println!("without the filter, tenant 2's invoice 7 shows under Ada:");
    for row in db.fetch_all(&report)?.rows {
        println!("  {:?}", row.values());
    }

    // Writes: an UPDATE touches the tenant's rows only; an INSERT is stamped.
    let inv = TableRef::new("invoices");
    let mut bump = Update::table(inv.clone()).set_expr("amount", inv.col("amount").add(1_i64));
    scope_to_tenant(&mut bump)?;
    println!("\n{}", bump.render(&Sqlite)?.sql);
    let n = db.execute_with(&bump, &[("tenant", Value::I64(2))])?;
    println!("({n} rows of tenant 2 updated)");
    let mut add = Insert::into(TableRef::new("accounts"))
        .columns(["id", "name", "currency"])
        .values((5_i64, "Eve", "USD"))
        .into_insert();
    scope_to_tenant(&mut add)?;
    println!("{}", add.render(&Sqlite)?.sql);
    db.execute_with(&add, &[("tenant", Value::I64(2))])?;
    let who = Select::new()
        .columns([Expr::column("tenant_id"), Expr::column("name")])
        .from(TableRef::new("accounts"))
        .filter(Expr::column("id").eq(5_i64));
    println!("{:?}", db.fetch_one(&who)?.values());
    Ok(())
}
