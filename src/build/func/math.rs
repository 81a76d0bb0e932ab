//! Math and comparison functions, typed, with the same answer on PostgreSQL, SQLite,
//! MySQL 8 and MariaDB, or a refusal.
//!
//! Result types follow the argument: `ceil` / `floor` of a `Decimal` are a `Decimal`, of
//! an `f64` an `f64`, of an integer the integer itself; `round_to` keeps the type of a
//! `Decimal` or float; `sign` is an `i64`; `sqrt`, `ln`, `log10`, `exp` and `power` are
//! `f64` (computed on doubles everywhere). Where a database would raise an error and
//! another answer NULL (the square root of a negative number, the logarithm of zero),
//! every database answers NULL, so `sqrt`, `ln` and `log10` are `Option<f64>`.
//!
//! SQLite as bundled with rusqlite is built without its math functions: `sqrt`, `ln`,
//! `log10`, `exp` and `power` are refused there; `ceil`, `floor`, `sign` and `pi` are
//! written with integer casts and comparisons, exact for every double.
//!
//! ```
//! use sqlweave::func::MathFunctions;
//! use sqlweave::{Select, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { struct Readings("readings") { id: i64, v: f64 } }
//! let r = Readings::new();
//! let q = Select::new().column(r.v.floor()).column(r.v.sign()).from(r);
//! assert_eq!(q.render(&Postgres).unwrap().sql,
//!     r#"SELECT floor("readings"."v"), CASE WHEN "readings"."v" > 0 THEN 1 WHEN "readings"."v" < 0 THEN -1 WHEN "readings"."v" = 0 THEN 0 END FROM "readings""#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT FLOOR(`readings`.`v`), CASE WHEN `readings`.`v` > 0 THEN 1 WHEN `readings`.`v` < 0 THEN -1 WHEN `readings`.`v` = 0 THEN 0 END FROM `readings`");
//! assert_eq!(q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT CASE WHEN "readings"."v" >= 4503599627370496 OR "readings"."v" <= -4503599627370496 THEN "readings"."v" ELSE CAST("readings"."v" AS INTEGER) - ("readings"."v" < CAST("readings"."v" AS INTEGER)) END, CASE WHEN "readings"."v" > 0 THEN 1 WHEN "readings"."v" < 0 THEN -1 WHEN "readings"."v" = 0 THEN 0 END FROM "readings""#);
//! assert!(Select::new().column(r.v.sqrt()).from(r).render(&Sqlite).is_err()); // no math functions
//! ```
//!
//! Math functions take numbers only:
//!
//! ```compile_fail
//! use sqlweave::func::MathFunctions;
//! use sqlweave::table;
//! table! { struct Users("users") { id: i64, name: String } }
//! let _ = Users::new().name.floor();
//! ```
//!
//! and `greatest` / `least` take operands of one type:
//!
//! ```compile_fail
//! use sqlweave::func::ComparisonFunctions;
//! use sqlweave::table;
//! table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.greatest(u.name);
//! ```

use crate::error::Result;
use crate::expr::{Expr, SqlType, SqlWriter};
use crate::typed::{BaseOf, Numeric, Operand, SqlValue, Typed, TypedExpr};
use crate::value::Value;

use super::catalog::{CatalogFn, Db, Nullity, args_n, node};

/// The typed `%` (`Rem`) with result type `O`: the untyped [`Expr::rem`] for integers,
/// the catalogue's [`CatalogFn::Rem`] for floats and decimals (see `write_rem`).
pub(crate) fn typed_rem<O: SqlValue>(x: Expr, y: Expr) -> Expr {
    match kind_of::<O>() {
        NumKind::Integer => x.rem(y),
        kind => Expr::custom(CatalogFn::Rem(kind), [x, y]),
    }
}

/// The kind of number an argument is, as the SQL written for it must know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumKind {
    /// An integer.
    Integer,
    /// A float.
    Float,
    /// An exact decimal.
    Decimal,
}

pub(crate) fn kind_of<T: SqlValue>() -> NumKind {
    match T::SQL_TYPE {
        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => NumKind::Integer,
        SqlType::Real | SqlType::Double => NumKind::Float,
        _ => NumKind::Decimal,
    }
}

