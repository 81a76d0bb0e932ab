//! Table constraints: primary key, unique, foreign key and check, each nameable.

use crate::expr::Expr;
use crate::ident::Ident;

use super::ObjectName;
use super::column::ColumnList;

/// What a foreign key does when the referenced row is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FkAction {
    /// `NO ACTION`: the statement fails if rows still refer (checked at the end of the
    /// statement, or of the transaction for a deferred key).
    NoAction,
    /// `RESTRICT`: the statement fails at once.
    Restrict,
    /// `CASCADE`: referring rows are deleted / updated too.
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT` (not on MySQL / MariaDB, whose InnoDB refuses it).
    SetDefault,
}

impl FkAction {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// A foreign key: `FOREIGN KEY (columns) REFERENCES target (target_columns)`.
///
/// ```
/// use sqlweave::ddl::{ForeignKey, FkAction};
/// let fk = ForeignKey::new(["order_id", "line_no"], "order_lines", ["order_id", "line_no"])
///     .on_delete(FkAction::Cascade);
/// assert_eq!(fk.columns.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// The referring columns of this table.
    pub columns: Vec<Ident>,
    /// The referenced table.
    pub target: ObjectName,
    /// The referenced columns (a primary key or unique constraint of `target`).
    pub target_columns: Vec<Ident>,
    /// `ON DELETE …`
    pub on_delete: Option<FkAction>,
    /// `ON UPDATE …`
    pub on_update: Option<FkAction>,
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit (PostgreSQL, SQLite; not MySQL).
    pub initially_deferred: bool,
}

impl ForeignKey {
    /// A foreign key from `columns` to `target (target_columns)`.
    pub fn new(
        columns: impl ColumnList,
        target: impl Into<ObjectName>,
        target_columns: impl ColumnList,
    ) -> Self {
        ForeignKey {
            columns: columns.column_names(),
            target: target.into(),
            target_columns: target_columns.column_names(),
            on_delete: None,
            on_update: None,
            initially_deferred: false,
        }
    }
    /// `ON DELETE action`
    pub fn on_delete(mut self, action: FkAction) -> Self {
        self.on_delete = Some(action);
        self
    }
    /// `ON UPDATE action`
    pub fn on_update(mut self, action: FkAction) -> Self {
        self.on_update = Some(action);
        self
    }
    /// `DEFERRABLE INITIALLY DEFERRED` (PostgreSQL, SQLite).
    pub fn initially_deferred(mut self) -> Self {
        self.initially_deferred = true;
        self
    }
}

/// What a constraint constrains.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    /// `PRIMARY KEY (columns)`
    PrimaryKey(Vec<Ident>),
    /// `UNIQUE (columns)`
    Unique(Vec<Ident>),
    /// `FOREIGN KEY (…) REFERENCES …`
    ForeignKey(ForeignKey),
    /// `CHECK (condition)`; its values are written as literals.
    Check(Expr),
}

/// A table constraint with an optional name (`CONSTRAINT "name" …`).
///
/// Name constraints you will drop or that close a foreign-key cycle. Unnamed ones are
/// named by the database. Names of primary keys are kept by PostgreSQL and SQLite;
/// MySQL calls every primary key `PRIMARY`.
///
/// ```
/// use sqlweave::ddl::{Constraint, ForeignKey};
/// use sqlweave::Expr;
/// let pk = Constraint::primary_key(["order_id", "line_no"]).named("order_lines_pk");
/// let ck = Constraint::check(Expr::column("qty").gt(0)).named("qty_positive");
/// let fk = Constraint::foreign_key(ForeignKey::new("order_id", "orders", "id"));
/// assert_eq!(pk.name.unwrap().as_str(), "order_lines_pk");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// `CONSTRAINT "name"`
    pub name: Option<Ident>,
    /// What it constrains.
    pub kind: ConstraintKind,
}

impl Constraint {
    /// `PRIMARY KEY (columns)`
    pub fn primary_key(columns: impl ColumnList) -> Self {
        Self::of(ConstraintKind::PrimaryKey(columns.column_names()))
    }
    /// `UNIQUE (columns)`
    pub fn unique(columns: impl ColumnList) -> Self {
        Self::of(ConstraintKind::Unique(columns.column_names()))
    }
    /// A foreign key.
    pub fn foreign_key(fk: ForeignKey) -> Self {
        Self::of(ConstraintKind::ForeignKey(fk))
    }
    /// `CHECK (condition)`
    pub fn check(condition: impl Into<Expr>) -> Self {
        Self::of(ConstraintKind::Check(condition.into()))
    }
    /// Names the constraint.
    pub fn named(mut self, name: impl Into<Ident>) -> Self {
        self.name = Some(name.into());
        self
    }
    fn of(kind: ConstraintKind) -> Self {
        Constraint { name: None, kind }
    }
    /// The kind, for dropping: see [`crate::ddl::AlterOp::DropConstraint`].
    pub fn constraint_type(&self) -> ConstraintType {
        match self.kind {
            ConstraintKind::PrimaryKey(_) => ConstraintType::PrimaryKey,
            ConstraintKind::Unique(_) => ConstraintType::Unique,
            ConstraintKind::ForeignKey(_) => ConstraintType::ForeignKey,
            ConstraintKind::Check(_) => ConstraintType::Check,
        }
    }
}

impl From<ForeignKey> for Constraint {
    fn from(fk: ForeignKey) -> Self {
        Constraint::foreign_key(fk)
    }
}

/// The type of a constraint, which MySQL needs to drop it (`DROP FOREIGN KEY`,
/// `DROP INDEX`, `DROP PRIMARY KEY`, `DROP CHECK`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintType {
    /// A primary key.
    PrimaryKey,
    /// A unique constraint.
    Unique,
    /// A foreign key.
    ForeignKey,
    /// A check constraint.
    Check,
}
