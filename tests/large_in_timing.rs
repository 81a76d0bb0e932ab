//! Timings of long IN lists on PostgreSQL and MariaDB, for the figures in the notes of
//! the change that sends them as one parameter. Not a test: it asserts nothing about
//! time, and runs only with `SQLWEAVE_LARGE_IN_TIMING=1` (it takes seconds to minutes):
//!
//! ```text
//! SQLWEAVE_LARGE_IN_TIMING=1 cargo test --all-features --test large_in_timing -- --nocapture
//! ```
//!
//! A 40,000-row table freshly loaded (autovacuum off, so no statistics until the
//! explicit ANALYZE), then: 30,000 values as separate parameters, 70,000 values as one
//! parameter for SELECT / UPDATE / DELETE (UPDATE and DELETE rolled back), each run
//! `SQLWEAVE_LARGE_IN_REPEAT` times (default 8: more than the five custom plans after
//! which PostgreSQL may switch a prepared statement to a generic plan), and the
//! EXPLAIN of each; then the same after ANALYZE. `SQLWEAVE_LARGE_IN_ONLY=PostgreSQL`
//! (or `SQLite`, `MariaDB`) measures one database; `SQLWEAVE_LARGE_IN_INDEX=1` makes
//! the column a primary key.

mod common;

use std::time::{Duration, Instant};

use common::fixture::{mysql_connect, pg_connect};
use sqlweave::dml::{Delete, Insert, Update};
use sqlweave::exec::execute_insert;
use sqlweave::{Executor, Select, Statement, TableRef, func};

fn enabled() -> bool {
    std::env::var("SQLWEAVE_LARGE_IN_TIMING").is_ok_and(|v| v == "1")
}

fn repeat() -> usize {
    std::env::var("SQLWEAVE_LARGE_IN_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Long plan lines (the array constant) as their first and last 80 characters.
fn abbreviate(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 200 {
        return s.to_string();
    }
    let head: String = chars[..80].iter().collect();
    let tail: String = chars[chars.len() - 80..].iter().collect();
    format!("{head} … {tail}")
}

fn explain(conn: &mut dyn Executor, stmt: &dyn Statement) {
    let d = conn.dialect().name();
    let r = stmt.render_for(conn.dialect()).unwrap();
    let sql = format!("EXPLAIN {}", r.sql);
    let shown = abbreviate(&r.sql);
    println!("    {d} EXPLAIN {shown}");
    match conn.query_sql(&sql, &r.params) {
        Ok(rows) => {
            for row in &rows.rows {
                let line: Vec<String> = row
                    .values()
                    .iter()
                    .map(|v| {
                        let s = match v {
                            sqlweave::Value::Text(t) => t.clone(),
                            other => format!("{other:?}"),
                        };
                        abbreviate(&s)
                    })
                    .collect();
                println!("      {}", line.join(" | "));
            }
        }
        Err(e) => println!("      (EXPLAIN failed: {e})"),
    }
}

/// Runs `f` `n` times and prints each duration.
fn timed(label: &str, n: usize, mut f: impl FnMut() -> u64) {
    let mut times = Vec::new();
    let mut out = 0;
    for _ in 0..n {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
    }
    let list: Vec<String> = times.iter().map(|d| ms(*d)).collect();
    println!("    {label}: result {out}; {}", list.join(", "));
}

fn run(conn: &mut dyn Executor) {
    let d = conn.dialect().name();
    let name = format!("sw_in_timing_{}", std::process::id());
    let analyze = match d {
        "PostgreSQL" => "ANALYZE",
        "SQLite" => "ANALYZE",
        _ => "ANALYZE TABLE",
    };
    let with = if d == "PostgreSQL" {
        " WITH (autovacuum_enabled = false)"
    } else {
        ""
    };
    conn.execute_raw_batch(&format!("DROP TABLE IF EXISTS {name}"))
        .unwrap();
    let key = if std::env::var("SQLWEAVE_LARGE_IN_INDEX").is_ok_and(|v| v == "1") {
        " PRIMARY KEY"
    } else {
        ""
    };
    conn.execute_raw_batch(&format!(
        "CREATE TABLE {name} (a BIGINT{key}, b BIGINT){with}"
    ))
    .unwrap();
    let t = TableRef::new(name.clone());
    let rows = 40_000_i64;
    execute_insert(
        conn,
        &Insert::into(t.clone())
            .columns(["a", "b"])
            .rows((0..rows).map(|i| [i, 0]))
            .into_insert(),
    )
    .unwrap();
    let values = |n: i64| (0..n).map(|i| i * 2).collect::<Vec<i64>>();
    let count = |n: i64| {
        Select::new()
            .column(func::count_star())
            .from(t.clone())
            .filter(t.col("a").in_list(values(n)))
    };
    let update = Update::table(t.clone())
        .set_expr("b", t.col("b").add(1_i64))
        .filter(t.col("a").in_list(values(70_000)));
    let delete = Delete::from(t.clone()).filter(t.col("a").in_list(values(70_000)));
    let (q30, q70) = (count(30_000), count(70_000));
    let n = repeat();
    for phase in ["fresh, no statistics", "after ANALYZE"] {
        if phase == "after ANALYZE" {
            conn.execute_raw_batch(&format!("{analyze} {name}"))
                .unwrap();
        }
        println!("  {d}, {rows} rows, {phase}:");
        timed("SELECT IN 30,000 values", n, || {
            conn.fetch_all(&q30).unwrap().rows[0].get::<i64>(0).unwrap() as u64
        });
        if let Err(e) = q70.render_for(conn.dialect()) {
            println!("    SELECT IN 70,000 values: {e}");
            continue;
        }
        timed("SELECT IN 70,000 values", n, || {
            conn.fetch_all(&q70).unwrap().rows[0].get::<i64>(0).unwrap() as u64
        });
        timed("UPDATE IN 70,000 values (rolled back)", n, || {
            conn.begin().unwrap();
            let k = conn.execute(&update).unwrap();
            conn.rollback().unwrap();
            k
        });
        timed("DELETE IN 70,000 values (rolled back)", n, || {
            conn.begin().unwrap();
            let k = conn.execute(&delete).unwrap();
            conn.rollback().unwrap();
            k
        });
        explain(conn, &q30);
        explain(conn, &q70);
        explain(conn, &update);
        explain(conn, &delete);
    }
    conn.execute_raw_batch(&format!("DROP TABLE {name}"))
        .unwrap();
}

#[test]
fn long_in_list_timings() {
    if !enabled() {
        eprintln!("skipped: set SQLWEAVE_LARGE_IN_TIMING=1 to measure long IN lists");
        return;
    }
    let only = std::env::var("SQLWEAVE_LARGE_IN_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.eq_ignore_ascii_case(name);
    if wanted("SQLite") {
        run(&mut sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap());
    }
    if wanted("PostgreSQL")
        && let Some(mut pg) = pg_connect()
    {
        run(&mut pg);
    }
    if wanted("MariaDB")
        && let Some(mut my) = mysql_connect()
    {
        run(&mut my);
    }
}
