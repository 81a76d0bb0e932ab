//! A migration and how migrations are stored: a directory per migration holding SQL
//! files per database.
//!
//! ```text
//! migrations/
//!   0001_create_users/
//!     up.sqlite.sql   down.sqlite.sql
//!     up.postgres.sql down.postgres.sql
//!     up.mysql.sql    down.mysql.sql      (MariaDB and MySQL)
//!   0002_add_age/
//!     up.sql          down.sql            (one file for every database)
//! ```
//!
//! Why SQL files and not Rust source: the SQL is what runs, so a reviewer reads exactly
//! what each database will get (a rebuild on SQLite, `MODIFY COLUMN` on MariaDB) and can
//! edit it; the installed `sqlweave` binary runs a directory without compiling the
//! user's crate; and the checksum that guards against edits is over that text. The
//! operations stay plain data in Rust ([`crate::MigrationOp`]) until they are written.

use std::path::{Path, PathBuf};

use sqlweave::{Dialect, Error, Result};

/// One migration: a version, a name, and its SQL up and (optionally) down — either one
/// text for every database, or one per database family (`sqlite`, `postgres`, `mysql`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The version: migrations run in ascending order.
    pub version: u64,
    /// What it does, for people.
    pub name: String,
    /// `(family, up SQL)`; family `""` is for every database.
    pub up: Vec<(String, String)>,
    /// `(family, down SQL)`; empty when the migration cannot be undone.
    pub down: Vec<(String, String)>,
    /// Run without a transaction even where DDL is transactional (a first line
    /// `-- sqlweave:no-transaction` in the up file), for statements such as
    /// PostgreSQL's `CREATE INDEX CONCURRENTLY`.
    pub no_transaction: bool,
}

/// The family name of a dialect for file names: `sqlite`, `postgres` or `mysql`.
pub fn family(dialect: &dyn Dialect) -> &'static str {
    match dialect.name() {
        "SQLite" => "sqlite",
        "PostgreSQL" => "postgres",
        "MariaDB" | "MySQL" => "mysql",
        _ => "other",
    }
}

impl Migration {
    /// The longest name, in characters, that the version table holds
    /// ([`crate::version_table`]'s `name` column); [`crate::Runner::new`] refuses a
    /// migration with a longer one before anything runs.
    pub const NAME_MAX: usize = 255;

    /// A migration whose `up` SQL is the same on every database.
    pub fn new(version: u64, name: impl Into<String>, up: impl Into<String>) -> Self {
        let up = up.into();
        let no_transaction = up.trim_start().starts_with("-- sqlweave:no-transaction");
        Migration {
            version,
            name: name.into(),
            up: vec![(String::new(), up)],
            down: Vec::new(),
            no_transaction,
        }
    }

    /// A migration with no SQL yet; add it per database with [`Migration::up_for`].
    pub fn empty(version: u64, name: impl Into<String>) -> Self {
        Migration {
            version,
            name: name.into(),
            up: Vec::new(),
            down: Vec::new(),
            no_transaction: false,
        }
    }

    /// Sets the `down` SQL for every database.
    pub fn down(mut self, down: impl Into<String>) -> Self {
        self.down.retain(|(f, _)| !f.is_empty());
        self.down.push((String::new(), down.into()));
        self
    }

    /// Sets the up SQL for one family (`sqlite`, `postgres`, `mysql`).
    pub fn up_for(mut self, family: &str, sql: impl Into<String>) -> Self {
        self.up.retain(|(f, _)| f != family);
        self.up.push((family.to_string(), sql.into()));
        self
    }

    /// Sets the down SQL for one family.
    pub fn down_for(mut self, family: &str, sql: impl Into<String>) -> Self {
        self.down.retain(|(f, _)| f != family);
        self.down.push((family.to_string(), sql.into()));
        self
    }

