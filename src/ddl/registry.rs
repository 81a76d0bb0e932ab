//! The schema registry: many tables, views, sequences and enum types, created and
//! dropped in dependency order.

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::exec::Executor;
use crate::ident::Ident;

use super::alter::AlterTable;
use super::constraint::{Constraint, ConstraintKind, ConstraintType, ForeignKey};
use super::sequence::CreateSequence;
use super::table::TableDef;
use super::types::{ColumnType, CreateType, DropType, EnumType};
use super::view::CreateView;
use super::{DdlFeature, DdlStatement, EnumStyle, ObjectName, UnsupportedComments, execute};

/// A set of tables, views, sequences and enum types that make one schema — the role of
/// SQLAlchemy's `MetaData`. Tables declared with [`table!`](crate::table!)
/// (`Orders::table_def()`) and tables described at run time live side by side.
///
/// [`SchemaRegistry::create_all`] creates everything in dependency order: enum types
/// (PostgreSQL) and sequences, then each table after the tables it references, each
/// followed by its indexes, then the foreign keys that close a cycle between tables
/// (added with `ALTER TABLE … ADD CONSTRAINT`: PostgreSQL and MySQL check that a
/// referenced table exists; SQLite does not, so there they stay in `CREATE TABLE`), then
/// comments (PostgreSQL) and views, in the order they were registered.
/// [`SchemaRegistry::drop_all`] undoes it in reverse. Both are one change, all of it or
/// nothing where the database allows (see [`SchemaRegistry::create_all`]). A foreign key that closes a cycle
/// is named `<table>_<columns>_fkey` (PostgreSQL's own default) unless it has a name.
///
/// ```
/// use sqlweave::ddl::{ColumnDef, ColumnType, ForeignKey, SchemaRegistry, TableDef};
/// use sqlweave::Statement;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
///
/// // Employees belong to departments; a department has a manager, who is an employee.
/// let departments = TableDef::new("departments")
///     .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
///     .column(ColumnDef::new("manager_id", ColumnType::BigInt).references("employees", "id"));
/// let employees = TableDef::new("employees")
///     .column(ColumnDef::new("id", ColumnType::BigInt).primary_key())
///     .column(ColumnDef::new("department_id", ColumnType::BigInt).not_null().references("departments", "id"));
/// let registry = SchemaRegistry::new().table(employees).table(departments);
///
/// let sql = |d: &dyn sqlweave::Dialect| -> Vec<String> {
///     registry.create_plan(d).unwrap().iter().map(|s| s.render_for(d).unwrap().sql).collect()
/// };
/// assert_eq!(sql(&Postgres), [
///     r#"CREATE TABLE "employees" ("id" BIGINT NOT NULL, "department_id" BIGINT NOT NULL, PRIMARY KEY ("id"))"#,
///     r#"CREATE TABLE "departments" ("id" BIGINT NOT NULL, "manager_id" BIGINT, PRIMARY KEY ("id"))"#,
///     r#"ALTER TABLE "employees" ADD CONSTRAINT "employees_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "departments" ("id")"#,
///     r#"ALTER TABLE "departments" ADD CONSTRAINT "departments_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "employees" ("id")"#,
/// ]);
/// // SQLite accepts references to tables created later: no ALTER needed (nor possible).
/// assert_eq!(sql(&Sqlite)[0],
///     r#"CREATE TABLE "employees" ("id" INTEGER NOT NULL, "department_id" INTEGER NOT NULL, PRIMARY KEY ("id"), FOREIGN KEY ("department_id") REFERENCES "departments" ("id"))"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaRegistry {
    /// The tables, in registration order.
    pub tables: Vec<TableDef>,
    /// The views, created in this order after every table.
    pub views: Vec<CreateView>,
    /// Sequences (PostgreSQL, MariaDB).
    pub sequences: Vec<CreateSequence>,
    /// Enum types to create even if no column uses them (the ones columns use are
    /// found by themselves).
    pub enum_types: Vec<EnumType>,
    /// What to do with comments where the database keeps none (SQLite): refused by
    /// default; see [`SchemaRegistry::skip_unsupported_comments`].
    pub unsupported_comments: UnsupportedComments,
}

/// Where a foreign key of a table is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FkSource {
    /// On the column at this index.
    Column(usize),
    /// The table constraint at this index.
    Constraint(usize),
}

