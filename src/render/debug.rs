//! Debug rendering: a statement with every value written as an SQL literal, for logs
//! and debugging only.
//!
//! sqlweave sends values as bind parameters, always. The one exception is this
//! explicitly named API, which writes them into the text so that a statement can be
//! logged, pasted into a database shell or compared by eye. It uses the dialect's
//! literal rules (`Renderer::literal`, shared with DDL), which are correct in every
//! string mode the database has:
//!
//! * PostgreSQL: text holding a backslash is written `E'…'` with the backslash doubled,
//!   which reads the same with `standard_conforming_strings` on and off; bytes are
//!   `decode('…', 'hex')`.
//! * MySQL / MariaDB: text holding a backslash or NUL is written as hex
//!   (`_utf8mb4 X'…'`), which reads the same with and without `NO_BACKSLASH_ESCAPES`.
//! * SQLite: standard strings (a backslash is an ordinary character).
//!
//! Where a value cannot be written so that every mode reads it back exactly, the
//! rendering is an error, never text that could be misread: text with NUL on SQLite and
//! PostgreSQL, NaN and infinities, named parameters without a value.
//!
//! The literals keep the type their parameter would have had, so the statement returns
//! the same rows as the parameterized one: floats are written `CAST(1.5e0 AS DOUBLE
//! PRECISION)` (a bare `1.5` would be an exact NUMERIC / DECIMAL on PostgreSQL and
//! MySQL), and negative numbers are parenthesized (`-(-5)` must not become `--5`, a
//! comment, and PostgreSQL's `-9223372036854775808::int8` would overflow).
//!
//! ```
//! use sqlweave::{Expr, Select, TableRef};
//! use sqlweave::render::DebugLiterals;
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//!
//! let t = TableRef::new("t");
//! let q = Select::new()
//!     .column(t.col("a"))
//!     .from(t.clone())
//!     .filter(t.col("name").eq("O'Brien \\ co").and(t.col("n").gt(-5)))
//!     .limit(10);
//! assert_eq!(
//!     q.render_debug_literals(&Postgres).unwrap(),
//!     r#"SELECT "t"."a" FROM "t" WHERE "t"."name" = E'O''Brien \\ co' AND "t"."n" > (-5) LIMIT 10"#
//! );
//! assert_eq!(
//!     q.render_debug_literals(&MySql::mariadb()).unwrap(),
//!     "SELECT `t`.`a` FROM `t` WHERE `t`.`name` = _utf8mb4 X'4f27427269656e205c20636f' AND `t`.`n` > (-5) LIMIT 10"
//! );
//! assert_eq!(
//!     q.render_debug_literals(&Sqlite).unwrap(),
//!     r#"SELECT "t"."a" FROM "t" WHERE "t"."name" = 'O''Brien \ co' AND "t"."n" > (-5) LIMIT 10"#
//! );
//! // A value no literal can carry exactly is refused.
//! let nul = Select::new().column(Expr::value("a\0b"));
//! assert!(nul.render_debug_literals(&Sqlite).is_err());
//! ```

use super::Renderer;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{Expr, SqlType};
use crate::query::{Compound, Query};
use crate::select::Select;
use crate::value::Value;

/// Statements that render with their values written as SQL literals, for logs and
/// debugging only. Run the parameterized statement ([`Select::render`] and friends),
/// never this text: it exists to be read.
pub trait DebugLiterals {
    /// The statement for `dialect` with every value written as a literal (see the
    /// module docs for the rules). Named parameters are an [`Error::Bind`]: the text
    /// would have a hole in it.
    fn render_debug_literals(&self, dialect: &dyn Dialect) -> Result<String>;
}

/// [`DebugLiterals::render_debug_literals`] as a function.
pub fn debug_literals(dialect: &dyn Dialect, stmt: &dyn DebugLiterals) -> Result<String> {
    stmt.render_debug_literals(dialect)
}

/// Renders twice with `f`: once with parameters (to find named parameters, which have
/// no value to write), then with literals.
fn render_with<'a>(
    d: &'a (dyn Dialect + 'a),
    f: impl Fn(&mut Renderer<'a, dyn Dialect + 'a>) -> Result<()>,
) -> Result<String> {
    let mut r = Renderer::new(d);
    f(&mut r)?;
    if let Some(slot) = r.named.first() {
        return Err(Error::Bind(format!(
            "debug literal rendering needs a value for named parameter {:?}; bind it (Expr::value) or log the parameterized statement",
            slot.name.as_str()
        )));
    }
    let mut r = Renderer::new(d);
    r.inline_values = true;
    r.debug_literals = true;
    f(&mut r)?;
    Ok(r.out)
}

