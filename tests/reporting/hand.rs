//! The reporting suite's queries written by hand, for each database. `same(sql)` is one
//! text for the three; `per(sqlite, postgres, mysql)` is one per database (the MySQL text
//! runs on MariaDB).

pub struct Hand {
    pub sqlite: &'static str,
    pub postgres: &'static str,
    pub mysql: &'static str,
}

impl Hand {
    pub fn for_dialect(&self, name: &str) -> &'static str {
        match name {
            "SQLite" => self.sqlite,
            "PostgreSQL" => self.postgres,
            _ => self.mysql,
        }
    }
}

pub const fn same(sql: &'static str) -> Hand {
    Hand {
        sqlite: sql,
        postgres: sql,
        mysql: sql,
    }
}

pub const fn per(sqlite: &'static str, postgres: &'static str, mysql: &'static str) -> Hand {
    Hand {
        sqlite,
        postgres,
        mysql,
    }
}

pub const REVENUE_BY_REGION: Hand = same(
    "SELECT r.name AS region, COUNT(DISTINCT o.id) AS orders,
            ROUND(SUM(oi.quantity * oi.unit_price), 2) AS revenue
     FROM regions r
     JOIN customers c ON c.region_id = r.id
     JOIN orders o ON o.customer_id = c.id
     JOIN order_items oi ON oi.order_id = o.id
     WHERE o.status <> 'cancelled'
     GROUP BY r.name
     ORDER BY revenue DESC, region",
);

pub const MONTHLY_REVENUE_2024: Hand = per(
    "SELECT strftime('%Y-%m-01', o.placed_on) AS month,
            ROUND(SUM(oi.quantity * oi.unit_price), 2) AS revenue
     FROM orders o JOIN order_items oi ON oi.order_id = o.id
     WHERE o.placed_on >= '2024-01-01' AND o.placed_on < '2025-01-01' AND o.status <> 'cancelled'
     GROUP BY strftime('%Y-%m-01', o.placed_on)
     ORDER BY month",
    "SELECT CAST(date_trunc('month', o.placed_on) AS DATE) AS month,
            ROUND(SUM(oi.quantity * oi.unit_price), 2) AS revenue
     FROM orders o JOIN order_items oi ON oi.order_id = o.id
     WHERE o.placed_on >= DATE '2024-01-01' AND o.placed_on < DATE '2025-01-01' AND o.status <> 'cancelled'
     GROUP BY CAST(date_trunc('month', o.placed_on) AS DATE)
     ORDER BY month",
    "SELECT CAST(DATE_FORMAT(o.placed_on, '%Y-%m-01') AS DATE) AS month,
            ROUND(SUM(oi.quantity * oi.unit_price), 2) AS revenue
     FROM orders o JOIN order_items oi ON oi.order_id = o.id
     WHERE o.placed_on >= DATE '2024-01-01' AND o.placed_on < DATE '2025-01-01' AND o.status <> 'cancelled'
     GROUP BY CAST(DATE_FORMAT(o.placed_on, '%Y-%m-01') AS DATE)
     ORDER BY month",
);

pub const TOP_CUSTOMERS: Hand = same(
    "SELECT c.id, c.name, COUNT(DISTINCT o.id) AS orders,
            ROUND(SUM(oi.quantity * oi.unit_price), 2) AS spend
     FROM customers c
     JOIN orders o ON o.customer_id = c.id
     JOIN order_items oi ON oi.order_id = o.id
     WHERE o.status IN ('paid', 'shipped')
     GROUP BY c.id, c.name
     ORDER BY spend DESC, c.id
     LIMIT 10",
);

pub const CUSTOMERS_WITHOUT_ORDERS: Hand = same(
    "SELECT c.id, c.name FROM customers c
     WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
     ORDER BY c.id",
);

pub const PRODUCTS_NEVER_ORDERED: Hand = same(
    "SELECT p.id, p.name, p.price FROM products p
     WHERE p.id NOT IN (SELECT oi.product_id FROM order_items oi)
     ORDER BY p.id",
);

