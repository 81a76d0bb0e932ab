//! Driver-agnostic execution: the trait each dialect crate's connection implements, so
//! generic code (a report runner, an ORM) can work on any of the three databases.
//!
//! * [`Executor`] runs statements: fetch all rows, exactly one, the first if any, or
//!   stream them one at a time, as an iterator ([`Executor::cursor`]) or to a callback
//!   ([`Executor::for_each_row`]); run DML and get the rows
//!   affected; fill named parameters at execution time (the `_with` methods).
//! * Transactions: [`transaction`] runs a closure in a transaction that commits on `Ok`
//!   and rolls back on `Err` or panic; nested calls become savepoints. The explicit
//!   [`Executor::begin`] / [`Executor::commit`] / [`Executor::rollback`] do the same
//!   step by step, and [`Executor::begin_with`] takes an [`IsolationLevel`].
//!   [`transaction_retrying`] runs the transaction again, with backoff, after a
//!   deadlock, a serialization failure or a lock timeout ([`RetryPolicy`]).
//!
//! ```
//! use sqlweave::{Executor, transaction};
//! use sqlweave_sqlite::SqliteConnection;
//!
//! let mut conn = SqliteConnection::open_in_memory()?;
//! conn.execute_raw_batch("CREATE TABLE t (id INTEGER PRIMARY KEY)")?;
//! // Fails half-way: the first insert is rolled back with the second.
//! let result = transaction(&mut conn, |tx| {
//!     tx.execute_sql("INSERT INTO t VALUES (1)", &[])?;
//!     tx.execute_sql("INSERT INTO t VALUES (1)", &[])?; // unique violation
//!     Ok(())
//! });
//! assert_eq!(result.unwrap_err().db_kind(), Some(sqlweave::DbErrorKind::UniqueViolation));
//! assert_eq!(conn.query_sql("SELECT count(*) FROM t", &[])?.rows[0].get::<i64>(0)?, 0);
//! # Ok::<(), sqlweave::Error>(())
//! ```

use std::fmt;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::query::TableRef;
use crate::render::Renderer;
use crate::row::{Row, Rows};
use crate::value::Value;

pub use crate::render::Statement;

pub mod async_exec;
mod bulk;
mod ddl;
mod insert;
mod prepared;
mod retry;
pub mod row;
mod typed;
pub use async_exec::{
    AsyncExecutor, AsyncRowStream, Doomed, InterruptGuard, Interruption, Interruptions,
    async_execute_insert, async_insert_returning, async_transaction, async_transaction_retrying,
    async_transaction_with,
};
pub use bulk::{
    BULK_ROWS_PER_STATEMENT, bulk_load, bulk_row_width_error, bulk_target_sql, check_bulk_columns,
};
pub use ddl::execute_all;
pub use insert::{execute_insert, insert_returning};
pub use prepared::{Params, Prepared, PreparedSql, SourceCallback};
pub use retry::{RetryPolicy, transaction_retrying};
#[doc(hidden)]
pub use typed::{FieldColumn, field_by_label, plan_fields, take_planned};
pub use typed::{FromRow, TypedCursor, TypedPrepared, TypedQuery};

/// The callback of a streaming read: called once per row, in order; return
/// `ControlFlow::Break(())` to stop reading, or an error to stop and fail.
pub type RowCallback<'a> = dyn FnMut(Row) -> Result<ControlFlow<()>> + 'a;

/// How isolated a transaction is from concurrent ones (SQL standard levels).
///
/// PostgreSQL and MySQL / MariaDB take all four (PostgreSQL runs `ReadUncommitted` as
/// `ReadCommitted`, which the standard allows). SQLite transactions are always
/// serializable, which is at least as strict as any level asked for, so SQLite accepts
/// every level and runs it as `Serializable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED`
    ReadUncommitted,
    /// `READ COMMITTED`
    ReadCommitted,
    /// `REPEATABLE READ`
    RepeatableRead,
    /// `SERIALIZABLE`
    Serializable,
}

