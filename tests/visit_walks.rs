//! The visitor and transformer (`sqlweave::visit`): every node of every statement is
//! reached, the read-only and the rewriting walks reach the same nodes in the same order,
//! an identity rewrite changes nothing, deep trees are refused (never a stack overflow),
//! and the common walks answer what they say.

use std::collections::BTreeMap;

use sqlweave::ddl::{
    AlterOp, AlterTable, ColumnDef, ColumnType, CommentOn, Constraint, ConstraintType, CreateIndex,
    CreateSequence, CreateTable, CreateType, CreateView, DdlStatement, DropIndex, DropSequence,
    DropTable, DropType, DropView, EnumType, ForeignKey, IndexDef, SchemaRegistry, TableDef,
};
use sqlweave::dml::{
    Assignment, ConflictAction, ConflictTarget, Delete, Insert, InsertSource, InsertValue, Merge,
    MergeAction, MergeWhen, OnConflict, Update, excluded,
};
use sqlweave::expr::{ColumnRef, FuncCall, NamedParam, RawSql};
use sqlweave::query::{Join, With};
use sqlweave::visit::{
    Visit, VisitMut, Visitable, column_refs, contains_aggregate, contains_aggregate_anywhere,
    contains_raw_sql, for_each_expr, is_aggregate_query, named_params, resolve_cte_refs,
    rewrite_exprs, table_usage, walk, walk_mut,
};
use sqlweave::{
    Case, Compound, Cte, CteRef, Dialect, Error, Expr, FrameBound, FromItem, GroupItem, JoinKind,
    OrderBy, Query, Result, Select, SelectItem, SqlType, Statement, TableRef, Value, Values,
    Window, func,
};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

// ---------------------------------------------------------------- a tree of every kind

fn sub() -> Select {
    let u = TableRef::with_schema("s", "u");
    Select::new().column(u.col("x")).from(u.clone())
}

/// One expression of every kind.
fn every_expr() -> Vec<Expr> {
    let t = TableRef::new("t").alias("a");
    vec![
        Expr::True,
        Expr::False,
        Expr::value(1_i64),
        Expr::param_typed("p", SqlType::BigInt, false),
        Expr::raw("? + 1", [2_i64]),
        t.col("a").neg(),
        t.col("b").not(),
        t.col("a").add(1_i64),
        t.col("a").eq(1_i64).and(t.col("b")).or(t.col("c")),
        t.col("a").is_null(),
        t.col("a").is_distinct_from(2_i64),
        t.col("s").like("x%").escape('!'),
        t.col("a").in_list([1_i64, 2]),
        t.col("a").in_query(sub()),
        t.col("a").between(1_i64, 3_i64),
        Case::on(t.col("a"))
            .when(1_i64, "one")
            .otherwise("other")
            .into(),
        Case::new().when(t.col("a").gt(1_i64), "big").into(),
        t.col("a").cast(SqlType::Text),
        Expr::tuple([t.col("a"), t.col("b")]),
        Expr::subquery(sub()),
        Expr::exists(sub()),
        Expr::not_exists(sub()),
        excluded("k"),
        func::sum(t.col("a")).filter(t.col("b").gt(0_i64)),
        Expr::from(func::string_agg(t.col("s"), ",")).agg_order_by(t.col("s").desc()),
        Expr::from(func::row_number()).over(
            Window::new()
                .partition_by([t.col("a")])
                .order_by(t.col("b"))
                .rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
        ),
    ]
}

fn every_select() -> Select {
    let t = TableRef::new("t").alias("a");
    let c = CteRef::new("c");
    let mut s = Select::new()
        .with_recursive(Cte::new("c", Values::new([[1_i64]])).columns(["x"]))
        .with(Cte::new(
            "d",
            Delete::from(TableRef::new("gone")).returning([Expr::column("id")]),
        ))
        .distinct_on([t.col("a")])
        .star()
        .table_star("a");
    for e in every_expr() {
        s = s.column(e);
    }
    s.from(t.clone())
        .join(c.clone(), c.col("x").eq(t.col("a")))
        .join_lateral(JoinKind::Left, sub(), "l", Some(Expr::True))
        .from_values(Values::new([[1_i64, 2]]), "v", ["x", "y"])
        .filter(t.col("a").gt(0_i64))
        .group_by([t.col("a")])
        .group_by_item(GroupItem::Rollup(vec![t.col("b")]))
        .group_by_item(GroupItem::Cube(vec![t.col("c")]))
        .group_by_item(GroupItem::GroupingSets(vec![vec![t.col("a")], vec![]]))
        .having(Expr::from(func::count_star()).gt(1_i64))
        .order_by(t.col("a").desc())
        .limit(5)
}

