//! Rendering of INSERT (with upsert), UPDATE, DELETE and MERGE.

use super::Renderer;
use crate::dialect::{Dialect, Feature, UpsertStyle};
use crate::dml::{
    Assignment, ConflictAction, ConflictTarget, Delete, Insert, InsertSource, InsertValue, Merge,
    MergeAction, OnConflict, Update,
};
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::query::{Query, SelectItem};

/// The VALUES rows an INSERT is rendered with: its own or a batch of them (borrowed),
/// or taken out of it ([`Insert::into_rendered`]), whose values then move into the
/// parameters instead of being copied.
pub(crate) enum RowsArg<'a> {
    Borrowed(&'a [Vec<InsertValue>]),
    Owned(Vec<Vec<InsertValue>>),
}

/// The derived table an upsert from a SELECT is read through on MySQL 8, where
/// `VALUES(col)` is deprecated: `INSERT INTO t (a, b) SELECT * FROM (…) AS excluded (a, b)
/// ON DUPLICATE KEY UPDATE b = excluded.b`. Its name and its column names are chosen so
/// that nothing the assignments name could mean one of them instead (see
/// [`Renderer::excluded_table`]).
pub(crate) struct ExcludedTable {
    alias: Ident,
    /// Each inserted column and the derived table's name for it.
    columns: Vec<(Ident, Ident)>,
}

/// A VALUES cell, borrowed or owned.
pub(crate) trait Cell {
    fn write<D: Dialect + ?Sized>(self, r: &mut Renderer<'_, D>) -> Result<()>;
}

impl Cell for &InsertValue {
    fn write<D: Dialect + ?Sized>(self, r: &mut Renderer<'_, D>) -> Result<()> {
        match self {
            InsertValue::Default => {
                r.push("DEFAULT");
                Ok(())
            }
            InsertValue::Expr(e) => r.expr(e, 0),
        }
    }
}

impl Cell for InsertValue {
    fn write<D: Dialect + ?Sized>(self, r: &mut Renderer<'_, D>) -> Result<()> {
        match self {
            InsertValue::Expr(crate::expr::Expr::Value(v)) => r.param_owned(v),
            other => (&other).write(r),
        }
    }
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// ` RETURNING items`. Where the dialect cannot qualify columns by the target's alias
    /// there (SQLite: `no such column: x.id`), columns qualified by it are qualified by
    /// the table's name instead, which SQLite accepts there, subqueries included (an
    /// unqualified name could bind to a subquery's own table).
    fn returning(
        &mut self,
        items: &[SelectItem],
        feature: Feature,
        what: &str,
        target: &crate::query::TableRef,
    ) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        if !self.d.supports(feature) {
            return Err(self.d.unsupported(&format!("RETURNING on {what}")));
        }
        self.push(" RETURNING ");
        let saved = self.requalify.take();
        if !self.d.supports(Feature::ReturningAliasQualified) {
            self.requalify = target
                .alias
                .as_ref()
                .map(|a| (a.clone(), target.name.clone()));
        }
        let r = self.select_items(items);
        self.requalify = saved;
        r
    }

    /// Renders an INSERT.
    pub fn insert(&mut self, ins: &Insert) -> Result<()> {
        self.insert_with_rows(ins, None)
    }

