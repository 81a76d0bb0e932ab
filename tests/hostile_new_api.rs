//! The string slots of the newer API fed arbitrary and hostile text: JSON keys and
//! paths, collation names, ORDER BY labels, sequence names, schema names in CREATE /
//! DROP SCHEMA. Rendering never panics; a JSON key never becomes SQL text (the SQL is
//! the same whatever the key: only the parameters differ); a collation name is
//! refused or written as a quoted name of its allowed characters; and on the real
//! databases, hostile schema names and labels run only the intended statement (a
//! canary table keeps its rows).

#![cfg(feature = "json")]

mod common;
mod safety_support;

use proptest::prelude::*;
use safety_support::open_dbs;
use sqlweave::collate::{Collate, Collation};
use sqlweave::ddl::{CreateSchema, DropSchema};
use sqlweave::json::{JsonExpr, JsonPath};
use sqlweave::label::label_ref;
use sqlweave::{Dialect, Executor, Expr, Select, TableRef, typed::Typed};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

const HOSTILE: &[&str] = &[
    "x\"; DELETE FROM canary; --",
    "x`; DELETE FROM canary; -- ",
    "x'); DELETE FROM canary; --",
    "x\\'; DELETE FROM canary; #",
    "*/ DELETE FROM canary /*",
    "x\nDELETE FROM canary",
    "$1 ? :x @y %s",
    "; DROP TABLE canary",
];

const MYSQL8: MySql = MySql::mysql8();
const MARIADB: MySql = MySql::mariadb();

fn dialects() -> [&'static dyn Dialect; 4] {
    [&Sqlite, &Postgres, &MYSQL8, &MARIADB]
}

fn doc() -> Typed<serde_json::Value> {
    Typed::assume(Expr::column("doc"))
}

fn json_query(path: JsonPath) -> Select {
    let d = doc();
    Select::new()
        .column(d.clone().get_str(path.clone()))
        .column(d.clone().get_json(path.clone()))
        .column(d.get_f64(path))
        .from(TableRef::new("t"))
}

