//! The diff as a pure function: what it finds, in which order, and that applying its
//! operations to the first schema gives the second (and their reverses the first back).

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, CreateSequence, EnumType, ForeignKey, IndexDef,
    SchemaRegistry, TableDef,
};
use sqlweave::{Dialect, Expr};
use sqlweave_migrate::{DiffOptions, MigrationOp, diff, normalize, render_ops};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::Sqlite;

fn dialects() -> [&'static dyn Dialect; 3] {
    static MARIA: std::sync::OnceLock<MySql> = std::sync::OnceLock::new();
    [&Sqlite, &Postgres, MARIA.get_or_init(MySql::mariadb)]
}

fn users() -> TableDef {
    TableDef::new("users")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("email", ColumnType::Varchar(200)).not_null())
}

fn orders() -> TableDef {
    TableDef::new("orders")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(
            ColumnDef::new("user_id", ColumnType::BigInt)
                .not_null()
                .references("users", "id"),
        )
        .column(ColumnDef::new("total", ColumnType::Numeric(Some((10, 2)))))
}

fn before() -> SchemaRegistry {
    SchemaRegistry::new().table(users())
}

fn after() -> SchemaRegistry {
    SchemaRegistry::new()
        .table(orders())
        .table(
            users()
                .column(ColumnDef::new("age", ColumnType::Integer))
                .index(IndexDef::new("users_email").unique().column("email"))
                .constraint(Constraint::check(Expr::column("age").ge(0)).named("age_positive")),
        )
        .sequence(CreateSequence::new("invoice_numbers").start(1000))
}

fn applied(mut s: SchemaRegistry, ops: &[MigrationOp]) -> SchemaRegistry {
    for op in ops {
        op.apply(&mut s).unwrap();
    }
    s
}

fn same(a: &SchemaRegistry, b: &SchemaRegistry, d: &dyn Dialect) -> bool {
    let mut a = normalize(a, d).unwrap();
    let mut b = normalize(b, d).unwrap();
    for s in [&mut a, &mut b] {
        s.tables.sort_by(|x, y| x.name.cmp(&y.name));
        for t in &mut s.tables {
            t.columns.sort_by(|x, y| x.name.cmp(&y.name));
        }
    }
    a == b
}

#[test]
fn finds_every_change_in_dependency_order() {
    let opts = DiffOptions::default();
    let ops = diff(&before(), &after(), &Postgres, &opts).unwrap();
    let described: Vec<String> = ops.iter().map(|o| o.describe()).collect();
    assert_eq!(
        described,
        [
            "create sequence invoice_numbers",
            "create table orders",
            "add column users.age",
            "add check constraint age_positive on users",
            "add index users_email on users",
        ]
    );
    // Tables are created in foreign-key order even when declared the other way round.
    let both_new = diff(&SchemaRegistry::new(), &after(), &Sqlite, &opts).unwrap();
    let tables: Vec<String> = both_new
        .iter()
        .filter(|o| matches!(o, MigrationOp::CreateTable(_)))
        .map(|o| o.describe())
        .collect();
    assert_eq!(tables, ["create table users", "create table orders"]);
    // And dropped in reverse.
    let gone = diff(&after(), &SchemaRegistry::new(), &Sqlite, &opts).unwrap();
    let tables: Vec<String> = gone
        .iter()
        .filter(|o| matches!(o, MigrationOp::DropTable(_)))
        .map(|o| o.describe())
        .collect();
    assert_eq!(tables, ["drop table orders", "drop table users"]);
}

#[test]
fn applying_the_diff_gives_the_declaration_and_the_reverse_gives_it_back() {
    let opts = DiffOptions::default();
    for d in dialects() {
        let ops = diff(&before(), &after(), d, &opts).unwrap();
        let up = applied(before(), &ops);
        assert!(same(&up, &after(), d), "{}", d.name());
        assert!(
            diff(&up, &after(), d, &opts).unwrap().is_empty(),
            "{}",
            d.name()
        );
        let reverse: Vec<MigrationOp> = ops.iter().rev().map(|o| o.reverse().unwrap()).collect();
        let down = applied(up, &reverse);
        assert!(same(&down, &before(), d), "{}", d.name());
        for op in &ops {
            assert_eq!(op.reverse().unwrap().reverse().unwrap(), *op);
        }
    }
}

