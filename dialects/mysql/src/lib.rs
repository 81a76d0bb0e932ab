//! MySQL 8 and MariaDB for sqlweave: the dialect rules and, behind the default `driver`
//! feature, a connection over the `mysql` crate.
#![warn(missing_docs)]

mod dialect;
#[cfg(feature = "driver")]
mod driver;

pub use dialect::{Flavor, MAX_PARAMS, MySql};
#[cfg(feature = "driver")]
pub use driver::MySqlConnection;
#[cfg(feature = "r2d2")]
pub use driver::MySqlConnectionManager;
#[cfg(feature = "driver")]
pub use mysql;
#[cfg(feature = "r2d2")]
pub use r2d2;
