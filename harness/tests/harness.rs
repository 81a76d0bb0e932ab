//! The harness on the three databases: agreement where the answers are the same,
//! a disagreement that says who differs and how where they are not, private spaces
//! that never meet and are gone after the drop, and unreachable servers reported.
//!
//! With `SQLWEAVE_REQUIRE_SERVERS=1` an unreachable server fails these tests; without
//! it, the assertions that need three databases say they were skipped.

use sqlweave::{Executor, Expr, Select, SqlType, TableRef};
use sqlweave_harness::{Config, Harness, SetupError, Spaces};

/// A table with integers, decimals, text, dates and timestamps, declared per database.
fn setup(dialect: &str) -> String {
    let (text, dec, date, ts, tail) = match dialect {
        "SQLite" => ("TEXT", "NUMERIC", "TEXT", "TEXT", ""),
        "PostgreSQL" => ("TEXT", "NUMERIC(12, 2)", "DATE", "TIMESTAMP(6)", ""),
        _ => (
            "VARCHAR(20)",
            "DECIMAL(12, 2)",
            "DATE",
            "DATETIME(6)",
            " DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin",
        ),
    };
    format!(
        "CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, m {dec}, s {text}, d {date}, ts {ts}){tail};
         INSERT INTO v VALUES
          (1, 7, 2.50, 'a', '2024-01-15', '2024-01-15 10:30:00.500'),
          (2, NULL, 0.10, NULL, NULL, NULL),
          (3, -3, 100, 'it''s', '1999-12-31', '2024-02-29 23:59:59');"
    )
}

fn harness() -> Harness {
    Harness::with_config(&Config::from_env().prefix("sw_harness_t"), setup)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// `true` when all three databases are up; else says the test is skipped.
fn all_three(h: &Harness, test: &str) -> bool {
    let up = h.databases();
    if up.len() < 3 {
        eprintln!("skipped: {test} needs three databases, only {up:?} answered");
        return false;
    }
    true
}

fn v() -> TableRef {
    TableRef::new("v")
}

#[test]
fn equal_answers_agree_across_the_drivers_value_types() {
    let mut h = harness();
    // Integers (int4 on PostgreSQL, i64 elsewhere), decimals (Decimal, or NUMERIC text,
    // or REAL on SQLite), text, NULL, booleans (bool on PostgreSQL, 0/1 elsewhere),
    // dates and timestamps (chrono values, or text; always text on SQLite).
    let q = Select::new()
        .column(v().col("id"))
        .column(v().col("i"))
        .column(v().col("m"))
        .column(v().col("s"))
        .column(v().col("i").gt(0).label("positive"))
        .column(v().col("d"))
        .column(v().col("ts"))
        .from(v())
        .order_by(v().col("id"));
    let rows = h.check(&q).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        rows,
        [
            [
                "1",
                "7",
                "2.5",
                "a",
                "1",
                "2024-01-15",
                "2024-01-15 10:30:00.5"
            ],
            ["2", "NULL", "0.1", "NULL", "NULL", "NULL", "NULL"],
            [
                "3",
                "-3",
                "100",
                "it's",
                "0",
                "1999-12-31",
                "2024-02-29 23:59:59"
            ],
        ]
    );
    // Integer division with the same answer everywhere.
    let q = Select::new()
        .column(v().col("i").int_div(2).label("half"))
        .from(v())
        .order_by(v().col("id"));
    assert_eq!(
        h.check(&q).unwrap_or_else(|d| panic!("{d}")),
        [["3"], ["NULL"], ["-1"]]
    );
    // Without a fixed order, sorted.
    let q = Select::new().column(v().col("s")).from(v());
    assert_eq!(
        h.check_unordered(&q).unwrap_or_else(|d| panic!("{d}")),
        [["NULL"], ["a"], ["it's"]]
    );
    // Every statement run is counted, on every database that is up.
    let databases = h.databases();
    assert_eq!(databases[0], "SQLite");
    assert_eq!(
        h.compared(),
        databases.iter().map(|d| (*d, 3)).collect::<Vec<_>>()
    );
}

