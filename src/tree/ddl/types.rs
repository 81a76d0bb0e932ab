//! Column types for DDL, and enumerated types.

use crate::expr::SqlType;
use crate::ident::Ident;

use super::ObjectName;

/// The type of a column, written per dialect by [`crate::Dialect::ddl_type_name`].
///
/// | type | PostgreSQL | SQLite (storage class) | MySQL / MariaDB |
/// |---|---|---|---|
/// | `SmallInt` / `Integer` / `BigInt` | `SMALLINT` / `INTEGER` / `BIGINT` | `INTEGER` | `SMALLINT` / `INT` / `BIGINT` |
/// | `Real` / `Double` | `REAL` / `DOUBLE PRECISION` | `REAL` | `FLOAT` / `DOUBLE` |
/// | `Numeric(Some((p, s)))` | `NUMERIC(p, s)` | `NUMERIC` | `DECIMAL(p, s)` |
/// | `Numeric(None)` | `NUMERIC` | `NUMERIC` | `DECIMAL(65, 30)` (a bare `DECIMAL` is `DECIMAL(10, 0)`) |
/// | `Text` | `TEXT` | `TEXT` | `LONGTEXT` (not usable in keys: use `Varchar`) |
/// | `Varchar(n)` | `VARCHAR(n)` | `TEXT` (SQLite enforces no length) | `VARCHAR(n)` |
/// | `Bytes` | `BYTEA` | `BLOB` | `LONGBLOB` |
/// | `Boolean` | `BOOLEAN` | `INTEGER` (0 / 1) | `TINYINT(1)` |
/// | `Date` / `Time` | `DATE` / `TIME` | `TEXT` (ISO 8601) | `DATE` / `TIME(6)` |
/// | `Timestamp` | `TIMESTAMP` | `TEXT` | `DATETIME(6)` |
/// | `TimestampTz` | `TIMESTAMPTZ` | `TEXT` (with `+00:00`) | `DATETIME(6)`, holding UTC (MySQL has no zoned type; sqlweave binds UTC wall-clock time) |
/// | `Uuid` | `UUID` | `TEXT` | `CHAR(36)` |
/// | `Json` / `Jsonb` | `JSON` / `JSONB` | `TEXT` | `JSON` (MariaDB: a checked `LONGTEXT`) |
/// | `Enum(e)` | the named type `e` (`CREATE TYPE … AS ENUM`) | `TEXT` + `CHECK (col IN (…))` | `ENUM('a', 'b')` |
/// | `Raw(s)` | `s`, pasted | `s` | `s` |
///
/// SQLite names are the canonical names of its storage classes, so that a column's
/// affinity is what the type says (a column declared `JSON` or `DATE` would get NUMERIC
/// affinity and turn `'123'` into the integer 123).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColumnType {
    /// 16-bit integer.
    SmallInt,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInt,
    /// 32-bit float.
    Real,
    /// 64-bit float.
    Double,
    /// Exact decimal, with optional precision and scale.
    Numeric(Option<(u8, u8)>),
    /// Unbounded text.
    Text,
    /// Text of at most `n` characters.
    Varchar(u32),
    /// Bytes.
    Bytes,
    /// Boolean.
    Boolean,
    /// Calendar date.
    Date,
    /// Time of day (to the microsecond).
    Time,
    /// Timestamp without time zone (to the microsecond).
    Timestamp,
    /// Timestamp with time zone (see the table above for MySQL).
    TimestampTz,
    /// UUID.
    Uuid,
    /// JSON kept as text (PostgreSQL `JSON`).
    Json,
    /// JSON kept decomposed (PostgreSQL `JSONB`; `JSON` elsewhere).
    Jsonb,
    /// One of a fixed set of text labels.
    Enum(EnumType),
    /// A type name pasted into the SQL as is (`tsvector`, `CITEXT`, `MEDIUMINT UNSIGNED`).
    /// Never build it from user input.
    Raw(String),
}

