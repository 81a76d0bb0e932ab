//! Typed JSON path access (`sqlweave::json`): golden SQL per dialect, the same answers on
//! SQLite, PostgreSQL and MariaDB for every kind of JSON value, hostile keys that address
//! exactly their key, and the refusals (containment off PostgreSQL, NUL keys). MySQL 8
//! forms are checked as golden text only: there is no MySQL 8 server here.
#![cfg(feature = "json")]

mod common;

use common::scratch::Scratch;
use common::{err, ok};
use serde_json::json;
use sqlweave::dml::Insert;
use sqlweave::json::{JsonExpr, JsonPath};
use sqlweave::{Executor, Select, TableRef, Value, table};

table! { pub struct Docs("docs") { id: i64, doc: Option<serde_json::Value> } }

fn setup(conn: &mut dyn Executor, docs: &[(i64, Option<serde_json::Value>)]) {
    let ddl = match conn.dialect().name() {
        "PostgreSQL" => "CREATE TABLE docs (id BIGINT PRIMARY KEY, doc JSONB)",
        "SQLite" => "CREATE TABLE docs (id INTEGER PRIMARY KEY, doc TEXT)",
        _ => "CREATE TABLE docs (id BIGINT PRIMARY KEY, doc JSON)",
    };
    conn.execute_raw_batch(ddl).unwrap();
    let rows: Vec<[Value; 2]> = docs
        .iter()
        .map(|(id, d)| [Value::I64(*id), d.clone().map_or(Value::Null, Value::Json)])
        .collect();
    conn.execute(
        &Insert::into(TableRef::new("docs"))
            .columns(["id", "doc"])
            .rows(rows),
    )
    .unwrap();
}

/// The documents: one per kind of value at `v`, plus a NULL document and one without `v`.
fn kinds() -> Vec<(i64, Option<serde_json::Value>)> {
    vec![
        (1, Some(json!({"v": "text é"}))),
        (2, Some(json!({"v": 42}))),
        (3, Some(json!({"v": 1.5}))),
        (4, Some(json!({"v": true}))),
        (5, Some(json!({"v": false}))),
        (6, Some(json!({"v": null}))),
        (7, Some(json!({"v": {"a": [1, "two"]}}))),
        (8, Some(json!({"v": [10, 20, 30]}))),
        (9, Some(json!({"w": 1}))),
        (10, None),
        (11, Some(json!({"v": "1"}))),
        (12, Some(json!({"v": -0.25}))),
    ]
}

type KindRow = (
    i64,
    Option<String>,
    Option<f64>,
    Option<bool>,
    bool,
    Option<serde_json::Value>,
);

