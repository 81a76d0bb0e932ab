//! An async MySQL / MariaDB connection on mysql_async (feature `async`).
//!
//! mysql_async is the async sibling of the `mysql` crate the synchronous connection
//! uses (same author, both maintained, both on `mysql_common`), so values bind and rows
//! decode through the very same code (`bind.rs`, `decode.rs`), and errors are
//! classified by the same error-number table.

use std::future::Future;
use std::sync::Arc;

use mysql_async::prelude::Queryable;
use sqlweave::exec::{AsyncRowStream, Doomed, Interruptions, SavepointAction, savepoint_sql};
use sqlweave::{
    AsyncExecutor, DbErrorKind, Dialect, Error, Result, Row, Rows, TransactionOptions, Value,
};

use super::error::{CONNECT, classify};
use super::{bind, decode, log, nested_options_error, no_transaction, note};
use crate::{Flavor, MySql};

/// A MySQL or MariaDB connection for async code, on mysql_async: the operations of
/// [`MySqlConnection`](crate::MySqlConnection) through [`AsyncExecutor`], with the same
/// value binding, row decoding, error classification, `tracing` events and transaction
/// semantics (the server flavour is detected at connect time; `CLIENT_FOUND_ROWS` is
/// asked for, so an UPDATE counts the rows it matched).
///
/// Statements with parameters run as server-side prepared statements, cached per
/// connection by SQL text (mysql_async's `stmt_cache_size`, 32 by default). Rows stream
/// one at a time off the socket; the protocol cannot stop a result early, so the rest of
/// a stream dropped before its end is read and dropped before the next statement.
///
/// A future dropped while the server worked on its statement leaves the protocol at an
/// unknown point: the connection is then closed (the server rolls back what was open),
/// every later call fails with [`DbErrorKind::ConnectionLost`], and a pool discards it.
/// A transaction future dropped between statements is rolled back before the next call.
///
/// ```no_run
/// # async fn demo() -> sqlweave::Result<()> {
/// use sqlweave::{AsyncExecutor, Expr, Select, async_transaction};
/// use sqlweave_mysql::AsyncMySqlConnection;
///
/// let mut conn = AsyncMySqlConnection::connect("mysql://root@127.0.0.1:3306/test").await?;
/// // Renders `SELECT ? + ? AS `x`` and runs it as a prepared statement.
/// let row = conn.fetch_one(&Select::new().column_as(Expr::value(41_i64).add(1_i64), "x")).await?;
/// assert_eq!(row.get::<i64>(0)?, 42);
/// async_transaction(&mut conn, async |tx| tx.execute_sql("DO 1", &[]).await).await?;
/// # Ok(()) }
/// ```
pub struct AsyncMySqlConnection {
    /// `None` once closed after an interruption.
    conn: Option<mysql_async::Conn>,
    dialect: MySql,
    server_version: String,
    depth: usize,
    /// The server rolled the open transaction back on its own (a deadlock).
    aborted: bool,
    log_values: bool,
    interrupts: Interruptions,
    doomed: Doomed,
}

impl std::fmt::Debug for AsyncMySqlConnection {
    // Not derived: the driver's options hold the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncMySqlConnection")
            .field("server_version", &self.server_version)
            .field("flavor", &self.dialect.flavor)
            .field("connection_id", &self.conn.as_ref().map(|c| c.id()))
            .field("transaction_depth", &self.depth)
            .finish()
    }
}

/// mysql_async's error as sqlweave's, classified as the synchronous driver's are.
fn db_error(e: mysql_async::Error, sql: &str) -> Error {
    use mysql_async::{DriverError, Error as E};
    let connecting = sql == CONNECT;
    let lost = if connecting {
        DbErrorKind::ConnectionFailed
    } else {
        DbErrorKind::ConnectionLost
    };
    let (kind, code, message) = match e {
        E::Server(e) => {
            let kind = if connecting {
                DbErrorKind::ConnectionFailed
            } else {
                classify(e.code)
            };
            let message = format!("ERROR {} ({}): {}", e.code, e.state, e.message);
            (kind, Some(e.code.to_string()), message)
        }
        E::Driver(DriverError::StmtParamsMismatch { required, supplied }) => {
            return Error::Bind(format!(
                "the statement takes {required} parameters but {supplied} were given"
            ));
        }
        E::Io(e) => (lost, None, format!("I/O error: {e}")),
        E::Driver(e @ (DriverError::ConnectionClosed | DriverError::PacketOutOfOrder)) => {
            (lost, None, format!("driver error: {e}"))
        }
        E::Driver(e) => (DbErrorKind::Other, None, format!("driver error: {e}")),
        E::Url(e) => (
            DbErrorKind::ConnectionFailed,
            None,
            format!("invalid connection URL: {e}"),
        ),
        E::Other(e) => (lost, None, e.to_string()),
    };
    Error::database(kind, code, message, sql)
}

