//! Rendering of DDL: literals (the one place values become SQL text), column types and
//! definitions, constraints, CREATE / DROP TABLE and comments. Indexes, views, sequences
//! and types are in `ddl/objects.rs`, ALTER TABLE in `ddl/alter.rs`.

mod alter;
mod namespace;
mod objects;
mod plan;

use std::fmt::Write as _;

use super::Renderer;
use crate::ddl::{
    AutoIncrementStyle, BytesLiteralStyle, ColumnDef, ColumnType, CommentOn, CommentStyle,
    CommentTarget, Constraint, ConstraintKind, CreateTable, DdlFeature, DropTable, EnumStyle,
    EnumType, FkAction, ForeignKey, GeneratedKind, ObjectName, TableDef, TextLiteralStyle,
    UnsupportedComments,
};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::ident::Ident;
use crate::value::Value;

/// Where a column definition stands: CREATE TABLE renders keys and references at the
/// table level; ADD COLUMN / MODIFY COLUMN must say everything in the column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ColumnContext {
    /// In CREATE TABLE; `inline_pk` when the column carries SQLite's
    /// `PRIMARY KEY AUTOINCREMENT`.
    CreateTable { inline_pk: bool },
    /// In ALTER TABLE ADD COLUMN.
    AddColumn,
    /// In ALTER TABLE MODIFY COLUMN (MySQL).
    Modify,
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    // ----- literals -------------------------------------------------------------------

    /// Writes `v` as an SQL literal of the dialect. Used only while rendering DDL, which
    /// takes no bind parameters (DEFAULT, CHECK, index and view expressions); everything
    /// else sends values as parameters.
    pub(crate) fn literal(&mut self, v: &Value) -> Result<()> {
        self.literal_in(v, false)
    }

    /// A literal standing alone (a `DEFAULT` value), not inside an expression: MySQL's
    /// hex form of text with backslashes is accepted only there (MariaDB re-reads stored
    /// expressions from a text form that loses the escaping).
    pub(super) fn bare_literal(&mut self, v: &Value) -> Result<()> {
        self.literal_in(v, true)
    }

    fn literal_in(&mut self, v: &Value, bare: bool) -> Result<()> {
        self.d.check_value(v)?;
        let rules = self.d.literal_rules();
        match v {
            Value::Null => self.push("NULL"),
            Value::Bool(b) => self.push(if *b { "TRUE" } else { "FALSE" }),
            Value::I8(i) => self.push(&i.to_string()),
            Value::I16(i) => self.push(&i.to_string()),
            Value::I32(i) => self.push(&i.to_string()),
            Value::I64(i) => self.push(&i.to_string()),
            Value::U64(i) => self.push(&i.to_string()),
            Value::F32(f) => {
                finite(f64::from(*f))?;
                self.push(&format!("{f:?}"));
            }
            Value::F64(f) => {
                finite(*f)?;
                self.push(&format!("{f:?}"));
            }
            Value::Text(s) => self.text_literal(s, bare)?,
            Value::Bytes(b) => match rules.bytes {
                BytesLiteralStyle::HexString => {
                    self.push("X'");
                    self.hex(b);
                    self.push("'");
                }
                BytesLiteralStyle::DecodeHex => {
                    self.push("decode('");
                    self.hex(b);
                    self.push("', 'hex')");
                }
            },
            #[cfg(feature = "chrono")]
            Value::Date(d) => self.typed_literal(
                rules.temporal_keywords.then_some("DATE"),
                &d.format("%Y-%m-%d").to_string(),
                bare,
            )?,
            #[cfg(feature = "chrono")]
            Value::Time(t) => self.typed_literal(
                rules.temporal_keywords.then_some("TIME"),
                &t.format("%H:%M:%S%.f").to_string(),
                bare,
            )?,
            #[cfg(feature = "chrono")]
            Value::Timestamp(t) => self.typed_literal(
                rules.temporal_keywords.then_some("TIMESTAMP"),
                &t.format("%Y-%m-%d %H:%M:%S%.f").to_string(),
                bare,
            )?,
            #[cfg(feature = "chrono")]
            Value::TimestampTz(t) => {
                let mut text = t.naive_utc().format("%Y-%m-%d %H:%M:%S%.f").to_string();
                if rules.timestamptz_offset {
                    text.push_str("+00:00");
                }
                self.typed_literal(rules.timestamptz_keyword, &text, bare)?
            }
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => {
                self.typed_literal(rules.uuid_keyword, &u.hyphenated().to_string(), bare)?
            }
            #[cfg(feature = "json")]
            Value::Json(j) => self.typed_literal(rules.json_keyword, &j.to_string(), bare)?,
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => self.push(&d.to_string()),
            #[allow(unreachable_patterns)]
            other => {
                return Err(Error::Value(format!(
                    "{} values cannot be written as literals",
                    other.kind()
                )));
            }
        }
        Ok(())
    }

    #[cfg_attr(
        not(any(feature = "chrono", feature = "uuid", feature = "json")),
        allow(dead_code)
    )]
    fn typed_literal(&mut self, keyword: Option<&str>, text: &str, bare: bool) -> Result<()> {
        if let Some(k) = keyword {
            self.push(k);
            self.push(" ");
        }
        self.text_literal(text, bare)
    }

    fn hex(&mut self, bytes: &[u8]) {
        for b in bytes {
            let _ = write!(self.out, "{b:02x}");
        }
    }

    /// Text as a literal, escaped for every string mode of the dialect.
    fn text_literal(&mut self, s: &str, bare: bool) -> Result<()> {
        match self.d.literal_rules().text {
            TextLiteralStyle::Standard => {
                if s.contains('\0') {
                    return Err(Error::Value(format!(
                        "{} text literals cannot contain NUL",
                        self.d.name()
                    )));
                }
                self.quoted(s);
            }
            TextLiteralStyle::EscapeStringForBackslash => {
                if s.contains('\0') {
                    return Err(Error::Value(format!(
                        "{} text cannot contain NUL",
                        self.d.name()
                    )));
                }
                if s.contains('\\') {
                    self.push("E'");
                    for c in s.chars() {
                        match c {
                            '\\' => self.push("\\\\"),
                            '\'' => self.push("''"),
                            c => self.out.push(c),
                        }
                    }
                    self.push("'");
                } else {
                    self.quoted(s);
                }
            }
            TextLiteralStyle::HexForBackslash => {
                if s.contains(['\\', '\0']) {
                    if !bare {
                        return Err(self.d.unsupported(
                            "text with a backslash or NUL inside a DDL expression (a CHECK, an expression default, a generated column, an index or a view): MariaDB re-reads stored expressions without their escaping; only a column's plain DEFAULT may hold such text",
                        ));
                    }
                    self.push("_utf8mb4 X'");
                    self.hex(s.as_bytes());
                    self.push("'");
                } else {
                    self.quoted(s);
                }
            }
        }
        Ok(())
    }

    /// A literal where only a plain quoted string may stand (comments, enum labels).
    pub(super) fn plain_string(&mut self, s: &str, what: &str) -> Result<()> {
        if self.d.literal_rules().text == TextLiteralStyle::HexForBackslash
            && s.contains(['\\', '\0'])
        {
            return Err(self.d.unsupported(&format!(
                "a backslash or NUL in {what} (only a plain string may stand there, and a backslash reads differently with and without NO_BACKSLASH_ESCAPES)"
            )));
        }
        self.text_literal(s, true)
    }

    fn quoted(&mut self, s: &str) {
        self.out.push('\'');
        for c in s.chars() {
            if c == '\'' {
                self.out.push('\'');
            }
            self.out.push(c);
        }
        self.out.push('\'');
    }

    // ----- names and expressions ------------------------------------------------------

    pub(super) fn object_name(&mut self, n: &ObjectName) -> Result<()> {
        if let Some(s) = &n.schema {
            self.ident(s)?;
            self.push(".");
        }
        self.ident(&n.name)
    }

    pub(super) fn ident_list(&mut self, names: &[Ident]) -> Result<()> {
        self.push("(");
        self.comma_list(names, |r, n| r.ident(n))?;
        self.push(")");
        Ok(())
    }

    /// An expression inside a table's definition (CHECK, DEFAULT, generated column,
    /// index): unqualified columns, values as literals, no parameters.
    pub(super) fn table_expr(&mut self, e: &Expr, what: &str) -> Result<()> {
        let e = crate::ddl::table_expr(e, what)?;
        self.expr(&e, 0)
    }

    // ----- columns --------------------------------------------------------------------

    pub(super) fn column_type(&mut self, ty: &ColumnType) -> Result<()> {
        match ty {
            ColumnType::Enum(e) => self.enum_column_type(e),
            ColumnType::Raw(s) => {
                if s.trim().is_empty() {
                    return Err(Error::invalid("a raw column type cannot be empty"));
                }
                self.push(s);
                Ok(())
            }
            other => {
                let name = self.d.ddl_type_name(other)?;
                self.push(&name);
                Ok(())
            }
        }
    }

    fn enum_column_type(&mut self, e: &EnumType) -> Result<()> {
        if e.labels.is_empty() {
            return Err(Error::invalid(format!(
                "enum type {:?} needs at least one label",
                e.name.display()
            )));
        }
        match self.d.enum_style() {
            EnumStyle::NamedType => self.object_name(&e.name),
            EnumStyle::TextCheck => {
                self.push("TEXT");
                Ok(())
            }
            EnumStyle::Inline => {
                if let Some(l) = e.labels.iter().find(|l| l.ends_with(' ')) {
                    return Err(self.d.unsupported(&format!(
                        "the ENUM label {l:?} of {:?}: MySQL strips trailing spaces from ENUM labels",
                        e.short_name().as_str()
                    )));
                }
                self.push("ENUM(");
                self.enum_labels(e)?;
                self.push(")");
                Ok(())
            }
        }
    }

    /// The labels of `e`, each checked: no NUL, the dialect's own rules
    /// ([`Dialect::check_enum_label`]), and no label twice where the database keeps a set
    /// of labels (a named type, an inline ENUM) rather than an IN list.
    pub(super) fn enum_labels(&mut self, e: &EnumType) -> Result<()> {
        for (i, l) in e.labels.iter().enumerate() {
            let invalid = |reason: String| Error::InvalidEnumLabel {
                enum_type: e.name.display(),
                label: l.chars().take(80).collect(),
                reason,
            };
            if l.contains('\0') {
                return Err(invalid("an enum label cannot contain NUL".into()));
            }
            self.d.check_enum_label(l).map_err(invalid)?;
            if self.d.enum_style() != EnumStyle::TextCheck && e.labels[..i].contains(l) {
                return Err(invalid(format!(
                    "it appears twice, and {} refuses a repeated label",
                    self.d.name()
                )));
            }
            if i > 0 {
                self.push(", ");
            }
            self.plain_string(l, "an enum label")?;
        }
        Ok(())
    }

    /// One column definition.
    pub(super) fn column_def(&mut self, c: &ColumnDef, ctx: ColumnContext) -> Result<()> {
        self.column_def_with_key(c, ctx, None)
    }

    /// One column definition; `pk_name` names SQLite's inline AUTOINCREMENT key.
    fn column_def_with_key(
        &mut self,
        c: &ColumnDef,
        ctx: ColumnContext,
        pk_name: Option<&Ident>,
    ) -> Result<()> {
        if c.auto_increment {
            if !c.ty.is_integer() {
                return Err(Error::invalid(format!(
                    "column {:?} is auto-incremented but not of an integer type",
                    c.name.as_str()
                )));
            }
            if c.default.is_some() || c.generated.is_some() {
                return Err(Error::invalid(format!(
                    "column {:?} is auto-incremented and cannot also have a default or be generated",
                    c.name.as_str()
                )));
            }
        }
        if c.generated.is_some() && c.default.is_some() {
            return Err(Error::invalid(format!(
                "generated column {:?} cannot have a default",
                c.name.as_str()
            )));
        }
        self.ident(&c.name)?;
        self.push(" ");
        self.column_type(&c.ty)?;
        let style = self.d.auto_increment_style();
        if c.auto_increment && style == AutoIncrementStyle::Identity {
            self.push(" GENERATED BY DEFAULT AS IDENTITY");
        }
        if let Some(g) = &c.generated {
            let (feature, kw) = match g.kind {
                GeneratedKind::Stored => (DdlFeature::StoredGeneratedColumns, "STORED"),
                GeneratedKind::Virtual => (DdlFeature::VirtualGeneratedColumns, "VIRTUAL"),
            };
            if !self.d.supports_ddl(feature) {
                return Err(self.d.unsupported(&format!("{kw} generated columns")));
            }
            self.push(" GENERATED ALWAYS AS (");
            self.table_expr(&g.expr, "a generated column")?;
            self.push(") ");
            self.push(kw);
        }
        if !c.nullable || c.primary_key {
            if c.generated.is_some() && !self.d.supports_ddl(DdlFeature::NotNullGenerated) {
                return Err(self.d.unsupported(&format!(
                    "NOT NULL on generated column {:?}",
                    c.name.as_str()
                )));
            }
            self.push(" NOT NULL");
        }
        if let Some(d) = &c.default {
            self.push(" DEFAULT ");
            match d {
                Expr::Value(v) if !self.d.default_needs_parens(&c.ty) => self.bare_literal(v)?,
                e => {
                    self.push("(");
                    self.table_expr(e, "a DEFAULT")?;
                    self.push(")");
                }
            }
        }
        if c.auto_increment {
            match (style, ctx) {
                (AutoIncrementStyle::AutoIncrement, _) => self.push(" AUTO_INCREMENT"),
                (
                    AutoIncrementStyle::PrimaryKeyAutoincrement,
                    ColumnContext::CreateTable { inline_pk: true },
                ) => {}
                (
                    AutoIncrementStyle::PrimaryKeyAutoincrement,
                    ColumnContext::CreateTable { .. },
                ) => {
                    return Err(self.d.unsupported(&format!(
                        "AUTOINCREMENT on {:?}, which is not the table's only primary-key column",
                        c.name.as_str()
                    )));
                }
                (AutoIncrementStyle::PrimaryKeyAutoincrement, _) => {
                    return Err(self.d.unsupported(
                        "adding or changing an AUTOINCREMENT column with ALTER TABLE",
                    ));
                }
                (AutoIncrementStyle::Identity, _) => {}
            }
        }
        match ctx {
            ColumnContext::CreateTable { inline_pk } => {
                if inline_pk {
                    if let Some(n) = pk_name {
                        self.push(" CONSTRAINT ");
                        self.ident(n)?;
                    }
                    self.push(" PRIMARY KEY AUTOINCREMENT");
                }
                if c.unique {
                    self.push(" UNIQUE");
                }
            }
            ColumnContext::AddColumn | ColumnContext::Modify => {
                if c.primary_key {
                    if ctx == ColumnContext::Modify {
                        return Err(Error::invalid(
                            "a modified column cannot be made a primary key: add a PRIMARY KEY constraint",
                        ));
                    }
                    self.push(" PRIMARY KEY");
                }
                if c.unique {
                    self.push(" UNIQUE");
                }
            }
        }
        if let ColumnType::Enum(e) = &c.ty
            && self.d.enum_style() == EnumStyle::TextCheck
        {
            self.push(" CHECK (");
            self.ident(&c.name)?;
            self.push(" IN (");
            self.enum_labels(e)?;
            self.push("))");
        }
        if let Some(text) = &c.comment
            && self.d.comment_style() == CommentStyle::Inline
        {
            self.push(" COMMENT ");
            self.plain_string(text, "a comment")?;
        }
        Ok(())
    }

    // ----- constraints ----------------------------------------------------------------

    pub(super) fn constraint(&mut self, c: &Constraint) -> Result<()> {
        if let Some(n) = &c.name {
            self.push("CONSTRAINT ");
            self.ident(n)?;
            self.push(" ");
        }
        match &c.kind {
            ConstraintKind::PrimaryKey(cols) => {
                non_empty(cols, "a PRIMARY KEY")?;
                self.push("PRIMARY KEY ");
                self.ident_list(cols)
            }
            ConstraintKind::Unique(cols) => {
                non_empty(cols, "a UNIQUE constraint")?;
                self.push("UNIQUE ");
                self.ident_list(cols)
            }
            ConstraintKind::ForeignKey(fk) => self.foreign_key(fk),
            ConstraintKind::Check(e) => {
                self.push("CHECK (");
                self.table_expr(e, "a CHECK constraint")?;
                self.push(")");
                Ok(())
            }
        }
    }

    pub(super) fn foreign_key(&mut self, fk: &ForeignKey) -> Result<()> {
        non_empty(&fk.columns, "a FOREIGN KEY")?;
        self.push("FOREIGN KEY ");
        self.ident_list(&fk.columns)?;
        self.references(fk)
    }

    /// `REFERENCES t (cols) [ON DELETE …] [ON UPDATE …] [DEFERRABLE …]`
    pub(super) fn references(&mut self, fk: &ForeignKey) -> Result<()> {
        non_empty(&fk.target_columns, "a FOREIGN KEY's referenced columns")?;
        if fk.columns.len() != fk.target_columns.len() {
            return Err(Error::invalid(format!(
                "a foreign key of {} columns references {} columns of {:?}",
                fk.columns.len(),
                fk.target_columns.len(),
                fk.target.display()
            )));
        }
        self.push(" REFERENCES ");
        self.object_name(&fk.target)?;
        self.push(" ");
        self.ident_list(&fk.target_columns)?;
        for (kw, action) in [(" ON DELETE ", fk.on_delete), (" ON UPDATE ", fk.on_update)] {
            if let Some(a) = action {
                if a == FkAction::SetDefault && !self.d.supports_ddl(DdlFeature::FkSetDefault) {
                    return Err(self.d.unsupported("the foreign-key action SET DEFAULT"));
                }
                self.push(kw);
                self.push(a.sql());
            }
        }
        if fk.initially_deferred {
            if !self.d.supports_ddl(DdlFeature::DeferrableConstraints) {
                return Err(self.d.unsupported("deferrable foreign keys"));
            }
            self.push(" DEFERRABLE INITIALLY DEFERRED");
        }
        Ok(())
    }

    // ----- CREATE / DROP TABLE --------------------------------------------------------

    /// Renders `CREATE TABLE`.
    pub(crate) fn create_table(&mut self, ct: &CreateTable) -> Result<()> {
        let t = &ct.table;
        check_table(t)?;
        if self.d.comment_style() == CommentStyle::None
            && ct.unsupported_comments == UnsupportedComments::Refuse
        {
            let way_out = "to create the table without its comments, say so with \
                 CreateTable::skip_unsupported_comments or SchemaRegistry::skip_unsupported_comments";
            if t.comment.is_some() {
                return Err(self.comment_lost(&format!("table {:?}", t.name.display()), way_out));
            }
            if let Some(c) = t.columns.iter().find(|c| c.comment.is_some()) {
                return Err(self.comment_lost(
                    &format!(
                        "column {:?} of table {:?}",
                        c.name.as_str(),
                        t.name.display()
                    ),
                    way_out,
                ));
            }
        }
        let marked: Vec<usize> = (0..t.columns.len())
            .filter(|&i| t.columns[i].primary_key)
            .collect();
        let explicit_pk: Vec<usize> = (0..t.constraints.len())
            .filter(|&i| matches!(t.constraints[i].kind, ConstraintKind::PrimaryKey(_)))
            .collect();
        if explicit_pk.len() > 1 || (!marked.is_empty() && !explicit_pk.is_empty()) {
            return Err(Error::invalid(format!(
                "table {:?} declares more than one primary key",
                t.name.display()
            )));
        }
        if !self.d.supports_ddl(DdlFeature::UnboundedKeys) {
            self.check_bounded_keys(t)?;
        }
        // SQLite's AUTOINCREMENT lives in the column: the column must be the whole key.
        let pk_cols = t.primary_key_columns();
        let inline_pk = match t.columns.iter().position(|c| c.auto_increment) {
            Some(i)
                if self.d.auto_increment_style() == AutoIncrementStyle::PrimaryKeyAutoincrement
                    && pk_cols.len() == 1
                    && pk_cols[0] == &t.columns[i].name =>
            {
                Some((i, explicit_pk.first().copied()))
            }
            _ => None,
        };
        self.push("CREATE TABLE ");
        if ct.if_not_exists {
            self.push("IF NOT EXISTS ");
        }
        self.object_name(&t.name)?;
        self.push(" (");
        for (i, c) in t.columns.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            // Key columns are NOT NULL, whichever way the key is declared (SQLite would
            // otherwise accept NULLs in a key that is not an INTEGER PRIMARY KEY).
            let keyed;
            let c = if c.nullable && pk_cols.contains(&&c.name) {
                keyed = ColumnDef {
                    nullable: false,
                    ..c.clone()
                };
                &keyed
            } else {
                c
            };
            match inline_pk {
                Some((col, pk)) if col == i => {
                    let name = pk.and_then(|k| t.constraints[k].name.as_ref());
                    self.column_def_with_key(
                        c,
                        ColumnContext::CreateTable { inline_pk: true },
                        name,
                    )?;
                }
                _ => self.column_def(c, ColumnContext::CreateTable { inline_pk: false })?,
            }
        }
        if !marked.is_empty() && inline_pk.is_none() {
            self.push(", PRIMARY KEY (");
            self.comma_list(&marked, |r, &i| r.ident(&t.columns[i].name))?;
            self.push(")");
        }
        for c in &t.columns {
            if let Some(fk) = &c.references {
                self.push(", ");
                self.foreign_key(fk)?;
            }
        }
        for (k, c) in t.constraints.iter().enumerate() {
            if inline_pk.is_some_and(|(_, pk)| pk == Some(k)) {
                continue;
            }
            self.push(", ");
            self.constraint(c)?;
        }
        self.push(")");
        if let Some(cs) = self.d.default_charset() {
            self.push(" DEFAULT CHARSET=");
            self.push(cs);
        }
        if let Some(text) = &t.comment
            && self.d.comment_style() == CommentStyle::Inline
        {
            self.push(" COMMENT=");
            self.plain_string(text, "a comment")?;
        }
        Ok(())
    }

    /// The error for a comment on `whose` that the dialect keeps nowhere.
    pub(super) fn comment_lost(&self, whose: &str, way_out: &str) -> Error {
        self.d.unsupported(&format!(
            "comments (it keeps none): the comment on {whose} would be lost; {way_out}"
        ))
    }

    /// MySQL cannot key unbounded text or bytes without a prefix length.
    fn check_bounded_keys(&mut self, t: &TableDef) -> Result<()> {
        let mut keyed: Vec<&Ident> = t.primary_key_columns();
        for c in &t.columns {
            if c.unique {
                keyed.push(&c.name);
            }
        }
        for (_, fk) in t.foreign_keys() {
            keyed.extend(fk.columns.iter());
        }
        for c in &t.constraints {
            if let ConstraintKind::Unique(cols) = &c.kind {
                keyed.extend(cols.iter());
            }
        }
        for name in keyed {
            if let Some(c) = t.get_column(name.as_str())
                && c.ty.is_unbounded()
            {
                return Err(self.d.unsupported(&format!(
                    "a key on column {:?} of an unbounded type ({:?}): use ColumnType::Varchar(n)",
                    c.name.as_str(),
                    c.ty
                )));
            }
        }
        Ok(())
    }

    /// Renders `DROP TABLE`.
    pub(crate) fn drop_table(&mut self, d: &DropTable) -> Result<()> {
        self.push("DROP TABLE ");
        if d.if_exists {
            self.push("IF EXISTS ");
        }
        self.object_name(&d.name)?;
        self.cascade(d.cascade)
    }

    pub(super) fn cascade(&mut self, cascade: bool) -> Result<()> {
        if cascade {
            if !self.d.supports_ddl(DdlFeature::DropCascade) {
                return Err(self.d.unsupported("DROP … CASCADE"));
            }
            self.push(" CASCADE");
        }
        Ok(())
    }

    /// Renders `COMMENT ON …` (or MySQL's `ALTER TABLE … COMMENT = …`).
    pub(crate) fn comment_on(&mut self, c: &CommentOn) -> Result<()> {
        match (self.d.comment_style(), &c.target) {
            (CommentStyle::Separate, target) => {
                match target {
                    CommentTarget::Table(t) => {
                        self.push("COMMENT ON TABLE ");
                        self.object_name(t)?;
                    }
                    CommentTarget::Column(t, col) => {
                        self.push("COMMENT ON COLUMN ");
                        self.object_name(t)?;
                        self.push(".");
                        self.ident(col)?;
                    }
                }
                self.push(" IS ");
                match &c.text {
                    Some(text) => self.plain_string(text, "a comment"),
                    None => {
                        self.push("NULL");
                        Ok(())
                    }
                }
            }
            (CommentStyle::Inline, CommentTarget::Table(t)) => {
                self.push("ALTER TABLE ");
                self.object_name(t)?;
                self.push(" COMMENT = ");
                self.plain_string(c.text.as_deref().unwrap_or(""), "a comment")
            }
            (CommentStyle::Inline, CommentTarget::Column(..)) => Err(self.d.unsupported(
                "a column comment on its own (it is part of the column: use AlterOp::ModifyColumn)",
            )),
            (CommentStyle::None, _) => Err(self.d.unsupported("comments")),
        }
    }
}

