//! The MySQL / MariaDB connection's own surface: connecting by URL and by options,
//! wrapping a caller's `mysql::Conn`, `tracing` events with values redacted by default,
//! and pooled use from several threads with r2d2.
//!
//! Server: `SQLWEAVE_MYSQL_URL` (default `mysql://root@127.0.0.1:3306/test`); skipped
//! without one unless `SQLWEAVE_REQUIRE_SERVERS=1`. Tables are uniquely named and dropped.
#![cfg(feature = "driver")]

use sqlweave::{Executor, Value, transaction};
use sqlweave_mysql::{MySqlConnection, mysql};

#[path = "../../../tests/driver_support/capture.rs"]
mod capture;

use capture::{Capture, field};

fn url() -> String {
    std::env::var("SQLWEAVE_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

fn connect() -> Option<MySqlConnection> {
    match MySqlConnection::connect(&url()) {
        Ok(c) => Some(c),
        Err(e) if std::env::var("SQLWEAVE_REQUIRE_SERVERS").as_deref() == Ok("1") => {
            panic!("MariaDB/MySQL unreachable and SQLWEAVE_REQUIRE_SERVERS=1: {e}")
        }
        Err(e) => {
            eprintln!("skipped: MariaDB/MySQL unreachable ({e})");
            None
        }
    }
}

macro_rules! conn {
    () => {
        match connect() {
            Some(c) => c,
            None => return,
        }
    };
}

#[test]
fn connects_by_options_and_wraps_a_callers_connection() {
    let _probe = conn!();
    let opts = mysql::Opts::from_url(&url()).unwrap();
    let mut conn = MySqlConnection::connect_with(
        mysql::OptsBuilder::from_opts(opts.clone()).stmt_cache_size(8),
    )
    .unwrap();
    assert_eq!(
        conn.query_sql("SELECT 1", &[]).unwrap().rows[0]
            .get::<i64>(0)
            .unwrap(),
        1
    );
    // A connection the application made, with its session settings.
    let mut raw = mysql::Conn::new(opts).unwrap();
    use mysql::prelude::Queryable;
    raw.query_drop("SET @mine = 41").unwrap();
    let mut conn = MySqlConnection::from_conn(raw).unwrap();
    let v: i64 = conn.query_sql("SELECT @mine + 1", &[]).unwrap().rows[0]
        .get(0)
        .unwrap();
    assert_eq!(v, 42);
    let mut raw = conn.into_conn();
    let back: Option<i64> = raw.query_first("SELECT @mine").unwrap();
    assert_eq!(back, Some(41));
    // Borrowed from the `mysql` crate's own pool: the pooled connection stays the pool's.
    let pool = mysql::Pool::new(url().as_str()).unwrap();
    let mut pooled = pool.get_conn().unwrap();
    pooled.query_drop("SET @pooled = 1").unwrap();
    {
        let mut conn = MySqlConnection::from_conn(pooled.as_mut()).unwrap();
        let v: i64 = transaction(&mut conn, |tx| {
            tx.query_sql("SELECT @pooled + 1", &[])?.rows[0].get(0)
        })
        .unwrap();
        assert_eq!(v, 2);
    }
    let again: Option<i64> = pooled.query_first("SELECT @pooled").unwrap();
    assert_eq!(again, Some(1));
}

#[test]
fn statements_are_logged_with_values_redacted_unless_asked() {
    let mut conn = conn!();
    let sql = "SELECT ? AS a, ? AS b";
    let params = [Value::from("secret-token"), Value::I64(7)];
    let events = Capture::run(|| {
        conn.query_sql(sql, &params).unwrap();
    });
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(field(&events[0], "sql"), sql);
    assert_eq!(field(&events[0], "db"), conn.dialect().name());
    assert_eq!(field(&events[0], "params"), "[2 values redacted]");
    assert!(!format!("{events:?}").contains("secret-token"));

    conn.set_log_values(true);
    let events = Capture::run(|| {
        conn.query_sql(sql, &params).unwrap();
        transaction(&mut conn, |tx| tx.execute_sql("SELECT 1", &[])).unwrap();
    });
    assert_eq!(
        field(&events[0], "params"),
        r#"[Text("secret-token"), I64(7)]"#
    );
    let sqls: Vec<&str> = events.iter().map(|e| field(e, "sql")).collect();
    assert_eq!(sqls, [sql, "START TRANSACTION", "SELECT 1", "COMMIT"]);
}

#[cfg(feature = "r2d2")]
#[test]
fn a_pool_serves_several_threads() {
    use sqlweave_mysql::MySqlConnectionManager;

    let mut admin = conn!();
    let table = format!("sw_pool_{}", std::process::id());
    admin
        .execute_raw_batch(&format!(
            "CREATE TABLE {table} (thread BIGINT, n BIGINT) ENGINE = InnoDB"
        ))
        .unwrap();
    let manager = MySqlConnectionManager::new(&url()).unwrap();
    let pool = sqlweave_mysql::r2d2::Pool::builder()
        .max_size(3)
        .build(manager)
        .unwrap();
    let insert = format!("INSERT INTO {table} VALUES (?, ?)");
    let handles: Vec<_> = (0..4_i64)
        .map(|thread| {
            let pool = pool.clone();
            let insert = insert.clone();
            std::thread::spawn(move || {
                for n in 0..20_i64 {
                    let mut conn = pool.get().unwrap();
                    transaction(&mut *conn, |tx| {
                        tx.execute_sql(&insert, &[Value::I64(thread), Value::I64(n)])
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    let outcome: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
    let count = admin.query_sql(&format!("SELECT COUNT(*) FROM {table}"), &[]);
    admin
        .execute_raw_batch(&format!("DROP TABLE {table}"))
        .unwrap();
    assert!(outcome.iter().all(|r| r.is_ok()));
    assert_eq!(count.unwrap().rows[0].get::<i64>(0).unwrap(), 80);
    // A connection given back inside a transaction is not handed out again.
    let mut conn = pool.get().unwrap();
    conn.begin().unwrap();
    drop(conn);
    for _ in 0..3 {
        assert_eq!(pool.get().unwrap().transaction_depth(), 0);
    }
}

/// A pooled connection whose session the server ended while it was checked out (`KILL`
/// from another connection) is not handed out again, even with `test_on_check_out`
/// off (found in issue 14: the manager looked only at the transaction depth, and the
/// next checkout got the dead connection and a broken pipe).
#[cfg(feature = "r2d2")]
#[test]
fn a_pool_drops_a_connection_whose_session_was_killed() {
    use sqlweave_mysql::MySqlConnectionManager;

    let mut admin = conn!();
    let manager = MySqlConnectionManager::new(&url()).unwrap();
    let pool = sqlweave_mysql::r2d2::Pool::builder()
        .max_size(1)
        .test_on_check_out(false)
        .build(manager)
        .unwrap();
    let mut conn = pool.get().unwrap();
    let id: i64 = conn.query_sql("SELECT CONNECTION_ID()", &[]).unwrap().rows[0]
        .get(0)
        .unwrap();
    admin.execute_raw_batch(&format!("KILL {id}")).unwrap();
    // Wait until the server has ended the session (it closes the socket then).
    let gone = (0..200).any(|_| {
        let n: i64 = admin
            .query_sql(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?",
                &[Value::I64(id)],
            )
            .unwrap()
            .rows[0]
            .get(0)
            .unwrap();
        if n > 0 {
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        n == 0
    });
    assert!(gone, "the killed session is still listed");
    drop(conn); // back to the pool, unused since the kill

    let mut conn = pool.get().unwrap();
    let rows = conn.query_sql("SELECT CONNECTION_ID()", &[]);
    let new_id: i64 = rows
        .unwrap_or_else(|e| panic!("the pool handed out the killed connection: {e}"))
        .rows[0]
        .get(0)
        .unwrap();
    assert_ne!(new_id, id);
}

/// A cursor over a procedure whose later statement fails ends with that error, as
/// `query_sql` and `for_each_row_sql` report it (found by review: the cursor stopped at
/// the end of the first result and the error went unseen).
#[test]
fn cursor_reports_an_error_after_the_first_result() {
    let mut conn = conn!();
    let proc_name = format!("sw_fails_late_{}", std::process::id());
    conn.execute_raw_batch(&format!(
        "CREATE PROCEDURE {proc_name}() BEGIN SELECT 1 AS x; SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'boom'; END"
    ))
    .unwrap();
    let call = format!("CALL {proc_name}()");
    let items: Vec<_> = conn
        .cursor_sql(&call, &[])
        .unwrap()
        .rows()
        .unwrap()
        .collect();
    let all_err = conn.query_sql(&call, &[]);
    conn.execute_raw_batch(&format!("DROP PROCEDURE {proc_name}"))
        .unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().get::<i64>(0).unwrap(), 1);
    let err = items[1].as_ref().unwrap_err();
    assert!(err.to_string().contains("boom"), "{err}");
    assert!(all_err.unwrap_err().to_string().contains("boom"));
}

/// Drops the tables of a test when it ends, however it ends.
struct DropTables(Vec<String>);

impl Drop for DropTables {
    fn drop(&mut self) {
        if let Ok(mut conn) = MySqlConnection::connect(&url()) {
            for t in &self.0 {
                let _ = conn.execute_raw_batch(&format!("DROP TABLE IF EXISTS {t}"));
            }
        }
    }
}

/// A real deadlock on a later row of a `SELECT … FOR UPDATE` whose cursor was dropped
/// after its first row: InnoDB rolled the whole transaction back, and the `mysql`
/// crate's `QueryResult` would read the error and ignore it. The error must not be lost:
/// the next statement is refused (it would otherwise autocommit), and COMMIT fails —
/// nothing of the transaction is committed while the caller believes it was.
///
/// The other transaction, on another thread, holds row 10 and has written 300 rows, so
/// that InnoDB (which rolls back the transaction that changed fewer rows) picks this one
/// as the victim; it asks for row 1 only once this one waits for row 10.
#[test]
fn a_deadlock_after_a_dropped_cursor_row_fails_the_commit() {
    use sqlweave::DbErrorKind;
    use std::time::{Duration, Instant};

    let mut conn = conn!();
    let id = std::process::id();
    let rows = format!("my_deadlock_rows_{id}");
    let log = format!("my_deadlock_log_{id}");
    let bulk = format!("my_deadlock_bulk_{id}");
    let _cleanup = DropTables(vec![rows.clone(), log.clone(), bulk.clone()]);
    conn.execute_raw_batch(&format!(
        "CREATE TABLE {rows} (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;
         INSERT INTO {rows} (id, v) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20) SELECT n, 0 FROM s;
         CREATE TABLE {log} (id INT PRIMARY KEY) ENGINE=InnoDB;
         CREATE TABLE {bulk} (id INT PRIMARY KEY) ENGINE=InnoDB;
         SET SESSION innodb_lock_wait_timeout = 20"
    ))
    .unwrap();
    let victim_id = conn.conn().connection_id();

    // The other transaction: many writes, then row 10; then, once this connection
    // waits for row 10, row 1 (which this connection's SELECT locked): a deadlock.
    let mut other = MySqlConnection::connect(&url()).unwrap();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (rows_b, bulk_b) = (rows.clone(), bulk.clone());
    let other_thread = std::thread::spawn(move || -> Result<(), String> {
        let step = |conn: &mut MySqlConnection, sql: &str| {
            conn.execute_raw_batch(sql)
                .map_err(|e| format!("{sql}: {e}"))
        };
        step(&mut other, "SET SESSION innodb_lock_wait_timeout = 20")?;
        other.begin().map_err(|e| e.to_string())?;
        step(
            &mut other,
            &format!(
                "INSERT INTO {bulk_b} (id) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300) SELECT n FROM s"
            ),
        )?;
        step(
            &mut other,
            &format!("UPDATE {rows_b} SET v = v + 1 WHERE id = 10"),
        )?;
        ready_tx.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // `information_schema.innodb_trx` may still say RUNNING for a transaction
            // that waits (seen on MariaDB 10.11): InnoDB's own status is read instead,
            // where a waiting transaction's block starts `LOCK WAIT` right above its
            // `… thread id N,` line.
            let status: Option<(String, String, String)> = {
                use mysql::prelude::Queryable;
                other
                    .conn()
                    .query_first("SHOW ENGINE INNODB STATUS")
                    .map_err(|e| e.to_string())?
            };
            let status = status.map(|s| s.2).unwrap_or_default();
            let lines: Vec<&str> = status.lines().collect();
            let marker = format!("thread id {victim_id},");
            let waiting = lines
                .windows(2)
                .any(|w| w[0].starts_with("LOCK WAIT") && w[1].contains(&marker));
            if waiting {
                break;
            }
            if Instant::now() > deadline {
                let _ = other.rollback();
                return Err("the victim never waited for row 10".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let outcome = step(
            &mut other,
            &format!("UPDATE {rows_b} SET v = v + 1 WHERE id = 1"),
        );
        let _ = other.rollback();
        outcome
    });
    ready_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the other transaction did not get ready");

    conn.begin().unwrap();
    conn.execute_sql(&format!("INSERT INTO {log} VALUES (1)"), &[])
        .unwrap();
    let first = {
        let mut cursor = conn
            .cursor_sql(
                &format!("SELECT id FROM {rows} ORDER BY id FOR UPDATE"),
                &[],
            )
            .unwrap();
        let mut it = cursor.rows().unwrap();
        // The rows before row 10 arrive, then the deadlock error.
        it.next()
            .expect("a first row")
            .map(|r| r.get::<i64>(0).unwrap())
        // Dropped here, before its end.
    };
    let other_outcome = other_thread.join().unwrap();
    assert_eq!(first.unwrap(), 1);
    // This connection was the victim: the other transaction's UPDATE went through.
    other_outcome.unwrap();

    // Without the error, this INSERT would run outside any transaction and autocommit.
    let next = conn.execute_sql(&format!("INSERT INTO {log} VALUES (2)"), &[]);
    let commit = conn.commit();
    assert_eq!(conn.transaction_depth(), 0);
    let committed: i64 = conn
        .query_sql(&format!("SELECT COUNT(*) FROM {log}"), &[])
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap();
    assert!(
        commit.is_err(),
        "COMMIT returned {commit:?} after the INSERT that followed the cursor returned \
         {next:?}; rows of the transaction committed: {committed}"
    );
    let next = next.unwrap_err();
    assert_eq!(next.db_kind(), Some(DbErrorKind::Deadlock), "{next}");
    let commit = commit.unwrap_err();
    assert_eq!(commit.db_kind(), Some(DbErrorKind::Deadlock), "{commit}");
    assert!(
        commit.to_string().contains("rolled back, not committed"),
        "{commit}"
    );
    assert_eq!(committed, 0);
}

/// A cursor dropped after its first row, whose response then ends in an error (a
/// procedure that signals after its SELECT): outside a transaction the next statement
/// returns that error, once; inside one, COMMIT rolls back and returns it.
#[test]
fn an_error_after_a_dropped_cursor_is_returned_later() {
    let mut conn = conn!();
    let id = std::process::id();
    let proc_name = format!("my_deadlock_fails_late_{id}");
    let log = format!("my_deadlock_late_log_{id}");
    let _cleanup = DropTables(vec![log.clone()]);
    conn.execute_raw_batch(&format!(
        "CREATE TABLE {log} (id INT PRIMARY KEY) ENGINE=InnoDB;
         CREATE PROCEDURE {proc_name}() BEGIN SELECT 1 AS x UNION ALL SELECT 2; SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'late boom'; END"
    ))
    .unwrap();
    let call = format!("CALL {proc_name}()");
    let first_row = |conn: &mut MySqlConnection| -> i64 {
        let mut cursor = conn.cursor_sql(&call, &[]).unwrap();
        let mut rows = cursor.rows().unwrap();
        rows.next().unwrap().unwrap().get(0).unwrap()
    };

    assert_eq!(first_row(&mut conn), 1);
    let next = conn.query_sql("SELECT 1", &[]);
    let again = conn.query_sql("SELECT 1", &[]);

    conn.begin().unwrap();
    conn.execute_sql(&format!("INSERT INTO {log} VALUES (1)"), &[])
        .unwrap();
    assert_eq!(first_row(&mut conn), 1);
    let commit = conn.commit();
    let committed: i64 = conn
        .query_sql(&format!("SELECT COUNT(*) FROM {log}"), &[])
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap();
    conn.execute_raw_batch(&format!("DROP PROCEDURE {proc_name}"))
        .unwrap();

    let next = next.unwrap_err();
    assert!(next.to_string().contains("late boom"), "{next}");
    assert!(again.is_ok(), "reported once: {again:?}");
    let commit = commit.unwrap_err();
    assert!(commit.to_string().contains("late boom"), "{commit}");
    assert!(
        commit.to_string().contains("rolled back, not committed"),
        "{commit}"
    );
    assert_eq!(committed, 0);
}
