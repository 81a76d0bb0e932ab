//! Sequences (PostgreSQL, MariaDB): CREATE / DROP SEQUENCE.

use super::ObjectName;

/// `CREATE SEQUENCE [IF NOT EXISTS] name [INCREMENT BY n] [MINVALUE n] [MAXVALUE n]
/// [START WITH n] [CACHE n] [CYCLE]` (PostgreSQL, MariaDB; an Unsupported error on
/// SQLite and MySQL 8). The numbers are part of the statement's shape, written as
/// integers.
///
/// Read it with `nextval('name')` (PostgreSQL) or `NEXT VALUE FOR name` (MariaDB); for a
/// key column, [`ColumnDef::auto_increment`](crate::ddl::ColumnDef::auto_increment) is
/// the portable choice.
///
/// ```
/// use sqlweave::ddl::CreateSequence;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// let s = CreateSequence::new("invoice_no").start(1000).increment(10);
/// assert_eq!(s.render(&Postgres).unwrap().sql, r#"CREATE SEQUENCE "invoice_no" INCREMENT BY 10 START WITH 1000"#);
/// assert_eq!(s.render(&MySql::mariadb()).unwrap().sql, "CREATE SEQUENCE `invoice_no` INCREMENT BY 10 START WITH 1000");
/// assert!(s.render(&MySql::mysql8()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateSequence {
    /// The sequence's name.
    pub name: ObjectName,
    /// `INCREMENT BY n`
    pub increment: Option<i64>,
    /// `MINVALUE n`
    pub min_value: Option<i64>,
    /// `MAXVALUE n`
    pub max_value: Option<i64>,
    /// `START WITH n`
    pub start: Option<i64>,
    /// `CACHE n`
    pub cache: Option<i64>,
    /// `CYCLE`: wrap around past the maximum.
    pub cycle: bool,
    /// `IF NOT EXISTS`
    pub if_not_exists: bool,
}

impl CreateSequence {
    /// A sequence with the database's defaults (start at 1, step 1).
    pub fn new(name: impl Into<ObjectName>) -> Self {
        CreateSequence {
            name: name.into(),
            increment: None,
            min_value: None,
            max_value: None,
            start: None,
            cache: None,
            cycle: false,
            if_not_exists: false,
        }
    }
    /// `INCREMENT BY n`
    pub fn increment(mut self, n: i64) -> Self {
        self.increment = Some(n);
        self
    }
    /// `MINVALUE n`
    pub fn min_value(mut self, n: i64) -> Self {
        self.min_value = Some(n);
        self
    }
    /// `MAXVALUE n`
    pub fn max_value(mut self, n: i64) -> Self {
        self.max_value = Some(n);
        self
    }
    /// `START WITH n`
    pub fn start(mut self, n: i64) -> Self {
        self.start = Some(n);
        self
    }
    /// `CACHE n`
    pub fn cache(mut self, n: i64) -> Self {
        self.cache = Some(n);
        self
    }
    /// `CYCLE`
    pub fn cycle(mut self) -> Self {
        self.cycle = true;
        self
    }
    /// `IF NOT EXISTS`
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
    /// `DROP SEQUENCE` for this sequence.
    pub fn drop(&self) -> DropSequence {
        DropSequence::new(self.name.clone())
    }
}

/// `DROP SEQUENCE [IF EXISTS] name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DropSequence {
    /// The sequence's name.
    pub name: ObjectName,
    /// `IF EXISTS`
    pub if_exists: bool,
}

impl DropSequence {
    /// `DROP SEQUENCE name`
    pub fn new(name: impl Into<ObjectName>) -> Self {
        DropSequence {
            name: name.into(),
            if_exists: false,
        }
    }
    /// `IF EXISTS`
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
}

