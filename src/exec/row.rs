//! Result rows, driver-agnostic: column labels and [`Value`]s, read by index, by label
//! or by typed column handle.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::typed::Column;
use crate::value::Value;

/// Conversion of a column value into a Rust type.
pub trait FromValue: Sized {
    /// The Rust type's name, for errors.
    const RUST_TYPE: &'static str;
    /// Converts, or says why not.
    fn from_value(v: &Value) -> std::result::Result<Self, String>;
    /// Converts a value the caller gives up: text, bytes and JSON move into the result
    /// instead of being copied ([`Row::take`], and typed fetching, decode this way). By
    /// default it converts through [`FromValue::from_value`].
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        Self::from_value(&v)
    }
}

fn mismatch(v: &Value) -> String {
    format!("got {}", v.kind())
}

/// DECIMAL / NUMERIC values arrive as text from drivers that have no decimal type enabled.
fn numeric_text(v: &Value) -> Option<&str> {
    match v {
        Value::Text(s)
            if !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') =>
        {
            Some(s)
        }
        _ => None,
    }
}

/// The conversions off the common path of [`FromValue`] impls that have a fast one.
trait FromValueSlow: Sized {
    fn from_other_value(v: &Value) -> std::result::Result<Self, String>;
}

#[cold]
fn out_of_range(i: i64) -> String {
    format!("{i} is out of range")
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            const RUST_TYPE: &'static str = stringify!($t);
            #[inline]
            fn from_value(v: &Value) -> std::result::Result<Self, String> {
                // What drivers hand back for an integer column, decoded without a call.
                if let Value::I64(i) = v {
                    return <$t>::try_from(*i).map_err(|_| out_of_range(*i));
                }
                Self::from_other_value(v)
            }
            #[inline]
            fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
                match v {
                    Value::I64(i) => <$t>::try_from(i).map_err(|_| out_of_range(i)),
                    // Nothing to move out of the other kinds.
                    v => Self::from_other_value(&v),
                }
            }
        }
        impl FromValueSlow for $t {
            fn from_other_value(v: &Value) -> std::result::Result<Self, String> {
                if let Some(i) = v.as_i64() {
                    return <$t>::try_from(i).map_err(|_| out_of_range(i));
                }
                match v {
                    Value::U64(u) => <$t>::try_from(*u).map_err(|_| format!("{u} is out of range")),
                    #[cfg(feature = "decimal")]
                    Value::Decimal(d) => {
                        if !d.fract().is_zero() {
                            return Err(format!("{d} is not a whole number"));
                        }
                        d.trunc().to_string().parse::<$t>().map_err(|_| format!("{d} is out of range"))
                    }
                    _ => match numeric_text(v) {
                        Some(s) => {
                            let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
                            if frac.bytes().any(|b| b != b'0') {
                                return Err(format!("{s} is not a whole number"));
                            }
                            whole.parse::<$t>().map_err(|e| format!("{s}: {e}"))
                        }
                        None => Err(mismatch(v)),
                    },
                }
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl FromValue for f64 {
    const RUST_TYPE: &'static str = "f64";
    #[inline]
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::F64(f) => Ok(f),
            v => Self::from_value(&v),
        }
    }
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::F64(f) => Ok(*f),
            Value::F32(f) => Ok((*f).into()),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => {
                use std::str::FromStr;
                f64::from_str(&d.to_string()).map_err(|e| e.to_string())
            }
            _ => match (v.as_i64(), numeric_text(v)) {
                (Some(i), _) => Ok(i as f64),
                (None, Some(s)) => s.parse().map_err(|e| format!("{s}: {e}")),
                _ => Err(mismatch(v)),
            },
        }
    }
}

impl FromValue for f32 {
    const RUST_TYPE: &'static str = "f32";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::F32(f) => Ok(*f),
            _ => f64::from_value(v).map(|f| f as f32),
        }
    }
}

impl FromValue for bool {
    const RUST_TYPE: &'static str = "bool";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => match v.as_i64() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                _ => Err(mismatch(v)),
            },
        }
    }
}

