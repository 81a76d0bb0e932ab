//! Queries: SELECT, compound queries (UNION …), VALUES lists and CTEs.

use crate::expr::{Expr, OrderBy};
use crate::ident::Ident;
use crate::value::Value;

/// A table (or view) in FROM or a join, with an optional schema and alias.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRef {
    /// The schema, for a schema-qualified name.
    pub schema: Option<Ident>,
    /// The table name.
    pub name: Ident,
    /// The alias (`AS a`).
    pub alias: Option<Ident>,
}

impl TableRef {
    /// A table by name.
    pub fn new(name: impl Into<Ident>) -> Self {
        TableRef {
            schema: None,
            name: name.into(),
            alias: None,
        }
    }
    /// A schema-qualified table.
    pub fn with_schema(schema: impl Into<Ident>, name: impl Into<Ident>) -> Self {
        TableRef {
            schema: Some(schema.into()),
            name: name.into(),
            alias: None,
        }
    }
    /// The same table under an alias.
    pub fn alias(mut self, alias: impl Into<Ident>) -> Self {
        self.alias = Some(alias.into());
        self
    }
    /// A column of this table, qualified by the alias if there is one, else by the name.
    pub fn col(&self, name: impl Into<Ident>) -> Expr {
        Expr::Column(crate::expr::ColumnRef {
            schema: if self.alias.is_some() {
                None
            } else {
                self.schema.clone()
            },
            table: Some(self.alias.clone().unwrap_or_else(|| self.name.clone())),
            name: name.into(),
        })
    }
}

/// A reference to a common table expression ([`Cte`]) by name, in FROM or a join: the
/// name of a CTE defined by a WITH clause of this statement or of a statement around it,
/// and an optional alias. It renders exactly like a table of that name (`"name" AS
/// "alias"`) on every dialect; it is its own kind of FROM item so that code walking a
/// tree (see [`crate::visit`]) can tell what reads a table from what reads a CTE.
///
/// [`Cte::table`] makes one; [`CteRef::new`] names a CTE not built yet (the
/// self-reference inside a recursive CTE's body).
///
/// ```
/// use sqlweave::{Cte, CteRef, Expr, FromItem, Select, TableRef, func};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let orders = TableRef::new("orders");
/// let paid = Cte::new(
///     "paid",
///     Select::new().column(orders.col("id")).from(orders.clone()).filter(orders.col("status").eq("paid")),
/// );
/// let p = paid.table().alias("p");
/// assert!(matches!(FromItem::from(p.clone()), FromItem::Cte(_)));
/// let q = Select::new().with(paid).column(func::count(p.col("id"))).from(p);
/// assert_eq!(q.render(&Postgres).unwrap().sql,
///     r#"WITH "paid" AS (SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = $1) SELECT COUNT("p"."id") FROM "paid" AS "p""#);
/// assert_eq!(q.render(&Sqlite).unwrap().sql,
///     r#"WITH "paid" AS (SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = ?) SELECT COUNT("p"."id") FROM "paid" AS "p""#);
/// assert_eq!(q.render(&MySql::mysql8()).unwrap().sql,
///     "WITH `paid` AS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`status` = ?) SELECT COUNT(`p`.`id`) FROM `paid` AS `p`");
///
/// // A recursive CTE names itself in its own body before it exists:
/// let seq = CteRef::new("seq");
/// let body = Select::new().column(Expr::value(1_i64)).union_all(
///     Select::new().column(seq.col("n").add(1_i64)).from(seq.clone()).filter(seq.col("n").lt(5_i64)),
/// );
/// let q = Select::new()
///     .with_recursive(Cte::new("seq", body).columns(["n"]))
///     .column(func::sum(seq.col("n")))
///     .from(seq);
/// assert_eq!(q.render(&Sqlite).unwrap().sql,
///     r#"WITH RECURSIVE "seq" ("n") AS (SELECT ? UNION ALL SELECT "seq"."n" + ? FROM "seq" WHERE "seq"."n" < ?) SELECT SUM("seq"."n") FROM "seq""#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CteRef {
    /// The CTE's name.
    pub name: Ident,
    /// The alias (`AS a`).
    pub alias: Option<Ident>,
}

