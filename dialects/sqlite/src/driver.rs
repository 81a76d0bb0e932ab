//! Running statements through rusqlite.

#[cfg(feature = "async")]
mod async_conn;
#[cfg(feature = "bb8")]
mod async_pool;
mod error;
#[cfg(feature = "r2d2")]
mod pool;

use std::borrow::{Borrow, Cow};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::ControlFlow;
use std::sync::Arc;

use rusqlite::types::{ToSqlOutput, ValueRef};
use sqlweave::exec::{LoggedParams, SavepointAction, savepoint_sql};
use sqlweave::{
    Cursor, Dialect, Error, Executor, PreparedSql, Result, Row, RowCallback, RowHeader, RowIter,
    RowSource, Rows, SourceCallback, TransactionOptions, Value,
};

#[cfg(feature = "async")]
pub use self::async_conn::AsyncSqliteConnection;
#[cfg(feature = "bb8")]
pub use self::async_pool::AsyncSqliteConnectionManager;
pub use self::error::db_error;
#[cfg(feature = "r2d2")]
pub use self::pool::SqliteConnectionManager;
use crate::Sqlite;

/// How an outermost transaction takes its locks: `BEGIN DEFERRED / IMMEDIATE /
/// EXCLUSIVE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TransactionBehavior {
    /// Locks are taken when first needed (SQLite's default).
    #[default]
    Deferred,
    /// The write lock is taken at `BEGIN`.
    Immediate,
    /// The write lock is taken at `BEGIN`, and readers are kept out (in rollback-journal mode).
    Exclusive,
}

/// A SQLite connection that runs sqlweave statements.
///
/// * Statements are prepared once per distinct SQL text and kept in rusqlite's cache
///   (16 by default, [`SqliteConnection::set_statement_cache_capacity`]).
/// * Values: integers and bools as INTEGER, floats as REAL (±infinity is stored; NaN is
///   an [`Error::Value`], since SQLite would store it as NULL), `u64` past `i64::MAX` is
///   an [`Error::Value`], text (NUL characters included) and bytes as they are; dates,
///   times, UUIDs and JSON as their text (`2024-02-29 13:45:00.5`, hyphenated UUID,
///   compact JSON), which the `FromValue` impls of those types read back; decimals as
///   the number SQLite stores (INTEGER, or a REAL for at most 15 significant digits,
///   else an error: see [`Value::decimal_as_number`](sqlweave::Value::decimal_as_number)),
///   so they compare as numbers. Keep decimals in `NUMERIC` columns (what sqlweave's DDL
///   creates): a `TEXT` column stores the number's text (`300.1` for `300.10`), and
///   decimal text already there compares as text.
/// * Transactions: `BEGIN` (deferred, see [`SqliteConnection::set_transaction_behavior`]),
///   or `BEGIN IMMEDIATE` for [`TransactionOptions::read_write`] — use it for every
///   transaction that writes, so concurrent writers queue on the busy timeout: a
///   deferred transaction that reads then writes fails at once (no busy wait) with a
///   retryable [`DbErrorKind::SerializationFailure`](sqlweave::DbErrorKind) when another
///   connection is writing;
///   every isolation level runs as SQLite's serializable one; read-only transactions are
///   an [`Error::Unsupported`].
/// * Errors are classified from SQLite's extended result codes ([`sqlweave::DbErrorKind`]).
/// * Every statement is logged as a `tracing` event (target `sqlweave::sql`, level
///   DEBUG) with its parameters redacted unless [`SqliteConnection::set_log_values`].
///
/// ```
/// use sqlweave::{Executor, Select, Expr};
/// use sqlweave_sqlite::SqliteConnection;
/// let mut conn = SqliteConnection::open_in_memory().unwrap();
/// let rows = conn.fetch_all(&Select::new().column_as(Expr::value(40).add(2), "answer")).unwrap();
/// assert_eq!(rows.rows[0].get::<i64>(0).unwrap(), 42);
/// ```
#[derive(Debug)]
pub struct SqliteConnection<C = rusqlite::Connection> {
    conn: C,
    depth: usize,
    behavior: TransactionBehavior,
    log_values: bool,
    columns: RefCell<ColumnCache>,
}

