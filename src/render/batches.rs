//! Splitting a multi-row INSERT under the driver's bind-parameter limit.

use super::{Rendered, Renderer};
use crate::dialect::Dialect;
use crate::dml::{Insert, InsertSource, InsertValue};
use crate::error::{Error, Result};

/// The statements a large INSERT becomes: together they insert every row, in order.
pub type InsertBatches = Vec<Rendered>;

/// How many bind parameters a row of VALUES takes: one per plain value, and whatever
/// the renderer makes of an expression cell; a DEFAULT cell takes none.
fn row_params<D: Dialect + ?Sized>(d: &D, row: &[InsertValue]) -> Result<usize> {
    let mut n = 0;
    for cell in row {
        match cell {
            InsertValue::Default => {}
            InsertValue::Expr(crate::expr::Expr::Value(_)) => n += 1,
            InsertValue::Expr(e) => {
                let mut r = Renderer::new(d);
                r.expr(e, 0)?;
                n += r.finish().params.len();
            }
        }
    }
    Ok(n)
}

impl Insert {
    /// Renders this INSERT as one statement, or — when its VALUES rows need more bind
    /// parameters than the dialect's driver takes in one statement — as several
    /// statements over consecutive slices of the rows, each within the limit. Nothing is
    /// dropped: a single row that does not fit on its own is an error.
    ///
    /// Run the batches in one transaction (see [`crate::exec::execute_insert`]), so that
    /// either every row lands or none does.
    ///
    /// ```
    /// use sqlweave::{TableRef, dml::Insert};
    /// use sqlweave_sqlite::{Sqlite, MAX_PARAMS};
    /// let rows = (0..20_000_i64).map(|i| [i, i * 2]);
    /// let ins = Insert::into(TableRef::new("t")).columns(["a", "b"]).rows(rows);
    /// let batches = ins.render_batches(&Sqlite).unwrap();
    /// assert_eq!(batches.len(), 2); // 40,000 values > 32,766
    /// assert!(batches.iter().all(|b| b.params.len() <= MAX_PARAMS));
    /// assert_eq!(batches.iter().map(|b| b.params.len()).sum::<usize>(), 40_000);
    /// ```
    pub fn render_batches<D: Dialect + ?Sized>(&self, d: &D) -> Result<InsertBatches> {
        let limit = d.max_params();
        let InsertSource::Values(rows) = &self.source else {
            // INSERT … SELECT / DEFAULT VALUES: one statement, or the limit's error.
            return Ok(vec![self.render(d)?]);
        };
        if rows.is_empty() {
            return Ok(vec![self.render(d)?]);
        }
        // Counted, not rendered: a plain value is one parameter.
        let counts = rows
            .iter()
            .map(|row| row_params(d, row))
            .collect::<Result<Vec<usize>>>()?;
        // Parameters outside the rows (CTEs, upsert, RETURNING) repeat in every batch.
        // A named parameter used in several cells takes one `$n` on PostgreSQL, so a
        // row's count is an upper bound; batches that still come out too large are split
        // again below.
        let overhead = self
            .render_rows(d, &rows[..1])?
            .params
            .len()
            .saturating_sub(counts[0]);
        if overhead + counts.iter().sum::<usize>() <= limit {
            return Ok(vec![self.render(d)?]);
        }
        let mut out = Vec::new();
        let mut start = 0;
        let mut used = overhead;
        for (i, &n) in counts.iter().enumerate() {
            if overhead + n > limit {
                return Err(Error::TooManyParams {
                    count: overhead + n,
                    limit,
                    dialect: d.name(),
                });
            }
            if used + n > limit {
                self.push_batches(d, &rows[start..i], &mut out)?;
                start = i;
                used = overhead;
            }
            used += n;
        }
        self.push_batches(d, &rows[start..], &mut out)?;
        Ok(out)
    }

    /// Renders `rows` as one batch, or — when the estimate was short and it carries too
    /// many parameters after all — as two halves, and so on; a single row that does
    /// not fit is the limit's error.
    fn push_batches<D: Dialect + ?Sized>(
        &self,
        d: &D,
        rows: &[Vec<InsertValue>],
        out: &mut InsertBatches,
    ) -> Result<()> {
        match self.render_rows(d, rows) {
            Err(Error::TooManyParams { .. }) if rows.len() > 1 => {
                let (a, b) = rows.split_at(rows.len() / 2);
                self.push_batches(d, a, out)?;
                self.push_batches(d, b, out)
            }
            Ok(r) => {
                out.push(r);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// This INSERT with `rows` as its VALUES, rendered without copying the statement.
    fn render_rows<D: Dialect + ?Sized>(
        &self,
        d: &D,
        rows: &[Vec<InsertValue>],
    ) -> Result<Rendered> {
        let mut r = Renderer::new(d);
        r.insert_with_rows(self, Some(super::dml::RowsArg::Borrowed(rows)))?;
        r.finish_checked()
    }
}
