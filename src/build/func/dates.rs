//! Dates and times, typed: intervals, date ± interval, date − date, `date_trunc`,
//! `EXTRACT`, the current date and time, with the same answer on PostgreSQL, SQLite,
//! MySQL 8 and MariaDB (feature `chrono`).
//!
//! ```
//! use chrono::NaiveDate;
//! use sqlweave::func::{DateFunctions, Interval, TruncUnit};
//! use sqlweave::{Select, TypedExpr, Value, table};
//! use sqlweave_mysql::MySql;
//! use sqlweave_postgres::Postgres;
//! use sqlweave_sqlite::Sqlite;
//! table! { struct Orders("orders") { id: i64, placed_on: NaiveDate } }
//! let o = Orders::new();
//! let due = o.placed_on.plus(Interval::months(1));
//! let q = Select::new().column(due).from(o);
//! assert_eq!(q.render(&Postgres).unwrap().sql,
//!     r#"SELECT CAST("orders"."placed_on" + make_interval(months => $1) AS DATE) FROM "orders""#);
//! assert_eq!(q.render(&MySql::mariadb()).unwrap().sql,
//!     "SELECT CAST(DATE_ADD(`orders`.`placed_on`, INTERVAL ? MONTH) AS DATE) FROM `orders`");
//! // SQLite's `+1 months` would roll Jan 31 over to Mar 2; `floor` keeps Feb 29.
//! assert_eq!(q.render(&Sqlite).unwrap().sql,
//!     r#"SELECT date("orders"."placed_on", ?, 'floor') FROM "orders""#);
//! assert_eq!(q.render(&Sqlite).unwrap().params, vec![Value::from("+1 months")]);
//! assert_eq!(q.render(&Postgres).unwrap().params, vec![Value::I64(1)]);
//! ```
//!
//! Adding hours to a date does not compile (a date has no time of day):
//!
//! ```compile_fail
//! use chrono::NaiveDate;
//! use sqlweave::func::{DateFunctions, Interval};
//! use sqlweave::table;
//! table! { struct Orders("orders") { id: i64, placed_on: NaiveDate } }
//! let _ = Orders::new().placed_on.plus(Interval::hours(3));
//! ```
//!
//! Nor does counting days between a date and a timestamp:
//!
//! ```compile_fail
//! use chrono::{NaiveDate, NaiveDateTime};
//! use sqlweave::func::DateFunctions;
//! use sqlweave::table;
//! table! { struct Orders("orders") { placed_on: NaiveDate, shipped_at: NaiveDateTime } }
//! let o = Orders::new();
//! let _ = o.placed_on.days_since(o.shipped_at);
//! ```
//!
//! Nor truncating text as a date:
//!
//! ```compile_fail
//! use sqlweave::func::{DateFunctions, TruncUnit};
//! use sqlweave::table;
//! table! { struct Orders("orders") { placed_on: String } }
//! let _ = Orders::new().placed_on.date_trunc(TruncUnit::Month);
//! ```

use std::marker::PhantomData;

use crate::error::Result;
use crate::expr::{DatePart, Expr, SqlWriter};
use crate::typed::{BaseOf, Operand, Typed, TypedExpr};
use crate::value::Value;

use super::catalog::{CatalogFn, Db, Nullity, args_n, node};

/// What a date/time expression holds, as the SQL it is written with must know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemporalKind {
    /// A calendar date (`chrono::NaiveDate`; SQLite text `YYYY-MM-DD`).
    Date,
    /// A timestamp without time zone (`chrono::NaiveDateTime`).
    Timestamp,
    /// A timestamp in UTC (`chrono::DateTime<Utc>`; arithmetic is done in UTC, so no
    /// daylight-saving shift of the session's time zone enters it).
    TimestampTz,
}

/// The unit of an [`Interval`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntervalUnit {
    /// Calendar years (Feb 29 + 1 year is Feb 28).
    Years,
    /// Calendar months: the day of month is kept, or clamped to the month's last day
    /// (Jan 31 + 1 month is Feb 29 in 2024).
    Months,
    /// Weeks of 7 days.
    Weeks,
    /// Days.
    Days,
    /// Hours.
    Hours,
    /// Minutes.
    Minutes,
    /// Seconds.
    Seconds,
}

