//! The normalisation step that a declared and a reflected registry both go through
//! before they are compared (the rules are in the [module documentation](super)).

use sqlweave::ddl::{
    ColumnType, Constraint, ConstraintKind, CreateSequence, CreateView, EnumType, FkAction,
    ForeignKey, Generated, IndexDef, IndexPart, IndexTarget, ObjectName,
};
use sqlweave::render::ddl_expr_sql;
use sqlweave::{Dialect, Expr, Ident, Result, SchemaRegistry, TableDef, Value};

use super::sql_text::{Reading, canonical};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Db {
    Sqlite,
    Postgres,
    MySql,
    Other,
}

fn db(d: &dyn Dialect) -> Db {
    match d.name() {
        "SQLite" => Db::Sqlite,
        "PostgreSQL" => Db::Postgres,
        "MariaDB" | "MySQL" => Db::MySql,
        _ => Db::Other,
    }
}

/// The form of `registry` on the database of `dialect` in which the differences a
/// database makes to what it is given — type aliases, spellings of expressions, names it
/// makes up, where a key is declared — are gone: a declaration and the reflection of
/// what it created are equal in this form. The rules, database by database, are in the
/// [module documentation](super) ("Comparing a declaration with a reflection").
///
/// An error if an expression of `registry` cannot be written for `dialect`.
///
/// ```
/// use sqlweave::ddl::{ColumnDef, ColumnType, SchemaRegistry, TableDef};
/// use sqlweave::{Executor, Expr};
/// use sqlweave_migrate::{normalize, reflect, ReflectOptions};
/// use sqlweave_sqlite::{Sqlite, SqliteConnection};
///
/// let declared = SchemaRegistry::new().table(
///     TableDef::new("items")
///         .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
///         .column(ColumnDef::new("label", ColumnType::Varchar(40)).not_null().default("none"))
///         .check(Expr::column("id").gt(0)),
/// );
/// let mut conn = SqliteConnection::open_in_memory()?;
/// declared.create_all(&mut conn)?;
/// let reflected = reflect(&mut conn, &ReflectOptions::default())?;
/// // SQLite keeps TEXT for VARCHAR(40) and INTEGER for every integer type:
/// assert_ne!(reflected, declared);
/// assert_eq!(normalize(&reflected, &Sqlite)?, normalize(&declared, &Sqlite)?);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn normalize(registry: &SchemaRegistry, dialect: &dyn Dialect) -> Result<SchemaRegistry> {
    let db = db(dialect);
    let mut out = SchemaRegistry::new();
    for t in &registry.tables {
        out.tables.push(table(t, dialect, db)?);
    }
    out.tables.sort_by(|a, b| a.name.cmp(&b.name));
    for v in &registry.views {
        out.views.push(view(v, dialect, db)?);
    }
    out.views.sort_by(|a, b| a.name.cmp(&b.name));
    if db != Db::Sqlite {
        for s in &registry.sequences {
            out.sequences.push(sequence(s, db));
        }
        out.sequences.sort_by(|a, b| a.name.cmp(&b.name));
    }
    if db == Db::Postgres || db == Db::Other {
        let used = registry
            .tables
            .iter()
            .flat_map(|t| t.columns.iter())
            .filter_map(|c| match &c.ty {
                ColumnType::Enum(e) => Some(e),
                _ => None,
            });
        for e in registry.enum_types.iter().chain(used) {
            if !out.enum_types.iter().any(|o| o.name == e.name) {
                out.enum_types.push(e.clone());
            }
        }
        out.enum_types.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(out)
}

/// Constraints in canonical order: primary key, UNIQUE, foreign keys, CHECKs; then by
/// columns (or text) and name.
pub(crate) fn sort_constraints(cs: &mut [Constraint]) {
    fn key(c: &Constraint) -> (u8, String, String) {
        let name = c
            .name
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        let cols = |v: &[Ident]| v.iter().map(Ident::as_str).collect::<Vec<_>>().join(",");
        match &c.kind {
            ConstraintKind::PrimaryKey(v) => (0, cols(v), name),
            ConstraintKind::Unique(v) => (1, cols(v), name),
            ConstraintKind::ForeignKey(fk) => (2, cols(&fk.columns), name),
            ConstraintKind::Check(e) => (3, format!("{e:?}"), name),
        }
    }
    cs.sort_by_key(key);
}

