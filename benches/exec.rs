//! Execution side by side with the raw drivers, in one run, on in-memory SQLite and the
//! project's PostgreSQL and MariaDB servers (skipped, with a line saying so, when they
//! do not answer).
//!
//! `cargo bench --bench exec`; `SQLWEAVE_BENCH_BULK_ROWS` (default 100,000) sets the rows
//! of the bulk load (1,000,000 for the figure), `SQLWEAVE_BENCH_SECS` (default 2)
//! the measurement time of each benchmark. Each group holds a `raw` and a `sqlweave`
//! side of one operation: the ratio of their medians is the figure the README reports
//! (`target/criterion/<group>/{raw,sqlweave}/new/estimates.json`). Nothing asserts
//! timings.
//!
//! * `point_prepared`: a primary-key lookup through a statement prepared once (the
//!   driver's own against `Executor::prepare`), read into a struct;
//! * `point_fresh`: the same built, rendered and run each time by sqlweave, against the
//!   driver's prepared statement;
//! * `read_1000`: 1,000 rows read into structs (the typed `fetch_all_with` of a
//!   `from_row!` struct, each row decoded as it is read);
//! * `stream_100k`: 100,000 rows streamed one at a time (`for_each_row`), summed;
//! * `insert_100`: a 100-row INSERT (the raw side one multi-row prepared statement,
//!   sqlweave's built with `Insert` and run with `execute_insert`);
//! * `bulk`: a bulk load of 6 columns into an empty table (raw: PostgreSQL binary COPY;
//!   SQLite one prepared single-row INSERT per row, MariaDB prepared 1,000-row INSERTs,
//!   each in one transaction — the fastest raw method measured on each; sqlweave:
//!   `bulk_load`).

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, Criterion, SamplingMode, criterion_group, measurement::WallTime};
use sqlweave::{
    Executor, Expr, Select, TableRef, Typed, TypedExpr, TypedQuery, TypedSelect, Value, bulk_load,
    dml::Insert, from_row, param, select, table,
};
use sqlweave_harness::{Config, Spaces};
use sqlweave_mysql::mysql::{self, prelude::Queryable};
use sqlweave_postgres::postgres;
use sqlweave_sqlite::SqliteConnection;

/// Rows of the `users` table (the streamed read reads them all).
const USERS: i64 = 100_000;

#[derive(Debug)]
#[allow(dead_code)] // read through black_box
struct User {
    id: i64,
    name: String,
    score: i64,
}

fn user(mut row: sqlweave::Row) -> sqlweave::Result<User> {
    // `take` moves the text out of the row, as the raw drivers' readers copy it once.
    Ok(User {
        id: row.take(0)?,
        name: row.take(1)?,
        score: row.take(2)?,
    })
}

fn by_id() -> Select {
    Select::new()
        .columns(["id", "name", "score"].map(Expr::column))
        .from(table("users"))
        .filter(Expr::column("id").eq(Expr::param("id")))
}

table! { struct Users("users") { id: i64, name: String, score: i64 } }
from_row!(User { id, name, score });

/// The users `filter` picks, as a user of the typed layer reads them.
fn users_typed(filter: impl FnOnce(Users) -> Typed<bool>) -> TypedSelect<User> {
    let u = Users::new();
    select((u.id, u.name, u.score))
        .from(u)
        .filter(filter(u))
        .rows_as::<User>()
}

/// The 1,000-row read as a user of the typed layer writes it.
fn first_n_typed() -> TypedSelect<User> {
    users_typed(|u| u.id.le(param::<i64>("n")))
}

/// The point lookup as a typed query (`--profile point_typed`, prepared once).
fn by_id_typed() -> TypedSelect<User> {
    users_typed(|u| u.id.eq(param::<i64>("id")))
}

/// The same read untyped: rows fetched, then decoded (`--profile read_1000-untyped`).
fn first_n() -> Select {
    Select::new()
        .columns(["id", "name", "score"].map(Expr::column))
        .from(table("users"))
        .filter(Expr::column("id").le(Expr::param("n")))
}

fn all_users() -> Select {
    Select::new()
        .columns(["id", "name", "score"].map(Expr::column))
        .from(table("users"))
}

