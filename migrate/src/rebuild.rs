//! The SQLite table rebuild: what SQLite's `ALTER TABLE` cannot do (change a column's
//! type, nullability or default, add or drop a constraint, drop a column that a key or
//! index uses) done the way <https://www.sqlite.org/lang_altertable.html> section 7
//! says: a new table, the rows copied, the old table dropped, the new one renamed,
//! indexes and triggers made again, foreign keys checked.

use sqlweave::ddl::{CreateIndex, DdlStatement, DropTable, ObjectName};
use sqlweave::{Dialect, Error, Executor, Expr, Ident, Result, TableDef, Value};

use crate::ops::display;
use crate::sql::render_statement;

/// A planned rebuild of one SQLite table: plain data, computed from the schema before
/// and after (never from the database in the middle of a migration), so that it renders
/// offline too.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRebuild {
    /// The table as it is.
    pub before: TableDef,
    /// The table as it becomes (its indexes are made again after the copy).
    pub after: TableDef,
    /// The columns copied: each new column and the expression over the old table that
    /// fills it (values in it are written as literals). New columns not listed take
    /// their default.
    pub copy: Vec<(Ident, Expr)>,
}

impl TableRebuild {
    /// Plans the rebuild from `before` into `after` (same table name): every column of
    /// `after` that `before` has and that is not generated in `after` is copied by name
    /// (one generated in `before` keeps the values it showed).
    pub fn plan(before: &TableDef, after: &TableDef) -> Result<TableRebuild> {
        if before.name != after.name {
            return Err(Error::invalid(format!(
                "a rebuild keeps the table's name ({} is not {})",
                display(&before.name),
                display(&after.name)
            )));
        }
        let copy = after
            .columns
            .iter()
            .filter(|c| c.generated.is_none())
            // A column generated before and stored after keeps the values it showed.
            .filter(|c| before.get_column(c.name.as_str()).is_some())
            .map(|c| {
                let old = Expr::column(c.name.clone());
                let was_nullable = before
                    .get_column(c.name.as_str())
                    .is_some_and(|b| b.nullable && !b.primary_key);
                // A column made NOT NULL with a default: rows holding NULL get the
                // default (as the UPDATE before ALTER does on the other databases).
                let e = match &c.default {
                    Some(d) if was_nullable && !c.nullable => {
                        sqlweave::func::coalesce([old, d.clone()])
                    }
                    _ => old,
                };
                (c.name.clone(), e)
            })
            .collect();
        Ok(TableRebuild {
            before: before.clone(),
            after: after.clone(),
            copy,
        })
    }

    /// The name the new table has until it replaces the old one.
    pub fn temporary_name(&self) -> ObjectName {
        ObjectName {
            schema: self.after.name.schema.clone(),
            name: Ident::from(format!("_sqlweave_new_{}", self.after.name.name)),
        }
    }

    /// The statements, in order (SQLite only):
    ///
    /// 1. `PRAGMA legacy_alter_table = ON`, so that the rename at step 5 leaves views
    ///    and triggers that name the table alone (they name it again once it is back);
    /// 2. `CREATE TABLE "_sqlweave_new_t" (…)`, the new definition;
    /// 3. `INSERT INTO "_sqlweave_new_t" (…) SELECT … FROM "t"`, every row;
    /// 4. `DROP TABLE "t"` (its indexes and triggers go with it);
    /// 5. `ALTER TABLE "_sqlweave_new_t" RENAME TO "t"`;
    /// 6. `CREATE INDEX` for each index of the new definition;
    /// 7. `PRAGMA legacy_alter_table = OFF`.
    ///
    /// Run them with foreign keys off and check them afterwards, in one transaction:
    /// [`rebuild_table`] and the [`crate::Runner`] do, and they also make again the
    /// triggers that step 4 dropped.
    pub fn statements(&self, d: &dyn Dialect) -> Result<Vec<String>> {
        if d.name() != "SQLite" {
            return Err(d.unsupported("the SQLite table rebuild (it is for SQLite only)"));
        }
        let tmp = self.temporary_name();
        let mut new_table = self.after.clone();
        new_table.name = tmp.clone();
        new_table.indexes.clear();
        let quote = |i: &Ident| -> Result<String> {
            Ok(sqlweave::render::render_expr(d, &Expr::column(i.clone()))?.sql)
        };
        let qualified = |n: &ObjectName| -> Result<String> {
            Ok(match &n.schema {
                Some(s) => format!("{}.{}", quote(s)?, quote(&n.name)?),
                None => quote(&n.name)?,
            })
        };
        let mut out = vec!["PRAGMA legacy_alter_table = ON".to_string()];
        out.push(render_statement(
            &DdlStatement::CreateTable(new_table.create().skip_unsupported_comments()),
            d,
        )?);
        if !self.copy.is_empty() {
            let mut targets = Vec::new();
            let mut sources = Vec::new();
            for (name, e) in &self.copy {
                targets.push(quote(name)?);
                sources.push(sqlweave::render::ddl_expr_sql(e, d)?);
            }
            out.push(format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                qualified(&tmp)?,
                targets.join(", "),
                sources.join(", "),
                qualified(&self.before.name)?
            ));
        }
        out.push(render_statement(
            &DropTable::new(self.before.name.clone()).into(),
            d,
        )?);
        out.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            qualified(&tmp)?,
            quote(&self.after.name.name)?
        ));
        for ix in &self.after.indexes {
            out.push(render_statement(
                &CreateIndex::new(self.after.name.clone(), ix.clone()).into(),
                d,
            )?);
        }
        out.push("PRAGMA legacy_alter_table = OFF".to_string());
        Ok(out)
    }
}

