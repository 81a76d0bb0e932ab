//! Canonical text of result values, so that rows from different databases compare equal
//! when they hold the same answer and differ when they do not.

use sqlweave::{Rows, Value};

/// Rows as canonical text, one `String` per value (see [`canon`]); a column's
/// SQL type as the driver reported it decides whether text is a decimal number.
///
/// ```
/// use sqlweave::{Executor, Expr, Select};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// let q = Select::new()
///     .column(Expr::value(2.0_f64).label("f"))
///     .column(Expr::value(true).label("b"))
///     .column(Expr::value(None::<i64>).label("n"))
///     .column(Expr::value("2.50").label("t"));
/// let rows = conn.fetch_all(&q)?;
/// assert_eq!(sqlweave_harness::canon_rows(&rows), [["2", "1", "NULL", "2.50"]]);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn canon_rows(rows: &Rows) -> Vec<Vec<String>> {
    rows.rows
        .iter()
        .map(|row| {
            let types = row.sql_types();
            row.values()
                .iter()
                .enumerate()
                .map(|(i, v)| canon(v, types.get(i).map_or("", String::as_str)))
                .collect()
        })
        .collect()
}

/// One value as canonical text. `sql_type` is the column's type as the driver reported it
/// ([`Row::sql_types`](sqlweave::Row::sql_types)), or `""`: text is read as a decimal
/// number only from a `NUMERIC` or `DECIMAL` column.
///
/// Each driver hands back its own [`Value`] variants for the same SQL value: `1` is an
/// `I32` on PostgreSQL (`integer`), an `I64` on SQLite; a boolean is `Bool` on PostgreSQL
/// and the integer 0 or 1 elsewhere; a `NUMERIC` is a `Decimal` (feature `decimal`) or
/// its exact text; a date is a `Date` on PostgreSQL and MariaDB (feature `chrono`) and the
/// stored text on SQLite. [`canon`] maps each to one text:
///
/// | value | canonical text |
/// | --- | --- |
/// | NULL | `NULL` |
/// | integers of any width, `BIT` | the decimal digits: `-3`, `18446744073709551615` |
/// | booleans | `0`, `1` |
/// | floats (`f32`, `f64`) | a whole one as its exact integer (`2`, `922337203685477632`), any other as the shortest decimal that reads back as the same float, without exponent: `0.1`, `0.30000000000000004`; `NaN`, `Infinity`, `-Infinity`; `-0` is `0` |
/// | decimals, and text from a column the database reports as `NUMERIC` / `DECIMAL` | the exact digits without leading or trailing zeros: `2.50` is `2.5`, `3.000` is `3` |
/// | dates, times, timestamps (feature `chrono`), and text spelling one | `2024-01-15`, `10:30:00.5`, `2024-01-15 10:30:00.5`: trailing zeros of the fraction (and a fraction of zeros) dropped; a `timestamp with time zone` in UTC as `2024-01-15 10:30:00+00:00` (text `+00` is `+00:00`) |
/// | other text | the text itself |
/// | bytes | `x'00ff'` |
/// | UUIDs (feature `uuid`) | hyphenated lower case, as their text is |
/// | JSON (feature `json`) | compact JSON text (PostgreSQL's `jsonb` reorders keys; MariaDB's JSON is text and arrives as written) |
///
/// So numbers compare by value across types (`3`, `3.0` and the decimal `3.00` are all
/// `3`, and `true` is `1`), while text compares exactly: `CAST(2.50 AS TEXT)` is `2.50`
/// on PostgreSQL and `2.5` on SQLite, and those differ. Two conflations remain, by
/// design, because rows carry no type on SQLite: text spelling a date or time compares
/// like that date or time (`'10:30:00.50'` equals `'10:30:00.5'`), and canonical text
/// does not tell a text from a number it spells (`'5'` and `5`, `'NULL'` and NULL).
///
/// ```
/// use sqlweave::Value;
/// use sqlweave_harness::canon;
///
/// assert_eq!(canon(&Value::I32(3), ""), "3");
/// assert_eq!(canon(&Value::F64(3.0), ""), "3");
/// assert_eq!(canon(&Value::Text("3.00".into()), "numeric"), "3");
/// assert_eq!(canon(&Value::Text("3.00".into()), "text"), "3.00");
/// assert_eq!(canon(&Value::Bool(true), ""), "1");
/// assert_eq!(canon(&Value::Text("2024-01-15 10:30:00.500".into()), ""), "2024-01-15 10:30:00.5");
/// ```
pub fn canon(value: &Value, sql_type: &str) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::I8(i) => i.to_string(),
        Value::I16(i) => i.to_string(),
        Value::I32(i) => i.to_string(),
        Value::I64(i) => i.to_string(),
        Value::U64(u) => u.to_string(),
        Value::F32(f) => float(f64::from(*f), &f.to_string()),
        Value::F64(f) => float(*f, &f.to_string()),
        Value::Text(s) if is_numeric_type(sql_type) => number(s).unwrap_or_else(|| s.clone()),
        Value::Text(s) => temporal(s).unwrap_or_else(|| s.clone()),
        Value::Bytes(b) => {
            let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
            format!("x'{hex}'")
        }
        #[cfg(feature = "chrono")]
        Value::Date(d) => d.to_string(),
        #[cfg(feature = "chrono")]
        Value::Time(t) => text_time(&t.to_string()),
        #[cfg(feature = "chrono")]
        Value::Timestamp(t) => text_time(&t.to_string()),
        #[cfg(feature = "chrono")]
        Value::TimestampTz(t) => text_time(&format!("{}+00:00", t.naive_utc())),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => u.to_string(),
        #[cfg(feature = "json")]
        Value::Json(j) => j.to_string(),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => {
            let s = d.to_string();
            number(&s).unwrap_or(s)
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| canon(v, "")).collect();
            format!("[{}]", items.join(", "))
        }
        other => format!("{other:?}"),
    }
}

