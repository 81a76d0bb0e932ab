//! Values round-trip exactly through a table on the three databases, read back as Rust
//! types with `Row::get`; what a database cannot hold is a clear error before anything is
//! sent.

mod exec_support;

use std::fmt::Debug;

use exec_support::{Db, Kind, count};
use sqlweave::{Error, FromValue, Value};

/// Stores each value in a column of type `ty` (per database: SQLite, PostgreSQL, MySQL)
/// and reads it back as `T`.
fn round_trip<T: FromValue + PartialEq + Debug>(
    db: &mut Db,
    types: [&str; 3],
    cases: &[(Value, T)],
) {
    let ty = match db.kind {
        Kind::Sqlite => types[0],
        Kind::Pg => types[1],
        Kind::MySql => types[2],
    };
    let t = db.table("val", &format!("id BIGINT PRIMARY KEY, v {ty}"));
    let ins = db.sql(&format!("INSERT INTO {t} (id, v) VALUES (?, ?)"));
    for (i, (v, _)) in cases.iter().enumerate() {
        db.conn
            .execute_sql(&ins, &[Value::I64(i as i64), v.clone()])
            .unwrap_or_else(|e| panic!("{} {ty}: insert {v:?}: {e}", db.name()));
    }
    let rows = db
        .conn
        .query_sql(&format!("SELECT v FROM {t} ORDER BY id"), &[])
        .unwrap();
    assert_eq!(rows.len(), cases.len());
    for (row, (v, want)) in rows.iter().zip(cases) {
        let got: T = row
            .get(0)
            .unwrap_or_else(|e| panic!("{} {ty}: read {v:?}: {e}", db.name()));
        assert_eq!(&got, want, "{} {ty}: {v:?}", db.name());
        // The owned decode (`take`, what typed fetching uses) reads the same value.
        let mut owned = row.clone();
        let taken: T = owned
            .take(0)
            .unwrap_or_else(|e| panic!("{} {ty}: take {v:?}: {e}", db.name()));
        assert_eq!(&taken, want, "{} {ty}: take {v:?}", db.name());
        assert_eq!(owned.values()[0], Value::Null, "take leaves NULL behind");
    }
}

/// Inserting `v` into a column of type `ty` fails with an `Error::Value` containing
/// `needle`, and nothing reaches the table.
fn refused(db: &mut Db, ty: &str, v: Value, needle: &str) {
    let t = db.table("refused", &format!("id BIGINT PRIMARY KEY, v {ty}"));
    let ins = db.sql(&format!("INSERT INTO {t} (id, v) VALUES (?, ?)"));
    match db.conn.execute_sql(&ins, &[Value::I64(1), v.clone()]) {
        Err(Error::Value(m)) => assert!(m.contains(needle), "{}: {v:?}: {m}", db.name()),
        other => panic!("{}: {v:?} should be refused, got {other:?}", db.name()),
    }
    assert_eq!(count(&mut *db.conn, &t), 0, "{}", db.name());
}

#[test]
fn integers_and_bools() {
    for mut db in Db::all() {
        round_trip(
            &mut db,
            ["BIGINT", "BIGINT", "BIGINT"],
            &[
                (Value::I64(i64::MIN), i64::MIN),
                (Value::I64(i64::MAX), i64::MAX),
                (Value::I64(0), 0),
                (Value::I8(i8::MIN), i64::from(i8::MIN)),
                (Value::I16(i16::MAX), i64::from(i16::MAX)),
                (Value::I32(i32::MIN), i64::from(i32::MIN)),
                (Value::U64(i64::MAX as u64), i64::MAX),
                (Value::from(u32::MAX), i64::from(u32::MAX)),
            ],
        );
        round_trip(
            &mut db,
            ["INTEGER", "INTEGER", "INT"],
            &[(Value::I32(i32::MAX), i32::MAX), (Value::I32(-1), -1)],
        );
        round_trip(
            &mut db,
            ["BOOLEAN", "BOOLEAN", "BOOLEAN"],
            &[(Value::Bool(true), true), (Value::Bool(false), false)],
        );
        round_trip(
            &mut db,
            ["BIGINT", "BIGINT", "BIGINT"],
            &[(Value::Null, None::<i64>), (Value::I64(5), Some(5))],
        );
    }
}

