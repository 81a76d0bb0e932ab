//! The PostgreSQL binding against a real server.
//!
//! Connection string: `SQLWEAVE_PG_URL` (default `host=127.0.0.1 user=postgres
//! dbname=test`). Without a reachable server each test says it was skipped, unless
//! `SQLWEAVE_REQUIRE_SERVERS=1`, which makes that a failure. Every test uses its own
//! connection and only TEMPORARY tables, so tests run in parallel and leave nothing.

#![cfg(feature = "driver")]

use std::io::Write;

use sqlweave::{Error, Executor, Expr, Rows, Select, TableRef, Value};
use sqlweave_postgres::{PgConnection, Postgres};

fn connect() -> Option<PgConnection> {
    let url = std::env::var("SQLWEAVE_PG_URL")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres dbname=test".into());
    match PgConnection::connect(&url) {
        Ok(conn) => Some(conn),
        Err(e) => {
            if std::env::var("SQLWEAVE_REQUIRE_SERVERS").as_deref() == Ok("1") {
                panic!("PostgreSQL unreachable ({url}: {e}) and SQLWEAVE_REQUIRE_SERVERS=1");
            }
            // Straight to stderr, past the test harness's capture, so it is seen.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: PostgreSQL unreachable ({url}: {e})"
            );
            None
        }
    }
}

macro_rules! conn {
    () => {
        match connect() {
            Some(conn) => conn,
            None => return,
        }
    };
}

/// The single value of a one-row, one-column result.
fn single(rows: &Rows) -> Value {
    assert_eq!(rows.rows.len(), 1, "{rows:?}");
    assert_eq!(rows.rows[0].values().len(), 1, "{rows:?}");
    rows.rows[0].values()[0].clone()
}

fn select_one(conn: &mut PgConnection, sql: &str, v: Value) -> sqlweave::Result<Value> {
    conn.query_sql(sql, &[v]).map(|r| single(&r))
}

/// A NUMERIC as the driver decodes it: `Value::Decimal` with the `decimal` feature,
/// else the exact text.
fn numeric(s: &str) -> Value {
    #[cfg(feature = "decimal")]
    {
        Value::Decimal(s.parse().expect("test decimal"))
    }
    #[cfg(not(feature = "decimal"))]
    {
        Value::Text(s.into())
    }
}

/// A JSON document as the driver decodes it.
fn json(s: &str) -> Value {
    #[cfg(feature = "json")]
    {
        Value::Json(s.parse().expect("test json"))
    }
    #[cfg(not(feature = "json"))]
    {
        Value::Text(s.into())
    }
}

/// A UUID as the driver decodes it.
fn uuid(s: &str) -> Value {
    #[cfg(feature = "uuid")]
    {
        Value::Uuid(s.parse().expect("test uuid"))
    }
    #[cfg(not(feature = "uuid"))]
    {
        Value::Text(s.into())
    }
}

const TRICKY_TEXT: &str = "it's \"quoted\" \\ back\\slash; -- not a comment 🦀 é\n\t$1";

