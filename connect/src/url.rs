//! Database URLs: which database a URL names, and where, with the password kept out of
//! every message.

use std::fmt;
use std::path::PathBuf;

use sqlweave::{DbErrorKind, Error, Result};

/// What errors about a URL carry as their `sql` (as the drivers' own connect errors do).
pub(crate) const CONNECT: &str = "<connect>";

/// The database a URL names, by its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// `sqlite:` URLs: [`sqlweave_sqlite`], feature `sqlite`.
    Sqlite,
    /// `postgres://` and `postgresql://` URLs: [`sqlweave_postgres`], feature `postgres`.
    Postgres,
    /// `mysql://` and `mariadb://` URLs: [`sqlweave_mysql`], feature `mysql` (the
    /// connection tells MySQL 8 from MariaDB by asking the server).
    MySql,
}

impl Backend {
    /// The database's name as people write it: `"SQLite"`, `"PostgreSQL"`,
    /// `"MySQL/MariaDB"`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
            Backend::MySql => "MySQL/MariaDB",
        }
    }

    /// The Cargo feature of `sqlweave-connect` that brings this database's driver.
    pub fn feature(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::MySql => "mysql",
        }
    }

    /// Whether this build of `sqlweave-connect` has the database's driver (its feature).
    pub fn is_available(self) -> bool {
        match self {
            Backend::Sqlite => cfg!(feature = "sqlite"),
            Backend::Postgres => cfg!(feature = "postgres"),
            Backend::MySql => cfg!(feature = "mysql"),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a SQLite URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteTarget {
    /// A fresh in-memory database (`sqlite::memory:`, `sqlite://`, `sqlite:///:memory:`).
    Memory,
    /// A database file, created when missing.
    File(PathBuf),
}

/// A parsed database URL: which database ([`Backend`]) and where.
///
/// The accepted forms:
///
/// | URL | Database |
/// |---|---|
/// | `sqlite:///relative/path.db` | SQLite file `relative/path.db` (relative to the working directory) |
/// | `sqlite:////absolute/path.db` | SQLite file `/absolute/path.db` |
/// | `sqlite::memory:` (also `sqlite://`, `sqlite:///:memory:`) | a fresh in-memory SQLite database |
/// | `postgres://user:password@host:port/db?options` (also `postgresql://`) | PostgreSQL, parsed by the `postgres` crate (libpq's URL form and options such as `connect_timeout`, `application_name`, `options`) |
/// | `mysql://user:password@host:port/db?options` (also `mariadb://`) | MySQL 8 or MariaDB, parsed by the `mysql` crate (its URL options such as `stmt_cache_size`) |
///
/// The SQLite forms are SQLAlchemy's: three slashes and a relative path, four for an
/// absolute one. A path's `%XX` escapes are decoded (`%20` for a space); a SQLite URL
/// with a host (`sqlite://host/x.db`) or with options (`?…`) is refused, so that no
/// option is silently ignored. Server URLs are checked by their drivers when connecting.
///
/// Neither [`fmt::Display`] nor [`fmt::Debug`] shows a password (it is written `***`),
/// and no error made from a URL repeats it.
///
/// ```
/// use sqlweave_connect::{Backend, DatabaseUrl, SqliteTarget};
///
/// let url = DatabaseUrl::parse("postgres://app:s3cret@db.internal:5432/shop")?;
/// assert_eq!(url.backend(), Backend::Postgres);
/// assert_eq!(url.to_string(), "postgres://app:***@db.internal:5432/shop");
///
/// let file = DatabaseUrl::parse("sqlite:///data/app.db")?;
/// assert_eq!(file.sqlite_target(), Some(&SqliteTarget::File("data/app.db".into())));
///
/// let err = DatabaseUrl::parse("oracle://scott:tiger@host/db").unwrap_err().to_string();
/// assert!(err.contains("unknown database URL scheme `oracle`"), "{err}");
/// assert!(!err.contains("tiger"));
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// The URL as given, with `mariadb://` spelled `mysql://` (server URLs); unused for
    /// SQLite.
    url: String,
    sqlite: Option<SqliteTarget>,
}

impl DatabaseUrl {
    /// Parses `url`: see the type's documentation for the forms. An unknown scheme, a
    /// string with no scheme, or a malformed SQLite URL is an [`Error::Database`] of kind
    /// [`DbErrorKind::ConnectionFailed`] whose message says what is wrong without
    /// repeating the URL.
    pub fn parse(url: &str) -> Result<DatabaseUrl> {
        let Some((scheme, rest)) = url.split_once(':') else {
            return Err(url_error(
                "not a database URL: expected one starting with sqlite:, postgres://, postgresql://, mysql:// or mariadb://",
            ));
        };
        let backend = match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                return Ok(DatabaseUrl {
                    backend: Backend::Sqlite,
                    url: String::new(),
                    sqlite: Some(sqlite_target(rest)?),
                });
            }
            "postgres" | "postgresql" => Backend::Postgres,
            "mysql" | "mariadb" => Backend::MySql,
            other => {
                // The scheme is echoed only when it looks like one (no password can hide
                // in it: a `user:password@host` string without a scheme lands here).
                let shown = if !other.is_empty()
                    && other.len() <= 20
                    && other.starts_with(|c: char| c.is_ascii_alphabetic())
                    && other
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    && rest.starts_with("//")
                {
                    format!("unknown database URL scheme `{other}`")
                } else {
                    "not a database URL".to_string()
                };
                return Err(url_error(&format!(
                    "{shown}: expected sqlite:, postgres://, postgresql://, mysql:// or mariadb://"
                )));
            }
        };
        if !rest.starts_with("//") {
            return Err(url_error(&format!(
                "a {} URL starts with {}://",
                backend.name(),
                scheme.to_ascii_lowercase()
            )));
        }
        let url = match backend {
            Backend::MySql => format!("mysql:{rest}"),
            _ => format!("postgres:{rest}"),
        };
        Ok(DatabaseUrl {
            backend,
            url,
            sqlite: None,
        })
    }

    /// The database the URL names.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Where a SQLite URL points; `None` for a server URL.
    pub fn sqlite_target(&self) -> Option<&SqliteTarget> {
        self.sqlite.as_ref()
    }

    /// The server URL as its driver reads it (`mariadb://` spelled `mysql://`), password
    /// included; `None` for SQLite. Never log it: [`fmt::Display`] is the form to show.
    pub fn server_url(&self) -> Option<&str> {
        (self.backend != Backend::Sqlite).then_some(self.url.as_str())
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = Error;
    fn from_str(s: &str) -> Result<DatabaseUrl> {
        DatabaseUrl::parse(s)
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sqlite {
            Some(SqliteTarget::Memory) => f.write_str("sqlite::memory:"),
            // An absolute path starts with `/`: `sqlite:////abs/x.db`.
            Some(SqliteTarget::File(path)) => write!(f, "sqlite:///{}", path.display()),
            None => f.write_str(&redacted(&self.url)),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    // Not derived: the URL holds the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.to_string())
            .finish()
    }
}

/// `scheme://user:password@host…` with the password written `***`, and so is the value
/// of a `password=` option (libpq's URLs take one).
///
/// People paste passwords unescaped, so the user information is taken to end at the
/// **last** `@` of the URL, not at the first `/`, `?` or `#`: a password holding those
/// stays hidden (with an `@` in an option's value, more than the password is hidden,
/// which is the safe side).
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return redact_password_option(url);
    };
    let rest = match rest.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => rest.to_string(),
        },
        None => rest.to_string(),
    };
    redact_password_option(&format!("{scheme}://{rest}"))
}

