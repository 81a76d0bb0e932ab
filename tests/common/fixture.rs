//! The shop fixture on every database, in a schema (PostgreSQL) or database (MariaDB) of
//! its own, so tests run in parallel and leave nothing behind.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlweave::{Executor, Statement};
use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;
use sqlweave_sqlite::SqliteConnection;

use super::{canon_rows, rows};

const SQLITE_DDL: &str = "
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, city TEXT, referred_by INTEGER);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT, price_cents INTEGER NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT NOT NULL, placed_on TEXT NOT NULL);
CREATE TABLE order_items (order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL);
";

const PG_DDL: &str = "
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, city TEXT, referred_by INTEGER);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT, price_cents BIGINT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT NOT NULL, placed_on DATE NOT NULL);
CREATE TABLE order_items (order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, quantity INTEGER NOT NULL, unit_price_cents BIGINT NOT NULL);
";

// Binary collation: comparisons are case-sensitive, as on PostgreSQL.
const MYSQL_DDL: &str = "
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100), city VARCHAR(100), referred_by INT) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, category VARCHAR(100), price_cents BIGINT NOT NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(20) NOT NULL, placed_on DATE NOT NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE order_items (order_id INT NOT NULL, product_id INT NOT NULL, quantity INT NOT NULL, unit_price_cents BIGINT NOT NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
";

const DATA: &str = "
INSERT INTO customers (id, name, email, city, referred_by) VALUES
 (1, 'Alice', 'alice@example.com', 'Paris', NULL),
 (2, 'Bob', NULL, 'London', 1),
 (3, 'Carol', 'carol@example.com', 'Paris', 1),
 (4, 'Dave', 'dave@example.com', NULL, 2),
 (5, 'Eve', NULL, 'Berlin', NULL);
INSERT INTO products (id, name, category, price_cents) VALUES
 (1, 'Widget', 'tools', 250),
 (2, 'Gadget', 'tools', 1000),
 (3, 'Book', 'media', 1500),
 (4, 'Album', 'media', 900),
 (5, 'Lamp', NULL, 4000);
INSERT INTO orders (id, customer_id, status, placed_on) VALUES
 (1, 1, 'paid', '2024-01-15'),
 (2, 1, 'shipped', '2024-02-20'),
 (3, 2, 'paid', '2024-02-21'),
 (4, 3, 'cancelled', '2024-03-05'),
 (5, 4, 'paid', '2025-01-10'),
 (6, 1, 'pending', '2025-03-01');
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES
 (1, 1, 4, 250), (1, 3, 1, 1500), (2, 2, 1, 1000), (3, 4, 2, 900),
 (3, 1, 10, 250), (4, 5, 1, 4000), (5, 3, 2, 1500), (6, 2, 3, 1000);
";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name no other test (or concurrent run) uses: `{prefix}_{pid}_{n}_{nanos}`.
pub fn unique_name(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{}_{}", std::process::id(), n, nanos % 100_000)
}

/// The connections of a test's private space on each database.
pub type Spaces = (
    SqliteConnection,
    Option<PgConnection>,
    Option<MySqlConnection>,
    String,
);

/// Connects to every reachable database and gives the test a space of its own, named
/// `{prefix}_…`: an in-memory SQLite database, a schema on PostgreSQL (first on the
/// `search_path`), a database on MariaDB (`CREATE DATABASE name{mysql_options}`, then
/// `USE`d). Each `*_setup` runs in that space. Drop it with [`drop_spaces`].
pub fn open_spaces(
    prefix: &str,
    sqlite_setup: &str,
    pg_setup: &str,
    mysql_options: &str,
    mysql_setup: &str,
) -> Spaces {
    let name = unique_name(prefix);
    let mut sqlite = SqliteConnection::open_in_memory().expect("sqlite");
    if !sqlite_setup.is_empty() {
        sqlite
            .execute_raw_batch(sqlite_setup)
            .expect("sqlite set-up");
    }
    let pg = pg_connect().map(|mut c| {
        c.execute_raw_batch(&format!(
            "CREATE SCHEMA {name}; SET search_path TO {name}; {pg_setup}"
        ))
        .expect("postgres schema and set-up");
        c
    });
    let mysql = mysql_connect().map(|mut c| {
        c.execute_raw_batch(&format!("CREATE DATABASE {name}{mysql_options}"))
            .expect("mysql database");
        c.execute_raw_batch(&format!("USE {name}; {mysql_setup}"))
            .expect("mysql set-up");
        c
    });
    (sqlite, pg, mysql, name)
}

/// Drops the schema / database [`open_spaces`] made.
pub fn drop_spaces(pg: &mut Option<PgConnection>, mysql: &mut Option<MySqlConnection>, name: &str) {
    if let Some(c) = pg.as_mut() {
        let _ = c.execute_raw_batch(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"));
    }
    if let Some(c) = mysql.as_mut() {
        let _ = c.execute_raw_batch(&format!("DROP DATABASE IF EXISTS {name}"));
    }
}

/// The connections that are up, SQLite first.
pub fn conns_of<'a>(
    sqlite: &'a mut SqliteConnection,
    pg: &'a mut Option<PgConnection>,
    mysql: &'a mut Option<MySqlConnection>,
) -> Vec<&'a mut dyn Executor> {
    let mut v: Vec<&mut dyn Executor> = vec![sqlite];
    if let Some(c) = pg.as_mut() {
        v.push(c);
    }
    if let Some(c) = mysql.as_mut() {
        v.push(c);
    }
    v
}