impl IsolationLevel {
    /// The level as SQL writes it, e.g. `"REPEATABLE READ"`.
    pub fn as_sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// How to start an outermost transaction: isolation level and access mode.
///
/// ```
/// use sqlweave::{IsolationLevel, TransactionOptions};
/// let opts = TransactionOptions::new().isolation(IsolationLevel::Serializable).read_only();
/// assert_eq!(opts.isolation, Some(IsolationLevel::Serializable));
/// assert!(opts.read_only);
/// assert_eq!(TransactionOptions::default(), TransactionOptions::new());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct TransactionOptions {
    /// The isolation level; `None` keeps the session's default.
    pub isolation: Option<IsolationLevel>,
    /// A read-only transaction: writes fail. Not on SQLite (an [`Error::Unsupported`]).
    pub read_only: bool,
    /// The transaction is going to write ([`TransactionOptions::read_write`]).
    pub read_write: bool,
}

impl TransactionOptions {
    /// The defaults: the session's isolation level, read-write.
    pub fn new() -> Self {
        Self::default()
    }
    /// With this isolation level.
    pub fn isolation(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }
    /// Read-only.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self.read_write = false;
        self
    }
    /// Says the transaction is going to write. On SQLite it starts with `BEGIN
    /// IMMEDIATE`, whatever the connection's default behavior: the write lock is taken at
    /// once, so concurrent writers wait for each other on the busy timeout. A deferred
    /// transaction that reads and then writes cannot wait (SQLite would risk a deadlock)
    /// and fails at once with a [`DbErrorKind::SerializationFailure`](crate::DbErrorKind)
    /// when another connection writes. PostgreSQL and MySQL / MariaDB start it as they
    /// start any transaction (read-write unless the session says otherwise).
    ///
    /// ```
    /// use sqlweave::TransactionOptions;
    /// let opts = TransactionOptions::new().read_write();
    /// assert!(opts.read_write && !opts.read_only);
    /// ```
    pub fn read_write(mut self) -> Self {
        self.read_write = true;
        self.read_only = false;
        self
    }
}

/// A database connection that runs rendered statements.
///
/// The provided methods render with the connection's dialect and run; named
/// parameters are supplied with the `_with` variants, and a missing, unknown or
/// repeated name is an [`Error::Bind`] before anything is sent.
///
/// The trait is object safe: generic code can take `&mut dyn Executor`.
///
/// # Transactions
///
/// [`Executor::begin`] opens a transaction, or — inside one — a savepoint;
/// [`Executor::commit`] and [`Executor::rollback`] end the innermost level. Prefer the
/// [`transaction`] function, which cannot leave a level open. Do not run `BEGIN`,
/// `COMMIT` or `SAVEPOINT` as SQL text: the connection would lose count of its levels.
///
/// On MySQL / MariaDB, DDL statements (`CREATE`, `ALTER`, `DROP` …) commit the open
/// transaction implicitly; keep them out of transactions.
pub trait Executor {
    /// The connection's dialect.
    fn dialect(&self) -> &dyn Dialect;
    /// Runs `sql` with `params` and returns all rows.
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows>;
    /// Runs `sql` with `params` and returns the number of rows affected: inserted,
    /// deleted, or matched by an UPDATE (also on MySQL, whose own count is of rows
    /// changed), and 0 for DDL. A query's rows are read to the end and dropped; what it
    /// counts is the database's business (PostgreSQL: the rows returned; SQLite, MySQL: 0).
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs SQL text that takes no parameters and may hold several statements
    /// (set-up scripts). Never build it from user input.
    fn execute_raw_batch(&mut self, sql: &str) -> Result<()>;

