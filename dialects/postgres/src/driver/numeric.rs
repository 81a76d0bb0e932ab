//! PostgreSQL's binary NUMERIC format, both ways, exactly.
//!
//! On the wire a NUMERIC is a header of four 16-bit words — the number of base-10000
//! digits, the weight of the first digit (its power of 10000), the sign word and the
//! display scale (digits after the decimal point) — followed by the digits, most
//! significant first. Leading and trailing zero digits are not sent; zero has no digits.

use bytes::{BufMut, BytesMut};

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
const POS_INFINITY: u16 = 0xD000;
const NEG_INFINITY: u16 = 0xF000;

/// The largest display scale the format carries (`NUMERIC_DSCALE_MASK`).
const MAX_DSCALE: i128 = 0x3FFF;
/// The most base-10000 digits the server's `numeric_recv` accepts
/// (`NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE`).
const MAX_GROUPS: usize = 3000;
/// The most decimal digits before the point that can fit in `MAX_GROUPS` digits.
const MAX_INT_DIGITS: i128 = (MAX_GROUPS * 4) as i128;

/// Decodes a binary NUMERIC into its exact decimal text, as PostgreSQL prints it:
/// `-1.50`, `0.000100`, `NaN`, `Infinity`.
pub(super) fn to_text(raw: &[u8]) -> Result<String, String> {
    let Some((header, body)) = raw.split_first_chunk::<8>() else {
        return Err(format!(
            "a NUMERIC of {} bytes is shorter than its 8-byte header",
            raw.len()
        ));
    };
    let ndigits = usize::from(u16::from_be_bytes([header[0], header[1]]));
    let weight = i32::from(i16::from_be_bytes([header[2], header[3]]));
    let sign = u16::from_be_bytes([header[4], header[5]]);
    let dscale = usize::from(u16::from_be_bytes([header[6], header[7]]));
    match sign {
        NAN => return Ok("NaN".into()),
        POS_INFINITY => return Ok("Infinity".into()),
        NEG_INFINITY => return Ok("-Infinity".into()),
        POSITIVE | NEGATIVE => {}
        other => return Err(format!("unknown NUMERIC sign word {other:#06x}")),
    }
    if body.len() != ndigits * 2 {
        return Err(format!(
            "a NUMERIC announcing {ndigits} digits carries {} bytes of them",
            body.len()
        ));
    }
    let mut digits = Vec::with_capacity(ndigits);
    for pair in body.chunks_exact(2) {
        let d = u16::from_be_bytes([pair[0], pair[1]]);
        if d > 9999 {
            return Err(format!("NUMERIC digit {d} is not a base-10000 digit"));
        }
        digits.push(d);
    }
    let digit = |i: i32| -> u16 {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .copied()
            .unwrap_or(0)
    };

    let mut int_part = String::new();
    for i in 0..=weight {
        push_group(&mut int_part, digit(i));
    }
    let int_part = int_part.trim_start_matches('0');

    let mut out = String::with_capacity(int_part.len() + dscale + 3);
    if sign == NEGATIVE && digits.iter().any(|&d| d != 0) {
        out.push('-');
    }
    out.push_str(if int_part.is_empty() { "0" } else { int_part });
    if dscale > 0 {
        out.push('.');
        let start = out.len();
        let mut i = weight.saturating_add(1);
        while out.len() - start < dscale {
            push_group(&mut out, digit(i));
            i = i.saturating_add(1);
        }
        out.truncate(start + dscale);
    }
    Ok(out)
}

/// Appends a base-10000 digit as four decimal digits.
fn push_group(out: &mut String, d: u16) {
    for div in [1000, 100, 10, 1] {
        out.push(char::from(b'0' + ((d / div) % 10) as u8));
    }
}

