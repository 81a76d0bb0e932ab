//! Common walks, each a small [`Visit`] or [`VisitMut`]: the tables a statement reads
//! and writes, its named parameters, aggregates, column references, raw SQL, closures
//! over every expression, and CTE references resolved by scope.

use super::{Visit, VisitMut, Visitable, walk, walk_mut};
use crate::ddl::ObjectName;
use crate::dml::{Delete, Insert, Update};
use crate::error::{Error, Result};
use crate::expr::{ColumnRef, Expr, FuncCall, NamedParam, RawSql};
use crate::ident::Ident;
use crate::query::{Compound, CteRef, FromItem, Query, TableRef, With};
use crate::select::Select;

/// The names of the CTEs in scope at the point of a walk.
///
/// A CTE is in scope in the statement whose WITH defines it (and in everything nested in
/// that statement), and in the bodies of the CTEs defined after it in the same WITH;
/// under `WITH RECURSIVE`, in every body of that WITH, its own included.
#[derive(Default)]
struct CteScope(Vec<Ident>);

impl CteScope {
    /// Whether an unqualified table reference named `name` reads a CTE.
    fn names(&self, t: &TableRef) -> bool {
        t.schema.is_none() && self.0.iter().rev().any(|n| *n == t.name)
    }
}

/// The methods of a visitor that keeps a [`CteScope`] in `self.scope`: each statement
/// that can carry a WITH ends its CTEs' scope when it ends, and a WITH brings its CTEs
/// into scope one by one (all at once when recursive).
macro_rules! cte_scope_methods {
    ($walk:ident, $($m:tt)?) => {
        fn visit_select(&mut self, s: &$($m)? Select) -> Result<()> {
            let mark = self.scope.0.len();
            let done = $walk::walk_select(self, s);
            self.scope.0.truncate(mark);
            done
        }
        fn visit_compound(&mut self, c: &$($m)? Compound) -> Result<()> {
            let mark = self.scope.0.len();
            let done = $walk::walk_compound(self, c);
            self.scope.0.truncate(mark);
            done
        }
        fn visit_insert(&mut self, i: &$($m)? Insert) -> Result<()> {
            let mark = self.scope.0.len();
            let done = $walk::walk_insert(self, i);
            self.scope.0.truncate(mark);
            done
        }
        fn visit_update(&mut self, u: &$($m)? Update) -> Result<()> {
            let mark = self.scope.0.len();
            let done = $walk::walk_update(self, u);
            self.scope.0.truncate(mark);
            done
        }
        fn visit_delete(&mut self, d: &$($m)? Delete) -> Result<()> {
            let mark = self.scope.0.len();
            let done = $walk::walk_delete(self, d);
            self.scope.0.truncate(mark);
            done
        }
        fn visit_with(&mut self, w: &$($m)? With) -> Result<()> {
            let With { recursive, ctes } = w;
            if *recursive {
                self.scope.0.extend(ctes.iter().map(|c| c.name.clone()));
                for c in ctes {
                    self.visit_cte(c)?;
                }
            } else {
                for c in ctes {
                    self.visit_cte(c)?;
                    self.scope.0.push(c.name.clone());
                }
            }
            Ok(())
        }
    };
}

/// The tables a statement reads and writes, and the CTEs it reads: see [`table_usage`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableUsage {
    /// Tables and views read: in FROM and joins, `UPDATE … FROM`, `DELETE … USING`,
    /// `MERGE … USING`, in subqueries of every kind, CTE bodies and `INSERT … SELECT`.
    /// Each once (by schema and name; aliases dropped), in the order first met.
    pub read: Vec<ObjectName>,
    /// Tables written: the targets of INSERT, UPDATE, DELETE and MERGE, also inside
    /// data-modifying CTEs. A target is listed here, and under `read` only if the
    /// statement also reads it as a source.
    pub written: Vec<ObjectName>,
    /// CTEs read in FROM and joins, by name: [`FromItem::Cte`] references, and table
    /// references without a schema whose name is a CTE in scope (as the database resolves
    /// them). Never listed under `read`.
    pub ctes: Vec<Ident>,
}

