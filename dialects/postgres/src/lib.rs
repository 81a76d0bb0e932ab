//! PostgreSQL for sqlweave: the dialect rules and, behind the default `driver` feature, a
//! connection over the `postgres` crate; behind `async`, one over `tokio-postgres`.
//!
//! ## Features
//!
//! | Feature | Default | What it brings |
//! |---|---|---|
//! | `driver` | on | `PgConnection` over the `postgres` crate; without it, only the dialect's SQL rules ([`Postgres`]) |
//! | `async` | off | `AsyncPgConnection` and `PgRowStream` over `tokio-postgres` (needs a tokio runtime; turns on `driver`) |
//! | `r2d2` | off | `PgConnectionManager`, for r2d2 pools (turns on `driver`) |
//! | `chrono`, `uuid`, `json`, `decimal` | off | dates and times, UUIDs, JSON (serde_json) and decimals (rust_decimal) as values; each turns on sqlweave's feature of the same name, and must be on wherever sqlweave's is (a compile error says so) |
#![warn(missing_docs)]

// Built without a value type sqlweave has, the driver would fail on each such parameter
// at run time: a compile-time error names the feature to enable instead.
sqlweave::require_value_features!("sqlweave-postgres");

mod dialect;
#[cfg(feature = "driver")]
mod driver;

#[cfg(feature = "bb8")]
pub use bb8;
pub use dialect::{MAX_PARAMS, Postgres};
#[cfg(feature = "bb8")]
pub use driver::AsyncPgConnectionManager;
#[cfg(feature = "r2d2")]
pub use driver::PgConnectionManager;
#[cfg(feature = "async")]
pub use driver::{AsyncPgConnection, PgRowStream};
#[cfg(feature = "driver")]
pub use driver::{DEFAULT_STATEMENT_CACHE_CAPACITY, PgConnection};
#[cfg(feature = "driver")]
pub use postgres;
#[cfg(feature = "r2d2")]
pub use r2d2;
#[cfg(feature = "async")]
pub use tokio_postgres;