/// Marker of intervals of whole days or more, which dates and timestamps both take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar;
/// Marker of intervals of hours, minutes or seconds, which only timestamps take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock;

/// A typed interval: an amount (a checked integer, sent as a parameter, never SQL text)
/// of one unit. `U` is [`Calendar`] for years, months, weeks and days, which dates and
/// timestamps take, or [`Clock`] for hours, minutes and seconds, which only timestamps
/// take. Add one with [`DateFunctions::plus`] / [`DateFunctions::minus`] (`+` and `-`
/// are the numeric operators of typed expressions, which an interval is not).
///
/// Month arithmetic is the same everywhere: the day of the month is kept, or clamped to
/// the last day of the target month (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 1
/// year = 2025-02-28), as PostgreSQL and MySQL do; on SQLite the `floor` modifier gives
/// that answer (its default rolls over to March 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval<U = Calendar> {
    amount: i64,
    unit: IntervalUnit,
    _u: PhantomData<U>,
}

impl<U> Interval<U> {
    fn of(amount: i32, unit: IntervalUnit) -> Self {
        Interval {
            amount: i64::from(amount),
            unit,
            _u: PhantomData,
        }
    }
    /// How many units.
    pub fn amount(&self) -> i64 {
        self.amount
    }
    /// The unit.
    pub fn unit(&self) -> IntervalUnit {
        self.unit
    }
    /// The same interval the other way (`amount` negated).
    pub fn negated(self) -> Self {
        Interval {
            amount: -self.amount,
            ..self
        }
    }
}

impl Interval<Calendar> {
    /// `n` calendar years.
    pub fn years(n: i32) -> Self {
        Self::of(n, IntervalUnit::Years)
    }
    /// `n` calendar months.
    pub fn months(n: i32) -> Self {
        Self::of(n, IntervalUnit::Months)
    }
    /// `n` weeks.
    pub fn weeks(n: i32) -> Self {
        Self::of(n, IntervalUnit::Weeks)
    }
    /// `n` days.
    pub fn days(n: i32) -> Self {
        Self::of(n, IntervalUnit::Days)
    }
}

impl Interval<Clock> {
    /// `n` hours.
    pub fn hours(n: i32) -> Self {
        Self::of(n, IntervalUnit::Hours)
    }
    /// `n` minutes.
    pub fn minutes(n: i32) -> Self {
        Self::of(n, IntervalUnit::Minutes)
    }
    /// `n` seconds.
    pub fn seconds(n: i32) -> Self {
        Self::of(n, IntervalUnit::Seconds)
    }
}

/// What `date_trunc` truncates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TruncUnit {
    /// January 1 of the year.
    Year,
    /// The first day of the quarter (Jan 1, Apr 1, Jul 1, Oct 1).
    Quarter,
    /// The first day of the month.
    Month,
    /// The Monday of the ISO week.
    Week,
    /// Midnight.
    Day,
    /// The start of the hour.
    Hour,
    /// The start of the minute.
    Minute,
    /// The whole second (the fraction dropped).
    Second,
}

/// The integer parts [`DateFunctions::extract`] reads: those of [`DatePart`] and a few
/// more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The year.
    Year,
    /// The quarter, 1–4.
    Quarter,
    /// The month, 1–12.
    Month,
    /// The ISO 8601 week of the year, 1–53 (weeks start on Monday; week 1 holds the
    /// year's first Thursday).
    IsoWeek,
    /// The day of the month, 1–31.
    Day,
    /// The day of the year, 1–366.
    DayOfYear,
    /// The ISO day of the week, 1 (Monday) to 7 (Sunday).
    IsoDayOfWeek,
    /// The hour, 0–23.
    Hour,
    /// The minute, 0–59.
    Minute,
    /// The whole seconds, 0–59.
    Second,
}

impl From<DatePart> for Part {
    fn from(p: DatePart) -> Part {
        match p {
            DatePart::Year => Part::Year,
            DatePart::Month => Part::Month,
            DatePart::Day => Part::Day,
            DatePart::Hour => Part::Hour,
            DatePart::Minute => Part::Minute,
            DatePart::Second => Part::Second,
        }
    }
}

/// Which current date/time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NowKind {
    /// Today's date in UTC.
    Date,
    /// The time of day in UTC.
    Time,
    /// The current timestamp in UTC, without time zone.
    Timestamp,
    /// The current timestamp with time zone (UTC).
    TimestampTz,
}

