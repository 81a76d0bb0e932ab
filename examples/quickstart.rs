//! sqlweave in five minutes, on an embedded SQLite file: no server, no setup.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! It walks through what the SQLAlchemy tutorials show — open a database, declare a
//! table, create it, insert rows, query them all, filter and take the first, update,
//! delete, and a transaction that fails half-way and rolls back — then joins,
//! aggregates, run-time filters, named parameters and subqueries. Each step prints the
//! SQL sqlweave ran, its bind parameters, and the rows as a table. The database file
//! lives in the system's temporary directory and is recreated on every run.

use std::error::Error;

use sqlweave::ddl::{ColumnDef, ColumnType, ForeignKey, TableDef};
use sqlweave::dml::{Delete, Insert, Update};
use sqlweave::{
    Executor, Expr, Rendered, Rows, Select, Statement, TypedExpr, Value, all_of, param, table,
    transaction,
};
use sqlweave_mysql::MySql;
use sqlweave_postgres::Postgres;
use sqlweave_sqlite::{Sqlite, SqliteConnection};

// Declare the tables. Each field is a typed column handle (`Column<i64>`,
// `Column<Option<String>>` …); the struct is `Copy`, so use it freely.
table! {
    /// People who write posts.
    pub struct Users("users") {
        id: i64,
        username: String,
        email: Option<String>,
    }
}

table! {
    /// What they write.
    pub struct Posts("posts") {
        id: i64,
        author_id: i64,
        title: String,
        likes: i64,
        published: bool,
    }
}

/// The users table as the database should hold it: the types and NOT NULL come from the
/// Rust types above; the key, uniqueness and auto-increment are added here.
fn users_def() -> TableDef {
    let u = Users::new();
    Users::table_def()
        .column(ColumnDef::of(u.id).auto_increment().primary_key())
        .column(
            ColumnDef::of(u.username)
                .ty(ColumnType::Varchar(40))
                .unique(),
        )
}

/// The posts table, with a foreign key to its author.
fn posts_def() -> TableDef {
    let p = Posts::new();
    Posts::table_def()
        .column(ColumnDef::of(p.id).auto_increment().primary_key())
        .column(ColumnDef::of(p.likes).default(0_i64))
        .foreign_key(ForeignKey::new(p.author_id, Users::new(), Users::new().id))
}

/// Run-time search criteria, e.g. from a web form: every field is optional.
#[derive(Default)]
struct PostSearch<'a> {
    author: Option<&'a str>,
    min_likes: Option<i64>,
    title_contains: Option<&'a str>,
    published_only: bool,
}

/// Builds the search query from whichever criteria are set.
fn search(f: &PostSearch) -> Select {
    let (u, p) = (Users::new(), Posts::new());
    // Each criterion is an `Option` of a condition; `all_of` ANDs the ones present.
    let cond = all_of(
        [
            f.author.map(|a| u.username.eq(a)),
            f.min_likes.map(|n| p.likes.ge(n)),
            f.title_contains.map(|t| p.title.contains(t)),
            f.published_only.then(|| p.published.eq(true)),
        ]
        .into_iter()
        .flatten(),
    );
    Select::new()
        .cols((p.title, u.username.label("author"), p.likes))
        .from(p)
        .join(u, u.id.eq(p.author_id))
        .filter(cond)
        .order_by(p.likes.desc())
}

