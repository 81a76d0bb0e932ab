//! The cost of the async path against the synchronous one: the same point lookup
//! (`SELECT id, label FROM items WHERE id = ?`, a primary key, one row of 1,000) through
//! `Executor::fetch_one` on the synchronous connection and `AsyncExecutor::fetch_one` on
//! the async one, side by side for each database in one run.
//!
//! ```text
//! cargo bench --bench async
//! ```
//!
//! The async side runs each lookup to completion with `block_on` on a current-thread
//! tokio runtime — what one request's query costs a task, scheduling included. SQLite's
//! async connection hands each call to its own thread and back; the servers' go through
//! mysql_async / tokio-postgres. The servers are measured when they are up (in a private
//! space each, dropped at the end). Nothing here asserts timings.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sqlweave::{AsyncExecutor, Executor, Expr, Select, Value, table};
use sqlweave_harness::{Config, Spaces};
use sqlweave_mysql::AsyncMySqlConnection;
use sqlweave_postgres::AsyncPgConnection;
use sqlweave_sqlite::{AsyncSqliteConnection, SqliteConnection};

const ROWS: i64 = 1000;

fn setup(dialect: &str) -> String {
    let engine = if dialect == "SQLite" || dialect == "PostgreSQL" {
        ""
    } else {
        " ENGINE = InnoDB"
    };
    let values: Vec<String> = (1..=ROWS).map(|i| format!("({i}, 'item {i}')")).collect();
    format!(
        "CREATE TABLE items (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL){engine};
         INSERT INTO items (id, label) VALUES {}",
        values.join(", ")
    )
}

fn lookup() -> Select {
    Select::new()
        .column(Expr::column("id"))
        .column(Expr::column("label"))
        .from(table("items"))
        .filter(Expr::column("id").eq(Expr::param("id")))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn point_lookup(c: &mut Criterion) {
    let config = Config::from_env().prefix("bench_async");
    let mut spaces = Spaces::open(&config).expect("spaces");
    spaces.load(setup).expect("set-up");
    let file = std::env::temp_dir().join(format!("{}.db", spaces.name()));
    let mut lite = SqliteConnection::open(&file).expect("sqlite file");
    lite.execute_raw_batch(&setup("SQLite"))
        .expect("sqlite set-up");
    let q = lookup();
    let rt = runtime();
    let mut g = c.benchmark_group("point_lookup");

    let mut id = 0;
    let mut next = move || {
        id = id % ROWS + 1;
        [("id", Value::I64(black_box(id)))]
    };

    g.bench_function("SQLite/sync", |b| {
        b.iter(|| lite.fetch_one_with(&q, &next()).expect("row"))
    });
    let mut alite = rt
        .block_on(AsyncSqliteConnection::open(&file))
        .expect("async sqlite");
    g.bench_function("SQLite/async", |b| {
        b.iter(|| rt.block_on(alite.fetch_one_with(&q, &next())).expect("row"))
    });

    let name = spaces.name().to_owned();
    if let Some(pg) = spaces.postgres() {
        g.bench_function("PostgreSQL/sync", |b| {
            b.iter(|| pg.fetch_one_with(&q, &next()).expect("row"))
        });
        let mut pg_config: sqlweave_postgres::tokio_postgres::Config =
            config.postgres_url().parse().expect("pg url");
        pg_config.options(format!("-c search_path={name}"));
        let mut apg = rt.block_on(async {
            let (client, connection) = pg_config
                .connect(sqlweave_postgres::tokio_postgres::NoTls)
                .await
                .expect("async pg");
            tokio::spawn(connection);
            AsyncPgConnection::from_client(client)
        });
        g.bench_function("PostgreSQL/async", |b| {
            b.iter(|| rt.block_on(apg.fetch_one_with(&q, &next())).expect("row"))
        });
    }
    if let Some(my) = spaces.mysql() {
        g.bench_function("MariaDB/sync", |b| {
            b.iter(|| my.fetch_one_with(&q, &next()).expect("row"))
        });
        let opts = sqlweave_mysql::mysql_async::Opts::from_url(config.mysql_url()).expect("url");
        let opts = sqlweave_mysql::mysql_async::OptsBuilder::from_opts(opts).db_name(Some(&name));
        let mut amy = rt
            .block_on(AsyncMySqlConnection::connect_with(opts))
            .expect("async mysql");
        g.bench_function("MariaDB/async", |b| {
            b.iter(|| rt.block_on(amy.fetch_one_with(&q, &next())).expect("row"))
        });
    }
    g.finish();
    drop(alite);
    for s in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{s}", file.display()));
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = point_lookup
}
criterion_main!(benches);
