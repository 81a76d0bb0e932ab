//! A private space on each database, dropped with it.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlweave::Executor;
use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;
use sqlweave_sqlite::SqliteConnection;

use crate::config::{Config, Skipped};
use crate::error::SetupError;

/// One connection per reachable database, each in a space of its own with a unique name:
/// an in-memory SQLite database, a PostgreSQL schema that is the whole `search_path`, a
/// MariaDB / MySQL database that is the connection's default. Tables made through these
/// connections land in the space; dropping the `Spaces` drops the schema and the
/// database (rolling back an open transaction first), so spaces made by tests running
/// in parallel never meet and nothing is left behind.
///
/// PostgreSQL finds unqualified names only in the space (and `pg_catalog`): tables in
/// `public` stay out of sight. A server that did not answer is in [`Spaces::skipped`]
/// (unless the [`Config`] requires every one, and then there is no `Spaces`).
///
/// ```
/// use sqlweave::Executor;
/// use sqlweave_harness::{Config, Spaces};
///
/// let mut spaces = Spaces::open(&Config::from_env().prefix("doc_spaces"))?;
/// spaces.load(|dialect| match dialect {
///     "SQLite" => "CREATE TABLE t (x INTEGER)".to_string(),
///     _ => "CREATE TABLE t (x BIGINT)".to_string(),
/// })?;
/// assert!(spaces.name().starts_with("doc_spaces_"));
/// for conn in spaces.conns() {
///     conn.execute_raw_batch("INSERT INTO t VALUES (1)")?;
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Spaces {
    sqlite: SqliteConnection,
    postgres: Option<PgConnection>,
    mysql: Option<MySqlConnection>,
    name: String,
    skipped: Vec<Skipped>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// `{prefix}_{pid}_{n}_{nanos}`: unique in this process by the counter, and across
/// processes by the process id and the clock.
fn unique_name(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{}_{}", std::process::id(), n, nanos % 100_000)
}

impl Spaces {
    /// Opens an in-memory SQLite database, connects to the servers of `config` and makes
    /// a space on each. An unreachable server is skipped, or a
    /// [`SetupError::Unreachable`] when `config` requires every one.
    pub fn open(config: &Config) -> Result<Spaces, SetupError> {
        config.checked_prefix()?;
        config.mysql_database_options()?;
        let sqlite = SqliteConnection::open_in_memory().map_err(|source| SetupError::Space {
            database: "SQLite",
            name: ":memory:".into(),
            source: Box::new(source),
        })?;
        let mut skipped = Vec::new();
        let postgres = config.reach_postgres()?.map_err(|s| skipped.push(s)).ok();
        let mysql = config.reach_mysql()?.map_err(|s| skipped.push(s)).ok();
        let mut spaces = Spaces::with_connections(config, sqlite, postgres, mysql)?;
        spaces.skipped = skipped;
        Ok(spaces)
    }

    /// Makes a space on each connection given, which it keeps (the server URLs of
    /// `config` are not used). The SQLite connection is used as it is: give an in-memory
    /// one to leave nothing behind. The PostgreSQL connection's `search_path` and the
    /// MariaDB connection's default database are changed to the space.
    pub fn with_connections(
        config: &Config,
        sqlite: SqliteConnection,
        postgres: Option<PgConnection>,
        mysql: Option<MySqlConnection>,
    ) -> Result<Spaces, SetupError> {
        let name = unique_name(config.checked_prefix()?);
        let mysql_options = config.mysql_database_options()?;
        // Held before anything is made, so that a failure half-way drops what was made.
        let mut spaces = Spaces {
            sqlite,
            postgres,
            mysql,
            name,
            skipped: Vec::new(),
        };
        let name = spaces.name.clone();
        let space_error = |database, source| SetupError::Space {
            database,
            name: name.clone(),
            source: Box::new(source),
        };
        if let Some(c) = spaces.postgres.as_mut() {
            c.execute_raw_batch(&format!("CREATE SCHEMA {name}; SET search_path TO {name}"))
                .map_err(|e| space_error("PostgreSQL", e))?;
        }
        if let Some(c) = spaces.mysql.as_mut() {
            let database = c.dialect().name();
            c.execute_raw_batch(&format!("CREATE DATABASE {name}{mysql_options}"))
                .map_err(|e| space_error(database, e))?;
            c.execute_raw_batch(&format!("USE {name}"))
                .map_err(|e| space_error(database, e))?;
        }
        Ok(spaces)
    }

    /// Runs set-up SQL in each space: `setup` receives the dialect's name (`"SQLite"`,
    /// `"PostgreSQL"`, `"MariaDB"` or `"MySQL"`) and returns SQL text, which may hold
    /// several statements (nothing is run for empty text). Never build it from user input.
    pub fn load(&mut self, setup: impl Fn(&str) -> String) -> Result<(), SetupError> {
        for c in self.conns() {
            let database = c.dialect().name();
            let sql = setup(database);
            if sql.trim().is_empty() {
                continue;
            }
            c.execute_raw_batch(&sql)
                .map_err(|source| SetupError::Load {
                    database,
                    source: Box::new(source),
                })?;
        }
        Ok(())
    }

    /// The space's name: the PostgreSQL schema and the MariaDB database.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQLite connection.
    pub fn sqlite(&mut self) -> &mut SqliteConnection {
        &mut self.sqlite
    }

    /// The PostgreSQL connection, if the server answered.
    pub fn postgres(&mut self) -> Option<&mut PgConnection> {
        self.postgres.as_mut()
    }

    /// The MariaDB / MySQL connection, if the server answered.
    pub fn mysql(&mut self) -> Option<&mut MySqlConnection> {
        self.mysql.as_mut()
    }

    /// The connections that are up: SQLite, then PostgreSQL, then MariaDB / MySQL.
    pub fn conns(&mut self) -> Vec<&mut dyn Executor> {
        let mut v: Vec<&mut dyn Executor> = vec![&mut self.sqlite];
        if let Some(c) = self.postgres.as_mut() {
            v.push(c);
        }
        if let Some(c) = self.mysql.as_mut() {
            v.push(c);
        }
        v
    }

    /// The names of the databases that are up, in the order of [`Spaces::conns`].
    pub fn databases(&self) -> Vec<&'static str> {
        let mut names = vec![self.sqlite.dialect().name()];
        names.extend(self.postgres.as_ref().map(|c| c.dialect().name()));
        names.extend(self.mysql.as_ref().map(|c| c.dialect().name()));
        names
    }

    /// The servers that did not answer and were skipped.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

impl Drop for Spaces {
    fn drop(&mut self) {
        let name = self.name.clone();
        let drops: [(Option<&mut dyn Executor>, String); 2] = [
            (
                self.postgres.as_mut().map(|c| c as &mut dyn Executor),
                format!("DROP SCHEMA IF EXISTS {name} CASCADE"),
            ),
            (
                self.mysql.as_mut().map(|c| c as &mut dyn Executor),
                format!("DROP DATABASE IF EXISTS {name}"),
            ),
        ];
        for (conn, sql) in drops {
            let Some(c) = conn else { continue };
            while c.transaction_depth() > 0 && c.rollback().is_ok() {}
            if let Err(e) = c.execute_raw_batch(&sql) {
                eprintln!(
                    "sqlweave-harness: could not drop {name} on {}: {e}",
                    c.dialect().name()
                );
            }
        }
    }
}

impl std::fmt::Debug for Spaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spaces")
            .field("name", &self.name)
            .field("postgres", &self.postgres.is_some())
            .field("mysql", &self.mysql.is_some())
            .field("skipped", &self.skipped)
            .finish()
    }
}
