//! Typed SELECT: the row type follows from the select list.
//!
//! [`select()`] takes a tuple of typed columns and expressions (or one of them) and gives a
//! [`TypedSelect<R>`] whose `R` is the Rust type of each result row: `(u.id, u.name,
//! o.total.sum())` gives `TypedSelect<(i64, String, Option<Decimal>)>`. The fetch
//! methods of [`crate::exec::TypedQuery`] then return rows of that type, positionally,
//! without naming the columns again. A `TypedSelect` builds like a [`Select`] (joins,
//! filters, grouping, ordering, limits, set operations) and converts into one.
//!
//! ```
//! use sqlweave::{Ansi, TypedExpr, select, table};
//! table! { pub struct Users("users") { id: i64, name: String, email: Option<String> } }
//! let u = Users::new();
//! let q = select((u.id, u.name.upper(), u.email)).from(u).filter(u.id.gt(3)).order_by(u.id.asc());
//! // The row type: (i64, String, Option<String>).
//! let _: &sqlweave::TypedSelect<(i64, String, Option<String>)> = &q;
//! assert_eq!(q.render(&Ansi).unwrap().sql,
//!     r#"SELECT "users"."id", UPPER("users"."name"), "users"."email" FROM "users" WHERE "users"."id" > ? ORDER BY "users"."id""#);
//! ```

use std::fmt;
use std::marker::PhantomData;

use crate::error::{Error, Result};
use crate::expr::{ColumnRef, Expr, OrderBy};
use crate::ident::Ident;
use crate::query::{Compound, Cte, CteRef, FromItem, GroupItem, JoinKind, Query, SelectItem};
use crate::select::Select;
use crate::select_list::ExprList;
use crate::typed::{Column, Labeled, Operand, Promote, SqlValue, Typed};

mod recursive;
pub use recursive::RecursiveCte;

/// One item of a typed select list: a typed column, a typed expression, or a labelled
/// one (`expr.label("name")`).
pub trait SelectColumn {
    /// The Rust type of its values.
    type Sql: SqlValue;
    /// The item, with its name in the result if it has one (a column's name, a label).
    fn into_item(self) -> (SelectItem, Option<Ident>);
}

impl<T: SqlValue> SelectColumn for Column<T> {
    type Sql = T;
    fn into_item(self) -> (SelectItem, Option<Ident>) {
        let e = Expr::from(self);
        let name = column_name(&e);
        (e.into(), name)
    }
}

impl<T: SqlValue> SelectColumn for Typed<T> {
    type Sql = T;
    fn into_item(self) -> (SelectItem, Option<Ident>) {
        let e = self.into_expr();
        let name = column_name(&e);
        (e.into(), name)
    }
}

impl<T: SqlValue> SelectColumn for Labeled<T> {
    type Sql = T;
    fn into_item(self) -> (SelectItem, Option<Ident>) {
        let name = self.label().clone();
        (self.into(), Some(name))
    }
}

fn column_name(e: &Expr) -> Option<Ident> {
    match e {
        Expr::Column(c) => Some(c.name.clone()),
        _ => None,
    }
}

/// A whole typed select list: one [`SelectColumn`] (rows are its type) or a tuple of
/// up to 24 of them (rows are the tuple of their types).
pub trait TypedSelectList {
    /// The Rust type of a result row.
    type Row: 'static;
    /// Appends the items (with their names, if any) to `out`.
    fn push_items(self, out: &mut Vec<(SelectItem, Option<Ident>)>);
}

impl<T: SqlValue> TypedSelectList for Column<T> {
    type Row = T;
    fn push_items(self, out: &mut Vec<(SelectItem, Option<Ident>)>) {
        out.push(self.into_item());
    }
}
impl<T: SqlValue> TypedSelectList for Typed<T> {
    type Row = T;
    fn push_items(self, out: &mut Vec<(SelectItem, Option<Ident>)>) {
        out.push(self.into_item());
    }
}
impl<T: SqlValue> TypedSelectList for Labeled<T> {
    type Row = T;
    fn push_items(self, out: &mut Vec<(SelectItem, Option<Ident>)>) {
        out.push(self.into_item());
    }
}

