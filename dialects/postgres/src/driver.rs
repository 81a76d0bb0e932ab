//! Running statements through the `postgres` crate (synchronous client).

#[cfg(feature = "async")]
mod async_conn;
#[cfg(feature = "bb8")]
mod async_pool;
mod copy;
mod decode;
mod encode;
mod error;
mod numeric;
#[cfg(feature = "r2d2")]
mod pool;

use std::borrow::BorrowMut;
use std::collections::HashMap;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use sqlweave::exec::{LoggedParams, SavepointAction, exactly_one, savepoint_sql};
use sqlweave::{
    Cursor, DbErrorKind, Dialect, Error, Executor, PreparedSql, Result, Row, RowCallback,
    RowHeader, RowIter, RowSource, Rows, SourceCallback, TableRef, TransactionOptions, Value,
};

use self::decode::Cell;
use self::encode::{Param, as_sql};
pub use self::error::db_error;
use self::error::{CONNECT, is_stale_statement};
use crate::{MAX_PARAMS, Postgres};

#[cfg(feature = "async")]
pub use self::async_conn::{AsyncPgConnection, PgRowStream};
#[cfg(feature = "bb8")]
pub use self::async_pool::AsyncPgConnectionManager;
#[cfg(feature = "r2d2")]
pub use self::pool::PgConnectionManager;

/// Rows fetched per round trip when streaming through a portal: small first (a
/// `fetch_optional` needs one), then larger.
const FIRST_BATCH: i32 = 2;
const MAX_BATCH: i32 = 1024;

/// How many prepared statements a connection keeps by default.
pub const DEFAULT_STATEMENT_CACHE_CAPACITY: usize = 256;

/// A PostgreSQL connection that runs sqlweave statements.
///
/// Statements are prepared once per distinct SQL text and kept (up to
/// [`DEFAULT_STATEMENT_CACHE_CAPACITY`], least recently used first out), so running the
/// same rendered query again skips the parse round trip. A statement that takes an array
/// parameter (a long IN list, `x = ANY($1)`) is prepared for each run instead, so that
/// PostgreSQL always plans it with the array's values (a kept statement may switch to a
/// generic plan, on which the array is opaque).
///
/// A [`Value::Array`] is bound as the array type the server inferred for its
/// placeholder, each element encoded as that value would be as a parameter of the
/// element type.
///
/// Parameters are always sent as bind parameters in PostgreSQL's binary format, adapted
/// to the type the server inferred for each placeholder: an `i64` bound where an `int4`
/// is expected is range-checked (never truncated), an integer bound as text is sent as
/// its decimal text, a `Value::Text` bound as NUMERIC is parsed exactly, and a value
/// that has no faithful form in the parameter's type is an [`Error::Value`] naming both.
///
/// Columns decode by their type: `bool`, `int2`/`int4`/`int8` (and `oid`, as `I64`),
/// `float4`/`float8`, the text types (and enums), `bytea`; `numeric` as exact text, or
/// as `Value::Decimal` with the `decimal` feature when it fits; `json`/`jsonb` as text,
/// or `Value::Json` with `json`; `uuid` and the date/time types as text, or as their
/// Rust types with `uuid` / `chrono`. Any other type is an [`Error::Decode`] naming the
/// column and its type; cast it in the query (`::text`).
///
/// Transactions are `BEGIN [ISOLATION LEVEL …] [READ ONLY]`, nested levels savepoints.
/// PostgreSQL aborts a transaction at the first failed statement: until a rollback (to
/// a savepoint) every statement fails, and committing then is an error (SQLSTATE
/// `25P02`) saying it was rolled back. Streaming reads ([`Executor::for_each_row`],
/// [`Executor::fetch_optional`]) go through a portal outside a transaction, a batch of
/// rows per round trip, so stopping early stops the query. Errors are classified from
/// their SQLSTATE ([`DbErrorKind::from_sqlstate`]). Every statement is a `tracing`
/// event (target `sqlweave::sql`, DEBUG) with values redacted unless
/// [`PgConnection::set_log_values`].
///
/// ```no_run
/// use sqlweave::{Executor, Expr, Select};
/// use sqlweave_postgres::PgConnection;
///
/// let mut conn = PgConnection::connect("host=127.0.0.1 user=postgres dbname=test")?;
/// let rows = conn.fetch_all(&Select::new().column_as(Expr::value(42_i64), "answer"))?;
/// // Rendered as: SELECT $1::int8 AS "answer"
/// assert_eq!(rows.rows[0].get::<i64>(0)?, 42);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct PgConnection<C = Client> {
    client: C,
    cache: StatementCache,
    depth: usize,
    /// A statement failed inside the open transaction: PostgreSQL refuses everything
    /// but a rollback until then, and a COMMIT would silently roll back.
    aborted: bool,
    log_values: bool,
}