pub const AVG_ORDER_VALUE_BY_STATUS: Hand = same(
    "SELECT t.status, COUNT(*) AS orders, ROUND(AVG(t.total), 2) AS avg_total,
            MAX(t.total) AS max_total
     FROM (SELECT o.id, o.status, SUM(oi.quantity * oi.unit_price) AS total
           FROM orders o JOIN order_items oi ON oi.order_id = o.id
           GROUP BY o.id, o.status) t
     GROUP BY t.status
     ORDER BY t.status",
);

pub const ORDERS_FAR_ABOVE_AVERAGE_LINE: Hand = same(
    "SELECT o.id, ROUND(SUM(oi.quantity * oi.unit_price), 2) AS total
     FROM orders o JOIN order_items oi ON oi.order_id = o.id
     GROUP BY o.id
     HAVING SUM(oi.quantity * oi.unit_price) >
            (SELECT 5 * AVG(oi2.quantity * oi2.unit_price) FROM order_items oi2)
     ORDER BY o.id",
);

pub const SETTLED_AND_CANCELLED_BY_CATEGORY: Hand = same(
    "SELECT cat.name,
            ROUND(SUM(CASE WHEN o.status IN ('paid', 'shipped') THEN oi.quantity * oi.unit_price ELSE 0 END), 2) AS settled,
            SUM(CASE WHEN o.status = 'cancelled' THEN oi.quantity ELSE 0 END) AS cancelled_units
     FROM categories cat
     JOIN products p ON p.category_id = cat.id
     JOIN order_items oi ON oi.product_id = p.id
     JOIN orders o ON o.id = oi.order_id
     GROUP BY cat.name
     ORDER BY cat.name",
);

pub const CUSTOMERS_BY_TIER: Hand = same(
    "SELECT COALESCE(c.tier, 'none') AS tier, COUNT(*) AS customers,
            COUNT(c.credit_limit) AS with_limit, ROUND(AVG(c.credit_limit), 2) AS avg_limit
     FROM customers c
     GROUP BY COALESCE(c.tier, 'none')
     ORDER BY MIN(CASE c.tier WHEN 'gold' THEN 1 WHEN 'silver' THEN 2 WHEN 'bronze' THEN 3 ELSE 4 END)",
);

pub const RUNNING_TOTAL_2024: Hand = per(
    "WITH m AS (
       SELECT strftime('%Y-%m-01', o.placed_on) AS month, SUM(oi.quantity * oi.unit_price) AS revenue
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
       WHERE o.placed_on >= '2024-01-01' AND o.placed_on < '2025-01-01'
       GROUP BY strftime('%Y-%m-01', o.placed_on))
     SELECT month, ROUND(revenue, 2) AS revenue, ROUND(SUM(revenue) OVER (ORDER BY month), 2) AS running
     FROM m ORDER BY month",
    "WITH m AS (
       SELECT CAST(date_trunc('month', o.placed_on) AS DATE) AS month, SUM(oi.quantity * oi.unit_price) AS revenue
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
       WHERE o.placed_on >= DATE '2024-01-01' AND o.placed_on < DATE '2025-01-01'
       GROUP BY CAST(date_trunc('month', o.placed_on) AS DATE))
     SELECT month, ROUND(revenue, 2) AS revenue, ROUND(SUM(revenue) OVER (ORDER BY month), 2) AS running
     FROM m ORDER BY month",
    "WITH m AS (
       SELECT CAST(DATE_FORMAT(o.placed_on, '%Y-%m-01') AS DATE) AS month, SUM(oi.quantity * oi.unit_price) AS revenue
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
       WHERE o.placed_on >= DATE '2024-01-01' AND o.placed_on < DATE '2025-01-01'
       GROUP BY CAST(DATE_FORMAT(o.placed_on, '%Y-%m-01') AS DATE))
     SELECT month, ROUND(revenue, 2) AS revenue, ROUND(SUM(revenue) OVER (ORDER BY month), 2) AS running
     FROM m ORDER BY month",
);

pub const TOP_PRODUCTS_PER_CATEGORY: Hand = same(
    "SELECT t.category_id, t.id, t.units, t.rnk
     FROM (SELECT p.category_id, p.id, SUM(oi.quantity) AS units,
                  RANK() OVER (PARTITION BY p.category_id ORDER BY SUM(oi.quantity) DESC) AS rnk
           FROM products p JOIN order_items oi ON oi.product_id = p.id
           GROUP BY p.category_id, p.id) t
     WHERE t.rnk <= 3
     ORDER BY t.category_id, t.rnk, t.id",
);

