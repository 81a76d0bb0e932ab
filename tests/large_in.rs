//! Long IN lists, past a dialect's bind-parameter limit, sent as one parameter
//! (`src/render/large_in.rs`): the form per dialect (golden), and on the three databases
//! the rows a plain list of the same values gives, for SELECT, UPDATE, DELETE and NOT IN
//! with NULLs, on freshly loaded tables (no statistics): integers, floats (every value
//! exactly, random bit patterns included) and text (the compared column's collation).
//! On PostgreSQL the array is a constant of the plan, and a statement is never planned
//! without it.
//!
//! Each database check compares a long list with the plain list of its few interesting
//! values: the long list is those values followed by fillers that match no row, past the
//! dialect's whole limit, so it runs only as one parameter.

mod common;
mod exec_support;

use common::{err, ok};
use exec_support::{Db, Kind};
use sqlweave::dml::{Delete, Update};
use sqlweave::render::{DebugLiterals, render_expr};
use sqlweave::{Ansi, Error, Executor, Expr, Select, TableRef, Value, func};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

/// `interesting` followed by fillers up to one value past the dialect's whole limit.
fn long_list(db: &Db, interesting: &[Value], filler: impl Fn(usize) -> Value) -> Vec<Value> {
    let len = db.conn.dialect().max_params() + 1;
    assert!(interesting.len() < len);
    let mut v = interesting.to_vec();
    v.extend((0..len - interesting.len()).map(filler));
    v
}

/// The ids of the rows of `t` where `cond` holds, in order.
fn ids(db: &mut Db, t: &str, cond: Expr) -> Vec<i64> {
    ids_on(&mut *db.conn, t, cond)
}

fn ids_on(conn: &mut dyn Executor, t: &str, cond: Expr) -> Vec<i64> {
    let tr = TableRef::new(t.to_string());
    let q = Select::new()
        .column(tr.col("id"))
        .from(tr.clone())
        .filter(cond)
        .order_by(tr.col("id").asc());
    match conn.fetch_all(&q) {
        Ok(r) => r.rows.iter().map(|r| r.get::<i64>(0).unwrap()).collect(),
        Err(e) => panic!("{}: {e}", conn.dialect().name()),
    }
}

/// How many parameters `cond` takes on `db` (one for a list sent as one parameter).
fn param_count(d: &dyn sqlweave::Dialect, cond: &Expr) -> usize {
    render_expr(d, cond)
        .unwrap_or_else(|e| panic!("{}: {e}", d.name()))
        .params
        .len()
}

/// The same rows for the long list as for the plain list of its interesting values,
/// with IN and NOT IN, the long list sent as one parameter.
#[track_caller]
fn same_rows(db: &mut Db, t: &str, col: &str, short: &[Value], long: &[Value]) {
    let c = TableRef::new(t.to_string()).col(col.to_string());
    for negated in [false, true] {
        let (s, l) = if negated {
            (
                c.clone().not_in_list(short.to_vec()),
                c.clone().not_in_list(long.to_vec()),
            )
        } else {
            (
                c.clone().in_list(short.to_vec()),
                c.clone().in_list(long.to_vec()),
            )
        };
        assert_eq!(
            param_count(db.conn.dialect(), &l),
            1,
            "{}: one parameter",
            db.name()
        );
        let want = ids(db, t, s);
        let got = ids(db, t, l);
        assert_eq!(got, want, "{} {col} (NOT IN: {negated})", db.name());
    }
}

// --- golden forms ---

fn ints(n: i64) -> Vec<Value> {
    (0..n).map(Value::I64).collect()
}

fn json(values: &[String]) -> Value {
    Value::Text(format!("[{}]", values.join(",")))
}

const N: i64 = 40_000; // past half of every dialect's limit (16,383 / 32,767)

