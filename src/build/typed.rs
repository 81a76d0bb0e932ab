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
    type Base: BaseType;
    /// [`NotNull`] or [`Nullable`]: whether NULL is a value of this type, as a type
    /// (what lets `a + b` be `Option<_>` exactly when `a` or `b` is).
    type Null: Nullness;
    /// The SQL type used in CAST and DDL.
    const SQL_TYPE: SqlType;
    /// Whether NULL is a value of this type.
    const NULLABLE: bool;
}

/// A non-nullable SQL value type (`i64`, `String` …): its own [`SqlValue::Base`].
/// `Option<T>` is the nullable type over it.
pub trait BaseType: SqlValue<Base = Self, Null = NotNull> {}

/// Nullability as a type: [`NotNull`] or [`Nullable`].
pub trait Nullness: 'static {
    /// Nullable when either is.
    type Or<N: Nullness>: Nullness;
    /// The value type of base `B` with this nullability: `B` or `Option<B>`.
    type Wrap<B: BaseType>: SqlValue<Base = B>;
}

/// The nullability of a type that never holds NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotNull;
/// The nullability of `Option<T>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nullable;

impl Nullness for NotNull {
    type Or<N: Nullness> = N;
    type Wrap<B: BaseType> = B;
}
impl Nullness for Nullable {
    type Or<N: Nullness> = Nullable;
    type Wrap<B: BaseType> = Option<B>;
}

impl<B: BaseType> SqlValue for Option<B> {
    type Base = B;
    type Null = Nullable;
    const SQL_TYPE: SqlType = B::SQL_TYPE;
    const NULLABLE: bool = true;
}

/// The value type of base `B`, nullable when `A` or `C` is: the type of `a + c` once
/// the base types are promoted to `B`.
pub type NullableIf<A, C, B> =
    <<<A as SqlValue>::Null as Nullness>::Or<<C as SqlValue>::Null> as Nullness>::Wrap<B>;

/// `Option<B>` as the value type of base `B` (aggregates, scalar subqueries, CASE
/// without ELSE: NULL is always possible).
pub type OptionOf<T> = Option<<T as SqlValue>::Base>;

/// Base types on which arithmetic and SUM / AVG are defined.
pub trait Numeric {}
/// Base types on which LIKE, concatenation, LOWER / UPPER are defined.
pub trait Textual {}