/// An expression as a table's definition writes it for `dialect` — in a CHECK, a
/// DEFAULT, a generated column, an index part or a partial index's WHERE: columns
/// unqualified, values as literals (no bind parameters). For tools that compare a
/// declared schema with one read from a database (`sqlweave-migrate`'s reflection).
///
/// ```
/// use sqlweave::{Expr, render::ddl_expr_sql};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let e = Expr::column("status").eq("paid").and(Expr::column("total").gt(0));
/// assert_eq!(ddl_expr_sql(&e, &Postgres).unwrap(), r#""status" = 'paid' AND "total" > 0"#);
/// assert_eq!(ddl_expr_sql(&e, &Sqlite).unwrap(), r#""status" = 'paid' AND "total" > 0"#);
/// assert_eq!(ddl_expr_sql(&e, &MySql::mariadb()).unwrap(), "`status` = 'paid' AND `total` > 0");
/// // Parameters have no place in a table's definition:
/// assert!(ddl_expr_sql(&Expr::raw("? + 1", [1]), &Postgres).is_err());
/// ```
pub fn ddl_expr_sql(e: &Expr, dialect: &dyn Dialect) -> Result<String> {
    let mut r = Renderer::new(dialect);
    r.inline_values = true;
    r.table_expr(e, "a table's definition")?;
    Ok(r.finish().sql)
}

