//! Running statements through the `mysql` crate: the connection, and the [`Executor`]
//! implementation. Binding values lives in `bind.rs`, decoding rows in `decode.rs`.

#[cfg(feature = "async")]
mod async_conn;
#[cfg(feature = "bb8")]
mod async_pool;
mod bind;
mod decode;
mod error;
#[cfg(feature = "r2d2")]
mod pool;

use std::borrow::BorrowMut;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;

use mysql::prelude::Queryable;
use sqlweave::exec::{LoggedParams, SavepointAction, savepoint_sql};
use sqlweave::{
    Cursor, DbErrorKind, Dialect, Error, Executor, PreparedSql, Result, Row, RowCallback,
    RowHeader, RowIter, Rows, TransactionOptions, Value,
};

#[cfg(feature = "async")]
pub use self::async_conn::AsyncMySqlConnection;
#[cfg(feature = "bb8")]
pub use self::async_pool::AsyncMySqlConnectionManager;
use self::error::{CONNECT, db_error};
#[cfg(feature = "r2d2")]
pub use self::pool::MySqlConnectionManager;
use crate::{Flavor, MySql};

/// A MySQL or MariaDB connection that runs sqlweave statements.
///
/// At connect time it asks the server for its version (`SELECT VERSION()`): a version
/// string that contains `MariaDB` selects [`MySql::mariadb()`], anything else
/// [`MySql::mysql8()`]. Statements run with that dialect.
///
/// Statements with parameters run as server-side prepared statements (the binary
/// protocol); the `mysql` crate keeps the prepared statements of each connection in a
/// cache keyed by SQL text, so running the same SQL again does not prepare it again.
///
/// # Values
///
/// Parameters: integers and `bool` (0 / 1) are sent as `BIGINT` (`u64` as
/// `BIGINT UNSIGNED`), floats as `FLOAT` / `DOUBLE` (NaN and infinities are an
/// [`Error::Value`]: MySQL cannot store them), text and bytes as strings. With the
/// features: dates and times as `DATETIME` / `TIME` to the microsecond, a `TimestampTz` as
/// its UTC wall-clock time (right for `DATETIME` columns; a `TIMESTAMP` column reads it in
/// the session's `time_zone`), UUIDs, JSON and decimals as their text.
///
/// Rows: integer columns read as `I64` (`U64` for `BIGINT UNSIGNED` values past
/// `i64::MAX`), `FLOAT` as `F32`, `DOUBLE` as `F64`, `DECIMAL` (including `SUM` / `AVG` of
/// exact numbers) as `Decimal` with the `decimal` feature, else as its exact text. Strings
/// with a character set read as `Text`, binary strings and BLOBs as `Bytes`. `DATE`,
/// `DATETIME`, `TIMESTAMP` and `TIME` read as chrono values with the `chrono` feature, else
/// as text (`2024-02-29 13:04:05.000060`); a `TIME` outside 00:00–24:00 or a zero date is
/// then an [`Error::Decode`]. `BIT(n)` reads as an integer; MySQL 8's `JSON` as `Json` with
/// the `json` feature, else text (MariaDB's JSON is a `LONGTEXT`: text).
///
/// # Transactions, streaming, errors, logging
///
/// `START TRANSACTION [READ ONLY]` (after `SET TRANSACTION ISOLATION LEVEL …` for a
/// level), nested levels savepoints. DDL commits an open transaction implicitly (MySQL's
/// rule): keep it out of transactions. A deadlock makes the server roll the whole
/// transaction back; committing it afterwards is an error saying so. Rows stream one at a
/// time, but the protocol cannot stop a result early: the rest is read and dropped. An
/// error the server sends for one of the rows left unread of a dropped cursor (a deadlock
/// on a later row of a `SELECT … FOR UPDATE`) is kept: inside a transaction it fails the
/// transaction, so COMMIT rolls back and returns it; outside one the next statement
/// returns it. Errors are classified from the error number ([`sqlweave::DbErrorKind`]). Every
/// statement is a `tracing` event (target `sqlweave::sql`, DEBUG) with values redacted
/// unless [`MySqlConnection::set_log_values`].
///
/// ```no_run
/// use sqlweave::{Executor, Expr, Select};
/// use sqlweave_mysql::{Flavor, MySqlConnection};
///
/// let mut conn = MySqlConnection::connect("mysql://root@127.0.0.1:3306/test")?;
/// println!("{} {}", conn.server_version(), conn.dialect_flavor() == Flavor::MariaDb);
/// let q = Select::new().column_as(Expr::value(41_i64).add(1_i64), "x");
/// // Renders `SELECT ? + ? AS `x`` and runs it as a prepared statement.
/// let rows = conn.fetch_all(&q)?;
/// assert_eq!(rows.rows[0].get::<i64>(0)?, 42);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct MySqlConnection<C = mysql::Conn> {
    conn: C,
    dialect: MySql,
    server_version: String,
    depth: usize,
    /// The server rolled the open transaction back on its own (a deadlock): a COMMIT
    /// would commit nothing, and what runs next would run outside any transaction.
    aborted: bool,
    /// The error that the rest of a dropped cursor's rows ended in (read when the
    /// iterator was dropped, with nobody to return it to). Inside a transaction it also
    /// set `aborted`, and explains the refusals and the failed COMMIT; outside one, the
    /// next statement returns it.
    dropped: Option<Error>,
    log_values: bool,
}

