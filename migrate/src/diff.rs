//! Diff: compare the schema a database holds with the one the code declares, and list
//! the operations that take the first to the second.

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, ConstraintKind, EnumStyle, IndexDef, IndexTarget, ObjectName,
};
use sqlweave::{Dialect, Ident, Result, SchemaRegistry, TableDef};

use crate::ops::MigrationOp;

/// The function that brings a schema to the form a database stores it in, applied to
/// both sides before they are compared: two declarations that the database would store
/// alike compare equal. The reflection's [`crate::normalize`] is the default (it knows
/// both what sqlweave writes and how each database spells what it gives back); swap in
/// another (one that knows your raw types, say) with [`DiffOptions::normalizer`].
/// The diff matches tables, columns and indexes by name in the normalized forms, so a
/// normalizer may reorder and reshape (move column keys into constraints, drop names
/// the database made up).
pub type Normalizer = fn(&SchemaRegistry, &dyn Dialect) -> Result<SchemaRegistry>;

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
    /// Applied to both sides before comparing ([`crate::normalize`] unless changed).
    pub normalizer: Normalizer,
    /// Compare column defaults (on by default). Turn it off when the database spells
    /// defaults in a way the normalizer does not know.
    pub compare_defaults: bool,
    /// Tables (by name) the diff leaves alone, such as the runner's version table.
    pub ignore_tables: Vec<String>,
    /// The declared views as the database would store them ([`crate::views_as_stored`]):
    /// a declared view is compared by this text when one of the same name is here
    /// (the operations still carry the view as declared).
    pub stored_views: Vec<sqlweave::ddl::CreateView>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            renames: Vec::new(),
            normalizer: crate::normalize,
            compare_defaults: true,
            ignore_tables: vec![crate::runner::VERSION_TABLE.to_string()],
            stored_views: Vec::new(),
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
    /// Compares declared views by the text the database would store for them (from
    /// [`crate::views_as_stored`]).
    pub fn stored_views(mut self, views: Vec<sqlweave::ddl::CreateView>) -> Self {
        self.stored_views = views;
        self
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
        out.push(Lifted {
            constraint: k.clone(),
            column: None,
        });
    }
    out
}

fn same_table(a: &ObjectName, b: &ObjectName) -> bool {
    a.name == b.name && (a.schema.is_none() || b.schema.is_none() || a.schema == b.schema)
}

