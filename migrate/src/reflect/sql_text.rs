//! SQL text as databases keep it: a tokenizer, the canonical form of an expression
//! (used by [`super::normalize`] to compare expressions written by sqlweave with the
//! database's own spelling of them), and the parts of SQLite's stored `CREATE TABLE` /
//! `CREATE INDEX` text that its pragmas do not report.
//!
//! Nothing here builds SQL that is sent: the text is only read and compared.

/// One token of SQL text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A bare word (keyword or identifier), as written.
    Word(String),
    /// A quoted identifier, unquoted.
    Quoted(String),
    /// A string literal's value.
    Str(String),
    /// A hex string literal `X'…'`, lower-case digits.
    Hex(String),
    /// A number, as written.
    Num(String),
    /// An operator or other punctuation.
    Op(String),
    LParen,
    RParen,
    Comma,
    Dot,
    LBracket,
    RBracket,
}

/// A token and where it stands in the text (byte offsets).
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// Whether the token is the bare word `w` (case-insensitive).
    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Word(x) if x.eq_ignore_ascii_case(w))
    }
    /// The name of a word or quoted identifier (a bare word as written).
    pub fn name(&self) -> Option<&str> {
        match &self.tok {
            Tok::Word(w) | Tok::Quoted(w) => Some(w),
            Tok::Str(s) => Some(s), // SQLite accepts 'name' as an identifier
            _ => None,
        }
    }
}

/// Splits `sql` into tokens. `backslash_escapes`: a backslash escapes the next
/// character in `'…'` (MySQL / MariaDB without `NO_BACKSLASH_ESCAPES`). Comments are
/// skipped; an unterminated string or identifier ends the text.
pub(crate) fn tokenize(sql: &str, backslash_escapes: bool) -> Vec<Token> {
    tokenize_with(sql, backslash_escapes, false)
}

/// [`tokenize`] for SQLite's stored text, in which `[…]` is a quoted name (SQLite has no
/// subscripts): `CREATE VIEW [as x] AS …` names the view `as x`.
pub(crate) fn tokenize_sqlite(sql: &str) -> Vec<Token> {
    tokenize_with(sql, false, true)
}

fn tokenize_with(sql: &str, backslash_escapes: bool, bracket_names: bool) -> Vec<Token> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i = (i + 2).min(b.len());
            continue;
        }
        let tok = match c {
            b'\'' => {
                let (s, end) = quoted(sql, i, b'\'', backslash_escapes);
                i = end;
                Tok::Str(s)
            }
            b'"' | b'`' => {
                let (s, end) = quoted(sql, i, c, false);
                i = end;
                Tok::Quoted(s)
            }
            b'(' => {
                i += 1;
                Tok::LParen
            }
            b')' => {
                i += 1;
                Tok::RParen
            }
            b',' => {
                i += 1;
                Tok::Comma
            }
            b'[' if bracket_names => {
                // To the first `]`: a bracketed name has no escapes.
                let end = sql[i + 1..].find(']').map_or(b.len(), |k| i + 1 + k);
                let name = sql[i + 1..end].to_string();
                i = (end + 1).min(b.len());
                Tok::Quoted(name)
            }
            b'[' => {
                i += 1;
                Tok::LBracket
            }
            b']' => {
                i += 1;
                Tok::RBracket
            }
            b'.' if !b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                Tok::Dot
            }
            c if c.is_ascii_digit() || c == b'.' => {
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                    let mut j = i + 1;
                    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                        j += 1;
                    }
                    if j < b.len() && b[j].is_ascii_digit() {
                        i = j;
                        while i < b.len() && b[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                }
                Tok::Num(sql[start..i].to_string())
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'$'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &sql[start..i];
                // E'…' (PostgreSQL escape string) and X'…' (hex).
                if i < b.len() && b[i] == b'\'' && word.eq_ignore_ascii_case("e") {
                    let (s, end) = quoted(sql, i, b'\'', true);
                    i = end;
                    Tok::Str(s)
                } else if i < b.len() && b[i] == b'\'' && word.eq_ignore_ascii_case("x") {
                    let (s, end) = quoted(sql, i, b'\'', false);
                    i = end;
                    Tok::Hex(s.to_ascii_lowercase())
                } else {
                    Tok::Word(word.to_string())
                }
            }
            _ => {
                let two = sql.get(i..i + 2).unwrap_or("");
                if ["::", "<=", ">=", "<>", "!=", "||", "=="].contains(&two) {
                    i += 2;
                    Tok::Op(two.to_string())
                } else {
                    let ch = sql[i..].chars().next().unwrap_or(' ');
                    i += ch.len_utf8();
                    Tok::Op(ch.to_string())
                }
            }
        };
        out.push(Token { tok, start, end: i });
    }
    out
}

