//! MySQL 8 and MariaDB dialect rules.

use std::borrow::Cow;

use sqlweave::dialect::{
    ConcatStyle, DistinctFromStyle, LargeInStyle, OffsetStyle, StringAggStyle, UpsertStyle,
    ValuesStyle,
};
use sqlweave::{Dialect, Error, Feature, Result, SqlType};

/// Which server the MySQL dialect writes for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// MySQL 8.0 (8.0.31 or later for INTERSECT / EXCEPT).
    #[default]
    MySql8,
    /// MariaDB 10.6 or later.
    MariaDb,
}

/// The MySQL / MariaDB dialect: backtick quoting, `?` placeholders, `CONCAT`, `<=>`.
///
/// ```
/// use sqlweave::{Select, Expr, TableRef, JoinKind};
/// use sqlweave_mysql::MySql;
/// let t = TableRef::new("t");
/// let q = Select::new().column(t.col("a").concat("!")).from(t.clone()).offset(3);
/// let r = q.render(&MySql::mysql8()).unwrap();
/// assert_eq!(r.sql, "SELECT CONCAT(`t`.`a`, ?) FROM `t` LIMIT 18446744073709551615 OFFSET ?");
/// let full = Select::new().star().from(t.clone()).full_join(TableRef::new("u"), Expr::True);
/// assert!(full.render(&MySql::mariadb()).is_err()); // no FULL JOIN on MySQL
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MySql {
    /// The server flavour.
    pub flavor: Flavor,
}

impl MySql {
    /// The dialect for MySQL 8.
    pub const fn mysql8() -> Self {
        MySql {
            flavor: Flavor::MySql8,
        }
    }
    /// The dialect for MariaDB.
    pub const fn mariadb() -> Self {
        MySql {
            flavor: Flavor::MariaDb,
        }
    }
    fn is_mariadb(&self) -> bool {
        self.flavor == Flavor::MariaDb
    }
}

/// The most parameters one prepared statement can carry (a 16-bit count in the protocol).
pub const MAX_PARAMS: usize = 65_535;

