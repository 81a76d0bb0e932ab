//! An async SQLite connection (feature `async`): a [`SqliteConnection`] owned by a
//! thread of its own, driven through a channel.
//!
//! SQLite has no network to wait on: its work is CPU and file I/O that blocks the thread
//! running it. Each [`AsyncSqliteConnection`] therefore keeps its connection on a
//! dedicated thread and sends it jobs; the async side only waits on a reply channel, so
//! no runtime thread ever runs SQLite. A dedicated thread rather than the runtime's
//! blocking pool: a rusqlite connection and its statement cache stay on one thread, jobs
//! keep their order without a lock, and a stream of rows can step a statement on that
//! thread while the async side reads the rows one at a time — a blocking-pool task per
//! call could not hold a statement open between calls.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;

use sqlweave::exec::{AsyncRowStream, Doomed, Interruptions};
use sqlweave::{
    AsyncExecutor, DbErrorKind, Dialect, Error, Executor, Result, Row, Rows, TransactionOptions,
    Value,
};
use tokio::sync::{mpsc as rows_channel, oneshot};

use super::SqliteConnection;
use crate::Sqlite;

type Job = Box<dyn FnOnce(&mut SqliteConnection) + Send>;

/// How many rows a stream's thread reads ahead of the reader: a bounded buffer, so a
/// large result is never loaded whole.
const STREAM_BUFFER: usize = 32;

/// A SQLite connection for async code: the operations of [`SqliteConnection`] through
/// [`AsyncExecutor`], with SQLite's work on a thread of the connection's own: SQLite's work
/// is CPU and file I/O that blocks the thread running it, so no runtime thread runs it. A
/// dedicated thread rather than the runtime's blocking pool keeps the rusqlite connection
/// and its statement cache on one thread, jobs in order without a lock, and a stream's
/// statement open between rows.
///
/// Rows, values, errors, logging (`tracing`, target `sqlweave::sql`, emitted from the
/// connection's thread) and transaction semantics are those of [`SqliteConnection`]. Its
/// futures are `Send`. Dropping the connection stops its thread and closes the database
/// (an open transaction is rolled back by SQLite).
///
/// ```
/// use sqlweave::{AsyncExecutor, Expr, Select};
/// use sqlweave_sqlite::AsyncSqliteConnection;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let mut conn = AsyncSqliteConnection::open_in_memory().await?;
/// // Renders `SELECT ? + ? AS "x"` and runs it on the connection's thread.
/// let row = conn.fetch_one(&Select::new().column_as(Expr::value(40_i64).add(2_i64), "x")).await?;
/// assert_eq!(row.get::<i64>(0)?, 42);
/// # Ok::<(), sqlweave::Error>(()) })?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct AsyncSqliteConnection {
    jobs: mpsc::Sender<Job>,
    /// The depth as this side counts it (the thread's connection has the true one).
    depth: usize,
    interrupts: Interruptions,
    doomed: Doomed,
}

impl std::fmt::Debug for AsyncSqliteConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncSqliteConnection")
            .field("transaction_depth", &self.depth)
            .finish_non_exhaustive()
    }
}

fn stopped(sql: &str) -> Error {
    Error::database(
        DbErrorKind::ConnectionLost,
        None,
        "the SQLite connection's thread has stopped",
        sql,
    )
}

