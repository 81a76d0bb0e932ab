//! The async counterpart of [`Executor`](super::Executor): one trait that generic async
//! code takes, implemented by the async connections of the three dialect crates
//! (`AsyncPgConnection`, `AsyncMySqlConnection`, `AsyncSqliteConnection`).
//!
//! * [`AsyncExecutor`] runs statements: all rows, exactly one, the first if any, a
//!   [`Stream`] of rows read one at a time, DML with the rows affected, and the `_with`
//!   forms that fill named parameters. Rows, values and errors are those of the
//!   synchronous API.
//! * [`async_transaction`] runs an async closure in a transaction (a savepoint when one
//!   is open) that commits on `Ok` and rolls back on `Err` or panic, as [`transaction`]
//!   does; [`async_transaction_retrying`] retries it after deadlocks and serialization
//!   failures, sleeping with the runtime's timer that the caller passes.
//! * [`async_execute_insert`] runs a large INSERT in batches under the driver's bind
//!   limit, all or nothing, as [`execute_insert`] does.
//!
//! # Why `impl Future + Send` and not boxed futures
//!
//! The trait's methods return `impl Future<Output = …> + Send` (return-position `impl
//! Trait` in traits): no allocation per call, and the `Send` bound is written into the
//! trait, so generic code over `C: AsyncExecutor` can be `tokio::spawn`ed. The price is
//! that the trait is not dyn-compatible (`&mut dyn AsyncExecutor` does not exist); code
//! that must choose the database at run time holds an enum of connections or a pool per
//! database, and the transaction functions are free functions so that their futures
//! are `Send` whenever the closure's are (a trait method could not say so on stable Rust).
//!
//! # Futures dropped mid-way (cancellation)
//!
//! Dropping a future (a timeout, a cancelled task) never leaves a connection silently
//! inside a half-done transaction. Every implementation records what was interrupted in
//! its [`Interruptions`] and repairs it before its next operation:
//!
//! * a transaction future dropped while its closure waited on something else: the
//!   levels it opened are rolled back, the connection goes on at the depth it had before;
//! * a statement or transaction-control future dropped while the database was working
//!   on it (its outcome unknown): the whole open transaction is rolled back, and if the
//!   code still holds transaction levels, they are *doomed* — statements in them fail,
//!   commit fails, rollback closes them — until depth 0 is reached again;
//! * a driver that cannot tell whether its socket is still in step (MySQL) closes the
//!   connection instead: every later call fails with `ConnectionLost`, and a pool
//!   discards it.
//!
//! [`Executor`]: super::Executor
//! [`transaction`]: super::transaction
//! [`execute_insert`]: super::execute_insert
//! [`Stream`]: futures_core::Stream

use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use super::retry::XorShift;
use super::{RetryPolicy, TransactionOptions};
use crate::dialect::Dialect;
use crate::dml::Insert;
use crate::error::{DbErrorKind, Error, Result};
use crate::render::Statement;
use crate::row::{Row, Rows};
use crate::value::Value;

/// A stream of rows read one at a time: what [`AsyncExecutor::stream`] returns. It
/// borrows the connection; the first `Err` is its last item.
///
/// Dropping it before its end stops reading: SQLite stops stepping, PostgreSQL and MySQL
/// read the rest of the response and drop it (their protocols cannot stop a result).
pub struct AsyncRowStream<'a> {
    inner: Pin<Box<dyn Stream<Item = Result<Row>> + Send + 'a>>,
    done: bool,
}

impl<'a> AsyncRowStream<'a> {
    /// Wraps a driver's stream of rows (for implementors of [`AsyncExecutor`]).
    pub fn new(rows: impl Stream<Item = Result<Row>> + Send + 'a) -> Self {
        AsyncRowStream {
            inner: Box::pin(rows),
            done: false,
        }
    }

    /// The next row, or `None` at the end: `stream.next_row().await` without a
    /// `StreamExt` import.
    pub async fn next_row(&mut self) -> Option<Result<Row>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for AsyncRowStream<'_> {
    type Item = Result<Row>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Row>>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let item = std::task::ready!(this.inner.as_mut().poll_next(cx));
        if !matches!(item, Some(Ok(_))) {
            this.done = true;
        }
        Poll::Ready(item)
    }
}

