//! Rendering of expressions, function calls and windows.

use super::{ATOM, Renderer, precedence};
use crate::dialect::{
    ConcatStyle, DatePartStyle, Dialect, DistinctFromStyle, Feature, IntDivStyle, NullsEmulation,
    RowInStyle, StringAggStyle,
};
use crate::error::{Error, Result};
use crate::expr::{
    BinaryOp, DatePart, Expr, Frame, FrameBound, FrameUnits, Func, FuncCall, Nulls, OrderBy,
    RawSql, SqlType, Window,
};
use crate::ident::Ident;
use crate::value::Value;

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders `e` as an operand that must bind at least as tightly as `min`.
    pub fn expr(&mut self, e: &Expr, min: u8) -> Result<()> {
        // Leaves, most of any tree, never take parentheses and leave the hint as it is:
        // they skip the bookkeeping below (the depth limit holds all the same).
        if self.depth < super::MAX_DEPTH {
            match e {
                Expr::Column(c) => return self.column_ref(c),
                Expr::Value(v) if self.hint => return self.param_hinted(v),
                Expr::Value(v) => return self.param(v),
                _ => {}
            }
        }
        self.enter()?;
        let saved = self.hint;
        self.hint = match e {
            Expr::Value(_) | Expr::Param(_) | Expr::Binary(_) => saved,
            // Operands made only of values have no column to take a type from: `-$1`,
            // `$1 IS NULL`, `$1 BETWEEN $2 AND $3`, `ABS($1)` are ambiguous or compared
            // as text on PostgreSQL unless annotated (found by tests/differential.rs).
            Expr::Neg(x) | Expr::IsNull { expr: x, .. } => saved || only_values(x),
            // The tested operand types the bounds / candidates: annotate when it has no
            // column of its own (`$1 BETWEEN $2 AND col` compares `$1 >= $2` first).
            Expr::Between { expr: x, .. } | Expr::InList { expr: x, .. } => only_values(x),
            Expr::IsDistinctFrom { left, right, .. } => only_values(left) && only_values(right),
            // A call, or a custom node (an operator of the dialect's own …), over values.
            Expr::Func(_) | Expr::Custom(_) => only_values(e),
            _ => false,
        };
        let paren = precedence(e) < min;
        if paren {
            self.push("(");
        }
        if self.repeated.is_some() {
            self.expr_repeated(e)?;
        } else {
            self.expr_inner(e)?;
        }
        if paren {
            self.push(")");
        }
        self.hint = saved;
        self.leave();
        Ok(())
    }

    /// Renders an expression whose values' types the server cannot infer from context
    /// (select-list items, VALUES cells): values made only of values get type hints.
    pub(crate) fn expr_hinted(&mut self, e: &Expr) -> Result<()> {
        let saved = self.hint;
        self.hint = only_values(e);
        let r = self.expr(e, 0);
        self.hint = saved;
        r
    }

    /// Dispatches on the node kind. Each arm calls a small function of its own, so the
    /// frame that every level of nesting pays stays small (deep trees, debug builds).
    pub(crate) fn expr_inner(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Column(c) => self.column_ref(c),
            Expr::Value(v) if self.hint => self.param_hinted(v),
            Expr::Value(v) => self.param(v),
            Expr::Param(p) => {
                self.named_param(p)?;
                if self.hint
                    && let Some(ty) = p.ty
                    && let Some(t) = self.d.typed_param_hint(ty)
                {
                    self.push("::");
                    self.push(&t);
                }
                Ok(())
            }
            Expr::True | Expr::False => {
                self.push(self.d.boolean_literal(matches!(e, Expr::True)));
                Ok(())
            }
            Expr::Raw(raw) => self.raw(raw),
            Expr::Custom(c) => self.custom(c),
            Expr::Neg(inner) => self.prefixed("-", inner),
            Expr::Not(inner) => self.prefixed("NOT ", inner),
            Expr::Binary(b) => self.binary(&b.left, b.op, &b.right),
            Expr::And(parts) => self.junction(parts, " AND ", true, 3),
            Expr::Or(parts) => self.junction(parts, " OR ", false, 2),
            Expr::IsNull { expr, negated } => self.is_null(expr, *negated),
            Expr::IsDistinctFrom {
                left,
                right,
                negated,
            } => self.distinct_from(left, right, *negated),
            Expr::Like {
                expr,
                pattern,
                escape,
                negated,
                case_insensitive,
            } => self.like(expr, pattern, *escape, *negated, *case_insensitive),
            Expr::InList {
                expr,
                list,
                negated,
            } => self.in_list(expr, list, *negated),
            Expr::InQuery {
                expr,
                query,
                negated,
            } => self.in_query(expr, query, *negated),
            Expr::Between {
                expr,
                low,
                high,
                negated,
            } => self.between(expr, low, high, *negated),
            Expr::Case {
                operand,
                whens,
                else_,
            } => self.case(operand.as_deref(), whens, else_.as_deref()),
            Expr::Cast { expr, ty } => self.cast(expr, *ty),
            Expr::Func(call) => self.func(call),
            Expr::Tuple(items) => self.tuple(items),
            Expr::Subquery(q) => self.wrapped_query("(", q),
            Expr::Excluded(name) => self.excluded(name),
            Expr::Quantified {
                left,
                op,
                all,
                query,
            } => self.quantified(left, *op, *all, query),
            Expr::Exists { query, negated } => {
                self.wrapped_query(if *negated { "NOT EXISTS (" } else { "EXISTS (" }, query)
            }
        }
    }

    /// A column. Columns declared with `table!` and still qualified as declared are
    /// written from their text checked and quoted when the program was compiled: one
    /// copy, inlined into the caller; anything else goes through [`Self::column_path`].
    #[inline(always)]
    fn column_ref(&mut self, c: &crate::expr::ColumnRef) -> Result<()> {
        if let Some(text) = self.declared_column(c) {
            self.out.push_str(text);
            return Ok(());
        }
        self.column_path(c)
    }

    #[inline(always)]
    fn declared_column(&self, c: &crate::expr::ColumnRef) -> Option<&'static str> {
        let d = c.name.static_name()?;
        if self.requalify.is_some()
            || !same_qualifier(c.table.as_ref(), d.table)
            || !same_qualifier(c.schema.as_ref(), d.schema)
        {
            return None;
        }
        self.declared_text(d, true)
    }

    /// A column written name by name, each checked and quoted.
    #[inline(never)]
    fn column_path(&mut self, c: &crate::expr::ColumnRef) -> Result<()> {
        if let Some(s) = &c.schema {
            self.ident(s)?;
            self.push(".");
        }
        if let Some(t) = &c.table {
            match &self.requalify {
                Some((alias, table)) if c.schema.is_none() && alias == t => {
                    let table = table.clone();
                    self.ident(&table)?;
                }
                _ => self.ident(t)?,
            }
            self.push(".");
        }
        self.ident(&c.name)
    }

    #[inline(never)]
    fn prefixed(&mut self, prefix: &str, inner: &Expr) -> Result<()> {
        self.push(prefix);
        self.expr(inner, ATOM)
    }

    #[inline(never)]
    fn is_null(&mut self, expr: &Expr, negated: bool) -> Result<()> {
        self.expr(expr, 5)?;
        self.push(if negated { " IS NOT NULL" } else { " IS NULL" });
        Ok(())
    }

    #[inline(never)]
    fn distinct_from(&mut self, left: &Expr, right: &Expr, negated: bool) -> Result<()> {
        match self.d.distinct_from_style() {
            DistinctFromStyle::Standard => {
                self.expr(left, 5)?;
                self.push(if negated {
                    " IS NOT DISTINCT FROM "
                } else {
                    " IS DISTINCT FROM "
                });
                self.expr(right, 5)
            }
            DistinctFromStyle::Is => {
                self.expr(left, 5)?;
                self.push(if negated { " IS " } else { " IS NOT " });
                self.expr(right, 5)
            }
            DistinctFromStyle::NullSafeEq => {
                if !negated {
                    self.push("NOT (");
                }
                self.expr(left, 5)?;
                self.push(" <=> ");
                self.expr(right, 5)?;
                if !negated {
                    self.push(")");
                }
                Ok(())
            }
        }
    }

    #[inline(never)]
    fn like(
        &mut self,
        expr: &Expr,
        pattern: &Expr,
        escape: Option<char>,
        negated: bool,
        case_insensitive: bool,
    ) -> Result<()> {
        if let Expr::Value(Value::Text(p)) = pattern
            && p.contains('\0')
            && !self.d.like_matches_nul()
        {
            return Err(self.d.unsupported(
                "a LIKE pattern containing NUL (its LIKE stops reading at the first NUL, so `ends_with(\"a\\0b\")` would also match \"xa\\0by\")",
            ));
        }
        let native_ci = case_insensitive && self.d.supports(Feature::ILike);
        let lower = case_insensitive && !native_ci;
        if lower {
            self.push("LOWER(");
            self.expr(expr, 0)?;
            self.push(")");
        } else {
            self.expr(expr, 5)?;
        }
        self.push(match (negated, native_ci) {
            (false, false) => " LIKE ",
            (true, false) => " NOT LIKE ",
            (false, true) => " ILIKE ",
            (true, true) => " NOT ILIKE ",
        });
        if lower {
            self.push("LOWER(");
            self.expr(pattern, 0)?;
            self.push(")");
        } else {
            self.expr(pattern, 5)?;
        }
        match escape {
            Some(c) => {
                if c == '\'' || c == '\\' || c.is_control() {
                    return Err(Error::invalid(format!(
                        "{c:?} cannot be a LIKE escape character (quotes, backslashes and control characters read differently across databases)"
                    )));
                }
                // LOWER(pattern) would turn an upper-case escape character into another one.
                if lower && c.to_lowercase().ne(std::iter::once(c)) {
                    return Err(Error::invalid(format!(
                        "{c:?} cannot escape a case-insensitive LIKE emulated with LOWER: choose a character without case"
                    )));
                }
                self.push(" ESCAPE '");
                self.out.push(c);
                self.push("'");
            }
            // PostgreSQL and MySQL escape with a backslash by default; say so where the
            // database has no default escape, so a pattern means the same everywhere.
            None if !self.d.supports(Feature::BackslashLikeEscape) => self.push(" ESCAPE '\\'"),
            None => {}
        }
        Ok(())
    }

    #[inline(never)]
    fn in_list(&mut self, expr: &Expr, list: &[Expr], negated: bool) -> Result<()> {
        if list.is_empty() {
            // x IN () holds for no x, NULL included; NOT IN () for every x.
            self.push(self.d.boolean_literal(negated));
            return Ok(());
        }
        if self.large_in_list(expr, list, negated)? {
            return Ok(());
        }
        self.expr(expr, 5)?;
        self.push(if negated { " NOT IN (" } else { " IN (" });
        if matches!(expr, Expr::Tuple(_)) && self.d.row_in_style() == RowInStyle::Values {
            self.push("VALUES ");
        }
        self.comma_list(list, |r, e| r.expr(e, 0))?;
        self.push(")");
        Ok(())
    }

    #[inline(never)]
    fn in_query(&mut self, expr: &Expr, query: &crate::query::Query, negated: bool) -> Result<()> {
        self.expr(expr, 5)?;
        let limited = match query {
            crate::query::Query::Select(s) => s.limit.is_some() || s.offset.is_some(),
            crate::query::Query::Compound(c) => c.limit.is_some() || c.offset.is_some(),
            _ => false,
        };
        if limited && !self.d.supports(Feature::LimitInInSubquery) {
            // MySQL refuses LIMIT directly inside IN (…); a derived table takes it.
            self.push(if negated {
                " NOT IN (SELECT * FROM ("
            } else {
                " IN (SELECT * FROM ("
            });
            self.query(query)?;
            self.push(") AS ");
            self.ident(&crate::ident::Ident::from("sqlweave_in"))?;
            self.push(")");
            return Ok(());
        }
        self.wrapped_query(if negated { " NOT IN (" } else { " IN (" }, query)
    }

    /// `left op ANY / ALL (query)`; on a dialect without the form, `= ANY` as `IN` and
    /// `<> ALL` as `NOT IN` (the same by the standard's definition), others refused.
    #[inline(never)]
    fn quantified(
        &mut self,
        left: &Expr,
        op: BinaryOp,
        all: bool,
        query: &crate::query::Query,
    ) -> Result<()> {
        let op_sql = match op {
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            other => {
                return Err(Error::invalid(format!(
                    "ANY / ALL takes a comparison operator, not {other:?}"
                )));
            }
        };
        if !self.d.supports(Feature::QuantifiedSubquery) {
            return match (op, all) {
                (BinaryOp::Eq, false) => self.in_query(left, query, false),
                (BinaryOp::NotEq, true) => self.in_query(left, query, true),
                _ => Err(Error::Unsupported {
                    dialect: self.d.name(),
                    feature: format!(
                        "`{op_sql} {}` with a subquery (only `= ANY` and `<> ALL`, written IN / NOT IN)",
                        if all { "ALL" } else { "ANY" }
                    ),
                }),
            };
        }
        self.expr(left, 5)?;
        self.push(" ");
        self.push(op_sql);
        self.push(if all { " ALL " } else { " ANY " });
        let limited = match query {
            crate::query::Query::Select(s) => s.limit.is_some() || s.offset.is_some(),
            crate::query::Query::Compound(c) => c.limit.is_some() || c.offset.is_some(),
            _ => false,
        };
        if limited && !self.d.supports(Feature::LimitInInSubquery) {
            // MySQL refuses LIMIT directly inside ANY / ALL (…) as inside IN (…).
            self.push("(SELECT * FROM (");
            self.query(query)?;
            self.push(") AS ");
            self.ident(&crate::ident::Ident::from("sqlweave_any"))?;
            self.push(")");
            return Ok(());
        }
        self.wrapped_query("(", query)
    }

    #[inline(never)]
    fn wrapped_query(&mut self, open: &str, query: &crate::query::Query) -> Result<()> {
        self.push(open);
        self.query(query)?;
        self.push(")");
        Ok(())
    }

    #[inline(never)]
    fn between(&mut self, expr: &Expr, low: &Expr, high: &Expr, negated: bool) -> Result<()> {
        self.expr(expr, 5)?;
        self.push(if negated {
            " NOT BETWEEN "
        } else {
            " BETWEEN "
        });
        self.expr(low, 5)?;
        self.push(" AND ");
        self.expr(high, 5)
    }

    #[inline(never)]
    fn case(
        &mut self,
        operand: Option<&Expr>,
        whens: &[(Expr, Expr)],
        else_: Option<&Expr>,
    ) -> Result<()> {
        if whens.is_empty() {
            return Err(Error::invalid("CASE needs at least one WHEN branch"));
        }
        self.push("CASE");
        if let Some(op) = operand {
            self.push(" ");
            self.expr(op, 0)?;
        }
        // Results made only of values (and NULLs) have no type to infer from.
        let hint_results = values_among(
            whens.iter().map(|(_, t)| t).chain(else_),
            super::MAX_DEPTH,
            true,
        );
        for (w, t) in whens {
            self.push(" WHEN ");
            self.expr(w, 0)?;
            self.push(" THEN ");
            self.result_expr(t, hint_results)?;
        }
        if let Some(e) = else_ {
            self.push(" ELSE ");
            self.result_expr(e, hint_results)?;
        }
        self.push(" END");
        Ok(())
    }

    #[inline(never)]
    fn tuple(&mut self, items: &[Expr]) -> Result<()> {
        if items.is_empty() {
            return Err(Error::invalid("a row value needs at least one element"));
        }
        self.push("(");
        self.comma_list(items, |r, e| r.expr(e, 0))?;
        self.push(")");
        Ok(())
    }

    fn result_expr(&mut self, e: &Expr, hint: bool) -> Result<()> {
        if hint {
            self.expr_hinted(e)
        } else {
            self.expr(e, 0)
        }
    }

    #[inline(never)]
    fn cast(&mut self, expr: &Expr, ty: SqlType) -> Result<()> {
        let name = self.d.cast_type(ty)?;
        self.push("CAST(");
        // The server cannot infer the type of a bare value being cast: say what it is.
        self.expr_hinted(expr)?;
        self.push(" AS ");
        self.push(&name);
        self.push(")");
        Ok(())
    }

    fn junction(&mut self, parts: &[Expr], sep: &str, empty: bool, min: u8) -> Result<()> {
        match parts {
            [] => {
                self.push(self.d.boolean_literal(empty));
                Ok(())
            }
            [one] => self.expr_inner_checked(one),
            _ => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        self.push(sep);
                    }
                    self.expr(p, min)?;
                }
                Ok(())
            }
        }
    }

    /// A single-element junction renders its element in the junction's place; the
    /// parent already decided parentheses from the element's own precedence.
    fn expr_inner_checked(&mut self, e: &Expr) -> Result<()> {
        self.enter()?;
        self.expr_inner(e)?;
        self.leave();
        Ok(())
    }

    #[inline(never)]
    fn binary(&mut self, l: &Expr, op: BinaryOp, r: &Expr) -> Result<()> {
        use BinaryOp::*;
        if op == Concat && self.d.concat_style() == ConcatStyle::ConcatFunction {
            self.push("CONCAT(");
            self.concat_args(l)?;
            self.push(", ");
            self.concat_args(r)?;
            self.push(")");
            return Ok(());
        }
        let (sym, lmin, rmin) = match op {
            Eq => (" = ", 5, 5),
            NotEq => (" <> ", 5, 5),
            Lt => (" < ", 5, 5),
            LtEq => (" <= ", 5, 5),
            Gt => (" > ", 5, 5),
            GtEq => (" >= ", 5, 5),
            // Dialects disagree on where || sits against + and *: keep its operands atomic.
            Concat => (" || ", 5, 8),
            Add => (" + ", 6, 7),
            Sub => (" - ", 6, 7),
            Mul => (" * ", 7, 8),
            Div => (" / ", 7, 8),
            Mod => return self.remainder(l, r),
            IntDiv | TrueDiv => return self.portable_div(l, op == IntDiv, r),
        };
        // A left-nested chain of || is safe; anything else below atom gets parentheses.
        let lmin = if op == Concat && !matches!(l, Expr::Binary(b) if b.op == Concat) {
            8
        } else {
            lmin
        };
        let saved = self.hint;
        // Values on both sides (or a value beside a NULL, which takes its type): the
        // server has no column to type them from.
        let is_null = |e: &Expr| matches!(e, Expr::Value(Value::Null));
        if only_values(l) && (only_values(r) || is_null(r)) || is_null(l) && only_values(r) {
            self.hint = true;
        }
        self.expr(l, lmin)?;
        self.push(sym);
        self.expr(r, rmin)?;
        self.hint = saved;
        Ok(())
    }

    /// The remainder `a % NULLIF(b, 0)`: NULL for a zero divisor on every database, as
    /// [`Self::portable_div`] divides (PostgreSQL would raise an error, MySQL in strict
    /// mode too inside INSERT and UPDATE).
    fn remainder(&mut self, l: &Expr, r: &Expr) -> Result<()> {
        // As for division: a side made only of values is annotated, or `NULLIF($1, 0)`
        // would take the type of the `0`.
        let saved = self.hint;
        self.hint = saved || only_values(l);
        self.expr(l, 7)?;
        self.push(" % NULLIF(");
        self.hint = saved || only_values(r);
        self.expr(r, 0)?;
        self.push(", 0)");
        self.hint = saved;
        Ok(())
    }

    /// Division with the same answer everywhere: `NULLIF(b, 0)` as the divisor, and the
    /// integer quotient truncated toward zero ([`IntDivStyle`]) or both operands as
    /// doubles.
    fn portable_div(&mut self, l: &Expr, int: bool, r: &Expr) -> Result<()> {
        // Each side made only of values is annotated: `NULLIF($1, 0)` would otherwise
        // take the type of the `0`, and `DIV($1, …)` NUMERIC's.
        let saved = self.hint;
        let (hint_l, hint_r) = (saved || only_values(l), saved || only_values(r));
        self.hint = hint_l;
        let style = self.d.int_div_style();
        if !int {
            self.push("CAST(");
            self.expr(l, 0)?;
            self.push(" AS ");
            let double = self.d.cast_type(SqlType::Double)?;
            self.push(&double);
            self.push(") / ");
        } else {
            match style {
                IntDivStyle::None => {
                    return Err(self.d.unsupported("integer division (Expr::int_div)"));
                }
                IntDivStyle::DivFunction => {
                    self.push("CAST(DIV(");
                    self.expr(l, 0)?;
                    self.push(", ");
                }
                IntDivStyle::DivOperator => {
                    self.expr(l, 7)?;
                    self.push(" DIV ");
                }
                IntDivStyle::CastQuotient => {
                    self.push("CAST(");
                    self.expr(l, 7)?;
                    self.push(" / ");
                }
            }
        }
        self.hint = hint_r;
        self.push("NULLIF(");
        self.expr(r, 0)?;
        self.push(", 0)");
        if int {
            match style {
                IntDivStyle::DivFunction => {
                    self.push(") AS ");
                    let big = self.d.cast_type(SqlType::BigInt)?;
                    self.push(&big);
                    self.push(")");
                }
                IntDivStyle::CastQuotient => {
                    self.push(" AS ");
                    let big = self.d.cast_type(SqlType::BigInt)?;
                    self.push(&big);
                    self.push(")");
                }
                IntDivStyle::None | IntDivStyle::DivOperator => {}
            }
        }
        self.hint = saved;
        Ok(())
    }

    /// Flattens a chain of concatenations into one `CONCAT(a, b, c)`.
    fn concat_args(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Binary(b) if b.op == BinaryOp::Concat => {
                self.enter()?;
                self.concat_args(&b.left)?;
                self.push(", ");
                self.concat_args(&b.right)?;
                self.leave();
                Ok(())
            }
            e => self.expr(e, 0),
        }
    }

    /// A space between a `-` or `/` already written and text that would make `--` or
    /// `/*` with it (custom nodes write piece by piece).
    fn space_after_dash(&mut self, next: &str) {
        let joins = (self.out.ends_with('-') && next.starts_with('-'))
            || (self.out.ends_with('/') && next.starts_with('*'));
        if joins {
            self.push(" ");
        }
    }

    /// A custom node writes itself through this renderer (its `SqlWriter`).
    #[inline(never)]
    fn custom(&mut self, c: &crate::expr::CustomExpr) -> Result<()> {
        c.node().write(&c.args, self)
    }

    #[inline(never)]
    fn raw(&mut self, raw: &RawSql) -> Result<()> {
        let mut params = raw.params.iter();
        let mut rest = raw.sql.as_str();
        while let Some(i) = rest.find('?') {
            self.push(&rest[..i]);
            if rest[i + 1..].starts_with('?') {
                self.push("?");
                rest = &rest[i + 2..];
                continue;
            }
            let Some(v) = params.next() else {
                return Err(Error::invalid(format!(
                    "raw SQL has more `?` placeholders than its {} values",
                    raw.params.len()
                )));
            };
            // An operand of an arithmetic operator has nothing to take its type from
            // (`? + ?` is `unknown + unknown` on PostgreSQL): annotated like a value
            // without a column. Elsewhere (a function's argument, after LIMIT or `=`)
            // the server types it from its place (see `Expr::raw`).
            let arithmetic = |c: Option<char>| {
                matches!(c, Some('+' | '-' | '*' | '/' | '%' | '|' | '&' | '^' | '~'))
            };
            let operand = arithmetic(self.out.trim_end().chars().next_back())
                || arithmetic(rest[i + 1..].trim_start().chars().next());
            if operand && !matches!(v, Value::Text(_)) {
                self.param_hinted(v)?;
            } else {
                self.param(v)?;
            }
            rest = &rest[i + 1..];
        }
        self.push(rest);
        if params.next().is_some() {
            return Err(Error::invalid(format!(
                "raw SQL has fewer `?` placeholders than its {} values",
                raw.params.len()
            )));
        }
        Ok(())
    }

    /// Writes `name(` after checking a function name: plain SQL words only, optionally
    /// schema-qualified. A plain name is written unquoted, as MySQL refuses quoted
    /// built-ins; a qualified one has each part quoted, where the dialect has them.
    fn function_name(&mut self, name: &str) -> Result<()> {
        let bad = |reason| Error::InvalidFunctionName {
            name: name.chars().take(80).collect(),
            reason,
        };
        let mut parts = 0;
        for part in name.split('.') {
            parts += 1;
            let mut chars = part.chars();
            match chars.next() {
                None => return Err(bad("empty name or name part")),
                Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
                Some(_) => return Err(bad("must start with an ASCII letter or `_`")),
            }
            if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(bad("only ASCII letters, digits and `_` are allowed"));
            }
            if part.len() > 63 {
                return Err(bad("longer than 63 bytes"));
            }
        }
        if parts > 2 {
            return Err(bad("at most `schema.name`"));
        }
        if let Some((schema, func)) = name.split_once('.') {
            if !self.d.supports(Feature::QualifiedFunctionNames) {
                return Err(self
                    .d
                    .unsupported(&format!("schema-qualified function names ({name:?})")));
            }
            self.ident(&Ident::from(schema.to_string()))?;
            self.push(".");
            self.ident(&Ident::from(func.to_string()))?;
            self.push("(");
            return Ok(());
        }
        // A keyword before `(` would be read as syntax, not as a call (`NOT(x) IS NULL`
        // is `NOT (x IS NULL)`, `SELECT DISTINCT(x), y` is a row-level DISTINCT).
        if RESERVED_CALL_WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(name))
        {
            return Err(bad("an SQL keyword, not a function"));
        }
        self.push(name);
        self.push("(");
        Ok(())
    }

    #[inline(never)]
    fn func(&mut self, call: &FuncCall) -> Result<()> {
        let emulate_filter = call.filter.is_some() && !self.d.supports(Feature::AggregateFilter);
        let args = call.args.as_slice();
        let arity = |n: std::ops::RangeInclusive<usize>, what: &str| -> Result<()> {
            if n.contains(&args.len()) {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "{what} takes {} to {} arguments, got {}",
                    n.start(),
                    n.end(),
                    args.len()
                )))
            }
        };
        match &call.func {
            Func::CurrentTimestamp | Func::CurrentDate => {
                arity(0..=0, "CURRENT_TIMESTAMP")?;
                self.push(if call.func == Func::CurrentDate {
                    "CURRENT_DATE"
                } else {
                    "CURRENT_TIMESTAMP"
                });
                return Ok(());
            }
            Func::Extract(part) => {
                arity(1..=1, "EXTRACT")?;
                return self.extract(*part, &args[0]);
            }
            _ => {}
        }
        let is_window_only = call.func.is_window_only();
        if is_window_only && call.over.is_none() {
            return Err(Error::invalid("a window function needs OVER (…)"));
        }
        if is_window_only && call.filter.is_some() {
            return Err(Error::invalid(
                "FILTER applies to aggregates, not to ranking or value window functions",
            ));
        }
        let catalogue_aggregate = match &call.func {
            Func::Aggregate(a) => Some(self.aggregate_name(*a)?),
            _ => None,
        };
        let simple = |s: &'static str| Some(s);
        let name: Option<&'static str> = match &call.func {
            Func::Aggregate(_) => catalogue_aggregate,
            Func::PercentileCont | Func::PercentileDisc => None,
            Func::Count => simple("COUNT"),
            Func::Sum => simple("SUM"),
            Func::Avg => simple("AVG"),
            Func::Min => simple("MIN"),
            Func::Max => simple("MAX"),
            Func::Lower => simple("LOWER"),
            Func::Upper => simple("UPPER"),
            Func::Length => simple(self.d.char_length_function()),
            Func::Abs => simple("ABS"),
            Func::Round => simple("ROUND"),
            Func::Coalesce => simple("COALESCE"),
            Func::NullIf => simple("NULLIF"),
            Func::Greatest => simple(if self.d.supports(Feature::GreatestLeast) {
                "GREATEST"
            } else {
                "MAX"
            }),
            Func::Least => simple(if self.d.supports(Feature::GreatestLeast) {
                "LEAST"
            } else {
                "MIN"
            }),
            Func::RowNumber => simple("ROW_NUMBER"),
            Func::Rank => simple("RANK"),
            Func::DenseRank => simple("DENSE_RANK"),
            Func::Ntile(_) => simple("NTILE"),
            Func::Lag(_) => simple("LAG"),
            Func::Lead(_) => simple("LEAD"),
            Func::FirstValue => simple("FIRST_VALUE"),
            Func::LastValue => simple("LAST_VALUE"),
            Func::StringAgg => None,
            Func::Named(_) => None,
            Func::CurrentTimestamp | Func::CurrentDate | Func::Extract(_) => None,
        };
        match &call.func {
            Func::Count => arity(0..=1, "COUNT")?,
            Func::Sum | Func::Avg | Func::Min | Func::Max => arity(1..=1, "an aggregate")?,
            Func::Lower | Func::Upper | Func::Length | Func::Abs | Func::FirstValue => {
                arity(1..=1, "this function")?
            }
            Func::LastValue => arity(1..=1, "LAST_VALUE")?,
            Func::Round => arity(1..=2, "ROUND")?,
            // One argument would be an aggregate MAX / MIN on SQLite, and an error there
            // for COALESCE: two or more everywhere.
            Func::Coalesce | Func::Greatest | Func::Least => {
                arity(2..=usize::MAX, "COALESCE / GREATEST / LEAST")?
            }
            Func::NullIf => arity(2..=2, "NULLIF")?,
            Func::RowNumber | Func::Rank | Func::DenseRank | Func::Ntile(_) => {
                arity(0..=0, "a ranking function")?
            }
            Func::Lag(_) | Func::Lead(_) => {
                arity(1..=2, "LAG / LEAD")?;
                if args.len() == 2 && !self.d.supports(Feature::LagLeadDefault) {
                    return Err(self.d.unsupported("a default value in LAG / LEAD"));
                }
            }
            Func::StringAgg => arity(2..=2, "string aggregation")?,
            Func::Aggregate(_) => arity(1..=1, "an aggregate")?,
            Func::PercentileCont | Func::PercentileDisc => arity(2..=2, "a percentile")?,
            _ => {}
        }
        if call.distinct && args.is_empty() {
            return Err(Error::invalid("DISTINCT needs an argument"));
        }
        self.check_call_modifiers(call, is_window_only)?;
        if crate::func::write_through_catalogue(call, self)? {
            return self.func_tail(call, emulate_filter);
        }
        match &call.func {
            Func::Aggregate(crate::expr::AggregateFn::DecimalAvg) => {
                return self.decimal_avg(call, emulate_filter);
            }
            Func::Named(n) => self.function_name(n.as_str())?,
            Func::StringAgg => {
                return self.string_agg(call, emulate_filter);
            }
            Func::PercentileCont | Func::PercentileDisc => {
                return self.percentile(call, emulate_filter);
            }
            _ => {
                self.push(name.unwrap_or("COUNT"));
                self.push("(");
            }
        }
        if call.distinct {
            self.push("DISTINCT ");
        }
        match &call.func {
            Func::Count if args.is_empty() => {
                if emulate_filter {
                    self.filter_case_arg(call, None)?;
                } else {
                    self.push("*");
                }
            }
            Func::Ntile(n) => {
                self.push(&n.to_string());
            }
            Func::Lag(off) | Func::Lead(off) => {
                self.agg_arg(call, &args[0], emulate_filter)?;
                self.push(", ");
                self.push(&off.to_string());
                if let Some(default) = args.get(1) {
                    self.push(", ");
                    self.expr(default, 0)?;
                }
            }
            Func::Aggregate(a) if a.over_doubles() => {
                // Over doubles everywhere: PostgreSQL would otherwise answer NUMERIC for
                // integers and decimals, MySQL always a DOUBLE.
                let as_double = Expr::Cast {
                    expr: args[0].clone().into(),
                    ty: SqlType::Double,
                };
                self.agg_arg(call, &as_double, emulate_filter)?;
            }
            Func::Round if self.d.round_needs_exact_cast() => {
                self.cast(&args[0], SqlType::Numeric(None))?;
                if let Some(digits) = args.get(1) {
                    self.push(", ");
                    self.expr(digits, 0)?;
                }
            }
            _ => {
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.agg_arg(call, a, emulate_filter)?;
                }
            }
        }
        if !call.order_by.is_empty() {
            self.push(" ORDER BY ");
            self.order_by_list(&call.order_by)?;
        }
        self.push(")");
        self.func_tail(call, emulate_filter)
    }

    /// Refuses DISTINCT, ORDER BY and OVER where no database (or not this one) takes
    /// them: each would otherwise reach the server as a syntax or semantic error.
    fn check_call_modifiers(&self, call: &FuncCall, is_window_only: bool) -> Result<()> {
        let aggregate = call.func.is_aggregate();
        let named = matches!(call.func, Func::Named(_));
        if !call.order_by.is_empty() {
            if !aggregate && !named {
                return Err(Error::invalid(if is_window_only {
                    "ORDER BY inside the call applies to aggregates; a window function is ordered in OVER (…)"
                } else {
                    "ORDER BY inside the call applies to aggregates, not to this function"
                }));
            }
            if call.over.is_some() {
                return Err(Error::invalid(
                    "an aggregate with ORDER BY inside the call cannot be a window function (order the window in OVER (…))",
                ));
            }
            // A named function may be an aggregate that orders on this database too
            // (MySQL's GROUP_CONCAT, MariaDB's JSON_ARRAYAGG): the server decides.
            if !named && call.func != Func::StringAgg && !self.d.supports(Feature::AggregateOrderBy)
            {
                return Err(self
                    .d
                    .unsupported("ORDER BY inside an aggregate other than string aggregation"));
            }
        }
        if call.over.is_some() {
            if call.distinct {
                return Err(Error::invalid(
                    "DISTINCT is not allowed in a window function call",
                ));
            }
            if call.func == Func::StringAgg && !self.d.supports(Feature::WindowStringAgg) {
                return Err(self
                    .d
                    .unsupported("string aggregation as a window function"));
            }
        }
        if call.distinct && !aggregate && !named {
            return Err(Error::invalid(
                "DISTINCT applies to aggregates, not to this function",
            ));
        }
        Ok(())
    }

    pub(super) fn agg_arg(
        &mut self,
        call: &FuncCall,
        a: &Expr,
        emulate_filter: bool,
    ) -> Result<()> {
        if emulate_filter {
            self.filter_case_arg(call, Some(a))
        } else {
            self.expr(a, 0)
        }
    }

    /// `CASE WHEN filter THEN arg END` (or `THEN 1` for `COUNT(*)`), the FILTER emulation.
    fn filter_case_arg(&mut self, call: &FuncCall, arg: Option<&Expr>) -> Result<()> {
        self.push("CASE WHEN ");
        if let Some(f) = &call.filter {
            self.expr(f, 0)?;
        }
        self.push(" THEN ");
        match arg {
            Some(a) => self.expr(a, 0)?,
            None => self.push("1"),
        }
        self.push(" END");
        Ok(())
    }

    pub(super) fn func_tail(&mut self, call: &FuncCall, emulate_filter: bool) -> Result<()> {
        if let Some(f) = &call.filter
            && !emulate_filter
        {
            self.push(" FILTER (WHERE ");
            self.expr(f, 0)?;
            self.push(")");
        }
        if let Some(w) = &call.over {
            if w.base.is_some() {
                return self.over_named(w);
            }
            self.push(" OVER (");
            self.window(w)?;
            self.push(")");
        }
        Ok(())
    }

    fn string_agg(&mut self, call: &FuncCall, emulate_filter: bool) -> Result<()> {
        if !self.d.supports(Feature::StringAgg) {
            return Err(self
                .d
                .unsupported("string aggregation (STRING_AGG / GROUP_CONCAT)"));
        }
        let (value, sep) = (&call.args[0], &call.args[1]);
        let style = self.d.string_agg_style();
        self.push(match style {
            StringAggStyle::StringAgg => "STRING_AGG(",
            _ => "GROUP_CONCAT(",
        });
        if call.distinct {
            self.push("DISTINCT ");
        }
        if style == StringAggStyle::StringAgg {
            // STRING_AGG takes text only: numbers and other values are cast, as
            // GROUP_CONCAT does implicitly.
            let as_text = Expr::Cast {
                expr: value.clone().into(),
                ty: SqlType::Text,
            };
            self.agg_arg(call, &as_text, emulate_filter)?;
        } else {
            self.agg_arg(call, value, emulate_filter)?;
        }
        if style == StringAggStyle::GroupConcatArgs && call.distinct {
            // SQLite's DISTINCT aggregates take one argument: only the default "," works.
            if !matches!(sep, Expr::Value(Value::Text(s)) if s == ",") {
                return Err(self
                    .d
                    .unsupported("DISTINCT string aggregation with a separator other than \",\""));
            }
        } else if style != StringAggStyle::GroupConcatSeparator {
            self.push(", ");
            self.expr(sep, 0)?;
        }
        if !call.order_by.is_empty() {
            self.push(" ORDER BY ");
            self.order_by_list(&call.order_by)?;
        }
        if style == StringAggStyle::GroupConcatSeparator {
            // MySQL's SEPARATOR takes only a string literal, not a parameter.
            let Expr::Value(Value::Text(s)) = sep else {
                return Err(self.d.unsupported(
                    "a GROUP_CONCAT separator that is not a text value (it must be a literal)",
                ));
            };
            if s.chars().any(|c| c == '\\' || c == '\0' || c.is_control()) {
                return Err(self.d.unsupported(
                    "a GROUP_CONCAT separator with backslashes or control characters (the literal would read differently under NO_BACKSLASH_ESCAPES)",
                ));
            }
            self.push(" SEPARATOR '");
            for c in s.chars() {
                if c == '\'' {
                    self.out.push('\'');
                }
                self.out.push(c);
            }
            self.push("'");
        }
        self.push(")");
        self.func_tail(call, emulate_filter)
    }

    fn extract(&mut self, part: DatePart, arg: &Expr) -> Result<()> {
        let (kw, fmt) = match part {
            DatePart::Year => ("YEAR", "%Y"),
            DatePart::Month => ("MONTH", "%m"),
            DatePart::Day => ("DAY", "%d"),
            DatePart::Hour => ("HOUR", "%H"),
            DatePart::Minute => ("MINUTE", "%M"),
            DatePart::Second => ("SECOND", "%S"),
        };
        match self.d.date_part_style() {
            DatePartStyle::Extract => {
                self.push("EXTRACT(");
                self.push(kw);
                self.push(" FROM ");
                self.expr(arg, 0)?;
                self.push(")");
            }
            DatePartStyle::ExtractAsInteger => {
                self.push("CAST(FLOOR(EXTRACT(");
                self.push(kw);
                self.push(" FROM ");
                self.expr(arg, 0)?;
                self.push(")) AS INTEGER)");
            }
            DatePartStyle::Strftime => {
                self.push("CAST(STRFTIME('");
                self.push(fmt);
                self.push("', ");
                self.expr(arg, 0)?;
                self.push(") AS INTEGER)");
            }
        }
        Ok(())
    }

    pub(crate) fn window(&mut self, w: &Window) -> Result<()> {
        let mut sep = "";
        if !w.partition_by.is_empty() {
            self.push("PARTITION BY ");
            self.comma_list(&w.partition_by, |r, e| r.expr(e, 0))?;
            sep = " ";
        }
        if !w.order_by.is_empty() {
            self.push(sep);
            self.push("ORDER BY ");
            self.order_by_list(&w.order_by)?;
            sep = " ";
        }
        if let Some(f) = &w.frame {
            self.push(sep);
            self.frame(f);
        }
        Ok(())
    }

    pub(crate) fn frame(&mut self, f: &Frame) {
        self.push(match f.units {
            FrameUnits::Rows => "ROWS ",
            FrameUnits::Range => "RANGE ",
        });
        match &f.end {
            Some(end) => {
                self.push("BETWEEN ");
                self.frame_bound(f.start);
                self.push(" AND ");
                self.frame_bound(*end);
            }
            None => self.frame_bound(f.start),
        }
    }

    fn frame_bound(&mut self, b: FrameBound) {
        match b {
            FrameBound::UnboundedPreceding => self.push("UNBOUNDED PRECEDING"),
            FrameBound::Preceding(n) => {
                self.push(&n.to_string());
                self.push(" PRECEDING");
            }
            FrameBound::CurrentRow => self.push("CURRENT ROW"),
            FrameBound::Following(n) => {
                self.push(&n.to_string());
                self.push(" FOLLOWING");
            }
            FrameBound::UnboundedFollowing => self.push("UNBOUNDED FOLLOWING"),
        }
    }

    /// Renders ORDER BY items, emulating NULLS FIRST / LAST where the dialect lacks it.
    pub(crate) fn order_by_list(&mut self, items: &[OrderBy]) -> Result<()> {
        for (i, o) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            if let Some(n) = o.nulls
                && !self.d.supports(Feature::NullsOrdering)
            {
                // The emulation writes the expression twice; nested emulations would
                // double the statement at every level.
                if self.nulls_emulation >= 4 {
                    return Err(self.d.unsupported(
                        "NULLS FIRST / LAST nested more than 4 levels deep (its emulation repeats the expression)",
                    ));
                }
                let case_key = match self.d.nulls_emulation() {
                    NullsEmulation::IsNullKey => false,
                    NullsEmulation::CaseKey => true,
                    NullsEmulation::None => {
                        return Err(self.d.unsupported("NULLS FIRST / NULLS LAST"));
                    }
                };
                self.nulls_emulation += 1;
                // The key is 1 for NULLs: DESC puts them first, ASC last.
                if case_key {
                    self.push("CASE WHEN ");
                    self.expr(&o.expr, 5)?;
                    self.push(" IS NULL THEN 1 ELSE 0 END");
                } else {
                    self.expr(&o.expr, 5)?;
                    self.push(" IS NULL");
                }
                self.push(match n {
                    Nulls::First => " DESC, ",
                    Nulls::Last => ", ",
                });
                self.expr(&o.expr, 0)?;
                if o.desc {
                    self.push(" DESC");
                }
                self.nulls_emulation -= 1;
                continue;
            }
            self.expr(&o.expr, 0)?;
            if o.desc {
                self.push(" DESC");
            }
            match o.nulls {
                Some(Nulls::First) => self.push(" NULLS FIRST"),
                Some(Nulls::Last) => self.push(" NULLS LAST"),
                None => {}
            }
        }
        Ok(())
    }
}