#[test]
fn what_each_database_stores_alike_is_no_change() {
    let opts = DiffOptions::default();
    let a = SchemaRegistry::new().table(
        TableDef::new("t")
            .column(ColumnDef::new("n", ColumnType::BigInt).primary_key())
            .column(ColumnDef::new("s", ColumnType::Varchar(10)).default(0i32)),
    );
    let b = SchemaRegistry::new().table(
        TableDef::new("t")
            .column(ColumnDef::new("n", ColumnType::Integer))
            .column(ColumnDef::new("s", ColumnType::Text).default(0i64))
            .primary_key("n"),
    );
    // SQLite stores INTEGER and TEXT for both.
    assert!(diff(&a, &b, &Sqlite, &opts).unwrap().is_empty());
    // PostgreSQL does not: BIGINT vs INTEGER, VARCHAR(10) vs TEXT.
    let pg = diff(&a, &b, &Postgres, &opts).unwrap();
    assert_eq!(pg.len(), 2, "{pg:?}");
}

#[test]
fn renames_only_from_hints() {
    let a = SchemaRegistry::new().table(users());
    let mut renamed = users();
    renamed.columns[1].name = "mail".into();
    let b = SchemaRegistry::new().table(renamed);
    let guessed = diff(&a, &b, &Postgres, &DiffOptions::default()).unwrap();
    let described: Vec<String> = guessed.iter().map(|o| o.describe()).collect();
    assert_eq!(
        described,
        ["add column users.mail", "drop column users.email"]
    );
    let hinted = diff(
        &a,
        &b,
        &Postgres,
        &DiffOptions::default().rename_column("users", "email", "mail"),
    )
    .unwrap();
    assert_eq!(
        hinted,
        [MigrationOp::RenameColumn {
            table: "users".into(),
            from: "email".into(),
            to: "mail".into()
        }]
    );
    assert_eq!(
        render_ops(&hinted, &Sqlite, &a).unwrap(),
        [r#"ALTER TABLE "users" RENAME COLUMN "email" TO "mail""#]
    );
    // A table rename.
    let mut people = users();
    people.name = "people".into();
    let c = SchemaRegistry::new().table(people);
    let ops = diff(
        &a,
        &c,
        &Postgres,
        &DiffOptions::default().rename_table("users", "people"),
    )
    .unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].describe(), "rename table users to people");
}

#[test]
fn enum_labels_appended_on_postgresql() {
    let mood = |labels: &[&str]| {
        SchemaRegistry::new().table(TableDef::new("t").column(ColumnDef::new(
            "m",
            ColumnType::Enum(EnumType::new("mood", labels.iter().copied())),
        )))
    };
    let ops = diff(
        &mood(&["sad", "ok"]),
        &mood(&["sad", "ok", "happy"]),
        &Postgres,
        &DiffOptions::default(),
    )
    .unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].describe(), "add value \"happy\" to enum mood");
    assert!(ops[0].reverse().is_err(), "PostgreSQL cannot drop a label");
    // Reordering is refused with a reason.
    let e = diff(
        &mood(&["sad", "ok"]),
        &mood(&["ok", "sad"]),
        &Postgres,
        &DiffOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("cannot remove or reorder") && e.contains("create a new type"),
        "{e}"
    );
    // Removing a label: refused the same way.
    let e = diff(
        &mood(&["sad", "ok"]),
        &mood(&["sad"]),
        &Postgres,
        &DiffOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("cannot remove or reorder"), "{e}");
    // Inline enums (MariaDB) change the column's type.
    let maria = MySql::mariadb();
    let ops = diff(
        &mood(&["sad", "ok"]),
        &mood(&["sad", "ok", "happy"]),
        &maria,
        &DiffOptions::default(),
    )
    .unwrap();
    assert!(
        matches!(ops[..], [MigrationOp::AlterColumn { .. }]),
        "{ops:?}"
    );
}

