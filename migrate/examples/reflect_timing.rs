//! How long reflecting a schema of 100 tables takes on SQLite, PostgreSQL and MariaDB.
//!
//! Each table has five columns, a primary key, a foreign key to the table before it, a
//! CHECK and an index; they are created with `create_all` in a private space on each
//! database (dropped at the end). The example prints, per database, the median of
//! several runs of [`reflect`] (set-based: one query per catalog for the whole schema)
//! and, for comparison, of reading the same tables one at a time with
//! [`reflect_table`] (the catalog queries once per table).
//!
//! ```text
//! cargo run --release -p sqlweave-migrate --example reflect_timing
//! ```
//!
//! (`SQLWEAVE_PG_URL` / `SQLWEAVE_MYSQL_URL` as for the tests; a server that does not
//! answer is skipped.) Times are wall-clock on whatever machine runs it: a measurement
//! to read, not a benchmark to assert.

use std::time::{Duration, Instant};

use sqlweave::Expr;
use sqlweave::ddl::{ColumnDef, ColumnType, FkAction, IndexDef, SchemaRegistry, TableDef};
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{ReflectOptions, reflect, reflect_table};

const TABLES: usize = 100;
const RUNS: usize = 5;

fn schema() -> SchemaRegistry {
    let mut r = SchemaRegistry::new();
    for i in 0..TABLES {
        let name = format!("t{i:03}");
        let mut t = TableDef::new(name.clone())
            .column(
                ColumnDef::new("id", ColumnType::BigInt)
                    .auto_increment()
                    .primary_key(),
            )
            .column(ColumnDef::new("name", ColumnType::Varchar(100)).not_null())
            .column(ColumnDef::new("amount", ColumnType::Numeric(Some((12, 2)))).default(0))
            .column(ColumnDef::new("created", ColumnType::Timestamp))
            .check(Expr::column("amount").ge(0))
            .index(IndexDef::new(format!("{name}_name_ix")).column("name"));
        let parent = ColumnDef::new("parent_id", ColumnType::BigInt);
        t = t.column(if i > 0 {
            parent
                .references(format!("t{:03}", i - 1), "id")
                .on_delete(FkAction::Cascade)
        } else {
            parent
        });
        r = r.table(t);
    }
    r
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut spaces = Spaces::open(&Config::from_env().prefix("sw_reflect_timing"))?;
    for s in spaces.skipped() {
        println!("skipped: {s:?}");
    }
    let registry = schema();
    println!("reflecting {TABLES} tables (median of {RUNS} runs)");
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        registry.create_all(conn)?;
        let mut whole = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            let r = reflect(conn, &ReflectOptions::default())?;
            whole.push(start.elapsed());
            assert_eq!(r.tables.len(), TABLES);
        }
        let mut one_by_one = Vec::new();
        for _ in 0..RUNS.min(3) {
            let start = Instant::now();
            for t in &registry.tables {
                reflect_table(conn, &t.name)?.ok_or("a table is missing")?;
            }
            one_by_one.push(start.elapsed());
        }
        println!(
            "{db:<10} reflect (whole schema): {:>8.1} ms   reflect_table x {TABLES}: {:>9.1} ms",
            median(whole).as_secs_f64() * 1e3,
            median(one_by_one).as_secs_f64() * 1e3,
        );
    }
    Ok(())
}