impl fmt::Debug for AsyncRowStream<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncRowStream")
            .field("done", &self.done)
            .finish()
    }
}

/// An async database connection that runs rendered statements: the counterpart of
/// [`Executor`](super::Executor), with the same rows, errors and transaction semantics.
///
/// The required methods run SQL text; the provided ones render a [`Statement`] with the
/// connection's dialect first (a render error comes back before anything is sent). A
/// missing, unknown or repeated named parameter is an [`Error::Bind`] before anything is
/// sent.
///
/// Do not run `BEGIN`, `COMMIT` or `SAVEPOINT` as SQL text: use [`async_transaction`] (or
/// [`AsyncExecutor::begin`] / [`AsyncExecutor::commit`] / [`AsyncExecutor::rollback`]).
///
/// ```
/// use sqlweave::{AsyncExecutor, Expr, Select, async_transaction};
/// use sqlweave_sqlite::AsyncSqliteConnection;
///
/// // Generic over the database: runs on the three async connections.
/// async fn count_to<C: AsyncExecutor>(conn: &mut C, n: i64) -> sqlweave::Result<i64> {
///     let q = Select::new().column_as(Expr::param("n"), "n");
///     let row = conn.fetch_one_with(&q, &[("n", n.into())]).await?;
///     row.get::<i64>(0)
/// }
///
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// rt.block_on(async {
///     let mut conn = AsyncSqliteConnection::open_in_memory().await?;
///     assert_eq!(count_to(&mut conn, 3).await?, 3);
///     let n = async_transaction(&mut conn, async |tx| count_to(tx, 4).await).await?;
///     assert_eq!(n, 4);
///     Ok::<(), sqlweave::Error>(())
/// })?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub trait AsyncExecutor: Send {
    /// The connection's dialect.
    fn dialect(&self) -> &dyn Dialect;
    /// Runs `sql` with `params` and returns all rows.
    fn query_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<Rows>> + Send;
    /// Runs `sql` with `params` and returns the number of rows affected (as
    /// [`Executor::execute_sql`](super::Executor::execute_sql) counts them).
    fn execute_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<u64>> + Send;
    /// Runs SQL text that takes no parameters and may hold several statements. Never
    /// build it from user input.
    fn execute_raw_batch(&mut self, sql: &str) -> impl Future<Output = Result<()>> + Send;
    /// Runs `sql` and returns its rows as a stream that reads them one at a time (see
    /// [`AsyncRowStream`]).
    fn stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<AsyncRowStream<'a>>> + Send;

    /// Starts a transaction with `options`, or a savepoint inside an open one (where
    /// `options` must be the defaults).
    fn begin_with(
        &mut self,
        options: TransactionOptions,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Commits the innermost level.
    fn commit(&mut self) -> impl Future<Output = Result<()>> + Send;
    /// Rolls back the innermost level.
    fn rollback(&mut self) -> impl Future<Output = Result<()>> + Send;
    /// How many levels are open: 0 outside a transaction, then one per level.
    fn transaction_depth(&self) -> usize;
    /// Where futures dropped mid-way are recorded, for the connection to repair before
    /// its next operation (see the [module documentation](self)).
    fn interruptions(&self) -> &Interruptions;

    /// Whether the connection was left inside a transaction, or a future dropped mid-way
    /// left something to repair: the async pools discard such a connection when it comes
    /// back, as the r2d2 managers discard one left inside a transaction.
    fn left_unfinished(&self) -> bool {
        self.transaction_depth() > 0 || self.interruptions().is_pending()
    }

    /// Starts a transaction, or a savepoint inside an open one.
    fn begin(&mut self) -> impl Future<Output = Result<()>> + Send {
        self.begin_with(TransactionOptions::default())
    }

    /// Renders `stmt` and returns all rows.
    fn fetch_all(&mut self, stmt: &dyn Statement) -> impl Future<Output = Result<Rows>> + Send {
        let r = render(self.dialect(), stmt, None);
        async move {
            let (sql, params) = r?;
            self.query_sql(&sql, &params).await
        }
    }
    /// As [`AsyncExecutor::fetch_all`], filling named parameters from `named`.
    fn fetch_all_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Rows>> + Send {
        let r = render(self.dialect(), stmt, Some(named));
        async move {
            let (sql, params) = r?;
            self.query_sql(&sql, &params).await
        }
    }
    /// The first row, if any, reading no further than the driver must.
    fn fetch_optional(
        &mut self,
        stmt: &dyn Statement,
    ) -> impl Future<Output = Result<Option<Row>>> + Send {
        let r = render(self.dialect(), stmt, None);
        async move {
            let (sql, params) = r?;
            first_row(self, &sql, &params).await
        }
    }
    /// As [`AsyncExecutor::fetch_optional`], filling named parameters from `named`.
    fn fetch_optional_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Option<Row>>> + Send {
        let r = render(self.dialect(), stmt, Some(named));
        async move {
            let (sql, params) = r?;
            first_row(self, &sql, &params).await
        }
    }
    /// Exactly one row: none, or more than one, is an [`Error::Invalid`] that says which
    /// (it reads at most two rows).
    fn fetch_one(&mut self, stmt: &dyn Statement) -> impl Future<Output = Result<Row>> + Send {
        let r = render(self.dialect(), stmt, None);
        async move {
            let (sql, params) = r?;
            one_row(self, &sql, &params).await
        }
    }
    /// As [`AsyncExecutor::fetch_one`], filling named parameters from `named`.
    fn fetch_one_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Row>> + Send {
        let r = render(self.dialect(), stmt, Some(named));
        async move {
            let (sql, params) = r?;
            one_row(self, &sql, &params).await
        }
    }
    /// Renders `stmt` and streams its rows (see [`AsyncExecutor::stream_sql`]).
    fn stream<'a>(
        &'a mut self,
        stmt: &dyn Statement,
    ) -> impl Future<Output = Result<AsyncRowStream<'a>>> + Send {
        let r = render(self.dialect(), stmt, None);
        async move {
            let (sql, params) = r?;
            self.stream_sql(&sql, &params).await
        }
    }
    /// As [`AsyncExecutor::stream`], filling named parameters from `named`.
    fn stream_with<'a>(
        &'a mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<AsyncRowStream<'a>>> + Send {
        let r = render(self.dialect(), stmt, Some(named));
        async move {
            let (sql, params) = r?;
            self.stream_sql(&sql, &params).await
        }
    }
    /// Runs a statement and returns the number of rows affected.
    fn execute(&mut self, stmt: &dyn Statement) -> impl Future<Output = Result<u64>> + Send {
        let r = render(self.dialect(), stmt, None);
        async move {
            let (sql, params) = r?;
            self.execute_sql(&sql, &params).await
        }
    }
    /// As [`AsyncExecutor::execute`], filling named parameters from `named`.
    fn execute_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<u64>> + Send {
        let r = render(self.dialect(), stmt, Some(named));
        async move {
            let (sql, params) = r?;
            self.execute_sql(&sql, &params).await
        }
    }
}

