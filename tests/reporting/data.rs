//! The reporting suite's schema and data: seven related tables (regions, customers,
//! categories, products, orders, order_items, payments) with dates, decimals, floats,
//! booleans, nullable columns and text, and a few thousand rows generated from a fixed
//! seed, loaded into a private space on each database.

// The row types are spelled out on purpose: they are what each report reads.
#![allow(clippy::type_complexity)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlweave::dml::Insert;
use sqlweave::exec::execute_insert;
use sqlweave::{Ident, TableRef, Value};
use sqlweave_harness::Spaces;

const SQLITE_DDL: &str = "
CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT,
  region_id INTEGER NOT NULL REFERENCES regions (id), signed_up DATE NOT NULL, tier TEXT,
  credit_limit NUMERIC(10, 2));
CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  parent_id INTEGER REFERENCES categories (id));
CREATE TABLE products (id INTEGER PRIMARY KEY, category_id INTEGER NOT NULL REFERENCES categories (id),
  name TEXT NOT NULL, price NUMERIC(10, 2) NOT NULL, weight_kg DOUBLE PRECISION, active BOOLEAN NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id),
  placed_on DATE NOT NULL, status TEXT NOT NULL, shipping NUMERIC(8, 2), note TEXT);
CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id), quantity INTEGER NOT NULL,
  unit_price NUMERIC(10, 2) NOT NULL, discount NUMERIC(4, 2), PRIMARY KEY (order_id, product_id));
CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id),
  paid_on DATE NOT NULL, amount NUMERIC(10, 2) NOT NULL, method TEXT NOT NULL);
";

const PG_DDL: &str = "
CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT,
  region_id INTEGER NOT NULL REFERENCES regions (id), signed_up DATE NOT NULL, tier TEXT,
  credit_limit NUMERIC(10, 2));
CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  parent_id INTEGER REFERENCES categories (id));
CREATE TABLE products (id BIGINT PRIMARY KEY, category_id INTEGER NOT NULL REFERENCES categories (id),
  name TEXT NOT NULL, price NUMERIC(10, 2) NOT NULL, weight_kg DOUBLE PRECISION, active BOOLEAN NOT NULL);
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL REFERENCES customers (id),
  placed_on DATE NOT NULL, status TEXT NOT NULL, shipping NUMERIC(8, 2), note TEXT);
CREATE TABLE order_items (order_id BIGINT NOT NULL REFERENCES orders (id),
  product_id BIGINT NOT NULL REFERENCES products (id), quantity INTEGER NOT NULL,
  unit_price NUMERIC(10, 2) NOT NULL, discount NUMERIC(4, 2), PRIMARY KEY (order_id, product_id));
CREATE TABLE payments (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id),
  paid_on DATE NOT NULL, amount NUMERIC(10, 2) NOT NULL, method TEXT NOT NULL);
";

// Binary collation: text compares case-sensitively, as on PostgreSQL and SQLite.
const MYSQL_DDL: &str = "
CREATE TABLE regions (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100),
  region_id INT NOT NULL REFERENCES regions (id), signed_up DATE NOT NULL, tier VARCHAR(20),
  credit_limit DECIMAL(10, 2)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE categories (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL,
  parent_id INT REFERENCES categories (id)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE products (id BIGINT PRIMARY KEY, category_id INT NOT NULL REFERENCES categories (id),
  name VARCHAR(100) NOT NULL, price DECIMAL(10, 2) NOT NULL, weight_kg DOUBLE, active BOOLEAN NOT NULL)
  DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL REFERENCES customers (id),
  placed_on DATE NOT NULL, status VARCHAR(20) NOT NULL, shipping DECIMAL(8, 2), note VARCHAR(200))
  DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE order_items (order_id BIGINT NOT NULL REFERENCES orders (id),
  product_id BIGINT NOT NULL REFERENCES products (id), quantity INT NOT NULL,
  unit_price DECIMAL(10, 2) NOT NULL, discount DECIMAL(4, 2), PRIMARY KEY (order_id, product_id))
  DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