/// The text of a quoted token starting at `i` (the quote), its doubled quotes (and,
/// with `backslash`, backslash escapes) undone, and the offset after it.
fn quoted(sql: &str, i: usize, q: u8, backslash: bool) -> (String, usize) {
    let b = sql.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut j = i + 1;
    while j < b.len() {
        let c = b[j];
        if backslash && c == b'\\' && j + 1 < b.len() {
            out.push(match b[j + 1] {
                b'n' => b'\n',
                b't' => b'\t',
                b'r' => b'\r',
                b'0' => 0,
                other => other,
            });
            j += 2;
            continue;
        }
        if c == q {
            if b.get(j + 1) == Some(&q) {
                out.push(q);
                j += 2;
                continue;
            }
            return (String::from_utf8_lossy(&out).into_owned(), j + 1);
        }
        out.push(c);
        j += 1;
    }
    (String::from_utf8_lossy(&out).into_owned(), b.len())
}

/// The index of the `)` that closes the `(` at `open`, or the end.
pub(crate) fn closing(toks: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.tok {
            Tok::LParen => depth += 1,
            Tok::RParen => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// Splits `toks` at commas outside parentheses.
pub(crate) fn split_commas(toks: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut from = 0;
    for (k, t) in toks.iter().enumerate() {
        match t.tok {
            Tok::LParen | Tok::LBracket => depth += 1,
            Tok::RParen | Tok::RBracket => depth -= 1,
            Tok::Comma if depth == 0 => {
                out.push(&toks[from..k]);
                from = k + 1;
            }
            _ => {}
        }
    }
    if from < toks.len() {
        out.push(&toks[from..]);
    }
    out
}

/// The source text that the tokens `toks[a..b]` span.
pub(crate) fn span<'s>(sql: &'s str, toks: &[Token]) -> &'s str {
    match (toks.first(), toks.last()) {
        (Some(f), Some(l)) => &sql[f.start..l.end],
        _ => "",
    }
}

// ----- the canonical form of an expression ----------------------------------------------

/// How text is read for [`canonical`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Reading<'a> {
    /// `'…'` strings take backslash escapes (MySQL / MariaDB).
    pub backslash_escapes: bool,
    /// A schema qualifier to drop from names (the schema being reflected).
    pub schema: Option<&'a str>,
}

/// The canonical text of an SQL expression, which two spellings of the same
/// expression share. See the module documentation of [`super`] ("Normalisation") for
/// the rules; in short: identifiers unquoted (bare words in lower case), every binary
/// operation parenthesised once whatever the source's parentheses, casts and typed
/// literal keywords dropped, `= ANY (ARRAY[…])` read as `IN (…)`, `TRUE` / `FALSE` as
/// `1` / `0`, calls without arguments as bare words, `!=` as `<>`.
pub(crate) fn canonical(sql: &str, reading: Reading<'_>) -> String {
    let toks = tokenize(sql, reading.backslash_escapes);
    let mut p = Parser {
        t: &toks,
        i: 0,
        reading,
    };
    let mut parts = Vec::new();
    while p.i < toks.len() {
        let before = p.i;
        match p.expr(0) {
            Some(e) => parts.push(e),
            None => {
                p.i = before;
            }
        }
        if p.i == before {
            // Not an expression here (a keyword of a statement, punctuation): kept as a token.
            parts.push(token_text(&toks[p.i], reading));
            p.i += 1;
        }
    }
    // `x.id AS id`: an alias that repeats the column's name says nothing (MariaDB writes
    // one for every column of a view).
    let mut k = 1;
    while k + 1 < parts.len() {
        let last = parts[k - 1].rsplit('.').next().unwrap_or_default();
        if parts[k] == "as" && parts[k + 1] == last {
            parts.drain(k..k + 2);
        } else {
            k += 1;
        }
    }
    parts.join(" ")
}

