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
//! same seed replays the same statements. [`Harness::check`] runs any statement of your
//! own the same way (see `your_own_queries` below and the README).

mod common;
mod safety_support;

use safety_support::generate::{int_expr, pred, t, text_expr};
use safety_support::{DATA_ROWS, Dbs, Rng, data_set_sql, seed_from_env};
use sqlweave::{Expr, Select, SelectItem, Statement, TableRef, func};

/// Canonical rows, or the error text.
type Outcome = Result<Vec<Vec<String>>, String>;

/// The three databases holding the data set, and the comparison.
pub struct Harness {
    dbs: Dbs,
    /// Statements compared, per database name.
    pub compared: Vec<(String, usize)>,
}

impl Harness {
    /// Connects and loads `setup(dialect name)` on each database.
    pub fn new(setup: impl Fn(&str) -> String) -> Harness {
        let mut dbs = Dbs::new("sw_diff");
        for c in dbs.conns() {
            let sql = setup(c.dialect().name());
            c.execute_raw_batch(&sql)
                .unwrap_or_else(|e| panic!("{} set-up: {e}", c.dialect().name()));
        }
        Harness {
            dbs,
            compared: Vec::new(),
        }
    }

    /// Runs `stmt` everywhere; returns the canonical rows (the same on every database)
    /// or a description of the disagreement.
    pub fn check(&mut self, stmt: &dyn Statement) -> Result<Vec<Vec<String>>, String> {
        let mut results: Vec<(String, Outcome)> = Vec::new();
        for c in self.dbs.conns() {
            let name = c.dialect().name().to_string();
            let sql = stmt
                .render_for(c.dialect())
                .map(|r| r.sql)
                .unwrap_or_default();
            let got = c
                .fetch_all(stmt)
                .map(|r| common::canon_rows(&r))
                .map_err(|e| format!("{e}\n    SQL: {sql}"));
            match self.compared.iter_mut().find(|(n, _)| *n == name) {
                Some((_, n)) => *n += 1,
                None => self.compared.push((name.clone(), 1)),
            }
            results.push((name, got));
        }
        let (first_name, first) = &results[0];
        for (name, got) in &results[1..] {
            if got != first {
                return Err(format!(
                    "{first_name} and {name} disagree:\n  {first_name}: {first:?}\n  {name}: {got:?}"
                ));
            }
        }
        first
            .clone()
            .map_err(|e| format!("every database failed: {e}"))
    }
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
    let all = h.check(&query(&p, &ie, &te, None))?;
    if all.len() != DATA_ROWS {
        return Err(format!("{} rows without WHERE", all.len()));
    }
    let yes = h.check(&query(&p, &ie, &te, Some(p.clone())))?;
    let no = h.check(&query(&p, &ie, &te, Some(p.clone().not())))?;
    let unknown = h.check(&query(&p, &ie, &te, Some(p.clone().is_null())))?;
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
    let mut h = Harness::new(data_set_sql);
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
    for (db, count) in &h.compared {
        eprintln!("differential: {count} statements compared on {db} (seed {seed})");
        assert!(*count >= 500 || h.compared.len() == 1, "{db}: {count}");
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
    let mut h = Harness::new(data_set_sql);
    if let Err(e) = one_case(&mut h, &mut Rng::new(seed)) {
        panic!("case seed {seed}: {e}");
    }
}

/// How to run the harness on your own statements: build them with sqlweave, load your
/// own data (portable SQL or per dialect), and `check` each; it returns the rows the
/// three databases agree on.
#[test]
fn your_own_queries() {
    let mut h = Harness::new(|_| {
        "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, label VARCHAR(20));
         INSERT INTO items VALUES (1, 5, 'a'), (2, NULL, 'b'), (3, 0, NULL);"
            .to_string()
    });
    let items = TableRef::new("items");
    let q = Select::new()
        .column(items.col("id"))
        .column(func::coalesce([items.col("qty"), Expr::value(-1_i64)]).label("q"))
        .from(items.clone())
        .filter(items.col("qty").ne(5).or(items.col("label").is_null()))
        .order_by(items.col("id"));
    let rows = h.check(&q).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows, common::rows(&[&["3", "0"]]));
}
