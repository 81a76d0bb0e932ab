//! The `Dialect` trait: the small hooks in which SQL dialects differ, and the generic
//! ANSI dialect used for documentation and unit tests.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::expr::SqlType;
use crate::value::Value;

pub use super::feature_info::WhenAbsent;

/// How `a || b` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcatStyle {
    /// `a || b`
    Pipes,
    /// `CONCAT(a, b)`
    ConcatFunction,
}

/// How `IS [NOT] DISTINCT FROM` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistinctFromStyle {
    /// `a IS DISTINCT FROM b`
    Standard,
    /// `a IS NOT b` / `a IS b` (SQLite)
    Is,
    /// `NOT (a <=> b)` / `a <=> b` (MySQL)
    NullSafeEq,
}

/// How ordered string aggregation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringAggStyle {
    /// `STRING_AGG(x, sep ORDER BY …)`
    StringAgg,
    /// `GROUP_CONCAT(x, sep ORDER BY …)` (SQLite 3.44+)
    GroupConcatArgs,
    /// `GROUP_CONCAT(x ORDER BY … SEPARATOR 'sep')` (MySQL: the separator must be a literal)
    GroupConcatSeparator,
}

/// How integer date parts are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePartStyle {
    /// `EXTRACT(YEAR FROM x)`, already an integer (MySQL).
    Extract,
    /// `CAST(EXTRACT(YEAR FROM x) AS INTEGER)` (PostgreSQL, whose EXTRACT returns numeric).
    ExtractAsInteger,
    /// `CAST(STRFTIME('%Y', x) AS INTEGER)` (SQLite).
    Strftime,
}

/// How OFFSET without LIMIT is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetStyle {
    /// `OFFSET n` alone is valid.
    Plain,
    /// `LIMIT -1 OFFSET n` (SQLite).
    LimitMinusOne,
    /// `LIMIT 18446744073709551615 OFFSET n` (MySQL).
    LimitMaxU64,
}

/// How a VALUES list used as a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValuesStyle {
    /// `(VALUES (…), (…)) AS t (a, b)`
    Standard,
    /// `(SELECT … AS a, … AS b UNION ALL SELECT …, …) AS t`, for dialects without
    /// column aliases on derived tables.
    SelectUnionAll,
}

/// How `(a, b) IN (…)` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowInStyle {
    /// `(a, b) IN ((?, ?), (?, ?))`
    Tuples,
    /// `(a, b) IN (VALUES (?, ?), (?, ?))` (SQLite)
    Values,
}

