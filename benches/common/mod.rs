//! The benchmarked statements, written once for each library, plus the hand-written floor
//! and the SQLite data set. Shared by `benches/render.rs` (criterion), `benches/report.rs`
//! (the table) and `tests/bench_equivalence.rs` (which runs every sqlweave / sea-query pair
//! on SQLite and checks they return the same rows), so what is timed is what is checked.
//!
//! Every builder takes its inputs by reference and builds the statement from scratch: the
//! values are copied into the tree (and from there into the parameters) inside the timed
//! code, as an application would.

#![allow(dead_code)]

use sqlweave::Value;

/// The inputs of B1 / E1 / E2.
pub const USER_ID: i64 = 42;

/// The inputs of B2 and L2.
#[derive(Debug, Clone)]
pub struct ReportParams {
    pub status: String,
    pub min_total: f64,
    pub countries: [String; 5],
    pub name_pattern: String,
    pub from: String,
    pub to: String,
    pub priority: i64,
    pub min_quantity: i64,
    pub min_revenue: i64,
    pub limit: u64,
    pub offset: u64,
}

impl ReportParams {
    pub fn new() -> Self {
        ReportParams {
            status: "shipped".into(),
            min_total: 20.0,
            countries: ["DE", "FR", "NL", "SE", "PL"].map(String::from),
            name_pattern: "C%".into(),
            from: "2024-01-01".into(),
            to: "2024-12-31".into(),
            priority: 1,
            min_quantity: 2,
            min_revenue: 500,
            limit: 20,
            offset: 0,
        }
    }
}

/// One row of B3's INSERT, made before timing.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub user_id: i64,
    pub kind: String,
    pub payload: String,
    pub score: f64,
    pub created_at: String,
    pub flagged: bool,
}

/// B3's 100 rows.
pub fn event_rows() -> Vec<EventRow> {
    (0..100_i64)
        .map(|i| EventRow {
            user_id: i % 17 + 1,
            kind: ["click", "view", "purchase", "signup"][(i % 4) as usize].to_string(),
            payload: format!("{{\"page\":\"/item/{i}\",\"ref\":\"campaign-{}\"}}", i % 7),
            score: i as f64 * 0.25,
            created_at: format!("2024-03-{:02} 12:{:02}:00", i % 28 + 1, i % 60),
            flagged: i % 5 == 0,
        })
        .collect()
}

/// The inputs of B4.
#[derive(Debug, Clone)]
pub struct WindowParams {
    pub since: String,
    pub min_quantity: i64,
}

impl WindowParams {
    pub fn new() -> Self {
        WindowParams {
            since: "2024-06-01".into(),
            min_quantity: 3,
        }
    }
}

/// The inputs of B5.
#[derive(Debug, Clone)]
pub struct UpdateParams {
    pub status: String,
    pub priority: i64,
    pub note: String,
    pub factor: f64,
    pub customer_id: i64,
    pub min_total: f64,
}

impl UpdateParams {
    pub fn new() -> Self {
        UpdateParams {
            status: "on_hold".into(),
            priority: 2,
            note: "price review".into(),
            factor: 1.5,
            customer_id: 7,
            min_total: 100.0,
        }
    }
}

/// The sqlweave side.
pub mod sw {
    use super::*;
    use sqlweave::dml::{Insert, Update};
    use sqlweave::{Cte, Expr, Select, TypedExpr, Window, func, table};

    table! { pub struct Users("users") { id: i64, name: String, email: Option<String> } }
    table! { pub struct Customers("customers") { id: i64, name: String, country: String, vip: bool } }
    table! {
        pub struct Orders("orders") {
            id: i64, customer_id: i64, status: String, total: f64, priority: i64,
            created_at: String, cancelled_at: Option<String>, note: Option<String>,
        }
    }
    table! {
        pub struct OrderItems("order_items") {
            id: i64, order_id: i64, product: String, quantity: i64, unit_price: i64,
        }
    }
    table! {
        pub struct Events("events") {
            id: i64, user_id: i64, kind: String, payload: String, score: f64,
            created_at: String, flagged: bool,
        }
    }
    table! { pub struct Recent("recent") { id: i64, customer_id: i64, total: f64 } }

    /// B1: `SELECT id, name, email FROM users WHERE id = $1`.
    pub fn b1(id: i64) -> Select {
        let u = Users::new();
        Select::new()
            .cols((u.id, u.name, u.email))
            .from(u)
            .filter(u.id.eq(id))
    }

