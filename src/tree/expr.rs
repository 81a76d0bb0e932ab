//! The untyped expression tree.
//!
//! [`Expr`] is plain data: an owned enum with boxed children that code built on top can
//! walk, compare, clone and rewrite. The typed layer ([`crate::Typed`], [`crate::Column`])
//! wraps it; dynamic code uses it directly.

use crate::ident::Ident;
use crate::query::Query;
use crate::value::Value;

use std::borrow::Cow;

mod boxed;
mod custom;
pub use boxed::{
    BinaryBox, BinaryExpr, CompoundBox, CustomBox, DEBUG_DEPTH, DeleteBox, ExprBox, ExprList,
    FuncBox, InsertBox, QueryBox, SelectBox, UpdateBox, WhenList,
};
pub use custom::{ATOM_PRECEDENCE, Custom, CustomExpr, DynCustom, SqlWriter};

/// The deepest nesting of expressions and subqueries the renderer accepts. Deeper trees
/// are an [`Error::TooDeep`](crate::Error::TooDeep), never a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// A column reference, optionally qualified by a table name or alias (and a schema).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    /// Schema of the qualifying table, when the table is schema-qualified and not aliased.
    pub schema: Option<Ident>,
    /// The table name or alias that qualifies the column.
    pub table: Option<Ident>,
    /// The column name.
    pub name: Ident,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BinaryOp {
    /// `=`
    Eq,
    /// `<>`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%` (MOD)
    Mod,
    /// Integer division, the same on every database: the quotient truncated toward
    /// zero, as a 64-bit integer, NULL when dividing by zero (see [`Expr::int_div`]).
    IntDiv,
    /// True division, the same on every database: the quotient as a double, NULL when
    /// dividing by zero (see [`Expr::true_div`]).
    TrueDiv,
    /// String concatenation: `||`, or `CONCAT(a, b)` on MySQL.
    Concat,
}

impl BinaryOp {
    /// `true` for the six comparison operators.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq
                | BinaryOp::NotEq
                | BinaryOp::Lt
                | BinaryOp::LtEq
                | BinaryOp::Gt
                | BinaryOp::GtEq
        )
    }
}

/// Parts of a date or timestamp that [`Func::Extract`] reads. Always an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// The year.
    Year,
    /// The month, 1–12.
    Month,
    /// The day of the month, 1–31.
    Day,
    /// The hour, 0–23.
    Hour,
    /// The minute, 0–59.
    Minute,
    /// The whole seconds, 0–59.
    Second,
}

/// Statistical and boolean aggregates ([`Func::Aggregate`]), each written only where it
/// gives the same answer: see [`crate::func::AggregateFunctions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AggregateFn {
    /// Sample standard deviation, over doubles (needs [`crate::Feature::StatisticalAggregates`]).
    StddevSamp,
    /// Population standard deviation, over doubles.
    StddevPop,
    /// Sample variance, over doubles.
    VarSamp,
    /// Population variance, over doubles.
    VarPop,
    /// True when every non-NULL value is true (`BOOL_AND`; `MIN` where booleans are
    /// 0 and 1: [`crate::Feature::BoolAggregatesAsMinMax`]).
    BoolAnd,
    /// True when any non-NULL value is true (`BOOL_OR`; `MAX` where booleans are 0 and 1).
    BoolOr,
    /// The mean of decimals rounded half away from zero to 15 significant digits, the
    /// same on every database (see [`crate::TypedExpr::avg`]); `AVG(x)` on a dialect
    /// sqlweave does not know.
    DecimalAvg,
}

/// A function: one of the catalogue, rendered per dialect, or a validated name.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Func {
    /// `COUNT(x)`, or `COUNT(*)` with no argument.
    Count,
    /// `SUM(x)`
    Sum,
    /// `AVG(x)`, as the database types it ([`crate::func::avg`] builds it over doubles,
    /// the one answer every database gives alike).
    Avg,
    /// `MIN(x)`
    Min,
    /// `MAX(x)`
    Max,
    /// `LOWER(x)`
    Lower,
    /// `UPPER(x)`
    Upper,
    /// Length in characters (`CHAR_LENGTH` on MySQL, whose `LENGTH` counts bytes).
    Length,
    /// `ABS(x)`
    Abs,
    /// `ROUND(x)` / `ROUND(x, digits)`: half away from zero on the decimal `x` spells, on
    /// PostgreSQL, SQLite, MySQL and MariaDB alike (written as the typed
    /// [`MathFunctions::round_to`](crate::func::MathFunctions::round_to) is; see
    /// [`crate::func::round`]).
    Round,
    /// `COALESCE(a, b, …)`
    Coalesce,
    /// `NULLIF(a, b)`
    NullIf,
    /// `GREATEST(a, b, …)` (multi-argument `max` on SQLite), ignoring NULL arguments on
    /// PostgreSQL, SQLite, MySQL and MariaDB alike: NULL only when all are (see
    /// [`crate::func::greatest`]).
    Greatest,
    /// `LEAST(a, b, …)` (multi-argument `min` on SQLite); NULLs as for [`Func::Greatest`].
    Least,
    /// `CURRENT_TIMESTAMP`
    CurrentTimestamp,
    /// `CURRENT_DATE`
    CurrentDate,
    /// An integer part of a date or timestamp.
    Extract(DatePart),
    /// Ordered string aggregation: `string_agg` / `group_concat`. Arguments: value, separator.
    StringAgg,
    /// A statistical or boolean aggregate of the catalogue (`STDDEV_SAMP`, `BOOL_AND` …):
    /// see [`AggregateFn`].
    Aggregate(AggregateFn),
    /// `PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY x)` (PostgreSQL's ordered-set
    /// aggregate). Arguments: fraction, x.
    PercentileCont,
    /// `PERCENTILE_DISC(fraction) WITHIN GROUP (ORDER BY x)`. Arguments: fraction, x.
    PercentileDisc,
    /// `ROW_NUMBER()` (window)
    RowNumber,
    /// `RANK()` (window)
    Rank,
    /// `DENSE_RANK()` (window)
    DenseRank,
    /// `NTILE(n)` (window)
    Ntile(u64),
    /// `LAG(x, offset[, default])` (window). The offset is part of the statement's shape.
    Lag(u64),
    /// `LEAD(x, offset[, default])` (window).
    Lead(u64),
    /// `FIRST_VALUE(x)` (window)
    FirstValue,
    /// `LAST_VALUE(x)` (window)
    LastValue,
    /// Any other function, by name. The name must be a plain SQL name (letters, digits,
    /// `_`, optionally `schema.name`); it is checked at render time, never pasted blindly.
    Named(Ident),
}

