//! The schema registry: many tables, views, sequences and enum types, created and
//! dropped in dependency order.

use crate::error::{Error, Result};

use super::constraint::ForeignKey;
use super::sequence::CreateSequence;
use super::table::TableDef;
use super::types::{ColumnType, EnumType};
use super::view::CreateView;
use super::{ObjectName, UnsupportedComments};

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

    /// Enum types to create: the registered ones, then those columns use, once each.
    pub(crate) fn all_enum_types(&self) -> Result<Vec<EnumType>> {
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
    pub(crate) fn order(&self) -> Result<(Vec<usize>, Vec<usize>)> {
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
