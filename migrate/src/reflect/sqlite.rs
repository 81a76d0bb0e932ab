//! Reflection on SQLite: `sqlite_master` and the table-valued pragmas
//! (`pragma_table_xinfo`, `pragma_foreign_key_list`, `pragma_index_list`,
//! `pragma_index_xinfo`), each joined with `sqlite_master` so that one query reads the
//! whole schema; the stored `CREATE TABLE` text only for what no pragma reports (CHECK
//! constraints, generated columns' expressions, AUTOINCREMENT, constraint names,
//! deferred foreign keys) and the stored `CREATE INDEX` text for expression parts and
//! partial indexes' predicates.

use std::collections::HashMap;

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, CreateView, FkAction, ForeignKey, Generated, GeneratedKind,
    IndexDef, IndexPart, IndexTarget,
};
use sqlweave::{Executor, Ident, Result, SchemaRegistry, TableDef, Value};

use super::sql_text::{ParsedPart, parse_create_index, parse_create_table, view_body};
use super::{ReflectOptions, db_expr, int, text};

/// `"name"` with `"` doubled.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(super) fn reflect(conn: &mut dyn Executor, options: &ReflectOptions) -> Result<SchemaRegistry> {
    let schema = options.schema.clone().unwrap_or_else(|| "main".to_string());
    let master = format!("{}.sqlite_master", quote(&schema));
    let param = [Value::from(schema.clone())];

    // Tables, views and indexes with their stored SQL.
    let objects = conn.query_sql(
        &format!(
            "SELECT type, name, tbl_name, sql FROM {master} \
             WHERE type IN ('table', 'view', 'index') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             ORDER BY name"
        ),
        &[],
    )?;
    let mut tables: Vec<TableDef> = Vec::new();
    let mut table_sql: HashMap<String, String> = HashMap::new();
    let mut index_sql: HashMap<String, String> = HashMap::new();
    let mut registry = SchemaRegistry::new();
    for row in &objects {
        let kind = text(row, 0)?.unwrap_or_default();
        let name = text(row, 1)?.unwrap_or_default();
        let sql = text(row, 3)?.unwrap_or_default();
        match kind.as_str() {
            "table" if options.wants(&name) => {
                tables.push(TableDef::new(options.object_name(&name)));
                table_sql.insert(name, sql);
            }
            "view" if options.wants(&name) => {
                registry.views.push(CreateView::raw(
                    options.object_name(&name),
                    view_body(&sql).trim(),
                ));
            }
            "index" => {
                index_sql.insert(name, sql);
            }
            _ => {}
        }
    }
    let position: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.name.as_str().to_string(), i))
        .collect();
    let parsed: HashMap<String, _> = table_sql
        .iter()
        .map(|(n, sql)| (n.clone(), parse_create_table(sql)))
        .collect();

    // Columns of every table, in one query.
    let columns = conn.query_sql(
        &format!(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden \
             FROM {master} AS m JOIN pragma_table_xinfo(m.name, ?) AS p \
             WHERE m.type = 'table' ORDER BY m.name, p.cid"
        ),
        &param,
    )?;
    let mut pk: HashMap<String, Vec<(i64, Ident)>> = HashMap::new();
    for row in &columns {
        let table = text(row, 0)?.unwrap_or_default();
        let Some(&ti) = position.get(&table) else {
            continue;
        };
        let name = text(row, 1)?.unwrap_or_default();
        let declared = text(row, 2)?.unwrap_or_default();
        let mut c = ColumnDef::new(name.clone(), sqlite_type(&declared));
        c.nullable = int(row, 3)? != Some(1);
        c.default = text(row, 4)?.map(|d| db_expr(&d));
        let key = int(row, 5)?.unwrap_or(0);
        if key > 0 {
            pk.entry(table.clone())
                .or_default()
                .push((key, Ident::from(name.clone())));
        }
        let hidden = int(row, 6)?.unwrap_or(0);
        let p = &parsed[&table];
        if hidden == 2 || hidden == 3 {
            if let Some((_, sql, _)) = p.generated.iter().find(|(n, _, _)| *n == name) {
                c.generated = Some(Generated {
                    expr: db_expr(sql),
                    kind: if hidden == 3 {
                        GeneratedKind::Stored
                    } else {
                        GeneratedKind::Virtual
                    },
                });
            }
        } else if hidden != 0 {
            continue; // a virtual table's hidden column
        }
        c.auto_increment = p.autoincrement.as_deref() == Some(name.as_str());
        tables[ti].columns.push(c);
    }
    for (table, mut cols) in pk {
        let ti = position[&table];
        cols.sort_by_key(|(k, _)| *k);
        // An INTEGER PRIMARY KEY is the rowid: never NULL, whether declared NOT NULL or not.
        if let [(_, only)] = cols.as_slice()
            && let Some(c) = tables[ti].columns.iter_mut().find(|c| c.name == *only)
            && c.ty == ColumnType::BigInt
        {
            c.nullable = false;
        }
        let mut k = Constraint::primary_key(cols.into_iter().map(|(_, n)| n).collect::<Vec<_>>());
        k.name = parsed[&table].pk_name.clone().map(Ident::from);
        tables[ti].constraints.push(k);
    }

    // Foreign keys, in one query.
    let fks = conn.query_sql(
        &format!(
            "SELECT m.name, p.id, p.\"table\", p.\"from\", p.\"to\", p.on_update, p.on_delete \
             FROM {master} AS m JOIN pragma_foreign_key_list(m.name, ?) AS p \
             WHERE m.type = 'table' ORDER BY m.name, p.id, p.seq"
        ),
        &param,
    )?;
    let mut fk_rows: Vec<(String, i64, ForeignKey, Vec<Option<String>>)> = Vec::new();
    for row in &fks {
        let table = text(row, 0)?.unwrap_or_default();
        if !position.contains_key(&table) {
            continue;
        }
        let id = int(row, 1)?.unwrap_or(0);
        let target = text(row, 2)?.unwrap_or_default();
        let from = text(row, 3)?.unwrap_or_default();
        let to = text(row, 4)?;
        match fk_rows.last_mut() {
            Some((t, i, fk, tos)) if *t == table && *i == id => {
                fk.columns.push(Ident::from(from));
                tos.push(to);
            }
            _ => {
                let mut fk = ForeignKey::new(
                    vec![Ident::from(from)],
                    options.object_name(&target),
                    Vec::<Ident>::new(),
                );
                fk.on_update = Some(action(&text(row, 5)?.unwrap_or_default()));
                fk.on_delete = Some(action(&text(row, 6)?.unwrap_or_default()));
                fk_rows.push((table, id, fk, vec![to]));
            }
        }
    }
    for (table, _, mut fk, tos) in fk_rows {
        let ti = position[&table];
        if tos.iter().all(Option::is_some) {
            fk.target_columns = tos.into_iter().flatten().map(Ident::from).collect();
        } else if let Some(&target) = position.get(fk.target.name.as_str()) {
            // `REFERENCES t` without columns: the target's primary key.
            fk.target_columns = pk_columns(&tables[target]);
        }
        let cols: Vec<String> = fk.columns.iter().map(|c| c.as_str().to_string()).collect();
        let mut name = None;
        if let Some((n, _, deferred)) = parsed[&table]
            .foreign_keys
            .iter()
            .find(|(_, c, _)| *c == cols)
        {
            name = n.clone().map(Ident::from);
            fk.initially_deferred = *deferred;
        }
        let mut k = Constraint::foreign_key(fk);
        k.name = name;
        tables[ti].constraints.push(k);
    }

    // Indexes (and UNIQUE constraints, which SQLite keeps as indexes), in one query.
    let ixs = conn.query_sql(
        &format!(
            "SELECT m.name, il.name, il.\"unique\", il.origin, ix.name, ix.\"desc\" \
             FROM {master} AS m JOIN pragma_index_list(m.name, ?) AS il \
             JOIN pragma_index_xinfo(il.name, ?) AS ix \
             WHERE m.type = 'table' AND ix.key = 1 ORDER BY m.name, il.name, ix.seqno"
        ),
        &[param[0].clone(), param[0].clone()],
    )?;
    let mut current: Option<(String, String, bool, String, Vec<Ident>)> = None;
    let mut finished = Vec::new();
    for row in &ixs {
        let table = text(row, 0)?.unwrap_or_default();
        let index = text(row, 1)?.unwrap_or_default();
        let col = text(row, 4)?.unwrap_or_default();
        match &mut current {
            Some((t, i, _, _, cols)) if *t == table && *i == index => cols.push(Ident::from(col)),
            _ => {
                finished.extend(current.take());
                current = Some((
                    table,
                    index,
                    int(row, 2)? == Some(1),
                    text(row, 3)?.unwrap_or_default(),
                    vec![Ident::from(col)],
                ));
            }
        }
    }
    finished.extend(current.take());
    for (table, index, unique, origin, cols) in finished {
        let Some(&ti) = position.get(&table) else {
            continue;
        };
        match origin.as_str() {
            "u" => {
                let names: Vec<String> = cols.iter().map(|c| c.as_str().to_string()).collect();
                let mut k = Constraint::unique(cols);
                k.name = parsed[&table]
                    .unique_names
                    .iter()
                    .find(|(_, c)| *c == names)
                    .map(|(n, _)| Ident::from(n.clone()));
                tables[ti].constraints.push(k);
            }
            "c" => {
                let sql = index_sql.get(&index).cloned().unwrap_or_default();
                let (parts, predicate) = parse_create_index(&sql);
                let mut ix = IndexDef::new(index);
                ix.unique = unique;
                ix.parts = parts
                    .into_iter()
                    .map(|(p, desc)| IndexPart {
                        target: match p {
                            ParsedPart::Column(c) => IndexTarget::Column(Ident::from(c)),
                            ParsedPart::Expr(e) => IndexTarget::Expr(db_expr(&e)),
                        },
                        desc,
                    })
                    .collect();
                ix.predicate = predicate.map(|p| db_expr(&p));
                tables[ti].indexes.push(ix);
            }
            _ => {} // the primary key's own index
        }
    }

    // CHECK constraints, from the CREATE TABLE text.
    for t in &mut tables {
        for (name, sql) in &parsed[t.name.name.as_str()].checks {
            let mut k = Constraint::check(db_expr(sql));
            k.name = name.clone().map(Ident::from);
            t.constraints.push(k);
        }
        super::normalize::sort_constraints(&mut t.constraints);
    }
    registry.tables = tables;
    Ok(registry)
}

fn pk_columns(t: &TableDef) -> Vec<Ident> {
    t.constraints
        .iter()
        .find_map(|c| match &c.kind {
            sqlweave::ddl::ConstraintKind::PrimaryKey(cols) => Some(cols.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A foreign-key action as the pragma spells it.
fn action(s: &str) -> FkAction {
    match s.to_ascii_uppercase().as_str() {
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        "RESTRICT" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// A declared type: the storage-class names sqlweave writes as their widest type
/// (INTEGER is 64-bit), other names as the type they name, else raw.
pub(super) fn sqlite_type(declared: &str) -> ColumnType {
    match declared.trim().to_ascii_uppercase().as_str() {
        "INTEGER" => ColumnType::BigInt,
        "REAL" => ColumnType::Double,
        "NUMERIC" => ColumnType::Numeric(None),
        "TEXT" => ColumnType::Text,
        "BLOB" | "" => ColumnType::Bytes,
        _ => super::normalize::named_type(declared)
            .unwrap_or_else(|| ColumnType::Raw(declared.trim().to_string())),
    }
}
