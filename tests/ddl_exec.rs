//! DDL executed on SQLite, PostgreSQL and MariaDB, each outcome read back from the
//! database's own catalog (sqlite pragmas and sqlite_schema, pg_catalog, MariaDB's
//! information_schema) and, where it matters, from the behaviour of the created objects
//! (defaults filled in, constraints refusing rows). Every test works in a scratch schema
//! / database of its own (tests/common/scratch.rs).

mod common;

use common::scratch::{Scratch, assert_catalog, catalog};
use sqlweave::ddl::{
    AlterTable, ColumnDef, ColumnType, Constraint, ConstraintType, CreateIndex, CreateSequence,
    CreateType, CreateView, DropIndex, DropSequence, DropTable, DropType, DropView, EnumType,
    FkAction, ForeignKey, IndexDef, TableDef,
};
use sqlweave::{Executor, Expr, Select, Statement, TableRef, TypedExpr, Value, func};

/// Runs a statement, panicking with the dialect and the error.
fn run(conn: &mut dyn Executor, stmt: &dyn Statement) {
    if let Err(e) = conn.execute(stmt) {
        panic!("{} failed: {e}", conn.dialect().name());
    }
}

/// Runs SQL that must fail (a constraint at work).
fn refused(conn: &mut dyn Executor, sql: &str) {
    let name = conn.dialect().name();
    assert!(
        conn.execute_sql(sql, &[]).is_err(),
        "{name} accepted: {sql}"
    );
}

/// Columns as the catalog sees them: name, type, nullability.
fn columns(conn: &mut dyn Executor, table: &str) -> Vec<Vec<String>> {
    let name = conn.dialect().name();
    let sql = match name {
        "SQLite" => format!(
            r#"SELECT name, type, CASE WHEN "notnull" = 1 THEN 'NOT NULL' ELSE 'NULL' END FROM pragma_table_xinfo('{table}') ORDER BY cid"#
        ),
        "PostgreSQL" => format!(
            "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END \
             FROM pg_attribute a WHERE a.attrelid = '{table}'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
        ),
        _ => format!(
            "SELECT COLUMN_NAME, COLUMN_TYPE, CASE WHEN IS_NULLABLE = 'NO' THEN 'NOT NULL' ELSE 'NULL' END \
             FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION"
        ),
    };
    catalog(conn, &sql, &[])
}

/// Column defaults as the catalog keeps their text.
fn defaults(conn: &mut dyn Executor, table: &str) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => format!(
            "SELECT name, COALESCE(dflt_value, '-') FROM pragma_table_xinfo('{table}') ORDER BY cid"
        ),
        "PostgreSQL" => format!(
            "SELECT a.attname::text, COALESCE(pg_get_expr(d.adbin, d.adrelid), '-') FROM pg_attribute a \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE a.attrelid = '{table}'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
        ),
        _ => format!(
            "SELECT COLUMN_NAME, COALESCE(COLUMN_DEFAULT, '-') FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION"
        ),
    };
    catalog(conn, &sql, &[])
}

/// Whether a table (or view) exists in the scratch space.
fn relations(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => {
            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        "PostgreSQL" => {
            "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' ELSE c.relkind::text END, c.relname::text \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY c.relname"
        }
        _ => {
            "SELECT CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN 'sequence' END, TABLE_NAME \
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"
        }
    };
    catalog(conn, sql, &[])
}

fn all_types_table() -> TableDef {
    TableDef::new("all_types")
        .column(
            ColumnDef::new("id", ColumnType::BigInt)
                .auto_increment()
                .primary_key(),
        )
        .column(ColumnDef::new("small", ColumnType::SmallInt).not_null())
        .column(ColumnDef::new("int", ColumnType::Integer))
        .column(ColumnDef::new("real", ColumnType::Real))
        .column(ColumnDef::new("double", ColumnType::Double))
        .column(ColumnDef::new("money", ColumnType::Numeric(Some((12, 2)))))
        .column(ColumnDef::new("exact", ColumnType::Numeric(None)))
        .column(ColumnDef::new("code", ColumnType::Varchar(40)).not_null())
        .column(ColumnDef::new("body", ColumnType::Text))
        .column(ColumnDef::new("data", ColumnType::Bytes))
        .column(ColumnDef::new("flag", ColumnType::Boolean))
        .column(ColumnDef::new("day", ColumnType::Date))
        .column(ColumnDef::new("at", ColumnType::Time))
        .column(ColumnDef::new("stamp", ColumnType::Timestamp))
        .column(ColumnDef::new("stamp_tz", ColumnType::TimestampTz))
        .column(ColumnDef::new("uid", ColumnType::Uuid))
        .column(ColumnDef::new("doc", ColumnType::Json))
        .column(ColumnDef::new("docb", ColumnType::Jsonb))
        .column(ColumnDef::new(
            "mood",
            ColumnType::enumeration("mood", ["happy", "sad"]),
        ))
}

