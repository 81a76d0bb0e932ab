//! The reporting suite: realistic analytical queries over a seven-table schema
//! (tests/reporting/data.rs), each written with the typed API only — no `Typed::assume`,
//! no `Expr`, no raw SQL — next to the same query written by hand in SQL for each
//! database. Every query runs on SQLite, PostgreSQL and MariaDB; its rows must equal the
//! hand-written query's rows on the same database, and the three databases must agree.

mod common;
#[path = "reporting/data.rs"]
mod data;
#[path = "reporting/schema.rs"]
mod schema;

#[test]
fn data_loads_everywhere() {
    let mut spaces = data::open();
    for conn in spaces.conns() {
        let rows = conn
            .query_sql("SELECT COUNT(*) FROM order_items", &[])
            .unwrap();
        assert!(
            rows.rows[0].get::<i64>(0).unwrap() > 3000,
            "{}",
            conn.dialect().name()
        );
    }
}

#[path = "reporting/built.rs"]
mod built;
#[path = "reporting/hand.rs"]
mod hand;

use sqlweave::TypedQuery;
use sqlweave_harness::canon_rows;

/// Runs the built query and its hand-written twin on every database: the rows must be
/// equal (as canonical text) on each, the three databases must agree, and the typed
/// fetch must decode every row into the select list's Rust types.
fn check<Q: TypedQuery>(
    spaces: &mut sqlweave_harness::Spaces,
    name: &str,
    q: &Q,
    hand: &hand::Hand,
) -> Vec<String> {
    let mut failures = Vec::new();
    let mut answers: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let built = match conn.fetch_all(q) {
            Ok(rows) => canon_rows(&rows),
            Err(e) => {
                failures.push(format!("{name} on {db}: {e}"));
                continue;
            }
        };
        let by_hand = canon_rows(&conn.query_sql(hand.for_dialect(db), &[]).unwrap());
        if built != by_hand {
            let diff: Vec<_> = built
                .iter()
                .zip(&by_hand)
                .filter(|(a, b)| a != b)
                .take(3)
                .collect();
            failures.push(format!(
                "{name} on {db}: built {} rows, by hand {} rows; first differences {diff:?}",
                built.len(),
                by_hand.len()
            ));
        }
        match q.fetch_all(conn) {
            Ok(rows) => assert_eq!(rows.len(), built.len(), "{name} on {db}: typed rows"),
            Err(e) => failures.push(format!("{name} on {db}: typed fetch: {e}")),
        }
        answers.push((db, built));
    }
    if let Some(((first_db, first), rest)) = answers.split_first() {
        if first.is_empty() {
            failures.push(format!("{name} returns no rows on {first_db}"));
        }
        for (db, rows) in rest {
            if rows != first {
                failures.push(format!("{name}: {first_db} and {db} disagree"));
            }
        }
    }
    failures
}

macro_rules! suite {
    ($spaces:ident, $failures:ident; $($name:ident => $hand:ident),* $(,)?) => {{
        let mut count = 0;
        $(
            count += 1;
            let q = built::$name();
            #[allow(irrefutable_let_patterns)]
            let q = suite!(@ok q, stringify!($name));
            $failures.extend(check(&mut $spaces, stringify!($name), &q, &hand::$hand));
        )*
        count
    }};
    (@ok $q:ident, $name:expr) => { IntoQuery::into_query($q, $name) };
}

/// A built query, or a `Result` of one (derived tables and CTEs check their names).
trait IntoQuery<Q> {
    fn into_query(self, name: &str) -> Q;
}
impl<R> IntoQuery<sqlweave::TypedSelect<R>> for sqlweave::TypedSelect<R> {
    fn into_query(self, _: &str) -> sqlweave::TypedSelect<R> {
        self
    }
}
impl<R> IntoQuery<sqlweave::TypedSelect<R>> for sqlweave::Result<sqlweave::TypedSelect<R>> {
    fn into_query(self, name: &str) -> sqlweave::TypedSelect<R> {
        self.unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

#[test]
fn built_queries_match_the_hand_written_ones() {
    let mut spaces = data::open();
    let mut failures = Vec::new();
    let count = suite!(spaces, failures;
        revenue_by_region => REVENUE_BY_REGION,
        monthly_revenue_2024 => MONTHLY_REVENUE_2024,
        top_customers => TOP_CUSTOMERS,
        customers_without_orders => CUSTOMERS_WITHOUT_ORDERS,
        products_never_ordered => PRODUCTS_NEVER_ORDERED,
        avg_order_value_by_status => AVG_ORDER_VALUE_BY_STATUS,
        orders_far_above_average_line => ORDERS_FAR_ABOVE_AVERAGE_LINE,
        settled_and_cancelled_by_category => SETTLED_AND_CANCELLED_BY_CATEGORY,
        customers_by_tier => CUSTOMERS_BY_TIER,
        running_total_2024 => RUNNING_TOTAL_2024,
        top_products_per_category => TOP_PRODUCTS_PER_CATEGORY,
        latest_order_per_customer => LATEST_ORDER_PER_CUSTOMER,
        underpaid_orders => UNDERPAID_ORDERS,
        payment_delay_by_method => PAYMENT_DELAY_BY_METHOD,
        signups_in_90_days_by_region => SIGNUPS_IN_90_DAYS_BY_REGION,
        discounted_revenue_by_category => DISCOUNTED_REVENUE_BY_CATEGORY,
        shipping_by_region => SHIPPING_BY_REGION,
        customers_active_in_many_months => CUSTOMERS_ACTIVE_IN_MANY_MONTHS,
        weight_by_category => WEIGHT_BY_CATEGORY,
        orders_by_year_and_quarter => ORDERS_BY_YEAR_AND_QUARTER,
        always_settled_customers => ALWAYS_SETTLED_CUSTOMERS,
        products_above_category_average => PRODUCTS_ABOVE_CATEGORY_AVERAGE,
        spend_buckets => SPEND_BUCKETS,
        customers_with_a_large_order => CUSTOMERS_WITH_A_LARGE_ORDER,
        most_expensive_per_category => MOST_EXPENSIVE_PER_CATEGORY,
        category_tree => CATEGORY_TREE,
        revenue_by_year_with_change => REVENUE_BY_YEAR_WITH_CHANGE,
        events_per_quarter_2024 => EVENTS_PER_QUARTER_2024,
        email_domains => EMAIL_DOMAINS,
    );
    // Every hand-written query has its built twin.
    assert_eq!(count, hand::ALL.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The hand-written queries agree across the three databases (which checks them too).
#[test]
fn hand_written_queries_agree_across_databases() {
    let mut spaces = data::open();
    let mut failures = Vec::new();
    for (name, hand) in hand::ALL {
        let mut answers: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
        for conn in spaces.conns() {
            let db = conn.dialect().name();
            match conn.query_sql(hand.for_dialect(db), &[]) {
                Ok(rows) => answers.push((db, sqlweave_harness::canon_rows(&rows))),
                Err(e) => failures.push(format!("{name} on {db}: {e}")),
            }
        }
        if let Some(((first_db, first), rest)) = answers.split_first() {
            assert!(!first.is_empty(), "{name} returns no rows on {first_db}");
            for (db, rows) in rest {
                if rows != first {
                    let diff: Vec<_> = first
                        .iter()
                        .zip(rows)
                        .filter(|(a, b)| a != b)
                        .take(3)
                        .collect();
                    failures.push(format!(
                        "{name}: {first_db} vs {db}: {} vs {} rows; first differences {diff:?}",
                        first.len(),
                        rows.len()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
