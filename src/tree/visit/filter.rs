//! A predicate on every table a statement reads or changes: the row filters that ORMs
//! add to every query (one tenant's rows, rows not soft-deleted).

use super::{VisitMut, Visitable, resolve_cte_refs, walk_mut};
use crate::dml::{ConflictAction, Delete, Insert, Merge, OnConflict, Update};
use crate::error::{Error, Result};
use crate::expr::{Expr, and_into};
use crate::query::{FromItem, Join, JoinKind, TableRef};
use crate::select::Select;

/// Adds `predicate(table)` for every table a statement reads, updates or deletes from,
/// so that the statement sees each table as if it held only the rows the predicate
/// accepts — what a row-level security policy does in PostgreSQL. `predicate` answers
/// `Ok(None)` for tables it leaves alone, and an error to refuse a table it does not
/// know (a filter that must fail closed).
///
/// Every table reference is reached: FROM and joins, subqueries of every kind (scalar,
/// `IN`, `EXISTS`, derived tables, `LATERAL`), both sides of compound queries, CTE
/// bodies (data-modifying ones too), `INSERT … SELECT`, the targets of UPDATE and DELETE
/// and their `FROM` / `USING` tables, and MERGE. CTE references are not tables: their
/// bodies are filtered instead (an unqualified table reference that names a CTE in scope
/// is first turned into a [`CteRef`](crate::CteRef), see [`resolve_cte_refs`]).
///
/// Each predicate goes where it filters its table's rows without changing what the join
/// means:
///
/// | the table is … | its predicate goes … |
/// |---|---|
/// | in FROM, or the right side of an INNER / LEFT join | in WHERE, or that join's `ON` |
/// | the right side of a CROSS or RIGHT join | as for the FROM item |
/// | left of a later RIGHT join | that RIGHT join's `ON` |
/// | either side of a FULL join | a filtered derived table: `(SELECT * FROM t WHERE …) AS t` |
/// | an UPDATE / DELETE target, or in its `FROM` / `USING` | WHERE |
/// | an INSERT's target | the upsert's `DO UPDATE … WHERE` (other rows are not updated; MySQL, which has no such WHERE, refuses it) |
/// | a MERGE target / source | MERGE's `ON` (other rows do not match) / a filtered derived table |
///
/// The rows an INSERT adds are not checked (see the `tenant_filter` example for stamping
/// them). Predicates are added after the node's children have been walked, so a
/// subquery inside a predicate is not filtered itself. Filtering a statement twice adds
/// each predicate twice (the same rows, a longer WHERE): filter a statement once, when
/// it is complete. A schema-qualified table without an
/// alias next to a FULL JOIN cannot be wrapped (its columns are qualified by the schema):
/// an [`Error::Invalid`](crate::Error::Invalid) asks for an alias.
///
/// ```
/// use sqlweave::visit::filter_tables;
/// use sqlweave::{Expr, Select, SqlType, TableRef};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
///
/// let o = TableRef::new("orders");
/// let c = TableRef::new("customers").alias("c");
/// let items = TableRef::new("order_items");
/// let mut q = Select::new()
///     .columns([o.col("id"), c.col("name")])
///     .from(o.clone())
///     .left_join(c.clone(), c.col("id").eq(o.col("customer_id")))
///     .filter(Expr::exists(
///         Select::new().column(items.col("order_id")).from(items.clone())
///             .filter(items.col("order_id").eq(o.col("id"))),
///     ));
/// let tenant = Expr::param_typed("tenant", SqlType::BigInt, false);
/// filter_tables(&mut q, |t| Ok(Some(t.col("tenant_id").eq(tenant.clone())))).unwrap();
///
/// assert_eq!(q.render(&Postgres).unwrap().sql, concat!(
///     r#"SELECT "orders"."id", "c"."name" FROM "orders" "#,
///     r#"LEFT JOIN "customers" AS "c" ON "c"."id" = "orders"."customer_id" AND "c"."tenant_id" = $1 "#,
///     r#"WHERE EXISTS (SELECT "order_items"."order_id" FROM "order_items" WHERE "order_items"."order_id" = "orders"."id" AND "order_items"."tenant_id" = $1) "#,
///     r#"AND "orders"."tenant_id" = $1"#));
/// assert_eq!(q.render(&Sqlite).unwrap().sql, concat!(
///     r#"SELECT "orders"."id", "c"."name" FROM "orders" "#,
///     r#"LEFT JOIN "customers" AS "c" ON "c"."id" = "orders"."customer_id" AND "c"."tenant_id" = ? "#,
///     r#"WHERE EXISTS (SELECT "order_items"."order_id" FROM "order_items" WHERE "order_items"."order_id" = "orders"."id" AND "order_items"."tenant_id" = ?) "#,
///     r#"AND "orders"."tenant_id" = ?"#));
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, concat!(
///     "SELECT `orders`.`id`, `c`.`name` FROM `orders` ",
///     "LEFT JOIN `customers` AS `c` ON `c`.`id` = `orders`.`customer_id` AND `c`.`tenant_id` = ? ",
///     "WHERE EXISTS (SELECT `order_items`.`order_id` FROM `order_items` WHERE `order_items`.`order_id` = `orders`.`id` AND `order_items`.`tenant_id` = ?) ",
///     "AND `orders`.`tenant_id` = ?"));
/// ```
pub fn filter_tables<N, F>(node: &mut N, predicate: F) -> Result<()>
where
    N: Visitable + ?Sized,
    F: FnMut(&TableRef) -> Result<Option<Expr>>,
{
    resolve_cte_refs(node)?;
    node.accept_mut(&mut TableFilter(predicate))
}

struct TableFilter<F>(F);

/// Where the predicate of the `k`-th source of a SELECT goes (0: the FROM item; `k > 0`:
/// the item of join `k - 1`).
enum Place {
    Where,
    On(usize),
    Wrap,
}

fn place(joins: &[Join], k: usize) -> Place {
    // A filter on the left operand of a join moves up past INNER, CROSS and LEFT joins
    // (where that operand's rows are kept or dropped as they are), into the ON of a RIGHT
    // join (whose left operand gets NULLs instead of unmatched rows).
    let start = match k.checked_sub(1).map(|j| (j, joins[j].kind)) {
        None => 0,
        Some((j, JoinKind::Inner | JoinKind::Left)) => return Place::On(j),
        Some((_, JoinKind::Full)) => return Place::Wrap,
        Some((_, JoinKind::Right | JoinKind::Cross)) => k,
    };
    for (j, join) in joins.iter().enumerate().skip(start) {
        match join.kind {
            JoinKind::Inner | JoinKind::Cross | JoinKind::Left => {}
            JoinKind::Right => return Place::On(j),
            JoinKind::Full => return Place::Wrap,
        }
    }
    Place::Where
}

/// Replaces a table by `(SELECT * FROM table WHERE predicate) AS table`.
fn wrap(item: &mut FromItem, predicate: Expr) -> Result<()> {
    let FromItem::Table(t) = item else {
        return Ok(());
    };
    if t.schema.is_some() && t.alias.is_none() {
        return Err(Error::invalid(format!(
            "filter_tables cannot filter {:?} here without an alias: give the table an alias so it can become a filtered derived table",
            t.name.as_str()
        )));
    }
    let alias = t.alias.clone().unwrap_or_else(|| t.name.clone());
    let inner = Select::new().star().from(t.clone()).filter(predicate);
    *item = FromItem::Subquery {
        query: Box::new(inner.into()),
        alias,
        columns: Vec::new(),
        lateral: false,
    };
    Ok(())
}

impl<F: FnMut(&TableRef) -> Result<Option<Expr>>> TableFilter<F> {
    fn predicate_of(&mut self, item: Option<&FromItem>) -> Result<Option<Expr>> {
        match item {
            Some(FromItem::Table(t)) => (self.0)(t),
            _ => Ok(None),
        }
    }
    /// Adds the predicates of a SELECT's FROM item and joined tables (its subqueries
    /// are done).
    fn filter_select(&mut self, s: &mut Select) -> Result<()> {
        for k in 0..=s.joins.len() {
            let item = if k == 0 {
                s.from.as_ref()
            } else {
                Some(&s.joins[k - 1].item)
            };
            let Some(p) = self.predicate_of(item)? else {
                continue;
            };
            match place(&s.joins, k) {
                Place::Where => and_into(&mut s.where_, p),
                Place::On(j) => and_into(&mut s.joins[j].on, p),
                Place::Wrap => match k.checked_sub(1) {
                    None => {
                        if let Some(f) = &mut s.from {
                            wrap(f, p)?;
                        }
                    }
                    Some(j) => wrap(&mut s.joins[j].item, p)?,
                },
            }
        }
        Ok(())
    }

    /// The target's predicate in the upsert's `DO UPDATE … WHERE`.
    fn filter_insert(&mut self, i: &mut Insert) -> Result<()> {
        if let Some(OnConflict {
            action: ConflictAction::DoUpdate { where_, .. },
            ..
        }) = &mut i.on_conflict
            && let Some(p) = (self.0)(&i.table)?
        {
            and_into(where_, p);
        }
        Ok(())
    }

    /// The target's predicate in `ON`, the source filtered as a derived table.
    fn filter_merge(&mut self, m: &mut Merge) -> Result<()> {
        if let Some(p) = (self.0)(&m.target)? {
            and_into(&mut m.on, p);
        }
        if let Some(p) = self.predicate_of(m.source.as_ref())?
            && let Some(source) = &mut m.source
        {
            wrap(source, p)?;
        }
        Ok(())
    }

    /// ANDs into `where_` the predicates of `target` and of the tables among `sources`.
    fn filter_dml(
        &mut self,
        target: &TableRef,
        sources: &[FromItem],
        where_: &mut Option<Expr>,
    ) -> Result<()> {
        if let Some(p) = (self.0)(target)? {
            and_into(where_, p);
        }
        for s in sources {
            if let Some(p) = self.predicate_of(Some(s))? {
                and_into(where_, p);
            }
        }
        Ok(())
    }
}

impl<F: FnMut(&TableRef) -> Result<Option<Expr>>> VisitMut for TableFilter<F> {
    fn visit_select(&mut self, s: &mut Select) -> Result<()> {
        walk_mut::walk_select(self, s)?;
        self.filter_select(s)
    }

    fn visit_update(&mut self, u: &mut Update) -> Result<()> {
        walk_mut::walk_update(self, u)?;
        self.filter_dml(&u.table, &u.from, &mut u.where_)
    }

    fn visit_delete(&mut self, d: &mut Delete) -> Result<()> {
        walk_mut::walk_delete(self, d)?;
        self.filter_dml(&d.table, &d.using, &mut d.where_)
    }

    fn visit_insert(&mut self, i: &mut Insert) -> Result<()> {
        walk_mut::walk_insert(self, i)?;
        self.filter_insert(i)
    }

    fn visit_merge(&mut self, m: &mut Merge) -> Result<()> {
        walk_mut::walk_merge(self, m)?;
        self.filter_merge(m)
    }
}
