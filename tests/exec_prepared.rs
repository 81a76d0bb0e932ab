//! Prepared statements (`Executor::prepare`): rendered and prepared once, run many times
//! with new values by name or by position, on SQLite, PostgreSQL and MariaDB — one test
//! body, run per database.

use std::ops::ControlFlow;

use sqlweave::dml::Insert;
use sqlweave::{Error, Executor, Expr, Select, TableRef, Value, table, transaction};
use sqlweave_harness::{Config, Spaces};

fn spaces() -> Spaces {
    let mut spaces =
        Spaces::open(&Config::from_env().prefix("sw_prep")).unwrap_or_else(|e| panic!("{e}"));
    spaces
        .load(|db| match db {
            "SQLite" => {
                "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, score INTEGER)".into()
            }
            _ => {
                "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(40), score BIGINT)".into()
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    spaces
}

fn by_id() -> Select {
    Select::new()
        .column(Expr::column("name"))
        .column(Expr::column("score"))
        .from(table("people"))
        .filter(Expr::column("id").eq(Expr::param("id")))
}

fn names(rows: &sqlweave::Rows) -> Vec<String> {
    rows.iter().map(|r| r.get::<String>(0).unwrap()).collect()
}

fn bind_error<T: std::fmt::Debug>(r: sqlweave::Result<T>, needle: &str, db: &str) {
    match r {
        Err(Error::Bind(m)) => assert!(m.contains(needle), "{db}: {m}"),
        other => panic!("{db}: expected a bind error about {needle:?}, got {other:?}"),
    }
}

fn run_on(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    // An INSERT prepared once, run with new named values.
    let insert = Insert::into(TableRef::new("people"))
        .columns(["id", "name", "score"])
        .values((Expr::param("id"), Expr::param("name"), Expr::param("score")))
        .into_insert();
    {
        let mut add = conn.prepare(&insert).unwrap();
        assert_eq!(
            add.param_names().collect::<Vec<_>>(),
            ["id", "name", "score"]
        );
        for (id, name) in [(1_i64, "ada"), (2, "brian"), (3, "chloé ' \" ;--")] {
            let n = add
                .execute(&[
                    ("id", id.into()),
                    ("name", name.into()),
                    ("score", (id * 10).into()),
                ])
                .unwrap();
            assert_eq!(n, 1, "{db}");
        }
        // A name missing, unknown or repeated: refused before anything is sent.
        bind_error(
            add.execute(&[("id", 4_i64.into())]),
            "no value supplied",
            db,
        );
        bind_error(
            add.execute(&[
                ("id", 4_i64.into()),
                ("nom", "x".into()),
                ("score", 1_i64.into()),
            ]),
            "no parameter named",
            db,
        );
    }
    let count = Select::new()
        .column_as(sqlweave::func::count_star(), "n")
        .from(table("people"));
    assert_eq!(
        conn.fetch_one(&count).unwrap().get::<i64>(0).unwrap(),
        3,
        "{db}"
    );

    let mut find = conn.prepare(&by_id()).unwrap();
    let row = find.fetch_one(&[("id", 2_i64.into())]).unwrap();
    assert_eq!(row.get::<String>(0).unwrap(), "brian", "{db}");
    assert_eq!(row.get::<i64>(1).unwrap(), 20, "{db}");
    assert_eq!(
        find.fetch_optional(&[("id", 3_i64.into())])
            .unwrap()
            .unwrap()
            .get::<String>(0)
            .unwrap(),
        "chloé ' \" ;--",
        "{db}"
    );
    assert!(
        find.fetch_optional(&[("id", 9_i64.into())])
            .unwrap()
            .is_none(),
        "{db}"
    );
    assert!(
        matches!(
            find.fetch_one(&[("id", 9_i64.into())]),
            Err(Error::Invalid(_))
        ),
        "{db}"
    );
    // By position: one value per placeholder.
    assert_eq!(
        names(&find.fetch_all(&[Value::I64(1)]).unwrap()),
        ["ada"],
        "{db}"
    );
    bind_error(
        find.fetch_all(&[Value::I64(1), Value::I64(2)]),
        "takes 1 parameters",
        db,
    );
    // The rendered values only when there are no names to fill.
    bind_error(find.fetch_all(()), "no value supplied", db);
    drop(find);

    // A statement rendered with a value: run as rendered, or with a new value of the
    // same kind; another kind is refused (its SQL may depend on the kind).
    let above = Select::new()
        .column(Expr::column("name"))
        .from(table("people"))
        .filter(Expr::column("score").gt(Expr::value(15_i64)))
        .order_by(Expr::column("id").asc());
    let mut above = conn.prepare(&above).unwrap();
    assert_eq!(
        names(&above.fetch_all(()).unwrap()),
        ["brian", "chloé ' \" ;--"],
        "{db}"
    );
    assert_eq!(
        names(&above.fetch_all(&[Value::I64(25)]).unwrap()),
        ["chloé ' \" ;--"],
        "{db}"
    );
    bind_error(
        above.fetch_all(&[Value::from("25")]),
        "rendered for a i64 value",
        db,
    );

    // Streaming: as an iterator (stopped early, then run again) and to a callback.
    let firsts: Vec<String> = above
        .rows(&[Value::I64(0)])
        .unwrap()
        .take(1)
        .map(|r| r.unwrap().get::<String>(0).unwrap())
        .collect();
    assert_eq!(firsts, ["ada"], "{db}");
    assert_eq!(above.rows(&[Value::I64(0)]).unwrap().count(), 3, "{db}");
    let mut seen = Vec::new();
    above
        .for_each_row(&[Value::I64(0)], &mut |row| {
            seen.push(row.get::<String>(0)?);
            Ok(if seen.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            })
        })
        .unwrap();
    assert_eq!(seen, ["ada", "brian"], "{db}");
    drop(above);

    // Inside a transaction: what the prepared statement did is rolled back with it.
    let delete = sqlweave::dml::Delete::from(TableRef::new("people"))
        .filter(Expr::column("id").eq(Expr::param("id")));
    let failed: sqlweave::Result<()> = transaction(conn, |tx| {
        let mut del = tx.prepare(&delete)?;
        assert_eq!(del.execute(&[("id", 1_i64.into())])?, 1);
        assert_eq!(del.execute(&[("id", 2_i64.into())])?, 1);
        Err(Error::invalid("changed my mind"))
    });
    assert!(failed.is_err());
    assert_eq!(
        conn.fetch_one(&count).unwrap().get::<i64>(0).unwrap(),
        3,
        "{db}"
    );
}

#[test]
fn prepared_statements_run_with_new_values_on_every_database() {
    let mut spaces = spaces();
    for conn in spaces.conns() {
        run_on(conn);
    }
}

/// A prepared statement whose table changed under it (PostgreSQL refuses a cached plan
/// whose result type changed) is prepared again and run: outside a transaction the
/// caller never sees the error.
#[test]
fn postgres_prepared_statement_survives_a_table_change() {
    let mut spaces = spaces();
    let Some(conn) = spaces.postgres() else {
        return;
    };
    conn.execute_raw_batch("INSERT INTO people VALUES (1, 'ada', 10)")
        .unwrap();
    let q = Select::new()
        .column(Expr::raw("*", Vec::<Value>::new()))
        .from(table("people"));
    let mut all = conn.prepare(&q).unwrap();
    assert_eq!(all.fetch_one(()).unwrap().len(), 3);
    drop(all);
    conn.execute_raw_batch("ALTER TABLE people ADD COLUMN extra TEXT")
        .unwrap();
    let mut all = conn.prepare(&q).unwrap();
    let row = all.fetch_one(()).unwrap();
    assert_eq!(row.len(), 4);
    assert_eq!(row.columns().last().map(String::as_str), Some("extra"));
}

sqlweave::table! { struct People("people") { id: i64, name: Option<String>, score: Option<i64> } }

#[derive(Debug, PartialEq)]
struct Person {
    score: Option<i64>,
    name: Option<String>,
}
sqlweave::from_row!(Person { score, name });

/// Two fields reading one column.
#[derive(Debug, PartialEq)]
struct Twice {
    a: Option<String>,
    b: Option<String>,
}
sqlweave::from_row!(Twice { a = "name", b = "name" });

/// A field whose column holds text.
#[derive(Debug)]
struct WrongType {
    #[allow(dead_code)]
    name: i64,
}
sqlweave::from_row!(WrongType { name });

/// A field no column is labelled for.
#[derive(Debug)]
struct NoSuchColumn {
    #[allow(dead_code)]
    nope: Option<String>,
}
sqlweave::from_row!(NoSuchColumn { nope });

/// `TypedQuery::prepare`: the typed equivalent of `Executor::prepare`, its rows decoded
/// as the query's Rust type (a tuple by position, a `from_row!` struct by label, the
/// struct's fields in another order than the select list's).
#[test]
fn typed_prepared_statements_decode_rows_on_every_database() {
    use sqlweave::{TypedExpr, TypedQuery, param, select};
    let mut spaces = spaces();
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        conn.execute_raw_batch(
            "INSERT INTO people (id, name, score) VALUES (1, 'ada', 10), (2, NULL, 20), (3, 'chloé', NULL)",
        )
        .unwrap();
        let p = People::new();
        let by_id = select((p.name, p.score))
            .from(p)
            .filter(p.id.eq(param::<i64>("id")));
        let mut find = by_id.prepare(&mut *conn).unwrap();
        assert!(find.sql().contains("WHERE"), "{db}");
        assert_eq!(
            find.fetch_optional(&[("id", Value::I64(1))]).unwrap(),
            Some((Some("ada".to_string()), Some(10))),
            "{db}"
        );
        assert_eq!(
            find.fetch_one(&[Value::I64(2)]).unwrap(),
            (None, Some(20)),
            "{db}"
        );
        assert_eq!(find.fetch_optional(&[Value::I64(9)]).unwrap(), None, "{db}");
        assert!(
            matches!(find.fetch_one(&[Value::I64(9)]), Err(Error::Invalid(_))),
            "{db}: no row is an error for fetch_one"
        );
        bind_error(find.fetch_one(&[("id", Value::from("1"))]), "BIGINT", db);
        drop(find);

        // A struct decoded by label, over runs that each read other rows.
        let upto = select((p.name, p.score))
            .from(p)
            .filter(p.id.le(param::<i64>("n")))
            .order_by(p.id.asc())
            .rows_as::<Person>();
        let mut first_n = upto.prepare(&mut *conn).unwrap();
        for (n, expected) in [(1_i64, 1_usize), (3, 3), (0, 0)] {
            let got = first_n.fetch_all(&[("n", Value::I64(n))]).unwrap();
            assert_eq!(got.len(), expected, "{db}");
        }
        let all = first_n.fetch_all(&[("n", Value::I64(3))]).unwrap();
        assert_eq!(
            all,
            [
                Person {
                    score: Some(10),
                    name: Some("ada".into())
                },
                Person {
                    score: Some(20),
                    name: None
                },
                Person {
                    score: None,
                    name: Some("chloé".into())
                },
            ],
            "{db}"
        );
        // More than one row is an error for fetch_one; streaming stops when asked.
        assert!(
            matches!(
                first_n.fetch_one(&[("n", Value::I64(2))]),
                Err(Error::Invalid(_))
            ),
            "{db}"
        );
        let mut seen = Vec::new();
        first_n
            .for_each_row(&[("n", Value::I64(3))], &mut |person| {
                seen.push(person);
                Ok(if seen.len() == 2 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            })
            .unwrap();
        assert_eq!(seen, all[..2], "{db}");
        assert_eq!(
            first_n.as_untyped().param_names().collect::<Vec<_>>(),
            ["n"],
            "{db}"
        );
        drop(first_n);

        // Decoding straight from the driver's row (SQLite) or from a `Row` (the others)
        // tells the same things: a column two fields read reaches both, a value of the
        // wrong type and a missing column are errors naming the field and the struct.
        let name_of = select((p.name,))
            .from(p)
            .filter(p.id.eq(param::<i64>("id")));
        let mut twice = name_of
            .clone()
            .rows_as::<Twice>()
            .prepare(&mut *conn)
            .unwrap();
        assert_eq!(
            twice.fetch_one(&[Value::I64(1)]).unwrap(),
            Twice {
                a: Some("ada".into()),
                b: Some("ada".into())
            },
            "{db}"
        );
        drop(twice);
        let mut wrong = name_of
            .clone()
            .rows_as::<WrongType>()
            .prepare(&mut *conn)
            .unwrap();
        for err in [
            wrong.fetch_one(&[Value::I64(1)]).unwrap_err(),
            wrong.fetch_optional(&[Value::I64(1)]).unwrap_err(),
            wrong.fetch_all(&[Value::I64(1)]).unwrap_err(),
        ] {
            let Error::Decode { column, reason, .. } = &err else {
                panic!("{db}: {err:?}")
            };
            assert_eq!(column, "name", "{db}");
            assert!(reason.contains("`name` of `WrongType`"), "{db}: {reason}");
        }
        drop(wrong);
        let mut missing = name_of
            .rows_as::<NoSuchColumn>()
            .prepare(&mut *conn)
            .unwrap();
        let err = missing.fetch_one(&[Value::I64(1)]).unwrap_err().to_string();
        assert!(
            err.contains("nope") && err.contains("NoSuchColumn"),
            "{db}: {err}"
        );
        drop(missing);
        // A tuple of another width than the result's.
        let wide = select((p.name,))
            .from(p)
            .rows_as::<(Option<String>, Option<i64>)>();
        let err = wide
            .prepare(&mut *conn)
            .unwrap()
            .fetch_all(())
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 columns"), "{db}: {err}");
    }
}
