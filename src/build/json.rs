//! Typed access into JSON documents (feature `json`): path access returning JSON, a
//! string, a number or a boolean, path existence, and containment where the database
//! gives the same answer.
//!
//! A path is a list of steps, object keys and array indexes ([`JsonPath`]). Keys are
//! never SQL text: PostgreSQL takes each step as a bound parameter (`doc -> $1`), and on
//! SQLite, MySQL and MariaDB the path string (`$."key"[0]`) is built by sqlweave with
//! the key inside double quotes, escaped for that database's path syntax, and bound as
//! one parameter. A key holding NUL is refused everywhere (PostgreSQL's `jsonb` cannot
//! hold it); every other key (`"`, `.`, `$`, `[`, `*`, quotes, backslashes, control
//! characters) addresses exactly that key on all three databases. One MariaDB limit:
//! MariaDB stores JSON as text and matches a path's key against the key *as written* in
//! the document, so sqlweave writes the escapes that JSON writers write (`\"`, `\\`,
//! `\n`, `\t`, `\u0001` …: serde_json's, MariaDB's own functions'); a document that
//! spells a key with other escapes (`\u0022` for `"`, `\u00e9` for `é`) is not
//! matched there; and a key beginning with `-` is never matched by MariaDB's path
//! reader, so it is refused on MariaDB.
//!
//! # The same answer everywhere
//!
//! The databases disagree on the *text* of a JSON value: SQLite's `json_extract` and
//! `->>` give `1` for `true` and a REAL for `1.50`, MySQL 8 stores `1.50` as the double
//! `1.5`, PostgreSQL's `jsonb` keeps `1.50`, and they space objects differently. So
//! sqlweave has no "any value as text" accessor; each accessor reads one kind of value
//! and gives SQL NULL for a missing path, a JSON `null`, or a value of another kind:
//!
//! | accessor | result | PostgreSQL (`jsonb`) | SQLite | MySQL / MariaDB |
//! |---|---|---|---|---|
//! | [`JsonExpr::get_json`] | the JSON value (`null` stays JSON `null`) | `->` | `->` | `JSON_EXTRACT` |
//! | [`JsonExpr::get_str`] | a JSON string, unquoted | `#>> '{}'` if `jsonb_typeof` is `string` | `json_extract` if `json_type` is `text` | `JSON_UNQUOTE` if `JSON_TYPE` is `STRING` |
//! | [`JsonExpr::get_f64`] | a JSON number, as a double | cast to `DOUBLE PRECISION` | cast to `REAL` | cast to `DOUBLE` |
//! | [`JsonExpr::get_bool`] | a JSON `true` / `false` | cast to `BOOLEAN` | `TRUE` / `FALSE` | compared with `'true'` |
//! | [`JsonExpr::has_path`] | whether the path exists (also when its value is `null`); false for a NULL document | `IS NOT NULL` | `json_type(…) IS NOT NULL` | `JSON_EXTRACT(…) IS NOT NULL` |
//! | [`JsonExpr::contains_json`] | PostgreSQL's `@>` | `@>` | refused | refused |
//!
//! On PostgreSQL the document is read as `jsonb` (`CAST(doc AS JSONB)`, a no-op on a
//! `jsonb` column), so `json` and `jsonb` columns both work. Containment is PostgreSQL's
//! only: MySQL's and MariaDB's `JSON_CONTAINS` also find a candidate object or scalar
//! inside any array of the target (`[{"a":1}]` contains `{"a":1}` there, not on
//! PostgreSQL), and SQLite has no containment; an emulation would differ in such cases,
//! so it is refused there.
//!
//! ```
//! use sqlweave::json::{JsonExpr, JsonPath};
//! use sqlweave::{Select, TypedExpr, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { pub struct Events("events") { id: i64, doc: serde_json::Value } }
//! let e = Events::new();
//! let q = Select::new()
//!     .column(e.doc.get_str(JsonPath::root().key("user").key("name")))
//!     .from(e)
//!     .filter(e.doc.has_path("tags"));
//! assert_eq!(
//!     q.render(&Postgres).unwrap().sql,
//!     r#"SELECT CASE WHEN jsonb_typeof(CAST("events"."doc" AS JSONB) -> CAST($1 AS TEXT) -> CAST($2 AS TEXT)) = 'string' THEN (CAST("events"."doc" AS JSONB) -> CAST($3 AS TEXT) -> CAST($4 AS TEXT)) #>> '{}' END FROM "events" WHERE (CAST("events"."doc" AS JSONB) -> CAST($5 AS TEXT)) IS NOT NULL"#
//! );
//! assert_eq!(
//!     q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT CASE WHEN json_type("events"."doc", ?) = 'text' THEN json_extract("events"."doc", ?) END FROM "events" WHERE json_type("events"."doc", ?) IS NOT NULL"#
//! );
//! assert_eq!(
//!     q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT CASE WHEN JSON_TYPE(JSON_EXTRACT(`events`.`doc`, ?)) = 'STRING' THEN JSON_UNQUOTE(JSON_EXTRACT(`events`.`doc`, ?)) END FROM `events` WHERE JSON_EXTRACT(`events`.`doc`, ?) IS NOT NULL"
//! );
//! // The path string is a parameter, the key escaped inside it:
//! let r = q.render(&Sqlite).unwrap();
//! assert_eq!(r.params[0], sqlweave::Value::from(r#"$."user"."name""#));
//! ```
//!
//! Types are checked: a JSON accessor on a text column does not compile.
//!
//! ```compile_fail
//! use sqlweave::json::JsonExpr;
//! use sqlweave::table;
//! table! { pub struct Events("events") { id: i64, name: String } }
//! let _ = Events::new().name.get_str("user"); // `name` is not a JSON column
//! ```
//!
//! ```compile_fail
//! use sqlweave::json::JsonExpr;
//! use sqlweave::{TypedExpr, table};
//! table! { pub struct Events("events") { id: i64, doc: serde_json::Value } }
//! let e = Events::new();
//! let _ = e.doc.get_f64("n").eq("text"); // a number compared with text
//! ```

