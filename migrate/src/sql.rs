//! Operations to SQL for one dialect: native `ALTER TABLE` where the database has it,
//! the table rebuild on SQLite where it does not.

use sqlweave::ddl::{
    AlterOp, AlterTable, ColumnDef, ColumnType, CommentOn, CommentStyle, ConstraintKind,
    CreateIndex, CreateType, DdlFeature, DdlStatement, DropType, EnumStyle, ObjectName,
};
use sqlweave::{Dialect, Error, Expr, Result, SchemaRegistry, SqlType, TableDef};

use crate::ops::{MigrationOp, display, table_index};
use crate::rebuild::TableRebuild;

/// The SQL statements that carry out `ops` on `dialect`, starting from the schema
/// `before` (the database as it is: reflected, or the state a previous migration left).
///
/// Each operation becomes the dialect's own statements: `ALTER COLUMN … TYPE` on
/// PostgreSQL, `MODIFY COLUMN` on MariaDB, and on SQLite a [`TableRebuild`] for every
/// change its `ALTER TABLE` cannot make (a column's type, nullability or default; a
/// constraint; dropping a column that a key, index or constraint uses). What a dialect
/// cannot do at all is an [`Error::Unsupported`] naming the operation; nothing is
/// rendered halfway.
///
/// On SQLite the statements of a rebuild must run with `PRAGMA foreign_keys` off and be
/// followed by `PRAGMA foreign_key_check`, in one transaction: the [`crate::Runner`]
/// does that around every migration (see [`crate::rebuild_table`] to run one alone).
///
/// ```
/// use sqlweave::{ColumnDef, ColumnType, SchemaRegistry, TableDef};
/// use sqlweave_migrate::{MigrationOp, render_ops};
/// use sqlweave_postgres::Postgres;
/// use sqlweave_mysql::MySql;
/// use sqlweave_sqlite::Sqlite;
///
/// let users = TableDef::new("users")
///     .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
///     .column(ColumnDef::new("age", ColumnType::Integer));
/// let before = SchemaRegistry::new().table(users.clone());
/// let op = MigrationOp::AlterColumn {
///     table: "users".into(),
///     from: users.columns[1].clone(),
///     to: ColumnDef::new("age", ColumnType::Integer).not_null().default(0),
/// };
/// // Rows holding NULL get the default first, then the column changes.
/// assert_eq!(
///     render_ops(&[op.clone()], &Postgres, &before)?,
///     [
///         r#"UPDATE "users" SET "age" = 0 WHERE "age" IS NULL"#,
///         r#"ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL, ALTER COLUMN "age" SET DEFAULT 0"#,
///     ]
/// );
/// assert_eq!(
///     render_ops(&[op.clone()], &MySql::mariadb(), &before)?,
///     [
///         "UPDATE `users` SET `age` = 0 WHERE `age` IS NULL",
///         "ALTER TABLE `users` MODIFY COLUMN `age` INT NOT NULL DEFAULT 0",
///     ]
/// );
/// // SQLite cannot alter a column: the table is rebuilt, rows copied.
/// let sqlite = render_ops(&[op], &Sqlite, &before)?;
/// assert_eq!(sqlite, [
///     "PRAGMA legacy_alter_table = ON",
///     r#"CREATE TABLE "_sqlweave_new_users" ("id" INTEGER NOT NULL, "age" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("id"))"#,
///     r#"INSERT INTO "_sqlweave_new_users" ("id", "age") SELECT "id", COALESCE("age", 0) FROM "users""#,
///     r#"DROP TABLE "users""#,
///     r#"ALTER TABLE "_sqlweave_new_users" RENAME TO "users""#,
///     "PRAGMA legacy_alter_table = OFF",
/// ]);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn render_ops(
    ops: &[MigrationOp],
    dialect: &dyn Dialect,
    before: &SchemaRegistry,
) -> Result<Vec<String>> {
    let mut state = before.clone();
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let statements = render_op(op, dialect, &state).map_err(|e| {
            e.with_note(&format!(
                "in operation {} of {} ({})",
                i + 1,
                ops.len(),
                op.describe()
            ))
        })?;
        op.apply(&mut state)?;
        out.extend(statements);
    }
    Ok(out)
}