    /// Runs `sql` and hands the rows to `f` one at a time, as the driver reads them,
    /// without collecting the result; `f` returns `ControlFlow::Break(())` to stop.
    ///
    /// The drivers of sqlweave stream: SQLite steps the statement and stops when told;
    /// PostgreSQL reads outside a transaction through a portal, a batch of rows at a
    /// time, so stopping early stops the server too (inside a transaction the rest of the
    /// rows are read and dropped, never kept); MySQL's protocol cannot stop a result
    /// early, so the rest is read and dropped. The default implementation, for other
    /// connection types, reads everything with [`Executor::query_sql`] first.
    ///
    /// A data-modifying statement stopped early (`INSERT … RETURNING` with `Break`)
    /// cannot report a failure that would come at its very end (a deferred constraint
    /// at COMMIT): let it run to the end, or use [`Executor::fetch_all`] /
    /// [`Executor::execute`], when that matters (see [`RowIter`]).
    fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        for row in self.query_sql(sql, params)?.rows {
            if f(row)?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Runs `sql` as [`Executor::query_sql`] does — the whole result in one response,
    /// with no round trips of its own (PostgreSQL opens no portal) — but hands each row
    /// to `f` as it is read instead of collecting them: typed fetching decodes rows this
    /// way, building its `Vec` of Rust values without a `Vec` of [`Row`]s first. When `f`
    /// stops early, the rest of the response is read and dropped (an error in it is
    /// returned). The default goes through [`Executor::prepare_sql`] and
    /// [`PreparedSql::for_each_first_row`].
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use sqlweave::Executor;
    /// use sqlweave_sqlite::SqliteConnection;
    /// let mut db = SqliteConnection::open_in_memory()?;
    /// let mut names = Vec::new();
    /// db.fetch_each_sql("SELECT 'ada' UNION ALL SELECT 'alan'", &[], &mut |mut row| {
    ///     names.push(row.take::<String>(0)?);
    ///     Ok(ControlFlow::Continue(()))
    /// })?;
    /// assert_eq!(names, ["ada", "alan"]);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    fn fetch_each_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        self.prepare_sql(sql)?.for_each_first_row(params, f)
    }

