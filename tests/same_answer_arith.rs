//! Arithmetic with the same answer on SQLite, PostgreSQL and MariaDB, or a refusal:
//! the remainder `%` (integers, negative operands, decimals, floats, a zero divisor,
//! NULL), the typed `/` (its nullability, a zero Rust divisor, decimal quotients) and
//! the average of decimals. Each test runs its statements on all three.

#![cfg(feature = "decimal")]

mod common;

use common::fixture::open_spaces;
use common::{err, ok};
use rust_decimal::Decimal;
use sqlweave::{
    Error, Executor, Expr, Select, TableRef, Typed, TypedExpr, TypedQuery, select, table, val,
};
use sqlweave_harness::Spaces;

table! {
    struct Rems("rems") {
        id: i64,
        a: Option<i64>,
        b: Option<i64>,
        x: Option<Decimal>,
        y: Option<Decimal>,
        f: Option<f64>,
        g: Option<f64>,
    }
}

/// `(a, b, x, y, f, g)`: integer, decimal and float operands of one remainder each.
type RemRow = (
    Option<i64>,
    Option<i64>,
    Option<&'static str>,
    Option<&'static str>,
    Option<f64>,
    Option<f64>,
);

/// Operands: every sign combination, a zero divisor, NULL on either side, `i64::MIN %
/// -1` (whose quotient overflows), fractional operands.
const REMS: &[RemRow] = &[
    (
        Some(7),
        Some(2),
        Some("7.50"),
        Some("2.00"),
        Some(7.5),
        Some(2.0),
    ),
    (
        Some(-7),
        Some(2),
        Some("-7.50"),
        Some("2.00"),
        Some(-7.5),
        Some(2.0),
    ),
    (
        Some(7),
        Some(-2),
        Some("7.50"),
        Some("-2.00"),
        Some(7.5),
        Some(-2.0),
    ),
    (
        Some(-7),
        Some(-2),
        Some("-7.50"),
        Some("-2.00"),
        Some(-7.5),
        Some(-2.0),
    ),
    (
        Some(7),
        Some(0),
        Some("7.50"),
        Some("0.00"),
        Some(7.5),
        Some(0.0),
    ),
    (None, Some(2), None, Some("2.00"), None, Some(2.0)),
    (Some(7), None, Some("7.50"), None, Some(7.5), None),
    (
        Some(i64::MIN),
        Some(-1),
        Some("7.00"),
        Some("0.50"),
        Some(7.0),
        Some(0.5),
    ),
    (
        Some(100),
        Some(7),
        Some("0.35"),
        Some("0.10"),
        Some(0.35),
        Some(0.1),
    ),
];