#[test]
fn column_types_as_the_catalogs_see_them() {
    let mut s = Scratch::new();
    let table = all_types_table();
    let registry = sqlweave::SchemaRegistry::new().table(table);
    for conn in s.conns() {
        // The registry creates PostgreSQL's enum type first.
        registry.create_all(conn).unwrap();
        let got = columns(conn, "all_types");
        let want: &[&[&str]] = match conn.dialect().name() {
            "SQLite" => &[
                &["id", "INTEGER", "NOT NULL"],
                &["small", "INTEGER", "NOT NULL"],
                &["int", "INTEGER", "NULL"],
                &["real", "REAL", "NULL"],
                &["double", "REAL", "NULL"],
                &["money", "NUMERIC", "NULL"],
                &["exact", "NUMERIC", "NULL"],
                &["code", "TEXT", "NOT NULL"],
                &["body", "TEXT", "NULL"],
                &["data", "BLOB", "NULL"],
                &["flag", "INTEGER", "NULL"],
                &["day", "TEXT", "NULL"],
                &["at", "TEXT", "NULL"],
                &["stamp", "TEXT", "NULL"],
                &["stamp_tz", "TEXT", "NULL"],
                &["uid", "TEXT", "NULL"],
                &["doc", "TEXT", "NULL"],
                &["docb", "TEXT", "NULL"],
                &["mood", "TEXT", "NULL"],
            ],
            "PostgreSQL" => &[
                &["id", "bigint", "NOT NULL"],
                &["small", "smallint", "NOT NULL"],
                &["int", "integer", "NULL"],
                &["real", "real", "NULL"],
                &["double", "double precision", "NULL"],
                &["money", "numeric(12,2)", "NULL"],
                &["exact", "numeric", "NULL"],
                &["code", "character varying(40)", "NOT NULL"],
                &["body", "text", "NULL"],
                &["data", "bytea", "NULL"],
                &["flag", "boolean", "NULL"],
                &["day", "date", "NULL"],
                &["at", "time without time zone", "NULL"],
                &["stamp", "timestamp without time zone", "NULL"],
                &["stamp_tz", "timestamp with time zone", "NULL"],
                &["uid", "uuid", "NULL"],
                &["doc", "json", "NULL"],
                &["docb", "jsonb", "NULL"],
                &["mood", "mood", "NULL"],
            ],
            // MariaDB 10.11: JSON is a LONGTEXT with a json_valid() check.
            _ => &[
                &["id", "bigint(20)", "NOT NULL"],
                &["small", "smallint(6)", "NOT NULL"],
                &["int", "int(11)", "NULL"],
                &["real", "float", "NULL"],
                &["double", "double", "NULL"],
                &["money", "decimal(12,2)", "NULL"],
                &["exact", "decimal(65,30)", "NULL"],
                &["code", "varchar(40)", "NOT NULL"],
                &["body", "longtext", "NULL"],
                &["data", "longblob", "NULL"],
                &["flag", "tinyint(1)", "NULL"],
                &["day", "date", "NULL"],
                &["at", "time(6)", "NULL"],
                &["stamp", "datetime(6)", "NULL"],
                &["stamp_tz", "datetime(6)", "NULL"],
                &["uid", "char(36)", "NULL"],
                &["doc", "longtext", "NULL"],
                &["docb", "longtext", "NULL"],
                &["mood", "enum('happy','sad')", "NULL"],
            ],
        };
        assert_eq!(got, common::rows(want), "{}", conn.dialect().name());

        // The auto-increment key numbers rows by itself; the enum refuses other labels.
        conn.execute_sql(
            "INSERT INTO all_types (small, code, mood) VALUES (1, 'a', 'happy')",
            &[],
        )
        .unwrap();
        conn.execute_sql(
            "INSERT INTO all_types (small, code, mood) VALUES (2, 'b', 'sad')",
            &[],
        )
        .unwrap();
        assert_catalog(
            conn,
            "SELECT id, code, mood FROM all_types ORDER BY id",
            &[],
            &[&["1", "a", "happy"], &["2", "b", "sad"]],
        );
        refused(
            conn,
            "INSERT INTO all_types (small, code, mood) VALUES (3, 'c', 'angry')",
        );
        refused(conn, "INSERT INTO all_types (code) VALUES ('no small')");

        registry.drop_all(conn).unwrap();
        assert!(
            relations(conn).is_empty(),
            "{} left {:?}",
            conn.dialect().name(),
            relations(conn)
        );
    }
    if let Some(pg) = s.postgres() {
        assert_catalog(
            pg,
            "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema()",
            &[],
            &[&["0"]],
        );
    }
}