impl SqliteConnection {
    /// Opens (or creates) a database file.
    ///
    /// ```
    /// use sqlweave_sqlite::SqliteConnection;
    /// let path = std::env::temp_dir().join(format!("sqlweave-doc-{}.db", std::process::id()));
    /// let conn = SqliteConnection::open(&path)?;
    /// drop(conn);
    /// std::fs::remove_file(&path).ok();
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref();
        rusqlite::Connection::open(path)
            .map(Self::from_rusqlite)
            .map_err(|e| error::open_error(e, path))
    }
    /// Opens a fresh in-memory database.
    pub fn open_in_memory() -> Result<Self> {
        rusqlite::Connection::open_in_memory()
            .map(Self::from_rusqlite)
            .map_err(|e| error::open_error(e, std::path::Path::new(":memory:")))
    }
}

impl<C: Borrow<rusqlite::Connection>> SqliteConnection<C> {
    /// Wraps a rusqlite connection the caller already has (with its own settings:
    /// busy timeout, pragmas, functions): owned, or borrowed — `&rusqlite::Connection`,
    /// e.g. from a pool of the application's own — for as long as the wrapper lives.
    /// The prepared-statement cache is the rusqlite connection's, so it outlives the
    /// wrapper. Do not wrap a connection that is inside a transaction.
    ///
    /// Wrapping switches off SQLite's double-quoted string literals
    /// (`SQLITE_DBCONFIG_DQS_DML` and `_DDL`), as [`open`](SqliteConnection::open) does,
    /// and the setting stays on the rusqlite connection after the wrapper is gone: with
    /// them on, a double-quoted name that matches no column (`WHERE "no_such_col" = ?`)
    /// is read as a string and the query quietly returns wrong rows, where PostgreSQL
    /// and MariaDB say "unknown column". Statements sent on a connection whose settings
    /// were changed back after wrapping get SQLite's legacy reading again.
    ///
    /// ```
    /// use sqlweave::Executor;
    /// use sqlweave_sqlite::{SqliteConnection, rusqlite};
    ///
    /// let raw = rusqlite::Connection::open_in_memory().unwrap(); // the application's
    /// let mut conn = SqliteConnection::from_rusqlite(&raw);
    /// conn.execute_raw_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)")?;
    /// drop(conn);
    /// assert_eq!(raw.query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 7);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn from_rusqlite(conn: C) -> Self {
        refuse_double_quoted_strings(conn.borrow());
        SqliteConnection {
            conn,
            depth: 0,
            behavior: TransactionBehavior::Deferred,
            log_values: false,
            columns: RefCell::default(),
        }
    }
    /// The underlying rusqlite connection.
    pub fn as_rusqlite(&self) -> &rusqlite::Connection {
        self.conn.borrow()
    }
    /// Gives the rusqlite connection (or the borrow of it) back.
    pub fn into_rusqlite(self) -> C {
        self.conn
    }
    /// How an outermost transaction starts: `Deferred` (the default) takes the write
    /// lock at the first write; `Immediate` takes it at `BEGIN`, so two writers queue on
    /// the busy timeout instead of one failing with a serialization failure when it
    /// upgrades. A transaction begun with [`TransactionOptions::read_write`] starts
    /// `IMMEDIATE` under the `Deferred` behavior too.
    pub fn set_transaction_behavior(&mut self, behavior: TransactionBehavior) {
        self.behavior = behavior;
    }
    /// How many prepared statements to keep (rusqlite's cache; 16 by default).
    pub fn set_statement_cache_capacity(&mut self, capacity: usize) {
        self.as_rusqlite()
            .set_prepared_statement_cache_capacity(capacity);
    }
    /// Whether the `tracing` events of executed statements show parameter values
    /// (`false` by default: they say how many values there were, not what they are).
    pub fn set_log_values(&mut self, show: bool) {
        self.log_values = show;
    }

    fn log(&self, sql: &str, params: &[Value]) {
        log(sql, params, self.log_values);
    }

    /// Prepares (from the cache), binds and steps `sql`, handing each row to `on_row`;
    /// returns the rows changed.
    fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        on_row: Option<&mut RowCallback<'_>>,
    ) -> Result<u64> {
        check_params(params)?;
        SqlitePrepared::new(self, Cow::Borrowed(sql))?
            .run(params, on_row.map_or(OnRow::Skip, OnRow::Rows))
    }

    /// Runs transaction-control SQL.
    fn control(&mut self, sql: &str) -> Result<()> {
        self.log(sql, &[]);
        self.as_rusqlite()
            .execute_batch(sql)
            .map_err(|e| error::refine_busy(db_error(e, sql), self.as_rusqlite()))
    }

    /// After COMMIT / ROLLBACK of the outermost level, whatever happened: SQLite says
    /// whether a transaction is still open (a COMMIT that failed on a busy lock is).
    fn sync_outermost(&mut self) {
        self.depth = usize::from(!self.as_rusqlite().is_autocommit());
    }
}

