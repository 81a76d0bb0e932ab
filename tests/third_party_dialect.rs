//! A dialect written outside sqlweave, for an engine unlike the three built-in ones:
//! SQL Server's T-SQL (`[name]` quoting, `@p1` placeholders, `OFFSET … FETCH` instead of
//! LIMIT, no boolean literals, no `x IS NULL` sort keys). It uses only the public
//! `Dialect` trait, as a crate of someone else's would, and each construct it renders is
//! pinned as golden text, each one it cannot express as a refusal.

use sqlweave::dialect::{ConcatStyle, LimitStyle, NullsEmulation};
use sqlweave::dml::Insert;
use sqlweave::{Dialect, Error, Expr, Feature, Select, Statement, TableRef, Value, func};

/// SQL Server as a third party would describe it.
struct TSql;

impl Dialect for TSql {
    fn name(&self) -> &'static str {
        "T-SQL"
    }
    fn identifier_quotes(&self) -> (char, char) {
        ('[', ']')
    }
    fn write_placeholder(&self, out: &mut String, n: usize) {
        out.push_str("@p");
        out.push_str(&n.to_string());
    }
    fn numbered_placeholders(&self) -> bool {
        true
    }
    fn max_identifier_bytes(&self) -> usize {
        128
    }
    fn max_params(&self) -> usize {
        2_100
    }
    /// Opt in, one by one: anything sqlweave adds later is refused here until this list
    /// names it.
    fn supports(&self, feature: Feature) -> bool {
        matches!(
            feature,
            Feature::RightJoin
                | Feature::FullJoin
                | Feature::IntersectExcept
                | Feature::GreatestLeast
                | Feature::QualifiedFunctionNames
        )
    }
    fn concat_style(&self) -> ConcatStyle {
        ConcatStyle::ConcatFunction
    }
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::OffsetFetch
    }
    fn nulls_emulation(&self) -> NullsEmulation {
        NullsEmulation::CaseKey
    }
    fn boolean_literal(&self, value: bool) -> &'static str {
        if value { "(1 = 1)" } else { "(1 = 0)" }
    }
    fn char_length_function(&self) -> &'static str {
        "LEN"
    }
}

fn sql(q: &dyn Statement) -> (String, Vec<Value>) {
    let r = q.render_for(&TSql).unwrap_or_else(|e| panic!("T-SQL: {e}"));
    (r.sql, r.params)
}

fn refused(q: &dyn Statement, needle: &str) {
    match q.render_for(&TSql) {
        Err(
            e @ Error::Unsupported {
                dialect: "T-SQL", ..
            },
        ) => {
            assert!(e.to_string().contains(needle), "{e}")
        }
        other => panic!("expected T-SQL to refuse ({needle}), got {other:?}"),
    }
}

#[test]
fn quoting_placeholders_and_paging() {
    let t = TableRef::new("order]s");
    let q = Select::new()
        .column(t.col("first name"))
        .from(t.clone())
        .filter(
            t.col("id")
                .gt(10)
                .and(t.col("name").eq(Expr::param("n")))
                .or(t.col("alt").eq(Expr::param("n"))),
        )
        .order_by(t.col("id"))
        .limit(20)
        .offset(40);
    let (text, params) = sql(&q);
    assert_eq!(
        text,
        "SELECT [order]]s].[first name] FROM [order]]s] WHERE [order]]s].[id] > @p1 AND [order]]s].[name] = @p2 OR [order]]s].[alt] = @p2 ORDER BY [order]]s].[id] OFFSET @p3 ROWS FETCH NEXT @p4 ROWS ONLY"
    );
    assert_eq!(
        params.len(),
        4,
        "the named parameter is one parameter used twice"
    );
    // OFFSET alone, and no paging at all.
    let q = Select::new()
        .column(t.col("id"))
        .from(t.clone())
        .order_by(t.col("id"))
        .offset(5);
    assert_eq!(
        sql(&q).0,
        "SELECT [order]]s].[id] FROM [order]]s] ORDER BY [order]]s].[id] OFFSET @p1 ROWS"
    );
    // SQL Server needs ORDER BY for OFFSET / FETCH: refused rather than sent.
    refused(
        &Select::new().column(t.col("id")).from(t.clone()).limit(1),
        "without ORDER BY",
    );
}

#[test]
fn sort_keys_booleans_and_functions() {
    let t = TableRef::new("t");
    let q = Select::new()
        .column(t.col("a").concat("!"))
        .column(func::length(t.col("a")))
        .from(t.clone())
        .filter(Expr::True.and(t.col("b").in_list(Vec::<Expr>::new()).not()))
        .order_by(t.col("a").desc().nulls_last());
    assert_eq!(
        sql(&q).0,
        "SELECT CONCAT([t].[a], @p1), LEN([t].[a]) FROM [t] WHERE (1 = 1) AND NOT ((1 = 0)) ORDER BY CASE WHEN [t].[a] IS NULL THEN 1 ELSE 0 END, [t].[a] DESC"
    );
    let q = Select::new()
        .column(func::call("dbo.tax", [t.col("a")]))
        .from(t.clone());
    assert_eq!(sql(&q).0, "SELECT [dbo].[tax]([t].[a]) FROM [t]");
}

/// What T-SQL writes differently, or not at all, is refused: never the built-in
/// dialects' text.
#[test]
fn what_it_never_opted_in_to_is_refused() {
    let t = TableRef::new("t");
    let base = || Select::new().column(t.col("a")).from(t.clone());
    refused(&base().distinct_on([t.col("a")]), "DISTINCT ON");
    refused(
        &Select::new()
            .column(func::string_agg(t.col("a"), ", "))
            .from(t.clone()),
        "string aggregation",
    );
    refused(
        &Select::new()
            .column(t.col("a").int_div(t.col("b")))
            .from(t.clone()),
        "integer division",
    );
    refused(
        &Insert::into(t.clone())
            .columns(["a"])
            .values([1])
            .on_conflict_do_nothing(["a"]),
        "upserts",
    );
    refused(
        &Insert::into(t.clone())
            .columns(["a"])
            .values([1])
            .returning([t.col("a")]),
        "RETURNING",
    );
    refused(&base().for_update(), "row locking");
}
