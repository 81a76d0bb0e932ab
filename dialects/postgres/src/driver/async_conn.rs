//! The same operations on tokio-postgres (feature `async`).

use std::future::Future;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::{FutureExt, TryStreamExt, pin_mut};
use postgres::types::ToSql;
use sqlweave::exec::{AsyncRowStream, Doomed, Interruptions, SavepointAction, savepoint_sql};
use sqlweave::{
    DbErrorKind, Error, Rendered, Result, Row, Rows, Statement as SqlStatement, TransactionOptions,
    Value,
};
use tokio_postgres::{Client, NoTls, Statement};

use super::encode::{Param, as_sql};
use super::error::{CONNECT, db_error, is_stale_statement};
use super::{
    ColumnMeta, DEFAULT_STATEMENT_CACHE_CAPACITY, FIRST_BATCH, MAX_BATCH, StatementCache,
    begin_sql, check_arity, check_params, column_info, decode_row, log, nested_options_error,
    no_transaction, stopped,
};
use crate::Postgres;

/// The callback of an async streaming read ([`AsyncPgConnection::for_each_row`]).
pub type SendRowCallback<'a> = dyn FnMut(Row) -> Result<ControlFlow<()>> + Send + 'a;

/// A PostgreSQL connection over tokio-postgres: the operations of
/// [`PgConnection`](crate::PgConnection) as `async` methods, with the same value
/// encoding and decoding, statement cache, transactions and error classification.
///
/// The futures it returns are `Send`, so they can run in spawned tasks. A transaction
/// whose future is dropped before it finished (a timeout, a cancelled task) is rolled
/// back when the connection is next used.
///
/// ```no_run
/// # async fn demo() -> sqlweave::Result<()> {
/// use sqlweave::{Expr, Select};
/// use sqlweave_postgres::AsyncPgConnection;
///
/// let mut conn = AsyncPgConnection::connect("host=127.0.0.1 user=postgres dbname=test").await?;
/// let row = conn.fetch_one(&Select::new().column_as(Expr::value(42_i64), "answer")).await?;
/// assert_eq!(row.get::<i64>(0)?, 42);
/// conn.transaction(async |tx| {
///     tx.execute_sql("CREATE TEMPORARY TABLE t (id int8)", &[]).await?;
///     tx.execute_sql("INSERT INTO t VALUES ($1)", &[1_i64.into()]).await
/// })
/// .await?;
/// # Ok(()) }
/// ```
pub struct AsyncPgConnection {
    client: Client,
    cache: StatementCache,
    depth: usize,
    aborted: bool,
    log_values: bool,
    /// What futures dropped mid-way left behind (repaired before the next operation).
    interrupts: Interruptions,
    /// The levels still counted after an interruption rolled the transaction back.
    doomed: Doomed,
    /// The rest of a row stream dropped before its end inside a transaction, looked at
    /// before the next operation.
    dropped_rows: Option<DroppedRows>,
}

/// What became of the rows a [`PgRowStream`] dropped before its end inside a
/// transaction left unread. The server may still send an error for one of them (the
/// statement failed, and PostgreSQL aborted the transaction), which must mark the
/// transaction failed: its COMMIT would otherwise be answered with a silent rollback.
enum DroppedRows {
    /// A task of the stream's runtime reads the rest; it returns the error the response
    /// ended with, if any.
    Draining(tokio::task::JoinHandle<Result<(), tokio_postgres::Error>>),
    /// Dropped outside a tokio runtime, where no task could read them: the connection
    /// drops them, and the next operation asks the server whether the transaction still
    /// stands.
    Unchecked,
}

impl std::fmt::Debug for AsyncPgConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncPgConnection")
            .field("closed", &self.client.is_closed())
            .field("cached_statements", &self.cache.map.len())
            .field("transaction_depth", &self.depth)
            .finish_non_exhaustive()
    }
}

fn render(
    stmt: &dyn SqlStatement,
    named: Option<&[(&str, Value)]>,
) -> Result<(String, Vec<Value>)> {
    let r: Rendered = stmt.render_for(&Postgres)?;
    let params = match named {
        None => r.params_checked()?.to_vec(),
        Some(named) => r.bind_for(&Postgres, named)?,
    };
    Ok((r.sql, params))
}

