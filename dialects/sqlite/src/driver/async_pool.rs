//! Pools of [`AsyncSqliteConnection`]s with bb8 (feature `bb8`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sqlweave::{AsyncExecutor, Error, Result};

use super::{AsyncSqliteConnection, SqliteConnection};

type InitFn = dyn Fn(&mut SqliteConnection) -> Result<()> + Send + Sync;

/// Opens [`AsyncSqliteConnection`]s on a database file for a [bb8](::bb8) pool.
///
/// As [`SqliteConnectionManager`](crate::SqliteConnectionManager) does for r2d2: each
/// new connection gets a busy timeout (5 s unless changed) and the optional
/// `on_connect` set-up (run on the connection's thread). A connection that comes back
/// inside a transaction, or with an interrupted operation to repair (a future dropped
/// mid-way, see [`sqlweave::exec::Interruptions`]), is discarded: closing it rolls back
/// whatever it left open.
///
/// ```
/// use sqlweave::{AsyncExecutor, Executor};
/// use sqlweave_sqlite::AsyncSqliteConnectionManager;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let path = std::env::temp_dir().join(format!("sqlweave-bb8-doc-{}.db", std::process::id()));
/// let manager = AsyncSqliteConnectionManager::file(&path)
///     .on_connect(|c| c.execute_raw_batch("PRAGMA journal_mode = WAL"));
/// let pool = bb8::Pool::builder().max_size(4).build(manager).await?;
/// let mut conn = pool.get().await.expect("a connection"); // derefs to AsyncSqliteConnection
/// conn.execute_raw_batch("CREATE TABLE IF NOT EXISTS t (x INTEGER)").await?;
/// # drop(conn); drop(pool);
/// # for s in ["", "-wal", "-shm"] { std::fs::remove_file(format!("{}{s}", path.display())).ok(); }
/// # Ok::<(), sqlweave::Error>(()) })?;
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct AsyncSqliteConnectionManager {
    path: PathBuf,
    busy_timeout: Duration,
    on_connect: Option<Arc<InitFn>>,
}

impl std::fmt::Debug for AsyncSqliteConnectionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncSqliteConnectionManager")
            .field("path", &self.path)
            .field("busy_timeout", &self.busy_timeout)
            .finish_non_exhaustive()
    }
}

impl AsyncSqliteConnectionManager {
    /// Connections to the database file at `path` (created if missing).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        AsyncSqliteConnectionManager {
            path: path.into(),
            busy_timeout: Duration::from_secs(5),
            on_connect: None,
        }
    }
    /// How long a connection waits for another's lock before failing with
    /// [`sqlweave::DbErrorKind::LockTimeout`].
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }
    /// Runs `f` on every new connection (on its thread).
    pub fn on_connect(
        mut self,
        f: impl Fn(&mut SqliteConnection) -> Result<()> + Send + Sync + 'static,
    ) -> Self {
        self.on_connect = Some(Arc::new(f));
        self
    }
}

impl bb8::ManageConnection for AsyncSqliteConnectionManager {
    type Connection = AsyncSqliteConnection;
    type Error = Error;

    async fn connect(&self) -> Result<AsyncSqliteConnection> {
        let mut conn = AsyncSqliteConnection::open(&self.path).await?;
        let timeout = self.busy_timeout;
        let init = self.on_connect.clone();
        conn.run(move |c| {
            c.as_rusqlite()
                .busy_timeout(timeout)
                .map_err(|e| super::db_error(e, "<busy_timeout>"))?;
            match init {
                Some(f) => f(c),
                None => Ok(()),
            }
        })
        .await??;
        Ok(conn)
    }

    async fn is_valid(&self, conn: &mut AsyncSqliteConnection) -> Result<()> {
        conn.execute_raw_batch("").await
    }

    fn has_broken(&self, conn: &mut AsyncSqliteConnection) -> bool {
        conn.left_unfinished() || !conn.is_alive()
    }
}
