//! Nodes of the user's own kind: see [`Custom`].

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use super::Expr;
use crate::error::{Error, Result};
use crate::ident::Ident;
use crate::value::Value;

/// The precedence of an atom: a node that never needs parentheses around it (a
/// function call, a parenthesized form). The default of [`Custom::precedence`].
pub const ATOM_PRECEDENCE: u8 = 10;

/// Nodes of the user's own kind: a function written differently per database, an
/// operator sqlweave does not ship (PostgreSQL's `@@`), any expression an ORM needs.
///
/// A custom node is plain data of the user's type (its operator, its options: never
/// child expressions) implementing [`Custom`], plus the child expressions sqlweave holds
/// for it ([`CustomExpr::args`]). It takes part in everything a built-in node does:
/// `Debug`, `Clone` and `==` (through the user type's own), the visitor and transformer
/// (its arguments are ordinary children), deep-tree safety (the node and its arguments
/// sit in a guarded [`CustomBox`](super::CustomBox)). When the statement renders, the
/// node writes itself through a [`SqlWriter`]: fixed SQL text (`&'static str` only, so
/// nothing run-time becomes SQL text), its arguments (rendered by sqlweave: quoting,
/// parameters and parentheses stay sqlweave's), identifiers and values (always bind
/// parameters). A node that does not know the dialect it is asked for returns
/// [`SqlWriter::unsupported`]: never text meant for another database.
///
/// ```
/// use sqlweave::expr::{Custom, SqlWriter};
/// use sqlweave::{Expr, Result, Select, TableRef};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
///
/// /// The number of whole days between two dates, per database.
/// #[derive(Debug, Clone, PartialEq)]
/// struct DaysBetween;
///
/// impl Custom for DaysBetween {
///     fn name(&self) -> &'static str {
///         "days_between"
///     }
///     fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
///         let [from, to] = args else { return Err(w.invalid("days_between takes two dates")) };
///         match w.dialect_name() {
///             "PostgreSQL" => {
///                 w.sql("(CAST(")?;
///                 w.expr(to)?;
///                 w.sql(" AS DATE) - CAST(")?;
///                 w.expr(from)?;
///                 w.sql(" AS DATE))")?;
///             }
///             "SQLite" => {
///                 w.sql("CAST(julianday(")?;
///                 w.expr(to)?;
///                 w.sql(") - julianday(")?;
///                 w.expr(from)?;
///                 w.sql(") AS INTEGER)")?;
///             }
///             "MySQL" | "MariaDB" => {
///                 w.sql("DATEDIFF(")?;
///                 w.expr(to)?;
///                 w.sql(", ")?;
///                 w.expr(from)?;
///                 w.sql(")")?;
///             }
///             _ => return Err(w.unsupported("days_between")),
///         }
///         Ok(())
///     }
/// }
///
/// let t = TableRef::new("orders");
/// let days = Expr::custom(DaysBetween, [t.col("placed_on"), t.col("shipped_on")]);
/// let q = Select::new().column(days.label("days")).from(t);
/// assert_eq!(
///     q.render(&Postgres).unwrap().sql,
///     r#"SELECT (CAST("orders"."shipped_on" AS DATE) - CAST("orders"."placed_on" AS DATE)) AS "days" FROM "orders""#
/// );
/// assert_eq!(
///     q.render(&Sqlite).unwrap().sql,
///     r#"SELECT CAST(julianday("orders"."shipped_on") - julianday("orders"."placed_on") AS INTEGER) AS "days" FROM "orders""#
/// );
/// assert_eq!(
///     q.render(&MySql::mariadb()).unwrap().sql,
///     "SELECT DATEDIFF(`orders`.`shipped_on`, `orders`.`placed_on`) AS `days` FROM `orders`"
/// );
/// assert!(q.render(&sqlweave::Ansi).is_err()); // a dialect it does not know
/// ```
///
/// Implement it on a type holding the node's options (never its child expressions:
/// those are the `args` passed to [`Custom::write`], held by sqlweave), deriving
/// `Debug`, `Clone` and `PartialEq`, then build the node with [`Expr::custom`].
pub trait Custom: fmt::Debug + Clone + PartialEq + Send + Sync + 'static {
    /// A short name, for errors and `Debug`.
    fn name(&self) -> &'static str;
    /// Writes the node for the writer's dialect, or refuses it with
    /// [`SqlWriter::unsupported`].
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()>;
    /// How tightly the written node binds, on sqlweave's scale: 1 `OR`, 2 `AND`, 3 `NOT`,
    /// 4 comparisons (`=`, `LIKE`, `IN`, `IS NULL` …), 5 `||`, 6 `+ -`, 7 `* / %`, 8 unary
    /// minus, [`ATOM_PRECEDENCE`] (the default) an atom. An operand of lower precedence
    /// than its context is parenthesized by sqlweave; a binary operator node writes its
    /// operands with [`SqlWriter::operand`] at its own precedence (left) and one above
    /// (right) to get the same treatment.
    fn precedence(&self) -> u8 {
        ATOM_PRECEDENCE
    }
}

