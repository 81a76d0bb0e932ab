//! Values sent as bind parameters and read back from rows.

use crate::error::{Error, Result};

/// A value bound as a parameter or read from a result row.
///
/// Every value a user passes into a query becomes one of these and travels as a bind
/// parameter; it never becomes SQL text (only the explicitly named debug rendering
/// inlines literals).
///
/// ```
/// use sqlweave::Value;
/// assert_eq!(Value::from(7_i32), Value::I32(7));
/// assert_eq!(Value::from(None::<i64>), Value::Null);
/// assert_eq!(Value::from("hi"), Value::Text("hi".into()));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A boolean (`TINYINT(1)` on MySQL, `INTEGER` 0/1 on SQLite).
    Bool(bool),
    /// 8-bit integer.
    I8(i8),
    /// 16-bit integer.
    I16(i16),
    /// 32-bit integer.
    I32(i32),
    /// 64-bit integer.
    I64(i64),
    /// Unsigned 64-bit integer. SQLite and PostgreSQL store only values up to
    /// `i64::MAX`; binding a larger one is an [`Error::Value`]. MySQL has `BIGINT UNSIGNED`.
    U64(u64),
    /// 32-bit float.
    F32(f32),
    /// 64-bit float.
    F64(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A calendar date.
    #[cfg(feature = "chrono")]
    Date(chrono::NaiveDate),
    /// A time of day.
    #[cfg(feature = "chrono")]
    Time(chrono::NaiveTime),
    /// A timestamp without time zone.
    #[cfg(feature = "chrono")]
    Timestamp(chrono::NaiveDateTime),
    /// A timestamp with time zone, normalized to UTC.
    #[cfg(feature = "chrono")]
    TimestampTz(chrono::DateTime<chrono::Utc>),
    /// A UUID.
    #[cfg(feature = "uuid")]
    Uuid(uuid::Uuid),
    /// A JSON document.
    #[cfg(feature = "json")]
    Json(serde_json::Value),
    /// An exact decimal number.
    #[cfg(feature = "decimal")]
    Decimal(rust_decimal::Decimal),
    /// A one-dimensional array of values, bound as ONE parameter whose type is the array
    /// type the server inferred for its placeholder (PostgreSQL: `x = ANY($1)` binds an
    /// `int4[]` where `x` is an `integer`, each element adapted as a parameter of the
    /// element type would be). The renderer sends long IN lists this way on dialects
    /// whose [`LargeInStyle`](crate::dialect::LargeInStyle) is `ArrayParam`; elsewhere an
    /// array parameter is an [`Error::Unsupported`], and arrays do not nest.
    Array(Vec<Value>),
}

