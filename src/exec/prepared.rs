//! Prepared statements as objects: rendered and prepared once, run many times with new
//! values ([`Executor::prepare`]).

use std::fmt;
use std::ops::ControlFlow;

use super::{Executor, RowCallback, RowIter};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::render::Rendered;
use crate::row::{Row, RowSource, Rows};
use crate::value::Value;

/// A driver's prepared statement, run with positional parameters: what
/// [`Executor::prepare_sql`] returns and [`Prepared`] wraps. It borrows its connection.
///
/// Implementors provide [`PreparedSql::for_each_row`], [`PreparedSql::execute`] and
/// [`PreparedSql::rows`]; the other methods have defaults built on them that a driver
/// overrides where it can do better (fewer round trips, no streaming set-up).
pub trait PreparedSql {
    /// The SQL text it runs.
    fn sql(&self) -> &str;
    /// The dialect of its connection.
    fn dialect(&self) -> &dyn Dialect;
    /// Runs with `params` and hands the rows to `f` one at a time, as
    /// [`Executor::for_each_row_sql`] does.
    fn for_each_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()>;
    /// Runs with `params` and returns the number of rows affected (as
    /// [`Executor::execute_sql`]).
    fn execute(&mut self, params: &[Value]) -> Result<u64>;
    /// Runs with `params` and returns the rows as an iterator that reads them one at a
    /// time (as [`crate::Cursor::rows`]).
    fn rows(&mut self, params: &[Value]) -> Result<RowIter<'_>>;
    /// Runs with `params` and returns every row.
    fn fetch_all(&mut self, params: &[Value]) -> Result<Rows> {
        let mut rows = Vec::new();
        self.for_each_row(params, &mut |row| {
            rows.push(row);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(Rows { rows })
    }
    /// Hands rows to `f` as they are read from one response, for
    /// [`PreparedSql::first_two`] and [`PreparedSql::fetch_optional`], which stop after
    /// one or two, and for [`Executor::fetch_each_sql`](crate::Executor::fetch_each_sql),
    /// which reads them all: [`PreparedSql::for_each_row`] by default. A driver whose
    /// streaming costs round trips of its own (PostgreSQL's portal) reads the one
    /// response instead, to its end.
    fn for_each_first_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        self.for_each_row(params, f)
    }
    /// As [`PreparedSql::for_each_first_row`], handing each row over as the driver holds
    /// it ([`RowSource`]), for typed decoding to read its values without a [`Row`] in
    /// between ([`crate::TypedPrepared`]). By default each row is read into a [`Row`]
    /// first; a driver overrides it to spare that.
    fn for_each_first_source(
        &mut self,
        params: &[Value],
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        self.for_each_first_row(params, &mut |mut row| f(&mut row))
    }
    /// Every row of one response handed over as the driver holds it, as
    /// [`PreparedSql::for_each_first_source`] hands them (typed `fetch_all` of a
    /// [`crate::TypedPrepared`] reads this way): that by default. PostgreSQL reads the
    /// response whole first, as its [`PreparedSql::fetch_all`] does.
    fn fetch_each_source(&mut self, params: &[Value], f: &mut SourceCallback<'_>) -> Result<()> {
        self.for_each_first_source(params, f)
    }
    /// Runs with `params` and returns the first row, if any, and whether there was a
    /// second one (`fetch_one` needs to know; reading stops there).
    fn first_two(&mut self, params: &[Value]) -> Result<(Option<Row>, bool)> {
        let mut first = None;
        let mut more = false;
        self.for_each_first_row(params, &mut |row| {
            if first.is_none() {
                first = Some(row);
                Ok(ControlFlow::Continue(()))
            } else {
                more = true;
                Ok(ControlFlow::Break(()))
            }
        })?;
        Ok((first, more))
    }
    /// Runs with `params` and returns the first row, if any.
    fn fetch_optional(&mut self, params: &[Value]) -> Result<Option<Row>> {
        let mut first = None;
        self.for_each_first_row(params, &mut |row| {
            first = Some(row);
            Ok(ControlFlow::Break(()))
        })?;
        Ok(first)
    }
}

/// What [`PreparedSql::for_each_first_source`] hands each row to: it reads the values it
/// needs and says whether to go on.
pub type SourceCallback<'a> = dyn FnMut(&mut dyn RowSource) -> Result<ControlFlow<()>> + 'a;

/// The values a [`Prepared`] statement runs with: by name (`&[("id", 7.into())]`), which
/// fills the statement's named parameters ([`crate::Expr::param`]), or by position
/// (`&[Value::from(7)]`), which replaces every parameter in order. `()` runs it with the
/// values it was rendered with.
#[derive(Debug, Clone, Copy)]
pub enum Params<'a> {
    /// The values the statement was rendered with.
    Rendered,
    /// Named parameters, by name.
    Named(&'a [(&'a str, Value)]),
    /// Every parameter, in order.
    Positional(&'a [Value]),
}