fn require_servers() -> bool {
    std::env::var("SQLWEAVE_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// Connects to PostgreSQL, or says why not (and fails if servers are required).
pub fn pg_connect() -> Option<PgConnection> {
    let url = std::env::var("SQLWEAVE_PG_URL")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres dbname=test".into());
    match PgConnection::connect(&url) {
        Ok(c) => Some(c),
        Err(e) if require_servers() => {
            panic!("PostgreSQL unreachable at {url:?} and SQLWEAVE_REQUIRE_SERVERS=1: {e}")
        }
        Err(e) => {
            eprintln!("skipped: PostgreSQL unreachable at {url:?} ({e})");
            None
        }
    }
}

/// Connects to MariaDB / MySQL, or says why not (and fails if servers are required).
pub fn mysql_connect() -> Option<MySqlConnection> {
    let url = std::env::var("SQLWEAVE_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
    match MySqlConnection::connect(&url) {
        Ok(c) => Some(c),
        Err(e) if require_servers() => {
            panic!("MariaDB/MySQL unreachable at {url:?} and SQLWEAVE_REQUIRE_SERVERS=1: {e}")
        }
        Err(e) => {
            eprintln!("skipped: MariaDB/MySQL unreachable at {url:?} ({e})");
            None
        }
    }
}

/// The three databases, each holding the shop fixture.
pub struct Env {
    pub sqlite: SqliteConnection,
    pub pg: Option<PgConnection>,
    pub mysql: Option<MySqlConnection>,
    name: String,
}

impl Env {
    /// Connects and creates the fixture everywhere.
    pub fn new() -> Env {
        Self::with_setup("")
    }

    /// As [`Env::new`], then runs `extra` (portable SQL) on every database.
    pub fn with_setup(extra: &str) -> Env {
        Self::with_setups(extra, extra, extra)
    }

    /// As [`Env::new`], then runs per-database set-up SQL.
    pub fn with_setups(sqlite_extra: &str, pg_extra: &str, mysql_extra: &str) -> Env {
        let (sqlite, pg, mysql, name) = open_spaces(
            "sw_t",
            &format!("{SQLITE_DDL}{DATA}{sqlite_extra}"),
            &format!("{PG_DDL}{DATA}{pg_extra}"),
            "",
            &format!("{MYSQL_DDL}{DATA}{mysql_extra}"),
        );
        Env {
            sqlite,
            pg,
            mysql,
            name,
        }
    }

    /// The schema (PostgreSQL) / database (MariaDB) holding this fixture.
    pub fn schema_name(&self) -> &str {
        &self.name
    }

    /// The connections that are up, SQLite first.
    pub fn conns(&mut self) -> Vec<&mut dyn Executor> {
        conns_of(&mut self.sqlite, &mut self.pg, &mut self.mysql)
    }

    /// Runs `q` everywhere and asserts the rows, in order.
    pub fn check(&mut self, q: &dyn Statement, expected: &[&[&str]]) {
        let want = rows(expected);
        for c in self.conns() {
            let name = c.dialect().name();
            let got = match c.fetch_all(q) {
                Ok(r) => canon_rows(&r),
                Err(e) => panic!("{name} failed: {e}"),
            };
            assert_eq!(got, want, "rows on {name}");
        }
    }

    /// Runs `q` everywhere and asserts the rows in any order.
    pub fn check_unordered(&mut self, q: &dyn Statement, expected: &[&[&str]]) {
        let mut want = rows(expected);
        want.sort();
        for c in self.conns() {
            let name = c.dialect().name();
            let mut got = match c.fetch_all(q) {
                Ok(r) => canon_rows(&r),
                Err(e) => panic!("{name} failed: {e}"),
            };
            got.sort();
            assert_eq!(got, want, "rows on {name}");
        }
    }

    /// Runs `q` on the connections whose dialect names are in `only`; rows in any order.
    pub fn check_on_unordered(&mut self, only: &[&str], q: &dyn Statement, expected: &[&[&str]]) {
        let mut want = rows(expected);
        want.sort();
        for c in self.conns() {
            let name = c.dialect().name();
            if !only.contains(&name) {
                continue;
            }
            let mut got = match c.fetch_all(q) {
                Ok(r) => canon_rows(&r),
                Err(e) => panic!("{name} failed: {e}"),
            };
            got.sort();
            assert_eq!(got, want, "rows on {name}");
        }
    }

    /// Runs `q` on the connections whose dialect names are in `only`.
    pub fn check_on(&mut self, only: &[&str], q: &dyn Statement, expected: &[&[&str]]) {
        let want = rows(expected);
        for c in self.conns() {
            let name = c.dialect().name();
            if !only.contains(&name) {
                continue;
            }
            let got = match c.fetch_all(q) {
                Ok(r) => canon_rows(&r),
                Err(e) => panic!("{name} failed: {e}"),
            };
            assert_eq!(got, want, "rows on {name}");
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        drop_spaces(&mut self.pg, &mut self.mysql, &self.name);
    }
}
