//! A small async service on a connection pool: concurrent tasks that each serve a
//! stream of requests — count a page view (a read-modify-write transaction) and read the
//! page's total — through a bb8 pool of sqlweave's async connections. The same generic
//! code runs on every database.
//!
//! ```text
//! cargo run --example async_service                                        # embedded SQLite, no setup
//! cargo run --example async_service -- postgres://postgres@127.0.0.1/test  # PostgreSQL
//! cargo run --example async_service -- mysql://root@127.0.0.1:3306/test    # MariaDB / MySQL
//! ```
//!
//! Optional second and third arguments: the number of tasks (8) and of requests per
//! task (200). At the end it checks that no view was lost and prints the throughput. Its
//! table, `sqlweave_async_service_views`, is made at the start and dropped at the end.

use std::time::Instant;

use sqlweave::ddl::ColumnDef;
use sqlweave::dml::{Insert, Update};
use sqlweave::{
    AsyncExecutor, Error, RetryPolicy, Select, TransactionOptions, TypedExpr, async_transaction,
    exec::async_transaction_retrying, table,
};
use sqlweave_mysql::AsyncMySqlConnectionManager;
use sqlweave_postgres::AsyncPgConnectionManager;
use sqlweave_sqlite::AsyncSqliteConnectionManager;

table! {
    /// Views per page.
    pub struct Views("sqlweave_async_service_views") {
        page: String,
        views: i64,
    }
}

const PAGES: [&str; 4] = ["/", "/about", "/blog", "/contact"];

fn views() -> Views {
    Views::new()
}

async fn set_up<C: AsyncExecutor>(conn: &mut C) -> sqlweave::Result<()> {
    let v = views();
    conn.execute_raw_batch("DROP TABLE IF EXISTS sqlweave_async_service_views")
        .await?;
    let def = Views::table_def().column(
        ColumnDef::of(v.page)
            .ty(sqlweave::ColumnType::Varchar(40))
            .primary_key(),
    );
    conn.execute(&def.create()).await?;
    let seed = Insert::into(v)
        .columns((v.page, v.views))
        .rows(PAGES.map(|p| (p, 0_i64)));
    conn.execute(&seed).await?;
    Ok(())
}

/// One request: counts a view of `page` and returns the page's new total.
async fn handle<C: AsyncExecutor>(conn: &mut C, page: &str) -> sqlweave::Result<i64> {
    let v = views();
    let bump = Update::table(v)
        .set(v.views, v.views + 1_i64)
        .filter(v.page.eq(page));
    let total = Select::new()
        .cols((v.views,))
        .from(v)
        .filter(v.page.eq(page));
    // Deadlocks and serialization failures between concurrent writers are retried.
    async_transaction_retrying(
        conn,
        &RetryPolicy::new().attempts(20),
        // SQLite: BEGIN IMMEDIATE, so writers queue on the busy timeout.
        TransactionOptions::new().read_write(),
        tokio::time::sleep,
        || {
            async |tx| {
                tx.execute(&bump).await?;
                tx.fetch_one(&total).await?.col(v.views)
            }
        },
    )
    .await
}

/// Runs `tasks` concurrent tasks of `requests` requests each through `pool`.
async fn serve<M>(
    pool: bb8::Pool<M>,
    tasks: usize,
    requests: usize,
) -> Result<(), Box<dyn std::error::Error>>
where
    M: bb8::ManageConnection<Error = Error>,
    M::Connection: AsyncExecutor,
{
    set_up(&mut *pool.get().await?).await?;
    let started = Instant::now();
    let mut handles = Vec::new();
    for task in 0..tasks {
        let pool = pool.clone();
        handles.push(tokio::spawn(async move {
            for i in 0..requests {
                let page = PAGES[(task + i) % PAGES.len()];
                let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                handle(&mut *conn, page).await.map_err(|e| e.to_string())?;
            }
            Ok::<(), String>(())
        }));
    }
    for h in handles {
        h.await??;
    }
    let elapsed = started.elapsed();
    let mut conn = pool.get().await?;
    let v = views();
    let rows = conn
        .fetch_all(
            &Select::new()
                .cols((v.page, v.views))
                .from(v)
                .order_by(v.page.asc()),
        )
        .await?;
    let mut sum = 0;
    for row in &rows.rows {
        let (page, n): (String, i64) = (row.col(v.page)?, row.col(v.views)?);
        println!("{page:<10} {n:>6} views");
        sum += n;
    }
    let served = (tasks * requests) as i64;
    println!(
        "{served} requests by {tasks} tasks in {:.2?} ({:.0} requests/s); views counted: {sum}",
        elapsed,
        served as f64 / elapsed.as_secs_f64()
    );
    // Prove the count, then clean up inside a transaction of its own.
    assert_eq!(sum, served, "a view was lost");
    async_transaction(&mut *conn, async |tx| {
        tx.execute_raw_batch("DELETE FROM sqlweave_async_service_views")
            .await
    })
    .await?;
    conn.execute_raw_batch("DROP TABLE sqlweave_async_service_views")
        .await?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = args.first().cloned();
    let tasks = args.get(1).map_or(Ok(8), |a| a.parse())?;
    let requests = args.get(2).map_or(Ok(200), |a| a.parse())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        match url.as_deref() {
            None => {
                let path = std::env::temp_dir().join("sqlweave-async-service.db");
                for s in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{s}", path.display()));
                }
                println!("SQLite file {}", path.display());
                let manager = AsyncSqliteConnectionManager::file(&path).on_connect(|c| {
                    sqlweave::Executor::execute_raw_batch(c, "PRAGMA journal_mode = WAL")
                });
                serve(
                    bb8::Pool::builder().max_size(4).build(manager).await?,
                    tasks,
                    requests,
                )
                .await
            }
            Some(u) if u.starts_with("mysql://") || u.starts_with("mariadb://") => {
                let u = u.replacen("mariadb://", "mysql://", 1);
                println!(
                    "MariaDB / MySQL at {}",
                    u.split('@').next_back().unwrap_or("")
                );
                serve(
                    bb8::Pool::builder()
                        .max_size(4)
                        .build(AsyncMySqlConnectionManager::new(&u)?)
                        .await?,
                    tasks,
                    requests,
                )
                .await
            }
            Some(u) => {
                println!("PostgreSQL");
                serve(
                    bb8::Pool::builder()
                        .max_size(4)
                        .build(AsyncPgConnectionManager::new(u)?)
                        .await?,
                    tasks,
                    requests,
                )
                .await
            }
        }
    })
}
