//! The `postgres` crate's errors as sqlweave's, classified by SQLSTATE.

use std::error::Error as StdError;

use postgres::error::{ErrorPosition, SqlState};
use sqlweave::{DbErrorKind, Error};

use super::encode::BindError;

/// The `sql` recorded in errors raised while connecting (no statement ran yet).
pub(super) const CONNECT: &str = "<connect>";

/// The driver's error as sqlweave's: a value that could not be bound is an
/// [`Error::Value`]; anything else an [`Error::Database`] classified from its SQLSTATE
/// ([`DbErrorKind::from_sqlstate`]), whose message leads with the severity and SQLSTATE,
/// e.g. `ERROR 23505: duplicate key value violates …`. Errors without a SQLSTATE are
/// [`DbErrorKind::ConnectionFailed`] while connecting, [`DbErrorKind::ConnectionLost`]
/// when the connection closed or its socket failed, else [`DbErrorKind::Other`].
pub fn db_error(e: &postgres::Error, sql: &str) -> Error {
    if let Some(bind) = e.source().and_then(|s| s.downcast_ref::<BindError>()) {
        return Error::Value(bind.0.clone());
    }
    match e.as_db_error() {
        Some(db) => {
            let code = db.code().code();
            let mut m = format!("{} {}: {}", db.severity(), code, db.message());
            if let Some(ErrorPosition::Original(pos)) = db.position() {
                m.push_str(&format!(" (at character {pos})"));
            }
            if let Some(detail) = db.detail() {
                m.push_str(&format!("; DETAIL: {detail}"));
            }
            if let Some(hint) = db.hint() {
                m.push_str(&format!("; HINT: {hint}"));
            }
            let kind = if sql == CONNECT {
                DbErrorKind::ConnectionFailed
            } else {
                DbErrorKind::from_sqlstate(code)
            };
            Error::database(kind, Some(code.to_string()), m, sql)
        }
        None => {
            // The driver's text names the step ("error connecting to server"); the
            // causes say why.
            let mut m = e.to_string();
            let mut cause = e.source();
            let mut io = false;
            while let Some(c) = cause {
                io |= c.is::<std::io::Error>();
                let text = c.to_string();
                if !m.contains(&text) {
                    m.push_str(": ");
                    m.push_str(&text);
                }
                cause = c.source();
            }
            let kind = if sql == CONNECT {
                DbErrorKind::ConnectionFailed
            } else if e.is_closed() || io {
                DbErrorKind::ConnectionLost
            } else {
                DbErrorKind::Other
            };
            Error::database(kind, None, m, sql)
        }
    }
}

/// An error after which the cached statement must be prepared again: it was
/// deallocated on the server, or a table it reads changed its columns.
pub(super) fn is_stale_statement(e: &postgres::Error) -> bool {
    e.as_db_error().is_some_and(|db| {
        *db.code() == SqlState::INVALID_SQL_STATEMENT_NAME
            || (*db.code() == SqlState::FEATURE_NOT_SUPPORTED
                && db
                    .message()
                    .starts_with("cached plan must not change result type"))
    })
}
