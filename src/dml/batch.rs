//! Splitting a multi-row INSERT under the driver's bind-parameter limit.

use crate::dialect::Dialect;
use crate::dml::{Insert, InsertSource, InsertValue};
use crate::error::{Error, Result};
use crate::exec::{Executor, transaction};
use crate::render::{Rendered, Renderer};
use crate::row::Rows;

/// The statements a large INSERT becomes: together they insert every row, in order.
pub type InsertBatches = Vec<Rendered>;

fn row_params<D: Dialect + ?Sized>(d: &D, row: &[InsertValue]) -> Result<usize> {
    let mut r = Renderer::new(d);
    for cell in row {
        if let InsertValue::Expr(e) = cell {
            r.expr(e, 0)?;
        }
    }
    Ok(r.finish().params.len())
}

impl Insert {
    /// Renders this INSERT as one statement, or — when its VALUES rows need more bind
    /// parameters than the dialect's driver takes in one statement — as several
    /// statements over consecutive slices of the rows, each within the limit. Nothing is
    /// dropped: a single row that does not fit on its own is an error.
    ///
    /// Run the batches in one transaction (see [`crate::dml::execute_insert`]), so that
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
        match self.render(d) {
            Ok(r) => return Ok(vec![r]),
            Err(Error::TooManyParams { .. }) => {}
            Err(e) => return Err(e),
        }
        let InsertSource::Values(rows) = &self.source else {
            return Err(Error::invalid(
                "only an INSERT … VALUES can be split into batches",
            ));
        };
        let Some(first) = rows.first() else {
            return Err(Error::invalid("an INSERT needs at least one row of values"));
        };
        // Parameters outside the rows (CTEs, upsert, RETURNING) repeat in every batch.
        let mut one = self.clone();
        one.source = InsertSource::Values(vec![first.clone()]);
        let overhead = one.render(d)?.params.len() - row_params(d, first)?;
        let mut out = Vec::new();
        let mut start = 0;
        let mut used = overhead;
        for (i, row) in rows.iter().enumerate() {
            let n = row_params(d, row)?;
            if overhead + n > limit {
                return Err(Error::TooManyParams {
                    count: overhead + n,
                    limit,
                    dialect: d.name(),
                });
            }
            if used + n > limit {
                out.push(self.render_rows(d, &rows[start..i])?);
                start = i;
                used = overhead;
            }
            used += n;
        }
        out.push(self.render_rows(d, &rows[start..])?);
        Ok(out)
    }

    fn render_rows<D: Dialect + ?Sized>(
        &self,
        d: &D,
        rows: &[Vec<InsertValue>],
    ) -> Result<Rendered> {
        let chunk = Insert {
            with: self.with.clone(),
            table: self.table.clone(),
            columns: self.columns.clone(),
            source: InsertSource::Values(rows.to_vec()),
            on_conflict: self.on_conflict.clone(),
            returning: self.returning.clone(),
        };
        chunk.render(d)
    }
}

/// Runs an INSERT and returns the number of rows inserted. When its rows need more bind
/// parameters than the driver takes, it runs as several statements (see
/// [`Insert::render_batches`]) inside one transaction (a savepoint when a transaction is
/// already open): every row lands, or none does.
///
/// ```
/// use sqlweave::{Executor, TableRef, dml::{Insert, execute_insert}};
/// use sqlweave_sqlite::SqliteConnection;
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch("CREATE TABLE t (a INTEGER, b INTEGER)")?;
/// let ins = Insert::into(TableRef::new("t")).columns(["a", "b"]).rows((0..50_000_i64).map(|i| [i, i]));
/// assert_eq!(execute_insert(&mut conn, &ins.into_insert())?, 50_000);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn execute_insert<E: Executor + ?Sized>(conn: &mut E, insert: &Insert) -> Result<u64> {
    let batches = insert.render_batches(conn.dialect())?;
    if let [one] = batches.as_slice() {
        return conn.execute_sql(&one.sql, one.params_checked()?);
    }
    transaction(conn, |tx| {
        let mut n = 0;
        for b in &batches {
            n += tx.execute_sql(&b.sql, b.params_checked()?)?;
        }
        Ok(n)
    })
}

/// Runs an INSERT … RETURNING and returns the returned rows, in row order across
/// batches (see [`execute_insert`]).
pub fn insert_returning<E: Executor + ?Sized>(conn: &mut E, insert: &Insert) -> Result<Rows> {
    if insert.returning.is_empty() {
        return Err(Error::invalid("insert_returning needs a RETURNING list"));
    }
    let batches = insert.render_batches(conn.dialect())?;
    if let [one] = batches.as_slice() {
        return conn.query_sql(&one.sql, one.params_checked()?);
    }
    transaction(conn, |tx| {
        let mut all = Rows::default();
        for b in &batches {
            all.rows
                .extend(tx.query_sql(&b.sql, b.params_checked()?)?.rows);
        }
        Ok(all)
    })
}