impl DebugLiterals for Select {
    fn render_debug_literals(&self, dialect: &dyn Dialect) -> Result<String> {
        render_with(dialect, |r| r.select(self))
    }
}

impl DebugLiterals for Compound {
    fn render_debug_literals(&self, dialect: &dyn Dialect) -> Result<String> {
        render_with(dialect, |r| r.compound(self))
    }
}

impl DebugLiterals for Query {
    fn render_debug_literals(&self, dialect: &dyn Dialect) -> Result<String> {
        render_with(dialect, |r| {
            r.cte_body = true;
            r.top_level_dml = true;
            r.query(self)
        })
    }
}

impl DebugLiterals for Expr {
    fn render_debug_literals(&self, dialect: &dyn Dialect) -> Result<String> {
        render_with(dialect, |r| r.expr(self, 0))
    }
}

macro_rules! debug_dml {
    ($($t:ty => $method:ident),* $(,)?) => {$(
        impl DebugLiterals for $t {
            fn render_debug_literals(&self, dialect: &dyn Dialect) -> Result<String> {
                render_with(dialect, |r| r.$method(self))
            }
        }
    )*};
}

debug_dml! {
    crate::dml::Insert => insert,
    crate::dml::Update => update,
    crate::dml::Delete => delete,
    crate::dml::Merge => merge,
}

fn is_negative(v: &Value) -> bool {
    match *v {
        Value::I8(i) => i < 0,
        Value::I16(i) => i < 0,
        Value::I32(i) => i < 0,
        Value::I64(i) => i < 0,
        Value::F32(f) => f.is_sign_negative(),
        Value::F64(f) => f.is_sign_negative(),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => d.is_sign_negative(),
        _ => false,
    }
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// A value written as a literal: in DDL (`Renderer::literal`), or in the debug
    /// rendering, where literals keep their parameter's type.
    pub(crate) fn inline_value(&mut self, v: &Value) -> Result<()> {
        if !self.debug_literals {
            // `-` followed by a negative number would start a `--` comment.
            if is_negative(v) && self.out.ends_with('-') {
                self.push(" ");
            }
            return self.literal(v);
        }
        self.d.check_value(v)?;
        // The value as the driver binds it (SQLite: a decimal as its INTEGER or REAL).
        let bound = self.d.bound_value(v)?;
        let v = bound.as_ref();
        let negative = is_negative(v);
        if negative {
            self.push("(");
        }
        match *v {
            Value::F64(f) => self.float_literal(f, &format!("{f:e}"), SqlType::Double)?,
            Value::F32(f) => self.float_literal(f64::from(f), &format!("{f:e}"), SqlType::Real)?,
            // Standing alone: MySQL's hex form of text with a backslash is fine here.
            _ => self.bare_literal(v)?,
        }
        if negative {
            self.push(")");
        }
        Ok(())
    }

    /// `CAST(1.5e0 AS DOUBLE PRECISION)`: a bare decimal literal is an exact number on
    /// PostgreSQL and MySQL, where the parameter would have been a float.
    fn float_literal(&mut self, f: f64, text: &str, ty: SqlType) -> Result<()> {
        if !f.is_finite() {
            return Err(Error::Value(format!(
                "{f} cannot be written as an SQL literal"
            )));
        }
        // SQLite reads decimal literals exactly only within a range of exponents
        // (measured on 3.50: none of 60,000 random doubles with exponents from -79 to
        // 109 misread, and thousands outside): refuse rather than write a misread value.
        if self.d.name() == "SQLite" && f != 0.0 && !(1e-60..1e91).contains(&f.abs()) {
            return Err(Error::Value(format!(
                "{text} cannot be written as an SQLite literal that reads back exactly (decimal exponent outside -60..90); log the parameterized statement"
            )));
        }
        let name = self.d.cast_type(ty)?;
        self.push("CAST(");
        self.push(text);
        self.push(" AS ");
        self.push(&name);
        self.push(")");
        Ok(())
    }
}
