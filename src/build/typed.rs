//! The typed layer: Rust types on columns and expressions, over the untyped tree.
//!
//! A [`Column<T>`] or [`Typed<T>`] carries the Rust type `T` of its values. Operators
//! accept only operands of the same base type, so comparing an integer column with text
//! does not compile. Every typed expression is a thin wrapper of an [`Expr`]; erase the
//! type with `.into()` / [`TypedExpr::expr`], or assume one with [`Typed::assume`].
//!
//! ```
//! use sqlweave::{table, TypedExpr, Select, Ansi};
//! table! { pub struct Users("users") { id: i64, name: String, email: Option<String> } }
//! let u = Users::new();
//! let q = Select::new().cols((u.id, u.name)).from(u).filter(u.id.gt(10).and(u.email.is_null()));
//! assert_eq!(q.render(&Ansi).unwrap().sql,
//!     r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" > ? AND "users"."email" IS NULL"#);
//! ```
//!
//! ```compile_fail
//! use sqlweave::{table, TypedExpr};
//! table! { pub struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq("seven"); // text is not an integer operand
//! ```

use std::fmt;
use std::marker::PhantomData;

use crate::expr::{ColumnRef, Expr, OrderBy, SqlType};
use crate::ident::{Ident, StaticName};
use crate::query::{Query, SelectItem};
use crate::value::Value;

/// A Rust type that maps to an SQL value. `Base` is the type without nullability:
/// `i64` for both `i64` and `Option<i64>`.
pub trait SqlValue: 'static {
    /// The non-nullable base type.
    type Base: 'static;
    /// The SQL type used in CAST and DDL.
    const SQL_TYPE: SqlType;
    /// Whether NULL is a value of this type.
    const NULLABLE: bool;
}

/// Base types on which arithmetic and SUM / AVG are defined.
pub trait Numeric {}
/// Base types on which LIKE, concatenation, LOWER / UPPER are defined.
pub trait Textual {}

macro_rules! sql_value {
    ($($t:ty => $sql:expr $(, $marker:ident)*;)*) => {$(
        impl SqlValue for $t {
            type Base = $t;
            const SQL_TYPE: SqlType = $sql;
            const NULLABLE: bool = false;
        }
        impl SqlValue for Option<$t> {
            type Base = $t;
            const SQL_TYPE: SqlType = $sql;
            const NULLABLE: bool = true;
        }
        $(impl $marker for $t {})*
    )*};
}

sql_value! {
    bool => SqlType::Boolean;
    i16 => SqlType::SmallInt, Numeric;
    i32 => SqlType::Integer, Numeric;
    i64 => SqlType::BigInt, Numeric;
    f32 => SqlType::Real, Numeric;
    f64 => SqlType::Double, Numeric;
    String => SqlType::Text, Textual;
    Vec<u8> => SqlType::Bytes;
}
#[cfg(feature = "chrono")]
sql_value! {
    chrono::NaiveDate => SqlType::Date;
    chrono::NaiveTime => SqlType::Time;
    chrono::NaiveDateTime => SqlType::Timestamp;
    chrono::DateTime<chrono::Utc> => SqlType::TimestampTz;
}
#[cfg(feature = "uuid")]
sql_value! { uuid::Uuid => SqlType::Uuid; }
#[cfg(feature = "json")]
sql_value! { serde_json::Value => SqlType::Json; }
#[cfg(feature = "decimal")]
sql_value! { rust_decimal::Decimal => SqlType::Numeric(None), Numeric; }

/// Something usable where an expression of base type `B` is expected: a typed column
/// or expression of that base type, or a Rust value of it (sent as a parameter).
/// An untyped [`Expr`] is accepted too: that is the explicit dynamic escape hatch.
pub trait Operand<B> {
    /// The operand as an untyped expression.
    fn into_operand(self) -> Expr;
}

impl<T: SqlValue> Operand<T::Base> for Typed<T> {
    fn into_operand(self) -> Expr {
        self.expr
    }
}

impl<T: SqlValue> Operand<T::Base> for Column<T> {
    fn into_operand(self) -> Expr {
        self.into()
    }
}

impl<B> Operand<B> for Expr {
    fn into_operand(self) -> Expr {
        self
    }
}

macro_rules! operand_values {
    ($($base:ty => $($t:ty),*;)*) => {$($(
        impl Operand<$base> for $t {
            fn into_operand(self) -> Expr { Expr::Value(Value::from(self)) }
        }
    )*)*};
}

