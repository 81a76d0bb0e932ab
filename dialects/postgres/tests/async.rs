//! `AsyncPgConnection` (feature `async`) against a real server: the same values,
//! transactions, streaming and error classification as the synchronous connection.
//!
//! Server: `SQLWEAVE_PG_URL` (default `host=127.0.0.1 user=postgres dbname=test`);
//! skipped without one unless `SQLWEAVE_REQUIRE_SERVERS=1`. Tables are TEMPORARY.
#![cfg(feature = "async")]

use std::future::Future;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;

use sqlweave::{
    DbErrorKind, Error, Expr, IsolationLevel, Select, TransactionOptions, TypedExpr, Value, param,
    table,
};
use sqlweave_postgres::AsyncPgConnection;

async fn connect() -> Option<AsyncPgConnection> {
    let url = std::env::var("SQLWEAVE_PG_URL")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres dbname=test".into());
    match AsyncPgConnection::connect(&url).await {
        Ok(c) => Some(c),
        Err(e) if std::env::var("SQLWEAVE_REQUIRE_SERVERS").as_deref() == Ok("1") => {
            panic!("PostgreSQL unreachable and SQLWEAVE_REQUIRE_SERVERS=1: {e}")
        }
        Err(e) => {
            eprintln!("skipped: PostgreSQL unreachable ({e})");
            None
        }
    }
}

macro_rules! conn {
    () => {
        match connect().await {
            Some(c) => c,
            None => return,
        }
    };
}

table! {
    pub struct Items("items") { id: i64, label: String }
}

async fn ids(conn: &mut AsyncPgConnection) -> Vec<i64> {
    conn.query_sql("SELECT id FROM items ORDER BY id", &[])
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.get::<i64>(0).unwrap())
        .collect()
}

async fn with_items(conn: &mut AsyncPgConnection) {
    conn.execute_raw_batch(
        "CREATE TEMPORARY TABLE items (id int8 PRIMARY KEY, label text NOT NULL)",
    )
    .await
    .unwrap();
}

const INSERT: &str = "INSERT INTO items VALUES ($1, $2)";

fn item(id: i64) -> [Value; 2] {
    [Value::I64(id), Value::from(format!("item {id}"))]
}

#[tokio::test]
async fn values_round_trip_and_rows_decode() {
    let mut conn = conn!();
    let tricky = "it's \"q\" \\ 😀";
    let row = conn
        .query_sql(
            "SELECT $1::int8, $2::text, $3::bytea, $4::float8, $5::bool",
            &[
                Value::I64(i64::MIN),
                Value::from(tricky),
                Value::Bytes(vec![0, 255]),
                Value::F64(f64::NEG_INFINITY),
                Value::Bool(true),
            ],
        )
        .await
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(row.get::<i64>(0).unwrap(), i64::MIN);
    assert_eq!(row.get::<String>(1).unwrap(), tricky);
    assert_eq!(row.get::<Vec<u8>>(2).unwrap(), [0, 255]);
    assert_eq!(row.get::<f64>(3).unwrap(), f64::NEG_INFINITY);
    assert!(row.get::<bool>(4).unwrap());
    // Refused before sending, as on the synchronous connection.
    let err = conn
        .query_sql("SELECT $1::text", &[Value::from("a\0b")])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Value(ref m) if m.contains("NUL")),
        "{err:?}"
    );
    let err = conn
        .query_sql("SELECT $1::int8", &[Value::U64(u64::MAX)])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Value(_)), "{err:?}");

    #[cfg(feature = "chrono")]
    {
        let d: chrono::NaiveDate = "2024-02-29".parse().unwrap();
        let back = conn
            .query_sql("SELECT $1::date", &[Value::from(d)])
            .await
            .unwrap();
        assert_eq!(back.rows[0].get::<chrono::NaiveDate>(0).unwrap(), d);
    }
}

