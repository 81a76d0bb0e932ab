//! sqlweave [`Value`]s as `mysql` bind parameters.

use mysql::Value as My;
use sqlweave::{Error, Result, Value};

/// The parameters of one statement, positional, in order.
pub(super) fn params(values: &[Value]) -> Result<mysql::Params> {
    if values.is_empty() {
        return Ok(mysql::Params::Empty);
    }
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        out.push(value(v).map_err(|reason| {
            Error::Value(format!("parameter {} ({}): {reason}", i + 1, v.kind()))
        })?);
    }
    Ok(mysql::Params::Positional(out))
}

/// One value as the `mysql` crate binds it, or why MySQL cannot hold it.
///
/// Integers travel as `BIGINT` (`u64` as `BIGINT UNSIGNED`), floats as `FLOAT` / `DOUBLE`,
/// text and bytes as strings; dates and times as the protocol's `DATETIME` / `TIME`
/// (to the microsecond: finer digits are dropped, MySQL keeps no more). UUIDs, JSON and
/// decimals travel as their text, which MySQL converts on storing.
pub(super) fn value(v: &Value) -> std::result::Result<My, String> {
    Ok(match v {
        Value::Null => My::NULL,
        Value::Bool(b) => My::Int(i64::from(*b)),
        Value::I8(i) => My::Int((*i).into()),
        Value::I16(i) => My::Int((*i).into()),
        Value::I32(i) => My::Int((*i).into()),
        Value::I64(i) => My::Int(*i),
        Value::U64(u) => My::UInt(*u),
        Value::F32(f) => {
            finite(f64::from(*f))?;
            My::Float(*f)
        }
        Value::F64(f) => {
            finite(*f)?;
            My::Double(*f)
        }
        Value::Text(s) => My::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => My::Bytes(b.clone()),
        #[cfg(feature = "chrono")]
        Value::Date(d) => date_time(*d, chrono::NaiveTime::MIN)?,
        #[cfg(feature = "chrono")]
        Value::Time(t) => {
            let (h, m, s, us) = time_parts(*t)?;
            My::Time(false, 0, h, m, s, us)
        }
        #[cfg(feature = "chrono")]
        Value::Timestamp(ts) => date_time(ts.date(), ts.time())?,
        #[cfg(feature = "chrono")]
        Value::TimestampTz(ts) => {
            let utc = ts.naive_utc();
            date_time(utc.date(), utc.time())?
        }
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => My::Bytes(u.hyphenated().to_string().into_bytes()),
        #[cfg(feature = "json")]
        Value::Json(j) => My::Bytes(j.to_string().into_bytes()),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => My::Bytes(d.to_string().into_bytes()),
        // `Value` is non-exhaustive: a variant added to the core later is refused, not guessed.
        other => {
            return Err(format!(
                "MySQL binding does not know {} values",
                other.kind()
            ));
        }
    })
}

fn finite(f: f64) -> std::result::Result<(), String> {
    if f.is_finite() {
        Ok(())
    } else {
        Err(format!(
            "{f} cannot be stored: MySQL and MariaDB have no NaN or infinity in FLOAT / DOUBLE"
        ))
    }
}

#[cfg(feature = "chrono")]
fn date_time(d: chrono::NaiveDate, t: chrono::NaiveTime) -> std::result::Result<My, String> {
    use chrono::Datelike;
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| *y <= 9999)
        .ok_or_else(|| format!("{d}: MySQL dates hold the years 0000 to 9999"))?;
    // Month and day of a valid NaiveDate always fit a u8.
    let month = u8::try_from(d.month()).unwrap_or(1);
    let day = u8::try_from(d.day()).unwrap_or(1);
    let (h, m, s, us) = time_parts(t)?;
    Ok(My::Date(year, month, day, h, m, s, us))
}

