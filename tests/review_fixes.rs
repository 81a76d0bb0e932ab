//! Cases found by review: each renders the SQL every database reads the same way, or is
//! a clear error — checked in golden SQL and, where it runs, on the databases.

mod common;

use common::shop::{Customers, OrderItems, Orders, Products};
use common::{Env, err, ok};
use sqlweave::dml::{Delete, Insert};
use sqlweave::{Expr, GroupItem, Select, SqlType, TableRef, TypedExpr, Window, func, table};

table! {
    /// Upsert target for INSERT … SELECT.
    pub struct Ids("ids") { id: i64 }
}

#[test]
fn keywords_are_not_function_names() {
    let c = Customers::new();
    for kw in ["not", "DISTINCT", "exists", "Case", "cast", "interval"] {
        let q = Select::new()
            .column(func::call(kw, [Expr::from(c.id)]).is_null())
            .from(c);
        golden!(q,
            sqlite: err("an SQL keyword"),
            postgres: err("an SQL keyword"),
            mysql: err("an SQL keyword"),
        );
    }
}

#[test]
fn filter_is_for_aggregates_only() {
    let o = Orders::new();
    let q = Select::new()
        .column(
            func::row_number()
                .filter(o.status.eq("paid"))
                .over(Window::new().order_by(o.id.asc())),
        )
        .from(o);
    golden!(q,
        sqlite: err("FILTER applies to aggregates"),
        postgres: err("FILTER applies to aggregates"),
        mysql: err("FILTER applies to aggregates"),
    );
}

#[test]
fn coalesce_greatest_least_need_two_arguments() {
    let c = Customers::new();
    for e in [
        func::coalesce([Expr::from(c.id)]),
        func::greatest([Expr::from(c.id)]),
        func::least([Expr::from(c.id)]),
    ] {
        let q = Select::new().column(e).from(c);
        golden!(q,
            sqlite: err("2 to"),
            postgres: err("2 to"),
            mysql: err("2 to"),
        );
    }
}

