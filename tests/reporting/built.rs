//! The reporting suite's queries built with the typed API only: no `Typed::assume`, no
//! `Expr`, no raw SQL. Each function's return type is the row type its select list gives.
//! The hand-written twin of each is the constant of the same name in `hand.rs`.

// The row types are spelled out on purpose: they are what each report reads.
#![allow(clippy::type_complexity)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlweave::func::{
    DateFunctions, Interval, MathFunctions, TextFunctions, TruncUnit, count_star, lag, rank,
    row_number,
};
use sqlweave::label::label_ref;
use sqlweave::{
    DatePart, Result, TypedExpr, TypedSelect, Window, case_on, case_when, not_exists, select, val,
};

use super::schema::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn r() -> Regions {
    Regions::new().alias("r")
}
fn c() -> Customers {
    Customers::new().alias("c")
}
fn cat() -> Categories {
    Categories::new().alias("cat")
}
fn p() -> Products {
    Products::new().alias("p")
}
fn o() -> Orders {
    Orders::new().alias("o")
}
fn oi() -> OrderItems {
    OrderItems::new().alias("oi")
}
fn pay() -> Payments {
    Payments::new().alias("p")
}

pub fn revenue_by_region() -> TypedSelect<(String, i64, Option<Decimal>)> {
    let (r, c, o, oi) = (r(), c(), o(), oi());
    select((
        r.name.label("region"),
        o.id.count_distinct().label("orders"),
        (oi.quantity * oi.unit_price)
            .sum()
            .round_to(2)
            .label("revenue"),
    ))
    .from(r)
    .join(c, c.region_id.eq(r.id))
    .join(o, o.customer_id.eq(c.id))
    .join(oi, oi.order_id.eq(o.id))
    .filter(o.status.ne("cancelled"))
    .group_by([r.name])
    .order_by(label_ref("revenue").desc())
    .order_by(label_ref("region").asc())
}

/// Orders of 2024 that were not cancelled.
fn in_2024(o: Orders) -> sqlweave::Typed<bool> {
    o.placed_on
        .ge(day(2024, 1, 1))
        .and(o.placed_on.lt(day(2025, 1, 1)))
}

pub fn monthly_revenue_2024() -> TypedSelect<(NaiveDate, Option<Decimal>)> {
    let (o, oi) = (o(), oi());
    let month = o.placed_on.date_trunc(TruncUnit::Month);
    select((
        month.clone().label("month"),
        (oi.quantity * oi.unit_price)
            .sum()
            .round_to(2)
            .label("revenue"),
    ))
    .from(o)
    .join(oi, oi.order_id.eq(o.id))
    .filter(in_2024(o).and(o.status.ne("cancelled")))
    .group_by([month])
    .order_by(label_ref("month").asc())
}

pub fn top_customers() -> TypedSelect<(i64, String, i64, Option<Decimal>)> {
    let (c, o, oi) = (c(), o(), oi());
    select((
        c.id,
        c.name,
        o.id.count_distinct().label("orders"),
        (oi.quantity * oi.unit_price)
            .sum()
            .round_to(2)
            .label("spend"),
    ))
    .from(c)
    .join(o, o.customer_id.eq(c.id))
    .join(oi, oi.order_id.eq(o.id))
    .filter(o.status.in_list(["paid", "shipped"]))
    .group_by((c.id, c.name))
    .order_by(label_ref("spend").desc())
    .order_by(c.id.asc())
    .limit(10)
}

pub fn customers_without_orders() -> TypedSelect<(i64, String)> {
    let (c, o) = (c(), o());
    select((c.id, c.name))
        .from(c)
        .filter(not_exists(
            select(o.id).from(o).filter(o.customer_id.eq(c.id)),
        ))
        .order_by(c.id.asc())
}

pub fn products_never_ordered() -> TypedSelect<(i64, String, Decimal)> {
    let (p, oi) = (p(), oi());
    select((p.id, p.name, p.price))
        .from(p)
        .filter(p.id.not_in_subquery(select(oi.product_id).from(oi)))
        .order_by(p.id.asc())
}

