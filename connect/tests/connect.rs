//! One URL for any database: the URL forms, their errors (never a password), and the
//! same program run through `connect` and `pool` on SQLite, PostgreSQL and MariaDB.
//!
//! The servers' private spaces come from `sqlweave_harness::Spaces` (a schema of its own
//! on PostgreSQL, a database of its own on MariaDB, dropped at the end); the URLs under
//! test point into them: PostgreSQL's through `?options=-c search_path=…`, MariaDB's by
//! naming the space as the URL's database. MySQL 8 is not tested here: no server of it
//! runs on this machine (its dialect is chosen by the same `SELECT VERSION()` as
//! MariaDB's).

use sqlweave::dml::{Delete, Insert};
use sqlweave::{
    DbErrorKind, Error, Executor, Expr, Select, TransactionOptions, TypedExpr, Value, table,
};
use sqlweave_connect::{Backend, ConnectionManager, DatabaseUrl, Pool, SqliteTarget, connect};
use sqlweave_harness::{Config, Spaces};

fn connect_error(url: &str) -> Error {
    match connect(url) {
        Ok(c) => panic!("{url}: connected to {}", c.dialect().name()),
        Err(e) => e,
    }
}

#[track_caller]
fn assert_connect_failed(e: &Error, says: &str) {
    match e {
        Error::Database { kind, message, .. } => {
            assert_eq!(*kind, DbErrorKind::ConnectionFailed, "{e}");
            assert!(message.contains(says), "{message:?} does not say {says:?}");
        }
        other => panic!("not a connection error: {other:?}"),
    }
}

#[test]
fn url_forms_name_their_database() {
    let cases: &[(&str, Backend)] = &[
        ("sqlite::memory:", Backend::Sqlite),
        ("sqlite://", Backend::Sqlite),
        ("sqlite:///:memory:", Backend::Sqlite),
        ("sqlite:///app.db", Backend::Sqlite),
        ("SQLite:////var/lib/app.db", Backend::Sqlite),
        ("postgres://u@h/db", Backend::Postgres),
        (
            "postgresql://u@h:5433/db?connect_timeout=3",
            Backend::Postgres,
        ),
        ("mysql://root@127.0.0.1:3306/test", Backend::MySql),
        ("mariadb://root@127.0.0.1/test", Backend::MySql),
    ];
    for (url, backend) in cases {
        assert_eq!(
            DatabaseUrl::parse(url).unwrap().backend(),
            *backend,
            "{url}"
        );
    }
    let target = |url: &str| DatabaseUrl::parse(url).unwrap().sqlite_target().cloned();
    assert_eq!(target("sqlite::memory:"), Some(SqliteTarget::Memory));
    assert_eq!(target("sqlite://"), Some(SqliteTarget::Memory));
    assert_eq!(target("sqlite:///:memory:"), Some(SqliteTarget::Memory));
    // SQLAlchemy's forms: three slashes and a relative path, four for an absolute one.
    assert_eq!(
        target("sqlite:///data/app.db"),
        Some(SqliteTarget::File("data/app.db".into()))
    );
    assert_eq!(
        target("sqlite:////var/app.db"),
        Some(SqliteTarget::File("/var/app.db".into()))
    );
    assert_eq!(
        target("sqlite:///my%20app.db"),
        Some(SqliteTarget::File("my app.db".into()))
    );
    // mariadb:// reaches the mysql driver as mysql://.
    let maria = DatabaseUrl::parse("mariadb://root@h/db").unwrap();
    assert_eq!(maria.server_url(), Some("mysql://root@h/db"));
    assert_eq!(
        DatabaseUrl::parse("sqlite::memory:").unwrap().server_url(),
        None
    );
}

#[test]
fn bad_urls_say_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        ("", "not a database URL"),
        ("example.db", "not a database URL"),
        (
            "oracle://scott@host/db",
            "unknown database URL scheme `oracle`",
        ),
        (
            "sqlite:app.db",
            "a SQLite URL is sqlite:///relative/path.db",
        ),
        ("sqlite://host/app.db", "names a file, not a host"),
        ("sqlite:///app.db?mode=ro", "takes no options"),
        ("sqlite:///", "needs a file path"),
        ("sqlite:///a%zz.db", "must start an escape"),
        ("sqlite:///a%00.db", "NUL"),
        (
            "postgres:u@h/db",
            "a PostgreSQL URL starts with postgres://",
        ),
        (
            "mysql:/root@h/db",
            "a MySQL/MariaDB URL starts with mysql://",
        ),
    ];
    for (url, says) in cases {
        let e = DatabaseUrl::parse(url).unwrap_err();
        assert_connect_failed(&e, says);
        assert_connect_failed(&connect_error(url), says);
        assert!(e.to_string().contains("invalid database URL"), "{e}");
    }
}

