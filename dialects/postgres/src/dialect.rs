//! PostgreSQL's dialect rules.

use std::borrow::Cow;

use sqlweave::dialect::{DatePartStyle, LargeInStyle, ansi_type_name};
use sqlweave::{Dialect, Error, Feature, Result, SqlType, Value};

/// The PostgreSQL dialect: `"` quoting, `$n` placeholders.
///
/// ```
/// use sqlweave::{Select, Expr, TableRef};
/// use sqlweave_postgres::Postgres;
/// let t = TableRef::new("t");
/// let q = Select::new().column(t.col("a")).from(t.clone())
///     .filter(t.col("a").eq(Expr::param("x")).or(t.col("b").eq(Expr::param("x"))));
/// let r = q.render(&Postgres).unwrap();
/// assert_eq!(r.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = $1 OR "t"."b" = $1"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Postgres;

/// The most parameters one statement can carry: 65,535. The wire protocol counts them
/// in an unsigned 16-bit field, and `postgres-protocol` 0.6 writes that count as a `u16`
/// (`write_counted`); measured with postgres 0.19.14 against PostgreSQL 15: 65,535
/// parameters run, 65,536 fail in the client with "invalid message length".
pub const MAX_PARAMS: usize = u16::MAX as usize;

impl Dialect for Postgres {
    fn accepts_plain_identifiers(&self) -> bool {
        true
    }
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }
    fn write_placeholder(&self, out: &mut String, n: usize) {
        let digit = |d: usize| char::from(b'0' + (d % 10) as u8);
        out.push('$');
        // Up to five digits (the driver's limit is 65,535 parameters) without a loop:
        // the divisions by constants are multiplications.
        match n {
            0..=9 => out.push(digit(n)),
            10..=99 => {
                out.push(digit(n / 10));
                out.push(digit(n));
            }
            100..=999 => {
                out.push(digit(n / 100));
                out.push(digit(n / 10));
                out.push(digit(n));
            }
            1_000..=9_999 => {
                out.push(digit(n / 1_000));
                out.push(digit(n / 100));
                out.push(digit(n / 10));
                out.push(digit(n));
            }
            10_000..=99_999 => {
                out.push(digit(n / 10_000));
                out.push(digit(n / 1_000));
                out.push(digit(n / 100));
                out.push(digit(n / 10));
                out.push(digit(n));
            }
            _ => out.push_str(&n.to_string()),
        }
    }
    fn numbered_placeholders(&self) -> bool {
        true
    }
    /// NAMEDATALEN - 1: PostgreSQL silently truncates longer names.
    fn max_identifier_bytes(&self) -> usize {
        63
    }
    fn max_params(&self) -> usize {
        MAX_PARAMS
    }
    /// Every feature by name (no MySQL-only forms: `WITH ROLLUP`, multi-table UPDATE /
    /// DELETE, ORDER BY / LIMIT on UPDATE / DELETE): one added to sqlweave later is
    /// refused here until it is listed.
    fn supports(&self, feature: Feature) -> bool {
        use Feature::*;
        matches!(
            feature,
            RightJoin
                | NamedWindows
                | FetchWithTies
                | FullJoin
                | QuantifiedSubquery
                | DerivedColumnList
                | Lateral
                | DistinctOn
                | NullsOrdering
                | ILike
                | AggregateFilter
                | Rollup
                | Cube
                | GroupingSets
                | LockingReads
                | KeyLocks
                | ForShareSyntax
                | NoWait
                | SkipLocked
                | LockOf
                | SetOpAll
                | IntersectExcept
                | CteMaterialized
                | ParenthesizedSetMembers
                | GreatestLeast
                | LagLeadDefault
                | ReturningInsert
                | ReturningUpdate
                | ReturningDelete
                | UpdateFrom
                | DeleteUsing
                | DataModifyingCte
                | Merge
                | DefaultInValues
                | OnConflictConstraint
                | UpsertWhere
                | BackslashLikeEscape
                | LimitInInSubquery
                | RollupOrderBy
                | DeleteAlias
                | AggregateOrderBy
                | WindowStringAgg
                | DefaultValuesUpsert
                | ReturningAliasQualified
                | QualifiedFunctionNames
                | FetchWithoutOrderBy
                | Upsert
                | StringAgg
                | StatisticalAggregates
                | BoolAggregates
                | OrderedSetAggregates
        )
    }
    fn date_part_style(&self) -> DatePartStyle {
        DatePartStyle::ExtractAsInteger
    }
    fn round_needs_exact_cast(&self) -> bool {
        true
    }
    fn int_div_style(&self) -> sqlweave::dialect::IntDivStyle {
        sqlweave::dialect::IntDivStyle::DivFunction
    }
    /// `x = ANY($1)` with one array parameter, typed by the server from `x`; the
    /// driver binds each element as it binds a parameter of the element type.
    fn explain_style(&self) -> sqlweave::dialect::ExplainStyle {
        sqlweave::dialect::ExplainStyle::Postgres
    }
    fn schema_style(&self) -> sqlweave::dialect::SchemaStyle {
        sqlweave::dialect::SchemaStyle::Schema
    }
    fn large_in_style(&self) -> LargeInStyle {
        LargeInStyle::ArrayParam
    }
    fn cast_type(&self, ty: SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::Bytes => Cow::Borrowed("BYTEA"),
            SqlType::TimestampTz => Cow::Borrowed("TIMESTAMPTZ"),
            SqlType::Json => Cow::Borrowed("JSONB"),
            other => ansi_type_name(other),
        })
    }
    fn param_type_hint(&self, value: &Value) -> Option<&'static str> {
        Some(match value {
            Value::Null => return None,
            Value::Bool(_) => "bool",
            Value::I8(_) | Value::I16(_) => "int2",
            Value::I32(_) => "int4",
            Value::I64(_) | Value::U64(_) => "int8",
            Value::F32(_) => "float4",
            Value::F64(_) => "float8",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytea",
            #[allow(unreachable_patterns)]
            _ => return other_hint(value),
        })
    }
    fn typed_param_hint(&self, ty: SqlType) -> Option<Cow<'static, str>> {
        self.cast_type(ty).ok()
    }
    fn check_value(&self, value: &Value) -> Result<()> {
        if let Value::Array(items) = value {
            return check_array(items);
        }
        value.check_fits_i64()?;
        if let Value::Text(s) = value
            && s.contains('\0')
        {
            return Err(Error::Value(
                "PostgreSQL text cannot contain NUL characters".into(),
            ));
        }
        Ok(())
    }

    // --- DDL hooks ---

    fn supports_ddl(&self, feature: sqlweave::ddl::DdlFeature) -> bool {
        use sqlweave::ddl::DdlFeature::*;
        // No VIRTUAL generated columns before PostgreSQL 18, no CREATE VIEW IF NOT EXISTS;
        // MODIFY COLUMN is MySQL's.
        !matches!(
            feature,
            ForwardReferences | ModifyColumn | VirtualGeneratedColumns | CreateViewIfNotExists
        )
    }
    /// Labels hold at most 63 bytes (NAMEDATALEN - 1; the server refuses longer ones).
    /// An empty label is a label like any other.
    fn check_enum_label(&self, label: &str) -> Result<(), String> {
        if label.len() > 63 {
            return Err(format!(
                "PostgreSQL keeps at most 63 bytes in an enum label (NAMEDATALEN - 1); this one has {}",
                label.len()
            ));
        }
        Ok(())
    }
    fn ddl_type_name(&self, ty: &sqlweave::ddl::ColumnType) -> Result<Cow<'static, str>> {
        use sqlweave::ddl::ColumnType as T;
        Ok(match ty {
            T::Bytes => Cow::Borrowed("BYTEA"),
            T::TimestampTz => Cow::Borrowed("TIMESTAMPTZ"),
            T::Json => Cow::Borrowed("JSON"),
            T::Jsonb => Cow::Borrowed("JSONB"),
            other => sqlweave::ddl::ansi_column_type(other)?,
        })
    }
    /// Text with a backslash as `E'…'` (right whatever `standard_conforming_strings`
    /// says), bytes as `decode('…', 'hex')`, typed literals (`DATE '…'`, `UUID '…'`).
    fn literal_rules(&self) -> sqlweave::ddl::LiteralRules {
        use sqlweave::ddl::{BytesLiteralStyle, LiteralRules, TextLiteralStyle};
        LiteralRules {
            text: TextLiteralStyle::EscapeStringForBackslash,
            bytes: BytesLiteralStyle::DecodeHex,
            temporal_keywords: true,
            timestamptz_keyword: Some("TIMESTAMPTZ"),
            timestamptz_offset: true,
            uuid_keyword: Some("UUID"),
            json_keyword: Some("JSONB"),
        }
    }
}

