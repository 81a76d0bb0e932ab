//! The runner: which migrations a database has, and moving it up or down, one migration
//! at a time, under a lock.

use std::time::{Duration, Instant};

use sqlweave::ddl::{ColumnDef, ColumnType, TableDef};
use sqlweave::{Error, Executor, Result, Value};

use crate::migration::Migration;
use crate::rebuild::sqlite_change_with;

/// The table in which the runner records what it applied (in the connection's schema
/// or database): one row per applied migration.
pub const VERSION_TABLE: &str = "sqlweave_migrations";

/// Where to move a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The last migration.
    Head,
    /// Nothing applied (downgrade only).
    Base,
    /// This version: applied, and everything after it not.
    Version(u64),
}

impl Target {
    /// Parses `head`, `base` or a version number.
    ///
    /// ```
    /// use sqlweave_migrate::Target;
    /// assert_eq!(Target::parse("head")?, Target::Head);
    /// assert_eq!(Target::parse("0003")?, Target::Version(3));
    /// assert!(Target::parse("next week").is_err());
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Target> {
        match s {
            "head" => Ok(Target::Head),
            "base" => Ok(Target::Base),
            v => v.parse().map(Target::Version).map_err(|_| {
                Error::invalid(format!(
                    "{v:?} is not a target: give a version number, `head` or `base`"
                ))
            }),
        }
    }
}

/// One row of the version table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// The version.
    pub version: u64,
    /// Its name when it was applied.
    pub name: String,
    /// The checksum of its `up` text when it was applied.
    pub checksum: String,
    /// `applied`, or `failed` (MariaDB / MySQL: a statement failed after earlier ones
    /// committed).
    pub state: String,
    /// For a failed migration: the statement (1-based) that failed.
    pub failed_statement: Option<u64>,
    /// Seconds since the Unix epoch.
    pub applied_at: i64,
}

/// A migration the runner is going to run, or ran: for `--dry-run` and progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The migration's version.
    pub version: u64,
    /// Its name.
    pub name: String,
    /// Up or down.
    pub down: bool,
    /// The statements, in order.
    pub statements: Vec<String>,
}

/// Runs [`Migration`]s against a database and records them in [`VERSION_TABLE`].
///
/// * **One migration, one transaction** on PostgreSQL and SQLite: a failing statement
///   rolls the whole migration back, version row included. One exception: PostgreSQL
///   cannot use an enum label in the transaction that adds it (`unsafe use of new value`),
///   so the `ALTER TYPE … ADD VALUE` statements a migration starts with (where
///   [`crate::diff`] puts them) run first and commit in a transaction of their own; if
///   the rest then fails, it is rolled back and those labels stay (PostgreSQL cannot
///   remove a label). The migrations sqlweave writes add them with `IF NOT EXISTS`, so
///   running the migration again is safe. An `ADD VALUE` further down runs in the
///   migration's transaction, as written. On SQLite it runs with
///   foreign keys off and `PRAGMA foreign_key_check` before the commit (the documented
///   procedure for schema changes). MariaDB / MySQL commit each DDL statement: the
///   runner marks the migration `failed` with the statement that failed, and refuses to
///   run until [`Runner::resolve`] says what state the database is in.
/// * **A lock** so that two processes migrating at once cannot both apply a step:
///   `pg_advisory_lock` per schema on PostgreSQL, `GET_LOCK` per database on MariaDB,
///   `BEGIN IMMEDIATE` around each migration (which re-reads the version table) on
///   SQLite. Waits are bounded by [`Runner::lock_timeout`].
/// * **Refusal** when the database and the code disagree: a version in the database
///   that the code does not have, a migration whose text changed since it was applied
///   (checksum), a failed migration not resolved.
///
/// ```
/// use sqlweave::Executor;
/// use sqlweave_migrate::{Migration, Runner, Target};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let runner = Runner::new(vec![
///     Migration::new(1, "create users", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
///         .down("DROP TABLE users"),
///     Migration::new(2, "add age", "ALTER TABLE users ADD COLUMN age INTEGER")
///         .down("ALTER TABLE users DROP COLUMN age"),
/// ])?;
/// let mut conn = SqliteConnection::open_in_memory()?;
/// assert_eq!(runner.current(&mut conn)?, None);
/// let applied = runner.upgrade(&mut conn, Target::Head)?;
/// assert_eq!(applied.len(), 2);
/// assert_eq!(runner.current(&mut conn)?, Some(2));
/// // Nothing left to do.
/// assert!(runner.upgrade(&mut conn, Target::Head)?.is_empty());
/// runner.downgrade(&mut conn, Target::Version(1))?;
/// assert_eq!(runner.current(&mut conn)?, Some(1));
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Runner {
    migrations: Vec<Migration>,
    lock_timeout: Duration,
}

