//! The migration-file reader splits statements with the syntax of the database the file
//! runs on: `#` comments and backslash escapes on MariaDB / MySQL, `E'…'` and dollar
//! quotes on PostgreSQL, neither on SQLite. A `;` inside a MariaDB comment or escaped
//! string used to end a statement, so the text after it ran as a statement of its own.

use sqlweave::Dialect;
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{Runner, Target, load_dir, split_statements, statements_text};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

/// Splits, and checks that the statements written back as a file read the same.
fn split(sql: &str, d: &dyn Dialect) -> Vec<String> {
    let once = split_statements(sql, d);
    assert_eq!(
        split_statements(&statements_text(&once), d),
        once,
        "{}: written back and read again",
        d.name()
    );
    once
}

#[test]
fn mariadb_hash_comments_hold_semicolons() {
    let d = &MySql::mariadb();
    assert_eq!(
        split(
            "# comment; DROP TABLE canary\nCREATE TABLE t (a INT); # tail; DROP TABLE canary\nSELECT 1 # x;",
            d
        ),
        ["CREATE TABLE t (a INT)", "SELECT 1"]
    );
    // A `#` inside quotes and backticks is text.
    assert_eq!(
        split("SELECT '#;' AS `#;`, \"#;\"; SELECT 2", d),
        ["SELECT '#;' AS `#;`, \"#;\"", "SELECT 2"]
    );
    // MySQL 8 reads the same.
    assert_eq!(split("# a; b\nSELECT 1", &MySql::mysql8()), ["SELECT 1"]);
}

#[test]
fn mariadb_backslash_escapes_in_strings() {
    let d = &MySql::mariadb();
    assert_eq!(
        split(
            r#"INSERT INTO t VALUES ('a\';b'); SELECT "c\";d"; SELECT 3"#,
            d
        ),
        [
            r#"INSERT INTO t VALUES ('a\';b')"#,
            r#"SELECT "c\";d""#,
            "SELECT 3"
        ]
    );
    // An escaped backslash does not escape the quote after it.
    assert_eq!(
        split(r"SELECT 'a\\'; SELECT 'b\\\';c'", d),
        [r"SELECT 'a\\'", r"SELECT 'b\\\';c'"]
    );
    // Backticks know no escapes.
    assert_eq!(
        split(r"SELECT 1 AS `x\`; SELECT 2", d),
        [r"SELECT 1 AS `x\`", "SELECT 2"]
    );
    // A multi-byte character after a backslash.
    assert_eq!(
        split("SELECT 'é\\é;'; SELECT 2", d),
        ["SELECT 'é\\é;'", "SELECT 2"]
    );
}

/// MariaDB / MySQL: `--` starts a comment only when a space or a control character
/// follows it (`5--2` is five minus minus two), and `$` is a letter of names, not a
/// quote.
#[test]
fn mariadb_double_dash_and_dollar() {
    let d = &MySql::mariadb();
    assert_eq!(
        split("SELECT 5--2; SELECT 3 --\tx; y\n; SELECT 4 -- z;", d),
        ["SELECT 5--2", "SELECT 3", "SELECT 4"]
    );
    assert_eq!(
        split("SELECT 1 AS $a$; SELECT 2 AS $a$", d),
        ["SELECT 1 AS $a$", "SELECT 2 AS $a$"]
    );
}

/// On PostgreSQL `#` is an operator (bitwise XOR) and, with
/// `standard_conforming_strings`, a backslash in `'…'` is an ordinary character; in
/// `E'…'` it escapes.
#[test]
fn postgres_hash_and_backslash() {
    let d = &Postgres;
    assert_eq!(
        split("SELECT 5 # 3; SELECT 'a\\'; SELECT 2", d),
        ["SELECT 5 # 3", "SELECT 'a\\'", "SELECT 2"]
    );
    assert_eq!(
        split(r"SELECT E'a\';b', e'\\'; SELECT 2", d),
        [r"SELECT E'a\';b', e'\\'", "SELECT 2"]
    );
    // `E` ending a longer word is no prefix.
    assert_eq!(
        split(r"SELECT 1 AS typE'x\'; SELECT 2", d),
        [r"SELECT 1 AS typE'x\'", "SELECT 2"]
    );
    // Still a comment on PostgreSQL without a space after it.
    assert_eq!(
        split("SELECT 5--2; x\n; SELECT 3", d),
        ["SELECT 5", "SELECT 3"]
    );
}

#[test]
fn sqlite_hash_and_backslash_are_text() {
    let d = &Sqlite;
    assert_eq!(
        split("SELECT '#'; SELECT 'a\\'; SELECT 2", d),
        ["SELECT '#'", "SELECT 'a\\'", "SELECT 2"]
    );
    assert_eq!(
        split("SELECT E'a\\'; SELECT 2", d),
        ["SELECT E'a\\'", "SELECT 2"]
    );
}

/// A migration file written by hand for MariaDB with a `#` comment holding a `;` and
/// a string with an escaped quote before a `;` runs as written: the text after the `;`
/// in the comment does not run (the canary table stays), and the string reads back
/// exactly. The PostgreSQL file uses `E'…'`, the SQLite file a backslash that is text.
#[test]
fn a_hand_written_migration_runs_as_written() {
    let dir = std::env::temp_dir().join(format!(
        "sw_split_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    ));
    let m = dir.join("0001_text");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("up.mysql.sql"),
        "# comment; DROP TABLE canary\n\
         CREATE TABLE split_text (v VARCHAR(20)); # note; DROP TABLE canary\n\
         INSERT INTO split_text VALUES ('a\\';b');\n\
         INSERT INTO split_text VALUES (\"c\\\";d\");\n",
    )
    .unwrap();
    std::fs::write(
        m.join("up.postgres.sql"),
        "CREATE TABLE split_text (v TEXT);\n\
         INSERT INTO split_text VALUES (E'a\\';b');\n\
         INSERT INTO split_text VALUES ('c\\'), (';d');\n",
    )
    .unwrap();
    std::fs::write(
        m.join("up.sqlite.sql"),
        "CREATE TABLE split_text (v TEXT);\n\
         INSERT INTO split_text VALUES ('a\\'), (';b');\n",
    )
    .unwrap();
    let runner = Runner::new(load_dir(&dir).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_split")).unwrap();
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let expected: &[&str] = match db {
            "SQLite" => &["a\\", ";b"],
            "PostgreSQL" => &["a';b", "c\\", ";d"],
            _ => &["a';b", "c\";d"],
        };
        conn.execute_raw_batch("CREATE TABLE canary (id INTEGER); INSERT INTO canary VALUES (1)")
            .unwrap();
        let r = runner.upgrade(conn, Target::Head);
        let canary = conn.query_sql("SELECT count(*) FROM canary", &[]);
        assert!(
            canary.is_ok_and(|rows| rows.rows[0].get::<i64>(0).unwrap() == 1),
            "{db}: the canary table was touched ({r:?})"
        );
        assert_eq!(r.unwrap(), [1], "{db}");
        let rows = conn
            .query_sql("SELECT v FROM split_text ORDER BY v", &[])
            .unwrap();
        let mut got: Vec<String> = rows
            .rows
            .iter()
            .map(|r| r.get::<String>(0).unwrap())
            .collect();
        got.sort();
        let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(got, expected, "{db}");
    }
}
