//! What code built on sqlweave does with the visitor, on the three databases: the two
//! examples an ORM author would copy — a multi-tenant row filter
//! (`examples/tenant_filter.rs`) and a soft-delete filter (`examples/soft_delete.rs`) —
//! run here as they are, asserting the rows each tenant sees; and CTE references, their
//! own kind of FROM item, rendered exactly as tables were.

mod common;

#[path = "../examples/tenant_filter.rs"]
mod tenant_filter;

#[path = "../examples/soft_delete.rs"]
mod soft_delete;

use common::scratch::Scratch;
use common::{canon_rows, err, ok, rows};
use sqlweave::dml::{Delete, Insert, Update, excluded};
use sqlweave::visit::{Visitable, filter_tables, table_usage};
use sqlweave::{
    Cte, CteRef, Dialect, Error, Executor, Expr, FromItem, JoinKind, Select, SqlType, Statement,
    TableRef, Value, func,
};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;
use tenant_filter::scope_to_tenant;

// ------------------------------------------------------------------ CTE references

#[test]
fn cte_references_render_exactly_like_tables() {
    let o = TableRef::new("orders");
    let paid = Cte::new(
        "paid",
        Select::new()
            .column(o.col("id"))
            .from(o.clone())
            .filter(o.col("status").eq("paid")),
    );
    let p = paid.table();
    assert_eq!(
        FromItem::from(p.clone()),
        FromItem::Cte(CteRef::new("paid"))
    );
    let q = Select::new()
        .with(paid.clone())
        .column(func::count_star())
        .from(p);
    golden!(q,
        sqlite: ok(r#"WITH "paid" AS (SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = ?) SELECT COUNT(*) FROM "paid""#, p!["paid"]),
        postgres: ok(r#"WITH "paid" AS (SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = $1) SELECT COUNT(*) FROM "paid""#, p!["paid"]),
        mysql: ok("WITH `paid` AS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`status` = ?) SELECT COUNT(*) FROM `paid`", p!["paid"]),
    );
    // Aliased, in a join.
    let x = paid.table().alias("x");
    let joined = Select::new()
        .with(paid.clone())
        .column(o.col("status"))
        .from(o.clone())
        .left_join(x.clone(), x.col("id").eq(o.col("id")));
    golden!(joined,
        sqlite: ok(r#"WITH "paid" AS (SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = ?) SELECT "orders"."status" FROM "orders" LEFT JOIN "paid" AS "x" ON "x"."id" = "orders"."id""#, p!["paid"]),
        postgres: ok(r#"WITH "paid" AS (SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = $1) SELECT "orders"."status" FROM "orders" LEFT JOIN "paid" AS "x" ON "x"."id" = "orders"."id""#, p!["paid"]),
        mysql: ok("WITH `paid` AS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`status` = ?) SELECT `orders`.`status` FROM `orders` LEFT JOIN `paid` AS `x` ON `x`.`id` = `orders`.`id`", p!["paid"]),
    );
    // The same statements with a table of the CTE's name render the same, everywhere.
    let as_table = |alias: Option<&'static str>| {
        let t = TableRef::new("paid");
        match alias {
            Some(a) => t.alias(a),
            None => t,
        }
    };
    let q_table = Select::new()
        .with(paid.clone())
        .column(func::count_star())
        .from(as_table(None));
    let joined_table = Select::new()
        .with(paid)
        .column(o.col("status"))
        .from(o.clone())
        .left_join(as_table(Some("x")), x.col("id").eq(o.col("id")));
    let dialects: [&dyn Dialect; 4] = [&Sqlite, &Postgres, &MySql::mysql8(), &MySql::mariadb()];
    for d in dialects {
        assert_eq!(
            q.render_for(d).unwrap(),
            q_table.render_for(d).unwrap(),
            "{}",
            d.name()
        );
        assert_eq!(
            joined.render_for(d).unwrap(),
            joined_table.render_for(d).unwrap(),
            "{}",
            d.name()
        );
    }
    // A CTE reference's name is checked like any identifier.
    let bad = Select::new().column(Expr::True).from(CteRef::new(""));
    assert!(matches!(
        bad.render(&Postgres),
        Err(Error::InvalidIdentifier { .. })
    ));
}

#[test]
fn a_recursive_cte_refers_to_itself_by_name() {
    let seq = CteRef::new("seq");
    let body = Select::new().column(Expr::value(1_i64)).union_all(
        Select::new()
            .column(seq.col("n").add(1_i64))
            .from(seq.clone())
            .filter(seq.col("n").lt(5_i64)),
    );
    let q = Select::new()
        .with_recursive(Cte::new("seq", body).columns(["n"]))
        .column(func::sum(seq.col("n")))
        .from(seq.clone());
    golden!(q,
        sqlite: ok(r#"WITH RECURSIVE "seq" ("n") AS (SELECT ? UNION ALL SELECT "seq"."n" + ? FROM "seq" WHERE "seq"."n" < ?) SELECT SUM("seq"."n") FROM "seq""#, p![1_i64, 1_i64, 5_i64]),
        postgres: ok(r#"WITH RECURSIVE "seq" ("n") AS (SELECT $1::int8 UNION ALL SELECT "seq"."n" + $2 FROM "seq" WHERE "seq"."n" < $3) SELECT SUM("seq"."n") FROM "seq""#, p![1_i64, 1_i64, 5_i64]),
        mysql: ok("WITH RECURSIVE `seq` (`n`) AS (SELECT ? UNION ALL SELECT `seq`.`n` + ? FROM `seq` WHERE `seq`.`n` < ?) SELECT SUM(`seq`.`n`) FROM `seq`", p![1_i64, 1_i64, 5_i64]),
    );
    let usage = table_usage(&q).unwrap();
    assert!(usage.read.is_empty());
    assert_eq!(usage.ctes, vec![sqlweave::Ident::from("seq")]);
    let mut db = tenant_db();
    for c in db.conns() {
        let name = c.dialect().name();
        assert_eq!(
            canon_rows(&c.fetch_all(&q).unwrap()),
            rows(&[&["15"]]),
            "{name}"
        );
    }
}

// ------------------------------------------------------------------ the tenant filter

/// The two tenants' data of `examples/tenant_filter.rs` on every database.
fn tenant_db() -> Scratch {
    let mut db = Scratch::new();
    for c in db.conns() {
        let name = c.dialect().name();
        c.execute_raw_batch(tenant_filter::SCHEMA_AND_DATA)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    db
}

/// `stmt` scoped to `tenant`, run on `conn`: its rows.
fn as_tenant<S>(conn: &mut dyn Executor, stmt: &S, tenant: i64) -> Vec<Vec<String>>
where
    S: Visitable + Statement + Clone,
{
    let mut scoped = stmt.clone();
    scope_to_tenant(&mut scoped).unwrap();
    let name = conn.dialect().name();
    match conn.fetch_all_with(&scoped, &[("tenant", Value::I64(tenant))]) {
        Ok(r) => canon_rows(&r),
        Err(e) => panic!(
            "{name}: {e}\n{:?}",
            scoped.render_for(conn.dialect()).map(|r| r.sql)
        ),
    }
}

/// Asserts what tenants 1 and 2 see, on the databases named in `only` (all if empty).
fn check_tenants<S>(db: &mut Scratch, only: &[&str], stmt: &S, t1: &[&[&str]], t2: &[&[&str]])
where
    S: Visitable + Statement + Clone,
{
    let mut ran = 0;
    for c in db.conns() {
        let name = c.dialect().name();
        if !only.is_empty() && !only.contains(&name) {
            continue;
        }
        assert_eq!(as_tenant(c, stmt, 1), rows(t1), "tenant 1 on {name}");
        assert_eq!(as_tenant(c, stmt, 2), rows(t2), "tenant 2 on {name}");
        ran += 1;
    }
    assert!(ran > 0);
}

fn accounts() -> TableRef {
    TableRef::new("accounts").alias("a")
}
fn invoices() -> TableRef {
    TableRef::new("invoices").alias("i")
}
fn currencies() -> TableRef {
    TableRef::new("currencies").alias("c")
}

#[test]
fn the_tenant_filter_places_each_predicate_where_its_table_is_read() {
    let (a, i) = (accounts(), invoices());
    let mut q = Select::new()
        .columns([a.col("name"), i.col("amount")])
        .from(a.clone())
        .right_join(i.clone(), i.col("account_id").eq(a.col("id")))
        .filter(
            i.col("amount").in_query(
                Select::new()
                    .column(func::max(i.col("amount")))
                    .from(i.clone()),
            ),
        );
    scope_to_tenant(&mut q).unwrap();
    golden!(q,
        sqlite: ok(r#"SELECT "a"."name", "i"."amount" FROM "accounts" AS "a" RIGHT JOIN "invoices" AS "i" ON "i"."account_id" = "a"."id" AND "a"."tenant_id" = ? WHERE "i"."amount" IN (SELECT MAX("i"."amount") FROM "invoices" AS "i" WHERE "i"."tenant_id" = ?) AND "i"."tenant_id" = ?"#, p![Value::Null, Value::Null, Value::Null]),
        postgres: ok(r#"SELECT "a"."name", "i"."amount" FROM "accounts" AS "a" RIGHT JOIN "invoices" AS "i" ON "i"."account_id" = "a"."id" AND "a"."tenant_id" = $1 WHERE "i"."amount" IN (SELECT MAX("i"."amount") FROM "invoices" AS "i" WHERE "i"."tenant_id" = $1) AND "i"."tenant_id" = $1"#, p![Value::Null]),
        mysql: ok("SELECT `a`.`name`, `i`.`amount` FROM `accounts` AS `a` RIGHT JOIN `invoices` AS `i` ON `i`.`account_id` = `a`.`id` AND `a`.`tenant_id` = ? WHERE `i`.`amount` IN (SELECT MAX(`i`.`amount`) FROM `invoices` AS `i` WHERE `i`.`tenant_id` = ?) AND `i`.`tenant_id` = ?", p![Value::Null, Value::Null, Value::Null]),
    );
    // FULL JOIN: each side becomes a filtered derived table.
    let mut full = Select::new()
        .columns([a.col("id"), i.col("id")])
        .from(a.clone())
        .join_kind(
            JoinKind::Full,
            i.clone(),
            Some(i.col("account_id").eq(a.col("id"))),
        );
    scope_to_tenant(&mut full).unwrap();
    golden!(full,
        sqlite: ok(r#"SELECT "a"."id", "i"."id" FROM (SELECT * FROM "accounts" AS "a" WHERE "a"."tenant_id" = ?) AS "a" FULL JOIN (SELECT * FROM "invoices" AS "i" WHERE "i"."tenant_id" = ?) AS "i" ON "i"."account_id" = "a"."id""#, p![Value::Null, Value::Null]),
        postgres: ok(r#"SELECT "a"."id", "i"."id" FROM (SELECT * FROM "accounts" AS "a" WHERE "a"."tenant_id" = $1) AS "a" FULL JOIN (SELECT * FROM "invoices" AS "i" WHERE "i"."tenant_id" = $1) AS "i" ON "i"."account_id" = "a"."id""#, p![Value::Null]),
        mysql: err("MySQL does not support FULL JOIN"),
        mariadb: err("MariaDB does not support FULL JOIN"),
    );
    // UPDATE and DELETE: their targets and their other tables, in WHERE.
    let inv = TableRef::new("invoices");
    let acc = TableRef::new("accounts");
    let mut del = Delete::from(inv.clone()).using(acc.clone()).filter(
        acc.col("id")
            .eq(inv.col("account_id"))
            .and(acc.col("name").eq("Ada")),
    );
    scope_to_tenant(&mut del).unwrap();
    golden!(del,
        sqlite: ok(r#"DELETE FROM "invoices" WHERE EXISTS (SELECT 1 FROM "accounts" WHERE "accounts"."id" = "invoices"."account_id" AND "accounts"."name" = ? AND "invoices"."tenant_id" = ? AND "accounts"."tenant_id" = ?)"#, p!["Ada", Value::Null, Value::Null]),
        postgres: ok(r#"DELETE FROM "invoices" USING "accounts" WHERE "accounts"."id" = "invoices"."account_id" AND "accounts"."name" = $1 AND "invoices"."tenant_id" = $2 AND "accounts"."tenant_id" = $2"#, p!["Ada", Value::Null]),
        mysql: ok("DELETE `invoices` FROM `invoices`, `accounts` WHERE `accounts`.`id` = `invoices`.`account_id` AND `accounts`.`name` = ? AND `invoices`.`tenant_id` = ? AND `accounts`.`tenant_id` = ?", p!["Ada", Value::Null, Value::Null]),
    );
    // A table the filter does not know is refused, not let through.
    let mut other = Select::new()
        .column(Expr::True)
        .from(TableRef::new("audit_log"));
    let e = scope_to_tenant(&mut other).unwrap_err();
    assert!(
        e.to_string()
            .contains("neither a tenant table nor a shared one"),
        "{e}"
    );
}

#[test]
fn a_tenant_never_sees_another_tenants_rows() {
    let (a, i, c) = (accounts(), invoices(), currencies());
    let mut db = tenant_db();
    let all: &[&str] = &[];

    // FROM.
    let q = Select::new()
        .columns([a.col("id"), a.col("name")])
        .from(a.clone())
        .order_by(a.col("id"));
    check_tenants(
        &mut db,
        all,
        &q,
        &[&["1", "Ada"], &["2", "Bob"]],
        &[&["3", "Cy"], &["4", "Di"]],
    );

    // INNER JOIN: tenant 2's invoice 7 names Ada's account; unfiltered, Ada's total is 680.
    let per_account = Select::new()
        .column(a.col("name"))
        .column(func::sum(i.col("amount")))
        .from(a.clone())
        .join(i.clone(), i.col("account_id").eq(a.col("id")))
        .group_by([a.col("name")])
        .order_by(a.col("name"));
    check_tenants(
        &mut db,
        all,
        &per_account,
        &[&["Ada", "180"], &["Bob", "70"]],
        &[&["Cy", "999"], &["Di", "10"]],
    );

    // LEFT JOIN: the joined table's filter goes to ON, so unmatched accounts stay.
    let counts = Select::new()
        .column(a.col("id"))
        .column(func::count(i.col("id")))
        .from(a.clone())
        .left_join(
            i.clone(),
            i.col("account_id")
                .eq(a.col("id"))
                .and(i.col("amount").gt(60_i64)),
        )
        .group_by([a.col("id")])
        .order_by(a.col("id"));
    check_tenants(
        &mut db,
        all,
        &counts,
        &[&["1", "1"], &["2", "1"]],
        &[&["3", "1"], &["4", "0"]],
    );

    // RIGHT JOIN: the left side's filter goes to ON; invoice 7's account is not tenant 2's.
    let right = Select::new()
        .columns([i.col("id"), a.col("name")])
        .from(a.clone())
        .right_join(i.clone(), i.col("account_id").eq(a.col("id")))
        .order_by(i.col("id"));
    check_tenants(
        &mut db,
        all,
        &right,
        &[&["1", "Ada"], &["2", "Ada"], &["3", "Bob"], &["4", "Ada"]],
        &[&["5", "Cy"], &["6", "Di"], &["7", "NULL"]],
    );

    // FULL JOIN (not on MariaDB): both sides as filtered derived tables.
    let full = Select::new()
        .columns([i.col("id"), a.col("id")])
        .from(a.clone())
        .join_kind(
            JoinKind::Full,
            i.clone(),
            Some(i.col("account_id").eq(a.col("id"))),
        )
        .order_by(i.col("id"));
    check_tenants(
        &mut db,
        &["SQLite", "PostgreSQL"],
        &full,
        &[&["1", "1"], &["2", "1"], &["3", "2"], &["4", "1"]],
        &[&["5", "3"], &["6", "4"], &["7", "NULL"]],
    );

    // A scalar subquery in the select list.
    let total = Select::new()
        .column(func::sum(i.col("amount")))
        .from(i.clone())
        .filter(i.col("account_id").eq(a.col("id")));
    let scalar = Select::new()
        .column(a.col("id"))
        .column(total.as_expr())
        .from(a.clone())
        .order_by(a.col("id"));
    check_tenants(
        &mut db,
        all,
        &scalar,
        &[&["1", "180"], &["2", "70"]],
        &[&["3", "999"], &["4", "10"]],
    );

    // EXISTS / NOT EXISTS under a shared table: which currencies the tenant's accounts use.
    let uses = |negated: bool| {
        let sub = Select::new()
            .column(a.col("id"))
            .from(a.clone())
            .filter(a.col("currency").eq(c.col("code")));
        Select::new()
            .column(c.col("code"))
            .from(c.clone())
            .filter(if negated {
                Expr::not_exists(sub)
            } else {
                Expr::exists(sub)
            })
            .order_by(c.col("code"))
    };
    check_tenants(
        &mut db,
        all,
        &uses(false),
        &[&["EUR"], &["USD"]],
        &[&["EUR"]],
    );
    check_tenants(&mut db, all, &uses(true), &[], &[&["USD"]]);

    // IN (subquery) under a shared table.
    let in_sub = Select::new()
        .column(c.col("code"))
        .from(c.clone())
        .filter(
            c.col("code").in_query(
                Select::new()
                    .column(a.col("currency"))
                    .from(a.clone())
                    .filter(a.col("name").ne("Ada")),
            ),
        )
        .order_by(c.col("code"));
    check_tenants(&mut db, all, &in_sub, &[&["USD"]], &[&["EUR"]]);

    // A derived table.
    let derived = Select::new()
        .column(Expr::qualified("d", "total"))
        .from_subquery(
            Select::new()
                .column_as(func::sum(i.col("amount")), "total")
                .from(i.clone()),
            "d",
        );
    check_tenants(&mut db, all, &derived, &[&["250"]], &[&["1509"]]);

    // A CTE body, read through a CTE reference (not a table: not filtered again).
    let big = Cte::new(
        "big",
        Select::new()
            .columns([i.col("account_id"), i.col("amount")])
            .from(i.clone())
            .filter(i.col("amount").gt(60_i64)),
    );
    let b = big.table();
    let cte = Select::new()
        .with(big)
        .columns([a.col("name"), b.col("amount")])
        .from(b.clone())
        .join(a.clone(), a.col("id").eq(b.col("account_id")))
        .order_by(b.col("amount"));
    check_tenants(
        &mut db,
        all,
        &cte,
        &[&["Bob", "70"], &["Ada", "100"]],
        &[&["Cy", "999"]],
    );

    // Both sides of a UNION; the shared table's rows for everyone.
    let union = Select::new()
        .column(a.col("name"))
        .from(a.clone())
        .union(Select::new().column(c.col("code")).from(c.clone()))
        .order_by(Expr::column("name"));
    check_tenants(
        &mut db,
        all,
        &union,
        &[&["Ada"], &["Bob"], &["EUR"], &["USD"]],
        &[&["Cy"], &["Di"], &["EUR"], &["USD"]],
    );

    // LATERAL (PostgreSQL): unfiltered, Ada's largest invoice would be tenant 2's 500.
    let largest = Select::new()
        .column(i.col("amount"))
        .from(i.clone())
        .filter(i.col("account_id").eq(a.col("id")))
        .order_by(i.col("amount").desc())
        .limit(1);
    let lateral = Select::new()
        .columns([a.col("name"), Expr::qualified("l", "amount")])
        .from(a.clone())
        .join_lateral(JoinKind::Cross, largest, "l", None)
        .order_by(a.col("name"));
    check_tenants(
        &mut db,
        &["PostgreSQL"],
        &lateral,
        &[&["Ada", "100"], &["Bob", "70"]],
        &[&["Cy", "999"], &["Di", "10"]],
    );
}

/// The rows of every tenant, unscoped: `[tenant_id, id, amount]` of invoices.
fn all_invoices(c: &mut dyn Executor) -> Vec<Vec<String>> {
    let i = TableRef::new("invoices");
    let q = Select::new()
        .columns([i.col("tenant_id"), i.col("id"), i.col("amount")])
        .from(i.clone())
        .order_by(i.col("id"));
    canon_rows(&c.fetch_all(&q).unwrap())
}

fn run_as<S: Visitable + Statement + Clone>(
    c: &mut dyn Executor,
    stmt: &S,
    tenant: i64,
) -> sqlweave::Result<u64> {
    let mut scoped = stmt.clone();
    scope_to_tenant(&mut scoped)?;
    c.execute_with(&scoped, &[("tenant", Value::I64(tenant))])
}

#[test]
fn a_tenant_changes_only_its_rows() {
    let mut db = tenant_db();
    let inv = TableRef::new("invoices");
    let acc = TableRef::new("accounts");
    for c in db.conns() {
        let name = c.dialect().name();
        // UPDATE: tenant 2's three invoices only.
        let bump = Update::table(inv.clone()).set_expr("amount", inv.col("amount").add(1_i64));
        assert_eq!(run_as(c, &bump, 2).unwrap(), 3, "{name}");
        assert_eq!(
            all_invoices(c),
            rows(&[
                &["1", "1", "100"],
                &["1", "2", "50"],
                &["1", "3", "70"],
                &["1", "4", "30"],
                &["2", "5", "1000"],
                &["2", "6", "11"],
                &["2", "7", "501"]
            ]),
            "{name}"
        );
        // UPDATE with a subquery: tenant 1 sees no invoice over 400 (invoice 7 is tenant
        // 2's, though it names Ada's account), so Ada is not renamed.
        let rename = Update::table(acc.clone())
            .set_expr("name", acc.col("name").concat("!"))
            .filter(
                acc.col("id").in_query(
                    Select::new()
                        .column(inv.col("account_id"))
                        .from(inv.clone())
                        .filter(inv.col("amount").gt(400_i64)),
                ),
            );
        assert_eq!(run_as(c, &rename, 1).unwrap(), 0, "{name}");
        assert_eq!(run_as(c, &rename, 2).unwrap(), 1, "{name}");
        // DELETE … USING: tenant 2 has no account named Ada, so invoice 7 stays.
        let ada = Delete::from(inv.clone()).using(acc.clone()).filter(
            acc.col("id")
                .eq(inv.col("account_id"))
                .and(acc.col("name").eq("Ada")),
        );
        assert_eq!(run_as(c, &ada, 2).unwrap(), 0, "{name}");
        assert_eq!(run_as(c, &ada, 1).unwrap(), 3, "{name}");
        assert_eq!(
            all_invoices(c),
            rows(&[
                &["1", "3", "70"],
                &["2", "5", "1000"],
                &["2", "6", "11"],
                &["2", "7", "501"]
            ]),
            "{name}"
        );
        // INSERT: stamped with the tenant; INSERT … SELECT reads the tenant's rows only.
        let add = Insert::into(acc.clone())
            .columns(["id", "name", "currency"])
            .values((10_i64, "Eve", "USD"))
            .into_insert();
        run_as(c, &add, 2).unwrap();
        let copy = Insert::into(inv.clone())
            .columns(["id", "account_id", "amount"])
            .select(
                Select::new()
                    .columns([
                        acc.col("id").add(100_i64),
                        acc.col("id"),
                        Expr::value(1_i64),
                    ])
                    .from(acc.clone()),
            );
        assert_eq!(run_as(c, &copy, 1).unwrap(), 2, "{name}");
        let owners = Select::new()
            .columns([acc.col("id"), acc.col("tenant_id"), acc.col("name")])
            .from(acc.clone())
            .filter(acc.col("id").ge(4_i64))
            .order_by(acc.col("id"));
        assert_eq!(
            canon_rows(&c.fetch_all(&owners).unwrap()),
            rows(&[&["4", "2", "Di"], &["10", "2", "Eve"]]),
            "{name}"
        );
        assert_eq!(
            all_invoices(c)[4..],
            rows(&[&["1", "101", "1"], &["1", "102", "1"]])[..],
            "{name}"
        );
        // An upsert does not update another tenant's row: DO UPDATE … WHERE on SQLite and
        // PostgreSQL; MariaDB, which has no such WHERE, refuses it rather than let it through.
        let hijack = Insert::into(acc.clone())
            .columns(["id", "name", "currency"])
            .values((3_i64, "Hijacked", "EUR"))
            .on_conflict_do_update(["id"], [("name", excluded("name"))])
            .into_insert();
        match (name, run_as(c, &hijack, 1)) {
            ("MariaDB", Err(e)) => assert!(e.to_string().contains("does not support"), "{e}"),
            ("MariaDB", Ok(n)) => panic!("MariaDB ran a cross-tenant upsert ({n} rows)"),
            (_, r) => {
                r.unwrap();
            }
        }
        let cy = Select::new()
            .column(acc.col("name"))
            .from(acc.clone())
            .filter(acc.col("id").eq(3_i64));
        assert_eq!(
            canon_rows(&c.fetch_all(&cy).unwrap()),
            rows(&[&["Cy!"]]),
            "{name}"
        );
    }
}

#[test]
fn a_data_modifying_cte_deletes_only_the_tenants_rows() {
    let mut db = tenant_db();
    let Some(pg) = db.postgres() else { return };
    let inv = TableRef::new("invoices");
    let gone = Cte::new(
        "gone",
        Delete::from(inv.clone())
            .filter(inv.col("amount").lt(60_i64))
            .returning([inv.col("id")]),
    );
    let g = gone.table();
    let q = Select::new()
        .with(gone)
        .column(func::count(g.col("id")))
        .from(g);
    assert_eq!(as_tenant(pg, &q, 2), rows(&[&["1"]])); // invoice 6
    assert_eq!(as_tenant(pg, &q, 1), rows(&[&["2"]])); // invoices 2 and 4
    assert_eq!(all_invoices(pg).len(), 4);
}

// ------------------------------------------------------------------ soft delete

#[test]
fn deleted_rows_are_hidden_from_every_statement() {
    let soft = soft_delete::soft_deleted_tables(&soft_delete::schema());
    let names: Vec<&str> = soft.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["accounts", "invoices"]);
    let visible = |stmt: &Select| {
        let mut s = stmt.clone();
        soft_delete::hide_deleted(&mut s, &soft).unwrap();
        s
    };
    let (a, i, c) = (accounts(), invoices(), currencies());
    let per_account = Select::new()
        .columns([a.col("name"), c.col("name")])
        .column(func::count(i.col("id")))
        .from(a.clone())
        .join(c.clone(), c.col("code").eq(a.col("currency")))
        .left_join(i.clone(), i.col("account_id").eq(a.col("id")))
        .group_by([a.col("name"), c.col("name")])
        .order_by(a.col("name"));
    let q = visible(&per_account);
    golden!(q,
        sqlite: ok(r#"SELECT "a"."name", "c"."name", COUNT("i"."id") FROM "accounts" AS "a" INNER JOIN "currencies" AS "c" ON "c"."code" = "a"."currency" LEFT JOIN "invoices" AS "i" ON "i"."account_id" = "a"."id" AND "i"."deleted_at" IS NULL WHERE "a"."deleted_at" IS NULL GROUP BY "a"."name", "c"."name" ORDER BY "a"."name""#, p![]),
        postgres: ok(r#"SELECT "a"."name", "c"."name", COUNT("i"."id") FROM "accounts" AS "a" INNER JOIN "currencies" AS "c" ON "c"."code" = "a"."currency" LEFT JOIN "invoices" AS "i" ON "i"."account_id" = "a"."id" AND "i"."deleted_at" IS NULL WHERE "a"."deleted_at" IS NULL GROUP BY "a"."name", "c"."name" ORDER BY "a"."name""#, p![]),
        mysql: ok("SELECT `a`.`name`, `c`.`name`, COUNT(`i`.`id`) FROM `accounts` AS `a` INNER JOIN `currencies` AS `c` ON `c`.`code` = `a`.`currency` LEFT JOIN `invoices` AS `i` ON `i`.`account_id` = `a`.`id` AND `i`.`deleted_at` IS NULL WHERE `a`.`deleted_at` IS NULL GROUP BY `a`.`name`, `c`.`name` ORDER BY `a`.`name`", p![]),
    );
    // Unfiltered, Ada counts 4 invoices (invoice 4 deleted, invoice 7 another tenant's)
    // and Bob (deleted) is listed.
    let mut db = tenant_db();
    for conn in db.conns() {
        let name = conn.dialect().name();
        assert_eq!(
            canon_rows(&conn.fetch_all(&per_account).unwrap()),
            rows(&[
                &["Ada", "Euro", "4"],
                &["Bob", "US dollar", "1"],
                &["Cy", "Euro", "1"],
                &["Di", "Euro", "1"]
            ]),
            "{name}"
        );
        assert_eq!(
            canon_rows(&conn.fetch_all(&q).unwrap()),
            rows(&[
                &["Ada", "Euro", "3"],
                &["Cy", "Euro", "1"],
                &["Di", "Euro", "1"]
            ]),
            "{name}"
        );
        // Through a subquery in WHERE: accounts with a live invoice over 40.
        let live = visible(
            &Select::new()
                .column(a.col("name"))
                .from(a.clone())
                .filter(
                    a.col("id").in_query(
                        Select::new()
                            .column(i.col("account_id"))
                            .from(i.clone())
                            .filter(i.col("amount").gt(40_i64)),
                    ),
                )
                .order_by(a.col("name")),
        );
        assert_eq!(
            canon_rows(&conn.fetch_all(&live).unwrap()),
            rows(&[&["Ada"], &["Cy"]]),
            "{name}"
        );
        // With the tenant filter on top: both apply.
        let mut both = per_account.clone();
        soft_delete::hide_deleted(&mut both, &soft).unwrap();
        assert_eq!(
            as_tenant(conn, &both, 1),
            rows(&[&["Ada", "Euro", "2"]]),
            "{name}"
        );
        // An UPDATE leaves deleted rows alone.
        let inv = TableRef::new("invoices");
        let mut zero = Update::table(inv.clone()).set_expr("amount", 0_i64);
        soft_delete::hide_deleted(&mut zero, &soft).unwrap();
        assert_eq!(conn.execute(&zero).unwrap(), 6, "{name}");
    }
}

#[test]
fn filter_tables_reaches_tables_in_every_position() {
    // Every table reference of a statement, each once, gets the predicate.
    let t = |n: &'static str| TableRef::new(n);
    let q = Select::new()
        .with(Cte::new(
            "c",
            Select::new().column(t("c1").col("x")).from(t("c1")),
        ))
        .column(Expr::subquery(
            Select::new().column(t("s1").col("x")).from(t("s1")),
        ))
        .from(t("f1"))
        .join(CteRef::new("c"), Expr::True)
        .left_join(
            Select::new()
                .column(t("d1").col("x"))
                .from(t("d1"))
                .alias("d"),
            Expr::True,
        )
        .filter(Expr::exists(
            Select::new().column(t("e1").col("x")).from(t("e1")),
        ))
        .filter(
            t("f1")
                .col("x")
                .in_query(Select::new().column(t("i1").col("x")).from(t("i1"))),
        )
        .union(Select::new().column(t("u1").col("x")).from(t("u1")));
    let mut seen = Vec::new();
    let mut stmt: sqlweave::Query = q.into();
    filter_tables(&mut stmt, |tr| {
        seen.push(tr.name.as_str().to_string());
        Ok(Some(tr.col("ok").eq(true)))
    })
    .unwrap();
    seen.sort();
    assert_eq!(seen, ["c1", "d1", "e1", "f1", "i1", "s1", "u1"]);
    // And the rendered statement has one predicate per table.
    let sql = stmt.render_for(&Postgres).unwrap().sql;
    assert_eq!(sql.matches(r#"."ok" = $"#).count(), 7, "{sql}");
    // The tenant parameter's type is declared: a text tenant is refused before sending.
    let mut one = Select::new()
        .column(Expr::True)
        .from(TableRef::new("accounts"));
    scope_to_tenant(&mut one).unwrap();
    let r = one.render(&Sqlite).unwrap();
    assert!(matches!(
        r.bind([("tenant", Value::from("1"))]),
        Err(Error::Bind(_))
    ));
    assert_eq!(
        sqlweave::visit::named_params(&one).unwrap()[0].ty,
        Some(SqlType::BigInt)
    );
}
