//! Preparing expressions for DDL, where nothing can be a bind parameter.
//!
//! DEFAULT, CHECK, generated-column and index expressions (and view queries) are part of
//! the schema: the database stores their text, so their values are written as literals
//! (see `Renderer::literal`). This module refuses what cannot become literal text — named
//! parameters and raw SQL carrying parameters — and, for expressions that live inside a
//! table's definition, removes table qualifiers from column references (`"price"`, not
//! `"products"."price"`: a CHECK or index expression can name only the table's own
//! columns, and SQLite refuses qualified names there).

use crate::error::{Error, Result};
use crate::expr::MAX_DEPTH;
use crate::expr::{ColumnRef, Expr, FuncCall, OrderBy, Window};
use crate::query::{FromItem, GroupItem, Query, SelectItem};

/// An expression inside a table's definition: unqualified columns, no parameters, no
/// subqueries. `what` names the place for error messages (`"a CHECK constraint"`).
pub(crate) fn table_expr(e: &Expr, what: &str) -> Result<Expr> {
    let mut out = e.clone();
    strip(&mut out, what, 0)?;
    Ok(out)
}

/// Checks a view's query: no named parameters, no raw SQL with parameters. Its values
/// are written as literals by the renderer.
pub(crate) fn check_query(q: &Query) -> Result<()> {
    query(q, "a view", 0)
}

fn deeper(depth: usize) -> Result<usize> {
    if depth >= MAX_DEPTH {
        return Err(Error::TooDeep { limit: MAX_DEPTH });
    }
    Ok(depth + 1)
}

fn no_params(what: &str) -> Error {
    Error::invalid(format!(
        "{what} cannot hold named parameters: DDL is stored as text, so only values (written as literals) can appear in it"
    ))
}

fn no_raw_params(what: &str) -> Error {
    Error::invalid(format!(
        "{what} cannot hold raw SQL with `?` parameters: DDL takes no bind parameters (use Expr::value for values, which are written as literals)"
    ))
}

/// Removes table qualifiers in place and refuses parameters and subqueries.
fn strip(e: &mut Expr, what: &str, depth: usize) -> Result<()> {
    let depth = deeper(depth)?;
    match e {
        Expr::Column(ColumnRef { schema, table, .. }) => {
            *schema = None;
            *table = None;
        }
        Expr::Value(_) | Expr::True | Expr::False => {}
        Expr::Param(..) => return Err(no_params(what)),
        Expr::Raw(raw) => {
            if !raw.params.is_empty() {
                return Err(no_raw_params(what));
            }
        }
        Expr::Neg(x) | Expr::Not(x) => strip(x, what, depth)?,
        Expr::Binary(b) => {
            strip(&mut b.left, what, depth)?;
            strip(&mut b.right, what, depth)?;
        }
        Expr::And(v) | Expr::Or(v) | Expr::Tuple(v) => {
            for x in v {
                strip(x, what, depth)?;
            }
        }
        Expr::IsNull { expr, .. } => strip(expr, what, depth)?,
        Expr::IsDistinctFrom { left, right, .. } => {
            strip(left, what, depth)?;
            strip(right, what, depth)?;
        }
        Expr::Like { expr, pattern, .. } => {
            strip(expr, what, depth)?;
            strip(pattern, what, depth)?;
        }
        Expr::InList { expr, list, .. } => {
            strip(expr, what, depth)?;
            for x in list {
                strip(x, what, depth)?;
            }
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            strip(expr, what, depth)?;
            strip(low, what, depth)?;
            strip(high, what, depth)?;
        }
        Expr::Case {
            operand,
            whens,
            else_,
        } => {
            if let Some(o) = operand {
                strip(o, what, depth)?;
            }
            for (w, t) in whens {
                strip(w, what, depth)?;
                strip(t, what, depth)?;
            }
            if let Some(x) = else_ {
                strip(x, what, depth)?;
            }
        }
        Expr::Cast { expr, .. } => strip(expr, what, depth)?,
        Expr::Func(call) => {
            if call.over.is_some() {
                return Err(Error::invalid(format!(
                    "{what} cannot hold a window function"
                )));
            }
            for a in &mut call.args {
                strip(a, what, depth)?;
            }
            if let Some(f) = &mut call.filter {
                strip(f, what, depth)?;
            }
            for o in &mut call.order_by {
                strip(&mut o.expr, what, depth)?;
            }
        }
        Expr::InQuery { .. } | Expr::Subquery(_) | Expr::Exists { .. } => {
            return Err(Error::invalid(format!(
                "{what} cannot hold a subquery (no database accepts one there)"
            )));
        }
        #[allow(unreachable_patterns)]
        _ => {
            return Err(Error::invalid(format!(
                "{what} cannot hold this kind of expression"
            )));
        }
    }
    Ok(())
}