fn every_insert() -> Insert {
    Insert {
        with: Some(With {
            recursive: false,
            ctes: vec![Cte::new("c", sub())],
        }),
        table: TableRef::new("ins"),
        columns: vec!["k".into(), "v".into()],
        source: InsertSource::Values(vec![vec![
            InsertValue::Expr(Expr::value(1_i64)),
            InsertValue::Default,
        ]]),
        on_conflict: Some(OnConflict {
            target: ConflictTarget::Columns {
                columns: vec!["k".into()],
                where_: Some(Expr::column("k").gt(0_i64)),
            },
            action: ConflictAction::DoUpdate {
                set: vec![("v".into(), excluded("v"))],
                where_: Some(Expr::column("v").lt(10_i64)),
            },
        }),
        returning: vec![SelectItem::Star, Expr::column("k").into()],
    }
}

fn every_query() -> Vec<Query> {
    let compound: Compound = sub()
        .union(sub())
        .order_by(OrderBy::desc(Expr::column("x")))
        .with(Cte::new("cc", sub()));
    let upd = Update::table(TableRef::new("up").alias("p"))
        .with(Cte::new("c", sub()))
        .set_expr("a", Expr::column("b").add(1_i64))
        .from(sub().alias("f"))
        .filter(Expr::column("a").in_query(sub()))
        .order_by(Expr::column("a"))
        .returning([Expr::column("a")]);
    let del = Delete::from(TableRef::new("del"))
        .with(Cte::new("c", sub()))
        .using(TableRef::new("other"))
        .filter(Expr::exists(sub()))
        .order_by(Expr::column("a"))
        .returning([SelectItem::Star]);
    vec![
        every_select().into(),
        compound.into(),
        Values::new([[1_i64, 2], [3, 4]]).into(),
        every_insert().into(),
        Insert::into(TableRef::new("ins")).select(sub()).into(),
        Insert::into(TableRef::new("ins")).default_values().into(),
        upd.into(),
        del.into(),
    ]
}

fn every_merge() -> Merge {
    let t = TableRef::new("stock");
    let s = TableRef::new("delivery");
    Merge::into(t.clone())
        .using(s.clone(), t.col("item").eq(s.col("item")))
        .when_matched(
            Some(s.col("qty").gt(0_i64)),
            MergeAction::Update(vec![("qty".into(), t.col("qty").add(s.col("qty")))]),
        )
        .when_matched(None, MergeAction::Delete)
        .when_not_matched(
            Some(s.col("qty").gt(0_i64)),
            MergeAction::Insert {
                columns: vec!["item".into()],
                values: vec![s.col("item")],
            },
        )
        .when_not_matched(None, MergeAction::DoNothing)
}

fn every_table_def() -> TableDef {
    TableDef::new("things")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(
            ColumnDef::new("n", ColumnType::Integer).default_expr(Expr::value(1_i64).add(1_i64)),
        )
        .column(
            ColumnDef::new("m", ColumnType::Integer).generated_stored(Expr::column("n").mul(2_i64)),
        )
        .check(Expr::column("n").gt(0_i64))
        .foreign_key(ForeignKey::new("m", "other", "id"))
        .index(
            IndexDef::new("things_ix")
                .column("id")
                .expr(func::lower(Expr::column("name")))
                .filter(Expr::column("n").is_not_null()),
        )
}

