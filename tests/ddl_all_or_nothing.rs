//! Schema changes are all-or-nothing: `SchemaRegistry::create_all` / `drop_all` and
//! `exec::execute_all` render every statement before sending any, run in one transaction
//! where DDL is transactional (PostgreSQL, SQLite), and on MariaDB undo what they created
//! when a later statement fails — on SQLite, PostgreSQL and MariaDB, each checked through
//! the catalog ("the database is as it was") and through what reached the connection.

mod common;

use common::scratch::{Scratch, assert_catalog, objects};
use sqlweave::ddl::{
    ColumnDef, ColumnType, CreateSequence, CreateView, DdlFeature, IndexDef, TableDef,
};
use sqlweave::exec::execute_all;
use sqlweave::{
    DbErrorKind, Dialect, Error, Executor, Expr, Result, Rows, SchemaRegistry, Select, TableRef,
    TransactionOptions, Value, func, transaction,
};
use sqlweave_mysql::MySql;

/// Passes everything to a connection and records what reaches it.
struct Recording<'a> {
    conn: &'a mut dyn Executor,
    sent: Vec<String>,
}

impl<'a> Recording<'a> {
    fn new(conn: &'a mut dyn Executor) -> Self {
        Recording {
            conn,
            sent: Vec::new(),
        }
    }
}

impl Executor for Recording<'_> {
    fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        self.sent.push(sql.to_string());
        self.conn.query_sql(sql, params)
    }
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.sent.push(sql.to_string());
        self.conn.execute_sql(sql, params)
    }
    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.sent.push(sql.to_string());
        self.conn.execute_raw_batch(sql)
    }
    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        self.sent.push("BEGIN".into());
        self.conn.begin_with(options)
    }
    fn commit(&mut self) -> Result<()> {
        self.sent.push("COMMIT".into());
        self.conn.commit()
    }
    fn rollback(&mut self) -> Result<()> {
        self.sent.push("ROLLBACK".into());
        self.conn.rollback()
    }
    fn transaction_depth(&self) -> usize {
        self.conn.transaction_depth()
    }
}

/// A table of one integer column.
fn one_column(name: &'static str) -> TableDef {
    TableDef::new(name).column(ColumnDef::new("id", ColumnType::Integer))
}

fn customers() -> TableDef {
    TableDef::new("customers")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("email", ColumnType::Varchar(100)).not_null())
        .index(IndexDef::new("customers_email_ix").column("email"))
}

/// `customers`, then something the dialect refuses when it renders it, and the text
/// of that refusal.
fn refused_after_a_table(d: &dyn Dialect) -> (SchemaRegistry, &'static str) {
    match d.name() {
        // The reported case: an expression index after its table.
        "MariaDB" => (
            SchemaRegistry::new().table(customers().index(
                IndexDef::new("customers_lower_ix").expr(func::lower(Expr::column("email"))),
            )),
            "MariaDB does not support indexes on expressions",
        ),
        "PostgreSQL" => (
            SchemaRegistry::new().table(customers()).table(
                TableDef::new("shapes")
                    .column(ColumnDef::new("side", ColumnType::Integer))
                    .column(
                        ColumnDef::new("area", ColumnType::Integer)
                            .generated_virtual(Expr::column("side").mul(Expr::column("side"))),
                    ),
            ),
            "PostgreSQL does not support VIRTUAL generated columns",
        ),
        _ => (
            SchemaRegistry::new().table(customers()).table(
                TableDef::new("counters")
                    .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
                    .column(ColumnDef::new("n", ColumnType::Integer).auto_increment()),
            ),
            "SQLite does not support AUTOINCREMENT on \"n\"",
        ),
    }
}

#[test]
fn create_all_sends_nothing_when_a_later_statement_cannot_be_rendered() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        let name = conn.dialect().name();
        let (registry, refusal) = refused_after_a_table(conn.dialect());
        let mut rec = Recording::new(conn);
        let err = registry.create_all(&mut rec).unwrap_err();
        assert!(
            matches!(err, Error::Unsupported { .. }) && err.to_string().contains(refusal),
            "{name}: {err}"
        );
        assert_eq!(rec.sent, Vec::<String>::new(), "{name} was sent statements");
        assert_eq!(objects(rec.conn), Vec::<Vec<String>>::new(), "{name}");
    }
}

/// A table holding one row, whose name a registry then asks for again.
fn taken(conn: &mut dyn Executor) {
    conn.execute_raw_batch("CREATE TABLE taken (id INTEGER); INSERT INTO taken VALUES (7)")
        .unwrap();
}