#[test]
fn limit_inside_in_subquery_is_wrapped_on_mysql() {
    let c = Customers::new();
    let o = Orders::new();
    let first_two = Select::new()
        .column(o.customer_id)
        .from(o)
        .order_by(o.id.asc())
        .limit(2);
    let q = Select::new()
        .column(c.name)
        .from(c)
        .filter(c.id.in_query(first_two))
        .order_by(c.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."name" FROM "customers" WHERE "customers"."id" IN (SELECT "orders"."customer_id" FROM "orders" ORDER BY "orders"."id" LIMIT ?) ORDER BY "customers"."id""#, p![2_i64]),
        postgres: ok(r#"SELECT "customers"."name" FROM "customers" WHERE "customers"."id" IN (SELECT "orders"."customer_id" FROM "orders" ORDER BY "orders"."id" LIMIT $1) ORDER BY "customers"."id""#, p![2_i64]),
        mysql: ok("SELECT `customers`.`name` FROM `customers` WHERE `customers`.`id` IN (SELECT * FROM (SELECT `orders`.`customer_id` FROM `orders` ORDER BY `orders`.`id` LIMIT ?) AS `sqlweave_in`) ORDER BY `customers`.`id`", p![2_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["Alice"]]);
}

#[test]
fn with_rollup_and_order_by() {
    let p = Products::new();
    let q = Select::new()
        .cols((p.category, func::count_star()))
        .from(p)
        .group_by_item(GroupItem::Rollup(vec![p.category.into()]))
        .order_by(p.category.asc());
    golden!(q,
        sqlite: err("ROLLUP"),
        postgres: ok(r#"SELECT "products"."category", COUNT(*) FROM "products" GROUP BY ROLLUP ("products"."category") ORDER BY "products"."category""#, p![]),
        // MySQL 8.0.12+ accepts ORDER BY with WITH ROLLUP; MariaDB does not.
        mysql: ok("SELECT `products`.`category`, COUNT(*) FROM `products` GROUP BY `products`.`category` WITH ROLLUP ORDER BY `products`.`category`", p![]),
        mariadb: err("MariaDB does not support ORDER BY together with WITH ROLLUP"),
    );
}

#[test]
fn like_escapes_mean_the_same_everywhere() {
    let p = Products::new();
    // No ESCAPE: a backslash escapes on PostgreSQL and MySQL; SQLite is told so.
    let q = Select::new()
        .column(p.name)
        .from(p)
        .filter(p.name.like("W\\%"))
        .order_by(p.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE ? ESCAPE '\' ORDER BY "products"."id""#, p!["W\\%"]),
        postgres: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE $1 ORDER BY "products"."id""#, p!["W\\%"]),
        mysql: ok("SELECT `products`.`name` FROM `products` WHERE `products`.`name` LIKE ? ORDER BY `products`.`id`", p!["W\\%"]),
    );
    // An upper-case escape character would be lowered with the pattern.
    let bad = Select::new()
        .column(p.name)
        .from(p)
        .filter(p.name.ilike("aX%b").escape('X'));
    golden!(bad,
        sqlite: err("choose a character without case"),
        postgres: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" ILIKE $1 ESCAPE 'X'"#, p!["aX%b"]),
        mysql: err("choose a character without case"),
    );
    let mut env = Env::with_setup(
        "INSERT INTO products (id, name, category, price_cents) VALUES (6, 'W%', NULL, 1), (7, 'Wx', NULL, 1);",
    );
    env.check(&q, &[&["W%"]]);
}

#[test]
fn casting_a_bare_value_names_its_type() {
    let q = Select::new().column_as(Expr::value("123").cast(SqlType::Integer).add(1_i64), "n");
    golden!(q,
        sqlite: ok(r#"SELECT CAST(? AS INTEGER) + ? AS "n""#, p!["123", 1_i64]),
        postgres: ok(r#"SELECT CAST($1::text AS INTEGER) + $2 AS "n""#, p!["123", 1_i64]),
        mysql: ok("SELECT CAST(? AS SIGNED) + ? AS `n`", p!["123", 1_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["124"]]);
}

#[test]
fn string_agg_of_numbers() {
    let i = OrderItems::new();
    let q = Select::new()
        .column(func::string_agg(i.quantity, ",").agg_order_by(i.quantity.asc()))
        .from(i)
        .filter(i.order_id.eq(3));
    let mut env = Env::new();
    env.check(&q, &[&["2,10"]]);
}

#[test]
fn upserts_from_a_select() {
    let ids = Ids::new();
    let c = Customers::new();
    let ins = Insert::into(ids)
        .columns((ids.id,))
        .select(Select::new().column(c.id).from(c))
        .on_conflict_do_nothing([ids.id]);
    golden!(ins,
        sqlite: ok(r#"INSERT INTO "ids" ("id") SELECT * FROM (SELECT "customers"."id" FROM "customers") AS "sqlweave_src" WHERE TRUE ON CONFLICT ("id") DO NOTHING"#, p![]),
        postgres: ok(r#"INSERT INTO "ids" ("id") SELECT * FROM (SELECT "customers"."id" FROM "customers") AS "sqlweave_src" WHERE TRUE ON CONFLICT ("id") DO NOTHING"#, p![]),
        mysql: ok("INSERT INTO `ids` (`id`) SELECT `customers`.`id` FROM `customers` ON DUPLICATE KEY UPDATE `ids`.`id` = `ids`.`id`", p![]),
    );
    let mut env = Env::with_setup(
        "CREATE TABLE ids (id INTEGER PRIMARY KEY); INSERT INTO ids (id) VALUES (2);",
    );
    for conn in env.conns() {
        conn.execute(&ins).unwrap();
    }
    env.check(
        &Select::new()
            .column(ids.id)
            .from(ids)
            .order_by(ids.id.asc()),
        &[&["1"], &["2"], &["3"], &["4"], &["5"]],
    );
}

#[test]
fn aliased_single_table_delete() {
    let t = TableRef::new("orders").alias("o");
    let del = Delete::from(t.clone()).filter(t.col("id").eq(6_i64));
    golden!(del,
        sqlite: ok(r#"DELETE FROM "orders" AS "o" WHERE "o"."id" = ?"#, p![6_i64]),
        postgres: ok(r#"DELETE FROM "orders" AS "o" WHERE "o"."id" = $1"#, p![6_i64]),
        mysql: ok("DELETE FROM `orders` AS `o` WHERE `o`.`id` = ?", p![6_i64]),
        mariadb: err("MariaDB does not support a table alias on a single-table DELETE"),
    );
    let mut env = Env::new();
    for conn in env.conns() {
        if conn.dialect().name() != "MariaDB" {
            assert_eq!(conn.execute(&del).unwrap(), 1);
        }
    }
}

#[test]
fn emulated_nulls_ordering_cannot_blow_up() {
    let mut e: Expr = Expr::column("x");
    for _ in 0..6 {
        e = func::sum(Expr::column("y")).over(Window::new().order_by(e.asc().nulls_first()));
    }
    let q = Select::new().column(e).from(TableRef::new("t"));
    golden!(q,
        sqlite: ok(r#"SELECT SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY "x" NULLS FIRST) NULLS FIRST) NULLS FIRST) NULLS FIRST) NULLS FIRST) NULLS FIRST) FROM "t""#, p![]),
        postgres: ok(r#"SELECT SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY SUM("y") OVER (ORDER BY "x" NULLS FIRST) NULLS FIRST) NULLS FIRST) NULLS FIRST) NULLS FIRST) NULLS FIRST) FROM "t""#, p![]),
        mysql: err("NULLS FIRST / LAST nested more than 4 levels"),
    );
}

/// A compound query's ORDER BY names output columns, which have no table: the
/// untyped `Compound::order_by` of a qualified column was written `ORDER BY
/// "customers"."name"`, which PostgreSQL ("missing FROM-clause entry") and MariaDB
/// (error 1250) refuse. It is written by the column's name alone, as the typed
/// compound already did.
#[test]
fn compound_order_by_a_qualified_column_names_the_output_column() {
    let c = Customers::new();
    let q = Select::new()
        .column(c.name)
        .from(c)
        .filter(c.id.le(2_i64))
        .except(Select::new().column(c.name).from(c).filter(c.id.eq(1_i64)))
        .union(Select::new().column(c.name).from(c).filter(c.id.eq(3_i64)))
        .order_by(c.name.desc());
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."name" FROM "customers" WHERE "customers"."id" <= ? EXCEPT SELECT "customers"."name" FROM "customers" WHERE "customers"."id" = ? UNION SELECT "customers"."name" FROM "customers" WHERE "customers"."id" = ? ORDER BY "name" DESC"#, p![2_i64, 1_i64, 3_i64]),
        postgres: ok(r#"SELECT "customers"."name" FROM "customers" WHERE "customers"."id" <= $1 EXCEPT SELECT "customers"."name" FROM "customers" WHERE "customers"."id" = $2 UNION SELECT "customers"."name" FROM "customers" WHERE "customers"."id" = $3 ORDER BY "name" DESC"#, p![2_i64, 1_i64, 3_i64]),
        mysql: ok("SELECT `customers`.`name` FROM `customers` WHERE `customers`.`id` <= ? EXCEPT SELECT `customers`.`name` FROM `customers` WHERE `customers`.`id` = ? UNION SELECT `customers`.`name` FROM `customers` WHERE `customers`.`id` = ? ORDER BY `name` DESC", p![2_i64, 1_i64, 3_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["Carol"], &["Bob"]]);
}

/// `intersect_all` / `except_all` (a builder for the ALL forms, which needed the
/// `SetOp` by hand): duplicates kept as the standard says on PostgreSQL and MariaDB,
/// refused on SQLite, which has no ALL form of them.
#[test]
fn intersect_all_and_except_all_keep_duplicates_or_are_refused() {
    let c = Customers::new();
    let cities = || {
        Select::new()
            .column(c.city)
            .from(c)
            .filter(c.city.is_not_null())
    };
    let some = || {
        Select::new()
            .column(c.city)
            .from(c)
            .filter(c.id.in_list([1_i64, 3, 5]))
    };
    let both = cities().intersect_all(some()).order_by(c.city.asc());
    let rest = cities().except_all(some()).order_by(c.city.asc());
    golden!(both,
        sqlite: err("INTERSECT ALL"),
        postgres: ok(r#"SELECT "customers"."city" FROM "customers" WHERE "customers"."city" IS NOT NULL INTERSECT ALL SELECT "customers"."city" FROM "customers" WHERE "customers"."id" IN ($1, $2, $3) ORDER BY "city""#, p![1_i64, 3_i64, 5_i64]),
        mysql: ok("SELECT `customers`.`city` FROM `customers` WHERE `customers`.`city` IS NOT NULL INTERSECT ALL SELECT `customers`.`city` FROM `customers` WHERE `customers`.`id` IN (?, ?, ?) ORDER BY `city`", p![1_i64, 3_i64, 5_i64]),
    );
    let mut env = Env::new();
    for conn in env.conns() {
        let name = conn.dialect().name();
        if name == "SQLite" {
            assert!(conn.fetch_all(&rest).is_err());
            continue;
        }
        assert_eq!(
            common::run(conn, &both),
            common::rows(&[&["Berlin"], &["Paris"], &["Paris"]]),
            "{name}"
        );
        assert_eq!(
            common::run(conn, &rest),
            common::rows(&[&["London"]]),
            "{name}"
        );
    }
}

/// `func::grouping` (GROUPING()) tells a ROLLUP's subtotal row from a group whose key
/// is NULL on PostgreSQL; MariaDB (no such function) and SQLite (no ROLLUP) refuse it
/// before anything is sent.
#[test]
fn grouping_tells_subtotals_from_null_keys_or_is_refused() {
    let c = Customers::new();
    let q = Select::new()
        .column(c.city)
        .column(func::grouping([c.city]).label("g"))
        .column(c.id.count().label("n"))
        .from(c)
        .group_by_item(GroupItem::Rollup(vec![c.city.into()]));
    let mut env = Env::new();
    for conn in env.conns() {
        let name = conn.dialect().name();
        if name != "PostgreSQL" {
            let err = conn.fetch_all(&q).unwrap_err().to_string();
            assert!(err.contains("GROUPING()"), "{name}: {err}");
            continue;
        }
        let mut got = common::run(conn, &q);
        got.sort();
        let mut want = common::rows(&[
            &["Berlin", "0", "1"],
            &["London", "0", "1"],
            &["NULL", "0", "1"],
            &["NULL", "1", "5"],
            &["Paris", "0", "2"],
        ]);
        want.sort();
        assert_eq!(got, want, "{name}");
    }
}