/// The canonical text of a time or timestamp's `Display` text (chrono values only).
#[cfg(feature = "chrono")]
fn text_time(s: &str) -> String {
    temporal(s).unwrap_or_else(|| s.to_string())
}

/// `NUMERIC`, `NUMERIC(12, 2)`, `DECIMAL`, `DECIMAL UNSIGNED`, in any case.
fn is_numeric_type(sql_type: &str) -> bool {
    let t = sql_type.trim_start().to_ascii_lowercase();
    t.starts_with("numeric") || t.starts_with("decimal")
}

/// A float: a whole one as its exact integer (as the integer of the same value reads), any
/// other as `shortest` (its Display text: the shortest decimal that reads back as the same
/// float, never an exponent in Rust), through [`number`]; PostgreSQL's names for the
/// values that are not numbers.
fn float(f: f64, shortest: &str) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-Infinity" } else { "Infinity" }.into();
    }
    let text = if f.fract() == 0.0 {
        format!("{f:.0}")
    } else {
        shortest.to_string()
    };
    number(&text).unwrap_or(text)
}

/// Decimal text `-?digits(.digits)?` without leading zeros (one is kept before the point),
/// trailing zeros of the fraction, an empty fraction or the sign of zero; `None` for any
/// other text.
fn number(s: &str) -> Option<String> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || (body.contains('.') && fraction.is_empty())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    let zero = whole == "0" && fraction.is_empty();
    let mut out = String::with_capacity(s.len());
    if negative && !zero {
        out.push('-');
    }
    out.push_str(whole);
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    Some(out)
}