    /// As [`Executor::fetch_each_sql`], handing each row over as the driver holds it
    /// ([`RowSource`](crate::RowSource)), for typed decoding to read its values without
    /// a [`Row`] in between: typed [`TypedQuery::fetch_all`] reads this way. By default
    /// the rows of [`Executor::fetch_each_sql`] are handed over; SQLite reads from the
    /// statement itself.
    fn fetch_each_source_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        self.fetch_each_sql(sql, params, &mut |mut row| f(&mut row))
    }

    /// Prepares `sql` with `params` for streaming: [`Cursor::rows`] runs it and returns
    /// an iterator that reads the rows one at a time as the driver receives them.
    ///
    /// The cursor borrows the connection; the iterator borrows the cursor. SQLite steps
    /// the statement per row. PostgreSQL, outside a transaction, fetches through a
    /// portal in growing batches inside a transaction of the cursor's own (committed at
    /// the end, or when the iterator is dropped, which stops the server); inside one, it
    /// decodes each row as it arrives (a dropped iterator's remaining rows are read and
    /// dropped by the driver, never kept). MySQL reads each row off the socket; at the
    /// end of the first result it reads the rest of the response, so a later error is
    /// the last item (its protocol cannot stop a result early: a dropped iterator's rest
    /// is read and dropped). The default implementation, for other connection
    /// types, reads the whole result with [`Executor::query_sql`] when the cursor is
    /// made, and its [`Cursor::rows`] hands those rows out once.
    fn cursor_sql<'a>(&'a mut self, sql: &str, params: &[Value]) -> Result<Box<dyn Cursor + 'a>> {
        let rows = self.query_sql(sql, params)?;
        Ok(Box::new(ReadCursor { rows: Some(rows) }))
    }

    /// Starts a transaction with `options`, or a savepoint inside an open one (where
    /// `options` must be the defaults: a savepoint cannot change the isolation level).
    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        let _ = options;
        Err(Error::Unsupported {
            dialect: self.dialect().name(),
            feature: "transactions on this connection type".into(),
        })
    }
    /// Commits the innermost level: the transaction, or releases the innermost savepoint.
    fn commit(&mut self) -> Result<()> {
        Err(Error::Unsupported {
            dialect: self.dialect().name(),
            feature: "transactions on this connection type".into(),
        })
    }
    /// Rolls back the innermost level: the transaction, or to the innermost savepoint
    /// (which is then released).
    fn rollback(&mut self) -> Result<()> {
        Err(Error::Unsupported {
            dialect: self.dialect().name(),
            feature: "transactions on this connection type".into(),
        })
    }
    /// How many levels are open: 0 outside a transaction, 1 in a transaction, one more
    /// per savepoint.
    fn transaction_depth(&self) -> usize {
        0
    }

    /// Starts a transaction, or a savepoint inside an open one.
    fn begin(&mut self) -> Result<()> {
        self.begin_with(TransactionOptions::default())
    }

    /// Renders `stmt` for this connection's dialect and returns all rows.
    fn fetch_all(&mut self, stmt: &dyn Statement) -> Result<Rows> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.params_checked()?;
        self.query_sql(&r.sql, params)
    }
    /// As [`Executor::fetch_all`], filling named parameters from `named`.
    fn fetch_all_with(&mut self, stmt: &dyn Statement, named: &[(&str, Value)]) -> Result<Rows> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.bind_for(self.dialect(), named)?;
        self.query_sql(&r.sql, &params)
    }
    /// The first row, if any, without keeping the whole result in memory. SQLite
    /// steps no further than it needs; PostgreSQL and MySQL / MariaDB send the whole
    /// result in one response, whose rest is read and dropped, so an error the server
    /// sends for a later row (a failed data-modifying CTE, say) is returned rather than
    /// lost. To stop a long result early, add a LIMIT, or use
    /// [`Executor::for_each_row_sql`] (see there how far each driver reads).
    fn fetch_optional(&mut self, stmt: &dyn Statement) -> Result<Option<Row>> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.params_checked()?;
        first_row(self, &r.sql, params)
    }
    /// As [`Executor::fetch_optional`], filling named parameters from `named`.
    fn fetch_optional_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> Result<Option<Row>> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.bind_for(self.dialect(), named)?;
        first_row(self, &r.sql, &params)
    }
    /// Exactly one row: no row, or more than one, is an [`Error::Invalid`] that says
    /// which (it reads at most two rows).
    fn fetch_one(&mut self, stmt: &dyn Statement) -> Result<Row> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.params_checked()?;
        one_row(self, &r.sql, params)
    }
    /// As [`Executor::fetch_one`], filling named parameters from `named`.
    fn fetch_one_with(&mut self, stmt: &dyn Statement, named: &[(&str, Value)]) -> Result<Row> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.bind_for(self.dialect(), named)?;
        one_row(self, &r.sql, &params)
    }
    /// Streams the rows of `stmt` to `f`, one at a time (see
    /// [`Executor::for_each_row_sql`]).
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use sqlweave::{Executor, Expr, Select};
    /// use sqlweave_sqlite::SqliteConnection;
    ///
    /// let mut conn = SqliteConnection::open_in_memory()?;
    /// let q = Select::new().column_as(Expr::value(1_i64), "n");
    /// let mut total = 0;
    /// conn.for_each_row(&q, &mut |row| {
    ///     total += row.get::<i64>(0)?;
    ///     Ok(ControlFlow::Continue(()))
    /// })?;
    /// assert_eq!(total, 1);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    fn for_each_row(&mut self, stmt: &dyn Statement, f: &mut RowCallback<'_>) -> Result<()> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.params_checked()?;
        self.for_each_row_sql(&r.sql, params, f)
    }
    /// As [`Executor::for_each_row`], filling named parameters from `named`.
    fn for_each_row_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.bind_for(self.dialect(), named)?;
        self.for_each_row_sql(&r.sql, &params, f)
    }
    /// Renders `stmt` and prepares it for streaming (see [`Executor::cursor_sql`]):
    /// `cursor.rows()?` is an `Iterator` of `Result<Row>` that does not load the whole
    /// result, with every adaptor of the standard library. An error ends the iteration.
    ///
    /// ```
    /// use sqlweave::{Executor, Expr, Select};
    /// use sqlweave_sqlite::SqliteConnection;
    ///
    /// let mut conn = SqliteConnection::open_in_memory()?;
    /// conn.execute_raw_batch(
    ///     "CREATE TABLE n (x INTEGER); INSERT INTO n VALUES (1), (2), (3), (4);",
    /// )?;
    /// let q = Select::new().column(Expr::column("x")).from(sqlweave::table("n"))
    ///     .order_by(Expr::column("x").asc());
    /// let mut cursor = conn.cursor(&q)?;
    /// // Reads two rows and stops: the other two are never stepped.
    /// let firsts: Vec<i64> = cursor
    ///     .rows()?
    ///     .take(2)
    ///     .map(|row| row?.get::<i64>(0))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(firsts, [1, 2]);
    /// // Running it again starts over.
    /// assert_eq!(cursor.rows()?.count(), 4);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    fn cursor(&mut self, stmt: &dyn Statement) -> Result<Box<dyn Cursor + '_>> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.params_checked()?;
        self.cursor_sql(&r.sql, params)
    }
    /// As [`Executor::cursor`], filling named parameters from `named`.
    fn cursor_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> Result<Box<dyn Cursor + '_>> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.bind_for(self.dialect(), named)?;
        self.cursor_sql(&r.sql, &params)
    }
    /// Prepares `sql` on the connection: the driver's prepared statement, run with
    /// positional values as often as needed while it lives (it borrows the connection).
    /// Use [`Executor::prepare`] to render and prepare a statement.
    ///
    /// The three drivers of sqlweave hold their driver's prepared statement. The default
    /// implementation, for other connection types, keeps the text and runs it through
    /// the `_sql` methods.
    fn prepare_sql<'a>(&'a mut self, sql: &str) -> Result<Box<dyn PreparedSql + 'a>> {
        Ok(Box::new(prepared::TextPrepared {
            conn: self,
            sql: sql.to_owned(),
        }))
    }

    /// Renders `stmt` once and prepares it: the [`Prepared`] statement runs as often as
    /// needed with new values, by name or by position, without rendering again or
    /// preparing again (see [`Prepared`] for an example).
    fn prepare(&mut self, stmt: &dyn Statement) -> Result<Prepared<'_>> {
        let rendered = stmt.render_for(self.dialect())?;
        let inner = self.prepare_sql(&rendered.sql)?;
        Ok(Prepared::new(inner, rendered))
    }

    /// Loads rows into `columns` of `table` as fast as the database takes them; see
    /// [`bulk_load`], which takes any iterator of rows and calls this.
    ///
    /// `progress` is called with the running total as rows land. The default
    /// implementation runs multi-row INSERTs in one transaction, the full batches
    /// through one prepared statement ([`Executor::prepare_sql`]); PostgreSQL overrides
    /// it with a binary `COPY`.
    fn bulk_load_rows(
        &mut self,
        table: &TableRef,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<Value>>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64> {
        bulk::insert_in_batches(self, table, columns, rows, progress)
    }

    /// Runs a statement and returns the number of rows affected.
    fn execute(&mut self, stmt: &dyn Statement) -> Result<u64> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.params_checked()?;
        self.execute_sql(&r.sql, params)
    }
    /// As [`Executor::execute`], filling named parameters from `named`.
    fn execute_with(&mut self, stmt: &dyn Statement, named: &[(&str, Value)]) -> Result<u64> {
        let r = stmt.render_for(self.dialect())?;
        let params = r.bind_for(self.dialect(), named)?;
        self.execute_sql(&r.sql, &params)
    }
}