/// Encodes decimal text (`-12.50`, `1e-20`, `NaN`, `Infinity`, surrounding spaces
/// allowed, as PostgreSQL's own input accepts) without rounding.
pub(super) fn encode_text(s: &str, out: &mut BytesMut) -> Result<(), String> {
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
    let special = |word: &str| {
        t.eq_ignore_ascii_case(word)
            || t.strip_prefix('+')
                .is_some_and(|r| r.eq_ignore_ascii_case(word))
    };
    if t.eq_ignore_ascii_case("nan") {
        write_special(NAN, out);
        return Ok(());
    }
    if special("infinity") || special("inf") {
        write_special(POS_INFINITY, out);
        return Ok(());
    }
    if let Some(r) = t.strip_prefix('-')
        && (r.eq_ignore_ascii_case("infinity") || r.eq_ignore_ascii_case("inf"))
    {
        write_special(NEG_INFINITY, out);
        return Ok(());
    }

    let (negative, unsigned) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => {
            let e = &unsigned[i + 1..];
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err("the exponent is not a whole number".into());
            }
            // Saturate absurdly long exponents: the range checks below refuse them.
            let exp = e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            });
            (&unsigned[..i], exp)
        }
        None => (unsigned, 0),
    };
    let (int_digits, frac_digits) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if int_digits.len() + frac_digits.len() == 0
        || !all_digits(int_digits)
        || !all_digits(frac_digits)
    {
        return Err("not a decimal number".into());
    }
    encode_parts(negative, int_digits, frac_digits, exponent, out)
}

/// Encodes an integer.
pub(super) fn encode_int(v: i128, out: &mut BytesMut) -> Result<(), String> {
    encode_parts(v < 0, &v.unsigned_abs().to_string(), "", 0, out)
}

/// Encodes a float exactly as its shortest round-trip decimal text; NaN and the
/// infinities as NUMERIC's own special values.
pub(super) fn encode_float(v: f64, single: bool, out: &mut BytesMut) -> Result<(), String> {
    if v.is_nan() {
        write_special(NAN, out);
        Ok(())
    } else if v.is_infinite() {
        write_special(if v > 0.0 { POS_INFINITY } else { NEG_INFINITY }, out);
        Ok(())
    } else if single {
        // `v` came from an f32: its f32 text is the short form the user wrote.
        encode_text(&(v as f32).to_string(), out)
    } else {
        encode_text(&v.to_string(), out)
    }
}

fn write_special(sign: u16, out: &mut BytesMut) {
    out.put_u16(0);
    out.put_i16(0);
    out.put_u16(sign);
    out.put_u16(0);
}

