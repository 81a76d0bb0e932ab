// An integer column compared with text: `&str` is not an operand of base type i64.
use sqlweave::{TypedExpr, table};

table! { struct Users("users") { id: i64, name: String } }

fn main() {
    let u = Users::new();
    let _ = u.id.eq("seven");
}