/// Numbers with a fractional part (`f32`, `f64`, `Decimal`), which [`MathFunctions::round_to`] takes.
pub trait Fractional {}
impl Fractional for f32 {}
impl Fractional for f64 {}
#[cfg(feature = "decimal")]
impl Fractional for rust_decimal::Decimal {}

/// Math functions on typed numbers (see the [module](self) for result types and what
/// each database gets).
pub trait MathFunctions: TypedExpr {
    /// The smallest integer not less than `self`, of `self`'s type.
    fn ceil(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Numeric,
    {
        node(CatalogFn::Ceil(kind_of::<Self::Sql>()), [self.into()])
    }
    /// The largest integer not greater than `self`, of `self`'s type.
    fn floor(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Numeric,
    {
        node(CatalogFn::Floor(kind_of::<Self::Sql>()), [self.into()])
    }
    /// Rounded to `digits` decimal places, half away from zero, of `self`'s type: the
    /// value is cast to an exact decimal first on PostgreSQL and MySQL / MariaDB
    /// (`ROUND(CAST(x AS NUMERIC), digits)`), so `2.675` rounds to `2.68` and a float
    /// rounds as the decimal it prints as. SQLite keeps decimals and floats as binary
    /// doubles (`2.675` is 2.67499…, which its own `ROUND` makes `2.67`), so there the
    /// value is printed with 15 significant digits (`printf('%.15g')`) and that decimal
    /// is rounded half away from zero: `2.675` gives `2.68` on every database. On
    /// MySQL / MariaDB a magnitude of 1e34 or more is kept as it is (it has no
    /// fractional digit left, and `DECIMAL(65, 30)` could not hold it).
    ///
    /// **The rule for floats** (`f32`, `f64`): the value rounded is the decimal of the
    /// double's 15 significant digits, half away from zero, on every database. So a
    /// computed `0.35 - 0.2`, the double 0.14999999999999997, rounds to `0.2` at one
    /// place, as `0.15` does. PostgreSQL's `CAST(double AS NUMERIC)` keeps 15 digits and
    /// SQLite prints 15; MySQL / MariaDB's `CAST(double AS DECIMAL)` spells the shortest
    /// decimal that reads back as the same double (up to 17 digits), so there that
    /// decimal is first rounded to 15 significant digits, a 16th digit 5 being decided by
    /// the double's exact binary value as the others decide it (see `write_round_float_mysql`
    /// in the source). One case stays apart: a double that *is* a 16-digit decimal ending
    /// in 5 (`123456789012344.5`, `1234567890123445`) is a tie at the 15th digit, which
    /// PostgreSQL rounds to even and SQLite and MySQL / MariaDB away from zero.
    /// Decimals (`Decimal`) are rounded exactly as they are, with all their digits.
    ///
    /// `self` is written more than once on MySQL / MariaDB (3 times, 33 for a float) and on SQLite (5
    /// times when `digits` is not 0): its bind parameters are repeated, and a
    /// non-deterministic `self` (`RANDOM()`) is evaluated more than once (see
    /// [`crate::func::round`] for why no form naming it once works everywhere).
    fn round_to(self, digits: i32) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Fractional,
    {
        let f = match kind_of::<Self::Sql>() {
            NumKind::Float => CatalogFn::RoundFloat(digits),
            _ => CatalogFn::Round(digits),
        };
        node(f, [self.into()])
    }
    /// -1, 0 or 1 as the sign of `self`.
    fn sign(self) -> Typed<<Self::Sql as Nullity>::Map<i64>>
    where
        BaseOf<Self>: Numeric,
        Self::Sql: Nullity,
    {
        node(CatalogFn::Sign, [self.into()])
    }
    /// The square root as a double; NULL for a negative `self` (refused on SQLite).
    fn sqrt(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        node(CatalogFn::Sqrt, [self.into()])
    }
    /// The natural logarithm; NULL for `self` ≤ 0 (refused on SQLite).
    fn ln(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        node(CatalogFn::Ln, [self.into()])
    }
    /// The base-10 logarithm; NULL for `self` ≤ 0 (refused on SQLite).
    fn log10(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        node(CatalogFn::Log10, [self.into()])
    }
    /// `e` to the power `self`, as a double (refused on SQLite).
    fn exp(self) -> Typed<<Self::Sql as Nullity>::Map<f64>>
    where
        BaseOf<Self>: Numeric,
        Self::Sql: Nullity,
    {
        node(CatalogFn::Exp, [self.into()])
    }
    /// `self` (as a double) to the whole power `n` (refused on SQLite).
    fn power(self, n: u32) -> Typed<<Self::Sql as Nullity>::Map<f64>>
    where
        BaseOf<Self>: Numeric,
        Self::Sql: Nullity,
    {
        node(CatalogFn::Power(n), [self.into()])
    }
}

impl<E: TypedExpr> MathFunctions for E {}

/// `greatest` / `least` of two operands of one type, with one meaning everywhere: NULL
/// operands are ignored (PostgreSQL's `GREATEST`), so the result is NULL only when both
/// are, and is never NULL when `self` is not nullable. MySQL / MariaDB's `GREATEST` and
/// SQLite's `max` answer NULL as soon as one operand is: there each operand is written
/// `COALESCE(it, the other)`.
///
/// ```
/// use chrono::NaiveDate;
/// use sqlweave::func::ComparisonFunctions;
/// use sqlweave::{Select, table};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// table! { struct Users("users") { joined: NaiveDate, last_order: Option<NaiveDate> } }
/// let u = Users::new();
/// let q = Select::new().column(u.joined.greatest(u.last_order)).from(u); // Typed<NaiveDate>
/// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT GREATEST("users"."joined", "users"."last_order") FROM "users""#);
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT GREATEST(COALESCE(`users`.`joined`, `users`.`last_order`), COALESCE(`users`.`last_order`, `users`.`joined`)) FROM `users`");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT max(COALESCE("users"."joined", "users"."last_order"), COALESCE("users"."last_order", "users"."joined")) FROM "users""#);
/// ```
pub trait ComparisonFunctions: TypedExpr {
    /// The larger of `self` and `other`, ignoring a NULL one.
    fn greatest<R: Operand<BaseOf<Self>>>(self, other: R) -> Typed<Self::Sql> {
        node(CatalogFn::Greatest, [self.into(), other.into_operand()])
    }
    /// The smaller of `self` and `other`, ignoring a NULL one.
    fn least<R: Operand<BaseOf<Self>>>(self, other: R) -> Typed<Self::Sql> {
        node(CatalogFn::Least, [self.into(), other.into_operand()])
    }
}

impl<E: TypedExpr> ComparisonFunctions for E {}

/// The first non-NULL of `first` and `rest` (`COALESCE(first, rest…)`, the same on
/// every database), typed as `first`: never NULL when `first` is not nullable. `rest`
/// must hold at least one operand (an error when rendered otherwise).
///
/// ```
/// use sqlweave::func::first_non_null;
/// use sqlweave::{Ansi, Select, table};
/// table! { struct Users("users") { nick: Option<String>, name: Option<String> } }
/// let u = Users::new();
/// let q = Select::new().column(first_non_null(u.nick, [u.name])).from(u); // Typed<Option<String>>
/// assert_eq!(q.render(&Ansi).unwrap().sql, r#"SELECT COALESCE("users"."nick", "users"."name") FROM "users""#);
/// ```
pub fn first_non_null<E, I, R>(first: E, rest: I) -> Typed<E::Sql>
where
    E: TypedExpr,
    I: IntoIterator<Item = R>,
    R: Operand<BaseOf<E>>,
{
    let mut args = vec![first.into()];
    args.extend(rest.into_iter().map(Operand::into_operand));
    Typed::assume(crate::func::coalesce(args))
}

/// π as a double (`pi()`; the literal `3.141592653589793`, the same double, on SQLite).
pub fn pi() -> Typed<f64> {
    node(CatalogFn::Pi, [])
}

// ---- rendering ----

/// 2^52: every double at least this large is a whole number.
const WHOLE_DOUBLES: &str = "4503599627370496";

fn no_math_on_sqlite(w: &dyn SqlWriter, what: &str) -> crate::Error {
    w.unsupported(&format!(
        "{what} (SQLite as bundled is built without its math functions)"
    ))
}

pub(crate) fn write(f: &CatalogFn, d: Db, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
    match f {
        CatalogFn::Ceil(kind) | CatalogFn::Floor(kind) => {
            let ceil = matches!(f, CatalogFn::Ceil(_));
            let [x] = args_n::<1>(args, w, "CEIL / FLOOR")?;
            if *kind == NumKind::Integer {
                // An integer is its own ceiling and floor (PostgreSQL would make it a
                // double).
                return w.expr(x);
            }
            match d {
                Db::Postgres | Db::MySql { .. } => {
                    w.sql(match (d, ceil) {
                        (Db::Postgres, true) => "ceil(",
                        (Db::Postgres, false) => "floor(",
                        (_, true) => "CEIL(",
                        (_, false) => "FLOOR(",
                    })?;
                    w.operand(x, 0)?;
                    w.sql(")")
                }
                Db::Sqlite => {
                    // The integer part, one more (ceil) or less (floor) when the value
                    // lies beyond it; doubles past 2^52 are whole already.
                    w.sql("CASE WHEN ")?;
                    w.operand(x, 5)?;
                    w.sql(" >= ")?;
                    w.sql(WHOLE_DOUBLES)?;
                    w.sql(" OR ")?;
                    w.operand(x, 5)?;
                    w.sql(" <= -")?;
                    w.sql(WHOLE_DOUBLES)?;
                    w.sql(" THEN ")?;
                    w.operand(x, 0)?;
                    w.sql(" ELSE CAST(")?;
                    w.operand(x, 0)?;
                    w.sql(if ceil {
                        " AS INTEGER) + ("
                    } else {
                        " AS INTEGER) - ("
                    })?;
                    w.operand(x, 5)?;
                    w.sql(if ceil { " > CAST(" } else { " < CAST(" })?;
                    w.operand(x, 0)?;
                    w.sql(" AS INTEGER)) END")
                }
            }
        }
        CatalogFn::Round(digits) => {
            let [x] = args_n::<1>(args, w, "ROUND")?;
            write_round(d, x, Digits::Const(*digits), false, w)
        }
        CatalogFn::RoundFloat(digits) => {
            let [x] = args_n::<1>(args, w, "ROUND")?;
            if matches!(d, Db::MySql { .. }) {
                return write_round_float_mysql(d, x, Digits::Const(*digits), w);
            }
            write_round(d, x, Digits::Const(*digits), false, w)
        }
        CatalogFn::Rem(kind) => {
            let [x, y] = args_n::<2>(args, w, "%")?;
            write_rem(d, *kind, x, y, w)
        }
        CatalogFn::DecimalDiv => {
            let [x, y] = args_n::<2>(args, w, "/ of decimals")?;
            write_decimal_div(d, x, y, w)
        }
        CatalogFn::Sign => {
            let [x] = args_n::<1>(args, w, "SIGN")?;
            // PostgreSQL's sign() of an integer is a double; one CASE everywhere.
            w.sql("CASE WHEN ")?;
            w.operand(x, 5)?;
            w.sql(" > 0 THEN 1 WHEN ")?;
            w.operand(x, 5)?;
            w.sql(" < 0 THEN -1 WHEN ")?;
            w.operand(x, 5)?;
            w.sql(" = 0 THEN 0 END")
        }
        CatalogFn::Sqrt | CatalogFn::Ln | CatalogFn::Log10 => {
            let [x] = args_n::<1>(args, w, "SQRT / LN / LOG10")?;
            let (pg, my, guard) = match f {
                CatalogFn::Sqrt => ("sqrt(", "SQRT(", " >= 0 THEN CAST("),
                CatalogFn::Ln => ("ln(", "LN(", " > 0 THEN CAST("),
                _ => ("log10(", "LOG10(", " > 0 THEN CAST("),
            };
            match d {
                Db::Sqlite => Err(no_math_on_sqlite(w, my.trim_end_matches('('))),
                // MySQL answers NULL outside the domain: so does PostgreSQL, whose
                // functions would raise an error, with the argument made NULL there.
                Db::Postgres => {
                    w.sql(pg)?;
                    w.sql("CASE WHEN ")?;
                    w.operand(x, 5)?;
                    w.sql(guard)?;
                    w.operand(x, 0)?;
                    w.sql(" AS DOUBLE PRECISION) END)")
                }
                Db::MySql { .. } => {
                    w.sql(my)?;
                    w.operand(x, 0)?;
                    w.sql(")")
                }
            }
        }
        CatalogFn::Exp => {
            let [x] = args_n::<1>(args, w, "EXP")?;
            match d {
                Db::Sqlite => Err(no_math_on_sqlite(w, "EXP")),
                Db::Postgres => {
                    w.sql("exp(CAST(")?;
                    w.operand(x, 0)?;
                    w.sql(" AS DOUBLE PRECISION))")
                }
                Db::MySql { .. } => {
                    w.sql("EXP(")?;
                    w.operand(x, 0)?;
                    w.sql(")")
                }
            }
        }
        CatalogFn::Power(n) => {
            let [x] = args_n::<1>(args, w, "POWER")?;
            let n = Value::I64(i64::from(*n));
            match d {
                Db::Sqlite => Err(no_math_on_sqlite(w, "POWER")),
                Db::Postgres => {
                    w.sql("power(CAST(")?;
                    w.operand(x, 0)?;
                    w.sql(" AS DOUBLE PRECISION), CAST(")?;
                    w.value(&n)?;
                    w.sql(" AS INTEGER))")
                }
                Db::MySql { .. } => {
                    w.sql("POWER(")?;
                    w.operand(x, 0)?;
                    w.sql(", ")?;
                    w.value(&n)?;
                    w.sql(")")
                }
            }
        }
        CatalogFn::Pi => {
            args_n::<0>(args, w, "PI")?;
            w.sql(match d {
                Db::Postgres => "pi()",
                Db::MySql { .. } => "PI()",
                Db::Sqlite => "3.141592653589793",
            })
        }
        CatalogFn::Greatest | CatalogFn::Least => {
            write_greatest_least(d, matches!(f, CatalogFn::Greatest), args, w)
        }
        _ => Err(w.invalid("not a math function")),
    }
}

/// The decimal places of a `ROUND`: a constant (the typed catalogue's, and most
/// untyped calls), or an expression computed by the database.
#[derive(Clone, Copy)]
pub(crate) enum Digits<'a> {
    /// A known number of places, sent as a parameter.
    Const(i32),
    /// Places computed by an expression (refused on SQLite, which needs the scale).
    Expr(&'a Expr),
}

impl Digits<'_> {
    fn write(self, d: Db, w: &mut dyn SqlWriter) -> Result<()> {
        match self {
            Digits::Const(n) => w.value(&Value::I32(n)),
            // PostgreSQL has `round(numeric, integer)` only: a BIGINT finds no function.
            Digits::Expr(e) if d == Db::Postgres => {
                w.sql("CAST(")?;
                w.operand(e, 0)?;
                w.sql(" AS INTEGER)")
            }
            Digits::Expr(e) => w.operand(e, 0),
        }
    }
}

/// `ROUND(x, digits)` half away from zero on the decimal `x` spells, the same on every
/// database: the one rendering behind [`MathFunctions::round_to`] and the untyped
/// [`crate::func::round`]. `maybe_integer` says `x` may be an integer (the untyped
/// call): SQLite's `ROUND` would turn one past 2^53 into a nearby double, so an
/// integer is kept as it is there when `digits` is not negative.
///
/// `x` is written several times on MySQL and SQLite (its parameters too): a scalar
/// subquery `(SELECT … FROM (SELECT x AS v))` would name it once, but SQLite computes a
/// window function there over the subquery's one row, and MariaDB refuses outer
/// columns in a derived table (see [`crate::func::round`]).
pub(crate) fn write_round(
    d: Db,
    x: &Expr,
    digits: Digits<'_>,
    maybe_integer: bool,
    w: &mut dyn SqlWriter,
) -> Result<()> {
    match d {
        Db::Postgres => {
            w.sql("ROUND(CAST(")?;
            w.operand(x, 0)?;
            w.sql(" AS NUMERIC), ")?;
            digits.write(d, w)?;
            w.sql(")")
        }
        // DECIMAL(65, 30) holds 35 digits before the point: a larger magnitude
        // (a double up to 1.8e308) would be cut to 999…9 by the CAST. Such a
        // value has no fractional digit left to round, and is kept as it is.
        Db::MySql { .. } => {
            w.sql("CASE WHEN ABS(")?;
            w.operand(x, 0)?;
            w.sql(") >= 1e34 THEN ")?;
            w.expr(x)?;
            w.sql(" ELSE ROUND(CAST(")?;
            w.operand(x, 0)?;
            w.sql(" AS DECIMAL(65, 30)), ")?;
            digits.write(d, w)?;
            w.sql(") END")
        }
        Db::Sqlite => {
            let Digits::Const(digits) = digits else {
                return Err(w.unsupported(
                    "ROUND to a computed number of decimal places (SQLite rounds the binary double; sqlweave needs the places to round the decimal)",
                ));
            };
            if maybe_integer && digits >= 0 {
                // An integer is already rounded to any number of places.
                w.sql("CASE WHEN typeof(")?;
                w.operand(x, 0)?;
                w.sql(") = 'integer' THEN ")?;
                w.expr(x)?;
                w.sql(" ELSE ")?;
                sqlite_round(x, digits, w)?;
                return w.sql(" END");
            }
            sqlite_round(x, digits, w)
        }
    }
}

/// ROUND of a float on MySQL / MariaDB, to the answer PostgreSQL and SQLite give: the
/// decimal of the double's 15 significant digits, rounded half away from zero.
/// PostgreSQL's `CAST(double AS NUMERIC)` keeps 15 significant digits and SQLite's
/// `printf('%.15g')` prints as many, each correctly rounded from the double's exact
/// binary value; `CAST(double AS DECIMAL)` on MySQL / MariaDB spells instead the
/// shortest decimal `s` that reads back as the same double, up to 17 digits:
/// `0.35e0 - 0.2e0` is `0.14999999999999997` there, which `ROUND(…, 1)` makes `0.1`
/// where the others give `0.2`. So `s` is first rounded to 15 significant digits,
/// `P = 14 - FLOOR(LOG10(|x|))` places (`x = 0` counts as 1; a LOG10 rounded up to the
/// next power of ten, for a double within about 1e-15 of it, takes one place less,
/// which gives the same power of ten).
///
/// That is the correctly rounded 15 digits of the double except where `s` has exactly
/// 16 significant digits, the last a 5 (`2 * s = TRUNCATE(s, P) + ROUND(s, P)`): the
/// double itself may lie on either side of that tie (2.674999999999995 is
/// 2.67499999999999493… in binary, so its 15 digits are 2.67499999999999). There the
/// side is decided exactly: with `K = 53 - FLOOR(LOG2(|x|))`, `M = |x| * 2^K` is a
/// whole number (below 2^54, so `CAST(M AS DECIMAL(65, 0))` is exact) and `|x| < |s|`
/// exactly when `M * 2^max(-K, 0) < |s| * 2^max(K, 0)`, each power of two written as
/// the product of two DECIMAL halves below 2^53 (exact). Only for `|x| >= 1e-14`, where
/// `DECIMAL(65, 30)` holds all 16 digits and `K <= 100`. Written out, `x` appears
/// many times over (its parameters too):
///
/// `CASE WHEN ABS(x) >= 1e34 THEN x ELSE ROUND(CASE WHEN ABS(x) >= 1e-14 AND 2 * s =
/// TRUNCATE(s, P) + ROUND(s, P) AND M * 2^max(-K, 0) < ABS(s) * 2^max(K, 0) THEN
/// TRUNCATE(s, P) ELSE ROUND(s, P) END, digits) END`
fn write_round_float_mysql(
    d: Db,
    x: &Expr,
    digits: Digits<'_>,
    w: &mut dyn SqlWriter,
) -> Result<()> {
    static TEMPLATE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        // `\u{1}`: x in an argument; `\u{4}`: x before `=`; `\u{3}`: x as the result;
        // `\u{2}`: the places.
        let a = "(ABS(\u{1}) + (\u{4} = 0))";
        let pow2 = |j: &str| {
            format!(
                "(CAST(POW(2, FLOOR({j} / 2)) AS DECIMAL(65, 0)) * CAST(POW(2, {j} - FLOOR({j} / 2)) AS DECIMAL(65, 0)))"
            )
        };
        let p = format!("(14 - FLOOR(LOG10({a})))");
        let s = "CAST(\u{1} AS DECIMAL(65, 30))";
        let k = format!("(53 - FLOOR(LOG2({a})))");
        let m = format!("CAST({a} * POW(2, {k}) AS DECIMAL(65, 0))");
        let below = format!(
            "{m} * {} < ABS({s}) * {}",
            pow2(&format!("GREATEST(-{k}, 0)")),
            pow2(&format!("GREATEST({k}, 0)"))
        );
        format!(
            "CASE WHEN ABS(\u{1}) >= 1e34 THEN \u{3} ELSE ROUND(CASE WHEN ABS(\u{1}) >= 1e-14 \
             AND 2 * {s} = TRUNCATE({s}, {p}) + ROUND({s}, {p}) AND {below} THEN TRUNCATE({s}, {p}) \
             ELSE ROUND({s}, {p}) END, \u{2}) END"
        )
    });
    let mut rest: &str = &TEMPLATE;
    while let Some(i) = rest.find(['\u{1}', '\u{2}', '\u{3}', '\u{4}']) {
        w.sql(&rest[..i])?;
        match rest.as_bytes()[i] {
            1 => w.operand(x, 0)?,
            2 => digits.write(d, w)?,
            3 => w.expr(x)?,
            _ => w.operand(x, 5)?,
        }
        rest = &rest[i + 1..];
    }
    w.sql(rest)
}

