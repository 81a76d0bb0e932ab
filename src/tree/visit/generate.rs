//! The visitor traits and their walk functions, written once for both kinds of walk.
//!
//! [`Visit`](super::Visit) (`&T`) and [`VisitMut`](super::VisitMut) (`&mut T`) have the
//! same methods and the same walks; only the kind of reference differs. Writing the walks
//! once (`define_visitor!`, expanded twice in `mod.rs`) means the read-only and the
//! rewriting walk cannot drift apart: a node one of them reaches, the other reaches too.
//!
//! Rules for the walks (enforced by the compiler, keep them):
//!
//! * every `match` on a node enum lists every variant — no `_ =>` arm (the enums are
//!   `#[non_exhaustive]` for users, not for this crate), so a new variant does not build
//!   until someone decides how to walk it;
//! * every struct is destructured field by field — no `..` — so a new field does not
//!   build either; fields without children are bound to `_`;
//! * children are visited in the order they appear in the SQL text;
//! * a walk never skips a child: it calls the child's `visit_*` method, which the user
//!   may override.

/// Runs the steps in order and returns the first error, or `Ok(())`:
/// `steps!(a(v), b(v), c(v))` is `a(v)?; b(v)?; c(v)` with one `Result` on the stack
/// instead of one per step — in unoptimised builds each `?` keeps a `Result` of its own
/// in the frame, and the walk functions that recurse once per level of a deep tree must
/// keep their frames small.
macro_rules! steps {
    (@chain $i:ident [$n:literal $($ns:literal)*] $first:expr $(, $rest:expr)*) => {
        if $i == $n { $first } else { steps!(@chain $i [$($ns)*] $($rest),*) }
    };
    (@chain $i:ident [$($ns:literal)*]) => {
        return Ok(())
    };
    ($($step:expr),+ $(,)?) => {{
        let mut i: u8 = 0;
        loop {
            let r: Result<()> = steps!(@chain i [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15] $($step),+);
            match r {
                Ok(()) => i += 1,
                Err(_) => return r,
            }
        }
    }};
}