impl AsyncSqliteConnection {
    /// Opens (or creates) a database file, on a new thread.
    pub async fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref().to_owned();
        Self::start(move || SqliteConnection::open(&path)).await
    }

    /// Opens a fresh in-memory database, on a new thread.
    pub async fn open_in_memory() -> Result<Self> {
        Self::start(SqliteConnection::open_in_memory).await
    }

    /// Moves a connection the caller opened (with its own settings) to a new thread.
    /// Do not pass one that is inside a transaction.
    pub fn from_connection(conn: SqliteConnection) -> Result<Self> {
        let depth = conn.transaction_depth();
        let jobs = spawn_worker(move || Ok(conn), None)?;
        Ok(Self::with_jobs(jobs, depth))
    }

    async fn start(
        open: impl FnOnce() -> Result<SqliteConnection> + Send + 'static,
    ) -> Result<Self> {
        let (ready, opened) = oneshot::channel();
        let jobs = spawn_worker(open, Some(ready))?;
        opened.await.map_err(|_| stopped("<open>"))??;
        Ok(Self::with_jobs(jobs, 0))
    }

    fn with_jobs(jobs: mpsc::Sender<Job>, depth: usize) -> Self {
        AsyncSqliteConnection {
            jobs,
            depth,
            interrupts: Interruptions::new(),
            doomed: Doomed::default(),
        }
    }

    /// Runs `f` on the connection's thread with the [`SqliteConnection`] itself (to set
    /// a busy timeout, pragmas, functions, or run synchronous sqlweave code) and returns
    /// its result. A panic in `f` continues on the caller's side.
    ///
    /// Leave the transaction depth as you found it: this side does not see levels opened
    /// in `f`.
    ///
    /// ```
    /// use sqlweave_sqlite::AsyncSqliteConnection;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut conn = AsyncSqliteConnection::open_in_memory().await?;
    /// conn.run(|c| c.as_rusqlite().busy_timeout(std::time::Duration::from_secs(2))).await?
    ///     .expect("busy timeout");
    /// # Ok::<(), sqlweave::Error>(()) })?;
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub async fn run<R: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut SqliteConnection) -> R + Send + 'static,
    ) -> Result<R> {
        self.recover().await?;
        self.call("<run>", f).await
    }

    /// Whether the connection's thread still runs (it stops only if a job panicked past
    /// recovery, or the process is shutting down).
    pub fn is_alive(&self) -> bool {
        // A job that does nothing: sending fails once the thread's receiver is gone.
        self.jobs.send(Box::new(|_| {})).is_ok()
    }

    /// Sends `f` to the thread and waits for its result; dropped while waiting, the
    /// operation is recorded as in flight (it still runs to its end on the thread).
    async fn call<R: Send + 'static>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut SqliteConnection) -> R + Send + 'static,
    ) -> Result<R> {
        let (reply, result) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let _ = reply.send(catch_unwind(AssertUnwindSafe(|| f(conn))));
        });
        self.jobs.send(job).map_err(|_| stopped(what))?;
        let g = self.interrupts.operation();
        let outcome = result.await;
        g.finish();
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panic)) => resume_unwind(panic),
            Err(_) => Err(stopped(what)),
        }
    }

    /// Repairs what futures dropped mid-way left (see [`sqlweave::exec::Interruptions`]):
    /// an operation whose outcome is unknown rolls every level back on the thread and
    /// dooms the levels the caller still holds; a dropped transaction future with
    /// nothing in flight rolls back the levels it opened.
    async fn recover(&mut self) -> Result<()> {
        let pending = self.interrupts.take();
        if pending.is_clear() {
            return Ok(());
        }
        let held = pending
            .rollback_to
            .map_or(self.depth, |t| t.min(self.depth));
        // Dropped while repairing, the repair is recorded again.
        let again = self.interrupts.transaction(held);
        let (target, doom) = if pending.in_flight {
            (0, true)
        } else {
            (held, false)
        };
        let reached = self
            .call("ROLLBACK", move |c| {
                while c.transaction_depth() > target {
                    let before = c.transaction_depth();
                    if c.rollback().is_err() && c.transaction_depth() >= before {
                        break;
                    }
                }
                c.transaction_depth()
            })
            .await?;
        again.finish();
        if reached != target {
            return Err(Error::database(
                DbErrorKind::Other,
                None,
                "could not roll back what a dropped future left open",
                "ROLLBACK",
            ));
        }
        self.depth = held;
        if doom {
            self.doomed.set(held);
        }
        Ok(())
    }

    async fn statement<R: Send + 'static>(
        &mut self,
        sql: &str,
        f: impl FnOnce(&mut SqliteConnection) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.recover().await?;
        self.doomed.check(sql)?;
        self.call(sql, f).await?
    }

    /// Runs `sql` and returns all rows.
    pub async fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        let (owned, params) = (sql.to_owned(), params.to_vec());
        self.statement(sql, move |c| c.query_sql(&owned, &params))
            .await
    }

    /// Runs `sql` and returns the number of rows affected.
    pub async fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let (owned, params) = (sql.to_owned(), params.to_vec());
        self.statement(sql, move |c| c.execute_sql(&owned, &params))
            .await
    }

    /// Runs SQL text without parameters, possibly several statements.
    pub async fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        let owned = sql.to_owned();
        self.statement(sql, move |c| c.execute_raw_batch(&owned))
            .await
    }

    /// Runs `sql` and streams its rows: the connection's thread steps the statement and
    /// hands each row over through a small bounded buffer, so the result is never
    /// loaded whole; dropping the stream stops the stepping. An error preparing the
    /// statement is this call's error; a later one is the stream's last item.
    pub async fn stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<AsyncRowStream<'a>> {
        self.recover().await?;
        self.doomed.check(sql)?;
        let (owned, params) = (sql.to_owned(), params.to_vec());
        let (tx, rx) = rows_channel::channel::<Result<Row>>(STREAM_BUFFER);
        let (started_tx, started) = oneshot::channel::<Result<()>>();
        // The job says it started once the statement is prepared and bound, then steps
        // it, handing rows over as the reader takes them; sending fails once the stream
        // is dropped, which stops the stepping.
        let job: Job = Box::new(move |c| {
            let _ = catch_unwind(AssertUnwindSafe(move || {
                let mut cursor = match c.cursor_sql(&owned, &params) {
                    Ok(cursor) => cursor,
                    Err(e) => {
                        let _ = started_tx.send(Err(e));
                        return;
                    }
                };
                let rows = match cursor.rows() {
                    Ok(rows) => rows,
                    Err(e) => {
                        let _ = started_tx.send(Err(e));
                        return;
                    }
                };
                let _ = started_tx.send(Ok(()));
                for row in rows {
                    if tx.blocking_send(row).is_err() {
                        break;
                    }
                }
            }));
        });
        self.jobs.send(job).map_err(|_| stopped(sql))?;
        let g = self.interrupts.operation();
        let outcome = started.await;
        g.finish();
        match outcome {
            Ok(Ok(())) => Ok(AsyncRowStream::new(RowsFromThread { rx })),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(stopped(sql)),
        }
    }
}

