//! The benchmark report: one table of medians, ratios and heap allocations.
//!
//! `cargo bench --bench report` (release build). Each pair is measured interleaved —
//! one sample of each side in turn — so drift on a busy machine hits both alike.
//! `SQLWEAVE_BENCH_SAMPLES` (default 61) and `SQLWEAVE_BENCH_SAMPLE_MS` (default 5)
//! set the number and length of samples. Nothing here asserts timings.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use common::{ReportParams, UpdateParams, WindowParams, event_rows, sq, sw};
use sea_query::PostgresQueryBuilder;
use sqlweave::Value;
use sqlweave_postgres::Postgres;

/// Counts every allocation and reallocation (a reallocation may move: it is a new block).
struct CountingAlloc;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
/// Counting is on only while `allocs` runs: the timed loops pay a plain load, not a
/// locked increment per allocation (which would penalize the side that allocates more).
static COUNTING: AtomicBool = AtomicBool::new(false);

fn count() {
    if COUNTING.load(Relaxed) {
        ALLOCS.fetch_add(1, Relaxed);
    }
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Heap allocations made by one call of `f` (its result dropped outside the count).
fn allocs<T>(mut f: impl FnMut() -> T) -> u64 {
    black_box(f()); // warm: first-call allocations (caches, lazy statics) are not counted
    let before = ALLOCS.load(Relaxed);
    COUNTING.store(true, Relaxed);
    let out = black_box(f());
    COUNTING.store(false, Relaxed);
    let n = ALLOCS.load(Relaxed) - before;
    drop(out);
    n
}

type Case<'a> = Box<dyn FnMut() + 'a>;

/// Medians (ns per call) of the cases, sampled round-robin.
fn measure(cases: &mut [Case<'_>], samples: usize, sample_time: Duration) -> Vec<f64> {
    // Calibrate: iterations per sample so that one sample lasts about `sample_time`.
    let iters: Vec<u64> = cases
        .iter_mut()
        .map(|f| {
            let mut n = 1u64;
            loop {
                let t = Instant::now();
                for _ in 0..n {
                    f();
                }
                let e = t.elapsed();
                if e >= sample_time / 4 {
                    let per = e.as_secs_f64() / n as f64;
                    break ((sample_time.as_secs_f64() / per) as u64).max(1);
                }
                n *= 2;
            }
        })
        .collect();
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); cases.len()];
    for _ in 0..samples {
        for (i, f) in cases.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..iters[i] {
                f();
            }
            times[i].push(t.elapsed().as_secs_f64() * 1e9 / iters[i] as f64);
        }
    }
    times
        .into_iter()
        .map(|mut v| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        })
        .collect()
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 10_000.0 {
        format!("{:.1} µs", ns / 1000.0)
    } else if ns >= 1000.0 {
        format!("{:.2} µs", ns / 1000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter-only run of another bench passes its name.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        profile(args.get(i + 1).map_or("", String::as_str));
        return;
    }
    if let Some(filter) = args.iter().find(|a| !a.starts_with('-'))
        && !"report".contains(filter.as_str())
    {
        return;
    }
    let samples = env_or("SQLWEAVE_BENCH_SAMPLES", 61) as usize;
    let sample_time = Duration::from_millis(env_or("SQLWEAVE_BENCH_SAMPLE_MS", 5));

    let report = ReportParams::new();
    let rows = event_rows();
    let window = WindowParams::new();
    let update = UpdateParams::new();
    let id = common::USER_ID;

    // Build + render from scratch, both sides, and the hand-written floor.
    let sql: Vec<String> = [
        sw::b1(id).render(&Postgres),
        sw::b2(&report).render(&Postgres),
        sw::b3(&rows).render(&Postgres),
        sw::b4(&window).render(&Postgres),
        sw::b5(&update).render(&Postgres),
    ]
    .into_iter()
    .map(|r| r.unwrap().sql)
    .collect();
    let mut triples: Vec<(&str, [Case<'_>; 3])> = vec![
        (
            "B1 point lookup",
            [
                Box::new(|| {
                    black_box(sw::b1(black_box(id)).render(&Postgres).unwrap());
                }),
                Box::new(|| {
                    black_box(sq::b1(black_box(id)).build(PostgresQueryBuilder));
                }),
                Box::new(|| {
                    black_box(common::floor(&sql[0], common::floor_b1(black_box(id)), 1));
                }),
            ],
        ),
        (
            "B2 reporting query",
            [
                Box::new(|| {
                    black_box(sw::b2(black_box(&report)).render(&Postgres).unwrap());
                }),
                Box::new(|| {
                    black_box(sq::b2(black_box(&report)).build(PostgresQueryBuilder));
                }),
                Box::new(|| {
                    black_box(common::l2(black_box(&report)));
                }),
            ],
        ),
        (
            "B3 INSERT 100×6 RETURNING",
            [
                Box::new(|| {
                    black_box(sw::b3(black_box(&rows)).render(&Postgres).unwrap());
                }),
                Box::new(|| {
                    black_box(sq::b3(black_box(&rows)).build(PostgresQueryBuilder));
                }),
                Box::new(|| {
                    black_box(common::floor(
                        &sql[2],
                        common::floor_b3(black_box(&rows)),
                        600,
                    ));
                }),
            ],
        ),
        (
            "B4 CTE + window + subqueries",
            [
                Box::new(|| {
                    black_box(sw::b4(black_box(&window)).render(&Postgres).unwrap());
                }),
                Box::new(|| {
                    black_box(sq::b4(black_box(&window)).build(PostgresQueryBuilder));
                }),
                Box::new(|| {
                    black_box(common::floor(
                        &sql[3],
                        common::floor_b4(black_box(&window)),
                        2,
                    ));
                }),
            ],
        ),
        (
            "B5 UPDATE 4 SET 3 WHERE",
            [
                Box::new(|| {
                    black_box(sw::b5(black_box(&update)).render(&Postgres).unwrap());
                }),
                Box::new(|| {
                    black_box(sq::b5(black_box(&update)).build(PostgresQueryBuilder));
                }),
                Box::new(|| {
                    black_box(common::floor(
                        &sql[4],
                        common::floor_b5(black_box(&update)),
                        6,
                    ));
                }),
            ],
        ),
    ];

    println!(
        "sqlweave vs sea-query {} — build + render from scratch, PostgreSQL placeholders",
        sea_query_version()
    );
    println!(
        "median of {samples} samples of ~{} ms each, interleaved; allocs = heap allocations + reallocations per call",
        sample_time.as_millis()
    );
    println!(
        "floor = the exact SQL copied from a static string + owned parameter values (L2 for B2): no library returning owned SQL and values can beat it\n"
    );
    println!(
        "| case | sqlweave | sea-query | floor | sqlweave / sea-query | speed-up | best possible speed-up (sea-query / floor) | allocs sqlweave / sea-query / floor |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut speedups = Vec::new();
    let mut b2_l2 = (0.0, 0.0, 0);
    for (name, cases) in triples.iter_mut() {
        let al: Vec<u64> = cases.iter_mut().map(allocs).collect();
        let m = measure(cases, samples, sample_time);
        speedups.push((*name, m[1] / m[0], m[1] / m[2]));
        if name.starts_with("B2") {
            b2_l2 = (m[0], m[2], al[2]);
        }
        println!(
            "| {name} | {} | {} | {} | {:.3} | {:.1}× | {:.1}× | {} / {} / {} |",
            fmt_ns(m[0]),
            fmt_ns(m[1]),
            fmt_ns(m[2]),
            m[0] / m[1],
            m[1] / m[0],
            m[1] / m[2],
            al[0],
            al[1],
            al[2]
        );
    }
    drop(triples);

    // B3 again, rendered with `Insert::into_rendered`: the values move into the
    // parameters instead of being copied (what a statement built only to be sent can do).
    let mut b3_owned: Vec<Case<'_>> = vec![
        Box::new(|| {
            black_box(sw::b3(black_box(&rows)).into_rendered(&Postgres).unwrap());
        }),
        Box::new(|| {
            black_box(sq::b3(black_box(&rows)).build(PostgresQueryBuilder));
        }),
    ];
    let owned_allocs: Vec<u64> = b3_owned.iter_mut().map(allocs).collect();
    let mo = measure(&mut b3_owned, samples, sample_time);
    drop(b3_owned);
    println!(
        "\nB3 with Insert::into_rendered (values moved, not copied): sqlweave {} vs sea-query {}: {:.1}× ({} / {} allocations)",
        fmt_ns(mo[0]),
        fmt_ns(mo[1]),
        mo[1] / mo[0],
        owned_allocs[0],
        owned_allocs[1]
    );

    // Rendering only, trees built beforehand: where the time goes.
    let trees = (
        sw::b1(id),
        sw::b2(&report),
        sw::b3(&rows),
        sw::b4(&window),
        sw::b5(&update),
    );
    let sea = (
        sq::b1(id),
        sq::b2(&report),
        sq::b3(&rows),
        sq::b4(&window),
        sq::b5(&update),
    );
    let mut render_only: Vec<Case<'_>> = vec![
        Box::new(|| {
            black_box(trees.0.render(&Postgres).unwrap());
        }),
        Box::new(|| {
            black_box(sea.0.build(PostgresQueryBuilder));
        }),
        Box::new(|| {
            black_box(trees.1.render(&Postgres).unwrap());
        }),
        Box::new(|| {
            black_box(sea.1.build(PostgresQueryBuilder));
        }),
        Box::new(|| {
            black_box(trees.2.render(&Postgres).unwrap());
        }),
        Box::new(|| {
            black_box(sea.2.build(PostgresQueryBuilder));
        }),
        Box::new(|| {
            black_box(trees.3.render(&Postgres).unwrap());
        }),
        Box::new(|| {
            black_box(sea.3.build(PostgresQueryBuilder));
        }),
        Box::new(|| {
            black_box(trees.4.render(&Postgres).unwrap());
        }),
        Box::new(|| {
            black_box(sea.4.build(PostgresQueryBuilder));
        }),
    ];
    let render_allocs: Vec<u64> = render_only.iter_mut().map(allocs).collect();
    let m = measure(&mut render_only, samples, sample_time);
    drop(render_only);
    let b2_render = m[2];
    println!("\nRendering only (statement built beforehand):\n");
    println!(
        "| case | sqlweave | sea-query | sqlweave / sea-query | allocs sqlweave | allocs sea-query |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (i, name) in ["B1", "B2", "B3", "B4", "B5"].iter().enumerate() {
        println!(
            "| {name} | {} | {} | {:.3} | {} | {} |",
            fmt_ns(m[2 * i]),
            fmt_ns(m[2 * i + 1]),
            m[2 * i] / m[2 * i + 1],
            render_allocs[2 * i],
            render_allocs[2 * i + 1]
        );
    }

    // The floor of B2 is L2, measured with B2 above.
    let (b2_ns, l2_ns, l2_allocs) = b2_l2;
    let mf = [b2_ns, l2_ns];

    // B2's rendering allocations beyond the parameter values (each text value is one).
    let b2 = sw::b2(&report);
    let r = b2.render(&Postgres).unwrap();
    assert_eq!(r.sql, common::l2(&report).0, "L2 must be B2's exact SQL");
    let text_values = r
        .params
        .iter()
        .filter(|v| matches!(v, Value::Text(s) if !s.is_empty()))
        .count() as u64;
    let b2_render_allocs = allocs(|| b2.render(&Postgres).unwrap());

    // Execution on SQLite: raw rusqlite vs sqlweave.
    let raw = rusqlite::Connection::open_in_memory().expect("sqlite");
    raw.execute_batch(&common::seed_sql()).expect("seed");
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().expect("sqlite");
    conn.as_rusqlite()
        .execute_batch(&common::seed_sql())
        .expect("seed");
    let (mut i1, mut i2) = (0, 0);
    let mut exec: Vec<Case<'_>> = vec![
        Box::new(|| {
            i1 = i1 % 1000 + 1;
            black_box(common::e1(&raw, black_box(i1)).unwrap());
        }),
        Box::new(|| {
            i2 = i2 % 1000 + 1;
            black_box(common::e2(&mut conn, black_box(i2)).unwrap());
        }),
    ];
    let e_allocs: Vec<u64> = exec.iter_mut().map(allocs).collect();
    let me = measure(&mut exec, samples, sample_time);
    drop(exec);

    println!("\nFloors:\n");
    println!("| case | median | allocs | ratio | target |");
    println!("|---|---:|---:|---:|---|");
    println!("| B2 sqlweave (build + render) | {} | | | |", fmt_ns(mf[0]));
    println!(
        "| L2 hand-written B2 | {} | {l2_allocs} | B2 / L2 = {:.2} | ≤ 3 |",
        fmt_ns(mf[1]),
        mf[0] / mf[1]
    );
    println!(
        "| B2 sqlweave render only (tree built beforehand) | {} | {b2_render_allocs} | render / L2 = {:.2} | |",
        fmt_ns(b2_render),
        b2_render / mf[1]
    );
    println!(
        "| E1 rusqlite prepare_cached + query_row | {} | {} | | |",
        fmt_ns(me[0]),
        e_allocs[0]
    );
    println!(
        "| E2 sqlweave build + render + fetch_optional | {} | {} | E2 / E1 = {:.3} | ≤ 1.2 |",
        fmt_ns(me[1]),
        e_allocs[1],
        me[1] / me[0]
    );
    println!(
        "\nB2 render (tree built beforehand): {b2_render_allocs} allocations = {text_values} text parameter values + {} others (target ≤ 3)",
        b2_render_allocs - text_values
    );

    println!("\nTargets:");
    for (name, s, best) in &speedups {
        println!(
            "  {name}: sqlweave {s:.1}× faster than sea-query (target ≥ 4×): {} (the floor is {best:.1}× faster)",
            verdict(*s >= 4.0)
        );
    }
    println!(
        "  B2 / L2 = {:.2} (target ≤ 3): {}",
        mf[0] / mf[1],
        verdict(mf[0] / mf[1] <= 3.0)
    );
    println!(
        "  E2 / E1 = {:.3} (target ≤ 1.2): {}",
        me[1] / me[0],
        verdict(me[1] / me[0] <= 1.2)
    );
    println!(
        "  B2 render allocations beyond parameter values = {} (target ≤ 3): {}",
        b2_render_allocs - text_values,
        verdict(b2_render_allocs - text_values <= 3)
    );
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