/// What a custom node writes through. The renderer implements it; a node uses nothing
/// else, so its text is the dialect's and its values are parameters.
pub trait SqlWriter {
    /// The name of the dialect being rendered ([`crate::Dialect::name`]: `"PostgreSQL"`,
    /// `"SQLite"`, `"MySQL"`, `"MariaDB"`, or a third party's).
    fn dialect_name(&self) -> &'static str;
    /// Fixed SQL text: keywords, operators, punctuation. Only `'static` text, so that
    /// nothing computed at run time becomes SQL; text holding `?` (a placeholder on
    /// most dialects), NUL, or what starts a comment in the dialect
    /// ([`SqlWriter::comment_markers`]) is an [`Error::Invalid`], and text that would
    /// run into what precedes it as a comment (`-` then `-`) is spaced apart.
    fn sql(&mut self, text: &'static str) -> Result<()>;
    /// A child expression, parenthesized if it binds less tightly than an atom.
    fn expr(&mut self, e: &Expr) -> Result<()>;
    /// A child expression as an operand that must bind at least as tightly as
    /// `min_precedence` (see [`Custom::precedence`]).
    fn operand(&mut self, e: &Expr, min_precedence: u8) -> Result<()>;
    /// A quoted, checked identifier.
    fn ident(&mut self, name: &Ident) -> Result<()>;
    /// A value, as a bind parameter.
    fn value(&mut self, v: &Value) -> Result<()>;
    /// The error for a node this dialect cannot express: [`Error::Unsupported`] naming
    /// the dialect and `what`.
    fn unsupported(&self, what: &str) -> Error;
    /// The character sequences that start a comment in this dialect (`--`, `/*`, and
    /// `#` on MySQL): text a node writes must not contain them.
    fn comment_markers(&self) -> &'static [&'static str] {
        &["--", "/*"]
    }
    /// The error for a node built wrongly (the wrong number of arguments …):
    /// [`Error::Invalid`].
    fn invalid(&self, what: &str) -> Error {
        Error::invalid(what.to_string())
    }
}

/// The object-safe face of [`Custom`], implemented for every `Custom` type.
pub trait DynCustom: fmt::Debug + Send + Sync {
    /// [`Custom::name`].
    fn name(&self) -> &'static str;
    /// [`Custom::write`].
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()>;
    /// [`Custom::precedence`].
    fn precedence(&self) -> u8;
    /// The node as `Any`, to downcast to the user's type ([`CustomExpr::node_as`]).
    fn as_any(&self) -> &dyn Any;
    /// `==` with a node of any type: equal when the types and values are.
    fn eq_dyn(&self, other: &dyn DynCustom) -> bool;
}

impl<T: Custom> DynCustom for T {
    fn name(&self) -> &'static str {
        Custom::name(self)
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        Custom::write(self, args, w)
    }
    fn precedence(&self) -> u8 {
        Custom::precedence(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn eq_dyn(&self, other: &dyn DynCustom) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// A custom node in the tree ([`Expr::Custom`]): the user's data and the arguments
/// sqlweave holds, renders and walks for it.
#[derive(Clone)]
pub struct CustomExpr {
    node: Arc<dyn DynCustom>,
    /// The child expressions, in the order the node writes them (guarded by the
    /// [`CustomBox`](super::CustomBox) that holds this node, like a function call's).
    pub args: Vec<Expr>,
}

impl CustomExpr {
    /// A node of `node`'s kind over `args`.
    pub fn new(node: impl Custom, args: impl IntoIterator<Item = Expr>) -> Self {
        CustomExpr {
            node: Arc::new(node),
            args: args.into_iter().collect(),
        }
    }
    /// The user's node.
    pub fn node(&self) -> &dyn DynCustom {
        &*self.node
    }
    /// The user's node as its own type, if it is a `T`.
    ///
    /// ```
    /// use sqlweave::expr::{Custom, SqlWriter};
    /// use sqlweave::{Expr, Result};
    /// #[derive(Debug, Clone, PartialEq)]
    /// struct Tag(&'static str);
    /// impl Custom for Tag {
    ///     fn name(&self) -> &'static str { "tag" }
    ///     fn write(&self, _: &[Expr], w: &mut dyn SqlWriter) -> Result<()> { w.sql("1")?; Ok(()) }
    /// }
    /// let Expr::Custom(c) = Expr::custom(Tag("x"), Vec::<Expr>::new()) else { unreachable!() };
    /// assert_eq!(c.node_as::<Tag>(), Some(&Tag("x")));
    /// ```
    pub fn node_as<T: Custom>(&self) -> Option<&T> {
        self.node.as_any().downcast_ref()
    }
}

impl PartialEq for CustomExpr {
    fn eq(&self, other: &Self) -> bool {
        self.node.eq_dyn(&*other.node) && self.args == other.args
    }
}

impl fmt::Debug for CustomExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Custom")
            .field("node", &self.node)
            .field("args", &self.args)
            .finish()
    }
}

