//! A sales report, for people who write reports: totals per region, each region's share
//! of the whole, and a rank within it — aggregates, a window function and a filter chosen
//! at run time — on whichever database a URL names.
//!
//! ```text
//! cargo run --example report                                   # embedded SQLite, no setup
//! cargo run --example report -- postgres://postgres@127.0.0.1/test
//! cargo run --example report -- mysql://root@127.0.0.1:3306/test
//! cargo run --example report -- sqlite:///sales.db -- 2024      # only 2024's sales
//! ```
//!
//! The URL may also come from `DATABASE_URL`. On a server it creates a table named
//! `sw_example_sales` in the database the URL names and drops it at the end.

use std::error::Error;

use sqlweave::ddl::{ColumnDef, ColumnType};
use sqlweave::dml::Insert;
use sqlweave::func::{count_star, rank, sum};
use sqlweave::{Executor, Expr, Select, SqlType, Statement, TypedExpr, Window, all_of, table};

table! {
    /// One line per sale.
    pub struct Sales("sw_example_sales") {
        id: i64,
        region: String,
        seller: String,
        year: i64,
        amount: i64,
    }
}

/// The report: per region and seller, the number of sales, the total, the region's
/// total beside it and the seller's rank in the region — for one year, or all.
fn report(year: Option<i64>) -> Select {
    let s = Sales::new();
    let total = sum(s.amount);
    let in_region = Window::new().partition_by([s.region.expr()]);
    Select::new()
        .column(s.region)
        .column(s.seller)
        .column_as(count_star(), "sales")
        .column_as(total.clone().cast(SqlType::BigInt), "total")
        .column_as(
            sum(total.clone())
                .over(in_region.clone())
                .cast(SqlType::BigInt),
            "region_total",
        )
        .column_as(
            rank().over(in_region.order_by(total.clone().desc())),
            "rank",
        )
        .from(s)
        .filter(all_of(year.map(|y| s.year.eq(y))))
        .group_by([s.region.expr(), s.seller.expr()])
        .order_by(s.region.asc())
        .order_by(Expr::column("rank").asc())
        .order_by(s.seller.asc())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1).filter(|a| a != "--");
    let url = args
        .next()
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .unwrap_or_else(|| "sqlite::memory:".into());
    let year: Option<i64> = args.next().map(|y| y.parse()).transpose()?;
    let mut db = sqlweave_connect::connect(&url)?;
    println!(
        "database: {} ({})",
        db.dialect().name(),
        sqlweave_connect::DatabaseUrl::parse(&url)?
    );

    let s = Sales::new();
    let def = Sales::table_def()
        .column(ColumnDef::of(s.id).primary_key())
        .column(ColumnDef::of(s.region).ty(ColumnType::Varchar(20)))
        .column(ColumnDef::of(s.seller).ty(ColumnType::Varchar(20)));
    db.execute(&def.drop().if_exists())?;
    db.execute(&def.create())?;
    let rows = [
        (1, "North", "ada", 2023, 120),
        (2, "North", "ada", 2024, 300),
        (3, "North", "brian", 2024, 180),
        (4, "North", "brian", 2024, 20),
        (5, "South", "chen", 2023, 90),
        (6, "South", "chen", 2024, 250),
        (7, "South", "dana", 2024, 250),
        (8, "West", "eve", 2024, 75),
    ];
    let insert = Insert::into(s)
        .columns((s.id, s.region, s.seller, s.year, s.amount))
        .rows(rows.map(|(id, r, p, y, a)| (id as i64, r, p, y as i64, a as i64)));
    db.execute(&insert)?;

    let q = report(year);
    let rendered = q.render_for(db.dialect())?;
    println!("SQL:    {}\nparams: {:?}\n", rendered.sql, rendered.params);

    println!("| region | seller | sales | total | region total | rank |");
    println!("|--------|--------|-------|-------|--------------|------|");
    for row in db.fetch_all(&q)?.rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.col(s.region)?,
            row.col(s.seller)?,
            row.get_by_label::<i64>("sales")?,
            row.get_by_label::<i64>("total")?,
            row.get_by_label::<i64>("region_total")?,
            row.get_by_label::<i64>("rank")?,
        );
    }
    db.execute(&def.drop())?;
    Ok(())
}
