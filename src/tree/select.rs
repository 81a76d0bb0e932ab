//! The SELECT statement and its by-value builder.

use crate::expr::{Expr, OrderBy};
use crate::ident::Ident;
use crate::query::{
    Compound, Cte, Distinct, FromItem, GroupItem, Join, JoinKind, Lock, LockStrength, LockWait,
    Query, SelectItem, TableRef, Values, With,
};
use crate::select_list::ExprList;

/// A SELECT statement. Plain data: every field is public; the builder methods take and
/// return `self`, so a partial query can be cloned and reused as a base.
///
/// ```
/// use sqlweave::{Select, Expr, TableRef, Ansi};
/// let users = TableRef::new("users");
/// let q = Select::new()
///     .columns([users.col("id"), users.col("name")])
///     .from(users.clone())
///     .filter(users.col("id").eq(7))
///     .limit(1);
/// let r = q.render(&Ansi).unwrap();
/// assert_eq!(r.sql, r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ? LIMIT ?"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    /// WITH clause.
    pub with: Option<With>,
    /// DISTINCT mode.
    pub distinct: Distinct,
    /// The select list.
    pub items: Vec<SelectItem>,
    /// The first FROM item.
    pub from: Option<FromItem>,
    /// Joins (further FROM items are CROSS joins).
    pub joins: Vec<Join>,
    /// WHERE
    pub where_: Option<Expr>,
    /// GROUP BY
    pub group_by: Vec<GroupItem>,
    /// HAVING
    pub having: Option<Expr>,
    /// ORDER BY
    pub order_by: Vec<OrderBy>,
    /// LIMIT
    pub limit: Option<u64>,
    /// OFFSET
    pub offset: Option<u64>,
    /// FOR UPDATE / FOR SHARE
    pub lock: Option<Lock>,
    /// `WINDOW name AS (…)` definitions, in order (see [`Select::window`]).
    pub windows: Vec<NamedWindow>,
    /// `FETCH FIRST n ROWS WITH TIES` instead of `LIMIT n` (see
    /// [`Select::limit_with_ties`]).
    pub with_ties: bool,
}

/// A window of a SELECT's `WINDOW` clause: `name AS (window)`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedWindow {
    /// Its name, used by [`Window::named`](crate::Window::named).
    pub name: Ident,
    /// Its definition (which may itself refine an earlier named window).
    pub window: crate::expr::Window,
}