fn render(
    dialect: &dyn Dialect,
    stmt: &dyn Statement,
    named: Option<&[(&str, Value)]>,
) -> Result<(String, Vec<Value>)> {
    let r = stmt.render_for(dialect)?;
    let params = match named {
        None => r.params_checked()?.to_vec(),
        Some(named) => r.bind_for(dialect, named)?,
    };
    Ok((r.sql, params))
}

async fn first_row<C: AsyncExecutor + ?Sized>(
    conn: &mut C,
    sql: &str,
    params: &[Value],
) -> Result<Option<Row>> {
    let mut rows = conn.stream_sql(sql, params).await?;
    rows.next_row().await.transpose()
}

async fn one_row<C: AsyncExecutor + ?Sized>(
    conn: &mut C,
    sql: &str,
    params: &[Value],
) -> Result<Row> {
    let mut rows = conn.stream_sql(sql, params).await?;
    let first = rows.next_row().await.transpose()?;
    let more = rows.next_row().await.transpose()?.is_some();
    match (first, more) {
        (Some(row), false) => Ok(row),
        (None, _) => Err(Error::Invalid(format!(
            "expected exactly one row, the query returned none: {sql}"
        ))),
        (Some(_), true) => Err(Error::Invalid(format!(
            "expected exactly one row, the query returned more than one: {sql}"
        ))),
    }
}

