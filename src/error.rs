//! The one error type of sqlweave.

/// Everything that can go wrong while building, rendering or binding a statement.
///
/// Every variant says what went wrong and where; rendering never panics and never
/// produces SQL a dialect would misread: it returns one of these instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dialect cannot express this syntax and cannot emulate it faithfully.
    #[error("{dialect} does not support {feature}")]
    Unsupported {
        /// The dialect's name, e.g. `"MySQL"`.
        dialect: &'static str,
        /// What was asked for, e.g. `"FULL OUTER JOIN"`.
        feature: String,
    },
    /// An identifier (table, column, alias, CTE or window name …) cannot be used.
    #[error("invalid identifier {name:?}: {reason}")]
    InvalidIdentifier {
        /// The identifier as given (possibly shortened for display).
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A label of an enumerated type that the database would refuse or misread (see
    /// [`Dialect::check_enum_label`](crate::Dialect::check_enum_label)).
    #[error("invalid label {label:?} of enum type {enum_type:?}: {reason}")]
    InvalidEnumLabel {
        /// The enumerated type's name.
        enum_type: String,
        /// The label as given (possibly shortened for display).
        label: String,
        /// Why it was refused.
        reason: String,
    },
    /// A function name that is not a plain SQL name.
    #[error("invalid function name {name:?}: {reason}")]
    InvalidFunctionName {
        /// The name as given.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The expression tree nests deeper than the renderer's guard.
    #[error("expression nests deeper than the limit of {limit} levels")]
    TooDeep {
        /// The limit in force (see [`crate::MAX_DEPTH`]).
        limit: usize,
    },
    /// A statement or expression is not well formed (an empty select list, a compound
    /// with mismatched parts, a raw fragment whose placeholders do not match its values …).
    #[error("invalid statement: {0}")]
    Invalid(String),
    /// A value cannot be sent to this database (a `u64` past the column's range,
    /// a NUL byte in PostgreSQL text, NaN where it is not stored …).
    #[error("value not representable: {0}")]
    Value(String),
    /// A statement needs more bind parameters than the driver takes in one statement.
    #[error(
        "the statement needs {count} bind parameters; {dialect} takes at most {limit} in one statement"
    )]
    TooManyParams {
        /// Parameters the statement needs.
        count: usize,
        /// The driver's limit.
        limit: usize,
        /// The dialect's name.
        dialect: &'static str,
    },
    /// A named bind parameter was not supplied, was supplied twice, or is unknown.
    #[error("bind parameter error: {0}")]
    Bind(String),
    /// The database or its driver reported an error while running `sql`.
    ///
    /// `kind` classifies it the same way on every database (see [`DbErrorKind`]);
    /// `code` is the database's own code: the SQLSTATE on PostgreSQL (`"23505"`), the
    /// error number on MySQL / MariaDB (`"1062"`), the extended result code's name on
    /// SQLite (`"SQLITE_CONSTRAINT_UNIQUE"`); `None` for errors raised by the client
    /// (a lost connection, a refused connection).
    #[error("database error ({kind}): {message} (while running: {sql})")]
    Database {
        /// What kind of failure this is, the same on every database.
        kind: DbErrorKind,
        /// The database's own error code, when it gave one.
        code: Option<String>,
        /// The driver's message.
        message: String,
        /// The SQL that failed (parameter values are not included).
        sql: String,
    },
    /// A result row could not be decoded into the requested Rust type.
    #[error("cannot decode column {column:?} ({sql_type}) as {rust_type}: {reason}")]
    Decode {
        /// The column's label or index.
        column: String,
        /// The SQL type as the database reported it.
        sql_type: String,
        /// The Rust type requested.
        rust_type: &'static str,
        /// What went wrong.
        reason: String,
    },
}

/// `Result` with sqlweave's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::Invalid`]: a statement or expression that is not well formed. Code
    /// that builds on sqlweave (its own checks before rendering, a custom node) makes
    /// the same error sqlweave makes, so callers handle one kind of refusal.
    ///
    /// ```
    /// use sqlweave::Error;
    /// fn check_page_size(n: u64) -> sqlweave::Result<u64> {
    ///     if n == 0 || n > 500 {
    ///         return Err(Error::invalid(format!("page size {n} is outside 1..=500")));
    ///     }
    ///     Ok(n)
    /// }
    /// let e = check_page_size(0).unwrap_err();
    /// assert!(matches!(e, Error::Invalid(_)));
    /// assert_eq!(e.to_string(), "invalid statement: page size 0 is outside 1..=500");
    /// ```
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    /// An [`Error::Value`]: a value that cannot be sent to the database as it is.
    ///
    /// ```
    /// use sqlweave::Error;
    /// let e = Error::value("a price cannot be negative");
    /// assert_eq!(e.to_string(), "value not representable: a price cannot be negative");
    /// ```
    pub fn value(msg: impl Into<String>) -> Self {
        Error::Value(msg.into())
    }

    /// This error with `note` added to its message (`"…; note"`): what an operation of
    /// several statements did about the failure. The variant, kind and code stay the
    /// same; a variant without a message of its own becomes an [`Error::Invalid`]
    /// holding its text and the note, so the note is never lost.
    ///
    /// ```
    /// let e = sqlweave::Error::invalid("bad").with_note("in migration 2");
    /// assert_eq!(e.to_string(), "invalid statement: bad; in migration 2");
    /// ```
    pub fn with_note(self, note: &str) -> Self {
        let add = |text: String| format!("{text}; {note}");
        match self {
            Error::Database {
                kind,
                code,
                message,
                sql,
            } => Error::Database {
                kind,
                code,
                message: add(message),
                sql,
            },
            Error::Unsupported { dialect, feature } => Error::Unsupported {
                dialect,
                feature: add(feature),
            },
            Error::Invalid(m) => Error::Invalid(add(m)),
            Error::Value(m) => Error::Value(add(m)),
            Error::Bind(m) => Error::Bind(add(m)),
            Error::Decode {
                column,
                sql_type,
                rust_type,
                reason,
            } => Error::Decode {
                column,
                sql_type,
                rust_type,
                reason: add(reason),
            },
            other => Error::Invalid(add(other.to_string())),
        }
    }
}

