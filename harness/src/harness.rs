//! Running one statement on every database and comparing the rows.

use sqlweave::Statement;

use crate::canon::canon_rows;
use crate::config::Config;
use crate::disagreement::{Disagreement, Outcome};
use crate::error::SetupError;
use crate::spaces::Spaces;

/// Rows as canonical text: one `Vec<String>` per row, one `String` per value (see
/// [`canon`](crate::canon)).
pub type CanonicalRows = Vec<Vec<String>>;

/// The three databases, each in a private [`Spaces`] holding your set-up, and the
/// comparison of a statement's rows across them.
///
/// [`Harness::check`] renders a statement for each database's dialect, runs it, turns the
/// rows into [canonical text](crate::canon) and returns them when every database gave
/// the same rows, or a [`Disagreement`] that says which databases differ, how, and the
/// SQL each ran. Rows are compared in order: give the statement an `ORDER BY` that
/// fixes it, or use [`Harness::check_unordered`].
///
/// ```
/// use sqlweave::{Expr, Select, TableRef};
/// use sqlweave_harness::Harness;
///
/// let mut h = Harness::new(|_dialect| {
///     "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER);
///      INSERT INTO items VALUES (1, 5), (2, NULL), (3, 0);"
///         .to_string()
/// })?;
/// let items = TableRef::new("items");
/// let q = Select::new()
///     .column(items.col("id"))
///     .column(items.col("qty").is_null().label("missing"))
///     .from(items.clone())
///     .order_by(items.col("id"));
/// assert_eq!(h.check(&q)?, [["1", "0"], ["2", "1"], ["3", "0"]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Harness {
    spaces: Spaces,
    compared: Vec<(&'static str, usize)>,
}

impl Harness {
    /// Connects as [`Config::from_env`] says and loads `setup(dialect name)` into each
    /// space (see [`Spaces::load`]).
    pub fn new(setup: impl Fn(&str) -> String) -> Result<Harness, SetupError> {
        Harness::with_config(&Config::from_env(), setup)
    }

    /// Connects as `config` says and loads `setup(dialect name)` into each space.
    pub fn with_config(
        config: &Config,
        setup: impl Fn(&str) -> String,
    ) -> Result<Harness, SetupError> {
        Harness::with_spaces(Spaces::open(config)?, setup)
    }

    /// Works in `spaces` (made with [`Spaces::open`] or [`Spaces::with_connections`]),
    /// after loading `setup(dialect name)` into each.
    pub fn with_spaces(
        mut spaces: Spaces,
        setup: impl Fn(&str) -> String,
    ) -> Result<Harness, SetupError> {
        spaces.load(setup)?;
        let compared = spaces.databases().into_iter().map(|d| (d, 0)).collect();
        Ok(Harness { spaces, compared })
    }

    /// Runs `stmt` on every database and returns its rows as canonical text when every
    /// database returned the same rows in the same order; otherwise (some failed, the rows
    /// differ, or every database failed) the [`Disagreement`].
    ///
    /// A statement that changes data changes it in every space.
    pub fn check(&mut self, stmt: &dyn Statement) -> Result<CanonicalRows, Disagreement> {
        self.compare(stmt, false)
    }

    /// As [`Harness::check`], with the rows sorted (as text) before they are compared and
    /// returned: for statements whose order is not fixed.
    pub fn check_unordered(&mut self, stmt: &dyn Statement) -> Result<CanonicalRows, Disagreement> {
        self.compare(stmt, true)
    }

    fn compare(
        &mut self,
        stmt: &dyn Statement,
        unordered: bool,
    ) -> Result<CanonicalRows, Disagreement> {
        let mut outcomes = Vec::new();
        for c in self.spaces.conns() {
            let database = c.dialect().name();
            let (sql, params, result) = match stmt.render_for(c.dialect()) {
                Ok(r) => {
                    let result = r.params_checked().and_then(|p| c.query_sql(&r.sql, p));
                    (Some(r.sql), r.params, result)
                }
                Err(e) => (None, Vec::new(), Err(e)),
            };
            let result = result.map(|rows| {
                let mut rows = canon_rows(&rows);
                if unordered {
                    rows.sort();
                }
                rows
            });
            match self.compared.iter_mut().find(|(d, _)| *d == database) {
                Some((_, n)) => *n += 1,
                None => self.compared.push((database, 1)),
            }
            outcomes.push(Outcome {
                database,
                sql,
                params,
                result,
            });
        }
        Disagreement::check(outcomes)
    }

    /// How many statements were run on each database that is up, by its name
    /// (`"SQLite"`, `"PostgreSQL"`, `"MariaDB"` or `"MySQL"`), in the order of
    /// [`Spaces::conns`].
    pub fn compared(&self) -> &[(&'static str, usize)] {
        &self.compared
    }

    /// The names of the databases the statements run on.
    pub fn databases(&self) -> Vec<&'static str> {
        self.compared.iter().map(|(d, _)| *d).collect()
    }

    /// The spaces and their connections: to load more data, or to look at one database.
    pub fn spaces(&mut self) -> &mut Spaces {
        &mut self.spaces
    }
}
