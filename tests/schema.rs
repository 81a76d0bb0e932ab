//! Tables declared statically and at run time, aliases and schema-qualified names.

mod common;

use common::shop::Customers;
use common::{Env, ok};
use sqlweave::{DynTable, Expr, Select, SqlType, Table, TableRef, TypedExpr, table};

table! {
    /// The fixture's customers table, qualified by a schema.
    pub struct QualifiedCustomers("shop", "customers") {
        id: i64,
        name: String = "name",
    }
}

#[test]
fn schema_qualified_static_table() {
    let c = QualifiedCustomers::new();
    let q = Select::new()
        .cols((c.id, c.name))
        .from(c)
        .filter(c.id.eq(1));
    golden!(q,
        sqlite: ok(r#"SELECT "shop"."customers"."id", "shop"."customers"."name" FROM "shop"."customers" WHERE "shop"."customers"."id" = ?"#, p![1_i64]),
        postgres: ok(r#"SELECT "shop"."customers"."id", "shop"."customers"."name" FROM "shop"."customers" WHERE "shop"."customers"."id" = $1"#, p![1_i64]),
        mysql: ok("SELECT `shop`.`customers`.`id`, `shop`.`customers`.`name` FROM `shop`.`customers` WHERE `shop`.`customers`.`id` = ?", p![1_i64]),
    );
    let a = c.alias("k");
    let aliased = Select::new().column(a.name).from(a).filter(a.id.eq(1));
    golden!(aliased,
        sqlite: ok(r#"SELECT "k"."name" FROM "shop"."customers" AS "k" WHERE "k"."id" = ?"#, p![1_i64]),
        postgres: ok(r#"SELECT "k"."name" FROM "shop"."customers" AS "k" WHERE "k"."id" = $1"#, p![1_i64]),
        mysql: ok("SELECT `k`.`name` FROM `shop`.`customers` AS `k` WHERE `k`.`id` = ?", p![1_i64]),
    );
    assert_eq!(c.columns().len(), 2);
}

#[test]
fn schema_qualified_tables_run_everywhere() {
    let mut env = Env::new();
    let schema = env.schema_name().to_string();
    // SQLite's schema is the attached database name: "main".
    for conn in env.conns() {
        let schema = match conn.dialect().name() {
            "SQLite" => "main".to_string(),
            _ => schema.clone(),
        };
        let t = TableRef::with_schema(schema.clone(), "customers");
        let q = Select::new()
            .column(t.col("name"))
            .from(t.clone())
            .filter(t.col("id").eq(4_i64));
        assert_eq!(common::run(conn, &q), common::rows(&[&["Dave"]]));
    }
}

#[test]
fn runtime_tables_for_reporting_code() {
    // A report whose grouping column and measure are chosen at run time.
    let t = DynTable::new("order_items")
        .column("order_id", SqlType::Integer, false)
        .column("product_id", SqlType::Integer, false)
        .column("quantity", SqlType::Integer, false);
    let group_by = "product_id";
    let measure = "quantity";
    let q = Select::new()
        .column(t.col(group_by).unwrap())
        .column_as(sqlweave::func::sum(t.col(measure).unwrap()), "total")
        .from(t.clone())
        .group_by([t.col(group_by).unwrap()])
        .order_by(Expr::column("total").desc())
        .order_by(t.col(group_by).unwrap().asc())
        .limit(2);
    golden!(q,
        sqlite: ok(r#"SELECT "order_items"."product_id", SUM("order_items"."quantity") AS "total" FROM "order_items" GROUP BY "order_items"."product_id" ORDER BY "total" DESC, "order_items"."product_id" LIMIT ?"#, p![2_i64]),
        postgres: ok(r#"SELECT "order_items"."product_id", SUM("order_items"."quantity") AS "total" FROM "order_items" GROUP BY "order_items"."product_id" ORDER BY "total" DESC, "order_items"."product_id" LIMIT $1"#, p![2_i64]),
        mysql: ok("SELECT `order_items`.`product_id`, SUM(`order_items`.`quantity`) AS `total` FROM `order_items` GROUP BY `order_items`.`product_id` ORDER BY `total` DESC, `order_items`.`product_id` LIMIT ?", p![2_i64]),
    );
    assert!(t.col("no_such_column").is_err());
    // Static and dynamic paths build the same tree.
    let c = Customers::new();
    let dynamic = DynTable::new("customers").column("id", SqlType::BigInt, false);
    assert_eq!(Expr::from(c.id), dynamic.col("id").unwrap());
    assert_eq!(c.id.eq(3).into_expr(), dynamic.col("id").unwrap().eq(3_i64));
    let mut env = Env::new();
    env.check(&q, &[&["1", "14"], &["2", "4"]]);
}
