//! Nodes, operators and statements of the user's own, on the public API only, executed
//! on SQLite, PostgreSQL and MariaDB.

mod common;

use common::Env;
use sqlweave::expr::{Custom, SqlWriter};
use sqlweave::render::Renderer;
use sqlweave::{
    Ansi, Dialect, Error, Executor, Expr, Ident, Rendered, Result, Select, Statement, TableRef,
    TypedExpr, Value, func,
};

/// A per-dialect function: the number of whole days from one date to another.
#[derive(Debug, Clone, PartialEq)]
struct DaysBetween;

impl Custom for DaysBetween {
    fn name(&self) -> &'static str {
        "days_between"
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        let [from, to] = args else {
            return Err(w.invalid("days_between takes two dates"));
        };
        match w.dialect_name() {
            "PostgreSQL" => {
                w.sql("(CAST(")?;
                w.expr(to)?;
                w.sql(" AS DATE) - CAST(")?;
                w.expr(from)?;
                w.sql(" AS DATE))")?;
            }
            "SQLite" => {
                w.sql("CAST(julianday(")?;
                w.expr(to)?;
                w.sql(") - julianday(")?;
                w.expr(from)?;
                w.sql(") AS INTEGER)")?;
            }
            "MySQL" | "MariaDB" => {
                w.sql("DATEDIFF(")?;
                w.expr(to)?;
                w.sql(", ")?;
                w.expr(from)?;
                w.sql(")")?;
            }
            _ => return Err(w.unsupported("days_between")),
        }
        Ok(())
    }
}

#[cfg(feature = "chrono")]
#[test]
fn a_per_dialect_function_runs_everywhere_and_is_refused_elsewhere() {
    let mut env = Env::new();
    let o = TableRef::new("orders");
    let new_year = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let days = || Expr::custom(DaysBetween, [Expr::value(new_year), o.col("placed_on")]);
    let q = Select::new()
        .column(o.col("id"))
        .column(days().label("days"))
        .from(o.clone())
        .filter(days().lt(60))
        .order_by(days().desc());
    env.check(&q, &[&["3", "51"], &["2", "50"], &["1", "14"]]);
    // Grouping by it: its value parameter is repeated the way built-in nodes' are.
    let q = Select::new()
        .column(days().gt(40).label("late"))
        .column(func::count_star().label("n"))
        .from(o.clone())
        .filter(days().lt(60))
        .group_by([days().gt(40)])
        .order_by(days().gt(40));
    env.check(&q, &[&["0", "1"], &["1", "2"]]);
    // A dialect it never heard of refuses, naming itself and the node.
    let err = q.render_for(&Ansi).unwrap_err();
    assert_eq!(err.to_string(), "ANSI does not support days_between");
}

#[test]
fn full_text_match_operator_on_postgresql() {
    let Some(mut pg) = common::fixture::pg_connect() else {
        return;
    };
    // A temporary table: private to this connection.
    let table = "sw_fts".to_string();
    pg.execute_raw_batch(&format!(
        "CREATE TEMPORARY TABLE {table} (id INT, body TEXT);
         INSERT INTO {table} VALUES (1, 'Rust query builders render SQL'), (2, 'Cooking with cast iron'), (3, 'SQL for the rest of us');"
    ))
    .unwrap();
    let d = TableRef::new(table);
    let matches = |words: &str| {
        Expr::operator(
            func::call("to_tsvector", [d.col("body")]),
            "@@",
            func::call("plainto_tsquery", [Expr::value(words)]),
            4,
        )
    };
    let q = Select::new()
        .column(d.col("id"))
        .from(d.clone())
        .filter(matches("sql").and(d.col("id").gt(0)))
        .order_by(d.col("id"));
    assert_eq!(common::run(&mut pg, &q), common::rows(&[&["1"], &["3"]]));
    // The search words are a parameter, whatever they hold.
    let q = Select::new()
        .column(d.col("id"))
        .from(d.clone())
        .filter(matches("'); DROP TABLE x; --"));
    assert!(common::run(&mut pg, &q).is_empty());
    let r = q.render_for(pg.dialect()).unwrap();
    assert!(r.params.contains(&Value::from("'); DROP TABLE x; --")));
    // A prefix operator of PostgreSQL's own: @ is the absolute value.
    let q = Select::new().column(Expr::prefix_operator("@", Expr::value(-5).sub(2), 8).label("v"));
    assert_eq!(common::run(&mut pg, &q), common::rows(&[&["7"]]));
    // Operator text outside the operator alphabet, or starting a comment, is refused.
    for bad in ["--", "/*", "@@ OR 1=1", "?", "", "`", "<-->"] {
        let q = Select::new().column(Expr::operator(Expr::value(1), bad, Expr::value(2), 4));
        assert!(
            matches!(q.render_for(pg.dialect()), Err(Error::Invalid(_))),
            "{bad:?}"
        );
    }
    // `#` is PostgreSQL's bitwise XOR, and a comment to the end of the line on MySQL and
    // MariaDB: written for the first, refused for the others.
    let xor =
        Select::new().column(Expr::operator(Expr::value(5), "#", Expr::value(3), 7).label("x"));
    assert_eq!(common::run(&mut pg, &xor), common::rows(&[&["6"]]));
    for d in [
        sqlweave_mysql::MySql::mysql8(),
        sqlweave_mysql::MySql::mariadb(),
    ] {
        assert!(
            matches!(xor.render_for(&d), Err(Error::Invalid(_))),
            "{}",
            d.name()
        );
    }
}