fn main() -> Result<(), Box<dyn Error>> {
    // 1. Open the database: a file, created if missing (`open_in_memory` for none).
    let path = std::env::temp_dir().join("sqlweave-quickstart.db");
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let mut conn = SqliteConnection::open(&path)?;
    println!("database: {}", path.display());
    let u = Users::new();
    let p = Posts::new();

    // 2. Create the table.
    heading("1. Create the users table");
    let create_users = users_def().create();
    show_sql(&create_users)?;
    conn.execute(&create_users)?;

    // 3. Insert rows: the values travel as bind parameters, never as SQL text.
    heading("2. Insert rows");
    // The column tuple fixes the row types: `(u.username, u.email)` takes `(&str,
    // Option<&str>)`; swapping them would not compile. The ids come from the database.
    let insert_users = Insert::into(u).columns((u.username, u.email)).rows([
        ("ada", Some("ada@example.com")),
        ("brian", None),
        ("chen", Some("chen@example.com")),
        ("dana", None),
        ("fred", Some("fred@example.com")),
    ]);
    show_sql(&insert_users)?;
    let inserted = conn.execute(&insert_users)?;
    println!("({inserted} rows inserted)");

    // 4. Query everything.
    heading("3. Query all users");
    let all_users = Select::new()
        .cols((u.id, u.username, u.email))
        .from(u)
        .order_by(u.id.asc());
    run(&mut conn, &all_users, &[])?;

    // 5. Filter and take the first row; read it by typed column handle:
    //    `row.col(u.email)` is an `Option<String>` because the column is.
    heading("4. Filter and take the first row (fetch_optional)");
    let by_name = |name: &str| {
        Select::new()
            .cols((u.id, u.username, u.email))
            .from(u)
            .filter(u.username.eq(name))
    };
    show_sql(&by_name("chen"))?;
    if let Some(row) = conn.fetch_optional(&by_name("chen"))? {
        let id: i64 = row.col(u.id)?;
        let email: Option<String> = row.col(u.email)?;
        println!("found: id={id}, email={email:?}");
    }
    let nobody = conn.fetch_optional(&by_name("zoe"))?;
    println!("and for \"zoe\": {nobody:?}");

    // 6. Update: the number of rows changed comes back.
    heading("5. Update");
    let update = Update::table(u)
        .set(u.email, "brian@example.com")
        .filter(u.username.eq("brian"));
    show_sql(&update)?;
    let changed = conn.execute(&update)?;
    println!("({changed} row updated)");
    run(&mut conn, &by_name("brian"), &[])?;

    // 7. Delete.
    heading("6. Delete");
    let delete = Delete::from(u).filter(u.username.eq("fred"));
    show_sql(&delete)?;
    let deleted = conn.execute(&delete)?;
    println!("({deleted} row deleted)");
    run(&mut conn, &all_users, &[])?;

    // 8. A transaction commits when the closure returns Ok and rolls back when it
    //    returns Err (or panics). This one fails half-way: "ada" is taken, so the
    //    insert of "eve" before it is rolled back too.
    heading("7. A transaction that fails half-way rolls back");
    let result = transaction(&mut conn, |tx| {
        let add = |name: &'static str| {
            Insert::into(u)
                .columns((u.username, u.email))
                .values((name, None::<&str>))
        };
        tx.execute(&add("eve"))?;
        println!("inserted eve (not committed yet)");
        tx.execute(&add("ada"))?;
        println!("inserted a second ada (never printed)");
        Ok(())
    });
    match result {
        Ok(()) => println!("committed"),
        Err(e) => println!(
            "rolled back: {} ({})",
            e.db_kind().map_or("error".to_string(), |k| k.to_string()),
            e.db_code().unwrap_or("-")
        ),
    }
    println!("eve is not there:");
    run(&mut conn, &all_users, &[])?;

    // Sample posts, for the queries that follow.
    println!("\n(creating posts)");
    conn.execute(&posts_def().create())?;
    let posts = Insert::into(p)
        .columns((p.author_id, p.title, p.likes, p.published))
        .values((1, "Notes on the Analytical Engine", 42, true))
        .values((1, "Bernoulli numbers", 17, true))
        .values((1, "Draft: poetical science", 0, false))
        .values((2, "Paris by night", 8, true))
        .values((3, "Hello, world", 3, true))
        .values((3, "Why SQL still matters", 25, true));
    conn.execute(&posts)?;

    // 9. A LEFT JOIN with aggregates: posts and likes per user, users without posts too.
    heading("8. Posts per user (LEFT JOIN, COUNT, SUM, GROUP BY, ORDER BY)");
    let per_user = Select::new()
        .cols((
            u.username,
            p.id.count().label("posts"),
            p.likes.sum().coalesce(0).label("likes"),
        ))
        .from(u)
        .left_join(p, p.author_id.eq(u.id))
        .group_by([u.id.expr(), u.username.expr()])
        .order_by(p.id.count().desc())
        .order_by(u.username.asc());
    run(&mut conn, &per_user, &[])?;

    // 10. Optional filters assembled at run time.
    heading("9. Optional filters with all_of (criteria known only at run time)");
    let form = PostSearch {
        author: Some("ada"),
        published_only: true,
        ..PostSearch::default()
    };
    run(&mut conn, &search(&form), &[])?;
    let form = PostSearch {
        min_likes: Some(10),
        title_contains: Some("e"),
        ..PostSearch::default()
    };
    run(&mut conn, &search(&form), &[])?;

    // 11. A named parameter: the query is built once, the value supplied at execution.
    heading("10. Named bind parameter supplied at execution (fetch_all_with)");
    let popular = Select::new()
        .cols((p.title, p.likes))
        .from(p)
        .filter(p.likes.ge(param::<i64>("min_likes")))
        .order_by(p.likes.desc());
    for min_likes in [20_i64, 5] {
        println!("min_likes = {min_likes}");
        run(
            &mut conn,
            &popular,
            &[("min_likes", Value::from(min_likes))],
        )?;
    }

    // 12. Subqueries: a correlated EXISTS, and a scalar subquery as a column.
    heading("11. Subqueries: EXISTS and a scalar subquery");
    let published_by_user = Select::new()
        .column(p.id)
        .from(p)
        .filter(p.author_id.eq(u.id).and(p.published.eq(true)));
    let top_post = Select::new()
        .column(p.title)
        .from(p)
        .filter(p.author_id.eq(u.id))
        .order_by(p.likes.desc())
        .limit(1);
    let authors = Select::new()
        .column(u.username)
        .column_as(top_post.as_expr(), "top_post")
        .from(u)
        .filter(Expr::exists(published_by_user))
        .order_by(u.username.asc());
    run(&mut conn, &authors, &[])?;

    // 13. One tree, three dialects: only quoting and placeholders change.
    heading("12. The same query for each dialect");
    let q = search(&PostSearch {
        min_likes: Some(10),
        title_contains: Some("50%_off"),
        ..PostSearch::default()
    });
    for (name, r) in [
        ("SQLite", q.render(&Sqlite)?),
        ("PostgreSQL", q.render(&Postgres)?),
        ("MySQL 8", q.render(&MySql::mysql8())?),
    ] {
        println!("{name}:\n  {}\n  params: {}", r.sql, rendered_params(&r));
    }
    Ok(())
}