#[test]
fn defaults_fill_rows_and_the_catalog_keeps_them() {
    let mut s = Scratch::new();
    let tricky = r"C:\temp\'x";
    let t = TableDef::new("defaults")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(
            ColumnDef::new("qty", ColumnType::Integer)
                .not_null()
                .default(-1),
        )
        .column(ColumnDef::new("price", ColumnType::Double).default(2.5))
        .column(
            ColumnDef::new("active", ColumnType::Boolean)
                .not_null()
                .default(true),
        )
        .column(ColumnDef::new("quote", ColumnType::Varchar(30)).default("O'Brien"))
        .column(ColumnDef::new("path", ColumnType::Varchar(30)).default(tricky))
        .column(ColumnDef::new("uni", ColumnType::Varchar(30)).default("héllo ✓ 😀"))
        .column(ColumnDef::new("note", ColumnType::Text).default("n/a"))
        .column(ColumnDef::new("bin", ColumnType::Bytes).default(vec![0_u8, 0xff, b'\'']))
        .column(
            ColumnDef::new("added", ColumnType::Timestamp)
                .not_null()
                .default_expr(func::current_timestamp()),
        )
        .column(
            ColumnDef::new("twice", ColumnType::Integer)
                .generated_stored(Expr::column("qty").mul(2)),
        );
    for conn in s.conns() {
        run(conn, &t.create());
        conn.execute_sql("INSERT INTO defaults (id) VALUES (1)", &[])
            .unwrap();
        let rows = conn
            .query_sql("SELECT qty, price, active, quote, path, uni, note, bin, twice, added FROM defaults", &[])
            .unwrap();
        let row = &rows.rows[0];
        let name = conn.dialect().name();
        assert_eq!(row.get::<i64>(0).unwrap(), -1, "{name}");
        assert_eq!(row.get::<f64>(1).unwrap(), 2.5, "{name}");
        assert!(row.get::<bool>(2).unwrap(), "{name}");
        assert_eq!(row.get::<String>(3).unwrap(), "O'Brien", "{name}");
        assert_eq!(row.get::<String>(4).unwrap(), tricky, "{name}");
        assert_eq!(row.get::<String>(5).unwrap(), "héllo ✓ 😀", "{name}");
        assert_eq!(row.get::<String>(6).unwrap(), "n/a", "{name}");
        assert_eq!(
            row.get::<Vec<u8>>(7).unwrap(),
            vec![0_u8, 0xff, b'\''],
            "{name}"
        );
        assert_eq!(row.get::<i64>(8).unwrap(), -2, "{name}");
        assert!(
            !row.values()[9].is_null(),
            "{name}: CURRENT_TIMESTAMP default"
        );

        // The catalogs keep the defaults' text.
        let d = defaults(conn, "defaults");
        let want: &[&[&str]] = match name {
            "SQLite" => &[
                &["id", "-"],
                &["qty", "-1"],
                &["price", "2.5"],
                &["active", "TRUE"],
                &["quote", "'O''Brien'"],
                &["path", r"'C:\temp\''x'"],
                &["uni", "'héllo ✓ 😀'"],
                &["note", "'n/a'"],
                &["bin", "X'00ff27'"],
                &["added", "CURRENT_TIMESTAMP"],
                &["twice", "-"],
            ],
            "PostgreSQL" => &[
                &["id", "-"],
                &["qty", "'-1'::integer"],
                &["price", "2.5"],
                &["active", "true"],
                &["quote", "'O''Brien'::character varying"],
                &["path", r"'C:\temp\''x'::character varying"],
                &["uni", "'héllo ✓ 😀'::character varying"],
                &["note", "'n/a'::text"],
                &["bin", "decode('00ff27'::text, 'hex'::text)"],
                &["added", "CURRENT_TIMESTAMP"],
                &["twice", "(qty * 2)"],
            ],
            // MariaDB's information_schema is utf8mb3: the emoji shows as `?` there (the
            // default itself is right, as read back above).
            _ => &[
                &["id", "-"],
                &["qty", "-1"],
                &["price", "2.5"],
                &["active", "1"],
                &["quote", "'O''Brien'"],
                &["path", r"'C:\\temp\\''x'"],
                &["uni", "'héllo ✓ ?'"],
                &["note", "'n/a'"],
                &["bin", "X'00ff27'"],
                &["added", "current_timestamp(6)"],
                &["twice", "NULL"],
            ],
        };
        assert_eq!(d, common::rows(want), "{name}");
    }
    // MySQL's hex form of text with backslashes reads the same under NO_BACKSLASH_ESCAPES.
    if let Some(my) = s.mysql() {
        my.execute_raw_batch("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
            .unwrap();
        let t2 = TableDef::new("defaults_nbe")
            .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
            .column(ColumnDef::new("path", ColumnType::Varchar(30)).default(tricky))
            .column(ColumnDef::new("quote", ColumnType::Varchar(30)).default("it's"));
        run(my, &t2.create());
        my.execute_sql("INSERT INTO defaults_nbe (id) VALUES (1)", &[])
            .unwrap();
        assert_catalog(
            my,
            "SELECT path, quote FROM defaults_nbe",
            &[],
            &[&[tricky, "it's"]],
        );
    }
    // PostgreSQL's E'' form is right with standard_conforming_strings off too.
    if let Some(pg) = s.postgres() {
        pg.execute_raw_batch("SET standard_conforming_strings = off")
            .unwrap();
        let t3 = TableDef::new("defaults_scs")
            .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
            .column(ColumnDef::new("path", ColumnType::Varchar(30)).default(tricky))
            .column(ColumnDef::new("bin", ColumnType::Bytes).default(vec![b'\\', 0]));
        run(pg, &t3.create());
        pg.execute_sql("INSERT INTO defaults_scs (id) VALUES (1)", &[])
            .unwrap();
        let r = pg
            .query_sql("SELECT path, bin FROM defaults_scs", &[])
            .unwrap();
        assert_eq!(r.rows[0].get::<String>(0).unwrap(), tricky);
        assert_eq!(r.rows[0].get::<Vec<u8>>(1).unwrap(), vec![b'\\', 0]);
        pg.execute_raw_batch("SET standard_conforming_strings = on")
            .unwrap();
    }
}

fn products() -> TableDef {
    TableDef::new("products")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(
            ColumnDef::new("sku", ColumnType::Varchar(20))
                .not_null()
                .unique(),
        )
}

fn order_lines() -> TableDef {
    TableDef::new("order_lines")
        .column(ColumnDef::new("order_id", ColumnType::BigInt))
        .column(ColumnDef::new("line_no", ColumnType::Integer))
        .column(ColumnDef::new("product_id", ColumnType::BigInt))
        .column(ColumnDef::new("qty", ColumnType::Integer).not_null())
        .column(ColumnDef::new("note", ColumnType::Varchar(20)))
        .constraint(Constraint::primary_key(["order_id", "line_no"]).named("order_lines_pk"))
        .constraint(Constraint::unique(["order_id", "note"]).named("order_lines_note_uq"))
        .constraint(
            Constraint::foreign_key(
                ForeignKey::new("product_id", "products", "id")
                    .on_delete(FkAction::SetNull)
                    .on_update(FkAction::Cascade),
            )
            .named("order_lines_product_fk"),
        )
        .constraint(
            Constraint::check(Expr::column("qty").gt(0).and(Expr::column("qty").lt(1000)))
                .named("order_lines_qty_ck"),
        )
}

#[test]
fn constraints_in_the_catalogs_and_at_work() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        run(conn, &products().create());
        run(conn, &order_lines().create());
        let name = conn.dialect().name();
        match name {
            "SQLite" => {
                assert_catalog(
                    conn,
                    "SELECT name, pk FROM pragma_table_info('order_lines') WHERE pk > 0 ORDER BY pk",
                    &[],
                    &[&["order_id", "1"], &["line_no", "2"]],
                );
                assert_catalog(
                    conn,
                    r#"SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list('order_lines')"#,
                    &[],
                    &[&["products", "product_id", "id", "CASCADE", "SET NULL"]],
                );
                // origin: pk = primary key, u = unique constraint.
                assert_catalog(
                    conn,
                    r#"SELECT "unique", origin FROM pragma_index_list('order_lines') ORDER BY origin"#,
                    &[],
                    &[&["1", "pk"], &["1", "u"]],
                );
                let sql = catalog(
                    conn,
                    "SELECT sql FROM sqlite_schema WHERE name = 'order_lines'",
                    &[],
                );
                assert!(
                    sql[0][0].contains(
                        r#"CONSTRAINT "order_lines_qty_ck" CHECK ("qty" > 0 AND "qty" < 1000)"#
                    ),
                    "{sql:?}"
                );
            }
            "PostgreSQL" => {
                assert_catalog(
                    conn,
                    "SELECT conname::text, contype::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'order_lines'::regclass ORDER BY conname",
                    &[],
                    &[
                        &["order_lines_note_uq", "u", "UNIQUE (order_id, note)"],
                        &["order_lines_pk", "p", "PRIMARY KEY (order_id, line_no)"],
                        &[
                            "order_lines_product_fk",
                            "f",
                            "FOREIGN KEY (product_id) REFERENCES products(id) ON UPDATE CASCADE ON DELETE SET NULL",
                        ],
                        &[
                            "order_lines_qty_ck",
                            "c",
                            "CHECK (((qty > 0) AND (qty < 1000)))",
                        ],
                    ],
                );
                assert_catalog(
                    conn,
                    "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'products'::regclass AND contype = 'u'",
                    &[],
                    &[&["products_sku_key", "UNIQUE (sku)"]],
                );
            }
            _ => {
                // MariaDB names every primary key PRIMARY.
                assert_catalog(
                    conn,
                    "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'order_lines' ORDER BY CONSTRAINT_NAME",
                    &[],
                    &[
                        &["order_lines_note_uq", "UNIQUE"],
                        &["order_lines_product_fk", "FOREIGN KEY"],
                        &["order_lines_qty_ck", "CHECK"],
                        &["PRIMARY", "PRIMARY KEY"],
                    ],
                );
                assert_catalog(
                    conn,
                    "SELECT COLUMN_NAME, ORDINAL_POSITION FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'order_lines' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
                    &[],
                    &[&["order_id", "1"], &["line_no", "2"]],
                );
                assert_catalog(
                    conn,
                    "SELECT REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'order_lines_product_fk'",
                    &[],
                    &[&["products", "CASCADE", "SET NULL"]],
                );
                assert_catalog(
                    conn,
                    "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'order_lines_qty_ck'",
                    &[],
                    &[&["`qty` > 0 and `qty` < 1000"]],
                );
            }
        }
        // The constraints at work.
        conn.execute_sql(
            "INSERT INTO products (id, sku) VALUES (1, 'A'), (2, 'B')",
            &[],
        )
        .unwrap();
        conn.execute_sql("INSERT INTO order_lines (order_id, line_no, product_id, qty, note) VALUES (1, 1, 1, 5, 'x')", &[]).unwrap();
        refused(
            conn,
            "INSERT INTO order_lines (order_id, line_no, product_id, qty) VALUES (1, 1, 2, 5)",
        ); // primary key
        refused(
            conn,
            "INSERT INTO order_lines (order_id, line_no, product_id, qty, note) VALUES (1, 2, 2, 5, 'x')",
        ); // unique
        refused(
            conn,
            "INSERT INTO order_lines (order_id, line_no, product_id, qty) VALUES (1, 3, 99, 5)",
        ); // foreign key
        refused(
            conn,
            "INSERT INTO order_lines (order_id, line_no, product_id, qty) VALUES (1, 4, 1, 0)",
        ); // check
        refused(
            conn,
            "INSERT INTO order_lines (order_id, line_no, product_id) VALUES (1, 5, 1)",
        ); // not null
        refused(
            conn,
            "INSERT INTO order_lines (order_id, line_no, qty) VALUES (NULL, 6, 1)",
        ); // key columns are NOT NULL
        refused(conn, "INSERT INTO products (id, sku) VALUES (3, 'A')"); // column UNIQUE
        // ON UPDATE CASCADE, ON DELETE SET NULL.
        conn.execute_sql("UPDATE products SET id = 10 WHERE id = 1", &[])
            .unwrap();
        assert_catalog(conn, "SELECT product_id FROM order_lines", &[], &[&["10"]]);
        conn.execute_sql("DELETE FROM products WHERE id = 10", &[])
            .unwrap();
        assert_catalog(
            conn,
            "SELECT product_id FROM order_lines",
            &[],
            &[&["NULL"]],
        );

        run(conn, &DropTable::new("order_lines"));
        run(conn, &DropTable::new("products").if_exists());
        assert!(relations(conn).is_empty(), "{name}");
    }
}