fn token_text(t: &Token, reading: Reading<'_>) -> String {
    match &t.tok {
        Tok::Word(w) => {
            let w = w.to_ascii_lowercase();
            match w.as_str() {
                "true" => "1".into(),
                "false" => "0".into(),
                _ => w,
            }
        }
        Tok::Quoted(q) => {
            let _ = reading;
            q.clone()
        }
        Tok::Str(s) => format!("'{}'", s.replace('\'', "''")),
        Tok::Hex(h) => format!("x'{h}'"),
        Tok::Num(n) => canonical_number(n),
        Tok::Op(o) => match o.as_str() {
            "!=" => "<>".into(),
            "==" => "=".into(),
            o => o.to_string(),
        },
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Comma => ",".into(),
        Tok::Dot => ".".into(),
        Tok::LBracket => "[".into(),
        Tok::RBracket => "]".into(),
    }
}

/// `1.50` → `1.5`, `2.0` → `2`, `007` → `7`; exponents kept as written.
fn canonical_number(n: &str) -> String {
    if n.contains(['e', 'E']) {
        return n.to_ascii_lowercase();
    }
    let mut s = n.to_string();
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    let t = s.trim_start_matches('0');
    if t.is_empty() || t.starts_with('.') {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

/// Words that end an expression (clause keywords of the statements around it).
const STOP_WORDS: &[&str] = &[
    "as",
    "from",
    "where",
    "group",
    "order",
    "having",
    "limit",
    "offset",
    "union",
    "except",
    "intersect",
    "join",
    "inner",
    "left",
    "right",
    "full",
    "cross",
    "on",
    "using",
    "select",
    "then",
    "else",
    "end",
    "when",
    "asc",
    "desc",
    "collate",
    "window",
    "and_",
    "over",
    "returning",
    "natural",
    "outer",
    "fetch",
    "for",
];

/// Type keywords that may precede a string as a typed literal (`DATE '2024-01-15'`).
const TYPED_LITERALS: &[&str] = &[
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "uuid",
    "json",
    "jsonb",
    "interval",
];

struct Parser<'t, 'r> {
    t: &'t [Token],
    i: usize,
    reading: Reading<'r>,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.t.get(self.i)
    }
    fn peek_word(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| t.is_word(w))
    }
    fn peek_op(&self, o: &str) -> bool {
        matches!(self.peek().map(|t| &t.tok), Some(Tok::Op(x)) if x == o)
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if self.peek_word(w) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// An expression whose operators bind tighter than `min`.
    fn expr(&mut self, min: u8) -> Option<String> {
        let mut left = self.prefix()?;
        loop {
            // `::type` casts are dropped.
            if self.peek_op("::") {
                self.i += 1;
                let ty = self.skip_type();
                // PostgreSQL writes a negative number as a cast string: '-7'::integer.
                let numeric = [
                    "int", "smallint", "bigint", "numeric", "real", "double", "float", "decimal",
                ];
                if numeric.iter().any(|n| ty.starts_with(n))
                    && let Some(inner) = left
                        .strip_prefix('\'')
                        .and_then(|l| l.strip_suffix('\''))
                        .filter(|n| n.parse::<f64>().is_ok())
                        .map(str::to_string)
                {
                    let sign = if inner.starts_with('-') { "-" } else { "" };
                    left = format!("{sign}{}", canonical_number(inner.trim_start_matches('-')));
                }
                continue;
            }
            let Some(t) = self.peek() else { break };
            let (op, prec): (String, u8) = match &t.tok {
                Tok::Word(w) => match w.to_ascii_lowercase().as_str() {
                    "or" => ("or".into(), 1),
                    "and" => ("and".into(), 2),
                    "is" | "in" | "like" | "between" | "not" | "ilike" | "glob" | "regexp" => {
                        (w.to_ascii_lowercase(), 4)
                    }
                    _ => break,
                },
                Tok::Op(o) => match o.as_str() {
                    "=" | "==" | "<" | ">" | "<=" | ">=" | "<>" | "!=" => (
                        match o.as_str() {
                            "==" => "=".into(),
                            "!=" => "<>".into(),
                            o => o.into(),
                        },
                        4,
                    ),
                    "||" => ("||".into(), 5),
                    "+" | "-" => (o.clone(), 6),
                    "*" | "/" | "%" => (o.clone(), 7),
                    _ => break,
                },
                _ => break,
            };
            if prec <= min {
                break;
            }
            self.i += 1;
            left = match op.as_str() {
                "is" => {
                    let not = self.eat_word("not");
                    let rhs = self.prefix()?;
                    format!("({left} is {}{rhs})", if not { "not " } else { "" })
                }
                "not" => {
                    // NOT IN / NOT LIKE / NOT BETWEEN
                    let next = self.peek()?.name()?.to_ascii_lowercase();
                    self.i += 1;
                    self.after_keyword(&left, &next, true)?
                }
                "in" | "like" | "between" | "ilike" | "glob" | "regexp" => {
                    self.after_keyword(&left, &op, false)?
                }
                "=" | "<>" if self.peek_word("any") || self.peek_word("all") => {
                    // `x = ANY (ARRAY[a, b])` is `x IN (a, b)` (PostgreSQL's spelling).
                    let save = self.i;
                    match self.any_array() {
                        Some(list) if (op == "=") == self.t[save].is_word("any") => format!(
                            "({left} {}in ({list}))",
                            if op == "=" { "" } else { "not " }
                        ),
                        _ => {
                            self.i = save;
                            let rhs = self.expr(prec)?;
                            format!("({left} {op} {rhs})")
                        }
                    }
                }
                _ => {
                    let rhs = self.expr(prec)?;
                    format!("({left} {op} {rhs})")
                }
            };
        }
        Some(left)
    }

    /// After `x [NOT] IN / LIKE / BETWEEN`.
    fn after_keyword(&mut self, left: &str, kw: &str, not: bool) -> Option<String> {
        let not = if not { "not " } else { "" };
        match kw {
            "in" => {
                if !matches!(self.peek()?.tok, Tok::LParen) {
                    return None;
                }
                self.i += 1;
                let list = self.list(Tok::RParen)?;
                Some(format!("({left} {not}in ({list}))"))
            }
            "between" => {
                let lo = self.expr(4)?;
                if !self.eat_word("and") {
                    return None;
                }
                let hi = self.expr(4)?;
                Some(format!("({left} {not}between {lo} and {hi})"))
            }
            "like" | "ilike" | "glob" | "regexp" => {
                let rhs = self.expr(4)?;
                Some(format!("({left} {not}{kw} {rhs})"))
            }
            _ => None,
        }
    }

    /// `ANY (ARRAY[a, b])` after `=`: the list `a, b`.
    fn any_array(&mut self) -> Option<String> {
        self.i += 1; // ANY / ALL
        if !matches!(self.peek()?.tok, Tok::LParen) {
            return None;
        }
        self.i += 1;
        // Parentheses around the array may repeat.
        let mut opened = 1;
        while matches!(self.peek()?.tok, Tok::LParen) {
            self.i += 1;
            opened += 1;
        }
        if !self.eat_word("array") || !matches!(self.peek()?.tok, Tok::LBracket) {
            return None;
        }
        self.i += 1;
        let list = self.list(Tok::RBracket)?;
        while self.peek_op("::") {
            self.i += 1;
            self.skip_type();
        }
        for _ in 0..opened {
            if !matches!(self.peek()?.tok, Tok::RParen) {
                return None;
            }
            self.i += 1;
            while self.peek_op("::") {
                self.i += 1;
                self.skip_type();
            }
        }
        Some(list)
    }

    /// Comma-separated expressions up to `close` (consumed).
    fn list(&mut self, close: Tok) -> Option<String> {
        let mut items = Vec::new();
        if self.peek()?.tok == close {
            self.i += 1;
            return Some(String::new());
        }
        loop {
            items.push(self.expr(0)?);
            let t = self.peek()?;
            if t.tok == Tok::Comma {
                self.i += 1;
            } else if t.tok == close {
                self.i += 1;
                return Some(items.join(", "));
            } else {
                return None;
            }
        }
    }

    /// A type name after `::` or `AS` in a cast: words (`character varying`, `double
    /// precision`, `timestamp with time zone`), a qualified name, an optional `(n, m)` and `[]`.
    fn skip_type(&mut self) -> String {
        let first = self
            .peek()
            .and_then(|t| t.name())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if matches!(
            self.peek().map(|t| &t.tok),
            Some(Tok::Word(_) | Tok::Quoted(_))
        ) {
            self.i += 1;
        }
        while matches!(self.peek().map(|t| &t.tok), Some(Tok::Dot)) {
            self.i += 2;
        }
        while self.peek().is_some_and(|t| {
            ["varying", "precision", "with", "without", "time", "zone"]
                .iter()
                .any(|w| t.is_word(w))
        }) {
            self.i += 1;
        }
        if matches!(self.peek().map(|t| &t.tok), Some(Tok::LParen)) {
            self.i = closing(self.t, self.i) + 1;
        }
        while matches!(self.peek().map(|t| &t.tok), Some(Tok::LBracket))
            && matches!(self.t.get(self.i + 1).map(|t| &t.tok), Some(Tok::RBracket))
        {
            self.i += 2;
        }
        first
    }

    /// An operand: a literal, a name, a call, a parenthesised expression, a prefix operator.
    fn prefix(&mut self) -> Option<String> {
        let t = self.peek()?.clone();
        match &t.tok {
            Tok::Str(_) | Tok::Hex(_) | Tok::Num(_) => {
                self.i += 1;
                Some(token_text(&t, self.reading))
            }
            Tok::Op(o) if o == "-" || o == "+" => {
                self.i += 1;
                let operand = self.expr(8)?;
                if o == "+" {
                    return Some(operand);
                }
                if operand.starts_with(|c: char| c.is_ascii_digit()) {
                    Some(format!("-{operand}"))
                } else {
                    Some(format!("(- {operand})"))
                }
            }
            Tok::LParen => {
                self.i += 1;
                if self.peek_word("select") {
                    // A subquery: its tokens, canonical, in parentheses.
                    let close = closing(self.t, self.i - 1);
                    let inner: Vec<String> = self.t[self.i..close.min(self.t.len())]
                        .iter()
                        .map(|t| token_text(t, self.reading))
                        .collect();
                    self.i = close + 1;
                    return Some(format!("({})", inner.join(" ")));
                }
                let e = self.expr(0)?;
                if matches!(self.peek()?.tok, Tok::Comma) {
                    // A row (a, b): a list.
                    self.i += 1;
                    let rest = self.list(Tok::RParen)?;
                    return Some(format!("({e}, {rest})"));
                }
                if !matches!(self.peek()?.tok, Tok::RParen) {
                    return None;
                }
                self.i += 1;
                Some(e)
            }
            Tok::Word(w) => {
                let lw = w.to_ascii_lowercase();
                if STOP_WORDS.contains(&lw.as_str()) || lw == "and" || lw == "or" {
                    return None;
                }
                self.i += 1;
                match lw.as_str() {
                    "not" => {
                        let e = self.expr(3)?;
                        return Some(format!("(not {e})"));
                    }
                    "null" => return Some("null".into()),
                    "true" => return Some("1".into()),
                    "false" => return Some("0".into()),
                    "case" => return self.case(),
                    "cast" if matches!(self.peek()?.tok, Tok::LParen) => {
                        self.i += 1;
                        let e = self.expr(0)?;
                        if !self.eat_word("as") {
                            return None;
                        }
                        self.skip_type();
                        if !matches!(self.peek()?.tok, Tok::RParen) {
                            return None;
                        }
                        self.i += 1;
                        return Some(e);
                    }
                    "array" if matches!(self.peek()?.tok, Tok::LBracket) => {
                        self.i += 1;
                        let list = self.list(Tok::RBracket)?;
                        return Some(format!("array[{list}]"));
                    }
                    _ => {}
                }
                // Typed literals and charset introducers: `DATE '…'`, `_utf8mb4 '…'`.
                if (TYPED_LITERALS.contains(&lw.as_str()) || lw.starts_with('_'))
                    && matches!(self.peek().map(|t| &t.tok), Some(Tok::Str(_) | Tok::Hex(_)))
                {
                    return self.prefix();
                }
                if lw == "timestamp"
                    && self.peek_word("with")
                    && matches!(self.t.get(self.i + 3).map(|t| &t.tok), Some(Tok::Str(_)))
                {
                    self.i += 3;
                    return self.prefix();
                }
                self.name_or_call(lw)
            }
            Tok::Quoted(q) => {
                self.i += 1;
                self.name_or_call(q.clone())
            }
            _ => None,
        }
    }

    /// A (qualified) name or a function call, after its first part.
    fn name_or_call(&mut self, first: String) -> Option<String> {
        let mut parts = vec![first];
        while matches!(self.peek().map(|t| &t.tok), Some(Tok::Dot)) {
            self.i += 1;
            let t = self.peek()?.clone();
            self.i += 1;
            parts.push(match &t.tok {
                Tok::Word(w) => w.to_ascii_lowercase(),
                Tok::Quoted(q) => q.clone(),
                Tok::Op(o) if o == "*" => "*".into(),
                _ => return None,
            });
        }
        if let Some(schema) = self.reading.schema
            && parts.len() > 1
            && parts[0] == schema
        {
            parts.remove(0);
        }
        let name = parts.join(".");
        if matches!(self.peek().map(|t| &t.tok), Some(Tok::LParen)) {
            self.i += 1;
            if self.peek_op("*") {
                self.i += 1;
                if !matches!(self.peek()?.tok, Tok::RParen) {
                    return None;
                }
                self.i += 1;
                return Some(format!("{}(*)", name.to_ascii_lowercase()));
            }
            let distinct = if self.eat_word("distinct") {
                "distinct "
            } else {
                ""
            };
            let args = self.list(Tok::RParen)?;
            let lname = name.to_ascii_lowercase();
            if ["current_timestamp", "now", "localtimestamp"].contains(&lname.as_str())
                && (args.is_empty() || args.chars().all(|c| c.is_ascii_digit()))
            {
                // `now()`, `current_timestamp(6)` (MariaDB writes the column's precision).
                return Some("current_timestamp".into());
            }
            if args.is_empty() {
                return Some(name.to_ascii_lowercase());
            }
            return Some(format!("{}({distinct}{args})", name.to_ascii_lowercase()));
        }
        Some(name)
    }

    /// `CASE [x] WHEN … THEN … [ELSE …] END`, after `CASE`.
    fn case(&mut self) -> Option<String> {
        let mut out = String::from("(case");
        if !self.peek_word("when") {
            out.push(' ');
            out.push_str(&self.expr(0)?);
        }
        while self.eat_word("when") {
            let w = self.expr(0)?;
            if !self.eat_word("then") {
                return None;
            }
            let t = self.expr(0)?;
            out.push_str(&format!(" when {w} then {t}"));
        }
        if self.eat_word("else") {
            out.push_str(&format!(" else {}", self.expr(0)?));
        }
        if !self.eat_word("end") {
            return None;
        }
        out.push_str(" end)");
        Some(out)
    }
}

// ----- SQLite's stored CREATE TABLE / CREATE INDEX text ---------------------------------

/// What SQLite's pragmas do not say about a table, read from its `CREATE TABLE` text.
#[derive(Debug, Default)]
pub(crate) struct ParsedTable {
    /// CHECK constraints (column-level ones too), with their names: (name, SQL text).
    pub checks: Vec<(Option<String>, String)>,
    /// Generated columns: (column, SQL text, stored).
    pub generated: Vec<(String, String, bool)>,
    /// The column declared `AUTOINCREMENT`.
    pub autoincrement: Option<String>,
    /// The primary key's name, if it has one.
    pub pk_name: Option<String>,
    /// Named UNIQUE constraints: (name, columns).
    pub unique_names: Vec<(String, Vec<String>)>,
    /// Foreign keys by their columns: (name, columns, deferred).
    pub foreign_keys: Vec<(Option<String>, Vec<String>, bool)>,
}

/// Reads a stored `CREATE TABLE` statement.
pub(crate) fn parse_create_table(sql: &str) -> ParsedTable {
    let toks = tokenize_sqlite(sql);
    let mut out = ParsedTable::default();
    let Some(open) = toks.iter().position(|t| t.tok == Tok::LParen) else {
        return out;
    };
    let close = closing(&toks, open);
    let body = &toks[open + 1..close.min(toks.len())];
    for item in split_commas(body) {
        let Some(first) = item.first() else { continue };
        let table_constraint = ["constraint", "primary", "unique", "check", "foreign"]
            .iter()
            .any(|w| first.is_word(w));
        if table_constraint {
            table_constraint_item(sql, item, &mut out);
        } else {
            column_item(sql, item, &mut out);
        }
    }
    out
}

/// The names in the parenthesised list at `toks[open]` (an index part's `DESC` or
/// `COLLATE` dropped).
fn name_list(toks: &[Token], open: usize) -> (Vec<String>, usize) {
    let close = closing(toks, open);
    let inner = &toks[open + 1..close.min(toks.len())];
    let names = split_commas(inner)
        .into_iter()
        .filter_map(|p| p.first().and_then(|t| t.name()).map(str::to_string))
        .collect();
    (names, close)
}

fn deferred_after(toks: &[Token], from: usize) -> bool {
    toks[from..].windows(3).any(|w| {
        w[0].is_word("deferrable") && w[1].is_word("initially") && w[2].is_word("deferred")
    }) && !toks[from..]
        .windows(2)
        .any(|w| w[0].is_word("not") && w[1].is_word("deferrable"))
}

fn table_constraint_item(sql: &str, item: &[Token], out: &mut ParsedTable) {
    let mut k = 0;
    let mut name = None;
    if item[0].is_word("constraint") {
        name = item.get(1).and_then(|t| t.name()).map(str::to_string);
        k = 2;
    }
    let Some(kind) = item.get(k) else { return };
    let open = item[k..]
        .iter()
        .position(|t| t.tok == Tok::LParen)
        .map(|p| p + k);
    let Some(open) = open else { return };
    if kind.is_word("check") {
        let close = closing(item, open);
        out.checks.push((
            name,
            span(sql, &item[open + 1..close.min(item.len())]).to_string(),
        ));
    } else if kind.is_word("primary") {
        out.pk_name = name;
    } else if kind.is_word("unique") {
        if let Some(n) = name {
            out.unique_names.push((n, name_list(item, open).0));
        }
    } else if kind.is_word("foreign") {
        let (cols, close) = name_list(item, open);
        out.foreign_keys
            .push((name, cols, deferred_after(item, close)));
    }
}

fn column_item(sql: &str, item: &[Token], out: &mut ParsedTable) {
    let Some(col) = item[0].name().map(str::to_string) else {
        return;
    };
    let mut pending: Option<String> = None;
    let mut k = 1;
    while k < item.len() {
        let t = &item[k];
        if t.is_word("constraint") {
            pending = item.get(k + 1).and_then(|t| t.name()).map(str::to_string);
            k += 2;
            continue;
        }
        if t.is_word("check") && item.get(k + 1).is_some_and(|t| t.tok == Tok::LParen) {
            let close = closing(item, k + 1);
            out.checks.push((
                pending.take(),
                span(sql, &item[k + 2..close.min(item.len())]).to_string(),
            ));
            k = close + 1;
            continue;
        }
        if t.is_word("as") && item.get(k + 1).is_some_and(|t| t.tok == Tok::LParen) {
            let close = closing(item, k + 1);
            let text = span(sql, &item[k + 2..close.min(item.len())]).to_string();
            let stored = item.get(close + 1).is_some_and(|t| t.is_word("stored"));
            out.generated.push((col.clone(), text, stored));
            k = close + 1;
            continue;
        }
        if t.is_word("primary") {
            if pending.is_some() {
                out.pk_name = pending.take();
            }
        } else if t.is_word("autoincrement") {
            out.autoincrement = Some(col.clone());
        } else if t.is_word("unique") {
            if let Some(n) = pending.take() {
                out.unique_names.push((n, vec![col.clone()]));
            }
        } else if t.is_word("references") {
            out.foreign_keys
                .push((pending.take(), vec![col.clone()], deferred_after(item, k)));
        } else if t.tok == Tok::LParen {
            k = closing(item, k);
        }
        k += 1;
    }
}

/// One part of a stored `CREATE INDEX`: a column name, or an expression's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParsedPart {
    Column(String),
    Expr(String),
}