/// Base types that are dates or timestamps.
pub trait Temporal {
    /// What the SQL must treat the value as.
    const KIND: TemporalKind;
}

/// Base types an interval of kind `U` ([`Calendar`] or [`Clock`]) can be added to.
pub trait TakesInterval<U>: Temporal {}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::*;
    impl Temporal for chrono::NaiveDate {
        const KIND: TemporalKind = TemporalKind::Date;
    }
    impl Temporal for chrono::NaiveDateTime {
        const KIND: TemporalKind = TemporalKind::Timestamp;
    }
    impl Temporal for chrono::DateTime<chrono::Utc> {
        const KIND: TemporalKind = TemporalKind::TimestampTz;
    }
    impl TakesInterval<Calendar> for chrono::NaiveDate {}
    impl TakesInterval<Calendar> for chrono::NaiveDateTime {}
    impl TakesInterval<Clock> for chrono::NaiveDateTime {}
    impl TakesInterval<Calendar> for chrono::DateTime<chrono::Utc> {}
    impl TakesInterval<Clock> for chrono::DateTime<chrono::Utc> {}
}

fn add<E: TypedExpr, U>(e: E, i: Interval<U>) -> Typed<E::Sql>
where
    BaseOf<E>: TakesInterval<U>,
{
    node(
        CatalogFn::AddInterval {
            kind: <BaseOf<E> as Temporal>::KIND,
            unit: i.unit,
            amount: i.amount,
        },
        [e.into()],
    )
}

/// Date and time functions on typed dates and timestamps (`chrono::NaiveDate`,
/// `NaiveDateTime`, `DateTime<Utc>`, nullable or not). Implemented for every typed
/// column and expression; methods whose base type does not fit do not compile.
///
/// ```
/// use chrono::{NaiveDate, NaiveDateTime};
/// use sqlweave::func::{DateFunctions, TruncUnit};
/// use sqlweave::{DatePart, Select, table};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// table! { struct Orders("orders") { placed_on: NaiveDate, shipped_on: Option<NaiveDate>, at: NaiveDateTime } }
/// let o = Orders::new();
/// let q = Select::new()
///     .column(o.shipped_on.days_since(o.placed_on)) // Typed<Option<i64>>
///     .column(o.at.date_trunc(TruncUnit::Month))    // Typed<NaiveDateTime>
///     .column(o.placed_on.extract(DatePart::Year))  // Typed<i64>
///     .from(o);
/// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT CAST("orders"."shipped_on" - "orders"."placed_on" AS BIGINT), date_trunc('month', "orders"."at"), CAST(FLOOR(EXTRACT(YEAR FROM "orders"."placed_on")) AS INTEGER) FROM "orders""#);
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT DATEDIFF(`orders`.`shipped_on`, `orders`.`placed_on`), CAST(DATE_FORMAT(`orders`.`at`, '%Y-%m-01 00:00:00') AS DATETIME), EXTRACT(YEAR FROM `orders`.`placed_on`) FROM `orders`");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT CAST(julianday("orders"."shipped_on") - julianday("orders"."placed_on") AS INTEGER), datetime("orders"."at", 'start of month'), CAST(strftime('%Y', "orders"."placed_on") AS INTEGER) FROM "orders""#);
/// ```
pub trait DateFunctions: TypedExpr {
    /// `self + interval`, of the same type. See [`Interval`] for
    /// how months and years are counted.
    fn plus<U>(self, interval: Interval<U>) -> Typed<Self::Sql>
    where
        BaseOf<Self>: TakesInterval<U>,
    {
        add(self, interval)
    }
    /// `self - interval`, of the same type.
    fn minus<U>(self, interval: Interval<U>) -> Typed<Self::Sql>
    where
        BaseOf<Self>: TakesInterval<U>,
    {
        add(self, interval.negated())
    }
    /// The whole days from `earlier` to `self` (negative when `earlier` is later):
    /// `self - earlier` on PostgreSQL, `DATEDIFF` on MySQL / MariaDB, `julianday`
    /// differences on SQLite. NULL when either is NULL; the result's nullability follows
    /// `self`, as the other typed operators' does.
    fn days_since<R: Operand<BaseOf<Self>>>(
        self,
        earlier: R,
    ) -> Typed<<Self::Sql as Nullity>::Map<i64>>
    where
        BaseOf<Self>: DateOnly,
        Self::Sql: Nullity,
    {
        node(
            CatalogFn::DaysBetween,
            [self.into(), earlier.into_operand()],
        )
    }
    /// `date_trunc(unit, self)`: the start of the year, quarter, month, ISO week (Monday),
    /// day, hour, minute or second holding it, of the same type. On a date, the hour,
    /// minute and second units give the date itself.
    fn date_trunc(self, unit: TruncUnit) -> Typed<Self::Sql>
    where
        BaseOf<Self>: Temporal,
    {
        node(
            CatalogFn::DateTrunc {
                kind: <BaseOf<Self> as Temporal>::KIND,
                unit,
            },
            [self.into()],
        )
    }
    /// An integer part (`EXTRACT(part FROM self)`), nullable as `self` is: a
    /// [`DatePart`] or a [`Part`] (quarter, ISO week, day of year, ISO day of week). A
    /// timestamp with time zone is read in UTC (PostgreSQL's `EXTRACT` would use the
    /// session's time zone).
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use sqlweave::func::{DateFunctions, dates::Part};
    /// use sqlweave::{Select, table};
    /// use sqlweave_mysql::MySql;
    /// use sqlweave_postgres::Postgres;
    /// use sqlweave_sqlite::Sqlite;
    /// table! { struct Events("events") { at: DateTime<Utc> } }
    /// let e = Events::new();
    /// let q = Select::new().column(e.at.extract(Part::IsoWeek)).from(e);
    /// assert_eq!(q.render(&Postgres).unwrap().sql, r#"SELECT CAST(FLOOR(EXTRACT(WEEK FROM "events"."at" AT TIME ZONE 'UTC')) AS INTEGER) FROM "events""#);
    /// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT WEEK(`events`.`at`, 3) FROM `events`");
    /// assert_eq!(q.render(&Sqlite).unwrap().sql, r#"SELECT CAST(strftime('%V', "events"."at") AS INTEGER) FROM "events""#);
    /// ```
    fn extract(self, part: impl Into<Part>) -> Typed<<Self::Sql as Nullity>::Map<i64>>
    where
        BaseOf<Self>: Temporal,
        Self::Sql: Nullity,
    {
        node(
            CatalogFn::Extract {
                kind: <BaseOf<Self> as Temporal>::KIND,
                part: part.into(),
            },
            [self.into()],
        )
    }
}

