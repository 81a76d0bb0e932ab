//! An empty scratch space on every database, for DDL tests: an in-memory SQLite database
//! (foreign keys enforced), a schema of its own on PostgreSQL (first on the
//! `search_path`) and a database of its own on MariaDB (the connection's default), each
//! with a unique name and dropped when the `Scratch` is dropped, so tests run in parallel
//! and leave nothing behind.

use sqlweave::{Executor, Value};
use sqlweave_harness::{Config, Spaces};

use super::canon_rows;
use super::fixture::open_spaces_with;

/// Empty databases on the three servers (the connections are the [`Spaces`]' own:
/// `s.sqlite()`, `s.postgres()`, `s.mysql()`, `s.conns()`, and `s.name()`).
pub struct Scratch {
    spaces: Spaces,
}

impl Scratch {
    /// Connects and creates the scratch schema / database (MariaDB: `utf8mb4` with its
    /// default collation).
    pub fn new() -> Scratch {
        let config = Config::from_env()
            .prefix("sw_ddl")
            .mysql_charset(Some("utf8mb4"), None);
        let spaces = open_spaces_with(config, |dialect| match dialect {
            "SQLite" => "PRAGMA foreign_keys = ON".into(),
            _ => String::new(),
        });
        Scratch { spaces }
    }
}

impl std::ops::Deref for Scratch {
    type Target = Spaces;
    fn deref(&self) -> &Spaces {
        &self.spaces
    }
}

impl std::ops::DerefMut for Scratch {
    fn deref_mut(&mut self) -> &mut Spaces {
        &mut self.spaces
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