pub fn avg_order_value_by_status()
-> Result<TypedSelect<(String, i64, Option<Decimal>, Option<Decimal>)>> {
    let (o, oi) = (o(), oi());
    let totals = select((
        o.id,
        o.status,
        (oi.quantity * oi.unit_price).sum().label("total"),
    ))
    .from(o)
    .join(oi, oi.order_id.eq(o.id))
    .group_by((o.id, o.status))
    .derived("t")?;
    let (_id, status, total) = totals.columns();
    Ok(select((
        status.clone(),
        count_star().label("orders"),
        total.clone().avg().round_to(2).label("avg_total"),
        total.max().label("max_total"),
    ))
    .from(totals)
    .group_by([status.clone()])
    .order_by(status.asc()))
}

pub fn orders_far_above_average_line() -> TypedSelect<(i64, Option<Decimal>)> {
    let (o, oi) = (o(), oi());
    let oi2 = OrderItems::new().alias("oi2");
    let threshold = select((oi2.quantity * oi2.unit_price).avg() * 5)
        .from(oi2)
        .scalar();
    let total = (oi.quantity * oi.unit_price).sum();
    select((o.id, total.clone().round_to(2).label("total")))
        .from(o)
        .join(oi, oi.order_id.eq(o.id))
        .group_by([o.id])
        .having(total.gt(threshold))
        .order_by(o.id.asc())
}

pub fn settled_and_cancelled_by_category() -> TypedSelect<(String, Option<Decimal>, Option<i64>)> {
    let (cat, p, oi, o) = (cat(), p(), oi(), o());
    select((
        cat.name,
        case_when(
            o.status.in_list(["paid", "shipped"]),
            oi.quantity * oi.unit_price,
        )
        .otherwise(Decimal::ZERO)
        .sum()
        .round_to(2)
        .label("settled"),
        case_when(o.status.eq("cancelled"), oi.quantity)
            .otherwise(0)
            .sum()
            .label("cancelled_units"),
    ))
    .from(cat)
    .join(p, p.category_id.eq(cat.id))
    .join(oi, oi.product_id.eq(p.id))
    .join(o, o.id.eq(oi.order_id))
    .group_by([cat.name])
    .order_by(cat.name.asc())
}

pub fn customers_by_tier() -> TypedSelect<(String, i64, i64, Option<Decimal>)> {
    let c = c();
    let tier = c.tier.coalesce("none");
    let rank = case_on(c.tier)
        .when("gold", 1)
        .when("silver", 2)
        .when("bronze", 3)
        .otherwise(4);
    select((
        tier.clone().label("tier"),
        count_star().label("customers"),
        c.credit_limit.count().label("with_limit"),
        c.credit_limit.avg().round_to(2).label("avg_limit"),
    ))
    .from(c)
    .group_by([tier])
    .order_by(rank.min().asc())
}

pub fn running_total_2024() -> Result<TypedSelect<(NaiveDate, Option<Decimal>, Option<Decimal>)>> {
    let (o, oi) = (o(), oi());
    let month = o.placed_on.date_trunc(TruncUnit::Month);
    let m = select((
        month.clone().label("month"),
        (oi.quantity * oi.unit_price).sum().label("revenue"),
    ))
    .from(o)
    .join(oi, oi.order_id.eq(o.id))
    .filter(in_2024(o))
    .group_by([month])
    .cte("m")?;
    let (month, revenue) = m.columns();
    Ok(select((
        month.clone(),
        revenue.clone().round_to(2).label("revenue"),
        revenue
            .sum()
            .over(Window::new().order_by(month.clone().asc()))
            .round_to(2)
            .label("running"),
    ))
    .with(m.definition())
    .from(m.reference())
    .order_by(month.asc()))
}