#[allow(unused_variables)]
/// The elements of an array parameter, each checked as a parameter of its own (kept out
/// of `check_value`, which every parameter passes through).
#[cold]
#[inline(never)]
fn check_array(items: &[Value]) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        if let Value::Array(_) = item {
            return Err(Error::Value(
                "an array parameter cannot hold arrays (arrays do not nest)".into(),
            ));
        }
        Postgres.check_value(item).map_err(|e| match e {
            Error::Value(m) => Error::Value(format!("array element {}: {m}", i + 1)),
            e => e,
        })?;
    }
    Ok(())
}

fn other_hint(value: &Value) -> Option<&'static str> {
    // Without any value-type feature there is nothing left to hint.
    #[cfg(not(any(
        feature = "chrono",
        feature = "uuid",
        feature = "json",
        feature = "decimal"
    )))]
    let _ = value;
    #[cfg(feature = "chrono")]
    match value {
        Value::Date(_) => return Some("date"),
        Value::Time(_) => return Some("time"),
        Value::Timestamp(_) => return Some("timestamp"),
        Value::TimestampTz(_) => return Some("timestamptz"),
        _ => {}
    }
    #[cfg(feature = "uuid")]
    if let Value::Uuid(_) = value {
        return Some("uuid");
    }
    #[cfg(feature = "json")]
    if let Value::Json(_) = value {
        return Some("jsonb");
    }
    #[cfg(feature = "decimal")]
    if let Value::Decimal(_) = value {
        return Some("numeric");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_decimal_at_every_width() {
        for n in [
            1, 9, 10, 42, 99, 100, 123, 999, 1_000, 4_567, 9_999, 10_000, 65_535, 99_999, 100_000,
            1_234_567,
        ] {
            let mut out = String::new();
            Postgres.write_placeholder(&mut out, n);
            assert_eq!(out, format!("${n}"));
        }
    }
}
