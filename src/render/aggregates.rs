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
