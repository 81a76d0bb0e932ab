//! Schema evolution for sqlweave: read what a live database holds into sqlweave's own
//! schema types, compare it with what the code declares, and move a database from one
//! version to the next.
//!
//! This crate depends on the core crate only: it talks to a database through
//! [`sqlweave::Executor`], so it works with any connection type, and picks the SQL it
//! sends by the connection's dialect.

pub mod reflect;

pub use reflect::{ReflectOptions, normalize, reflect, reflect_table, views_as_stored};

mod autogenerate;
mod diff;
mod migration;
mod ops;
mod rebuild;
mod runner;
mod sql;

pub use autogenerate::{Revision, revision};
pub use diff::{DiffOptions, Normalizer, Rename, diff};
pub use migration::{
    Migration, family, load_dir, next_version, split_statements, statements_text, write_dir,
};
pub use ops::MigrationOp;
pub use rebuild::{TableRebuild, rebuild_table};
pub use runner::{AppliedMigration, Lock, Runner, Step, Target, VERSION_TABLE, version_table};
pub use sql::render_ops;
