//! The untyped function catalogue (`sqlweave::func::round`, `greatest`, `least`, `avg`,
//! `length` …) gives the same answer on SQLite, PostgreSQL and MariaDB, or a refusal:
//! each test runs the functions on all three over edge inputs (NULLs, negatives,
//! halves, very large values, empty and multibyte text).

#![cfg(feature = "decimal")]

mod common;

use common::fixture::open_spaces;
use rust_decimal::{Decimal, RoundingStrategy};
use sqlweave::{Error, Expr, Select, Statement, func};
use sqlweave_harness::{Spaces, canon_rows};

/// Doubles to round: halves that binary cannot hold (0.15, 2.675), exact halves, their
/// negatives, a magnitude past MySQL's DECIMAL(65, 30), and NULL.
const XS: &[Option<f64>] = &[
    Some(0.15),
    Some(2.675),
    Some(2.5),
    Some(-2.5),
    Some(-0.15),
    Some(1.005),
    Some(1e36),
    Some(-1e300),
    None,
];

/// Integers: one past 2^53 (no double holds it), negatives, zero, NULL.
const IS: &[Option<i64>] = &[
    Some(9_007_199_254_740_993),
    Some(-7),
    Some(0),
    Some(-9_007_199_254_740_995),
    None,
];

/// Texts: empty, accented, CJK, NULL.
const SS: &[Option<&str>] = &[
    Some(""),
    Some("é"),
    Some("日本"),
    Some("héllo wörld"),
    Some("abc"),
    None,
];

