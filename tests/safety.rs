//! What a caller passes never becomes SQL text, identifiers are always quoted correctly,
//! and bad input is a clear error — checked in golden SQL and on the real databases.

mod common;

use common::fixture::{mysql_connect, pg_connect};
use common::{err, ok};
use sqlweave::{Dialect, Error, Executor, Expr, Select, Statement, TableRef, Value};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::{Sqlite, SqliteConnection};

const HOSTILE: &[&str] = &[
    "weird\"name",
    "back`tick",
    "semi;colon -- comment",
    "it's",
    "$1 ? :x",
    "/* c */ */",
    "%s %% _",
    "SELECT",
    "ünïcödé ß",
    "back\\slash",
    "new\nline\ttab",
    "#hash",
    "  leading",
];

fn quoted(d: &dyn Dialect, name: &str) -> String {
    sqlweave::render::render_expr(d, &Expr::column(name.to_string()))
        .unwrap()
        .sql
}

/// Creates a table and column with a hostile name (quoted by sqlweave), inserts a row, reads
/// it back with a hostile label, and checks the names the database reports.
fn round_trip(conn: &mut dyn Executor, suffix: &str) {
    let dname = conn.dialect().name();
    let numbered = conn.dialect().numbered_placeholders();
    for (i, name) in HOSTILE.iter().enumerate() {
        let table = format!("{name}{suffix}{i}");
        let column = format!("c {name}");
        let label = format!("l {name}");
        let qt = quoted(conn.dialect(), &table);
        let qc = quoted(conn.dialect(), &column);
        conn.execute_raw_batch(&format!("CREATE TABLE {qt} ({qc} INTEGER)"))
            .unwrap_or_else(|e| panic!("{dname}: create {table:?}: {e}"));
        let insert = format!(
            "INSERT INTO {qt} ({qc}) VALUES ({})",
            if numbered { "$1" } else { "?" }
        );
        conn.execute_sql(&insert, &[Value::I64(i as i64)]).unwrap();
        let t = TableRef::new(table.clone());
        let q = Select::new()
            .column_as(t.col(column.clone()), label.clone())
            .from(t);
        let rows = conn
            .fetch_all(&q)
            .unwrap_or_else(|e| panic!("{dname}: select {table:?}: {e}"));
        assert_eq!(rows.rows.len(), 1, "{dname} {name:?}");
        assert_eq!(
            rows.rows[0].columns(),
            std::slice::from_ref(&label),
            "{dname}: label {name:?}"
        );
        assert_eq!(
            rows.rows[0].get::<i64>(0).unwrap(),
            i as i64,
            "{dname} {name:?}"
        );
        conn.execute_raw_batch(&format!("DROP TABLE {qt}")).unwrap();
    }
}

#[test]
fn hostile_identifiers_round_trip_on_every_database() {
    let suffix = format!("_{}", std::process::id());
    let mut sqlite = SqliteConnection::open_in_memory().unwrap();
    round_trip(&mut sqlite, &suffix);
    if let Some(mut pg) = pg_connect() {
        round_trip(&mut pg, &suffix);
    }
    if let Some(mut my) = mysql_connect() {
        round_trip(&mut my, &suffix);
    }
}

