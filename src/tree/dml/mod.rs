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
/// (`excluded."col"` on PostgreSQL and SQLite, `VALUES(col)` on MariaDB). On MySQL 8,
/// where `VALUES(col)` is deprecated, an upsert from VALUES names the proposed row with
/// a row alias, and an upsert from a SELECT reads the SELECT through a derived table
/// named `excluded` whose columns are the INSERT's: there `col` must be one of the
/// INSERT's columns (a column list is needed), and a name the assignments would
/// otherwise read (a target table called `excluded`, a column they name unqualified)
/// gets a suffix in the derived table.
///
/// ```
/// use sqlweave::dml::{Insert, excluded};
/// use sqlweave::{Expr, Select, TableRef};
/// use sqlweave::render::Statement;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// let (feed, tally) = (TableRef::new("feed"), TableRef::new("tally"));
/// let src = Select::new().columns([feed.col("k"), feed.col("v")]).from(feed.clone()).filter(feed.col("v").gt(0));
/// let upsert = Insert::into(tally.clone())
///     .columns(["k", "v"])
///     .select(src)
///     .on_conflict_do_update(["k"], [("v", tally.col("v").add(excluded("v")))]);
/// assert_eq!(upsert.render_for(&Postgres).unwrap().sql,
///     r#"INSERT INTO "tally" ("k", "v") SELECT "feed"."k", "feed"."v" FROM "feed" WHERE "feed"."v" > $1 ON CONFLICT ("k") DO UPDATE SET "v" = "tally"."v" + "excluded"."v""#);
/// assert_eq!(upsert.render_for(&MySql::mysql8()).unwrap().sql,
///     "INSERT INTO `tally` (`k`, `v`) SELECT * FROM (SELECT `feed`.`k`, `feed`.`v` FROM `feed` WHERE `feed`.`v` > ?) AS `excluded` (`k`, `v`) ON DUPLICATE KEY UPDATE `v` = `tally`.`v` + `excluded`.`v`");
/// assert_eq!(upsert.render_for(&MySql::mariadb()).unwrap().sql,
///     "INSERT INTO `tally` (`k`, `v`) SELECT `feed`.`k`, `feed`.`v` FROM `feed` WHERE `feed`.`v` > ? ON DUPLICATE KEY UPDATE `v` = `tally`.`v` + VALUES(`v`)");
/// ```
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
