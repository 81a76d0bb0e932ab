//! Differential testing for sqlweave: run one statement on SQLite, PostgreSQL and
//! MariaDB and check that the three return the same rows.
//!
//! sqlweave promises that a statement that runs means the same on every database. This
//! crate is how sqlweave tests that promise, published for code that builds statements on
//! top of it (an ORM, a report builder): give it your schema and data, then hand it each
//! statement you generate.
//!
//! ## Features
//!
//! | Feature | Default | What it brings |
//! |---|---|---|
//! | `chrono`, `uuid`, `json`, `decimal` | off | dates and times, UUIDs, JSON (serde_json) and decimals (rust_decimal) as values; each turns on sqlweave's feature of the same name, and must be on wherever sqlweave's is (a compile error says so) |
//!
//! ```
//! use sqlweave::{Expr, Select, TableRef};
//! use sqlweave_harness::Harness;
//!
//! // One private space per database: in-memory SQLite, a PostgreSQL schema, a MariaDB
//! // database, all dropped with the harness. Servers come from SQLWEAVE_PG_URL and
//! // SQLWEAVE_MYSQL_URL (or the local defaults); one that does not answer is skipped,
//! // unless SQLWEAVE_REQUIRE_SERVERS=1.
//! let mut h = Harness::new(|dialect| {
//!     let text = if dialect == "SQLite" { "TEXT" } else { "VARCHAR(20)" };
//!     format!(
//!         "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, label {text});
//!          INSERT INTO items VALUES (1, 5, 'a'), (2, NULL, 'b'), (3, 7, NULL);"
//!     )
//! })?;
//! let items = TableRef::new("items");
//!
//! // The same answer everywhere: the rows, as canonical text.
//! let q = Select::new()
//!     .column(items.col("id"))
//!     .column(items.col("qty").int_div(2).label("half"))
//!     .from(items.clone())
//!     .order_by(items.col("id"));
//! assert_eq!(h.check(&q)?, [["1", "2"], ["2", "NULL"], ["3", "3"]]);
//!
//! // A different answer: plain `/` on integers truncates on SQLite and PostgreSQL and
//! // not on MariaDB. The disagreement says who differs, how, and the SQL each ran.
//! let q = Select::new()
//!     .column(items.col("qty").div(2).label("half"))
//!     .from(items.clone())
//!     .filter(items.col("id").eq(3));
//! match h.check(&q) {
//!     Ok(rows) => assert_eq!(rows, [["3"]]), // MariaDB was not reachable
//!     Err(d) => {
//!         assert_eq!(d.groups(), [vec!["SQLite", "PostgreSQL"], vec!["MariaDB"]]);
//!         println!("{d}");
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! * [`Harness`]: the databases with your set-up, [`Harness::check`] and the count of
//!   statements compared per database ([`Harness::compared`]).
//! * [`Config`]: where the servers are ([`Config::from_env`], [`Config::new`]) and whether
//!   an unreachable one is skipped or an error.
//! * [`Spaces`]: the private spaces and their connections, for set-up of your own or to
//!   work with existing connections ([`Spaces::with_connections`]).
//! * [`Disagreement`]: what each database did when they differ.
//! * [`canon`] and [`canon_rows`]: the canonical text rows are compared as, which tells
//!   equal answers from different ones across the drivers' value types: numbers by value,
//!   text exactly (see [`canon`] for every rule).
//!
//! Text compares and sorts by code point on SQLite and, in the MariaDB databases the
//! harness makes (`utf8mb4_bin`), on MariaDB; on PostgreSQL it follows the database's
//! collation: make the test database with `LC_COLLATE 'C'` (or declare the columns
//! `COLLATE "C"`) so that `ORDER BY` a text column agrees.
//!
//! Features `chrono`, `uuid`, `json` and `decimal` turn on the same features of sqlweave
//! and of the three dialect crates; dates, times, UUIDs, JSON and decimals are then read as
//! such and compared by value (a date on PostgreSQL equals the text SQLite holds).
#![warn(missing_docs)]

// Built without a value type sqlweave has, the drivers would refuse every such value and
// the canonical text would not know it: a compile-time error names the feature instead.
sqlweave::require_value_features!("sqlweave-harness");

mod canon;
mod config;
mod disagreement;
mod error;
mod harness;
mod spaces;

pub use canon::{canon, canon_rows};
pub use config::{
    Config, DEFAULT_MYSQL_URL, DEFAULT_POSTGRES_URL, MYSQL_URL_VAR, POSTGRES_URL_VAR,
    REQUIRE_SERVERS_VAR, Skipped,
};
pub use disagreement::{Disagreement, Outcome};
pub use error::SetupError;
pub use harness::{CanonicalRows, Harness};
pub use spaces::Spaces;