impl<C: BorrowMut<Client>> fmt::Debug for PgConnection<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgConnection")
            .field("closed", &self.client.borrow().is_closed())
            .field("cached_statements", &self.cache.map.len())
            .field("statement_cache_capacity", &self.cache.capacity)
            .field("transaction_depth", &self.depth)
            .finish_non_exhaustive()
    }
}

impl PgConnection {
    /// Connects without TLS. `params` is a libpq-style string
    /// (`host=127.0.0.1 user=postgres dbname=test`) or a URL
    /// (`postgres://postgres@127.0.0.1/test`).
    ///
    /// Errors are [`Error::Database`] of kind [`DbErrorKind::ConnectionFailed`] with `sql`
    /// set to `"<connect>"`.
    pub fn connect(params: &str) -> Result<Self> {
        Client::connect(params, NoTls)
            .map(Self::from_client)
            .map_err(|e| db_error(&e, CONNECT))
    }

    /// Connects with a [`postgres::Config`] built in code (host, port, user, password,
    /// timeouts …), without TLS.
    ///
    /// ```no_run
    /// use sqlweave_postgres::{PgConnection, postgres};
    /// let mut config = postgres::Config::new();
    /// config.host("127.0.0.1").user("postgres").dbname("test");
    /// let conn = PgConnection::connect_with(&config)?;
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn connect_with(config: &postgres::Config) -> Result<Self> {
        config
            .connect(NoTls)
            .map(Self::from_client)
            .map_err(|e| db_error(&e, CONNECT))
    }
}

impl<C: BorrowMut<Client>> PgConnection<C> {
    /// Wraps a client the caller already has: owned (e.g. one connected with TLS), or
    /// borrowed — `&mut Client`, e.g. from a pool of the application's own — for as
    /// long as the wrapper lives. It must not be inside a transaction. The statements
    /// this wrapper prepares are closed when it is dropped.
    ///
    /// ```no_run
    /// use sqlweave::Executor;
    /// use sqlweave_postgres::{PgConnection, postgres};
    ///
    /// let mut client = postgres::Client::connect("host=127.0.0.1 user=postgres dbname=test", postgres::NoTls).unwrap();
    /// let mut conn = PgConnection::from_client(&mut client); // borrowed
    /// conn.query_sql("SELECT 1", &[])?;
    /// drop(conn);
    /// client.simple_query("SELECT 1").unwrap(); // still the application's
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn from_client(client: C) -> Self {
        PgConnection {
            client,
            cache: StatementCache::new(DEFAULT_STATEMENT_CACHE_CAPACITY),
            depth: 0,
            aborted: false,
            log_values: false,
        }
    }

    /// Whether the `tracing` events of executed statements (target `sqlweave::sql`,
    /// level DEBUG) show parameter values; `false` by default, when they only say how
    /// many values there were.
    pub fn set_log_values(&mut self, show: bool) {
        self.log_values = show;
    }

    /// `true` once the connection to the server is gone; it cannot be used again.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    fn log(&self, sql: &str, params: &[Value]) {
        log(sql, params, self.log_values);
    }

    /// The driver's error as sqlweave's, noting a failure inside a transaction.
    fn fail(&mut self, e: &postgres::Error, sql: &str) -> Error {
        let closed = self.client.borrow().is_closed();
        fail(e, sql, closed, self.depth, &mut self.aborted)
    }

    /// The underlying client, for what sqlweave does not cover (COPY, LISTEN …). Do not
    /// start or end transactions on it: use [`Executor::begin`] and friends.
    ///
    /// Statements prepared by this connection stay prepared; if you deallocate them on
    /// the server (`DISCARD ALL`, `DEALLOCATE ALL`), call
    /// [`PgConnection::clear_statement_cache`].
    pub fn client(&mut self) -> &mut Client {
        self.client.borrow_mut()
    }

    /// Gives the client (or the borrow of it) back, closing the statements this
    /// connection prepared.
    pub fn into_client(self) -> C {
        let PgConnection { client, cache, .. } = self;
        drop(cache);
        client
    }

    /// How many prepared statements the connection holds.
    pub fn cached_statements(&self) -> usize {
        self.cache.map.len()
    }

    /// How many prepared statements to keep; `0` prepares every statement afresh. The
    /// least recently used ones are closed to make room.
    pub fn set_statement_cache_capacity(&mut self, capacity: usize) {
        self.cache.capacity = capacity;
        while self.cache.map.len() > capacity {
            self.cache.evict_lru();
        }
    }

    /// Closes every prepared statement the connection holds.
    pub fn clear_statement_cache(&mut self) {
        self.cache.map.clear();
    }

    /// The prepared statement for `sql` and its result's column labels and types, from
    /// the cache or freshly prepared.
    fn statement(&mut self, sql: &str) -> Result<(Statement, ColumnMeta)> {
        if let Some(found) = self.cache.get_with_meta(sql) {
            return Ok(found);
        }
        let stmt = match self.client.borrow_mut().prepare(sql) {
            Ok(stmt) => stmt,
            Err(e) => return Err(self.fail(&e, sql)),
        };
        let meta = column_info(&stmt);
        self.cache.insert(sql, stmt.clone());
        Ok((stmt, meta))
    }

    /// Runs transaction-control SQL.
    fn control(&mut self, sql: &str) -> Result<()> {
        self.log(sql, &[]);
        match self.client.borrow_mut().batch_execute(sql) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(&e, sql)),
        }
    }
}

