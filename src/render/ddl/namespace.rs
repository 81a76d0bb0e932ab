//! Rendering of CREATE / DROP SCHEMA per [`SchemaStyle`].

use crate::ddl::{CreateSchema, DropBehavior, DropSchema};
use crate::dialect::{Dialect, SchemaStyle};
use crate::error::Result;
use crate::render::{Rendered, Renderer, Statement};

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders `CREATE SCHEMA`.
    pub(crate) fn create_schema(&mut self, s: &CreateSchema) -> Result<()> {
        if self.d.schema_style() == SchemaStyle::None {
            return Err(self.d.unsupported("CREATE SCHEMA"));
        }
        self.push("CREATE SCHEMA ");
        if s.if_not_exists {
            self.push("IF NOT EXISTS ");
        }
        self.ident(&s.name)
    }

    /// Renders `DROP SCHEMA`.
    pub(crate) fn drop_schema(&mut self, s: &DropSchema) -> Result<()> {
        let style = self.d.schema_style();
        match (style, s.behavior) {
            (SchemaStyle::None, _) => return Err(self.d.unsupported("DROP SCHEMA")),
            (SchemaStyle::Database, None) => {
                return Err(self.d.unsupported(
                    "DROP SCHEMA without CASCADE (a schema is a database here: dropping it drops every table in it, say .cascade())",
                ));
            }
            (SchemaStyle::Database, Some(DropBehavior::Restrict)) => {
                return Err(self.d.unsupported("DROP SCHEMA … RESTRICT"));
            }
            _ => {}
        }
        self.push("DROP SCHEMA ");
        if s.if_exists {
            self.push("IF EXISTS ");
        }
        self.ident(&s.name)?;
        if style == SchemaStyle::Schema {
            match s.behavior {
                Some(DropBehavior::Cascade) => self.push(" CASCADE"),
                Some(DropBehavior::Restrict) => self.push(" RESTRICT"),
                None => {}
            }
        }
        Ok(())
    }
}

macro_rules! schema_statements {
    ($($ty:ident => $method:ident),*) => {$(
        impl $ty {
            /// Renders this statement for a dialect (DDL: no parameters).
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
    )*};
}

schema_statements!(CreateSchema => create_schema, DropSchema => drop_schema);