/// The sea-query version the lock file holds.
fn sea_query_version() -> &'static str {
    let lock = include_str!("../Cargo.lock");
    lock.split("[[package]]")
        .find(|p| p.contains("name = \"sea-query\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or("1.x")
}

/// `--profile CASE`: runs one case 2,000 times (B3: 200) and nothing else, for a
/// profiler: `valgrind --tool=callgrind --toggle-collect='*profile_loop*' <report binary>
/// --profile b2` counts the instructions of the loop alone.
fn profile(case: &str) {
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().expect("sqlite");
    let raw = rusqlite::Connection::open_in_memory().expect("sqlite");
    if case.starts_with('e') {
        conn.as_rusqlite()
            .execute_batch(&common::seed_sql())
            .expect("seed");
        raw.execute_batch(&common::seed_sql()).expect("seed");
    }
    let n = if case.starts_with("b3") { 200 } else { 2_000 };
    let report = ReportParams::new();
    let window = WindowParams::new();
    let update = UpdateParams::new();
    let rows = event_rows();
    let inputs = ProfileInputs {
        b2: sw::b2(&report),
        fsql: [
            sw::b1(1).render(&Postgres).expect("b1").sql,
            sw::b4(&window).render(&Postgres).expect("b4").sql,
            sw::b5(&update).render(&Postgres).expect("b5").sql,
            sw::b3(&rows).render(&Postgres).expect("b3").sql,
        ],
        report,
        window,
        update,
        rows,
    };
    profile_loop(case, n, &inputs, &mut conn, &raw);
}

/// Everything a profiled case reads, made (and dropped) outside the profiled function.
struct ProfileInputs {
    report: ReportParams,
    window: WindowParams,
    update: UpdateParams,
    rows: Vec<common::EventRow>,
    /// B2 built beforehand (`b2-render`).
    b2: sqlweave::Select,
    /// The floors' SQL: B1, B4, B5, B3.
    fsql: [String; 4],
}

#[inline(never)]
fn profile_loop(
    case: &str,
    n: i64,
    inputs: &ProfileInputs,
    conn: &mut sqlweave_sqlite::SqliteConnection,
    raw: &rusqlite::Connection,
) {
    let ProfileInputs {
        report,
        window,
        update,
        rows,
        b2,
        fsql,
    } = inputs;
    for i in 0..n {
        let id = i % 1000 + 1;
        match case {
            "b1" => drop(black_box(sw::b1(black_box(id)).render(&Postgres))),
            "b1-sea" => drop(black_box(sq::b1(black_box(id)).build(PostgresQueryBuilder))),
            "b2" => drop(black_box(sw::b2(black_box(report)).render(&Postgres))),
            "b2-render" => drop(black_box(b2.render(&Postgres))),
            "b2-sea" => drop(black_box(
                sq::b2(black_box(report)).build(PostgresQueryBuilder),
            )),
            "b3" => drop(black_box(sw::b3(black_box(rows)).render(&Postgres))),
            "b3-owned" => drop(black_box(sw::b3(black_box(rows)).into_rendered(&Postgres))),
            "b3-sea" => drop(black_box(
                sq::b3(black_box(rows)).build(PostgresQueryBuilder),
            )),
            "b4" => drop(black_box(sw::b4(black_box(window)).render(&Postgres))),
            "b4-sea" => drop(black_box(
                sq::b4(black_box(window)).build(PostgresQueryBuilder),
            )),
            "b5" => drop(black_box(sw::b5(black_box(update)).render(&Postgres))),
            "b5-sea" => drop(black_box(
                sq::b5(black_box(update)).build(PostgresQueryBuilder),
            )),
            "l2" => drop(black_box(common::l2(black_box(report)))),
            "f1" => drop(black_box(common::floor(
                &fsql[0],
                common::floor_b1(black_box(id)),
                1,
            ))),
            "f3" => drop(black_box(common::floor(
                &fsql[3],
                common::floor_b3(black_box(rows)),
                600,
            ))),
            "f4" => drop(black_box(common::floor(
                &fsql[1],
                common::floor_b4(black_box(window)),
                2,
            ))),
            "f5" => drop(black_box(common::floor(
                &fsql[2],
                common::floor_b5(black_box(update)),
                6,
            ))),
            "e1" => drop(black_box(common::e1(raw, black_box(id)))),
            "e2" => drop(black_box(common::e2(conn, black_box(id)))),
            other => {
                eprintln!(
                    "unknown case {other:?}: b1..b5, b1-sea..b5-sea, b2-render, b3-owned, l2, f1, f3, f4, f5, e1, e2"
                );
                return;
            }
        }
    }
}