#[test]
fn identifier_quoting_doubles_the_quote_character() {
    let q = Select::new()
        .column_as(Expr::qualified("t\"`", "c\"`"), "a\"`")
        .from(TableRef::new("t\"`"));
    golden!(q,
        sqlite: ok(r#"SELECT "t""`"."c""`" AS "a""`" FROM "t""`""#, p![]),
        postgres: ok(r#"SELECT "t""`"."c""`" AS "a""`" FROM "t""`""#, p![]),
        mysql: ok("SELECT `t\"```.`c\"``` AS `a\"``` FROM `t\"```", p![]),
    );
}

#[test]
fn bad_identifiers_are_errors() {
    let empty = Select::new()
        .column(Expr::column(""))
        .from(TableRef::new("t"));
    golden!(empty,
        sqlite: err("cannot be empty"),
        postgres: err("cannot be empty"),
        mysql: err("cannot be empty"),
    );
    let nul = Select::new()
        .column(Expr::column("a\0b"))
        .from(TableRef::new("t"));
    golden!(nul,
        sqlite: err("cannot contain NUL"),
        postgres: err("cannot contain NUL"),
        mysql: err("cannot contain NUL"),
    );
    // PostgreSQL truncates names past 63 bytes: two long names could collide, so refuse.
    let n63 = "x".repeat(63);
    let n64 = "x".repeat(64);
    let n65 = "x".repeat(65);
    let ok63 = Select::new()
        .column(Expr::column(n63.clone()))
        .from(TableRef::new("t"));
    let long64 = Select::new()
        .column(Expr::column(n64.clone()))
        .from(TableRef::new("t"));
    let long65 = Select::new()
        .column(Expr::column(n65.clone()))
        .from(TableRef::new("t"));
    assert!(ok63.render(&Postgres).is_ok());
    assert!(matches!(
        long64.render(&Postgres),
        Err(Error::InvalidIdentifier { .. })
    ));
    assert!(long64.render(&MySql::mysql8()).is_ok());
    assert!(matches!(
        long65.render(&MySql::mysql8()),
        Err(Error::InvalidIdentifier { .. })
    ));
    assert!(long65.render(&Sqlite).is_ok());
    // MySQL's own identifier rules.
    let trailing = Select::new()
        .column(Expr::column("a "))
        .from(TableRef::new("t"));
    assert!(trailing.render(&Sqlite).is_ok());
    assert!(matches!(
        trailing.render(&MySql::mariadb()),
        Err(Error::InvalidIdentifier { .. })
    ));
    let emoji = Select::new()
        .column(Expr::column("🦀"))
        .from(TableRef::new("t"));
    assert!(emoji.render(&Postgres).is_ok());
    assert!(matches!(
        emoji.render(&MySql::mariadb()),
        Err(Error::InvalidIdentifier { .. })
    ));
}

#[test]
fn values_never_become_sql_text() {
    let evil = "'; DROP TABLE customers; --";
    let q = Select::new()
        .column_as(Expr::value(evil), "v")
        .from(TableRef::new("t"))
        .filter(
            Expr::column("name")
                .eq(evil)
                .or(Expr::column("name").like(evil)),
        )
        .filter(Expr::column("name").contains(evil));
    for d in [
        &Sqlite as &dyn Dialect,
        &Postgres,
        &MySql::mysql8(),
        &MySql::mariadb(),
    ] {
        let r = q.render_for(d).unwrap();
        assert!(!r.sql.contains("DROP"), "{}: {}", d.name(), r.sql);
        assert_eq!(r.params.len(), 4);
    }
    // And on a real database the evil text comes back as data.
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    let back = conn
        .fetch_all(&Select::new().column(Expr::value(evil)))
        .unwrap();
    assert_eq!(back.rows[0].get::<String>(0).unwrap(), evil);
    if let Some(mut pg) = pg_connect() {
        let back = pg
            .fetch_all(&Select::new().column(Expr::value(evil)))
            .unwrap();
        assert_eq!(back.rows[0].get::<String>(0).unwrap(), evil);
    }
    if let Some(mut my) = mysql_connect() {
        let back = my
            .fetch_all(&Select::new().column(Expr::value(evil)))
            .unwrap();
        assert_eq!(back.rows[0].get::<String>(0).unwrap(), evil);
    }
}

#[test]
fn values_a_database_cannot_hold_are_errors() {
    let big = Select::new().column(Expr::value(u64::MAX));
    golden!(big,
        sqlite: err("does not fit a signed 64-bit integer"),
        postgres: err("does not fit a signed 64-bit integer"),
        mysql: ok("SELECT ?", p![u64::MAX]),
    );
    let nul = Select::new().column(Expr::value("a\0b"));
    golden!(nul,
        sqlite: ok("SELECT ?", p!["a\0b"]),
        postgres: err("cannot contain NUL"),
        mysql: ok("SELECT ?", p!["a\0b"]),
    );
}

#[test]
fn nesting_depth_is_guarded() {
    let mut e = Expr::column("x");
    for _ in 0..(sqlweave::MAX_DEPTH - 10) {
        e = e.neg();
    }
    let shallow = Select::new().column(e.clone());
    assert!(shallow.render(&Sqlite).is_ok());
    for _ in 0..2_000 {
        e = e.neg();
    }
    let deep = Select::new().column(e);
    for d in [&Sqlite as &dyn Dialect, &Postgres, &MySql::mysql8()] {
        match deep.render_for(d) {
            Err(Error::TooDeep { limit }) => assert_eq!(limit, sqlweave::MAX_DEPTH),
            other => panic!("{}: expected TooDeep, got {other:?}", d.name()),
        }
    }
    // Deeply nested subqueries count too.
    let mut q = Select::new().column(Expr::value(1_i64));
    for _ in 0..sqlweave::MAX_DEPTH {
        q = Select::new().column(q.as_expr());
    }
    assert!(matches!(q.render(&Postgres), Err(Error::TooDeep { .. })));
}
