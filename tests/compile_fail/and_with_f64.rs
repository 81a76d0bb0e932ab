// `Typed<bool>::and` takes a condition; a float is not a boolean operand.
use sqlweave::{TypedExpr, table};

table! { struct Users("users") { id: i64, active: bool } }

fn main() {
    let u = Users::new();
    let _ = u.active.eq(true).and(1.5_f64);
}