impl Runner {
    /// A runner over `migrations` (any order; sorted by version). Two migrations with
    /// one version are an [`Error::Invalid`], and so is a name longer than
    /// [`Migration::NAME_MAX`] characters (the version table could not record it).
    ///
    /// ```
    /// use sqlweave_migrate::{Migration, Runner};
    ///
    /// let long = Migration::new(1, "x".repeat(256), "CREATE TABLE t (a INTEGER)");
    /// let e = Runner::new(vec![long]).unwrap_err().to_string();
    /// assert!(e.contains("longer than 255 characters"), "{e}");
    /// ```
    pub fn new(mut migrations: Vec<Migration>) -> Result<Runner> {
        migrations.sort_by_key(|m| m.version);
        if let Some(m) = migrations
            .iter()
            .find(|m| m.name.chars().count() > Migration::NAME_MAX)
        {
            return Err(Error::invalid(format!(
                "the name of migration {} is {} characters long, longer than {} characters, \
                 the most the version table records; shorten it (it begins {:?})",
                m.version,
                m.name.chars().count(),
                Migration::NAME_MAX,
                m.name.chars().take(40).collect::<String>()
            )));
        }
        for w in migrations.windows(2) {
            if w[0].version == w[1].version {
                return Err(Error::invalid(format!(
                    "two migrations have version {}: {:?} and {:?} (renumber one)",
                    w[0].version, w[0].name, w[1].name
                )));
            }
        }
        Ok(Runner {
            migrations,
            lock_timeout: Duration::from_secs(60),
        })
    }

    /// How long to wait for another process's migration lock (60 s by default).
    pub fn lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The migrations, by version.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// The highest applied version, `None` when nothing is (or there is no version
    /// table yet).
    pub fn current(&self, conn: &mut dyn Executor) -> Result<Option<u64>> {
        Ok(read_applied(conn)?
            .iter()
            .filter(|a| a.state == "applied")
            .map(|a| a.version)
            .max())
    }

    /// The version table's rows, by version.
    pub fn applied(&self, conn: &mut dyn Executor) -> Result<Vec<AppliedMigration>> {
        read_applied(conn)
    }

    /// Checks the database's history against the code: an [`Error::Invalid`] naming
    /// the first disagreement (see [`Runner`]).
    pub fn verify(&self, conn: &mut dyn Executor) -> Result<()> {
        let applied = read_applied(conn)?;
        self.check(&applied, conn.dialect().name())
    }

    fn check(&self, applied: &[AppliedMigration], database: &str) -> Result<()> {
        for a in applied {
            let Some(m) = self.migrations.iter().find(|m| m.version == a.version) else {
                return Err(Error::invalid(format!(
                    "the database has migration {} ({:?}) applied, which this code does not have: \
                     it was made by other code (another branch, a newer release); refusing to move it",
                    a.version, a.name
                )));
            };
            if a.state == "failed" {
                return Err(Error::invalid(format!(
                    "migration {} ({:?}) failed at statement {} on {database}, after the statements before it \
                     had committed: the schema is partly changed. Finish or undo it by hand, then record \
                     what you did with `sqlweave resolve {} --applied` or `--rolled-back` (Runner::resolve)",
                    a.version,
                    a.name,
                    a.failed_statement.unwrap_or(0),
                    a.version
                )));
            }
            let sum = m.checksum();
            if sum != a.checksum {
                return Err(Error::invalid(format!(
                    "migration {} ({:?}) was changed after it was applied (checksum {} in the database, {} in the code): \
                     an applied migration must not be edited; add a new migration instead",
                    a.version, m.name, a.checksum, sum
                )));
            }
        }
        Ok(())
    }

    /// The migrations an upgrade to `target` would run, with their SQL for the
    /// connection's database, without running anything (`--dry-run`).
    pub fn plan_upgrade(&self, conn: &mut dyn Executor, target: Target) -> Result<Vec<Step>> {
        let applied = read_applied(conn)?;
        self.check(&applied, conn.dialect().name())?;
        self.pending(&applied, target)?
            .into_iter()
            .map(|m| self.step(m, conn, false))
            .collect()
    }

