//! # sqlweave-connect: one URL for any database
//!
//! An application picks its database by configuration — a URL in an environment
//! variable or a settings file — the way SQLAlchemy's `create_engine(url)` does:
//!
//! ```
//! use sqlweave::{Executor, Expr, Select};
//!
//! let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".into());
//! # let url = "sqlite::memory:";
//! let mut db = sqlweave_connect::connect(&url)?;
//! let row = db.fetch_one(&Select::new().column_as(Expr::value(40_i64).add(2), "answer"))?;
//! assert_eq!(row.get::<i64>(0)?, 42);
//! println!("{} answered", db.dialect().name()); // SQLite, PostgreSQL, MariaDB or MySQL
//! # Ok::<(), sqlweave::Error>(())
//! ```
//!
//! [`connect`] returns a [`Connection`], which implements [`sqlweave::Executor`]: the
//! same code runs on every database, each statement rendered for the dialect of the
//! database it reached. [`pool`] builds an r2d2 pool from the same URLs.
//!
//! | URL | Database |
//! |---|---|
//! | `sqlite:///relative/path.db` | SQLite file, relative to the working directory |
//! | `sqlite:////absolute/path.db` | SQLite file, absolute path |
//! | `sqlite::memory:` (also `sqlite://`, `sqlite:///:memory:`) | fresh in-memory SQLite |
//! | `postgres://user:password@host:port/db?options` (or `postgresql://`) | PostgreSQL |
//! | `mysql://user:password@host:port/db?options` (or `mariadb://`) | MySQL 8 / MariaDB |
//!
//! See [`DatabaseUrl`] for the details. A bad URL is an [`Error::Database`] of kind
//! [`DbErrorKind::ConnectionFailed`](sqlweave::DbErrorKind::ConnectionFailed) that says
//! what is wrong; no error, `Display` or `Debug` output repeats a password.
//!
//! ## Features
//!
//! | Feature | Default | What it brings |
//! |---|---|---|
//! | `sqlite` | on | `sqlite:` URLs ([`sqlweave_sqlite`], bundled SQLite) |
//! | `postgres` | on | `postgres://` URLs ([`sqlweave_postgres`]) |
//! | `mysql` | on | `mysql://` and `mariadb://` URLs ([`sqlweave_mysql`]) |
//! | `pool` | on | [`pool`], [`ConnectionManager`] (r2d2) |
//! | `chrono`, `uuid`, `json`, `decimal` | off | the value types, in sqlweave and in every database crate at once |
//!
//! An application that only ever runs on PostgreSQL and SQLite leaves MySQL's driver out
//! with `default-features = false, features = ["sqlite", "postgres", "pool"]`; a
//! `mysql://` URL is then an error naming the missing feature.
//!
//! ## Why an enum and not `Box<dyn Executor>`
//!
//! [`Connection`] is an enum with one variant per database. Compared with a boxed trait
//! object it keeps what each driver has beyond [`Executor`] within reach — match on it
//! (or use [`Connection::as_postgres_mut`] …) to get the `PgConnection` for its own API — and
//! it is a concrete, `Send` type that an r2d2 pool can hold. Its [`Executor`]
//! implementation forwards every method of the trait, provided ones included, so each
//! driver's own fast paths apply; a test fails when the trait gains a method this crate
//! does not forward.
#![warn(missing_docs)]
// Built with no database at all, `Connection` has no variant and its methods ignore
// their arguments.
#![cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(unused_variables, unused_imports, dead_code)
)]

// Built without a value type sqlweave has, a driver would refuse every such value at
// run time: a compile-time error names the feature to enable instead.
sqlweave::require_value_features!("sqlweave-connect");

mod connection;
#[cfg(feature = "pool")]
mod pool;
mod url;

pub use connection::{Connection, connect};
#[cfg(feature = "pool")]
pub use pool::{ConnectionManager, Pool, PooledConnection, pool};
#[cfg(feature = "pool")]
pub use r2d2;
#[cfg(feature = "mysql")]
pub use sqlweave_mysql;
#[cfg(feature = "postgres")]
pub use sqlweave_postgres;
#[cfg(feature = "sqlite")]
pub use sqlweave_sqlite;
pub use url::{Backend, DatabaseUrl, SqliteTarget};

#[allow(unused_imports)] // linked from the crate docs
use sqlweave::{Error, Executor};