fn spaces() -> Spaces {
    open_spaces("sw_arith", |db| {
        let mut sql = match db {
            "SQLite" => "CREATE TABLE rems (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, x NUMERIC, y NUMERIC, f REAL, g REAL);
                CREATE TABLE avgs (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, m NUMERIC);
                CREATE TABLE quots (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, d INTEGER NOT NULL, x NUMERIC NOT NULL, y NUMERIC NOT NULL, f REAL NOT NULL, g REAL NOT NULL);"
                .to_string(),
            "PostgreSQL" => "CREATE TABLE rems (id INTEGER PRIMARY KEY, a BIGINT, b BIGINT, x NUMERIC(10, 2), y NUMERIC(10, 2), f DOUBLE PRECISION, g DOUBLE PRECISION);
                CREATE TABLE avgs (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, m NUMERIC(10, 2));
                CREATE TABLE quots (id INTEGER PRIMARY KEY, n BIGINT NOT NULL, d BIGINT NOT NULL, x NUMERIC(20, 2) NOT NULL, y NUMERIC(20, 2) NOT NULL, f DOUBLE PRECISION NOT NULL, g DOUBLE PRECISION NOT NULL);"
                .to_string(),
            _ => "CREATE TABLE rems (id INT PRIMARY KEY, a BIGINT, b BIGINT, x DECIMAL(10, 2), y DECIMAL(10, 2), f DOUBLE, g DOUBLE);
                CREATE TABLE avgs (id INT PRIMARY KEY, grp INT NOT NULL, m DECIMAL(10, 2));
                CREATE TABLE quots (id INT PRIMARY KEY, n BIGINT NOT NULL, d BIGINT NOT NULL, x DECIMAL(20, 2) NOT NULL, y DECIMAL(20, 2) NOT NULL, f DOUBLE NOT NULL, g DOUBLE NOT NULL);"
                .to_string(),
        };
        let lit = |v: Option<String>| v.unwrap_or_else(|| "NULL".to_string());
        for (n, (a, b, x, y, f, g)) in REMS.iter().enumerate() {
            sql.push_str(&format!(
                "INSERT INTO rems VALUES ({}, {}, {}, {}, {}, {}, {});",
                n + 1,
                lit(a.map(|v| v.to_string())),
                lit(b.map(|v| v.to_string())),
                lit(x.map(str::to_string)),
                lit(y.map(str::to_string)),
                lit(f.map(|v| format!("{v:e}"))),
                lit(g.map(|v| format!("{v:e}"))),
            ));
        }
        for (n, (grp, m)) in AVGS.iter().enumerate() {
            sql.push_str(&format!(
                "INSERT INTO avgs VALUES ({}, {grp}, {});",
                n + 1,
                lit(m.map(str::to_string))
            ));
        }
        for (n, (a, b, x, y)) in QUOTS.iter().enumerate() {
            sql.push_str(&format!(
                "INSERT INTO quots VALUES ({}, {a}, {b}, {x}, {y}, {:e}, {:e});",
                n + 1,
                *a as f64 + 0.5,
                *b as f64,
            ));
        }
        sql
    })
}

/// `(n, d, x, y)` of the NOT NULL table `quots` (`f` is `n + 0.5`, `g` is `d`): zero
/// divisors in row 2, decimal quotients that no database's own division gives with the
/// same digits (a third, 1 / 7, a tie at the 16th digit, small and large quotients).
const QUOTS: &[(i64, i64, &str, &str)] = &[
    (7, 2, "1.00", "3.00"),
    (7, 0, "7.50", "0.00"),
    (-7, 2, "2.00", "3.00"),
    (100, 7, "-2.00", "3.00"),
    (1, 3, "123456789012345.00", "4.00"),
    (-1, 3, "12345678.91", "0.07"),
    (0, 5, "0.01", "3.00"),
    (9, -4, "1000000.00", "0.03"),
    (10, 4, "1.00", "7.00"),
    (3, 3, "10.00", "4.00"),
];

/// Groups of DECIMAL(10, 2) values to average: a third (1.00, 2.00, 2.00), a mean that
/// binary doubles cannot sum exactly (0.10, 0.20), a large magnitude, negatives, and
/// a group of NULLs only.
const AVGS: &[(i64, Option<&str>)] = &[
    (1, Some("1.00")),
    (1, Some("2.00")),
    (1, Some("2.00")),
    (2, Some("0.10")),
    (2, Some("0.20")),
    (3, Some("12345678.91")),
    (3, Some("2.00")),
    (3, Some("2.00")),
    (4, Some("-0.01")),
    (4, Some("-0.01")),
    (4, Some("-0.02")),
    (5, None),
];

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Column `i` of every row of `q` on `c`, as `T`, or the error.
fn column<T: sqlweave::FromValue>(
    c: &mut dyn Executor,
    q: &Select,
    i: usize,
) -> Result<Vec<T>, Error> {
    let rows = c.fetch_all(q)?;
    Ok(rows.rows.iter().map(|r| r.get::<T>(i).unwrap()).collect())
}

fn by_id(q: Select) -> Select {
    q.from(TableRef::new("rems"))
        .order_by(Expr::column("id").asc())
}

