//! Reflection on MariaDB (and MySQL), from `information_schema`: one query per view of
//! it (`TABLES`, `COLUMNS`, `KEY_COLUMN_USAGE` with `TABLE_CONSTRAINTS` and
//! `REFERENTIAL_CONSTRAINTS`, `CHECK_CONSTRAINTS`, `STATISTICS`, `VIEWS`) for the whole
//! schema, and one `UNION ALL` over the schema's sequences for their options.

use std::collections::HashMap;

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, ConstraintKind, CreateSequence, CreateView, EnumType,
    FkAction, ForeignKey, Generated, GeneratedKind, IndexDef, IndexPart, IndexTarget, ObjectName,
};
use sqlweave::{Error, Executor, Ident, Result, SchemaRegistry, TableDef, Value};

use super::sql_text::{Tok, tokenize};
use super::{ReflectOptions, db_expr, int, text};

/// `` `name` `` with backticks doubled.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

pub(super) fn reflect(conn: &mut dyn Executor, options: &ReflectOptions) -> Result<SchemaRegistry> {
    let mariadb = conn.dialect().name() == "MariaDB";
    let schema = match &options.schema {
        Some(s) => s.clone(),
        None => {
            let rows = conn.query_sql("SELECT DATABASE()", &[])?;
            rows.iter()
                .next()
                .and_then(|r| text(r, 0).ok().flatten())
                .ok_or_else(|| {
                    Error::invalid("the connection has no current database to reflect")
                })?
        }
    };
    let narrowed = options.narrowed_params(&schema);
    let mut registry = SchemaRegistry::new();

    // Tables, views, sequences.
    let mut tables: Vec<TableDef> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut sequences: Vec<String> = Vec::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        let name = text(row, 0)?.unwrap_or_default();
        match text(row, 1)?.as_deref() {
            Some("SEQUENCE") => sequences.push(name),
            Some("BASE TABLE") if options.wants(&name) => {
                let mut t = TableDef::new(options.object_name(&name));
                t.comment = text(row, 2)?.filter(|c| !c.is_empty());
                position.insert(name, tables.len());
                tables.push(t);
            }
            _ => {}
        }
    }

    // Columns.
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
                GENERATION_EXPRESSION, COLUMN_COMMENT \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? \
         ORDER BY TABLE_NAME, ORDINAL_POSITION",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        let Some(&ti) = position.get(&text(row, 0)?.unwrap_or_default()) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        let ty = match mysql_type(&text(row, 2)?.unwrap_or_default()) {
            ColumnType::Enum(e) => ColumnType::Enum(EnumType {
                name: ObjectName::new(name.clone()),
                labels: e.labels,
            }),
            t => t,
        };
        let mut c = ColumnDef::new(name, ty);
        c.nullable = text(row, 3)?.as_deref() == Some("YES");
        let extra = text(row, 5)?.unwrap_or_default().to_ascii_lowercase();
        c.auto_increment = extra.contains("auto_increment");
        if extra.contains("generated") {
            c.generated = text(row, 6)?.map(|g| Generated {
                expr: db_expr(&g),
                kind: if extra.contains("stored") {
                    GeneratedKind::Stored
                } else {
                    GeneratedKind::Virtual
                },
            });
        } else {
            // MariaDB writes `NULL` for "no default" on a nullable column.
            c.default = text(row, 4)?
                .filter(|d| !(mariadb && d == "NULL"))
                .map(|d| db_expr(&d));
        }
        c.comment = text(row, 7)?.filter(|c| !c.is_empty());
        tables[ti].columns.push(c);
    }

    // Primary keys, UNIQUE constraints and foreign keys: three views read apart and
    // joined here (MariaDB joins information_schema views slowly: one query joining
    // them took ten times as long as the three).
    let mut kinds: HashMap<(String, String), String> = HashMap::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = ?",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        kinds.insert(
            (text(row, 0)?.unwrap_or_default(), text(row, 1)?.unwrap_or_default()),
            text(row, 2)?.unwrap_or_default(),
        );
    }
    let mut rules: HashMap<(String, String), (String, String)> = HashMap::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE \
         FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        rules.insert(
            (
                text(row, 0)?.unwrap_or_default(),
                text(row, 1)?.unwrap_or_default(),
            ),
            (
                text(row, 2)?.unwrap_or_default(),
                text(row, 3)?.unwrap_or_default(),
            ),
        );
    }
    let mut fk_names: Vec<(usize, String, Vec<Ident>)> = Vec::new();
    let mut unique_names: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String, Constraint)> = None;
    let mut done: Vec<(usize, String, Constraint)> = Vec::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, \
                REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME \
         FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? \
         ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        let table = text(row, 0)?.unwrap_or_default();
        let Some(&ti) = position.get(&table) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        let col = Ident::from(text(row, 2)?.unwrap_or_default());
        if let Some((t, n, k)) = &mut current
            && *t == ti
            && *n == name
        {
            match &mut k.kind {
                ConstraintKind::PrimaryKey(cols) | ConstraintKind::Unique(cols) => cols.push(col),
                ConstraintKind::ForeignKey(fk) => {
                    fk.columns.push(col);
                    fk.target_columns
                        .push(Ident::from(text(row, 5)?.unwrap_or_default()));
                }
                ConstraintKind::Check(_) => {}
            }
            continue;
        }
        done.extend(current.take());
        let key = (table, name.clone());
        let k = match kinds.get(&key).map(String::as_str) {
            Some("PRIMARY KEY") => Constraint::primary_key(vec![col]),
            Some("UNIQUE") => {
                unique_names.push((ti, name.clone()));
                Constraint::unique(vec![col])
            }
            Some("FOREIGN KEY") => {
                let target = options.name_in(
                    &text(row, 3)?.unwrap_or_default(),
                    &schema,
                    &text(row, 4)?.unwrap_or_default(),
                );
                let mut fk = ForeignKey::new(
                    vec![col],
                    target,
                    vec![Ident::from(text(row, 5)?.unwrap_or_default())],
                );
                let (update, delete) = rules.get(&key).cloned().unwrap_or_default();
                fk.on_update = Some(action(&update));
                fk.on_delete = Some(action(&delete));
                Constraint::foreign_key(fk)
            }
            _ => continue,
        };
        current = Some((ti, name.clone(), k.named(name)));
    }
    done.extend(current.take());
    for (ti, name, k) in done {
        if let ConstraintKind::ForeignKey(fk) = &k.kind {
            fk_names.push((ti, name, fk.columns.clone()));
        }
        tables[ti].constraints.push(k);
    }

    // CHECK constraints (MariaDB's JSON type is a longtext with a json_valid CHECK named
    // after the column: read back as the JSON type).
    let checks_sql = if mariadb {
        "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME"
    } else {
        "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE \
         FROM information_schema.TABLE_CONSTRAINTS tc \
         JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA \
              AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
         WHERE tc.CONSTRAINT_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK' \
         ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME"
    };
    let checks_sql = options.narrow(
        checks_sql,
        "?",
        if mariadb {
            "TABLE_NAME"
        } else {
            "tc.TABLE_NAME"
        },
        "?",
    );
    for row in &conn.query_sql(&checks_sql, &narrowed)? {
        let Some(&ti) = position.get(&text(row, 0)?.unwrap_or_default()) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        let clause = text(row, 2)?.unwrap_or_default();
        let t = &mut tables[ti];
        if let Some(c) = t.columns.iter_mut().find(|c| c.name.as_str() == name)
            && c.ty == ColumnType::Text
            && is_json_valid(&clause, &name)
        {
            c.ty = ColumnType::Jsonb;
            continue;
        }
        t.constraints
            .push(Constraint::check(db_expr(&clause)).named(name));
    }

    // Indexes: not the primary key, not UNIQUE constraints (which are listed above), not
    // the index InnoDB makes for a foreign key.
    let mut indexes: Vec<(usize, IndexDef)> = Vec::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? \
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        let Some(&ti) = position.get(&text(row, 0)?.unwrap_or_default()) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        if name == "PRIMARY" || unique_names.iter().any(|(t, n)| *t == ti && *n == name) {
            continue;
        }
        let part = IndexPart {
            target: IndexTarget::Column(Ident::from(text(row, 3)?.unwrap_or_default())),
            desc: text(row, 4)?.as_deref() == Some("D"),
        };
        match indexes.last_mut() {
            Some((t, ix)) if *t == ti && ix.name.as_str() == name => ix.parts.push(part),
            _ => {
                let mut ix = IndexDef::new(name);
                ix.unique = int(row, 2)? == Some(0);
                ix.parts.push(part);
                indexes.push((ti, ix));
            }
        }
    }
    for (ti, ix) in indexes {
        let cols: Vec<&Ident> = ix
            .parts
            .iter()
            .filter_map(|p| match &p.target {
                IndexTarget::Column(c) => Some(c),
                IndexTarget::Expr(_) => None,
            })
            .collect();
        let for_fk = !ix.unique
            && fk_names.iter().any(|(t, fk, fk_cols)| {
                let first = fk_cols.first().map(Ident::as_str).unwrap_or_default();
                let named_so = ix.name.as_str() == fk
                    || ix.name.as_str() == first
                    || ix
                        .name
                        .as_str()
                        .strip_prefix(&format!("{first}_"))
                        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
                *t == ti
                    && named_so
                    && cols.len() == fk_cols.len()
                    && cols.iter().zip(fk_cols).all(|(a, b)| *a == b)
            });
        if !for_fk {
            tables[ti].indexes.push(ix);
        }
    }

    // Views, without the qualifier that names the schema read.
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS \
         WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
            "?",
            "TABLE_NAME",
            "?",
        ),
        &narrowed,
    )? {
        let name = text(row, 0)?.unwrap_or_default();
        if !options.wants(&name) {
            continue;
        }
        let def = text(row, 1)?.unwrap_or_default();
        registry.views.push(CreateView::raw(
            options.object_name(&name),
            unqualified(&def, &schema),
        ));
    }

    // Sequences: their options, all in one query.
    if !sequences.is_empty() {
        let sql = sequences
            .iter()
            .map(|s| {
                format!(
                    "SELECT ?, start_value, minimum_value, maximum_value, increment, cache_size, cycle_option FROM {}.{}",
                    quote(&schema),
                    quote(s)
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let names: Vec<Value> = sequences.iter().map(|s| Value::from(s.clone())).collect();
        for row in &conn.query_sql(&sql, &names)? {
            let mut s =
                CreateSequence::new(options.object_name(&text(row, 0)?.unwrap_or_default()));
            s.start = int(row, 1)?;
            s.min_value = int(row, 2)?;
            s.max_value = int(row, 3)?;
            s.increment = int(row, 4)?;
            s.cache = int(row, 5)?;
            s.cycle = int(row, 6)? == Some(1);
            registry.sequences.push(s);
        }
    }

    for t in &mut tables {
        super::normalize::sort_constraints(&mut t.constraints);
    }
    registry.tables = tables;
    Ok(registry)
}

/// `json_valid(`col`)`: MariaDB's CHECK of a JSON column.
fn is_json_valid(clause: &str, column: &str) -> bool {
    let toks = tokenize(clause, true);
    let toks: Vec<&Tok> = toks.iter().map(|t| &t.tok).collect();
    matches!(toks.as_slice(),
        [Tok::Word(f), Tok::LParen, Tok::Quoted(c) | Tok::Word(c), Tok::RParen]
            if f.eq_ignore_ascii_case("json_valid") && c == column)
}

/// View text without `` `schema`. `` before names.
pub(super) fn unqualified(sql: &str, schema: &str) -> String {
    let toks = tokenize(sql, true);
    let mut out = String::new();
    let mut from = 0;
    for w in toks.windows(2) {
        if matches!(&w[0].tok, Tok::Quoted(s) if s == schema) && w[1].tok == Tok::Dot {
            out.push_str(&sql[from..w[0].start]);
            from = w[1].end;
        }
    }
    out.push_str(&sql[from..]);
    out
}

/// `REFERENTIAL_CONSTRAINTS`' rules.
fn action(rule: &str) -> FkAction {
    match rule {
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        "RESTRICT" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// A MariaDB / MySQL column type (`COLUMN_TYPE`) as the type sqlweave writes so:
/// `tinyint(1)` is Boolean, `char(36)` Uuid, `datetime(6)` Timestamp, `time(6)` Time,
/// `longtext` Text, `longblob` Bytes, `json` Jsonb, `enum(…)` an enum (named by the
/// caller); display widths of the other integer types are ignored; any other type is
/// raw, in lower case.
pub(crate) fn mysql_type(column_type: &str) -> ColumnType {
    use ColumnType as T;
    let lower = column_type.trim().to_ascii_lowercase();
    if lower.starts_with("enum(") {
        let labels = tokenize(column_type, true)
            .into_iter()
            .filter_map(|t| match t.tok {
                Tok::Str(s) => Some(s),
                _ => None,
            })
            .collect::<Vec<_>>();
        return T::Enum(EnumType::new(ObjectName::new(""), labels));
    }
    let (base, args, rest) = match lower.find('(') {
        Some(p) => match lower[p..].find(')') {
            Some(q) => (
                lower[..p].trim(),
                lower[p + 1..p + q].replace(' ', ""),
                lower[p + q + 1..].trim().to_string(),
            ),
            None => return T::Raw(lower),
        },
        None => (lower.as_str(), String::new(), String::new()),
    };
    let ints = [
        "tinyint",
        "smallint",
        "mediumint",
        "int",
        "integer",
        "bigint",
    ];
    if !rest.is_empty() {
        // `int(10) unsigned`, `bigint(20) zerofill`: raw, without the display width.
        return if ints.contains(&base) {
            T::Raw(format!("{base} {rest}"))
        } else {
            T::Raw(lower)
        };
    }
    match (base, args.as_str()) {
        ("tinyint", "1") => T::Boolean,
        ("smallint", _) => T::SmallInt,
        ("int" | "integer", _) => T::Integer,
        ("bigint", _) => T::BigInt,
        ("float", "") => T::Real,
        ("double", "") => T::Double,
        ("decimal", a) => {
            let mut it = a.split(',').map(|n| n.parse::<u8>().ok());
            match (it.next().flatten(), it.next().flatten()) {
                (Some(p), Some(s)) => T::Numeric(Some((p, s))),
                (Some(p), None) => T::Numeric(Some((p, 0))),
                _ => T::Numeric(Some((10, 0))),
            }
        }
        ("longtext", "") => T::Text,
        ("varchar", n) => n.parse().map(T::Varchar).unwrap_or(T::Raw(lower.clone())),
        ("longblob", "") => T::Bytes,
        ("date", "") => T::Date,
        ("time", "6") => T::Time,
        ("datetime", "6") => T::Timestamp,
        ("char", "36") => T::Uuid,
        ("json", "") => T::Jsonb,
        (b, _) if ints.contains(&b) => T::Raw(b.to_string()),
        _ => T::Raw(lower.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types() {
        assert_eq!(mysql_type("int(11)"), ColumnType::Integer);
        assert_eq!(mysql_type("tinyint(1)"), ColumnType::Boolean);
        assert_eq!(
            mysql_type("decimal(12,2)"),
            ColumnType::Numeric(Some((12, 2)))
        );
        assert_eq!(
            mysql_type("int(10) unsigned"),
            ColumnType::Raw("int unsigned".into())
        );
        assert_eq!(
            mysql_type("mediumint(9)"),
            ColumnType::Raw("mediumint".into())
        );
        assert_eq!(
            mysql_type("enum('a','it''s')"),
            ColumnType::Enum(EnumType::new("", ["a", "it's"]))
        );
    }

    #[test]
    fn view_text_loses_the_schema() {
        assert_eq!(
            unqualified("select `db`.`t`.`id` AS `id` from `db`.`t`", "db"),
            "select `t`.`id` AS `id` from `t`"
        );
    }
}
