//! Properties of rendering, for every dialect, without a server:
//!
//! * the SQL text of a statement does not depend on its values: the same shape filled
//!   with different values renders byte-identical SQL;
//! * the number of placeholders equals the number of parameters, for every statement.
//!
//! 1,000 cases per property by default; `SQLWEAVE_PROPTEST_CASES` sets another number.
//!
//! The documented exceptions, where a value's *kind* (never its content) is part of the
//! shape, are kept out of the random shapes and pinned down in their own tests below:
//! comparing with `None` / NULL through `eq` / `ne` builds `IS [NOT] NULL`; an IN list
//! longer than half the parameter limit becomes one parameter (PostgreSQL, SQLite);
//! PostgreSQL's type annotations (`$1::int8`) depend on the value's type, so the two
//! fillings of a shape use values of the same type; and MySQL's GROUP_CONCAT separator
//! is a literal (given as `&str` when the statement is built).

mod common;
mod safety_support;

use common::placeholder_count;
use proptest::prelude::*;
use safety_support::{cases, config};
use sqlweave::dml::{Delete, Insert, Update};
use sqlweave::{Case, Dialect, Expr, Select, SqlType, Statement, TableRef, Value, func};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

fn dialects() -> [&'static dyn Dialect; 4] {
    const MY: MySql = MySql::mysql8();
    const MARIA: MySql = MySql::mariadb();
    [&Sqlite, &Postgres, &MY, &MARIA]
}

/// The kind of a value slot (part of the shape).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Float,
    Text,
    Bool,
    Bytes,
}

/// A statement's shape: everything but the values in its value slots.
#[derive(Debug, Clone)]
enum Shape {
    Col(u8),
    Val(Kind),
    Param(u8),
    Bin(Box<Shape>, u8, Box<Shape>),
    Neg(Box<Shape>),
    Not(Box<Shape>),
    And(Vec<Shape>),
    Or(Vec<Shape>),
    IsNull(Box<Shape>, bool),
    Like(Box<Shape>, bool),
    In(Box<Shape>, Vec<Shape>, bool),
    Between(Box<Shape>, Box<Shape>, Box<Shape>),
    Case(Vec<(Shape, Shape)>, Option<Box<Shape>>),
    Func(u8, Vec<Shape>),
    Cast(Box<Shape>, u8),
    Sub(Box<Shape>),
    Exists(Box<Shape>),
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Int),
        Just(Kind::Float),
        Just(Kind::Text),
        Just(Kind::Bool),
        Just(Kind::Bytes)
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        (0..3u8).prop_map(Shape::Col),
        kind().prop_map(Shape::Val),
        (0..2u8).prop_map(Shape::Param),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        let boxed = inner.clone();
        let b = move || boxed.clone().prop_map(Box::new);
        prop_oneof![
            (b(), 0..12u8, b()).prop_map(|(l, op, r)| Shape::Bin(l, op, r)),
            b().prop_map(Shape::Neg),
            b().prop_map(Shape::Not),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Shape::And),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Shape::Or),
            (b(), any::<bool>()).prop_map(|(e, n)| Shape::IsNull(e, n)),
            (b(), any::<bool>()).prop_map(|(e, n)| Shape::Like(e, n)),
            (
                b(),
                prop::collection::vec(inner.clone(), 0..5),
                any::<bool>()
            )
                .prop_map(|(e, l, n)| Shape::In(e, l, n)),
            (b(), b(), b()).prop_map(|(e, l, h)| Shape::Between(e, l, h)),
            (
                prop::collection::vec((inner.clone(), inner.clone()), 1..3),
                prop::option::of(b())
            )
                .prop_map(|(w, e)| Shape::Case(w, e)),
            (0..6u8, prop::collection::vec(inner.clone(), 1..3))
                .prop_map(|(f, a)| Shape::Func(f, a)),
            (b(), 0..5u8).prop_map(|(e, t)| Shape::Cast(e, t)),
            b().prop_map(Shape::Sub),
            b().prop_map(Shape::Exists),
        ]
    })
}

impl Shape {
    fn kinds(&self, out: &mut Vec<Kind>) {
        match self {
            Shape::Val(k) => out.push(*k),
            Shape::Col(_) | Shape::Param(_) => {}
            Shape::Bin(l, _, r) => {
                l.kinds(out);
                r.kinds(out);
            }
            Shape::Neg(e) | Shape::Not(e) | Shape::Sub(e) | Shape::Exists(e) => e.kinds(out),
            Shape::IsNull(e, _) | Shape::Cast(e, _) => e.kinds(out),
            Shape::Like(e, _) => {
                e.kinds(out);
                out.push(Kind::Text);
            }
            Shape::And(v) | Shape::Or(v) | Shape::Func(_, v) => v.iter().for_each(|s| s.kinds(out)),
            Shape::In(e, l, _) => {
                e.kinds(out);
                l.iter().for_each(|s| s.kinds(out));
            }
            Shape::Between(a, b, c) => {
                a.kinds(out);
                b.kinds(out);
                c.kinds(out);
            }
            Shape::Case(w, e) => {
                for (a, b) in w {
                    a.kinds(out);
                    b.kinds(out);
                }
                if let Some(e) = e {
                    e.kinds(out);
                }
            }
        }
    }

