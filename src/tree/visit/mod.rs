//! Walking and rewriting trees: a read-only [`Visit`], an in-place [`VisitMut`], and the
//! common walks built on them.
//!
//! Every node of every statement is reached: expressions of every kind (function calls
//! with `FILTER`, `ORDER BY` and windows, CASE, IN lists), subqueries in every position
//! (scalar, `IN`, `EXISTS`, derived tables, `LATERAL`), SELECT clauses (items, FROM,
//! joins and `ON`, WHERE, GROUP BY with ROLLUP / CUBE / GROUPING SETS, HAVING, ORDER BY),
//! compound queries, CTEs (data-modifying ones too), VALUES, INSERT / UPDATE / DELETE /
//! MERGE (sources, RETURNING, upsert clauses), and DDL (column defaults, generated
//! columns, CHECK constraints, index expressions, view queries).
//!
//! # Writing a visitor
//!
//! [`Visit`] and [`VisitMut`] have one `visit_*` method per kind of node, each with a
//! default that walks the node's children by calling the public `walk_*` function of the
//! same name ([`walk`] for `Visit`, [`walk_mut`] for `VisitMut`). Override the methods
//! for the nodes you care about; in an override, call the `walk_*` function to go on into
//! the children — after your work (pre-order), before it (post-order), or not at all (to
//! skip what is below). Every statement and node type implements [`Visitable`], whose
//! [`accept`](Visitable::accept) / [`accept_mut`](Visitable::accept_mut) start a walk.
//!
//! ```
//! use sqlweave::expr::ColumnRef;
//! use sqlweave::visit::{Visit, Visitable};
//! use sqlweave::{Expr, Select, TableRef, func};
//!
//! /// The names of the columns a statement mentions, in the order of the SQL text.
//! #[derive(Default)]
//! struct Columns(Vec<String>);
//!
//! impl Visit for Columns {
//!     fn visit_column_ref(&mut self, c: &ColumnRef) -> sqlweave::Result<()> {
//!         self.0.push(c.name.as_str().to_string());
//!         Ok(())
//!     }
//! }
//!
//! let t = TableRef::new("orders");
//! let avg = Select::new().column(func::avg(t.col("total"))).from(t.clone());
//! let q = Select::new()
//!     .column(t.col("id"))
//!     .from(t.clone())
//!     .filter(t.col("total").gt(Expr::subquery(avg)));
//! let mut cols = Columns::default();
//! q.accept(&mut cols).unwrap();
//! assert_eq!(cols.0, ["id", "total", "total"]); // the subquery's column too
//! ```
//!
//! # Nothing is skipped silently
//!
//! The walks in this crate match every variant of every node enum, with no `_ =>` arm,
//! and destructure every struct field by field, so a variant or field added to the tree
//! does not compile until its walk is written; the default methods then reach it in
//! every visitor, yours included. The node enums are `#[non_exhaustive]` for code outside
//! sqlweave: when you `match` on one in an override, end with a `_ =>` arm that **calls
//! the `walk_*` function** rather than returning `Ok(())`, and a node kind added in a
//! later version is walked, not skipped:
//!
//! ```
//! use sqlweave::visit::{Visit, walk};
//! use sqlweave::{Expr, Result};
//!
//! struct CountNegations(usize);
//! impl Visit for CountNegations {
//!     fn visit_expr(&mut self, e: &Expr) -> Result<()> {
//!         match e {
//!             Expr::Not(_) | Expr::Neg(_) => self.0 += 1,
//!             _ => {} // nothing to record, but still walk below
//!         }
//!         walk::walk_expr(self, e)
//!     }
//! }
//! ```
//!
//! # Rewriting in place
//!
//! [`VisitMut`] rewrites the tree where it stands (`&mut`), rather than folding it by
//! value into a new tree:
//!
//! * nothing is rebuilt that is not changed (a by-value fold moves or reallocates every
//!   node of a large statement to change one);
//! * a node can be replaced by a node of **another kind** wherever its type allows it:
//!   `*e = …` turns a column into a CASE, a [`Query`] SELECT into a compound, a
//!   [`FromItem`] table into a filtered derived table ([`std::mem::replace`] /
//!   [`std::mem::take`] move the old node out to wrap it);
//! * a node is removed through its parent, which owns it: `joins.retain(…)`,
//!   `where_.take()`, or by a neutral element (`Expr::True` inside an AND);
//! * a clause is added where it belongs: an override of
//!   [`visit_select`](VisitMut::visit_select) can AND a predicate into `where_` or into a
//!   join's `on` ([`filter_tables`] does this for every table of a statement).
//!
//! When a walk returns an error, the nodes visited before it may have been rewritten:
//! rewrite a clone if the original must survive a failure.
//!
//! ```
//! use sqlweave::visit::{VisitMut, Visitable, walk_mut};
//! use sqlweave::{Expr, FromItem, Result, Select, TableRef};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//!
//! /// `legacy_total` became `net + tax`; every SELECT over a table hides archived rows.
//! struct Migrate;
//! impl VisitMut for Migrate {
//!     fn visit_expr(&mut self, e: &mut Expr) -> Result<()> {
//!         if let Expr::Column(c) = e
//!             && c.name.as_str() == "legacy_total"
//!         {
//!             let t = c.table.clone();
//!             let col = |n: &str| match &t {
//!                 Some(t) => Expr::qualified(t.clone(), n.to_string()),
//!                 None => Expr::column(n.to_string()),
//!             };
//!             *e = col("net").add(col("tax")); // a column becomes a binary operation
//!             return Ok(());
//!         }
//!         walk_mut::walk_expr(self, e)
//!     }
//!     fn visit_select(&mut self, s: &mut Select) -> Result<()> {
//!         walk_mut::walk_select(self, s)?; // subqueries first
//!         if let Some(FromItem::Table(t)) = &s.from {
//!             let hide = t.col("archived").eq(false);
//!             s.where_ = Some(match s.where_.take() {
//!                 Some(w) => w.and(hide),
//!                 None => hide,
//!             });
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let o = TableRef::new("orders");
//! let mut q = Select::new().column(o.col("legacy_total")).from(o.clone()).filter(o.col("id").eq(7));
//! q.accept_mut(&mut Migrate).unwrap();
//! assert_eq!(q.render(&Postgres).unwrap().sql,
//!     r#"SELECT "orders"."net" + "orders"."tax" FROM "orders" WHERE "orders"."id" = $1 AND "orders"."archived" = $2"#);
//! assert_eq!(q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT "orders"."net" + "orders"."tax" FROM "orders" WHERE "orders"."id" = ? AND "orders"."archived" = ?"#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT `orders`.`net` + `orders`.`tax` FROM `orders` WHERE `orders`.`id` = ? AND `orders`.`archived` = ?");
//! ```
//!
//! # Deep trees
//!
//! A tree can be 100,000 levels deep (see [`crate::expr::ExprBox`]). The walks recurse,
//! as an override that calls `walk_*` must, and count their nesting as the renderer does:
//! one level per expression and per query. Past [`MAX_DEPTH`] levels a walk stops with
//! [`Error::TooDeep`] instead of overflowing the stack, so every
//! tree that renders can be walked, and a tree too deep to walk could not have been
//! rendered either. (An explicit work stack would walk any depth, but only in pre-order:
//! a post-order `&mut` rewrite needs the parent still borrowed while its children are
//! visited, which a work stack of disjoint child borrows cannot give.) The count is per
//! thread and spans walks started inside other walks.
//!
//! # Common walks
//!
//! [`table_usage`] (the tables a statement reads and writes, and the CTEs it reads),
//! [`named_params`], [`contains_aggregate`] / [`contains_aggregate_anywhere`] /
//! [`is_aggregate_query`], [`column_refs`], [`contains_raw_sql`], [`for_each_expr`] /
//! [`rewrite_exprs`] (a closure over every expression), [`resolve_cte_refs`] (table
//! references that name a CTE become [`CteRef`]s), and [`filter_tables`] (a predicate
//! on every table a statement reads or changes: multi-tenant and soft-delete filters).

