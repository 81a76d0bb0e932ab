//! Binding [`Value`]s as parameters: each value is adapted to the type the server
//! inferred for its placeholder, in PostgreSQL's binary format.

use std::error::Error as StdError;
use std::fmt;

use bytes::{BufMut, BytesMut};
use postgres_types::{IsNull, Kind, ToSql, Type, to_sql_checked};
use sqlweave::Value;

use super::numeric;

/// A value bound to parameter `$index + 1`.
#[derive(Debug)]
pub(super) struct Param<'a> {
    pub index: usize,
    pub value: &'a Value,
}

impl<'a> Param<'a> {
    /// The parameters of a statement, each knowing its position (for error messages).
    pub(super) fn all(params: &'a [Value]) -> Vec<Param<'a>> {
        params
            .iter()
            .enumerate()
            .map(|(index, value)| Param { index, value })
            .collect()
    }
}

/// The driver's view of [`Param::all`].
pub(super) fn as_sql<'a>(wrapped: &'a [Param<'_>]) -> Vec<&'a (dyn postgres_types::ToSql + Sync)> {
    wrapped
        .iter()
        .map(|p| p as &(dyn postgres_types::ToSql + Sync))
        .collect()
}

/// A value that cannot be sent as its parameter's type. Recognized when the driver's
/// error comes back, and turned into [`sqlweave::Error::Value`].
#[derive(Debug)]
pub(super) struct BindError(pub String);

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BindError {}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        encode(self.value, ty, out).map_err(|reason| {
            Box::new(BindError(format!(
                "parameter ${}: {reason}",
                self.index + 1
            ))) as Box<dyn StdError + Sync + Send>
        })
    }

    /// Every type: [`ToSql::to_sql`] decides per value and says why it cannot.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// The type whose binary format a parameter of type `ty` uses (a domain's base type).
pub(super) fn wire_type(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(base) => wire_type(base),
        _ => ty,
    }
}

/// Types whose binary format is the text itself and that take any value's text form.
fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    ) || (ty.name() == "citext" && matches!(ty.kind(), Kind::Simple))
}

fn mismatch(value: &Value, ty: &Type) -> String {
    format!(
        "a {} value cannot be sent as PostgreSQL type {}",
        value.kind(),
        ty.name()
    )
}

pub(super) fn encode(value: &Value, ty: &Type, out: &mut BytesMut) -> Result<IsNull, String> {
    let ty = wire_type(ty);
    match value {
        Value::Null => return Ok(IsNull::Yes),
        Value::Bool(b) => {
            if *ty == Type::BOOL {
                out.put_u8(u8::from(*b));
            } else if is_text(ty) {
                out.put_slice(if *b { b"true" } else { b"false" });
            } else {
                return Err(mismatch(value, ty));
            }
        }
        Value::I8(v) => integer(i64::from(*v), value, ty, out)?,
        Value::I16(v) => integer(i64::from(*v), value, ty, out)?,
        Value::I32(v) => integer(i64::from(*v), value, ty, out)?,
        Value::I64(v) => integer(*v, value, ty, out)?,
        Value::U64(v) => {
            let v = i64::try_from(*v).map_err(|_| {
                format!("{v} does not fit a signed 64-bit integer, the widest PostgreSQL stores")
            })?;
            integer(v, value, ty, out)?
        }
        Value::F32(v) => float(f64::from(*v), true, value, ty, out)?,
        Value::F64(v) => float(*v, false, value, ty, out)?,
        Value::Text(s) => text(s, value, ty, out)?,
        Value::Bytes(b) if *ty == Type::BYTEA => out.put_slice(b),
        #[cfg(feature = "chrono")]
        Value::Date(v) => return delegate(v, value, ty, out),
        #[cfg(feature = "chrono")]
        Value::Time(v) => return delegate(v, value, ty, out),
        #[cfg(feature = "chrono")]
        Value::Timestamp(v) => return delegate(v, value, ty, out),
        #[cfg(feature = "chrono")]
        Value::TimestampTz(v) => return delegate(v, value, ty, out),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => {
            if is_text(ty) {
                out.put_slice(u.hyphenated().to_string().as_bytes());
            } else {
                return delegate(u, value, ty, out);
            }
        }
        #[cfg(feature = "json")]
        Value::Json(j) => {
            if is_text(ty) {
                out.put_slice(j.to_string().as_bytes());
            } else {
                return delegate(j, value, ty, out);
            }
        }
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => {
            if *ty == Type::NUMERIC {
                numeric::encode_text(&d.to_string(), out)?;
            } else if *ty == Type::FLOAT8 || *ty == Type::FLOAT4 {
                let f: f64 = d.to_string().parse().map_err(|e| format!("{d}: {e}"))?;
                float(f, false, value, ty, out)?;
            } else if is_text(ty) {
                out.put_slice(d.to_string().as_bytes());
            } else {
                return Err(mismatch(value, ty));
            }
        }
        Value::Array(items) => array(items, value, ty, out)?,
        // Bytes for anything but bytea, and variants of features this crate lacks.
        _ => return Err(mismatch(value, ty)),
    }
    Ok(IsNull::No)
}