    /// The migrations a downgrade to `target` would undo, newest first, with their SQL.
    pub fn plan_downgrade(&self, conn: &mut dyn Executor, target: Target) -> Result<Vec<Step>> {
        let applied = read_applied(conn)?;
        self.check(&applied, conn.dialect().name())?;
        self.to_undo(&applied, target)?
            .into_iter()
            .map(|m| self.step(m, conn, true))
            .collect()
    }

    fn step(&self, m: &Migration, conn: &dyn Executor, down: bool) -> Result<Step> {
        Ok(Step {
            version: m.version,
            name: m.name.clone(),
            down,
            statements: if down {
                m.down_statements(conn.dialect())?
            } else {
                m.up_statements(conn.dialect())?
            },
        })
    }

    fn pending(&self, applied: &[AppliedMigration], target: Target) -> Result<Vec<&Migration>> {
        let last = match target {
            Target::Head => u64::MAX,
            Target::Base => {
                return Err(Error::invalid(
                    "`base` is a target for downgrade, not upgrade",
                ));
            }
            Target::Version(v) => {
                self.find(v)?;
                v
            }
        };
        let top = applied.iter().map(|a| a.version).max();
        let pending: Vec<&Migration> = self
            .migrations
            .iter()
            .filter(|m| m.version <= last && !applied.iter().any(|a| a.version == m.version))
            .collect();
        if let (Some(top), Some(first)) = (top, pending.first())
            && first.version < top
        {
            return Err(Error::invalid(format!(
                "migration {} ({:?}) is older than migration {top}, which is applied already: \
                 it came from another branch after a newer one ran; renumber it after {top}",
                first.version, first.name
            )));
        }
        Ok(pending)
    }

    fn to_undo(&self, applied: &[AppliedMigration], target: Target) -> Result<Vec<&Migration>> {
        let keep = match target {
            Target::Base => None,
            Target::Head => {
                return Err(Error::invalid(
                    "`head` is a target for upgrade; downgrade to a version or to `base`",
                ));
            }
            Target::Version(v) => {
                self.find(v)?;
                Some(v)
            }
        };
        let mut out: Vec<&Migration> = self
            .migrations
            .iter()
            .filter(|m| keep.is_none_or(|k| m.version > k))
            .filter(|m| applied.iter().any(|a| a.version == m.version))
            .collect();
        out.reverse();
        Ok(out)
    }

    fn find(&self, v: u64) -> Result<&Migration> {
        self.migrations
            .iter()
            .find(|m| m.version == v)
            .ok_or_else(|| Error::invalid(format!("there is no migration {v}")))
    }

    /// Applies the pending migrations up to `target`, in order, and returns their
    /// versions. See [`Runner::upgrade_with`] for progress.
    pub fn upgrade(&self, conn: &mut dyn Executor, target: Target) -> Result<Vec<u64>> {
        self.upgrade_with(conn, target, &mut |_| {})
    }

    /// [`Runner::upgrade`], calling `progress` before each migration runs.
    pub fn upgrade_with(
        &self,
        conn: &mut dyn Executor,
        target: Target,
        progress: &mut dyn FnMut(&Step),
    ) -> Result<Vec<u64>> {
        self.run(conn, target, false, progress)
    }

    /// Undoes applied migrations newer than `target`, newest first, and returns their
    /// versions. A migration without a `down` is an [`Error::Invalid`] before anything
    /// is undone.
    pub fn downgrade(&self, conn: &mut dyn Executor, target: Target) -> Result<Vec<u64>> {
        self.downgrade_with(conn, target, &mut |_| {})
    }

    /// [`Runner::downgrade`], calling `progress` before each migration is undone.
    pub fn downgrade_with(
        &self,
        conn: &mut dyn Executor,
        target: Target,
        progress: &mut dyn FnMut(&Step),
    ) -> Result<Vec<u64>> {
        self.run(conn, target, true, progress)
    }

