//! IN lists too long for the driver's parameter limit (more values than half of
//! [`Dialect::max_params`]), sent as ONE parameter. The list travels as data in a bind
//! parameter; no value ever becomes SQL text. The forms, by [`LargeInStyle`]:
//!
//! * `ArrayParam` (PostgreSQL): `x = ANY($1)` / `x <> ALL($1)`, `$1` a
//!   [`Value::Array`] of the values. The placeholder carries no cast: the server infers
//!   its type from `x` (an `int4[]` for an `integer` column, `citext[]`, `bpchar[]`, an
//!   enum's array …), the array of the very type it infers for each value of a plain
//!   `x IN ($1, $2, …)`, which PostgreSQL itself plans as `x = ANY(ARRAY[$1, $2, …])`.
//!   The driver encodes each element as it would encode that value as its own
//!   parameter, in binary: comparisons, collations, NULLs and float values are those of
//!   the plain list, for every value type, text included. The array is a constant for
//!   the planner (a hashed lookup, statistics of `x`), as long as the statement is
//!   planned with its parameters; the PostgreSQL driver never keeps a statement with
//!   an array parameter prepared, so it never runs on a generic plan.
//! * `JsonEach` (SQLite): `x IN (SELECT value FROM json_each(?))` with a JSON array.
//!   `json_each` gives integers, reals, text and 0 / 1 for booleans, values without
//!   affinity just as bound parameters are, so affinity and collation rules are those of
//!   the plain list. Floats are written with 17 significant digits (`{:.16e}`), which
//!   SQLite 3.50's reader (`sqlite3AtoF`, double-double arithmetic) reads back exactly
//!   when no step by 1e±100 is needed, that is for zero and for magnitudes from 1e-83 to
//!   below 1e118: 17 digits put the decimal within 0.91 half-units of the last place of
//!   the double, far more margin than the reader's error. A list holding a float
//!   outside that range is not sent this way (the plain list, an error past the limit);
//!   `tests/large_in.rs` checks random bit patterns across the whole range.
//! * `JsonTable` (MySQL 8, MariaDB 10.6+): ``x IN (SELECT `v` FROM (SELECT DISTINCT `v`
//!   FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` BIGINT PATH '$')) AS `sqlweave_json`) AS
//!   `sqlweave_in`)``. The derived table, which DISTINCT keeps from being merged, is
//!   read once and looked up by key: MariaDB 10.x plans an IN subquery of an UPDATE or
//!   DELETE as a dependent subquery (no semi-join there), which would read the whole
//!   `JSON_TABLE` again for every row (70,000 values over 40,000 rows: minutes, against
//!   50–90 ms this way). Integer lists only (booleans as 0 / 1, as the driver binds
//!   them), the column `BIGINT`, or `BIGINT UNSIGNED` for lists of non-negative values
//!   beyond `i64::MAX`; float lists as `DOUBLE` only where
//!   the server reads JSON numbers into it exactly (`exact_floats`: MariaDB, which uses
//!   its correctly rounded `strtod`; MySQL 8 parses JSON with RapidJSON's default, not
//!   full-precision, mode). Text lists are never sent this way: the `JSON_TABLE` column
//!   is an implicit-coercibility string with a collation of its own, so against a column
//!   of another collation or character set it either fails ("Illegal mix of
//!   collations") or compares under the wrong collation (measured on MariaDB 10.11: a
//!   `latin1_swedish_ci` column holding `'äbc'` matches a JSON `"ABC"` compared under
//!   `utf8mb4_general_ci`, not the parameter `'ABC'`). Past the limit they remain a
//!   [`Error::TooManyParams`](crate::Error::TooManyParams). Run on MariaDB 10.11; the
//!   MySQL 8 form is the same text, not run here (no MySQL 8 server in the test set-up).
//!
//! Lists of anything but plain values (expressions, named parameters), row-value IN
//! and values a form cannot carry exactly take the plain form; so does the rendering
//! with literals ([`crate::render::DebugLiterals`], DDL), which has no parameter limit.

use std::fmt::Write as _;