fn closed(sql: &str) -> Error {
    Error::database(
        DbErrorKind::ConnectionLost,
        None,
        "the connection was closed: a future was dropped while the server worked on its \
         statement, so the protocol's state was unknown",
        sql,
    )
}

impl AsyncMySqlConnection {
    /// Connects with a URL such as `mysql://user:password@127.0.0.1:3306/database`
    /// (mysql_async's URL parameters apply).
    pub async fn connect(url: &str) -> Result<Self> {
        let opts = mysql_async::Opts::from_url(url).map_err(|e| {
            Error::database(
                DbErrorKind::ConnectionFailed,
                None,
                format!("invalid connection URL: {e}"),
                CONNECT,
            )
        })?;
        Self::connect_with(opts).await
    }

    /// Connects with [`mysql_async::Opts`] built in code; `CLIENT_FOUND_ROWS` is added.
    pub async fn connect_with(opts: impl Into<mysql_async::Opts>) -> Result<Self> {
        let opts = mysql_async::OptsBuilder::from_opts(opts.into()).client_found_rows(true);
        let conn = mysql_async::Conn::new(opts)
            .await
            .map_err(|e| db_error(e, CONNECT))?;
        Self::from_conn(conn).await
    }

    /// Wraps a mysql_async connection the caller already has (not inside a
    /// transaction), detecting the server flavour with `SELECT VERSION()`.
    pub async fn from_conn(mut conn: mysql_async::Conn) -> Result<Self> {
        let version: Option<String> = conn
            .query_first("SELECT VERSION()")
            .await
            .map_err(|e| db_error(e, "SELECT VERSION()"))?;
        let server_version = version.unwrap_or_default();
        let dialect = if server_version.contains("MariaDB") {
            MySql::mariadb()
        } else {
            MySql::mysql8()
        };
        Ok(AsyncMySqlConnection {
            conn: Some(conn),
            dialect,
            server_version,
            depth: 0,
            aborted: false,
            log_values: false,
            interrupts: Interruptions::new(),
            doomed: Doomed::default(),
        })
    }

    /// Whether `tracing` events show parameter values (`false` by default).
    pub fn set_log_values(&mut self, show: bool) {
        self.log_values = show;
    }

    /// The server flavour detected at connect time.
    pub fn dialect_flavor(&self) -> Flavor {
        self.dialect.flavor
    }

    /// The server's version string.
    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// Whether the connection was closed after an interruption (see the type's
    /// documentation); a pool discards such a connection.
    pub fn is_closed(&self) -> bool {
        self.conn.is_none()
    }

    /// The underlying mysql_async connection (`None` once closed).
    pub fn conn(&mut self) -> Option<&mut mysql_async::Conn> {
        self.conn.as_mut()
    }

    /// The `AUTO_INCREMENT` value generated by the last `INSERT` (0 if none).
    pub fn last_insert_id(&self) -> u64 {
        self.conn
            .as_ref()
            .and_then(|c| c.last_insert_id())
            .unwrap_or(0)
    }

    /// Repairs what futures dropped mid-way left: closes the connection after an
    /// operation whose outcome is unknown; rolls back the levels of a dropped
    /// transaction future otherwise.
    async fn recover(&mut self) -> Result<()> {
        let pending = self.interrupts.take();
        if pending.is_clear() {
            return Ok(());
        }
        let held = pending
            .rollback_to
            .map_or(self.depth, |t| t.min(self.depth));
        if pending.in_flight {
            // Dropping it sends COM_QUIT when it can; the server rolls back.
            self.conn = None;
            self.depth = held;
            return Ok(());
        }
        let again = self.interrupts.transaction(held);
        while self.depth > held {
            let before = self.depth;
            if self.rollback_level().await.is_err() && self.depth >= before {
                break;
            }
        }
        again.finish();
        Ok(())
    }