fn every_ddl() -> Vec<DdlStatement> {
    let def = every_table_def();
    vec![
        def.create().into(),
        CreateIndex::new(
            "things",
            IndexDef::new("ix")
                .expr(Expr::column("n").add(1_i64))
                .filter(Expr::column("n").gt(1_i64)),
        )
        .into(),
        CreateView::new("v", sub()).into(),
        AlterTable {
            table: "things".into(),
            ops: vec![
                AlterOp::AddColumn(ColumnDef::new("z", ColumnType::Text).default("x")),
                AlterOp::DropColumn("z".into()),
                AlterOp::RenameColumn {
                    from: "a".into(),
                    to: "b".into(),
                },
                AlterOp::RenameTable("things2".into()),
                AlterOp::AddConstraint(Constraint::check(Expr::column("n").lt(100_i64))),
                AlterOp::DropConstraint {
                    name: "ck".into(),
                    kind: ConstraintType::Check,
                },
                AlterOp::SetType {
                    column: "n".into(),
                    ty: ColumnType::BigInt,
                    using: Some(Expr::column("n").cast(SqlType::BigInt)),
                },
                AlterOp::SetNotNull("n".into()),
                AlterOp::DropNotNull("n".into()),
                AlterOp::SetDefault {
                    column: "n".into(),
                    default: Expr::value(3_i64),
                },
                AlterOp::DropDefault("n".into()),
                AlterOp::ModifyColumn(ColumnDef::new("n", ColumnType::BigInt).default(4_i64)),
            ],
        }
        .into(),
        DropTable::new("things").into(),
        DropIndex::new("things", "ix").into(),
        DropView::new("v").into(),
        CreateSequence::new("seq").into(),
        DropSequence::new("seq").into(),
        CreateType::new(EnumType::new("mood", ["ok"])).into(),
        DropType::new("mood").into(),
        CommentOn::table("things", "a comment").into(),
    ]
}

fn every_registry() -> SchemaRegistry {
    SchemaRegistry::new()
        .table(every_table_def())
        .view(CreateView::new("v", sub()))
        .sequence(CreateSequence::new("seq"))
}

/// Every statement of the kitchen sink.
enum Stmt {
    Query(Query),
    Merge(Merge),
    Ddl(DdlStatement),
    Registry(SchemaRegistry),
}

fn every_statement() -> Vec<Stmt> {
    let mut v: Vec<Stmt> = every_query().into_iter().map(Stmt::Query).collect();
    v.push(Stmt::Merge(every_merge()));
    v.extend(every_ddl().into_iter().map(Stmt::Ddl));
    v.push(Stmt::Registry(every_registry()));
    v
}

impl Stmt {
    fn accept<V: Visit>(&self, v: &mut V) -> Result<()> {
        match self {
            Stmt::Query(q) => q.accept(v),
            Stmt::Merge(m) => m.accept(v),
            Stmt::Ddl(d) => d.accept(v),
            Stmt::Registry(r) => r.accept(v),
        }
    }
    fn accept_mut<V: VisitMut>(&mut self, v: &mut V) -> Result<()> {
        match self {
            Stmt::Query(q) => q.accept_mut(v),
            Stmt::Merge(m) => m.accept_mut(v),
            Stmt::Ddl(d) => d.accept_mut(v),
            Stmt::Registry(r) => r.accept_mut(v),
        }
    }
    fn same(&self, other: &Stmt) -> bool {
        match (self, other) {
            (Stmt::Query(a), Stmt::Query(b)) => a == b,
            (Stmt::Merge(a), Stmt::Merge(b)) => a == b,
            (Stmt::Ddl(a), Stmt::Ddl(b)) => a == b,
            (Stmt::Registry(a), Stmt::Registry(b)) => a == b,
            _ => false,
        }
    }
}

// ---------------------------------------------------------------- recording visitors