/// Every way a URL can fail, and every way it is shown, keeps the password out.
#[test]
fn no_message_shows_the_password() {
    let secret = "Sup3rS3cret";
    let urls = [
        format!("postgres://app:{secret}@127.0.0.1:notaport/db"),
        format!("postgres://app:{secret}@127.0.0.1:5432/db?sslmode=bogus"),
        format!("postgres://app:{secret}@127.0.0.1:5432/db?no_such_option=1"),
        format!("mysql://root:{secret}@127.0.0.1:3306/test?no_such_option=1"),
        format!("mysql://root:{secret}@127.0.0.1:notaport/test"),
        format!("mariadb://root:{secret}@127.0.0.1:3306/test?stmt_cache_size=x"),
        format!("root:{secret}@127.0.0.1/test"),
        format!("{secret}://x"),
        format!("odbc:{secret}"),
    ];
    for url in &urls {
        let shown = match DatabaseUrl::parse(url) {
            Ok(parsed) => {
                let display = parsed.to_string();
                let debug = format!("{parsed:?}");
                assert!(
                    display.contains("***") && debug.contains("***"),
                    "{display} / {debug}"
                );
                format!("{display} {debug}")
            }
            Err(e) => format!("{e} {e:?}"),
        };
        assert!(!shown.contains(secret), "{url}: {shown}");
        let e = connect_error(url);
        let message = format!("{e} {e:?}");
        assert!(!message.contains(secret), "{url}: {message}");
        if let Ok(m) = ConnectionManager::new(url) {
            assert!(!format!("{m:?}").contains(secret), "{m:?}");
        }
    }
    // The redacted form keeps everything else.
    let url = DatabaseUrl::parse(&format!(
        "postgresql://app:{secret}@db:5432/shop?application_name=x"
    ))
    .unwrap();
    assert_eq!(
        url.to_string(),
        "postgres://app:***@db:5432/shop?application_name=x"
    );
    // A password PostgreSQL refuses: the server's message, not the password.
    if let Some(base) = postgres_url() {
        let wrong = base.replacen("://postgres@", &format!("://nobody_sw:{secret}@"), 1);
        let message = connect_error(&wrong).to_string();
        assert!(!message.contains(secret), "{message}");
    }
}

table! {
    struct Notes("notes") { id: i64, body: String }
}

/// One program for every database: create, insert, read back, a rolled-back
/// transaction, delete. Generic over `Executor`, the way an application is.
fn exercise(db: &mut dyn Executor) {
    let name = db.dialect().name();
    let ddl = match name {
        "PostgreSQL" => "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)",
        "SQLite" => "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        _ => "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(100) NOT NULL)",
    };
    db.execute_raw_batch(ddl).unwrap();
    let n = Notes::new();
    let insert = Insert::into(n)
        .columns((n.id, n.body))
        .values((1_i64, "first"))
        .values((2_i64, "second"));
    assert_eq!(db.execute(&insert).unwrap(), 2, "{name}");

    let failed: sqlweave::Result<()> = sqlweave::transaction(db, |tx| {
        tx.execute(
            &Insert::into(n)
                .columns((n.id, n.body))
                .values((3_i64, "third")),
        )?;
        // A duplicate key: the whole transaction goes.
        tx.execute(
            &Insert::into(n)
                .columns((n.id, n.body))
                .values((1_i64, "again")),
        )?;
        Ok(())
    });
    match failed {
        Err(Error::Database { kind, .. }) => {
            assert_eq!(kind, DbErrorKind::UniqueViolation, "{name}")
        }
        other => panic!("{name}: {other:?}"),
    }
    assert_eq!(db.transaction_depth(), 0, "{name}");

    let all = Select::new()
        .cols((n.id, n.body))
        .from(n)
        .order_by(n.id.asc());
    let rows = db.fetch_all(&all).unwrap();
    let got: Vec<(i64, String)> = rows
        .rows
        .iter()
        .map(|r| (r.col(n.id).unwrap(), r.col(n.body).unwrap()))
        .collect();
    assert_eq!(got, [(1, "first".into()), (2, "second".into())], "{name}");

    let first = Select::new().column(n.body).from(n).filter(n.id.gt(1_i64));
    let row = db.fetch_optional(&first).unwrap().expect("a row");
    assert_eq!(row.col(n.body).unwrap(), "second", "{name}");

    let mut streamed = 0;
    let mut cursor = db.cursor(&all).unwrap();
    for row in cursor.rows().unwrap() {
        row.unwrap();
        streamed += 1;
    }
    drop(cursor);
    assert_eq!(streamed, 2, "{name}");

    let delete = Delete::from(n).filter(n.id.eq(2_i64));
    assert_eq!(db.execute(&delete).unwrap(), 1, "{name}");
    db.begin_with(TransactionOptions::new()).unwrap();
    assert_eq!(db.transaction_depth(), 1);
    db.rollback().unwrap();
    let count = Select::new().column(sqlweave::func::count_star()).from(n);
    assert_eq!(
        db.fetch_one(&count).unwrap().get::<i64>(0).unwrap(),
        1,
        "{name}"
    );
}