use crate::error::{Error, Result};
use crate::expr::{Custom, Expr, SqlWriter};
use crate::typed::{Column, Operand, SqlValue, Typed};
use crate::value::Value;

type Json = serde_json::Value;

/// One step of a [`JsonPath`]: an object key or an array index (from 0).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JsonStep {
    /// The member of an object with this key (any text but NUL).
    Key(String),
    /// The element of an array at this position, from 0.
    Index(u32),
}

/// A path into a JSON document: object keys and array indexes, from the root.
///
/// ```
/// use sqlweave::json::{JsonPath, JsonStep};
/// let p = JsonPath::root().key("items").index(0).key("sku");
/// assert_eq!(p.steps(), &[JsonStep::Key("items".into()), JsonStep::Index(0), JsonStep::Key("sku".into())]);
/// assert_eq!(JsonPath::from("a.b").steps(), &[JsonStep::Key("a.b".into())]); // one key, dot and all
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JsonPath {
    steps: Vec<JsonStep>,
}

impl JsonPath {
    /// The root of the document.
    pub fn root() -> Self {
        Self::default()
    }
    /// This path, then an object key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.steps.push(JsonStep::Key(key.into()));
        self
    }
    /// This path, then an array index.
    pub fn index(mut self, index: u32) -> Self {
        self.steps.push(JsonStep::Index(index));
        self
    }
    /// The steps, from the root.
    pub fn steps(&self) -> &[JsonStep] {
        &self.steps
    }
}

impl From<&str> for JsonPath {
    fn from(key: &str) -> Self {
        JsonPath::root().key(key)
    }
}
impl From<String> for JsonPath {
    fn from(key: String) -> Self {
        JsonPath::root().key(key)
    }
}
impl From<u32> for JsonPath {
    fn from(index: u32) -> Self {
        JsonPath::root().index(index)
    }
}

/// What a [`JsonGet`] node reads at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonRead {
    /// The JSON value.
    Json,
    /// A JSON string, unquoted; NULL for other kinds.
    Str,
    /// A JSON number as a double; NULL for other kinds.
    Number,
    /// A JSON boolean; NULL for other kinds.
    Bool,
    /// Whether the path exists.
    Exists,
}