/// Typed handles on the columns of a derived table or CTE made from a typed select:
/// `Typed<T>` for a one-column select, a tuple of them for a tuple.
pub trait RowHandles {
    /// The handles.
    type Handles;
    /// Handles on the columns `names` of the table (or alias) `table`.
    fn handles(table: &Ident, names: &[Ident]) -> Self::Handles;
}

fn handle<T>(table: &Ident, name: &Ident) -> Typed<T> {
    Typed::assume(Expr::Column(ColumnRef {
        schema: None,
        table: Some(table.clone()),
        name: name.clone(),
    }))
}

macro_rules! typed_tuples {
    ($($n:tt $name:ident)+) => {
        impl<$($name: SelectColumn),+> TypedSelectList for ($($name,)+) {
            type Row = ($($name::Sql,)+);
            #[allow(non_snake_case)]
            fn push_items(self, out: &mut Vec<(SelectItem, Option<Ident>)>) {
                let ($($name,)+) = self;
                $(out.push($name.into_item());)+
            }
        }
        impl<$($name: SqlValue),+> RowHandles for ($($name,)+) {
            type Handles = ($(Typed<$name>,)+);
            fn handles(table: &Ident, names: &[Ident]) -> Self::Handles {
                ($(handle::<$name>(table, &names[$n]),)+)
            }
        }
    };
}

typed_tuples!(0 A);
typed_tuples!(0 A 1 B);
typed_tuples!(0 A 1 B 2 C);
typed_tuples!(0 A 1 B 2 C 3 D);
typed_tuples!(0 A 1 B 2 C 3 D 4 E);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U 21 V);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U 21 V 22 W);
typed_tuples!(0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U 21 V 22 W 23 X);

/// The handles of a one-column select: `Typed<T>`.
macro_rules! scalar_handles {
    ($($t:ty),*) => {$(
        impl RowHandles for $t {
            type Handles = Typed<$t>;
            fn handles(table: &Ident, names: &[Ident]) -> Typed<$t> {
                handle(table, &names[0])
            }
        }
    )*};
}
scalar_handles!(bool, i16, i32, i64, f32, f64, String, Vec<u8>);
#[cfg(feature = "chrono")]
scalar_handles!(
    chrono::NaiveDate,
    chrono::NaiveTime,
    chrono::NaiveDateTime,
    chrono::DateTime<chrono::Utc>
);
#[cfg(feature = "uuid")]
scalar_handles!(uuid::Uuid);
#[cfg(feature = "json")]
scalar_handles!(serde_json::Value);
#[cfg(feature = "decimal")]
scalar_handles!(rust_decimal::Decimal);
impl<B: crate::typed::BaseType> RowHandles for Option<B> {
    type Handles = Typed<Option<B>>;
    fn handles(table: &Ident, names: &[Ident]) -> Typed<Option<B>> {
        handle(table, &names[0])
    }
}

/// A SELECT whose rows are of Rust type `R`, which follows from its select list (see
/// [`select`] and the module documentation). Converts into [`Select`] / [`Query`] and
/// renders like them; [`crate::exec::TypedQuery`] fetches its rows as `R`.
pub struct TypedSelect<R> {
    select: Select,
    /// The name of each select-list item in the result, where it has one.
    names: Vec<Option<Ident>>,
    _r: PhantomData<fn() -> R>,
}

impl<R> Clone for TypedSelect<R> {
    fn clone(&self) -> Self {
        TypedSelect {
            select: self.select.clone(),
            names: self.names.clone(),
            _r: PhantomData,
        }
    }
}
impl<R> PartialEq for TypedSelect<R> {
    fn eq(&self, other: &Self) -> bool {
        self.select == other.select
    }
}
impl<R> fmt::Debug for TypedSelect<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TypedSelect").field(&self.select).finish()
    }
}

/// `SELECT list`, typed: the rows are of the list's Rust types (see [`TypedSelect`]).
///
/// ```
/// use sqlweave::{Executor, TypedExpr, TypedQuery, func, select, table};
/// use sqlweave_sqlite::SqliteConnection;
/// table! { pub struct Users("users") { id: i64, name: String, email: Option<String> } }
/// let mut db = SqliteConnection::open_in_memory()?;
/// db.execute_raw_batch("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
///     INSERT INTO users VALUES (1, 'ada', NULL), (2, 'alan', 'alan@example.com');")?;
/// let u = Users::new();
/// let rows = select((u.id, u.name, u.email)).from(u).order_by(u.id.asc()).fetch_all(&mut db)?;
/// assert_eq!(rows, vec![(1, "ada".to_string(), None), (2, "alan".into(), Some("alan@example.com".into()))]);
/// let n: i64 = select(func::count_star()).from(u).fetch_one(&mut db)?;
/// assert_eq!(n, 2);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn select<L: TypedSelectList>(list: L) -> TypedSelect<L::Row> {
    TypedSelect::from_select(Select::new(), list)
}

