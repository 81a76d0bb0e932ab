//! INSERT, multi-row VALUES, DEFAULT VALUES, INSERT … SELECT, and upsert.

use crate::expr::Expr;
use crate::ident::Ident;
use crate::query::{Cte, Query, SelectItem, TableRef, With};
use crate::schema::Table;
use crate::typed::{Column, Operand, OperandBase, Promote, SqlValue};

/// One cell of an INSERT's VALUES row: an expression, or the column's `DEFAULT`.
#[derive(Debug, Clone, PartialEq)]
pub enum InsertValue {
    /// A value or expression.
    Expr(Expr),
    /// `DEFAULT` (SQLite has no DEFAULT keyword in VALUES: the column is left out
    /// instead, which needs every row to default the same columns).
    Default,
}

impl<T: Into<Expr>> From<T> for InsertValue {
    fn from(e: T) -> Self {
        InsertValue::Expr(e.into())
    }
}

/// Where an INSERT's rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum InsertSource {
    /// `VALUES (…), (…)`
    Values(Vec<Vec<InsertValue>>),
    /// `INSERT … SELECT` (any query).
    Query(Box<Query>),
    /// `DEFAULT VALUES` (`() VALUES ()` on MySQL).
    DefaultValues,
}

/// What an upsert conflicts on.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictTarget {
    /// No target (PostgreSQL / SQLite DO NOTHING only). MySQL always acts on any unique key.
    Any,
    /// `ON CONFLICT (columns) [WHERE …]`; on MySQL the target cannot be expressed and
    /// the upsert acts on any unique key.
    Columns {
        /// The unique columns.
        columns: Vec<Ident>,
        /// The partial unique index's predicate (PostgreSQL, SQLite).
        where_: Option<Expr>,
    },
    /// `ON CONFLICT ON CONSTRAINT name` (PostgreSQL).
    Constraint(Ident),
}

/// What an upsert does on conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictAction {
    /// `DO NOTHING` (MySQL: a no-op `ON DUPLICATE KEY UPDATE c = c`).
    DoNothing,
    /// `DO UPDATE SET … [WHERE …]` (MySQL: `ON DUPLICATE KEY UPDATE …`, no WHERE).
    DoUpdate {
        /// Assignments; use [`crate::dml::excluded`] for the proposed row.
        set: Vec<(Ident, Expr)>,
        /// Only update rows matching this (PostgreSQL, SQLite).
        where_: Option<Expr>,
    },
}

/// An upsert clause.
#[derive(Debug, Clone, PartialEq)]
pub struct OnConflict {
    /// The conflict target.
    pub target: ConflictTarget,
    /// The action.
    pub action: ConflictAction,
}

/// An INSERT statement.
///
/// ```
/// use sqlweave::{table, TypedExpr};
/// use sqlweave::dml::{Insert, excluded};
/// use sqlweave_postgres::Postgres;
/// use sqlweave_mysql::MySql;
/// table! { pub struct Users("users") { id: i64, name: String, karma: i64 } }
/// let u = Users::new();
/// let ins = Insert::into(u)
///     .columns((u.id, u.name, u.karma))
///     .values((1, "ada", 10))
///     .values((2, "alan", 5))
///     .on_conflict_do_update([u.id], [(u.karma.name, excluded("karma"))]);
/// assert_eq!(ins.render(&Postgres).unwrap().sql,
///     r#"INSERT INTO "users" ("id", "name", "karma") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("id") DO UPDATE SET "karma" = "excluded"."karma""#);
/// assert_eq!(ins.render(&MySql::mariadb()).unwrap().sql,
///     "INSERT INTO `users` (`id`, `name`, `karma`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `karma` = VALUES(`karma`)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    /// WITH clause.
    pub with: Option<With>,
    /// The target table.
    pub table: TableRef,
    /// The column list (empty: all columns in table order).
    pub columns: Vec<Ident>,
    /// The rows.
    pub source: InsertSource,
    /// Upsert.
    pub on_conflict: Option<OnConflict>,
    /// `RETURNING …`
    pub returning: Vec<SelectItem>,
}