operand_values! {
    bool => bool, Option<bool>;
    i16 => i16, Option<i16>;
    i32 => i32, Option<i32>;
    i64 => i64, Option<i64>;
    f32 => f32, Option<f32>;
    f64 => f64, Option<f64>;
    String => String, &String, &str, Option<String>, Option<&str>;
    Vec<u8> => Vec<u8>, &[u8], Option<Vec<u8>>;
}
#[cfg(feature = "chrono")]
operand_values! {
    chrono::NaiveDate => chrono::NaiveDate, Option<chrono::NaiveDate>;
    chrono::NaiveTime => chrono::NaiveTime, Option<chrono::NaiveTime>;
    chrono::NaiveDateTime => chrono::NaiveDateTime, Option<chrono::NaiveDateTime>;
    chrono::DateTime<chrono::Utc> => chrono::DateTime<chrono::Utc>, Option<chrono::DateTime<chrono::Utc>>;
}
#[cfg(feature = "uuid")]
operand_values! { uuid::Uuid => uuid::Uuid, Option<uuid::Uuid>; }
#[cfg(feature = "json")]
operand_values! { serde_json::Value => serde_json::Value, Option<serde_json::Value>; }
#[cfg(feature = "decimal")]
operand_values! { rust_decimal::Decimal => rust_decimal::Decimal, Option<rust_decimal::Decimal>; }

/// A typed expression: an [`Expr`] whose values are of Rust type `T`.
pub struct Typed<T> {
    expr: Expr,
    _t: PhantomData<fn() -> T>,
}

impl<T> Typed<T> {
    /// Wraps an untyped expression, asserting its type. Nothing checks the claim: this is
    /// the explicit way into the typed layer for expressions built dynamically.
    pub fn assume(expr: Expr) -> Self {
        Typed {
            expr,
            _t: PhantomData,
        }
    }
    /// The untyped expression.
    pub fn into_expr(self) -> Expr {
        self.expr
    }
    /// A reference to the untyped expression.
    pub fn as_expr(&self) -> &Expr {
        &self.expr
    }
}

impl<T> Clone for Typed<T> {
    fn clone(&self) -> Self {
        Typed::assume(self.expr.clone())
    }
}
impl<T> PartialEq for Typed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr
    }
}
impl<T> fmt::Debug for Typed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Typed").field(&self.expr).finish()
    }
}
impl<T> From<Typed<T>> for Expr {
    fn from(t: Typed<T>) -> Expr {
        t.expr
    }
}

/// The name of a table as typed columns refer to it: static names, so columns are `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StaticTable {
    /// Schema, if schema-qualified.
    pub schema: Option<&'static str>,
    /// Table name.
    pub name: &'static str,
    /// Alias, if aliased.
    pub alias: Option<&'static str>,
}

impl StaticTable {
    /// The table as a FROM item.
    pub fn table_ref(&self) -> crate::query::TableRef {
        crate::query::TableRef {
            schema: self.schema.map(Ident::from),
            name: Ident::from(self.name),
            alias: self.alias.map(Ident::from),
        }
    }
}

/// A column declared statically, carrying the Rust type of its values. `Copy`, so it
/// can be used in many expressions without cloning.
pub struct Column<T> {
    /// The table it belongs to.
    pub table: StaticTable,
    /// The column name.
    pub name: &'static str,
    /// The name as [`table!`](macro@crate::table) checked and pre-quoted it.
    declared: Option<&'static StaticName>,
    _t: PhantomData<fn() -> T>,
}

impl<T> Column<T> {
    /// A column of `table` named `name`.
    pub const fn new(table: StaticTable, name: &'static str) -> Self {
        Column {
            table,
            name,
            declared: None,
            _t: PhantomData,
        }
    }
    /// A column of `table` as [`table!`](macro@crate::table) declares it.
    #[doc(hidden)]
    pub const fn declared(table: StaticTable, name: &'static StaticName) -> Self {
        Column {
            table,
            name: name.name,
            declared: Some(name),
            _t: PhantomData,
        }
    }
    /// The column's name as an identifier (pre-quoted when declared by `table!` and
    /// its public fields were not changed since).
    pub(crate) fn name_ident(&self) -> Ident {
        match self.declared {
            Some(d) if std::ptr::eq(d.name, self.name) => Ident::from_static_name(d),
            _ => Ident::from(self.name),
        }
    }
    /// The same column seen through a table alias.
    pub const fn with_alias(mut self, alias: &'static str) -> Self {
        self.table.alias = Some(alias);
        self
    }
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Column<T> {}
impl<T> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        self.table == other.table && self.name == other.name
    }
}
impl<T> fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Column({:?}.{:?})", self.table, self.name)
    }
}

