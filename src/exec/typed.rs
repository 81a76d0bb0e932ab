//! Typed fetching: rows decoded into the Rust type a typed query's select list gives
//! ([`TypedQuery`]), or into a struct by label ([`FromRow`], [`from_row!`](macro@crate::from_row)).

use std::marker::PhantomData;
use std::ops::ControlFlow;
use std::sync::Arc;

use super::{Cursor, Executor, Params, Prepared, Statement};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::render::Rendered;
use crate::row::{FromValue, Row, RowHeader, RowSource, Rows, decode_value};
use crate::typed::{BaseType, SqlValue};
use crate::typed_select::{TypedCompound, TypedSelect};
use crate::value::Value;

/// A Rust type a result row decodes into.
///
/// Implemented for every value type a column can have (a one-column result), for
/// tuples of up to 24 of them (decoded by position: the select list's order), and for
/// structs declared with [`from_row!`](macro@crate::from_row) (decoded by label).
pub trait FromRow: Sized {
    /// Decodes `row`, or says which column did not fit.
    fn from_row(row: &Row) -> Result<Self>;
    /// Decodes a row the caller gives up, moving text, bytes and JSON out of it instead
    /// of copying them (typed fetching decodes this way). By default it decodes through
    /// [`FromRow::from_row`].
    fn from_owned_row(row: Row) -> Result<Self> {
        Self::from_row(&row)
    }
    /// For [`from_row!`](macro@crate::from_row) structs: where each field's column is in
    /// the rows of a result with this header, worked out once per result by typed
    /// fetching. `None` (the default, and when a label is missing or shared): each row
    /// is decoded by [`FromRow::from_owned_row`].
    #[doc(hidden)]
    fn plan(_header: &RowHeader) -> Option<Vec<FieldColumn>> {
        None
    }
    /// Decodes a row as its driver holds it ([`RowSource`]; a [`Row`] is one), with
    /// the columns [`FromRow::plan`] located for its header, if it did. By default the
    /// row becomes a [`Row`] decoded by [`FromRow::from_owned_row`].
    #[doc(hidden)]
    fn from_source(src: &mut dyn RowSource, _plan: Option<&[FieldColumn]>) -> Result<Self> {
        Self::from_owned_row(src.to_row()?)
    }
}

/// Where a [`from_row!`](macro@crate::from_row) struct's field is in a result's rows,
/// and whether another field reads the same column (then it is copied, not moved).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldColumn {
    index: usize,
    shared: bool,
}

/// The columns of fields labelled `labels` in results with this header, or `None` when
/// a label is missing or names several columns (the per-row decoding reports it).
#[doc(hidden)]
pub fn plan_fields(header: &RowHeader, labels: &[&str]) -> Option<Vec<FieldColumn>> {
    labels
        .iter()
        .map(|label| {
            let mut at = header.labels().iter().enumerate();
            let (index, _) = at.find(|(_, l)| l == label)?;
            if at.any(|(_, l)| l == label) {
                return None;
            }
            let shared = labels.iter().filter(|l| *l == label).count() > 1;
            Some(FieldColumn { index, shared })
        })
        .collect()
}

/// A field of a row whose columns [`FromRow::plan`] located ([`FromRow::from_source`]):
/// the error names the field and the struct.
#[doc(hidden)]
#[inline]
pub fn take_planned<T: FromValue>(
    src: &mut dyn RowSource,
    at: Option<&FieldColumn>,
    strukt: &'static str,
    field: &'static str,
) -> Result<T> {
    let got = match at {
        Some(at) => decode_value(src, at.index, at.shared),
        None => Err(Error::Decode {
            column: String::new(),
            sql_type: String::new(),
            rust_type: "a field",
            reason: "the plan locates fewer columns than the struct has fields".into(),
        }),
    };
    got.map_err(|e| name_field(e, src.header().labels(), strukt, field))
}

/// Decodes the rows of a result one by one, locating a struct's columns once per result
/// (per header) rather than once per row.
struct Decoding<R> {
    plan: Option<(Arc<RowHeader>, Option<Vec<FieldColumn>>)>,
    _r: PhantomData<fn() -> R>,
}