fn reading(db: Db) -> Reading<'static> {
    Reading {
        backslash_escapes: db == Db::MySql,
        schema: None,
    }
}

/// An expression's canonical text, as a raw expression.
fn expr(e: &Expr, d: &dyn Dialect, db: Db) -> Result<Expr> {
    let sql = ddl_expr_sql(e, d)?;
    Ok(super::db_expr(&canonical(&sql, reading(db))))
}

/// A column default's canonical text. Plain text is read as the literal it is, not
/// rendered inside an expression: MariaDB writes text holding a backslash as a hex
/// literal where it stands alone as a DEFAULT, and refuses it inside an expression.
fn default_expr(e: &Expr, d: &dyn Dialect, db: Db) -> Result<Expr> {
    match e {
        Expr::Value(Value::Text(s)) => {
            let quoted = format!("'{}'", s.replace('\'', "''"));
            Ok(super::db_expr(&canonical(&quoted, Reading::default())))
        }
        e => expr(e, d, db),
    }
}

fn is_null_default(e: &Expr) -> bool {
    match e {
        Expr::Value(Value::Null) => true,
        Expr::Raw(r) => r.params.is_empty() && r.sql.trim().eq_ignore_ascii_case("null"),
        _ => false,
    }
}

fn table(t: &TableDef, d: &dyn Dialect, db: Db) -> Result<TableDef> {
    let mut out = TableDef::new(t.name.clone());
    out.comment = match db {
        Db::Sqlite => None,
        _ => t.comment.clone().filter(|c| !c.is_empty()),
    };
    let pk: Vec<Ident> = t.primary_key_columns().into_iter().cloned().collect();
    let mut constraints: Vec<Constraint> = Vec::new();
    let marked: Vec<Ident> = t
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.clone())
        .collect();
    if !marked.is_empty() {
        constraints.push(Constraint::primary_key(marked));
    }
    for c in &t.columns {
        let mut n = c.clone();
        n.primary_key = false;
        n.nullable = c.nullable && !pk.contains(&c.name);
        if c.unique {
            constraints.push(Constraint::unique(vec![c.name.clone()]));
            n.unique = false;
        }
        if let Some(fk) = n.references.take() {
            constraints.push(Constraint::foreign_key(fk));
        }
        if db == Db::Sqlite {
            n.comment = None;
        } else {
            n.comment = n.comment.filter(|c| !c.is_empty());
        }
        n.default = match &c.default {
            Some(e) if !is_null_default(e) => {
                Some(default_expr(e, d, db)?).filter(|e| !is_null_default(e))
            }
            _ => None,
        };
        if let Some(g) = &c.generated {
            n.generated = Some(Generated {
                expr: expr(&g.expr, d, db)?,
                kind: g.kind,
            });
        }
        n.ty = column_type(&c.ty, db, &c.name);
        if let (Db::Sqlite, ColumnType::Enum(e)) = (db, &c.ty) {
            // SQLite: TEXT CHECK ("col" IN (…)).
            let labels: Vec<Expr> = e.labels.iter().map(|l| Expr::from(l.as_str())).collect();
            constraints.push(Constraint::check(
                Expr::column(c.name.clone()).in_list(labels),
            ));
        }
        out.columns.push(n);
    }
    constraints.extend(t.constraints.iter().cloned());
    // MariaDB / MySQL: a unique index over plain columns is a unique constraint.
    for ix in &t.indexes {
        let plain: Option<Vec<Ident>> = ix
            .parts
            .iter()
            .map(|p| match (&p.target, p.desc) {
                (IndexTarget::Column(c), false) => Some(c.clone()),
                _ => None,
            })
            .collect();
        match plain {
            Some(cols) if db == Db::MySql && ix.unique && ix.predicate.is_none() => {
                constraints.push(Constraint::unique(cols).named(ix.name.clone()));
            }
            _ => out.indexes.push(index(ix, d, db)?),
        }
    }
    out.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    for c in constraints {
        out.constraints.push(constraint(c, &t.name, d, db)?);
    }
    sort_constraints(&mut out.constraints);
    Ok(out)
}

