//! MERGE (PostgreSQL 15+; an Unsupported error elsewhere).

use crate::expr::Expr;
use crate::ident::Ident;
use crate::query::{FromItem, TableRef};
use crate::schema::Table;

/// What a MERGE branch does.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeAction {
    /// `UPDATE SET …` (WHEN MATCHED only).
    Update(Vec<(Ident, Expr)>),
    /// `DELETE` (WHEN MATCHED only).
    Delete,
    /// `INSERT (cols) VALUES (…)` (WHEN NOT MATCHED only).
    Insert {
        /// Columns.
        columns: Vec<Ident>,
        /// Values.
        values: Vec<Expr>,
    },
    /// `DO NOTHING`
    DoNothing,
}

/// One `WHEN [NOT] MATCHED [AND cond] THEN action` branch.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeWhen {
    /// `WHEN MATCHED` when true, `WHEN NOT MATCHED` when false.
    pub matched: bool,
    /// Extra condition.
    pub and: Option<Expr>,
    /// The action.
    pub action: MergeAction,
}

/// `MERGE INTO target USING source ON cond WHEN …`.
///
/// ```
/// use sqlweave::{Expr, TableRef};
/// use sqlweave::dml::{Merge, MergeAction};
/// use sqlweave_postgres::Postgres;
/// let t = TableRef::new("stock");
/// let s = TableRef::new("delivery");
/// let m = Merge::into(t.clone())
///     .using(s.clone(), t.col("item").eq(s.col("item")))
///     .when_matched(None, MergeAction::Update(vec![("qty".into(), t.col("qty").add(s.col("qty")))]))
///     .when_not_matched(None, MergeAction::Insert { columns: vec!["item".into(), "qty".into()], values: vec![s.col("item"), s.col("qty")] });
/// assert_eq!(m.render(&Postgres).unwrap().sql,
///     r#"MERGE INTO "stock" USING "delivery" ON "stock"."item" = "delivery"."item" WHEN MATCHED THEN UPDATE SET "qty" = "stock"."qty" + "delivery"."qty" WHEN NOT MATCHED THEN INSERT ("item", "qty") VALUES ("delivery"."item", "delivery"."qty")"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The target.
    pub target: TableRef,
    /// The source.
    pub source: Option<FromItem>,
    /// The join condition.
    pub on: Option<Expr>,
    /// The branches, in order.
    pub whens: Vec<MergeWhen>,
}

impl Merge {
    /// `MERGE INTO target`
    pub fn into(target: impl Table) -> Self {
        Merge {
            target: target.table_ref(),
            source: None,
            on: None,
            whens: Vec::new(),
        }
    }
    /// `USING source ON cond`
    pub fn using(mut self, source: impl Into<FromItem>, on: impl Into<Expr>) -> Self {
        self.source = Some(source.into());
        self.on = Some(on.into());
        self
    }
    /// `WHEN MATCHED [AND cond] THEN action`
    pub fn when_matched(mut self, and: Option<Expr>, action: MergeAction) -> Self {
        self.whens.push(MergeWhen {
            matched: true,
            and,
            action,
        });
        self
    }
    /// `WHEN NOT MATCHED [AND cond] THEN action`
    pub fn when_not_matched(mut self, and: Option<Expr>, action: MergeAction) -> Self {
        self.whens.push(MergeWhen {
            matched: false,
            and,
            action,
        });
        self
    }
}