#[test]
fn integer_division_differs_on_mariadb_and_the_message_says_how() {
    let mut h = harness();
    if !all_three(&h, "integer_division_differs_on_mariadb") {
        return;
    }
    let q = Select::new().column(Expr::value(7_i64).div(Expr::value(2_i64)).label("q"));
    let d = h.check(&q).expect_err("7 / 2 is 3.5 on MariaDB");
    assert_eq!(d.groups(), [vec!["SQLite", "PostgreSQL"], vec!["MariaDB"]]);
    assert!(d.failed().is_empty());
    assert_eq!(
        d.outcome("SQLite").unwrap().result,
        Ok(vec![vec!["3".into()]])
    );
    assert_eq!(
        d.outcome("MariaDB").unwrap().result,
        Ok(vec![vec!["3.5".into()]])
    );
    let text = d.to_string();
    for needle in [
        "SQLite, PostgreSQL and MariaDB disagree:\n",
        "  SQLite and PostgreSQL: 1 row\n    row 1: [\"3\"]\n",
        "  MariaDB: 1 row\n    row 1: [\"3.5\"]\n",
        "  SQLite ran: SELECT ? / ? AS \"q\"\n      with [I64(7), I64(2)]\n",
        "  PostgreSQL ran: SELECT $1::int8 / $2::int8 AS \"q\"\n",
        "  MariaDB ran: SELECT ? / ? AS `q`\n",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

#[test]
fn an_error_on_one_database_only_is_a_disagreement() {
    let mut h = harness();
    if !all_three(&h, "an_error_on_one_database_only") {
        return;
    }
    // Division by zero: NULL on SQLite and MariaDB, an error on PostgreSQL.
    let q = Select::new()
        .column(v().col("i").div(0).label("q"))
        .from(v())
        .filter(v().col("id").eq(1));
    let d = h
        .check(&q)
        .expect_err("only PostgreSQL refuses to divide by zero");
    assert_eq!(d.failed(), ["PostgreSQL"]);
    assert!(!d.all_failed());
    assert_eq!(d.groups(), [vec!["SQLite", "MariaDB"], vec!["PostgreSQL"]]);
    let text = d.to_string();
    assert!(
        text.contains("  SQLite and MariaDB: 1 row\n    row 1: [\"NULL\"]\n"),
        "{text}"
    );
    assert!(text.contains("  PostgreSQL failed: "), "{text}");
    assert!(text.contains("division by zero"), "{text}");
    assert!(text.contains("  PostgreSQL ran: SELECT "), "{text}");
}

#[test]
fn a_decimal_as_text_differs_where_the_text_differs() {
    let mut h = harness();
    if !all_three(&h, "a_decimal_as_text_differs") {
        return;
    }
    // The same decimal compares equal (2.50 and 2.5)...
    let q = Select::new()
        .column(v().col("m"))
        .from(v())
        .filter(v().col("id").eq(1));
    assert_eq!(h.check(&q).unwrap_or_else(|d| panic!("{d}")), [["2.5"]]);
    // ...but its text does not: "2.50" from the DECIMAL(12, 2) column, "2.5" from
    // SQLite's REAL.
    let q = Select::new()
        .column(v().col("m").cast(SqlType::Text).label("t"))
        .from(v())
        .filter(v().col("id").eq(1));
    let d = h.check(&q).expect_err("text compares exactly");
    assert_eq!(d.groups(), [vec!["SQLite"], vec!["PostgreSQL", "MariaDB"]]);
    assert_eq!(
        d.outcome("SQLite").unwrap().result,
        Ok(vec![vec!["2.5".into()]])
    );
    assert_eq!(
        d.outcome("MariaDB").unwrap().result,
        Ok(vec![vec!["2.50".into()]])
    );
}

#[test]
fn a_statement_failing_everywhere_is_reported_as_such() {
    let mut h = harness();
    let q = Select::new()
        .column(TableRef::new("no_such_table").col("x"))
        .from(TableRef::new("no_such_table"));
    let d = h.check(&q).expect_err("no rows to agree on");
    assert!(d.all_failed());
    assert_eq!(d.failed(), h.databases());
    let text = d.to_string();
    assert!(text.starts_with("the statement failed on SQLite"), "{text}");
    assert!(text.contains("SQLite failed: "), "{text}");
}

/// On each server: does a schema (PostgreSQL) / database (MariaDB) named `name` exist?
fn space_exists(name: &str) -> Vec<(&'static str, bool)> {
    let config = Config::from_env();
    let mut found = Vec::new();
    if let Some(mut pg) = config.connect_postgres().unwrap_or_else(|e| panic!("{e}")) {
        let rows = pg
            .query_sql(
                "SELECT 1 FROM pg_namespace WHERE nspname = $1",
                &[name.into()],
            )
            .unwrap();
        found.push(("PostgreSQL", !rows.is_empty()));
    }
    if let Some(mut my) = config.connect_mysql().unwrap_or_else(|e| panic!("{e}")) {
        let rows = my
            .query_sql(
                "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                &[name.into()],
            )
            .unwrap();
        found.push(("MariaDB", !rows.is_empty()));
    }
    found
}

#[test]
fn spaces_are_private_and_gone_after_the_drop() {
    let config = Config::from_env().prefix("sw_harness_spaces");
    let mut a = Spaces::open(&config).unwrap_or_else(|e| panic!("{e}"));
    let mut b = Spaces::open(&config).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(a.name(), b.name());
    assert!(a.name().starts_with("sw_harness_spaces_"), "{}", a.name());
    // The same table name in both, with different rows.
    a.load(|_| "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);".into())
        .unwrap_or_else(|e| panic!("{e}"));
    b.load(|_| "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (2);".into())
        .unwrap_or_else(|e| panic!("{e}"));
    let q = Select::new()
        .column(TableRef::new("t").col("x"))
        .from(TableRef::new("t"));
    let mut ha = Harness::with_spaces(a, |_| String::new()).unwrap();
    let mut hb = Harness::with_spaces(b, |_| String::new()).unwrap();
    assert_eq!(ha.check(&q).unwrap_or_else(|d| panic!("{d}")), [["1"]]);
    assert_eq!(hb.check(&q).unwrap_or_else(|d| panic!("{d}")), [["2"]]);

    let name = ha.spaces().name().to_string();
    let before = space_exists(&name);
    assert!(before.iter().all(|(_, exists)| *exists), "{before:?}");
    // Dropped inside an open transaction: rolled back, then the space is dropped.
    if let Some(pg) = ha.spaces().postgres() {
        pg.begin().unwrap();
        pg.execute_raw_batch("INSERT INTO t VALUES (3)").unwrap();
    }
    drop(ha);
    let after = space_exists(&name);
    assert_eq!(after.len(), before.len());
    assert!(after.iter().all(|(_, exists)| !*exists), "{after:?}");
    assert!(space_exists(hb.spaces().name()).iter().all(|(_, e)| *e));
}

#[test]
fn existing_connections_get_a_space_too() {
    let config = Config::from_env().prefix("sw_harness_given");
    let sqlite = sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap();
    let pg = config.connect_postgres().unwrap_or_else(|e| panic!("{e}"));
    let mysql = config.connect_mysql().unwrap_or_else(|e| panic!("{e}"));
    let up = 1 + usize::from(pg.is_some()) + usize::from(mysql.is_some());
    let spaces = Spaces::with_connections(&config, sqlite, pg, mysql).unwrap();
    assert!(spaces.skipped().is_empty());
    let mut h = Harness::with_spaces(spaces, setup).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.databases().len(), up);
    let q = Select::new()
        .column(v().col("id"))
        .from(v())
        .filter(v().col("s").eq("a"));
    assert_eq!(h.check(&q).unwrap_or_else(|d| panic!("{d}")), [["1"]]);
}

#[test]
fn an_unreachable_server_is_an_error_when_required_and_skipped_otherwise() {
    // Port 1 on the loopback: nothing listens there.
    let pg_url = "host=127.0.0.1 port=1 user=ci password=hunter2 dbname=test connect_timeout=2";
    let my_url = "mysql://ci:hunter2@127.0.0.1:1/test";
    let err = Spaces::open(&Config::new(pg_url, my_url)).expect_err("nothing at port 1");
    match &err {
        SetupError::Unreachable { database, url, .. } => {
            assert_eq!(*database, "PostgreSQL");
            assert!(
                url.contains("port=1") && url.contains("password=***"),
                "{url}"
            );
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(text.starts_with("PostgreSQL unreachable at "), "{text}");
    assert!(text.contains("every database is required"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");

    let config = Config::new(pg_url, my_url).require_all(false);
    let spaces = Spaces::open(&config).unwrap_or_else(|e| panic!("{e}"));
    let skipped: Vec<_> = spaces.skipped().iter().map(|s| s.database).collect();
    assert_eq!(skipped, ["PostgreSQL", "MariaDB/MySQL"]);
    assert!(
        spaces
            .skipped()
            .iter()
            .all(|s| !s.to_string().contains("hunter2"))
    );
    let mut h = Harness::with_spaces(spaces, |_| "CREATE TABLE t (x INTEGER)".into()).unwrap();
    assert_eq!(h.databases(), ["SQLite"]);
    let q = Select::new().column(Expr::value(7_i64).div(Expr::value(2_i64)).label("q"));
    assert_eq!(h.check(&q).unwrap_or_else(|d| panic!("{d}")), [["3"]]);
    assert_eq!(h.compared(), [("SQLite", 1)]);
}
