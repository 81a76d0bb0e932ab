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
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident(Cow<'static, str>);

impl Ident {
    /// An identifier from a static or owned string.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Ident(name.into())
    }

    /// The name as written, unquoted.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for Ident {
    fn from(s: &'static str) -> Self {
        Ident(Cow::Borrowed(s))
    }
}

impl From<String> for Ident {
    fn from(s: String) -> Self {
        Ident(Cow::Owned(s))
    }
}

impl From<&String> for Ident {
    fn from(s: &String) -> Self {
        Ident(Cow::Owned(s.clone()))
    }
}

impl From<Cow<'static, str>> for Ident {
    fn from(s: Cow<'static, str>) -> Self {
        Ident(s)
    }
}
