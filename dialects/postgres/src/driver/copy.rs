//! Bulk loads through `COPY … FROM STDIN (FORMAT binary)`.

use std::borrow::BorrowMut;

use postgres::Client;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use sqlweave::exec::{bulk_row_width_error, bulk_target_sql, check_bulk_columns};
use sqlweave::{Error, Result, TableRef, Value};

use super::encode::{Param, as_sql};
use super::{PgConnection, check_params};
use crate::Postgres;

/// Rows between two calls of the progress callback.
const PROGRESS_EVERY: u64 = 10_000;

/// Streams `rows` into `table` with a binary COPY; see `Executor::bulk_load_rows`.
pub(super) fn copy_in<C: BorrowMut<Client>>(
    conn: &mut PgConnection<C>,
    table: &TableRef,
    columns: &[&str],
    rows: &mut dyn Iterator<Item = Vec<Value>>,
    progress: &mut dyn FnMut(u64),
) -> Result<u64> {
    check_bulk_columns(columns)?;
    let (name, list) = bulk_target_sql(&Postgres, table, columns)?;
    // The column types, as the server names them: what each value is encoded as.
    let (stmt, _) = conn.statement(&format!("SELECT {list} FROM {name}"))?;
    let types: Vec<Type> = stmt.columns().iter().map(|c| c.type_().clone()).collect();
    let sql = format!("COPY {name} ({list}) FROM STDIN (FORMAT binary)");
    conn.log(&sql, &[]);
    let width = columns.len();
    let mut total = 0_u64;
    let mut outcome: Result<()> = Ok(());
    let copied = (|| {
        let writer = conn.client.borrow_mut().copy_in(&sql)?;
        let mut writer = BinaryCopyInWriter::new(writer, &types);
        for row in rows {
            if row.len() != width {
                outcome = Err(bulk_row_width_error(total + 1, row.len(), width));
                // Dropped unfinished, the COPY is aborted: nothing is loaded.
                return Ok(0);
            }
            if let Err(e) = check_params(&row) {
                outcome = Err(match e {
                    Error::Value(m) => Error::Value(format!("row {}: {m}", total + 1)),
                    e => e,
                });
                return Ok(0);
            }
            let wrapped = Param::all(&row);
            writer.write(&as_sql(&wrapped))?;
            total += 1;
            if total.is_multiple_of(PROGRESS_EVERY) {
                progress(total);
            }
        }
        writer.finish()
    })();
    outcome?;
    match copied {
        Ok(n) => {
            if !total.is_multiple_of(PROGRESS_EVERY) {
                progress(total);
            }
            Ok(n)
        }
        Err(e) => Err(conn.fail(&e, &sql)),
    }
}
