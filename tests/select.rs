//! SELECT, clause by clause: golden SQL + parameters per dialect, then the rows on
//! SQLite, PostgreSQL and MariaDB.

mod common;

use common::shop::{Customers, OrderItems, Orders, Products};
use common::{Env, err, ok};
use sqlweave::Dialect;
use sqlweave::render::Statement;
use sqlweave::{
    Cte, Expr, FromItem, GroupItem, JoinKind, LockStrength, LockWait, Query, Select, SetOp,
    TableRef, TypedExpr, Values, func,
};

#[test]
fn select_list_labels_star_and_table_star() {
    let c = Customers::new();
    let q = Select::new()
        .cols((c.id, c.name.label("who")))
        .from(c)
        .filter(c.id.eq(2));
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."id", "customers"."name" AS "who" FROM "customers" WHERE "customers"."id" = ?"#, p![2_i64]),
        postgres: ok(r#"SELECT "customers"."id", "customers"."name" AS "who" FROM "customers" WHERE "customers"."id" = $1"#, p![2_i64]),
        mysql: ok("SELECT `customers`.`id`, `customers`.`name` AS `who` FROM `customers` WHERE `customers`.`id` = ?", p![2_i64]),
    );
    let star = Select::new().star().from(c).filter(c.id.eq(5));
    golden!(star,
        sqlite: ok(r#"SELECT * FROM "customers" WHERE "customers"."id" = ?"#, p![5_i64]),
        postgres: ok(r#"SELECT * FROM "customers" WHERE "customers"."id" = $1"#, p![5_i64]),
        mysql: ok("SELECT * FROM `customers` WHERE `customers`.`id` = ?", p![5_i64]),
    );
    let o = Orders::new().alias("o");
    let tstar = Select::new()
        .table_star("o")
        .from(o)
        .filter(o.id.eq(3))
        .order_by(o.id.asc());
    golden!(tstar,
        sqlite: ok(r#"SELECT "o".* FROM "orders" AS "o" WHERE "o"."id" = ? ORDER BY "o"."id""#, p![3_i64]),
        postgres: ok(r#"SELECT "o".* FROM "orders" AS "o" WHERE "o"."id" = $1 ORDER BY "o"."id""#, p![3_i64]),
        mysql: ok("SELECT `o`.* FROM `orders` AS `o` WHERE `o`.`id` = ? ORDER BY `o`.`id`", p![3_i64]),
    );

    let mut env = Env::new();
    env.check(&q, &[&["2", "Bob"]]);
    env.check(&star, &[&["5", "Eve", "NULL", "Berlin", "NULL"]]);
    let tstar_cols = Select::new().table_star("o").from(o).filter(o.id.eq(3));
    for c in env.conns() {
        let r = c.fetch_all(&tstar_cols).unwrap();
        assert_eq!(r.rows.len(), 1);
        assert_eq!(
            r.rows[0].columns(),
            ["id", "customer_id", "status", "placed_on"]
        );
    }
}

#[test]
fn select_without_from_and_empty_select_list() {
    let q = Select::new().column_as(Expr::value(20_i64).add(22_i64), "answer");
    golden!(q,
        sqlite: ok(r#"SELECT ? + ? AS "answer""#, p![20_i64, 22_i64]),
        postgres: ok(r#"SELECT $1::int8 + $2::int8 AS "answer""#, p![20_i64, 22_i64]),
        mysql: ok("SELECT ? + ? AS `answer`", p![20_i64, 22_i64]),
    );
    let bare = Select::new().column_as(Expr::value("hi"), "greeting");
    golden!(bare,
        sqlite: ok(r#"SELECT ? AS "greeting""#, p!["hi"]),
        postgres: ok(r#"SELECT $1::text AS "greeting""#, p!["hi"]),
        mysql: ok("SELECT ? AS `greeting`", p!["hi"]),
    );
    let empty = Select::new().from(TableRef::new("t"));
    golden!(empty,
        sqlite: err("at least one item"),
        postgres: err("at least one item"),
        mysql: err("at least one item"),
    );
    let mut env = Env::new();
    env.check(&q, &[&["42"]]);
    env.check(&bare, &[&["hi"]]);
}

#[test]
fn joins_of_every_kind() {
    let c = Customers::new();
    let o = Orders::new();
    let inner = Select::new()
        .cols((c.name, o.id))
        .from(c)
        .join(o, o.customer_id.eq(c.id))
        .filter(o.status.eq("paid"))
        .order_by(o.id.asc());
    golden!(inner,
        sqlite: ok(r#"SELECT "customers"."name", "orders"."id" FROM "customers" INNER JOIN "orders" ON "orders"."customer_id" = "customers"."id" WHERE "orders"."status" = ? ORDER BY "orders"."id""#, p!["paid"]),
        postgres: ok(r#"SELECT "customers"."name", "orders"."id" FROM "customers" INNER JOIN "orders" ON "orders"."customer_id" = "customers"."id" WHERE "orders"."status" = $1 ORDER BY "orders"."id""#, p!["paid"]),
        mysql: ok("SELECT `customers`.`name`, `orders`.`id` FROM `customers` INNER JOIN `orders` ON `orders`.`customer_id` = `customers`.`id` WHERE `orders`.`status` = ? ORDER BY `orders`.`id`", p!["paid"]),
    );
    let left = Select::new()
        .cols((c.name, o.id.count().label("n")))
        .from(c)
        .left_join(o, o.customer_id.eq(c.id))
        .group_by([c.name])
        .order_by(c.name.asc());
    let right = Select::new()
        .cols((c.name, o.id))
        .from(o)
        .right_join(c, o.customer_id.eq(c.id))
        .filter(o.id.is_null())
        .order_by(c.name.asc());
    let full = Select::new()
        .cols((c.id, o.id))
        .from(c)
        .full_join(o, o.customer_id.eq(c.id))
        .filter(o.id.is_null())
        .order_by(c.id.asc());
    golden!(full,
        sqlite: ok(r#"SELECT "customers"."id", "orders"."id" FROM "customers" FULL JOIN "orders" ON "orders"."customer_id" = "customers"."id" WHERE "orders"."id" IS NULL ORDER BY "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id", "orders"."id" FROM "customers" FULL JOIN "orders" ON "orders"."customer_id" = "customers"."id" WHERE "orders"."id" IS NULL ORDER BY "customers"."id""#, p![]),
        mysql: err("MySQL does not support FULL JOIN"),
        mariadb: err("MariaDB does not support FULL JOIN"),
    );
    let p = Products::new();
    let cross = Select::new()
        .cols((c.id, p.id))
        .from(c)
        .cross_join(p)
        .filter(c.id.eq(1).and(p.id.le(2)))
        .order_by(p.id.asc());
    golden!(cross,
        sqlite: ok(r#"SELECT "customers"."id", "products"."id" FROM "customers" CROSS JOIN "products" WHERE "customers"."id" = ? AND "products"."id" <= ? ORDER BY "products"."id""#, p![1_i64, 2_i64]),
        postgres: ok(r#"SELECT "customers"."id", "products"."id" FROM "customers" CROSS JOIN "products" WHERE "customers"."id" = $1 AND "products"."id" <= $2 ORDER BY "products"."id""#, p![1_i64, 2_i64]),
        mysql: ok("SELECT `customers`.`id`, `products`.`id` FROM `customers` CROSS JOIN `products` WHERE `customers`.`id` = ? AND `products`.`id` <= ? ORDER BY `products`.`id`", p![1_i64, 2_i64]),
    );
    // Self-join through an alias: who referred whom.
    let r = Customers::new().alias("referrer");
    let selfj = Select::new()
        .cols((c.name, r.name.label("referrer")))
        .from(c)
        .join(r, c.referred_by.eq(r.id))
        .order_by(c.id.asc());
    golden!(selfj,
        sqlite: ok(r#"SELECT "customers"."name", "referrer"."name" AS "referrer" FROM "customers" INNER JOIN "customers" AS "referrer" ON "customers"."referred_by" = "referrer"."id" ORDER BY "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."name", "referrer"."name" AS "referrer" FROM "customers" INNER JOIN "customers" AS "referrer" ON "customers"."referred_by" = "referrer"."id" ORDER BY "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`name`, `referrer`.`name` AS `referrer` FROM `customers` INNER JOIN `customers` AS `referrer` ON `customers`.`referred_by` = `referrer`.`id` ORDER BY `customers`.`id`", p![]),
    );

    let mut env = Env::new();
    env.check(&inner, &[&["Alice", "1"], &["Bob", "3"], &["Dave", "5"]]);
    env.check(
        &left,
        &[
            &["Alice", "3"],
            &["Bob", "1"],
            &["Carol", "1"],
            &["Dave", "1"],
            &["Eve", "0"],
        ],
    );
    env.check(&right, &[&["Eve", "NULL"]]);
    env.check_on(&["SQLite", "PostgreSQL"], &full, &[&["5", "NULL"]]);
    env.check(&cross, &[&["1", "1"], &["1", "2"]]);
    env.check(
        &selfj,
        &[&["Bob", "Alice"], &["Carol", "Alice"], &["Dave", "Bob"]],
    );
}

#[test]
fn lateral_join() {
    let c = Customers::new();
    let o = Orders::new().alias("lo");
    // Each customer's latest order.
    let latest = Select::new()
        .column(o.id)
        .from(o)
        .filter(o.customer_id.eq(c.id))
        .order_by(o.id.desc())
        .limit(1);
    let q = Select::new()
        .cols((c.name, Expr::qualified("last", "id")))
        .from(c)
        .join_lateral(JoinKind::Left, latest, "last", None)
        .order_by(c.id.asc());
    golden!(q,
        sqlite: err("SQLite does not support LATERAL"),
        postgres: ok(r#"SELECT "customers"."name", "last"."id" FROM "customers" LEFT JOIN LATERAL (SELECT "lo"."id" FROM "orders" AS "lo" WHERE "lo"."customer_id" = "customers"."id" ORDER BY "lo"."id" DESC LIMIT $1) AS "last" ON TRUE ORDER BY "customers"."id""#, p![1_i64]),
        mysql: ok("SELECT `customers`.`name`, `last`.`id` FROM `customers` LEFT JOIN LATERAL (SELECT `lo`.`id` FROM `orders` AS `lo` WHERE `lo`.`customer_id` = `customers`.`id` ORDER BY `lo`.`id` DESC LIMIT ?) AS `last` ON TRUE ORDER BY `customers`.`id`", p![1_i64]),
        mariadb: err("MariaDB does not support LATERAL"),
    );
    let mut env = Env::new();
    env.check_on(
        &["PostgreSQL"],
        &q,
        &[
            &["Alice", "6"],
            &["Bob", "3"],
            &["Carol", "4"],
            &["Dave", "5"],
            &["Eve", "NULL"],
        ],
    );
}

#[test]
fn group_by_having_and_rollups() {
    let i = OrderItems::new();
    let q = Select::new()
        .cols((
            i.order_id,
            (i.quantity * i.unit_price_cents).sum().label("total"),
        ))
        .from(i)
        .group_by([i.order_id])
        .having((i.quantity * i.unit_price_cents).sum().gt(2000))
        .order_by(i.order_id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "order_items"."order_id", SUM("order_items"."quantity" * "order_items"."unit_price_cents") AS "total" FROM "order_items" GROUP BY "order_items"."order_id" HAVING SUM("order_items"."quantity" * "order_items"."unit_price_cents") > ? ORDER BY "order_items"."order_id""#, p![2000_i64]),
        postgres: ok(r#"SELECT "order_items"."order_id", SUM("order_items"."quantity" * "order_items"."unit_price_cents") AS "total" FROM "order_items" GROUP BY "order_items"."order_id" HAVING SUM("order_items"."quantity" * "order_items"."unit_price_cents") > $1 ORDER BY "order_items"."order_id""#, p![2000_i64]),
        mysql: ok("SELECT `order_items`.`order_id`, SUM(`order_items`.`quantity` * `order_items`.`unit_price_cents`) AS `total` FROM `order_items` GROUP BY `order_items`.`order_id` HAVING SUM(`order_items`.`quantity` * `order_items`.`unit_price_cents`) > ? ORDER BY `order_items`.`order_id`", p![2000_i64]),
    );
    let p = Products::new();
    let rollup = Select::new()
        .cols((p.category, p.price_cents.sum().label("total")))
        .from(p)
        .filter(p.category.is_not_null())
        .group_by_item(GroupItem::Rollup(vec![p.category.into()]));
    golden!(rollup,
        sqlite: err("SQLite does not support ROLLUP"),
        postgres: ok(r#"SELECT "products"."category", SUM("products"."price_cents") AS "total" FROM "products" WHERE "products"."category" IS NOT NULL GROUP BY ROLLUP ("products"."category")"#, p![]),
        mysql: ok("SELECT `products`.`category`, SUM(`products`.`price_cents`) AS `total` FROM `products` WHERE `products`.`category` IS NOT NULL GROUP BY `products`.`category` WITH ROLLUP", p![]),
    );
    let cube = Select::new()
        .cols((p.category, func::count_star()))
        .from(p)
        .group_by_item(GroupItem::Cube(vec![p.category.into()]));
    golden!(cube,
        sqlite: err("SQLite does not support CUBE"),
        postgres: ok(r#"SELECT "products"."category", COUNT(*) FROM "products" GROUP BY CUBE ("products"."category")"#, p![]),
        mysql: err("MySQL does not support CUBE"),
        mariadb: err("MariaDB does not support CUBE"),
    );
    let sets = Select::new()
        .cols((p.category, p.name, func::count_star()))
        .from(p)
        .group_by_item(GroupItem::GroupingSets(vec![
            vec![p.category.into()],
            vec![p.name.into()],
        ]));
    golden!(sets,
        sqlite: err("GROUPING SETS"),
        postgres: ok(r#"SELECT "products"."category", "products"."name", COUNT(*) FROM "products" GROUP BY GROUPING SETS (("products"."category"), ("products"."name"))"#, p![]),
        mysql: err("GROUPING SETS"),
    );
    let mixed = Select::new()
        .cols((p.category, p.name, func::count_star()))
        .from(p)
        .group_by([p.name])
        .group_by_item(GroupItem::Rollup(vec![p.category.into()]));
    golden!(mixed,
        sqlite: err("ROLLUP"),
        postgres: ok(r#"SELECT "products"."category", "products"."name", COUNT(*) FROM "products" GROUP BY "products"."name", ROLLUP ("products"."category")"#, p![]),
        mysql: err("only a sole `… WITH ROLLUP`"),
    );

    let mut env = Env::new();
    env.check(
        &q,
        &[
            &["1", "2500"],
            &["3", "4300"],
            &["4", "4000"],
            &["5", "3000"],
            &["6", "3000"],
        ],
    );
    env.check_on_unordered(
        &["PostgreSQL", "MariaDB"],
        &rollup,
        &[&["media", "2400"], &["tools", "1250"], &["NULL", "3650"]],
    );
}

#[test]
fn order_by_nulls_limit_offset() {
    let c = Customers::new();
    let nulls_first = Select::new()
        .cols((c.id, c.city))
        .from(c)
        .order_by(c.city.asc().nulls_first())
        .order_by(c.id.asc());
    golden!(nulls_first,
        sqlite: ok(r#"SELECT "customers"."id", "customers"."city" FROM "customers" ORDER BY "customers"."city" NULLS FIRST, "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id", "customers"."city" FROM "customers" ORDER BY "customers"."city" NULLS FIRST, "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`id`, `customers`.`city` FROM `customers` ORDER BY `customers`.`city` IS NULL DESC, `customers`.`city`, `customers`.`id`", p![]),
    );
    let nulls_last = Select::new()
        .cols((c.id, c.email))
        .from(c)
        .order_by(c.email.desc().nulls_last())
        .order_by(c.id.asc());
    golden!(nulls_last,
        sqlite: ok(r#"SELECT "customers"."id", "customers"."email" FROM "customers" ORDER BY "customers"."email" DESC NULLS LAST, "customers"."id""#, p![]),
        postgres: ok(r#"SELECT "customers"."id", "customers"."email" FROM "customers" ORDER BY "customers"."email" DESC NULLS LAST, "customers"."id""#, p![]),
        mysql: ok("SELECT `customers`.`id`, `customers`.`email` FROM `customers` ORDER BY `customers`.`email` IS NULL, `customers`.`email` DESC, `customers`.`id`", p![]),
    );
    let page = Select::new()
        .column(c.id)
        .from(c)
        .order_by(c.id.asc())
        .limit(2)
        .offset(1);
    golden!(page,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id" LIMIT ? OFFSET ?"#, p![2_i64, 1_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id" LIMIT $1 OFFSET $2"#, p![2_i64, 1_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` ORDER BY `customers`.`id` LIMIT ? OFFSET ?", p![2_i64, 1_i64]),
    );
    let offset_only = Select::new()
        .column(c.id)
        .from(c)
        .order_by(c.id.asc())
        .offset(3);
    golden!(offset_only,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id" LIMIT -1 OFFSET ?"#, p![3_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id" OFFSET $1"#, p![3_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` ORDER BY `customers`.`id` LIMIT 18446744073709551615 OFFSET ?", p![3_i64]),
    );
    let mut env = Env::new();
    env.check(
        &nulls_first,
        &[
            &["4", "NULL"],
            &["5", "Berlin"],
            &["2", "London"],
            &["1", "Paris"],
            &["3", "Paris"],
        ],
    );
    env.check(
        &nulls_last,
        &[
            &["4", "dave@example.com"],
            &["3", "carol@example.com"],
            &["1", "alice@example.com"],
            &["2", "NULL"],
            &["5", "NULL"],
        ],
    );
    env.check(&page, &[&["2"], &["3"]]);
    env.check(&offset_only, &[&["4"], &["5"]]);
}

#[test]
fn distinct_and_distinct_on() {
    let c = Customers::new();
    let d = Select::new()
        .column(c.city)
        .distinct()
        .from(c)
        .filter(c.city.is_not_null())
        .order_by(c.city.asc());
    golden!(d,
        sqlite: ok(r#"SELECT DISTINCT "customers"."city" FROM "customers" WHERE "customers"."city" IS NOT NULL ORDER BY "customers"."city""#, p![]),
        postgres: ok(r#"SELECT DISTINCT "customers"."city" FROM "customers" WHERE "customers"."city" IS NOT NULL ORDER BY "customers"."city""#, p![]),
        mysql: ok("SELECT DISTINCT `customers`.`city` FROM `customers` WHERE `customers`.`city` IS NOT NULL ORDER BY `customers`.`city`", p![]),
    );
    let o = Orders::new();
    let on = Select::new()
        .cols((o.customer_id, o.id))
        .distinct_on([o.customer_id])
        .from(o)
        .order_by(o.customer_id.asc())
        .order_by(o.id.desc());
    golden!(on,
        sqlite: err("SQLite does not support DISTINCT ON"),
        postgres: ok(r#"SELECT DISTINCT ON ("orders"."customer_id") "orders"."customer_id", "orders"."id" FROM "orders" ORDER BY "orders"."customer_id", "orders"."id" DESC"#, p![]),
        mysql: err("MySQL does not support DISTINCT ON"),
        mariadb: err("MariaDB does not support DISTINCT ON"),
    );
    let mut env = Env::new();
    env.check(&d, &[&["Berlin"], &["London"], &["Paris"]]);
    env.check_on(
        &["PostgreSQL"],
        &on,
        &[&["1", "6"], &["2", "3"], &["3", "4"], &["4", "5"]],
    );
}

#[test]
fn locking_reads() {
    let o = Orders::new();
    let base = Select::new().column(o.id).from(o).filter(o.id.eq(1));
    golden!(base.clone().for_update(),
        sqlite: err("SQLite does not support row locking"),
        postgres: ok(r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."id" = $1 FOR UPDATE"#, p![1_i64]),
        mysql: ok("SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? FOR UPDATE", p![1_i64]),
    );
    golden!(base.clone().lock(LockStrength::Share, LockWait::NoWait),
        sqlite: err("row locking"),
        postgres: ok(r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."id" = $1 FOR SHARE NOWAIT"#, p![1_i64]),
        mysql: ok("SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? FOR SHARE NOWAIT", p![1_i64]),
        mariadb: ok("SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? LOCK IN SHARE MODE NOWAIT", p![1_i64]),
    );
    golden!(base.clone().lock(LockStrength::Update, LockWait::SkipLocked),
        sqlite: err("row locking"),
        postgres: ok(r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."id" = $1 FOR UPDATE SKIP LOCKED"#, p![1_i64]),
        mysql: ok("SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? FOR UPDATE SKIP LOCKED", p![1_i64]),
    );
    golden!(base.clone().lock(LockStrength::NoKeyUpdate, LockWait::Wait),
        sqlite: err("row locking"),
        postgres: ok(r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."id" = $1 FOR NO KEY UPDATE"#, p![1_i64]),
        mysql: err("FOR NO KEY UPDATE"),
    );
    let mut env = Env::new();
    // Locking reads run inside a transaction on the servers.
    if let Some(pg) = env.postgres() {
        use sqlweave::Executor;
        pg.execute_raw_batch("BEGIN").unwrap();
        let q = base
            .clone()
            .lock(LockStrength::Update, LockWait::SkipLocked);
        assert_eq!(common::run(pg, &q), common::rows(&[&["1"]]));
        pg.execute_raw_batch("COMMIT").unwrap();
    }
    if let Some(my) = env.mysql() {
        use sqlweave::Executor;
        my.execute_raw_batch("START TRANSACTION").unwrap();
        for q in [
            base.clone().for_update(),
            base.clone().lock(LockStrength::Share, LockWait::NoWait),
            base.clone()
                .lock(LockStrength::Update, LockWait::SkipLocked),
        ] {
            assert_eq!(common::run(my, &q), common::rows(&[&["1"]]));
        }
        my.execute_raw_batch("COMMIT").unwrap();
    }
}

/// Canonical rows, as `common::rows` builds them.
type Rows = Vec<Vec<String>>;

fn lock_of(mut q: Select, table: &str) -> Select {
    if let Some(l) = q.lock.as_mut() {
        l.of = vec![table.to_string().into()];
    }
    q
}

/// PostgreSQL refuses a row lock on rows that are not table rows — a member of a
/// compound ("FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT"), a SELECT with
/// DISTINCT, GROUP BY, HAVING, an aggregate or a window function — and its lock reaches
/// the derived tables in FROM that `OF` does not leave out. The renderer refuses these
/// before anything is sent; MariaDB (and MySQL) take them all; SQLite has no locks.
#[test]
fn locks_refused_on_compounds_and_grouped_rows() {
    let o = Orders::new();
    let one = |id: i64| Select::new().column(o.id).from(o).filter(o.id.eq(id));
    let member = one(1).union(one(2).for_update());
    golden!(member,
        sqlite: err("row locking"),
        postgres: err("a row lock (FOR UPDATE / FOR SHARE) on a member of UNION / INTERSECT / EXCEPT"),
        mysql: ok("SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? UNION (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? FOR UPDATE)", p![1_i64, 2_i64]),
    );
    let left = one(1)
        .lock(LockStrength::Share, LockWait::NoWait)
        .intersect(one(1));
    golden!(left,
        sqlite: err("row locking"),
        postgres: err("on a member of UNION / INTERSECT / EXCEPT"),
        mysql: ok("(SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? FOR SHARE NOWAIT) INTERSECT SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ?", p![1_i64, 1_i64]),
        mariadb: ok("(SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ? LOCK IN SHARE MODE NOWAIT) INTERSECT SELECT `orders`.`id` FROM `orders` WHERE `orders`.`id` = ?", p![1_i64, 1_i64]),
    );
    // A member of a member, and a member whose own derived table is a compound.
    let nested = one(1).union(one(2).union_all(one(3).for_update()));
    common::check_one(
        &nested,
        &sqlweave_postgres::Postgres,
        &err("on a member of UNION"),
    );

    let grouped = Select::new().column(o.status).from(o).group_by([o.status]);
    let mut refused: Vec<(Select, &str)> = vec![
        (grouped.clone().for_update(), "on a SELECT with GROUP BY"),
        (
            Select::new()
                .column(o.status)
                .from(o)
                .distinct()
                .for_share(),
            "on a SELECT with DISTINCT",
        ),
        (
            Select::new()
                .column(o.status)
                .from(o)
                .distinct_on([o.status])
                .for_update(),
            "on a SELECT with DISTINCT",
        ),
        (
            Select::new()
                .column(func::count_star())
                .from(o)
                .for_update(),
            "on a SELECT with an aggregate function",
        ),
        (
            Select::new()
                .column(o.id)
                .from(o)
                .order_by(func::max(o.id).desc())
                .lock(LockStrength::KeyShare, LockWait::Wait),
            "on a SELECT with an aggregate function",
        ),
        (
            Select::new()
                .column(o.id)
                .from(o)
                .having(Expr::value(true))
                .for_update(),
            "on a SELECT with HAVING",
        ),
        (
            Select::new()
                .cols((o.id, func::row_number().over(sqlweave::Window::new())))
                .from(o)
                .for_update(),
            "on a SELECT with a window function",
        ),
        // The lock reaches derived tables, at any depth, unless OF leaves them out.
        (
            Select::new()
                .star()
                .from_subquery(grouped.clone(), "s")
                .for_update(),
            "GROUP BY, reached through the derived table",
        ),
        (
            Select::new()
                .star()
                .from_subquery(
                    Select::new().star().from_subquery(grouped.clone(), "a"),
                    "s",
                )
                .for_update(),
            "GROUP BY, reached through the derived table",
        ),
        (
            Select::new()
                .column(o.id)
                .from(o)
                .cross_join(grouped.clone().alias("s"))
                .lock(LockStrength::Update, LockWait::NoWait),
            "GROUP BY, reached through the derived table",
        ),
        (
            Select::new()
                .column(o.id)
                .from(o)
                .cross_join(grouped.clone().alias("s"))
                .for_update(),
            // (OF set below)
            "GROUP BY, reached through the derived table",
        ),
        (
            Select::new()
                .star()
                .from_subquery(one(1).union(one(2)), "s")
                .for_update(),
            "reaching the derived table",
        ),
    ];
    // `FOR UPDATE OF s` names the grouped derived table itself.
    refused[10].0 = lock_of(refused[10].0.clone(), "s");
    for (q, needle) in &refused {
        common::check_one(q, &sqlweave_sqlite::Sqlite, &err("SQLite does not support"));
        common::check_one(q, &sqlweave_postgres::Postgres, &err(needle));
        for d in [
            sqlweave_mysql::MySql::mysql8(),
            sqlweave_mysql::MySql::mariadb(),
        ] {
            let is_pg_only = matches!(q.distinct, sqlweave::query::Distinct::On(_))
                || q.lock
                    .as_ref()
                    .is_some_and(|l| l.strength == LockStrength::KeyShare || !l.of.is_empty());
            if !is_pg_only {
                q.render_for(&d)
                    .unwrap_or_else(|e| panic!("{}: {e}", d.name()));
            }
        }
    }

    // The same statements, before the fix, reached PostgreSQL and failed there; what
    // it accepts still runs: a lock inside a derived table, a CTE or a subquery of a
    // compound, an aggregate in a subquery of a locked SELECT, OF leaving out a grouped
    // derived table. MariaDB runs every form above the line too.
    let accepted: Vec<(Box<dyn Statement>, Rows)> = vec![
        (
            Box::new(one(1).union(Select::new().star().from_subquery(one(2).for_update(), "s"))),
            common::rows(&[&["1"], &["2"]]),
        ),
        (
            Box::new(
                Select::new()
                    .column(o.id)
                    .from(o)
                    .filter(o.id.eq(Select::new().column(func::min(o.id)).from(o).as_expr()))
                    .for_update(),
            ),
            common::rows(&[&["1"]]),
        ),
        (
            Box::new(
                Select::new()
                    .star()
                    .from(TableRef::new("c"))
                    .union(one(4))
                    .with(Cte::new("c", one(3).for_update())),
            ),
            common::rows(&[&["3"], &["4"]]),
        ),
        (
            Box::new(
                Select::new()
                    .column(o.id)
                    .from(o)
                    .filter(o.id.in_query(one(5).for_update()))
                    .for_update(),
            ),
            common::rows(&[&["5"]]),
        ),
    ];
    let of_orders = Select::new()
        .cols((o.id, TableRef::new("s").col("status")))
        .from(o)
        .join(
            grouped.clone().alias("s"),
            TableRef::new("s").col("status").eq(o.status),
        )
        .filter(o.id.eq(4))
        .for_update();
    let of_orders = lock_of(of_orders, "orders");
    let mut env = Env::new();
    if let Some(pg) = env.postgres() {
        use sqlweave::Executor;
        pg.execute_raw_batch("BEGIN").unwrap();
        for (q, expected) in &accepted {
            let mut got = common::run(pg, q.as_ref());
            got.sort();
            assert_eq!(
                &got,
                expected,
                "{}",
                q.render_for(&sqlweave_postgres::Postgres).unwrap().sql
            );
        }
        assert_eq!(
            common::run(pg, &of_orders),
            common::rows(&[&["4", "cancelled"]])
        );
        pg.execute_raw_batch("COMMIT").unwrap();
    }
    if let Some(my) = env.mysql() {
        use sqlweave::Executor;
        my.execute_raw_batch("START TRANSACTION").unwrap();
        for (q, expected) in &accepted {
            let mut got = common::run(my, q.as_ref());
            got.sort();
            assert_eq!(&got, expected);
        }
        assert_eq!(common::run(my, &member), common::rows(&[&["1"], &["2"]]));
        assert_eq!(common::run(my, &left), common::rows(&[&["1"]]));
        for (q, _) in &refused {
            let l = q.lock.as_ref().unwrap();
            if matches!(q.distinct, sqlweave::query::Distinct::On(_))
                || l.strength == LockStrength::KeyShare
                || !l.of.is_empty()
            {
                continue;
            }
            assert!(!common::run(my, q).is_empty());
        }
        my.execute_raw_batch("COMMIT").unwrap();
    }
}

#[test]
fn subqueries_scalar_exists_correlated_in() {
    let c = Customers::new();
    let o = Orders::new();
    let order_count = Select::new()
        .column(func::count_star())
        .from(o)
        .filter(o.customer_id.eq(c.id));
    let q = Select::new()
        .cols((c.name, order_count.clone().as_expr()))
        .from(c)
        .filter(Expr::exists(
            Select::new()
                .column(o.id)
                .from(o)
                .filter(o.customer_id.eq(c.id).and(o.status.eq("paid"))),
        ))
        .order_by(c.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."name", (SELECT COUNT(*) FROM "orders" WHERE "orders"."customer_id" = "customers"."id") FROM "customers" WHERE EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" = "customers"."id" AND "orders"."status" = ?) ORDER BY "customers"."id""#, p!["paid"]),
        postgres: ok(r#"SELECT "customers"."name", (SELECT COUNT(*) FROM "orders" WHERE "orders"."customer_id" = "customers"."id") FROM "customers" WHERE EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."customer_id" = "customers"."id" AND "orders"."status" = $1) ORDER BY "customers"."id""#, p!["paid"]),
        mysql: ok("SELECT `customers`.`name`, (SELECT COUNT(*) FROM `orders` WHERE `orders`.`customer_id` = `customers`.`id`) FROM `customers` WHERE EXISTS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`customer_id` = `customers`.`id` AND `orders`.`status` = ?) ORDER BY `customers`.`id`", p!["paid"]),
    );
    let not_exists = Select::new()
        .column(c.name)
        .from(c)
        .filter(Expr::not_exists(
            Select::new()
                .column(o.id)
                .from(o)
                .filter(o.customer_id.eq(c.id)),
        ));
    let in_sub = Select::new().column(c.name).from(c).filter(
        c.id.in_query(
            Select::new()
                .column(o.customer_id)
                .from(o)
                .filter(o.status.eq("cancelled")),
        ),
    );
    let not_in_sub = Select::new()
        .column(c.id)
        .from(c)
        .filter(c.id.not_in_query(Select::new().column(o.customer_id).from(o)))
        .order_by(c.id.asc());
    let derived = Select::new()
        .cols((
            Expr::qualified("t", "customer_id"),
            Expr::qualified("t", "n"),
        ))
        .from(
            Select::new()
                .cols((o.customer_id, func::count_star().label("n")))
                .from(o)
                .group_by([o.customer_id])
                .alias("t"),
        )
        .filter(Expr::qualified("t", "n").gt(1_i64));
    golden!(derived,
        sqlite: ok(r#"SELECT "t"."customer_id", "t"."n" FROM (SELECT "orders"."customer_id", COUNT(*) AS "n" FROM "orders" GROUP BY "orders"."customer_id") AS "t" WHERE "t"."n" > ?"#, p![1_i64]),
        postgres: ok(r#"SELECT "t"."customer_id", "t"."n" FROM (SELECT "orders"."customer_id", COUNT(*) AS "n" FROM "orders" GROUP BY "orders"."customer_id") AS "t" WHERE "t"."n" > $1"#, p![1_i64]),
        mysql: ok("SELECT `t`.`customer_id`, `t`.`n` FROM (SELECT `orders`.`customer_id`, COUNT(*) AS `n` FROM `orders` GROUP BY `orders`.`customer_id`) AS `t` WHERE `t`.`n` > ?", p![1_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["Alice", "3"], &["Bob", "1"], &["Dave", "1"]]);
    env.check(&not_exists, &[&["Eve"]]);
    env.check(&in_sub, &[&["Carol"]]);
    env.check(&not_in_sub, &[&["5"]]);
    env.check(&derived, &[&["1", "3"]]);
}

#[test]
fn ctes_recursive_and_materialized() {
    let o = Orders::new();
    let paid = Cte::new(
        "paid",
        Select::new()
            .cols((o.id, o.customer_id))
            .from(o)
            .filter(o.status.eq("paid")),
    );
    let q = Select::new()
        .with(paid.clone())
        .column(func::count_star())
        .from(paid.table());
    golden!(q,
        sqlite: ok(r#"WITH "paid" AS (SELECT "orders"."id", "orders"."customer_id" FROM "orders" WHERE "orders"."status" = ?) SELECT COUNT(*) FROM "paid""#, p!["paid"]),
        postgres: ok(r#"WITH "paid" AS (SELECT "orders"."id", "orders"."customer_id" FROM "orders" WHERE "orders"."status" = $1) SELECT COUNT(*) FROM "paid""#, p!["paid"]),
        mysql: ok("WITH `paid` AS (SELECT `orders`.`id`, `orders`.`customer_id` FROM `orders` WHERE `orders`.`status` = ?) SELECT COUNT(*) FROM `paid`", p!["paid"]),
    );
    let mat = Select::new()
        .with(paid.clone().materialized(true))
        .column(func::count_star())
        .from(paid.table());
    golden!(mat,
        sqlite: ok(r#"WITH "paid" AS MATERIALIZED (SELECT "orders"."id", "orders"."customer_id" FROM "orders" WHERE "orders"."status" = ?) SELECT COUNT(*) FROM "paid""#, p!["paid"]),
        postgres: ok(r#"WITH "paid" AS MATERIALIZED (SELECT "orders"."id", "orders"."customer_id" FROM "orders" WHERE "orders"."status" = $1) SELECT COUNT(*) FROM "paid""#, p!["paid"]),
        mysql: err("MySQL does not support MATERIALIZED hints"),
        mariadb: err("MariaDB does not support MATERIALIZED hints"),
    );
    // Counting 1..5 with a recursive CTE.
    let n = Expr::column("n");
    let seq = Cte::new(
        "seq",
        Select::new().column(Expr::value(1_i64)).union_all(
            Select::new()
                .column(n.clone().add(1_i64))
                .from(TableRef::new("seq"))
                .filter(n.clone().lt(5_i64)),
        ),
    )
    .columns(["n"]);
    let rec = Select::new()
        .with_recursive(seq)
        .column(func::sum(n.clone()))
        .from(TableRef::new("seq"));
    golden!(rec,
        sqlite: ok(r#"WITH RECURSIVE "seq" ("n") AS (SELECT ? UNION ALL SELECT "n" + ? FROM "seq" WHERE "n" < ?) SELECT SUM("n") FROM "seq""#, p![1_i64, 1_i64, 5_i64]),
        postgres: ok(r#"WITH RECURSIVE "seq" ("n") AS (SELECT $1::int8 UNION ALL SELECT "n" + $2 FROM "seq" WHERE "n" < $3) SELECT SUM("n") FROM "seq""#, p![1_i64, 1_i64, 5_i64]),
        mysql: ok("WITH RECURSIVE `seq` (`n`) AS (SELECT ? UNION ALL SELECT `n` + ? FROM `seq` WHERE `n` < ?) SELECT SUM(`n`) FROM `seq`", p![1_i64, 1_i64, 5_i64]),
    );
    let mut env = Env::new();
    env.check(&q, &[&["3"]]);
    env.check_on(&["SQLite", "PostgreSQL"], &mat, &[&["3"]]);
    env.check(&rec, &[&["15"]]);
}

#[test]
fn compound_queries() {
    let c = Customers::new();
    let o = Orders::new();
    let paris = Select::new()
        .column(c.id)
        .from(c)
        .filter(c.city.eq("Paris"));
    let ordered = Select::new().column(o.customer_id).from(o);
    let u = paris
        .clone()
        .union(ordered.clone())
        .order_by(Expr::column("id").desc())
        .limit(3);
    golden!(u,
        sqlite: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = ? UNION SELECT "orders"."customer_id" FROM "orders" ORDER BY "id" DESC LIMIT ?"#, p!["Paris", 3_i64]),
        postgres: ok(r#"SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = $1 UNION SELECT "orders"."customer_id" FROM "orders" ORDER BY "id" DESC LIMIT $2"#, p!["Paris", 3_i64]),
        mysql: ok("SELECT `customers`.`id` FROM `customers` WHERE `customers`.`city` = ? UNION SELECT `orders`.`customer_id` FROM `orders` ORDER BY `id` DESC LIMIT ?", p!["Paris", 3_i64]),
    );
    let ua = paris.clone().union_all(ordered.clone());
    let i = paris.clone().intersect(ordered.clone());
    let e = ordered.clone().except(paris.clone());
    // (A UNION B) INTERSECT C must keep its grouping on every database.
    let grouped = paris
        .clone()
        .union(Select::new().column(c.id).from(c).filter(c.id.eq(5)))
        .intersect(ordered.clone());
    golden!(grouped,
        sqlite: ok(r#"SELECT * FROM (SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = ? UNION SELECT "customers"."id" FROM "customers" WHERE "customers"."id" = ?) INTERSECT SELECT "orders"."customer_id" FROM "orders""#, p!["Paris", 5_i64]),
        postgres: ok(r#"(SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = $1 UNION SELECT "customers"."id" FROM "customers" WHERE "customers"."id" = $2) INTERSECT SELECT "orders"."customer_id" FROM "orders""#, p!["Paris", 5_i64]),
        mysql: ok("(SELECT `customers`.`id` FROM `customers` WHERE `customers`.`city` = ? UNION SELECT `customers`.`id` FROM `customers` WHERE `customers`.`id` = ?) INTERSECT SELECT `orders`.`customer_id` FROM `orders`", p!["Paris", 5_i64]),
    );
    // A member with its own LIMIT.
    let top = Select::new()
        .column(c.id)
        .from(c)
        .order_by(c.id.asc())
        .limit(1);
    let limited = top.union(Select::new().column(c.id).from(c).filter(c.id.eq(4)));
    golden!(limited,
        sqlite: ok(r#"SELECT * FROM (SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id" LIMIT ?) UNION SELECT "customers"."id" FROM "customers" WHERE "customers"."id" = ?"#, p![1_i64, 4_i64]),
        postgres: ok(r#"(SELECT "customers"."id" FROM "customers" ORDER BY "customers"."id" LIMIT $1) UNION SELECT "customers"."id" FROM "customers" WHERE "customers"."id" = $2"#, p![1_i64, 4_i64]),
        mysql: ok("(SELECT `customers`.`id` FROM `customers` ORDER BY `customers`.`id` LIMIT ?) UNION SELECT `customers`.`id` FROM `customers` WHERE `customers`.`id` = ?", p![1_i64, 4_i64]),
    );
    let except_all = Query::from(ordered.clone())
        .union(paris.clone())
        .then(SetOp::ExceptAll, paris.clone());
    golden!(except_all,
        sqlite: err("SQLite does not support EXCEPT ALL"),
        postgres: ok(r#"SELECT "orders"."customer_id" FROM "orders" UNION SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = $1 EXCEPT ALL SELECT "customers"."id" FROM "customers" WHERE "customers"."city" = $2"#, p!["Paris", "Paris"]),
        mysql: ok("SELECT `orders`.`customer_id` FROM `orders` UNION SELECT `customers`.`id` FROM `customers` WHERE `customers`.`city` = ? EXCEPT ALL SELECT `customers`.`id` FROM `customers` WHERE `customers`.`city` = ?", p!["Paris", "Paris"]),
    );

    let mut env = Env::new();
    env.check(&u, &[&["4"], &["3"], &["2"]]);
    env.check_unordered(
        &ua,
        &[
            &["1"],
            &["3"],
            &["1"],
            &["1"],
            &["2"],
            &["3"],
            &["4"],
            &["1"],
        ],
    );
    env.check_unordered(&i, &[&["1"], &["3"]]);
    env.check_unordered(&e, &[&["2"], &["4"]]);
    env.check_unordered(&grouped, &[&["1"], &["3"]]);
    env.check_unordered(&limited, &[&["1"], &["4"]]);
}

#[test]
fn values_lists_as_tables() {
    let v = Values::new([
        [Expr::value(1_i64), Expr::value("one")],
        [Expr::value(2_i64), Expr::value("two")],
    ]);
    let q = Select::new()
        .cols((Expr::qualified("v", "n"), Expr::qualified("v", "word")))
        .from_values(v.clone(), "v", ["n", "word"])
        .order_by(Expr::qualified("v", "n").desc());
    golden!(q,
        sqlite: ok(r#"SELECT "v"."n", "v"."word" FROM (SELECT ? AS "n", ? AS "word" UNION ALL SELECT ?, ?) AS "v" ORDER BY "v"."n" DESC"#, p![1_i64, "one", 2_i64, "two"]),
        postgres: ok(r#"SELECT "v"."n", "v"."word" FROM (VALUES ($1::int8, $2::text), ($3::int8, $4::text)) AS "v" ("n", "word") ORDER BY "v"."n" DESC"#, p![1_i64, "one", 2_i64, "two"]),
        mysql: ok("SELECT `v`.`n`, `v`.`word` FROM (SELECT ? AS `n`, ? AS `word` UNION ALL SELECT ?, ?) AS `v` ORDER BY `v`.`n` DESC", p![1_i64, "one", 2_i64, "two"]),
    );
    // Joining a VALUES list to a table.
    let c = Customers::new();
    let j = Select::new()
        .cols((c.name, Expr::qualified("v", "word")))
        .from(c)
        .join(
            FromItem::Values {
                values: v.clone(),
                alias: "v".into(),
                columns: vec!["n".into(), "word".into()],
            },
            Expr::qualified("v", "n").eq(Expr::from(c.id)),
        )
        .order_by(c.id.asc());
    let ragged = Select::new().star().from_values(
        Values::new([vec![Expr::value(1_i64)], vec![]]),
        "v",
        ["n"],
    );
    golden!(ragged,
        sqlite: err("same number of values"),
        postgres: err("same number of values"),
        mysql: err("same number of values"),
    );
    let mut env = Env::new();
    env.check(&q, &[&["2", "two"], &["1", "one"]]);
    env.check(&j, &[&["Alice", "one"], &["Bob", "two"]]);
}
