//! DDL writes values as literals (it takes no bind parameters). These tests send awkward
//! values through DEFAULT and CHECK on the three databases and read them back: a literal
//! must mean exactly its value, in every string mode the server may run in.

mod common;

use common::scratch::Scratch;
use sqlweave::ddl::{ColumnDef, ColumnType, TableDef};
use sqlweave::{Executor, Expr, Value};

const TEXTS: &[&str] = &[
    "",
    "plain",
    "O'Brien",
    "''",
    "'",
    r"\",
    r"\'",
    r"\\'",
    r"C:\temp\new",
    "%_!",
    "? $1 :name",
    "-- not a comment",
    "/* nor this */",
    "\"double\" `back`",
    "line\nbreak\ttab\r",
    "héllo ✓ 😀",
    "trailing space ",
];

fn text_table(name: &'static str, values: &[&str]) -> TableDef {
    let mut t = TableDef::new(name).column(ColumnDef::new("id", ColumnType::Integer).primary_key());
    for (i, v) in values.iter().enumerate() {
        t = t.column(ColumnDef::new(format!("c{i}"), ColumnType::Varchar(40)).default(*v));
    }
    t
}

fn read_back(conn: &mut dyn Executor, table: &str, n: usize) -> Vec<String> {
    conn.execute_sql(&format!("INSERT INTO {table} (id) VALUES (1)"), &[])
        .unwrap();
    let cols: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let rows = conn
        .query_sql(&format!("SELECT {} FROM {table}", cols.join(", ")), &[])
        .unwrap();
    (0..n)
        .map(|i| rows.rows[0].get::<String>(i).unwrap())
        .collect()
}

#[test]
fn text_defaults_round_trip_exactly() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        let name = conn.dialect().name();
        conn.execute(&text_table("texts", TEXTS).create())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read_back(conn, "texts", TEXTS.len()), TEXTS, "{name}");
    }
    // The same statements under the other string mode of each server.
    if let Some(pg) = s.postgres() {
        pg.execute_raw_batch("SET standard_conforming_strings = off")
            .unwrap();
        pg.execute(&text_table("texts_scs_off", TEXTS).create())
            .unwrap();
        assert_eq!(read_back(pg, "texts_scs_off", TEXTS.len()), TEXTS);
        pg.execute_raw_batch("SET standard_conforming_strings = on")
            .unwrap();
    }
    if let Some(my) = s.mysql() {
        my.execute_raw_batch("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
            .unwrap();
        my.execute(&text_table("texts_nbe", TEXTS).create())
            .unwrap();
        assert_eq!(read_back(my, "texts_nbe", TEXTS.len()), TEXTS);
    }
}

/// A CHECK that refuses exactly one value: the literal in it means that value.
#[test]
fn check_literals_mean_exactly_their_value() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        let name = conn.dialect().name();
        for (i, v) in TEXTS.iter().enumerate() {
            let table = format!("ck{i}");
            let t = TableDef::new(table.clone())
                .column(ColumnDef::new("v", ColumnType::Varchar(40)))
                .check(Expr::column("v").ne(*v));
            match conn.execute(&t.create()) {
                Ok(_) => {}
                // MySQL: text with a backslash cannot go inside a stored expression.
                Err(e) if v.contains('\\') && (name == "MariaDB" || name == "MySQL") => {
                    assert!(e.to_string().contains("inside a DDL expression"), "{e}");
                    continue;
                }
                Err(e) => panic!("{name} {v:?}: {e}"),
            }
            let insert = format!("INSERT INTO {table} (v) VALUES (?)");
            let insert = if name == "PostgreSQL" {
                insert.replace('?', "$1")
            } else {
                insert
            };
            let refused = conn.execute_sql(&insert, &[Value::from(*v)]).is_err();
            assert!(refused, "{name}: the CHECK should refuse {v:?}");
            let other = format!("{v}x");
            assert!(
                conn.execute_sql(&insert, &[Value::from(other.as_str())])
                    .is_ok(),
                "{name}: {other:?}"
            );
        }
    }
}

#[test]
fn bytes_and_numbers_round_trip() {
    let mut s = Scratch::new();
    let bytes: Vec<u8> = (0..=255).collect();
    let t = TableDef::new("vals")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(ColumnDef::new("b", ColumnType::Bytes).default(bytes.clone()))
        .column(ColumnDef::new("e", ColumnType::Bytes).default(Vec::<u8>::new()))
        .column(ColumnDef::new("big", ColumnType::BigInt).default(i64::MIN))
        .column(ColumnDef::new("f", ColumnType::Double).default(0.1_f64))
        .column(ColumnDef::new("tiny", ColumnType::Double).default(-1234.5678_f64))
        .column(ColumnDef::new("avogadro", ColumnType::Double).default(6.02214076e23_f64))
        .column(ColumnDef::new("huge", ColumnType::Double).default(1e300_f64));
    for conn in s.conns() {
        let name = conn.dialect().name();
        conn.execute(&t.create())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        conn.execute_sql("INSERT INTO vals (id) VALUES (1)", &[])
            .unwrap();
        let r = conn
            .query_sql("SELECT b, e, big, f, tiny, avogadro, huge FROM vals", &[])
            .unwrap();
        let row = &r.rows[0];
        assert_eq!(row.get::<Vec<u8>>(0).unwrap(), bytes, "{name}");
        assert_eq!(row.get::<Vec<u8>>(1).unwrap(), Vec::<u8>::new(), "{name}");
        assert_eq!(row.get::<i64>(2).unwrap(), i64::MIN, "{name}");
        assert_eq!(row.get::<f64>(3).unwrap(), 0.1, "{name}");
        assert_eq!(row.get::<f64>(4).unwrap(), -1234.5678, "{name}");
        assert_eq!(row.get::<f64>(5).unwrap(), 6.02214076e23, "{name}");
        assert_eq!(row.get::<f64>(6).unwrap(), 1e300, "{name}");
    }
}

