//! The function catalogue, aggregates (DISTINCT, FILTER), string aggregation and window
//! functions: golden SQL per dialect and rows on the three databases.

mod common;

use common::shop::{Customers, OrderItems, Orders, Products};
use common::{Env, err, ok};
use sqlweave::{DatePart, Expr, FrameBound, Select, SqlType, TypedExpr, Window, func};

#[test]
fn aggregates_with_distinct() {
    let i = OrderItems::new();
    let q = Select::new()
        .cols((
            func::count_star(),
            i.product_id.count_distinct(),
            i.quantity.sum(),
            i.unit_price_cents.min(),
            i.unit_price_cents.max(),
            i.quantity.avg(),
        ))
        .from(i);
    golden!(q,
        sqlite: ok(r#"SELECT COUNT(*), COUNT(DISTINCT "order_items"."product_id"), SUM("order_items"."quantity"), MIN("order_items"."unit_price_cents"), MAX("order_items"."unit_price_cents"), AVG(CAST("order_items"."quantity" AS REAL)) FROM "order_items""#, p![]),
        postgres: ok(r#"SELECT COUNT(*), COUNT(DISTINCT "order_items"."product_id"), SUM("order_items"."quantity"), MIN("order_items"."unit_price_cents"), MAX("order_items"."unit_price_cents"), AVG(CAST("order_items"."quantity" AS DOUBLE PRECISION)) FROM "order_items""#, p![]),
        mysql: ok("SELECT COUNT(*), COUNT(DISTINCT `order_items`.`product_id`), SUM(`order_items`.`quantity`), MIN(`order_items`.`unit_price_cents`), MAX(`order_items`.`unit_price_cents`), AVG(CAST(`order_items`.`quantity` AS DOUBLE)) FROM `order_items`", p![]),
    );
    let c = Customers::new();
    let counts = Select::new()
        .cols((
            c.email.count(),
            c.city.count_distinct(),
            c.name.min(),
            c.name.max(),
        ))
        .from(c);
    let mut env = Env::new();
    env.check(&q, &[&["8", "5", "24", "250", "4000", "3"]]);
    env.check(&counts, &[&["3", "3", "Alice", "Eve"]]);
    // Typed reads: the typed aggregate's Rust type decodes on every database (the AVG
    // of an integer column is averaged as a double everywhere: 3, not 3.0000).
    for conn in env.conns() {
        let r = conn.fetch_all(&q).unwrap();
        assert_eq!(r.rows[0].get::<i64>(0).unwrap(), 8);
        assert_eq!(r.rows[0].get::<Option<i64>>(2).unwrap(), Some(24));
        assert_eq!(r.rows[0].get::<Option<f64>>(5).unwrap(), Some(3.0));
    }
}

#[test]
fn scalar_functions() {
    let c = Customers::new();
    let q = Select::new()
        .cols((
            c.name.lower(),
            c.name.upper(),
            c.name.length(),
            Expr::from(c.id).neg().cast(SqlType::BigInt).into_abs(),
        ))
        .from(c)
        .filter(c.id.eq(3));
    golden!(q,
        sqlite: ok(r#"SELECT LOWER("customers"."name"), UPPER("customers"."name"), LENGTH("customers"."name"), ABS(CAST(-"customers"."id" AS INTEGER)) FROM "customers" WHERE "customers"."id" = ?"#, p![3_i64]),
        postgres: ok(r#"SELECT LOWER("customers"."name"), UPPER("customers"."name"), CHAR_LENGTH("customers"."name"), ABS(CAST(-"customers"."id" AS BIGINT)) FROM "customers" WHERE "customers"."id" = $1"#, p![3_i64]),
        mysql: ok("SELECT LOWER(`customers`.`name`), UPPER(`customers`.`name`), CHAR_LENGTH(`customers`.`name`), ABS(CAST(-`customers`.`id` AS SIGNED)) FROM `customers` WHERE `customers`.`id` = ?", p![3_i64]),
    );
    let p = Products::new();
    let round = Select::new()
        .cols((
            func::round(
                Expr::from(p.price_cents).cast(SqlType::Double).div(7_i64),
                Some(2),
            ),
            func::round(
                Expr::from(p.price_cents).cast(SqlType::Double).div(100_i64),
                None,
            ),
        ))
        .from(p)
        .filter(p.id.eq(1));
    // One rendering with the typed `round_to`: half away from zero on the decimal the
    // value spells (SQLite would round the binary double, MariaDB cut values past
    // DECIMAL(65, 30)); on SQLite an integer is kept as it is.
    golden!(round,
        sqlite: ok(r#"SELECT CASE WHEN typeof(CAST("products"."price_cents" AS REAL) / ?) = 'integer' THEN (CAST("products"."price_cents" AS REAL) / ?) ELSE CASE WHEN CAST("products"."price_cents" AS REAL) / ? IS NULL THEN NULL WHEN abs(CAST("products"."price_cents" AS REAL) / ?) * ? >= 1e15 THEN (CAST("products"."price_cents" AS REAL) / ?) ELSE (CASE WHEN CAST("products"."price_cents" AS REAL) / ? < 0 THEN -1 ELSE 1 END) * CAST(CAST(printf('%.15g', abs(CAST("products"."price_cents" AS REAL) / ?) * ?) AS REAL) + 0.5 AS INTEGER) / ? END END, CASE WHEN typeof(CAST("products"."price_cents" AS REAL) / ?) = 'integer' THEN (CAST("products"."price_cents" AS REAL) / ?) ELSE ROUND(CAST("products"."price_cents" AS REAL) / ?) END FROM "products" WHERE "products"."id" = ?"#,
            p![7_i64, 7_i64, 7_i64, 7_i64, 100.0_f64, 7_i64, 7_i64, 7_i64, 100.0_f64, 100.0_f64, 100_i64, 100_i64, 100_i64, 1_i64]),
        postgres: ok(r#"SELECT ROUND(CAST(CAST("products"."price_cents" AS DOUBLE PRECISION) / $1 AS NUMERIC), $2), ROUND(CAST(CAST("products"."price_cents" AS DOUBLE PRECISION) / $3 AS NUMERIC), $4) FROM "products" WHERE "products"."id" = $5"#, p![7_i64, 2_i32, 100_i64, 0_i32, 1_i64]),
        mysql: ok("SELECT CASE WHEN ABS(CAST(`products`.`price_cents` AS DOUBLE) / ?) >= 1e34 THEN (CAST(`products`.`price_cents` AS DOUBLE) / ?) ELSE ROUND(CAST(CAST(`products`.`price_cents` AS DOUBLE) / ? AS DECIMAL(65, 30)), ?) END, CASE WHEN ABS(CAST(`products`.`price_cents` AS DOUBLE) / ?) >= 1e34 THEN (CAST(`products`.`price_cents` AS DOUBLE) / ?) ELSE ROUND(CAST(CAST(`products`.`price_cents` AS DOUBLE) / ? AS DECIMAL(65, 30)), ?) END FROM `products` WHERE `products`.`id` = ?",
            p![7_i64, 7_i64, 7_i64, 2_i32, 100_i64, 100_i64, 100_i64, 0_i32, 1_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["carol", "CAROL", "5", "3"]]);
    // 2.5 rounds half away from zero on every database (PostgreSQL and MySQL would
    // round a float half to even: the dialects cast to an exact decimal first).
    env.check(&round, &[&["35.71", "3"]]);
    // Length counts characters, not bytes, everywhere.
    let e = Select::new().column(func::length(Expr::value("héllo✓")));
    env.check(&e, &[&["6"]]);
}

trait IntoAbs {
    fn into_abs(self) -> Expr;
}
impl IntoAbs for Expr {
    fn into_abs(self) -> Expr {
        func::abs(self)
    }
}

#[test]
fn date_parts_and_current_timestamp() {
    let o = Orders::new();
    let q = Select::new()
        .cols((
            func::extract(DatePart::Year, o.placed_on),
            func::extract(DatePart::Month, o.placed_on),
            func::extract(DatePart::Day, o.placed_on),
        ))
        .from(o)
        .filter(o.id.eq(2));
    golden!(q,
        sqlite: ok(r#"SELECT CAST(STRFTIME('%Y', "orders"."placed_on") AS INTEGER), CAST(STRFTIME('%m', "orders"."placed_on") AS INTEGER), CAST(STRFTIME('%d', "orders"."placed_on") AS INTEGER) FROM "orders" WHERE "orders"."id" = ?"#, p![2_i64]),
        postgres: ok(r#"SELECT CAST(FLOOR(EXTRACT(YEAR FROM "orders"."placed_on")) AS INTEGER), CAST(FLOOR(EXTRACT(MONTH FROM "orders"."placed_on")) AS INTEGER), CAST(FLOOR(EXTRACT(DAY FROM "orders"."placed_on")) AS INTEGER) FROM "orders" WHERE "orders"."id" = $1"#, p![2_i64]),
        mysql: ok("SELECT EXTRACT(YEAR FROM `orders`.`placed_on`), EXTRACT(MONTH FROM `orders`.`placed_on`), EXTRACT(DAY FROM `orders`.`placed_on`) FROM `orders` WHERE `orders`.`id` = ?", p![2_i64]),
    );
    let year = func::extract(DatePart::Year, o.placed_on);
    let by_year = Select::new()
        .cols((year.clone(), func::count_star()))
        .from(o)
        .group_by([year.clone()])
        .order_by(year.asc());
    let now =
        Select::new().column(func::extract(DatePart::Year, func::current_timestamp()).ge(2024_i64));
    golden!(now,
        sqlite: ok(r#"SELECT CAST(STRFTIME('%Y', CURRENT_TIMESTAMP) AS INTEGER) >= ?"#, p![2024_i64]),
        postgres: ok(r#"SELECT CAST(FLOOR(EXTRACT(YEAR FROM CURRENT_TIMESTAMP)) AS INTEGER) >= $1"#, p![2024_i64]),
        mysql: ok("SELECT EXTRACT(YEAR FROM CURRENT_TIMESTAMP) >= ?", p![2024_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["2024", "2", "20"]]);
    env.check(&by_year, &[&["2024", "4"], &["2025", "2"]]);
    env.check(&now, &[&["1"]]);
}

#[test]
fn aggregate_filter_native_and_emulated() {
    let o = Orders::new();
    let q = Select::new()
        .cols((
            func::count_star().filter(o.status.eq("paid")),
            o.customer_id.sum().filter(o.status.ne("paid")),
            o.customer_id.count_distinct().filter(o.status.eq("paid")),
        ))
        .from(o);
    golden!(q,
        sqlite: ok(r#"SELECT COUNT(*) FILTER (WHERE "orders"."status" = ?), SUM("orders"."customer_id") FILTER (WHERE "orders"."status" <> ?), COUNT(DISTINCT "orders"."customer_id") FILTER (WHERE "orders"."status" = ?) FROM "orders""#, p!["paid", "paid", "paid"]),
        postgres: ok(r#"SELECT COUNT(*) FILTER (WHERE "orders"."status" = $1), SUM("orders"."customer_id") FILTER (WHERE "orders"."status" <> $2), COUNT(DISTINCT "orders"."customer_id") FILTER (WHERE "orders"."status" = $3) FROM "orders""#, p!["paid", "paid", "paid"]),
        mysql: ok("SELECT COUNT(CASE WHEN `orders`.`status` = ? THEN 1 END), SUM(CASE WHEN `orders`.`status` <> ? THEN `orders`.`customer_id` END), COUNT(DISTINCT CASE WHEN `orders`.`status` = ? THEN `orders`.`customer_id` END) FROM `orders`", p!["paid", "paid", "paid"]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["3", "5", "3"]]);
}

#[test]
fn ordered_string_aggregation() {
    let o = Orders::new();
    let q = Select::new()
        .cols((
            o.customer_id,
            func::string_agg(o.status, ", ").agg_order_by(o.id.asc()),
        ))
        .from(o)
        .group_by([o.customer_id])
        .order_by(o.customer_id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "orders"."customer_id", GROUP_CONCAT("orders"."status", ? ORDER BY "orders"."id") FROM "orders" GROUP BY "orders"."customer_id" ORDER BY "orders"."customer_id""#, p![", "]),
        postgres: ok(r#"SELECT "orders"."customer_id", STRING_AGG(CAST("orders"."status" AS TEXT), $1 ORDER BY "orders"."id") FROM "orders" GROUP BY "orders"."customer_id" ORDER BY "orders"."customer_id""#, p![", "]),
        mysql: ok("SELECT `orders`.`customer_id`, GROUP_CONCAT(`orders`.`status` ORDER BY `orders`.`id` SEPARATOR ', ') FROM `orders` GROUP BY `orders`.`customer_id` ORDER BY `orders`.`customer_id`", p![]),
    );
    // Quotes in a MySQL separator are doubled; a backslash is refused there (its
    // meaning depends on NO_BACKSLASH_ESCAPES) but travels as a parameter elsewhere.
    let quoted = Select::new()
        .column(func::string_agg(o.status, "' | '"))
        .from(o);
    golden!(quoted,
        sqlite: ok(r#"SELECT GROUP_CONCAT("orders"."status", ?) FROM "orders""#, p!["' | '"]),
        postgres: ok(r#"SELECT STRING_AGG(CAST("orders"."status" AS TEXT), $1) FROM "orders""#, p!["' | '"]),
        mysql: ok("SELECT GROUP_CONCAT(`orders`.`status` SEPARATOR ''' | ''') FROM `orders`", p![]),
    );
    let backslash = Select::new()
        .column(func::string_agg(o.status, "\\"))
        .from(o);
    golden!(backslash,
        sqlite: ok(r#"SELECT GROUP_CONCAT("orders"."status", ?) FROM "orders""#, p!["\\"]),
        postgres: ok(r#"SELECT STRING_AGG(CAST("orders"."status" AS TEXT), $1) FROM "orders""#, p!["\\"]),
        mysql: err("backslashes"),
    );
    let distinct = Select::new()
        .column(func::distinct(
            func::string_agg(o.status, ",")
                .agg_order_by(o.status.desc())
                .into(),
        ))
        .from(o);
    golden!(distinct,
        sqlite: ok(r#"SELECT GROUP_CONCAT(DISTINCT "orders"."status" ORDER BY "orders"."status" DESC) FROM "orders""#, p![]),
        postgres: ok(r#"SELECT STRING_AGG(DISTINCT CAST("orders"."status" AS TEXT), $1 ORDER BY "orders"."status" DESC) FROM "orders""#, p![","]),
        mysql: ok("SELECT GROUP_CONCAT(DISTINCT `orders`.`status` ORDER BY `orders`.`status` DESC SEPARATOR ',') FROM `orders`", p![]),
    );
    // SQLite's DISTINCT aggregates take a single argument: no custom separator there.
    let distinct_sep = Select::new()
        .column(func::distinct(func::string_agg(o.status, "/").into()))
        .from(o);
    golden!(distinct_sep,
        sqlite: err("DISTINCT string aggregation"),
        postgres: ok(r#"SELECT STRING_AGG(DISTINCT CAST("orders"."status" AS TEXT), $1) FROM "orders""#, p!["/"]),
        mysql: ok("SELECT GROUP_CONCAT(DISTINCT `orders`.`status` SEPARATOR '/') FROM `orders`", p![]),
    );
    let mut env = Env::new();
    env.check(
        &q,
        &[
            &["1", "paid, shipped, pending"],
            &["2", "paid"],
            &["3", "cancelled"],
            &["4", "paid"],
        ],
    );
    env.check(&distinct, &[&["shipped,pending,paid,cancelled"]]);
    let by_cust = Select::new()
        .column(func::string_agg(o.status, "' | '").agg_order_by(o.id.asc()))
        .from(o)
        .filter(o.customer_id.eq(1));
    env.check(&by_cust, &[&["paid' | 'shipped' | 'pending"]]);
}

#[test]
fn window_functions_and_frames() {
    let o = Orders::new();
    let by_cust = Window::new()
        .partition_by([o.customer_id])
        .order_by(o.id.asc());
    let q = Select::new()
        .cols((
            o.id,
            func::row_number().over(by_cust.clone()).label("rn"),
            func::first_value(o.id).over(by_cust.clone()).label("first"),
            func::lag(o.customer_id, 1)
                .over(Window::new().order_by(o.id.asc()))
                .label("prev"),
            func::lead(o.customer_id, 1)
                .over(Window::new().order_by(o.id.asc()))
                .label("next"),
            func::ntile(2)
                .over(Window::new().order_by(o.id.asc()))
                .label("half"),
        ))
        .from(o)
        .order_by(o.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "orders"."id", ROW_NUMBER() OVER (PARTITION BY "orders"."customer_id" ORDER BY "orders"."id") AS "rn", FIRST_VALUE("orders"."id") OVER (PARTITION BY "orders"."customer_id" ORDER BY "orders"."id") AS "first", LAG("orders"."customer_id", 1) OVER (ORDER BY "orders"."id") AS "prev", LEAD("orders"."customer_id", 1) OVER (ORDER BY "orders"."id") AS "next", NTILE(2) OVER (ORDER BY "orders"."id") AS "half" FROM "orders" ORDER BY "orders"."id""#, p![]),
        postgres: ok(r#"SELECT "orders"."id", ROW_NUMBER() OVER (PARTITION BY "orders"."customer_id" ORDER BY "orders"."id") AS "rn", FIRST_VALUE("orders"."id") OVER (PARTITION BY "orders"."customer_id" ORDER BY "orders"."id") AS "first", LAG("orders"."customer_id", 1) OVER (ORDER BY "orders"."id") AS "prev", LEAD("orders"."customer_id", 1) OVER (ORDER BY "orders"."id") AS "next", NTILE(2) OVER (ORDER BY "orders"."id") AS "half" FROM "orders" ORDER BY "orders"."id""#, p![]),
        mysql: ok("SELECT `orders`.`id`, ROW_NUMBER() OVER (PARTITION BY `orders`.`customer_id` ORDER BY `orders`.`id`) AS `rn`, FIRST_VALUE(`orders`.`id`) OVER (PARTITION BY `orders`.`customer_id` ORDER BY `orders`.`id`) AS `first`, LAG(`orders`.`customer_id`, 1) OVER (ORDER BY `orders`.`id`) AS `prev`, LEAD(`orders`.`customer_id`, 1) OVER (ORDER BY `orders`.`id`) AS `next`, NTILE(2) OVER (ORDER BY `orders`.`id`) AS `half` FROM `orders` ORDER BY `orders`.`id`", p![]),
    );
    let p = Products::new();
    let by_cat = Window::new().order_by(p.category.asc().nulls_last());
    let ranks = Select::new()
        .cols((
            p.id,
            func::rank().over(by_cat.clone()),
            func::dense_rank().over(by_cat.clone()),
        ))
        .from(p)
        .order_by(p.id.asc());
    golden!(ranks,
        sqlite: ok(r#"SELECT "products"."id", RANK() OVER (ORDER BY "products"."category" NULLS LAST), DENSE_RANK() OVER (ORDER BY "products"."category" NULLS LAST) FROM "products" ORDER BY "products"."id""#, p![]),
        postgres: ok(r#"SELECT "products"."id", RANK() OVER (ORDER BY "products"."category" NULLS LAST), DENSE_RANK() OVER (ORDER BY "products"."category" NULLS LAST) FROM "products" ORDER BY "products"."id""#, p![]),
        mysql: ok("SELECT `products`.`id`, RANK() OVER (ORDER BY `products`.`category` IS NULL, `products`.`category`), DENSE_RANK() OVER (ORDER BY `products`.`category` IS NULL, `products`.`category`) FROM `products` ORDER BY `products`.`id`", p![]),
    );
    let i = OrderItems::new();
    let ordered = Window::new()
        .order_by(i.order_id.asc())
        .order_by(i.product_id.asc());
    let frames = Select::new()
        .cols((
            i.order_id,
            i.product_id,
            i.quantity
                .sum()
                .over(
                    ordered
                        .clone()
                        .rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
                )
                .label("running"),
            i.quantity
                .sum()
                .over(
                    ordered
                        .clone()
                        .rows(FrameBound::Preceding(1), FrameBound::Following(1)),
                )
                .label("moving"),
            i.quantity
                .sum()
                .over(
                    Window::new()
                        .order_by(i.order_id.asc())
                        .range(FrameBound::CurrentRow, FrameBound::UnboundedFollowing),
                )
                .label("rest"),
            func::count_star()
                .over(Window::new().partition_by([i.order_id]))
                .label("lines"),
        ))
        .from(i)
        .order_by(i.order_id.asc())
        .order_by(i.product_id.asc());
    golden!(frames,
        sqlite: ok(r#"SELECT "order_items"."order_id", "order_items"."product_id", SUM("order_items"."quantity") OVER (ORDER BY "order_items"."order_id", "order_items"."product_id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", SUM("order_items"."quantity") OVER (ORDER BY "order_items"."order_id", "order_items"."product_id" ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS "moving", SUM("order_items"."quantity") OVER (ORDER BY "order_items"."order_id" RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS "rest", COUNT(*) OVER (PARTITION BY "order_items"."order_id") AS "lines" FROM "order_items" ORDER BY "order_items"."order_id", "order_items"."product_id""#, p![]),
        postgres: ok(r#"SELECT "order_items"."order_id", "order_items"."product_id", SUM("order_items"."quantity") OVER (ORDER BY "order_items"."order_id", "order_items"."product_id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", SUM("order_items"."quantity") OVER (ORDER BY "order_items"."order_id", "order_items"."product_id" ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS "moving", SUM("order_items"."quantity") OVER (ORDER BY "order_items"."order_id" RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS "rest", COUNT(*) OVER (PARTITION BY "order_items"."order_id") AS "lines" FROM "order_items" ORDER BY "order_items"."order_id", "order_items"."product_id""#, p![]),
        mysql: ok("SELECT `order_items`.`order_id`, `order_items`.`product_id`, SUM(`order_items`.`quantity`) OVER (ORDER BY `order_items`.`order_id`, `order_items`.`product_id` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `running`, SUM(`order_items`.`quantity`) OVER (ORDER BY `order_items`.`order_id`, `order_items`.`product_id` ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS `moving`, SUM(`order_items`.`quantity`) OVER (ORDER BY `order_items`.`order_id` RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS `rest`, COUNT(*) OVER (PARTITION BY `order_items`.`order_id`) AS `lines` FROM `order_items` ORDER BY `order_items`.`order_id`, `order_items`.`product_id`", p![]),
    );
    let no_over = Select::new().column(func::row_number());
    golden!(no_over,
        sqlite: err("needs OVER"),
        postgres: err("needs OVER"),
        mysql: err("needs OVER"),
    );
    let mut env = Env::new();
    env.check(
        &q,
        &[
            &["1", "1", "1", "NULL", "1", "1"],
            &["2", "2", "1", "1", "2", "1"],
            &["3", "1", "3", "1", "3", "1"],
            &["4", "1", "4", "2", "4", "2"],
            &["5", "1", "5", "3", "1", "2"],
            &["6", "3", "1", "4", "NULL", "2"],
        ],
    );
    // A default for LEAD / LAG: MariaDB has none.
    let lead_default = Select::new()
        .column(func::lead_or(o.customer_id, 1, 0_i64).over(Window::new().order_by(o.id.asc())))
        .from(o)
        .order_by(o.id.desc())
        .limit(1);
    golden!(lead_default,
        sqlite: ok(r#"SELECT LEAD("orders"."customer_id", 1, ?) OVER (ORDER BY "orders"."id") FROM "orders" ORDER BY "orders"."id" DESC LIMIT ?"#, p![0_i64, 1_i64]),
        postgres: ok(r#"SELECT LEAD("orders"."customer_id", 1, $1) OVER (ORDER BY "orders"."id") FROM "orders" ORDER BY "orders"."id" DESC LIMIT $2"#, p![0_i64, 1_i64]),
        mysql: ok("SELECT LEAD(`orders`.`customer_id`, 1, ?) OVER (ORDER BY `orders`.`id`) FROM `orders` ORDER BY `orders`.`id` DESC LIMIT ?", p![0_i64, 1_i64]),
        mariadb: err("MariaDB does not support a default value in LAG / LEAD"),
    );
    env.check_on(&["SQLite", "PostgreSQL"], &lead_default, &[&["0"]]);
    env.check(
        &ranks,
        &[
            &["1", "3", "2"],
            &["2", "3", "2"],
            &["3", "1", "1"],
            &["4", "1", "1"],
            &["5", "5", "3"],
        ],
    );
    env.check(
        &frames,
        &[
            &["1", "1", "4", "5", "24", "2"],
            &["1", "3", "5", "6", "24", "2"],
            &["2", "2", "6", "12", "19", "1"],
            &["3", "1", "16", "13", "18", "2"],
            &["3", "4", "18", "13", "18", "2"],
            &["4", "5", "19", "5", "6", "1"],
            &["5", "3", "21", "6", "5", "1"],
            &["6", "2", "24", "5", "3", "1"],
        ],
    );
}

#[test]
fn generic_function_calls_are_validated() {
    let c = Customers::new();
    let q = Select::new()
        .column(func::call(
            "replace",
            [Expr::from(c.name), Expr::value("a"), Expr::value("4")],
        ))
        .from(c)
        .filter(c.id.eq(3));
    golden!(q,
        sqlite: ok(r#"SELECT replace("customers"."name", ?, ?) FROM "customers" WHERE "customers"."id" = ?"#, p!["a", "4", 3_i64]),
        postgres: ok(r#"SELECT replace("customers"."name", $1, $2) FROM "customers" WHERE "customers"."id" = $3"#, p!["a", "4", 3_i64]),
        mysql: ok("SELECT replace(`customers`.`name`, ?, ?) FROM `customers` WHERE `customers`.`id` = ?", p!["a", "4", 3_i64]),
    );
    for hostile in [
        "lower); DROP TABLE customers; --",
        "",
        "1abc",
        "a.b.c",
        "lo wer",
        "lower(",
        "\"x\"",
        "x\0",
    ] {
        let bad = Select::new()
            .column(func::call(hostile.to_string(), [Expr::from(c.name)]))
            .from(c);
        golden!(bad,
            sqlite: err("invalid function name"),
            postgres: err("invalid function name"),
            mysql: err("invalid function name"),
        );
    }
    let mut env = Env::new();
    env.check(&q, &[&["C4rol"]]);
}

/// ORDER BY inside an aggregate, DISTINCT and OVER are refused where the database would
/// refuse them, and run where it takes them: `SUM(x ORDER BY y)` on PostgreSQL and
/// SQLite (MySQL / MariaDB order only GROUP_CONCAT), string aggregation as a window
/// function on PostgreSQL and SQLite, no ORDER BY inside a windowed call, no DISTINCT
/// in a window, no ORDER BY or DISTINCT in scalar and ranking functions.
#[test]
fn aggregate_modifiers_only_where_they_run() {
    let o = Orders::new();
    let ordered_count = Select::new()
        .column(o.id.count().agg_order_by(o.id.asc()))
        .from(o);
    golden!(ordered_count,
        sqlite: ok(r#"SELECT COUNT("orders"."id" ORDER BY "orders"."id") FROM "orders""#, p![]),
        postgres: ok(r#"SELECT COUNT("orders"."id" ORDER BY "orders"."id") FROM "orders""#, p![]),
        mysql: err("ORDER BY inside an aggregate"),
    );
    let window_agg = Select::new()
        .column(o.id)
        .column(
            func::string_agg(o.status, "/").over(
                Window::new()
                    .partition_by([o.customer_id])
                    .order_by(o.id.asc()),
            ),
        )
        .from(o)
        .filter(o.customer_id.eq(1))
        .order_by(o.id.asc());
    golden!(window_agg,
        sqlite: ok(r#"SELECT "orders"."id", GROUP_CONCAT("orders"."status", ?) OVER (PARTITION BY "orders"."customer_id" ORDER BY "orders"."id") FROM "orders" WHERE "orders"."customer_id" = ? ORDER BY "orders"."id""#, p!["/", 1_i64]),
        postgres: ok(r#"SELECT "orders"."id", STRING_AGG(CAST("orders"."status" AS TEXT), $1) OVER (PARTITION BY "orders"."customer_id" ORDER BY "orders"."id") FROM "orders" WHERE "orders"."customer_id" = $2 ORDER BY "orders"."id""#, p!["/", 1_i64]),
        mysql: err("string aggregation as a window function"),
    );
    let mut env = Env::new();
    for conn in env.conns() {
        let name = conn.dialect().name();
        let mysql = name == "MySQL" || name == "MariaDB";
        match conn.fetch_all(&ordered_count) {
            Ok(rows) => assert_eq!(common::canon_rows(&rows), common::rows(&[&["6"]]), "{name}"),
            Err(sqlweave::Error::Unsupported { .. }) if mysql => {}
            other => panic!("{name}: {other:?}"),
        }
        match conn.fetch_all(&window_agg) {
            Ok(rows) => assert_eq!(
                common::canon_rows(&rows),
                common::rows(&[
                    &["1", "paid"],
                    &["2", "paid/shipped"],
                    &["6", "paid/shipped/pending"]
                ]),
                "{name}"
            ),
            Err(sqlweave::Error::Unsupported { .. }) if mysql => {}
            other => panic!("{name}: {other:?}"),
        }
    }
    // A named aggregate may order on MySQL / MariaDB too (JSON_ARRAYAGG on MariaDB):
    // rendered, and it runs there.
    let json = Select::new()
        .column(func::call("JSON_ARRAYAGG", [Expr::from(o.id)]).agg_order_by(o.id.desc()))
        .from(o)
        .filter(o.customer_id.eq(1));
    golden!(json,
        sqlite: ok(r#"SELECT JSON_ARRAYAGG("orders"."id" ORDER BY "orders"."id" DESC) FROM "orders" WHERE "orders"."customer_id" = ?"#, p![1_i64]),
        postgres: ok(r#"SELECT JSON_ARRAYAGG("orders"."id" ORDER BY "orders"."id" DESC) FROM "orders" WHERE "orders"."customer_id" = $1"#, p![1_i64]),
        mysql: ok("SELECT JSON_ARRAYAGG(`orders`.`id` ORDER BY `orders`.`id` DESC) FROM `orders` WHERE `orders`.`customer_id` = ?", p![1_i64]),
    );
    let mut ran = 0;
    for conn in env.conns() {
        if conn.dialect().name() == "MariaDB" {
            let rows = conn.fetch_all(&json).unwrap();
            assert_eq!(common::canon_rows(&rows), common::rows(&[&["[6,2,1]"]]));
            ran += 1;
        }
    }
    assert_eq!(ran, 1, "MariaDB ran JSON_ARRAYAGG");
    // Refused everywhere, with the reason.
    let w = || Window::new().order_by(o.id.asc());
    let cases: Vec<(Expr, &str)> = vec![
        (
            func::string_agg(o.status, ",")
                .agg_order_by(o.id.asc())
                .over(w())
                .into(),
            "cannot be a window function",
        ),
        (
            func::distinct(o.id.count().into()).over(w()),
            "DISTINCT is not allowed in a window",
        ),
        (
            func::row_number().agg_order_by(o.id.asc()).over(w()).into(),
            "ordered in OVER",
        ),
        (
            Expr::from(o.status.lower()).agg_order_by(o.id.asc()),
            "not to this function",
        ),
        (
            func::distinct(o.status.lower().into()),
            "DISTINCT applies to aggregates",
        ),
    ];
    for (e, why) in cases {
        let q = Select::new().column(e).from(o);
        golden!(q, sqlite: err(why), postgres: err(why), mysql: err(why));
    }
}
