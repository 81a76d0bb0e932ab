//! Reflection on SQLite, PostgreSQL and MariaDB: a wide schema declared with sqlweave,
//! created with `create_all` in a private space on each database and reflected, compares
//! equal to its declaration once both went through `normalize` — and a declaration that
//! differs in one detail does not. (MySQL 8: no server here; its catalog queries are
//! the MariaDB ones but for CHECK constraints, which are not exercised.)

use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, ConstraintKind, CreateSequence, CreateView, EnumType,
    FkAction, ForeignKey, IndexDef, IndexTarget, SchemaRegistry, TableDef,
};
use sqlweave::{Executor, Expr, Select, TableRef, func};
use sqlweave_harness::{Config, Spaces};
use sqlweave_migrate::{
    DiffOptions, MigrationOp, ReflectOptions, diff, normalize, reflect, reflect_table, render_ops,
    views_as_stored,
};

fn spaces(prefix: &str) -> Spaces {
    let spaces = Spaces::open(&Config::from_env().prefix(prefix)).expect("the test spaces");
    for s in spaces.skipped() {
        eprintln!("skipped: {s:?}");
    }
    spaces
}

/// Every column type the core has, every constraint kind, indexes of each kind, a view,
/// a sequence, an enum and comments — each where the database has it:
/// * partial and expression indexes: not MariaDB (it has neither);
/// * deferred foreign keys: not MariaDB; `SET DEFAULT`: not MariaDB (InnoDB refuses it);
/// * virtual generated columns: not PostgreSQL 15 (stored only);
/// * sequences: not SQLite; comments: left out on SQLite (it keeps none).
fn wide_schema(db: &str) -> SchemaRegistry {
    let maria = db == "MariaDB";
    let pg = db == "PostgreSQL";
    let mood = EnumType::new("mood", ["happy", "it's ok", "sad"]);
    let raw = match db {
        "PostgreSQL" => "int4",
        "MariaDB" => "MEDIUMINT",
        _ => "VARCHAR(20)",
    };
    let mut people = TableDef::new("people")
        .comment("everyone we know")
        .column(
            ColumnDef::new("id", ColumnType::BigInt)
                .auto_increment()
                .primary_key(),
        )
        .column(
            ColumnDef::new("small", ColumnType::SmallInt)
                .not_null()
                .default(0),
        )
        .column(ColumnDef::new("medium", ColumnType::Integer).default(-7))
        .column(ColumnDef::new("ratio", ColumnType::Real))
        .column(ColumnDef::new("score", ColumnType::Double).default(2.5))
        .column(
            ColumnDef::new("amount", ColumnType::Numeric(Some((12, 2))))
                .not_null()
                .default(0),
        )
        .column(ColumnDef::new("exact", ColumnType::Numeric(None)))
        .column(ColumnDef::new("bio", ColumnType::Text).comment("free text"))
        .column(
            ColumnDef::new("email", ColumnType::Varchar(200))
                .not_null()
                .unique()
                .comment("where we write"),
        )
        .column(ColumnDef::new("nick", ColumnType::Varchar(40)).default("it's me?"))
        .column(ColumnDef::new("photo", ColumnType::Bytes))
        .column(
            ColumnDef::new("active", ColumnType::Boolean)
                .not_null()
                .default(true),
        )
        .column(ColumnDef::new("born", ColumnType::Date))
        .column(ColumnDef::new("wakes", ColumnType::Time))
        .column(
            ColumnDef::new("created", ColumnType::Timestamp)
                .not_null()
                .default_expr(func::current_timestamp()),
        )
        .column(ColumnDef::new("seen", ColumnType::TimestampTz))
        .column(ColumnDef::new("token", ColumnType::Uuid))
        .column(ColumnDef::new("doc", ColumnType::Json))
        .column(ColumnDef::new("docb", ColumnType::Jsonb))
        .column(ColumnDef::new("mood", ColumnType::Enum(mood.clone())).default("happy"))
        .column(ColumnDef::new("legacy", ColumnType::raw(raw)))
        .column(
            ColumnDef::new("double_small", ColumnType::BigInt)
                .generated_stored(Expr::column("small").mul(2)),
        )
        .constraint(
            Constraint::check(
                Expr::column("small")
                    .ge(0)
                    .and(Expr::column("small").lt(1000)),
            )
            .named("people_small_range"),
        )
        .check(Expr::column("nick").ne(""))
        .unique(["nick", "born"])
        .constraint(Constraint::unique(["nick", "wakes"]).named("people_nick_wakes_uq"))
        .index(
            IndexDef::new("people_born_ix")
                .column("born")
                .column_desc("small"),
        )
        .index(IndexDef::new("people_token_ux").unique().column("token"));
    if !pg {
        people = people.column(
            ColumnDef::new("half_small", ColumnType::Integer)
                .generated_virtual(Expr::column("small").div(2)),
        );
    }
    if !maria {
        people = people
            .index(IndexDef::new("people_lower_email_ix").expr(func::lower(Expr::column("email"))))
            .index(
                IndexDef::new("people_active_ix").column("created").filter(
                    Expr::column("active")
                        .eq(true)
                        .and(Expr::column("bio").is_not_null()),
                ),
            );
    }
    let mut parents_fk = ForeignKey::new(["person_id"], "people", ["id"])
        .on_delete(FkAction::Cascade)
        .on_update(if maria {
            FkAction::Restrict
        } else {
            FkAction::SetNull
        });
    if !maria {
        parents_fk = parents_fk.initially_deferred();
    }
    let visits = TableDef::new("visits")
        .column(ColumnDef::new("person_id", ColumnType::BigInt))
        .column(ColumnDef::new("day", ColumnType::Date).not_null())
        .column(ColumnDef::new("seq", ColumnType::Integer).not_null())
        .column(
            ColumnDef::new("guide_id", ColumnType::BigInt)
                .references("people", "id")
                .on_delete(FkAction::SetNull),
        )
        .column(ColumnDef::new("note", ColumnType::Varchar(100)))
        .constraint(Constraint::primary_key(["day", "seq"]).named("visits_pk_named"))
        .constraint(Constraint::foreign_key(parents_fk).named("visits_person_fk"))
        .constraint(
            Constraint::check(Expr::column("seq").gt(0).or(Expr::column("note").is_null()))
                .named("visits_seq_ck"),
        )
        .index(IndexDef::new("visits_note_ix").column("note"));
    let tree = TableDef::new("tree")
        .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
        .column(
            ColumnDef::new("parent", ColumnType::Integer)
                .references("tree", "id")
                .on_delete(if maria {
                    FkAction::Cascade
                } else {
                    FkAction::SetDefault
                }),
        )
        .column(ColumnDef::new("label", ColumnType::Varchar(30)).default("root"));
    let people_ref = TableRef::new("people");
    let view = CreateView::new(
        "active_people",
        Select::new()
            .column(people_ref.col("id"))
            .column(people_ref.col("email"))
            .from(people_ref.clone())
            .filter(
                people_ref
                    .col("active")
                    .eq(true)
                    .and(people_ref.col("small").gt(1)),
            ),
    );
    let mut registry = SchemaRegistry::new()
        .table(tree)
        .table(visits)
        .table(people)
        .view(view)
        .skip_unsupported_comments();
    if db != "SQLite" {
        registry = registry
            .sequence(CreateSequence::new("invoice_no").start(1000).increment(10))
            .sequence(CreateSequence::new("plain_seq"));
    }
    if pg {
        registry = registry.enum_type(EnumType::new("unused_mood", ["a", "b"]));
    }
    registry
}