#[test]
fn golden_integer_lists() {
    let t = TableRef::new("t");
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("a").in_list(ints(N)));
    let text: Vec<String> = (0..N).map(|i| i.to_string()).collect();
    // MySQL 8 is not available here: its form is pinned as text only (MariaDB runs it).
    golden!(q,
        sqlite: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."a" IN (SELECT value FROM json_each(?))"#, vec![json(&text)]),
        postgres: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."a" = ANY($1)"#, vec![Value::Array(ints(N))]),
        mysql: ok("SELECT `t`.`id` FROM `t` WHERE `t`.`a` IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` BIGINT PATH '$')) AS `sqlweave_json`) AS `sqlweave_in`)", vec![json(&text)]),
    );
    // NOT IN, a NULL and booleans (0 / 1 on MySQL, as bound there; true / false in
    // SQLite's JSON, which json_each reads as 1 / 0).
    let mut vals = vec![Value::Null, Value::Bool(true)];
    vals.extend(ints(N));
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("a").not_in_list(vals.clone()));
    let tail = text.join(",");
    golden!(q,
        sqlite: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."a" NOT IN (SELECT value FROM json_each(?))"#, vec![Value::Text(format!("[null,true,{tail}]"))]),
        postgres: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."a" <> ALL($1)"#, vec![Value::Array(vals)]),
        mysql: ok("SELECT `t`.`id` FROM `t` WHERE `t`.`a` NOT IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` BIGINT PATH '$')) AS `sqlweave_json`) AS `sqlweave_in`)", vec![Value::Text(format!("[null,1,{tail}]"))]),
    );
    // Unsigned values past i64::MAX: only MySQL stores them, as BIGINT UNSIGNED.
    let big: Vec<Value> = (0..N as u64).map(|i| Value::U64(u64::MAX - i)).collect();
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("u").in_list(big));
    let text: Vec<String> = (0..N as u64).map(|i| (u64::MAX - i).to_string()).collect();
    golden!(q,
        sqlite: err("does not fit a signed 64-bit integer"),
        postgres: err("does not fit a signed 64-bit integer"),
        mysql: ok("SELECT `t`.`id` FROM `t` WHERE `t`.`u` IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` BIGINT UNSIGNED PATH '$')) AS `sqlweave_json`) AS `sqlweave_in`)", vec![json(&text)]),
    );
}

