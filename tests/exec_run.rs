//! Running statements on the three databases: fetch all / one / optional, streaming
//! without reading the whole result, rows affected, named parameters at execution time,
//! rows by typed column handle, label and index, and prepared-statement reuse.

mod exec_support;

use std::ops::ControlFlow;

use exec_support::{Db, Kind};
use sqlweave::{
    Error, Executor, Expr, Select, TableRef, TypedExpr, Value, param, table, transaction,
};

table! {
    /// A session-local (TEMPORARY) table, so the static name is safe in parallel tests.
    pub struct People("people") {
        id: i64,
        username: String,
        email: Option<String>,
    }
}

fn with_people(db: &mut Db) {
    db.conn
        .execute_raw_batch(
            "CREATE TEMPORARY TABLE people (id BIGINT PRIMARY KEY, username VARCHAR(40) NOT NULL, email VARCHAR(80))",
        )
        .unwrap();
    db.conn
        .execute_raw_batch(
            "INSERT INTO people VALUES (1, 'ada', 'ada@example.com'), (2, 'brian', NULL), (3, 'chen', 'chen@example.com')",
        )
        .unwrap();
}

/// `n` rows `1..=n` from a recursive CTE.
fn counting(db: &mut Db, n: i64) -> String {
    // MySQL and MariaDB stop recursion at 1000 rows by default (MariaDB silently).
    match db.conn.dialect().name() {
        "MySQL" => db
            .conn
            .execute_raw_batch("SET SESSION cte_max_recursion_depth = 1000000")
            .unwrap(),
        "MariaDB" => db
            .conn
            .execute_raw_batch("SET SESSION max_recursive_iterations = 1000000")
            .unwrap(),
        _ => {}
    }
    format!(
        "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) SELECT x FROM c"
    )
}

/// `SELECT username FROM people WHERE id >= :min ORDER BY id`.
fn usernames_from_min() -> Select {
    let p = People::new();
    Select::new()
        .column(p.username)
        .from(p)
        .filter(p.id.ge(param::<i64>("min")))
        .order_by(p.id.asc())
}

#[test]
fn rows_by_typed_column_label_and_index() {
    for mut db in Db::all() {
        with_people(&mut db);
        let p = People::new();
        let q = Select::new()
            .cols((p.id, p.username, p.email))
            .from(p)
            .order_by(p.id.asc());
        let rows = db.conn.fetch_all(&q).unwrap();
        assert_eq!(rows.len(), 3, "{}", db.name());
        let r = &rows.rows[1];
        // The typed handle returns the column's Rust type.
        let id: i64 = r.col(p.id).unwrap();
        let email: Option<String> = r.col(p.email).unwrap();
        assert_eq!((id, email), (2, None));
        assert_eq!(r.get_by_label::<String>("username").unwrap(), "brian");
        assert_eq!(r.get::<String>(1).unwrap(), "brian");
        assert_eq!(r.columns(), ["id", "username", "email"]);
        let names: Vec<String> = rows.iter().map(|r| r.col(p.username).unwrap()).collect();
        assert_eq!(names, ["ada", "brian", "chen"]);
    }
}

#[test]
fn fetch_one_and_fetch_optional() {
    for mut db in Db::all() {
        with_people(&mut db);
        let p = People::new();
        let by_name = |name: &str| {
            Select::new()
                .cols((p.id, p.email))
                .from(p)
                .filter(p.username.eq(name))
        };
        let row = db.conn.fetch_one(&by_name("chen")).unwrap();
        assert_eq!(row.col(p.id).unwrap(), 3);
        match db.conn.fetch_one(&by_name("zoe")) {
            Err(Error::Invalid(m)) => assert!(m.contains("returned none"), "{m}"),
            other => panic!("{}: {other:?}", db.name()),
        }
        let all = Select::new().column(p.id).from(p).order_by(p.id.asc());
        match db.conn.fetch_one(&all) {
            Err(Error::Invalid(m)) => assert!(m.contains("more than one"), "{m}"),
            other => panic!("{}: {other:?}", db.name()),
        }
        let first = db.conn.fetch_optional(&all).unwrap().unwrap();
        assert_eq!(first.col(p.id).unwrap(), 1);
        assert_eq!(db.conn.fetch_optional(&by_name("zoe")).unwrap(), None);
        // Inside a transaction too (PostgreSQL reads differently there).
        transaction(&mut *db.conn, |tx| {
            assert_eq!(tx.fetch_optional(&all)?.unwrap().col(p.id)?, 1);
            assert_eq!(tx.fetch_one(&by_name("ada"))?.col(p.id)?, 1);
            Ok(())
        })
        .unwrap();
        // The connection is in a clean state afterwards.
        assert_eq!(db.conn.fetch_all(&all).unwrap().len(), 3);
    }
}

