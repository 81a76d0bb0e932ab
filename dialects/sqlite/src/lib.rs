//! SQLite for sqlweave: the dialect rules and, behind the default `driver` feature, a
//! connection over rusqlite (bundled SQLite).
//!
//! ## Features
//!
//! | Feature | Default | What it brings |
//! |---|---|---|
//! | `driver` | on | `SqliteConnection` over rusqlite with a bundled SQLite; without it, only the dialect's SQL rules ([`Sqlite`]) |
//! | `r2d2` | off | `SqliteConnectionManager`, for r2d2 pools (turns on `driver`) |
//! | `chrono`, `uuid`, `json`, `decimal` | off | dates and times, UUIDs, JSON (serde_json) and decimals (rust_decimal) as values; each turns on sqlweave's feature of the same name, and must be on wherever sqlweave's is (a compile error says so) |
#![warn(missing_docs)]

// Built without a value type sqlweave has, the driver would fail on each such parameter
// at run time: a compile-time error names the feature to enable instead.
sqlweave::require_value_features!("sqlweave-sqlite");

mod dialect;
#[cfg(feature = "driver")]
mod driver;

#[cfg(feature = "bb8")]
pub use bb8;
pub use dialect::{MAX_PARAMS, Sqlite};
#[cfg(feature = "async")]
pub use driver::AsyncSqliteConnection;
#[cfg(feature = "bb8")]
pub use driver::AsyncSqliteConnectionManager;
#[cfg(feature = "r2d2")]
pub use driver::SqliteConnectionManager;
#[cfg(feature = "driver")]
pub use driver::{SqliteConnection, TransactionBehavior};
#[cfg(feature = "r2d2")]
pub use r2d2;
#[cfg(feature = "driver")]
pub use rusqlite;