/// An array goes to an array type (one dimension, lower bound 1), in the binary array
/// format: each element encoded by [`encode`] for the element type, exactly as that
/// value would be sent as a parameter of that type.
fn array(items: &[Value], value: &Value, ty: &Type, out: &mut BytesMut) -> Result<(), String> {
    let Kind::Array(member) = ty.kind() else {
        return Err(mismatch(value, ty));
    };
    let len = i32::try_from(items.len()).map_err(|_| "an array of more than 2^31 values")?;
    out.put_i32(1); // dimensions
    out.put_i32(i32::from(items.iter().any(Value::is_null))); // has NULLs
    out.put_u32(member.oid());
    out.put_i32(len);
    out.put_i32(1); // lower bound
    for (i, item) in items.iter().enumerate() {
        if let Value::Array(_) = item {
            return Err("an array parameter cannot hold arrays (arrays do not nest)".into());
        }
        // The element's length goes before it, once it is known.
        let at = out.len();
        out.put_i32(0);
        let size = match encode(item, member, out)
            .map_err(|reason| format!("array element {}: {reason}", i + 1))?
        {
            IsNull::Yes => -1,
            IsNull::No => i32::try_from(out.len() - at - 4)
                .map_err(|_| format!("array element {} is too large", i + 1))?,
        };
        out[at..at + 4].copy_from_slice(&size.to_be_bytes());
    }
    Ok(())
}

/// Integers go to any integer type they fit (never truncated), to floats, to NUMERIC
/// and to text.
fn integer(v: i64, value: &Value, ty: &Type, out: &mut BytesMut) -> Result<(), String> {
    let range = |lo: i64, hi: i64| format!("{v} is out of range for {} ({lo}..={hi})", ty.name());
    match *ty {
        Type::INT2 => {
            out.put_i16(i16::try_from(v).map_err(|_| range(i16::MIN.into(), i16::MAX.into()))?)
        }
        Type::INT4 => {
            out.put_i32(i32::try_from(v).map_err(|_| range(i32::MIN.into(), i32::MAX.into()))?)
        }
        Type::INT8 => out.put_i64(v),
        Type::OID => out.put_u32(u32::try_from(v).map_err(|_| range(0, u32::MAX.into()))?),
        Type::FLOAT4 => out.put_f32(v as f32),
        Type::FLOAT8 => out.put_f64(v as f64),
        Type::NUMERIC => numeric::encode_int(v.into(), out)?,
        _ if is_text(ty) => out.put_slice(v.to_string().as_bytes()),
        _ => return Err(mismatch(value, ty)),
    }
    Ok(())
}

/// Floats go to either float type (a finite value too large for `real` is an error,
/// not infinity), to NUMERIC (exactly, as their shortest decimal form) and to text.
fn float(v: f64, single: bool, value: &Value, ty: &Type, out: &mut BytesMut) -> Result<(), String> {
    match *ty {
        Type::FLOAT8 => out.put_f64(v),
        Type::FLOAT4 => {
            let f = v as f32;
            if v.is_finite() && f.is_infinite() {
                return Err(format!("{v} is out of range for float4"));
            }
            out.put_f32(f);
        }
        Type::NUMERIC => numeric::encode_float(v, single, out)?,
        _ if is_text(ty) => {
            let text = if v.is_nan() {
                "NaN".to_string()
            } else if v.is_infinite() {
                if v > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
            } else if single {
                (v as f32).to_string()
            } else {
                v.to_string()
            };
            out.put_slice(text.as_bytes());
        }
        _ => return Err(mismatch(value, ty)),
    }
    Ok(())
}

/// Text goes to the text types, enums, XML and JSON, and — parsed, exactly — to
/// NUMERIC and UUID (the forms this driver reads those types as without the
/// `decimal` / `uuid` features).
fn text(s: &str, value: &Value, ty: &Type, out: &mut BytesMut) -> Result<(), String> {
    if s.contains('\0') {
        return Err("PostgreSQL text cannot contain NUL characters".into());
    }
    match *ty {
        Type::JSON | Type::XML => out.put_slice(s.as_bytes()),
        Type::JSONB => {
            out.put_u8(1);
            out.put_slice(s.as_bytes());
        }
        Type::NUMERIC => numeric::encode_text(s, out)
            .map_err(|e| format!("{} is not a NUMERIC: {e}", shorten(s)))?,
        Type::UUID => {
            out.put_slice(&parse_uuid(s).ok_or_else(|| format!("{} is not a UUID", shorten(s)))?)
        }
        _ if is_text(ty) || matches!(ty.kind(), Kind::Enum(_)) => out.put_slice(s.as_bytes()),
        _ => return Err(mismatch(value, ty)),
    }
    Ok(())
}

/// A user's text for an error message, cut to a readable length.
fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{:?}…", &s[..i]),
        None => format!("{s:?}"),
    }
}