/// `true` for an expression built only from values (`?`, `-?`, `? + ?`): the server has
/// nothing to infer the values' types from.
#[inline]
fn only_values(e: &Expr) -> bool {
    match e {
        // The common leaves, answered without a call.
        Expr::Column(_) => false,
        Expr::Value(v) => !v.is_null(),
        // Bounded: it runs before the depth guard, on trees of any depth (deeper ones
        // fail to render anyway).
        _ => only_values_within(e, super::MAX_DEPTH),
    }
}

fn only_values_within(e: &Expr, depth: usize) -> bool {
    let Some(depth) = depth.checked_sub(1) else {
        return false;
    };
    match e {
        Expr::Value(v) => !v.is_null(),
        // A typed named parameter carries its type, so it can be annotated like a value.
        Expr::Param(p) => p.ty.is_some(),
        Expr::Neg(x) => only_values_within(x, depth),
        // `COALESCE(COALESCE($1, $2), $3)`: a call of values has no type of its own either.
        Expr::Func(call) => {
            call.over.is_none()
                && values_among(call.args.iter(), depth, nulls_take_type(&call.func))
        }
        Expr::Custom(c) => values_among(c.args.iter(), depth, false),
        Expr::Binary(b) => {
            !b.op.is_comparison()
                && only_values_within(&b.left, depth)
                && only_values_within(&b.right, depth)
        }
        _ => false,
    }
}