/// What futures dropped mid-way left behind on a connection, shared with the guards
/// that record it. Each async connection holds one and calls [`Interruptions::take`]
/// before each operation (for implementors of [`AsyncExecutor`]; see the [module
/// documentation](self) for the rules).
#[derive(Debug, Clone, Default)]
pub struct Interruptions {
    pending: Arc<Mutex<Interruption>>,
}

/// What [`Interruptions::take`] found: the repair a connection owes before its next
/// operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Interruption {
    /// An operation was dropped while the database may have been working on it: its
    /// outcome is unknown, so the open transaction (if any) must be rolled back whole.
    pub in_flight: bool,
    /// A transaction future was dropped: roll back to this depth (the lowest recorded).
    pub rollback_to: Option<usize>,
}

impl Interruption {
    /// Whether nothing was interrupted.
    pub fn is_clear(&self) -> bool {
        !self.in_flight && self.rollback_to.is_none()
    }
}

impl Interruptions {
    /// A fresh record (nothing interrupted).
    pub fn new() -> Self {
        Self::default()
    }

    /// A guard for one operation that reaches the database: dropped before
    /// [`InterruptGuard::finish`], it records the operation as in flight.
    pub fn operation(&self) -> InterruptGuard {
        InterruptGuard {
            pending: Some(self.pending.clone()),
            rollback_to: None,
        }
    }

    /// A guard for a transaction level opened at depth `outer`: dropped before
    /// [`InterruptGuard::finish`], it records that the connection must go back to
    /// `outer`.
    pub fn transaction(&self, outer: usize) -> InterruptGuard {
        InterruptGuard {
            pending: Some(self.pending.clone()),
            rollback_to: Some(outer),
        }
    }

    /// Takes what was recorded, leaving the record clear.
    pub fn take(&self) -> Interruption {
        std::mem::take(&mut *lock(&self.pending))
    }

    /// Whether something is recorded (without taking it): a pool asks this when a
    /// connection comes back.
    pub fn is_pending(&self) -> bool {
        !lock(&self.pending).is_clear()
    }
}

fn lock(m: &Mutex<Interruption>) -> std::sync::MutexGuard<'_, Interruption> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Records an interruption when dropped before [`InterruptGuard::finish`]: made by
/// [`Interruptions::operation`] and [`Interruptions::transaction`].
#[derive(Debug)]
pub struct InterruptGuard {
    pending: Option<Arc<Mutex<Interruption>>>,
    rollback_to: Option<usize>,
}

impl InterruptGuard {
    /// The guarded work finished: nothing to record.
    pub fn finish(mut self) {
        self.pending = None;
    }
}

impl Drop for InterruptGuard {
    fn drop(&mut self) {
        if let Some(pending) = self.pending.take() {
            let mut p = lock(&pending);
            match self.rollback_to {
                None => p.in_flight = true,
                Some(depth) => {
                    p.rollback_to = Some(p.rollback_to.map_or(depth, |d| d.min(depth)));
                }
            }
        }
    }
}

/// The levels a connection still counts after an interruption rolled its transaction
/// back whole (see the [module documentation](self)): statements in them fail, commit
/// fails, rollback closes them. For implementors of [`AsyncExecutor`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Doomed(bool);

impl Doomed {
    /// Marks the connection's `depth` open levels doomed (nothing when `depth` is 0).
    pub fn set(&mut self, depth: usize) {
        self.0 = depth > 0;
    }
    /// Whether the open levels are doomed.
    pub fn is_set(&self) -> bool {
        self.0
    }
    /// The error for a statement, begin or commit while the levels are doomed.
    pub fn check(&self, what: &str) -> Result<()> {
        if self.0 {
            return Err(Error::database(
                DbErrorKind::Other,
                None,
                "the transaction was rolled back: a future was dropped while the database \
                 worked on it, so its outcome is unknown; roll back the open levels (a \
                 transaction closure does) before using the connection again",
                what,
            ));
        }
        Ok(())
    }
    /// A level was closed: at depth 0 the connection is usable again.
    pub fn closed_level(&mut self, depth_now: usize) {
        if depth_now == 0 {
            self.0 = false;
        }
    }
}