/// The integer remainder truncates toward zero (the sign follows the dividend) and is
/// NULL for a zero divisor everywhere: PostgreSQL used to raise "division by zero"
/// where SQLite and MariaDB answered NULL. Untyped and typed alike, from columns and
/// from parameters.
#[test]
fn integer_remainder_is_the_same_and_null_for_a_zero_divisor() {
    let mut s = spaces();
    let t = Rems::new();
    let want: Vec<Option<i64>> = REMS
        .iter()
        .map(|(a, b, ..)| match (a, b) {
            (Some(a), Some(b)) if *b != 0 => Some(a.wrapping_rem(*b)),
            _ => None,
        })
        .collect();
    assert_eq!(&want[..5], [Some(1), Some(-1), Some(1), Some(-1), None]);
    let untyped = by_id(Select::new().column(Expr::column("a").rem(Expr::column("b"))));
    let typed = Select::new().column(t.a % t.b).from(t).order_by(t.id.asc());
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        for (what, q) in [("untyped", &untyped), ("typed", &typed)] {
            let got = column::<Option<i64>>(c, q, 0)
                .unwrap_or_else(|e| panic!("{what} % on {name}: {e}"));
            assert_eq!(got, want, "{what} a % b on {name}");
        }
        // Parameters on both sides, a zero divisor among them.
        for (a, b, want) in [
            (-7_i64, 2_i64, Some(-1_i64)),
            (7, 0, None),
            (i64::MIN, -1, Some(0)),
        ] {
            let q = Select::new().column(Expr::value(a).rem(Expr::value(b)).label("r"));
            let got = column::<Option<i64>>(c, &q, 0)
                .unwrap_or_else(|e| panic!("{a} % {b} on {name}: {e}"));
            assert_eq!(got, [want], "{a} % {b} on {name}");
        }
    }
}

/// The typed remainder of decimals is exact on PostgreSQL and MariaDB (7.50 % 2.00 is
/// 1.50, the sign following the dividend, NULL for a zero divisor) and refused on
/// SQLite, whose `%` truncated both operands to integers (7.50 % 2.00 was 1.0 there).
#[test]
fn decimal_remainder_is_exact_or_refused_on_sqlite() {
    let mut s = spaces();
    let t = Rems::new();
    let q = Select::new().column(t.x % t.y).from(t).order_by(t.id.asc());
    let want: Vec<Option<Decimal>> = REMS
        .iter()
        .map(|(_, _, x, y, ..)| match (x, y) {
            (Some(x), Some(y)) if dec(y) != Decimal::ZERO => Some(dec(x) % dec(y)),
            _ => None,
        })
        .collect();
    assert_eq!(
        &want[..4],
        [
            Some(dec("1.5")),
            Some(dec("-1.5")),
            Some(dec("1.5")),
            Some(dec("-1.5"))
        ]
    );
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        match column::<Option<Decimal>>(c, &q, 0) {
            Ok(got) if name != "SQLite" => assert_eq!(got, want, "x % y on {name}"),
            Ok(got) => panic!("SQLite answered the decimal remainder: {got:?}"),
            Err(Error::Unsupported { .. }) if name == "SQLite" => {}
            Err(e) => panic!("x % y on {name}: {e}"),
        }
    }
    // A decimal parameter as the divisor.
    let q = Select::new()
        .column(t.x % dec("0.40"))
        .from(t)
        .filter(t.id.eq(1_i64));
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        match column::<Option<Decimal>>(c, &q, 0) {
            Ok(got) if name != "SQLite" => assert_eq!(got, [Some(dec("0.30"))], "{name}"),
            Ok(got) => panic!("SQLite answered the decimal remainder: {got:?}"),
            Err(Error::Unsupported { .. }) if name == "SQLite" => {}
            Err(e) => panic!("x % 0.40 on {name}: {e}"),
        }
    }
}

