//! Pools of [`PgConnection`]s with r2d2 (feature `r2d2`).

use std::time::Duration;

use postgres::NoTls;
use sqlweave::{Error, Executor, Result};

use super::{CONNECT, PgConnection, db_error};

/// Opens [`PgConnection`]s (without TLS) for an r2d2 pool, so several threads share a
/// few server connections. Each pooled connection keeps its prepared statements.
///
/// ```no_run
/// use sqlweave::Executor;
/// use sqlweave_postgres::PgConnectionManager;
///
/// let manager = PgConnectionManager::new("host=127.0.0.1 user=postgres dbname=test")?;
/// let pool = r2d2::Pool::builder().max_size(4).build(manager).unwrap();
/// let mut conn = pool.get().unwrap(); // derefs to PgConnection
/// conn.query_sql("SELECT 1", &[])?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PgConnectionManager {
    config: postgres::Config,
}

impl PgConnectionManager {
    /// Connections with a libpq-style string or URL, as [`PgConnection::connect`] takes.
    pub fn new(params: &str) -> Result<Self> {
        params
            .parse()
            .map(Self::from_config)
            .map_err(|e| db_error(&e, CONNECT))
    }
    /// Connections with a [`postgres::Config`].
    pub fn from_config(config: postgres::Config) -> Self {
        PgConnectionManager { config }
    }
}

impl r2d2::ManageConnection for PgConnectionManager {
    type Connection = PgConnection;
    type Error = Error;

    fn connect(&self) -> Result<PgConnection> {
        self.config
            .connect(NoTls)
            .map(PgConnection::from_client)
            .map_err(|e| db_error(&e, CONNECT))
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<()> {
        conn.client
            .is_valid(Duration::from_secs(5))
            .map_err(|e| db_error(&e, "<is_valid>"))
    }

    /// A closed connection, or one left inside a transaction (its holder panicked
    /// mid-way), is not handed out again.
    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        conn.client.is_closed() || conn.transaction_depth() > 0
    }
}