/// The rows a stream's thread sends.
struct RowsFromThread {
    rx: rows_channel::Receiver<Result<Row>>,
}

impl futures_core::Stream for RowsFromThread {
    type Item = Result<Row>;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Row>>> {
        self.get_mut().rx.poll_recv(cx)
    }
}

/// Starts the connection's thread: it opens the connection with `open`, says so on
/// `ready`, then runs jobs in order until every sender is gone.
fn spawn_worker(
    open: impl FnOnce() -> Result<SqliteConnection> + Send + 'static,
    ready: Option<oneshot::Sender<Result<()>>>,
) -> Result<mpsc::Sender<Job>> {
    let (jobs, inbox) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("sqlweave-sqlite".into())
        .spawn(move || {
            let mut conn = match open() {
                Ok(conn) => conn,
                Err(e) => {
                    if let Some(ready) = ready {
                        let _ = ready.send(Err(e));
                    }
                    return;
                }
            };
            if let Some(ready) = ready {
                let _ = ready.send(Ok(()));
            }
            while let Ok(job) = inbox.recv() {
                job(&mut conn);
            }
        })
        .map_err(|e| {
            Error::database(
                DbErrorKind::ConnectionFailed,
                None,
                format!("could not start the SQLite connection's thread: {e}"),
                "<open>",
            )
        })?;
    Ok(jobs)
}

impl AsyncExecutor for AsyncSqliteConnection {
    fn dialect(&self) -> &dyn Dialect {
        &Sqlite
    }
    fn query_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<Rows>> + Send {
        AsyncSqliteConnection::query_sql(self, sql, params)
    }
    fn execute_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<u64>> + Send {
        AsyncSqliteConnection::execute_sql(self, sql, params)
    }
    fn execute_raw_batch(&mut self, sql: &str) -> impl Future<Output = Result<()>> + Send {
        AsyncSqliteConnection::execute_raw_batch(self, sql)
    }
    fn stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<AsyncRowStream<'a>>> + Send {
        AsyncSqliteConnection::stream_sql(self, sql, params)
    }
    async fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        self.recover().await?;
        self.doomed.check("BEGIN")?;
        let depth = self
            .call("BEGIN", move |c| {
                c.begin_with(options).map(|()| c.transaction_depth())
            })
            .await??;
        self.depth = depth;
        Ok(())
    }
    async fn commit(&mut self) -> Result<()> {
        self.recover().await?;
        if self.doomed.is_set() && self.depth > 0 {
            self.depth -= 1;
            let err = self.doomed.check("COMMIT");
            self.doomed.closed_level(self.depth);
            return err;
        }
        let (result, depth) = self
            .call("COMMIT", |c| (c.commit(), c.transaction_depth()))
            .await?;
        self.depth = depth;
        result
    }
    async fn rollback(&mut self) -> Result<()> {
        self.recover().await?;
        if self.doomed.is_set() && self.depth > 0 {
            self.depth -= 1;
            self.doomed.closed_level(self.depth);
            return Ok(());
        }
        let (result, depth) = self
            .call("ROLLBACK", |c| (c.rollback(), c.transaction_depth()))
            .await?;
        self.depth = depth;
        result
    }
    fn transaction_depth(&self) -> usize {
        self.depth
    }
    fn interruptions(&self) -> &Interruptions {
        &self.interrupts
    }
}