/// Records, in order, the name of every `visit_*` method called, and walks on.
#[derive(Default)]
struct Recorder(Vec<&'static str>);

/// Every `visit_*` method, its walk function and its node type.
macro_rules! node_list {
    ($mac:ident!($($args:tt)*)) => {
        $mac! { $($args)*;
            visit_expr walk_expr: Expr,
            visit_column_ref walk_column_ref: ColumnRef,
            visit_value walk_value: Value,
            visit_named_param walk_named_param: NamedParam,
            visit_raw_sql walk_raw_sql: RawSql,
            visit_func_call walk_func_call: FuncCall,
            visit_window walk_window: Window,
            visit_order_by walk_order_by: OrderBy,
            visit_query walk_query: Query,
            visit_select walk_select: Select,
            visit_compound walk_compound: Compound,
            visit_values walk_values: Values,
            visit_with walk_with: With,
            visit_cte walk_cte: Cte,
            visit_select_item walk_select_item: SelectItem,
            visit_from_item walk_from_item: FromItem,
            visit_table_ref walk_table_ref: TableRef,
            visit_cte_ref walk_cte_ref: CteRef,
            visit_join walk_join: Join,
            visit_group_item walk_group_item: GroupItem,
            visit_insert walk_insert: Insert,
            visit_on_conflict walk_on_conflict: OnConflict,
            visit_update walk_update: Update,
            visit_assignment walk_assignment: Assignment,
            visit_delete walk_delete: Delete,
            visit_merge walk_merge: Merge,
            visit_merge_when walk_merge_when: MergeWhen,
            visit_target_table walk_target_table: TableRef,
            visit_ddl_statement walk_ddl_statement: DdlStatement,
            visit_create_table walk_create_table: CreateTable,
            visit_table_def walk_table_def: TableDef,
            visit_column_def walk_column_def: ColumnDef,
            visit_constraint walk_constraint: Constraint,
            visit_index_def walk_index_def: IndexDef,
            visit_create_index walk_create_index: CreateIndex,
            visit_create_view walk_create_view: CreateView,
            visit_alter_table walk_alter_table: AlterTable,
            visit_alter_op walk_alter_op: AlterOp,
        }
    };
}

macro_rules! shared {
    ($t:ty) => {
        &$t
    };
}
macro_rules! exclusive {
    ($t:ty) => {
        &mut $t
    };
}

macro_rules! recording {
    ($trait:ident, $walk:ident, $r:ident; $($method:ident $walkfn:ident : $t:ty),* $(,)?) => {
        impl $trait for Recorder {
            $(
                fn $method(&mut self, n: $r!($t)) -> Result<()> {
                    self.0.push(stringify!($method));
                    $walk::$walkfn(self, n)
                }
            )*
        }
    };
}

macro_rules! method_names {
    (; $($method:ident $walkfn:ident : $t:ty),* $(,)?) => {
        [$(stringify!($method)),*]
    };
}

node_list!(recording!(Visit, walk, shared));
node_list!(recording!(VisitMut, walk_mut, exclusive));

fn all_methods() -> Vec<&'static str> {
    node_list!(method_names!()).to_vec()
}

// ---------------------------------------------------------------- completeness

#[test]
fn every_kind_of_node_is_reached() {
    let mut seen = BTreeMap::new();
    for stmt in every_statement() {
        let mut r = Recorder::default();
        stmt.accept(&mut r).unwrap();
        for name in r.0 {
            *seen.entry(name).or_insert(0_usize) += 1;
        }
    }
    let missing: Vec<_> = all_methods()
        .into_iter()
        .filter(|m| !seen.contains_key(m))
        .collect();
    assert!(missing.is_empty(), "never called: {missing:?}");
}

#[test]
fn every_kind_of_expression_is_reached_inside_the_select() {
    use std::mem::discriminant;
    let kinds: Vec<_> = every_expr().iter().map(discriminant).collect();
    let mut found = Vec::new();
    for_each_expr(&every_select(), |e| {
        found.push(discriminant(e));
        Ok(())
    })
    .unwrap();
    for k in kinds {
        assert!(found.contains(&k), "{k:?} not reached");
    }
}

#[test]
fn read_only_and_rewriting_walks_reach_the_same_nodes_in_the_same_order() {
    for stmt in every_statement() {
        let mut shared = Recorder::default();
        stmt.accept(&mut shared).unwrap();
        let mut copy = every_statement_like(&stmt);
        let mut exclusive = Recorder::default();
        copy.accept_mut(&mut exclusive).unwrap();
        assert_eq!(shared.0, exclusive.0);
        assert!(
            copy.same(&stmt),
            "a walk that changes nothing changed the tree"
        );
    }
}

