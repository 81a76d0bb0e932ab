//! EXPLAIN as a statement: golden SQL per dialect for every option (refused where a
//! database lacks it), and plans fetched through the executor on SQLite, PostgreSQL and
//! MariaDB, asserting their structure (never plan text, which is each planner's own).
//! MySQL 8 forms are golden text only: there is no MySQL 8 server here.

mod common;

use common::{Env, err, ok};
use sqlweave::dml::Delete;
use sqlweave::explain::{Explain, ExplainFormat};
use sqlweave::{Select, TableRef, Value};

fn orders_over(n: i64) -> Select {
    let o = TableRef::new("orders");
    Select::new()
        .column(o.col("id"))
        .from(o.clone())
        .filter(o.col("customer_id").gt(n))
        .order_by(o.col("id"))
}

#[test]
fn golden_forms_and_refusals() {
    let plain = Explain::new(orders_over(1));
    golden!(plain,
        sqlite: ok(r#"EXPLAIN QUERY PLAN SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > ? ORDER BY "orders"."id""#, p![1_i64]),
        postgres: ok(r#"EXPLAIN SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > $1 ORDER BY "orders"."id""#, p![1_i64]),
        mysql: ok("EXPLAIN SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` > ? ORDER BY `orders`.`id`", p![1_i64]),
    );
    let all = Explain::new(orders_over(1))
        .analyze()
        .verbose()
        .costs(false)
        .buffers()
        .format(ExplainFormat::Json);
    golden!(all,
        sqlite: err("SQLite does not support EXPLAIN ANALYZE"),
        postgres: ok(r#"EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, BUFFERS, FORMAT JSON) SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > $1 ORDER BY "orders"."id""#, p![1_i64]),
        mysql: err("MySQL does not support EXPLAIN VERBOSE"),
        mariadb: err("MariaDB does not support EXPLAIN VERBOSE"),
    );
    let json = Explain::new(orders_over(1)).format(ExplainFormat::Json);
    golden!(json,
        sqlite: err("SQLite does not support EXPLAIN in a format other than its query plan rows"),
        postgres: ok(r#"EXPLAIN (FORMAT JSON) SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > $1 ORDER BY "orders"."id""#, p![1_i64]),
        mysql: ok("EXPLAIN FORMAT=JSON SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` > ? ORDER BY `orders`.`id`", p![1_i64]),
    );
    let analyze = Explain::new(orders_over(1)).analyze();
    golden!(analyze,
        sqlite: err("SQLite does not support EXPLAIN ANALYZE"),
        postgres: ok(r#"EXPLAIN (ANALYZE) SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > $1 ORDER BY "orders"."id""#, p![1_i64]),
        mysql: ok("EXPLAIN ANALYZE SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` > ? ORDER BY `orders`.`id`", p![1_i64]),
        mariadb: ok("ANALYZE SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` > ? ORDER BY `orders`.`id`", p![1_i64]),
    );
    let analyze_json = Explain::new(orders_over(1))
        .analyze()
        .format(ExplainFormat::Json);
    golden!(analyze_json,
        sqlite: err("EXPLAIN ANALYZE"),
        postgres: ok(r#"EXPLAIN (ANALYZE, FORMAT JSON) SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > $1 ORDER BY "orders"."id""#, p![1_i64]),
        mysql: err("MySQL does not support EXPLAIN ANALYZE in a format other than TREE"),
        mariadb: ok("ANALYZE FORMAT=JSON SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` > ? ORDER BY `orders`.`id`", p![1_i64]),
    );
    let tree = Explain::new(orders_over(1)).format(ExplainFormat::Tree);
    golden!(tree,
        sqlite: err("SQLite does not support EXPLAIN in a format"),
        postgres: err("PostgreSQL does not support EXPLAIN FORMAT TREE"),
        mysql: ok("EXPLAIN FORMAT=TREE SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` > ? ORDER BY `orders`.`id`", p![1_i64]),
        mariadb: err("MariaDB does not support EXPLAIN FORMAT=TREE"),
    );
    let yaml = Explain::new(orders_over(1))
        .format(ExplainFormat::Yaml)
        .costs(true);
    golden!(yaml,
        sqlite: err("SQLite does not support EXPLAIN COSTS"),
        postgres: ok(r#"EXPLAIN (COSTS ON, FORMAT YAML) SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" > $1 ORDER BY "orders"."id""#, p![1_i64]),
        mysql: err("MySQL does not support EXPLAIN COSTS"),
        mariadb: err("MariaDB does not support EXPLAIN COSTS"),
    );
    // A dialect that never said how refuses.
    assert!(plain.render(&sqlweave::Ansi).is_err());
}

#[test]
fn plans_come_back_as_rows_on_every_database() {
    let mut env = Env::new();
    for conn in env.conns() {
        let name = conn.dialect().name();
        let rows = conn.fetch_all(&Explain::new(orders_over(1))).unwrap();
        assert!(!rows.is_empty(), "{name}: no plan rows");
        let width = rows.iter().next().unwrap().len();
        match name {
            // id, parent, notused, detail
            "SQLite" => {
                assert_eq!(width, 4, "{name}");
                let detail: String = rows.iter().next().unwrap().get(3).unwrap();
                assert!(detail.contains("orders"), "{name}: {detail}");
            }
            // One text column, "QUERY PLAN", one row per plan line.
            "PostgreSQL" => {
                assert_eq!(width, 1, "{name}");
                assert_eq!(rows.iter().next().unwrap().columns()[0], "QUERY PLAN");
            }
            // id, select_type, table, … : the classic table, one row per table.
            _ => {
                assert!(width >= 10, "{name}: {width} columns");
                assert!(
                    rows.iter()
                        .next()
                        .unwrap()
                        .columns()
                        .iter()
                        .any(|c| c == "table")
                );
            }
        }
        if name != "SQLite" {
            // FORMAT JSON: one row, one column of JSON text.
            let e = Explain::new(orders_over(1)).format(ExplainFormat::Json);
            let rows = conn.fetch_all(&e).unwrap();
            assert_eq!(rows.len(), 1, "{name}");
            let text: String = match rows.iter().next().unwrap().values()[0].clone() {
                Value::Text(t) => t,
                #[cfg(feature = "json")]
                Value::Json(j) => j.to_string(),
                other => panic!("{name}: {other:?}"),
            };
            assert!(
                text.trim_start().starts_with('[') || text.trim_start().starts_with('{'),
                "{name}: {text}"
            );
            // ANALYZE runs the query and reports it.
            let rows = conn
                .fetch_all(&Explain::new(orders_over(1)).analyze())
                .unwrap();
            assert!(!rows.is_empty(), "{name}");
        }
    }
}

/// ANALYZE runs the statement: an explained DELETE deletes. In a transaction rolled back
/// here, to show it and leave the fixture as it was.
#[test]
fn analyze_of_a_delete_runs_it() {
    let mut env = Env::new();
    let o = TableRef::new("orders");
    let del = Delete::from(o.clone()).filter(o.col("id").eq(6_i64));
    let count = Select::new()
        .column(sqlweave::func::count_star())
        .from(o.clone());
    for conn in env.conns() {
        let name = conn.dialect().name();
        if name == "SQLite" {
            assert!(
                conn.fetch_all(&Explain::new(del.clone()).analyze())
                    .is_err()
            );
            continue;
        }
        conn.execute_raw_batch("BEGIN").unwrap();
        conn.fetch_all(&Explain::new(del.clone()).analyze())
            .unwrap();
        let n: i64 = conn.fetch_one(&count).unwrap().get(0).unwrap();
        assert_eq!(n, 5, "{name}: the DELETE ran");
        conn.execute_raw_batch("ROLLBACK").unwrap();
        let n: i64 = conn.fetch_one(&count).unwrap().get(0).unwrap();
        assert_eq!(n, 6, "{name}");
    }
}
