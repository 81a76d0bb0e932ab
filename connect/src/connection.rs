//! [`Connection`]: one of the three drivers' connections, chosen by a URL.

use sqlweave::{
    Cursor, DbErrorKind, Dialect, Error, Executor, Result, Row, RowCallback, Rows, SourceCallback,
    Statement, TransactionOptions, Value,
};

#[cfg(feature = "mysql")]
use sqlweave_mysql::MySqlConnection;
#[cfg(feature = "postgres")]
use sqlweave_postgres::PgConnection;
#[cfg(feature = "sqlite")]
use sqlweave_sqlite::SqliteConnection;

#[cfg(feature = "sqlite")]
use crate::url::SqliteTarget;
use crate::url::{Backend, CONNECT, DatabaseUrl};

/// Opens a connection to the database `url` names (see [`DatabaseUrl`] for the forms):
/// an in-memory or file SQLite database, a PostgreSQL server, or a MySQL 8 / MariaDB
/// server.
///
/// Errors: a malformed URL, or one whose database this build leaves out (its Cargo
/// feature is off), is an [`Error::Database`] of kind [`DbErrorKind::ConnectionFailed`]
/// with `sql` `"<connect>"` saying what is wrong; a server that refuses the connection
/// gives its driver's error, of the same kind. No message repeats the password.
///
/// ```
/// use sqlweave::{Executor, Expr, Select};
///
/// let mut db = sqlweave_connect::connect("sqlite::memory:")?;
/// assert_eq!(db.dialect().name(), "SQLite");
/// db.execute_raw_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)")?;
/// let q = Select::new().column(sqlweave::func::sum(Expr::column("x"))).from(sqlweave::table("t"));
/// assert_eq!(db.fetch_one(&q)?.get::<i64>(0)?, 3);
///
/// // A server URL: the same code, PostgreSQL's SQL.
/// // let mut db = sqlweave_connect::connect("postgres://postgres@127.0.0.1:5432/test")?;
///
/// let err = sqlweave_connect::connect("postgres://app:hunter2@db.invalid:notaport/x").unwrap_err();
/// assert!(!err.to_string().contains("hunter2"));
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn connect(url: &str) -> Result<Connection> {
    DatabaseUrl::parse(url)?.connect()
}

impl DatabaseUrl {
    /// Opens a connection to the database this URL names (see [`connect`]).
    pub fn connect(&self) -> Result<Connection> {
        match self.backend() {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite => match self.sqlite_target() {
                Some(SqliteTarget::File(path)) => SqliteConnection::open(path),
                _ => SqliteConnection::open_in_memory(),
            }
            .map(Connection::Sqlite),
            #[cfg(feature = "postgres")]
            Backend::Postgres => PgConnection::connect(self.server_url().unwrap_or_default())
                .map(Connection::Postgres),
            #[cfg(feature = "mysql")]
            Backend::MySql => MySqlConnection::connect(self.server_url().unwrap_or_default())
                .map(Connection::MySql),
            #[allow(unreachable_patterns)]
            missing => Err(missing_driver(missing)),
        }
    }
}

/// The error for a URL whose database this build leaves out.
pub(crate) fn missing_driver(backend: Backend) -> Error {
    Error::database(
        DbErrorKind::ConnectionFailed,
        None,
        format!(
            "this build of sqlweave-connect has no {} driver: enable its `{}` feature",
            backend.name(),
            backend.feature()
        ),
        CONNECT,
    )
}

/// A connection to one of the databases sqlweave runs on, made by [`connect`] from a URL
/// (or from a connection you opened yourself: `Connection::from(pg_connection)`).
///
/// It implements [`Executor`], so everything sqlweave runs — `fetch_all`, `execute`,
/// [`sqlweave::transaction`], the DDL and batched-insert helpers — runs on it, rendered
/// for the dialect of the database it reached. Match on it, or use
/// [`as_postgres_mut`](Connection::as_postgres_mut) and its siblings, to reach the
/// driver's own connection type.
///
/// Variants exist for the databases whose Cargo features are on; the enum is
/// `#[non_exhaustive]`, so a `match` keeps a `_` arm and compiles whatever features
/// are chosen.
#[derive(Debug)]
#[non_exhaustive]
pub enum Connection {
    /// SQLite (feature `sqlite`).
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteConnection),
    /// PostgreSQL (feature `postgres`).
    #[cfg(feature = "postgres")]
    Postgres(PgConnection),
    /// MySQL 8 or MariaDB (feature `mysql`).
    #[cfg(feature = "mysql")]
    MySql(MySqlConnection),
}

