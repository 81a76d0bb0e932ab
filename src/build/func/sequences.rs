//! Sequences: `nextval` / `currval`, typed as `i64`.
//!
//! The sequence's name is an identifier, never SQL text: on PostgreSQL it travels as a
//! bind parameter holding the quoted name, cast to `regclass` by the server
//! (`nextval(CAST(CAST($1 AS TEXT) AS REGCLASS))`), so a name with quotes or spaces
//! names that sequence and nothing else; on MariaDB it is written as a quoted,
//! checked identifier (`NEXTVAL(`seq`)`). MySQL 8 and SQLite have no sequences: refused.
//!
//! ```
//! use sqlweave::func::sequences::nextval;
//! use sqlweave::{Select, Value};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! let q = Select::new().column(nextval(Some("billing"), "invoice_no"));
//! let pg = q.render(&Postgres).unwrap();
//! assert_eq!(pg.sql, "SELECT nextval(CAST(CAST($1 AS TEXT) AS REGCLASS))");
//! assert_eq!(pg.params, vec![Value::from(r#""billing"."invoice_no""#)]);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT NEXTVAL(`billing`.`invoice_no`)");
//! assert!(q.render(&MySql::mysql8()).is_err());
//! assert!(q.render(&Sqlite).is_err());
//! ```

use crate::error::Result;
use crate::expr::{Expr, SqlWriter};
use crate::ident::Ident;
use crate::typed::Typed;
use crate::value::Value;

use super::catalog::{CatalogFn, Db, args_n, node};

/// The next value of the sequence `name` (in `schema`, if given).
pub fn nextval(schema: Option<impl Into<Ident>>, name: impl Into<Ident>) -> Typed<i64> {
    node(
        CatalogFn::NextVal {
            schema: schema.map(Into::into),
            name: name.into(),
        },
        [],
    )
}

/// The value the last `nextval` of the sequence returned in this session (PostgreSQL
/// only: it is an error there before any `nextval`, where MariaDB's `LASTVAL` answers
/// NULL, so MariaDB is refused).
///
/// ```
/// use sqlweave::func::sequences::currval;
/// use sqlweave::Select;
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// let q = Select::new().column(currval(None::<&str>, "invoice_no"));
/// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT currval(CAST(CAST($1 AS TEXT) AS REGCLASS))");
/// assert!(q.render(&MySql::mariadb()).is_err());
/// ```
pub fn currval(schema: Option<impl Into<Ident>>, name: impl Into<Ident>) -> Typed<i64> {
    node(
        CatalogFn::CurrVal {
            schema: schema.map(Into::into),
            name: name.into(),
        },
        [],
    )
}

/// `"name"` with `"` doubled inside: how PostgreSQL reads a quoted name in a `regclass`.
fn quoted(w: &dyn SqlWriter, name: &Ident, out: &mut String) -> Result<()> {
    let s = name.as_str();
    if s.is_empty() || s.contains('\0') || s.len() > 63 {
        return Err(w.invalid(&format!(
            "{s:?} is not a sequence name PostgreSQL keeps intact (1 to 63 bytes, no NUL)"
        )));
    }
    out.push('"');
    out.push_str(&s.replace('"', "\"\""));
    out.push('"');
    Ok(())
}

pub(crate) fn write(
    d: Db,
    next: bool,
    schema: Option<&Ident>,
    name: &Ident,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    args_n::<0>(args, w, "nextval / currval")?;
    match d {
        Db::Postgres => {
            let mut text = String::new();
            if let Some(s) = schema {
                quoted(w, s, &mut text)?;
                text.push('.');
            }
            quoted(w, name, &mut text)?;
            w.sql(if next { "nextval(" } else { "currval(" })?;
            w.sql("CAST(CAST(")?;
            w.value(&Value::Text(text))?;
            w.sql(" AS TEXT) AS REGCLASS))")
        }
        Db::MySql { maria: true } if next => {
            w.sql("NEXTVAL(")?;
            if let Some(s) = schema {
                w.ident(s)?;
                w.sql(".")?;
            }
            w.ident(name)?;
            w.sql(")")
        }
        Db::MySql { maria: true } => Err(w.unsupported(
            "currval (MariaDB's LASTVAL answers NULL where PostgreSQL's currval is an error)",
        )),
        Db::MySql { maria: false } | Db::Sqlite => Err(w.unsupported("sequences (nextval)")),
    }
}