/// Encodes `±int_digits.frac_digits × 10^exponent`; the display scale is the number of
/// digits after the point once the exponent is applied, as PostgreSQL's input does.
fn encode_parts(
    negative: bool,
    int_digits: &str,
    frac_digits: &str,
    exponent: i64,
    out: &mut BytesMut,
) -> Result<(), String> {
    let int_digits = int_digits.trim_start_matches('0');
    let exponent = i128::from(exponent);
    // Digits before the decimal point in `int_digits ++ frac_digits`.
    let point = int_digits.len() as i128 + exponent;
    let dscale = (frac_digits.len() as i128 - exponent).max(0);
    if dscale > MAX_DSCALE {
        return Err(format!(
            "more than {MAX_DSCALE} digits after the decimal point"
        ));
    }
    if point > MAX_INT_DIGITS {
        return Err(format!(
            "more than {MAX_INT_DIGITS} digits before the decimal point"
        ));
    }
    let total = int_digits.len() + frac_digits.len();
    // Both bounds are checked above, so these fit comfortably.
    let left_pad = usize::try_from((-point).max(0)).unwrap_or(0);
    let right_pad = usize::try_from((point - total as i128).max(0)).unwrap_or(0);
    let mut all: Vec<u8> = Vec::with_capacity(left_pad + total + right_pad);
    all.resize(left_pad, b'0');
    all.extend_from_slice(int_digits.as_bytes());
    all.extend_from_slice(frac_digits.as_bytes());
    all.resize(left_pad + total + right_pad, b'0');
    let point = usize::try_from(point.max(0)).unwrap_or(0);
    let (int_part, frac_part) = all.split_at(point);

    // Align on base-10000 groups around the decimal point.
    let lead = (4 - int_part.len() % 4) % 4;
    let trail = (4 - frac_part.len() % 4) % 4;
    let mut weight = ((lead + int_part.len()) / 4) as i64 - 1;
    let mut groups: Vec<u16> = Vec::with_capacity((lead + all.len() + trail) / 4);
    let padded = std::iter::repeat_n(b'0', lead)
        .chain(int_part.iter().copied())
        .chain(frac_part.iter().copied())
        .chain(std::iter::repeat_n(b'0', trail));
    let mut acc = 0u16;
    for (i, b) in padded.enumerate() {
        acc = acc * 10 + u16::from(b - b'0');
        if i % 4 == 3 {
            groups.push(acc);
            acc = 0;
        }
    }
    let first = groups.iter().position(|&g| g != 0);
    let last = groups.iter().rposition(|&g| g != 0);
    let (groups, sign) = match (first, last) {
        (Some(f), Some(l)) => {
            weight -= f as i64;
            (&groups[f..=l], if negative { NEGATIVE } else { POSITIVE })
        }
        _ => {
            weight = 0;
            (&groups[..0], POSITIVE)
        }
    };
    if groups.len() > MAX_GROUPS {
        return Err(format!("more than {} significant digits", MAX_GROUPS * 4));
    }
    let weight = i16::try_from(weight).map_err(|_| "the number is too large".to_string())?;
    out.reserve(8 + groups.len() * 2);
    out.put_u16(groups.len() as u16);
    out.put_i16(weight);
    out.put_u16(sign);
    out.put_u16(dscale as u16);
    for &g in groups {
        out.put_u16(g);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) -> String {
        let mut buf = BytesMut::new();
        encode_text(s, &mut buf).unwrap();
        to_text(&buf).unwrap()
    }

    #[test]
    fn text_round_trips_exactly() {
        for (input, expected) in [
            ("0", "0"),
            ("0.00", "0.00"),
            ("-0", "0"),
            ("-1.5", "-1.5"),
            ("123456789.000100", "123456789.000100"),
            ("0.00000000000000000001", "0.00000000000000000001"),
            ("1e-20", "0.00000000000000000001"),
            ("1.50e1", "15.0"),
            ("12e3", "12000"),
            ("  +007.250 ", "7.250"),
            ("10000", "10000"),
            ("9999.9999", "9999.9999"),
            (".5", "0.5"),
            ("5.", "5"),
            (
                "-98765432109876543210.0123456789",
                "-98765432109876543210.0123456789",
            ),
            ("NaN", "NaN"),
            ("-Infinity", "-Infinity"),
            ("inf", "Infinity"),
        ] {
            assert_eq!(round_trip(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn wire_layout_matches_postgres() {
        // 123456789.000100 = 1 2345 6789 . 0001 00 → digits [1, 2345, 6789, 1], weight 2.
        let mut buf = BytesMut::new();
        encode_text("123456789.000100", &mut buf).unwrap();
        let words: Vec<u16> = buf
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(words, [4, 2, POSITIVE, 6, 1, 2345, 6789, 1]);
        let mut buf = BytesMut::new();
        encode_text("0", &mut buf).unwrap();
        assert_eq!(&buf[..], &[0, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn refuses_what_is_not_a_number_or_too_big() {
        let mut buf = BytesMut::new();
        for bad in [
            "",
            "-",
            ".",
            "1.2.3",
            "abc",
            "1e",
            "1e+",
            "0x10",
            "1 2",
            "1e99999999999999999999",
        ] {
            assert!(encode_text(bad, &mut buf).is_err(), "{bad:?}");
        }
        assert!(encode_text("1e-16384", &mut buf).is_err());
        assert!(encode_text("1e13000", &mut buf).is_err());
    }

    #[test]
    fn integers_and_floats() {
        let mut buf = BytesMut::new();
        encode_int(i128::from(i64::MIN), &mut buf).unwrap();
        assert_eq!(to_text(&buf).unwrap(), i64::MIN.to_string());
        let mut buf = BytesMut::new();
        encode_float(0.1, false, &mut buf).unwrap();
        assert_eq!(to_text(&buf).unwrap(), "0.1");
        let mut buf = BytesMut::new();
        encode_float(f64::from(0.1_f32), true, &mut buf).unwrap();
        assert_eq!(to_text(&buf).unwrap(), "0.1");
        let mut buf = BytesMut::new();
        encode_float(f64::NAN, false, &mut buf).unwrap();
        assert_eq!(to_text(&buf).unwrap(), "NaN");
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(to_text(&[0, 1]).is_err());
        assert!(to_text(&[0, 1, 0, 0, 0, 0, 0, 0]).is_err());
        assert!(to_text(&[0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10]).is_err());
        assert!(to_text(&[0, 0, 0, 0, 0x12, 0x34, 0, 0]).is_err());
    }
}
