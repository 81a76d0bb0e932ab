//! The node behind the typed catalogue functions ([`CatalogFn`]): a [`Custom`] node that
//! writes itself for PostgreSQL, SQLite, MySQL 8 and MariaDB, and refuses every other
//! dialect with [`crate::Error::Unsupported`] (a dialect written outside sqlweave never
//! receives text meant for another database).
//!
//! Values the node carries (interval amounts, lengths, pad and trim characters) are
//! always written as bind parameters; the only text it writes is its own fixed SQL.

use crate::error::Result;
use crate::expr::{Custom, Expr, SqlWriter};
use crate::ident::Ident;

use super::dates::{IntervalUnit, NowKind, Part, TemporalKind, TruncUnit};
use super::math::NumKind;
use super::strings::{PadSide, TrimSide};

/// A function of the typed catalogue, held in the tree as an [`Expr::Custom`] node (its
/// arguments are the node's children, so visitors and transformers reach them).
///
/// Build these through the typed API ([`super::DateFunctions`], [`super::TextFunctions`],
/// [`super::MathFunctions`], [`super::ComparisonFunctions`], [`super::sequences`]); code
/// walking a tree can recognise one with
/// [`CustomExpr::node_as`](crate::expr::CustomExpr::node_as).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CatalogFn {
    /// `t + amount unit` on a date or timestamp. Arguments: `[t]`.
    AddInterval {
        /// What `t` is.
        kind: TemporalKind,
        /// The unit of `amount`.
        unit: IntervalUnit,
        /// How many units (negative subtracts); sent as a parameter.
        amount: i64,
    },
    /// Whole days from the second date to the first. Arguments: `[later, earlier]`.
    DaysBetween,
    /// A date or timestamp truncated to `unit`. Arguments: `[t]`.
    DateTrunc {
        /// What `t` is.
        kind: TemporalKind,
        /// The unit truncated to.
        unit: TruncUnit,
    },
    /// An integer part of a date or timestamp. Arguments: `[t]`.
    Extract {
        /// What `t` is.
        kind: TemporalKind,
        /// The part.
        part: Part,
    },
    /// The current date, time or timestamp, in UTC. No arguments.
    Now(NowKind),
    /// Characters `start ..` (1-based) of a text, at most `len` of them. Arguments: `[s]`.
    Substring {
        /// The first character, 1-based (at least 1).
        start: i64,
        /// How many characters at most (at least 0); `None`: to the end.
        len: Option<i64>,
    },
    /// Characters from a computed 1-based position to the end, a position below 1
    /// counting as 1. Arguments: `[s, start]`.
    SubstringFrom,
    /// The 1-based character position of a needle in a text, 0 when absent.
    /// Arguments: `[s, needle]`.
    Position,
    /// Text with characters removed from one or both ends. Arguments: `[s]`.
    Trim {
        /// Which ends.
        side: TrimSide,
        /// The set of characters removed; `None`: spaces.
        chars: Option<String>,
    },
    /// Text padded (or cut) to `len` characters. Arguments: `[s]`.
    Pad {
        /// Which side is padded.
        side: PadSide,
        /// The length of the result, in characters.
        len: i64,
        /// The (non-empty) padding, repeated as needed.
        fill: String,
    },
    /// Every occurrence of a text replaced. Arguments: `[s, from, to]`.
    Replace,
    /// The first `n` characters. Arguments: `[s]`.
    Left(i64),
    /// The last `n` characters. Arguments: `[s]`.
    Right(i64),
    /// The text repeated `n` times. Arguments: `[s]`.
    Repeat(i64),
    /// The characters in reverse order. Arguments: `[s]`.
    Reverse,
    /// Each word with its first letter upper case, the rest lower case (PostgreSQL
    /// only). Arguments: `[s]`.
    Initcap,
    /// Length in characters. Arguments: `[s]`.
    CharLength,
    /// Length in bytes of the UTF-8 text. Arguments: `[s]`.
    OctetLength,
    /// The non-NULL items joined by a separator. Arguments: `[separator, items…]`.
    ConcatWs,
    /// The smallest integer not less than the argument, of the argument's type.
    Ceil(NumKind),
    /// The largest integer not greater than the argument, of the argument's type.
    Floor(NumKind),
    /// Rounded half away from zero to this many decimal places. Arguments: `[x]`.
    Round(i32),
    /// A float rounded half away from zero to this many decimal places, as the decimal
    /// of its 15 significant digits (see [`MathFunctions::round_to`](super::MathFunctions::round_to)).
    /// Arguments: `[x]`.
    RoundFloat(i32),
    /// The remainder of `x` divided by `y`, of this kind of number (the typed `%`):
    /// NULL for a zero divisor, refused where a database would answer differently.
    /// Arguments: `[x, y]`.
    Rem(NumKind),
    /// The quotient of decimals rounded half away from zero to 15 significant digits,
    /// the same on every database, NULL for a zero divisor (the typed `/` of
    /// `Decimal`s). Arguments: `[x, y]`.
    DecimalDiv,
    /// A Rust divisor of zero given to the typed `/` or `%`, whose quotient is typed as
    /// never NULL (see [`crate::typed::Divisor`]): it refuses to render, on every
    /// dialect. Arguments: `[the zero]`.
    ZeroDivisor,
    /// -1, 0 or 1 (NULL for NULL). Arguments: `[x]`.
    Sign,
    /// The square root as a double; NULL for a negative argument. Arguments: `[x]`.
    Sqrt,
    /// `e` raised to the argument, as a double. Arguments: `[x]`.
    Exp,
    /// The natural logarithm as a double; NULL for an argument not above zero.
    Ln,
    /// The base-10 logarithm as a double; NULL for an argument not above zero.
    Log10,
    /// The argument (as a double) raised to a whole power.
    Power(u32),
    /// π as a double. No arguments.
    Pi,
    /// The largest non-NULL argument; NULL only when all are NULL.
    Greatest,
    /// `GROUPING(e, …)`: in a row of a ROLLUP / CUBE / GROUPING SETS, the bits of the
    /// arguments rolled up (1 for a subtotal over that argument). Arguments: the
    /// grouped expressions.
    Grouping,
    /// The smallest non-NULL argument; NULL only when all are NULL.
    Least,
    /// The next value of a sequence. No arguments.
    NextVal {
        /// The sequence's schema, if qualified.
        schema: Option<Ident>,
        /// The sequence.
        name: Ident,
    },
    /// The value the last `nextval` of this session returned. No arguments.
    CurrVal {
        /// The sequence's schema, if qualified.
        schema: Option<Ident>,
        /// The sequence.
        name: Ident,
    },
}