impl<R: FromRow> Decoding<R> {
    fn new() -> Self {
        Decoding {
            plan: None,
            _r: PhantomData,
        }
    }
    fn decode(&mut self, mut row: Row) -> Result<R> {
        self.decode_source(&mut row)
    }
    fn decode_source(&mut self, src: &mut dyn RowSource) -> Result<R> {
        let known = matches!(&self.plan, Some((h, _)) if Arc::ptr_eq(h, src.header()));
        if !known {
            self.plan = Some((src.header().clone(), R::plan(src.header())));
        }
        let plan = self.plan.as_ref().and_then(|(_, p)| p.as_deref());
        R::from_source(src, plan)
    }
}

fn width_check(row: &dyn RowSource, n: usize) -> Result<()> {
    if row.len() == n {
        return Ok(());
    }
    Err(Error::Decode {
        column: String::new(),
        sql_type: String::new(),
        rust_type: "a row",
        reason: format!(
            "the row type has {n} columns, the result has {} ({})",
            row.len(),
            row.header().labels().join(", ")
        ),
    })
}

macro_rules! scalar_rows {
    ($($t:ty),*) => {$(
        impl FromRow for $t {
            fn from_row(row: &Row) -> Result<Self> {
                width_check(row, 1)?;
                row.get(0)
            }
            fn from_owned_row(mut row: Row) -> Result<Self> {
                Self::from_source(&mut row, None)
            }
            fn from_source(src: &mut dyn RowSource, _plan: Option<&[FieldColumn]>) -> Result<Self> {
                width_check(src, 1)?;
                decode_value(src, 0, false)
            }
        }
    )*};
}
scalar_rows!(bool, i16, i32, i64, f32, f64, String, Vec<u8>);
#[cfg(feature = "chrono")]
scalar_rows!(
    chrono::NaiveDate,
    chrono::NaiveTime,
    chrono::NaiveDateTime,
    chrono::DateTime<chrono::Utc>
);
#[cfg(feature = "uuid")]
scalar_rows!(uuid::Uuid);
#[cfg(feature = "json")]
scalar_rows!(serde_json::Value);
#[cfg(feature = "decimal")]
scalar_rows!(rust_decimal::Decimal);

impl<B: BaseType + FromValue> FromRow for Option<B> {
    fn from_row(row: &Row) -> Result<Self> {
        width_check(row, 1)?;
        row.get(0)
    }
    fn from_owned_row(mut row: Row) -> Result<Self> {
        Self::from_source(&mut row, None)
    }
    fn from_source(src: &mut dyn RowSource, _plan: Option<&[FieldColumn]>) -> Result<Self> {
        width_check(src, 1)?;
        decode_value(src, 0, false)
    }
}

macro_rules! tuple_rows {
    ($n:literal: $($i:tt $name:ident)+) => {
        impl<$($name: SqlValue + FromValue),+> FromRow for ($($name,)+) {
            fn from_row(row: &Row) -> Result<Self> {
                width_check(row, $n)?;
                Ok(($(row.get::<$name>($i)?,)+))
            }
            fn from_owned_row(mut row: Row) -> Result<Self> {
                Self::from_source(&mut row, None)
            }
            fn from_source(src: &mut dyn RowSource, _plan: Option<&[FieldColumn]>) -> Result<Self> {
                width_check(src, $n)?;
                Ok(($(decode_value::<$name>(src, $i, false)?,)+))
            }
        }
    };
}
tuple_rows!(1: 0 A);
tuple_rows!(2: 0 A 1 B);
tuple_rows!(3: 0 A 1 B 2 C);
tuple_rows!(4: 0 A 1 B 2 C 3 D);
tuple_rows!(5: 0 A 1 B 2 C 3 D 4 E);
tuple_rows!(6: 0 A 1 B 2 C 3 D 4 E 5 F);
tuple_rows!(7: 0 A 1 B 2 C 3 D 4 E 5 F 6 G);
tuple_rows!(8: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H);
tuple_rows!(9: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I);
tuple_rows!(10: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J);
tuple_rows!(11: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K);
tuple_rows!(12: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L);
tuple_rows!(13: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M);
tuple_rows!(14: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N);
tuple_rows!(15: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O);
tuple_rows!(16: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P);
tuple_rows!(17: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q);
tuple_rows!(18: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R);
tuple_rows!(19: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S);
tuple_rows!(20: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T);
tuple_rows!(21: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U);
tuple_rows!(22: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U 21 V);
tuple_rows!(23: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U 21 V 22 W);
tuple_rows!(24: 0 A 1 B 2 C 3 D 4 E 5 F 6 G 7 H 8 I 9 J 10 K 11 L 12 M 13 N 14 O 15 P 16 Q 17 R 18 S 19 T 20 U 21 V 22 W 23 X);