fn every_statement_like(s: &Stmt) -> Stmt {
    match s {
        Stmt::Query(q) => Stmt::Query(q.clone()),
        Stmt::Merge(m) => Stmt::Merge(m.clone()),
        Stmt::Ddl(d) => Stmt::Ddl(d.clone()),
        Stmt::Registry(r) => Stmt::Registry(r.clone()),
    }
}

#[test]
fn an_identity_rewrite_changes_nothing() {
    struct Identity;
    impl VisitMut for Identity {}
    for stmt in every_statement() {
        let mut copy = every_statement_like(&stmt);
        copy.accept_mut(&mut Identity).unwrap();
        assert!(copy.same(&stmt));
    }
}

/// Rewrites reach the tree itself, not copies: every column renamed and every integer
/// value moved, everywhere (subqueries, CTE bodies, DML, DDL expressions).
#[test]
fn rewrites_change_every_node_in_place() {
    struct Shout;
    impl VisitMut for Shout {
        fn visit_column_ref(&mut self, c: &mut ColumnRef) -> Result<()> {
            c.name = c.name.as_str().to_uppercase().into();
            Ok(())
        }
        fn visit_value(&mut self, v: &mut Value) -> Result<()> {
            if let Value::I64(n) = v {
                *n += 1000;
            }
            Ok(())
        }
    }
    struct Check {
        columns: usize,
        values: usize,
    }
    impl Visit for Check {
        fn visit_column_ref(&mut self, c: &ColumnRef) -> Result<()> {
            assert_eq!(c.name.as_str(), c.name.as_str().to_uppercase());
            self.columns += 1;
            Ok(())
        }
        fn visit_value(&mut self, v: &Value) -> Result<()> {
            if let Value::I64(n) = v {
                assert!(*n >= 1000, "{n} not rewritten");
                self.values += 1;
            }
            Ok(())
        }
    }
    let (mut columns, mut values) = (0, 0);
    for mut stmt in every_statement() {
        stmt.accept_mut(&mut Shout).unwrap();
        let mut check = Check {
            columns: 0,
            values: 0,
        };
        stmt.accept(&mut check).unwrap();
        columns += check.columns;
        values += check.values;
    }
    assert!(
        columns > 50 && values > 20,
        "{columns} columns, {values} values"
    );
}

/// A node replaced by a node of another kind, and nodes removed through their parent.
#[test]
fn rewrites_replace_nodes_by_other_kinds_and_remove_them() {
    struct Rewrite;
    impl VisitMut for Rewrite {
        fn visit_query(&mut self, q: &mut Query) -> Result<()> {
            walk_mut::walk_query(self, q)?;
            // A plain VALUES query becomes a compound of two SELECTs.
            if let Query::Values(_) = q {
                *q = Select::new()
                    .column(Expr::value(1_i64))
                    .union_all(Select::new().column(Expr::value(2_i64)))
                    .into();
            }
            Ok(())
        }
        fn visit_select(&mut self, s: &mut Select) -> Result<()> {
            walk_mut::walk_select(self, s)?;
            // Joins to `audit` are removed; a table becomes a filtered derived table.
            s.joins
                .retain(|j| !matches!(&j.item, FromItem::Table(t) if t.name.as_str() == "audit"));
            if let Some(FromItem::Table(t)) = &s.from
                && t.name.as_str() == "events"
            {
                let t = t.clone();
                let inner = Select::new()
                    .star()
                    .from(t.clone())
                    .filter(t.col("kind").eq("visible"));
                s.from = Some(inner.alias("events"));
            }
            Ok(())
        }
        fn visit_expr(&mut self, e: &mut Expr) -> Result<()> {
            // `NOT NOT x` is `x`: take the node out, put its grandchild in its place.
            if let Expr::Not(inner) = e
                && let Expr::Not(_) = &**inner
            {
                let Expr::Not(inner) = std::mem::replace(e, Expr::True) else {
                    unreachable!()
                };
                let Expr::Not(x) = inner.into_inner() else {
                    unreachable!()
                };
                *e = x.into_inner();
                return self.visit_expr(e);
            }
            walk_mut::walk_expr(self, e)
        }
    }
    let ev = TableRef::new("events");
    let audit = TableRef::new("audit");
    let mut q: Query = Select::new()
        .column(ev.col("id"))
        .from(ev.clone())
        .join(audit.clone(), audit.col("event_id").eq(ev.col("id")))
        .filter(ev.col("id").in_query(Values::new([[1_i64]])).not().not())
        .into();
    q.accept_mut(&mut Rewrite).unwrap();
    assert_eq!(
        q.render(&Postgres).unwrap().sql,
        r#"SELECT "events"."id" FROM (SELECT * FROM "events" WHERE "events"."kind" = $1) AS "events" WHERE "events"."id" IN (SELECT $2::int8 UNION ALL SELECT $3::int8)"#
    );
}

