//! Migration operations as plain data: what a migration does to a schema, one change per
//! value, each carrying what it replaces so that it can be reversed.
//!
//! An operation says *what* changes, never *how* a database does it: the same
//! [`MigrationOp::AlterColumn`] is `ALTER COLUMN … TYPE` on PostgreSQL, `MODIFY COLUMN`
//! on MariaDB and a table rebuild on SQLite (see [`crate::render_ops`]).

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, ConstraintKind, CreateSequence, CreateView, EnumType,
    IndexDef, LabelPosition, ObjectName,
};
use sqlweave::{Error, Ident, Result, SchemaRegistry, TableDef};

/// One change to a schema. Plain data: inspect it, edit it, compare it, build it by
/// hand. Drops keep the object they drop and alterations keep the state they replace, so
/// that [`MigrationOp::reverse`] can undo them.
///
/// ```
/// use sqlweave::{ColumnDef, ColumnType};
/// use sqlweave_migrate::MigrationOp;
///
/// let add = MigrationOp::AddColumn {
///     table: "users".into(),
///     column: ColumnDef::new("age", ColumnType::Integer),
/// };
/// assert_eq!(
///     add.reverse()?,
///     MigrationOp::DropColumn {
///         table: "users".into(),
///         column: ColumnDef::new("age", ColumnType::Integer),
///     }
/// );
/// assert_eq!(add.describe(), "add column users.age");
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// A migration holds a handful of operations: unboxed variants keep them easy to build
// and match on, at a size cost that does not matter here.
#[allow(clippy::large_enum_variant)]
pub enum MigrationOp {
    /// `CREATE TABLE` with its indexes.
    CreateTable(TableDef),
    /// `DROP TABLE`; the definition is kept for the reverse.
    DropTable(TableDef),
    /// A table renamed (only from a rename hint: never guessed).
    RenameTable {
        /// The old name.
        from: ObjectName,
        /// The new name (same schema).
        to: Ident,
    },
    /// `ADD COLUMN`.
    AddColumn {
        /// The table.
        table: ObjectName,
        /// The new column.
        column: ColumnDef,
    },
    /// `DROP COLUMN`; the definition is kept for the reverse.
    DropColumn {
        /// The table.
        table: ObjectName,
        /// The column dropped.
        column: ColumnDef,
    },
    /// A column's type, nullability, default, identity / auto-increment, generated
    /// expression or comment changed (same name). Its keys are not part of it: they are
    /// constraints of their own, and the column keeps the ones it has.
    AlterColumn {
        /// The table.
        table: ObjectName,
        /// The column as it is.
        from: ColumnDef,
        /// The column as it becomes.
        to: ColumnDef,
    },
    /// A column renamed (only from a rename hint: never guessed).
    RenameColumn {
        /// The table.
        table: ObjectName,
        /// The old name.
        from: Ident,
        /// The new name.
        to: Ident,
    },
    /// `CREATE INDEX`.
    AddIndex {
        /// The table.
        table: ObjectName,
        /// The index.
        index: IndexDef,
    },
    /// `DROP INDEX`; the definition is kept for the reverse.
    DropIndex {
        /// The table.
        table: ObjectName,
        /// The index dropped.
        index: IndexDef,
    },
    /// A table constraint added (unique, check, foreign key, primary key).
    AddConstraint {
        /// The table.
        table: ObjectName,
        /// The constraint.
        constraint: Constraint,
    },
    /// A table constraint dropped; it needs a name on PostgreSQL and MariaDB.
    DropConstraint {
        /// The table.
        table: ObjectName,
        /// The constraint dropped.
        constraint: Constraint,
    },
    /// `CREATE VIEW`.
    CreateView(CreateView),
    /// `DROP VIEW`; the definition is kept for the reverse.
    DropView(CreateView),
    /// `CREATE SEQUENCE`.
    CreateSequence(CreateSequence),
    /// `DROP SEQUENCE`; the definition is kept for the reverse.
    DropSequence(CreateSequence),
    /// A named enumerated type created (PostgreSQL; elsewhere the type lives in its
    /// columns and this renders nothing).
    CreateEnum(EnumType),
    /// A named enumerated type dropped.
    DropEnum(EnumType),
    /// A label added to a named enumerated type (PostgreSQL `ALTER TYPE … ADD VALUE`;
    /// elsewhere the columns' types change instead, so this renders nothing there). Not
    /// reversible: PostgreSQL cannot remove a label.
    AddEnumValue {
        /// The enumerated type, with its labels before the change.
        enum_type: EnumType,
        /// The new label.
        value: String,
        /// Where it goes among the labels (`BEFORE` / `AFTER` another); `None` appends it.
        position: Option<LabelPosition>,
    },
    /// A sequence's options changed (`ALTER SEQUENCE`): increment, bounds, start, cache,
    /// cycle. The sequence keeps its current value.
    AlterSequence {
        /// The sequence as it is.
        from: CreateSequence,
        /// The sequence as it becomes (same name).
        to: CreateSequence,
    },
    /// A table's comment set, changed or removed (`None`). SQLite keeps no comments:
    /// there it renders nothing.
    SetTableComment {
        /// The table.
        table: ObjectName,
        /// The comment as it is.
        from: Option<String>,
        /// The comment as it becomes.
        to: Option<String>,
    },
}

