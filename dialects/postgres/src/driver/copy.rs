//! Bulk loads through `COPY … FROM STDIN (FORMAT binary)`.

use std::borrow::BorrowMut;
use std::io::Write;

use bytes::{BufMut, BytesMut};
use postgres::Client;
use postgres::types::{IsNull, Type};
use sqlweave::exec::{bulk_row_width_error, bulk_target_sql, check_bulk_columns};
use sqlweave::{DbErrorKind, Error, Result, TableRef, Value};

use super::encode::encode;
use super::{PgConnection, check_params};
use crate::Postgres;

/// Rows between two calls of the progress callback.
const PROGRESS_EVERY: u64 = 10_000;

/// Bytes of encoded rows gathered before they go to the connection: each hand-over
/// costs a pass through the driver's runtime, so it happens per chunk, not per row.
const CHUNK: usize = 64 * 1024;

/// The binary COPY header: signature, flags, header-extension length.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// Streams `rows` into `table` with a binary COPY; see `Executor::bulk_load_rows`.
///
/// The rows are encoded straight into one buffer in the binary COPY format (a field
/// count, then each field's length and bytes), each value as a parameter of its
/// column's type would be, and the buffer goes to the server in chunks of [`CHUNK`]
/// bytes: no per-row allocation, and one pass through the driver per chunk.
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
    let fields = i16::try_from(width)
        .map_err(|_| Error::Bind(format!("{width} columns is more than COPY takes")))?;
    let mut total = 0_u64;
    let mut outcome: Result<()> = Ok(());
    let copied = (|| {
        let mut writer = conn.client.borrow_mut().copy_in(&sql)?;
        let mut buf = BytesMut::with_capacity(CHUNK + 4096);
        buf.put_slice(HEADER);
        for row in rows {
            if row.len() != width {
                outcome = Err(bulk_row_width_error(total + 1, row.len(), width));
                // Dropped unfinished, the COPY is aborted: nothing is loaded.
                return Ok(0);
            }
            if let Err(e) =
                check_params(&row).and_then(|()| encode_row(&row, &types, fields, &mut buf))
            {
                outcome = Err(match e {
                    Error::Value(m) => Error::Value(format!("row {}: {m}", total + 1)),
                    e => e,
                });
                return Ok(0);
            }
            total += 1;
            if buf.len() >= CHUNK {
                send(&mut writer, &mut buf)?;
            }
            if total.is_multiple_of(PROGRESS_EVERY) {
                progress(total);
            }
        }
        buf.put_i16(-1);
        send(&mut writer, &mut buf)?;
        Ok(writer.finish()?)
    })();
    outcome?;
    match copied {
        Ok(n) => {
            if !total.is_multiple_of(PROGRESS_EVERY) {
                progress(total);
            }
            Ok(n)
        }
        Err(Failed::Driver(e)) => Err(conn.fail(&e, &sql)),
        Err(Failed::Io(e)) => match e
            .get_ref()
            .and_then(|i| i.downcast_ref::<postgres::Error>())
        {
            Some(driver) => Err(conn.fail(driver, &sql)),
            None => Err(Error::database(
                DbErrorKind::ConnectionLost,
                None,
                e.to_string(),
                &sql,
            )),
        },
    }
}

/// Appends one row: its field count, then each value's length (-1 for NULL) and bytes.
/// A row that fails to encode is taken back out of `buf`.
fn encode_row(row: &[Value], types: &[Type], fields: i16, buf: &mut BytesMut) -> Result<()> {
    let start = buf.len();
    buf.put_i16(fields);
    for (i, (value, ty)) in row.iter().zip(types).enumerate() {
        let at = buf.len();
        buf.put_i32(0);
        let len = match encode(value, ty, buf) {
            Ok(IsNull::Yes) => -1,
            Ok(IsNull::No) => match i32::try_from(buf.len() - at - 4) {
                Ok(len) => len,
                Err(_) => {
                    buf.truncate(start);
                    return Err(Error::Value(format!(
                        "parameter ${}: value too large",
                        i + 1
                    )));
                }
            },
            Err(reason) => {
                buf.truncate(start);
                return Err(Error::Value(format!("parameter ${}: {reason}", i + 1)));
            }
        };
        buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
    }
    Ok(())
}

/// Hands the gathered bytes to the connection's writer, which sends them as COPY data
/// (its own buffer goes out once it holds more than a few KiB, at the next write).
fn send(writer: &mut postgres::CopyInWriter<'_>, buf: &mut BytesMut) -> Result<(), Failed> {
    writer.write_all(buf).map_err(Failed::Io)?;
    buf.clear();
    Ok(())
}

/// Why a COPY stopped: the driver's error, or that error wrapped in an I/O error by the
/// writer's `Write` impl.
enum Failed {
    Driver(postgres::Error),
    Io(std::io::Error),
}

impl From<postgres::Error> for Failed {
    fn from(e: postgres::Error) -> Self {
        Failed::Driver(e)
    }
}
