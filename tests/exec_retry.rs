//! `transaction_retrying` on the three databases: two connections moving money out of
//! one account collide for real (PostgreSQL: a serialization failure under
//! SERIALIZABLE; MariaDB: a deadlock on the shared locks SERIALIZABLE reads take;
//! SQLite: a read transaction that cannot take the write lock), the loser runs again and
//! no transfer is lost. An error that is not worth retrying comes back after one run.

mod exec_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use exec_support::{Db, count};
use sqlweave::{
    DbErrorKind, Executor, IsolationLevel, RetryPolicy, TransactionOptions, Value, transaction,
    transaction_retrying,
};

const ACCOUNTS: &str = "id BIGINT PRIMARY KEY, balance BIGINT NOT NULL";

fn balance(conn: &mut dyn Executor, t: &str) -> i64 {
    conn.query_sql(&format!("SELECT balance FROM {t} WHERE id = 1"), &[])
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap()
}

#[test]
fn conflicting_transactions_run_again_and_lose_nothing() {
    for mut db in Db::all_with_files() {
        let name = db.name();
        let t = db.table("retry_conflict", ACCOUNTS);
        db.conn
            .execute_raw_batch(&format!("INSERT INTO {t} VALUES (1, 100)"))
            .unwrap();
        let read = db.sql(&format!("SELECT balance FROM {t} WHERE id = ?"));
        let write = db.sql(&format!("UPDATE {t} SET balance = ? WHERE id = ?"));
        let policy = RetryPolicy::new()
            .attempts(20)
            .base_delay(Duration::from_millis(5))
            .max_delay(Duration::from_millis(100));
        let options = TransactionOptions::new().isolation(IsolationLevel::Serializable);
        // Both first runs read before either writes: one of them must fail.
        let barrier = Arc::new(Barrier::new(2));
        let runs = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let mut conn = db.second();
                let (barrier, runs) = (barrier.clone(), runs.clone());
                let (read, write) = (read.clone(), write.clone());
                std::thread::spawn(move || {
                    let mut first = true;
                    transaction_retrying(&mut *conn, &policy, options, |tx| {
                        runs.fetch_add(1, Ordering::SeqCst);
                        let balance: i64 = tx.query_sql(&read, &[Value::I64(1)])?.rows[0].get(0)?;
                        if std::mem::take(&mut first) {
                            barrier.wait();
                        }
                        tx.execute_sql(&write, &[Value::I64(balance - 10), Value::I64(1)])
                    })
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        for r in &results {
            assert!(r.is_ok(), "{name}: {r:?}");
        }
        let runs = runs.load(Ordering::SeqCst);
        assert!(
            runs > 2,
            "{name}: the losing transaction ran again ({runs} runs)"
        );
        assert_eq!(
            balance(&mut *db.conn, &t),
            80,
            "{name}: no transfer was lost"
        );
    }
}

#[test]
fn errors_not_worth_retrying_come_back_after_one_run() {
    for mut db in Db::all() {
        let name = db.name();
        let t = db.table("retry_once", ACCOUNTS);
        let insert = db.sql(&format!("INSERT INTO {t} VALUES (?, ?)"));
        db.conn
            .execute_sql(&insert, &[Value::I64(1), Value::I64(100)])
            .unwrap();
        let mut runs = 0;
        let err = transaction_retrying(
            &mut *db.conn,
            &RetryPolicy::new(),
            TransactionOptions::new(),
            |tx| {
                runs += 1;
                tx.execute_sql(&insert, &[Value::I64(2), Value::I64(5)])?;
                tx.execute_sql(&insert, &[Value::I64(1), Value::I64(5)]) // duplicate key
            },
        )
        .unwrap_err();
        assert_eq!(
            err.db_kind(),
            Some(DbErrorKind::UniqueViolation),
            "{name}: {err}"
        );
        assert_eq!(runs, 1, "{name}");
        assert_eq!(db.conn.transaction_depth(), 0, "{name}");
        assert_eq!(
            count(&mut *db.conn, &t),
            1,
            "{name}: the failed run was rolled back"
        );

        // A retryable error inside an already open transaction is not retried there:
        // only the outer transaction could run again.
        let mut runs = 0;
        let outer = transaction(&mut *db.conn, |tx| {
            let inner =
                transaction_retrying(tx, &RetryPolicy::new(), TransactionOptions::new(), |_| {
                    runs += 1;
                    Err::<(), _>(sqlweave::Error::database(
                        DbErrorKind::Deadlock,
                        None,
                        "a deadlock, as the database would report it",
                        "UPDATE …",
                    ))
                });
            assert!(inner.unwrap_err().is_retryable());
            Ok(())
        });
        outer.unwrap();
        assert_eq!(runs, 1, "{name}");

        // Outside one, the same error is retried up to the number of attempts, and the
        // last error comes back.
        let mut runs = 0;
        let policy = RetryPolicy::new().attempts(3).base_delay(Duration::ZERO);
        let err = transaction_retrying(&mut *db.conn, &policy, TransactionOptions::new(), |_| {
            runs += 1;
            Err::<(), _>(sqlweave::Error::database(
                DbErrorKind::SerializationFailure,
                None,
                format!("run {runs}"),
                "UPDATE …",
            ))
        })
        .unwrap_err();
        assert_eq!(runs, 3, "{name}");
        assert!(err.to_string().contains("run 3"), "{name}: {err}");
    }
}