impl Select {
    /// An empty SELECT.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds `WINDOW name AS (window)`, for window calls over
    /// [`Window::named(name)`](crate::Window::named). Calls sharing one definition
    /// say so once; a call may refine it with an ORDER BY (when the definition has none)
    /// or a frame. The name must be defined in this SELECT (not an outer one), a
    /// refinement may not add PARTITION BY, nor refine a definition that has a frame:
    /// otherwise rendering is an [`crate::Error::Invalid`]. PostgreSQL, SQLite (3.28+),
    /// MySQL 8 and MariaDB have it.
    ///
    /// ```
    /// use sqlweave::{Select, TableRef, Window, FrameBound, func};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let t = TableRef::new("sales");
    /// let q = Select::new()
    ///     .column(func::row_number().over(Window::named("w")))
    ///     .column(func::sum(t.col("amount")).over(
    ///         Window::named("w").rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
    ///     ))
    ///     .from(t.clone())
    ///     .window("w", Window::new().partition_by([t.col("region")]).order_by(t.col("day")));
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT ROW_NUMBER() OVER "w", SUM("sales"."amount") OVER ("w" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM "sales" WINDOW "w" AS (PARTITION BY "sales"."region" ORDER BY "sales"."day")"#);
    /// assert_eq!(q.render(&Sqlite).unwrap().sql,
    ///     r#"SELECT ROW_NUMBER() OVER "w", SUM("sales"."amount") OVER ("w" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM "sales" WINDOW "w" AS (PARTITION BY "sales"."region" ORDER BY "sales"."day")"#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT ROW_NUMBER() OVER `w`, SUM(`sales`.`amount`) OVER (`w` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM `sales` WINDOW `w` AS (PARTITION BY `sales`.`region` ORDER BY `sales`.`day`)");
    /// ```
    pub fn window(mut self, name: impl Into<Ident>, window: crate::expr::Window) -> Self {
        self.windows.push(NamedWindow {
            name: name.into(),
            window,
        });
        self
    }
    /// `FETCH FIRST n ROWS WITH TIES`: the first `n` rows in ORDER BY order, and every
    /// further row that ties with the last of them. Needs an ORDER BY (else
    /// [`crate::Error::Invalid`]); PostgreSQL 13+ and MariaDB 10.6+ have it, MySQL 8 and
    /// SQLite do not ([`crate::Error::Unsupported`]). [`Select::offset`] still applies
    /// (`OFFSET m ROWS`).
    ///
    /// ```
    /// use sqlweave::{Select, TableRef};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let t = TableRef::new("scores");
    /// let q = Select::new().column(t.col("name")).from(t.clone())
    ///     .order_by(t.col("points").desc()).limit_with_ties(3);
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT "scores"."name" FROM "scores" ORDER BY "scores"."points" DESC FETCH FIRST $1 ROWS WITH TIES"#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT `scores`.`name` FROM `scores` ORDER BY `scores`.`points` DESC FETCH FIRST ? ROWS WITH TIES");
    /// assert!(q.render(&Sqlite).is_err());
    /// assert!(q.render(&MySql::mysql8()).is_err());
    /// ```
    pub fn limit_with_ties(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self.with_ties = true;
        self
    }
    /// Adds one item to the select list.
    #[inline]
    pub fn column(mut self, item: impl Into<SelectItem>) -> Self {
        self.items.push(item.into());
        self
    }
    /// Adds several items to the select list.
    #[inline]
    pub fn columns<I, E>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = E>,
        E: Into<SelectItem>,
    {
        self.items.extend(items.into_iter().map(Into::into));
        self
    }
    /// Adds `expr AS label`.
    #[inline]
    pub fn column_as(mut self, expr: impl Into<Expr>, label: impl Into<Ident>) -> Self {
        self.items.push(SelectItem::Expr {
            expr: expr.into(),
            alias: Some(label.into()),
        });
        self
    }
    /// Adds `*`.
    #[inline]
    pub fn star(mut self) -> Self {
        self.items.push(SelectItem::Star);
        self
    }
    /// Adds `table.*` (use the alias for an aliased table).
    #[inline]
    pub fn table_star(mut self, table: impl Into<Ident>) -> Self {
        self.items.push(SelectItem::TableStar(table.into()));
        self
    }
    /// `SELECT DISTINCT`
    #[inline]
    pub fn distinct(mut self) -> Self {
        self.distinct = Distinct::Distinct;
        self
    }
    /// `SELECT DISTINCT ON (…)` (PostgreSQL only).
    #[inline]
    pub fn distinct_on(mut self, exprs: impl ExprList) -> Self {
        self.distinct = Distinct::On(exprs.into_exprs());
        self
    }
    /// Adds a FROM item. A second call adds a CROSS JOIN.
    #[inline]
    pub fn from(mut self, item: impl Into<FromItem>) -> Self {
        let item = item.into();
        if self.from.is_none() {
            self.from = Some(item);
        } else {
            self.joins.push(Join {
                kind: JoinKind::Cross,
                item,
                on: None,
            });
        }
        self
    }
    /// Adds a derived table `(query) AS alias`.
    #[inline]
    pub fn from_subquery(self, query: impl Into<Query>, alias: impl Into<Ident>) -> Self {
        self.from(FromItem::Subquery {
            query: Box::new(query.into()),
            alias: alias.into(),
            columns: Vec::new(),
            lateral: false,
        })
    }
    /// Adds a VALUES list as a table `(VALUES …) AS alias (columns)`.
    #[inline]
    pub fn from_values<I, N>(self, values: Values, alias: impl Into<Ident>, columns: I) -> Self
    where
        I: IntoIterator<Item = N>,
        N: Into<Ident>,
    {
        self.from(FromItem::Values {
            values,
            alias: alias.into(),
            columns: columns.into_iter().map(Into::into).collect(),
        })
    }
    /// Adds a join of any kind.
    pub fn join_kind(
        mut self,
        kind: JoinKind,
        item: impl Into<FromItem>,
        on: Option<Expr>,
    ) -> Self {
        self.joins.push(Join {
            kind,
            item: item.into(),
            on,
        });
        self
    }
    /// `INNER JOIN item ON on`
    #[inline]
    pub fn join(self, item: impl Into<FromItem>, on: impl Into<Expr>) -> Self {
        self.join_kind(JoinKind::Inner, item, Some(on.into()))
    }
    /// `LEFT JOIN item ON on`
    #[inline]
    pub fn left_join(self, item: impl Into<FromItem>, on: impl Into<Expr>) -> Self {
        self.join_kind(JoinKind::Left, item, Some(on.into()))
    }
    /// `RIGHT JOIN item ON on`
    #[inline]
    pub fn right_join(self, item: impl Into<FromItem>, on: impl Into<Expr>) -> Self {
        self.join_kind(JoinKind::Right, item, Some(on.into()))
    }
    /// `FULL JOIN item ON on` (not on MySQL).
    #[inline]
    pub fn full_join(self, item: impl Into<FromItem>, on: impl Into<Expr>) -> Self {
        self.join_kind(JoinKind::Full, item, Some(on.into()))
    }
    /// `CROSS JOIN item`
    #[inline]
    pub fn cross_join(self, item: impl Into<FromItem>) -> Self {
        self.join_kind(JoinKind::Cross, item, None)
    }
    /// `kind JOIN LATERAL (query) AS alias ON on` (PostgreSQL, MySQL 8).
    /// For `kind` CROSS, `on` is ignored.
    pub fn join_lateral(
        self,
        kind: JoinKind,
        query: impl Into<Query>,
        alias: impl Into<Ident>,
        on: Option<Expr>,
    ) -> Self {
        let on = if kind == JoinKind::Cross { None } else { on };
        self.join_kind(
            kind,
            FromItem::Subquery {
                query: Box::new(query.into()),
                alias: alias.into(),
                columns: Vec::new(),
                lateral: true,
            },
            on,
        )
    }
    /// Adds a WHERE condition, ANDed with any before it. `TRUE` (what [`crate::all_of`]
    /// gives for no conditions) adds nothing.
    #[inline]
    pub fn filter(mut self, cond: impl Into<Expr>) -> Self {
        let cond = cond.into();
        if cond == Expr::True {
            return self;
        }
        crate::expr::and_into(&mut self.where_, cond);
        self
    }
    /// Adds a WHERE condition when `cond` is `Some` (optional filters built at run time).
    #[inline]
    pub fn filter_opt(self, cond: Option<impl Into<Expr>>) -> Self {
        match cond {
            Some(c) => self.filter(c),
            None => self,
        }
    }
    /// Adds GROUP BY expressions: an array, a `Vec`, or a tuple of mixed types.
    #[inline]
    pub fn group_by(mut self, exprs: impl ExprList) -> Self {
        self.group_by
            .extend(exprs.into_exprs().into_iter().map(GroupItem::Expr));
        self
    }
    /// Adds a GROUP BY element (ROLLUP, CUBE, GROUPING SETS).
    #[inline]
    pub fn group_by_item(mut self, item: GroupItem) -> Self {
        self.group_by.push(item);
        self
    }
    /// Adds a HAVING condition, ANDed with any before it.
    #[inline]
    pub fn having(mut self, cond: impl Into<Expr>) -> Self {
        crate::expr::and_into(&mut self.having, cond.into());
        self
    }
    /// Adds an ORDER BY item.
    #[inline]
    pub fn order_by(mut self, item: impl Into<OrderBy>) -> Self {
        self.order_by.push(item.into());
        self
    }
    /// LIMIT n.
    #[inline]
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }
    /// OFFSET n (works without LIMIT on every dialect).
    #[inline]
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }
    /// `FOR UPDATE` (or another strength) with a wait policy.
    ///
    /// SQLite has no row locks: refused there. PostgreSQL locks table rows only, so it
    /// refuses ([`Feature::LockInSetOp`](crate::Feature::LockInSetOp),
    /// [`Feature::LockOnGroupedRows`](crate::Feature::LockOnGroupedRows)) a lock on a
    /// member of a UNION / INTERSECT / EXCEPT and on a SELECT with DISTINCT, GROUP BY,
    /// HAVING, an aggregate or a window function, or reading a derived table that is a
    /// compound or has one of these (the lock reaches the derived tables in FROM unless
    /// `OF` leaves them out); sqlweave refuses these before anything is sent. MySQL and
    /// MariaDB take them all. A lock inside a derived table, a CTE or a subquery is
    /// accepted everywhere locks are.
    #[inline]
    pub fn lock(mut self, strength: LockStrength, wait: LockWait) -> Self {
        self.lock = Some(Lock {
            strength,
            of: Vec::new(),
            wait,
        });
        self
    }
    /// `FOR UPDATE`
    #[inline]
    pub fn for_update(self) -> Self {
        self.lock(LockStrength::Update, LockWait::Wait)
    }
    /// `FOR SHARE`
    #[inline]
    pub fn for_share(self) -> Self {
        self.lock(LockStrength::Share, LockWait::Wait)
    }
    /// Adds a CTE to the WITH clause.
    #[inline]
    pub fn with(mut self, cte: Cte) -> Self {
        self.with.get_or_insert_with(With::default).ctes.push(cte);
        self
    }
    /// Adds a CTE and marks the WITH clause RECURSIVE.
    #[inline]
    pub fn with_recursive(mut self, cte: Cte) -> Self {
        let w = self.with.get_or_insert_with(With::default);
        w.recursive = true;
        w.ctes.push(cte);
        self
    }
    /// `self UNION right`
    #[inline]
    pub fn union(self, right: impl Into<Query>) -> Compound {
        Query::from(self).union(right)
    }
    /// `self UNION ALL right`
    #[inline]
    pub fn union_all(self, right: impl Into<Query>) -> Compound {
        Query::from(self).union_all(right)
    }
    /// `self INTERSECT right`
    #[inline]
    pub fn intersect(self, right: impl Into<Query>) -> Compound {
        Query::from(self).intersect(right)
    }
    /// `self EXCEPT right`
    #[inline]
    pub fn except(self, right: impl Into<Query>) -> Compound {
        Query::from(self).except(right)
    }
    /// `self INTERSECT ALL right`: the rows of both, each as many times as it is in
    /// both. PostgreSQL, MySQL 8.0.31+ and MariaDB 10.5+; SQLite has no ALL form of
    /// INTERSECT / EXCEPT and refuses it ([`Error::Unsupported`](crate::Error)).
    ///
    /// ```
    /// use sqlweave::{Expr, Select};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let a = Select::new().column(Expr::column("x")).from(sqlweave::table("a"));
    /// let b = Select::new().column(Expr::column("x")).from(sqlweave::table("b"));
    /// let q = a.intersect_all(b);
    /// assert_eq!(q.render(&Postgres)?.sql, r#"SELECT "x" FROM "a" INTERSECT ALL SELECT "x" FROM "b""#);
    /// assert_eq!(q.render(&MySql::mariadb())?.sql, "SELECT `x` FROM `a` INTERSECT ALL SELECT `x` FROM `b`");
    /// assert!(q.render(&Sqlite).is_err());
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    #[inline]
    pub fn intersect_all(self, right: impl Into<Query>) -> Compound {
        Query::from(self).intersect_all(right)
    }
    /// `self EXCEPT ALL right`: the rows of `self`, each as many times more than it is
    /// in `right`. Where it runs: as [`Select::intersect_all`].
    #[inline]
    pub fn except_all(self, right: impl Into<Query>) -> Compound {
        Query::from(self).except_all(right)
    }
    /// This query as a scalar subquery expression.
    #[inline]
    pub fn as_expr(self) -> Expr {
        Expr::subquery(self)
    }
    /// This query as a derived table for FROM.
    #[inline]
    pub fn alias(self, alias: impl Into<Ident>) -> FromItem {
        FromItem::Subquery {
            query: Box::new(self.into()),
            alias: alias.into(),
            columns: Vec::new(),
            lateral: false,
        }
    }
    /// This query as a derived table with a column-alias list, `(SELECT …) AS alias
    /// (a, b)`: the names its columns have outside. PostgreSQL and MySQL 8 write the
    /// list; SQLite and MariaDB 10, which have no such list, get the same table as
    /// `(WITH alias (a, b) AS (SELECT …) SELECT * FROM alias) AS alias`.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, TableRef};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let t = TableRef::new("t");
    /// let d = Select::new().columns([t.col("x"), t.col("x").add(1)]).from(t).alias_columns("d", ["a", "b"]);
    /// let q = Select::new().column(Expr::qualified("d", "b")).from(d);
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT "d"."b" FROM (SELECT "t"."x", "t"."x" + $1 FROM "t") AS "d" ("a", "b")"#);
    /// assert_eq!(q.render(&MySql::mysql8()).unwrap().sql,
    ///     "SELECT `d`.`b` FROM (SELECT `t`.`x`, `t`.`x` + ? FROM `t`) AS `d` (`a`, `b`)");
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT `d`.`b` FROM (WITH `d` (`a`, `b`) AS (SELECT `t`.`x`, `t`.`x` + ? FROM `t`) SELECT * FROM `d`) AS `d`");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql,
    ///     r#"SELECT "d"."b" FROM (WITH "d" ("a", "b") AS (SELECT "t"."x", "t"."x" + ? FROM "t") SELECT * FROM "d") AS "d""#);
    /// ```
    pub fn alias_columns<I, N>(self, alias: impl Into<Ident>, columns: I) -> FromItem
    where
        I: IntoIterator<Item = N>,
        N: Into<Ident>,
    {
        FromItem::Subquery {
            query: Box::new(self.into()),
            alias: alias.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            lateral: false,
        }
    }
}

/// A helper to reference a table by name in FROM.
pub fn table(name: impl Into<Ident>) -> TableRef {
    TableRef::new(name)
}