impl Func {
    /// `true` for the functions that exist only as window functions (`ROW_NUMBER`,
    /// `RANK`, `DENSE_RANK`, `NTILE`, `LAG`, `LEAD`, `FIRST_VALUE`, `LAST_VALUE`): they
    /// need `OVER (…)`.
    ///
    /// ```
    /// use sqlweave::expr::Func;
    /// assert!(Func::RowNumber.is_window_only());
    /// assert!(!Func::Sum.is_window_only());
    /// ```
    pub fn is_window_only(&self) -> bool {
        matches!(
            self,
            Func::RowNumber
                | Func::Rank
                | Func::DenseRank
                | Func::Ntile(_)
                | Func::Lag(_)
                | Func::Lead(_)
                | Func::FirstValue
                | Func::LastValue
        )
    }

    /// Whether this is one of the catalogue's aggregate functions (`COUNT`, `SUM`, `AVG`,
    /// `MIN`, `MAX`, string aggregation, the statistical and boolean aggregates,
    /// percentiles). A call of one is an aggregate unless it has an
    /// `OVER (…)` window; a function named with [`Func::Named`] is never counted, as its
    /// kind is unknown.
    ///
    /// ```
    /// use sqlweave::expr::Func;
    /// assert!(Func::Sum.is_aggregate());
    /// assert!(!Func::RowNumber.is_aggregate());
    /// assert!(!Func::Named("array_agg".into()).is_aggregate());
    /// ```
    pub fn is_aggregate(&self) -> bool {
        match self {
            Func::Count
            | Func::Sum
            | Func::Avg
            | Func::Min
            | Func::Max
            | Func::StringAgg
            | Func::Aggregate(_)
            | Func::PercentileCont
            | Func::PercentileDisc => true,
            Func::Lower
            | Func::Upper
            | Func::Length
            | Func::Abs
            | Func::Round
            | Func::Coalesce
            | Func::NullIf
            | Func::Greatest
            | Func::Least
            | Func::CurrentTimestamp
            | Func::CurrentDate
            | Func::Extract(_)
            | Func::RowNumber
            | Func::Rank
            | Func::DenseRank
            | Func::Ntile(_)
            | Func::Lag(_)
            | Func::Lead(_)
            | Func::FirstValue
            | Func::LastValue
            | Func::Named(_) => false,
        }
    }
}

/// A function call, with aggregate and window modifiers.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncCall {
    /// The function.
    pub func: Func,
    /// Its arguments.
    pub args: Vec<Expr>,
    /// `DISTINCT` inside an aggregate.
    pub distinct: bool,
    /// `FILTER (WHERE …)` on an aggregate (emulated with CASE where absent).
    pub filter: Option<Expr>,
    /// `ORDER BY` inside an aggregate (string aggregation).
    pub order_by: Vec<OrderBy>,
    /// `OVER (…)`: makes the call a window function.
    pub over: Option<Window>,
}

/// Sort direction and NULL placement of one ORDER BY item.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    /// What to sort by.
    pub expr: Expr,
    /// `DESC` when true.
    pub desc: bool,
    /// `NULLS FIRST` / `NULLS LAST` (emulated where absent).
    pub nulls: Option<Nulls>,
}

impl OrderBy {
    /// Ascending order by `expr`.
    pub fn asc(expr: impl Into<Expr>) -> Self {
        OrderBy {
            expr: expr.into(),
            desc: false,
            nulls: None,
        }
    }
    /// Descending order by `expr`.
    pub fn desc(expr: impl Into<Expr>) -> Self {
        OrderBy {
            expr: expr.into(),
            desc: true,
            nulls: None,
        }
    }
    /// NULLs sort first.
    pub fn nulls_first(mut self) -> Self {
        self.nulls = Some(Nulls::First);
        self
    }
    /// NULLs sort last.
    pub fn nulls_last(mut self) -> Self {
        self.nulls = Some(Nulls::Last);
        self
    }
}

impl<T: Into<Expr>> From<T> for OrderBy {
    fn from(e: T) -> Self {
        OrderBy::asc(e)
    }
}

/// Where NULLs sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nulls {
    /// Before all other values.
    First,
    /// After all other values.
    Last,
}

/// An `OVER (…)` window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Window {
    /// The named window (`WINDOW w AS (…)` of the SELECT, see
    /// [`Select::window`](crate::Select::window)) this one is, or refines: `OVER w`, or
    /// `OVER (w ORDER BY … ROWS …)` when it adds an ORDER BY (if `w` has none) or a frame.
    pub base: Option<crate::ident::Ident>,
    /// `PARTITION BY`
    pub partition_by: Vec<Expr>,
    /// `ORDER BY`
    pub order_by: Vec<OrderBy>,
    /// `ROWS` / `RANGE` frame.
    pub frame: Option<Frame>,
}