fn push_once<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[derive(Default)]
struct Usage {
    scope: CteScope,
    usage: TableUsage,
}

impl Visit for Usage {
    cte_scope_methods!(walk,);

    fn visit_table_ref(&mut self, t: &TableRef) -> Result<()> {
        if self.scope.names(t) {
            push_once(&mut self.usage.ctes, t.name.clone());
        } else {
            push_once(&mut self.usage.read, ObjectName::from(t.clone()));
        }
        Ok(())
    }
    fn visit_cte_ref(&mut self, c: &CteRef) -> Result<()> {
        push_once(&mut self.usage.ctes, c.name.clone());
        Ok(())
    }
    fn visit_target_table(&mut self, t: &TableRef) -> Result<()> {
        push_once(&mut self.usage.written, ObjectName::from(t.clone()));
        Ok(())
    }
}

/// The tables a statement reads, the tables it writes, and the CTEs it reads (see
/// [`TableUsage`]). For DDL, the tables read by a view's query; the objects a DDL
/// statement creates, alters or drops are not listed.
///
/// ```
/// use sqlweave::dml::{Delete, Insert};
/// use sqlweave::visit::table_usage;
/// use sqlweave::{Cte, Expr, Select, TableRef};
///
/// let orders = TableRef::new("orders");
/// let archive = TableRef::with_schema("old", "orders");
/// // WITH moved AS (DELETE FROM orders WHERE … RETURNING …)
/// // INSERT INTO old.orders SELECT … FROM moved WHERE … IN (SELECT … FROM customers)
/// let moved = Cte::new("moved", Delete::from(orders.clone())
///     .filter(orders.col("status").eq("cancelled"))
///     .returning([orders.col("id")]));
/// let m = moved.table();
/// let customers = TableRef::new("customers");
/// let stmt = Insert::into(archive)
///     .select(Select::new().column(m.col("id")).from(m.clone()).filter(
///         m.col("id").in_query(Select::new().column(customers.col("id")).from(customers.clone())),
///     ))
///     .with(moved);
/// let usage = table_usage(&stmt).unwrap();
/// let names = |v: &[sqlweave::ddl::ObjectName]| v.iter().map(|o| o.name.as_str().to_string()).collect::<Vec<_>>();
/// assert_eq!(names(&usage.read), ["customers"]);
/// // In the order of the SQL text: the CTE's DELETE, then the INSERT into old.orders.
/// assert_eq!(names(&usage.written), ["orders", "orders"]);
/// assert_eq!(usage.written[1].schema.as_ref().map(|s| s.as_str()), Some("old"));
/// assert_eq!(usage.ctes, ["moved".into()] as [sqlweave::Ident; 1]);
/// ```
pub fn table_usage<N: Visitable + ?Sized>(node: &N) -> Result<TableUsage> {
    let mut v = Usage::default();
    node.accept(&mut v)?;
    Ok(v.usage)
}

struct Params(Vec<NamedParam>);

impl Visit for Params {
    fn visit_named_param(&mut self, p: &NamedParam) -> Result<()> {
        let Some(seen) = self.0.iter_mut().find(|s| s.name == p.name) else {
            self.0.push(p.clone());
            return Ok(());
        };
        match (seen.ty, p.ty) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::Bind(format!(
                    "parameter {:?} is declared both {a:?} and {b:?}",
                    p.name.as_str()
                )));
            }
            (None, Some(b)) => {
                seen.ty = Some(b);
                seen.nullable = p.nullable;
            }
            (Some(_), Some(_)) => seen.nullable &= p.nullable,
            (_, None) => {}
        }
        Ok(())
    }
}