pub const LATEST_ORDER_PER_CUSTOMER: Hand = same(
    "WITH ranked AS (
       SELECT o.customer_id, o.id, o.placed_on,
              ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.placed_on DESC, o.id DESC) AS rn
       FROM orders o)
     SELECT customer_id, id, placed_on FROM ranked
     WHERE rn = 1 AND customer_id <= 25
     ORDER BY customer_id",
);

pub const UNDERPAID_ORDERS: Hand = same(
    "SELECT o.id, ROUND(SUM(oi.quantity * oi.unit_price), 2) AS total,
            ROUND((SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.order_id = o.id), 2) AS paid
     FROM orders o JOIN order_items oi ON oi.order_id = o.id
     WHERE o.status IN ('paid', 'shipped')
     GROUP BY o.id
     HAVING ROUND((SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.order_id = o.id), 2)
            < ROUND(SUM(oi.quantity * oi.unit_price), 2)
     ORDER BY o.id",
);

pub const PAYMENT_DELAY_BY_METHOD: Hand = per(
    "SELECT p.method, COUNT(*) AS payments,
            ROUND(AVG(julianday(p.paid_on) - julianday(o.placed_on)), 2) AS avg_days,
            MAX(CAST(julianday(p.paid_on) - julianday(o.placed_on) AS INTEGER)) AS max_days
     FROM payments p JOIN orders o ON o.id = p.order_id
     GROUP BY p.method ORDER BY p.method",
    "SELECT p.method, COUNT(*) AS payments,
            ROUND(AVG(p.paid_on - o.placed_on), 2) AS avg_days,
            MAX(p.paid_on - o.placed_on) AS max_days
     FROM payments p JOIN orders o ON o.id = p.order_id
     GROUP BY p.method ORDER BY p.method",
    "SELECT p.method, COUNT(*) AS payments,
            ROUND(AVG(DATEDIFF(p.paid_on, o.placed_on)), 2) AS avg_days,
            MAX(DATEDIFF(p.paid_on, o.placed_on)) AS max_days
     FROM payments p JOIN orders o ON o.id = p.order_id
     GROUP BY p.method ORDER BY p.method",
);

pub const SIGNUPS_IN_90_DAYS_BY_REGION: Hand = per(
    "SELECT r.name, COUNT(c.id) AS signups
     FROM regions r LEFT JOIN customers c
       ON c.region_id = r.id AND c.signed_up > date('2024-06-30', '-90 days') AND c.signed_up <= '2024-06-30'
     GROUP BY r.name ORDER BY r.name",
    "SELECT r.name, COUNT(c.id) AS signups
     FROM regions r LEFT JOIN customers c
       ON c.region_id = r.id AND c.signed_up > DATE '2024-06-30' - 90 AND c.signed_up <= DATE '2024-06-30'
     GROUP BY r.name ORDER BY r.name",
    "SELECT r.name, COUNT(c.id) AS signups
     FROM regions r LEFT JOIN customers c
       ON c.region_id = r.id AND c.signed_up > DATE_SUB(DATE '2024-06-30', INTERVAL 90 DAY) AND c.signed_up <= DATE '2024-06-30'
     GROUP BY r.name ORDER BY r.name",
);

pub const DISCOUNTED_REVENUE_BY_CATEGORY: Hand = same(
    "SELECT cat.name,
            ROUND(SUM(oi.quantity * oi.unit_price * (1 - COALESCE(oi.discount, 0))), 4) AS net,
            ROUND(SUM(oi.quantity * oi.unit_price * COALESCE(oi.discount, 0)), 4) AS given
     FROM categories cat
     JOIN products p ON p.category_id = cat.id
     JOIN order_items oi ON oi.product_id = p.id
     GROUP BY cat.name ORDER BY cat.name",
);

pub const SHIPPING_BY_REGION: Hand = same(
    "SELECT r.name, COUNT(*) AS orders, COUNT(o.shipping) AS with_shipping,
            SUM(CASE WHEN o.shipping IS NULL THEN 1 ELSE 0 END) AS without_shipping,
            ROUND(AVG(o.shipping), 2) AS avg_shipping, MIN(o.shipping) AS min_shipping
     FROM regions r
     JOIN customers c ON c.region_id = r.id
     JOIN orders o ON o.customer_id = c.id
     GROUP BY r.name ORDER BY r.name",
);

