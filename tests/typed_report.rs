//! The typed reporting core (issue 12): the row type follows from the select list,
//! typed CASE, typed subqueries, numeric promotion and aggregate types, derived tables
//! and CTEs with typed handles, struct decoding, wide typed INSERTs.
//!
//! Golden SQL per dialect (MySQL 8 as text only: there is no MySQL 8 server here), and
//! execution on SQLite, PostgreSQL and MariaDB (each in a space of its own), asserting
//! the same Rust values on all three.

mod common;

use std::ops::ControlFlow;

use common::{Env, err, ok};
use rust_decimal::Decimal;
use sqlweave::dml::Insert;
use sqlweave::{
    Cmp, Executor, Typed, TypedExpr, TypedQuery, Value, case_on, case_when, exists, from_row, func,
    not_exists, param, row, select, table,
};

table! { pub struct Customers("customers") { id: i64, name: String, email: Option<String>, city: Option<String>, referred_by: Option<i64> } }
table! { pub struct Orders("orders") { id: i64, customer_id: i64, status: String } }
table! { pub struct Items("order_items") { order_id: i64, product_id: i64, quantity: i32, unit_price_cents: i64 } }
table! { pub struct Ledger("ledger") { id: i64, account: i32, small: i16, amount: Decimal, rate: Option<f64>, note: Option<String> } }

