//! The random expression generator shared by differential.rs and prop_db.rs: typed
//! integer, float and text expressions and predicates over table `t` of the data set
//! (see [`super::data_set_sql`]), in the portable subset.

use sqlweave::expr::BinaryOp;
use sqlweave::{Case, Expr, Select, TableRef, Value, func};

use super::Rng;

pub fn t() -> TableRef {
    TableRef::new("t")
}

const OPS: [BinaryOp; 6] = [
    BinaryOp::Eq,
    BinaryOp::NotEq,
    BinaryOp::Lt,
    BinaryOp::LtEq,
    BinaryOp::Gt,
    BinaryOp::GtEq,
];

pub fn small_int(r: &mut Rng) -> Expr {
    Expr::value(r.below(16) as i64 - 5)
}

/// An integer expression; `d` bounds the depth.
pub fn int_expr(r: &mut Rng, d: u32) -> Expr {
    let leaf = d == 0 || r.chance(35);
    if leaf {
        return match r.below(5) {
            0 => t().col("i"),
            1 => t().col("j"),
            2 => t().col("id"),
            _ => small_int(r),
        };
    }
    match r.below(10) {
        // Portable division: zero divisors (NULL) and negative operands included.
        8 => int_expr(r, d - 1).int_div(int_expr(r, d - 1)),
        0 => int_expr(r, d - 1).add(int_expr(r, d - 1)),
        1 => int_expr(r, d - 1).sub(int_expr(r, d - 1)),
        2 => int_expr(r, d - 1).mul(small_int(r)),
        3 => int_expr(r, d - 1).neg(),
        4 => func::coalesce([int_expr(r, d - 1), t().col("j"), small_int(r)]),
        5 => Case::new()
            .when(pred(r, d - 1), int_expr(r, d - 1))
            .otherwise(int_expr(r, d - 1))
            .into(),
        6 => func::abs(int_expr(r, d - 1)),
        7 => int_expr(r, d - 1).rem(Expr::value(r.below(4) as i64 + 2)),
        _ => func::length(t().col("s")),
    }
}

pub fn float_expr(r: &mut Rng, d: u32) -> Expr {
    if d == 0 || r.chance(40) {
        // (No integer column: PostgreSQL types a parameter from the other operand, and
        // `bigint_column - 0.5` would ask it to send 0.5 as a bigint — an error there.)
        return match r.below(2) {
            0 => t().col("x"),
            _ => Expr::value(*r.pick(&[0.5_f64, -1.25, 2.0, 0.0, 10.5])),
        };
    }
    match r.below(4) {
        3 => float_expr(r, d - 1).true_div(float_expr(r, d - 1)),
        0 => float_expr(r, d - 1).add(float_expr(r, d - 1)),
        1 => float_expr(r, d - 1).sub(float_expr(r, d - 1)),
        _ => float_expr(r, d - 1).mul(Expr::value(*r.pick(&[2.0_f64, -0.5]))),
    }
}

pub fn text_expr(r: &mut Rng, d: u32) -> Expr {
    if d == 0 || r.chance(50) {
        return match r.below(3) {
            0 | 1 => t().col("s"),
            _ => Expr::value(*r.pick(&[
                "a", "ab", "b%c", "", "it's", "zz", "x_y", "a\\b", "\\'", "\\", "é\n\t",
            ])),
        };
    }
    match r.below(3) {
        0 => text_expr(r, d - 1).concat(text_expr(r, d - 1)),
        1 => func::lower(text_expr(r, d - 1)),
        _ => func::coalesce([t().col("s"), Expr::value("n/a")]),
    }
}

fn int_list(r: &mut Rng) -> Vec<Expr> {
    let n = r.below(4) + 1;
    (0..n)
        .map(|_| {
            if r.chance(20) {
                Expr::value(Value::Null)
            } else {
                small_int(r)
            }
        })
        .collect()
}

