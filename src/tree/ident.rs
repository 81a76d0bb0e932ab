//! SQL identifiers: table, column, alias, CTE and parameter names.

use std::borrow::Cow;
use std::fmt;

/// An SQL identifier. Static names are borrowed, run-time names owned.
///
/// Identifiers are always rendered quoted, with the dialect's quote character doubled
/// inside, so any text is a safe name. Rendering refuses an empty identifier, one that
/// holds a NUL character, and one longer than the dialect allows (PostgreSQL would
/// silently truncate past 63 bytes, so two long names could collide).
///
/// ```
/// use sqlweave::Ident;
/// let dynamic = Ident::new(String::from("weird \"name\""));
/// assert_eq!(dynamic.as_str(), "weird \"name\"");
/// ```
#[derive(Clone)]
pub struct Ident(Repr);

/// How an [`Ident`] holds its name. Same size as a `String` (the string's capacity
/// leaves room for the other two variants), so identifiers cost nothing extra to carry.
#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Owned(String),
    /// A column name declared with [`table!`](macro@crate::table), checked when the program
    /// was compiled and carried with its pre-quoted text.
    Checked(&'static StaticName),
}

impl Ident {
    /// An identifier from a static or owned string.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        match name.into() {
            Cow::Borrowed(s) => Ident(Repr::Static(s)),
            Cow::Owned(s) => Ident(Repr::Owned(s)),
        }
    }

    /// The name as written, unquoted.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Owned(s) => s,
            Repr::Checked(n) => n.name,
        }
    }

    /// The identifier of a name declared with [`table!`](macro@crate::table).
    pub const fn from_static_name(name: &'static StaticName) -> Self {
        Ident(Repr::Checked(name))
    }

    /// The compile-time facts about this name, when it was declared with
    /// [`table!`](macro@crate::table).
    pub(crate) fn static_name(&self) -> Option<&'static StaticName> {
        match self.0 {
            Repr::Checked(n) => Some(n),
            _ => None,
        }
    }
}

/// A column name declared with [`table!`](macro@crate::table), checked when the program is
/// compiled, with its qualified text already quoted for both quote characters the
/// built-in dialects use. The renderer writes that text in one copy when the column is
/// still qualified as declared, instead of checking and quoting two or three names.
/// Anything else (an alias, a renamed table, a name that needs its quotes doubled)
/// takes the ordinary path, so the pre-quoted text can never be wrong, only unused.
///
/// Made by `table!` through [`StaticName::new`], which checks the parts and the texts;
/// public only so that the macro can build it. Its fields are private: a name that did
/// not pass the checks can never be marked usable.
#[doc(hidden)]
#[derive(Debug)]
pub struct StaticName {
    /// The schema qualifying the column, `""` for none.
    pub(crate) schema: &'static str,
    /// The table qualifying the column.
    pub(crate) table: &'static str,
    /// The column name.
    pub(crate) name: &'static str,
    /// `"schema"."table"."name"` (without the schema when there is none).
    pub(crate) double_quoted: &'static str,
    /// The same with backticks.
    pub(crate) backquoted: &'static str,
    /// Whether every part is plain ([`is_plain`]) and the quoted texts were made from
    /// exactly these parts: only then are they used.
    pub(crate) plain: bool,
}

impl StaticName {
    /// The facts about `schema.table.name`, with the texts `table!` made by `concat!`.
    pub const fn new(
        schema: &'static str,
        table: &'static str,
        name: &'static str,
        double_quoted: &'static str,
        backquoted: &'static str,
    ) -> Self {
        let plain = (schema.is_empty() || is_plain(schema))
            && is_plain(table)
            && is_plain(name)
            && is_quoted(double_quoted.as_bytes(), b'"', schema, table, name)
            && is_quoted(backquoted.as_bytes(), b'`', schema, table, name);
        StaticName {
            schema,
            table,
            name,
            double_quoted,
            backquoted,
            plain,
        }
    }

    /// The qualified text for the quote character `q`, if there is one.
    #[inline]
    pub(crate) fn qualified(&self, q: char) -> Option<&'static str> {
        match q {
            '"' if self.plain => Some(self.double_quoted),
            '`' if self.plain => Some(self.backquoted),
            _ => None,
        }
    }

    /// The quoted name alone for the quote character `q`: the end of the qualified text.
    #[inline]
    pub(crate) fn unqualified(&self, q: char) -> Option<&'static str> {
        let full = self.qualified(q)?;
        full.get(full.len().checked_sub(self.name.len() + 2)?..)
    }
}