/// `u64` past `i64::MAX`: MySQL has `BIGINT UNSIGNED`; SQLite and PostgreSQL refuse it.
#[test]
fn u64_beyond_i64() {
    for mut db in Db::all() {
        if db.kind == Kind::MySql {
            round_trip(
                &mut db,
                ["", "", "BIGINT UNSIGNED"],
                &[(Value::U64(u64::MAX), u64::MAX), (Value::U64(0), 0)],
            );
        } else {
            refused(
                &mut db,
                "BIGINT",
                Value::U64(u64::MAX),
                "18446744073709551615 does not fit a signed 64-bit integer",
            );
        }
    }
}

#[test]
fn floats_and_non_finite_values() {
    for mut db in Db::all() {
        let double = ["REAL", "DOUBLE PRECISION", "DOUBLE"];
        round_trip(
            &mut db,
            double,
            &[
                (Value::F64(0.1), 0.1),
                (Value::F64(-1e300), -1e300),
                (Value::F64(f64::MIN_POSITIVE), f64::MIN_POSITIVE),
                (Value::F64(f64::MAX), f64::MAX),
                (Value::F64(-0.0), -0.0),
                (Value::F32(1.5), 1.5),
            ],
        );
        let inf = [
            (Value::F64(f64::INFINITY), f64::INFINITY),
            (Value::F64(f64::NEG_INFINITY), f64::NEG_INFINITY),
        ];
        match db.kind {
            Kind::Pg => {
                round_trip(&mut db, double, &inf);
                // NaN != NaN: read it back by hand.
                let t = db.table("nan", "v DOUBLE PRECISION");
                db.conn
                    .execute_sql(
                        &format!("INSERT INTO {t} VALUES ($1)"),
                        &[Value::F64(f64::NAN)],
                    )
                    .unwrap();
                let v: f64 = db
                    .conn
                    .query_sql(&format!("SELECT v FROM {t}"), &[])
                    .unwrap()
                    .rows[0]
                    .get(0)
                    .unwrap();
                assert!(v.is_nan());
            }
            Kind::Sqlite => {
                round_trip(&mut db, double, &inf);
                refused(
                    &mut db,
                    "REAL",
                    Value::F64(f64::NAN),
                    "SQLite cannot store NaN",
                );
            }
            Kind::MySql => {
                for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                    refused(&mut db, "DOUBLE", Value::F64(v), "no NaN or infinity");
                }
            }
        }
    }
}

const TRICKY: &str = "it's \"quoted\" \\ back\\slash; -- not a comment 😀🦀 é\n\t$1 ? %_";

#[test]
fn text_and_bytes() {
    for mut db in Db::all() {
        let text = ["TEXT", "TEXT", "LONGTEXT"];
        round_trip(
            &mut db,
            text,
            &[
                (Value::from(TRICKY), TRICKY.to_string()),
                (Value::from(""), String::new()),
                (Value::from("x".repeat(100_000)), "x".repeat(100_000)),
            ],
        );
        let with_nul = "before\0after";
        if db.kind == Kind::Pg {
            // PostgreSQL text cannot hold NUL: refused before anything is sent.
            refused(&mut db, "TEXT", Value::from(with_nul), "cannot contain NUL");
        } else {
            round_trip(
                &mut db,
                text,
                &[(Value::from(with_nul), with_nul.to_string())],
            );
        }
        let all_bytes: Vec<u8> = (0..=255).collect();
        round_trip(
            &mut db,
            ["BLOB", "BYTEA", "LONGBLOB"],
            &[
                (Value::Bytes(all_bytes.clone()), all_bytes),
                (Value::Bytes(vec![]), vec![]),
                (Value::Bytes(vec![0, 0, 0]), vec![0, 0, 0]),
            ],
        );
    }
}