impl FromValue for String {
    const RUST_TYPE: &'static str = "String";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            Value::Bytes(b) => String::from_utf8(b.clone()).map_err(|e| e.to_string()),
            _ => Err(mismatch(v)),
        }
    }
    #[inline]
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s),
            Value::Bytes(b) => String::from_utf8(b).map_err(|e| e.to_string()),
            v => Err(mismatch(&v)),
        }
    }
}

impl FromValue for Vec<u8> {
    const RUST_TYPE: &'static str = "Vec<u8>";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Bytes(b) => Ok(b.clone()),
            _ => Err(mismatch(v)),
        }
    }
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Bytes(b) => Ok(b),
            v => Err(mismatch(&v)),
        }
    }
}

impl FromValue for Value {
    const RUST_TYPE: &'static str = "Value";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        Ok(v.clone())
    }
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        Ok(v)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const RUST_TYPE: &'static str = "Option";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_owned_value(v).map(Some),
        }
    }
}

/// Dates and times. Besides their own variants they accept the text forms SQLite
/// stores them as (and PostgreSQL / MySQL send without the `chrono` feature):
/// `2024-02-29`, `13:45:00.5`, `2024-02-29 13:45:00[.ffffff]` (or with a `T`), and for
/// `DateTime<Utc>` a trailing offset (`+00:00`, `+02`, `Z`). A `DateTime<Utc>` also
/// accepts a timestamp without time zone, taken as UTC: that is how a `DateTime<Utc>`
/// is stored in a MySQL `DATETIME` column.
#[cfg(feature = "chrono")]
mod chrono_values {
    use super::{FromValue, mismatch};
    use crate::value::Value;
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
        [
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    }

    impl FromValue for NaiveDate {
        const RUST_TYPE: &'static str = "chrono::NaiveDate";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Date(d) => Ok(*d),
                Value::Text(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|e| format!("{s:?} is not a date (YYYY-MM-DD): {e}")),
                _ => Err(mismatch(v)),
            }
        }
    }

    impl FromValue for NaiveTime {
        const RUST_TYPE: &'static str = "chrono::NaiveTime";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Time(t) => Ok(*t),
                Value::Text(s) => NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
                    .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
                    .map_err(|e| format!("{s:?} is not a time of day (HH:MM:SS): {e}")),
                _ => Err(mismatch(v)),
            }
        }
    }

    impl FromValue for NaiveDateTime {
        const RUST_TYPE: &'static str = "chrono::NaiveDateTime";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Timestamp(t) => Ok(*t),
                Value::Text(s) => parse_timestamp(s)
                    .ok_or_else(|| format!("{s:?} is not a timestamp (YYYY-MM-DD HH:MM:SS)")),
                _ => Err(mismatch(v)),
            }
        }
    }

    impl FromValue for DateTime<Utc> {
        const RUST_TYPE: &'static str = "chrono::DateTime<Utc>";
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::TimestampTz(t) => Ok(*t),
                Value::Timestamp(t) => Ok(t.and_utc()),
                Value::Text(s) => {
                    let with_offset = ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"]
                        .iter()
                        .find_map(|f| DateTime::parse_from_str(s, f).ok())
                        .or_else(|| DateTime::parse_from_rfc3339(s).ok());
                    match with_offset {
                        Some(t) => Ok(t.with_timezone(&Utc)),
                        None => parse_timestamp(s).map(|t| t.and_utc()).ok_or_else(|| {
                            format!("{s:?} is not a timestamp (YYYY-MM-DD HH:MM:SS+HH:MM)")
                        }),
                    }
                }
                _ => Err(mismatch(v)),
            }
        }
    }
}

/// UUIDs: their own variant, their text (any form `uuid` parses: SQLite and MySQL store
/// the hyphenated text) or 16 bytes (a `BINARY(16)` column).
#[cfg(feature = "uuid")]
impl FromValue for uuid::Uuid {
    const RUST_TYPE: &'static str = "uuid::Uuid";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Uuid(u) => Ok(*u),
            Value::Text(s) => s.parse().map_err(|e| format!("{s:?} is not a UUID: {e}")),
            Value::Bytes(b) => uuid::Uuid::from_slice(b).map_err(|e| e.to_string()),
            _ => Err(mismatch(v)),
        }
    }
}

