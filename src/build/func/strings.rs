//! Text functions, typed, with the same answer on PostgreSQL, SQLite, MySQL 8 and
//! MariaDB, or a refusal.
//!
//! Positions and lengths count characters, never bytes, on every database (MySQL /
//! MariaDB: of text in a `utf8mb4` column or connection). Where a database has no such
//! function or its own answers differently, the function is emulated exactly or
//! refused: SQLite has no `LPAD`, `RPAD`, `LEFT`, `RIGHT` or `REPEAT` (emulated with
//! `substr`, `printf` and `replace`) and no `REVERSE` (refused); MySQL's `TRIM(BOTH s
//! FROM x)` removes the string `s`, not the characters of it, so trimming a set of more
//! than one character is refused there. Searching and trimming compare as the column's
//! collation says on MySQL / MariaDB (a `_ci` collation folds case in `position`).
//!
//! ```
//! use sqlweave::func::TextFunctions;
//! use sqlweave::{Select, Value, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let q = Select::new().column(u.name.lpad(8, "*")).column(u.name.substring(2, Some(3))).from(u);
//! assert_eq!(q.render(&Postgres).unwrap().sql,
//!     r#"SELECT lpad("users"."name", $1, $2), SUBSTRING("users"."name" FROM CAST($3 AS INTEGER) FOR CAST($4 AS INTEGER)) FROM "users""#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT LPAD(`users`.`name`, ?, ?), SUBSTRING(`users`.`name`, ?, ?) FROM `users`");
//! assert_eq!(q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT (substr(replace(printf('%.*c', ?, 'x'), 'x', ?), 1, max(? - length("users"."name"), 0)) || substr("users"."name", 1, ?)), substr("users"."name", ?, ?) FROM "users""#);
//! assert_eq!(q.render(&Postgres).unwrap().params,
//!     vec![Value::I64(8), Value::from("*"), Value::I64(2), Value::I64(3)]);
//! ```
//!
//! Text functions take text only:
//!
//! ```compile_fail
//! use sqlweave::func::TextFunctions;
//! use sqlweave::table;
//! table! { struct Users("users") { id: i64, name: String } }
//! let _ = Users::new().id.lpad(8, "0");
//! ```
//!
//! and their text arguments must be text:
//!
//! ```compile_fail
//! use sqlweave::func::TextFunctions;
//! use sqlweave::table;
//! table! { struct Users("users") { id: i64, name: String } }
//! let u = Users::new();
//! let _ = u.name.position(u.id);
//! ```

use crate::error::Result;
use crate::expr::{Expr, SqlWriter};
use crate::typed::{BaseOf, Operand, Textual, Typed, TypedExpr};
use crate::value::Value;

use super::catalog::{CatalogFn, Db, Nullity, args_n, call, node};

/// Which ends [`TextFunctions::trim`] and friends work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrimSide {
    /// Both ends.
    Both,
    /// The start.
    Leading,
    /// The end.
    Trailing,
}

/// Which side [`TextFunctions::lpad`] / [`TextFunctions::rpad`] pad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PadSide {
    /// On the left (`LPAD`).
    Left,
    /// On the right (`RPAD`).
    Right,
}

