//! SQLite for sqlweave: the dialect rules and, behind the default `driver` feature, a
//! connection over rusqlite (bundled SQLite).
#![warn(missing_docs)]

mod dialect;
#[cfg(feature = "driver")]
mod driver;

pub use dialect::{MAX_PARAMS, Sqlite};
#[cfg(feature = "r2d2")]
pub use driver::SqliteConnectionManager;
#[cfg(feature = "driver")]
pub use driver::{SqliteConnection, TransactionBehavior};
#[cfg(feature = "r2d2")]
pub use r2d2;
#[cfg(feature = "driver")]
pub use rusqlite;