/// The node of the [`JsonExpr`] accessors: reads `read` at `path` in its one argument,
/// the document. Found in a tree as an [`Expr::Custom`] whose
/// [`node_as::<JsonGet>()`](crate::expr::CustomExpr::node_as) is `Some`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonGet {
    /// The path.
    pub path: JsonPath,
    /// What is read there.
    pub read: JsonRead,
}

/// The node of [`JsonExpr::contains_json`]: `doc @> candidate` (PostgreSQL only).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonContains;

fn check_keys(path: &JsonPath) -> Result<()> {
    for s in &path.steps {
        if let JsonStep::Key(k) = s
            && k.contains('\0')
        {
            return Err(Error::invalid(format!(
                "a JSON key holding NUL ({k:?}): no database here addresses it"
            )));
        }
        if let JsonStep::Index(i) = s
            && *i > i32::MAX as u32
        {
            return Err(Error::invalid(format!(
                "JSON array index {i} is past {}",
                i32::MAX
            )));
        }
    }
    Ok(())
}

/// How a key is escaped inside the double quotes of a path string.
#[derive(Clone, Copy)]
enum PathQuoting {
    /// SQLite: the label ends at the first `"` whatever precedes it, and a label holding a
    /// backslash is compared with its JSON escapes decoded: `"` is written `\u0022`.
    Sqlite,
    /// MySQL, MariaDB: a JSON string, `\"` and `\\`, control characters as JSON
    /// writers escape them (MariaDB matches keys as written, see the module docs).
    MySql,
}

/// The path string `$."key"[0]…` for SQLite or MySQL / MariaDB, every key quoted.
fn path_string(path: &JsonPath, quoting: PathQuoting) -> String {
    let mut s = String::from("$");
    for step in &path.steps {
        match step {
            JsonStep::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
            JsonStep::Key(k) => {
                s.push_str(".\"");
                for c in k.chars() {
                    match (c, quoting) {
                        ('"', PathQuoting::Sqlite) => s.push_str("\\u0022"),
                        ('"', PathQuoting::MySql) => s.push_str("\\\""),
                        ('\\', _) => s.push_str("\\\\"),
                        // MariaDB compares a path's key with the document's key as
                        // written, escapes and all: write the escapes JSON writers
                        // (serde_json, MariaDB's own functions) write.
                        ('\n', PathQuoting::MySql) => s.push_str("\\n"),
                        ('\t', PathQuoting::MySql) => s.push_str("\\t"),
                        ('\r', PathQuoting::MySql) => s.push_str("\\r"),
                        ('\u{8}', PathQuoting::MySql) => s.push_str("\\b"),
                        ('\u{c}', PathQuoting::MySql) => s.push_str("\\f"),
                        (c, _) if (c as u32) < 0x20 => {
                            s.push_str(&format!("\\u{:04x}", c as u32));
                        }
                        (c, _) => s.push(c),
                    }
                }
                s.push('"');
            }
        }
    }
    s
}

/// Writes the document as `jsonb` followed by one `->` per step, each a parameter.
fn pg_path(doc: &Expr, path: &JsonPath, w: &mut dyn SqlWriter) -> Result<()> {
    w.sql("CAST(")?;
    w.expr(doc)?;
    w.sql(" AS JSONB)")?;
    for step in &path.steps {
        match step {
            JsonStep::Key(k) => {
                w.sql(" -> CAST(")?;
                w.value(&Value::Text(k.clone()))?;
                w.sql(" AS TEXT)")?;
            }
            JsonStep::Index(i) => {
                w.sql(" -> CAST(")?;
                w.value(&Value::I32(*i as i32))?;
                w.sql(" AS INTEGER)")?;
            }
        }
    }
    Ok(())
}

fn pg_path_paren(doc: &Expr, path: &JsonPath, w: &mut dyn SqlWriter) -> Result<()> {
    w.sql("(")?;
    pg_path(doc, path, w)?;
    w.sql(")")
}

