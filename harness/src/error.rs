//! What can go wrong while the databases are made ready.

/// Connecting, making a private space, or loading set-up SQL failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// A server did not answer and every database is required
    /// ([`Config::require_all`](crate::Config::require_all), or
    /// `SQLWEAVE_REQUIRE_SERVERS=1` with [`Config::from_env`](crate::Config::from_env)).
    #[error("{database} unreachable at {url:?} and every database is required: {source}")]
    Unreachable {
        /// `"PostgreSQL"` or `"MariaDB/MySQL"`.
        database: &'static str,
        /// Where it was looked for (any password replaced by `***`).
        url: String,
        /// The driver's error.
        source: Box<sqlweave::Error>,
    },
    /// The in-memory SQLite database, the PostgreSQL schema or the MariaDB database of a
    /// space could not be made.
    #[error("cannot make the space {name:?} on {database}: {source}")]
    Space {
        /// The database's name (its dialect's).
        database: &'static str,
        /// The space's name.
        name: String,
        /// The driver's error.
        source: Box<sqlweave::Error>,
    },
    /// Set-up SQL failed.
    #[error("set-up SQL failed on {database}: {source}")]
    Load {
        /// The database's name (its dialect's).
        database: &'static str,
        /// The driver's error.
        source: Box<sqlweave::Error>,
    },
    /// A space prefix, character set or collation name is not a plain name.
    #[error("invalid {what} {name:?}: {reason}")]
    InvalidName {
        /// What the name is for.
        what: &'static str,
        /// The name as given.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
}