impl Value {
    /// `true` for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A short name of the variant, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "bool",
            Value::I8(_) => "i8",
            Value::I16(_) => "i16",
            Value::I32(_) => "i32",
            Value::I64(_) => "i64",
            Value::U64(_) => "u64",
            Value::F32(_) => "f32",
            Value::F64(_) => "f64",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            #[cfg(feature = "chrono")]
            Value::Date(_) => "date",
            #[cfg(feature = "chrono")]
            Value::Time(_) => "time",
            #[cfg(feature = "chrono")]
            Value::Timestamp(_) => "timestamp",
            #[cfg(feature = "chrono")]
            Value::TimestampTz(_) => "timestamptz",
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => "uuid",
            #[cfg(feature = "json")]
            Value::Json(_) => "json",
            #[cfg(feature = "decimal")]
            Value::Decimal(_) => "decimal",
            Value::Array(_) => "array",
        }
    }

    /// Whether this value may be bound where a value of SQL type `ty` is declared
    /// (a typed named parameter): the same kind of value, an integer within the type's
    /// range, text within a `VARCHAR(n)`'s length; NULL only when `nullable`.
    ///
    /// Floats do not fit integer or NUMERIC types and integers do not fit float types:
    /// either would be a silent conversion; an `f64` fits `REAL` only when `f32` holds it
    /// exactly. Text also fits NUMERIC, date / time, UUID and JSON types: their textual
    /// form is what the database parses (and the only form without the `chrono`, `uuid`,
    /// `json` or `decimal` features). `Err` says why the value does not fit.
    ///
    /// ```
    /// use sqlweave::{SqlType, Value};
    /// assert!(Value::I32(7).check_fits(SqlType::BigInt, false).is_ok());
    /// assert!(Value::I64(1 << 40).check_fits(SqlType::Integer, false).is_err());
    /// assert!(Value::from("abc").check_fits(SqlType::Varchar(2), false).is_err());
    /// assert!(Value::Null.check_fits(SqlType::Text, false).is_err());
    /// assert!(Value::from("2024-01-31").check_fits(SqlType::Date, false).is_ok());
    /// assert!(Value::F64(0.5).check_fits(SqlType::Real, false).is_ok());
    /// assert!(Value::F64(0.1).check_fits(SqlType::Real, false).is_err()); // not an f32
    /// ```
    pub fn check_fits(&self, ty: crate::expr::SqlType, nullable: bool) -> Result<()> {
        use crate::expr::SqlType as T;
        let int_range = |lo: i64, hi: i64| match (self.as_i64(), self) {
            (_, Value::Bool(_)) => false,
            (Some(v), _) => (lo..=hi).contains(&v),
            (None, _) => false,
        };
        let ok = match (ty, self) {
            (_, Value::Null) => nullable,
            (T::SmallInt, _) => int_range(i16::MIN.into(), i16::MAX.into()),
            (T::Integer, _) => int_range(i32::MIN.into(), i32::MAX.into()),
            (T::BigInt, _) => int_range(i64::MIN, i64::MAX),
            (T::Real, Value::F32(_)) | (T::Double, Value::F32(_) | Value::F64(_)) => true,
            (T::Real, Value::F64(v)) => f64::from(*v as f32) == *v || v.is_nan(),
            (
                T::Numeric(_)
                | T::Date
                | T::Time
                | T::Timestamp
                | T::TimestampTz
                | T::Uuid
                | T::Json,
                Value::Text(_),
            ) => true,
            #[cfg(feature = "decimal")]
            (T::Numeric(_), Value::Decimal(_)) => true,
            (T::Numeric(_), _) => int_range(i64::MIN, i64::MAX),
            (T::Text, Value::Text(_)) => true,
            (T::Varchar(n), Value::Text(s)) => {
                let len = s.chars().count();
                if len > n as usize {
                    return Err(Error::Bind(format!(
                        "a text of {len} characters does not fit VARCHAR({n})"
                    )));
                }
                true
            }
            (T::Bytes, Value::Bytes(_)) | (T::Boolean, Value::Bool(_)) => true,
            #[cfg(feature = "chrono")]
            (T::Date, Value::Date(_))
            | (T::Time, Value::Time(_))
            | (T::Timestamp, Value::Timestamp(_))
            | (T::TimestampTz, Value::TimestampTz(_)) => true,
            #[cfg(feature = "uuid")]
            (T::Uuid, Value::Uuid(_)) => true,
            #[cfg(feature = "json")]
            (T::Json, Value::Json(_)) => true,
            _ => false,
        };
        if ok {
            Ok(())
        } else if self.is_null() {
            Err(Error::Bind(format!(
                "NULL where a non-null {} is declared",
                crate::expr::ansi_type_name(ty)
            )))
        } else {
            Err(Error::Bind(format!(
                "a {} value where {} is declared",
                self.kind(),
                crate::expr::ansi_type_name(ty)
            )))
        }
    }

    /// The value as an `i64` if it is an integer that fits (bools are 0 / 1).
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Bool(b) => Some(b as i64),
            Value::I8(v) => Some(v.into()),
            Value::I16(v) => Some(v.into()),
            Value::I32(v) => Some(v.into()),
            Value::I64(v) => Some(v),
            Value::U64(v) => i64::try_from(v).ok(),
            _ => None,
        }
    }

    /// The value as an `f64` if it is numeric.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::F32(v) => Some(v.into()),
            Value::F64(v) => Some(v),
            Value::U64(v) => Some(v as f64),
            _ => self.as_i64().map(|v| v as f64),
        }
    }

    /// The value as text if it is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Checks that a `U64` fits a signed 64-bit column, as SQLite and PostgreSQL need.
    pub fn check_fits_i64(&self) -> Result<()> {
        if let Value::U64(v) = *self
            && v > i64::MAX as u64
        {
            return Err(Error::Value(format!(
                "{v} does not fit a signed 64-bit integer, the widest integer this database stores"
            )));
        }
        Ok(())
    }
}

/// Decimals on a database without an exact decimal type (SQLite).
#[cfg(feature = "decimal")]
impl Value {
    /// The decimal as the number SQLite stores for it: a 64-bit `I64` for a whole number
    /// in range, else an `F64` when the decimal has at most 15 significant digits (so
    /// the double reads back as the same decimal, and SQLite's own text form of it,
    /// written with 15 digits, is the same number too); an [`Error::Value`] otherwise
    /// (`0.12345678901234567891`, `0.30000000000000004`).
    ///
    /// This is how the SQLite driver binds a [`Value::Decimal`], and how it is written
    /// as a debug literal there, so that a decimal compares as a number in every
    /// expression (`SUM(x) > ?`, `CASE … END = ?`, a subquery's result): bound as text it
    /// would compare greater than every number where no column affinity applies. A
    /// value read back from a REAL decodes to the same `Decimal` (see
    /// [`FromValue`](crate::FromValue)). Arithmetic on fractional values (`+`, `SUM`,
    /// `AVG`) is binary floating point on SQLite, so computed results can differ from
    /// PostgreSQL's and MariaDB's exact ones in the last digits: round them in SQL
    /// (`ROUND(x, 2)`) before comparing them with an exact value.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use sqlweave::Value;
    /// use std::str::FromStr;
    /// let d = |s| Decimal::from_str(s).unwrap();
    /// assert_eq!(Value::decimal_as_number(&d("300.00")).unwrap(), Value::I64(300));
    /// assert_eq!(Value::decimal_as_number(&d("300.10")).unwrap(), Value::F64(300.1));
    /// assert_eq!(Value::decimal_as_number(&d("1e20")).unwrap(), Value::F64(1e20));
    /// assert!(Value::decimal_as_number(&d("0.12345678901234567891")).is_err());
    /// assert!(Value::decimal_as_number(&d("0.1234567890123456")).is_err()); // 16 digits
    /// assert!(Value::decimal_as_number(&Decimal::MAX).is_err());
    /// ```
    pub fn decimal_as_number(d: &rust_decimal::Decimal) -> Result<Value> {
        use rust_decimal::Decimal;
        if d.fract().is_zero()
            && let Ok(i) = i64::try_from(*d)
        {
            return Ok(Value::I64(i));
        }
        let text = d.to_string();
        let mantissa = d.normalize().mantissa().unsigned_abs().to_string();
        let digits = mantissa.trim_end_matches('0').len();
        if let Ok(f) = text.parse::<f64>()
            && digits <= 15
            && f.is_finite()
            && Decimal::from_str_exact(&f.to_string()).is_ok_and(|back| back == *d)
        {
            return Ok(Value::F64(f));
        }
        Err(Error::Value(format!(
            "the decimal {text} has more than 15 significant digits and is not a 64-bit integer, \
             and SQLite stores numbers only as those and doubles: round it (e.g. \
             `Decimal::round_sf(15)`) or bind its text"
        )))
    }
}