    fn build(&self, vals: &mut std::vec::IntoIter<Value>) -> Expr {
        let t = TableRef::new("t");
        match self {
            Shape::Col(i) => t.col(["a", "b", "c"][*i as usize % 3]),
            Shape::Val(_) => Expr::Value(vals.next().expect("a value per slot")),
            Shape::Param(i) => Expr::param(["p", "q"][*i as usize % 2]),
            Shape::Bin(l, op, r) => {
                let (l, r) = (l.build(vals), r.build(vals));
                match op % 12 {
                    0 => l.eq(r),
                    1 => l.ne(r),
                    2 => l.lt(r),
                    3 => l.le(r),
                    4 => l.gt(r),
                    5 => l.ge(r),
                    6 => l.add(r),
                    7 => l.sub(r),
                    8 => l.mul(r),
                    9 => l.div(r),
                    10 => l.rem(r),
                    _ => l.concat(r),
                }
            }
            Shape::Neg(e) => e.build(vals).neg(),
            Shape::Not(e) => e.build(vals).not(),
            Shape::And(v) => Expr::And(v.iter().map(|s| s.build(vals)).collect()),
            Shape::Or(v) => Expr::Or(v.iter().map(|s| s.build(vals)).collect()),
            Shape::IsNull(e, n) => {
                let e = e.build(vals);
                if *n { e.is_not_null() } else { e.is_null() }
            }
            Shape::Like(e, n) => {
                let e = e.build(vals);
                let p = Expr::Value(vals.next().expect("pattern"));
                if *n { e.not_like(p) } else { e.like(p) }
            }
            Shape::In(e, l, n) => {
                let e = e.build(vals);
                let l: Vec<Expr> = l.iter().map(|s| s.build(vals)).collect();
                if *n { e.not_in_list(l) } else { e.in_list(l) }
            }
            Shape::Between(a, b, c) => a.build(vals).between(b.build(vals), c.build(vals)),
            Shape::Case(w, e) => {
                let mut c = Case::new();
                for (a, b) in w {
                    c = c.when(a.build(vals), b.build(vals));
                }
                if let Some(e) = e {
                    c = c.otherwise(e.build(vals));
                }
                c.into()
            }
            Shape::Func(f, args) => {
                let args: Vec<Expr> = args.iter().map(|s| s.build(vals)).collect();
                match f % 6 {
                    0 => func::coalesce(args),
                    1 => func::abs(args.into_iter().next().unwrap_or(Expr::True)),
                    2 => func::lower(args.into_iter().next().unwrap_or(Expr::True)),
                    3 => func::greatest(args),
                    4 => func::count(args.into_iter().next().unwrap_or(Expr::True)).into(),
                    _ => func::call("my_fn", args),
                }
            }
            Shape::Cast(e, ty) => e.build(vals).cast(
                [
                    SqlType::BigInt,
                    SqlType::Text,
                    SqlType::Double,
                    SqlType::Varchar(10),
                    SqlType::Numeric(Some((10, 2))),
                ][*ty as usize % 5],
            ),
            Shape::Sub(e) => Select::new()
                .column(e.build(vals))
                .from(t)
                .limit(1)
                .as_expr(),
            Shape::Exists(e) => Expr::exists(
                Select::new()
                    .column(Expr::True)
                    .from(t)
                    .filter(e.build(vals)),
            ),
        }
    }
}

/// A value of `kind` that every dialect can bind (no NUL, nothing past i64, finite).
fn value(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Int => any::<i64>().prop_map(Value::I64).boxed(),
        Kind::Float => any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::F64)
            .boxed(),
        Kind::Text => "[^\u{0}]{0,12}".prop_map(Value::Text).boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Bytes => prop::collection::vec(any::<u8>(), 0..8)
            .prop_map(Value::Bytes)
            .boxed(),
    }
}

fn values(kinds: Vec<Kind>) -> impl Strategy<Value = Vec<Value>> {
    kinds.into_iter().map(value).collect::<Vec<_>>()
}

/// A shape and two independent fillings of its value slots.
fn shape_and_two_fillings() -> impl Strategy<Value = (Shape, u8, Vec<Value>, Vec<Value>)> {
    (shape(), 0..5u8).prop_flat_map(|(s, stmt)| {
        let mut kinds = Vec::new();
        s.kinds(&mut kinds);
        // The statement wrapper's own slots: LIMIT / OFFSET and an INSERT's second cell.
        kinds.extend([Kind::Int, Kind::Int, Kind::Text]);
        (Just(s), Just(stmt), values(kinds.clone()), values(kinds))
    })
}

