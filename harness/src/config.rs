//! Where the servers are, what to do when one is down, and how the private spaces are
//! named and made.

use std::fmt;

use sqlweave_mysql::MySqlConnection;
use sqlweave_postgres::PgConnection;

use crate::error::SetupError;

/// The environment variable with the PostgreSQL connection string.
pub const POSTGRES_URL_VAR: &str = "SQLWEAVE_PG_URL";
/// The PostgreSQL connection string when [`POSTGRES_URL_VAR`] is not set.
pub const DEFAULT_POSTGRES_URL: &str = "host=127.0.0.1 user=postgres dbname=test";
/// The environment variable with the MariaDB / MySQL URL.
pub const MYSQL_URL_VAR: &str = "SQLWEAVE_MYSQL_URL";
/// The MariaDB / MySQL URL when [`MYSQL_URL_VAR`] is not set.
pub const DEFAULT_MYSQL_URL: &str = "mysql://root@127.0.0.1:3306/test";
/// The environment variable that, set to `1`, makes an unreachable server an error.
pub const REQUIRE_SERVERS_VAR: &str = "SQLWEAVE_REQUIRE_SERVERS";

/// How to reach PostgreSQL and MariaDB (SQLite is embedded, always there), whether both
/// must answer, and how the private spaces are named and made.
///
/// ```
/// use sqlweave_harness::Config;
///
/// // The project's variables and defaults: SQLWEAVE_PG_URL, SQLWEAVE_MYSQL_URL, and
/// // SQLWEAVE_REQUIRE_SERVERS=1 to fail instead of skipping an unreachable server.
/// let from_env = Config::from_env();
/// assert!(from_env.postgres_url().contains("dbname"));
///
/// // Explicit URLs: both servers are required unless told otherwise.
/// let explicit = Config::new("host=db.internal user=ci dbname=orm", "mysql://ci@db.internal/orm")
///     .require_all(false)
///     .prefix("orm_diff");
/// assert!(!explicit.requires_all());
/// ```
#[derive(Clone)]
pub struct Config {
    postgres_url: String,
    mysql_url: String,
    require_all: bool,
    prefix: String,
    mysql_charset: Option<String>,
    mysql_collation: Option<String>,
}

impl Config {
    /// The URLs from [`POSTGRES_URL_VAR`] and [`MYSQL_URL_VAR`], or the project's defaults
    /// ([`DEFAULT_POSTGRES_URL`], [`DEFAULT_MYSQL_URL`]); both servers required when
    /// [`REQUIRE_SERVERS_VAR`] is `1`, else an unreachable one is skipped.
    pub fn from_env() -> Config {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
        Config::new(
            var(POSTGRES_URL_VAR, DEFAULT_POSTGRES_URL),
            var(MYSQL_URL_VAR, DEFAULT_MYSQL_URL),
        )
        .require_all(std::env::var(REQUIRE_SERVERS_VAR).is_ok_and(|v| v == "1"))
    }

    /// Explicit servers: a PostgreSQL connection string (`host=… user=… dbname=…` or
    /// `postgresql://…`) and a MariaDB / MySQL URL (`mysql://user:password@host:port/db`).
    /// Both are required (you named them); [`Config::require_all`]`(false)` skips an
    /// unreachable one instead. Spaces are prefixed `sw_harness`, and MariaDB databases
    /// are made with `DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin`, so that text compares
    /// by code point there as on SQLite.
    pub fn new(postgres_url: impl Into<String>, mysql_url: impl Into<String>) -> Config {
        Config {
            postgres_url: postgres_url.into(),
            mysql_url: mysql_url.into(),
            require_all: true,
            prefix: "sw_harness".into(),
            mysql_charset: Some("utf8mb4".into()),
            mysql_collation: Some("utf8mb4_bin".into()),
        }
    }

    /// With `true`, an unreachable PostgreSQL or MariaDB is a
    /// [`SetupError::Unreachable`]; with `false`, it is skipped: a line on standard error
    /// says so, [`Spaces::skipped`](crate::Spaces::skipped) lists it, and the comparison
    /// runs on the databases that answered.
    pub fn require_all(mut self, yes: bool) -> Config {
        self.require_all = yes;
        self
    }