/// Reads the field `field` of struct `strukt` from the column labelled `label`: the
/// error names the column and the field (for [`from_row!`](macro@crate::from_row)).
#[doc(hidden)]
pub fn field_by_label<T: FromValue>(
    row: &Row,
    label: &str,
    strukt: &'static str,
    field: &'static str,
) -> Result<T> {
    let got = row.get_by_label::<T>(label);
    got.map_err(|e| name_field(e, row.columns(), strukt, field))
}

fn name_field(e: Error, columns: &[String], strukt: &'static str, field: &'static str) -> Error {
    match e {
        Error::Decode {
            column,
            sql_type,
            rust_type,
            reason,
        } => Error::Decode {
            column,
            sql_type,
            rust_type,
            reason: format!(
                "{reason} (for field `{field}` of `{strukt}`; the result's columns: {})",
                columns.join(", ")
            ),
        },
        other => other,
    }
}

/// Decodes rows into a struct, field by field, each from the column labelled with the
/// field's name (or the label given after `=`). A missing column, or one whose value
/// does not fit the field's type, is an [`Error::Decode`] naming the column, the field
/// and the struct. The struct is yours, with your derives; the macro only implements
/// [`FromRow`] for it.
///
/// ```
/// use sqlweave::{Executor, TypedExpr, TypedQuery, from_row, select, table};
/// use sqlweave_sqlite::SqliteConnection;
///
/// #[derive(Debug, PartialEq)]
/// struct Spender { name: String, spent: Option<f64>, orders: i64 }
/// from_row!(Spender { name, spent, orders = "n_orders" });
///
/// table! { pub struct Orders("orders") { id: i64, customer: String, total: f64 } }
/// let mut db = SqliteConnection::open_in_memory()?;
/// db.execute_raw_batch("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL NOT NULL);
///     INSERT INTO orders VALUES (1, 'ada', 10.5), (2, 'ada', 4.5), (3, 'alan', 2.0);")?;
/// let o = Orders::new();
/// let q = select((o.customer.label("name"), o.total.sum().label("spent"), o.id.count().label("n_orders")))
///     .from(o).group_by([o.customer]).order_by(o.customer.asc())
///     .rows_as::<Spender>();
/// assert_eq!(q.fetch_all(&mut db)?, vec![
///     Spender { name: "ada".into(), spent: Some(15.0), orders: 2 },
///     Spender { name: "alan".into(), spent: Some(2.0), orders: 1 },
/// ]);
///
/// // A column the struct needs and the result lacks: the error says which.
/// let wrong = select((o.customer, o.total.sum().label("spent"))).from(o).group_by([o.customer]).rows_as::<Spender>();
/// let err = wrong.fetch_all(&mut db).unwrap_err().to_string();
/// assert!(err.contains("name") && err.contains("`Spender`"), "{err}");
/// # Ok::<(), sqlweave::Error>(())
/// ```
///
/// ```compile_fail
/// // A field the macro names must exist in the struct.
/// struct S { a: i64 }
/// sqlweave::from_row!(S { a, b });
/// ```
#[macro_export]
macro_rules! from_row {
    ($name:ident { $($field:ident $(= $label:literal)?),* $(,)? }) => {
        impl $crate::exec::FromRow for $name {
            fn from_row(row: &$crate::Row) -> $crate::Result<Self> {
                ::core::result::Result::Ok($name {
                    $( $field: $crate::exec::field_by_label(
                        row,
                        $crate::from_row!(@label $field $($label)?),
                        stringify!($name),
                        stringify!($field),
                    )?, )*
                })
            }
            fn plan(header: &$crate::RowHeader) -> ::core::option::Option<::std::vec::Vec<$crate::exec::FieldColumn>> {
                $crate::exec::plan_fields(header, &[$($crate::from_row!(@label $field $($label)?)),*])
            }
            fn from_source(
                src: &mut dyn $crate::RowSource,
                plan: ::core::option::Option<&[$crate::exec::FieldColumn]>,
            ) -> $crate::Result<Self> {
                // Without a plan a label is missing or names several columns: the
                // copying decode reports which.
                let ::core::option::Option::Some(plan) = plan else {
                    return <Self as $crate::exec::FromRow>::from_row(&$crate::RowSource::to_row(src)?);
                };
                let mut at = plan.iter();
                ::core::result::Result::Ok($name {
                    $( $field: $crate::exec::take_planned(
                        src,
                        at.next(),
                        stringify!($name),
                        stringify!($field),
                    )?, )*
                })
            }
            fn from_owned_row(mut row: $crate::Row) -> $crate::Result<Self> {
                let plan = <Self as $crate::exec::FromRow>::plan(row.header());
                <Self as $crate::exec::FromRow>::from_source(&mut row, plan.as_deref())
            }
        }
    };
    (@label $field:ident) => { stringify!($field) };
    (@label $field:ident $label:literal) => { $label };
}