/// The typed `%` of floats and decimals (integers are the untyped [`Expr::rem`]): the
/// database's own `x % NULLIF(y, 0)` where it is exact, a refusal where a database
/// would answer differently. Floats: MySQL / MariaDB compute `fmod`; PostgreSQL has no
/// `%` for doubles and SQLite's `%` truncates both operands to integers (`7.5 % 2` is
/// `1.0` there), so both refuse. Decimals: exact on PostgreSQL and MySQL / MariaDB;
/// SQLite holds them as doubles and truncates them too, so it refuses.
fn write_rem(d: Db, kind: NumKind, x: &Expr, y: &Expr, w: &mut dyn SqlWriter) -> Result<()> {
    match (d, kind) {
        (Db::Sqlite, NumKind::Float | NumKind::Decimal) => Err(w.unsupported(
            "% of floats or decimals (SQLite truncates both operands to integers: 7.5 % 2 is 1.0 there)",
        )),
        (Db::Postgres, NumKind::Float) => Err(w.unsupported(
            "% of floats (PostgreSQL has no remainder of doubles; use Decimal operands)",
        )),
        // Integers, decimals on PostgreSQL and MySQL, floats on MySQL: the untyped
        // remainder, `x % NULLIF(y, 0)`.
        _ => w.expr(&x.clone().rem(y.clone())),
    }
}