impl ColumnType {
    /// An enumerated type: `ColumnType::enumeration("mood", ["happy", "sad"])`.
    pub fn enumeration<I, S>(name: impl Into<ObjectName>, labels: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ColumnType::Enum(EnumType::new(name, labels))
    }

    /// A type name pasted as is. The name says it: never build it from user input.
    pub fn raw(sql: impl Into<String>) -> Self {
        ColumnType::Raw(sql.into())
    }

    /// `true` for the integer types (the ones that can be auto-incremented).
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
        )
    }

    /// `true` for types without a length bound (text, bytes, JSON), which MySQL cannot
    /// use in a key or index without a prefix length.
    pub fn is_unbounded(&self) -> bool {
        matches!(
            self,
            ColumnType::Text | ColumnType::Bytes | ColumnType::Json | ColumnType::Jsonb
        )
    }
}

impl From<SqlType> for ColumnType {
    /// The DDL type of a `CAST` type. JSON becomes [`ColumnType::Jsonb`], as PostgreSQL
    /// casts and binds JSON values as `jsonb`.
    fn from(t: SqlType) -> Self {
        match t {
            SqlType::SmallInt => ColumnType::SmallInt,
            SqlType::Integer => ColumnType::Integer,
            SqlType::BigInt => ColumnType::BigInt,
            SqlType::Real => ColumnType::Real,
            SqlType::Double => ColumnType::Double,
            SqlType::Numeric(p) => ColumnType::Numeric(p),
            SqlType::Text => ColumnType::Text,
            SqlType::Varchar(n) => ColumnType::Varchar(n),
            SqlType::Bytes => ColumnType::Bytes,
            SqlType::Boolean => ColumnType::Boolean,
            SqlType::Date => ColumnType::Date,
            SqlType::Time => ColumnType::Time,
            SqlType::Timestamp => ColumnType::Timestamp,
            SqlType::TimestampTz => ColumnType::TimestampTz,
            SqlType::Uuid => ColumnType::Uuid,
            SqlType::Json => ColumnType::Jsonb,
        }
    }
}

/// An enumerated type: a name and its labels, in order.
///
/// PostgreSQL creates it once (`CREATE TYPE "mood" AS ENUM ('happy', 'sad')`, which
/// [`crate::ddl::SchemaRegistry::create_all`] does for every enum its tables use) and
/// columns name it; MySQL writes the labels into each column (`ENUM('happy', 'sad')`,
/// the name is not used); SQLite stores text and checks it
/// (`TEXT CHECK ("mood" IN ('happy', 'sad'))`).
///
/// Labels are checked when they are rendered, before anything is sent; a label a
/// database would refuse or misread is an [`Error::InvalidEnumLabel`](crate::Error::InvalidEnumLabel):
///
/// | label | PostgreSQL | SQLite | MySQL / MariaDB |
/// |---|---|---|---|
/// | longer than 63 bytes | refused (`NAMEDATALEN`) | kept | kept (MySQL 8 itself refuses more than 255 characters) |
/// | empty | kept | kept | refused: `''` is every ENUM's error value |
/// | holding NUL | refused | refused | refused |
/// | the same label twice | refused | kept (an IN list) | refused |
/// | ending with a space | kept | kept | refused (MySQL strips it) |
/// | holding a backslash | kept | kept | refused (read by `sql_mode`) |
///
/// ```
/// use sqlweave::ddl::{CreateType, EnumType};
/// use sqlweave_postgres::Postgres;
/// let long = CreateType::new(EnumType::new("mood", ["x".repeat(64)]));
/// assert!(long.render(&Postgres).unwrap_err().to_string().contains("at most 63 bytes"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumType {
    /// The type's name (PostgreSQL).
    pub name: ObjectName,
    /// The labels, in sort order.
    pub labels: Vec<String>,
}

