//! Rendering of CREATE / DROP INDEX, VIEW, SEQUENCE and TYPE.

use super::super::Renderer;
use crate::ddl::{
    AlterSequence, AlterType, AlterTypeAction, CreateIndex, CreateSequence, CreateType, CreateView,
    DdlFeature, DropIndex, DropSequence, DropType, DropView, EnumStyle, EnumType, IndexStyle,
    IndexTarget, LabelPosition,
};
use crate::dialect::Dialect;
use crate::error::{Error, Result};

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Renders `CREATE INDEX`.
    pub(crate) fn create_index(&mut self, ci: &CreateIndex) -> Result<()> {
        let ix = &ci.index;
        if ix.parts.is_empty() {
            return Err(Error::invalid(format!(
                "index {:?} needs at least one column or expression",
                ix.name.as_str()
            )));
        }
        if ix.predicate.is_some() && !self.d.supports_ddl(DdlFeature::PartialIndexes) {
            return Err(self.d.unsupported("partial indexes (CREATE INDEX … WHERE)"));
        }
        if ix
            .parts
            .iter()
            .any(|p| matches!(p.target, IndexTarget::Expr(_)))
            && !self.d.supports_ddl(DdlFeature::ExpressionIndexes)
        {
            return Err(self.d.unsupported("indexes on expressions"));
        }
        self.push(if ix.unique {
            "CREATE UNIQUE INDEX "
        } else {
            "CREATE INDEX "
        });
        if ci.if_not_exists {
            if !self.d.supports_ddl(DdlFeature::CreateIndexIfNotExists) {
                return Err(self.d.unsupported("CREATE INDEX IF NOT EXISTS"));
            }
            self.push("IF NOT EXISTS ");
        }
        let style = self.d.index_style();
        if style == IndexStyle::SchemaOnIndex
            && let Some(s) = &ci.table.schema
        {
            self.ident(s)?;
            self.push(".");
        }
        self.ident(&ix.name)?;
        self.push(" ON ");
        if style == IndexStyle::SchemaOnIndex {
            self.ident(&ci.table.name)?;
        } else {
            self.object_name(&ci.table)?;
        }
        self.push(" (");
        self.comma_list(&ix.parts, |r, p| {
            match &p.target {
                IndexTarget::Column(c) => r.ident(c)?,
                IndexTarget::Expr(e) => {
                    r.push("(");
                    r.table_expr(e, "an index expression")?;
                    r.push(")");
                }
            }
            if p.desc {
                r.push(" DESC");
            }
            Ok(())
        })?;
        self.push(")");
        if let Some(w) = &ix.predicate {
            self.push(" WHERE ");
            self.table_expr(w, "a partial index's WHERE")?;
        }
        Ok(())
    }

    /// Renders `DROP INDEX`.
    pub(crate) fn drop_index(&mut self, di: &DropIndex) -> Result<()> {
        self.push("DROP INDEX ");
        if di.if_exists {
            if !self.d.supports_ddl(DdlFeature::DropIndexIfExists) {
                return Err(self.d.unsupported("DROP INDEX IF EXISTS"));
            }
            self.push("IF EXISTS ");
        }
        match self.d.index_style() {
            IndexStyle::OnTable => {
                self.ident(&di.name)?;
                self.push(" ON ");
                self.object_name(&di.table)
            }
            IndexStyle::Standard | IndexStyle::SchemaOnIndex => {
                if let Some(s) = &di.table.schema {
                    self.ident(s)?;
                    self.push(".");
                }
                self.ident(&di.name)
            }
        }
    }

    /// Renders `CREATE VIEW`: the query's values are written as literals.
    pub(crate) fn create_view(&mut self, v: &CreateView) -> Result<()> {
        if v.raw_sql.is_none() {
            crate::ddl::check_query(&v.query)?;
        }
        self.push("CREATE ");
        if v.or_replace {
            if !self.d.supports_ddl(DdlFeature::CreateOrReplaceView) {
                return Err(self.d.unsupported("CREATE OR REPLACE VIEW"));
            }
            self.push("OR REPLACE ");
        }
        self.push("VIEW ");
        if v.if_not_exists {
            if !self.d.supports_ddl(DdlFeature::CreateViewIfNotExists) {
                return Err(self.d.unsupported("CREATE VIEW IF NOT EXISTS"));
            }
            self.push("IF NOT EXISTS ");
        }
        self.object_name(&v.name)?;
        if !v.columns.is_empty() {
            self.push(" ");
            self.ident_list(&v.columns)?;
        }
        self.push(" AS ");
        match &v.raw_sql {
            Some(sql) => {
                if sql.trim().is_empty() {
                    return Err(Error::invalid("a raw view definition cannot be empty"));
                }
                self.push(sql);
                Ok(())
            }
            None => self.query(&v.query),
        }
    }

    /// Renders `DROP VIEW`.
    pub(crate) fn drop_view(&mut self, v: &DropView) -> Result<()> {
        self.push("DROP VIEW ");
        if v.if_exists {
            self.push("IF EXISTS ");
        }
        self.object_name(&v.name)?;
        self.cascade(v.cascade)
    }

    /// Renders `CREATE SEQUENCE`.
    pub(crate) fn create_sequence(&mut self, s: &CreateSequence) -> Result<()> {
        if !self.d.supports_ddl(DdlFeature::Sequences) {
            return Err(self.d.unsupported("sequences"));
        }
        self.push("CREATE SEQUENCE ");
        if s.if_not_exists {
            self.push("IF NOT EXISTS ");
        }
        self.object_name(&s.name)?;
        // Integers, part of the statement's shape (not values).
        for (kw, n) in [
            (" INCREMENT BY ", s.increment),
            (" MINVALUE ", s.min_value),
            (" MAXVALUE ", s.max_value),
            (" START WITH ", s.start),
            (" CACHE ", s.cache),
        ] {
            if let Some(n) = n {
                self.push(kw);
                self.push(&n.to_string());
            }
        }
        if s.cycle {
            self.push(" CYCLE");
        }
        Ok(())
    }

    /// Renders `ALTER SEQUENCE`: only the options set, in a fixed order.
    pub(crate) fn alter_sequence(&mut self, s: &AlterSequence) -> Result<()> {
        if !self.d.supports_ddl(DdlFeature::Sequences) {
            return Err(self.d.unsupported("sequences (ALTER SEQUENCE)"));
        }
        self.push("ALTER SEQUENCE ");
        self.object_name(&s.name)?;
        let start = self.out.len();
        // Integers, part of the statement's shape (not values).
        let number = |kw: &str, n: i64| format!(" {kw} {n}");
        if let Some(n) = s.increment {
            self.push(&number("INCREMENT BY", n));
        }
        for (kw, v) in [("MINVALUE", s.min_value), ("MAXVALUE", s.max_value)] {
            match v {
                Some(Some(n)) => self.push(&number(kw, n)),
                Some(None) => self.push(&format!(" NO {kw}")),
                None => {}
            }
        }
        if let Some(n) = s.start {
            self.push(&number("START WITH", n));
        }
        if let Some(n) = s.cache {
            self.push(&number("CACHE", n));
        }
        match s.cycle {
            Some(true) => self.push(" CYCLE"),
            // MariaDB spells it as one word and refuses PostgreSQL's two.
            Some(false) if self.d.name() == "MariaDB" => self.push(" NOCYCLE"),
            Some(false) => self.push(" NO CYCLE"),
            None => {}
        }
        match s.restart {
            Some(Some(n)) => self.push(&number("RESTART WITH", n)),
            Some(None) => self.push(" RESTART"),
            None => {}
        }
        if self.out.len() == start {
            return Err(Error::invalid(format!(
                "ALTER SEQUENCE {:?} changes nothing: set at least one option",
                s.name.display()
            )));
        }
        Ok(())
    }

    /// Renders `DROP SEQUENCE`.
    pub(crate) fn drop_sequence(&mut self, s: &DropSequence) -> Result<()> {
        if !self.d.supports_ddl(DdlFeature::Sequences) {
            return Err(self.d.unsupported("sequences"));
        }
        self.push("DROP SEQUENCE ");
        if s.if_exists {
            self.push("IF EXISTS ");
        }
        self.object_name(&s.name)
    }

    /// Renders `CREATE TYPE … AS ENUM`.
    pub(crate) fn create_type(&mut self, t: &CreateType) -> Result<()> {
        if self.d.enum_style() != EnumStyle::NamedType {
            return Err(self.d.unsupported(
                "named enum types (CREATE TYPE): enum labels are part of each column here",
            ));
        }
        let e = &t.enum_type;
        if e.labels.is_empty() {
            return Err(Error::invalid(format!(
                "enum type {:?} needs at least one label",
                e.name.display()
            )));
        }
        self.push("CREATE TYPE ");
        self.object_name(&e.name)?;
        self.push(" AS ENUM (");
        self.enum_labels(e)?;
        self.push(")");
        Ok(())
    }

    /// Renders `ALTER TYPE … ADD VALUE`.
    pub(crate) fn alter_type(&mut self, t: &AlterType) -> Result<()> {
        if self.d.enum_style() != EnumStyle::NamedType {
            return Err(self.d.unsupported(
                "ALTER TYPE … ADD VALUE (enum labels are part of each column here: change the column's type)",
            ));
        }
        match &t.action {
            AlterTypeAction::AddValue {
                label,
                position,
                if_not_exists,
            } => {
                // The new label passes the checks a CREATE TYPE's labels pass.
                let one = EnumType {
                    name: t.name.clone(),
                    labels: vec![label.clone()],
                };
                self.push("ALTER TYPE ");
                self.object_name(&t.name)?;
                self.push(" ADD VALUE ");
                if *if_not_exists {
                    self.push("IF NOT EXISTS ");
                }
                self.enum_labels(&one)?;
                match position {
                    Some(LabelPosition::Before(other)) => {
                        self.push(" BEFORE ");
                        self.plain_string(other, "an enum label")?;
                    }
                    Some(LabelPosition::After(other)) => {
                        self.push(" AFTER ");
                        self.plain_string(other, "an enum label")?;
                    }
                    None => {}
                }
                Ok(())
            }
        }
    }

    /// Renders `DROP TYPE`.
    pub(crate) fn drop_type(&mut self, t: &DropType) -> Result<()> {
        if self.d.enum_style() != EnumStyle::NamedType {
            return Err(self.d.unsupported("named enum types (DROP TYPE)"));
        }
        self.push("DROP TYPE ");
        if t.if_exists {
            self.push("IF EXISTS ");
        }
        self.object_name(&t.name)?;
        self.cascade(t.cascade)
    }
}