/// Column lists for INSERT: a tuple or array of typed columns, or of names.
pub trait ColumnList {
    /// The column names.
    fn column_names(self) -> Vec<Ident>;
}

impl<T> ColumnList for Column<T> {
    fn column_names(self) -> Vec<Ident> {
        vec![self.name_ident()]
    }
}

impl<C: IntoColumnName, const N: usize> ColumnList for [C; N] {
    fn column_names(self) -> Vec<Ident> {
        self.into_iter()
            .map(IntoColumnName::into_column_name)
            .collect()
    }
}

impl<C: IntoColumnName> ColumnList for Vec<C> {
    fn column_names(self) -> Vec<Ident> {
        self.into_iter()
            .map(IntoColumnName::into_column_name)
            .collect()
    }
}

/// A column's bare name: typed columns, `&'static str`, `String`, [`Ident`].
pub trait IntoColumnName {
    /// The name.
    fn into_column_name(self) -> Ident;
}

impl<T> IntoColumnName for Column<T> {
    fn into_column_name(self) -> Ident {
        self.name_ident()
    }
}
impl IntoColumnName for &'static str {
    fn into_column_name(self) -> Ident {
        Ident::from(self)
    }
}
impl IntoColumnName for String {
    fn into_column_name(self) -> Ident {
        Ident::from(self)
    }
}
impl IntoColumnName for Ident {
    fn into_column_name(self) -> Ident {
        self
    }
}

/// A row of values for INSERT: a tuple or array of anything convertible into
/// [`InsertValue`], or a `Vec`.
pub trait RowValues {
    /// The cells.
    fn into_cells(self) -> Vec<InsertValue>;
}

impl<V: Into<InsertValue>, const N: usize> RowValues for [V; N] {
    fn into_cells(self) -> Vec<InsertValue> {
        self.into_iter().map(Into::into).collect()
    }
}
impl<V: Into<InsertValue>> RowValues for Vec<V> {
    fn into_cells(self) -> Vec<InsertValue> {
        self.into_iter().map(Into::into).collect()
    }
}

macro_rules! tuple_rows {
    ($($name:ident)+) => {
        impl<$($name: IntoColumnName),+> ColumnList for ($($name,)+) {
            #[allow(non_snake_case)]
            fn column_names(self) -> Vec<Ident> {
                let ($($name,)+) = self;
                vec![$($name.into_column_name()),+]
            }
        }
        impl<$($name: Into<InsertValue>),+> RowValues for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_cells(self) -> Vec<InsertValue> {
                let ($($name,)+) = self;
                vec![$($name.into()),+]
            }
        }
    };
}
tuple_rows!(A);
tuple_rows!(A B);
tuple_rows!(A B C);
tuple_rows!(A B C D);
tuple_rows!(A B C D E);
tuple_rows!(A B C D E F);
tuple_rows!(A B C D E F G);
tuple_rows!(A B C D E F G H);
tuple_rows!(A B C D E F G H I);
tuple_rows!(A B C D E F G H I J);
tuple_rows!(A B C D E F G H I J K);
tuple_rows!(A B C D E F G H I J K L);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19 T20);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19 T20 T21);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19 T20 T21 T22);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19 T20 T21 T22 T23);
tuple_rows!(T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12 T13 T14 T15 T16 T17 T18 T19 T20 T21 T22 T23 T24);

