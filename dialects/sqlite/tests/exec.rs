//! The SQLite connection's own surface: opening by path, wrapping a caller's rusqlite
//! connection, `tracing` events with values redacted by default, and pooled use from
//! several threads with r2d2.
#![cfg(feature = "driver")]

use std::ops::ControlFlow;

use sqlweave::{DbErrorKind, Executor, Value, transaction};
use sqlweave_sqlite::{SqliteConnection, TransactionBehavior, rusqlite};

#[path = "../../../tests/driver_support/capture.rs"]
mod capture;

use capture::{Capture, field};

fn temp_path(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "sqlweave-{tag}-{}-{:?}.db",
        std::process::id(),
        std::thread::current().id()
    ))
}

fn remove(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[test]
fn opens_files_and_wraps_a_callers_connection() {
    let path = temp_path("open");
    remove(&path);
    {
        let mut conn = SqliteConnection::open(&path).unwrap();
        conn.execute_raw_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (41)")
            .unwrap();
    }
    // The caller's own connection, with session state of its own (a TEMP table).
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("CREATE TEMP TABLE mine AS SELECT 1 AS y")
        .unwrap();
    let mut conn = SqliteConnection::from_rusqlite(raw);
    let row = conn.query_sql("SELECT x + y FROM t, mine", &[]).unwrap();
    assert_eq!(row.rows[0].get::<i64>(0).unwrap(), 42);
    // And handed back, still open.
    let raw = conn.into_rusqlite();
    assert_eq!(
        raw.query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        41
    );
    // Borrowed: the application keeps its connection (e.g. one from its own pool).
    {
        let mut conn = SqliteConnection::from_rusqlite(&raw);
        transaction(&mut conn, |tx| {
            tx.execute_sql("INSERT INTO t VALUES (?)", &[Value::I64(1)])
        })
        .unwrap();
        assert_eq!(conn.transaction_depth(), 0);
    }
    let n: i64 = raw
        .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    drop(raw);
    remove(&path);
}

#[test]
fn statements_are_logged_with_values_redacted_unless_asked() {
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    let sql = "SELECT ? AS a, ? AS b";
    let params = [Value::from("secret-token"), Value::I64(7)];
    let events = Capture::run(|| {
        conn.query_sql(sql, &params).unwrap();
    });
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(field(&events[0], "sql"), sql);
    assert_eq!(field(&events[0], "db"), "SQLite");
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
    assert_eq!(sqls, [sql, "BEGIN DEFERRED", "SELECT 1", "COMMIT"]);
}

#[test]
fn immediate_transactions_take_the_write_lock_at_begin() {
    let path = temp_path("immediate");
    remove(&path);
    let mut a = SqliteConnection::open(&path).unwrap();
    a.execute_raw_batch("CREATE TABLE t (x INTEGER)").unwrap();
    let b = SqliteConnection::open(&path).unwrap();
    b.as_rusqlite()
        .busy_timeout(std::time::Duration::ZERO)
        .unwrap();
    let mut b = b;
    b.set_transaction_behavior(TransactionBehavior::Immediate);
    a.set_transaction_behavior(TransactionBehavior::Immediate);
    a.begin().unwrap();
    // A holds the write lock from BEGIN on, before writing anything.
    let err = b.begin().unwrap_err();
    assert_eq!(err.db_kind(), Some(DbErrorKind::LockTimeout), "{err}");
    assert_eq!(b.transaction_depth(), 0);
    a.commit().unwrap();
    b.begin().unwrap();
    b.commit().unwrap();
    drop((a, b));
    remove(&path);
}

/// Two deferred transactions on one file read, then both write: SQLite does not wait for
/// the second writer's lock upgrade (waiting could deadlock) and fails it at once with
/// `SQLITE_BUSY`, busy timeout or not. That is a serialization failure — the
/// transaction must start again — not a lock wait that timed out (found in issue 14:
/// it was classified `LockTimeout`). In rollback-journal and WAL mode alike.
#[test]
fn a_read_transaction_that_cannot_upgrade_is_a_serialization_failure() {
    for mode in ["DELETE", "WAL"] {
        let path = temp_path(&format!("upgrade-{mode}"));
        remove(&path);
        let mut a = SqliteConnection::open(&path).unwrap();
        a.execute_raw_batch(&format!(
            "PRAGMA journal_mode = {mode}; CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER); \
             INSERT INTO account VALUES (1, 100)"
        ))
        .unwrap();
        let mut b = SqliteConnection::open(&path).unwrap(); // rusqlite's 5 s busy timeout
        let read = "SELECT balance FROM account WHERE id = 1";
        let write = "UPDATE account SET balance = balance - 10 WHERE id = 1";
        a.begin().unwrap();
        b.begin().unwrap();
        a.query_sql(read, &[]).unwrap();
        b.query_sql(read, &[]).unwrap();
        a.execute_sql(write, &[]).unwrap();
        let err = b.execute_sql(write, &[]).unwrap_err();
        assert_eq!(
            err.db_kind(),
            Some(DbErrorKind::SerializationFailure),
            "{mode}: {err}"
        );
        assert_eq!(err.db_code(), Some("SQLITE_BUSY"), "{err}");
        assert!(err.is_retryable());
        b.rollback().unwrap();
        a.commit().unwrap();

        // Outside a read transaction, a busy lock is still a lock timeout.
        let c = SqliteConnection::open(&path).unwrap();
        c.as_rusqlite()
            .busy_timeout(std::time::Duration::ZERO)
            .unwrap();
        let mut c = c;
        a.begin().unwrap();
        a.execute_sql(write, &[]).unwrap();
        let err = c.execute_sql(write, &[]).unwrap_err();
        assert_eq!(
            err.db_kind(),
            Some(DbErrorKind::LockTimeout),
            "{mode}: {err}"
        );
        a.rollback().unwrap();
        drop((a, b, c));
        remove(&path);
    }
}

/// The same read-then-write transfers with `TransactionOptions::read_write()` start with
/// `BEGIN IMMEDIATE`: the second writer waits on the busy timeout for the first, and
/// neither fails.
#[test]
fn read_write_transactions_queue_instead_of_failing() {
    use sqlweave::{TransactionOptions, transaction_with};
    use std::sync::{Arc, Barrier};

    let path = temp_path("read-write");
    remove(&path);
    let mut setup = SqliteConnection::open(&path).unwrap();
    setup
        .execute_raw_batch(
            "CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER); \
             INSERT INTO account VALUES (1, 100)",
        )
        .unwrap();
    let events = Capture::run(|| {
        transaction_with(&mut setup, TransactionOptions::new().read_write(), |tx| {
            tx.query_sql("SELECT 1", &[])
        })
        .unwrap();
    });
    assert_eq!(field(&events[0], "sql"), "BEGIN IMMEDIATE");
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let barrier = barrier.clone();
            let mut conn = SqliteConnection::open(&path).unwrap();
            std::thread::spawn(move || {
                barrier.wait();
                for _ in 0..20 {
                    transaction_with(&mut conn, TransactionOptions::new().read_write(), |tx| {
                        let balance: i64 = tx
                            .query_sql("SELECT balance FROM account WHERE id = 1", &[])?
                            .rows[0]
                            .get(0)?;
                        tx.execute_sql(
                            "UPDATE account SET balance = ? WHERE id = 1",
                            &[Value::I64(balance - 1)],
                        )
                    })?;
                }
                Ok::<(), sqlweave::Error>(())
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    let balance: i64 = setup
        .query_sql("SELECT balance FROM account WHERE id = 1", &[])
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap();
    assert_eq!(balance, 60, "no transfer was lost");
    drop(setup);
    remove(&path);
}

/// Streaming reads step the statement: the callback sees each row before the next is read.
#[test]
fn streaming_stops_stepping_when_told() {
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    let mut n = 0;
    conn.for_each_row_sql(
        "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
        &[],
        &mut |_| {
            n += 1;
            Ok(if n == 10 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            })
        },
    )
    .unwrap();
    assert_eq!(n, 10);
}

#[cfg(feature = "r2d2")]
#[test]
fn a_pool_serves_several_threads() {
    use sqlweave_sqlite::SqliteConnectionManager;

    let path = temp_path("pool");
    remove(&path);
    let manager = SqliteConnectionManager::file(&path).on_connect(|c| {
        c.execute_raw_batch("PRAGMA journal_mode = WAL")?;
        c.set_transaction_behavior(TransactionBehavior::Immediate);
        Ok(())
    });
    let pool = sqlweave_sqlite::r2d2::Pool::builder()
        .max_size(3)
        .build(manager)
        .unwrap();
    pool.get()
        .unwrap()
        .execute_raw_batch("CREATE TABLE hits (thread INTEGER, n INTEGER)")
        .unwrap();
    let handles: Vec<_> = (0..4_i64)
        .map(|thread| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                for n in 0..20_i64 {
                    let mut conn = pool.get().unwrap();
                    transaction(&mut *conn, |tx| {
                        tx.execute_sql(
                            "INSERT INTO hits VALUES (?, ?)",
                            &[Value::I64(thread), Value::I64(n)],
                        )
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let mut conn = pool.get().unwrap();
    let n: i64 = conn
        .query_sql("SELECT COUNT(*) FROM hits", &[])
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap();
    assert_eq!(n, 80);
    // A connection given back inside a transaction is not handed out again.
    conn.begin().unwrap();
    drop(conn);
    for _ in 0..3 {
        assert_eq!(pool.get().unwrap().transaction_depth(), 0);
    }
    drop(pool);
    remove(&path);
}

/// Column labels and types are shared between runs of one statement, and read afresh
/// when the statement comes back from a schema change with other columns.
#[test]
fn column_metadata_follows_schema_changes() {
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    conn.execute_raw_batch("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')")
        .unwrap();
    let sql = "SELECT * FROM t";
    let first = conn.query_sql(sql, &[]).unwrap();
    let again = conn.query_sql(sql, &[]).unwrap();
    assert_eq!(first.rows[0].columns(), ["a", "b"]);
    assert_eq!(first.rows[0].sql_types(), ["INTEGER", "TEXT"]);
    assert_eq!(again.rows[0].columns(), ["a", "b"]);
    conn.execute_raw_batch(
        "DROP TABLE t; CREATE TABLE t (c REAL, d BLOB, e TEXT); INSERT INTO t VALUES (1.5, x'00', 'y')",
    )
    .unwrap();
    let changed = conn.query_sql(sql, &[]).unwrap();
    assert_eq!(changed.rows[0].columns(), ["c", "d", "e"]);
    assert_eq!(changed.rows[0].sql_types(), ["REAL", "BLOB", "TEXT"]);
    // Same labels, other declared types.
    conn.execute_raw_batch(
        "DROP TABLE t; CREATE TABLE t (c INTEGER, d TEXT, e INTEGER); INSERT INTO t VALUES (1, 'z', 2)",
    )
    .unwrap();
    let retyped = conn.query_sql(sql, &[]).unwrap();
    assert_eq!(retyped.rows[0].columns(), ["c", "d", "e"]);
    assert_eq!(retyped.rows[0].sql_types(), ["INTEGER", "TEXT", "INTEGER"]);
    let mut cursor = conn.cursor_sql(sql, &[]).unwrap();
    let row = cursor.rows().unwrap().next().unwrap().unwrap();
    assert_eq!(row.sql_types(), ["INTEGER", "TEXT", "INTEGER"]);
}

/// A prepared statement keeps its rows' labels and types between runs only while SQLite
/// has not prepared it again: after a schema change (other columns, or the same labels
/// with other declared types) its rows say what the new result has.
#[test]
fn prepared_statement_metadata_follows_schema_changes() {
    let raw = rusqlite::Connection::open_in_memory().unwrap();
    raw.execute_batch("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')")
        .unwrap();
    let mut conn = SqliteConnection::from_rusqlite(&raw);
    let mut all = conn.prepare_sql("SELECT * FROM t").unwrap();
    let first = all.fetch_all(&[]).unwrap();
    let again = all.fetch_all(&[]).unwrap();
    assert_eq!(first.rows[0].columns(), ["a", "b"]);
    assert_eq!(again.rows[0].sql_types(), ["INTEGER", "TEXT"]);
    raw.execute_batch(
        "DROP TABLE t; CREATE TABLE t (c REAL, d BLOB, e TEXT); INSERT INTO t VALUES (1.5, x'00', 'y')",
    )
    .unwrap();
    let changed = all.fetch_all(&[]).unwrap();
    assert_eq!(changed.rows[0].columns(), ["c", "d", "e"]);
    assert_eq!(changed.rows[0].sql_types(), ["REAL", "BLOB", "TEXT"]);
    raw.execute_batch(
        "DROP TABLE t; CREATE TABLE t (c INTEGER, d TEXT, e INTEGER); INSERT INTO t VALUES (1, 'z', 2)",
    )
    .unwrap();
    let retyped = all.fetch_all(&[]).unwrap();
    assert_eq!(retyped.rows[0].columns(), ["c", "d", "e"]);
    assert_eq!(retyped.rows[0].sql_types(), ["INTEGER", "TEXT", "INTEGER"]);
    let row = all.rows(&[]).unwrap().next().unwrap().unwrap();
    assert_eq!(row.sql_types(), ["INTEGER", "TEXT", "INTEGER"]);
}