impl Row {
    /// The row decoded as `R` (a tuple by position, a [`from_row!`](macro@crate::from_row)
    /// struct by label).
    pub fn decode<R: FromRow>(&self) -> Result<R> {
        R::from_row(self)
    }
    /// As [`Row::decode`], consuming the row: text, bytes and JSON move into `R`.
    pub fn into_decoded<R: FromRow>(self) -> Result<R> {
        R::from_owned_row(self)
    }
}

impl Rows {
    /// Every row decoded as `R`.
    pub fn decode<R: FromRow>(&self) -> Result<Vec<R>> {
        self.rows.iter().map(R::from_row).collect()
    }
    /// As [`Rows::decode`], consuming the rows: text, bytes and JSON move into the `R`s.
    ///
    /// ```
    /// use sqlweave::{Executor, Expr, Select};
    /// use sqlweave_sqlite::SqliteConnection;
    /// let mut db = SqliteConnection::open_in_memory()?;
    /// let q = Select::new().column(Expr::value(1).label("n")).column(Expr::value("ada").label("name"));
    /// let rows: Vec<(i64, String)> = db.fetch_all(&q)?.into_decoded()?;
    /// assert_eq!(rows, [(1, "ada".to_string())]);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn into_decoded<R: FromRow>(self) -> Result<Vec<R>> {
        let mut decoding = Decoding::<R>::new();
        self.rows.into_iter().map(|r| decoding.decode(r)).collect()
    }
}

/// A query whose rows have a Rust type: [`TypedSelect`] and [`TypedCompound`] (see
/// [`crate::select()`]). Every fetch method of [`Executor`] has its typed form here,
/// taking the connection: `q.fetch_all(&mut db)` is a `Vec<Self::Row>`.
pub trait TypedQuery: Statement + Sized {
    /// The Rust type of a row.
    type Row: FromRow;