#[test]
fn operations_render_for_each_database() {
    let ops = diff(&before(), &after(), &Postgres, &DiffOptions::default()).unwrap();
    // SQLite has no sequences: a refusal that names the operation, nothing half-made.
    let e = render_ops(&ops, &Sqlite, &before())
        .unwrap_err()
        .to_string();
    assert!(e.contains("create sequence invoice_numbers"), "{e}");
    let pg = render_ops(&ops, &Postgres, &before()).unwrap();
    assert_eq!(
        pg[3],
        r#"ALTER TABLE "users" ADD CONSTRAINT "age_positive" CHECK ("age" >= 0)"#
    );
    let maria = render_ops(&ops, &MySql::mariadb(), &before()).unwrap();
    assert!(
        maria.contains(&"CREATE UNIQUE INDEX `users_email` ON `users` (`email`)".to_string()),
        "{maria:?}"
    );
    // Dropping an unnamed constraint needs its name where the database drops by name.
    let drop = MigrationOp::DropConstraint {
        table: "orders".into(),
        constraint: Constraint::foreign_key(ForeignKey::new("user_id", "users", "id")),
    };
    let e = render_ops(&[drop], &Postgres, &after())
        .unwrap_err()
        .to_string();
    assert!(e.contains("unnamed constraint"), "{e}");
}