impl CteRef {
    /// A reference to the CTE named `name`.
    pub fn new(name: impl Into<Ident>) -> Self {
        CteRef {
            name: name.into(),
            alias: None,
        }
    }
    /// The same reference under an alias.
    pub fn alias(mut self, alias: impl Into<Ident>) -> Self {
        self.alias = Some(alias.into());
        self
    }
    /// A column of the CTE, qualified by the alias if there is one, else by the name.
    pub fn col(&self, name: impl Into<Ident>) -> Expr {
        Expr::Column(crate::expr::ColumnRef {
            schema: None,
            table: Some(self.alias.clone().unwrap_or_else(|| self.name.clone())),
            name: name.into(),
        })
    }
}

/// Something in FROM or a join.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FromItem {
    /// A table.
    Table(TableRef),
    /// A reference to a CTE by name (rendered as a table of that name).
    Cte(CteRef),
    /// A derived table `(subquery) AS alias`.
    Subquery {
        /// The subquery.
        query: Box<Query>,
        /// Its alias (required by SQL).
        alias: Ident,
        /// The column-alias list `AS alias (a, b)` (empty: none), emulated with a CTE
        /// where the dialect has no such list (see [`crate::Select::alias_columns`]).
        columns: Vec<Ident>,
        /// `LATERAL` (PostgreSQL, MySQL 8).
        lateral: bool,
    },
    /// A VALUES list as a table: `(VALUES …) AS alias (columns)`.
    Values {
        /// The rows.
        values: Values,
        /// Its alias.
        alias: Ident,
        /// Column names.
        columns: Vec<Ident>,
    },
}

impl From<TableRef> for FromItem {
    fn from(t: TableRef) -> Self {
        FromItem::Table(t)
    }
}

impl From<CteRef> for FromItem {
    fn from(c: CteRef) -> Self {
        FromItem::Cte(c)
    }
}

/// Join kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JoinKind {
    /// `INNER JOIN`
    Inner,
    /// `LEFT JOIN`
    Left,
    /// `RIGHT JOIN`
    Right,
    /// `FULL JOIN`
    Full,
    /// `CROSS JOIN`
    Cross,
}

/// One join.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// The kind.
    pub kind: JoinKind,
    /// The joined item.
    pub item: FromItem,
    /// The `ON` condition (none for CROSS).
    pub on: Option<Expr>,
}

/// One item of a select list.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    /// An expression with an optional label.
    Expr {
        /// The expression.
        expr: Expr,
        /// `AS label`
        alias: Option<Ident>,
    },
    /// `*`
    Star,
    /// `table.*`
    TableStar(Ident),
}

impl<E: Into<Expr>> From<E> for SelectItem {
    fn from(e: E) -> Self {
        SelectItem::Expr {
            expr: e.into(),
            alias: None,
        }
    }
}

/// DISTINCT modes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Distinct {
    /// No DISTINCT.
    #[default]
    All,
    /// `DISTINCT`
    Distinct,
    /// `DISTINCT ON (…)` (PostgreSQL).
    On(Vec<Expr>),
}

/// One element of GROUP BY.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupItem {
    /// An expression.
    Expr(Expr),
    /// `ROLLUP (…)` (MySQL: `… WITH ROLLUP`, as the only element).
    Rollup(Vec<Expr>),
    /// `CUBE (…)`
    Cube(Vec<Expr>),
    /// `GROUPING SETS ((…), …)`
    GroupingSets(Vec<Vec<Expr>>),
}

/// Row-lock strength of `FOR …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockStrength {
    /// `FOR UPDATE`
    Update,
    /// `FOR NO KEY UPDATE` (PostgreSQL)
    NoKeyUpdate,
    /// `FOR SHARE` (`LOCK IN SHARE MODE` on MariaDB)
    Share,
    /// `FOR KEY SHARE` (PostgreSQL)
    KeyShare,
}

/// What a locking read does when a row is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LockWait {
    /// Wait.
    #[default]
    Wait,
    /// `NOWAIT`
    NoWait,
    /// `SKIP LOCKED`
    SkipLocked,
}

/// A `FOR UPDATE` / `FOR SHARE` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Lock {
    /// The strength.
    pub strength: LockStrength,
    /// `OF table, …`
    pub of: Vec<Ident>,
    /// NOWAIT / SKIP LOCKED.
    pub wait: LockWait,
}

