// An integer column compared with a text column: the operands' base types differ.
use sqlweave::{TypedExpr, table};

table! { struct Users("users") { id: i64, name: String } }

fn main() {
    let u = Users::new();
    let _ = u.id.eq(u.name);
}