/// Syntax that not every dialect has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Feature {
    /// `RIGHT JOIN`
    RightJoin,
    /// `FULL JOIN`
    FullJoin,
    /// `LATERAL` derived tables.
    Lateral,
    /// `DISTINCT ON`
    DistinctOn,
    /// `NULLS FIRST` / `NULLS LAST` (emulated with `x IS NULL` sorting where absent).
    NullsOrdering,
    /// `ILIKE` (emulated with `LOWER` where absent).
    ILike,
    /// Aggregate `FILTER (WHERE …)` (emulated with CASE where absent).
    AggregateFilter,
    /// `ROLLUP (…)` inside GROUP BY.
    Rollup,
    /// `… WITH ROLLUP` (MySQL's only form of rollup).
    WithRollup,
    /// `CUBE (…)`
    Cube,
    /// `GROUPING SETS`
    GroupingSets,
    /// `FOR UPDATE` and friends.
    LockingReads,
    /// `FOR NO KEY UPDATE` / `FOR KEY SHARE`.
    KeyLocks,
    /// `FOR SHARE` (otherwise `LOCK IN SHARE MODE`).
    ForShareSyntax,
    /// `NOWAIT`
    NoWait,
    /// `SKIP LOCKED`
    SkipLocked,
    /// `FOR UPDATE OF table`
    LockOf,
    /// `INTERSECT ALL` / `EXCEPT ALL`
    SetOpAll,
    /// `INTERSECT` / `EXCEPT`
    IntersectExcept,
    /// `MATERIALIZED` hints on CTEs.
    CteMaterialized,
    /// Parenthesized members of compound queries (`(SELECT … LIMIT 1) UNION …`).
    ParenthesizedSetMembers,
    /// `GREATEST` / `LEAST` (otherwise multi-argument `MAX` / `MIN`).
    GreatestLeast,
    /// A third, default-value argument to `LAG` / `LEAD` (not on MariaDB).
    LagLeadDefault,
    /// `INSERT … RETURNING`
    ReturningInsert,
    /// `UPDATE … RETURNING`
    ReturningUpdate,
    /// `DELETE … RETURNING`
    ReturningDelete,
    /// `UPDATE … FROM other`
    UpdateFrom,
    /// Multi-table `UPDATE t, u SET t.c = …` (MySQL).
    MultiTableUpdate,
    /// `DELETE FROM t USING u`
    DeleteUsing,
    /// Multi-table `DELETE t FROM t, u` (MySQL).
    MultiTableDelete,
    /// ORDER BY / LIMIT on single-table UPDATE and DELETE (MySQL).
    DmlOrderLimit,
    /// INSERT / UPDATE / DELETE inside WITH (PostgreSQL).
    DataModifyingCte,
    /// `MERGE` (PostgreSQL 15+).
    Merge,
    /// `DEFAULT` as a value in INSERT … VALUES.
    DefaultInValues,
    /// `ON CONFLICT ON CONSTRAINT name` (PostgreSQL).
    OnConflictConstraint,
    /// `WHERE` on an upsert's conflict target or DO UPDATE (PostgreSQL, SQLite).
    UpsertWhere,
    /// A backslash escapes in LIKE patterns without an ESCAPE clause (PostgreSQL,
    /// MySQL); elsewhere sqlweave writes `ESCAPE '\'` so patterns mean the same.
    BackslashLikeEscape,
    /// LIMIT / OFFSET directly inside `IN (subquery)` (not on MySQL: wrapped there).
    LimitInInSubquery,
    /// ORDER BY together with `WITH ROLLUP` (MySQL 8.0.12+, not MariaDB).
    RollupOrderBy,
    /// A table alias on a single-table DELETE (not MariaDB 10.x).
    DeleteAlias,
    /// ORDER BY inside any aggregate call, `SUM(x ORDER BY y)` (PostgreSQL, SQLite
    /// 3.44+); MySQL and MariaDB have it in string aggregation only.
    AggregateOrderBy,
    /// String aggregation as a window function, `STRING_AGG(…) OVER (…)` (PostgreSQL,
    /// SQLite; MySQL and MariaDB have no windowed GROUP_CONCAT).
    WindowStringAgg,
    /// An upsert clause after `INSERT … DEFAULT VALUES` (not SQLite).
    DefaultValuesUpsert,
    /// RETURNING columns qualified by the target table's alias (not SQLite).
    ReturningAliasQualified,
    /// Schema-qualified function names, `"schema"."name"(…)` (PostgreSQL, MySQL; not
    /// SQLite, which has no schemas of functions).
    QualifiedFunctionNames,
    /// `OFFSET … FETCH` without ORDER BY, for dialects with [`LimitStyle::OffsetFetch`].
    FetchWithoutOrderBy,
    /// Upserts, written as [`Dialect::upsert_style`] says (all three built-in dialects).
    Upsert,
    /// String aggregation, written as [`Dialect::string_agg_style`] says (all three
    /// built-in dialects).
    StringAgg,
    /// `x op ANY (subquery)` / `x op ALL (subquery)` (PostgreSQL, MySQL / MariaDB; not
    /// SQLite, where `= ANY` is written `IN`, `<> ALL` `NOT IN`, and the rest refused).
    QuantifiedSubquery,
    /// A column-alias list on a derived table, `(SELECT …) AS t (a, b)` (PostgreSQL,
    /// MySQL 8; not MariaDB 10 nor SQLite, where a CTE carries the names instead).
    DerivedColumnList,
    /// `STDDEV_SAMP`, `STDDEV_POP`, `VAR_SAMP`, `VAR_POP` (PostgreSQL, MySQL, MariaDB;
    /// not SQLite).
    StatisticalAggregates,
    /// `BOOL_AND` / `BOOL_OR` (PostgreSQL).
    BoolAggregates,
    /// `BOOL_AND` / `BOOL_OR` written `MIN` / `MAX`, for engines whose booleans are the
    /// integers 0 and 1 (SQLite, MySQL, MariaDB).
    BoolAggregatesAsMinMax,
    /// Ordered-set aggregates, `PERCENTILE_CONT(f) WITHIN GROUP (ORDER BY x)`
    /// (PostgreSQL; MariaDB has them as window functions only).
    OrderedSetAggregates,
    /// A `WINDOW name AS (…)` clause and `OVER name` / `OVER (name …)` (all three
    /// built-in dialects: PostgreSQL, SQLite 3.28+, MySQL 8, MariaDB).
    NamedWindows,
    /// `FETCH FIRST n ROWS WITH TIES` (PostgreSQL 13+, MariaDB 10.6+).
    FetchWithTies,
    /// A row lock on a member of a compound query, `… UNION (SELECT … FOR UPDATE)`, or
    /// on a SELECT reading a derived table that is a compound (MySQL, MariaDB; PostgreSQL
    /// refuses: "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT").
    LockInSetOp,
    /// A row lock on a SELECT whose rows are not table rows: one with `DISTINCT`,
    /// `GROUP BY`, `HAVING`, an aggregate or a window function, or reading a derived
    /// table that has one of these and is not left out by `OF` (MySQL, MariaDB;
    /// PostgreSQL refuses: "FOR UPDATE is not allowed with GROUP BY clause" …).
    LockOnGroupedRows,
}