/// Emits the `tracing` event of an executed statement (values redacted unless asked).
fn log(sql: &str, params: &[Value], show_values: bool) {
    tracing::debug!(
        target: "sqlweave::sql",
        db = "SQLite",
        sql,
        params = %LoggedParams::new(params, show_values),
        "execute"
    );
}

/// Column labels and declared types of recently run statements, by SQL text: a row's
/// metadata is shared (`Arc`) instead of built anew, label by label, on every run.
/// An entry is used only while the prepared statement still reports the same labels and
/// types. Both are read once the first row is stepped: a cached statement whose schema
/// changed is prepared again by SQLite at that step, and metadata read before it would
/// still be the old statement's.
#[derive(Debug, Default)]
struct ColumnCache {
    map: HashMap<String, ColumnMeta, BuildHasherDefault<SqlHasher>>,
}

/// A cheap hash of SQL texts for [`ColumnCache`] (a word at a time, multiply and
/// rotate): its keys are the application's statements, at most
/// [`COLUMN_CACHE_LIMIT`] of them, so the flooding resistance of the standard hasher
/// buys nothing, and it cost a tenth of a point lookup.
#[derive(Debug, Default, Clone, Copy)]
struct SqlHasher(u64);

impl SqlHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for SqlHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let mut last = [0_u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A result's column labels and declared types, shared by its rows.
type ColumnMeta = Arc<RowHeader>;

/// Entries kept before the cache starts over (rusqlite keeps 16 statements by default).
const COLUMN_CACHE_LIMIT: usize = 128;

impl ColumnCache {
    fn get(&mut self, sql: &str, stmt: &rusqlite::Statement<'_>) -> ColumnMeta {
        if let Some(meta) = self.map.get(sql)
            && same_meta(meta, stmt)
        {
            return meta.clone();
        }
        let meta = column_info(stmt);
        if self.map.len() >= COLUMN_CACHE_LIMIT {
            self.map.clear();
        }
        self.map.insert(sql.to_owned(), meta.clone());
        meta
    }
}

/// Whether `stmt`'s rows still have these labels and declared types.
fn same_meta(meta: &ColumnMeta, stmt: &rusqlite::Statement<'_>) -> bool {
    let (names, types) = (meta.labels(), meta.sql_types());
    let cols = stmt.columns();
    cols.len() == names.len()
        && cols
            .iter()
            .zip(names.iter().zip(types.iter()))
            .all(|(c, (n, t))| c.name() == n && c.decl_type().unwrap_or("") == t)
}

/// The column labels and declared types of a prepared statement's result.
fn column_info(stmt: &rusqlite::Statement<'_>) -> ColumnMeta {
    let meta = stmt.columns();
    Arc::new(RowHeader::new(
        meta.iter().map(|c| c.name().to_string()).collect(),
        meta.iter()
            .map(|c| c.decl_type().unwrap_or("").to_string())
            .collect(),
    ))
}

/// One result row as sqlweave's.
fn read_row(row: &rusqlite::Row<'_>, header: &ColumnMeta, sql: &str) -> Result<Row> {
    let mut values = Vec::with_capacity(header.len());
    for i in 0..header.len() {
        values.push(read_value(row.get_ref(i).map_err(|e| db_error(e, sql))?));
    }
    Ok(Row::with_header(header.clone(), values))
}

/// A statement prepared on the connection (kept in rusqlite's statement cache when it
/// is dropped), run with new values: [`Executor::prepare_sql`], and what every run goes
/// through.
struct SqlitePrepared<'a> {
    conn: &'a rusqlite::Connection,
    stmt: rusqlite::CachedStatement<'a>,
    /// Borrowed for a statement run once ([`Executor::query_sql`] and the like).
    sql: Cow<'a, str>,
    columns: &'a RefCell<ColumnCache>,
    /// The labels and types of the last run's rows, and the statement's count of
    /// re-preparations when they were read: used again while SQLite has not prepared
    /// the statement again (it does when the schema changed).
    meta: Option<(ColumnMeta, i32)>,
    log_values: bool,
}

