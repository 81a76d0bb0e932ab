//! The statistical, boolean and ordered-set aggregates a report uses, typed.
//!
//! | aggregate | PostgreSQL | MySQL 8 / MariaDB | SQLite |
//! |---|---|---|---|
//! | `stddev_samp`, `stddev_pop`, `var_samp`, `var_pop` | over doubles | over doubles | refused (no such aggregates) |
//! | `bool_and`, `bool_or` | `BOOL_AND` / `BOOL_OR` | `MIN` / `MAX` of 0 and 1 | `MIN` / `MAX` of 0 and 1 |
//! | `percentile_cont`, `percentile_disc` | `… WITHIN GROUP (ORDER BY x)` | refused (MariaDB has them as window functions only, MySQL not at all) | refused |
//!
//! Standard deviations and variances are computed over the argument cast to a double on
//! every database and are `Option<f64>` (NULL over no rows, and the sample forms over
//! one row). PostgreSQL and MariaDB sum in different orders, so a result may differ in
//! its last binary digit for values a double does not hold exactly. They take FILTER and
//! OVER like any aggregate ([`Typed::filter`], [`Typed::over`]).
//!
//! ```
//! use sqlweave::func::AggregateFunctions;
//! use sqlweave::{Select, TypedExpr, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { struct Sales("sales") { region: String, amount: i64, paid: bool } }
//! let s = Sales::new();
//! let q = Select::new()
//!     .cols((s.region, s.amount.stddev_samp(), s.paid.bool_and()))
//!     .from(s)
//!     .group_by([s.region]);
//! assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT "sales"."region", STDDEV_SAMP(CAST("sales"."amount" AS DOUBLE PRECISION)), BOOL_AND("sales"."paid") FROM "sales" GROUP BY "sales"."region""#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT `sales`.`region`, STDDEV_SAMP(CAST(`sales`.`amount` AS DOUBLE)), MIN(`sales`.`paid`) FROM `sales` GROUP BY `sales`.`region`");
//! assert!(q.render(&Sqlite).is_err()); // no STDDEV_SAMP
//! let q = Select::new().cols((s.region, s.paid.bool_or())).from(s).group_by([s.region]);
//! assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT "sales"."region", MAX("sales"."paid") FROM "sales" GROUP BY "sales"."region""#);
//! ```
//!
//! The standard deviation of text does not compile:
//!
//! ```compile_fail
//! use sqlweave::func::AggregateFunctions;
//! use sqlweave::table;
//! table! { struct Sales("sales") { region: String, amount: i64 } }
//! let _ = Sales::new().region.stddev_samp();
//! ```
//!
//! nor `BOOL_AND` of a number:
//!
//! ```compile_fail
//! use sqlweave::func::AggregateFunctions;
//! use sqlweave::table;
//! table! { struct Sales("sales") { region: String, amount: i64 } }
//! let _ = Sales::new().amount.bool_and();
//! ```

use crate::expr::{AggregateFn, Expr, Func};
use crate::typed::{BaseOf, Numeric, SqlValue, Typed, TypedExpr};

use super::call_func;

fn agg<T>(f: AggregateFn, e: Expr) -> Typed<T> {
    Typed::assume(call_func(Func::Aggregate(f), [e]))
}

/// Aggregates of typed columns and expressions (see the [module](self) for what each
/// database gets).
pub trait AggregateFunctions: TypedExpr {
    /// The sample standard deviation (NULL for fewer than two values).
    fn stddev_samp(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        agg(AggregateFn::StddevSamp, self.into())
    }
    /// The population standard deviation (NULL over no values).
    fn stddev_pop(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        agg(AggregateFn::StddevPop, self.into())
    }
    /// The sample variance (NULL for fewer than two values).
    fn var_samp(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        agg(AggregateFn::VarSamp, self.into())
    }
    /// The population variance (NULL over no values).
    fn var_pop(self) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        agg(AggregateFn::VarPop, self.into())
    }
    /// True when every non-NULL value is true; NULL over no values.
    fn bool_and(self) -> Typed<Option<bool>>
    where
        Self: TypedExpr<Sql: SqlValue<Base = bool>>,
    {
        agg(AggregateFn::BoolAnd, self.into())
    }
    /// True when any non-NULL value is true; NULL over no values.
    fn bool_or(self) -> Typed<Option<bool>>
    where
        Self: TypedExpr<Sql: SqlValue<Base = bool>>,
    {
        agg(AggregateFn::BoolOr, self.into())
    }
    /// The continuous percentile `fraction` (0 to 1) of the values, interpolated, as a
    /// double: `PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY self)` (PostgreSQL
    /// only).
    ///
    /// ```
    /// use sqlweave::func::AggregateFunctions;
    /// use sqlweave::{Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// table! { struct Sales("sales") { amount: i64 } }
    /// let s = Sales::new();
    /// let q = Select::new().column(s.amount.percentile_cont(0.5)).from(s);
    /// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT PERCENTILE_CONT($1) WITHIN GROUP (ORDER BY "sales"."amount") FROM "sales""#);
    /// assert!(q.render(&MySql::mariadb()).is_err());
    /// ```
    fn percentile_cont(self, fraction: f64) -> Typed<Option<f64>>
    where
        BaseOf<Self>: Numeric,
    {
        Typed::assume(call_func(
            Func::PercentileCont,
            [Expr::from(fraction), self.into()],
        ))
    }
    /// The first value whose position in the sorted values reaches `fraction` (0 to 1):
    /// `PERCENTILE_DISC(fraction) WITHIN GROUP (ORDER BY self)`, of `self`'s type
    /// (PostgreSQL only).
    fn percentile_disc(self, fraction: f64) -> Typed<Option<BaseOf<Self>>> {
        Typed::assume(call_func(
            Func::PercentileDisc,
            [Expr::from(fraction), self.into()],
        ))
    }
}

impl<E: TypedExpr> AggregateFunctions for E {}
