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
/// `SUM(x)`
pub fn sum(e: impl Into<Expr>) -> Expr {
    one(Func::Sum, e)
}
/// `AVG(x)`
pub fn avg(e: impl Into<Expr>) -> Expr {
    one(Func::Avg, e)
}
/// `MIN(x)`
pub fn min(e: impl Into<Expr>) -> Expr {
    one(Func::Min, e)
}
/// `MAX(x)`
pub fn max(e: impl Into<Expr>) -> Expr {
    one(Func::Max, e)
}
/// `LOWER(x)`
pub fn lower(e: impl Into<Expr>) -> Expr {
    one(Func::Lower, e)
}
/// `UPPER(x)`
pub fn upper(e: impl Into<Expr>) -> Expr {
    one(Func::Upper, e)
}
/// Length in characters.
pub fn length(e: impl Into<Expr>) -> Expr {
    one(Func::Length, e)
}
/// `ABS(x)`
pub fn abs(e: impl Into<Expr>) -> Expr {
    one(Func::Abs, e)
}
/// `ROUND(x)`, or `ROUND(x, digits)`: half away from zero. PostgreSQL and MySQL round an
/// exact decimal (the value is cast first); SQLite rounds the binary double, so `0.15`
/// (stored as 0.1499…) rounds to `0.1` there, and it ignores negative `digits`.
pub fn round(e: impl Into<Expr>, digits: Option<i32>) -> Expr {
    match digits {
        None => one(Func::Round, e),
        Some(d) => call_func(Func::Round, [e.into(), Expr::from(d)]),
    }
}
/// `COALESCE(a, b, …)`
pub fn coalesce<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    call_func(Func::Coalesce, args)
}
/// `NULLIF(a, b)`
pub fn nullif(a: impl Into<Expr>, b: impl Into<Expr>) -> Expr {
    call_func(Func::NullIf, [a.into(), b.into()])
}
/// `GREATEST(a, b, …)` (see [`Func::Greatest`] for NULL handling per database).
pub fn greatest<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    call_func(Func::Greatest, args)
}
/// `LEAST(a, b, …)`
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
/// Ordered string aggregation: add ordering with [`Expr::agg_order_by`]. Values are
/// cast to text on PostgreSQL. MySQL / MariaDB cut the result at
/// `group_concat_max_len` bytes (1,024 by default on MySQL) with only a warning:
/// raise it for long lists.
/// On MySQL the separator must be a text value (it is written as a literal there).
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
