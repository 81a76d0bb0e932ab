//! Typed CASE, and typed subquery predicates: `EXISTS`, row values and their
//! comparisons.
//!
//! A CASE's branches and its ELSE must agree in base type (numbers promote as in
//! arithmetic, see [`Promote`]); the result is `Typed<T>`, nullable when a branch or the
//! ELSE is, and always when there is no ELSE (no branch matching gives NULL).
//!
//! ```
//! use sqlweave::{TypedExpr, case_on, case_when, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! table! { pub struct Orders("orders") { id: i64, qty: i32, status: String } }
//! let o = Orders::new();
//! // Searched: each WHEN is a condition.
//! let size = case_when(o.qty.gt(100), "bulk").when(o.qty.gt(10), "case").otherwise("single");
//! let _: &sqlweave::Typed<String> = &size;
//! // Simple: each WHEN is a value of the operand's type; without ELSE the result is nullable.
//! let rank = case_on(o.status).when("paid", 1).when("open", 2).end();
//! let _: &sqlweave::Typed<Option<i32>> = &rank;
//! assert_eq!(sqlweave::render::render_expr(&Postgres, &size.into()).unwrap().sql,
//!     r#"CASE WHEN "orders"."qty" > $1 THEN $2::text WHEN "orders"."qty" > $3 THEN $4::text ELSE $5::text END"#);
//! assert_eq!(sqlweave::render::render_expr(&MySql::mysql8(), &rank.into()).unwrap().sql,
//!     "CASE `orders`.`status` WHEN ? THEN ? WHEN ? THEN ? END");
//! ```
//!
//! ```compile_fail
//! use sqlweave::{TypedExpr, case_when, table};
//! table! { pub struct Orders("orders") { id: i64, qty: i32, status: String } }
//! let o = Orders::new();
//! // A text branch and an integer ELSE do not agree.
//! let _ = case_when(o.qty.gt(100), o.status).otherwise(0);
//! ```

use std::marker::PhantomData;

use crate::expr::{Case, Expr};
use crate::query::Query;
use crate::typed::{
    BaseType, NullableIf, Operand, OperandBase, OwnedValue, Promote, Promoted, SqlValue, Typed,
    ValueOf,
};

/// A CASE result that has a type of its own: a typed column or expression, or a Rust
/// value (the first THEN, which decides the CASE's type).
pub trait CaseResult {
    /// The value type.
    type Sql: SqlValue;
    /// As an untyped expression.
    fn into_result(self) -> Expr;
}

impl<T: SqlValue> CaseResult for Typed<T> {
    type Sql = T;
    fn into_result(self) -> Expr {
        self.into_expr()
    }
}
impl<T: SqlValue> CaseResult for crate::typed::Column<T> {
    type Sql = T;
    fn into_result(self) -> Expr {
        self.into()
    }
}

macro_rules! case_values {
    ($($base:ty => $($t:ty),*;)*) => {$($(
        impl CaseResult for $t {
            type Sql = $base;
            fn into_result(self) -> Expr {
                let v: $base = OwnedValue::owned(self);
                Expr::Value(ValueOf::<$base>::value_of(v))
            }
        }
        impl CaseResult for Option<$t> {
            type Sql = Option<$base>;
            fn into_result(self) -> Expr {
                match self {
                    Some(v) => {
                        let v: $base = OwnedValue::owned(v);
                        Expr::Value(ValueOf::<$base>::value_of(v))
                    }
                    None => Expr::Value(crate::value::Value::Null),
                }
            }
        }
    )*)*};
}
case_values! {
    bool => bool;
    i16 => i16;
    i32 => i32;
    i64 => i64;
    f32 => f32;
    f64 => f64;
    String => String, &str, &String;
}
#[cfg(feature = "decimal")]
case_values! { rust_decimal::Decimal => rust_decimal::Decimal; }
#[cfg(feature = "chrono")]
case_values! {
    chrono::NaiveDate => chrono::NaiveDate;
    chrono::NaiveDateTime => chrono::NaiveDateTime;
}

/// SQL `NULL` as a CASE branch or an operand of any type: `Option<B>` where `B` is
/// expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Null;

impl<B: BaseType> Operand<B> for Null {
    type Sql = Option<B>;
    fn into_operand(self) -> Expr {
        Expr::Value(crate::value::Value::Null)
    }
}

impl<B: BaseType> crate::typed::Divisor<B> for Null {
    type QuotientNull = crate::typed::Nullable;
}

/// The value type of a CASE of type `T` with one more branch `R`: the promoted base
/// type, nullable when either is.
pub type BranchSql<T, R> = NullableIf<
    T,
    <R as Operand<<T as SqlValue>::Base>>::Sql,
    Promoted<<T as SqlValue>::Base, OperandBase<R, <T as SqlValue>::Base>>,
>;

/// The finished CASE of type `T` with a last branch `R`.
pub type WithBranch<T, R> = Typed<BranchSql<T, R>>;

