//! Declared views in the spelling the database keeps: PostgreSQL and MariaDB rewrite a
//! view's SELECT when they store it (columns qualified, casts and parentheses added,
//! aliases written out), so the text sqlweave writes for a declared view is compared
//! with the database's text for the same query, obtained from the database itself.

use sqlweave::ddl::{CreateView, ObjectName};
use sqlweave::{Executor, Result, SchemaRegistry, Value};

/// The views of `declared` as the connection's database would store them: for each,
/// the text [`crate::reflect()`] would read back had it been made from the declaration
/// (a [`CreateView::raw`]). [`crate::diff`] compares views by their text: give it these
/// ([`crate::DiffOptions::stored_views`]) so that an unchanged view compares equal.
///
/// * **PostgreSQL**: each view is made as a temporary view inside a transaction
///   (a savepoint when one is open) that is rolled back, and read back with
///   `pg_get_viewdef`; nothing is left behind.
/// * **MariaDB / MySQL**: there are no temporary views and DDL commits, so each view is
///   made under a scratch name (`sqlweave_view_probe_…`) in the current database, read
///   back from `information_schema.VIEWS` and dropped. This needs the `CREATE VIEW`
///   and `DROP` privileges; inside an open transaction (which a `CREATE VIEW` would
///   commit) nothing is made and the views are returned as declared.
/// * **SQLite** keeps a view's text as written: nothing is asked (an empty list).
///
/// A view the database refuses (one that reads a table not made yet, say) is left out
/// (the diff compares it as declared). Views are resolved against the connection's
/// current schema or database.
///
/// ```
/// use sqlweave::ddl::{ColumnDef, ColumnType, CreateView};
/// use sqlweave::{Executor, Expr, SchemaRegistry, Select, TableDef, TableRef};
/// use sqlweave_migrate::{DiffOptions, ReflectOptions, diff, reflect, views_as_stored};
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// let t = TableRef::new("t");
/// let declared = SchemaRegistry::new()
///     .table(TableDef::new("t").column(ColumnDef::new("a", ColumnType::Integer)))
///     .view(CreateView::new("v", Select::new().column(Expr::column("a")).from(t)));
/// declared.create_all(&mut conn)?;
/// let current = reflect(&mut conn, &ReflectOptions::default())?;
/// let options = DiffOptions::default().stored_views(views_as_stored(&mut conn, &declared)?);
/// assert!(diff(&current, &declared, conn.dialect(), &options)?.is_empty());
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn views_as_stored(
    conn: &mut dyn Executor,
    declared: &SchemaRegistry,
) -> Result<Vec<CreateView>> {
    let mysql = match conn.dialect().name() {
        "PostgreSQL" => false,
        "MariaDB" | "MySQL" if conn.transaction_depth() == 0 => true,
        _ => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for v in &declared.views {
        let stored = if mysql {
            mysql_text(conn, v)
        } else {
            postgres_text(conn, v)
        };
        if let Ok(Some(text)) = stored {
            out.push(CreateView::raw(v.name.clone(), text));
        }
    }
    Ok(out)
}

/// A scratch name unique to this process and moment.
fn scratch_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("sqlweave_view_probe_{}_{nanos}", std::process::id())
}

/// `v` made under `name`, as SQL text (a view holds no bind parameters).
fn create_sql(conn: &dyn Executor, v: &CreateView, name: &str) -> Result<String> {
    let mut probe = v.clone();
    probe.name = ObjectName::new(name.to_string());
    probe.or_replace = false;
    probe.if_not_exists = false;
    let r = probe.render(conn.dialect())?;
    if !r.params.is_empty() {
        return Err(sqlweave::Error::invalid(
            "a view's SELECT cannot hold bind parameters",
        ));
    }
    Ok(r.sql)
}

fn postgres_text(conn: &mut dyn Executor, v: &CreateView) -> Result<Option<String>> {
    let name = scratch_name();
    let sql = create_sql(conn, v, &name)?;
    let Some(rest) = sql.strip_prefix("CREATE VIEW ") else {
        return Ok(None);
    };
    conn.begin()?;
    let read = (|| {
        conn.execute_raw_batch(&format!("CREATE TEMPORARY VIEW {rest}"))?;
        let rows = conn.query_sql(
            "SELECT pg_get_viewdef(to_regclass($1), true)",
            &[Value::from(format!("pg_temp.{name}"))],
        )?;
        rows.rows
            .first()
            .map(|r| r.get::<Option<String>>(0))
            .transpose()
            .map(Option::flatten)
    })();
    let rolled_back = conn.rollback();
    let text = read?;
    rolled_back?;
    // As the reflection reads it: without the trailing `;`.
    Ok(text.map(|t| t.trim().trim_end_matches(';').trim_end().to_string()))
}

fn mysql_text(conn: &mut dyn Executor, v: &CreateView) -> Result<Option<String>> {
    let name = scratch_name();
    let sql = create_sql(conn, v, &name)?;
    conn.execute_raw_batch(&sql)?;
    let read = conn.query_sql(
        "SELECT VIEW_DEFINITION, DATABASE() FROM information_schema.VIEWS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        &[Value::from(name.clone())],
    );
    let dropped = conn.execute_raw_batch(&format!("DROP VIEW IF EXISTS `{name}`"));
    let rows = read?;
    dropped?;
    let Some(row) = rows.rows.first() else {
        return Ok(None);
    };
    let def: Option<String> = row.get(0)?;
    let schema: Option<String> = row.get(1)?;
    Ok(def.map(|d| super::mysql::unqualified(&d, schema.as_deref().unwrap_or(""))))
}