    /// Records, after a failed migration on MariaDB / MySQL was finished or undone by
    /// hand, that it is applied (`applied = true`) or not (the row is removed).
    pub fn resolve(&self, conn: &mut dyn Executor, version: u64, applied: bool) -> Result<()> {
        let m = self.find(version)?;
        let table = ident(conn, VERSION_TABLE)?;
        let lock = Lock::take(conn, self.lock_timeout)?;
        let r = if applied {
            conn.execute_sql(
                &format!(
                    "UPDATE {table} SET state = 'applied', failed_statement = NULL, checksum = {} WHERE version = {}",
                    placeholder(conn, 1),
                    placeholder(conn, 2)
                ),
                &[Value::from(m.checksum()), Value::I64(version as i64)],
            )
        } else {
            conn.execute_sql(
                &format!(
                    "DELETE FROM {table} WHERE version = {}",
                    placeholder(conn, 1)
                ),
                &[Value::I64(version as i64)],
            )
        };
        lock.release(conn)?;
        r.map(|_| ())
    }

    fn run(
        &self,
        conn: &mut dyn Executor,
        target: Target,
        down: bool,
        progress: &mut dyn FnMut(&Step),
    ) -> Result<Vec<u64>> {
        if conn.transaction_depth() > 0 {
            return Err(Error::invalid(
                "the runner opens a transaction per migration: call it outside a transaction",
            ));
        }
        let lock = Lock::take(conn, self.lock_timeout)?;
        let r = (|| {
            ensure_version_table(conn)?;
            let applied = read_applied(conn)?;
            self.check(&applied, conn.dialect().name())?;
            let list = if down {
                self.to_undo(&applied, target)?
            } else {
                self.pending(&applied, target)?
            };
            // Every step renders (and every down exists) before anything runs.
            let steps: Vec<Step> = list
                .into_iter()
                .map(|m| self.step(m, conn, down))
                .collect::<Result<_>>()?;
            let mut done = Vec::new();
            for step in &steps {
                progress(step);
                let m = self.find(step.version)?;
                if self.apply(conn, m, step)? {
                    done.push(step.version);
                }
            }
            Ok(done)
        })();
        let released = lock.release(conn);
        let done = r?;
        released?;
        Ok(done)
    }