/// `…?password=secret&x=1` as `…?password=***&x=1` (the key in any case).
fn redact_password_option(url: &str) -> String {
    let Some((head, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => p.to_string(),
        })
        .collect();
    format!("{head}?{}", parts.join("&"))
}

fn sqlite_target(rest: &str) -> Result<SqliteTarget> {
    if rest == ":memory:" || rest == "//" || rest == "///:memory:" {
        return Ok(SqliteTarget::Memory);
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Err(url_error(
            "a SQLite URL is sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite::memory:",
        ));
    };
    let Some(path) = after.strip_prefix('/') else {
        return Err(url_error(
            "a SQLite URL names a file, not a host: write sqlite:///relative/path.db or sqlite:////absolute/path.db",
        ));
    };
    if path.contains(['?', '#']) {
        return Err(url_error(
            "a SQLite URL takes no options (`?…`): sqlweave-connect reads none, so none would apply",
        ));
    }
    if path.is_empty() {
        return Err(url_error(
            "a SQLite URL needs a file path after sqlite:/// (or sqlite::memory: for an in-memory database)",
        ));
    }
    Ok(SqliteTarget::File(PathBuf::from(percent_decode(path)?)))
}

fn percent_decode(s: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    url_error("a `%` in a SQLite path must start an escape such as %20")
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded =
        String::from_utf8(out).map_err(|_| url_error("a SQLite path must decode to UTF-8 text"))?;
    if decoded.contains('\0') {
        return Err(url_error("a SQLite path cannot hold a NUL byte"));
    }
    Ok(decoded)
}

pub(crate) fn url_error(message: &str) -> Error {
    Error::database(
        DbErrorKind::ConnectionFailed,
        None,
        format!("invalid database URL: {message}"),
        CONNECT,
    )
}