    /// B2: three-table join, eight predicates, GROUP BY, HAVING, ORDER BY, LIMIT / OFFSET.
    pub fn b2(p: &ReportParams) -> Select {
        let (o, c, i) = (Orders::new(), Customers::new(), OrderItems::new());
        Select::new()
            .cols((
                c.id,
                c.name,
                o.id.count().label("order_count"),
                (i.quantity * i.unit_price).sum().label("revenue"),
            ))
            .from(o)
            .join(c, c.id.eq(o.customer_id))
            .join(i, i.order_id.eq(o.id))
            .filter(
                o.status
                    .eq(p.status.as_str())
                    .and(o.total.gt(p.min_total))
                    .and(c.country.in_list(p.countries.iter().map(String::as_str)))
                    .and(c.name.like(p.name_pattern.as_str()))
                    .and(o.cancelled_at.is_null())
                    .and(o.created_at.between(p.from.as_str(), p.to.as_str()))
                    .and(o.priority.eq(p.priority).or(c.vip.eq(true)))
                    .and(i.quantity.ge(p.min_quantity)),
            )
            .group_by((c.id, c.name))
            .having((i.quantity * i.unit_price).sum().gt(p.min_revenue))
            .order_by(Expr::column("revenue").desc())
            .order_by(c.id.asc())
            .limit(p.limit)
            .offset(p.offset)
    }

    /// B3: INSERT of 100 rows × 6 columns … RETURNING id.
    pub fn b3(rows: &[EventRow]) -> Insert {
        let e = Events::new();
        Insert::into(e)
            .columns((
                e.user_id,
                e.kind,
                e.payload,
                e.score,
                e.created_at,
                e.flagged,
            ))
            .rows(rows.iter().map(|r| {
                (
                    r.user_id,
                    r.kind.as_str(),
                    r.payload.as_str(),
                    r.score,
                    r.created_at.as_str(),
                    r.flagged,
                )
            }))
            .returning([e.id])
            .into_insert()
    }

    /// B4: a CTE, ROW_NUMBER() OVER (PARTITION BY … ORDER BY …), a scalar subquery in
    /// the select list and EXISTS in WHERE.
    pub fn b4(p: &WindowParams) -> Select {
        let (o, c, i, r) = (
            Orders::new(),
            Customers::new(),
            OrderItems::new(),
            Recent::new(),
        );
        let recent = Select::new()
            .cols((o.id, o.customer_id, o.total))
            .from(o)
            .filter(o.created_at.ge(p.since.as_str()));
        let name = Select::new()
            .cols((c.name,))
            .from(c)
            .filter(c.id.eq(r.customer_id));
        let has_big_item = Select::new()
            .cols((i.id,))
            .from(i)
            .filter(i.order_id.eq(r.id).and(i.quantity.gt(p.min_quantity)));
        Select::new()
            .with(Cte::new("recent", recent))
            .cols((
                r.customer_id,
                r.total,
                func::row_number()
                    .over(
                        Window::new()
                            .partition_by([r.customer_id])
                            .order_by(r.total.desc()),
                    )
                    .label("rn"),
                Expr::subquery(name).label("customer_name"),
            ))
            .from(r)
            .filter(Expr::exists(has_big_item))
            .order_by(r.customer_id.asc())
            .order_by(Expr::column("rn").asc())
    }

    /// B5: UPDATE with four SET and three WHERE predicates.
    pub fn b5(p: &UpdateParams) -> Update {
        let o = Orders::new();
        Update::table(o)
            .set(o.status, p.status.as_str())
            .set(o.priority, p.priority)
            .set(o.note, p.note.as_str())
            .set(o.total, o.total * p.factor)
            .filter(
                o.customer_id
                    .eq(p.customer_id)
                    .and(o.total.gt(p.min_total))
                    .and(o.cancelled_at.is_null()),
            )
    }
}

/// The sea-query side: the same statements with sea-query's builders.
pub mod sq {
    use super::*;
    use sea_query::{
        CommonTableExpression, Expr, ExprTrait, Func, InsertStatement, Order, Query,
        SelectStatement, SubQueryStatement, UpdateStatement, WindowStatement, WithClause,
        WithQuery,
    };

    pub fn b1(id: i64) -> SelectStatement {
        Query::select()
            .column(("users", "id"))
            .column(("users", "name"))
            .column(("users", "email"))
            .from("users")
            .and_where(Expr::col(("users", "id")).eq(id))
            .take()
    }