impl Select {
    /// Makes this SELECT typed: `list` is appended to the select list (which should be
    /// empty: items already there would shift the row), and the rows are of its types.
    /// See [`select`].
    pub fn typed<L: TypedSelectList>(self, list: L) -> TypedSelect<L::Row> {
        TypedSelect::from_select(self, list)
    }
}

macro_rules! delegate {
    ($($(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),*) $(where $($w:tt)*)?;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $name(self, $($arg: $ty),*) -> Self $(where $($w)*)? {
            self.map(|s| s.$name($($arg),*))
        }
    )*};
}

impl<R> TypedSelect<R> {
    fn from_select<L: TypedSelectList<Row = R>>(mut select: Select, list: L) -> Self {
        let mut items = Vec::new();
        list.push_items(&mut items);
        let mut names = vec![None; select.items.len()];
        for (item, name) in items {
            select.items.push(item);
            names.push(name);
        }
        TypedSelect {
            select,
            names,
            _r: PhantomData,
        }
    }
    fn map(mut self, f: impl FnOnce(Select) -> Select) -> Self {
        self.select = f(self.select);
        self
    }
    /// The plain SELECT.
    pub fn into_select(self) -> Select {
        self.select
    }
    /// The plain SELECT, borrowed.
    pub fn as_select(&self) -> &Select {
        &self.select
    }
    /// A change to the SELECT that leaves the select list alone (the row type depends on
    /// it): the items are put back as they were after `f`.
    pub fn map_select(self, f: impl FnOnce(Select) -> Select) -> Self {
        let items = self.select.items.clone();
        let mut out = self.map(f);
        out.select.items = items;
        out
    }

    delegate! {
        /// `SELECT DISTINCT`
        fn distinct();
        /// `SELECT DISTINCT ON (…)` (PostgreSQL only).
        fn distinct_on(exprs: impl ExprList);
        /// Adds a FROM item; a second call adds a CROSS JOIN.
        fn from(item: impl Into<FromItem>);
        /// Adds a derived table `(query) AS alias`.
        fn from_subquery(query: impl Into<Query>, alias: impl Into<Ident>);
        /// Adds a join of any kind.
        fn join_kind(kind: JoinKind, item: impl Into<FromItem>, on: Option<Expr>);
        /// `INNER JOIN item ON on`
        fn join(item: impl Into<FromItem>, on: impl Into<Expr>);
        /// `LEFT JOIN item ON on` (type the right side's columns with
        /// [`TypedExpr::nullable`](crate::TypedExpr::nullable) in the select list).
        fn left_join(item: impl Into<FromItem>, on: impl Into<Expr>);
        /// `RIGHT JOIN item ON on`
        fn right_join(item: impl Into<FromItem>, on: impl Into<Expr>);
        /// `FULL JOIN item ON on` (not on MySQL).
        fn full_join(item: impl Into<FromItem>, on: impl Into<Expr>);
        /// `CROSS JOIN item`
        fn cross_join(item: impl Into<FromItem>);
        /// `kind JOIN LATERAL (query) AS alias ON on` (PostgreSQL, MySQL 8).
        fn join_lateral(kind: JoinKind, query: impl Into<Query>, alias: impl Into<Ident>, on: Option<Expr>);
        /// Adds a WHERE condition, ANDed with any before it.
        fn filter(cond: impl Into<Expr>);
        /// Adds a WHERE condition when `cond` is `Some`.
        fn filter_opt(cond: Option<impl Into<Expr>>);
        /// Adds GROUP BY expressions.
        fn group_by(exprs: impl ExprList);
        /// Adds a GROUP BY element (ROLLUP, CUBE, GROUPING SETS).
        fn group_by_item(item: GroupItem);
        /// Adds a HAVING condition, ANDed with any before it.
        fn having(cond: impl Into<Expr>);
        /// Adds an ORDER BY item.
        fn order_by(item: impl Into<OrderBy>);
        /// LIMIT n.
        fn limit(n: u64);
        /// OFFSET n.
        fn offset(n: u64);
        /// `FOR UPDATE`
        fn for_update();
        /// `FOR SHARE`
        fn for_share();
        /// Adds a CTE to the WITH clause.
        fn with(cte: Cte);
        /// Adds a CTE and marks the WITH clause RECURSIVE.
        fn with_recursive(cte: Cte);
    }