impl EnumType {
    /// An enumerated type.
    pub fn new<I, S>(name: impl Into<ObjectName>, labels: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        EnumType {
            name: name.into(),
            labels: labels.into_iter().map(Into::into).collect(),
        }
    }

    /// The name's last part, for messages.
    pub(crate) fn short_name(&self) -> &Ident {
        &self.name.name
    }
}

/// `CREATE TYPE name AS ENUM ('a', 'b')` (PostgreSQL only; MySQL and SQLite write enum
/// labels into each column, so there it is an Unsupported error).
///
/// ```
/// use sqlweave::ddl::{CreateType, EnumType};
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let t = CreateType::new(EnumType::new("mood", ["happy", "it's ok", "sad"]));
/// assert_eq!(t.render(&Postgres).unwrap().sql, r#"CREATE TYPE "mood" AS ENUM ('happy', 'it''s ok', 'sad')"#);
/// assert!(t.render(&Sqlite).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateType {
    /// The enumerated type.
    pub enum_type: EnumType,
}

impl CreateType {
    /// `CREATE TYPE … AS ENUM (…)`
    pub fn new(enum_type: EnumType) -> Self {
        CreateType { enum_type }
    }
}

/// Where [`AlterType::add_value`] puts the new label among the others.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LabelPosition {
    /// `BEFORE 'label'`
    Before(String),
    /// `AFTER 'label'`
    After(String),
}

/// What an [`AlterType`] changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AlterTypeAction {
    /// `ADD VALUE [IF NOT EXISTS] 'label' [BEFORE | AFTER 'other']`; at the end without
    /// a position.
    AddValue {
        /// The new label.
        label: String,
        /// Where it goes; `None` is after the last label.
        position: Option<LabelPosition>,
        /// `IF NOT EXISTS`: nothing happens when the type has the label already.
        if_not_exists: bool,
    },
}

/// `ALTER TYPE name ADD VALUE …`: a label added to a named enumerated type
/// (PostgreSQL). MySQL and SQLite write labels into each column, so there it is an
/// Unsupported error: change the column's type instead (on MySQL / MariaDB
/// `MODIFY COLUMN … ENUM(…)` keeps the rows).
///
/// PostgreSQL (12 and later) runs it inside a transaction, but a label added in a
/// transaction cannot be used (stored, compared, made a default) until that transaction
/// has committed; `sqlweave-migrate`'s runner commits a migration's leading
/// `ADD VALUE` statements before the rest of it for that reason. There is no statement
/// that removes or reorders labels.
///
/// The new label is checked like the labels of [`CreateType`] (at most 63 bytes, no
/// NUL); the position's label must be one the type has (PostgreSQL says so if not).
///
/// ```
/// use sqlweave::ddl::AlterType;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let add = AlterType::add_value("mood", "meh");
/// assert_eq!(add.render(&Postgres).unwrap().sql, r#"ALTER TYPE "mood" ADD VALUE 'meh'"#);
/// let add = AlterType::add_value(("app", "mood"), "it's ok").before("sad").if_not_exists();
/// assert_eq!(add.render(&Postgres).unwrap().sql,
///     r#"ALTER TYPE "app"."mood" ADD VALUE IF NOT EXISTS 'it''s ok' BEFORE 'sad'"#);
/// assert_eq!(AlterType::add_value("mood", "ecstatic").after("happy").render(&Postgres).unwrap().sql,
///     r#"ALTER TYPE "mood" ADD VALUE 'ecstatic' AFTER 'happy'"#);
/// // Enum labels live in the columns on MySQL / MariaDB and SQLite.
/// assert!(add.render(&MySql::mariadb()).is_err());
/// assert!(add.render(&Sqlite).is_err());
/// // A label PostgreSQL would refuse is refused before anything is sent.
/// assert!(AlterType::add_value("mood", "x".repeat(64)).render(&Postgres).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlterType {
    /// The type's name.
    pub name: ObjectName,
    /// What changes.
    pub action: AlterTypeAction,
}