#[cfg(feature = "chrono")]
#[test]
fn dates_and_times() {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let t = |s: &str| s.parse::<NaiveTime>().unwrap();
    let ts = |s: &str| s.parse::<NaiveDateTime>().unwrap();
    let tz = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    for mut db in Db::all() {
        let dates = [
            d("2024-02-29"),
            d("1970-01-01"),
            d("0001-01-01"),
            d("9999-12-31"),
        ];
        round_trip(
            &mut db,
            ["TEXT", "DATE", "DATE"],
            &dates.map(|v| (Value::from(v), v)),
        );
        let times = [t("00:00:00"), t("13:45:00.5"), t("23:59:59.999999")];
        round_trip(
            &mut db,
            ["TEXT", "TIME", "TIME(6)"],
            &times.map(|v| (Value::from(v), v)),
        );
        let stamps = [ts("2024-02-29T13:45:00.000001"), ts("1970-01-01T00:00:00")];
        round_trip(
            &mut db,
            ["TEXT", "TIMESTAMP", "DATETIME(6)"],
            &stamps.map(|v| (Value::from(v), v)),
        );
        let zoned = [
            tz("2024-06-01T12:00:00.5Z"),
            tz("2024-03-01T01:30:00+02:00"),
        ];
        round_trip(
            &mut db,
            ["TEXT", "TIMESTAMPTZ", "DATETIME(6)"],
            &zoned.map(|v| (Value::from(v), v)),
        );
    }
}

#[cfg(feature = "uuid")]
#[test]
fn uuids() {
    let u = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    for mut db in Db::all() {
        round_trip(
            &mut db,
            ["TEXT", "UUID", "CHAR(36)"],
            &[
                (Value::from(u), u),
                (Value::from(uuid::Uuid::nil()), uuid::Uuid::nil()),
            ],
        );
    }
}

#[cfg(feature = "json")]
#[test]
fn json_documents() {
    let doc =
        serde_json::json!({"a": [1, "two", null, {"b": true}], "q": "it's \"x\" 😀", "n": 1.5});
    for mut db in Db::all() {
        round_trip(
            &mut db,
            ["TEXT", "JSONB", "JSON"],
            &[
                (Value::from(doc.clone()), doc.clone()),
                (Value::from(serde_json::json!([])), serde_json::json!([])),
            ],
        );
    }
}

