//! The typed function catalogue (text, math, GREATEST / LEAST, sequences, aggregates):
//! golden SQL per dialect, and each function run on SQLite, PostgreSQL and MariaDB over
//! inputs where the databases' own functions disagree (multibyte text, LPAD to a
//! shorter length, trimming several characters, rounding .5 on decimals, NULLs), its
//! decoded values compared with the same function computed in Rust on every database.
//! MySQL 8 forms are golden text only: there is no MySQL 8 server here.
#![cfg(all(feature = "chrono", feature = "decimal"))]

mod common;

use common::fixture::open_spaces;
use common::{err, ok};
use rust_decimal::{Decimal, RoundingStrategy};
use sqlweave::func::{
    AggregateFunctions, ComparisonFunctions, MathFunctions, TextFunctions, math, sequences, strings,
};
use sqlweave::{FromValue, Select, Typed, TypedExpr, Value, table};
use sqlweave_harness::Spaces;

table! {
    struct Texts("texts") { id: i64, s: Option<String> }
}
table! {
    struct Stats("stats") { id: i64, g: String, v: i64, ok: Option<bool> }
}
table! {
    struct Nums("nums") { id: i64, x: Option<f64>, m: Option<Decimal>, y: Option<f64> }
}

const TEXTS: &[Option<&str>] = &[
    Some("héllo wörld"),
    Some("  padded  "),
    Some("xyhixy"),
    Some("yxhiyx"),
    Some(""),
    Some("ab"),
    Some("日本語テキスト"),
    None,
];

/// (group, value, flag).
const STATS: &[(&str, i64, Option<bool>)] = &[
    ("a", 2, Some(true)),
    ("a", 4, Some(true)),
    ("a", 4, None),
    ("a", 4, Some(true)),
    ("a", 5, Some(true)),
    ("a", 5, Some(true)),
    ("a", 7, Some(true)),
    ("a", 9, Some(true)),
    ("b", 10, Some(false)),
    ("c", 3, Some(false)),
    ("c", 1, Some(true)),
    ("d", 6, None),
];

/// (x, m, y): a float, a decimal, another float (NULLs among them).
const NUMS: &[(Option<f64>, Option<&str>, Option<f64>)] = &[
    (Some(2.5), Some("2.50"), Some(1.0)),
    (Some(-2.5), Some("-2.45"), None),
    (Some(0.15), Some("0.15"), Some(0.2)),
    (Some(-0.5), Some("2.675"), Some(-7.0)),
    (Some(0.0), Some("-0.05"), Some(0.0)),
    (Some(1e17), Some("123.455"), Some(3.0)),
    (Some(16.0), Some("16"), Some(-1.5)),
    (None, None, Some(4.0)),
];

fn spaces() -> Spaces {
    open_spaces("sw_fcat", |db| {
        let mut sql = match db {
            "SQLite" => "CREATE TABLE texts (id INTEGER PRIMARY KEY, s TEXT);
                CREATE TABLE nums (id INTEGER PRIMARY KEY, x REAL, m NUMERIC, y REAL);
                CREATE TABLE stats (id INTEGER PRIMARY KEY, g TEXT NOT NULL, v INTEGER NOT NULL, ok INTEGER);"
                .to_string(),
            "PostgreSQL" => "CREATE TABLE texts (id INTEGER PRIMARY KEY, s TEXT);
                CREATE TABLE nums (id INTEGER PRIMARY KEY, x DOUBLE PRECISION, m NUMERIC(12, 3), y DOUBLE PRECISION);
                CREATE TABLE stats (id INTEGER PRIMARY KEY, g TEXT NOT NULL, v INTEGER NOT NULL, ok BOOLEAN);
                CREATE SEQUENCE invoice_no;"
                .to_string(),
            _ => "CREATE TABLE texts (id INT PRIMARY KEY, s VARCHAR(100)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
                CREATE TABLE nums (id INT PRIMARY KEY, x DOUBLE, m DECIMAL(12, 3), y DOUBLE);
                CREATE TABLE stats (id INT PRIMARY KEY, g VARCHAR(10) NOT NULL, v INT NOT NULL, ok BOOLEAN);
                CREATE SEQUENCE invoice_no;"
                .to_string(),
        };
        for (i, s) in TEXTS.iter().enumerate() {
            let v = s.map_or("NULL".to_string(), |s| format!("'{s}'"));
            sql.push_str(&format!("INSERT INTO texts VALUES ({}, {v});", i + 1));
        }
        for (i, (g, v, ok)) in STATS.iter().enumerate() {
            let ok = match (ok, db) {
                (None, _) => "NULL",
                (Some(b), "SQLite") => {
                    if *b {
                        "1"
                    } else {
                        "0"
                    }
                }
                (Some(b), _) => {
                    if *b {
                        "TRUE"
                    } else {
                        "FALSE"
                    }
                }
            };
            sql.push_str(&format!(
                "INSERT INTO stats VALUES ({}, '{g}', {v}, {ok});",
                i + 1
            ));
        }
        for (i, (x, m, y)) in NUMS.iter().enumerate() {
            let f = |v: Option<f64>| v.map_or("NULL".to_string(), |v| format!("{v:e}"));
            let m = m.map_or("NULL".to_string(), str::to_string);
            sql.push_str(&format!(
                "INSERT INTO nums VALUES ({}, {}, {m}, {});",
                i + 1,
                f(*x),
                f(*y)
            ));
        }
        sql
    })
}