fn normalized(r: &SchemaRegistry, conn: &mut dyn Executor) -> SchemaRegistry {
    normalize(r, conn.dialect())
        .unwrap_or_else(|e| panic!("{}: normalize failed: {e}", conn.dialect().name()))
}

/// Compares table by table first, so that a failure names what differs.
fn assert_same(declared: &SchemaRegistry, reflected: &SchemaRegistry, db: &str) {
    assert_eq!(
        declared.tables.iter().map(|t| &t.name).collect::<Vec<_>>(),
        reflected.tables.iter().map(|t| &t.name).collect::<Vec<_>>(),
        "{db}: tables"
    );
    for (d, r) in declared.tables.iter().zip(&reflected.tables) {
        for (dc, rc) in d.columns.iter().zip(&r.columns) {
            assert_eq!(dc, rc, "{db}: column {} of {}", dc.name, d.name.name);
        }
        assert_eq!(
            d.columns.len(),
            r.columns.len(),
            "{db}: columns of {}",
            d.name.name
        );
        assert_eq!(
            d.constraints, r.constraints,
            "{db}: constraints of {}",
            d.name.name
        );
        assert_eq!(d.indexes, r.indexes, "{db}: indexes of {}", d.name.name);
        assert_eq!(d.comment, r.comment, "{db}: comment of {}", d.name.name);
    }
    assert_eq!(declared.views, reflected.views, "{db}: views");
    assert_eq!(declared.sequences, reflected.sequences, "{db}: sequences");
    assert_eq!(
        declared.enum_types, reflected.enum_types,
        "{db}: enum types"
    );
    assert_eq!(declared, reflected, "{db}");
}

