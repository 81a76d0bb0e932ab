//! The expression language: golden SQL + parameters per dialect, and rows on the three
//! databases.

mod common;

use common::shop::{Customers, OrderItems, Products};
use common::{Env, err, ok};
use sqlweave::{Case, Expr, Select, SqlType, TypedExpr, Value, all_of, any_of, func};

fn ids_where(cond: impl Into<Expr>) -> Select {
    let c = Customers::new();
    Select::new()
        .column(c.id)
        .from(c)
        .filter(cond)
        .order_by(c.id.asc())
}

#[test]
fn comparisons_and_null_semantics() {
    let c = Customers::new();
    let q = ids_where(c.id.ge(2).and(c.id.lt(5)).and(c.id.ne(3)));
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."id" >= ? AND "customers"."id" < ? AND "customers"."id" <> ? ORDER BY "customers"."id""#, p![2_i64, 5_i64, 3_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."id" >= $1 AND "customers"."id" < $2 AND "customers"."id" <> $3 ORDER BY "customers"."id""#, p![2_i64, 5_i64, 3_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`id` >= ? AND `customers`.`id` < ? AND `customers`.`id` <> ? ORDER BY `customers`.`id`", p![2_i64, 5_i64, 3_i64]),
    );
    // Comparing with None is IS NULL, never `= NULL`.
    let none: Option<&str> = None;
    let is_null = ids_where(c.email.eq(none));
    golden!(is_null,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."email" IS NULL ORDER BY "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."email" IS NULL ORDER BY "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`email` IS NULL ORDER BY `customers`.`id`", p![]),
    );
    let not_null = ids_where(c.email.ne(none));
    let some_city = ids_where(c.city.eq(Some("Paris")));
    let le_gt = ids_where(c.id.le(2).or(c.id.gt(4)));
    let distinct = ids_where(c.city.is_distinct_from("Paris"));
    golden!(distinct,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" IS NOT ? ORDER BY "customers"."id""#, p!["Paris"]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" IS DISTINCT FROM $1 ORDER BY "customers"."id""#, p!["Paris"]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE NOT (`customers`.`city` <=> ?) ORDER BY `customers`.`id`", p!["Paris"]),
    );
    let not_distinct = ids_where(c.city.is_not_distinct_from(None::<&str>));
    golden!(not_distinct,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" IS ? ORDER BY "customers"."id""#, vec![Value::Null]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" IS NOT DISTINCT FROM $1 ORDER BY "customers"."id""#, vec![Value::Null]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`city` <=> ? ORDER BY `customers`.`id`", vec![Value::Null]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["2"], &["4"]]);
    env.check(&is_null, &[&["2"], &["5"]]);
    env.check(&not_null, &[&["1"], &["3"], &["4"]]);
    env.check(&some_city, &[&["1"], &["3"]]);
    env.check(&le_gt, &[&["1"], &["2"], &["5"]]);
    env.check(&distinct, &[&["2"], &["4"], &["5"]]);
    env.check(&not_distinct, &[&["4"]]);
}

