//! ALTER TABLE.

use crate::expr::Expr;
use crate::ident::Ident;

use super::ObjectName;
use super::column::ColumnDef;
use super::constraint::{Constraint, ConstraintType};
use super::types::ColumnType;

/// One operation of an `ALTER TABLE`.
///
/// | operation | PostgreSQL | SQLite | MySQL / MariaDB |
/// |---|---|---|---|
/// | `AddColumn` | `ADD COLUMN …` | `ADD COLUMN …` (no key, no `UNIQUE`) | `ADD COLUMN …` (a reference as `ADD FOREIGN KEY`) |
/// | `DropColumn` | `DROP COLUMN` | `DROP COLUMN` | `DROP COLUMN` |
/// | `RenameColumn` | `RENAME COLUMN a TO b` | same | same |
/// | `RenameTable` | `RENAME TO b` | same | same |
/// | `AddConstraint` | `ADD CONSTRAINT …` | Unsupported | `ADD CONSTRAINT …` |
/// | `DropConstraint` | `DROP CONSTRAINT n` | Unsupported | `DROP FOREIGN KEY n`, `DROP INDEX n`, `DROP PRIMARY KEY`, `DROP CHECK n` (MariaDB: `DROP CONSTRAINT n`) |
/// | `SetType` | `ALTER COLUMN c TYPE t [USING e]` | Unsupported | Unsupported: use `ModifyColumn` |
/// | `SetNotNull` / `DropNotNull` | `ALTER COLUMN c SET / DROP NOT NULL` | Unsupported | Unsupported: use `ModifyColumn` |
/// | `SetDefault` / `DropDefault` | `ALTER COLUMN c SET / DROP DEFAULT` | Unsupported | `ALTER COLUMN c SET / DROP DEFAULT` |
/// | `ModifyColumn` | `ALTER COLUMN c TYPE t, … SET / DROP NOT NULL, … SET / DROP DEFAULT` | Unsupported | `MODIFY COLUMN <definition>` |
///
/// SQLite runs one operation per statement; PostgreSQL runs a rename alone. Rebuilding a
/// SQLite table for what its ALTER cannot do is a migration's job, not this statement's.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AlterOp {
    /// `ADD COLUMN definition`
    AddColumn(ColumnDef),
    /// `DROP COLUMN name`
    DropColumn(Ident),
    /// `RENAME COLUMN from TO to`
    RenameColumn {
        /// The current name.
        from: Ident,
        /// The new name.
        to: Ident,
    },
    /// `RENAME TO name` (stays in its schema).
    RenameTable(Ident),
    /// `ADD [CONSTRAINT name] …`
    AddConstraint(Constraint),
    /// Drops a named constraint; MySQL needs its type.
    DropConstraint {
        /// The constraint's name (ignored for a MySQL primary key, which is `PRIMARY`).
        name: Ident,
        /// Its type.
        kind: ConstraintType,
    },
    /// `ALTER COLUMN c TYPE t [USING expr]` (PostgreSQL).
    SetType {
        /// The column.
        column: Ident,
        /// The new type.
        ty: ColumnType,
        /// How to convert the old values (`USING`), if not by assignment cast.
        using: Option<Expr>,
    },
    /// `ALTER COLUMN c SET NOT NULL` (PostgreSQL).
    SetNotNull(Ident),
    /// `ALTER COLUMN c DROP NOT NULL` (PostgreSQL).
    DropNotNull(Ident),
    /// `ALTER COLUMN c SET DEFAULT …` (a value is written as a literal).
    SetDefault {
        /// The column.
        column: Ident,
        /// The default.
        default: Expr,
    },
    /// `ALTER COLUMN c DROP DEFAULT`
    DropDefault(Ident),
    /// Makes a column match `definition`: type, nullability and default (and, on MySQL,
    /// whatever else the definition says, as `MODIFY COLUMN` restates the whole column).
    ModifyColumn(ColumnDef),
}

