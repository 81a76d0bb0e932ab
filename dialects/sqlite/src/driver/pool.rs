//! Pools of [`SqliteConnection`]s with r2d2 (feature `r2d2`).

use std::path::PathBuf;

use sqlweave::{Error, Executor, Result};

use super::SqliteConnection;

type InitFn = dyn Fn(&mut SqliteConnection) -> Result<()> + Send + Sync;

/// Opens [`SqliteConnection`]s for an r2d2 pool, so several threads can share a
/// database file, each checking a connection out for a while.
///
/// Each new connection gets a busy timeout (5 s unless changed), so writers wait for
/// each other instead of failing at once, and runs the optional `on_connect` set-up
/// (pragmas such as `journal_mode = WAL`, `foreign_keys = ON`).
///
/// ```
/// use sqlweave::Executor;
/// use sqlweave_sqlite::SqliteConnectionManager;
///
/// let path = std::env::temp_dir().join(format!("sqlweave-pool-doc-{}.db", std::process::id()));
/// let manager = SqliteConnectionManager::file(&path)
///     .on_connect(|c| c.execute_raw_batch("PRAGMA foreign_keys = ON"));
/// let pool = r2d2::Pool::builder().max_size(4).build(manager).unwrap();
/// let mut conn = pool.get().unwrap();          // derefs to SqliteConnection
/// conn.execute_raw_batch("CREATE TABLE IF NOT EXISTS t (x INTEGER)")?;
/// drop(conn);
/// # drop(pool);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct SqliteConnectionManager {
    path: PathBuf,
    busy_timeout: std::time::Duration,
    on_connect: Option<Box<InitFn>>,
}

impl std::fmt::Debug for SqliteConnectionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteConnectionManager")
            .field("path", &self.path)
            .field("busy_timeout", &self.busy_timeout)
            .finish_non_exhaustive()
    }
}

impl SqliteConnectionManager {
    /// Connections to the database file at `path` (created if missing).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        SqliteConnectionManager {
            path: path.into(),
            busy_timeout: std::time::Duration::from_secs(5),
            on_connect: None,
        }
    }
    /// How long a connection waits for another's lock before failing with
    /// [`sqlweave::DbErrorKind::LockTimeout`].
    pub fn busy_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }
    /// Runs `f` on every new connection.
    pub fn on_connect(
        mut self,
        f: impl Fn(&mut SqliteConnection) -> Result<()> + Send + Sync + 'static,
    ) -> Self {
        self.on_connect = Some(Box::new(f));
        self
    }
}

impl r2d2::ManageConnection for SqliteConnectionManager {
    type Connection = SqliteConnection;
    type Error = Error;

    fn connect(&self) -> Result<SqliteConnection> {
        let mut conn = SqliteConnection::open(&self.path)?;
        conn.as_rusqlite()
            .busy_timeout(self.busy_timeout)
            .map_err(|e| super::db_error(e, "<busy_timeout>"))?;
        if let Some(f) = &self.on_connect {
            f(&mut conn)?;
        }
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut SqliteConnection) -> Result<()> {
        conn.execute_raw_batch("")
    }

    /// A connection left inside a transaction (its holder panicked mid-way) is not
    /// handed out again.
    fn has_broken(&self, conn: &mut SqliteConnection) -> bool {
        conn.transaction_depth() > 0 || !conn.as_rusqlite().is_autocommit()
    }
}