impl Expr {
    /// A node of the user's own kind over `args` (see [`Custom`]).
    pub fn custom(node: impl Custom, args: impl IntoIterator<Item = impl Into<Expr>>) -> Expr {
        Expr::Custom(super::CustomBox::new(CustomExpr::new(
            node,
            args.into_iter().map(Into::into),
        )))
    }

    /// `left op right` with an operator of the dialect's own that sqlweave does not ship
    /// (PostgreSQL's `@@`, `<->`, `&&` …), binding as tightly as `precedence` (see
    /// [`Custom::precedence`]; comparisons are 4). The operator must be made of the
    /// characters `+ - * / < > = ~ ! @ # % ^ & |`, at most 8 long, with nothing that
    /// starts a comment in the dialect it is written for (`--`, `/*`; `#` on MySQL and
    /// MariaDB), else rendering is an [`Error::Invalid`]. It is written for every
    /// dialect that accepts its text, so use it only in statements for the database
    /// that has it, or build a [`Custom`] node that refuses the others.
    ///
    /// ```
    /// use sqlweave::{Expr, Select, TableRef, func};
    /// use sqlweave_postgres::Postgres;
    /// let d = TableRef::new("docs");
    /// let matches = Expr::operator(
    ///     func::call("to_tsvector", [d.col("body")]),
    ///     "@@",
    ///     func::call("plainto_tsquery", [Expr::value("rust sql")]),
    ///     4,
    /// );
    /// let q = Select::new().column(d.col("id")).from(d).filter(matches);
    /// assert_eq!(
    ///     q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT "docs"."id" FROM "docs" WHERE to_tsvector("docs"."body") @@ plainto_tsquery($1::text)"#
    /// );
    /// ```
    pub fn operator(
        left: impl Into<Expr>,
        op: &'static str,
        right: impl Into<Expr>,
        precedence: u8,
    ) -> Expr {
        Expr::custom(Operator { op, precedence }, [left.into(), right.into()])
    }

    /// `op operand`: a prefix operator of the dialect's own (PostgreSQL's `@` for the
    /// absolute value, `~` for bitwise NOT, `|/` for the square root …), checked and
    /// parenthesized as [`Expr::operator`] is; the operand binds at least as tightly as
    /// `precedence`.
    ///
    /// ```
    /// use sqlweave::{Expr, Select};
    /// use sqlweave_postgres::Postgres;
    /// let q = Select::new().column(Expr::prefix_operator("|/", Expr::value(16.0).add(9.0), 8));
    /// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT |/ ($1::float8 + $2::float8)");
    /// ```
    pub fn prefix_operator(op: &'static str, operand: impl Into<Expr>, precedence: u8) -> Expr {
        Expr::custom(Operator { op, precedence }, [operand.into()])
    }
}

/// The node of [`Expr::operator`] and [`Expr::prefix_operator`].
#[derive(Debug, Clone, PartialEq)]
struct Operator {
    op: &'static str,
    precedence: u8,
}

impl Operator {
    fn check(&self, w: &dyn SqlWriter) -> Result<()> {
        let ok_chars = self.op.chars().all(|c| "+-*/<>=~!@#%^&|".contains(c));
        let comment = w.comment_markers().iter().any(|m| self.op.contains(m));
        if self.op.is_empty() || self.op.len() > 8 || !ok_chars || comment {
            return Err(Error::invalid(format!(
                "{:?} is not an operator sqlweave writes for {} (operator characters only, at most 8, nothing that starts a comment there)",
                self.op,
                w.dialect_name()
            )));
        }
        if !(1..=9).contains(&self.precedence) {
            return Err(Error::invalid(format!(
                "operator precedence {} is outside 1..=9",
                self.precedence
            )));
        }
        Ok(())
    }
}

impl Custom for Operator {
    fn name(&self) -> &'static str {
        self.op
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        self.check(w)?;
        match args {
            [operand] => {
                w.sql(self.op)?;
                w.sql(" ")?;
                w.operand(operand, self.precedence)
            }
            [left, right] => {
                w.operand(left, self.precedence)?;
                w.sql(" ")?;
                w.sql(self.op)?;
                w.sql(" ")?;
                w.operand(right, self.precedence + 1)
            }
            _ => Err(w.invalid("an operator takes one or two operands")),
        }
    }
    fn precedence(&self) -> u8 {
        self.precedence
    }
}