fn read_kinds(conn: &mut dyn Executor) -> Vec<KindRow> {
    let d = Docs::new();
    let q = Select::new()
        .column(d.id)
        .column(d.doc.get_str("v"))
        .column(d.doc.get_f64("v"))
        .column(d.doc.get_bool("v"))
        .column(d.doc.has_path("v"))
        .column(d.doc.get_json("v"))
        .from(d)
        .order_by(d.id);
    let rows = conn.fetch_all(&q).unwrap();
    rows.iter()
        .map(|r| {
            (
                r.get(0).unwrap(),
                r.get(1).unwrap(),
                r.get(2).unwrap(),
                r.get(3).unwrap(),
                r.get(4).unwrap(),
                r.get(5).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_kind_of_value_reads_the_same_on_every_database() {
    let mut s = Scratch::new();
    let expected: Vec<KindRow> = vec![
        (
            1,
            Some("text é".into()),
            None,
            None,
            true,
            Some(json!("text é")),
        ),
        (2, None, Some(42.0), None, true, Some(json!(42))),
        (3, None, Some(1.5), None, true, Some(json!(1.5))),
        (4, None, None, Some(true), true, Some(json!(true))),
        (5, None, None, Some(false), true, Some(json!(false))),
        // JSON null: the path exists, its value is JSON null, no kind reads it.
        (6, None, None, None, true, Some(json!(null))),
        (7, None, None, None, true, Some(json!({"a": [1, "two"]}))),
        (8, None, None, None, true, Some(json!([10, 20, 30]))),
        // A missing path and a NULL document: SQL NULL everywhere, has_path false.
        (9, None, None, None, false, None),
        (10, None, None, None, false, None),
        // The string "1" is not the number 1 (nor true, as SQLite's json_extract would say).
        (11, Some("1".into()), None, None, true, Some(json!("1"))),
        (12, None, Some(-0.25), None, true, Some(json!(-0.25))),
    ];
    for conn in s.conns() {
        setup(conn, &kinds());
        let got = read_kinds(conn);
        assert_eq!(got, expected, "{}", conn.dialect().name());
    }
}

type NestedRow = (i64, Option<String>, Option<f64>, Option<String>, bool);

#[test]
fn nested_paths_and_array_indexes() {
    let mut s = Scratch::new();
    let docs = vec![
        (
            1,
            Some(json!({"items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 5}]})),
        ),
        (2, Some(json!({"items": [{"sku": "C3"}]}))),
        (3, Some(json!({"items": {"0": {"sku": "not an array"}}}))),
        (4, Some(json!([{"sku": "root array"}]))),
    ];
    let d = Docs::new();
    let q = Select::new()
        .column(d.id)
        .column(
            d.doc
                .get_str(JsonPath::root().key("items").index(1).key("sku")),
        )
        .column(
            d.doc
                .get_f64(JsonPath::root().key("items").index(0).key("qty")),
        )
        .column(d.doc.get_str(JsonPath::root().index(0).key("sku")))
        .column(d.doc.has_path(JsonPath::root().key("items").index(1)))
        .from(d)
        .filter(
            d.doc
                .has_path(JsonPath::root().key("items"))
                .or(d.doc.has_path(0u32)),
        )
        .order_by(d.id);
    for conn in s.conns() {
        setup(conn, &docs);
        let rows = conn.fetch_all(&q).unwrap();
        let got: Vec<NestedRow> = rows
            .iter()
            .map(|r| {
                (
                    r.get(0).unwrap(),
                    r.get(1).unwrap(),
                    r.get(2).unwrap(),
                    r.get(3).unwrap(),
                    r.get(4).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, Some("B2".into()), Some(2.0), None, true),
                (2, None, None, None, false),
                // An object key "0" is not array index 0.
                (3, None, None, None, false),
                (4, None, None, Some("root array".into()), false),
            ],
            "{}",
            conn.dialect().name()
        );
    }
}

/// Keys that would break out of a path string if pasted: each addresses exactly its own
/// key (a neighbour that a broken escape would reach holds another value).
#[test]
fn hostile_keys_address_exactly_their_key() {
    let keys = [
        "a\"b",
        "a\\\"b",
        "x.y",
        "$",
        "$.v",
        "[0]",
        "*",
        "**",
        "'q'",
        "back\\slash",
        "\\u0022",
        "ctl\nnew\tline\u{1}",
        "é ü 雪",
        "`tick`",
        "-- comment",
        "-1",
        "/* c */",
        "' OR 1=1 --",
        "\"",
        "",
        "a\"].b[\"",
        "?",
        "$1",
    ];
    let mut doc = serde_json::Map::new();
    // Neighbours a wrong parse would land on.
    for n in [
        "a", "b", "x", "y", "v", "q", "back", "slash", "ctl", "tick", "0",
    ] {
        doc.insert(n.into(), json!(format!("neighbour {n}")));
    }
    for (i, k) in keys.iter().enumerate() {
        doc.insert((*k).into(), json!(format!("value {i}")));
    }
    let docs = vec![(1, Some(serde_json::Value::Object(doc)))];
    let d = Docs::new();
    let mut q = Select::new().column(d.id).from(d);
    for k in keys {
        q = q.column(d.doc.get_str(k));
    }
    let mut s = Scratch::new();
    for conn in s.conns() {
        setup(conn, &docs);
        let mariadb = conn.dialect().name() == "MariaDB";
        if mariadb {
            // MariaDB never matches a key beginning with `-`: refused, not a silent NULL.
            let e = conn.fetch_one(&q).unwrap_err();
            assert!(e.to_string().contains("beginning with `-`"), "{e}");
        }
        let mut q = Select::new().column(d.id).from(d);
        for k in keys {
            q = q.column(d.doc.get_str(if mariadb && k.starts_with('-') {
                "x"
            } else {
                k
            }));
        }
        // A key that is absent, with characters of all the others: NULL, not an error.
        q = q.column(d.doc.get_str("a\"b.x[0]*$"));
        let row = conn.fetch_one(&q).unwrap();
        for (i, key) in keys.iter().enumerate() {
            if mariadb && key.starts_with('-') {
                continue;
            }
            let got: Option<String> = row.get(i + 1).unwrap();
            assert_eq!(
                got,
                Some(format!("value {i}")),
                "{} key {key:?}",
                conn.dialect().name(),
            );
        }
        let absent: Option<String> = row.get(keys.len() + 1).unwrap();
        assert_eq!(absent, None, "{}", conn.dialect().name());
    }
}

#[test]
fn keys_are_parameters_never_sql_text() {
    let d = Docs::new();
    let key = "k'); DROP TABLE docs; --";
    let q = Select::new().column(d.doc.get_str(key)).from(d);
    golden!(q,
        sqlite: ok(r#"SELECT CASE WHEN json_type("docs"."doc", ?) = 'text' THEN json_extract("docs"."doc", ?) END FROM "docs""#,
            p![r#"$."k'); DROP TABLE docs; --""#, r#"$."k'); DROP TABLE docs; --""#]),
        postgres: ok(r#"SELECT CASE WHEN jsonb_typeof(CAST("docs"."doc" AS JSONB) -> CAST($1 AS TEXT)) = 'string' THEN (CAST("docs"."doc" AS JSONB) -> CAST($2 AS TEXT)) #>> '{}' END FROM "docs""#,
            p![key, key]),
        mysql: ok("SELECT CASE WHEN JSON_TYPE(JSON_EXTRACT(`docs`.`doc`, ?)) = 'STRING' THEN JSON_UNQUOTE(JSON_EXTRACT(`docs`.`doc`, ?)) END FROM `docs`",
            p![r#"$."k'); DROP TABLE docs; --""#, r#"$."k'); DROP TABLE docs; --""#]),
    );
    // Quotes and backslashes are escaped per database inside the path string.
    let q = Select::new()
        .column(d.doc.get_json(JsonPath::root().key("a\"b\\").index(3)))
        .from(d);
    golden!(q,
        sqlite: ok(r#"SELECT ("docs"."doc" -> ?) FROM "docs""#, p![r#"$."a\u0022b\\"[3]"#]),
        postgres: ok(r#"SELECT (CAST("docs"."doc" AS JSONB) -> CAST($1 AS TEXT) -> CAST($2 AS INTEGER)) FROM "docs""#,
            vec![Value::from("a\"b\\"), Value::I32(3)]),
        mysql: ok("SELECT JSON_EXTRACT(`docs`.`doc`, ?) FROM `docs`", p![r#"$."a\"b\\"[3]"#]),
    );
}

#[test]
fn refusals_are_clear() {
    let d = Docs::new();
    // NUL in a key: refused everywhere (PostgreSQL's jsonb cannot hold it).
    let q = Select::new().column(d.doc.get_str("a\0b")).from(d);
    golden!(q,
        sqlite: err("holding NUL"),
        postgres: err("holding NUL"),
        mysql: err("holding NUL"),
    );
    // An index past i32::MAX.
    let q = Select::new()
        .column(d.doc.get_json(JsonPath::root().index(u32::MAX)))
        .from(d);
    golden!(q, sqlite: err("past"), postgres: err("past"), mysql: err("past"));
    // Containment: PostgreSQL only.
    let q = Select::new()
        .column(d.id)
        .from(d)
        .filter(d.doc.contains_json(json!({"a": 1})));
    golden!(q,
        sqlite: err("SQLite does not support JSON containment"),
        postgres: ok(r#"SELECT "docs"."id" FROM "docs" WHERE (CAST("docs"."doc" AS JSONB) @> CAST($1 AS JSONB))"#,
            vec![Value::Json(json!({"a": 1}))]),
        mysql: err("JSON_CONTAINS also matches"),
    );
    // A dialect that never heard of JSON access refuses it.
    let q = Select::new().column(d.doc.get_str("a")).from(d);
    assert!(sqlweave::Statement::render_for(&q, &sqlweave::Ansi).is_err());
}

/// Why containment is refused on MariaDB: the same candidate gives another answer there.
#[test]
fn containment_runs_on_postgres_and_differs_on_mariadb() {
    let mut s = Scratch::new();
    let docs = vec![
        (1, Some(json!({"kind": "click", "tags": ["a", "b"]}))),
        (2, Some(json!({"kind": "view"}))),
        (3, Some(json!([{"kind": "click"}]))),
    ];
    let d = Docs::new();
    let q = Select::new()
        .column(d.id)
        .from(d)
        .filter(d.doc.contains_json(json!({"kind": "click"})))
        .order_by(d.id);
    if let Some(pg) = s.postgres() {
        setup(pg, &docs);
        let ids: Vec<i64> = pg
            .fetch_all(&q)
            .unwrap()
            .iter()
            .map(|r| r.get(0).unwrap())
            .collect();
        assert_eq!(ids, vec![1]);
        let q = Select::new()
            .column(d.id)
            .from(d)
            .filter(d.doc.contains_json(json!({"tags": ["b"]})));
        let ids: Vec<i64> = pg
            .fetch_all(&q)
            .unwrap()
            .iter()
            .map(|r| r.get(0).unwrap())
            .collect();
        assert_eq!(ids, vec![1]);
    }
    if let Some(my) = s.mysql() {
        setup(my, &docs);
        // What JSON_CONTAINS would say for document 3: contained, unlike @>.
        let rows = my
            .query_sql(
                "SELECT id FROM docs WHERE JSON_CONTAINS(doc, '{\"kind\": \"click\"}') ORDER BY id",
                &[],
            )
            .unwrap();
        let ids: Vec<i64> = rows.iter().map(|r| r.get(0).unwrap()).collect();
        assert_eq!(ids, vec![1, 3]);
    }
}