#[test]
fn indexes_in_the_catalogs() {
    let mut s = Scratch::new();
    let t = TableDef::new("events")
        .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
        .column(ColumnDef::new("kind", ColumnType::Varchar(20)).not_null())
        .column(ColumnDef::new("at", ColumnType::Timestamp).not_null())
        .column(ColumnDef::new("email", ColumnType::Varchar(100)))
        .column(
            ColumnDef::new("done", ColumnType::Boolean)
                .not_null()
                .default(false),
        );
    let unique = CreateIndex::new(
        "events",
        IndexDef::new("events_kind_at_ux")
            .unique()
            .column("kind")
            .column_desc("at"),
    );
    let expression = CreateIndex::new(
        "events",
        IndexDef::new("events_email_ix").expr(func::lower(Expr::column("email"))),
    );
    let partial = CreateIndex::new(
        "events",
        IndexDef::new("events_open_ix")
            .column("at")
            .filter(Expr::column("done").eq(false)),
    );
    for conn in s.conns() {
        let name = conn.dialect().name();
        run(conn, &t.create());
        run(conn, &unique);
        match name {
            "SQLite" => {
                run(conn, &expression);
                run(conn, &partial);
                // unique, origin c = CREATE INDEX, partial.
                assert_catalog(
                    conn,
                    r#"SELECT name, "unique", origin, partial FROM pragma_index_list('events') WHERE origin = 'c' ORDER BY name"#,
                    &[],
                    &[
                        &["events_email_ix", "0", "c", "0"],
                        &["events_kind_at_ux", "1", "c", "0"],
                        &["events_open_ix", "0", "c", "1"],
                    ],
                );
                // cid -2 marks an expression.
                assert_catalog(
                    conn,
                    r#"SELECT seqno, cid, COALESCE(name, '<expr>'), "desc" FROM pragma_index_xinfo('events_kind_at_ux') WHERE key = 1"#,
                    &[],
                    &[&["0", "1", "kind", "0"], &["1", "2", "at", "1"]],
                );
                assert_catalog(
                    conn,
                    r#"SELECT cid, COALESCE(name, '<expr>') FROM pragma_index_xinfo('events_email_ix') WHERE key = 1"#,
                    &[],
                    &[&["-2", "<expr>"]],
                );
                assert_catalog(
                    conn,
                    "SELECT sql FROM sqlite_schema WHERE name = 'events_open_ix'",
                    &[],
                    &[&[
                        r#"CREATE INDEX "events_open_ix" ON "events" ("at") WHERE "done" = FALSE"#,
                    ]],
                );
            }
            "PostgreSQL" => {
                run(conn, &expression);
                run(conn, &partial);
                let schema = catalog(conn, "SELECT current_schema()::text", &[])[0][0].clone();
                let got = catalog(
                    conn,
                    "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY indexname",
                    &[],
                );
                let want = vec![
                    vec![
                        "events_email_ix".to_string(),
                        format!(
                            "CREATE INDEX events_email_ix ON {schema}.events USING btree (lower((email)::text))"
                        ),
                    ],
                    vec![
                        "events_kind_at_ux".to_string(),
                        format!(
                            "CREATE UNIQUE INDEX events_kind_at_ux ON {schema}.events USING btree (kind, at DESC)"
                        ),
                    ],
                    vec![
                        "events_open_ix".to_string(),
                        format!(
                            "CREATE INDEX events_open_ix ON {schema}.events USING btree (at) WHERE (done = false)"
                        ),
                    ],
                    vec![
                        "events_pkey".to_string(),
                        format!(
                            "CREATE UNIQUE INDEX events_pkey ON {schema}.events USING btree (id)"
                        ),
                    ],
                ];
                assert_eq!(got, want);
            }
            _ => {
                // MariaDB: no expression indexes, and MySQL has no partial ones.
                assert!(
                    conn.execute(&expression)
                        .unwrap_err()
                        .to_string()
                        .contains("MariaDB does not support indexes on expressions")
                );
                assert!(
                    conn.execute(&partial)
                        .unwrap_err()
                        .to_string()
                        .contains("MariaDB does not support partial indexes")
                );
                assert_catalog(
                    conn,
                    "SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                    &[],
                    &[
                        &["events_kind_at_ux", "0", "1", "kind", "A"],
                        &["events_kind_at_ux", "0", "2", "at", "D"],
                        &["PRIMARY", "0", "1", "id", "A"],
                    ],
                );
            }
        }
        // The unique index at work, then dropped.
        conn.execute_sql(
            "INSERT INTO events (id, kind, at) VALUES (1, 'a', '2024-01-01 10:00:00')",
            &[],
        )
        .unwrap();
        refused(
            conn,
            "INSERT INTO events (id, kind, at) VALUES (2, 'a', '2024-01-01 10:00:00')",
        );
        run(conn, &DropIndex::new("events", "events_kind_at_ux"));
        conn.execute_sql(
            "INSERT INTO events (id, kind, at) VALUES (2, 'a', '2024-01-01 10:00:00')",
            &[],
        )
        .unwrap();
        let left: Vec<String> = match name {
            "SQLite" => catalog(conn, "SELECT name FROM pragma_index_list('events') WHERE origin = 'c' ORDER BY name", &[]),
            "PostgreSQL" => catalog(conn, "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY 1", &[]),
            _ => catalog(conn, "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' ORDER BY 1", &[]),
        }
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
        let want: &[&str] = match name {
            "SQLite" => &["events_email_ix", "events_open_ix"],
            "PostgreSQL" => &["events_email_ix", "events_open_ix", "events_pkey"],
            _ => &["PRIMARY"],
        };
        assert_eq!(left, want, "{name}: indexes after DROP INDEX");
        let if_exists = DropIndex::new("events", "events_kind_at_ux").if_exists();
        match name {
            "SQLite" | "PostgreSQL" | "MariaDB" => run(conn, &if_exists),
            _ => assert!(conn.execute(&if_exists).is_err()),
        }
    }
}

