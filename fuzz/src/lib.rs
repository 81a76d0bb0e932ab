//! The fuzz targets' code: build a tree from arbitrary bytes (the `arbitrary` crate),
//! render it for every dialect, and check the invariants:
//!
//! * no panic and no stack overflow (rendering, the debug-literal rendering, dropping);
//! * placeholders and parameters agree;
//! * the SQL parses as exactly one statement (sqlparser), for the dialect it was written
//!   for — where sqlparser knows the syntax (constructs it does not parse are listed in
//!   `sqlparser_gap`, and their statements are only checked for the rest).

use arbitrary::{Arbitrary, Unstructured};
use sqlparser::dialect::{Dialect as ParseDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlweave::dml::{Delete, Insert, Update};
use sqlweave::render::DebugLiterals;
use sqlweave::{
    Case, Cte, Dialect, Expr, JoinKind, Query, Select, SqlType, Statement, TableRef, Value, func,
};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

/// An identifier: a few fixed names (so statements can make sense) or any text.
#[derive(Debug, Arbitrary)]
pub enum Name {
    A,
    B,
    T,
    Any(String),
}

impl Name {
    fn get(&self) -> String {
        match self {
            Name::A => "a".into(),
            Name::B => "b".into(),
            Name::T => "t".into(),
            Name::Any(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Val {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Val {
    fn get(&self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::I64(i) => Value::I64(*i),
            Val::U64(u) => Value::U64(*u),
            Val::F64(f) => Value::F64(*f),
            Val::Text(s) => Value::Text(s.clone()),
            Val::Bytes(b) => Value::Bytes(b.clone()),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum E {
    Col(Name, Option<Name>),
    Val(Val),
    Param(Name),
    True,
    Bin(Box<E>, u8, Box<E>),
    Neg(Box<E>),
    Not(Box<E>),
    And(Vec<E>),
    Or(Vec<E>),
    IsNull(Box<E>, bool),
    Distinct(Box<E>, Box<E>, bool),
    Like(Box<E>, Box<E>, Option<char>, bool, bool),
    In(Box<E>, Vec<E>, bool),
    Between(Box<E>, Box<E>, Box<E>, bool),
    Case(Option<Box<E>>, Vec<(E, E)>, Option<Box<E>>),
    Cast(Box<E>, u8),
    Func(u8, Vec<E>),
    Named(Name, Vec<E>),
    Tuple(Vec<E>),
    Sub(Box<S>),
    Exists(Box<S>, bool),
    InSub(Box<E>, Box<S>, bool),
    Agg(u8, Box<E>, Option<Box<E>>, bool),
    Window(u8, Box<E>, Vec<E>),
}

#[derive(Debug, Arbitrary)]
pub struct S {
    items: Vec<(E, Option<Name>)>,
    from: Option<(Name, Option<Name>)>,
    joins: Vec<(u8, Name, E)>,
    filter: Option<E>,
    group: Vec<E>,
    having: Option<E>,
    order: Vec<(E, bool)>,
    limit: Option<u64>,
    offset: Option<u64>,
    distinct: bool,
    cte: Option<(Name, Box<S>)>,
    compound: Option<(u8, Box<S>)>,
}

fn bx(e: &E) -> Expr {
    e.build()
}

impl E {
    fn build(&self) -> Expr {
        match self {
            E::Col(n, t) => match t {
                Some(t) => Expr::qualified(t.get(), n.get()),
                None => Expr::column(n.get()),
            },
            E::Val(v) => Expr::value(v.get()),
            E::Param(n) => Expr::param(n.get()),
            E::True => Expr::True,
            E::Bin(l, op, r) => {
                let (l, r) = (bx(l), bx(r));
                match op % 14 {
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
                    11 => l.int_div(r),
                    12 => l.true_div(r),
                    _ => l.concat(r),
                }
            }
            E::Neg(e) => bx(e).neg(),
            E::Not(e) => bx(e).not(),
            E::And(v) => Expr::And(v.iter().map(E::build).collect()),
            E::Or(v) => Expr::Or(v.iter().map(E::build).collect()),
            E::IsNull(e, n) => {
                if *n {
                    bx(e).is_not_null()
                } else {
                    bx(e).is_null()
                }
            }
            E::Distinct(l, r, n) => {
                if *n {
                    bx(l).is_not_distinct_from(bx(r))
                } else {
                    bx(l).is_distinct_from(bx(r))
                }
            }
            E::Like(e, p, esc, neg, ci) => {
                let (e, p) = (bx(e), bx(p));
                let l = match (neg, ci) {
                    (false, false) => e.like(p),
                    (true, false) => e.not_like(p),
                    (false, true) => e.ilike(p),
                    (true, true) => e.not_ilike(p),
                };
                match esc {
                    Some(c) => l.escape(*c),
                    None => l,
                }
            }
            E::In(e, l, n) => {
                let l: Vec<Expr> = l.iter().map(E::build).collect();
                if *n {
                    bx(e).not_in_list(l)
                } else {
                    bx(e).in_list(l)
                }
            }
            E::Between(e, lo, hi, n) => {
                if *n {
                    bx(e).not_between(bx(lo), bx(hi))
                } else {
                    bx(e).between(bx(lo), bx(hi))
                }
            }
            E::Case(op, whens, else_) => {
                let mut c = match op {
                    Some(o) => Case::on(bx(o)),
                    None => Case::new(),
                };
                for (w, t) in whens {
                    c = c.when(w.build(), t.build());
                }
                if let Some(e) = else_ {
                    c = c.otherwise(bx(e));
                }
                c.into()
            }
            E::Cast(e, t) => bx(e).cast(
                [
                    SqlType::SmallInt,
                    SqlType::BigInt,
                    SqlType::Double,
                    SqlType::Numeric(Some((12, 3))),
                    SqlType::Text,
                    SqlType::Varchar(20),
                    SqlType::Bytes,
                    SqlType::Boolean,
                    SqlType::Date,
                    SqlType::Timestamp,
                ][*t as usize % 10],
            ),
            E::Func(f, args) => {
                let args: Vec<Expr> = args.iter().map(E::build).collect();
                let first = || args.first().cloned().unwrap_or(Expr::True);
                match f % 8 {
                    0 => func::coalesce(args),
                    1 => func::abs(first()),
                    2 => func::lower(first()),
                    3 => func::length(first()),
                    4 => func::greatest(args),
                    5 => func::nullif(first(), args.get(1).cloned().unwrap_or(Expr::True)),
                    6 => func::round(first(), Some(2)),
                    _ => func::least(args),
                }
            }
            E::Named(n, args) => func::call(n.get(), args.iter().map(E::build)),
            E::Tuple(v) => Expr::tuple(v.iter().map(E::build)),
            E::Sub(s) => Expr::subquery(s.build()),
            E::Exists(s, n) => {
                if *n {
                    Expr::not_exists(s.build())
                } else {
                    Expr::exists(s.build())
                }
            }
            E::InSub(e, s, n) => {
                if *n {
                    bx(e).not_in_query(s.build())
                } else {
                    bx(e).in_query(s.build())
                }
            }
            E::Agg(f, e, filter, distinct) => {
                let e = bx(e);
                let mut a = match f % 5 {
                    0 => func::sum(e),
                    1 => func::count(e).into(),
                    2 => func::min(e),
                    3 => func::avg(e),
                    _ => func::string_agg(e, ",").into(),
                };
                if *distinct {
                    a = func::distinct(a);
                }
                match filter {
                    Some(f) => a.filter(bx(f)),
                    None => a,
                }
            }
            E::Window(f, e, part) => {
                let w = sqlweave::Window::new()
                    .partition_by(part.iter().map(E::build).collect::<Vec<_>>());
                // `e` is built once: used in both the argument and the ORDER BY, nested
                // windows doubled the tree at each level (a 100-byte input became 800 KB
                // of SQL).
                match f % 4 {
                    0 => Expr::from(func::row_number()).over(w.order_by(bx(e))),
                    1 => func::call_func(sqlweave::expr::Func::Lag(1), [bx(e)])
                        .over(w.order_by(Expr::column("a"))),
                    2 => func::sum(bx(e)).over(w.order_by(Expr::column("a"))),
                    _ => Expr::from(func::rank()).over(w.order_by(bx(e))),
                }
            }
        }
    }
}

impl S {
    fn select(&self) -> Select {
        let mut q = Select::new();
        for (e, alias) in &self.items {
            q = match alias {
                Some(a) => q.column(e.build().label(a.get())),
                None => q.column(e.build()),
            };
        }
        if let Some((t, alias)) = &self.from {
            let mut t = TableRef::new(t.get());
            if let Some(a) = alias {
                t = t.alias(a.get());
            }
            q = q.from(t);
        }
        for (kind, t, on) in &self.joins {
            let kind = [
                JoinKind::Inner,
                JoinKind::Left,
                JoinKind::Right,
                JoinKind::Full,
            ][*kind as usize % 4];
            q = q.join_kind(kind, TableRef::new(t.get()), Some(on.build()));
        }
        if let Some(f) = &self.filter {
            q = q.filter(f.build());
        }
        if !self.group.is_empty() {
            q = q.group_by(self.group.iter().map(E::build).collect::<Vec<_>>());
        }
        if let Some(h) = &self.having {
            q = q.having(h.build());
        }
        for (e, desc) in &self.order {
            q = q.order_by(if *desc {
                e.build().desc()
            } else {
                e.build().asc()
            });
        }
        if let Some(n) = self.limit {
            q = q.limit(n);
        }
        if let Some(n) = self.offset {
            q = q.offset(n);
        }
        if self.distinct {
            q = q.distinct();
        }
        if let Some((name, body)) = &self.cte {
            q = q.with(Cte::new(name.get(), body.build()));
        }
        q
    }

    fn build(&self) -> Query {
        let q = self.select();
        match &self.compound {
            Some((op, right)) => {
                let right = right.build();
                match op % 4 {
                    0 => q.union(right).into(),
                    1 => q.union_all(right).into(),
                    2 => q.intersect(right).into(),
                    _ => q.except(right).into(),
                }
            }
            None => q.into(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Stmt {
    Select(S),
    Insert(Name, Vec<Name>, Vec<Vec<E>>, bool),
    InsertSelect(Name, S),
    Update(Name, Vec<(Name, E)>, Option<E>),
    Delete(Name, Option<E>),
}

impl Stmt {
    fn build(&self) -> Box<dyn Statement> {
        match self {
            Stmt::Select(s) => Box::new(s.build()),
            Stmt::Insert(t, cols, rows, upsert) => {
                let mut ins = Insert::into(TableRef::new(t.get()));
                ins.columns = cols.iter().map(|c| c.get().into()).collect();
                ins.source = sqlweave::dml::InsertSource::Values(
                    rows.iter()
                        .map(|r| r.iter().map(|e| e.build().into()).collect())
                        .collect(),
                );
                if *upsert {
                    ins = ins
                        .on_conflict_do_nothing(cols.iter().map(|c| c.get()).collect::<Vec<_>>());
                }
                Box::new(ins)
            }
            Stmt::InsertSelect(t, s) => {
                Box::new(Insert::into(TableRef::new(t.get())).select(s.build()))
            }
            Stmt::Update(t, set, f) => {
                let mut u = Update::table(TableRef::new(t.get()));
                for (c, e) in set {
                    u = u.set_expr(c.get(), e.build());
                }
                if let Some(f) = f {
                    u = u.filter(f.build());
                }
                Box::new(u)
            }
            Stmt::Delete(t, f) => {
                let mut d = Delete::from(TableRef::new(t.get()));
                if let Some(f) = f {
                    d = d.filter(f.build());
                }
                Box::new(d)
            }
        }
    }
}

/// Placeholders outside quoted strings and identifiers (`?`, or the highest `$n`).
pub fn placeholder_count(sql: &str, d: &dyn Dialect) -> usize {
    let q = d.quote_char();
    let (mut in_str, mut in_ident) = (false, false);
    let (mut count, mut max_n) = (0, 0usize);
    let b: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_str {
            in_str = c != '\'';
        } else if in_ident {
            in_ident = c != q;
        } else if c == '\'' {
            in_str = true;
        } else if c == q {
            in_ident = true;
        } else if c == '?' {
            count += 1;
        } else if c == '$' {
            let mut j = i + 1;
            let mut n = 0usize;
            while j < b.len() && b[j].is_ascii_digit() {
                n = n
                    .saturating_mul(10)
                    .saturating_add(b[j] as usize - '0' as usize);
                j += 1;
            }
            max_n = max_n.max(n);
            i = j;
            continue;
        }
        i += 1;
    }
    if d.numbered_placeholders() {
        max_n
    } else {
        count
    }
}

/// Whether sqlparser can check `sql` in reasonable time. Its time grows faster than the
/// text: minutes for a megabyte of nested windows, and 20 s for 500 bytes of CASTs and
/// windows nested 26 deep (its parser backtracks at each level). Longer or deeper
/// statements, and syntax it lacks, are checked for their placeholders only.
fn parseable(sql: &str) -> bool {
    const MAX_LEN: usize = 64 * 1024;
    const MAX_NESTING: usize = 12;
    let (mut depth, mut max) = (0_usize, 0_usize);
    for b in sql.bytes() {
        match b {
            b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    sql.len() <= MAX_LEN && max <= MAX_NESTING && !sqlparser_gap(sql)
}

/// Syntax sqlweave writes that sqlparser does not parse (its gaps, not ours).
fn sqlparser_gap(sql: &str) -> bool {
    const GAPS: &[&str] = &[
        " FILTER (WHERE ",
        "GROUP_CONCAT(",
        "STRING_AGG(",
        " IN (VALUES ",
        "json_each(",
        " WITH ROLLUP",
        "LIMIT 18446744073709551615",
        " ESCAPE '",
        " <> ALL(",
        " = ANY(",
        "NOT (",
        "LAG(",
        " SEPARATOR ",
        "_utf8mb4 X'",
    ];
    GAPS.iter().any(|g| sql.contains(g))
}

fn dialects() -> [(&'static dyn Dialect, &'static dyn ParseDialect); 4] {
    const MY: MySql = MySql::mysql8();
    const MARIA: MySql = MySql::mariadb();
    [
        (&Sqlite, &SQLiteDialect {}),
        (&Postgres, &PostgreSqlDialect {}),
        (&MY, &MySqlDialect {}),
        (&MARIA, &MySqlDialect {}),
    ]
}

/// Checks one statement on every dialect; panics on a broken invariant.
pub fn check(stmt: &dyn Statement, debug: Option<&dyn DebugLiterals>) {
    for (d, pd) in dialects() {
        let Ok(r) = stmt.render_for(d) else { continue };
        assert_eq!(
            placeholder_count(&r.sql, d),
            r.params.len(),
            "{}: placeholders vs parameters: {}",
            d.name(),
            r.sql
        );
        if parseable(&r.sql) {
            match Parser::parse_sql(pd, &r.sql) {
                Ok(stmts) => assert_eq!(stmts.len(), 1, "{}: {}", d.name(), r.sql),
                // sqlparser does not know every construct of every database; a parse
                // error is reported in `PARSE_REPORT` runs rather than failing the target.
                Err(e) => {
                    if std::env::var_os("SQLWEAVE_FUZZ_STRICT_PARSE").is_some() {
                        panic!("{}: sqlparser: {e}: {}", d.name(), r.sql);
                    }
                }
            }
        }
        if let Some(dbg) = debug
            && let Ok(text) = dbg.render_debug_literals(d)
            && parseable(&text)
            && let Ok(stmts) = Parser::parse_sql(pd, &text)
        {
            assert_eq!(stmts.len(), 1, "{} debug: {}", d.name(), text);
        }
    }
}

/// Target `render_expr`: one arbitrary expression in a SELECT.
pub fn check_expr(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(e) = E::arbitrary(&mut u) else { return };
    let q = Select::new().column(e.build()).from(TableRef::new("t"));
    check(&q, Some(&q));
}

/// Target `render_statement`: one arbitrary statement.
pub fn check_statement(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(s) = Stmt::arbitrary(&mut u) else {
        return;
    };
    let stmt = s.build();
    match &s {
        Stmt::Select(sel) => {
            let q = sel.build();
            check(&q, Some(&q));
        }
        _ => check(stmt.as_ref(), None),
    }
}