    fn live(&mut self, sql: &str) -> Result<&mut mysql_async::Conn> {
        self.conn.as_mut().ok_or_else(|| closed(sql))
    }

    /// Runs transaction-control or raw SQL over the text protocol, reading the whole
    /// response (an error in a later statement of a batch is reported).
    async fn control(&mut self, sql: &str) -> Result<()> {
        log(self.dialect.name(), sql, &[], self.log_values);
        let conn = self.conn.as_mut().ok_or_else(|| closed(sql))?;
        let g = self.interrupts.operation();
        let outcome = match conn.query_iter(sql).await {
            Ok(result) => result.drop_result().await.map_err(|e| db_error(e, sql)),
            Err(e) => Err(db_error(e, sql)),
        };
        g.finish();
        outcome.map_err(|e| note(e, self.depth, &mut self.aborted))
    }

    async fn before_statement(&mut self, sql: &str, params: &[Value]) -> Result<mysql::Params> {
        self.recover().await?;
        self.doomed.check(sql)?;
        super::refuse_if_aborted(self.aborted, sql)?;
        self.live(sql)?;
        let bound = bind::params(params)?;
        log(self.dialect.name(), sql, params, self.log_values);
        Ok(bound)
    }

    /// Runs `sql` and returns all rows of its first result (the rest of the response
    /// is read, so a late error is reported), and the rows affected.
    async fn run(&mut self, sql: &str, params: &[Value], keep: bool) -> Result<(Rows, u64)> {
        let bound = self.before_statement(sql, params).await?;
        let conn = self.conn.as_mut().ok_or_else(|| closed(sql))?;
        let g = self.interrupts.operation();
        let outcome = async {
            let mut result = conn.exec_iter(sql, bound).await?;
            let affected = result.affected_rows();
            let columns = result.columns();
            let raw: Vec<mysql_async::Row> = if keep {
                result.collect().await?
            } else {
                Vec::new()
            };
            result.drop_result().await?;
            Ok((columns, raw, affected))
        }
        .await
        .map_err(|e: mysql_async::Error| db_error(e, sql));
        g.finish();
        let (columns, raw, affected) =
            outcome.map_err(|e| note(e, self.depth, &mut self.aborted))?;
        let mut rows = Vec::with_capacity(raw.len());
        if let Some(columns) = columns {
            let (info, header) = column_meta(&columns);
            for row in raw {
                let values = decode::row(row, &info)?;
                rows.push(Row::with_header(header.clone(), values));
            }
        }
        Ok((Rows { rows }, affected))
    }