impl Insert {
    /// `INSERT INTO table …`: a static table, a [`crate::DynTable`] or a [`TableRef`].
    pub fn into(table: impl Table) -> Self {
        Insert {
            with: None,
            table: table.table_ref(),
            columns: Vec::new(),
            source: InsertSource::Values(Vec::new()),
            on_conflict: None,
            returning: Vec::new(),
        }
    }
    /// Adds a row of values, in column-list order.
    pub fn values(mut self, row: impl RowValues) -> Self {
        self.push_row(row.into_cells());
        self
    }
    /// Appends a row of cells, turning any other source into VALUES.
    pub(crate) fn push_row(&mut self, cells: Vec<InsertValue>) {
        match &mut self.source {
            InsertSource::Values(rows) => rows.push(cells),
            other => *other = InsertSource::Values(vec![cells]),
        }
    }
    /// Adds many rows.
    pub fn rows<I, R>(mut self, rows: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: RowValues,
    {
        for r in rows {
            self = self.values(r);
        }
        self
    }
    /// Adds a typed value for one column of the current (last) row, starting a row if
    /// there is none: `Insert::into(u).set(u.id, 1).set(u.name, "ada")`.
    pub fn set<T: SqlValue, R: Operand<T::Base>>(mut self, col: Column<T>, value: R) -> Self
    where
        T::Base: Promote<OperandBase<R, T::Base>, Out = T::Base>,
    {
        let name = col.name_ident();
        let pos = match self.columns.iter().position(|c| *c == name) {
            Some(p) => p,
            None => {
                self.columns.push(name);
                self.columns.len() - 1
            }
        };
        if !matches!(self.source, InsertSource::Values(_)) {
            self.source = InsertSource::Values(Vec::new());
        }
        if let InsertSource::Values(rows) = &mut self.source {
            if rows.is_empty() {
                rows.push(Vec::new());
            }
            if let Some(row) = rows.last_mut() {
                while row.len() <= pos {
                    row.push(InsertValue::Default);
                }
                row[pos] = InsertValue::Expr(value.into_operand());
            }
        }
        self
    }
    /// `INSERT … SELECT` (or any query).
    pub fn select(mut self, query: impl Into<Query>) -> Self {
        self.source = InsertSource::Query(Box::new(query.into()));
        self
    }
    /// `DEFAULT VALUES`
    pub fn default_values(mut self) -> Self {
        self.source = InsertSource::DefaultValues;
        self
    }
    /// `ON CONFLICT (columns) DO NOTHING`. On MySQL / MariaDB this is a no-op
    /// `ON DUPLICATE KEY UPDATE c = c` on any unique key: the rows-affected count also
    /// counts conflicting rows when the connection reports found rows (sqlweave's
    /// `MySqlConnection::connect` does), and MariaDB's RETURNING returns them too.
    pub fn on_conflict_do_nothing(mut self, target: impl ColumnList) -> Self {
        let columns = target.column_names();
        self.on_conflict = Some(OnConflict {
            target: if columns.is_empty() {
                ConflictTarget::Any
            } else {
                ConflictTarget::Columns {
                    columns,
                    where_: None,
                }
            },
            action: ConflictAction::DoNothing,
        });
        self
    }
    /// `ON CONFLICT (columns) DO UPDATE SET …`
    pub fn on_conflict_do_update<I, N, E>(mut self, target: impl ColumnList, set: I) -> Self
    where
        I: IntoIterator<Item = (N, E)>,
        N: Into<Ident>,
        E: Into<Expr>,
    {
        self.on_conflict = Some(OnConflict {
            target: ConflictTarget::Columns {
                columns: target.column_names(),
                where_: None,
            },
            action: ConflictAction::DoUpdate {
                set: set.into_iter().map(|(n, e)| (n.into(), e.into())).collect(),
                where_: None,
            },
        });
        self
    }
    /// Any upsert clause.
    pub fn on_conflict(mut self, clause: OnConflict) -> Self {
        self.on_conflict = Some(clause);
        self
    }
    /// `RETURNING …` (PostgreSQL, SQLite, MariaDB; not MySQL 8).
    pub fn returning<I, E>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = E>,
        E: Into<SelectItem>,
    {
        super::push_returning(&mut self.returning, items);
        self
    }
    /// Adds a CTE.
    pub fn with(mut self, cte: Cte) -> Self {
        self.with.get_or_insert_with(With::default).ctes.push(cte);
        self
    }
    /// The number of VALUES rows (0 for other sources).
    pub fn row_count(&self) -> usize {
        match &self.source {
            InsertSource::Values(rows) => rows.len(),
            _ => 0,
        }
    }
}
