// SUM is defined on numbers only; a text column is not `Numeric`.
//
// Recorded with `--all-features`: rustc lists the `Numeric` types in its message, and the
// `decimal` feature adds `rust_decimal::Decimal` to that list.
use sqlweave::{TypedExpr, table};

table! { struct Users("users") { id: i64, name: String } }

fn main() {
    let u = Users::new();
    let _ = u.name.sum();
}