/// One common table expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Cte {
    /// Its name.
    pub name: Ident,
    /// Optional column names.
    pub columns: Vec<Ident>,
    /// Its query.
    pub query: Query,
    /// `MATERIALIZED` (true) / `NOT MATERIALIZED` (false) hint (PostgreSQL, SQLite).
    pub materialized: Option<bool>,
}

impl Cte {
    /// A CTE `name AS (query)`.
    pub fn new(name: impl Into<Ident>, query: impl Into<Query>) -> Self {
        Cte {
            name: name.into(),
            columns: Vec::new(),
            query: query.into(),
            materialized: None,
        }
    }
    /// Names its columns: `name (a, b) AS (…)`.
    pub fn columns<I, N>(mut self, cols: I) -> Self
    where
        I: IntoIterator<Item = N>,
        N: Into<Ident>,
    {
        self.columns = cols.into_iter().map(Into::into).collect();
        self
    }
    /// Adds a `MATERIALIZED` / `NOT MATERIALIZED` hint.
    pub fn materialized(mut self, yes: bool) -> Self {
        self.materialized = Some(yes);
        self
    }
    /// A reference to this CTE for FROM and joins ([`FromItem::Cte`]), with
    /// [`CteRef::col`] for its columns and [`CteRef::alias`].
    ///
    /// Until this version it returned a [`TableRef`], so a CTE reference could not be told
    /// from a table; the SQL is the same. Code that needs a `TableRef` can build one with
    /// `TableRef::new(cte.name.clone())`.
    pub fn table(&self) -> CteRef {
        CteRef::new(self.name.clone())
    }
}

/// A WITH clause.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct With {
    /// `WITH RECURSIVE`
    pub recursive: bool,
    /// The CTEs.
    pub ctes: Vec<Cte>,
}

/// A VALUES list. Each row must have the same number of values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Values {
    /// The rows.
    pub rows: Vec<Vec<Expr>>,
}

impl Values {
    /// A VALUES list from rows of anything that converts into values or expressions.
    pub fn new<R, I, E>(rows: R) -> Self
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator<Item = E>,
        E: Into<Expr>,
    {
        Values {
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(Into::into).collect())
                .collect(),
        }
    }
}

/// Set operators of compound queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    /// `UNION`
    Union,
    /// `UNION ALL`
    UnionAll,
    /// `INTERSECT`
    Intersect,
    /// `INTERSECT ALL` (PostgreSQL, MariaDB)
    IntersectAll,
    /// `EXCEPT`
    Except,
    /// `EXCEPT ALL` (PostgreSQL, MariaDB)
    ExceptAll,
}

/// A compound query: `left op right [ORDER BY …] [LIMIT …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Compound {
    /// CTEs.
    pub with: Option<With>,
    /// The set operator.
    pub op: SetOp,
    /// Left side.
    pub left: Query,
    /// Right side.
    pub right: Query,
    /// ORDER BY of the whole compound (by output column).
    pub order_by: Vec<OrderBy>,
    /// LIMIT of the whole compound.
    pub limit: Option<u64>,
    /// OFFSET of the whole compound.
    pub offset: Option<u64>,
}

/// Anything that yields rows: a SELECT, a compound query or a VALUES list — and, as
/// the body of a CTE on PostgreSQL, an INSERT / UPDATE / DELETE (with RETURNING).
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// A SELECT.
    Select(crate::expr::SelectBox),
    /// A compound query.
    Compound(crate::expr::CompoundBox),
    /// A VALUES list.
    Values(Values),
    /// An INSERT (only as a CTE body, PostgreSQL).
    Insert(crate::expr::InsertBox),
    /// An UPDATE (only as a CTE body, PostgreSQL).
    Update(crate::expr::UpdateBox),
    /// A DELETE (only as a CTE body, PostgreSQL).
    Delete(crate::expr::DeleteBox),
}

impl From<crate::dml::Insert> for Query {
    fn from(s: crate::dml::Insert) -> Self {
        Query::Insert(crate::expr::InsertBox::new(s))
    }
}
impl From<crate::dml::Update> for Query {
    fn from(s: crate::dml::Update) -> Self {
        Query::Update(crate::expr::UpdateBox::new(s))
    }
}
impl From<crate::dml::Delete> for Query {
    fn from(s: crate::dml::Delete) -> Self {
        Query::Delete(crate::expr::DeleteBox::new(s))
    }
}