/// Two tables in a foreign-key cycle (added with ALTER TABLE on PostgreSQL and
/// MariaDB), `customers` with an index and an enum column (a type on PostgreSQL), a
/// sequence where the dialect has them, and a view whose name is taken: it fails last.
fn fails_at_the_last_statement(d: &dyn Dialect) -> SchemaRegistry {
    let teams = TableDef::new("teams")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("lead_id", ColumnType::BigInt).references("people", "id"));
    let people = TableDef::new("people")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("team_id", ColumnType::BigInt).references("teams", "id"));
    let tiered = customers().column(ColumnDef::new(
        "tier",
        ColumnType::enumeration("tier", ["free", "paid"]),
    ));
    let mut r = SchemaRegistry::new()
        .table(tiered)
        .table(teams)
        .table(people)
        .view(CreateView::new(
            "taken",
            Select::new()
                .column(Expr::column("id"))
                .from(TableRef::new("customers")),
        ));
    if d.supports_ddl(DdlFeature::Sequences) {
        r = r.sequence(CreateSequence::new("ticket_no"));
    }
    r
}

#[test]
fn create_all_failing_at_execution_leaves_the_database_as_it_was() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        let name = conn.dialect().name();
        taken(conn);
        let before = objects(conn);
        let registry = fails_at_the_last_statement(conn.dialect());
        let plan = registry.create_plan(conn.dialect()).unwrap();
        let err = registry.create_all(conn).unwrap_err();
        assert!(err.db_kind().is_some(), "{name}: {err}");
        assert_eq!(objects(conn), before, "{name}: {err}");
        assert_catalog(conn, "SELECT id FROM taken", &[], &[&["7"]]);
        let msg = err.to_string();
        if name == "MariaDB" {
            // A sequence, three tables, an index (gone with its table) and two foreign
            // keys: all undone, in reverse order.
            assert!(
                msg.contains(&format!(
                    "MariaDB cannot roll DDL back, so the {} statements run before this one were undone, in reverse order: \
                     ALTER TABLE \"people\" (ADD CONSTRAINT \"people_team_id_fkey\"), \
                     ALTER TABLE \"teams\" (ADD CONSTRAINT \"teams_lead_id_fkey\"), \
                     CREATE TABLE \"people\", CREATE TABLE \"teams\", \
                     CREATE INDEX \"customers_email_ix\" ON \"customers\", CREATE TABLE \"customers\", \
                     CREATE SEQUENCE \"ticket_no\"; the database is as it was",
                    plan.len() - 1
                )),
                "{msg}"
            );
        } else {
            assert!(msg.contains("rolled back"), "{name}: {msg}");
        }
        // Nothing half-built is in the way: without the clashing view, it all goes in.
        let mut fixed = registry.clone();
        fixed.views.clear();
        fixed
            .create_all(conn)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        fixed
            .drop_all(conn)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(objects(conn), before, "{name}");
    }
}

#[test]
fn execute_all_of_a_table_and_its_indexes_is_all_or_nothing() {
    let mut s = Scratch::new();
    // The second index's name is taken by the first: refused by every database, after
    // CREATE TABLE ran.
    let t = customers().index(IndexDef::new("customers_email_ix").column("id"));
    for conn in s.conns() {
        let name = conn.dialect().name();
        let plan = t.create_statements(conn.dialect()).unwrap();
        let err = execute_all(conn, &plan).unwrap_err();
        assert!(err.db_kind().is_some(), "{name}: {err}");
        assert_eq!(objects(conn), Vec::<Vec<String>>::new(), "{name}: {err}");
    }
}

#[test]
fn inside_a_transaction_create_all_is_a_savepoint_or_refused() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        let name = conn.dialect().name();
        taken(conn);
        let before = objects(conn);
        let registry = SchemaRegistry::new().table(customers());
        let result = transaction(conn, |tx| {
            tx.execute_sql("INSERT INTO taken VALUES (8)", &[])?;
            let inner = registry.create_all(tx);
            if tx.dialect().supports_ddl(DdlFeature::TransactionalDdl) {
                // A savepoint: created inside the caller's transaction.
                inner.unwrap_or_else(|e| panic!("{name}: {e}"));
                let table = vec!["table".to_string(), "customers".to_string()];
                assert!(objects(tx).contains(&table), "{name}");
            } else {
                // MariaDB would commit the caller's transaction at the first DDL
                // statement: refused before anything is sent.
                let err = inner.unwrap_err();
                assert!(
                    err.to_string().contains("commits the open transaction"),
                    "{name}: {err}"
                );
            }
            Err::<(), _>(Error::Invalid("the caller changes its mind".into()))
        });
        assert!(result.is_err());
        // The caller's rollback took everything back, DDL included.
        assert_eq!(objects(conn), before, "{name}");
        assert_catalog(conn, "SELECT id FROM taken", &[], &[&["7"]]);
    }
}

