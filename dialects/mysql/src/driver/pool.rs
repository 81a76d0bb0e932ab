//! Pools of [`MySqlConnection`]s with r2d2 (feature `r2d2`).

use sqlweave::{DbErrorKind, Error, Executor, Result};

use super::MySqlConnection;
use super::error::CONNECT;

/// Opens [`MySqlConnection`]s for an r2d2 pool, so several threads share a few server
/// connections. Each pooled connection keeps its statement cache.
///
/// (The `mysql` crate's own `mysql::Pool` works too: wrap what it hands out, borrowed,
/// with `MySqlConnection::from_conn(pooled.as_mut())`.)
///
/// ```no_run
/// use sqlweave::Executor;
/// use sqlweave_mysql::MySqlConnectionManager;
///
/// let manager = MySqlConnectionManager::new("mysql://root@127.0.0.1:3306/test")?;
/// let pool = r2d2::Pool::builder().max_size(4).build(manager).unwrap();
/// let mut conn = pool.get().unwrap(); // derefs to MySqlConnection
/// conn.query_sql("SELECT 1", &[])?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MySqlConnectionManager {
    opts: mysql::Opts,
}

impl MySqlConnectionManager {
    /// Connections with a URL, as [`MySqlConnection::connect`] takes.
    pub fn new(url: &str) -> Result<Self> {
        mysql::Opts::from_url(url)
            .map(Self::from_opts)
            .map_err(|e| {
                Error::database(
                    DbErrorKind::ConnectionFailed,
                    None,
                    format!("invalid connection URL: {e}"),
                    CONNECT,
                )
            })
    }
    /// Connections with [`mysql::Opts`].
    pub fn from_opts(opts: impl Into<mysql::Opts>) -> Self {
        MySqlConnectionManager { opts: opts.into() }
    }
}

impl r2d2::ManageConnection for MySqlConnectionManager {
    type Connection = MySqlConnection;
    type Error = Error;

    fn connect(&self) -> Result<MySqlConnection> {
        MySqlConnection::connect_with(self.opts.clone())
    }

    fn is_valid(&self, conn: &mut MySqlConnection) -> Result<()> {
        conn.execute_raw_batch("DO 1")
    }

    /// A connection left inside a transaction (its holder panicked mid-way) is not
    /// handed out again.
    fn has_broken(&self, conn: &mut MySqlConnection) -> bool {
        conn.transaction_depth() > 0
    }
}
