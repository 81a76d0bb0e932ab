//! The runner on SQLite, PostgreSQL and MariaDB: refusals when the database's history
//! and the code disagree, a failing migration (rolled back where DDL is transactional,
//! an exact account of partial state on MariaDB), and the lock with two connections.

use std::sync::Barrier;
use std::time::Duration;

use sqlweave::Executor;
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{Lock, Migration, Runner, Target};
use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;
use sqlweave_sqlite::SqliteConnection;

fn table_exists(conn: &mut dyn Executor, name: &str) -> bool {
    conn.query_sql(&format!("SELECT 1 FROM {name} WHERE 1 = 0"), &[])
        .is_ok()
}

fn m(version: u64, up: &str, down: &str) -> Migration {
    Migration::new(version, format!("step {version}"), up).down(down)
}

fn refusals(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let one = m(1, "CREATE TABLE r1 (x INTEGER)", "DROP TABLE r1");
    let two = m(2, "CREATE TABLE r2 (x INTEGER)", "DROP TABLE r2");
    let three = m(3, "CREATE TABLE r3 (x INTEGER)", "DROP TABLE r3");
    let full = Runner::new(vec![one.clone(), two.clone(), three.clone()]).unwrap();
    assert_eq!(full.upgrade(conn, Target::Version(2)).unwrap(), [1, 2]);

    // The database has a version the code does not.
    let older = Runner::new(vec![one.clone()]).unwrap();
    let e = older.upgrade(conn, Target::Head).unwrap_err().to_string();
    assert!(
        e.contains("migration 2") && e.contains("does not have"),
        "{db}: {e}"
    );
    assert!(older.verify(conn).is_err());

    // An applied migration was edited.
    let edited = Runner::new(vec![
        m(1, "CREATE TABLE r1 (x INTEGER, y INTEGER)", "DROP TABLE r1"),
        two.clone(),
        three.clone(),
    ])
    .unwrap();
    let e = edited.upgrade(conn, Target::Head).unwrap_err().to_string();
    assert!(e.contains("was changed after it was applied"), "{db}: {e}");
    assert!(!table_exists(conn, "r3"), "{db}: nothing ran");

    // Line endings and trailing spaces are not an edit.
    let crlf = Runner::new(vec![
        m(1, "CREATE TABLE r1 (x INTEGER)  \r\n", "DROP TABLE r1"),
        two.clone(),
        three.clone(),
    ])
    .unwrap();
    crlf.verify(conn).unwrap();

    // A migration older than the newest applied one (from another branch).
    let branch = Runner::new(vec![
        one.clone(),
        two.clone(),
        m(3, "CREATE TABLE r3 (x INTEGER)", "DROP TABLE r3"),
        m(4, "CREATE TABLE r4 (x INTEGER)", "DROP TABLE r4"),
    ])
    .unwrap();
    assert_eq!(branch.upgrade(conn, Target::Version(4)).unwrap(), [3, 4]);
    let late = Runner::new(vec![
        one.clone(),
        two.clone(),
        three.clone(),
        Migration::new(4, "step 4", "CREATE TABLE r4 (x INTEGER)").down("DROP TABLE r4"),
        // 5 is fine; but a 0 from a branch is older than 4.
        m(0, "CREATE TABLE r0 (x INTEGER)", "DROP TABLE r0"),
    ])
    .unwrap();
    let e = late.upgrade(conn, Target::Head).unwrap_err().to_string();
    assert!(e.contains("older than migration 4"), "{db}: {e}");

    // A migration without a down cannot be undone; nothing is undone then.
    let no_down = Runner::new(vec![
        one.clone(),
        two.clone(),
        three.clone(),
        Migration::new(4, "step 4", "CREATE TABLE r4 (x INTEGER)"),
    ])
    .unwrap();
    let e = no_down
        .downgrade(conn, Target::Version(2))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot be undone"), "{db}: {e}");
    assert!(table_exists(conn, "r3") && table_exists(conn, "r4"), "{db}");
    branch.downgrade(conn, Target::Base).unwrap();
    assert!(!table_exists(conn, "r1"), "{db}");
    assert_eq!(branch.current(conn).unwrap(), None);
}

