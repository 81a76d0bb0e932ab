//! The correct spellings of the operations that `sqlweave::type_errors` shows refused
//! at compile time compile and render the SQL one expects. The refusals themselves are
//! `compile_fail` doctests in `src/build/type_errors.rs`, checked by error code with the
//! crate's other doctests (`cargo test --doc`).

use sqlweave::{Ansi, Select, TypedExpr, Value, table};

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
