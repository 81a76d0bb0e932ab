//! Transactions on the three databases: the closure API (commit on Ok, roll back on Err
//! and on panic, nested calls as savepoints), explicit begin / commit / rollback,
//! isolation levels and read-only transactions. Every test checks with a query that a
//! failure half-way left no partial data.

mod exec_support;

use std::panic::{AssertUnwindSafe, catch_unwind};

use exec_support::{Db, Kind, count};
use sqlweave::{
    DbErrorKind, Error, Executor, IsolationLevel, TransactionOptions, Value, transaction,
    transaction_with,
};

const ITEMS: &str = "id BIGINT PRIMARY KEY, label VARCHAR(50) NOT NULL";

fn insert(db: &Db, t: &str) -> String {
    db.sql(&format!("INSERT INTO {t} (id, label) VALUES (?, ?)"))
}

fn ids(conn: &mut dyn Executor, t: &str) -> Vec<i64> {
    conn.query_sql(&format!("SELECT id FROM {t} ORDER BY id"), &[])
        .unwrap_or_else(|e| panic!("{}: {e}", conn.dialect().name()))
        .rows
        .iter()
        .map(|r| r.get::<i64>(0).unwrap())
        .collect()
}

fn row(id: i64) -> [Value; 2] {
    [Value::I64(id), Value::from(format!("item {id}"))]
}