mod common;
mod filter;
#[macro_use]
mod generate;

use std::cell::Cell;

use crate::ddl::{
    AlterOp, AlterTable, ColumnDef, Constraint, ConstraintKind, CreateIndex, CreateTable,
    CreateView, DdlStatement, Generated, IndexDef, IndexPart, IndexTarget, SchemaRegistry,
    TableDef,
};
use crate::dml::{
    Assignment, ConflictAction, ConflictTarget, Delete, Insert, InsertSource, InsertValue, Merge,
    MergeAction, MergeWhen, OnConflict, Update,
};
use crate::error::{Error, Result};
use crate::expr::{
    BinaryExpr, ColumnRef, CustomExpr, Expr, ExprBox, FuncCall, NamedParam, OrderBy, RawSql,
    WhenList, Window,
};
use crate::query::{
    Compound, Cte, CteRef, Distinct, FromItem, GroupItem, Join, Query, SelectItem, TableRef,
    Values, With,
};
use crate::select::Select;
use crate::value::Value;

pub(crate) use common::contains_window_call;
pub use common::{
    TableUsage, column_refs, contains_aggregate, contains_aggregate_anywhere, contains_raw_sql,
    for_each_expr, is_aggregate_query, named_params, resolve_cte_refs, rewrite_exprs, table_usage,
};
pub use filter::filter_tables;

pub use crate::expr::MAX_DEPTH;

