//! The scenario every Alembic tutorial walks through, on SQLite, PostgreSQL and MariaDB:
//! a `users` table with rows; the code adds a nullable `age`; the diff finds exactly that;
//! upgrade applies it and keeps the rows; a second migration makes it `NOT NULL DEFAULT
//! 0`; downgrade restores the schema and the rows; a second upgrade does nothing. The
//! database's schema is read back (reflection) at every step and compared with the code.

use sqlweave::{ColumnDef, ColumnType, Dialect, Executor, SchemaRegistry, TableDef};
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{
    DiffOptions, MigrationOp, ReflectOptions, Runner, Target, diff, reflect, revision,
};

fn v1() -> SchemaRegistry {
    SchemaRegistry::new().table(
        TableDef::new("users")
            .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
            .column(ColumnDef::new("name", ColumnType::Varchar(100)).not_null()),
    )
}

fn with_age(age: ColumnDef) -> SchemaRegistry {
    let mut s = v1();
    s.tables[0] = s.tables[0].clone().column(age);
    s
}

fn v2() -> SchemaRegistry {
    with_age(ColumnDef::new("age", ColumnType::Integer))
}

fn v3() -> SchemaRegistry {
    with_age(
        ColumnDef::new("age", ColumnType::Integer)
            .not_null()
            .default(0),
    )
}

fn rows(conn: &mut dyn Executor, with_age: bool) -> Vec<String> {
    let sql = if with_age {
        "SELECT id, name, age FROM users ORDER BY id"
    } else {
        "SELECT id, name FROM users ORDER BY id"
    };
    let r = conn.query_sql(sql, &[]).unwrap();
    r.rows
        .iter()
        .map(|row| {
            let mut s = format!(
                "{} {}",
                row.get::<i64>(0).unwrap(),
                row.get::<String>(1).unwrap()
            );
            if with_age {
                s.push_str(&format!(" {:?}", row.get::<Option<i64>>(2).unwrap()));
            }
            s
        })
        .collect()
}

fn has_column(conn: &mut dyn Executor, column: &str) -> bool {
    conn.query_sql(&format!("SELECT {column} FROM users WHERE 1 = 0"), &[])
        .is_ok()
}

fn reflected(conn: &mut dyn Executor) -> SchemaRegistry {
    reflect(conn, &ReflectOptions::default()).unwrap()
}

fn scenario(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let opts = DiffOptions::default();
    // Migration 1 creates the table from nothing.
    let m1 = {
        let d: &dyn Dialect = conn.dialect();
        let ops = diff(&SchemaRegistry::new(), &v1(), d, &opts).unwrap();
        assert_eq!(ops.len(), 1, "{db}: {ops:?}");
        revision(1, "create users", ops, &SchemaRegistry::new(), &[d]).unwrap()
    };
    let first = Runner::new(vec![m1.migration.clone()]).unwrap();
    assert_eq!(first.upgrade(conn, Target::Head).unwrap(), [1], "{db}");
    conn.execute_raw_batch(
        "INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'brian'), (3, 'chen')",
    )
    .unwrap();
    assert_eq!(rows(conn, false).len(), 3);
    // The database matches the code (the version table is not the code's business).
    let at1 = reflected(conn);
    assert!(
        diff(&at1, &v1(), conn.dialect(), &opts).unwrap().is_empty(),
        "{db}"
    );

    // The code adds a nullable column: autogenerate (reflect + diff) finds exactly that.
    let ops2 = diff(&at1, &v2(), conn.dialect(), &opts).unwrap();
    assert_eq!(
        ops2,
        [MigrationOp::AddColumn {
            table: "users".into(),
            column: ColumnDef::new("age", ColumnType::Integer),
        }],
        "{db}"
    );
    let m2 = revision(2, "add age", ops2, &at1, &[conn.dialect()]).unwrap();
    assert!(m2.warnings.is_empty(), "{db}: {:?}", m2.warnings);
    let two = Runner::new(vec![m1.migration.clone(), m2.migration.clone()]).unwrap();
    // Upgrade: the column is there, every row kept, age NULL.
    assert_eq!(two.upgrade(conn, Target::Head).unwrap(), [2], "{db}");
    assert_eq!(
        rows(conn, true),
        ["1 ada None", "2 brian None", "3 chen None"],
        "{db}"
    );
    let at2 = reflected(conn);
    assert!(
        diff(&at2, &v2(), conn.dialect(), &opts).unwrap().is_empty(),
        "{db}"
    );
    conn.execute_raw_batch("UPDATE users SET age = 36 WHERE id = 1")
        .unwrap();

    // Second migration: NOT NULL DEFAULT 0.
    let ops3 = diff(&at2, &v3(), conn.dialect(), &opts).unwrap();
    assert!(
        matches!(&ops3[..], [MigrationOp::AlterColumn { to, .. }] if !to.nullable),
        "{db}: {ops3:?}"
    );
    let m3 = revision(3, "age not null", ops3, &at2, &[conn.dialect()]).unwrap();
    assert!(m3.warnings.is_empty(), "{db}: {:?}", m3.warnings);
    let all = Runner::new(vec![
        m1.migration.clone(),
        m2.migration.clone(),
        m3.migration.clone(),
    ])
    .unwrap();
    assert_eq!(all.upgrade(conn, Target::Head).unwrap(), [3], "{db}");
    assert_eq!(
        rows(conn, true),
        ["1 ada Some(36)", "2 brian Some(0)", "3 chen Some(0)"],
        "{db}: NULL ages got the default"
    );
    assert!(
        diff(&reflected(conn), &v3(), conn.dialect(), &opts)
            .unwrap()
            .is_empty(),
        "{db}: the database matches the code"
    );
    assert!(
        conn.execute_raw_batch("INSERT INTO users (id, name, age) VALUES (4, 'dan', NULL)")
            .is_err(),
        "{db}: age must be NOT NULL"
    );
    conn.execute_raw_batch("INSERT INTO users (id, name) VALUES (4, 'dan')")
        .unwrap();
    assert_eq!(rows(conn, true)[3], "4 dan Some(0)", "{db}: DEFAULT 0");
    assert_eq!(all.current(conn).unwrap(), Some(3));
    // A second upgrade is a no-op.
    assert!(all.upgrade(conn, Target::Head).unwrap().is_empty(), "{db}");

    // Downgrade to 1: the previous schema exactly, the rows stay.
    assert_eq!(
        all.downgrade(conn, Target::Version(1)).unwrap(),
        [3, 2],
        "{db}"
    );
    assert!(!has_column(conn, "age"), "{db}");
    assert_eq!(
        rows(conn, false),
        ["1 ada", "2 brian", "3 chen", "4 dan"],
        "{db}"
    );
    assert!(
        diff(&reflected(conn), &v1(), conn.dialect(), &opts)
            .unwrap()
            .is_empty(),
        "{db}: the schema of version 1"
    );
    assert_eq!(all.current(conn).unwrap(), Some(1));
    // Up again, then nothing more to do.
    assert_eq!(all.upgrade(conn, Target::Head).unwrap(), [2, 3], "{db}");
    assert!(all.upgrade(conn, Target::Head).unwrap().is_empty(), "{db}");
    assert_eq!(rows(conn, true).len(), 4);
    // The version table says so.
    let history = all.applied(conn).unwrap();
    assert_eq!(
        history.iter().map(|a| a.version).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(history.iter().all(|a| a.state == "applied"));
}

#[test]
fn alembic_tutorial_on_every_database() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_scenario")).unwrap();
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    for conn in spaces.conns() {
        scenario(conn);
    }
}