#[test]
fn closure_commits_on_ok_and_rolls_back_on_err() {
    for mut db in Db::all() {
        let t = db.table("tx_ok_err", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let n = transaction(&mut *db.conn, |tx| {
            assert_eq!(tx.transaction_depth(), 1, "{name}");
            let mut n = tx.execute_sql(&ins, &row(1))?;
            n += tx.execute_sql(&ins, &row(2))?;
            Ok(n)
        })
        .unwrap();
        assert_eq!(n, 2, "{name}");
        assert_eq!(db.conn.transaction_depth(), 0, "{name}");
        assert_eq!(ids(&mut *db.conn, &t), [1, 2], "{name}");

        // Fails half-way: the row inserted before the failure is rolled back too.
        let err = transaction(&mut *db.conn, |tx| {
            tx.execute_sql(&ins, &row(3))?;
            tx.execute_sql(&ins, &row(1))?; // duplicate key
            tx.execute_sql(&ins, &row(4))
        })
        .unwrap_err();
        assert_eq!(
            err.db_kind(),
            Some(DbErrorKind::UniqueViolation),
            "{name}: {err}"
        );
        assert_eq!(db.conn.transaction_depth(), 0, "{name}");
        assert_eq!(ids(&mut *db.conn, &t), [1, 2], "{name}: no partial data");

        // An error of the caller's own (not the database's) rolls back as well.
        let err = transaction(&mut *db.conn, |tx| {
            tx.execute_sql(&ins, &row(5))?;
            Err::<(), _>(Error::Invalid("changed my mind".into()))
        })
        .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{name}: {err:?}");
        assert_eq!(ids(&mut *db.conn, &t), [1, 2], "{name}");
    }
}

#[test]
fn panic_rolls_back_and_the_panic_continues() {
    for mut db in Db::all() {
        let t = db.table("tx_panic", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let conn = &mut *db.conn;
        let caught = catch_unwind(AssertUnwindSafe(|| {
            let _ = transaction(&mut *conn, |tx| {
                tx.execute_sql(&ins, &row(1))?;
                panic!("boom in the middle");
                #[allow(unreachable_code)]
                Ok(())
            });
        }));
        let payload = caught.expect_err("the panic must reach the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom in the middle"));
        assert_eq!(conn.transaction_depth(), 0, "{name}");
        assert_eq!(ids(conn, &t), Vec::<i64>::new(), "{name}: rolled back");
        // The connection is usable afterwards.
        transaction(&mut *conn, |tx| tx.execute_sql(&ins, &row(7))).unwrap();
        assert_eq!(ids(conn, &t), [7], "{name}");
    }
}

#[test]
fn nested_calls_are_savepoints() {
    for mut db in Db::all() {
        let t = db.table("tx_nested", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        transaction(&mut *db.conn, |tx| {
            tx.execute_sql(&ins, &row(1))?;
            // The inner level fails: only its work is undone, and — on PostgreSQL, where
            // an error aborts the transaction — rolling back to the savepoint makes the
            // outer transaction usable again.
            let inner = transaction(&mut *tx, |tx| {
                assert_eq!(tx.transaction_depth(), 2);
                tx.execute_sql(&ins, &row(2))?;
                tx.execute_sql(&ins, &row(1)) // duplicate key
            });
            assert_eq!(
                inner.unwrap_err().db_kind(),
                Some(DbErrorKind::UniqueViolation),
                "{name}"
            );
            assert_eq!(tx.transaction_depth(), 1);
            // An inner level that succeeds is kept, with the outer one.
            transaction(&mut *tx, |tx| {
                tx.execute_sql(&ins, &row(3))?;
                // Three levels deep.
                transaction(&mut *tx, |tx| {
                    assert_eq!(tx.transaction_depth(), 3);
                    tx.execute_sql(&ins, &row(4))
                })
            })?;
            tx.execute_sql(&ins, &row(5))
        })
        .unwrap();
        assert_eq!(ids(&mut *db.conn, &t), [1, 3, 4, 5], "{name}");

        // Inner levels that succeeded are undone when the outer one fails.
        let err = transaction(&mut *db.conn, |tx| {
            transaction(&mut *tx, |tx| tx.execute_sql(&ins, &row(10)))?;
            tx.execute_sql(&ins, &row(11))?;
            Err::<(), _>(Error::Invalid("outer fails".into()))
        });
        assert!(err.is_err());
        assert_eq!(ids(&mut *db.conn, &t), [1, 3, 4, 5], "{name}");

        // A panic in an inner level rolls back both levels as it passes.
        let conn = &mut *db.conn;
        let caught = catch_unwind(AssertUnwindSafe(|| {
            let _ = transaction(&mut *conn, |tx| {
                tx.execute_sql(&ins, &row(20))?;
                transaction::<_, ()>(&mut *tx, |tx| {
                    tx.execute_sql(&ins, &row(21))?;
                    panic!("inner panic")
                })
            });
        }));
        assert!(caught.is_err());
        assert_eq!(conn.transaction_depth(), 0, "{name}");
        assert_eq!(ids(conn, &t), [1, 3, 4, 5], "{name}");
    }
}

#[test]
fn explicit_begin_commit_and_rollback() {
    for mut db in Db::all() {
        let t = db.table("tx_explicit", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let c = &mut *db.conn;
        // Outside a transaction there is nothing to end.
        for r in [c.commit(), c.rollback()] {
            match r {
                Err(Error::Invalid(m)) => assert!(m.contains("no transaction is open"), "{m}"),
                other => panic!("{name}: {other:?}"),
            }
        }
        c.begin().unwrap();
        c.execute_sql(&ins, &row(1)).unwrap();
        c.rollback().unwrap();
        assert_eq!(ids(c, &t), Vec::<i64>::new(), "{name}");

        c.begin().unwrap();
        c.execute_sql(&ins, &row(1)).unwrap();
        c.begin().unwrap(); // a savepoint
        assert_eq!(c.transaction_depth(), 2);
        c.execute_sql(&ins, &row(2)).unwrap();
        c.rollback().unwrap(); // to the savepoint
        assert_eq!(c.transaction_depth(), 1);
        c.begin().unwrap();
        c.execute_sql(&ins, &row(3)).unwrap();
        c.commit().unwrap(); // releases the savepoint
        c.commit().unwrap();
        assert_eq!(c.transaction_depth(), 0);
        assert_eq!(ids(c, &t), [1, 3], "{name}");

        // Options belong to the outermost level only.
        c.begin().unwrap();
        let opts = TransactionOptions::new().isolation(IsolationLevel::Serializable);
        match c.begin_with(opts) {
            Err(Error::Invalid(m)) => assert!(m.contains("outermost"), "{m}"),
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(c.transaction_depth(), 1);
        c.rollback().unwrap();

        // A closure that leaves a level open is refused, and everything rolled back.
        let err = transaction(&mut *c, |tx| {
            tx.execute_sql(&ins, &row(9))?;
            tx.begin()
        })
        .unwrap_err();
        assert!(err.to_string().contains("levels open"), "{err}");
        assert_eq!(c.transaction_depth(), 0);
        assert_eq!(ids(c, &t), [1, 3], "{name}");
    }
}

/// What another connection sees: nothing before the commit, everything after.
#[test]
fn uncommitted_rows_are_invisible_to_other_connections() {
    for mut db in Db::all_with_files() {
        let t = db.table("tx_visibility", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let mut other = db.second();
        db.conn.begin().unwrap();
        db.conn.execute_sql(&ins, &row(1)).unwrap();
        assert_eq!(ids(&mut *other, &t), Vec::<i64>::new(), "{name}");
        db.conn.commit().unwrap();
        assert_eq!(ids(&mut *other, &t), [1], "{name}");
    }
}

/// REPEATABLE READ keeps the first snapshot; READ COMMITTED sees another connection's
/// commits. SQLite runs every level as serializable: its snapshot never moves.
#[test]
fn isolation_levels_change_what_a_transaction_sees() {
    for mut db in Db::all_with_files() {
        let t = db.table("tx_isolation", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let mut other = db.second();
        other.execute_sql(&ins, &row(1)).unwrap();

        let rr = TransactionOptions::new().isolation(IsolationLevel::RepeatableRead);
        transaction_with(&mut *db.conn, rr, |tx| {
            assert_eq!(count(&mut *tx, &t), 1);
            other.execute_sql(&ins, &row(2))?;
            assert_eq!(count(&mut *tx, &t), 1, "{name}: repeatable read");
            Ok(())
        })
        .unwrap();

        let rc = TransactionOptions::new().isolation(IsolationLevel::ReadCommitted);
        transaction_with(&mut *db.conn, rc, |tx| {
            assert_eq!(count(&mut *tx, &t), 2);
            other.execute_sql(&ins, &row(3))?;
            let expected = if db.kind == Kind::Sqlite { 2 } else { 3 };
            assert_eq!(count(&mut *tx, &t), expected, "{name}: read committed");
            Ok(())
        })
        .unwrap();

        for level in [
            IsolationLevel::ReadUncommitted,
            IsolationLevel::Serializable,
        ] {
            let opts = TransactionOptions::new().isolation(level);
            let n = transaction_with(&mut *db.conn, opts, |tx| Ok(count(tx, &t))).unwrap();
            assert_eq!(n, 3, "{name} {level:?}");
        }
        if db.kind == Kind::Pg {
            let opts = TransactionOptions::new().isolation(IsolationLevel::Serializable);
            let level = transaction_with(&mut *db.conn, opts, |tx| {
                tx.query_sql("SHOW transaction_isolation", &[])?.rows[0].get::<String>(0)
            })
            .unwrap();
            assert_eq!(level, "serializable");
        }
    }
}

#[test]
fn read_only_transactions_refuse_writes() {
    for mut db in Db::all() {
        let t = db.table("tx_read_only", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let opts = TransactionOptions::new().read_only();
        let result = transaction_with(&mut *db.conn, opts, |tx| {
            assert_eq!(count(&mut *tx, &t), 0);
            tx.execute_sql(&ins, &row(1))
        });
        match (db.kind, result) {
            (Kind::Sqlite, Err(Error::Unsupported { feature, .. })) => {
                assert_eq!(feature, "read-only transactions")
            }
            (Kind::Pg, Err(e)) => assert_eq!(e.db_code(), Some("25006"), "{e}"),
            // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
            (Kind::MySql, Err(e)) => assert_eq!(e.db_code(), Some("1792"), "{e}"),
            (_, other) => panic!("{name}: {other:?}"),
        }
        assert_eq!(db.conn.transaction_depth(), 0);
        assert_eq!(count(&mut *db.conn, &t), 0, "{name}");
    }
}

/// A statement error swallowed inside a transaction: PostgreSQL has aborted the whole
/// transaction, so committing reports that it rolled back (instead of PostgreSQL's silent
/// ROLLBACK); SQLite and MySQL undo only the failed statement and commit the rest.
#[test]
fn committing_after_a_swallowed_error() {
    for mut db in Db::all() {
        let t = db.table("tx_swallowed", ITEMS);
        let ins = insert(&db, &t);
        let name = db.name();
        let result = transaction(&mut *db.conn, |tx| {
            tx.execute_sql(&ins, &row(1))?;
            let dup = tx.execute_sql(&ins, &row(1));
            assert!(dup.is_err(), "{name}");
            Ok(())
        });
        match db.kind {
            Kind::Pg => {
                let err = result.unwrap_err();
                assert_eq!(err.db_code(), Some("25P02"), "{err}");
                assert!(
                    err.to_string().contains("rolled back, not committed"),
                    "{err}"
                );
                assert_eq!(ids(&mut *db.conn, &t), Vec::<i64>::new());
            }
            _ => {
                result.unwrap();
                assert_eq!(ids(&mut *db.conn, &t), [1], "{name}");
            }
        }
        assert_eq!(db.conn.transaction_depth(), 0);
    }
}

/// Generic code over `&mut dyn Executor` nests transactions too.
#[test]
fn generic_code_takes_dyn_executor() {
    fn move_item(conn: &mut dyn Executor, t: &str, from: i64, to: i64) -> sqlweave::Result<u64> {
        let kind = if conn.dialect().numbered_placeholders() {
            Kind::Pg
        } else {
            Kind::Sqlite
        };
        let sql = exec_support::placeholders(kind, &format!("UPDATE {t} SET id = ? WHERE id = ?"));
        transaction(conn, |tx| {
            tx.execute_sql(&sql, &[Value::I64(to), Value::I64(from)])
        })
    }
    for mut db in Db::all() {
        let t = db.table("tx_dyn", ITEMS);
        let ins = insert(&db, &t);
        db.conn.execute_sql(&ins, &row(1)).unwrap();
        db.conn.execute_sql(&ins, &row(2)).unwrap();
        assert_eq!(move_item(&mut *db.conn, &t, 1, 5).unwrap(), 1);
        let e = move_item(&mut *db.conn, &t, 2, 5).unwrap_err();
        assert_eq!(e.db_kind(), Some(DbErrorKind::UniqueViolation), "{e}");
        assert_eq!(ids(&mut *db.conn, &t), [2, 5], "{}", db.name());
    }
}