fn bulk_rows() -> u64 {
    std::env::var("SQLWEAVE_BENCH_BULK_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Bulk row `i`: BIGINT, BIGINT, DOUBLE, two texts, BIGINT.
fn bulk_values(i: i64) -> [Value; 6] {
    [
        Value::I64(i),
        Value::I64(i % 1000),
        Value::F64(i as f64 * 0.25),
        Value::Text(format!("name {i}")),
        Value::Text("constant code".into()),
        Value::I64(i & 1),
    ]
}

const BULK_COLUMNS: [&str; 6] = ["id", "qty", "price", "name", "code", "flag"];

fn setup_sql(db: &str) -> String {
    let (int, text, double) = match db {
        "SQLite" => ("INTEGER", "TEXT", "REAL"),
        "PostgreSQL" => ("BIGINT", "TEXT", "DOUBLE PRECISION"),
        _ => ("BIGINT", "VARCHAR(40)", "DOUBLE"),
    };
    format!(
        "CREATE TABLE users (id {int} PRIMARY KEY, name {text} NOT NULL, score {int} NOT NULL);
         CREATE TABLE inserted (id {int}, name {text}, score {int});
         CREATE TABLE bulk (id {int}, qty {int}, price {double}, name {text}, code {text}, flag {int});"
    )
}

fn seed(conn: &mut dyn Executor) {
    let rows = (1..=USERS).map(|i| {
        [
            Value::I64(i),
            Value::Text(format!("user {i}")),
            Value::I64(i * 7 % 1000),
        ]
    });
    bulk_load(
        conn,
        &TableRef::new("users"),
        &["id", "name", "score"],
        rows,
        |_| {},
    )
    .expect("seed users");
}

fn hundred_rows(start: i64) -> Insert {
    Insert::into(TableRef::new("inserted"))
        .columns(["id", "name", "score"])
        .rows((start..start + 100).map(|i| (i, format!("row {i}"), i % 10)))
        .into_insert()
}

/// Times `load` on an emptied `bulk` table, `iters` times (the emptying is not timed).
fn timed_loads<C: ?Sized>(
    iters: u64,
    conn: &mut C,
    mut empty: impl FnMut(&mut C),
    mut load: impl FnMut(&mut C),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        empty(conn);
        let start = Instant::now();
        load(conn);
        total += start.elapsed();
    }
    total
}

fn group<'a>(c: &'a mut Criterion, db: &str, op: &str) -> BenchmarkGroup<'a, WallTime> {
    c.benchmark_group(format!("{db}/{op}"))
}

/// The raw side's row reader.
fn read_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        score: r.get(2)?,
    })
}

const SQLITE_BY_ID: &str = "SELECT \"id\", \"name\", \"score\" FROM \"users\" WHERE \"id\" = ?";
const SQLITE_FIRST_N: &str = "SELECT \"id\", \"name\", \"score\" FROM \"users\" WHERE \"id\" <= ?";
const SQLITE_ALL: &str = "SELECT \"id\", \"name\", \"score\" FROM \"users\"";

/// The SQLite operations, each side as one function: the benchmarks and `--profile`
/// run the same code.
mod sqlite_ops {
    use super::*;

