//! Expressions holding values that stand in one SELECT more than once: in the select
//! list and in GROUP BY, HAVING or ORDER BY (`substr(name, ?, ?)` selected and grouped
//! by, `date_trunc('month', x)`, a CASE with values).
//!
//! Each occurrence of a value is its own parameter, so the server sees
//! `substr(name, $1, $2)` in the select list and `substr(name, $3, $4)` in GROUP BY:
//! different expressions, and PostgreSQL (42803) and MySQL / MariaDB with
//! `ONLY_FULL_GROUP_BY` (1055) refuse the query. Equal expressions are written so the
//! server sees one:
//!
//! * where placeholders are numbered ([`Dialect::numbered_placeholders`]: PostgreSQL),
//!   every later occurrence repeats the text of the first, parameters included
//!   (`GROUP BY substr(name, $1, $2)`);
//! * where they are not and the dialect asks for it
//!   ([`Dialect::group_by_select_refs`]: MySQL, MariaDB), a GROUP BY element equal to a
//!   select-list item is written as that item's position (`GROUP BY 1`), and HAVING and
//!   ORDER BY refer to the item by an alias: an item without one gets `sw_expr_N` (N
//!   its position; the only case where sqlweave names a column the user did not), used
//!   wherever the expression stands in HAVING and ORDER BY; an item with the user's own
//!   alias is referred to by it in HAVING and as a whole ORDER BY term, but not inside
//!   an ORDER BY expression, where MySQL reads a name as a column first and the alias
//!   may be a column's name too.
//!   Elsewhere the expression is written out, as it is when the select list holds a
//!   `*` (positions would count it as one column): the server may then refuse the query
//!   under `ONLY_FULL_GROUP_BY`, but it never reads it differently.
//!
//! Only expressions with parameters are handled; anything else already reads the same.

use super::Renderer;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::{Expr, OrderBy};
use crate::ident::Ident;
use crate::query::{Distinct, GroupItem, SelectItem};
use crate::select::Select;
use crate::visit::for_each_expr;

/// The expressions of one SELECT that must read the same wherever they stand.
#[derive(Debug, Clone)]
pub(crate) struct Repeated {
    entries: Vec<Entry>,
    /// Numbered placeholders: later occurrences repeat the first one's text.
    shared_text: bool,
    pub(crate) phase: Phase,
}

#[derive(Debug, Clone)]
struct Entry {
    expr: Expr,
    /// The first occurrence's text (numbered placeholders).
    text: Option<String>,
    /// The select-list position (0-based) and the alias it is referred to by.
    item: usize,
    alias: Option<Ident>,
    /// Whether the user gave the alias (else sqlweave writes it).
    own_alias: bool,
}

/// Where the renderer is, for select-list references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// The select list and GROUP BY: every expression written out.
    Written,
    /// HAVING: an equal expression is its item's alias (MySQL reads names in HAVING
    /// as select-list aliases first when the GROUP BY names no such column).
    Having,
    /// ORDER BY: an equal expression is the alias sqlweave made for it (a user's alias
    /// only as a whole term: see `order_terms`).
    OrderBy,
}