impl<'a> SqlitePrepared<'a> {
    fn new<C: Borrow<rusqlite::Connection>>(
        conn: &'a SqliteConnection<C>,
        sql: Cow<'a, str>,
    ) -> Result<Self> {
        let raw = conn.as_rusqlite();
        let stmt = raw
            .prepare_cached(&sql)
            .map_err(|e| error::refine_busy(db_error(e, &sql), raw))?;
        Ok(SqlitePrepared {
            conn: raw,
            stmt,
            sql,
            columns: &conn.columns,
            meta: None,
            log_values: conn.log_values,
        })
    }

    /// Refuses parameters the statement does not take as many of.
    fn check_arity(&self, params: &[Value]) -> Result<()> {
        if self.stmt.parameter_count() != params.len() {
            return Err(Error::Bind(format!(
                "the statement takes {} parameters but {} were given",
                self.stmt.parameter_count(),
                params.len()
            )));
        }
        Ok(())
    }

    /// Binds and steps, handing each row to `on_row`; returns the rows changed. The
    /// parameters are checked by the caller.
    fn run(&mut self, params: &[Value], on_row: OnRow<'_, '_>) -> Result<u64> {
        let r = self.run_unrefined(params, on_row);
        r.map_err(|e| error::refine_busy(e, self.conn))
    }

    fn run_unrefined(&mut self, params: &[Value], mut on_row: OnRow<'_, '_>) -> Result<u64> {
        self.check_arity(params)?;
        log(&self.sql, params, self.log_values);
        let sql = &*self.sql;
        let readonly = self.stmt.readonly();
        let before = if readonly {
            0
        } else {
            self.conn.total_changes()
        };
        let mut rows = self
            .stmt
            .query(rusqlite::params_from_iter(params.iter().map(Param)))
            .map_err(|e| db_error(e, sql))?;
        // Column labels and declared types, only for statements whose rows are read,
        // and only once the first row is there (see `ColumnCache`).
        let mut checked = false;
        while let Some(row) = rows.next().map_err(|e| db_error(e, sql))? {
            if let OnRow::Skip = on_row {
                continue;
            }
            if !checked {
                self.meta = Some(current_meta(
                    &mut self.meta,
                    self.columns,
                    sql,
                    row.as_ref(),
                ));
                checked = true;
            }
            let Some((header, _)) = &self.meta else {
                continue;
            };
            let flow = match &mut on_row {
                OnRow::Skip => continue,
                OnRow::Rows(f) => f(read_row(row, header, sql)?)?,
                OnRow::Sources(f) => f(&mut SqliteRowSource { row, header, sql })?,
            };
            if flow.is_break() {
                break;
            }
        }
        drop(rows);
        // `changes()` keeps the count of the last INSERT / UPDATE / DELETE, also across a
        // later DDL statement: count only when this statement changed something.
        if readonly || self.conn.total_changes() == before {
            Ok(0)
        } else {
            Ok(self.conn.changes())
        }
    }
}