/// The typed remainder of floats: MariaDB computes `fmod` (7.5 % 2 is 1.5); PostgreSQL
/// has no `%` for doubles (the server refused it with an error of its own) and SQLite
/// truncated the operands (1.0): both refuse before anything is sent.
#[test]
fn float_remainder_is_fmod_on_mariadb_and_refused_elsewhere() {
    let mut s = spaces();
    let t = Rems::new();
    let q = Select::new().column(t.f % t.g).from(t).order_by(t.id.asc());
    let want: Vec<Option<f64>> = REMS
        .iter()
        .map(|(.., f, g)| match (f, g) {
            (Some(f), Some(g)) if *g != 0.0 => Some(f % g),
            _ => None,
        })
        .collect();
    assert_eq!(&want[..4], [Some(1.5), Some(-1.5), Some(1.5), Some(-1.5)]);
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        match column::<Option<f64>>(c, &q, 0) {
            Ok(got) if name == "MariaDB" || name == "MySQL" => {
                assert_eq!(got, want, "f % g on {name}")
            }
            Ok(got) => panic!("{name} answered the float remainder: {got:?}"),
            Err(Error::Unsupported { dialect, .. }) if name != "MariaDB" => {
                assert_eq!(dialect, name)
            }
            Err(e) => panic!("f % g on {name}: {e}"),
        }
    }
}

table! {
    struct Avgs("avgs") { id: i64, grp: i64, m: Option<Decimal> }
}

/// The mean of each group's decimals, rounded half away from zero to 15 significant
/// digits (NULL for a group of NULLs).
fn decimal_means() -> Vec<(i64, Option<Decimal>)> {
    let mut groups: Vec<i64> = AVGS.iter().map(|(g, _)| *g).collect();
    groups.dedup();
    groups
        .into_iter()
        .map(|g| {
            let ms: Vec<Decimal> = AVGS
                .iter()
                .filter(|(h, _)| *h == g)
                .filter_map(|(_, m)| m.map(dec))
                .collect();
            let mean = (!ms.is_empty()).then(|| {
                let mean = ms.iter().sum::<Decimal>() / Decimal::from(ms.len());
                mean.round_sf_with_strategy(
                    15,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                )
                .unwrap()
            });
            (g, mean)
        })
        .collect()
}

/// The typed AVG of a `Decimal` column is its mean to 15 significant digits on every
/// database: MariaDB used to stop at the column's scale + 4 (1.666667 for 1.00, 2.00,
/// 2.00), PostgreSQL gave 16 or more digits (1.6666666666666667) and SQLite the double
/// it summed (0.15000000000000002 for 0.10 and 0.20). As an aggregate, with FILTER, and
/// as a window function.
#[test]
fn decimal_avg_is_the_same_digits_on_every_database() {
    let mut s = spaces();
    let t = Avgs::new();
    let want = decimal_means();
    assert_eq!(want[0], (1, Some(dec("1.66666666666667"))));
    assert_eq!(want[1], (2, Some(dec("0.15"))));
    assert_eq!(want[2], (3, Some(dec("4115227.63666667"))));
    assert_eq!(want[3], (4, Some(dec("-0.0133333333333333"))));
    let grouped = Select::new()
        .cols((t.grp, t.m.avg()))
        .from(t)
        .group_by([t.grp])
        .order_by(t.grp.asc());
    // FILTER keeps every row here: the same means.
    let filtered = Select::new()
        .cols((t.grp, t.m.avg().filter(t.id.gt(0_i64))))
        .from(t)
        .group_by([t.grp])
        .order_by(t.grp.asc());
    // As a window function: each row gets its group's mean.
    let windowed = Select::new()
        .cols((
            t.grp,
            t.m.avg()
                .over(sqlweave::Window::new().partition_by([t.grp])),
        ))
        .from(t)
        .order_by(t.id.asc());
    let per_row: Vec<(i64, Option<Decimal>)> = AVGS
        .iter()
        .map(|(g, _)| *want.iter().find(|(h, _)| h == g).unwrap())
        .collect();
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        for (what, q, want) in [
            ("grouped", &grouped, &want),
            ("filtered", &filtered, &want),
            ("window", &windowed, &per_row),
        ] {
            let rows = c
                .fetch_all(q)
                .unwrap_or_else(|e| panic!("{what} avg on {name}: {e}"));
            let got: Vec<(i64, Option<Decimal>)> = rows
                .rows
                .iter()
                .map(|r| {
                    let m = r
                        .get::<Option<Decimal>>(1)
                        .unwrap_or_else(|e| panic!("{what} avg on {name}: {e}"));
                    (r.get::<i64>(0).unwrap(), m)
                })
                .collect();
            assert_eq!(&got, want, "{what} avg on {name}");
        }
    }
}

