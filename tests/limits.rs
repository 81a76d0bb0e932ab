//! Limits: deep trees, LIMIT / OFFSET out of range, NaN and infinities, long identifiers,
//! NUL bytes and huge IN lists — each a clear error or a correct result, never a crash.

mod common;

use common::fixture::{mysql_connect, pg_connect};
use sqlweave::dml::{Delete, Insert, Update};
use sqlweave::expr::Case;
use sqlweave::query::FromItem;
use sqlweave::render::{DebugLiterals, render_expr};
use sqlweave::{
    Cte, Dialect, Error, Executor, Expr, Query, Select, Statement, TableRef, Value, func,
};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::{Sqlite, SqliteConnection};

const DEEP: usize = 100_000;

fn dialects() -> [&'static dyn Dialect; 4] {
    const MY: MySql = MySql::mysql8();
    const MARIA: MySql = MySql::mariadb();
    [&Sqlite, &Postgres, &MY, &MARIA]
}

/// Runs `f` on a thread with a small stack: whatever it does must not recurse per level
/// of a 100,000-deep tree.
/// `-(-(…(-name)…))`, [`DEEP`] levels of negation.
fn neg_chain(name: &'static str) -> Expr {
    let mut e = Expr::column(name);
    for _ in 0..DEEP {
        e = e.neg();
    }
    e
}

fn on_small_stack(name: &str, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .name(name.into())
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| panic!("{name} panicked"));
}

fn assert_too_deep(stmt: &dyn Statement) {
    for d in dialects() {
        match stmt.render_for(d) {
            Err(Error::TooDeep { limit }) => assert_eq!(limit, sqlweave::MAX_DEPTH),
            Err(e) => panic!("{}: expected TooDeep, got {e}", d.name()),
            Ok(r) => panic!(
                "{}: expected TooDeep, rendered {} bytes",
                d.name(),
                r.sql.len()
            ),
        }
    }
}

#[test]
fn a_100000_deep_unary_chain_is_an_error_and_drops_without_recursion() {
    on_small_stack("build and drop", || {
        let e = neg_chain("x");
        drop(e);
        let mut e = Expr::column("x");
        for i in 0..DEEP {
            e = if i % 2 == 0 { e.not() } else { e.is_null() };
        }
        drop(e);
    });
    let e = neg_chain("x");
    assert_too_deep(&Select::new().column(e.clone_shallow_for_test()));
    assert_too_deep(&Select::new().column(Expr::True).filter(e.eq(1)));
}

/// Rebuilds a deep chain of negations level by level (cheaper than a deep clone, which
/// moves to a large-stack thread past a few dozen levels).
trait RebuildForTest {
    fn clone_shallow_for_test(&self) -> Expr;
}
impl RebuildForTest for Expr {
    fn clone_shallow_for_test(&self) -> Expr {
        let mut depth = 0;
        let mut cur = self;
        while let Expr::Neg(inner) = cur {
            depth += 1;
            cur = inner;
        }
        let mut e = cur.clone();
        for _ in 0..depth {
            e = e.neg();
        }
        e
    }
}

#[test]
fn a_100000_deep_binary_chain_of_values_is_an_error() {
    // `1 + 1 + … + 1`: made only of values, so the renderer asks whether to add type
    // hints before it descends; that question must not recurse per level either.
    let mut e = Expr::value(1_i64);
    for _ in 0..DEEP {
        e = e.add(1_i64);
    }
    let q = Select::new().column(e);
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            assert_too_deep(&q);
            for d in dialects() {
                assert!(matches!(
                    q.render_debug_literals(d),
                    Err(Error::TooDeep { .. })
                ));
            }
            drop(q);
        })
        .unwrap()
        .join()
        .expect("rendering a deep chain of values must not overflow the stack");
}

#[test]
fn a_100000_deep_subquery_chain_is_an_error_and_drops_without_recursion() {
    on_small_stack("subqueries", || {
        let mut q = Select::new().column(Expr::value(1_i64));
        for i in 0..DEEP {
            q = if i % 2 == 0 {
                Select::new().column(q.as_expr())
            } else {
                Select::new()
                    .column(Expr::True)
                    .filter(Expr::exists(q).not())
            };
        }
        drop(q);
    });
    let mut q = Select::new().column(Expr::value(1_i64));
    for _ in 0..1_000 {
        q = Select::new().column(q.as_expr());
    }
    assert_too_deep(&q);
}