impl Window {
    /// An empty window: `OVER ()`.
    pub fn new() -> Self {
        Self::default()
    }
    /// The window named `name` in the SELECT's WINDOW clause: `OVER name`, or
    /// `OVER (name …)` with an ORDER BY or a frame added (see
    /// [`Select::window`](crate::Select::window)).
    pub fn named(name: impl Into<crate::ident::Ident>) -> Self {
        Window {
            base: Some(name.into()),
            ..Self::default()
        }
    }
    /// Adds `PARTITION BY` expressions: an array, a `Vec`, or a tuple of mixed types.
    pub fn partition_by(mut self, exprs: impl crate::select_list::ExprList) -> Self {
        exprs.push_exprs(&mut self.partition_by);
        self
    }
    /// Adds an `ORDER BY` item.
    pub fn order_by(mut self, item: impl Into<OrderBy>) -> Self {
        self.order_by.push(item.into());
        self
    }
    /// Sets a `ROWS BETWEEN start AND end` frame.
    pub fn rows(mut self, start: FrameBound, end: FrameBound) -> Self {
        self.frame = Some(Frame {
            units: FrameUnits::Rows,
            start,
            end: Some(end),
        });
        self
    }
    /// Sets a `RANGE BETWEEN start AND end` frame.
    pub fn range(mut self, start: FrameBound, end: FrameBound) -> Self {
        self.frame = Some(Frame {
            units: FrameUnits::Range,
            start,
            end: Some(end),
        });
        self
    }
}

/// A window frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// `ROWS` or `RANGE`.
    pub units: FrameUnits,
    /// The start bound.
    pub start: FrameBound,
    /// The end bound (`BETWEEN start AND end`), or only a start.
    pub end: Option<FrameBound>,
}

/// Frame units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameUnits {
    /// `ROWS`
    Rows,
    /// `RANGE`
    Range,
}

/// A frame bound. Offsets are part of the statement's shape, rendered as integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameBound {
    /// `UNBOUNDED PRECEDING`
    UnboundedPreceding,
    /// `n PRECEDING`
    Preceding(u64),
    /// `CURRENT ROW`
    CurrentRow,
    /// `n FOLLOWING`
    Following(u64),
    /// `UNBOUNDED FOLLOWING`
    UnboundedFollowing,
}

/// Types that `CAST` can target, named per dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SqlType {
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
    /// Exact decimal with optional precision and scale.
    Numeric(Option<(u8, u8)>),
    /// Unbounded text.
    Text,
    /// Text of at most `n` characters.
    Varchar(u32),
    /// Bytes.
    Bytes,
    /// Boolean.
    Boolean,
    /// Date.
    Date,
    /// Time of day.
    Time,
    /// Timestamp without time zone.
    Timestamp,
    /// Timestamp with time zone.
    TimestampTz,
    /// UUID.
    Uuid,
    /// JSON.
    Json,
}

/// A named bind parameter: its name and, where declared, the type of value it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedParam {
    /// The name values are supplied under.
    pub name: Ident,
    /// The declared type; `None` takes any value.
    pub ty: Option<SqlType>,
    /// Whether NULL may be bound (always true when `ty` is `None`).
    pub nullable: bool,
}

/// A raw SQL fragment with its own bind parameters.
///
/// `?` in the text marks a parameter (write `??` for a literal question mark); the
/// renderer replaces each with the dialect's placeholder. The text itself is pasted as
/// is: never build it from user input.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSql {
    /// The SQL text.
    pub sql: String,
    /// One value per `?` in `sql`.
    pub params: Vec<Value>,
}

