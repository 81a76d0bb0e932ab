//! What each [`Feature`] and [`DdlFeature`] is, and what the renderer does for a dialect
//! that does not list it: the source of truth of the guide's table of what each database
//! supports (`guide/dialect-support.md`, generated from these answers by
//! `tests/dialect_support.rs`).
//!
//! Each answer sits in one exhaustive `match`, so a feature added to sqlweave does not
//! compile until it says what it is and what happens without it; `tests/dialect_support.rs`
//! checks that `ALL` lists every variant declared.

use crate::ddl::DdlFeature;
use crate::dialect::{Dialect, Feature, LimitStyle, NullsEmulation};

/// What the renderer does with a statement that uses a feature the dialect does not list
/// (see [`Feature::when_absent`] and [`DdlFeature::when_absent`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WhenAbsent {
    /// An [`Error::Unsupported`](crate::Error::Unsupported) naming the dialect and the
    /// feature: nothing is sent.
    Refused,
    /// Written another way that means the same on this dialect; the text says how.
    Emulated(&'static str),
    /// The dialect does not need it: it has another form of the same thing, which the
    /// renderer writes instead (the text says which).
    NotNeeded(&'static str),
}

impl Feature {
    /// Every feature, in declaration order.
    ///
    /// ```
    /// use sqlweave::Feature;
    /// assert!(Feature::ALL.contains(&Feature::FullJoin));
    /// ```
    pub const ALL: &'static [Feature] = &[
        Feature::RightJoin,
        Feature::FullJoin,
        Feature::Lateral,
        Feature::DistinctOn,
        Feature::NullsOrdering,
        Feature::ILike,
        Feature::AggregateFilter,
        Feature::Rollup,
        Feature::WithRollup,
        Feature::Cube,
        Feature::GroupingSets,
        Feature::LockingReads,
        Feature::KeyLocks,
        Feature::ForShareSyntax,
        Feature::NoWait,
        Feature::SkipLocked,
        Feature::LockOf,
        Feature::SetOpAll,
        Feature::IntersectExcept,
        Feature::CteMaterialized,
        Feature::ParenthesizedSetMembers,
        Feature::GreatestLeast,
        Feature::LagLeadDefault,
        Feature::ReturningInsert,
        Feature::ReturningUpdate,
        Feature::ReturningDelete,
        Feature::UpdateFrom,
        Feature::MultiTableUpdate,
        Feature::DeleteUsing,
        Feature::MultiTableDelete,
        Feature::DmlOrderLimit,
        Feature::DataModifyingCte,
        Feature::Merge,
        Feature::DefaultInValues,
        Feature::OnConflictConstraint,
        Feature::UpsertWhere,
        Feature::BackslashLikeEscape,
        Feature::LimitInInSubquery,
        Feature::RollupOrderBy,
        Feature::DeleteAlias,
        Feature::AggregateOrderBy,
        Feature::WindowStringAgg,
        Feature::DefaultValuesUpsert,
        Feature::ReturningAliasQualified,
        Feature::QualifiedFunctionNames,
        Feature::FetchWithoutOrderBy,
        Feature::Upsert,
        Feature::StringAgg,
        Feature::QuantifiedSubquery,
        Feature::DerivedColumnList,
        Feature::StatisticalAggregates,
        Feature::BoolAggregates,
        Feature::BoolAggregatesAsMinMax,
        Feature::OrderedSetAggregates,
        Feature::NamedWindows,
        Feature::FetchWithTies,
        Feature::LockInSetOp,
        Feature::LockOnGroupedRows,
    ];

    /// What the feature is, as a short phrase (Markdown, SQL in backquotes).
    ///
    /// ```
    /// use sqlweave::Feature;
    /// assert_eq!(Feature::FullJoin.syntax(), "`FULL JOIN`");
    /// ```
    pub fn syntax(self) -> &'static str {
        match self {
            Feature::RightJoin => "`RIGHT JOIN`",
            Feature::FullJoin => "`FULL JOIN`",
            Feature::Lateral => "`LATERAL` derived tables",
            Feature::DistinctOn => "`SELECT DISTINCT ON (…)`",
            Feature::NullsOrdering => "`ORDER BY … NULLS FIRST / LAST`",
            Feature::ILike => "`ILIKE` (case-insensitive LIKE)",
            Feature::AggregateFilter => "`agg(…) FILTER (WHERE …)`",
            Feature::Rollup => "`GROUP BY ROLLUP (…)`",
            Feature::WithRollup => "`GROUP BY … WITH ROLLUP` (MySQL's form)",
            Feature::Cube => "`GROUP BY CUBE (…)`",
            Feature::GroupingSets => "`GROUP BY GROUPING SETS (…)`",
            Feature::LockingReads => "row locks: `FOR UPDATE` / `FOR SHARE`",
            Feature::KeyLocks => "`FOR NO KEY UPDATE` / `FOR KEY SHARE`",
            Feature::ForShareSyntax => "the spelling `FOR SHARE`",
            Feature::NoWait => "`NOWAIT`",
            Feature::SkipLocked => "`SKIP LOCKED`",
            Feature::LockOf => "`FOR UPDATE OF table`",
            Feature::SetOpAll => "`INTERSECT ALL` / `EXCEPT ALL`",
            Feature::IntersectExcept => "`INTERSECT` / `EXCEPT`",
            Feature::CteMaterialized => "`WITH … AS [NOT] MATERIALIZED`",
            Feature::ParenthesizedSetMembers => {
                "parenthesized members of a compound: `(SELECT … LIMIT 1) UNION …`"
            }
            Feature::GreatestLeast => "`GREATEST` / `LEAST`",
            Feature::LagLeadDefault => "a default value in `LAG` / `LEAD` (third argument)",
            Feature::ReturningInsert => "`INSERT … RETURNING`",
            Feature::ReturningUpdate => "`UPDATE … RETURNING`",
            Feature::ReturningDelete => "`DELETE … RETURNING`",
            Feature::UpdateFrom => "`UPDATE … FROM other`",
            Feature::MultiTableUpdate => "multi-table `UPDATE t, u SET …` (MySQL's form)",
            Feature::DeleteUsing => "`DELETE FROM t USING u`",
            Feature::MultiTableDelete => "multi-table `DELETE t FROM t, u` (MySQL's form)",
            Feature::DmlOrderLimit => "`ORDER BY` / `LIMIT` on a single-table UPDATE or DELETE",
            Feature::DataModifyingCte => "INSERT / UPDATE / DELETE inside `WITH`",
            Feature::Merge => "`MERGE`",
            Feature::DefaultInValues => "`DEFAULT` as a value in `INSERT … VALUES`",
            Feature::OnConflictConstraint => "`ON CONFLICT ON CONSTRAINT name`",
            Feature::UpsertWhere => "`WHERE` on an upsert's conflict target or `DO UPDATE`",
            Feature::BackslashLikeEscape => {
                "a backslash escapes in `LIKE` patterns without an `ESCAPE` clause"
            }
            Feature::LimitInInSubquery => "`LIMIT` directly inside `IN (subquery)`",
            Feature::RollupOrderBy => "`ORDER BY` together with `WITH ROLLUP`",
            Feature::DeleteAlias => "a table alias on a single-table `DELETE`",
            Feature::AggregateOrderBy => "`ORDER BY` inside any aggregate: `SUM(x ORDER BY y)`",
            Feature::WindowStringAgg => "string aggregation as a window function",
            Feature::DefaultValuesUpsert => "an upsert after `INSERT … DEFAULT VALUES`",
            Feature::ReturningAliasQualified => {
                "`RETURNING` columns qualified by the target table's alias"
            }
            Feature::QualifiedFunctionNames => "schema-qualified function names",
            Feature::FetchWithoutOrderBy => "`OFFSET … FETCH` without `ORDER BY`",
            Feature::Upsert => "upserts: `ON CONFLICT` / `ON DUPLICATE KEY UPDATE`",
            Feature::StringAgg => "string aggregation: `STRING_AGG` / `GROUP_CONCAT`",
            Feature::QuantifiedSubquery => "`x op ANY (subquery)` / `x op ALL (subquery)`",
            Feature::DerivedColumnList => {
                "column names on a derived table: `(SELECT …) AS t (a, b)`"
            }
            Feature::StatisticalAggregates => {
                "`STDDEV_SAMP` / `STDDEV_POP` / `VAR_SAMP` / `VAR_POP`"
            }
            Feature::BoolAggregates => "`BOOL_AND` / `BOOL_OR`",
            Feature::BoolAggregatesAsMinMax => {
                "`BOOL_AND` / `BOOL_OR` written `MIN` / `MAX` (booleans are 0 and 1)"
            }
            Feature::OrderedSetAggregates => {
                "`PERCENTILE_CONT` / `PERCENTILE_DISC … WITHIN GROUP (ORDER BY …)`"
            }
            Feature::NamedWindows => "named windows: `WINDOW w AS (…)`, `OVER w`",
            Feature::FetchWithTies => "`FETCH FIRST n ROWS WITH TIES`",
            Feature::LockInSetOp => {
                "a row lock on a member of a compound: `… UNION (SELECT … FOR UPDATE)`"
            }
            Feature::LockOnGroupedRows => {
                "a row lock on a SELECT with `DISTINCT`, `GROUP BY`, `HAVING`, an aggregate or a window function (or reading a derived table with one)"
            }
        }
    }

    /// What the renderer does, for `dialect`, with a statement that uses this feature
    /// when `dialect` does not list it ([`Dialect::supports`] is `false`): refuse it, or
    /// write it another way (the text says how). The answer may depend on the dialect's
    /// other answers (an alternative feature, [`Dialect::nulls_emulation`] …).
    ///
    /// ```
    /// use sqlweave::Feature;
    /// use sqlweave::dialect::WhenAbsent;
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_sqlite::Sqlite;
    ///
    /// assert_eq!(Feature::FullJoin.when_absent(&MySql::mysql8()), WhenAbsent::Refused);
    /// assert!(matches!(Feature::ILike.when_absent(&Sqlite), WhenAbsent::Emulated(how) if how.contains("LOWER")));
    /// ```
    pub fn when_absent(self, dialect: &dyn Dialect) -> WhenAbsent {
        use WhenAbsent::{Emulated, NotNeeded, Refused};
        match self {
            Feature::RightJoin
            | Feature::FullJoin
            | Feature::Lateral
            | Feature::DistinctOn
            | Feature::Cube
            | Feature::GroupingSets
            | Feature::LockingReads
            | Feature::KeyLocks
            | Feature::NoWait
            | Feature::SkipLocked
            | Feature::LockOf
            | Feature::SetOpAll
            | Feature::IntersectExcept
            | Feature::CteMaterialized
            | Feature::LagLeadDefault
            | Feature::ReturningInsert
            | Feature::ReturningUpdate
            | Feature::ReturningDelete
            | Feature::DmlOrderLimit
            | Feature::DataModifyingCte
            | Feature::Merge
            | Feature::OnConflictConstraint
            | Feature::UpsertWhere
            | Feature::RollupOrderBy
            | Feature::DeleteAlias
            | Feature::WindowStringAgg
            | Feature::DefaultValuesUpsert
            | Feature::QualifiedFunctionNames
            | Feature::Upsert
            | Feature::StringAgg
            | Feature::StatisticalAggregates
            | Feature::OrderedSetAggregates
            | Feature::NamedWindows
            | Feature::FetchWithTies
            | Feature::LockInSetOp
            | Feature::LockOnGroupedRows => Refused,
            Feature::QuantifiedSubquery => Emulated(
                "`= ANY (subquery)` as `IN (subquery)` and `<> ALL (subquery)` as `NOT IN (subquery)`; other comparisons refused",
            ),
            Feature::DerivedColumnList => Emulated(
                "the derived table is written through a CTE that carries the column names: `(WITH t (a, b) AS (…) SELECT * FROM t) AS t` (refused for LATERAL)",
            ),
            Feature::BoolAggregates if dialect.supports(Feature::BoolAggregatesAsMinMax) => {
                Emulated("`MIN(x)` / `MAX(x)`, booleans being the integers 0 and 1")
            }
            Feature::BoolAggregates => Refused,
            Feature::BoolAggregatesAsMinMax if dialect.supports(Feature::BoolAggregates) => {
                NotNeeded("`BOOL_AND` / `BOOL_OR` are written")
            }
            Feature::BoolAggregatesAsMinMax => Refused,
            Feature::AggregateOrderBy => Refused,
            Feature::NullsOrdering => match dialect.nulls_emulation() {
                NullsEmulation::IsNullKey => Emulated(
                    "an extra sort key `x IS NULL` (or `DESC`) before `x` (at most 4 nested levels: it repeats the expression)",
                ),
                NullsEmulation::CaseKey => Emulated(
                    "an extra sort key `CASE WHEN x IS NULL THEN 1 ELSE 0 END` before `x` (at most 4 nested levels: it repeats the expression)",
                ),
                NullsEmulation::None => Refused,
            },
            Feature::ILike => Emulated("`LOWER(x) LIKE LOWER(pattern)`"),
            Feature::AggregateFilter => Emulated(
                "the aggregate's argument as `CASE WHEN condition THEN argument END` (aggregates skip NULLs)",
            ),
            Feature::Rollup if dialect.supports(Feature::WithRollup) => Emulated(
                "`GROUP BY … WITH ROLLUP` when the rollup is the whole GROUP BY; refused combined with other grouping elements",
            ),
            Feature::Rollup => Refused,
            Feature::WithRollup if dialect.supports(Feature::Rollup) => {
                NotNeeded("the standard `ROLLUP (…)` is written")
            }
            Feature::WithRollup => Refused,
            Feature::ForShareSyntax if dialect.supports(Feature::LockingReads) => {
                Emulated("`LOCK IN SHARE MODE`")
            }
            Feature::ForShareSyntax => Refused,
            Feature::ParenthesizedSetMembers => Emulated(
                "a member with its own ORDER BY / LIMIT / WITH is wrapped as `SELECT * FROM (…)`",
            ),
            Feature::GreatestLeast => Emulated(
                "multi-argument `max(…)` / `min(…)` of `COALESCE`s, so that NULL arguments are ignored as PostgreSQL's `GREATEST` ignores them",
            ),
            Feature::UpdateFrom if dialect.supports(Feature::MultiTableUpdate) => {
                Emulated("the multi-table form `UPDATE t, u SET … WHERE …`")
            }
            Feature::UpdateFrom => Refused,
            Feature::MultiTableUpdate if dialect.supports(Feature::UpdateFrom) => {
                NotNeeded("`UPDATE … FROM` is written")
            }
            Feature::MultiTableUpdate => Refused,
            Feature::DeleteUsing if dialect.supports(Feature::MultiTableDelete) => {
                Emulated("the multi-table form `DELETE t FROM t, u WHERE …` (without RETURNING)")
            }
            // Neither form: the renderer keeps the rows for which a matching row exists.
            Feature::DeleteUsing => {
                Emulated("`DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE …)` (SQLite's form)")
            }
            Feature::MultiTableDelete if dialect.supports(Feature::DeleteUsing) => {
                NotNeeded("`DELETE … USING` is written")
            }
            Feature::MultiTableDelete => {
                NotNeeded("`DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE …)` is written")
            }
            Feature::DefaultInValues => Emulated(
                "the columns given DEFAULT are left out of the INSERT (refused when rows default different columns)",
            ),
            Feature::BackslashLikeEscape => Emulated(
                "`ESCAPE '\\'` is written after a pattern with no ESCAPE of its own, so it means the same",
            ),
            Feature::LimitInInSubquery => Emulated(
                "the subquery is wrapped in a derived table: `IN (SELECT * FROM (…) AS …)`",
            ),
            Feature::ReturningAliasQualified => {
                Emulated("RETURNING columns are qualified by the table's name instead of its alias")
            }
            Feature::FetchWithoutOrderBy if dialect.limit_style() != LimitStyle::OffsetFetch => {
                NotNeeded("`LIMIT` is written, which needs no ORDER BY")
            }
            Feature::FetchWithoutOrderBy => Refused,
        }
    }
}