/// Walks a query for parameters (values are fine: the renderer inlines them).
fn query(q: &Query, what: &str, depth: usize) -> Result<()> {
    let depth = deeper(depth)?;
    match q {
        Query::Select(s) => {
            if let Some(w) = &s.with {
                for c in &w.ctes {
                    query(&c.query, what, depth)?;
                }
            }
            if let crate::query::Distinct::On(v) = &s.distinct {
                exprs(v, what, depth)?;
            }
            for item in &s.items {
                if let SelectItem::Expr { expr: e, .. } = item {
                    expr(e, what, depth)?;
                }
            }
            if let Some(f) = &s.from {
                from(f, what, depth)?;
            }
            for j in &s.joins {
                from(&j.item, what, depth)?;
                if let Some(on) = &j.on {
                    expr(on, what, depth)?;
                }
            }
            if let Some(w) = &s.where_ {
                expr(w, what, depth)?;
            }
            for g in &s.group_by {
                match g {
                    GroupItem::Expr(e) => expr(e, what, depth)?,
                    GroupItem::Rollup(v) | GroupItem::Cube(v) => exprs(v, what, depth)?,
                    GroupItem::GroupingSets(sets) => {
                        for v in sets {
                            exprs(v, what, depth)?;
                        }
                    }
                }
            }
            if let Some(h) = &s.having {
                expr(h, what, depth)?;
            }
            order(&s.order_by, what, depth)
        }
        Query::Compound(c) => {
            if let Some(w) = &c.with {
                for cte in &w.ctes {
                    query(&cte.query, what, depth)?;
                }
            }
            query(&c.left, what, depth)?;
            query(&c.right, what, depth)?;
            order(&c.order_by, what, depth)
        }
        Query::Values(v) => {
            for row in &v.rows {
                exprs(row, what, depth)?;
            }
            Ok(())
        }
        #[allow(unreachable_patterns)]
        _ => Err(Error::invalid(format!(
            "{what} can only be defined by a SELECT, a compound query or VALUES"
        ))),
    }
}

fn from(f: &FromItem, what: &str, depth: usize) -> Result<()> {
    match f {
        FromItem::Table(_) => Ok(()),
        FromItem::Subquery { query: q, .. } => query(q, what, depth),
        FromItem::Values { values, .. } => {
            for row in &values.rows {
                exprs(row, what, depth)?;
            }
            Ok(())
        }
        #[allow(unreachable_patterns)]
        _ => Ok(()),
    }
}

fn exprs(v: &[Expr], what: &str, depth: usize) -> Result<()> {
    v.iter().try_for_each(|e| expr(e, what, depth))
}

fn order(v: &[OrderBy], what: &str, depth: usize) -> Result<()> {
    v.iter().try_for_each(|o| expr(&o.expr, what, depth))
}

fn window(w: &Window, what: &str, depth: usize) -> Result<()> {
    exprs(&w.partition_by, what, depth)?;
    order(&w.order_by, what, depth)
}

fn call(c: &FuncCall, what: &str, depth: usize) -> Result<()> {
    exprs(&c.args, what, depth)?;
    if let Some(f) = &c.filter {
        expr(f, what, depth)?;
    }
    order(&c.order_by, what, depth)?;
    if let Some(w) = &c.over {
        window(w, what, depth)?;
    }
    Ok(())
}

/// Walks an expression of a query for parameters.
fn expr(e: &Expr, what: &str, depth: usize) -> Result<()> {
    let depth = deeper(depth)?;
    match e {
        Expr::Param(..) => Err(no_params(what)),
        Expr::Raw(raw) if !raw.params.is_empty() => Err(no_raw_params(what)),
        Expr::Column(_) | Expr::Value(_) | Expr::True | Expr::False | Expr::Raw(_) => Ok(()),
        Expr::Neg(x) | Expr::Not(x) => expr(x, what, depth),
        Expr::Binary(b) => {
            expr(&b.left, what, depth)?;
            expr(&b.right, what, depth)
        }
        Expr::And(v) | Expr::Or(v) | Expr::Tuple(v) => exprs(v, what, depth),
        Expr::IsNull { expr: x, .. } | Expr::Cast { expr: x, .. } => expr(x, what, depth),
        Expr::IsDistinctFrom { left, right, .. } => {
            expr(left, what, depth)?;
            expr(right, what, depth)
        }
        Expr::Like {
            expr: x, pattern, ..
        } => {
            expr(x, what, depth)?;
            expr(pattern, what, depth)
        }
        Expr::InList { expr: x, list, .. } => {
            expr(x, what, depth)?;
            exprs(list, what, depth)
        }
        Expr::InQuery {
            expr: x, query: q, ..
        } => {
            expr(x, what, depth)?;
            query(q, what, depth)
        }
        Expr::Between {
            expr: x, low, high, ..
        } => {
            expr(x, what, depth)?;
            expr(low, what, depth)?;
            expr(high, what, depth)
        }
        Expr::Case {
            operand,
            whens,
            else_,
        } => {
            if let Some(o) = operand {
                expr(o, what, depth)?;
            }
            for (w, t) in whens {
                expr(w, what, depth)?;
                expr(t, what, depth)?;
            }
            match else_ {
                Some(x) => expr(x, what, depth),
                None => Ok(()),
            }
        }
        Expr::Func(c) => call(c, what, depth),
        Expr::Subquery(q) | Expr::Exists { query: q, .. } => query(q, what, depth),
        #[allow(unreachable_patterns)]
        _ => Ok(()),
    }
}