/// The databases the catalogue writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Db {
    Postgres,
    Sqlite,
    /// MySQL 8 or MariaDB.
    MySql {
        maria: bool,
    },
}

/// The database a dialect of this name writes for, if the catalogue knows it.
pub(crate) fn known_db(dialect_name: &str) -> Option<Db> {
    Some(match dialect_name {
        "PostgreSQL" => Db::Postgres,
        "SQLite" => Db::Sqlite,
        "MySQL" => Db::MySql { maria: false },
        "MariaDB" => Db::MySql { maria: true },
        _ => return None,
    })
}

/// The database `w` writes for, or the refusal for `what` on any other dialect.
pub(crate) fn db(w: &dyn SqlWriter, what: &str) -> Result<Db> {
    known_db(w.dialect_name()).ok_or_else(|| {
        w.unsupported(&format!(
            "{what} (sqlweave's function catalogue writes it for PostgreSQL, SQLite, MySQL and MariaDB only)"
        ))
    })
}

/// The arguments as exactly `N` expressions, or an `Invalid` error naming `what`.
pub(crate) fn args_n<'a, const N: usize>(
    args: &'a [Expr],
    w: &dyn SqlWriter,
    what: &str,
) -> Result<&'a [Expr; N]> {
    args.try_into()
        .map_err(|_| w.invalid(&format!("{what} takes {N} argument(s), got {}", args.len())))
}

