//! The function catalogue: common functions rendered per dialect, and a generic call.
//!
//! These build untyped [`Expr`]s (typed columns convert into them). Typed columns and
//! expressions also have typed forms as methods: see [`crate::TypedExpr`] (`price.sum()`, `name.lower()` …).
//!
//! The typed catalogue: [`DateFunctions`] (intervals, date ± interval, date − date,
//! `date_trunc`, `EXTRACT`; [`dates`] for the current date and time), [`TextFunctions`]
//! (`SUBSTRING`, `POSITION`, `TRIM`, `LPAD` …; [`strings::concat_ws`]),
//! [`MathFunctions`] (`CEIL`, `FLOOR`, `ROUND`, `SIGN`, `SQRT` …; [`math::pi`]),
//! [`ComparisonFunctions`] (`GREATEST` / `LEAST`), [`sequences`] (`nextval`) and
//! [`AggregateFunctions`] (standard deviations, variances, `BOOL_AND` / `BOOL_OR`,
//! percentiles). Each is written for PostgreSQL, SQLite,
//! MySQL 8 and MariaDB with the same answer, or refused there with
//! [`Error::Unsupported`](crate::Error::Unsupported); [`call`] stays the escape hatch
//! for any other function.
//!
//! ```
//! use sqlweave::{func, Expr, Window, render::render_expr, Ansi};
//! let e = func::sum(Expr::column("qty")).filter(Expr::column("paid").eq(true));
//! assert_eq!(render_expr(&Ansi, &e).unwrap().sql, r#"SUM("qty") FILTER (WHERE "paid" = ?)"#);
//! let w = func::row_number().over(Window::new().partition_by([Expr::column("cust")]).order_by(Expr::column("at").desc()));
//! assert_eq!(render_expr(&Ansi, &w.into()).unwrap().sql,
//!     r#"ROW_NUMBER() OVER (PARTITION BY "cust" ORDER BY "at" DESC)"#);
//! ```

pub mod aggregates;
mod catalog;
pub mod dates;
pub mod math;
pub mod sequences;
pub mod strings;

pub use aggregates::AggregateFunctions;
pub use catalog::{CatalogFn, Nullity};
pub(crate) use catalog::{Db, known_db};
pub use dates::{DateFunctions, Interval, TruncUnit};
pub use math::{ComparisonFunctions, MathFunctions, first_non_null};
pub use strings::TextFunctions;

use crate::expr::{DatePart, Expr, Func, FuncCall};
use crate::ident::Ident;
use crate::typed::{BaseOf, Operand, Typed, TypedExpr};

/// A call of `func` with `args` and no modifiers.
pub fn call_func<I, E>(func: Func, args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    Expr::Func(crate::expr::FuncBox::new(FuncCall {
        func,
        args: args.into_iter().map(Into::into).collect(),
        distinct: false,
        filter: None,
        order_by: Vec::new(),
        over: None,
    }))
}

fn one(func: Func, e: impl Into<Expr>) -> Expr {
    call_func(func, [e.into()])
}

fn none(func: Func) -> Expr {
    call_func(func, std::iter::empty::<Expr>())
}

/// A call of any function by name. The name is validated when rendered (ASCII letters,
/// digits and `_`, optionally `schema.name`); it is never pasted unchecked.
pub fn call<I, E>(name: impl Into<Ident>, args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    call_func(Func::Named(name.into()), args)
}

/// Marks an aggregate call DISTINCT: `COUNT(DISTINCT x)`.
pub fn distinct(mut e: Expr) -> Expr {
    if let Expr::Func(f) = &mut e {
        f.distinct = true;
    }
    e
}