/// A statement prepared on a connection, ready to stream its rows: made by
/// [`Executor::cursor`]. It borrows the connection for as long as it lives.
pub trait Cursor {
    /// Runs the statement and returns its rows as an iterator that reads them one at a
    /// time. Each call runs the statement again. After an `Err` item the iterator ends.
    fn rows(&mut self) -> Result<RowIter<'_>>;
}

/// The rows of a [`Cursor`], read one at a time: an `Iterator` of `Result<Row>`.
///
/// Dropping it before the end stops reading (see [`Executor::cursor_sql`] for what each
/// driver does with the rest). The first `Err` is the last item.
///
/// A statement that changes data (`INSERT … RETURNING` through a cursor) can fail at
/// its very end — a deferred constraint checked at COMMIT on PostgreSQL, SQLite's commit
/// of its implicit transaction — and that failure is the iterator's last item: read it
/// to the end (or use `fetch_all` / `execute`). Dropped earlier, the iterator cannot
/// report it, and the statement's effect is then rolled back unseen.
pub struct RowIter<'a> {
    inner: Box<dyn Iterator<Item = Result<Row>> + 'a>,
    done: bool,
}

impl<'a> RowIter<'a> {
    /// Wraps a driver's row iterator (for implementors of [`Cursor`]).
    pub fn new(rows: impl Iterator<Item = Result<Row>> + 'a) -> Self {
        RowIter {
            inner: Box::new(rows),
            done: false,
        }
    }
}

