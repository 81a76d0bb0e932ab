//! An empty scratch space on every database, for DDL tests: an in-memory SQLite database
//! (foreign keys enforced), a schema of its own on PostgreSQL (first on the
//! `search_path`) and a database of its own on MariaDB (the connection's default), each
//! with a unique name and dropped when the `Scratch` is dropped, so tests run in parallel
//! and leave nothing behind.

use sqlweave::{Executor, Value};
use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;
use sqlweave_sqlite::SqliteConnection;

use super::canon_rows;
use super::fixture::{conns_of, drop_spaces, open_spaces};

/// Empty databases on the three servers.
pub struct Scratch {
    pub sqlite: SqliteConnection,
    pub pg: Option<PgConnection>,
    pub mysql: Option<MySqlConnection>,
    name: String,
}

impl Scratch {
    /// Connects and creates the scratch schema / database.
    pub fn new() -> Scratch {
        let (sqlite, pg, mysql, name) = open_spaces(
            "sw_ddl",
            "PRAGMA foreign_keys = ON",
            "",
            " DEFAULT CHARSET utf8mb4",
            "",
        );
        Scratch {
            sqlite,
            pg,
            mysql,
            name,
        }
    }

    /// The schema (PostgreSQL) / database (MariaDB) name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The connections that are up, SQLite first.
    pub fn conns(&mut self) -> Vec<&mut dyn Executor> {
        conns_of(&mut self.sqlite, &mut self.pg, &mut self.mysql)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop_spaces(&mut self.pg, &mut self.mysql, &self.name);
    }
}

/// Runs catalog SQL with parameters and returns canonical rows (see [`super::canon`]),
/// panicking with the SQL on failure.
pub fn catalog(conn: &mut dyn Executor, sql: &str, params: &[Value]) -> Vec<Vec<String>> {
    match conn.query_sql(sql, params) {
        Ok(r) => canon_rows(&r),
        Err(e) => panic!("{} catalog query failed: {e}\n{sql}", conn.dialect().name()),
    }
}

/// [`catalog`] with string rows compared to `expected`, in order.
#[track_caller]
pub fn assert_catalog(conn: &mut dyn Executor, sql: &str, params: &[Value], expected: &[&[&str]]) {
    let got = catalog(conn, sql, params);
    let want = super::rows(expected);
    assert_eq!(got, want, "{}: {sql}", conn.dialect().name());
}

/// Everything in the scratch space, sorted: `[kind, name]` for tables, views, indexes,
/// sequences, enum types (PostgreSQL) and foreign keys (PostgreSQL, MariaDB) — what a
/// test compares to say "the database is as it was".
pub fn objects(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let queries: &[&str] = match conn.dialect().name() {
        "SQLite" => &["SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"],
        "PostgreSQL" => &[
            "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' \
             WHEN 'S' THEN 'sequence' ELSE c.relkind::text END, c.relname::text \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()",
            "SELECT 'type', t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE n.nspname = current_schema() AND t.typtype = 'e'",
            "SELECT 'foreign key', c.conname::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE n.nspname = current_schema() AND c.contype = 'f'",
        ],
        _ => &[
            "SELECT CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view' \
             WHEN 'SEQUENCE' THEN 'sequence' ELSE TABLE_TYPE END, TABLE_NAME \
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            "SELECT DISTINCT 'index', CONCAT(TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE()",
            "SELECT 'foreign key', CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS \
             WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
        ],
    };
    let mut all: Vec<Vec<String>> = queries
        .iter()
        .flat_map(|sql| catalog(conn, sql, &[]))
        .collect();
    all.sort();
    all
}