    fn compound(self, right: TypedSelect<R>, f: fn(Select, Query) -> Compound) -> TypedCompound<R> {
        TypedCompound {
            compound: f(self.select, right.select.into()),
            names: self.names,
            _r: PhantomData,
        }
    }
    /// `self UNION right`: both sides have the same row type.
    pub fn union(self, right: TypedSelect<R>) -> TypedCompound<R> {
        self.compound(right, |l, r| l.union(r))
    }
    /// `self UNION ALL right`
    pub fn union_all(self, right: TypedSelect<R>) -> TypedCompound<R> {
        self.compound(right, |l, r| l.union_all(r))
    }
    /// `self INTERSECT right`
    pub fn intersect(self, right: TypedSelect<R>) -> TypedCompound<R> {
        self.compound(right, |l, r| l.intersect(r))
    }
    /// `self EXCEPT right`
    pub fn except(self, right: TypedSelect<R>) -> TypedCompound<R> {
        self.compound(right, |l, r| l.except(r))
    }
    /// `self INTERSECT ALL right` (refused on SQLite: see [`Select::intersect_all`]).
    pub fn intersect_all(self, right: TypedSelect<R>) -> TypedCompound<R> {
        self.compound(right, |l, r| l.intersect_all(r))
    }
    /// `self EXCEPT ALL right` (refused on SQLite: see [`Select::except_all`]).
    pub fn except_all(self, right: TypedSelect<R>) -> TypedCompound<R> {
        self.compound(right, |l, r| l.except_all(r))
    }

    /// The same query, its rows decoded as `S` (a struct declared with
    /// [`from_row!`](macro@crate::from_row), read by label) instead of `R`.
    pub fn rows_as<S>(self) -> TypedSelect<S> {
        TypedSelect {
            select: self.select,
            names: self.names,
            _r: PhantomData,
        }
    }

    /// The names of the result's columns, checked (see [`checked_names`]).
    fn checked_names(&self, what: &str) -> Result<Vec<Ident>> {
        checked_names(&self.names, what)
    }

    /// This query as a derived table `(SELECT …) AS alias`, with typed handles on its
    /// columns: their names come from the select list (a column's name or a label), so
    /// nothing is declared by hand. An item without a name, or two with the same name,
    /// is an [`Error::Invalid`].
    ///
    /// ```
    /// use sqlweave::{Ansi, TypedExpr, select, table};
    /// table! { pub struct Orders("orders") { id: i64, customer: i64, total: f64 } }
    /// let o = Orders::new();
    /// let per = select((o.customer, o.total.sum().label("spent"))).from(o).group_by([o.customer]);
    /// let t = per.derived("per")?;
    /// let (customer, spent) = t.columns();
    /// let q = select((customer.clone(), spent.clone())).from(t).filter(spent.gt(100.0));
    /// assert_eq!(q.render(&Ansi)?.sql,
    ///     r#"SELECT "per"."customer", "per"."spent" FROM (SELECT "orders"."customer", SUM("orders"."total") AS "spent" FROM "orders" GROUP BY "orders"."customer") AS "per" WHERE "per"."spent" > ?"#);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn derived(self, alias: impl Into<Ident>) -> Result<Derived<R>>
    where
        R: RowHandles,
    {
        let alias = alias.into();
        let names = self.checked_names("a derived table")?;
        Ok(Derived {
            item: FromItem::Subquery {
                query: Box::new(self.select.into()),
                alias,
                columns: Vec::new(),
                lateral: false,
            },
            names,
            _r: PhantomData,
        })
    }

