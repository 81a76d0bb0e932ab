//! The one renderer: walks any tree and writes SQL text plus bind parameters.
//!
//! Parentheses are decided in one place ([`precedence`] and `Renderer::child`).
//! Dialects answer small questions through [`Dialect`]; the renderer does the rest.

mod aggregates;
mod batches;
mod ddl;
mod debug;
pub mod dialect;
pub(crate) mod dml;
mod entry;
mod explain;
mod expr;
mod feature_info;
mod large_in;
mod query;
mod repeated;
mod windows;

pub use ddl::ddl_expr_sql;
pub use debug::{DebugLiterals, debug_literals};

use crate::dialect::{Dialect, LargeInStyle};
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::ident::Ident;
use crate::query::Query;
use crate::value::Value;

pub use crate::expr::MAX_DEPTH;
pub use batches::InsertBatches;
pub use entry::Statement;

/// A named bind parameter's slots in [`Rendered::params`].
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSlot {
    /// The parameter's name.
    pub name: Ident,
    /// The declared type, if any: [`Rendered::bind`] refuses values that do not fit it.
    pub ty: Option<crate::expr::SqlType>,
    /// Whether NULL may be bound.
    pub nullable: bool,
    /// Positions (0-based) in the parameter list that take its value.
    pub positions: Vec<usize>,
}

/// SQL text and the parameters its placeholders stand for, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The SQL text.
    pub sql: String,
    /// One value per parameter position. Positions of named parameters hold
    /// `Value::Null` until [`Rendered::bind`] fills them.
    pub params: Vec<Value>,
    /// Named parameters still to be supplied.
    pub named: Vec<NamedSlot>,
}

impl Rendered {
    /// The parameters with every named parameter filled from `values`.
    ///
    /// A missing, unknown or repeated name is an [`Error::Bind`]: nothing is sent with a
    /// hole in it. So is a value that does not fit a typed parameter's declared type
    /// ([`Value::check_fits`]).
    ///
    /// ```
    /// use sqlweave::{Expr, Value, render::render_expr, Ansi};
    /// let e = Expr::column("a").eq(Expr::param("x")).or(Expr::column("b").eq(Expr::param("x")));
    /// let r = render_expr(&Ansi, &e).unwrap();
    /// assert_eq!(r.sql, r#""a" = ? OR "b" = ?"#);
    /// assert_eq!(r.bind([("x", Value::from(5))]).unwrap(), vec![Value::I32(5), Value::I32(5)]);
    /// assert!(r.bind([("y", Value::from(5))]).is_err());
    /// ```
    pub fn bind<I, N>(&self, values: I) -> Result<Vec<Value>>
    where
        I: IntoIterator<Item = (N, Value)>,
        N: AsRef<str>,
    {
        let mut params = self.params.clone();
        let mut seen = vec![false; self.named.len()];
        for (name, value) in values {
            let name = name.as_ref();
            let Some(i) = self.named.iter().position(|s| s.name.as_str() == name) else {
                return Err(Error::Bind(format!(
                    "the statement has no parameter named {name:?}"
                )));
            };
            if seen[i] {
                return Err(Error::Bind(format!("parameter {name:?} supplied twice")));
            }
            seen[i] = true;
            let slot = &self.named[i];
            if let Some(ty) = slot.ty {
                value.check_fits(ty, slot.nullable).map_err(|e| match e {
                    Error::Bind(why) => Error::Bind(format!("parameter {name:?}: {why}")),
                    other => other,
                })?;
            }
            for &p in &self.named[i].positions {
                params[p] = value.clone();
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            return Err(Error::Bind(format!(
                "no value supplied for parameter {:?}",
                self.named[i].name.as_str()
            )));
        }
        Ok(params)
    }

    /// As [`Rendered::bind`] with `(name, value)` pairs, each value first checked by the
    /// dialect's value rules ([`Dialect::check_value`]: e.g. NUL in text on PostgreSQL,
    /// an unsigned integer past `i64::MAX` on SQLite). What executors call.
    pub fn bind_for(&self, dialect: &dyn Dialect, named: &[(&str, Value)]) -> Result<Vec<Value>> {
        for (_, v) in named {
            dialect.check_value(v)?;
        }
        self.bind(named.iter().map(|(n, v)| (*n, v.clone())))
    }

    /// The parameters, or an error if the statement has named parameters to supply.
    pub fn params_checked(&self) -> Result<&[Value]> {
        match self.named.first() {
            None => Ok(&self.params),
            Some(s) => Err(Error::Bind(format!(
                "no value supplied for parameter {:?}",
                s.name.as_str()
            ))),
        }
    }
}

/// Renders any query (SELECT, compound, VALUES) for a dialect.
pub fn render_query<D: Dialect + ?Sized>(dialect: &D, query: &Query) -> Result<Rendered> {
    let mut r = Renderer::new(dialect);
    r.cte_body = true;
    r.top_level_dml = true;
    r.query(query)?;
    r.finish_checked()
}

/// Renders one expression for a dialect (for tests, docs and embedding).
pub fn render_expr<D: Dialect + ?Sized>(dialect: &D, expr: &Expr) -> Result<Rendered> {
    let mut r = Renderer::new(dialect);
    r.expr(expr, 0)?;
    r.finish_checked()
}

impl crate::select::Select {
    /// Renders this SELECT for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        let mut r = Renderer::new(dialect);
        r.select(self)?;
        r.finish_checked()
    }
}

