//! Arrays (PostgreSQL): typed array values and columns, `= ANY (array)`,
//! `<> ALL (array)`, containment `@>`, overlap `&&`, `array_length` and `cardinality`.
//!
//! An array is a `Typed<Vec<T>>` (a value, [`array()`]) or a `Column<Vec<T>>` (an array
//! column, [`array_column`]: [`table!`](macro@crate::table) declares scalar columns only,
//! as its DDL has no array types), for the element types of [`ArrayElement`]. A value is one bind parameter, cast to its array type so the server
//! never has to guess it (`CAST($1 AS BIGINT[])`); its elements are never SQL text.
//!
//! SQLite, MySQL and MariaDB have no array type: every operation here is refused there
//! ([`crate::Error::Unsupported`]). (A long IN list is a different thing: it is sent as
//! one array parameter on PostgreSQL by the renderer itself, and as JSON elsewhere.)
//! Array columns cannot be read back into rows yet (the drivers decode scalar types only):
//! use them in conditions and in `array_length` / `cardinality`.
//!
//! ```
//! use sqlweave::array::{ArrayExpr, ScalarArrayExpr, array, array_column};
//! use sqlweave::{Select, TypedExpr, table};
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { pub struct Posts("posts") { id: i64 } }
//! let p = Posts::new();
//! let tags = array_column::<String>(p.static_table(), "tags");
//! let scores = array_column::<i64>(p.static_table(), "scores");
//! let q = Select::new()
//!     .column(p.id)
//!     .column(tags.cardinality())
//!     .from(p)
//!     .filter(p.id.eq_any(array([1_i64, 2, 3])))
//!     .filter(tags.overlaps(array(["rust".to_string(), "sql".to_string()])))
//!     .filter(scores.contains_all(array([10_i64])));
//! assert_eq!(
//!     q.render(&Postgres).unwrap().sql,
//!     r#"SELECT "posts"."id", cardinality("posts"."tags") FROM "posts" WHERE "posts"."id" = ANY (CAST($1 AS BIGINT[])) AND "posts"."tags" && CAST($2 AS TEXT[]) AND "posts"."scores" @> CAST($3 AS BIGINT[])"#
//! );
//! assert!(q.render(&Sqlite).is_err());
//! ```
//!
//! Element types must agree:
//!
//! ```compile_fail
//! use sqlweave::array::{ScalarArrayExpr, array};
//! use sqlweave::table;
//! table! { pub struct Posts("posts") { id: i64 } }
//! let p = Posts::new();
//! let _ = p.id.eq_any(array(["a".to_string()])); // an integer among text
//! ```
//!
//! ```compile_fail
//! use sqlweave::array::{ArrayExpr, array_column};
//! use sqlweave::table;
//! table! { pub struct Posts("posts") { id: i64 } }
//! let p = Posts::new();
//! let tags = array_column::<String>(p.static_table(), "tags");
//! let scores = array_column::<i64>(p.static_table(), "scores");
//! let _ = tags.overlaps(scores); // text[] && bigint[]
//! ```

use crate::error::Result;
use crate::expr::{ATOM_PRECEDENCE, Custom, Expr, SqlWriter};
use crate::typed::{Column, SqlValue, Typed};
use crate::value::Value;

/// Element types of arrays, with their PostgreSQL type name.
pub trait ArrayElement: SqlValue<Base = Self> + Into<Value> {
    /// The element type's name in `CAST(… AS name[])`.
    const PG_TYPE: &'static str;
}

macro_rules! elements {
    ($($t:ty => $name:expr;)*) => {$(
        impl ArrayElement for $t {
            const PG_TYPE: &'static str = $name;
        }
    )*};
}

elements! {
    bool => "BOOLEAN";
    i16 => "SMALLINT";
    i32 => "INTEGER";
    i64 => "BIGINT";
    f32 => "REAL";
    f64 => "DOUBLE PRECISION";
    String => "TEXT";
}

/// The operations of this module, as one custom node kind. Found in a tree as an
/// [`Expr::Custom`] whose [`node_as::<PgArray>()`](crate::expr::CustomExpr::node_as) is
/// `Some`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PgArray {
    /// `CAST(value AS type[])` over one [`Value::Array`] argument.
    Value(&'static str),
    /// `x = ANY (array)`
    EqAny,
    /// `x <> ALL (array)`
    NeAll,
    /// `a @> b`
    Contains,
    /// `a && b`
    Overlaps,
    /// `array_length(a, 1)`
    Length,
    /// `cardinality(a)`
    Cardinality,
}

