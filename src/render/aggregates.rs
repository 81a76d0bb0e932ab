//! Rendering of the statistical, boolean and ordered-set aggregates of the catalogue
//! ([`Func::Aggregate`], [`Func::PercentileCont`], [`Func::PercentileDisc`]).

use super::Renderer;
use crate::dialect::{Dialect, Feature};
use crate::error::{Error, Result};
use crate::expr::{AggregateFn, FuncCall};

impl AggregateFn {
    /// Whether the aggregate is computed over the argument cast to a double (the
    /// standard deviations and variances).
    pub(crate) fn over_doubles(self) -> bool {
        matches!(
            self,
            AggregateFn::StddevSamp
                | AggregateFn::StddevPop
                | AggregateFn::VarSamp
                | AggregateFn::VarPop
        )
    }
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// The name the dialect writes an aggregate of the catalogue with, or its refusal.
    pub(super) fn aggregate_name(&self, a: AggregateFn) -> Result<&'static str> {
        if a.over_doubles() {
            if !self.d.supports(Feature::StatisticalAggregates) {
                return Err(self.d.unsupported(
                    "standard deviation and variance aggregates (STDDEV_SAMP, VAR_POP …)",
                ));
            }
            return Ok(match a {
                AggregateFn::StddevSamp => "STDDEV_SAMP",
                AggregateFn::StddevPop => "STDDEV_POP",
                AggregateFn::VarSamp => "VAR_SAMP",
                _ => "VAR_POP",
            });
        }
        if a == AggregateFn::DecimalAvg {
            return Ok("AVG");
        }
        let and = a == AggregateFn::BoolAnd;
        if self.d.supports(Feature::BoolAggregates) {
            Ok(if and { "BOOL_AND" } else { "BOOL_OR" })
        } else if self.d.supports(Feature::BoolAggregatesAsMinMax) {
            // Booleans are 0 and 1 there: all true is a minimum of 1, any true a maximum.
            Ok(if and { "MIN" } else { "MAX" })
        } else {
            Err(self.d.unsupported("BOOL_AND / BOOL_OR"))
        }
    }

    /// The mean of decimals to 15 significant digits ([`AggregateFn::DecimalAvg`]), the
    /// whole call (FILTER and OVER included) inside the rounding:
    ///
    /// - PostgreSQL: `CAST(CAST(AVG(x) AS DOUBLE PRECISION) AS NUMERIC)`: its exact mean,
    ///   then the double nearest to it, which PostgreSQL turns into a NUMERIC of 15
    ///   significant digits;
    /// - SQLite: `CAST(CAST(AVG(x) AS TEXT) AS REAL)`: SQLite writes a double as text
    ///   with 15 significant digits, and holds decimals as doubles;
    /// - MySQL / MariaDB: the mean over `DECIMAL(65, 30)` (MariaDB's own AVG of a
    ///   `DECIMAL(10, 2)` stops at 6 places), rounded to 15 significant digits with
    ///   `ROUND(a, 14 - FLOOR(LOG10(ABS(a) + (a = 0))))` and read as the nearest double:
    ///   the aggregate `a` is written three times.
    pub(super) fn decimal_avg(&mut self, call: &FuncCall, emulate_filter: bool) -> Result<()> {
        let db = crate::func::known_db(self.d.name());
        let mysql = matches!(db, Some(crate::func::Db::MySql { .. }));
        let once = |r: &mut Self| -> Result<()> {
            r.push("AVG(");
            if call.distinct {
                r.push("DISTINCT ");
            }
            if mysql {
                let wide = crate::expr::Expr::Cast {
                    expr: call.args[0].clone().into(),
                    ty: crate::expr::SqlType::Numeric(Some((65, 30))),
                };
                r.agg_arg(call, &wide, emulate_filter)?;
            } else {
                r.agg_arg(call, &call.args[0], emulate_filter)?;
            }
            if !call.order_by.is_empty() {
                r.push(" ORDER BY ");
                r.order_by_list(&call.order_by)?;
            }
            r.push(")");
            r.func_tail(call, emulate_filter)
        };
        match db {
            Some(crate::func::Db::Postgres) => {
                self.push("CAST(CAST(");
                once(self)?;
                self.push(" AS DOUBLE PRECISION) AS NUMERIC)");
            }
            Some(crate::func::Db::Sqlite) => {
                self.push("CAST(CAST(");
                once(self)?;
                self.push(" AS TEXT) AS REAL)");
            }
            Some(crate::func::Db::MySql { .. }) => {
                self.push("CAST(ROUND(");
                once(self)?;
                self.push(", 14 - FLOOR(LOG10(ABS(");
                once(self)?;
                self.push(") + (");
                once(self)?;
                self.push(" = 0)))) AS DOUBLE)");
            }
            None => once(self)?,
        }
        Ok(())
    }

    /// `PERCENTILE_CONT(f) WITHIN GROUP (ORDER BY x)`, where the dialect has ordered-set
    /// aggregates.
    pub(super) fn percentile(&mut self, call: &FuncCall, emulate_filter: bool) -> Result<()> {
        let cont = call.func == crate::expr::Func::PercentileCont;
        if !self.d.supports(Feature::OrderedSetAggregates) {
            return Err(self
                .d
                .unsupported("PERCENTILE_CONT / PERCENTILE_DISC as aggregates (WITHIN GROUP)"));
        }
        if call.distinct || !call.order_by.is_empty() || call.over.is_some() {
            return Err(Error::invalid(
                "a percentile takes no DISTINCT, no ORDER BY of its own and no OVER (…)",
            ));
        }
        if emulate_filter {
            return Err(self.d.unsupported("FILTER on a percentile"));
        }
        self.push(if cont {
            "PERCENTILE_CONT("
        } else {
            "PERCENTILE_DISC("
        });
        self.expr(&call.args[0], 0)?;
        self.push(") WITHIN GROUP (ORDER BY ");
        self.expr(&call.args[1], 0)?;
        self.push(")");
        self.func_tail(call, emulate_filter)
    }
}