/// Polls a (pinned) future, catching a panic from it as [`std::panic::catch_unwind`] does.
struct CatchUnwind<F>(F);

impl<F: Future + Unpin> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = Pin::new(&mut self.get_mut().0);
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// Runs `f` in a transaction on `conn`: commits when it returns `Ok`, rolls back when it
/// returns `Err` or panics (the panic then continues). Inside an open transaction it
/// uses a savepoint, so an inner failure undoes only the inner work. The async
/// counterpart of [`transaction`](super::transaction), with the same rules.
///
/// Dropped before it finishes, the levels it opened are rolled back before the
/// connection's next operation (see the [module documentation](self)).
///
/// ```
/// use sqlweave::{AsyncExecutor, async_transaction};
/// use sqlweave_sqlite::AsyncSqliteConnection;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let mut conn = AsyncSqliteConnection::open_in_memory().await?;
/// conn.execute_raw_batch("CREATE TABLE t (id INTEGER PRIMARY KEY)").await?;
/// let failed = async_transaction(&mut conn, async |tx| {
///     tx.execute_sql("INSERT INTO t VALUES (1)", &[]).await?;
///     tx.execute_sql("INSERT INTO t VALUES (1)", &[]).await // unique violation
/// })
/// .await;
/// assert_eq!(failed.unwrap_err().db_kind(), Some(sqlweave::DbErrorKind::UniqueViolation));
/// let n = conn.query_sql("SELECT count(*) FROM t", &[]).await?.rows[0].get::<i64>(0)?;
/// assert_eq!(n, 0); // the first insert was rolled back too
/// # Ok::<(), sqlweave::Error>(()) })?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub async fn async_transaction<C, T>(
    conn: &mut C,
    f: impl AsyncFnOnce(&mut C) -> Result<T>,
) -> Result<T>
where
    C: AsyncExecutor + ?Sized,
{
    async_transaction_with(conn, TransactionOptions::default(), f).await
}

/// As [`async_transaction`], starting the outermost transaction with `options`.
pub async fn async_transaction_with<C, T>(
    conn: &mut C,
    options: TransactionOptions,
    f: impl AsyncFnOnce(&mut C) -> Result<T>,
) -> Result<T>
where
    C: AsyncExecutor + ?Sized,
{
    let outer = conn.transaction_depth();
    conn.begin_with(options).await?;
    let guard = conn.interruptions().transaction(outer);
    let inner = outer + 1;
    let result = CatchUnwind(pin!(f(&mut *conn))).await;
    let result = match result {
        Ok(Ok(value)) => {
            let depth = conn.transaction_depth();
            if depth != inner {
                unwind_to(conn, outer).await;
                Err(Error::Invalid(format!(
                    "the transaction closure left {depth} transaction levels open where \
                     {inner} were expected (a begin without commit, or a commit of a level \
                     it did not open); the transaction was rolled back"
                )))
            } else {
                match conn.commit().await {
                    Ok(()) => Ok(value),
                    Err(e) => {
                        unwind_to(conn, outer).await;
                        Err(e)
                    }
                }
            }
        }
        Ok(Err(e)) => {
            unwind_to(conn, outer).await;
            Err(e)
        }
        Err(panic) => {
            unwind_to(conn, outer).await;
            guard.finish();
            resume_unwind(panic)
        }
    };
    guard.finish();
    result
}

async fn unwind_to<C: AsyncExecutor + ?Sized>(conn: &mut C, depth: usize) {
    while conn.transaction_depth() > depth {
        let before = conn.transaction_depth();
        if conn.rollback().await.is_err() && conn.transaction_depth() >= before {
            break;
        }
    }
}