impl<C: BorrowMut<mysql::Conn>> fmt::Debug for MySqlConnection<C> {
    // Not derived: `mysql::Conn`'s Debug output includes its options, password included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MySqlConnection")
            .field("server_version", &self.server_version)
            .field("flavor", &self.dialect.flavor)
            .field("connection_id", &self.conn.borrow().connection_id())
            .field("transaction_depth", &self.depth)
            .finish()
    }
}

impl MySqlConnection {
    /// Connects with a URL such as `mysql://user:password@127.0.0.1:3306/database`
    /// (the URL parameters of [`mysql::Opts::from_url`] apply, e.g. `stmt_cache_size`).
    ///
    /// The connection asks for `CLIENT_FOUND_ROWS`, so [`Executor::execute`] counts the rows
    /// an `UPDATE` *matched*, as SQLite and PostgreSQL do, not only those it changed.
    /// Errors are [`Error::Database`] with `sql` set to `"<connect>"`; the message may name
    /// the server's address but never the password.
    pub fn connect(url: &str) -> Result<Self> {
        let opts = mysql::Opts::from_url(url).map_err(|e| {
            Error::database(
                DbErrorKind::ConnectionFailed,
                None,
                format!("invalid connection URL: {e}"),
                CONNECT,
            )
        })?;
        Self::connect_with(opts)
    }

    /// Connects with [`mysql::Opts`] built in code (`mysql::OptsBuilder`: host, port,
    /// user, password, database, timeouts, statement cache size …). As with
    /// [`MySqlConnection::connect`], `CLIENT_FOUND_ROWS` is added.
    ///
    /// ```no_run
    /// use sqlweave_mysql::{MySqlConnection, mysql};
    /// let opts = mysql::OptsBuilder::new()
    ///     .ip_or_hostname(Some("127.0.0.1"))
    ///     .user(Some("root"))
    ///     .db_name(Some("test"));
    /// let conn = MySqlConnection::connect_with(opts)?;
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn connect_with(opts: impl Into<mysql::Opts>) -> Result<Self> {
        let opts: mysql::Opts = opts.into();
        let caps =
            opts.get_additional_capabilities() | mysql::consts::CapabilityFlags::CLIENT_FOUND_ROWS;
        let opts = mysql::OptsBuilder::from_opts(opts).additional_capabilities(caps);
        let conn = mysql::Conn::new(opts).map_err(|e| db_error(e, CONNECT))?;
        Self::from_conn(conn)
    }
}

