//! Helpers of the execution tests (`tests/exec_*.rs`): the three databases behind
//! `Box<dyn Executor>`, uniquely named scratch tables dropped at the end (also when the
//! test fails), and second connections for tests that need two.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

pub mod blocking;

use sqlweave::Executor;
use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;
use sqlweave_sqlite::SqliteConnection;

/// Which database a [`Db`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Pg,
    MySql,
}

pub fn pg_url() -> String {
    std::env::var("SQLWEAVE_PG_URL")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres dbname=test".into())
}

pub fn mysql_url() -> String {
    std::env::var("SQLWEAVE_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into())
}

fn require_servers() -> bool {
    std::env::var("SQLWEAVE_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// Connects to PostgreSQL, or says why not (a failure when servers are required).
pub fn pg() -> Option<PgConnection> {
    match PgConnection::connect(&pg_url()) {
        Ok(c) => Some(c),
        Err(e) if require_servers() => {
            panic!("PostgreSQL unreachable and SQLWEAVE_REQUIRE_SERVERS=1: {e}")
        }
        Err(e) => {
            eprintln!("skipped: PostgreSQL unreachable ({e})");
            None
        }
    }
}

/// Connects to MariaDB / MySQL, or says why not (a failure when servers are required).
pub fn mysql() -> Option<MySqlConnection> {
    match MySqlConnection::connect(&mysql_url()) {
        Ok(c) => Some(c),
        Err(e) if require_servers() => {
            panic!("MariaDB/MySQL unreachable and SQLWEAVE_REQUIRE_SERVERS=1: {e}")
        }
        Err(e) => {
            eprintln!("skipped: MariaDB/MySQL unreachable ({e})");
            None
        }
    }
}

/// A name no other test (or test process) uses.
/// `SELECT COUNT(*) FROM {from}` on `conn` (`from` may carry a WHERE clause).
pub fn count(conn: &mut dyn Executor, from: &str) -> i64 {
    conn.query_sql(&format!("SELECT COUNT(*) FROM {from}"), &[])
        .unwrap()
        .rows[0]
        .get(0)
        .unwrap()
}

pub fn unique(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "sw_{prefix}_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        nanos % 100_000
    )
}

/// One database: its connection and the scratch tables to drop at the end.
pub struct Db {
    pub kind: Kind,
    /// An async connection behind [`blocking::Blocking`].
    pub is_async: bool,
    pub conn: Box<dyn Executor>,
    tables: Vec<String>,
    /// The SQLite file, for second connections (removed at the end).
    file: Option<std::path::PathBuf>,
}

impl Db {
    /// SQLite in memory, then PostgreSQL and MariaDB when they are up.
    /// Each with its synchronous connection, then its async one (the same test body
    /// runs on both: see [`blocking`]).
    pub fn all() -> Vec<Db> {
        let mut v = vec![Db::wrap(Kind::Sqlite, Box::new(sqlite_memory()), None)];
        v.extend(Db::servers());
        v.push(Db::async_sqlite(None));
        v.extend(Db::async_servers());
        v
    }

    /// The async connections of the servers that are up.
    pub fn async_servers() -> Vec<Db> {
        let mut v = Vec::new();
        if pg().is_some() {
            let c = blocking::Blocking::new(async || {
                sqlweave_postgres::AsyncPgConnection::connect(&pg_url()).await
            })
            .expect("async pg");
            let mut db = Db::wrap(Kind::Pg, Box::new(c), None);
            db.is_async = true;
            v.push(db);
        }
        if mysql().is_some() {
            let c = blocking::Blocking::new(async || {
                sqlweave_mysql::AsyncMySqlConnection::connect(&mysql_url()).await
            })
            .expect("async mysql");
            let mut db = Db::wrap(Kind::MySql, Box::new(c), None);
            db.is_async = true;
            v.push(db);
        }
        v
    }

    /// The async SQLite connection, in memory or on `file`.
    fn async_sqlite(file: Option<std::path::PathBuf>) -> Db {
        let path = file.clone();
        let c = blocking::Blocking::new(async move || {
            let conn = match &path {
                Some(p) => sqlweave_sqlite::AsyncSqliteConnection::open(p).await?,
                None => sqlweave_sqlite::AsyncSqliteConnection::open_in_memory().await?,
            };
            let mut conn = conn;
            conn.execute_raw_batch("PRAGMA foreign_keys = ON").await?;
            Ok(conn)
        })
        .expect("async sqlite");
        let mut db = Db::wrap(Kind::Sqlite, Box::new(c), file);
        db.is_async = true;
        db
    }

    /// A SQLite file database (so a second connection can open it), then the servers.
    pub fn all_with_files() -> Vec<Db> {
        let mut v = vec![Db::sqlite_file()];
        v.extend(Db::servers());
        let path = std::env::temp_dir().join(format!("{}.db", unique("afile")));
        SqliteConnection::open(&path)
            .expect("sqlite file")
            .as_rusqlite()
            .execute_batch("PRAGMA journal_mode = WAL;")
            .expect("pragmas");
        v.push(Db::async_sqlite(Some(path)));
        v.extend(Db::async_servers());
        v
    }

    pub fn servers() -> Vec<Db> {
        let mut v = Vec::new();
        if let Some(c) = pg() {
            v.push(Db::wrap(Kind::Pg, Box::new(c), None));
        }
        if let Some(c) = mysql() {
            v.push(Db::wrap(Kind::MySql, Box::new(c), None));
        }
        v
    }

    pub fn sqlite_file() -> Db {
        let path = std::env::temp_dir().join(format!("{}.db", unique("file")));
        let conn = SqliteConnection::open(&path).expect("sqlite file");
        conn.as_rusqlite()
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
            .expect("pragmas");
        Db::wrap(Kind::Sqlite, Box::new(conn), Some(path))
    }

    fn wrap(kind: Kind, conn: Box<dyn Executor>, file: Option<std::path::PathBuf>) -> Db {
        Db {
            kind,
            is_async: false,
            conn,
            tables: Vec::new(),
            file,
        }
    }

    pub fn name(&self) -> &'static str {
        match (self.conn.dialect().name(), self.is_async) {
            (name, false) => name,
            ("SQLite", true) => "SQLite (async)",
            ("PostgreSQL", true) => "PostgreSQL (async)",
            ("MariaDB", true) => "MariaDB (async)",
            (_, true) => "MySQL (async)",
        }
    }

    /// Another connection to the same database.
    pub fn second(&self) -> Box<dyn Executor + Send> {
        match self.kind {
            Kind::Sqlite => {
                let path = self.file.as_ref().expect("a SQLite file database");
                let c = SqliteConnection::open(path).expect("second sqlite");
                c.as_rusqlite()
                    .execute_batch("PRAGMA foreign_keys = ON")
                    .expect("pragma");
                Box::new(c)
            }
            Kind::Pg => Box::new(PgConnection::connect(&pg_url()).expect("second pg")),
            Kind::MySql => Box::new(MySqlConnection::connect(&mysql_url()).expect("second mysql")),
        }
    }

    /// Creates a table with a unique name (`columns` is portable DDL), dropped at the end.
    pub fn table(&mut self, prefix: &str, columns: &str) -> String {
        let name = unique(prefix);
        let suffix = if self.kind == Kind::MySql {
            " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_bin"
        } else {
            ""
        };
        let sql = format!("CREATE TABLE {name} ({columns}){suffix}");
        self.conn
            .execute_raw_batch(&sql)
            .unwrap_or_else(|e| panic!("{}: {sql}: {e}", self.name()));
        self.tables.push(name.clone());
        name
    }

    /// `sql` with its `?` placeholders numbered for PostgreSQL.
    pub fn sql(&self, sql: &str) -> String {
        placeholders(self.kind, sql)
    }
}

/// `sql` with its `?` placeholders numbered (`$1`, `$2` …) for PostgreSQL.
pub fn placeholders(kind: Kind, sql: &str) -> String {
    if kind != Kind::Pg {
        return sql.to_string();
    }
    let mut out = String::new();
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn sqlite_memory() -> SqliteConnection {
    let c = SqliteConnection::open_in_memory().expect("sqlite");
    c.as_rusqlite()
        .execute_batch("PRAGMA foreign_keys = ON")
        .expect("pragma");
    c
}

impl Drop for Db {
    fn drop(&mut self) {
        // Children first: tables were created parents first.
        for t in self.tables.iter().rev() {
            let sql = format!("DROP TABLE IF EXISTS {t}");
            while self.conn.transaction_depth() > 0 {
                if self.conn.rollback().is_err() {
                    break;
                }
            }
            if self.conn.execute_raw_batch(&sql).is_err() && self.kind != Kind::Sqlite {
                // The test's connection may be broken (a killed session): use a new one.
                let _ = self.second().execute_raw_batch(&sql);
            }
        }
        if let Some(path) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}