/// Emits the `tracing` event of an executed statement (values redacted unless asked).
pub(super) fn log(sql: &str, params: &[Value], show_values: bool) {
    tracing::debug!(
        target: "sqlweave::sql",
        db = "PostgreSQL",
        sql,
        params = %LoggedParams::new(params, show_values),
        "execute"
    );
}

/// The driver's error as sqlweave's: a failure inside a transaction (`depth > 0`) marks
/// it aborted, and a closed connection is [`DbErrorKind::ConnectionLost`].
fn fail(e: &postgres::Error, sql: &str, closed: bool, depth: usize, aborted: &mut bool) -> Error {
    if depth > 0 && (e.as_db_error().is_some() || closed) {
        *aborted = true;
    }
    let mut err = db_error(e, sql);
    if closed && let Error::Database { kind, .. } = &mut err {
        *kind = DbErrorKind::ConnectionLost;
    }
    err
}

/// A statement prepared on the connection ([`Executor::prepare_sql`]): runs with new
/// values without preparing again, in one round trip for a fetch or an execute.
struct PgPrepared<'a> {
    client: &'a mut Client,
    cache: &'a mut StatementCache,
    depth: usize,
    aborted: &'a mut bool,
    log_values: bool,
    stmt: Statement,
    sql: String,
    header: ColumnMeta,
    /// Set when a run failed on a stale prepared statement: the next run prepares it
    /// again first.
    stale: bool,
}

impl<'a> PgPrepared<'a> {
    fn new<C: BorrowMut<Client>>(conn: &'a mut PgConnection<C>, sql: &str) -> Result<Self> {
        let (stmt, header) = conn.statement(sql)?;
        Ok(PgPrepared {
            client: conn.client.borrow_mut(),
            cache: &mut conn.cache,
            depth: conn.depth,
            aborted: &mut conn.aborted,
            log_values: conn.log_values,
            stmt,
            sql: sql.to_owned(),
            header,
            stale: false,
        })
    }

    /// [`PgPrepared::new`] for a run with `params`, which are checked first: a value
    /// PostgreSQL cannot hold is refused before anything is sent.
    fn checked<C: BorrowMut<Client>>(
        conn: &'a mut PgConnection<C>,
        sql: &str,
        params: &[Value],
    ) -> Result<Self> {
        check_params(params)?;
        Self::new(conn, sql)
    }

    /// Prepares the statement again (a table it reads changed, or it was deallocated).
    fn reprepare(&mut self) -> Result<()> {
        self.cache.map.remove(&self.sql);
        let stmt = match self.client.prepare(&self.sql) {
            Ok(stmt) => stmt,
            Err(e) => {
                return Err(fail(&e, &self.sql, e.is_closed(), self.depth, self.aborted));
            }
        };
        self.cache.insert(&self.sql, stmt.clone());
        self.header = column_info(&stmt);
        self.stmt = stmt;
        self.stale = false;
        Ok(())
    }

    fn failed(&mut self, e: &postgres::Error) -> Error {
        self.stale |= is_stale_statement(e);
        fail(e, &self.sql, e.is_closed(), self.depth, self.aborted)
    }

