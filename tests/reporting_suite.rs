//! The reporting suite: realistic analytical queries over a seven-table schema
//! (tests/reporting/data.rs), each written with the typed API only — no `Typed::assume`,
//! no `Expr`, no raw SQL — next to the same query written by hand in SQL for each
//! database. Every query runs on SQLite, PostgreSQL and MariaDB; its rows must equal the
//! hand-written query's rows on the same database, and the three databases must agree.

mod common;
#[path = "reporting/data.rs"]
mod data;
#[path = "reporting/schema.rs"]
mod schema;

#[test]
fn data_loads_everywhere() {
    let mut spaces = data::open();
    for conn in spaces.conns() {
        let rows = conn
            .query_sql("SELECT COUNT(*) FROM order_items", &[])
            .unwrap();
        assert!(
            rows.rows[0].get::<i64>(0).unwrap() > 3000,
            "{}",
            conn.dialect().name()
        );
    }
}

#[path = "reporting/hand.rs"]
mod hand;

/// The hand-written queries agree across the three databases (which checks them too).
#[test]
fn hand_written_queries_agree_across_databases() {
    let mut spaces = data::open();
    let mut failures = Vec::new();
    for (name, hand) in hand::ALL {
        let mut answers: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
        for conn in spaces.conns() {
            let db = conn.dialect().name();
            match conn.query_sql(hand.for_dialect(db), &[]) {
                Ok(rows) => answers.push((db, sqlweave_harness::canon_rows(&rows))),
                Err(e) => failures.push(format!("{name} on {db}: {e}")),
            }
        }
        if let Some(((first_db, first), rest)) = answers.split_first() {
            assert!(!first.is_empty(), "{name} returns no rows on {first_db}");
            for (db, rows) in rest {
                if rows != first {
                    let diff: Vec<_> = first
                        .iter()
                        .zip(rows)
                        .filter(|(a, b)| a != b)
                        .take(3)
                        .collect();
                    failures.push(format!(
                        "{name}: {first_db} vs {db}: {} vs {} rows; first differences {diff:?}",
                        first.len(),
                        rows.len()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