/// How an IN list of plain values longer than half the parameter limit is sent: as ONE
/// parameter where the dialect can, so it never hits the limit and never becomes SQL text.
/// Each form is chosen only for values it carries exactly and compares as the plain list
/// would; other lists stay plain (an [`Error::TooManyParams`] past the limit). The rules
/// per form are in the renderer's `large_in` module (`src/render/large_in.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LargeInStyle {
    /// As many parameters as values (an error past the limit). The default.
    None,
    /// One [`Value::Array`] parameter whose type the server infers from `x`:
    /// `x = ANY(?)` / `x <> ALL(?)` (PostgreSQL). The dialect's driver must bind arrays,
    /// each element as it binds that value alone; only such dialects take array
    /// parameters at all.
    ArrayParam,
    /// One JSON text parameter read by SQLite's `json_each`:
    /// `x IN (SELECT value FROM json_each(?))`.
    JsonEach,
    /// One JSON text parameter read by `JSON_TABLE` (MySQL 8, MariaDB 10.6+):
    /// ``x IN (SELECT `v` FROM (SELECT DISTINCT `v` FROM JSON_TABLE(?, '$[*]' COLUMNS (`v` BIGINT PATH '$')) AS `sqlweave_json`) AS `sqlweave_in`)``,
    /// for integer lists, and for float lists (as `DOUBLE`) when `exact_floats`: the
    /// server reads JSON numbers into `DOUBLE` exactly. Never text (collations).
    JsonTable {
        /// The server's JSON reader reads every finite double written in its shortest
        /// form back exactly.
        exact_floats: bool,
    },
}

/// How [`BinaryOp::IntDiv`](crate::expr::BinaryOp::IntDiv) (the quotient truncated
/// toward zero, NULL for a zero divisor) is written. The divisor is always written
/// `NULLIF(b, 0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntDivStyle {
    /// Refused with [`Error::Unsupported`] (the default: a dialect says how its engine
    /// truncates before sqlweave writes it).
    None,
    /// `CAST(DIV(a, b) AS BIGINT)`: PostgreSQL's `DIV`, exact for integers and NUMERIC.
    DivFunction,
    /// `a DIV b` (MySQL, MariaDB).
    DivOperator,
    /// `CAST(a / b AS INTEGER)`: `/` truncates integers, and the cast truncates a REAL
    /// quotient toward zero (SQLite).
    CastQuotient,
}

/// How `EXPLAIN` is written ([`crate::explain::Explain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExplainStyle {
    /// Refused (the default).
    None,
    /// `EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, BUFFERS, FORMAT JSON) stmt` (PostgreSQL).
    Postgres,
    /// `EXPLAIN FORMAT=JSON stmt`, `EXPLAIN ANALYZE stmt` (MySQL 8).
    MySql,
    /// `EXPLAIN FORMAT=JSON stmt`, `ANALYZE [FORMAT=JSON] stmt` (MariaDB).
    MariaDb,
    /// `EXPLAIN QUERY PLAN stmt`, no options (SQLite).
    QueryPlan,
}