fn render_op(op: &MigrationOp, d: &dyn Dialect, state: &SchemaRegistry) -> Result<Vec<String>> {
    use MigrationOp::*;
    let is_sqlite = d.name() == "SQLite";
    let mut out: Vec<DdlStatement> = Vec::new();
    match op {
        CreateTable(t) => {
            let mut t = t.clone();
            if d.comment_style() == CommentStyle::None {
                t.comment = None;
                t.columns.iter_mut().for_each(|c| c.comment = None);
            }
            out.extend(t.create_statements(d)?);
        }
        DropTable(t) => out.push(sqlweave::ddl::DropTable::new(t.name.clone()).into()),
        RenameTable { from, to } => {
            out.push(AlterTable::new(from.clone()).rename_to(to.clone()).into())
        }
        AddColumn { table, column } => {
            if is_sqlite && sqlite_add_needs_rebuild(column) {
                return rebuild(op, d, state, table);
            }
            let mut c = column.clone();
            let comment = c.comment.take();
            out.push(AlterTable::new(table.clone()).add_column(c).into());
            match (comment, d.comment_style()) {
                (Some(text), CommentStyle::Separate) => {
                    out.push(CommentOn::column(table.clone(), column.name.clone(), text).into())
                }
                (Some(text), CommentStyle::Inline) => {
                    // Re-add inline: MySQL writes the comment in the column.
                    out.clear();
                    let mut c = column.clone();
                    c.comment = Some(text);
                    out.push(AlterTable::new(table.clone()).add_column(c).into());
                }
                _ => {}
            }
        }
        DropColumn { table, column } => {
            if is_sqlite && sqlite_drop_needs_rebuild(state, table, &column.name)? {
                return rebuild(op, d, state, table);
            }
            out.push(
                AlterTable::new(table.clone())
                    .drop_column(column.name.clone())
                    .into(),
            );
        }
        AlterColumn { table, from, to } => {
            if from.name != to.name {
                return Err(Error::invalid(
                    "AlterColumn keeps the column's name: rename it with RenameColumn",
                ));
            }
            let mut fill = Vec::new();
            if let Some(default) = to
                .default
                .as_ref()
                .filter(|_| from.nullable && !to.nullable)
            {
                // Rows holding NULL get the default first: otherwise NOT NULL fails on
                // every database (the SQLite rebuild copies with COALESCE instead).
                let col = sqlweave::render::ddl_expr_sql(&Expr::column(to.name.clone()), d)?;
                fill.push(format!(
                    "UPDATE {} SET {col} = {} WHERE {col} IS NULL",
                    qualified(d, table)?,
                    sqlweave::render::ddl_expr_sql(default, d)?
                ));
            }
            if d.supports_ddl(DdlFeature::AlterColumnType) {
                out.extend(alter_in_place(table, from, to)?);
            } else if d.supports_ddl(DdlFeature::ModifyColumn) {
                let mut c = to.clone();
                c.references = None;
                out.push(AlterTable::new(table.clone()).modify_column(c).into());
            } else if is_sqlite {
                return rebuild(op, d, state, table);
            } else {
                return Err(d.unsupported("changing a column's definition"));
            }
            let mut sql = fill;
            for s in &out {
                sql.push(render_statement(s, d)?);
            }
            return Ok(sql);
        }
        RenameColumn { table, from, to } => out.push(
            AlterTable::new(table.clone())
                .rename_column(from.clone(), to.clone())
                .into(),
        ),
        AddIndex { table, index } => {
            out.push(CreateIndex::new(table.clone(), index.clone()).into())
        }
        DropIndex { table, index } => {
            out.push(sqlweave::ddl::DropIndex::new(table.clone(), index.name.clone()).into())
        }
        AddConstraint { table, constraint } => {
            if is_sqlite {
                return rebuild(op, d, state, table);
            }
            out.push(
                AlterTable::new(table.clone())
                    .add_constraint(constraint.clone())
                    .into(),
            );
        }
        DropConstraint { table, constraint } => {
            if is_sqlite {
                return rebuild(op, d, state, table);
            }
            let Some(name) = constraint.name.clone() else {
                return Err(Error::invalid(format!(
                    "an unnamed constraint of {} cannot be dropped on {}: name it in the declaration (Constraint::named) or in the operation",
                    display(table),
                    d.name()
                )));
            };
            out.push(
                AlterTable::new(table.clone())
                    .drop_constraint(name, constraint.constraint_type())
                    .into(),
            );
        }
        CreateView(v) => out.push(v.clone().into()),
        DropView(v) => out.push(v.drop().into()),
        CreateSequence(s) => out.push(s.clone().into()),
        DropSequence(s) => out.push(s.drop().into()),
        CreateEnum(e) => {
            if d.enum_style() == EnumStyle::NamedType {
                out.push(CreateType::new(e.clone()).into());
            }
        }
        DropEnum(e) => {
            if d.enum_style() == EnumStyle::NamedType {
                out.push(DropType::new(e.name.clone()).into());
            }
        }
        AddEnumValue { enum_type, value } => {
            if d.enum_style() == EnumStyle::NamedType {
                return Err(d.unsupported(&format!(
                    "adding the label {value:?} to enum type {} (ALTER TYPE … ADD VALUE is not in sqlweave's DDL yet: write it in the migration by hand)",
                    display(&enum_type.name)
                )));
            }
        }
    }
    out.iter().map(|s| render_statement(s, d)).collect()
}