    /// Checks and binds `params` and runs `f`. A run that fails on a stale prepared
    /// statement outside a transaction, before handing over a row (`delivered`), is
    /// prepared again and run once more (the server refuses such a statement before it
    /// returns any row); inside a transaction the error has aborted it and is returned.
    fn run<T>(
        &mut self,
        params: &[Value],
        delivered: Option<&std::cell::Cell<bool>>,
        mut f: impl FnMut(
            &mut Client,
            &Statement,
            &[&(dyn ToSql + Sync)],
            &ColumnMeta,
        ) -> Result<T, postgres::Error>,
    ) -> Result<T> {
        check_params(params)?;
        let wrapped = Param::all(params);
        let refs = as_sql(&wrapped);
        let mut retried = false;
        loop {
            if self.stale {
                self.reprepare()?;
            }
            check_arity(&self.stmt, params)?;
            log(&self.sql, params, self.log_values);
            let meta = self.header.clone();
            match f(self.client, &self.stmt, &refs, &meta) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let err = self.failed(&e);
                    let handed_over = delivered.is_some_and(std::cell::Cell::get);
                    if self.stale && self.depth == 0 && !retried && !handed_over {
                        retried = true;
                        continue;
                    }
                    return Err(err);
                }
            }
        }
    }

    /// Streams the rows of one execution (one round trip) to `f`; when `f` stops early,
    /// the rest are read to the end of the response and dropped, so that an error the
    /// server sends for a later row (which fails the statement, and the transaction it
    /// is in) is returned, never lost.
    fn stream_rows(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        self.stream_sources(params, &mut |src| f(src.to_row()?))
    }

    /// As [`PgPrepared::stream_rows`], each row handed over undecoded ([`RowSource`]):
    /// its columns are decoded as the callback reads them.
    fn stream_sources(&mut self, params: &[Value], f: &mut SourceCallback<'_>) -> Result<()> {
        let mut outcome = Ok(());
        let delivered = std::cell::Cell::new(false);
        self.run(params, Some(&delivered), |client, stmt, params, header| {
            let mut it = client.query_raw(stmt, params.iter().copied())?;
            while let Some(pg_row) = it.next()? {
                delivered.set(true);
                let flow = f(&mut PgRowSource {
                    row: &pg_row,
                    header,
                });
                if stopped(flow, &mut outcome) {
                    return drain(&mut it);
                }
            }
            Ok(())
        })?;
        outcome
    }

    /// Streams through a portal, a batch of rows per round trip, inside a transaction of
    /// its own (committed at the end: what ran outside a transaction stays done).
    fn stream_portal(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        let mut outcome = Ok(());
        let delivered = std::cell::Cell::new(false);
        self.run(params, Some(&delivered), |client, stmt, params, header| {
            let mut rows = PortalRows::start(client, stmt, params)?;
            while let Some(pg_row) = rows.next_row()? {
                delivered.set(true);
                if stopped(decode_row(&pg_row, header).and_then(&mut *f), &mut outcome) {
                    break;
                }
            }
            // Commits now, reporting a failure (dropping would commit silently).
            rows.tx.take().map_or(Ok(()), |tx| tx.commit())
        })?;
        outcome
    }
}

impl PgPrepared<'_> {
    /// One round trip, as [`PreparedSql::fetch_all`]: the response is read whole (in one
    /// pass through the driver's runtime, where streaming it enters the runtime once per
    /// row), then each row is decoded and handed to `f`.
    fn fetch_each(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        self.fetch_each_source(params, &mut |src| f(src.to_row()?))
    }

    /// The whole response, one round trip.
    fn query_all(&mut self, params: &[Value]) -> Result<Vec<postgres::Row>> {
        self.run(params, None, |client, stmt, params, _| {
            client.query(stmt, params)
        })
    }
}

