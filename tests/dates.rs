//! Typed date and time functions (`sqlweave::func::DateFunctions`, `func::dates`):
//! golden SQL per dialect, and every function run on SQLite, PostgreSQL and MariaDB
//! over month ends, leap days, year ends, fractions of a second and NULLs, its decoded
//! values compared with chrono's own arithmetic (the oracle) on every database. MySQL 8
//! forms are golden text only: there is no MySQL 8 server here.
#![cfg(all(feature = "chrono", feature = "decimal"))]

mod common;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use common::fixture::open_spaces;
use common::{err, ok};
use sqlweave::func::dates::Part;
use sqlweave::func::{DateFunctions, Interval, TruncUnit, dates};
use sqlweave::{DatePart, Executor, FromValue, Select, Typed, TypedExpr, Value, table};
use sqlweave_harness::Spaces;

table! {
    struct Moments("moments") {
        id: i64,
        d: Option<NaiveDate>,
        ts: Option<NaiveDateTime>,
        tz: Option<DateTime<Utc>>,
    }
}

/// (date, timestamp) per row; the timestamp with time zone is the timestamp in UTC.
const ROWS: &[(i64, Option<&str>, Option<&str>)] = &[
    (1, Some("2024-01-31"), Some("2024-01-31 23:59:59.123456")),
    (2, Some("2024-02-29"), Some("2024-02-29 00:00:00")),
    (3, Some("2023-03-31"), Some("2023-03-31 12:34:56.5")),
    (4, Some("2025-12-31"), Some("2025-12-31 23:00:00")),
    (5, Some("2024-05-19"), Some("2024-10-27 01:30:00")),
    (6, None, None),
];

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn ts(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
}

fn spaces() -> Spaces {
    open_spaces("sw_dates", |db| {
        let (create, tz_suffix) = match db {
            "SQLite" => (
                "CREATE TABLE moments (id INTEGER PRIMARY KEY, d TEXT, ts TEXT, tz TEXT);",
                "+00:00",
            ),
            "PostgreSQL" => (
                "CREATE TABLE moments (id INTEGER PRIMARY KEY, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ);",
                "+00",
            ),
            _ => (
                "CREATE TABLE moments (id INT PRIMARY KEY, d DATE, ts DATETIME(6), tz DATETIME(6));",
                "",
            ),
        };
        let mut sql = create.to_string();
        for (id, d, t) in ROWS {
            let lit = |v: Option<&str>, suffix: &str| match v {
                Some(v) => format!("'{v}{suffix}'"),
                None => "NULL".into(),
            };
            sql.push_str(&format!(
                "INSERT INTO moments VALUES ({id}, {}, {}, {});",
                lit(*d, ""),
                lit(*t, ""),
                lit(*t, tz_suffix)
            ));
        }
        sql
    })
}

/// The one column of `q`'s rows, decoded as `T`, on every database; each must equal
/// `want` (computed by chrono).
#[track_caller]
fn check<T: FromValue + PartialEq + std::fmt::Debug>(
    s: &mut Spaces,
    what: &str,
    e: Typed<T>,
    want: &[T],
) {
    let t = Moments::new();
    let q = Select::new().column(e).from(t).order_by(t.id.asc());
    for c in s.conns() {
        let name = c.dialect().name();
        let rows = c
            .fetch_all(&q)
            .unwrap_or_else(|e| panic!("{what} on {name}: {e}"));
        let got: Vec<T> = rows
            .rows
            .iter()
            .map(|r| {
                r.get::<T>(0)
                    .unwrap_or_else(|e| panic!("{what} on {name}: {e}"))
            })
            .collect();
        assert_eq!(got, want, "{what} on {name}");
    }
}

fn dates_col() -> Vec<Option<NaiveDate>> {
    ROWS.iter().map(|r| r.1.map(date)).collect()
}
fn ts_col() -> Vec<Option<NaiveDateTime>> {
    ROWS.iter().map(|r| r.2.map(ts)).collect()
}
fn tz_col() -> Vec<Option<DateTime<Utc>>> {
    ts_col()
        .into_iter()
        .map(|t| t.map(|t| t.and_utc()))
        .collect()
}

fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32)).unwrap()
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs())).unwrap()
    }
}
fn add_months_ts(t: NaiveDateTime, n: i32) -> NaiveDateTime {
    add_months(t.date(), n).and_time(t.time())
}

#[test]
fn date_plus_and_minus_intervals_agree_with_chrono_everywhere() {
    let mut s = spaces();
    let t = Moments::new();
    let ds = dates_col();
    let map = |f: &dyn Fn(NaiveDate) -> NaiveDate| ds.iter().map(|d| d.map(f)).collect::<Vec<_>>();
    // Month ends clamp (Jan 31 + 1 month = Feb 29; SQLite's own `+1 months` says Mar 2).
    check(
        &mut s,
        "d + 1 month",
        t.d.plus(Interval::months(1)),
        &map(&|d| add_months(d, 1)),
    );
    check(
        &mut s,
        "d - 1 month",
        t.d.minus(Interval::months(1)),
        &map(&|d| add_months(d, -1)),
    );
    check(
        &mut s,
        "d + 13 months",
        t.d.plus(Interval::months(13)),
        &map(&|d| add_months(d, 13)),
    );
    // Leap day + 1 year = Feb 28.
    check(
        &mut s,
        "d + 1 year",
        t.d.plus(Interval::years(1)),
        &map(&|d| add_months(d, 12)),
    );
    check(
        &mut s,
        "d - 4 years",
        t.d.minus(Interval::years(4)),
        &map(&|d| add_months(d, -48)),
    );
    check(
        &mut s,
        "d + 1 day",
        t.d.plus(Interval::days(1)),
        &map(&|d| d + Days::new(1)),
    );
    check(
        &mut s,
        "d - 2 weeks",
        t.d.minus(Interval::weeks(2)),
        &map(&|d| d - Days::new(14)),
    );
}

#[test]
fn timestamp_plus_intervals_keep_fractions_and_agree_with_chrono_everywhere() {
    let mut s = spaces();
    let t = Moments::new();
    let tss = ts_col();
    let map = |f: &dyn Fn(NaiveDateTime) -> NaiveDateTime| {
        tss.iter().map(|d| d.map(f)).collect::<Vec<_>>()
    };
    check(
        &mut s,
        "ts + 1 month",
        t.ts.plus(Interval::months(1)),
        &map(&|x| add_months_ts(x, 1)),
    );
    check(
        &mut s,
        "ts - 1 year",
        t.ts.minus(Interval::years(1)),
        &map(&|x| add_months_ts(x, -12)),
    );
    check(
        &mut s,
        "ts + 25 hours",
        t.ts.plus(Interval::hours(25)),
        &map(&|x| x + TimeDelta::hours(25)),
    );
    check(
        &mut s,
        "ts - 90 minutes",
        t.ts.minus(Interval::minutes(90)),
        &map(&|x| x - TimeDelta::minutes(90)),
    );
    check(
        &mut s,
        "ts + 1 second",
        t.ts.plus(Interval::seconds(1)),
        &map(&|x| x + TimeDelta::seconds(1)),
    );
    check(
        &mut s,
        "ts + 3 days",
        t.ts.plus(Interval::days(3)),
        &map(&|x| x + TimeDelta::days(3)),
    );
    let tzs = tz_col();
    let mapz = |f: &dyn Fn(DateTime<Utc>) -> DateTime<Utc>| {
        tzs.iter().map(|d| d.map(f)).collect::<Vec<_>>()
    };
    check(
        &mut s,
        "tz + 1 month",
        t.tz.plus(Interval::months(1)),
        &mapz(&|x| add_months_ts(x.naive_utc(), 1).and_utc()),
    );
    check(
        &mut s,
        "tz + 1 day",
        t.tz.plus(Interval::days(1)),
        &mapz(&|x| x + TimeDelta::days(1)),
    );
    check(
        &mut s,
        "tz - 2 hours",
        t.tz.minus(Interval::hours(2)),
        &mapz(&|x| x - TimeDelta::hours(2)),
    );
}