    /// Renders an INSERT … VALUES with `rows` in place of its own (a batch of them,
    /// [`Insert::render_batches`]), without copying the statement.
    pub(crate) fn insert_with_rows(
        &mut self,
        ins: &Insert,
        rows: Option<RowsArg<'_>>,
    ) -> Result<()> {
        if let Some(w) = &ins.with {
            self.with(w)?;
        }
        self.push("INSERT INTO ");
        self.table_name(&ins.table)?;
        if let Some(a) = &ins.table.alias {
            if self.d.upsert_style() != UpsertStyle::OnConflict {
                return Err(self.d.unsupported("a table alias in INSERT"));
            }
            self.push(" AS ");
            self.ident(a)?;
        }
        let row_alias = matches!(
            ins.on_conflict,
            Some(OnConflict {
                action: ConflictAction::DoUpdate { .. },
                ..
            })
        ) && self.d.upsert_style() == UpsertStyle::OnDuplicateKeyRowAlias
            && matches!(ins.source, InsertSource::Values(_));
        let derived = match (&ins.source, &ins.on_conflict) {
            (
                InsertSource::Query(_),
                Some(OnConflict {
                    action: ConflictAction::DoUpdate { set, .. },
                    ..
                }),
            ) if self.d.upsert_style() == UpsertStyle::OnDuplicateKeyRowAlias
                && reads_excluded(set)? =>
            {
                Some(self.excluded_table(ins, set)?)
            }
            _ => None,
        };
        let mut default_values = false;
        match &ins.source {
            InsertSource::Values(own) => {
                let rows = rows.unwrap_or(RowsArg::Borrowed(own));
                default_values = self.insert_values(ins, rows)?;
            }
            InsertSource::Query(q) if derived.is_some() => {
                self.insert_columns(&ins.columns)?;
                self.push(" SELECT * FROM ");
                if let Some(x) = &derived {
                    let names: Vec<Ident> = x.columns.iter().map(|(_, n)| n.clone()).collect();
                    self.derived_table(q, &x.alias, &names, false)?;
                }
            }
            InsertSource::Query(q) => {
                self.insert_columns(&ins.columns)?;
                self.push(" ");
                // SQLite reads `SELECT … ON CONFLICT` as a join constraint unless the
                // SELECT has a WHERE clause.
                let needs_where = ins.on_conflict.is_some()
                    && self.d.upsert_style() == UpsertStyle::OnConflict
                    && !matches!(&**q, Query::Select(s) if s.where_.is_some());
                if needs_where {
                    self.push("SELECT * FROM (");
                    self.query(q)?;
                    self.push(") AS ");
                    self.ident(&Ident::from("sqlweave_src"))?;
                    self.push(" WHERE ");
                    self.push(self.d.boolean_literal(true));
                } else {
                    self.query(q)?;
                }
            }
            InsertSource::DefaultValues => {
                if !ins.columns.is_empty() {
                    return Err(Error::invalid("DEFAULT VALUES takes no column list"));
                }
                default_values = !self.d.empty_values_insert();
                self.push(if default_values {
                    " DEFAULT VALUES"
                } else {
                    " () VALUES ()"
                });
            }
        }
        if default_values
            && ins.on_conflict.is_some()
            && !self.d.supports(Feature::DefaultValuesUpsert)
        {
            return Err(self.d.unsupported("an upsert on INSERT … DEFAULT VALUES"));
        }
        if let Some(oc) = &ins.on_conflict {
            let saved = self.excluded_alias;
            self.excluded_alias = row_alias;
            let saved_derived = std::mem::replace(&mut self.excluded_derived, derived);
            if row_alias {
                self.push(" AS `excluded`");
            }
            let r = self.on_conflict(ins, oc);
            self.excluded_alias = saved;
            self.excluded_derived = saved_derived;
            r?;
        }
        self.returning(
            &ins.returning,
            Feature::ReturningInsert,
            "INSERT",
            &ins.table,
        )
    }

    fn insert_columns(&mut self, cols: &[Ident]) -> Result<()> {
        if cols.is_empty() {
            return Ok(());
        }
        self.push(" (");
        self.comma_list(cols, |r, c| r.ident(c))?;
        self.push(")");
        Ok(())
    }