#[test]
fn views_from_queries() {
    let mut s = Scratch::new();
    let orders = TableRef::new("orders");
    let q = Select::new()
        .column(orders.col("customer"))
        .column(func::count_star().label("n"))
        .from(orders.clone())
        .filter(
            orders
                .col("status")
                .eq("paid")
                .and(orders.col("total").gt(10.5)),
        )
        .group_by([orders.col("customer")]);
    let view = CreateView::new("paid_counts", q).columns(["customer", "paid_orders"]);
    for conn in s.conns() {
        let name = conn.dialect().name();
        run(
            conn,
            &TableDef::new("orders")
                .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
                .column(ColumnDef::new("customer", ColumnType::Varchar(20)).not_null())
                .column(ColumnDef::new("status", ColumnType::Varchar(20)).not_null())
                .column(ColumnDef::new("total", ColumnType::Double).not_null())
                .create(),
        );
        conn.execute_sql(
            "INSERT INTO orders (id, customer, status, total) VALUES (1, 'ann', 'paid', 20), (2, 'ann', 'paid', 30), (3, 'bob', 'paid', 5), (4, 'bob', 'open', 50), (5, 'cy', 'paid', 11)",
            &[],
        ).unwrap();
        run(conn, &view);
        assert_catalog(
            conn,
            "SELECT customer, paid_orders FROM paid_counts ORDER BY customer",
            &[],
            &[&["ann", "2"], &["cy", "1"]],
        );
        let kind: Vec<Vec<String>> = relations(conn)
            .into_iter()
            .filter(|r| r[1] == "paid_counts")
            .collect();
        assert_eq!(kind, common::rows(&[&["view", "paid_counts"]]), "{name}");
        // The stored definition holds the literals.
        let def = match name {
            "SQLite" => catalog(
                conn,
                "SELECT sql FROM sqlite_schema WHERE name = 'paid_counts'",
                &[],
            ),
            "PostgreSQL" => catalog(
                conn,
                "SELECT definition FROM pg_views WHERE schemaname = current_schema() AND viewname = 'paid_counts'",
                &[],
            ),
            _ => catalog(
                conn,
                "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'paid_counts'",
                &[],
            ),
        };
        assert!(
            def[0][0].contains("'paid'") && def[0][0].contains("10.5"),
            "{name}: {def:?}"
        );
        if name != "SQLite" {
            run(conn, &view.clone().or_replace());
        }
        run(conn, &DropView::new("paid_counts"));
        run(conn, &DropView::new("paid_counts").if_exists());
        assert!(relations(conn).iter().all(|r| r[0] != "view"), "{name}");
    }
}