macro_rules! value_from {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self { Value::$variant(v.into()) }
        }
    )*};
}

value_from! {
    bool => Bool, i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => I16, u16 => I32,
    u32 => I64, u64 => U64, f32 => F32, f64 => F64, String => Text, &str => Text,
    Vec<u8> => Bytes, &[u8] => Bytes,
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl From<std::borrow::Cow<'_, str>> for Value {
    fn from(v: std::borrow::Cow<'_, str>) -> Self {
        Value::Text(v.into_owned())
    }
}

#[cfg(feature = "chrono")]
value_from! {
    chrono::NaiveDate => Date, chrono::NaiveTime => Time, chrono::NaiveDateTime => Timestamp,
    chrono::DateTime<chrono::Utc> => TimestampTz,
}
#[cfg(feature = "uuid")]
value_from! { uuid::Uuid => Uuid }
#[cfg(feature = "json")]
value_from! { serde_json::Value => Json }
#[cfg(feature = "decimal")]
value_from! { rust_decimal::Decimal => Decimal }

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => v.into(),
            None => Value::Null,
        }
    }
}

/// Which optional value types this build of sqlweave has (its `chrono`, `uuid`, `json`
/// and `decimal` features), for crates that bind [`Value`]s.
///
/// Cargo turns a feature of sqlweave on for every crate of a build, so a dialect crate
/// built without the same feature would compile and then fail at run time on every
/// parameter of that type. [`require_value_features!`](crate::require_value_features)
/// turns that into a compile-time error naming the feature to enable.
pub mod features {
    /// `Value::Date`, `Time`, `Timestamp` and `TimestampTz` exist (feature `chrono`).
    pub const CHRONO: bool = cfg!(feature = "chrono");
    /// `Value::Uuid` exists (feature `uuid`).
    pub const UUID: bool = cfg!(feature = "uuid");
    /// `Value::Json` exists (feature `json`).
    pub const JSON: bool = cfg!(feature = "json");
    /// `Value::Decimal` exists (feature `decimal`).
    pub const DECIMAL: bool = cfg!(feature = "decimal");
}

/// Refuses to compile a crate that binds [`Value`]s without a value-type feature that
/// sqlweave itself was built with. Each of the crate's features `chrono`, `uuid`, `json`
/// and `decimal` must be on wherever sqlweave's is (the crate declares all four, each
/// turning on sqlweave's). The three dialect crates call it at their root; a dialect
/// crate written elsewhere can do the same:
///
/// ```ignore
/// sqlweave::require_value_features!("sqlweave-mssql");
/// ```
///
/// A build where the application turned on `sqlweave/decimal` but not
/// `sqlweave-postgres/decimal` then stops with: *sqlweave is built with its `decimal`
/// feature but sqlweave-postgres is not: enable the `decimal` feature of sqlweave-postgres
/// too (its driver would refuse every such value at run time)*.
#[macro_export]
macro_rules! require_value_features {
    ($krate:literal) => {
        const _: () = {
    $crate::require_value_features!(@one $krate, "chrono", CHRONO);
    $crate::require_value_features!(@one $krate, "uuid", UUID);
    $crate::require_value_features!(@one $krate, "json", JSON);
    $crate::require_value_features!(@one $krate, "decimal", DECIMAL);
        };
    };
    (@one $krate:literal, $feature:literal, $flag:ident) => {
        assert!(
            !$crate::value::features::$flag || cfg!(feature = $feature),
            concat!(
                "sqlweave is built with its `",
                $feature,
                "` feature but ",
                $krate,
                " is not: enable the `",
                $feature,
                "` feature of ",
                $krate,
                " too (its driver would refuse every such value at run time)"
            )
        );
    };
}