impl crate::query::Compound {
    /// Renders this compound query for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        let mut r = Renderer::new(dialect);
        r.compound(self)?;
        r.finish_checked()
    }
}

impl Query {
    /// Renders this query for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        render_query(dialect, self)
    }
}

/// Binding strength of an expression: higher binds tighter. The single table from which
/// every parenthesization decision is made.
pub fn precedence(e: &Expr) -> u8 {
    use crate::expr::BinaryOp::*;
    match e {
        Expr::Or(v) if v.len() > 1 => 1,
        Expr::And(v) if v.len() > 1 => 2,
        Expr::Or(_) | Expr::And(_) => single_junction_precedence(e),
        Expr::Not(_) => 3,
        Expr::IsNull { .. }
        | Expr::IsDistinctFrom { .. }
        | Expr::Like { .. }
        | Expr::InList { .. }
        | Expr::InQuery { .. }
        | Expr::Quantified { .. }
        | Expr::Between { .. } => 4,
        Expr::Binary(b) => match b.op {
            Eq | NotEq | Lt | LtEq | Gt | GtEq => 4,
            Concat => 5,
            Add | Sub => 6,
            Mul | Div | Mod | IntDiv | TrueDiv => 7,
        },
        Expr::Neg(_) => 8,
        Expr::Raw(_) => 0,
        Expr::Custom(c) => c.node().precedence(),
        // `NOT EXISTS (…)` binds like NOT: `(NOT EXISTS (…)) IS NULL`, never
        // `NOT EXISTS (…) IS NULL`, which reads `NOT (EXISTS (…) IS NULL)`.
        Expr::Exists { negated: true, .. } => 3,
        _ => ATOM,
    }
}

/// The precedence of a junction of zero or one element: its element's, found without
/// recursion (a chain of single-element junctions can be arbitrarily deep).
fn single_junction_precedence(mut e: &Expr) -> u8 {
    loop {
        match e {
            Expr::Or(v) | Expr::And(v) if v.len() <= 1 => match v.first() {
                Some(inner) => e = inner,
                None => return ATOM,
            },
            other => return precedence(other),
        }
    }
}

/// Precedence of expressions that never need parentheses.
pub const ATOM: u8 = crate::expr::ATOM_PRECEDENCE;