/// Text spelling a date (`YYYY-MM-DD`), a time (`HH:MM:SS[.f]`) or both separated by a
/// space, with an optional offset (`+HH`, `+HH:MM`, or the same with `-`) after a time:
/// the fraction without trailing zeros and `+HH` as `+HH:00`. `None` for any other text.
fn temporal(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let is_date = |t: &[u8]| {
        t.len() == 10
            && t.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    if is_date(b) {
        return Some(s.to_string());
    }
    let (date, time) = if b.len() > 11 && is_date(&b[..10]) && b[10] == b' ' {
        (&s[..11], &s[11..])
    } else {
        ("", s)
    };
    // HH:MM:SS
    let t = time.as_bytes();
    if t.len() < 8
        || !t[..8].iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b':'
            } else {
                c.is_ascii_digit()
            }
        })
    {
        return None;
    }
    let mut rest = &time[8..];
    let mut fraction = "";
    if let Some(after_point) = rest.strip_prefix('.') {
        let n = after_point.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        fraction = after_point[..n].trim_end_matches('0');
        rest = &after_point[n..];
    }
    let offset = match rest.as_bytes() {
        [] => String::new(),
        [sign @ (b'+' | b'-'), h1, h2] if h1.is_ascii_digit() && h2.is_ascii_digit() => {
            format!("{}{}:00", *sign as char, &rest[1..])
        }
        [b'+' | b'-', h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            rest.to_string()
        }
        _ => return None,
    };
    let point = if fraction.is_empty() { "" } else { "." };
    Some(format!("{date}{}{point}{fraction}{offset}", &time[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_only_what_does_not_change_their_value() {
        for (text, want) in [
            ("2.50", "2.5"),
            ("3.000", "3"),
            ("-0.00", "0"),
            ("-0.05", "-0.05"),
            ("007.10", "7.1"),
            ("100", "100"),
            ("0", "0"),
            ("1000000.01", "1000000.01"),
        ] {
            assert_eq!(number(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            "", "-", ".5", "5.", "1.2.3", "1e5", "+1", "NaN", "1 ", "--1",
        ] {
            assert_eq!(number(text), None, "{text:?}");
        }
    }

    #[test]
    fn floats_are_exact_and_integral_ones_are_integers() {
        assert_eq!(canon(&Value::F64(2.0), ""), "2");
        assert_eq!(canon(&Value::F64(-0.0), ""), "0");
        assert_eq!(canon(&Value::F64(0.1 + 0.2), ""), "0.30000000000000004");
        assert_ne!(
            canon(&Value::F64(0.1 + 0.2), ""),
            canon(&Value::F64(0.3), "")
        );
        assert_eq!(canon(&Value::F64(1e20), ""), "100000000000000000000");
        // A whole float reads as the integer of the same value.
        assert_eq!(canon(&Value::F64(2f64.powi(63)), ""), "9223372036854775808");
        assert_eq!(canon(&Value::F32(16_777_216.0), ""), "16777216");
        assert_eq!(canon(&Value::F32(0.3), ""), "0.3");
        assert_eq!(canon(&Value::F64(1e-7), ""), "0.0000001");
        assert_eq!(canon(&Value::F32(0.1), ""), "0.1");
        assert_eq!(canon(&Value::F64(f64::NAN), ""), "NaN");
        assert_eq!(canon(&Value::F64(f64::NEG_INFINITY), ""), "-Infinity");
        assert_eq!(canon(&Value::F32(f32::INFINITY), ""), "Infinity");
    }

    #[test]
    fn text_is_a_number_only_in_a_numeric_column() {
        let t = Value::Text("2.50".into());
        assert_eq!(canon(&t, "numeric"), "2.5");
        assert_eq!(canon(&t, "DECIMAL"), "2.5");
        assert_eq!(canon(&t, "NUMERIC(12, 2)"), "2.5");
        assert_eq!(canon(&t, "text"), "2.50");
        assert_eq!(canon(&t, "VARCHAR"), "2.50");
        assert_eq!(canon(&t, ""), "2.50");
        // PostgreSQL's NUMERIC text that is not a number stays as it is.
        assert_eq!(canon(&Value::Text("NaN".into()), "numeric"), "NaN");
    }

    #[test]
    fn dates_and_times_lose_trailing_zeros_of_the_fraction() {
        for (text, want) in [
            ("2024-01-15", "2024-01-15"),
            ("2024-01-15 10:30:00", "2024-01-15 10:30:00"),
            ("2024-01-15 10:30:00.000", "2024-01-15 10:30:00"),
            ("2024-01-15 10:30:00.500000", "2024-01-15 10:30:00.5"),
            ("2024-01-15 10:30:00.123456", "2024-01-15 10:30:00.123456"),
            ("10:30:00.250", "10:30:00.25"),
            ("2024-01-15 10:30:00.5+00", "2024-01-15 10:30:00.5+00:00"),
            ("2024-01-15 10:30:00-05:30", "2024-01-15 10:30:00-05:30"),
        ] {
            assert_eq!(temporal(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            "2024-01-15T10:30:00",
            "2024-1-15",
            "10:30",
            "10:30:00.",
            "10:30:00 UTC",
            "2024-01-15 10:30:00.5 BC",
            "a 10:30:00",
        ] {
            assert_eq!(temporal(text), None, "{text:?}");
        }
    }

    #[test]
    fn other_values() {
        assert_eq!(canon(&Value::Null, ""), "NULL");
        assert_eq!(canon(&Value::Bool(false), ""), "0");
        assert_eq!(canon(&Value::U64(u64::MAX), ""), "18446744073709551615");
        assert_eq!(canon(&Value::Bytes(vec![0, 255]), ""), "x'00ff'");
        assert_eq!(canon(&Value::Text("it's".into()), ""), "it's");
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_values_read_like_the_text_sqlite_holds() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let t = chrono::NaiveTime::from_hms_milli_opt(10, 30, 0, 500).unwrap();
        assert_eq!(canon(&Value::Date(d), ""), "2024-01-15");
        assert_eq!(canon(&Value::Time(t), ""), "10:30:00.5");
        assert_eq!(
            canon(&Value::Timestamp(d.and_time(t)), ""),
            canon(&Value::Text("2024-01-15 10:30:00.500".into()), "")
        );
        assert_eq!(
            canon(&Value::TimestampTz(d.and_time(t).and_utc()), ""),
            "2024-01-15 10:30:00.5+00:00"
        );
        let midnight = d.and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(
            canon(&Value::Timestamp(midnight), ""),
            "2024-01-15 00:00:00"
        );
    }

    #[cfg(feature = "decimal")]
    #[test]
    fn decimals_compare_with_floats_and_integers_by_value() {
        let d: rust_decimal::Decimal = "3.500".parse().unwrap();
        assert_eq!(canon(&Value::Decimal(d), ""), "3.5");
        assert_eq!(canon(&Value::Decimal(d), ""), canon(&Value::F64(3.5), ""));
        let whole: rust_decimal::Decimal = "-7.00".parse().unwrap();
        assert_eq!(
            canon(&Value::Decimal(whole), ""),
            canon(&Value::I64(-7), "")
        );
    }
}
