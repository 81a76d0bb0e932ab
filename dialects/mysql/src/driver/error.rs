//! The `mysql` crate's errors as sqlweave's, classified by MySQL / MariaDB error number.

use sqlweave::{DbErrorKind, Error};

/// The `sql` recorded in errors raised while connecting (no statement ran yet).
pub(super) const CONNECT: &str = "<connect>";

/// The driver's error as [`Error::Database`], classified by error number; a server error
/// reads `ERROR 1062 (23000): Duplicate entry ...` and carries `code` `"1062"`. Socket
/// failures are [`DbErrorKind::ConnectionLost`] (or `ConnectionFailed` while connecting);
/// a wrong parameter count is an [`Error::Bind`].
pub(super) fn db_error(e: mysql::Error, sql: &str) -> Error {
    let connecting = sql == CONNECT;
    let lost = if connecting {
        DbErrorKind::ConnectionFailed
    } else {
        DbErrorKind::ConnectionLost
    };
    let (kind, code, message) = match e {
        mysql::Error::MySqlError(e) => {
            let kind = if connecting {
                DbErrorKind::ConnectionFailed
            } else {
                classify(e.code)
            };
            (kind, Some(e.code.to_string()), e.to_string())
        }
        mysql::Error::IoError(e) => (lost, None, format!("I/O error: {e}")),
        mysql::Error::CodecError(e) => (lost, None, format!("protocol error: {e}")),
        mysql::Error::DriverError(mysql::DriverError::MismatchedStmtParams(want, got)) => {
            return Error::Bind(format!(
                "the statement takes {want} parameters but {got} were given"
            ));
        }
        mysql::Error::DriverError(
            e @ (mysql::DriverError::ConnectTimeout
            | mysql::DriverError::CouldNotConnect(_)
            | mysql::DriverError::PacketOutOfSync
            | mysql::DriverError::Timeout),
        ) => (lost, None, format!("driver error: {e}")),
        mysql::Error::DriverError(e) => (DbErrorKind::Other, None, format!("driver error: {e}")),
        mysql::Error::UrlError(e) => (
            DbErrorKind::ConnectionFailed,
            None,
            format!("invalid connection URL: {e}"),
        ),
        other => (DbErrorKind::Other, None, other.to_string()),
    };
    Error::database(kind, code, message, sql)
}

/// The kind of a MySQL / MariaDB error number.
pub(super) fn classify(code: u16) -> DbErrorKind {
    match code {
        // ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY
        1062 | 1586 | 1022 => DbErrorKind::UniqueViolation,
        // ER_ROW_IS_REFERENCED(_2), ER_NO_REFERENCED_ROW(_2)
        1451 | 1452 | 1216 | 1217 => DbErrorKind::ForeignKeyViolation,
        // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD
        1048 | 1364 => DbErrorKind::NotNullViolation,
        // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8), ER_CONSTRAINT_FAILED (MariaDB)
        3819 | 4025 => DbErrorKind::CheckViolation,
        // ER_LOCK_DEADLOCK
        1213 => DbErrorKind::Deadlock,
        // ER_LOCK_WAIT_TIMEOUT, ER_LOCK_NOWAIT (MySQL 8)
        1205 | 3572 => DbErrorKind::LockTimeout,
        // ER_STATEMENT_TIMEOUT (MariaDB `max_statement_time`), ER_QUERY_TIMEOUT (MySQL 8
        // `max_execution_time`)
        1969 | 3024 => DbErrorKind::StatementTimeout,
        // CR_SERVER_GONE_ERROR, CR_SERVER_LOST, ER_CONNECTION_KILLED (MariaDB),
        // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8), ER_SERVER_SHUTDOWN
        2006 | 2013 | 1927 | 4031 | 1053 => DbErrorKind::ConnectionLost,
        // ER_PARSE_ERROR, ER_SYNTAX_ERROR
        1064 | 1149 => DbErrorKind::Syntax,
        _ => DbErrorKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_classify() {
        assert_eq!(classify(1062), DbErrorKind::UniqueViolation);
        assert_eq!(classify(1452), DbErrorKind::ForeignKeyViolation);
        assert_eq!(classify(1048), DbErrorKind::NotNullViolation);
        assert_eq!(classify(4025), DbErrorKind::CheckViolation);
        assert_eq!(classify(3819), DbErrorKind::CheckViolation);
        assert_eq!(classify(1213), DbErrorKind::Deadlock);
        assert_eq!(classify(1205), DbErrorKind::LockTimeout);
        assert_eq!(classify(1969), DbErrorKind::StatementTimeout);
        assert_eq!(classify(3024), DbErrorKind::StatementTimeout);
        assert_eq!(classify(2013), DbErrorKind::ConnectionLost);
        assert_eq!(classify(1064), DbErrorKind::Syntax);
        assert_eq!(classify(1146), DbErrorKind::Other);
    }
}