fn failing_migration(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let transactional = conn
        .dialect()
        .supports_ddl(sqlweave::ddl::DdlFeature::TransactionalDdl);
    let bad = Runner::new(vec![Migration::new(
        7,
        "three tables",
        "CREATE TABLE f1 (x INTEGER);\nCREATE TABLE f1 (x INTEGER);\nCREATE TABLE f3 (x INTEGER);",
    )])
    .unwrap();
    let e = bad.upgrade(conn, Target::Head).unwrap_err().to_string();
    assert!(
        e.contains("at statement 2 of 3 of migration 7"),
        "{db}: {e}"
    );
    assert!(!table_exists(conn, "f3"), "{db}: statement 3 never ran");
    if transactional {
        assert!(e.contains("rolled back"), "{db}: {e}");
        assert!(
            !table_exists(conn, "f1"),
            "{db}: statement 1 was rolled back"
        );
        assert_eq!(bad.current(conn).unwrap(), None);
        assert!(bad.applied(conn).unwrap().is_empty());
    } else {
        // DDL commits as it runs: the error says exactly what is in effect.
        assert!(
            e.contains("statements 1 to 1 had run and are committed"),
            "{db}: {e}"
        );
        assert!(e.contains("statements 3 to 3 did not run"), "{db}: {e}");
        assert!(e.contains("sqlweave resolve 7"), "{db}: {e}");
        assert!(table_exists(conn, "f1"), "{db}");
        let rows = bad.applied(conn).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].state, "failed");
        assert_eq!(rows[0].failed_statement, Some(2));
        // Refused until resolved.
        let e = bad.upgrade(conn, Target::Head).unwrap_err().to_string();
        assert!(e.contains("failed at statement 2"), "{db}: {e}");
        // The operator undoes statement 1 by hand and says so.
        conn.execute_raw_batch("DROP TABLE f1").unwrap();
        bad.resolve(conn, 7, false).unwrap();
        assert!(bad.applied(conn).unwrap().is_empty());
    }
}

#[test]
fn refusals_and_failures_on_every_database() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_runner")).unwrap();
    for conn in spaces.conns() {
        refusals(conn);
        failing_migration(conn);
    }
}

/// A migration that takes a while, per database.
fn slow_migration() -> Migration {
    Migration::empty(1, "slow")
        .up_for(
            "sqlite",
            "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT x FROM c",
        )
        .up_for("postgres", "SELECT pg_sleep(0.4); CREATE TABLE slow (x INTEGER)")
        .up_for("mysql", "DO SLEEP(0.4); CREATE TABLE slow (x INTEGER)")
}

/// Two connections upgrade at once: the step is applied once, and both succeed.
fn race(a: &mut (dyn Executor + Send), b: &mut (dyn Executor + Send)) {
    let db = a.dialect().name();
    let runner = Runner::new(vec![slow_migration()]).unwrap();
    let barrier = Barrier::new(2);
    let (ra, rb) = std::thread::scope(|s| {
        let ta = s.spawn(|| {
            barrier.wait();
            runner.upgrade(a, Target::Head)
        });
        let tb = s.spawn(|| {
            barrier.wait();
            runner.upgrade(b, Target::Head)
        });
        (ta.join().unwrap(), tb.join().unwrap())
    });
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    let mut all = ra.clone();
    all.extend(rb.iter().copied());
    assert_eq!(all, [1], "{db}: applied exactly once ({ra:?} and {rb:?})");
    assert_eq!(runner.applied(a).unwrap().len(), 1);
}

/// While one connection holds the lock, the other waits and gives up with a clear error;
/// once released, it migrates.
fn held_lock(a: &mut dyn Executor, b: &mut dyn Executor) {
    let db = a.dialect().name();
    let runner = Runner::new(vec![
        slow_migration(),
        m(2, "CREATE TABLE held (x INTEGER)", "DROP TABLE held"),
    ])
    .unwrap()
    .lock_timeout(Duration::from_millis(300));
    let lock = Lock::take(a, Duration::from_secs(5)).unwrap();
    let e = runner.upgrade(b, Target::Head).unwrap_err().to_string();
    assert!(
        e.contains("another process holds the migration lock"),
        "{db}: {e}"
    );
    assert!(!table_exists(b, "held"));
    lock.release(a).unwrap();
    assert_eq!(runner.upgrade(b, Target::Head).unwrap(), [2]);
}

