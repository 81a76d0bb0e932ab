//! The shop fixture on every database, in a schema (PostgreSQL) or database (MariaDB) of
//! its own ([`sqlweave_harness::Spaces`]), so tests run in parallel and leave nothing
//! behind.

use sqlweave::Statement;
use sqlweave_harness::{Config, Spaces};
use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;

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

/// The project's servers ([`Config::from_env`]): a space named `{prefix}_…` on each,
/// whose MariaDB database has the server's default character set and collation
/// (tables declare their own). An unreachable server is skipped, or fails the test with
/// `SQLWEAVE_REQUIRE_SERVERS=1`.
pub fn open_spaces(prefix: &str, setup: impl Fn(&str) -> String) -> Spaces {
    open_spaces_with(
        Config::from_env().prefix(prefix).mysql_charset(None, None),
        setup,
    )
}

/// As [`open_spaces`], with the spaces `config` describes.
pub fn open_spaces_with(config: Config, setup: impl Fn(&str) -> String) -> Spaces {
    let mut spaces = Spaces::open(&config).unwrap_or_else(|e| panic!("{e}"));
    spaces.load(setup).unwrap_or_else(|e| panic!("{e}"));
    spaces
}

/// Connects to PostgreSQL, or says why not (and fails if servers are required).
pub fn pg_connect() -> Option<PgConnection> {
    Config::from_env()
        .connect_postgres()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Connects to MariaDB / MySQL, or says why not (and fails if servers are required).
pub fn mysql_connect() -> Option<MySqlConnection> {
    Config::from_env()
        .connect_mysql()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The three databases, each holding the shop fixture in a space of its own (the
/// connections are the [`Spaces`]' own: `env.conns()`, `env.postgres()` …).
pub struct Env {
    spaces: Spaces,
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
        let spaces = open_spaces("sw_t", |dialect| match dialect {
            "SQLite" => format!("{SQLITE_DDL}{DATA}{sqlite_extra}"),
            "PostgreSQL" => format!("{PG_DDL}{DATA}{pg_extra}"),
            _ => format!("{MYSQL_DDL}{DATA}{mysql_extra}"),
        });
        Env { spaces }
    }

    /// The schema (PostgreSQL) / database (MariaDB) holding this fixture.
    pub fn schema_name(&self) -> &str {
        self.spaces.name()
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

impl std::ops::Deref for Env {
    type Target = Spaces;
    fn deref(&self) -> &Spaces {
        &self.spaces
    }
}

impl std::ops::DerefMut for Env {
    fn deref_mut(&mut self) -> &mut Spaces {
        &mut self.spaces
    }
}