impl MigrationOp {
    /// The operation that undoes this one, or an [`Error::Unsupported`] naming what
    /// cannot be undone (a label added to a PostgreSQL enum).
    pub fn reverse(&self) -> Result<MigrationOp> {
        use MigrationOp::*;
        Ok(match self.clone() {
            CreateTable(t) => DropTable(t),
            DropTable(t) => CreateTable(t),
            RenameTable { from, to } => RenameTable {
                from: ObjectName {
                    schema: from.schema.clone(),
                    name: to,
                },
                to: from.name,
            },
            AddColumn { table, column } => DropColumn { table, column },
            DropColumn { table, column } => AddColumn { table, column },
            AlterColumn { table, from, to } => AlterColumn {
                table,
                from: to,
                to: from,
            },
            RenameColumn { table, from, to } => RenameColumn {
                table,
                from: to,
                to: from,
            },
            AddIndex { table, index } => DropIndex { table, index },
            DropIndex { table, index } => AddIndex { table, index },
            AddConstraint { table, constraint } => DropConstraint { table, constraint },
            DropConstraint { table, constraint } => AddConstraint { table, constraint },
            CreateView(v) => DropView(v),
            DropView(v) => CreateView(v),
            CreateSequence(s) => DropSequence(s),
            DropSequence(s) => CreateSequence(s),
            CreateEnum(e) => DropEnum(e),
            DropEnum(e) => CreateEnum(e),
            AlterSequence { from, to } => AlterSequence { from: to, to: from },
            SetTableComment { table, from, to } => SetTableComment {
                table,
                from: to,
                to: from,
            },
            AddEnumValue {
                enum_type, value, ..
            } => {
                return Err(Error::Unsupported {
                    dialect: "PostgreSQL",
                    feature: format!(
                        "undoing the label {value:?} added to enum {} (PostgreSQL cannot remove a label from an enum type)",
                        display(&enum_type.name)
                    ),
                });
            }
        })
    }

    /// The table this operation changes, if it changes one.
    pub fn table(&self) -> Option<&ObjectName> {
        use MigrationOp::*;
        match self {
            CreateTable(t) | DropTable(t) => Some(&t.name),
            RenameTable { from, .. } => Some(from),
            AddColumn { table, .. }
            | DropColumn { table, .. }
            | AlterColumn { table, .. }
            | RenameColumn { table, .. }
            | AddIndex { table, .. }
            | DropIndex { table, .. }
            | AddConstraint { table, .. }
            | DropConstraint { table, .. }
            | SetTableComment { table, .. } => Some(table),
            _ => None,
        }
    }

