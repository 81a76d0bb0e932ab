//! Data-modifying statements: INSERT (with upsert), UPDATE, DELETE, MERGE, and batching
//! of large inserts under each driver's parameter limit.

mod delete;
mod insert;
mod merge;
mod typed_insert;
mod update;

pub use delete::Delete;
pub use insert::{
    ColumnList, ConflictAction, ConflictTarget, Insert, InsertSource, InsertValue, IntoColumnName,
    OnConflict, RowValues,
};
pub use merge::{Merge, MergeAction, MergeWhen};
pub use typed_insert::{AnyType, ColumnType, DEFAULT, DefaultValue, IntoCell, RowFor, TypedInsert};
pub use update::{Assignment, Update};

use crate::expr::Expr;
use crate::ident::Ident;
use crate::query::SelectItem;

/// `excluded.col`: the row proposed for insertion, inside an upsert's DO UPDATE SET
/// (`excluded."col"` on PostgreSQL and SQLite, `VALUES(col)` / a row alias on MySQL).
pub fn excluded(column: impl Into<Ident>) -> Expr {
    Expr::Excluded(column.into())
}

pub(crate) fn push_returning<I, E>(out: &mut Vec<SelectItem>, items: I)
where
    I: IntoIterator<Item = E>,
    E: Into<SelectItem>,
{
    out.extend(items.into_iter().map(Into::into));
}
