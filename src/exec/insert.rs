//! Running an INSERT whose rows need more bind parameters than the driver takes: its
//! batches ([`Insert::render_batches`]) in one transaction.

use super::{Executor, transaction};
use crate::dml::Insert;
use crate::error::{Error, Result};
use crate::row::Rows;

/// Runs an INSERT and returns the number of rows inserted. When its rows need more bind
/// parameters than the driver takes, it runs as several statements (see
/// [`Insert::render_batches`]) inside one transaction (a savepoint when a transaction is
/// already open): every row lands, or none does.
///
/// ```
/// use sqlweave::{Executor, TableRef, dml::Insert, exec::execute_insert};
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