impl<C: BorrowMut<mysql::Conn>> MySqlConnection<C> {
    /// Wraps a `mysql` connection the caller already has — owned, or borrowed
    /// (`&mut mysql::Conn`, e.g. `pooled.as_mut()` from a `mysql::Pool` or a pool of the
    /// application's own) for as long as the wrapper lives — detecting the server
    /// flavour (this runs `SELECT VERSION()`, hence the `Result`). The statement cache
    /// is the `mysql` connection's, so it outlives the wrapper. It must not be inside a
    /// transaction.
    ///
    /// The connection's own options stay as they are: without `CLIENT_FOUND_ROWS`,
    /// an `UPDATE` reports only the rows it changed.
    ///
    /// ```no_run
    /// use sqlweave::Executor;
    /// use sqlweave_mysql::{MySqlConnection, mysql};
    ///
    /// let pool = mysql::Pool::new("mysql://root@127.0.0.1:3306/test").unwrap();
    /// let mut pooled = pool.get_conn().unwrap();
    /// let mut conn = MySqlConnection::from_conn(pooled.as_mut())?; // borrowed
    /// conn.query_sql("SELECT 1", &[])?;
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn from_conn(mut conn: C) -> Result<Self> {
        let version: Option<String> = conn
            .borrow_mut()
            .query_first("SELECT VERSION()")
            .map_err(|e| db_error(e, "SELECT VERSION()"))?;
        let server_version = version.unwrap_or_default();
        let dialect = if server_version.contains("MariaDB") {
            MySql::mariadb()
        } else {
            MySql::mysql8()
        };
        Ok(MySqlConnection {
            conn,
            dialect,
            server_version,
            depth: 0,
            aborted: false,
            dropped: None,
            log_values: false,
        })
    }

    /// Whether the `tracing` events of executed statements (target `sqlweave::sql`,
    /// level DEBUG) show parameter values; `false` by default, when they only say how
    /// many values there were.
    pub fn set_log_values(&mut self, show: bool) {
        self.log_values = show;
    }

    fn log(&self, sql: &str, params: &[Value]) {
        log(self.dialect.name(), sql, params, self.log_values);
    }

    /// Runs transaction-control SQL over the text protocol.
    fn control(&mut self, sql: &str) -> Result<()> {
        self.log(sql, &[]);
        let outcome = match self.conn.borrow_mut().query_iter(sql) {
            Ok(mut result) => drain(&mut result, sql),
            Err(e) => Err(db_error(e, sql)),
        };
        outcome.map_err(|e| self.note(e))
    }

    /// Notes an error that means the server rolled the open transaction back.
    fn note(&mut self, err: Error) -> Error {
        note(err, self.depth, &mut self.aborted)
    }

    /// Runs `sql` as a prepared statement, handing each row of its first result to
    /// `on_row`; returns the rows affected.
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        on_row: Option<&mut RowCallback<'_>>,
    ) -> Result<u64> {
        refuse(self.aborted, &mut self.dropped, sql)?;
        let bound = bind::params(params)?;
        MySqlPrepared::new(self, sql)?.run(params, bound, on_row)
    }

    /// The underlying `mysql` connection, for what sqlweave does not cover.
    pub fn conn(&mut self) -> &mut mysql::Conn {
        self.conn.borrow_mut()
    }

    /// Gives the `mysql` connection (or the borrow of it) back.
    pub fn into_conn(self) -> C {
        self.conn
    }

    /// The server flavour detected at connect time.
    pub fn dialect_flavor(&self) -> Flavor {
        self.dialect.flavor
    }

    /// The server's version string, as `SELECT VERSION()` returned it
    /// (e.g. `10.11.6-MariaDB` or `8.0.36`).
    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// The `AUTO_INCREMENT` value generated by the last `INSERT` (0 if it generated none).
    pub fn last_insert_id(&self) -> u64 {
        self.conn.borrow().last_insert_id()
    }
}