fn finite(f: f64) -> Result<()> {
    if f.is_finite() {
        Ok(())
    } else {
        Err(Error::Value(format!(
            "{f} cannot be written as an SQL literal"
        )))
    }
}

fn non_empty(cols: &[Ident], what: &str) -> Result<()> {
    if cols.is_empty() {
        return Err(Error::invalid(format!("{what} needs at least one column")));
    }
    Ok(())
}

/// Columns exist and are unique; constraints name existing columns.
fn check_table(t: &TableDef) -> Result<()> {
    if t.columns.is_empty() {
        return Err(Error::invalid(format!(
            "table {:?} needs at least one column",
            t.name.display()
        )));
    }
    for (i, c) in t.columns.iter().enumerate() {
        if t.columns[..i].iter().any(|o| o.name == c.name) {
            return Err(Error::invalid(format!(
                "table {:?} has two columns named {:?}",
                t.name.display(),
                c.name.as_str()
            )));
        }
    }
    let known = |cols: &[Ident], what: &str| -> Result<()> {
        match cols.iter().find(|n| t.get_column(n.as_str()).is_none()) {
            Some(n) => Err(Error::invalid(format!(
                "{what} of table {:?} names column {:?}, which the table does not have",
                t.name.display(),
                n.as_str()
            ))),
            None => Ok(()),
        }
    };
    for c in &t.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey(cols) => known(cols, "the primary key")?,
            ConstraintKind::Unique(cols) => known(cols, "a UNIQUE constraint")?,
            ConstraintKind::ForeignKey(fk) => known(&fk.columns, "a foreign key")?,
            ConstraintKind::Check(_) => {}
        }
    }
    for ix in &t.indexes {
        for p in &ix.parts {
            if let crate::ddl::IndexTarget::Column(n) = &p.target {
                known(std::slice::from_ref(n), "an index")?;
            }
        }
    }
    Ok(())
}
