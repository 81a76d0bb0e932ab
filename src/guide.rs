//! # The guide
//!
//! Chapters for each kind of user, in the order a newcomer reads them:
//!
//! * [`getting_started`] — the tutorial path: a connection from a URL, a table declared,
//!   created, filled, queried, filtered, updated and deleted from, a transaction that
//!   rolls back, an upsert and RETURNING.
//! * [`dynamic_queries`] — building queries at run time: optional filters, tables and
//!   columns known only from input, sorting and paging chosen by a user.
//! * [`reporting`] — aggregates, windows, CTEs, dates and JSON, read into typed rows.
//! * [`advanced_sql`] — row locks (`FOR UPDATE`, `SKIP LOCKED`), `DISTINCT ON`, `ROLLUP` /
//!   `CUBE` / `GROUPING SETS`, `INTERSECT` / `EXCEPT`, `MERGE`, `EXPLAIN` and `DEFAULT`
//!   in a typed INSERT, with what each database writes, emulates or refuses.
//! * [`execution`] — prepared statements, round trips, streaming, bulk loads, retries
//!   and pools.
//! * [`async_execution`] — the same operations from async code.
//! * [`migrations`] — reflecting a database, diffing it against the declared schema,
//!   migration files, the runner and the `sqlweave` command-line tool.
//! * [`building_on_top`] — for ORMs and tools: walking and rewriting trees, nodes and
//!   operators of your own, a dialect of your own.
//! * [`safety`] — what is a parameter, what is quoted, what `raw` means, and checking
//!   your own statements on the three databases with `sqlweave-harness`.
//! * [`coming_from`] — the same operations side by side in SQLAlchemy Core, sea-query,
//!   Diesel and sqlweave.
//! * [`dialect_support`] — what each database supports, emulates or refuses (generated
//!   from the dialects' own answers, and checked against what the renderer writes).
//!
//! ## How the guide is built, and why not mdBook
//!
//! Each chapter is a Markdown file in `guide/` at the repository root, included here as
//! the documentation of an empty module (`#[doc = include_str!(…)]`). That makes every
//! Rust code block of every chapter a doctest of this crate: `cargo test --workspace
//! --all-features` (the README's test command, run by CI) compiles and runs them with the
//! rest, so an example that stops compiling or asserts something no longer true fails
//! the build the day the API changes. The chapters are published with the API docs on
//! docs.rs, where their links to items (`[`Select`](crate::Select)`) are checked by
//! `cargo doc` with warnings as errors, and they read the same on GitHub.
//!
//! An mdBook would give a nicer sidebar and search, but its `mdbook test` cannot link
//! against a workspace's crates and their dependencies without extra tooling, would be a
//! second toolchain for CI to install (nothing can be downloaded on the build machine
//! here), and would publish the guide apart from the docs it refers to. Markdown files
//! keep the option open: the same files can be an mdBook's sources later.

#[doc = include_str!("../guide/getting-started.md")]
pub mod getting_started {}

#[doc = include_str!("../guide/dynamic-queries.md")]
pub mod dynamic_queries {}

#[doc = include_str!("../guide/building-on-top.md")]
pub mod building_on_top {}

#[doc = include_str!("../guide/reporting.md")]
pub mod reporting {}

#[doc = include_str!("../guide/advanced-sql.md")]
pub mod advanced_sql {}

#[doc = include_str!("../guide/async.md")]
pub mod async_execution {}

#[doc = include_str!("../guide/safety.md")]
pub mod safety {}

#[doc = include_str!("../guide/coming-from.md")]
pub mod coming_from {}

#[doc = include_str!("../guide/dialect-support.md")]
pub mod dialect_support {}

#[doc = include_str!("../guide/execution.md")]
pub mod execution {}

// Its `src/bin/migrate.rs` example is a whole program, `fn main` included.
#[allow(clippy::needless_doctest_main)]
#[doc = include_str!("../guide/migrations.md")]
pub mod migrations {}