pub const CUSTOMERS_ACTIVE_IN_MANY_MONTHS: Hand = per(
    "SELECT o.customer_id, COUNT(DISTINCT strftime('%Y-%m-01', o.placed_on)) AS months
     FROM orders o GROUP BY o.customer_id
     HAVING COUNT(DISTINCT strftime('%Y-%m-01', o.placed_on)) >= 9
     ORDER BY months DESC, o.customer_id",
    "SELECT o.customer_id, COUNT(DISTINCT CAST(date_trunc('month', o.placed_on) AS DATE)) AS months
     FROM orders o GROUP BY o.customer_id
     HAVING COUNT(DISTINCT CAST(date_trunc('month', o.placed_on) AS DATE)) >= 9
     ORDER BY months DESC, o.customer_id",
    "SELECT o.customer_id, COUNT(DISTINCT CAST(DATE_FORMAT(o.placed_on, '%Y-%m-01') AS DATE)) AS months
     FROM orders o GROUP BY o.customer_id
     HAVING COUNT(DISTINCT CAST(DATE_FORMAT(o.placed_on, '%Y-%m-01') AS DATE)) >= 9
     ORDER BY months DESC, o.customer_id",
);

pub const CATEGORY_TREE: Hand = same(
    "WITH RECURSIVE tree (id, name, depth, root) AS (
       SELECT id, name, 0, id FROM categories WHERE parent_id IS NULL
       UNION ALL
       SELECT c.id, c.name, t.depth + 1, t.root FROM categories c JOIN tree t ON c.parent_id = t.id)
     SELECT root, id, name, depth FROM tree ORDER BY root, depth, id",
);

// PostgreSQL has no ROUND(double precision, integer): the average goes through NUMERIC.
pub const WEIGHT_BY_CATEGORY: Hand = per(
    "SELECT p.category_id, COUNT(p.weight_kg) AS weighed, ROUND(AVG(p.weight_kg), 3) AS avg_kg,
            MIN(p.weight_kg) AS min_kg, MAX(p.weight_kg) AS max_kg
     FROM products p WHERE p.active
     GROUP BY p.category_id ORDER BY p.category_id",
    "SELECT p.category_id, COUNT(p.weight_kg) AS weighed, ROUND(CAST(AVG(p.weight_kg) AS NUMERIC), 3) AS avg_kg,
            MIN(p.weight_kg) AS min_kg, MAX(p.weight_kg) AS max_kg
     FROM products p WHERE p.active
     GROUP BY p.category_id ORDER BY p.category_id",
    "SELECT p.category_id, COUNT(p.weight_kg) AS weighed, ROUND(AVG(p.weight_kg), 3) AS avg_kg,
            MIN(p.weight_kg) AS min_kg, MAX(p.weight_kg) AS max_kg
     FROM products p WHERE p.active
     GROUP BY p.category_id ORDER BY p.category_id",
);

pub const EMAIL_DOMAINS: Hand = per(
    "SELECT lower(substr(c.email, instr(c.email, '@') + 1)) AS domain, COUNT(*) AS customers
     FROM customers c WHERE c.email IS NOT NULL
     GROUP BY lower(substr(c.email, instr(c.email, '@') + 1)) ORDER BY domain",
    "SELECT LOWER(SUBSTRING(c.email FROM POSITION('@' IN c.email) + 1)) AS domain, COUNT(*) AS customers
     FROM customers c WHERE c.email IS NOT NULL
     GROUP BY LOWER(SUBSTRING(c.email FROM POSITION('@' IN c.email) + 1)) ORDER BY domain",
    "SELECT LOWER(SUBSTRING(c.email, LOCATE('@', c.email) + 1)) AS domain, COUNT(*) AS customers
     FROM customers c WHERE c.email IS NOT NULL
     GROUP BY LOWER(SUBSTRING(c.email, LOCATE('@', c.email) + 1)) ORDER BY domain",
);