/// A table name quoted for `d`, with its schema.
pub(crate) fn qualified(d: &dyn Dialect, n: &ObjectName) -> Result<String> {
    let q = |i: &sqlweave::Ident| sqlweave::render::ddl_expr_sql(&Expr::column(i.clone()), d);
    Ok(match &n.schema {
        Some(s) => format!("{}.{}", q(s)?, q(&n.name)?),
        None => q(&n.name)?,
    })
}

/// One DDL statement as text (DDL takes no parameters: values are literals).
pub(crate) fn render_statement(s: &DdlStatement, d: &dyn Dialect) -> Result<String> {
    let r = s.render(d)?;
    if !r.params.is_empty() || !r.named.is_empty() {
        return Err(Error::invalid(
            "a DDL statement rendered with parameters, which a migration file cannot hold",
        ));
    }
    Ok(r.sql)
}

/// PostgreSQL: the column's changes as `ALTER COLUMN` operations of one statement.
fn alter_in_place(
    table: &ObjectName,
    from: &ColumnDef,
    to: &ColumnDef,
) -> Result<Vec<DdlStatement>> {
    let mut a = AlterTable::new(table.clone());
    if from.ty != to.ty {
        a = a.op(AlterOp::SetType {
            column: to.name.clone(),
            ty: to.ty.clone(),
            using: cast_of(&to.ty).map(|t| Expr::column(to.name.clone()).cast(t)),
        });
    }
    if from.nullable != to.nullable {
        a = if to.nullable {
            a.drop_not_null(to.name.clone())
        } else {
            a.set_not_null(to.name.clone())
        };
    }
    if from.default != to.default {
        a = match &to.default {
            Some(e) => a.op(AlterOp::SetDefault {
                column: to.name.clone(),
                default: e.clone(),
            }),
            None => a.drop_default(to.name.clone()),
        };
    }
    let mut out = Vec::new();
    if !a.ops.is_empty() {
        out.push(a.into());
    }
    if from.comment != to.comment {
        out.push(
            CommentOn {
                target: sqlweave::ddl::CommentTarget::Column(table.clone(), to.name.clone()),
                text: to.comment.clone(),
            }
            .into(),
        );
    }
    Ok(out)
}