impl AsyncPgConnection {
    /// Connects without TLS (a libpq-style string or URL) and spawns the connection's
    /// I/O task on the current tokio runtime.
    pub async fn connect(params: &str) -> Result<Self> {
        let (client, connection) = tokio_postgres::connect(params, NoTls)
            .await
            .map_err(|e| db_error(&e, CONNECT))?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(target: "sqlweave::sql", error = %e, "PostgreSQL connection closed");
            }
        });
        Ok(Self::from_client(client))
    }

    /// Wraps a client the caller already has (whose connection task the caller runs).
    pub fn from_client(client: Client) -> Self {
        AsyncPgConnection {
            client,
            cache: StatementCache::new(DEFAULT_STATEMENT_CACHE_CAPACITY),
            depth: 0,
            aborted: false,
            log_values: false,
            interrupts: Interruptions::new(),
            doomed: Doomed::default(),
            dropped_rows: None,
        }
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The dialect statements are rendered for.
    pub fn dialect(&self) -> &'static Postgres {
        &Postgres
    }

    /// Whether `tracing` events show parameter values (`false` by default).
    pub fn set_log_values(&mut self, show: bool) {
        self.log_values = show;
    }

    /// How many prepared statements the connection holds.
    pub fn cached_statements(&self) -> usize {
        self.cache.map.len()
    }

    /// How many levels are open: 0 outside a transaction, then one per level.
    pub fn transaction_depth(&self) -> usize {
        self.depth
    }

    fn fail(&mut self, e: &tokio_postgres::Error, sql: &str) -> Error {
        if self.depth > 0 && (e.as_db_error().is_some() || self.client.is_closed()) {
            self.aborted = true;
        }
        let mut err = db_error(e, sql);
        if self.client.is_closed()
            && let Error::Database { kind, .. } = &mut err
        {
            *kind = DbErrorKind::ConnectionLost;
        }
        err
    }

    /// Repairs what futures dropped mid-way left behind (see
    /// [`sqlweave::exec::Interruptions`]): a statement or control whose outcome is
    /// unknown rolls the whole transaction back (`ROLLBACK` outside one only warns) and
    /// dooms the levels the caller still holds; a dropped transaction future with nothing
    /// in flight rolls back the levels it opened.
    async fn recover(&mut self) -> Result<()> {
        self.check_dropped_rows().await?;
        let pending = self.interrupts.take();
        if pending.is_clear() {
            return Ok(());
        }
        let held = pending
            .rollback_to
            .map_or(self.depth, |t| t.min(self.depth));
        if pending.in_flight {
            let g = self.interrupts.operation();
            let r = self.client.batch_execute("ROLLBACK").await;
            g.finish();
            self.depth = held;
            self.aborted = false;
            self.doomed.set(held);
            return r.map_err(|e| self.fail(&e, "ROLLBACK"));
        }
        while self.depth > held {
            self.rollback_level().await?;
        }
        Ok(())
    }

    /// Waits for the rest of a row stream dropped inside a transaction (see
    /// [`DroppedRows`]): if it ended in an error, or if the server says the transaction
    /// failed, the transaction is marked failed, so that committing it is an error. A
    /// future dropped while waiting leaves the check to the next operation.
    async fn check_dropped_rows(&mut self) -> Result<()> {
        let outcome = match &mut self.dropped_rows {
            None => return Ok(()),
            // A task cancelled (its runtime shut down) leaves the question to the server.
            Some(DroppedRows::Draining(task)) => task.await.ok(),
            Some(DroppedRows::Unchecked) => None,
        };
        let outcome = match outcome {
            Some(outcome) => outcome,
            None => {
                // Refused with SQLSTATE 25P02 when the transaction has failed.
                let g = self.interrupts.operation();
                let probe = self.client.simple_query("SELECT 1").await;
                g.finish();
                probe.map(drop)
            }
        };
        self.dropped_rows = None;
        if let Err(e) = outcome {
            let err = self.fail(&e, "<rows of a dropped stream>");
            tracing::debug!(target: "sqlweave::sql", error = %err, "dropped rows ended in an error");
            if self.client.is_closed() {
                return Err(err);
            }
        }
        Ok(())
    }

    /// The prepared statement for `sql` and its result's column labels and types, from
    /// the cache or freshly prepared.
    async fn statement(&mut self, sql: &str) -> Result<(Statement, ColumnMeta)> {
        if let Some(found) = self.cache.get_with_meta(sql) {
            return Ok(found);
        }
        let g = self.interrupts.operation();
        let prepared = self.client.prepare(sql).await;
        g.finish();
        match prepared {
            Ok(stmt) => {
                self.cache.insert(sql, stmt.clone());
                let meta = column_info(&stmt);
                Ok((stmt, meta))
            }
            Err(e) => Err(self.fail(&e, sql)),
        }
    }

    async fn prepare_run(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<(Statement, ColumnMeta)> {
        self.recover().await?;
        self.doomed.check(sql)?;
        check_params(params)?;
        log(sql, params, self.log_values);
        let (stmt, header) = self.statement(sql).await?;
        check_arity(&stmt, params)?;
        Ok((stmt, header))
    }

    /// After an error: whether it came from a stale cached statement (a table it reads
    /// changed its columns, or it was deallocated) that is worth preparing and running
    /// again — once, and only outside a transaction (inside, the error aborted it). As
    /// the synchronous connection does; the server refuses such a plan before any row.
    fn retry_stale(&mut self, e: &tokio_postgres::Error, sql: &str, retried: &mut bool) -> bool {
        if !is_stale_statement(e) {
            return false;
        }
        self.cache.map.remove(sql);
        if self.depth == 0 && !*retried {
            *retried = true;
            return true;
        }
        false
    }

    fn after_error(&mut self, e: &tokio_postgres::Error, sql: &str) -> Error {
        if is_stale_statement(e) {
            self.cache.map.remove(sql);
        }
        self.fail(e, sql)
    }

    /// Runs `sql` with `params` and returns all rows.
    pub async fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        let wrapped = Param::all(params);
        let refs = as_sql(&wrapped);
        let mut retried = false;
        let (header, pg_rows) = loop {
            let (stmt, header) = self.prepare_run(sql, params).await?;
            let g = self.interrupts.operation();
            let result = self.client.query(&stmt, &refs).await;
            g.finish();
            match result {
                Ok(rows) => break (header, rows),
                Err(e) if self.retry_stale(&e, sql, &mut retried) => continue,
                Err(e) => return Err(self.after_error(&e, sql)),
            }
        };
        let mut rows = Vec::with_capacity(pg_rows.len());
        for pg_row in &pg_rows {
            rows.push(decode_row(pg_row, &header)?);
        }
        Ok(Rows { rows })
    }

    /// Runs `sql` with `params` and returns the number of rows affected.
    pub async fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let wrapped = Param::all(params);
        let refs = as_sql(&wrapped);
        let mut retried = false;
        loop {
            let (stmt, _) = self.prepare_run(sql, params).await?;
            let g = self.interrupts.operation();
            let result = self.client.execute(&stmt, &refs).await;
            g.finish();
            match result {
                Ok(n) => return Ok(n),
                Err(e) if self.retry_stale(&e, sql, &mut retried) => continue,
                Err(e) => return Err(self.after_error(&e, sql)),
            }
        }
    }

    /// Runs SQL text without parameters, possibly several statements. Never build it
    /// from user input.
    pub async fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.recover().await?;
        self.control(sql).await
    }

    async fn control(&mut self, sql: &str) -> Result<()> {
        tracing::debug!(target: "sqlweave::sql", db = "PostgreSQL", sql, params = "[]", "execute");
        let g = self.interrupts.operation();
        let result = self.client.batch_execute(sql).await;
        g.finish();
        match result {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(&e, sql)),
        }
    }

    /// Streams the rows of `sql` to `f` as they arrive: outside a transaction through a
    /// portal, a batch per round trip, so stopping early stops the query; inside one in
    /// a single response whose rest is read and dropped when `f` stops.
    pub async fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut SendRowCallback<'_>,
    ) -> Result<()> {
        let portal = self.depth == 0;
        self.stream(sql, params, f, portal).await
    }

    async fn stream(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut SendRowCallback<'_>,
        portal: bool,
    ) -> Result<()> {
        let mut retried = false;
        loop {
            let (stmt, header) = self.prepare_run(sql, params).await?;
            let wrapped = Param::all(params);
            let mut outcome = Ok(());
            let mut delivered = false;
            let g = self.interrupts.operation();
            let result: std::result::Result<(), tokio_postgres::Error> = async {
                if portal {
                    let refs = as_sql(&wrapped);
                    let tx = self.client.transaction().await?;
                    let portal = tx.bind(&stmt, &refs).await?;
                    let mut batch = FIRST_BATCH;
                    'fetch: loop {
                        let rows = tx.query_portal(&portal, batch).await?;
                        let done = rows.len() < batch as usize;
                        for pg_row in &rows {
                            delivered = true;
                            if stopped(decode_row(pg_row, &header).and_then(&mut *f), &mut outcome)
                            {
                                break 'fetch;
                            }
                        }
                        if done {
                            break;
                        }
                        batch = (batch * 16).min(MAX_BATCH);
                    }
                    drop(portal);
                    tx.commit().await
                } else {
                    let stream = self
                        .client
                        .query_raw(&stmt, wrapped.iter().map(|p| p as &(dyn ToSql + Sync)))
                        .await?;
                    pin_mut!(stream);
                    while let Some(pg_row) = stream.try_next().await? {
                        delivered = true;
                        if stopped(decode_row(&pg_row, &header).and_then(&mut *f), &mut outcome) {
                            // The rest of the response, read and dropped: an error the
                            // server sends for a later row failed the statement (and
                            // aborted the transaction), and is returned.
                            while stream.try_next().await?.is_some() {}
                            break;
                        }
                    }
                    Ok(())
                }
            }
            .await;
            g.finish();
            match result {
                Err(e) if !delivered && self.retry_stale(&e, sql, &mut retried) => continue,
                Err(e) => return Err(self.after_error(&e, sql)),
                Ok(()) => return outcome,
            }
        }
    }

    /// Renders `stmt` and returns all rows.
    pub fn fetch_all<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
    ) -> impl Future<Output = Result<Rows>> + Send + 'a {
        let rendered = render(stmt, None);
        async move {
            let (sql, params) = rendered?;
            self.query_sql(&sql, &params).await
        }
    }

    /// As [`AsyncPgConnection::fetch_all`], filling named parameters.
    pub fn fetch_all_with<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Rows>> + Send + 'a {
        let rendered = render(stmt, Some(named));
        async move {
            let (sql, params) = rendered?;
            self.query_sql(&sql, &params).await
        }
    }

    /// The first row, if any, without reading the whole result.
    pub fn fetch_optional<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
    ) -> impl Future<Output = Result<Option<Row>>> + Send + 'a {
        let rendered = render(stmt, None);
        async move {
            let (sql, params) = rendered?;
            self.first_row(&sql, &params).await
        }
    }

    /// As [`AsyncPgConnection::fetch_optional`], filling named parameters.
    pub fn fetch_optional_with<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Option<Row>>> + Send + 'a {
        let rendered = render(stmt, Some(named));
        async move {
            let (sql, params) = rendered?;
            self.first_row(&sql, &params).await
        }
    }

    /// Exactly one row; none or several is an [`Error::Invalid`].
    pub fn fetch_one<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
    ) -> impl Future<Output = Result<Row>> + Send + 'a {
        let rendered = render(stmt, None);
        async move {
            let (sql, params) = rendered?;
            self.one_row(&sql, &params).await
        }
    }

    /// As [`AsyncPgConnection::fetch_one`], filling named parameters.
    pub fn fetch_one_with<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Row>> + Send + 'a {
        let rendered = render(stmt, Some(named));
        async move {
            let (sql, params) = rendered?;
            self.one_row(&sql, &params).await
        }
    }

    /// Streams the rows of `stmt` to `f` (see [`AsyncPgConnection::for_each_row_sql`]).
    pub fn for_each_row<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
        f: &'a mut SendRowCallback<'_>,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        let rendered = render(stmt, None);
        async move {
            let (sql, params) = rendered?;
            self.for_each_row_sql(&sql, &params, f).await
        }
    }

    /// Runs `sql` and returns its rows as a [`Stream`](futures_util::Stream), each
    /// decoded as it arrives; nothing is collected.
    ///
    /// The rows come in one response (no portal): a stream dropped before its end leaves
    /// the rest to be read and discarded by the connection, so the server runs the query
    /// to its end. To stop a long query early outside a transaction, use
    /// [`AsyncPgConnection::for_each_row_sql`], which fetches through a portal. An error
    /// ends the stream; inside a transaction it marks the transaction failed, as any
    /// other statement's error does.
    pub async fn row_stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<PgRowStream<'a>> {
        let (stmt, header) = self.prepare_run(sql, params).await?;
        let wrapped = Param::all(params);
        let refs = wrapped.iter().map(|p| p as &(dyn ToSql + Sync));
        let g = self.interrupts.operation();
        let started = self.client.query_raw(&stmt, refs).await;
        g.finish();
        let rows = match started {
            Ok(rows) => rows,
            Err(e) => return Err(self.after_error(&e, sql)),
        };
        Ok(PgRowStream {
            rows: Some(Box::pin(rows)),
            header,
            sql: sql.to_owned(),
            depth: self.depth,
            aborted: &mut self.aborted,
            dropped: &mut self.dropped_rows,
            done: false,
        })
    }

    /// Renders `stmt` and streams its rows (see [`AsyncPgConnection::row_stream_sql`]).
    pub fn row_stream<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
    ) -> impl Future<Output = Result<PgRowStream<'a>>> + Send + 'a {
        let rendered = render(stmt, None);
        async move {
            let (sql, params) = rendered?;
            self.row_stream_sql(&sql, &params).await
        }
    }

    /// As [`AsyncPgConnection::row_stream`], filling named parameters.
    pub fn row_stream_with<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<PgRowStream<'a>>> + Send + 'a {
        let rendered = render(stmt, Some(named));
        async move {
            let (sql, params) = rendered?;
            self.row_stream_sql(&sql, &params).await
        }
    }

    /// Runs a statement and returns the number of rows affected.
    pub fn execute<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
    ) -> impl Future<Output = Result<u64>> + Send + 'a {
        let rendered = render(stmt, None);
        async move {
            let (sql, params) = rendered?;
            self.execute_sql(&sql, &params).await
        }
    }

    /// As [`AsyncPgConnection::execute`], filling named parameters.
    pub fn execute_with<'a>(
        &'a mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<u64>> + Send + 'a {
        let rendered = render(stmt, Some(named));
        async move {
            let (sql, params) = rendered?;
            self.execute_sql(&sql, &params).await
        }
    }

    async fn first_row(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        let mut first = None;
        self.for_each_row_sql(sql, params, &mut |row| {
            first = Some(row);
            Ok(ControlFlow::Break(()))
        })
        .await?;
        Ok(first)
    }

    async fn one_row(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        // One response (no portal), reading at most two rows.
        let mut first = None;
        let mut more = false;
        self.stream(
            sql,
            params,
            &mut |row| {
                if first.is_none() {
                    first = Some(row);
                    Ok(ControlFlow::Continue(()))
                } else {
                    more = true;
                    Ok(ControlFlow::Break(()))
                }
            },
            false,
        )
        .await?;
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

    /// Starts a transaction, or a savepoint inside an open one.
    pub async fn begin(&mut self) -> Result<()> {
        self.begin_with(TransactionOptions::default()).await
    }

    /// Starts a transaction with `options` (isolation level, read-only), or — with the
    /// default options only — a savepoint inside an open one.
    pub async fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        self.recover().await?;
        self.doomed.check("BEGIN")?;
        if self.depth == 0 {
            self.control(&begin_sql(options)).await?;
            self.depth = 1;
            self.aborted = false;
            return Ok(());
        }
        if options.isolation.is_some() || options.read_only {
            return Err(nested_options_error());
        }
        let sql = savepoint_sql(&Postgres, SavepointAction::Create, self.depth + 1)?;
        self.control(&sql).await?;
        self.depth += 1;
        Ok(())
    }

    /// Commits the innermost level.
    pub async fn commit(&mut self) -> Result<()> {
        self.recover().await?;
        if self.doomed.is_set() && self.depth > 0 {
            self.depth -= 1;
            let err = self.doomed.check("COMMIT");
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
                        Some("25P02".into()),
                        "the transaction was rolled back, not committed: a statement in it \
                         failed (PostgreSQL aborts the whole transaction on an error)",
                        "COMMIT",
                    ));
                }
                Ok(())
            }
            level => {
                let sql = savepoint_sql(&Postgres, SavepointAction::Release, level)?;
                self.control(&sql).await?;
                self.depth -= 1;
                Ok(())
            }
        }
    }

    /// Rolls back the innermost level.
    pub async fn rollback(&mut self) -> Result<()> {
        self.recover().await?;
        self.rollback_level().await
    }

    async fn rollback_level(&mut self) -> Result<()> {
        if self.doomed.is_set() && self.depth > 0 {
            // The server rolled the whole transaction back already.
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
                let to = savepoint_sql(&Postgres, SavepointAction::RollbackTo, level)?;
                let release = savepoint_sql(&Postgres, SavepointAction::Release, level)?;
                let r = self.control(&format!("{to}; {release}")).await;
                self.depth -= 1;
                if r.is_ok() {
                    self.aborted = false;
                }
                if self.client.is_closed() {
                    self.depth = 0;
                }
                r
            }
        }
    }

    /// Runs `f` in a transaction (a savepoint when one is open): commits on `Ok`, rolls
    /// back on `Err` or panic (the panic then continues). If the returned future is
    /// dropped before it finishes, the level is rolled back when the connection is next
    /// used.
    pub async fn transaction<T>(
        &mut self,
        f: impl AsyncFnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        self.transaction_with(TransactionOptions::default(), f)
            .await
    }

    /// As [`AsyncPgConnection::transaction`], with options for the outermost level.
    pub async fn transaction_with<T>(
        &mut self,
        options: TransactionOptions,
        f: impl AsyncFnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let outer = self.depth;
        self.begin_with(options).await?;
        let guard = self.interrupts.transaction(outer);
        let result = AssertUnwindSafe(f(self)).catch_unwind().await;
        let result = match result {
            Ok(Ok(value)) => {
                if self.depth != outer + 1 {
                    let depth = self.depth;
                    self.unwind_to(outer).await;
                    return Err(Error::Invalid(format!(
                        "the transaction closure left {depth} transaction levels open where {} \
                         were expected; the transaction was rolled back",
                        outer + 1
                    )));
                }
                match self.commit().await {
                    Ok(()) => Ok(value),
                    Err(e) => {
                        self.unwind_to(outer).await;
                        Err(e)
                    }
                }
            }
            Ok(Err(e)) => {
                self.unwind_to(outer).await;
                Err(e)
            }
            Err(panic) => {
                self.unwind_to(outer).await;
                guard.finish();
                std::panic::resume_unwind(panic)
            }
        };
        guard.finish();
        result
    }

    async fn unwind_to(&mut self, depth: usize) {
        while self.depth > depth {
            let before = self.depth;
            if self.rollback_level().await.is_err() && self.depth >= before {
                break;
            }
        }
    }
}

