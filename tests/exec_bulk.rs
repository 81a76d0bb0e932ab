//! Bulk loads (`sqlweave::bulk_load`): PostgreSQL's binary COPY, multi-row prepared
//! INSERTs on SQLite and MariaDB. Every value type comes back exactly as it went in
//! (decimals, dates, timestamps, NULLs, text with quotes, backslashes, tabs, newlines
//! and emoji), a row of the wrong width loads nothing, and progress is reported.
//! One test body, run per database. (The 1,000,000-row load is in `benches/exec.rs`
//! and `examples/bulk_load.rs`.)
#![cfg(all(feature = "chrono", feature = "decimal"))]

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sqlweave::{Error, Executor, Expr, Select, TableRef, Value, bulk_load, table, transaction};
use sqlweave_harness::{Config, Spaces};

const COLUMNS: [&str; 6] = ["id", "amount", "day", "at", "note", "score"];
const ROWS: i64 = 2_500;

fn spaces() -> Spaces {
    let mut spaces =
        Spaces::open(&Config::from_env().prefix("sw_bulk")).unwrap_or_else(|e| panic!("{e}"));
    spaces
        .load(|db| match db {
            "SQLite" => "CREATE TABLE loaded (id INTEGER PRIMARY KEY, amount NUMERIC, day DATE, \
                         at TIMESTAMP, note TEXT, score DOUBLE PRECISION)"
                .into(),
            "PostgreSQL" => "CREATE TABLE loaded (id BIGINT PRIMARY KEY, amount NUMERIC(12, 2), \
                             day DATE, at TIMESTAMP, note TEXT, score DOUBLE PRECISION)"
                .into(),
            _ => "CREATE TABLE loaded (id BIGINT PRIMARY KEY, amount DECIMAL(12, 2), day DATE, \
                  at DATETIME(6), note TEXT, score DOUBLE) DEFAULT CHARSET utf8mb4"
                .into(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
    spaces
}

const NOTES: [&str; 6] = [
    "plain",
    "it's \"quoted\"; -- not a comment",
    "back\\slash \\N and \\.",
    "tab\there\nnew line\r\n",
    "emoji 🦀 and accents: éàü ß",
    "",
];

/// Row `i`: every column NULL on some rows, each type at its awkward values.
fn row(i: i64) -> Vec<Value> {
    let null = |every: i64| i % every == every - 1;
    let amount = Decimal::new(i * 137 - 50_000, 2); // negative, zero-padded cents, whole
    let day = NaiveDate::from_ymd_opt(
        1999 + (i % 30) as i32,
        1 + (i % 12) as u32,
        1 + (i % 28) as u32,
    )
    .unwrap();
    let at = day
        .and_hms_micro_opt(
            (i % 24) as u32,
            (i % 60) as u32,
            59,
            (i * 7919 % 1_000_000) as u32,
        )
        .unwrap();
    vec![
        Value::I64(i),
        if null(7) {
            Value::Null
        } else {
            Value::Decimal(amount)
        },
        if null(5) {
            Value::Null
        } else {
            Value::Date(day)
        },
        if null(6) {
            Value::Null
        } else {
            Value::Timestamp(at)
        },
        if null(4) {
            Value::Null
        } else {
            Value::from(NOTES[(i % 6) as usize])
        },
        if null(9) {
            Value::Null
        } else {
            Value::F64(i as f64 / 3.0)
        },
    ]
}

fn load_and_check(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let mut reports = Vec::new();
    let n = bulk_load(
        conn,
        &TableRef::new("loaded"),
        &COLUMNS,
        (0..ROWS).map(row),
        |done| reports.push(done),
    )
    .unwrap_or_else(|e| panic!("{db}: {e}"));
    assert_eq!(n, ROWS as u64, "{db}");
    assert_eq!(reports.last(), Some(&(ROWS as u64)), "{db}: {reports:?}");
    assert!(reports.windows(2).all(|w| w[0] < w[1]), "{db}: {reports:?}");

    let q = Select::new()
        .columns(COLUMNS.map(Expr::column))
        .from(table("loaded"))
        .order_by(Expr::column("id").asc());
    let rows = conn.fetch_all(&q).unwrap();
    assert_eq!(rows.len(), ROWS as usize, "{db}");
    for (i, got) in rows.iter().enumerate() {
        let want = row(i as i64);
        let at = |c: usize| format!("{db}: row {i} column {}", COLUMNS[c]);
        assert_eq!(got.get::<i64>(0).unwrap(), i as i64, "{}", at(0));
        let dec = |v: &Value| match v {
            Value::Decimal(d) => Some(*d),
            _ => None,
        };
        assert_eq!(
            got.get::<Option<Decimal>>(1).unwrap(),
            dec(&want[1]),
            "{}",
            at(1)
        );
        let date = |v: &Value| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        };
        assert_eq!(
            got.get::<Option<NaiveDate>>(2).unwrap(),
            date(&want[2]),
            "{}",
            at(2)
        );
        let ts = |v: &Value| match v {
            Value::Timestamp(t) => Some(*t),
            _ => None,
        };
        assert_eq!(
            got.get::<Option<NaiveDateTime>>(3).unwrap(),
            ts(&want[3]),
            "{}",
            at(3)
        );
        let text = |v: &Value| match v {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        };
        assert_eq!(
            got.get::<Option<String>>(4).unwrap(),
            text(&want[4]),
            "{}",
            at(4)
        );
        let float = |v: &Value| match v {
            Value::F64(f) => Some(*f),
            _ => None,
        };
        assert_eq!(
            got.get::<Option<f64>>(5).unwrap(),
            float(&want[5]),
            "{}",
            at(5)
        );
    }

    // A row of the wrong width: an error, and nothing of that load lands.
    let rows = (ROWS..ROWS + 1500).map(|i| {
        let mut r = row(i);
        if i == ROWS + 1200 {
            r.pop();
        }
        r
    });
    match bulk_load(conn, &TableRef::new("loaded"), &COLUMNS, rows, |_| {}) {
        Err(Error::Bind(m)) => assert!(
            m.contains("row 1201 ") && m.contains("5 values for 6"),
            "{db}: {m}"
        ),
        other => panic!("{db}: {other:?}"),
    }
    let count = Select::new()
        .column_as(sqlweave::func::count_star(), "n")
        .from(table("loaded"));
    assert_eq!(
        conn.fetch_one(&count).unwrap().get::<i64>(0).unwrap(),
        ROWS,
        "{db}"
    );

    // Inside a transaction the load is part of it: rolled back with it.
    let rolled: sqlweave::Result<()> = transaction(conn, |tx| {
        bulk_load(
            tx,
            &TableRef::new("loaded"),
            &COLUMNS,
            (ROWS..ROWS + 10).map(row),
            |_| {},
        )?;
        Err(Error::invalid("roll back"))
    });
    assert!(rolled.is_err());
    assert_eq!(
        conn.fetch_one(&count).unwrap().get::<i64>(0).unwrap(),
        ROWS,
        "{db}"
    );

    // A duplicate key fails the whole load.
    let dup = bulk_load(
        conn,
        &TableRef::new("loaded"),
        &COLUMNS,
        [row(ROWS + 1), row(0)],
        |_| {},
    );
    assert_eq!(
        dup.unwrap_err().db_kind(),
        Some(sqlweave::DbErrorKind::UniqueViolation),
        "{db}"
    );
    assert_eq!(
        conn.fetch_one(&count).unwrap().get::<i64>(0).unwrap(),
        ROWS,
        "{db}"
    );
}

#[test]
fn bulk_loads_round_trip_every_type_on_every_database() {
    let mut spaces = spaces();
    for conn in spaces.conns() {
        load_and_check(conn);
    }
}