/// The typed `/` of decimals: the quotient rounded half away from zero to 15
/// significant digits, NULL for a zero divisor, the same on every database (as the
/// typed AVG of decimals, see `Renderer::decimal_avg`). Left alone, PostgreSQL gives
/// 16 to 20 digits or the operands' scale, MySQL / MariaDB the dividend's scale plus 4
/// (`div_precision_increment`) and SQLite a double:
///
/// - PostgreSQL: the quotient `q` of the dividend cast to `NUMERIC(1000, 40)` (40
///   places, so the rounding to 15 digits is not a second one), rounded with
///   `ROUND(q, 14 - FLOOR(LOG(ABS(q))))` (`+ 1` inside the logarithm when `q` is 0),
///   then through a double to a NUMERIC of at most 15 digits, without trailing zeros;
/// - MySQL / MariaDB: the quotient of the dividend cast to `DECIMAL(65, 30)` (30
///   places on MySQL, 34 on MariaDB), rounded the same way and read as the nearest
///   double (the AVG's form);
/// - SQLite, which holds decimals as doubles: the quotient of doubles written as text,
///   which SQLite does with 15 significant digits, and read back.
///
/// `q` is written three times on PostgreSQL and MySQL / MariaDB, so each operand is
/// too (with its parameters).
fn write_decimal_div(d: Db, x: &Expr, y: &Expr, w: &mut dyn SqlWriter) -> Result<()> {
    let quotient = |w: &mut dyn SqlWriter| -> Result<()> {
        w.sql("CAST(")?;
        w.operand(x, 0)?;
        w.sql(match d {
            Db::Postgres => " AS NUMERIC(1000, 40)) / NULLIF(CAST(",
            Db::MySql { .. } => " AS DECIMAL(65, 30)) / NULLIF(",
            Db::Sqlite => " AS REAL) / NULLIF(",
        })?;
        w.operand(y, 0)?;
        w.sql(match d {
            Db::Postgres => " AS NUMERIC), 0)",
            _ => ", 0)",
        })
    };
    // `ROUND(q, 14 - FLOOR(LOG10(ABS(q) + (q = 0))))`, read through a double.
    let (open, log, is_zero, close) = match d {
        Db::Postgres => (
            "CAST(CAST(ROUND(",
            ", CAST(14 - FLOOR(LOG(ABS(",
            ") + CASE WHEN ",
            " = 0 THEN 1 ELSE 0 END)) AS INTEGER)) AS DOUBLE PRECISION) AS NUMERIC)",
        ),
        Db::MySql { .. } => (
            "CAST(ROUND(",
            ", 14 - FLOOR(LOG10(ABS(",
            ") + (",
            " = 0)))) AS DOUBLE)",
        ),
        Db::Sqlite => {
            // SQLite writes a double as text with 15 significant digits.
            w.sql("CAST(CAST(")?;
            quotient(w)?;
            return w.sql(" AS TEXT) AS REAL)");
        }
    };
    w.sql(open)?;
    quotient(w)?;
    w.sql(log)?;
    quotient(w)?;
    w.sql(is_zero)?;
    quotient(w)?;
    w.sql(close)
}

