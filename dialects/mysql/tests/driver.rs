//! The MySQL / MariaDB binding against a real server.
//!
//! Connection: `SQLWEAVE_MYSQL_URL`, default `mysql://root@127.0.0.1:3306/test`. Without a
//! reachable server each test says it was skipped and passes, unless
//! `SQLWEAVE_REQUIRE_SERVERS=1`, then it fails. Every test works in its own uniquely named
//! tables and drops them at the end (also when it fails), so tests can run in parallel.
#![cfg(feature = "driver")]

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlweave::{Error, Executor, Expr, Rows, Select, TableRef, Value};
use sqlweave_mysql::mysql::prelude::Queryable;
use sqlweave_mysql::{Flavor, MySqlConnection};

const DEFAULT_URL: &str = "mysql://root@127.0.0.1:3306/test";

/// A connection and the tables a test made, dropped when the test ends.
struct Fixture {
    conn: MySqlConnection,
    tables: Vec<String>,
}

impl Fixture {
    /// Connects, or reports the skip (or panics when servers are required).
    fn new() -> Option<Fixture> {
        let url = std::env::var("SQLWEAVE_MYSQL_URL").unwrap_or_else(|_| DEFAULT_URL.into());
        match MySqlConnection::connect(&url) {
            Ok(conn) => Some(Fixture {
                conn,
                tables: Vec::new(),
            }),
            Err(e) => {
                if std::env::var("SQLWEAVE_REQUIRE_SERVERS").as_deref() == Ok("1") {
                    panic!("MariaDB/MySQL unreachable and SQLWEAVE_REQUIRE_SERVERS=1 ({e})");
                }
                // Straight to stderr: the test harness does not capture it, so the skip shows.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped: MariaDB/MySQL unreachable ({e}); set SQLWEAVE_MYSQL_URL to test"
                );
                None
            }
        }
    }

    /// Creates a table with a unique name from `tag` and a column list; returns the name.
    fn table(&mut self, tag: &str, columns: &str) -> String {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("sw_{tag}_{}_{n}", std::process::id());
        self.conn
            .execute_raw_batch(&format!(
                "CREATE TABLE `{name}` ({columns}) DEFAULT CHARSET = utf8mb4"
            ))
            .unwrap();
        self.tables.push(name.clone());
        name
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Rows {
        self.conn
            .query_sql(sql, params)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    fn exec(&mut self, sql: &str, params: &[Value]) -> u64 {
        self.conn
            .execute_sql(sql, params)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The single value of a one-row, one-column result.
    fn scalar(&mut self, sql: &str, params: &[Value]) -> Value {
        let rows = self.query(sql, params);
        assert_eq!(rows.rows.len(), 1, "{sql}");
        rows.rows[0].values()[0].clone()
    }

    /// A session status counter, read over the text protocol so that reading it does not
    /// prepare anything.
    fn status(&mut self, name: &str) -> u64 {
        let row: Option<(String, u64)> = self
            .conn
            .conn()
            .query_first(format!("SHOW SESSION STATUS LIKE '{name}'"))
            .unwrap();
        row.unwrap().1
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        for t in std::mem::take(&mut self.tables) {
            if let Err(e) = self
                .conn
                .execute_raw_batch(&format!("DROP TABLE IF EXISTS `{t}`"))
            {
                let _ = writeln!(std::io::stderr(), "could not drop {t}: {e}");
            }
        }
    }
}

macro_rules! fixture {
    () => {
        match Fixture::new() {
            Some(f) => f,
            None => return,
        }
    };
}

fn database_message(e: Error) -> (String, String) {
    match e {
        Error::Database { message, sql, .. } => (message, sql),
        other => panic!("expected a database error, got {other:?}"),
    }
}

#[test]
fn detects_the_server_flavor() {
    let f = fixture!();
    let version = f.conn.server_version().to_string();
    let maria = version.contains("MariaDB");
    assert_eq!(
        f.conn.dialect_flavor(),
        if maria {
            Flavor::MariaDb
        } else {
            Flavor::MySql8
        },
        "{version}"
    );
    assert_eq!(
        f.conn.dialect().name(),
        if maria { "MariaDB" } else { "MySQL" }
    );
    if std::env::var("SQLWEAVE_MYSQL_URL").is_err() {
        // The local default server is MariaDB 10.11.
        assert_eq!(f.conn.dialect_flavor(), Flavor::MariaDb, "{version}");
    }
    assert!(format!("{:?}", f.conn).contains("flavor"));
}

#[test]
fn connect_errors_are_database_errors() {
    let err = MySqlConnection::connect("postgres://nowhere/x").unwrap_err();
    let (message, sql) = database_message(err);
    assert!(message.starts_with("invalid connection URL"), "{message}");
    assert_eq!(sql, "<connect>");
}

#[test]
fn every_scalar_value_round_trips() {
    let mut f = fixture!();
    let t = f.table(
        "scalars",
        "id INT PRIMARY KEY, i BIGINT, u BIGINT UNSIGNED, r FLOAT, d DOUBLE, \
         s VARCHAR(200), tx MEDIUMTEXT, vb VARBINARY(16), bl BLOB, b TINYINT(1), n INT",
    );
    let text = "it's \"quoted\" \\ back\\slash 😀 emoji \0 nul ``";
    let bytes = vec![0x00, 0xFF, 0x27, 0x5C, 0x00];
    let insert = format!("INSERT INTO `{t}` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    let rows: [[Value; 11]; 3] = [
        [
            Value::I32(1),
            Value::I64(i64::MIN),
            Value::U64(u64::MAX),
            Value::F32(1.5),
            Value::F64(0.1),
            Value::Text(text.into()),
            Value::Text(text.into()),
            Value::Bytes(bytes.clone()),
            Value::Bytes(bytes.clone()),
            Value::Bool(true),
            Value::Null,
        ],
        [
            Value::I8(2),
            Value::I64(i64::MAX),
            Value::U64(5),
            Value::F32(-0.25),
            Value::F64(f64::MAX),
            Value::Text(String::new()),
            Value::Text("x".repeat(70_000)),
            Value::Bytes(Vec::new()),
            Value::Bytes((0..=255).collect()),
            Value::Bool(false),
            Value::I16(-7),
        ],
        [
            Value::I16(3),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ],
    ];
    for r in &rows {
        assert_eq!(f.exec(&insert, r), 1);
    }
    let read = f.query(&format!("SELECT * FROM `{t}` ORDER BY id"), &[]);
    assert_eq!(
        read.rows[0].columns(),
        ["id", "i", "u", "r", "d", "s", "tx", "vb", "bl", "b", "n"]
    );
    assert_eq!(
        read.values(),
        vec![
            vec![
                Value::I64(1),
                Value::I64(i64::MIN),
                Value::U64(u64::MAX),
                Value::F32(1.5),
                Value::F64(0.1),
                Value::Text(text.into()),
                Value::Text(text.into()),
                Value::Bytes(bytes.clone()),
                Value::Bytes(bytes.clone()),
                Value::I64(1),
                Value::Null,
            ],
            vec![
                Value::I64(2),
                Value::I64(i64::MAX),
                Value::I64(5),
                Value::F32(-0.25),
                Value::F64(f64::MAX),
                Value::Text(String::new()),
                Value::Text("x".repeat(70_000)),
                Value::Bytes(Vec::new()),
                Value::Bytes((0..=255).collect()),
                Value::I64(0),
                Value::I64(-7),
            ],
            vec![
                Value::I64(3),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
            ],
        ]
    );
    let first = &read.rows[0];
    assert!(first.get::<bool>(9).unwrap());
    assert_eq!(first.get::<u64>(2).unwrap(), u64::MAX);
    assert_eq!(first.get_by_label::<String>("s").unwrap(), text);
    assert_eq!(first.get::<Option<i64>>(10).unwrap(), None);
    // The value can also be found by comparing with a parameter of each kind.
    let found = f.scalar(
        &format!("SELECT COUNT(*) FROM `{t}` WHERE u = ? AND s = ? AND vb = ? AND i = ?"),
        &[
            Value::U64(u64::MAX),
            Value::Text(text.into()),
            Value::Bytes(bytes),
            Value::I64(i64::MIN),
        ],
    );
    assert_eq!(found, Value::I64(1));
}

#[test]
fn parameters_select_back_as_their_kind() {
    let mut f = fixture!();
    let v = f.query(
        "SELECT ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN 'yes' ELSE 'no' END",
        &[
            Value::I64(-5),
            Value::U64(u64::MAX),
            Value::F64(2.5),
            Value::Text("é😀".into()),
            Value::Null,
            Value::Bool(true),
            Value::Bytes(vec![0xFF, 0x00]),
            Value::Bool(true),
        ],
    );
    assert_eq!(
        v.values()[0],
        vec![
            Value::I64(-5),
            Value::U64(u64::MAX),
            Value::F64(2.5),
            Value::Text("é😀".into()),
            Value::Null,
            Value::I64(1),
            // Not UTF-8 in a text-typed result: handed back as the bytes that were sent.
            Value::Bytes(vec![0xFF, 0x00]),
            Value::Text("yes".into()),
        ]
    );
}

#[test]
fn non_finite_floats_are_refused_before_sending() {
    let mut f = fixture!();
    let t = f.table("nan", "d DOUBLE, r FLOAT");
    let sql = format!("INSERT INTO `{t}` VALUES (?, ?)");
    for (d, r) in [
        (f64::NAN, 0.0),
        (f64::INFINITY, 0.0),
        (f64::NEG_INFINITY, 0.0),
        (0.0, f32::NAN),
    ] {
        let err = f
            .conn
            .execute_sql(&sql, &[Value::F64(d), Value::F32(r)])
            .unwrap_err();
        match err {
            Error::Value(msg) => assert!(msg.contains("no NaN or infinity"), "{msg}"),
            other => panic!("{other:?}"),
        }
    }
    // Nothing was sent, and the connection is fine.
    assert_eq!(
        f.scalar(&format!("SELECT COUNT(*) FROM `{t}`"), &[]),
        Value::I64(0)
    );
}

#[test]
fn decimals_keep_every_digit() {
    let mut f = fixture!();
    let t = f.table("dec", "id INT, d DECIMAL(20, 6), wide DECIMAL(65, 30)");
    let wide = "12345678901234567890123456789012345.123456789012345678901234567890";
    f.exec(
        &format!("INSERT INTO `{t}` VALUES (1, ?, ?), (2, ?, NULL)"),
        &[
            Value::Text("12345678901234.567891".into()),
            Value::Text(wide.into()),
            Value::Text("-0.5".into()),
        ],
    );
    let rows = f.query(&format!("SELECT d FROM `{t}` ORDER BY id"), &[]);
    let d0 = rows.rows[0].values()[0].clone();
    let d1 = rows.rows[1].values()[0].clone();
    #[cfg(not(feature = "decimal"))]
    {
        assert_eq!(d0, Value::Text("12345678901234.567891".into()));
        assert_eq!(d1, Value::Text("-0.500000".into()));
        let w = f.scalar(&format!("SELECT wide FROM `{t}` WHERE id = 1"), &[]);
        assert_eq!(w, Value::Text(wide.into()));
    }
    #[cfg(feature = "decimal")]
    {
        use std::str::FromStr;
        let dec = |s| Value::Decimal(rust_decimal::Decimal::from_str(s).unwrap());
        assert_eq!(d0, dec("12345678901234.567891"));
        assert_eq!(d1, dec("-0.5"));
        // 35 integer digits do not fit rust_decimal: a decode error that names the column.
        let err = f
            .conn
            .query_sql(&format!("SELECT wide FROM `{t}` WHERE id = 1"), &[])
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("\"wide\" (DECIMAL)"), "{msg}");
        assert!(msg.contains("CAST it to CHAR"), "{msg}");
        // Bound as a Decimal, read back equal.
        let v = rust_decimal::Decimal::from_str("-98765.432100").unwrap();
        let back = f.scalar(
            &format!("SELECT d FROM `{t}` WHERE d = ? OR id = 2"),
            &[Value::Decimal(v)],
        );
        assert_eq!(back, dec("-0.5"));
        f.exec(
            &format!("UPDATE `{t}` SET d = ? WHERE id = 2"),
            &[Value::Decimal(v)],
        );
        let back = f.scalar(&format!("SELECT d FROM `{t}` WHERE id = 2"), &[]);
        assert_eq!(back, Value::Decimal(v));
    }
    // Either way a typed read gets the number.
    assert_eq!(rows.rows[1].get::<f64>(0).unwrap(), -0.5);
}

#[test]
fn aggregates_decode() {
    let mut f = fixture!();
    let t = f.table("agg", "i INT, d DOUBLE, m DECIMAL(10, 2)");
    f.exec(
        &format!("INSERT INTO `{t}` VALUES (1, 0.5, 1.25), (2, 1.5, 2.50), (3, 2.5, NULL)"),
        &[],
    );
    let rows = f.query(
        &format!(
            "SELECT SUM(i) AS si, AVG(i) AS ai, SUM(d) AS sd, AVG(d) AS ad, \
             SUM(m) AS sm, AVG(m) AS am, COUNT(*) AS n, COUNT(m) AS nm, MAX(i) AS mx FROM `{t}`"
        ),
        &[],
    );
    let r = &rows.rows[0];
    // Reading a DECIMAL as i64 works from its text; the core's `FromValue for i64` does
    // not accept `Value::Decimal` yet, so with the feature the value is checked below.
    #[cfg(not(feature = "decimal"))]
    assert_eq!(r.get_by_label::<i64>("si").unwrap(), 6);
    assert_eq!(r.get_by_label::<f64>("ai").unwrap(), 2.0);
    assert_eq!(r.get_by_label::<f64>("sd").unwrap(), 4.5);
    assert_eq!(r.get_by_label::<f64>("ad").unwrap(), 1.5);
    assert_eq!(r.get_by_label::<f64>("sm").unwrap(), 3.75);
    assert_eq!(r.get_by_label::<f64>("am").unwrap(), 1.875);
    assert_eq!(r.values()[6], Value::I64(3));
    assert_eq!(r.values()[7], Value::I64(2));
    assert_eq!(r.values()[8], Value::I64(3));
    assert_eq!(r.values()[2], Value::F64(4.5));
    // SUM and AVG of exact numbers are DECIMAL: exact text, or Decimal with the feature.
    #[cfg(not(feature = "decimal"))]
    {
        assert_eq!(r.values()[0], Value::Text("6".into()));
        assert_eq!(r.values()[1], Value::Text("2.0000".into()));
        assert_eq!(r.values()[4], Value::Text("3.75".into()));
        assert_eq!(r.values()[5], Value::Text("1.875000".into()));
    }
    #[cfg(feature = "decimal")]
    {
        assert_eq!(r.values()[0], Value::Decimal(6.into()));
        match &r.values()[5] {
            Value::Decimal(d) => assert_eq!(d.to_string(), "1.875000"),
            other => panic!("{other:?}"),
        }
    }
    // An aggregate over no rows is NULL.
    let empty = f.scalar(&format!("SELECT SUM(i) FROM `{t}` WHERE i > 100"), &[]);
    assert_eq!(empty, Value::Null);
}

#[test]
fn prepared_statements_are_reused() {
    let mut f = fixture!();
    let t = f.table("prep", "i INT");
    let insert = format!("INSERT INTO `{t}` VALUES (?)");
    let select = format!("SELECT COUNT(*) FROM `{t}` WHERE i >= ?");
    let prepared = f.status("Com_stmt_prepare");
    let executed = f.status("Com_stmt_execute");
    for i in 0..5 {
        f.exec(&insert, &[Value::I64(i)]);
        f.query(&select, &[Value::I64(i)]);
    }
    // Two distinct statements, prepared once each, executed five times each.
    assert_eq!(f.status("Com_stmt_prepare") - prepared, 2);
    assert_eq!(f.status("Com_stmt_execute") - executed, 10);
    assert_eq!(f.scalar(&select, &[Value::I64(3)]), Value::I64(2));
}

#[test]
fn server_errors_carry_the_error_code() {
    let mut f = fixture!();
    let t = f.table("err", "id INT PRIMARY KEY");
    let insert = format!("INSERT INTO `{t}` VALUES (?)");
    f.exec(&insert, &[Value::I64(1)]);
    let (message, sql) =
        database_message(f.conn.execute_sql(&insert, &[Value::I64(1)]).unwrap_err());
    assert!(
        message.starts_with("ERROR 1062 (23000): Duplicate entry '1'"),
        "{message}"
    );
    assert_eq!(sql, insert);
    // Errors at prepare time too.
    let (message, _) = database_message(f.conn.query_sql("SELEC 1", &[]).unwrap_err());
    assert!(message.starts_with("ERROR 1064 (42000)"), "{message}");
    let (message, _) = database_message(
        f.conn
            .query_sql(&format!("SELECT nope FROM `{t}`"), &[])
            .unwrap_err(),
    );
    assert!(message.starts_with("ERROR 1054 (42S22)"), "{message}");
    // A wrong parameter count is a bind error, not a panic.
    match f.conn.execute_sql(&insert, &[]).unwrap_err() {
        Error::Bind(message) => assert!(
            message.contains("takes 1 parameters but 0 were given"),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
    // And the connection keeps working.
    assert_eq!(
        f.scalar(&format!("SELECT COUNT(*) FROM `{t}`"), &[]),
        Value::I64(1)
    );
}

#[test]
fn raw_batches_run_every_statement_and_report_late_errors() {
    let mut f = fixture!();
    let t = f.table("batch", "id INT PRIMARY KEY");
    f.conn
        .execute_raw_batch(&format!(
            "INSERT INTO `{t}` VALUES (1); INSERT INTO `{t}` VALUES (2); \
             SELECT 'a result set in between'; UPDATE `{t}` SET id = id + 10"
        ))
        .unwrap();
    let ids = f.query(&format!("SELECT id FROM `{t}` ORDER BY id"), &[]);
    assert_eq!(
        ids.values(),
        vec![vec![Value::I64(11)], vec![Value::I64(12)]]
    );
    // The third statement fails: the error is reported, not dropped.
    let err = f
        .conn
        .execute_raw_batch(&format!(
            "INSERT INTO `{t}` VALUES (3); INSERT INTO `{t}` VALUES (3); INSERT INTO `{t}` VALUES (4)"
        ))
        .unwrap_err();
    let (message, _) = database_message(err);
    assert!(message.starts_with("ERROR 1062 (23000)"), "{message}");
    assert_eq!(
        f.scalar(&format!("SELECT COUNT(*) FROM `{t}`"), &[]),
        Value::I64(3)
    );
}

#[test]
fn update_counts_matched_rows() {
    let mut f = fixture!();
    let t = f.table("upd", "id INT PRIMARY KEY, v INT");
    assert_eq!(
        f.exec(
            &format!("INSERT INTO `{t}` VALUES (1, 5), (2, 5), (3, 6)"),
            &[]
        ),
        3
    );
    // Two rows match, none changes: CLIENT_FOUND_ROWS makes that 2, as on SQLite / PostgreSQL.
    assert_eq!(
        f.exec(
            &format!("UPDATE `{t}` SET v = ? WHERE v = ?"),
            &[Value::I64(5), Value::I64(5)]
        ),
        2
    );
    assert_eq!(f.exec(&format!("DELETE FROM `{t}` WHERE v = 6"), &[]), 1);
    // A statement without a result set through query_sql: no rows.
    let none = f.query(&format!("DELETE FROM `{t}` WHERE v = ?"), &[Value::I64(5)]);
    assert!(none.rows.is_empty());
    assert_eq!(
        f.scalar(&format!("SELECT COUNT(*) FROM `{t}`"), &[]),
        Value::I64(0)
    );
}

#[test]
fn last_insert_id_is_reported() {
    let mut f = fixture!();
    let t = f.table("auto", "id BIGINT AUTO_INCREMENT PRIMARY KEY, s TEXT");
    f.exec(
        &format!("INSERT INTO `{t}` (s) VALUES (?)"),
        &[Value::from("a")],
    );
    f.exec(
        &format!("INSERT INTO `{t}` (s) VALUES (?)"),
        &[Value::from("b")],
    );
    assert_eq!(f.conn.last_insert_id(), 2);
}

#[test]
fn rendered_selects_run_with_the_connection_dialect() {
    let mut f = fixture!();
    let rows = f
        .conn
        .fetch_all(&Select::new().column_as(Expr::value(41_i64).add(1_i64), "x"))
        .unwrap();
    assert_eq!(rows.rows.len(), 1);
    assert_eq!(rows.rows[0].columns(), ["x"]);
    assert_eq!(rows.rows[0].get_by_label::<i64>("x").unwrap(), 42);

    let name = f.table("sel", "id INT, name VARCHAR(20)");
    f.exec(
        &format!("INSERT INTO `{name}` VALUES (1, 'a'), (2, 'b'), (3, 'c')"),
        &[],
    );
    let t = TableRef::new(name.clone());
    let q = Select::new()
        .column(t.col("id"))
        .column_as(t.col("name").concat("!"), "shout")
        .from(t.clone())
        .filter(t.col("id").gt(1_i64))
        .order_by(t.col("id").desc())
        .limit(5)
        .offset(1);
    let rows = f.conn.fetch_all(&q).unwrap();
    // CONCAT results are VAR_STRING in the connection's character set: text.
    assert_eq!(
        rows.values(),
        vec![vec![Value::I64(2), Value::Text("b!".into())]]
    );
    let one = f
        .conn
        .fetch_optional(&q.clone().offset(0))
        .unwrap()
        .unwrap();
    assert_eq!(one.get_by_label::<String>("shout").unwrap(), "c!");
}

#[test]
fn decode_errors_name_column_and_type() {
    let mut f = fixture!();
    let rows = f.query("SELECT CAST('abc' AS CHAR) AS word", &[]);
    let err = rows.rows[0].get::<i64>(0).unwrap_err();
    match &err {
        Error::Decode {
            column, sql_type, ..
        } => {
            assert_eq!(column, "word");
            assert_eq!(sql_type, "VARCHAR");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_uuid_and_enum_columns() {
    let mut f = fixture!();
    let t = f.table(
        "misc",
        "j JSON, u CHAR(36), e ENUM('x', 'y'), bits BIT(12), y YEAR",
    );
    let u = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    #[cfg(not(feature = "uuid"))]
    let uuid_param = Value::Text(u.hyphenated().to_string());
    #[cfg(feature = "uuid")]
    let uuid_param = Value::Uuid(u);
    #[cfg(not(feature = "json"))]
    let json_param = Value::Text(r#"{"a": [1, "two"]}"#.into());
    #[cfg(feature = "json")]
    let json_param = Value::Json(serde_json::json!({"a": [1, "two"]}));
    f.exec(
        &format!("INSERT INTO `{t}` VALUES (?, ?, 'y', b'101000000001', 2024)"),
        &[json_param, uuid_param],
    );
    let r = f.query(&format!("SELECT j, u, e, bits, y FROM `{t}`"), &[]);
    let v = r.rows[0].values();
    assert_eq!(v[1], Value::Text(u.hyphenated().to_string()));
    assert_eq!(v[2], Value::Text("y".into()));
    assert_eq!(v[3], Value::I64(0b1010_0000_0001));
    assert_eq!(v[4], Value::I64(2024));
    match &v[0] {
        // MariaDB's JSON is LONGTEXT: text, whatever the features.
        Value::Text(s) => {
            let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(compact, r#"{"a":[1,"two"]}"#);
        }
        #[cfg(feature = "json")]
        Value::Json(j) => assert_eq!(*j, serde_json::json!({"a": [1, "two"]})),
        other => panic!("{other:?}"),
    }
}

#[cfg(not(feature = "chrono"))]
#[test]
fn temporal_columns_read_as_text() {
    let mut f = fixture!();
    let t = f.table(
        "time_text",
        "d DATE, dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME, tm6 TIME(6)",
    );
    f.exec(
        &format!("INSERT INTO `{t}` VALUES (?, ?, ?, ?, ?, ?)"),
        &[
            Value::from("2024-02-29"),
            Value::from("2024-02-29 13:04:05"),
            Value::from("2024-02-29 13:04:05.000060"),
            Value::from("2024-02-29 13:04:05.120"),
            Value::from("-838:59:59"),
            Value::from("25:00:00.5"),
        ],
    );
    let r = f.query(&format!("SELECT * FROM `{t}`"), &[]);
    assert_eq!(
        r.values()[0],
        vec![
            Value::from("2024-02-29"),
            Value::from("2024-02-29 13:04:05"),
            Value::from("2024-02-29 13:04:05.000060"),
            Value::from("2024-02-29 13:04:05.120"),
            Value::from("-838:59:59"),
            Value::from("25:00:00.500000"),
        ]
    );
}

#[cfg(feature = "chrono")]
#[test]
fn temporal_columns_round_trip_as_chrono() {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
    let mut f = fixture!();
    let t = f.table(
        "time_chrono",
        "d DATE, dt6 DATETIME(6), tm6 TIME(6), utc DATETIME(6), ts TIMESTAMP(6) NULL",
    );
    let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let tm = NaiveTime::from_hms_micro_opt(13, 4, 5, 60).unwrap();
    let tz = chrono::FixedOffset::east_opt(2 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, 3, 1, 1, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    f.exec(
        &format!("INSERT INTO `{t}` VALUES (?, ?, ?, ?, ?)"),
        &[
            Value::Date(d),
            Value::Timestamp(d.and_time(tm)),
            Value::Time(tm),
            Value::TimestampTz(tz),
            Value::Timestamp(d.and_time(tm)),
        ],
    );
    let r = f.query(&format!("SELECT * FROM `{t}`"), &[]);
    assert_eq!(
        r.values()[0],
        vec![
            Value::Date(d),
            Value::Timestamp(d.and_time(tm)),
            Value::Time(tm),
            // Stored as the UTC wall-clock time.
            Value::Timestamp(
                NaiveDate::from_ymd_opt(2024, 2, 29)
                    .unwrap()
                    .and_hms_opt(23, 30, 0)
                    .unwrap()
            ),
            Value::Timestamp(d.and_time(tm)),
        ]
    );
    // A TIME outside the time of day is a decode error naming the column and type.
    let err = f
        .conn
        .query_sql("SELECT CAST('-01:00:00' AS TIME) AS span", &[])
        .unwrap_err();
    match &err {
        Error::Decode {
            column, sql_type, ..
        } => assert_eq!((column.as_str(), sql_type.as_str()), ("span", "TIME")),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("-01:00:00"), "{err}");
}