/// An SQL expression.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// A column.
    Column(ColumnRef),
    /// A value, always sent as a bind parameter.
    Value(Value),
    /// A named bind parameter, supplied when the statement runs; may appear many times.
    Param(NamedParam),
    /// `TRUE`
    True,
    /// `FALSE`
    False,
    /// A raw SQL fragment.
    Raw(Box<RawSql>),
    /// Unary minus.
    Neg(ExprBox),
    /// `NOT`
    Not(ExprBox),
    /// A binary operation: both operands in one allocation.
    Binary(BinaryBox),
    /// Conjunction; empty is `TRUE`.
    And(ExprList),
    /// Disjunction; empty is `FALSE`.
    Or(ExprList),
    /// `IS [NOT] NULL`
    IsNull {
        /// The tested expression.
        expr: ExprBox,
        /// `IS NOT NULL` when true.
        negated: bool,
    },
    /// `IS [NOT] DISTINCT FROM` (`IS NOT` / `IS` on SQLite, `<=>` on MySQL).
    IsDistinctFrom {
        /// Left side.
        left: ExprBox,
        /// Right side.
        right: ExprBox,
        /// `IS NOT DISTINCT FROM` when true.
        negated: bool,
    },
    /// `[NOT] LIKE` / `ILIKE` with an optional `ESCAPE` character.
    Like {
        /// The tested expression.
        expr: ExprBox,
        /// The pattern.
        pattern: ExprBox,
        /// The escape character.
        escape: Option<char>,
        /// `NOT LIKE` when true.
        negated: bool,
        /// `ILIKE` (emulated with `LOWER` where absent) when true.
        case_insensitive: bool,
    },
    /// `[NOT] IN (list)`. An empty list is always false (`NOT IN`: always true),
    /// whatever the tested value, NULL included.
    InList {
        /// The tested expression (a [`Expr::Tuple`] for row-value IN).
        expr: ExprBox,
        /// The candidates.
        list: ExprList,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// `[NOT] IN (subquery)`
    InQuery {
        /// The tested expression.
        expr: ExprBox,
        /// The subquery.
        query: QueryBox,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// `[NOT] BETWEEN low AND high`
    Between {
        /// The tested expression.
        expr: ExprBox,
        /// Lower bound (inclusive).
        low: ExprBox,
        /// Upper bound (inclusive).
        high: ExprBox,
        /// `NOT BETWEEN` when true.
        negated: bool,
    },
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`
    Case {
        /// The operand of a simple CASE.
        operand: Option<ExprBox>,
        /// `WHEN` / `THEN` pairs.
        whens: WhenList,
        /// `ELSE`
        else_: Option<ExprBox>,
    },
    /// `CAST(expr AS type)`
    Cast {
        /// The expression.
        expr: ExprBox,
        /// The target type.
        ty: SqlType,
    },
    /// A function call.
    Func(FuncBox),
    /// A row value `(a, b, …)`.
    Tuple(ExprList),
    /// A scalar subquery.
    Subquery(QueryBox),
    /// A column of the row proposed for insertion, in an upsert's update
    /// (see [`crate::dml::excluded`]).
    Excluded(Ident),
    /// `left op ANY (subquery)` / `left op ALL (subquery)`: a comparison with every
    /// row of a one-column subquery (a row value on the left for a several-column one).
    /// SQLite has no such form: `= ANY` is written `IN` and `<> ALL` `NOT IN` there (the
    /// standard defines them so), other operators are refused.
    Quantified {
        /// The left side.
        left: ExprBox,
        /// The comparison: `=`, `<>`, `<`, `<=`, `>`, `>=` (others are refused).
        op: BinaryOp,
        /// `ALL` when true, `ANY` when false.
        all: bool,
        /// The subquery.
        query: QueryBox,
    },
    /// `[NOT] EXISTS (subquery)`
    Exists {
        /// The subquery.
        query: QueryBox,
        /// `NOT EXISTS` when true.
        negated: bool,
    },
    /// A node of the user's own kind (see [`Custom`] and [`Expr::custom`]).
    Custom(CustomBox),
}

impl<T: Into<Value>> From<T> for Expr {
    fn from(v: T) -> Self {
        Expr::Value(v.into())
    }
}

fn b(e: impl Into<Expr>) -> ExprBox {
    ExprBox::new(e.into())
}

impl Expr {
    /// A value, sent as a bind parameter.
    pub fn value(v: impl Into<Value>) -> Expr {
        Expr::Value(v.into())
    }

    /// An unqualified column, by name known at run time.
    ///
    /// ```
    /// use sqlweave::{Expr, render::render_expr, Ansi};
    /// let e = Expr::column("price").gt(10);
    /// let r = render_expr(&Ansi, &e).unwrap();
    /// assert_eq!(r.sql, r#""price" > ?"#);
    /// ```
    pub fn column(name: impl Into<Ident>) -> Expr {
        Expr::Column(ColumnRef {
            schema: None,
            table: None,
            name: name.into(),
        })
    }

    /// A column qualified by a table name or alias.
    pub fn qualified(table: impl Into<Ident>, name: impl Into<Ident>) -> Expr {
        Expr::Column(ColumnRef {
            schema: None,
            table: Some(table.into()),
            name: name.into(),
        })
    }

    /// A named bind parameter, supplied when the statement runs. It takes a value of any
    /// type; [`Expr::param_typed`] (or the typed [`crate::param`]) declares one.
    pub fn param(name: impl Into<Ident>) -> Expr {
        Expr::Param(NamedParam {
            name: name.into(),
            ty: None,
            nullable: true,
        })
    }

    /// A named bind parameter of a declared type: binding a value of another type, or
    /// NULL when `nullable` is false, is an [`crate::Error::Bind`] before anything is sent.
    ///
    /// ```
    /// use sqlweave::{Ansi, Expr, SqlType, Value, render::render_expr};
    /// let e = Expr::column("id").eq(Expr::param_typed("id", SqlType::BigInt, false));
    /// let r = render_expr(&Ansi, &e).unwrap();
    /// assert_eq!(r.bind([("id", Value::I64(7))]).unwrap(), vec![Value::I64(7)]);
    /// assert!(r.bind([("id", Value::from("7"))]).is_err());
    /// assert!(r.bind([("id", Value::Null)]).is_err());
    /// ```
    pub fn param_typed(name: impl Into<Ident>, ty: SqlType, nullable: bool) -> Expr {
        Expr::Param(NamedParam {
            name: name.into(),
            ty: Some(ty),
            nullable,
        })
    }

    /// A raw SQL fragment: `?` marks each of `params` (`??` is a literal `?`).
    /// The text is pasted as is; never build it from user input.
    ///
    /// Where a dialect annotates parameters whose type the server cannot infer
    /// (PostgreSQL), a non-text value next to an arithmetic operator (`+ - * / % | & ^
    /// ~`) carries its type, as values of the tree do where no column gives them one:
    /// `? + ?` with `40, 2` runs rather than failing on `unknown + unknown`. Elsewhere —
    /// a function's argument, a comparison, LIMIT — the value stays bare and the server
    /// types it from its place (`repeat('ab', ?)` with an `i64` still finds
    /// `repeat(text, integer)`). Text is never annotated, so the server can read it as an
    /// enum label, a date, a `citext`…; write `CAST(? AS …)` where it cannot tell.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, Value};
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let q = Select::new()
    ///     .column(Expr::raw("? + ? || ?", [Value::I32(40), Value::I64(2), Value::from("!")]))
    ///     .column(Expr::raw("repeat('ab', ?)", [3_i64]));
    /// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT $1::int4 + $2::int8 || $3, repeat('ab', $4)");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql, "SELECT ? + ? || ?, repeat('ab', ?)");
    /// ```
    pub fn raw<I, V>(sql: impl Into<String>, params: I) -> Expr
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        Expr::Raw(Box::new(RawSql {
            sql: sql.into(),
            params: params.into_iter().map(Into::into).collect(),
        }))
    }

    /// `left op right`, as built by [`Expr::eq`], [`Expr::add`] and the other operator
    /// methods (which also turn `= NULL` into `IS NULL`; this does not).
    pub fn binary(left: impl Into<Expr>, op: BinaryOp, right: impl Into<Expr>) -> Expr {
        Expr::Binary(BinaryBox::new(BinaryExpr {
            left: left.into(),
            op,
            right: right.into(),
        }))
    }

    fn bin_op(self, op: BinaryOp, rhs: impl Into<Expr>) -> Expr {
        Expr::binary(self, op, rhs)
    }

    /// `self = rhs`; comparing with NULL gives `IS NULL`, never `= NULL`.
    pub fn eq(self, rhs: impl Into<Expr>) -> Expr {
        let rhs = rhs.into();
        if matches!(rhs, Expr::Value(Value::Null)) {
            return self.is_null();
        }
        self.bin_op(BinaryOp::Eq, rhs)
    }
    /// `self <> rhs`; comparing with NULL gives `IS NOT NULL`.
    pub fn ne(self, rhs: impl Into<Expr>) -> Expr {
        let rhs = rhs.into();
        if matches!(rhs, Expr::Value(Value::Null)) {
            return self.is_not_null();
        }
        self.bin_op(BinaryOp::NotEq, rhs)
    }
    /// `self < rhs`
    pub fn lt(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Lt, rhs)
    }
    /// `self <= rhs`
    pub fn le(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::LtEq, rhs)
    }
    /// `self > rhs`
    pub fn gt(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Gt, rhs)
    }
    /// `self >= rhs`
    pub fn ge(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::GtEq, rhs)
    }
    /// `self + rhs`
    pub fn add(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Add, rhs)
    }
    /// `self - rhs`
    pub fn sub(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Sub, rhs)
    }
    /// `self * rhs`
    pub fn mul(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Mul, rhs)
    }
    /// `self / rhs`, the database's own division, which differs between databases:
    /// integers divide to a truncated integer on SQLite and PostgreSQL (`7 / 2` is 3)
    /// and to a DECIMAL on MySQL and MariaDB (`3.5000`); dividing by zero is an error on
    /// PostgreSQL and NULL on the others. For the same answer everywhere use
    /// [`Expr::int_div`] or [`Expr::true_div`]; the typed `/` (`std::ops::Div` on typed
    /// columns and expressions) does so by itself for integers and floats, and divides
    /// decimals to 15 significant digits everywhere (see [`crate::typed::Quotient`]).
    pub fn div(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Div, rhs)
    }
    /// Integer division with the same answer on every database: the quotient truncated
    /// toward zero as a 64-bit integer (`7` and `-7` by `2` give `3` and `-3`), NULL when
    /// `rhs` is zero. For integer and exact decimal operands it is exact (PostgreSQL
    /// `DIV`, MySQL `DIV`); SQLite divides REAL operands as doubles before truncating.
    /// A dialect that does not say how ([`crate::dialect::IntDivStyle`]) refuses it.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, TableRef};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let t = TableRef::new("t");
    /// let q = Select::new().column(t.col("a").int_div(t.col("b"))).from(t);
    /// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT CAST(DIV("t"."a", NULLIF("t"."b", 0)) AS BIGINT) FROM "t""#);
    /// assert_eq!(q.render(&MySql::mysql8()).unwrap().sql, "SELECT `t`.`a` DIV NULLIF(`t`.`b`, 0) FROM `t`");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT CAST("t"."a" / NULLIF("t"."b", 0) AS INTEGER) FROM "t""#);
    /// ```
    pub fn int_div(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::IntDiv, rhs)
    }
    /// True division with the same answer on every database: both operands as doubles
    /// (`7` by `2` gives `3.5`), NULL when `rhs` is zero.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, TableRef};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let t = TableRef::new("t");
    /// let q = Select::new().column(t.col("a").true_div(t.col("b"))).from(t);
    /// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT CAST("t"."a" AS DOUBLE PRECISION) / NULLIF("t"."b", 0) FROM "t""#);
    /// assert_eq!(q.render(&MySql::mysql8()).unwrap().sql, "SELECT CAST(`t`.`a` AS DOUBLE) / NULLIF(`t`.`b`, 0) FROM `t`");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT CAST("t"."a" AS REAL) / NULLIF("t"."b", 0) FROM "t""#);
    /// ```
    pub fn true_div(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::TrueDiv, rhs)
    }
    /// The remainder `self % rhs`, written `self % NULLIF(rhs, 0)`: NULL when `rhs` is
    /// zero on every database, as [`Expr::int_div`] and [`Expr::true_div`] divide
    /// (PostgreSQL would raise an error, MariaDB too in strict mode inside INSERT and
    /// UPDATE). For integers the answer is the same everywhere: truncated division, so
    /// the sign follows the dividend (`-7 % 2` is `-1`, `7 % -2` is `1`). Each operand is
    /// written once.
    ///
    /// The untyped remainder does not know its operands' types, and for fractional
    /// numbers the databases differ: on floats SQLite truncates both operands to
    /// integers (`7.5 % 2` is `1.0`), MariaDB computes `fmod` (`1.5`) and PostgreSQL has
    /// no `%` for doubles (an error from the server); on decimals PostgreSQL and MariaDB
    /// are exact and SQLite, which holds them as doubles, truncates them too. The typed
    /// `%` (`std::ops::Rem` on typed columns and expressions) knows: it refuses these
    /// cases with [`Error::Unsupported`](crate::Error::Unsupported) before anything is
    /// sent.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, TableRef};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// let t = TableRef::new("t");
    /// let q = Select::new().column(t.col("a").rem(t.col("b"))).from(t);
    /// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT "t"."a" % NULLIF("t"."b", 0) FROM "t""#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT `t`.`a` % NULLIF(`t`.`b`, 0) FROM `t`");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT "t"."a" % NULLIF("t"."b", 0) FROM "t""#);
    /// ```
    ///
    /// Typed, with decimals and floats (`table!` columns):
    ///
    /// ```
    /// # #[cfg(feature = "decimal")] {
    /// use rust_decimal::Decimal;
    /// use sqlweave::{Error, Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { struct Lots("lots") { qty: i64, price: Decimal, weight: f64 } }
    /// let l = Lots::new();
    /// let q = Select::new().column(l.qty % 3_i64).column(l.price % Decimal::ONE).from(l);
    /// let pg = q.render(&Postgres).unwrap();
    /// assert_eq!(pg.sql, r#"SELECT "lots"."qty" % NULLIF($1::int8, 0), ("lots"."price" % NULLIF($2::numeric, 0)) FROM "lots""#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT `lots`.`qty` % NULLIF(?, 0), (`lots`.`price` % NULLIF(CAST(? AS DECIMAL(1, 0)), 0)) FROM `lots`");
    /// // SQLite would truncate 7.5 to 7: the decimal remainder is refused there.
    /// assert!(matches!(q.render(&Sqlite), Err(Error::Unsupported { .. })));
    /// let floats = Select::new().column(l.weight % 2.0_f64).from(l);
    /// assert_eq!(floats.render(&MySql::mariadb()).unwrap().sql, "SELECT (`lots`.`weight` % NULLIF(?, 0)) FROM `lots`");
    /// assert!(matches!(floats.render(&Postgres), Err(Error::Unsupported { .. })));
    /// assert!(matches!(floats.render(&Sqlite), Err(Error::Unsupported { .. })));
    /// # }
    /// ```
    pub fn rem(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Mod, rhs)
    }
    /// String concatenation (`||`, `CONCAT` on MySQL).
    pub fn concat(self, rhs: impl Into<Expr>) -> Expr {
        self.bin_op(BinaryOp::Concat, rhs)
    }
    /// Unary minus.
    pub fn neg(self) -> Expr {
        Expr::Neg(ExprBox::new(self))
    }
    /// `NOT self`
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Expr {
        Expr::Not(ExprBox::new(self))
    }
    /// `self AND rhs`, flattening nested conjunctions.
    pub fn and(self, rhs: impl Into<Expr>) -> Expr {
        let mut parts = match self {
            Expr::And(v) => v,
            e => {
                // Room for a few more: chains of `.and(…)` grow without reallocating.
                let mut v = Vec::with_capacity(4);
                v.push(e);
                ExprList::from(v)
            }
        };
        match rhs.into() {
            Expr::And(v) => parts.extend(v),
            e => parts.push(e),
        }
        Expr::And(parts)
    }
    /// `self OR rhs`, flattening nested disjunctions.
    pub fn or(self, rhs: impl Into<Expr>) -> Expr {
        let mut parts = match self {
            Expr::Or(v) => v,
            e => {
                // Room for a few more: chains of `.or(…)` grow without reallocating.
                let mut v = Vec::with_capacity(4);
                v.push(e);
                ExprList::from(v)
            }
        };
        match rhs.into() {
            Expr::Or(v) => parts.extend(v),
            e => parts.push(e),
        }
        Expr::Or(parts)
    }
    /// `self IS NULL`
    pub fn is_null(self) -> Expr {
        Expr::IsNull {
            expr: ExprBox::new(self),
            negated: false,
        }
    }
    /// `self IS NOT NULL`
    pub fn is_not_null(self) -> Expr {
        Expr::IsNull {
            expr: ExprBox::new(self),
            negated: true,
        }
    }
    /// `self IS DISTINCT FROM rhs` (NULL-safe inequality).
    pub fn is_distinct_from(self, rhs: impl Into<Expr>) -> Expr {
        Expr::IsDistinctFrom {
            left: ExprBox::new(self),
            right: b(rhs),
            negated: false,
        }
    }
    /// `self IS NOT DISTINCT FROM rhs` (NULL-safe equality).
    pub fn is_not_distinct_from(self, rhs: impl Into<Expr>) -> Expr {
        Expr::IsDistinctFrom {
            left: ExprBox::new(self),
            right: b(rhs),
            negated: true,
        }
    }
    fn like_impl(self, pattern: Expr, negated: bool, ci: bool) -> Expr {
        Expr::Like {
            expr: ExprBox::new(self),
            pattern: ExprBox::new(pattern),
            escape: None,
            negated,
            case_insensitive: ci,
        }
    }
    /// `self LIKE pattern`. Case sensitivity follows the database (SQLite and MySQL's
    /// default `_ci` collations fold ASCII case); use [`Expr::ilike`] to fold it everywhere.
    pub fn like(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), false, false)
    }
    /// `self NOT LIKE pattern`
    pub fn not_like(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), true, false)
    }
    /// Case-insensitive LIKE (`ILIKE`, or `LOWER(a) LIKE LOWER(b)` where absent). SQLite's
    /// `LOWER` folds ASCII only (`É` stays `É`); an escape character with case is refused
    /// there, as `LOWER` would change it.
    pub fn ilike(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), false, true)
    }
    /// Case-insensitive NOT LIKE.
    pub fn not_ilike(self, pattern: impl Into<Expr>) -> Expr {
        self.like_impl(pattern.into(), true, true)
    }
    /// Sets the `ESCAPE` character of a LIKE (no effect on other expressions).
    pub fn escape(mut self, c: char) -> Expr {
        if let Expr::Like { escape, .. } = &mut self {
            *escape = Some(c);
        }
        self
    }
    /// `self LIKE '%text%'` with `text` taken literally (its `%`, `_` and `!` escaped).
    pub fn contains(self, text: &str) -> Expr {
        self.like_literal("%", text, "%")
    }
    /// `self LIKE 'text%'` with `text` taken literally.
    pub fn starts_with(self, text: &str) -> Expr {
        self.like_literal("", text, "%")
    }
    /// `self LIKE '%text'` with `text` taken literally.
    pub fn ends_with(self, text: &str) -> Expr {
        self.like_literal("%", text, "")
    }
    fn like_literal(self, pre: &str, text: &str, post: &str) -> Expr {
        let mut p = String::with_capacity(text.len() + 2);
        p.push_str(pre);
        p.push_str(&escape_like(text, LIKE_ESCAPE));
        p.push_str(post);
        self.like(p).escape(LIKE_ESCAPE)
    }
    /// `self IN (list)`; an empty list is always false.
    pub fn in_list<I, E>(self, list: I) -> Expr
    where
        I: IntoIterator<Item = E>,
        E: Into<Expr>,
    {
        Expr::InList {
            expr: ExprBox::new(self),
            list: list.into_iter().map(Into::into).collect(),
            negated: false,
        }
    }
    /// `self NOT IN (list)`; an empty list is always true. As in SQL, a NULL among the
    /// candidates makes `NOT IN` unknown for every row that is not in the list.
    pub fn not_in_list<I, E>(self, list: I) -> Expr
    where
        I: IntoIterator<Item = E>,
        E: Into<Expr>,
    {
        Expr::InList {
            expr: ExprBox::new(self),
            list: list.into_iter().map(Into::into).collect(),
            negated: true,
        }
    }
    /// `self IN (subquery)`
    pub fn in_query(self, query: impl Into<Query>) -> Expr {
        Expr::InQuery {
            expr: ExprBox::new(self),
            query: QueryBox::new(query.into()),
            negated: false,
        }
    }
    /// `self NOT IN (subquery)`
    pub fn not_in_query(self, query: impl Into<Query>) -> Expr {
        Expr::InQuery {
            expr: ExprBox::new(self),
            query: QueryBox::new(query.into()),
            negated: true,
        }
    }
    /// `self BETWEEN low AND high`
    pub fn between(self, low: impl Into<Expr>, high: impl Into<Expr>) -> Expr {
        Expr::Between {
            expr: ExprBox::new(self),
            low: b(low),
            high: b(high),
            negated: false,
        }
    }
    /// `self NOT BETWEEN low AND high`
    pub fn not_between(self, low: impl Into<Expr>, high: impl Into<Expr>) -> Expr {
        Expr::Between {
            expr: ExprBox::new(self),
            low: b(low),
            high: b(high),
            negated: true,
        }
    }
    /// `CAST(self AS ty)`. Databases convert differently at the edges: a float cast to an
    /// integer truncates on SQLite and rounds on PostgreSQL and MySQL, and SQLite does not
    /// shorten text cast to `VARCHAR(n)`.
    pub fn cast(self, ty: SqlType) -> Expr {
        Expr::Cast {
            expr: ExprBox::new(self),
            ty,
        }
    }
    /// A row value `(a, b, …)`, for row-value IN and comparisons.
    pub fn tuple<I, E>(items: I) -> Expr
    where
        I: IntoIterator<Item = E>,
        E: Into<Expr>,
    {
        Expr::Tuple(items.into_iter().map(Into::into).collect())
    }
    /// A scalar subquery.
    pub fn subquery(query: impl Into<Query>) -> Expr {
        Expr::Subquery(QueryBox::new(query.into()))
    }
    /// `self op ANY (subquery)`: true when the comparison holds for some row.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, render::render_expr};
    /// use sqlweave::expr::BinaryOp;
    /// use sqlweave_postgres::Postgres;
    /// let q = Select::new().column(Expr::column("limit")).from(sqlweave::table("plans"));
    /// let e = Expr::column("amount").compare_any(BinaryOp::Gt, q);
    /// assert_eq!(render_expr(&Postgres, &e).unwrap().sql,
    ///     r#""amount" > ANY (SELECT "limit" FROM "plans")"#);
    /// ```
    pub fn compare_any(self, op: BinaryOp, query: impl Into<Query>) -> Expr {
        Expr::Quantified {
            left: ExprBox::new(self),
            op,
            all: false,
            query: QueryBox::new(query.into()),
        }
    }
    /// `self op ALL (subquery)`: true when the comparison holds for every row (and for
    /// no rows at all).
    pub fn compare_all(self, op: BinaryOp, query: impl Into<Query>) -> Expr {
        Expr::Quantified {
            left: ExprBox::new(self),
            op,
            all: true,
            query: QueryBox::new(query.into()),
        }
    }
    /// `EXISTS (subquery)`
    pub fn exists(query: impl Into<Query>) -> Expr {
        Expr::Exists {
            query: QueryBox::new(query.into()),
            negated: false,
        }
    }
    /// `NOT EXISTS (subquery)`
    pub fn not_exists(query: impl Into<Query>) -> Expr {
        Expr::Exists {
            query: QueryBox::new(query.into()),
            negated: true,
        }
    }
    /// Ascending ORDER BY item.
    pub fn asc(self) -> OrderBy {
        OrderBy::asc(self)
    }
    /// A select-list item `self AS label`.
    pub fn label(self, label: impl Into<Ident>) -> crate::query::SelectItem {
        crate::query::SelectItem::Expr {
            expr: self,
            alias: Some(label.into()),
        }
    }
    /// Descending ORDER BY item.
    pub fn desc(self) -> OrderBy {
        OrderBy::desc(self)
    }
    /// Adds `FILTER (WHERE cond)` to an aggregate call (no effect on other expressions).
    pub fn filter(mut self, cond: impl Into<Expr>) -> Expr {
        if let Expr::Func(f) = &mut self {
            f.filter = Some(cond.into());
        }
        self
    }
    /// Adds `OVER (window)`, making an aggregate or window function call a window call
    /// (no effect on other expressions).
    pub fn over(mut self, window: Window) -> Expr {
        if let Expr::Func(f) = &mut self {
            f.over = Some(window);
        }
        self
    }
    /// Adds an `ORDER BY` inside an aggregate call such as [`crate::func::string_agg`].
    pub fn agg_order_by(mut self, item: impl Into<OrderBy>) -> Expr {
        if let Expr::Func(f) = &mut self {
            f.order_by.push(item.into());
        }
        self
    }
}