impl<T> From<Column<T>> for Expr {
    fn from(c: Column<T>) -> Expr {
        let (schema, table) = match c.table.alias {
            Some(a) => (None, a),
            None => (c.table.schema.map(Ident::from), c.table.name),
        };
        Expr::Column(ColumnRef {
            schema,
            table: Some(Ident::from(table)),
            name: c.name_ident(),
        })
    }
}

/// The base type of a typed expression.
pub type BaseOf<E> = <<E as TypedExpr>::Sql as SqlValue>::Base;

/// Operations on typed columns and expressions. Operands must share the base type.
///
/// Methods take `self`: typed columns are `Copy`, and `is_null` builds a condition
/// rather than asking a question, so the usual `is_*(&self)` convention does not apply.
#[allow(clippy::wrong_self_convention)]
pub trait TypedExpr: Into<Expr> + Sized {
    /// The Rust type of the values.
    type Sql: SqlValue;

    /// The untyped expression.
    fn expr(self) -> Expr {
        self.into()
    }
    /// The typed expression.
    fn typed(self) -> Typed<Self::Sql> {
        Typed::assume(self.into())
    }
    /// `self = rhs`; `None` gives `IS NULL`, never `= NULL`.
    fn eq<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().eq(rhs.into_operand()))
    }
    /// `self <> rhs`; `None` gives `IS NOT NULL`.
    fn ne<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().ne(rhs.into_operand()))
    }
    /// `self < rhs`
    fn lt<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().lt(rhs.into_operand()))
    }
    /// `self <= rhs`
    fn le<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().le(rhs.into_operand()))
    }
    /// `self > rhs`
    fn gt<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().gt(rhs.into_operand()))
    }
    /// `self >= rhs`
    fn ge<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().ge(rhs.into_operand()))
    }
    /// `self IS NULL`
    fn is_null(self) -> Typed<bool> {
        Typed::assume(self.into().is_null())
    }
    /// `self IS NOT NULL`
    fn is_not_null(self) -> Typed<bool> {
        Typed::assume(self.into().is_not_null())
    }
    /// `self IS DISTINCT FROM rhs`
    fn is_distinct_from<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().is_distinct_from(rhs.into_operand()))
    }
    /// `self IS NOT DISTINCT FROM rhs`
    fn is_not_distinct_from<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<bool> {
        Typed::assume(self.into().is_not_distinct_from(rhs.into_operand()))
    }
    /// `self IN (…)`; an empty list is always false.
    fn in_list<I, R>(self, list: I) -> Typed<bool>
    where
        I: IntoIterator<Item = R>,
        R: Operand<BaseOf<Self>>,
    {
        Typed::assume(
            self.into()
                .in_list(list.into_iter().map(Operand::into_operand)),
        )
    }
    /// `self NOT IN (…)`; an empty list is always true.
    fn not_in_list<I, R>(self, list: I) -> Typed<bool>
    where
        I: IntoIterator<Item = R>,
        R: Operand<BaseOf<Self>>,
    {
        Typed::assume(
            self.into()
                .not_in_list(list.into_iter().map(Operand::into_operand)),
        )
    }
    /// `self IN (subquery)`
    fn in_query(self, query: impl Into<Query>) -> Typed<bool> {
        Typed::assume(self.into().in_query(query))
    }
    /// `self NOT IN (subquery)`
    fn not_in_query(self, query: impl Into<Query>) -> Typed<bool> {
        Typed::assume(self.into().not_in_query(query))
    }
    /// `self BETWEEN low AND high`
    fn between<L: Operand<BaseOf<Self>>, H: Operand<BaseOf<Self>>>(
        self,
        low: L,
        high: H,
    ) -> Typed<bool> {
        Typed::assume(self.into().between(low.into_operand(), high.into_operand()))
    }
    /// `self NOT BETWEEN low AND high`
    fn not_between<L: Operand<BaseOf<Self>>, H: Operand<BaseOf<Self>>>(
        self,
        low: L,
        high: H,
    ) -> Typed<bool> {
        Typed::assume(
            self.into()
                .not_between(low.into_operand(), high.into_operand()),
        )
    }
    /// `self LIKE pattern` (text only).
    fn like<R: Operand<String>>(self, pattern: R) -> Typed<bool>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().like(pattern.into_operand()))
    }
    /// `self NOT LIKE pattern` (text only).
    fn not_like<R: Operand<String>>(self, pattern: R) -> Typed<bool>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().not_like(pattern.into_operand()))
    }
    /// Case-insensitive LIKE (text only).
    fn ilike<R: Operand<String>>(self, pattern: R) -> Typed<bool>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().ilike(pattern.into_operand()))
    }
    /// Contains `text` literally (text only).
    fn contains(self, text: &str) -> Typed<bool>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().contains(text))
    }
    /// Starts with `text` literally (text only).
    fn starts_with(self, text: &str) -> Typed<bool>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().starts_with(text))
    }
    /// Ends with `text` literally (text only).
    fn ends_with(self, text: &str) -> Typed<bool>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().ends_with(text))
    }
    /// Concatenation (text only).
    fn concat<R: Operand<String>>(self, rhs: R) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(self.into().concat(rhs.into_operand()))
    }
    /// Unary minus (numbers only).
    fn neg(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Numeric,
    {
        Typed::assume(self.into().neg())
    }
    /// Integer division with the same answer on every database (see
    /// [`Expr::int_div`]): truncated toward zero, NULL when `rhs` is zero.
    fn int_div<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<Option<i64>>
    where
        BaseOf<Self>: Numeric,
    {
        Typed::assume(self.into().int_div(rhs.into_operand()))
    }
    /// True division as a double with the same answer on every database (see
    /// [`Expr::true_div`]), NULL when `rhs` is zero.
    fn true_div<R: Operand<BaseOf<Self>>>(self, rhs: R) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        Typed::assume(self.into().true_div(rhs.into_operand()))
    }
    /// `CAST(self AS U)`, typed as `U`.
    fn cast_to<U: SqlValue>(self) -> Typed<U> {
        Typed::assume(self.into().cast(U::SQL_TYPE))
    }
    /// `COUNT(self)`: the number of non-NULL values.
    fn count(self) -> Typed<i64> {
        crate::func::count(self.into())
    }
    /// `COUNT(DISTINCT self)`
    fn count_distinct(self) -> Typed<i64> {
        crate::func::count_distinct(self.into())
    }
    /// `SUM(self)` (numbers only; NULL over no rows).
    fn sum(self) -> Typed<Option<BaseOf<Self>>>
    where
        BaseOf<Self>: Numeric,
        Option<BaseOf<Self>>: SqlValue,
    {
        Typed::assume(crate::func::sum(self.into()))
    }
    /// `AVG(self)` (numbers only), as a float.
    fn avg(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        Typed::assume(crate::func::avg(self.into()))
    }
    /// `MIN(self)`
    fn min(self) -> Typed<Option<BaseOf<Self>>>
    where
        Option<BaseOf<Self>>: SqlValue,
    {
        Typed::assume(crate::func::min(self.into()))
    }
    /// `MAX(self)`
    fn max(self) -> Typed<Option<BaseOf<Self>>>
    where
        Option<BaseOf<Self>>: SqlValue,
    {
        Typed::assume(crate::func::max(self.into()))
    }
    /// `LOWER(self)` (text only).
    fn lower(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(crate::func::lower(self.into()))
    }
    /// `UPPER(self)` (text only).
    fn upper(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(crate::func::upper(self.into()))
    }
    /// Length in characters (text only).
    fn length(self) -> Typed<i64>
    where
        BaseOf<Self>: Textual,
    {
        Typed::assume(crate::func::length(self.into()))
    }
    /// `ABS(self)` (numbers only).
    fn abs(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Numeric,
    {
        Typed::assume(crate::func::abs(self.into()))
    }
    /// `COALESCE(self, fallback)`, typed as the non-nullable base type.
    fn coalesce<R: Operand<BaseOf<Self>>>(self, fallback: R) -> Typed<BaseOf<Self>>
    where
        BaseOf<Self>: SqlValue,
    {
        Typed::assume(crate::func::coalesce([
            self.into(),
            fallback.into_operand(),
        ]))
    }
    /// `NULLIF(self, other)`
    fn nullif<R: Operand<BaseOf<Self>>>(self, other: R) -> Typed<Option<BaseOf<Self>>>
    where
        Option<BaseOf<Self>>: SqlValue,
    {
        Typed::assume(crate::func::nullif(self.into(), other.into_operand()))
    }
    /// Ascending ORDER BY item.
    fn asc(self) -> OrderBy {
        OrderBy::asc(self.into())
    }
    /// Descending ORDER BY item.
    fn desc(self) -> OrderBy {
        OrderBy::desc(self.into())
    }
    /// A select-list item `self AS label`.
    fn label(self, label: impl Into<Ident>) -> SelectItem {
        SelectItem::Expr {
            expr: self.into(),
            alias: Some(label.into()),
        }
    }
}