pub fn top_products_per_category() -> Result<TypedSelect<(i32, i64, Option<i64>, i64)>> {
    let (p, oi) = (p(), oi());
    let units = oi.quantity.sum();
    let ranked = select((
        p.category_id,
        p.id,
        units.clone().label("units"),
        rank()
            .over(
                Window::new()
                    .partition_by([p.category_id])
                    .order_by(units.desc()),
            )
            .label("rnk"),
    ))
    .from(p)
    .join(oi, oi.product_id.eq(p.id))
    .group_by((p.category_id, p.id))
    .derived("t")?;
    let (category, id, units, rnk) = ranked.columns();
    Ok(select((category.clone(), id.clone(), units, rnk.clone()))
        .from(ranked)
        .filter(rnk.clone().le(3))
        .order_by(category.asc())
        .order_by(rnk.asc())
        .order_by(id.asc()))
}

pub fn latest_order_per_customer() -> Result<TypedSelect<(i64, i64, NaiveDate)>> {
    let o = o();
    let ranked = select((
        o.customer_id,
        o.id,
        o.placed_on,
        row_number()
            .over(
                Window::new()
                    .partition_by([o.customer_id])
                    .order_by(o.placed_on.desc())
                    .order_by(o.id.desc()),
            )
            .label("rn"),
    ))
    .from(o)
    .cte("ranked")?;
    let (customer, id, placed_on, rn) = ranked.columns();
    Ok(select((customer.clone(), id, placed_on))
        .with(ranked.definition())
        .from(ranked.reference())
        .filter(rn.eq(1).and(customer.clone().le(25)))
        .order_by(customer.asc()))
}

pub fn underpaid_orders() -> TypedSelect<(i64, Option<Decimal>, Option<Decimal>)> {
    let (o, oi, p) = (o(), oi(), pay());
    let paid = || {
        select(p.amount.sum().coalesce(Decimal::ZERO))
            .from(p)
            .filter(p.order_id.eq(o.id))
            .scalar()
            .round_to(2)
    };
    let total = (oi.quantity * oi.unit_price).sum().round_to(2);
    select((o.id, total.clone().label("total"), paid().label("paid")))
        .from(o)
        .join(oi, oi.order_id.eq(o.id))
        .filter(o.status.in_list(["paid", "shipped"]))
        .group_by([o.id])
        .having(paid().lt(total))
        .order_by(o.id.asc())
}

pub fn payment_delay_by_method() -> TypedSelect<(String, i64, Option<f64>, Option<i64>)> {
    let (p, o) = (pay(), o());
    let days = p.paid_on.days_since(o.placed_on);
    select((
        p.method,
        count_star().label("payments"),
        days.clone().avg().round_to(2).label("avg_days"),
        days.max().label("max_days"),
    ))
    .from(p)
    .join(o, o.id.eq(p.order_id))
    .group_by([p.method])
    .order_by(p.method.asc())
}

pub fn signups_in_90_days_by_region() -> TypedSelect<(String, i64)> {
    let (r, c) = (r(), c());
    let end = day(2024, 6, 30);
    select((r.name, c.id.count().label("signups")))
        .from(r)
        .left_join(
            c,
            c.region_id
                .eq(r.id)
                .and(c.signed_up.gt(val(end).minus(Interval::days(90))))
                .and(c.signed_up.le(end)),
        )
        .group_by([r.name])
        .order_by(r.name.asc())
}

pub fn discounted_revenue_by_category() -> TypedSelect<(String, Option<Decimal>, Option<Decimal>)> {
    let (cat, p, oi) = (cat(), p(), oi());
    let gross = oi.quantity * oi.unit_price;
    let discount = oi.discount.coalesce(Decimal::ZERO);
    select((
        cat.name,
        (gross.clone() * (Decimal::ONE - discount.clone()))
            .sum()
            .round_to(4)
            .label("net"),
        (gross * discount).sum().round_to(4).label("given"),
    ))
    .from(cat)
    .join(p, p.category_id.eq(cat.id))
    .join(oi, oi.product_id.eq(p.id))
    .group_by([cat.name])
    .order_by(cat.name.asc())
}