/// Emits the `tracing` event of an executed statement (values redacted unless asked).
fn log(db: &str, sql: &str, params: &[Value], show_values: bool) {
    tracing::debug!(
        target: "sqlweave::sql",
        db,
        sql,
        params = %LoggedParams::new(params, show_values),
        "execute"
    );
}

/// Notes an error that made the server roll the open transaction back.
fn note(err: Error, depth: usize, aborted: &mut bool) -> Error {
    if depth > 0
        && matches!(
            err.db_kind(),
            Some(DbErrorKind::Deadlock | DbErrorKind::ConnectionLost)
        )
    {
        *aborted = true;
    }
    err
}

/// After the server rolled the transaction back (deadlock, lost connection), running on
/// would autocommit outside it: refused until the caller rolls back.
fn refuse_if_aborted(aborted: bool, sql: &str) -> Result<()> {
    if aborted {
        return Err(Error::Database {
            kind: DbErrorKind::Other,
            code: None,
            message: "the transaction was rolled back by the server (deadlock or lost connection); roll back before running more statements".into(),
            sql: sql.to_string(),
        });
    }
    Ok(())
}

/// [`refuse_if_aborted`], and the error that the rows of a dropped cursor ended in:
/// inside a transaction (which it marked failed) it explains each refusal; outside one,
/// the next statement returns it, once.
fn refuse(aborted: bool, dropped: &mut Option<Error>, sql: &str) -> Result<()> {
    let Some(cause) = dropped.as_ref() else {
        return refuse_if_aborted(aborted, sql);
    };
    let (kind, code, message) = match cause {
        Error::Database {
            kind,
            code,
            message,
            ..
        } => (*kind, code.clone(), message.clone()),
        other => (DbErrorKind::Other, None, other.to_string()),
    };
    if aborted {
        return Err(Error::database(
            kind,
            code,
            format!(
                "the transaction failed: the rows of a statement in it were dropped before \
                 their end, and the server then reported: {message}; roll back before \
                 running more statements"
            ),
            sql,
        ));
    }
    let cause = dropped.take().map_or_else(String::new, |e| match e {
        Error::Database { sql, .. } => sql,
        _ => String::new(),
    });
    Err(Error::database(
        kind,
        code,
        format!(
            "the rows of an earlier statement were dropped before their end, and the server \
             then reported: {message}"
        ),
        cause,
    ))
}

/// How to decode a result's columns, and their labels and type names for [`Row`]s.
struct ColumnMeta {
    /// The columns as the server described them, to tell whether a new result has the
    /// same ones.
    raw: Vec<mysql::Column>,
    columns: Vec<decode::ColumnInfo>,
    header: Arc<RowHeader>,
}

impl ColumnMeta {
    fn new(cols: &[mysql::Column]) -> Self {
        let columns: Vec<decode::ColumnInfo> = cols.iter().map(decode::ColumnInfo::new).collect();
        let header = header_of(&columns);
        ColumnMeta {
            raw: cols.to_vec(),
            columns,
            header,
        }
    }

    /// `last` when the result's columns are the same as then, else worked out anew.
    fn for_result(last: &mut Option<ColumnMeta>, cols: &[mysql::Column]) -> ColumnMeta {
        match last.take() {
            Some(meta) if meta.raw == cols => meta,
            _ => ColumnMeta::new(cols),
        }
    }

    fn row(&self, row: mysql::Row) -> Result<Row> {
        decode::row(row, &self.columns).map(|values| Row::with_header(self.header.clone(), values))
    }
}

/// The labels and SQL type names of a result's columns, shared by its rows.
fn header_of(columns: &[decode::ColumnInfo]) -> Arc<RowHeader> {
    Arc::new(RowHeader::new(
        columns.iter().map(|c| c.name.clone()).collect(),
        columns.iter().map(|c| c.type_name.clone()).collect(),
    ))
}