/// JSON documents: their own variant, or JSON text (SQLite, MariaDB's `JSON` columns,
/// and any text column holding JSON).
#[cfg(feature = "json")]
impl FromValue for serde_json::Value {
    const RUST_TYPE: &'static str = "serde_json::Value";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Json(j) => Ok(j.clone()),
            Value::Text(s) => serde_json::from_str(s).map_err(|e| format!("invalid JSON: {e}")),
            Value::Bytes(b) => serde_json::from_slice(b).map_err(|e| format!("invalid JSON: {e}")),
            _ => Err(mismatch(v)),
        }
    }
    fn from_owned_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Json(j) => Ok(j),
            v => Self::from_value(&v),
        }
    }
}

/// Exact decimals: their own variant, decimal text (parsed exactly, also in exponent
/// form: more digits than a `Decimal` holds is an error, never a rounding), integers,
/// and floats by their
/// shortest decimal form (SQLite stores a `NUMERIC` column's values as REAL or INTEGER).
#[cfg(feature = "decimal")]
impl FromValue for rust_decimal::Decimal {
    const RUST_TYPE: &'static str = "rust_decimal::Decimal";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        use rust_decimal::Decimal;
        match v {
            Value::Decimal(d) => Ok(*d),
            // SQLite writes a double it converts to text in exponent form (`1.0e-06`).
            Value::Text(s) => Decimal::from_str_exact(s)
                .or_else(|e| match s.contains(['e', 'E']) {
                    true => Decimal::from_scientific(s),
                    false => Err(e),
                })
                .map_err(|e| format!("{s:?} is not a decimal that fits exactly: {e}")),
            Value::F64(_) | Value::F32(_) => {
                let f = v.as_f64().unwrap_or(f64::NAN);
                if !f.is_finite() {
                    return Err(format!("{f} is not a decimal number"));
                }
                Decimal::from_str_exact(&f.to_string()).map_err(|e| format!("{f}: {e}"))
            }
            Value::U64(u) => Ok(Decimal::from(*u)),
            _ => match v.as_i64() {
                Some(i) => Ok(Decimal::from(i)),
                None => Err(mismatch(v)),
            },
        }
    }
}

/// The labels and SQL types of a result's columns: one per result, shared by all its
/// rows (a row holds a pointer to it, not copies).
///
/// ```
/// use std::sync::Arc;
/// use sqlweave::{Row, RowHeader, Value};
/// let header = Arc::new(RowHeader::new(vec!["id".into(), "name".into()], vec!["INTEGER".into()]));
/// // A missing type is the empty string: the database declared none.
/// assert_eq!(header.sql_types(), ["INTEGER", ""]);
/// let row = Row::with_header(header.clone(), vec![Value::I64(7), Value::Text("ada".into())]);
/// assert_eq!(row.columns(), ["id", "name"]);
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowHeader {
    labels: Vec<String>,
    sql_types: Vec<String>,
}

impl RowHeader {
    /// A header from column labels and the database's type names, one per label: a
    /// missing type is the empty string, and types past the labels are dropped.
    pub fn new(labels: Vec<String>, mut sql_types: Vec<String>) -> Self {
        sql_types.resize(labels.len(), String::new());
        RowHeader { labels, sql_types }
    }
    /// The column labels.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// The SQL type of each column as the database reported it (empty where it
    /// reported none, as SQLite does for expressions).
    pub fn sql_types(&self) -> &[String] {
        &self.sql_types
    }
    /// How many columns.
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    /// `true` for a result of no columns.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// The index of the one column labelled `label`. A label that two columns share
    /// (`users.id` and `posts.id` in a join) is an error, never a silent first match.
    fn index_of(&self, label: &str, rust_type: &'static str) -> Result<usize> {
        let mut found = self.labels.iter().enumerate().filter(|(_, c)| *c == label);
        let decode_err = |reason: &str| Error::Decode {
            column: label.to_string(),
            sql_type: String::new(),
            rust_type,
            reason: reason.into(),
        };
        let Some((i, _)) = found.next() else {
            return Err(decode_err("no column with this label in the result"));
        };
        if found.next().is_some() {
            return Err(decode_err(
                "several columns have this label; give one an alias with .label(…)",
            ));
        }
        Ok(i)
    }
}