/// `COUNT(*)`
pub fn count_star() -> Typed<i64> {
    Typed::assume(none(Func::Count))
}
/// `COUNT(x)`: the non-NULL values.
pub fn count(e: impl Into<Expr>) -> Typed<i64> {
    Typed::assume(one(Func::Count, e))
}
/// `COUNT(DISTINCT x)`
pub fn count_distinct(e: impl Into<Expr>) -> Typed<i64> {
    Typed::assume(distinct(one(Func::Count, e)))
}
/// `SUM(x)`: NULL over no rows everywhere. The databases type it differently
/// (PostgreSQL sums a `bigint` into `numeric`, MySQL / MariaDB into `DECIMAL`, SQLite
/// into an integer or a double) but the value is the same; a sum of integers past `i64`
/// is an error on SQLite and does not read back as an `i64` elsewhere.
pub fn sum(e: impl Into<Expr>) -> Expr {
    one(Func::Sum, e)
}
/// The mean of the non-NULL values, as a double on every database:
/// `AVG(CAST(x AS DOUBLE))` (NULL over no rows).
///
/// Without the cast the answer would differ per database for integers: PostgreSQL
/// answers a `NUMERIC` with 16 decimal places (1.3333333333333333 for 1, 1, 2),
/// MySQL / MariaDB a `DECIMAL` with four more places than the argument (1.3333),
/// SQLite a double. A double is the one answer all three give alike. For the mean of
/// a `Decimal` column as a decimal (to 15 significant digits), use the typed
/// [`TypedExpr::avg`].
///
/// ```
/// use sqlweave::{Expr, Select, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// use sqlweave::TableRef;
/// let q = Select::new().column(func::avg(Expr::column("qty"))).from(TableRef::new("items"));
/// assert_eq!(q.render(&Postgres)?.sql, r#"SELECT AVG(CAST("qty" AS DOUBLE PRECISION)) FROM "items""#);
/// assert_eq!(q.render(&MySql::mariadb())?.sql, "SELECT AVG(CAST(`qty` AS DOUBLE)) FROM `items`");
/// assert_eq!(q.render(&Sqlite)?.sql, r#"SELECT AVG(CAST("qty" AS REAL)) FROM "items""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn avg(e: impl Into<Expr>) -> Expr {
    let e: Expr = e.into();
    // A typed integer column arrives cast already.
    let as_double = match e {
        Expr::Cast {
            ty: crate::expr::SqlType::Double,
            ..
        } => e,
        e => e.cast(crate::expr::SqlType::Double),
    };
    one(Func::Avg, as_double)
}
/// `MIN(x)`. For text, the order is the column's collation: binary on SQLite and with a
/// `_bin` collation, case-insensitive under MariaDB's default collations (see
/// [`crate::collate`]).
pub fn min(e: impl Into<Expr>) -> Expr {
    one(Func::Min, e)
}
/// `MAX(x)`; text ordered by the column's collation, as for [`min`].
pub fn max(e: impl Into<Expr>) -> Expr {
    one(Func::Max, e)
}
/// `LOWER(x)`. **Not the same answer everywhere**: SQLite (built without ICU, as
/// bundled) changes ASCII letters only, so `LOWER('É')` is `'É'` there and `'é'` on
/// PostgreSQL (UTF-8 database) and MySQL / MariaDB (`utf8mb4` text). Text of ASCII
/// letters lowers alike everywhere. It is not refused on SQLite, where expression
/// indexes on `LOWER(email)` depend on it.
///
/// ```
/// use sqlweave::{Expr, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(func::lower(Expr::column("name"))).from(TableRef::new("users"));
/// assert_eq!(q.render(&Postgres)?.sql, r#"SELECT LOWER("name") FROM "users""#);
/// assert_eq!(q.render(&MySql::mariadb())?.sql, "SELECT LOWER(`name`) FROM `users`");
/// assert_eq!(q.render(&Sqlite)?.sql, r#"SELECT LOWER("name") FROM "users""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn lower(e: impl Into<Expr>) -> Expr {
    one(Func::Lower, e)
}
/// `UPPER(x)`; ASCII letters only on SQLite, as for [`lower`].
pub fn upper(e: impl Into<Expr>) -> Expr {
    one(Func::Upper, e)
}
/// Length in characters, multibyte ones counted once on every database (`'日本'` is 2):
/// `CHAR_LENGTH` on PostgreSQL and MySQL / MariaDB (whose `LENGTH` counts bytes),
/// `LENGTH` on SQLite (characters for text). NULL for NULL.
///
/// ```
/// use sqlweave::{Expr, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(func::length(Expr::column("name"))).from(TableRef::new("users"));
/// assert_eq!(q.render(&Postgres)?.sql, r#"SELECT CHAR_LENGTH("name") FROM "users""#);
/// assert_eq!(q.render(&MySql::mariadb())?.sql, "SELECT CHAR_LENGTH(`name`) FROM `users`");
/// assert_eq!(q.render(&Sqlite)?.sql, r#"SELECT LENGTH("name") FROM "users""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn length(e: impl Into<Expr>) -> Expr {
    one(Func::Length, e)
}
/// `ABS(x)`, the same on every database (`ABS` of the smallest `i64` is an
/// out-of-range error on each).
pub fn abs(e: impl Into<Expr>) -> Expr {
    one(Func::Abs, e)
}
/// `ROUND(x)`, or `ROUND(x, digits)`: half away from zero on the decimal `x` spells, the
/// same on every database, written as the typed
/// [`MathFunctions::round_to`](crate::func::MathFunctions::round_to) is (one
/// implementation): `0.15` rounds to `0.2` and `2.675` to `2.68` although their doubles
/// are 0.1499… and 2.67499…; `2.5` and `-2.5` round to `3` and `-3`.
///
/// - PostgreSQL: `ROUND(CAST(x AS NUMERIC), digits)` (its `round` of a double rounds
///   half to even).
/// - MySQL / MariaDB: `ROUND(CAST(x AS DECIMAL(65, 30)), digits)`, but a magnitude past
///   1e34 (which that DECIMAL would cut to 999…9) is kept as it is: it has no fractional
///   digit left.
/// - SQLite: its own `ROUND` rounds the binary double, so the value is printed with 15
///   significant digits, scaled, rounded and signed again; an integer is kept as it is
///   (`ROUND` would turn one past 2^53 into a nearby double). `digits` runs from -15 to
///   15 there, and `digits` computed by an expression (rather than a value) is refused
///   with [`Error::Unsupported`](crate::Error::Unsupported).
///
/// **`x` is written more than once** on MySQL / MariaDB (3 times) and SQLite (up to 7
/// times with `digits`, 3 without): each copy repeats the bind parameters in `x`, and
/// the database evaluates it more than once, so a non-deterministic `x` (`RANDOM()`,
/// `RAND()`) can take a different value in the test than in the result: round a column
/// or a derived table's column holding such a value instead. PostgreSQL writes `x`
/// once. No form that names `x` once works everywhere: SQLite computes a window
/// function inside a scalar subquery such as `(SELECT … FROM (SELECT x AS v))` over
/// that subquery's single row (a running `SUM(a) OVER (ORDER BY a)` becomes `a`, a
/// silently wrong answer), refuses subqueries in CHECK constraints, generated columns
/// and index expressions, and MariaDB refuses outer columns inside a derived table.
///
/// ```
/// use sqlweave::{Expr, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(func::round(Expr::column("x"), Some(2))).from(TableRef::new("t"));
/// assert_eq!(q.render(&Postgres)?.sql, r#"SELECT ROUND(CAST("x" AS NUMERIC), $1) FROM "t""#);
/// assert_eq!(q.render(&MySql::mariadb())?.sql,
///     "SELECT CASE WHEN ABS(`x`) >= 1e34 THEN `x` ELSE ROUND(CAST(`x` AS DECIMAL(65, 30)), ?) END FROM `t`");
/// assert_eq!(q.render(&Sqlite)?.sql, concat!(
///     r#"SELECT CASE WHEN typeof("x") = 'integer' THEN "x" ELSE CASE WHEN "x" IS NULL THEN NULL "#,
///     r#"WHEN abs("x") * ? >= 1e15 THEN "x" ELSE (CASE WHEN "x" < 0 THEN -1 ELSE 1 END) "#,
///     r#"* CAST(CAST(printf('%.15g', abs("x") * ?) AS REAL) + 0.5 AS INTEGER) / ? END END FROM "t""#));
/// # Ok::<(), sqlweave::Error>(())
/// ```
///
/// This untyped call does not know whether `x` is a double: on MySQL / MariaDB it
/// rounds the shortest decimal that reads back as the double (`0.35e0 - 0.2e0`,
/// spelled `0.14999999999999997` there, rounds to `0.1` at one place) where PostgreSQL
/// and SQLite round its 15 significant digits (`0.2`). Round doubles with the typed
/// [`MathFunctions::round_to`](crate::func::MathFunctions::round_to), which gives the
/// same answer everywhere.
///
/// Dialects other than these four get `ROUND(x, digits)`, with the cast their
/// [`Dialect::round_needs_exact_cast`](crate::Dialect::round_needs_exact_cast) asks for.
pub fn round(e: impl Into<Expr>, digits: Option<i32>) -> Expr {
    match digits {
        None => one(Func::Round, e),
        Some(d) => call_func(Func::Round, [e.into(), Expr::from(d)]),
    }
}
/// `COALESCE(a, b, …)`: the first non-NULL argument, the same on every database (at
/// least two arguments).
pub fn coalesce<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    call_func(Func::Coalesce, args)
}
/// `NULLIF(a, b)`: NULL when `a = b`, else `a`, the same on every database.
pub fn nullif(a: impl Into<Expr>, b: impl Into<Expr>) -> Expr {
    call_func(Func::NullIf, [a.into(), b.into()])
}
/// The largest non-NULL argument, NULL only when all are, on every database: written
/// as the typed [`ComparisonFunctions::greatest`] is (one implementation).
/// PostgreSQL's `GREATEST` ignores NULLs already; MySQL / MariaDB's `GREATEST` and
/// SQLite's multi-argument `max` answer NULL as soon as one argument is, so there each
/// argument is written `COALESCE(it, the others…)`. At least two arguments.
///
/// ```
/// use sqlweave::{Expr, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let g = func::greatest([Expr::column("a"), Expr::column("b")]);
/// let q = Select::new().column(g).from(TableRef::new("t"));
/// assert_eq!(q.render(&Postgres)?.sql, r#"SELECT GREATEST("a", "b") FROM "t""#);
/// assert_eq!(q.render(&MySql::mariadb())?.sql,
///     "SELECT GREATEST(COALESCE(`a`, `b`), COALESCE(`b`, `a`)) FROM `t`");
/// assert_eq!(q.render(&Sqlite)?.sql,
///     r#"SELECT max(COALESCE("a", "b"), COALESCE("b", "a")) FROM "t""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn greatest<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    call_func(Func::Greatest, args)
}
/// `GROUPING(e, …)`: in the rows of a `GROUP BY ROLLUP` / `CUBE` / `GROUPING SETS`
/// ([`GroupItem`](crate::query::GroupItem)), a bit per argument, 1 where the row is a
/// subtotal over it, so a subtotal row tells itself apart from a group whose key is
/// NULL. PostgreSQL and MySQL 8 have it; MariaDB (whose `WITH ROLLUP` marks subtotals
/// with NULL only) and SQLite (no ROLLUP) refuse it.
///
/// ```
/// use sqlweave::{GroupItem, Select, TableRef, TypedExpr, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let t = TableRef::new("sales");
/// let q = Select::new()
///     .column(t.col("region"))
///     .column(func::grouping([t.col("region")]).label("subtotal"))
///     .column(func::sum(t.col("amount")))
///     .from(t.clone())
///     .group_by_item(GroupItem::Rollup(vec![t.col("region")]));
/// assert_eq!(q.render(&Postgres)?.sql,
///     r#"SELECT "sales"."region", GROUPING("sales"."region") AS "subtotal", SUM("sales"."amount") FROM "sales" GROUP BY ROLLUP ("sales"."region")"#);
/// assert_eq!(q.render(&MySql::mysql8())?.sql,
///     "SELECT `sales`.`region`, GROUPING(`sales`.`region`) AS `subtotal`, SUM(`sales`.`amount`) FROM `sales` GROUP BY `sales`.`region` WITH ROLLUP");
/// assert!(q.render(&MySql::mariadb()).is_err());
/// assert!(q.render(&Sqlite).is_err());
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn grouping<I, E>(args: I) -> Typed<i32>
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    catalog::node(
        catalog::CatalogFn::Grouping,
        args.into_iter().map(Into::into),
    )
}
/// The smallest non-NULL argument, NULL only when all are, on every database (`LEAST`,
/// SQLite's multi-argument `min`; written as for [`greatest`]).
///
/// ```
/// use sqlweave::{Expr, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(func::least([Expr::column("a"), Expr::column("b")])).from(TableRef::new("t"));
/// assert_eq!(q.render(&MySql::mariadb())?.sql,
///     "SELECT LEAST(COALESCE(`a`, `b`), COALESCE(`b`, `a`)) FROM `t`");
/// assert_eq!(q.render(&Sqlite)?.sql,
///     r#"SELECT min(COALESCE("a", "b"), COALESCE("b", "a")) FROM "t""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn least<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    call_func(Func::Least, args)
}
/// `CURRENT_TIMESTAMP`
pub fn current_timestamp() -> Expr {
    none(Func::CurrentTimestamp)
}
/// `CURRENT_DATE`
pub fn current_date() -> Expr {
    none(Func::CurrentDate)
}
/// An integer part of a date or timestamp.
pub fn extract(part: DatePart, e: impl Into<Expr>) -> Typed<Option<i64>> {
    Typed::assume(one(Func::Extract(part), e))
}
/// Ordered string aggregation: add ordering with [`Expr::agg_order_by`]; without one
/// the order of the items is whatever each database's plan gives. NULL items are
/// skipped and no rows give NULL on every database. Values are cast to text on
/// PostgreSQL, and converted implicitly elsewhere, so a non-text value (a float, a
/// decimal) may be spelled differently per database: aggregate text. MySQL / MariaDB
/// cut the result at `group_concat_max_len` bytes (1,024 by default on MySQL, 1 MiB
/// on MariaDB) with only a warning: raise it for long lists. On MySQL / MariaDB the
/// separator must be a text value without backslashes or control characters (it is
/// written as a literal there); SQLite takes `DISTINCT` only with the separator `","`.
///
/// ```
/// use sqlweave::{Expr, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let names = Expr::from(func::string_agg(Expr::column("name"), ", "))
///     .agg_order_by(Expr::column("name").asc());
/// let q = Select::new().column(names).from(TableRef::new("users"));
/// assert_eq!(q.render(&Postgres)?.sql,
///     r#"SELECT STRING_AGG(CAST("name" AS TEXT), $1 ORDER BY "name") FROM "users""#);
/// assert_eq!(q.render(&MySql::mariadb())?.sql,
///     "SELECT GROUP_CONCAT(`name` ORDER BY `name` SEPARATOR ', ') FROM `users`");
/// assert_eq!(q.render(&Sqlite)?.sql,
///     r#"SELECT GROUP_CONCAT("name", ? ORDER BY "name") FROM "users""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn string_agg(e: impl Into<Expr>, separator: &str) -> Typed<Option<String>> {
    Typed::assume(call_func(
        Func::StringAgg,
        [e.into(), Expr::from(separator)],
    ))
}
/// `ROW_NUMBER()`; needs `.over(…)`.
pub fn row_number() -> Typed<i64> {
    Typed::assume(none(Func::RowNumber))
}
/// `RANK()`; needs `.over(…)`.
pub fn rank() -> Typed<i64> {
    Typed::assume(none(Func::Rank))
}
/// `DENSE_RANK()`; needs `.over(…)`.
pub fn dense_rank() -> Typed<i64> {
    Typed::assume(none(Func::DenseRank))
}
/// `NTILE(n)`; needs `.over(…)`.
pub fn ntile(n: u64) -> Typed<i64> {
    Typed::assume(none(Func::Ntile(n)))
}
/// `LAG(x, offset)`, typed: the value of `x` `offset` rows before the current one in
/// the window's order, NULL where there is none (so always nullable). Needs
/// `.over(…)`. For an untyped `Expr`, write
/// `call_func(Func::Lag(offset), [x])`.
///
/// ```
/// use sqlweave::{Ansi, TypedExpr, Window, func, select, table};
/// table! { pub struct Sales("sales") { year: i64, total: i64 } }
/// let s = Sales::new();
/// let by_year = Window::new().order_by(s.year.asc());
/// let previous = func::lag(s.total, 1).over(by_year.clone()); // Typed<Option<i64>>
/// let change = s.total - previous;                            // Typed<Option<i64>>
/// let q = select((s.year, change.label("change"))).from(s);
/// assert_eq!(q.render(&Ansi)?.sql,
///     r#"SELECT "sales"."year", "sales"."total" - LAG("sales"."total", 1) OVER (ORDER BY "sales"."year") AS "change" FROM "sales""#);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn lag<E: TypedExpr>(e: E, offset: u64) -> Typed<Option<BaseOf<E>>> {
    Typed::assume(call_func(Func::Lag(offset), [e.into()]))
}
/// `LAG(x, offset, default)`, typed: as [`lag`], with `default` where there is no such
/// row (of `x`'s type). Needs `.over(…)`.
pub fn lag_or<E: TypedExpr, D: Operand<BaseOf<E>>>(e: E, offset: u64, default: D) -> Typed<E::Sql> {
    Typed::assume(call_func(
        Func::Lag(offset),
        [e.into(), default.into_operand()],
    ))
}
/// `LEAD(x, offset)`, typed: the value `offset` rows after the current one, NULL where
/// there is none. Needs `.over(…)`.
pub fn lead<E: TypedExpr>(e: E, offset: u64) -> Typed<Option<BaseOf<E>>> {
    Typed::assume(call_func(Func::Lead(offset), [e.into()]))
}
/// `LEAD(x, offset, default)`, typed: as [`lead`], with `default` where there is no
/// such row. Needs `.over(…)`.
pub fn lead_or<E: TypedExpr, D: Operand<BaseOf<E>>>(
    e: E,
    offset: u64,
    default: D,
) -> Typed<E::Sql> {
    Typed::assume(call_func(
        Func::Lead(offset),
        [e.into(), default.into_operand()],
    ))
}
/// `FIRST_VALUE(x)`, typed as `x`; needs `.over(…)`.
pub fn first_value<E: TypedExpr>(e: E) -> Typed<E::Sql> {
    Typed::assume(one(Func::FirstValue, e))
}
/// `LAST_VALUE(x)`, typed as `x`; needs `.over(…)` (mind the default frame, which ends
/// at the current row).
pub fn last_value<E: TypedExpr>(e: E) -> Typed<E::Sql> {
    Typed::assume(one(Func::LastValue, e))
}

