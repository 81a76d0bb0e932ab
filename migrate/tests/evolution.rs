//! Schema changes beyond columns, end to end on each database where they apply: enum
//! labels (added anywhere), sequence options, identity / auto-increment, a generated
//! column's expression, table and column comments. Each case declares a schema, creates
//! it, puts rows in, changes the declaration, diffs it against the reflected database,
//! writes the migration, runs it with the runner, reflects again, and checks that
//! nothing is left to diff and the rows are kept.

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, CreateSequence, EnumType, Generated, GeneratedKind,
    IndexDef, SchemaRegistry, TableDef,
};
use sqlweave::{Dialect, Executor, Expr};
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{
    DiffOptions, MigrationOp, ReflectOptions, Runner, Target, diff, reflect, revision,
};

fn reflected(conn: &mut dyn Executor) -> SchemaRegistry {
    reflect(conn, &ReflectOptions::default()).unwrap()
}

/// Reflects, diffs against `declared`, writes migration `version` and runs it alone
/// (with the ones before it, already applied); checks that nothing is left to diff.
/// Returns the operations and the migration's statements.
fn evolve(
    conn: &mut dyn Executor,
    done: &mut Vec<sqlweave_migrate::Migration>,
    version: u64,
    declared: &SchemaRegistry,
) -> (Vec<MigrationOp>, Vec<String>) {
    let db = conn.dialect().name();
    let opts = DiffOptions::default();
    let current = reflected(conn);
    let ops = diff(&current, declared, conn.dialect(), &opts).unwrap();
    assert!(!ops.is_empty(), "{db}: the change is seen");
    let rev = revision(version, "change", ops.clone(), &current, &[conn.dialect()]).unwrap();
    assert!(
        rev.warnings.iter().all(|w| w.contains("no down migration")),
        "{db}: {:?}",
        rev.warnings
    );
    let statements = rev.migration.up_statements(conn.dialect()).unwrap();
    done.push(rev.migration);
    let runner = Runner::new(done.clone()).unwrap();
    assert_eq!(
        runner.upgrade(conn, Target::Head).unwrap(),
        [version],
        "{db}: {statements:#?}"
    );
    let again = diff(&reflected(conn), declared, conn.dialect(), &opts).unwrap();
    assert!(
        again.is_empty(),
        "{db}: left to do: {again:?}\nran: {statements:#?}"
    );
    (ops, statements)
}