// ---------------------------------------------------------------- deep trees

const DEEP: usize = 100_000;
const MAX: usize = sqlweave::MAX_DEPTH;

/// Runs `f` on a thread with a small stack: nothing may recurse once per level of a
/// 100,000-deep tree.
fn on_small_stack(name: &str, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .name(name.into())
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| panic!("{name} panicked"));
}

fn neg_chain(depth: usize) -> Expr {
    let mut e = Expr::column("x");
    for _ in 0..depth {
        e = e.neg();
    }
    e
}

fn subquery_chain(depth: usize) -> Select {
    let mut q = Select::new().column(Expr::column("x"));
    for _ in 0..depth {
        q = Select::new().column(q.as_expr());
    }
    q
}

fn derived_chain(depth: usize) -> Select {
    let mut q = Select::new().column(Expr::True).from(TableRef::new("t"));
    for _ in 0..depth {
        q = Select::new().column(Expr::True).from_subquery(q, "d");
    }
    q
}

#[track_caller]
fn assert_too_deep<T: std::fmt::Debug>(r: Result<T>) {
    match r {
        Err(Error::TooDeep { limit }) => assert_eq!(limit, MAX),
        other => panic!("expected TooDeep, got {other:?}"),
    }
}

#[test]
fn a_shallow_tree_is_walked_whole() {
    let e = neg_chain(50);
    let mut r = Recorder::default();
    e.accept(&mut r).unwrap();
    assert_eq!(r.0.len(), 51 + 1); // 51 expressions and the column reference
    let q = subquery_chain(20);
    assert_eq!(column_refs(&q).unwrap().len(), 1);
}

#[test]
fn a_100000_deep_tree_is_refused_on_a_small_stack_not_overflowed() {
    on_small_stack("deep walks", || {
        let e = neg_chain(DEEP);
        assert_too_deep(e.accept(&mut Recorder::default()));
        let mut e = e;
        assert_too_deep(e.accept_mut(&mut Recorder::default()));
        assert_too_deep(column_refs(&e));
        assert_too_deep(named_params(&e));
        assert_too_deep(contains_aggregate(&e));
        assert_too_deep(rewrite_exprs(&mut e, |_| Ok(())));
        let mut q = Select::new().column(Expr::True).filter(e);
        assert_too_deep(table_usage(&q));
        assert_too_deep(sqlweave::visit::filter_tables(&mut q, |t| {
            Ok(Some(t.col("tenant").eq(1_i64)))
        }));
        drop(q);

        let mut q = subquery_chain(DEEP);
        assert_too_deep(table_usage(&q));
        assert_too_deep(q.accept_mut(&mut Recorder::default()));
        assert_too_deep(resolve_cte_refs(&mut q));
        drop(q);
        let q = derived_chain(DEEP);
        assert_too_deep(table_usage(&q));
        drop(q);
        // The walk's count went back to zero: a tree just under the limit is walked.
        neg_chain(MAX - 1).accept(&mut Recorder::default()).unwrap();
    });
}