#[cfg(feature = "decimal")]
#[test]
fn decimals() {
    use rust_decimal::Decimal;
    let cases: Vec<Decimal> = ["-12345.678900", "0.000001", "99999999999999.999999", "0"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    for mut db in Db::all() {
        // SQLite stores numbers as 64-bit integers and doubles: a decimal a double cannot
        // hold digit for digit is refused there (it would compare as text or lose digits).
        let sqlite_holds = |d: &Decimal| db.kind != Kind::Sqlite || d.to_string().len() < 17;
        let pairs: Vec<(Value, Decimal)> = cases
            .iter()
            .filter(|d| sqlite_holds(d))
            .map(|d| (Value::from(*d), *d))
            .collect();
        if db.kind == Kind::Sqlite {
            let t = db.table("dec_refused", "v TEXT");
            let ins = db.sql(&format!("INSERT INTO {t} VALUES (?)"));
            let err = db
                .conn
                .execute_sql(&ins, &[Value::from(cases[2])])
                .unwrap_err();
            assert!(err.to_string().contains("99999999999999.999999"), "{err}");
        }
        round_trip(
            &mut db,
            ["TEXT", "NUMERIC(30, 6)", "DECIMAL(30, 6)"],
            &pairs,
        );
        // Exactly: the digits, not a float near them.
        let t = db.table(
            "dec_text",
            &format!(
                "v {}",
                match db.kind {
                    Kind::Sqlite => "TEXT",
                    Kind::Pg => "NUMERIC(30, 6)",
                    Kind::MySql => "DECIMAL(30, 6)",
                }
            ),
        );
        let ins = db.sql(&format!("INSERT INTO {t} VALUES (?)"));
        let d: Decimal = "0.100000".parse().unwrap();
        db.conn.execute_sql(&ins, &[Value::from(d)]).unwrap();
        let back: Decimal = db
            .conn
            .query_sql(&format!("SELECT v FROM {t}"), &[])
            .unwrap()
            .rows[0]
            .get(0)
            .unwrap();
        // SQLite keeps the number (its double reads back as exactly 0.1), not the scale.
        let want = if db.kind == Kind::Sqlite {
            "0.1"
        } else {
            "0.100000"
        };
        assert_eq!(back.to_string(), want, "{}", db.name());
    }
}

/// A value read as the wrong Rust type: the error names the column, its SQL type and the
/// Rust type.
#[test]
fn decode_errors_name_column_sql_type_and_rust_type() {
    for mut db in Db::all() {
        let t = db.table("decode", "id BIGINT PRIMARY KEY, word VARCHAR(20)");
        db.conn
            .execute_raw_batch(&format!("INSERT INTO {t} VALUES (1, 'abc')"))
            .unwrap();
        let rows = db
            .conn
            .query_sql(&format!("SELECT id, word FROM {t}"), &[])
            .unwrap();
        let err = rows.rows[0].get_by_label::<i64>("word").unwrap_err();
        match &err {
            Error::Decode {
                column,
                sql_type,
                rust_type,
                ..
            } => {
                assert_eq!(column, "word");
                let want = match db.kind {
                    Kind::Sqlite => "VARCHAR(20)",
                    Kind::Pg => "varchar",
                    Kind::MySql => "VARCHAR",
                };
                assert_eq!(sql_type, want, "{}", db.name());
                assert_eq!(*rust_type, "i64");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("\"word\""), "{err}");
        let err = rows.rows[0].get::<i8>(0).map(|_| ());
        assert!(err.is_ok(), "1 fits an i8");
        let err = rows.rows[0].get::<String>(5).unwrap_err();
        assert!(err.to_string().contains("only 2 columns"), "{err}");
        // The owned forms name the same things, and leave NULL behind even on an error.
        let mut row = rows.rows[0].clone();
        let took = row.take_by_label::<i64>("word").unwrap_err();
        assert_eq!(
            took.to_string(),
            err_by_label(&rows.rows[0]),
            "{}",
            db.name()
        );
        assert_eq!(row.values()[1], Value::Null);
        let err = row.take::<String>(5).unwrap_err();
        assert!(err.to_string().contains("only 2 columns"), "{err}");
        let mut row = rows.rows[0].clone();
        let err = row.take_by_label::<String>("nope").unwrap_err();
        assert!(
            err.to_string().contains("no column with this label"),
            "{err}"
        );
        assert_eq!(row, rows.rows[0], "a label that is not there takes nothing");
    }
}

fn err_by_label(row: &sqlweave::Row) -> String {
    row.get_by_label::<i64>("word").unwrap_err().to_string()
}

#[derive(Debug, PartialEq)]
struct Named {
    id: i64,
    word: String,
    again: String,
    missing: Option<String>,
    data: Vec<u8>,
}
sqlweave::from_row!(Named { id, word, again = "word", missing, data });

/// Typed decoding that consumes the rows (`into_decoded`, what typed fetching uses)
/// answers as the copying decode does: by position for tuples, by label for a
/// `from_row!` struct, also when two fields read one column, and with the same errors.
#[test]
fn owned_decoding_answers_as_copying_decoding() {
    for mut db in Db::all() {
        let blob_type = match db.kind {
            Kind::Pg => "BYTEA",
            _ => "BLOB",
        };
        let t = db.table(
            "owned",
            &format!(
                "id BIGINT PRIMARY KEY, word VARCHAR(20), missing VARCHAR(20), data {blob_type}"
            ),
        );
        let ins = db.sql(&format!(
            "INSERT INTO {t} (id, word, missing, data) VALUES (?, ?, ?, ?)"
        ));
        for (id, word) in [(1, "ünï"), (2, "it's")] {
            let row = [
                Value::I64(id),
                Value::from(word),
                Value::Null,
                Value::Bytes(vec![0, 255, id as u8]),
            ];
            db.conn.execute_sql(&ins, &row).unwrap();
        }
        let rows = db
            .conn
            .query_sql(
                &format!("SELECT id, word, missing, data FROM {t} ORDER BY id"),
                &[],
            )
            .unwrap();
        type Tuple = (i64, String, Option<String>, Vec<u8>);
        let copied: Vec<Tuple> = rows.decode().unwrap();
        let moved: Vec<Tuple> = rows.clone().into_decoded().unwrap();
        assert_eq!(moved, copied, "{}", db.name());
        assert_eq!(moved[1].1, "it's");
        assert_eq!(moved[0].3, [0, 255, 1]);

        let copied: Vec<Named> = rows.decode().unwrap();
        let moved: Vec<Named> = rows.clone().into_decoded().unwrap();
        assert_eq!(moved, copied, "{}", db.name());
        assert_eq!(
            moved[0].again,
            "ünï",
            "{}: two fields, one column",
            db.name()
        );

        let row = rows.rows[0].clone();
        let copied = row
            .decode::<(i64, i64, Option<String>, Vec<u8>)>()
            .unwrap_err();
        let moved = row
            .into_decoded::<(i64, i64, Option<String>, Vec<u8>)>()
            .unwrap_err();
        assert_eq!(moved.to_string(), copied.to_string(), "{}", db.name());
        let narrow = rows.rows[0]
            .clone()
            .into_decoded::<(i64, String)>()
            .unwrap_err();
        assert!(
            narrow
                .to_string()
                .contains("has 2 columns, the result has 4"),
            "{narrow}"
        );
    }
}

/// `fetch_each_sql` (what typed `fetch_all` decodes through) hands every row of one
/// response; a row that fails to decode midway ends it with that error and leaves the
/// connection usable, outside and inside a transaction (which then still commits).
#[test]
fn decoding_each_row_as_read_stops_cleanly_on_an_error() {
    use std::ops::ControlFlow;
    for mut db in Db::all() {
        let t = db.table("each", "id BIGINT PRIMARY KEY, word VARCHAR(20)");
        db.conn
            .execute_raw_batch(&format!(
                "INSERT INTO {t} VALUES (1, 'a'), (2, NULL), (3, 'c'), (4, 'd')"
            ))
            .unwrap();
        let sql = format!("SELECT word FROM {t} ORDER BY id");
        let mut all = Vec::new();
        db.conn
            .fetch_each_sql(&sql, &[], &mut |mut row| {
                all.push(row.take::<Option<String>>(0)?);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!(
            all,
            [Some("a".into()), None, Some("c".into()), Some("d".into())]
        );
        for in_transaction in [false, true] {
            if in_transaction {
                db.conn.begin().unwrap();
            }
            let mut seen = Vec::new();
            let err = db
                .conn
                .fetch_each_sql(&sql, &[], &mut |mut row| {
                    seen.push(row.take::<String>(0)?);
                    Ok(ControlFlow::Continue(()))
                })
                .unwrap_err();
            assert!(
                matches!(err, Error::Decode { .. }),
                "{}: {err:?}",
                db.name()
            );
            assert_eq!(seen, ["a"], "{}", db.name());
            let ins = db.sql(&format!("INSERT INTO {t} (id, word) VALUES (?, 'e')"));
            let id = if in_transaction { 6 } else { 5 };
            db.conn.execute_sql(&ins, &[Value::I64(id)]).unwrap();
            if in_transaction {
                db.conn.commit().unwrap();
            }
        }
        assert_eq!(count(&mut *db.conn, &t), 6, "{}", db.name());
    }
}