/// A statement prepared on the server (through the `mysql` connection's statement
/// cache), run with new values: one `COM_STMT_EXECUTE` per run. What
/// [`Executor::prepare_sql`] returns, and what every statement with a result goes
/// through.
struct MySqlPrepared<'a> {
    conn: &'a mut mysql::Conn,
    stmt: mysql::Statement,
    db: &'static str,
    dialect: MySql,
    depth: usize,
    aborted: &'a mut bool,
    dropped: &'a mut Option<Error>,
    log_values: bool,
    sql: String,
    /// The last result's column metadata, used again while the columns stay the same.
    meta: Option<ColumnMeta>,
}

impl<'a> MySqlPrepared<'a> {
    fn new<C: BorrowMut<mysql::Conn>>(conn: &'a mut MySqlConnection<C>, sql: &str) -> Result<Self> {
        refuse(conn.aborted, &mut conn.dropped, sql)?;
        // `prep` looks the text up in the connection's statement cache
        // (`stmt_cache_size`, 32 by default) and prepares it on the server only on a miss.
        let stmt = match conn.conn.borrow_mut().prep(sql) {
            Ok(stmt) => stmt,
            Err(e) => return Err(conn.note(db_error(e, sql))),
        };
        Ok(MySqlPrepared {
            conn: conn.conn.borrow_mut(),
            stmt,
            db: conn.dialect.name(),
            dialect: conn.dialect,
            depth: conn.depth,
            aborted: &mut conn.aborted,
            dropped: &mut conn.dropped,
            log_values: conn.log_values,
            sql: sql.to_owned(),
            meta: None,
        })
    }

    /// Runs with `bound` (`params` converted), handing each row of the first result to
    /// `on_row`; returns the rows affected.
    fn run(
        &mut self,
        params: &[Value],
        bound: mysql::Params,
        mut on_row: Option<&mut RowCallback<'_>>,
    ) -> Result<u64> {
        let sql = self.sql.as_str();
        refuse(*self.aborted, self.dropped, sql)?;
        log(self.db, sql, params, self.log_values);
        let outcome = match self.conn.exec_iter(&self.stmt, bound) {
            Err(e) => Err(db_error(e, sql)),
            Ok(mut result) => {
                let affected = result.affected_rows();
                let mut outcome = Ok(affected);
                if let Some(mut set) = result.iter() {
                    let meta = ColumnMeta::for_result(&mut self.meta, set.columns().as_ref());
                    for row in set.by_ref() {
                        let Some(f) = on_row.as_mut() else {
                            if let Err(e) = row {
                                outcome = Err(db_error(e, sql));
                                break;
                            }
                            continue;
                        };
                        let step = row
                            .map_err(|e| db_error(e, sql))
                            .and_then(|row| meta.row(row))
                            .and_then(&mut **f);
                        match step {
                            Ok(ControlFlow::Continue(())) => {}
                            Ok(ControlFlow::Break(())) => break,
                            Err(e) => {
                                outcome = Err(e);
                                break;
                            }
                        }
                    }
                    self.meta = Some(meta);
                }
                // The rest of the response is read (MySQL cannot stop a result early), so
                // that a late error is reported and the connection stays usable.
                match (outcome, drain(&mut result, sql)) {
                    (Err(e), _) | (Ok(_), Err(e)) => Err(e),
                    (Ok(n), Ok(())) => Ok(n),
                }
            }
        };
        outcome.map_err(|e| note(e, self.depth, self.aborted))
    }
}

