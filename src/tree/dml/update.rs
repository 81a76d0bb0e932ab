//! UPDATE, with UPDATE … FROM (multi-table UPDATE on MySQL).

use crate::expr::{Expr, OrderBy};
use crate::ident::Ident;
use crate::query::{Cte, FromItem, SelectItem, TableRef, With};
use crate::schema::Table;
use crate::typed::{Column, Operand, OperandBase, Promote, SqlValue};

/// One `column = value` of an UPDATE.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The target column (unqualified).
    pub column: Ident,
    /// The new value.
    pub value: Expr,
}

/// An UPDATE statement.
///
/// Other tables joined in with [`Update::from`] render as `UPDATE … FROM` on PostgreSQL
/// and SQLite and as a multi-table `UPDATE t, u SET t.c = …` on MySQL.
///
/// ```
/// use sqlweave::{table, TypedExpr};
/// use sqlweave::dml::Update;
/// use sqlweave_sqlite::Sqlite;
/// use sqlweave_mysql::MySql;
/// table! { pub struct Users("users") { id: i64, karma: i64 } }
/// let u = Users::new();
/// let up = Update::table(u).set(u.karma, u.karma + 1).filter(u.id.eq(7));
/// assert_eq!(up.render(&Sqlite).unwrap().sql,
///     r#"UPDATE "users" SET "karma" = "users"."karma" + ? WHERE "users"."id" = ?"#);
/// assert_eq!(up.render(&MySql::mysql8()).unwrap().sql,
///     "UPDATE `users` SET `karma` = `users`.`karma` + ? WHERE `users`.`id` = ?");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// WITH clause.
    pub with: Option<With>,
    /// The updated table.
    pub table: TableRef,
    /// The assignments.
    pub set: Vec<Assignment>,
    /// Further tables (`FROM` / multi-table).
    pub from: Vec<FromItem>,
    /// WHERE
    pub where_: Option<Expr>,
    /// ORDER BY (MySQL, single-table only).
    pub order_by: Vec<OrderBy>,
    /// LIMIT (MySQL, single-table only).
    pub limit: Option<u64>,
    /// RETURNING (PostgreSQL, SQLite).
    pub returning: Vec<SelectItem>,
}

impl Update {
    /// `UPDATE table …`
    pub fn table(table: impl Table) -> Self {
        Update {
            with: None,
            table: table.table_ref(),
            set: Vec::new(),
            from: Vec::new(),
            where_: None,
            order_by: Vec::new(),
            limit: None,
            returning: Vec::new(),
        }
    }
    /// `SET col = value`, typed. MySQL evaluates assignments left to right (`SET a = a + 1,
    /// b = a` sees the new `a`); PostgreSQL and SQLite use the old row throughout.
    #[inline]
    pub fn set<T: SqlValue, R: Operand<T::Base>>(mut self, col: Column<T>, value: R) -> Self
    where
        T::Base: Promote<OperandBase<R, T::Base>, Out = T::Base>,
    {
        self.set.push(Assignment {
            column: col.name_ident(),
            value: value.into_operand(),
        });
        self
    }
    /// `SET column = value` for a column named at run time.
    #[inline]
    pub fn set_expr(mut self, column: impl Into<Ident>, value: impl Into<Expr>) -> Self {
        self.set.push(Assignment {
            column: column.into(),
            value: value.into(),
        });
        self
    }
    /// Joins another table (`FROM`); put the join condition in [`Update::filter`].
    #[inline]
    pub fn from(mut self, item: impl Into<FromItem>) -> Self {
        self.from.push(item.into());
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
