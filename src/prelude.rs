//! The names most queries need: `use sqlweave::prelude::*;`.
//!
//! It brings the [`TypedExpr`] trait into scope, without which `column.eq(5)` would
//! resolve to `PartialEq::eq` and fail to compile with a confusing message.

pub use crate::expr::{Case, Expr, FrameBound, OrderBy, SqlType, Window, all_of, any_of};
pub use crate::func;
pub use crate::func::{
    AggregateFunctions, ComparisonFunctions, DateFunctions, Interval, MathFunctions, TextFunctions,
};
pub use crate::query::{Cte, CteRef, JoinKind, TableRef, Values};
pub use crate::select::Select;
pub use crate::typed::{Column, Typed, TypedExpr, param, val};
pub use crate::value::Value;
pub use crate::{Executor, table};