    fn text<'a>(list: &'a [(String, String)], family: &str) -> Option<&'a str> {
        list.iter()
            .find(|(f, _)| f == family)
            .or_else(|| list.iter().find(|(f, _)| f.is_empty()))
            .map(|(_, s)| s.as_str())
    }

    /// The up statements for `dialect`, or an error when the migration has none for it.
    pub fn up_statements(&self, dialect: &dyn Dialect) -> Result<Vec<String>> {
        match Self::text(&self.up, family(dialect)) {
            Some(t) => Ok(split_statements(t, dialect)),
            None => Err(Error::invalid(format!(
                "migration {} ({:?}) has no SQL for {} (no up.{}.sql and no up.sql)",
                self.version,
                self.name,
                dialect.name(),
                family(dialect)
            ))),
        }
    }

    /// The down statements for `dialect`, or an error when it cannot be undone there.
    pub fn down_statements(&self, dialect: &dyn Dialect) -> Result<Vec<String>> {
        match Self::text(&self.down, family(dialect)) {
            Some(t) => Ok(split_statements(t, dialect)),
            None => Err(Error::invalid(format!(
                "migration {} ({:?}) cannot be undone on {}: it has no down.{}.sql (and no down.sql)",
                self.version,
                self.name,
                dialect.name(),
                family(dialect)
            ))),
        }
    }

    /// A checksum of the up SQL of every family, over normalized text (no `\r`, no
    /// byte-order mark, no trailing spaces), so that a checkout with other line endings
    /// does not look like an edit. FNV-1a, 64 bits, in hex: it catches edits, it is not
    /// a defence against someone forging a file.
    pub fn checksum(&self) -> String {
        let mut parts: Vec<&(String, String)> = self.up.iter().collect();
        parts.sort();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for b in bytes {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for (family, text) in parts {
            feed(family.as_bytes());
            feed(b"\n");
            let text = text.trim_start_matches('\u{feff}');
            for line in text.lines() {
                feed(line.trim_end().as_bytes());
                feed(b"\n");
            }
        }
        format!("{h:016x}")
    }
}

