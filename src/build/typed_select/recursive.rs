//! Typed recursive CTEs, and compound queries (`UNION` …) as derived tables and CTEs.

use std::marker::PhantomData;

use super::{Derived, RowHandles, TypedCompound, TypedCte, TypedSelect};
use crate::error::Result;
use crate::ident::Ident;
use crate::query::{Cte, CteRef, FromItem};

/// A recursive common table expression being built ([`TypedSelect::recursive`]): its
/// anchor is known, and with it the names and types of its columns, so the recursive
/// step can use typed handles on them before the CTE is complete.
///
/// ```
/// use sqlweave::{Executor, TypedExpr, TypedQuery, select, table, val};
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::SqliteConnection;
/// table! { pub struct Staff("staff") { id: i64, name: String, boss: Option<i64> } }
///
/// let s = Staff::new();
/// // The anchor: the people without a boss, at depth 0.
/// let tree = select((s.id, s.name, val(0_i32).label("depth")))
///     .from(s)
///     .filter(s.boss.is_null())
///     .recursive("tree")?;
/// let (id, name, depth) = tree.columns();
/// // The step: everyone whose boss is already in the tree, one level deeper.
/// let e = Staff::new().alias("e");
/// let step = select((e.id, e.name, depth.clone() + 1))
///     .from(e)
///     .join(tree.reference(), e.boss.eq(id));
/// let tree = tree.union_all(step);
/// let q = select((name, depth.clone()))
///     .with_recursive(tree.definition_with_column_list())
///     .from(tree.reference())
///     .order_by(depth.asc())
///     .order_by(tree.columns().1.asc());
/// assert_eq!(q.render(&Postgres)?.sql, concat!(
///     r#"WITH RECURSIVE "tree" ("id", "name", "depth") AS (SELECT "staff"."id", "staff"."name", $1::int4 AS "depth" FROM "staff" WHERE "staff"."boss" IS NULL"#,
///     r#" UNION ALL SELECT "e"."id", "e"."name", "tree"."depth" + $2 FROM "staff" AS "e" INNER JOIN "tree" ON "e"."boss" = "tree"."id")"#,
///     r#" SELECT "tree"."name", "tree"."depth" FROM "tree" ORDER BY "tree"."depth", "tree"."name""#));
///
/// let mut db = SqliteConnection::open_in_memory()?;
/// db.execute_raw_batch("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL, boss INTEGER);
///     INSERT INTO staff VALUES (1, 'Ada', NULL), (2, 'Bo', 1), (3, 'Cy', 2), (4, 'Di', 1);")?;
/// let rows: Vec<(String, i32)> = q.fetch_all(&mut db)?;
/// assert_eq!(rows, [("Ada".into(), 0), ("Bo".into(), 1), ("Di".into(), 1), ("Cy".into(), 2)]);
/// # Ok::<(), sqlweave::Error>(())
/// ```
///
/// A step whose row type differs from the anchor's does not compile:
///
/// ```compile_fail
/// use sqlweave::{TypedExpr, select, table};
/// table! { pub struct Staff("staff") { id: i64, name: String, boss: Option<i64> } }
/// let s = Staff::new();
/// let tree = select((s.id, s.name)).from(s).filter(s.boss.is_null()).recursive("tree").unwrap();
/// let (id, _name) = tree.columns();
/// let e = Staff::new().alias("e");
/// let step = select((e.name, e.id)).from(e).join(tree.reference(), e.boss.eq(id));
/// let _ = tree.union_all(step); // (String, i64) is not (i64, String)
/// ```
pub struct RecursiveCte<R> {
    name: Ident,
    anchor: TypedSelect<R>,
    names: Vec<Ident>,
}

