//! DELETE, with DELETE … USING (multi-table DELETE on MySQL, EXISTS on SQLite).

use crate::expr::{Expr, OrderBy};
use crate::query::{Cte, FromItem, SelectItem, TableRef, With};
use crate::schema::Table;

/// A DELETE statement.
///
/// Other tables named with [`Delete::using`] render as `DELETE … USING` on PostgreSQL,
/// as a multi-table `DELETE t FROM t, u …` on MySQL, and on SQLite (which has neither)
/// as `DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE …)`, which deletes the same rows.
///
/// ```
/// use sqlweave::{table, TypedExpr};
/// use sqlweave::dml::Delete;
/// use sqlweave_postgres::Postgres;
/// table! { pub struct Users("users") { id: i64, active: bool } }
/// let u = Users::new();
/// let del = Delete::from(u).filter(u.active.eq(false)).returning([u.id]);
/// assert_eq!(del.render(&Postgres).unwrap().sql,
///     r#"DELETE FROM "users" WHERE "users"."active" = $1 RETURNING "users"."id""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    /// WITH clause.
    pub with: Option<With>,
    /// The table rows are deleted from.
    pub table: TableRef,
    /// Further tables the condition refers to.
    pub using: Vec<FromItem>,
    /// WHERE
    pub where_: Option<Expr>,
    /// ORDER BY (MySQL, single-table only).
    pub order_by: Vec<OrderBy>,
    /// LIMIT (MySQL, single-table only).
    pub limit: Option<u64>,
    /// RETURNING (PostgreSQL, SQLite, MariaDB).
    pub returning: Vec<SelectItem>,
}

impl Delete {
    /// `DELETE FROM table …`
    pub fn from(table: impl Table) -> Self {
        Delete {
            with: None,
            table: table.table_ref(),
            using: Vec::new(),
            where_: None,
            order_by: Vec::new(),
            limit: None,
            returning: Vec::new(),
        }
    }
    /// Another table the condition refers to.
    #[inline]
    pub fn using(mut self, item: impl Into<FromItem>) -> Self {
        self.using.push(item.into());
        self
    }
    /// Adds a WHERE condition, ANDed with any before it.
    #[inline]
    pub fn filter(mut self, cond: impl Into<Expr>) -> Self {
        crate::expr::and_into(&mut self.where_, cond.into());
        self
    }
    /// ORDER BY (MySQL only).
    #[inline]
    pub fn order_by(mut self, item: impl Into<OrderBy>) -> Self {
        self.order_by.push(item.into());
        self
    }
    /// LIMIT (MySQL only).
    #[inline]
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }
    /// `RETURNING …`
    #[inline]
    pub fn returning<I, E>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = E>,
        E: Into<SelectItem>,
    {
        super::push_returning(&mut self.returning, items);
        self
    }
    /// Adds a CTE.
    #[inline]
    pub fn with(mut self, cte: Cte) -> Self {
        self.with.get_or_insert_with(With::default).ctes.push(cte);
        self
    }
}