/// A foreign key added after the tables, with the name it gets.
struct Deferred {
    table: usize,
    source: FkSource,
    name: Ident,
}

impl SchemaRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a table.
    pub fn table(mut self, table: TableDef) -> Self {
        self.tables.push(table);
        self
    }
    /// Adds a table (for registries built up at run time).
    pub fn add_table(&mut self, table: TableDef) -> &mut Self {
        self.tables.push(table);
        self
    }
    /// Adds a view.
    pub fn view(mut self, view: CreateView) -> Self {
        self.views.push(view);
        self
    }
    /// Adds a sequence.
    pub fn sequence(mut self, sequence: CreateSequence) -> Self {
        self.sequences.push(sequence);
        self
    }
    /// Adds an enum type.
    pub fn enum_type(mut self, enum_type: EnumType) -> Self {
        self.enum_types.push(enum_type);
        self
    }
    /// Creates the tables without their comments where the database keeps none
    /// (SQLite), instead of refusing them; PostgreSQL and MySQL still get every comment.
    /// For a schema declared once with comments and created on every database.
    pub fn skip_unsupported_comments(mut self) -> Self {
        self.unsupported_comments = UnsupportedComments::Skip;
        self
    }
    /// The table named `name`.
    pub fn get_table(&self, name: impl Into<ObjectName>) -> Option<&TableDef> {
        let name = name.into();
        self.tables.iter().find(|t| t.name == name)
    }

    /// The tables in creation order: every table after the tables it references (the
    /// tables of a foreign-key cycle after everything the cycle references), in
    /// registration order otherwise.
    pub fn sorted_tables(&self) -> Result<Vec<&TableDef>> {
        let (order, _) = self.order()?;
        Ok(order.into_iter().map(|i| &self.tables[i]).collect())
    }

    /// The statements that create the schema on `dialect`, in order.
    pub fn create_plan(&self, dialect: &dyn Dialect) -> Result<Vec<DdlStatement>> {
        let (order, cyclic) = self.order()?;
        let deferred = if dialect.supports_ddl(DdlFeature::ForwardReferences) {
            Vec::new()
        } else {
            self.deferred(&cyclic, dialect)?
        };
        let mut out = Vec::new();
        if dialect.enum_style() == EnumStyle::NamedType {
            for e in self.all_enum_types()? {
                out.push(DdlStatement::CreateType(CreateType::new(e)));
            }
        }
        for s in &self.sequences {
            out.push(DdlStatement::CreateSequence(s.clone()));
        }
        for &i in &order {
            let mut table = self.tables[i].clone();
            // Remove the deferred keys from CREATE TABLE, highest constraint index first.
            let mut later: Vec<&Deferred> = deferred.iter().filter(|d| d.table == i).collect();
            later.sort_by_key(|d| std::cmp::Reverse(source_key(d.source)));
            for d in later {
                match d.source {
                    FkSource::Column(c) => table.columns[c].references = None,
                    FkSource::Constraint(k) => {
                        table.constraints.remove(k);
                    }
                }
            }
            let mut create = table.create();
            create.unsupported_comments = self.unsupported_comments;
            out.push(DdlStatement::CreateTable(create));
            out.extend(table.index_statements());
        }
        for d in &deferred {
            let table = &self.tables[d.table];
            let fk = fk_at(table, d.source)?.clone();
            out.push(DdlStatement::AlterTable(
                AlterTable::new(table.name.clone())
                    .add_constraint(Constraint::foreign_key(fk).named(d.name.clone())),
            ));
        }
        for &i in &order {
            out.extend(self.tables[i].comment_statements(dialect));
        }
        for v in &self.views {
            out.push(DdlStatement::CreateView(v.clone()));
        }
        Ok(out)
    }

    /// The statements that drop the schema on `dialect`, in order: views (last
    /// registered first), the foreign keys that close cycles, tables in reverse
    /// creation order, sequences, enum types.
    pub fn drop_plan(&self, dialect: &dyn Dialect) -> Result<Vec<DdlStatement>> {
        let (order, cyclic) = self.order()?;
        let deferred = if dialect.supports_ddl(DdlFeature::ForwardReferences) {
            Vec::new()
        } else {
            self.deferred(&cyclic, dialect)?
        };
        let mut out = Vec::new();
        for v in self.views.iter().rev() {
            out.push(DdlStatement::DropView(v.drop()));
        }
        for d in deferred.iter().rev() {
            out.push(DdlStatement::AlterTable(
                AlterTable::new(self.tables[d.table].name.clone())
                    .drop_constraint(d.name.clone(), ConstraintType::ForeignKey),
            ));
        }
        for &i in order.iter().rev() {
            out.push(DdlStatement::DropTable(self.tables[i].drop()));
        }
        for s in self.sequences.iter().rev() {
            out.push(DdlStatement::DropSequence(s.drop()));
        }
        if dialect.enum_style() == EnumStyle::NamedType {
            for e in self.all_enum_types()?.into_iter().rev() {
                out.push(DdlStatement::DropType(DropType::new(e.name)));
            }
        }
        Ok(out)
    }

    /// Creates the schema through `conn` (see [`SchemaRegistry::create_plan`]), all of it
    /// or nothing (see [`execute_all`](super::execute_all)):
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
        execute::run(conn, &plan, None)
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
        execute::run(conn, &plan, defer)
    }

    /// Enum types to create: the registered ones, then those columns use, once each.
    fn all_enum_types(&self) -> Result<Vec<EnumType>> {
        let mut out: Vec<EnumType> = Vec::new();
        let used = self
            .tables
            .iter()
            .flat_map(|t| t.columns.iter())
            .filter_map(|c| match &c.ty {
                ColumnType::Enum(e) => Some(e),
                _ => None,
            });
        for e in self.enum_types.iter().chain(used) {
            match out.iter().find(|o| o.name == e.name) {
                Some(o) if o.labels != e.labels => {
                    return Err(Error::invalid(format!(
                        "enum type {:?} is declared twice with different labels ({:?} and {:?})",
                        e.name.display(),
                        o.labels,
                        e.labels
                    )));
                }
                Some(_) => {}
                None => out.push(e.clone()),
            }
        }
        Ok(out)
    }

    /// Creation order, and for each table the registry tables it shares a cycle with.
    fn order(&self) -> Result<(Vec<usize>, Vec<usize>)> {
        let n = self.tables.len();
        for (i, t) in self.tables.iter().enumerate() {
            if self.tables[..i].iter().any(|o| o.name == t.name) {
                return Err(Error::invalid(format!(
                    "table {:?} is registered twice",
                    t.name.display()
                )));
            }
        }
        // deps[i]: the tables that table i references (itself excluded).
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, t) in self.tables.iter().enumerate() {
            for (_, fk) in t.foreign_keys() {
                if let Some(j) = self.tables.iter().position(|o| o.name == fk.target) {
                    self.check_target(t, fk, &self.tables[j])?;
                    if j != i && !deps[i].contains(&j) {
                        deps[i].push(j);
                    }
                }
            }
        }
        let component = strongly_connected(&deps);
        // Kahn's algorithm over the edges between components, lowest index first. A table
        // of a cycle waits until every table its cycle references from outside exists.
        let mut placed = vec![false; n];
        let mut order = Vec::with_capacity(n);
        while order.len() < n {
            let ready = |i: usize, placed: &[bool]| {
                (0..n).filter(|&m| component[m] == component[i]).all(|m| {
                    deps[m]
                        .iter()
                        .all(|&j| placed[j] || component[j] == component[i])
                })
            };
            let next = (0..n).find(|&i| !placed[i] && ready(i, &placed));
            match next {
                Some(i) => {
                    placed[i] = true;
                    order.push(i);
                }
                // Unreachable: the component graph is acyclic.
                None => return Err(Error::invalid("cannot order the tables")),
            }
        }
        Ok((order, component))
    }

    /// The foreign keys between two different tables of one cycle, with their names.
    fn deferred(&self, component: &[usize], dialect: &dyn Dialect) -> Result<Vec<Deferred>> {
        let mut out = Vec::new();
        for (i, t) in self.tables.iter().enumerate() {
            let sources = t
                .columns
                .iter()
                .enumerate()
                .filter_map(|(c, col)| {
                    col.references
                        .as_ref()
                        .map(|fk| (FkSource::Column(c), None, fk))
                })
                .chain(
                    t.constraints
                        .iter()
                        .enumerate()
                        .filter_map(|(k, c)| match &c.kind {
                            ConstraintKind::ForeignKey(fk) => {
                                Some((FkSource::Constraint(k), c.name.as_ref(), fk))
                            }
                            _ => None,
                        }),
                );
            for (source, name, fk) in sources {
                let Some(j) = self.tables.iter().position(|o| o.name == fk.target) else {
                    continue;
                };
                if j == i || component[j] != component[i] {
                    continue;
                }
                if !dialect.supports_ddl(DdlFeature::AlterConstraints) {
                    return Err(dialect.unsupported(&format!(
                        "the foreign-key cycle through {:?} and {:?} (it needs ALTER TABLE … ADD CONSTRAINT)",
                        t.name.display(),
                        fk.target.display()
                    )));
                }
                let name = match name {
                    Some(n) => n.clone(),
                    None => default_fk_name(t, fk, dialect)?,
                };
                out.push(Deferred {
                    table: i,
                    source,
                    name,
                });
            }
        }
        Ok(out)
    }

    /// A reference into the registry must name columns the target has.
    fn check_target(&self, table: &TableDef, fk: &ForeignKey, target: &TableDef) -> Result<()> {
        if let Some(c) = fk
            .target_columns
            .iter()
            .find(|c| target.get_column(c.as_str()).is_none())
        {
            return Err(Error::invalid(format!(
                "a foreign key of {:?} references column {:?}, which table {:?} does not have",
                table.name.display(),
                c.as_str(),
                target.name.display()
            )));
        }
        Ok(())
    }
}