/// The renderer's state: output text, parameters, named slots, nesting depth.
pub struct Renderer<'d, D: Dialect + ?Sized> {
    d: &'d D,
    out: String,
    params: Vec<Value>,
    named: Vec<NamedSlot>,
    depth: usize,
    /// Set while rendering an expression made only of values (`$1 + $2`, a bare select
    /// item): their types cannot be inferred by the server, so the dialect may annotate them.
    pub(crate) hint: bool,
    /// Set while rendering an upsert on MySQL 8 whose VALUES carry the row alias.
    pub(crate) excluded_alias: bool,
    /// Set while rendering an upsert from a SELECT on MySQL 8, whose proposed row is
    /// read from the derived table the SELECT is wrapped in (see `dml.rs`).
    pub(crate) excluded_derived: Option<Box<dml::ExcludedTable>>,
    /// Set when the query being rendered is a statement or CTE body, where INSERT /
    /// UPDATE / DELETE may stand.
    pub(crate) cte_body: bool,
    /// Set while rendering a DML statement given at the top level as a [`Query`].
    pub(crate) top_level_dml: bool,
    /// How many emulated NULLS FIRST / LAST are being rendered inside each other.
    pub(crate) nulls_emulation: u8,
    /// Set while rendering DDL, which takes no bind parameters: every value is written
    /// as a literal (`Renderer::literal`, src/render/ddl.rs) and named parameters are errors.
    pub(crate) inline_values: bool,
    /// Set (with `inline_values`) by the debug-literal rendering (src/render/debug.rs):
    /// literals keep the type their parameter would have had.
    pub(crate) debug_literals: bool,
    /// While rendering RETURNING where the dialect cannot qualify by the target's alias:
    /// columns qualified by the alias (first) are qualified by the table's name (second).
    pub(crate) requalify: Option<(Ident, Ident)>,
    /// Expressions with values that the SELECT being rendered repeats (see
    /// `repeated.rs`): written so the server sees one expression.
    repeated: Option<Box<repeated::Repeated>>,
    /// The WINDOW clause of the SELECT being rendered: each name, and whether its
    /// definition has PARTITION BY, ORDER BY, a frame (see `windows.rs`).
    pub(crate) named_windows: Vec<windows::Defined>,
}

impl<'d, D: Dialect + ?Sized> Renderer<'d, D> {
    /// A fresh renderer.
    pub fn new(d: &'d D) -> Self {
        Renderer {
            d,
            // Sized so that a typical statement (a reporting query of ~800 characters
            // and ~16 values) renders without growing either buffer: growth would be
            // one reallocation per doubling. Both sizes stay in the allocator's fast path.
            out: String::with_capacity(1024),
            params: Vec::with_capacity(16),
            named: Vec::new(),
            depth: 0,
            hint: false,
            excluded_alias: false,
            excluded_derived: None,
            cte_body: false,
            top_level_dml: false,
            nulls_emulation: 0,
            inline_values: false,
            debug_literals: false,
            requalify: None,
            repeated: None,
            named_windows: Vec::new(),
        }
    }

    /// The result.
    pub fn finish(self) -> Rendered {
        Rendered {
            sql: self.out,
            params: self.params,
            named: self.named,
        }
    }

    /// The result, or an error if it carries more parameters than the dialect's driver
    /// accepts in one statement (nothing is ever truncated; see
    /// [`crate::dml::Insert::render_batches`] for splitting large inserts).
    pub fn finish_checked(self) -> Result<Rendered> {
        let limit = self.d.max_params();
        if self.params.len() > limit {
            return Err(Error::TooManyParams {
                count: self.params.len(),
                limit,
                dialect: self.d.name(),
            });
        }
        Ok(self.finish())
    }

