//! Hostile names and texts through the whole migration path, on the real databases:
//! a schema whose tables, columns, indexes, constraints, views and defaults are named
//! and written with quotes, backticks, newlines, `*/`, `--`, `;`, `?` and `$1` is
//! created, reflected, turned into a migration (written to files and read back), and
//! applied: dropping everything and recreating it from the reflected definitions gives
//! back the same schema, the rows of a canary table untouched and no other table made.

use std::path::PathBuf;

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, ConstraintKind, CreateView, IndexDef, SchemaRegistry,
    TableDef,
};
use sqlweave::{Dialect, Executor, Expr, Select, TableRef};
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{
    DiffOptions, ReflectOptions, Runner, Target, VERSION_TABLE, diff, load_dir, normalize, reflect,
    revision, split_statements, statements_text, write_dir,
};

/// Names that must stay names.
const NAMES: &[&str] = &[
    "we\"ird",
    "back`tick",
    "new\nline",
    "*/ x /*",
    "-- dash",
    "semi;colon",
    "q'uote",
    "?mark $1",
    "sp ace",
    "b\\slash",
];

fn spaces(prefix: &str) -> Spaces {
    let spaces = Spaces::open(&Config::from_env().prefix(prefix)).expect("the test spaces");
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    spaces
}

fn scratch_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let p = std::env::temp_dir().join(format!("sw_audit_{tag}_{}_{nanos}", std::process::id()));
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// A table per hostile name, each column named hostilely too, with a default holding
/// SQL-looking text, a CHECK over the hostile column, a named index and a view.
fn hostile_schema(db: &str) -> SchemaRegistry {
    let maria = db == "MariaDB" || db == "MySQL";
    let mut s = SchemaRegistry::new().table(
        TableDef::new("canary").column(ColumnDef::new("id", ColumnType::BigInt).primary_key()),
    );
    for (i, name) in NAMES.iter().enumerate() {
        let col = format!("c{i}{name}");
        let mut t = TableDef::new(format!("t{i}{name}"))
            .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
            .column(
                ColumnDef::new(col.clone(), ColumnType::Varchar(60))
                    .not_null()
                    .default(format!("d'{name}; DELETE FROM canary; --")),
            )
            .column(ColumnDef::new(format!("n{i}{name}"), ColumnType::Integer));
        t = t.constraint(Constraint {
            name: Some(format!("k{i}{name}").into()),
            kind: ConstraintKind::Check(
                Expr::column(format!("n{i}{name}"))
                    .gt(0)
                    .or(Expr::column(format!("n{i}{name}")).is_null()),
            ),
        });
        t = t.index(IndexDef::new(format!("ix{i}{name}")).column(col.clone()));
        // MariaDB names a unique index after its first column; keep names apart.
        if !maria {
            t = t.index(
                IndexDef::new(format!("ux{i}{name}"))
                    .column(format!("n{i}{name}"))
                    .unique(),
            );
        }
        s = s.table(t);
        // Qualified: PostgreSQL writes the qualifier back into the view's text.
        let tr = TableRef::new(format!("t{i}{name}"));
        let view_q = Select::new().column(tr.col(col.clone())).from(tr.clone());
        s = s.view(CreateView::new(format!("v{i}{name}"), view_q));
    }
    s
}

fn reflected_schema(conn: &mut dyn Executor) -> SchemaRegistry {
    reflect(conn, &ReflectOptions::default().exclude([VERSION_TABLE])).unwrap()
}

fn canary_rows(c: &mut dyn Executor) -> i64 {
    c.query_sql("SELECT COUNT(*) FROM canary", &[])
        .unwrap()
        .rows[0]
        .get::<i64>(0)
        .unwrap()
}

fn same(a: &SchemaRegistry, b: &SchemaRegistry, d: &dyn Dialect) -> bool {
    let (a, b) = (normalize(a, d).unwrap(), normalize(b, d).unwrap());
    if a != b && std::env::var_os("SW_AUDIT_DUMP").is_some() {
        std::fs::write("/tmp/sw_audit_a.txt", format!("{a:#?}")).unwrap();
        std::fs::write("/tmp/sw_audit_b.txt", format!("{b:#?}")).unwrap();
    }
    a == b
}