impl<E: TypedExpr> DateFunctions for E {}

/// Dates, as opposed to timestamps (for [`DateFunctions::days_since`]).
pub trait DateOnly: Temporal {}
#[cfg(feature = "chrono")]
impl DateOnly for chrono::NaiveDate {}

/// Today's date in UTC, typed (`CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS DATE)` on
/// PostgreSQL, `UTC_DATE()` on MySQL / MariaDB, `date('now')` on SQLite): the same day
/// everywhere whatever the session's time zone.
///
/// ```
/// use sqlweave::{Select, func::dates};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(dates::current_date());
/// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS DATE)");
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT UTC_DATE()");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, "SELECT date('now')");
/// ```
#[cfg(feature = "chrono")]
pub fn current_date() -> Typed<chrono::NaiveDate> {
    node(CatalogFn::Now(NowKind::Date), [])
}

/// The current timestamp in UTC without time zone, typed (microseconds on PostgreSQL
/// and MySQL / MariaDB, milliseconds on SQLite, whose clock has no finer steps).
///
/// ```
/// use sqlweave::{Select, func::dates};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(dates::current_timestamp());
/// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')");
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT UTC_TIMESTAMP(6)");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')");
/// ```
#[cfg(feature = "chrono")]
pub fn current_timestamp() -> Typed<chrono::NaiveDateTime> {
    node(CatalogFn::Now(NowKind::Timestamp), [])
}

/// The current timestamp with time zone (UTC), typed.
///
/// ```
/// use sqlweave::{Select, func::dates};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(dates::current_timestamp_tz());
/// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT CURRENT_TIMESTAMP");
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT UTC_TIMESTAMP(6)");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, "SELECT strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')");
/// ```
#[cfg(feature = "chrono")]
pub fn current_timestamp_tz() -> Typed<chrono::DateTime<chrono::Utc>> {
    node(CatalogFn::Now(NowKind::TimestampTz), [])
}