impl PreparedSql for PgPrepared<'_> {
    fn sql(&self) -> &str {
        &self.sql
    }

    fn dialect(&self) -> &dyn Dialect {
        &Postgres
    }

    /// Outside a transaction the rows come through a portal, a batch per round trip (2
    /// rows, then 32, 512, then 1024 at a time), so stopping early stops the query.
    /// Inside a transaction they stream in one response: stopping early reads the rest
    /// to its end and drops it (an error the server sends for a later row is returned,
    /// and marks the transaction failed).
    fn for_each_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        if self.depth == 0 {
            self.stream_portal(params, f)
        } else {
            self.stream_rows(params, f)
        }
    }

    fn execute(&mut self, params: &[Value]) -> Result<u64> {
        self.run(params, None, |client, stmt, params, _| {
            client.execute(stmt, params)
        })
    }

    /// One round trip.
    fn fetch_all(&mut self, params: &[Value]) -> Result<Rows> {
        let pg_rows = self.query_all(params)?;
        let mut rows = Vec::with_capacity(pg_rows.len());
        for pg_row in &pg_rows {
            rows.push(decode_row(pg_row, &self.header)?);
        }
        Ok(Rows { rows })
    }

    /// One round trip (`fetch_one`, `fetch_optional`): the rows after the ones read are
    /// read to the end of the response and dropped, so an error in a later row is
    /// returned (stream with a cursor to stop the server early on a long result).
    fn for_each_first_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        self.stream_rows(params, f)
    }

    /// One round trip, as [`PreparedSql::fetch_all`]: the response is read whole, then
    /// each row is handed over undecoded ([`RowSource`]).
    fn fetch_each_source(&mut self, params: &[Value], f: &mut SourceCallback<'_>) -> Result<()> {
        for pg_row in &self.query_all(params)? {
            let mut src = PgRowSource {
                row: pg_row,
                header: &self.header,
            };
            if f(&mut src)?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// As [`PreparedSql::for_each_first_row`], each column decoded as it is read.
    fn for_each_first_source(
        &mut self,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        self.stream_sources(params, f)
    }

    /// Outside a transaction the rows come through a portal, a batch per round trip, in
    /// a transaction of the iterator's own, committed when the iterator ends or is
    /// dropped (so what a data-modifying statement did stays done, and a dropped
    /// iterator stops the server). Inside one, the rows are decoded as they arrive, and
    /// a dropped iterator reads the remaining rows to the end of the response and drops
    /// them: an error the server sends for one of them (the statement failed, so
    /// PostgreSQL aborted the transaction) marks the transaction failed, and its
    /// [`Executor::commit`] is then an error instead of a silent rollback.
    ///
    /// A run that fails on a stale prepared statement (a table it reads changed its
    /// columns, or it was deallocated) returns that error once; the next call prepares
    /// the statement again.
    fn rows(&mut self, params: &[Value]) -> Result<RowIter<'_>> {
        check_params(params)?;
        if self.stale {
            self.reprepare()?;
        }
        check_arity(&self.stmt, params)?;
        log(&self.sql, params, self.log_values);
        let wrapped = Param::all(params);
        let refs = as_sql(&wrapped);
        let sql = self.sql.as_str();
        let (depth, aborted) = (self.depth, &mut *self.aborted);
        let header = &self.header;
        let stale = &mut self.stale;
        let mut failed = move |e: &postgres::Error| {
            *stale |= is_stale_statement(e);
            fail(e, sql, e.is_closed(), depth, aborted)
        };
        if depth == 0 {
            let mut rows = match PortalRows::start(self.client, &self.stmt, &refs) {
                Ok(rows) => rows,
                Err(e) => return Err(failed(&e)),
            };
            return Ok(RowIter::new(std::iter::from_fn(move || {
                match rows.next_row() {
                    Ok(Some(pg_row)) => Some(decode_row(&pg_row, header)),
                    Ok(None) => None,
                    Err(e) => Some(Err(failed(&e))),
                }
            })));
        }
        // The parameters are encoded here; the iterator borrows only the client.
        let it = match self.client.query_raw(&self.stmt, refs.iter().copied()) {
            Ok(it) => it,
            Err(e) => return Err(failed(&e)),
        };
        Ok(RowIter::new(TxRows {
            it,
            header,
            failed,
            done: false,
        }))
    }
}

/// A prepared statement and its parameters, for [`Executor::cursor`].
struct PgCursor<'a> {
    prepared: PgPrepared<'a>,
    params: Vec<Value>,
}

impl Cursor for PgCursor<'_> {
    /// See [`PgPrepared::rows`]: a portal outside a transaction, one response inside.
    fn rows(&mut self) -> Result<RowIter<'_>> {
        self.prepared.rows(&self.params)
    }
}

/// The rows of one response, inside a transaction ([`PgPrepared::rows`]). Dropped
/// before its end, it reads the rest of the response: the server may still send an
/// error for a later row, which fails the statement and aborts the transaction, and
/// that must be noted (`failed`) so that the COMMIT that follows is refused rather than
/// answered with a silent rollback.
struct TxRows<'a, F: FnMut(&postgres::Error) -> Error> {
    it: postgres::RowIter<'a>,
    header: &'a ColumnMeta,
    failed: F,
    done: bool,
}

impl<F: FnMut(&postgres::Error) -> Error> Iterator for TxRows<'_, F> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        if self.done {
            return None;
        }
        let item = match self.it.next() {
            Ok(Some(pg_row)) => return Some(decode_row(&pg_row, self.header)),
            Ok(None) => None,
            Err(e) => Some(Err((self.failed)(&e))),
        };
        self.done = true;
        item
    }
}

impl<F: FnMut(&postgres::Error) -> Error> Drop for TxRows<'_, F> {
    fn drop(&mut self) {
        if !self.done
            && let Err(e) = drain(&mut self.it)
        {
            // Nobody is left to return it to: noting it is what makes COMMIT fail.
            let err = (self.failed)(&e);
            tracing::debug!(target: "sqlweave::sql", error = %err, "dropped rows ended in an error");
        }
    }
}

/// Reads the rest of a response and drops it, returning the error it ends with, if any.
fn drain(it: &mut postgres::RowIter<'_>) -> Result<(), postgres::Error> {
    while it.next()?.is_some() {}
    Ok(())
}

/// Rows fetched through a portal in a transaction of its own, in growing batches (a
/// first row costs one small round trip, a long result few): outside a transaction,
/// the way to stop the server early. The transaction is committed when the rows run out,
/// or when this is dropped before that.
struct PortalRows<'a> {
    tx: Option<postgres::Transaction<'a>>,
    portal: postgres::Portal,
    batch: std::vec::IntoIter<postgres::Row>,
    size: i32,
    last: bool,
}

