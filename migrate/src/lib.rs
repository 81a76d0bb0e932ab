//! Schema evolution for sqlweave: read what a live database holds into sqlweave's own
//! schema types, compare it with what the code declares, and move a database from one
//! version to the next.
//!
//! This crate depends on the core crate only: it talks to a database through
//! [`sqlweave::Executor`], so it works with any connection type, and picks the SQL it
//! sends by the connection's dialect.

pub mod reflect;

pub use reflect::{ReflectOptions, normalize, reflect, reflect_table};