pub const ORDERS_BY_YEAR_AND_QUARTER: Hand = per(
    "SELECT CAST(strftime('%Y', o.placed_on) AS INTEGER) AS y,
            (CAST(strftime('%m', o.placed_on) AS INTEGER) + 2) / 3 AS q, COUNT(*) AS orders
     FROM orders o GROUP BY y, q ORDER BY y, q",
    "SELECT EXTRACT(YEAR FROM o.placed_on) AS y, EXTRACT(QUARTER FROM o.placed_on) AS q, COUNT(*) AS orders
     FROM orders o GROUP BY 1, 2 ORDER BY 1, 2",
    "SELECT EXTRACT(YEAR FROM o.placed_on) AS y, QUARTER(o.placed_on) AS q, COUNT(*) AS orders
     FROM orders o GROUP BY 1, 2 ORDER BY 1, 2",
);

pub const REVENUE_BY_YEAR_WITH_CHANGE: Hand = per(
    "WITH y AS (
       SELECT CAST(strftime('%Y', o.placed_on) AS INTEGER) AS yr, SUM(oi.quantity * oi.unit_price) AS revenue
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
       GROUP BY CAST(strftime('%Y', o.placed_on) AS INTEGER))
     SELECT yr, ROUND(revenue, 2) AS revenue, ROUND(revenue - LAG(revenue) OVER (ORDER BY yr), 2) AS change
     FROM y ORDER BY yr",
    "WITH y AS (
       SELECT EXTRACT(YEAR FROM o.placed_on) AS yr, SUM(oi.quantity * oi.unit_price) AS revenue
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
       GROUP BY EXTRACT(YEAR FROM o.placed_on))
     SELECT yr, ROUND(revenue, 2) AS revenue, ROUND(revenue - LAG(revenue) OVER (ORDER BY yr), 2) AS change
     FROM y ORDER BY yr",
    "WITH y AS (
       SELECT EXTRACT(YEAR FROM o.placed_on) AS yr, SUM(oi.quantity * oi.unit_price) AS revenue
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
       GROUP BY EXTRACT(YEAR FROM o.placed_on))
     SELECT yr, ROUND(revenue, 2) AS revenue, ROUND(revenue - LAG(revenue) OVER (ORDER BY yr), 2) AS `change`
     FROM y ORDER BY yr",
);

pub const ALWAYS_SETTLED_CUSTOMERS: Hand = same(
    "SELECT c.id, c.name FROM customers c
     WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status NOT IN ('paid', 'shipped'))
       AND (SELECT COUNT(*) FROM orders o2 WHERE o2.customer_id = c.id) >= 8
     ORDER BY c.id",
);

pub const PRODUCTS_ABOVE_CATEGORY_AVERAGE: Hand = same(
    "SELECT p.category_id, p.id, p.price FROM products p
     WHERE p.active AND p.price > (SELECT AVG(p2.price) FROM products p2 WHERE p2.category_id = p.category_id)
     ORDER BY p.category_id, p.id",
);

pub const SPEND_BUCKETS: Hand = same(
    "SELECT CASE WHEN t.spend >= 10000 THEN 'high' WHEN t.spend >= 4000 THEN 'mid' ELSE 'low' END AS bucket,
            COUNT(*) AS customers
     FROM (SELECT o.customer_id, SUM(oi.quantity * oi.unit_price) AS spend
           FROM orders o JOIN order_items oi ON oi.order_id = o.id
           GROUP BY o.customer_id) t
     GROUP BY CASE WHEN t.spend >= 10000 THEN 'high' WHEN t.spend >= 4000 THEN 'mid' ELSE 'low' END
     ORDER BY bucket",
);