/// The rows of [`AsyncPgConnection::row_stream`]: a [`Stream`](futures_util::Stream) of
/// `Result<Row>` that borrows the connection. The first error is its last item.
///
/// Dropped before its end inside a transaction, the rest of its rows are read by a task
/// of their own and dropped; if the server sent an error for one of them (the statement
/// failed, so PostgreSQL aborted the transaction), the transaction is marked failed and
/// committing it is an error, as after any other failed statement.
pub struct PgRowStream<'a> {
    rows: Option<std::pin::Pin<Box<tokio_postgres::RowStream>>>,
    header: Arc<sqlweave::RowHeader>,
    sql: String,
    depth: usize,
    aborted: &'a mut bool,
    dropped: &'a mut Option<DroppedRows>,
    done: bool,
}

impl Drop for PgRowStream<'_> {
    fn drop(&mut self) {
        if self.done || self.depth == 0 {
            return;
        }
        let Some(mut rows) = self.rows.take() else {
            return;
        };
        *self.dropped = Some(match tokio::runtime::Handle::try_current() {
            Ok(runtime) => DroppedRows::Draining(runtime.spawn(async move {
                while rows.try_next().await?.is_some() {}
                Ok(())
            })),
            Err(_) => DroppedRows::Unchecked,
        });
    }
}