impl crate::schema::Table for TableRef {
    fn table_ref(&self) -> TableRef {
        self.clone()
    }
    /// A bare reference knows no columns.
    fn columns(&self) -> Vec<Expr> {
        Vec::new()
    }
}

impl From<crate::select::Select> for Query {
    #[inline]
    fn from(s: crate::select::Select) -> Self {
        Query::Select(crate::expr::SelectBox::new(s))
    }
}

impl From<Compound> for Query {
    fn from(c: Compound) -> Self {
        Query::Compound(crate::expr::CompoundBox::new(c))
    }
}

impl From<Values> for Query {
    fn from(v: Values) -> Self {
        Query::Values(v)
    }
}

impl Query {
    fn compound(self, op: SetOp, right: impl Into<Query>) -> Compound {
        Compound {
            with: None,
            op,
            left: self,
            right: right.into(),
            order_by: Vec::new(),
            limit: None,
            offset: None,
        }
    }
    /// `self UNION right`
    pub fn union(self, right: impl Into<Query>) -> Compound {
        self.compound(SetOp::Union, right)
    }
    /// `self UNION ALL right`
    pub fn union_all(self, right: impl Into<Query>) -> Compound {
        self.compound(SetOp::UnionAll, right)
    }
    /// `self INTERSECT right`
    pub fn intersect(self, right: impl Into<Query>) -> Compound {
        self.compound(SetOp::Intersect, right)
    }
    /// `self EXCEPT right`
    pub fn except(self, right: impl Into<Query>) -> Compound {
        self.compound(SetOp::Except, right)
    }
    /// `self INTERSECT ALL right` (see [`Select::intersect_all`](crate::Select::intersect_all)).
    pub fn intersect_all(self, right: impl Into<Query>) -> Compound {
        self.compound(SetOp::IntersectAll, right)
    }
    /// `self EXCEPT ALL right` (see [`Select::except_all`](crate::Select::except_all)).
    pub fn except_all(self, right: impl Into<Query>) -> Compound {
        self.compound(SetOp::ExceptAll, right)
    }
}

impl Compound {
    /// Chains another set operation onto this compound.
    pub fn then(self, op: SetOp, right: impl Into<Query>) -> Compound {
        Query::from(self).compound(op, right)
    }
    /// `… UNION right`
    pub fn union(self, right: impl Into<Query>) -> Compound {
        self.then(SetOp::Union, right)
    }
    /// `… UNION ALL right`
    pub fn union_all(self, right: impl Into<Query>) -> Compound {
        self.then(SetOp::UnionAll, right)
    }
    /// `… INTERSECT right`
    pub fn intersect(self, right: impl Into<Query>) -> Compound {
        self.then(SetOp::Intersect, right)
    }
    /// `… EXCEPT right`
    pub fn except(self, right: impl Into<Query>) -> Compound {
        self.then(SetOp::Except, right)
    }
    /// `… INTERSECT ALL right` (see [`Select::intersect_all`](crate::Select::intersect_all)).
    pub fn intersect_all(self, right: impl Into<Query>) -> Compound {
        self.then(SetOp::IntersectAll, right)
    }
    /// `… EXCEPT ALL right` (see [`Select::except_all`](crate::Select::except_all)).
    pub fn except_all(self, right: impl Into<Query>) -> Compound {
        self.then(SetOp::ExceptAll, right)
    }
    /// ORDER BY on the compound.
    pub fn order_by(mut self, item: impl Into<OrderBy>) -> Self {
        self.order_by.push(item.into());
        self
    }
    /// LIMIT on the compound.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }
    /// OFFSET on the compound.
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }
    /// Adds a CTE.
    pub fn with(mut self, cte: Cte) -> Self {
        self.with.get_or_insert_with(With::default).ctes.push(cte);
        self
    }
}

/// The limit and offset travel as bind parameters.
pub(crate) fn limit_value(n: u64) -> Value {
    match i64::try_from(n) {
        Ok(v) => Value::I64(v),
        Err(_) => Value::U64(n),
    }
}