/// Reads a stored `CREATE [UNIQUE] INDEX name ON table (parts) [WHERE predicate]`: the
/// parts (with `DESC`) and the predicate's text.
pub(crate) fn parse_create_index(sql: &str) -> (Vec<(ParsedPart, bool)>, Option<String>) {
    let toks = tokenize_sqlite(sql);
    let Some(on) = toks.iter().position(|t| t.is_word("on")) else {
        return (Vec::new(), None);
    };
    let Some(open) = toks[on..]
        .iter()
        .position(|t| t.tok == Tok::LParen)
        .map(|p| p + on)
    else {
        return (Vec::new(), None);
    };
    let close = closing(&toks, open);
    let mut parts = Vec::new();
    for p in split_commas(&toks[open + 1..close.min(toks.len())]) {
        let mut p = p;
        let mut desc = false;
        if let Some(last) = p.last() {
            if last.is_word("desc") {
                desc = true;
                p = &p[..p.len() - 1];
            } else if last.is_word("asc") {
                p = &p[..p.len() - 1];
            }
        }
        if p.len() >= 2 && p[p.len() - 2].is_word("collate") {
            p = &p[..p.len() - 2];
        }
        let part = match p {
            [one] if matches!(one.tok, Tok::Word(_) | Tok::Quoted(_)) => {
                ParsedPart::Column(one.name().unwrap_or_default().to_string())
            }
            // An expression, without the parentheses sqlweave writes around it.
            _ => {
                let mut text = span(sql, p);
                if p.first().is_some_and(|t| t.tok == Tok::LParen) && closing(p, 0) == p.len() - 1 {
                    text = span(sql, &p[1..p.len() - 1]);
                }
                ParsedPart::Expr(text.to_string())
            }
        };
        parts.push((part, desc));
    }
    let predicate = toks[close.min(toks.len())..]
        .iter()
        .position(|t| t.is_word("where"))
        .map(|w| span(sql, &toks[close + w + 1..]).to_string());
    (parts, predicate)
}