impl Dialect for MySql {
    fn accepts_plain_identifiers(&self) -> bool {
        true
    }
    fn name(&self) -> &'static str {
        match self.flavor {
            Flavor::MySql8 => "MySQL",
            Flavor::MariaDb => "MariaDB",
        }
    }
    fn quote_char(&self) -> char {
        '`'
    }
    /// MySQL identifiers hold at most 64 characters; checked in bytes here, which is
    /// stricter for non-ASCII names but never lets a long name through.
    fn max_identifier_bytes(&self) -> usize {
        64
    }
    fn check_identifier(&self, ident: &str) -> Result<()> {
        // The server trims trailing whitespace as its character set defines it (space,
        // tab, newline, vertical tab, form feed, carriage return) and refuses such names.
        if ident.ends_with([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']) {
            return Err(Error::InvalidIdentifier {
                name: ident.to_string(),
                reason: "MySQL identifiers cannot end with a space or other whitespace",
            });
        }
        if ident.chars().any(|c| c as u32 > 0xFFFF) {
            return Err(Error::InvalidIdentifier {
                name: ident.to_string(),
                reason: "MySQL identifiers cannot hold characters beyond U+FFFF",
            });
        }
        Ok(())
    }
    fn max_params(&self) -> usize {
        MAX_PARAMS
    }
    fn supports(&self, feature: Feature) -> bool {
        use Feature::*;
        let maria = self.is_mariadb();
        match feature {
            RightJoin
            | WithRollup
            | LockingReads
            | LockInSetOp
            | LockOnGroupedRows
            | NoWait
            | SkipLocked
            | SetOpAll
            | IntersectExcept
            | ParenthesizedSetMembers
            | QuantifiedSubquery
            | GreatestLeast => true,
            Lateral | ForShareSyntax | LockOf | LagLeadDefault | DerivedColumnList => !maria,
            MultiTableUpdate
            | MultiTableDelete
            | DmlOrderLimit
            | DefaultInValues
            | BackslashLikeEscape
            | DefaultValuesUpsert
            | ReturningAliasQualified
            | QualifiedFunctionNames
            | Upsert
            | StringAgg
            | StatisticalAggregates
            | BoolAggregatesAsMinMax
            | NamedWindows => true,
            RollupOrderBy | DeleteAlias => !maria,
            // MariaDB 10.6+; MySQL 8 has no WITH TIES.
            FetchWithTies => maria,
            // MariaDB 10.5+ has INSERT … RETURNING and DELETE … RETURNING; MySQL has none.
            ReturningInsert | ReturningDelete => maria,
            _ => false,
        }
    }
    fn int_div_style(&self) -> sqlweave::dialect::IntDivStyle {
        sqlweave::dialect::IntDivStyle::DivOperator
    }
    fn concat_style(&self) -> ConcatStyle {
        ConcatStyle::ConcatFunction
    }
    fn distinct_from_style(&self) -> DistinctFromStyle {
        DistinctFromStyle::NullSafeEq
    }
    fn string_agg_style(&self) -> StringAggStyle {
        StringAggStyle::GroupConcatSeparator
    }
    fn offset_style(&self) -> OffsetStyle {
        OffsetStyle::LimitMaxU64
    }
    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::SelectUnionAll
    }
    fn cast_type(&self, ty: SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => Cow::Borrowed("SIGNED"),
            SqlType::Real => Cow::Borrowed("FLOAT"),
            SqlType::Double => Cow::Borrowed("DOUBLE"),
            SqlType::Numeric(Some((p, s))) => Cow::Owned(format!("DECIMAL({p}, {s})")),
            // A bare DECIMAL is DECIMAL(10, 0) on MySQL: keep every digit instead.
            SqlType::Numeric(None) => Cow::Borrowed("DECIMAL(65, 30)"),
            SqlType::Text => Cow::Borrowed("CHAR"),
            SqlType::Varchar(n) => Cow::Owned(format!("CHAR({n})")),
            SqlType::Bytes => Cow::Borrowed("BINARY"),
            SqlType::Date => Cow::Borrowed("DATE"),
            SqlType::Time => Cow::Borrowed("TIME(6)"),
            SqlType::Timestamp => Cow::Borrowed("DATETIME(6)"),
            SqlType::Uuid => Cow::Borrowed("CHAR(36)"),
            SqlType::Json if !self.is_mariadb() => Cow::Borrowed("JSON"),
            SqlType::Boolean => {
                return Err(self.unsupported("CAST to BOOLEAN (use a comparison)"));
            }
            SqlType::TimestampTz => {
                return Err(self.unsupported("CAST to a timestamp with time zone"));
            }
            _ => return Err(self.unsupported("CAST to JSON")),
        })
    }
    fn round_needs_exact_cast(&self) -> bool {
        true
    }
    /// Long integer lists as one JSON parameter read by `JSON_TABLE`; float lists too on
    /// MariaDB, whose JSON reader is exact (MySQL 8 parses JSON numbers with RapidJSON's
    /// default, not full-precision, mode). Never text: the `JSON_TABLE` column's
    /// collation would decide the comparison instead of the compared column's.
    fn explain_style(&self) -> sqlweave::dialect::ExplainStyle {
        if self.is_mariadb() {
            sqlweave::dialect::ExplainStyle::MariaDb
        } else {
            sqlweave::dialect::ExplainStyle::MySql
        }
    }
    fn schema_style(&self) -> sqlweave::dialect::SchemaStyle {
        sqlweave::dialect::SchemaStyle::Database
    }
    fn large_in_style(&self) -> LargeInStyle {
        LargeInStyle::JsonTable {
            exact_floats: self.is_mariadb(),
        }
    }
    fn upsert_style(&self) -> UpsertStyle {
        match self.flavor {
            Flavor::MySql8 => UpsertStyle::OnDuplicateKeyRowAlias,
            Flavor::MariaDb => UpsertStyle::OnDuplicateKeyValues,
        }
    }
    fn empty_values_insert(&self) -> bool {
        true
    }
    /// `DECIMAL(p, s)` with the value's own digits: the driver sends decimals as text.
    #[cfg(feature = "decimal")]
    fn decimal_param_type(&self, value: &rust_decimal::Decimal) -> Option<Cow<'static, str>> {
        let scale = value.scale();
        let digits = value.mantissa().unsigned_abs().to_string().len() as u32;
        let precision = digits.max(scale).max(1);
        Some(Cow::Owned(format!("DECIMAL({precision}, {scale})")))
    }
    /// `#` starts a comment to the end of the line on MySQL and MariaDB.
    fn comment_markers(&self) -> &'static [&'static str] {
        &["--", "/*", "#"]
    }
    fn group_by_select_refs(&self) -> bool {
        true
    }
    fn like_matches_nul(&self) -> bool {
        true
    }
    /// MySQL stores no NaN or infinity, and has no array parameters.
    fn check_value(&self, value: &sqlweave::Value) -> Result<()> {
        if let sqlweave::Value::Array(_) = value {
            return Err(self.unsupported("array parameters"));
        }
        let non_finite = match value {
            sqlweave::Value::F64(f) => !f.is_finite(),
            sqlweave::Value::F32(f) => !f.is_finite(),
            _ => false,
        };
        if non_finite {
            return Err(Error::Value(format!(
                "{} cannot store NaN or infinity",
                self.name()
            )));
        }
        Ok(())
    }

    // --- DDL hooks ---

    fn supports_ddl(&self, feature: sqlweave::ddl::DdlFeature) -> bool {
        use sqlweave::ddl::DdlFeature::*;
        let maria = self.is_mariadb();
        match feature {
            AlterConstraints
            | ModifyColumn
            | AlterColumnDefault
            | MultipleAlterOps
            | CreateOrReplaceView
            | StoredGeneratedColumns
            | VirtualGeneratedColumns
            | AddColumnKeys
            | AddStoredGeneratedColumn => true,
            // Functional key parts are MySQL 8.0.13+; MariaDB has none. MariaDB refuses
            // NOT NULL on generated columns.
            ExpressionIndexes | NotNullGenerated => !maria,
            CreateIndexIfNotExists | DropIndexIfExists | CreateViewIfNotExists | Sequences => maria,
            // No partial indexes, no deferrable keys, no SET DEFAULT (InnoDB refuses it),
            // REFERENCES in a column definition is parsed and ignored, CASCADE on DROP is
            // parsed and ignored, keys on TEXT / BLOB need a prefix length.
            _ => false,
        }
    }
    fn ddl_type_name(&self, ty: &sqlweave::ddl::ColumnType) -> Result<Cow<'static, str>> {
        use sqlweave::ddl::ColumnType as T;
        Ok(match ty {
            T::SmallInt => Cow::Borrowed("SMALLINT"),
            T::Integer => Cow::Borrowed("INT"),
            T::BigInt => Cow::Borrowed("BIGINT"),
            T::Real => Cow::Borrowed("FLOAT"),
            T::Double => Cow::Borrowed("DOUBLE"),
            T::Numeric(Some((p, s))) => Cow::Owned(format!("DECIMAL({p}, {s})")),
            // A bare DECIMAL is DECIMAL(10, 0): keep as many digits as MySQL can.
            T::Numeric(None) => Cow::Borrowed("DECIMAL(65, 30)"),
            T::Text => Cow::Borrowed("LONGTEXT"),
            T::Varchar(n) => Cow::Owned(format!("VARCHAR({n})")),
            T::Bytes => Cow::Borrowed("LONGBLOB"),
            T::Boolean => Cow::Borrowed("TINYINT(1)"),
            T::Time => Cow::Borrowed("TIME(6)"),
            // No zoned type: a TimestampTz is stored as its UTC time.
            T::Timestamp | T::TimestampTz => Cow::Borrowed("DATETIME(6)"),
            T::Uuid => Cow::Borrowed("CHAR(36)"),
            T::Json | T::Jsonb => Cow::Borrowed("JSON"),
            other => sqlweave::ddl::ansi_column_type(other)?,
        })
    }
    fn enum_style(&self) -> sqlweave::ddl::EnumStyle {
        sqlweave::ddl::EnumStyle::Inline
    }
    /// Every ENUM holds `''` as its error value: outside strict mode an invalid value is
    /// stored as it, and reads back as `''`. A declared `''` label could not be told from
    /// it, so it is refused. (MariaDB takes labels of any length; MySQL 8 refuses labels
    /// over 255 characters itself. Trailing spaces, which MySQL strips, are refused by
    /// the renderer.)
    fn check_enum_label(&self, label: &str) -> Result<(), String> {
        if label.is_empty() {
            return Err(format!(
                "{} uses '' as every ENUM's error value (stored in place of an invalid value \
                 when strict mode is off), so an '' label could not be told from it",
                self.name()
            ));
        }
        Ok(())
    }
    fn auto_increment_style(&self) -> sqlweave::ddl::AutoIncrementStyle {
        sqlweave::ddl::AutoIncrementStyle::AutoIncrement
    }
    fn comment_style(&self) -> sqlweave::ddl::CommentStyle {
        sqlweave::ddl::CommentStyle::Inline
    }
    fn index_style(&self) -> sqlweave::ddl::IndexStyle {
        sqlweave::ddl::IndexStyle::OnTable
    }
    fn drop_constraint_style(&self) -> sqlweave::ddl::DropConstraintStyle {
        sqlweave::ddl::DropConstraintStyle::ByKind {
            check_keyword: if self.is_mariadb() {
                "CONSTRAINT"
            } else {
                "CHECK"
            },
        }
    }
    /// Text with a backslash or NUL as `_utf8mb4 X'…'`, which reads the same with and
    /// without `NO_BACKSLASH_ESCAPES`; a timestamp with time zone as its UTC time.
    fn literal_rules(&self) -> sqlweave::ddl::LiteralRules {
        use sqlweave::ddl::{LiteralRules, TextLiteralStyle};
        LiteralRules {
            text: TextLiteralStyle::HexForBackslash,
            timestamptz_keyword: Some("TIMESTAMP"),
            timestamptz_offset: false,
            ..LiteralRules::STANDARD
        }
    }
    /// TEXT, BLOB and JSON columns take defaults only as expressions: `DEFAULT ('x')`.
    fn default_needs_parens(&self, ty: &sqlweave::ddl::ColumnType) -> bool {
        ty.is_unbounded()
    }
    fn default_charset(&self) -> Option<&'static str> {
        Some("utf8mb4")
    }
}
