//! Pools of [`AsyncMySqlConnection`]s with bb8 (feature `bb8`).

use sqlweave::{AsyncExecutor, DbErrorKind, Error, Result};

use super::AsyncMySqlConnection;
use super::error::CONNECT;

/// Opens [`AsyncMySqlConnection`]s for a [bb8](::bb8) pool.
///
/// A connection that comes back inside a transaction, closed, or with an interrupted
/// operation to repair (a future dropped mid-way, see
/// [`sqlweave::exec::Interruptions`]) is discarded: closing it makes the server roll back
/// whatever it left open.
///
/// ```no_run
/// # async fn demo() -> sqlweave::Result<()> {
/// use sqlweave::AsyncExecutor;
/// use sqlweave_mysql::AsyncMySqlConnectionManager;
///
/// let manager = AsyncMySqlConnectionManager::new("mysql://root@127.0.0.1:3306/test")?;
/// let pool = bb8::Pool::builder().max_size(8).build(manager).await?;
/// let mut conn = pool.get().await.expect("a connection");
/// conn.execute_sql("DO 1", &[]).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AsyncMySqlConnectionManager {
    opts: mysql_async::Opts,
}

impl std::fmt::Debug for AsyncMySqlConnectionManager {
    // Not derived: the options hold the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncMySqlConnectionManager")
            .field("host", &self.opts.ip_or_hostname())
            .field("port", &self.opts.tcp_port())
            .finish_non_exhaustive()
    }
}

impl AsyncMySqlConnectionManager {
    /// Connections to the server of a URL such as `mysql://root@127.0.0.1:3306/test`.
    pub fn new(url: &str) -> Result<Self> {
        mysql_async::Opts::from_url(url)
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
    /// Connections with options built in code.
    pub fn from_opts(opts: mysql_async::Opts) -> Self {
        AsyncMySqlConnectionManager { opts }
    }
}

impl bb8::ManageConnection for AsyncMySqlConnectionManager {
    type Connection = AsyncMySqlConnection;
    type Error = Error;

    fn connect(&self) -> impl Future<Output = Result<AsyncMySqlConnection>> + Send {
        AsyncMySqlConnection::connect_with(self.opts.clone())
    }

    async fn is_valid(&self, conn: &mut AsyncMySqlConnection) -> Result<()> {
        conn.execute_raw_batch("DO 0").await
    }

    fn has_broken(&self, conn: &mut AsyncMySqlConnection) -> bool {
        conn.left_unfinished() || conn.is_closed()
    }
}