#[test]
fn streaming_hands_rows_over_one_at_a_time() {
    for mut db in Db::all() {
        let sql = counting(&mut db, 5000);
        let mut seen = 0_i64;
        db.conn
            .for_each_row_sql(&sql, &[], &mut |row| {
                seen += 1;
                assert_eq!(row.get::<i64>(0)?, seen);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!(seen, 5000, "{}", db.name());

        // Stopping early, outside and inside a transaction.
        for in_tx in [false, true] {
            if in_tx {
                db.conn.begin().unwrap();
            }
            let mut got = Vec::new();
            db.conn
                .for_each_row_sql(&sql, &[], &mut |row| {
                    got.push(row.get::<i64>(0)?);
                    Ok(if got.len() == 3 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    })
                })
                .unwrap();
            assert_eq!(got, [1, 2, 3], "{}", db.name());
            // An error from the callback stops the read and comes back as it is.
            let err = db
                .conn
                .for_each_row_sql(&sql, &[], &mut |_| Err(Error::Invalid("stop here".into())))
                .unwrap_err();
            assert_eq!(err, Error::Invalid("stop here".into()));
            // The connection is usable: the rest of each result was dealt with.
            let n = db.conn.query_sql("SELECT 1", &[]).unwrap();
            assert_eq!(n.len(), 1);
            if in_tx {
                db.conn.commit().unwrap();
            }
        }

        // Through a rendered statement with named parameters.
        with_people(&mut db);
        let (p, q) = (People::new(), usernames_from_min());
        let mut names = Vec::new();
        db.conn
            .for_each_row_with(&q, &[("min", Value::I64(2))], &mut |row| {
                names.push(row.col(p.username)?);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        assert_eq!(names, ["brian", "chen"], "{}", db.name());
    }
}

/// A cursor's rows are an `Iterator`: all of them in order, stopped early with the
/// standard adaptors (outside and inside a transaction) leaving the connection usable,
/// run again from the start, with named parameters, and an error ending the iteration.
#[test]
fn cursor_rows_are_an_iterator() {
    for mut db in Db::all() {
        let name = db.name();
        let sql = counting(&mut db, 5000);
        {
            let mut cursor = db.conn.cursor_sql(&sql, &[]).unwrap();
            let all: Vec<i64> = cursor
                .rows()
                .unwrap()
                .map(|r| r.and_then(|row| row.get::<i64>(0)))
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(all, (1..=5000).collect::<Vec<_>>(), "{name}");
            // Again, from the start; stopped after three.
            let firsts: Vec<i64> = cursor
                .rows()
                .unwrap()
                .take(3)
                .map(|r| r.unwrap().get::<i64>(0).unwrap())
                .collect();
            assert_eq!(firsts, [1, 2, 3], "{name}");
        }
        for in_tx in [false, true] {
            if in_tx {
                db.conn.begin().unwrap();
            }
            {
                let mut cursor = db.conn.cursor_sql(&sql, &[]).unwrap();
                let mut rows = cursor.rows().unwrap();
                let seventh = rows.nth(6).unwrap().unwrap();
                assert_eq!(seventh.get::<i64>(0).unwrap(), 7, "{name}");
                let evens = rows
                    .by_ref()
                    .map(|r| r.unwrap().get::<i64>(0).unwrap())
                    .filter(|x| x % 2 == 0)
                    .take(2)
                    .collect::<Vec<_>>();
                assert_eq!(evens, [8, 10], "{name}");
            }
            // The connection is usable after the iterator was dropped half-way.
            assert_eq!(
                db.conn.query_sql("SELECT 1", &[]).unwrap().len(),
                1,
                "{name}"
            );
            if in_tx {
                db.conn.commit().unwrap();
            }
        }
        with_people(&mut db);
        let (p, q) = (People::new(), usernames_from_min());
        let names: Vec<String> = db
            .conn
            .cursor_with(&q, &[("min", Value::I64(2))])
            .unwrap()
            .rows()
            .unwrap()
            .map(|r| r.and_then(|row| row.col(p.username)))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(names, ["brian", "chen"], "{name}");
        // Checked before anything runs, as everywhere else.
        assert!(matches!(db.conn.cursor(&q), Err(Error::Bind(_))), "{name}");
        assert!(
            matches!(
                db.conn.cursor_with(&q, &[("min", Value::from("2"))]),
                Err(Error::Bind(_))
            ),
            "{name}"
        );
        // A failing row ends the iteration with its error, and the connection goes on.
        let failing = match db.kind {
            Kind::Sqlite => {
                "SELECT CASE WHEN x < 3 THEN x ELSE abs(x - x - 9223372036854775807 - 1) END FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) ORDER BY x"
            }
            Kind::Pg => {
                "SELECT CASE WHEN x < 3 THEN x ELSE 1 / (x - x) END FROM generate_series(1, 4) AS g(x)"
            }
            Kind::MySql => {
                "SELECT CASE WHEN x < 3 THEN x ELSE ~0 + x END AS y FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS t ORDER BY x"
            }
        };
        {
            let mut cursor = db.conn.cursor_sql(failing, &[]).unwrap();
            let items: Vec<Result<sqlweave::Row, Error>> = cursor
                .rows()
                .map_or_else(|e| vec![Err(e)], |rows| rows.collect());
            let oks = items.iter().filter(|r| r.is_ok()).count();
            let errs = items.iter().filter(|r| r.is_err()).count();
            assert_eq!(errs, 1, "{name}: {items:?}");
            assert!(items.last().unwrap().is_err(), "{name}: the error ends it");
            assert!(oks <= 2, "{name}: {items:?}");
        }
        assert_eq!(
            db.conn.query_sql("SELECT 1", &[]).unwrap().len(),
            1,
            "{name}"
        );
    }
}

/// A cursor stops the database where the driver can: an endless query yields its
/// first rows (SQLite steps no further; PostgreSQL fetches through a portal outside a
/// transaction) and dropping the iterator ends it. Bounded by statement_timeout.
#[test]
fn cursor_over_an_endless_query() {
    let endless =
        "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";
    let mut lite = exec_support::sqlite_memory();
    let firsts: Vec<i64> = lite
        .cursor_sql(endless, &[])
        .unwrap()
        .rows()
        .unwrap()
        .take(3)
        .map(|r| r.unwrap().get::<i64>(0).unwrap())
        .collect();
    assert_eq!(firsts, [1, 2, 3]);
    if let Some(mut pg) = exec_support::pg() {
        pg.execute_raw_batch("SET statement_timeout = '20s'")
            .unwrap();
        let endless = "SELECT generate_series(1, 9223372036854775807) AS x";
        let started = std::time::Instant::now();
        for _ in 0..3 {
            let mut cursor = pg.cursor_sql(endless, &[]).unwrap();
            let firsts: Vec<i64> = cursor
                .rows()
                .unwrap()
                .take(40)
                .map(|r| r.unwrap().get::<i64>(0).unwrap())
                .collect();
            assert_eq!(firsts, (1..=40).collect::<Vec<_>>());
        }
        // Not a timing assertion on speed: a drained endless query would have hit the
        // 20 s statement_timeout (an error) rather than returning.
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(pg.transaction_depth(), 0);
        assert_eq!(pg.query_sql("SELECT 1", &[]).unwrap().len(), 1);
    }
}

/// Stopping early really stops where the driver can: SQLite steps no further, and
/// PostgreSQL (outside a transaction) fetches through a portal in batches, so a query
/// with no end returns its first row. Bounded: PostgreSQL's statement_timeout would turn
/// a regression into an error instead of a hang. `fetch_optional` on PostgreSQL is one
/// round trip with no portal: it reads the rest of the response so that no later error
/// is lost, and a query with no end meets the statement timeout as an error.
#[test]
fn fetch_optional_does_not_read_the_whole_result() {
    let endless =
        "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";
    let mut lite = exec_support::sqlite_memory();
    let mut first = None;
    lite.for_each_row_sql(endless, &[], &mut |row| {
        first = Some(row.get::<i64>(0)?);
        Ok(ControlFlow::Break(()))
    })
    .unwrap();
    assert_eq!(first, Some(1));

    if let Some(mut pg) = exec_support::pg() {
        pg.execute_raw_batch("SET statement_timeout = '20s'")
            .unwrap();
        let endless = "SELECT generate_series(1, 9223372036854775807) AS x";
        let mut first = None;
        pg.for_each_row_sql(endless, &[], &mut |row| {
            first = Some(row.get::<i64>(0)?);
            Ok(ControlFlow::Break(()))
        })
        .unwrap();
        assert_eq!(first, Some(1));
        // fetch_optional reads its one response to the end: the endless query is
        // stopped by the statement timeout, and that error is returned, not lost.
        pg.execute_raw_batch("SET statement_timeout = '1s'")
            .unwrap();
        let q = Select::new().column_as(
            Expr::raw(
                "generate_series(1, 9223372036854775807)",
                Vec::<Value>::new(),
            ),
            "x",
        );
        let e = pg.fetch_optional(&q).unwrap_err();
        assert!(
            matches!(
                e,
                sqlweave::Error::Database {
                    kind: sqlweave::DbErrorKind::StatementTimeout,
                    ..
                }
            ),
            "{e:?}"
        );
        // The connection is usable afterwards.
        pg.execute_raw_batch("SET statement_timeout = 0").unwrap();
        assert_eq!(pg.query_sql("SELECT 1", &[]).unwrap().len(), 1);
    }
}

#[test]
fn rows_affected_by_dml_and_ddl() {
    for mut db in Db::all() {
        let t = db.table("affected", "id BIGINT PRIMARY KEY, v BIGINT");
        let n = db
            .conn
            .execute_sql(
                &format!("INSERT INTO {t} VALUES (1, 5), (2, 5), (3, 6)"),
                &[],
            )
            .unwrap();
        assert_eq!(n, 3, "{}", db.name());
        let upd = db.sql(&format!("UPDATE {t} SET v = ? WHERE v = ?"));
        // Two rows match, none changes value: counted as matched on all three.
        assert_eq!(
            db.conn
                .execute_sql(&upd, &[Value::I64(5), Value::I64(5)])
                .unwrap(),
            2
        );
        assert_eq!(
            db.conn
                .execute_sql(&upd, &[Value::I64(7), Value::I64(99)])
                .unwrap(),
            0
        );
        let del = db.sql(&format!("DELETE FROM {t} WHERE id >= ?"));
        assert_eq!(db.conn.execute_sql(&del, &[Value::I64(2)]).unwrap(), 2);
        // DDL and queries affect no rows (SQLite's own counter would repeat the last DML's).
        let t2 = exec_support::unique("ddl");
        assert_eq!(
            db.conn
                .execute_sql(&format!("CREATE TABLE {t2} (x BIGINT)"), &[])
                .unwrap(),
            0,
            "{}",
            db.name()
        );
        db.conn
            .execute_raw_batch(&format!("DROP TABLE {t2}"))
            .unwrap();
        // A query run through `execute` is read to its end (what it counts is the
        // database's business: PostgreSQL counts the rows it returned).
        let tr = TableRef::new(t.clone());
        let q = Select::new().column(tr.col("id")).from(tr.clone());
        db.conn.execute(&q).unwrap();
        assert_eq!(
            db.conn
                .execute_sql(&upd, &[Value::I64(8), Value::I64(5)])
                .unwrap(),
            1
        );
    }
}

/// Named parameters are supplied at execution; a missing, unknown or repeated name is an
/// error before anything is sent, and so is a value the database cannot hold.
#[test]
fn named_parameters_at_execution() {
    for mut db in Db::all() {
        with_people(&mut db);
        let p = People::new();
        let q = Select::new()
            .column(p.username)
            .from(p)
            .filter(
                p.id.ge(param::<i64>("min"))
                    .and(p.id.le(param::<i64>("max"))),
            )
            .order_by(p.id.asc());
        let rows = db
            .conn
            .fetch_all_with(&q, &[("min", Value::I64(2)), ("max", Value::I64(3))])
            .unwrap();
        assert_eq!(rows.len(), 2, "{}", db.name());
        let one = db
            .conn
            .fetch_one_with(&q, &[("min", Value::I64(1)), ("max", Value::I64(1))])
            .unwrap();
        assert_eq!(one.col(p.username).unwrap(), "ada");
        let opt = db
            .conn
            .fetch_optional_with(&q, &[("min", Value::I64(9)), ("max", Value::I64(9))])
            .unwrap();
        assert_eq!(opt, None);
        for bad in [
            vec![("min", Value::I64(1))],
            vec![
                ("min", Value::I64(1)),
                ("max", Value::I64(2)),
                ("extra", Value::I64(3)),
            ],
            vec![
                ("min", Value::I64(1)),
                ("min", Value::I64(1)),
                ("max", Value::I64(2)),
            ],
        ] {
            match db.conn.fetch_all_with(&q, &bad) {
                Err(Error::Bind(_)) => {}
                other => panic!("{}: {bad:?}: {other:?}", db.name()),
            }
        }
        // Without values at all.
        assert!(matches!(db.conn.fetch_all(&q), Err(Error::Bind(_))));
        assert!(matches!(db.conn.execute(&q), Err(Error::Bind(_))));
        // A value this database cannot hold is refused before sending.
        let huge = [("min", Value::U64(u64::MAX)), ("max", Value::I64(1))];
        let r = db.conn.fetch_all_with(&q, &huge);
        match db.kind {
            // MySQL's BIGINT UNSIGNED holds it, but the parameter is declared i64.
            Kind::MySql => assert!(matches!(r, Err(Error::Bind(_))), "{}: {r:?}", db.name()),
            _ => assert!(matches!(r, Err(Error::Value(_))), "{}: {r:?}", db.name()),
        }
        // A typed parameter refuses a value of another type, and NULL where its type is
        // not an Option, on every database (before: only PostgreSQL's server noticed).
        for (bad, why) in [
            (Value::from("2"), "a text value where BIGINT is declared"),
            (Value::F64(2.0), "a f64 value where BIGINT is declared"),
            (Value::Bool(true), "a bool value where BIGINT is declared"),
            (Value::Null, "NULL where a non-null BIGINT is declared"),
        ] {
            let r = db
                .conn
                .fetch_all_with(&q, &[("min", bad.clone()), ("max", Value::I64(3))]);
            match r {
                Err(Error::Bind(msg)) => assert!(msg.contains(why), "{}: {msg}", db.name()),
                other => panic!("{}: {bad:?}: {other:?}", db.name()),
            }
        }
        // Narrower integers that fit are fine for an i64 parameter.
        let rows = db
            .conn
            .fetch_all_with(&q, &[("min", Value::I32(2)), ("max", Value::I16(3))])
            .unwrap();
        assert_eq!(rows.len(), 2, "{}", db.name());
        // Nothing is sent: an UPDATE whose second parameter is wrongly typed changes nothing
        // and is not seen by the server (the session would otherwise log an error).
        let upd = sqlweave::dml::Update::table(p)
            .set(p.username, param::<String>("name"))
            .filter(p.id.eq(param::<i64>("id")));
        let r = db.conn.execute_with(
            &upd,
            &[("name", Value::from("zed")), ("id", Value::from("1"))],
        );
        assert!(matches!(r, Err(Error::Bind(_))), "{}: {r:?}", db.name());
        let still = db
            .conn
            .fetch_one(&Select::new().column(p.username).from(p).filter(p.id.eq(1)))
            .unwrap();
        assert_eq!(still.col(p.username).unwrap(), "ada", "{}", db.name());
        // An untyped parameter (`Expr::param`) takes any value: the server decides.
        let loose = Select::new()
            .column(p.username)
            .from(p)
            .filter(Expr::from(p.id).eq(Expr::param("id")));
        let rows = db
            .conn
            .fetch_all_with(&loose, &[("id", Value::I32(3))])
            .unwrap();
        assert_eq!(rows.len(), 1, "{}", db.name());
        // execute_with fills names too.
        db.conn
            .execute_with(&q, &[("min", Value::I64(1)), ("max", Value::I64(3))])
            .unwrap();
        let missing = db.conn.execute_with(&q, &[("min", Value::I64(1))]);
        assert!(matches!(missing, Err(Error::Bind(_))), "{missing:?}");
    }
}

/// Running the same SQL again reuses the prepared statement. SQLite: the statement in
/// rusqlite's cache counts its runs. (PostgreSQL and MariaDB: see the dialect crates'
/// `prepared_statements_are_reused`, which count statements on the server.)
#[test]
fn sqlite_reuses_prepared_statements() {
    use sqlweave_sqlite::rusqlite::StatementStatus;
    let mut conn = exec_support::sqlite_memory();
    conn.execute_raw_batch("CREATE TABLE t (x INTEGER)")
        .unwrap();
    let sql = "INSERT INTO t VALUES (?)";
    for i in 0..5 {
        conn.execute_sql(sql, &[Value::I64(i)]).unwrap();
    }
    let runs = conn
        .as_rusqlite()
        .prepare_cached(sql)
        .unwrap()
        .get_status(StatementStatus::Run);
    assert_eq!(runs, 5);
    let q = "SELECT COUNT(*) FROM t WHERE x >= ?";
    for _ in 0..3 {
        conn.query_sql(q, &[Value::I64(2)]).unwrap();
    }
    let stmt = conn.as_rusqlite().prepare_cached(q).unwrap();
    assert_eq!(stmt.get_status(StatementStatus::Run), 3);
}