/// The typed `/` of integers truncates toward zero everywhere (MariaDB answered a
/// DECIMAL: `7 / 2` was 3.5000, so `a / b > 3` held there and nowhere else), and of
/// floats divides as doubles; a zero divisor is NULL everywhere (PostgreSQL raised
/// "division by zero").
#[test]
fn typed_division_is_the_same_and_null_for_a_zero_divisor() {
    let mut s = spaces();
    let t = Rems::new();
    // The row dividing i64::MIN by -1 overflows: each database has its own error there.
    let rows = || REMS.iter().filter(|(a, ..)| *a != Some(i64::MIN));
    let ints: Vec<Option<i64>> = rows()
        .map(|(a, b, ..)| match (a, b) {
            (Some(a), Some(b)) if *b != 0 => Some(a / b),
            _ => None,
        })
        .collect();
    assert_eq!(&ints[..5], [Some(3), Some(-3), Some(-3), Some(3), None]);
    let floats: Vec<Option<f64>> = rows()
        .map(|(.., f, g)| match (f, g) {
            (Some(f), Some(g)) if *g != 0.0 => Some(f / g),
            _ => None,
        })
        .collect();
    let not_min = t.a.is_null().or(t.a.ne(i64::MIN));
    let q = Select::new()
        .column(t.a / t.b)
        .column(t.f / t.g)
        .from(t)
        .filter(not_min.clone())
        .order_by(t.id.asc());
    let above = Select::new()
        .column(t.id)
        .from(t)
        .filter(not_min.and((t.a / t.b).gt(3_i64)))
        .order_by(t.id.asc());
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        let got = column::<Option<i64>>(c, &q, 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, ints, "a / b on {name}");
        let got = column::<Option<f64>>(c, &q, 1).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, floats, "f / g on {name}");
        // 7 / 2 is 3, not above 3; 100 / 7 is 14.
        let got = column::<i64>(c, &above, 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, [9], "a / b > 3 on {name}");
    }
}

table! {
    struct Quots("quots") { id: i64, n: i64, d: i64, x: Decimal, y: Decimal, f: f64, g: f64 }
}

/// The quotient rounded half away from zero to 15 significant digits, or None for a
/// zero divisor.
fn decimal_quotient(x: Decimal, y: Decimal) -> Option<Decimal> {
    (!y.is_zero()).then(|| {
        (x / y)
            .round_sf_with_strategy(15, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .unwrap()
    })
}

/// Dividing NOT NULL columns by a column that holds a zero: the quotient and the
/// remainder are `Option`s, and the zero divisor's row reads as `None` on every
/// database. Before, `t.n / t.d` was typed `i64` while every database answered NULL
/// there: reading the row was a decoding error (PostgreSQL's "division by zero" aside).
#[test]
fn typed_quotient_by_a_column_is_an_option_and_none_for_a_zero_divisor() {
    let mut s = spaces();
    let t = Quots::new();
    let ints: Typed<Option<i64>> = t.n / t.d;
    let rems: Typed<Option<i64>> = t.n % t.d;
    let floats: Typed<Option<f64>> = t.f / t.g;
    let decimals: Typed<Option<Decimal>> = t.x / t.y;
    // A Rust number divided by a column, a parameter-like typed value as the divisor.
    let inverse: Typed<Option<i64>> = 100_i64 / t.d;
    let by_val: Typed<Option<i64>> = t.n / val(0_i64);
    let q = select((t.id, ints, rems, floats, decimals, inverse, by_val))
        .from(t)
        .filter(t.id.le(2_i64))
        .order_by(t.id.asc());
    let want = vec![
        (
            1,
            Some(3),
            Some(1),
            Some(7.5 / 2.0),
            Some(dec("0.333333333333333")),
            Some(50),
            None,
        ),
        (2, None, None, None, None, None, None),
    ];
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        let got = q
            .fetch_all(c)
            .unwrap_or_else(|e| panic!("quotients on {name}: {e}"));
        assert_eq!(got, want, "quotients on {name}");
    }
}