/// The current time of day in UTC, typed.
///
/// ```
/// use sqlweave::{Select, func::dates};
/// use sqlweave_mysql::MySql;
/// use sqlweave_postgres::Postgres;
/// use sqlweave_sqlite::Sqlite;
/// let q = Select::new().column(dates::current_time());
/// assert_eq!(q.render(&Postgres).unwrap().sql, "SELECT CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIME)");
/// assert_eq!(q.render(&MySql::mariadb()).unwrap().sql, "SELECT UTC_TIME(6)");
/// assert_eq!(q.render(&Sqlite).unwrap().sql, "SELECT strftime('%H:%M:%f', 'now')");
/// ```
#[cfg(feature = "chrono")]
pub fn current_time() -> Typed<chrono::NaiveTime> {
    node(CatalogFn::Now(NowKind::Time), [])
}

// ---- rendering ----

/// The largest amount written: far past any date range, so the check only stops
/// overflow in the databases' own arithmetic (each would fail differently).
const MAX_AMOUNT: i64 = 1_000_000_000;

pub(crate) fn write_add(
    d: Db,
    kind: TemporalKind,
    unit: IntervalUnit,
    amount: i64,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    let [t] = args_n::<1>(args, w, "date/time + interval")?;
    if amount.abs() > MAX_AMOUNT {
        return Err(w.invalid(&format!(
            "an interval amount of {amount} is out of range (at most {MAX_AMOUNT} either way)"
        )));
    }
    let clock = matches!(
        unit,
        IntervalUnit::Hours | IntervalUnit::Minutes | IntervalUnit::Seconds
    );
    if clock && kind == TemporalKind::Date {
        return Err(w.invalid("hours, minutes and seconds cannot be added to a date"));
    }
    match d {
        Db::Postgres => {
            let field = match unit {
                IntervalUnit::Years => "make_interval(years => ",
                IntervalUnit::Months => "make_interval(months => ",
                IntervalUnit::Weeks => "make_interval(weeks => ",
                IntervalUnit::Days => "make_interval(days => ",
                IntervalUnit::Hours => "make_interval(hours => ",
                IntervalUnit::Minutes => "make_interval(mins => ",
                // `secs` is double precision: the integer parameter is cast to it.
                IntervalUnit::Seconds => "make_interval(secs => ",
            };
            let interval = |w: &mut dyn SqlWriter| -> Result<()> {
                w.sql(field)?;
                w.value(&Value::I64(amount))?;
                w.sql(")")
            };
            match kind {
                TemporalKind::Date => {
                    // date + interval is a timestamp: back to a date.
                    w.sql("CAST(")?;
                    w.operand(t, 6)?;
                    w.sql(" + ")?;
                    interval(w)?;
                    w.sql(" AS DATE)")
                }
                TemporalKind::Timestamp => {
                    w.sql("(")?;
                    w.operand(t, 6)?;
                    w.sql(" + ")?;
                    interval(w)?;
                    w.sql(")")
                }
                TemporalKind::TimestampTz => {
                    // In UTC: the session's time zone would move days and months
                    // across a daylight-saving change by an hour.
                    w.sql("((")?;
                    w.expr(t)?;
                    w.sql(" AT TIME ZONE 'UTC' + ")?;
                    interval(w)?;
                    w.sql(") AT TIME ZONE 'UTC')")
                }
            }
        }
        Db::MySql { .. } => {
            // DATE_ADD of a date parameter is a DATETIME (its type is unknown when the
            // statement is prepared): a date stays a date through a cast.
            let date = kind == TemporalKind::Date;
            if date {
                w.sql("CAST(")?;
            }
            w.sql("DATE_ADD(")?;
            w.operand(t, 0)?;
            w.sql(", INTERVAL ")?;
            w.value(&Value::I64(amount))?;
            w.sql(match unit {
                IntervalUnit::Years => " YEAR)",
                IntervalUnit::Months => " MONTH)",
                IntervalUnit::Weeks => " WEEK)",
                IntervalUnit::Days => " DAY)",
                IntervalUnit::Hours => " HOUR)",
                IntervalUnit::Minutes => " MINUTE)",
                IntervalUnit::Seconds => " SECOND)",
            })?;
            if date {
                w.sql(" AS DATE)")?;
            }
            Ok(())
        }
        Db::Sqlite => {
            let (n, word) = match unit {
                IntervalUnit::Years => (amount, "years"),
                IntervalUnit::Months => (amount, "months"),
                IntervalUnit::Weeks => (amount * 7, "days"),
                IntervalUnit::Days => (amount, "days"),
                IntervalUnit::Hours => (amount, "hours"),
                IntervalUnit::Minutes => (amount, "minutes"),
                IntervalUnit::Seconds => (amount, "seconds"),
            };
            // The modifier is a parameter built from the checked integer.
            let modifier = Value::Text(format!("{n:+} {word}"));
            // `floor`: a day past the end of the target month goes back to its last
            // day (PostgreSQL's and MySQL's answer), instead of rolling over.
            let floor = matches!(unit, IntervalUnit::Years | IntervalUnit::Months);
            let modifiers = |w: &mut dyn SqlWriter| -> Result<()> {
                w.value(&modifier)?;
                if floor {
                    w.sql(", 'floor'")?;
                }
                w.sql(")")
            };
            match kind {
                TemporalKind::Date => {
                    w.sql("date(")?;
                    w.operand(t, 0)?;
                    w.sql(", ")?;
                    modifiers(w)
                }
                TemporalKind::Timestamp | TemporalKind::TimestampTz => {
                    // Whole units never change the fraction of a second (nor the
                    // `+00:00` of a timestamp with time zone): it is kept as stored,
                    // so no precision is lost to SQLite's millisecond `%f`.
                    w.sql("(strftime('%Y-%m-%d %H:%M:%S', ")?;
                    w.operand(t, 0)?;
                    w.sql(", ")?;
                    modifiers(w)?;
                    w.sql(" || substr(")?;
                    w.operand(t, 0)?;
                    w.sql(", 20))")
                }
            }
        }
    }
}

