//! CREATE SCHEMA / DROP SCHEMA: golden SQL per dialect, refusals (SQLite; a MySQL /
//! MariaDB DROP without CASCADE, RESTRICT there), hostile names, and execution on
//! PostgreSQL (a schema) and MariaDB (a database), each with a unique name, dropped at
//! the end. MySQL 8 forms are golden text only: there is no MySQL 8 server here.

mod common;

use common::scratch::{Scratch, catalog};
use common::{err, ok};
use sqlweave::ddl::{CreateSchema, DropSchema};
use sqlweave::{Executor, Value};

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{}", std::process::id(), nanos % 1_000_000_000)
}

#[test]
fn golden_forms_and_refusals() {
    golden!(CreateSchema::new("rep"),
        sqlite: err("SQLite does not support CREATE SCHEMA"),
        postgres: ok(r#"CREATE SCHEMA "rep""#, vec![]),
        mysql: ok("CREATE SCHEMA `rep`", vec![]),
    );
    golden!(CreateSchema::new("rep").if_not_exists(),
        sqlite: err("SQLite does not support CREATE SCHEMA"),
        postgres: ok(r#"CREATE SCHEMA IF NOT EXISTS "rep""#, vec![]),
        mysql: ok("CREATE SCHEMA IF NOT EXISTS `rep`", vec![]),
    );
    golden!(DropSchema::new("rep"),
        sqlite: err("SQLite does not support DROP SCHEMA"),
        postgres: ok(r#"DROP SCHEMA "rep""#, vec![]),
        mysql: err("DROP SCHEMA without CASCADE"),
    );
    golden!(DropSchema::new("rep").if_exists().cascade(),
        sqlite: err("SQLite does not support DROP SCHEMA"),
        postgres: ok(r#"DROP SCHEMA IF EXISTS "rep" CASCADE"#, vec![]),
        mysql: ok("DROP SCHEMA IF EXISTS `rep`", vec![]),
    );
    golden!(DropSchema::new("rep").restrict(),
        sqlite: err("SQLite does not support DROP SCHEMA"),
        postgres: ok(r#"DROP SCHEMA "rep" RESTRICT"#, vec![]),
        mysql: err("DROP SCHEMA … RESTRICT"),
    );
    assert_eq!(
        CreateSchema::new("rep").drop(),
        DropSchema::new("rep").cascade()
    );
}

#[test]
fn hostile_schema_names_are_quoted_or_refused() {
    // Quote characters are doubled inside the quoted name: no way out of the identifier.
    golden!(CreateSchema::new("a\"b`c; DROP SCHEMA public; --"),
        sqlite: err("SQLite does not support CREATE SCHEMA"),
        postgres: ok(r#"CREATE SCHEMA "a""b`c; DROP SCHEMA public; --""#, vec![]),
        mysql: ok("CREATE SCHEMA `a\"b``c; DROP SCHEMA public; --`", vec![]),
    );
    for bad in ["", "a\0b"] {
        golden!(DropSchema::new(bad).cascade(),
            sqlite: err("SQLite does not support DROP SCHEMA"),
            postgres: err(""),
            mysql: err(""),
        );
        let e = DropSchema::new(bad)
            .cascade()
            .render(&sqlweave_postgres::Postgres)
            .unwrap_err();
        assert!(
            matches!(e, sqlweave::Error::Invalid(_)) || e.to_string().contains("identifier"),
            "{e}"
        );
    }
}

#[test]
fn schemas_are_created_used_and_dropped_on_the_servers() {
    let mut s = Scratch::new();
    if let Some(pg) = s.postgres() {
        let name = unique("sw_schema\"q");
        pg.execute(&CreateSchema::new(name.clone())).unwrap();
        // IF NOT EXISTS: a second CREATE is a no-op; without it, an error.
        pg.execute(&CreateSchema::new(name.clone()).if_not_exists())
            .unwrap();
        assert!(pg.execute(&CreateSchema::new(name.clone())).is_err());
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        pg.execute_raw_batch(&format!("CREATE TABLE {quoted}.t (id INTEGER)"))
            .unwrap();
        // RESTRICT (and the default) keep a schema that is not empty.
        assert!(
            pg.execute(&DropSchema::new(name.clone()).restrict())
                .is_err()
        );
        assert!(pg.execute(&DropSchema::new(name.clone())).is_err());
        let sql = "SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1";
        assert_eq!(catalog(pg, sql, &[Value::from(name.as_str())]), [["1"]]);
        pg.execute(&DropSchema::new(name.clone()).cascade())
            .unwrap();
        assert_eq!(catalog(pg, sql, &[Value::from(name.as_str())]), [["0"]]);
        pg.execute(&DropSchema::new(name.clone()).if_exists().cascade())
            .unwrap();
    }
    if let Some(my) = s.mysql() {
        let name = unique("sw_schema");
        my.execute(&CreateSchema::new(name.clone())).unwrap();
        my.execute(&CreateSchema::new(name.clone()).if_not_exists())
            .unwrap();
        my.execute_raw_batch(&format!("CREATE TABLE `{name}`.t (id INTEGER)"))
            .unwrap();
        let sql = "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
        assert_eq!(catalog(my, sql, &[Value::from(name.as_str())]), [["1"]]);
        my.execute(&DropSchema::new(name.clone()).cascade())
            .unwrap();
        assert_eq!(catalog(my, sql, &[Value::from(name.as_str())]), [["0"]]);
        my.execute(&DropSchema::new(name.clone()).if_exists().cascade())
            .unwrap();
    }
}
