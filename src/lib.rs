//! # sqlweave
//!
//! A SQL expression toolkit in the spirit of SQLAlchemy Core: a composable expression
//! tree of tables, columns, joins, filters and subqueries that renders to parameterized
//! SQL for PostgreSQL, SQLite and MySQL/MariaDB, and runs through real drivers (in the
//! dialect crates `sqlweave-postgres`, `sqlweave-sqlite`, `sqlweave-mysql`).
//!
//! * The tree is plain data ([`Expr`], [`Select`], [`Query`]): inspect, clone, rewrite it.
//! * Types at the edges: [`Column<T>`] and [`Typed<T>`] make type errors compile errors;
//!   [`Expr`] is the dynamic path for queries built from run-time input.
//! * One renderer ([`render`]) and small [`Dialect`] hooks.
//! * Values are always bind parameters; identifiers always quoted.
//! * Rendering returns [`Result`]: unsupported syntax and bad input are errors, never
//!   panics and never wrong SQL.
//!
//! ```
//! use sqlweave::{table, Select, TypedExpr, Value};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//!
//! table! { pub struct Orders("orders") { id: i64, customer: String, total: f64 } }
//! let o = Orders::new();
//! let q = Select::new()
//!     .cols((o.customer, o.total.sum().label("spent")))
//!     .from(o)
//!     .filter(o.total.gt(10.0).and(o.customer.starts_with("A")))
//!     .group_by([o.customer])
//!     .order_by(o.customer.asc())
//!     .limit(10);
//!
//! let pg = q.render(&Postgres).unwrap();
//! assert_eq!(pg.sql, r#"SELECT "orders"."customer", SUM("orders"."total") AS "spent" FROM "orders" WHERE "orders"."total" > $1 AND "orders"."customer" LIKE $2 ESCAPE '!' GROUP BY "orders"."customer" ORDER BY "orders"."customer" LIMIT $3"#);
//! assert_eq!(pg.params, vec![Value::F64(10.0), Value::from("A%"), Value::I64(10)]);
//!
//! let lite = q.render(&Sqlite).unwrap();
//! assert_eq!(lite.sql, r#"SELECT "orders"."customer", SUM("orders"."total") AS "spent" FROM "orders" WHERE "orders"."total" > ? AND "orders"."customer" LIKE ? ESCAPE '!' GROUP BY "orders"."customer" ORDER BY "orders"."customer" LIMIT ?"#);
//!
//! let my = q.render(&MySql::mysql8()).unwrap();
//! assert_eq!(my.sql, "SELECT `orders`.`customer`, SUM(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`total` > ? AND `orders`.`customer` LIKE ? ESCAPE '!' GROUP BY `orders`.`customer` ORDER BY `orders`.`customer` LIMIT ?");
//! ```
//!
//! Start with the [`guide`]: getting started, building queries at run time, building on
//! top, safety, and what each database supports.
//!
//! ## Features
//!
//! | Feature | Default | What it brings |
//! |---|---|---|
//! | `chrono` | off | `Value::Date`, `Time`, `Timestamp`, `TimestampTz` (chrono types) |
//! | `uuid` | off | `Value::Uuid` |
//! | `json` | off | `Value::Json` (serde_json) |
//! | `decimal` | off | `Value::Decimal` (rust_decimal) |
//!
//! Turn on the same features in the dialect crates you use (or in `sqlweave-connect`,
//! which turns them on in all three): a dialect crate built without one that sqlweave has
//! does not compile, with an error naming the feature. The core crate depends on no
//! database driver; drivers come with the dialect crates.
//!
//! ## Minimum supported Rust version
//!
//! Rust 1.89 (the `rust-version` of every crate): the newest declared by a dependency
//! (`uuid` 1.29). CI checks it without that compiler — clippy's `incompatible_msrv` lint
//! reads `rust-version` and refuses newer standard-library APIs, and a CI step fails when
//! a locked dependency declares a newer Rust. The r2d2 features pull in
//! `scheduled-thread-pool`, whose 0.2.8 needs Rust 1.95 (through `parking_lot` 0.13):
//! on an older compiler, `cargo update -p scheduled-thread-pool --precise 0.2.7`, as
//! this workspace's `Cargo.lock` does.
#![warn(missing_docs)]
#![allow(clippy::should_implement_trait)]

// The layers, each in its folder, each looking only down: the tree (plain data), the
// typed building layer over it, rendering (with the dialects' hooks), execution.
mod build;
pub mod error;
pub mod exec;
pub mod guide;
pub mod prelude;
pub mod render;
mod tree;

#[cfg(feature = "json")]
pub use build::json;
pub use build::{array, collate, func, label, type_errors, typed, typed_case, typed_select};
pub use exec::row;
pub use render::dialect;
pub use tree::{ddl, dml, explain, expr, query, select, value, visit};
pub(crate) use tree::{ident, schema, select_list};

pub use ddl::{ColumnDef, ColumnType, SchemaRegistry, TableDef};
pub use dialect::{Ansi, Dialect, Feature};
pub use error::{DbErrorKind, Error, Result};
pub use exec::{AsyncExecutor, AsyncRowStream, async_transaction, async_transaction_with};
pub use exec::{
    Cursor, Executor, FromRow, IsolationLevel, Params, Prepared, PreparedSql, RetryPolicy,
    RowCallback, RowIter, SourceCallback, Statement, TransactionOptions, TypedCursor,
    TypedPrepared, TypedQuery, bulk_load, transaction, transaction_retrying, transaction_with,
};
pub use expr::{
    AggregateFn, Case, DatePart, Expr, FrameBound, NamedParam, Nulls, OrderBy, SqlType, Window,
    all_of, any_of, escape_like,
};
pub use ident::{Ident, StaticName, is_plain};
pub use query::{
    Compound, Cte, CteRef, FromItem, GroupItem, JoinKind, LockStrength, LockWait, Query,
    SelectItem, SetOp, TableRef, Values,
};
pub use render::{MAX_DEPTH, Rendered};
pub use row::{FromValue, Row, RowHeader, RowSource, Rows};
pub use schema::{DynColumn, DynTable, Table};
pub use select::{Select, table};
pub use select_list::{ExprList, SelectList};
pub use typed::{
    Aggregate, BaseType, Column, Divisor, Labeled, NotNull, Nullable, Nullness, Numeric, Operand,
    Promote, SqlValue, StaticTable, Textual, Typed, TypedExpr, param, val,
};
pub use typed_case::{
    Cmp, Null, RowValue, TypedCase, TypedSimpleCase, case_on, case_when, exists, not_exists, row,
};
pub use typed_select::{Derived, RecursiveCte, TypedCompound, TypedCte, TypedSelect, select};
pub use value::Value;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
