//! Changes SQLite's ALTER TABLE cannot make (a column's type, dropping a foreign-key
//! column, adding a CHECK) go through the table rebuild there and through native DDL on
//! PostgreSQL and MariaDB, with every row kept; on SQLite the indexes, triggers, views
//! and the foreign keys of other tables survive.

use sqlweave::ddl::{Constraint, ForeignKey, IndexDef};
use sqlweave::{ColumnDef, ColumnType, Dialect, Executor, Expr, SchemaRegistry, TableDef};
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{
    DiffOptions, MigrationOp, ReflectOptions, Runner, Target, diff, rebuild_table, reflect,
    revision,
};
use sqlweave_sqlite::SqliteConnection;

fn authors() -> TableDef {
    TableDef::new("authors")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("name", ColumnType::Varchar(50)).not_null())
}

fn books(pages: ColumnType, with_author: bool) -> TableDef {
    let mut t = TableDef::new("books")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("title", ColumnType::Varchar(100)).not_null())
        .column(ColumnDef::new("pages", pages))
        .index(IndexDef::new("books_title").column("title"));
    if with_author {
        t = t
            .column(ColumnDef::new("author_id", ColumnType::BigInt))
            .constraint(
                Constraint::foreign_key(ForeignKey::new("author_id", "authors", "id"))
                    .named("books_author_fk"),
            );
    }
    t
}

fn reviews() -> TableDef {
    TableDef::new("reviews")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(
            ColumnDef::new("book_id", ColumnType::BigInt)
                .not_null()
                .references("books", "id"),
        )
}

fn schema(pages: ColumnType, with_author: bool) -> SchemaRegistry {
    SchemaRegistry::new()
        .table(authors())
        .table(books(pages, with_author))
        .table(reviews())
}

fn book_rows(conn: &mut dyn Executor) -> Vec<(i64, String, i64)> {
    let r = conn
        .query_sql("SELECT id, title, pages FROM books ORDER BY id", &[])
        .unwrap();
    r.rows
        .iter()
        .map(|row| {
            (
                row.get(0).unwrap(),
                row.get(1).unwrap(),
                row.get(2).unwrap(),
            )
        })
        .collect()
}