thread_local! {
    /// Expressions and queries being walked inside each other on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// One level of a walk: entered by `walk_expr` / `walk_query`, left when dropped (also
/// when a visitor panics and unwinds).
struct Level(());

impl Level {
    /// One more level, or `None` past [`MAX_DEPTH`].
    fn enter() -> Option<Level> {
        DEPTH.with(|d| {
            let n = d.get();
            if n >= MAX_DEPTH {
                return None;
            }
            d.set(n + 1);
            Some(Level(()))
        })
    }
}

#[cold]
#[inline(never)]
fn too_deep() -> Result<()> {
    Err(Error::TooDeep { limit: MAX_DEPTH })
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

define_visitor! {
    /// A read-only walk over a tree: one method per kind of node, each defaulting to a
    /// walk of the node's children through the function of the same name in [`walk`].
    /// See the [module documentation](self).
    ///
    /// Every method returns [`Result`]: an error stops the walk and is returned by
    /// [`Visitable::accept`]; the walk itself fails only with
    /// [`Error::TooDeep`] past [`MAX_DEPTH`].
    trait Visit;
    /// The children of each kind of node, for [`Visit`]: call these from an overridden
    /// `visit_*` method to go on into the node's children.
    mod walk;
    mode
}

define_visitor! {
    /// A walk that may rewrite the tree in place: one method per kind of node, each
    /// defaulting to a walk of the node's children through the function of the same
    /// name in [`walk_mut`]. The same methods as [`Visit`], over `&mut` nodes; see the
    /// [module documentation](self) for how to replace, remove and add nodes.
    trait VisitMut;
    /// The children of each kind of node, for [`VisitMut`]: call these from an
    /// overridden `visit_*` method to go on into the node's children.
    mod walk_mut;
    mode mut
}

/// A node a walk can start from: every statement (SELECT, compound, VALUES, INSERT,
/// UPDATE, DELETE, MERGE, every DDL statement, a [`SchemaRegistry`]) and every node type
/// a [`Visit`] method takes.
///
/// ```
/// use sqlweave::visit::{Visitable, named_params};
/// use sqlweave::{Expr, Select, TableRef};
/// let t = TableRef::new("t");
/// let q = Select::new().column(t.col("a")).from(t.clone()).filter(t.col("b").eq(Expr::param("b")));
/// // Any node: the whole query, or one expression of it.
/// assert_eq!(named_params(&q).unwrap().len(), 1);
/// assert_eq!(named_params(q.where_.as_ref().unwrap()).unwrap().len(), 1);
/// ```
pub trait Visitable {
    /// Walks this node with a read-only visitor: calls the visitor's method for this
    /// node's kind.
    fn accept<V: Visit + ?Sized>(&self, v: &mut V) -> Result<()>;
    /// Walks this node with a rewriting visitor.
    fn accept_mut<V: VisitMut + ?Sized>(&mut self, v: &mut V) -> Result<()>;
}

macro_rules! visitable {
    ($($t:ty => $method:ident),* $(,)?) => {$(
        impl Visitable for $t {
            fn accept<V: Visit + ?Sized>(&self, v: &mut V) -> Result<()> {
                v.$method(self)
            }
            fn accept_mut<V: VisitMut + ?Sized>(&mut self, v: &mut V) -> Result<()> {
                v.$method(self)
            }
        }
    )*};
}

visitable! {
    Expr => visit_expr,
    ColumnRef => visit_column_ref,
    Value => visit_value,
    NamedParam => visit_named_param,
    RawSql => visit_raw_sql,
    FuncCall => visit_func_call,
    CustomExpr => visit_custom,
    Window => visit_window,
    OrderBy => visit_order_by,
    Query => visit_query,
    Select => visit_select,
    Compound => visit_compound,
    Values => visit_values,
    With => visit_with,
    Cte => visit_cte,
    SelectItem => visit_select_item,
    FromItem => visit_from_item,
    TableRef => visit_table_ref,
    CteRef => visit_cte_ref,
    Join => visit_join,
    GroupItem => visit_group_item,
    Insert => visit_insert,
    OnConflict => visit_on_conflict,
    Update => visit_update,
    Assignment => visit_assignment,
    Delete => visit_delete,
    Merge => visit_merge,
    MergeWhen => visit_merge_when,
    DdlStatement => visit_ddl_statement,
    CreateTable => visit_create_table,
    TableDef => visit_table_def,
    ColumnDef => visit_column_def,
    Constraint => visit_constraint,
    IndexDef => visit_index_def,
    CreateIndex => visit_create_index,
    CreateView => visit_create_view,
    AlterTable => visit_alter_table,
    AlterOp => visit_alter_op,
}

/// The registry's tables (their definitions), then its views (their queries).
/// Sequences and enum types hold no expressions.
impl Visitable for SchemaRegistry {
    fn accept<V: Visit + ?Sized>(&self, v: &mut V) -> Result<()> {
        let SchemaRegistry {
            tables,
            views,
            sequences: _,
            enum_types: _,
            unsupported_comments: _,
        } = self;
        for t in tables {
            v.visit_table_def(t)?;
        }
        for view in views {
            v.visit_create_view(view)?;
        }
        Ok(())
    }
    fn accept_mut<V: VisitMut + ?Sized>(&mut self, v: &mut V) -> Result<()> {
        let SchemaRegistry {
            tables,
            views,
            sequences: _,
            enum_types: _,
            unsupported_comments: _,
        } = self;
        for t in tables {
            v.visit_table_def(t)?;
        }
        for view in views {
            v.visit_create_view(view)?;
        }
        Ok(())
    }
}