    pub fn b2(p: &ReportParams) -> SelectStatement {
        let revenue = || {
            Expr::col(("order_items", "quantity"))
                .mul(Expr::col(("order_items", "unit_price")))
                .sum()
        };
        Query::select()
            .column(("customers", "id"))
            .column(("customers", "name"))
            .expr_as(Expr::col(("orders", "id")).count(), "order_count")
            .expr_as(revenue(), "revenue")
            .from("orders")
            .inner_join(
                "customers",
                Expr::col(("customers", "id")).equals(("orders", "customer_id")),
            )
            .inner_join(
                "order_items",
                Expr::col(("order_items", "order_id")).equals(("orders", "id")),
            )
            .and_where(Expr::col(("orders", "status")).eq(p.status.as_str()))
            .and_where(Expr::col(("orders", "total")).gt(p.min_total))
            .and_where(
                Expr::col(("customers", "country")).is_in(p.countries.iter().map(String::as_str)),
            )
            .and_where(Expr::col(("customers", "name")).like(p.name_pattern.as_str()))
            .and_where(Expr::col(("orders", "cancelled_at")).is_null())
            .and_where(Expr::col(("orders", "created_at")).between(p.from.as_str(), p.to.as_str()))
            .and_where(
                Expr::col(("orders", "priority"))
                    .eq(p.priority)
                    .or(Expr::col(("customers", "vip")).eq(true)),
            )
            .and_where(Expr::col(("order_items", "quantity")).gte(p.min_quantity))
            .group_by_columns([("customers", "id"), ("customers", "name")])
            .and_having(revenue().gt(p.min_revenue))
            .order_by("revenue", Order::Desc)
            .order_by(("customers", "id"), Order::Asc)
            .limit(p.limit)
            .offset(p.offset)
            .take()
    }

    pub fn b3(rows: &[EventRow]) -> InsertStatement {
        let mut q = Query::insert();
        q.into_table("events").columns([
            "user_id",
            "kind",
            "payload",
            "score",
            "created_at",
            "flagged",
        ]);
        for r in rows {
            q.values_panic([
                r.user_id.into(),
                r.kind.as_str().into(),
                r.payload.as_str().into(),
                r.score.into(),
                r.created_at.as_str().into(),
                r.flagged.into(),
            ]);
        }
        q.returning_col("id");
        q
    }

    pub fn b4(p: &WindowParams) -> WithQuery {
        let recent = Query::select()
            .column(("orders", "id"))
            .column(("orders", "customer_id"))
            .column(("orders", "total"))
            .from("orders")
            .and_where(Expr::col(("orders", "created_at")).gte(p.since.as_str()))
            .take();
        let mut cte = CommonTableExpression::new();
        cte.query(recent).table_name("recent");
        let mut with = WithClause::new();
        with.cte(cte);
        let mut window = WindowStatement::partition_by(("recent", "customer_id"));
        window.order_by(("recent", "total"), Order::Desc);
        let name = Query::select()
            .column(("customers", "name"))
            .from("customers")
            .and_where(Expr::col(("customers", "id")).equals(("recent", "customer_id")))
            .take();
        let has_big_item = Query::select()
            .column(("order_items", "id"))
            .from("order_items")
            .and_where(Expr::col(("order_items", "order_id")).equals(("recent", "id")))
            .and_where(Expr::col(("order_items", "quantity")).gt(p.min_quantity))
            .take();
        Query::select()
            .column(("recent", "customer_id"))
            .column(("recent", "total"))
            .expr_window_as(Func::cust("ROW_NUMBER"), window, "rn")
            .expr_as(Expr::from(SubQueryStatement::from(name)), "customer_name")
            .from("recent")
            .and_where(Expr::exists(has_big_item))
            .order_by(("recent", "customer_id"), Order::Asc)
            .order_by("rn", Order::Asc)
            .take()
            .with(with)
    }

    pub fn b5(p: &UpdateParams) -> UpdateStatement {
        Query::update()
            .table("orders")
            .value("status", p.status.as_str())
            .value("priority", p.priority)
            .value("note", p.note.as_str())
            .value("total", Expr::col(("orders", "total")).mul(p.factor))
            .and_where(Expr::col(("orders", "customer_id")).eq(p.customer_id))
            .and_where(Expr::col(("orders", "total")).gt(p.min_total))
            .and_where(Expr::col(("orders", "cancelled_at")).is_null())
            .take()
    }
}

