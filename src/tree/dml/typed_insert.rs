//! Typed INSERT rows: with typed columns, each value must be an operand of its column's
//! type, so `(u.id, u.name)` takes `(1, "ada")` but not `("ada", 1)`.

use std::marker::PhantomData;

use crate::dml::{ColumnList, Insert, InsertSource, InsertValue, IntoColumnName, OnConflict};
use crate::expr::Expr;
use crate::ident::Ident;
use crate::query::{Cte, Query, SelectItem};
use crate::typed::{Column, SqlValue, Typed};
use crate::value::Value;

/// The value type a column takes in an INSERT. For a column named at run time it is
/// [`AnyType`]: any value goes.
pub trait ColumnType {
    /// The non-nullable base type of the column's values.
    type Base;
}

/// The "type" of a column known only by name: accepts any value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnyType;

impl<T: SqlValue> ColumnType for Column<T> {
    type Base = T::Base;
}
impl ColumnType for &'static str {
    type Base = AnyType;
}
impl ColumnType for String {
    type Base = AnyType;
}
impl ColumnType for Ident {
    type Base = AnyType;
}

/// `DEFAULT` in a typed INSERT row: `(DEFAULT, "ada")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultValue;

/// The column's default, for an INSERT row.
pub const DEFAULT: DefaultValue = DefaultValue;

/// A value for an INSERT cell of a column whose base type is `B`.
pub trait IntoCell<B> {
    /// The cell.
    fn into_cell(self) -> InsertValue;
}

impl<B> IntoCell<B> for DefaultValue {
    fn into_cell(self) -> InsertValue {
        InsertValue::Default
    }
}
impl<B> IntoCell<B> for Expr {
    fn into_cell(self) -> InsertValue {
        InsertValue::Expr(self)
    }
}
impl<T: SqlValue> IntoCell<T::Base> for Typed<T> {
    fn into_cell(self) -> InsertValue {
        InsertValue::Expr(self.into())
    }
}
impl<T: SqlValue> IntoCell<T::Base> for Column<T> {
    fn into_cell(self) -> InsertValue {
        InsertValue::Expr(self.into())
    }
}

macro_rules! cells {
    ($($base:ty => $($t:ty),*;)*) => {$($(
        impl IntoCell<$base> for $t {
            fn into_cell(self) -> InsertValue { InsertValue::Expr(Expr::Value(Value::from(self))) }
        }
        impl IntoCell<AnyType> for $t {
            fn into_cell(self) -> InsertValue { InsertValue::Expr(Expr::Value(Value::from(self))) }
        }
    )*)*};
}

cells! {
    bool => bool, Option<bool>;
    i16 => i16, Option<i16>;
    i32 => i32, Option<i32>;
    i64 => i64, Option<i64>;
    f32 => f32, Option<f32>;
    f64 => f64, Option<f64>;
    String => String, &String, &str, Option<String>, Option<&str>;
    Vec<u8> => Vec<u8>, &[u8], Option<Vec<u8>>;
}
#[cfg(feature = "chrono")]
cells! {
    chrono::NaiveDate => chrono::NaiveDate, Option<chrono::NaiveDate>;
    chrono::NaiveTime => chrono::NaiveTime, Option<chrono::NaiveTime>;
    chrono::NaiveDateTime => chrono::NaiveDateTime, Option<chrono::NaiveDateTime>;
    chrono::DateTime<chrono::Utc> => chrono::DateTime<chrono::Utc>, Option<chrono::DateTime<chrono::Utc>>;
}
#[cfg(feature = "uuid")]
cells! { uuid::Uuid => uuid::Uuid, Option<uuid::Uuid>; }
#[cfg(feature = "json")]
cells! { serde_json::Value => serde_json::Value, Option<serde_json::Value>; }
#[cfg(feature = "decimal")]
cells! { rust_decimal::Decimal => rust_decimal::Decimal, Option<rust_decimal::Decimal>; }

/// A row of values for the column list `C`.
pub trait RowFor<C> {
    /// The cells, in column order.
    fn into_cells(self) -> Vec<InsertValue>;
}

/// Rows for columns named by an array: any values.
impl<R: super::RowValues, N: IntoColumnName, const K: usize> RowFor<[N; K]> for R {
    fn into_cells(self) -> Vec<InsertValue> {
        super::RowValues::into_cells(self)
    }
}

/// Rows for columns named by a `Vec` (built at run time): any values.
impl<R: super::RowValues, N: IntoColumnName> RowFor<Vec<N>> for R {
    fn into_cells(self) -> Vec<InsertValue> {
        super::RowValues::into_cells(self)
    }
}