    pub fn raw_point(stmt: &mut rusqlite::Statement<'_>, id: i64) -> User {
        stmt.query_row([id], read_raw).unwrap()
    }
    pub fn sw_point_prepared(find: &mut sqlweave::Prepared<'_>, id: i64) -> User {
        user(find.fetch_one(&[Value::I64(id)]).unwrap()).unwrap()
    }
    pub fn sw_point_fresh(sw: &mut dyn Executor, id: i64) -> User {
        let q = Select::new()
            .columns(["id", "name", "score"].map(Expr::column))
            .from(table("users"))
            .filter(Expr::column("id").eq(Expr::value(id)));
        user(sw.fetch_one(&q).unwrap()).unwrap()
    }
    /// The lookup as a user of sea-query (the Rust dynamic builder) runs it: built and
    /// rendered by sea-query, run through rusqlite's statement cache.
    pub fn sea_query_point(raw: &rusqlite::Connection, id: i64) -> User {
        use sea_query::{Expr, ExprTrait, Query, SqliteQueryBuilder};
        let (sql, values) = Query::select()
            .columns(["id", "name", "score"])
            .from("users")
            .and_where(Expr::col("id").eq(id))
            .build(SqliteQueryBuilder);
        let params: Vec<rusqlite::types::Value> = values
            .into_iter()
            .map(|v| match v {
                sea_query::Value::BigInt(Some(i)) => i.into(),
                other => panic!("unexpected value {other:?}"),
            })
            .collect();
        let mut stmt = raw.prepare_cached(&sql).unwrap();
        stmt.query_row(rusqlite::params_from_iter(params), read_raw)
            .unwrap()
    }
    pub fn raw_read_1000(many: &mut rusqlite::Statement<'_>) -> Vec<User> {
        many.query_map([1000], read_raw)
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    pub fn sw_read_1000(sw: &mut dyn Executor) -> Vec<User> {
        first_n_typed()
            .fetch_all_with(sw, &[("n", Value::I64(1000))])
            .unwrap()
    }
    pub fn sw_read_1000_untyped(sw: &mut dyn Executor) -> Vec<User> {
        let rows = sw
            .fetch_all_with(&first_n(), &[("n", Value::I64(1000))])
            .unwrap();
        rows.into_iter().map(|r| user(r).unwrap()).collect()
    }
    pub fn raw_stream(every: &mut rusqlite::Statement<'_>) -> i64 {
        let mut rows = every.query([]).unwrap();
        let mut sum = 0_i64;
        while let Some(r) = rows.next().unwrap() {
            sum += read_raw(r).unwrap().score;
        }
        sum
    }
    pub fn raw_insert_100(ins: &mut rusqlite::Statement<'_>, next: i64) -> usize {
        let params: Vec<rusqlite::types::Value> = (next..next + 100)
            .flat_map(|i| [i.into(), format!("row {i}").into(), (i % 10).into()])
            .collect();
        ins.execute(rusqlite::params_from_iter(params)).unwrap()
    }
    pub fn sw_insert_100(sw: &mut dyn Executor, next: i64) -> u64 {
        sqlweave::exec::execute_insert(sw, &hundred_rows(next)).unwrap()
    }
}

/// A fresh in-memory database with the tables, `users` seeded.
fn sqlite_setup() -> rusqlite::Connection {
    let raw = rusqlite::Connection::open_in_memory().unwrap();
    let mut sw = SqliteConnection::from_rusqlite(&raw);
    sw.execute_raw_batch(&setup_sql("SQLite")).unwrap();
    seed(&mut sw);
    raw
}

fn sqlite(c: &mut Criterion) {
    use sqlite_ops::*;
    let raw = sqlite_setup();
    let mut sw = SqliteConnection::from_rusqlite(&raw);

    let mut g = group(c, "sqlite", "point_prepared");
    let mut stmt = raw.prepare(SQLITE_BY_ID).unwrap();
    let mut id = 0;
    g.bench_function("raw", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            black_box(raw_point(&mut stmt, id))
        })
    });
    {
        let mut find = sw.prepare(&by_id()).unwrap();
        g.bench_function("sqlweave", |b| {
            b.iter(|| {
                id = id % USERS + 1;
                black_box(sw_point_prepared(&mut find, id))
            })
        });
    }
    {
        // The typed form (`TypedQuery::prepare`), read by `fetch_optional` as the raw
        // side's `query_row` reads: the first row.
        let mut find = by_id_typed().prepare(&mut sw).unwrap();
        g.bench_function("sqlweave-typed", |b| {
            b.iter(|| {
                id = id % USERS + 1;
                black_box(find.fetch_optional(&[Value::I64(id)]).unwrap())
            })
        });
    }
    g.finish();

    let mut g = group(c, "sqlite", "point_fresh");
    g.bench_function("raw", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            black_box(raw_point(&mut stmt, id))
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            black_box(sw_point_fresh(&mut sw, id))
        })
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            black_box(sea_query_point(&raw, id))
        })
    });
    g.finish();

    let mut g = group(c, "sqlite", "read_1000");
    let mut many = raw.prepare(SQLITE_FIRST_N).unwrap();
    g.bench_function("raw", |b| b.iter(|| black_box(raw_read_1000(&mut many))));
    g.bench_function("sqlweave", |b| b.iter(|| black_box(sw_read_1000(&mut sw))));
    g.finish();

    let mut g = group(c, "sqlite", "stream_100k");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    let mut every = raw.prepare(SQLITE_ALL).unwrap();
    g.bench_function("raw", |b| b.iter(|| black_box(raw_stream(&mut every))));
    g.bench_function("sqlweave", |b| b.iter(|| black_box(stream_sum(&mut sw))));
    g.finish();

    let mut g = group(c, "sqlite", "insert_100");
    let mut ins = raw.prepare(&multi_insert_sql(100, |_| "?".into())).unwrap();
    let mut next = 0;
    g.bench_function("raw", |b| {
        b.iter(|| {
            next += 100;
            black_box(raw_insert_100(&mut ins, next))
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            next += 100;
            black_box(sw_insert_100(&mut sw, next))
        })
    });
    g.finish();
    drop((stmt, many, every, ins));

    let mut g = group(c, "sqlite", "bulk");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    let n = bulk_rows() as i64;
    g.bench_function("raw", |b| {
        b.iter_custom(|iters| {
            timed_loads(
                iters,
                &mut (),
                |_| raw.execute_batch("DELETE FROM bulk").unwrap(),
                |_| {
                    let tx = raw.unchecked_transaction().unwrap();
                    {
                        let mut st = tx
                            .prepare("INSERT INTO bulk (id, qty, price, name, code, flag) VALUES (?, ?, ?, ?, ?, ?)")
                            .unwrap();
                        for i in 0..n {
                            st.execute(rusqlite::params![
                                i,
                                i % 1000,
                                i as f64 * 0.25,
                                format!("name {i}"),
                                "constant code",
                                i & 1
                            ])
                            .unwrap();
                        }
                    }
                    tx.commit().unwrap();
                },
            )
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter_custom(|iters| {
            let mut sw = SqliteConnection::from_rusqlite(&raw);
            timed_loads(
                iters,
                &mut (),
                |_| raw.execute_batch("DELETE FROM bulk").unwrap(),
                |_| {
                    bulk_load(
                        &mut sw,
                        &TableRef::new("bulk"),
                        &BULK_COLUMNS,
                        (0..n).map(bulk_values),
                        |_| {},
                    )
                    .unwrap();
                },
            )
        })
    });
    g.finish();
}

fn stream_sum(conn: &mut dyn Executor) -> i64 {
    let mut sum = 0;
    conn.for_each_row(&all_users(), &mut |row| {
        sum += user(row)?.score;
        Ok(ControlFlow::Continue(()))
    })
    .unwrap();
    sum
}

/// `INSERT INTO inserted (id, name, score) VALUES (…), …` with `rows` rows, the
/// placeholders written by `ph(n)`.
fn multi_insert_sql(rows: usize, ph: impl Fn(usize) -> String) -> String {
    let mut sql = String::from("INSERT INTO inserted (id, name, score) VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "({}, {}, {})",
            ph(3 * r + 1),
            ph(3 * r + 2),
            ph(3 * r + 3)
        ));
    }
    sql
}