#[test]
fn sequences_on_postgres_and_mariadb() {
    let mut s = Scratch::new();
    let seq = CreateSequence::new("invoice_no")
        .increment(10)
        .start(1000)
        .min_value(1)
        .max_value(1030)
        .cycle();
    assert!(
        s.sqlite()
            .execute(&seq)
            .unwrap_err()
            .to_string()
            .contains("SQLite does not support sequences")
    );
    if let Some(pg) = s.postgres() {
        run(pg, &seq);
        assert_catalog(
            pg,
            "SELECT start_value, increment_by, min_value, max_value, cycle::text FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = 'invoice_no'",
            &[],
            &[&["1000", "10", "1", "1030", "true"]],
        );
        assert_catalog(
            pg,
            "SELECT nextval('invoice_no'), nextval('invoice_no'), nextval('invoice_no'), nextval('invoice_no'), nextval('invoice_no')",
            &[],
            &[&["1000", "1010", "1020", "1030", "1"]],
        );
        run(pg, &DropSequence::new("invoice_no"));
        run(pg, &DropSequence::new("invoice_no").if_exists());
        assert!(relations(pg).is_empty());
    }
    if let Some(my) = s.mysql() {
        run(my, &seq);
        assert_catalog(
            my,
            "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'invoice_no'",
            &[],
            &[&["SEQUENCE"]],
        );
        assert_catalog(
            my,
            "SELECT start_value, increment, minimum_value, maximum_value, cycle_option FROM invoice_no",
            &[],
            &[&["1000", "10", "1", "1030", "1"]],
        );
        assert_catalog(
            my,
            "SELECT NEXT VALUE FOR invoice_no, NEXT VALUE FOR invoice_no",
            &[],
            &[&["1000", "1010"]],
        );
        run(my, &DropSequence::new("invoice_no"));
        assert!(relations(my).is_empty());
    }
}

#[test]
fn enum_types_on_postgres_and_inline_elsewhere() {
    let mut s = Scratch::new();
    let status = EnumType::new("status", ["new", "it's paid", r"back\slash"]);
    let t = TableDef::new("tickets")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(
            ColumnDef::new("status", ColumnType::Enum(status.clone()))
                .not_null()
                .default("new"),
        );
    if let Some(pg) = s.postgres() {
        run(pg, &CreateType::new(status.clone()));
        assert_catalog(
            pg,
            "SELECT e.enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE n.nspname = current_schema() AND t.typname = 'status' ORDER BY e.enumsortorder",
            &[],
            &[&["new"], &["it's paid"], &[r"back\slash"]],
        );
        run(pg, &t.create());
        pg.execute_sql("INSERT INTO tickets (id) VALUES (1)", &[])
            .unwrap();
        pg.execute_sql(
            "INSERT INTO tickets (id, status) VALUES (2, $1)",
            &[Value::from(r"back\slash")],
        )
        .unwrap();
        refused(pg, "INSERT INTO tickets (id, status) VALUES (3, 'lost')");
        assert_catalog(
            pg,
            "SELECT status::text FROM tickets ORDER BY id",
            &[],
            &[&["new"], &[r"back\slash"]],
        );
        // The type cannot go while a column uses it; with CASCADE it takes the column.
        assert!(pg.execute(&DropType::new("status")).is_err());
        run(pg, &DropType::new("status").cascade());
        assert_eq!(
            columns(pg, "tickets"),
            common::rows(&[&["id", "integer", "NOT NULL"]])
        );
        run(pg, &DropType::new("status").if_exists());
    }
    // MySQL writes labels into the column; a backslash cannot be a plain label there.
    if let Some(my) = s.mysql() {
        assert!(
            my.execute(&t.create())
                .unwrap_err()
                .to_string()
                .contains("backslash")
        );
        let plain = TableDef::new("tickets")
            .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
            .column(
                ColumnDef::new(
                    "status",
                    ColumnType::enumeration("status", ["new", "it's paid"]),
                )
                .not_null()
                .default("new"),
            );
        run(my, &plain.create());
        assert_eq!(
            columns(my, "tickets")[1],
            ["status", "enum('new','it''s paid')", "NOT NULL"]
        );
        my.execute_sql("INSERT INTO tickets (id) VALUES (1)", &[])
            .unwrap();
        refused(my, "INSERT INTO tickets (id, status) VALUES (3, 'lost')");
        assert!(my.execute(&CreateType::new(status.clone())).is_err());
    }
    // SQLite keeps text and checks it.
    run(s.sqlite(), &t.create());
    s.sqlite()
        .execute_sql("INSERT INTO tickets (id) VALUES (1)", &[])
        .unwrap();
    s.sqlite()
        .execute_sql(
            "INSERT INTO tickets (id, status) VALUES (2, ?)",
            &[Value::from(r"back\slash")],
        )
        .unwrap();
    refused(
        s.sqlite(),
        "INSERT INTO tickets (id, status) VALUES (3, 'lost')",
    );
    assert_catalog(
        s.sqlite(),
        "SELECT status FROM tickets ORDER BY id",
        &[],
        &[&["new"], &[r"back\slash"]],
    );
}