/// The walks count as the renderer does: whatever renders can be walked.
#[test]
fn every_tree_that_renders_can_be_walked() {
    type Shape = (&'static str, fn(usize) -> Query);
    let shapes: [Shape; 4] = [
        ("negations", |d| Select::new().column(neg_chain(d)).into()),
        ("scalar subqueries", |d| subquery_chain(d).into()),
        ("derived tables", |d| derived_chain(d).into()),
        ("and / or", |d| {
            let mut e = Expr::column("x").eq(1_i64);
            for i in 0..d {
                e = if i % 2 == 0 {
                    e.and(Expr::column("y"))
                } else {
                    e.or(Expr::column("z"))
                };
            }
            Select::new().column(Expr::True).filter(e).into()
        }),
    ];
    let dialects: [&dyn Dialect; 3] = [&Sqlite, &Postgres, &MySql::mariadb()];
    for (name, build) in shapes {
        let mut rendered = 0;
        for depth in 0..MAX + 8 {
            let q = build(depth);
            let walked = table_usage(&q).is_ok();
            for d in dialects {
                if q.render_for(d).is_ok() {
                    rendered += 1;
                    assert!(
                        walked,
                        "{name} at depth {depth} renders on {} but is not walked",
                        d.name()
                    );
                }
            }
        }
        assert!(
            rendered > 3 * 30,
            "{name}: renders up to some depth near the limit"
        );
        assert_too_deep(table_usage(&build(MAX + 8)));
    }
}

#[test]
fn the_depth_count_recovers_after_errors_and_panics() {
    struct Boom;
    impl Visit for Boom {
        fn visit_column_ref(&mut self, _: &ColumnRef) -> Result<()> {
            panic!("boom");
        }
    }
    let just_fits = neg_chain(MAX - 1);
    just_fits.accept(&mut Recorder::default()).unwrap();
    assert_too_deep(neg_chain(MAX).accept(&mut Recorder::default()));
    just_fits.accept(&mut Recorder::default()).unwrap();
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = just_fits.accept(&mut Boom);
    }));
    assert!(panicked.is_err());
    just_fits.accept(&mut Recorder::default()).unwrap();
}

// ---------------------------------------------------------------- common walks

fn names(v: &[sqlweave::ddl::ObjectName]) -> Vec<String> {
    v.iter()
        .map(|o| match &o.schema {
            Some(s) => format!("{s}.{}", o.name),
            None => o.name.to_string(),
        })
        .collect()
}

fn idents(v: &[sqlweave::Ident]) -> Vec<&str> {
    v.iter().map(|i| i.as_str()).collect()
}

#[test]
fn table_usage_tells_tables_from_ctes_by_scope() {
    let one = || Select::new().column(Expr::value(1_i64));
    let from = |name: &'static str| Select::new().column(Expr::True).from(TableRef::new(name));
    // A later CTE sees an earlier one; an earlier one does not see a later one.
    let q = Select::new()
        .with(Cte::new("a", from("b")))
        .with(Cte::new("b", from("a")))
        .column(Expr::True)
        .from(TableRef::new("a"))
        .cross_join(TableRef::new("b"))
        .cross_join(TableRef::with_schema("s", "a")); // qualified: a table
    let u = table_usage(&q).unwrap();
    assert_eq!(names(&u.read), ["b", "s.a"]);
    assert_eq!(idents(&u.ctes), ["a", "b"]);
    assert!(u.written.is_empty());

    // WITH RECURSIVE: the body sees its own name.
    let seq = Select::new()
        .with_recursive(Cte::new("seq", one().union_all(from("seq"))))
        .column(Expr::True)
        .from(TableRef::new("seq"));
    let u = table_usage(&seq).unwrap();
    assert!(u.read.is_empty());
    assert_eq!(idents(&u.ctes), ["seq"]);

    // A CTE of a subquery is out of scope outside it.
    let q = Select::new()
        .column(Expr::subquery(from("x").with(Cte::new("x", one()))))
        .from(TableRef::new("x"));
    let u = table_usage(&q).unwrap();
    assert_eq!(names(&u.read), ["x"]);
    assert_eq!(idents(&u.ctes), ["x"]);

    // DML: targets are written; their sources and CTEs read.
    let upd = Update::table(TableRef::new("t"))
        .with(Cte::new("c", from("src")))
        .set_expr("a", 1_i64)
        .from(TableRef::new("c"))
        .filter(Expr::exists(from("audit")));
    let u = table_usage(&upd).unwrap();
    assert_eq!(names(&u.read), ["src", "audit"]);
    assert_eq!(names(&u.written), ["t"]);
    assert_eq!(idents(&u.ctes), ["c"]);
    let del = Delete::from(TableRef::new("t").alias("x")).using(TableRef::new("t"));
    let u = table_usage(&del).unwrap();
    assert_eq!(names(&u.read), ["t"]);
    assert_eq!(names(&u.written), ["t"]);
    let u = table_usage(&every_merge()).unwrap();
    assert_eq!(
        (names(&u.read), names(&u.written)),
        (vec!["delivery".to_string()], vec!["stock".to_string()])
    );
    // DDL: a view's query is read.
    let u = table_usage(&DdlStatement::from(CreateView::new("v", from("base")))).unwrap();
    assert_eq!(names(&u.read), ["base"]);
}

