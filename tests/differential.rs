//! Differential testing: random typed expressions and predicates, with NULLs, over a
//! fixed data set, rendered for each dialect and run on SQLite, PostgreSQL and MariaDB.
//!
//! For each random predicate `p` (and random integer and text expressions `ie`, `te`):
//!
//! * `SELECT id, p, ie, te FROM t [WHERE w] ORDER BY id` for `w` in none, `p`, `NOT p`
//!   and `p IS NULL` returns the same rows on every database (the portable subset:
//!   integer and float arithmetic without division, `=` / `<>` / `LIKE` on text with a
//!   binary collation, NULL handling, IN, BETWEEN, EXISTS, CASE, COALESCE …);
//! * ternary logic partitions the table: the rows for `p`, `NOT p` and `p IS NULL` are
//!   disjoint and together exactly all rows, and agree with the value of `p` itself.
//!
//! `SQLWEAVE_DIFF_QUERIES` sets the number of predicates (default 600), and
//! `SQLWEAVE_DIFF_SEED` the seed; a failure prints the seed and the statement, and the
//! same seed replays the same statements. The comparison is the published one,
//! [`sqlweave_harness::Harness`] (its own tests, and how to run it on your statements,
//! are in `harness/`).

mod common;
mod safety_support;

use safety_support::generate::{int_expr, pred, t, text_expr};
use safety_support::{DATA_ROWS, Rng, data_set_sql, seed_from_env};
use sqlweave::{Expr, Select, SelectItem};
use sqlweave_harness::{Config, Harness};

/// The harness on the data set, in spaces named `sw_diff_…`.
fn harness() -> Harness {
    Harness::with_config(&Config::from_env().prefix("sw_diff"), data_set_sql)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn query(p: &Expr, ie: &Expr, te: &Expr, w: Option<Expr>) -> Select {
    let mut q = Select::new()
        .column(t().col("id"))
        .column(SelectItem::Expr {
            expr: p.clone(),
            alias: Some("p".into()),
        })
        .column(ie.clone().label("ie"))
        .column(te.clone().label("te"))
        .from(t())
        .order_by(t().col("id"));
    if let Some(w) = w {
        q.where_ = Some(w);
    }
    q
}

fn ids(rows: &[Vec<String>]) -> Vec<String> {
    rows.iter().map(|r| r[0].clone()).collect()
}

/// One random case: Err describes the failure.
fn one_case(h: &mut Harness, r: &mut Rng) -> Result<(), String> {
    let p = pred(r, 3);
    let ie = int_expr(r, 2);
    let te = text_expr(r, 2);
    let mut check = |w: Option<Expr>| h.check(&query(&p, &ie, &te, w)).map_err(|d| d.to_string());
    let all = check(None)?;
    if all.len() != DATA_ROWS {
        return Err(format!("{} rows without WHERE", all.len()));
    }
    let yes = check(Some(p.clone()))?;
    let no = check(Some(p.clone().not()))?;
    let unknown = check(Some(p.clone().is_null()))?;
    let mut union: Vec<String> = [ids(&yes), ids(&no), ids(&unknown)].concat();
    union.sort_by_key(|s| s.parse::<i64>().unwrap_or(0));
    if union != ids(&all) {
        return Err(format!(
            "p / NOT p / p IS NULL do not partition the rows: {:?} / {:?} / {:?}",
            ids(&yes),
            ids(&no),
            ids(&unknown)
        ));
    }
    // The value of p agrees with the WHERE clauses.
    for row in &all {
        let id = &row[0];
        let expected = match row[1].as_str() {
            "1" => &yes,
            "0" => &no,
            "NULL" => &unknown,
            other => return Err(format!("p is {other:?} on row {id}")),
        };
        if !expected.iter().any(|r| &r[0] == id) {
            return Err(format!("p = {} on row {id}, but WHERE disagrees", row[1]));
        }
    }
    Ok(())
}

#[test]
fn random_queries_agree_on_every_database_and_partition_by_ternary_logic() {
    let seed = seed_from_env("SQLWEAVE_DIFF_SEED");
    let n: usize = std::env::var("SQLWEAVE_DIFF_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let mut h = harness();
    let mut r = Rng::new(seed);
    for i in 0..n {
        // Each case gets its own seed, so one failing case replays alone.
        let case_seed = r.next_u64();
        let mut cr = Rng::new(case_seed);
        if let Err(e) = one_case(&mut h, &mut cr) {
            let p = pred(&mut Rng::new(case_seed), 3);
            let shown = sqlweave::render::render_expr(&sqlweave_sqlite::Sqlite, &p)
                .map(|r| r.sql)
                .unwrap_or_default();
            panic!(
                "differential case {i} failed (replay: SQLWEAVE_DIFF_SEED={seed}; this case alone: SQLWEAVE_DIFF_CASE_SEED={case_seed}):\n  p = {shown}\n  {e}"
            );
        }
    }
    // Four statements per case; report the counts (visible with --nocapture).
    for (db, count) in h.compared() {
        eprintln!("differential: {count} statements compared on {db} (seed {seed})");
        assert!(*count >= 500 || h.compared().len() == 1, "{db}: {count}");
    }
}

/// Replays one case by its own seed (printed by a failure).
#[test]
fn replay_one_case() {
    let Some(seed) = std::env::var("SQLWEAVE_DIFF_CASE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
    else {
        return;
    };
    let mut h = harness();
    if let Err(e) = one_case(&mut h, &mut Rng::new(seed)) {
        panic!("case seed {seed}: {e}");
    }
}