impl<T: SqlValue> TypedExpr for Typed<T> {
    type Sql = T;
}
impl<T: SqlValue> TypedExpr for Column<T> {
    type Sql = T;
}

impl Typed<bool> {
    /// `self AND rhs`
    pub fn and(self, rhs: impl Operand<bool>) -> Typed<bool> {
        Typed::assume(self.expr.and(rhs.into_operand()))
    }
    /// `self OR rhs`
    pub fn or(self, rhs: impl Operand<bool>) -> Typed<bool> {
        Typed::assume(self.expr.or(rhs.into_operand()))
    }
    /// `NOT self`
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Typed<bool> {
        Typed::assume(self.expr.not())
    }
    /// Sets the `ESCAPE` character of a LIKE (no effect on other conditions).
    pub fn escape(self, c: char) -> Typed<bool> {
        Typed::assume(self.expr.escape(c))
    }
}

impl<T: SqlValue> Typed<T> {
    /// Adds `FILTER (WHERE cond)` to an aggregate.
    pub fn filter(self, cond: impl Operand<bool>) -> Self {
        Typed::assume(self.expr.filter(cond.into_operand()))
    }
    /// Adds `OVER (window)`.
    pub fn over(self, window: crate::expr::Window) -> Self {
        Typed::assume(self.expr.over(window))
    }
    /// Adds an ORDER BY inside an aggregate.
    pub fn agg_order_by(self, item: impl Into<OrderBy>) -> Self {
        Typed::assume(self.expr.agg_order_by(item))
    }
}