/// A predicate: TRUE, FALSE or NULL for each row.
pub fn pred(r: &mut Rng, d: u32) -> Expr {
    let compound = d > 0 && r.chance(40);
    if compound {
        return match r.below(4) {
            0 => pred(r, d - 1).and(pred(r, d - 1)),
            1 => pred(r, d - 1).or(pred(r, d - 1)),
            2 => pred(r, d - 1).not(),
            _ => pred(r, d - 1).is_null(),
        };
    }
    let d = d.saturating_sub(1);
    match r.below(21) {
        0..=2 => Expr::binary(int_expr(r, d), *r.pick(&OPS), int_expr(r, d)),
        3 => Expr::binary(float_expr(r, d), *r.pick(&OPS), float_expr(r, d)),
        4 => Expr::binary(
            text_expr(r, d),
            *r.pick(&[BinaryOp::Eq, BinaryOp::NotEq]),
            text_expr(r, d),
        ),
        5 => int_expr(r, d).is_null(),
        6 => text_expr(r, d).is_not_null(),
        7 => {
            let (a, b) = (int_expr(r, d), int_expr(r, d));
            if r.chance(50) {
                a.is_distinct_from(b)
            } else {
                a.is_not_distinct_from(b)
            }
        }
        8 => {
            let (e, lo, hi) = (int_expr(r, d), int_expr(r, d), int_expr(r, d));
            if r.chance(50) {
                e.between(lo, hi)
            } else {
                e.not_between(lo, hi)
            }
        }
        9 => {
            let list = int_list(r);
            if r.chance(50) {
                int_expr(r, d).in_list(list)
            } else {
                int_expr(r, d).not_in_list(list)
            }
        }
        10 => {
            let pattern = *r.pick(&["a%", "%b%", "_", "a_c", "%", "b!%c", "it's", ""]);
            let e = text_expr(r, d);
            let like = if r.chance(50) {
                e.like(pattern)
            } else {
                e.not_like(pattern)
            };
            if pattern.contains('!') {
                like.escape('!')
            } else {
                like
            }
        }
        11 => {
            let text = *r.pick(&["a", "%", "_", "b", ""]);
            match r.below(3) {
                0 => t().col("s").contains(text),
                1 => t().col("s").starts_with(text),
                _ => t().col("s").ends_with(text),
            }
        }
        12 => {
            // Correlated: rows of t whose i appears as some other row's j.
            let u = TableRef::new("t").alias("u");
            let sub = Select::new()
                .column(u.col("j"))
                .from(u.clone())
                .filter(u.col("id").ne(t().col("id")));
            if r.chance(50) {
                t().col("i").in_query(sub)
            } else {
                t().col("i").not_in_query(sub)
            }
        }
        13 => {
            let u = TableRef::new("t").alias("u");
            let sub = Select::new()
                .column(Expr::value(1_i64))
                .from(u.clone())
                .filter(u.col("j").eq(t().col("i")));
            if r.chance(50) {
                Expr::exists(sub)
            } else {
                Expr::not_exists(sub)
            }
        }
        14 => {
            if r.chance(50) {
                Expr::True
            } else {
                Expr::False
            }
        }
        #[cfg(feature = "decimal")]
        16 | 17 => Expr::binary(dec_expr(r, d), *r.pick(&OPS), dec_expr(r, d)),
        #[cfg(feature = "chrono")]
        18 => Expr::binary(date_expr(r, d), *r.pick(&OPS), date_expr(r, d)),
        #[cfg(feature = "chrono")]
        19 => Expr::binary(timestamp_expr(r, d), *r.pick(&OPS), timestamp_expr(r, d)),
        #[cfg(feature = "decimal")]
        20 => {
            let list: Vec<Expr> = (0..r.below(3) + 1).map(|_| dec_value(r)).collect();
            if r.chance(50) {
                dec_expr(r, d).in_list(list)
            } else {
                dec_expr(r, d).between(dec_value(r), dec_value(r))
            }
        }
        _ => Expr::binary(int_expr(r, d), *r.pick(&OPS), Expr::value(Value::Null)),
    }
}

/// `e`, or a constant of its kind where `e` is a bare NULL: an expression of NULLs alone
/// has no type on PostgreSQL (`CASE … THEN NULL ELSE NULL END` is text there, and `-NULL`
/// an ambiguous operator), a refusal the generator does not aim at.
fn typed_or(
    r: &mut Rng,
    d: u32,
    generate: fn(&mut Rng, u32) -> Expr,
    constant: fn(&mut Rng) -> Expr,
) -> Expr {
    match generate(r, d) {
        Expr::Value(Value::Null) => constant(r),
        e => e,
    }
}

/// A scalar subquery over the other rows of `t`: `(SELECT agg(u.col) FROM t u WHERE
/// u.id > t.id)`, NULL for the last rows.
fn other_rows(agg: fn(Expr) -> Expr, col: &'static str) -> Expr {
    let u = TableRef::new("t").alias("u");
    Expr::subquery(
        Select::new()
            .column(agg(u.col(col)))
            .from(u.clone())
            .filter(u.col("id").gt(t().col("id"))),
    )
}

/// A decimal value with at most two places, or NULL.
#[cfg(feature = "decimal")]
fn dec_value(r: &mut Rng) -> Expr {
    if r.chance(8) {
        Expr::value(Value::Null)
    } else {
        dec_const(r)
    }
}