    /// All rows, each decoded as it is read (in one response, as
    /// [`Executor::fetch_all`] reads them: see [`Executor::fetch_each_sql`]).
    fn fetch_all<E: Executor + ?Sized>(&self, db: &mut E) -> Result<Vec<Self::Row>> {
        let r = self.render_for(db.dialect())?;
        decoded_all(db, &r.sql, r.params_checked()?)
    }
    /// All rows, filling named parameters from `named`.
    fn fetch_all_with<E: Executor + ?Sized>(
        &self,
        db: &mut E,
        named: &[(&str, Value)],
    ) -> Result<Vec<Self::Row>> {
        let r = self.render_for(db.dialect())?;
        let params = r.bind_for(db.dialect(), named)?;
        decoded_all(db, &r.sql, &params)
    }
    /// Exactly one row (none, or more than one, is an error).
    fn fetch_one<E: Executor + ?Sized>(&self, db: &mut E) -> Result<Self::Row> {
        db.fetch_one(self)?.into_decoded()
    }
    /// Exactly one row, filling named parameters from `named`.
    fn fetch_one_with<E: Executor + ?Sized>(
        &self,
        db: &mut E,
        named: &[(&str, Value)],
    ) -> Result<Self::Row> {
        db.fetch_one_with(self, named)?.into_decoded()
    }
    /// The first row, if any.
    fn fetch_optional<E: Executor + ?Sized>(&self, db: &mut E) -> Result<Option<Self::Row>> {
        db.fetch_optional(self)?.map(Row::into_decoded).transpose()
    }
    /// The first row, if any, filling named parameters from `named`.
    fn fetch_optional_with<E: Executor + ?Sized>(
        &self,
        db: &mut E,
        named: &[(&str, Value)],
    ) -> Result<Option<Self::Row>> {
        db.fetch_optional_with(self, named)?
            .map(Row::into_decoded)
            .transpose()
    }
    /// Streams the rows to `f`, decoded, one at a time (see
    /// [`Executor::for_each_row`]); `f` returns `ControlFlow::Break(())` to stop.
    fn for_each_row<E: Executor + ?Sized>(
        &self,
        db: &mut E,
        f: &mut dyn FnMut(Self::Row) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let mut decoding = Decoding::<Self::Row>::new();
        db.for_each_row(self, &mut |row| f(decoding.decode(row)?))
    }
    /// As [`TypedQuery::for_each_row`], filling named parameters from `named`.
    fn for_each_row_with<E: Executor + ?Sized>(
        &self,
        db: &mut E,
        named: &[(&str, Value)],
        f: &mut dyn FnMut(Self::Row) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let mut decoding = Decoding::<Self::Row>::new();
        db.for_each_row_with(self, named, &mut |row| f(decoding.decode(row)?))
    }
    /// Prepares the query for streaming (see [`Executor::cursor`]): the cursor's
    /// [`TypedCursor::rows`] is an iterator of decoded rows.
    fn cursor<'a, E: Executor + ?Sized>(
        &self,
        db: &'a mut E,
    ) -> Result<TypedCursor<'a, Self::Row>> {
        Ok(TypedCursor {
            inner: db.cursor(self)?,
            _r: PhantomData,
        })
    }
    /// Renders the query once and prepares it on `db`: the [`TypedPrepared`] statement
    /// runs as often as needed with new values (by name or by position, as
    /// [`Prepared`] takes them) and decodes its rows as [`TypedQuery::Row`], locating a
    /// struct's columns once rather than on every run.
    ///
    /// ```
    /// use sqlweave::{Executor, TypedExpr, TypedQuery, Value, param, select, table};
    /// use sqlweave_sqlite::SqliteConnection;
    /// table! { pub struct Users("users") { id: i64, name: String } }
    /// let mut db = SqliteConnection::open_in_memory()?;
    /// db.execute_raw_batch("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    ///     INSERT INTO users VALUES (1, 'ada'), (2, 'alan');")?;
    /// let u = Users::new();
    /// let q = select((u.id, u.name)).from(u).filter(u.id.eq(param::<i64>("id")));
    /// let mut find = q.prepare(&mut db)?;
    /// assert_eq!(find.sql(), r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ?"#);
    /// assert_eq!(find.fetch_optional(&[("id", Value::I64(2))])?, Some((2, "alan".to_string())));
    /// assert_eq!(find.fetch_optional(&[Value::I64(3)])?, None); // by position
    /// assert_eq!(find.fetch_one(&[("id", Value::I64(1))])?.1, "ada");
    /// // A value of another type than the parameter's is refused before anything runs.
    /// assert!(find.fetch_one(&[("id", Value::from("1"))]).is_err());
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    fn prepare<'a, E: Executor + ?Sized>(
        &self,
        db: &'a mut E,
    ) -> Result<TypedPrepared<'a, Self::Row>> {
        Ok(TypedPrepared {
            inner: db.prepare(self)?,
            decoding: Decoding::new(),
        })
    }
    /// As [`TypedQuery::cursor`], filling named parameters from `named`.
    fn cursor_with<'a, E: Executor + ?Sized>(
        &self,
        db: &'a mut E,
        named: &[(&str, Value)],
    ) -> Result<TypedCursor<'a, Self::Row>> {
        Ok(TypedCursor {
            inner: db.cursor_with(self, named)?,
            _r: PhantomData,
        })
    }
}

