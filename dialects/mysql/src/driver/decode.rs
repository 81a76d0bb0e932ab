//! Result rows: `mysql` values read back as sqlweave [`Value`]s, guided by the column
//! metadata the server sends (type, flags, character set).

use mysql::Value as My;
use mysql::consts::{ColumnFlags, ColumnType};
use sqlweave::{Error, Result, Value};

/// The character set number of binary strings (`BINARY`, `VARBINARY`, `BLOB`) and of
/// non-string columns; any other number means text.
const BINARY_CHARSET: u16 = 63;

/// What a column's values become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Integers of any width, `YEAR`.
    Integer,
    /// `FLOAT`.
    Float,
    /// `DOUBLE`.
    Double,
    /// `DECIMAL`: exact digits, sent as text.
    Decimal,
    /// Strings with a character set, `ENUM`, `SET`.
    Text,
    /// Binary strings, BLOBs, geometry, vectors.
    Bytes,
    /// `DATE`.
    Date,
    /// `DATETIME`, `TIMESTAMP`.
    DateTime,
    /// `TIME` (a duration on MySQL: -838:59:59 to 838:59:59).
    Time,
    /// MySQL 8's `JSON` (MariaDB's JSON is a `LONGTEXT` and reads as text).
    Json,
    /// `BIT(n)`: big-endian bytes, read as an integer.
    Bit,
    /// The type of a bare `NULL`.
    Null,
}

/// What one result column holds, worked out once per result.
#[derive(Debug, Clone)]
pub(super) struct ColumnInfo {
    /// The column's label in the result.
    pub(super) name: String,
    /// A readable SQL type name, e.g. `BIGINT UNSIGNED`, `VARCHAR`, `BLOB`.
    pub(super) type_name: String,
    kind: Kind,
    /// Fractional-second digits of temporal columns (31 when not fixed).
    decimals: u8,
}

impl ColumnInfo {
    pub(super) fn new(col: &mysql::Column) -> Self {
        let (kind, type_name) = classify(col);
        ColumnInfo {
            name: col.name_str().into_owned(),
            type_name,
            kind,
            decimals: col.decimals(),
        }
    }

    fn error(&self, reason: String) -> Error {
        Error::Decode {
            column: self.name.clone(),
            sql_type: self.type_name.clone(),
            rust_type: "sqlweave::Value",
            reason,
        }
    }
}

fn classify(col: &mysql::Column) -> (Kind, String) {
    use ColumnType::*;
    let flags = col.flags();
    let binary = col.character_set() == BINARY_CHARSET;
    let string = |text: &'static str, bytes: &'static str| {
        if binary {
            (Kind::Bytes, bytes)
        } else {
            (Kind::Text, text)
        }
    };
    let (kind, name) = match col.column_type() {
        MYSQL_TYPE_TINY => (Kind::Integer, "TINYINT"),
        MYSQL_TYPE_SHORT => (Kind::Integer, "SMALLINT"),
        MYSQL_TYPE_INT24 => (Kind::Integer, "MEDIUMINT"),
        MYSQL_TYPE_LONG => (Kind::Integer, "INT"),
        MYSQL_TYPE_LONGLONG => (Kind::Integer, "BIGINT"),
        MYSQL_TYPE_YEAR => (Kind::Integer, "YEAR"),
        MYSQL_TYPE_FLOAT => (Kind::Float, "FLOAT"),
        MYSQL_TYPE_DOUBLE => (Kind::Double, "DOUBLE"),
        MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => (Kind::Decimal, "DECIMAL"),
        MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE => (Kind::Date, "DATE"),
        MYSQL_TYPE_DATETIME | MYSQL_TYPE_DATETIME2 => (Kind::DateTime, "DATETIME"),
        MYSQL_TYPE_TIMESTAMP | MYSQL_TYPE_TIMESTAMP2 => (Kind::DateTime, "TIMESTAMP"),
        MYSQL_TYPE_TIME | MYSQL_TYPE_TIME2 => (Kind::Time, "TIME"),
        MYSQL_TYPE_JSON => (Kind::Json, "JSON"),
        MYSQL_TYPE_BIT => (Kind::Bit, "BIT"),
        MYSQL_TYPE_NULL => (Kind::Null, "NULL"),
        MYSQL_TYPE_ENUM => (Kind::Text, "ENUM"),
        MYSQL_TYPE_SET => (Kind::Text, "SET"),
        // ENUM and SET columns arrive as STRING with a flag.
        MYSQL_TYPE_STRING if flags.contains(ColumnFlags::ENUM_FLAG) => (Kind::Text, "ENUM"),
        MYSQL_TYPE_STRING if flags.contains(ColumnFlags::SET_FLAG) => (Kind::Text, "SET"),
        MYSQL_TYPE_STRING => string("CHAR", "BINARY"),
        MYSQL_TYPE_VARCHAR | MYSQL_TYPE_VAR_STRING => string("VARCHAR", "VARBINARY"),
        MYSQL_TYPE_TINY_BLOB => string("TINYTEXT", "TINYBLOB"),
        MYSQL_TYPE_BLOB => string("TEXT", "BLOB"),
        MYSQL_TYPE_MEDIUM_BLOB => string("MEDIUMTEXT", "MEDIUMBLOB"),
        MYSQL_TYPE_LONG_BLOB => string("LONGTEXT", "LONGBLOB"),
        MYSQL_TYPE_GEOMETRY => (Kind::Bytes, "GEOMETRY"),
        MYSQL_TYPE_VECTOR => (Kind::Bytes, "VECTOR"),
        MYSQL_TYPE_TYPED_ARRAY | MYSQL_TYPE_UNKNOWN => string("UNKNOWN", "UNKNOWN"),
    };
    let numeric = matches!(
        kind,
        Kind::Integer | Kind::Float | Kind::Double | Kind::Decimal
    );
    let name = if numeric && flags.contains(ColumnFlags::UNSIGNED_FLAG) {
        format!("{name} UNSIGNED")
    } else {
        name.to_string()
    };
    (kind, name)
}