#[test]
fn deep_function_and_case_nesting_drops_without_recursion() {
    on_small_stack("functions", || {
        // Function arguments are not boxed children, but a unary node between levels
        // hands the whole subtree to the iterative drop.
        let mut e = Expr::column("x");
        for _ in 0..DEEP {
            e = func::coalesce([e.neg(), Expr::value(0_i64)]);
        }
        let e = e.not();
        drop(e);
        let mut e = Expr::column("x");
        for _ in 0..DEEP {
            e = sqlweave::Case::new().when(e.is_null(), 1_i64).into();
        }
        drop(Expr::Not(e.into()));
    });
}

#[test]
fn debug_printing_a_deep_tree_stops_instead_of_overflowing() {
    let e = neg_chain("x");
    let q = Select::new().column(e);
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let s = format!("{q:?}");
            assert!(s.contains('…'), "Debug stops at DEBUG_DEPTH");
            assert!(s.len() < 100_000);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn limit_and_offset_out_of_range() {
    let t = TableRef::new("t");
    let q = Select::new()
        .column(t.col("a"))
        .from(t.clone())
        .limit(u64::MAX);
    for d in [&Sqlite as &dyn Dialect, &Postgres] {
        let e = q.render_for(d).unwrap_err();
        assert!(
            e.to_string()
                .contains("does not fit a signed 64-bit integer"),
            "{}: {e}",
            d.name()
        );
    }
    // MySQL takes an unsigned 64-bit LIMIT.
    assert!(q.render_for(&MySql::mariadb()).is_ok());
    let q = Select::new()
        .column(t.col("a"))
        .from(t.clone())
        .offset(u64::MAX);
    assert!(q.render_for(&Postgres).is_err());

    // The largest LIMIT each database takes returns every row; the largest OFFSET none.
    let mut conns: Vec<Box<dyn Executor>> =
        vec![Box::new(SqliteConnection::open_in_memory().unwrap())];
    if let Some(c) = pg_connect() {
        conns.push(Box::new(c));
    }
    if let Some(c) = mysql_connect() {
        conns.push(Box::new(c));
    }
    for c in &mut conns {
        let name = c.dialect().name();
        let max = if name.starts_with("M") {
            u64::MAX
        } else {
            i64::MAX as u64
        };
        let values = sqlweave::Values::new([[1_i64], [2], [3]]);
        let base = Select::new()
            .column(Expr::qualified("v", "n"))
            .from_values(values, "v", ["n"]);
        let all = c.fetch_all(&base.clone().limit(max)).unwrap();
        assert_eq!(all.rows.len(), 3, "{name}");
        let none = c.fetch_all(&base.clone().limit(max).offset(max)).unwrap();
        assert_eq!(none.rows.len(), 0, "{name}");
        let none = c.fetch_all(&base.offset(max)).unwrap();
        assert_eq!(none.rows.len(), 0, "{name}");
    }
}

#[test]
fn nan_and_infinity() {
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let q = Select::new().column(Expr::value(v));
        // MySQL stores neither: a clear error before anything is sent.
        for d in [MySql::mysql8(), MySql::mariadb()] {
            let e = q.render(&d).unwrap_err();
            assert!(e.to_string().contains("NaN or infinity"), "{e}");
        }
        // No literal can carry them: the debug rendering refuses.
        for d in dialects() {
            let e = q.render_debug_literals(d).unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.contains("cannot be written") || msg.contains("cannot store NaN"),
                "{msg}"
            );
        }
    }
    // PostgreSQL stores all three and returns them exactly.
    if let Some(mut pg) = pg_connect() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let row = pg.fetch_one(&Select::new().column(Expr::value(v))).unwrap();
            let got = row.get::<f64>(0).unwrap();
            assert!(got == v || (got.is_nan() && v.is_nan()), "{got} vs {v}");
        }
    }
    // SQLite keeps infinities; NaN is refused rather than silently stored as NULL.
    let mut lite = SqliteConnection::open_in_memory().unwrap();
    for v in [f64::INFINITY, f64::NEG_INFINITY] {
        let row = lite
            .fetch_one(&Select::new().column(Expr::value(v)))
            .unwrap();
        assert_eq!(row.get::<f64>(0).unwrap(), v);
    }
    // (refused by the driver when binding).
    let nan = Select::new().column(Expr::value(f64::NAN));
    let e = lite.fetch_one(&nan).unwrap_err();
    assert!(e.to_string().contains("cannot store NaN"), "{e}");
}