/// A Rust divisor keeps the dividend's type (`t.n / 2` is an `i64` for a NOT NULL
/// column), and a zero one is refused with `Error::Invalid` before anything is sent,
/// for `/` and `%`, integers, floats (also -0.0) and decimals, an `Option` divisor of
/// zero too, wherever the quotient sits. Before, SQLite and MariaDB answered NULL
/// (which the non-`Option` type could not read) and PostgreSQL raised "division by
/// zero".
#[test]
fn a_zero_rust_divisor_is_refused_and_others_keep_the_type() {
    let mut s = spaces();
    let t = Quots::new();
    let halves: Typed<i64> = t.n / 2;
    let thirds: Typed<Decimal> = t.x / 3;
    let left: Typed<i64> = t.n % 2_i64;
    let q = select((t.id, halves, thirds, left))
        .from(t)
        .filter(t.id.le(2_i64))
        .order_by(t.id.asc());
    let refused: Vec<(&str, Select)> = vec![
        ("n / 0", Select::new().column(t.n / 0).from(t)),
        ("n % 0", Select::new().column(t.n % 0_i64).from(t)),
        ("f / 0.0", Select::new().column(t.f / 0.0).from(t)),
        ("f / -0.0", Select::new().column(t.f / -0.0_f64).from(t)),
        (
            "x / Decimal::ZERO",
            Select::new().column(t.x / Decimal::ZERO).from(t),
        ),
        ("x % 0", Select::new().column(t.x % 0).from(t)),
        (
            "n / Some(0)",
            Select::new().column(t.n / Some(0_i64)).from(t),
        ),
        (
            "in a filter",
            Select::new()
                .column(t.id)
                .from(t)
                .filter(((t.n + 1) / 0_i32).gt(1_i64)),
        ),
    ];
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        let got = q.fetch_all(c).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            got,
            [(1, 3, dec("0.333333333333333"), 1), (2, 3, dec("2.5"), 1)],
            "{name}"
        );
        for (what, q) in &refused {
            match c.fetch_all(q) {
                Err(Error::Invalid(msg)) => {
                    assert!(msg.contains("division by zero"), "{what} on {name}: {msg}")
                }
                // SQLite refuses every remainder of decimals before looking at it.
                Err(Error::Unsupported { .. }) if *what == "x % 0" && name == "SQLite" => {}
                other => panic!("{what} on {name}: {other:?}"),
            }
        }
    }
}