    pub(crate) fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::TooDeep { limit: MAX_DEPTH });
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Writes a quoted identifier after checking it.
    pub fn ident(&mut self, id: &Ident) -> Result<()> {
        if let Some(quoted) = id.static_name().and_then(|n| self.declared_text(n, false)) {
            self.out.push_str(quoted);
            return Ok(());
        }
        let s = id.as_str();
        if s.is_empty() {
            return Err(Error::InvalidIdentifier {
                name: String::new(),
                reason: "identifiers cannot be empty",
            });
        }
        let (open, q) = self.d.identifier_quotes();
        // One pass over the bytes finds NULs and closing quotes to double (a non-ASCII
        // quote character takes the slow path below).
        let (has_nul, has_quote) = match u8::try_from(q) {
            Ok(qb) if q.is_ascii() => scan_ident(s.as_bytes(), qb),
            _ => (s.contains('\0'), true),
        };
        if has_nul {
            return Err(Error::InvalidIdentifier {
                name: s.replace('\0', "\\0"),
                reason: "identifiers cannot contain NUL",
            });
        }
        if s.len() > self.d.max_identifier_bytes() {
            return Err(Error::InvalidIdentifier {
                name: s.chars().take(80).collect(),
                reason: "longer than the database keeps (it would be truncated and could collide)",
            });
        }
        self.d.check_identifier(s)?;
        self.out.push(open);
        if has_quote {
            for c in s.chars() {
                if c == q {
                    self.out.push(q);
                }
                self.out.push(c);
            }
        } else {
            // The common case: nothing to double, one copy.
            self.out.push_str(s);
        }
        self.out.push(q);
        Ok(())
    }

    /// The pre-quoted text of a name declared with [`table!`](macro@crate::table) (qualified
    /// or not), when the dialect accepts it unchecked ([`Dialect::accepts_plain_identifiers`]).
    #[inline]
    pub(crate) fn declared_text(
        &self,
        name: &'static crate::StaticName,
        qualified: bool,
    ) -> Option<&'static str> {
        if !self.d.accepts_plain_identifiers() {
            return None;
        }
        // Declared names are pre-quoted with one character on both sides.
        let (open, q) = self.d.identifier_quotes();
        if open != q {
            return None;
        }
        if qualified {
            name.qualified(q)
        } else {
            name.unqualified(q)
        }
    }

    /// Checks a value before it becomes a parameter: the dialect's own rules
    /// ([`Dialect::check_value`]), and array values only where the dialect's driver binds
    /// them (its long IN lists are [`LargeInStyle::ArrayParam`]), never nested.
    fn check_param(&self, v: &Value) -> Result<()> {
        if let Value::Array(items) = v {
            self.check_array_param(items)?;
        }
        self.d.check_value(v)
    }

    /// An array parameter: only where the dialect binds arrays, and never nested.
    #[cold]
    #[inline(never)]
    fn check_array_param(&self, items: &[Value]) -> Result<()> {
        if self.d.large_in_style() != LargeInStyle::ArrayParam {
            return Err(self.d.unsupported("array parameters"));
        }
        if items.iter().any(|i| matches!(i, Value::Array(_))) {
            return Err(Error::Value(
                "an array parameter cannot hold arrays (arrays do not nest)".into(),
            ));
        }
        Ok(())
    }

    /// Writes a placeholder for a value.
    pub fn param(&mut self, v: &Value) -> Result<()> {
        if self.inline_values {
            return self.inline_value(v);
        }
        self.check_param(v)?;
        #[cfg(feature = "decimal")]
        if let Value::Decimal(d) = v
            && let Some(ty) = self.d.decimal_param_type(d)
        {
            return self.param_cast(v.clone(), &ty);
        }
        self.params.push(v.clone());
        self.d.write_placeholder(&mut self.out, self.params.len());
        Ok(())
    }

    /// `CAST(? AS ty)`: a placeholder whose type the driver cannot send.
    #[cfg(feature = "decimal")]
    fn param_cast(&mut self, v: Value, ty: &str) -> Result<()> {
        self.params.push(v);
        self.out.push_str("CAST(");
        self.d.write_placeholder(&mut self.out, self.params.len());
        self.out.push_str(" AS ");
        self.out.push_str(ty);
        self.out.push(')');
        Ok(())
    }

    /// Writes a placeholder for an owned value.
    pub(crate) fn param_owned(&mut self, v: Value) -> Result<()> {
        if self.inline_values {
            return self.inline_value(&v);
        }
        self.check_param(&v)?;
        #[cfg(feature = "decimal")]
        if let Value::Decimal(d) = &v
            && let Some(ty) = self.d.decimal_param_type(d)
        {
            return self.param_cast(v, &ty);
        }
        self.params.push(v);
        self.d.write_placeholder(&mut self.out, self.params.len());
        Ok(())
    }

    /// Writes a placeholder with a type annotation where the dialect wants one.
    pub(crate) fn param_hinted(&mut self, v: &Value) -> Result<()> {
        self.param(v)?;
        if let Some(t) = self.d.param_type_hint(v) {
            self.out.push_str("::");
            self.out.push_str(t);
        }
        Ok(())
    }

    fn named_param(&mut self, param: &crate::expr::NamedParam) -> Result<()> {
        let name = &param.name;
        if self.inline_values {
            return Err(Error::invalid(format!(
                "named parameter {:?} in DDL: DDL takes no bind parameters (use a value, written as a literal)",
                name.as_str()
            )));
        }
        if name.as_str().is_empty() {
            return Err(Error::Bind("a named parameter needs a name".into()));
        }
        let slot = self.named.iter().position(|s| &s.name == name);
        if let Some(i) = slot {
            let s = &mut self.named[i];
            match (s.ty, param.ty) {
                (Some(a), Some(b)) if a != b => {
                    return Err(Error::Bind(format!(
                        "parameter {:?} is declared both {} and {}",
                        name.as_str(),
                        crate::expr::ansi_type_name(a),
                        crate::expr::ansi_type_name(b)
                    )));
                }
                (None, Some(b)) => {
                    s.ty = Some(b);
                    s.nullable = param.nullable;
                }
                (Some(_), Some(_)) => s.nullable &= param.nullable,
                _ => {}
            }
        }
        if self.d.numbered_placeholders()
            && let Some(i) = slot
            && let Some(&p) = self.named[i].positions.first()
        {
            self.d.write_placeholder(&mut self.out, p + 1);
            return Ok(());
        }
        self.params.push(Value::Null);
        let pos = self.params.len() - 1;
        match slot {
            Some(i) => self.named[i].positions.push(pos),
            None => self.named.push(NamedSlot {
                name: name.clone(),
                ty: param.ty,
                nullable: param.ty.is_none() || param.nullable,
                positions: vec![pos],
            }),
        }
        self.d.write_placeholder(&mut self.out, pos + 1);
        Ok(())
    }

    fn comma_list<T>(
        &mut self,
        items: &[T],
        mut f: impl FnMut(&mut Self, &T) -> Result<()>,
    ) -> Result<()> {
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            f(self, it)?;
        }
        Ok(())
    }
}

