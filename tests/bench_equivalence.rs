//! The benchmarked sqlweave / sea-query pairs (benches/common) do the same thing: each
//! pair, rendered for SQLite, runs on the same in-memory data set and returns the same
//! rows (for the INSERT and the UPDATE: leaves the same table contents). Also: L2 is
//! B2's exact PostgreSQL text and parameters, and E1 and E2 read the same row.

#[path = "../benches/common/mod.rs"]
mod common;

use common::{ReportParams, UpdateParams, WindowParams, event_rows, from_sea_values, sq, sw};
use sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
use sqlweave::{Executor, Value};
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::{Sqlite, SqliteConnection};

fn db() -> SqliteConnection {
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    conn.execute_raw_batch(&common::seed_sql()).unwrap();
    conn
}

fn rows(conn: &mut SqliteConnection, sql: &str, params: &[Value]) -> Vec<Vec<Value>> {
    conn.query_sql(sql, params)
        .unwrap_or_else(|e| panic!("{e}\n{sql}\n{params:?}"))
        .values()
}

/// Runs both statements on fresh copies of the data set; returns both results.
fn both(
    sweave: &sqlweave::Rendered,
    (sea_sql, sea_values): (String, sea_query::Values),
) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let sea_params = from_sea_values(sea_values);
    assert_eq!(
        same_ints(&sweave.params),
        same_ints(&sea_params),
        "both sides send the same values\n{}\n{sea_sql}",
        sweave.sql
    );
    let a = rows(&mut db(), &sweave.sql, &sweave.params);
    let b = rows(&mut db(), &sea_sql, &sea_params);
    (a, b)
}

/// sea-query sends LIMIT / OFFSET as unsigned, sqlweave as signed integers.
fn same_ints(params: &[Value]) -> Vec<Value> {
    params
        .iter()
        .map(|v| match v {
            Value::U64(n) => Value::I64(*n as i64),
            v => v.clone(),
        })
        .collect()
}

fn table(conn: &mut SqliteConnection, name: &str) -> Vec<Vec<Value>> {
    rows(conn, &format!("SELECT * FROM {name} ORDER BY id"), &[])
}

#[test]
fn b1_point_lookup_same_row() {
    let (a, b) = both(
        &sw::b1(common::USER_ID).render(&Sqlite).unwrap(),
        sq::b1(common::USER_ID).build(SqliteQueryBuilder),
    );
    assert_eq!(
        a,
        vec![vec![
            Value::I64(42),
            Value::from("user 42"),
            Value::Null // every third user has no email
        ]]
    );
    assert_eq!(a, b);
}

#[test]
fn b2_reporting_query_same_rows() {
    let p = ReportParams::new();
    let (a, b) = both(
        &sw::b2(&p).render(&Sqlite).unwrap(),
        sq::b2(&p).build(SqliteQueryBuilder),
    );
    assert!(a.len() >= 3, "the data set exercises B2: {a:?}");
    assert_eq!(a, b);
    // Without LIMIT the filters still leave fewer rows than there are customers: every
    // predicate bites.
    let mut wide = ReportParams::new();
    wide.limit = 1000;
    let all = rows(
        &mut db(),
        &sw::b2(&wide).render(&Sqlite).unwrap().sql,
        &sw::b2(&wide).render(&Sqlite).unwrap().params,
    );
    assert!(all.len() < 60 && all.len() >= a.len(), "{}", all.len());
}

#[test]
fn b3_insert_same_table_contents() {
    let data = event_rows();
    let r = sw::b3(&data).render(&Sqlite).unwrap();
    let (sea_sql, sea_values) = sq::b3(&data).build(SqliteQueryBuilder);
    let sea_params = from_sea_values(sea_values);
    assert_eq!(r.params, sea_params);
    assert_eq!(r.params.len(), 600);
    let (mut x, mut y) = (db(), db());
    let ids_a = rows(&mut x, &r.sql, &r.params);
    let ids_b = rows(&mut y, &sea_sql, &sea_params);
    assert_eq!(ids_a.len(), 100);
    assert_eq!(ids_a, ids_b, "RETURNING id");
    let (ta, tb) = (table(&mut x, "events"), table(&mut y, "events"));
    assert_eq!(ta.len(), 100);
    assert_eq!(ta[1][2], Value::from("view"));
    assert_eq!(ta, tb);
}

#[test]
fn b4_cte_window_subqueries_same_rows() {
    let p = WindowParams::new();
    let (a, b) = both(
        &sw::b4(&p).render(&Sqlite).unwrap(),
        sq::b4(&p).build(SqliteQueryBuilder),
    );
    assert!(a.len() > 50, "{}", a.len());
    // Some customer has several qualifying orders, so ROW_NUMBER counts past 1.
    assert!(a.iter().any(|r| r[2] == Value::I64(3)));
    assert_eq!(a, b);
}

#[test]
fn b5_update_same_table_contents() {
    let p = UpdateParams::new();
    let r = sw::b5(&p).render(&Sqlite).unwrap();
    let (sea_sql, sea_values) = sq::b5(&p).build(SqliteQueryBuilder);
    let sea_params = from_sea_values(sea_values);
    assert_eq!(r.params, sea_params);
    let (mut x, mut y) = (db(), db());
    let before = table(&mut x, "orders");
    let changed_a = x.execute_sql(&r.sql, &r.params).unwrap();
    let changed_b = y.execute_sql(&sea_sql, &sea_params).unwrap();
    assert!(changed_a >= 2, "{changed_a}");
    assert_eq!(changed_a, changed_b);
    let (ta, tb) = (table(&mut x, "orders"), table(&mut y, "orders"));
    assert_ne!(ta, before);
    assert_eq!(ta, tb);
}

#[test]
fn l2_is_b2_exactly() {
    let p = ReportParams::new();
    let r = sw::b2(&p).render(&Postgres).unwrap();
    let (sql, params) = common::l2(&p);
    assert_eq!(r.sql, sql);
    assert_eq!(r.params, params);
    // And sea-query's PostgreSQL rendering carries the same values.
    let (_, values) = sq::b2(&p).build(PostgresQueryBuilder);
    assert_eq!(same_ints(&from_sea_values(values)), params);
}

#[test]
fn e1_and_e2_read_the_same_row() {
    let raw = rusqlite::Connection::open_in_memory().unwrap();
    raw.execute_batch(&common::seed_sql()).unwrap();
    let mut conn = db();
    assert_eq!(
        sw::b1(1).render(&Sqlite).unwrap().sql,
        common::E1_SQL,
        "E1 runs B1's exact SQLite text"
    );
    for id in [1, 3, 42, 1000] {
        let a = common::e1(&raw, id).unwrap();
        let b = common::e2(&mut conn, id).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.email.is_none(), id % 3 == 0);
    }
}

#[test]
fn floors_carry_the_same_values() {
    use common::{floor, floor_b1, floor_b3, floor_b4, floor_b5};
    let (rows, w, u) = (event_rows(), WindowParams::new(), UpdateParams::new());
    let cases = [
        (
            sw::b1(7).render(&Postgres).unwrap(),
            floor("", floor_b1(7), 1).1,
        ),
        (
            sw::b3(&rows).render(&Postgres).unwrap(),
            floor("", floor_b3(&rows), 600).1,
        ),
        (
            sw::b4(&w).render(&Postgres).unwrap(),
            floor("", floor_b4(&w), 2).1,
        ),
        (
            sw::b5(&u).render(&Postgres).unwrap(),
            floor("", floor_b5(&u), 6).1,
        ),
    ];
    for (r, values) in cases {
        assert_eq!(r.params, values, "{}", r.sql);
    }
}