/// Text functions on typed text columns and expressions (nullable or not: NULL in
/// gives NULL out). Lengths and positions are checked integers sent as parameters;
/// they count characters.
///
/// ```
/// use sqlweave::func::TextFunctions;
/// use sqlweave::{Select, table};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// table! { struct Users("users") { id: i64, name: String, nick: Option<String> } }
/// let u = Users::new();
/// let q = Select::new()
///     .column(u.nick.trim_chars("_"))       // Typed<Option<String>>
///     .column(u.name.position("a"))         // Typed<i64>
///     .column(u.nick.char_length())         // Typed<Option<i64>>
///     .column(u.name.right(2))              // Typed<String>
///     .from(u);
/// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT btrim("users"."nick", $1), strpos("users"."name", $2), char_length("users"."nick"), right("users"."name", $3) FROM "users""#);
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT TRIM(BOTH ? FROM `users`.`nick`), LOCATE(?, `users`.`name`), CHAR_LENGTH(`users`.`nick`), RIGHT(`users`.`name`, ?) FROM `users`");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT trim("users"."nick", ?), instr("users"."name", ?), length("users"."nick"), substr("users"."name", max(length("users"."name") - ? + 1, 1)) FROM "users""#);
/// ```
pub trait TextFunctions: TypedExpr {
    /// At most `len` characters from the `start`-th (1-based; `None`: to the end):
    /// `SUBSTRING(s FROM start FOR len)`. A `start` of 0 is refused when rendered
    /// (databases disagree on it: PostgreSQL counts it as a position before the text,
    /// MySQL returns an empty string).
    fn substring(self, start: u32, len: Option<u32>) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(
            CatalogFn::Substring {
                start: i64::from(start),
                len: len.map(i64::from),
            },
            [self.into()],
        )
    }
    /// The characters from a computed 1-based position `start` to the end. A `start`
    /// below 1 counts as 1 on every database (they disagree there: PostgreSQL counts
    /// positions before the text, MySQL returns an empty string and reads a negative
    /// start from the end, as SQLite does); a NULL `start` gives NULL.
    ///
    /// ```
    /// use sqlweave::func::TextFunctions;
    /// use sqlweave::{Select, TypedExpr, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { struct Users("users") { email: String } }
    /// let u = Users::new();
    /// let domain = u.email.substring_from(u.email.position("@") + 1);
    /// let q = Select::new().column(domain).from(u);
    /// assert_eq!(q.render(&Postgres).unwrap().sql,
    ///     r#"SELECT SUBSTRING("users"."email" FROM CAST(CASE WHEN strpos("users"."email", $1) + $2 < 1 THEN 1 ELSE strpos("users"."email", $3) + $4 END AS INTEGER)) FROM "users""#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
    ///     "SELECT SUBSTRING(`users`.`email`, CASE WHEN LOCATE(?, `users`.`email`) + ? < 1 THEN 1 ELSE LOCATE(?, `users`.`email`) + ? END) FROM `users`");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql,
    ///     r#"SELECT substr("users"."email", CASE WHEN instr("users"."email", ?) + ? < 1 THEN 1 ELSE instr("users"."email", ?) + ? END) FROM "users""#);
    /// ```
    fn substring_from<S: Operand<i64>>(self, start: S) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(
            CatalogFn::SubstringFrom,
            [self.into(), start.into_operand()],
        )
    }
    /// The 1-based character position of the first `needle`, 0 when absent (1 for an
    /// empty needle): `strpos` / `LOCATE` / `instr`.
    fn position<R: Operand<String>>(self, needle: R) -> Typed<<Self::Sql as Nullity>::Map<i64>>
    where
        BaseOf<Self>: Textual,
        Self::Sql: Nullity,
    {
        node(CatalogFn::Position, [self.into(), needle.into_operand()])
    }
    /// Spaces removed from both ends: `TRIM(s)`.
    fn trim(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        trim(self, TrimSide::Both, None)
    }
    /// Spaces removed from the start: `LTRIM(s)`.
    fn ltrim(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        trim(self, TrimSide::Leading, None)
    }
    /// Spaces removed from the end: `RTRIM(s)`.
    fn rtrim(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        trim(self, TrimSide::Trailing, None)
    }
    /// Any of the characters of `chars` removed from both ends (`btrim(s, chars)`,
    /// `trim(s, chars)` on SQLite). MySQL / MariaDB take one character only (their TRIM
    /// removes a string): more is refused there.
    fn trim_chars(self, chars: &str) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        trim(self, TrimSide::Both, Some(chars))
    }
    /// Any of `chars` removed from the start (see [`TextFunctions::trim_chars`]).
    fn ltrim_chars(self, chars: &str) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        trim(self, TrimSide::Leading, Some(chars))
    }
    /// Any of `chars` removed from the end (see [`TextFunctions::trim_chars`]).
    fn rtrim_chars(self, chars: &str) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        trim(self, TrimSide::Trailing, Some(chars))
    }
    /// Padded on the left with `fill` to `len` characters, or cut to its first `len`
    /// characters when longer (as `LPAD` does everywhere). An empty `fill` is refused
    /// when rendered (MySQL answers NULL, PostgreSQL the text unpadded).
    fn lpad(self, len: u32, fill: &str) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        pad(self, PadSide::Left, len, fill)
    }
    /// Padded on the right with `fill` to `len` characters, or cut to `len`.
    fn rpad(self, len: u32, fill: &str) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        pad(self, PadSide::Right, len, fill)
    }
    /// Every `from` replaced by `to` (case-sensitively everywhere; an empty `from`
    /// replaces nothing).
    fn replace<F: Operand<String>, T: Operand<String>>(self, from: F, to: T) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(
            CatalogFn::Replace,
            [self.into(), from.into_operand(), to.into_operand()],
        )
    }
    /// The first `n` characters.
    fn left(self, n: u32) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(CatalogFn::Left(i64::from(n)), [self.into()])
    }
    /// The last `n` characters.
    fn right(self, n: u32) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(CatalogFn::Right(i64::from(n)), [self.into()])
    }
    /// The text `n` times over.
    fn repeat(self, n: u32) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(CatalogFn::Repeat(i64::from(n)), [self.into()])
    }
    /// The characters in reverse order (refused on SQLite, which has no such function).
    fn reverse(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(CatalogFn::Reverse, [self.into()])
    }
    /// Each word with its first letter upper case and the others lower case
    /// (`initcap`: PostgreSQL only; MySQL, MariaDB and SQLite have no such function).
    fn initcap(self) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Textual,
    {
        node(CatalogFn::Initcap, [self.into()])
    }
    /// The length in characters, nullable as `self` is.
    fn char_length(self) -> Typed<<Self::Sql as Nullity>::Map<i64>>
    where
        BaseOf<Self>: Textual,
        Self::Sql: Nullity,
    {
        node(CatalogFn::CharLength, [self.into()])
    }
    /// The length in bytes of the UTF-8 text (`octet_length`; `LENGTH` on MySQL).
    fn octet_length(self) -> Typed<<Self::Sql as Nullity>::Map<i64>>
    where
        BaseOf<Self>: Textual,
        Self::Sql: Nullity,
    {
        node(CatalogFn::OctetLength, [self.into()])
    }
}