/// `ALTER TABLE name op, op, …`.
///
/// ```
/// use sqlweave::ddl::{AlterTable, ColumnDef, ColumnType, Constraint, ConstraintType};
/// use sqlweave::{Expr, Statement};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
///
/// let add = AlterTable::new("orders").add_column(ColumnDef::new("note", ColumnType::Varchar(200)));
/// assert_eq!(add.render_for(&Sqlite).unwrap().sql, r#"ALTER TABLE "orders" ADD COLUMN "note" TEXT"#);
///
/// let ck = AlterTable::new("orders")
///     .add_constraint(Constraint::check(Expr::column("qty").gt(0)).named("qty_ck"));
/// assert_eq!(ck.render_for(&Postgres).unwrap().sql, r#"ALTER TABLE "orders" ADD CONSTRAINT "qty_ck" CHECK ("qty" > 0)"#);
/// assert!(ck.render_for(&Sqlite).is_err()); // SQLite cannot add constraints
///
/// let drop = AlterTable::new("orders").drop_constraint("orders_customer_fk", ConstraintType::ForeignKey);
/// assert_eq!(drop.render_for(&MySql::mysql8()).unwrap().sql, "ALTER TABLE `orders` DROP FOREIGN KEY `orders_customer_fk`");
/// assert_eq!(drop.render_for(&Postgres).unwrap().sql, r#"ALTER TABLE "orders" DROP CONSTRAINT "orders_customer_fk""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AlterTable {
    /// The table.
    pub table: ObjectName,
    /// The operations, in order.
    pub ops: Vec<AlterOp>,
}

impl AlterTable {
    /// An `ALTER TABLE` with no operations yet.
    pub fn new(table: impl Into<ObjectName>) -> Self {
        AlterTable {
            table: table.into(),
            ops: Vec::new(),
        }
    }
    /// Adds an operation.
    pub fn op(mut self, op: AlterOp) -> Self {
        self.ops.push(op);
        self
    }
    /// `ADD COLUMN`
    pub fn add_column(self, column: ColumnDef) -> Self {
        self.op(AlterOp::AddColumn(column))
    }
    /// `DROP COLUMN`
    pub fn drop_column(self, column: impl Into<Ident>) -> Self {
        self.op(AlterOp::DropColumn(column.into()))
    }
    /// `RENAME COLUMN from TO to`
    pub fn rename_column(self, from: impl Into<Ident>, to: impl Into<Ident>) -> Self {
        self.op(AlterOp::RenameColumn {
            from: from.into(),
            to: to.into(),
        })
    }
    /// `RENAME TO name`
    pub fn rename_to(self, name: impl Into<Ident>) -> Self {
        self.op(AlterOp::RenameTable(name.into()))
    }
    /// `ADD CONSTRAINT`
    pub fn add_constraint(self, constraint: impl Into<Constraint>) -> Self {
        self.op(AlterOp::AddConstraint(constraint.into()))
    }
    /// Drops the constraint `name` of type `kind`.
    pub fn drop_constraint(self, name: impl Into<Ident>, kind: ConstraintType) -> Self {
        self.op(AlterOp::DropConstraint {
            name: name.into(),
            kind,
        })
    }
    /// `ALTER COLUMN c TYPE t` (PostgreSQL).
    pub fn set_type(self, column: impl Into<Ident>, ty: impl Into<ColumnType>) -> Self {
        self.op(AlterOp::SetType {
            column: column.into(),
            ty: ty.into(),
            using: None,
        })
    }
    /// `ALTER COLUMN c SET NOT NULL` (PostgreSQL).
    pub fn set_not_null(self, column: impl Into<Ident>) -> Self {
        self.op(AlterOp::SetNotNull(column.into()))
    }
    /// `ALTER COLUMN c DROP NOT NULL` (PostgreSQL).
    pub fn drop_not_null(self, column: impl Into<Ident>) -> Self {
        self.op(AlterOp::DropNotNull(column.into()))
    }
    /// `ALTER COLUMN c SET DEFAULT value` (written as a literal).
    pub fn set_default(self, column: impl Into<Ident>, value: impl Into<crate::Value>) -> Self {
        self.op(AlterOp::SetDefault {
            column: column.into(),
            default: Expr::Value(value.into()),
        })
    }
    /// `ALTER COLUMN c DROP DEFAULT`
    pub fn drop_default(self, column: impl Into<Ident>) -> Self {
        self.op(AlterOp::DropDefault(column.into()))
    }
    /// Makes a column match `definition` (see [`AlterOp::ModifyColumn`]).
    pub fn modify_column(self, definition: ColumnDef) -> Self {
        self.op(AlterOp::ModifyColumn(definition))
    }
}