    /// Whether the operation loses data (a table, column, sequence or type dropped).
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            MigrationOp::DropTable(_)
                | MigrationOp::DropColumn { .. }
                | MigrationOp::DropSequence(_)
                | MigrationOp::DropEnum(_)
        )
    }

    /// One line for people: `add column users.age`.
    pub fn describe(&self) -> String {
        use MigrationOp::*;
        match self {
            CreateTable(t) => format!("create table {}", display(&t.name)),
            DropTable(t) => format!("drop table {}", display(&t.name)),
            RenameTable { from, to } => format!("rename table {} to {to}", display(from)),
            AddColumn { table, column } => {
                format!("add column {}.{}", display(table), column.name)
            }
            DropColumn { table, column } => {
                format!("drop column {}.{}", display(table), column.name)
            }
            AlterColumn { table, from, to } => {
                let mut what = Vec::new();
                if from.ty != to.ty {
                    what.push("type");
                }
                let nullable = |c: &ColumnDef| c.nullable && !c.primary_key;
                if nullable(from) != nullable(to) {
                    what.push(if nullable(to) { "nullable" } else { "not null" });
                }
                if from.default != to.default {
                    what.push("default");
                }
                if from.auto_increment != to.auto_increment {
                    what.push(if to.auto_increment {
                        "identity added"
                    } else {
                        "identity dropped"
                    });
                }
                if from.generated != to.generated {
                    what.push("generated expression");
                }
                if from.comment != to.comment {
                    what.push("comment");
                }
                if what.is_empty() {
                    what.push("definition");
                }
                format!(
                    "alter column {}.{} ({})",
                    display(table),
                    to.name,
                    what.join(", ")
                )
            }
            RenameColumn { table, from, to } => {
                format!("rename column {}.{from} to {to}", display(table))
            }
            AddIndex { table, index } => format!("add index {} on {}", index.name, display(table)),
            DropIndex { table, index } => {
                format!("drop index {} on {}", index.name, display(table))
            }
            AddConstraint { table, constraint } => {
                format!("add {} on {}", constraint_label(constraint), display(table))
            }
            DropConstraint { table, constraint } => {
                format!(
                    "drop {} on {}",
                    constraint_label(constraint),
                    display(table)
                )
            }
            CreateView(v) => format!("create view {}", display(&v.name)),
            DropView(v) => format!("drop view {}", display(&v.name)),
            CreateSequence(s) => format!("create sequence {}", display(&s.name)),
            DropSequence(s) => format!("drop sequence {}", display(&s.name)),
            CreateEnum(e) => format!("create enum {}", display(&e.name)),
            DropEnum(e) => format!("drop enum {}", display(&e.name)),
            AddEnumValue {
                enum_type,
                value,
                position,
            } => {
                let at = match position {
                    Some(LabelPosition::Before(l)) => format!(" before {l:?}"),
                    Some(LabelPosition::After(l)) => format!(" after {l:?}"),
                    None => String::new(),
                };
                format!(
                    "add value {value:?}{at} to enum {}",
                    display(&enum_type.name)
                )
            }
            AlterSequence { to, .. } => format!("alter sequence {}", display(&to.name)),
            SetTableComment { table, to, .. } => match to {
                Some(_) => format!("set comment on table {}", display(table)),
                None => format!("drop comment on table {}", display(table)),
            },
        }
    }

    /// Applies the operation to `schema` (the state a database is in), giving the state
    /// after it: what the SQLite rebuild and the reverse of a migration are planned
    /// from. An operation on something `schema` lacks is an [`Error::Invalid`].
    pub fn apply(&self, schema: &mut SchemaRegistry) -> Result<()> {
        use MigrationOp::*;
        match self {
            CreateTable(t) => {
                if schema.get_table(t.name.clone()).is_some() {
                    return Err(Error::invalid(format!(
                        "table {} exists already",
                        display(&t.name)
                    )));
                }
                schema.tables.push(t.clone());
            }
            DropTable(t) => {
                let i = table_index(schema, &t.name)?;
                schema.tables.remove(i);
            }
            RenameTable { from, to } => {
                let i = table_index(schema, from)?;
                let new = ObjectName {
                    schema: from.schema.clone(),
                    name: to.clone(),
                };
                for t in &mut schema.tables {
                    for c in &mut t.columns {
                        if let Some(fk) = c.references.as_mut().filter(|fk| &fk.target == from) {
                            fk.target = new.clone();
                        }
                    }
                    for k in &mut t.constraints {
                        if let ConstraintKind::ForeignKey(fk) = &mut k.kind
                            && &fk.target == from
                        {
                            fk.target = new.clone();
                        }
                    }
                }
                schema.tables[i].name = new;
            }
            AddColumn { table, column } => {
                let t = table_mut(schema, table)?;
                if t.get_column(column.name.as_str()).is_some() {
                    return Err(Error::invalid(format!(
                        "table {} has a column {} already",
                        display(table),
                        column.name
                    )));
                }
                t.columns.push(column.clone());
            }
            DropColumn { table, column } => {
                let t = table_mut(schema, table)?;
                let i = column_index(t, &column.name)?;
                t.columns.remove(i);
                // Indexes and constraints on the column go with it (as on PostgreSQL).
                let name = &column.name;
                t.indexes.retain(|ix| !index_uses(ix, name));
                t.constraints.retain(|k| !constraint_uses(k, name));
            }
            AlterColumn { table, to, from } => {
                let t = table_mut(schema, table)?;
                let i = column_index(t, &from.name)?;
                // Keys are their own operations: the column keeps the ones it has.
                let old = &t.columns[i];
                let mut new = to.clone();
                new.primary_key = old.primary_key;
                new.unique = old.unique;
                new.references = old.references.clone();
                t.columns[i] = new;
            }
            RenameColumn { table, from, to } => {
                let t = table_mut(schema, table)?;
                let i = column_index(t, from)?;
                t.columns[i].name = to.clone();
                rename_in_table(t, from, to);
            }
            AddIndex { table, index } => {
                table_mut(schema, table)?.indexes.push(index.clone());
            }
            DropIndex { table, index } => {
                let t = table_mut(schema, table)?;
                let before = t.indexes.len();
                t.indexes.retain(|ix| ix.name != index.name);
                if t.indexes.len() == before {
                    return Err(Error::invalid(format!(
                        "table {} has no index {}",
                        display(table),
                        index.name
                    )));
                }
            }
            AddConstraint { table, constraint } => {
                table_mut(schema, table)?
                    .constraints
                    .push(constraint.clone());
            }
            DropConstraint { table, constraint } => {
                let t = table_mut(schema, table)?;
                let at = t
                    .constraints
                    .iter()
                    .position(|k| same_constraint(k, constraint));
                match at {
                    Some(i) => {
                        t.constraints.remove(i);
                    }
                    None => {
                        return Err(Error::invalid(format!(
                            "table {} has no {}",
                            display(table),
                            constraint_label(constraint)
                        )));
                    }
                }
            }
            CreateView(v) => schema.views.push(v.clone()),
            DropView(v) => schema.views.retain(|o| o.name != v.name),
            CreateSequence(s) => schema.sequences.push(s.clone()),
            DropSequence(s) => schema.sequences.retain(|o| o.name != s.name),
            CreateEnum(e) => schema.enum_types.push(e.clone()),
            DropEnum(e) => schema.enum_types.retain(|o| o.name != e.name),
            AddEnumValue {
                enum_type,
                value,
                position,
            } => {
                // The named type and every column that carries it.
                let add = |e: &mut EnumType| -> Result<()> {
                    if e.name != enum_type.name || e.labels.contains(value) {
                        return Ok(());
                    }
                    let at = match position {
                        None => e.labels.len(),
                        Some(LabelPosition::Before(l) | LabelPosition::After(l)) => {
                            let i = e.labels.iter().position(|x| x == l).ok_or_else(|| {
                                Error::invalid(format!(
                                    "enum {} has no label {l:?} to put {value:?} next to",
                                    display(&e.name)
                                ))
                            })?;
                            i + usize::from(matches!(position, Some(LabelPosition::After(_))))
                        }
                    };
                    e.labels.insert(at, value.clone());
                    Ok(())
                };
                for e in &mut schema.enum_types {
                    add(e)?;
                }
                for t in &mut schema.tables {
                    for c in &mut t.columns {
                        if let ColumnType::Enum(e) = &mut c.ty {
                            add(e)?;
                        }
                    }
                }
            }
            AlterSequence { from, to } => {
                let s = schema
                    .sequences
                    .iter_mut()
                    .find(|s| s.name == from.name)
                    .ok_or_else(|| {
                        Error::invalid(format!("there is no sequence {}", display(&from.name)))
                    })?;
                *s = to.clone();
            }
            SetTableComment { table, to, .. } => {
                table_mut(schema, table)?.comment = to.clone();
            }
        }
        Ok(())
    }
}