impl<E: TypedExpr> TextFunctions for E {}

fn trim<E: TypedExpr>(e: E, side: TrimSide, chars: Option<&str>) -> Typed<E::Sql> {
    node(
        CatalogFn::Trim {
            side,
            chars: chars.map(str::to_string),
        },
        [e.into()],
    )
}

fn pad<E: TypedExpr>(e: E, side: PadSide, len: u32, fill: &str) -> Typed<E::Sql> {
    node(
        CatalogFn::Pad {
            side,
            len: i64::from(len),
            fill: fill.to_string(),
        },
        [e.into()],
    )
}

/// The non-NULL `items` joined with `separator` (`concat_ws`; NULL items are skipped,
/// empty ones kept, so the result is never NULL).
///
/// ```
/// use sqlweave::func::strings::concat_ws;
/// use sqlweave::{Select, table};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// table! { struct Users("users") { first: Option<String>, last: Option<String> } }
/// let u = Users::new();
/// let q = Select::new().column(concat_ws(" ", [u.first, u.last])).from(u);
/// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT concat_ws($1, CAST("users"."first" AS TEXT), CAST("users"."last" AS TEXT)) FROM "users""#);
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT CONCAT_WS(?, `users`.`first`, `users`.`last`) FROM `users`");
/// // SQLite's own concat_ws would also skip empty strings.
/// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT substr(COALESCE(? || "users"."first", '') || COALESCE(? || "users"."last", ''), length(?) + 1) FROM "users""#);
/// ```
pub fn concat_ws<I, R>(separator: &str, items: I) -> Typed<String>
where
    I: IntoIterator<Item = R>,
    R: Operand<String>,
{
    let mut args = vec![Expr::from(separator)];
    args.extend(items.into_iter().map(Operand::into_operand));
    node(CatalogFn::ConcatWs, args)
}