/// Creates the hostile schema with sqlweave and checks that its reflection equals it.
fn declared_round_trip(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let declared = hostile_schema(db);
    declared
        .create_all(conn)
        .unwrap_or_else(|e| panic!("{db}: create_all: {e}"));
    conn.execute_raw_batch("INSERT INTO canary (id) VALUES (1), (2)")
        .unwrap();
    let reflected = reflected_schema(conn);
    assert!(
        same(&declared, &reflected, conn.dialect()),
        "{db}: the reflection differs from the declaration:\n{:#?}\n{:#?}",
        normalize(&declared, conn.dialect()).unwrap(),
        normalize(&reflected, conn.dialect()).unwrap()
    );
    round_trip(conn);
}

/// Reflect → migration files → drop all but `canary` (up) → recreate from the
/// reflection (down) → the same schema, the canary's rows untouched.
fn round_trip(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let reflected = reflected_schema(conn);
    // Everything but the canary goes, and comes back from the reflected definitions.
    let mut keep = reflected.clone();
    keep.tables.retain(|t| t.name.name.as_str() == "canary");
    keep.views.clear();
    let ops = diff(&reflected, &keep, conn.dialect(), &DiffOptions::default()).unwrap();
    assert!(!ops.is_empty(), "{db}");
    let d: &dyn Dialect = conn.dialect();
    let rev = revision(1, "drop; DELETE FROM canary --\n*/", ops, &reflected, &[d]).unwrap();
    assert!(rev.warnings.is_empty(), "{db}: {:?}", rev.warnings);
    let dir = scratch_dir("roundtrip");
    let path = write_dir(&dir, &rev.migration).unwrap();
    assert!(path.starts_with(&dir), "{db}: {}", path.display());
    let loaded = load_dir(&dir).unwrap();
    assert_eq!(loaded.len(), 1);
    assert_eq!(
        loaded[0].up, rev.migration.up,
        "{db}: the files read back differ"
    );
    let runner = Runner::new(loaded).unwrap();
    runner
        .upgrade(conn, Target::Head)
        .unwrap_or_else(|e| panic!("{db}: upgrade: {e}\n{:?}", rev.migration.up));
    let after_up = reflected_schema(conn);
    assert!(
        same(&keep, &after_up, conn.dialect()),
        "{db}: after up:\n{:#?}\n{:#?}",
        normalize(&keep, conn.dialect()).unwrap(),
        normalize(&after_up, conn.dialect()).unwrap()
    );
    assert_eq!(canary_rows(conn), 2, "{db}");
    runner
        .downgrade(conn, Target::Base)
        .unwrap_or_else(|e| panic!("{db}: downgrade: {e}\n{:?}", rev.migration.down));
    let back = reflected_schema(conn);
    assert!(
        same(&reflected, &back, conn.dialect()),
        "{db}: recreated from the reflection, the schema differs:\n{:#?}\n{:#?}",
        normalize(&reflected, conn.dialect()).unwrap(),
        normalize(&back, conn.dialect()).unwrap()
    );
    assert!(
        diff(&back, &reflected, conn.dialect(), &DiffOptions::default())
            .unwrap()
            .is_empty(),
        "{db}"
    );
    assert_eq!(canary_rows(conn), 2, "{db}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_names_round_trip_through_reflect_diff_files_and_apply() {
    let mut spaces = spaces("sw_audit_rt");
    for conn in spaces.conns() {
        declared_round_trip(conn);
    }
}

/// A plain text DEFAULT holding a backslash is written by MariaDB's DDL as a hex
/// literal (allowed where it stands alone); comparing a schema that has one must not
/// fail: `normalize` and `diff` used to render it as if inside an expression, which
/// MariaDB's rules refuse, so autogenerate and `check` failed on such a schema.
#[test]
fn a_backslash_in_a_text_default_is_compared_not_refused() {
    let s = SchemaRegistry::new().table(
        TableDef::new("paths")
            .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
            .column(ColumnDef::new("dir", ColumnType::Varchar(40)).default("C:\\temp\\'x'")),
    );
    let dialects: [&dyn Dialect; 4] = [
        &sqlweave_mysql::MySql::mariadb(),
        &sqlweave_mysql::MySql::mysql8(),
        &sqlweave_postgres::Postgres,
        &sqlweave_sqlite::Sqlite,
    ];
    for d in dialects {
        let n = normalize(&s, d).unwrap_or_else(|e| panic!("{}: {e}", d.name()));
        assert!(n.tables[0].columns[1].default.is_some(), "{}", d.name());
        assert!(
            diff(&s, &s, d, &DiffOptions::default()).unwrap().is_empty(),
            "{}",
            d.name()
        );
        // A different default is still a difference.
        let mut other = s.clone();
        other.tables[0].columns[1].default = Some(Expr::from("C:\\tmp"));
        assert!(
            !diff(&s, &other, d, &DiffOptions::default())
                .unwrap()
                .is_empty(),
            "{}",
            d.name()
        );
    }
}

/// SQLite keeps the text it was given: bracket and backtick names, comments inside
/// and after CHECK, DEFAULT, index and view text. Reflected and written back, each
/// must still be one statement that means the same.
#[test]
fn sqlite_text_as_written_round_trips() {
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap();
    conn.execute_raw_batch(
        "CREATE TABLE canary (id INTEGER PRIMARY KEY);
         INSERT INTO canary VALUES (1), (2);
         CREATE TABLE `as` (
             `check` INTEGER CHECK (`check` > 0 -- positive; DELETE FROM canary
             ),
             `x;y` TEXT DEFAULT 'a;b--c' /* c; */ NOT NULL,
             \"z*/\" INTEGER DEFAULT (1 /* ; */ + 2) -- tail ; DELETE FROM canary
         );
         CREATE INDEX `ix; --` ON `as` (`check` /* ; */, (`x;y` || 'q;') DESC) WHERE `check` > 1 -- tail
         ;
         CREATE VIEW `v as x` AS SELECT `check` AS `as` FROM `as` -- trailing; DELETE FROM canary
         ;
         CREATE VIEW v2 AS SELECT `x;y` /* ; */ FROM `as` /* trailing */;",
    )
    .unwrap();
    round_trip(&mut conn);
    let v = reflected_schema(&mut conn);
    assert_eq!(v.views.len(), 2);
    conn.query_sql("SELECT * FROM `v as x`", &[]).unwrap();
}

/// A `;` inside a block comment is not the end of a statement. SQLite keeps the text
/// of a view (and of defaults and CHECKs) with its comments and accepts a comment left
/// open at the end of a statement: a reflected view holding `/*;DELETE …;--*/` used to
/// be split by the migration reader into `… /*`, `DELETE …` and a comment, so applying
/// the migration ran the DELETE.
#[test]
fn a_semicolon_in_a_block_comment_does_not_split_a_statement() {
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap();
    conn.execute_raw_batch(
        "CREATE TABLE canary (id INTEGER PRIMARY KEY);
         INSERT INTO canary VALUES (1), (2);
         CREATE VIEW v AS SELECT 1 /* x;DELETE FROM canary;--*/ AS x;",
    )
    .unwrap();
    let reflected = reflected_schema(&mut conn);
    let d: &dyn Dialect = conn.dialect();
    let mut keep = reflected.clone();
    keep.tables.retain(|t| t.name.name.as_str() == "canary");
    keep.views.clear();
    let ops = diff(&reflected, &keep, d, &DiffOptions::default()).unwrap();
    let rev = revision(1, "drop", ops, &reflected, &[d]).unwrap();
    let runner = Runner::new(vec![rev.migration]).unwrap();
    runner.upgrade(&mut conn, Target::Head).unwrap();
    // The down migration recreates the view from its reflected text.
    let undone = runner.downgrade(&mut conn, Target::Base);
    assert_eq!(
        canary_rows(&mut conn),
        2,
        "the comment's DELETE ran ({undone:?})"
    );
    undone.unwrap();
    assert_eq!(
        split_statements(
            "CREATE VIEW v AS SELECT 1 /*;DELETE FROM canary;--*/ AS x;\nSELECT 2",
            &sqlweave_sqlite::Sqlite
        ),
        [
            "CREATE VIEW v AS SELECT 1 /*;DELETE FROM canary;--*/ AS x",
            "SELECT 2"
        ]
    );
}

/// PostgreSQL's dollar-quoted bodies hold `;`: a function written by hand in a
/// migration is one statement.
#[test]
fn a_dollar_quoted_body_is_one_statement() {
    let sql = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
               CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;\n\
               SELECT $1, a$b, 2";
    assert_eq!(
        split_statements(sql, &sqlweave_postgres::Postgres),
        [
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
            "CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql",
            "SELECT $1, a$b, 2"
        ]
    );
}

/// A statement ending in a line comment: the `;` written after it by
/// `statements_text` (and `sqlweave upgrade --sql`) must not fall into the comment.
#[test]
fn a_trailing_line_comment_does_not_swallow_the_semicolon() {
    for d in syntaxes() {
        let st = split_statements(
            "CREATE TABLE a (x INTEGER) -- note\n;\nCREATE TABLE b (y INTEGER);",
            d,
        );
        assert_eq!(st.len(), 2, "{}: {st:?}", d.name());
        let again = split_statements(&statements_text(&st), d);
        assert_eq!(again, st, "{}", d.name());
    }
}

/// Found by the `migration_text` fuzz target: two line comments in a row, with white
/// space between them, before the `;`. The statement was cut at the second comment, so
/// the first one stayed and, written back, swallowed the `;`.
#[test]
fn trailing_line_comments_in_a_row_are_all_dropped() {
    for d in syntaxes() {
        let st = split_statements(
            "CREATE TABLE a (x INTEGER) -- one\n    -- two\n;\nCREATE TABLE b (y INTEGER);",
            d,
        );
        assert_eq!(
            st,
            ["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y INTEGER)"],
            "{}",
            d.name()
        );
        let again = split_statements(&statements_text(&st), d);
        assert_eq!(again, st, "{}", d.name());
        // The fuzzer's own input.
        let text = "w--\n    --\n;;-\0--\n;\n\nF--\n\0\0\0 ;;-\0--\n;\n\u{fffd}$: ";
        let once = split_statements(text, d);
        assert_eq!(
            split_statements(&statements_text(&once), d),
            once,
            "{}",
            d.name()
        );
    }
}

/// The three syntaxes the statement splitter knows (SQLite, PostgreSQL, MariaDB /
/// MySQL).
fn syntaxes() -> [&'static dyn Dialect; 3] {
    static MARIADB: std::sync::LazyLock<sqlweave_mysql::MySql> =
        std::sync::LazyLock::new(sqlweave_mysql::MySql::mariadb);
    [
        &sqlweave_sqlite::Sqlite,
        &sqlweave_postgres::Postgres,
        &*MARIADB,
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    /// Whatever the text, the splitter does not panic, and the statements it finds,
    /// written back as a file (`statements_text`) and split again, are the same
    /// statements: nothing a statement holds can end it early or join it to the next.
    /// (Only the last statement can be left open — a quote or comment running to the
    /// end of the text —, and such text is not SQL: left out.) For each database's
    /// syntax (`#` comments and backslash escapes on MariaDB, `E'…'` on PostgreSQL).
    #[test]
    fn split_statements_written_back_split_the_same(
        sql in "([-;'\"`$/*\\\\\n\t#Eab1]|--|-- |/\\*|\\*/|\\$\\$|\\$t\\$|\\\\'|;){0,40}"
    ) {
        for d in syntaxes() {
            let once = split_statements(&sql, d);
            if let Some(last) = once.last()
                && split_statements(&format!("{last};x"), d).len() != 2
            {
                continue;
            }
            let again = split_statements(&statements_text(&once), d);
            proptest::prop_assert_eq!(&again, &once, "{}: text: {:?}", d.name(), sql);
        }
    }
}

/// A raw view text that leaves a comment open would take the `;` after it, and the
/// statements after it, into the comment once written to a file (SQLite accepts a
/// comment open at the end of a statement): `revision` refuses to write that dialect
/// instead, with a warning that says why.
#[test]
fn revision_refuses_statements_that_would_not_read_back() {
    use sqlweave_migrate::MigrationOp;
    let ops = vec![
        MigrationOp::CreateView(CreateView::raw("v", "SELECT 1 /* open")),
        MigrationOp::CreateView(CreateView::raw("w", "SELECT 2")),
    ];
    let d: &dyn Dialect = &sqlweave_sqlite::Sqlite;
    let rev = revision(1, "views", ops, &SchemaRegistry::new(), &[d]).unwrap();
    assert!(rev.migration.up.is_empty(), "{:?}", rev.migration.up);
    assert!(
        rev.warnings
            .iter()
            .any(|w| w.contains("would not read back") && w.contains("statement 1")),
        "{:?}",
        rev.warnings
    );
    // A view whose comment is closed is written.
    let ops = vec![MigrationOp::CreateView(CreateView::raw(
        "v",
        "SELECT 1 /* closed; */",
    ))];
    let rev = revision(1, "views", ops, &SchemaRegistry::new(), &[d]).unwrap();
    assert_eq!(rev.migration.up.len(), 1, "{:?}", rev.warnings);
}

/// SQLite reads `[…]` as a quoted name. A view named `[as SELECT 1; DELETE …; --]`
/// used to be read as if its SELECT started inside the name, so its reflected text was
/// `SELECT 1; DELETE FROM canary;`: two statements where the database has one view.
#[test]
fn sqlite_bracket_names_are_names() {
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap();
    conn.execute_raw_batch(
        "CREATE TABLE canary (id INTEGER PRIMARY KEY);
         INSERT INTO canary VALUES (1), (2);
         CREATE TABLE [as] ([check] INTEGER CHECK ([check] > 0), [x y] TEXT);
         CREATE INDEX [ix as] ON [as] ([check], [x y]);
         CREATE VIEW [as SELECT 1; DELETE FROM canary; --] AS SELECT 2 AS two;",
    )
    .unwrap();
    let r = reflected_schema(&mut conn);
    let v = &r.views[0];
    assert_eq!(v.name.name.as_str(), "as SELECT 1; DELETE FROM canary; --");
    assert_eq!(v.raw_sql.as_deref(), Some("SELECT 2 AS two"));
    let t = r
        .tables
        .iter()
        .find(|t| t.name.name.as_str() == "as")
        .unwrap();
    assert_eq!(t.indexes.len(), 1, "{:?}", t.indexes);
    assert_eq!(t.indexes[0].parts.len(), 2, "{:?}", t.indexes);
    round_trip(&mut conn);
    assert_eq!(canary_rows(&mut conn), 2);
}

/// SQLite's table rebuild (a column made NOT NULL with a default: new table, copy with
/// COALESCE, drop, rename) over every hostile table, through migration files: the rows
/// are kept, NULLs get the default, and nothing else runs.
#[test]
fn sqlite_rebuilds_of_hostile_tables_keep_their_rows() {
    let mut conn = sqlweave_sqlite::SqliteConnection::open_in_memory().unwrap();
    let before = hostile_schema("SQLite");
    before.create_all(&mut conn).unwrap();
    conn.execute_raw_batch("INSERT INTO canary (id) VALUES (1), (2)")
        .unwrap();
    let mut after = before.clone();
    for (i, name) in NAMES.iter().enumerate() {
        let table = TableRef::new(format!("t{i}{name}"));
        let n = format!("n{i}{name}");
        let _ = table;
        // SQLite's quoting, by hand: `"` doubled.
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        conn.execute_raw_batch(&format!(
            "INSERT INTO {} (id, {}) VALUES (1, 5), (2, NULL)",
            q(&format!("t{i}{name}")),
            q(&n)
        ))
        .unwrap();
        let t = after
            .tables
            .iter_mut()
            .find(|t| t.name.name.as_str() == format!("t{i}{name}"))
            .unwrap();
        let c = t.columns.iter_mut().find(|c| c.name.as_str() == n).unwrap();
        *c = ColumnDef::new(n.clone(), ColumnType::Integer)
            .not_null()
            .default(7);
    }
    let current = reflected_schema(&mut conn);
    let d: &dyn Dialect = &sqlweave_sqlite::Sqlite;
    let ops = diff(&current, &after, d, &DiffOptions::default()).unwrap();
    assert_eq!(ops.len(), NAMES.len(), "{ops:?}");
    let rev = revision(1, "not null", ops, &current, &[d]).unwrap();
    assert!(rev.warnings.is_empty(), "{:?}", rev.warnings);
    let dir = scratch_dir("rebuild");
    write_dir(&dir, &rev.migration).unwrap();
    let runner = Runner::new(load_dir(&dir).unwrap()).unwrap();
    runner
        .upgrade(&mut conn, Target::Head)
        .unwrap_or_else(|e| panic!("{e}\n{:?}", rev.migration.up));
    assert!(same(&after, &reflected_schema(&mut conn), conn.dialect()));
    for (i, name) in NAMES.iter().enumerate() {
        let table = TableRef::new(format!("t{i}{name}"));
        let n = table.col(format!("n{i}{name}"));
        let q = Select::new()
            .column(n)
            .from(table.clone())
            .order_by(table.col("id"));
        let rows = conn.fetch_all(&q).unwrap();
        let got: Vec<i64> = rows.rows.iter().map(|r| r.get(0).unwrap()).collect();
        assert_eq!(got, [5, 7], "{name:?}");
    }
    assert_eq!(canary_rows(&mut conn), 2);
    runner.downgrade(&mut conn, Target::Base).unwrap();
    assert!(same(&before, &reflected_schema(&mut conn), conn.dialect()));
    assert_eq!(canary_rows(&mut conn), 2);
    let _ = std::fs::remove_dir_all(&dir);
}