/// Whether `s` holds a NUL byte and whether it holds the byte `q`. Identifiers are short
/// and rendered by the dozen, so this reads whole words: two overlapping loads cover 4 to
/// 16 bytes, with the usual "has a zero byte" bit trick.
#[inline]
fn scan_ident(s: &[u8], q: u8) -> (bool, bool) {
    const LO8: u64 = 0x0101_0101_0101_0101;
    const HI8: u64 = 0x8080_8080_8080_8080;
    const LO4: u32 = 0x0101_0101;
    const HI4: u32 = 0x8080_8080;
    // Nonzero exactly when some byte of the word is zero.
    let zero8 = |w: u64| w.wrapping_sub(LO8) & !w & HI8;
    let zero4 = |w: u32| w.wrapping_sub(LO4) & !w & HI4;
    let load8 = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([1; 8]));
    let load4 = |b: &[u8]| u32::from_le_bytes(b.try_into().unwrap_or([1; 4]));
    let n = s.len();
    if n >= 8 {
        let qs = LO8 * u64::from(q);
        let (mut nul, mut quote) = (0, 0);
        let mut i = 0;
        while i + 8 <= n {
            let w = load8(&s[i..i + 8]);
            nul |= zero8(w);
            quote |= zero8(w ^ qs);
            i += 8;
        }
        if i < n {
            // The last eight bytes, overlapping bytes already read.
            let w = load8(&s[n - 8..]);
            nul |= zero8(w);
            quote |= zero8(w ^ qs);
        }
        (nul != 0, quote != 0)
    } else if n >= 4 {
        let qs = LO4 * u32::from(q);
        let (a, b) = (load4(&s[..4]), load4(&s[n - 4..]));
        (zero4(a) | zero4(b) != 0, zero4(a ^ qs) | zero4(b ^ qs) != 0)
    } else {
        let (mut nul, mut quote) = (false, false);
        for &b in s {
            nul |= b == 0;
            quote |= b == q;
        }
        (nul, quote)
    }
}

#[cfg(test)]
mod scan_tests {
    use super::scan_ident;

    #[test]
    fn scan_finds_nul_and_quote_anywhere() {
        for len in 0..24 {
            for pos in 0..len {
                for (special, q) in [(0u8, b'"'), (b'"', b'"'), (b'`', b'`'), (0x80, b'"')] {
                    let mut s = vec![b'a'; len];
                    s[pos] = special;
                    let naive = (s.contains(&0), s.contains(&q));
                    assert_eq!(scan_ident(&s, q), naive, "{s:?}");
                }
            }
            let plain = vec![b'x'; len];
            assert_eq!(scan_ident(&plain, b'"'), (false, false));
        }
    }
}