/// Rebuilds one SQLite table from `before` into `after` on `conn`, keeping every row:
/// foreign keys off (outside the transaction, where the pragma works), then in one
/// transaction the [`TableRebuild`] statements, the table's triggers made again, and
/// `PRAGMA foreign_key_check` (a violation rolls everything back and is an error naming
/// the table); foreign keys back as they were.
///
/// `conn` must be a SQLite connection outside a transaction.
///
/// ```
/// use sqlweave::{ColumnDef, ColumnType, Executor, TableDef};
/// use sqlweave_migrate::rebuild_table;
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// conn.execute_raw_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '42')")?;
/// let before = TableDef::new("t")
///     .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
///     .column(ColumnDef::new("n", ColumnType::Text));
/// let after = TableDef::new("t")
///     .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
///     .column(ColumnDef::new("n", ColumnType::BigInt).not_null());
/// rebuild_table(&mut conn, &before, &after)?;
/// let rows = conn.query_sql("SELECT typeof(n), n FROM t", &[])?;
/// assert_eq!(rows.rows[0].get::<String>(0)?, "integer");
/// assert_eq!(rows.rows[0].get::<i64>(1)?, 42);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn rebuild_table(conn: &mut dyn Executor, before: &TableDef, after: &TableDef) -> Result<()> {
    let statements = TableRebuild::plan(before, after)?.statements(conn.dialect())?;
    sqlite_change(conn, &statements)
}

/// Runs `statements` on SQLite the way a schema change must run there: foreign keys off
/// outside the transaction, everything in one `BEGIN IMMEDIATE` transaction, triggers
/// that a rebuild dropped made again, `foreign_key_check` before the commit.
pub(crate) fn sqlite_change(conn: &mut dyn Executor, statements: &[String]) -> Result<()> {
    sqlite_change_with(conn, statements, "", |_| Ok(true), |_| Ok(()))
}

/// [`sqlite_change`], with `first` run in the transaction before the statements (they
/// run only if it returns `true`; the runner checks there, under the write lock, that
/// no other process ran the migration) and `last` after them (the runner records the
/// version there).
pub(crate) fn sqlite_change_with(
    conn: &mut dyn Executor,
    statements: &[String],
    label: &str,
    first: impl FnOnce(&mut dyn Executor) -> Result<bool>,
    last: impl FnOnce(&mut dyn Executor) -> Result<()>,
) -> Result<()> {
    if conn.transaction_depth() > 0 {
        return Err(Error::invalid(
            "a SQLite schema change must start outside a transaction (PRAGMA foreign_keys cannot change inside one)",
        ));
    }
    let fk_on = pragma_int(conn, "PRAGMA foreign_keys")? != 0;
    if fk_on {
        conn.execute_raw_batch("PRAGMA foreign_keys = OFF")?;
    }
    let result = (|| {
        conn.begin_with(sqlweave::TransactionOptions::new().read_write())?;
        let body = (|| {
            if !first(conn)? {
                return Ok(());
            }
            let triggers = conn.query_sql(
                "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' AND sql IS NOT NULL",
                &[],
            )?;
            for (i, sql) in statements.iter().enumerate() {
                conn.execute_raw_batch(sql).map_err(|e| {
                    e.with_note(&format!(
                        "at statement {} of {}{label}",
                        i + 1,
                        statements.len()
                    ))
                })?;
            }
            restore_triggers(conn, &triggers)?;
            check_foreign_keys(conn)?;
            last(conn)
        })();
        match body {
            Ok(()) => conn.commit(),
            Err(e) => {
                let _ = conn.rollback();
                Err(e.with_note("the whole change was rolled back"))
            }
        }
    })();
    if fk_on {
        let restored = conn.execute_raw_batch("PRAGMA foreign_keys = ON");
        if result.is_ok() {
            restored?;
        }
    }
    result
}

fn pragma_int(conn: &mut dyn Executor, sql: &str) -> Result<i64> {
    let rows = conn.query_sql(sql, &[])?;
    match rows.rows.first() {
        Some(r) => r.get::<i64>(0),
        None => Ok(0),
    }
}

/// Triggers that were there before and are gone now, on a table that is there again
/// (a rebuild dropped them with the old table), are made again from their saved text.
fn restore_triggers(conn: &mut dyn Executor, before: &sqlweave::Rows) -> Result<()> {
    for r in &before.rows {
        let name: String = r.get(0)?;
        let table: String = r.get(1)?;
        let sql: String = r.get(2)?;
        let exists = |conn: &mut dyn Executor, kind: &str, n: &str| -> Result<bool> {
            let rows = conn.query_sql(
                "SELECT count(*) FROM sqlite_schema WHERE type = ? AND name = ?",
                &[Value::from(kind), Value::from(n)],
            )?;
            Ok(rows.rows[0].get::<i64>(0)? > 0)
        };
        if !exists(conn, "trigger", &name)? && exists(conn, "table", &table)? {
            conn.execute_raw_batch(&sql)
                .map_err(|e| e.with_note(&format!("making trigger {name:?} again")))?;
        }
    }
    Ok(())
}

fn check_foreign_keys(conn: &mut dyn Executor) -> Result<()> {
    let rows = conn.query_sql("PRAGMA foreign_key_check", &[])?;
    if let Some(r) = rows.rows.first() {
        let table: String = r.get(0)?;
        let parent: String = r.get(2)?;
        return Err(Error::invalid(format!(
            "PRAGMA foreign_key_check: {} row(s) violate a foreign key; the first is in table {table:?}, referencing {parent:?}",
            rows.rows.len()
        )));
    }
    Ok(())
}