#[test]
fn enum_labels_at_the_limits_of_each_database() {
    let mut s = Scratch::new();
    let l63 = "a".repeat(63);
    // PostgreSQL keeps 63 bytes whole; a 64-byte label is refused by sqlweave, before
    // anything is sent (not a database error).
    if let Some(pg) = s.postgres() {
        run(
            pg,
            &CreateType::new(EnumType::new("long63", [l63.as_str(), ""])),
        );
        assert_catalog(
            pg,
            "SELECT e.enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE n.nspname = current_schema() AND t.typname = 'long63' ORDER BY e.enumsortorder",
            &[],
            &[&[l63.as_str()], &[""]],
        );
        let err = pg
            .execute(&CreateType::new(EnumType::new("long64", ["a".repeat(64)])))
            .unwrap_err();
        assert_eq!(err.db_kind(), None, "sent to the server: {err}");
        assert!(
            err.to_string()
                .contains("PostgreSQL keeps at most 63 bytes in an enum label"),
            "{err}"
        );
        assert_catalog(
            pg,
            "SELECT count(*) FROM pg_type WHERE typname = 'long64'",
            &[],
            &[&["0"]],
        );
    }
    // MariaDB takes long labels; '' is its ENUM error value, refused by sqlweave.
    if let Some(my) = s.mysql() {
        let long = "b".repeat(300);
        let t = TableDef::new("long_labels").column(ColumnDef::new(
            "s",
            ColumnType::enumeration("m", [long.as_str(), "x"]),
        ));
        run(my, &t.create());
        my.execute_sql("INSERT INTO long_labels VALUES (?)", &[Value::from(long)])
            .unwrap();
        assert_catalog(my, "SELECT LENGTH(s) FROM long_labels", &[], &[&["300"]]);
        let empty = TableDef::new("empty_label")
            .column(ColumnDef::new("s", ColumnType::enumeration("m", ["", "x"])));
        let err = my.execute(&empty.create()).unwrap_err();
        assert_eq!(err.db_kind(), None, "sent to the server: {err}");
        assert!(err.to_string().contains("error value"), "{err}");
    }
    // SQLite: '' and a 64-byte label are ordinary text in its CHECK.
    let l64 = "a".repeat(64);
    let t = TableDef::new("labels").column(ColumnDef::new(
        "s",
        ColumnType::enumeration("m", ["", l64.as_str()]),
    ));
    run(s.sqlite(), &t.create());
    s.sqlite()
        .execute_sql(
            "INSERT INTO labels VALUES (''), (?)",
            &[Value::from(l64.as_str())],
        )
        .unwrap();
    refused(s.sqlite(), "INSERT INTO labels VALUES ('zz')");
    assert_catalog(
        s.sqlite(),
        "SELECT length(s) FROM labels ORDER BY 1",
        &[],
        &[&["0"], &["64"]],
    );
}

#[test]
fn comments_in_the_catalogs() {
    let mut s = Scratch::new();
    let t = TableDef::new("notes")
        .comment("every note, it's here")
        .column(
            ColumnDef::new("id", ColumnType::Integer)
                .primary_key()
                .comment("the key"),
        )
        .column(ColumnDef::new("body", ColumnType::Text));
    // One schema, declared once with its comments, for every database.
    let schema = sqlweave::SchemaRegistry::new().table(t);
    for conn in s.conns() {
        if conn.dialect().name() == "SQLite" {
            // SQLite keeps no comments: refused, not silently lost, and nothing created…
            let err = schema.create_all(conn).unwrap_err();
            assert!(
                matches!(err, sqlweave::Error::Unsupported { .. })
                    && err
                        .to_string()
                        .contains("the comment on table \"notes\" would be lost"),
                "{err}"
            );
            assert!(relations(conn).is_empty());
        }
        // … unless asked to leave them out where they cannot be kept.
        schema
            .clone()
            .skip_unsupported_comments()
            .create_all(conn)
            .unwrap_or_else(|e| panic!("{}: {e}", conn.dialect().name()));
        match conn.dialect().name() {
            "SQLite" => {
                assert_eq!(
                    columns(conn, "notes"),
                    common::rows(&[&["id", "INTEGER", "NOT NULL"], &["body", "TEXT", "NULL"]])
                );
                conn.execute_sql("INSERT INTO notes (id, body) VALUES (1, 'x')", &[])
                    .unwrap();
            }
            "PostgreSQL" => {
                assert_catalog(
                    conn,
                    "SELECT obj_description('notes'::regclass, 'pg_class'), col_description('notes'::regclass, 1), COALESCE(col_description('notes'::regclass, 2), '-')",
                    &[],
                    &[&["every note, it's here", "the key", "-"]],
                );
                run(conn, &sqlweave::ddl::CommentOn::table("notes", "changed"));
                assert_catalog(
                    conn,
                    "SELECT obj_description('notes'::regclass, 'pg_class')",
                    &[],
                    &[&["changed"]],
                );
            }
            _ => {
                assert_catalog(
                    conn,
                    "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes'",
                    &[],
                    &[&["every note, it's here"]],
                );
                assert_catalog(
                    conn,
                    "SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes' ORDER BY ORDINAL_POSITION",
                    &[],
                    &[&["id", "the key"], &["body", ""]],
                );
                run(conn, &sqlweave::ddl::CommentOn::table("notes", "changed"));
                assert_catalog(
                    conn,
                    "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'notes'",
                    &[],
                    &[&["changed"]],
                );
            }
        }
    }
}