impl Iterator for RowIter<'_> {
    type Item = Result<Row>;
    fn next(&mut self) -> Option<Result<Row>> {
        if self.done {
            return None;
        }
        let item = self.inner.next();
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}

impl std::iter::FusedIterator for RowIter<'_> {}

impl fmt::Debug for RowIter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RowIter").field("done", &self.done).finish()
    }
}

/// The cursor of [`Executor::cursor_sql`]'s default implementation: rows read up front.
struct ReadCursor {
    rows: Option<Rows>,
}

impl Cursor for ReadCursor {
    fn rows(&mut self) -> Result<RowIter<'_>> {
        match self.rows.take() {
            Some(rows) => Ok(RowIter::new(rows.rows.into_iter().map(Ok))),
            None => Err(Error::Invalid(
                "this connection type's cursor read its rows when it was made and hands them \
                 out once; make a new cursor to run the statement again"
                    .into(),
            )),
        }
    }
}

fn first_row<E: Executor + ?Sized>(
    conn: &mut E,
    sql: &str,
    params: &[Value],
) -> Result<Option<Row>> {
    let mut first = None;
    conn.for_each_row_sql(sql, params, &mut |row| {
        first = Some(row);
        Ok(ControlFlow::Break(()))
    })?;
    Ok(first)
}

fn one_row<E: Executor + ?Sized>(conn: &mut E, sql: &str, params: &[Value]) -> Result<Row> {
    let mut first = None;
    let mut more = false;
    conn.for_each_row_sql(sql, params, &mut |row| {
        if first.is_none() {
            first = Some(row);
            Ok(ControlFlow::Continue(()))
        } else {
            more = true;
            Ok(ControlFlow::Break(()))
        }
    })?;
    exactly_one(first, more, sql)
}

/// The row of a result that must have exactly one, from its first row and whether
/// there was a second: no row, or more than one, is an [`Error::Invalid`] that says
/// which (for connection implementations overriding [`Executor::fetch_one`]).
pub fn exactly_one<T>(first: Option<T>, more: bool, sql: &str) -> Result<T> {
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

/// Runs `f` in a transaction on `conn`: commits when `f` returns `Ok`, rolls back when
/// it returns `Err` or panics (the panic then continues). Called inside an open
/// transaction, it uses a savepoint instead, so an inner failure undoes only the inner
/// work and the outer transaction goes on.
///
/// If the commit itself fails, the transaction is rolled back and the commit's error
/// returned. If rolling back fails after `f` failed, `f`'s error is returned (the
/// connection's driver has usually lost the connection then).
///
/// ```
/// use sqlweave::{Executor, transaction};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch("CREATE TABLE t (id INTEGER PRIMARY KEY)")?;
/// transaction(&mut conn, |tx| {
///     tx.execute_sql("INSERT INTO t VALUES (1)", &[])?;
///     // The inner part fails: only it is undone (a savepoint).
///     let inner = transaction(tx, |tx| {
///         tx.execute_sql("INSERT INTO t VALUES (2)", &[])?;
///         tx.execute_sql("INSERT INTO t VALUES (1)", &[]) // duplicate
///     });
///     assert!(inner.is_err());
///     tx.execute_sql("INSERT INTO t VALUES (3)", &[])
/// })?;
/// let ids = conn.query_sql("SELECT id FROM t ORDER BY id", &[])?;
/// assert_eq!(ids.values(), vec![vec![1_i64.into()], vec![3_i64.into()]]);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn transaction<E, T>(conn: &mut E, f: impl FnOnce(&mut E) -> Result<T>) -> Result<T>
where
    E: Executor + ?Sized,
{
    transaction_with(conn, TransactionOptions::default(), f)
}

/// As [`transaction`], starting the outermost transaction with `options` (an isolation
/// level, read-only). Inside an open transaction only the default options are accepted.
///
/// ```
/// use sqlweave::{Executor, IsolationLevel, TransactionOptions, transaction_with};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// let opts = TransactionOptions::new().isolation(IsolationLevel::Serializable);
/// let n = transaction_with(&mut conn, opts, |tx| {
///     Ok(tx.query_sql("SELECT 1", &[])?.rows.len())
/// })?;
/// assert_eq!(n, 1);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn transaction_with<E, T>(
    conn: &mut E,
    options: TransactionOptions,
    f: impl FnOnce(&mut E) -> Result<T>,
) -> Result<T>
where
    E: Executor + ?Sized,
{
    let outer = conn.transaction_depth();
    conn.begin_with(options)?;
    let inner = outer + 1;
    match catch_unwind(AssertUnwindSafe(|| f(&mut *conn))) {
        Ok(Ok(value)) => {
            let depth = conn.transaction_depth();
            if depth != inner {
                unwind_to(conn, outer);
                return Err(Error::Invalid(format!(
                    "the transaction closure left {depth} transaction levels open where \
                     {inner} were expected (a begin without commit, or a commit of a level \
                     it did not open); the transaction was rolled back"
                )));
            }
            match conn.commit() {
                Ok(()) => Ok(value),
                Err(e) => {
                    unwind_to(conn, outer);
                    Err(e)
                }
            }
        }
        Ok(Err(e)) => {
            unwind_to(conn, outer);
            Err(e)
        }
        Err(panic) => {
            unwind_to(conn, outer);
            resume_unwind(panic)
        }
    }
}