#[test]
fn and_or_not_flattening_and_runtime_conditions() {
    let c = Customers::new();
    let nested = ids_where(
        c.city
            .eq("Paris")
            .or(c.city.eq("London"))
            .and(c.email.is_not_null().or(c.id.eq(2)))
            .not(),
    );
    golden!(nested,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE NOT (("customers"."city" = ? OR "customers"."city" = ?) AND ("customers"."email" IS NOT NULL OR "customers"."id" = ?)) ORDER BY "customers"."id""#, p!["Paris", "London", 2_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE NOT (("customers"."city" = $1 OR "customers"."city" = $2) AND ("customers"."email" IS NOT NULL OR "customers"."id" = $3)) ORDER BY "customers"."id""#, p!["Paris", "London", 2_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE NOT ((`customers`.`city` = ? OR `customers`.`city` = ?) AND (`customers`.`email` IS NOT NULL OR `customers`.`id` = ?)) ORDER BY `customers`.`id`", p!["Paris", "London", 2_i64]),
    );
    // a AND (b AND c) flattens to one conjunction.
    let flat = c.id.gt(1).and(c.id.lt(5).and(c.id.ne(3)));
    assert!(matches!(flat.as_expr(), Expr::And(v) if v.len() == 3));

    // Optional filters chosen at run time; the empty list is the neutral element.
    let city: Option<&str> = Some("Paris");
    let min_id: Option<i64> = None;
    let conds = [city.map(|v| c.city.eq(v)), min_id.map(|v| c.id.ge(v))];
    let dynamic = ids_where(all_of(conds.into_iter().flatten()));
    golden!(dynamic,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = ? ORDER BY "customers"."id""#, p!["Paris"]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = $1 ORDER BY "customers"."id""#, p!["Paris"]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`city` = ? ORDER BY `customers`.`id`", p!["Paris"]),
    );
    // No conditions: all_of gives TRUE, which filter() leaves out.
    let all_empty = ids_where(all_of(Vec::<Expr>::new()));
    golden!(all_empty,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` ORDER BY `customers`.`id`", p![]),
    );
    let true_where = Select::new()
        .column(c.id)
        .from(c)
        .filter(Expr::True.or(c.id.eq(1)));
    golden!(true_where,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE TRUE OR "customers"."id" = ?"#, p![1_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE TRUE OR "customers"."id" = $1"#, p![1_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE TRUE OR `customers`.`id` = ?", p![1_i64]),
    );
    let any_empty = ids_where(any_of(Vec::<Expr>::new()));
    golden!(any_empty,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE FALSE ORDER BY "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE FALSE ORDER BY "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE FALSE ORDER BY `customers`.`id`", p![]),
    );
    let any = ids_where(any_of([c.id.eq(1), c.id.eq(4)]));
    let via_filter_opt = Select::new()
        .column(c.id)
        .from(c)
        .filter_opt(None::<Expr>)
        .filter_opt(Some(c.id.eq(3)));
    let mut env = Env::new();
    // Dave's NULL city makes the whole condition unknown: NOT unknown is unknown.
    env.check(&nested, &[&["5"]]);
    env.check(&dynamic, &[&["1"], &["3"]]);
    env.check(&all_empty, &[&["1"], &["2"], &["3"], &["4"], &["5"]]);
    env.check(&any_empty, &[]);
    env.check(&any, &[&["1"], &["4"]]);
    env.check(&via_filter_opt, &[&["3"]]);
}

#[test]
fn arithmetic_precedence_and_unary_minus() {
    let i = OrderItems::new();
    // (q + 1) * (p - 50) / 2 and q - (p - 1): parentheses only where needed. The typed
    // `/` of integers is the integer division that answers the same everywhere.
    let e = (i.quantity + 1) * (i.unit_price_cents - 50) / 2;
    let q = Select::new()
        .cols((
            e.label("calc"),
            (i.quantity - (i.unit_price_cents - 1)).label("d"),
            i.quantity.neg().label("neg"),
        ))
        .from(i)
        .filter(i.order_id.eq(2));
    golden!(q,
        sqlite: ok(r#"SELECT CAST(("order_items"."quantity" + ?) * ("order_items"."unit_price_cents" - ?) / NULLIF(?, 0) AS INTEGER) AS "calc", "order_items"."quantity" - ("order_items"."unit_price_cents" - ?) AS "d", -"order_items"."quantity" AS "neg" FROM "order_items" WHERE "order_items"."order_id" = ?"#, p![1_i64, 50_i64, 2_i64, 1_i64, 2_i64]),
        postgres: ok(r#"SELECT CAST(DIV(("order_items"."quantity" + $1) * ("order_items"."unit_price_cents" - $2), NULLIF($3::int8, 0)) AS BIGINT) AS "calc", "order_items"."quantity" - ("order_items"."unit_price_cents" - $4) AS "d", -"order_items"."quantity" AS "neg" FROM "order_items" WHERE "order_items"."order_id" = $5"#, p![1_i64, 50_i64, 2_i64, 1_i64, 2_i64]),
        mysql: ok("SELECT (`order_items`.`quantity` + ?) * (`order_items`.`unit_price_cents` - ?) DIV NULLIF(?, 0) AS `calc`, `order_items`.`quantity` - (`order_items`.`unit_price_cents` - ?) AS `d`, -`order_items`.`quantity` AS `neg` FROM `order_items` WHERE `order_items`.`order_id` = ?", p![1_i64, 50_i64, 2_i64, 1_i64, 2_i64]),
    );
    // A negative value and a double negation never produce `--` (a comment).
    let neg = Select::new().column_as(Expr::value(5_i64).sub(Expr::value(-3_i64).neg().neg()), "x");
    for d in [
        &sqlweave_sqlite::Sqlite as &dyn sqlweave::Dialect,
        &sqlweave_postgres::Postgres,
        &sqlweave_mysql::MySql::mysql8(),
    ] {
        let r = sqlweave::Statement::render_for(&neg, d).unwrap();
        assert!(!r.sql.contains("--"), "{}: {}", d.name(), r.sql);
    }
    golden!(neg,
        sqlite: ok(r#"SELECT ? - -(-?) AS "x""#, p![5_i64, -3_i64]),
        postgres: ok(r#"SELECT $1::int8 - -(-$2::int8) AS "x""#, p![5_i64, -3_i64]),
        mysql: ok("SELECT ? - -(-?) AS `x`", p![5_i64, -3_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["950", "-998", "-1"]]);
    env.check(&neg, &[&["8"]]);
}

#[test]
fn concatenation() {
    let c = Customers::new();
    let q = Select::new()
        .column(
            c.name
                .concat(" <")
                .concat(c.email)
                .concat(">")
                .label("contact"),
        )
        .from(c)
        .filter(c.id.le(2))
        .order_by(c.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."name" || ? || "customers"."email" || ? AS "contact" FROM "customers" WHERE "customers"."id" <= ? ORDER BY "customers"."id""#, p![" <", ">", 2_i64]),
        postgres: ok(r#"SELECT "customers"."name" || $1 || "customers"."email" || $2 AS "contact" FROM "customers" WHERE "customers"."id" <= $3 ORDER BY "customers"."id""#, p![" <", ">", 2_i64]),
        mysql: ok("SELECT CONCAT(`customers`.`name`, ?, `customers`.`email`, ?) AS `contact` FROM `customers` WHERE `customers`.`id` <= ? ORDER BY `customers`.`id`", p![" <", ">", 2_i64]),
    );
    let mut env = Env::new();
    // NULL email makes the whole concatenation NULL on every database.
    env.check(&q, &[&["Alice <alice@example.com>"], &["NULL"]]);
}

#[test]
fn like_ilike_escape_and_literal_helpers() {
    let p = Products::new();
    fn names(cond: impl Into<Expr>) -> Select {
        let p = Products::new();
        Select::new()
            .column(p.name)
            .from(p)
            .filter(cond)
            .order_by(p.id.asc())
    }
    let like = names(p.name.like("%dget"));
    golden!(like,
        sqlite: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE ? ESCAPE '\' ORDER BY "products"."id""#, p!["%dget"]),
        postgres: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE $1 ORDER BY "products"."id""#, p!["%dget"]),
        mysql: ok("SELECT `products`.`name` FROM `products` WHERE `products`.`name` LIKE ? ORDER BY `products`.`id`", p!["%dget"]),
    );
    let not_like = names(p.name.not_like("%o%"));
    let ilike = names(p.name.ilike("%GET"));
    golden!(ilike,
        sqlite: ok(r#"SELECT "products"."name" FROM "products" WHERE LOWER("products"."name") LIKE LOWER(?) ESCAPE '\' ORDER BY "products"."id""#, p!["%GET"]),
        postgres: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" ILIKE $1 ORDER BY "products"."id""#, p!["%GET"]),
        mysql: ok("SELECT `products`.`name` FROM `products` WHERE LOWER(`products`.`name`) LIKE LOWER(?) ORDER BY `products`.`id`", p!["%GET"]),
    );
    let escaped = names(p.name.like("W#%").escape('#'));
    golden!(escaped,
        sqlite: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE ? ESCAPE '#' ORDER BY "products"."id""#, p!["W#%"]),
        postgres: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE $1 ESCAPE '#' ORDER BY "products"."id""#, p!["W#%"]),
        mysql: ok("SELECT `products`.`name` FROM `products` WHERE `products`.`name` LIKE ? ESCAPE '#' ORDER BY `products`.`id`", p!["W#%"]),
    );
    // The user's text is taken literally: % and _ inside it are escaped.
    let contains = names(p.name.contains("50%_off"));
    golden!(contains,
        sqlite: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE ? ESCAPE '!' ORDER BY "products"."id""#, p!["%50!%!_off%"]),
        postgres: ok(r#"SELECT "products"."name" FROM "products" WHERE "products"."name" LIKE $1 ESCAPE '!' ORDER BY "products"."id""#, p!["%50!%!_off%"]),
        mysql: ok("SELECT `products`.`name` FROM `products` WHERE `products`.`name` LIKE ? ESCAPE '!' ORDER BY `products`.`id`", p!["%50!%!_off%"]),
    );
    let bad_escape = names(Expr::from(p.name).like("x").escape('\''));
    golden!(bad_escape,
        sqlite: err("cannot be a LIKE escape character"),
        postgres: err("cannot be a LIKE escape character"),
        mysql: err("cannot be a LIKE escape character"),
    );
    let mut env = Env::with_setup(
        "INSERT INTO products (id, name, category, price_cents) VALUES (6, '50%_off sale', NULL, 1), (7, '50 percent off', NULL, 1), (8, 'W%', NULL, 1);",
    );
    env.check(&like, &[&["Widget"], &["Gadget"]]);
    env.check(
        &not_like,
        &[&["Widget"], &["Gadget"], &["Album"], &["Lamp"], &["W%"]],
    );
    env.check(&ilike, &[&["Widget"], &["Gadget"]]);
    env.check(&escaped, &[&["W%"]]);
    env.check(&contains, &[&["50%_off sale"]]);
    env.check(&names(p.name.starts_with("W")), &[&["Widget"], &["W%"]]);
    env.check(&names(p.name.ends_with("%")), &[&["W%"]]);
    env.check(&names(p.name.starts_with("50%")), &[&["50%_off sale"]]);
}

#[test]
fn in_lists_empty_lists_subqueries_and_row_values() {
    let c = Customers::new();
    let q = ids_where(c.id.in_list([1, 3, 5]));
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."id" IN (?, ?, ?) ORDER BY "customers"."id""#, p![1_i64, 3_i64, 5_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."id" IN ($1, $2, $3) ORDER BY "customers"."id""#, p![1_i64, 3_i64, 5_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`id` IN (?, ?, ?) ORDER BY `customers`.`id`", p![1_i64, 3_i64, 5_i64]),
    );
    let not_in = ids_where(c.id.not_in_list([1, 3, 5]));
    let empty: Vec<i64> = vec![];
    let in_empty = ids_where(c.id.in_list(empty.clone()));
    golden!(in_empty,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE FALSE ORDER BY "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE FALSE ORDER BY "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE FALSE ORDER BY `customers`.`id`", p![]),
    );
    // NOT IN () is true for every row, even where the tested value is NULL.
    let not_in_empty = ids_where(c.city.not_in_list(Vec::<String>::new()));
    // A NULL among the candidates makes NOT IN unknown for rows not in the list.
    let not_in_with_null = ids_where(c.referred_by.not_in_list([Some(1_i64), None]));
    let row_in = ids_where(
        Expr::tuple([Expr::from(c.city), Expr::from(c.name)]).in_list([
            Expr::tuple([Expr::value("Paris"), Expr::value("Carol")]),
            Expr::tuple([Expr::value("Berlin"), Expr::value("Eve")]),
        ]),
    );
    golden!(row_in,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE ("customers"."city", "customers"."name") IN (VALUES (?, ?), (?, ?)) ORDER BY "customers"."id""#, p!["Paris", "Carol", "Berlin", "Eve"]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE ("customers"."city", "customers"."name") IN (($1, $2), ($3, $4)) ORDER BY "customers"."id""#, p!["Paris", "Carol", "Berlin", "Eve"]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE (`customers`.`city`, `customers`.`name`) IN ((?, ?), (?, ?)) ORDER BY `customers`.`id`", p!["Paris", "Carol", "Berlin", "Eve"]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["1"], &["3"], &["5"]]);
    env.check(&not_in, &[&["2"], &["4"]]);
    env.check(&in_empty, &[]);
    env.check(&not_in_empty, &[&["1"], &["2"], &["3"], &["4"], &["5"]]);
    env.check(&not_in_with_null, &[]);
    env.check(&row_in, &[&["3"], &["5"]]);
}

#[test]
fn between_case_cast_coalesce_nullif_greatest_least() {
    let p = Products::new();
    let between = Select::new()
        .column(p.id)
        .from(p)
        .filter(p.price_cents.between(900, 1500))
        .order_by(p.id.asc());
    golden!(between,
        sqlite: ok(r#"SELECT "products"."id" FROM "products" WHERE "products"."price_cents" BETWEEN ? AND ? ORDER BY "products"."id""#, p![900_i64, 1500_i64]),
        postgres: ok(r#"SELECT "products"."id" FROM "products" WHERE "products"."price_cents" BETWEEN $1 AND $2 ORDER BY "products"."id""#, p![900_i64, 1500_i64]),
        mysql: ok("SELECT `products`.`id` FROM `products` WHERE `products`.`price_cents` BETWEEN ? AND ? ORDER BY `products`.`id`", p![900_i64, 1500_i64]),
    );
    let not_between = Select::new()
        .column(p.id)
        .from(p)
        .filter(p.price_cents.not_between(900, 1500))
        .order_by(p.id.asc());
    let searched: Expr = Case::new()
        .when(p.price_cents.lt(500), "cheap")
        .when(p.price_cents.lt(2000), "mid")
        .otherwise("premium")
        .into();
    let simple: Expr = Case::on(p.category)
        .when("tools", 1_i64)
        .when("media", 2_i64)
        .into();
    let q = Select::new()
        .cols((p.id, searched.clone(), simple.clone()))
        .from(p)
        .order_by(p.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "products"."id", CASE WHEN "products"."price_cents" < ? THEN ? WHEN "products"."price_cents" < ? THEN ? ELSE ? END, CASE "products"."category" WHEN ? THEN ? WHEN ? THEN ? END FROM "products" ORDER BY "products"."id""#, p![500_i64, "cheap", 2000_i64, "mid", "premium", "tools", 1_i64, "media", 2_i64]),
        postgres: ok(r#"SELECT "products"."id", CASE WHEN "products"."price_cents" < $1 THEN $2::text WHEN "products"."price_cents" < $3 THEN $4::text ELSE $5::text END, CASE "products"."category" WHEN $6 THEN $7::int8 WHEN $8 THEN $9::int8 END FROM "products" ORDER BY "products"."id""#, p![500_i64, "cheap", 2000_i64, "mid", "premium", "tools", 1_i64, "media", 2_i64]),
        mysql: ok("SELECT `products`.`id`, CASE WHEN `products`.`price_cents` < ? THEN ? WHEN `products`.`price_cents` < ? THEN ? ELSE ? END, CASE `products`.`category` WHEN ? THEN ? WHEN ? THEN ? END FROM `products` ORDER BY `products`.`id`", p![500_i64, "cheap", 2000_i64, "mid", "premium", "tools", 1_i64, "media", 2_i64]),
    );
    let no_when: Expr = Case::new().otherwise(1_i64).into();
    golden!(Select::new().column(no_when),
        sqlite: err("at least one WHEN"),
        postgres: err("at least one WHEN"),
        mysql: err("at least one WHEN"),
    );
    let cast = Select::new()
        .cols((
            p.price_cents.cast_to::<String>().concat(" cents"),
            Expr::from(p.price_cents).cast(SqlType::Double).div(100_i64),
        ))
        .from(p)
        .filter(p.id.eq(1));
    golden!(cast,
        sqlite: ok(r#"SELECT CAST("products"."price_cents" AS TEXT) || ?, CAST("products"."price_cents" AS REAL) / ? FROM "products" WHERE "products"."id" = ?"#, p![" cents", 100_i64, 1_i64]),
        postgres: ok(r#"SELECT CAST("products"."price_cents" AS TEXT) || $1, CAST("products"."price_cents" AS DOUBLE PRECISION) / $2 FROM "products" WHERE "products"."id" = $3"#, p![" cents", 100_i64, 1_i64]),
        mysql: ok("SELECT CONCAT(CAST(`products`.`price_cents` AS CHAR), ?), CAST(`products`.`price_cents` AS DOUBLE) / ? FROM `products` WHERE `products`.`id` = ?", p![" cents", 100_i64, 1_i64]),
    );
    let c = Customers::new();
    let coalesce = Select::new()
        .cols((
            c.email.coalesce("none"),
            func::nullif(c.city, "Paris"),
            func::greatest([Expr::from(c.id), Expr::value(3_i64)]),
            func::least([Expr::from(c.id), Expr::value(3_i64)]),
        ))
        .from(c)
        .order_by(c.id.asc());
    golden!(coalesce,
        // GREATEST / LEAST ignore a NULL operand everywhere: each is written
        // COALESCE(it, the others) where the database's own would answer NULL.
        sqlite: ok(r#"SELECT COALESCE("customers"."email", ?), NULLIF("customers"."city", ?), max(COALESCE("customers"."id", ?), COALESCE(?, "customers"."id")), min(COALESCE("customers"."id", ?), COALESCE(?, "customers"."id")) FROM "customers" ORDER BY "customers"."id""#, p!["none", "Paris", 3_i64, 3_i64, 3_i64, 3_i64]),
        postgres: ok(r#"SELECT COALESCE("customers"."email", $1), NULLIF("customers"."city", $2), GREATEST("customers"."id", $3), LEAST("customers"."id", $4) FROM "customers" ORDER BY "customers"."id""#, p!["none", "Paris", 3_i64, 3_i64]),
        mysql: ok("SELECT COALESCE(`customers`.`email`, ?), NULLIF(`customers`.`city`, ?), GREATEST(COALESCE(`customers`.`id`, ?), COALESCE(?, `customers`.`id`)), LEAST(COALESCE(`customers`.`id`, ?), COALESCE(?, `customers`.`id`)) FROM `customers` ORDER BY `customers`.`id`", p!["none", "Paris", 3_i64, 3_i64, 3_i64, 3_i64]),
    );
    let mut env = Env::new();
    env.check(&between, &[&["2"], &["3"], &["4"]]);
    env.check(&not_between, &[&["1"], &["5"]]);
    env.check(
        &q,
        &[
            &["1", "cheap", "1"],
            &["2", "mid", "1"],
            &["3", "mid", "2"],
            &["4", "mid", "2"],
            &["5", "premium", "NULL"],
        ],
    );
    env.check(&cast, &[&["250 cents", "2.5"]]);
    env.check(
        &coalesce,
        &[
            &["alice@example.com", "NULL", "3", "1"],
            &["none", "London", "3", "2"],
            &["carol@example.com", "NULL", "3", "3"],
            &["dave@example.com", "NULL", "4", "3"],
            &["none", "Berlin", "5", "3"],
        ],
    );
}

#[test]
fn named_parameters_reused_and_bound_at_execution() {
    let c = Customers::new();
    let q = ids_where(
        c.id.eq(sqlweave::param::<i64>("id"))
            .or(c.referred_by.eq(sqlweave::param::<i64>("id"))),
    );
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."id" = ? OR "customers"."referred_by" = ? ORDER BY "customers"."id""#, vec![Value::Null, Value::Null]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."id" = $1 OR "customers"."referred_by" = $1 ORDER BY "customers"."id""#, vec![Value::Null]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`id` = ? OR `customers`.`referred_by` = ? ORDER BY `customers`.`id`", vec![Value::Null, Value::Null]),
    );
    let mut env = Env::new();
    for conn in env.conns() {
        let name = conn.dialect().name();
        let rows = conn
            .fetch_all_with(&q, &[("id", Value::from(1_i64))])
            .unwrap();
        assert_eq!(
            common::canon_rows(&rows),
            common::rows(&[&["1"], &["2"], &["3"]]),
            "{name}"
        );
        let rows = conn
            .fetch_all_with(&q, &[("id", Value::from(2_i64))])
            .unwrap();
        assert_eq!(
            common::canon_rows(&rows),
            common::rows(&[&["2"], &["4"]]),
            "{name}"
        );
        // Missing, unknown and unbound names are errors before anything is sent.
        assert!(matches!(
            conn.fetch_all_with(&q, &[]),
            Err(sqlweave::Error::Bind(_))
        ));
        assert!(matches!(
            conn.fetch_all_with(
                &q,
                &[("id", Value::from(1_i64)), ("other", Value::from(1_i64))]
            ),
            Err(sqlweave::Error::Bind(_))
        ));
        assert!(matches!(conn.fetch_all(&q), Err(sqlweave::Error::Bind(_))));
    }
}

#[test]
fn raw_fragments_with_their_own_parameters() {
    let c = Customers::new();
    let q = Select::new()
        .column(c.id)
        .from(c)
        .filter(Expr::raw("? < 3", [Value::from(1_i64)]).and(c.id.in_list([2, 3])))
        .filter(Expr::raw("LOWER(name) = ?", ["bob"]));
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE (? < 3) AND "customers"."id" IN (?, ?) AND (LOWER(name) = ?)"#, p![1_i64, 2_i64, 3_i64, "bob"]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE ($1 < 3) AND "customers"."id" IN ($2, $3) AND (LOWER(name) = $4)"#, p![1_i64, 2_i64, 3_i64, "bob"]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE (? < 3) AND `customers`.`id` IN (?, ?) AND (LOWER(name) = ?)", p![1_i64, 2_i64, 3_i64, "bob"]),
    );
    let mismatch = Select::new().column(Expr::raw("? + ?", [1_i64]));
    golden!(mismatch,
        sqlite: err("more `?` placeholders"),
        postgres: err("more `?` placeholders"),
        mysql: err("more `?` placeholders"),
    );
    let literal_q = Select::new().column(Expr::raw("'a??b'", Vec::<Value>::new()));
    golden!(literal_q,
        sqlite: ok("SELECT 'a?b'", p![]),
        postgres: ok("SELECT 'a?b'", p![]),
        mysql: ok("SELECT 'a?b'", p![]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["2"]]);
    env.check(&literal_q, &[&["a?b"]]);
}

/// A typed named parameter standing alone in the select list: PostgreSQL cannot infer
/// its type from context, so it is annotated from the declared type; the others need
/// nothing. A parameter declared with two different types is an error.
#[test]
fn typed_named_parameter_in_select_list() {
    let q = Select::new()
        .column(sqlweave::param::<i64>("n").label("n"))
        .column((sqlweave::param::<f64>("x") * 2.0).label("x2"));
    golden!(q,
        sqlite: ok(r#"SELECT ? AS "n", ? * ? AS "x2""#, vec![Value::Null, Value::Null, Value::F64(2.0)]),
        postgres: ok(r#"SELECT $1::BIGINT AS "n", $2::DOUBLE PRECISION * $3::float8 AS "x2""#, vec![Value::Null, Value::Null, Value::F64(2.0)]),
        mysql: ok("SELECT ? AS `n`, ? * ? AS `x2`", vec![Value::Null, Value::Null, Value::F64(2.0)]),
    );
    let mut env = Env::new();
    for conn in env.conns() {
        let name = conn.dialect().name();
        let row = conn
            .fetch_one_with(&q, &[("n", Value::I64(i64::MAX)), ("x", Value::F64(1.25))])
            .unwrap();
        assert_eq!(row.get_by_label::<i64>("n").unwrap(), i64::MAX, "{name}");
        assert_eq!(row.get_by_label::<f64>("x2").unwrap(), 2.5, "{name}");
    }
    let clash = Select::new()
        .column(sqlweave::param::<i64>("n").label("a"))
        .column(sqlweave::param::<String>("n").label("b"));
    match clash.render(&sqlweave::Ansi) {
        Err(sqlweave::Error::Bind(msg)) => {
            assert!(msg.contains("declared both BIGINT and TEXT"), "{msg}")
        }
        other => panic!("{other:?}"),
    }
}
