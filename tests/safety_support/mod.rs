//! Support for the safety tests (prop_*.rs, differential.rs, hostile_slots.rs): a seeded
//! random generator, case counts from the environment, and one connection
//! per database holding a small data set with NULLs.
#![allow(dead_code)]

pub mod generate;

use sqlweave::Value;
use sqlweave_harness::{Config, Spaces};

use crate::common::fixture::open_spaces_with;

/// Cases per property: `SQLWEAVE_PROPTEST_CASES`, or `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("SQLWEAVE_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Cases per property that runs statements on a server: `SQLWEAVE_PROPTEST_DB_CASES`,
/// else `SQLWEAVE_PROPTEST_CASES`, else `default`.
pub fn db_cases(default: u32) -> u32 {
    std::env::var("SQLWEAVE_PROPTEST_DB_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| cases(default))
}

/// proptest's configuration with `cases` cases and no failure files (a failure prints
/// the minimal input and the seed; `PROPTEST_RNG_SEED` replays it).
pub fn config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// SplitMix64: small, seedable, and the same everywhere.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A seed from `var`, or from the clock (printed by the caller on failure).
pub fn seed_from_env(var: &str) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(42)
        })
}

/// One connection per reachable database, each in a space of its own named `{prefix}_…`
/// (MariaDB: `utf8mb4_bin`, as the harness makes them), dropped with the `Spaces`.
pub fn open_dbs(prefix: &str) -> Spaces {
    open_spaces_with(Config::from_env().prefix(prefix), |_| String::new())
}

/// The data set of the differential tests: table `t` with integers, floats and text,
/// NULLs in every nullable column.
pub const DATA_ROWS: usize = 12;

pub fn data_set_sql(dialect: &str) -> String {
    // m: exact decimals; dt / ts: dates and timestamps (TEXT on SQLite, in the form its
    // driver binds: `%Y-%m-%d %H:%M:%S%.f`, fractions of 3, 6 or 9 digits).
    let (int, float, text, dec, date, ts, tail) = match dialect {
        "SQLite" => ("INTEGER", "REAL", "TEXT", "NUMERIC", "TEXT", "TEXT", ""),
        "PostgreSQL" => (
            "BIGINT",
            "DOUBLE PRECISION",
            "TEXT",
            "NUMERIC(12, 2)",
            "DATE",
            "TIMESTAMP",
            "",
        ),
        _ => (
            "BIGINT",
            "DOUBLE",
            "VARCHAR(40)",
            "DECIMAL(12, 2)",
            "DATE",
            "DATETIME(6)",
            " DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin",
        ),
    };
    format!(
        "CREATE TABLE t (id {int} PRIMARY KEY, i {int}, j {int}, x {float}, s {text}, m {dec}, dt {date}, ts {ts}){tail};
INSERT INTO t (id, i, j, x, s, m, dt, ts) VALUES
 (1, 0, 1, 0.5, 'a', 0.1, '2024-01-15', '2024-01-15 10:30:00'),
 (2, 1, NULL, -1.25, 'ab', 2.5, '2024-01-16', '2024-01-15 10:30:00.500'),
 (3, NULL, 2, NULL, 'abc', NULL, NULL, NULL),
 (4, -3, -3, 2.0, NULL, -3, '2023-12-31', '2023-12-31 23:59:59'),
 (5, 7, 0, 10.5, 'b%c', 100.25, '1999-07-04', '2024-01-15 10:30:00.123456'),
 (6, NULL, NULL, NULL, NULL, 0, '2024-02-29', '2024-01-15 00:00:00'),
 (7, 2, 5, -0.75, 'x_y', -0.05, '2024-01-15', '2024-01-15 10:30:00.500'),
 (8, 5, 2, 3.0, '', 7, '2024-03-01', '2024-01-15 10:29:59.999'),
 (9, -1, 4, 1.0, 'it''s', 1000000.01, '2000-01-01', '2024-01-15 10:30:00.001'),
 (10, 3, NULL, 0.0, 'ab', 0.10, '2024-01-14', NULL),
 (11, 100, -50, 1000.25, 'zz', 2.5, NULL, '1999-12-31 23:59:59.999999'),
 (12, 0, 0, NULL, 'a b', 0.3, '2024-01-15', '2024-01-15 10:30:00');"
    )
}

/// Every value variant the three databases can all hold, for round trips.
pub fn sample_value_kinds() -> Vec<Value> {
    vec![
        Value::Null,
        Value::Bool(true),
        Value::I64(-1),
        Value::F64(0.5),
        Value::Text("x".into()),
        Value::Bytes(vec![0, 1]),
    ]
}