/// What a run does with its rows: nothing (a statement run for its changes), hand each
/// over as a [`Row`], or as the statement holds it ([`RowSource`]).
enum OnRow<'f, 'a> {
    Skip,
    Rows(&'f mut RowCallback<'a>),
    Sources(&'f mut SourceCallback<'a>),
}

/// A row as the stepped statement holds it, each value read when decoding asks for it.
struct SqliteRowSource<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    header: &'r ColumnMeta,
    sql: &'r str,
}

impl RowSource for SqliteRowSource<'_, '_> {
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
        let v = self.row.get_ref(index).map_err(|e| db_error(e, self.sql))?;
        Ok(Some(read_value(v)))
    }
    fn to_row(&mut self) -> Result<Row> {
        read_row(self.row, self.header, self.sql)
    }
}

/// The labels and types of a statement's rows: the last run's while they still match
/// (a statement whose schema changed is prepared again by SQLite when stepped), else
/// the connection's [`ColumnCache`] entry.
fn current_meta(
    last: &mut Option<(ColumnMeta, i32)>,
    cache: &RefCell<ColumnCache>,
    sql: &str,
    stmt: &rusqlite::Statement<'_>,
) -> (ColumnMeta, i32) {
    let reprepared = stmt.get_status(rusqlite::StatementStatus::RePrepare);
    if let Some((meta, seen)) = last.take()
        && seen == reprepared
    {
        return (meta, seen);
    }
    (cache.borrow_mut().get(sql, stmt), reprepared)
}

impl PreparedSql for SqlitePrepared<'_> {
    fn sql(&self) -> &str {
        &self.sql
    }

    fn dialect(&self) -> &dyn Dialect {
        &Sqlite
    }

    fn for_each_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        check_params(params)?;
        self.run(params, OnRow::Rows(f)).map(|_| ())
    }

    /// The values are read from the statement as decoding asks for them: no [`Row`].
    fn for_each_first_source(
        &mut self,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        check_params(params)?;
        self.run(params, OnRow::Sources(f)).map(|_| ())
    }

    fn execute(&mut self, params: &[Value]) -> Result<u64> {
        check_params(params)?;
        self.run(params, OnRow::Skip)
    }

    /// Each `next` steps the statement once: nothing past the current row is read.
    fn rows(&mut self, params: &[Value]) -> Result<RowIter<'_>> {
        check_params(params)?;
        self.check_arity(params)?;
        log(&self.sql, params, self.log_values);
        let sql = &*self.sql;
        let mut rows = self
            .stmt
            .query(rusqlite::params_from_iter(params.iter().map(Param)))
            .map_err(|e| db_error(e, sql))?;
        let (cache, last) = (self.columns, &mut self.meta);
        let mut checked = false;
        Ok(RowIter::new(std::iter::from_fn(move || {
            match rows.next() {
                Ok(Some(row)) => {
                    if !checked {
                        *last = Some(current_meta(last, cache, sql, row.as_ref()));
                        checked = true;
                    }
                    let (header, _) = last.as_ref()?;
                    Some(read_row(row, header, sql))
                }
                Ok(None) => None,
                Err(e) => Some(Err(db_error(e, sql))),
            }
        })))
    }
}

/// A statement prepared (from the connection's cache) and its values, for
/// [`Executor::cursor`].
struct SqliteCursor<'a> {
    prepared: SqlitePrepared<'a>,
    params: Vec<Value>,
}

impl Cursor for SqliteCursor<'_> {
    fn rows(&mut self) -> Result<RowIter<'_>> {
        self.prepared.rows(&self.params)
    }
}

/// Makes SQLite read a double-quoted word only as an identifier: an unknown one is
/// an error ("no such column"), as on every other database, never a string literal.
fn refuse_double_quoted_strings(conn: &rusqlite::Connection) {
    use rusqlite::config::DbConfig;
    for setting in [
        DbConfig::SQLITE_DBCONFIG_DQS_DML,
        DbConfig::SQLITE_DBCONFIG_DQS_DDL,
    ] {
        // Fails only on SQLite older than 3.29; the bundled build is newer.
        let _ = conn.set_db_config(setting, false);
    }
}