/// `GREATEST` / `LEAST` ignoring NULL arguments on every database (NULL only when all
/// are): the one rendering behind [`ComparisonFunctions`] and the untyped
/// [`crate::func::greatest`] / [`crate::func::least`].
pub(crate) fn write_greatest_least(
    d: Db,
    greatest: bool,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    if args.len() < 2 {
        return Err(w.invalid("GREATEST / LEAST take at least two arguments"));
    }
    w.sql(match (d, greatest) {
        (Db::Sqlite, true) => "max(",
        (Db::Sqlite, false) => "min(",
        (_, true) => "GREATEST(",
        (_, false) => "LEAST(",
    })?;
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            w.sql(", ")?;
        }
        if d == Db::Postgres {
            // PostgreSQL's GREATEST / LEAST ignore NULLs already.
            w.operand(a, 0)?;
            continue;
        }
        // Each operand, or the first other one that is not NULL: NULL only
        // when all are.
        w.sql("COALESCE(")?;
        w.operand(a, 0)?;
        for (j, b) in args.iter().enumerate() {
            if j != i {
                w.sql(", ")?;
                w.operand(b, 0)?;
            }
        }
        w.sql(")")?;
    }
    w.sql(")")
}

/// ROUND to decimal places on SQLite, half away from zero on the decimal the value
/// spells, as PostgreSQL's and MySQL's DECIMAL rounding are. SQLite's own `round(x, n)`
/// rounds the binary double (2.675 is 2.67499999999999982236431605997495353221893310546875
/// there, so it gives 2.67 where the others give 2.68). SQLite holds decimals as doubles
/// (see `Value::decimal_as_number`), each the nearest to a decimal of at most 15
/// significant digits: `printf('%.15g', …)` recovers that decimal, scaled by `10^n`,
/// which is then rounded half up as a non-negative number and signed again. A magnitude
/// whose scaled value reaches 10^15 has no digit left to round at that place and is kept
/// as it is; NULL stays NULL.
///
/// `CASE WHEN x IS NULL THEN NULL WHEN abs(x) * ? >= 1e15 THEN x ELSE (CASE WHEN x < 0
/// THEN -1 ELSE 1 END) * CAST(CAST(printf('%.15g', abs(x) * ?) AS REAL) + 0.5 AS INTEGER)
/// / ? END`, each `?` being `10^n`.
fn sqlite_round(x: &Expr, digits: i32, w: &mut dyn SqlWriter) -> Result<()> {
    if digits == 0 {
        // Every `.5` is exact in binary: SQLite's own ROUND rounds it away from zero.
        w.sql("ROUND(")?;
        w.operand(x, 0)?;
        return w.sql(")");
    }
    if !(-15..=15).contains(&digits) {
        return Err(w.invalid("ROUND on SQLite takes -15 to 15 decimal places"));
    }
    let scale = Value::F64(10f64.powi(digits));
    w.sql("CASE WHEN ")?;
    w.operand(x, 5)?;
    w.sql(" IS NULL THEN NULL WHEN abs(")?;
    w.operand(x, 0)?;
    w.sql(") * ")?;
    w.value(&scale)?;
    w.sql(" >= 1e15 THEN ")?;
    w.expr(x)?;
    w.sql(" ELSE (CASE WHEN ")?;
    w.operand(x, 5)?;
    w.sql(" < 0 THEN -1 ELSE 1 END) * CAST(CAST(printf('%.15g', abs(")?;
    w.operand(x, 0)?;
    w.sql(") * ")?;
    w.value(&scale)?;
    w.sql(") AS REAL) + 0.5 AS INTEGER) / ")?;
    w.value(&scale)?;
    w.sql(" END")
}