/// Writes `call` through the typed catalogue's rendering where it has one for this
/// database (`ROUND`, `GREATEST`, `LEAST` on PostgreSQL, SQLite, MySQL and MariaDB), so
/// the untyped and typed forms share one implementation and one answer. `Ok(false)`
/// leaves the call to the generic rendering (another function, or a dialect the
/// catalogue does not know).
pub(crate) fn write_through_catalogue(
    call: &FuncCall,
    w: &mut dyn crate::expr::SqlWriter,
) -> crate::error::Result<bool> {
    let Some(d) = catalog::known_db(w.dialect_name()) else {
        return Ok(false);
    };
    match (&call.func, call.args.as_slice()) {
        (Func::Round, [x]) => math::write_round(d, x, math::Digits::Const(0), true, w)?,
        (Func::Round, [x, digits]) => {
            let digits = match digits {
                Expr::Value(v) => match v.as_i64().map(i32::try_from) {
                    Some(Ok(n)) => math::Digits::Const(n),
                    _ => math::Digits::Expr(digits),
                },
                _ => math::Digits::Expr(digits),
            };
            math::write_round(d, x, digits, true, w)?
        }
        (Func::Greatest, args) => math::write_greatest_least(d, true, args, w)?,
        (Func::Least, args) => math::write_greatest_least(d, false, args, w)?,
        _ => return Ok(false),
    }
    Ok(true)
}