// Tuples of up to 24 typed columns; past that, `Insert::set` types any number of
// columns one by one, and arrays / `Vec`s of names take rows of any values.
macro_rules! typed_rows {
    ($(($c:ident $v:ident)),+) => {
        impl<$($c: ColumnType,)+ $($v: IntoCell<$c::Base>),+> RowFor<($($c,)+)> for ($($v,)+) {
            #[allow(non_snake_case)]
            fn into_cells(self) -> Vec<InsertValue> {
                let ($($v,)+) = self;
                vec![$($v.into_cell()),+]
            }
        }
    };
}
typed_rows!((C1 V1));
typed_rows!((C1 V1), (C2 V2));
typed_rows!((C1 V1), (C2 V2), (C3 V3));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18), (C19 V19));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18), (C19 V19), (C20 V20));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18), (C19 V19), (C20 V20), (C21 V21));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18), (C19 V19), (C20 V20), (C21 V21), (C22 V22));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18), (C19 V19), (C20 V20), (C21 V21), (C22 V22), (C23 V23));
typed_rows!((C1 V1), (C2 V2), (C3 V3), (C4 V4), (C5 V5), (C6 V6), (C7 V7), (C8 V8), (C9 V9), (C10 V10), (C11 V11), (C12 V12), (C13 V13), (C14 V14), (C15 V15), (C16 V16), (C17 V17), (C18 V18), (C19 V19), (C20 V20), (C21 V21), (C22 V22), (C23 V23), (C24 V24));

/// An INSERT whose column list is known at compile time: rows are checked against the
/// columns' types. Converts into [`Insert`] (and renders and runs like it).
///
/// ```
/// use sqlweave::{table, dml::{Insert, DEFAULT}};
/// use sqlweave_sqlite::Sqlite;
/// table! { pub struct Users("users") { id: i64, name: String, email: Option<String> } }
/// let u = Users::new();
/// let ins = Insert::into(u)
///     .columns((u.id, u.name, u.email))
///     .values((1, "ada", Some("ada@example.com")))
///     .values((2, "alan", None::<&str>));
/// assert_eq!(ins.render(&Sqlite).unwrap().sql,
///     r#"INSERT INTO "users" ("id", "name", "email") VALUES (?, ?, ?), (?, ?, ?)"#);
/// ```
///
/// ```compile_fail
/// use sqlweave::{table, dml::Insert};
/// table! { pub struct Users("users") { id: i64, name: String } }
/// let u = Users::new();
/// let _ = Insert::into(u).columns((u.id, u.name)).values(("ada", 1)); // swapped types
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TypedInsert<C> {
    insert: Insert,
    _c: PhantomData<fn() -> C>,
}

impl Insert {
    /// Sets the column list; rows then follow its types.
    pub fn columns<C: ColumnList + Clone>(mut self, cols: C) -> TypedInsert<C> {
        self.columns = cols.column_names();
        TypedInsert {
            insert: self,
            _c: PhantomData,
        }
    }
}

impl<C> TypedInsert<C> {
    /// Adds a row of values, in column order.
    pub fn values(mut self, row: impl RowFor<C>) -> Self {
        self.insert.push_row(row.into_cells());
        self
    }
    /// Adds many rows.
    pub fn rows<I, R>(mut self, rows: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: RowFor<C>,
    {
        for r in rows {
            self = self.values(r);
        }
        self
    }
    /// `INSERT (columns) SELECT …`
    pub fn select(mut self, query: impl Into<Query>) -> Insert {
        self.insert.source = InsertSource::Query(Box::new(query.into()));
        self.insert
    }
    /// `ON CONFLICT (target) DO NOTHING`
    pub fn on_conflict_do_nothing(mut self, target: impl ColumnList) -> Self {
        self.insert = self.insert.on_conflict_do_nothing(target);
        self
    }
    /// `ON CONFLICT (target) DO UPDATE SET …`
    pub fn on_conflict_do_update<I, N, E>(mut self, target: impl ColumnList, set: I) -> Self
    where
        I: IntoIterator<Item = (N, E)>,
        N: Into<Ident>,
        E: Into<Expr>,
    {
        self.insert = self.insert.on_conflict_do_update(target, set);
        self
    }
    /// Any upsert clause.
    pub fn on_conflict(mut self, clause: OnConflict) -> Self {
        self.insert.on_conflict = Some(clause);
        self
    }
    /// `RETURNING …`
    pub fn returning<I, E>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = E>,
        E: Into<SelectItem>,
    {
        self.insert = self.insert.returning(items);
        self
    }
    /// Adds a CTE.
    pub fn with(mut self, cte: Cte) -> Self {
        self.insert = self.insert.with(cte);
        self
    }
    /// The plain INSERT.
    pub fn into_insert(self) -> Insert {
        self.insert
    }
    /// The plain INSERT, borrowed.
    pub fn as_insert(&self) -> &Insert {
        &self.insert
    }
}

impl<C> From<TypedInsert<C>> for Insert {
    fn from(t: TypedInsert<C>) -> Insert {
        t.insert
    }
}

impl<C> From<TypedInsert<C>> for Query {
    fn from(t: TypedInsert<C>) -> Query {
        Query::Insert(crate::expr::InsertBox::new(t.insert))
    }
}

/// Walks the INSERT this builder holds.
impl<C> crate::visit::Visitable for TypedInsert<C> {
    fn accept<V: crate::visit::Visit + ?Sized>(&self, v: &mut V) -> crate::Result<()> {
        v.visit_insert(&self.insert)
    }
    fn accept_mut<V: crate::visit::VisitMut + ?Sized>(&mut self, v: &mut V) -> crate::Result<()> {
        v.visit_insert(&mut self.insert)
    }
}
