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

            /// Visits an optional expression.
            fn opt_expr<V: $Trait + ?Sized>(v: &mut V, e: &$($m)? Option<Expr>) -> Result<()> {
                match e {
                    Some(e) => v.visit_expr(e),
                    None => Ok(()),
                }
            }

            /// The children of an expression. Refuses past [`MAX_DEPTH`] nested
            /// expressions and queries with [`Error::TooDeep`](crate::Error::TooDeep).
            pub fn walk_expr<V: $Trait + ?Sized>(v: &mut V, e: &$($m)? Expr) -> Result<()> {
                let _level = Level::enter()?;
                match e {
                    Expr::Column(c) => v.visit_column_ref(c),
                    Expr::Value(x) => v.visit_value(x),
                    Expr::Param(p) => v.visit_named_param(p),
                    Expr::True | Expr::False | Expr::Excluded(_) => Ok(()),
                    Expr::Raw(r) => v.visit_raw_sql(r),
                    Expr::Neg(x) | Expr::Not(x) => v.visit_expr(x),
                    Expr::Binary(b) => {
                        let BinaryExpr { left, op: _, right } = &$($m)? **b;
                        v.visit_expr(left)?;
                        v.visit_expr(right)
                    }
                    Expr::And(list) | Expr::Or(list) | Expr::Tuple(list) => {
                        for x in list {
                            v.visit_expr(x)?;
                        }
                        Ok(())
                    }
                    Expr::IsNull { expr, negated: _ } => v.visit_expr(expr),
                    Expr::IsDistinctFrom { left, right, negated: _ } => {
                        v.visit_expr(left)?;
                        v.visit_expr(right)
                    }
                    Expr::Like {
                        expr,
                        pattern,
                        escape: _,
                        negated: _,
                        case_insensitive: _,
                    } => {
                        v.visit_expr(expr)?;
                        v.visit_expr(pattern)
                    }
                    Expr::InList { expr, list, negated: _ } => {
                        v.visit_expr(expr)?;
                        for x in list {
                            v.visit_expr(x)?;
                        }
                        Ok(())
                    }
                    Expr::InQuery { expr, query, negated: _ } => {
                        v.visit_expr(expr)?;
                        v.visit_query(query)
                    }
                    Expr::Between { expr, low, high, negated: _ } => {
                        v.visit_expr(expr)?;
                        v.visit_expr(low)?;
                        v.visit_expr(high)
                    }
                    Expr::Case { operand, whens, else_ } => {
                        if let Some(o) = operand {
                            v.visit_expr(o)?;
                        }
                        for (when, then) in whens {
                            v.visit_expr(when)?;
                            v.visit_expr(then)?;
                        }
                        match else_ {
                            Some(x) => v.visit_expr(x),
                            None => Ok(()),
                        }
                    }
                    Expr::Cast { expr, ty: _ } => v.visit_expr(expr),
                    Expr::Func(f) => v.visit_func_call(f),
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
                for p in params {
                    v.visit_value(p)?;
                }
                Ok(())
            }

            /// Arguments, `FILTER`, `ORDER BY` inside the call, `OVER`.
            pub fn walk_func_call<V: $Trait + ?Sized>(v: &mut V, f: &$($m)? FuncCall) -> Result<()> {
                let FuncCall { func: _, args, distinct: _, filter, order_by, over } = f;
                for a in args {
                    v.visit_expr(a)?;
                }
                if let Some(x) = filter {
                    v.visit_expr(x)?;
                }
                for o in order_by {
                    v.visit_order_by(o)?;
                }
                match over {
                    Some(w) => v.visit_window(w),
                    None => Ok(()),
                }
            }

            /// `PARTITION BY`, then `ORDER BY` (a frame holds no expressions).
            pub fn walk_window<V: $Trait + ?Sized>(v: &mut V, w: &$($m)? Window) -> Result<()> {
                let Window { partition_by, order_by, frame: _ } = w;
                for p in partition_by {
                    v.visit_expr(p)?;
                }
                for o in order_by {
                    v.visit_order_by(o)?;
                }
                Ok(())
            }

            /// The sort expression.
            pub fn walk_order_by<V: $Trait + ?Sized>(v: &mut V, o: &$($m)? OrderBy) -> Result<()> {
                let OrderBy { expr, desc: _, nulls: _ } = o;
                v.visit_expr(expr)
            }

            /// The statement inside the query. Refuses past [`MAX_DEPTH`] nested
            /// expressions and queries with [`Error::TooDeep`](crate::Error::TooDeep).
            pub fn walk_query<V: $Trait + ?Sized>(v: &mut V, q: &$($m)? Query) -> Result<()> {
                let _level = Level::enter()?;
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
                } = s;
                if let Some(w) = with {
                    v.visit_with(w)?;
                }
                match distinct {
                    Distinct::All | Distinct::Distinct => {}
                    Distinct::On(exprs) => {
                        for x in exprs {
                            v.visit_expr(x)?;
                        }
                    }
                }
                for i in items {
                    v.visit_select_item(i)?;
                }
                if let Some(f) = from {
                    v.visit_from_item(f)?;
                }
                for j in joins {
                    v.visit_join(j)?;
                }
                opt_expr(v, where_)?;
                for g in group_by {
                    v.visit_group_item(g)?;
                }
                opt_expr(v, having)?;
                for o in order_by {
                    v.visit_order_by(o)?;
                }
                Ok(())
            }

            /// WITH, the left side, the right side, ORDER BY.
            pub fn walk_compound<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? Compound) -> Result<()> {
                let Compound { with, op: _, left, right, order_by, limit: _, offset: _ } = c;
                if let Some(w) = with {
                    v.visit_with(w)?;
                }
                v.visit_query(left)?;
                v.visit_query(right)?;
                for o in order_by {
                    v.visit_order_by(o)?;
                }
                Ok(())
            }

            /// Every cell, row by row.
            pub fn walk_values<V: $Trait + ?Sized>(v: &mut V, x: &$($m)? Values) -> Result<()> {
                let Values { rows } = x;
                for row in rows {
                    for cell in row {
                        v.visit_expr(cell)?;
                    }
                }
                Ok(())
            }

            /// Each CTE, in order.
            pub fn walk_with<V: $Trait + ?Sized>(v: &mut V, w: &$($m)? With) -> Result<()> {
                let With { recursive: _, ctes } = w;
                for c in ctes {
                    v.visit_cte(c)?;
                }
                Ok(())
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
                    FromItem::Subquery { query, alias: _, lateral: _ } => v.visit_query(query),
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
                v.visit_from_item(item)?;
                opt_expr(v, on)
            }

            /// The expressions of a GROUP BY element.
            pub fn walk_group_item<V: $Trait + ?Sized>(v: &mut V, g: &$($m)? GroupItem) -> Result<()> {
                match g {
                    GroupItem::Expr(x) => v.visit_expr(x),
                    GroupItem::Rollup(list) | GroupItem::Cube(list) => {
                        for x in list {
                            v.visit_expr(x)?;
                        }
                        Ok(())
                    }
                    GroupItem::GroupingSets(sets) => {
                        for set in sets {
                            for x in set {
                                v.visit_expr(x)?;
                            }
                        }
                        Ok(())
                    }
                }
            }

            /// WITH, the target, the rows (or the query), the upsert clause, RETURNING.
            pub fn walk_insert<V: $Trait + ?Sized>(v: &mut V, i: &$($m)? Insert) -> Result<()> {
                let Insert { with, table, columns: _, source, on_conflict, returning } = i;
                if let Some(w) = with {
                    v.visit_with(w)?;
                }
                v.visit_target_table(table)?;
                match source {
                    InsertSource::Values(rows) => {
                        for row in rows {
                            for cell in row {
                                match cell {
                                    InsertValue::Expr(x) => v.visit_expr(x)?,
                                    InsertValue::Default => {}
                                }
                            }
                        }
                    }
                    InsertSource::Query(q) => v.visit_query(q)?,
                    InsertSource::DefaultValues => {}
                }
                if let Some(c) = on_conflict {
                    v.visit_on_conflict(c)?;
                }
                for item in returning {
                    v.visit_select_item(item)?;
                }
                Ok(())
            }

            /// The conflict target's predicate, then the DO UPDATE assignments and
            /// predicate.
            pub fn walk_on_conflict<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? OnConflict) -> Result<()> {
                let OnConflict { target, action } = c;
                match target {
                    ConflictTarget::Any | ConflictTarget::Constraint(_) => {}
                    ConflictTarget::Columns { columns: _, where_ } => opt_expr(v, where_)?,
                }
                match action {
                    ConflictAction::DoNothing => Ok(()),
                    ConflictAction::DoUpdate { set, where_ } => {
                        for (_, x) in set {
                            v.visit_expr(x)?;
                        }
                        opt_expr(v, where_)
                    }
                }
            }

            /// WITH, the target, SET, FROM, WHERE, ORDER BY, RETURNING.
            pub fn walk_update<V: $Trait + ?Sized>(v: &mut V, u: &$($m)? Update) -> Result<()> {
                let Update { with, table, set, from, where_, order_by, limit: _, returning } = u;
                if let Some(w) = with {
                    v.visit_with(w)?;
                }
                v.visit_target_table(table)?;
                for a in set {
                    v.visit_assignment(a)?;
                }
                for f in from {
                    v.visit_from_item(f)?;
                }
                opt_expr(v, where_)?;
                for o in order_by {
                    v.visit_order_by(o)?;
                }
                for item in returning {
                    v.visit_select_item(item)?;
                }
                Ok(())
            }

            /// The assigned value.
            pub fn walk_assignment<V: $Trait + ?Sized>(v: &mut V, a: &$($m)? Assignment) -> Result<()> {
                let Assignment { column: _, value } = a;
                v.visit_expr(value)
            }

            /// WITH, the target, USING, WHERE, ORDER BY, RETURNING.
            pub fn walk_delete<V: $Trait + ?Sized>(v: &mut V, d: &$($m)? Delete) -> Result<()> {
                let Delete { with, table, using, where_, order_by, limit: _, returning } = d;
                if let Some(w) = with {
                    v.visit_with(w)?;
                }
                v.visit_target_table(table)?;
                for f in using {
                    v.visit_from_item(f)?;
                }
                opt_expr(v, where_)?;
                for o in order_by {
                    v.visit_order_by(o)?;
                }
                for item in returning {
                    v.visit_select_item(item)?;
                }
                Ok(())
            }

            /// The target, the source, `ON`, the branches.
            pub fn walk_merge<V: $Trait + ?Sized>(v: &mut V, m: &$($m)? Merge) -> Result<()> {
                let Merge { target, source, on, whens } = m;
                v.visit_target_table(target)?;
                if let Some(s) = source {
                    v.visit_from_item(s)?;
                }
                opt_expr(v, on)?;
                for w in whens {
                    v.visit_merge_when(w)?;
                }
                Ok(())
            }

            /// The branch's condition, then its action's expressions.
            pub fn walk_merge_when<V: $Trait + ?Sized>(v: &mut V, w: &$($m)? MergeWhen) -> Result<()> {
                let MergeWhen { matched: _, and, action } = w;
                opt_expr(v, and)?;
                match action {
                    MergeAction::Update(set) => {
                        for (_, x) in set {
                            v.visit_expr(x)?;
                        }
                        Ok(())
                    }
                    MergeAction::Insert { columns: _, values } => {
                        for x in values {
                            v.visit_expr(x)?;
                        }
                        Ok(())
                    }
                    MergeAction::Delete | MergeAction::DoNothing => Ok(()),
                }
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
                for c in columns {
                    v.visit_column_def(c)?;
                }
                for c in constraints {
                    v.visit_constraint(c)?;
                }
                for i in indexes {
                    v.visit_index_def(i)?;
                }
                Ok(())
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
                opt_expr(v, default)?;
                match generated {
                    Some(Generated { expr, kind: _ }) => v.visit_expr(expr),
                    None => Ok(()),
                }
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
                for IndexPart { target, desc: _ } in parts {
                    match target {
                        IndexTarget::Column(_) => {}
                        IndexTarget::Expr(x) => v.visit_expr(x)?,
                    }
                }
                opt_expr(v, predicate)
            }

            /// The index.
            pub fn walk_create_index<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? CreateIndex) -> Result<()> {
                let CreateIndex { table: _, index, if_not_exists: _ } = c;
                v.visit_index_def(index)
            }

            /// The view's query.
            pub fn walk_create_view<V: $Trait + ?Sized>(v: &mut V, c: &$($m)? CreateView) -> Result<()> {
                let CreateView { name: _, columns: _, query, or_replace: _, if_not_exists: _ } = c;
                v.visit_query(query)
            }

            /// The operations, in order.
            pub fn walk_alter_table<V: $Trait + ?Sized>(v: &mut V, a: &$($m)? AlterTable) -> Result<()> {
                let AlterTable { table: _, ops } = a;
                for op in ops {
                    v.visit_alter_op(op)?;
                }
                Ok(())
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