// ---- rendering ----

pub(crate) fn write(f: &CatalogFn, d: Db, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
    match f {
        CatalogFn::Substring { start, len } => {
            let [s] = args_n::<1>(args, w, "SUBSTRING")?;
            if *start < 1 {
                return Err(w.invalid(
                    "SUBSTRING starts at position 1 or later (databases disagree on 0 and below)",
                ));
            }
            let (open, from, for_) = match d {
                Db::Postgres => ("SUBSTRING(", " FROM ", " FOR "),
                Db::MySql { .. } => ("SUBSTRING(", ", ", ", "),
                Db::Sqlite => ("substr(", ", ", ", "),
            };
            // PostgreSQL would read untyped parameters as the regular-expression form
            // `substring(text FROM text FOR text)`: they are cast to integers there.
            let int = |w: &mut dyn SqlWriter, n: i64| -> Result<()> {
                if d == Db::Postgres {
                    w.sql("CAST(")?;
                    w.value(&Value::I64(n))?;
                    w.sql(" AS INTEGER)")
                } else {
                    w.value(&Value::I64(n))
                }
            };
            w.sql(open)?;
            w.operand(s, 0)?;
            w.sql(from)?;
            int(w, *start)?;
            if let Some(n) = len {
                w.sql(for_)?;
                int(w, *n)?;
            }
            w.sql(")")
        }
        CatalogFn::SubstringFrom => {
            let [s, start] = args_n::<2>(args, w, "SUBSTRING")?;
            w.sql(match d {
                Db::Postgres | Db::MySql { .. } => "SUBSTRING(",
                Db::Sqlite => "substr(",
            })?;
            w.operand(s, 0)?;
            w.sql(match d {
                // An integer, so that PostgreSQL does not read the regular-expression form.
                Db::Postgres => " FROM CAST(CASE WHEN ",
                Db::MySql { .. } | Db::Sqlite => ", CASE WHEN ",
            })?;
            w.operand(start, 5)?;
            w.sql(" < 1 THEN 1 ELSE ")?;
            w.operand(start, 0)?;
            w.sql(match d {
                Db::Postgres => " END AS INTEGER))",
                Db::MySql { .. } | Db::Sqlite => " END)",
            })
        }
        CatalogFn::Position => {
            let [s, needle] = args_n::<2>(args, w, "POSITION")?;
            match d {
                Db::Postgres => call(w, "strpos", &[s.clone(), needle.clone()]),
                Db::MySql { .. } => call(w, "LOCATE", &[needle.clone(), s.clone()]),
                Db::Sqlite => call(w, "instr", &[s.clone(), needle.clone()]),
            }
        }
        CatalogFn::Trim { side, chars } => write_trim(d, *side, chars.as_deref(), args, w),
        CatalogFn::Pad { side, len, fill } => write_pad(d, *side, *len, fill, args, w),
        CatalogFn::Replace => {
            args_n::<3>(args, w, "REPLACE")?;
            call(w, "replace", args)
        }
        CatalogFn::Left(n) | CatalogFn::Right(n) => {
            let [s] = args_n::<1>(args, w, "LEFT / RIGHT")?;
            let left = matches!(f, CatalogFn::Left(_));
            match d {
                Db::Postgres | Db::MySql { .. } => {
                    w.sql(match (d, left) {
                        (Db::Postgres, true) => "left(",
                        (Db::Postgres, false) => "right(",
                        (_, true) => "LEFT(",
                        (_, false) => "RIGHT(",
                    })?;
                    w.operand(s, 0)?;
                    w.sql(", ")?;
                    w.value(&Value::I64(*n))?;
                    w.sql(")")
                }
                Db::Sqlite if left => {
                    w.sql("substr(")?;
                    w.operand(s, 0)?;
                    w.sql(", 1, ")?;
                    w.value(&Value::I64(*n))?;
                    w.sql(")")
                }
                Db::Sqlite => {
                    // substr(s, -n) would give the whole text for n = 0.
                    w.sql("substr(")?;
                    w.operand(s, 0)?;
                    w.sql(", max(length(")?;
                    w.operand(s, 0)?;
                    w.sql(") - ")?;
                    w.value(&Value::I64(*n))?;
                    w.sql(" + 1, 1))")
                }
            }
        }
        CatalogFn::Repeat(n) => {
            let [s] = args_n::<1>(args, w, "REPEAT")?;
            match d {
                Db::Postgres | Db::MySql { .. } => {
                    w.sql(if d == Db::Postgres {
                        "repeat("
                    } else {
                        "REPEAT("
                    })?;
                    w.operand(s, 0)?;
                    w.sql(", ")?;
                    w.value(&Value::I64(*n))?;
                    w.sql(")")
                }
                Db::Sqlite => {
                    // `printf('%.*c', 0, 'x')` still writes one x: the result is cut
                    // to n times the text's length.
                    w.sql("substr(replace(")?;
                    repeated_x(w, |w| w.value(&Value::I64(*n)))?;
                    w.sql(", 'x', ")?;
                    w.operand(s, 0)?;
                    w.sql("), 1, ")?;
                    w.value(&Value::I64(*n))?;
                    w.sql(" * length(")?;
                    w.operand(s, 0)?;
                    w.sql("))")
                }
            }
        }
        CatalogFn::Reverse => {
            args_n::<1>(args, w, "REVERSE")?;
            match d {
                Db::Sqlite => Err(w.unsupported("REVERSE (SQLite has no such function)")),
                _ => call(w, "REVERSE", args),
            }
        }
        CatalogFn::Initcap => {
            args_n::<1>(args, w, "INITCAP")?;
            match d {
                Db::Postgres => call(w, "initcap", args),
                _ => Err(w.unsupported("INITCAP (PostgreSQL only)")),
            }
        }
        CatalogFn::CharLength => {
            args_n::<1>(args, w, "CHAR_LENGTH")?;
            match d {
                Db::Postgres => call(w, "char_length", args),
                Db::MySql { .. } => call(w, "CHAR_LENGTH", args),
                Db::Sqlite => call(w, "length", args),
            }
        }
        CatalogFn::OctetLength => {
            args_n::<1>(args, w, "OCTET_LENGTH")?;
            match d {
                Db::Postgres | Db::Sqlite => call(w, "octet_length", args),
                // MySQL's LENGTH counts bytes.
                Db::MySql { .. } => call(w, "LENGTH", args),
            }
        }
        CatalogFn::ConcatWs => {
            if args.len() < 2 {
                return Err(w.invalid("CONCAT_WS takes a separator and at least one item"));
            }
            match d {
                Db::Postgres => {
                    // concat_ws takes `"any"`: a parameter would have no type.
                    w.sql("concat_ws(")?;
                    w.operand(&args[0], 0)?;
                    for a in &args[1..] {
                        w.sql(", CAST(")?;
                        w.operand(a, 0)?;
                        w.sql(" AS TEXT)")?;
                    }
                    w.sql(")")
                }
                Db::MySql { .. } => call(w, "CONCAT_WS", args),
                Db::Sqlite => {
                    // SQLite's concat_ws also skips empty strings (PostgreSQL and MySQL
                    // keep them): each non-NULL item after the separator, the first
                    // separator cut off.
                    let sep = &args[0];
                    w.sql("substr(")?;
                    for (i, a) in args[1..].iter().enumerate() {
                        if i > 0 {
                            w.sql(" || ")?;
                        }
                        w.sql("COALESCE(")?;
                        w.expr(sep)?;
                        w.sql(" || ")?;
                        w.expr(a)?;
                        w.sql(", '')")?;
                    }
                    w.sql(", length(")?;
                    w.operand(sep, 0)?;
                    w.sql(") + 1)")
                }
            }
        }
        _ => Err(w.invalid("not a text function")),
    }
}