/// Every row of `sql`, decoded into `R` as it is read.
fn decoded_all<R: FromRow, E: Executor + ?Sized>(
    db: &mut E,
    sql: &str,
    params: &[Value],
) -> Result<Vec<R>> {
    let mut out = Vec::new();
    let mut decoding = Decoding::<R>::new();
    db.fetch_each_source_sql(sql, params, &mut |src| {
        out.push(decoding.decode_source(src)?);
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(out)
}

/// A typed query rendered and prepared once, run as often as needed with new values
/// ([`TypedQuery::prepare`]): [`Prepared`] with its rows decoded as `R`. The values are
/// given as [`Prepared`] takes them, by name or by position ([`Params`]).
pub struct TypedPrepared<'c, R> {
    inner: Prepared<'c>,
    decoding: Decoding<R>,
}

impl<'c, R: FromRow> TypedPrepared<'c, R> {
    /// The SQL text.
    pub fn sql(&self) -> &str {
        self.inner.sql()
    }
    /// The untyped prepared statement (its parameter names, and rows as [`Row`]s).
    pub fn as_untyped(&mut self) -> &mut Prepared<'c> {
        &mut self.inner
    }
    /// Every row, each decoded as it is read (from one response, as
    /// [`TypedQuery::fetch_all`] reads them).
    pub fn fetch_all<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<Vec<R>> {
        let mut out = Vec::new();
        let decoding = &mut self.decoding;
        self.inner.fetch_each_source(params, &mut |src| {
            out.push(decoding.decode_source(src)?);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(out)
    }
    /// The first row, if any (reading stops there).
    pub fn fetch_optional<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<Option<R>> {
        let mut first = None;
        let decoding = &mut self.decoding;
        self.inner.for_each_first_source(params, &mut |src| {
            first = Some(decoding.decode_source(src)?);
            Ok(ControlFlow::Break(()))
        })?;
        Ok(first)
    }
    /// Exactly one row: none, or more than one, is an [`Error::Invalid`].
    pub fn fetch_one<'a>(&mut self, params: impl Into<Params<'a>>) -> Result<R> {
        let (mut first, mut more) = (None, false);
        let decoding = &mut self.decoding;
        self.inner.for_each_first_source(params, &mut |src| {
            if first.is_some() {
                more = true;
                return Ok(ControlFlow::Break(()));
            }
            first = Some(decoding.decode_source(src)?);
            Ok(ControlFlow::Continue(()))
        })?;
        super::exactly_one(first, more, self.inner.sql())
    }
    /// Streams the rows to `f`, decoded, one at a time; `f` returns
    /// `ControlFlow::Break(())` to stop.
    pub fn for_each_row<'a>(
        &mut self,
        params: impl Into<Params<'a>>,
        f: &mut dyn FnMut(R) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let decoding = &mut self.decoding;
        self.inner
            .for_each_row(params, &mut |row| f(decoding.decode(row)?))
    }
}

impl<R> std::fmt::Debug for TypedPrepared<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedPrepared")
            .field("sql", &self.inner.sql())
            .finish()
    }
}

/// A typed query prepared for streaming ([`TypedQuery::cursor`]).
pub struct TypedCursor<'a, R> {
    inner: Box<dyn Cursor + 'a>,
    _r: PhantomData<fn() -> R>,
}

impl<R: FromRow> TypedCursor<'_, R> {
    /// Runs the query; its rows, decoded, read one at a time. After an `Err` item the
    /// iterator ends.
    ///
    /// ```
    /// use sqlweave::{Executor, TypedExpr, TypedQuery, select, table};
    /// use sqlweave_sqlite::SqliteConnection;
    /// table! { pub struct N("n") { x: i64 } }
    /// let mut db = SqliteConnection::open_in_memory()?;
    /// db.execute_raw_batch("CREATE TABLE n (x INTEGER NOT NULL); INSERT INTO n VALUES (1), (2), (3);")?;
    /// let n = N::new();
    /// let q = select((n.x, n.x * 10)).from(n).order_by(n.x.asc());
    /// let mut cursor = q.cursor(&mut db)?;
    /// let firsts: Vec<(i64, i64)> = cursor.rows()?.take(2).collect::<Result<_, _>>()?;
    /// assert_eq!(firsts, [(1, 10), (2, 20)]);
    /// # Ok::<(), sqlweave::Error>(())
    /// ```
    pub fn rows(&mut self) -> Result<impl Iterator<Item = Result<R>> + '_> {
        let mut decoding = Decoding::<R>::new();
        Ok(self
            .inner
            .rows()?
            .map(move |row| row.and_then(|r| decoding.decode(r))))
    }
}

impl<R> std::fmt::Debug for TypedCursor<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypedCursor")
    }
}

impl<R> TypedSelect<R> {
    /// Renders this query for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        self.as_select().render(dialect)
    }
}
impl<R> Statement for TypedSelect<R> {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.as_select().render(dialect)
    }
}
impl<R: FromRow> TypedQuery for TypedSelect<R> {
    type Row = R;
}

impl<R> TypedCompound<R> {
    /// Renders this query for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        self.as_compound().render(dialect)
    }
}
impl<R> Statement for TypedCompound<R> {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.as_compound().render(dialect)
    }
}
impl<R: FromRow> TypedQuery for TypedCompound<R> {
    type Row = R;
}