fn constraint(
    mut c: Constraint,
    table: &ObjectName,
    d: &dyn Dialect,
    db: Db,
) -> Result<Constraint> {
    let t = table.name.as_str();
    let generated = |name: &str, c: &Constraint| -> bool {
        let numbered = |prefix: &str, name: &str| {
            name.strip_prefix(prefix)
                .is_some_and(|rest| rest.chars().all(|ch| ch.is_ascii_digit()))
        };
        let pg_suffix = |suffix: &str| {
            name.starts_with(&format!("{t}_"))
                && (name.ends_with(suffix)
                    || name
                        .trim_end_matches(|ch: char| ch.is_ascii_digit())
                        .ends_with(suffix))
        };
        match (db, &c.kind) {
            (Db::Postgres, ConstraintKind::PrimaryKey(_)) => name == format!("{t}_pkey"),
            (Db::Postgres, ConstraintKind::Unique(_)) => pg_suffix("_key"),
            (Db::Postgres, ConstraintKind::ForeignKey(_)) => pg_suffix("_fkey"),
            (Db::Postgres, ConstraintKind::Check(_)) => pg_suffix("_check"),
            (Db::MySql, ConstraintKind::PrimaryKey(_)) => true,
            (Db::MySql, ConstraintKind::ForeignKey(_)) => numbered(&format!("{t}_ibfk_"), name),
            (Db::MySql, ConstraintKind::Check(_)) => numbered("CONSTRAINT_", name),
            (Db::MySql, ConstraintKind::Unique(cols)) => cols
                .first()
                .is_some_and(|f| name == f.as_str() || numbered(&format!("{}_", f.as_str()), name)),
            _ => false,
        }
    };
    if c.name.as_ref().is_some_and(|n| generated(n.as_str(), &c)) {
        c.name = None;
    }
    c.kind = match c.kind {
        ConstraintKind::Check(e) => ConstraintKind::Check(expr(&e, d, db)?),
        ConstraintKind::ForeignKey(fk) => ConstraintKind::ForeignKey(foreign_key(fk, db)),
        k => k,
    };
    Ok(c)
}

fn foreign_key(mut fk: ForeignKey, db: Db) -> ForeignKey {
    let default = |a: Option<FkAction>| match a {
        Some(FkAction::NoAction) => None,
        Some(FkAction::Restrict) if db == Db::MySql => None,
        a => a,
    };
    fk.on_delete = default(fk.on_delete);
    fk.on_update = default(fk.on_update);
    fk
}

fn index(ix: &IndexDef, d: &dyn Dialect, db: Db) -> Result<IndexDef> {
    let mut out = IndexDef::new(ix.name.clone());
    out.unique = ix.unique;
    for p in &ix.parts {
        out.parts.push(IndexPart {
            target: match &p.target {
                IndexTarget::Column(c) => IndexTarget::Column(c.clone()),
                IndexTarget::Expr(e) => IndexTarget::Expr(expr(e, d, db)?),
            },
            desc: p.desc,
        });
    }
    out.predicate = match &ix.predicate {
        Some(p) => Some(expr(p, d, db)?),
        None => None,
    };
    Ok(out)
}

fn view(v: &CreateView, d: &dyn Dialect, db: Db) -> Result<CreateView> {
    let sql = match &v.raw_sql {
        Some(sql) => sql.clone(),
        None => {
            // The SELECT as sqlweave writes it: the CREATE VIEW's text after its prefix.
            let mut plain = CreateView::new(ObjectName::new("v"), v.query.clone());
            plain.columns.clear();
            let text = plain.render(d)?.sql;
            let prefix = CreateView::raw(ObjectName::new("v"), "x").render(d)?.sql;
            text[prefix.len() - 1..].to_string()
        }
    };
    let mut text = canonical(&sql, reading(db));
    while text.ends_with(" ;") || text.ends_with(';') {
        text.pop();
        text = text.trim_end().to_string();
    }
    Ok(CreateView::raw(v.name.clone(), text))
}

fn sequence(s: &CreateSequence, db: Db) -> CreateSequence {
    let mut out = CreateSequence::new(s.name.clone());
    let increment = s.increment.unwrap_or(1);
    out.increment = Some(increment);
    out.min_value = Some(
        s.min_value
            .unwrap_or(if increment > 0 { 1 } else { i64::MIN + 1 }),
    );
    out.max_value = Some(
        s.max_value
            .unwrap_or(if increment > 0 { i64::MAX } else { -1 }),
    );
    if db == Db::MySql && s.max_value.is_none() && increment > 0 {
        // MariaDB's default maximum is one less than a BIGINT's.
        out.max_value = Some(i64::MAX - 1);
    }
    out.start = Some(s.start.unwrap_or(if increment > 0 {
        out.min_value.unwrap_or(1)
    } else {
        out.max_value.unwrap_or(-1)
    }));
    out.cache = Some(s.cache.unwrap_or(if db == Db::MySql { 1000 } else { 1 }));
    out.cycle = s.cycle;
    out
}