impl Custom for PgArray {
    fn name(&self) -> &'static str {
        "arrays"
    }
    fn precedence(&self) -> u8 {
        match self {
            PgArray::EqAny | PgArray::NeAll | PgArray::Contains | PgArray::Overlaps => 4,
            _ => ATOM_PRECEDENCE,
        }
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        if w.dialect_name() != "PostgreSQL" {
            return Err(w.unsupported("arrays (PostgreSQL only)"));
        }
        match (self, args) {
            (PgArray::Value(ty), [v]) => {
                w.sql("CAST(")?;
                w.expr(v)?;
                w.sql(" AS ")?;
                w.sql(ty)?;
                w.sql("[])")
            }
            (PgArray::EqAny | PgArray::NeAll, [x, a]) => {
                w.operand(x, 5)?;
                w.sql(if *self == PgArray::EqAny {
                    " = ANY ("
                } else {
                    " <> ALL ("
                })?;
                w.operand(a, 0)?;
                w.sql(")")
            }
            (PgArray::Contains | PgArray::Overlaps, [a, b]) => {
                w.operand(a, ATOM_PRECEDENCE - 1)?;
                w.sql(if *self == PgArray::Contains {
                    " @> "
                } else {
                    " && "
                })?;
                w.operand(b, ATOM_PRECEDENCE - 1)
            }
            (PgArray::Length, [a]) => {
                w.sql("array_length(")?;
                w.operand(a, 0)?;
                w.sql(", 1)")
            }
            (PgArray::Cardinality, [a]) => {
                w.sql("cardinality(")?;
                w.operand(a, 0)?;
                w.sql(")")
            }
            _ => Err(w.invalid("an array operation with the wrong number of operands")),
        }
    }
}

/// An array value of `values`: one bind parameter, `CAST($n AS type[])`.
pub fn array<T: ArrayElement>(values: impl IntoIterator<Item = T>) -> Typed<Vec<T>> {
    let items = Value::Array(values.into_iter().map(Into::into).collect());
    Typed::assume(Expr::custom(
        PgArray::Value(T::PG_TYPE),
        [Expr::Value(items)],
    ))
}

/// An array column of elements `T` of `table` (e.g. `Posts::new().static_table()`),
/// named `name`: a `TEXT[]` column is `array_column::<String>(…)`.
pub fn array_column<T: ArrayElement>(
    table: crate::typed::StaticTable,
    name: &'static str,
) -> Column<Vec<T>> {
    Column::new(table, name)
}

/// Something usable as an array of `B`: an array value, an array column or expression.
pub trait ArrayOperand<B> {
    /// The array as an untyped expression.
    fn into_array(self) -> Expr;
}

impl<B: ArrayElement> ArrayOperand<B> for Typed<Vec<B>> {
    fn into_array(self) -> Expr {
        self.into()
    }
}
impl<B: ArrayElement> ArrayOperand<B> for Typed<Option<Vec<B>>> {
    fn into_array(self) -> Expr {
        self.into()
    }
}
impl<B: ArrayElement> ArrayOperand<B> for Column<Vec<B>> {
    fn into_array(self) -> Expr {
        self.into()
    }
}
impl<B: ArrayElement> ArrayOperand<B> for Column<Option<Vec<B>>> {
    fn into_array(self) -> Expr {
        self.into()
    }
}
impl<B: ArrayElement> ArrayOperand<B> for Vec<B> {
    fn into_array(self) -> Expr {
        array(self).into()
    }
}

fn node<T>(op: PgArray, args: impl IntoIterator<Item = Expr>) -> Typed<T> {
    Typed::assume(Expr::custom(op, args))
}

/// Operations on arrays of `B` (see the [module docs](self)).
pub trait ArrayExpr<B: ArrayElement>: ArrayOperand<B> + Sized {
    /// `self @> other`: every element of `other` is in `self`.
    fn contains_all(self, other: impl ArrayOperand<B>) -> Typed<bool> {
        node(PgArray::Contains, [self.into_array(), other.into_array()])
    }
    /// `self && other`: the arrays have an element in common.
    fn overlaps(self, other: impl ArrayOperand<B>) -> Typed<bool> {
        node(PgArray::Overlaps, [self.into_array(), other.into_array()])
    }
    /// `array_length(self, 1)`: the number of elements, NULL for an empty array.
    fn array_length(self) -> Typed<Option<i32>> {
        node(PgArray::Length, [self.into_array()])
    }
    /// `cardinality(self)`: the number of elements, 0 for an empty array.
    fn cardinality(self) -> Typed<Option<i32>> {
        node(PgArray::Cardinality, [self.into_array()])
    }
}

impl<B: ArrayElement, A: ArrayOperand<B>> ArrayExpr<B> for A {}

/// `= ANY (array)` and `<> ALL (array)` on typed scalars whose type is an
/// [`ArrayElement`].
pub trait ScalarArrayExpr<B: ArrayElement>: Into<Expr> + Sized {
    /// `self = ANY (array)`: equal to some element.
    fn eq_any(self, array: impl ArrayOperand<B>) -> Typed<bool> {
        node(PgArray::EqAny, [self.into(), array.into_array()])
    }
    /// `self <> ALL (array)`: different from every element.
    fn ne_all(self, array: impl ArrayOperand<B>) -> Typed<bool> {
        node(PgArray::NeAll, [self.into(), array.into_array()])
    }
}

impl<T: SqlValue> ScalarArrayExpr<T::Base> for Column<T> where T::Base: ArrayElement {}
impl<T: SqlValue> ScalarArrayExpr<T::Base> for Typed<T> where T::Base: ArrayElement {}