/// `a, b, c` with `sep` between the arguments.
pub(crate) fn list(w: &mut dyn SqlWriter, args: &[Expr]) -> Result<()> {
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            w.sql(", ")?;
        }
        w.operand(a, 0)?;
    }
    Ok(())
}

/// A call `name(args…)` whose name is the same on every dialect that reaches it.
pub(crate) fn call(w: &mut dyn SqlWriter, name: &'static str, args: &[Expr]) -> Result<()> {
    w.sql(name)?;
    w.sql("(")?;
    list(w, args)?;
    w.sql(")")
}

impl Custom for CatalogFn {
    fn name(&self) -> &'static str {
        match self {
            CatalogFn::AddInterval { .. } => "date/time + interval",
            CatalogFn::DaysBetween => "days between dates",
            CatalogFn::DateTrunc { .. } => "date_trunc",
            CatalogFn::Extract { .. } => "EXTRACT",
            CatalogFn::Now(_) => "current date/time",
            CatalogFn::Substring { .. } | CatalogFn::SubstringFrom => "SUBSTRING",
            CatalogFn::Position => "POSITION",
            CatalogFn::Trim { .. } => "TRIM",
            CatalogFn::Pad { .. } => "LPAD / RPAD",
            CatalogFn::Replace => "REPLACE",
            CatalogFn::Left(_) => "LEFT",
            CatalogFn::Right(_) => "RIGHT",
            CatalogFn::Repeat(_) => "REPEAT",
            CatalogFn::Reverse => "REVERSE",
            CatalogFn::Initcap => "INITCAP",
            CatalogFn::CharLength => "CHAR_LENGTH",
            CatalogFn::OctetLength => "OCTET_LENGTH",
            CatalogFn::ConcatWs => "CONCAT_WS",
            CatalogFn::Ceil(_) => "CEIL",
            CatalogFn::Floor(_) => "FLOOR",
            CatalogFn::Round(_) | CatalogFn::RoundFloat(_) => "ROUND",
            CatalogFn::Rem(_) => "%",
            CatalogFn::DecimalDiv => "/ of decimals",
            CatalogFn::ZeroDivisor => "division by a Rust zero",
            CatalogFn::Sign => "SIGN",
            CatalogFn::Sqrt => "SQRT",
            CatalogFn::Exp => "EXP",
            CatalogFn::Ln => "LN",
            CatalogFn::Log10 => "LOG10",
            CatalogFn::Power(_) => "POWER",
            CatalogFn::Pi => "PI",
            CatalogFn::Greatest => "GREATEST",
            CatalogFn::Grouping => "GROUPING",
            CatalogFn::Least => "LEAST",
            CatalogFn::NextVal { .. } => "nextval",
            CatalogFn::CurrVal { .. } => "currval",
        }
    }

    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        if *self == CatalogFn::ZeroDivisor {
            return Err(w.invalid(
                "division by zero: the divisor of a typed `/` or `%` is the Rust number 0, and the result is typed as never NULL (a divisor known only when the query runs, a column or a `param`, gives an `Option` quotient, NULL where it is zero)",
            ));
        }
        let d = db(w, self.name())?;
        match self {
            CatalogFn::AddInterval { kind, unit, amount } => {
                super::dates::write_add(d, *kind, *unit, *amount, args, w)
            }
            CatalogFn::DaysBetween => super::dates::write_days_between(d, args, w),
            CatalogFn::DateTrunc { kind, unit } => {
                super::dates::write_trunc(d, *kind, *unit, args, w)
            }
            CatalogFn::Extract { kind, part } => {
                super::dates::write_extract(d, *kind, *part, args, w)
            }
            CatalogFn::Now(kind) => super::dates::write_now(d, *kind, args, w),
            CatalogFn::Substring { .. }
            | CatalogFn::SubstringFrom
            | CatalogFn::Position
            | CatalogFn::Trim { .. }
            | CatalogFn::Pad { .. }
            | CatalogFn::Replace
            | CatalogFn::Left(_)
            | CatalogFn::Right(_)
            | CatalogFn::Repeat(_)
            | CatalogFn::Reverse
            | CatalogFn::Initcap
            | CatalogFn::CharLength
            | CatalogFn::OctetLength
            | CatalogFn::ConcatWs => super::strings::write(self, d, args, w),
            CatalogFn::Ceil(_)
            | CatalogFn::Floor(_)
            | CatalogFn::Round(_)
            | CatalogFn::RoundFloat(_)
            | CatalogFn::Rem(_)
            | CatalogFn::DecimalDiv
            | CatalogFn::Sign
            | CatalogFn::Sqrt
            | CatalogFn::Exp
            | CatalogFn::Ln
            | CatalogFn::Log10
            | CatalogFn::Power(_)
            | CatalogFn::Pi
            | CatalogFn::Greatest
            | CatalogFn::Least => super::math::write(self, d, args, w),
            CatalogFn::Grouping => write_grouping(d, args, w),
            CatalogFn::ZeroDivisor => Err(w.invalid("division by zero")),
            CatalogFn::NextVal { schema, name } => {
                super::sequences::write(d, true, schema.as_ref(), name, args, w)
            }
            CatalogFn::CurrVal { schema, name } => {
                super::sequences::write(d, false, schema.as_ref(), name, args, w)
            }
        }
    }
}