/// The group-by expressions, with ROLLUP / CUBE / GROUPING SETS opened.
fn group_exprs(items: &[GroupItem]) -> Vec<&Expr> {
    let mut out = Vec::new();
    for item in items {
        match item {
            GroupItem::Expr(e) => out.push(e),
            GroupItem::Rollup(v) | GroupItem::Cube(v) => out.extend(v.iter()),
            GroupItem::GroupingSets(sets) => out.extend(sets.iter().flatten()),
        }
    }
    out
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Whether `e` renders with any parameter: a value, a named parameter, a raw
    /// fragment's values, a subquery (whose LIMIT is one), or a custom node (which may
    /// write values of its own). A walk of the tree, not a
    /// rendering, so nested SELECTs cost time in proportion to their size.
    fn has_params(&self, e: &Expr) -> bool {
        match e {
            Expr::Column(_) | Expr::True | Expr::False => false,
            Expr::Value(_) | Expr::Param(_) => true,
            _ => {
                let mut found = false;
                let walked = for_each_expr(e, |x| {
                    found |= match x {
                        Expr::Value(_)
                        | Expr::Param(_)
                        | Expr::Subquery(_)
                        | Expr::Exists { .. }
                        | Expr::InQuery { .. }
                        | Expr::Quantified { .. } => true,
                        Expr::Raw(r) => !r.params.is_empty(),
                        // A custom node may write values of its own (`SqlWriter::value`:
                        // the catalogue's interval amounts and lengths), which are not
                        // among its arguments.
                        Expr::Custom(_) => true,
                        _ => false,
                    };
                    Ok(())
                });
                // Too deep to walk is too deep to render: the renderer says so.
                found || walked.is_err()
            }
        }
    }

    /// The repeated expressions of `s`, if the dialect needs them handled.
    pub(crate) fn find_repeated(&self, s: &Select) -> Result<Option<Box<Repeated>>> {
        let shared_text = self.d.numbered_placeholders();
        if s.group_by.is_empty() && matches!(s.distinct, Distinct::All)
            || !shared_text && !self.d.group_by_select_refs()
        {
            return Ok(None);
        }
        let distinct = !matches!(s.distinct, Distinct::All);
        // The common case, grouping by columns only, costs no allocation.
        let plain = |e: &Expr| matches!(e, Expr::Column(_));
        if !distinct
            && s.group_by.iter().all(|g| match g {
                GroupItem::Expr(e) => plain(e),
                GroupItem::Rollup(v) | GroupItem::Cube(v) => v.iter().all(plain),
                GroupItem::GroupingSets(sets) => sets.iter().flatten().all(plain),
            })
        {
            return Ok(None);
        }
        // Select-list positions count `*` as one item: with a star in the list, MySQL
        // gets the expressions written out (refused under ONLY_FULL_GROUP_BY, never
        // grouped by the wrong column).
        if !shared_text
            && s.items
                .iter()
                .any(|i| matches!(i, SelectItem::Star | SelectItem::TableStar(_)))
        {
            return Ok(None);
        }
        let grouped = group_exprs(&s.group_by);
        let mut entries: Vec<Entry> = Vec::new();
        let add = |entries: &mut Vec<Entry>, expr: &Expr, item: usize, alias: Option<&Ident>| {
            if !entries.iter().any(|x| x.expr == *expr) {
                entries.push(Entry {
                    expr: expr.clone(),
                    text: None,
                    item,
                    alias: alias.cloned(),
                    own_alias: alias.is_some(),
                });
            }
        };
        for (i, item) in s.items.iter().enumerate() {
            if let SelectItem::Expr { expr, alias } = item
                && (distinct || grouped.contains(&expr))
                && self.has_params(expr)
            {
                add(&mut entries, expr, i, alias.as_ref());
            }
        }
        if shared_text {
            for e in grouped {
                if self.has_params(e) {
                    add(&mut entries, e, usize::MAX, None);
                }
            }
        }
        if entries.is_empty() {
            return Ok(None);
        }
        let mut rep = Repeated {
            entries,
            shared_text,
            phase: Phase::Written,
        };
        if !shared_text {
            // Which items HAVING and ORDER BY use: those without an alias get one that
            // names no column (a user's alias may: see `expr_repeated`).
            let mut hit = vec![false; rep.entries.len()];
            let mut mark = |x: &Expr| {
                if let Some(i) = rep.entries.iter().position(|entry| entry.expr == *x) {
                    hit[i] = true;
                }
                Ok(())
            };
            if let Some(h) = &s.having {
                for_each_expr(h, &mut mark)?;
            }
            for o in &s.order_by {
                for_each_expr(&o.expr, &mut mark)?;
            }
            for (entry, hit) in rep.entries.iter_mut().zip(hit) {
                if hit && entry.alias.is_none() {
                    entry.alias = Some(Ident::from(format!("sw_expr_{}", entry.item + 1)));
                }
            }
        }
        Ok(Some(Box::new(rep)))
    }

    /// Renders `e` (whose parentheses the caller wrote) where a SELECT has repeated
    /// expressions: an equal one is written as agreed, anything else as usual.
    pub(crate) fn expr_repeated(&mut self, e: &Expr) -> Result<()> {
        let found = self.repeated.as_deref().and_then(|rep| {
            rep.entries
                .iter()
                .position(|x| x.expr == *e)
                .map(|i| (i, rep.shared_text, rep.phase))
        });
        let Some((i, shared_text, phase)) = found else {
            return self.expr_inner(e);
        };
        if shared_text {
            if let Some(text) = self
                .repeated
                .as_ref()
                .and_then(|r| r.entries[i].text.clone())
            {
                self.push(&text);
                return Ok(());
            }
            let start = self.out.len();
            self.expr_inner(e)?;
            let text = self.out[start..].to_string();
            if let Some(rep) = self.repeated.as_mut() {
                rep.entries[i].text = Some(text);
            }
            return Ok(());
        }
        match phase {
            Phase::Written => self.expr_inner(e),
            // In ORDER BY only an alias sqlweave made: MySQL reads a name inside an
            // ORDER BY expression as a column first, and a user's alias may be one (a
            // whole ORDER BY term is replaced in `order_terms`, where aliases come first).
            Phase::Having | Phase::OrderBy => {
                let alias = self.repeated.as_ref().and_then(|r| {
                    let entry = &r.entries[i];
                    let usable = phase == Phase::Having || !entry.own_alias;
                    entry.alias.clone().filter(|_| usable)
                });
                match alias {
                    Some(a) => self.ident(&a),
                    None => self.expr_inner(e),
                }
            }
        }
    }

    /// A top-level GROUP BY element: the position of an equal select-list item where the
    /// dialect groups by select-list references, else the expression.
    pub(crate) fn group_element(&mut self, e: &Expr) -> Result<()> {
        if let Some(rep) = self.repeated.as_deref()
            && !rep.shared_text
            && let Some(entry) = rep.entries.iter().find(|x| x.expr == *e)
        {
            let position = (entry.item + 1).to_string();
            self.push(&position);
            return Ok(());
        }
        self.expr(e, 0)
    }

    /// The ORDER BY of a SELECT with repeated expressions on MySQL: a whole term equal
    /// to a select-list item with the user's alias is that alias (ORDER BY reads a name
    /// as a select-list alias first). `None` where nothing changes.
    pub(crate) fn order_terms(&self, order_by: &[OrderBy]) -> Option<Vec<OrderBy>> {
        let rep = self.repeated.as_deref().filter(|r| !r.shared_text)?;
        let alias_of = |e: &Expr| {
            rep.entries
                .iter()
                .find(|x| x.own_alias && x.expr == *e)
                .and_then(|x| x.alias.clone())
        };
        if !order_by.iter().any(|o| alias_of(&o.expr).is_some()) {
            return None;
        }
        Some(
            order_by
                .iter()
                .map(|o| match alias_of(&o.expr) {
                    Some(a) => OrderBy {
                        expr: Expr::column(a),
                        ..o.clone()
                    },
                    None => o.clone(),
                })
                .collect(),
        )
    }

    /// The alias sqlweave gives select-list item `index`, if it needs one the user did
    /// not give.
    pub(crate) fn generated_alias(&self, index: usize) -> Option<Ident> {
        let rep = self.repeated.as_deref()?;
        rep.entries
            .iter()
            .find(|x| x.item == index && !x.own_alias)
            .and_then(|x| x.alias.clone())
    }
}