/// The 16 bytes of a UUID written as 32 hex digits, hyphens anywhere between pairs and
/// optional braces (the forms PostgreSQL's input accepts).
fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let s = s.trim();
    let s = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(s);
    let mut bytes = [0u8; 16];
    let mut n = 0;
    let mut hex = s.bytes().filter(|&b| b != b'-');
    if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return None;
    }
    while let Some(hi) = hex.next() {
        let lo = hex.next()?;
        let byte = (char::from(hi).to_digit(16)? << 4) | char::from(lo).to_digit(16)?;
        *bytes.get_mut(n)? = byte as u8;
        n += 1;
    }
    (n == 16).then_some(bytes)
}

/// Delegates to the `postgres-types` impl for `T` when it takes `ty`.
#[cfg(any(feature = "chrono", feature = "uuid", feature = "json"))]
fn delegate<T: ToSql>(
    v: &T,
    value: &Value,
    ty: &Type,
    out: &mut BytesMut,
) -> Result<IsNull, String> {
    if T::accepts(ty) {
        v.to_sql(ty, out).map_err(|e| e.to_string())
    } else {
        Err(mismatch(value, ty))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: Value, ty: &Type) -> Result<Vec<u8>, String> {
        let mut out = BytesMut::new();
        match encode(&v, ty, &mut out)? {
            IsNull::Yes => Ok(b"NULL".to_vec()),
            IsNull::No => Ok(out.to_vec()),
        }
    }

    #[test]
    fn integers_adapt_with_range_checks() {
        assert_eq!(enc(Value::I64(7), &Type::INT2).unwrap(), [0, 7]);
        assert_eq!(enc(Value::I8(-1), &Type::INT8).unwrap(), [0xff; 8]);
        assert_eq!(enc(Value::I64(42), &Type::TEXT).unwrap(), b"42");
        let e = enc(Value::I64(i64::from(i32::MAX) + 1), &Type::INT4).unwrap_err();
        assert!(e.contains("out of range for int4"), "{e}");
        assert!(enc(Value::U64(u64::MAX), &Type::INT8).is_err());
        assert!(enc(Value::I32(-1), &Type::OID).is_err());
        assert!(enc(Value::Bool(true), &Type::INT4).is_err());
        assert_eq!(
            enc(Value::I32(1), &Type::FLOAT8).unwrap(),
            1.0_f64.to_be_bytes()
        );
    }

    #[test]
    fn mismatches_name_both_types() {
        let e = enc(Value::Text("x".into()), &Type::INT4).unwrap_err();
        assert_eq!(e, "a text value cannot be sent as PostgreSQL type int4");
        let e = enc(Value::Bytes(vec![1]), &Type::TEXT).unwrap_err();
        assert_eq!(e, "a bytes value cannot be sent as PostgreSQL type text");
    }

    #[test]
    fn text_forms() {
        assert_eq!(
            enc(Value::Text("{}".into()), &Type::JSONB).unwrap(),
            b"\x01{}"
        );
        assert_eq!(enc(Value::Bool(false), &Type::VARCHAR).unwrap(), b"false");
        assert_eq!(
            enc(Value::F64(f64::NEG_INFINITY), &Type::TEXT).unwrap(),
            b"-Infinity"
        );
        assert_eq!(enc(Value::F32(0.1), &Type::TEXT).unwrap(), b"0.1");
        assert!(enc(Value::Text("a\0b".into()), &Type::TEXT).is_err());
        assert_eq!(enc(Value::Null, &Type::INT4).unwrap(), b"NULL");
        assert!(enc(Value::F64(1e300), &Type::FLOAT4).is_err());
    }

    #[test]
    fn arrays_encode_each_element_as_its_type() {
        let v = Value::Array(vec![Value::I64(7), Value::Null, Value::I8(-1)]);
        let mut want = Vec::new();
        for word in [1_i32, 1, 23, 3, 1, 4, 7, -1, 4, -1] {
            want.extend_from_slice(&word.to_be_bytes());
        }
        assert_eq!(enc(v, &Type::INT4_ARRAY).unwrap(), want);
        let e = enc(Value::Array(vec![Value::I64(1 << 40)]), &Type::INT4_ARRAY).unwrap_err();
        assert!(e.starts_with("array element 1: "), "{e}");
        assert!(e.contains("out of range for int4"), "{e}");
        let e = enc(Value::Array(vec![Value::I64(1)]), &Type::INT4).unwrap_err();
        assert_eq!(e, "a array value cannot be sent as PostgreSQL type int4");
        let nested = Value::Array(vec![Value::Array(vec![])]);
        assert!(enc(nested, &Type::INT4_ARRAY).is_err());
        assert_eq!(
            enc(Value::Array(vec![Value::from("a")]), &Type::TEXT_ARRAY).unwrap()[20..],
            [0, 0, 0, 1, b'a']
        );
    }

    #[test]
    fn uuid_text() {
        let want: [u8; 16] = [
            0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38,
            0x0a, 0x11,
        ];
        for s in [
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}",
            "a0eebc999c0b4ef8bb6d6bb9bd380a11",
        ] {
            assert_eq!(parse_uuid(s), Some(want), "{s}");
        }
        for s in [
            "",
            "a0eebc99",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
            "g0eebc999c0b4ef8bb6d6bb9bd380a11",
        ] {
            assert_eq!(parse_uuid(s), None, "{s}");
        }
    }
}
