//! Reflection: read what a live database holds into sqlweave's own schema types — the
//! role of SQLAlchemy's `Inspector`.
//!
//! [`reflect`] reads a whole schema (tables, views, sequences, enum types) into a
//! [`SchemaRegistry`]; [`reflect_table`] reads one table. Both talk to the database
//! through [`sqlweave::Executor`] and choose their catalog queries by the connection's
//! dialect: SQLite's `sqlite_schema` and table-valued pragmas, PostgreSQL's `pg_catalog`,
//! MariaDB's (and MySQL's) `information_schema`. Each catalog is read with **one query for
//! the whole schema**, never one per table, so reflecting a schema of a hundred tables
//! costs a handful of round trips (see `examples/reflect_timing.rs`).
//!
//! ```
//! use sqlweave::{Executor, TableDef};
//! use sqlweave::ddl::{ColumnDef, ColumnType, SchemaRegistry};
//! use sqlweave_migrate::{reflect, reflect_table, ReflectOptions};
//! use sqlweave_sqlite::SqliteConnection;
//!
//! let mut conn = SqliteConnection::open_in_memory()?;
//! SchemaRegistry::new()
//!     .table(TableDef::new("users")
//!         .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
//!         .column(ColumnDef::new("email", ColumnType::Text).not_null().unique()))
//!     .create_all(&mut conn)?;
//!
//! let schema = reflect(&mut conn, &ReflectOptions::default())?;
//! assert_eq!(schema.tables.len(), 1);
//! let users = reflect_table(&mut conn, &"users".into())?.expect("the table exists");
//! assert_eq!(users.columns[1].name.as_str(), "email");
//! assert!(!users.columns[1].nullable);
//! // A DynTable for reporting queries over what the database holds:
//! let dynamic = users.to_dyn_table();
//! assert_eq!(dynamic.columns.len(), 2);
//! # Ok::<(), sqlweave::Error>(())
//! ```
//!
//! # The shape of a reflected schema
//!
//! A reflected [`SchemaRegistry`] is in one canonical shape, whatever the database:
//!
//! * tables, views and sequences sorted by name; names unqualified when the schema read
//!   is the connection's current one ([`ReflectOptions::schema`] `None`), qualified with
//!   it otherwise (foreign keys to another schema are always qualified);
//! * every key is a table constraint: the primary key, UNIQUE constraints, foreign keys
//!   and CHECKs are in [`TableDef::constraints`] (in that order, then by name), never
//!   marked on a column; constraint names are the database's (generated ones included);
//! * foreign-key actions are always given (`Some(NoAction)` where none was declared);
//! * expressions (defaults, CHECKs, generated columns, index expressions and
//!   predicates) are [`Expr::Raw`](sqlweave::Expr::Raw) holding the database's own SQL
//!   text (a `?` in it doubled, so that it is never read as a parameter); a view is a
//!   [`CreateView::raw`](sqlweave::ddl::CreateView::raw) holding the text of its SELECT
//!   (on MariaDB without the `` `database`. `` qualifiers it adds to every name);
//! * identity and auto-increment columns have `auto_increment` and no default;
//!   generated columns have [`ColumnDef::generated`](sqlweave::ColumnDef::generated) and
//!   no default;
//! * enum types: PostgreSQL's named types in [`SchemaRegistry::enum_types`] and in the
//!   columns; MySQL's inline `ENUM(…)` as an [`EnumType`](sqlweave::ddl::EnumType)
//!   named after its column.
//!
//! # Comparing a declaration with a reflection: normalisation
//!
//! A database does not give back the text it was given: it has its own names for types
//! and its own spelling of expressions. [`normalize`] maps a registry — declared or
//! reflected — to the form in which those differences are gone; two registries describe
//! the same schema on a database when their normalised forms are equal
//! (`normalize(&declared, d)? == normalize(&reflected, d)?`). Both sides go through the
//! same function. What it does, and why:
//!
//! **Shape.** Column-level keys (`primary_key`, `unique`, `references`) become table
//! constraints; constraints are sorted (kind, then columns); tables, views, sequences
//! and indexes by name.
//!
//! **Types** become what the database stores, through the same type names sqlweave
//! writes ([`Dialect::ddl_type_name`](sqlweave::Dialect::ddl_type_name)):
//!
//! * SQLite keeps a type *affinity*, not a type: every type becomes its storage class
//!   (`BigInt` for INTEGER — SmallInt, Integer, BigInt and Boolean alike —, `Double` for
//!   REAL, `Numeric(None)`, `Text` — also Varchar, dates, times, UUID, JSON and enums —
//!   and `Bytes`), a raw type by SQLite's affinity rules (`VARCHAR(20)` is TEXT).
//! * PostgreSQL: its names (`int4`, `integer`, `character varying(n)`, `timestamp with
//!   time zone`, `float8`, `bool`, …) are read as the types they are; a raw type names
//!   one of them is that type, any other raw type is compared in lower case.
//! * MariaDB / MySQL: display widths (`int(11)`, `bigint(20)`) are ignored,
//!   `tinyint(1)` is `Boolean`, `char(36)` is `Uuid` and `datetime(6)` is `Timestamp`
//!   (sqlweave stores a `TimestampTz` there too), `Numeric(None)` is `decimal(65,30)`,
//!   JSON is `Jsonb` (MariaDB's JSON is a `longtext` with a `json_valid` CHECK named
//!   after the column: that CHECK is part of the type, not a constraint), an enum is
//!   named after its column (the database keeps no name) and `enum_types` is empty.
//!
//! **Expressions** (defaults, CHECKs, generated columns, index expressions and partial
//! index predicates) are compared as *canonical text*: a declared expression is written
//! as sqlweave writes it for the dialect ([`sqlweave::render::ddl_expr_sql`]), a
//! reflected one is the database's text, and both are read into one form in which:
//! identifiers are unquoted (bare words in lower case); every binary operation is
//! parenthesised exactly once, whatever parentheses the text had (PostgreSQL and
//! MariaDB add their own); casts are dropped (PostgreSQL writes `'x'::text`,
//! `(email)::text`, `'2024-01-15'::date`); typed literal keywords are dropped
//! (`DATE '2024-01-15'`), as are charset introducers (`_utf8mb4'…'`); `x = ANY
//! (ARRAY[a, b])` is `x IN (a, b)` (PostgreSQL's spelling of IN); `TRUE` / `FALSE` are
//! `1` / `0` (MariaDB stores them so); a call without arguments is a bare word;
//! `current_timestamp(6)`, `now()` and `localtimestamp` are `CURRENT_TIMESTAMP`
//! (MariaDB writes the column's fractional precision into the call); a number cast from
//! a string is the number (PostgreSQL writes `-7` as `'-7'::integer`); `!=` is `<>`;
//! numbers lose trailing zeros after the point (`0.00` is `0`); an alias that repeats
//! the column's name is dropped (`t.id AS id`: MariaDB writes one for every column of a
//! view); a qualifier naming the reflected schema is dropped. A default of NULL is no
//! default.
//!
//! **Views** are compared by the canonical text of their SELECT (a declared view as
//! sqlweave writes it, a reflected one as the database keeps it; PostgreSQL's trailing
//! `;` dropped). A view's column list is not compared: SQLite keeps it only inside the
//! text, PostgreSQL and MariaDB turn it into aliases. PostgreSQL and MariaDB rewrite a
//! view's SELECT when they store it (PostgreSQL qualifies columns, MariaDB also names
//! every schema and writes an alias for every column), beyond what these rules undo:
//! [`views_as_stored`] asks the database for its spelling of each declared view, which
//! [`crate::diff`] then compares ([`crate::DiffOptions::stored_views`]).
//!
//! **Names the database makes up** are dropped, so an unnamed declared constraint
//! equals its reflection: PostgreSQL's `<table>_pkey`, `<table>_<columns>_key`,
//! `<table>_<columns>_fkey` and `<table>_<column>_check`; MariaDB's `PRIMARY`,
//! `<table>_ibfk_<n>`, `CONSTRAINT_<n>`, a column-level CHECK named after its column, and
//! a UNIQUE key named after its first column; SQLite's unnamed constraints have no name.
//! A constraint given such a name on purpose loses it on both sides alike.
//!
//! **Keys and indexes.** A foreign-key action that is the database's default is none
//! (`NO ACTION`; MariaDB reports an undeclared action as `RESTRICT`, which InnoDB
//! treats as `NO ACTION`). On MariaDB a `UNIQUE` index over plain columns *is* a unique
//! constraint (`information_schema` cannot tell them apart), so declared unique indexes
//! of that form become UNIQUE constraints named like the index; the index InnoDB makes
//! for a foreign key's columns is not reported as an index.
//!
//! **Sequences.** Unset options become the database's defaults (increment 1, minimum
//! 1, maximum that of a `bigint`, start at the minimum, cache 1 — MariaDB's 1000).
//!
//! **Comments** are dropped on SQLite (it keeps none).
//!
//! # What is not reflected, per database
//!
//! * **SQLite**: comments (it keeps none); sequences (it has none); enum types (an enum
//!   is TEXT with a CHECK, reflected as that CHECK); the declared type beyond its
//!   affinity (sqlweave writes storage-class names); `DEFERRABLE` other than
//!   `INITIALLY DEFERRED`. Constraint names of PRIMARY KEY, UNIQUE and FOREIGN KEY
//!   constraints come from the `CREATE TABLE` text, as do CHECKs and generated columns.
//! * **PostgreSQL**: everything listed above is read; exclusion constraints, triggers,
//!   partitions, column collations, storage parameters and privileges are not read.
//!   Identity columns are `auto_increment`; a `serial` column (a `nextval` default on a
//!   sequence the column owns) too, and its sequence is not listed.
//! * **MariaDB**: views' column names (the text names them); partial and expression
//!   indexes (MariaDB has none); deferrable keys (it has none); index and constraint
//!   comments; a `CHECK` that MariaDB re-spells beyond the rules above. Sequences are read
//!   with one query per sequence (`information_schema` lists them but not their
//!   options before MariaDB 11.5), all in one `UNION ALL`.