/// One result row: its values, and a shared pointer to its result's [`RowHeader`].
///
/// [`Row::get`] decodes a copy of a value; [`Row::take`] moves it out (no copy of text
/// or bytes), leaving NULL in its place.
///
/// ```
/// use sqlweave::{Executor, Expr, Select, Value};
/// use sqlweave_sqlite::SqliteConnection;
/// let mut db = SqliteConnection::open_in_memory()?;
/// let q = Select::new().column(Expr::value(7).label("n")).column(Expr::value("ada").label("name"));
/// let mut row = db.fetch_one(&q)?;
/// assert_eq!(row.get::<i64>(0)?, 7);
/// assert_eq!(row.get_by_label::<String>("name")?, "ada");
/// let name: String = row.take(1)?; // moved out, not copied
/// assert_eq!(name, "ada");
/// assert_eq!(row.values()[1], Value::Null);
/// # Ok::<(), sqlweave::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    header: Arc<RowHeader>,
    values: Vec<Value>,
}

impl Row {
    /// A row from column labels, the database's type names and values. It copies the
    /// labels and types into a header of its own: a driver building many rows of one
    /// result shares one header among them with [`Row::with_header`].
    pub fn new(columns: Arc<[String]>, sql_types: Arc<[String]>, values: Vec<Value>) -> Self {
        Row::with_header(
            Arc::new(RowHeader::new(columns.to_vec(), sql_types.to_vec())),
            values,
        )
    }
    /// A row of a result whose columns `header` describes.
    pub fn with_header(header: Arc<RowHeader>, values: Vec<Value>) -> Self {
        Row { header, values }
    }
    /// The labels and types of the row's columns, shared with the other rows of its result.
    pub fn header(&self) -> &Arc<RowHeader> {
        &self.header
    }
    /// The column labels.
    pub fn columns(&self) -> &[String] {
        &self.header.labels
    }
    /// The SQL type of each column as the database reported it.
    pub fn sql_types(&self) -> &[String] {
        &self.header.sql_types
    }
    /// The raw values.
    pub fn values(&self) -> &[Value] {
        &self.values
    }
    /// How many columns.
    pub fn len(&self) -> usize {
        self.values.len()
    }
    /// `true` for a row of no columns.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    /// The values, owned.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }
    fn out_of_range(&self, index: usize, rust_type: &'static str) -> Error {
        out_of_range_error(self.values.len(), index, rust_type)
    }
    fn decode_error(
        &self,
        index: usize,
        kind: &'static str,
        rust_type: &'static str,
        reason: String,
    ) -> Error {
        decode_error(&self.header, index, kind, rust_type, reason)
    }
    /// The value at `index` as `T` (a copy: see [`Row::take`]).
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let v = self
            .values
            .get(index)
            .ok_or_else(|| self.out_of_range(index, T::RUST_TYPE))?;
        T::from_value(v).map_err(|reason| self.decode_error(index, v.kind(), T::RUST_TYPE, reason))
    }
    /// The value at `index` as `T`, moved out of the row: text, bytes and JSON are not
    /// copied. NULL is left in its place, also when the value does not decode as `T`.
    #[inline]
    pub fn take<T: FromValue>(&mut self, index: usize) -> Result<T> {
        let v = match self.values.get_mut(index) {
            Some(v) => std::mem::replace(v, Value::Null),
            None => return Err(self.out_of_range(index, T::RUST_TYPE)),
        };
        let kind = v.kind();
        match T::from_owned_value(v) {
            Ok(t) => Ok(t),
            Err(reason) => Err(self.decode_error(index, kind, T::RUST_TYPE, reason)),
        }
    }
    /// The value of the column labelled `label` as `T`. A label that two columns share
    /// (`users.id` and `posts.id` in a join) is an error, never a silent first match:
    /// label one of them in the select list.
    pub fn get_by_label<T: FromValue>(&self, label: &str) -> Result<T> {
        self.get(self.header.index_of(label, T::RUST_TYPE)?)
    }
    /// As [`Row::get_by_label`], moving the value out as [`Row::take`] does.
    pub fn take_by_label<T: FromValue>(&mut self, label: &str) -> Result<T> {
        let i = self.header.index_of(label, T::RUST_TYPE)?;
        self.take(i)
    }
    /// The value of a typed column, as the column's Rust type. The result must label it
    /// with the column's name (the default for a selected column).
    pub fn col<T: FromValue>(&self, column: Column<T>) -> Result<T> {
        self.get_by_label(column.name)
    }
}