fn type_change_and_fk_column_drop(conn: &mut dyn Executor) {
    let db = conn.dialect().name();
    let d: &dyn Dialect = conn.dialect();
    let before = schema(ColumnType::Text, true);
    let after = schema(ColumnType::Integer, false);
    let create = revision(
        1,
        "create",
        diff(&SchemaRegistry::new(), &before, d, &DiffOptions::default()).unwrap(),
        &SchemaRegistry::new(),
        &[d],
    )
    .unwrap();
    Runner::new(vec![create.migration.clone()])
        .unwrap()
        .upgrade(conn, Target::Head)
        .unwrap();
    conn.execute_raw_batch(
        "INSERT INTO authors (id, name) VALUES (1, 'le guin');
         INSERT INTO books (id, title, pages, author_id) VALUES (1, 'earthsea', '183', 1), (2, 'the dispossessed', '387', NULL);
         INSERT INTO reviews (id, book_id) VALUES (10, 1)",
    )
    .unwrap();
    if db == "SQLite" {
        conn.execute_raw_batch(
            "CREATE TABLE log (msg TEXT);
             CREATE TRIGGER books_log AFTER INSERT ON books BEGIN INSERT INTO log VALUES (NEW.title); END;
             CREATE VIEW long_books AS SELECT title FROM books WHERE pages > 200;
             PRAGMA foreign_keys = ON",
        )
        .unwrap();
    }
    // Autogenerate: the database as reflection reads it, against the code.
    let mut current = reflect(conn, &ReflectOptions::default()).unwrap();
    current.tables.retain(|t| t.name.name.as_str() != "log");
    current.views.clear();
    let d: &dyn Dialect = conn.dialect();
    let ops = diff(&current, &after, d, &DiffOptions::default()).unwrap();
    let kinds: Vec<String> = ops.iter().map(|o| o.describe()).collect();
    assert_eq!(
        kinds,
        [
            "drop foreign key books_author_fk on books",
            "alter column books.pages (type)",
            "drop column books.author_id",
        ],
        "{db}"
    );
    let change = revision(2, "pages integer, no author", ops, &current, &[d]).unwrap();
    assert!(change.warnings.is_empty(), "{db}: {:?}", change.warnings);
    let up = change.migration.up_statements(d).unwrap();
    if db == "SQLite" {
        assert!(
            up.iter()
                .any(|s| s.starts_with(r#"CREATE TABLE "_sqlweave_new_books""#)),
            "{db}: {up:?}"
        );
    }
    let runner = Runner::new(vec![create.migration, change.migration]).unwrap();
    runner.upgrade(conn, Target::Head).unwrap();
    assert_eq!(
        book_rows(conn),
        [
            (1, "earthsea".to_string(), 183),
            (2, "the dispossessed".to_string(), 387)
        ],
        "{db}: rows kept, pages converted"
    );
    assert!(
        conn.query_sql("SELECT author_id FROM books", &[]).is_err(),
        "{db}: the column is gone"
    );
    // The other table's foreign key to books still holds.
    let n = conn
        .query_sql("SELECT count(*) FROM reviews", &[])
        .unwrap()
        .rows[0]
        .get::<i64>(0)
        .unwrap();
    assert_eq!(n, 1);
    if db == "SQLite" {
        let typ = conn
            .query_sql("SELECT typeof(pages) FROM books WHERE id = 1", &[])
            .unwrap()
            .rows[0]
            .get::<String>(0)
            .unwrap();
        assert_eq!(typ, "integer");
        // Index, view and trigger survived; foreign keys are on again and enforced.
        let ix = conn
            .query_sql(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'books_title'",
                &[],
            )
            .unwrap()
            .rows[0]
            .get::<i64>(0)
            .unwrap();
        assert_eq!(ix, 1);
        let long = conn.query_sql("SELECT title FROM long_books", &[]).unwrap();
        assert_eq!(long.rows.len(), 1);
        conn.execute_raw_batch("INSERT INTO books (id, title, pages) VALUES (3, 'lavinia', 279)")
            .unwrap();
        let logged = conn.query_sql("SELECT msg FROM log", &[]).unwrap();
        assert_eq!(logged.rows.len(), 1, "the trigger fires after the rebuild");
        assert!(
            conn.execute_raw_batch("INSERT INTO reviews (id, book_id) VALUES (11, 99)")
                .is_err(),
            "foreign keys are enforced again"
        );
        let fk = conn.query_sql("PRAGMA foreign_keys", &[]).unwrap().rows[0]
            .get::<i64>(0)
            .unwrap();
        assert_eq!(fk, 1);
    }
    // And back down: the column returns (empty), the type too, the rows stay.
    runner.downgrade(conn, Target::Version(1)).unwrap();
    let r = conn
        .query_sql("SELECT id, author_id FROM books ORDER BY id", &[])
        .unwrap();
    assert!(r.rows.len() >= 2, "{db}");
}

#[test]
fn rebuild_keeps_rows_on_every_database() {
    let mut spaces = Spaces::open(&Config::from_env().prefix("mig_rebuild")).unwrap();
    for conn in spaces.conns() {
        type_change_and_fk_column_drop(conn);
    }
}

#[test]
fn sqlite_rebuild_that_breaks_a_foreign_key_is_rolled_back() {
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    conn.execute_raw_batch(
        "PRAGMA foreign_keys = ON;
         CREATE TABLE a (id INTEGER PRIMARY KEY, code TEXT);
         CREATE TABLE b (id INTEGER PRIMARY KEY, a_code TEXT REFERENCES a (code));
         CREATE UNIQUE INDEX a_code ON a (code);
         INSERT INTO a VALUES (1, 'x'), (2, 'y');
         INSERT INTO b VALUES (1, 'x')",
    )
    .unwrap();
    let before = TableDef::new("a")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(ColumnDef::new("code", ColumnType::Text))
        .index(IndexDef::new("a_code").unique().column("code"));
    // The new table has no unique index on code: b's foreign key has no parent key.
    let mut after = before.clone();
    after.indexes.clear();
    let e = rebuild_table(&mut conn, &before, &after)
        .unwrap_err()
        .to_string();
    assert!(e.contains("rolled back"), "{e}");
    let n = conn.query_sql("SELECT count(*) FROM a", &[]).unwrap().rows[0]
        .get::<i64>(0)
        .unwrap();
    assert_eq!(n, 2);
    let ix = conn
        .query_sql(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'a_code'",
            &[],
        )
        .unwrap()
        .rows[0]
        .get::<i64>(0)
        .unwrap();
    assert_eq!(ix, 1, "the old table and its index are back");
    let fk = conn.query_sql("PRAGMA foreign_keys", &[]).unwrap().rows[0]
        .get::<i64>(0)
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are on again");
}

#[test]
fn sqlite_add_check_constraint_by_rebuild() {
    let mut conn = SqliteConnection::open_in_memory().unwrap();
    let t = TableDef::new("t")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(ColumnDef::new("n", ColumnType::Integer));
    let before = SchemaRegistry::new().table(t.clone());
    before.create_all(&mut conn).unwrap();
    conn.execute_raw_batch("INSERT INTO t VALUES (1, 5), (2, 7)")
        .unwrap();
    let op = MigrationOp::AddConstraint {
        table: "t".into(),
        constraint: Constraint::check(Expr::column("n").gt(0)).named("n_positive"),
    };
    let runner = Runner::new(vec![
        revision(1, "check", vec![op], &before, &[conn.dialect()])
            .unwrap()
            .migration,
    ])
    .unwrap();
    runner.upgrade(&mut conn, Target::Head).unwrap();
    assert!(
        conn.execute_raw_batch("INSERT INTO t VALUES (3, -1)")
            .is_err()
    );
    assert_eq!(
        conn.query_sql("SELECT count(*) FROM t", &[]).unwrap().rows[0]
            .get::<i64>(0)
            .unwrap(),
        2
    );
    runner.downgrade(&mut conn, Target::Base).unwrap();
    conn.execute_raw_batch("INSERT INTO t VALUES (3, -1)")
        .unwrap();
}
