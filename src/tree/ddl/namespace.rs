//! Schemas: CREATE / DROP SCHEMA (see [`CreateSchema`]).

use crate::ident::Ident;

/// `CREATE SCHEMA [IF NOT EXISTS] name`.
///
/// On PostgreSQL a schema is a namespace inside the database. On MySQL and MariaDB
/// `SCHEMA` is a synonym of `DATABASE`: `CREATE SCHEMA` makes a database of its own (with
/// the server's default character set), and `DROP SCHEMA` drops it with every table in
/// it — so there a DROP must say [`DropSchema::cascade`], and [`DropSchema::restrict`]
/// (keep it unless empty) is refused. SQLite has no schemas (an attached database is
/// another file, not a namespace one creates with DDL): both are refused there.
///
/// ```
/// use sqlweave::ddl::{CreateSchema, DropSchema};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let c = CreateSchema::new("reporting").if_not_exists();
/// assert_eq!(c.render(&Postgres).unwrap().sql, r#"CREATE SCHEMA IF NOT EXISTS "reporting""#);
/// assert_eq!(c.render(&MySql::mariadb()).unwrap().sql, "CREATE SCHEMA IF NOT EXISTS `reporting`");
/// assert!(c.render(&Sqlite).is_err());
///
/// let d = DropSchema::new("reporting").if_exists().cascade();
/// assert_eq!(d.render(&Postgres).unwrap().sql, r#"DROP SCHEMA IF EXISTS "reporting" CASCADE"#);
/// assert_eq!(d.render(&MySql::mysql8()).unwrap().sql, "DROP SCHEMA IF EXISTS `reporting`");
/// // Without CASCADE PostgreSQL keeps a schema that is not empty; MySQL would drop it all.
/// assert_eq!(DropSchema::new("reporting").render(&Postgres).unwrap().sql, r#"DROP SCHEMA "reporting""#);
/// assert!(DropSchema::new("reporting").render(&MySql::mysql8()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateSchema {
    /// The schema's name.
    pub name: Ident,
    /// `IF NOT EXISTS`
    pub if_not_exists: bool,
}

impl CreateSchema {
    /// `CREATE SCHEMA name`.
    pub fn new(name: impl Into<Ident>) -> Self {
        CreateSchema {
            name: name.into(),
            if_not_exists: false,
        }
    }
    /// Adds `IF NOT EXISTS`.
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
    /// The statement that drops this schema and everything in it.
    pub fn drop(&self) -> DropSchema {
        DropSchema::new(self.name.clone()).cascade()
    }
}

/// What `DROP SCHEMA` does with the objects inside the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DropBehavior {
    /// `CASCADE`: drop them too.
    Cascade,
    /// `RESTRICT`: refuse to drop a schema that is not empty.
    Restrict,
}

/// `DROP SCHEMA [IF EXISTS] name [CASCADE | RESTRICT]` (see [`CreateSchema`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DropSchema {
    /// The schema's name.
    pub name: Ident,
    /// `IF EXISTS`
    pub if_exists: bool,
    /// `CASCADE` / `RESTRICT`; `None` is the database's default (PostgreSQL: RESTRICT;
    /// refused on MySQL and MariaDB, which always drop the contents).
    pub behavior: Option<DropBehavior>,
}

impl DropSchema {
    /// `DROP SCHEMA name`.
    pub fn new(name: impl Into<Ident>) -> Self {
        DropSchema {
            name: name.into(),
            if_exists: false,
            behavior: None,
        }
    }
    /// Adds `IF EXISTS`.
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
    /// Drops everything in the schema too.
    pub fn cascade(mut self) -> Self {
        self.behavior = Some(DropBehavior::Cascade);
        self
    }
    /// Refuses to drop a schema that is not empty (PostgreSQL only).
    pub fn restrict(mut self) -> Self {
        self.behavior = Some(DropBehavior::Restrict);
        self
    }
}