#[test]
fn two_connections_never_apply_a_step_twice() {
    let config = Config::from_env().prefix("mig_lock");
    let mut spaces = Spaces::open(&config).unwrap();
    let space = spaces.name().to_string();

    // SQLite: two connections to one file.
    let dir = std::env::temp_dir().join(format!("{space}.sqlite"));
    let _ = std::fs::remove_file(&dir);
    let mut a = SqliteConnection::open(&dir).unwrap();
    let mut b = SqliteConnection::open(&dir).unwrap();
    race(&mut a, &mut b);
    drop((a, b));
    let _ = std::fs::remove_file(&dir);

    if spaces.postgres().is_some() {
        let mut b: PgConnection = config.connect_postgres().unwrap().unwrap();
        b.execute_raw_batch(&format!("SET search_path TO {space}"))
            .unwrap();
        let a = spaces.postgres().unwrap();
        race(a, &mut b);
        held_lock(a, &mut b);
    }
    if spaces.mysql().is_some() {
        let mut b: MySqlConnection = config.connect_mysql().unwrap().unwrap();
        b.execute_raw_batch(&format!("USE {space}")).unwrap();
        let a = spaces.mysql().unwrap();
        race(a, &mut b);
        held_lock(a, &mut b);
    }
}

/// A connection with no current schema (PostgreSQL) or database (MariaDB) cannot hold
/// the migration lock, whose name is made from it: a clear error at once, not a wait
/// ending in "another process holds the migration lock".
#[test]
fn no_current_schema_is_a_clear_error_not_a_held_lock() {
    let config = Config::from_env().prefix("mig_noschema");
    let mut spaces = Spaces::open(&config).unwrap();
    let space = spaces.name().to_string();
    if spaces.postgres().is_some() {
        let mut c: PgConnection = config.connect_postgres().unwrap().unwrap();
        c.execute_raw_batch(&format!("SET search_path TO {space}_does_not_exist"))
            .unwrap();
        let e = Lock::take(&mut c, Duration::from_millis(500))
            .err()
            .expect("PostgreSQL: no lock without a schema")
            .to_string();
        assert!(e.contains("no current schema"), "PostgreSQL: {e}");
        let runner = Runner::new(vec![m(1, "CREATE TABLE t (x INTEGER)", "DROP TABLE t")])
            .unwrap()
            .lock_timeout(Duration::from_millis(500));
        let e = runner
            .upgrade(&mut c, Target::Head)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("another process"), "PostgreSQL: {e}");
    }
    if spaces.mysql().is_some() {
        let mut c: MySqlConnection = config.connect_mysql().unwrap().unwrap();
        let gone = format!("{space}_gone");
        c.execute_raw_batch(&format!(
            "CREATE DATABASE {gone}; USE {gone}; DROP DATABASE {gone}"
        ))
        .unwrap();
        let e = Lock::take(&mut c, Duration::from_millis(500))
            .err()
            .expect("MariaDB: no lock without a database")
            .to_string();
        assert!(e.contains("no current database"), "MariaDB: {e}");
    }
}

/// A migration name longer than the version table's `name` column used to fail only
/// when the runner recorded it, after its statements (and the migrations before it)
/// had run — and not at all on SQLite, which does not check the length. It is refused
/// when the runner is made, naming the limit, and nothing runs.
#[test]
fn a_name_past_the_limit_is_refused_before_anything_runs() {
    let migrate = |conn: &mut dyn Executor, migrations: Vec<Migration>| {
        Runner::new(migrations)?.upgrade(conn, Target::Head)
    };
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_longname")).unwrap();
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let first = m(
            1,
            "CREATE TABLE ln_first (x INTEGER)",
            "DROP TABLE ln_first",
        );
        let long = Migration::new(2, "é".repeat(256), "CREATE TABLE ln_long (x INTEGER)");
        let e = migrate(conn, vec![first.clone(), long])
            .expect_err(db)
            .to_string();
        assert!(
            e.contains("migration 2") && e.contains("longer than 255 characters"),
            "{db}: {e}"
        );
        assert!(!table_exists(conn, "ln_first"), "{db}: migration 1 ran");
        assert!(!table_exists(conn, "ln_long"), "{db}: migration 2 ran");
        assert!(
            !table_exists(conn, sqlweave_migrate::VERSION_TABLE),
            "{db}: the version table was made"
        );

        // 255 characters, each of two bytes in UTF-8, are recorded and read back.
        let longest = Migration::new(2, "é".repeat(255), "CREATE TABLE ln_long (x INTEGER)");
        let runner = Runner::new(vec![first, longest.clone()]).unwrap();
        assert_eq!(runner.upgrade(conn, Target::Head).unwrap(), [1, 2], "{db}");
        assert_eq!(runner.applied(conn).unwrap()[1].name, longest.name, "{db}");
    }
}
