//! `EXPLAIN`: a statement that shows how the database would run (or, with ANALYZE, ran)
//! another one. Rendered per dialect by `src/render/explain.rs`; see [`Explain`].

use crate::query::Query;

/// The output format asked of `EXPLAIN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExplainFormat {
    /// Text (PostgreSQL `FORMAT TEXT`, MySQL `FORMAT=TRADITIONAL`; SQLite's query plan
    /// rows).
    Text,
    /// JSON (PostgreSQL, MySQL 8, MariaDB).
    Json,
    /// YAML (PostgreSQL).
    Yaml,
    /// XML (PostgreSQL).
    Xml,
    /// MySQL 8's tree (`FORMAT=TREE`, the form of `EXPLAIN ANALYZE`).
    Tree,
}

/// `EXPLAIN` of a query or a data-modifying statement, with the options each database
/// has. Options a database lacks are refused ([`crate::Error::Unsupported`]), never left
/// out:
///
/// | option | PostgreSQL | MySQL 8 | MariaDB | SQLite |
/// |---|---|---|---|---|
/// | plain | `EXPLAIN stmt` | `EXPLAIN stmt` | `EXPLAIN stmt` | `EXPLAIN QUERY PLAN stmt` |
/// | [`analyze`](Explain::analyze) (runs the statement!) | `EXPLAIN (ANALYZE) stmt` | `EXPLAIN ANALYZE stmt` | `ANALYZE stmt` | refused |
/// | [`verbose`](Explain::verbose) | `VERBOSE` | refused | refused | refused |
/// | [`costs(false)`](Explain::costs) | `COSTS OFF` | refused | refused | refused |
/// | [`buffers`](Explain::buffers) | `BUFFERS` | refused | refused | refused |
/// | [`format`](Explain::format) | `FORMAT TEXT / JSON / YAML / XML` | `FORMAT=TRADITIONAL / JSON / TREE` | `FORMAT=JSON` (text: plain) | text only |
///
/// MySQL 8's `EXPLAIN ANALYZE` writes only the tree format. ANALYZE executes the
/// statement: an explained INSERT / UPDATE / DELETE changes the data (run it in a
/// transaction you roll back). Run it through an executor's `fetch_all` and read the plan
/// rows; their columns and text are each database's own.
///
/// ```
/// use sqlweave::explain::{Explain, ExplainFormat};
/// use sqlweave::{Select, TableRef};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let t = TableRef::new("orders");
/// let q = Select::new().column(t.col("id")).from(t.clone()).filter(t.col("total").gt(100));
/// let e = Explain::new(q.clone());
/// assert_eq!(e.render(&Postgres).unwrap().sql, r#"EXPLAIN SELECT "orders"."id" FROM "orders" WHERE "orders"."total" > $1"#);
/// assert_eq!(e.render(&Sqlite).unwrap().sql, r#"EXPLAIN QUERY PLAN SELECT "orders"."id" FROM "orders" WHERE "orders"."total" > ?"#);
/// assert_eq!(e.render(&MySql::mariadb()).unwrap().sql, "EXPLAIN SELECT `orders`.`id` FROM `orders` WHERE `orders`.`total` > ?");
///
/// let e = Explain::new(q).analyze().format(ExplainFormat::Json);
/// assert_eq!(e.render(&Postgres).unwrap().sql, r#"EXPLAIN (ANALYZE, FORMAT JSON) SELECT "orders"."id" FROM "orders" WHERE "orders"."total" > $1"#);
/// assert_eq!(e.render(&MySql::mariadb()).unwrap().sql, "ANALYZE FORMAT=JSON SELECT `orders`.`id` FROM `orders` WHERE `orders`.`total` > ?");
/// assert!(e.render(&MySql::mysql8()).is_err()); // EXPLAIN ANALYZE writes only the tree
/// assert!(e.render(&Sqlite).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Explain {
    /// The explained statement.
    pub statement: Query,
    /// `ANALYZE`: run the statement and report what happened.
    pub analyze: bool,
    /// `VERBOSE` (PostgreSQL).
    pub verbose: bool,
    /// `COSTS ON / OFF` (PostgreSQL); `None` leaves the default (on).
    pub costs: Option<bool>,
    /// `BUFFERS` (PostgreSQL).
    pub buffers: bool,
    /// The output format; `None` leaves the database's default.
    pub format: Option<ExplainFormat>,
}

impl Explain {
    /// `EXPLAIN statement` with no options.
    pub fn new(statement: impl Into<Query>) -> Self {
        Explain {
            statement: statement.into(),
            analyze: false,
            verbose: false,
            costs: None,
            buffers: false,
            format: None,
        }
    }
    /// Adds `ANALYZE` (the statement runs).
    pub fn analyze(mut self) -> Self {
        self.analyze = true;
        self
    }
    /// Adds `VERBOSE`.
    pub fn verbose(mut self) -> Self {
        self.verbose = true;
        self
    }
    /// Sets `COSTS ON` / `COSTS OFF`.
    pub fn costs(mut self, on: bool) -> Self {
        self.costs = Some(on);
        self
    }
    /// Adds `BUFFERS`.
    pub fn buffers(mut self) -> Self {
        self.buffers = true;
        self
    }
    /// Sets the output format.
    pub fn format(mut self, format: ExplainFormat) -> Self {
        self.format = Some(format);
        self
    }
}