/// The `SELECT` of a stored `CREATE VIEW name [(columns)] AS select`.
pub(crate) fn view_body(sql: &str) -> &str {
    let toks = tokenize_sqlite(sql);
    match toks.iter().position(|t| t.is_word("as")) {
        Some(k) => span(sql, &toks[k + 1..]),
        None => sql,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        canonical(s, Reading::default())
    }

    #[test]
    fn parentheses_and_quotes_do_not_matter() {
        assert_eq!(c(r#""a" > 0 AND "b" < 5"#), c("((a > 0) AND (b < 5))"));
        assert_eq!(c("`a` > 0 and `b` < 5"), "((a > 0) and (b < 5))");
        assert_ne!(c("(a + b) * c"), c("a + b * c"));
        assert_eq!(c("a + b * c"), "(a + (b * c))");
    }

    #[test]
    fn postgres_spellings() {
        assert_eq!(c("'x'::text"), c("'x'"));
        assert_eq!(c("'2024-01-15'::date"), c("DATE '2024-01-15'"));
        assert_eq!(
            c("(status = ANY (ARRAY['a'::text, 'b'::text]))"),
            c(r#""status" IN ('a', 'b')"#)
        );
        assert_eq!(
            c("(status <> ALL (ARRAY['a'::text]))"),
            c("status NOT IN ('a')")
        );
        assert_eq!(c("lower((email)::text)"), c(r#"LOWER("email")"#));
        assert_eq!(c("CURRENT_TIMESTAMP"), c("current_timestamp()"));
        assert_eq!(c("true"), c("1"));
        assert_eq!(c("E'a\\\\b'"), c("'a\\b'"));
        assert_eq!(c("0.00"), c("0"));
        assert_eq!(c("'-7'::integer"), c("-7"));
        assert_eq!(c("current_timestamp(6)"), c("CURRENT_TIMESTAMP"));
        assert_eq!(c("now()"), c("CURRENT_TIMESTAMP"));
        assert_eq!(
            c("select `t`.`id` AS `id` from `t`"),
            c(r#"SELECT "t"."id" FROM "t""#)
        );
        assert_ne!(c("select t.id AS other from t"), c("SELECT t.id FROM t"));
        assert_eq!(c("'-7.50'::numeric"), c("-7.5"));
        assert_ne!(c("'-7'::text"), c("-7"));
    }

    #[test]
    fn create_table_text() {
        let t = parse_create_table(
            r#"CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "q" INTEGER CONSTRAINT "q_ck" CHECK ("q" > 0), "d" INTEGER GENERATED ALWAYS AS ("q" * 2) STORED, "p" INTEGER, FOREIGN KEY ("p") REFERENCES "t" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "u" UNIQUE ("q", "p"), CHECK ("p" <> 3))"#,
        );
        assert_eq!(t.autoincrement.as_deref(), Some("id"));
        assert_eq!(
            t.checks,
            [
                (Some("q_ck".to_string()), r#""q" > 0"#.to_string()),
                (None, r#""p" <> 3"#.to_string())
            ]
        );
        assert_eq!(
            t.generated,
            [("d".to_string(), r#""q" * 2"#.to_string(), true)]
        );
        assert_eq!(
            t.unique_names,
            [("u".to_string(), vec!["q".to_string(), "p".to_string()])]
        );
        assert_eq!(t.foreign_keys, [(None, vec!["p".to_string()], true)]);
    }

    #[test]
    fn create_index_text() {
        let (parts, pred) = parse_create_index(
            r#"CREATE UNIQUE INDEX "ix" ON "t" ((LOWER("e")), "d" DESC) WHERE "x" IS NULL"#,
        );
        assert_eq!(
            parts,
            [
                (ParsedPart::Expr(r#"LOWER("e")"#.into()), false),
                (ParsedPart::Column("d".into()), true)
            ]
        );
        assert_eq!(pred.as_deref(), Some(r#""x" IS NULL"#));
    }
}
