//! Loading many rows into a table as fast as the database takes them
//! ([`bulk_load`], [`Executor::bulk_load_rows`]).

use super::{Executor, transaction};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::query::TableRef;
use crate::render::Renderer;
use crate::value::Value;

/// The most rows one multi-row INSERT of the default [`Executor::bulk_load_rows`] takes,
/// whatever the bind limit allows: past a few hundred rows a longer statement loads no
/// faster and costs more to prepare.
pub const BULK_ROWS_PER_STATEMENT: usize = 1000;

/// Loads `rows` into the `columns` of `table` and returns how many rows were loaded,
/// calling `progress` with the running total as rows land (after each batch).
///
/// Rows stream from the iterator: only one batch is in memory at a time. Each row is
/// any iterator of values in column order (an array, a `Vec`, a mapped record); a row
/// with another number of values than `columns` is an [`Error::Bind`] and nothing is
/// loaded. The load is all or nothing: one transaction (a savepoint inside an open one).
///
/// How: PostgreSQL uses `COPY … FROM STDIN (FORMAT binary)`, each value encoded as a
/// parameter of the column's type would be; SQLite and MySQL / MariaDB run multi-row
/// INSERTs of [`BULK_ROWS_PER_STATEMENT`] rows (fewer when the bind limit says so),
/// prepared once and run for every full batch, in one transaction. Values go through the
/// same checks as any parameter.
///
/// ```
/// use sqlweave::{Executor, TableRef, Value, exec::bulk_load};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch("CREATE TABLE points (id INTEGER PRIMARY KEY, label TEXT)")?;
/// let rows = (0..10_000_i64).map(|i| [Value::from(i), Value::from(format!("p{i}"))]);
/// let mut reported = 0;
/// let n = bulk_load(&mut conn, &TableRef::new("points"), &["id", "label"], rows, |done| {
///     reported = done;
/// })?;
/// assert_eq!((n, reported), (10_000, 10_000));
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn bulk_load<E, I, R, V>(
    conn: &mut E,
    table: &TableRef,
    columns: &[&str],
    rows: I,
    mut progress: impl FnMut(u64),
) -> Result<u64>
where
    E: Executor + ?Sized,
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = V>,
    V: Into<Value>,
{
    let mut rows = rows
        .into_iter()
        .map(|row| row.into_iter().map(Into::into).collect::<Vec<Value>>());
    conn.bulk_load_rows(table, columns, &mut rows, &mut progress)
}

/// The checks every implementation of [`Executor::bulk_load_rows`] starts with: at
/// least one column, no column named twice.
pub fn check_bulk_columns(columns: &[&str]) -> Result<()> {
    if columns.is_empty() {
        return Err(Error::invalid("a bulk load needs at least one column"));
    }
    for (i, c) in columns.iter().enumerate() {
        if columns[..i].contains(c) {
            return Err(Error::invalid(format!(
                "column {c:?} is named twice in the bulk load"
            )));
        }
    }
    Ok(())
}

/// The error for a row of the wrong width (row numbers from 1).
pub fn bulk_row_width_error(row: u64, got: usize, expected: usize) -> Error {
    Error::Bind(format!(
        "row {row} of the bulk load has {got} values for {expected} columns; nothing was loaded"
    ))
}

/// The target of a bulk load as SQL: the quoted (schema-qualified) table name and its
/// quoted column list, `("\"s\".\"t\"", "\"a\", \"b\"")` for the statement a driver
/// sends (`INSERT INTO t (a, b) …`, `COPY t (a, b) FROM STDIN`).
pub fn bulk_target_sql(
    d: &dyn Dialect,
    table: &TableRef,
    columns: &[&str],
) -> Result<(String, String)> {
    let ident = |id: &Ident| -> Result<String> {
        let mut r = Renderer::new(d);
        r.ident(id)?;
        Ok(r.finish().sql)
    };
    let mut name = String::new();
    if let Some(schema) = &table.schema {
        name.push_str(&ident(schema)?);
        name.push('.');
    }
    name.push_str(&ident(&table.name)?);
    let mut list = String::new();
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push_str(&ident(&Ident::from((*c).to_string()))?);
    }
    Ok((name, list))
}

/// `INSERT INTO table (columns) VALUES (…), (…)` with `rows` rows of placeholders.
fn insert_sql(d: &dyn Dialect, table: &TableRef, columns: &[&str], rows: usize) -> Result<String> {
    let (name, list) = bulk_target_sql(d, table, columns)?;
    let mut sql = format!("INSERT INTO {name} ({list}) VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            d.write_placeholder(&mut sql, n);
        }
        sql.push(')');
    }
    Ok(sql)
}

/// [`Executor::bulk_load_rows`]'s default: multi-row INSERTs in one transaction, the
/// full batches through one prepared statement.
pub(super) fn insert_in_batches<E: Executor + ?Sized>(
    conn: &mut E,
    table: &TableRef,
    columns: &[&str],
    rows: &mut dyn Iterator<Item = Vec<Value>>,
    progress: &mut dyn FnMut(u64),
) -> Result<u64> {
    check_bulk_columns(columns)?;
    let width = columns.len();
    let per = (conn.dialect().max_params() / width).clamp(1, BULK_ROWS_PER_STATEMENT);
    let full_sql = insert_sql(conn.dialect(), table, columns, per)?;
    transaction(conn, |tx| {
        let mut batch = Vec::with_capacity(per * width);
        let mut in_batch = 0;
        let mut total = 0_u64;
        {
            let mut full = tx.prepare_sql(&full_sql)?;
            for row in rows {
                if row.len() != width {
                    return Err(bulk_row_width_error(
                        total + in_batch as u64 + 1,
                        row.len(),
                        width,
                    ));
                }
                batch.extend(row);
                in_batch += 1;
                if in_batch == per {
                    full.execute(&batch)?;
                    batch.clear();
                    in_batch = 0;
                    total += per as u64;
                    progress(total);
                }
            }
        }
        if in_batch > 0 {
            let sql = insert_sql(tx.dialect(), table, columns, in_batch)?;
            tx.execute_sql(&sql, &batch)?;
            total += in_batch as u64;
            progress(total);
        }
        Ok(total)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ansi;

    #[test]
    fn insert_text() {
        let t = TableRef {
            schema: Some(Ident::from("s")),
            ..TableRef::new("t")
        };
        assert_eq!(
            insert_sql(&Ansi, &t, &["a", "b\""], 2).unwrap(),
            r#"INSERT INTO "s"."t" ("a", "b""") VALUES (?, ?), (?, ?)"#
        );
        assert!(check_bulk_columns(&["a", "a"]).is_err());
        assert!(check_bulk_columns(&[]).is_err());
    }
}