/// The operations that take the schema `current` (what the database holds, as
/// [`reflect()`](crate::reflect()) reads it) to `declared` (what the code says), for `dialect`, in an
/// order that runs: views and foreign keys that go are dropped first, then indexes and
/// constraints, types and sequences are made before the tables that use them, tables
/// are made in foreign-key order, columns added before constraints that name them, new
/// foreign keys and views come last, and tables, sequences and types are dropped at the
/// end in reverse order.
///
/// Both sides pass through [`DiffOptions::normalizer`] first, and are compared in that
/// form; the operations carry the objects as each side has them (a dropped constraint
/// with the name the database gave it, an added one as declared).
///
/// Columns compare by type, nullability, default, identity / auto-increment, generated
/// expression and kind, and comment; tables also by their comment (comments are not
/// stored on SQLite, so there they never differ). Sequences that change become
/// [`MigrationOp::AlterSequence`] (they keep their current value). Enum labels added
/// to a PostgreSQL type, anywhere in its order, become [`MigrationOp::AddEnumValue`]s
/// with their position, first in the list (the runner commits them before the rest);
/// labels removed or reordered are an [`sqlweave::Error::Unsupported`] that says how to
/// do it by hand. Where labels live in the column (MariaDB's `ENUM`, SQLite's CHECK) a
/// label change is a change of that column or CHECK.
///
/// Views compare by the normalized text of their SELECT; a view that changed is dropped
/// (first) and made again (last). PostgreSQL and MariaDB keep a view's SELECT in their
/// own spelling (columns qualified, casts and parentheses added), which text rules
/// cannot always bring back to what sqlweave writes: give [`DiffOptions::stored_views`]
/// what [`crate::views_as_stored`] answers, which asks the database how it would store
/// each declared view (the command-line tool does).
///
/// What it cannot see: renames without a hint, a view's column list, and anything the
/// reflection does not read (triggers, grants, collations).
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
            && let Some(t) = current
                .tables
                .iter_mut()
                .find(|t| same_table(&t.name, from))
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
    let norm = |s: &SchemaRegistry| (options.normalizer)(s, dialect);
    let norm_cur = norm(&current)?;
    let norm_dec = norm(&declared)?;
    let norm_stored = {
        let mut stored = SchemaRegistry::new();
        stored.views = options.stored_views.clone();
        norm(&stored)?
    };

    let mut ops = Ops {
        renames,
        ..Ops::default()
    };

    // Enum types and sequences that are new.
    // Enum types are objects of their own on PostgreSQL only; elsewhere their labels
    // live in the columns (MySQL's ENUM, SQLite's CHECK), which the tables compare.
    let named_enums = dialect.enum_style() == EnumStyle::NamedType;
    for e in declared_enums(&declared)
        .into_iter()
        .filter(|_| named_enums)
    {
        match current_enums(&current)
            .into_iter()
            .find(|c| c.name == e.name)
        {
            None => ops.early.push(MigrationOp::CreateEnum(e.clone())),
            Some(c) if dialect.enum_style() == EnumStyle::NamedType => {
                let Some(added) = added_labels(&c.labels, &e.labels) else {
                    return Err(sqlweave::Error::Unsupported {
                        dialect: dialect.name(),
                        feature: format!(
                            "changing enum type {name} from {:?} to {:?}: labels can be added anywhere, but PostgreSQL cannot remove or reorder the labels of a type. Write that migration by hand: create a new type with the labels wanted, change each column to it (ALTER TABLE … ALTER COLUMN … TYPE new_type USING column::text::new_type, after updating rows that hold a removed label), drop {name} and rename the new type to {name}",
                            c.labels,
                            e.labels,
                            name = crate::ops::display(&e.name),
                        ),
                    });
                };
                let mut before = c.clone();
                for (value, position) in added {
                    let op = MigrationOp::AddEnumValue {
                        enum_type: before.clone(),
                        value,
                        position,
                    };
                    let mut state = SchemaRegistry::new();
                    state.enum_types.push(before);
                    op.apply(&mut state)?;
                    before = state.enum_types.remove(0);
                    ops.enum_values.push(op);
                }
            }
            Some(_) => {}
        }
    }
    if dialect.enum_style() == EnumStyle::NamedType {
        for e in current_enums(&current) {
            if !declared_enums(&declared).iter().any(|d| d.name == e.name) {
                ops.last.push(MigrationOp::DropEnum(e));
            }
        }
    }
    for s in &declared.sequences {
        let same = |a: &sqlweave::ddl::CreateSequence| {
            norm_dec.sequences.iter().find(|x| x.name == s.name)
                == norm_cur.sequences.iter().find(|x| x.name == a.name)
        };
        match current.sequences.iter().find(|c| c.name == s.name) {
            None => ops.early.push(MigrationOp::CreateSequence(s.clone())),
            Some(c) if !same(c) => {
                // Dropping and making it again would restart it: ALTER it instead.
                ops.early.push(MigrationOp::AlterSequence {
                    from: c.clone(),
                    to: s.clone(),
                });
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
        let dt = find(&declared, name)?;
        match current.tables.iter().find(|t| same_table(&t.name, name)) {
            None => ops.create_tables.push(MigrationOp::CreateTable(dt.clone())),
            Some(ct) => {
                let sides = Sides {
                    cur: ct,
                    ncur: find(&norm_cur, &ct.name)?,
                    dec: dt,
                    ndec: find(&norm_dec, name)?,
                };
                diff_table(&sides, dialect, options, &mut ops)?;
            }
        }
    }
    // Tables that go, in reverse foreign-key order of the database.
    let current_order: Vec<ObjectName> = match current.sorted_tables() {
        Ok(v) => v.into_iter().map(|t| t.name.clone()).collect(),
        Err(_) => current.tables.iter().map(|t| t.name.clone()).collect(),
    };
    for name in current_order.iter().rev() {
        if !declared.tables.iter().any(|t| same_table(&t.name, name)) {
            ops.drop_tables
                .push(MigrationOp::DropTable(find(&current, name)?.clone()));
        }
    }
    // Views by name, then by their text.
    for v in &current.views {
        if !declared.views.iter().any(|d| d.name == v.name) {
            ops.drop_views.push(MigrationOp::DropView(v.clone()));
        }
    }
    for v in &declared.views {
        match current.views.iter().find(|c| c.name == v.name) {
            None => ops.create_views.push(MigrationOp::CreateView(v.clone())),
            Some(c) => {
                // By the normalized text of their SELECT (the declared one as the
                // database stores it, when known): a view that changed is dropped first
                // and made again last (after the tables it reads).
                let text = |r: &SchemaRegistry| r.views.iter().find(|x| x.name == v.name).cloned();
                let declared_text = text(&norm_stored).or_else(|| text(&norm_dec));
                if text(&norm_cur) != declared_text {
                    ops.drop_views.push(MigrationOp::DropView(c.clone()));
                    ops.create_views.push(MigrationOp::CreateView(v.clone()));
                }
            }
        }
    }
    Ok(ops.into_list())
}

#[derive(Default)]
struct Ops {
    enum_values: Vec<MigrationOp>,
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
            self.enum_values,
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

/// The labels `new` adds to `old`, each with where it goes (`None`: at the end), in
/// an order in which each position names a label that exists by then; `None` when
/// `new` does not keep every label of `old` in its order (a label removed or moved).
fn added_labels(
    old: &[String],
    new: &[String],
) -> Option<Vec<(String, Option<sqlweave::ddl::LabelPosition>)>> {
    use sqlweave::ddl::LabelPosition;
    let mut j = 0;
    let mut out = Vec::new();
    for (i, l) in new.iter().enumerate() {
        if j < old.len() && &old[j] == l {
            j += 1;
            continue;
        }
        if old.contains(l) || new[..i].contains(l) {
            return None;
        }
        let position = if j == old.len() {
            None
        } else if i > 0 {
            Some(LabelPosition::After(new[i - 1].clone()))
        } else {
            Some(LabelPosition::Before(old[j].clone()))
        };
        out.push((l.clone(), position));
    }
    (j == old.len()).then_some(out)
}

fn find<'a>(s: &'a SchemaRegistry, name: &ObjectName) -> Result<&'a TableDef> {
    s.tables
        .iter()
        .find(|t| same_table(&t.name, name))
        .ok_or_else(|| {
            sqlweave::Error::invalid(format!(
                "the normalizer lost table {}",
                crate::ops::display(name)
            ))
        })
}