/// A fully read result.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rows {
    /// The rows, in order.
    pub rows: Vec<Row>,
}

impl Rows {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// `true` when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    /// The rows, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Row> {
        self.rows.iter()
    }
    /// All values, row by row (for tests and debugging).
    pub fn values(&self) -> Vec<Vec<Value>> {
        self.rows.iter().map(|r| r.values.clone()).collect()
    }
}

impl IntoIterator for Rows {
    type Item = Row;
    type IntoIter = std::vec::IntoIter<Row>;
    fn into_iter(self) -> Self::IntoIter {
        self.rows.into_iter()
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = &'a Row;
    type IntoIter = std::slice::Iter<'a, Row>;
    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

#[cold]
fn out_of_range_error(len: usize, index: usize, rust_type: &'static str) -> Error {
    Error::Decode {
        column: index.to_string(),
        sql_type: String::new(),
        rust_type,
        reason: format!("the row has only {len} columns"),
    }
}

#[cold]
fn decode_error(
    header: &RowHeader,
    index: usize,
    kind: &'static str,
    rust_type: &'static str,
    reason: String,
) -> Error {
    Error::Decode {
        column: header.labels.get(index).cloned().unwrap_or_default(),
        // SQLite declares no type for expressions: name the value's kind instead.
        sql_type: match header.sql_types.get(index) {
            Some(t) if !t.is_empty() => t.clone(),
            _ => format!("{kind} value"),
        },
        rust_type,
        reason,
    }
}

/// A result row as its driver holds it, read value by value by typed decoding without
/// first becoming a [`Row`]: what [`PreparedSql::for_each_first_source`](crate::PreparedSql::for_each_first_source)
/// hands over (typed prepared statements read their rows this way, [`crate::TypedPrepared`]).
/// A [`Row`] is one; a driver implements it over its own row to spare the `Row`.
pub trait RowSource {
    /// The labels and types of the columns, one `Arc` for every row of a result.
    fn header(&self) -> &Arc<RowHeader>;
    /// How many columns.
    fn len(&self) -> usize;
    /// `true` for a row of no columns.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The value at `index`, `None` past the last column; `copy` when another field
    /// reads it too, so that it must stay readable (a [`Row`] moves it out otherwise).
    fn value(&mut self, index: usize, copy: bool) -> Result<Option<Value>>;
    /// The whole row as a [`Row`] (with the values not yet moved out).
    fn to_row(&mut self) -> Result<Row>;
}

impl RowSource for Row {
    fn header(&self) -> &Arc<RowHeader> {
        &self.header
    }
    fn len(&self) -> usize {
        self.values.len()
    }
    #[inline]
    fn value(&mut self, index: usize, copy: bool) -> Result<Option<Value>> {
        Ok(match self.values.get_mut(index) {
            Some(v) if copy => Some(v.clone()),
            Some(v) => Some(std::mem::replace(v, Value::Null)),
            None => None,
        })
    }
    fn to_row(&mut self) -> Result<Row> {
        let empty = Row::with_header(self.header.clone(), Vec::new());
        Ok(std::mem::replace(self, empty))
    }
}

/// The value at `index` of `src` decoded as `T` (moved out unless `copy`): the error
/// names the column as [`Row::take`]'s does.
#[doc(hidden)]
#[inline]
pub fn decode_value<T: FromValue>(src: &mut dyn RowSource, index: usize, copy: bool) -> Result<T> {
    let Some(v) = src.value(index, copy)? else {
        return Err(out_of_range_error(src.len(), index, T::RUST_TYPE));
    };
    let kind = v.kind();
    match T::from_owned_value(v) {
        Ok(t) => Ok(t),
        Err(reason) => Err(decode_error(
            src.header(),
            index,
            kind,
            T::RUST_TYPE,
            reason,
        )),
    }
}