#[test]
fn alter_table_operations_in_the_catalogs() {
    let mut s = Scratch::new();
    let base = TableDef::new("staff")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(ColumnDef::new("name", ColumnType::Varchar(30)).not_null())
        .column(ColumnDef::new("dept", ColumnType::Varchar(10)));
    let depts = TableDef::new("depts")
        .column(ColumnDef::new("code", ColumnType::Varchar(10)).primary_key());
    for conn in s.conns() {
        let name = conn.dialect().name();
        run(conn, &depts.create());
        run(conn, &base.create());
        conn.execute_sql("INSERT INTO depts (code) VALUES ('ops')", &[])
            .unwrap();
        conn.execute_sql(
            "INSERT INTO staff (id, name, dept) VALUES (1, 'ann', 'ops')",
            &[],
        )
        .unwrap();

        // Every dialect: add, rename and drop a column; rename the table.
        run(
            conn,
            &AlterTable::new("staff").add_column(
                ColumnDef::new("level", ColumnType::Integer)
                    .not_null()
                    .default(1),
            ),
        );
        assert_catalog(conn, "SELECT level FROM staff", &[], &[&["1"]]);
        run(
            conn,
            &AlterTable::new("staff").rename_column("level", "grade"),
        );
        run(
            conn,
            &AlterTable::new("staff").add_column(ColumnDef::new("tmp", ColumnType::Integer)),
        );
        run(conn, &AlterTable::new("staff").drop_column("tmp"));
        let names: Vec<String> = columns(conn, "staff")
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(names, ["id", "name", "dept", "grade"], "{name}");

        // A reference added with its column: enforced everywhere (MySQL as its own clause).
        run(
            conn,
            &AlterTable::new("staff").add_column(
                ColumnDef::new("home_dept", ColumnType::Varchar(10)).references("depts", "code"),
            ),
        );
        refused(conn, "UPDATE staff SET home_dept = 'nope'");
        conn.execute_sql("UPDATE staff SET home_dept = 'ops'", &[])
            .unwrap();

        if name == "SQLite" {
            // What SQLite's ALTER cannot do is an error naming the operation.
            for (op, what) in [
                (
                    AlterTable::new("staff").add_constraint(
                        Constraint::check(Expr::column("grade").gt(0)).named("staff_grade_ck"),
                    ),
                    "ADD CONSTRAINT",
                ),
                (
                    AlterTable::new("staff").set_default("grade", 2),
                    "SET DEFAULT",
                ),
                (
                    AlterTable::new("staff").set_type("grade", ColumnType::BigInt),
                    "TYPE",
                ),
                (
                    AlterTable::new("staff")
                        .modify_column(ColumnDef::new("grade", ColumnType::BigInt)),
                    "changing a column",
                ),
            ] {
                let e = conn.execute(&op).unwrap_err().to_string();
                assert!(
                    e.contains("SQLite does not support") && e.contains(what),
                    "{e}"
                );
            }
        } else {
            // Constraints: add, see them work, drop them.
            run(
                conn,
                &AlterTable::new("staff")
                    .add_constraint(
                        Constraint::check(Expr::column("grade").gt(0)).named("staff_grade_ck"),
                    )
                    .add_constraint(Constraint::unique("name").named("staff_name_uq"))
                    .add_constraint(
                        Constraint::foreign_key(ForeignKey::new("dept", "depts", "code"))
                            .named("staff_dept_fk"),
                    ),
            );
            refused(conn, "UPDATE staff SET grade = 0");
            refused(conn, "INSERT INTO staff (id, name) VALUES (2, 'ann')");
            refused(conn, "UPDATE staff SET dept = 'nope'");
            run(
                conn,
                &AlterTable::new("staff")
                    .drop_constraint("staff_grade_ck", ConstraintType::Check)
                    .drop_constraint("staff_name_uq", ConstraintType::Unique)
                    .drop_constraint("staff_dept_fk", ConstraintType::ForeignKey),
            );
            conn.execute_sql("UPDATE staff SET grade = 0", &[]).unwrap();
            conn.execute_sql("INSERT INTO staff (id, name) VALUES (2, 'ann')", &[])
                .unwrap();
            let named = |c: &mut dyn Executor| -> Vec<Vec<String>> {
                let sql = if c.dialect().name() == "PostgreSQL" {
                    "SELECT conname::text FROM pg_constraint WHERE conrelid = 'staff'::regclass AND conname IN ('staff_grade_ck', 'staff_name_uq', 'staff_dept_fk') ORDER BY 1"
                } else {
                    "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'staff' AND CONSTRAINT_NAME IN ('staff_grade_ck', 'staff_name_uq', 'staff_dept_fk') ORDER BY 1"
                };
                catalog(c, sql, &[])
            };
            assert!(named(conn).is_empty(), "{name}: {:?}", named(conn));

            // Defaults.
            run(conn, &AlterTable::new("staff").set_default("dept", "ops"));
            conn.execute_sql("INSERT INTO staff (id, name) VALUES (3, 'cy')", &[])
                .unwrap();
            assert_catalog(
                conn,
                "SELECT dept FROM staff WHERE id = 3",
                &[],
                &[&["ops"]],
            );
            run(conn, &AlterTable::new("staff").drop_default("dept"));
            assert_eq!(
                defaults(conn, "staff")[2][1],
                if name == "PostgreSQL" { "-" } else { "NULL" },
                "{name}"
            );

            // Type and nullability: PostgreSQL piece by piece, MySQL by MODIFY COLUMN; the
            // portable ModifyColumn does the same on both.
            if name == "PostgreSQL" {
                conn.execute_sql("UPDATE staff SET dept = 'ops' WHERE dept IS NULL", &[])
                    .unwrap();
                run(
                    conn,
                    &AlterTable::new("staff")
                        .set_type("grade", ColumnType::BigInt)
                        .set_not_null("dept"),
                );
                refused(conn, "INSERT INTO staff (id, name) VALUES (9, 'no dept')");
                assert_eq!(
                    columns(conn, "staff")[2..4],
                    common::rows(&[
                        &["dept", "character varying(10)", "NOT NULL"],
                        &["grade", "bigint", "NOT NULL"]
                    ])
                );
                run(conn, &AlterTable::new("staff").drop_not_null("dept"));
            }
            run(
                conn,
                &AlterTable::new("staff").modify_column(
                    ColumnDef::new("name", ColumnType::Varchar(60))
                        .not_null()
                        .default("?"),
                ),
            );
            let want = if name == "PostgreSQL" {
                "character varying(60)"
            } else {
                "varchar(60)"
            };
            assert_eq!(
                columns(conn, "staff")[1],
                ["name", want, "NOT NULL"],
                "{name}"
            );
            run(
                conn,
                &AlterTable::new("staff")
                    .modify_column(ColumnDef::new("name", ColumnType::Varchar(60))),
            );
            assert_eq!(columns(conn, "staff")[1][2], "NULL", "{name}");
        }

        run(conn, &AlterTable::new("staff").rename_to("people"));
        let tables: Vec<String> = relations(conn)
            .into_iter()
            .filter(|r| r[0] == "table")
            .map(|r| r[1].clone())
            .collect();
        assert_eq!(tables, ["depts", "people"], "{name}");
        assert_catalog(
            conn,
            "SELECT count(*) FROM people",
            &[],
            &[&[if name == "SQLite" { "1" } else { "3" }]],
        );
    }
}