#[test]
fn a_wide_schema_reflects_as_declared_on_every_database() {
    let mut spaces = spaces("sw_reflect_wide");
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let declared = wide_schema(db);
        declared
            .create_all(conn)
            .unwrap_or_else(|e| panic!("{db}: create_all failed: {e}"));
        let reflected = reflect(conn, &ReflectOptions::default())
            .unwrap_or_else(|e| panic!("{db}: reflect failed: {e}"));
        assert_eq!(reflected.tables.len(), 3, "{db}");
        let want = normalized(&declared, conn);
        let got = normalized(&reflected, conn);
        assert_same(&want, &got, db);
    }
}

/// The normalisation does not hide real differences: a declaration changed in one
/// detail no longer matches what the database holds.
#[test]
fn a_declaration_that_differs_in_one_detail_does_not_match() {
    let mut spaces = spaces("sw_reflect_diff");
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let declared = wide_schema(db);
        declared.create_all(conn).unwrap();
        let reflected = normalized(&reflect(conn, &ReflectOptions::default()).unwrap(), conn);
        type Change = fn(&mut SchemaRegistry);
        let changes: [(&str, Change); 8] = [
            ("a default", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "people")
                    .unwrap();
                t.columns[1].default = Some(Expr::from(1));
            }),
            ("nullability", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "people")
                    .unwrap();
                t.columns[2].nullable = false;
            }),
            ("a type", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "people")
                    .unwrap();
                t.columns[4].ty = ColumnType::Bytes;
            }),
            ("a CHECK's expression", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "visits")
                    .unwrap();
                for c in &mut t.constraints {
                    if let ConstraintKind::Check(e) = &mut c.kind {
                        *e = Expr::column("seq").gt(1).or(Expr::column("note").is_null());
                    }
                }
            }),
            ("a foreign key's action", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "visits")
                    .unwrap();
                t.columns[3].references = t.columns[3]
                    .references
                    .take()
                    .map(|fk| fk.on_delete(FkAction::Cascade));
            }),
            ("an index's order", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "people")
                    .unwrap();
                t.indexes[0].parts[1].desc = false;
            }),
            ("a constraint's name", |r| {
                let t = r
                    .tables
                    .iter_mut()
                    .find(|t| t.name.name.as_str() == "visits")
                    .unwrap();
                t.constraints[2].name = Some("another_name".into());
            }),
            ("a view", |r| {
                let p = TableRef::new("people");
                r.views[0] = CreateView::new(
                    "active_people",
                    Select::new()
                        .column(p.col("id"))
                        .column(p.col("email"))
                        .from(p.clone())
                        .filter(p.col("active").eq(true)),
                );
            }),
        ];
        for (what, change) in changes {
            let mut other = declared.clone();
            change(&mut other);
            assert_ne!(
                normalized(&other, conn),
                reflected,
                "{db}: {what} changed, yet equal"
            );
        }
    }
}

