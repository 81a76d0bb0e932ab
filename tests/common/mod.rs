//! Shared test harness: golden SQL per dialect, and execution on the three databases
//! against the shop fixture (customers / products / orders / order_items).
#![allow(dead_code)]

pub mod fixture;
pub mod scratch;
pub mod shop;

use sqlweave::{Dialect, Executor, Statement, Value};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

#[allow(unused_imports)]
pub use fixture::Env;

/// What a dialect should produce for a statement.
#[derive(Debug)]
pub enum Expect {
    /// This SQL with these parameters.
    Sql(&'static str, Vec<Value>),
    /// An Unsupported (or other) error whose message contains this text.
    Error(&'static str),
}

/// Expected SQL and parameters.
pub fn ok(sql: &'static str, params: Vec<Value>) -> Expect {
    Expect::Sql(sql, params)
}

/// An expected error whose message contains `needle`.
pub fn err(needle: &'static str) -> Expect {
    Expect::Error(needle)
}

/// Parameters from a list of Rust values: `p![1_i64, "x"]`.
#[macro_export]
macro_rules! p {
    ($($v:expr),* $(,)?) => { vec![$(sqlweave::Value::from($v)),*] };
}

/// Golden check: one readable block per case showing, side by side, the SQL and the
/// parameters for every dialect. `mysql` is the MySQL 8 form; `mariadb` defaults to it.
#[macro_export]
macro_rules! golden {
    ($q:expr, sqlite: $s:expr, postgres: $pg:expr, mysql: $my:expr $(,)?) => {
        $crate::common::check_golden(&$q, $s, $pg, $my, None)
    };
    ($q:expr, sqlite: $s:expr, postgres: $pg:expr, mysql: $my:expr, mariadb: $ma:expr $(,)?) => {
        $crate::common::check_golden(&$q, $s, $pg, $my, Some($ma))
    };
}

pub fn check_golden(
    q: &dyn Statement,
    sqlite: Expect,
    pg: Expect,
    mysql: Expect,
    mariadb: Option<Expect>,
) {
    check_one(q, &Sqlite, &sqlite);
    check_one(q, &Postgres, &pg);
    check_one(q, &MySql::mysql8(), &mysql);
    check_one(q, &MySql::mariadb(), mariadb.as_ref().unwrap_or(&mysql));
}

pub fn check_one(q: &dyn Statement, d: &dyn Dialect, expect: &Expect) {
    let got = q.render_for(d);
    match (expect, got) {
        (Expect::Sql(sql, params), Ok(r)) => {
            assert_eq!(r.sql, *sql, "SQL for {}", d.name());
            assert_eq!(&r.params, params, "parameters for {}", d.name());
            assert_eq!(
                placeholder_count(&r.sql, d),
                r.params.len(),
                "placeholders vs parameters for {}: {}",
                d.name(),
                r.sql
            );
        }
        (Expect::Error(needle), Err(e)) => {
            let msg = e.to_string();
            assert!(
                msg.contains(needle),
                "error for {} should mention {needle:?}, got {msg:?}",
                d.name()
            );
        }
        (Expect::Sql(..), Err(e)) => panic!("{} failed to render: {e}", d.name()),
        (Expect::Error(needle), Ok(r)) => panic!(
            "{} should fail with {needle:?}, rendered {:?}",
            d.name(),
            r.sql
        ),
    }
}

/// Counts placeholders outside quoted strings and identifiers (`?`, or distinct `$n`).
pub fn placeholder_count(sql: &str, d: &dyn Dialect) -> usize {
    let q = d.quote_char();
    let mut in_str = false;
    let mut in_ident = false;
    let mut count = 0;
    let mut max_n = 0;
    let b: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == '\'' {
                in_str = false;
            }
        } else if in_ident {
            if c == q {
                in_ident = false;
            }
        } else if c == '\'' {
            in_str = true;
        } else if c == q {
            in_ident = true;
        } else if c == '?' {
            count += 1;
        } else if c == '$' {
            let mut j = i + 1;
            let mut n = 0usize;
            while j < b.len() && b[j].is_ascii_digit() {
                n = n * 10 + b[j] as usize - '0' as usize;
                j += 1;
            }
            max_n = max_n.max(n);
            i = j;
            continue;
        }
        i += 1;
    }
    if d.numbered_placeholders() {
        max_n
    } else {
        count
    }
}

/// Rows as canonical text, as the differential harness compares them (see
/// [`sqlweave_harness::canon`]).
pub use sqlweave_harness::canon_rows;

/// Expected rows from string slices.
pub fn rows(expected: &[&[&str]]) -> Vec<Vec<String>> {
    expected
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// Runs `q` on `conn` and returns canonical rows, panicking with the SQL on failure.
pub fn run(conn: &mut dyn Executor, q: &dyn Statement) -> Vec<Vec<String>> {
    match conn.fetch_all(q) {
        Ok(r) => canon_rows(&r),
        Err(e) => panic!("{} failed: {e}", conn.dialect().name()),
    }
}