#[test]
fn labels_added_in_the_middle_get_their_position() {
    use sqlweave::ddl::LabelPosition;
    let mood = |labels: &[&str]| {
        SchemaRegistry::new().table(TableDef::new("t").column(ColumnDef::new(
            "m",
            ColumnType::Enum(EnumType::new("mood", labels.iter().copied())),
        )))
    };
    let from = mood(&["sad", "happy"]);
    let to = mood(&["awful", "bad", "sad", "ok", "happy", "great"]);
    let ops = diff(&from, &to, &Postgres, &DiffOptions::default()).unwrap();
    let positions: Vec<(String, Option<LabelPosition>)> = ops
        .iter()
        .map(|o| match o {
            MigrationOp::AddEnumValue {
                value, position, ..
            } => (value.clone(), position.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        positions,
        [
            ("awful".into(), Some(LabelPosition::Before("sad".into()))),
            ("bad".into(), Some(LabelPosition::After("awful".into()))),
            ("ok".into(), Some(LabelPosition::After("sad".into()))),
            ("great".into(), None),
        ]
    );
    // Applied in order, they give the declared order.
    let after = applied(from.clone(), &ops);
    match &after.tables[0].columns[0].ty {
        ColumnType::Enum(e) => {
            assert_eq!(e.labels, ["awful", "bad", "sad", "ok", "happy", "great"])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        render_ops(&ops, &Postgres, &from).unwrap(),
        [
            r#"ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'awful' BEFORE 'sad'"#,
            r#"ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'bad' AFTER 'awful'"#,
            r#"ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad'"#,
            r#"ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'great'"#,
        ]
    );
    // They come first, before any other operation (the runner commits them first).
    let mut to2 = to.clone();
    to2.tables[0] = to2.tables[0]
        .clone()
        .column(ColumnDef::new("n", ColumnType::Integer));
    let ops = diff(&from, &to2, &Postgres, &DiffOptions::default()).unwrap();
    assert!(
        matches!(ops[0], MigrationOp::AddEnumValue { .. }),
        "{ops:?}"
    );
    assert!(
        matches!(ops.last(), Some(MigrationOp::AddColumn { .. })),
        "{ops:?}"
    );
    // On MariaDB the same change is one MODIFY COLUMN with the labels in order.
    let maria = MySql::mariadb();
    let ops = diff(&from, &to, &maria, &DiffOptions::default()).unwrap();
    assert_eq!(
        render_ops(&ops, &maria, &from).unwrap(),
        ["ALTER TABLE `t` MODIFY COLUMN `m` ENUM('awful', 'bad', 'sad', 'ok', 'happy', 'great')"]
    );
}

#[test]
fn a_changed_sequence_is_altered_not_restarted() {
    let seq = |s: CreateSequence| SchemaRegistry::new().sequence(s);
    let from = seq(CreateSequence::new("numbers").start(5));
    let to = seq(CreateSequence::new("numbers")
        .start(5)
        .increment(10)
        .max_value(1_000_000)
        .cache(20)
        .cycle());
    let ops = diff(&from, &to, &Postgres, &DiffOptions::default()).unwrap();
    assert!(
        matches!(ops[..], [MigrationOp::AlterSequence { .. }]),
        "{ops:?}"
    );
    assert_eq!(ops[0].describe(), "alter sequence numbers");
    assert_eq!(
        render_ops(&ops, &Postgres, &from).unwrap(),
        [r#"ALTER SEQUENCE "numbers" INCREMENT BY 10 MAXVALUE 1000000 CACHE 20 CYCLE"#]
    );
    let maria = MySql::mariadb();
    assert_eq!(
        render_ops(&ops, &maria, &from).unwrap(),
        ["ALTER SEQUENCE `numbers` INCREMENT BY 10 MAXVALUE 1000000 CACHE 20 CYCLE"]
    );
    // The reverse puts the database's defaults back, named.
    let back = ops[0].reverse().unwrap();
    assert_eq!(
        render_ops(&[back], &Postgres, &applied(from.clone(), &ops)).unwrap(),
        [
            r#"ALTER SEQUENCE "numbers" INCREMENT BY 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE"#
        ]
    );
    // No sequences on MySQL 8 and SQLite: refused, naming the operation.
    for d in [&MySql::mysql8() as &dyn Dialect, &Sqlite] {
        let e = render_ops(&ops, d, &from).unwrap_err().to_string();
        assert!(e.contains("alter sequence numbers"), "{e}");
    }
    assert!(
        diff(&from, &from, &Postgres, &DiffOptions::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn identity_generated_and_comment_changes_are_seen() {
    use sqlweave::ddl::{Generated, GeneratedKind};
    let t = |auto: bool, expr: Expr, comment: Option<&str>, col_comment: Option<&str>| {
        let mut id = ColumnDef::new("id", ColumnType::BigInt).primary_key();
        if auto {
            id = id.auto_increment();
        }
        let mut g = ColumnDef::new("double_qty", ColumnType::BigInt);
        g.generated = Some(Generated {
            expr,
            kind: GeneratedKind::Stored,
        });
        let mut qty = ColumnDef::new("qty", ColumnType::BigInt);
        qty.comment = col_comment.map(str::to_string);
        let mut t = TableDef::new("items").column(id).column(qty).column(g);
        t.comment = comment.map(str::to_string);
        SchemaRegistry::new().table(t)
    };
    let two = Expr::column("qty").mul(2);
    let three = Expr::column("qty").mul(3);
    let from = t(false, two.clone(), None, None);
    let to = t(true, three, Some("stock"), Some("how many"));
    let ops = diff(&from, &to, &Postgres, &DiffOptions::default()).unwrap();
    let described: Vec<String> = ops.iter().map(|o| o.describe()).collect();
    assert_eq!(
        described,
        [
            "set comment on table items",
            "alter column items.id (identity added)",
            "alter column items.qty (comment)",
            "alter column items.double_qty (generated expression)",
        ]
    );
    // Comments are not kept on SQLite: only the identity and the expression differ.
    let ops = diff(&from, &to, &Sqlite, &DiffOptions::default()).unwrap();
    assert_eq!(ops.len(), 2, "{ops:?}");
    // A stored column made generated would lose its values: refused everywhere.
    let plain = {
        let mut s = from.clone();
        s.tables[0].columns[2].generated = None;
        s
    };
    for d in dialects() {
        let ops = diff(&plain, &from, d, &DiffOptions::default()).unwrap();
        let e = render_ops(&ops, d, &plain).unwrap_err().to_string();
        assert!(
            e.contains("DropColumn and an AddColumn"),
            "{}: {e}",
            d.name()
        );
    }
}