/// Rolls back levels until `depth` are open. Stops at the first failure of a rollback
/// that does not close its level (nothing more can be done on that connection).
fn unwind_to<E: Executor + ?Sized>(conn: &mut E, depth: usize) {
    while conn.transaction_depth() > depth {
        let before = conn.transaction_depth();
        if conn.rollback().is_err() && conn.transaction_depth() >= before {
            break;
        }
    }
}

/// What a savepoint statement does; see [`savepoint_sql`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavepointAction {
    /// `SAVEPOINT name`
    Create,
    /// `RELEASE SAVEPOINT name`
    Release,
    /// `ROLLBACK TO SAVEPOINT name`
    RollbackTo,
}

/// The savepoint statement for transaction level `level` (2 for the first savepoint),
/// with the name sqlweave generates (`sqlweave_sp_<level>`), quoted for `dialect`.
/// For connection implementations; the three drivers use it.
///
/// ```
/// use sqlweave::exec::{SavepointAction, savepoint_sql};
/// use sqlweave::Ansi;
/// assert_eq!(savepoint_sql(&Ansi, SavepointAction::Create, 2).unwrap(), r#"SAVEPOINT "sqlweave_sp_2""#);
/// assert_eq!(savepoint_sql(&Ansi, SavepointAction::RollbackTo, 3).unwrap(), r#"ROLLBACK TO SAVEPOINT "sqlweave_sp_3""#);
/// ```
pub fn savepoint_sql(
    dialect: &dyn Dialect,
    action: SavepointAction,
    level: usize,
) -> Result<String> {
    let mut r = Renderer::new(dialect);
    r.ident(&Ident::from(format!("sqlweave_sp_{level}")))?;
    let name = r.finish().sql;
    Ok(match action {
        SavepointAction::Create => format!("SAVEPOINT {name}"),
        SavepointAction::Release => format!("RELEASE SAVEPOINT {name}"),
        SavepointAction::RollbackTo => format!("ROLLBACK TO SAVEPOINT {name}"),
    })
}

/// Parameters as the drivers log them: `[3 values redacted]` unless the connection was
/// told to show values, then each value's debug form.
///
/// ```
/// use sqlweave::Value;
/// use sqlweave::exec::LoggedParams;
/// let p = [Value::I64(7), Value::from("secret")];
/// assert_eq!(LoggedParams::new(&p, false).to_string(), "[2 values redacted]");
/// assert_eq!(LoggedParams::new(&p, true).to_string(), r#"[I64(7), Text("secret")]"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LoggedParams<'a> {
    params: &'a [Value],
    show: bool,
}

impl<'a> LoggedParams<'a> {
    /// Wraps `params`; `show` says whether values may appear.
    pub fn new(params: &'a [Value], show: bool) -> Self {
        LoggedParams { params, show }
    }
}

impl fmt::Display for LoggedParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.show, self.params.len()) {
            (_, 0) => f.write_str("[]"),
            (true, _) => write!(f, "{:?}", self.params),
            (false, 1) => f.write_str("[1 value redacted]"),
            (false, n) => write!(f, "[{n} values redacted]"),
        }
    }
}