/// Whether `s` is a name every built-in dialect accepts quoted as it is: 1 to 63 ASCII
/// letters, digits, `_` and `$` (nothing to double, no NUL, no trailing space, within
/// PostgreSQL's 63-byte limit). Dialects that accept all such names say so with
/// [`Dialect::accepts_plain_identifiers`](crate::Dialect::accepts_plain_identifiers).
pub const fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 63 {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'$') {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `text` is exactly `q schema q . q table q . q name q` (no schema part when
/// `schema` is empty).
const fn is_quoted(text: &[u8], q: u8, schema: &str, table: &str, name: &str) -> bool {
    let parts: [&[u8]; 3] = [schema.as_bytes(), table.as_bytes(), name.as_bytes()];
    let first = if schema.is_empty() { 1 } else { 0 };
    let mut at = 0;
    let mut p = first;
    while p < 3 {
        if p > first {
            if at >= text.len() || text[at] != b'.' {
                return false;
            }
            at += 1;
        }
        let part = parts[p];
        if at + part.len() + 2 > text.len() || text[at] != q {
            return false;
        }
        let mut i = 0;
        while i < part.len() {
            if text[at + 1 + i] != part[i] {
                return false;
            }
            i += 1;
        }
        if text[at + 1 + part.len()] != q {
            return false;
        }
        at += part.len() + 2;
        p += 1;
    }
    at == text.len()
}

impl PartialEq for Ident {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for Ident {}
impl std::hash::Hash for Ident {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}
impl PartialOrd for Ident {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ident {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&'static str> for Ident {
    fn from(s: &'static str) -> Self {
        Ident(Repr::Static(s))
    }
}

impl From<String> for Ident {
    fn from(s: String) -> Self {
        Ident(Repr::Owned(s))
    }
}

impl From<&String> for Ident {
    fn from(s: &String) -> Self {
        Ident(Repr::Owned(s.clone()))
    }
}

impl From<Cow<'static, str>> for Ident {
    fn from(s: Cow<'static, str>) -> Self {
        Ident::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identifier_is_as_small_as_a_string() {
        assert_eq!(std::mem::size_of::<Ident>(), std::mem::size_of::<String>());
        assert_eq!(
            std::mem::size_of::<Option<Ident>>(),
            std::mem::size_of::<String>()
        );
    }

    #[test]
    fn plain_names() {
        for ok in ["a", "users", "created_at", "A$1", &"x".repeat(63)] {
            assert!(is_plain(ok), "{ok:?}");
        }
        let long = "x".repeat(64);
        for bad in ["", "a b", "a\"b", "a`b", "a\0", "é", "a-b", "name ", &long] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }

    #[test]
    fn declared_names_compare_by_their_text() {
        static N: StaticName = StaticName::new("", "t", "id", "\"t\".\"id\"", "`t`.`id`");
        let d = Ident::from_static_name(&N);
        assert_eq!(d, Ident::from("id"));
        assert_eq!(d.as_str(), "id");
        assert!(N.plain);
        assert_eq!(N.unqualified('"'), Some("\"id\""));
        assert_eq!(N.unqualified('`'), Some("`id`"));
        assert_eq!(N.qualified('['), None);
        // Texts that were not made from the parts are never used.
        for (dq, bq) in [
            ("\"t\".\"xx\"", "`t`.`id`"),
            ("\"t\".\"id\"", "`t`.`id`x"),
            ("\"t\"\"id\"", "`t`.`id`"),
            ("\"id\"", "`id`"),
            ("\"s\".\"t\".\"id\"", "`s`.`t`.`id`"),
        ] {
            assert!(!StaticName::new("", "t", "id", dq, bq).plain, "{dq} {bq}");
        }
        let s = StaticName::new("s", "t", "id", "\"s\".\"t\".\"id\"", "`s`.`t`.`id`");
        assert!(s.plain);
        assert_eq!(s.unqualified('"'), Some("\"id\""));
        assert!(!StaticName::new("s", "t", "id", "\"t\".\"id\"", "`t`.`id`").plain);
        static Q: StaticName = StaticName::new("", "t", "i\"d", "\"t\".\"i\"d\"", "`t`.`i\"d`");
        assert!(!Q.plain);
    }
}