CREATE TABLE payments (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id),
  paid_on DATE NOT NULL, amount DECIMAL(10, 2) NOT NULL, method VARCHAR(20) NOT NULL)
  DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin;
";

/// A small linear congruential generator: the same rows on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Cents as a two-place decimal.
fn money(cents: i64) -> Value {
    Value::from(Decimal::new(cents, 2))
}

fn date(days_after_2023_01_01: i64) -> Value {
    let d = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
        + chrono::Duration::days(days_after_2023_01_01);
    Value::from(d)
}

pub const REGIONS: &[&str] = &["North", "South", "East", "West", "Central"];
pub const CATEGORIES: &[(&str, Option<i32>)] = &[
    ("Hardware", None),
    ("Tools", Some(1)),
    ("Power tools", Some(2)),
    ("Hand tools", Some(2)),
    ("Garden", Some(1)),
    ("Media", None),
    ("Books", Some(6)),
    ("Music", Some(6)),
    ("Vinyl", Some(8)),
    ("Home", None),
    ("Kitchen", Some(10)),
    ("Lighting", Some(10)),
];
pub const STATUSES: &[&str] = &[
    "paid",
    "paid",
    "paid",
    "shipped",
    "shipped",
    "pending",
    "cancelled",
];
pub const METHODS: &[&str] = &["card", "card", "transfer", "voucher"];
const FIRST: &[&str] = &[
    "Ann",
    "Bob",
    "Cleo",
    "Dmitri",
    "Eve",
    "Fatima",
    "Gus",
    "Héloïse",
    "Ivan",
    "Jun",
];
const LAST: &[&str] = &[
    "Smith", "O'Neil", "Nguyen", "Müller", "Garcia", "Kowalski", "Ito", "Dubois",
];
const DOMAINS: &[&str] = &["example.com", "mail.test", "Example.org", "shop.invalid"];

pub const CUSTOMERS: i64 = 300;
pub const PRODUCTS: i64 = 120;
pub const ORDERS: i64 = 2000;