/// Refuses, before anything is sent, the values SQLite cannot store faithfully.
fn check_params(params: &[Value]) -> Result<()> {
    for (i, v) in params.iter().enumerate() {
        // The common kinds need none of the checks below (`Sqlite::check_value` accepts
        // them as they are).
        let common = match v {
            Value::F64(f) => !f.is_nan(),
            v => crate::dialect::bound_as_is(v),
        };
        if common {
            continue;
        }
        if matches!(v, Value::F64(f) if f.is_nan()) || matches!(v, Value::F32(f) if f.is_nan()) {
            return Err(Error::Value(format!(
                "parameter {}: SQLite cannot store NaN (it would store NULL)",
                i + 1
            )));
        }
        Sqlite.check_value(v).map_err(|e| match e {
            Error::Value(m) => Error::Value(format!("parameter {}: {m}", i + 1)),
            e => e,
        })?;
        // The other kinds rusqlite binds itself (the common ones went on above).
        let core = matches!(v, Value::U64(_) | Value::F32(_));
        // Decimals are bound as numbers (`Param`), checked by `Sqlite::check_value`.
        #[cfg(feature = "decimal")]
        let core = core || matches!(v, Value::Decimal(_));
        if !core && text_form(v).is_none() {
            return Err(Error::Value(format!(
                "parameter {}: {}",
                i + 1,
                missing_feature(v)
            )));
        }
    }
    Ok(())
}

/// A parameter as rusqlite binds it.
struct Param<'a>(&'a Value);

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use rusqlite::types::Value as V;
        let owned = |v: V| Ok(ToSqlOutput::Owned(v));
        match self.0 {
            Value::Null => owned(V::Null),
            Value::Bool(b) => owned(V::Integer(*b as i64)),
            Value::I8(v) => owned(V::Integer((*v).into())),
            Value::I16(v) => owned(V::Integer((*v).into())),
            Value::I32(v) => owned(V::Integer((*v).into())),
            Value::I64(v) => owned(V::Integer(*v)),
            Value::U64(v) => match i64::try_from(*v) {
                Ok(i) => owned(V::Integer(i)),
                Err(e) => Err(rusqlite::Error::ToSqlConversionFailure(Box::new(e))),
            },
            Value::F32(v) => owned(V::Real((*v).into())),
            Value::F64(v) => owned(V::Real(*v)),
            Value::Text(s) => Ok(ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))),
            Value::Bytes(b) => Ok(ToSqlOutput::Borrowed(ValueRef::Blob(b))),
            // The number SQLite stores, so it compares as a number everywhere.
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => match Value::decimal_as_number(d) {
                Ok(Value::I64(i)) => owned(V::Integer(i)),
                Ok(Value::F64(f)) => owned(V::Real(f)),
                Ok(_) | Err(_) => Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("{d} has more digits than SQLite stores in a number").into(),
                )),
            },
            #[allow(unreachable_patterns)]
            other => match text_form(other) {
                Some(text) => owned(V::Text(text)),
                None => Err(rusqlite::Error::ToSqlConversionFailure(
                    missing_feature(other).into(),
                )),
            },
        }
    }
}

/// The error for a value whose type this crate was built without.
fn missing_feature(v: &Value) -> String {
    format!(
        "sqlweave-sqlite was built without the feature that stores {} values \
         (enable its `chrono`, `uuid`, `json` or `decimal` feature)",
        v.kind()
    )
}