pub(crate) fn write_days_between(d: Db, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
    let [later, earlier] = args_n::<2>(args, w, "days between dates")?;
    match d {
        Db::Postgres => {
            w.sql("CAST(")?;
            w.operand(later, 6)?;
            w.sql(" - ")?;
            w.operand(earlier, 7)?;
            w.sql(" AS BIGINT)")
        }
        Db::MySql { .. } => {
            w.sql("DATEDIFF(")?;
            w.operand(later, 0)?;
            w.sql(", ")?;
            w.operand(earlier, 0)?;
            w.sql(")")
        }
        Db::Sqlite => {
            w.sql("CAST(julianday(")?;
            w.operand(later, 0)?;
            w.sql(") - julianday(")?;
            w.operand(earlier, 0)?;
            w.sql(") AS INTEGER)")
        }
    }
}

pub(crate) fn write_trunc(
    d: Db,
    kind: TemporalKind,
    unit: TruncUnit,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    let [t] = args_n::<1>(args, w, "date_trunc")?;
    let date = kind == TemporalKind::Date;
    // On a date, units below a day leave it as it is.
    let unit = match unit {
        TruncUnit::Hour | TruncUnit::Minute | TruncUnit::Second if date => TruncUnit::Day,
        u => u,
    };
    match d {
        Db::Postgres => {
            let field = match unit {
                TruncUnit::Year => "date_trunc('year', ",
                TruncUnit::Quarter => "date_trunc('quarter', ",
                TruncUnit::Month => "date_trunc('month', ",
                TruncUnit::Week => "date_trunc('week', ",
                TruncUnit::Day => "date_trunc('day', ",
                TruncUnit::Hour => "date_trunc('hour', ",
                TruncUnit::Minute => "date_trunc('minute', ",
                TruncUnit::Second => "date_trunc('second', ",
            };
            match kind {
                // date_trunc of a date is a timestamptz in the session's zone: truncate
                // the date as a timestamp, and back.
                TemporalKind::Date => {
                    w.sql("CAST(")?;
                    w.sql(field)?;
                    w.sql("CAST(")?;
                    w.operand(t, 0)?;
                    w.sql(" AS TIMESTAMP)) AS DATE)")
                }
                TemporalKind::Timestamp => {
                    w.sql(field)?;
                    w.operand(t, 0)?;
                    w.sql(")")
                }
                TemporalKind::TimestampTz => {
                    w.sql("(")?;
                    w.sql(field)?;
                    w.expr(t)?;
                    w.sql(" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')")
                }
            }
        }
        Db::MySql { .. } => {
            let cast_end = if date { " AS DATE)" } else { " AS DATETIME)" };
            let format = |w: &mut dyn SqlWriter, fmt: &'static str| -> Result<()> {
                w.sql("CAST(DATE_FORMAT(")?;
                w.operand(t, 0)?;
                w.sql(fmt)?;
                w.sql(cast_end)
            };
            match unit {
                TruncUnit::Year => format(w, ", '%Y-01-01 00:00:00')"),
                TruncUnit::Month => format(w, ", '%Y-%m-01 00:00:00')"),
                TruncUnit::Day if date => {
                    w.sql("CAST(")?;
                    w.operand(t, 0)?;
                    w.sql(" AS DATE)")
                }
                TruncUnit::Day => format(w, ", '%Y-%m-%d 00:00:00')"),
                TruncUnit::Hour => format(w, ", '%Y-%m-%d %H:00:00')"),
                TruncUnit::Minute => format(w, ", '%Y-%m-%d %H:%i:00')"),
                TruncUnit::Second => format(w, ", '%Y-%m-%d %H:%i:%s')"),
                TruncUnit::Quarter => {
                    w.sql("CAST(DATE_ADD(MAKEDATE(YEAR(")?;
                    w.operand(t, 0)?;
                    w.sql("), 1), INTERVAL QUARTER(")?;
                    w.operand(t, 0)?;
                    w.sql(") - 1 QUARTER)")?;
                    w.sql(cast_end)
                }
                TruncUnit::Week => {
                    // WEEKDAY: Monday is 0.
                    w.sql("CAST(DATE_SUB(CAST(")?;
                    w.operand(t, 0)?;
                    w.sql(" AS DATE), INTERVAL WEEKDAY(")?;
                    w.operand(t, 0)?;
                    w.sql(") DAY)")?;
                    w.sql(cast_end)
                }
            }
        }
        Db::Sqlite => {
            let tz = kind == TemporalKind::TimestampTz;
            if tz {
                w.sql("(")?;
            }
            let func = if date { "date(" } else { "datetime(" };
            match unit {
                TruncUnit::Year | TruncUnit::Month | TruncUnit::Day | TruncUnit::Week => {
                    w.sql(func)?;
                    w.operand(t, 0)?;
                    w.sql(match unit {
                        TruncUnit::Year => ", 'start of year')",
                        TruncUnit::Month => ", 'start of month')",
                        TruncUnit::Day => ", 'start of day')",
                        // The Monday on or before: back 6 days, then forward to a Monday.
                        _ => ", 'start of day', '-6 days', 'weekday 1')",
                    })?;
                }
                TruncUnit::Quarter => {
                    w.sql(func)?;
                    w.operand(t, 0)?;
                    w.sql(", 'start of month', '-' || ((CAST(strftime('%m', ")?;
                    w.operand(t, 0)?;
                    w.sql(") AS INTEGER) - 1) % 3) || ' months')")?;
                }
                TruncUnit::Hour | TruncUnit::Minute | TruncUnit::Second => {
                    w.sql(match unit {
                        TruncUnit::Hour => "strftime('%Y-%m-%d %H:00:00', ",
                        TruncUnit::Minute => "strftime('%Y-%m-%d %H:%M:00', ",
                        _ => "strftime('%Y-%m-%d %H:%M:%S', ",
                    })?;
                    w.operand(t, 0)?;
                    w.sql(")")?;
                }
            }
            if tz {
                // The form sqlweave binds a DateTime<Utc> in, so results compare with
                // stored values.
                w.sql(" || '+00:00')")?;
            }
            Ok(())
        }
    }
}