/// Runs `q` (one column) on the databases named in `on` (all when empty), decoding `T`.
#[track_caller]
fn check_q<T: FromValue + PartialEq + std::fmt::Debug>(
    s: &mut Spaces,
    what: &str,
    q: &Select,
    on: &[&str],
    want: &[T],
) {
    for c in s.conns() {
        let name = c.dialect().name();
        if !on.is_empty() && !on.contains(&name) {
            continue;
        }
        let rows = c
            .fetch_all(q)
            .unwrap_or_else(|e| panic!("{what} on {name}: {e}"));
        let got: Vec<T> = rows
            .rows
            .iter()
            .map(|r| {
                r.get::<T>(0)
                    .unwrap_or_else(|e| panic!("{what} on {name}: {e}"))
            })
            .collect();
        assert_eq!(got, want, "{what} on {name}");
    }
}

#[track_caller]
fn check_text<T: FromValue + PartialEq + Clone + std::fmt::Debug>(
    s: &mut Spaces,
    what: &str,
    e: Typed<T>,
    on: &[&str],
    f: impl Fn(&str) -> T,
    null: T,
) {
    let t = Texts::new();
    let q = Select::new().column(e).from(t).order_by(t.id.asc());
    let want: Vec<T> = TEXTS.iter().map(|s| s.map_or(null.clone(), &f)).collect();
    check_q(s, what, &q, on, &want);
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn text_functions_count_characters_and_agree_everywhere() {
    let mut s = spaces();
    let t = Texts::new();
    let all: &[&str] = &[];
    let o = |v: String| Some(v);
    check_text(
        &mut s,
        "substring(2, 3)",
        t.s.substring(2, Some(3)),
        all,
        |x| o(chars(x).iter().skip(1).take(3).collect()),
        None,
    );
    check_text(
        &mut s,
        "substring(4)",
        t.s.substring(4, None),
        all,
        |x| o(chars(x).iter().skip(3).collect()),
        None,
    );
    check_text(
        &mut s,
        "position('l')",
        t.s.position("l"),
        all,
        |x| {
            Some(
                chars(x)
                    .iter()
                    .position(|c| *c == 'l')
                    .map_or(0, |p| p as i64 + 1),
            )
        },
        None,
    );
    check_text(
        &mut s,
        "position('ö')",
        t.s.position("ö"),
        all,
        |x| {
            Some(
                chars(x)
                    .iter()
                    .position(|c| *c == 'ö')
                    .map_or(0, |p| p as i64 + 1),
            )
        },
        None,
    );
    check_text(
        &mut s,
        "trim()",
        t.s.trim(),
        all,
        |x| o(x.trim_matches(' ').into()),
        None,
    );
    check_text(
        &mut s,
        "ltrim()",
        t.s.ltrim(),
        all,
        |x| o(x.trim_start_matches(' ').into()),
        None,
    );
    check_text(
        &mut s,
        "rtrim()",
        t.s.rtrim(),
        all,
        |x| o(x.trim_end_matches(' ').into()),
        None,
    );
    check_text(
        &mut s,
        "trim_chars('x')",
        t.s.trim_chars("x"),
        all,
        |x| o(x.trim_matches('x').into()),
        None,
    );
    check_text(
        &mut s,
        "rtrim_chars('x')",
        t.s.rtrim_chars("x"),
        all,
        |x| o(x.trim_end_matches('x').into()),
        None,
    );
    // A set of characters: PostgreSQL and SQLite only (MySQL's TRIM removes a string).
    let xy: &[char] = &['x', 'y'];
    check_text(
        &mut s,
        "trim_chars('xy')",
        t.s.trim_chars("xy"),
        &["SQLite", "PostgreSQL"],
        |x| o(x.trim_matches(xy).into()),
        None,
    );
    check_text(
        &mut s,
        "ltrim_chars('yx')",
        t.s.ltrim_chars("yx"),
        &["SQLite", "PostgreSQL"],
        |x| o(x.trim_start_matches(xy).into()),
        None,
    );
    let lpad = |x: &str, n: usize, fill: &str| -> String {
        let c = chars(x);
        if c.len() >= n {
            return c[..n].iter().collect();
        }
        let pad: String = fill.chars().cycle().take(n - c.len()).collect();
        pad + x
    };
    let rpad = |x: &str, n: usize, fill: &str| -> String {
        let c = chars(x);
        if c.len() >= n {
            return c[..n].iter().collect();
        }
        let pad: String = fill.chars().cycle().take(n - c.len()).collect();
        x.to_string() + &pad
    };
    check_text(
        &mut s,
        "lpad(8, '*')",
        t.s.lpad(8, "*"),
        all,
        |x| o(lpad(x, 8, "*")),
        None,
    );
    check_text(
        &mut s,
        "lpad(3, 'ab')",
        t.s.lpad(3, "ab"),
        all,
        |x| o(lpad(x, 3, "ab")),
        None,
    );
    check_text(
        &mut s,
        "rpad(9, 'éx')",
        t.s.rpad(9, "éx"),
        all,
        |x| o(rpad(x, 9, "éx")),
        None,
    );
    check_text(
        &mut s,
        "rpad(0, '-')",
        t.s.rpad(0, "-"),
        all,
        |x| o(rpad(x, 0, "-")),
        None,
    );
    check_text(
        &mut s,
        "replace('l', 'LL')",
        t.s.replace("l", "LL"),
        all,
        |x| o(x.replace('l', "LL")),
        None,
    );
    check_text(
        &mut s,
        "replace('', 'z')",
        t.s.replace("", "z"),
        all,
        |x| o(x.to_string()),
        None,
    );
    check_text(
        &mut s,
        "left(3)",
        t.s.left(3),
        all,
        |x| o(chars(x).iter().take(3).collect()),
        None,
    );
    let right = |x: &str, n: usize| -> String {
        let c = chars(x);
        c[c.len().saturating_sub(n)..].iter().collect()
    };
    check_text(
        &mut s,
        "right(2)",
        t.s.right(2),
        all,
        |x| o(right(x, 2)),
        None,
    );
    check_text(
        &mut s,
        "right(0)",
        t.s.right(0),
        all,
        |x| o(right(x, 0)),
        None,
    );
    check_text(
        &mut s,
        "right(50)",
        t.s.right(50),
        all,
        |x| o(right(x, 50)),
        None,
    );
    check_text(
        &mut s,
        "repeat(3)",
        t.s.repeat(3),
        all,
        |x| o(x.repeat(3)),
        None,
    );
    check_text(
        &mut s,
        "repeat(0)",
        t.s.repeat(0),
        all,
        |_| o(String::new()),
        None,
    );
    check_text(
        &mut s,
        "reverse()",
        t.s.reverse(),
        &["PostgreSQL", "MariaDB"],
        |x| o(x.chars().rev().collect()),
        None,
    );
    check_text(
        &mut s,
        "char_length()",
        t.s.char_length(),
        all,
        |x| Some(x.chars().count() as i64),
        None,
    );
    check_text(
        &mut s,
        "octet_length()",
        t.s.octet_length(),
        all,
        |x| Some(x.len() as i64),
        None,
    );
    let both: Typed<String> = strings::concat_ws("|", [t.s.typed(), t.s.substring(2, Some(1))]);
    check_text(
        &mut s,
        "concat_ws",
        both,
        all,
        |x| {
            let second: String = chars(x).iter().skip(1).take(1).collect();
            format!("{x}|{second}")
        },
        String::new(),
    );
}

#[test]
fn initcap_and_first_non_null() {
    let mut s = spaces();
    let t = Texts::new();
    // PostgreSQL only: the others have no INITCAP.
    let q = Select::new()
        .column(t.s.initcap())
        .from(t)
        .filter(t.id.eq(1));
    check_q(
        &mut s,
        "initcap",
        &q,
        &["PostgreSQL"],
        &[Some("Héllo Wörld".to_string())],
    );
    golden!(q,
        sqlite: err("INITCAP"),
        postgres: ok(r#"SELECT initcap("texts"."s") FROM "texts" WHERE "texts"."id" = $1"#, vec![Value::I64(1)]),
        mysql: err("INITCAP"),
    );
    // The first non-NULL, typed as the first operand: non-nullable here.
    let e: Typed<String> = sqlweave::func::first_non_null(sqlweave::val("-".to_string()), [t.s]);
    let q = Select::new()
        .column(sqlweave::func::first_non_null(t.s, ["none"]))
        .column(e)
        .from(t)
        .order_by(t.id.asc());
    for c in s.conns() {
        let rows = c.fetch_all(&q).unwrap();
        let got: Vec<(String, String)> = rows
            .rows
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        let want: Vec<(String, String)> = TEXTS
            .iter()
            .map(|x| (x.unwrap_or("none").to_string(), "-".to_string()))
            .collect();
        assert_eq!(got, want, "{}", c.dialect().name());
    }
}

#[test]
fn text_functions_refuse_what_a_database_would_answer_differently() {
    let t = Texts::new();
    let q = Select::new().column(t.s.trim_chars("xy")).from(t);
    golden!(q,
        sqlite: ok(r#"SELECT trim("texts"."s", ?) FROM "texts""#, vec![Value::from("xy")]),
        postgres: ok(r#"SELECT btrim("texts"."s", $1) FROM "texts""#, vec![Value::from("xy")]),
        mysql: err("more than one character"),
    );
    let q = Select::new().column(t.s.reverse()).from(t);
    golden!(q,
        sqlite: err("REVERSE"),
        postgres: ok(r#"SELECT REVERSE("texts"."s") FROM "texts""#, vec![]),
        mysql: ok("SELECT REVERSE(`texts`.`s`) FROM `texts`", vec![]),
    );
    let q = Select::new().column(t.s.substring(0, Some(2))).from(t);
    golden!(q, sqlite: err("position 1"), postgres: err("position 1"), mysql: err("position 1"));
    let q = Select::new().column(t.s.lpad(4, "")).from(t);
    golden!(q, sqlite: err("empty string"), postgres: err("empty string"), mysql: err("empty string"));
    // A repeated single character is one character for MySQL too.
    let q = Select::new().column(t.s.ltrim_chars("xx")).from(t);
    golden!(q,
        sqlite: ok(r#"SELECT ltrim("texts"."s", ?) FROM "texts""#, vec![Value::from("xx")]),
        postgres: ok(r#"SELECT ltrim("texts"."s", $1) FROM "texts""#, vec![Value::from("xx")]),
        mysql: ok("SELECT TRIM(LEADING ? FROM `texts`.`s`) FROM `texts`", vec![Value::from("x")]),
    );
}

fn nums_q<T>(e: Typed<T>) -> Select {
    let n = Nums::new();
    Select::new().column(e).from(n).order_by(n.id.asc())
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn math_functions_follow_the_argument_type_and_agree_everywhere() {
    let mut s = spaces();
    let n = Nums::new();
    let all: &[&str] = &[];
    let xs: Vec<Option<f64>> = NUMS.iter().map(|r| r.0).collect();
    let ms: Vec<Option<Decimal>> = NUMS.iter().map(|r| r.1.map(dec)).collect();
    let ys: Vec<Option<f64>> = NUMS.iter().map(|r| r.2).collect();
    let fmap = |f: fn(f64) -> f64| xs.iter().map(|x| x.map(f)).collect::<Vec<_>>();
    check_q(
        &mut s,
        "ceil(x)",
        &nums_q(n.x.ceil()),
        all,
        &fmap(f64::ceil),
    );
    check_q(
        &mut s,
        "floor(x)",
        &nums_q(n.x.floor()),
        all,
        &fmap(f64::floor),
    );
    let dmap = |f: fn(Decimal) -> Decimal| ms.iter().map(|x| x.map(f)).collect::<Vec<_>>();
    check_q(
        &mut s,
        "ceil(m)",
        &nums_q(n.m.ceil()),
        all,
        &dmap(|d| d.ceil()),
    );
    check_q(
        &mut s,
        "floor(m)",
        &nums_q(n.m.floor()),
        all,
        &dmap(|d| d.floor()),
    );
    // Half away from zero, on the exact decimal (2.675 → 2.68, -2.45 → -2.5).
    let pg_maria: &[&str] = &["PostgreSQL", "MariaDB"];
    check_q(
        &mut s,
        "round_to(m, 0)",
        &nums_q(n.m.round_to(0)),
        all,
        &dmap(|d| d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)),
    );
    check_q(
        &mut s,
        "round_to(x, 0)",
        &nums_q(n.x.round_to(0)),
        all,
        &fmap(f64::round),
    );
    check_q(
        &mut s,
        "round_to(x, 1)",
        &nums_q(n.x.round_to(1)),
        pg_maria,
        &xs.iter()
            .map(|x| {
                x.map(|x| {
                    if x == 0.15 {
                        0.2
                    } else {
                        (x * 10.0).round() / 10.0
                    }
                })
            })
            .collect::<Vec<_>>(),
    );
    // Digits on SQLite's binary doubles: refused (2.675 would round to 2.67 there).
    check_q(
        &mut s,
        "round_to(m, 2)",
        &nums_q(n.m.round_to(2)),
        pg_maria,
        &dmap(|d| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)),
    );
    check_q(
        &mut s,
        "round_to(m, 1)",
        &nums_q(n.m.round_to(1)),
        pg_maria,
        &dmap(|d| d.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)),
    );
    let sign = |x: Option<f64>| {
        x.map(|x| {
            if x > 0.0 {
                1
            } else if x < 0.0 {
                -1
            } else {
                0
            }
        })
    };
    check_q(
        &mut s,
        "sign(x)",
        &nums_q(n.x.sign()),
        all,
        &xs.iter().map(|x| sign(*x)).collect::<Vec<_>>(),
    );
    let int_ceil: Typed<i64> = n.id.ceil();
    check_q(
        &mut s,
        "ceil(id)",
        &nums_q(int_ceil),
        all,
        &(1..=NUMS.len() as i64).collect::<Vec<_>>(),
    );
    // Math functions SQLite lacks: PostgreSQL and MariaDB, NULL outside the domain.
    let sqrt: Vec<Option<f64>> = ys
        .iter()
        .map(|y| y.filter(|y| *y >= 0.0).map(f64::sqrt))
        .collect();
    check_q(&mut s, "sqrt(y)", &nums_q(n.y.sqrt()), pg_maria, &sqrt);
    let pow: Vec<Option<f64>> = ys.iter().map(|y| y.map(|y| y.powi(3))).collect();
    check_q(&mut s, "power(y, 3)", &nums_q(n.y.power(3)), pg_maria, &pow);
    // ln / log10 / exp: the same double on both servers, and within 1e-12 of Rust's.
    for (what, e, f) in [
        (
            "ln(y)",
            n.y.ln(),
            (|y: f64| (y > 0.0).then(|| y.ln())) as fn(f64) -> Option<f64>,
        ),
        ("log10(y)", n.y.log10(), |y: f64| {
            (y > 0.0).then(|| y.log10())
        }),
    ] {
        let mut seen: Vec<Vec<Option<f64>>> = Vec::new();
        for c in s.conns() {
            if !pg_maria.contains(&c.dialect().name()) {
                continue;
            }
            let rows = c.fetch_all(&nums_q(e.clone())).unwrap();
            let got: Vec<Option<f64>> = rows.rows.iter().map(|r| r.get(0).unwrap()).collect();
            for (g, y) in got.iter().zip(&ys) {
                let want = y.and_then(f);
                match (g, want) {
                    (Some(g), Some(w)) => assert!(
                        (g - w).abs() <= 1e-12 * w.abs().max(1.0),
                        "{what}: {g} vs {w}"
                    ),
                    (g, w) => assert_eq!(*g, w, "{what}"),
                }
            }
            seen.push(got);
        }
        assert!(seen.windows(2).all(|w| w[0] == w[1]), "{what}: {seen:?}");
    }
    let q = Select::new().column(math::pi());
    check_q(&mut s, "pi()", &q, all, &[std::f64::consts::PI]);
}

#[test]
fn greatest_and_least_ignore_nulls_on_every_database() {
    let mut s = spaces();
    let n = Nums::new();
    let pick = |a: Option<f64>, b: Option<f64>, g: bool| match (a, b) {
        (Some(a), Some(b)) => Some(if g { a.max(b) } else { a.min(b) }),
        (a, b) => a.or(b),
    };
    let want = |g: bool| NUMS.iter().map(|r| pick(r.0, r.2, g)).collect::<Vec<_>>();
    check_q(
        &mut s,
        "greatest(x, y)",
        &nums_q(n.x.greatest(n.y)),
        &[],
        &want(true),
    );
    check_q(
        &mut s,
        "least(x, y)",
        &nums_q(n.x.least(n.y)),
        &[],
        &want(false),
    );
    // A non-nullable operand first: the result is never NULL, typed so.
    let never_null: Typed<i64> = n.id.greatest(Some(3_i64));
    check_q(
        &mut s,
        "greatest(id, 3)",
        &nums_q(never_null),
        &[],
        &[3, 3, 3, 4, 5, 6, 7, 8],
    );
    let none: Option<i64> = None;
    let with_null: Typed<i64> = n.id.least(none);
    check_q(
        &mut s,
        "least(id, NULL)",
        &nums_q(with_null),
        &[],
        &(1..=8).collect::<Vec<i64>>(),
    );
}

#[test]
fn nextval_names_the_sequence_safely_on_postgresql_and_mariadb() {
    let mut s = spaces();
    let q = Select::new().column(sequences::nextval(None::<&str>, "invoice_no"));
    for c in s.conns() {
        let name = c.dialect().name();
        if name == "SQLite" {
            assert!(c.fetch_all(&q).is_err());
            continue;
        }
        let a: i64 = c.fetch_one(&q).unwrap().get(0).unwrap();
        let b: i64 = c.fetch_one(&q).unwrap().get(0).unwrap();
        assert_eq!((a, b), (1, 2), "{name}");
        if name == "PostgreSQL" {
            let cur = Select::new().column(sequences::currval(None::<&str>, "invoice_no"));
            let v: i64 = c.fetch_one(&cur).unwrap().get(0).unwrap();
            assert_eq!(v, 2);
        }
    }
    // A hostile name stays a name: the sequence does not exist, and nothing else runs.
    let hostile = Select::new().column(sequences::nextval(
        None::<&str>,
        "x'); DROP TABLE texts; --",
    ));
    for c in s.conns() {
        assert!(c.fetch_all(&hostile).is_err(), "{}", c.dialect().name());
    }
    let t = Texts::new();
    for c in s.conns() {
        let n = c
            .fetch_all(&Select::new().column(t.id).from(t))
            .unwrap()
            .rows
            .len();
        assert_eq!(n, TEXTS.len(), "{}", c.dialect().name());
    }
    golden!(Select::new().column(sequences::nextval(Some("s\"x"), "n")),
        sqlite: err("sequences"),
        postgres: ok("SELECT nextval(CAST(CAST($1 AS TEXT) AS REGCLASS))", vec![Value::from(r#""s""x"."n""#)]),
        mysql: err("sequences"),
        mariadb: ok("SELECT NEXTVAL(`s\"x`.`n`)", vec![]),
    );
}

#[test]
fn golden_text_and_math_per_dialect() {
    let t = Texts::new();
    let q = Select::new()
        .column(t.s.right(2))
        .column(t.s.repeat(2))
        .from(t);
    golden!(q,
        sqlite: ok(r#"SELECT substr("texts"."s", max(length("texts"."s") - ? + 1, 1)), substr(replace(printf('%.*c', ?, 'x'), 'x', "texts"."s"), 1, ? * length("texts"."s")) FROM "texts""#,
            vec![Value::I64(2), Value::I64(2), Value::I64(2)]),
        postgres: ok(r#"SELECT right("texts"."s", $1), repeat("texts"."s", $2) FROM "texts""#, vec![Value::I64(2), Value::I64(2)]),
        mysql: ok("SELECT RIGHT(`texts`.`s`, ?), REPEAT(`texts`.`s`, ?) FROM `texts`", vec![Value::I64(2), Value::I64(2)]),
    );
    let n = Nums::new();
    let q = Select::new()
        .column(n.y.sqrt())
        .column(n.m.round_to(2))
        .from(n);
    golden!(q,
        sqlite: err("math functions"),
        postgres: ok(r#"SELECT sqrt(CASE WHEN "nums"."y" >= 0 THEN CAST("nums"."y" AS DOUBLE PRECISION) END), ROUND(CAST("nums"."m" AS NUMERIC), $1) FROM "nums""#, vec![Value::I32(2)]),
        mysql: ok("SELECT SQRT(`nums`.`y`), CASE WHEN ABS(`nums`.`m`) >= 1e34 THEN `nums`.`m` ELSE ROUND(CAST(`nums`.`m` AS DECIMAL(65, 30)), ?) END FROM `nums`", vec![Value::I32(2)]),
    );
}

/// The groups' values, as Rust computes their statistics.
fn groups() -> Vec<(&'static str, Vec<i64>, Vec<bool>)> {
    let mut out: Vec<(&'static str, Vec<i64>, Vec<bool>)> = Vec::new();
    for (g, v, ok) in STATS {
        if out.last().map(|l| l.0) != Some(*g) {
            out.push((g, Vec::new(), Vec::new()));
        }
        let last = out.last_mut().unwrap();
        last.1.push(*v);
        last.2.extend(*ok);
    }
    out
}

fn variance(v: &[i64], sample: bool) -> Option<f64> {
    let n = v.len() as f64;
    if v.is_empty() || (sample && v.len() < 2) {
        return None;
    }
    let mean = v.iter().sum::<i64>() as f64 / n;
    let ss: f64 = v.iter().map(|x| (*x as f64 - mean).powi(2)).sum();
    Some(ss / if sample { n - 1.0 } else { n })
}

#[track_caller]
fn close(got: &[Option<f64>], want: &[Option<f64>], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (g, w) in got.iter().zip(want) {
        match (g, w) {
            (Some(g), Some(w)) => assert!(
                (g - w).abs() <= 1e-12 * w.abs().max(1.0),
                "{what}: {g} vs {w}"
            ),
            _ => assert_eq!(g, w, "{what}"),
        }
    }
}

#[test]
fn statistical_and_boolean_aggregates_agree_where_written_and_are_refused_elsewhere() {
    let mut s = spaces();
    let t = Stats::new();
    let gs = groups();
    let by_group = |e: Typed<Option<f64>>| {
        Select::new()
            .column(e)
            .from(t)
            .group_by([t.g])
            .order_by(t.g.asc())
    };
    type Oracle = Box<dyn Fn(&[i64]) -> Option<f64>>;
    let cases: [(&str, Typed<Option<f64>>, Oracle); 4] = [
        (
            "stddev_samp",
            t.v.stddev_samp(),
            Box::new(|v| variance(v, true).map(f64::sqrt)),
        ),
        (
            "stddev_pop",
            t.v.stddev_pop(),
            Box::new(|v| variance(v, false).map(f64::sqrt)),
        ),
        ("var_samp", t.v.var_samp(), Box::new(|v| variance(v, true))),
        ("var_pop", t.v.var_pop(), Box::new(|v| variance(v, false))),
    ];
    for (what, e, f) in cases {
        let want: Vec<Option<f64>> = gs.iter().map(|g| f(&g.1)).collect();
        let q = by_group(e);
        let mut seen = Vec::new();
        for c in s.conns() {
            let name = c.dialect().name();
            if name == "SQLite" {
                let err = c.fetch_all(&q).unwrap_err();
                assert!(matches!(err, sqlweave::Error::Unsupported { .. }), "{err}");
                continue;
            }
            let rows = c
                .fetch_all(&q)
                .unwrap_or_else(|e| panic!("{what} on {name}: {e}"));
            let got: Vec<Option<f64>> = rows.rows.iter().map(|r| r.get(0).unwrap()).collect();
            close(&got, &want, &format!("{what} on {name}"));
            seen.push(got);
        }
        assert!(seen.windows(2).all(|w| w[0] == w[1]), "{what}: {seen:?}");
    }
    // FILTER (emulated with CASE on MariaDB) and the population deviation of what passes.
    let q = by_group(t.v.stddev_pop().filter(t.v.gt(2)));
    let want: Vec<Option<f64>> = gs
        .iter()
        .map(|g| {
            variance(
                &g.1.iter().copied().filter(|v| *v > 2).collect::<Vec<_>>(),
                false,
            )
            .map(f64::sqrt)
        })
        .collect();
    for c in s.conns() {
        if c.dialect().name() == "SQLite" {
            continue;
        }
        let got: Vec<Option<f64>> = c
            .fetch_all(&q)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.get(0).unwrap())
            .collect();
        close(&got, &want, c.dialect().name());
    }
    // BOOL_AND / BOOL_OR: native on PostgreSQL, MIN / MAX of 0 and 1 elsewhere; NULLs skipped.
    let q = Select::new()
        .cols((t.ok.bool_and(), t.ok.bool_or()))
        .from(t)
        .group_by([t.g])
        .order_by(t.g.asc());
    let want: Vec<(Option<bool>, Option<bool>)> = gs
        .iter()
        .map(|g| {
            if g.2.is_empty() {
                (None, None)
            } else {
                (Some(g.2.iter().all(|b| *b)), Some(g.2.iter().any(|b| *b)))
            }
        })
        .collect();
    for c in s.conns() {
        let name = c.dialect().name();
        let rows = c
            .fetch_all(&q)
            .unwrap_or_else(|e| panic!("bool_and on {name}: {e}"));
        let got: Vec<(Option<bool>, Option<bool>)> = rows
            .rows
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        assert_eq!(got, want, "bool_and / bool_or on {name}");
    }
    // Percentiles: PostgreSQL only.
    let q = Select::new()
        .cols((t.v.percentile_cont(0.5), t.v.percentile_disc(0.5)))
        .from(t)
        .group_by([t.g])
        .order_by(t.g.asc());
    let want: Vec<(Option<f64>, Option<i64>)> = gs
        .iter()
        .map(|g| {
            let mut v = g.1.clone();
            v.sort();
            let pos = 0.5 * (v.len() - 1) as f64;
            let (lo, hi) = (
                v[pos.floor() as usize] as f64,
                v[pos.ceil() as usize] as f64,
            );
            let disc = v[((0.5 * v.len() as f64).ceil() as usize).max(1) - 1];
            (Some(lo + (hi - lo) * (pos - pos.floor())), Some(disc))
        })
        .collect();
    for c in s.conns() {
        let name = c.dialect().name();
        if name != "PostgreSQL" {
            assert!(c.fetch_all(&q).is_err(), "{name}");
            continue;
        }
        let rows = c.fetch_all(&q).unwrap();
        let got: Vec<(Option<f64>, Option<i64>)> = rows
            .rows
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        assert_eq!(got, want, "percentiles on {name}");
    }
    golden!(Select::new().column(t.ok.bool_or().filter(t.v.gt(1))).from(t),
        sqlite: ok(r#"SELECT MAX("stats"."ok") FILTER (WHERE "stats"."v" > ?) FROM "stats""#, vec![Value::I64(1)]),
        postgres: ok(r#"SELECT BOOL_OR("stats"."ok") FILTER (WHERE "stats"."v" > $1) FROM "stats""#, vec![Value::I64(1)]),
        mysql: ok("SELECT MAX(CASE WHEN `stats`.`v` > ? THEN `stats`.`ok` END) FROM `stats`", vec![Value::I64(1)]),
    );
}

/// Values alone, with no column to type them from (PostgreSQL must infer or be told
/// every parameter's type): the same answers everywhere.
#[test]
fn functions_of_values_alone_agree_everywhere() {
    let mut s = spaces();
    let v = |x: &str| sqlweave::val(x.to_string());
    let q = Select::new()
        .column(v("héllo").substring(2, Some(2)))
        .column(v("héllo").position("l"))
        .column(v("héllo").lpad(7, "*"))
        .column(v("xxhix").trim_chars("x"))
        .column(v("ab").repeat(2))
        .column(v("héllo").right(3));
    for c in s.conns() {
        let name = c.dialect().name();
        let r = c.fetch_one(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<String> = [0, 2, 3, 4, 5]
            .map(|i| r.get::<String>(i).unwrap())
            .to_vec();
        let pos: i64 = r.get(1).unwrap();
        assert_eq!(pos, 3, "{name}");
        assert_eq!(got, ["él", "**héllo", "hi", "abab", "llo"], "{name}");
    }
    let q = Select::new()
        .column(sqlweave::val(2.5_f64).floor())
        .column(sqlweave::val(-2.5_f64).sign())
        .column(sqlweave::val(3_i64).greatest(5_i64))
        .column(sqlweave::val(dec("-2.5")).round_to(0))
        .column(sqlweave::val(dec("2.5")).ceil());
    for c in s.conns() {
        let name = c.dialect().name();
        let r = c.fetch_one(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: (f64, i64, i64, Decimal, Decimal) = (
            r.get(0).unwrap(),
            r.get(1).unwrap(),
            r.get(2).unwrap(),
            r.get(3).unwrap(),
            r.get(4).unwrap(),
        );
        assert_eq!(got, (2.5_f64.floor(), -1, 5, dec("-3"), dec("3")), "{name}");
    }
}
