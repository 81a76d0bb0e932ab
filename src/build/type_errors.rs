//! What the typed layer refuses to compile, each mistake next to its correct spelling.
//!
//! Every `compile_fail` block is a doctest that rustdoc builds and expects to fail
//! (`cargo test --doc`), so these stay true as the crate changes. Each is followed by a
//! block that compiles: the same hidden lines (imports, schema) with the mistyped operand
//! corrected, so the failure can only come from that operand. The error code in a
//! block's heading is rustc's for the mistake (rustdoc checks it on nightly toolchains
//! only).
//!
//! The schema of all examples:
//!
//! ```
//! use sqlweave::table;
//! table! { struct Users("users") { id: i64, name: String, active: bool } }
//! table! { struct Stock("stock") { qty: i32, total: i64 } }
//! ```
//!
//! # An integer column compared with text (E0277)
//!
//! `&str` is not an operand of base type `i64`:
//!
//! ```compile_fail,E0277
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq("seven");
//! ```
//!
//! ```
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq(7);
//! let _ = u.name.eq("seven");
//! ```
//!
//! # An integer column compared with a text column (E0271)
//!
//! ```compile_fail,E0271
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq(u.name);
//! ```
//!
//! Erasing the types is explicit, for code that knows better than the schema:
//!
//! ```
//! # use sqlweave::{table, Expr, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = Expr::from(u.id).eq(Expr::from(u.name));
//! ```
//!
//! # Integer widths are distinct types (E0271)
//!
//! An `i32` column does not compare with an `i64` one without a cast:
//!
//! ```compile_fail,E0271
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Stock("stock") { qty: i32, total: i64 } }
//! let s = Stock::new();
//! let _ = s.qty.eq(s.total);
//! ```
//!
//! ```
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Stock("stock") { qty: i32, total: i64 } }
//! let s = Stock::new();
//! let _ = s.qty.cast_to::<i64>().eq(s.total);
//! ```
//!
//! # Arithmetic with text (E0271, E0369)
//!
//! The right operand of `+` on an integer column must be an integer operand:
//!
//! ```compile_fail,E0271
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id + u.name;
//! ```
//!
//! and a text column has no `+` at all (concatenation is [`crate::TypedExpr::concat`]):
//!
//! ```compile_fail,E0369
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.name + 1_i64;
//! ```
//!
//! ```
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id + 1;
//! let _ = u.name.concat("!");
//! ```
//!
//! # LIKE on a number (E0277)
//!
//! LIKE is defined on text only:
//!
//! ```compile_fail,E0277
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.like("1%");
//! ```
//!
//! ```
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.name.like("A%");
//! ```
//!
//! # SUM of text (E0277)
//!
//! SUM and AVG are defined on numbers only:
//!
//! ```compile_fail,E0277
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.name.sum();
//! ```
//!
//! ```
//! # use sqlweave::{table, Typed, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _total: Typed<Option<i64>> = u.id.sum(); // NULL over no rows
//! ```
//!
//! # A number where a condition goes (E0277)
//!
//! `and` / `or` take boolean operands:
//!
//! ```compile_fail,E0277
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, active: bool } }
//! let u = Users::new();
//! let _ = u.active.eq(true).and(1.5_f64);
//! ```
//!
//! ```
//! # use sqlweave::{table, TypedExpr};
//! # table! { struct Users("users") { id: i64, active: bool } }
//! let u = Users::new();
//! let _ = u.active.eq(true).and(u.id.gt(1));
//! ```
//!
//! # Swapped values in a typed INSERT (E0277)
//!
//! Rows follow the column list's types:
//!
//! ```compile_fail,E0277
//! # use sqlweave::{table, dml::Insert};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = Insert::into(u).columns((u.id, u.name)).values(("ada", 1));
//! ```
//!
//! ```
//! # use sqlweave::{table, dml::Insert};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = Insert::into(u).columns((u.id, u.name)).values((1, "ada"));
//! ```
//!
//! # A typed parameter of the wrong type (E0277)
//!
//! ```compile_fail,E0277
//! # use sqlweave::{param, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq(param::<String>("id"));
//! ```
//!
//! ```
//! # use sqlweave::{param, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq(param::<i64>("id"));
//! ```
//!
//! # A pre-quoted name made by hand (E0451)
//!
//! The text `table!` pre-quotes for a column is written into the SQL as it is, so only
//! [`StaticName::new`](crate::StaticName::new), which checks it, can make one:
//!
//! ```compile_fail,E0451
//! use sqlweave::StaticName;
//! static N: StaticName = StaticName {
//!     schema: "", table: "t", name: "x",
//!     double_quoted: "\"t\".\"x\"; DROP TABLE t; --", backquoted: "", plain: true,
//! };
//! ```
//!
//! ```
//! use sqlweave::StaticName;
//! static N: StaticName = StaticName::new("", "t", "x", "\"t\".\"x\"", "`t`.`x`");
//! ```