/// `printf('%.*c', n, 'x')`: `n` times the letter x (SQLite), for `replace` to turn
/// into `n` copies of a text.
fn repeated_x(
    w: &mut dyn SqlWriter,
    n: impl FnOnce(&mut dyn SqlWriter) -> Result<()>,
) -> Result<()> {
    w.sql("printf('%.*c', ")?;
    n(w)?;
    w.sql(", 'x')")
}

fn write_trim(
    d: Db,
    side: TrimSide,
    chars: Option<&str>,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    let [s] = args_n::<1>(args, w, "TRIM")?;
    let Some(chars) = chars else {
        return call(
            w,
            match side {
                TrimSide::Both => "TRIM",
                TrimSide::Leading => "LTRIM",
                TrimSide::Trailing => "RTRIM",
            },
            args,
        );
    };
    if chars.is_empty() {
        return Err(w.invalid("trimming an empty set of characters"));
    }
    match d {
        Db::Postgres | Db::Sqlite => {
            w.sql(match (d, side) {
                (Db::Postgres, TrimSide::Both) => "btrim(",
                (_, TrimSide::Both) => "trim(",
                (_, TrimSide::Leading) => "ltrim(",
                (_, TrimSide::Trailing) => "rtrim(",
            })?;
            w.operand(s, 0)?;
            w.sql(", ")?;
            w.value(&Value::from(chars))?;
            w.sql(")")
        }
        Db::MySql { .. } => {
            let mut distinct = chars.chars();
            let first = distinct.next().unwrap_or(' ');
            if distinct.any(|c| c != first) {
                return Err(w.unsupported(
                    "trimming a set of more than one character (MySQL's TRIM removes a string, not any of its characters)",
                ));
            }
            w.sql(match side {
                TrimSide::Both => "TRIM(BOTH ",
                TrimSide::Leading => "TRIM(LEADING ",
                TrimSide::Trailing => "TRIM(TRAILING ",
            })?;
            w.value(&Value::Text(first.to_string()))?;
            w.sql(" FROM ")?;
            w.operand(s, 0)?;
            w.sql(")")
        }
    }
}

