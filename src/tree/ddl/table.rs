//! Table definitions, CREATE / DROP TABLE and comments.

use crate::error::{Error, Result};
use crate::expr::{Expr, SqlType};
use crate::ident::Ident;
use crate::query::{FromItem, TableRef};
use crate::schema::{DynColumn, DynTable, Table};

use super::column::{ColumnDef, ColumnList};
use super::constraint::{Constraint, ConstraintKind, ForeignKey};
use super::index::{CreateIndex, IndexDef};
use super::types::ColumnType;
use super::{DdlStatement, ObjectName, UnsupportedComments};

/// A table's definition: columns, constraints, indexes and a comment. The same builder
/// serves tables declared with [`table!`](crate::table!) (`Customers::table_def()`) and
/// tables known only at run time; both live in one [`SchemaRegistry`](super::SchemaRegistry).
///
/// See the [module documentation](super) for examples with the SQL of each dialect.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// The table's name.
    pub name: ObjectName,
    /// Its columns, in order.
    pub columns: Vec<ColumnDef>,
    /// Table constraints, after the columns' own.
    pub constraints: Vec<Constraint>,
    /// Indexes, created after the table.
    pub indexes: Vec<IndexDef>,
    /// A comment on the table.
    pub comment: Option<String>,
}

impl TableDef {
    /// A table with no columns yet.
    pub fn new(name: impl Into<ObjectName>) -> Self {
        TableDef {
            name: name.into(),
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
        }
    }
    /// Adds a column, or replaces the column of the same name where it stands (so a
    /// static table's derived columns can be refined: `.column(ColumnDef::of(t.id).primary_key())`).
    pub fn column(mut self, column: ColumnDef) -> Self {
        match self.columns.iter_mut().find(|c| c.name == column.name) {
            Some(slot) => *slot = column,
            None => self.columns.push(column),
        }
        self
    }
    /// An unnamed `PRIMARY KEY (columns)` (name it with [`TableDef::constraint`]).
    pub fn primary_key(self, columns: impl ColumnList) -> Self {
        self.constraint(Constraint::primary_key(columns))
    }
    /// An unnamed `UNIQUE (columns)`.
    pub fn unique(self, columns: impl ColumnList) -> Self {
        self.constraint(Constraint::unique(columns))
    }
    /// An unnamed foreign key.
    pub fn foreign_key(self, fk: ForeignKey) -> Self {
        self.constraint(Constraint::foreign_key(fk))
    }
    /// An unnamed `CHECK (condition)`.
    pub fn check(self, condition: impl Into<Expr>) -> Self {
        self.constraint(Constraint::check(condition))
    }
    /// Adds a constraint (named or not).
    pub fn constraint(mut self, c: Constraint) -> Self {
        self.constraints.push(c);
        self
    }
    /// Adds an index, created after the table.
    pub fn index(mut self, index: IndexDef) -> Self {
        self.indexes.push(index);
        self
    }
    /// Sets the table's comment.
    pub fn comment(mut self, text: impl Into<String>) -> Self {
        self.comment = Some(text.into());
        self
    }

    /// The column named `name`.
    pub fn get_column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name.as_str() == name)
    }

    /// The primary key's columns: the columns marked [`ColumnDef::primary_key`], else
    /// the explicit primary-key constraint's.
    pub fn primary_key_columns(&self) -> Vec<&Ident> {
        let marked: Vec<&Ident> = self
            .columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| &c.name)
            .collect();
        if !marked.is_empty() {
            return marked;
        }
        self.constraints
            .iter()
            .find_map(|c| match &c.kind {
                ConstraintKind::PrimaryKey(cols) => Some(cols.iter().collect()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Every foreign key, the columns' own first, with its constraint name if any.
    pub fn foreign_keys(&self) -> Vec<(Option<&Ident>, &ForeignKey)> {
        let own = self
            .columns
            .iter()
            .filter_map(|c| c.references.as_ref().map(|fk| (None, fk)));
        let table = self.constraints.iter().filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some((c.name.as_ref(), fk)),
            _ => None,
        });
        own.chain(table).collect()
    }

    /// `CREATE TABLE` for this table alone (its indexes and, on PostgreSQL, its comments
    /// are separate statements: see [`TableDef::create_statements`]). On SQLite, which
    /// keeps no comments, a comment is an error unless
    /// [`CreateTable::skip_unsupported_comments`] says to leave it out.
    pub fn create(&self) -> CreateTable {
        CreateTable {
            table: self.clone(),
            if_not_exists: false,
            unsupported_comments: UnsupportedComments::Refuse,
        }
    }

    /// `DROP TABLE` for this table.
    pub fn drop(&self) -> DropTable {
        DropTable::new(self.name.clone())
    }

    pub(crate) fn index_statements(&self) -> impl Iterator<Item = DdlStatement> + '_ {
        self.indexes
            .iter()
            .map(|ix| DdlStatement::CreateIndex(CreateIndex::new(self.name.clone(), ix.clone())))
    }

    /// A qualified column of this table, for queries; an error if it has no such column.
    pub fn col(&self, name: &str) -> Result<Expr> {
        match self.get_column(name) {
            Some(c) => Ok(self.name.table_ref().col(c.name.clone())),
            None => Err(Error::invalid(format!(
                "table {:?} has no column {name:?}",
                self.name.display()
            ))),
        }
    }

    /// The table as a [`DynTable`] for building queries at run time.
    pub fn to_dyn_table(&self) -> DynTable {
        let mut t = DynTable::new(self.name.name.clone());
        t.table.schema = self.name.schema.clone();
        for c in &self.columns {
            t.columns.push(DynColumn {
                name: c.name.clone(),
                ty: cast_type(&c.ty),
                nullable: c.nullable && !c.primary_key,
            });
        }
        t
    }
}