/// What `CREATE SCHEMA` / `DROP SCHEMA` make ([`crate::ddl::CreateSchema`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaStyle {
    /// Refused (the default; SQLite, whose attached databases are another thing).
    None,
    /// A schema inside the database; `DROP SCHEMA` takes `CASCADE` / `RESTRICT`
    /// (PostgreSQL).
    Schema,
    /// A database (MySQL, MariaDB: `SCHEMA` is a synonym of `DATABASE`); `DROP SCHEMA`
    /// drops everything in it, so only an explicit CASCADE is written.
    Database,
}

/// How LIMIT and OFFSET are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitStyle {
    /// `LIMIT n OFFSET m` (see [`OffsetStyle`] for OFFSET without LIMIT).
    LimitOffset,
    /// `OFFSET m ROWS FETCH NEXT n ROWS ONLY` (SQL:2008; SQL Server, Oracle 12c+, Db2).
    /// Without ORDER BY it is refused unless the dialect supports
    /// [`Feature::FetchWithoutOrderBy`] (SQL Server does not).
    OffsetFetch,
}

/// How NULLS FIRST / LAST is written where the dialect has no such clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullsEmulation {
    /// A first sort key `x IS NULL` (SQLite before 3.30, MySQL): a boolean sorts there.
    IsNullKey,
    /// A first sort key `CASE WHEN x IS NULL THEN 1 ELSE 0 END`, for engines where a
    /// predicate is not a value (SQL Server).
    CaseKey,
    /// Refused with [`Error::Unsupported`].
    None,
}

/// How an upsert is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertStyle {
    /// `ON CONFLICT … DO NOTHING / DO UPDATE SET …`, proposed row as `excluded`.
    OnConflict,
    /// `ON DUPLICATE KEY UPDATE …`, proposed row as `VALUES(col)` (MariaDB).
    OnDuplicateKeyValues,
    /// `… VALUES (…) AS excluded ON DUPLICATE KEY UPDATE …`, proposed row through a row
    /// alias (MySQL 8.0.19+); INSERT … SELECT reads the SELECT through a derived table,
    /// `SELECT * FROM (…) AS excluded (cols)`, whose columns the assignments name.
    OnDuplicateKeyRowAlias,
}