fn heading(title: &str) {
    println!("\n=== {title} ===");
}

/// Prints the SQL and parameters of `stmt` as SQLite will run it.
fn show_sql(stmt: &dyn Statement) -> sqlweave::Result<()> {
    let r = stmt.render_for(&Sqlite)?;
    println!("SQL:    {}", r.sql);
    if !r.params.is_empty() {
        println!("params: {}", rendered_params(&r));
    }
    Ok(())
}

/// Shows the SQL, runs it (with named parameters, if any) and prints the rows.
fn run(
    conn: &mut SqliteConnection,
    stmt: &dyn Statement,
    named: &[(&str, Value)],
) -> sqlweave::Result<Rows> {
    show_sql(stmt)?;
    let rows = conn.fetch_all_with(stmt, named)?;
    print_table(&rows);
    Ok(rows)
}

/// Parameter values as a list: text quoted, NULL as NULL.
fn show(values: &[Value]) -> String {
    let shown: Vec<String> = values
        .iter()
        .map(|v| match v {
            Value::Text(s) => format!("{s:?}"),
            v => cell(v),
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

/// The parameters, with the not-yet-bound named ones shown as `:name`.
fn rendered_params(r: &Rendered) -> String {
    let shown: Vec<String> = r
        .params
        .iter()
        .enumerate()
        .map(
            |(i, v)| match r.named.iter().find(|slot| slot.positions.contains(&i)) {
                Some(slot) => format!(":{}", slot.name),
                None => show(std::slice::from_ref(v))
                    .trim_matches(['[', ']'])
                    .to_string(),
            },
        )
        .collect();
    format!("[{}]", shown.join(", "))
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Bool(b) => b.to_string(),
        Value::Text(s) => s.clone(),
        v => match (v.as_i64(), v.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => f.to_string(),
            _ => format!("{v:?}"),
        },
    }
}

/// Prints rows as a small text table.
fn print_table(rows: &Rows) {
    let Some(first) = rows.rows.first() else {
        println!("(no rows)");
        return;
    };
    let header: Vec<String> = first.columns().to_vec();
    let body: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|r| r.values().iter().map(cell).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            body.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&header);
    println!("|-{}-|", rule.join("-|-"));
    for r in &body {
        line(r);
    }
    println!(
        "({} row{})",
        body.len(),
        if body.len() == 1 { "" } else { "s" }
    );
}