/// One row's values, column by column.
pub(super) fn row(mut row: mysql::Row, columns: &[ColumnInfo]) -> Result<Vec<Value>> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, col) in columns.iter().enumerate() {
        let raw = row.take::<My, usize>(i).unwrap_or(My::NULL);
        values.push(value(col, raw)?);
    }
    Ok(values)
}

/// One value of `col`.
fn value(col: &ColumnInfo, raw: My) -> Result<Value> {
    Ok(match raw {
        My::NULL => Value::Null,
        My::Int(i) => Value::I64(i),
        My::UInt(u) => unsigned(u),
        My::Float(f) => Value::F32(f),
        My::Double(f) => Value::F64(f),
        My::Bytes(b) => bytes(col, b)?,
        My::Date(y, mo, d, h, mi, s, us) => {
            if col.kind == Kind::Date {
                date(col, y, mo, d)?
            } else {
                date_time(col, (y, mo, d), (h, mi, s, us))?
            }
        }
        My::Time(negative, days, h, mi, s, us) => time(col, negative, days, (h, mi, s, us))?,
    })
}

/// `BIGINT UNSIGNED` values past `i64::MAX` stay `U64`; all other integers are `I64`.
fn unsigned(u: u64) -> Value {
    match i64::try_from(u) {
        Ok(i) => Value::I64(i),
        Err(_) => Value::U64(u),
    }
}

fn bytes(col: &ColumnInfo, b: Vec<u8>) -> Result<Value> {
    Ok(match col.kind {
        Kind::Bytes => Value::Bytes(b),
        Kind::Decimal => decimal(col, b)?,
        Kind::Json => json(col, b)?,
        Kind::Bit => {
            if b.len() > 8 {
                return Err(col.error(format!("a BIT value of {} bytes", b.len())));
            }
            unsigned(
                b.iter()
                    .fold(0_u64, |acc, byte| (acc << 8) | u64::from(*byte)),
            )
        }
        // Text is sent in the connection's character set (utf8mb4). Bytes that are not
        // UTF-8 (a string the server did not convert, e.g. `SELECT ?` bound to bytes)
        // are handed back as bytes rather than altered.
        _ => match String::from_utf8(b) {
            Ok(s) => Value::Text(s),
            Err(e) => Value::Bytes(e.into_bytes()),
        },
    })
}

fn utf8_text(col: &ColumnInfo, b: Vec<u8>) -> Result<String> {
    String::from_utf8(b).map_err(|e| col.error(format!("the server sent non-UTF-8 text: {e}")))
}

#[cfg(not(feature = "decimal"))]
fn decimal(col: &ColumnInfo, b: Vec<u8>) -> Result<Value> {
    utf8_text(col, b).map(Value::Text)
}