/// L2: B2's exact PostgreSQL text and owned parameters, written by hand: static pieces,
/// a few pushes, one `String` and one `Vec` of the right size. The floor B2 is held to.
pub fn l2(p: &ReportParams) -> (String, Vec<Value>) {
    let mut sql = String::with_capacity(1024);
    let mut params = Vec::with_capacity(16);
    sql.push_str(
        r#"SELECT "customers"."id", "customers"."name", COUNT("orders"."id") AS "order_count", SUM("order_items"."quantity" * "order_items"."unit_price") AS "revenue" FROM "orders" INNER JOIN "customers" ON "customers"."id" = "orders"."customer_id" INNER JOIN "order_items" ON "order_items"."order_id" = "orders"."id" WHERE "orders"."status" = $1 AND "orders"."total" > $2 AND "customers"."country" IN ($3, $4, $5, $6, $7) AND "customers"."name" LIKE $8 AND "orders"."cancelled_at" IS NULL AND "orders"."created_at" BETWEEN $9 AND $10 AND ("orders"."priority" = $11 OR "customers"."vip" = $12) AND "order_items"."quantity" >= $13 GROUP BY "customers"."id", "customers"."name" HAVING SUM("order_items"."quantity" * "order_items"."unit_price") > $14 ORDER BY "revenue" DESC, "customers"."id" LIMIT $15 OFFSET $16"#,
    );
    params.push(Value::Text(p.status.clone()));
    params.push(Value::F64(p.min_total));
    for c in &p.countries {
        params.push(Value::Text(c.clone()));
    }
    params.push(Value::Text(p.name_pattern.clone()));
    params.push(Value::Text(p.from.clone()));
    params.push(Value::Text(p.to.clone()));
    params.push(Value::I64(p.priority));
    params.push(Value::Bool(true));
    params.push(Value::I64(p.min_quantity));
    params.push(Value::I64(p.min_revenue));
    params.push(Value::I64(p.limit as i64));
    params.push(Value::I64(p.offset as i64));
    (sql, params)
}

/// The hand-written floor of every B: the statement's exact text copied from a static
/// string (as if a perfect renderer wrote it in one go) plus its owned parameter values,
/// in a `String` and a `Vec` of the right size. No library that returns owned SQL and
/// owned parameters can be faster; `sea-query / floor` bounds the speed-up over sea-query.
pub fn floor(sql: &str, params: impl FnOnce(&mut Vec<Value>), n: usize) -> (String, Vec<Value>) {
    let mut out = String::with_capacity(sql.len());
    out.push_str(sql);
    let mut values = Vec::with_capacity(n);
    params(&mut values);
    (out, values)
}

/// B1's values, by hand.
pub fn floor_b1(id: i64) -> impl FnOnce(&mut Vec<Value>) {
    move |v| v.push(Value::I64(id))
}

/// B3's values, by hand: the row data copied into 600 owned values.
pub fn floor_b3(rows: &[EventRow]) -> impl FnOnce(&mut Vec<Value>) + '_ {
    move |v| {
        for r in rows {
            v.push(Value::I64(r.user_id));
            v.push(Value::Text(r.kind.clone()));
            v.push(Value::Text(r.payload.clone()));
            v.push(Value::F64(r.score));
            v.push(Value::Text(r.created_at.clone()));
            v.push(Value::Bool(r.flagged));
        }
    }
}

/// B4's values, by hand.
pub fn floor_b4(p: &WindowParams) -> impl FnOnce(&mut Vec<Value>) + '_ {
    move |v| {
        v.push(Value::Text(p.since.clone()));
        v.push(Value::I64(p.min_quantity));
    }
}

/// B5's values, by hand.
pub fn floor_b5(p: &UpdateParams) -> impl FnOnce(&mut Vec<Value>) + '_ {
    move |v| {
        v.push(Value::Text(p.status.clone()));
        v.push(Value::I64(p.priority));
        v.push(Value::Text(p.note.clone()));
        v.push(Value::F64(p.factor));
        v.push(Value::I64(p.customer_id));
        v.push(Value::F64(p.min_total));
    }
}

/// E1's SQL: B1 as sqlweave renders it for SQLite, so both sides run the same text.
pub const E1_SQL: &str =
    r#"SELECT "users"."id", "users"."name", "users"."email" FROM "users" WHERE "users"."id" = ?"#;

/// What E1 and E2 read from the row.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}