/// The typed `/` of decimals is rounded half away from zero to 15 significant digits
/// on every database: PostgreSQL answered 16 to 20 digits (0.33333333333333333333),
/// MariaDB the dividend's scale + 4 (0.333333) and SQLite a double
/// (0.3333333333333333). A zero divisor gives NULL; a tie at the 16th digit
/// (123456789012345 / 4) rounds away from zero everywhere.
#[test]
fn decimal_division_gives_the_same_digits_on_every_database() {
    let mut s = spaces();
    let t = Quots::new();
    let want: Vec<Option<Decimal>> = QUOTS
        .iter()
        .map(|(_, _, x, y)| decimal_quotient(dec(x), dec(y)))
        .collect();
    assert_eq!(
        want[..5],
        [
            Some(dec("0.333333333333333")),
            None,
            Some(dec("0.666666666666667")),
            Some(dec("-0.666666666666667")),
            Some(dec("30864197253086.3")),
        ]
    );
    assert_eq!(want[5], Some(dec("176366841.571429")));
    // By an integer column (promoted to Decimal), and a Rust decimal by a column.
    let by_int: Vec<Option<Decimal>> = QUOTS
        .iter()
        .map(|(_, d, x, _)| decimal_quotient(dec(x), Decimal::from(*d)))
        .collect();
    let inverse: Vec<Option<Decimal>> = QUOTS
        .iter()
        .map(|(.., y)| decimal_quotient(dec("2.5"), dec(y)))
        .collect();
    let q = select((t.x / t.y, t.x / t.d, dec("2.5") / t.y))
        .from(t)
        .order_by(t.id.asc());
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        let got = q
            .fetch_all(c)
            .unwrap_or_else(|e| panic!("x / y on {name}: {e}"));
        let col =
            |i: usize| -> Vec<Option<Decimal>> { got.iter().map(|r| [r.0, r.1, r.2][i]).collect() };
        assert_eq!(col(0), want, "x / y on {name}");
        assert_eq!(col(1), by_int, "x / d on {name}");
        assert_eq!(col(2), inverse, "2.5 / y on {name}");
    }
    // 1.00 / 3e17 has its 15 digits past a Decimal's 28 places: an error when read on
    // every database, never a rounding to fewer digits.
    let tiny = Select::new()
        .column(t.x / dec("300000000000000000"))
        .from(t)
        .filter(t.id.eq(1_i64));
    for c in s.conns() {
        let name = c.dialect().name().to_string();
        let rows = c
            .fetch_all(&tiny)
            .unwrap_or_else(|e| panic!("tiny on {name}: {e}"));
        let got = rows.rows[0].get::<Decimal>(0);
        assert!(got.is_err(), "tiny on {name}: {got:?}");
    }
}

/// The SQL of the decimal quotient per dialect (the quotient written three times where
/// it is rounded in SQL), and the refusal of a zero Rust divisor on every dialect.
#[test]
fn decimal_quotient_and_zero_divisor_golden() {
    let t = Quots::new();
    let q = Select::new().column(t.x / t.y).from(t);
    golden!(q,
        sqlite: ok(r#"SELECT CAST(CAST(CAST("quots"."x" AS REAL) / NULLIF("quots"."y", 0) AS TEXT) AS REAL) FROM "quots""#, p![]),
        postgres: ok(r#"SELECT CAST(CAST(ROUND(CAST("quots"."x" AS NUMERIC(1000, 40)) / NULLIF(CAST("quots"."y" AS NUMERIC), 0), CAST(14 - FLOOR(LOG(ABS(CAST("quots"."x" AS NUMERIC(1000, 40)) / NULLIF(CAST("quots"."y" AS NUMERIC), 0)) + CASE WHEN CAST("quots"."x" AS NUMERIC(1000, 40)) / NULLIF(CAST("quots"."y" AS NUMERIC), 0) = 0 THEN 1 ELSE 0 END)) AS INTEGER)) AS DOUBLE PRECISION) AS NUMERIC) FROM "quots""#, p![]),
        mysql: ok("SELECT CAST(ROUND(CAST(`quots`.`x` AS DECIMAL(65, 30)) / NULLIF(`quots`.`y`, 0), 14 - FLOOR(LOG10(ABS(CAST(`quots`.`x` AS DECIMAL(65, 30)) / NULLIF(`quots`.`y`, 0)) + (CAST(`quots`.`x` AS DECIMAL(65, 30)) / NULLIF(`quots`.`y`, 0) = 0)))) AS DOUBLE) FROM `quots`", p![]),
    );
    let zero = Select::new().column(t.n / 0).from(t);
    golden!(zero,
        sqlite: err("division by zero"),
        postgres: err("division by zero"),
        mysql: err("division by zero"),
    );
    // A dialect outside sqlweave refuses the zero too, and the decimal quotient it was
    // never told how to write.
    let e = Select::new()
        .column(t.f / 0.0)
        .from(t)
        .render(&sqlweave::Ansi);
    assert!(matches!(e, Err(Error::Invalid(_))), "{e:?}");
    let e = q.render(&sqlweave::Ansi);
    assert!(matches!(e, Err(Error::Unsupported { .. })), "{e:?}");
}
