//! Column names declared with `table!` are checked and quoted when the program is
//! compiled and written in one copy. These tests hold the rendered text to what the
//! name-by-name path writes in every case where the pre-quoted text must not be used:
//! aliases, changed public fields, names needing their quotes doubled, SQLite's
//! RETURNING requalification, and dialects that did not opt in.

use sqlweave::dml::{Insert, Update};
use sqlweave::expr::ColumnRef;
use sqlweave::{Ansi, Dialect, Error, Expr, Feature, Ident, Select, TypedExpr, table};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

table! { struct Users("users") { id: i64, name: String } }
table! { struct Audit("ops", "audit") { id: i64, note: String = "the \"note\"" } }

fn sql(q: &Select, d: &dyn Dialect) -> String {
    q.render(d).expect("renders").sql
}

#[test]
fn declared_columns_render_as_the_name_by_name_path_would() {
    let u = Users::new();
    let q = Select::new()
        .cols((u.id, u.name))
        .from(u)
        .filter(u.id.eq(1));
    assert_eq!(
        sql(&q, &Postgres),
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = $1"#
    );
    // MySQL 8 form (golden only; MariaDB quotes the same way).
    assert_eq!(
        sql(&q, &MySql::mysql8()),
        "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`id` = ?"
    );
    assert_eq!(
        sql(&q, &Sqlite),
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ?"#
    );
}

#[test]
fn aliases_and_schemas_take_their_own_qualifier() {
    let (u, v) = (Users::new(), Users::new().alias("v"));
    let q = Select::new()
        .cols((u.id, v.name))
        .from(u)
        .join(v, v.id.eq(u.id));
    assert_eq!(
        sql(&q, &Postgres),
        r#"SELECT "users"."id", "v"."name" FROM "users" INNER JOIN "users" AS "v" ON "v"."id" = "users"."id""#
    );
    let a = Audit::new();
    let q = Select::new().cols((a.id, a.note)).from(a);
    // The declared name holds a quote: it is doubled, never copied as declared.
    assert_eq!(
        sql(&q, &Postgres),
        r#"SELECT "ops"."audit"."id", "ops"."audit"."the ""note""" FROM "ops"."audit""#
    );
    assert_eq!(
        sql(&q, &MySql::mysql8()),
        r#"SELECT `ops`.`audit`.`id`, `ops`.`audit`.`the "note"` FROM `ops`.`audit`"#
    );
}

#[test]
fn changed_public_fields_are_honoured() {
    let mut u = Users::new();
    u.id.table.name = "people";
    u.name.name = "full name";
    let q = Select::new().cols((u.id, u.name));
    assert_eq!(
        sql(&q, &Postgres),
        r#"SELECT "people"."id", "users"."full name""#
    );
    // A column reference whose qualifier was replaced after conversion.
    let mut e = Expr::from(Users::new().id);
    if let Expr::Column(ColumnRef { table, schema, .. }) = &mut e {
        *table = Some(Ident::from("t2"));
        *schema = Some(Ident::from("s"));
    }
    let q = Select::new().column(e.clone());
    assert_eq!(sql(&q, &Postgres), r#"SELECT "s"."t2"."id""#);
    if let Expr::Column(ColumnRef { table, schema, .. }) = &mut e {
        *table = None;
        *schema = None;
    }
    let q = Select::new().column(e.clone());
    assert_eq!(sql(&q, &Postgres), r#"SELECT "id""#);
    // An empty qualifier is refused as it always was, not skipped.
    if let Expr::Column(ColumnRef { table, .. }) = &mut e {
        *table = Some(Ident::from(""));
    }
    let q = Select::new().column(e);
    assert!(matches!(
        q.render(&Postgres),
        Err(Error::InvalidIdentifier { .. })
    ));
}

#[test]
fn unqualified_uses_write_the_bare_name() {
    let u = Users::new();
    let up = Update::table(u).set(u.name, "x").filter(u.id.eq(3));
    assert_eq!(
        up.render(&Postgres).unwrap().sql,
        r#"UPDATE "users" SET "name" = $1 WHERE "users"."id" = $2"#
    );
    let ins = Insert::into(u)
        .columns((u.id, u.name))
        .values((1_i64, "a"))
        .returning([u.id])
        .into_insert();
    assert_eq!(
        ins.render(&MySql::mariadb()).unwrap().sql,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?) RETURNING `users`.`id`"
    );
    // SQLite cannot qualify RETURNING by the target's alias: the column is requalified
    // by the table's name, which the declared text must not bypass.
    let a = Users::new().alias("a");
    let ins = Insert::into(a)
        .columns((a.id, a.name))
        .values((1_i64, "a"))
        .returning([a.id])
        .into_insert();
    let pg = ins.render(&Postgres).unwrap().sql;
    let lite = ins.render(&Sqlite).unwrap().sql;
    assert!(pg.ends_with(r#"RETURNING "a"."id""#), "{pg}");
    assert!(lite.ends_with(r#"RETURNING "users"."id""#), "{lite}");
}

/// A dialect with a stricter identifier rule that did not opt in to unchecked names.
struct NoIds;

impl Dialect for NoIds {
    fn name(&self) -> &'static str {
        "no-ids"
    }
    fn supports(&self, _: Feature) -> bool {
        true
    }
    fn check_identifier(&self, ident: &str) -> sqlweave::Result<()> {
        if ident == "id" {
            return Err(Error::InvalidIdentifier {
                name: ident.into(),
                reason: "reserved here",
            });
        }
        Ok(())
    }
}

#[test]
fn a_dialect_that_did_not_opt_in_checks_every_declared_name() {
    assert!(!NoIds.accepts_plain_identifiers());
    assert!(Ansi.accepts_plain_identifiers());
    let u = Users::new();
    let q = Select::new().cols((u.name,)).from(u);
    assert_eq!(sql(&q, &NoIds), r#"SELECT "users"."name" FROM "users""#);
    let q = Select::new().cols((u.id,)).from(u);
    assert!(matches!(
        q.render(&NoIds),
        Err(Error::InvalidIdentifier { .. })
    ));
    let up = Update::table(u).set(u.id, 1_i64);
    assert!(up.render(&NoIds).is_err());
}