    /// The VALUES rows; `true` when they came out as ` DEFAULT VALUES` (every column
    /// defaulted where VALUES has no DEFAULT keyword).
    fn insert_values(&mut self, ins: &Insert, arg: RowsArg<'_>) -> Result<bool> {
        let rows: &[Vec<InsertValue>] = match &arg {
            RowsArg::Borrowed(rows) => rows,
            RowsArg::Owned(rows) => rows,
        };
        let Some(first) = rows.first() else {
            return Err(Error::invalid("an INSERT needs at least one row of values"));
        };
        let width = first.len();
        if width == 0 {
            return Err(Error::invalid("an INSERT row needs at least one value"));
        }
        if rows.iter().any(|r| r.len() != width) {
            return Err(Error::invalid(
                "every INSERT row needs the same number of values",
            ));
        }
        if !ins.columns.is_empty() && ins.columns.len() != width {
            return Err(Error::invalid(format!(
                "{} columns but rows of {width} values",
                ins.columns.len()
            )));
        }
        // Without DEFAULT in VALUES, defaulted columns are left out: every row must
        // default the same columns.
        let keep: Vec<bool> = if self.d.supports(Feature::DefaultInValues) {
            vec![true; width]
        } else {
            let mask: Vec<bool> = first
                .iter()
                .map(|c| !matches!(c, InsertValue::Default))
                .collect();
            let same = rows.iter().all(|r| {
                r.iter()
                    .zip(&mask)
                    .all(|(c, k)| matches!(c, InsertValue::Default) != *k)
            });
            if !same {
                return Err(self.d.unsupported(
                    "DEFAULT for different columns in different rows of one INSERT (it has no DEFAULT keyword in VALUES)",
                ));
            }
            if ins.columns.is_empty() && mask.iter().any(|k| *k) && mask.iter().any(|k| !*k) {
                return Err(Error::invalid(
                    "a column list is needed to leave defaulted columns out",
                ));
            }
            mask
        };
        if keep.iter().all(|k| !*k) {
            if rows.len() > 1 {
                return Err(self.d.unsupported("several rows of only DEFAULT values"));
            }
            self.push(" DEFAULT VALUES");
            return Ok(true);
        }
        if !ins.columns.is_empty() {
            self.push(" (");
            let mut n = 0;
            for (c, k) in ins.columns.iter().zip(&keep) {
                if *k {
                    if n > 0 {
                        self.push(", ");
                    }
                    self.ident(c)?;
                    n += 1;
                }
            }
            self.push(")");
        }
        self.push(" VALUES ");
        // One reservation for the whole VALUES list (about "$123, " per cell) instead of
        // a reallocation at every doubling of the text and of the parameters.
        let cells = rows.len() * width;
        self.out.reserve(cells * 6);
        self.params.reserve(cells);
        match arg {
            RowsArg::Borrowed(rows) => self.insert_rows_cells(rows, &keep)?,
            RowsArg::Owned(rows) => self.insert_rows_cells(rows, &keep)?,
        }
        Ok(false)
    }