#[tokio::test]
async fn rendered_statements_named_parameters_and_rows_affected() {
    let mut conn = conn!();
    with_items(&mut conn).await;
    for id in 1..=3 {
        assert_eq!(conn.execute_sql(INSERT, &item(id)).await.unwrap(), 1);
    }
    let t = Items::new();
    let q = Select::new()
        .cols((t.id, t.label))
        .from(t)
        .filter(t.id.ge(param::<i64>("min")))
        .order_by(t.id.asc());
    let rows = conn
        .fetch_all_with(&q, &[("min", Value::I64(2))])
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows.rows[0].col(t.label).unwrap(), "item 2");
    let one = conn
        .fetch_one_with(&q, &[("min", Value::I64(3))])
        .await
        .unwrap();
    assert_eq!(one.col(t.id).unwrap(), 3);
    let err = conn
        .fetch_one_with(&q, &[("min", Value::I64(1))])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("more than one"), "{err}");
    let none = conn
        .fetch_optional_with(&q, &[("min", Value::I64(9))])
        .await
        .unwrap();
    assert_eq!(none, None);
    assert!(matches!(conn.fetch_all(&q).await, Err(Error::Bind(_))));
    let n = conn
        .execute_sql(
            "UPDATE items SET label = 'x' WHERE id >= $1",
            &[Value::I64(2)],
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    let mut seen = Vec::new();
    conn.for_each_row_sql("SELECT id FROM items ORDER BY id", &[], &mut |row| {
        seen.push(row.get::<i64>(0)?);
        Ok(ControlFlow::Continue(()))
    })
    .await
    .unwrap();
    assert_eq!(seen, [1, 2, 3]);
    // Prepared once, reused.
    let before = conn.cached_statements();
    conn.execute_sql(INSERT, &item(4)).await.unwrap();
    assert_eq!(conn.cached_statements(), before);
}

#[tokio::test]
async fn fetch_optional_stops_an_endless_query() {
    let mut conn = conn!();
    conn.execute_raw_batch("SET statement_timeout = '20s'")
        .await
        .unwrap();
    let q = Select::new().column_as(
        Expr::raw(
            "generate_series(1, 9223372036854775807)",
            Vec::<Value>::new(),
        ),
        "x",
    );
    let row = conn.fetch_optional(&q).await.unwrap().unwrap();
    assert_eq!(row.get::<i64>(0).unwrap(), 1);
    assert_eq!(conn.transaction_depth(), 0);
}

#[tokio::test]
async fn transactions_commit_roll_back_and_nest() {
    let mut conn = conn!();
    with_items(&mut conn).await;
    conn.transaction(async |tx| {
        tx.execute_sql(INSERT, &item(1)).await?;
        let inner = tx
            .transaction(async |tx| {
                assert_eq!(tx.transaction_depth(), 2);
                tx.execute_sql(INSERT, &item(2)).await?;
                tx.execute_sql(INSERT, &item(1)).await // duplicate key
            })
            .await;
        assert_eq!(
            inner.unwrap_err().db_kind(),
            Some(DbErrorKind::UniqueViolation)
        );
        tx.execute_sql(INSERT, &item(3)).await
    })
    .await
    .unwrap();
    assert_eq!(ids(&mut conn).await, [1, 3]);

    // Fails half-way: nothing stays.
    let err = conn
        .transaction(async |tx| {
            tx.execute_sql(INSERT, &item(4)).await?;
            tx.execute_sql(INSERT, &item(1)).await
        })
        .await
        .unwrap_err();
    assert_eq!(err.db_code(), Some("23505"));
    assert_eq!(ids(&mut conn).await, [1, 3]);
    assert_eq!(conn.transaction_depth(), 0);

    // Explicit steps and options.
    let opts = TransactionOptions::new().isolation(IsolationLevel::Serializable);
    conn.begin_with(opts).await.unwrap();
    let level: String = conn
        .query_sql("SHOW transaction_isolation", &[])
        .await
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap();
    assert_eq!(level, "serializable");
    conn.execute_sql(INSERT, &item(5)).await.unwrap();
    conn.rollback().await.unwrap();
    assert!(matches!(conn.commit().await, Err(Error::Invalid(_))));
    assert_eq!(ids(&mut conn).await, [1, 3]);
}

#[tokio::test]
async fn a_panic_rolls_back_and_continues() {
    use futures_util::FutureExt;
    let mut conn = conn!();
    with_items(&mut conn).await;
    let caught = AssertUnwindSafe(conn.transaction(async |tx| {
        tx.execute_sql(INSERT, &item(1)).await?;
        panic!("boom");
        #[allow(unreachable_code)]
        Ok(())
    }))
    .catch_unwind()
    .await;
    assert!(caught.is_err());
    assert_eq!(conn.transaction_depth(), 0);
    assert_eq!(ids(&mut conn).await, Vec::<i64>::new());
}