    /// The start of each space's name: lower-case ASCII letters, digits and `_`, starting
    /// with a letter, at most 30 characters (checked when a space is made). The name is
    /// `{prefix}_{process id}_{counter}_{clock}`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Config {
        self.prefix = prefix.into();
        self
    }

    /// The character set and collation of each MariaDB / MySQL database made for a space
    /// (`CREATE DATABASE … DEFAULT CHARSET … COLLATE …`); `None` leaves each to the
    /// server's default. Names are ASCII letters, digits and `_` (checked when a space is
    /// made).
    pub fn mysql_charset(mut self, charset: Option<&str>, collation: Option<&str>) -> Config {
        self.mysql_charset = charset.map(str::to_string);
        self.mysql_collation = collation.map(str::to_string);
        self
    }

    /// The PostgreSQL connection string.
    pub fn postgres_url(&self) -> &str {
        &self.postgres_url
    }

    /// The MariaDB / MySQL URL.
    pub fn mysql_url(&self) -> &str {
        &self.mysql_url
    }

    /// Whether an unreachable server is an error rather than skipped.
    pub fn requires_all(&self) -> bool {
        self.require_all
    }

    /// The prefix of space names.
    pub fn space_prefix(&self) -> &str {
        &self.prefix
    }

    /// Connects to PostgreSQL: `Ok(None)` when it is unreachable and not required (after
    /// a line on standard error that says it was skipped and why).
    pub fn connect_postgres(&self) -> Result<Option<PgConnection>, SetupError> {
        Ok(self.reach_postgres()?.ok())
    }

    /// Connects to MariaDB / MySQL: `Ok(None)` when it is unreachable and not required
    /// (after a line on standard error that says it was skipped and why).
    pub fn connect_mysql(&self) -> Result<Option<MySqlConnection>, SetupError> {
        Ok(self.reach_mysql()?.ok())
    }

    pub(crate) fn reach_postgres(&self) -> Result<Result<PgConnection, Skipped>, SetupError> {
        self.reach("PostgreSQL", &self.postgres_url, PgConnection::connect)
    }

    pub(crate) fn reach_mysql(&self) -> Result<Result<MySqlConnection, Skipped>, SetupError> {
        self.reach("MariaDB/MySQL", &self.mysql_url, MySqlConnection::connect)
    }

    fn reach<C>(
        &self,
        database: &'static str,
        url: &str,
        connect: impl FnOnce(&str) -> sqlweave::Result<C>,
    ) -> Result<Result<C, Skipped>, SetupError> {
        match connect(url) {
            Ok(c) => Ok(Ok(c)),
            Err(source) if self.require_all => Err(SetupError::Unreachable {
                database,
                url: redact(url),
                source: Box::new(source),
            }),
            Err(e) => {
                let skipped = Skipped {
                    database,
                    url: redact(url),
                    reason: e.to_string(),
                };
                eprintln!("skipped: {skipped}");
                Ok(Err(skipped))
            }
        }
    }

    /// The space prefix, checked.
    pub(crate) fn checked_prefix(&self) -> Result<&str, SetupError> {
        let p = &self.prefix;
        let reason = if p.is_empty() || p.len() > 30 {
            Some("it must have 1 to 30 characters")
        } else if !p.starts_with(|c: char| c.is_ascii_lowercase()) {
            Some("it must start with a lower-case ASCII letter")
        } else if !p
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            Some("it may hold only lower-case ASCII letters, digits and `_`")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(SetupError::InvalidName {
                what: "space prefix",
                name: p.clone(),
                reason,
            }),
            None => Ok(p),
        }
    }

    /// ` DEFAULT CHARSET x COLLATE y`, checked.
    pub(crate) fn mysql_database_options(&self) -> Result<String, SetupError> {
        let mut out = String::new();
        for (what, clause, name) in [
            (
                "MariaDB character set",
                " DEFAULT CHARSET ",
                &self.mysql_charset,
            ),
            ("MariaDB collation", " COLLATE ", &self.mysql_collation),
        ] {
            let Some(name) = name else { continue };
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(SetupError::InvalidName {
                    what,
                    name: name.clone(),
                    reason: "it may hold only ASCII letters, digits and `_`",
                });
            }
            out.push_str(clause);
            out.push_str(name);
        }
        Ok(out)
    }
}

impl Default for Config {
    /// [`Config::from_env`].
    fn default() -> Config {
        Config::from_env()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("postgres_url", &redact(&self.postgres_url))
            .field("mysql_url", &redact(&self.mysql_url))
            .field("require_all", &self.require_all)
            .field("prefix", &self.prefix)
            .field("mysql_charset", &self.mysql_charset)
            .field("mysql_collation", &self.mysql_collation)
            .finish()
    }
}

/// A server that did not answer and was left out of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `"PostgreSQL"` or `"MariaDB/MySQL"`.
    pub database: &'static str,
    /// Where it was looked for (any password replaced by `***`).
    pub url: String,
    /// The driver's error.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} unreachable at {:?} ({})",
            self.database, self.url, self.reason
        )
    }
}

/// The URL with its password, if any, replaced by `***`: the `user:password@` of a URL,
/// and a `password=…` word of a PostgreSQL key-value string.
pub(crate) fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@')
            && let Some(colon) = rest[..at].find(':')
        {
            return format!("{scheme}://{}:***{}", &rest[..colon], &rest[at..]);
        }
        return url.to_string();
    }
    url.split(' ')
        .map(|word| match word.split_once('=') {
            Some((key, _)) if key.trim() == "password" => format!("{key}=***"),
            _ => word.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("mysql://root@127.0.0.1:3306/test"),
            "mysql://root@127.0.0.1:3306/test"
        );
        assert_eq!(
            redact("mysql://ci:s3cr@t@db:3306/test?x=1"),
            "mysql://ci:***@db:3306/test?x=1"
        );
        assert_eq!(
            redact("postgresql://ci:pw@db/test"),
            "postgresql://ci:***@db/test"
        );
        assert_eq!(
            redact("host=db user=ci password=pw dbname=test"),
            "host=db user=ci password=*** dbname=test"
        );
        let debug = format!(
            "{:?}",
            Config::new("host=db password=pw", "mysql://a:pw@db/x")
        );
        assert!(!debug.contains("pw"), "{debug}");
    }

    #[test]
    fn prefixes_and_charsets_are_names_not_sql() {
        for bad in ["", "Sw", "1sw", "sw-x", "sw; DROP", &"a".repeat(31)] {
            let err = Config::new("", "")
                .prefix(bad)
                .checked_prefix()
                .unwrap_err();
            assert!(err.to_string().contains("space prefix"), "{err}");
        }
        assert_eq!(
            Config::new("", "")
                .prefix("orm_1")
                .checked_prefix()
                .unwrap(),
            "orm_1"
        );
        let c = Config::new("", "");
        assert_eq!(
            c.mysql_database_options().unwrap(),
            " DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin"
        );
        let c = c.mysql_charset(Some("utf8mb4"), None);
        assert_eq!(
            c.mysql_database_options().unwrap(),
            " DEFAULT CHARSET utf8mb4"
        );
        let c = c.mysql_charset(None, Some("x; DROP DATABASE test"));
        assert!(c.mysql_database_options().is_err());
    }
}
