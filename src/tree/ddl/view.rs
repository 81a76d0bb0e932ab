//! Views: CREATE / DROP VIEW.

use crate::ident::Ident;
use crate::query::Query;

use super::ObjectName;

/// `CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] AS query`.
///
/// The query's values are written as literals (a view's text is stored, so it takes no
/// bind parameters); a named parameter in it is an error.
///
/// ```
/// use sqlweave::ddl::CreateView;
/// use sqlweave::{Select, TableRef, Statement};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let orders = TableRef::new("orders");
/// let q = Select::new().column(orders.col("id")).from(orders.clone()).filter(orders.col("status").eq("paid"));
/// let v = CreateView::new("paid_orders", q);
/// assert_eq!(v.render_for(&Postgres).unwrap().sql,
///     r#"CREATE VIEW "paid_orders" AS SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = 'paid'"#);
/// assert_eq!(v.clone().or_replace().render_for(&MySql::mysql8()).unwrap().sql,
///     "CREATE OR REPLACE VIEW `paid_orders` AS SELECT `orders`.`id` FROM `orders` WHERE `orders`.`status` = 'paid'");
/// assert!(v.or_replace().render_for(&Sqlite).is_err()); // SQLite: drop and create instead
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CreateView {
    /// The view's name.
    pub name: ObjectName,
    /// Names for its columns (else the query's labels).
    pub columns: Vec<Ident>,
    /// What it selects.
    pub query: Query,
    /// `OR REPLACE` (PostgreSQL, MySQL).
    pub or_replace: bool,
    /// `IF NOT EXISTS` (SQLite, MariaDB).
    pub if_not_exists: bool,
    /// The view's `SELECT` as SQL text, as a database keeps it: set by reflection
    /// (`sqlweave-migrate`) for views read from a live database, whose definition is
    /// text, not a [`Query`]. When set it is written after `AS` as is, and `query` (an
    /// empty placeholder) is not used. See [`CreateView::raw`].
    pub raw_sql: Option<String>,
}

impl CreateView {
    /// `CREATE VIEW name AS query`
    pub fn new(name: impl Into<ObjectName>, query: impl Into<Query>) -> Self {
        CreateView {
            name: name.into(),
            columns: Vec::new(),
            query: query.into(),
            or_replace: false,
            if_not_exists: false,
            raw_sql: None,
        }
    }
    /// A view whose `SELECT` is SQL text read from a database (the name says it: the
    /// text is pasted as is, so never build it from user input). Reflection makes views
    /// this way; the text is the database's own spelling of the query.
    ///
    /// ```
    /// use sqlweave::ddl::CreateView;
    /// use sqlweave_postgres::Postgres;
    /// let v = CreateView::raw("paid", "SELECT id FROM orders WHERE status = 'paid'::text");
    /// assert_eq!(v.render(&Postgres).unwrap().sql,
    ///     r#"CREATE VIEW "paid" AS SELECT id FROM orders WHERE status = 'paid'::text"#);
    /// ```
    pub fn raw(name: impl Into<ObjectName>, sql: impl Into<String>) -> Self {
        let mut v = CreateView::new(name, crate::Select::new());
        v.raw_sql = Some(sql.into());
        v
    }
    /// Names the view's columns.
    pub fn columns(mut self, columns: impl super::ColumnList) -> Self {
        self.columns = columns.column_names();
        self
    }
    /// `OR REPLACE`
    pub fn or_replace(mut self) -> Self {
        self.or_replace = true;
        self
    }
    /// `IF NOT EXISTS`
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
    /// `DROP VIEW` for this view.
    pub fn drop(&self) -> DropView {
        DropView::new(self.name.clone())
    }
}

/// `DROP VIEW [IF EXISTS] name [CASCADE]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DropView {
    /// The view's name.
    pub name: ObjectName,
    /// `IF EXISTS`
    pub if_exists: bool,
    /// `CASCADE` (PostgreSQL).
    pub cascade: bool,
}

impl DropView {
    /// `DROP VIEW name`
    pub fn new(name: impl Into<ObjectName>) -> Self {
        DropView {
            name: name.into(),
            if_exists: false,
            cascade: false,
        }
    }
    /// `IF EXISTS`
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
    /// `CASCADE` (PostgreSQL).
    pub fn cascade(mut self) -> Self {
        self.cascade = true;
        self
    }
}
