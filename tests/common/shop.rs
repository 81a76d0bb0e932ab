//! The fixture's tables, declared statically.

use sqlweave::table;

table! {
    /// Shop customers.
    pub struct Customers("customers") {
        id: i64,
        name: String,
        email: Option<String>,
        city: Option<String>,
        referred_by: Option<i64>,
    }
}

table! {
    /// Products.
    pub struct Products("products") {
        id: i64,
        name: String,
        category: Option<String>,
        price_cents: i64,
    }
}

table! {
    /// Orders.
    pub struct Orders("orders") {
        id: i64,
        customer_id: i64,
        status: String,
        placed_on: String,
    }
}

table! {
    /// Order lines.
    pub struct OrderItems("order_items") {
        order_id: i64,
        product_id: i64,
        quantity: i64,
        unit_price_cents: i64,
    }
}
