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

mod labels {
    use super::*;
    use sqlweave::label::label_ref;
    use sqlweave::{Window, func};

    #[test]
    fn order_by_a_label_runs_everywhere_and_beats_a_column_of_the_same_name() {
        let w = Words::new();
        // The label `id` is also a column of the table: ORDER BY id means the output column.
        let q = Select::new()
            .column(w.name)
            .column((w.id * -1).label("id"))
            .from(w)
            .order_by(label_ref("id"));
        golden!(q,
            sqlite: ok(r#"SELECT "words"."name", "words"."id" * ? AS "id" FROM "words" ORDER BY "id""#, p![-1_i64]),
            postgres: ok(r#"SELECT "words"."name", "words"."id" * $1 AS "id" FROM "words" ORDER BY "id""#, p![-1_i64]),
            mysql: ok("SELECT `words`.`name`, `words`.`id` * ? AS `id` FROM `words` ORDER BY `id`", p![-1_i64]),
        );
        let grouped = Select::new()
            .column(w.grp)
            .column(w.id.count().label("n"))
            .from(w)
            .group_by([w.grp])
            .order_by(label_ref("n").desc())
            .order_by(w.grp);
        // NULLS LAST where it is emulated (MySQL, MariaDB) would put the label inside an
        // expression, which MariaDB refuses for an aggregate's label: refused there.
        let nulls = Select::new()
            .column(w.id.count().label("n"))
            .from(w)
            .order_by(label_ref("n").desc().nulls_last());
        golden!(nulls,
            sqlite: ok(r#"SELECT COUNT("words"."id") AS "n" FROM "words" ORDER BY "n" DESC NULLS LAST"#, vec![]),
            postgres: ok(r#"SELECT COUNT("words"."id") AS "n" FROM "words" ORDER BY "n" DESC NULLS LAST"#, vec![]),
            mysql: err("NULLS FIRST / LAST on a select-list label"),
        );
        let mut s = Scratch::new();
        for conn in s.conns() {
            setup(conn);
            let got: Vec<String> = conn
                .fetch_all(&q)
                .unwrap()
                .iter()
                .map(|r| r.get(0).unwrap())
                .collect();
            assert_eq!(
                got,
                ["e", "Z", "é", "A", "a", "B", "b"],
                "{}",
                conn.dialect().name()
            );
            let got: Vec<(i64, i64)> = conn
                .fetch_all(&grouped)
                .unwrap_or_else(|e| panic!("{}: {e}", conn.dialect().name()))
                .iter()
                .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
                .collect();
            assert_eq!(got, [(1, 3), (2, 3), (3, 1)], "{}", conn.dialect().name());
        }
    }

    #[test]
    fn unknown_ambiguous_and_misplaced_labels_are_errors() {
        let w = Words::new();
        let q = Select::new()
            .column(w.id.label("a"))
            .from(w)
            .order_by(label_ref("b"));
        golden!(q, sqlite: err("names no item"), postgres: err("names no item"), mysql: err("names no item"));
        let q = Select::new()
            .column(w.id.label("a"))
            .column(w.grp.label("a"))
            .from(w)
            .order_by(label_ref("a"));
        golden!(q, sqlite: err("names 2 items"), postgres: err("names 2 items"), mysql: err("names 2 items"));
        // Inside an expression (PostgreSQL would not read it as the label) or elsewhere.
        let q = Select::new()
            .column(w.id.label("a"))
            .from(w)
            .order_by(label_ref("a").add(1));
        golden!(q, sqlite: err("whole ORDER BY item"), postgres: err("whole ORDER BY item"), mysql: err("whole ORDER BY item"));
        let q = Select::new()
            .column(w.id.label("a"))
            .from(w)
            .filter(label_ref("a").gt(1));
        golden!(q, sqlite: err("whole ORDER BY item"), postgres: err("whole ORDER BY item"), mysql: err("whole ORDER BY item"));
        let q = Select::new()
            .column(
                func::row_number()
                    .over(Window::new().order_by(label_ref("a")))
                    .label("a"),
            )
            .from(w);
        golden!(q, sqlite: err("whole ORDER BY item"), postgres: err("whole ORDER BY item"), mysql: err("whole ORDER BY item"));
    }

    #[test]
    fn a_compound_orders_by_its_first_selects_labels() {
        let w = Words::new();
        let q = Select::new()
            .column(w.name.label("word"))
            .from(w)
            .filter(w.grp.eq(1))
            .union_all(Select::new().column(w.name).from(w).filter(w.grp.eq(3)))
            .order_by(label_ref("word").desc());
        golden!(q,
            sqlite: ok(r#"SELECT "words"."name" AS "word" FROM "words" WHERE "words"."grp" = ? UNION ALL SELECT "words"."name" FROM "words" WHERE "words"."grp" = ? ORDER BY "word" DESC"#, p![1_i64, 3_i64]),
            postgres: ok(r#"SELECT "words"."name" AS "word" FROM "words" WHERE "words"."grp" = $1 UNION ALL SELECT "words"."name" FROM "words" WHERE "words"."grp" = $2 ORDER BY "word" DESC"#, p![1_i64, 3_i64]),
            mysql: ok("SELECT `words`.`name` AS `word` FROM `words` WHERE `words`.`grp` = ? UNION ALL SELECT `words`.`name` FROM `words` WHERE `words`.`grp` = ? ORDER BY `word` DESC", p![1_i64, 3_i64]),
        );
        let bad = Select::new()
            .column(w.name)
            .from(w)
            .union_all(Select::new().column(w.name.label("word")).from(w))
            .order_by(label_ref("word"));
        golden!(bad, sqlite: err("names no item"), postgres: err("names no item"), mysql: err("names no item"));
    }
}

mod windows {
    use super::*;
    use sqlweave::{FrameBound, Window, func};

    fn rows3(conn: &mut dyn Executor, q: &Select) -> Vec<(i64, i64, i64)> {
        conn.fetch_all(q)
            .unwrap_or_else(|e| panic!("{}: {e}", conn.dialect().name()))
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap()))
            .collect()
    }

    #[test]
    fn named_windows_run_everywhere() {
        let w = Words::new();
        let q = Select::new()
            .column(w.id)
            .column(func::row_number().over(Window::named("w")))
            .column(func::sum(w.id).over(
                Window::named("w").rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
            ))
            .from(w)
            .window("w", Window::new().partition_by([w.grp]).order_by(w.id))
            .order_by(w.id);
        golden!(q,
            sqlite: ok(r#"SELECT "words"."id", ROW_NUMBER() OVER "w", SUM("words"."id") OVER ("w" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM "words" WINDOW "w" AS (PARTITION BY "words"."grp" ORDER BY "words"."id") ORDER BY "words"."id""#, vec![]),
            postgres: ok(r#"SELECT "words"."id", ROW_NUMBER() OVER "w", SUM("words"."id") OVER ("w" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM "words" WINDOW "w" AS (PARTITION BY "words"."grp" ORDER BY "words"."id") ORDER BY "words"."id""#, vec![]),
            mysql: ok("SELECT `words`.`id`, ROW_NUMBER() OVER `w`, SUM(`words`.`id`) OVER (`w` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM `words` WINDOW `w` AS (PARTITION BY `words`.`grp` ORDER BY `words`.`id`) ORDER BY `words`.`id`", vec![]),
        );
        // A definition refining another, and a call adding ORDER BY to a definition
        // without one.
        let q2 = Select::new()
            .column(w.id)
            .column(func::row_number().over(Window::named("p").order_by(w.id.desc())))
            .column(func::rank().over(Window::named("po")))
            .from(w)
            .window("p", Window::new().partition_by([w.grp]))
            .window("po", Window::named("p").order_by(w.id))
            .order_by(w.id);
        let mut s = Scratch::new();
        for conn in s.conns() {
            setup(conn);
            let got = rows3(conn, &q);
            assert_eq!(
                got,
                [
                    (1, 1, 1),
                    (2, 2, 3),
                    (3, 3, 6),
                    (4, 1, 4),
                    (5, 2, 9),
                    (6, 3, 15),
                    (7, 1, 7)
                ],
                "{}",
                conn.dialect().name()
            );
            let got = rows3(conn, &q2);
            assert_eq!(
                got,
                [
                    (1, 3, 1),
                    (2, 2, 2),
                    (3, 1, 3),
                    (4, 3, 1),
                    (5, 2, 2),
                    (6, 1, 3),
                    (7, 1, 1)
                ],
                "{}",
                conn.dialect().name()
            );
        }
    }

    #[test]
    fn named_window_mistakes_are_errors() {
        let w = Words::new();
        let base = || {
            Select::new()
                .column(w.id)
                .from(w)
                .window("w", Window::new().partition_by([w.grp]).order_by(w.id))
        };
        let cases: Vec<(Select, &str)> = vec![
            (
                Select::new()
                    .column(func::row_number().over(Window::named("nope")))
                    .from(w),
                "not defined",
            ),
            (
                base().column(func::row_number().over(Window::named("w").partition_by([w.id]))),
                "cannot add PARTITION BY",
            ),
            (
                base().column(func::row_number().over(Window::named("w").order_by(w.id))),
                "cannot add ORDER BY",
            ),
            (base().window("w", Window::new()), "defined twice"),
            (
                Select::new()
                    .column(w.id)
                    .from(w)
                    .window(
                        "f",
                        Window::new()
                            .order_by(w.id)
                            .rows(FrameBound::Preceding(1), FrameBound::CurrentRow),
                    )
                    .column(func::sum(w.id).over(
                        Window::named("f").rows(FrameBound::Preceding(2), FrameBound::CurrentRow),
                    )),
                "has a frame",
            ),
            // A subquery cannot use its outer SELECT's window.
            (
                base().column(Expr::subquery(
                    Select::new()
                        .column(func::row_number().over(Window::named("w")))
                        .from(w),
                )),
                "not defined",
            ),
        ];
        for (q, needle) in cases {
            golden!(q, sqlite: err(needle), postgres: err(needle), mysql: err(needle));
        }
        // A framed definition used as it is: fine.
        let ok_q = Select::new()
            .column(func::sum(w.id).over(Window::named("f")))
            .from(w)
            .window(
                "f",
                Window::new()
                    .order_by(w.id)
                    .rows(FrameBound::Preceding(1), FrameBound::CurrentRow),
            );
        assert!(sqlweave::Statement::render_for(&ok_q, &sqlweave_postgres::Postgres).is_ok());
    }
}

mod ties {
    use super::*;

    #[test]
    fn fetch_with_ties_runs_on_postgres_and_mariadb_and_is_refused_elsewhere() {
        let w = Words::new();
        let q = Select::new()
            .column(w.id)
            .from(w)
            .order_by(w.grp)
            .limit_with_ties(2);
        golden!(q,
            sqlite: err("SQLite does not support FETCH FIRST … WITH TIES"),
            postgres: ok(r#"SELECT "words"."id" FROM "words" ORDER BY "words"."grp" FETCH FIRST $1 ROWS WITH TIES"#, p![2_i64]),
            mysql: err("MySQL does not support FETCH FIRST … WITH TIES"),
            mariadb: ok("SELECT `words`.`id` FROM `words` ORDER BY `words`.`grp` FETCH FIRST ? ROWS WITH TIES", p![2_i64]),
        );
        let with_offset = Select::new()
            .column(w.id)
            .from(w)
            .order_by(w.grp)
            .offset(1)
            .limit_with_ties(1);
        golden!(with_offset,
            sqlite: err("WITH TIES"),
            postgres: ok(r#"SELECT "words"."id" FROM "words" ORDER BY "words"."grp" OFFSET $1 ROWS FETCH FIRST $2 ROWS WITH TIES"#, p![1_i64, 1_i64]),
            mysql: err("WITH TIES"),
            mariadb: ok("SELECT `words`.`id` FROM `words` ORDER BY `words`.`grp` OFFSET ? ROWS FETCH FIRST ? ROWS WITH TIES", p![1_i64, 1_i64]),
        );
        let no_order = Select::new().column(w.id).from(w).limit_with_ties(2);
        golden!(no_order, sqlite: err("WITH TIES"), postgres: err("needs an ORDER BY"), mysql: err("WITH TIES"), mariadb: err("needs an ORDER BY"));
        let mut s = Scratch::new();
        let mut ran = 0;
        for conn in s.conns() {
            if conn.dialect().name() == "SQLite" {
                continue;
            }
            setup(conn);
            let mut got = ids(conn, &q);
            got.sort();
            // Two rows asked for; the third of group 1 ties with them.
            assert_eq!(got, [1, 2, 3], "{}", conn.dialect().name());
            let q4 = Select::new()
                .column(w.id)
                .from(w)
                .order_by(w.grp)
                .limit_with_ties(4);
            let mut got = ids(conn, &q4);
            got.sort();
            assert_eq!(got, [1, 2, 3, 4, 5, 6], "{}", conn.dialect().name());
            // Skip one row of group 1, take one: the other row of group 1 ties.
            assert_eq!(
                ids(conn, &with_offset).len(),
                2,
                "{}",
                conn.dialect().name()
            );
            ran += 1;
        }
        assert!(ran >= 1 || std::env::var("SQLWEAVE_REQUIRE_SERVERS").is_err());
    }
}

mod hostile_names {
    use super::*;
    use sqlweave::label::label_ref;
    use sqlweave::{Window, func};

    /// Window names and labels are identifiers: quoted, the quote doubled, on every
    /// database; the statement runs with them and means what it says.
    #[test]
    fn window_names_and_labels_with_quotes_run_everywhere() {
        let w = Words::new();
        let name = "w\"`); DROP TABLE words; --";
        let label = "n\"` --";
        let q = Select::new()
            .column(w.id)
            .column(func::row_number().over(Window::named(name)).label(label))
            .from(w)
            .window(
                name,
                Window::new().partition_by([w.grp]).order_by(w.id.desc()),
            )
            .order_by(label_ref(label))
            .order_by(w.id);
        golden!(q,
            sqlite: ok(r#"SELECT "words"."id", ROW_NUMBER() OVER "w""`); DROP TABLE words; --" AS "n""` --" FROM "words" WINDOW "w""`); DROP TABLE words; --" AS (PARTITION BY "words"."grp" ORDER BY "words"."id" DESC) ORDER BY "n""` --", "words"."id""#, vec![]),
            postgres: ok(r#"SELECT "words"."id", ROW_NUMBER() OVER "w""`); DROP TABLE words; --" AS "n""` --" FROM "words" WINDOW "w""`); DROP TABLE words; --" AS (PARTITION BY "words"."grp" ORDER BY "words"."id" DESC) ORDER BY "n""` --", "words"."id""#, vec![]),
            mysql: ok("SELECT `words`.`id`, ROW_NUMBER() OVER `w\"``); DROP TABLE words; --` AS `n\"`` --` FROM `words` WINDOW `w\"``); DROP TABLE words; --` AS (PARTITION BY `words`.`grp` ORDER BY `words`.`id` DESC) ORDER BY `n\"`` --`, `words`.`id`", vec![]),
        );
        let mut s = Scratch::new();
        for conn in s.conns() {
            setup(conn);
            // Row number 1 is the highest id of each group: 3, 6, 7.
            let got: Vec<i64> = conn
                .fetch_all(&q)
                .unwrap_or_else(|e| panic!("{}: {e}", conn.dialect().name()))
                .iter()
                .map(|r| r.get(0).unwrap())
                .collect();
            assert_eq!(got, [3, 6, 7, 2, 5, 1, 4], "{}", conn.dialect().name());
        }
        // NUL and empty names are errors, never SQL.
        for bad in ["", "w\0"] {
            let q = Select::new()
                .column(func::row_number().over(Window::named(bad)))
                .from(w)
                .window(bad, Window::new());
            golden!(q, sqlite: err(""), postgres: err(""), mysql: err(""));
        }
    }
}