#[test]
fn long_identifiers_never_collide() {
    // Two names that agree on their first 63 bytes: PostgreSQL would truncate both to
    // the same name, so neither renders there.
    let prefix = "n".repeat(63);
    let a = format!("{prefix}_a");
    let b = format!("{prefix}_b");
    for name in [&a, &b] {
        let e = render_expr(&Postgres, &Expr::column(name.clone())).unwrap_err();
        assert!(matches!(e, Error::InvalidIdentifier { .. }), "{e}");
    }
    // Multi-byte: 32 two-byte characters are 64 bytes, past PostgreSQL's 63.
    let wide = "é".repeat(32);
    assert!(render_expr(&Postgres, &Expr::column(wide.clone())).is_err());
    assert!(render_expr(&Postgres, &Expr::column("é".repeat(31))).is_ok());
    // MySQL: 64 characters, checked as bytes.
    assert!(render_expr(&MySql::mariadb(), &Expr::column("m".repeat(64))).is_ok());
    assert!(render_expr(&MySql::mariadb(), &Expr::column("m".repeat(65))).is_err());
    assert!(render_expr(&MySql::mariadb(), &Expr::column(wide)).is_ok());
    assert!(render_expr(&MySql::mariadb(), &Expr::column("é".repeat(33))).is_err());

    // On the server: the longest name PostgreSQL keeps round-trips, and a statement with
    // a longer one never reaches it.
    if let Some(mut pg) = pg_connect() {
        let name = format!("sw_long_{}_{}", std::process::id(), "x".repeat(63));
        let name = &name[..63];
        let t = TableRef::new(name.to_string());
        let create = format!(
            "CREATE TEMPORARY TABLE {} (id INTEGER)",
            render_expr(&Postgres, &Expr::column(name.to_string()))
                .unwrap()
                .sql
        );
        pg.execute_raw_batch(&create).unwrap();
        let q = Select::new().column(Expr::value(1_i64)).from(t.clone());
        assert!(pg.fetch_all(&q).unwrap().rows.is_empty());
        let longer = TableRef::new(format!("{name}y"));
        let e = pg
            .fetch_all(&Select::new().column(Expr::value(1_i64)).from(longer))
            .unwrap_err();
        assert!(matches!(e, Error::InvalidIdentifier { .. }), "{e}");
    }
}

#[test]
fn nul_bytes() {
    for d in dialects() {
        let e = render_expr(d, &Expr::column("a\0b")).unwrap_err();
        assert!(e.to_string().contains("NUL"), "{}: {e}", d.name());
        let e = Select::new()
            .column(Expr::value(1_i64).label("a\0"))
            .render_for(d)
            .unwrap_err();
        assert!(e.to_string().contains("NUL"), "{}: {e}", d.name());
    }
    // As a value: PostgreSQL text cannot hold NUL (an error); SQLite and MySQL keep it.
    let q = Select::new().column(Expr::value("a\0b"));
    assert!(q.render(&Postgres).unwrap_err().to_string().contains("NUL"));
    let mut lite = SqliteConnection::open_in_memory().unwrap();
    let got = lite.fetch_one(&q).unwrap().get::<String>(0).unwrap();
    assert_eq!(got, "a\0b");
    if let Some(mut my) = mysql_connect() {
        let got = my.fetch_one(&q).unwrap().get::<String>(0).unwrap();
        assert_eq!(got, "a\0b");
    }
    // Bytes with NUL are fine everywhere.
    let bytes = Select::new().column(Expr::value(vec![0_u8, 1, 0, 255]));
    if let Some(mut pg) = pg_connect() {
        let got = pg.fetch_one(&bytes).unwrap().get::<Vec<u8>>(0).unwrap();
        assert_eq!(got, vec![0, 1, 0, 255]);
    }
}