macro_rules! define_visitor {
    (
        $(#[$trait_doc:meta])*
        trait $Trait:ident;
        $(#[$mod_doc:meta])*
        mod $walk:ident;
        mode $($m:tt)?
    ) => {
        $(#[$trait_doc])*
        pub trait $Trait {
            // ---- expressions ----

            /// An expression (every [`Expr`] passes here first, whatever its kind).
            fn visit_expr(&mut self, e: &$($m)? Expr) -> Result<()> {
                $walk::walk_expr(self, e)
            }
            /// A column reference (a leaf).
            fn visit_column_ref(&mut self, c: &$($m)? ColumnRef) -> Result<()> {
                $walk::walk_column_ref(self, c)
            }
            /// A value bound as a parameter: in [`Expr::Value`], and the values of a raw
            /// fragment (a leaf).
            fn visit_value(&mut self, v: &$($m)? Value) -> Result<()> {
                $walk::walk_value(self, v)
            }
            /// A named parameter (a leaf).
            fn visit_named_param(&mut self, p: &$($m)? NamedParam) -> Result<()> {
                $walk::walk_named_param(self, p)
            }
            /// A raw SQL fragment; the default visits its values.
            fn visit_raw_sql(&mut self, r: &$($m)? RawSql) -> Result<()> {
                $walk::walk_raw_sql(self, r)
            }
            /// A function call: arguments, `FILTER`, `ORDER BY` inside the call, `OVER`.
            fn visit_func_call(&mut self, f: &$($m)? FuncCall) -> Result<()> {
                $walk::walk_func_call(self, f)
            }
            /// A node of the user's own kind ([`crate::expr::Custom`]); the default visits
            /// its argument expressions.
            fn visit_custom(&mut self, c: &$($m)? CustomExpr) -> Result<()> {
                $walk::walk_custom(self, c)
            }
            /// An `OVER (…)` window: `PARTITION BY`, `ORDER BY`.
            fn visit_window(&mut self, w: &$($m)? Window) -> Result<()> {
                $walk::walk_window(self, w)
            }
            /// One ORDER BY item, wherever it stands (query, compound, aggregate, window,
            /// UPDATE, DELETE).
            fn visit_order_by(&mut self, o: &$($m)? OrderBy) -> Result<()> {
                $walk::walk_order_by(self, o)
            }

            // ---- queries ----

            /// Any query: a statement, a subquery (scalar, `IN`, `EXISTS`), a derived
            /// table, a CTE body, a side of a compound, a view's query, `INSERT … SELECT`.
            fn visit_query(&mut self, q: &$($m)? Query) -> Result<()> {
                $walk::walk_query(self, q)
            }
            /// A SELECT: WITH, `DISTINCT ON`, items, FROM, joins, WHERE, GROUP BY, HAVING,
            /// ORDER BY.
            fn visit_select(&mut self, s: &$($m)? Select) -> Result<()> {
                $walk::walk_select(self, s)
            }
            /// A compound query: WITH, both sides, ORDER BY.
            fn visit_compound(&mut self, c: &$($m)? Compound) -> Result<()> {
                $walk::walk_compound(self, c)
            }
            /// A VALUES list (a query, or a table in FROM).
            fn visit_values(&mut self, v: &$($m)? Values) -> Result<()> {
                $walk::walk_values(self, v)
            }
            /// A WITH clause: its CTEs, in order.
            fn visit_with(&mut self, w: &$($m)? With) -> Result<()> {
                $walk::walk_with(self, w)
            }
            /// One CTE: its body.
            fn visit_cte(&mut self, c: &$($m)? Cte) -> Result<()> {
                $walk::walk_cte(self, c)
            }
            /// One item of a select list or of RETURNING.
            fn visit_select_item(&mut self, i: &$($m)? SelectItem) -> Result<()> {
                $walk::walk_select_item(self, i)
            }
            /// Something read as a table: in FROM, a join, `UPDATE … FROM`,
            /// `DELETE … USING`, `MERGE … USING`.
            fn visit_from_item(&mut self, f: &$($m)? FromItem) -> Result<()> {
                $walk::walk_from_item(self, f)
            }
            /// A table (or view) read in FROM, a join, USING … (a leaf). The table an
            /// INSERT / UPDATE / DELETE / MERGE writes goes to
            #[doc = concat!("[`", stringify!($Trait), "::visit_target_table`] instead.")]
            fn visit_table_ref(&mut self, t: &$($m)? TableRef) -> Result<()> {
                $walk::walk_table_ref(self, t)
            }
            /// A reference to a CTE by name in FROM or a join (a leaf).
            fn visit_cte_ref(&mut self, c: &$($m)? CteRef) -> Result<()> {
                $walk::walk_cte_ref(self, c)
            }
            /// One join: the joined item, then `ON`.
            fn visit_join(&mut self, j: &$($m)? Join) -> Result<()> {
                $walk::walk_join(self, j)
            }
            /// One GROUP BY element: an expression, ROLLUP, CUBE or GROUPING SETS.
            fn visit_group_item(&mut self, g: &$($m)? GroupItem) -> Result<()> {
                $walk::walk_group_item(self, g)
            }

            // ---- data-modifying statements ----

            /// An INSERT: WITH, target, rows or query, upsert, RETURNING.
            fn visit_insert(&mut self, i: &$($m)? Insert) -> Result<()> {
                $walk::walk_insert(self, i)
            }
            /// An upsert clause: the conflict target's predicate, the DO UPDATE
            /// assignments and predicate.
            fn visit_on_conflict(&mut self, c: &$($m)? OnConflict) -> Result<()> {
                $walk::walk_on_conflict(self, c)
            }
            /// An UPDATE: WITH, target, SET, FROM, WHERE, ORDER BY, RETURNING.
            fn visit_update(&mut self, u: &$($m)? Update) -> Result<()> {
                $walk::walk_update(self, u)
            }
            /// One `column = value` of an UPDATE.
            fn visit_assignment(&mut self, a: &$($m)? Assignment) -> Result<()> {
                $walk::walk_assignment(self, a)
            }
            /// A DELETE: WITH, target, USING, WHERE, ORDER BY, RETURNING.
            fn visit_delete(&mut self, d: &$($m)? Delete) -> Result<()> {
                $walk::walk_delete(self, d)
            }
            /// A MERGE: target, source, `ON`, branches.
            fn visit_merge(&mut self, m: &$($m)? Merge) -> Result<()> {
                $walk::walk_merge(self, m)
            }
            /// One `WHEN [NOT] MATCHED` branch of a MERGE: its condition and action.
            fn visit_merge_when(&mut self, w: &$($m)? MergeWhen) -> Result<()> {
                $walk::walk_merge_when(self, w)
            }
            /// The table an INSERT, UPDATE, DELETE or MERGE writes (a leaf). Tables read
            #[doc = concat!("go to [`", stringify!($Trait), "::visit_table_ref`].")]
            fn visit_target_table(&mut self, t: &$($m)? TableRef) -> Result<()> {
                $walk::walk_target_table(self, t)
            }

            // ---- DDL ----

            /// Any DDL statement; the default walks the ones that hold expressions or
            /// queries (CREATE TABLE, ALTER TABLE, CREATE INDEX, CREATE VIEW).
            fn visit_ddl_statement(&mut self, s: &$($m)? DdlStatement) -> Result<()> {
                $walk::walk_ddl_statement(self, s)
            }
            /// `CREATE TABLE`: its table definition.
            fn visit_create_table(&mut self, c: &$($m)? CreateTable) -> Result<()> {
                $walk::walk_create_table(self, c)
            }
            /// A table definition: columns, constraints, indexes.
            fn visit_table_def(&mut self, t: &$($m)? TableDef) -> Result<()> {
                $walk::walk_table_def(self, t)
            }
            /// A column definition: its DEFAULT and generated expression.
            fn visit_column_def(&mut self, c: &$($m)? ColumnDef) -> Result<()> {
                $walk::walk_column_def(self, c)
            }
            /// A table constraint: a CHECK's condition.
            fn visit_constraint(&mut self, c: &$($m)? Constraint) -> Result<()> {
                $walk::walk_constraint(self, c)
            }
            /// An index: its expression parts and its predicate.
            fn visit_index_def(&mut self, i: &$($m)? IndexDef) -> Result<()> {
                $walk::walk_index_def(self, i)
            }
            /// `CREATE INDEX`: its index.
            fn visit_create_index(&mut self, c: &$($m)? CreateIndex) -> Result<()> {
                $walk::walk_create_index(self, c)
            }
            /// `CREATE VIEW`: its query.
            fn visit_create_view(&mut self, c: &$($m)? CreateView) -> Result<()> {
                $walk::walk_create_view(self, c)
            }
            /// `ALTER TABLE`: its operations, in order.
            fn visit_alter_table(&mut self, a: &$($m)? AlterTable) -> Result<()> {
                $walk::walk_alter_table(self, a)
            }
            /// One `ALTER TABLE` operation: an added or modified column, an added
            /// constraint, a new default, a `USING` conversion.
            fn visit_alter_op(&mut self, op: &$($m)? AlterOp) -> Result<()> {
                $walk::walk_alter_op(self, op)
            }
        }

        $(#[$mod_doc])*
        pub mod $walk {
            use super::*;

            /// Visits each item of a list.
            fn each<V: $Trait + ?Sized, T>(
                v: &mut V,
                list: &$($m)? [T],
                mut f: impl FnMut(&mut V, &$($m)? T) -> Result<()>,
            ) -> Result<()> {
                for x in list {
                    f(v, x)?;
                }
                Ok(())
            }

            /// Visits an optional item.
            fn opt<V: $Trait + ?Sized, T>(
                v: &mut V,
                x: &$($m)? Option<T>,
                f: impl FnOnce(&mut V, &$($m)? T) -> Result<()>,
            ) -> Result<()> {
                match x {
                    Some(x) => f(v, x),
                    None => Ok(()),
                }
            }

            /// Visits an optional expression.
            fn opt_expr<V: $Trait + ?Sized>(v: &mut V, e: &$($m)? Option<Expr>) -> Result<()> {
                match e {
                    Some(e) => v.visit_expr(e),
                    None => Ok(()),
                }
            }

            // `walk_expr` runs once per level of a deep expression: its arms are tail calls
            // to small helpers, so that its own frame stays small in unoptimised builds
            // (each `?` there would hold a `Result` of its own on the stack).

            fn two<V: $Trait + ?Sized>(v: &mut V, a: &$($m)? Expr, b: &$($m)? Expr) -> Result<()> {
                steps!(v.visit_expr(a), v.visit_expr(b))
            }

            fn three<V: $Trait + ?Sized>(
                v: &mut V,
                a: &$($m)? Expr,
                b: &$($m)? Expr,
                c: &$($m)? Expr,
            ) -> Result<()> {
                steps!(v.visit_expr(a), v.visit_expr(b), v.visit_expr(c))
            }

            fn exprs<V: $Trait + ?Sized>(v: &mut V, list: &$($m)? [Expr]) -> Result<()> {
                each(v, list, V::visit_expr)
            }

            fn expr_then_list<V: $Trait + ?Sized>(v: &mut V, e: &$($m)? Expr, list: &$($m)? [Expr]) -> Result<()> {
                steps!(v.visit_expr(e), exprs(v, list))
            }

            fn expr_then_query<V: $Trait + ?Sized>(v: &mut V, e: &$($m)? Expr, q: &$($m)? Query) -> Result<()> {
                steps!(v.visit_expr(e), v.visit_query(q))
            }

            fn case<V: $Trait + ?Sized>(
                v: &mut V,
                operand: &$($m)? Option<ExprBox>,
                whens: &$($m)? WhenList,
                else_: &$($m)? Option<ExprBox>,
            ) -> Result<()> {
                steps!(
                    opt(v, operand, |v, o| v.visit_expr(o)),
                    each(v, whens, |v, (when, then)| steps!(v.visit_expr(when), v.visit_expr(then))),
                    opt(v, else_, |v, x| v.visit_expr(x)),
                )
            }

            fn binary<V: $Trait + ?Sized>(v: &mut V, b: &$($m)? BinaryExpr) -> Result<()> {
                let BinaryExpr { left, op: _, right } = b;
                two(v, left, right)
            }

            /// The children of an expression. Refuses past [`MAX_DEPTH`] nested
            /// expressions and queries with [`Error::TooDeep`].
            pub fn walk_expr<V: $Trait + ?Sized>(v: &mut V, e: &$($m)? Expr) -> Result<()> {
                let Some(_level) = Level::enter() else {
                    return too_deep();
                };
                match e {
                    Expr::Column(c) => v.visit_column_ref(c),
                    Expr::Value(x) => v.visit_value(x),
                    Expr::Param(p) => v.visit_named_param(p),
                    Expr::True | Expr::False | Expr::Excluded(_) => Ok(()),
                    Expr::Raw(r) => v.visit_raw_sql(r),
                    Expr::Neg(x) | Expr::Not(x) => v.visit_expr(x),
                    Expr::Binary(b) => binary(v, b),
                    Expr::And(list) | Expr::Or(list) | Expr::Tuple(list) => exprs(v, list),
                    Expr::IsNull { expr, negated: _ } => v.visit_expr(expr),
                    Expr::IsDistinctFrom { left, right, negated: _ } => two(v, left, right),
                    Expr::Like {
                        expr,
                        pattern,
                        escape: _,
                        negated: _,
                        case_insensitive: _,
                    } => two(v, expr, pattern),
                    Expr::InList { expr, list, negated: _ } => expr_then_list(v, expr, list),
                    Expr::InQuery { expr, query, negated: _ } => expr_then_query(v, expr, query),
                    Expr::Quantified { left, op: _, all: _, query } => expr_then_query(v, left, query),
                    Expr::Between { expr, low, high, negated: _ } => three(v, expr, low, high),
                    Expr::Case { operand, whens, else_ } => case(v, operand, whens, else_),
                    Expr::Cast { expr, ty: _ } => v.visit_expr(expr),
                    Expr::Func(f) => v.visit_func_call(f),
                    Expr::Custom(c) => v.visit_custom(c),
                    Expr::Subquery(q) => v.visit_query(q),
                    Expr::Exists { query, negated: _ } => v.visit_query(query),
                }
            }

            /// A column reference has no children.
            pub fn walk_column_ref<V: $Trait + ?Sized>(_v: &mut V, c: &$($m)? ColumnRef) -> Result<()> {
                let ColumnRef { schema: _, table: _, name: _ } = c;
                Ok(())
            }

            /// A value has no children.
            pub fn walk_value<V: $Trait + ?Sized>(_v: &mut V, _x: &$($m)? Value) -> Result<()> {
                Ok(())
            }

            /// A named parameter has no children.
            pub fn walk_named_param<V: $Trait + ?Sized>(_v: &mut V, p: &$($m)? NamedParam) -> Result<()> {
                let NamedParam { name: _, ty: _, nullable: _ } = p;
                Ok(())
            }

            /// The values of a raw fragment.
            pub fn walk_raw_sql<V: $Trait + ?Sized>(v: &mut V, r: &$($m)? RawSql) -> Result<()> {
                let RawSql { sql: _, params } = r;
                each(v, params, V::visit_value)
            }

            /// Arguments, `FILTER`, `ORDER BY` inside the call, `OVER`.
            pub fn walk_func_call<V: $Trait + ?Sized>(v: &mut V, f: &$($m)? FuncCall) -> Result<()> {
                let FuncCall { func: _, args, distinct: _, filter, order_by, over } = f;
                steps!(
                    exprs(v, args),
                    opt(v, filter, V::visit_expr),
                    each(v, order_by, V::visit_order_by),
                    opt(v, over, V::visit_window),
                )
            }

            /// The arguments of a custom node, in order (its own data holds no
            /// expressions).
            pub fn walk_custom<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? CustomExpr) -> Result<()> {
                exprs(v, &$($m)? c.args)
            }

            /// `PARTITION BY`, then `ORDER BY` (a frame holds no expressions).
            pub fn walk_window<V: $Trait + ?Sized>(v: &mut V, w: &$($m)? Window) -> Result<()> {
                let Window { base: _, partition_by, order_by, frame: _ } = w;
                steps!(exprs(v, partition_by), each(v, order_by, V::visit_order_by))
            }

            /// The sort expression.
            pub fn walk_order_by<V: $Trait + ?Sized>(v: &mut V, o: &$($m)? OrderBy) -> Result<()> {
                let OrderBy { expr, desc: _, nulls: _ } = o;
                v.visit_expr(expr)
            }

            /// The statement inside the query. Refuses past [`MAX_DEPTH`] nested
            /// expressions and queries with [`Error::TooDeep`].
            pub fn walk_query<V: $Trait + ?Sized>(v: &mut V, q: &$($m)? Query) -> Result<()> {
                let Some(_level) = Level::enter() else {
                    return too_deep();
                };
                match q {
                    Query::Select(s) => v.visit_select(s),
                    Query::Compound(c) => v.visit_compound(c),
                    Query::Values(x) => v.visit_values(x),
                    Query::Insert(i) => v.visit_insert(i),
                    Query::Update(u) => v.visit_update(u),
                    Query::Delete(d) => v.visit_delete(d),
                }
            }

            /// WITH, `DISTINCT ON`, items, FROM, joins, WHERE, GROUP BY, HAVING, ORDER BY
            /// (LIMIT, OFFSET and the lock hold no expressions).
            pub fn walk_select<V: $Trait + ?Sized>(v: &mut V, s: &$($m)? Select) -> Result<()> {
                let Select {
                    with,
                    distinct,
                    items,
                    from,
                    joins,
                    where_,
                    group_by,
                    having,
                    order_by,
                    limit: _,
                    offset: _,
                    lock: _,
                    windows,
                    with_ties: _,
                } = s;
                steps!(
                    opt(v, with, V::visit_with),
                    distinct_on(v, distinct),
                    each(v, items, V::visit_select_item),
                    opt(v, from, V::visit_from_item),
                    each(v, joins, V::visit_join),
                    opt(v, where_, V::visit_expr),
                    each(v, group_by, V::visit_group_item),
                    opt(v, having, V::visit_expr),
                    each_window(v, windows),
                    each(v, order_by, V::visit_order_by),
                )
            }

            fn each_window<V: $Trait + ?Sized>(v: &mut V, ws: &$($m)? Vec<crate::select::NamedWindow>) -> Result<()> {
                for w in ws {
                    v.visit_window(&$($m)? w.window)?;
                }
                Ok(())
            }

            fn distinct_on<V: $Trait + ?Sized>(v: &mut V, d: &$($m)? Distinct) -> Result<()> {
                match d {
                    Distinct::All | Distinct::Distinct => Ok(()),
                    Distinct::On(list) => exprs(v, list),
                }
            }

            /// WITH, the left side, the right side, ORDER BY.
            pub fn walk_compound<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? Compound) -> Result<()> {
                let Compound { with, op: _, left, right, order_by, limit: _, offset: _ } = c;
                steps!(
                    opt(v, with, V::visit_with),
                    v.visit_query(left),
                    v.visit_query(right),
                    each(v, order_by, V::visit_order_by),
                )
            }

            /// Every cell, row by row.
            pub fn walk_values<V: $Trait + ?Sized>(v: &mut V, x: &$($m)? Values) -> Result<()> {
                let Values { rows } = x;
                each(v, rows, |v, row| exprs(v, row))
            }

            /// Each CTE, in order.
            pub fn walk_with<V: $Trait + ?Sized>(v: &mut V, w: &$($m)? With) -> Result<()> {
                let With { recursive: _, ctes } = w;
                each(v, ctes, V::visit_cte)
            }

            /// The CTE's body.
            pub fn walk_cte<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? Cte) -> Result<()> {
                let Cte { name: _, columns: _, query, materialized: _ } = c;
                v.visit_query(query)
            }

            /// The item's expression (`*` and `t.*` have none).
            pub fn walk_select_item<V: $Trait + ?Sized>(v: &mut V, i: &$($m)? SelectItem) -> Result<()> {
                match i {
                    SelectItem::Expr { expr, alias: _ } => v.visit_expr(expr),
                    SelectItem::Star | SelectItem::TableStar(_) => Ok(()),
                }
            }

            /// The table, CTE reference, subquery or VALUES list.
            pub fn walk_from_item<V: $Trait + ?Sized>(v: &mut V, f: &$($m)? FromItem) -> Result<()> {
                match f {
                    FromItem::Table(t) => v.visit_table_ref(t),
                    FromItem::Cte(c) => v.visit_cte_ref(c),
                    FromItem::Subquery { query, alias: _, columns: _, lateral: _ } => v.visit_query(query),
                    FromItem::Values { values, alias: _, columns: _ } => v.visit_values(values),
                }
            }

            /// A table reference has no children.
            pub fn walk_table_ref<V: $Trait + ?Sized>(_v: &mut V, t: &$($m)? TableRef) -> Result<()> {
                let TableRef { schema: _, name: _, alias: _ } = t;
                Ok(())
            }

            /// A CTE reference has no children.
            pub fn walk_cte_ref<V: $Trait + ?Sized>(_v: &mut V, c: &$($m)? CteRef) -> Result<()> {
                let CteRef { name: _, alias: _ } = c;
                Ok(())
            }

            /// The joined item, then `ON`.
            pub fn walk_join<V: $Trait + ?Sized>(v: &mut V, j: &$($m)? Join) -> Result<()> {
                let Join { kind: _, item, on } = j;
                steps!(v.visit_from_item(item), opt(v, on, V::visit_expr))
            }

            /// The expressions of a GROUP BY element.
            pub fn walk_group_item<V: $Trait + ?Sized>(v: &mut V, g: &$($m)? GroupItem) -> Result<()> {
                match g {
                    GroupItem::Expr(x) => v.visit_expr(x),
                    GroupItem::Rollup(list) | GroupItem::Cube(list) => exprs(v, list),
                    GroupItem::GroupingSets(sets) => each(v, sets, |v, set| exprs(v, set)),
                }
            }

            /// WITH, the target, the rows (or the query), the upsert clause, RETURNING.
            pub fn walk_insert<V: $Trait + ?Sized>(v: &mut V, i: &$($m)? Insert) -> Result<()> {
                let Insert { with, table, columns: _, source, on_conflict, returning } = i;
                steps!(
                    opt(v, with, V::visit_with),
                    v.visit_target_table(table),
                    insert_source(v, source),
                    opt(v, on_conflict, V::visit_on_conflict),
                    each(v, returning, V::visit_select_item),
                )
            }

            fn insert_source<V: $Trait + ?Sized>(v: &mut V, source: &$($m)? InsertSource) -> Result<()> {
                match source {
                    InsertSource::Values(rows) => each(v, rows, |v, row| {
                        each(v, row, |v, cell| match cell {
                            InsertValue::Expr(x) => v.visit_expr(x),
                            InsertValue::Default => Ok(()),
                        })
                    }),
                    InsertSource::Query(q) => v.visit_query(q),
                    InsertSource::DefaultValues => Ok(()),
                }
            }

            /// The conflict target's predicate, then the DO UPDATE assignments and
            /// predicate.
            pub fn walk_on_conflict<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? OnConflict) -> Result<()> {
                let OnConflict { target, action } = c;
                steps!(
                    match target {
                        ConflictTarget::Any | ConflictTarget::Constraint(_) => Ok(()),
                        ConflictTarget::Columns { columns: _, where_ } => opt_expr(v, where_),
                    },
                    match action {
                        ConflictAction::DoNothing => Ok(()),
                        ConflictAction::DoUpdate { set, where_ } => {
                            steps!(each(v, set, |v, (_, x)| v.visit_expr(x)), opt_expr(v, where_))
                        }
                    },
                )
            }

            /// WITH, the target, SET, FROM, WHERE, ORDER BY, RETURNING.
            pub fn walk_update<V: $Trait + ?Sized>(v: &mut V, u: &$($m)? Update) -> Result<()> {
                let Update { with, table, set, from, where_, order_by, limit: _, returning } = u;
                steps!(
                    opt(v, with, V::visit_with),
                    v.visit_target_table(table),
                    each(v, set, V::visit_assignment),
                    each(v, from, V::visit_from_item),
                    opt_expr(v, where_),
                    each(v, order_by, V::visit_order_by),
                    each(v, returning, V::visit_select_item),
                )
            }

            /// The assigned value.
            pub fn walk_assignment<V: $Trait + ?Sized>(v: &mut V, a: &$($m)? Assignment) -> Result<()> {
                let Assignment { column: _, value } = a;
                v.visit_expr(value)
            }

            /// WITH, the target, USING, WHERE, ORDER BY, RETURNING.
            pub fn walk_delete<V: $Trait + ?Sized>(v: &mut V, d: &$($m)? Delete) -> Result<()> {
                let Delete { with, table, using, where_, order_by, limit: _, returning } = d;
                steps!(
                    opt(v, with, V::visit_with),
                    v.visit_target_table(table),
                    each(v, using, V::visit_from_item),
                    opt_expr(v, where_),
                    each(v, order_by, V::visit_order_by),
                    each(v, returning, V::visit_select_item),
                )
            }

            /// The target, the source, `ON`, the branches.
            pub fn walk_merge<V: $Trait + ?Sized>(v: &mut V, m: &$($m)? Merge) -> Result<()> {
                let Merge { target, source, on, whens } = m;
                steps!(
                    v.visit_target_table(target),
                    opt(v, source, V::visit_from_item),
                    opt_expr(v, on),
                    each(v, whens, V::visit_merge_when),
                )
            }

            /// The branch's condition, then its action's expressions.
            pub fn walk_merge_when<V: $Trait + ?Sized>(v: &mut V, w: &$($m)? MergeWhen) -> Result<()> {
                let MergeWhen { matched: _, and, action } = w;
                steps!(
                    opt_expr(v, and),
                    match action {
                        MergeAction::Update(set) => each(v, set, |v, (_, x)| v.visit_expr(x)),
                        MergeAction::Insert { columns: _, values } => exprs(v, values),
                        MergeAction::Delete | MergeAction::DoNothing => Ok(()),
                    },
                )
            }

            /// A target table has no children.
            pub fn walk_target_table<V: $Trait + ?Sized>(_v: &mut V, t: &$($m)? TableRef) -> Result<()> {
                let TableRef { schema: _, name: _, alias: _ } = t;
                Ok(())
            }

            /// The statements that hold expressions or queries; the others have no
            /// children.
            pub fn walk_ddl_statement<V: $Trait + ?Sized>(v: &mut V, s: &$($m)? DdlStatement) -> Result<()> {
                match s {
                    DdlStatement::CreateTable(c) => v.visit_create_table(c),
                    DdlStatement::AlterTable(a) => v.visit_alter_table(a),
                    DdlStatement::CreateIndex(c) => v.visit_create_index(c),
                    DdlStatement::CreateView(c) => v.visit_create_view(c),
                    DdlStatement::DropTable(_)
                    | DdlStatement::DropIndex(_)
                    | DdlStatement::DropView(_)
                    | DdlStatement::CreateSequence(_)
                    | DdlStatement::DropSequence(_)
                    | DdlStatement::CreateType(_)
                    | DdlStatement::DropType(_)
                    | DdlStatement::Comment(_) => Ok(()),
                }
            }

            /// The table definition.
            pub fn walk_create_table<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? CreateTable) -> Result<()> {
                let CreateTable { table, if_not_exists: _, unsupported_comments: _ } = c;
                v.visit_table_def(table)
            }

            /// Columns, constraints, indexes.
            pub fn walk_table_def<V: $Trait + ?Sized>(v: &mut V, t: &$($m)? TableDef) -> Result<()> {
                let TableDef { name: _, columns, constraints, indexes, comment: _ } = t;
                steps!(
                    each(v, columns, V::visit_column_def),
                    each(v, constraints, V::visit_constraint),
                    each(v, indexes, V::visit_index_def),
                )
            }

            /// The DEFAULT, then the generated expression.
            pub fn walk_column_def<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? ColumnDef) -> Result<()> {
                let ColumnDef {
                    name: _,
                    ty: _,
                    nullable: _,
                    default,
                    auto_increment: _,
                    generated,
                    primary_key: _,
                    unique: _,
                    references: _,
                    comment: _,
                } = c;
                steps!(
                    opt_expr(v, default),
                    opt(v, generated, |v, Generated { expr, kind: _ }| v.visit_expr(expr)),
                )
            }

            /// A CHECK's condition (keys have none).
            pub fn walk_constraint<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? Constraint) -> Result<()> {
                let Constraint { name: _, kind } = c;
                match kind {
                    ConstraintKind::Check(x) => v.visit_expr(x),
                    ConstraintKind::PrimaryKey(_)
                    | ConstraintKind::Unique(_)
                    | ConstraintKind::ForeignKey(_) => Ok(()),
                }
            }

            /// The expression parts, then the predicate.
            pub fn walk_index_def<V: $Trait + ?Sized>(v: &mut V, i: &$($m)? IndexDef) -> Result<()> {
                let IndexDef { name: _, unique: _, parts, predicate } = i;
                steps!(
                    each(v, parts, |v, IndexPart { target, desc: _ }| match target {
                        IndexTarget::Column(_) => Ok(()),
                        IndexTarget::Expr(x) => v.visit_expr(x),
                    }),
                    opt_expr(v, predicate),
                )
            }

            /// The index.
            pub fn walk_create_index<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? CreateIndex) -> Result<()> {
                let CreateIndex { table: _, index, if_not_exists: _ } = c;
                v.visit_index_def(index)
            }

            /// The view's query.
            pub fn walk_create_view<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? CreateView) -> Result<()> {
                let CreateView { name: _, columns: _, query, raw_sql: _, or_replace: _, if_not_exists: _ } = c;
                v.visit_query(query)
            }

            /// The operations, in order.
            pub fn walk_alter_table<V: $Trait + ?Sized>(v: &mut V, a: &$($m)? AlterTable) -> Result<()> {
                let AlterTable { table: _, ops } = a;
                each(v, ops, V::visit_alter_op)
            }

            /// The column definition, constraint or expression an operation holds.
            pub fn walk_alter_op<V: $Trait + ?Sized>(v: &mut V, op: &$($m)? AlterOp) -> Result<()> {
                match op {
                    AlterOp::AddColumn(c) | AlterOp::ModifyColumn(c) => v.visit_column_def(c),
                    AlterOp::AddConstraint(c) => v.visit_constraint(c),
                    AlterOp::SetType { column: _, ty: _, using } => opt_expr(v, using),
                    AlterOp::SetDefault { column: _, default } => v.visit_expr(default),
                    AlterOp::DropColumn(_)
                    | AlterOp::RenameColumn { from: _, to: _ }
                    | AlterOp::RenameTable(_)
                    | AlterOp::DropConstraint { name: _, kind: _ }
                    | AlterOp::SetNotNull(_)
                    | AlterOp::DropNotNull(_)
                    | AlterOp::DropDefault(_) => Ok(()),
                }
            }
        }
    };
}