/// The named parameters a statement takes, each once, in the order of the SQL text, with
/// its declared type: where one name appears several times, a declared type wins over
/// none and NULL is allowed only if every declaration allows it (as when binding).
/// Declaring two different types for one name is an [`Error::Bind`].
///
/// ```
/// use sqlweave::visit::named_params;
/// use sqlweave::{Expr, Select, SqlType, TableRef};
/// let t = TableRef::new("users");
/// let q = Select::new()
///     .column(t.col("id"))
///     .from(t.clone())
///     .filter(t.col("org").eq(Expr::param_typed("org", SqlType::BigInt, false)))
///     .filter(t.col("name").like(Expr::param("pattern")).or(t.col("manager").eq(Expr::param("org"))));
/// let params = named_params(&q).unwrap();
/// let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
/// assert_eq!(names, ["org", "pattern"]);
/// assert_eq!(params[0].ty, Some(SqlType::BigInt));
/// assert!(!params[0].nullable);
/// assert_eq!(params[1].ty, None);
/// ```
pub fn named_params<N: Visitable + ?Sized>(node: &N) -> Result<Vec<NamedParam>> {
    let mut v = Params(Vec::new());
    node.accept(&mut v)?;
    Ok(v.0)
}

struct Aggregates {
    found: bool,
    /// Whether to look inside queries nested in the node (subqueries, derived tables,
    /// CTE bodies).
    nested: bool,
}

impl Visit for Aggregates {
    fn visit_expr(&mut self, e: &Expr) -> Result<()> {
        if self.found {
            return Ok(());
        }
        walk::walk_expr(self, e)
    }
    fn visit_func_call(&mut self, f: &FuncCall) -> Result<()> {
        if f.over.is_none() && f.func.is_aggregate() {
            self.found = true;
            return Ok(());
        }
        walk::walk_func_call(self, f)
    }
    fn visit_query(&mut self, q: &Query) -> Result<()> {
        if !self.nested || self.found {
            return Ok(());
        }
        walk::walk_query(self, q)
    }
}

/// Whether an expression holds an aggregate call of its own: one that makes the SELECT
/// it stands in an aggregate query. Subqueries are not looked into (an aggregate there
/// aggregates the subquery's rows), and a call with `OVER (…)` is a window function, not
/// an aggregate — though an aggregate among its arguments counts. Only the catalogue's
/// aggregates are known ([`Func::is_aggregate`](crate::expr::Func::is_aggregate)).
///
/// ```
/// use sqlweave::visit::contains_aggregate;
/// use sqlweave::{Expr, Select, Window, func};
/// let x = Expr::column("x");
/// assert!(contains_aggregate(&func::sum(x.clone()).add(1)).unwrap());
/// assert!(!contains_aggregate(&func::sum(x.clone()).over(Window::new())).unwrap());
/// assert!(contains_aggregate(&func::sum(func::sum(x.clone())).over(Window::new())).unwrap());
/// let sub = Expr::subquery(Select::new().column(func::max(x.clone())));
/// assert!(!contains_aggregate(&x.clone().eq(sub)).unwrap());
/// ```
pub fn contains_aggregate(e: &Expr) -> Result<bool> {
    let mut v = Aggregates {
        found: false,
        nested: false,
    };
    v.visit_expr(e)?;
    Ok(v.found)
}

/// Whether a node holds an aggregate call anywhere, subqueries, derived tables and CTE
/// bodies included (window calls excepted, as for [`contains_aggregate`]).
///
/// ```
/// use sqlweave::visit::contains_aggregate_anywhere;
/// use sqlweave::{Expr, Select, func};
/// let x = Expr::column("x");
/// let sub = Expr::subquery(Select::new().column(func::max(x.clone())));
/// assert!(contains_aggregate_anywhere(&x.eq(sub)).unwrap());
/// ```
pub fn contains_aggregate_anywhere<N: Visitable + ?Sized>(node: &N) -> Result<bool> {
    let mut v = Aggregates {
        found: false,
        nested: true,
    };
    node.accept(&mut v)?;
    Ok(v.found)
}

struct WindowCalls(bool);

impl Visit for WindowCalls {
    fn visit_expr(&mut self, e: &Expr) -> Result<()> {
        if self.0 {
            return Ok(());
        }
        walk::walk_expr(self, e)
    }
    fn visit_func_call(&mut self, f: &FuncCall) -> Result<()> {
        if f.over.is_some() {
            self.0 = true;
            return Ok(());
        }
        walk::walk_func_call(self, f)
    }
    fn visit_query(&mut self, _q: &Query) -> Result<()> {
        Ok(())
    }
}