/// Dates, times, UUIDs and JSON are stored as text in SQLite; `None` for a variant whose
/// feature this crate lacks (decimals are numbers: see `Param`).
#[allow(unused_variables)]
fn text_form(v: &Value) -> Option<String> {
    match v {
        #[cfg(feature = "chrono")]
        Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
        #[cfg(feature = "chrono")]
        Value::Time(t) => Some(t.format("%H:%M:%S%.f").to_string()),
        #[cfg(feature = "chrono")]
        Value::Timestamp(t) => Some(t.format("%Y-%m-%d %H:%M:%S%.f").to_string()),
        #[cfg(feature = "chrono")]
        Value::TimestampTz(t) => Some(t.format("%Y-%m-%d %H:%M:%S%.f+00:00").to_string()),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => Some(u.to_string()),
        #[cfg(feature = "json")]
        Value::Json(j) => Some(j.to_string()),
        _ => None,
    }
}

// Inlined into both readers (a call per value is a tenth of a point lookup's overhead).
#[inline(always)]
fn read_value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::I64(i),
        ValueRef::Real(f) => Value::F64(f),
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => Value::Text(s.to_owned()),
            // Not UTF-8 (written as a blob and cast to text): handed back unaltered.
            Err(_) => Value::Bytes(t.to_vec()),
        },
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

impl<C: Borrow<rusqlite::Connection>> Executor for SqliteConnection<C> {
    fn dialect(&self) -> &dyn Dialect {
        &Sqlite
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
        self.run(sql, params, None)
    }

    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        self.control(sql)
    }

    fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        self.run(sql, params, Some(f)).map(|_| ())
    }

    /// The values are read from the statement as decoding asks for them: no [`Row`].
    fn fetch_each_source_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        check_params(params)?;
        SqlitePrepared::new(self, Cow::Borrowed(sql))?
            .run(params, OnRow::Sources(f))
            .map(|_| ())
    }

    fn cursor_sql<'a>(&'a mut self, sql: &str, params: &[Value]) -> Result<Box<dyn Cursor + 'a>> {
        check_params(params)?;
        let prepared = SqlitePrepared::new(self, Cow::Owned(sql.to_owned()))?;
        prepared.check_arity(params)?;
        Ok(Box::new(SqliteCursor {
            prepared,
            params: params.to_vec(),
        }))
    }

    fn prepare_sql<'a>(&'a mut self, sql: &str) -> Result<Box<dyn PreparedSql + 'a>> {
        Ok(Box::new(SqlitePrepared::new(
            self,
            Cow::Owned(sql.to_owned()),
        )?))
    }

    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        if options.read_only {
            return Err(Error::Unsupported {
                dialect: "SQLite",
                feature: "read-only transactions".into(),
            });
        }
        if self.depth == 0 {
            // Every isolation level runs as SQLite's own, serializable one.
            let sql = match self.behavior {
                TransactionBehavior::Exclusive => "BEGIN EXCLUSIVE",
                TransactionBehavior::Immediate => "BEGIN IMMEDIATE",
                TransactionBehavior::Deferred if options.read_write => "BEGIN IMMEDIATE",
                TransactionBehavior::Deferred => "BEGIN DEFERRED",
            };
            self.control(sql)?;
            self.depth = 1;
            return Ok(());
        }
        if options.isolation.is_some() || options.read_only {
            return Err(nested_options_error());
        }
        let sql = savepoint_sql(&Sqlite, SavepointAction::Create, self.depth + 1)?;
        self.control(&sql)?;
        self.depth += 1;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        match self.depth {
            0 => Err(no_transaction("commit")),
            1 => {
                let r = self.control("COMMIT");
                self.sync_outermost();
                r
            }
            level => {
                let sql = savepoint_sql(&Sqlite, SavepointAction::Release, level)?;
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
                let r = if self.as_rusqlite().is_autocommit() {
                    // SQLite already rolled back on its own (e.g. after SQLITE_FULL).
                    Ok(())
                } else {
                    self.control("ROLLBACK")
                };
                self.sync_outermost();
                r
            }
            level => {
                let to = savepoint_sql(&Sqlite, SavepointAction::RollbackTo, level)?;
                let release = savepoint_sql(&Sqlite, SavepointAction::Release, level)?;
                let r = self.control(&to).and_then(|()| self.control(&release));
                self.depth -= 1;
                if self.as_rusqlite().is_autocommit() {
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