/// A comparison operator for `ANY` / `ALL` subqueries ([`crate::TypedExpr::any`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl From<Cmp> for crate::expr::BinaryOp {
    fn from(c: Cmp) -> Self {
        use crate::expr::BinaryOp as B;
        match c {
            Cmp::Eq => B::Eq,
            Cmp::Ne => B::NotEq,
            Cmp::Lt => B::Lt,
            Cmp::Le => B::LtEq,
            Cmp::Gt => B::Gt,
            Cmp::Ge => B::GtEq,
        }
    }
}

/// A searched CASE being built (`CASE WHEN cond THEN … END`), its results so far of type
/// `T`; see [`case_when`].
#[derive(Debug, Clone, PartialEq)]
pub struct TypedCase<T> {
    case: Case,
    _t: PhantomData<fn() -> T>,
}

/// `CASE WHEN cond THEN then …`: the first branch decides the result's base type.
pub fn case_when<C: Operand<bool>, R: CaseResult>(cond: C, then: R) -> TypedCase<R::Sql> {
    TypedCase {
        case: Case::new().when(cond.into_operand(), then.into_result()),
        _t: PhantomData,
    }
}

impl<T: SqlValue> TypedCase<T> {
    /// Another `WHEN cond THEN then`, of the same base type (or a numeric one that
    /// promotes with it).
    pub fn when<C: Operand<bool>, R: Operand<T::Base>>(
        self,
        cond: C,
        then: R,
    ) -> TypedCase<BranchSql<T, R>>
    where
        T::Base: Promote<OperandBase<R, T::Base>>,
    {
        TypedCase {
            case: self.case.when(cond.into_operand(), then.into_operand()),
            _t: PhantomData,
        }
    }
    /// `ELSE e END`: the finished CASE.
    pub fn otherwise<R: Operand<T::Base>>(self, e: R) -> WithBranch<T, R>
    where
        T::Base: Promote<OperandBase<R, T::Base>>,
    {
        Typed::assume(self.case.otherwise(e.into_operand()).into())
    }
    /// `END` without ELSE: NULL when no branch matches, so the result is nullable.
    pub fn end(self) -> Typed<Option<T::Base>> {
        Typed::assume(self.case.into())
    }
}

/// A simple CASE on an operand of base type `O` (`CASE x WHEN v THEN …`) before its
/// first branch; see [`case_on`].
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOn<O> {
    operand: Expr,
    _o: PhantomData<fn() -> O>,
}

/// A simple CASE being built, on an operand of base type `O`, its results so far of
/// type `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedSimpleCase<O, T> {
    case: Case,
    _t: PhantomData<fn() -> (O, T)>,
}

/// `CASE operand WHEN value THEN …`: each WHEN value is of the operand's type.
pub fn case_on<E: crate::typed::TypedExpr>(operand: E) -> CaseOn<<E::Sql as SqlValue>::Base> {
    CaseOn {
        operand: operand.into(),
        _o: PhantomData,
    }
}

impl<O: BaseType> CaseOn<O> {
    /// The first `WHEN value THEN then`: it decides the result's base type.
    pub fn when<V: Operand<O>, R: CaseResult>(
        self,
        value: V,
        then: R,
    ) -> TypedSimpleCase<O, R::Sql> {
        TypedSimpleCase {
            case: Case::on(self.operand).when(value.into_operand(), then.into_result()),
            _t: PhantomData,
        }
    }
}

impl<O: BaseType, T: SqlValue> TypedSimpleCase<O, T> {
    /// Another `WHEN value THEN then`.
    pub fn when<V: Operand<O>, R: Operand<T::Base>>(
        self,
        value: V,
        then: R,
    ) -> TypedSimpleCase<O, BranchSql<T, R>>
    where
        T::Base: Promote<OperandBase<R, T::Base>>,
    {
        TypedSimpleCase {
            case: self.case.when(value.into_operand(), then.into_operand()),
            _t: PhantomData,
        }
    }
    /// `ELSE e END`: the finished CASE.
    pub fn otherwise<R: Operand<T::Base>>(self, e: R) -> WithBranch<T, R>
    where
        T::Base: Promote<OperandBase<R, T::Base>>,
    {
        Typed::assume(self.case.otherwise(e.into_operand()).into())
    }
    /// `END` without ELSE: nullable.
    pub fn end(self) -> Typed<Option<T::Base>> {
        Typed::assume(self.case.into())
    }
}

/// `EXISTS (query)`, typed.
pub fn exists(query: impl Into<Query>) -> Typed<bool> {
    Typed::assume(Expr::exists(query))
}

/// `NOT EXISTS (query)`, typed.
pub fn not_exists(query: impl Into<Query>) -> Typed<bool> {
    Typed::assume(Expr::not_exists(query))
}

/// A typed row value `(a, b, …)` whose elements have the base types `B` (a tuple):
/// compared with another row of the same types, or tested against a subquery of as
/// many columns ([`row`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RowValue<B> {
    items: Vec<Expr>,
    _b: PhantomData<fn() -> B>,
}