/// Constraints are the same when their names are, or — when either has none — when
/// what they say is.
pub(crate) fn same_constraint(a: &Constraint, b: &Constraint) -> bool {
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => x == y,
        _ => a.kind == b.kind,
    }
}

fn index_uses(ix: &IndexDef, column: &Ident) -> bool {
    ix.parts.iter().any(|p| match &p.target {
        sqlweave::ddl::IndexTarget::Column(c) => c == column,
        sqlweave::ddl::IndexTarget::Expr(_) => false,
    })
}

fn constraint_uses(k: &Constraint, column: &Ident) -> bool {
    match &k.kind {
        ConstraintKind::PrimaryKey(cols) | ConstraintKind::Unique(cols) => cols.contains(column),
        ConstraintKind::ForeignKey(fk) => fk.columns.contains(column),
        _ => false,
    }
}

fn rename_in_table(t: &mut TableDef, from: &Ident, to: &Ident) {
    let swap = |c: &mut Ident| {
        if c == from {
            *c = to.clone();
        }
    };
    for ix in &mut t.indexes {
        for p in &mut ix.parts {
            if let sqlweave::ddl::IndexTarget::Column(c) = &mut p.target {
                swap(c);
            }
        }
    }
    for k in &mut t.constraints {
        match &mut k.kind {
            ConstraintKind::PrimaryKey(cols) | ConstraintKind::Unique(cols) => {
                cols.iter_mut().for_each(swap)
            }
            ConstraintKind::ForeignKey(fk) => fk.columns.iter_mut().for_each(swap),
            _ => {}
        }
    }
    for c in &mut t.columns {
        if let Some(fk) = c.references.as_mut() {
            fk.columns.iter_mut().for_each(swap);
        }
    }
}