/// Runs a transaction as [`async_transaction_with`] does, and runs it again after an
/// error `policy` retries (deadlock, serialization failure, lock timeout), waiting with
/// `sleep` between attempts — the core has no timer of its own: pass the runtime's, e.g.
/// `tokio::time::sleep`. The rules are those of
/// [`transaction_retrying`](super::transaction_retrying): inside an open transaction the
/// work runs once, in a savepoint.
///
/// `attempt` makes the transaction's closure, once per attempt (`|| async |tx| { … }`):
/// a fresh `AsyncFnOnce` each time rather than one `AsyncFnMut` called again, because the
/// future of an `AsyncFnMut` call borrows the closure, and today's compiler cannot prove
/// such a future `Send` in generic code — a task that retries would not `tokio::spawn`.
///
/// ```
/// use std::time::Duration;
/// use sqlweave::{AsyncExecutor, RetryPolicy, TransactionOptions};
/// use sqlweave::exec::async_transaction_retrying;
/// use sqlweave_sqlite::AsyncSqliteConnection;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let mut conn = AsyncSqliteConnection::open_in_memory().await?;
/// conn.execute_raw_batch("CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER);
///                         INSERT INTO account VALUES (1, 100), (2, 0)").await?;
/// let policy = RetryPolicy::new().attempts(10).base_delay(Duration::from_millis(5));
/// let opts = TransactionOptions::new().read_write();
/// async_transaction_retrying(&mut conn, &policy, opts, tokio::time::sleep, || async |tx| {
///     tx.execute_sql("UPDATE account SET balance = balance - 30 WHERE id = 1", &[]).await?;
///     tx.execute_sql("UPDATE account SET balance = balance + 30 WHERE id = 2", &[]).await
/// })
/// .await?;
/// let sum = conn.query_sql("SELECT SUM(balance) FROM account", &[]).await?.rows[0].get::<i64>(0)?;
/// assert_eq!(sum, 100);
/// # Ok::<(), sqlweave::Error>(()) })?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub async fn async_transaction_retrying<C, T, S, F>(
    conn: &mut C,
    policy: &RetryPolicy,
    options: TransactionOptions,
    sleep: impl Fn(Duration) -> S,
    mut attempt: impl FnMut() -> F,
) -> Result<T>
where
    C: AsyncExecutor + ?Sized,
    S: Future<Output = ()>,
    F: AsyncFnOnce(&mut C) -> Result<T>,
{
    if conn.transaction_depth() > 0 {
        return async_transaction_with(conn, options, attempt()).await;
    }
    let mut rng = XorShift::seeded();
    let mut failures = 0;
    loop {
        match async_transaction_with(conn, options, attempt()).await {
            Err(e) if policy.should_retry(&e) && failures + 1 < policy.max_attempts() => {
                failures += 1;
                sleep(policy.delay(failures, &mut rng)).await;
            }
            result => return result,
        }
    }
}

/// Runs an INSERT and returns the number of rows inserted, in batches under the driver's
/// bind limit inside one transaction (a savepoint when one is open) when its rows need
/// more parameters than one statement takes: the async [`execute_insert`].
///
/// [`execute_insert`]: super::execute_insert
pub async fn async_execute_insert<C: AsyncExecutor + ?Sized>(
    conn: &mut C,
    insert: &Insert,
) -> Result<u64> {
    let batches = insert.render_batches(conn.dialect())?;
    if let [one] = batches.as_slice() {
        return conn.execute_sql(&one.sql, one.params_checked()?).await;
    }
    async_transaction(conn, async |tx| {
        let mut n = 0;
        for b in &batches {
            n += tx.execute_sql(&b.sql, b.params_checked()?).await?;
        }
        Ok(n)
    })
    .await
}

/// Runs an INSERT … RETURNING and returns the returned rows in row order across batches
/// (see [`async_execute_insert`]).
pub async fn async_insert_returning<C: AsyncExecutor + ?Sized>(
    conn: &mut C,
    insert: &Insert,
) -> Result<Rows> {
    if insert.returning.is_empty() {
        return Err(Error::invalid("insert_returning needs a RETURNING list"));
    }
    let batches = insert.render_batches(conn.dialect())?;
    if let [one] = batches.as_slice() {
        return conn.query_sql(&one.sql, one.params_checked()?).await;
    }
    async_transaction(conn, async |tx| {
        let mut all = Rows::default();
        for b in &batches {
            all.rows
                .extend(tx.query_sql(&b.sql, b.params_checked()?).await?.rows);
        }
        Ok(all)
    })
    .await
}