/// An SQL dialect: the small hooks in which dialects differ.
///
/// One renderer ([`crate::render`]) walks every tree; a dialect only answers questions
/// about syntax. Implementations live in the dialect crates (`sqlweave-sqlite`,
/// `sqlweave-postgres`, `sqlweave-mysql`); [`Ansi`] is a generic one for docs and tests.
///
/// # Writing a dialect outside sqlweave
///
/// Only [`name`](Dialect::name) and [`supports`](Dialect::supports) are required.
/// Write `supports` as a list of the [`Feature`]s the engine has (`matches!(f, A | B)`),
/// never as a list of those it lacks: a feature sqlweave adds later is then refused by
/// your dialect ([`Error::Unsupported`]) until you list it, instead of being written in
/// another database's syntax. Then go through the hooks whose defaults are standard
/// SQL and override what your engine writes differently: quoting
/// ([`identifier_quotes`](Dialect::identifier_quotes), e.g. `[` `]`), placeholders
/// ([`write_placeholder`](Dialect::write_placeholder), `@p1`), paging
/// ([`limit_style`](Dialect::limit_style), `OFFSET … FETCH`), NULLS FIRST / LAST
/// ([`nulls_emulation`](Dialect::nulls_emulation)), boolean constants
/// ([`boolean_literal`](Dialect::boolean_literal)), casts, concatenation, string
/// aggregation, upserts. Hooks with a refusing default (integer division, long IN
/// lists) stay refused until you say how. `tests/third_party_dialect.rs` in the
/// repository writes a SQL Server-like dialect this way, with golden tests of what it
/// renders and refuses.
pub trait Dialect {
    /// The dialect's name, used in error messages.
    fn name(&self) -> &'static str;
    /// The identifier quote character (`"` or `` ` ``).
    fn quote_char(&self) -> char {
        '"'
    }
    /// The characters that open and close a quoted identifier; the closing one is
    /// doubled inside the name. Both are [`Dialect::quote_char`] unless a dialect quotes
    /// like SQL Server, `('[', ']')`: `[a]]b]` names `a]b`.
    fn identifier_quotes(&self) -> (char, char) {
        let q = self.quote_char();
        (q, q)
    }
    /// How LIMIT / OFFSET are written ([`LimitStyle::LimitOffset`] unless overridden).
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::LimitOffset
    }
    /// How NULLS FIRST / LAST is emulated where [`Feature::NullsOrdering`] is not
    /// supported ([`NullsEmulation::IsNullKey`] unless overridden).
    fn nulls_emulation(&self) -> NullsEmulation {
        NullsEmulation::IsNullKey
    }
    /// The SQL for the boolean constants `TRUE` and `FALSE` (a dialect without boolean
    /// literals, such as SQL Server, writes predicates: `(1 = 1)` and `(1 = 0)`).
    fn boolean_literal(&self, value: bool) -> &'static str {
        if value { "TRUE" } else { "FALSE" }
    }
    /// Writes the placeholder of the `n`-th parameter (1-based).
    fn write_placeholder(&self, out: &mut String, n: usize) {
        let _ = n;
        out.push('?');
    }
    /// `true` when a placeholder names its parameter's position (`$n`), so a named
    /// parameter used twice can share one parameter.
    fn numbered_placeholders(&self) -> bool {
        false
    }
    /// `true` when GROUP BY, HAVING and ORDER BY should refer to a select-list item
    /// holding values by its position or alias (MySQL, MariaDB), so that the server sees
    /// one expression where its parameters would make two (`substr(name, ?, ?)` in the
    /// select list and again in GROUP BY is refused under `ONLY_FULL_GROUP_BY`). An
    /// item without an alias that HAVING or ORDER BY uses is given `sw_expr_N`. Dialects
    /// with numbered placeholders write the same parameters again instead.
    fn group_by_select_refs(&self) -> bool {
        false
    }
    /// The longest identifier the database keeps intact, in bytes.
    fn max_identifier_bytes(&self) -> usize {
        usize::MAX
    }
    /// Checks an identifier against the database's rules beyond emptiness and NUL.
    fn check_identifier(&self, ident: &str) -> Result<()> {
        let _ = ident;
        Ok(())
    }
    /// `true` when [`Dialect::check_identifier`] and [`Dialect::max_identifier_bytes`]
    /// accept every plain name ([`crate::is_plain`]: 1 to 63 ASCII letters, digits, `_`
    /// and `$`). Column names declared with [`table!`](macro@crate::table) are checked for
    /// plainness when the program is compiled; for such a dialect the renderer writes
    /// them pre-quoted without calling either check. The default, `false`, keeps every
    /// name going through the checks (a dialect with stricter rules stays correct).
    fn accepts_plain_identifiers(&self) -> bool {
        false
    }
    /// The most bind parameters one statement may carry through this dialect's driver.
    fn max_params(&self) -> usize {
        65_535
    }
    /// Whether the dialect has a feature.
    fn supports(&self, feature: Feature) -> bool;
    /// String concatenation form.
    fn concat_style(&self) -> ConcatStyle {
        ConcatStyle::Pipes
    }
    /// `IS DISTINCT FROM` form.
    fn distinct_from_style(&self) -> DistinctFromStyle {
        DistinctFromStyle::Standard
    }
    /// String aggregation form.
    fn string_agg_style(&self) -> StringAggStyle {
        StringAggStyle::StringAgg
    }
    /// Date part form.
    fn date_part_style(&self) -> DatePartStyle {
        DatePartStyle::Extract
    }
    /// OFFSET-without-LIMIT form.
    fn offset_style(&self) -> OffsetStyle {
        OffsetStyle::Plain
    }
    /// VALUES-as-table form.
    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::Standard
    }
    /// Row-value IN form.
    fn row_in_style(&self) -> RowInStyle {
        RowInStyle::Tuples
    }
    /// `ROUND` casts its argument to an exact decimal first. PostgreSQL, SQLite, MySQL and
    /// MariaDB ignore this hook: [`crate::func::round`] is written for them as the typed
    /// catalogue's `round_to` is. A dialect written outside sqlweave that rounds floats
    /// half to even answers `true`, so that `ROUND` rounds half away from zero.
    fn round_needs_exact_cast(&self) -> bool {
        false
    }
    /// The name of the function counting characters of text (`CHAR_LENGTH`; SQLite:
    /// `LENGTH`; never MySQL's `LENGTH`, which counts bytes).
    fn char_length_function(&self) -> &'static str {
        "CHAR_LENGTH"
    }
    /// The type name for `CAST(x AS …)`.
    fn cast_type(&self, ty: SqlType) -> Result<Cow<'static, str>> {
        Ok(ansi_type_name(ty))
    }
    /// A type annotation for a bare parameter whose type the server cannot infer (a
    /// select-list item, a VALUES row). `None` leaves the parameter bare.
    fn param_type_hint(&self, value: &Value) -> Option<&'static str> {
        let _ = value;
        None
    }
    /// The type annotation written after a typed named parameter where the server could
    /// not infer its type from context (see [`Dialect::param_type_hint`]).
    fn typed_param_hint(&self, ty: SqlType) -> Option<Cow<'static, str>> {
        let _ = ty;
        None
    }
    /// How portable integer division is written ([`IntDivStyle::None`]: refused).
    fn int_div_style(&self) -> IntDivStyle {
        IntDivStyle::None
    }
    /// How an IN list of plain values longer than half of [`Dialect::max_params`] is
    /// sent: as one parameter where the dialect can, so it never hits the limit. The
    /// default, [`LargeInStyle::None`], keeps every list plain (and refuses
    /// [`Value::Array`] parameters): a dialect opts in to a form its database and driver
    /// read exactly.
    fn large_in_style(&self) -> LargeInStyle {
        LargeInStyle::None
    }
    /// How `EXPLAIN` is written ([`ExplainStyle::None`], the default: refused).
    fn explain_style(&self) -> ExplainStyle {
        ExplainStyle::None
    }
    /// What `CREATE SCHEMA` makes ([`SchemaStyle::None`], the default: refused).
    fn schema_style(&self) -> SchemaStyle {
        SchemaStyle::None
    }
    /// The upsert form.
    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::OnConflict
    }
    /// `true` when an INSERT of only defaults is written `() VALUES ()` (MySQL) rather
    /// than `DEFAULT VALUES`.
    fn empty_values_insert(&self) -> bool {
        false
    }
    /// Checks a value before it is bound (e.g. a `u64` past `i64::MAX` on SQLite).
    fn check_value(&self, value: &Value) -> Result<()> {
        let _ = value;
        Ok(())
    }
    /// The type a decimal parameter's placeholder is cast to, `CAST(? AS type)`, where
    /// the driver can only send it as text (MySQL, MariaDB: the protocol has no decimal
    /// parameter type). Without the cast, a decimal in a CASE, COALESCE or select-list
    /// position is a string there, and `CASE … END > ?` compares text (`'-0.05' >
    /// '-3'` is false). `None` (the default) leaves the placeholder bare.
    #[cfg(feature = "decimal")]
    fn decimal_param_type(&self, value: &rust_decimal::Decimal) -> Option<Cow<'static, str>> {
        let _ = value;
        None
    }
    /// The character sequences that start a comment (`--`, `/*`; MySQL adds `#`).
    /// Operator text of custom nodes ([`crate::Expr::operator`]) containing one is
    /// refused.
    fn comment_markers(&self) -> &'static [&'static str] {
        &["--", "/*"]
    }
    /// `true` when LIKE compares the whole text, NUL characters included (MySQL,
    /// MariaDB). Otherwise (SQLite, whose LIKE stops at the first NUL; the default) a
    /// LIKE pattern value containing NUL is refused with [`Error::Unsupported`]. A
    /// pattern supplied as a named parameter is not seen while rendering.
    fn like_matches_nul(&self) -> bool {
        false
    }
    /// The value as this dialect's driver binds it, where that differs from the value
    /// itself: SQLite binds a decimal as the INTEGER or REAL it stores
    /// ([`Value::decimal_as_number`]) and an `f32` as a double. The debug-literal
    /// rendering writes this form, so a logged statement means what the parameterized
    /// one does. `Err` for a value that cannot be bound without changing it.
    fn bound_value<'v>(&self, value: &'v Value) -> Result<Cow<'v, Value>> {
        Ok(Cow::Borrowed(value))
    }
    /// The Unsupported error for `feature` in this dialect.
    fn unsupported(&self, feature: &str) -> Error {
        Error::Unsupported {
            dialect: self.name(),
            feature: feature.to_string(),
        }
    }

    // --- DDL hooks ---
    // (see crate::ddl; the renderer's DDL half is src/render/ddl.rs)

    /// Whether the dialect has a piece of DDL syntax.
    fn supports_ddl(&self, feature: crate::ddl::DdlFeature) -> bool {
        use crate::ddl::DdlFeature::*;
        !matches!(feature, ForwardReferences | ModifyColumn)
    }
    /// The name of a column type in CREATE TABLE (enumerated and raw types are written
    /// by the renderer).
    fn ddl_type_name(&self, ty: &crate::ddl::ColumnType) -> Result<Cow<'static, str>> {
        crate::ddl::ansi_column_type(ty)
    }
    /// How enumerated column types are written.
    fn enum_style(&self) -> crate::ddl::EnumStyle {
        crate::ddl::EnumStyle::NamedType
    }
    /// Checks one label of an enumerated type against the database's rules, as
    /// [`Dialect::check_identifier`] checks names: `Err` says why the database would
    /// refuse or misread it. The renderer itself refuses a label holding NUL (no database
    /// takes it in a literal) and, for named types and inline ENUMs, a repeated label.
    ///
    /// ```
    /// use sqlweave::Dialect;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// assert!(Postgres.check_enum_label(&"a".repeat(63)).is_ok());
    /// assert!(Postgres.check_enum_label(&"a".repeat(64)).is_err()); // NAMEDATALEN
    /// assert!(Sqlite.check_enum_label("").is_ok()); // text in a CHECK
    /// ```
    fn check_enum_label(&self, label: &str) -> Result<(), String> {
        let _ = label;
        Ok(())
    }
    /// How auto-incremented keys are written.
    fn auto_increment_style(&self) -> crate::ddl::AutoIncrementStyle {
        crate::ddl::AutoIncrementStyle::Identity
    }
    /// Where table and column comments go.
    fn comment_style(&self) -> crate::ddl::CommentStyle {
        crate::ddl::CommentStyle::Separate
    }
    /// Where the schema goes in CREATE / DROP INDEX.
    fn index_style(&self) -> crate::ddl::IndexStyle {
        crate::ddl::IndexStyle::Standard
    }
    /// How ALTER TABLE drops a constraint.
    fn drop_constraint_style(&self) -> crate::ddl::DropConstraintStyle {
        crate::ddl::DropConstraintStyle::ByName
    }
    /// How DDL writes values as literals (DDL takes no bind parameters).
    fn literal_rules(&self) -> crate::ddl::LiteralRules {
        crate::ddl::LiteralRules::STANDARD
    }
    /// Whether a literal DEFAULT of a column of type `ty` must be parenthesized (MySQL
    /// accepts defaults on TEXT, BLOB and JSON columns only as expressions).
    fn default_needs_parens(&self, ty: &crate::ddl::ColumnType) -> bool {
        let _ = ty;
        false
    }
    /// The character set CREATE TABLE asks for (`DEFAULT CHARSET=…`), if any.
    fn default_charset(&self) -> Option<&'static str> {
        None
    }
    /// A statement that defers foreign-key checks to the end of the transaction, for
    /// dropping tables that refer to each other (SQLite's `PRAGMA defer_foreign_keys`).
    fn defer_foreign_keys_sql(&self) -> Option<&'static str> {
        None
    }
}

pub use crate::expr::ansi_type_name;

/// A generic, standard-SQL dialect: `"` quoting, `?` placeholders, every feature.
/// For documentation and tests; run real statements through a database's dialect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ansi;

impl Dialect for Ansi {
    fn name(&self) -> &'static str {
        "ANSI"
    }
    fn accepts_plain_identifiers(&self) -> bool {
        true
    }
    fn supports(&self, feature: Feature) -> bool {
        !matches!(feature, Feature::KeyLocks)
    }
}