impl Error {
    /// An [`Error::Database`]: the constructor the drivers use.
    pub fn database(
        kind: DbErrorKind,
        code: Option<String>,
        message: impl Into<String>,
        sql: impl Into<String>,
    ) -> Self {
        Error::Database {
            kind,
            code,
            message: message.into(),
            sql: sql.into(),
        }
    }

    /// The classification of a database error; `None` for errors raised before
    /// anything reached the database (rendering, binding, decoding).
    ///
    /// ```
    /// use sqlweave::{DbErrorKind, Error};
    /// let e = Error::database(DbErrorKind::UniqueViolation, Some("23505".into()), "duplicate key", "INSERT …");
    /// assert_eq!(e.db_kind(), Some(DbErrorKind::UniqueViolation));
    /// assert_eq!(e.db_code(), Some("23505"));
    /// assert_eq!(Error::Bind("x".into()).db_kind(), None);
    /// ```
    pub fn db_kind(&self) -> Option<DbErrorKind> {
        match self {
            Error::Database { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The database's own error code (SQLSTATE, MySQL error number, SQLite result code
    /// name), when the database gave one.
    pub fn db_code(&self) -> Option<&str> {
        match self {
            Error::Database { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// `true` for a failure that running the whole transaction again may cure: a
    /// deadlock, a serialization failure or a lock wait that timed out (see
    /// [`DbErrorKind::is_retryable`]; a [`DbErrorKind::StatementTimeout`] is not).
    pub fn is_retryable(&self) -> bool {
        self.db_kind().is_some_and(DbErrorKind::is_retryable)
    }
}

/// What kind of failure an [`Error::Database`] is, classified the same way on every
/// database from the database's own code:
///
/// | kind | PostgreSQL (SQLSTATE) | MySQL / MariaDB (error number) | SQLite (extended result code) |
/// |---|---|---|---|
/// | `UniqueViolation` | `23505` | 1062, 1586 | `SQLITE_CONSTRAINT_UNIQUE`, `_PRIMARYKEY`, `_ROWID` |
/// | `ForeignKeyViolation` | `23503` | 1451, 1452, 1216, 1217 | `SQLITE_CONSTRAINT_FOREIGNKEY` |
/// | `NotNullViolation` | `23502` | 1048, 1364 | `SQLITE_CONSTRAINT_NOTNULL` |
/// | `CheckViolation` | `23514` | 3819 (MySQL), 4025 (MariaDB) | `SQLITE_CONSTRAINT_CHECK` |
/// | `Deadlock` | `40P01` | 1213 | — (SQLite reports `SQLITE_BUSY`) |
/// | `SerializationFailure` | `40001` | — | `SQLITE_BUSY_SNAPSHOT`; `SQLITE_BUSY` when a read transaction could not take the write lock |
/// | `LockTimeout` | `55P03` | 1205, 3572 | `SQLITE_BUSY`, `SQLITE_LOCKED` (outside a read transaction) |
/// | `StatementTimeout` | `57014` | 1969 (MariaDB), 3024 (MySQL 8) | — (SQLite has no statement timeout) |
/// | `ConnectionLost` | class `08`, `57P01`–`57P03`, `57P05`, `25P03`; a closed socket | 2006, 2013, 1927, 4031; a closed socket | — |
/// | `ConnectionFailed` | connecting failed | connecting failed | the file could not be opened |
/// | `Syntax` | `42601` | 1064, 1149 | a "syntax error" `SQLITE_ERROR` |
/// | `Other` | anything else | anything else | anything else |
///
///
/// # In a retry loop
///
/// Retry the **whole transaction** (never the one statement: the database has rolled the
/// transaction back, or it must be) on the kinds [`DbErrorKind::is_retryable`] accepts:
/// `Deadlock`, `SerializationFailure`, `LockTimeout`. [`crate::transaction_retrying`] does
/// this with backoff. `StatementTimeout` is not retried by default: a statement that was
/// slow on its own is as slow the next time, and it held its locks all the while. If the
/// timeout is meant to bound waits for locks, bound them with the lock timeout instead
/// (PostgreSQL `lock_timeout`, MariaDB `innodb_lock_wait_timeout`), which is a retryable
/// `LockTimeout`, or opt in with [`crate::RetryPolicy::retry_statement_timeouts`].
/// `ConnectionLost` needs a new connection first (a pool gives one); the constraint
/// kinds, `Syntax` and `Other` fail the same way again.
///
/// ```
/// use sqlweave::DbErrorKind;
/// assert_eq!(DbErrorKind::from_sqlstate("23505"), DbErrorKind::UniqueViolation);
/// assert_eq!(DbErrorKind::from_sqlstate("08006"), DbErrorKind::ConnectionLost);
/// assert!(DbErrorKind::from_sqlstate("40P01").is_retryable());
/// assert_eq!(DbErrorKind::CheckViolation.to_string(), "check violation");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DbErrorKind {
    /// A UNIQUE or PRIMARY KEY constraint was violated.
    UniqueViolation,
    /// A FOREIGN KEY constraint was violated (a missing parent, or a parent still referenced).
    ForeignKeyViolation,
    /// NULL was written to a NOT NULL column.
    NotNullViolation,
    /// A CHECK constraint was violated.
    CheckViolation,
    /// The database chose this transaction as the victim of a deadlock.
    Deadlock,
    /// A transaction could not be serialized with concurrent ones.
    SerializationFailure,
    /// A lock could not be taken in time (or at once, with `NOWAIT`).
    LockTimeout,
    /// The statement ran past the session's statement timeout (PostgreSQL
    /// `statement_timeout`, MariaDB `max_statement_time`, MySQL `max_execution_time`) and
    /// was cancelled, whether it was working or waiting for a lock. PostgreSQL uses the
    /// same SQLSTATE (`57014`) for a statement cancelled by a cancel request. Not
    /// retryable by default (see the table above).
    StatementTimeout,
    /// The connection to the server broke; the connection cannot be used again.
    ConnectionLost,
    /// Connecting (or opening the database file) failed.
    ConnectionFailed,
    /// The SQL text is not valid syntax.
    Syntax,
    /// Anything else.
    Other,
}

impl DbErrorKind {
    /// The kind of a PostgreSQL SQLSTATE (also the standard codes other databases send).
    pub fn from_sqlstate(code: &str) -> Self {
        match code {
            "23505" => DbErrorKind::UniqueViolation,
            "23503" => DbErrorKind::ForeignKeyViolation,
            "23502" => DbErrorKind::NotNullViolation,
            "23514" => DbErrorKind::CheckViolation,
            "40P01" => DbErrorKind::Deadlock,
            "40001" => DbErrorKind::SerializationFailure,
            "55P03" => DbErrorKind::LockTimeout,
            "57014" => DbErrorKind::StatementTimeout,
            "57P01" | "57P02" | "57P03" | "57P05" | "25P03" => DbErrorKind::ConnectionLost,
            "42601" => DbErrorKind::Syntax,
            c if c.starts_with("08") => DbErrorKind::ConnectionLost,
            _ => DbErrorKind::Other,
        }
    }

    /// A short readable name, e.g. `"unique violation"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DbErrorKind::UniqueViolation => "unique violation",
            DbErrorKind::ForeignKeyViolation => "foreign-key violation",
            DbErrorKind::NotNullViolation => "not-null violation",
            DbErrorKind::CheckViolation => "check violation",
            DbErrorKind::Deadlock => "deadlock",
            DbErrorKind::SerializationFailure => "serialization failure",
            DbErrorKind::LockTimeout => "lock timeout",
            DbErrorKind::StatementTimeout => "statement timeout",
            DbErrorKind::ConnectionLost => "connection lost",
            DbErrorKind::ConnectionFailed => "connection failed",
            DbErrorKind::Syntax => "syntax error",
            DbErrorKind::Other => "other",
        }
    }

    /// `true` for the four integrity-constraint kinds.
    pub fn is_constraint_violation(self) -> bool {
        matches!(
            self,
            DbErrorKind::UniqueViolation
                | DbErrorKind::ForeignKeyViolation
                | DbErrorKind::NotNullViolation
                | DbErrorKind::CheckViolation
        )
    }

    /// `true` when running the whole transaction again may succeed: deadlock,
    /// serialization failure, lock timeout. Not a statement timeout: a query that was
    /// slow on its own stays slow (see the type's documentation).
    ///
    /// ```
    /// use sqlweave::DbErrorKind;
    /// assert!(DbErrorKind::from_sqlstate("40001").is_retryable());
    /// assert!(DbErrorKind::from_sqlstate("55P03").is_retryable());
    /// assert_eq!(DbErrorKind::from_sqlstate("57014"), DbErrorKind::StatementTimeout);
    /// assert!(!DbErrorKind::StatementTimeout.is_retryable());
    /// ```
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            DbErrorKind::Deadlock | DbErrorKind::SerializationFailure | DbErrorKind::LockTimeout
        )
    }
}

impl std::fmt::Display for DbErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