    /// Runs one step; `false` when another process did it first (SQLite).
    fn apply(&self, conn: &mut dyn Executor, m: &Migration, step: &Step) -> Result<bool> {
        let table = ident(conn, VERSION_TABLE)?;
        let version = m.version as i64;
        let record = |conn: &mut dyn Executor, state: &str, failed: Option<usize>| -> Result<()> {
            conn.execute_sql(
                &format!(
                    "DELETE FROM {table} WHERE version = {}",
                    placeholder(conn, 1)
                ),
                &[Value::I64(version)],
            )?;
            if step.down && state == "applied" {
                return Ok(());
            }
            let ps: Vec<String> = (1..=6).map(|i| placeholder(conn, i)).collect();
            conn.execute_sql(
                &format!(
                    "INSERT INTO {table} (version, name, checksum, state, failed_statement, applied_at) VALUES ({})",
                    ps.join(", ")
                ),
                &[
                    Value::I64(version),
                    Value::from(m.name.clone()),
                    Value::from(m.checksum()),
                    Value::from(state),
                    Value::from(failed.map(|f| f as i64)),
                    Value::I64(now()),
                ],
            )?;
            Ok(())
        };
        let n = step.statements.len();
        let at = |i: usize| {
            format!(
                "at statement {} of {n} of migration {} ({:?})",
                i + 1,
                m.version,
                m.name
            )
        };
        match conn.dialect().name() {
            "SQLite" => {
                let mut ran = true;
                sqlite_change_with(
                    conn,
                    &step.statements,
                    &format!(" of migration {} ({:?})", m.version, m.name),
                    |conn| {
                        // Under the write lock: did another process do it meanwhile?
                        let applied = read_applied(conn)?;
                        let is_applied = applied.iter().any(|a| a.version == m.version);
                        ran = is_applied == step.down;
                        Ok(ran)
                    },
                    |conn| record(conn, "applied", None),
                )?;
                Ok(ran)
            }
            _ if !m.no_transaction
                && conn
                    .dialect()
                    .supports_ddl(sqlweave::ddl::DdlFeature::TransactionalDdl) =>
            {
                // PostgreSQL cannot use an enum label in the transaction that adds it:
                // the migration's leading `ALTER TYPE … ADD VALUE` statements commit
                // first, in a transaction of their own.
                let labels = step
                    .statements
                    .iter()
                    .take_while(|s| adds_enum_label(s))
                    .count();
                if labels > 0 && labels < n {
                    conn.begin()?;
                    let first: Result<()> = (|| {
                        for (i, s) in step.statements[..labels].iter().enumerate() {
                            conn.execute_raw_batch(s).map_err(|e| e.with_note(&at(i)))?;
                        }
                        Ok(())
                    })();
                    match first {
                        Ok(()) => conn.commit()?,
                        Err(e) => {
                            let _ = conn.rollback();
                            return Err(e.with_note(&format!(
                                "the migration was rolled back: the database is as it was before migration {}",
                                m.version
                            )));
                        }
                    }
                }
                let start = if labels < n { labels } else { 0 };
                conn.begin()?;
                let body = (|| {
                    for (i, s) in step.statements.iter().enumerate().skip(start) {
                        conn.execute_raw_batch(s).map_err(|e| e.with_note(&at(i)))?;
                    }
                    record(conn, "applied", None)
                })();
                match body {
                    Ok(()) => conn.commit().map(|_| true),
                    Err(e) => {
                        let _ = conn.rollback();
                        let note = if start > 0 {
                            format!(
                                "the rest of migration {} was rolled back, but the enum labels its statements 1 to {start} added stay: they were committed first, as a label cannot be used in the transaction that adds it (and cannot be removed). Running the migration again adds them no second time (IF NOT EXISTS)",
                                m.version
                            )
                        } else {
                            format!(
                                "the migration was rolled back: the database is as it was before migration {}",
                                m.version
                            )
                        };
                        Err(e.with_note(&note))
                    }
                }
            }
            database => {
                // DDL commits as it runs: mark the migration failed until it is done, so
                // that a crash half-way leaves a row that says so.
                record(conn, "failed", Some(0))?;
                for (i, s) in step.statements.iter().enumerate() {
                    if let Err(e) = conn.execute_raw_batch(s) {
                        let marked = record(conn, "failed", Some(i + 1));
                        let done = if i == 0 {
                            "no statement before it had run".to_string()
                        } else {
                            format!(
                                "statements 1 to {i} had run and are committed ({database} commits DDL as it runs)"
                            )
                        };
                        let mut note = format!(
                            "{}; {done}; statements {} to {n} did not run. ",
                            at(i),
                            i + 2
                        );
                        if i + 1 == n {
                            note = format!("{}; {done}. ", at(i));
                        }
                        note.push_str(&match marked {
                            Ok(()) => format!(
                                "The version table marks migration {} as failed at statement {}: finish or undo it by hand, then run `sqlweave resolve {} --applied` or `--rolled-back`",
                                m.version,
                                i + 1,
                                m.version
                            ),
                            Err(e2) => format!("Marking it failed in the version table failed too: {e2}"),
                        });
                        return Err(e.with_note(&note));
                    }
                }
                record(conn, "applied", None)?;
                Ok(true)
            }
        }
    }
}