#[test]
fn every_value_round_trips_through_select_params() {
    let mut conn = conn!();
    let cases: Vec<(&str, Value, Value)> = vec![
        ("bool", Value::Bool(true), Value::Bool(true)),
        ("bool", Value::Bool(false), Value::Bool(false)),
        ("int2", Value::I8(i8::MIN), Value::I16(-128)),
        ("int2", Value::I16(i16::MIN), Value::I16(i16::MIN)),
        ("int2", Value::I64(-7), Value::I16(-7)),
        ("int4", Value::I32(i32::MAX), Value::I32(i32::MAX)),
        ("int4", Value::I32(i32::MIN), Value::I32(i32::MIN)),
        ("int8", Value::I64(i64::MIN), Value::I64(i64::MIN)),
        ("int8", Value::I64(i64::MAX), Value::I64(i64::MAX)),
        ("int8", Value::I32(7), Value::I64(7)),
        ("int8", Value::U64(i64::MAX as u64), Value::I64(i64::MAX)),
        ("float4", Value::F32(1.5), Value::F32(1.5)),
        (
            "float4",
            Value::F32(f32::MIN_POSITIVE),
            Value::F32(f32::MIN_POSITIVE),
        ),
        ("float8", Value::F64(0.1), Value::F64(0.1)),
        ("float8", Value::F64(-1e300), Value::F64(-1e300)),
        (
            "float8",
            Value::F64(f64::INFINITY),
            Value::F64(f64::INFINITY),
        ),
        (
            "float8",
            Value::F64(f64::NEG_INFINITY),
            Value::F64(f64::NEG_INFINITY),
        ),
        ("float8", Value::F32(0.25), Value::F64(0.25)),
        ("float8", Value::I64(3), Value::F64(3.0)),
        (
            "text",
            Value::Text(TRICKY_TEXT.into()),
            Value::Text(TRICKY_TEXT.into()),
        ),
        (
            "text",
            Value::Text(String::new()),
            Value::Text(String::new()),
        ),
        ("text", Value::I64(-42), Value::Text("-42".into())),
        ("text", Value::Bool(true), Value::Text("true".into())),
        ("text", Value::F64(0.1), Value::Text("0.1".into())),
        (
            "varchar(10)",
            Value::Text("abc".into()),
            Value::Text("abc".into()),
        ),
        (
            "char(5)",
            Value::Text("ab".into()),
            Value::Text("ab   ".into()),
        ),
        (
            "name",
            Value::Text("a_name".into()),
            Value::Text("a_name".into()),
        ),
        (
            "bytea",
            Value::Bytes(vec![0, 1, 0x27, 0x5c, 0xff, 0]),
            Value::Bytes(vec![0, 1, 0x27, 0x5c, 0xff, 0]),
        ),
        ("bytea", Value::Bytes(vec![]), Value::Bytes(vec![])),
        (
            "numeric",
            Value::I64(i64::MIN),
            numeric("-9223372036854775808"),
        ),
        ("numeric", Value::Text("-1.50".into()), numeric("-1.50")),
        (
            "numeric",
            Value::Text("1e-20".into()),
            numeric("0.00000000000000000001"),
        ),
        ("numeric", Value::F64(0.1), numeric("0.1")),
        ("numeric", Value::F32(0.1), numeric("0.1")),
        ("numeric", Value::F64(f64::NAN), Value::Text("NaN".into())),
        (
            "numeric(10, 3)",
            Value::Text("2.5".into()),
            numeric("2.500"),
        ),
        (
            "jsonb",
            Value::Text(r#"{"b": [1, 2.5, null], "a": "x'\""}"#.into()),
            json(r#"{"a": "x'\"", "b": [1, 2.5, null]}"#),
        ),
        (
            "json",
            Value::Text(r#"{"b":1, "a":2}"#.into()),
            json(r#"{"b":1, "a":2}"#),
        ),
        (
            "uuid",
            Value::Text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11".into()),
            uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ),
    ];
    for (ty, input, expected) in cases {
        let sql = format!("SELECT $1::{ty}");
        let got = select_one(&mut conn, &sql, input.clone())
            .unwrap_or_else(|e| panic!("{input:?} as {ty}: {e}"));
        assert_eq!(got, expected, "{input:?} as {ty}");
    }
    let nan = select_one(&mut conn, "SELECT $1::float8", Value::F64(f64::NAN)).unwrap();
    assert!(matches!(nan, Value::F64(f) if f.is_nan()), "{nan:?}");
    let nan = select_one(&mut conn, "SELECT $1::float4", Value::F32(f32::NAN)).unwrap();
    assert!(matches!(nan, Value::F32(f) if f.is_nan()), "{nan:?}");
}

#[test]
fn null_binds_to_every_type() {
    let mut conn = conn!();
    for ty in [
        "bool",
        "int2",
        "int4",
        "int8",
        "float4",
        "float8",
        "numeric",
        "text",
        "varchar",
        "bytea",
        "json",
        "jsonb",
        "uuid",
        "date",
        "time",
        "timestamp",
        "timestamptz",
        "interval",
        "int4[]",
    ] {
        let rows = conn
            .query_sql(
                &format!("SELECT $1::{ty}, $1::{ty} IS NULL"),
                &[Value::Null],
            )
            .unwrap_or_else(|e| panic!("NULL as {ty}: {e}"));
        assert_eq!(
            rows.values(),
            vec![vec![Value::Null, Value::Bool(true)]],
            "{ty}"
        );
    }
}

#[test]
fn temp_table_insert_and_select_adapts_to_column_types() {
    let mut conn = conn!();
    conn.execute_raw_batch(
        "CREATE TEMPORARY TABLE every_type (
            id int4 PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,
            n numeric, t text, vc varchar(40), bp char(4), by bytea, j jsonb, u uuid
        )",
    )
    .unwrap();
    let insert = "INSERT INTO every_type VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
    let row1 = vec![
        Value::I64(1), // an i64 into an int4 column: adapted, range-checked
        Value::Bool(true),
        Value::I32(-32768),
        Value::I32(i32::MIN),
        Value::I64(i64::MAX),
        Value::F32(-0.5),
        Value::F64(f64::NEG_INFINITY),
        Value::Text("123456789.000100".into()),
        Value::Text(TRICKY_TEXT.into()),
        Value::Text("🦀".into()),
        Value::Text("ab".into()),
        Value::Bytes(vec![0, 255, 92]),
        Value::Text(r#"{"k": [true]}"#.into()),
        Value::Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".into()),
    ];
    assert_eq!(conn.execute_sql(insert, &row1).unwrap(), 1);
    let mut row2 = vec![Value::I16(2)];
    row2.extend(std::iter::repeat_n(Value::Null, 13));
    assert_eq!(conn.execute_sql(insert, &row2).unwrap(), 1);
    let row3 = vec![
        Value::I8(3),
        Value::Bool(false),
        Value::I64(7),
        Value::I16(8),
        Value::I32(9),
        Value::F64(0.25),
        Value::F64(f64::NAN),
        Value::I64(-42),
        Value::Text(String::new()),
        Value::Text("x".into()),
        Value::Text("abcd".into()),
        Value::Bytes(vec![]),
        Value::Text("[]".into()),
        Value::Text("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}".into()),
    ];
    assert_eq!(conn.execute_sql(insert, &row3).unwrap(), 1);

    let rows = conn
        .query_sql("SELECT * FROM every_type ORDER BY id", &[])
        .unwrap();
    assert_eq!(
        rows.rows[0].columns(),
        [
            "id", "b", "i2", "i4", "i8", "f4", "f8", "n", "t", "vc", "bp", "by", "j", "u"
        ]
    );
    let values = rows.values();
    assert_eq!(
        values[0],
        vec![
            Value::I32(1),
            Value::Bool(true),
            Value::I16(-32768),
            Value::I32(i32::MIN),
            Value::I64(i64::MAX),
            Value::F32(-0.5),
            Value::F64(f64::NEG_INFINITY),
            numeric("123456789.000100"),
            Value::Text(TRICKY_TEXT.into()),
            Value::Text("🦀".into()),
            Value::Text("ab  ".into()),
            Value::Bytes(vec![0, 255, 92]),
            json(r#"{"k": [true]}"#),
            uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ]
    );
    let mut expected_nulls = vec![Value::I32(2)];
    expected_nulls.extend(std::iter::repeat_n(Value::Null, 13));
    assert_eq!(values[1], expected_nulls);
    assert_eq!(
        values[2][2..6],
        [
            Value::I16(7),
            Value::I32(8),
            Value::I64(9),
            Value::F32(0.25)
        ]
    );
    assert!(matches!(values[2][6], Value::F64(f) if f.is_nan()));
    assert_eq!(values[2][7], numeric("-42"));
    assert_eq!(values[2][12], json("[]"));
    // Typed reads of what came back.
    assert_eq!(rows.rows[0].get_by_label::<i64>("i8").unwrap(), i64::MAX);
    assert_eq!(
        rows.rows[0].get_by_label::<f64>("n").unwrap(),
        123456789.0001
    );
    assert_eq!(
        rows.rows[1].get_by_label::<Option<String>>("t").unwrap(),
        None
    );
}

#[test]
fn out_of_range_and_unrepresentable_values_are_errors() {
    let mut conn = conn!();
    let too_big = Value::I64(i64::from(i32::MAX) + 1);
    match select_one(&mut conn, "SELECT $1::int4", too_big.clone()) {
        Err(Error::Value(m)) => {
            assert!(
                m.contains("parameter $1") && m.contains("out of range for int4"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
    match select_one(&mut conn, "SELECT $1::int2", Value::I32(40_000)) {
        Err(Error::Value(m)) => assert!(m.contains("out of range for int2"), "{m}"),
        other => panic!("{other:?}"),
    }
    conn.execute_raw_batch("CREATE TEMPORARY TABLE narrow (v int4)")
        .unwrap();
    match conn.execute_sql("INSERT INTO narrow VALUES ($1)", &[too_big]) {
        Err(Error::Value(m)) => assert!(m.contains("out of range for int4"), "{m}"),
        other => panic!("{other:?}"),
    }
    match conn.execute_sql("INSERT INTO narrow VALUES ($1)", &[Value::U64(u64::MAX)]) {
        Err(Error::Value(m)) => assert!(m.contains("18446744073709551615"), "{m}"),
        other => panic!("{other:?}"),
    }
    match select_one(
        &mut conn,
        "SELECT $1::int8",
        Value::U64(i64::MAX as u64 + 1),
    ) {
        Err(Error::Value(m)) => assert!(m.contains("9223372036854775808"), "{m}"),
        other => panic!("{other:?}"),
    }
    // A value of the wrong kind names both types.
    match select_one(&mut conn, "SELECT $1::int4", Value::Text("5".into())) {
        Err(Error::Value(m)) => assert_eq!(
            m,
            "parameter $1: a text value cannot be sent as PostgreSQL type int4"
        ),
        other => panic!("{other:?}"),
    }
    match select_one(&mut conn, "SELECT $1::text", Value::Bytes(b"x".to_vec())) {
        Err(Error::Value(m)) => assert!(m.contains("bytes") && m.contains("text"), "{m}"),
        other => panic!("{other:?}"),
    }
    match select_one(&mut conn, "SELECT $1::bool", Value::I32(1)) {
        Err(Error::Value(m)) => assert!(m.contains("i32") && m.contains("bool"), "{m}"),
        other => panic!("{other:?}"),
    }
    match select_one(&mut conn, "SELECT $1::numeric", Value::Text("12abc".into())) {
        Err(Error::Value(m)) => assert!(m.contains("\"12abc\" is not a NUMERIC"), "{m}"),
        other => panic!("{other:?}"),
    }
    // Nothing reached the table, and the connection is still usable.
    let n = conn.query_sql("SELECT count(*) FROM narrow", &[]).unwrap();
    assert_eq!(single(&n), Value::I64(0));
    assert_eq!(
        conn.execute_sql("INSERT INTO narrow VALUES ($1)", &[Value::I32(i32::MAX)])
            .unwrap(),
        1
    );
}

#[test]
fn nul_in_text_is_refused_before_anything_is_sent() {
    let mut conn = conn!();
    let before = conn.cached_statements();
    match conn.query_sql("SELECT $1::text", &[Value::Text("a\0b".into())]) {
        Err(Error::Value(m)) => {
            assert!(m.contains("parameter $1") && m.contains("NUL"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    // Not even prepared.
    assert_eq!(conn.cached_statements(), before);
}

#[test]
fn parameter_count_mismatch_is_a_bind_error() {
    let mut conn = conn!();
    match conn.query_sql("SELECT $1::int4, $2::int4", &[Value::I32(1)]) {
        Err(Error::Bind(m)) => assert!(m.contains("takes 2 parameters but 1"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn numeric_decodes_exactly() {
    let mut conn = conn!();
    let rows = conn
        .query_sql(
            "SELECT 0::numeric, (-1.5)::numeric, 123456789.000100::numeric, 1e-20::numeric,
                    'NaN'::numeric, 0.000::numeric, (-0.0001)::numeric, 10000::numeric,
                    1e-30::numeric, 99999999999999999999999999999999::numeric,
                    'Infinity'::numeric, '-Infinity'::numeric, 12345678.9::numeric(20, 4)",
            &[],
        )
        .unwrap();
    let text = |s: &str| Value::Text(s.into());
    // NUMERIC values a rust_decimal cannot hold exactly stay exact text either way.
    assert_eq!(
        rows.values()[0],
        vec![
            numeric("0"),
            numeric("-1.5"),
            numeric("123456789.000100"),
            numeric("0.00000000000000000001"),
            text("NaN"),
            numeric("0.000"),
            numeric("-0.0001"),
            numeric("10000"),
            text("0.000000000000000000000000000001"),
            text("99999999999999999999999999999999"),
            text("Infinity"),
            text("-Infinity"),
            numeric("12345678.9000"),
        ]
    );
}

#[test]
fn sum_of_int8_decodes_as_numeric() {
    let mut conn = conn!();
    let rows = conn
        .query_sql(
            "SELECT SUM(x) AS total, SUM(x) FILTER (WHERE x < 10) AS small
             FROM (VALUES ($1::int8), ($2::int8), ($3::int8)) v(x)",
            &[Value::I64(i64::MAX), Value::I64(1), Value::I64(2)],
        )
        .unwrap();
    let row = &rows.rows[0];
    // Past i64::MAX: SUM(int8) is NUMERIC for exactly this reason.
    assert_eq!(row.values()[0], numeric("9223372036854775810"));
    assert_eq!(row.values()[1], numeric("3"));
    assert_eq!(row.get::<f64>(1).unwrap(), 3.0);
    #[cfg(not(feature = "decimal"))]
    {
        assert_eq!(row.get::<i64>(1).unwrap(), 3);
        assert!(row.get::<i64>(0).is_err());
    }
}

#[test]
fn prepared_statements_are_reused() {
    let mut conn = conn!();
    assert_eq!(conn.cached_statements(), 0);
    let sql = "SELECT $1::int8 * 2 AS doubled";
    for i in 0..3_i64 {
        let rows = conn.query_sql(sql, &[Value::I64(i)]).unwrap();
        assert_eq!(single(&rows), Value::I64(i * 2));
    }
    assert_eq!(conn.cached_statements(), 1);
    // The server holds exactly one prepared statement for that text.
    let count_sql = "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1";
    let on_server = |conn: &mut PgConnection, text: &str| {
        single(
            &conn
                .query_sql(count_sql, &[Value::Text(text.into())])
                .unwrap(),
        )
    };
    assert_eq!(on_server(&mut conn, sql), Value::I64(1));
    assert_eq!(conn.cached_statements(), 2);
    assert_eq!(on_server(&mut conn, sql), Value::I64(1));
    assert_eq!(conn.cached_statements(), 2);

    // A bounded cache closes the least recently used statement on the server.
    conn.set_statement_cache_capacity(2);
    let other = "SELECT $1::int8 + 1";
    assert_eq!(
        select_one(&mut conn, other, Value::I64(1)).unwrap(),
        Value::I64(2)
    );
    assert_eq!(conn.cached_statements(), 2);
    assert_eq!(on_server(&mut conn, sql), Value::I64(0));
    assert_eq!(on_server(&mut conn, other), Value::I64(1));

    // Statements deallocated behind the connection's back are prepared again and the
    // run goes on (outside a transaction); inside one, the error is returned once.
    conn.client().batch_execute("DEALLOCATE ALL").unwrap();
    assert_eq!(on_server(&mut conn, other), Value::I64(0));
    assert_eq!(on_server(&mut conn, count_sql), Value::I64(1));
    conn.client().batch_execute("DEALLOCATE ALL").unwrap();
    conn.begin().unwrap();
    match conn.query_sql(count_sql, &[Value::Text(other.into())]) {
        Err(Error::Database { message, .. }) => assert!(message.contains("26000"), "{message}"),
        other => panic!("{other:?}"),
    }
    conn.rollback().unwrap();
    assert_eq!(on_server(&mut conn, count_sql), Value::I64(1));

    conn.clear_statement_cache();
    assert_eq!(conn.cached_statements(), 0);
    conn.set_statement_cache_capacity(0);
    assert_eq!(
        select_one(&mut conn, other, Value::I64(5)).unwrap(),
        Value::I64(6)
    );
    assert_eq!(conn.cached_statements(), 0);
}

#[test]
fn database_errors_carry_sqlstate() {
    let mut conn = conn!();
    match conn.query_sql("SELEC 1", &[]) {
        Err(Error::Database { message, sql, .. }) => {
            assert!(
                message.starts_with("ERROR 42601: syntax error"),
                "{message}"
            );
            assert!(message.contains("at character 1"), "{message}");
            assert_eq!(sql, "SELEC 1");
        }
        other => panic!("{other:?}"),
    }
    conn.execute_raw_batch("CREATE TEMPORARY TABLE uniq (id int8 PRIMARY KEY)")
        .unwrap();
    let insert = "INSERT INTO uniq VALUES ($1)";
    conn.execute_sql(insert, &[Value::I64(1)]).unwrap();
    match conn.execute_sql(insert, &[Value::I64(1)]) {
        Err(Error::Database { message, .. }) => {
            assert!(
                message.starts_with("ERROR 23505: duplicate key"),
                "{message}"
            );
            assert!(message.contains("Key (id)=(1) already exists"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match conn.execute_raw_batch("SELECT 1; SELECT 1/0") {
        Err(Error::Database { message, .. }) => {
            assert!(
                message.starts_with("ERROR 22012: division by zero"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    match PgConnection::connect("host=127.0.0.1 port=1 user=postgres dbname=test") {
        Err(Error::Database { sql, .. }) => assert_eq!(sql, "<connect>"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn undecodable_types_name_the_column() {
    let mut conn = conn!();
    match conn.query_sql("SELECT 1 AS ok, '1 day'::interval AS span", &[]) {
        Err(Error::Decode {
            column, sql_type, ..
        }) => {
            assert_eq!((column.as_str(), sql_type.as_str()), ("span", "interval"));
        }
        other => panic!("{other:?}"),
    }
    // Cast in the query, as the message suggests.
    let rows = conn
        .query_sql("SELECT '1 day'::interval::text AS span", &[])
        .unwrap();
    assert_eq!(single(&rows), Value::Text("1 day".into()));
}

#[test]
fn enums_and_domains() {
    let mut conn = conn!();
    conn.execute_raw_batch(
        "CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy');
         CREATE DOMAIN pg_temp.positive AS int4 CHECK (VALUE > 0);
         CREATE TEMPORARY TABLE feelings (m pg_temp.mood, p pg_temp.positive);",
    )
    .unwrap();
    conn.execute_sql(
        "INSERT INTO feelings VALUES ($1, $2)",
        &[Value::Text("happy".into()), Value::I64(3)],
    )
    .unwrap();
    let rows = conn
        .query_sql(
            "SELECT m, p FROM feelings WHERE m = $1",
            &[Value::from("happy")],
        )
        .unwrap();
    assert_eq!(
        rows.values(),
        vec![vec![Value::Text("happy".into()), Value::I32(3)]]
    );
    match conn.execute_sql(
        "INSERT INTO feelings VALUES ($1, $2)",
        &[Value::Null, Value::I32(-1)],
    ) {
        Err(Error::Database { message, .. }) => assert!(message.contains("23514"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dates_and_times_decode() {
    let mut conn = conn!();
    let rows = conn
        .query_sql(
            "SELECT '2024-02-29'::date, '13:45:00.5'::time,
                    '2024-02-29 13:45:00.000001'::timestamp,
                    '2024-02-29 13:45:00+02'::timestamptz",
            &[],
        )
        .unwrap();
    #[cfg(not(feature = "chrono"))]
    let expected = vec![
        Value::Text("2024-02-29".into()),
        Value::Text("13:45:00.5".into()),
        Value::Text("2024-02-29 13:45:00.000001".into()),
        Value::Text("2024-02-29 11:45:00+00".into()),
    ];
    #[cfg(feature = "chrono")]
    let expected = vec![
        Value::Date("2024-02-29".parse().unwrap()),
        Value::Time("13:45:00.5".parse().unwrap()),
        Value::Timestamp("2024-02-29T13:45:00.000001".parse().unwrap()),
        Value::TimestampTz("2024-02-29T11:45:00Z".parse().unwrap()),
    ];
    assert_eq!(rows.values()[0], expected);

    // Without chrono the text matches the server's own ISO output, era and infinity too.
    #[cfg(not(feature = "chrono"))]
    {
        conn.execute_raw_batch("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'")
            .unwrap();
        let sql = "SELECT v, v::text FROM (VALUES ('2024-02-29'::timestamptz),
                     ('0001-01-01 00:00:00+00'), ('0044-03-15 12:00:00.25+00 BC'),
                     ('1999-12-31 23:59:59.999999+00'), ('infinity'), ('-infinity')) t(v)";
        for row in conn.query_sql(sql, &[]).unwrap().rows {
            assert_eq!(row.values()[0], row.values()[1]);
        }
        let sql = "SELECT v, v::text FROM (VALUES ('2000-01-01'::date), ('1970-01-01'),
                     ('0001-01-01'), ('0001-12-31 BC'), ('4713-01-01 BC'), ('5874897-12-31'),
                     ('infinity'), ('-infinity')) t(v)";
        for row in conn.query_sql(sql, &[]).unwrap().rows {
            assert_eq!(row.values()[0], row.values()[1]);
        }
    }
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_values_round_trip() {
    let mut conn = conn!();
    let cases = [
        ("date", Value::Date("2024-02-29".parse().unwrap())),
        ("date", Value::Date("0044-03-15".parse().unwrap())),
        ("time", Value::Time("23:59:59.999999".parse().unwrap())),
        (
            "timestamp",
            Value::Timestamp("1970-01-01T00:00:00".parse().unwrap()),
        ),
        (
            "timestamptz",
            Value::TimestampTz("2024-06-01T12:00:00.5Z".parse().unwrap()),
        ),
    ];
    conn.execute_raw_batch(
        "CREATE TEMPORARY TABLE moments (d date, t time, ts timestamp, tz timestamptz)",
    )
    .unwrap();
    for (ty, v) in cases {
        assert_eq!(
            select_one(&mut conn, &format!("SELECT $1::{ty}"), v.clone()).unwrap(),
            v
        );
    }
    let row = vec![
        Value::Date("2024-02-29".parse().unwrap()),
        Value::Time("13:45:00".parse().unwrap()),
        Value::Timestamp("2024-02-29T13:45:00".parse().unwrap()),
        Value::TimestampTz("2024-02-29T13:45:00Z".parse().unwrap()),
    ];
    conn.execute_sql("INSERT INTO moments VALUES ($1, $2, $3, $4)", &row)
        .unwrap();
    let rows = conn.query_sql("SELECT * FROM moments", &[]).unwrap();
    assert_eq!(rows.values(), vec![row]);
    // A naive timestamp is not silently taken as UTC for a timestamptz.
    match select_one(
        &mut conn,
        "SELECT $1::timestamptz",
        Value::Timestamp("2024-02-29T13:45:00".parse().unwrap()),
    ) {
        Err(Error::Value(m)) => {
            assert!(m.contains("timestamp") && m.contains("timestamptz"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}

#[cfg(feature = "uuid")]
#[test]
fn uuid_values_round_trip() {
    let mut conn = conn!();
    let u = Value::Uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".parse().unwrap());
    assert_eq!(
        select_one(&mut conn, "SELECT $1::uuid", u.clone()).unwrap(),
        u
    );
    assert_eq!(
        select_one(&mut conn, "SELECT $1::text", u).unwrap(),
        Value::Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".into())
    );
}

#[cfg(feature = "json")]
#[test]
fn json_values_round_trip() {
    let mut conn = conn!();
    let doc = Value::Json(
        r#"{"a": [1, "two", null, {"b": true}], "q": "it's"}"#
            .parse()
            .unwrap(),
    );
    for ty in ["json", "jsonb"] {
        let got = select_one(&mut conn, &format!("SELECT $1::{ty}"), doc.clone()).unwrap();
        assert_eq!(got, doc, "{ty}");
    }
}

#[cfg(feature = "decimal")]
#[test]
fn decimal_values_round_trip() {
    let mut conn = conn!();
    for s in [
        "0",
        "-1.5",
        "123456789.000100",
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "-0.5",
    ] {
        let d = Value::Decimal(s.parse().unwrap());
        assert_eq!(
            select_one(&mut conn, "SELECT $1::numeric", d.clone()).unwrap(),
            d,
            "{s}"
        );
        assert_eq!(
            select_one(&mut conn, "SELECT $1::text", d).unwrap(),
            Value::Text(s.into())
        );
    }
}

#[test]
fn rendered_select_runs_through_fetch_all() {
    let mut conn = conn!();
    let q = Select::new()
        .column_as(Expr::value(41_i64).add(1_i64), "x")
        .column_as(Expr::value(TRICKY_TEXT), "t")
        .column_as(Expr::value(Value::Null), "nothing");
    let r = q.render(&Postgres).unwrap();
    assert_eq!(
        r.sql,
        r#"SELECT $1::int8 + $2::int8 AS "x", $3::text AS "t", $4 AS "nothing""#
    );
    let rows = conn.fetch_all(&q).unwrap();
    assert_eq!(rows.rows[0].values()[0], Value::I64(42));
    assert_eq!(rows.rows[0].get_by_label::<i64>("x").unwrap(), 42);
    assert_eq!(
        rows.rows[0].get_by_label::<String>("t").unwrap(),
        TRICKY_TEXT
    );
    assert_eq!(
        rows.rows[0].get_by_label::<Option<i64>>("nothing").unwrap(),
        None
    );

    conn.execute_raw_batch(
        "CREATE TEMPORARY TABLE items (id int8 PRIMARY KEY, name text NOT NULL, price numeric(10, 2));
         INSERT INTO items VALUES (1, 'apple', 0.50), (2, 'pear', 1.25), (3, 'fig', NULL);",
    )
    .unwrap();
    let items = TableRef::new("items");
    let q = Select::new()
        .column(items.col("name"))
        .column_as(items.col("id").add(1_i32), "next_id")
        .column(items.col("price"))
        .from(items.clone())
        .filter(items.col("id").gt(Expr::param("min_id")))
        .order_by(items.col("id").asc());
    let r = q.render(&Postgres).unwrap();
    assert_eq!(
        r.sql,
        r#"SELECT "items"."name", "items"."id" + $1 AS "next_id", "items"."price" FROM "items" WHERE "items"."id" > $2 ORDER BY "items"."id""#
    );
    // An i32 parameter compared with an int8 column: adapted by the binding.
    let rows = conn
        .fetch_all_with(&q, &[("min_id", Value::I32(1))])
        .unwrap();
    assert_eq!(
        rows.values(),
        vec![
            vec![Value::Text("pear".into()), Value::I64(3), numeric("1.25")],
            vec![Value::Text("fig".into()), Value::I64(4), Value::Null],
        ]
    );
    assert_eq!(rows.rows[0].get_by_label::<f64>("price").unwrap(), 1.25);
    let first = conn.fetch_optional(&q.clone().limit(1)).err();
    assert!(matches!(first, Some(Error::Bind(_))), "{first:?}");
}

#[test]
fn execute_reports_rows_affected() {
    let mut conn = conn!();
    conn.execute_raw_batch("CREATE TEMPORARY TABLE counts (n int4)")
        .unwrap();
    for i in 0..3 {
        assert_eq!(
            conn.execute_sql("INSERT INTO counts VALUES ($1)", &[Value::I32(i)])
                .unwrap(),
            1
        );
    }
    assert_eq!(
        conn.execute_sql(
            "UPDATE counts SET n = n + 1 WHERE n >= $1",
            &[Value::I64(1)]
        )
        .unwrap(),
        2
    );
    assert_eq!(conn.execute_sql("DELETE FROM counts", &[]).unwrap(), 3);
    let client = conn.into_client();
    assert!(!client.is_closed());
}

/// Our binary NUMERIC encoder and decoder agree with the server's own text parser and
/// printer over many generated values (signs, scales, leading and trailing zeros).
#[test]
fn numeric_agrees_with_the_server_on_generated_values() {
    let mut conn = conn!();
    let mut seed: u64 = 0x5eed_1234_abcd_0042;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let as_text = |v: &Value| -> String {
        match v {
            Value::Text(s) => s.clone(),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => d.to_string(),
            other => panic!("{other:?}"),
        }
    };
    let sql = "SELECT $1::numeric, $1::numeric::text, $2::text::numeric::text";
    for _ in 0..300 {
        let int_len = (next() % 25) as usize;
        let frac_len = (next() % 25) as usize;
        let mut s = String::new();
        if next() % 2 == 0 {
            s.push('-');
        }
        for _ in 0..int_len.max(1) {
            s.push(char::from(b'0' + (next() % 10) as u8));
        }
        if frac_len > 0 {
            s.push('.');
            for _ in 0..frac_len {
                // Runs of zeros exercise the base-10000 grouping.
                let d = if next() % 3 == 0 { 0 } else { next() % 10 };
                s.push(char::from(b'0' + d as u8));
            }
        }
        let rows = conn
            .query_sql(sql, &[Value::Text(s.clone()), Value::Text(s.clone())])
            .unwrap_or_else(|e| panic!("{s}: {e}"));
        let v = rows.rows[0].values();
        assert_eq!(v[1], v[2], "encoding of {s}");
        assert_eq!(Value::Text(as_text(&v[0])), v[1], "decoding of {s}");
    }
}