impl<R: RowHandles> RecursiveCte<R> {
    /// Typed handles on the CTE's columns, for the recursive step and the query that
    /// reads the CTE (named from the anchor's select list).
    pub fn columns(&self) -> R::Handles {
        R::handles(&self.name, &self.names)
    }
    /// A reference to the CTE, for the recursive step's FROM or join.
    pub fn reference(&self) -> CteRef {
        CteRef::new(self.name.clone())
    }
    /// The CTE as `anchor UNION ALL step`.
    pub fn union_all(self, step: TypedSelect<R>) -> TypedCte<R> {
        self.finish(self.anchor.clone().union_all(step))
    }
    /// The CTE as `anchor UNION step` (rows already found are not added again, which
    /// ends a walk over a graph with cycles).
    pub fn union(self, step: TypedSelect<R>) -> TypedCte<R> {
        self.finish(self.anchor.clone().union(step))
    }
    fn finish(&self, body: TypedCompound<R>) -> TypedCte<R> {
        TypedCte {
            cte: Cte::new(self.name.clone(), body.compound),
            names: self.names.clone(),
            _r: PhantomData,
        }
    }
}

impl<R> TypedSelect<R> {
    /// Starts a recursive CTE named `name` with this select as its anchor: the CTE's
    /// columns take the anchor's names (a column's name, or a label) and types. Finish
    /// it with [`RecursiveCte::union_all`] and put it in a query with
    /// `with_recursive(cte.definition_with_column_list())`. An anchor item without a
    /// name, or two with the same name, is an [`Error::Invalid`](crate::Error::Invalid).
    pub fn recursive(self, name: impl Into<Ident>) -> Result<RecursiveCte<R>>
    where
        R: RowHandles,
    {
        let names = self.checked_names("a recursive CTE")?;
        Ok(RecursiveCte {
            name: name.into(),
            anchor: self,
            names,
        })
    }
}

impl<R: RowHandles> TypedCompound<R> {
    /// The names of the output columns: the first select's, each of which must have one
    /// (a column's name or a label), all different.
    fn output_names(&self, what: &str) -> Result<Vec<Ident>> {
        super::checked_names(&self.names, what)
    }

    /// This compound query as a derived table `(… UNION …) AS alias`, with typed handles
    /// on its columns, named from the first SELECT's select list (as for
    /// [`TypedSelect::derived`]).
    ///
    /// ```
    /// use sqlweave::{Ansi, TypedExpr, select, table};
    /// table! { pub struct Sales("sales") { day: i64, amount: i64 } }
    /// table! { pub struct Refunds("refunds") { day: i64, amount: i64 } }
    /// let (s, r) = (Sales::new(), Refunds::new());
    /// let moves = select((s.day, s.amount))
    ///     .from(s)
    ///     .union_all(select((r.day, r.amount.typed().neg())).from(r))
    ///     .derived("moves")?;
    /// let (day, amount) = moves.columns();
    /// let q = select((day.clone(), amount.sum())).from(moves).group_by([day]);
    /// assert_eq!(q.render(&Ansi)?.sql, concat!(
    ///     r#"SELECT "moves"."day", SUM("moves"."amount") FROM (SELECT "sales"."day", "sales"."amount" FROM "sales""#,
    ///     r#" UNION ALL SELECT "refunds"."day", -"refunds"."amount" FROM "refunds") AS "moves" GROUP BY "moves"."day""#));
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn derived(self, alias: impl Into<Ident>) -> Result<Derived<R>> {
        let names = self.output_names("a derived table")?;
        Ok(Derived {
            item: FromItem::Subquery {
                query: Box::new(self.compound.into()),
                alias: alias.into(),
                columns: Vec::new(),
                lateral: false,
            },
            names,
            _r: PhantomData,
        })
    }

    /// This compound query as a common table expression `name AS (… UNION …)`, with
    /// typed handles named from the first SELECT's select list.
    pub fn cte(self, name: impl Into<Ident>) -> Result<TypedCte<R>> {
        let names = self.output_names("a CTE")?;
        Ok(TypedCte {
            cte: Cte::new(name, self.compound),
            names,
            _r: PhantomData,
        })
    }
}
