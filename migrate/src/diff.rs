//! Diff: compare the schema a database holds with the one the code declares, and list
//! the operations that take the first to the second.

use sqlweave::ddl::{
    ColumnDef, ColumnType, CommentStyle, Constraint, ConstraintKind, EnumStyle, FkAction,
    ForeignKey, ObjectName,
};
use sqlweave::{Dialect, Expr, Ident, Result, SchemaRegistry, TableDef, Value};

use crate::ops::MigrationOp;

/// The function that brings a schema to the form a database stores it in, applied to
/// both sides before they are compared: two declarations that the database would store
/// alike compare equal. [`normalize`] is the default; swap in another (the reflection's
/// own, or one that knows your raw types) with [`DiffOptions::normalizer`].
pub type Normalizer = fn(&dyn Dialect, &SchemaRegistry) -> SchemaRegistry;

/// A rename the diff must not see as a drop and an add. Renames are never guessed: a
/// table or column that disappears while another appears is a drop and an add (which
/// loses the data) unless a hint says otherwise.
#[derive(Debug, Clone, PartialEq)]
pub enum Rename {
    /// The table `from` (in the database) is `to` (in the code).
    Table {
        /// The name in the database.
        from: ObjectName,
        /// The name in the code.
        to: Ident,
    },
    /// In `table` (named as in the code), the column `from` is `to`.
    Column {
        /// The table, as the code names it.
        table: ObjectName,
        /// The name in the database.
        from: Ident,
        /// The name in the code.
        to: Ident,
    },
}

/// How [`diff`] compares.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// Renames to apply instead of drop + add.
    pub renames: Vec<Rename>,
    /// Applied to both sides before comparing ([`normalize`] unless changed).
    pub normalizer: Normalizer,
    /// Compare column defaults (on by default). Turn it off when the database spells
    /// defaults in a way the normalizer does not know.
    pub compare_defaults: bool,
    /// Tables (by name) the diff leaves alone, such as the runner's version table.
    pub ignore_tables: Vec<String>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            renames: Vec::new(),
            normalizer: normalize,
            compare_defaults: true,
            ignore_tables: vec![crate::runner::VERSION_TABLE.to_string()],
        }
    }
}

impl DiffOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a table rename hint.
    pub fn rename_table(mut self, from: impl Into<ObjectName>, to: impl Into<Ident>) -> Self {
        self.renames.push(Rename::Table {
            from: from.into(),
            to: to.into(),
        });
        self
    }
    /// Adds a column rename hint (`table` as the code names it).
    pub fn rename_column(
        mut self,
        table: impl Into<ObjectName>,
        from: impl Into<Ident>,
        to: impl Into<Ident>,
    ) -> Self {
        self.renames.push(Rename::Column {
            table: table.into(),
            from: from.into(),
            to: to.into(),
        });
        self
    }
    /// Uses `f` to normalize both sides.
    pub fn normalizer(mut self, f: Normalizer) -> Self {
        self.normalizer = f;
        self
    }
    /// Compares column defaults or not.
    pub fn compare_defaults(mut self, yes: bool) -> Self {
        self.compare_defaults = yes;
        self
    }
}

