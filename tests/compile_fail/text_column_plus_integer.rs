// Arithmetic on a text column: `Column<String>` has no `+`, whatever the right side.
use sqlweave::table;

table! { struct Users("users") { id: i64, name: String } }

fn main() {
    let u = Users::new();
    let _ = u.name + 1_i64;
}