fn source_key(s: FkSource) -> (u8, usize) {
    match s {
        FkSource::Column(c) => (0, c),
        FkSource::Constraint(k) => (1, k),
    }
}

fn fk_at(table: &TableDef, source: FkSource) -> Result<&ForeignKey> {
    let fk = match source {
        FkSource::Column(c) => table.columns.get(c).and_then(|c| c.references.as_ref()),
        FkSource::Constraint(k) => table.constraints.get(k).and_then(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk),
            _ => None,
        }),
    };
    fk.ok_or_else(|| Error::invalid("foreign key not found"))
}

/// `<table>_<col>_<col>_fkey`, PostgreSQL's default name, if it fits the dialect.
fn default_fk_name(t: &TableDef, fk: &ForeignKey, dialect: &dyn Dialect) -> Result<Ident> {
    let mut name = t.name.name.as_str().to_string();
    for c in &fk.columns {
        name.push('_');
        name.push_str(c.as_str());
    }
    name.push_str("_fkey");
    if name.len() > dialect.max_identifier_bytes() {
        return Err(Error::invalid(format!(
            "the foreign key {name:?} closes a cycle and is added with ALTER TABLE, so it needs a name; the default one is longer than {} allows: name it with Constraint::named",
            dialect.name()
        )));
    }
    Ok(Ident::from(name))
}