mod mysql;
mod normalize;
mod postgres;
mod sql_text;
mod sqlite;
mod stored_views;

pub use normalize::normalize;
pub use stored_views::views_as_stored;

use sqlweave::ddl::ObjectName;
use sqlweave::{Error, Executor, Result, SchemaRegistry, TableDef};

/// What [`reflect`] reads.
///
/// ```
/// use sqlweave_migrate::ReflectOptions;
/// let o = ReflectOptions::default().schema("shop").exclude(["sqlweave_migrations"]);
/// assert_eq!(o.schema.as_deref(), Some("shop"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReflectOptions {
    /// The schema (PostgreSQL), database (MariaDB / MySQL) or attached database
    /// (SQLite) to read; `None` reads the connection's current one (`current_schema()`,
    /// `DATABASE()`, `main`) and leaves names unqualified.
    pub schema: Option<String>,
    /// Read only these tables and views (by name); empty reads every one.
    pub include: Vec<String>,
    /// Leave these tables and views out (by name).
    pub exclude: Vec<String>,
}

impl ReflectOptions {
    /// Reads `schema` (names come back qualified with it).
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }
    /// Reads only the tables and views named.
    pub fn include<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.include.extend(names.into_iter().map(Into::into));
        self
    }
    /// Leaves the tables and views named out.
    pub fn exclude<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.exclude.extend(names.into_iter().map(Into::into));
        self
    }
    /// Whether the table or view `name` is read.
    pub(crate) fn wants(&self, name: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|n| n == name))
            && !self.exclude.iter().any(|n| n == name)
    }
    /// The one table or view asked for, when only one is (as by [`reflect_table`]): the
    /// catalog queries are then narrowed to it in SQL, not only filtered afterwards.
    pub(crate) fn only(&self) -> Option<&str> {
        match self.include.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }
    /// `sql` narrowed to the one table asked for, if any: `AND column = <placeholder>`
    /// after the first `= <schema placeholder>`; `params` gets the name.
    pub(crate) fn narrow(
        &self,
        sql: &str,
        schema_placeholder: &str,
        column: &str,
        name_placeholder: &str,
    ) -> String {
        match self.only() {
            Some(_) => {
                let at = format!("= {schema_placeholder}");
                sql.replacen(&at, &format!("{at} AND {column} = {name_placeholder}"), 1)
            }
            None => sql.to_string(),
        }
    }
    /// The parameters of a query built by [`ReflectOptions::narrow`].
    pub(crate) fn narrowed_params(&self, schema: &str) -> Vec<sqlweave::Value> {
        let mut v = vec![sqlweave::Value::from(schema.to_string())];
        v.extend(self.only().map(|n| sqlweave::Value::from(n.to_string())));
        v
    }
    /// The name of an object of the schema read: qualified when a schema was asked for.
    pub(crate) fn object_name(&self, name: &str) -> ObjectName {
        match &self.schema {
            Some(s) => ObjectName::qualified(s.clone(), name.to_string()),
            None => ObjectName::new(name.to_string()),
        }
    }
    /// The name of an object of schema `schema` (a foreign key's target), given that
    /// the schema read is `current`.
    pub(crate) fn name_in(&self, schema: &str, current: &str, name: &str) -> ObjectName {
        if schema == current {
            self.object_name(name)
        } else {
            ObjectName::qualified(schema.to_string(), name.to_string())
        }
    }
}