pub(crate) fn write_extract(
    d: Db,
    kind: TemporalKind,
    part: Part,
    args: &[Expr],
    w: &mut dyn SqlWriter,
) -> Result<()> {
    let [t] = args_n::<1>(args, w, "EXTRACT")?;
    match d {
        Db::Postgres => {
            // EXTRACT answers a numeric (with the fraction of a second): its floor as an
            // integer.
            w.sql(match part {
                Part::Year => "CAST(FLOOR(EXTRACT(YEAR FROM ",
                Part::Quarter => "CAST(FLOOR(EXTRACT(QUARTER FROM ",
                Part::Month => "CAST(FLOOR(EXTRACT(MONTH FROM ",
                Part::IsoWeek => "CAST(FLOOR(EXTRACT(WEEK FROM ",
                Part::Day => "CAST(FLOOR(EXTRACT(DAY FROM ",
                Part::DayOfYear => "CAST(FLOOR(EXTRACT(DOY FROM ",
                Part::IsoDayOfWeek => "CAST(FLOOR(EXTRACT(ISODOW FROM ",
                Part::Hour => "CAST(FLOOR(EXTRACT(HOUR FROM ",
                Part::Minute => "CAST(FLOOR(EXTRACT(MINUTE FROM ",
                Part::Second => "CAST(FLOOR(EXTRACT(SECOND FROM ",
            })?;
            if kind == TemporalKind::TimestampTz {
                w.expr(t)?;
                w.sql(" AT TIME ZONE 'UTC'")?;
            } else {
                w.operand(t, 0)?;
            }
            w.sql(")) AS INTEGER)")
        }
        Db::MySql { .. } => {
            let (open, close) = match part {
                Part::Year => ("EXTRACT(YEAR FROM ", ")"),
                Part::Quarter => ("EXTRACT(QUARTER FROM ", ")"),
                Part::Month => ("EXTRACT(MONTH FROM ", ")"),
                // Mode 3: weeks start on Monday, week 1 has four days or more (ISO).
                Part::IsoWeek => ("WEEK(", ", 3)"),
                Part::Day => ("EXTRACT(DAY FROM ", ")"),
                Part::DayOfYear => ("DAYOFYEAR(", ")"),
                Part::IsoDayOfWeek => ("(WEEKDAY(", ") + 1)"),
                Part::Hour => ("EXTRACT(HOUR FROM ", ")"),
                Part::Minute => ("EXTRACT(MINUTE FROM ", ")"),
                Part::Second => ("EXTRACT(SECOND FROM ", ")"),
            };
            w.sql(open)?;
            w.operand(t, 0)?;
            w.sql(close)
        }
        Db::Sqlite => {
            let (open, close) = match part {
                Part::Year => ("CAST(strftime('%Y', ", ") AS INTEGER)"),
                Part::Quarter => ("((CAST(strftime('%m', ", ") AS INTEGER) + 2) / 3)"),
                Part::Month => ("CAST(strftime('%m', ", ") AS INTEGER)"),
                Part::IsoWeek => ("CAST(strftime('%V', ", ") AS INTEGER)"),
                Part::Day => ("CAST(strftime('%d', ", ") AS INTEGER)"),
                Part::DayOfYear => ("CAST(strftime('%j', ", ") AS INTEGER)"),
                Part::IsoDayOfWeek => ("CAST(strftime('%u', ", ") AS INTEGER)"),
                Part::Hour => ("CAST(strftime('%H', ", ") AS INTEGER)"),
                Part::Minute => ("CAST(strftime('%M', ", ") AS INTEGER)"),
                Part::Second => ("CAST(strftime('%S', ", ") AS INTEGER)"),
            };
            w.sql(open)?;
            w.operand(t, 0)?;
            w.sql(close)
        }
    }
}

pub(crate) fn write_now(d: Db, kind: NowKind, args: &[Expr], w: &mut dyn SqlWriter) -> Result<()> {
    args_n::<0>(args, w, "the current date/time")?;
    w.sql(match (d, kind) {
        (Db::Postgres, NowKind::Date) => "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS DATE)",
        (Db::Postgres, NowKind::Time) => "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIME)",
        (Db::Postgres, NowKind::Timestamp) => "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')",
        (Db::Postgres, NowKind::TimestampTz) => "CURRENT_TIMESTAMP",
        (Db::MySql { .. }, NowKind::Date) => "UTC_DATE()",
        (Db::MySql { .. }, NowKind::Time) => "UTC_TIME(6)",
        (Db::MySql { .. }, NowKind::Timestamp | NowKind::TimestampTz) => "UTC_TIMESTAMP(6)",
        (Db::Sqlite, NowKind::Date) => "date('now')",
        (Db::Sqlite, NowKind::Time) => "strftime('%H:%M:%f', 'now')",
        (Db::Sqlite, NowKind::Timestamp) => "strftime('%Y-%m-%d %H:%M:%f', 'now')",
        (Db::Sqlite, NowKind::TimestampTz) => "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')",
    })
}