fn write_pad(
    d: Db,
    side: PadSide,
    len: i64,
    fill: &str,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    let [s] = args_n::<1>(args, w, "LPAD / RPAD")?;
    if fill.is_empty() {
        return Err(w.invalid(
            "padding with an empty string (MySQL answers NULL, PostgreSQL the text unpadded)",
        ));
    }
    let fill = Value::from(fill);
    let n = Value::I64(len);
    match d {
        Db::Postgres | Db::MySql { .. } => {
            w.sql(match (d, side) {
                (Db::Postgres, PadSide::Left) => "lpad(",
                (Db::Postgres, PadSide::Right) => "rpad(",
                (_, PadSide::Left) => "LPAD(",
                (_, PadSide::Right) => "RPAD(",
            })?;
            w.operand(s, 0)?;
            w.sql(", ")?;
            w.value(&n)?;
            w.sql(", ")?;
            w.value(&fill)?;
            w.sql(")")
        }
        Db::Sqlite => {
            // The padding: `fill` n times over, cut to the characters missing; then
            // the text cut to n characters (LPAD shortens a longer text).
            let padding = |w: &mut dyn SqlWriter| -> Result<()> {
                w.sql("substr(replace(")?;
                repeated_x(w, |w| w.value(&n))?;
                w.sql(", 'x', ")?;
                w.value(&fill)?;
                w.sql("), 1, max(")?;
                w.value(&n)?;
                w.sql(" - length(")?;
                w.operand(s, 0)?;
                w.sql("), 0))")
            };
            let text = |w: &mut dyn SqlWriter| -> Result<()> {
                w.sql("substr(")?;
                w.operand(s, 0)?;
                w.sql(", 1, ")?;
                w.value(&n)?;
                w.sql(")")
            };
            w.sql("(")?;
            match side {
                PadSide::Left => {
                    padding(w)?;
                    w.sql(" || ")?;
                    text(w)?;
                }
                PadSide::Right => {
                    text(w)?;
                    w.sql(" || ")?;
                    padding(w)?;
                }
            }
            w.sql(")")
        }
    }
}
