// Adding a text column to an integer column: the right operand is not an i64 operand.
use sqlweave::table;

table! { struct Users("users") { id: i64, name: String } }

fn main() {
    let u = Users::new();
    let _ = u.id + u.name;
}