/// Functions whose NULL arguments take the type of the others (`COALESCE(NULL, $1)`):
/// annotating the others types the call. Elsewhere a NULL argument leaves the call to
/// the server's overload resolution (`make_interval(NULL, …, $1)`).
fn nulls_take_type(f: &crate::expr::Func) -> bool {
    use crate::expr::Func;
    matches!(
        f,
        Func::Coalesce | Func::NullIf | Func::Greatest | Func::Least
    )
}

/// Whether `items` are made only of values (at least one), where `nulls` lets NULLs
/// stand among them: `COALESCE(NULL, $1)` and `CASE … THEN NULL ELSE $1 END` have no
/// type of their own either, a NULL taking the others' type.
fn values_among<'e>(
    items: impl Iterator<Item = &'e Expr> + Clone,
    depth: usize,
    nulls: bool,
) -> bool {
    // A column among them (the common case) answers without descending.
    if items.clone().any(|e| matches!(e, Expr::Column(_))) {
        return false;
    }
    let mut any = false;
    for e in items {
        if nulls && matches!(e, Expr::Value(Value::Null)) {
            continue;
        }
        if !only_values_within(e, depth) {
            return false;
        }
        any = true;
    }
    any
}

/// Words that must not stand before `(` as a function name.
const RESERVED_CALL_WORDS: &[&str] = &[
    "ALL",
    "AND",
    "ANY",
    "ARRAY",
    "AS",
    "ASC",
    "BETWEEN",
    "BINARY",
    "BY",
    "CASE",
    "CAST",
    "COLLATE",
    "CROSS",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DEFAULT",
    "DESC",
    "DISTINCT",
    "DISTINCTROW",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXISTS",
    "FALSE",
    "FETCH",
    "FOR",
    "FROM",
    "FULL",
    "GLOB",
    "GROUP",
    "HAVING",
    "IN",
    "INNER",
    "INTERSECT",
    "INTERVAL",
    "IS",
    "ISNULL",
    "JOIN",
    "LATERAL",
    "LEFT",
    "LIKE",
    "ILIKE",
    "LIMIT",
    "MATCH",
    "NATURAL",
    "NOT",
    "NOTNULL",
    "NULL",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OUTER",
    "OVER",
    "REGEXP",
    "RETURNING",
    "RIGHT",
    "ROW",
    "ROWS",
    "SELECT",
    "SIMILAR",
    "SOME",
    "THEN",
    "TRUE",
    "UNION",
    "UNIQUE",
    "UNKNOWN",
    "USING",
    "VALUES",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "XOR",
];