/// A DECIMAL as `rust_decimal::Decimal`: exact when it fits (28 fractional digits,
/// 96 bits of mantissa); more fractional digits than that are rounded, and an integer
/// part that does not fit is an error.
#[cfg(feature = "decimal")]
fn decimal(col: &ColumnInfo, b: Vec<u8>) -> Result<Value> {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let s = utf8_text(col, b)?;
    Decimal::from_str_exact(&s)
        .or_else(|_| Decimal::from_str(&s))
        .map(Value::Decimal)
        .map_err(|e| {
            col.error(format!(
                "{s} does not fit rust_decimal::Decimal ({e}); CAST it to CHAR to read it as text"
            ))
        })
}

#[cfg(not(feature = "json"))]
fn json(col: &ColumnInfo, b: Vec<u8>) -> Result<Value> {
    utf8_text(col, b).map(Value::Text)
}

#[cfg(feature = "json")]
fn json(col: &ColumnInfo, b: Vec<u8>) -> Result<Value> {
    serde_json::from_slice(&b)
        .map(Value::Json)
        .map_err(|e| col.error(format!("invalid JSON from the server: {e}")))
}

/// `.ffffff` with as many digits as the column declares (all six when it does not say,
/// or when fewer would drop digits).
fn fraction(decimals: u8, us: u32) -> String {
    let mut digits = usize::from(decimals);
    if !(1..=6).contains(&digits) {
        digits = if us == 0 { 0 } else { 6 };
    }
    let full = format!("{us:06}");
    if full[digits..].bytes().any(|b| b != b'0') {
        digits = 6;
    }
    if digits == 0 {
        String::new()
    } else {
        format!(".{}", &full[..digits])
    }
}

#[cfg(not(feature = "chrono"))]
fn date(_col: &ColumnInfo, y: u16, mo: u8, d: u8) -> Result<Value> {
    Ok(Value::Text(format!("{y:04}-{mo:02}-{d:02}")))
}

#[cfg(not(feature = "chrono"))]
fn date_time(col: &ColumnInfo, (y, mo, d): (u16, u8, u8), hms: (u8, u8, u8, u32)) -> Result<Value> {
    let (h, mi, s, us) = hms;
    let frac = fraction(col.decimals, us);
    Ok(Value::Text(format!(
        "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{frac}"
    )))
}

#[cfg(not(feature = "chrono"))]
fn time(col: &ColumnInfo, negative: bool, days: u32, hms: (u8, u8, u8, u32)) -> Result<Value> {
    Ok(Value::Text(time_text(col, negative, days, hms)))
}

/// A TIME as MySQL writes it: `-838:59:59.000000` at the extremes.
fn time_text(
    col: &ColumnInfo,
    negative: bool,
    days: u32,
    (h, mi, s, us): (u8, u8, u8, u32),
) -> String {
    let hours = u64::from(days) * 24 + u64::from(h);
    let sign = if negative { "-" } else { "" };
    let frac = fraction(col.decimals, us);
    format!("{sign}{hours:02}:{mi:02}:{s:02}{frac}")
}

#[cfg(feature = "chrono")]
fn naive_date(col: &ColumnInfo, y: u16, mo: u8, d: u8) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d)).ok_or_else(|| {
        col.error(format!(
            "{y:04}-{mo:02}-{d:02} is not a calendar date (a MySQL zero date?)"
        ))
    })
}

#[cfg(feature = "chrono")]
fn date(col: &ColumnInfo, y: u16, mo: u8, d: u8) -> Result<Value> {
    naive_date(col, y, mo, d).map(Value::Date)
}

#[cfg(feature = "chrono")]
fn date_time(col: &ColumnInfo, (y, mo, d): (u16, u8, u8), hms: (u8, u8, u8, u32)) -> Result<Value> {
    let (h, mi, s, us) = hms;
    let date = naive_date(col, y, mo, d)?;
    let time = chrono::NaiveTime::from_hms_micro_opt(h.into(), mi.into(), s.into(), us)
        .ok_or_else(|| {
            col.error(format!(
                "{h:02}:{mi:02}:{s:02}.{us:06} is not a time of day"
            ))
        })?;
    Ok(Value::Timestamp(date.and_time(time)))
}

