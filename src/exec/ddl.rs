//! Running several DDL statements as one change, all of it or none of it:
//! [`execute_all`], and the registry's [`SchemaRegistry::create_all`] and
//! [`SchemaRegistry::drop_all`], which use it.

use super::{Executor, transaction};
use crate::ddl::{
    AlterOp, AlterTable, CommentTarget, DdlFeature, DdlStatement, DropIndex, DropSequence,
    DropTable, DropType, DropView, ObjectName, SchemaRegistry,
};
use crate::error::{Error, Result};
use crate::render::Rendered;

/// Runs DDL statements on `conn` as one change: all of them, or — as far as the
/// database allows — none.
///
/// 1. Every statement is rendered for the connection's dialect before any is sent: a
///    statement the dialect refuses (an [`Error::Unsupported`], a bad name) fails the
///    call with nothing run. The error says which statement it was.
/// 2. Where DDL is transactional ([`DdlFeature::TransactionalDdl`]: PostgreSQL, SQLite)
///    the statements run in one transaction — a savepoint inside an open one — and a
///    failure rolls them all back; the error says so.
/// 3. Where it is not (MySQL, MariaDB commit each DDL statement as it runs), a failure
///    undoes what the statements before it did, in reverse order: what they created is
///    dropped again (an index, a comment goes with its table), a constraint or column
///    added by `ALTER TABLE` is dropped. The error is the failing statement's own (same
///    variant, kind and code), its message followed by what was undone — or, when
///    something could not be undone, precisely what is still in effect and why, and
///    which statements did not run. Not undone, because that could lose what was there
///    before: objects created with `IF NOT EXISTS` or `OR REPLACE`, a comment on a table
///    this call did not create, `DROP` statements (a dropped table and its rows cannot be
///    restored), ALTER operations other than adding a named constraint or a column.
///
///    On these databases DDL also commits an open transaction, so inside one
///    ([`Executor::transaction_depth`] > 0) the call is an [`Error::Invalid`] before
///    anything is sent.
///
/// ```
/// use sqlweave::ddl::{ColumnDef, ColumnType, IndexDef, TableDef};
/// use sqlweave::exec::execute_all;
/// use sqlweave::Executor;
/// use sqlweave_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open_in_memory()?;
/// // The second index's name is taken by the first: the database refuses it, after
/// // CREATE TABLE ran …
/// let t = TableDef::new("notes")
///     .column(ColumnDef::new("id", ColumnType::Integer).primary_key())
///     .column(ColumnDef::new("body", ColumnType::Text))
///     .index(IndexDef::new("notes_ix").column("body"))
///     .index(IndexDef::new("notes_ix").column("id"));
/// let plan = t.create_statements(conn.dialect())?;
/// let err = execute_all(&mut conn, &plan).unwrap_err();
/// assert!(err.to_string().contains("the whole change was rolled back"));
/// // … and the table is not left behind.
/// let tables = conn.query_sql("SELECT count(*) FROM sqlite_schema", &[])?;
/// assert_eq!(tables.rows[0].get::<i64>(0)?, 0);
/// # Ok::<(), sqlweave::Error>(())
/// ```
pub fn execute_all(conn: &mut dyn Executor, statements: &[DdlStatement]) -> Result<()> {
    run(conn, statements, None)
}

/// [`execute_all`], with `prelude` (SQL text without parameters) run first, inside the
/// transaction where there is one.
pub(crate) fn run(
    conn: &mut dyn Executor,
    statements: &[DdlStatement],
    prelude: Option<&str>,
) -> Result<()> {
    let rendered = render_all(conn, statements)?;
    if statements.is_empty() {
        return Ok(());
    }
    if conn.dialect().supports_ddl(DdlFeature::TransactionalDdl) {
        return run_in_transaction(conn, &rendered, prelude);
    }
    if conn.transaction_depth() > 0 {
        return Err(Error::Invalid(format!(
            "{} commits the open transaction at the first DDL statement, so these {} DDL \
             statements cannot run inside it (they would not roll back with it, and the work \
             done in it so far would be committed): run them outside a transaction",
            conn.dialect().name(),
            statements.len()
        )));
    }
    if let Some(sql) = prelude {
        conn.execute_raw_batch(sql)?;
    }
    for (i, r) in rendered.iter().enumerate() {
        if let Err(e) = conn.execute_sql(&r.sql, &r.params) {
            return Err(match undo(conn, &statements[..i], &statements[i + 1..]) {
                Some(note) => e.with_note(&note),
                None => e,
            });
        }
    }
    Ok(())
}