/// Splits SQL text into statements for `dialect` at `;` outside quotes and comments.
/// Comment lines before a statement are dropped, and so is a line comment after its
/// last word (so that the `;` written after a statement never falls into a comment);
/// empty and comment-only statements go.
///
/// What is a quote or a comment depends on the database the text is for:
///
/// * every database: `'…'`, `"…"` and `` `…` `` (a doubled quote is two quoted strings
///   in a row), `/* … */` and `--` line comments;
/// * PostgreSQL: dollar-quoted strings (`$$ … $$`, `$tag$ … $tag$`), and a backslash
///   escapes the next character in `E'…'` strings only (with
///   `standard_conforming_strings`, on by default, a backslash in `'…'` is an ordinary
///   character and `#` is an operator);
/// * MariaDB / MySQL: `#` starts a line comment, `--` does only when a space or a
///   control character follows it (`5--2` is a subtraction), and a backslash escapes
///   the next character in `'…'` and `"…"` (the default `sql_mode`, without
///   `NO_BACKSLASH_ESCAPES`); `$` is an ordinary character (it may start a name);
/// * SQLite: none of these (`#` is not a comment, a backslash is an ordinary
///   character).
///
/// A `;` inside a block comment does not end a statement: SQLite keeps comments in the
/// text of views, defaults and CHECKs, which reflection reads back verbatim.
///
/// ```
/// use sqlweave_migrate::split_statements;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
///
/// assert_eq!(
///     split_statements("CREATE TABLE t (a TEXT DEFAULT ';');\n-- a comment; here\nDROP TABLE u;", &Sqlite),
///     ["CREATE TABLE t (a TEXT DEFAULT ';')", "DROP TABLE u"]
/// );
/// assert_eq!(
///     split_statements("CREATE VIEW v AS SELECT 1 /* a; b */ AS x; SELECT $$ c; d $$ -- e\n;", &Postgres),
///     ["CREATE VIEW v AS SELECT 1 /* a; b */ AS x", "SELECT $$ c; d $$"]
/// );
/// // MariaDB / MySQL: `#` comments and backslash escapes.
/// assert_eq!(
///     split_statements("# setup; first\nINSERT INTO t VALUES ('it\\'s; here'); DROP TABLE u # done;", &MySql::mariadb()),
///     ["INSERT INTO t VALUES ('it\\'s; here')", "DROP TABLE u"]
/// );
/// // Elsewhere `#` is no comment and a backslash is an ordinary character.
/// assert_eq!(
///     split_statements("SELECT 1 # 2; SELECT 'a\\'; SELECT 3", &Postgres),
///     ["SELECT 1 # 2", "SELECT 'a\\'", "SELECT 3"]
/// );
/// ```
pub fn split_statements(sql: &str, dialect: &dyn Dialect) -> Vec<String> {
    let syntax = Syntax::of(dialect);
    let mut out = Vec::new();
    let mut cur = String::new();
    // Where a line comment that nothing but white space followed so far began in `cur`.
    let mut trailing_comment: Option<usize> = None;
    let mut rest = sql;
    while let Some(c) = rest.chars().next() {
        if let Some(n) = syntax.line_comment(rest) {
            // A run of comments and white space: the first one starts it.
            trailing_comment.get_or_insert(cur.len());
            cur.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        let len = match c {
            '\'' | '"' | '`' => quoted_len(rest, syntax.backslash_escapes(c, &cur)),
            '/' if rest.starts_with("/*") => rest[2..].find("*/").map_or(rest.len(), |i| i + 4),
            '$' if syntax.dollar_quotes => match dollar_tag(rest, &cur) {
                Some(tag) => rest[tag.len()..]
                    .find(tag)
                    .map_or(rest.len(), |i| i + 2 * tag.len()),
                None => 1,
            },
            ';' => {
                if let Some(at) = trailing_comment {
                    cur.truncate(at);
                }
                push_statement(&mut out, &cur, syntax);
                cur.clear();
                trailing_comment = None;
                rest = &rest[1..];
                continue;
            }
            c => c.len_utf8(),
        };
        if !c.is_whitespace() {
            trailing_comment = None;
        }
        cur.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    if let Some(at) = trailing_comment {
        cur.truncate(at);
    }
    push_statement(&mut out, &cur, syntax);
    out
}

/// What the statement splitter reads as quotes and comments, per database family.
#[derive(Debug, Clone, Copy)]
struct Syntax {
    /// MariaDB / MySQL: `#` comments, `-- ` comments only with a space after, and
    /// backslash escapes in `'…'` and `"…"`.
    mysql: bool,
    /// PostgreSQL: dollar-quoted strings, backslash escapes in `E'…'`.
    postgres: bool,
    /// `$$ … $$` and `$tag$ … $tag$` are strings (PostgreSQL).
    dollar_quotes: bool,
}

impl Syntax {
    fn of(dialect: &dyn Dialect) -> Syntax {
        let fam = family(dialect);
        Syntax {
            mysql: fam == "mysql",
            postgres: fam == "postgres",
            dollar_quotes: fam == "postgres",
        }
    }

    /// The length of the line comment (with its line end) that `rest` starts with.
    fn line_comment(self, rest: &str) -> Option<usize> {
        let is_comment = if let Some(after) = rest.strip_prefix("--") {
            // MySQL: `--` followed by a space or a control character (or nothing).
            !self.mysql
                || after
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c.is_control())
        } else {
            self.mysql && rest.starts_with('#')
        };
        is_comment.then(|| rest.find('\n').map_or(rest.len(), |i| i + 1))
    }

    /// Whether a backslash escapes the next character in the string opened by `quote`
    /// after the text `before`.
    fn backslash_escapes(self, quote: char, before: &str) -> bool {
        if self.mysql {
            return quote != '`';
        }
        if self.postgres && quote == '\'' {
            // `E'…'` / `e'…'`, where the `E` is not the end of a longer word.
            let mut back = before.chars().rev();
            return matches!(back.next(), Some('E' | 'e'))
                && back
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        }
        false
    }
}

/// The length of the quoted text at the start of `rest`, to its closing quote (all of
/// `rest` when it is not closed). A doubled quote is read as two quoted texts in a row.
fn quoted_len(rest: &str, backslash_escapes: bool) -> usize {
    let bytes = rest.as_bytes();
    let quote = bytes[0];
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            // The escaped byte is skipped: a quote or a backslash is one byte, and
            // the bytes of a longer character are neither.
            b'\\' if backslash_escapes => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    rest.len()
}

/// The opening tag of a dollar-quoted string at the start of `rest` (`$$` or
/// `$name$`), unless the `$` continues a word (`a$b`) or starts a parameter (`$1`).
fn dollar_tag<'a>(rest: &'a str, before: &str) -> Option<&'a str> {
    if before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        return None;
    }
    let body = &rest[1..];
    let end = body.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    let name = &body[..end];
    if !body[end..].starts_with('$') || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(&rest[..end + 2])
}

/// Keeps a statement without the comment lines before it (a comment-only one goes).
fn push_statement(out: &mut Vec<String>, s: &str, syntax: Syntax) {
    let mut rest = s.trim_start();
    while let Some(n) = syntax.line_comment(rest) {
        rest = rest[n..].trim_start();
    }
    let t = rest.trim_end();
    if !t.is_empty() {
        out.push(t.to_string());
    }
}