/// Whether `sql` is an `ALTER TYPE … ADD VALUE` (PostgreSQL's statement that adds a
/// label to an enum type).
fn adds_enum_label(sql: &str) -> bool {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(8)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    words.len() > 4
        && words[0] == "ALTER"
        && words[1] == "TYPE"
        && words.windows(2).any(|w| w[0] == "ADD" && w[1] == "VALUE")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn placeholder(conn: &dyn Executor, n: usize) -> String {
    let mut s = String::new();
    conn.dialect().write_placeholder(&mut s, n);
    s
}

pub(crate) fn ident(conn: &dyn Executor, name: &str) -> Result<String> {
    Ok(
        sqlweave::render::render_expr(conn.dialect(), &sqlweave::Expr::column(name.to_string()))?
            .sql,
    )
}

/// The version table's definition.
pub fn version_table() -> TableDef {
    TableDef::new(VERSION_TABLE)
        .column(ColumnDef::new("version", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("name", ColumnType::Varchar(Migration::NAME_MAX as u32)).not_null())
        .column(ColumnDef::new("checksum", ColumnType::Varchar(64)).not_null())
        .column(ColumnDef::new("state", ColumnType::Varchar(16)).not_null())
        .column(ColumnDef::new("failed_statement", ColumnType::BigInt))
        .column(ColumnDef::new("applied_at", ColumnType::BigInt).not_null())
}

fn ensure_version_table(conn: &mut dyn Executor) -> Result<()> {
    let create = sqlweave::ddl::DdlStatement::CreateTable(version_table().create().if_not_exists());
    let sql = crate::sql::render_statement(&create, conn.dialect())?;
    conn.execute_raw_batch(&sql)
}

fn read_applied(conn: &mut dyn Executor) -> Result<Vec<AppliedMigration>> {
    let table = ident(conn, VERSION_TABLE)?;
    if !table_exists(conn)? {
        return Ok(Vec::new());
    }
    let rows = conn.query_sql(
        &format!("SELECT version, name, checksum, state, failed_statement, applied_at FROM {table} ORDER BY version"),
        &[],
    )?;
    let mut out = Vec::new();
    for r in &rows.rows {
        out.push(AppliedMigration {
            version: r.get::<i64>(0)? as u64,
            name: r.get(1)?,
            checksum: r.get(2)?,
            state: r.get(3)?,
            failed_statement: r.get::<Option<i64>>(4)?.map(|v| v as u64),
            applied_at: r.get(5)?,
        });
    }
    Ok(out)
}

fn table_exists(conn: &mut dyn Executor) -> Result<bool> {
    let sql = match conn.dialect().name() {
        "SQLite" => "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?".to_string(),
        "PostgreSQL" => "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1".to_string(),
        _ => "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?".to_string(),
    };
    let rows = conn.query_sql(&sql, &[Value::from(VERSION_TABLE)])?;
    Ok(rows.rows[0].get::<i64>(0)? > 0)
}

/// The error when the connection has no current schema (PostgreSQL: `search_path`
/// names no schema that exists) or no database (MariaDB / MySQL: none selected, or the
/// selected one was dropped): the lock and the version table live there.
fn no_current_schema(dialect: &str) -> Error {
    Error::invalid(if dialect == "PostgreSQL" {
        "the connection has no current schema (its search_path names no schema that exists): the migration lock and the version table live in the current schema; create the schema or set search_path"
    } else {
        "the connection has no current database (none is selected, or it was dropped): the migration lock and the version table live in the current database; select one (USE …) or name it in the URL"
    })
}

/// The migration lock of one schema (PostgreSQL) or database (MariaDB); on SQLite the
/// lock is each migration's `BEGIN IMMEDIATE` and this holds nothing.
pub struct Lock {
    release: Option<&'static str>,
}

impl Lock {
    /// Takes the lock, waiting at most `timeout` for another process to release it;
    /// past that, an [`Error::Invalid`] that says another migration is running. A
    /// connection with no current schema (PostgreSQL) or database (MariaDB / MySQL) is
    /// an [`Error::Invalid`] at once.
    pub fn take(conn: &mut dyn Executor, timeout: Duration) -> Result<Lock> {
        let (try_sql, release) = match conn.dialect().name() {
            "SQLite" => return Ok(Lock { release: None }),
            "PostgreSQL" => (
                "SELECT pg_try_advisory_lock(hashtext('sqlweave_migrate:' || current_schema()))::int",
                "SELECT pg_advisory_unlock(hashtext('sqlweave_migrate:' || current_schema()))",
            ),
            "MariaDB" | "MySQL" => (
                "SELECT GET_LOCK(CONCAT('sqlweave_migrate_', MD5(DATABASE())), 0)",
                "SELECT RELEASE_LOCK(CONCAT('sqlweave_migrate_', MD5(DATABASE())))",
            ),
            other => {
                return Err(Error::Unsupported {
                    dialect: other,
                    feature: "the migration lock (the runner knows SQLite, PostgreSQL, MariaDB and MySQL)".into(),
                });
            }
        };
        let start = Instant::now();
        loop {
            let rows = conn.query_sql(try_sql, &[])?;
            let got = rows
                .rows
                .first()
                .map(|r| r.get::<Option<i64>>(0))
                .transpose()?
                .flatten();
            match got {
                Some(1) => {
                    return Ok(Lock {
                        release: Some(release),
                    });
                }
                // The lock's name is made from the current schema / database: NULL
                // when there is none, and waiting would never end.
                None => return Err(no_current_schema(conn.dialect().name())),
                Some(_) => {}
            }
            if start.elapsed() >= timeout {
                return Err(Error::invalid(format!(
                    "another process holds the migration lock of this {} (it is migrating now); waited {:.1} s",
                    if conn.dialect().name() == "PostgreSQL" {
                        "schema"
                    } else {
                        "database"
                    },
                    timeout.as_secs_f64()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Releases the lock.
    pub fn release(self, conn: &mut dyn Executor) -> Result<()> {
        if let Some(sql) = self.release {
            conn.query_sql(sql, &[])?;
        }
        Ok(())
    }
}