#[test]
fn huge_in_lists() {
    let n = 100_000_i64;
    let list: Vec<i64> = (0..n).map(|i| i * 3).collect();
    let base = || {
        Select::new()
            .column(Expr::qualified("v", "n"))
            .from_values(
                sqlweave::Values::new([[3_i64], [4], [299_997], [300_000]]),
                "v",
                ["n"],
            )
            .order_by(Expr::qualified("v", "n"))
    };
    let q_in = base().filter(Expr::qualified("v", "n").in_list(list.clone()));
    let q_not = base().filter(Expr::qualified("v", "n").not_in_list(list.clone()));
    // One parameter for the list, whatever its length (see tests/large_in.rs).
    for d in [
        &Sqlite as &dyn Dialect,
        &Postgres,
        &MySql::mysql8(),
        &MySql::mariadb(),
    ] {
        let r = q_in.render_for(d).unwrap();
        // Four for the VALUES rows, one for the list.
        assert_eq!(r.params.len(), 5, "{}", d.name());
    }

    let mut lite = SqliteConnection::open_in_memory().unwrap();
    check_in(&mut lite, &q_in, &q_not);
    if let Some(mut pg) = pg_connect() {
        check_in(&mut pg, &q_in, &q_not);
    }
    if let Some(mut my) = mysql_connect() {
        check_in(&mut my, &q_in, &q_not);
        // Under the limit, MySQL takes one parameter per value.
        let list: Vec<i64> = (0..60_000).map(|i| i * 5).collect();
        let q = Select::new()
            .column(Expr::qualified("v", "n"))
            .from_values(
                sqlweave::Values::new([[5_i64], [4], [299_995], [300_000]]),
                "v",
                ["n"],
            )
            .order_by(Expr::qualified("v", "n"))
            .filter(Expr::qualified("v", "n").in_list(list));
        let rows = my.fetch_all(&q).unwrap();
        let got: Vec<i64> = rows.rows.iter().map(|r| r.get(0).unwrap()).collect();
        assert_eq!(got, vec![5, 299_995]);
    }
}

fn check_in(conn: &mut dyn Executor, q_in: &Select, q_not: &Select) {
    let name = conn.dialect().name();
    let got: Vec<i64> = conn
        .fetch_all(q_in)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.get(0).unwrap())
        .collect();
    assert_eq!(got, vec![3, 299_997], "{name} IN");
    let got: Vec<i64> = conn
        .fetch_all(q_not)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.get(0).unwrap())
        .collect();
    assert_eq!(got, vec![4, 300_000], "{name} NOT IN");
}

#[test]
fn values_stay_values_in_debug_rendering_of_negatives() {
    // `-(-5)` as literals must not become `--5`, which starts a comment.
    let e = Expr::value(-5_i64).neg();
    for d in dialects() {
        let s = e.render_debug_literals(d).unwrap();
        assert!(!s.contains("--"), "{}: {s}", d.name());
    }
    let mut lite = SqliteConnection::open_in_memory().unwrap();
    let q = Select::new().column(Expr::value(-5_i64).neg().label("v"));
    let text = q.render_debug_literals(&Sqlite).unwrap();
    let rows = lite.query_sql(&text, &[]).unwrap();
    assert_eq!(rows.rows[0].get::<i64>(0).unwrap(), 5);
    let _ = Value::Null;
}

/// Cloning and comparing a 100,000-deep tree neither overflows a small stack nor gives a
/// wrong answer: past a few dozen nested boxes the walk continues on a thread of its own
/// with a large stack. The same for nested function calls, which have no unary node
/// between levels (their calls are boxed children too).
#[test]
fn cloning_and_comparing_deep_trees_does_not_overflow() {
    on_small_stack("clone and compare", || {
        let e = neg_chain("x");
        let copy = e.clone();
        assert!(copy == e);
        let other = neg_chain("y");
        assert!(other != e);
        drop((e, copy, other));

        let mut f = Expr::column("x");
        for i in 0..DEEP {
            f = func::coalesce([f, Expr::value(i as i64)]);
        }
        let g = f.clone();
        assert!(g == f);
        drop((f, g));

        let mut q = Select::new().column(Expr::value(1_i64));
        for _ in 0..10_000 {
            q = Select::new().column(q.as_expr());
        }
        let r = q.clone();
        assert!(r == q);
    });
}

/// `x = 1 AND y OR z AND y OR …`, 100,000 levels of AND and OR lists nested in each
/// other, with no boxed child between levels.
fn and_or_chain() -> Expr {
    let mut e = Expr::column("x").eq(1);
    for i in 0..DEEP {
        e = if i % 2 == 0 {
            e.and(Expr::column("y"))
        } else {
            e.or(Expr::column("z"))
        };
    }
    e
}

/// AND / OR lists nested in each other have no boxed child between levels; under a
/// boxed node (`NOT`, `= TRUE`, a function call) such a chain is taken apart
/// iteratively, not through the compiler's recursive glue (found by review: the native
/// drop of shallow boxes recursed into it and overflowed).
#[test]
fn deep_and_or_chains_under_a_box_drop_without_recursion() {
    on_small_stack("and / or under a box", || {
        let chain = and_or_chain;
        drop(chain().not());
        drop(chain().eq(true));
        drop(func::coalesce([chain(), Expr::value(0_i64)]).not());
        drop(Select::new().column(Expr::True).filter(Expr::exists(
            Select::new().column(Expr::True).filter(chain()),
        )));
    });
}