/// A TIME as `chrono::NaiveTime` when it is a time of day; MySQL TIME values are
/// durations, and negative ones or ones of 24 hours or more are a decode error.
#[cfg(feature = "chrono")]
fn time(col: &ColumnInfo, negative: bool, days: u32, hms: (u8, u8, u8, u32)) -> Result<Value> {
    let (h, mi, s, us) = hms;
    let time = (!negative && days == 0)
        .then(|| chrono::NaiveTime::from_hms_micro_opt(h.into(), mi.into(), s.into(), us))
        .flatten();
    time.map(Value::Time).ok_or_else(|| {
        col.error(format!(
            "{} is outside the time of day chrono::NaiveTime holds; CAST it to CHAR to read it as text",
            time_text(col, negative, days, hms)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mysql::Column;

    fn col(ty: ColumnType, flags: ColumnFlags, charset: u16) -> ColumnInfo {
        ColumnInfo::new(
            &Column::new(ty)
                .with_name(b"c")
                .with_flags(flags)
                .with_character_set(charset),
        )
    }
    fn plain(ty: ColumnType) -> ColumnInfo {
        col(ty, ColumnFlags::empty(), BINARY_CHARSET)
    }
    fn text(ty: ColumnType) -> ColumnInfo {
        col(ty, ColumnFlags::empty(), 45)
    }

    #[test]
    fn type_names() {
        use ColumnType::*;
        let unsigned = col(MYSQL_TYPE_LONGLONG, ColumnFlags::UNSIGNED_FLAG, 63);
        assert_eq!(unsigned.type_name, "BIGINT UNSIGNED");
        assert_eq!(plain(MYSQL_TYPE_NEWDECIMAL).type_name, "DECIMAL");
        assert_eq!(text(MYSQL_TYPE_VAR_STRING).type_name, "VARCHAR");
        assert_eq!(plain(MYSQL_TYPE_VAR_STRING).type_name, "VARBINARY");
        assert_eq!(text(MYSQL_TYPE_BLOB).type_name, "TEXT");
        assert_eq!(plain(MYSQL_TYPE_BLOB).type_name, "BLOB");
        assert_eq!(plain(MYSQL_TYPE_STRING).type_name, "BINARY");
        let e = col(MYSQL_TYPE_STRING, ColumnFlags::ENUM_FLAG, 45);
        assert_eq!((e.kind, e.type_name.as_str()), (Kind::Text, "ENUM"));
        // utf8mb4_bin sets BINARY_FLAG, but the character set says text.
        let bin_collation = col(MYSQL_TYPE_VAR_STRING, ColumnFlags::BINARY_FLAG, 46);
        assert_eq!(bin_collation.kind, Kind::Text);
    }

    #[test]
    fn integers_and_floats() {
        let c = plain(ColumnType::MYSQL_TYPE_LONGLONG);
        assert_eq!(value(&c, My::Int(i64::MIN)), Ok(Value::I64(i64::MIN)));
        assert_eq!(value(&c, My::UInt(7)), Ok(Value::I64(7)));
        assert_eq!(value(&c, My::UInt(u64::MAX)), Ok(Value::U64(u64::MAX)));
        assert_eq!(value(&c, My::NULL), Ok(Value::Null));
        let f = plain(ColumnType::MYSQL_TYPE_FLOAT);
        assert_eq!(value(&f, My::Float(0.5)), Ok(Value::F32(0.5)));
        let d = plain(ColumnType::MYSQL_TYPE_DOUBLE);
        assert_eq!(value(&d, My::Double(0.25)), Ok(Value::F64(0.25)));
    }

    #[test]
    fn strings_by_charset() {
        let t = text(ColumnType::MYSQL_TYPE_VAR_STRING);
        assert_eq!(
            value(&t, My::Bytes("é😀".as_bytes().to_vec())),
            Ok(Value::Text("é😀".into()))
        );
        // Not UTF-8: handed back unaltered.
        assert_eq!(
            value(&t, My::Bytes(vec![0xFF])),
            Ok(Value::Bytes(vec![0xFF]))
        );
        let b = plain(ColumnType::MYSQL_TYPE_BLOB);
        assert_eq!(
            value(&b, My::Bytes(b"ab".to_vec())),
            Ok(Value::Bytes(b"ab".to_vec()))
        );
    }

    #[test]
    fn bits() {
        let c = plain(ColumnType::MYSQL_TYPE_BIT);
        assert_eq!(value(&c, My::Bytes(vec![1, 2])), Ok(Value::I64(258)));
        assert_eq!(
            value(&c, My::Bytes(vec![0xFF; 8])),
            Ok(Value::U64(u64::MAX))
        );
        assert!(value(&c, My::Bytes(vec![0; 9])).is_err());
    }

    #[test]
    fn fractions() {
        assert_eq!(fraction(0, 0), "");
        assert_eq!(fraction(31, 0), "");
        assert_eq!(fraction(31, 5), ".000005");
        assert_eq!(fraction(3, 120_000), ".120");
        assert_eq!(fraction(6, 120_000), ".120000");
        assert_eq!(fraction(2, 123_456), ".123456"); // never drops digits
    }

    #[cfg(not(feature = "decimal"))]
    #[test]
    fn decimal_as_exact_text() {
        let c = plain(ColumnType::MYSQL_TYPE_NEWDECIMAL);
        let digits = "-12345678901234567890123456789012345.123456789012345678901234567890";
        assert_eq!(
            value(&c, My::Bytes(digits.as_bytes().to_vec())),
            Ok(Value::Text(digits.into()))
        );
    }

    #[cfg(feature = "decimal")]
    #[test]
    fn decimal_as_rust_decimal() {
        use std::str::FromStr;
        let c = plain(ColumnType::MYSQL_TYPE_NEWDECIMAL);
        let d = |s: &str| value(&c, My::Bytes(s.as_bytes().to_vec()));
        let exact = rust_decimal::Decimal::from_str("-1.50").unwrap();
        assert_eq!(d("-1.50"), Ok(Value::Decimal(exact)));
        match d("-1.50") {
            Ok(Value::Decimal(v)) => assert_eq!(v.to_string(), "-1.50"),
            other => panic!("{other:?}"),
        }
        // 30 fractional digits: rounded to what rust_decimal holds.
        match d("0.333333333333333333333333333333") {
            Ok(Value::Decimal(v)) => assert_eq!(v.to_string(), "0.3333333333333333333333333333"),
            other => panic!("{other:?}"),
        }
        let err = d("123456789012345678901234567890123").unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        assert!(err.to_string().contains("\"c\" (DECIMAL)"), "{err}");
    }

    #[cfg(not(feature = "chrono"))]
    #[test]
    fn temporal_as_text() {
        let date = plain(ColumnType::MYSQL_TYPE_DATE);
        assert_eq!(
            value(&date, My::Date(2024, 2, 29, 0, 0, 0, 0)),
            Ok(Value::Text("2024-02-29".into()))
        );
        let dt = ColumnInfo {
            decimals: 6,
            ..plain(ColumnType::MYSQL_TYPE_DATETIME)
        };
        assert_eq!(
            value(&dt, My::Date(2024, 2, 29, 13, 4, 5, 60)),
            Ok(Value::Text("2024-02-29 13:04:05.000060".into()))
        );
        let t = plain(ColumnType::MYSQL_TYPE_TIME);
        assert_eq!(
            value(&t, My::Time(true, 34, 22, 59, 59, 0)),
            Ok(Value::Text("-838:59:59".into()))
        );
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn temporal_as_chrono() {
        use chrono::{NaiveDate, NaiveTime};
        let date = plain(ColumnType::MYSQL_TYPE_DATE);
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(
            value(&date, My::Date(2024, 2, 29, 0, 0, 0, 0)),
            Ok(Value::Date(d))
        );
        let zero = value(&date, My::Date(0, 0, 0, 0, 0, 0, 0)).unwrap_err();
        assert!(zero.to_string().contains("zero date"), "{zero}");
        let dt = plain(ColumnType::MYSQL_TYPE_TIMESTAMP);
        let t = NaiveTime::from_hms_micro_opt(13, 4, 5, 60).unwrap();
        assert_eq!(
            value(&dt, My::Date(2024, 2, 29, 13, 4, 5, 60)),
            Ok(Value::Timestamp(d.and_time(t)))
        );
        let time = plain(ColumnType::MYSQL_TYPE_TIME);
        assert_eq!(
            value(&time, My::Time(false, 0, 13, 4, 5, 60)),
            Ok(Value::Time(t))
        );
        let err = value(&time, My::Time(true, 0, 1, 0, 0, 0)).unwrap_err();
        assert!(err.to_string().contains("-01:00:00"), "{err}");
        assert!(value(&time, My::Time(false, 1, 0, 0, 0, 0)).is_err());
    }
}
