//! Pools of [`AsyncPgConnection`]s with bb8 (feature `bb8`).

use sqlweave::{AsyncExecutor, Error, Result};
use tokio_postgres::NoTls;

use super::AsyncPgConnection;
use super::error::{CONNECT, db_error};

/// Opens [`AsyncPgConnection`]s (without TLS) for a [bb8](::bb8) pool, each with its I/O
/// task spawned on the current tokio runtime.
///
/// A connection that comes back inside a transaction, closed, or with an interrupted
/// operation to repair (a future dropped mid-way, see
/// [`sqlweave::exec::Interruptions`]) is discarded: closing it makes the server roll back
/// whatever it left open.
///
/// ```no_run
/// # async fn demo() -> sqlweave::Result<()> {
/// use sqlweave::AsyncExecutor;
/// use sqlweave_postgres::AsyncPgConnectionManager;
///
/// let manager = AsyncPgConnectionManager::new("host=127.0.0.1 user=postgres dbname=test")?;
/// let pool = bb8::Pool::builder().max_size(8).build(manager).await?;
/// let mut conn = pool.get().await.expect("a connection");
/// conn.execute_sql("SELECT 1", &[]).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AsyncPgConnectionManager {
    config: tokio_postgres::Config,
}

impl AsyncPgConnectionManager {
    /// Connections with a libpq-style string or URL.
    pub fn new(params: &str) -> Result<Self> {
        params
            .parse()
            .map(Self::from_config)
            .map_err(|e| db_error(&e, CONNECT))
    }
    /// Connections with a configuration built in code.
    pub fn from_config(config: tokio_postgres::Config) -> Self {
        AsyncPgConnectionManager { config }
    }
}

impl bb8::ManageConnection for AsyncPgConnectionManager {
    type Connection = AsyncPgConnection;
    type Error = Error;

    async fn connect(&self) -> Result<AsyncPgConnection> {
        let (client, connection) = self
            .config
            .connect(NoTls)
            .await
            .map_err(|e| db_error(&e, CONNECT))?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(target: "sqlweave::sql", error = %e, "PostgreSQL connection closed");
            }
        });
        Ok(AsyncPgConnection::from_client(client))
    }

    async fn is_valid(&self, conn: &mut AsyncPgConnection) -> Result<()> {
        conn.execute_raw_batch("").await
    }

    fn has_broken(&self, conn: &mut AsyncPgConnection) -> bool {
        conn.left_unfinished() || conn.client().is_closed()
    }
}