#[test]
fn sqlite_in_memory_and_file() {
    let mut db = connect("sqlite::memory:").unwrap();
    assert_eq!(db.backend(), Backend::Sqlite);
    assert!(db.as_sqlite_mut().is_some() && db.as_postgres_mut().is_none());
    exercise(&mut db);

    let path = std::env::temp_dir().join(format!("sw_connect_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let url = format!("sqlite:///{}", path.display()); // an absolute path: four slashes
    assert!(url.starts_with("sqlite:////"));
    {
        let mut db = connect(&url).unwrap();
        exercise(&mut db);
    }
    // The file holds what the first connection left; a pool on it sees the same rows.
    let pool = sqlweave_connect::pool(&url).unwrap();
    let mut a = pool.get().unwrap();
    let mut b = pool.get().unwrap();
    let count = Select::new()
        .column(sqlweave::func::count_star())
        .from(sqlweave::table("notes"));
    assert_eq!(a.fetch_one(&count).unwrap().get::<i64>(0).unwrap(), 1);
    b.execute_sql("INSERT INTO notes VALUES (5, 'from b')", &[])
        .unwrap();
    assert_eq!(a.fetch_one(&count).unwrap().get::<i64>(0).unwrap(), 2);
    drop((a, b, pool));
    std::fs::remove_file(&path).unwrap();

    // A pool cannot share an in-memory database.
    let e = ConnectionManager::new("sqlite::memory:").unwrap_err();
    assert_connect_failed(&e, "in-memory");
}

/// The PostgreSQL URL of the tests: `SQLWEAVE_CONNECT_PG_URL`, or the local server.
fn postgres_url() -> Option<String> {
    let spaces = Spaces::open(&Config::from_env().prefix("sw_connect")).unwrap();
    spaces.databases().contains(&"PostgreSQL").then(|| {
        std::env::var("SQLWEAVE_CONNECT_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
    })
}

/// The MariaDB URL of the tests (`SQLWEAVE_MYSQL_URL`) with `database` as its database.
fn mysql_url_for(database: &str) -> String {
    let base = std::env::var("SQLWEAVE_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
    let (before_query, query) = match base.split_once('?') {
        Some((b, q)) => (b.to_string(), format!("?{q}")),
        None => (base.clone(), String::new()),
    };
    let host_end = before_query["mysql://".len()..]
        .find('/')
        .map(|i| i + "mysql://".len())
        .unwrap_or(before_query.len());
    format!("{}/{database}{query}", &before_query[..host_end])
}

#[test]
fn postgres_through_a_url_and_a_pool() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("sw_connect")).unwrap();
    if spaces.postgres().is_none() {
        eprintln!("skipped: PostgreSQL is not reachable");
        return;
    }
    let base = std::env::var("SQLWEAVE_CONNECT_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let sep = if base.contains('?') { '&' } else { '?' };
    // The space's schema first on the search path, through the URL's own options.
    let url = format!("{base}{sep}options=-c%20search_path%3D{}", spaces.name());
    let mut db = connect(&url).unwrap();
    assert_eq!(db.backend(), Backend::Postgres);
    assert_eq!(db.dialect().name(), "PostgreSQL");
    let schema = db
        .fetch_one(&Select::new().column(Expr::raw("current_schema()", Vec::<Value>::new())))
        .unwrap();
    assert_eq!(schema.get::<String>(0).unwrap(), spaces.name());
    exercise(&mut db);
    assert!(db.as_postgres_mut().is_some());

    let pool = Pool::builder()
        .max_size(2)
        .build(ConnectionManager::new(&url.replacen("postgres://", "postgresql://", 1)).unwrap())
        .unwrap();
    let mut a = pool.get().unwrap();
    let mut b = pool.get().unwrap();
    a.execute_sql("INSERT INTO notes VALUES (7, 'pooled')", &[])
        .unwrap();
    let count = Select::new()
        .column(sqlweave::func::count_star())
        .from(sqlweave::table("notes"));
    assert_eq!(b.fetch_one(&count).unwrap().get::<i64>(0).unwrap(), 2);
    drop((a, b, pool, db));
}

#[test]
fn mariadb_through_a_url_and_a_pool() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("sw_connect")).unwrap();
    if spaces.mysql().is_none() {
        eprintln!("skipped: MariaDB is not reachable");
        return;
    }
    let url = mysql_url_for(spaces.name());
    let mut db = connect(&url).unwrap();
    assert_eq!(db.backend(), Backend::MySql);
    assert!(matches!(db.dialect().name(), "MariaDB" | "MySQL"));
    exercise(&mut db);

    // The mariadb:// spelling reaches the same server and database.
    let pool = Pool::builder()
        .max_size(2)
        .build(ConnectionManager::new(&url.replacen("mysql://", "mariadb://", 1)).unwrap())
        .unwrap();
    let mut a = pool.get().unwrap();
    let mut b = pool.get().unwrap();
    a.execute_sql("INSERT INTO notes VALUES (7, 'pooled')", &[])
        .unwrap();
    let count = Select::new()
        .column(sqlweave::func::count_star())
        .from(sqlweave::table("notes"));
    assert_eq!(b.fetch_one(&count).unwrap().get::<i64>(0).unwrap(), 2);
    // A connection handed back inside a transaction is not reused.
    a.begin().unwrap();
    let id = a
        .fetch_one(&Select::new().column(Expr::raw(
            "CAST(CONNECTION_ID() AS SIGNED)",
            Vec::<Value>::new(),
        )))
        .unwrap()
        .get::<i64>(0)
        .unwrap();
    drop(a);
    let mut c = pool.get().unwrap();
    let again = c
        .fetch_one(&Select::new().column(Expr::raw(
            "CAST(CONNECTION_ID() AS SIGNED)",
            Vec::<Value>::new(),
        )))
        .unwrap()
        .get::<i64>(0)
        .unwrap();
    assert_ne!(
        id, again,
        "a connection left in a transaction came back from the pool"
    );
    assert_eq!(c.transaction_depth(), 0);
    drop((b, c, pool, db));
}

/// `Connection` forwards every method of `Executor`, provided ones included: a method
/// left to the trait's default would skip the driver's own implementation (streaming,
/// one round trip …). Read from the trait's source, so a method added later fails here
/// until it is forwarded.
#[test]
fn every_executor_method_is_forwarded() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let trait_src = std::fs::read_to_string(root.join("src/exec/mod.rs")).unwrap();
    let start = trait_src
        .find("pub trait Executor")
        .expect("the Executor trait");
    let body = &trait_src[start..];
    let end = body.find("\n}\n").expect("the end of the trait");
    let methods: Vec<&str> = body[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("    fn "))
        .map(|l| l.split(['(', '<']).next().unwrap())
        .collect();
    assert!(
        methods.len() >= 20 && methods.contains(&"fetch_optional"),
        "{methods:?}"
    );
    let ours = std::fs::read_to_string(root.join("connect/src/connection.rs")).unwrap();
    let impl_start = ours.find("impl Executor for Connection").unwrap();
    let impl_src = &ours[impl_start..];
    let missing: Vec<&&str> = methods
        .iter()
        .filter(|m| {
            !impl_src.contains(&format!("    fn {m}("))
                && !impl_src.contains(&format!("    fn {m}<"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "Connection does not forward Executor::{missing:?}"
    );
}