/// A transaction future dropped half-way (a timeout, a cancelled task): its level is
/// rolled back when the connection is next used.
#[tokio::test]
async fn a_dropped_transaction_future_is_rolled_back() {
    let mut conn = conn!();
    with_items(&mut conn).await;
    let inserted = Arc::new(AtomicBool::new(false));
    {
        let flag = inserted.clone();
        let fut = conn.transaction(async move |tx| {
            tx.execute_sql(INSERT, &item(1)).await?;
            flag.store(true, Ordering::SeqCst);
            std::future::pending::<()>().await;
            Ok(())
        });
        let mut fut = Box::pin(fut);
        for _ in 0..10_000 {
            std::future::poll_fn(|cx| {
                assert!(fut.as_mut().poll(cx).is_pending());
                Poll::Ready(())
            })
            .await;
            if inserted.load(Ordering::SeqCst) {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert!(inserted.load(Ordering::SeqCst), "the insert never ran");
    } // dropped here, inside the transaction
    assert_eq!(ids(&mut conn).await, Vec::<i64>::new());
    assert_eq!(conn.transaction_depth(), 0);
}

#[tokio::test]
async fn futures_are_send() {
    let mut conn = conn!();
    let handle = tokio::spawn(async move {
        let q = Select::new().column_as(Expr::value(7_i64), "n");
        conn.fetch_one(&q).await.map(|r| r.get::<i64>(0))
    });
    assert_eq!(handle.await.unwrap().unwrap().unwrap(), 7);
}

/// `row_stream` yields rows as a `Stream`, stops where the caller stops (the rest is
/// read and dropped, the connection goes on), takes named parameters, and an error inside
/// a transaction ends the stream and makes COMMIT report the rollback.
#[tokio::test]
async fn row_stream_yields_rows_as_a_stream() {
    use futures_util::{StreamExt, TryStreamExt};
    let mut conn = conn!();
    let all: Vec<i64> = conn
        .row_stream_sql("SELECT x FROM generate_series(1, 5000) AS g(x)", &[])
        .await
        .unwrap()
        .map(|r| r.and_then(|row| row.get::<i64>(0)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, (1..=5000).collect::<Vec<_>>());
    let firsts: Vec<i64> = conn
        .row_stream_sql("SELECT x FROM generate_series(1, 100000) AS g(x)", &[])
        .await
        .unwrap()
        .take(3)
        .map(|r| r.unwrap().get::<i64>(0).unwrap())
        .collect()
        .await;
    assert_eq!(firsts, [1, 2, 3]);
    assert_eq!(ids_or_one(&mut conn).await, 1);

    with_items(&mut conn).await;
    for id in 1..=4 {
        conn.execute_sql(INSERT, &item(id)).await.unwrap();
    }
    let it = Items::new();
    let q = Select::new()
        .column(it.label)
        .from(it)
        .filter(it.id.gt(param::<i64>("after")))
        .order_by(it.id.asc());
    let labels: Vec<String> = conn
        .row_stream_with(&q, &[("after", Value::I64(2))])
        .await
        .unwrap()
        .map(|r| r.and_then(|row| row.col(it.label)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(labels, ["item 3", "item 4"]);
    assert!(matches!(
        conn.row_stream_with(&q, &[("after", Value::from("2"))])
            .await,
        Err(Error::Bind(_))
    ));

    // An error mid-stream inside a transaction: the stream ends with it, and COMMIT says
    // the transaction was rolled back instead of pretending.
    conn.begin().await.unwrap();
    conn.execute_sql(INSERT, &item(9)).await.unwrap();
    let items: Vec<_> = conn
        .row_stream_sql(
            "SELECT CASE WHEN x < 3 THEN x ELSE 1 / (x - x) END FROM generate_series(1, 4) AS g(x)",
            &[],
        )
        .await
        .unwrap()
        .collect()
        .await;
    assert!(items.last().unwrap().is_err(), "{items:?}");
    assert_eq!(items.iter().filter(|r| r.is_err()).count(), 1);
    assert!(conn.commit().await.is_err());
    assert_eq!(conn.transaction_depth(), 0);
    assert_eq!(ids(&mut conn).await, [1, 2, 3, 4]);
}

async fn ids_or_one(conn: &mut AsyncPgConnection) -> i64 {
    conn.query_sql("SELECT 1::int8", &[]).await.unwrap().rows[0]
        .get::<i64>(0)
        .unwrap()
}

/// As the synchronous connection: a cached statement whose table changed its columns is
/// prepared again and run once more outside a transaction (query, execute and the
/// streaming paths); inside one the error is returned.
#[tokio::test]
async fn cached_statements_follow_table_changes() {
    let mut conn = conn!();
    conn.execute_raw_batch("CREATE TEMPORARY TABLE shape (a int8); INSERT INTO shape VALUES (1)")
        .await
        .unwrap();
    let sql = "SELECT * FROM shape";
    assert_eq!(
        conn.query_sql(sql, &[]).await.unwrap().rows[0].columns(),
        ["a"]
    );
    conn.execute_raw_batch("ALTER TABLE shape ADD COLUMN b text DEFAULT 'x'")
        .await
        .unwrap();
    let rows = conn.query_sql(sql, &[]).await.unwrap();
    assert_eq!(rows.rows[0].columns(), ["a", "b"]);
    conn.execute_raw_batch("ALTER TABLE shape ADD COLUMN c int8 DEFAULT 3")
        .await
        .unwrap();
    let mut widths = Vec::new();
    conn.for_each_row_sql(sql, &[], &mut |row| {
        widths.push(row.columns().len());
        Ok(ControlFlow::Continue(()))
    })
    .await
    .unwrap();
    assert_eq!(widths, [3]);
    conn.execute_raw_batch("ALTER TABLE shape DROP COLUMN b")
        .await
        .unwrap();
    assert_eq!(conn.execute_sql(sql, &[]).await.unwrap(), 1);
    conn.execute_raw_batch("ALTER TABLE shape ADD COLUMN d int8")
        .await
        .unwrap();
    conn.begin().await.unwrap();
    let err = conn.query_sql(sql, &[]).await.unwrap_err();
    assert!(err.to_string().contains("cached plan"), "{err}");
    conn.rollback().await.unwrap();
    assert_eq!(
        conn.query_sql(sql, &[]).await.unwrap().rows[0].columns(),
        ["a", "c", "d"]
    );
}

/// As the synchronous connection: a long IN list is one array parameter, bound element by
/// element; its statement is prepared for each run (never kept, so never planned
/// without the array's values), while other statements stay cached.
#[tokio::test]
async fn long_in_lists_are_one_array_never_kept_prepared() {
    let mut conn = conn!();
    conn.execute_raw_batch(
        "CREATE TEMPORARY TABLE long_in (a int4, s text); \
         INSERT INTO long_in SELECT g, 'v' || g FROM generate_series(1, 100) g",
    )
    .await
    .unwrap();
    let t = sqlweave::TableRef::new("long_in");
    let list: Vec<i64> = (0..40_000).map(|i| i * 2).collect();
    let q = Select::new()
        .column(sqlweave::func::count_star())
        .from(t.clone())
        .filter(t.col("a").in_list(list));
    let texts: Vec<String> = (0..40_000).map(|i| format!("v{}", i * 5)).collect();
    let text_q = Select::new()
        .column(sqlweave::func::count_star())
        .from(t.clone())
        .filter(t.col("s").not_in_list(texts));
    let kept = conn.cached_statements();
    for _ in 0..7 {
        let n = conn.fetch_all(&q).await.unwrap().rows[0]
            .get::<i64>(0)
            .unwrap();
        assert_eq!(n, 50);
        let n = conn.fetch_all(&text_q).await.unwrap().rows[0]
            .get::<i64>(0)
            .unwrap();
        assert_eq!(n, 80);
    }
    assert_eq!(conn.cached_statements(), kept);
}

/// A streamed SELECT whose row 1000 fails (division by zero).
const FAILS_AT_1000: &str =
    "SELECT CASE WHEN x < 1000 THEN x ELSE 1 / (x - x) END FROM generate_series(1, 2000) AS g(x)";

/// [`FAILS_AT_1000`] rendered: `1 / (1000 - x)` for x from 1 to 2000.
fn fails_at_1000() -> Select {
    Select::new().column_as(
        Expr::raw("1 / (1000 - generate_series(1, 2000))", Vec::<Value>::new()),
        "v",
    )
}

/// Inside a transaction, a read stopped early whose later row fails: PostgreSQL aborted
/// the transaction, so the error is returned (or, for a dropped stream, the COMMIT that
/// follows fails) and nothing is committed — never a COMMIT silently turned into a
/// rollback by the server.
#[tokio::test]
async fn an_error_after_an_early_stop_in_a_transaction_is_never_lost() {
    use futures_util::StreamExt;
    let mut conn = conn!();
    with_items(&mut conn).await;

    // A row stream dropped after three rows.
    conn.begin().await.unwrap();
    conn.execute_sql(INSERT, &item(1)).await.unwrap();
    let firsts: Vec<i64> = conn
        .row_stream_sql(FAILS_AT_1000, &[])
        .await
        .unwrap()
        .take(3)
        .map(|r| r.unwrap().get::<i64>(0).unwrap())
        .collect()
        .await;
    assert_eq!(firsts, [1, 2, 3]);
    let err = conn.commit().await.unwrap_err();
    assert!(
        err.to_string().contains("rolled back, not committed"),
        "{err}"
    );
    assert_eq!(conn.transaction_depth(), 0);
    assert!(ids(&mut conn).await.is_empty());

    // A streaming callback that stops after three rows, and fetch_optional / fetch_one:
    // each returns the error.
    for how in ["for_each_row", "fetch_optional", "fetch_one"] {
        conn.begin().await.unwrap();
        conn.execute_sql(INSERT, &item(1)).await.unwrap();
        let err = match how {
            "for_each_row" => {
                let mut n = 0;
                conn.for_each_row_sql(FAILS_AT_1000, &[], &mut |_| {
                    n += 1;
                    Ok(if n == 3 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    })
                })
                .await
                .unwrap_err()
            }
            "fetch_optional" => conn.fetch_optional(&fails_at_1000()).await.unwrap_err(),
            _ => conn.fetch_one(&fails_at_1000()).await.unwrap_err(),
        };
        assert!(err.to_string().contains("division by zero"), "{how}: {err}");
        assert!(conn.commit().await.is_err(), "{how}");
        assert!(ids(&mut conn).await.is_empty(), "{how}");
    }

    // Stopping early without a later error commits as before.
    conn.begin().await.unwrap();
    conn.execute_sql(INSERT, &item(1)).await.unwrap();
    let firsts = conn
        .row_stream_sql("SELECT x FROM generate_series(1, 2000) AS g(x)", &[])
        .await
        .unwrap()
        .take(3)
        .count()
        .await;
    assert_eq!(firsts, 3);
    conn.commit().await.unwrap();
    assert_eq!(ids(&mut conn).await, [1]);
}

/// The same with the stream dropped outside any tokio runtime, where no task can read
/// the rest: the next operation asks the server, and the COMMIT fails.
#[test]
fn a_stream_dropped_outside_a_runtime_is_checked_before_commit() {
    use futures_util::StreamExt;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(mut conn) = rt.block_on(connect()) else {
        return;
    };
    rt.block_on(async {
        with_items(&mut conn).await;
        conn.begin().await.unwrap();
        conn.execute_sql(INSERT, &item(1)).await.unwrap();
    });
    for (failing, committed) in [(true, false), (false, true)] {
        if !failing {
            rt.block_on(conn.begin()).unwrap();
            rt.block_on(conn.execute_sql(INSERT, &item(1))).unwrap();
        }
        let sql = if failing {
            FAILS_AT_1000
        } else {
            "SELECT x FROM generate_series(1, 2000) AS g(x)"
        };
        let mut stream = rt.block_on(conn.row_stream_sql(sql, &[])).unwrap();
        let first = rt.block_on(stream.next()).unwrap().unwrap();
        assert_eq!(first.get::<i64>(0).unwrap(), 1);
        drop(stream); // outside block_on: no runtime here
        assert_eq!(rt.block_on(conn.commit()).is_ok(), committed, "{failing}");
        assert_eq!(rt.block_on(ids(&mut conn)).len(), usize::from(committed));
    }
}