/// `GROUPING(…)` where the database has it: PostgreSQL and MySQL 8. MariaDB has no
/// such function (its `WITH ROLLUP` marks subtotal rows with NULL only) and SQLite no
/// ROLLUP at all: both refuse it.
fn write_grouping(d: Db, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
    if args.is_empty() {
        return Err(w.invalid("GROUPING takes at least one argument"));
    }
    match d {
        Db::Postgres | Db::MySql { maria: false } => {
            w.sql("GROUPING(")?;
            list(w, args)?;
            w.sql(")")
        }
        Db::MySql { maria: true } => Err(w.unsupported(
            "GROUPING() (MariaDB has none: its WITH ROLLUP marks subtotal rows with NULL only)",
        )),
        Db::Sqlite => Err(w.unsupported("GROUPING() (SQLite has no ROLLUP or CUBE)")),
    }
}

/// The same nullability with another base type: `i64` for `NaiveDate`, `Option<i64>`
/// for `Option<NaiveDate>`. The catalogue types results with it: the position of a
/// needle in a nullable text is a nullable integer.
pub trait Nullity {
    /// `U`, or `Option<U>` when `Self` is an `Option`.
    type Map<U>;
}

macro_rules! nullity {
    ($($t:ty),* $(,)?) => {$(
        impl Nullity for $t {
            type Map<U> = U;
        }
        impl Nullity for Option<$t> {
            type Map<U> = Option<U>;
        }
    )*};
}

nullity!(bool, i16, i32, i64, f32, f64, String, Vec<u8>);
#[cfg(feature = "chrono")]
nullity!(
    chrono::NaiveDate,
    chrono::NaiveTime,
    chrono::NaiveDateTime,
    chrono::DateTime<chrono::Utc>
);
#[cfg(feature = "uuid")]
nullity!(uuid::Uuid);
#[cfg(feature = "json")]
nullity!(serde_json::Value);
#[cfg(feature = "decimal")]
nullity!(rust_decimal::Decimal);

/// The typed result of a catalogue node over `args`.
pub(crate) fn node<T>(f: CatalogFn, args: impl IntoIterator<Item = Expr>) -> crate::Typed<T> {
    crate::Typed::assume(Expr::custom(f, args))
}