/// A tuple of typed expressions usable as a row value.
pub trait IntoRowValue {
    /// The tuple of base types.
    type Bases;
    /// The expressions.
    fn into_exprs(self) -> Vec<Expr>;
}

/// A tuple of operands matching a row of base types `B`.
pub trait RowOperand<B> {
    /// The expressions.
    fn into_exprs(self) -> Vec<Expr>;
}

/// A typed select whose row matches a row value of base types `B`.
pub trait RowQuery<B> {
    /// The query.
    fn into_query(self) -> Query;
}

macro_rules! row_values {
    ($(($e:ident $b:ident $r:ident)),+) => {
        impl<$($e: crate::typed::TypedExpr),+> IntoRowValue for ($($e,)+) {
            type Bases = ($(<$e::Sql as SqlValue>::Base,)+);
            #[allow(non_snake_case)]
            fn into_exprs(self) -> Vec<Expr> {
                let ($($e,)+) = self;
                vec![$($e.into()),+]
            }
        }
        impl<$($b: BaseType,)+ $($r: Operand<$b>),+> RowOperand<($($b,)+)> for ($($r,)+) {
            #[allow(non_snake_case)]
            fn into_exprs(self) -> Vec<Expr> {
                let ($($r,)+) = self;
                vec![$($r.into_operand()),+]
            }
        }
        impl<$($b: BaseType,)+ $($r: SqlValue),+> RowQuery<($($b,)+)>
            for crate::typed_select::TypedSelect<($($r,)+)>
        where
            $($r::Base: Promote<$b>,)+
        {
            fn into_query(self) -> Query {
                self.into()
            }
        }
    };
}
row_values!((E1 B1 R1), (E2 B2 R2));
row_values!((E1 B1 R1), (E2 B2 R2), (E3 B3 R3));
row_values!((E1 B1 R1), (E2 B2 R2), (E3 B3 R3), (E4 B4 R4));
row_values!((E1 B1 R1), (E2 B2 R2), (E3 B3 R3), (E4 B4 R4), (E5 B5 R5));
row_values!((E1 B1 R1), (E2 B2 R2), (E3 B3 R3), (E4 B4 R4), (E5 B5 R5), (E6 B6 R6));

/// A typed row value `(a, b, …)` of 2 to 6 typed expressions.
///
/// ```
/// use sqlweave::{Ansi, TypedExpr, row, select, table};
/// table! { pub struct Prices("prices") { sku: String, region: String, amount: f64 } }
/// table! { pub struct Promo("promo") { sku: String, region: String } }
/// let (p, q) = (Prices::new(), Promo::new());
/// let on_promo = row((p.sku, p.region)).in_subquery(select((q.sku, q.region)).from(q));
/// let e = row((p.sku, p.region)).eq(("A-1", "eu"));
/// assert_eq!(sqlweave::render::render_expr(&Ansi, &on_promo.into()).unwrap().sql,
///     r#"("prices"."sku", "prices"."region") IN (SELECT "promo"."sku", "promo"."region" FROM "promo")"#);
/// assert_eq!(sqlweave::render::render_expr(&Ansi, &e.into()).unwrap().sql,
///     r#"("prices"."sku", "prices"."region") = (?, ?)"#);
/// ```
///
/// ```compile_fail
/// use sqlweave::{TypedExpr, row, select, table};
/// table! { pub struct Prices("prices") { sku: String, region: String, amount: f64 } }
/// let p = Prices::new();
/// // The subquery's columns are (String, f64), the row's (String, String).
/// let _ = row((p.sku, p.region)).in_subquery(select((p.sku, p.amount)).from(p));
/// ```
pub fn row<L: IntoRowValue>(items: L) -> RowValue<L::Bases> {
    RowValue {
        items: items.into_exprs(),
        _b: PhantomData,
    }
}

impl<B> RowValue<B> {
    fn tuple(self) -> Expr {
        Expr::Tuple(self.items.into())
    }
    /// `(a, b) = (x, y)`
    pub fn eq(self, other: impl RowOperand<B>) -> Typed<bool> {
        Typed::assume(self.tuple().eq(Expr::Tuple(other.into_exprs().into())))
    }
    /// `(a, b) <> (x, y)`
    pub fn ne(self, other: impl RowOperand<B>) -> Typed<bool> {
        Typed::assume(self.tuple().ne(Expr::Tuple(other.into_exprs().into())))
    }
    /// `(a, b) IN (SELECT x, y …)`: the subquery's columns match the row's types.
    pub fn in_subquery(self, query: impl RowQuery<B>) -> Typed<bool> {
        Typed::assume(self.tuple().in_query(query.into_query()))
    }
    /// `(a, b) NOT IN (SELECT x, y …)`
    pub fn not_in_subquery(self, query: impl RowQuery<B>) -> Typed<bool> {
        Typed::assume(self.tuple().not_in_query(query.into_query()))
    }
}