fn postgres_bench(c: &mut Criterion, spaces: &mut Spaces, config: &Config) {
    let Some(sw) = spaces.postgres() else { return };
    let mut raw = postgres::Client::connect(config.postgres_url(), postgres::NoTls).unwrap();
    raw.batch_execute(&format!("SET search_path TO {}", spaces_name(sw)))
        .unwrap();
    let sw = spaces.postgres().unwrap();
    let read = |r: &postgres::Row| User {
        id: r.get(0),
        name: r.get(1),
        score: r.get(2),
    };
    let stmt = raw
        .prepare("SELECT id, name, score FROM users WHERE id = $1")
        .unwrap();

    let mut g = group(c, "postgres", "point_prepared");
    let mut id = 0;
    g.bench_function("raw", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            black_box(read(&raw.query_one(&stmt, &[&id]).unwrap()))
        })
    });
    {
        let mut find = sw.prepare(&by_id()).unwrap();
        g.bench_function("sqlweave", |b| {
            b.iter(|| {
                id = id % USERS + 1;
                black_box(user(find.fetch_one(&[Value::I64(id)]).unwrap()).unwrap())
            })
        });
    }
    g.finish();

    let mut g = group(c, "postgres", "point_fresh");
    g.bench_function("raw", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            black_box(read(&raw.query_one(&stmt, &[&id]).unwrap()))
        })
    });
    for (name, how) in [("sqlweave", 0), ("sqlweave_fetch_optional", 1)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                id = id % USERS + 1;
                let q = Select::new()
                    .columns(["id", "name", "score"].map(Expr::column))
                    .from(table("users"))
                    .filter(Expr::column("id").eq(Expr::value(id)));
                let row = match how {
                    0 => sw.fetch_one(&q).unwrap(),
                    _ => sw.fetch_optional(&q).unwrap().unwrap(),
                };
                black_box(user(row).unwrap())
            })
        });
    }
    g.finish();

    let mut g = group(c, "postgres", "read_1000");
    let many = raw
        .prepare("SELECT id, name, score FROM users WHERE id <= $1")
        .unwrap();
    g.bench_function("raw", |b| {
        b.iter(|| {
            let v: Vec<User> = raw
                .query(&many, &[&1000_i64])
                .unwrap()
                .iter()
                .map(read)
                .collect();
            black_box(v)
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            black_box(
                first_n_typed()
                    .fetch_all_with(&mut *sw, &[("n", Value::I64(1000))])
                    .unwrap(),
            )
        })
    });
    g.finish();

    let mut g = group(c, "postgres", "stream_100k");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    let every = raw.prepare("SELECT id, name, score FROM users").unwrap();
    g.bench_function("raw", |b| {
        b.iter(|| {
            use postgres::fallible_iterator::FallibleIterator;
            let mut it = raw.query_raw(&every, std::iter::empty::<i64>()).unwrap();
            let mut sum = 0_i64;
            while let Some(r) = it.next().unwrap() {
                sum += read(&r).score;
            }
            black_box(sum)
        })
    });
    g.bench_function("sqlweave", |b| b.iter(|| black_box(stream_sum(sw))));
    g.finish();

    let mut g = group(c, "postgres", "insert_100");
    let ins = raw
        .prepare(&multi_insert_sql(100, |n| format!("${n}")))
        .unwrap();
    let mut next = 0_i64;
    g.bench_function("raw", |b| {
        b.iter(|| {
            next += 100;
            let owned: Vec<(i64, String, i64)> = (next..next + 100)
                .map(|i| (i, format!("row {i}"), i % 10))
                .collect();
            let params: Vec<&(dyn postgres::types::ToSql + Sync)> = owned
                .iter()
                .flat_map(|(a, b, c)| [a as &(dyn postgres::types::ToSql + Sync), b as _, c as _])
                .collect();
            black_box(raw.execute(&ins, &params).unwrap())
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            next += 100;
            black_box(sqlweave::exec::execute_insert(sw, &hundred_rows(next)).unwrap())
        })
    });
    g.finish();

    let mut g = group(c, "postgres", "bulk");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    let n = bulk_rows() as i64;
    g.bench_function("raw", |b| {
        b.iter_custom(|iters| {
            use postgres::types::{ToSql, Type};
            let types = [Type::INT8, Type::INT8, Type::FLOAT8, Type::TEXT, Type::TEXT, Type::INT8];
            timed_loads(
                iters,
                &mut raw,
                |raw| raw.batch_execute("TRUNCATE bulk").unwrap(),
                |raw| {
                    let sink = raw
                        .copy_in("COPY bulk (id, qty, price, name, code, flag) FROM STDIN (FORMAT binary)")
                        .unwrap();
                    let mut w = postgres::binary_copy::BinaryCopyInWriter::new(sink, &types);
                    for i in 0..n {
                        let (qty, price, name, flag) = (i % 1000, i as f64 * 0.25, format!("name {i}"), i & 1);
                        let row: [&(dyn ToSql + Sync); 6] = [&i, &qty, &price, &name, &"constant code", &flag];
                        w.write(&row).unwrap();
                    }
                    w.finish().unwrap();
                },
            )
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter_custom(|iters| {
            timed_loads(
                iters,
                sw,
                |sw| sw.execute_raw_batch("TRUNCATE bulk").unwrap(),
                |sw| {
                    bulk_load(
                        sw,
                        &TableRef::new("bulk"),
                        &BULK_COLUMNS,
                        (0..n).map(bulk_values),
                        |_| {},
                    )
                    .unwrap();
                },
            )
        })
    });
    g.finish();
}

/// The schema the connection's `search_path` names (the space).
fn spaces_name(conn: &mut sqlweave_postgres::PgConnection) -> String {
    conn.query_sql("SELECT current_schema()::text", &[])
        .unwrap()
        .rows[0]
        .get::<String>(0)
        .unwrap()
}

fn mariadb_bench(c: &mut Criterion, spaces: &mut Spaces, config: &Config) {
    let name = spaces.name().to_string();
    let Some(sw) = spaces.mysql() else { return };
    let opts = mysql::OptsBuilder::from_opts(mysql::Opts::from_url(config.mysql_url()).unwrap())
        .db_name(Some(name));
    let mut raw = mysql::Conn::new(opts).unwrap();
    let read = |mut r: mysql::Row| User {
        id: r.take(0).unwrap(),
        name: r.take(1).unwrap(),
        score: r.take(2).unwrap(),
    };
    let stmt = raw
        .prep("SELECT id, name, score FROM users WHERE id = ?")
        .unwrap();

    let mut g = group(c, "mariadb", "point_prepared");
    let mut id = 0;
    g.bench_function("raw", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            let row: mysql::Row = raw.exec_first(&stmt, (id,)).unwrap().unwrap();
            black_box(read(row))
        })
    });
    {
        let mut find = sw.prepare(&by_id()).unwrap();
        g.bench_function("sqlweave", |b| {
            b.iter(|| {
                id = id % USERS + 1;
                black_box(user(find.fetch_one(&[Value::I64(id)]).unwrap()).unwrap())
            })
        });
    }
    g.finish();

    let mut g = group(c, "mariadb", "point_fresh");
    g.bench_function("raw", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            let row: mysql::Row = raw.exec_first(&stmt, (id,)).unwrap().unwrap();
            black_box(read(row))
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            id = id % USERS + 1;
            let q = Select::new()
                .columns(["id", "name", "score"].map(Expr::column))
                .from(table("users"))
                .filter(Expr::column("id").eq(Expr::value(id)));
            black_box(user(sw.fetch_one(&q).unwrap()).unwrap())
        })
    });
    g.finish();

    let mut g = group(c, "mariadb", "read_1000");
    let many = raw
        .prep("SELECT id, name, score FROM users WHERE id <= ?")
        .unwrap();
    g.bench_function("raw", |b| {
        b.iter(|| {
            let v: Vec<User> = raw
                .exec_map(&many, (1000,), |(id, name, score)| User { id, name, score })
                .unwrap();
            black_box(v)
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            black_box(
                first_n_typed()
                    .fetch_all_with(&mut *sw, &[("n", Value::I64(1000))])
                    .unwrap(),
            )
        })
    });
    g.finish();

    let mut g = group(c, "mariadb", "stream_100k");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    let every = raw.prep("SELECT id, name, score FROM users").unwrap();
    g.bench_function("raw", |b| {
        b.iter(|| {
            let mut sum = 0_i64;
            for r in raw.exec_iter(&every, ()).unwrap() {
                sum += read(r.unwrap()).score;
            }
            black_box(sum)
        })
    });
    g.bench_function("sqlweave", |b| b.iter(|| black_box(stream_sum(sw))));
    g.finish();

    let mut g = group(c, "mariadb", "insert_100");
    let ins = raw.prep(multi_insert_sql(100, |_| "?".into())).unwrap();
    let mut next = 0_i64;
    g.bench_function("raw", |b| {
        b.iter(|| {
            next += 100;
            let params: Vec<mysql::Value> = (next..next + 100)
                .flat_map(|i| [i.into(), format!("row {i}").into(), (i % 10).into()])
                .collect();
            raw.exec_drop(&ins, params).unwrap();
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter(|| {
            next += 100;
            black_box(sqlweave::exec::execute_insert(sw, &hundred_rows(next)).unwrap())
        })
    });
    g.finish();

    let mut g = group(c, "mariadb", "bulk");
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    let n = bulk_rows() as i64;
    let per = 1000_i64;
    let full = {
        let mut sql = String::from("INSERT INTO bulk (id, qty, price, name, code, flag) VALUES ");
        for r in 0..per {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?, ?)");
        }
        raw.prep(sql).unwrap()
    };
    g.bench_function("raw", |b| {
        b.iter_custom(|iters| {
            timed_loads(
                iters,
                &mut raw,
                |raw| raw.query_drop("TRUNCATE bulk").unwrap(),
                |raw| {
                    raw.query_drop("START TRANSACTION").unwrap();
                    let mut i = 0;
                    while i < n {
                        let end = (i + per).min(n);
                        let params: Vec<mysql::Value> = (i..end)
                            .flat_map(|j| {
                                [
                                    j.into(),
                                    (j % 1000).into(),
                                    (j as f64 * 0.25).into(),
                                    format!("name {j}").into(),
                                    "constant code".into(),
                                    (j & 1).into(),
                                ]
                            })
                            .collect();
                        if end - i == per {
                            raw.exec_drop(&full, params).unwrap();
                        } else {
                            let mut sql = String::from(
                                "INSERT INTO bulk (id, qty, price, name, code, flag) VALUES ",
                            );
                            sql.push_str(
                                &vec!["(?, ?, ?, ?, ?, ?)"; (end - i) as usize].join(", "),
                            );
                            raw.exec_drop(sql, params).unwrap();
                        }
                        i = end;
                    }
                    raw.query_drop("COMMIT").unwrap();
                },
            )
        })
    });
    g.bench_function("sqlweave", |b| {
        b.iter_custom(|iters| {
            timed_loads(
                iters,
                sw,
                |sw| sw.execute_raw_batch("TRUNCATE bulk").unwrap(),
                |sw| {
                    bulk_load(
                        sw,
                        &TableRef::new("bulk"),
                        &BULK_COLUMNS,
                        (0..n).map(bulk_values),
                        |_| {},
                    )
                    .unwrap();
                },
            )
        })
    });
    g.finish();
}