/// The escape character the `contains` / `starts_with` / `ends_with` helpers use.
/// It is neither a quote nor a backslash, so it reads the same in every string mode.
pub const LIKE_ESCAPE: char = '!';

/// Escapes `%`, `_` and `escape` in `text` so that a LIKE with `ESCAPE escape` matches it literally.
pub fn escape_like(text: &str, escape: char) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '%' || c == '_' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out
}

/// ANDs `cond` into an optional condition (a WHERE or HAVING being built).
pub(crate) fn and_into(slot: &mut Option<Expr>, cond: Expr) {
    *slot = Some(match slot.take() {
        None => cond,
        Some(w) => w.and(cond),
    });
}

/// Conditions assembled at run time.
///
/// ```
/// use sqlweave::{Expr, all_of, any_of};
/// let none: Vec<Expr> = vec![];
/// assert_eq!(all_of(none.clone()), Expr::True);  // neutral element of AND
/// assert_eq!(any_of(none), Expr::False);          // neutral element of OR
/// let name: Option<&str> = None;
/// let filters = [Some(Expr::column("age").gt(18)), name.map(|n| Expr::column("name").eq(n))];
/// let cond = all_of(filters.into_iter().flatten());
/// assert_eq!(cond, Expr::column("age").gt(18));
/// ```
pub fn all_of<I, E>(conds: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    let mut parts: Vec<Expr> = Vec::new();
    for c in conds {
        match c.into() {
            Expr::And(v) => parts.extend(v),
            Expr::True => {}
            e => parts.push(e),
        }
    }
    match parts.len() {
        0 => Expr::True,
        1 => parts.pop().unwrap_or(Expr::True),
        _ => Expr::And(parts.into()),
    }
}