/// E1: B1 through raw rusqlite (`prepare_cached` + `query_row`).
pub fn e1(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<UserRow> {
    let mut stmt = conn.prepare_cached(E1_SQL)?;
    stmt.query_row([id], |r| {
        Ok(UserRow {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
        })
    })
}

/// E2: B1 built, rendered and run through sqlweave's `Executor`. `fetch_optional` reads
/// the first row and stops, as `query_row` does (`fetch_one` reads a second row to
/// prove there is none).
pub fn e2(conn: &mut sqlweave_sqlite::SqliteConnection, id: i64) -> sqlweave::Result<UserRow> {
    use sqlweave::Executor;
    let u = sw::Users::new();
    let row = conn
        .fetch_optional(&sw::b1(id))?
        .ok_or_else(|| sqlweave::Error::Invalid(format!("no user {id}")))?;
    Ok(UserRow {
        id: row.col(u.id)?,
        name: row.col(u.name)?,
        email: row.col(u.email)?,
    })
}

/// The schema of every benchmark, for SQLite.
pub const SCHEMA: &str = "
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, vip INTEGER NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT NOT NULL,
    total REAL NOT NULL, priority INTEGER NOT NULL, created_at TEXT NOT NULL, cancelled_at TEXT, note TEXT);
CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, product TEXT NOT NULL,
    quantity INTEGER NOT NULL, unit_price INTEGER NOT NULL);
CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, score REAL NOT NULL, created_at TEXT NOT NULL, flagged INTEGER NOT NULL);
";

/// The schema plus a deterministic data set: 1,000 users, 60 customers, 600 orders,
/// 1,800 order items (totals are distinct, so ROW_NUMBER has no ties).
pub fn seed_sql() -> String {
    let mut s = String::from(SCHEMA);
    s.push_str("BEGIN;\n");
    for id in 1..=1000 {
        let email = if id % 3 == 0 {
            "NULL".to_string()
        } else {
            format!("'user{id}@example.com'")
        };
        s.push_str(&format!(
            "INSERT INTO users VALUES ({id}, 'user {id}', {email});\n"
        ));
    }
    let countries = ["DE", "FR", "NL", "SE", "PL", "US", "JP"];
    let names = ["Cora", "Carl", "Dana", "Chen", "Eve", "Cleo"];
    for id in 1..=60 {
        s.push_str(&format!(
            "INSERT INTO customers VALUES ({id}, '{} {id}', '{}', {});\n",
            names[id % names.len()],
            countries[id % countries.len()],
            (id % 4 == 0) as i32
        ));
    }
    let statuses = ["shipped", "pending", "shipped", "cancelled"];
    for id in 1..=600_i64 {
        let total = (id * 7919 % 100_000) as f64 / 100.0;
        let cancelled = if id % 11 == 0 {
            "'2024-12-01'".to_string()
        } else {
            "NULL".to_string()
        };
        s.push_str(&format!(
            "INSERT INTO orders VALUES ({id}, {}, '{}', {total}, {}, '2024-{:02}-{:02}', {cancelled}, NULL);\n",
            id % 60 + 1,
            statuses[(id % 4) as usize],
            id % 3,
            id % 12 + 1,
            id % 28 + 1,
        ));
    }
    for id in 1..=1800_i64 {
        s.push_str(&format!(
            "INSERT INTO order_items VALUES ({id}, {}, 'product {}', {}, {});\n",
            id % 600 + 1,
            id % 37,
            id % 6 + 1,
            (id * 31) % 5000 + 99,
        ));
    }
    s.push_str("COMMIT;\n");
    s
}

/// sea-query's values as sqlweave values (for running sea-query's SQL on SQLite).
pub fn from_sea_values(values: sea_query::Values) -> Vec<Value> {
    use sea_query::Value as V;
    values
        .into_iter()
        .map(|v| match v {
            V::Bool(b) => b.map_or(Value::Null, Value::Bool),
            V::TinyInt(x) => x.map_or(Value::Null, Value::I8),
            V::SmallInt(x) => x.map_or(Value::Null, Value::I16),
            V::Int(x) => x.map_or(Value::Null, Value::I32),
            V::BigInt(x) => x.map_or(Value::Null, Value::I64),
            V::TinyUnsigned(x) => x.map_or(Value::Null, |x| Value::I16(x.into())),
            V::SmallUnsigned(x) => x.map_or(Value::Null, |x| Value::I32(x.into())),
            V::Unsigned(x) => x.map_or(Value::Null, |x| Value::I64(x.into())),
            V::BigUnsigned(x) => x.map_or(Value::Null, Value::U64),
            V::Float(x) => x.map_or(Value::Null, Value::F32),
            V::Double(x) => x.map_or(Value::Null, Value::F64),
            V::String(x) => x.map_or(Value::Null, Value::Text),
            V::Bytes(x) => x.map_or(Value::Null, Value::Bytes),
            other => panic!("no sqlweave value for sea-query's {other:?}"),
        })
        .collect()
}