impl<'a> PortalRows<'a> {
    fn start(
        client: &'a mut Client,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Self, postgres::Error> {
        let mut tx = client.transaction()?;
        let portal = tx.bind(stmt, params)?;
        Ok(PortalRows {
            tx: Some(tx),
            portal,
            batch: Vec::new().into_iter(),
            size: FIRST_BATCH,
            last: false,
        })
    }

    fn next_row(&mut self) -> Result<Option<postgres::Row>, postgres::Error> {
        loop {
            if let Some(row) = self.batch.next() {
                return Ok(Some(row));
            }
            let Some(tx) = self.tx.as_mut() else {
                return Ok(None);
            };
            if self.last {
                self.tx.take().map_or(Ok(()), |tx| tx.commit())?;
                return Ok(None);
            }
            let rows = match tx.query_portal(&self.portal, self.size) {
                Ok(rows) => rows,
                Err(e) => {
                    // Dropped, the transaction rolls back: nothing more to commit.
                    self.tx = None;
                    return Err(e);
                }
            };
            self.last = rows.len() < self.size as usize;
            self.size = (self.size * 16).min(MAX_BATCH);
            self.batch = rows.into_iter();
        }
    }
}

impl Drop for PortalRows<'_> {
    fn drop(&mut self) {
        if let Some(tx) = self.tx.take() {
            // Closes the portal, so the server stops; a failure here (a connection
            // lost meanwhile) shows on the connection's next use.
            let _ = tx.commit();
        }
    }
}

/// Refuses, before anything is sent, more parameters than the driver sends and what
/// PostgreSQL cannot store (NUL in text, `u64` past `i64::MAX`).
fn check_params(params: &[Value]) -> Result<()> {
    if params.len() > MAX_PARAMS {
        return Err(Error::Bind(format!(
            "{} parameters is more than PostgreSQL's limit of {MAX_PARAMS} per statement",
            params.len()
        )));
    }
    for (i, v) in params.iter().enumerate() {
        Postgres.check_value(v).map_err(|e| match e {
            Error::Value(m) => Error::Value(format!("parameter ${}: {m}", i + 1)),
            e => e,
        })?;
    }
    Ok(())
}

/// Refuses parameters that do not match what the prepared statement takes.
fn check_arity(stmt: &Statement, params: &[Value]) -> Result<()> {
    if stmt.params().len() != params.len() {
        return Err(Error::Bind(format!(
            "the statement takes {} parameters but {} were given",
            stmt.params().len(),
            params.len()
        )));
    }
    Ok(())
}

/// A result's column labels and type names, shared by its rows.
type ColumnMeta = Arc<RowHeader>;

fn column_info(stmt: &Statement) -> ColumnMeta {
    let columns = stmt
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let types = stmt
        .columns()
        .iter()
        .map(|c| c.type_().name().to_string())
        .collect();
    Arc::new(RowHeader::new(columns, types))
}

/// Whether a streaming callback's answer stops the reading: it said so, or failed (its
/// error, or the decoding error, goes to `outcome`).
fn stopped(flow: Result<ControlFlow<()>>, outcome: &mut Result<()>) -> bool {
    match flow {
        Ok(ControlFlow::Continue(())) => false,
        Ok(ControlFlow::Break(())) => true,
        Err(e) => {
            *outcome = Err(e);
            true
        }
    }
}

/// One row decoded, each column by its type; an undecodable column names itself.
fn decode_row(pg_row: &postgres::Row, header: &ColumnMeta) -> Result<Row> {
    let mut values = Vec::with_capacity(header.len());
    for i in 0..header.len() {
        values.push(decode_column(pg_row, header, i)?);
    }
    Ok(Row::with_header(header.clone(), values))
}

/// Column `i` of a row, decoded by its type.
fn decode_column(pg_row: &postgres::Row, header: &ColumnMeta, i: usize) -> Result<Value> {
    let decode_error = |reason: String| Error::Decode {
        column: header.labels()[i].clone(),
        sql_type: header.sql_types()[i].clone(),
        rust_type: "Value",
        reason,
    };
    let Cell(value) = pg_row
        .try_get::<_, Cell>(i)
        .map_err(|e| decode_error(e.to_string()))?;
    value.map_err(decode_error)
}

/// A row as the driver received it, each column decoded when decoding asks for it.
struct PgRowSource<'r> {
    row: &'r postgres::Row,
    header: &'r ColumnMeta,
}

impl RowSource for PgRowSource<'_> {
    fn header(&self) -> &Arc<RowHeader> {
        self.header
    }
    fn len(&self) -> usize {
        self.header.len()
    }
    fn value(&mut self, index: usize, _copy: bool) -> Result<Option<Value>> {
        if index >= self.header.len() {
            return Ok(None);
        }
        decode_column(self.row, self.header, index).map(Some)
    }
    fn to_row(&mut self) -> Result<Row> {
        decode_row(self.row, self.header)
    }
}