impl From<()> for Params<'_> {
    fn from((): ()) -> Self {
        Params::Rendered
    }
}
impl<'a> From<&'a [(&'a str, Value)]> for Params<'a> {
    fn from(named: &'a [(&'a str, Value)]) -> Self {
        Params::Named(named)
    }
}
impl<'a, const N: usize> From<&'a [(&'a str, Value); N]> for Params<'a> {
    fn from(named: &'a [(&'a str, Value); N]) -> Self {
        Params::Named(named)
    }
}
impl<'a> From<&'a Vec<(&'a str, Value)>> for Params<'a> {
    fn from(named: &'a Vec<(&'a str, Value)>) -> Self {
        Params::Named(named)
    }
}
impl<'a> From<&'a [Value]> for Params<'a> {
    fn from(values: &'a [Value]) -> Self {
        Params::Positional(values)
    }
}
impl<'a, const N: usize> From<&'a [Value; N]> for Params<'a> {
    fn from(values: &'a [Value; N]) -> Self {
        Params::Positional(values)
    }
}
impl<'a> From<&'a Vec<Value>> for Params<'a> {
    fn from(values: &'a Vec<Value>) -> Self {
        Params::Positional(values)
    }
}

/// A statement rendered and prepared once on a connection, run as often as needed with
/// new values: made by [`Executor::prepare`]. It holds the driver's prepared statement
/// (rusqlite's cached statement, a PostgreSQL `Statement`, a MySQL server-side
/// statement) and borrows the connection while it lives.
///
/// Values come by name or by position ([`Params`]). The names are known from the
/// rendering: a missing, unknown or repeated name is an [`Error::Bind`] before anything
/// is sent, as is a value that does not fit a typed parameter. Positional values must
/// number as many as the statement's parameters, each of the kind the statement was
/// rendered with (or NULL): the SQL text may depend on it (PostgreSQL's `$1::int8`, a
/// MySQL `CAST(? AS DECIMAL(p, s))` sized for a decimal), so a value of another kind is
/// an [`Error::Bind`] rather than a silently different statement.
///
/// ```
/// use sqlweave::{Executor, Expr, Select, Value, table};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch(
///     "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
///      INSERT INTO users VALUES (1, 'ada'), (2, 'brian');",
/// )?;
/// let q = Select::new()
///     .column(Expr::column("name"))
///     .from(table("users"))
///     .filter(Expr::column("id").eq(Expr::param("id")));
/// let mut find = conn.prepare(&q)?;
/// assert_eq!(find.sql(), r#"SELECT "name" FROM "users" WHERE "id" = ?"#);
/// let ada = find.fetch_one(&[("id", 1.into())])?;
/// assert_eq!(ada.get::<String>(0)?, "ada");
/// assert!(find.fetch_optional(&[("id", 3.into())])?.is_none());
/// // A name the statement does not have is refused before anything runs.
/// assert!(find.fetch_optional(&[("user", 1.into())]).is_err());
/// // By position: one value per placeholder.
/// assert_eq!(find.fetch_all(&[Value::from(2)])?.rows[0].get::<String>(0)?, "brian");
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub struct Prepared<'c> {
    inner: Box<dyn PreparedSql + 'c>,
    rendered: Rendered,
}

impl fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("sql", &self.rendered.sql)
            .field("params", &self.rendered.params.len())
            .field(
                "named",
                &self
                    .rendered
                    .named
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The values to run with: borrowed when they can be, filled in when named.
enum Bound<'a> {
    Borrowed(&'a [Value]),
    Owned(Vec<Value>),
}

impl std::ops::Deref for Bound<'_> {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        match self {
            Bound::Borrowed(v) => v,
            Bound::Owned(v) => v,
        }
    }
}

impl<'c> Prepared<'c> {
    /// Wraps a driver's prepared statement and the rendering it was prepared from (for
    /// implementors of [`Executor::prepare_sql`]; users call [`Executor::prepare`]).
    pub fn new(inner: Box<dyn PreparedSql + 'c>, rendered: Rendered) -> Self {
        Prepared { inner, rendered }
    }

    /// The SQL text.
    pub fn sql(&self) -> &str {
        &self.rendered.sql
    }

