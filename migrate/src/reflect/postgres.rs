//! Reflection on PostgreSQL, from `pg_catalog` (not `information_schema`, which is slow
//! and drops what PostgreSQL alone has: enum labels, identity, index expressions and
//! predicates, deferrability). One query per catalog for the whole schema: relations,
//! columns, constraints, index parts, sequences, enum labels.

use std::collections::HashMap;

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, CreateSequence, CreateView, EnumType, FkAction, ForeignKey,
    Generated, GeneratedKind, IndexDef, IndexPart, IndexTarget,
};
use sqlweave::{Error, Executor, Ident, Result, SchemaRegistry, TableDef, Value};

use super::{ReflectOptions, db_expr, int, text};

pub(super) fn reflect(conn: &mut dyn Executor, options: &ReflectOptions) -> Result<SchemaRegistry> {
    let schema = match &options.schema {
        Some(s) => s.clone(),
        None => {
            let rows = conn.query_sql("SELECT current_schema()::text", &[])?;
            rows.iter()
                .next()
                .and_then(|r| text(r, 0).ok().flatten())
                .ok_or_else(|| Error::invalid("PostgreSQL has no current schema to reflect"))?
        }
    };
    let param = [Value::from(schema.clone())];
    let narrowed = options.narrowed_params(&schema);
    let mut registry = SchemaRegistry::new();

    // Enum types of every schema (a column may use one from elsewhere).
    let mut enums: HashMap<(String, String), Vec<String>> = HashMap::new();
    let mut enum_order: Vec<(String, String)> = Vec::new();
    for row in &conn.query_sql(
        "SELECT n.nspname::text, t.typname::text, e.enumlabel::text \
         FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
         JOIN pg_namespace n ON n.oid = t.typnamespace \
         ORDER BY t.oid, e.enumsortorder",
        &[],
    )? {
        let key = (
            text(row, 0)?.unwrap_or_default(),
            text(row, 1)?.unwrap_or_default(),
        );
        if !enums.contains_key(&key) {
            enum_order.push(key.clone());
        }
        enums
            .entry(key)
            .or_default()
            .push(text(row, 2)?.unwrap_or_default());
    }
    let enum_type = |ns: &str, name: &str| EnumType {
        name: options.name_in(ns, &schema, name),
        labels: enums
            .get(&(ns.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_default(),
    };
    for (ns, name) in &enum_order {
        if *ns == schema {
            registry.enum_types.push(enum_type(ns, name));
        }
    }

    // Tables and views.
    let mut tables: Vec<TableDef> = Vec::new();
    let mut by_oid: HashMap<i64, usize> = HashMap::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT c.oid::int8, c.relname::text, c.relkind::text, ds.description, \
                CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0 \
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v') ORDER BY c.relname",
            "$1",
            "c.relname",
            "$2",
        ),
        &narrowed,
    )? {
        let oid = int(row, 0)?.unwrap_or(0);
        let name = text(row, 1)?.unwrap_or_default();
        if !options.wants(&name) {
            continue;
        }
        if text(row, 2)?.as_deref() == Some("v") {
            let def = text(row, 4)?.unwrap_or_default();
            let def = def.trim().trim_end_matches(';').trim_end();
            registry
                .views
                .push(CreateView::raw(options.object_name(&name), def));
            continue;
        }
        let mut t = TableDef::new(options.object_name(&name));
        t.comment = text(row, 3)?;
        by_oid.insert(oid, tables.len());
        tables.push(t);
    }

    // Columns.
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT a.attrelid::int8, a.attname::text, format_type(a.atttypid, a.atttypmod), \
                a.attnotnull, pg_get_expr(d.adbin, d.adrelid, true), a.attidentity::text, \
                a.attgenerated::text, ds.description, t.typtype::text, \
                tn.nspname::text, t.typname::text \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum \
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attrelid, a.attnum",
            "$1",
            "c.relname",
            "$2",
        ),
        &narrowed,
    )? {
        let Some(&ti) = by_oid.get(&int(row, 0)?.unwrap_or(0)) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        let formatted = text(row, 2)?.unwrap_or_default();
        let ty = if text(row, 8)?.as_deref() == Some("e") {
            ColumnType::Enum(enum_type(
                &text(row, 9)?.unwrap_or_default(),
                &text(row, 10)?.unwrap_or_default(),
            ))
        } else {
            super::normalize::named_type(&formatted).unwrap_or(ColumnType::Raw(formatted))
        };
        let mut c = ColumnDef::new(name, ty);
        c.nullable = !row.get::<bool>(3)?;
        let default = text(row, 4)?;
        let identity = text(row, 5)?.unwrap_or_default();
        let generated = text(row, 6)?.unwrap_or_default();
        c.comment = text(row, 7)?;
        if identity == "a" || identity == "d" {
            c.auto_increment = true;
        } else if generated == "s" {
            c.generated = default.as_deref().map(|g| Generated {
                expr: db_expr(g),
                kind: GeneratedKind::Stored,
            });
        } else if let Some(d) = default {
            if c.ty.is_integer() && d.starts_with("nextval(") {
                // serial: a sequence the column owns (not listed among the sequences).
                c.auto_increment = true;
            } else {
                c.default = Some(db_expr(&d));
            }
        }
        tables[ti].columns.push(c);
    }

    // Constraints: primary keys, UNIQUE, foreign keys, CHECKs.
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT con.conrelid::int8, con.conname::text, con.contype::text, \
                array_to_json(ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(n, i) \
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i))::text, \
                fn.nspname::text, fc.relname::text, \
                array_to_json(ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(n, i) \
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i))::text, \
                con.confupdtype::text, con.confdeltype::text, con.condeferred, \
                pg_get_constraintdef(con.oid, true) \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c') \
         ORDER BY con.conrelid, con.conname",
            "$1",
            "c.relname",
            "$2",
        ),
        &narrowed,
    )? {
        let Some(&ti) = by_oid.get(&int(row, 0)?.unwrap_or(0)) else {
            continue;
        };
        let name = Ident::from(text(row, 1)?.unwrap_or_default());
        let cols = names(&text(row, 3)?.unwrap_or_default());
        let k = match text(row, 2)?.as_deref() {
            Some("p") => Constraint::primary_key(cols),
            Some("u") => Constraint::unique(cols),
            Some("f") => {
                let target = options.name_in(
                    &text(row, 4)?.unwrap_or_default(),
                    &schema,
                    &text(row, 5)?.unwrap_or_default(),
                );
                let mut fk = ForeignKey::new(cols, target, names(&text(row, 6)?.unwrap_or_default()));
                fk.on_update = Some(action(&text(row, 7)?.unwrap_or_default()));
                fk.on_delete = Some(action(&text(row, 8)?.unwrap_or_default()));
                fk.initially_deferred = row.get::<bool>(9)?;
                Constraint::foreign_key(fk)
            }
            _ => {
                let def = text(row, 10)?.unwrap_or_default();
                let def = def.trim_end_matches(" NOT VALID");
                Constraint::check(db_expr(def.strip_prefix("CHECK ").unwrap_or(def)))
            }
        };
        tables[ti].constraints.push(k.named(name));
    }

    // Indexes (not those of constraints): one row per key part.
    let mut indexes: Vec<(usize, IndexDef)> = Vec::new();
    for row in &conn.query_sql(
        &options.narrow(
            "SELECT i.indrelid::int8, ic.relname::text, i.indisunique, \
                pg_get_expr(i.indpred, i.indrelid, true), a.attname::text, \
                CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n::int, true) END, (i.indoption[k.n - 1]::int & 1) = 1 \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         CROSS JOIN LATERAL generate_series(1, i.indnkeyatts::int) AS k(n) \
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0 \
         WHERE n.nspname = $1 AND i.indexrelid NOT IN (SELECT con.conindid FROM pg_constraint con \
               JOIN pg_namespace cn ON cn.oid = con.connamespace \
               WHERE cn.nspname = $1 AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indrelid, ic.relname, k.n",
            "$1",
            "c.relname",
            "$2",
        ),
        &narrowed,
    )? {
        let Some(&ti) = by_oid.get(&int(row, 0)?.unwrap_or(0)) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        let part = IndexPart {
            target: match text(row, 4)? {
                Some(col) => IndexTarget::Column(Ident::from(col)),
                None => IndexTarget::Expr(db_expr(&text(row, 5)?.unwrap_or_default())),
            },
            desc: row.get::<bool>(6)?,
        };
        match indexes.last_mut() {
            Some((t, ix)) if *t == ti && ix.name.as_str() == name => ix.parts.push(part),
            _ => {
                let mut ix = IndexDef::new(name);
                ix.unique = row.get::<bool>(2)?;
                ix.predicate = text(row, 3)?.map(|p| db_expr(&p));
                ix.parts.push(part);
                indexes.push((ti, ix));
            }
        }
    }
    for (ti, ix) in indexes {
        tables[ti].indexes.push(ix);
    }

    // Sequences, without those of identity and serial columns.
    for row in &conn.query_sql(
        "SELECT c.relname::text, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, s.seqcycle \
         FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d \
               WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype IN ('a', 'i')) \
         ORDER BY c.relname",
        &param,
    )? {
        let mut s = CreateSequence::new(options.object_name(&text(row, 0)?.unwrap_or_default()));
        s.increment = int(row, 1)?;
        s.min_value = int(row, 2)?;
        s.max_value = int(row, 3)?;
        s.start = int(row, 4)?;
        s.cache = int(row, 5)?;
        s.cycle = row.get::<bool>(6)?;
        registry.sequences.push(s);
    }

    for t in &mut tables {
        super::normalize::sort_constraints(&mut t.constraints);
    }
    registry.tables = tables;
    Ok(registry)
}

/// `pg_constraint`'s action codes.
fn action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// The names of a JSON array of strings (`array_to_json` of column names).
fn names(json: &str) -> Vec<Ident> {
    let mut out = Vec::new();
    let mut chars = json.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('b') => s.push('\u{8}'),
                    Some('f') => s.push('\u{c}'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        if let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            s.push(ch);
                        }
                    }
                    Some(other) => s.push(other),
                    None => {}
                },
                c => s.push(c),
            }
        }
        out.push(Ident::from(s));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_names() {
        let n = super::names(r#"["a","b \"c\"","\u00e9"]"#);
        let n: Vec<&str> = n.iter().map(|i| i.as_str()).collect();
        assert_eq!(n, ["a", "b \"c\"", "é"]);
    }
}