impl PreparedSql for MySqlPrepared<'_> {
    fn sql(&self) -> &str {
        &self.sql
    }

    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }

    /// Rows are decoded one at a time as they arrive. MySQL's protocol cannot stop a
    /// result early: when `f` stops, the rest is read and dropped.
    fn for_each_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        let bound = bind::params(params)?;
        self.run(params, bound, Some(f)).map(|_| ())
    }

    fn execute(&mut self, params: &[Value]) -> Result<u64> {
        let bound = bind::params(params)?;
        self.run(params, bound, None)
    }

    /// Rows of the first result, each read off the socket when asked for. At its end
    /// the rest of the response is read, so that a later error (a procedure that fails
    /// after its first SELECT) is the last item. Dropping the iterator earlier reads the
    /// rest too, since MySQL cannot stop a result early; an error the server sends for a
    /// later row (a deadlock on a row of a `SELECT … FOR UPDATE`) is not lost: inside a
    /// transaction it marks the transaction failed, so later statements are refused and
    /// [`Executor::commit`] rolls back and returns it; outside one, the next statement
    /// returns it.
    fn rows(&mut self, params: &[Value]) -> Result<RowIter<'_>> {
        let sql = self.sql.as_str();
        refuse(*self.aborted, self.dropped, sql)?;
        let bound = bind::params(params)?;
        log(self.db, sql, params, self.log_values);
        let (depth, aborted) = (self.depth, &mut *self.aborted);
        let result = match self.conn.exec_iter(&self.stmt, bound) {
            Ok(result) => result,
            Err(e) => return Err(note(db_error(e, sql), depth, aborted)),
        };
        let meta = ColumnMeta::for_result(&mut self.meta, result.columns().as_ref());
        Ok(RowIter::new(StreamedRows {
            result,
            meta,
            sql,
            depth,
            aborted,
            dropped: &mut *self.dropped,
            done: false,
        }))
    }
}

/// The rows of one execution, read off the socket as asked for ([`MySqlPrepared::rows`]).
/// Dropped before its end, it reads the rest of the response itself: the `mysql`
/// crate's `QueryResult` would too, but would ignore an error the server sends for a
/// later row, and a deadlock there rolls the whole transaction back unseen.
struct StreamedRows<'a> {
    result: mysql::QueryResult<'a, 'a, 'a, mysql::Binary>,
    meta: ColumnMeta,
    sql: &'a str,
    depth: usize,
    aborted: &'a mut bool,
    dropped: &'a mut Option<Error>,
    /// The response was read to its end, or an error was handed over.
    done: bool,
}

impl Iterator for StreamedRows<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        if self.done {
            return None;
        }
        match self.result.next() {
            Some(Ok(row)) => Some(self.meta.row(row)),
            Some(Err(e)) => {
                self.done = true;
                Some(Err(note(db_error(e, self.sql), self.depth, self.aborted)))
            }
            None => {
                self.done = true;
                drain(&mut self.result, self.sql)
                    .err()
                    .map(|e| Err(note(e, self.depth, self.aborted)))
            }
        }
    }
}

impl Drop for StreamedRows<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Err(e) = drain(&mut self.result, self.sql) {
            let e = note(e, self.depth, self.aborted);
            tracing::debug!(target: "sqlweave::sql", error = %e, "dropped rows ended in an error");
            // Nobody is left to return it to. Inside a transaction the statement failed
            // (and a deadlock or a lost connection took the whole transaction with it):
            // the transaction is failed, so that COMMIT cannot report a success.
            if self.depth > 0 {
                *self.aborted = true;
            }
            *self.dropped = Some(e);
        }
    }
}

/// A prepared statement and its values, for [`Executor::cursor`].
struct MySqlCursor<'a> {
    prepared: MySqlPrepared<'a>,
    params: Vec<Value>,
}

impl Cursor for MySqlCursor<'_> {
    fn rows(&mut self) -> Result<RowIter<'_>> {
        self.prepared.rows(&self.params)
    }
}

/// Reads the rest of a response, so that an error in a later result set (a multi-statement
/// batch, a stored procedure) is reported instead of silently dropped, as dropping a
/// `QueryResult` would do.
fn drain<P: mysql::prelude::Protocol>(
    result: &mut mysql::QueryResult<'_, '_, '_, P>,
    sql: &str,
) -> Result<()> {
    while let Some(set) = result.iter() {
        for row in set {
            row.map_err(|e| db_error(e, sql))?;
        }
    }
    Ok(())
}