#[cfg(all(
    feature = "chrono",
    feature = "uuid",
    feature = "json",
    feature = "decimal"
))]
mod typed {
    use super::*;
    use crate::common::ok;
    use crate::{golden, p};
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn values() -> (
        NaiveDate,
        NaiveTime,
        NaiveDateTime,
        DateTime<Utc>,
        uuid::Uuid,
        serde_json::Value,
        Decimal,
    ) {
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let at = NaiveTime::from_hms_micro_opt(13, 4, 5, 6).unwrap();
        let stamp = day.and_time(at);
        let utc = DateTime::<Utc>::from_naive_utc_and_offset(stamp, Utc);
        let id = uuid::Uuid::from_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap();
        let doc = serde_json::json!({"a": [1, "it's"]});
        (
            day,
            at,
            stamp,
            utc,
            id,
            doc,
            Decimal::from_str("12345.6789").unwrap(),
        )
    }

    fn table() -> TableDef {
        let (day, at, stamp, utc, id, doc, dec) = values();
        TableDef::new("typed")
            .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
            .column(ColumnDef::new("day", ColumnType::Date).default(day))
            .column(ColumnDef::new("at", ColumnType::Time).default(at))
            .column(ColumnDef::new("stamp", ColumnType::Timestamp).default(stamp))
            .column(ColumnDef::new("utc", ColumnType::TimestampTz).default(utc))
            .column(ColumnDef::new("uid", ColumnType::Uuid).default(id))
            .column(ColumnDef::new("doc", ColumnType::Jsonb).default(doc))
            .column(ColumnDef::new("amount", ColumnType::Numeric(Some((12, 4)))).default(dec))
    }

    #[test]
    fn typed_literals_per_dialect() {
        golden!(table().create(),
            sqlite: ok(r#"CREATE TABLE "typed" ("id" INTEGER NOT NULL, "day" TEXT DEFAULT '2024-02-29', "at" TEXT DEFAULT '13:04:05.000006', "stamp" TEXT DEFAULT '2024-02-29 13:04:05.000006', "utc" TEXT DEFAULT '2024-02-29 13:04:05.000006+00:00', "uid" TEXT DEFAULT '67e55044-10b1-426f-9247-bb680e5fe0c8', "doc" TEXT DEFAULT '{"a":[1,"it''s"]}', "amount" NUMERIC DEFAULT 12345.6789, PRIMARY KEY ("id"))"#, p![]),
            postgres: ok(r#"CREATE TABLE "typed" ("id" INTEGER NOT NULL, "day" DATE DEFAULT DATE '2024-02-29', "at" TIME DEFAULT TIME '13:04:05.000006', "stamp" TIMESTAMP DEFAULT TIMESTAMP '2024-02-29 13:04:05.000006', "utc" TIMESTAMPTZ DEFAULT TIMESTAMPTZ '2024-02-29 13:04:05.000006+00:00', "uid" UUID DEFAULT UUID '67e55044-10b1-426f-9247-bb680e5fe0c8', "doc" JSONB DEFAULT JSONB '{"a":[1,"it''s"]}', "amount" NUMERIC(12, 4) DEFAULT 12345.6789, PRIMARY KEY ("id"))"#, p![]),
            // MySQL keeps a TimestampTz as its UTC time; JSON defaults are expressions.
            mysql: ok("CREATE TABLE `typed` (`id` INT NOT NULL, `day` DATE DEFAULT DATE '2024-02-29', `at` TIME(6) DEFAULT TIME '13:04:05.000006', `stamp` DATETIME(6) DEFAULT TIMESTAMP '2024-02-29 13:04:05.000006', `utc` DATETIME(6) DEFAULT TIMESTAMP '2024-02-29 13:04:05.000006', `uid` CHAR(36) DEFAULT '67e55044-10b1-426f-9247-bb680e5fe0c8', `doc` JSON DEFAULT ('{\"a\":[1,\"it''s\"]}'), `amount` DECIMAL(12, 4) DEFAULT 12345.6789, PRIMARY KEY (`id`)) DEFAULT CHARSET=utf8mb4", p![]),
        );
    }

    #[test]
    fn typed_defaults_round_trip() {
        let (day, at, stamp, utc, id, doc, dec) = values();
        let mut s = Scratch::new();
        for conn in s.conns() {
            let name = conn.dialect().name();
            conn.execute(&table().create())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            conn.execute_sql("INSERT INTO typed (id) VALUES (1)", &[])
                .unwrap();
            let r = conn
                .query_sql(
                    "SELECT day, at, stamp, utc, uid, doc, amount FROM typed",
                    &[],
                )
                .unwrap();
            let row = &r.rows[0];
            assert_eq!(row.get::<NaiveDate>(0).unwrap(), day, "{name}");
            assert_eq!(row.get::<NaiveTime>(1).unwrap(), at, "{name}");
            assert_eq!(row.get::<NaiveDateTime>(2).unwrap(), stamp, "{name}");
            assert_eq!(row.get::<DateTime<Utc>>(3).unwrap(), utc, "{name}");
            assert_eq!(row.get::<uuid::Uuid>(4).unwrap(), id, "{name}");
            assert_eq!(row.get::<serde_json::Value>(5).unwrap(), doc, "{name}");
            assert_eq!(row.get::<Decimal>(6).unwrap(), dec, "{name}");
        }
    }
}
