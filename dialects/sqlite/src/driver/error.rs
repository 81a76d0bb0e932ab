//! rusqlite's errors as sqlweave's, classified by SQLite's extended result codes.

use rusqlite::ffi;
use sqlweave::{DbErrorKind, Error};

/// The driver's error as [`Error::Database`], classified from the extended result code;
/// `code` is the code's name (`SQLITE_CONSTRAINT_UNIQUE`) and the message SQLite's.
pub fn db_error(e: rusqlite::Error, sql: &str) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(err, msg) => {
            let message = msg.unwrap_or_else(|| err.to_string());
            let kind = classify(err.extended_code, &message);
            Error::database(kind, Some(code_name(err.extended_code)), message, sql)
        }
        rusqlite::Error::SqlInputError {
            error, msg, offset, ..
        } => {
            let kind = classify(error.extended_code, &msg);
            let message = format!("{msg} (at offset {offset})");
            Error::database(kind, Some(code_name(error.extended_code)), message, sql)
        }
        rusqlite::Error::ToSqlConversionFailure(e) => Error::Value(e.to_string()),
        rusqlite::Error::InvalidParameterCount(given, expected) => Error::Bind(format!(
            "the statement takes {expected} parameters but {given} were given"
        )),
        other => Error::database(DbErrorKind::Other, None, other.to_string(), sql),
    }
}

/// A plain `SQLITE_BUSY` raised while the connection holds a read transaction is not a
/// lock wait that timed out: SQLite refuses to upgrade a read lock to the write lock
/// while another connection writes, at once and without calling the busy handler
/// (waiting could deadlock). The transaction has to start again, as after a
/// serialization failure, so it is classified as one ([`DbErrorKind::SerializationFailure`]).
/// Anything else is returned as it is.
pub(super) fn refine_busy(e: Error, conn: &rusqlite::Connection) -> Error {
    match e {
        Error::Database {
            kind: DbErrorKind::LockTimeout,
            code,
            message,
            sql,
        } if code.as_deref() == Some("SQLITE_BUSY") && holds_read_lock(conn) => Error::database(
            DbErrorKind::SerializationFailure,
            code,
            format!("{message} (a read transaction could not take the write lock)"),
            sql,
        ),
        other => other,
    }
}

/// Whether `conn` is in a transaction that has read but not written.
fn holds_read_lock(conn: &rusqlite::Connection) -> bool {
    // SAFETY: the handle is the live connection `conn` borrows, used on this thread
    // only for the duration of the call; a null schema name asks about every schema.
    let state = unsafe { ffi::sqlite3_txn_state(conn.handle(), std::ptr::null()) };
    state == ffi::SQLITE_TXN_READ
}

/// An error opening a database: always [`DbErrorKind::ConnectionFailed`].
pub(super) fn open_error(e: rusqlite::Error, path: &std::path::Path) -> Error {
    let code = match &e {
        rusqlite::Error::SqliteFailure(err, _) => Some(code_name(err.extended_code)),
        _ => None,
    };
    Error::database(
        DbErrorKind::ConnectionFailed,
        code,
        format!("cannot open {}: {e}", path.display()),
        "<open>",
    )
}

fn classify(extended: i32, message: &str) -> DbErrorKind {
    match extended {
        ffi::SQLITE_CONSTRAINT_UNIQUE
        | ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        | ffi::SQLITE_CONSTRAINT_ROWID => DbErrorKind::UniqueViolation,
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => DbErrorKind::ForeignKeyViolation,
        ffi::SQLITE_CONSTRAINT_NOTNULL => DbErrorKind::NotNullViolation,
        ffi::SQLITE_CONSTRAINT_CHECK => DbErrorKind::CheckViolation,
        ffi::SQLITE_BUSY_SNAPSHOT => DbErrorKind::SerializationFailure,
        _ => match extended & 0xff {
            ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED => DbErrorKind::LockTimeout,
            ffi::SQLITE_CANTOPEN | ffi::SQLITE_NOTADB => DbErrorKind::ConnectionFailed,
            ffi::SQLITE_ERROR
                if message.contains("syntax error") || message.contains("incomplete input") =>
            {
                DbErrorKind::Syntax
            }
            _ => DbErrorKind::Other,
        },
    }
}

/// The name of an extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE`; the number for
/// codes without a name here.
fn code_name(extended: i32) -> String {
    let name = match extended {
        ffi::SQLITE_CONSTRAINT_UNIQUE => "SQLITE_CONSTRAINT_UNIQUE",
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY => "SQLITE_CONSTRAINT_PRIMARYKEY",
        ffi::SQLITE_CONSTRAINT_ROWID => "SQLITE_CONSTRAINT_ROWID",
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => "SQLITE_CONSTRAINT_FOREIGNKEY",
        ffi::SQLITE_CONSTRAINT_NOTNULL => "SQLITE_CONSTRAINT_NOTNULL",
        ffi::SQLITE_CONSTRAINT_CHECK => "SQLITE_CONSTRAINT_CHECK",
        ffi::SQLITE_CONSTRAINT_TRIGGER => "SQLITE_CONSTRAINT_TRIGGER",
        ffi::SQLITE_CONSTRAINT => "SQLITE_CONSTRAINT",
        ffi::SQLITE_BUSY => "SQLITE_BUSY",
        ffi::SQLITE_BUSY_SNAPSHOT => "SQLITE_BUSY_SNAPSHOT",
        ffi::SQLITE_BUSY_RECOVERY => "SQLITE_BUSY_RECOVERY",
        ffi::SQLITE_LOCKED => "SQLITE_LOCKED",
        ffi::SQLITE_LOCKED_SHAREDCACHE => "SQLITE_LOCKED_SHAREDCACHE",
        ffi::SQLITE_ERROR => "SQLITE_ERROR",
        ffi::SQLITE_CANTOPEN => "SQLITE_CANTOPEN",
        ffi::SQLITE_NOTADB => "SQLITE_NOTADB",
        ffi::SQLITE_READONLY => "SQLITE_READONLY",
        ffi::SQLITE_MISMATCH => "SQLITE_MISMATCH",
        ffi::SQLITE_TOOBIG => "SQLITE_TOOBIG",
        ffi::SQLITE_RANGE => "SQLITE_RANGE",
        ffi::SQLITE_INTERRUPT => "SQLITE_INTERRUPT",
        ffi::SQLITE_FULL => "SQLITE_FULL",
        ffi::SQLITE_IOERR => "SQLITE_IOERR",
        _ => return extended.to_string(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_classify() {
        assert_eq!(
            classify(ffi::SQLITE_CONSTRAINT_PRIMARYKEY, ""),
            DbErrorKind::UniqueViolation
        );
        assert_eq!(classify(ffi::SQLITE_BUSY, ""), DbErrorKind::LockTimeout);
        assert_eq!(
            classify(ffi::SQLITE_BUSY_SNAPSHOT, ""),
            DbErrorKind::SerializationFailure
        );
        assert_eq!(
            classify(ffi::SQLITE_ERROR, "near \"SELEC\": syntax error"),
            DbErrorKind::Syntax
        );
        assert_eq!(
            classify(ffi::SQLITE_ERROR, "no such table: x"),
            DbErrorKind::Other
        );
        assert_eq!(
            code_name(ffi::SQLITE_CONSTRAINT_CHECK),
            "SQLITE_CONSTRAINT_CHECK"
        );
        assert_eq!(code_name(12345), "12345");
    }
}