    /// Runs `sql` and returns all rows.
    pub async fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        Ok(self.run(sql, params, true).await?.0)
    }

    /// Runs `sql` and returns the rows affected (matched, for an UPDATE).
    pub async fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        Ok(self.run(sql, params, false).await?.1)
    }

    /// Runs SQL text without parameters, possibly several statements.
    pub async fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.recover().await?;
        self.doomed.check(sql)?;
        super::refuse_if_aborted(self.aborted, sql)?;
        self.control(sql).await
    }

    /// Runs `sql` and streams the rows of its first result, each read off the socket
    /// and decoded when asked for.
    pub async fn stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<AsyncRowStream<'a>> {
        let bound = self.before_statement(sql, params).await?;
        let conn = self.conn.as_mut().ok_or_else(|| closed(sql))?;
        let g = self.interrupts.operation();
        let started = async {
            let result = conn.exec_iter(sql, bound).await?;
            result.stream_and_drop::<mysql_async::Row>().await
        }
        .await;
        g.finish();
        let stream = match started {
            Ok(stream) => stream,
            Err(e) => return Err(note(db_error(e, sql), self.depth, &mut self.aborted)),
        };
        let Some(stream) = stream else {
            return Ok(AsyncRowStream::new(futures_util::stream::empty()));
        };
        let (info, header) = column_meta(&stream.columns());
        let sql: Arc<str> = sql.into();
        let depth = self.depth;
        let aborted = &mut self.aborted;
        use futures_util::StreamExt;
        Ok(AsyncRowStream::new(stream.map(move |row| {
            row.map_err(|e| note(db_error(e, &sql), depth, aborted))
                .and_then(|row| decode::row(row, &info))
                .map(|values| Row::with_header(header.clone(), values))
        })))
    }

    async fn begin_level(&mut self, options: TransactionOptions) -> Result<()> {
        self.recover().await?;
        self.doomed.check("BEGIN")?;
        self.live("BEGIN")?;
        if self.depth == 0 {
            let start = if options.read_only {
                "START TRANSACTION READ ONLY"
            } else {
                "START TRANSACTION"
            };
            match options.isolation {
                Some(level) => {
                    self.control(&format!(
                        "SET TRANSACTION ISOLATION LEVEL {}; {start}",
                        level.as_sql()
                    ))
                    .await?
                }
                None => self.control(start).await?,
            }
            self.depth = 1;
            self.aborted = false;
            return Ok(());
        }
        if options.isolation.is_some() || options.read_only {
            return Err(nested_options_error());
        }
        let sql = savepoint_sql(&self.dialect, SavepointAction::Create, self.depth + 1)?;
        self.control(&sql).await?;
        self.depth += 1;
        Ok(())
    }

    async fn commit_level(&mut self) -> Result<()> {
        self.recover().await?;
        if (self.doomed.is_set() || self.conn.is_none()) && self.depth > 0 {
            self.depth -= 1;
            let err = if self.conn.is_none() {
                Err(closed("COMMIT"))
            } else {
                self.doomed.check("COMMIT")
            };
            self.doomed.closed_level(self.depth);
            return err;
        }
        match self.depth {
            0 => Err(no_transaction("commit")),
            1 => {
                let aborted = self.aborted;
                let r = self
                    .control(if aborted { "ROLLBACK" } else { "COMMIT" })
                    .await;
                self.depth = 0;
                self.aborted = false;
                r?;
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
                self.control(&sql).await?;
                self.depth -= 1;
                Ok(())
            }
        }
    }

    async fn rollback_level(&mut self) -> Result<()> {
        if (self.doomed.is_set() || self.conn.is_none()) && self.depth > 0 {
            // The server has rolled the whole transaction back already.
            self.depth -= 1;
            self.doomed.closed_level(self.depth);
            return Ok(());
        }
        match self.depth {
            0 => Err(no_transaction("roll back")),
            1 => {
                let r = self.control("ROLLBACK").await;
                self.depth = 0;
                self.aborted = false;
                r
            }
            level => {
                let to = savepoint_sql(&self.dialect, SavepointAction::RollbackTo, level)?;
                let release = savepoint_sql(&self.dialect, SavepointAction::Release, level)?;
                let r = match self.control(&to).await {
                    Ok(()) => self.control(&release).await,
                    Err(e) => Err(e),
                };
                self.depth -= 1;
                if self.aborted {
                    return Ok(());
                }
                r
            }
        }
    }
}

impl AsyncExecutor for AsyncMySqlConnection {
    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }
    fn query_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<Rows>> + Send {
        AsyncMySqlConnection::query_sql(self, sql, params)
    }
    fn execute_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<u64>> + Send {
        AsyncMySqlConnection::execute_sql(self, sql, params)
    }
    fn execute_raw_batch(&mut self, sql: &str) -> impl Future<Output = Result<()>> + Send {
        AsyncMySqlConnection::execute_raw_batch(self, sql)
    }
    fn stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<AsyncRowStream<'a>>> + Send {
        AsyncMySqlConnection::stream_sql(self, sql, params)
    }
    fn begin_with(
        &mut self,
        options: TransactionOptions,
    ) -> impl Future<Output = Result<()>> + Send {
        self.begin_level(options)
    }
    fn commit(&mut self) -> impl Future<Output = Result<()>> + Send {
        self.commit_level()
    }
    async fn rollback(&mut self) -> Result<()> {
        self.recover().await?;
        self.rollback_level().await
    }
    fn transaction_depth(&self) -> usize {
        self.depth
    }
    fn interruptions(&self) -> &Interruptions {
        &self.interrupts
    }
}

/// The columns of a result: how to decode each, their labels and their SQL types.
fn column_meta(cols: &[mysql::Column]) -> (Vec<decode::ColumnInfo>, Arc<sqlweave::RowHeader>) {
    let columns: Vec<decode::ColumnInfo> = cols.iter().map(decode::ColumnInfo::new).collect();
    let header = super::header_of(&columns);
    (columns, header)
}