fn strings(conn: &mut dyn Executor, sql: &str) -> Vec<String> {
    let r = conn.query_sql(sql, &[]).unwrap();
    r.rows
        .iter()
        .map(|row| {
            (0..row.len())
                .map(|i| match row.get::<Option<String>>(i) {
                    Ok(Some(s)) => s,
                    Ok(None) => "NULL".to_string(),
                    Err(_) => format!("{:?}", row.get::<Option<i64>>(i).unwrap()),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

// ----- enum labels ---------------------------------------------------------------------

fn tickets(labels: &[&str], default: &str) -> SchemaRegistry {
    SchemaRegistry::new().table(
        TableDef::new("mig_tickets")
            .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
            .column(
                ColumnDef::new(
                    "state",
                    ColumnType::Enum(EnumType::new("mig_state", labels.iter().copied())),
                )
                .not_null()
                .default(default.to_string()),
            ),
    )
}

fn enum_labels(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let mut done = Vec::new();
    tickets(&["open", "closed"], "open")
        .create_all(conn)
        .unwrap();
    conn.execute_raw_batch(
        "INSERT INTO mig_tickets (id, state) VALUES (1, 'open'), (2, 'closed'), (3, 'open')",
    )
    .unwrap();
    // Labels added first, in the middle and last; the default becomes a new label in
    // the same migration (PostgreSQL: only possible once the labels are committed).
    let v2 = tickets(&["new", "open", "pending", "closed", "archived"], "new");
    let (ops, statements) = evolve(conn, &mut done, 1, &v2);
    if db == "PostgreSQL" {
        assert_eq!(
            &statements[..3],
            [
                r#"ALTER TYPE "mig_state" ADD VALUE IF NOT EXISTS 'new' BEFORE 'open'"#,
                r#"ALTER TYPE "mig_state" ADD VALUE IF NOT EXISTS 'pending' AFTER 'open'"#,
                r#"ALTER TYPE "mig_state" ADD VALUE IF NOT EXISTS 'archived'"#,
            ]
        );
        assert!(
            statements[3].contains("SET DEFAULT 'new'"),
            "{statements:?}"
        );
        // The labels order as declared.
        assert_eq!(
            strings(
                conn,
                "SELECT string_agg(enumlabel::text, ',' ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mig_state'"
            ),
            ["new,open,pending,closed,archived"]
        );
    } else {
        assert!(
            ops.iter()
                .all(|o| !matches!(o, MigrationOp::AddEnumValue { .. })),
            "{db}: {ops:?}"
        );
    }
    assert_eq!(
        strings(conn, "SELECT id, state FROM mig_tickets ORDER BY id"),
        ["Some(1) open", "Some(2) closed", "Some(3) open"],
        "{db}: rows kept"
    );
    conn.execute_raw_batch("INSERT INTO mig_tickets (id) VALUES (4)")
        .unwrap();
    conn.execute_raw_batch("INSERT INTO mig_tickets (id, state) VALUES (5, 'pending')")
        .unwrap();
    assert_eq!(
        strings(
            conn,
            "SELECT state FROM mig_tickets WHERE id >= 4 ORDER BY id"
        ),
        ["new", "pending"],
        "{db}"
    );
    // Removing or reordering labels: PostgreSQL has no statement for it.
    let v3 = tickets(&["open", "new", "pending", "closed", "archived"], "new");
    let r = diff(
        &reflected(conn),
        &v3,
        conn.dialect(),
        &DiffOptions::default(),
    );
    if db == "PostgreSQL" {
        let e = r.unwrap_err().to_string();
        assert!(e.contains("cannot remove or reorder"), "{e}");
    } else {
        // The labels live in the column (MariaDB) or its CHECK (SQLite): the column
        // changes, rows kept.
        evolve(conn, &mut done, 2, &v3);
        assert_eq!(
            strings(conn, "SELECT state FROM mig_tickets ORDER BY id"),
            ["open", "closed", "open", "new", "pending"],
            "{db}"
        );
    }
}

#[test]
fn enum_labels_on_every_database() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_evo_enum")).unwrap();
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    for conn in spaces.conns() {
        enum_labels(conn);
    }
}

/// Why the runner commits the labels first: in one transaction, PostgreSQL refuses to
/// use a label added in it.
#[test]
fn postgresql_refuses_a_label_in_the_transaction_that_adds_it() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_evo_tx")).unwrap();
    for conn in spaces.conns() {
        if conn.dialect().name() != "PostgreSQL" {
            continue;
        }
        tickets(&["open"], "open").create_all(conn).unwrap();
        conn.begin().unwrap();
        conn.execute_raw_batch(r#"ALTER TYPE "mig_state" ADD VALUE 'new'"#)
            .unwrap();
        let e = conn
            .execute_raw_batch(
                r#"ALTER TABLE "mig_tickets" ALTER COLUMN "state" SET DEFAULT 'new'"#,
            )
            .unwrap_err()
            .to_string();
        conn.rollback().unwrap();
        assert!(e.contains("unsafe use of new value"), "{e}");
        // The same two statements as a migration: the runner commits the label first.
        let m = sqlweave_migrate::Migration::new(
            1,
            "label and default",
            "ALTER TYPE \"mig_state\" ADD VALUE IF NOT EXISTS 'new';\nALTER TABLE \"mig_tickets\" ALTER COLUMN \"state\" SET DEFAULT 'new';",
        );
        let runner = Runner::new(vec![m]).unwrap();
        assert_eq!(runner.upgrade(conn, Target::Head).unwrap(), [1]);
        conn.execute_raw_batch("INSERT INTO mig_tickets (id) VALUES (1)")
            .unwrap();
        assert_eq!(strings(conn, "SELECT state FROM mig_tickets"), ["new"]);
        // A migration that fails after its labels: the rest is rolled back, the label
        // stays, the error says so, and running it again once fixed works.
        let bad = sqlweave_migrate::Migration::new(
            2,
            "label and a mistake",
            "ALTER TYPE \"mig_state\" ADD VALUE IF NOT EXISTS 'late';\nALTER TABLE \"mig_tickets\" ADD COLUMN \"x\" INTEGER;\nALTER TABLE \"no_such_table\" ADD COLUMN \"y\" INTEGER;",
        );
        let runner = Runner::new(vec![runner.migrations()[0].clone(), bad]).unwrap();
        let e = runner.upgrade(conn, Target::Head).unwrap_err().to_string();
        assert!(e.contains("enum labels") && e.contains("stay"), "{e}");
        assert_eq!(runner.current(conn).unwrap(), Some(1));
        assert!(
            conn.query_sql("SELECT x FROM mig_tickets", &[]).is_err(),
            "the column was rolled back"
        );
        assert_eq!(
            strings(
                conn,
                "SELECT count(*)::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mig_state' AND enumlabel = 'late'"
            ),
            ["1"]
        );
        let fixed = sqlweave_migrate::Migration::new(
            2,
            "label and a mistake",
            "ALTER TYPE \"mig_state\" ADD VALUE IF NOT EXISTS 'late';\nALTER TABLE \"mig_tickets\" ADD COLUMN \"x\" INTEGER;",
        );
        let runner = Runner::new(vec![runner.migrations()[0].clone(), fixed]).unwrap();
        assert_eq!(runner.upgrade(conn, Target::Head).unwrap(), [2]);
    }
}

// ----- sequences -----------------------------------------------------------------------

fn next_value(conn: &mut dyn Executor) -> i64 {
    let sql = if conn.dialect().name() == "PostgreSQL" {
        "SELECT nextval('mig_numbers')"
    } else {
        "SELECT NEXT VALUE FOR mig_numbers"
    };
    conn.query_sql(sql, &[]).unwrap().rows[0]
        .get::<i64>(0)
        .unwrap()
}

fn sequences(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let mut done = Vec::new();
    SchemaRegistry::new()
        .sequence(CreateSequence::new("mig_numbers").start(100))
        .create_all(conn)
        .unwrap();
    let first: Vec<i64> = (0..3).map(|_| next_value(conn)).collect();
    assert_eq!(first, [100, 101, 102], "{db}");
    let v2 = SchemaRegistry::new().sequence(
        CreateSequence::new("mig_numbers")
            .start(100)
            .increment(10)
            .max_value(100_000)
            .cache(5)
            .cycle(),
    );
    let (ops, _) = evolve(conn, &mut done, 1, &v2);
    assert!(
        matches!(ops[..], [MigrationOp::AlterSequence { .. }]),
        "{db}: {ops:?}"
    );
    // Not restarted: the numbering goes on from where it was, by 10.
    let a = next_value(conn);
    let b = next_value(conn);
    assert!(a > 102, "{db}: {a}");
    assert_eq!(b - a, 10, "{db}");
    if db == "PostgreSQL" {
        assert_eq!(a, 112);
    }
}

#[test]
fn sequence_options_on_postgresql_and_mariadb() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_evo_seq")).unwrap();
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    for conn in spaces.conns() {
        if conn.dialect().name() == "SQLite" {
            continue; // no sequences (the refusal is in tests/diff.rs)
        }
        sequences(conn);
    }
}

// ----- identity, generated expression, comments ----------------------------------------

fn items(auto: bool, generated: Option<Expr>, comments: bool) -> SchemaRegistry {
    let mut id = ColumnDef::new("id", ColumnType::BigInt).primary_key();
    if auto {
        id = id.auto_increment();
    }
    let mut qty = ColumnDef::new("qty", ColumnType::BigInt).not_null();
    let mut dbl = ColumnDef::new("dbl", ColumnType::BigInt);
    dbl.generated = generated.map(|expr| Generated {
        expr,
        kind: GeneratedKind::Stored,
    });
    let mut t = TableDef::new("mig_items");
    if comments {
        qty = qty.comment("how many");
        t = t.comment("stock");
    }
    let t = t
        .column(id)
        .column(qty)
        .column(dbl)
        .index(IndexDef::new("mig_items_dbl").column("dbl"))
        .constraint(Constraint::check(Expr::column("dbl").ge(0)).named("mig_items_dbl_ck"));
    SchemaRegistry::new().table(t).skip_unsupported_comments()
}

fn identity_generated_comments(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let mut done = Vec::new();
    let two = Expr::column("qty").mul(2);
    let three = Expr::column("qty").mul(3);
    items(false, Some(two), false).create_all(conn).unwrap();
    conn.execute_raw_batch("INSERT INTO mig_items (id, qty) VALUES (1, 5), (2, 7)")
        .unwrap();
    let rows =
        |conn: &mut dyn Executor| strings(conn, "SELECT id, qty, dbl FROM mig_items ORDER BY id");
    assert_eq!(
        rows(conn),
        ["Some(1) Some(5) Some(10)", "Some(2) Some(7) Some(14)"]
    );

    // Identity added, the expression changed, comments set.
    let v2 = items(true, Some(three), true);
    let (ops, statements) = evolve(conn, &mut done, 1, &v2);
    let described: Vec<String> = ops.iter().map(|o| o.describe()).collect();
    let mut want = vec![
        "alter column mig_items.id (identity added)",
        "alter column mig_items.dbl (generated expression)",
    ];
    if db != "SQLite" {
        want.insert(0, "set comment on table mig_items");
        want.insert(2, "alter column mig_items.qty (comment)");
    }
    assert_eq!(described, want, "{db}: {statements:#?}");
    assert_eq!(
        rows(conn),
        ["Some(1) Some(5) Some(15)", "Some(2) Some(7) Some(21)"],
        "{db}: rows kept, computed by the new expression"
    );
    // The identity starts past the ids the table holds.
    conn.execute_raw_batch("INSERT INTO mig_items (qty) VALUES (1)")
        .unwrap();
    assert_eq!(rows(conn)[2], "Some(3) Some(1) Some(3)", "{db}");
    // The index and the CHECK on the re-added column are there again.
    assert!(
        conn.execute_raw_batch("INSERT INTO mig_items (id, qty) VALUES (9, -1)")
            .is_err(),
        "{db}: the CHECK on dbl holds"
    );

    // Back to a plain column that keeps the values it showed; identity and comments go.
    let v3 = items(false, None, false);
    evolve(conn, &mut done, 2, &v3);
    assert_eq!(
        rows(conn),
        [
            "Some(1) Some(5) Some(15)",
            "Some(2) Some(7) Some(21)",
            "Some(3) Some(1) Some(3)"
        ],
        "{db}: the computed values stay"
    );
    conn.execute_raw_batch("UPDATE mig_items SET dbl = 0 WHERE id = 3")
        .unwrap();
    if db != "SQLite" {
        // (On SQLite an INTEGER PRIMARY KEY numbers rows by itself, AUTOINCREMENT or not;
        // that AUTOINCREMENT is gone is what the empty diff above says.)
        assert!(
            conn.execute_raw_batch("INSERT INTO mig_items (qty) VALUES (1)")
                .is_err(),
            "{db}: no identity any more"
        );
    }
}

#[test]
fn identity_generated_expression_and_comments_on_every_database() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_evo_cols")).unwrap();
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    for conn in spaces.conns() {
        identity_generated_comments(conn);
    }
}

#[test]
fn refusals_name_what_cannot_be_done() {
    // A VIRTUAL generated column made a stored one: MariaDB refuses MODIFY for it.
    let virt = |generated: bool| {
        let mut c = ColumnDef::new("v", ColumnType::BigInt);
        if generated {
            c.generated = Some(Generated {
                expr: Expr::column("id").mul(2),
                kind: GeneratedKind::Virtual,
            });
        }
        SchemaRegistry::new().table(
            TableDef::new("t")
                .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
                .column(c),
        )
    };
    let maria = sqlweave_mysql::MySql::mariadb();
    let d: &dyn Dialect = &maria;
    let ops = diff(&virt(true), &virt(false), d, &DiffOptions::default()).unwrap();
    let e = sqlweave_migrate::render_ops(&ops, d, &virt(true))
        .unwrap_err()
        .to_string();
    assert!(e.contains("VIRTUAL generated column t.v"), "{e}");
    // SQLite rebuilds the table instead, keeping what the column showed.
    let sqlite = sqlweave_migrate::render_ops(&ops, &sqlweave_sqlite::Sqlite, &virt(true)).unwrap();
    assert!(
        sqlite
            .iter()
            .any(|s| s.contains(r#"SELECT "id", "v" FROM "t""#)),
        "{sqlite:#?}"
    );
}

/// SQLite keeps an enum column as TEXT with a CHECK of its labels: the reflection of a
/// table with an enum column and an index diffs empty against its declaration (the
/// CHECK is compared on its own, not mistaken for the index).
#[test]
fn sqlite_enum_column_with_an_index_diffs_empty() {
    let declared = SchemaRegistry::new().table(
        TableDef::new("t")
            .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
            .column(ColumnDef::new(
                "state",
                ColumnType::Enum(EnumType::new("state", ["a", "b"])),
            ))
            .index(IndexDef::new("t_state").column("state")),
    );
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap();
    declared.create_all(&mut conn).unwrap();
    let ops = diff(
        &reflected(&mut conn),
        &declared,
        &sqlweave_sqlite::Sqlite,
        &DiffOptions::default(),
    )
    .unwrap();
    assert!(ops.is_empty(), "{ops:?}");
}
