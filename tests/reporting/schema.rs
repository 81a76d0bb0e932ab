//! The reporting suite's tables, declared once with their Rust types.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlweave::table;

table! {
    pub struct Regions("regions") { id: i32, name: String }
}
table! {
    pub struct Customers("customers") {
        id: i64,
        name: String,
        email: Option<String>,
        region_id: i32,
        signed_up: NaiveDate,
        tier: Option<String>,
        credit_limit: Option<Decimal>,
    }
}
table! {
    pub struct Categories("categories") { id: i32, name: String, parent_id: Option<i32> }
}
table! {
    pub struct Products("products") {
        id: i64,
        category_id: i32,
        name: String,
        price: Decimal,
        weight_kg: Option<f64>,
        active: bool,
    }
}
table! {
    pub struct Orders("orders") {
        id: i64,
        customer_id: i64,
        placed_on: NaiveDate,
        status: String,
        shipping: Option<Decimal>,
        note: Option<String>,
    }
}
table! {
    pub struct OrderItems("order_items") {
        order_id: i64,
        product_id: i64,
        quantity: i32,
        unit_price: Decimal,
        discount: Option<Decimal>,
    }
}
table! {
    pub struct Payments("payments") {
        id: i64,
        order_id: i64,
        paid_on: NaiveDate,
        amount: Decimal,
        method: String,
    }
}