/// The default [`Normalizer`]: what `dialect` would store.
///
/// * Column types compare by the name the dialect writes (`BIGINT` and `INTEGER` are one
///   type on SQLite, `INTEGER`; a `VARCHAR(20)` is `TEXT` there). A named enum type
///   (PostgreSQL) compares by name: its labels are the type's own business
///   ([`MigrationOp::AddEnumValue`]); an inline one (MariaDB, SQLite's CHECK) by labels.
///   Raw types compare case- and space-insensitively.
/// * Defaults: integers of every width are one, `DEFAULT NULL` is no default, booleans
///   are 0 / 1 where the database stores them so.
/// * A primary-key column is NOT NULL; foreign-key actions left out are `NO ACTION`
///   (and `RESTRICT` is `NO ACTION` on MariaDB, where they are the same).
/// * Comments are dropped where the database keeps none (SQLite).
pub fn normalize(dialect: &dyn Dialect, schema: &SchemaRegistry) -> SchemaRegistry {
    let mut s = schema.clone();
    let mysql = matches!(dialect.name(), "MySQL" | "MariaDB");
    let int_bools = dialect.name() != "PostgreSQL";
    let fk = |fk: &mut ForeignKey| {
        for a in [&mut fk.on_delete, &mut fk.on_update] {
            let v = a.unwrap_or(FkAction::NoAction);
            *a = Some(if mysql && v == FkAction::Restrict {
                FkAction::NoAction
            } else {
                v
            });
        }
    };
    for t in &mut s.tables {
        let pk: Vec<Ident> = t.primary_key_columns().into_iter().cloned().collect();
        if dialect.comment_style() == CommentStyle::None {
            t.comment = None;
        }
        for c in &mut t.columns {
            c.ty = normalize_type(dialect, &c.ty);
            if pk.contains(&c.name) {
                c.nullable = false;
            }
            c.default = match c.default.take() {
                Some(Expr::Value(Value::Null)) | None => None,
                Some(Expr::Value(v)) => Some(Expr::Value(normalize_value(v, int_bools))),
                Some(e) => Some(e),
            };
            if dialect.comment_style() == CommentStyle::None {
                c.comment = None;
            }
            if let Some(f) = c.references.as_mut() {
                fk(f);
            }
        }
        for k in &mut t.constraints {
            if let ConstraintKind::ForeignKey(f) = &mut k.kind {
                fk(f);
            }
        }
    }
    s
}

fn normalize_type(d: &dyn Dialect, ty: &ColumnType) -> ColumnType {
    match ty {
        ColumnType::Enum(e) if d.enum_style() == EnumStyle::NamedType => {
            ColumnType::Enum(sqlweave::ddl::EnumType {
                name: e.name.clone(),
                labels: Vec::new(),
            })
        }
        ColumnType::Enum(_) => ty.clone(),
        ColumnType::Raw(s) => ColumnType::Raw(canon_text(s)),
        other => match d.ddl_type_name(other) {
            Ok(name) => ColumnType::Raw(canon_text(&name)),
            Err(_) => other.clone(),
        },
    }
}

fn canon_text(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
        .replace(", ", ",")
}

fn normalize_value(v: Value, int_bools: bool) -> Value {
    match v {
        Value::I8(i) => Value::I64(i.into()),
        Value::I16(i) => Value::I64(i.into()),
        Value::I32(i) => Value::I64(i.into()),
        Value::U64(u) if u <= i64::MAX as u64 => Value::I64(u as i64),
        Value::F32(f) => Value::F64(f.into()),
        Value::Bool(b) if int_bools => Value::I64(b.into()),
        v => v,
    }
}

/// A constraint as the diff compares it, with the column it was declared on (a column's
/// `primary_key`, `unique` or `references`), if any.
struct Lifted {
    constraint: Constraint,
    column: Option<Ident>,
}

fn lifted_constraints(t: &TableDef) -> Vec<Lifted> {
    let mut out = Vec::new();
    let pk_cols: Vec<Ident> = t
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.clone())
        .collect();
    if !pk_cols.is_empty() {
        out.push(Lifted {
            constraint: Constraint::primary_key(pk_cols.clone()),
            column: (pk_cols.len() == 1).then(|| pk_cols[0].clone()),
        });
    }
    for c in &t.columns {
        if c.unique {
            out.push(Lifted {
                constraint: Constraint::unique(vec![c.name.clone()]),
                column: Some(c.name.clone()),
            });
        }
        if let Some(fk) = &c.references {
            out.push(Lifted {
                constraint: Constraint::foreign_key(fk.clone()),
                column: Some(c.name.clone()),
            });
        }
    }
    for k in &t.constraints {
        let mut k = k.clone();
        if let ConstraintKind::PrimaryKey(_) = k.kind {
            // Primary keys compare by their columns: their names are the database's.
            k.name = None;
        }
        out.push(Lifted {
            constraint: k,
            column: None,
        });
    }
    out
}

