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
    assert!(e.contains("only labels appended"), "{e}");
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
fn a_changed_sequence_is_refused_not_restarted() {
    let seq =
        |start: i64| SchemaRegistry::new().sequence(CreateSequence::new("numbers").start(start));
    // Dropping and making it again would restart the numbering: refused, with the reason.
    let e = diff(&seq(1), &seq(1000), &Postgres, &DiffOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("sequence numbers") && e.contains("restart"),
        "{e}"
    );
    assert!(
        diff(&seq(5), &seq(5), &Postgres, &DiffOptions::default())
            .unwrap()
            .is_empty()
    );
}
