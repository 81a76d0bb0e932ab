//! Decoding result columns into [`Value`]s, by the column's PostgreSQL type.

use std::error::Error as StdError;

use postgres_types::{FromSql, Kind, Type};
use sqlweave::Value;

use super::encode::wire_type;
use super::numeric;

/// One decoded column value, or why it could not be decoded. Decoding itself never
/// fails inside the driver, so the connection can name the column in the error.
pub(super) struct Cell(pub Result<Value, String>);

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Cell(decode(ty, raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Cell(Ok(Value::Null)))
    }

    /// Every type: [`decode`] says which it cannot read.
    fn accepts(_: &Type) -> bool {
        true
    }
}

fn fixed<const N: usize>(raw: &[u8]) -> Result<[u8; N], String> {
    raw.try_into()
        .map_err(|_| format!("expected {N} bytes, got {}", raw.len()))
}

fn text(raw: &[u8]) -> Result<Value, String> {
    std::str::from_utf8(raw)
        .map(|s| Value::Text(s.to_owned()))
        .map_err(|e| format!("not UTF-8: {e}"))
}

/// Decodes one non-NULL value of type `ty` from its binary format.
pub(super) fn decode(ty: &Type, raw: &[u8]) -> Result<Value, String> {
    // The common built-in types by their OID first (one jump, where the match below
    // looks up the type's kind twice and compares it against each type in turn:
    // measured with callgrind, a third of the cost of decoding a row of three columns).
    // Domains and enums have OIDs of their own and take the general path.
    match ty.oid() {
        16 => return Ok(Value::Bool(fixed::<1>(raw)?[0] != 0)),
        21 => return Ok(Value::I16(i16::from_be_bytes(fixed(raw)?))),
        23 => return Ok(Value::I32(i32::from_be_bytes(fixed(raw)?))),
        20 => return Ok(Value::I64(i64::from_be_bytes(fixed(raw)?))),
        700 => return Ok(Value::F32(f32::from_be_bytes(fixed(raw)?))),
        701 => return Ok(Value::F64(f64::from_be_bytes(fixed(raw)?))),
        25 | 1043 => return text(raw),
        _ => {}
    }
    let ty = wire_type(ty);
    if let Kind::Enum(_) = ty.kind() {
        return text(raw);
    }
    Ok(match *ty {
        Type::BOOL => Value::Bool(fixed::<1>(raw)?[0] != 0),
        Type::INT2 => Value::I16(i16::from_be_bytes(fixed(raw)?)),
        Type::INT4 => Value::I32(i32::from_be_bytes(fixed(raw)?)),
        Type::INT8 => Value::I64(i64::from_be_bytes(fixed(raw)?)),
        Type::OID => Value::I64(u32::from_be_bytes(fixed(raw)?).into()),
        Type::FLOAT4 => Value::F32(f32::from_be_bytes(fixed(raw)?)),
        Type::FLOAT8 => Value::F64(f64::from_be_bytes(fixed(raw)?)),
        Type::TEXT
        | Type::VARCHAR
        | Type::BPCHAR
        | Type::NAME
        | Type::UNKNOWN
        | Type::CHAR
        | Type::XML
        | Type::REFCURSOR => return text(raw),
        Type::BYTEA => Value::Bytes(raw.to_vec()),
        Type::NUMERIC => return decode_numeric(raw),
        Type::JSON | Type::JSONB => return decode_json(ty, raw),
        Type::UUID => return decode_uuid(ty, raw),
        Type::DATE | Type::TIME | Type::TIMESTAMP | Type::TIMESTAMPTZ => {
            return decode_datetime(ty, raw);
        }
        _ if ty.name() == "citext" && matches!(ty.kind(), Kind::Simple) => return text(raw),
        _ => {
            return Err(format!(
                "no decoder for PostgreSQL type {}; cast it in the query (e.g. `::text`)",
                ty.name()
            ));
        }
    })
}

/// NUMERIC: a `rust_decimal::Decimal` when it holds the value exactly, else (NaN,
/// ±Infinity, more than 28 decimal places or 96 bits) the exact text, never rounded.
#[cfg(feature = "decimal")]
fn decode_numeric(raw: &[u8]) -> Result<Value, String> {
    let s = numeric::to_text(raw)?;
    // Parsing may round; a decimal that prints back differently did not hold the value.
    Ok(match s.parse().map(Value::Decimal) {
        Ok(Value::Decimal(d)) if d.to_string() == s => Value::Decimal(d),
        _ => Value::Text(s),
    })
}

/// NUMERIC: the exact decimal text (`Row::get::<f64>` / `<i64>` parse it).
#[cfg(not(feature = "decimal"))]
fn decode_numeric(raw: &[u8]) -> Result<Value, String> {
    numeric::to_text(raw).map(Value::Text)
}

/// The JSON text of a JSONB value (after its format-version byte).
fn jsonb_text(raw: &[u8]) -> Result<&[u8], String> {
    match raw.split_first() {
        Some((1, rest)) => Ok(rest),
        Some((v, _)) => Err(format!("unsupported JSONB format version {v}")),
        None => Err("empty JSONB value".into()),
    }
}

