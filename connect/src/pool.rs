//! Pools from a URL: an r2d2 manager over the dialect crates' own managers.

use std::fmt;

use r2d2::ManageConnection;
use sqlweave::{DbErrorKind, Error, Result};

#[cfg(feature = "mysql")]
use sqlweave_mysql::MySqlConnectionManager;
#[cfg(feature = "postgres")]
use sqlweave_postgres::PgConnectionManager;
#[cfg(feature = "sqlite")]
use sqlweave_sqlite::SqliteConnectionManager;

use crate::connection::{Connection, missing_driver};
#[cfg(feature = "sqlite")]
use crate::url::SqliteTarget;
#[cfg(feature = "sqlite")]
use crate::url::url_error;
use crate::url::{Backend, CONNECT, DatabaseUrl};

/// A pool of [`Connection`]s (r2d2); `pool.get()?` gives a [`PooledConnection`], which
/// derefs to a [`Connection`] and goes back to the pool when dropped.
pub type Pool = r2d2::Pool<ConnectionManager>;

/// A connection checked out of a [`Pool`].
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// Builds a pool with r2d2's defaults (at most 10 connections, opened eagerly; a
/// checkout waits up to 30 seconds) for the database `url` names (see
/// [`DatabaseUrl`]). For other settings, give a [`ConnectionManager`] to r2d2's builder:
/// `Pool::builder().max_size(4).build(ConnectionManager::new(url)?)`.
///
/// Each database's manager is the dialect crate's own (`SqliteConnectionManager` with a
/// 5-second busy timeout, `PgConnectionManager`, `MySqlConnectionManager`): a connection
/// returned inside a transaction, or whose server session ended, is dropped, not reused.
///
/// Errors: those of [`connect`](crate::connect) for the URL; an in-memory SQLite URL
/// (every pooled connection would open its own empty database); and, when the pool
/// cannot open its first connections in time, an [`Error::Database`] of kind
/// [`DbErrorKind::ConnectionFailed`] with r2d2's message.
///
/// ```
/// use sqlweave::{Executor, Expr, Select};
///
/// let path = std::env::temp_dir().join(format!("sqlweave-connect-pool-{}.db", std::process::id()));
/// let pool = sqlweave_connect::pool(&format!("sqlite:///{}", path.display()))?;
/// let mut db = pool.get().expect("a connection");
/// let row = db.fetch_one(&Select::new().column_as(Expr::value(7_i64), "n"))?;
/// assert_eq!(row.get::<i64>(0)?, 7);
/// # drop(db); drop(pool); std::fs::remove_file(&path).ok();
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn pool(url: &str) -> Result<Pool> {
    Pool::new(ConnectionManager::new(url)?).map_err(|e| {
        Error::database(
            DbErrorKind::ConnectionFailed,
            None,
            format!("could not fill the connection pool: {e}"),
            CONNECT,
        )
    })
}

/// The r2d2 manager behind [`pool`]: it opens [`Connection`]s for one URL, through the
/// dialect crate's own manager for that database.
///
/// ```
/// use sqlweave_connect::{ConnectionManager, Pool};
///
/// let path = std::env::temp_dir().join(format!("sqlweave-connect-mgr-{}.db", std::process::id()));
/// let manager = ConnectionManager::new(&format!("sqlite:///{}", path.display()))?;
/// let pool = Pool::builder().max_size(2).build(manager).expect("a pool");
/// assert_eq!(pool.max_size(), 2);
/// # drop(pool); std::fs::remove_file(&path).ok();
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct ConnectionManager {
    url: DatabaseUrl,
    inner: Inner,
}

// One per pool: the size of the larger managers does not matter.
#[allow(clippy::large_enum_variant)]
enum Inner {
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteConnectionManager),
    #[cfg(feature = "postgres")]
    Postgres(PgConnectionManager),
    #[cfg(feature = "mysql")]
    MySql(MySqlConnectionManager),
}

impl ConnectionManager {
    /// A manager for the database `url` names; the URL is parsed here, connections are
    /// opened by the pool.
    pub fn new(url: &str) -> Result<ConnectionManager> {
        ConnectionManager::from_url(DatabaseUrl::parse(url)?)
    }

    /// A manager for a URL already parsed.
    pub fn from_url(url: DatabaseUrl) -> Result<ConnectionManager> {
        let inner = match url.backend() {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite => match url.sqlite_target() {
                Some(SqliteTarget::File(path)) => {
                    Inner::Sqlite(SqliteConnectionManager::file(path))
                }
                _ => {
                    return Err(url_error(
                        "a pool cannot share an in-memory SQLite database (each connection would open its own, empty): use a file URL (sqlite:///path.db), or one connection from connect()",
                    ));
                }
            },
            #[cfg(feature = "postgres")]
            Backend::Postgres => Inner::Postgres(PgConnectionManager::new(
                url.server_url().unwrap_or_default(),
            )?),
            #[cfg(feature = "mysql")]
            Backend::MySql => Inner::MySql(MySqlConnectionManager::new(
                url.server_url().unwrap_or_default(),
            )?),
            #[allow(unreachable_patterns)]
            missing => return Err(missing_driver(missing)),
        };
        Ok(ConnectionManager { url, inner })
    }

    /// The URL this manager connects to (its `Display` hides the password).
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }
}

impl fmt::Debug for ConnectionManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionManager")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

fn mismatch() -> Error {
    Error::Invalid("a pooled connection of another database came back to this pool".into())
}

impl ManageConnection for ConnectionManager {
    type Connection = Connection;
    type Error = Error;

    fn connect(&self) -> Result<Connection> {
        match &self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(m) => m.connect().map(Connection::Sqlite),
            #[cfg(feature = "postgres")]
            Inner::Postgres(m) => m.connect().map(Connection::Postgres),
            #[cfg(feature = "mysql")]
            Inner::MySql(m) => m.connect().map(Connection::MySql),
        }
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<()> {
        match (&self.inner, conn) {
            #[cfg(feature = "sqlite")]
            (Inner::Sqlite(m), Connection::Sqlite(c)) => m.is_valid(c),
            #[cfg(feature = "postgres")]
            (Inner::Postgres(m), Connection::Postgres(c)) => m.is_valid(c),
            #[cfg(feature = "mysql")]
            (Inner::MySql(m), Connection::MySql(c)) => m.is_valid(c),
            #[allow(unreachable_patterns)]
            _ => Err(mismatch()),
        }
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        match (&self.inner, conn) {
            #[cfg(feature = "sqlite")]
            (Inner::Sqlite(m), Connection::Sqlite(c)) => m.has_broken(c),
            #[cfg(feature = "postgres")]
            (Inner::Postgres(m), Connection::Postgres(c)) => m.has_broken(c),
            #[cfg(feature = "mysql")]
            (Inner::MySql(m), Connection::MySql(c)) => m.has_broken(c),
            #[allow(unreachable_patterns)]
            _ => true,
        }
    }
}