/// Every statement rendered, or the first refusal, naming the statement.
fn render_all(conn: &dyn Executor, statements: &[DdlStatement]) -> Result<Vec<Rendered>> {
    let n = statements.len();
    let mut out = Vec::with_capacity(n);
    for (i, s) in statements.iter().enumerate() {
        let rendered = s.render(conn.dialect()).and_then(|r| {
            r.params_checked()?;
            Ok(r)
        });
        match rendered {
            Ok(r) => out.push(r),
            // Messages that say what without saying where get the statement; the others
            // (a bad identifier names itself) keep their variant as they are.
            Err(e @ (Error::Unsupported { .. } | Error::Invalid(_) | Error::Value(_))) => {
                return Err(e.with_note(&format!(
                    "in {} (statement {} of {n}); nothing was run",
                    describe(s),
                    i + 1
                )));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn run_in_transaction(
    conn: &mut dyn Executor,
    rendered: &[Rendered],
    prelude: Option<&str>,
) -> Result<()> {
    let outer = conn.transaction_depth();
    let mut began = false;
    let result = transaction(&mut *conn, |tx| {
        began = true;
        if let Some(sql) = prelude {
            tx.execute_raw_batch(sql)?;
        }
        for r in rendered {
            tx.execute_sql(&r.sql, &r.params)?;
        }
        Ok(())
    });
    result.map_err(|e| {
        if began && conn.transaction_depth() == outer {
            e.with_note("the whole change was rolled back, so the database is as it was")
        } else {
            e
        }
    })
}

/// What undoes a statement that ran.
enum Inverse {
    /// This statement.
    Run(DdlStatement),
    /// Dropping this table, created by the same call, undoes it too.
    GoesWith(ObjectName),
    /// Nothing can, for this reason.
    Cannot(&'static str),
}

const MAY_HAVE_EXISTED: &str =
    "created with IF NOT EXISTS: it may have been there before, so it is left as it is";

fn inverse(s: &DdlStatement, created: &[&ObjectName]) -> Inverse {
    match s {
        DdlStatement::CreateTable(ct) if ct.if_not_exists => Inverse::Cannot(MAY_HAVE_EXISTED),
        DdlStatement::CreateTable(ct) => Inverse::Run(DropTable::new(ct.table.name.clone()).into()),
        DdlStatement::CreateIndex(ci) if created.contains(&&ci.table) => {
            Inverse::GoesWith(ci.table.clone())
        }
        DdlStatement::CreateIndex(ci) if ci.if_not_exists => Inverse::Cannot(MAY_HAVE_EXISTED),
        DdlStatement::CreateIndex(ci) => {
            Inverse::Run(DropIndex::new(ci.table.clone(), ci.index.name.clone()).into())
        }
        DdlStatement::CreateView(v) if v.or_replace => Inverse::Cannot(
            "created with OR REPLACE: the view it may have replaced cannot be restored",
        ),
        DdlStatement::CreateView(v) if v.if_not_exists => Inverse::Cannot(MAY_HAVE_EXISTED),
        DdlStatement::CreateView(v) => Inverse::Run(DropView::new(v.name.clone()).into()),
        DdlStatement::CreateSequence(s) if s.if_not_exists => Inverse::Cannot(MAY_HAVE_EXISTED),
        DdlStatement::CreateSequence(s) => Inverse::Run(DropSequence::new(s.name.clone()).into()),
        DdlStatement::CreateType(t) => Inverse::Run(DropType::new(t.enum_type.name.clone()).into()),
        DdlStatement::Comment(c) => {
            let table = match &c.target {
                CommentTarget::Table(t) | CommentTarget::Column(t, _) => t,
            };
            if created.contains(&table) {
                Inverse::GoesWith(table.clone())
            } else {
                Inverse::Cannot("the comment it replaced cannot be restored")
            }
        }
        DdlStatement::AlterTable(a) => match alter_inverse(a) {
            Some(undo) => Inverse::Run(undo.into()),
            None => Inverse::Cannot(
                "only adding a named constraint or a column without a foreign key is undone",
            ),
        },
        DdlStatement::DropTable(_)
        | DdlStatement::DropIndex(_)
        | DdlStatement::DropView(_)
        | DdlStatement::DropSequence(_)
        | DdlStatement::DropType(_) => Inverse::Cannot("a dropped object cannot be restored"),
    }
}

/// The ALTER TABLE that takes back what `a` added: its named constraints and its
/// columns (without a foreign key, which MySQL adds unnamed), in reverse order.
fn alter_inverse(a: &AlterTable) -> Option<AlterTable> {
    let mut undo = AlterTable::new(a.table.clone());
    for op in a.ops.iter().rev() {
        undo = match op {
            AlterOp::AddConstraint(c) => undo.drop_constraint(c.name.clone()?, c.constraint_type()),
            AlterOp::AddColumn(c) if c.references.is_none() => undo.drop_column(c.name.clone()),
            _ => return None,
        };
    }
    Some(undo)
}

/// How a step of the undo ended.
enum Outcome {
    Undone,
    Left(String),
    GoesWith(ObjectName),
}

/// Undoes `done` (the statements that ran before the failing one) in reverse order,
/// and says what happened; `None` when nothing had run.
fn undo(
    conn: &mut dyn Executor,
    done: &[DdlStatement],
    not_run: &[DdlStatement],
) -> Option<String> {
    if done.is_empty() {
        return None;
    }
    let created: Vec<&ObjectName> = done
        .iter()
        .filter_map(|s| match s {
            DdlStatement::CreateTable(ct) if !ct.if_not_exists => Some(&ct.table.name),
            _ => None,
        })
        .collect();
    let mut steps: Vec<(&DdlStatement, Outcome)> = Vec::with_capacity(done.len());
    for s in done.iter().rev() {
        let outcome = match inverse(s, &created) {
            Inverse::Run(u) => {
                let ran = u
                    .render(conn.dialect())
                    .and_then(|r| conn.execute_sql(&r.sql, &r.params));
                match ran {
                    Ok(_) => Outcome::Undone,
                    Err(e) => Outcome::Left(format!("undoing it failed: {e}")),
                }
            }
            Inverse::GoesWith(t) => Outcome::GoesWith(t),
            Inverse::Cannot(why) => Outcome::Left(why.to_string()),
        };
        steps.push((s, outcome));
    }
    let dropped = |t: &ObjectName| {
        steps.iter().any(|(s, o)| {
            matches!((s, o), (DdlStatement::CreateTable(ct), Outcome::Undone) if &ct.table.name == t)
        })
    };
    let mut undone = Vec::new();
    let mut left = Vec::new();
    for (s, outcome) in &steps {
        match outcome {
            Outcome::Undone => undone.push(describe(s)),
            Outcome::GoesWith(t) if dropped(t) => undone.push(describe(s)),
            Outcome::GoesWith(t) => left.push(format!(
                "{} (with its table {:?})",
                describe(s),
                t.display()
            )),
            Outcome::Left(why) => left.push(format!("{} ({why})", describe(s))),
        }
    }
    let dialect = conn.dialect().name();
    if left.is_empty() {
        let k = match done.len() {
            1 => "1 statement run before this one was".to_string(),
            k => format!("{k} statements run before this one were"),
        };
        return Some(format!(
            "{dialect} cannot roll DDL back, so the {k} undone, in reverse order: {}; \
             the database is as it was",
            undone.join(", ")
        ));
    }
    let mut parts = Vec::new();
    if !undone.is_empty() {
        parts.push(format!("undone: {}", undone.join(", ")));
    }
    parts.push(format!("still in effect: {}", left.join(", ")));
    if !not_run.is_empty() {
        let names: Vec<String> = not_run.iter().map(describe).collect();
        parts.push(format!("not run: {}", names.join(", ")));
    }
    Some(format!(
        "{dialect} cannot roll DDL back: {}",
        parts.join("; ")
    ))
}

/// A statement in a few words, for messages: `CREATE TABLE "orders"`.
fn describe(s: &DdlStatement) -> String {
    let name = |n: &ObjectName| format!("{:?}", n.display());
    match s {
        DdlStatement::CreateTable(ct) => format!("CREATE TABLE {}", name(&ct.table.name)),
        DdlStatement::DropTable(d) => format!("DROP TABLE {}", name(&d.name)),
        DdlStatement::CreateIndex(ci) => format!(
            "CREATE INDEX {:?} ON {}",
            ci.index.name.as_str(),
            name(&ci.table)
        ),
        DdlStatement::DropIndex(di) => {
            format!("DROP INDEX {:?} ON {}", di.name.as_str(), name(&di.table))
        }
        DdlStatement::CreateView(v) => format!("CREATE VIEW {}", name(&v.name)),
        DdlStatement::DropView(v) => format!("DROP VIEW {}", name(&v.name)),
        DdlStatement::CreateSequence(s) => format!("CREATE SEQUENCE {}", name(&s.name)),
        DdlStatement::DropSequence(s) => format!("DROP SEQUENCE {}", name(&s.name)),
        DdlStatement::CreateType(t) => format!("CREATE TYPE {}", name(&t.enum_type.name)),
        DdlStatement::DropType(t) => format!("DROP TYPE {}", name(&t.name)),
        DdlStatement::Comment(c) => match &c.target {
            CommentTarget::Table(t) => format!("COMMENT ON TABLE {}", name(t)),
            CommentTarget::Column(t, col) => {
                format!("COMMENT ON COLUMN {}.{:?}", name(t), col.as_str())
            }
        },
        DdlStatement::AlterTable(a) => {
            let ops: Vec<String> = a.ops.iter().map(describe_op).collect();
            format!("ALTER TABLE {} ({})", name(&a.table), ops.join(", "))
        }
    }
}

fn describe_op(op: &AlterOp) -> String {
    match op {
        AlterOp::AddColumn(c) => format!("ADD COLUMN {:?}", c.name.as_str()),
        AlterOp::DropColumn(c) => format!("DROP COLUMN {:?}", c.as_str()),
        AlterOp::RenameColumn { from, to } => {
            format!("RENAME COLUMN {:?} TO {:?}", from.as_str(), to.as_str())
        }
        AlterOp::RenameTable(to) => format!("RENAME TO {:?}", to.as_str()),
        AlterOp::AddConstraint(c) => match &c.name {
            Some(n) => format!("ADD CONSTRAINT {:?}", n.as_str()),
            None => "ADD CONSTRAINT".to_string(),
        },
        AlterOp::DropConstraint { name, .. } => format!("DROP CONSTRAINT {:?}", name.as_str()),
        AlterOp::SetType { column, .. }
        | AlterOp::SetNotNull(column)
        | AlterOp::DropNotNull(column)
        | AlterOp::SetDefault { column, .. }
        | AlterOp::DropDefault(column) => format!("ALTER COLUMN {:?}", column.as_str()),
        AlterOp::ModifyColumn(c) => format!("MODIFY COLUMN {:?}", c.name.as_str()),
    }
}

impl SchemaRegistry {
    /// Creates the schema through `conn` (see [`SchemaRegistry::create_plan`]), all of it
    /// or nothing (see [`execute_all`]):
    ///
    /// * every statement is rendered first, so one the dialect refuses (MariaDB's
    ///   expression indexes, a name too long) fails the call before anything is sent;
    /// * on PostgreSQL and SQLite it runs in one transaction (a savepoint inside an open
    ///   one): a failing statement rolls the whole schema back;
    /// * on MySQL and MariaDB, which commit each DDL statement, a failing statement makes
    ///   it drop again, in reverse order, what this call created; the error is the
    ///   failing statement's own and its message says what was undone — or, if undoing
    ///   failed, exactly what is still there. DDL would commit an open transaction there,
    ///   so inside one the call is refused before anything is sent.
    ///
    /// ```
    /// use sqlweave::ddl::{ColumnDef, ColumnType, IndexDef, SchemaRegistry, TableDef};
    /// use sqlweave::Expr;
    /// use sqlweave_mysql::MySql;
    ///
    /// // MariaDB has no expression indexes: nothing is created, not even the table.
    /// let users = TableDef::new("users")
    ///     .column(ColumnDef::new("email", ColumnType::Varchar(200)))
    ///     .index(IndexDef::new("users_email_lower").expr(sqlweave::func::lower(Expr::column("email"))));
    /// let registry = SchemaRegistry::new().table(users);
    /// let plan = registry.create_plan(&MySql::mariadb()).unwrap();
    /// assert!(plan[1].render(&MySql::mariadb()).is_err()); // create_all fails before sending plan[0]
    /// ```
    pub fn create_all(&self, conn: &mut dyn Executor) -> Result<()> {
        let plan = self.create_plan(conn.dialect())?;
        run(conn, &plan, None)
    }

    /// Drops the schema through `conn` (see [`SchemaRegistry::drop_plan`]); every object
    /// must exist. Every statement is rendered before any is sent. On PostgreSQL and
    /// SQLite it is all-or-nothing, in one transaction (a savepoint inside an open one).
    /// On SQLite, whose `DROP TABLE` deletes the rows first and so checks foreign keys,
    /// the keys are deferred to the end of that transaction when tables form a cycle, so
    /// tables that refer to each other can be dropped with their rows.
    ///
    /// On MySQL and MariaDB each `DROP` commits as it runs and a dropped table cannot be
    /// restored: if a statement fails midway (an object that is not there, a table still
    /// referenced from outside the registry), what was dropped before it stays dropped
    /// and the rest stays in place. The error is the failing statement's own, and its
    /// message lists both: the statements still in effect and those not run. Inside an
    /// open transaction the call is refused before anything is sent (DDL would commit it).
    pub fn drop_all(&self, conn: &mut dyn Executor) -> Result<()> {
        let plan = self.drop_plan(conn.dialect())?;
        let (_, component) = self.order()?;
        let cyclic = (0..component.len()).any(|i| component[..i].contains(&component[i]));
        let defer = conn.dialect().defer_foreign_keys_sql().filter(|_| cyclic);
        run(conn, &plan, defer)
    }
}