impl AlterType {
    /// `ALTER TYPE name ADD VALUE 'label'` (at the end).
    pub fn add_value(name: impl Into<ObjectName>, label: impl Into<String>) -> Self {
        AlterType {
            name: name.into(),
            action: AlterTypeAction::AddValue {
                label: label.into(),
                position: None,
                if_not_exists: false,
            },
        }
    }
    /// Puts the added label `BEFORE 'label'`.
    pub fn before(self, label: impl Into<String>) -> Self {
        self.position(LabelPosition::Before(label.into()))
    }
    /// Puts the added label `AFTER 'label'`.
    pub fn after(self, label: impl Into<String>) -> Self {
        self.position(LabelPosition::After(label.into()))
    }
    /// Puts the added label at `position` (`None`: at the end).
    pub fn position(mut self, at: impl Into<Option<LabelPosition>>) -> Self {
        let AlterTypeAction::AddValue { position, .. } = &mut self.action;
        *position = at.into();
        self
    }
    /// `IF NOT EXISTS`
    pub fn if_not_exists(mut self) -> Self {
        let AlterTypeAction::AddValue { if_not_exists, .. } = &mut self.action;
        *if_not_exists = true;
        self
    }
}

/// `DROP TYPE [IF EXISTS] name [CASCADE]` (PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DropType {
    /// The type's name.
    pub name: ObjectName,
    /// `IF EXISTS`
    pub if_exists: bool,
    /// `CASCADE`: drop the columns that use it too.
    pub cascade: bool,
}

impl DropType {
    /// `DROP TYPE name`
    pub fn new(name: impl Into<ObjectName>) -> Self {
        DropType {
            name: name.into(),
            if_exists: false,
            cascade: false,
        }
    }
    /// `IF EXISTS`
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
    /// `CASCADE`
    pub fn cascade(mut self) -> Self {
        self.cascade = true;
        self
    }
}

/// Standard SQL names of column types (the default of
/// [`Dialect::ddl_type_name`](crate::Dialect::ddl_type_name)). Enumerated and raw types
/// are written by the renderer itself.
pub fn ansi_column_type(ty: &ColumnType) -> crate::Result<std::borrow::Cow<'static, str>> {
    use std::borrow::Cow;
    Ok(match ty {
        ColumnType::SmallInt => Cow::Borrowed("SMALLINT"),
        ColumnType::Integer => Cow::Borrowed("INTEGER"),
        ColumnType::BigInt => Cow::Borrowed("BIGINT"),
        ColumnType::Real => Cow::Borrowed("REAL"),
        ColumnType::Double => Cow::Borrowed("DOUBLE PRECISION"),
        ColumnType::Numeric(Some((p, s))) => Cow::Owned(format!("NUMERIC({p}, {s})")),
        ColumnType::Numeric(None) => Cow::Borrowed("NUMERIC"),
        ColumnType::Text => Cow::Borrowed("TEXT"),
        ColumnType::Varchar(n) => Cow::Owned(format!("VARCHAR({n})")),
        ColumnType::Bytes => Cow::Borrowed("BLOB"),
        ColumnType::Boolean => Cow::Borrowed("BOOLEAN"),
        ColumnType::Date => Cow::Borrowed("DATE"),
        ColumnType::Time => Cow::Borrowed("TIME"),
        ColumnType::Timestamp => Cow::Borrowed("TIMESTAMP"),
        ColumnType::TimestampTz => Cow::Borrowed("TIMESTAMP WITH TIME ZONE"),
        ColumnType::Uuid => Cow::Borrowed("UUID"),
        ColumnType::Json | ColumnType::Jsonb => Cow::Borrowed("JSON"),
        ColumnType::Enum(_) | ColumnType::Raw(_) => {
            return Err(crate::Error::invalid(
                "enumerated and raw types are written by the renderer, not named by the dialect",
            ));
        }
    })
}