/// A schema written by hand, not by sqlweave: the database's own type names and
/// defaults are read as the types and expressions they are.
#[test]
fn a_hand_written_schema_is_read_as_the_database_holds_it() {
    let mut spaces = spaces("sw_reflect_hand");
    spaces
        .load(|db| match db {
            "PostgreSQL" => "CREATE TABLE h (id serial PRIMARY KEY, n int4 NOT NULL DEFAULT 3, v character varying(9) DEFAULT 'a'::character varying, t timestamp with time zone, d numeric(5,1) CHECK (d > 0));
                 CREATE INDEX h_v ON h (lower(v)) WHERE n > 1;"
                .into(),
            "SQLite" => "CREATE TABLE h (id INTEGER PRIMARY KEY AUTOINCREMENT, n INT NOT NULL DEFAULT 3, v VARCHAR(9) DEFAULT 'a', t DATETIME, d DECIMAL(5,1) CHECK (d > 0));
                 CREATE INDEX h_v ON h (lower(v)) WHERE n > 1;"
                .into(),
            _ => "CREATE TABLE h (id INT AUTO_INCREMENT PRIMARY KEY, n INT(11) NOT NULL DEFAULT 3, v VARCHAR(9) DEFAULT 'a', t DATETIME(6), d DECIMAL(5,1) CHECK (d > 0));
                 CREATE INDEX h_v ON h (v);"
                .into(),
        })
        .unwrap();
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let t = reflect_table(conn, &"h".into()).unwrap().expect("table h");
        let types: Vec<&ColumnType> = t.columns.iter().map(|c| &c.ty).collect();
        let expected: Vec<ColumnType> = match db {
            "PostgreSQL" => vec![
                ColumnType::Integer,
                ColumnType::Integer,
                ColumnType::Varchar(9),
                ColumnType::TimestampTz,
                ColumnType::Numeric(Some((5, 1))),
            ],
            "SQLite" => vec![
                ColumnType::BigInt,
                ColumnType::Integer,
                ColumnType::Varchar(9),
                ColumnType::raw("DATETIME"),
                ColumnType::Numeric(Some((5, 1))),
            ],
            _ => vec![
                ColumnType::Integer,
                ColumnType::Integer,
                ColumnType::Varchar(9),
                ColumnType::Timestamp,
                ColumnType::Numeric(Some((5, 1))),
            ],
        };
        assert_eq!(types, expected.iter().collect::<Vec<_>>(), "{db}");
        assert!(
            t.columns[0].auto_increment,
            "{db}: serial / AUTOINCREMENT / AUTO_INCREMENT"
        );
        assert!(!t.columns[1].nullable, "{db}");
        // The key is never NULL, though SQLite's pragma says only what was declared.
        assert!(!t.columns[0].nullable, "{db}: the primary key");
        assert!(
            !t.to_dyn_table().columns[0].nullable,
            "{db}: the primary key"
        );
        let n = normalize(&SchemaRegistry::new().table(t.clone()), conn.dialect()).unwrap();
        let nt = &n.tables[0];
        assert_eq!(
            nt.columns[1].default,
            Some(Expr::raw("3", Vec::<sqlweave::Value>::new())),
            "{db}"
        );
        assert_eq!(
            nt.columns[2].default,
            Some(Expr::raw("'a'", Vec::<sqlweave::Value>::new())),
            "{db}"
        );
        let checks: Vec<&Expr> = nt
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::Check(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(
            checks,
            [&Expr::raw("(d > 0)", Vec::<sqlweave::Value>::new())],
            "{db}"
        );
        assert_eq!(t.indexes.len(), 1, "{db}");
        if db != "MariaDB" {
            assert!(
                matches!(t.indexes[0].parts[0].target, IndexTarget::Expr(_)),
                "{db}"
            );
            assert_eq!(
                nt.indexes[0].predicate,
                Some(Expr::raw("(n > 1)", Vec::<sqlweave::Value>::new())),
                "{db}"
            );
        }
    }
}

/// What `ReflectOptions` selects, and a reflected table as a `DynTable` for queries.
#[test]
fn options_select_tables_and_a_reflection_serves_queries() {
    let mut spaces = spaces("sw_reflect_opts");
    let name = spaces.name().to_string();
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let registry = SchemaRegistry::new()
            .table(
                TableDef::new("a")
                    .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
                    .column(ColumnDef::new("label", ColumnType::Varchar(10)).not_null()),
            )
            .table(TableDef::new("b").column(ColumnDef::new("id", ColumnType::Integer)));
        registry.create_all(conn).unwrap();
        conn.execute_raw_batch("INSERT INTO a (id, label) VALUES (1, 'one'), (2, 'two')")
            .unwrap();
        let names = |r: &SchemaRegistry| -> Vec<String> {
            r.tables
                .iter()
                .map(|t| t.name.name.as_str().to_string())
                .collect()
        };
        let all = reflect(conn, &ReflectOptions::default()).unwrap();
        assert_eq!(names(&all), ["a", "b"], "{db}");
        let only_b = reflect(conn, &ReflectOptions::default().exclude(["a"])).unwrap();
        assert_eq!(names(&only_b), ["b"], "{db}");
        let only_a = reflect(conn, &ReflectOptions::default().include(["a"])).unwrap();
        assert_eq!(names(&only_a), ["a"], "{db}");
        if db != "SQLite" {
            // A schema asked for by name: names come back qualified with it.
            let q = reflect(conn, &ReflectOptions::default().schema(name.clone())).unwrap();
            assert_eq!(
                q.tables[0].name.schema.as_ref().map(|s| s.as_str()),
                Some(name.as_str()),
                "{db}"
            );
        }
        let a = reflect_table(conn, &"a".into()).unwrap().unwrap();
        let dynamic = a.to_dyn_table();
        let q = Select::new()
            .column(dynamic.col("label").unwrap())
            .from(dynamic.table_ref())
            .filter(dynamic.col("id").unwrap().eq(2));
        let rows = conn.fetch_all(&q).unwrap();
        assert_eq!(
            rows.iter().next().unwrap().get::<String>(0).unwrap(),
            "two",
            "{db}"
        );
        assert_eq!(
            a.constraints
                .iter()
                .filter(|c| matches!(c.kind, ConstraintKind::PrimaryKey(_)))
                .count(),
            1,
            "{db}"
        );
    }
}