/// Reads every migration under `dir`: one subdirectory `<version>_<name>` each, holding
/// `up.sql` / `down.sql` and / or `up.<family>.sql` / `down.<family>.sql`.
pub fn load_dir(dir: impl AsRef<Path>) -> Result<Vec<Migration>> {
    let dir = dir.as_ref();
    let io = |e: std::io::Error, p: &Path| Error::invalid(format!("{}: {e}", p.display()));
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| io(e, dir))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    paths.sort();
    for p in paths {
        let Some(base) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let (num, name) = base.split_once('_').unwrap_or((base, ""));
        let Ok(version) = num.parse::<u64>() else {
            continue;
        };
        let mut m = Migration::empty(version, name.replace('_', " "));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&p)
            .map_err(|e| io(e, &p))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files {
            let Some(fname) = f.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = fname.strip_suffix(".sql") else {
                continue;
            };
            let (dir_kind, fam) = stem.split_once('.').unwrap_or((stem, ""));
            let text = std::fs::read_to_string(&f).map_err(|e| io(e, &f))?;
            match dir_kind {
                "up" => {
                    if text.trim_start().starts_with("-- sqlweave:no-transaction") {
                        m.no_transaction = true;
                    }
                    m.up.push((fam.to_string(), text))
                }
                "down" => m.down.push((fam.to_string(), text)),
                _ => {}
            }
        }
        if m.up.is_empty() {
            return Err(Error::invalid(format!(
                "{} holds no up.sql or up.<database>.sql",
                p.display()
            )));
        }
        out.push(m);
    }
    Ok(out)
}

/// Writes `migration` under `dir` as `<version>_<slug>/{up,down}[.<family>].sql` and
/// returns the directory. The slug is the name in lower-case ASCII letters and digits
/// joined by `_` (never a path: separators and dots become `_`), cut after a word
/// at 60 bytes; `migration` when nothing is left. Refuses to overwrite, and refuses a version that `dir`
/// already has.
pub fn write_dir(dir: impl AsRef<Path>, migration: &Migration) -> Result<PathBuf> {
    let dir = dir.as_ref();
    let io = |e: std::io::Error, p: &Path| Error::invalid(format!("{}: {e}", p.display()));
    std::fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    if let Ok(existing) = load_dir(dir)
        && let Some(m) = existing.iter().find(|m| m.version == migration.version)
    {
        return Err(Error::invalid(format!(
            "{} already has a migration {} ({:?})",
            dir.display(),
            m.version,
            m.name
        )));
    }
    let slug: String = migration
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect::<String>()
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let path = dir.join(format!("{:04}_{}", migration.version, short_slug(&slug)));
    std::fs::create_dir(&path).map_err(|e| io(e, &path))?;
    let name = |kind: &str, fam: &str| {
        if fam.is_empty() {
            format!("{kind}.sql")
        } else {
            format!("{kind}.{fam}.sql")
        }
    };
    for (kind, list) in [("up", &migration.up), ("down", &migration.down)] {
        for (fam, text) in list {
            let f = path.join(name(kind, fam));
            std::fs::write(&f, text).map_err(|e| io(e, &f))?;
        }
    }
    Ok(path)
}

/// At most [`SLUG_MAX`] bytes of the slug, cut after a word (file systems refuse names
/// past 255 bytes), and `migration` for a name without ASCII letters or digits.
fn short_slug(slug: &str) -> &str {
    if slug.is_empty() {
        return "migration";
    }
    if slug.len() <= SLUG_MAX {
        return slug;
    }
    // The slug is ASCII: any byte index is a character boundary.
    let cut = &slug[..SLUG_MAX];
    match cut.rfind('_') {
        Some(i) if i > 0 && slug.as_bytes()[SLUG_MAX] != b'_' => &cut[..i],
        _ => cut.trim_end_matches('_'),
    }
}

/// The longest slug [`write_dir`] writes after the version.
const SLUG_MAX: usize = 60;

/// The next free version in `dir`: one more than the highest (1 for none).
pub fn next_version(dir: impl AsRef<Path>) -> Result<u64> {
    let dir = dir.as_ref();
    if !dir.exists() {
        return Ok(1);
    }
    Ok(load_dir(dir)?.iter().map(|m| m.version).max().unwrap_or(0) + 1)
}

/// Statements as file text: each followed by `;` and a blank line.
pub fn statements_text(statements: &[String]) -> String {
    let mut s = String::new();
    for st in statements {
        s.push_str(st);
        s.push_str(";\n\n");
    }
    s
}