/// Whether the declared constraint `want` is the stored `have`: same kind and content,
/// and the same name when the declaration names it. CHECK constraints compare by name
/// only (a database stores their text in its own spelling), so an unnamed CHECK is
/// never compared.
fn constraint_matches(want: &Constraint, have: &Constraint) -> bool {
    match (&want.kind, &have.kind) {
        (ConstraintKind::Check(_), ConstraintKind::Check(_)) => {
            want.name.is_some() && want.name == have.name
        }
        (a, b) => a == b && (want.name.is_none() || want.name == have.name),
    }
}

fn same_table(a: &ObjectName, b: &ObjectName) -> bool {
    a.name == b.name && (a.schema.is_none() || b.schema.is_none() || a.schema == b.schema)
}

/// The operations that take the schema `current` (what the database holds, as
/// [`crate::reflect`] reads it) to `declared` (what the code says), for `dialect`, in an
/// order that runs: views and foreign keys that go are dropped first, then indexes and
/// constraints, types and sequences are made before the tables that use them, tables
/// are made in foreign-key order, columns added before constraints that name them, new
/// foreign keys and views come last, and tables, sequences and types are dropped at the
/// end in reverse order.
///
/// Both sides pass through [`DiffOptions::normalizer`] first. What it cannot see: renames
/// without a hint, unnamed CHECK constraints on existing tables, view definitions (a view
/// is compared by name), and anything the reflection does not read.
///
/// ```
/// use sqlweave::{ColumnDef, ColumnType, SchemaRegistry, TableDef};
/// use sqlweave_migrate::{DiffOptions, MigrationOp, diff};
/// use sqlweave_sqlite::Sqlite;
///
/// let users = TableDef::new("users")
///     .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
///     .column(ColumnDef::new("name", ColumnType::Text).not_null());
/// let database = SchemaRegistry::new().table(users.clone());
/// let code = SchemaRegistry::new().table(users.column(ColumnDef::new("age", ColumnType::Integer)));
/// let ops = diff(&database, &code, &Sqlite, &DiffOptions::default())?;
/// assert_eq!(
///     ops,
///     [MigrationOp::AddColumn { table: "users".into(), column: ColumnDef::new("age", ColumnType::Integer) }]
/// );
/// // The same schema twice: nothing to do.
/// assert!(diff(&code, &code, &Sqlite, &DiffOptions::default())?.is_empty());
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn diff(
    current: &SchemaRegistry,
    declared: &SchemaRegistry,
    dialect: &dyn Dialect,
    options: &DiffOptions,
) -> Result<Vec<MigrationOp>> {
    let ignored = |t: &TableDef| {
        options
            .ignore_tables
            .iter()
            .any(|n| n == t.name.name.as_str())
    };
    let mut current = current.clone();
    current.tables.retain(|t| !ignored(t));
    let mut declared = declared.clone();
    declared.tables.retain(|t| !ignored(t));
    // Table renames first: they change what the rest compares.
    let mut renames = Vec::new();
    for r in &options.renames {
        if let Rename::Table { from, to } = r
            && let Some(t) = current.tables.iter_mut().find(|t| same_table(&t.name, from))
        {
            renames.push(MigrationOp::RenameTable {
                from: t.name.clone(),
                to: to.clone(),
            });
            t.name.name = to.clone();
        }
    }
    let order: Vec<ObjectName> = declared
        .sorted_tables()?
        .into_iter()
        .map(|t| t.name.clone())
        .collect();
    let norm_cur = (options.normalizer)(dialect, &current);
    let norm_dec = (options.normalizer)(dialect, &declared);

    let mut ops = Ops::default();
    ops.renames = renames;

    // Enum types and sequences that are new.
    for e in declared_enums(&declared) {
        match current_enums(&current).into_iter().find(|c| c.name == e.name) {
            None => ops.early.push(MigrationOp::CreateEnum(e.clone())),
            Some(c) if dialect.enum_style() == EnumStyle::NamedType => {
                if c.labels.len() <= e.labels.len() && e.labels.starts_with(&c.labels) {
                    for (i, l) in e.labels[c.labels.len()..].iter().enumerate() {
                        let mut before = c.clone();
                        before.labels.extend(e.labels[c.labels.len()..][..i].iter().cloned());
                        ops.early.push(MigrationOp::AddEnumValue {
                            enum_type: before,
                            value: l.clone(),
                        });
                    }
                } else {
                    return Err(sqlweave::Error::Unsupported {
                        dialect: dialect.name(),
                        feature: format!(
                            "changing enum type {} from {:?} to {:?} (only labels appended at the end can be added: PostgreSQL cannot remove or reorder labels)",
                            crate::ops::display(&e.name),
                            c.labels,
                            e.labels
                        ),
                    });
                }
            }
            Some(_) => {}
        }
    }
    for e in current_enums(&current) {
        if !declared_enums(&declared).iter().any(|d| d.name == e.name) {
            ops.last.push(MigrationOp::DropEnum(e));
        }
    }
    for s in &declared.sequences {
        match current.sequences.iter().find(|c| c.name == s.name) {
            None => ops.early.push(MigrationOp::CreateSequence(s.clone())),
            Some(c) if c.increment != s.increment || c.start != s.start => {
                ops.drop_views.push(MigrationOp::DropSequence(c.clone()));
                ops.early.push(MigrationOp::CreateSequence(s.clone()));
            }
            Some(_) => {}
        }
    }
    for s in &current.sequences {
        if !declared.sequences.iter().any(|d| d.name == s.name) {
            ops.last.push(MigrationOp::DropSequence(s.clone()));
        }
    }

    // Tables, in the declared foreign-key order.
    for name in &order {
        let (di, dt) = index_of(&declared, name);
        let ndt = &norm_dec.tables[di];
        match current.tables.iter().position(|t| same_table(&t.name, name)) {
            None => ops.create_tables.push(MigrationOp::CreateTable(dt.clone())),
            Some(ci) => diff_table(
                &current.tables[ci],
                &norm_cur.tables[ci],
                dt,
                ndt,
                options,
                &mut ops,
            ),
        }
    }
    // Tables that go, in reverse foreign-key order of the database.
    let current_order: Vec<ObjectName> = match current.sorted_tables() {
        Ok(v) => v.into_iter().map(|t| t.name.clone()).collect(),
        Err(_) => current.tables.iter().map(|t| t.name.clone()).collect(),
    };
    for name in current_order.iter().rev() {
        if !declared.tables.iter().any(|t| same_table(&t.name, name)) {
            let (_, t) = index_of(&current, name);
            ops.drop_tables.push(MigrationOp::DropTable(t.clone()));
        }
    }
    // Views by name.
    for v in &current.views {
        if !declared.views.iter().any(|d| d.name == v.name) {
            ops.drop_views.push(MigrationOp::DropView(v.clone()));
        }
    }
    for v in &declared.views {
        if !current.views.iter().any(|c| c.name == v.name) {
            ops.create_views.push(MigrationOp::CreateView(v.clone()));
        }
    }
    Ok(ops.into_list())
}