/// The conversion a type change on PostgreSQL is written with (`USING "c"::integer`),
/// for the types a cast can name.
fn cast_of(ty: &ColumnType) -> Option<SqlType> {
    Some(match ty {
        ColumnType::SmallInt => SqlType::SmallInt,
        ColumnType::Integer => SqlType::Integer,
        ColumnType::BigInt => SqlType::BigInt,
        ColumnType::Real => SqlType::Real,
        ColumnType::Double => SqlType::Double,
        ColumnType::Numeric(p) => SqlType::Numeric(*p),
        ColumnType::Text => SqlType::Text,
        ColumnType::Varchar(n) => SqlType::Varchar(*n),
        ColumnType::Boolean => SqlType::Boolean,
        ColumnType::Date => SqlType::Date,
        ColumnType::Time => SqlType::Time,
        ColumnType::Timestamp => SqlType::Timestamp,
        ColumnType::TimestampTz => SqlType::TimestampTz,
        ColumnType::Uuid => SqlType::Uuid,
        _ => return None,
    })
}

/// SQLite's `ADD COLUMN` refuses keys, a NOT NULL column without a default, a
/// non-constant default and stored generated columns.
fn sqlite_add_needs_rebuild(c: &ColumnDef) -> bool {
    c.primary_key
        || c.unique
        || (!c.nullable && c.default.is_none() && c.generated.is_none())
        || c.default
            .as_ref()
            .is_some_and(|e| !matches!(e, Expr::Value(_)))
        || c.generated
            .as_ref()
            .is_some_and(|g| g.kind == sqlweave::ddl::GeneratedKind::Stored)
        || (c.references.is_some() && c.default.is_some())
}

/// SQLite's `DROP COLUMN` refuses a column that a key, an index, a constraint or
/// another table's foreign key uses.
fn sqlite_drop_needs_rebuild(
    state: &SchemaRegistry,
    table: &ObjectName,
    column: &sqlweave::Ident,
) -> Result<bool> {
    let t = &state.tables[table_index(state, table)?];
    let c = t
        .columns
        .iter()
        .find(|c| &c.name == column)
        .ok_or_else(|| {
            Error::invalid(format!("table {} has no column {column}", display(table)))
        })?;
    if c.primary_key || c.unique || c.references.is_some() || c.generated.is_some() {
        return Ok(true);
    }
    let in_index = t.indexes.iter().any(|ix| {
        ix.predicate.is_some()
            || ix.parts.iter().any(|p| match &p.target {
                sqlweave::ddl::IndexTarget::Column(x) => x == column,
                sqlweave::ddl::IndexTarget::Expr(_) => true,
            })
    });
    let in_constraint = t.constraints.iter().any(|k| match &k.kind {
        ConstraintKind::PrimaryKey(cols) | ConstraintKind::Unique(cols) => cols.contains(column),
        ConstraintKind::ForeignKey(fk) => fk.columns.contains(column),
        ConstraintKind::Check(_) => true,
    });
    let referenced = state.tables.iter().any(|o| {
        o.foreign_keys()
            .iter()
            .any(|(_, fk)| &fk.target == table && fk.target_columns.contains(column))
    });
    Ok(in_index || in_constraint || referenced)
}

fn rebuild(
    op: &MigrationOp,
    d: &dyn Dialect,
    state: &SchemaRegistry,
    table: &ObjectName,
) -> Result<Vec<String>> {
    let before: &TableDef = &state.tables[table_index(state, table)?];
    let mut after_state = state.clone();
    op.apply(&mut after_state)?;
    let after = &after_state.tables[table_index(&after_state, table)?];
    TableRebuild::plan(before, after)?.statements(d)
}