use super::Renderer;
use crate::dialect::{Dialect, LargeInStyle};
use crate::error::Result;
use crate::expr::Expr;
use crate::ident::Ident;
use crate::value::Value;

/// The smallest magnitude of a non-zero float sent in SQLite's JSON list.
const JSON_EACH_MIN_FLOAT: f64 = 1e-83;
/// The bound (exclusive) of the magnitudes of floats sent in SQLite's JSON list.
const JSON_EACH_MAX_FLOAT: f64 = 1e118;

/// Whether SQLite's JSON reader reads `f`, written as [`write_json_each_float`] writes
/// it, back exactly (see the module docs).
fn json_each_float_is_exact(f: f64) -> bool {
    f == 0.0 || (JSON_EACH_MIN_FLOAT..JSON_EACH_MAX_FLOAT).contains(&f.abs())
}

/// The values of a list, if every item is a plain value.
fn plain_values(list: &[Expr]) -> Option<Vec<&Value>> {
    list.iter()
        .map(|e| match e {
            Expr::Value(v) => Some(v),
            _ => None,
        })
        .collect()
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The JSON array SQLite's `json_each` reads the values from, if every value has an
/// exact JSON form there.
fn json_each_array(values: &[&Value]) -> Option<String> {
    let mut out = String::with_capacity(values.len() * 8 + 2);
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::F32(f) => write_json_each_float(&mut out, f64::from(*f))?,
            Value::F64(f) => write_json_each_float(&mut out, *f)?,
            Value::Text(s) if !s.contains('\0') => json_string(&mut out, s),
            other => {
                let _ = write!(out, "{}", other.as_i64()?);
            }
        }
    }
    out.push(']');
    Some(out)
}

/// Writes `f` with 17 significant digits, or `None` if SQLite would misread it.
fn write_json_each_float(out: &mut String, f: f64) -> Option<()> {
    if !f.is_finite() || !json_each_float_is_exact(f) {
        return None;
    }
    let _ = write!(out, "{f:.16e}");
    Some(())
}