/// The view of [`an_unchanged_view_is_no_change`]: unqualified columns, an expression
/// with a literal, a condition and an order (PostgreSQL and MariaDB store all of it in
/// their own spelling: qualified, cast, parenthesized, aliased).
fn cheap_items(limit: i64) -> CreateView {
    CreateView::new(
        "cheap_items",
        Select::new()
            .column(Expr::column("id"))
            .column(Expr::column("name"))
            .column_as(Expr::column("price").mul(2), "double_price")
            .from(TableRef::new("items"))
            .filter(
                Expr::column("price")
                    .lt(limit)
                    .and(Expr::column("name").ne("none")),
            ),
    )
}

/// A view made from a declaration, diffed against the same declaration, is no change on
/// every database; a view whose query changed is dropped and made again. PostgreSQL
/// used to report an unchanged view with unqualified columns as changed (its stored
/// text, `SELECT items.id, …`, never equals what sqlweave writes), and the diff did not
/// compare view queries at all (a changed view was no change).
#[test]
fn an_unchanged_view_is_no_change() {
    let mut spaces = spaces("sw_reflect_view");
    for conn in spaces.conns() {
        let db = conn.dialect().name();
        let items = TableDef::new("items")
            .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
            .column(ColumnDef::new("name", ColumnType::Varchar(40)).not_null())
            .column(ColumnDef::new("price", ColumnType::Integer));
        let declared = SchemaRegistry::new().table(items).view(cheap_items(10));
        declared.create_all(conn).unwrap();
        let current = reflect(conn, &ReflectOptions::default()).unwrap();

        let options =
            DiffOptions::default().stored_views(views_as_stored(conn, &declared).unwrap());
        let ops = diff(&current, &declared, conn.dialect(), &options).unwrap();
        assert!(ops.is_empty(), "{db}: {ops:?}");
        // Nothing was left behind by asking.
        assert_eq!(
            reflect(conn, &ReflectOptions::default()).unwrap(),
            current,
            "{db}"
        );

        let changed = SchemaRegistry::new()
            .table(declared.tables[0].clone())
            .view(cheap_items(20));
        let options = DiffOptions::default().stored_views(views_as_stored(conn, &changed).unwrap());
        let ops = diff(&current, &changed, conn.dialect(), &options).unwrap();
        assert!(
            matches!(
                ops.as_slice(),
                [MigrationOp::DropView(old), MigrationOp::CreateView(new)]
                    if old.name.name.as_str() == "cheap_items" && new.name.name.as_str() == "cheap_items"
            ),
            "{db}: {ops:?}"
        );
        // Applied, the changed view is what the database then has.
        let sql = render_ops(&ops, conn.dialect(), &current).unwrap();
        for s in &sql {
            conn.execute_raw_batch(s).unwrap();
        }
        let now = reflect(conn, &ReflectOptions::default()).unwrap();
        let ops = diff(&now, &changed, conn.dialect(), &options).unwrap();
        assert!(ops.is_empty(), "{db}: after applying: {ops:?}");
        // The operations carry the view as declared.
        assert_eq!(
            sql.last().unwrap(),
            &changed.views[0].render(conn.dialect()).unwrap().sql
        );
    }
}