macro_rules! sql_value {
    ($($t:ty => $sql:expr $(, $marker:ident)*;)*) => {$(
        impl SqlValue for $t {
            type Base = $t;
            type Null = NotNull;
            const SQL_TYPE: SqlType = $sql;
            const NULLABLE: bool = false;
        }
        impl BaseType for $t {}
        impl Promote<$t> for $t {
            type Out = $t;
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

/// Numeric promotion: the base type two operands of base `Self` and `R` combine to,
/// the way SQL combines them. Implemented for every base type with itself, and for
/// every pair of numeric types; two types without an implementation do not combine
/// (comparing text with a number does not compile).
///
/// | operands                                   | result          |
/// |--------------------------------------------|-----------------|
/// | `i16` with `i32`                           | `i32`           |
/// | `i16` or `i32` with `i64`                  | `i64`           |
/// | any integer with `Decimal`                 | `Decimal`       |
/// | any integer or `Decimal` with `f32`/`f64`  | `f64`           |
/// | `f32` with `f64`                           | `f64`           |
///
/// These are PostgreSQL's rules (`int4 + int8` is `int8`, `int + numeric` is `numeric`,
/// `numeric + float8` is `float8`), which MySQL / MariaDB (`DECIMAL` with `DOUBLE` is
/// `DOUBLE`) and SQLite (INTEGER, then REAL) follow for these types. A Rust value used as
/// an operand is converted to the promoted type before it is sent, so `price.gt(9.99)` on
/// a `Decimal` column sends the decimal `9.99`, and `qty.eq(5)` on an `i64` column sends
/// an `i64`: no value is ever narrowed (`int_col.eq(1.5)` compares as a double, as SQL
/// does, and is false for every integer).
pub trait Promote<R>: BaseType {
    /// The promoted base type.
    type Out: BaseType;
}

macro_rules! promote {
    ($($a:ty, $b:ty => $out:ty;)*) => {$(
        impl Promote<$b> for $a { type Out = $out; }
        impl Promote<$a> for $b { type Out = $out; }
    )*};
}
promote! {
    i16, i32 => i32;
    i16, i64 => i64;
    i32, i64 => i64;
    i16, f32 => f64;
    i32, f32 => f64;
    i64, f32 => f64;
    i16, f64 => f64;
    i32, f64 => f64;
    i64, f64 => f64;
    f32, f64 => f64;
}
#[cfg(feature = "decimal")]
promote! {
    i16, rust_decimal::Decimal => rust_decimal::Decimal;
    i32, rust_decimal::Decimal => rust_decimal::Decimal;
    i64, rust_decimal::Decimal => rust_decimal::Decimal;
    f32, rust_decimal::Decimal => f64;
    f64, rust_decimal::Decimal => f64;
}

/// The promoted base type of `A` and `B` (see [`Promote`]).
pub type Promoted<A, B> = <A as Promote<B>>::Out;

/// Something usable where an expression of base type `B` is expected: a typed column
/// or expression whose base type combines with `B` ([`Promote`]: the same type, or
/// another numeric type), or a Rust value (sent as a parameter, converted to the
/// promoted type first). An untyped [`Expr`] is accepted too: that is the explicit
/// dynamic escape hatch (taken to be of type `B`).
pub trait Operand<B> {
    /// The operand's own value type (for a Rust value: after conversion).
    type Sql: SqlValue;
    /// The operand as an untyped expression.
    fn into_operand(self) -> Expr;
}

/// The base type of operand `R` where base `B` is expected.
pub type OperandBase<R, B> = <<R as Operand<B>>::Sql as SqlValue>::Base;

/// The type of `a ⊕ r` (`+`, `-`, `*`) for a typed `a` of type `A` and an operand `r`:
/// the promoted base type, nullable when either side is. `/` and `%` are typed
/// [`Quotient`].
pub type Combined<A, R> = NullableIf<
    A,
    <R as Operand<<A as SqlValue>::Base>>::Sql,
    Promoted<<A as SqlValue>::Base, OperandBase<R, <A as SqlValue>::Base>>,
>;

/// The right side of the typed `/` and `%`: an [`Operand`] that also says whether it
/// can make the quotient NULL.
///
/// A divisor known only when the query runs (a typed column or expression, a
/// parameter, a scalar subquery, an untyped [`Expr`]) may be zero there, and a zero
/// divisor gives NULL on every database: the quotient is `Option<_>`. A Rust number
/// is known when the query is built: the quotient keeps the dividend's nullability
/// (`price / 2` is as nullable as `price`), and a zero Rust divisor is refused with
/// [`Error::Invalid`](crate::Error::Invalid) when the statement is rendered, instead
/// of a NULL that the non-`Option` type promised away.
///
/// ```
/// use sqlweave::{Error, Select, Typed, table};
/// use sqlweave_sqlite::Sqlite;
/// table! { struct Items("items") { qty: i64, boxes: i64 } }
/// let t = Items::new();
/// let per_box: Typed<Option<i64>> = t.qty / t.boxes; // NULL where boxes is 0
/// let halves: Typed<i64> = t.qty / 2;
/// let q = Select::new().column(per_box).column(halves).from(t);
/// assert_eq!(q.render(&Sqlite).unwrap().sql, concat!(
///     r#"SELECT CAST("items"."qty" / NULLIF("items"."boxes", 0) AS INTEGER), "#,
///     r#"CAST("items"."qty" / NULLIF(?, 0) AS INTEGER) FROM "items""#));
/// let by_zero: Typed<i64> = t.qty / 0;
/// let err = Select::new().column(by_zero).from(t).render(&Sqlite).unwrap_err();
/// assert!(matches!(err, Error::Invalid(_)), "{err}");
/// ```
pub trait Divisor<B>: Operand<B> {
    /// [`Nullable`] when the divisor may be zero when the query runs; for a Rust
    /// number, its own nullability.
    type QuotientNull: Nullness;
    /// The divisor as an untyped expression; a zero Rust number becomes a node that
    /// refuses to render. By default the operand itself ([`Operand::into_operand`]).
    fn into_divisor(self) -> Expr
    where
        Self: Sized,
    {
        self.into_operand()
    }
}

/// The type of `a / r` and `a % r` for a typed `a` of type `A` and a divisor `r`: the
/// promoted base type, nullable when `a` is, when `r` is, and when `r` may be zero when
/// the query runs (see [`Divisor`]).
///
/// The quotient is the same on every database: integers divide truncated toward zero
/// ([`Expr::int_div`]), floats as doubles ([`Expr::true_div`]), and decimals to 15
/// significant digits, rounded half away from zero, the digits SQLite (which holds
/// decimals as doubles) can give: `1.00 / 3.00` is 0.333333333333333 everywhere, where
/// PostgreSQL alone would answer 0.33333333333333333333, MariaDB 0.333333 (the
/// dividend's scale + 4) and SQLite 0 (both operands were stored as the integers 1 and
/// 3). PostgreSQL and MySQL / MariaDB round the exact quotient (computed to 40 and at
/// least 30 places, then read through a double); SQLite rounds the quotient of doubles, which
/// agrees except for a quotient that lies, within a double's precision, on a half at
/// the 16th digit (`123456789012345 / 4`, exactly a half, rounds to
/// 30864197253086.3 everywhere). Each decimal operand is written three times on
/// PostgreSQL and MySQL / MariaDB (its parameters too). A quotient too small or too
/// large for a `Decimal` (28 decimal places at most) is an error when it is read,
/// never a rounding. On MySQL / MariaDB the dividend is cast to `DECIMAL(65, 30)`,
/// which holds magnitudes below 10^35: every `Decimal` (below 8·10^28), not a wider
/// column's value.
///
/// ```
/// # #[cfg(feature = "decimal")] {
/// use rust_decimal::Decimal;
/// use sqlweave::{Select, Typed, table};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// table! { struct Lots("lots") { qty: i64, boxes: i64, price: Decimal } }
/// let l = Lots::new();
/// let per_box: Typed<Option<i64>> = l.qty / l.boxes; // NULL where boxes is 0
/// let q = Select::new().column(per_box).from(l);
/// assert_eq!(q.render(&Postgres).unwrap().sql,
///     r#"SELECT CAST(DIV("lots"."qty", NULLIF("lots"."boxes", 0)) AS BIGINT) FROM "lots""#);
/// let third: Typed<Decimal> = l.price / 3; // a Rust divisor: never NULL
/// let q = Select::new().column(third).from(l);
/// assert_eq!(q.render(&Sqlite).unwrap().sql,
///     r#"SELECT CAST(CAST(CAST("lots"."price" AS REAL) / NULLIF(?, 0) AS TEXT) AS REAL) FROM "lots""#);
/// assert_eq!(q.render(&Postgres).unwrap().sql, concat!(
///     r#"SELECT CAST(CAST(ROUND(CAST("lots"."price" AS NUMERIC(1000, 40)) / NULLIF(CAST($1 AS NUMERIC), 0), "#,
///     r#"CAST(14 - FLOOR(LOG(ABS(CAST("lots"."price" AS NUMERIC(1000, 40)) / NULLIF(CAST($2 AS NUMERIC), 0)) "#,
///     r#"+ CASE WHEN CAST("lots"."price" AS NUMERIC(1000, 40)) / NULLIF(CAST($3 AS NUMERIC), 0) = 0 THEN 1 ELSE 0 END)) "#,
///     r#"AS INTEGER)) AS DOUBLE PRECISION) AS NUMERIC) FROM "lots""#));
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, concat!(
///     "SELECT CAST(ROUND(CAST(`lots`.`price` AS DECIMAL(65, 30)) / NULLIF(CAST(? AS DECIMAL(1, 0)), 0), ",
///     "14 - FLOOR(LOG10(ABS(CAST(`lots`.`price` AS DECIMAL(65, 30)) / NULLIF(CAST(? AS DECIMAL(1, 0)), 0)) ",
///     "+ (CAST(`lots`.`price` AS DECIMAL(65, 30)) / NULLIF(CAST(? AS DECIMAL(1, 0)), 0) = 0)))) AS DOUBLE) FROM `lots`"));
/// # }
/// ```
pub type Quotient<A, R> = <<<A as SqlValue>::Null as Nullness>::Or<
    <R as Divisor<<A as SqlValue>::Base>>::QuotientNull,
> as Nullness>::Wrap<
    Promoted<<A as SqlValue>::Base, OperandBase<R, <A as SqlValue>::Base>>,
>;

/// A typed expression as a divisor: it may be zero when the query runs.
impl<T: SqlValue, B: BaseType> Divisor<B> for Typed<T>
where
    T::Base: Promote<B>,
{
    type QuotientNull = Nullable;
}

/// A typed column as a divisor: it may be zero when the query runs.
impl<T: SqlValue, B: BaseType> Divisor<B> for Column<T>
where
    T::Base: Promote<B>,
{
    type QuotientNull = Nullable;
}

/// An untyped expression as a divisor: it may be zero when the query runs.
impl<B: BaseType> Divisor<B> for Expr {
    type QuotientNull = Nullable;
}

/// A Rust number as a divisor: known when the query is built, so the quotient is not
/// made nullable by it, and zero is refused (see [`Divisor`]).
macro_rules! value_divisor {
    ($($t:ty),*) => {$(
        impl<B> Divisor<B> for $t
        where
            $t: ValueOf<B>,
        {
            type QuotientNull = NotNull;
            fn into_divisor(self) -> Expr {
                if self == <$t>::default() {
                    return zero_divisor(Expr::Value(Value::from(self)));
                }
                self.into_operand()
            }
        }
        impl<B> Divisor<B> for Option<$t>
        where
            $t: ValueOf<B>,
        {
            type QuotientNull = Nullable;
            fn into_divisor(self) -> Expr {
                if self == Some(<$t>::default()) {
                    return zero_divisor(Expr::Value(Value::from(self)));
                }
                self.into_operand()
            }
        }
    )*};
}
value_divisor!(i16, i32, i64, f32, f64);
#[cfg(feature = "decimal")]
value_divisor!(rust_decimal::Decimal);

/// The node standing for a zero Rust divisor: it refuses to render.
fn zero_divisor(zero: Expr) -> Expr {
    Expr::custom(crate::func::CatalogFn::ZeroDivisor, [zero])
}

impl<T: SqlValue, B: BaseType> Operand<B> for Typed<T>
where
    T::Base: Promote<B>,
{
    type Sql = T;
    fn into_operand(self) -> Expr {
        self.expr
    }
}

impl<T: SqlValue, B: BaseType> Operand<B> for Column<T>
where
    T::Base: Promote<B>,
{
    type Sql = T;
    fn into_operand(self) -> Expr {
        self.into()
    }
}

impl<B: BaseType> Operand<B> for Expr {
    type Sql = B;
    fn into_operand(self) -> Expr {
        self
    }
}

/// How a Rust value of base type `Self` is sent where an expression of base type `B`
/// is expected: as a value of type `Out`, `B` itself when the value converts to it
/// exactly (an `i32` literal for an `i64` column, a float literal for a `Decimal`
/// column), else the promoted type (an `i64` value for an `i32` column stays an `i64`;
/// a float for an integer column is a double). A value is never narrowed.
pub trait ValueOf<B>: Sized {
    /// The base type the value is sent as.
    type Out: BaseType;
    /// The value, converted to `Out`.
    fn value_of(self) -> Value;
    /// The value as an operand where `B` is expected. When `Out` is wider than `B` (an
    /// `i32` value for an `i16` column, a float for an integer column), a value that
    /// `B` holds exactly is sent as `B`; any other is cast to `Out`, so that the server
    /// (which types a parameter from the column it meets) compares it as the wider
    /// type instead of failing or truncating it.
    fn operand(self) -> Expr {
        Expr::Value(self.value_of())
    }
}

macro_rules! value_of {
    ($($from:ty => $to:ty : $out:ty, $conv:expr $(, fit $fit:expr)?;)*) => {$(
        impl ValueOf<$to> for $from {
            type Out = $out;
            fn value_of(self) -> Value {
                #[allow(clippy::redundant_closure_call, trivial_numeric_casts)]
                Value::from(($conv)(self))
            }
            $(
            fn operand(self) -> Expr {
                #[allow(clippy::redundant_closure_call)]
                let fits: Option<$to> = ($fit)(self);
                match fits {
                    Some(v) => Expr::Value(Value::from(v)),
                    None => Expr::Value(ValueOf::<$to>::value_of(self)).cast(<$out as SqlValue>::SQL_TYPE),
                }
            }
            )?
        }
    )*};
}
macro_rules! same_value {
    ($($t:ty),*) => {$( value_of! { $t => $t : $t, |v| v; } )*};
}

/// `f` when it is a whole number in `T`'s range.
fn whole<T: TryFrom<i64>>(f: f64) -> Option<T> {
    if f.fract() == 0.0 && (-9.2e18..=9.2e18).contains(&f) {
        T::try_from(f as i64).ok()
    } else {
        None
    }
}
/// `i` when an `f32` holds it exactly.
fn f32_exact(i: i64) -> Option<f32> {
    (i.unsigned_abs() <= 1 << 24).then_some(i as f32)
}

same_value!(bool, i16, i32, i64, f32, f64, String, Vec<u8>);
value_of! {
    i16 => i32 : i32, i32::from;
    i16 => i64 : i64, i64::from;
    i16 => f32 : f64, f64::from, fit |v: i16| Some(f32::from(v));
    i16 => f64 : f64, f64::from;
    i32 => i16 : i32, |v| v, fit |v: i32| i16::try_from(v).ok();
    i32 => i64 : i64, i64::from;
    i32 => f32 : f64, f64::from, fit |v: i32| f32_exact(v.into());
    i32 => f64 : f64, f64::from;
    i64 => i16 : i64, |v| v, fit |v: i64| i16::try_from(v).ok();
    i64 => i32 : i64, |v| v, fit |v: i64| i32::try_from(v).ok();
    i64 => f32 : f64, |v| v as f64, fit f32_exact;
    i64 => f64 : f64, |v| v as f64;
    f32 => i16 : f64, f64::from, fit |v: f32| whole::<i16>(v.into());
    f32 => i32 : f64, f64::from, fit |v: f32| whole::<i32>(v.into());
    f32 => i64 : f64, f64::from, fit |v: f32| whole::<i64>(v.into());
    f32 => f64 : f64, f64::from;
    f64 => i16 : f64, |v| v, fit whole::<i16>;
    f64 => i32 : f64, |v| v, fit whole::<i32>;
    f64 => i64 : f64, |v| v, fit whole::<i64>;
    f64 => f32 : f64, |v| v, fit |v: f64| ((v as f32) as f64 == v).then_some(v as f32);
}
#[cfg(feature = "decimal")]
mod decimal_values {
    use super::ValueOf;
    use crate::value::Value;
    use rust_decimal::Decimal;
    use rust_decimal::prelude::ToPrimitive;

    /// A float literal where a decimal is expected is sent as the decimal it reads as
    /// (`9.99` is `9.99`, not 9.9900000000000002131…); not-a-number and the infinities,
    /// which no decimal holds, stay doubles.
    fn float_decimal(text: String, f: f64) -> Value {
        match Decimal::from_str_exact(&text) {
            Ok(d) => Value::Decimal(d),
            Err(_) => Value::F64(f),
        }
    }
    use crate::expr::Expr;
    use crate::typed::SqlValue;

    /// `d` when it is a whole number in `T`'s range.
    fn whole<T: TryFrom<i64>>(d: Decimal) -> Option<T> {
        if d.fract().is_zero() {
            d.to_i64().and_then(|i| T::try_from(i).ok())
        } else {
            None
        }
    }
    value_of! {
        Decimal => Decimal : Decimal, |v| v;
        i16 => Decimal : Decimal, Decimal::from;
        i32 => Decimal : Decimal, Decimal::from;
        i64 => Decimal : Decimal, Decimal::from;
        Decimal => i16 : Decimal, |v| v, fit whole::<i16>;
        Decimal => i32 : Decimal, |v| v, fit whole::<i32>;
        Decimal => i64 : Decimal, |v| v, fit whole::<i64>;
        Decimal => f32 : f64, |v: Decimal| v.to_f64().unwrap_or(f64::NAN), fit |_| None::<f32>;
        Decimal => f64 : f64, |v: Decimal| v.to_f64().unwrap_or(f64::NAN);
    }
    impl ValueOf<Decimal> for f64 {
        type Out = Decimal;
        fn value_of(self) -> Value {
            float_decimal(self.to_string(), self)
        }
    }
    impl ValueOf<Decimal> for f32 {
        type Out = Decimal;
        fn value_of(self) -> Value {
            float_decimal(self.to_string(), self.into())
        }
    }
}

/// A Rust value as its owned form (`&str` as `String`).
pub trait OwnedValue {
    /// The owned form.
    type Owned;
    /// Converts.
    fn owned(self) -> Self::Owned;
}

macro_rules! owned_value {
    ($($t:ty => $o:ty, $f:expr;)*) => {$(
        impl OwnedValue for $t {
            type Owned = $o;
            #[allow(clippy::redundant_closure_call)]
            fn owned(self) -> $o { ($f)(self) }
        }
    )*};
}
owned_value! {
    bool => bool, |v| v;
    i16 => i16, |v| v;
    i32 => i32, |v| v;
    i64 => i64, |v| v;
    f32 => f32, |v| v;
    f64 => f64, |v| v;
    String => String, |v| v;
    &String => String, |v: &String| v.clone();
    &str => String, |v: &str| v.to_owned();
    Vec<u8> => Vec<u8>, |v| v;
    &[u8] => Vec<u8>, |v: &[u8]| v.to_vec();
}

macro_rules! operand_values {
    ($($base:ty => $($t:ty),*;)*) => {$($(
        impl<B> Operand<B> for $t
        where
            $base: ValueOf<B>,
        {
            type Sql = <$base as ValueOf<B>>::Out;
            fn into_operand(self) -> Expr {
                let v: $base = OwnedValue::owned(self);
                v.operand()
            }
        }
    )*)*};
}

macro_rules! option_operand_values {
    ($($base:ty => $($t:ty),*;)*) => {$($(
        impl<B> Operand<B> for Option<$t>
        where
            $base: ValueOf<B>,
        {
            type Sql = Option<<$base as ValueOf<B>>::Out>;
            fn into_operand(self) -> Expr {
                match self {
                    Some(v) => {
                        let v: $base = OwnedValue::owned(v);
                        v.operand()
                    }
                    None => Expr::Value(Value::Null),
                }
            }
        }
    )*)*};
}

operand_values! {
    bool => bool;
    i16 => i16;
    i32 => i32;
    i64 => i64;
    f32 => f32;
    f64 => f64;
    String => String, &String, &str;
    Vec<u8> => Vec<u8>, &[u8];
}
option_operand_values! {
    bool => bool;
    i16 => i16;
    i32 => i32;
    i64 => i64;
    f32 => f32;
    f64 => f64;
    String => String, &str;
    Vec<u8> => Vec<u8>;
}
#[cfg(feature = "chrono")]
mod chrono_operands {
    use super::*;
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
    owned_value! {
        NaiveDate => NaiveDate, |v| v;
        NaiveTime => NaiveTime, |v| v;
        NaiveDateTime => NaiveDateTime, |v| v;
        DateTime<Utc> => DateTime<Utc>, |v| v;
    }
    same_value!(NaiveDate, NaiveTime, NaiveDateTime, DateTime<Utc>);
    operand_values! {
        NaiveDate => NaiveDate;
        NaiveTime => NaiveTime;
        NaiveDateTime => NaiveDateTime;
        DateTime<Utc> => DateTime<Utc>;
    }
    option_operand_values! {
        NaiveDate => NaiveDate;
        NaiveTime => NaiveTime;
        NaiveDateTime => NaiveDateTime;
        DateTime<Utc> => DateTime<Utc>;
    }
}
#[cfg(feature = "uuid")]
mod uuid_operands {
    use super::*;
    owned_value! { uuid::Uuid => uuid::Uuid, |v| v; }
    same_value!(uuid::Uuid);
    operand_values! { uuid::Uuid => uuid::Uuid; }
    option_operand_values! { uuid::Uuid => uuid::Uuid; }
}
#[cfg(feature = "json")]
mod json_operands {
    use super::*;
    owned_value! { serde_json::Value => serde_json::Value, |v| v; }
    same_value!(serde_json::Value);
    operand_values! { serde_json::Value => serde_json::Value; }
    option_operand_values! { serde_json::Value => serde_json::Value; }
}
#[cfg(feature = "decimal")]
mod decimal_operands {
    use super::*;
    owned_value! { rust_decimal::Decimal => rust_decimal::Decimal, |v| v; }
    operand_values! { rust_decimal::Decimal => rust_decimal::Decimal; }
    option_operand_values! { rust_decimal::Decimal => rust_decimal::Decimal; }
}

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

/// The type of `COALESCE(e, r)`: the promoted base type, nullable when `r` is.
pub type CoalesceOf<E, R> = NullableIf<
    <R as Operand<BaseOf<E>>>::Sql,
    <R as Operand<BaseOf<E>>>::Sql,
    Promoted<BaseOf<E>, OperandBase<R, BaseOf<E>>>,
>;

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
    /// `self IN (subquery)` for a typed one-column select of a type that combines with
    /// this one ([`Promote`]); [`TypedExpr::in_query`] takes any query unchecked.
    ///
    /// ```
    /// use sqlweave::{Ansi, Cmp, TypedExpr, select, table};
    /// table! { pub struct Users("users") { id: i64, name: String } }
    /// table! { pub struct Orders("orders") { id: i64, user_id: i64, total: f64 } }
    /// let (u, o) = (Users::new(), Orders::new());
    /// let buyers = u.id.in_subquery(select(o.user_id).from(o));
    /// let big = o.total.any(Cmp::Gt, select(o.total.avg()).from(o));
    /// assert_eq!(sqlweave::render::render_expr(&Ansi, &buyers.into()).unwrap().sql,
    ///     r#""users"."id" IN (SELECT "orders"."user_id" FROM "orders")"#);
    /// assert_eq!(sqlweave::render::render_expr(&Ansi, &big.into()).unwrap().sql,
    ///     r#""orders"."total" > ANY (SELECT AVG("orders"."total") FROM "orders")"#);
    /// ```
    ///
    /// ```compile_fail
    /// use sqlweave::{TypedExpr, select, table};
    /// table! { pub struct Users("users") { id: i64, name: String } }
    /// let u = Users::new();
    /// let _ = u.id.in_subquery(select(u.name).from(u)); // text is not an integer
    /// ```
    fn in_subquery<T: SqlValue>(self, query: crate::typed_select::TypedSelect<T>) -> Typed<bool>
    where
        T::Base: Promote<BaseOf<Self>>,
    {
        Typed::assume(self.into().in_query(query))
    }
    /// `self NOT IN (subquery)`, typed as [`TypedExpr::in_subquery`] (NULL among the
    /// subquery's values makes it NULL, never true, on every database).
    fn not_in_subquery<T: SqlValue>(self, query: crate::typed_select::TypedSelect<T>) -> Typed<bool>
    where
        T::Base: Promote<BaseOf<Self>>,
    {
        Typed::assume(self.into().not_in_query(query))
    }
    /// `self op ANY (subquery)`: the comparison holds for some row of a typed
    /// one-column select. SQLite has only `= ANY` (written `IN`); other operators are
    /// an [`crate::Error::Unsupported`] there.
    fn any<T: SqlValue>(
        self,
        op: crate::typed_case::Cmp,
        query: crate::typed_select::TypedSelect<T>,
    ) -> Typed<bool>
    where
        T::Base: Promote<BaseOf<Self>>,
    {
        Typed::assume(self.into().compare_any(op.into(), query))
    }
    /// `self op ALL (subquery)`: the comparison holds for every row (true for no
    /// rows). SQLite has only `<> ALL` (written `NOT IN`).
    fn all<T: SqlValue>(
        self,
        op: crate::typed_case::Cmp,
        query: crate::typed_select::TypedSelect<T>,
    ) -> Typed<bool>
    where
        T::Base: Promote<BaseOf<Self>>,
    {
        Typed::assume(self.into().compare_all(op.into(), query))
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
    /// `SUM(self)` (numbers only; NULL over no rows), of the type SQL gives it (see
    /// [`Aggregate`]): an integer column sums to `i64`, a `Decimal` column to `Decimal`,
    /// a float column to `f64`.
    fn sum(self) -> Typed<Option<<BaseOf<Self> as Aggregate>::Sum>>
    where
        BaseOf<Self>: Aggregate,
    {
        Typed::assume(crate::func::sum(self.into()))
    }
    /// `AVG(self)` (numbers only; NULL over no rows), of the type SQL gives it (see
    /// [`Aggregate`]): `Decimal` for a `Decimal` column, `f64` for integer and float
    /// columns (an integer column is averaged as a double on every database, so that
    /// the mean of 1 and 2 is 1.5 everywhere and a third is the same double everywhere).
    ///
    /// The mean of a `Decimal` column is rounded half away from zero to 15 significant
    /// digits, the digits SQLite (which holds decimals as doubles) can give: the mean
    /// of 1.00, 2.00 and 2.00 is 1.66666666666667 on every database (PostgreSQL alone
    /// would answer 1.6666666666666667, MariaDB 1.666667, SQLite the double it summed:
    /// 0.15000000000000002 for 0.10 and 0.20). On MySQL / MariaDB the aggregate is
    /// written three times (so is `self`, with its parameters); FILTER and OVER apply
    /// as to any aggregate.
    ///
    /// ```
    /// # #[cfg(feature = "decimal")] {
    /// use rust_decimal::Decimal;
    /// use sqlweave::{Select, TypedExpr, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { struct Prices("prices") { p: Decimal } }
    /// let t = Prices::new();
    /// let q = Select::new().column(t.p.avg()).from(t); // Typed<Option<Decimal>>
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT CAST(CAST(AVG("prices"."p") AS DOUBLE PRECISION) AS NUMERIC) FROM "prices""#);
    /// assert_eq!(q.render(&Sqlite).unwrap().sql,
    ///     r#"SELECT CAST(CAST(AVG("prices"."p") AS TEXT) AS REAL) FROM "prices""#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT CAST(ROUND(AVG(CAST(`prices`.`p` AS DECIMAL(65, 30))), 14 - FLOOR(LOG10(ABS(AVG(CAST(`prices`.`p` AS DECIMAL(65, 30)))) + (AVG(CAST(`prices`.`p` AS DECIMAL(65, 30))) = 0)))) AS DOUBLE) FROM `prices`");
    /// # }
    /// ```
    fn avg(self) -> Typed<Option<<BaseOf<Self> as Aggregate>::Avg>>
    where
        BaseOf<Self>: Aggregate,
    {
        let e = self.into();
        Typed::assume(match <BaseOf<Self> as Aggregate>::AVG_AS_DOUBLE {
            true => crate::func::avg(e),
            // A decimal column: the mean to 15 significant digits everywhere.
            false => crate::func::call_func(
                crate::expr::Func::Aggregate(crate::expr::AggregateFn::DecimalAvg),
                [e],
            ),
        })
    }
    /// `MIN(self)`
    fn min(self) -> Typed<Option<BaseOf<Self>>> {
        Typed::assume(crate::func::min(self.into()))
    }
    /// `MAX(self)`
    fn max(self) -> Typed<Option<BaseOf<Self>>> {
        Typed::assume(crate::func::max(self.into()))
    }
    /// The same expression, typed as nullable: for a column of the right side of a
    /// LEFT JOIN, which is NULL where no row matched although the column is `NOT NULL`.
    fn nullable(self) -> Typed<Option<BaseOf<Self>>> {
        Typed::assume(self.into())
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
    /// `COALESCE(self, fallback)`: of the promoted base type, nullable only when the
    /// fallback is.
    fn coalesce<R: Operand<BaseOf<Self>>>(self, fallback: R) -> Typed<CoalesceOf<Self, R>>
    where
        BaseOf<Self>: Promote<OperandBase<R, BaseOf<Self>>>,
    {
        Typed::assume(crate::func::coalesce([
            self.into(),
            fallback.into_operand(),
        ]))
    }
    /// `NULLIF(self, other)`
    fn nullif<R: Operand<BaseOf<Self>>>(self, other: R) -> Typed<Option<BaseOf<Self>>> {
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
    /// A select-list item `self AS label`, still typed: a typed select list takes it
    /// as a column of type `Self::Sql` (and it converts into a [`SelectItem`]).
    fn label(self, label: impl Into<Ident>) -> Labeled<Self::Sql> {
        Labeled {
            expr: self.into(),
            label: label.into(),
            _t: PhantomData,
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

/// The expressions behind the typed arithmetic operators, `O` being the result's type:
/// the remainder depends on it (see [`crate::func::CatalogFn::Rem`]).
// One signature for every operator (the macros call them alike); only the remainder
// uses the result type.
#[allow(clippy::extra_unused_type_parameters)]
mod arith_op {
    use crate::expr::Expr;
    use crate::typed::SqlValue;

    pub(super) fn add<O: SqlValue>(l: Expr, r: Expr) -> Expr {
        l.add(r)
    }
    pub(super) fn sub<O: SqlValue>(l: Expr, r: Expr) -> Expr {
        l.sub(r)
    }
    pub(super) fn mul<O: SqlValue>(l: Expr, r: Expr) -> Expr {
        l.mul(r)
    }
    /// Integers divide as [`Expr::int_div`] (truncated; MySQL / MariaDB would answer a
    /// DECIMAL), floats as [`Expr::true_div`], decimals to 15 significant digits
    /// ([`crate::func::CatalogFn::DecimalDiv`]): NULL for a zero divisor, which
    /// PostgreSQL would refuse with an error.
    pub(super) fn div<O: SqlValue>(l: Expr, r: Expr) -> Expr {
        use crate::func::math::{NumKind, kind_of};
        match kind_of::<O>() {
            NumKind::Integer => l.int_div(r),
            NumKind::Float => l.true_div(r),
            NumKind::Decimal => Expr::custom(crate::func::CatalogFn::DecimalDiv, [l, r]),
        }
    }
    pub(super) fn rem<O: SqlValue>(l: Expr, r: Expr) -> Expr {
        crate::func::math::typed_rem::<O>(l, r)
    }
}

macro_rules! arith {
    ($($tr:ident $method:ident $op:ident: $rhs:ident, $out:ident, $conv:ident;)*) => {$(
        /// Arithmetic with numeric promotion (see [`Promote`]): the result has the
        /// promoted base type and is nullable when either operand is ([`Combined`]),
        /// or for `/` and `%` when the divisor may be zero when the query runs
        /// ([`Quotient`]).
        impl<T: SqlValue, R: $rhs<T::Base>> std::ops::$tr<R> for Typed<T>
        where
            T::Base: Numeric + Promote<OperandBase<R, T::Base>>,
        {
            type Output = Typed<$out<T, R>>;
            fn $method(self, rhs: R) -> Self::Output {
                Typed::assume(arith_op::$op::<$out<T, R>>(self.expr, rhs.$conv()))
            }
        }
        /// Arithmetic with numeric promotion (see [`Promote`], [`Combined`], [`Quotient`]).
        impl<T: SqlValue, R: $rhs<T::Base>> std::ops::$tr<R> for Column<T>
        where
            T::Base: Numeric + Promote<OperandBase<R, T::Base>>,
        {
            type Output = Typed<$out<T, R>>;
            fn $method(self, rhs: R) -> Self::Output {
                Typed::assume(arith_op::$op::<$out<T, R>>(Expr::from(self), rhs.$conv()))
            }
        }
    )*};
}

arith! {
    Add add add: Operand, Combined, into_operand;
    Sub sub sub: Operand, Combined, into_operand;
    Mul mul mul: Operand, Combined, into_operand;
    Div div div: Divisor, Quotient, into_divisor;
    Rem rem rem: Divisor, Quotient, into_divisor;
}

/// The base type of a Rust number `V` combined with a typed expression of type `T`.
type ValueLhs<V, T> = Promoted<<V as ValueOf<<T as SqlValue>::Base>>::Out, <T as SqlValue>::Base>;

/// A Rust number on the left of an operator with a typed expression: `Decimal::ONE -
/// discount`, `2 * qty`. The value is sent as the promoted type. Dividing by the typed
/// expression (`/`, `%`) gives an `Option`: it may be zero when the query runs.
macro_rules! value_lhs_arith {
    ($($v:ty),*) => {$(
        value_lhs_arith!(@op $v, Add add add, NullableIf<T, T, ValueLhs<$v, T>>);
        value_lhs_arith!(@op $v, Sub sub sub, NullableIf<T, T, ValueLhs<$v, T>>);
        value_lhs_arith!(@op $v, Mul mul mul, NullableIf<T, T, ValueLhs<$v, T>>);
        value_lhs_arith!(@op $v, Div div div, Option<ValueLhs<$v, T>>);
        value_lhs_arith!(@op $v, Rem rem rem, Option<ValueLhs<$v, T>>);
    )*};
    (@op $v:ty, $tr:ident $method:ident $op:ident, $out:ty) => {
        impl<T: SqlValue> std::ops::$tr<Typed<T>> for $v
        where
            T::Base: Numeric,
            $v: ValueOf<T::Base>,
            <$v as ValueOf<T::Base>>::Out: Promote<T::Base>,
        {
            type Output = Typed<$out>;
            fn $method(self, rhs: Typed<T>) -> Self::Output {
                Typed::assume(arith_op::$op::<$out>(
                    ValueOf::<T::Base>::operand(self),
                    rhs.expr,
                ))
            }
        }
        impl<T: SqlValue> std::ops::$tr<Column<T>> for $v
        where
            T::Base: Numeric,
            $v: ValueOf<T::Base>,
            <$v as ValueOf<T::Base>>::Out: Promote<T::Base>,
        {
            type Output = Typed<$out>;
            fn $method(self, rhs: Column<T>) -> Self::Output {
                Typed::assume(arith_op::$op::<$out>(
                    ValueOf::<T::Base>::operand(self),
                    Expr::from(rhs),
                ))
            }
        }
    };
}
value_lhs_arith!(i16, i32, i64, f32, f64);
#[cfg(feature = "decimal")]
value_lhs_arith!(rust_decimal::Decimal);

/// The SQL types of SUM and AVG over a numeric base type.
///
/// | column            | `SUM`     | `AVG`                          |
/// |-------------------|-----------|--------------------------------|
/// | `i16`, `i32`, `i64` | `i64`   | `f64` (averaged as a double)   |
/// | `f32`, `f64`      | `f64`     | `f64`                          |
/// | `Decimal`         | `Decimal` | `Decimal`                      |
///
/// The databases' own result types differ (PostgreSQL: `sum(int8)` is `numeric`,
/// `avg(int)` is `numeric`; MariaDB: `SUM` and `AVG` of integers are `DECIMAL`; SQLite:
/// `INTEGER` and `REAL`); the Rust types above read all of them. A sum of integers past
/// `i64` is an error on every database (SQLite's own overflow error, a decoding error
/// on the others), never a wrong number. The AVG of a `Decimal` column is its mean
/// rounded to 15 significant digits on every database (see [`TypedExpr::avg`]): left
/// alone, PostgreSQL answers 16 or more digits, MySQL / MariaDB stop at 4 digits more
/// than the column's scale (`div_precision_increment`), and SQLite, which keeps
/// decimals as doubles, computes a double.
pub trait Aggregate: Numeric + BaseType {
    /// The base type of `SUM`.
    type Sum: BaseType;
    /// The base type of `AVG`.
    type Avg: BaseType;
    /// Whether `AVG` averages the values cast to a double.
    const AVG_AS_DOUBLE: bool;
}
macro_rules! aggregate {
    ($($t:ty => $sum:ty, $avg:ty, $dbl:expr;)*) => {$(
        impl Aggregate for $t {
            type Sum = $sum;
            type Avg = $avg;
            const AVG_AS_DOUBLE: bool = $dbl;
        }
    )*};
}
aggregate! {
    i16 => i64, f64, true;
    i32 => i64, f64, true;
    i64 => i64, f64, true;
    f32 => f64, f64, false;
    f64 => f64, f64, false;
}
#[cfg(feature = "decimal")]
aggregate! { rust_decimal::Decimal => rust_decimal::Decimal, rust_decimal::Decimal, false; }

/// A typed select-list item `expr AS label` (see [`TypedExpr::label`]).
pub struct Labeled<T> {
    expr: Expr,
    label: Ident,
    _t: PhantomData<fn() -> T>,
}

impl<T> Labeled<T> {
    /// The label.
    pub fn label(&self) -> &Ident {
        &self.label
    }
    /// The labelled expression.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }
}
impl<T> Clone for Labeled<T> {
    fn clone(&self) -> Self {
        Labeled {
            expr: self.expr.clone(),
            label: self.label.clone(),
            _t: PhantomData,
        }
    }
}
impl<T> PartialEq for Labeled<T> {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr && self.label == other.label
    }
}
impl<T> fmt::Debug for Labeled<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Labeled")
            .field("expr", &self.expr)
            .field("label", &self.label)
            .finish()
    }
}
impl<T> From<Labeled<T>> for SelectItem {
    fn from(l: Labeled<T>) -> SelectItem {
        SelectItem::Expr {
            expr: l.expr,
            alias: Some(l.label),
        }
    }
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