impl std::fmt::Debug for PgRowStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgRowStream")
            .field("sql", &self.sql)
            .field("done", &self.done)
            .finish()
    }
}

impl futures_util::Stream for PgRowStream<'_> {
    type Item = Result<Row>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Row>>> {
        use std::task::Poll;
        let this = self.get_mut();
        let (false, Some(rows)) = (this.done, this.rows.as_mut()) else {
            return Poll::Ready(None);
        };
        let item = match rows.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => None,
            Poll::Ready(Some(Ok(pg_row))) => Some(decode_row(&pg_row, &this.header)),
            Poll::Ready(Some(Err(e))) => {
                if this.depth > 0 {
                    *this.aborted = true;
                }
                let mut err = db_error(&e, &this.sql);
                if e.is_closed()
                    && let Error::Database { kind, .. } = &mut err
                {
                    *kind = DbErrorKind::ConnectionLost;
                }
                Some(Err(err))
            }
        };
        if !matches!(item, Some(Ok(_))) {
            this.done = true;
        }
        Poll::Ready(item)
    }
}

impl sqlweave::AsyncExecutor for AsyncPgConnection {
    fn dialect(&self) -> &dyn sqlweave::Dialect {
        &Postgres
    }
    fn query_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<Rows>> + Send {
        AsyncPgConnection::query_sql(self, sql, params)
    }
    fn execute_sql(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> impl Future<Output = Result<u64>> + Send {
        AsyncPgConnection::execute_sql(self, sql, params)
    }
    fn execute_raw_batch(&mut self, sql: &str) -> impl Future<Output = Result<()>> + Send {
        AsyncPgConnection::execute_raw_batch(self, sql)
    }
    async fn stream_sql<'a>(
        &'a mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<AsyncRowStream<'a>> {
        Ok(AsyncRowStream::new(self.row_stream_sql(sql, params).await?))
    }
    fn begin_with(
        &mut self,
        options: TransactionOptions,
    ) -> impl Future<Output = Result<()>> + Send {
        AsyncPgConnection::begin_with(self, options)
    }
    fn commit(&mut self) -> impl Future<Output = Result<()>> + Send {
        AsyncPgConnection::commit(self)
    }
    fn rollback(&mut self) -> impl Future<Output = Result<()>> + Send {
        AsyncPgConnection::rollback(self)
    }
    fn transaction_depth(&self) -> usize {
        self.depth
    }
    fn interruptions(&self) -> &Interruptions {
        &self.interrupts
    }
    fn fetch_optional(
        &mut self,
        stmt: &dyn SqlStatement,
    ) -> impl Future<Output = Result<Option<Row>>> + Send {
        AsyncPgConnection::fetch_optional(self, stmt)
    }
    fn fetch_optional_with(
        &mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Option<Row>>> + Send {
        AsyncPgConnection::fetch_optional_with(self, stmt, named)
    }
    fn fetch_one(&mut self, stmt: &dyn SqlStatement) -> impl Future<Output = Result<Row>> + Send {
        AsyncPgConnection::fetch_one(self, stmt)
    }
    fn fetch_one_with(
        &mut self,
        stmt: &dyn SqlStatement,
        named: &[(&str, Value)],
    ) -> impl Future<Output = Result<Row>> + Send {
        AsyncPgConnection::fetch_one_with(self, stmt, named)
    }
}