fn constraint_label(c: &Constraint) -> String {
    let kind = match &c.kind {
        ConstraintKind::PrimaryKey(_) => "primary key",
        ConstraintKind::Unique(_) => "unique constraint",
        ConstraintKind::ForeignKey(_) => "foreign key",
        ConstraintKind::Check(_) => "check constraint",
    };
    match &c.name {
        Some(n) => format!("{kind} {n}"),
        None => match &c.kind {
            ConstraintKind::PrimaryKey(cols) | ConstraintKind::Unique(cols) => {
                format!("{kind} ({})", join(cols))
            }
            ConstraintKind::ForeignKey(fk) => {
                format!("{kind} ({}) -> {}", join(&fk.columns), display(&fk.target))
            }
            ConstraintKind::Check(_) => format!("unnamed {kind}"),
        },
    }
}

fn join(cols: &[Ident]) -> String {
    cols.iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `schema.name` or `name`, for messages.
pub(crate) fn display(n: &ObjectName) -> String {
    match &n.schema {
        Some(s) => format!("{s}.{}", n.name),
        None => n.name.to_string(),
    }
}

pub(crate) fn table_index(schema: &SchemaRegistry, name: &ObjectName) -> Result<usize> {
    schema
        .tables
        .iter()
        .position(|t| &t.name == name)
        .ok_or_else(|| Error::invalid(format!("there is no table {}", display(name))))
}

pub(crate) fn table_mut<'a>(
    schema: &'a mut SchemaRegistry,
    name: &ObjectName,
) -> Result<&'a mut TableDef> {
    let i = table_index(schema, name)?;
    Ok(&mut schema.tables[i])
}

fn column_index(t: &TableDef, name: &Ident) -> Result<usize> {
    t.columns
        .iter()
        .position(|c| &c.name == name)
        .ok_or_else(|| Error::invalid(format!("table {} has no column {name}", display(&t.name))))
}