pub fn shipping_by_region() -> TypedSelect<(
    String,
    i64,
    i64,
    Option<i64>,
    Option<Decimal>,
    Option<Decimal>,
)> {
    let (r, c, o) = (r(), c(), o());
    select((
        r.name,
        count_star().label("orders"),
        o.shipping.count().label("with_shipping"),
        case_when(o.shipping.is_null(), 1)
            .otherwise(0)
            .sum()
            .label("without_shipping"),
        o.shipping.avg().round_to(2).label("avg_shipping"),
        o.shipping.min().label("min_shipping"),
    ))
    .from(r)
    .join(c, c.region_id.eq(r.id))
    .join(o, o.customer_id.eq(c.id))
    .group_by([r.name])
    .order_by(r.name.asc())
}

pub fn customers_active_in_many_months() -> TypedSelect<(i64, i64)> {
    let o = o();
    let months = o.placed_on.date_trunc(TruncUnit::Month).count_distinct();
    select((o.customer_id, months.clone().label("months")))
        .from(o)
        .group_by([o.customer_id])
        .having(months.ge(9))
        .order_by(label_ref("months").desc())
        .order_by(o.customer_id.asc())
}

pub fn weight_by_category() -> TypedSelect<(i32, i64, Option<f64>, Option<f64>, Option<f64>)> {
    let p = p();
    select((
        p.category_id,
        p.weight_kg.count().label("weighed"),
        p.weight_kg.avg().round_to(3).label("avg_kg"),
        p.weight_kg.min().label("min_kg"),
        p.weight_kg.max().label("max_kg"),
    ))
    .from(p)
    .filter(p.active)
    .group_by([p.category_id])
    .order_by(p.category_id.asc())
}

pub fn orders_by_year_and_quarter() -> TypedSelect<(i64, Option<i64>, i64)> {
    let o = o();
    let year = o.placed_on.extract(DatePart::Year);
    let quarter = (o.placed_on.extract(DatePart::Month) + 2).int_div(3);
    select((
        year.clone().label("y"),
        quarter.clone().label("q"),
        count_star().label("orders"),
    ))
    .from(o)
    .group_by((year, quarter))
    .order_by(label_ref("y").asc())
    .order_by(label_ref("q").asc())
}

pub fn always_settled_customers() -> TypedSelect<(i64, String)> {
    let (c, o) = (c(), o());
    let o2 = Orders::new().alias("o2");
    let unsettled = select(o.id).from(o).filter(
        o.customer_id
            .eq(c.id)
            .and(o.status.not_in_list(["paid", "shipped"])),
    );
    let orders = select(count_star())
        .from(o2)
        .filter(o2.customer_id.eq(c.id))
        .scalar();
    select((c.id, c.name))
        .from(c)
        .filter(not_exists(unsettled).and(orders.ge(8)))
        .order_by(c.id.asc())
}

pub fn products_above_category_average() -> TypedSelect<(i32, i64, Decimal)> {
    let p = p();
    let p2 = Products::new().alias("p2");
    let average = select(p2.price.avg())
        .from(p2)
        .filter(p2.category_id.eq(p.category_id))
        .scalar();
    select((p.category_id, p.id, p.price))
        .from(p)
        .filter(p.active.typed().and(p.price.gt(average)))
        .order_by(p.category_id.asc())
        .order_by(p.id.asc())
}

pub fn spend_buckets() -> Result<TypedSelect<(String, i64)>> {
    let (o, oi) = (o(), oi());
    let per_customer = select((
        o.customer_id,
        (oi.quantity * oi.unit_price).sum().label("spend"),
    ))
    .from(o)
    .join(oi, oi.order_id.eq(o.id))
    .group_by([o.customer_id])
    .derived("t")?;
    let (_customer, spend) = per_customer.columns();
    let bucket = case_when(spend.clone().ge(10000), "high")
        .when(spend.ge(4000), "mid")
        .otherwise("low");
    Ok(select((
        bucket.clone().label("bucket"),
        count_star().label("customers"),
    ))
    .from(per_customer)
    .group_by([bucket])
    .order_by(label_ref("bucket").asc()))
}