/// Disjunction of conditions assembled at run time; empty is `FALSE`. See [`all_of`].
pub fn any_of<I, E>(conds: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    let mut parts: Vec<Expr> = Vec::new();
    for c in conds {
        match c.into() {
            Expr::Or(v) => parts.extend(v),
            Expr::False => {}
            e => parts.push(e),
        }
    }
    match parts.len() {
        0 => Expr::False,
        1 => parts.pop().unwrap_or(Expr::False),
        _ => Expr::Or(parts.into()),
    }
}

/// A searched or simple CASE under construction.
///
/// ```
/// use sqlweave::{Expr, Case};
/// let e: Expr = Case::new().when(Expr::column("qty").gt(10), "bulk").otherwise("single").into();
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Case {
    operand: Option<ExprBox>,
    whens: Vec<(Expr, Expr)>,
    else_: Option<ExprBox>,
}

impl Case {
    /// A searched CASE: `CASE WHEN cond THEN …`.
    pub fn new() -> Self {
        Self::default()
    }
    /// A simple CASE: `CASE operand WHEN value THEN …`.
    pub fn on(operand: impl Into<Expr>) -> Self {
        Case {
            operand: Some(b(operand)),
            ..Self::default()
        }
    }
    /// Adds a `WHEN … THEN …` branch.
    pub fn when(mut self, when: impl Into<Expr>, then: impl Into<Expr>) -> Self {
        self.whens.push((when.into(), then.into()));
        self
    }
    /// Sets the `ELSE` branch.
    pub fn otherwise(mut self, e: impl Into<Expr>) -> Self {
        self.else_ = Some(b(e));
        self
    }
}