/// Hours, minutes, seconds and microseconds of a time of day.
#[cfg(feature = "chrono")]
fn time_parts(t: chrono::NaiveTime) -> std::result::Result<(u8, u8, u8, u32), String> {
    use chrono::Timelike;
    if t.nanosecond() >= 1_000_000_000 {
        return Err(format!("{t} is a leap second, which MySQL cannot store"));
    }
    // Hours < 24 and minutes, seconds < 60 for every NaiveTime that is not a leap second.
    let h = u8::try_from(t.hour()).unwrap_or(0);
    let m = u8::try_from(t.minute()).unwrap_or(0);
    let s = u8::try_from(t.second()).unwrap_or(0);
    Ok((h, m, s, t.nanosecond() / 1_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(value(&Value::Null), Ok(My::NULL));
        assert_eq!(value(&Value::Bool(true)), Ok(My::Int(1)));
        assert_eq!(value(&Value::Bool(false)), Ok(My::Int(0)));
        assert_eq!(value(&Value::I8(-8)), Ok(My::Int(-8)));
        assert_eq!(value(&Value::I16(-16)), Ok(My::Int(-16)));
        assert_eq!(value(&Value::I32(i32::MIN)), Ok(My::Int(i32::MIN.into())));
        assert_eq!(value(&Value::I64(i64::MIN)), Ok(My::Int(i64::MIN)));
        assert_eq!(value(&Value::U64(u64::MAX)), Ok(My::UInt(u64::MAX)));
        assert_eq!(value(&Value::F32(1.5)), Ok(My::Float(1.5)));
        assert_eq!(value(&Value::F64(-2.25)), Ok(My::Double(-2.25)));
        assert_eq!(
            value(&Value::Text("a'\\😀\0".into())),
            Ok(My::Bytes("a'\\😀\0".as_bytes().to_vec()))
        );
        assert_eq!(
            value(&Value::Bytes(vec![0, 255])),
            Ok(My::Bytes(vec![0, 255]))
        );
    }

    #[test]
    fn non_finite_floats_are_refused_with_their_position() {
        for bad in [
            Value::F64(f64::NAN),
            Value::F64(f64::INFINITY),
            Value::F64(f64::NEG_INFINITY),
            Value::F32(f32::NAN),
            Value::F32(f32::INFINITY),
        ] {
            let err = params(&[Value::I64(1), bad.clone()]).unwrap_err();
            match err {
                Error::Value(msg) => {
                    assert!(msg.starts_with("parameter 2 ("), "{msg}");
                    assert!(msg.contains("no NaN or infinity"), "{msg}");
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn empty_parameter_list() {
        assert_eq!(params(&[]), Ok(mysql::Params::Empty));
        assert_eq!(
            params(&[Value::I64(1)]),
            Ok(mysql::Params::Positional(vec![My::Int(1)]))
        );
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn dates_and_times() {
        use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let t = NaiveTime::from_hms_nano_opt(23, 59, 58, 123_456_789).unwrap();
        assert_eq!(
            value(&Value::Date(d)),
            Ok(My::Date(2024, 2, 29, 0, 0, 0, 0))
        );
        assert_eq!(
            value(&Value::Time(t)),
            Ok(My::Time(false, 0, 23, 59, 58, 123_456))
        );
        assert_eq!(
            value(&Value::Timestamp(d.and_time(t))),
            Ok(My::Date(2024, 2, 29, 23, 59, 58, 123_456))
        );
        let tz = chrono::FixedOffset::east_opt(2 * 3600)
            .unwrap()
            .with_ymd_and_hms(2024, 3, 1, 1, 30, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            value(&Value::TimestampTz(tz)),
            Ok(My::Date(2024, 2, 29, 23, 30, 0, 0))
        );
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert!(
            value(&Value::Date(far))
                .unwrap_err()
                .contains("0000 to 9999")
        );
        let bc = NaiveDate::from_ymd_opt(-1, 1, 1).unwrap();
        assert!(value(&Value::Date(bc)).is_err());
        let leap = NaiveTime::from_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
        assert!(
            value(&Value::Time(leap))
                .unwrap_err()
                .contains("leap second")
        );
    }

    #[cfg(feature = "uuid")]
    #[test]
    fn uuid_as_text() {
        let u = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(
            value(&Value::Uuid(u)),
            Ok(My::Bytes(b"01234567-89ab-cdef-0123-456789abcdef".to_vec()))
        );
    }

    #[cfg(feature = "json")]
    #[test]
    fn json_as_text() {
        let j = serde_json::json!({"a": [1, "x"]});
        assert_eq!(
            value(&Value::Json(j)),
            Ok(My::Bytes(br#"{"a":[1,"x"]}"#.to_vec()))
        );
    }

    #[cfg(feature = "decimal")]
    #[test]
    fn decimal_as_text() {
        let d: rust_decimal::Decimal = "-12.340".parse().unwrap();
        assert_eq!(
            value(&Value::Decimal(d)),
            Ok(My::Bytes(b"-12.340".to_vec()))
        );
    }
}