/// `BEGIN` with the options' isolation level and access mode.
fn begin_sql(options: TransactionOptions) -> String {
    let mut sql = String::from("BEGIN");
    if let Some(level) = options.isolation {
        sql.push_str(" ISOLATION LEVEL ");
        sql.push_str(level.as_sql());
    }
    if options.read_only {
        sql.push_str(" READ ONLY");
    }
    sql
}

impl<C: BorrowMut<Client>> Executor for PgConnection<C> {
    fn dialect(&self) -> &dyn Dialect {
        &Postgres
    }

    /// One round trip (two the first time a statement text is seen: it is prepared and
    /// kept).
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        PgPrepared::checked(self, sql, params)?.fetch_all(params)
    }

    /// One round trip (two the first time a statement text is seen).
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        PgPrepared::checked(self, sql, params)?.execute(params)
    }

    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.control(sql)
    }

    /// Outside a transaction the rows come through a portal, a batch per round trip
    /// (2 rows, then 32, 512, then 1024 at a time), so stopping early stops the query.
    /// Inside a transaction they stream in one response: stopping early reads the rest
    /// to its end and drops it (an error the server sends for a later row is returned,
    /// and marks the transaction failed).
    fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        PgPrepared::checked(self, sql, params)?.for_each_row(params, f)
    }

    fn cursor_sql<'a>(&'a mut self, sql: &str, params: &[Value]) -> Result<Box<dyn Cursor + 'a>> {
        check_params(params)?;
        let prepared = PgPrepared::new(self, sql)?;
        check_arity(&prepared.stmt, params)?;
        Ok(Box::new(PgCursor {
            prepared,
            params: params.to_vec(),
        }))
    }

    fn prepare_sql<'a>(&'a mut self, sql: &str) -> Result<Box<dyn PreparedSql + 'a>> {
        Ok(Box::new(PgPrepared::new(self, sql)?))
    }

    /// One round trip: the response is read whole, as [`Executor::query_sql`] reads it,
    /// then each row is decoded and handed to `f` (no `Vec` of sqlweave rows is built).
    fn fetch_each_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        PgPrepared::checked(self, sql, params)?.fetch_each(params, f)
    }

    /// As [`Executor::fetch_each_sql`], each column decoded as it is read.
    fn fetch_each_source_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        PgPrepared::checked(self, sql, params)?.fetch_each_source(params, f)
    }

    /// One round trip: the rows after the first are read to the end of the response and
    /// dropped, so an error in a later row is returned (stream with [`Executor::cursor`]
    /// to stop the server early on a long result).
    fn fetch_optional(&mut self, stmt: &dyn sqlweave::Statement) -> Result<Option<Row>> {
        let r = stmt.render_for(&Postgres)?;
        let params = r.params_checked()?;
        PgPrepared::checked(self, &r.sql, params)?.fetch_optional(params)
    }

    fn fetch_optional_with(
        &mut self,
        stmt: &dyn sqlweave::Statement,
        named: &[(&str, Value)],
    ) -> Result<Option<Row>> {
        let r = stmt.render_for(&Postgres)?;
        let params = r.bind_for(&Postgres, named)?;
        PgPrepared::checked(self, &r.sql, &params)?.fetch_optional(&params)
    }

    /// One round trip: decodes at most two rows, reads the rest of the response and
    /// drops it (an error in a later row is returned).
    fn fetch_one(&mut self, stmt: &dyn sqlweave::Statement) -> Result<Row> {
        let r = stmt.render_for(&Postgres)?;
        let params = r.params_checked()?;
        let (first, more) = PgPrepared::checked(self, &r.sql, params)?.first_two(params)?;
        exactly_one(first, more, &r.sql)
    }

    fn fetch_one_with(
        &mut self,
        stmt: &dyn sqlweave::Statement,
        named: &[(&str, Value)],
    ) -> Result<Row> {
        let r = stmt.render_for(&Postgres)?;
        let params = r.bind_for(&Postgres, named)?;
        let (first, more) = PgPrepared::checked(self, &r.sql, &params)?.first_two(&params)?;
        exactly_one(first, more, &r.sql)
    }

    /// `COPY … FROM STDIN (FORMAT binary)`: the column types come from preparing a
    /// `SELECT` of the columns (one round trip), then the rows stream to the server in
    /// PostgreSQL's binary format, each value encoded as a parameter of the column's type
    /// would be. `progress` is called every 10,000 rows and at the end. A COPY is all or
    /// nothing by itself; inside a transaction it is part of it.
    fn bulk_load_rows(
        &mut self,
        table: &TableRef,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<Value>>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64> {
        copy::copy_in(self, table, columns, rows, progress)
    }

    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        if self.depth == 0 {
            self.control(&begin_sql(options))?;
            self.depth = 1;
            self.aborted = false;
            return Ok(());
        }
        if options.isolation.is_some() || options.read_only {
            return Err(nested_options_error());
        }
        let sql = savepoint_sql(&Postgres, SavepointAction::Create, self.depth + 1)?;
        self.control(&sql)?;
        self.depth += 1;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        match self.depth {
            0 => Err(no_transaction("commit")),
            1 => {
                if self.aborted {
                    // COMMIT would answer ROLLBACK without an error: say so instead.
                    let r = self.control("ROLLBACK");
                    self.depth = 0;
                    self.aborted = false;
                    r?;
                    return Err(Error::database(
                        DbErrorKind::Other,
                        Some("25P02".into()),
                        "the transaction was rolled back, not committed: a statement in it \
                         failed (PostgreSQL aborts the whole transaction on an error)",
                        "COMMIT",
                    ));
                }
                let r = self.control("COMMIT");
                // Committed, or rolled back by the server: either way it is over.
                self.depth = 0;
                self.aborted = false;
                r
            }
            level => {
                let sql = savepoint_sql(&Postgres, SavepointAction::Release, level)?;
                self.control(&sql)?;
                self.depth -= 1;
                Ok(())
            }
        }
    }

    fn rollback(&mut self) -> Result<()> {
        match self.depth {
            0 => Err(no_transaction("roll back")),
            1 => {
                let r = self.control("ROLLBACK");
                self.depth = 0;
                self.aborted = false;
                r
            }
            level => {
                let to = savepoint_sql(&Postgres, SavepointAction::RollbackTo, level)?;
                let release = savepoint_sql(&Postgres, SavepointAction::Release, level)?;
                let r = self.control(&format!("{to}; {release}"));
                self.depth -= 1;
                if r.is_ok() {
                    // Rolling back to a savepoint makes the transaction usable again.
                    self.aborted = false;
                }
                if self.client.borrow().is_closed() {
                    self.depth = 0;
                }
                r
            }
        }
    }

    fn transaction_depth(&self) -> usize {
        self.depth
    }
}

