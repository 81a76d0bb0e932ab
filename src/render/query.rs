//! Rendering of SELECT, compound queries, VALUES lists, FROM items and CTEs.

use super::Renderer;
use crate::dialect::{Dialect, Feature, LimitStyle, OffsetStyle, ValuesStyle};
use crate::error::{Error, Result};
use crate::expr::{Expr, OrderBy};
use crate::query::{
    Compound, Distinct, FromItem, GroupItem, JoinKind, Lock, LockStrength, LockWait, Query,
    SelectItem, SetOp, TableRef, Values, With, limit_value,
};
use crate::select::Select;

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders any query.
    pub fn query(&mut self, q: &Query) -> Result<()> {
        self.enter()?;
        let body = std::mem::replace(&mut self.cte_body, false);
        let top = std::mem::replace(&mut self.top_level_dml, false);
        match q {
            Query::Select(s) => self.select(s)?,
            Query::Compound(c) => self.compound(c)?,
            Query::Values(v) => self.values_query(v)?,
            Query::Insert(_) | Query::Update(_) | Query::Delete(_) => {
                if !body {
                    return Err(Error::invalid(
                        "INSERT / UPDATE / DELETE stand only at the top level or as the body of a CTE",
                    ));
                }
                if !top && !self.d.supports(Feature::DataModifyingCte) {
                    return Err(self.d.unsupported("INSERT / UPDATE / DELETE inside WITH"));
                }
                match q {
                    Query::Insert(i) => self.insert(i)?,
                    Query::Update(u) => self.update(u)?,
                    Query::Delete(d) => self.delete(d)?,
                    _ => {}
                }
            }
        }
        self.leave();
        Ok(())
    }

    pub(crate) fn with(&mut self, w: &With) -> Result<()> {
        if w.ctes.is_empty() {
            return Ok(());
        }
        self.push(if w.recursive {
            "WITH RECURSIVE "
        } else {
            "WITH "
        });
        for (i, cte) in w.ctes.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.ident(&cte.name)?;
            if !cte.columns.is_empty() {
                self.push(" (");
                self.comma_list(&cte.columns, |r, c| r.ident(c))?;
                self.push(")");
            }
            self.push(" AS ");
            match cte.materialized {
                None => {}
                Some(_) if !self.d.supports(Feature::CteMaterialized) => {
                    return Err(self.d.unsupported("MATERIALIZED hints on CTEs"));
                }
                Some(true) => self.push("MATERIALIZED "),
                Some(false) => self.push("NOT MATERIALIZED "),
            }
            self.push("(");
            self.cte_body = true;
            self.query(&cte.query)?;
            self.push(")");
        }
        self.push(" ");
        Ok(())
    }

    /// Renders a SELECT.
    pub fn select(&mut self, s: &Select) -> Result<()> {
        // Most SELECTs neither group nor are DISTINCT, nor sit inside one that does.
        if self.repeated.is_none() && s.group_by.is_empty() && matches!(s.distinct, Distinct::All) {
            return self.select_body(s);
        }
        // Each SELECT has its own repeated expressions (none for most).
        let outer = self.repeated.take();
        let done = match self.find_repeated(s) {
            Ok(rep) => {
                self.repeated = rep;
                self.select_body(s)
            }
            Err(e) => Err(e),
        };
        self.repeated = outer;
        done
    }

    fn select_body(&mut self, s: &Select) -> Result<()> {
        // Window calls refer to this SELECT's WINDOW clause only.
        if !s.windows.is_empty() || !self.named_windows.is_empty() {
            let outer = self.enter_windows(&s.windows)?;
            let done = self.select_clauses(s);
            self.named_windows = outer;
            return done;
        }
        self.select_clauses(s)
    }

    fn select_clauses(&mut self, s: &Select) -> Result<()> {
        if let Some(w) = &s.with {
            self.with(w)?;
        }
        self.push("SELECT ");
        match &s.distinct {
            Distinct::All => {}
            Distinct::Distinct => self.push("DISTINCT "),
            Distinct::On(exprs) => {
                if !self.d.supports(Feature::DistinctOn) {
                    return Err(self.d.unsupported("DISTINCT ON"));
                }
                if exprs.is_empty() {
                    return Err(Error::invalid("DISTINCT ON needs at least one expression"));
                }
                self.push("DISTINCT ON (");
                self.comma_list(exprs, |r, e| r.expr(e, 0))?;
                self.push(") ");
            }
        }
        if s.items.is_empty() {
            return Err(Error::invalid(
                "a SELECT needs at least one item in its select list",
            ));
        }
        self.select_items(&s.items)?;
        if let Some(from) = &s.from {
            self.push(" FROM ");
            self.source(from)?;
        } else if !s.joins.is_empty() {
            return Err(Error::invalid("joins need a FROM item to join to"));
        }
        for j in &s.joins {
            let (kw, feature) = match j.kind {
                JoinKind::Inner => (" INNER JOIN ", None),
                JoinKind::Left => (" LEFT JOIN ", None),
                JoinKind::Right => (" RIGHT JOIN ", Some((Feature::RightJoin, "RIGHT JOIN"))),
                JoinKind::Full => (" FULL JOIN ", Some((Feature::FullJoin, "FULL JOIN"))),
                JoinKind::Cross => (" CROSS JOIN ", None),
            };
            if let Some((f, name)) = feature
                && !self.d.supports(f)
            {
                return Err(self.d.unsupported(name));
            }
            self.push(kw);
            self.source(&j.item)?;
            if j.kind != JoinKind::Cross {
                self.push(" ON ");
                match &j.on {
                    Some(on) => self.expr(on, 0)?,
                    None => self.push(self.d.boolean_literal(true)),
                }
            } else if j.on.is_some() {
                return Err(Error::invalid("a CROSS JOIN takes no ON condition"));
            }
        }
        if let Some(w) = &s.where_ {
            self.push(" WHERE ");
            self.expr(w, 0)?;
        }
        self.group_by(&s.group_by, !s.order_by.is_empty())?;
        if let Some(rep) = self.repeated.as_mut() {
            rep.phase = super::repeated::Phase::Having;
        }
        if let Some(h) = &s.having {
            self.push(" HAVING ");
            self.expr(h, 0)?;
        }
        if !s.windows.is_empty() {
            self.window_clause(&s.windows)?;
        }
        if let Some(rep) = self.repeated.as_mut() {
            rep.phase = super::repeated::Phase::OrderBy;
        }
        // ORDER BY select-list labels (`label::label_ref`), checked against the list.
        let labelled = crate::label::resolve_labels(&s.order_by, Some(&s.items), self.d)?;
        let order_by = labelled.as_deref().unwrap_or(&s.order_by);
        let terms = self.order_terms(order_by);
        let order_by = terms.as_deref().unwrap_or(order_by);
        if s.with_ties {
            self.fetch_with_ties(order_by, s.limit, s.offset)?;
        } else {
            self.order_limit(order_by, s.limit, s.offset)?;
        }
        if let Some(lock) = &s.lock {
            self.lock(s, lock)?;
        }
        Ok(())
    }

    /// Renders a select list (or a RETURNING list).
    pub(crate) fn select_items(&mut self, items: &[SelectItem]) -> Result<()> {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            match item {
                SelectItem::Star => self.push("*"),
                SelectItem::TableStar(t) => {
                    self.ident(t)?;
                    self.push(".*");
                }
                SelectItem::Expr { expr, alias } => {
                    self.expr_hinted(expr)?;
                    let generated = match alias {
                        Some(_) => None,
                        None if self.repeated.is_some() => self.generated_alias(i),
                        None => None,
                    };
                    if let Some(a) = alias.as_ref().or(generated.as_ref()) {
                        self.push(" AS ");
                        self.ident(a)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn group_by(&mut self, items: &[GroupItem], has_order_by: bool) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        self.push(" GROUP BY ");
        if let [GroupItem::Rollup(exprs)] = items
            && !self.d.supports(Feature::Rollup)
            && self.d.supports(Feature::WithRollup)
        {
            if exprs.is_empty() {
                return Err(Error::invalid("ROLLUP needs at least one expression"));
            }
            self.comma_list(exprs, |r, e| r.group_element(e))?;
            self.push(" WITH ROLLUP");
            if has_order_by && !self.d.supports(Feature::RollupOrderBy) {
                return Err(self.d.unsupported("ORDER BY together with WITH ROLLUP"));
            }
            return Ok(());
        }
        self.comma_list(items, |r, item| match item {
            GroupItem::Expr(e) => r.group_element(e),
            GroupItem::Rollup(exprs) | GroupItem::Cube(exprs) => {
                let (f, kw) = if matches!(item, GroupItem::Rollup(_)) {
                    (Feature::Rollup, "ROLLUP")
                } else {
                    (Feature::Cube, "CUBE")
                };
                if !r.d.supports(f) {
                    return Err(r.d.unsupported(if f == Feature::Rollup && r.d.supports(Feature::WithRollup) {
                        "ROLLUP combined with other GROUP BY elements (only a sole `… WITH ROLLUP`)"
                    } else {
                        kw
                    }));
                }
                if exprs.is_empty() {
                    return Err(Error::invalid(format!("{kw} needs at least one expression")));
                }
                r.push(kw);
                r.push(" (");
                r.comma_list(exprs, |r, e| r.expr(e, 0))?;
                r.push(")");
                Ok(())
            }
            GroupItem::GroupingSets(sets) => {
                if !r.d.supports(Feature::GroupingSets) {
                    return Err(r.d.unsupported("GROUPING SETS"));
                }
                r.push("GROUPING SETS (");
                r.comma_list(sets, |r, set| {
                    r.push("(");
                    r.comma_list(set, |r, e| r.expr(e, 0))?;
                    r.push(")");
                    Ok(())
                })?;
                r.push(")");
                Ok(())
            }
        })
    }

    fn order_limit(
        &mut self,
        order_by: &[OrderBy],
        limit: Option<u64>,
        offset: Option<u64>,
    ) -> Result<()> {
        if !order_by.is_empty() {
            self.push(" ORDER BY ");
            self.order_by_list(order_by)?;
        }
        if self.d.limit_style() == LimitStyle::OffsetFetch {
            if limit.is_none() && offset.is_none() {
                return Ok(());
            }
            if order_by.is_empty() && !self.d.supports(Feature::FetchWithoutOrderBy) {
                return Err(self
                    .d
                    .unsupported("OFFSET / FETCH (LIMIT) without ORDER BY"));
            }
            self.push(" OFFSET ");
            self.param_owned(limit_value(offset.unwrap_or(0)))?;
            self.push(" ROWS");
            if let Some(n) = limit {
                self.push(" FETCH NEXT ");
                self.param_owned(limit_value(n))?;
                self.push(" ROWS ONLY");
            }
            return Ok(());
        }
        if let Some(n) = limit {
            self.push(" LIMIT ");
            self.param_owned(limit_value(n))?;
        } else if offset.is_some() {
            match self.d.offset_style() {
                OffsetStyle::Plain => {}
                OffsetStyle::LimitMinusOne => self.push(" LIMIT -1"),
                OffsetStyle::LimitMaxU64 => self.push(" LIMIT 18446744073709551615"),
            }
        }
        if let Some(n) = offset {
            self.push(" OFFSET ");
            self.param_owned(limit_value(n))?;
        }
        Ok(())
    }

    fn lock(&mut self, s: &Select, lock: &Lock) -> Result<()> {
        if !self.d.supports(Feature::LockingReads) {
            return Err(self.d.unsupported("row locking (FOR UPDATE / FOR SHARE)"));
        }
        self.check_lock_target(s, &lock.of)?;
        match lock.strength {
            LockStrength::Update => self.push(" FOR UPDATE"),
            LockStrength::Share if self.d.supports(Feature::ForShareSyntax) => {
                self.push(" FOR SHARE")
            }
            LockStrength::Share => {
                if !lock.of.is_empty() {
                    return Err(self.d.unsupported("LOCK IN SHARE MODE with OF"));
                }
                self.push(" LOCK IN SHARE MODE")
            }
            LockStrength::NoKeyUpdate | LockStrength::KeyShare => {
                if !self.d.supports(Feature::KeyLocks) {
                    return Err(self.d.unsupported("FOR NO KEY UPDATE / FOR KEY SHARE"));
                }
                self.push(if lock.strength == LockStrength::NoKeyUpdate {
                    " FOR NO KEY UPDATE"
                } else {
                    " FOR KEY SHARE"
                });
            }
        }
        if !lock.of.is_empty() {
            if !self.d.supports(Feature::LockOf) {
                return Err(self.d.unsupported("FOR UPDATE OF"));
            }
            self.push(" OF ");
            self.comma_list(&lock.of, |r, t| r.ident(t))?;
        }
        match lock.wait {
            LockWait::Wait => {}
            LockWait::NoWait => {
                if !self.d.supports(Feature::NoWait) {
                    return Err(self.d.unsupported("NOWAIT"));
                }
                self.push(" NOWAIT");
            }
            LockWait::SkipLocked => {
                if !self.d.supports(Feature::SkipLocked) {
                    return Err(self.d.unsupported("SKIP LOCKED"));
                }
                self.push(" SKIP LOCKED");
            }
        }
        Ok(())
    }

    /// Refuses a row lock on rows that are not table rows where the dialect does
    /// (PostgreSQL): a SELECT with DISTINCT, GROUP BY, HAVING, an aggregate or a window
    /// call of its own, and — as the lock reaches the derived tables in FROM that `of`
    /// does not leave out (all of them without `OF`) — such a derived table, or one
    /// that is a compound. CTEs, VALUES lists and subqueries elsewhere are not locked.
    fn check_lock_target(&self, s: &Select, of: &[crate::Ident]) -> Result<()> {
        if !self.d.supports(Feature::LockOnGroupedRows) {
            let what = if !matches!(s.distinct, Distinct::All) {
                Some("DISTINCT")
            } else if !s.group_by.is_empty() {
                Some("GROUP BY")
            } else if s.having.is_some() {
                Some("HAVING")
            } else if crate::visit::is_aggregate_query(s)? {
                Some("an aggregate function")
            } else if has_window_call(s)? {
                Some("a window function")
            } else {
                None
            };
            if let Some(what) = what {
                return Err(self.d.unsupported(&format!(
                    "a row lock (FOR UPDATE / FOR SHARE) on a SELECT with {what}"
                )));
            }
        }
        let derived = s
            .from
            .iter()
            .chain(s.joins.iter().map(|j| &j.item))
            .filter_map(|item| match item {
                FromItem::Subquery { query, alias, .. } => Some((query, alias)),
                _ => None,
            });
        for (query, alias) in derived {
            if !of.is_empty() && !of.contains(alias) {
                continue;
            }
            match &**query {
                Query::Select(inner) => {
                    self.check_lock_target(inner, &[]).map_err(|e| match e {
                        Error::Unsupported { dialect, feature } => Error::Unsupported {
                            dialect,
                            feature: format!(
                                "{feature}, reached through the derived table {alias} (name the tables to lock with OF)"
                            ),
                        },
                        other => other,
                    })?
                }
                Query::Compound(_) if !self.d.supports(Feature::LockInSetOp) => {
                    return Err(self.d.unsupported(&format!(
                        "a row lock (FOR UPDATE / FOR SHARE) reaching the derived table {alias}, a UNION / INTERSECT / EXCEPT (name the tables to lock with OF)"
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes `schema.name` of a table, without its alias.
    pub(crate) fn table_name(&mut self, t: &TableRef) -> Result<()> {
        if let Some(s) = &t.schema {
            self.ident(s)?;
            self.push(".");
        }
        self.ident(&t.name)
    }

    /// Writes a table with its alias (`schema.name AS alias`).
    pub(crate) fn table_ref(&mut self, t: &TableRef) -> Result<()> {
        self.table_name(t)?;
        if let Some(a) = &t.alias {
            self.push(" AS ");
            self.ident(a)?;
        }
        Ok(())
    }

    pub(crate) fn source(&mut self, item: &FromItem) -> Result<()> {
        match item {
            FromItem::Table(t) => self.table_ref(t),
            FromItem::Cte(c) => {
                self.ident(&c.name)?;
                if let Some(a) = &c.alias {
                    self.push(" AS ");
                    self.ident(a)?;
                }
                Ok(())
            }
            FromItem::Subquery {
                query,
                alias,
                columns,
                lateral,
            } => self.derived_table(query, alias, columns, *lateral),
            FromItem::Values {
                values,
                alias,
                columns,
            } => {
                check_values(values, columns.len())?;
                match self.d.values_style() {
                    ValuesStyle::Standard => {
                        self.push("(");
                        self.values_rows(values)?;
                        self.close_as(alias, columns)
                    }
                    ValuesStyle::SelectUnionAll => {
                        if columns.is_empty() {
                            return Err(Error::invalid(format!(
                                "a VALUES list in FROM needs column names on {}",
                                self.d.name()
                            )));
                        }
                        self.push("(");
                        self.values_as_selects(values, columns)?;
                        self.push(") AS ");
                        self.ident(alias)
                    }
                }
            }
        }
    }

    /// A derived table `(query) AS alias [(columns)]`, `LATERAL` when asked; the column
    /// list goes through a CTE where the dialect has none (see
    /// [`Feature::DerivedColumnList`]).
    pub(crate) fn derived_table(
        &mut self,
        query: &Query,
        alias: &crate::Ident,
        columns: &[crate::Ident],
        lateral: bool,
    ) -> Result<()> {
        if lateral {
            if !self.d.supports(Feature::Lateral) {
                return Err(self.d.unsupported("LATERAL"));
            }
            self.push("LATERAL ");
        }
        if !columns.is_empty() {
            check_derived_columns(query, columns.len())?;
            if !self.d.supports(Feature::DerivedColumnList) {
                // The same table through a CTE, whose column list every
                // dialect with CTEs has. A LATERAL one would need the list
                // itself (PostgreSQL and MySQL 8 have both).
                if lateral {
                    return Err(self
                        .d
                        .unsupported("a column-alias list on a LATERAL derived table"));
                }
                self.push("(WITH ");
                self.ident(alias)?;
                self.push(" (");
                self.comma_list(columns, |r, c| r.ident(c))?;
                self.push(") AS (");
                self.query(query)?;
                self.push(") SELECT * FROM ");
                self.ident(alias)?;
                self.push(") AS ");
                return self.ident(alias);
            }
        }
        self.push("(");
        self.query(query)?;
        self.close_as(alias, columns)
    }

    /// Closes a parenthesised table expression: `) AS alias [(columns)]`.
    fn close_as(&mut self, alias: &crate::Ident, columns: &[crate::Ident]) -> Result<()> {
        self.push(") AS ");
        self.ident(alias)?;
        if !columns.is_empty() {
            self.push(" (");
            self.comma_list(columns, |r, c| r.ident(c))?;
            self.push(")");
        }
        Ok(())
    }

    fn values_rows(&mut self, values: &Values) -> Result<()> {
        self.push("VALUES ");
        self.comma_list(&values.rows, |r, row| {
            r.push("(");
            r.comma_list(row, |r, e| r.expr_hinted(e))?;
            r.push(")");
            Ok(())
        })
    }

    fn values_as_selects(&mut self, values: &Values, columns: &[crate::Ident]) -> Result<()> {
        for (i, row) in values.rows.iter().enumerate() {
            if i > 0 {
                self.push(" UNION ALL ");
            }
            self.push("SELECT ");
            for (j, e) in row.iter().enumerate() {
                if j > 0 {
                    self.push(", ");
                }
                self.expr_hinted(e)?;
                if i == 0
                    && let Some(c) = columns.get(j)
                {
                    self.push(" AS ");
                    self.ident(c)?;
                }
            }
        }
        Ok(())
    }

    fn values_query(&mut self, values: &Values) -> Result<()> {
        check_values(values, 0)?;
        match self.d.values_style() {
            ValuesStyle::Standard => self.values_rows(values),
            ValuesStyle::SelectUnionAll => self.values_as_selects(values, &[]),
        }
    }

    /// Renders a compound query.
    pub fn compound(&mut self, c: &Compound) -> Result<()> {
        if let Some(w) = &c.with {
            self.with(w)?;
        }
        let (kw, feature) = match c.op {
            SetOp::Union => (" UNION ", None),
            SetOp::UnionAll => (" UNION ALL ", None),
            SetOp::Intersect => (" INTERSECT ", Some(Feature::IntersectExcept)),
            SetOp::Except => (" EXCEPT ", Some(Feature::IntersectExcept)),
            SetOp::IntersectAll => (" INTERSECT ALL ", Some(Feature::SetOpAll)),
            SetOp::ExceptAll => (" EXCEPT ALL ", Some(Feature::SetOpAll)),
        };
        if let Some(f) = feature
            && !self.d.supports(f)
        {
            return Err(self.d.unsupported(kw.trim()));
        }
        self.set_member(&c.left, c.op, true)?;
        self.push(kw);
        self.set_member(&c.right, c.op, false)?;
        let labelled =
            crate::label::resolve_labels(&c.order_by, first_select_items(&c.left), self.d)?;
        let order_by = labelled.as_deref().unwrap_or(&c.order_by);
        let unqualified = output_column_names(order_by);
        self.order_limit(
            unqualified.as_deref().unwrap_or(order_by),
            c.limit,
            c.offset,
        )
    }

    fn set_member(&mut self, q: &Query, parent: SetOp, left: bool) -> Result<()> {
        if let Query::Select(s) = q
            && s.lock.is_some()
            && self.d.supports(Feature::LockingReads)
            && !self.d.supports(Feature::LockInSetOp)
        {
            return Err(self.d.unsupported(
                "a row lock (FOR UPDATE / FOR SHARE) on a member of UNION / INTERSECT / EXCEPT",
            ));
        }
        let bare = match q {
            Query::Select(s) => {
                s.with.is_none()
                    && s.order_by.is_empty()
                    && s.limit.is_none()
                    && s.offset.is_none()
                    && s.lock.is_none()
            }
            // A left-nested chain of operators of equal precedence reads left to right
            // on every database: no parentheses needed.
            Query::Compound(c) => {
                left && c.with.is_none()
                    && c.order_by.is_empty()
                    && c.limit.is_none()
                    && c.offset.is_none()
                    && is_intersect(c.op) == is_intersect(parent)
            }
            _ => false,
        };
        self.enter()?;
        if bare {
            self.query(q)?;
        } else if self.d.supports(Feature::ParenthesizedSetMembers) {
            self.push("(");
            self.query(q)?;
            self.push(")");
        } else {
            self.push("SELECT * FROM (");
            self.query(q)?;
            self.push(")");
        }
        self.leave();
        Ok(())
    }
}

/// The select list that names a compound's output columns: its first SELECT's.
fn first_select_items(mut q: &Query) -> Option<&[SelectItem]> {
    // A loop: a compound of compounds built in a loop can be deeper than the stack.
    loop {
        match q {
            Query::Select(s) => return Some(&s.items),
            Query::Compound(c) => q = &c.left,
            _ => return None,
        }
    }
}

/// Whether a SELECT's list or ORDER BY holds a window call of its own.
fn has_window_call(s: &Select) -> Result<bool> {
    for item in &s.items {
        if let SelectItem::Expr { expr, .. } = item
            && crate::visit::contains_window_call(expr)?
        {
            return Ok(true);
        }
    }
    for o in &s.order_by {
        if crate::visit::contains_window_call(&o.expr)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn is_intersect(op: SetOp) -> bool {
    matches!(op, SetOp::Intersect | SetOp::IntersectAll)
}

fn check_values(values: &Values, columns: usize) -> Result<()> {
    let Some(first) = values.rows.first() else {
        return Err(Error::invalid("a VALUES list needs at least one row"));
    };
    if first.is_empty() {
        return Err(Error::invalid("a VALUES row needs at least one value"));
    }
    if values.rows.iter().any(|r| r.len() != first.len()) {
        return Err(Error::invalid(
            "every VALUES row needs the same number of values",
        ));
    }
    if columns != 0 && columns != first.len() {
        return Err(Error::invalid(format!(
            "{columns} column names for VALUES rows of {} values",
            first.len()
        )));
    }
    Ok(())
}

/// A column-alias list must name as many columns as a SELECT's list has (when the list
/// says how many: no `*`).
fn check_derived_columns(query: &crate::query::Query, n: usize) -> Result<()> {
    let select = match query {
        crate::query::Query::Select(s) => s,
        _ => return Ok(()),
    };
    let stars = select
        .items
        .iter()
        .any(|i| !matches!(i, crate::query::SelectItem::Expr { .. }));
    if !stars && select.items.len() != n {
        return Err(Error::invalid(format!(
            "a derived table's column-alias list names {n} columns, its query selects {}",
            select.items.len()
        )));
    }
    Ok(())
}

/// A compound query's ORDER BY sorts by its output columns, which have no table:
/// PostgreSQL ("missing FROM-clause entry") and MariaDB (error 1250) refuse
/// `ORDER BY users.id` there, so a qualified column is written by its name alone
/// (`None` when no item is a qualified column).
fn output_column_names(order_by: &[OrderBy]) -> Option<Vec<OrderBy>> {
    let qualified =
        |o: &OrderBy| matches!(&o.expr, Expr::Column(c) if c.table.is_some() || c.schema.is_some());
    if !order_by.iter().any(qualified) {
        return None;
    }
    Some(
        order_by
            .iter()
            .map(|o| {
                let mut o = o.clone();
                if let Expr::Column(c) = &mut o.expr {
                    c.table = None;
                    c.schema = None;
                }
                o
            })
            .collect(),
    )
}