/// A path of arbitrary keys (and indexes).
fn path_of(steps: &[(bool, String, u32)]) -> JsonPath {
    steps.iter().fold(JsonPath::root(), |p, (is_key, k, i)| {
        if *is_key {
            p.key(k.clone())
        } else {
            p.index(*i)
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The SQL of a JSON access does not depend on the keys: they travel as
    /// parameters (a refusal — NUL, MariaDB's `-` — is an error, never a panic).
    #[test]
    fn json_keys_never_become_sql_text(
        steps in proptest::collection::vec((any::<bool>(), any::<String>(), 0u32..5), 1..4),
    ) {
        let same_shape: Vec<(bool, String, u32)> = steps
            .iter()
            .map(|(k, _, i)| (*k, "k".to_string(), *i))
            .collect();
        for d in dialects() {
            let hostile = json_query(path_of(&steps)).render(d);
            let plain = json_query(path_of(&same_shape)).render(d).unwrap();
            if let Ok(r) = hostile {
                prop_assert_eq!(&r.sql, &plain.sql, "{}", d.name());
                prop_assert_eq!(r.params.len(), plain.params.len());
            }
        }
    }

    /// A collation name is written only when it is made of the allowed characters, as
    /// a quoted name; anything else is an error.
    #[test]
    fn collation_names_are_checked(name in any::<String>()) {
        for d in dialects() {
            let e = Expr::column("s").collate(Collation::named(name.clone()));
            let r = Select::new().column(e).from(TableRef::new("t")).render(d);
            let allowed = !name.is_empty()
                && name.len() <= 63
                && name.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || c == '_'
                        || (d.name() == "PostgreSQL" && "-.@".contains(c))
                });
            match r {
                Ok(r) => {
                    prop_assert!(allowed, "{}: {:?} was written: {}", d.name(), name, r.sql);
                    let q = if d.name() == "PostgreSQL" || d.name() == "SQLite" { '"' } else { '`' };
                    let expected = format!("COLLATE {q}{name}{q}");
                    prop_assert!(r.sql.contains(&expected), "{}", r.sql);
                }
                Err(_) => prop_assert!(!allowed, "{}: {:?} refused", d.name(), name),
            }
        }
    }

    /// An ORDER BY label is the alias it names, quoted; rendering never panics.
    #[test]
    fn labels_are_names(label in any::<String>()) {
        for d in dialects() {
            let q = Select::new()
                .column(Expr::column("id").label(label.clone()))
                .from(TableRef::new("t"))
                .order_by(label_ref(label.clone()));
            let _ = q.render(d);
        }
    }

    /// CREATE / DROP SCHEMA with any name: rendered with the name quoted, or refused.
    #[test]
    fn schema_names_are_names(name in any::<String>()) {
        for d in dialects() {
            let _ = CreateSchema::new(name.clone()).render(d);
            let _ = DropSchema::new(name.clone()).cascade().render(d);
        }
    }
}

fn canary_rows(c: &mut dyn Executor) -> i64 {
    c.query_sql("SELECT COUNT(*) FROM canary", &[])
        .expect("the canary table is still there")
        .rows[0]
        .get(0)
        .unwrap()
}

/// On PostgreSQL and MariaDB: a schema (database) with each hostile name is created,
/// holds a table, and is dropped; nothing else runs. Labels run as ORDER BY items on
/// every database.
#[test]
fn hostile_schema_names_and_labels_on_the_databases() {
    let mut spaces = open_dbs("sw_audit_new_api");
    for c in spaces.conns() {
        let db = c.dialect().name();
        c.execute_raw_batch("CREATE TABLE canary (id INTEGER PRIMARY KEY)")
            .unwrap();
        c.execute_raw_batch("INSERT INTO canary VALUES (1), (2)")
            .unwrap();
        for h in HOSTILE {
            // Labels.
            let q = Select::new()
                .column(TableRef::new("canary").col("id").label(h.to_string()))
                .from(TableRef::new("canary"))
                .order_by(label_ref(h.to_string()).desc());
            // A name the database cannot hold (MySQL's trailing space) is refused
            // before anything is sent; any other runs.
            if q.render(c.dialect()).is_ok() {
                let rows = c
                    .fetch_all(&q)
                    .unwrap_or_else(|e| panic!("{db}: label {h:?}: {e}"));
                assert_eq!(rows.rows.len(), 2, "{db}: {h:?}");
                assert_eq!(rows.rows[0].get::<i64>(0).unwrap(), 2, "{db}: {h:?}");
            } else {
                assert!(db == "MariaDB" || db == "MySQL", "{db}: {h:?}");
            }
            if db == "SQLite" {
                continue;
            }
            // Schemas: MariaDB's database names are directory names (64 characters,
            // no trailing space); the hostile texts fit.
            let name = format!("swa_{h}");
            let create = CreateSchema::new(name.clone());
            if create.render(c.dialect()).is_err() {
                assert!(db == "MariaDB" || db == "MySQL", "{db}: {h:?}");
                continue;
            }
            c.execute(&create)
                .unwrap_or_else(|e| panic!("{db}: CREATE SCHEMA {h:?}: {e}"));
            let t = sqlweave::ddl::TableDef::new(sqlweave::ddl::ObjectName::qualified(
                name.clone(),
                "inner",
            ))
            .column(sqlweave::ddl::ColumnDef::new(
                "id",
                sqlweave::ddl::ColumnType::Integer,
            ));
            c.execute(&t.create())
                .unwrap_or_else(|e| panic!("{db}: table in schema {h:?}: {e}"));
            c.execute(&DropSchema::new(name.clone()).cascade())
                .unwrap_or_else(|e| panic!("{db}: DROP SCHEMA {h:?}: {e}"));
            assert_eq!(canary_rows(c), 2, "{db}: {h:?}");
        }
        assert_eq!(canary_rows(c), 2, "{db}");
    }
}