impl<C: BorrowMut<mysql::Conn>> Executor for MySqlConnection<C> {
    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }

    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        let mut out = Vec::new();
        self.run(
            sql,
            params,
            Some(&mut |row| {
                out.push(row);
                Ok(ControlFlow::Continue(()))
            }),
        )?;
        Ok(Rows { rows: out })
    }

    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        // Same statement cache as `query_sql`; the response is read to its end, since
        // dropping it unread would ignore errors that arrive late.
        self.run(sql, params, None)
    }

    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        // The text protocol (COM_QUERY) runs several `;`-separated statements in one go.
        // `query_drop` would stop reading at the first result and drop the errors of later
        // statements, so the response is read here to the end.
        refuse(self.aborted, &mut self.dropped, sql)?;
        self.control(sql)
    }

    /// Rows are decoded one at a time as they arrive. MySQL's protocol cannot stop a
    /// result early: when `f` stops, the rest is read and dropped.
    fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        self.run(sql, params, Some(f)).map(|_| ())
    }

    fn cursor_sql<'a>(&'a mut self, sql: &str, params: &[Value]) -> Result<Box<dyn Cursor + 'a>> {
        refuse(self.aborted, &mut self.dropped, sql)?;
        bind::params(params)?;
        Ok(Box::new(MySqlCursor {
            prepared: MySqlPrepared::new(self, sql)?,
            params: params.to_vec(),
        }))
    }

    fn prepare_sql<'a>(&'a mut self, sql: &str) -> Result<Box<dyn PreparedSql + 'a>> {
        Ok(Box::new(MySqlPrepared::new(self, sql)?))
    }

    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        if self.depth == 0 {
            refuse(false, &mut self.dropped, "START TRANSACTION")?;
            let start = if options.read_only {
                "START TRANSACTION READ ONLY"
            } else {
                "START TRANSACTION"
            };
            match options.isolation {
                // Without SESSION / GLOBAL it applies to the next transaction only; both
                // statements go in one round trip.
                Some(level) => self.control(&format!(
                    "SET TRANSACTION ISOLATION LEVEL {}; {start}",
                    level.as_sql()
                ))?,
                None => self.control(start)?,
            }
            self.depth = 1;
            self.aborted = false;
            return Ok(());
        }
        if options.isolation.is_some() || options.read_only {
            return Err(nested_options_error());
        }
        let sql = savepoint_sql(&self.dialect, SavepointAction::Create, self.depth + 1)?;
        self.control(&sql)?;
        self.depth += 1;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        match self.depth {
            0 => Err(no_transaction("commit")),
            1 => {
                let aborted = self.aborted;
                let dropped = self.dropped.take();
                let r = self.control(if aborted { "ROLLBACK" } else { "COMMIT" });
                self.depth = 0;
                self.aborted = false;
                r?;
                if let (true, Some(cause)) = (aborted, &dropped) {
                    let (kind, code) = match cause {
                        Error::Database { kind, code, .. } => (*kind, code.clone()),
                        _ => (DbErrorKind::Other, None),
                    };
                    return Err(Error::database(
                        kind,
                        code,
                        format!(
                            "the transaction was rolled back, not committed: the rows of a \
                             statement in it were dropped before their end, and the server \
                             then reported: {cause}"
                        ),
                        "COMMIT",
                    ));
                }
                if aborted {
                    return Err(Error::database(
                        DbErrorKind::Other,
                        None,
                        "the transaction was rolled back, not committed: the server rolled it \
                         back when a statement in it failed (a deadlock or a lost connection)",
                        "COMMIT",
                    ));
                }
                Ok(())
            }
            level => {
                let sql = savepoint_sql(&self.dialect, SavepointAction::Release, level)?;
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
                self.dropped = None;
                r
            }
            level => {
                let to = savepoint_sql(&self.dialect, SavepointAction::RollbackTo, level)?;
                let release = savepoint_sql(&self.dialect, SavepointAction::Release, level)?;
                let r = self.control(&to).and_then(|()| self.control(&release));
                self.depth -= 1;
                if self.aborted {
                    // The server already rolled the whole transaction back; the
                    // savepoint is gone with it, and the outer levels stay doomed.
                    return Ok(());
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
