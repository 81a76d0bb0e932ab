//! `expr COLLATE name`: a collation for one comparison or sort, per dialect.
//!
//! Collation names differ between databases, so a [`Collation`] holds one name per
//! database; a dialect without a name for it refuses the statement
//! ([`crate::Error::Unsupported`]) rather than sorting some other way.
//! [`Collation::binary`] is the portable one: code-point order, case-sensitive, the same
//! answer everywhere (PostgreSQL `"C"`, MySQL / MariaDB `utf8mb4_bin`, SQLite `BINARY`).
//!
//! A name is checked before it is written (ASCII letters, digits and `_`; PostgreSQL
//! also `-`, `.` and `@` for ICU and libc names such as `"en-US-x-icu"`; at most 63
//! bytes) and written as a quoted identifier of the dialect, so no name can end the
//! clause early.
//!
//! ```
//! use sqlweave::collate::{Collate, Collation};
//! use sqlweave::{Select, TypedExpr, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { pub struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let q = Select::new()
//!     .column(u.id)
//!     .from(u)
//!     .filter(u.name.collate(Collation::binary()).eq("alice"))
//!     .order_by(u.name.collate(Collation::binary()));
//! assert_eq!(q.render(&Postgres).unwrap().sql,
//!     r#"SELECT "users"."id" FROM "users" WHERE "users"."name" COLLATE "C" = $1 ORDER BY "users"."name" COLLATE "C""#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT `users`.`id` FROM `users` WHERE `users`.`name` COLLATE `utf8mb4_bin` = ? ORDER BY `users`.`name` COLLATE `utf8mb4_bin`");
//! assert_eq!(q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT "users"."id" FROM "users" WHERE "users"."name" COLLATE "BINARY" = ? ORDER BY "users"."name" COLLATE "BINARY""#);
//!
//! // A collation named for some databases only is refused on the others.
//! let nocase = Collation::none().sqlite("NOCASE").mysql("utf8mb4_general_ci");
//! let q = Select::new().column(u.id).from(u).order_by(u.name.collate(nocase));
//! assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT "users"."id" FROM "users" ORDER BY "users"."name" COLLATE "NOCASE""#);
//! assert!(q.render(&Postgres).is_err());
//! // A name that is not a plain collation name is an error, never SQL text.
//! let q = Select::new().column(u.id).from(u).order_by(u.name.collate(Collation::named("C\"; DROP TABLE users; --")));
//! assert!(q.render(&Postgres).is_err());
//! ```
//!
//! Only text takes a collation:
//!
//! ```compile_fail
//! use sqlweave::collate::{Collate, Collation};
//! use sqlweave::table;
//! table! { pub struct Users("users") { id: i64, name: String } }
//! let _ = Users::new().id.collate(Collation::binary()); // an integer column
//! ```

use crate::error::{Error, Result};
use crate::expr::{Custom, Expr, SqlWriter};
use crate::ident::Ident;
use crate::typed::{Column, SqlValue, Textual, Typed};

/// A collation: its name on each database (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Collation {
    postgres: Option<String>,
    mysql: Option<String>,
    sqlite: Option<String>,
}

impl Collation {
    /// No name on any database yet: add them with [`Collation::postgres`],
    /// [`Collation::mysql`], [`Collation::sqlite`].
    pub fn none() -> Self {
        Self::default()
    }
    /// Code-point order, case- and accent-sensitive, the same on every database:
    /// PostgreSQL `"C"`, MySQL / MariaDB `utf8mb4_bin` (the operand must be `utf8mb4`
    /// text), SQLite `BINARY`.
    pub fn binary() -> Self {
        Self::none()
            .postgres("C")
            .mysql("utf8mb4_bin")
            .sqlite("BINARY")
    }
    /// The same name on every database (for a collation that exists under one name
    /// everywhere you run the statement).
    pub fn named(name: impl Into<String>) -> Self {
        let n = name.into();
        Collation {
            postgres: Some(n.clone()),
            mysql: Some(n.clone()),
            sqlite: Some(n),
        }
    }
    /// The name on PostgreSQL.
    pub fn postgres(mut self, name: impl Into<String>) -> Self {
        self.postgres = Some(name.into());
        self
    }
    /// The name on MySQL and MariaDB.
    pub fn mysql(mut self, name: impl Into<String>) -> Self {
        self.mysql = Some(name.into());
        self
    }
    /// The name on SQLite.
    pub fn sqlite(mut self, name: impl Into<String>) -> Self {
        self.sqlite = Some(name.into());
        self
    }
    /// The name for a dialect, by [`crate::Dialect::name`]; `None` where it has none.
    pub fn name_for(&self, dialect_name: &str) -> Option<&str> {
        match dialect_name {
            "PostgreSQL" => self.postgres.as_deref(),
            "MySQL" | "MariaDB" => self.mysql.as_deref(),
            "SQLite" => self.sqlite.as_deref(),
            _ => None,
        }
    }
}

/// Checks a collation name for a dialect: `Err` says why it is not written.
fn check_name(dialect: &str, name: &str) -> Result<()> {
    let extra: &[char] = if dialect == "PostgreSQL" {
        &['_', '-', '.', '@']
    } else {
        &['_']
    };
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{name:?} is not a collation name for {dialect} (1 to 63 ASCII letters, digits, {})",
            if dialect == "PostgreSQL" {
                "`_`, `-`, `.`, `@`"
            } else {
                "`_`"
            }
        )))
    }
}

/// The node of [`Collate::collate`]: its one argument `COLLATE` the collation.
#[derive(Debug, Clone, PartialEq)]
pub struct CollateNode(pub Collation);

impl Custom for CollateNode {
    fn name(&self) -> &'static str {
        "COLLATE"
    }
    fn precedence(&self) -> u8 {
        // Binds tighter than every operator, but is not an atom: an operand that must be
        // one (`-x`) gets parentheses around it.
        crate::expr::ATOM_PRECEDENCE - 1
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        let [e] = args else {
            return Err(w.invalid("COLLATE takes one operand"));
        };
        let dialect = w.dialect_name();
        let Some(name) = self.0.name_for(dialect) else {
            return Err(w.unsupported("this collation (no name given for this database)"));
        };
        check_name(dialect, name)?;
        w.operand(e, crate::expr::ATOM_PRECEDENCE)?;
        w.sql(" COLLATE ")?;
        w.ident(&Ident::from(name.to_string()))
    }
}

/// `.collate(…)` on text: typed text columns and expressions keep their type, an
/// [`Expr`] stays an `Expr`. See the [module docs](self).
pub trait Collate {
    /// The type of the collated expression.
    type Output;
    /// `self COLLATE collation`.
    fn collate(self, collation: Collation) -> Self::Output;
}

fn node(e: Expr, c: Collation) -> Expr {
    Expr::custom(CollateNode(c), [e])
}

impl<T: SqlValue> Collate for Typed<T>
where
    T::Base: Textual,
{
    type Output = Typed<T>;
    fn collate(self, collation: Collation) -> Typed<T> {
        Typed::assume(node(self.into(), collation))
    }
}

impl<T: SqlValue> Collate for Column<T>
where
    T::Base: Textual,
{
    type Output = Typed<T>;
    fn collate(self, collation: Collation) -> Typed<T> {
        Typed::assume(node(self.into(), collation))
    }
}

impl Collate for Expr {
    type Output = Expr;
    fn collate(self, collation: Collation) -> Expr {
        node(self, collation)
    }
}