fn limit_of(v: &Value) -> u64 {
    match v {
        Value::I64(i) => i.unsigned_abs() % 1_000_000,
        _ => 0,
    }
}

/// The shape as one of several statements.
fn statement(s: &Shape, which: u8, vals: Vec<Value>) -> Box<dyn Statement> {
    let mut vals = vals.into_iter();
    let e = s.build(&mut vals);
    let (limit, offset, cell) = (
        vals.next().unwrap(),
        vals.next().unwrap(),
        vals.next().unwrap(),
    );
    let t = TableRef::new("t");
    match which % 5 {
        0 => Box::new(
            Select::new()
                .column(e.clone().label("x"))
                .from(t.clone())
                .filter(e)
                .limit(limit_of(&limit))
                .offset(limit_of(&offset)),
        ),
        1 => Box::new(
            Select::new()
                .column(t.col("a"))
                .from(t.clone())
                .group_by([t.col("a")])
                .having(e.clone())
                .order_by(e.desc()),
        ),
        2 => Box::new(
            Insert::into(t.clone())
                .columns(["a", "b"])
                .values((e, Expr::Value(cell))),
        ),
        3 => Box::new(Update::table(t.clone()).set_expr("a", e.clone()).filter(e)),
        _ => Box::new(Delete::from(t.clone()).filter(e)),
    }
}

proptest! {
    #![proptest_config(config(cases(1_000)))]

    /// Same shape, different values: byte-identical SQL (or the same error).
    #[test]
    fn sql_text_does_not_depend_on_values((s, which, a, b) in shape_and_two_fillings()) {
        let (sa, sb) = (statement(&s, which, a), statement(&s, which, b));
        for d in dialects() {
            match (sa.render_for(d), sb.render_for(d)) {
                (Ok(ra), Ok(rb)) => {
                    prop_assert_eq!(&ra.sql, &rb.sql, "{}", d.name());
                    prop_assert_eq!(ra.params.len(), rb.params.len());
                }
                (Err(ea), Err(eb)) => {
                    prop_assert_eq!(std::mem::discriminant(&ea), std::mem::discriminant(&eb));
                }
                (ra, rb) => prop_assert!(false, "{}: {:?} vs {:?}", d.name(), ra.map(|r| r.sql), rb.map(|r| r.sql)),
            }
        }
    }

    /// Every rendered statement has exactly one parameter per placeholder.
    #[test]
    fn placeholders_equal_parameters((s, which, a, _b) in shape_and_two_fillings()) {
        let st = statement(&s, which, a);
        for d in dialects() {
            if let Ok(r) = st.render_for(d) {
                prop_assert_eq!(
                    placeholder_count(&r.sql, d),
                    r.params.len(),
                    "{}: {}", d.name(), r.sql
                );
                // Named parameters occupy positions that exist.
                for slot in &r.named {
                    for &p in &slot.positions {
                        prop_assert!(p < r.params.len());
                    }
                }
            }
        }
    }
}

/// The exceptions named at the top, pinned down.
#[test]
fn documented_exceptions_to_value_independence() {
    let a = TableRef::new("t").col("a");
    // eq / ne with NULL build IS [NOT] NULL: the value decides the shape when built.
    let is_null = a.clone().eq(Value::Null);
    assert_eq!(is_null, a.clone().is_null());
    assert_eq!(a.clone().ne(None::<i64>), a.clone().is_not_null());
    // An explicitly built `a = NULL` stays a comparison with one parameter.
    let raw = Expr::binary(
        a.clone(),
        sqlweave::expr::BinaryOp::Eq,
        Expr::value(Value::Null),
    );
    assert_eq!(
        sqlweave::render::render_expr(&Sqlite, &raw).unwrap().sql,
        r#""t"."a" = ?"#
    );

    // Large IN lists switch to one parameter past half the parameter limit.
    let n = Sqlite.max_params() / 2;
    let at = a.clone().in_list((0..n as i64).collect::<Vec<_>>());
    let past = a.clone().in_list((0..=n as i64).collect::<Vec<_>>());
    assert_eq!(
        sqlweave::render::render_expr(&Sqlite, &at)
            .unwrap()
            .params
            .len(),
        n
    );
    assert_eq!(
        sqlweave::render::render_expr(&Sqlite, &past)
            .unwrap()
            .params
            .len(),
        1
    );

    // PostgreSQL's type annotations follow the value's type.
    let i = Select::new().column(Expr::value(1_i64));
    let f = Select::new().column(Expr::value(1.0_f64));
    assert_eq!(i.render(&Postgres).unwrap().sql, "SELECT $1::int8");
    assert_eq!(f.render(&Postgres).unwrap().sql, "SELECT $1::float8");
    // …and a NULL has none.
    assert_eq!(
        Select::new()
            .column(Expr::value(Value::Null))
            .render(&Postgres)
            .unwrap()
            .sql,
        "SELECT $1"
    );
}
