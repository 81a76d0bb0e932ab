//! MySQL 8 and MariaDB for sqlweave: the dialect rules and, behind the default `driver`
//! feature, a connection over the `mysql` crate.
//!
//! ## Features
//!
//! | Feature | Default | What it brings |
//! |---|---|---|
//! | `driver` | on | `MySqlConnection` over the `mysql` crate; without it, only the dialect's SQL rules ([`MySql`]) |
//! | `r2d2` | off | `MySqlConnectionManager`, for r2d2 pools (turns on `driver`) |
//! | `chrono`, `uuid`, `json`, `decimal` | off | dates and times, UUIDs, JSON (serde_json) and decimals (rust_decimal) as values; each turns on sqlweave's feature of the same name, and must be on wherever sqlweave's is (a compile error says so) |
#![warn(missing_docs)]

// Built without a value type sqlweave has, the driver would fail on each such parameter
// at run time: a compile-time error names the feature to enable instead.
sqlweave::require_value_features!("sqlweave-mysql");

mod dialect;
#[cfg(feature = "driver")]
mod driver;

#[cfg(feature = "bb8")]
pub use bb8;
pub use dialect::{Flavor, MAX_PARAMS, MySql};
#[cfg(feature = "async")]
pub use driver::AsyncMySqlConnection;
#[cfg(feature = "bb8")]
pub use driver::AsyncMySqlConnectionManager;
#[cfg(feature = "driver")]
pub use driver::MySqlConnection;
#[cfg(feature = "r2d2")]
pub use driver::MySqlConnectionManager;
#[cfg(feature = "driver")]
pub use mysql;
#[cfg(feature = "async")]
pub use mysql_async;
#[cfg(feature = "r2d2")]
pub use r2d2;