#[test]
fn drop_all_sends_nothing_when_a_later_statement_cannot_be_rendered() {
    let mut s = Scratch::new();
    // Dropped in reverse creation order: `kept` first, then a name no database accepts.
    let registry = SchemaRegistry::new()
        .table(one_column("bad\0name"))
        .table(one_column("kept"));
    for conn in s.conns() {
        let name = conn.dialect().name();
        conn.execute_raw_batch("CREATE TABLE kept (id INTEGER)")
            .unwrap();
        let mut rec = Recording::new(conn);
        let err = registry.drop_all(&mut rec).unwrap_err();
        assert!(
            matches!(err, Error::InvalidIdentifier { .. }),
            "{name}: {err}"
        );
        assert_eq!(rec.sent, Vec::<String>::new(), "{name} was sent statements");
        assert_eq!(objects(rec.conn), [["table", "kept"]], "{name}");
    }
}

#[test]
fn drop_all_failing_midway_rolls_back_or_says_what_is_gone() {
    let mut s = Scratch::new();
    // `gone` was never created: its DROP fails after `kept`'s ran.
    let registry = SchemaRegistry::new()
        .table(one_column("gone"))
        .table(one_column("kept"));
    for conn in s.conns() {
        let name = conn.dialect().name();
        conn.execute_raw_batch("CREATE TABLE kept (id INTEGER)")
            .unwrap();
        let err = registry.drop_all(conn).unwrap_err();
        let msg = err.to_string();
        if conn.dialect().supports_ddl(DdlFeature::TransactionalDdl) {
            assert_eq!(objects(conn), [["table", "kept"]], "{name}");
            assert!(msg.contains("rolled back"), "{name}: {msg}");
        } else {
            // A dropped table cannot be restored: the error says it is gone.
            assert_eq!(objects(conn), Vec::<Vec<String>>::new(), "{name}");
            assert!(
                msg.contains(
                    "MariaDB cannot roll DDL back: still in effect: DROP TABLE \"kept\" (a dropped object cannot be restored)"
                ),
                "{msg}"
            );
        }
    }
}

/// A MariaDB connection without a server: runs every statement, except that those
/// starting with one of `fail` fail.
struct Scripted {
    dialect: MySql,
    fail: Vec<&'static str>,
    sent: Vec<String>,
}

impl Executor for Scripted {
    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        self.execute_sql(sql, params)?;
        Ok(Rows::default())
    }
    fn execute_sql(&mut self, sql: &str, _params: &[Value]) -> Result<u64> {
        self.sent.push(sql.to_string());
        match self.fail.iter().find(|f| sql.starts_with(**f)) {
            Some(_) => Err(Error::database(
                DbErrorKind::Other,
                Some("1".into()),
                "refused",
                sql,
            )),
            None => Ok(0),
        }
    }
    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.execute_sql(sql, &[]).map(|_| ())
    }
}

#[test]
fn when_the_undo_fails_the_error_says_precisely_what_is_left() {
    let registry = SchemaRegistry::new()
        .table(one_column("a"))
        .table(one_column("b"))
        .table(one_column("c"))
        .table(one_column("d"));
    let mut conn = Scripted {
        dialect: MySql::mariadb(),
        fail: vec!["CREATE TABLE `c`", "DROP TABLE `a`"],
        sent: Vec::new(),
    };
    let err = registry.create_all(&mut conn).unwrap_err();
    assert_eq!(err.db_kind(), Some(DbErrorKind::Other));
    assert_eq!(
        err.to_string(),
        "database error (other): refused; MariaDB cannot roll DDL back: \
         undone: CREATE TABLE \"b\"; still in effect: CREATE TABLE \"a\" \
         (undoing it failed: database error (other): refused (while running: DROP TABLE `a`)); \
         not run: CREATE TABLE \"d\" \
         (while running: CREATE TABLE `c` (`id` INT) DEFAULT CHARSET=utf8mb4)"
    );
    assert_eq!(
        conn.sent,
        [
            "CREATE TABLE `a` (`id` INT) DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE `b` (`id` INT) DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE `c` (`id` INT) DEFAULT CHARSET=utf8mb4",
            "DROP TABLE `b`",
            "DROP TABLE `a`",
        ]
    );
}