#[derive(Default)]
struct Ops {
    drop_views: Vec<MigrationOp>,
    drop_fks: Vec<MigrationOp>,
    drop_constraints: Vec<MigrationOp>,
    drop_indexes: Vec<MigrationOp>,
    renames: Vec<MigrationOp>,
    early: Vec<MigrationOp>,
    create_tables: Vec<MigrationOp>,
    add_columns: Vec<MigrationOp>,
    alter_columns: Vec<MigrationOp>,
    drop_columns: Vec<MigrationOp>,
    drop_tables: Vec<MigrationOp>,
    add_constraints: Vec<MigrationOp>,
    add_indexes: Vec<MigrationOp>,
    add_fks: Vec<MigrationOp>,
    create_views: Vec<MigrationOp>,
    last: Vec<MigrationOp>,
}

impl Ops {
    fn into_list(self) -> Vec<MigrationOp> {
        [
            self.drop_views,
            self.drop_fks,
            self.drop_constraints,
            self.drop_indexes,
            self.renames,
            self.early,
            self.create_tables,
            self.add_columns,
            self.alter_columns,
            self.drop_columns,
            self.drop_tables,
            self.add_constraints,
            self.add_indexes,
            self.add_fks,
            self.create_views,
            self.last,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn index_of<'a>(s: &'a SchemaRegistry, name: &ObjectName) -> (usize, &'a TableDef) {
    let i = s
        .tables
        .iter()
        .position(|t| same_table(&t.name, name))
        .unwrap_or(0);
    (i, &s.tables[i])
}

fn declared_enums(s: &SchemaRegistry) -> Vec<sqlweave::ddl::EnumType> {
    let mut out: Vec<sqlweave::ddl::EnumType> = Vec::new();
    let used = s.tables.iter().flat_map(|t| t.columns.iter()).filter_map(|c| match &c.ty {
        ColumnType::Enum(e) => Some(e),
        _ => None,
    });
    for e in s.enum_types.iter().chain(used) {
        if !out.iter().any(|o| o.name == e.name) {
            out.push(e.clone());
        }
    }
    out
}

fn current_enums(s: &SchemaRegistry) -> Vec<sqlweave::ddl::EnumType> {
    declared_enums(s)
}

/// One table on both sides.
fn diff_table(
    cur: &TableDef,
    ncur: &TableDef,
    dec: &TableDef,
    ndec: &TableDef,
    options: &DiffOptions,
    ops: &mut Ops,
) {
    let table = dec.name.clone();
    let mut col_renames: Vec<(Ident, Ident)> = Vec::new();
    for r in &options.renames {
        if let Rename::Column { table: t, from, to } = r
            && same_table(t, &table)
            && cur.get_column(from.as_str()).is_some()
            && cur.get_column(to.as_str()).is_none()
        {
            col_renames.push((from.clone(), to.clone()));
            ops.renames.push(MigrationOp::RenameColumn {
                table: table.clone(),
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    // The name a current column has in the code.
    let code_name = |n: &Ident| -> Ident {
        col_renames
            .iter()
            .find(|(f, _)| f == n)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| n.clone())
    };
    let cur_lifted = lifted_constraints(ncur);
    let dec_lifted = lifted_constraints(ndec);
    let added: Vec<&ColumnDef> = dec
        .columns
        .iter()
        .filter(|d| !cur.columns.iter().any(|c| code_name(&c.name) == d.name))
        .collect();
    let dropped: Vec<&ColumnDef> = cur
        .columns
        .iter()
        .filter(|c| !dec.columns.iter().any(|d| d.name == code_name(&c.name)))
        .collect();

    // Constraints (renamed columns are compared under their new names).
    let rename_cols = |k: &Constraint| -> Constraint {
        let mut k = k.clone();
        let fix = |v: &mut Vec<Ident>| v.iter_mut().for_each(|c| *c = code_name(c));
        match &mut k.kind {
            ConstraintKind::PrimaryKey(v) | ConstraintKind::Unique(v) => fix(v),
            ConstraintKind::ForeignKey(fk) => fix(&mut fk.columns),
            ConstraintKind::Check(_) => {}
        }
        k
    };
    let is_fk = |k: &Constraint| matches!(k.kind, ConstraintKind::ForeignKey(_));
    for have in &cur_lifted {
        // A column-level constraint of a dropped column goes with the column.
        if have
            .column
            .as_ref()
            .is_some_and(|c| dropped.iter().any(|d| &d.name == c))
        {
            continue;
        }
        if matches!(have.constraint.kind, ConstraintKind::Check(_)) && have.constraint.name.is_none()
        {
            continue;
        }
        let renamed = rename_cols(&have.constraint);
        if !dec_lifted
            .iter()
            .any(|want| constraint_matches(&want.constraint, &renamed))
        {
            let op = MigrationOp::DropConstraint {
                table: table.clone(),
                constraint: have.constraint.clone(),
            };
            if is_fk(&have.constraint) {
                ops.drop_fks.push(op);
            } else {
                ops.drop_constraints.push(op);
            }
        }
    }
    for want in &dec_lifted {
        // A column-level constraint of an added column comes with the column.
        if want
            .column
            .as_ref()
            .is_some_and(|c| added.iter().any(|a| &a.name == c))
        {
            continue;
        }
        if matches!(want.constraint.kind, ConstraintKind::Check(_)) && want.constraint.name.is_none()
        {
            continue;
        }
        if !cur_lifted
            .iter()
            .any(|have| constraint_matches(&want.constraint, &rename_cols(&have.constraint)))
        {
            // Add the declaration's own form (not the normalized one).
            let raw = lifted_constraints(dec)
                .into_iter()
                .find(|l| {
                    l.column == want.column
                        && l.constraint.constraint_type() == want.constraint.constraint_type()
                        && l.constraint.name == want.constraint.name
                })
                .map(|l| l.constraint)
                .unwrap_or_else(|| want.constraint.clone());
            let op = MigrationOp::AddConstraint {
                table: table.clone(),
                constraint: raw,
            };
            if is_fk(&want.constraint) {
                ops.add_fks.push(op);
            } else {
                ops.add_constraints.push(op);
            }
        }
    }

    // Columns.
    for d in &added {
        ops.add_columns.push(MigrationOp::AddColumn {
            table: table.clone(),
            column: (*d).clone(),
        });
    }
    for c in &dropped {
        ops.drop_columns.push(MigrationOp::DropColumn {
            table: table.clone(),
            column: (*c).clone(),
        });
    }
    for (ci, c) in cur.columns.iter().enumerate() {
        let name = code_name(&c.name);
        let Some(di) = dec.columns.iter().position(|d| d.name == name) else {
            continue;
        };
        let (a, b) = (&ncur.columns[ci], &ndec.columns[di]);
        let changed = a.ty != b.ty
            || a.nullable != b.nullable
            || (options.compare_defaults && !a.auto_increment && a.default != b.default);
        if changed {
            let mut from = c.clone();
            from.name = name.clone();
            ops.alter_columns.push(MigrationOp::AlterColumn {
                table: table.clone(),
                from,
                to: dec.columns[di].clone(),
            });
        }
    }

    // Indexes by name; content compared by uniqueness and column parts.
    let key = |ix: &sqlweave::ddl::IndexDef| {
        (
            ix.unique,
            ix.parts
                .iter()
                .map(|p| match &p.target {
                    sqlweave::ddl::IndexTarget::Column(c) => (Some(code_name(c)), p.desc),
                    sqlweave::ddl::IndexTarget::Expr(_) => (None, p.desc),
                })
                .collect::<Vec<_>>(),
            ix.predicate.is_some(),
        )
    };
    let key_dec = |ix: &sqlweave::ddl::IndexDef| {
        (
            ix.unique,
            ix.parts
                .iter()
                .map(|p| match &p.target {
                    sqlweave::ddl::IndexTarget::Column(c) => (Some(c.clone()), p.desc),
                    sqlweave::ddl::IndexTarget::Expr(_) => (None, p.desc),
                })
                .collect::<Vec<_>>(),
            ix.predicate.is_some(),
        )
    };
    for ix in &cur.indexes {
        match dec.indexes.iter().find(|d| d.name == ix.name) {
            Some(d) if key(ix) == key_dec(d) => {}
            Some(d) => {
                ops.drop_indexes.push(MigrationOp::DropIndex {
                    table: table.clone(),
                    index: ix.clone(),
                });
                ops.add_indexes.push(MigrationOp::AddIndex {
                    table: table.clone(),
                    index: d.clone(),
                });
            }
            None => ops.drop_indexes.push(MigrationOp::DropIndex {
                table: table.clone(),
                index: ix.clone(),
            }),
        }
    }
    for d in &dec.indexes {
        if !cur.indexes.iter().any(|ix| ix.name == d.name) {
            ops.add_indexes.push(MigrationOp::AddIndex {
                table: table.clone(),
                index: d.clone(),
            });
        }
    }
}