/// The JSON array and column type `JSON_TABLE` reads the values with, if the list is
/// one of integers or (with `exact_floats`) one of floats.
fn json_table_array(values: &[&Value], exact_floats: bool) -> Option<(String, &'static str)> {
    let floats = values
        .iter()
        .any(|v| matches!(v, Value::F32(_) | Value::F64(_)));
    let mut out = String::with_capacity(values.len() * 8 + 2);
    let (mut negative, mut beyond_i64) = (false, false);
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match (floats, v) {
            (_, Value::Null) => out.push_str("null"),
            (true, Value::F32(f)) if exact_floats && f.is_finite() => {
                let _ = write!(out, "{:e}", f64::from(*f));
            }
            (true, Value::F64(f)) if exact_floats && f.is_finite() => {
                let _ = write!(out, "{f:e}");
            }
            (false, Value::U64(u)) => {
                beyond_i64 |= *u > i64::MAX as u64;
                let _ = write!(out, "{u}");
            }
            (
                false,
                Value::Bool(_) | Value::I8(_) | Value::I16(_) | Value::I32(_) | Value::I64(_),
            ) => {
                let n = v.as_i64()?;
                negative |= n < 0;
                let _ = write!(out, "{n}");
            }
            _ => return None,
        }
    }
    out.push(']');
    let ty = match (floats, negative, beyond_i64) {
        (true, _, _) => "DOUBLE",
        (false, true, true) => return None,
        (false, false, true) => "BIGINT UNSIGNED",
        (false, _, false) => "BIGINT",
    };
    Some((out, ty))
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders a long list of plain values as one parameter where the dialect can;
    /// returns `false` (having written nothing) where it cannot.
    pub(crate) fn large_in_list(
        &mut self,
        expr: &Expr,
        list: &[Expr],
        negated: bool,
    ) -> Result<bool> {
        let style = self.d.large_in_style();
        if style == LargeInStyle::None
            || list.len() <= self.d.max_params() / 2
            || matches!(expr, Expr::Tuple(_))
            || self.inline_values
        {
            return Ok(false);
        }
        let Some(values) = plain_values(list) else {
            return Ok(false);
        };
        match style {
            LargeInStyle::ArrayParam => {
                if values.iter().any(|v| matches!(v, Value::Array(_))) {
                    return Ok(false);
                }
                self.expr(expr, 5)?;
                self.push(if negated { " <> ALL(" } else { " = ANY(" });
                self.param_owned(Value::Array(values.into_iter().cloned().collect()))?;
                self.push(")");
            }
            LargeInStyle::JsonEach => {
                let Some(json) = json_each_array(&values) else {
                    return Ok(false);
                };
                self.expr(expr, 5)?;
                self.push(if negated {
                    " NOT IN (SELECT value FROM json_each("
                } else {
                    " IN (SELECT value FROM json_each("
                });
                self.param_owned(Value::Text(json))?;
                self.push("))");
            }
            LargeInStyle::JsonTable { exact_floats } => {
                let Some((json, ty)) = json_table_array(&values, exact_floats) else {
                    return Ok(false);
                };
                let v = Ident::from("v");
                self.expr(expr, 5)?;
                self.push(if negated {
                    " NOT IN (SELECT "
                } else {
                    " IN (SELECT "
                });
                self.ident(&v)?;
                self.push(" FROM (SELECT DISTINCT ");
                self.ident(&v)?;
                self.push(" FROM JSON_TABLE(");
                self.param_owned(Value::Text(json))?;
                self.push(", '$[*]' COLUMNS (");
                self.ident(&v)?;
                self.push(" ");
                self.push(ty);
                self.push(" PATH '$')) AS ");
                self.ident(&Ident::from("sqlweave_json"))?;
                self.push(") AS ");
                self.ident(&Ident::from("sqlweave_in"))?;
                self.push(")");
            }
            LargeInStyle::None => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_table_types() {
        let ty = |vals: Vec<Value>| {
            let refs: Vec<&Value> = vals.iter().collect();
            json_table_array(&refs, true)
        };
        assert_eq!(
            ty(vec![Value::I64(-1), Value::Null, Value::Bool(true)]),
            Some(("[-1,null,1]".into(), "BIGINT"))
        );
        assert_eq!(
            ty(vec![Value::U64(u64::MAX), Value::I32(3)]),
            Some(("[18446744073709551615,3]".into(), "BIGINT UNSIGNED"))
        );
        assert_eq!(ty(vec![Value::U64(u64::MAX), Value::I32(-3)]), None);
        assert_eq!(ty(vec![Value::U64(u64::MAX), Value::I64(-3)]), None);
        assert_eq!(
            ty(vec![Value::F64(1e-300), Value::F32(0.5)]),
            Some(("[1e-300,5e-1]".into(), "DOUBLE"))
        );
        assert_eq!(ty(vec![Value::F64(1.5), Value::I64(1)]), None);
        assert_eq!(ty(vec![Value::F64(f64::NAN)]), None);
        assert_eq!(ty(vec![Value::from("a")]), None);
        let refs = [&Value::F64(0.5)];
        assert_eq!(json_table_array(&refs, false), None);
    }

    #[test]
    fn json_each_values() {
        let refs = [
            &Value::F64(1e-83),
            &Value::F64(-0.0),
            &Value::from("a\"\\\u{1}"),
            &Value::Bool(false),
            &Value::U64(7),
        ];
        assert_eq!(
            json_each_array(&refs).unwrap(),
            r#"[1.0000000000000000e-83,-0.0000000000000000e0,"a\"\\\u0001",false,7]"#
        );
        for f in [1e-84, 1e118, f64::MIN_POSITIVE, f64::MAX, f64::INFINITY] {
            assert_eq!(json_each_array(&[&Value::F64(f)]), None, "{f:e}");
        }
        assert_eq!(json_each_array(&[&Value::U64(u64::MAX)]), None);
        assert_eq!(json_each_array(&[&Value::from("a\0")]), None);
        assert_eq!(json_each_array(&[&Value::Bytes(vec![1])]), None);
    }
}