#[cfg(feature = "decimal")]
fn dec_const(r: &mut Rng) -> Expr {
    let text = *r.pick(&[
        "0",
        "0.1",
        "0.10",
        "2.50",
        "-3",
        "100.25",
        "-0.05",
        "7",
        "1000000.01",
    ]);
    Expr::value(text.parse::<rust_decimal::Decimal>().unwrap_or_default())
}

/// A decimal expression over column `m` (NUMERIC(12, 2)). Comparisons, CASE, COALESCE,
/// signs, MIN / MAX and scalar subqueries are exact on every database; arithmetic is
/// left out, since SQLite adds and multiplies fractional decimals as doubles (the
/// documented rule of `Value::decimal_as_number`).
#[cfg(feature = "decimal")]
pub fn dec_expr(r: &mut Rng, d: u32) -> Expr {
    if d == 0 || r.chance(40) {
        return if r.chance(50) {
            t().col("m")
        } else {
            dec_value(r)
        };
    }
    match r.below(5) {
        // (A non-NULL fallback: COALESCE(NULL, NULL) has no type PostgreSQL can compare.)
        0 => func::coalesce([dec_expr(r, d - 1), dec_const(r)]),
        1 => Case::new()
            .when(pred(r, d - 1), dec_expr(r, d - 1))
            .otherwise(typed_or(r, d - 1, dec_expr, dec_const))
            .into(),
        // (Not of a bare NULL: PostgreSQL cannot tell which `-` or ABS it would be.)
        2 => func::abs(typed_or(r, d - 1, dec_expr, dec_const)),
        3 => typed_or(r, d - 1, dec_expr, dec_const).neg(),
        _ => other_rows(if r.chance(50) { func::max } else { func::min }, "m"),
    }
}

/// A date value, or NULL.
#[cfg(feature = "chrono")]
fn date_value(r: &mut Rng) -> Expr {
    if r.chance(8) {
        Expr::value(Value::Null)
    } else {
        date_const(r)
    }
}

#[cfg(feature = "chrono")]
fn date_const(r: &mut Rng) -> Expr {
    let text = *r.pick(&[
        "2024-01-15",
        "2023-12-31",
        "2024-02-29",
        "1999-07-04",
        "2024-01-16",
    ]);
    Expr::value(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default())
}

/// A date expression over column `dt` (DATE; TEXT on SQLite).
#[cfg(feature = "chrono")]
pub fn date_expr(r: &mut Rng, d: u32) -> Expr {
    if d == 0 || r.chance(40) {
        return if r.chance(50) {
            t().col("dt")
        } else {
            date_value(r)
        };
    }
    match r.below(3) {
        // (A non-NULL fallback: COALESCE(NULL, NULL) has no type PostgreSQL can compare.)
        0 => func::coalesce([date_expr(r, d - 1), date_const(r)]),
        1 => Case::new()
            .when(pred(r, d - 1), date_expr(r, d - 1))
            .otherwise(typed_or(r, d - 1, date_expr, date_const))
            .into(),
        _ => other_rows(if r.chance(50) { func::max } else { func::min }, "dt"),
    }
}

/// A timestamp value (whole seconds or with a fraction), or NULL.
#[cfg(feature = "chrono")]
fn timestamp_value(r: &mut Rng) -> Expr {
    if r.chance(8) {
        Expr::value(Value::Null)
    } else {
        timestamp_const(r)
    }
}

#[cfg(feature = "chrono")]
fn timestamp_const(r: &mut Rng) -> Expr {
    let text = *r.pick(&[
        "2024-01-15 10:30:00",
        "2024-01-15 10:30:00.5",
        "2024-01-15 10:30:00.123456",
        "2023-12-31 23:59:59",
        "2024-01-15 00:00:00",
    ]);
    Expr::value(
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap_or_default(),
    )
}

/// A timestamp expression over column `ts` (TIMESTAMP; DATETIME(6) on MariaDB; TEXT on
/// SQLite, in the form the SQLite driver binds).
#[cfg(feature = "chrono")]
pub fn timestamp_expr(r: &mut Rng, d: u32) -> Expr {
    if d == 0 || r.chance(40) {
        return if r.chance(50) {
            t().col("ts")
        } else {
            timestamp_value(r)
        };
    }
    match r.below(3) {
        // (A non-NULL fallback: COALESCE(NULL, NULL) has no type PostgreSQL can compare.)
        0 => func::coalesce([timestamp_expr(r, d - 1), timestamp_const(r)]),
        1 => Case::new()
            .when(pred(r, d - 1), timestamp_expr(r, d - 1))
            .otherwise(typed_or(r, d - 1, timestamp_expr, timestamp_const))
            .into(),
        _ => other_rows(if r.chance(50) { func::max } else { func::min }, "ts"),
    }
}