fn no_transaction(what: &str) -> Error {
    Error::Invalid(format!(
        "cannot {what}: no transaction is open on this connection"
    ))
}

fn nested_options_error() -> Error {
    Error::Invalid(
        "an isolation level or read-only mode can only be set on the outermost transaction; \
         inside one, begin opens a savepoint"
            .into(),
    )
}

/// Whether a prepared statement takes a parameter of an array type.
fn takes_array(statement: &Statement) -> bool {
    statement
        .params()
        .iter()
        .any(|t| matches!(t.kind(), postgres::types::Kind::Array(_)))
}

/// Prepared statements by SQL text, least recently used out first.
struct StatementCache {
    map: HashMap<String, CachedStatement>,
    capacity: usize,
    clock: u64,
}

struct CachedStatement {
    statement: Statement,
    meta: ColumnMeta,
    last_used: u64,
}

impl StatementCache {
    fn new(capacity: usize) -> Self {
        StatementCache {
            map: HashMap::new(),
            capacity,
            clock: 0,
        }
    }

    /// The statement and its result's column labels and types, made once when it was
    /// prepared.
    fn get_with_meta(&mut self, sql: &str) -> Option<(Statement, ColumnMeta)> {
        self.clock += 1;
        let entry = self.map.get_mut(sql)?;
        entry.last_used = self.clock;
        Some((entry.statement.clone(), entry.meta.clone()))
    }

    /// Keeps `statement`, unless it takes an array parameter (a long IN list sent as
    /// one array, `x = ANY($1)`). PostgreSQL plans a statement kept prepared with its
    /// parameters' values for five runs, then may switch to a generic plan, made once
    /// without them: there the array is an unknown parameter instead of a constant, and
    /// `x = ANY($1)` is a linear search of the whole array for every row (measured: 12 ms
    /// for 70,000 values over 40,000 rows with the values, 4.8 s on the generic plan).
    /// Prepared afresh for each run, the statement is always planned with its values.
    fn insert(&mut self, sql: &str, statement: Statement) {
        if self.capacity == 0 || takes_array(&statement) {
            return;
        }
        while self.map.len() >= self.capacity {
            self.evict_lru();
        }
        self.map.insert(
            sql.to_string(),
            CachedStatement {
                meta: column_info(&statement),
                statement,
                last_used: self.clock,
            },
        );
    }

    fn evict_lru(&mut self) {
        let oldest = self
            .map
            .iter()
            .min_by_key(|(_, c)| c.last_used)
            .map(|(sql, _)| sql.clone());
        if let Some(sql) = oldest {
            self.map.remove(&sql);
        }
    }
}
