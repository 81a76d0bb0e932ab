//! Preparing expressions for DDL, where nothing can be a bind parameter.
//!
//! DEFAULT, CHECK, generated-column and index expressions (and view queries) are part of
//! the schema: the database stores their text, so their values are written as literals
//! (see `Renderer::literal`). This module refuses what cannot become literal text — named
//! parameters and raw SQL carrying parameters — and, for expressions that live inside a
//! table's definition, removes table qualifiers from column references (`"price"`, not
//! `"products"."price"`: a CHECK or index expression can name only the table's own
//! columns, and SQLite refuses qualified names there). Both passes are visitors
//! ([`crate::visit`]), so they reach every node the tree has.

use crate::error::{Error, Result};
use crate::expr::{ColumnRef, Expr, FuncCall, NamedParam, RawSql};
use crate::query::Query;
use crate::visit::{Visit, VisitMut, walk, walk_mut};

/// An expression inside a table's definition: unqualified columns, no parameters, no
/// subqueries. `what` names the place for error messages (`"a CHECK constraint"`).
pub(crate) fn table_expr(e: &Expr, what: &str) -> Result<Expr> {
    let mut out = e.clone();
    Strip { what }.visit_expr(&mut out)?;
    Ok(out)
}

/// Checks a view's query: no named parameters, no raw SQL with parameters. Its values
/// are written as literals by the renderer.
pub(crate) fn check_query(q: &Query) -> Result<()> {
    NoParams { what: "a view" }.visit_query(q)
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

/// Removes table qualifiers in place and refuses parameters, subqueries, window
/// functions and `excluded` columns.
struct Strip<'a> {
    what: &'a str,
}

impl VisitMut for Strip<'_> {
    fn visit_expr(&mut self, e: &mut Expr) -> Result<()> {
        if let Expr::Excluded(_) = e {
            return Err(Error::invalid(format!(
                "{} cannot hold this kind of expression",
                self.what
            )));
        }
        walk_mut::walk_expr(self, e)
    }
    fn visit_column_ref(&mut self, c: &mut ColumnRef) -> Result<()> {
        c.schema = None;
        c.table = None;
        Ok(())
    }
    fn visit_named_param(&mut self, _: &mut NamedParam) -> Result<()> {
        Err(no_params(self.what))
    }
    fn visit_raw_sql(&mut self, raw: &mut RawSql) -> Result<()> {
        if raw.params.is_empty() {
            Ok(())
        } else {
            Err(no_raw_params(self.what))
        }
    }
    fn visit_func_call(&mut self, call: &mut FuncCall) -> Result<()> {
        if call.over.is_some() {
            return Err(Error::invalid(format!(
                "{} cannot hold a window function",
                self.what
            )));
        }
        walk_mut::walk_func_call(self, call)
    }
    fn visit_query(&mut self, _: &mut Query) -> Result<()> {
        Err(Error::invalid(format!(
            "{} cannot hold a subquery (no database accepts one there)",
            self.what
        )))
    }
}

/// Refuses named parameters and raw SQL with parameters in a query (values are fine:
/// the renderer inlines them), and data-modifying statements.
struct NoParams<'a> {
    what: &'a str,
}

impl Visit for NoParams<'_> {
    fn visit_named_param(&mut self, _: &NamedParam) -> Result<()> {
        Err(no_params(self.what))
    }
    fn visit_raw_sql(&mut self, raw: &RawSql) -> Result<()> {
        if raw.params.is_empty() {
            Ok(())
        } else {
            Err(no_raw_params(self.what))
        }
    }
    fn visit_query(&mut self, q: &Query) -> Result<()> {
        match q {
            Query::Select(_) | Query::Compound(_) | Query::Values(_) => walk::walk_query(self, q),
            Query::Insert(_) | Query::Update(_) | Query::Delete(_) => Err(Error::invalid(format!(
                "{} can only be defined by a SELECT, a compound query or VALUES",
                self.what
            ))),
        }
    }
}
