//! PostgreSQL for sqlweave: the dialect rules and, behind the default `driver` feature, a
//! connection over the `postgres` crate; behind `async`, one over `tokio-postgres`.
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