/// Whether an expression holds a window call (`… OVER (…)`) of its own, subqueries
/// not looked into.
pub(crate) fn contains_window_call(e: &Expr) -> Result<bool> {
    let mut v = WindowCalls(false);
    v.visit_expr(e)?;
    Ok(v.0)
}

/// Whether a SELECT is an aggregate query — it returns one row per group, or a single
/// row without GROUP BY: it has GROUP BY or HAVING, or an aggregate of its own (see
/// [`contains_aggregate`]) in its select list or ORDER BY.
///
/// ```
/// use sqlweave::visit::is_aggregate_query;
/// use sqlweave::{Select, TableRef, func};
/// let t = TableRef::new("t");
/// assert!(is_aggregate_query(&Select::new().column(func::count_star()).from(t.clone())).unwrap());
/// assert!(!is_aggregate_query(&Select::new().column(t.col("a")).from(t.clone())).unwrap());
/// ```
pub fn is_aggregate_query(s: &Select) -> Result<bool> {
    if !s.group_by.is_empty() || s.having.is_some() {
        return Ok(true);
    }
    for item in &s.items {
        if let crate::query::SelectItem::Expr { expr, .. } = item
            && contains_aggregate(expr)?
        {
            return Ok(true);
        }
    }
    for o in &s.order_by {
        if contains_aggregate(&o.expr)? {
            return Ok(true);
        }
    }
    Ok(false)
}

struct Columns(Vec<ColumnRef>);

impl Visit for Columns {
    fn visit_column_ref(&mut self, c: &ColumnRef) -> Result<()> {
        push_once(&mut self.0, c.clone());
        Ok(())
    }
}

/// The column references of a node, each once, in the order of the SQL text, subqueries
/// included (columns named by name only — an INSERT's column list, an UPDATE's assigned
/// columns, `excluded.c` — are not column references).
///
/// ```
/// use sqlweave::visit::column_refs;
/// use sqlweave::{Expr, TableRef};
/// let t = TableRef::new("t");
/// let e = t.col("a").add(t.col("b")).gt(t.col("a"));
/// let cols = column_refs(&e).unwrap();
/// let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
/// assert_eq!(names, ["a", "b"]);
/// ```
pub fn column_refs<N: Visitable + ?Sized>(node: &N) -> Result<Vec<ColumnRef>> {
    let mut v = Columns(Vec::new());
    node.accept(&mut v)?;
    Ok(v.0)
}

struct Raw(bool);

impl Visit for Raw {
    fn visit_raw_sql(&mut self, _: &RawSql) -> Result<()> {
        self.0 = true;
        Ok(())
    }
}

/// Whether a node holds raw SQL ([`Expr::Raw`]) anywhere: text sqlweave cannot look
/// into, so what the other walks say about the node may be incomplete.
///
/// ```
/// use sqlweave::visit::contains_raw_sql;
/// use sqlweave::Expr;
/// let e = Expr::column("a").eq(Expr::raw("now()", Vec::<sqlweave::Value>::new()));
/// assert!(contains_raw_sql(&e).unwrap());
/// assert!(!contains_raw_sql(&Expr::column("a")).unwrap());
/// ```
pub fn contains_raw_sql<N: Visitable + ?Sized>(node: &N) -> Result<bool> {
    let mut v = Raw(false);
    node.accept(&mut v)?;
    Ok(v.0)
}

struct EachExpr<F>(F);

impl<F: FnMut(&Expr) -> Result<()>> Visit for EachExpr<F> {
    fn visit_expr(&mut self, e: &Expr) -> Result<()> {
        (self.0)(e)?;
        walk::walk_expr(self, e)
    }
}

