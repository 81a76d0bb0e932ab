//! Smaller pieces of SELECT: COLLATE, ORDER BY a select-list label, named windows,
//! FETCH FIRST … WITH TIES. Golden SQL per dialect (MySQL 8 as golden text only: there
//! is no MySQL 8 server here) and the same rows on SQLite, PostgreSQL and MariaDB.

mod common;

use common::scratch::Scratch;
use common::{err, ok};
use sqlweave::collate::{Collate, Collation};
use sqlweave::{Executor, Expr, Select, TypedExpr, table};

table! { pub struct Words("words") { id: i64, name: String, grp: i64 } }

fn setup(conn: &mut dyn Executor) {
    // MariaDB: the scratch database's default collation (utf8mb4, case-insensitive).
    conn.execute_raw_batch(
        "CREATE TABLE words (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, grp INTEGER NOT NULL);
         INSERT INTO words (id, name, grp) VALUES (1, 'b', 1), (2, 'B', 1), (3, 'a', 1), (4, 'A', 2), (5, 'é', 2), (6, 'Z', 2), (7, 'e', 3)",
    )
    .unwrap();
}

fn ids(conn: &mut dyn Executor, q: &Select) -> Vec<i64> {
    conn.fetch_all(q)
        .unwrap_or_else(|e| panic!("{}: {e}", conn.dialect().name()))
        .iter()
        .map(|r| r.get(0).unwrap())
        .collect()
}

#[test]
fn binary_collation_sorts_and_compares_the_same_everywhere() {
    let w = Words::new();
    let sorted = Select::new()
        .column(w.id)
        .from(w)
        .order_by(w.name.collate(Collation::binary()))
        .order_by(w.id);
    let equal = Select::new()
        .column(w.id)
        .from(w)
        .filter(w.name.collate(Collation::binary()).eq("a"));
    let mut s = Scratch::new();
    for conn in s.conns() {
        setup(conn);
        // Code-point order: A B Z a b e é.
        assert_eq!(
            ids(conn, &sorted),
            vec![4, 2, 6, 3, 1, 7, 5],
            "{}",
            conn.dialect().name()
        );
        // Case-sensitive even where the column's own collation is not (MariaDB here).
        assert_eq!(ids(conn, &equal), vec![3], "{}", conn.dialect().name());
    }
    golden!(equal,
        sqlite: ok(r#"SELECT "words"."id" FROM "words" WHERE "words"."name" COLLATE "BINARY" = ?"#, p!["a"]),
        postgres: ok(r#"SELECT "words"."id" FROM "words" WHERE "words"."name" COLLATE "C" = $1"#, p!["a"]),
        mysql: ok("SELECT `words`.`id` FROM `words` WHERE `words`.`name` COLLATE `utf8mb4_bin` = ?", p!["a"]),
    );
}

#[test]
fn collation_per_dialect_and_its_refusals() {
    let w = Words::new();
    let nocase = Collation::none()
        .sqlite("NOCASE")
        .mysql("utf8mb4_general_ci");
    let q = Select::new()
        .column(w.id)
        .from(w)
        .filter(w.name.collate(nocase.clone()).eq("A"))
        .order_by(w.id);
    golden!(q,
        sqlite: ok(r#"SELECT "words"."id" FROM "words" WHERE "words"."name" COLLATE "NOCASE" = ? ORDER BY "words"."id""#, p!["A"]),
        postgres: err("PostgreSQL does not support this collation"),
        mysql: ok("SELECT `words`.`id` FROM `words` WHERE `words`.`name` COLLATE `utf8mb4_general_ci` = ? ORDER BY `words`.`id`", p!["A"]),
    );
    let mut s = Scratch::new();
    let sqlite = s.sqlite();
    setup(sqlite);
    assert_eq!(ids(sqlite, &q), vec![3, 4]);
    if let Some(my) = s.mysql() {
        setup(my);
        assert_eq!(ids(my, &q), vec![3, 4]);
    }
    // An operand that is not an atom is parenthesized; COLLATE on a dynamic Expr.
    let q = Select::new().column(w.id).from(w).order_by(
        Expr::from(w.name)
            .concat("x")
            .collate(Collation::binary())
            .desc(),
    );
    golden!(q,
        sqlite: ok(r#"SELECT "words"."id" FROM "words" ORDER BY ("words"."name" || ?) COLLATE "BINARY" DESC"#, p!["x"]),
        postgres: ok(r#"SELECT "words"."id" FROM "words" ORDER BY ("words"."name" || $1) COLLATE "C" DESC"#, p!["x"]),
        mysql: ok("SELECT `words`.`id` FROM `words` ORDER BY (CONCAT(`words`.`name`, ?)) COLLATE `utf8mb4_bin` DESC", p!["x"]),
    );
}

#[test]
fn hostile_collation_names_are_refused() {
    let w = Words::new();
    for name in [
        "",
        "C\"; DROP TABLE words; --",
        "utf8mb4_bin` --",
        "a b",
        "NOCASE\0",
        "x'y",
        "a/*b*/",
        "é",
        &"a".repeat(64),
    ] {
        let q = Select::new()
            .column(w.id)
            .from(w)
            .order_by(w.name.collate(Collation::named(name)));
        golden!(q,
            sqlite: err("is not a collation name"),
            postgres: err("is not a collation name"),
            mysql: err("is not a collation name"),
        );
    }
    // PostgreSQL's ICU names pass there only.
    let q = Select::new()
        .column(w.id)
        .from(w)
        .order_by(w.name.collate(Collation::named("en-US-x-icu")));
    golden!(q,
        sqlite: err("is not a collation name"),
        postgres: ok(r#"SELECT "words"."id" FROM "words" ORDER BY "words"."name" COLLATE "en-US-x-icu""#, vec![]),
        mysql: err("is not a collation name"),
    );
}
