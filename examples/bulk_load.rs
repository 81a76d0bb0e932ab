//! Loads a large table into each database with `bulk_load` (a progress line as it goes,
//! then the rows per second), and streams it back, printing the process's peak memory
//! (VmHWM, Linux) before and after each streamed read — it stays flat however many
//! rows stream — and then after one `fetch_all` of the same rows, for contrast.
//!
//! ```text
//! cargo run --release --example bulk_load -- [rows]     # default 1,000,000
//! ```
//!
//! Runs on in-memory SQLite, and on PostgreSQL and MariaDB when they answer (the
//! `SQLWEAVE_*_URL` settings of the test harness), each in a space of its own that is
//! dropped at the end.

use std::io::Write;
use std::ops::ControlFlow;
use std::time::Instant;

use sqlweave::{Executor, Expr, Select, TableRef, Value, bulk_load, table};
use sqlweave_harness::{Config, Spaces};

const COLUMNS: [&str; 6] = ["id", "qty", "price", "name", "code", "flag"];

fn row(i: i64) -> [Value; 6] {
    [
        Value::I64(i),
        Value::I64(i % 1000),
        Value::F64(i as f64 * 0.25),
        Value::Text(format!("name {i}")),
        Value::Text("constant code".into()),
        Value::I64(i & 1),
    ]
}

/// The peak resident set size so far, in MiB (0 where /proc is not there).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn stream(conn: &mut dyn Executor, limit: i64) -> sqlweave::Result<i64> {
    let q = Select::new()
        .columns(COLUMNS.map(Expr::column))
        .from(table("bulk"))
        .filter(Expr::column("id").lt(Expr::value(limit)));
    let mut sum = 0;
    conn.for_each_row(&q, &mut |r| {
        sum += r.get::<i64>(1)?;
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(sum)
}

fn run(conn: &mut dyn Executor, rows: i64) -> sqlweave::Result<()> {
    let db = conn.dialect().name();
    let start = Instant::now();
    let loaded = bulk_load(
        conn,
        &TableRef::new("bulk"),
        &COLUMNS,
        (0..rows).map(row),
        |done| {
            print!("\r{db}: {done} / {rows} rows");
            let _ = std::io::stdout().flush();
        },
    )?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "\r{db}: loaded {loaded} rows × 6 columns in {secs:.2} s: {:.0} rows/s",
        loaded as f64 / secs
    );
    for limit in [100_000, rows] {
        let before = peak_mib();
        stream(conn, limit)?;
        println!(
            "{db}: streamed {} rows: peak memory {before:.1} MiB before, {:.1} MiB after",
            limit.min(rows),
            peak_mib()
        );
    }
    let before = peak_mib();
    let all = conn.fetch_all(
        &Select::new()
            .columns(COLUMNS.map(Expr::column))
            .from(table("bulk"))
            .filter(Expr::column("id").lt(Expr::value(100_000_i64))),
    )?;
    println!(
        "{db}: fetch_all of {} rows for contrast: peak {before:.1} MiB before, {:.1} MiB after",
        all.len(),
        peak_mib()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: i64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let mut spaces = Spaces::open(
        &Config::from_env()
            .prefix("sw_bulk_example")
            .require_all(false),
    )?;
    spaces.load(|db| {
        let (int, text, double) = match db {
            "SQLite" => ("INTEGER", "TEXT", "REAL"),
            "PostgreSQL" => ("BIGINT", "TEXT", "DOUBLE PRECISION"),
            _ => ("BIGINT", "VARCHAR(40)", "DOUBLE"),
        };
        format!(
            "CREATE TABLE bulk (id {int} PRIMARY KEY, qty {int}, price {double}, name {text}, \
             code {text}, flag {int})"
        )
    })?;
    for conn in spaces.conns() {
        run(conn, rows)?;
    }
    Ok(())
}
