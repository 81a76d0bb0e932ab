//! The typed layer turns SQL type errors into Rust compile errors.
//!
//! `compile_fail` builds every program in `tests/compile_fail/` with trybuild and checks
//! that each is rejected with the error recorded next to it (`*.stderr`). After an
//! intended change of the messages (or a new Rust release), regenerate them with
//! `TRYBUILD=overwrite cargo test --all-features --test compile_fail` and read the diff:
//! each must still fail on the mistyped operand, not on something incidental.
//!
//! The cases in `tests/compile_fail/all_features/` have messages that list trait
//! implementors, which the optional value-type features change (`decimal` adds
//! `Decimal` to the numeric types); they are recorded with `--all-features`, the
//! configuration of the README's test command and of `.ci/run`, and checked only there.
//!
//! `valid_forms_compile_and_render` is the other half: the correct spellings of the same
//! operations compile and render the SQL one expects.

use sqlweave::{Ansi, Select, TypedExpr, Value, table};

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
    if cfg!(all(
        feature = "chrono",
        feature = "uuid",
        feature = "json",
        feature = "decimal"
    )) {
        t.compile_fail("tests/compile_fail/all_features/*.rs");
    } else {
        eprintln!(
            "skipped: tests/compile_fail/all_features/ (its messages are recorded with --all-features)"
        );
    }
}

table! {
    struct Users("users") {
        id: i64,
        name: String,
        email: Option<String>,
        karma: i32,
        active: bool,
    }
}

fn where_clause(cond: impl Into<sqlweave::Expr>) -> (String, Vec<Value>) {
    let u = Users::new();
    let r = Select::new()
        .column(u.id)
        .from(u)
        .filter(cond)
        .render(&Ansi)
        .expect("renders");
    let sql = r
        .sql
        .strip_prefix(r#"SELECT "users"."id" FROM "users" WHERE "#)
        .expect("a WHERE clause")
        .to_string();
    (sql, r.params)
}

#[test]
fn valid_forms_compile_and_render() {
    let u = Users::new();

    // An i64 column with an integer literal (any integer literal infers as i64 here).
    assert_eq!(
        where_clause(u.id.eq(5)),
        (r#""users"."id" = ?"#.into(), vec![Value::I64(5)])
    );
    // A nullable text column with a &str, and with a typed None (IS NULL, never = NULL).
    assert_eq!(
        where_clause(u.email.eq("x")),
        (r#""users"."email" = ?"#.into(), vec![Value::from("x")])
    );
    assert_eq!(
        where_clause(u.email.eq(None::<&str>)),
        (r#""users"."email" IS NULL"#.into(), vec![])
    );
    // Nullable and non-nullable columns of one base type compare with each other.
    assert_eq!(
        where_clause(u.name.eq(u.email)),
        (r#""users"."name" = "users"."email""#.into(), vec![])
    );
    // LIKE on a text column.
    assert_eq!(
        where_clause(u.name.like("A%")),
        (r#""users"."name" LIKE ?"#.into(), vec![Value::from("A%")])
    );
    // Arithmetic on integers of the same width, and a boolean condition with AND.
    assert_eq!(
        where_clause((u.karma + 1).gt(10).and(u.active.eq(true))),
        (
            r#""users"."karma" + ? > ? AND "users"."active" = ?"#.into(),
            vec![Value::I32(1), Value::I32(10), Value::Bool(true)]
        )
    );

    // SUM of an i64 column is typed Option<i64>: NULL over no rows.
    let total: sqlweave::Typed<Option<i64>> = u.id.sum();
    let r = Select::new()
        .column(total.label("total"))
        .from(u)
        .render(&Ansi)
        .unwrap();
    assert_eq!(r.sql, r#"SELECT SUM("users"."id") AS "total" FROM "users""#);
}
