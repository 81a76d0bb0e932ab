// Integer widths are distinct base types: an i32 column does not compare with an i64 one.
use sqlweave::{TypedExpr, table};

table! { struct Stock("stock") { qty: i32, total: i64 } }

fn main() {
    let s = Stock::new();
    let _ = s.qty.eq(s.total);
}