#[test]
fn resolved_cte_references_render_the_same_sql() {
    let from = |name: &'static str| {
        Select::new()
            .column(Expr::value(1_i64))
            .from(TableRef::new(name))
    };
    let q: Query = Select::new()
        .with(Cte::new("c", from("t")))
        .column(Expr::value(1_i64))
        .from(TableRef::new("c").alias("x"))
        .into();
    let mut resolved = q.clone();
    resolve_cte_refs(&mut resolved).unwrap();
    let Query::Select(s) = &resolved else {
        unreachable!()
    };
    assert_eq!(s.from, Some(FromItem::Cte(CteRef::new("c").alias("x"))));
    let dialects: [&dyn Dialect; 4] = [&Sqlite, &Postgres, &MySql::mysql8(), &MySql::mariadb()];
    for d in dialects {
        assert_eq!(
            q.render_for(d).unwrap(),
            resolved.render_for(d).unwrap(),
            "{}",
            d.name()
        );
    }
}

#[test]
fn named_params_merge_declarations_and_refuse_conflicts() {
    let q = Select::new()
        .column(Expr::param("a"))
        .filter(Expr::column("x").eq(Expr::param_typed("a", SqlType::Integer, true)))
        .filter(Expr::column("y").eq(Expr::param_typed("a", SqlType::Integer, false)))
        .filter(Expr::exists(Select::new().column(Expr::param("b"))));
    let p = named_params(&q).unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].ty, p[0].nullable), (Some(SqlType::Integer), false));
    assert_eq!(p[1].name.as_str(), "b");
    let bad = q.filter(Expr::column("z").eq(Expr::param_typed("a", SqlType::Text, true)));
    let e = named_params(&bad).unwrap_err();
    assert!(matches!(e, Error::Bind(_)), "{e}");
    // The renderer agrees.
    assert!(matches!(bad.render(&Postgres), Err(Error::Bind(_))));
}

#[test]
fn aggregates_outside_subqueries_and_anywhere() {
    let t = TableRef::new("t");
    let having_only = Select::new()
        .column(Expr::value(1_i64))
        .from(t.clone())
        .having(Expr::True);
    assert!(is_aggregate_query(&having_only).unwrap());
    let ordered = Select::new()
        .column(Expr::value(1_i64))
        .from(t.clone())
        .order_by(func::max(t.col("a")));
    assert!(is_aggregate_query(&ordered).unwrap());
    let windowed = Select::new()
        .column(func::sum(t.col("a")).over(Window::new()))
        .from(t.clone());
    assert!(!is_aggregate_query(&windowed).unwrap());
    let inner = Select::new()
        .column(Expr::subquery(
            Select::new()
                .column(func::count(t.col("a")))
                .from(t.clone()),
        ))
        .from(t.clone());
    assert!(!is_aggregate_query(&inner).unwrap());
    assert!(contains_aggregate_anywhere(&inner).unwrap());
    assert!(!contains_aggregate_anywhere(&windowed).unwrap());
    assert!(contains_raw_sql(&every_select()).unwrap());
    assert!(!contains_raw_sql(&inner).unwrap());
}