#[cfg(feature = "json")]
fn decode_json(ty: &Type, raw: &[u8]) -> Result<Value, String> {
    let doc = if *ty == Type::JSONB {
        jsonb_text(raw)?
    } else {
        raw
    };
    std::str::from_utf8(doc)
        .map_err(|e| format!("not UTF-8: {e}"))?
        .parse()
        .map(Value::Json)
        .map_err(|e| format!("invalid JSON: {e}"))
}

#[cfg(not(feature = "json"))]
fn decode_json(ty: &Type, raw: &[u8]) -> Result<Value, String> {
    text(if *ty == Type::JSONB {
        jsonb_text(raw)?
    } else {
        raw
    })
}

#[cfg(feature = "uuid")]
fn decode_uuid(ty: &Type, raw: &[u8]) -> Result<Value, String> {
    FromSql::from_sql(ty, raw)
        .map(Value::Uuid)
        .map_err(|e| e.to_string())
}

/// UUID as its hyphenated lowercase text.
#[cfg(not(feature = "uuid"))]
fn decode_uuid(_: &Type, raw: &[u8]) -> Result<Value, String> {
    let b: [u8; 16] = fixed(raw)?;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push_str(&format!("{byte:02x}"));
    }
    Ok(Value::Text(s))
}

#[cfg(feature = "chrono")]
fn decode_datetime(ty: &Type, raw: &[u8]) -> Result<Value, String> {
    fn with<'a, T: FromSql<'a>>(
        ty: &Type,
        raw: &'a [u8],
        f: impl FnOnce(T) -> Value,
    ) -> Result<Value, String> {
        T::from_sql(ty, raw).map(f).map_err(|e| e.to_string())
    }
    match *ty {
        Type::DATE => with(ty, raw, Value::Date),
        Type::TIME => with(ty, raw, Value::Time),
        Type::TIMESTAMP => with(ty, raw, Value::Timestamp),
        _ => with(ty, raw, Value::TimestampTz),
    }
}

/// Without the `chrono` feature, dates and times arrive as PostgreSQL's ISO text:
/// `2024-02-29`, `13:45:00.5`, `2024-02-29 13:45:00`, `… +00` (UTC), `infinity`.
#[cfg(not(feature = "chrono"))]
fn decode_datetime(ty: &Type, raw: &[u8]) -> Result<Value, String> {
    use datetime_text::*;
    let s = match *ty {
        Type::DATE => match i32::from_be_bytes(fixed(raw)?) {
            i32::MAX => "infinity".into(),
            i32::MIN => "-infinity".into(),
            days => date(i64::from(days)),
        },
        Type::TIME => time(i64::from_be_bytes(fixed(raw)?)),
        _ => {
            let usec = i64::from_be_bytes(fixed(raw)?);
            let tz = if *ty == Type::TIMESTAMPTZ { "+00" } else { "" };
            match usec {
                i64::MAX => "infinity".into(),
                i64::MIN => "-infinity".into(),
                _ => timestamp(usec, tz),
            }
        }
    };
    Ok(Value::Text(s))
}

#[cfg(not(feature = "chrono"))]
mod datetime_text {
    const USEC_PER_DAY: i64 = 86_400_000_000;

    /// Days since 2000-01-01 as `YYYY-MM-DD`, `… BC` before year 1.
    pub(super) fn date(days: i64) -> String {
        // Howard Hinnant's civil_from_days, shifted from 1970 to 2000.
        let z = days + 10_957 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if year <= 0 {
            format!("{:04}-{month:02}-{day:02} BC", 1 - year)
        } else {
            format!("{year:04}-{month:02}-{day:02}")
        }
    }

    /// Microseconds since midnight as `HH:MM:SS[.ffffff]`, trailing zeros dropped.
    pub(super) fn time(usec: i64) -> String {
        let secs = usec.div_euclid(1_000_000);
        let frac = usec.rem_euclid(1_000_000);
        let mut s = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        if frac != 0 {
            let f = format!(".{frac:06}");
            s.push_str(f.trim_end_matches('0'));
        }
        s
    }

    /// Microseconds since 2000-01-01 00:00:00 as `YYYY-MM-DD HH:MM:SS[.ffffff]{tz}`.
    pub(super) fn timestamp(usec: i64, tz: &str) -> String {
        let days = usec.div_euclid(USEC_PER_DAY);
        let d = date(days);
        let t = time(usec.rem_euclid(USEC_PER_DAY));
        match d.strip_suffix(" BC") {
            Some(d) => format!("{d} {t}{tz} BC"),
            None => format!("{d} {t}{tz}"),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn iso_text() {
            assert_eq!(date(0), "2000-01-01");
            assert_eq!(date(59), "2000-02-29");
            assert_eq!(date(-1), "1999-12-31");
            assert_eq!(date(-730_119), "0001-01-01");
            assert_eq!(date(-730_120), "0001-12-31 BC");
            assert_eq!(time(0), "00:00:00");
            assert_eq!(time(45_296_500_000), "12:34:56.5");
            assert_eq!(timestamp(-1, "+00"), "1999-12-31 23:59:59.999999+00");
        }
    }
}
