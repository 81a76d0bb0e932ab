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
//! # A wider value assigned to a narrower column (E0271)
//!
//! Numbers of different widths combine in expressions the way SQL combines them (see
//! [`Promote`](crate::Promote)): `qty = total` compares an `i32` with an `i64`. An
//! assignment must fit the column, though, so an `i64` expression does not go into an
//! `i32` column without a cast:
//!
//! ```compile_fail,E0271
//! # use sqlweave::{table, TypedExpr, dml::Update};
//! # table! { struct Stock("stock") { qty: i32, total: i64 } }
//! let s = Stock::new();
//! let _ = Update::table(s).set(s.qty, s.total);
//! ```
//!
//! ```
//! # use sqlweave::{table, TypedExpr, dml::Update};
//! # table! { struct Stock("stock") { qty: i32, total: i64 } }
//! let s = Stock::new();
//! let _ = s.qty.eq(s.total); // compared as the wider type
//! let _ = Update::table(s).set(s.qty, s.total.cast_to::<i32>());
//! let _ = Update::table(s).set(s.total, s.qty); // widening is fine
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
//! # A quotient by a column taken as never NULL (E0308)
//!
//! A column or expression may be zero when the query runs, and dividing by zero gives
//! NULL on every database: the quotient (and the remainder) by one is an `Option` (see
//! [`Divisor`](crate::Divisor)), even of two NOT NULL columns:
//!
//! ```compile_fail,E0308
//! # use sqlweave::{table, Typed};
//! # table! { struct Stock("stock") { qty: i32, total: i64 } }
//! let s = Stock::new();
//! let _: Typed<i64> = s.total / s.qty;
//! ```
//!
//! A Rust divisor is known when the query is built: the quotient keeps the dividend's
//! type, and a zero one is refused when the statement is rendered.
//!
//! ```
//! # use sqlweave::{table, Typed};
//! # table! { struct Stock("stock") { qty: i32, total: i64 } }
//! let s = Stock::new();
//! let _: Typed<Option<i64>> = s.total / s.qty;
//! let _: Typed<Option<i64>> = s.total % s.qty;
//! let _: Typed<i64> = s.total / 2;
//! let _: Typed<i64> = s.total % 7;
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
//!
//! # CASE branches of different types (E0277)
//!
//! Every THEN and the ELSE must agree with the first branch's type:
//!
//! ```compile_fail,E0277
//! # use sqlweave::{case_when, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = case_when(u.id.gt(10), u.name).otherwise(0);
//! ```
//!
//! ```
//! # use sqlweave::{case_when, table, Typed, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _: Typed<String> = case_when(u.id.gt(10), u.name).otherwise("small");
//! let _: Typed<Option<i64>> = case_when(u.id.gt(10), u.id).end(); // no ELSE: nullable
//! ```
//!
//! # IN a subquery of another type (E0277)
//!
//! ```compile_fail,E0277
//! # use sqlweave::{select, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.in_subquery(select(u.name).from(u));
//! ```
//!
//! ```
//! # use sqlweave::{select, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.in_subquery(select(u.id).from(u));
//! ```
//!
//! # A scalar subquery compared with another type (E0277)
//!
//! ```compile_fail,E0277
//! # use sqlweave::{select, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq(select(u.name.max()).from(u).scalar());
//! ```
//!
//! ```
//! # use sqlweave::{select, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.id.eq(select(u.id.max()).from(u).scalar());
//! ```
//!
//! # Rows read as another type (E0308)
//!
//! The row type follows from the select list: reading `(i64, String)` rows as
//! `(i64, i64)` does not compile.
//!
//! ```compile_fail,E0308
//! # use sqlweave::{select, table, TypedQuery};
//! # table! { struct Users("users") { id: i64, name: String } }
//! # fn f(db: &mut dyn sqlweave::Executor) -> sqlweave::Result<()> {
//! let u = Users::new();
//! let rows: Vec<(i64, i64)> = select((u.id, u.name)).from(u).fetch_all(db)?;
//! # Ok(()) }
//! ```
//!
//! ```
//! # use sqlweave::{select, table, TypedQuery};
//! # table! { struct Users("users") { id: i64, name: String } }
//! # fn f(db: &mut dyn sqlweave::Executor) -> sqlweave::Result<()> {
//! let u = Users::new();
//! let rows: Vec<(i64, String)> = select((u.id, u.name)).from(u).fetch_all(db)?;
//! # Ok(()) }
//! ```
//!
//! # UNION of different row types (E0308)
//!
//! ```compile_fail,E0308
//! # use sqlweave::{select, table};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = select(u.id).from(u).union(select(u.name).from(u));
//! ```
//!
//! ```
//! # use sqlweave::{select, table};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = select(u.id).from(u).union(select(u.id).from(u));
//! ```
//!
//! # A derived table's column compared with another type (E0277)
//!
//! ```compile_fail,E0277
//! # use sqlweave::{select, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let t = select((u.id, u.name)).from(u).derived("t").unwrap();
//! let (id, name) = t.columns();
//! let _ = id.eq(name);
//! ```
//!
//! ```
//! # use sqlweave::{select, table, TypedExpr};
//! # table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let t = select((u.id, u.name)).from(u).derived("t").unwrap();
//! let (id, name) = t.columns();
//! let _ = id.eq(1).and(name.eq("ada"));
//! ```