    /// Writes VALUES rows, the cells of each whose column is kept.
    fn insert_rows_cells<R, C>(&mut self, rows: R, keep: &[bool]) -> Result<()>
    where
        R: IntoIterator,
        R::Item: IntoIterator<Item = C>,
        C: Cell,
    {
        for (i, row) in rows.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push("(");
            let mut n = 0;
            for (cell, k) in row.into_iter().zip(keep) {
                if !*k {
                    continue;
                }
                if n > 0 {
                    self.push(", ");
                }
                n += 1;
                cell.write(self)?;
            }
            self.push(")");
        }
        Ok(())
    }

    fn assignments(&mut self, set: &[(Ident, crate::expr::Expr)]) -> Result<()> {
        if set.is_empty() {
            return Err(Error::invalid("an update needs at least one assignment"));
        }
        self.comma_list(set, |r, (c, e)| {
            r.ident(c)?;
            r.push(" = ");
            r.expr(e, 0)
        })
    }

    fn on_conflict(&mut self, ins: &Insert, oc: &OnConflict) -> Result<()> {
        if !self.d.supports(Feature::Upsert) {
            return Err(self
                .d
                .unsupported("upserts (INSERT … ON CONFLICT / ON DUPLICATE KEY)"));
        }
        match self.d.upsert_style() {
            UpsertStyle::OnConflict => {
                self.push(" ON CONFLICT");
                match &oc.target {
                    ConflictTarget::Any => {
                        if matches!(oc.action, ConflictAction::DoUpdate { .. }) {
                            return Err(Error::invalid(
                                "ON CONFLICT DO UPDATE needs a conflict target",
                            ));
                        }
                    }
                    ConflictTarget::Columns { columns, where_ } => {
                        if columns.is_empty() {
                            return Err(Error::invalid("a conflict target needs columns"));
                        }
                        self.push(" (");
                        self.comma_list(columns, |r, c| r.ident(c))?;
                        self.push(")");
                        if let Some(w) = where_ {
                            if !self.d.supports(Feature::UpsertWhere) {
                                return Err(self.d.unsupported("WHERE on a conflict target"));
                            }
                            self.push(" WHERE ");
                            self.expr(w, 0)?;
                        }
                    }
                    ConflictTarget::Constraint(name) => {
                        if !self.d.supports(Feature::OnConflictConstraint) {
                            return Err(self.d.unsupported("ON CONFLICT ON CONSTRAINT"));
                        }
                        self.push(" ON CONSTRAINT ");
                        self.ident(name)?;
                    }
                }
                match &oc.action {
                    ConflictAction::DoNothing => self.push(" DO NOTHING"),
                    ConflictAction::DoUpdate { set, where_ } => {
                        self.push(" DO UPDATE SET ");
                        self.assignments(set)?;
                        if let Some(w) = where_ {
                            if !self.d.supports(Feature::UpsertWhere) {
                                return Err(self.d.unsupported("WHERE on DO UPDATE"));
                            }
                            self.push(" WHERE ");
                            self.expr(w, 0)?;
                        }
                    }
                }
                Ok(())
            }
            UpsertStyle::OnDuplicateKeyValues | UpsertStyle::OnDuplicateKeyRowAlias => {
                match &oc.target {
                    ConflictTarget::Columns {
                        where_: Some(_), ..
                    } => return Err(self.d.unsupported("WHERE on a conflict target")),
                    ConflictTarget::Constraint(_) => {
                        return Err(self.d.unsupported("a named conflict constraint"));
                    }
                    _ => {}
                }
                self.push(" ON DUPLICATE KEY UPDATE ");
                match &oc.action {
                    ConflictAction::DoNothing => {
                        // A no-op assignment: the conflicting row stays as it is.
                        let Some(col) = ins.columns.first() else {
                            return Err(Error::invalid(
                                "DO NOTHING on MySQL needs the INSERT's column list",
                            ));
                        };
                        // Qualified: with INSERT … SELECT a bare name could also mean
                        // the SELECT's column.
                        let target = ins.table.alias.as_ref().unwrap_or(&ins.table.name);
                        for i in 0..2 {
                            if i == 1 {
                                self.push(" = ");
                            }
                            self.ident(target)?;
                            self.push(".");
                            self.ident(col)?;
                        }
                        Ok(())
                    }
                    ConflictAction::DoUpdate { set, where_ } => {
                        if where_.is_some() {
                            return Err(self.d.unsupported("WHERE on DO UPDATE"));
                        }
                        self.assignments(set)
                    }
                }
            }
        }
    }

    /// The derived table through which an upsert from a SELECT reads the proposed row
    /// on MySQL 8. It is named `excluded` unless the target table or a column the
    /// assignments qualify goes by that name (then `excluded_2`, …); each column is named
    /// as the inserted column unless an unqualified column reference in the assignments
    /// (subqueries included) goes by that name, which would then be ambiguous or read the
    /// derived table (then `name_2`, …). MySQL compares these names without case.
    fn excluded_table(
        &self,
        ins: &Insert,
        set: &[(Ident, crate::expr::Expr)],
    ) -> Result<Box<ExcludedTable>> {
        if ins.columns.is_empty() {
            return Err(self.d.unsupported(
                "`excluded` in an upsert from a SELECT without the INSERT's column list",
            ));
        }
        let mut unqualified: Vec<String> = Vec::new();
        let mut tables: Vec<String> = vec![ins.table.name.as_str().to_lowercase()];
        for (_, e) in set {
            for c in crate::visit::column_refs(e)? {
                match &c.table {
                    Some(t) => tables.push(t.as_str().to_lowercase()),
                    None => unqualified.push(c.name.as_str().to_lowercase()),
                }
            }
        }
        let free = |base: &str, taken: &[String]| -> Ident {
            let mut n = 1;
            loop {
                let name = if n == 1 {
                    base.to_string()
                } else {
                    format!("{base}_{n}")
                };
                if !taken.contains(&name.to_lowercase()) {
                    return Ident::from(name);
                }
                n += 1;
            }
        };
        let alias = free("excluded", &tables);
        let mut columns = Vec::with_capacity(ins.columns.len());
        for c in &ins.columns {
            let name = free(c.as_str(), &unqualified);
            unqualified.push(name.as_str().to_lowercase());
            columns.push((c.clone(), name));
        }
        Ok(Box::new(ExcludedTable { alias, columns }))
    }

    /// The proposed row's column inside an upsert.
    pub(crate) fn excluded(&mut self, name: &Ident) -> Result<()> {
        if let Some(x) = &self.excluded_derived {
            let found = x
                .columns
                .iter()
                .find(|(c, _)| c.as_str().eq_ignore_ascii_case(name.as_str()));
            let Some((_, column)) = found else {
                return Err(Error::invalid(format!(
                    "excluded({}) names a column the INSERT … SELECT does not insert",
                    name.as_str()
                )));
            };
            let (alias, column) = (x.alias.clone(), column.clone());
            self.ident(&alias)?;
            self.push(".");
            return self.ident(&column);
        }
        match self.d.upsert_style() {
            UpsertStyle::OnConflict => {
                self.push("\"excluded\".");
                self.ident(name)
            }
            UpsertStyle::OnDuplicateKeyRowAlias if self.excluded_alias => {
                self.push("`excluded`.");
                self.ident(name)
            }
            _ => {
                self.push("VALUES(");
                self.ident(name)?;
                self.push(")");
                Ok(())
            }
        }
    }

    /// Renders an UPDATE.
    pub fn update(&mut self, up: &Update) -> Result<()> {
        if let Some(w) = &up.with {
            self.with(w)?;
        }
        self.push("UPDATE ");
        self.table_ref(&up.table)?;
        let multi = !up.from.is_empty();
        let mysql_multi = multi && !self.d.supports(Feature::UpdateFrom);
        if mysql_multi {
            if !self.d.supports(Feature::MultiTableUpdate) {
                return Err(self.d.unsupported("UPDATE with other tables"));
            }
            for f in &up.from {
                self.push(", ");
                self.source(f)?;
            }
        }
        self.push(" SET ");
        if up.set.is_empty() {
            return Err(Error::invalid("an UPDATE needs at least one SET"));
        }
        let qualifier = up
            .table
            .alias
            .clone()
            .unwrap_or_else(|| up.table.name.clone());
        self.comma_list(&up.set, |r, a: &Assignment| {
            if mysql_multi {
                r.ident(&qualifier)?;
                r.push(".");
            }
            r.ident(&a.column)?;
            r.push(" = ");
            r.expr(&a.value, 0)
        })?;
        if multi && !mysql_multi {
            self.push(" FROM ");
            self.comma_list(&up.from, |r, f| r.source(f))?;
        }
        if let Some(w) = &up.where_ {
            self.push(" WHERE ");
            self.expr(w, 0)?;
        }
        self.dml_order_limit(&up.order_by, up.limit, multi)?;
        self.returning(&up.returning, Feature::ReturningUpdate, "UPDATE", &up.table)
    }

    fn dml_order_limit(
        &mut self,
        order_by: &[crate::expr::OrderBy],
        limit: Option<u64>,
        multi: bool,
    ) -> Result<()> {
        if order_by.is_empty() && limit.is_none() {
            return Ok(());
        }
        if !self.d.supports(Feature::DmlOrderLimit) {
            return Err(self.d.unsupported("ORDER BY / LIMIT on UPDATE or DELETE"));
        }
        if multi {
            return Err(self
                .d
                .unsupported("ORDER BY / LIMIT on a multi-table UPDATE or DELETE"));
        }
        if !order_by.is_empty() {
            self.push(" ORDER BY ");
            self.order_by_list(order_by)?;
        }
        if let Some(n) = limit {
            self.push(" LIMIT ");
            self.param_owned(crate::query::limit_value(n))?;
        }
        Ok(())
    }

    /// Renders a DELETE.
    pub fn delete(&mut self, del: &Delete) -> Result<()> {
        if let Some(w) = &del.with {
            self.with(w)?;
        }
        let multi = !del.using.is_empty();
        if del.table.alias.is_some() && !multi && !self.d.supports(Feature::DeleteAlias) {
            return Err(self.d.unsupported("a table alias on a single-table DELETE"));
        }
        if !multi || self.d.supports(Feature::DeleteUsing) {
            self.push("DELETE FROM ");
            self.table_ref(&del.table)?;
            if multi {
                self.push(" USING ");
                self.comma_list(&del.using, |r, f| r.source(f))?;
            }
            if let Some(w) = &del.where_ {
                self.push(" WHERE ");
                self.expr(w, 0)?;
            }
        } else if self.d.supports(Feature::MultiTableDelete) {
            if !del.returning.is_empty() {
                return Err(self.d.unsupported("RETURNING on a multi-table DELETE"));
            }
            self.push("DELETE ");
            self.ident(del.table.alias.as_ref().unwrap_or(&del.table.name))?;
            self.push(" FROM ");
            self.table_ref(&del.table)?;
            for f in &del.using {
                self.push(", ");
                self.source(f)?;
            }
            if let Some(w) = &del.where_ {
                self.push(" WHERE ");
                self.expr(w, 0)?;
            }
        } else {
            // No USING: the same rows are those for which a matching row exists.
            self.push("DELETE FROM ");
            self.table_ref(&del.table)?;
            self.push(" WHERE EXISTS (SELECT 1 FROM ");
            self.comma_list(&del.using, |r, f| r.source(f))?;
            if let Some(w) = &del.where_ {
                self.push(" WHERE ");
                self.expr(w, 0)?;
            }
            self.push(")");
        }
        self.dml_order_limit(&del.order_by, del.limit, multi)?;
        self.returning(
            &del.returning,
            Feature::ReturningDelete,
            "DELETE",
            &del.table,
        )
    }

    /// Renders a MERGE.
    pub fn merge(&mut self, m: &Merge) -> Result<()> {
        if !self.d.supports(Feature::Merge) {
            return Err(self.d.unsupported("MERGE"));
        }
        let (Some(source), Some(on)) = (&m.source, &m.on) else {
            return Err(Error::invalid("MERGE needs USING source ON condition"));
        };
        if m.whens.is_empty() {
            return Err(Error::invalid("MERGE needs at least one WHEN branch"));
        }
        self.push("MERGE INTO ");
        self.table_ref(&m.target)?;
        self.push(" USING ");
        self.source(source)?;
        self.push(" ON ");
        self.expr(on, 0)?;
        for w in &m.whens {
            self.push(if w.matched {
                " WHEN MATCHED"
            } else {
                " WHEN NOT MATCHED"
            });
            if let Some(c) = &w.and {
                self.push(" AND ");
                self.expr(c, 0)?;
            }
            self.push(" THEN ");
            match (&w.action, w.matched) {
                (MergeAction::Update(set), true) => {
                    self.push("UPDATE SET ");
                    self.assignments(set)?;
                }
                (MergeAction::Delete, true) => self.push("DELETE"),
                (MergeAction::Insert { columns, values }, false) => {
                    if values.is_empty() || (!columns.is_empty() && columns.len() != values.len()) {
                        return Err(Error::invalid("MERGE INSERT needs one value per column"));
                    }
                    self.push("INSERT");
                    self.insert_columns(columns)?;
                    self.push(" VALUES (");
                    self.comma_list(values, |r, e| r.expr(e, 0))?;
                    self.push(")");
                }
                (MergeAction::DoNothing, _) => self.push("DO NOTHING"),
                _ => {
                    return Err(Error::invalid(
                        "MERGE: UPDATE / DELETE go with WHEN MATCHED, INSERT with WHEN NOT MATCHED",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Whether upsert assignments read the proposed row (`excluded(col)`).
fn reads_excluded(set: &[(Ident, crate::expr::Expr)]) -> Result<bool> {
    let mut found = false;
    for (_, e) in set {
        crate::visit::for_each_expr(e, |x| {
            found |= matches!(x, crate::expr::Expr::Excluded(_));
            Ok(())
        })?;
    }
    Ok(found)
}