/// Whether a column's qualifier is the one its declared name was made for (`""`: none).
#[inline]
fn same_qualifier(actual: Option<&crate::Ident>, declared: &str) -> bool {
    match actual {
        None => declared.is_empty(),
        Some(a) => {
            let a = a.as_str();
            !declared.is_empty() && (std::ptr::eq(a, declared) || a == declared)
        }
    }
}

/// What a custom node ([`crate::expr::Custom`]) writes through.
impl<D: Dialect + ?Sized> crate::expr::SqlWriter for Renderer<'_, D> {
    fn dialect_name(&self) -> &'static str {
        self.d.name()
    }
    fn sql(&mut self, text: &'static str) -> Result<()> {
        let comment = self.d.comment_markers().iter().any(|m| text.contains(m));
        if comment || text.contains(['?', '\0']) {
            return Err(Error::invalid(format!(
                "a custom node's text {text:?} holds `?`, NUL or a comment marker of {}",
                self.d.name()
            )));
        }
        self.space_after_dash(text);
        self.push(text);
        Ok(())
    }
    fn expr(&mut self, e: &Expr) -> Result<()> {
        self.out
            .push_str(if self.out.ends_with('-') { " " } else { "" });
        Renderer::expr(self, e, super::ATOM)
    }
    fn operand(&mut self, e: &Expr, min_precedence: u8) -> Result<()> {
        self.out
            .push_str(if self.out.ends_with('-') { " " } else { "" });
        Renderer::expr(self, e, min_precedence)
    }
    fn ident(&mut self, name: &crate::ident::Ident) -> Result<()> {
        Renderer::ident(self, name)
    }
    fn value(&mut self, v: &Value) -> Result<()> {
        self.param(v)
    }
    fn unsupported(&self, what: &str) -> Error {
        self.d.unsupported(what)
    }
    fn comment_markers(&self) -> &'static [&'static str] {
        self.d.comment_markers()
    }
}
