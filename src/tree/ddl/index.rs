//! Indexes: CREATE / DROP INDEX.

use crate::expr::Expr;
use crate::ident::Ident;

use super::ObjectName;
use super::column::ColumnList;

/// What one part of an index is over.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexTarget {
    /// A column.
    Column(Ident),
    /// An expression (PostgreSQL, SQLite, MySQL 8.0.13+; not MariaDB).
    Expr(Expr),
}

/// One part of an index key, ascending or descending.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPart {
    /// The column or expression.
    pub target: IndexTarget,
    /// `DESC`
    pub desc: bool,
}

/// An index of a table: its name, key parts, uniqueness and an optional `WHERE`
/// (a partial index: PostgreSQL and SQLite only).
///
/// Index names must be unique in the schema on PostgreSQL and SQLite (per table on MySQL).
///
/// ```
/// use sqlweave::ddl::{CreateIndex, IndexDef};
/// use sqlweave::{func, Expr, Statement};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
///
/// let ix = IndexDef::new("users_email_lower_ux")
///     .unique()
///     .expr(func::lower(Expr::column("email")))
///     .filter(Expr::column("deleted_at").is_null());
/// let create = CreateIndex::new("users", ix);
/// assert_eq!(create.render_for(&Postgres).unwrap().sql,
///     r#"CREATE UNIQUE INDEX "users_email_lower_ux" ON "users" ((LOWER("email"))) WHERE "deleted_at" IS NULL"#);
/// assert_eq!(create.render_for(&Sqlite).unwrap().sql,
///     r#"CREATE UNIQUE INDEX "users_email_lower_ux" ON "users" ((LOWER("email"))) WHERE "deleted_at" IS NULL"#);
/// // MySQL has no partial indexes, and MariaDB no expression indexes:
/// assert!(create.render_for(&MySql::mysql8()).is_err());
///
/// let plain = CreateIndex::new("users", IndexDef::new("users_name_ix").column("last_name").column_desc("first_name"));
/// assert_eq!(plain.render_for(&MySql::mariadb()).unwrap().sql,
///     "CREATE INDEX `users_name_ix` ON `users` (`last_name`, `first_name` DESC)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    /// The index's name.
    pub name: Ident,
    /// `UNIQUE`
    pub unique: bool,
    /// The key parts, in order.
    pub parts: Vec<IndexPart>,
    /// `WHERE condition`: index only the rows that satisfy it.
    pub predicate: Option<Expr>,
}

impl IndexDef {
    /// An index with no parts yet.
    pub fn new(name: impl Into<Ident>) -> Self {
        IndexDef {
            name: name.into(),
            unique: false,
            parts: Vec::new(),
            predicate: None,
        }
    }
    /// `UNIQUE`
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    /// Adds ascending columns.
    pub fn column(mut self, columns: impl ColumnList) -> Self {
        for c in columns.column_names() {
            self.parts.push(IndexPart {
                target: IndexTarget::Column(c),
                desc: false,
            });
        }
        self
    }
    /// Adds a descending column.
    pub fn column_desc(mut self, column: impl Into<Ident>) -> Self {
        self.parts.push(IndexPart {
            target: IndexTarget::Column(column.into()),
            desc: true,
        });
        self
    }
    /// Adds an ascending expression (columns in it are the table's; qualifiers are dropped).
    pub fn expr(mut self, e: impl Into<Expr>) -> Self {
        self.parts.push(IndexPart {
            target: IndexTarget::Expr(e.into()),
            desc: false,
        });
        self
    }
    /// Adds a descending expression.
    pub fn expr_desc(mut self, e: impl Into<Expr>) -> Self {
        self.parts.push(IndexPart {
            target: IndexTarget::Expr(e.into()),
            desc: true,
        });
        self
    }
    /// `WHERE condition` (a partial index).
    pub fn filter(mut self, condition: impl Into<Expr>) -> Self {
        self.predicate = Some(condition.into());
        self
    }
}

/// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (…) [WHERE …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateIndex {
    /// The indexed table.
    pub table: ObjectName,
    /// The index.
    pub index: IndexDef,
    /// `IF NOT EXISTS` (not on MySQL 8).
    pub if_not_exists: bool,
}

impl CreateIndex {
    /// `CREATE INDEX` of `index` on `table`.
    pub fn new(table: impl Into<ObjectName>, index: IndexDef) -> Self {
        CreateIndex {
            table: table.into(),
            index,
            if_not_exists: false,
        }
    }
    /// `IF NOT EXISTS`
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
}

/// `DROP INDEX [IF EXISTS] name` (`DROP INDEX name ON table` on MySQL). The index lives
/// in its table's schema, so the table is part of the statement.
///
/// ```
/// use sqlweave::ddl::DropIndex;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// let d = DropIndex::new(("shop", "orders"), "orders_placed_ix");
/// assert_eq!(d.render(&Postgres).unwrap().sql, r#"DROP INDEX "shop"."orders_placed_ix""#);
/// assert_eq!(d.render(&MySql::mysql8()).unwrap().sql, "DROP INDEX `orders_placed_ix` ON `shop`.`orders`");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DropIndex {
    /// The indexed table.
    pub table: ObjectName,
    /// The index's name.
    pub name: Ident,
    /// `IF EXISTS` (not on MySQL 8).
    pub if_exists: bool,
}

impl DropIndex {
    /// `DROP INDEX name` of an index on `table`.
    pub fn new(table: impl Into<ObjectName>, name: impl Into<Ident>) -> Self {
        DropIndex {
            table: table.into(),
            name: name.into(),
            if_exists: false,
        }
    }
    /// `IF EXISTS`
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
}