/// Tarjan's strongly connected components: `component[i]` for each node.
fn strongly_connected(deps: &[Vec<usize>]) -> Vec<usize> {
    struct State<'a> {
        deps: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    // Iterative, so a long chain of tables cannot overflow the stack.
    fn visit(s: &mut State<'_>, root: usize) {
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        s.index[root] = Some(s.next);
        s.low[root] = s.next;
        s.next += 1;
        s.stack.push(root);
        s.on_stack[root] = true;
        while let Some(&(v, edge)) = work.last() {
            if let Some(&w) = s.deps[v].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                match s.index[w] {
                    None => {
                        s.index[w] = Some(s.next);
                        s.low[w] = s.next;
                        s.next += 1;
                        s.stack.push(w);
                        s.on_stack[w] = true;
                        work.push((w, 0));
                    }
                    Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                s.low[parent] = s.low[parent].min(s.low[v]);
            }
            if Some(s.low[v]) == s.index[v] {
                while let Some(w) = s.stack.pop() {
                    s.on_stack[w] = false;
                    s.component[w] = s.components;
                    if w == v {
                        break;
                    }
                }
                s.components += 1;
            }
        }
    }
    let n = deps.len();
    let mut s = State {
        deps,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        components: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_cycles_and_chains() {
        // 0 -> 1 -> 2 -> 0 (a cycle), 3 -> 0, 4 alone, 5 -> 5 ignored (no self edges here)
        let deps = vec![vec![1], vec![2], vec![0], vec![0], vec![]];
        let c = strongly_connected(&deps);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
        // A long chain does not overflow the stack.
        let n = 100_000;
        let chain: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let c = strongly_connected(&chain);
        assert_eq!(c.iter().collect::<std::collections::HashSet<_>>().len(), n);
    }
}
