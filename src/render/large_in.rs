//! IN lists too long for the driver's parameter limit, sent as ONE parameter: a
//! PostgreSQL array literal (`= ANY(…)`) or a JSON array read by SQLite's `json_each`.
//! The list travels as data in a bind parameter; it never becomes SQL text.

use super::Renderer;
use crate::dialect::{Dialect, LargeInStyle};
use crate::error::Result;
use crate::expr::Expr;
use crate::value::Value;

/// The array element type shared by every value of a list, if there is one.
fn element_type(list: &[Expr]) -> Option<&'static str> {
    let mut ty: Option<&'static str> = None;
    for e in list {
        let Expr::Value(v) = e else { return None };
        let t = match v {
            Value::Null => continue,
            Value::Bool(_) => "BOOLEAN",
            Value::I8(_) | Value::I16(_) | Value::I32(_) | Value::I64(_) => "BIGINT",
            Value::U64(u) if *u <= i64::MAX as u64 => "BIGINT",
            Value::F64(f) if f.is_finite() => "DOUBLE PRECISION",
            Value::F32(f) if f.is_finite() => "DOUBLE PRECISION",
            Value::Text(s) if !s.contains('\0') => "TEXT",
            _ => return None,
        };
        match ty {
            None => ty = Some(t),
            Some(prev) if prev == t => {}
            Some(_) => return None,
        }
    }
    ty
}

fn pg_array_literal(list: &[Expr]) -> String {
    let mut out = String::from("{");
    for (i, e) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Expr::Value(v) = e {
            match v {
                Value::Null => out.push_str("NULL"),
                Value::Bool(b) => out.push_str(if *b { "t" } else { "f" }),
                Value::Text(s) => {
                    out.push('"');
                    for c in s.chars() {
                        if c == '"' || c == '\\' {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                    out.push('"');
                }
                Value::F32(f) => out.push_str(&f64::from(*f).to_string()),
                Value::F64(f) => out.push_str(&f.to_string()),
                other => match other.as_i64() {
                    Some(n) => out.push_str(&n.to_string()),
                    None => out.push_str("NULL"),
                },
            }
        }
    }
    out.push('}');
    out
}

fn json_array(list: &[Expr]) -> String {
    let mut out = String::from("[");
    for (i, e) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Expr::Value(v) = e {
            match v {
                Value::Null => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Text(s) => {
                    out.push('"');
                    for c in s.chars() {
                        match c {
                            '"' => out.push_str("\\\""),
                            '\\' => out.push_str("\\\\"),
                            c if (c as u32) < 0x20 => {
                                out.push_str(&format!("\\u{:04x}", c as u32));
                            }
                            c => out.push(c),
                        }
                    }
                    out.push('"');
                }
                Value::F32(f) => out.push_str(&f64::from(*f).to_string()),
                Value::F64(f) => out.push_str(&f.to_string()),
                other => match other.as_i64() {
                    Some(n) => out.push_str(&n.to_string()),
                    None => out.push_str("null"),
                },
            }
        }
    }
    out.push(']');
    out
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
        {
            return Ok(false);
        }
        let Some(ty) = element_type(list) else {
            return Ok(false);
        };
        // A TEXT[] would compare as text where the column is citext, an enum or another
        // text-like type with its own rules: long text lists are not compacted on
        // PostgreSQL (past the limit they are a TooManyParams error).
        if style == LargeInStyle::PgArray && ty == "TEXT" {
            return Ok(false);
        }
        match style {
            LargeInStyle::PgArray => {
                self.expr(expr, 5)?;
                self.push(if negated {
                    " <> ALL(CAST(CAST("
                } else {
                    " = ANY(CAST(CAST("
                });
                self.param_owned(Value::Text(pg_array_literal(list)))?;
                self.push(" AS TEXT) AS ");
                self.push(ty);
                self.push("[]))");
            }
            LargeInStyle::JsonEach => {
                // SQLite's json_each yields 0 / 1 for booleans, as SQLite stores them.
                self.expr(expr, 5)?;
                self.push(if negated {
                    " NOT IN (SELECT value FROM json_each("
                } else {
                    " IN (SELECT value FROM json_each("
                });
                self.param_owned(Value::Text(json_array(list)))?;
                self.push("))");
            }
            LargeInStyle::None => return Ok(false),
        }
        Ok(true)
    }
}