/// `ALTER SEQUENCE name …`: changes a sequence's options, keeping its current value
/// unless [`AlterSequence::restart`] or [`AlterSequence::restart_with`] says otherwise
/// (PostgreSQL, MariaDB; an Unsupported error on SQLite and MySQL 8, which have no
/// sequences). Only the options set are written; the numbers are part of the
/// statement's shape, written as integers.
///
/// | option | PostgreSQL | MariaDB |
/// |---|---|---|
/// | `increment(n)` | `INCREMENT BY n` | same |
/// | `min_value(Some(n))` / `min_value(None)` | `MINVALUE n` / `NO MINVALUE` | same |
/// | `max_value(Some(n))` / `max_value(None)` | `MAXVALUE n` / `NO MAXVALUE` | same |
/// | `start(n)` | `START WITH n` (the value a later `RESTART` goes back to) | same |
/// | `cache(n)` | `CACHE n` | same |
/// | `cycle(true)` / `cycle(false)` | `CYCLE` / `NO CYCLE` | `CYCLE` / `NOCYCLE` |
/// | `restart()` / `restart_with(n)` | `RESTART` / `RESTART WITH n` | same |
///
/// ```
/// use sqlweave::ddl::AlterSequence;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let s = AlterSequence::new("invoice_no").increment(5).max_value(Some(99_999)).cycle(false);
/// assert_eq!(s.render(&Postgres).unwrap().sql,
///     r#"ALTER SEQUENCE "invoice_no" INCREMENT BY 5 MAXVALUE 99999 NO CYCLE"#);
/// assert_eq!(s.render(&MySql::mariadb()).unwrap().sql,
///     "ALTER SEQUENCE `invoice_no` INCREMENT BY 5 MAXVALUE 99999 NOCYCLE");
/// assert!(s.render(&MySql::mysql8()).is_err()); // MySQL 8 has no sequences
/// assert!(s.render(&Sqlite).is_err());
///
/// let r = AlterSequence::new("invoice_no").min_value(None).restart_with(1000);
/// assert_eq!(r.render(&Postgres).unwrap().sql,
///     r#"ALTER SEQUENCE "invoice_no" NO MINVALUE RESTART WITH 1000"#);
/// // Nothing to change is an error, not an empty statement.
/// assert!(AlterSequence::new("invoice_no").render(&Postgres).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterSequence {
    /// The sequence's name.
    pub name: ObjectName,
    /// `INCREMENT BY n`
    pub increment: Option<i64>,
    /// `MINVALUE n` (`Some(Some(n))`) or `NO MINVALUE` (`Some(None)`).
    pub min_value: Option<Option<i64>>,
    /// `MAXVALUE n` (`Some(Some(n))`) or `NO MAXVALUE` (`Some(None)`).
    pub max_value: Option<Option<i64>>,
    /// `START WITH n`: the value a later restart goes back to (the current value stays).
    pub start: Option<i64>,
    /// `CACHE n`
    pub cache: Option<i64>,
    /// `CYCLE` (`Some(true)`) or `NO CYCLE` (`Some(false)`).
    pub cycle: Option<bool>,
    /// `RESTART` (`Some(None)`) or `RESTART WITH n` (`Some(Some(n))`).
    pub restart: Option<Option<i64>>,
}

impl AlterSequence {
    /// An `ALTER SEQUENCE` that changes nothing yet.
    pub fn new(name: impl Into<ObjectName>) -> Self {
        AlterSequence {
            name: name.into(),
            increment: None,
            min_value: None,
            max_value: None,
            start: None,
            cache: None,
            cycle: None,
            restart: None,
        }
    }
    /// `INCREMENT BY n`
    pub fn increment(mut self, n: i64) -> Self {
        self.increment = Some(n);
        self
    }
    /// `MINVALUE n`, or `NO MINVALUE` for `None`.
    pub fn min_value(mut self, n: Option<i64>) -> Self {
        self.min_value = Some(n);
        self
    }
    /// `MAXVALUE n`, or `NO MAXVALUE` for `None`.
    pub fn max_value(mut self, n: Option<i64>) -> Self {
        self.max_value = Some(n);
        self
    }
    /// `START WITH n`
    pub fn start(mut self, n: i64) -> Self {
        self.start = Some(n);
        self
    }
    /// `CACHE n`
    pub fn cache(mut self, n: i64) -> Self {
        self.cache = Some(n);
        self
    }
    /// `CYCLE` or `NO CYCLE`.
    pub fn cycle(mut self, yes: bool) -> Self {
        self.cycle = Some(yes);
        self
    }
    /// `RESTART`: back to the start value.
    pub fn restart(mut self) -> Self {
        self.restart = Some(None);
        self
    }
    /// `RESTART WITH n`
    pub fn restart_with(mut self, n: i64) -> Self {
        self.restart = Some(Some(n));
        self
    }
}