#[test]
fn days_between_dates_agree_everywhere_with_a_column_or_a_value_on_either_side() {
    let mut s = spaces();
    let t = Moments::new();
    let base = date("2024-03-01");
    let ds = dates_col();
    let want: Vec<Option<i64>> = ds
        .iter()
        .map(|d| d.map(|d| (d - base).num_days()))
        .collect();
    check(&mut s, "d - 2024-03-01", t.d.days_since(base), &want);
    let want: Vec<Option<i64>> = ds
        .iter()
        .map(|d| d.map(|d| (base - d).num_days()))
        .collect();
    // A value on the left: typed from the parameter, the column on the right.
    check(
        &mut s,
        "2024-03-01 - d",
        sqlweave::val(Some(base)).days_since(t.d),
        &want,
    );
    let shifted: Vec<Option<i64>> = ds.iter().map(|d| d.map(|_| 40)).collect();
    check(
        &mut s,
        "(d + 40 days) - d",
        t.d.plus(Interval::days(40)).days_since(t.d),
        &shifted,
    );
}

fn trunc_date(d: NaiveDate, u: TruncUnit) -> NaiveDate {
    match u {
        TruncUnit::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap(),
        TruncUnit::Quarter => {
            NaiveDate::from_ymd_opt(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap()
        }
        TruncUnit::Month => d.with_day(1).unwrap(),
        TruncUnit::Week => d - Days::new(u64::from(d.weekday().num_days_from_monday())),
        _ => d,
    }
}

fn trunc_ts(t: NaiveDateTime, u: TruncUnit) -> NaiveDateTime {
    use chrono::Timelike;
    let day = trunc_date(t.date(), u).and_hms_opt(0, 0, 0).unwrap();
    match u {
        TruncUnit::Hour => t.date().and_hms_opt(t.hour(), 0, 0).unwrap(),
        TruncUnit::Minute => t.date().and_hms_opt(t.hour(), t.minute(), 0).unwrap(),
        TruncUnit::Second => t
            .date()
            .and_hms_opt(t.hour(), t.minute(), t.second())
            .unwrap(),
        _ => day,
    }
}

const UNITS: [TruncUnit; 8] = [
    TruncUnit::Year,
    TruncUnit::Quarter,
    TruncUnit::Month,
    TruncUnit::Week,
    TruncUnit::Day,
    TruncUnit::Hour,
    TruncUnit::Minute,
    TruncUnit::Second,
];

#[test]
fn date_trunc_agrees_with_chrono_for_every_unit_and_type() {
    let mut s = spaces();
    let t = Moments::new();
    for u in UNITS {
        let want: Vec<_> = dates_col()
            .into_iter()
            .map(|d| d.map(|d| trunc_date(d, u)))
            .collect();
        check(
            &mut s,
            &format!("date_trunc({u:?}, d)"),
            t.d.date_trunc(u),
            &want,
        );
        let want: Vec<_> = ts_col()
            .into_iter()
            .map(|x| x.map(|x| trunc_ts(x, u)))
            .collect();
        check(
            &mut s,
            &format!("date_trunc({u:?}, ts)"),
            t.ts.date_trunc(u),
            &want,
        );
        let want: Vec<_> = tz_col()
            .into_iter()
            .map(|x| x.map(|x| trunc_ts(x.naive_utc(), u).and_utc()))
            .collect();
        check(
            &mut s,
            &format!("date_trunc({u:?}, tz)"),
            t.tz.date_trunc(u),
            &want,
        );
    }
}

#[test]
fn extract_is_typed_by_the_nullability_of_its_argument() {
    let mut s = spaces();
    let t = Moments::new();
    use chrono::Timelike;
    type PartOracle = (DatePart, fn(NaiveDateTime) -> i64);
    let parts: [PartOracle; 6] = [
        (DatePart::Year, |x| i64::from(x.year())),
        (DatePart::Month, |x| i64::from(x.month())),
        (DatePart::Day, |x| i64::from(x.day())),
        (DatePart::Hour, |x| i64::from(x.hour())),
        (DatePart::Minute, |x| i64::from(x.minute())),
        (DatePart::Second, |x| i64::from(x.second())),
    ];
    for (part, f) in parts {
        let want: Vec<Option<i64>> = ts_col().into_iter().map(|x| x.map(f)).collect();
        let e: Typed<Option<i64>> = t.ts.extract(part);
        check(&mut s, &format!("extract({part:?}, ts)"), e, &want);
    }
    type ExtraOracle = (Part, fn(NaiveDateTime) -> i64);
    let extra: [ExtraOracle; 4] = [
        (Part::Quarter, |x| i64::from((x.month() - 1) / 3 + 1)),
        (Part::IsoWeek, |x| i64::from(x.iso_week().week())),
        (Part::DayOfYear, |x| i64::from(x.ordinal())),
        (Part::IsoDayOfWeek, |x| {
            i64::from(x.weekday().number_from_monday())
        }),
    ];
    for (part, f) in extra {
        let want: Vec<Option<i64>> = ts_col().into_iter().map(|x| x.map(f)).collect();
        check(
            &mut s,
            &format!("extract({part:?}, ts)"),
            t.ts.extract(part),
            &want,
        );
        check(
            &mut s,
            &format!("extract({part:?}, tz)"),
            t.tz.extract(part),
            &want,
        );
        let want: Vec<Option<i64>> = dates_col()
            .into_iter()
            .map(|x| x.map(|d| f(d.and_hms_opt(0, 0, 0).unwrap())))
            .collect();
        check(
            &mut s,
            &format!("extract({part:?}, d)"),
            t.d.extract(part),
            &want,
        );
    }
    // A non-nullable timestamp gives a non-nullable integer.
    let e: Typed<i64> = sqlweave::val(ts("2024-02-29 13:14:15")).extract(DatePart::Minute);
    check(&mut s, "extract(minute, value)", e, &[14; 6]);
}

#[test]
fn the_current_date_and_time_are_utc_on_every_database() {
    let mut s = spaces();
    for c in s.conns() {
        let name = c.dialect().name();
        let before = Utc::now();
        let q = Select::new()
            .column(dates::current_date())
            .column(dates::current_timestamp())
            .column(dates::current_timestamp_tz())
            .column(dates::current_time())
            .column(
                dates::current_date()
                    .plus(Interval::days(1))
                    .days_since(dates::current_date()),
            );
        let r = c.fetch_one(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let after = Utc::now();
        let d: NaiveDate = r.get(0).unwrap();
        let naive: NaiveDateTime = r.get(1).unwrap();
        let aware: DateTime<Utc> = r.get(2).unwrap();
        let time: chrono::NaiveTime = r.get(3).unwrap();
        let one: i64 = r.get(4).unwrap();
        let slack = TimeDelta::seconds(2);
        assert!(
            d == before.date_naive() || d == after.date_naive(),
            "{name}: {d}"
        );
        assert!(
            naive >= (before - slack).naive_utc() && naive <= (after + slack).naive_utc(),
            "{name}: {naive}"
        );
        assert!(
            aware >= before - slack && aware <= after + slack,
            "{name}: {aware}"
        );
        let now_time = after.time();
        let diff = (now_time - time).num_seconds().abs();
        assert!(
            !(5..=86_390).contains(&diff),
            "{name}: {time} vs {now_time}"
        );
        assert_eq!(one, 1, "{name}");
    }
}

#[test]
fn golden_date_arithmetic_per_dialect() {
    let t = Moments::new();
    let q = Select::new()
        .column(t.d.plus(Interval::months(1)))
        .column(t.ts.minus(Interval::hours(2)))
        .from(t);
    golden!(q,
        sqlite: ok(r#"SELECT date("moments"."d", ?, 'floor'), (strftime('%Y-%m-%d %H:%M:%S', "moments"."ts", ?) || substr("moments"."ts", 20)) FROM "moments""#,
            vec![Value::from("+1 months"), Value::from("-2 hours")]),
        postgres: ok(r#"SELECT CAST("moments"."d" + make_interval(months => $1) AS DATE), ("moments"."ts" + make_interval(hours => $2)) FROM "moments""#,
            vec![Value::I64(1), Value::I64(-2)]),
        mysql: ok("SELECT CAST(DATE_ADD(`moments`.`d`, INTERVAL ? MONTH) AS DATE), DATE_ADD(`moments`.`ts`, INTERVAL ? HOUR) FROM `moments`",
            vec![Value::I64(1), Value::I64(-2)]),
    );
    let q = Select::new()
        .column(t.tz.plus(Interval::days(1)))
        .column(t.tz.date_trunc(TruncUnit::Week))
        .from(t);
    golden!(q,
        sqlite: ok(r#"SELECT (strftime('%Y-%m-%d %H:%M:%S', "moments"."tz", ?) || substr("moments"."tz", 20)), (datetime("moments"."tz", 'start of day', '-6 days', 'weekday 1') || '+00:00') FROM "moments""#,
            vec![Value::from("+1 days")]),
        postgres: ok(r#"SELECT (("moments"."tz" AT TIME ZONE 'UTC' + make_interval(days => $1)) AT TIME ZONE 'UTC'), (date_trunc('week', "moments"."tz" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') FROM "moments""#,
            vec![Value::I64(1)]),
        mysql: ok("SELECT DATE_ADD(`moments`.`tz`, INTERVAL ? DAY), CAST(DATE_SUB(CAST(`moments`.`tz` AS DATE), INTERVAL WEEKDAY(`moments`.`tz`) DAY) AS DATETIME) FROM `moments`",
            vec![Value::I64(1)]),
    );
    let q = Select::new()
        .column(t.d.date_trunc(TruncUnit::Quarter))
        .from(t);
    golden!(q,
        sqlite: ok(r#"SELECT date("moments"."d", 'start of month', '-' || ((CAST(strftime('%m', "moments"."d") AS INTEGER) - 1) % 3) || ' months') FROM "moments""#, vec![]),
        postgres: ok(r#"SELECT CAST(date_trunc('quarter', CAST("moments"."d" AS TIMESTAMP)) AS DATE) FROM "moments""#, vec![]),
        mysql: ok("SELECT CAST(DATE_ADD(MAKEDATE(YEAR(`moments`.`d`), 1), INTERVAL QUARTER(`moments`.`d`) - 1 QUARTER) AS DATE) FROM `moments`", vec![]),
    );
}

#[test]
fn an_unknown_dialect_is_refused_not_written_for_another_database() {
    let t = Moments::new();
    let q = Select::new().column(t.d.plus(Interval::days(1))).from(t);
    let e = q.render(&sqlweave::Ansi).unwrap_err();
    assert!(matches!(e, sqlweave::Error::Unsupported { .. }), "{e}");
    // Amounts are checked before anything is written.
    let q = Select::new()
        .column(t.d.plus(Interval::years(i32::MAX)))
        .from(t);
    golden!(q, sqlite: err("out of range"), postgres: err("out of range"), mysql: err("out of range"));
}

/// Timestamps with time zone are computed in UTC whatever the session's time zone:
/// with PostgreSQL's session in New York (daylight saving ends on 2024-11-03), adding
/// days or months, truncating and reading parts would otherwise shift by an hour or
/// land on another day.
#[test]
fn timestamps_with_time_zone_ignore_the_sessions_time_zone() {
    let mut s = spaces();
    if let Some(pg) = s.postgres() {
        pg.execute_raw_batch("SET TIME ZONE 'America/New_York'")
            .unwrap();
    }
    if let Some(my) = s.mysql() {
        my.execute_raw_batch("SET time_zone = '-05:00'").unwrap();
    }
    let t = Moments::new();
    let tzs = tz_col();
    let mapz = |f: &dyn Fn(DateTime<Utc>) -> DateTime<Utc>| {
        tzs.iter().map(|d| d.map(f)).collect::<Vec<_>>()
    };
    // Row 5 (2024-10-27 01:30 UTC) + 7 days crosses New York's change of 2024-11-03.
    check(
        &mut s,
        "tz + 7 days",
        t.tz.plus(Interval::days(7)),
        &mapz(&|x| x + TimeDelta::days(7)),
    );
    check(
        &mut s,
        "tz + 1 month",
        t.tz.plus(Interval::months(1)),
        &mapz(&|x| add_months_ts(x.naive_utc(), 1).and_utc()),
    );
    check(
        &mut s,
        "date_trunc(day, tz)",
        t.tz.date_trunc(TruncUnit::Day),
        &mapz(&|x| trunc_ts(x.naive_utc(), TruncUnit::Day).and_utc()),
    );
    use chrono::Timelike;
    let hours: Vec<Option<i64>> = tzs.iter().map(|x| x.map(|x| i64::from(x.hour()))).collect();
    check(
        &mut s,
        "extract(hour, tz)",
        t.tz.extract(DatePart::Hour),
        &hours,
    );
    for c in s.conns() {
        let name = c.dialect().name();
        let r = c
            .fetch_one(
                &Select::new()
                    .column(dates::current_date())
                    .column(dates::current_timestamp_tz()),
            )
            .unwrap();
        let d: NaiveDate = r.get(0).unwrap();
        let now: DateTime<Utc> = r.get(1).unwrap();
        assert_eq!(d, now.date_naive(), "{name}: today in UTC");
        assert!((Utc::now() - now).num_seconds().abs() < 5, "{name}: {now}");
    }
}

/// Rows per key, sorted by key: what GROUP BY key ORDER BY key counts.
fn counts(key: impl Fn(NaiveDate) -> NaiveDate) -> Vec<(NaiveDate, i64)> {
    let mut m = std::collections::BTreeMap::new();
    for d in dates_col().into_iter().flatten() {
        *m.entry(key(d)).or_insert(0_i64) += 1;
    }
    m.into_iter().collect()
}

#[test]
fn a_report_groups_by_truncated_dates_on_every_database() {
    let mut s = spaces();
    let t = Moments::new();
    let year = t.d.date_trunc(TruncUnit::Year);
    let q = Select::new()
        .cols((year.clone(), t.id.count()))
        .from(t)
        .filter(t.d.is_not_null())
        .group_by([year.clone()])
        .order_by(year.asc());
    let want = counts(|d| trunc_date(d, TruncUnit::Year));
    for c in s.conns() {
        let name = c.dialect().name();
        let rows = c.fetch_all(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<(NaiveDate, i64)> = rows
            .rows
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
    // The interval's parameter appears in the select list and GROUP BY alike.
    let due = t.d.plus(Interval::months(1)).date_trunc(TruncUnit::Quarter);
    let q = Select::new()
        .cols((due.clone(), t.id.count()))
        .from(t)
        .filter(t.d.is_not_null())
        .group_by([due.clone()])
        .order_by(due.asc());
    let want = counts(|d| trunc_date(add_months(d, 1), TruncUnit::Quarter));
    for c in s.conns() {
        let name = c.dialect().name();
        let rows = c.fetch_all(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<(NaiveDate, i64)> = rows
            .rows
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Values on their own (no column to type them from): PostgreSQL gets them annotated,
/// MySQL / MariaDB and SQLite compute on the bound date and timestamp.
#[test]
fn arithmetic_on_values_alone_agrees_everywhere() {
    let mut s = spaces();
    let jan31 = date("2024-01-31");
    let at = ts("2024-02-29 23:30:00.25");
    let q = Select::new()
        .column(sqlweave::val(jan31).plus(Interval::months(1)))
        .column(sqlweave::val(at).plus(Interval::minutes(45)))
        .column(sqlweave::val(at).date_trunc(TruncUnit::Quarter))
        .column(sqlweave::val(jan31).days_since(date("2023-01-31")));
    for c in s.conns() {
        let name = c.dialect().name();
        let r = c.fetch_one(&q).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: (NaiveDate, NaiveDateTime, NaiveDateTime, i64) = (
            r.get(0).unwrap(),
            r.get(1).unwrap(),
            r.get(2).unwrap(),
            r.get(3).unwrap(),
        );
        let want = (
            add_months(jan31, 1),
            at + TimeDelta::minutes(45),
            trunc_ts(at, TruncUnit::Quarter),
            (jan31 - date("2023-01-31")).num_days(),
        );
        assert_eq!(got, want, "{name}");
    }
}
