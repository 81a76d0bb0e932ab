//! Arrays on PostgreSQL (`sqlweave::array`): golden SQL, refusals on SQLite, MySQL 8
//! (golden text only: there is no MySQL 8 server here) and MariaDB, and execution on
//! PostgreSQL with NULL elements, empty arrays and hostile text elements.

mod common;

use common::scratch::Scratch;
use common::{err, ok};
use sqlweave::array::{ArrayExpr, ScalarArrayExpr, array, array_column};
use sqlweave::{Executor, Select, Value, table};

table! { pub struct Posts("posts") { id: i64, title: String } }

fn tags() -> sqlweave::Column<Vec<String>> {
    array_column::<String>(Posts::new().static_table(), "tags")
}
fn scores() -> sqlweave::Column<Vec<i64>> {
    array_column::<i64>(Posts::new().static_table(), "scores")
}

#[test]
fn golden_forms_and_refusals() {
    let p = Posts::new();
    let q = Select::new()
        .column(p.id)
        .from(p)
        .filter(p.id.eq_any(array([1_i64, 2])))
        .filter(p.title.ne_all(vec!["a".to_string()]));
    golden!(q,
        sqlite: err("SQLite does not support arrays (PostgreSQL only)"),
        postgres: ok(r#"SELECT "posts"."id" FROM "posts" WHERE "posts"."id" = ANY (CAST($1 AS BIGINT[])) AND "posts"."title" <> ALL (CAST($2 AS TEXT[]))"#,
            vec![Value::Array(vec![Value::I64(1), Value::I64(2)]), Value::Array(vec![Value::from("a")])]),
        mysql: err("MySQL does not support arrays"),
        mariadb: err("MariaDB does not support arrays"),
    );
    let q = Select::new()
        .column(tags().array_length())
        .column(scores().cardinality())
        .from(p)
        .filter(
            tags()
                .contains_all(array(["x".to_string()]))
                .or(scores().overlaps(scores())),
        );
    golden!(q,
        sqlite: err("arrays"),
        postgres: ok(r#"SELECT array_length("posts"."tags", 1), cardinality("posts"."scores") FROM "posts" WHERE "posts"."tags" @> CAST($1 AS TEXT[]) OR "posts"."scores" && "posts"."scores""#,
            vec![Value::Array(vec![Value::from("x")])]),
        mysql: err("arrays"),
    );
    // An IN-list-like comparison on a dialect without arrays: refused, not rewritten.
    assert!(sqlweave::Statement::render_for(&q, &sqlweave::Ansi).is_err());
}

#[test]
fn array_operations_run_on_postgres() {
    let mut s = Scratch::new();
    let Some(pg) = s.postgres() else { return };
    pg.execute_raw_batch(
        "CREATE TABLE posts (id BIGINT PRIMARY KEY, title TEXT NOT NULL, tags TEXT[], scores BIGINT[]);
         INSERT INTO posts VALUES
           (1, 'a', ARRAY['rust', 'sql'], ARRAY[10, 20]),
           (2, 'b', ARRAY['go'], ARRAY[20, 30, 40]),
           (3, 'c', ARRAY[]::text[], ARRAY[]::bigint[]),
           (4, 'd', NULL, ARRAY[NULL, 5]::bigint[]),
           (5, 'x''); DROP TABLE posts; --', ARRAY['x''); DROP TABLE posts; --'], NULL)",
    )
    .unwrap();
    let p = Posts::new();
    let ids = |pg: &mut dyn Executor, q: Select| -> Vec<i64> {
        pg.fetch_all(&q.order_by(p.id))
            .unwrap()
            .iter()
            .map(|r| r.get(0).unwrap())
            .collect()
    };
    let base = || Select::new().column(p.id).from(p);
    assert_eq!(
        ids(pg, base().filter(p.id.eq_any(array([2_i64, 4, 9])))),
        [2, 4]
    );
    assert_eq!(
        ids(pg, base().filter(p.id.ne_all(array([2_i64, 4])))),
        [1, 3, 5]
    );
    // An empty array: ANY is false, ALL is true.
    assert_eq!(
        ids(pg, base().filter(p.id.eq_any(array(Vec::<i64>::new())))),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(pg, base().filter(p.id.ne_all(array(Vec::<i64>::new())))),
        [1, 2, 3, 4, 5]
    );
    // A hostile text element is a value like any other.
    let hostile = "x'); DROP TABLE posts; --".to_string();
    assert_eq!(
        ids(pg, base().filter(p.title.eq_any(array([hostile.clone()])))),
        [5]
    );
    assert_eq!(
        ids(pg, base().filter(tags().contains_all(array([hostile])))),
        [5]
    );
    assert_eq!(
        ids(
            pg,
            base().filter(tags().overlaps(array(["sql".to_string(), "go".to_string()])))
        ),
        [1, 2]
    );
    assert_eq!(
        ids(pg, base().filter(scores().contains_all(array([20_i64])))),
        [1, 2]
    );
    // A scalar against an array column.
    assert_eq!(
        ids(pg, base().filter(sqlweave::val(20_i64).eq_any(scores()))),
        [1, 2]
    );
    // array_length is NULL for an empty array, cardinality 0.
    let q = Select::new()
        .column(p.id)
        .column(scores().array_length())
        .column(scores().cardinality())
        .from(p)
        .order_by(p.id);
    let got: Vec<(i64, Option<i32>, Option<i32>)> = pg
        .fetch_all(&q)
        .unwrap()
        .iter()
        .map(|r| (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (1, Some(2), Some(2)),
            (2, Some(3), Some(3)),
            (3, None, Some(0)),
            (4, Some(2), Some(2)),
            (5, None, None)
        ]
    );
}