/// The type on the database of `db`.
fn column_type(ty: &ColumnType, db: Db, column: &Ident) -> ColumnType {
    use ColumnType as T;
    match db {
        Db::Sqlite => match ty {
            T::SmallInt | T::Integer | T::BigInt | T::Boolean => T::BigInt,
            T::Real | T::Double => T::Double,
            T::Numeric(_) => T::Numeric(None),
            T::Bytes => T::Bytes,
            T::Raw(s) => sqlite_affinity(s),
            _ => T::Text,
        },
        Db::Postgres => match ty {
            T::Raw(s) => named_type(s).unwrap_or_else(|| T::Raw(s.trim().to_ascii_lowercase())),
            t => t.clone(),
        },
        Db::MySql => match ty {
            T::TimestampTz => T::Timestamp,
            T::Json => T::Jsonb,
            T::Numeric(None) => T::Numeric(Some((65, 30))),
            T::Enum(e) => T::Enum(EnumType {
                name: ObjectName::new(column.clone()),
                labels: e.labels.clone(),
            }),
            T::Raw(s) => super::mysql::mysql_type(s),
            t => t.clone(),
        },
        Db::Other => ty.clone(),
    }
}

/// SQLite's affinity rules (its documentation, "Determination Of Column Affinity").
fn sqlite_affinity(declared: &str) -> ColumnType {
    let u = declared.to_ascii_uppercase();
    if u.contains("INT") {
        ColumnType::BigInt
    } else if u.contains("CHAR") || u.contains("CLOB") || u.contains("TEXT") {
        ColumnType::Text
    } else if u.contains("BLOB") || u.trim().is_empty() {
        ColumnType::Bytes
    } else if u.contains("REAL") || u.contains("FLOA") || u.contains("DOUB") {
        ColumnType::Double
    } else {
        ColumnType::Numeric(None)
    }
}

/// The type a standard or PostgreSQL type name names (`int4`, `character varying(20)`,
/// `timestamp with time zone`, `numeric(12,2)`, …), if it is one sqlweave has.
pub(crate) fn named_type(name: &str) -> Option<ColumnType> {
    use ColumnType as T;
    let lower = name.trim().to_ascii_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let (base, args) = match lower.find('(') {
        Some(p) if lower.ends_with(')') => (
            lower[..p].trim().to_string(),
            lower[p + 1..lower.len() - 1]
                .split(',')
                .map(|a| a.trim().parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?,
        ),
        Some(_) => return None,
        None => (lower.clone(), Vec::new()),
    };
    Some(match (base.as_str(), args.as_slice()) {
        ("smallint" | "int2", []) => T::SmallInt,
        ("integer" | "int" | "int4", []) => T::Integer,
        ("bigint" | "int8", []) => T::BigInt,
        ("real" | "float4", []) => T::Real,
        ("double precision" | "float8" | "double", []) => T::Double,
        ("numeric" | "decimal", []) => T::Numeric(None),
        ("numeric" | "decimal", [p]) => T::Numeric(Some((u8::try_from(*p).ok()?, 0))),
        ("numeric" | "decimal", [p, s]) => {
            T::Numeric(Some((u8::try_from(*p).ok()?, u8::try_from(*s).ok()?)))
        }
        ("text", []) => T::Text,
        ("varchar" | "character varying", [n]) => T::Varchar(*n),
        ("bytea", []) => T::Bytes,
        ("boolean" | "bool", []) => T::Boolean,
        ("date", []) => T::Date,
        ("time" | "time without time zone", []) => T::Time,
        ("timestamp" | "timestamp without time zone", []) => T::Timestamp,
        ("timestamptz" | "timestamp with time zone", []) => T::TimestampTz,
        ("uuid", []) => T::Uuid,
        ("json", []) => T::Json,
        ("jsonb", []) => T::Jsonb,
        _ => return None,
    })
}
