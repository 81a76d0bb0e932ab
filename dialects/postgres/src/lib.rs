//! PostgreSQL for sqlweave: the dialect rules and, behind the default `driver` feature, a
//! connection over the `postgres` crate; behind `async`, one over `tokio-postgres`.
#![warn(missing_docs)]

mod dialect;
#[cfg(feature = "driver")]
mod driver;

pub use dialect::{MAX_PARAMS, Postgres};
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