/// Chains with no boxed expression between levels, at the top level: AND / OR lists
/// nested in each other, `IN` lists, row values, CASE branches, derived tables, CTE
/// bodies and compound queries. Each is built 100,000 deep and dropped, cloned and
/// compared on a 256 KiB stack, and refuses to render.
#[test]
fn deep_chains_of_lists_and_queries_drop_clone_and_compare_without_recursion() {
    /// Builds, clones, compares and drops the chain (the copy at the top level, the
    /// original under a subquery's box) on a small stack.
    fn hold(name: &'static str, build: fn() -> Query) {
        on_small_stack(name, move || {
            let q = build();
            let copy = q.clone();
            assert!(copy == q, "{name}: a clone equals its original");
            drop(copy);
            drop(Expr::subquery(q));
        });
    }
    fn check(name: &'static str, build: fn() -> Query) {
        hold(name, build);
        // Rendering stops at MAX_DEPTH; like the other deep-tree tests it runs on the
        // test thread's stack (a debug build's frames are large).
        assert_too_deep(&build());
    }
    fn filter(e: Expr) -> Query {
        Select::new().column(Expr::True).filter(e).into()
    }
    check("and / or", || filter(and_or_chain()));
    check("in list", || {
        let mut e = Expr::column("x");
        for _ in 0..DEEP {
            e = Expr::column("y").in_list([e, Expr::column("z")]);
        }
        filter(e)
    });
    check("row value", || {
        let mut e = Expr::column("x");
        for _ in 0..DEEP {
            e = Expr::tuple([e, Expr::column("z")]);
        }
        filter(e.is_null())
    });
    check("case", || {
        let mut e = Expr::column("x");
        for _ in 0..DEEP {
            e = Case::new().when(e, Expr::column("z")).into();
        }
        filter(e)
    });
    check("derived table", || {
        let mut q = Select::new().column(Expr::True);
        for _ in 0..DEEP {
            q = Select::new().column(Expr::True).from_subquery(q, "t");
        }
        q.into()
    });
    check("cte", || {
        let mut q = Select::new().column(Expr::True);
        for _ in 0..DEEP {
            q = Select::new().column(Expr::True).with(Cte::new("c", q));
        }
        q.into()
    });
    check("union", || {
        let mut q = Query::from(Select::new().column(Expr::True));
        for _ in 0..DEEP {
            q = Query::from(Select::new().column(Expr::True))
                .union(q)
                .into();
        }
        q
    });
    // INSERT / UPDATE / DELETE as CTE bodies and sources hold queries too. Only held
    // here: an INSERT inside INSERT … SELECT, for one, is refused as invalid before
    // any depth counts.
    hold("insert … select", || {
        let mut q: Query = Select::new().column(Expr::True).into();
        for _ in 0..DEEP {
            q = Insert::into(TableRef::new("t")).select(q).into();
        }
        q
    });
    hold("delete with cte", || {
        let mut d = Delete::from(TableRef::new("t"));
        for _ in 0..DEEP {
            d = Delete::from(TableRef::new("t")).with(Cte::new("c", d));
        }
        d.into()
    });
    hold("update from derived table", || {
        let mut q: Query = Select::new().column(Expr::True).into();
        for _ in 0..DEEP {
            q = Update::table(TableRef::new("t"))
                .set_expr("a", 1_i64)
                .from(FromItem::Subquery {
                    query: Box::new(q),
                    alias: "s".into(),
                    columns: Vec::new(),
                    lateral: false,
                })
                .into();
        }
        q
    });
    // The same chains held directly, not inside a statement.
    on_small_stack("bare lists", || {
        let e = and_or_chain();
        let other = e.clone().and(Expr::column("w"));
        assert!(other != e);
        drop((e, other));
    });
}

/// `Debug` stops at `DEBUG_DEPTH` levels, counted at every guarded child, so even the
/// pretty form of a deep chain of derived tables fits a 2 MiB thread (found by review:
/// at 1,000 levels it overflowed in a debug build).
#[test]
fn pretty_debug_of_deep_derived_tables_stops_in_time() {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let mut q = Select::new().column(Expr::True);
            for _ in 0..1_100 {
                q = Select::new().column(Expr::True).from_subquery(q, "t");
            }
            let s = format!("{q:#?}");
            assert!(s.contains('…'), "Debug stops at DEBUG_DEPTH");
        })
        .unwrap()
        .join()
        .unwrap();
}
