//! Where each statement renders: the [`Statement`] trait that executors take, and the
//! `render` methods of every statement type of the tree. They live here, in the
//! rendering layer, so the tree imports nothing from it (the methods are inherent all
//! the same: `select.render(&dialect)`).

use super::{Rendered, Renderer};
use crate::ddl::{
    AlterSequence, AlterTable, AlterType, CommentOn, CreateIndex, CreateSequence, CreateTable,
    CreateType, CreateView, DdlStatement, DropIndex, DropSequence, DropTable, DropType, DropView,
};
use crate::dialect::Dialect;
use crate::dml::{Insert, InsertSource, TypedInsert};
use crate::error::Result;
use crate::query::{Compound, Query};
use crate::select::Select;

/// Something that renders to SQL for a dialect: queries and, later, other statements.
pub trait Statement {
    /// Renders for `dialect`.
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered>;
}

impl Statement for Select {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.render(dialect)
    }
}
impl Statement for Compound {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.render(dialect)
    }
}
impl Statement for Query {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.render(dialect)
    }
}

macro_rules! render_entry {
    ($($t:ty => $method:ident),* $(,)?) => {$(
        impl $t {
            /// Renders this statement for a dialect.
            pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
                let mut r = Renderer::new(dialect);
                r.$method(self)?;
                r.finish_checked()
            }
        }
        impl Statement for $t {
            fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
                self.render(dialect)
            }
        }
    )*};
}

render_entry! {
    crate::dml::Insert => insert,
    crate::dml::Update => update,
    crate::dml::Delete => delete,
    crate::dml::Merge => merge,
}

macro_rules! ddl_statements {
    ($($ty:ident => $method:ident;)*) => {
        $(
            impl $ty {
                /// Renders this statement for a dialect. DDL has no parameters: values
                /// are written as literals.
                pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
                    let mut r = Renderer::new(dialect);
                    r.inline_values = true;
                    r.$method(self)?;
                    Ok(r.finish())
                }
            }
            impl Statement for $ty {
                fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
                    self.render(dialect)
                }
            }
        )*
    };
}

ddl_statements! {
    CreateTable => create_table;
    DropTable => drop_table;
    AlterTable => alter_table;
    CreateIndex => create_index;
    DropIndex => drop_index;
    CreateView => create_view;
    DropView => drop_view;
    CreateSequence => create_sequence;
    DropSequence => drop_sequence;
    CreateType => create_type;
    DropType => drop_type;
    AlterSequence => alter_sequence;
    AlterType => alter_type;
}

impl CommentOn {
    /// Renders this statement for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        let mut r = Renderer::new(dialect);
        r.inline_values = true;
        r.comment_on(self)?;
        Ok(r.finish())
    }
}
impl Statement for CommentOn {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.render(dialect)
    }
}

impl DdlStatement {
    /// Renders this statement for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        match self {
            DdlStatement::CreateTable(s) => s.render(dialect),
            DdlStatement::DropTable(s) => s.render(dialect),
            DdlStatement::AlterTable(s) => s.render(dialect),
            DdlStatement::CreateIndex(s) => s.render(dialect),
            DdlStatement::DropIndex(s) => s.render(dialect),
            DdlStatement::CreateView(s) => s.render(dialect),
            DdlStatement::DropView(s) => s.render(dialect),
            DdlStatement::CreateSequence(s) => s.render(dialect),
            DdlStatement::DropSequence(s) => s.render(dialect),
            DdlStatement::CreateType(s) => s.render(dialect),
            DdlStatement::DropType(s) => s.render(dialect),
            DdlStatement::Comment(s) => s.render(dialect),
        }
    }
}

impl Statement for DdlStatement {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.render(dialect)
    }
}

impl Insert {
    /// Renders this INSERT for a dialect, moving its VALUES into the parameters instead
    /// of copying them: the same SQL and parameters as [`Insert::render`], without a
    /// second copy of every value (for large inserts built only to be sent).
    ///
    /// ```
    /// use sqlweave::{TableRef, Value, dml::Insert};
    /// use sqlweave_postgres::Postgres;
    /// let ins = Insert::into(TableRef::new("notes"))
    ///     .columns(["id", "body"])
    ///     .rows([[Value::I64(1), Value::from("a")], [Value::I64(2), Value::from("b")]]);
    /// let copied = ins.render(&Postgres).unwrap();
    /// let moved = ins.into_rendered(&Postgres).unwrap();
    /// assert_eq!(moved, copied);
    /// assert_eq!(moved.sql, r#"INSERT INTO "notes" ("id", "body") VALUES ($1, $2), ($3, $4)"#);
    /// ```
    pub fn into_rendered<D: Dialect + ?Sized>(mut self, dialect: &D) -> Result<Rendered> {
        let rows = match &mut self.source {
            InsertSource::Values(rows) => std::mem::take(rows),
            _ => return self.render(dialect),
        };
        let mut r = Renderer::new(dialect);
        r.insert_with_rows(&self, Some(super::dml::RowsArg::Owned(rows)))?;
        r.finish_checked()
    }
}

impl<C> TypedInsert<C> {
    /// Renders this INSERT for a dialect.
    pub fn render<D: Dialect + ?Sized>(&self, d: &D) -> Result<Rendered> {
        self.as_insert().render(d)
    }
    /// See [`Insert::into_rendered`]: renders, moving the values instead of copying them.
    pub fn into_rendered<D: Dialect + ?Sized>(self, d: &D) -> Result<Rendered> {
        self.into_insert().into_rendered(d)
    }
    /// See [`Insert::render_batches`].
    pub fn render_batches<D: Dialect + ?Sized>(&self, d: &D) -> Result<super::InsertBatches> {
        self.as_insert().render_batches(d)
    }
}

impl<C> Statement for TypedInsert<C> {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.as_insert().render(dialect)
    }
}