/// Calls `f` on every expression of a node, parents before their children, subqueries
/// included; an error from `f` stops the walk and is returned.
///
/// ```
/// use sqlweave::visit::for_each_expr;
/// use sqlweave::{Expr, Value};
/// let e = Expr::column("a").eq(1).and(Expr::column("b").in_list([2, 3]));
/// let mut values = 0;
/// for_each_expr(&e, |x| {
///     if let Expr::Value(_) = x {
///         values += 1;
///     }
///     Ok(())
/// }).unwrap();
/// assert_eq!(values, 3);
/// ```
pub fn for_each_expr<N, F>(node: &N, f: F) -> Result<()>
where
    N: Visitable + ?Sized,
    F: FnMut(&Expr) -> Result<()>,
{
    node.accept(&mut EachExpr(f))
}

struct RewriteExprs<F>(F);

impl<F: FnMut(&mut Expr) -> Result<()>> VisitMut for RewriteExprs<F> {
    fn visit_expr(&mut self, e: &mut Expr) -> Result<()> {
        walk_mut::walk_expr(self, e)?;
        (self.0)(e)
    }
}

/// Calls `f` on every expression of a node to rewrite it in place, children before
/// their parents (so `f` sees a parent with its children already rewritten), subqueries
/// included. What `f` puts in place of an expression is not walked again.
///
/// ```
/// use sqlweave::visit::rewrite_exprs;
/// use sqlweave::{Expr, Select, TableRef};
/// use sqlweave_postgres::Postgres;
/// // `email` was renamed `email_address`: rewrite every reference to it.
/// let u = TableRef::new("users");
/// let mut q = Select::new()
///     .column(u.col("email"))
///     .from(u.clone())
///     .filter(u.col("email").like("%@example.com"));
/// rewrite_exprs(&mut q, |e| {
///     if let Expr::Column(c) = e && c.name.as_str() == "email" {
///         c.name = "email_address".into();
///     }
///     Ok(())
/// }).unwrap();
/// assert_eq!(q.render(&Postgres).unwrap().sql,
///     r#"SELECT "users"."email_address" FROM "users" WHERE "users"."email_address" LIKE $1"#);
/// ```
pub fn rewrite_exprs<N, F>(node: &mut N, f: F) -> Result<()>
where
    N: Visitable + ?Sized,
    F: FnMut(&mut Expr) -> Result<()>,
{
    node.accept_mut(&mut RewriteExprs(f))
}

#[derive(Default)]
struct ResolveCtes {
    scope: CteScope,
}

impl VisitMut for ResolveCtes {
    cte_scope_methods!(walk_mut, mut);

    fn visit_from_item(&mut self, f: &mut FromItem) -> Result<()> {
        if let FromItem::Table(t) = f
            && self.scope.names(t)
        {
            *f = FromItem::Cte(CteRef {
                name: t.name.clone(),
                alias: t.alias.clone(),
            });
            return Ok(());
        }
        walk_mut::walk_from_item(self, f)
    }
}

/// Turns every table reference in FROM or a join that names a CTE in scope (no schema,
/// the name of a CTE of this statement or of one around it) into a [`CteRef`], as the
/// database resolves it. The SQL stays the same; walks that tell tables from CTEs (such
/// as [`filter_tables`](super::filter_tables)) then see them for what they are. Useful
/// for trees built with [`TableRef::new`] for a CTE, or before [`Cte::table`](crate::Cte::table) returned a
/// [`CteRef`].
///
/// ```
/// use sqlweave::visit::resolve_cte_refs;
/// use sqlweave::{Cte, Expr, FromItem, Select, TableRef};
/// let mut q = Select::new()
///     .with(Cte::new("recent", Select::new().column(Expr::value(1_i64))))
///     .column(Expr::value(1_i64))
///     .from(TableRef::new("recent"))
///     .cross_join(TableRef::with_schema("s", "recent"));
/// resolve_cte_refs(&mut q).unwrap();
/// assert!(matches!(q.from, Some(FromItem::Cte(_))));
/// assert!(matches!(q.joins[0].item, FromItem::Table(_))); // schema-qualified: a table
/// ```
pub fn resolve_cte_refs<N: Visitable + ?Sized>(node: &mut N) -> Result<()> {
    node.accept_mut(&mut ResolveCtes::default())
}