/// Reads the schema of the database `conn` is connected to (see the [module
/// documentation](self) for what is read on each database and the shape of the result).
///
/// An error if the connection's dialect is not SQLite, PostgreSQL, MariaDB or MySQL, or
/// if a catalog query fails.
pub fn reflect(conn: &mut dyn Executor, options: &ReflectOptions) -> Result<SchemaRegistry> {
    let mut registry = match conn.dialect().name() {
        "SQLite" => sqlite::reflect(conn, options)?,
        "PostgreSQL" => postgres::reflect(conn, options)?,
        "MariaDB" | "MySQL" => mysql::reflect(conn, options)?,
        other => {
            return Err(Error::Unsupported {
                dialect: other,
                feature:
                    "reflection (sqlweave-migrate reads SQLite, PostgreSQL, MariaDB and MySQL)"
                        .into(),
            });
        }
    };
    registry.tables.sort_by(|a, b| a.name.cmp(&b.name));
    registry.views.sort_by(|a, b| a.name.cmp(&b.name));
    registry.sequences.sort_by(|a, b| a.name.cmp(&b.name));
    registry.enum_types.sort_by(|a, b| a.name.cmp(&b.name));
    for t in &mut registry.tables {
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(registry)
}

/// Reads one table (its schema is `name.schema`, else the connection's current one);
/// `None` if there is no such table.
///
/// ```
/// use sqlweave::Executor;
/// use sqlweave_migrate::reflect_table;
/// use sqlweave_sqlite::SqliteConnection;
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x')")?;
/// let t = reflect_table(&mut conn, &"t".into())?.unwrap();
/// assert_eq!(t.columns.len(), 2);
/// assert!(reflect_table(&mut conn, &"missing".into())?.is_none());
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn reflect_table(conn: &mut dyn Executor, name: &ObjectName) -> Result<Option<TableDef>> {
    let options = ReflectOptions {
        schema: name.schema.as_ref().map(|s| s.as_str().to_string()),
        include: vec![name.name.as_str().to_string()],
        exclude: Vec::new(),
    };
    let registry = reflect(conn, &options)?;
    Ok(registry
        .tables
        .into_iter()
        .find(|t| t.name.name == name.name))
}

/// An expression read from the database: its text as [`sqlweave::Expr::Raw`], with `?`
/// doubled so that it is never taken for a parameter.
pub(crate) fn db_expr(sql: &str) -> sqlweave::Expr {
    sqlweave::Expr::raw(sql.trim().replace('?', "??"), Vec::<sqlweave::Value>::new())
}

/// A catalog row's text column (NULL as `None`).
pub(crate) fn text(row: &sqlweave::Row, i: usize) -> Result<Option<String>> {
    row.get::<Option<String>>(i)
}

/// A catalog row's integer column (NULL as `None`).
pub(crate) fn int(row: &sqlweave::Row, i: usize) -> Result<Option<i64>> {
    row.get::<Option<i64>>(i)
}
