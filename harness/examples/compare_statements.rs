//! Checks a few generated statements on SQLite, PostgreSQL and MariaDB, as an ORM's test
//! would: load the schema and rows once, then `check` each statement.
//!
//! ```sh
//! cargo run -p sqlweave-harness --all-features --example compare_statements
//! ```
//!
//! Servers come from `SQLWEAVE_PG_URL` / `SQLWEAVE_MYSQL_URL` (local defaults); one that
//! does not answer is skipped, or an error with `SQLWEAVE_REQUIRE_SERVERS=1`. It exits
//! with an error when a statement expected to agree does not.

use sqlweave::{Expr, Select, TableRef, func};
use sqlweave_harness::{Config, Harness};

/// The schema and rows, in each database's own types.
fn setup(dialect: &str) -> String {
    let (text, money) = match dialect {
        "SQLite" => ("TEXT", "NUMERIC"),
        "PostgreSQL" => ("TEXT", "NUMERIC(10, 2)"),
        _ => ("VARCHAR(40)", "DECIMAL(10, 2)"),
    };
    format!(
        "CREATE TABLE products (id INTEGER PRIMARY KEY, name {text} NOT NULL, price {money}, stock INTEGER);
         INSERT INTO products VALUES
           (1, 'lamp', 19.90, 4), (2, 'desk', 120, 0), (3, 'chair', 45.50, NULL);"
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut h = Harness::with_config(&Config::from_env().prefix("example"), setup)?;
    let products = TableRef::new("products");
    let p = |c: &'static str| products.col(c);

    // What the ORM generated, and whether the databases must agree on it.
    let statements: Vec<(&str, Select, bool)> = vec![
        (
            "in stock, cheapest first",
            Select::new()
                .column(p("name"))
                .column(p("price"))
                .from(products.clone())
                .filter(func::coalesce([p("stock"), Expr::value(0_i64)]).gt(0))
                .order_by(p("price")),
            true,
        ),
        (
            "stock per product, halved",
            Select::new()
                .column(p("id"))
                .column(p("stock").int_div(2).label("half"))
                .from(products.clone())
                .order_by(p("id")),
            true,
        ),
        (
            // Plain `/` is each database's own: 4 / 3 is 1 on SQLite and PostgreSQL,
            // 1.3333 on MariaDB.
            "plain division (differs on MariaDB)",
            Select::new()
                .column(p("id"))
                .column(p("stock").div(3).label("third"))
                .from(products.clone())
                .order_by(p("id")),
            false,
        ),
    ];

    let mut unexpected = 0;
    for (name, q, must_agree) in &statements {
        match h.check(q) {
            Ok(rows) => println!("agree   {name}: {rows:?}"),
            Err(d) => {
                println!("DIFFER  {name}:\n{d}");
                if *must_agree {
                    unexpected += 1;
                }
            }
        }
    }
    for (database, n) in h.compared() {
        println!("{n} statements compared on {database}");
    }
    if unexpected > 0 {
        return Err(format!("{unexpected} statement(s) gave different answers").into());
    }
    Ok(())
}
