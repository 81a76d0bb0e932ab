// LIKE is defined on text only; an integer column is not `Textual`.
use sqlweave::{TypedExpr, table};

table! { struct Users("users") { id: i64, name: String } }

fn main() {
    let u = Users::new();
    let _ = u.id.like("1%");
}