/// `each!(self, c => expr)`: `expr` with `c` bound to the inner connection, whichever it
/// is (`ref` or `ref mut` as asked).
macro_rules! each {
    ($self:ident, $($binding:ident)+ => $e:expr) => {
        match *$self {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite($($binding)+) => $e,
            #[cfg(feature = "postgres")]
            Connection::Postgres($($binding)+) => $e,
            #[cfg(feature = "mysql")]
            Connection::MySql($($binding)+) => $e,
        }
    };
}

impl Connection {
    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match *self {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Connection::Postgres(_) => Backend::Postgres,
            #[cfg(feature = "mysql")]
            Connection::MySql(_) => Backend::MySql,
        }
    }

    /// Whether the `tracing` events of executed statements (target `sqlweave::sql`,
    /// level DEBUG) show parameter values; `false` by default (they say how many there
    /// were).
    pub fn set_log_values(&mut self, show: bool) {
        each!(self, ref mut c => c.set_log_values(show))
    }

    /// This connection as an `&mut dyn Executor`, for code written against the trait
    /// object.
    pub fn as_dyn(&mut self) -> &mut dyn Executor {
        self
    }

    /// The SQLite connection, if this is one.
    #[cfg(feature = "sqlite")]
    pub fn as_sqlite_mut(&mut self) -> Option<&mut SqliteConnection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The PostgreSQL connection, if this is one.
    #[cfg(feature = "postgres")]
    pub fn as_postgres_mut(&mut self) -> Option<&mut PgConnection> {
        match self {
            Connection::Postgres(c) => Some(c),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The MySQL / MariaDB connection, if this is one.
    #[cfg(feature = "mysql")]
    pub fn as_mysql_mut(&mut self) -> Option<&mut MySqlConnection> {
        match self {
            Connection::MySql(c) => Some(c),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

#[cfg(feature = "sqlite")]
impl From<SqliteConnection> for Connection {
    fn from(c: SqliteConnection) -> Connection {
        Connection::Sqlite(c)
    }
}

#[cfg(feature = "postgres")]
impl From<PgConnection> for Connection {
    fn from(c: PgConnection) -> Connection {
        Connection::Postgres(c)
    }
}

#[cfg(feature = "mysql")]
impl From<MySqlConnection> for Connection {
    fn from(c: MySqlConnection) -> Connection {
        Connection::MySql(c)
    }
}

// Every method of the trait, provided ones included, goes to the driver's connection,
// so its own implementations (streaming, fetch_optional's fast paths …) apply.
// tests/forwarding.rs fails when `Executor` gains a method that is not listed here.
impl Executor for Connection {
    fn dialect(&self) -> &dyn Dialect {
        each!(self, ref c => c.dialect())
    }
    fn query_sql(&mut self, sql: &str, params: &[Value]) -> Result<Rows> {
        each!(self, ref mut c => c.query_sql(sql, params))
    }
    fn execute_sql(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        each!(self, ref mut c => c.execute_sql(sql, params))
    }
    fn execute_raw_batch(&mut self, sql: &str) -> Result<()> {
        each!(self, ref mut c => c.execute_raw_batch(sql))
    }
    fn for_each_row_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        each!(self, ref mut c => c.for_each_row_sql(sql, params, f))
    }
    fn fetch_each_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        each!(self, ref mut c => c.fetch_each_sql(sql, params, f))
    }
    fn fetch_each_source_sql(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        each!(self, ref mut c => c.fetch_each_source_sql(sql, params, f))
    }
    fn cursor_sql<'a>(&'a mut self, sql: &str, params: &[Value]) -> Result<Box<dyn Cursor + 'a>> {
        each!(self, ref mut c => c.cursor_sql(sql, params))
    }
    fn begin_with(&mut self, options: TransactionOptions) -> Result<()> {
        each!(self, ref mut c => c.begin_with(options))
    }
    fn commit(&mut self) -> Result<()> {
        each!(self, ref mut c => c.commit())
    }
    fn rollback(&mut self) -> Result<()> {
        each!(self, ref mut c => c.rollback())
    }
    fn transaction_depth(&self) -> usize {
        each!(self, ref c => c.transaction_depth())
    }
    fn begin(&mut self) -> Result<()> {
        each!(self, ref mut c => c.begin())
    }
    fn fetch_all(&mut self, stmt: &dyn Statement) -> Result<Rows> {
        each!(self, ref mut c => c.fetch_all(stmt))
    }
    fn fetch_all_with(&mut self, stmt: &dyn Statement, named: &[(&str, Value)]) -> Result<Rows> {
        each!(self, ref mut c => c.fetch_all_with(stmt, named))
    }
    fn fetch_optional(&mut self, stmt: &dyn Statement) -> Result<Option<Row>> {
        each!(self, ref mut c => c.fetch_optional(stmt))
    }
    fn fetch_optional_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> Result<Option<Row>> {
        each!(self, ref mut c => c.fetch_optional_with(stmt, named))
    }
    fn fetch_one(&mut self, stmt: &dyn Statement) -> Result<Row> {
        each!(self, ref mut c => c.fetch_one(stmt))
    }
    fn fetch_one_with(&mut self, stmt: &dyn Statement, named: &[(&str, Value)]) -> Result<Row> {
        each!(self, ref mut c => c.fetch_one_with(stmt, named))
    }
    fn for_each_row(&mut self, stmt: &dyn Statement, f: &mut RowCallback<'_>) -> Result<()> {
        each!(self, ref mut c => c.for_each_row(stmt, f))
    }
    fn for_each_row_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        each!(self, ref mut c => c.for_each_row_with(stmt, named, f))
    }
    fn cursor(&mut self, stmt: &dyn Statement) -> Result<Box<dyn Cursor + '_>> {
        each!(self, ref mut c => c.cursor(stmt))
    }
    fn cursor_with(
        &mut self,
        stmt: &dyn Statement,
        named: &[(&str, Value)],
    ) -> Result<Box<dyn Cursor + '_>> {
        each!(self, ref mut c => c.cursor_with(stmt, named))
    }
    fn execute(&mut self, stmt: &dyn Statement) -> Result<u64> {
        each!(self, ref mut c => c.execute(stmt))
    }
    fn execute_with(&mut self, stmt: &dyn Statement, named: &[(&str, Value)]) -> Result<u64> {
        each!(self, ref mut c => c.execute_with(stmt, named))
    }
    fn prepare_sql<'a>(&'a mut self, sql: &str) -> Result<Box<dyn sqlweave::PreparedSql + 'a>> {
        each!(self, ref mut c => c.prepare_sql(sql))
    }
    fn prepare(&mut self, stmt: &dyn Statement) -> Result<sqlweave::Prepared<'_>> {
        each!(self, ref mut c => c.prepare(stmt))
    }
    fn bulk_load_rows(
        &mut self,
        table: &sqlweave::TableRef,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<Value>>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64> {
        each!(self, ref mut c => c.bulk_load_rows(table, columns, rows, progress))
    }
}

#[cfg(all(test, not(all(feature = "postgres", feature = "mysql"))))]
mod tests {
    use super::*;

    /// Run by .ci/run with only the `sqlite` feature: a URL of a database left out names
    /// the feature to turn on (and does not show the password).
    #[test]
    fn a_database_left_out_names_its_feature() {
        for (url, backend) in [
            ("postgres://app:pw_left_out@127.0.0.1/db", Backend::Postgres),
            ("mariadb://root:pw_left_out@127.0.0.1/db", Backend::MySql),
            ("sqlite::memory:", Backend::Sqlite),
        ] {
            if backend.is_available() {
                continue;
            }
            let e = connect(url).expect_err(url);
            let message = e.to_string();
            assert!(
                message.contains(&format!(
                    "has no {} driver: enable its `{}` feature",
                    backend.name(),
                    backend.feature()
                )),
                "{message}"
            );
            assert!(!message.contains("pw_left_out"), "{message}");
        }
    }
}
