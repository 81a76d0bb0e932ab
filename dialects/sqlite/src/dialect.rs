//! SQLite's dialect rules (for the bundled SQLite 3.4x of rusqlite).

use std::borrow::Cow;

use sqlweave::dialect::{
    DatePartStyle, DistinctFromStyle, LargeInStyle, OffsetStyle, RowInStyle, StringAggStyle,
    ValuesStyle,
};
use sqlweave::{Dialect, Feature, Result, SqlType, Value};

/// The SQLite dialect: `"` quoting, `?` placeholders.
///
/// ```
/// use sqlweave::{Select, Expr, TableRef};
/// use sqlweave_sqlite::Sqlite;
/// let t = TableRef::new("t");
/// let q = Select::new().column(t.col("a")).from(t.clone()).order_by(t.col("a").desc().nulls_last()).offset(5);
/// let r = q.render(&Sqlite).unwrap();
/// assert_eq!(r.sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."a" DESC NULLS LAST LIMIT -1 OFFSET ?"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sqlite;

/// SQLITE_MAX_VARIABLE_NUMBER of the bundled build (the default since SQLite 3.32).
pub const MAX_PARAMS: usize = 32_766;

impl Dialect for Sqlite {
    fn accepts_plain_identifiers(&self) -> bool {
        true
    }
    fn name(&self) -> &'static str {
        "SQLite"
    }
    fn max_params(&self) -> usize {
        MAX_PARAMS
    }
    fn supports(&self, feature: Feature) -> bool {
        use Feature::*;
        matches!(
            feature,
            RightJoin
                | NamedWindows
                | FullJoin
                | NullsOrdering
                | AggregateFilter
                | IntersectExcept
                | CteMaterialized
                | LagLeadDefault
                | ReturningInsert
                | ReturningUpdate
                | ReturningDelete
                | UpdateFrom
                | UpsertWhere
                | LimitInInSubquery
                | DeleteAlias
                | AggregateOrderBy
                | WindowStringAgg
                | Upsert
                | StringAgg
                | BoolAggregatesAsMinMax
        )
    }
    fn distinct_from_style(&self) -> DistinctFromStyle {
        DistinctFromStyle::Is
    }
    fn string_agg_style(&self) -> StringAggStyle {
        StringAggStyle::GroupConcatArgs
    }
    fn date_part_style(&self) -> DatePartStyle {
        DatePartStyle::Strftime
    }
    fn offset_style(&self) -> OffsetStyle {
        OffsetStyle::LimitMinusOne
    }
    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::SelectUnionAll
    }
    fn row_in_style(&self) -> RowInStyle {
        RowInStyle::Values
    }
    fn char_length_function(&self) -> &'static str {
        "LENGTH"
    }
    fn int_div_style(&self) -> sqlweave::dialect::IntDivStyle {
        sqlweave::dialect::IntDivStyle::CastQuotient
    }
    /// Long lists as one JSON parameter read by `json_each` (floats only within the
    /// magnitudes SQLite's reader reads back exactly).
    fn explain_style(&self) -> sqlweave::dialect::ExplainStyle {
        sqlweave::dialect::ExplainStyle::QueryPlan
    }
    fn large_in_style(&self) -> LargeInStyle {
        LargeInStyle::JsonEach
    }
    /// SQLite has five storage classes; types map onto their affinities. Dates and
    /// times are ISO-8601 text, UUIDs text, JSON text.
    fn cast_type(&self, ty: SqlType) -> Result<Cow<'static, str>> {
        Ok(Cow::Borrowed(match ty {
            SqlType::SmallInt | SqlType::Integer | SqlType::BigInt | SqlType::Boolean => "INTEGER",
            SqlType::Real | SqlType::Double => "REAL",
            SqlType::Numeric(_) => "NUMERIC",
            SqlType::Bytes => "BLOB",
            _ => "TEXT",
        }))
    }
    /// No `u64` past `i64::MAX`, no array parameters, no decimal a double cannot hold.
    fn check_value(&self, value: &Value) -> Result<()> {
        if bound_as_is(value) {
            return Ok(());
        }
        if let Value::Array(_) = value {
            return Err(self.unsupported("array parameters"));
        }
        value.check_fits_i64()?;
        self.bound_value(value).map(drop)
    }
    /// Decimals as the INTEGER or REAL SQLite stores (or an error where a double cannot
    /// hold every digit: see [`Value::decimal_as_number`]), `f32` as the double it is.
    fn bound_value<'v>(&self, value: &'v Value) -> Result<Cow<'v, Value>> {
        match value {
            Value::F32(f) => Ok(Cow::Owned(Value::F64(f64::from(*f)))),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => Value::decimal_as_number(d).map(Cow::Owned),
            _ => Ok(Cow::Borrowed(value)),
        }
    }

    // --- DDL hooks ---

    fn supports_ddl(&self, feature: sqlweave::ddl::DdlFeature) -> bool {
        use sqlweave::ddl::DdlFeature::*;
        // SQLite's ALTER TABLE adds, drops and renames columns and renames tables, one
        // operation per statement; it has no sequences and no DROP … CASCADE.
        matches!(
            feature,
            ForwardReferences
                | PartialIndexes
                | ExpressionIndexes
                | CreateIndexIfNotExists
                | DropIndexIfExists
                | CreateViewIfNotExists
                | StoredGeneratedColumns
                | VirtualGeneratedColumns
                | DeferrableConstraints
                | FkSetDefault
                | UnboundedKeys
                | ColumnReferences
                | NotNullGenerated
                | TransactionalDdl
        )
    }
    /// The canonical names of the storage classes, so that each column gets the
    /// affinity its type means (see [`sqlweave::ddl::ColumnType`]).
    fn ddl_type_name(&self, ty: &sqlweave::ddl::ColumnType) -> Result<Cow<'static, str>> {
        use sqlweave::ddl::ColumnType as T;
        Ok(Cow::Borrowed(match ty {
            T::SmallInt | T::Integer | T::BigInt | T::Boolean => "INTEGER",
            T::Real | T::Double => "REAL",
            T::Numeric(_) => "NUMERIC",
            T::Bytes => "BLOB",
            _ => "TEXT",
        }))
    }
    fn enum_style(&self) -> sqlweave::ddl::EnumStyle {
        sqlweave::ddl::EnumStyle::TextCheck
    }
    fn auto_increment_style(&self) -> sqlweave::ddl::AutoIncrementStyle {
        sqlweave::ddl::AutoIncrementStyle::PrimaryKeyAutoincrement
    }
    fn comment_style(&self) -> sqlweave::ddl::CommentStyle {
        sqlweave::ddl::CommentStyle::None
    }
    fn index_style(&self) -> sqlweave::ddl::IndexStyle {
        sqlweave::ddl::IndexStyle::SchemaOnIndex
    }
    /// Dates and times as the text the driver binds (`2024-01-15 10:30:00+00:00`), no
    /// type keywords; `TRUE` / `FALSE` are 1 / 0.
    fn literal_rules(&self) -> sqlweave::ddl::LiteralRules {
        sqlweave::ddl::LiteralRules {
            temporal_keywords: false,
            timestamptz_keyword: None,
            ..sqlweave::ddl::LiteralRules::STANDARD
        }
    }
    /// `DROP TABLE` deletes the rows first, checking foreign keys: deferred, tables that
    /// refer to each other can be dropped in one transaction.
    fn defer_foreign_keys_sql(&self) -> Option<&'static str> {
        Some("PRAGMA defer_foreign_keys = ON")
    }
}

/// The kinds of value SQLite stores as they are, with nothing to check: what
/// [`Sqlite::check_value`] and the driver's parameter check let through at once.
pub(crate) fn bound_as_is(value: &Value) -> bool {
    matches!(
        value,
        Value::Null
            | Value::Bool(_)
            | Value::I8(_)
            | Value::I16(_)
            | Value::I32(_)
            | Value::I64(_)
            | Value::Text(_)
            | Value::Bytes(_)
    )
}