    /// This query as a derived table with a column-alias list, `(SELECT …) AS alias
    /// (a, b)` (see [`Select::alias_columns`] for each dialect's form): the handles
    /// take the names given here, one per select-list item (another count, or a name
    /// given twice, is an [`Error::Invalid`]).
    ///
    /// ```
    /// use sqlweave::{TypedExpr, select, table};
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { pub struct Orders("orders") { id: i64, total: f64 } }
    /// let o = Orders::new();
    /// let t = select((o.id, o.total * 2)).from(o).derived_with_columns("t", ["k", "twice"])?;
    /// let (k, twice) = t.columns();
    /// let q = select(k).from(t).filter(twice.gt(10.0));
    /// assert_eq!(q.render(&Postgres)?.sql,
    ///     r#"SELECT "t"."k" FROM (SELECT "orders"."id", "orders"."total" * $1 FROM "orders") AS "t" ("k", "twice") WHERE "t"."twice" > $2"#);
    /// assert_eq!(q.render(&Sqlite)?.sql,
    ///     r#"SELECT "t"."k" FROM (WITH "t" ("k", "twice") AS (SELECT "orders"."id", "orders"."total" * ? FROM "orders") SELECT * FROM "t") AS "t" WHERE "t"."twice" > ?"#);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn derived_with_columns<I, N>(self, alias: impl Into<Ident>, names: I) -> Result<Derived<R>>
    where
        R: RowHandles,
        I: IntoIterator<Item = N>,
        N: Into<Ident>,
    {
        let names: Vec<Ident> = names.into_iter().map(Into::into).collect();
        check_given_names(&names, self.names.len(), "a derived table")?;
        let alias = alias.into();
        Ok(Derived {
            item: FromItem::Subquery {
                query: Box::new(self.select.into()),
                alias,
                columns: names.clone(),
                lateral: false,
            },
            names,
            _r: PhantomData,
        })
    }

    /// This query as a CTE with a column list, `name (a, b) AS (SELECT …)`: the handles
    /// take the names given here (as for [`TypedSelect::derived_with_columns`]).
    pub fn cte_with_columns<I, N>(self, name: impl Into<Ident>, names: I) -> Result<TypedCte<R>>
    where
        R: RowHandles,
        I: IntoIterator<Item = N>,
        N: Into<Ident>,
    {
        let names: Vec<Ident> = names.into_iter().map(Into::into).collect();
        check_given_names(&names, self.names.len(), "a CTE")?;
        Ok(TypedCte {
            cte: Cte::new(name, self.select).columns(names.clone()),
            names,
            _r: PhantomData,
        })
    }

    /// This query as a common table expression `name AS (SELECT …)`, with typed handles
    /// on its columns named from the select list (as for [`TypedSelect::derived`]).
    ///
    /// ```
    /// use sqlweave::{Ansi, TypedExpr, select, table};
    /// table! { pub struct Orders("orders") { id: i64, customer: i64, total: f64 } }
    /// let o = Orders::new();
    /// let big = select((o.id, o.customer)).from(o).filter(o.total.gt(100.0)).cte("big")?;
    /// let (id, customer) = big.columns();
    /// let q = select(id.count()).with(big.definition()).from(big.reference()).filter(customer.eq(7));
    /// assert_eq!(q.render(&Ansi)?.sql,
    ///     r#"WITH "big" AS (SELECT "orders"."id", "orders"."customer" FROM "orders" WHERE "orders"."total" > ?) SELECT COUNT("big"."id") FROM "big" WHERE "big"."customer" = ?"#);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn cte(self, name: impl Into<Ident>) -> Result<TypedCte<R>>
    where
        R: RowHandles,
    {
        let name = name.into();
        let names = self.checked_names("a CTE")?;
        Ok(TypedCte {
            cte: Cte::new(name, self.select),
            names,
            _r: PhantomData,
        })
    }
}

/// The names of a result's columns, checked: every item must have one (a column, or a
/// label), and no two the same.
fn checked_names(names: &[Option<Ident>], what: &str) -> Result<Vec<Ident>> {
    let mut out: Vec<Ident> = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        let Some(n) = n else {
            return Err(Error::Invalid(format!(
                "{what}: select-list item {} has no name; give it one with .label(…)",
                i + 1
            )));
        };
        if out.contains(n) {
            return Err(Error::Invalid(format!(
                "{what}: two select-list items are named {:?}; label one with .label(…)",
                n.as_str()
            )));
        }
        out.push(n.clone());
    }
    Ok(out)
}