fn declared_enums(s: &SchemaRegistry) -> Vec<sqlweave::ddl::EnumType> {
    let mut out: Vec<sqlweave::ddl::EnumType> = Vec::new();
    let used = s
        .tables
        .iter()
        .flat_map(|t| t.columns.iter())
        .filter_map(|c| match &c.ty {
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

/// One table as the database has it and as the code declares it, raw and normalized.
struct Sides<'a> {
    cur: &'a TableDef,
    ncur: &'a TableDef,
    dec: &'a TableDef,
    ndec: &'a TableDef,
}

/// A key or index as a table has it, and its normalized form.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Constraint(Constraint),
    Index(IndexDef),
}

struct Form {
    raw: Item,
    /// The column whose definition declares it (`unique`, `references`, a one-column
    /// `primary_key`): it comes and goes with that column.
    column: Option<Ident>,
    norm: Option<Item>,
}

/// Each key and index of `t` with its normalized form: the normalizer is run on the
/// table holding that one item, and what comes out (a constraint or an index: a
/// normalizer may turn one into the other, as MariaDB's unique indexes are unique
/// constraints) is its form. An item that normalizes to nothing is the database's own
/// business (MariaDB's JSON CHECK) and is not compared.
fn forms(t: &TableDef, options: &DiffOptions, d: &dyn Dialect) -> Result<Vec<Form>> {
    let mut bare = t.clone();
    // Where an enum column is TEXT with a CHECK of its labels (SQLite), that CHECK is an
    // item of its own that comes and goes with the column; the bare table keeps TEXT so
    // that the CHECK is not in every item's normalized table.
    let mut enum_checks = Vec::new();
    for c in &mut bare.columns {
        c.primary_key = false;
        c.unique = false;
        c.references = None;
        if d.enum_style() == EnumStyle::TextCheck
            && let ColumnType::Enum(e) = &c.ty
        {
            let labels: Vec<sqlweave::Expr> = e
                .labels
                .iter()
                .map(|l| sqlweave::Expr::from(l.as_str()))
                .collect();
            enum_checks.push((
                Item::Constraint(Constraint::check(
                    sqlweave::Expr::column(c.name.clone()).in_list(labels),
                )),
                Some(c.name.clone()),
            ));
            c.ty = ColumnType::Text;
        }
    }
    bare.constraints.clear();
    bare.indexes.clear();
    let items = lifted_constraints(t)
        .into_iter()
        .map(|l| (Item::Constraint(l.constraint), l.column))
        .chain(enum_checks)
        .chain(t.indexes.iter().map(|ix| (Item::Index(ix.clone()), None)));
    let mut out = Vec::new();
    for (raw, column) in items {
        let mut one = bare.clone();
        match &raw {
            Item::Constraint(c) => one.constraints.push(c.clone()),
            Item::Index(ix) => one.indexes.push(ix.clone()),
        }
        let n = (options.normalizer)(&SchemaRegistry::new().table(one), d)?;
        let norm = n.tables.first().and_then(|t| {
            t.constraints
                .first()
                .cloned()
                .map(Item::Constraint)
                .or_else(|| t.indexes.first().cloned().map(Item::Index))
        });
        out.push(Form { raw, column, norm });
    }
    Ok(out)
}

/// One table on both sides.
fn diff_table(
    sides: &Sides<'_>,
    dialect: &dyn Dialect,
    options: &DiffOptions,
    ops: &mut Ops,
) -> Result<()> {
    let Sides {
        cur,
        ncur,
        dec,
        ndec,
    } = *sides;
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

    // Keys and indexes, compared in normalized form (renamed columns under their new
    // names), carried in the operations as each side has them.
    let rename_item = |item: &Item| -> Item {
        let fix = |v: &mut Vec<Ident>| v.iter_mut().for_each(|c| *c = code_name(c));
        match item.clone() {
            Item::Constraint(mut k) => {
                match &mut k.kind {
                    ConstraintKind::PrimaryKey(v) | ConstraintKind::Unique(v) => fix(v),
                    ConstraintKind::ForeignKey(fk) => fix(&mut fk.columns),
                    ConstraintKind::Check(_) => {}
                }
                Item::Constraint(k)
            }
            Item::Index(mut ix) => {
                for p in &mut ix.parts {
                    if let IndexTarget::Column(c) = &mut p.target {
                        *c = code_name(c);
                    }
                }
                Item::Index(ix)
            }
        }
    };
    let have = forms(cur, options, dialect)?;
    let want = forms(dec, options, dialect)?;
    let mut taken = vec![false; want.len()];
    let mut kept = vec![false; have.len()];
    for (hi, h) in have.iter().enumerate() {
        let Some(hn) = h.norm.as_ref().map(rename_item) else {
            kept[hi] = true;
            continue;
        };
        if let Some(wi) =
            (0..want.len()).find(|&wi| !taken[wi] && want[wi].norm.as_ref() == Some(&hn))
        {
            taken[wi] = true;
            kept[hi] = true;
        }
    }
    let is_fk = |i: &Item| matches!(i, Item::Constraint(k) if matches!(k.kind, ConstraintKind::ForeignKey(_)));
    for (h, _) in have.iter().zip(&kept).filter(|(_, k)| !**k) {
        // A column's own key goes with the column.
        if h.column
            .as_ref()
            .is_some_and(|c| dropped.iter().any(|d| &d.name == c))
        {
            continue;
        }
        let op = match &h.raw {
            Item::Constraint(k) => MigrationOp::DropConstraint {
                table: table.clone(),
                constraint: k.clone(),
            },
            Item::Index(ix) => MigrationOp::DropIndex {
                table: table.clone(),
                index: ix.clone(),
            },
        };
        match &h.raw {
            i if is_fk(i) => ops.drop_fks.push(op),
            Item::Constraint(_) => ops.drop_constraints.push(op),
            Item::Index(_) => ops.drop_indexes.push(op),
        }
    }
    for (w, _) in want
        .iter()
        .zip(&taken)
        .filter(|(w, t)| !**t && w.norm.is_some())
    {
        // A column's own key comes with the column.
        if w.column
            .as_ref()
            .is_some_and(|c| added.iter().any(|a| &a.name == c))
        {
            continue;
        }
        let op = match &w.raw {
            Item::Constraint(k) => MigrationOp::AddConstraint {
                table: table.clone(),
                constraint: k.clone(),
            },
            Item::Index(ix) => MigrationOp::AddIndex {
                table: table.clone(),
                index: ix.clone(),
            },
        };
        match &w.raw {
            i if is_fk(i) => ops.add_fks.push(op),
            Item::Constraint(_) => ops.add_constraints.push(op),
            Item::Index(_) => ops.add_indexes.push(op),
        }
    }

    if ncur.comment != ndec.comment {
        ops.alter_columns.push(MigrationOp::SetTableComment {
            table: table.clone(),
            from: cur.comment.clone(),
            to: dec.comment.clone(),
        });
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
    for c in &cur.columns {
        let name = code_name(&c.name);
        let Some(to) = dec.columns.iter().find(|d| d.name == name) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            ncur.columns.iter().find(|x| x.name == c.name),
            ndec.columns.iter().find(|x| x.name == name),
        ) else {
            continue;
        };
        // A named enum type (PostgreSQL) is an object of its own: a column keeps its type
        // when labels are added to it (AddEnumValue), so only its name counts here.
        let same_type = match (&a.ty, &b.ty) {
            (ColumnType::Enum(x), ColumnType::Enum(y))
                if dialect.enum_style() == EnumStyle::NamedType =>
            {
                x.name == y.name
            }
            (x, y) => x == y,
        };
        let changed = !same_type
            || a.nullable != b.nullable
            || a.auto_increment != b.auto_increment
            || a.generated != b.generated
            || a.comment != b.comment
            || (options.compare_defaults
                && !a.auto_increment
                && !b.auto_increment
                && a.default != b.default);
        if changed {
            let mut from = c.clone();
            from.name = name.clone();
            let mut to = to.clone();
            if dialect.enum_style() == EnumStyle::TextCheck && matches!(to.ty, ColumnType::Enum(_))
            {
                // The labels' CHECK is compared (and added) on its own: the column is TEXT.
                to.ty = ColumnType::Text;
            }
            ops.alter_columns.push(MigrationOp::AlterColumn {
                table: table.clone(),
                from,
                to,
            });
        }
    }
    Ok(())
}