pub const EVENTS_PER_QUARTER_2024: Hand = per(
    "SELECT e.kind, (CAST(strftime('%m', e.day) AS INTEGER) + 2) / 3 AS q, COUNT(*) AS events
     FROM (SELECT o.placed_on AS day, 'order' AS kind FROM orders o
           UNION ALL SELECT p.paid_on, 'payment' FROM payments p) e
     WHERE e.day >= '2024-01-01' AND e.day < '2025-01-01'
     GROUP BY e.kind, q ORDER BY e.kind, q",
    "SELECT e.kind, EXTRACT(QUARTER FROM e.day) AS q, COUNT(*) AS events
     FROM (SELECT o.placed_on AS day, 'order' AS kind FROM orders o
           UNION ALL SELECT p.paid_on, 'payment' FROM payments p) e
     WHERE e.day >= DATE '2024-01-01' AND e.day < DATE '2025-01-01'
     GROUP BY e.kind, EXTRACT(QUARTER FROM e.day) ORDER BY e.kind, q",
    "SELECT e.kind, QUARTER(e.day) AS q, COUNT(*) AS events
     FROM (SELECT o.placed_on AS day, 'order' AS kind FROM orders o
           UNION ALL SELECT p.paid_on, 'payment' FROM payments p) e
     WHERE e.day >= DATE '2024-01-01' AND e.day < DATE '2025-01-01'
     GROUP BY e.kind, QUARTER(e.day) ORDER BY e.kind, q",
);

pub const CUSTOMERS_WITH_A_LARGE_ORDER: Hand = same(
    "SELECT c.id, c.name, c.tier FROM customers c
     WHERE c.id IN (SELECT o.customer_id FROM orders o JOIN order_items oi ON oi.order_id = o.id
                    GROUP BY o.id, o.customer_id HAVING SUM(oi.quantity * oi.unit_price) > 2500)
       AND c.tier IS NOT NULL
     ORDER BY c.id",
);

pub const MOST_EXPENSIVE_PER_CATEGORY: Hand = same(
    "SELECT p.category_id, p.id, p.name, p.price FROM products p
     WHERE p.price = (SELECT MAX(p2.price) FROM products p2 WHERE p2.category_id = p.category_id)
     ORDER BY p.category_id, p.id",
);

/// Every hand-written query, by name.
pub const ALL: &[(&str, Hand)] = &[
    ("revenue_by_region", REVENUE_BY_REGION),
    ("monthly_revenue_2024", MONTHLY_REVENUE_2024),
    ("top_customers", TOP_CUSTOMERS),
    ("customers_without_orders", CUSTOMERS_WITHOUT_ORDERS),
    ("products_never_ordered", PRODUCTS_NEVER_ORDERED),
    ("avg_order_value_by_status", AVG_ORDER_VALUE_BY_STATUS),
    (
        "orders_far_above_average_line",
        ORDERS_FAR_ABOVE_AVERAGE_LINE,
    ),
    (
        "settled_and_cancelled_by_category",
        SETTLED_AND_CANCELLED_BY_CATEGORY,
    ),
    ("customers_by_tier", CUSTOMERS_BY_TIER),
    ("running_total_2024", RUNNING_TOTAL_2024),
    ("top_products_per_category", TOP_PRODUCTS_PER_CATEGORY),
    ("latest_order_per_customer", LATEST_ORDER_PER_CUSTOMER),
    ("underpaid_orders", UNDERPAID_ORDERS),
    ("payment_delay_by_method", PAYMENT_DELAY_BY_METHOD),
    ("signups_in_90_days_by_region", SIGNUPS_IN_90_DAYS_BY_REGION),
    (
        "discounted_revenue_by_category",
        DISCOUNTED_REVENUE_BY_CATEGORY,
    ),
    ("shipping_by_region", SHIPPING_BY_REGION),
    (
        "customers_active_in_many_months",
        CUSTOMERS_ACTIVE_IN_MANY_MONTHS,
    ),
    ("category_tree", CATEGORY_TREE),
    ("weight_by_category", WEIGHT_BY_CATEGORY),
    ("email_domains", EMAIL_DOMAINS),
    ("orders_by_year_and_quarter", ORDERS_BY_YEAR_AND_QUARTER),
    ("revenue_by_year_with_change", REVENUE_BY_YEAR_WITH_CHANGE),
    ("always_settled_customers", ALWAYS_SETTLED_CUSTOMERS),
    (
        "products_above_category_average",
        PRODUCTS_ABOVE_CATEGORY_AVERAGE,
    ),
    ("spend_buckets", SPEND_BUCKETS),
    ("events_per_quarter_2024", EVENTS_PER_QUARTER_2024),
    ("customers_with_a_large_order", CUSTOMERS_WITH_A_LARGE_ORDER),
    ("most_expensive_per_category", MOST_EXPENSIVE_PER_CATEGORY),
];