pub fn customers_with_a_large_order() -> TypedSelect<(i64, String, Option<String>)> {
    let (c, o, oi) = (c(), o(), oi());
    let large = select(o.customer_id)
        .from(o)
        .join(oi, oi.order_id.eq(o.id))
        .group_by((o.id, o.customer_id))
        .having((oi.quantity * oi.unit_price).sum().gt(2500));
    select((c.id, c.name, c.tier))
        .from(c)
        .filter(c.id.in_subquery(large).and(c.tier.is_not_null()))
        .order_by(c.id.asc())
}

pub fn most_expensive_per_category() -> TypedSelect<(i32, i64, String, Decimal)> {
    let p = p();
    let p2 = Products::new().alias("p2");
    let top = select(p2.price.max())
        .from(p2)
        .filter(p2.category_id.eq(p.category_id))
        .scalar();
    select((p.category_id, p.id, p.name, p.price))
        .from(p)
        .filter(p.price.eq(top))
        .order_by(p.category_id.asc())
        .order_by(p.id.asc())
}

pub fn category_tree() -> Result<TypedSelect<(i32, i32, String, i32)>> {
    let cat = Categories::new();
    let anchor = select((
        cat.id,
        cat.name,
        val(0_i32).label("depth"),
        cat.id.label("root"),
    ))
    .from(cat)
    .filter(cat.parent_id.is_null());
    let tree = anchor.recursive("tree")?;
    let (id, name, depth, root) = tree.columns();
    let c = Categories::new().alias("c");
    let step = select((c.id, c.name, depth.clone() + 1, root.clone()))
        .from(c)
        .join(tree.reference(), c.parent_id.eq(id.clone()));
    let tree = tree.union_all(step);
    Ok(select((root.clone(), id.clone(), name, depth.clone()))
        .with_recursive(tree.definition_with_column_list())
        .from(tree.reference())
        .order_by(root.asc())
        .order_by(depth.asc())
        .order_by(id.asc()))
}

pub fn revenue_by_year_with_change() -> Result<TypedSelect<(i64, Option<Decimal>, Option<Decimal>)>>
{
    let (o, oi) = (o(), oi());
    let year = o.placed_on.extract(DatePart::Year);
    let y = select((
        year.clone().label("yr"),
        (oi.quantity * oi.unit_price).sum().label("revenue"),
    ))
    .from(o)
    .join(oi, oi.order_id.eq(o.id))
    .group_by([year])
    .cte("y")?;
    let (yr, revenue) = y.columns();
    let previous = lag(revenue.clone(), 1).over(Window::new().order_by(yr.clone().asc()));
    Ok(select((
        yr.clone(),
        revenue.clone().round_to(2).label("revenue"),
        (revenue - previous).round_to(2).label("change"),
    ))
    .with(y.definition())
    .from(y.reference())
    .order_by(yr.asc()))
}

pub fn events_per_quarter_2024() -> Result<TypedSelect<(String, Option<i64>, i64)>> {
    let (o, p) = (o(), pay());
    let events = select((
        o.placed_on.label("day"),
        val(String::from("order")).label("kind"),
    ))
    .from(o)
    .union_all(select((p.paid_on, val(String::from("payment")))).from(p))
    .derived("e")?;
    let (when, kind) = events.columns();
    let quarter = (when.clone().extract(DatePart::Month) + 2).int_div(3);
    Ok(select((
        kind.clone(),
        quarter.clone().label("q"),
        count_star().label("events"),
    ))
    .from(events)
    .filter(
        when.clone()
            .ge(day(2024, 1, 1))
            .and(when.lt(day(2025, 1, 1))),
    )
    .group_by((kind.clone(), quarter))
    .order_by(kind.asc())
    .order_by(label_ref("q").asc()))
}

pub fn email_domains() -> TypedSelect<(Option<String>, i64)> {
    let c = c();
    let domain = c.email.substring_from(c.email.position("@") + 1).lower();
    select((
        domain.clone().label("domain"),
        count_star().label("customers"),
    ))
    .from(c)
    .filter(c.email.is_not_null())
    .group_by([domain])
    .order_by(label_ref("domain").asc())
}
