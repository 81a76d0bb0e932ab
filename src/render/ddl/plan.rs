//! Planning a schema for a dialect: which statements create or drop a
//! [`SchemaRegistry`] or a [`TableDef`] there, in which order (what the dialect can
//! write decides where foreign keys and comments go).

use crate::ddl::{
    AlterTable, CommentOn, CommentStyle, CommentTarget, Constraint, ConstraintKind, ConstraintType,
    CreateType, DdlFeature, DdlStatement, DropType, EnumStyle, ForeignKey, SchemaRegistry,
    TableDef,
};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::ident::Ident;

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

impl TableDef {
    /// Everything that creates this table on `dialect`: `CREATE TABLE`, then its
    /// indexes, then (PostgreSQL) `COMMENT ON` statements. On SQLite a comment makes the
    /// `CREATE TABLE` an error when rendered (see [`UnsupportedComments`](crate::ddl::UnsupportedComments); a
    /// [`SchemaRegistry`] can say to skip them).
    pub fn create_statements(&self, dialect: &dyn Dialect) -> Result<Vec<DdlStatement>> {
        let mut out = vec![DdlStatement::CreateTable(self.create())];
        out.extend(self.index_statements());
        out.extend(self.comment_statements(dialect));
        Ok(out)
    }

    pub(crate) fn comment_statements(&self, dialect: &dyn Dialect) -> Vec<DdlStatement> {
        if dialect.comment_style() != CommentStyle::Separate {
            return Vec::new();
        }
        let table = self.comment.iter().map(|text| CommentOn {
            target: CommentTarget::Table(self.name.clone()),
            text: Some(text.clone()),
        });
        let columns = self.columns.iter().filter_map(|c| {
            c.comment.as_ref().map(|text| CommentOn {
                target: CommentTarget::Column(self.name.clone(), c.name.clone()),
                text: Some(text.clone()),
            })
        });
        table.chain(columns).map(DdlStatement::Comment).collect()
    }
}