    /// The names of the parameters to supply, in order of first appearance.
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.rendered.named.iter().map(|s| s.name.as_str())
    }

    /// How many placeholders the statement has (what positional values must number).
    pub fn param_count(&self) -> usize {
        self.rendered.params.len()
    }

    /// Every row.
    pub fn fetch_all<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<Rows> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.fetch_all(&bound)
    }

    /// The first row, if any: on PostgreSQL and MySQL / MariaDB one round trip.
    pub fn fetch_optional<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<Option<Row>> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.fetch_optional(&bound)
    }

    /// Exactly one row: none, or more than one, is an [`Error::Invalid`].
    pub fn fetch_one<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<Row> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        let (first, more) = self.inner.first_two(&bound)?;
        super::exactly_one(first, more, &self.rendered.sql)
    }

    /// Hands the rows of one response to `f` as the driver holds them
    /// ([`PreparedSql::for_each_first_source`]), until `f` breaks.
    pub(crate) fn for_each_first_source<'a>(
        &mut self,
        params: impl Into<Params<'a>>,
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.for_each_first_source(&bound, f)
    }

    /// Hands every row of one response to `f` as the driver holds it
    /// ([`PreparedSql::fetch_each_source`]).
    pub(crate) fn fetch_each_source<'a>(
        &mut self,
        params: impl Into<Params<'a>>,
        f: &mut SourceCallback<'_>,
    ) -> Result<()> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.fetch_each_source(&bound, f)
    }

    /// Runs it and returns the number of rows affected.
    pub fn execute<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<u64> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.execute(&bound)
    }

    /// Streams the rows to `f`, one at a time (see [`Executor::for_each_row_sql`]).
    pub fn for_each_row<'a>(
        &mut self,
        params: impl Into<Params<'a>>,
        f: &mut RowCallback<'_>,
    ) -> Result<()> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.for_each_row(&bound, f)
    }

    /// Runs it and returns its rows as an iterator that reads them one at a time (see
    /// [`crate::Cursor::rows`]).
    pub fn rows<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<RowIter<'_>> {
        let bound = bind(&self.rendered, self.inner.dialect(), params.into())?;
        self.inner.rows(&bound)
    }
}

/// The values to run with: the rendered ones, the named ones filled in, or positional
/// ones checked against the rendering.
fn bind<'a>(
    rendered: &'a Rendered,
    dialect: &dyn Dialect,
    params: Params<'a>,
) -> Result<Bound<'a>> {
    match params {
        Params::Rendered => rendered.params_checked().map(Bound::Borrowed),
        Params::Named(named) => {
            for (_, v) in named {
                dialect.check_value(v)?;
            }
            rendered
                .bind(named.iter().map(|(n, v)| (*n, v.clone())))
                .map(Bound::Owned)
        }
        Params::Positional(values) => {
            check_positional(rendered, dialect, values)?;
            Ok(Bound::Borrowed(values))
        }
    }
}

/// Positional values: as many as the placeholders, each of the kind the statement was
/// rendered with (or NULL), so that the SQL text still means what it says.
fn check_positional(rendered: &Rendered, dialect: &dyn Dialect, values: &[Value]) -> Result<()> {
    let expected = &rendered.params;
    if values.len() != expected.len() {
        return Err(Error::Bind(format!(
            "the statement takes {} parameters but {} were given",
            expected.len(),
            values.len()
        )));
    }
    let is_named = |i: usize| rendered.named.iter().any(|s| s.positions.contains(&i));
    for (i, (new, old)) in values.iter().zip(expected).enumerate() {
        dialect.check_value(new)?;
        if matches!(new, Value::Null) || is_named(i) {
            continue;
        }
        if std::mem::discriminant(new) != std::mem::discriminant(old) {
            return Err(Error::Bind(format!(
                "parameter {}: the statement was rendered for a {} value and is given a {} \
                 (its SQL may depend on the kind; render it again for this value)",
                i + 1,
                old.kind(),
                new.kind()
            )));
        }
        #[cfg(feature = "decimal")]
        if let (Value::Decimal(a), Value::Decimal(b)) = (old, new)
            && dialect.decimal_param_type(a) != dialect.decimal_param_type(b)
        {
            return Err(Error::Bind(format!(
                "parameter {}: the statement was rendered for a decimal of another precision \
                 or scale ({} for {a}); render it again for {b}",
                i + 1,
                dialect.decimal_param_type(a).unwrap_or_default(),
            )));
        }
    }
    Ok(())
}

/// The prepared statement of [`Executor::prepare_sql`]'s default implementation, for
/// connection types that have none of their own: it keeps the SQL text and runs it
/// through the connection's `_sql` methods each time.
pub(super) struct TextPrepared<'a, E: ?Sized> {
    pub(super) conn: &'a mut E,
    pub(super) sql: String,
}

impl<E: Executor + ?Sized> PreparedSql for TextPrepared<'_, E> {
    fn sql(&self) -> &str {
        &self.sql
    }
    fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }
    fn for_each_row(&mut self, params: &[Value], f: &mut RowCallback<'_>) -> Result<()> {
        self.conn.for_each_row_sql(&self.sql, params, f)
    }
    fn execute(&mut self, params: &[Value]) -> Result<u64> {
        self.conn.execute_sql(&self.sql, params)
    }
    fn fetch_all(&mut self, params: &[Value]) -> Result<Rows> {
        self.conn.query_sql(&self.sql, params)
    }
    fn rows(&mut self, params: &[Value]) -> Result<RowIter<'_>> {
        let rows = self.conn.query_sql(&self.sql, params)?;
        Ok(RowIter::new(rows.rows.into_iter().map(Ok)))
    }
}