/// The generated rows, table by table, in foreign-key order: (table, columns, rows).
pub fn tables() -> Vec<(&'static str, &'static [&'static str], Vec<Vec<Value>>)> {
    let mut rng = Rng(20_261_202);
    let regions = REGIONS
        .iter()
        .enumerate()
        .map(|(i, n)| vec![Value::from(i as i32 + 1), Value::from(*n)])
        .collect();

    let customers = (1..=CUSTOMERS)
        .map(|id| {
            let first = FIRST[rng.below(FIRST.len() as u64) as usize];
            let last = LAST[rng.below(LAST.len() as u64) as usize];
            let email = if rng.chance(80) {
                let domain = DOMAINS[rng.below(DOMAINS.len() as u64) as usize];
                Value::from(format!(
                    "{}.{}{id}@{domain}",
                    first.to_lowercase(),
                    last.len()
                ))
            } else {
                Value::Null
            };
            let tier = match rng.below(4) {
                0 => Value::from("gold"),
                1 => Value::from("silver"),
                2 => Value::from("bronze"),
                _ => Value::Null,
            };
            let credit = if rng.chance(70) {
                money(rng.below(500_000) as i64 + 10_000)
            } else {
                Value::Null
            };
            vec![
                Value::from(id),
                Value::from(format!("{first} {last}")),
                email,
                Value::from(rng.below(REGIONS.len() as u64) as i32 + 1),
                date(rng.below(700) as i64),
                tier,
                credit,
            ]
        })
        .collect();

    let categories = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, (n, parent))| {
            vec![
                Value::from(i as i32 + 1),
                Value::from(*n),
                Value::from(*parent),
            ]
        })
        .collect();

    let mut prices = Vec::new();
    let products = (1..=PRODUCTS)
        .map(|id| {
            let cents = rng.below(20_000) as i64 + 99;
            prices.push(cents);
            let weight = if rng.chance(85) {
                Value::from((rng.below(5000) as f64 + 50.0) / 100.0)
            } else {
                Value::Null
            };
            vec![
                Value::from(id),
                Value::from(rng.below(CATEGORIES.len() as u64) as i32 + 1),
                Value::from(format!("Product {id:03}")),
                money(cents),
                weight,
                Value::from(rng.chance(90)),
            ]
        })
        .collect();

    let mut orders = Vec::new();
    let mut items = Vec::new();
    let mut payments = Vec::new();
    let mut payment_id = 1_i64;
    for id in 1..=ORDERS {
        // Customers above 280 never order.
        let customer = rng.below(280) as i64 + 1;
        let day = rng.below(730) as i64;
        let status = STATUSES[rng.below(STATUSES.len() as u64) as usize];
        let shipping = if rng.chance(75) {
            money(rng.below(2000) as i64)
        } else {
            Value::Null
        };
        let note = if rng.chance(10) {
            Value::from("gift; wrap it")
        } else {
            Value::Null
        };
        orders.push(vec![
            Value::from(id),
            Value::from(customer),
            date(day),
            Value::from(status),
            shipping,
            note,
        ]);
        let lines = rng.below(4) + 1;
        let mut used = Vec::new();
        let mut total = 0_i64;
        for _ in 0..lines {
            // Products above 110 are never ordered.
            let product = rng.below(110) as i64 + 1;
            if used.contains(&product) {
                continue;
            }
            used.push(product);
            let quantity = rng.below(5) as i32 + 1;
            let unit = prices[product as usize - 1];
            let discount = match rng.below(5) {
                0 => Value::from(Decimal::new(10, 2)),
                1 => Value::from(Decimal::new(25, 2)),
                _ => Value::Null,
            };
            total += unit * i64::from(quantity);
            items.push(vec![
                Value::from(id),
                Value::from(product),
                Value::from(quantity),
                money(unit),
                discount,
            ]);
        }
        if status != "pending" && status != "cancelled" {
            // Most orders are paid in full, some in two parts, some only in part.
            let parts = if rng.chance(20) { 2 } else { 1 };
            let paid = if rng.chance(10) { total / 2 } else { total };
            for part in 0..parts {
                let amount = if parts == 2 && part == 0 {
                    paid / 2
                } else {
                    paid - (parts - 1) * (paid / 2)
                };
                payments.push(vec![
                    Value::from(payment_id),
                    Value::from(id),
                    date(day + rng.below(30) as i64),
                    money(amount),
                    Value::from(METHODS[rng.below(METHODS.len() as u64) as usize]),
                ]);
                payment_id += 1;
            }
        }
    }

    vec![
        ("regions", &["id", "name"], regions),
        (
            "customers",
            &[
                "id",
                "name",
                "email",
                "region_id",
                "signed_up",
                "tier",
                "credit_limit",
            ],
            customers,
        ),
        ("categories", &["id", "name", "parent_id"], categories),
        (
            "products",
            &["id", "category_id", "name", "price", "weight_kg", "active"],
            products,
        ),
        (
            "orders",
            &[
                "id",
                "customer_id",
                "placed_on",
                "status",
                "shipping",
                "note",
            ],
            orders,
        ),
        (
            "order_items",
            &[
                "order_id",
                "product_id",
                "quantity",
                "unit_price",
                "discount",
            ],
            items,
        ),
        (
            "payments",
            &["id", "order_id", "paid_on", "amount", "method"],
            payments,
        ),
    ]
}

/// Creates the schema and loads the rows on every database.
pub fn open() -> Spaces {
    let mut spaces = crate::common::fixture::open_spaces("sw_rep", |dialect| match dialect {
        "SQLite" => SQLITE_DDL.to_string(),
        "PostgreSQL" => PG_DDL.to_string(),
        _ => MYSQL_DDL.to_string(),
    });
    let data = tables();
    for conn in spaces.conns() {
        for (table, columns, rows) in &data {
            let mut insert = Insert::into(TableRef::new(*table)).rows(rows.iter().cloned());
            insert.columns = columns.iter().map(|c| Ident::from(*c)).collect();
            let n = execute_insert(conn, &insert)
                .unwrap_or_else(|e| panic!("loading {table} on {}: {e}", conn.dialect().name()));
            assert_eq!(
                n as usize,
                rows.len(),
                "{table} on {}",
                conn.dialect().name()
            );
        }
    }
    spaces
}
