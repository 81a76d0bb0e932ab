//! Criterion benches: sqlweave and sea-query each building and rendering the same
//! statements from scratch (B1–B5, PostgreSQL placeholders), the hand-written floor L2,
//! and B1 executed on in-memory SQLite raw (E1) and through sqlweave (E2).
//!
//! `cargo bench --bench render`; `cargo bench --bench report` prints the summary table.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::{ReportParams, UpdateParams, WindowParams, event_rows, sq, sw};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_query::PostgresQueryBuilder;
use sqlweave_postgres::Postgres;

fn render(c: &mut Criterion) {
    let report = ReportParams::new();
    let rows = event_rows();
    let window = WindowParams::new();
    let update = UpdateParams::new();

    let mut g = c.benchmark_group("B1 point lookup");
    g.bench_function("sqlweave", |b| {
        b.iter(|| sw::b1(black_box(common::USER_ID)).render(&Postgres))
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| sq::b1(black_box(common::USER_ID)).build(PostgresQueryBuilder))
    });
    g.finish();

    let mut g = c.benchmark_group("B2 reporting query");
    g.bench_function("sqlweave", |b| {
        b.iter(|| sw::b2(black_box(&report)).render(&Postgres))
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| sq::b2(black_box(&report)).build(PostgresQueryBuilder))
    });
    g.bench_function("L2 hand-written", |b| {
        b.iter(|| common::l2(black_box(&report)))
    });
    g.finish();

    let mut g = c.benchmark_group("B3 insert 100x6");
    g.bench_function("sqlweave", |b| {
        b.iter(|| sw::b3(black_box(&rows)).render(&Postgres))
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| sq::b3(black_box(&rows)).build(PostgresQueryBuilder))
    });
    g.finish();

    let mut g = c.benchmark_group("B4 cte window subqueries");
    g.bench_function("sqlweave", |b| {
        b.iter(|| sw::b4(black_box(&window)).render(&Postgres))
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| sq::b4(black_box(&window)).build(PostgresQueryBuilder))
    });
    g.finish();

    let mut g = c.benchmark_group("B5 update");
    g.bench_function("sqlweave", |b| {
        b.iter(|| sw::b5(black_box(&update)).render(&Postgres))
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| sq::b5(black_box(&update)).build(PostgresQueryBuilder))
    });
    g.finish();
}

fn execute(c: &mut Criterion) {
    let raw = rusqlite::Connection::open_in_memory().expect("sqlite");
    raw.execute_batch(&common::seed_sql()).expect("seed");
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().expect("sqlite");
    conn.as_rusqlite()
        .execute_batch(&common::seed_sql())
        .expect("seed");

    let mut g = c.benchmark_group("E point lookup on SQLite");
    let mut id = 0;
    g.bench_function("E1 rusqlite", |b| {
        b.iter(|| {
            id = id % 1000 + 1;
            common::e1(&raw, black_box(id)).expect("E1")
        })
    });
    let mut id = 0;
    g.bench_function("E2 sqlweave", |b| {
        b.iter(|| {
            id = id % 1000 + 1;
            common::e2(&mut conn, black_box(id)).expect("E2")
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = render, execute
}
criterion_main!(benches);
