//! Rendering of `EXPLAIN` ([`crate::explain::Explain`]) per [`ExplainStyle`].

use super::{Rendered, Renderer};
use crate::dialect::{Dialect, ExplainStyle};
use crate::error::{Error, Result};
use crate::explain::{Explain, ExplainFormat};
use crate::query::Query;

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders `EXPLAIN …` and the explained statement.
    pub fn explain(&mut self, e: &Explain) -> Result<()> {
        let style = self.d.explain_style();
        let refuse = |r: &Self, what: &str| Err(r.d.unsupported(what));
        match style {
            ExplainStyle::None => return refuse(self, "EXPLAIN"),
            ExplainStyle::Postgres => {
                let mut opts: Vec<&'static str> = Vec::new();
                if e.analyze {
                    opts.push("ANALYZE");
                }
                if e.verbose {
                    opts.push("VERBOSE");
                }
                match e.costs {
                    Some(true) => opts.push("COSTS ON"),
                    Some(false) => opts.push("COSTS OFF"),
                    None => {}
                }
                if e.buffers {
                    opts.push("BUFFERS");
                }
                match e.format {
                    None => {}
                    Some(ExplainFormat::Text) => opts.push("FORMAT TEXT"),
                    Some(ExplainFormat::Json) => opts.push("FORMAT JSON"),
                    Some(ExplainFormat::Yaml) => opts.push("FORMAT YAML"),
                    Some(ExplainFormat::Xml) => opts.push("FORMAT XML"),
                    Some(ExplainFormat::Tree) => return refuse(self, "EXPLAIN FORMAT TREE"),
                }
                self.push("EXPLAIN ");
                if !opts.is_empty() {
                    self.push("(");
                    self.push(&opts.join(", "));
                    self.push(") ");
                }
            }
            ExplainStyle::MySql | ExplainStyle::MariaDb => {
                if e.verbose {
                    return refuse(self, "EXPLAIN VERBOSE");
                }
                if e.costs.is_some() {
                    return refuse(self, "EXPLAIN COSTS ON / OFF");
                }
                if e.buffers {
                    return refuse(self, "EXPLAIN BUFFERS");
                }
                let mariadb = style == ExplainStyle::MariaDb;
                let format = match e.format {
                    None => "",
                    Some(ExplainFormat::Json) => "FORMAT=JSON ",
                    Some(ExplainFormat::Text) if mariadb => "",
                    Some(ExplainFormat::Text) => "FORMAT=TRADITIONAL ",
                    Some(ExplainFormat::Tree) if !mariadb => "FORMAT=TREE ",
                    Some(ExplainFormat::Tree) => return refuse(self, "EXPLAIN FORMAT=TREE"),
                    Some(ExplainFormat::Yaml) => return refuse(self, "EXPLAIN FORMAT YAML"),
                    Some(ExplainFormat::Xml) => return refuse(self, "EXPLAIN FORMAT XML"),
                };
                if e.analyze && mariadb {
                    self.push("ANALYZE ");
                } else if e.analyze {
                    // MySQL 8's EXPLAIN ANALYZE writes the tree format only.
                    if !matches!(e.format, None | Some(ExplainFormat::Tree)) {
                        return refuse(self, "EXPLAIN ANALYZE in a format other than TREE");
                    }
                    self.push("EXPLAIN ANALYZE ");
                } else {
                    self.push("EXPLAIN ");
                }
                self.push(format);
            }
            ExplainStyle::QueryPlan => {
                if e.analyze {
                    return refuse(self, "EXPLAIN ANALYZE");
                }
                if e.verbose {
                    return refuse(self, "EXPLAIN VERBOSE");
                }
                if e.costs.is_some() {
                    return refuse(self, "EXPLAIN COSTS ON / OFF");
                }
                if e.buffers {
                    return refuse(self, "EXPLAIN BUFFERS");
                }
                if !matches!(e.format, None | Some(ExplainFormat::Text)) {
                    return refuse(self, "EXPLAIN in a format other than its query plan rows");
                }
                self.push("EXPLAIN QUERY PLAN ");
            }
        }
        match &e.statement {
            Query::Select(s) => self.select(s),
            Query::Compound(c) => self.compound(c),
            Query::Insert(i) => self.insert(i),
            Query::Update(u) => self.update(u),
            Query::Delete(d) => self.delete(d),
            Query::Values(_) => Err(Error::invalid("EXPLAIN of a bare VALUES list")),
        }
    }
}

impl Explain {
    /// Renders this `EXPLAIN` for a dialect (see [`Explain`]).
    pub fn render<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Rendered> {
        let mut r = Renderer::new(dialect);
        r.explain(self)?;
        r.finish_checked()
    }
}

impl super::Statement for Explain {
    fn render_for(&self, dialect: &dyn Dialect) -> Result<Rendered> {
        self.render(dialect)
    }
}
