//! ORDER BY a select-list label: [`label_ref`].
//!
//! An ORDER BY item that names a label given in the select list (`… AS total … ORDER BY
//! total`). The label is checked when the statement renders: it must name exactly one
//! item of the SELECT's select list (of a compound's first SELECT), else the statement is
//! an [`crate::Error::Invalid`] naming it. It is written as the label itself, a whole
//! ORDER BY item, which every database reads as the output column (also where a table
//! column has the same name). Used anywhere else — inside an expression, a window, WHERE
//! — it is an error: PostgreSQL does not read an output column's label inside an
//! expression of ORDER BY, and elsewhere a label means nothing.
//!
//! ```
//! use sqlweave::label::label_ref;
//! use sqlweave::{Select, TypedExpr, func, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { pub struct Orders("orders") { id: i64, customer: String, total: i64 } }
//! let o = Orders::new();
//! let q = Select::new()
//!     .column(o.customer)
//!     .column(o.total.sum().label("spent"))
//!     .from(o)
//!     .group_by([o.customer])
//!     .order_by(label_ref("spent").desc());
//! assert_eq!(q.render(&Postgres).unwrap().sql,
//!     r#"SELECT "orders"."customer", SUM("orders"."total") AS "spent" FROM "orders" GROUP BY "orders"."customer" ORDER BY "spent" DESC"#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT `orders`.`customer`, SUM(`orders`.`total`) AS `spent` FROM `orders` GROUP BY `orders`.`customer` ORDER BY `spent` DESC");
//! assert_eq!(q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT "orders"."customer", SUM("orders"."total") AS "spent" FROM "orders" GROUP BY "orders"."customer" ORDER BY "spent" DESC"#);
//!
//! // A label the select list does not give is an error.
//! let q = Select::new().column(o.id).from(o).order_by(label_ref("spent"));
//! assert!(q.render(&Postgres).unwrap_err().to_string().contains("spent"));
//! ```

use crate::error::{Error, Result};
use crate::expr::{Custom, Expr, OrderBy, SqlWriter};
use crate::ident::Ident;
use crate::query::SelectItem;

/// The node of [`label_ref`]: a select-list label as a whole ORDER BY item.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRef(pub Ident);

impl Custom for LabelRef {
    fn name(&self) -> &'static str {
        "select-list label"
    }
    fn write(&self, _: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        Err(w.invalid(&format!(
            "the select-list label {:?} stands only as a whole ORDER BY item of its SELECT",
            self.0.as_str()
        )))
    }
}

/// An ORDER BY item naming the select-list label `label` (see the [module docs](self)).
pub fn label_ref(label: impl Into<Ident>) -> Expr {
    Expr::custom(LabelRef(label.into()), Vec::<Expr>::new())
}

fn label_of(e: &Expr) -> Option<&Ident> {
    match e {
        Expr::Custom(c) => c.node_as::<LabelRef>().map(|l| &l.0),
        _ => None,
    }
}

/// ORDER BY items with their labels checked against `items` and replaced by the label
/// as an unqualified name; `None` when no item is a label (the common case). Where
/// `nulls_native` is false, NULLS FIRST / LAST would be emulated with the label inside
/// an expression (`label IS NULL`), which MariaDB refuses for an aggregate's label and
/// PostgreSQL would not read as the label: refused.
pub(crate) fn resolve_labels(
    order_by: &[OrderBy],
    items: Option<&[SelectItem]>,
    dialect: &(impl crate::Dialect + ?Sized),
) -> Result<Option<Vec<OrderBy>>> {
    if !order_by.iter().any(|o| label_of(&o.expr).is_some()) {
        return Ok(None);
    }
    let resolved = order_by
        .iter()
        .map(|o| {
            let Some(label) = label_of(&o.expr) else {
                return Ok(o.clone());
            };
            if o.nulls.is_some() && !dialect.supports(crate::Feature::NullsOrdering) {
                return Err(dialect.unsupported(
                    "NULLS FIRST / LAST on a select-list label (its emulation puts the label inside an expression)",
                ));
            }
            let Some(items) = items else {
                return Err(Error::invalid(format!(
                    "ORDER BY label {:?}: the query has no select list to name it",
                    label.as_str()
                )));
            };
            let n = items
                .iter()
                .filter(|i| matches!(i, SelectItem::Expr { alias: Some(a), .. } if a == label))
                .count();
            match n {
                1 => Ok(OrderBy {
                    expr: Expr::column(label.clone()),
                    ..o.clone()
                }),
                0 => Err(Error::invalid(format!(
                    "ORDER BY label {:?} names no item of the select list",
                    label.as_str()
                ))),
                _ => Err(Error::invalid(format!(
                    "ORDER BY label {:?} names {n} items of the select list",
                    label.as_str()
                ))),
            }
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(resolved))
}