fn sqlite_call(f: &'static str, doc: &Expr, p: &Value, w: &mut dyn SqlWriter) -> Result<()> {
    w.sql(f)?;
    w.sql("(")?;
    w.expr(doc)?;
    w.sql(", ")?;
    w.value(p)?;
    w.sql(")")
}

impl Custom for JsonGet {
    fn name(&self) -> &'static str {
        "JSON path access"
    }
    fn precedence(&self) -> u8 {
        // `… IS NOT NULL` is a comparison; the others are atoms (CASE, calls, parens).
        if self.read == JsonRead::Exists {
            4
        } else {
            crate::expr::ATOM_PRECEDENCE
        }
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        let [doc] = args else {
            return Err(w.invalid("a JSON path access takes one document"));
        };
        check_keys(&self.path)?;
        let path = &self.path;
        match w.dialect_name() {
            "PostgreSQL" => match self.read {
                JsonRead::Json => pg_path_paren(doc, path, w),
                JsonRead::Exists => {
                    pg_path_paren(doc, path, w)?;
                    w.sql(" IS NOT NULL")
                }
                JsonRead::Str => {
                    w.sql("CASE WHEN jsonb_typeof(")?;
                    pg_path(doc, path, w)?;
                    w.sql(") = 'string' THEN ")?;
                    pg_path_paren(doc, path, w)?;
                    w.sql(" #>> '{}' END")
                }
                JsonRead::Number | JsonRead::Bool => {
                    let (kind, ty) = if self.read == JsonRead::Number {
                        (") = 'number' THEN CAST(", " AS DOUBLE PRECISION) END")
                    } else {
                        (") = 'boolean' THEN CAST(", " AS BOOLEAN) END")
                    };
                    w.sql("CASE WHEN jsonb_typeof(")?;
                    pg_path(doc, path, w)?;
                    w.sql(kind)?;
                    pg_path(doc, path, w)?;
                    w.sql(ty)
                }
            },
            "SQLite" => {
                let p = Value::Text(path_string(path, PathQuoting::Sqlite));
                match self.read {
                    JsonRead::Json => {
                        w.sql("(")?;
                        w.expr(doc)?;
                        w.sql(" -> ")?;
                        w.value(&p)?;
                        w.sql(")")
                    }
                    JsonRead::Exists => {
                        sqlite_call("json_type", doc, &p, w)?;
                        w.sql(" IS NOT NULL")
                    }
                    JsonRead::Str => {
                        w.sql("CASE WHEN ")?;
                        sqlite_call("json_type", doc, &p, w)?;
                        w.sql(" = 'text' THEN ")?;
                        sqlite_call("json_extract", doc, &p, w)?;
                        w.sql(" END")
                    }
                    JsonRead::Number => {
                        w.sql("CASE WHEN ")?;
                        sqlite_call("json_type", doc, &p, w)?;
                        w.sql(" IN ('integer', 'real') THEN CAST(")?;
                        sqlite_call("json_extract", doc, &p, w)?;
                        w.sql(" AS REAL) END")
                    }
                    JsonRead::Bool => {
                        w.sql("CASE ")?;
                        sqlite_call("json_type", doc, &p, w)?;
                        w.sql(" WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END")
                    }
                }
            }
            "MySQL" | "MariaDB" => {
                if w.dialect_name() == "MariaDB"
                    && path
                        .steps
                        .iter()
                        .any(|s| matches!(s, JsonStep::Key(k) if k.starts_with('-')))
                {
                    // `$."-x"` never matches on MariaDB 10.11 (nor does `$.-x`).
                    return Err(w.unsupported(
                        "a JSON key beginning with `-` (MariaDB's path reader never matches it)",
                    ));
                }
                let p = Value::Text(path_string(path, PathQuoting::MySql));
                let extract = |w: &mut dyn SqlWriter| sqlite_call("JSON_EXTRACT", doc, &p, w);
                match self.read {
                    JsonRead::Json => extract(w),
                    JsonRead::Exists => {
                        extract(w)?;
                        w.sql(" IS NOT NULL")
                    }
                    JsonRead::Str => {
                        w.sql("CASE WHEN JSON_TYPE(")?;
                        extract(w)?;
                        w.sql(") = 'STRING' THEN JSON_UNQUOTE(")?;
                        extract(w)?;
                        w.sql(") END")
                    }
                    JsonRead::Number => {
                        w.sql("CASE WHEN JSON_TYPE(")?;
                        extract(w)?;
                        w.sql(
                            ") IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') THEN CAST(JSON_UNQUOTE(",
                        )?;
                        extract(w)?;
                        w.sql(") AS DOUBLE) END")
                    }
                    JsonRead::Bool => {
                        w.sql("CASE WHEN JSON_TYPE(")?;
                        extract(w)?;
                        w.sql(") = 'BOOLEAN' THEN JSON_UNQUOTE(")?;
                        extract(w)?;
                        w.sql(") = 'true' END")
                    }
                }
            }
            _ => Err(w.unsupported("JSON path access")),
        }
    }
}