/// Custom nodes compare, clone and print like built-in ones, and hold deep chains.
#[test]
fn custom_nodes_are_plain_data() {
    let a = Expr::custom(DaysBetween, [Expr::column("x"), Expr::column("y")]);
    let b = Expr::custom(DaysBetween, [Expr::column("x"), Expr::column("y")]);
    let c = Expr::custom(DaysBetween, [Expr::column("x"), Expr::column("z")]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(
        a,
        Expr::operator(Expr::column("x"), "-", Expr::column("y"), 6)
    );
    assert_eq!(a.clone(), a);
    assert!(format!("{a:?}").contains("DaysBetween"), "{a:?}");
    // A chain of custom nodes 100,000 deep drops, clones and compares on a 256 KiB
    // stack, and rendering refuses it past MAX_DEPTH (the 128 levels it renders first
    // take up to about 0.5 MiB of stack in a debug build: 1 MiB here).
    let on_stack = |kib: usize, f: fn()| {
        std::thread::Builder::new()
            .stack_size(kib << 10)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    };
    fn chain() -> Expr {
        let mut e = Expr::column("x");
        for _ in 0..100_000 {
            e = Expr::operator(e, "+", Expr::column("y"), 6);
        }
        e
    }
    on_stack(256, || {
        let e = chain();
        let copy = e.clone();
        assert!(copy == e);
        drop(copy);
        drop(e);
    });
    on_stack(1024, || {
        let q = Select::new().column(chain());
        assert!(matches!(q.render_for(&Ansi), Err(Error::TooDeep { .. })));
    });
}

/// A statement of the user's own: it renders through the same `Renderer` and runs
/// through every `Executor`.
struct EmptyTable(Ident);

impl Statement for EmptyTable {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        let mut r = Renderer::new(dialect);
        match dialect.name() {
            "SQLite" => r.sql("DELETE FROM ")?,
            "PostgreSQL" | "MySQL" | "MariaDB" => r.sql("TRUNCATE TABLE ")?,
            _ => return Err(dialect.unsupported("emptying a table")),
        }
        SqlWriter::ident(&mut r, &self.0)?;
        Ok(r.finish())
    }
}

#[test]
fn custom_statements_execute_through_every_executor() {
    let mut env = Env::new();
    let count = Select::new()
        .column(func::count_star())
        .from(TableRef::new("order_items"));
    for c in env.conns() {
        c.execute(&EmptyTable(Ident::from("order_items"))).unwrap();
        assert_eq!(
            common::run(c, &count),
            common::rows(&[&["0"]]),
            "{}",
            c.dialect().name()
        );
    }
    let r = EmptyTable(Ident::from("we\"ird"))
        .render_for(&sqlweave_postgres::Postgres)
        .unwrap();
    assert_eq!(r.sql, r#"TRUNCATE TABLE "we""ird""#);
}

/// The visitor and the common walks reach a custom node's arguments: a tenant filter or
/// a parameter scan cannot miss what sits inside one.
#[test]
fn walks_reach_the_arguments_of_custom_nodes() {
    use sqlweave::visit::{column_refs, contains_aggregate, named_params, rewrite_exprs};
    let e = Expr::operator(
        Expr::custom(DaysBetween, [Expr::column("a"), Expr::param("due")]),
        ">",
        func::max(Expr::column("b")),
        4,
    );
    let cols: Vec<String> = column_refs(&e)
        .unwrap()
        .iter()
        .map(|c| c.name.as_str().to_string())
        .collect();
    assert_eq!(cols, ["a", "b"]);
    assert_eq!(named_params(&e).unwrap().len(), 1);
    assert!(contains_aggregate(&e).unwrap());
    // A rewrite inside the custom node's arguments.
    let mut q = Select::new().column(e);
    rewrite_exprs(&mut q, |x| {
        if *x == Expr::column("a") {
            *x = Expr::column("renamed");
        }
        Ok(())
    })
    .unwrap();
    let sql = q.render_for(&sqlweave_postgres::Postgres).unwrap().sql;
    assert!(sql.contains(r#"CAST("renamed" AS DATE)"#), "{sql}");
}

/// A custom node's text cannot hold a placeholder or start a comment, and pieces that
/// would run into a comment are spaced apart.
#[test]
fn custom_node_text_is_checked() {
    #[derive(Debug, Clone, PartialEq)]
    struct Text(&'static str);
    impl Custom for Text {
        fn name(&self) -> &'static str {
            "text"
        }
        fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
            w.sql(self.0)?;
            for a in args {
                w.operand(a, 8)?;
            }
            Ok(())
        }
    }
    let render = |t: &'static str, args: Vec<Expr>| {
        Select::new()
            .column(Expr::custom(Text(t), args))
            .render_for(&sqlweave_mysql::MySql::mariadb())
    };
    for bad in ["? + 1", "1 -- x", "/* x */", "# x", "a\0b"] {
        assert!(
            matches!(render(bad, vec![]), Err(Error::Invalid(_))),
            "{bad:?}"
        );
    }
    // `-` followed by a negated operand: `- -x`, never `--x`.
    let r = render("-", vec![Expr::column("x").neg()]).unwrap();
    assert_eq!(r.sql, "SELECT - -`x`");
}