const SQLITE_LEDGER: &str = "
CREATE TABLE ledger (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, small INTEGER NOT NULL, amount NUMERIC NOT NULL, rate REAL, note TEXT);
";
const PG_LEDGER: &str = "
CREATE TABLE ledger (id BIGINT PRIMARY KEY, account INTEGER NOT NULL, small SMALLINT NOT NULL, amount NUMERIC(12,2) NOT NULL, rate DOUBLE PRECISION, note TEXT);
";
const MY_LEDGER: &str = "
CREATE TABLE ledger (id BIGINT PRIMARY KEY, account INT NOT NULL, small SMALLINT NOT NULL, amount DECIMAL(12,2) NOT NULL, rate DOUBLE, note VARCHAR(50)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
";
// Amounts exact in binary too (SQLite keeps NUMERIC as REAL here), chosen so that
// the databases' own result types differ: AVG of the integers 1, 2 is 1.5 (not 1),
// SUM of a SMALLINT passes 32767, the AVG of decimals 1.25, 1.75 is 1.5.
const LEDGER_DATA: &str = "
INSERT INTO ledger (id, account, small, amount, rate, note) VALUES
 (1, 1, 30000, 1.25, 0.5, 'a'),
 (2, 2, 30000, 1.75, NULL, NULL),
 (3, 2, 100, 10.50, 2.0, 'c'),
 (4, 3, -5, 0.25, 0.25, 'd');
";

fn env() -> Env {
    Env::with_setups(
        &format!("{SQLITE_LEDGER}{LEDGER_DATA}"),
        &format!("{PG_LEDGER}{LEDGER_DATA}"),
        &format!("{MY_LEDGER}{LEDGER_DATA}"),
    )
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Runs `f` on every database and asserts it returns `want` on each.
fn same_everywhere<T: PartialEq + std::fmt::Debug>(
    env: &mut Env,
    want: T,
    mut f: impl FnMut(&mut dyn Executor) -> sqlweave::Result<T>,
) {
    for c in env.conns() {
        let name = c.dialect().name();
        let got = f(c).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, want, "on {name}");
    }
}

// ---------------------------------------------------------------------------------
// The row type follows from the select list.

#[test]
fn select_list_gives_the_row_type_on_every_fetch_method() {
    let mut env = env();
    let (c, o) = (Customers::new(), Orders::new());
    let q = select((c.id, c.name, c.email, o.id.count()))
        .from(c)
        .left_join(o, o.customer_id.eq(c.id))
        .group_by((c.id, c.name, c.email))
        .order_by(c.id.asc());
    let want: Vec<(i64, String, Option<String>, i64)> = vec![
        (1, "Alice".into(), Some("alice@example.com".into()), 3),
        (2, "Bob".into(), None, 1),
        (3, "Carol".into(), Some("carol@example.com".into()), 1),
        (4, "Dave".into(), Some("dave@example.com".into()), 1),
        (5, "Eve".into(), None, 0),
    ];
    same_everywhere(&mut env, want.clone(), |db| q.fetch_all(db));
    let first = q.clone().limit(1);
    same_everywhere(&mut env, want[0].clone(), |db| first.fetch_one(db));
    same_everywhere(&mut env, Some(want[0].clone()), |db| {
        first.fetch_optional(db)
    });
    let none = q.clone().filter(c.id.gt(100));
    same_everywhere(&mut env, None, |db| none.fetch_optional(db));

    // Named parameters.
    let by_city = select((c.name, c.city))
        .from(c)
        .filter(c.city.eq(param::<String>("city")))
        .order_by(c.name.asc());
    let paris = [("city", Value::from("Paris"))];
    let want_paris = vec![
        ("Alice".to_string(), Some("Paris".to_string())),
        ("Carol".into(), Some("Paris".into())),
    ];
    same_everywhere(&mut env, want_paris.clone(), |db| {
        by_city.fetch_all_with(db, &paris)
    });
    let alice = [("city", Value::from("London"))];
    same_everywhere(
        &mut env,
        ("Bob".to_string(), Some("London".to_string())),
        |db| by_city.fetch_one_with(db, &alice),
    );
    same_everywhere(&mut env, None, |db| {
        by_city.fetch_optional_with(db, &[("city", Value::from("Rome"))])
    });

    // Streaming: a callback that stops after two rows, and a cursor.
    same_everywhere(&mut env, vec![1_i64, 2], |db| {
        let mut seen = Vec::new();
        q.for_each_row(db, &mut |(id, _, _, _)| {
            seen.push(id);
            Ok(if seen.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            })
        })?;
        Ok(seen)
    });
    same_everywhere(&mut env, want_paris.clone(), |db| {
        let mut seen = Vec::new();
        by_city.for_each_row_with(db, &paris, &mut |r| {
            seen.push(r);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(seen)
    });
    same_everywhere(&mut env, want[..3].to_vec(), |db| {
        let mut cur = q.cursor(db)?;
        cur.rows()?.take(3).collect()
    });
    same_everywhere(&mut env, want_paris, |db| {
        let mut cur = by_city.cursor_with(db, &paris)?;
        cur.rows()?.collect()
    });
}

#[test]
fn typed_select_converts_and_composes() {
    let c = Customers::new();
    let t = select((c.id, c.name)).from(c).filter(c.id.gt(1));
    // The same tree as the untyped builder.
    let untyped = sqlweave::Select::new()
        .cols((c.id, c.name))
        .from(c)
        .filter(c.id.gt(1));
    assert_eq!(t.clone().into_select(), untyped);
    // UNION of the same row type, ordered and limited as a whole.
    let u = t
        .clone()
        .union_all(select((c.id, c.name)).from(c).filter(c.id.eq(1)))
        .order_by(c.id.asc())
        .limit(2);
    golden!(u,
        sqlite: ok(r#"SELECT "customers"."id", "customers"."name" FROM "customers" WHERE "customers"."id" > ? UNION ALL SELECT "customers"."id", "customers"."name" FROM "customers" WHERE "customers"."id" = ? ORDER BY "id" LIMIT ?"#, p![1_i64, 1_i64, 2_i64]),
        postgres: ok(r#"SELECT "customers"."id", "customers"."name" FROM "customers" WHERE "customers"."id" > $1 UNION ALL SELECT "customers"."id", "customers"."name" FROM "customers" WHERE "customers"."id" = $2 ORDER BY "id" LIMIT $3"#, p![1_i64, 1_i64, 2_i64]),
        mysql: ok("SELECT `customers`.`id`, `customers`.`name` FROM `customers` WHERE `customers`.`id` > ? UNION ALL SELECT `customers`.`id`, `customers`.`name` FROM `customers` WHERE `customers`.`id` = ? ORDER BY `id` LIMIT ?", p![1_i64, 1_i64, 2_i64]),
    );
    let mut env = env();
    same_everywhere(
        &mut env,
        vec![(1_i64, "Alice".to_string()), (2, "Bob".into())],
        |db| u.fetch_all(db),
    );
}

#[test]
fn a_wide_select_list_decodes_positionally() {
    // 18 columns: past the 16 a reporting author is promised.
    let mut env = env();
    let l = Ledger::new();
    let q = select((
        l.id, l.account, l.small, l.amount, l.rate, l.note, l.id, l.account, l.small, l.amount,
        l.rate, l.note, l.id, l.account, l.small, l.amount, l.rate, l.note,
    ))
    .from(l)
    .filter(l.id.eq(2));
    type Six = (i64, i32, i16, Decimal, Option<f64>, Option<String>);
    let six: Six = (2, 2, 30000, dec("1.75"), None, None);
    same_everywhere(&mut env, six.clone(), |db| {
        let r = q.fetch_one(db)?;
        assert_eq!((r.6, r.7, r.8, r.9, r.10, r.11.clone()), six);
        Ok((r.12, r.13, r.14, r.15, r.16, r.17))
    });
}

#[test]
fn a_row_that_does_not_fit_is_an_error_naming_the_column() {
    let mut env = env();
    let c = Customers::new();
    // `email` is declared Option<String>; read through `nullable()` a NOT NULL column
    // works, but the typed `name` column of a LEFT JOIN's missing side does not.
    let o = Orders::new();
    let q = select((c.id, o.status))
        .from(c)
        .left_join(o, o.customer_id.eq(c.id))
        .filter(c.id.eq(5));
    for db in env.conns() {
        let e = q.fetch_one(db).unwrap_err().to_string();
        assert!(e.contains("status") && e.contains("String"), "{e}");
    }
    let fixed = select((c.id, o.status.nullable()))
        .from(c)
        .left_join(o, o.customer_id.eq(c.id))
        .filter(c.id.eq(5));
    same_everywhere(&mut env, (5_i64, None), |db| fixed.fetch_one(db));
}

// ---------------------------------------------------------------------------------
// Struct decoding by label.

#[derive(Debug, PartialEq)]
struct CityCount {
    city: Option<String>,
    customers: i64,
    first: String,
}
from_row!(CityCount { city, customers = "n", first });

#[test]
fn rows_decode_into_a_struct_by_label() {
    let mut env = env();
    let c = Customers::new();
    let q = select((
        c.name.min().coalesce("").label("first"),
        c.city,
        c.id.count().label("n"),
    ))
    .from(c)
    .group_by([c.city])
    .order_by(c.id.count().desc())
    .order_by(c.city.asc())
    .limit(1)
    .rows_as::<CityCount>();
    same_everywhere(
        &mut env,
        vec![CityCount {
            city: Some("Paris".into()),
            customers: 2,
            first: "Alice".into(),
        }],
        |db| q.fetch_all(db),
    );
    // A missing label: the error names the column, the field and the struct.
    let missing = select((c.city, c.id.count().label("n")))
        .from(c)
        .group_by([c.city])
        .rows_as::<CityCount>();
    for db in env.conns() {
        let e = missing.fetch_all(db).unwrap_err().to_string();
        assert!(e.contains("\"first\"") || e.contains("first"), "{e}");
        assert!(e.contains("field `first` of `CityCount`"), "{e}");
    }
    // A mistyped column: `name` as the i64 field `customers`.
    let mistyped = select((c.city, c.name.label("n"), c.name.label("first")))
        .from(c)
        .rows_as::<CityCount>();
    for db in env.conns() {
        let e = mistyped.fetch_all(db).unwrap_err().to_string();
        assert!(
            e.contains("field `customers` of `CityCount`") && e.contains("i64"),
            "{e}"
        );
    }
}

// ---------------------------------------------------------------------------------
// Numeric promotion and values converted to the promoted type.

#[test]
fn values_are_sent_as_the_promoted_type() {
    let l = Ledger::new();
    let q = select((
        l.id,
        Decimal::ONE - l.amount,
        l.amount * l.account,
        l.account + l.id,
    ))
    .from(l)
    .filter(l.amount.gt(9.99).and(l.id.eq(3)).and(l.small.lt(70_000)));
    golden!(q,
        sqlite: ok(r#"SELECT "ledger"."id", ? - "ledger"."amount", "ledger"."amount" * "ledger"."account", "ledger"."account" + "ledger"."id" FROM "ledger" WHERE "ledger"."amount" > ? AND "ledger"."id" = ? AND "ledger"."small" < CAST(? AS INTEGER)"#,
            vec![Value::Decimal(Decimal::ONE), Value::Decimal(dec("9.99")), Value::I64(3), Value::I32(70_000)]),
        postgres: ok(r#"SELECT "ledger"."id", $1 - "ledger"."amount", "ledger"."amount" * "ledger"."account", "ledger"."account" + "ledger"."id" FROM "ledger" WHERE "ledger"."amount" > $2 AND "ledger"."id" = $3 AND "ledger"."small" < CAST($4::int4 AS INTEGER)"#,
            vec![Value::Decimal(Decimal::ONE), Value::Decimal(dec("9.99")), Value::I64(3), Value::I32(70_000)]),
        mysql: ok("SELECT `ledger`.`id`, CAST(? AS DECIMAL(1, 0)) - `ledger`.`amount`, `ledger`.`amount` * `ledger`.`account`, `ledger`.`account` + `ledger`.`id` FROM `ledger` WHERE `ledger`.`amount` > CAST(? AS DECIMAL(3, 2)) AND `ledger`.`id` = ? AND `ledger`.`small` < CAST(? AS SIGNED)",
            vec![Value::Decimal(Decimal::ONE), Value::Decimal(dec("9.99")), Value::I64(3), Value::I32(70_000)]),
    );
    // The row type is the promoted one: Decimal, Decimal, i64.
    let mut env = env();
    same_everywhere(
        &mut env,
        vec![(3_i64, dec("-9.5"), dec("21"), 5_i64)],
        |db| q.fetch_all(db),
    );
    // An integer column against a float value compares as a double, as SQL does: no
    // value is narrowed (1.5 is not 1).
    let half = select(l.id.count()).from(l).filter(l.account.eq(1.5));
    same_everywhere(&mut env, 0_i64, |db| half.fetch_one(db));
    // i16 with i32 with i64, nullable with not: `small + account` is i32, `rate * 2` is
    // Option<f64>.
    let mixed: sqlweave::TypedSelect<(i32, Option<f64>, Option<i64>)> =
        select((l.small + l.account, l.rate * 2, l.small.sum()))
            .from(l)
            .filter(l.id.eq(2))
            .group_by((l.small, l.account, l.rate));
    same_everywhere(&mut env, (30002, None, Some(30000_i64)), |db| {
        mixed.fetch_one(db)
    });
}

#[test]
#[allow(clippy::type_complexity)]
fn aggregates_read_the_same_on_every_database() {
    let mut env = env();
    let l = Ledger::new();
    // SUM of a SMALLINT past i16 (PostgreSQL: bigint; MariaDB: DECIMAL), AVG of the
    // integers 1, 2 (PostgreSQL, MariaDB: numeric / DECIMAL), SUM and AVG of decimals.
    let q = select((
        l.small.sum(),
        l.account.sum(),
        l.account.avg(),
        l.amount.sum(),
        l.amount.avg(),
        l.rate.avg(),
        l.id.count(),
        l.amount.max(),
        l.id.sum(),
    ))
    .from(l)
    .filter(l.id.le(2));
    let _: &sqlweave::TypedSelect<(
        Option<i64>,
        Option<i64>,
        Option<f64>,
        Option<Decimal>,
        Option<Decimal>,
        Option<f64>,
        i64,
        Option<Decimal>,
        Option<i64>,
    )> = &q;
    same_everywhere(
        &mut env,
        (
            Some(60000_i64),
            Some(3_i64),
            Some(1.5),
            Some(dec("3.00")),
            Some(dec("1.5")),
            Some(0.5),
            2_i64,
            Some(dec("1.75")),
            // PostgreSQL's sum(bigint) is numeric, MariaDB's DECIMAL: an i64 here.
            Some(3_i64),
        ),
        |db| {
            let mut r = q.fetch_one(db)?;
            // Scale differs (PostgreSQL 1.5000000000000000, MariaDB 1.500000): the value
            // does not.
            r.3 = r.3.map(|d| d.normalize());
            r.4 = r.4.map(|d| d.normalize());
            r.7 = r.7.map(|d| d.normalize());
            Ok(r)
        },
    );
    // A third is the same double everywhere: integers are averaged as doubles.
    let third = select(l.account.avg())
        .from(l)
        .filter(l.id.ne(4))
        .filter(l.id.ne(2).or(l.id.eq(2)));
    same_everywhere(&mut env, Some(5.0 / 3.0), |db| third.fetch_one(db));
    // Over no rows: NULL, COUNT 0.
    let none = select((l.amount.sum(), l.id.count()))
        .from(l)
        .filter(l.id.gt(99));
    same_everywhere(&mut env, (None, 0_i64), |db| none.fetch_one(db));
}

// ---------------------------------------------------------------------------------
// CASE.

#[test]
fn typed_case_runs_everywhere() {
    let mut env = env();
    let l = Ledger::new();
    let size: Typed<String> = case_when(l.amount.ge(10), "big")
        .when(l.amount.ge(1), "mid")
        .otherwise("small");
    let code: Typed<Option<i64>> = case_on(l.note).when("a", 1).when("c", 3_i64).end();
    // A branch that is NULL makes the CASE nullable; numbers promote (i32 then Decimal).
    let weighted: Typed<Option<Decimal>> = case_when(l.rate.is_null(), None::<Decimal>)
        .when(l.account.eq(1), l.account)
        .otherwise(l.amount);
    let q = select((l.id, size, code, weighted))
        .from(l)
        .order_by(l.id.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "ledger"."id", CASE WHEN "ledger"."amount" >= ? THEN ? WHEN "ledger"."amount" >= ? THEN ? ELSE ? END, CASE "ledger"."note" WHEN ? THEN ? WHEN ? THEN ? END, CASE WHEN "ledger"."rate" IS NULL THEN ? WHEN "ledger"."account" = ? THEN "ledger"."account" ELSE "ledger"."amount" END FROM "ledger" ORDER BY "ledger"."id""#,
            vec![Value::Decimal(dec("10")), "big".into(), Value::Decimal(Decimal::ONE), "mid".into(), "small".into(), "a".into(), Value::I32(1), "c".into(), Value::I32(3), Value::Null, Value::I32(1)]),
        postgres: ok(r#"SELECT "ledger"."id", CASE WHEN "ledger"."amount" >= $1 THEN $2::text WHEN "ledger"."amount" >= $3 THEN $4::text ELSE $5::text END, CASE "ledger"."note" WHEN $6 THEN $7::int4 WHEN $8 THEN $9::int4 END, CASE WHEN "ledger"."rate" IS NULL THEN $10 WHEN "ledger"."account" = $11 THEN "ledger"."account" ELSE "ledger"."amount" END FROM "ledger" ORDER BY "ledger"."id""#,
            vec![Value::Decimal(dec("10")), "big".into(), Value::Decimal(Decimal::ONE), "mid".into(), "small".into(), "a".into(), Value::I32(1), "c".into(), Value::I32(3), Value::Null, Value::I32(1)]),
        mysql: ok("SELECT `ledger`.`id`, CASE WHEN `ledger`.`amount` >= CAST(? AS DECIMAL(2, 0)) THEN ? WHEN `ledger`.`amount` >= CAST(? AS DECIMAL(1, 0)) THEN ? ELSE ? END, CASE `ledger`.`note` WHEN ? THEN ? WHEN ? THEN ? END, CASE WHEN `ledger`.`rate` IS NULL THEN ? WHEN `ledger`.`account` = ? THEN `ledger`.`account` ELSE `ledger`.`amount` END FROM `ledger` ORDER BY `ledger`.`id`",
            vec![Value::Decimal(dec("10")), "big".into(), Value::Decimal(Decimal::ONE), "mid".into(), "small".into(), "a".into(), Value::I32(1), "c".into(), Value::I32(3), Value::Null, Value::I32(1)]),
    );
    same_everywhere(
        &mut env,
        vec![
            (1_i64, "mid".to_string(), Some(1_i64), Some(dec("1"))),
            (2, "mid".into(), None, None),
            (3, "big".into(), Some(3), Some(dec("10.5"))),
            (4, "small".into(), None, Some(dec("0.25"))),
        ],
        |db| {
            let rows = q.fetch_all(db)?;
            Ok(rows
                .into_iter()
                .map(|(a, b, c, d)| (a, b, c, d.map(|d| d.normalize())))
                .collect())
        },
    );
}

// ---------------------------------------------------------------------------------
// Subqueries.

#[test]
fn typed_subqueries_run_everywhere() {
    let mut env = env();
    let (c, o, i) = (Customers::new(), Orders::new(), Items::new());
    // A correlated scalar subquery: Option<i64>, NULL where no order has items.
    let spent = select((i.quantity * i.unit_price_cents).sum())
        .from(i)
        .join(o, o.id.eq(i.order_id))
        .filter(o.customer_id.eq(c.id))
        .scalar();
    let _: &Typed<Option<i64>> = &spent;
    let q = select((c.name, spent.clone().coalesce(0)))
        .from(c)
        .order_by(c.id.asc());
    same_everywhere(
        &mut env,
        vec![
            ("Alice".to_string(), 6500_i64),
            ("Bob".into(), 4300),
            ("Carol".into(), 4000),
            ("Dave".into(), 3000),
            ("Eve".into(), 0),
        ],
        |db| q.fetch_all(db),
    );
    // IN / NOT IN / EXISTS / NOT EXISTS, typed.
    let buyers = select(c.name)
        .from(c)
        .filter(c.id.in_subquery(select(o.customer_id).from(o).filter(o.status.eq("paid"))))
        .order_by(c.name.asc());
    same_everywhere(
        &mut env,
        vec!["Alice".to_string(), "Bob".into(), "Dave".into()],
        |db| buyers.fetch_all(db),
    );
    let idle = select(c.name)
        .from(c)
        .filter(c.id.not_in_subquery(select(o.customer_id).from(o)))
        .filter(not_exists(
            select(o.id).from(o).filter(o.customer_id.eq(c.id)),
        ))
        .filter(exists(select(c.id).from(c)));
    same_everywhere(&mut env, vec!["Eve".to_string()], |db| idle.fetch_all(db));
    // Row values: (customer, status) IN (…).
    let pairs = select(o.id)
        .from(o)
        .filter(
            row((o.customer_id, o.status))
                .in_subquery(
                    select((c.id, c.name.lower().concat("?")))
                        .from(c)
                        .filter(c.id.lt(0)),
                )
                .not(),
        )
        .filter(row((o.customer_id, o.status)).eq((1, "paid")));
    same_everywhere(&mut env, vec![1_i64], |db| pairs.fetch_all(db));
    // = ANY is IN, <> ALL is NOT IN (SQLite's spelling).
    let any_eq = select(c.id)
        .from(c)
        .filter(c.id.any(
            Cmp::Eq,
            select(o.customer_id).from(o).filter(o.status.eq("paid")),
        ))
        .filter(
            c.id.all(
                Cmp::Ne,
                select(o.customer_id)
                    .from(o)
                    .filter(o.status.eq("cancelled")),
            ),
        )
        .order_by(c.id.asc());
    same_everywhere(&mut env, vec![1_i64, 2, 4], |db| any_eq.fetch_all(db));
}

#[test]
fn any_and_all_with_ordering_operators() {
    let i = Items::new();
    let big = select(i.order_id)
        .from(i)
        .filter(
            i.unit_price_cents
                .all(Cmp::Ge, select(i.unit_price_cents).from(i)),
        )
        .filter(i.quantity.any(Cmp::Gt, select(i.quantity).from(i).limit(3)));
    golden!(big,
        sqlite: err("`>= ALL` with a subquery"),
        postgres: ok(r#"SELECT "order_items"."order_id" FROM "order_items" WHERE "order_items"."unit_price_cents" >= ALL (SELECT "order_items"."unit_price_cents" FROM "order_items") AND "order_items"."quantity" > ANY (SELECT "order_items"."quantity" FROM "order_items" LIMIT $1)"#, p![3_i64]),
        mysql: ok("SELECT `order_items`.`order_id` FROM `order_items` WHERE `order_items`.`unit_price_cents` >= ALL (SELECT `order_items`.`unit_price_cents` FROM `order_items`) AND `order_items`.`quantity` > ANY (SELECT * FROM (SELECT `order_items`.`quantity` FROM `order_items` LIMIT ?) AS `sqlweave_any`)", p![3_i64]),
    );
    let mut env = env();
    let top = select(i.order_id).from(i).filter(
        i.unit_price_cents
            .all(Cmp::Ge, select(i.unit_price_cents).from(i)),
    );
    for db in env.conns() {
        let name = db.dialect().name();
        match name {
            "SQLite" => assert!(top.fetch_all(db).is_err()),
            _ => assert_eq!(top.fetch_all(db).unwrap(), vec![4_i64], "{name}"),
        }
    }
    let eq_any = select(i.order_id).from(i).filter(
        i.quantity
            .any(Cmp::Eq, select(i.quantity).from(i).filter(i.quantity.gt(9))),
    );
    golden!(eq_any,
        sqlite: ok(r#"SELECT "order_items"."order_id" FROM "order_items" WHERE "order_items"."quantity" IN (SELECT "order_items"."quantity" FROM "order_items" WHERE "order_items"."quantity" > ?)"#, vec![Value::I32(9)]),
        postgres: ok(r#"SELECT "order_items"."order_id" FROM "order_items" WHERE "order_items"."quantity" = ANY (SELECT "order_items"."quantity" FROM "order_items" WHERE "order_items"."quantity" > $1)"#, vec![Value::I32(9)]),
        mysql: ok("SELECT `order_items`.`order_id` FROM `order_items` WHERE `order_items`.`quantity` = ANY (SELECT `order_items`.`quantity` FROM `order_items` WHERE `order_items`.`quantity` > ?)", vec![Value::I32(9)]),
    );
    same_everywhere(&mut env, vec![3_i64], |db| eq_any.fetch_all(db));
}

// ---------------------------------------------------------------------------------
// Derived tables and CTEs with typed handles.

#[test]
fn derived_tables_and_ctes_have_typed_columns() {
    let mut env = env();
    let (c, o) = (Customers::new(), Orders::new());
    let per = select((o.customer_id, o.id.count().label("orders")))
        .from(o)
        .group_by([o.customer_id])
        .derived("per")
        .unwrap();
    let (cust, n) = per.columns();
    let q = select((c.name, n.clone()))
        .from(c)
        .join(&per, cust.eq(c.id))
        .filter(n.clone().ge(1))
        .order_by(n.desc())
        .order_by(c.name.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."name", "per"."orders" FROM "customers" INNER JOIN (SELECT "orders"."customer_id", COUNT("orders"."id") AS "orders" FROM "orders" GROUP BY "orders"."customer_id") AS "per" ON "per"."customer_id" = "customers"."id" WHERE "per"."orders" >= ? ORDER BY "per"."orders" DESC, "customers"."name""#, p![1_i64]),
        postgres: ok(r#"SELECT "customers"."name", "per"."orders" FROM "customers" INNER JOIN (SELECT "orders"."customer_id", COUNT("orders"."id") AS "orders" FROM "orders" GROUP BY "orders"."customer_id") AS "per" ON "per"."customer_id" = "customers"."id" WHERE "per"."orders" >= $1 ORDER BY "per"."orders" DESC, "customers"."name""#, p![1_i64]),
        mysql: ok("SELECT `customers`.`name`, `per`.`orders` FROM `customers` INNER JOIN (SELECT `orders`.`customer_id`, COUNT(`orders`.`id`) AS `orders` FROM `orders` GROUP BY `orders`.`customer_id`) AS `per` ON `per`.`customer_id` = `customers`.`id` WHERE `per`.`orders` >= ? ORDER BY `per`.`orders` DESC, `customers`.`name`", p![1_i64]),
    );
    same_everywhere(
        &mut env,
        vec![
            ("Alice".to_string(), 3_i64),
            ("Bob".into(), 1),
            ("Carol".into(), 1),
            ("Dave".into(), 1),
        ],
        |db| q.fetch_all(db),
    );

    // A CTE, its column list written out (every database here has CTE column lists).
    let paid = select((o.customer_id.label("who"), o.id.label("oid")))
        .from(o)
        .filter(o.status.eq("paid"))
        .cte("paid")
        .unwrap();
    let (who, oid) = paid.columns();
    let q = select((who.clone(), oid.count()))
        .with(paid.definition_with_column_list())
        .from(paid.reference())
        .group_by([who.clone()])
        .order_by(who.asc());
    golden!(q,
        sqlite: ok(r#"WITH "paid" ("who", "oid") AS (SELECT "orders"."customer_id" AS "who", "orders"."id" AS "oid" FROM "orders" WHERE "orders"."status" = ?) SELECT "paid"."who", COUNT("paid"."oid") FROM "paid" GROUP BY "paid"."who" ORDER BY "paid"."who""#, p!["paid"]),
        postgres: ok(r#"WITH "paid" ("who", "oid") AS (SELECT "orders"."customer_id" AS "who", "orders"."id" AS "oid" FROM "orders" WHERE "orders"."status" = $1) SELECT "paid"."who", COUNT("paid"."oid") FROM "paid" GROUP BY "paid"."who" ORDER BY "paid"."who""#, p!["paid"]),
        mysql: ok("WITH `paid` (`who`, `oid`) AS (SELECT `orders`.`customer_id` AS `who`, `orders`.`id` AS `oid` FROM `orders` WHERE `orders`.`status` = ?) SELECT `paid`.`who`, COUNT(`paid`.`oid`) FROM `paid` GROUP BY `paid`.`who` ORDER BY `paid`.`who`", p!["paid"]),
    );
    same_everywhere(&mut env, vec![(1_i64, 1_i64), (2, 1), (4, 1)], |db| {
        q.fetch_all(db)
    });

    // Unnamed or repeated names are refused when the handles are made.
    let e = select((c.id, c.id + 1)).from(c).derived("t").unwrap_err();
    assert!(e.to_string().contains("item 2 has no name"), "{e}");
    let e = select((c.id, o.id)).from(c).cte("t").unwrap_err();
    assert!(e.to_string().contains("\"id\""), "{e}");
}

// ---------------------------------------------------------------------------------
// Typed INSERT past 12 columns, and from Vecs.

table! { pub struct Wide("wide") {
    c1: i64, c2: i64, c3: i64, c4: i64, c5: i64, c6: i64, c7: i64, c8: i64,
    c9: i64, c10: i64, c11: i64, c12: i64, c13: String, c14: Option<String>,
} }

#[test]
fn typed_insert_of_fourteen_columns_and_from_vecs() {
    let w = Wide::new();
    let ins = Insert::into(w)
        .columns((
            w.c1, w.c2, w.c3, w.c4, w.c5, w.c6, w.c7, w.c8, w.c9, w.c10, w.c11, w.c12, w.c13, w.c14,
        ))
        .values((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "x", None::<&str>));
    let r = ins.render(&sqlweave_sqlite::Sqlite).unwrap();
    assert_eq!(
        r.sql,
        r#"INSERT INTO "wide" ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13", "c14") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"#
    );
    assert_eq!(r.params.len(), 14);
    assert_eq!(r.params[12], Value::from("x"));
    // Column names in a Vec (built at run time), rows of values in Vecs.
    let names: Vec<&'static str> = vec!["c1", "c13"];
    let ins = Insert::into(w).columns(names).rows(vec![
        vec![Value::I64(1), "a".into()],
        vec![Value::I64(2), "b".into()],
    ]);
    golden!(ins,
        sqlite: ok(r#"INSERT INTO "wide" ("c1", "c13") VALUES (?, ?), (?, ?)"#, p![1_i64, "a", 2_i64, "b"]),
        postgres: ok(r#"INSERT INTO "wide" ("c1", "c13") VALUES ($1, $2), ($3, $4)"#, p![1_i64, "a", 2_i64, "b"]),
        mysql: ok("INSERT INTO `wide` (`c1`, `c13`) VALUES (?, ?), (?, ?)", p![1_i64, "a", 2_i64, "b"]),
    );
}

#[test]
fn func_count_star_and_labels_stay_usable_untyped() {
    // The typed label still goes wherever a SelectItem did.
    let c = Customers::new();
    let q = sqlweave::Select::new()
        .column(c.id.label("k"))
        .column(func::count_star().label("n"))
        .from(c)
        .group_by([c.id]);
    golden!(q,
        sqlite: ok(r#"SELECT "customers"."id" AS "k", COUNT(*) AS "n" FROM "customers" GROUP BY "customers"."id""#, vec![]),
        postgres: ok(r#"SELECT "customers"."id" AS "k", COUNT(*) AS "n" FROM "customers" GROUP BY "customers"."id""#, vec![]),
        mysql: ok("SELECT `customers`.`id` AS `k`, COUNT(*) AS `n` FROM `customers` GROUP BY `customers`.`id`", vec![]),
    );
}

#[test]
fn derived_column_alias_lists_render_per_dialect_and_run_everywhere() {
    let mut env = env();
    let l = Ledger::new();
    let t = select((l.account, l.amount * 2))
        .from(l)
        .derived_with_columns("t", ["acct", "twice"])
        .unwrap();
    let (acct, twice) = t.columns();
    let q = select((acct.clone(), twice.sum()))
        .from(t)
        .group_by([acct.clone()])
        .order_by(acct.asc());
    golden!(q,
        sqlite: ok(r#"SELECT "t"."acct", SUM("t"."twice") FROM (WITH "t" ("acct", "twice") AS (SELECT "ledger"."account", "ledger"."amount" * ? FROM "ledger") SELECT * FROM "t") AS "t" GROUP BY "t"."acct" ORDER BY "t"."acct""#, vec![Value::Decimal(dec("2"))]),
        postgres: ok(r#"SELECT "t"."acct", SUM("t"."twice") FROM (SELECT "ledger"."account", "ledger"."amount" * $1 FROM "ledger") AS "t" ("acct", "twice") GROUP BY "t"."acct" ORDER BY "t"."acct""#, vec![Value::Decimal(dec("2"))]),
        mysql: ok("SELECT `t`.`acct`, SUM(`t`.`twice`) FROM (SELECT `ledger`.`account`, `ledger`.`amount` * CAST(? AS DECIMAL(1, 0)) FROM `ledger`) AS `t` (`acct`, `twice`) GROUP BY `t`.`acct` ORDER BY `t`.`acct`", vec![Value::Decimal(dec("2"))]),
        mariadb: ok("SELECT `t`.`acct`, SUM(`t`.`twice`) FROM (WITH `t` (`acct`, `twice`) AS (SELECT `ledger`.`account`, `ledger`.`amount` * CAST(? AS DECIMAL(1, 0)) FROM `ledger`) SELECT * FROM `t`) AS `t` GROUP BY `t`.`acct` ORDER BY `t`.`acct`", vec![Value::Decimal(dec("2"))]),
    );
    same_everywhere(
        &mut env,
        vec![(1_i32, dec("2.5")), (2, dec("24.5")), (3, dec("0.5"))],
        |db| {
            Ok(q.fetch_all(db)?
                .into_iter()
                .map(|(a, s): (i32, Option<Decimal>)| (a, s.unwrap_or_default().normalize()))
                .collect())
        },
    );
    // A list of another length than the select list is refused, when made and when
    // rendered (an untyped one).
    let e = select((l.id, l.note))
        .from(l)
        .derived_with_columns("t", ["a"])
        .unwrap_err();
    assert!(e.to_string().contains("1 column names for 2"), "{e}");
    let d = sqlweave::Select::new()
        .cols((l.id, l.note))
        .from(l)
        .alias_columns("d", ["a"]);
    let q = sqlweave::Select::new().star().from(d);
    for d in [
        &sqlweave_sqlite::Sqlite as &dyn sqlweave::Dialect,
        &sqlweave_postgres::Postgres,
    ] {
        let e = sqlweave::Statement::render_for(&q, d).unwrap_err();
        assert!(
            e.to_string()
                .contains("names 1 columns, its query selects 2"),
            "{e}"
        );
    }
}

#[test]
fn a_sum_past_i64_is_an_error_everywhere_never_a_wrong_number() {
    // Two values whose sum passes i64::MAX: SQLite's SUM fails with its integer
    // overflow; PostgreSQL (numeric) and MariaDB (DECIMAL) compute it, and reading it
    // as the typed SUM's i64 fails instead of wrapping or rounding.
    let big = "CREATE TABLE big_sum (v BIGINT NOT NULL); INSERT INTO big_sum VALUES (9223372036854775807), (1);";
    let mut env = Env::with_setups(big, big, big);
    table! { struct BigSum("big_sum") { v: i64 } }
    let b = BigSum::new();
    let q = select(b.v.sum()).from(b);
    for db in env.conns() {
        let name = db.dialect().name();
        let e = q.fetch_one(db).unwrap_err().to_string();
        assert!(
            e.contains("overflow") || e.contains("out of range"),
            "{name}: {e}"
        );
    }
    // Within range, the same i64 everywhere.
    let ok_q = select(b.v.sum()).from(b).filter(b.v.eq(1));
    same_everywhere(&mut env, Some(1_i64), |db| ok_q.fetch_one(db));
}