/// A typed named bind parameter, supplied when the statement runs.
///
/// The parameter remembers its type: supplying a value of another type (or NULL for a
/// non-`Option` type) is an [`crate::Error::Bind`] on every database, before anything
/// is sent.
///
/// ```
/// use sqlweave::{Ansi, Select, TypedExpr, Value, param, table};
/// table! { struct Users("users") { id: i64, name: String } }
/// let u = Users::new();
/// let q = Select::new().column(u.name).from(u).filter(u.id.eq(param::<i64>("id")));
/// let r = q.render(&Ansi).unwrap();
/// assert_eq!(r.sql, r#"SELECT "users"."name" FROM "users" WHERE "users"."id" = ?"#);
/// assert_eq!(r.bind([("id", Value::I64(3))]).unwrap(), vec![Value::I64(3)]);
/// let err = r.bind([("id", Value::from("3"))]).unwrap_err();
/// assert!(err.to_string().contains("BIGINT"), "{err}");
/// ```
pub fn param<T: SqlValue>(name: impl Into<Ident>) -> Typed<T> {
    Typed::assume(Expr::param_typed(name, T::SQL_TYPE, T::NULLABLE))
}

/// A typed value, sent as a bind parameter.
pub fn val<T: SqlValue + Into<Value>>(v: T) -> Typed<T> {
    Typed::assume(Expr::Value(v.into()))
}

macro_rules! arith {
    ($($tr:ident $method:ident $op:ident;)*) => {$(
        impl<T: SqlValue, R: Operand<T::Base>> std::ops::$tr<R> for Typed<T>
        where
            T::Base: Numeric,
        {
            type Output = Typed<T>;
            fn $method(self, rhs: R) -> Typed<T> {
                Typed::assume(self.expr.$op(rhs.into_operand()))
            }
        }
        impl<T: SqlValue, R: Operand<T::Base>> std::ops::$tr<R> for Column<T>
        where
            T::Base: Numeric,
        {
            type Output = Typed<T>;
            fn $method(self, rhs: R) -> Typed<T> {
                Typed::assume(Expr::from(self).$op(rhs.into_operand()))
            }
        }
    )*};
}

arith! {
    Add add add;
    Sub sub sub;
    Mul mul mul;
    Div div div;
    Rem rem rem;
}

impl<T: SqlValue> std::ops::Neg for Typed<T>
where
    T::Base: Numeric,
{
    type Output = Typed<T>;
    fn neg(self) -> Typed<T> {
        Typed::assume(self.expr.neg())
    }
}