impl Custom for JsonContains {
    fn name(&self) -> &'static str {
        "JSON containment"
    }
    fn precedence(&self) -> u8 {
        crate::expr::ATOM_PRECEDENCE
    }
    fn write(&self, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
        let [doc, candidate] = args else {
            return Err(w.invalid("JSON containment takes a document and a candidate"));
        };
        match w.dialect_name() {
            "PostgreSQL" => {
                w.sql("(CAST(")?;
                w.expr(doc)?;
                w.sql(" AS JSONB) @> CAST(")?;
                w.expr(candidate)?;
                w.sql(" AS JSONB))")
            }
            "MySQL" | "MariaDB" => Err(w.unsupported(
                "JSON containment (JSON_CONTAINS also matches a candidate inside any array of the document, PostgreSQL's @> does not: the answers differ)",
            )),
            _ => Err(w.unsupported("JSON containment")),
        }
    }
}

/// JSON accessors on typed JSON columns and expressions (`serde_json::Value`, nullable
/// or not). See the [module docs](self) for what each reads on each database.
pub trait JsonExpr: Into<Expr> + Sized {
    /// The JSON value at `path` (a JSON `null` stays JSON `null`); SQL NULL where the
    /// path does not exist.
    ///
    /// ```
    /// use sqlweave::json::{JsonExpr, JsonPath};
    /// use sqlweave::{Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { pub struct Events("events") { id: i64, doc: serde_json::Value } }
    /// let e = Events::new();
    /// let q = Select::new().column(e.doc.get_json(JsonPath::root().key("items").index(0))).from(e);
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT (CAST("events"."doc" AS JSONB) -> CAST($1 AS TEXT) -> CAST($2 AS INTEGER)) FROM "events""#);
    /// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT ("events"."doc" -> ?) FROM "events""#);
    /// assert_eq!(q.render(&MySql::mysql8()).unwrap().sql, "SELECT JSON_EXTRACT(`events`.`doc`, ?) FROM `events`");
    /// assert_eq!(q.render(&MySql::mysql8()).unwrap().params[0], sqlweave::Value::from(r#"$."items"[0]"#));
    /// ```
    fn get_json(self, path: impl Into<JsonPath>) -> Typed<Option<Json>> {
        get(self, path.into(), JsonRead::Json)
    }
    /// The JSON string at `path`, unquoted; NULL where the path is missing or holds
    /// another kind of value (a number, `true`, `null` …). See the [module docs](self).
    fn get_str(self, path: impl Into<JsonPath>) -> Typed<Option<String>> {
        get(self, path.into(), JsonRead::Str)
    }
    /// The JSON number at `path` as a double; NULL where the path is missing or holds
    /// another kind of value.
    ///
    /// ```
    /// use sqlweave::json::JsonExpr;
    /// use sqlweave::{Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { pub struct Events("events") { id: i64, doc: serde_json::Value } }
    /// let e = Events::new();
    /// let q = Select::new().column(e.doc.get_f64("price")).from(e);
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT CASE WHEN jsonb_typeof(CAST("events"."doc" AS JSONB) -> CAST($1 AS TEXT)) = 'number' THEN CAST(CAST("events"."doc" AS JSONB) -> CAST($2 AS TEXT) AS DOUBLE PRECISION) END FROM "events""#);
    /// assert_eq!(q.render(&Sqlite).unwrap().sql,
    ///     r#"SELECT CASE WHEN json_type("events"."doc", ?) IN ('integer', 'real') THEN CAST(json_extract("events"."doc", ?) AS REAL) END FROM "events""#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT CASE WHEN JSON_TYPE(JSON_EXTRACT(`events`.`doc`, ?)) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') THEN CAST(JSON_UNQUOTE(JSON_EXTRACT(`events`.`doc`, ?)) AS DOUBLE) END FROM `events`");
    /// ```
    fn get_f64(self, path: impl Into<JsonPath>) -> Typed<Option<f64>> {
        get(self, path.into(), JsonRead::Number)
    }
    /// The JSON boolean at `path`; NULL where the path is missing or holds another kind
    /// of value (SQLite's `json_extract` alone would give `1` for `true` and for `1`).
    ///
    /// ```
    /// use sqlweave::json::JsonExpr;
    /// use sqlweave::{Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { pub struct Events("events") { id: i64, doc: serde_json::Value } }
    /// let e = Events::new();
    /// let q = Select::new().column(e.doc.get_bool("ok")).from(e);
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT CASE WHEN jsonb_typeof(CAST("events"."doc" AS JSONB) -> CAST($1 AS TEXT)) = 'boolean' THEN CAST(CAST("events"."doc" AS JSONB) -> CAST($2 AS TEXT) AS BOOLEAN) END FROM "events""#);
    /// assert_eq!(q.render(&Sqlite).unwrap().sql,
    ///     r#"SELECT CASE json_type("events"."doc", ?) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END FROM "events""#);
    /// assert_eq!(q.render(&MySql::mysql8()).unwrap().sql,
    ///     "SELECT CASE WHEN JSON_TYPE(JSON_EXTRACT(`events`.`doc`, ?)) = 'BOOLEAN' THEN JSON_UNQUOTE(JSON_EXTRACT(`events`.`doc`, ?)) = 'true' END FROM `events`");
    /// ```
    fn get_bool(self, path: impl Into<JsonPath>) -> Typed<Option<bool>> {
        get(self, path.into(), JsonRead::Bool)
    }
    /// Whether `path` exists in the document, also when its value is JSON `null`; false
    /// for a NULL document (PostgreSQL's `?` operator is not used: it is a placeholder to
    /// many drivers).
    fn has_path(self, path: impl Into<JsonPath>) -> Typed<bool> {
        get(self, path.into(), JsonRead::Exists)
    }
    /// Whether the document contains `candidate` as PostgreSQL's `jsonb @>` says.
    /// Refused on SQLite, MySQL and MariaDB (see the [module docs](self)).
    ///
    /// ```
    /// use sqlweave::json::JsonExpr;
    /// use sqlweave::{Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { pub struct Events("events") { id: i64, doc: serde_json::Value } }
    /// let e = Events::new();
    /// let q = Select::new().column(e.id).from(e).filter(e.doc.contains_json(serde_json::json!({"kind": "click"})));
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT "events"."id" FROM "events" WHERE (CAST("events"."doc" AS JSONB) @> CAST($1 AS JSONB))"#);
    /// assert!(q.render(&Sqlite).is_err());
    /// assert!(q.render(&MySql::mariadb()).is_err());
    /// ```
    fn contains_json(self, candidate: impl Operand<Json>) -> Typed<bool> {
        Typed::assume(Expr::custom(
            JsonContains,
            [self.into(), candidate.into_operand()],
        ))
    }
}

fn get<T>(doc: impl Into<Expr>, path: JsonPath, read: JsonRead) -> Typed<T> {
    Typed::assume(Expr::custom(JsonGet { path, read }, [doc.into()]))
}

impl<T: SqlValue<Base = Json>> JsonExpr for Column<T> {}
impl<T: SqlValue<Base = Json>> JsonExpr for Typed<T> {}