fn spaces() -> Spaces {
    open_spaces("sw_func", |db| {
        let mut sql = match db {
            "SQLite" => "CREATE TABLE fx (id INTEGER PRIMARY KEY, x REAL);
                CREATE TABLE fi (id INTEGER PRIMARY KEY, i INTEGER);
                CREATE TABLE fs (id INTEGER PRIMARY KEY, s TEXT);
                CREATE TABLE fp (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER);
                CREATE TABLE fw (id INTEGER PRIMARY KEY, g INTEGER, x REAL);
                INSERT INTO fw VALUES (1, 1, 0.1e0), (2, 1, 0.05e0), (3, 2, 2.5e0);"
                .to_string(),
            "PostgreSQL" => "CREATE TABLE fx (id INTEGER PRIMARY KEY, x DOUBLE PRECISION);
                CREATE TABLE fi (id INTEGER PRIMARY KEY, i BIGINT);
                CREATE TABLE fs (id INTEGER PRIMARY KEY, s TEXT);
                CREATE TABLE fp (id INTEGER PRIMARY KEY, a BIGINT, b BIGINT, c BIGINT);
                CREATE TABLE fw (id INTEGER PRIMARY KEY, g BIGINT, x DOUBLE PRECISION);
                INSERT INTO fw VALUES (1, 1, 0.1e0), (2, 1, 0.05e0), (3, 2, 2.5e0);"
                .to_string(),
            _ => "CREATE TABLE fx (id INT PRIMARY KEY, x DOUBLE);
                CREATE TABLE fi (id INT PRIMARY KEY, i BIGINT);
                CREATE TABLE fs (id INT PRIMARY KEY, s VARCHAR(100)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
                CREATE TABLE fp (id INT PRIMARY KEY, a BIGINT, b BIGINT, c BIGINT);
                CREATE TABLE fw (id INT PRIMARY KEY, g BIGINT, x DOUBLE);
                INSERT INTO fw VALUES (1, 1, 0.1e0), (2, 1, 0.05e0), (3, 2, 2.5e0);"
                .to_string(),
        };
        for (n, x) in XS.iter().enumerate() {
            let x = x.map_or("NULL".to_string(), |x| format!("{x:e}"));
            sql.push_str(&format!("INSERT INTO fx VALUES ({}, {x});", n + 1));
        }
        for (n, i) in IS.iter().enumerate() {
            let i = i.map_or("NULL".to_string(), |i| i.to_string());
            sql.push_str(&format!("INSERT INTO fi VALUES ({}, {i});", n + 1));
        }
        for (n, s) in SS.iter().enumerate() {
            let s = s.map_or("NULL".to_string(), |s| format!("'{s}'"));
            sql.push_str(&format!("INSERT INTO fs VALUES ({}, {s});", n + 1));
        }
        for (n, (a, b, c)) in PAIRS.iter().enumerate() {
            let f = |v: Option<i64>| v.map_or("NULL".to_string(), |v| v.to_string());
            sql.push_str(&format!(
                "INSERT INTO fp VALUES ({}, {}, {}, {});",
                n + 1,
                f(*a),
                f(*b),
                f(*c)
            ));
        }
        sql
    })
}

/// One row of operands.
type Triple = (Option<i64>, Option<i64>, Option<i64>);

/// Operands of GREATEST / LEAST: NULL first, between and last, all NULL, negatives.
const PAIRS: &[Triple] = &[
    (Some(1), Some(5), Some(3)),
    (None, Some(-5), Some(2)),
    (Some(-1), None, Some(-3)),
    (Some(4), Some(10), None),
    (None, None, None),
    (None, None, Some(-8)),
];

/// One column of `q` as `f64`s on every database, named in panics.
#[track_caller]
fn floats(s: &mut Spaces, what: &str, q: &Select) -> Vec<(String, Vec<Option<f64>>)> {
    s.conns()
        .into_iter()
        .map(|c| {
            let name = c.dialect().name().to_string();
            let rows = c
                .fetch_all(q)
                .unwrap_or_else(|e| panic!("{what} on {name}: {e}"));
            let col = rows
                .rows
                .iter()
                .map(|r| {
                    r.get::<Option<f64>>(0)
                        .unwrap_or_else(|e| panic!("{what} on {name}: {e}"))
                })
                .collect();
            (name, col)
        })
        .collect()
}

/// The rows of `q` as canonical text on every database (see `canon_rows`).
#[track_caller]
fn texts(s: &mut Spaces, what: &str, q: &dyn Statement) -> Vec<(String, Vec<Vec<String>>)> {
    s.conns()
        .into_iter()
        .map(|c| {
            let name = c.dialect().name().to_string();
            let rows = c
                .fetch_all(q)
                .unwrap_or_else(|e| panic!("{what} on {name}: {e}"));
            (name, canon_rows(&rows))
        })
        .collect()
}

/// `x` rounded half away from zero as the decimal it prints as (0.15 → 0.2, 2.675 →
/// 2.68), as PostgreSQL's NUMERIC rounds; a value past a decimal's range has no digit
/// left to round and is itself.
fn reference_round(x: f64, digits: u32) -> f64 {
    match Decimal::from_str_exact(&x.to_string()) {
        Ok(d) => d
            .round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
            .to_string()
            .parse()
            .unwrap(),
        Err(_) => x,
    }
}

fn by_id(t: &'static str, e: Expr) -> Select {
    Select::new()
        .column(e)
        .from(sqlweave::TableRef::new(t))
        .order_by(Expr::column("id").asc())
}

/// `func::round` rounds half away from zero on the decimal a value spells, everywhere:
/// SQLite used to round the binary double (2.675 → 2.67, 1.005 → 1.0), MariaDB cut a
/// magnitude past DECIMAL(65, 30) to 999…9, and SQLite turned an integer past 2^53
/// into the nearest double.
#[test]
fn round_gives_the_same_answer_on_every_database() {
    let mut s = spaces();
    for digits in [0_u32, 1, 2] {
        let d = i32::try_from(digits).unwrap();
        let q = by_id("fx", func::round(Expr::column("x"), Some(d)));
        let want: Vec<Option<f64>> = XS
            .iter()
            .map(|x| x.map(|x| reference_round(x, digits)))
            .collect();
        for (name, got) in floats(&mut s, "round(x, digits)", &q) {
            assert_eq!(got, want, "round(x, {digits}) on {name}");
        }
    }
    // ROUND(x) with no digits: exact halves away from zero (2.5 → 3, -2.5 → -3).
    let q = by_id("fx", func::round(Expr::column("x"), None));
    let want: Vec<Option<f64>> = XS.iter().map(|x| x.map(f64::round)).collect();
    for (name, got) in floats(&mut s, "round(x)", &q) {
        assert_eq!(got, want, "round(x) on {name}");
    }
    // Integers are already round: every digit is kept, past 2^53 too.
    for digits in [None, Some(2)] {
        let q = by_id("fi", func::round(Expr::column("i"), digits));
        let want: Vec<Vec<String>> = IS
            .iter()
            .map(|i| vec![i.map_or("NULL".to_string(), |i| i.to_string())])
            .collect();
        for (name, got) in texts(&mut s, "round(i)", &q) {
            assert_eq!(got, want, "round(i, {digits:?}) on {name}");
        }
    }
    // Values passed as parameters round as the columns do.
    for x in [0.15_f64, 2.675, -2.5] {
        let q = Select::new().column(func::round(Expr::value(x), Some(2)).label("r"));
        for (name, got) in floats(&mut s, "round(?)", &q) {
            assert_eq!(
                got,
                [Some(reference_round(x, 2))],
                "round({x}, 2) on {name}"
            );
        }
    }
}

/// `func::round` of an aggregate and of a window function: each copy of `x` in the
/// CASE that SQLite and MariaDB get is the aggregate itself. A form naming `x` once in
/// a scalar subquery, `(SELECT … FROM (SELECT x AS v))`, would compute the window over
/// the subquery's one row on SQLite: the running sums 0.1, 0.15…, 2.65 would round
/// as 0.1, 0.05 and 2.5 do.
#[test]
fn round_of_an_aggregate_or_a_window_is_the_same_everywhere() {
    let mut s = spaces();
    let sum = || func::sum(Expr::column("x"));
    let grouped = Select::new()
        .column(func::round(sum(), Some(1)))
        .from(sqlweave::TableRef::new("fw"))
        .group_by([Expr::column("g")])
        .order_by(Expr::column("g").asc());
    for (name, got) in floats(&mut s, "round(SUM(x), 1)", &grouped) {
        assert_eq!(got, [Some(0.2), Some(2.5)], "round of SUM on {name}");
    }
    let running = sum().over(sqlweave::Window::new().order_by(Expr::column("id").asc()));
    let windowed = by_id("fw", func::round(running, Some(1)));
    for (name, got) in floats(&mut s, "round(SUM(x) OVER, 1)", &windowed) {
        assert_eq!(
            got,
            [Some(0.1), Some(0.2), Some(2.7)],
            "round of a window on {name}"
        );
    }
}

/// Decimal places computed by the database: PostgreSQL and MariaDB round to them,
/// SQLite (which needs the places to round the decimal) refuses before sending.
#[test]
fn round_to_computed_places_is_refused_on_sqlite_only() {
    let mut s = spaces();
    let places = Expr::value(1_i64).add(1_i64);
    let e = sqlweave::func::call_func(
        sqlweave::expr::Func::Round,
        [Expr::value(2.675_f64), places],
    );
    let q = Select::new().column(e.label("r"));
    for c in s.conns() {
        let name = c.dialect().name();
        match c.fetch_all(&q) {
            Ok(rows) if name != "SQLite" => {
                assert_eq!(rows.rows[0].get::<f64>(0).unwrap(), 2.68, "{name}");
            }
            Ok(_) => panic!("SQLite rounded computed places"),
            Err(Error::Unsupported { .. }) if name == "SQLite" => {}
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

/// `func::greatest` / `func::least` ignore NULL operands everywhere (NULL only when all
/// are): MariaDB's GREATEST and SQLite's max used to answer NULL as soon as one was.
#[test]
fn greatest_and_least_ignore_nulls_on_every_database() {
    let mut s = spaces();
    let cols = || ["a", "b", "c"].map(Expr::column);
    let q = Select::new()
        .column(func::greatest(cols()))
        .column(func::least(cols()))
        .column(func::greatest([Expr::column("a"), Expr::column("b")]))
        .from(sqlweave::TableRef::new("fp"))
        .order_by(Expr::column("id").asc());
    let cell = |v: Option<i64>| v.map_or("NULL".to_string(), |v| v.to_string());
    let want: Vec<Vec<String>> = PAIRS
        .iter()
        .map(|(a, b, c)| {
            let all = [*a, *b, *c];
            let some = all.iter().flatten();
            let two = [*a, *b].into_iter().flatten().max();
            vec![
                cell(some.clone().max().copied()),
                cell(some.min().copied()),
                cell(two),
            ]
        })
        .collect();
    for (name, got) in texts(&mut s, "greatest / least", &q) {
        assert_eq!(got, want, "greatest / least on {name}");
    }
}

/// `func::avg` averages as doubles everywhere: MariaDB used to answer the average of
/// integers as a DECIMAL with four places (1.3333 for 1, 1, 2) where PostgreSQL and
/// SQLite answer 1.3333333333333333.
#[test]
fn avg_of_integers_is_the_same_double_on_every_database() {
    let mut s = spaces();
    let q = Select::new()
        .column(func::avg(Expr::column("a")))
        .column(func::avg(Expr::column("b")))
        .column(func::avg(Expr::column("c")))
        .from(sqlweave::TableRef::new("fp"));
    let mean = |col: fn(&Triple) -> Option<i64>| {
        let v: Vec<i64> = PAIRS.iter().filter_map(col).collect();
        (!v.is_empty()).then(|| v.iter().sum::<i64>() as f64 / v.len() as f64)
    };
    let want = [mean(|p| p.0), mean(|p| p.1), mean(|p| p.2)];
    assert!(want.iter().all(|m| m.is_some_and(|m| m.fract() != 0.0)));
    for c in s.conns() {
        let name = c.dialect().name();
        let rows = c.fetch_all(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<Option<f64>> = (0..3)
            .map(|i| rows.rows[0].get::<Option<f64>>(i).unwrap())
            .collect();
        assert_eq!(got, want, "avg on {name}");
    }
    // No rows: NULL everywhere.
    let none = q.clone().filter(Expr::column("id").lt(0_i64));
    for (name, got) in texts(&mut s, "avg of nothing", &none) {
        assert_eq!(got, [["NULL", "NULL", "NULL"]], "{name}");
    }
}

/// `func::length` counts characters everywhere, multibyte ones included (MySQL's own
/// LENGTH would count bytes: 2 for 'é', 6 for '日本').
#[test]
fn length_counts_characters_on_every_database() {
    let mut s = spaces();
    let q = by_id("fs", func::length(Expr::column("s")));
    let want: Vec<Vec<String>> = SS
        .iter()
        .map(|t| vec![t.map_or("NULL".to_string(), |t| t.chars().count().to_string())])
        .collect();
    for (name, got) in texts(&mut s, "length", &q) {
        assert_eq!(got, want, "length on {name}");
    }
}