#[test]
fn golden_float_and_text_lists() {
    // Past MySQL's whole limit, where its refusals show.
    const N: i64 = 70_000;
    let t = TableRef::new("t");
    let floats: Vec<Value> = (0..N).map(|i| Value::F64(i as f64 / 8.0 + 0.1)).collect();
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("f").in_list(floats.clone()));
    let seventeen: Vec<String> = (0..N)
        .map(|i| format!("{:.16e}", i as f64 / 8.0 + 0.1))
        .collect();
    let shortest: Vec<String> = (0..N)
        .map(|i| format!("{:e}", i as f64 / 8.0 + 0.1))
        .collect();
    golden!(q,
        sqlite: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."f" IN (SELECT value FROM json_each(?))"#, vec![json(&seventeen)]),
        postgres: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."f" = ANY($1)"#, vec![Value::Array(floats.clone())]),
        // MySQL 8 reads JSON numbers with RapidJSON's default precision: not exact.
        mysql: err("MySQL takes at most 65535"),
        mariadb: ok("SELECT `t`.`id` FROM `t` WHERE `t`.`f` IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` DOUBLE PATH '$')) AS `sqlweave_json`) AS `sqlweave_in`)", vec![json(&shortest)]),
    );
    // A float SQLite would misread from JSON (1e-300) keeps SQLite's list plain.
    let mut tiny = floats.clone();
    tiny.push(Value::F64(1e-300));
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("f").in_list(tiny.clone()));
    let mut with_tiny = shortest.clone();
    with_tiny.push("1e-300".into());
    golden!(q,
        sqlite: err("SQLite takes at most 32766"),
        postgres: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."f" = ANY($1)"#, vec![Value::Array(tiny)]),
        mysql: err("MySQL takes at most 65535"),
        mariadb: ok("SELECT `t`.`id` FROM `t` WHERE `t`.`f` IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` DOUBLE PATH '$')) AS `sqlweave_json`) AS `sqlweave_in`)", vec![json(&with_tiny)]),
    );
    // Text: never as JSON on MySQL / MariaDB (the JSON column's collation would decide).
    let texts: Vec<Value> = (0..N).map(|i| Value::from(format!("s'\"\\{i}"))).collect();
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("s").in_list(texts.clone()));
    let quoted: Vec<String> = (0..N).map(|i| format!(r#""s'\"\\{i}""#)).collect();
    golden!(q,
        sqlite: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."s" IN (SELECT value FROM json_each(?))"#, vec![json(&quoted)]),
        postgres: ok(r#"SELECT "t"."id" FROM "t" WHERE "t"."s" = ANY($1)"#, vec![Value::Array(texts)]),
        mysql: err("MySQL takes at most 65535"),
        mariadb: err("MariaDB takes at most 65535"),
    );
}

/// Array values are parameters only where the dialect's driver binds arrays; a dialect
/// that does not say so (a third party's, by default) refuses them and keeps long lists
/// plain.
#[test]
fn array_parameters_only_where_the_driver_binds_them() {
    let e = Expr::column("a").eq(Expr::value(Value::Array(vec![Value::I64(1)])));
    for d in [
        &Ansi as &dyn sqlweave::Dialect,
        &Sqlite,
        &MySql::mysql8(),
        &MySql::mariadb(),
    ] {
        let got = render_expr(d, &e);
        assert!(
            matches!(&got, Err(Error::Unsupported { feature, .. }) if feature == "array parameters"),
            "{}: {got:?}",
            d.name()
        );
    }
    assert_eq!(render_expr(&Postgres, &e).unwrap().sql, r#""a" = $1"#);
    let nested = Expr::column("a").eq(Expr::value(Value::Array(vec![Value::Array(vec![])])));
    assert!(matches!(
        render_expr(&Postgres, &nested),
        Err(Error::Value(_))
    ));
    // A long list on a dialect without a one-parameter form: plain, refused past the limit.
    let long = Expr::column("a").in_list(ints(70_000));
    assert!(matches!(
        render_expr(&Ansi, &long),
        Err(Error::TooManyParams { count: 70_000, .. })
    ));
}

/// Literals have no limit: the debug rendering writes a long list out plainly.
#[test]
fn debug_literals_write_long_lists_plainly() {
    let t = TableRef::new("t");
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .filter(t.col("a").in_list(ints(N)));
    for d in [
        &Sqlite as &dyn sqlweave::Dialect,
        &Postgres,
        &MySql::mariadb(),
    ] {
        let sql = q.render_debug_literals(d).unwrap();
        assert!(sql.contains(" IN (0, 1, 2, "), "{}", d.name());
        assert!(sql.ends_with(", 39998, 39999)"), "{}", d.name());
    }
}

// --- on the databases ---

/// SELECT / NOT IN with and without NULLs / UPDATE / DELETE with integer lists past the
/// whole limit, on a fresh table.
#[test]
fn integer_lists_select_update_delete() {
    for mut db in Db::all() {
        let d = db.name();
        let t = db.table("in_int", "id BIGINT, a BIGINT, b BIGINT");
        let rows: Vec<String> = (0..60_i64)
            .map(|i| {
                let a = if i % 10 == 9 {
                    "NULL".to_string()
                } else {
                    i.to_string()
                };
                format!("({i}, {a}, 0)")
            })
            .collect();
        db.conn
            .execute_raw_batch(&format!("INSERT INTO {t} VALUES {}", rows.join(", ")))
            .unwrap();
        let short: Vec<Value> = (0..60_i64)
            .filter(|i| i % 3 == 0)
            .map(Value::I64)
            .chain([Value::I64(-5)])
            .collect();
        let filler = |i: usize| Value::I64(1_000_000 + i as i64);
        let long = long_list(&db, &short, filler);
        same_rows(&mut db, &t, "a", &short, &long);
        // A NULL in the list: IN keeps its matches, NOT IN holds for no row.
        let mut short_null = short.clone();
        short_null.push(Value::Null);
        let long_null = long_list(&db, &short_null, filler);
        same_rows(&mut db, &t, "a", &short_null, &long_null);
        let tr = TableRef::new(t.clone());
        assert_eq!(
            ids(&mut db, &t, tr.col("a").not_in_list(long_null.clone())),
            Vec::<i64>::new(),
            "{d}"
        );
        // UPDATE and DELETE.
        let matching = ids(&mut db, &t, tr.col("a").in_list(short.clone()));
        assert_eq!(matching.len(), 18, "{d}");
        let up = Update::table(tr.clone())
            .set_expr("b", tr.col("b").add(1_i64))
            .filter(tr.col("a").in_list(long.clone()));
        assert_eq!(db.conn.execute(&up).unwrap(), 18, "{d}");
        assert_eq!(ids(&mut db, &t, tr.col("b").eq(1_i64)), matching, "{d}");
        let kept_by_not_in = ids(&mut db, &t, tr.col("a").not_in_list(short.clone()));
        let del = Delete::from(tr.clone()).filter(tr.col("a").not_in_list(long.clone()));
        assert_eq!(
            db.conn.execute(&del).unwrap(),
            kept_by_not_in.len() as u64,
            "{d}"
        );
        let left = ids(&mut db, &t, Expr::True);
        assert_eq!(left.len(), 60 - kept_by_not_in.len(), "{d}");
        let del = Delete::from(tr.clone()).filter(tr.col("a").in_list(long));
        assert_eq!(db.conn.execute(&del).unwrap(), 18, "{d}");
        assert_eq!(ids(&mut db, &t, Expr::True).len(), 6, "{d}: the NULL rows");
    }
}

/// MariaDB: unsigned values past i64::MAX go as BIGINT UNSIGNED.
#[test]
fn unsigned_lists_on_mariadb() {
    for mut db in Db::servers() {
        if db.kind != Kind::MySql {
            continue;
        }
        let t = db.table("in_u64", "id BIGINT, u BIGINT UNSIGNED");
        db.conn
            .execute_raw_batch(&format!(
                "INSERT INTO {t} VALUES (1, 18446744073709551615), (2, 9223372036854775808), (3, 7), (4, NULL)"
            ))
            .unwrap();
        let short = [Value::U64(u64::MAX), Value::U64(7), Value::U64(1 << 63 | 1)];
        let long = long_list(&db, &short, |i| Value::U64(u64::MAX / 2 - i as u64));
        same_rows(&mut db, &t, "u", &short, &long);
        let tr = TableRef::new(t.clone());
        assert_eq!(ids(&mut db, &t, tr.col("u").in_list(long)), [1, 3]);
    }
}

/// Random bit patterns, shared by the float tests.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn finite(&mut self) -> f64 {
        loop {
            let f = f64::from_bits(self.next());
            if f.is_finite() {
                return f;
            }
        }
    }
}

const SPECIAL_FLOATS: [f64; 12] = [
    0.1,
    -0.0,
    1e-300,
    5e-324,
    2.2250738585072014e-308,
    f64::MAX,
    -f64::MAX,
    1e-83,
    9.999999999999999e117,
    1e118,
    1.0 / 3.0,
    123456789.0,
];

/// Every float of a long list matches its own row exactly, on every database; on
/// SQLite a list holding a float its JSON reader would misread stays plain (an error
/// past the limit).
#[test]
fn float_lists_match_exactly() {
    let mut rng = XorShift(0x5eed_f10a_7000_0001);
    let mut values: Vec<f64> = SPECIAL_FLOATS.to_vec();
    values.extend((0..2_000).map(|_| rng.finite()));
    for mut db in Db::all() {
        let d = db.name();
        let t = db.table("in_f", "id BIGINT, f DOUBLE PRECISION");
        let ins = db.sql(&format!("INSERT INTO {t} (id, f) VALUES (?, ?)"));
        db.conn.begin().unwrap();
        for (i, f) in values.iter().enumerate() {
            db.conn
                .execute_sql(&ins, &[Value::I64(i as i64), Value::F64(*f)])
                .unwrap();
        }
        db.conn.commit().unwrap();
        // F32 values of the list compare as their exact double.
        let stored: Vec<Value> = values
            .iter()
            .map(|f| match *f as f32 {
                g if f64::from(g) == *f && f.is_normal() => Value::F32(g),
                _ => Value::F64(*f),
            })
            .collect();
        let sendable: Vec<Value> = if db.kind == Kind::Sqlite {
            let exact = |v: &Value| match v {
                Value::F32(g) => in_sqlite_range(f64::from(*g)),
                Value::F64(f) => in_sqlite_range(*f),
                _ => true,
            };
            let (inside, outside): (Vec<Value>, Vec<Value>) =
                stored.iter().cloned().partition(exact);
            assert!(outside.len() > 100, "random patterns reach past the range");
            for v in outside.iter().take(20) {
                let mut list = long_list(&db, &inside, filler_float);
                list.push(v.clone());
                let tr = TableRef::new(t.clone());
                assert!(
                    matches!(
                        render_expr(&Sqlite, &tr.col("f").in_list(list)),
                        Err(Error::TooManyParams { .. })
                    ),
                    "{d}: {v:?} must keep the list plain"
                );
            }
            inside
        } else {
            stored
        };
        let long = long_list(&db, &sendable, filler_float);
        let tr = TableRef::new(t.clone());
        assert_eq!(
            param_count(db.conn.dialect(), &tr.col("f").in_list(long.clone())),
            1
        );
        let want: Vec<i64> = {
            let mut w: Vec<i64> = sendable
                .iter()
                .map(|v| {
                    let f = match v {
                        Value::F32(g) => f64::from(*g),
                        Value::F64(f) => *f,
                        _ => unreachable!(),
                    };
                    values
                        .iter()
                        .position(|x| x.to_bits() == f.to_bits())
                        .unwrap() as i64
                })
                .collect();
            // -0.0 also matches 0.0 rows, and duplicates match twice: none here.
            w.sort();
            w
        };
        let got = ids(&mut db, &t, tr.col("f").in_list(long.clone()));
        let missing: Vec<f64> = want
            .iter()
            .filter(|i| !got.contains(i))
            .map(|i| values[*i as usize])
            .take(5)
            .collect();
        assert!(missing.is_empty(), "{d}: rows not matched: {missing:?}");
        assert_eq!(got, want, "{d}");
        let rest = ids(&mut db, &t, tr.col("f").not_in_list(long));
        assert_eq!(rest.len() + want.len(), values.len(), "{d}: NOT IN");
    }
}

fn in_sqlite_range(f: f64) -> bool {
    f == 0.0 || (1e-83..1e118).contains(&f.abs())
}

/// Fillers that match none of the stored floats (all of which differ from integers
/// past 2^60 by a fraction, or are other integers).
fn filler_float(i: usize) -> Value {
    Value::F64(-((1u64 << 61) as f64) - (i as f64) * 1024.0)
}

/// SQLite reads back every float it is sent in a JSON list: 100,000 random bit
/// patterns within the range the renderer sends (and its edges), each matching its row.
#[test]
fn sqlite_reads_back_every_float_sent_as_json() {
    let mut rng = XorShift(0x0dd_ba11_cafe_f00d);
    let mut values: Vec<f64> = Vec::new();
    while values.len() < 100_000 {
        let f = rng.finite();
        if in_sqlite_range(f) {
            values.push(f);
        }
    }
    for edge in [1e-83_f64, 1e118] {
        let mut up = edge;
        let mut down = edge;
        for _ in 0..500 {
            for f in [up, down, -up, -down] {
                if in_sqlite_range(f) {
                    values.push(f);
                }
            }
            up = f64::from_bits(up.to_bits() + 1);
            down = f64::from_bits(down.to_bits() - 1);
        }
    }
    let mut conn = exec_support::sqlite_memory();
    conn.execute_raw_batch("CREATE TABLE f (id BIGINT, f REAL)")
        .unwrap();
    conn.begin().unwrap();
    for (i, f) in values.iter().enumerate() {
        conn.execute_sql(
            "INSERT INTO f (id, f) VALUES (?, ?)",
            &[Value::I64(i as i64), Value::F64(*f)],
        )
        .unwrap();
    }
    conn.commit().unwrap();
    let list: Vec<Value> = values.iter().map(|f| Value::F64(*f)).collect();
    let cond = TableRef::new("f").col("f").not_in_list(list);
    assert_eq!(param_count(&Sqlite, &cond), 1);
    let misread: Vec<f64> = ids_on(&mut conn, "f", cond)
        .iter()
        .take(5)
        .map(|i| values[*i as usize])
        .collect();
    assert!(misread.is_empty(), "SQLite misread {misread:?}");
}

/// Text lists mean what the plain list means: on SQLite with its collations, on
/// PostgreSQL with citext, char(n), enums and a case-insensitive ICU collation (the
/// array's type is inferred from the column); on MariaDB they stay plain (refused
/// past the limit).
#[test]
fn text_lists_compare_as_the_column_does() {
    let short: Vec<Value> = ["abc", "ABC", "ab", "s'\"\\x", "ok", "happy", "ä", "Straße"]
        .iter()
        .map(|s| Value::from(*s))
        .collect();
    let filler = |i: usize| Value::from(format!("zz-filler-{i}"));
    for mut db in Db::all() {
        let d = db.name();
        match db.kind {
            Kind::Sqlite => {
                let t = db.table("in_txt", "id BIGINT, s TEXT, ci TEXT COLLATE NOCASE");
                db.conn
                    .execute_raw_batch(&format!(
                        "INSERT INTO {t} VALUES (1, 'abc', 'abc'), (2, 'ABC ', 'Abc'), \
                         (3, 's''\"\\x', 'S''\"\\X'), (4, NULL, NULL), (5, 'ä', 'Ä')"
                    ))
                    .unwrap();
                let long = long_list(&db, &short, filler);
                same_rows(&mut db, &t, "s", &short, &long);
                same_rows(&mut db, &t, "ci", &short, &long);
                let tr = TableRef::new(t.clone());
                assert_eq!(ids(&mut db, &t, tr.col("ci").in_list(long)), [1, 2, 3]);
            }
            Kind::Pg => {
                // Types and the extension live in a transaction rolled back at the end.
                db.conn.begin().unwrap();
                db.conn
                    .execute_raw_batch(
                        "CREATE EXTENSION IF NOT EXISTS citext;
                         CREATE TYPE pg_temp.sw_mood AS ENUM ('sad', 'ok', 'happy', 'meh');
                         CREATE COLLATION pg_temp.sw_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
                         CREATE TEMP TABLE sw_in_txt (id BIGINT, s TEXT, c citext, p CHAR(5), e pg_temp.sw_mood, ci TEXT COLLATE pg_temp.sw_ci, v VARCHAR(10));
                         INSERT INTO sw_in_txt VALUES
                           (1, 'abc', 'ABC', 'ab', 'ok', 'ABC', 'abc'),
                           (2, 'ABC', 'abc ', 'abc', 'happy', 'abc', 'ABC'),
                           (3, 's''\"\\x', 's''\"\\X', 'ab   ', 'sad', 'STRASSE', 'ab'),
                           (4, NULL, NULL, NULL, NULL, NULL, NULL),
                           (5, 'ä', 'Ä', 'ä', 'ok', 'Ä', 'ä');",
                    )
                    .unwrap();
                let long = long_list(&db, &short, filler);
                for col in ["s", "c", "p", "ci", "v"] {
                    same_rows(&mut db, "sw_in_txt", col, &short, &long);
                }
                // What the column's type and collation make of them:
                let tr = TableRef::new("sw_in_txt");
                assert_eq!(
                    ids(&mut db, "sw_in_txt", tr.col("c").in_list(long.clone())),
                    [1, 3, 5]
                );
                assert_eq!(
                    ids(&mut db, "sw_in_txt", tr.col("p").in_list(long.clone())),
                    [1, 2, 3, 5]
                );
                // Case-insensitive, accent- and ß-sensitive (level 2): 'STRASSE' ≠ 'Straße'.
                assert_eq!(
                    ids(&mut db, "sw_in_txt", tr.col("ci").in_list(long.clone())),
                    [1, 2, 5]
                );
                // Enum labels: the fillers are not labels, an error as in the plain list.
                let labels: Vec<Value> = ["ok", "happy"].iter().map(|s| Value::from(*s)).collect();
                let enum_long = long_list(&db, &labels, |_| Value::from("meh"));
                same_rows(&mut db, "sw_in_txt", "e", &labels, &enum_long);
                assert!(
                    db.conn
                        .fetch_all(
                            &Select::new()
                                .column(tr.col("id"))
                                .from(tr.clone())
                                .filter(tr.col("e").in_list(long.clone()))
                        )
                        .is_err(),
                    "{d}: not an enum label"
                );
                db.conn.rollback().unwrap();
            }
            Kind::MySql => {
                let t = db.table(
                    "in_txt",
                    "id BIGINT, s VARCHAR(20) COLLATE utf8mb4_general_ci, b VARCHAR(20) COLLATE utf8mb4_bin",
                );
                let tr = TableRef::new(t.clone());
                let long = long_list(&db, &short, filler);
                for col in ["s", "b"] {
                    let got = db.conn.fetch_all(
                        &Select::new()
                            .column(tr.col("id"))
                            .from(tr.clone())
                            .filter(tr.col(col).in_list(long.clone())),
                    );
                    assert!(
                        matches!(got, Err(Error::TooManyParams { .. })),
                        "{d} {col}: text lists stay plain: {got:?}"
                    );
                }
            }
        }
    }
}

/// Why MariaDB's text lists stay plain: compared with a `JSON_TABLE` column, a text
/// column's collation no longer decides (the plain list's parameters take the column's).
#[test]
fn mariadb_json_table_text_compares_under_its_own_collation() {
    for mut db in Db::servers() {
        if db.kind != Kind::MySql {
            continue;
        }
        let t = db.table(
            "in_coll",
            "id BIGINT, l VARCHAR(10) CHARACTER SET latin1, u VARCHAR(10) COLLATE utf8mb4_unicode_ci",
        );
        db.conn
            .execute_raw_batch(&format!(
                "INSERT INTO {t} VALUES (1, 'abc', 'abc'), (2, 'äbc', 'äbc')"
            ))
            .unwrap();
        let plain = |db: &mut Db, col: &str| {
            let sql = format!("SELECT id FROM {t} WHERE {col} IN (?) ORDER BY id");
            db.conn
                .query_sql(&sql, &[Value::from("ABC")])
                .map(|r| r.rows.len())
        };
        let json = |db: &mut Db, col: &str| {
            let sql = format!(
                "SELECT id FROM {t} WHERE {col} IN (SELECT v FROM JSON_TABLE(?, '$[*]' COLUMNS (v VARCHAR(10) PATH '$')) AS j) ORDER BY id"
            );
            db.conn
                .query_sql(&sql, &[Value::from(r#"["ABC"]"#)])
                .map(|r| r.rows.len())
        };
        // latin1_swedish_ci: 'ä' is its own letter; as utf8mb4_general_ci it is an 'a'.
        assert_eq!(plain(&mut db, "l").unwrap(), 1);
        assert_eq!(json(&mut db, "l").unwrap(), 2);
        // utf8mb4_unicode_ci (ä = a) against the JSON column's utf8mb4_general_ci: refused.
        assert_eq!(plain(&mut db, "u").unwrap(), 2);
        assert!(json(&mut db, "u").is_err());
    }
}

/// PostgreSQL plans the list as a constant array (a hashed lookup, the column's
/// statistics), on a fresh table, for SELECT, UPDATE and DELETE; and a statement run
/// again and again is planned with its array every time, never on a generic plan where
/// the array is an unknown parameter (searched linearly for every row).
#[test]
fn postgres_plans_the_array_as_a_constant() {
    for mut db in Db::servers() {
        if db.kind != Kind::Pg {
            continue;
        }
        let t = db.table("in_plan", "id BIGINT, a BIGINT, b BIGINT");
        db.conn
            .execute_raw_batch(&format!(
                "ALTER TABLE {t} SET (autovacuum_enabled = false);
                 INSERT INTO {t} SELECT g, g, 0 FROM generate_series(1, 200) g;"
            ))
            .unwrap();
        let tr = TableRef::new(t.clone());
        let list: Vec<i64> = (0..40_000).map(|i| i * 3).collect();
        let cond = tr.col("a").in_list(list.clone());
        let select = Select::new()
            .column(func::count_star())
            .from(tr.clone())
            .filter(cond.clone());
        let update = Update::table(tr.clone())
            .set_expr("b", tr.col("b").add(1_i64))
            .filter(cond.clone());
        let delete = Delete::from(tr.clone()).filter(tr.col("a").not_in_list(list.clone()));
        for stmt in [&select as &dyn sqlweave::Statement, &update, &delete] {
            let r = stmt.render_for(db.conn.dialect()).unwrap();
            let plan = db
                .conn
                .query_sql(&format!("EXPLAIN {}", r.sql), &r.params)
                .unwrap();
            let filter = plan
                .rows
                .iter()
                .map(|row| row.get::<String>(0).unwrap())
                .find(|l| l.trim_start().starts_with("Filter:"))
                .unwrap_or_else(|| panic!("no filter in the plan of {}", r.sql));
            let filter = filter.trim();
            let constant = (filter.starts_with("Filter: (a = ANY ('{0,3,6,")
                || filter.starts_with("Filter: (a <> ALL ('{0,3,6,"))
                && filter.ends_with(",119997}'::bigint[]))");
            assert!(
                constant,
                "the array must be a constant of the plan: {}…{}",
                &filter[..60.min(filter.len())],
                &filter[filter.len().saturating_sub(60)..]
            );
        }
        let count = |db: &mut Db| {
            db.conn.fetch_all(&select).unwrap().rows[0]
                .get::<i64>(0)
                .unwrap()
        };
        for _ in 0..7 {
            assert_eq!(count(&mut db), 66);
        }
        let sql = select.render(&Postgres).unwrap().sql;
        let generic = db
            .conn
            .query_sql(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1 AND generic_plans > 0",
                &[Value::Text(sql)],
            )
            .unwrap();
        assert_eq!(
            generic.rows[0].get::<i64>(0).unwrap(),
            0,
            "a long IN list must never run on a generic plan"
        );
    }
}