impl DdlFeature {
    /// Every DDL feature, in declaration order.
    pub const ALL: &'static [DdlFeature] = &[
        DdlFeature::AlterConstraints,
        DdlFeature::AlterColumnType,
        DdlFeature::ModifyColumn,
        DdlFeature::AlterColumnDefault,
        DdlFeature::MultipleAlterOps,
        DdlFeature::ForwardReferences,
        DdlFeature::PartialIndexes,
        DdlFeature::ExpressionIndexes,
        DdlFeature::CreateIndexIfNotExists,
        DdlFeature::DropIndexIfExists,
        DdlFeature::DropCascade,
        DdlFeature::CreateOrReplaceView,
        DdlFeature::CreateViewIfNotExists,
        DdlFeature::Sequences,
        DdlFeature::StoredGeneratedColumns,
        DdlFeature::VirtualGeneratedColumns,
        DdlFeature::DeferrableConstraints,
        DdlFeature::FkSetDefault,
        DdlFeature::UnboundedKeys,
        DdlFeature::AddColumnKeys,
        DdlFeature::AddStoredGeneratedColumn,
        DdlFeature::ColumnReferences,
        DdlFeature::NotNullGenerated,
        DdlFeature::TransactionalDdl,
    ];

    /// What the DDL feature is, as a short phrase (Markdown).
    pub fn syntax(self) -> &'static str {
        match self {
            DdlFeature::AlterConstraints => "`ALTER TABLE … ADD / DROP CONSTRAINT`",
            DdlFeature::AlterColumnType => {
                "`ALTER COLUMN … TYPE` / `SET NOT NULL` / `DROP NOT NULL`"
            }
            DdlFeature::ModifyColumn => "`ALTER TABLE … MODIFY COLUMN` (a whole new definition)",
            DdlFeature::AlterColumnDefault => "`ALTER COLUMN … SET DEFAULT` / `DROP DEFAULT`",
            DdlFeature::MultipleAlterOps => "several operations in one `ALTER TABLE`",
            DdlFeature::ForwardReferences => "a foreign key naming a table not created yet",
            DdlFeature::PartialIndexes => "partial indexes: `CREATE INDEX … WHERE`",
            DdlFeature::ExpressionIndexes => "indexes on expressions",
            DdlFeature::CreateIndexIfNotExists => "`CREATE INDEX IF NOT EXISTS`",
            DdlFeature::DropIndexIfExists => "`DROP INDEX IF EXISTS`",
            DdlFeature::DropCascade => "`DROP … CASCADE`",
            DdlFeature::CreateOrReplaceView => "`CREATE OR REPLACE VIEW`",
            DdlFeature::CreateViewIfNotExists => "`CREATE VIEW IF NOT EXISTS`",
            DdlFeature::Sequences => "`CREATE SEQUENCE`",
            DdlFeature::StoredGeneratedColumns => "`GENERATED ALWAYS AS (…) STORED`",
            DdlFeature::VirtualGeneratedColumns => "`GENERATED ALWAYS AS (…) VIRTUAL`",
            DdlFeature::DeferrableConstraints => "`DEFERRABLE INITIALLY DEFERRED` foreign keys",
            DdlFeature::FkSetDefault => "`ON DELETE / ON UPDATE SET DEFAULT`",
            DdlFeature::UnboundedKeys => "keys and indexes on unbounded text and bytes",
            DdlFeature::AddColumnKeys => "`PRIMARY KEY` / `UNIQUE` in `ADD COLUMN`",
            DdlFeature::AddStoredGeneratedColumn => "`ADD COLUMN` of a STORED generated column",
            DdlFeature::ColumnReferences => "`REFERENCES` in a column definition, enforced",
            DdlFeature::NotNullGenerated => "`NOT NULL` on a generated column",
            DdlFeature::TransactionalDdl => "DDL inside transactions, rolled back with them",
        }
    }

    /// What the renderer (or, for [`DdlFeature::TransactionalDdl`], the execution layer)
    /// does for `dialect` when it does not list this feature.
    pub fn when_absent(self, dialect: &dyn Dialect) -> WhenAbsent {
        use WhenAbsent::{Emulated, Refused};
        match self {
            DdlFeature::ModifyColumn if dialect.supports_ddl(DdlFeature::AlterColumnType) => {
                Emulated(
                    "`ALTER COLUMN … TYPE`, `SET / DROP NOT NULL` and `SET / DROP DEFAULT` in one statement (type, nullability and default only)",
                )
            }
            DdlFeature::ForwardReferences if dialect.supports_ddl(DdlFeature::AlterConstraints) => {
                Emulated(
                    "tables in a foreign-key cycle are created without the cycle's keys, which `ALTER TABLE … ADD CONSTRAINT` adds after",
                )
            }
            DdlFeature::ColumnReferences => {
                Emulated("the foreign key is written as a `FOREIGN KEY` clause of the table")
            }
            DdlFeature::TransactionalDdl => Emulated(
                "`create_all` / `drop_all` / `execute_all` undo what they ran, statement by statement, when a later statement fails",
            ),
            DdlFeature::AlterConstraints
            | DdlFeature::AlterColumnType
            | DdlFeature::ModifyColumn
            | DdlFeature::AlterColumnDefault
            | DdlFeature::MultipleAlterOps
            | DdlFeature::ForwardReferences
            | DdlFeature::PartialIndexes
            | DdlFeature::ExpressionIndexes
            | DdlFeature::CreateIndexIfNotExists
            | DdlFeature::DropIndexIfExists
            | DdlFeature::DropCascade
            | DdlFeature::CreateOrReplaceView
            | DdlFeature::CreateViewIfNotExists
            | DdlFeature::Sequences
            | DdlFeature::StoredGeneratedColumns
            | DdlFeature::VirtualGeneratedColumns
            | DdlFeature::DeferrableConstraints
            | DdlFeature::FkSetDefault
            | DdlFeature::UnboundedKeys
            | DdlFeature::AddColumnKeys
            | DdlFeature::AddStoredGeneratedColumn
            | DdlFeature::NotNullGenerated => Refused,
        }
    }
}