fn check_given_names(names: &[Ident], items: usize, what: &str) -> Result<()> {
    if names.len() != items {
        return Err(Error::Invalid(format!(
            "{what}: {} column names for {items} select-list items",
            names.len()
        )));
    }
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(Error::Invalid(format!(
                "{what}: the column name {:?} is given twice",
                n.as_str()
            )));
        }
    }
    Ok(())
}

impl<R> From<TypedSelect<R>> for Select {
    fn from(t: TypedSelect<R>) -> Select {
        t.select
    }
}
impl<R> From<TypedSelect<R>> for Query {
    fn from(t: TypedSelect<R>) -> Query {
        t.select.into()
    }
}

/// A compound query (`UNION` …) of typed selects with the same row type `R`.
pub struct TypedCompound<R> {
    compound: Compound,
    names: Vec<Option<Ident>>,
    _r: PhantomData<fn() -> R>,
}

impl<R> Clone for TypedCompound<R> {
    fn clone(&self) -> Self {
        TypedCompound {
            compound: self.compound.clone(),
            names: self.names.clone(),
            _r: PhantomData,
        }
    }
}
impl<R> fmt::Debug for TypedCompound<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TypedCompound")
            .field(&self.compound)
            .finish()
    }
}

impl<R> TypedCompound<R> {
    /// `… UNION right`
    pub fn union(mut self, right: TypedSelect<R>) -> Self {
        self.compound = self.compound.union(right.select);
        self
    }
    /// `… UNION ALL right`
    pub fn union_all(mut self, right: TypedSelect<R>) -> Self {
        self.compound = self.compound.union_all(right.select);
        self
    }
    /// `… INTERSECT right`
    pub fn intersect(mut self, right: TypedSelect<R>) -> Self {
        self.compound = self.compound.intersect(right.select);
        self
    }
    /// `… EXCEPT right`
    pub fn except(mut self, right: TypedSelect<R>) -> Self {
        self.compound = self.compound.except(right.select);
        self
    }
    /// `… INTERSECT ALL right`
    pub fn intersect_all(mut self, right: TypedSelect<R>) -> Self {
        self.compound = self.compound.intersect_all(right.select);
        self
    }
    /// `… EXCEPT ALL right`
    pub fn except_all(mut self, right: TypedSelect<R>) -> Self {
        self.compound = self.compound.except_all(right.select);
        self
    }
    /// ORDER BY of the whole compound, which sorts by output columns: a qualified column
    /// (`users.id`) is written by its name alone, as PostgreSQL and MariaDB require
    /// there (the renderer does this for every compound).
    pub fn order_by(mut self, item: impl Into<OrderBy>) -> Self {
        self.compound = self.compound.order_by(item);
        self
    }
    /// LIMIT of the whole compound.
    pub fn limit(mut self, n: u64) -> Self {
        self.compound = self.compound.limit(n);
        self
    }
    /// OFFSET of the whole compound.
    pub fn offset(mut self, n: u64) -> Self {
        self.compound = self.compound.offset(n);
        self
    }
    /// The plain compound query.
    pub fn into_compound(self) -> Compound {
        self.compound
    }
    /// The plain compound query, borrowed.
    pub fn as_compound(&self) -> &Compound {
        &self.compound
    }
    /// The same query, its rows decoded as `S` (see [`TypedSelect::rows_as`]).
    pub fn rows_as<S>(self) -> TypedCompound<S> {
        TypedCompound {
            compound: self.compound,
            names: self.names,
            _r: PhantomData,
        }
    }
}

impl<R> From<TypedCompound<R>> for Query {
    fn from(t: TypedCompound<R>) -> Query {
        t.compound.into()
    }
}
impl<R> From<TypedCompound<R>> for Compound {
    fn from(t: TypedCompound<R>) -> Compound {
        t.compound
    }
}

/// A derived table made from a typed select ([`TypedSelect::derived`]): a FROM item
/// with typed handles on its columns.
pub struct Derived<R> {
    item: FromItem,
    names: Vec<Ident>,
    _r: PhantomData<fn() -> R>,
}

impl<R> Clone for Derived<R> {
    fn clone(&self) -> Self {
        Derived {
            item: self.item.clone(),
            names: self.names.clone(),
            _r: PhantomData,
        }
    }
}
impl<R> fmt::Debug for Derived<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Derived").field(&self.item).finish()
    }
}

