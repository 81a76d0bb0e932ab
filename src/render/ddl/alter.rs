//! Rendering of ALTER TABLE.

use super::super::Renderer;
use super::ColumnContext;
use crate::ddl::{
    AlterOp, AlterTable, ColumnDef, CommentStyle, ConstraintType, DdlFeature, DropConstraintStyle,
};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::ident::Ident;

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders `ALTER TABLE`.
    pub(crate) fn alter_table(&mut self, a: &AlterTable) -> Result<()> {
        if a.ops.is_empty() {
            return Err(Error::invalid(
                "an ALTER TABLE needs at least one operation",
            ));
        }
        if a.ops.len() > 1 {
            if !self.d.supports_ddl(DdlFeature::MultipleAlterOps) {
                return Err(self.d.unsupported(
                    "several operations in one ALTER TABLE (run one statement per operation)",
                ));
            }
            if a.ops
                .iter()
                .any(|op| matches!(op, AlterOp::RenameColumn { .. } | AlterOp::RenameTable(_)))
            {
                return Err(Error::invalid(
                    "a rename must be the only operation of its ALTER TABLE (PostgreSQL runs renames alone)",
                ));
            }
        }
        self.push("ALTER TABLE ");
        self.object_name(&a.table)?;
        self.push(" ");
        self.comma_list(&a.ops, |r, op| r.alter_op(op))
    }

    fn alter_op(&mut self, op: &AlterOp) -> Result<()> {
        match op {
            AlterOp::AddColumn(c) => self.add_column(c),
            AlterOp::DropColumn(c) => {
                self.push("DROP COLUMN ");
                self.ident(c)
            }
            AlterOp::RenameColumn { from, to } => {
                self.push("RENAME COLUMN ");
                self.ident(from)?;
                self.push(" TO ");
                self.ident(to)
            }
            AlterOp::RenameTable(to) => {
                self.push("RENAME TO ");
                self.ident(to)
            }
            AlterOp::AddConstraint(c) => {
                self.need(DdlFeature::AlterConstraints, "ALTER TABLE … ADD CONSTRAINT")?;
                self.push("ADD ");
                self.constraint(c)
            }
            AlterOp::DropConstraint { name, kind } => self.drop_constraint(name, *kind),
            AlterOp::SetType { column, ty, using } => {
                self.need_alter_column("ALTER COLUMN … TYPE (changing a column's type)")?;
                self.alter_column(column, " TYPE ")?;
                self.column_type(ty)?;
                if let Some(u) = using {
                    self.push(" USING (");
                    self.table_expr(u, "a USING conversion")?;
                    self.push(")");
                }
                Ok(())
            }
            AlterOp::SetNotNull(column) => {
                self.need_alter_column("ALTER COLUMN … SET NOT NULL")?;
                self.alter_column(column, " SET NOT NULL")
            }
            AlterOp::DropNotNull(column) => {
                self.need_alter_column("ALTER COLUMN … DROP NOT NULL")?;
                self.alter_column(column, " DROP NOT NULL")
            }
            AlterOp::SetDefault { column, default } => {
                self.need(DdlFeature::AlterColumnDefault, "ALTER COLUMN … SET DEFAULT")?;
                self.alter_column(column, " SET DEFAULT ")?;
                self.default_value(default)
            }
            AlterOp::DropDefault(column) => {
                self.need(
                    DdlFeature::AlterColumnDefault,
                    "ALTER COLUMN … DROP DEFAULT",
                )?;
                self.alter_column(column, " DROP DEFAULT")
            }
            AlterOp::ModifyColumn(c) => self.modify_column(c),
            #[allow(unreachable_patterns)]
            _ => Err(self.d.unsupported("this ALTER TABLE operation")),
        }
    }

    fn need(&mut self, feature: DdlFeature, what: &str) -> Result<()> {
        if self.d.supports_ddl(feature) {
            Ok(())
        } else {
            Err(self.d.unsupported(what))
        }
    }

    fn need_alter_column(&mut self, what: &str) -> Result<()> {
        if self.d.supports_ddl(DdlFeature::AlterColumnType) {
            return Ok(());
        }
        if self.d.supports_ddl(DdlFeature::ModifyColumn) {
            return Err(self.d.unsupported(&format!(
                "{what} on its own (MODIFY COLUMN restates the whole column: use AlterOp::ModifyColumn)"
            )));
        }
        Err(self.d.unsupported(what))
    }

    fn alter_column(&mut self, column: &Ident, rest: &str) -> Result<()> {
        self.push("ALTER COLUMN ");
        self.ident(column)?;
        self.push(rest);
        Ok(())
    }

    /// A default after `SET DEFAULT`: a literal, or an expression in parentheses.
    fn default_value(&mut self, default: &Expr) -> Result<()> {
        match default {
            Expr::Value(v) => self.bare_literal(v),
            e => {
                self.push("(");
                self.table_expr(e, "a DEFAULT")?;
                self.push(")");
                Ok(())
            }
        }
    }

    fn add_column(&mut self, c: &ColumnDef) -> Result<()> {
        if (c.primary_key || c.unique) && !self.d.supports_ddl(DdlFeature::AddColumnKeys) {
            return Err(self
                .d
                .unsupported("ALTER TABLE … ADD COLUMN with PRIMARY KEY or UNIQUE"));
        }
        if c.generated
            .as_ref()
            .is_some_and(|g| g.kind == crate::ddl::GeneratedKind::Stored)
            && !self.d.supports_ddl(DdlFeature::AddStoredGeneratedColumn)
        {
            return Err(self
                .d
                .unsupported("ALTER TABLE … ADD COLUMN of a STORED generated column"));
        }
        if c.comment.is_some() {
            let whose = format!("column {:?}", c.name.as_str());
            match self.d.comment_style() {
                CommentStyle::Inline => {}
                CommentStyle::Separate => {
                    return Err(self.d.unsupported(&format!(
                        "a comment in ALTER TABLE … ADD COLUMN (the comment on {whose} would be lost: \
                         comments are statements of their own here; add it with CommentOn::column after the ALTER TABLE)"
                    )));
                }
                CommentStyle::None => {
                    return Err(self.comment_lost(&whose, "leave it off the column added here"));
                }
            }
        }
        self.push("ADD COLUMN ");
        self.column_def(c, ColumnContext::AddColumn)?;
        if let Some(fk) = &c.references {
            if self.d.supports_ddl(DdlFeature::ColumnReferences) {
                self.references(fk)?;
            } else {
                // MySQL parses a REFERENCES in a column definition and ignores it.
                self.need(
                    DdlFeature::AlterConstraints,
                    "ALTER TABLE … ADD COLUMN with a foreign key",
                )?;
                self.push(", ADD ");
                self.foreign_key(fk)?;
            }
        }
        Ok(())
    }

    fn drop_constraint(&mut self, name: &Ident, kind: ConstraintType) -> Result<()> {
        self.need(
            DdlFeature::AlterConstraints,
            "ALTER TABLE … DROP CONSTRAINT",
        )?;
        match self.d.drop_constraint_style() {
            DropConstraintStyle::ByName => {
                self.push("DROP CONSTRAINT ");
                self.ident(name)
            }
            DropConstraintStyle::ByKind { check_keyword } => {
                let kw = match kind {
                    ConstraintType::PrimaryKey => {
                        self.push("DROP PRIMARY KEY");
                        return Ok(());
                    }
                    ConstraintType::ForeignKey => "FOREIGN KEY",
                    ConstraintType::Unique => "INDEX",
                    ConstraintType::Check => check_keyword,
                };
                self.push("DROP ");
                self.push(kw);
                self.push(" ");
                self.ident(name)
            }
        }
    }

    fn modify_column(&mut self, c: &ColumnDef) -> Result<()> {
        if c.references.is_some() {
            return Err(Error::invalid(
                "a modified column cannot gain a foreign key: add it with AlterOp::AddConstraint",
            ));
        }
        if self.d.supports_ddl(DdlFeature::ModifyColumn) {
            self.push("MODIFY COLUMN ");
            return self.column_def(c, ColumnContext::Modify);
        }
        self.need_alter_column("changing a column's definition")?;
        if c.auto_increment
            || c.generated.is_some()
            || c.primary_key
            || c.unique
            || c.comment.is_some()
        {
            return Err(self.d.unsupported(
                "ModifyColumn with identity, generation, keys or a comment (it changes type, nullability and default; use the specific operations)",
            ));
        }
        self.alter_column(&c.name, " TYPE ")?;
        self.column_type(&c.ty)?;
        self.push(", ");
        self.alter_column(
            &c.name,
            if c.nullable {
                " DROP NOT NULL"
            } else {
                " SET NOT NULL"
            },
        )?;
        self.push(", ");
        match &c.default {
            Some(d) => {
                self.alter_column(&c.name, " SET DEFAULT ")?;
                self.default_value(d)
            }
            None => self.alter_column(&c.name, " DROP DEFAULT"),
        }
    }
}