impl From<Case> for Expr {
    fn from(c: Case) -> Expr {
        Expr::Case {
            operand: c.operand,
            whens: c.whens.into(),
            else_: c.else_,
        }
    }
}

/// Standard SQL type names.
pub fn ansi_type_name(ty: SqlType) -> Cow<'static, str> {
    Cow::Borrowed(match ty {
        SqlType::SmallInt => "SMALLINT",
        SqlType::Integer => "INTEGER",
        SqlType::BigInt => "BIGINT",
        SqlType::Real => "REAL",
        SqlType::Double => "DOUBLE PRECISION",
        SqlType::Numeric(Some((p, s))) => return Cow::Owned(format!("NUMERIC({p}, {s})")),
        SqlType::Numeric(None) => "NUMERIC",
        SqlType::Text => "TEXT",
        SqlType::Varchar(n) => return Cow::Owned(format!("VARCHAR({n})")),
        SqlType::Bytes => "BLOB",
        SqlType::Boolean => "BOOLEAN",
        SqlType::Date => "DATE",
        SqlType::Time => "TIME",
        SqlType::Timestamp => "TIMESTAMP",
        SqlType::TimestampTz => "TIMESTAMP WITH TIME ZONE",
        SqlType::Uuid => "UUID",
        SqlType::Json => "JSON",
    })
}