/// The `CAST` type closest to a column type (enums and raw types read as text).
fn cast_type(t: &ColumnType) -> SqlType {
    match t {
        ColumnType::SmallInt => SqlType::SmallInt,
        ColumnType::Integer => SqlType::Integer,
        ColumnType::BigInt => SqlType::BigInt,
        ColumnType::Real => SqlType::Real,
        ColumnType::Double => SqlType::Double,
        ColumnType::Numeric(p) => SqlType::Numeric(*p),
        ColumnType::Varchar(n) => SqlType::Varchar(*n),
        ColumnType::Bytes => SqlType::Bytes,
        ColumnType::Boolean => SqlType::Boolean,
        ColumnType::Date => SqlType::Date,
        ColumnType::Time => SqlType::Time,
        ColumnType::Timestamp => SqlType::Timestamp,
        ColumnType::TimestampTz => SqlType::TimestampTz,
        ColumnType::Uuid => SqlType::Uuid,
        ColumnType::Json | ColumnType::Jsonb => SqlType::Json,
        ColumnType::Text | ColumnType::Enum(_) | ColumnType::Raw(_) => SqlType::Text,
    }
}

impl From<&DynTable> for TableDef {
    /// The run-time table's name and columns (types and nullability); the alias is
    /// dropped.
    fn from(t: &DynTable) -> Self {
        let mut def = TableDef::new(t.table.clone());
        for c in &t.columns {
            let mut col = ColumnDef::new(c.name.clone(), ColumnType::from(c.ty));
            col.nullable = c.nullable;
            def.columns.push(col);
        }
        def
    }
}

impl From<DynTable> for TableDef {
    fn from(t: DynTable) -> Self {
        TableDef::from(&t)
    }
}

impl Table for TableDef {
    fn table_ref(&self) -> TableRef {
        self.name.table_ref()
    }
    fn columns(&self) -> Vec<Expr> {
        let t = self.name.table_ref();
        self.columns.iter().map(|c| t.col(c.name.clone())).collect()
    }
}

impl From<&TableDef> for FromItem {
    fn from(t: &TableDef) -> Self {
        FromItem::Table(t.name.table_ref())
    }
}

/// `CREATE TABLE [IF NOT EXISTS] name (columns, constraints)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    /// The table.
    pub table: TableDef,
    /// `IF NOT EXISTS`
    pub if_not_exists: bool,
    /// What to do with the table's comments where the database keeps none (SQLite).
    pub unsupported_comments: UnsupportedComments,
}

impl CreateTable {
    /// `IF NOT EXISTS`
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
    /// Leaves the table's and its columns' comments out where the database keeps none
    /// (SQLite) instead of refusing the statement; elsewhere they are written as always.
    pub fn skip_unsupported_comments(mut self) -> Self {
        self.unsupported_comments = UnsupportedComments::Skip;
        self
    }
}

/// `DROP TABLE [IF EXISTS] name [CASCADE]`.
///
/// ```
/// use sqlweave::ddl::DropTable;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_mysql::MySql;
/// let d = DropTable::new(("shop", "orders")).if_exists();
/// assert_eq!(d.render(&Postgres).unwrap().sql, r#"DROP TABLE IF EXISTS "shop"."orders""#);
/// assert_eq!(d.clone().cascade().render(&Postgres).unwrap().sql, r#"DROP TABLE IF EXISTS "shop"."orders" CASCADE"#);
/// assert!(d.cascade().render(&MySql::mysql8()).is_err()); // MySQL parses CASCADE but ignores it
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DropTable {
    /// The table.
    pub name: ObjectName,
    /// `IF EXISTS`
    pub if_exists: bool,
    /// `CASCADE`: drop what depends on it (views, foreign keys) too (PostgreSQL).
    pub cascade: bool,
}

impl DropTable {
    /// `DROP TABLE name`
    pub fn new(name: impl Into<ObjectName>) -> Self {
        DropTable {
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

/// What a comment is on.
#[derive(Debug, Clone, PartialEq)]
pub enum CommentTarget {
    /// A table.
    Table(ObjectName),
    /// A column of a table.
    Column(ObjectName, Ident),
}

/// `COMMENT ON TABLE / COLUMN … IS '…'` (PostgreSQL); on MySQL a table comment is
/// `ALTER TABLE … COMMENT = '…'` and a column comment is part of the column definition
/// (use [`crate::ddl::AlterOp::ModifyColumn`]). SQLite keeps no comments: an
/// [`Error::Unsupported`](crate::Error::Unsupported), as for a comment in its CREATE TABLE.
///
/// ```
/// use sqlweave::ddl::{CommentOn, CommentTarget};
/// use sqlweave_postgres::Postgres;
/// let c = CommentOn::column("orders", "total", "in cents, tax included");
/// assert_eq!(c.render(&Postgres).unwrap().sql, r#"COMMENT ON COLUMN "orders"."total" IS 'in cents, tax included'"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CommentOn {
    /// The table or column.
    pub target: CommentTarget,
    /// The comment; `None` removes it.
    pub text: Option<String>,
}

impl CommentOn {
    /// A comment on a table.
    pub fn table(table: impl Into<ObjectName>, text: impl Into<String>) -> Self {
        CommentOn {
            target: CommentTarget::Table(table.into()),
            text: Some(text.into()),
        }
    }
    /// A comment on a column.
    pub fn column(
        table: impl Into<ObjectName>,
        column: impl Into<Ident>,
        text: impl Into<String>,
    ) -> Self {
        CommentOn {
            target: CommentTarget::Column(table.into(), column.into()),
            text: Some(text.into()),
        }
    }
}