impl<R: RowHandles> Derived<R> {
    /// Typed handles on the columns, qualified by the alias: `Typed<T>` for a
    /// one-column select, else a tuple in select-list order.
    pub fn columns(&self) -> R::Handles {
        let alias = match &self.item {
            FromItem::Subquery { alias, .. } => alias.clone(),
            _ => Ident::from(""),
        };
        R::handles(&alias, &self.names)
    }
    /// The column names, in order.
    pub fn names(&self) -> &[Ident] {
        &self.names
    }
}

impl<R> From<Derived<R>> for FromItem {
    fn from(d: Derived<R>) -> FromItem {
        d.item
    }
}
impl<R> From<&Derived<R>> for FromItem {
    fn from(d: &Derived<R>) -> FromItem {
        d.item.clone()
    }
}

/// A common table expression made from a typed select ([`TypedSelect::cte`]).
pub struct TypedCte<R> {
    cte: Cte,
    names: Vec<Ident>,
    _r: PhantomData<fn() -> R>,
}

impl<R> Clone for TypedCte<R> {
    fn clone(&self) -> Self {
        TypedCte {
            cte: self.cte.clone(),
            names: self.names.clone(),
            _r: PhantomData,
        }
    }
}
impl<R> fmt::Debug for TypedCte<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TypedCte").field(&self.cte).finish()
    }
}

impl<R: RowHandles> TypedCte<R> {
    /// Typed handles on the columns, qualified by the CTE's name.
    pub fn columns(&self) -> R::Handles {
        R::handles(&self.cte.name, &self.names)
    }
    /// Typed handles on the columns as seen through `alias` (use with
    /// [`TypedCte::reference_as`]).
    pub fn columns_as(&self, alias: &str) -> R::Handles {
        R::handles(&Ident::from(alias.to_string()), &self.names)
    }
    /// The definition, for `.with(…)`.
    pub fn definition(&self) -> Cte {
        self.cte.clone()
    }
    /// The definition with its column list written out: `name (a, b) AS (…)`.
    pub fn definition_with_column_list(&self) -> Cte {
        self.cte.clone().columns(self.names.clone())
    }
    /// A reference to the CTE, for FROM and joins.
    pub fn reference(&self) -> CteRef {
        self.cte.table()
    }
    /// A reference to the CTE under an alias.
    pub fn reference_as(&self, alias: &str) -> CteRef {
        self.cte.table().alias(alias.to_string())
    }
    /// The column names, in order.
    pub fn names(&self) -> &[Ident] {
        &self.names
    }
}

/// A one-column typed select used as an operand is a scalar subquery of type
/// `Option<T>`: NULL when it finds no row (see [`TypedSelect::scalar`]).
impl<T: SqlValue, B: crate::typed::BaseType> Operand<B> for TypedSelect<T>
where
    T::Base: Promote<B>,
{
    type Sql = Option<T::Base>;
    fn into_operand(self) -> Expr {
        Expr::subquery(self.select)
    }
}

/// A scalar subquery as a divisor: it may be zero (or find no row) when the query
/// runs, so the quotient is nullable.
impl<T: SqlValue, B: crate::typed::BaseType> crate::typed::Divisor<B> for TypedSelect<T>
where
    T::Base: Promote<B>,
{
    type QuotientNull = crate::typed::Nullable;
}

impl<T: SqlValue> TypedSelect<T> {
    /// This one-column select as a scalar subquery `(SELECT …)`, typed `Option<T>`:
    /// NULL when no row is found (correlated subqueries too: refer to the outer query's
    /// columns in its filter). More than one row is the database's error.
    ///
    /// ```
    /// use sqlweave::{Ansi, TypedExpr, select, table};
    /// table! { pub struct Users("users") { id: i64, name: String } }
    /// table! { pub struct Orders("orders") { id: i64, user_id: i64, total: f64 } }
    /// let (u, o) = (Users::new(), Orders::new());
    /// let spent = select(o.total.sum()).from(o).filter(o.user_id.eq(u.id)).scalar();
    /// let q = select((u.name, spent.coalesce(0.0))).from(u);
    /// assert_eq!(q.render(&Ansi)?.sql,
    ///     r#"SELECT "users"."name", COALESCE((SELECT SUM("orders"."total") FROM "orders" WHERE "orders"."user_id" = "users"."id"), ?) FROM "users""#);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn scalar(self) -> Typed<Option<T::Base>> {
        Typed::assume(Expr::subquery(self.select))
    }
}