fn servers(c: &mut Criterion) {
    let config = Config::from_env()
        .prefix("sw_bench_exec")
        .require_all(false);
    let mut spaces = match Spaces::open(&config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("skipped the servers: {e}");
            return;
        }
    };
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    if let Some(pg) = spaces.postgres() {
        pg.execute_raw_batch(&setup_sql("PostgreSQL")).unwrap();
        seed(pg);
        pg.execute_raw_batch("ANALYZE users").unwrap();
    }
    if let Some(my) = spaces.mysql() {
        my.execute_raw_batch(&setup_sql("MariaDB")).unwrap();
        seed(my);
    }
    postgres_bench(c, &mut spaces, &config);
    mariadb_bench(c, &mut spaces, &config);
}

fn config() -> Criterion {
    let secs = std::env::var("SQLWEAVE_BENCH_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(secs))
}

criterion_group! {
    name = benches;
    config = config();
    targets = sqlite, servers
}
/// `--profile CASE [N]`: runs one SQLite case N times (default 2,000; 20 for
/// `stream_100k`) and nothing else, for a profiler:
/// `valgrind --tool=callgrind --toggle-collect='*profile_loop*' <exec binary> --profile
/// point_prepared` counts the instructions of the loop alone. Cases: `point_prepared`,
/// `point_typed` (the same as a typed query, `TypedQuery::prepare`),
/// `point_optional` (the prepared lookup by `fetch_optional`, which stops at the first
/// row as the raw side's `query_row` does, where `fetch_one` steps once more to prove
/// there is no second), `point_fresh`, `read_1000` (typed; `read_1000-untyped`: fetched, then decoded),
/// `stream_100k`, `insert_100` (sqlweave's side), and the
/// same with `-raw` (the raw side; `point_fresh-raw` is `point_prepared-raw`), and
/// `point_cached-raw`: the raw lookup through `prepare_cached` each time, as raw code
/// that does not hold its statement runs it, and `point_fresh-seaquery`: built and
/// rendered by sea-query, then run as `point_cached-raw` is.
fn profile(case: &str, n: Option<i64>) {
    let raw = sqlite_setup();
    let mut sw = SqliteConnection::from_rusqlite(&raw);
    let n = n.unwrap_or(if case.starts_with("stream") {
        20
    } else {
        2_000
    });
    let sql = match case.trim_end_matches("-raw") {
        "point_prepared"
        | "point_optional"
        | "point_typed"
        | "point_fresh"
        | "point_cached"
        | "point_fresh-seaquery" => SQLITE_BY_ID.to_string(),
        "read_1000" | "read_1000-untyped" => SQLITE_FIRST_N.to_string(),
        "stream_100k" => SQLITE_ALL.to_string(),
        "insert_100" => multi_insert_sql(100, |_| "?".into()),
        other => panic!("unknown case {other}"),
    };
    let mut stmt = raw.prepare(&sql).unwrap();
    if case == "point_typed" {
        let mut find = by_id_typed().prepare(&mut sw).unwrap();
        typed_profile_loop(n, &mut find);
    } else if case == "point_prepared" || case == "point_optional" {
        let mut find = sw.prepare(&by_id()).unwrap();
        profile_loop(case, n, &mut sw_dummy(), &raw, &mut stmt, Some(&mut find));
    } else {
        profile_loop(case, n, &mut sw, &raw, &mut stmt, None);
    }
}

/// A connection the prepared case does not use (its statement borrows the other).
fn sw_dummy() -> SqliteConnection {
    SqliteConnection::open_in_memory().unwrap()
}

/// `point_typed`: the typed prepared lookup (`TypedQuery::prepare`, `fetch_optional`).
#[inline(never)]
fn typed_profile_loop(n: i64, find: &mut sqlweave::TypedPrepared<'_, User>) {
    for i in 0..n {
        let id = i % USERS + 1;
        black_box(find.fetch_optional(&[Value::I64(id)]).unwrap().unwrap());
    }
}

#[inline(never)]
fn profile_loop(
    case: &str,
    n: i64,
    sw: &mut dyn Executor,
    raw: &rusqlite::Connection,
    stmt: &mut rusqlite::Statement<'_>,
    find: Option<&mut sqlweave::Prepared<'_>>,
) {
    use sqlite_ops::*;
    let mut find = find;
    for i in 0..n {
        let id = i % USERS + 1;
        match case {
            "point_optional" => {
                let find = find.as_deref_mut().unwrap();
                let row = find.fetch_optional(&[Value::I64(id)]).unwrap();
                black_box(user(row.unwrap()).unwrap());
            }
            "point_prepared" => {
                black_box(sw_point_prepared(find.as_deref_mut().unwrap(), id));
            }
            "point_cached-raw" => {
                // A raw user who does not hold the statement: rusqlite's statement cache.
                let mut cached = raw.prepare_cached(SQLITE_BY_ID).unwrap();
                black_box(raw_point(&mut cached, id));
            }
            "point_prepared-raw" | "point_fresh-raw" => {
                black_box(raw_point(stmt, id));
            }
            "point_fresh" => {
                black_box(sw_point_fresh(sw, id));
            }
            "point_fresh-seaquery" => {
                black_box(sea_query_point(raw, id));
            }
            "read_1000" => {
                black_box(sw_read_1000(sw));
            }
            "read_1000-untyped" => {
                black_box(sw_read_1000_untyped(sw));
            }
            "read_1000-raw" => {
                black_box(raw_read_1000(stmt));
            }
            "stream_100k" => {
                black_box(stream_sum(sw));
            }
            "stream_100k-raw" => {
                black_box(raw_stream(stmt));
            }
            "insert_100" => {
                black_box(sw_insert_100(sw, 1_000_000 + 100 * i));
            }
            "insert_100-raw" => {
                black_box(raw_insert_100(stmt, 1_000_000 + 100 * i));
            }
            other => panic!("unknown case {other}"),
        }
    }
}

/// `--profile pg_read_1000[-raw] [N]`: the 1,000-row read on PostgreSQL, N times
/// (default 200), for a profiler (the client's instructions; the server's are not counted).
fn profile_pg(case: &str, n: Option<i64>) {
    let config = Config::from_env()
        .prefix("sw_bench_exec")
        .require_all(false);
    let mut spaces = Spaces::open(&config).unwrap();
    let Some(pg) = spaces.postgres() else {
        panic!("PostgreSQL does not answer");
    };
    pg.execute_raw_batch(&setup_sql("PostgreSQL")).unwrap();
    seed(pg);
    let mut raw = postgres::Client::connect(config.postgres_url(), postgres::NoTls).unwrap();
    raw.batch_execute(&format!("SET search_path TO {}", spaces_name(pg)))
        .unwrap();
    let many = raw
        .prepare("SELECT id, name, score FROM users WHERE id <= $1")
        .unwrap();
    let sw = spaces.postgres().unwrap();
    first_n_typed()
        .fetch_all_with(&mut *sw, &[("n", Value::I64(1000))])
        .unwrap();
    pg_profile_loop(case, n.unwrap_or(200), sw, &mut raw, &many);
}

#[inline(never)]
fn pg_profile_loop(
    case: &str,
    n: i64,
    sw: &mut dyn Executor,
    raw: &mut postgres::Client,
    many: &postgres::Statement,
) {
    for _ in 0..n {
        match case {
            "pg_read_1000" => {
                black_box(
                    first_n_typed()
                        .fetch_all_with(sw, &[("n", Value::I64(1000))])
                        .unwrap(),
                );
            }
            "pg_read_1000-raw" => {
                let v: Vec<User> = raw
                    .query(many, &[&1000_i64])
                    .unwrap()
                    .iter()
                    .map(|r| User {
                        id: r.get(0),
                        name: r.get(1),
                        score: r.get(2),
                    })
                    .collect();
                black_box(v);
            }
            other => panic!("unknown case {other}"),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        let case = args.get(i + 1).expect("--profile CASE [N]");
        if case.starts_with("pg_") {
            profile_pg(case, args.get(i + 2).and_then(|n| n.parse().ok()));
            return;
        }
        profile(case, args.get(i + 2).and_then(|n| n.parse().ok()));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
