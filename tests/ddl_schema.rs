//! A whole schema through the SchemaRegistry: ten tables with composite keys, a
//! foreign-key cycle (departments ⇄ employees) and a self-reference, partial and
//! expression indexes, checks, defaults, a generated column, an enum and a view — created
//! with create_all on SQLite, PostgreSQL and MariaDB, verified through each catalog, used,
//! and dropped cleanly with drop_all.
//!
//! MySQL has no partial indexes and MariaDB no expression indexes: the schema asks for
//! them only where `supports_ddl` says the dialect has them, and the test checks that
//! asking anyway is an Unsupported error, not an index silently left out.

mod common;

use common::scratch::{Scratch, assert_catalog, catalog};
use sqlweave::ddl::{
    ColumnDef, ColumnType, Constraint, DdlFeature, DdlStatement, EnumType, FkAction, ForeignKey,
    IndexDef, SchemaRegistry, TableDef,
};
use sqlweave::{Dialect, Executor, Expr, Select, Statement, TableRef, func, table};

table! {
    /// Customers, declared statically: the registry holds static and run-time tables alike.
    pub struct Customers("customers") {
        id: i64,
        name: String,
        email: Option<String>,
    }
}

fn varchar(name: &'static str, n: u32) -> ColumnDef {
    ColumnDef::new(name, ColumnType::Varchar(n))
}
fn bigint(name: &'static str) -> ColumnDef {
    ColumnDef::new(name, ColumnType::BigInt)
}

/// The schema, with the indexes `dialect` can build (`full` asks for all of them).
fn schema(dialect: &dyn Dialect, full: bool) -> SchemaRegistry {
    let partial = full || dialect.supports_ddl(DdlFeature::PartialIndexes);
    let expression = full || dialect.supports_ddl(DdlFeature::ExpressionIndexes);

    let regions = TableDef::new("regions")
        .column(varchar("code", 8).primary_key())
        .column(varchar("name", 50).not_null().unique());

    let mut employees = TableDef::new("employees")
        .column(bigint("id").auto_increment().primary_key())
        .column(
            bigint("department_id")
                .not_null()
                .references("departments", "id"),
        )
        .column(varchar("email", 120).not_null())
        .column(ColumnDef::new("hired_on", ColumnType::Date).not_null())
        .column(ColumnDef::new("salary", ColumnType::Numeric(Some((10, 2)))).not_null())
        .column(
            ColumnDef::new("active", ColumnType::Boolean)
                .not_null()
                .default(true),
        )
        .column(
            bigint("mentor_id")
                .references("employees", "id")
                .on_delete(FkAction::SetNull),
        )
        .constraint(Constraint::check(Expr::column("salary").gt(0)).named("employees_salary_ck"));
    if expression {
        employees = employees.index(
            IndexDef::new("employees_email_ux")
                .unique()
                .expr(func::lower(Expr::column("email"))),
        );
    } else {
        employees = employees.index(IndexDef::new("employees_email_ux").unique().column("email"));
    }
    if partial {
        employees = employees.index(
            IndexDef::new("employees_active_hired_ix")
                .column("hired_on")
                .filter(Expr::column("active").eq(true)),
        );
    }

    let departments = TableDef::new("departments")
        .column(bigint("id").auto_increment().primary_key())
        .column(varchar("name", 60).not_null())
        .column(
            varchar("region_code", 8)
                .not_null()
                .references("regions", "code"),
        )
        .column(bigint("manager_id").references("employees", "id"))
        .column(
            ColumnDef::new("budget", ColumnType::Numeric(Some((12, 2))))
                .not_null()
                .default(0),
        )
        .constraint(Constraint::check(Expr::column("budget").ge(0)).named("departments_budget_ck"))
        .constraint(
            Constraint::unique(["region_code", "name"]).named("departments_region_name_uq"),
        );

    let c = Customers::new();
    let customers = Customers::table_def()
        .column(ColumnDef::of(c.id).auto_increment().primary_key())
        .column(ColumnDef::of(c.name).ty(ColumnType::Varchar(100)))
        .column(ColumnDef::of(c.email).ty(ColumnType::Varchar(120)).unique())
        .column(
            ColumnDef::new(
                "tier",
                ColumnType::Enum(EnumType::new("customer_tier", ["basic", "gold"])),
            )
            .not_null()
            .default("basic"),
        )
        .column(
            ColumnDef::new("created_at", ColumnType::Timestamp)
                .not_null()
                .default_expr(func::current_timestamp()),
        );

    let products = TableDef::new("products")
        .column(varchar("sku", 20).primary_key())
        .column(varchar("title", 100).not_null())
        .column(bigint("price_cents").not_null())
        .column(ColumnDef::new("weight_g", ColumnType::Integer))
        .check(Expr::column("price_cents").ge(0));

    let mut orders = TableDef::new("orders")
        .column(bigint("id").auto_increment().primary_key())
        .column(
            bigint("customer_id")
                .not_null()
                .references(Customers::new(), c.id)
                .on_delete(FkAction::Cascade),
        )
        .column(ColumnDef::new("placed_at", ColumnType::Timestamp).not_null())
        .column(varchar("status", 12).not_null().default("open"))
        .column(
            bigint("handled_by")
                .references("employees", "id")
                .on_delete(FkAction::SetNull),
        )
        .constraint(
            Constraint::check(Expr::column("status").in_list([
                "open",
                "paid",
                "shipped",
                "cancelled",
            ]))
            .named("orders_status_ck"),
        );
    if partial {
        orders = orders.index(
            IndexDef::new("orders_open_ix")
                .column("placed_at")
                .filter(Expr::column("status").eq("open")),
        );
    }

    let order_lines = TableDef::new("order_lines")
        .column(
            bigint("order_id")
                .references("orders", "id")
                .on_delete(FkAction::Cascade),
        )
        .column(ColumnDef::new("line_no", ColumnType::Integer))
        .column(varchar("sku", 20).not_null().references("products", "sku"))
        .column(ColumnDef::new("qty", ColumnType::Integer).not_null())
        .column(bigint("unit_price_cents").not_null())
        .column(
            bigint("line_total")
                .generated_stored(Expr::column("qty").mul(Expr::column("unit_price_cents"))),
        )
        .constraint(Constraint::primary_key(["order_id", "line_no"]).named("order_lines_pk"))
        .constraint(Constraint::check(Expr::column("qty").gt(0)).named("order_lines_qty_ck"));

    let warehouses = TableDef::new("warehouses")
        .column(varchar("region_code", 8).references("regions", "code"))
        .column(varchar("code", 8))
        .column(varchar("city", 60).not_null())
        .primary_key(["region_code", "code"]);

    let stock = TableDef::new("stock")
        .column(varchar("region_code", 8))
        .column(varchar("warehouse_code", 8))
        .column(
            varchar("sku", 20)
                .references("products", "sku")
                .on_delete(FkAction::Cascade),
        )
        .column(
            ColumnDef::new("quantity", ColumnType::Integer)
                .not_null()
                .default(0),
        )
        .primary_key(["region_code", "warehouse_code", "sku"])
        .constraint(
            Constraint::foreign_key(ForeignKey::new(
                ["region_code", "warehouse_code"],
                "warehouses",
                ["region_code", "code"],
            ))
            .named("stock_warehouse_fk"),
        )
        .constraint(Constraint::check(Expr::column("quantity").ge(0)).named("stock_quantity_ck"));

    let shipments = TableDef::new("shipments")
        .column(bigint("id").auto_increment().primary_key())
        .column(bigint("order_id").not_null().references("orders", "id"))
        .column(varchar("region_code", 8).not_null())
        .column(varchar("warehouse_code", 8).not_null())
        .column(ColumnDef::new("shipped_on", ColumnType::Date))
        .foreign_key(
            ForeignKey::new(
                ["region_code", "warehouse_code"],
                "warehouses",
                ["region_code", "code"],
            )
            .on_update(FkAction::Cascade),
        )
        .constraint(
            Constraint::unique(["order_id", "warehouse_code"])
                .named("shipments_order_warehouse_uq"),
        )
        .index(
            IndexDef::new("shipments_shipped_ix")
                .column_desc("shipped_on")
                .column("order_id"),
        );

    let o = TableRef::new("orders");
    let cu = TableRef::new("customers");
    let l = TableRef::new("order_lines");
    let totals = Select::new()
        .column(o.col("id"))
        .column(cu.col("name"))
        .column(func::sum(l.col("line_total")).label("total_cents"))
        .from(o.clone())
        .join(cu.clone(), o.col("customer_id").eq(cu.col("id")))
        .join(l.clone(), l.col("order_id").eq(o.col("id")))
        .filter(o.col("status").ne("cancelled"))
        .group_by([o.col("id"), cu.col("name")]);

    // Registered in no particular order: the registry sorts them.
    SchemaRegistry::new()
        .table(shipments)
        .table(order_lines)
        .table(stock)
        .table(employees)
        .table(orders)
        .table(departments)
        .table(customers)
        .table(warehouses)
        .table(products)
        .table(regions)
        .view(
            sqlweave::ddl::CreateView::new("order_totals", totals).columns([
                "order_id",
                "customer",
                "total_cents",
            ]),
        )
}

const TABLES: [&str; 10] = [
    "customers",
    "departments",
    "employees",
    "order_lines",
    "orders",
    "products",
    "regions",
    "shipments",
    "stock",
    "warehouses",
];

/// Rows in byte order (MariaDB's collation puts `orders` before `order_lines`).
fn sorted(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.sort();
    rows
}

fn relations(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => {
            "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        "PostgreSQL" => {
            "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END, c.relname::text FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v') ORDER BY c.relname"
        }
        _ => {
            "SELECT CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view' ELSE TABLE_TYPE END, TABLE_NAME \
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"
        }
    };
    sorted(catalog(conn, sql, &[]))
}

/// Every foreign key: table, columns, referenced table and columns, ON DELETE.
fn foreign_keys(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => {
            r#"SELECT m.name, group_concat(f."from", ',' ORDER BY f.seq), f."table", group_concat(f."to", ',' ORDER BY f.seq), f.on_delete
             FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' GROUP BY m.name, f.id ORDER BY 1, 2"#
        }
        "PostgreSQL" => {
            "SELECT c.conrelid::regclass::text, \
             (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att), \
             c.confrelid::regclass::text, \
             (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(att, n) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att), \
             CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' ELSE 'SET DEFAULT' END \
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema() AND c.contype = 'f' ORDER BY 1, 2"
        }
        // MariaDB reports the default as RESTRICT (the same thing for InnoDB).
        _ => {
            "SELECT k.TABLE_NAME, GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), k.REFERENCED_TABLE_NAME, \
             GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION), \
             CASE r.DELETE_RULE WHEN 'RESTRICT' THEN 'NO ACTION' ELSE r.DELETE_RULE END \
             FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
             ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME \
             WHERE k.TABLE_SCHEMA = DATABASE() GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.DELETE_RULE ORDER BY 1, 2"
        }
    };
    sorted(catalog(conn, sql, &[]))
}

/// Every primary key: table and columns in key order.
fn primary_keys(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => {
            "SELECT m.name, group_concat(p.name, ',' ORDER BY p.pk) FROM sqlite_schema m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.pk > 0 GROUP BY m.name ORDER BY 1"
        }
        "PostgreSQL" => {
            "SELECT c.conrelid::regclass::text, \
             (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att) \
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema() AND c.contype = 'p' ORDER BY 1"
        }
        _ => {
            "SELECT TABLE_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM information_schema.KEY_COLUMN_USAGE \
             WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' GROUP BY TABLE_NAME ORDER BY 1"
        }
    };
    sorted(catalog(conn, sql, &[]))
}

/// Every CHECK constraint's table (SQLite: counted in each table's stored SQL).
fn checks(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => {
            "SELECT name, (length(sql) - length(replace(sql, 'CHECK (', ''))) / 7 FROM sqlite_schema \
             WHERE type = 'table' AND sql LIKE '%CHECK (%' ORDER BY name"
        }
        "PostgreSQL" => {
            "SELECT c.conrelid::regclass::text, count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE n.nspname = current_schema() AND c.contype = 'c' GROUP BY 1 ORDER BY 1"
        }
        // Column-level checks are MariaDB's own json_valid() ones.
        _ => {
            "SELECT TABLE_NAME, count(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Table' \
             GROUP BY TABLE_NAME ORDER BY 1"
        }
    };
    sorted(catalog(conn, sql, &[]))
}

/// The indexes created by CREATE INDEX: name, unique, partial, and whether on an expression.
fn created_indexes(conn: &mut dyn Executor) -> Vec<Vec<String>> {
    let sql = match conn.dialect().name() {
        "SQLite" => {
            r#"SELECT i.name, i."unique", i.partial, (SELECT count(*) FROM pragma_index_xinfo(i.name) x WHERE x.cid = -2)
             FROM sqlite_schema m, pragma_index_list(m.name) i WHERE m.type = 'table' AND i.origin = 'c' ORDER BY 1"#
        }
        "PostgreSQL" => {
            "SELECT c.relname::text, i.indisunique::int, (i.indpred IS NOT NULL)::int, (i.indexprs IS NOT NULL)::int \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1"
        }
        _ => {
            "SELECT s.INDEX_NAME, MIN(1 - s.NON_UNIQUE), 0, 0 FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = DATABASE() \
             AND s.INDEX_NAME IN ('employees_email_ux', 'employees_active_hired_ix', 'orders_open_ix', 'shipments_shipped_ix') GROUP BY s.INDEX_NAME ORDER BY 1"
        }
    };
    sorted(catalog(conn, sql, &[]))
}

fn verify_catalogs(conn: &mut dyn Executor) {
    let name = conn.dialect().name();
    let mut want_relations: Vec<Vec<String>> = TABLES
        .iter()
        .map(|t| vec!["table".to_string(), t.to_string()])
        .collect();
    want_relations.push(vec!["view".into(), "order_totals".into()]);
    assert_eq!(relations(conn), sorted(want_relations), "{name}");

    let nk = "NO ACTION";
    assert_eq!(
        foreign_keys(conn),
        common::rows(&[
            &["departments", "manager_id", "employees", "id", nk],
            &["departments", "region_code", "regions", "code", nk],
            &["employees", "department_id", "departments", "id", nk],
            &["employees", "mentor_id", "employees", "id", "SET NULL"],
            &["order_lines", "order_id", "orders", "id", "CASCADE"],
            &["order_lines", "sku", "products", "sku", nk],
            &["orders", "customer_id", "customers", "id", "CASCADE"],
            &["orders", "handled_by", "employees", "id", "SET NULL"],
            &["shipments", "order_id", "orders", "id", nk],
            &[
                "shipments",
                "region_code,warehouse_code",
                "warehouses",
                "region_code,code",
                nk
            ],
            &[
                "stock",
                "region_code,warehouse_code",
                "warehouses",
                "region_code,code",
                nk
            ],
            &["stock", "sku", "products", "sku", "CASCADE"],
            &["warehouses", "region_code", "regions", "code", nk],
        ]),
        "{name}"
    );

    assert_eq!(
        primary_keys(conn),
        common::rows(&[
            &["customers", "id"],
            &["departments", "id"],
            &["employees", "id"],
            &["order_lines", "order_id,line_no"],
            &["orders", "id"],
            &["products", "sku"],
            &["regions", "code"],
            &["shipments", "id"],
            &["stock", "region_code,warehouse_code,sku"],
            &["warehouses", "region_code,code"],
        ]),
        "{name}"
    );

    let mut want_checks: Vec<&[&str]> = vec![
        &["departments", "1"],
        &["employees", "1"],
        &["order_lines", "1"],
        &["orders", "1"],
        &["products", "1"],
        &["stock", "1"],
    ];
    if name == "SQLite" {
        // The enum's TEXT CHECK.
        want_checks.insert(0, &["customers", "1"]);
    }
    assert_eq!(checks(conn), common::rows(&want_checks), "{name}");

    let want_indexes: &[&[&str]] = match name {
        "SQLite" | "PostgreSQL" => &[
            &["employees_active_hired_ix", "0", "1", "0"],
            &["employees_email_ux", "1", "0", "1"],
            &["orders_open_ix", "0", "1", "0"],
            &["shipments_shipped_ix", "0", "0", "0"],
        ],
        // No partial indexes; the email index is on the column itself here.
        _ => &[
            &["employees_email_ux", "1", "0", "0"],
            &["shipments_shipped_ix", "0", "0", "0"],
        ],
    };
    assert_eq!(created_indexes(conn), common::rows(want_indexes), "{name}");

    // The cycle's keys were added afterwards, under their default names.
    match name {
        "PostgreSQL" => assert_catalog(
            conn,
            "SELECT conname::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema() \
             AND conname IN ('employees_department_id_fkey', 'departments_manager_id_fkey') ORDER BY 1",
            &[],
            &[
                &["departments_manager_id_fkey"],
                &["employees_department_id_fkey"],
            ],
        ),
        "MariaDB" | "MySQL" => assert_catalog(
            conn,
            "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
             AND CONSTRAINT_NAME IN ('employees_department_id_fkey', 'departments_manager_id_fkey') ORDER BY 1",
            &[],
            &[
                &["departments_manager_id_fkey"],
                &["employees_department_id_fkey"],
            ],
        ),
        _ => {}
    }
    if name == "PostgreSQL" {
        assert_catalog(
            conn,
            "SELECT string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
             JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typname = 'customer_tier'",
            &[],
            &[&["basic,gold"]],
        );
    }
}

/// Rows through every table, the cycle closed with an UPDATE; the constraints at work.
fn use_schema(conn: &mut dyn Executor) {
    let name = conn.dialect().name();
    let exec = |c: &mut dyn Executor, sql: &str| {
        if let Err(e) = c.execute_sql(sql, &[]) {
            panic!("{name}: {e}");
        }
    };
    exec(
        conn,
        "INSERT INTO regions (code, name) VALUES ('eu', 'Europe'), ('us', 'Americas')",
    );
    exec(
        conn,
        "INSERT INTO departments (name, region_code) VALUES ('Sales', 'eu')",
    );
    exec(
        conn,
        "INSERT INTO employees (department_id, email, hired_on, salary) VALUES (1, 'Ann@example.com', '2020-01-02', 5000)",
    );
    exec(
        conn,
        "INSERT INTO employees (department_id, email, hired_on, salary, active, mentor_id) VALUES (1, 'bob@example.com', '2021-05-06', 4000, FALSE, 1)",
    );
    exec(conn, "UPDATE departments SET manager_id = 1 WHERE id = 1");
    // The unique email index folds case: through LOWER() where it is an expression
    // index, through MariaDB's case-insensitive default collation on the plain column.
    assert!(conn.execute_sql("INSERT INTO employees (department_id, email, hired_on, salary) VALUES (1, 'ann@example.com', '2022-01-01', 1)", &[]).is_err(),
        "{name}: the unique email index");
    assert!(
        conn.execute_sql("UPDATE departments SET manager_id = 99 WHERE id = 1", &[])
            .is_err(),
        "{name}: cycle key"
    );
    exec(
        conn,
        "INSERT INTO customers (name, email) VALUES ('Acme', 'buy@acme.test'), ('Zed', NULL)",
    );
    assert_catalog(
        conn,
        "SELECT tier FROM customers ORDER BY id",
        &[],
        &[&["basic"], &["basic"]],
    );
    assert!(
        conn.execute_sql(
            "INSERT INTO customers (name, tier) VALUES ('X', 'platinum')",
            &[]
        )
        .is_err(),
        "{name}: enum"
    );
    exec(
        conn,
        "INSERT INTO products (sku, title, price_cents) VALUES ('W-1', 'Widget', 250), ('G-1', 'Gadget', 1000)",
    );
    exec(
        conn,
        "INSERT INTO orders (customer_id, placed_at, handled_by) VALUES (1, '2024-03-01 10:00:00', 1), (1, '2024-03-02 11:00:00', NULL), (2, '2024-03-03 12:00:00', 2)",
    );
    assert!(conn.execute_sql("INSERT INTO orders (customer_id, placed_at, status) VALUES (1, '2024-03-01 10:00:00', 'lost')", &[]).is_err(), "{name}: status check");
    exec(
        conn,
        "INSERT INTO order_lines (order_id, line_no, sku, qty, unit_price_cents) VALUES (1, 1, 'W-1', 4, 250), (1, 2, 'G-1', 1, 1000), (2, 1, 'G-1', 2, 900), (3, 1, 'W-1', 1, 250)",
    );
    assert!(conn.execute_sql("INSERT INTO order_lines (order_id, line_no, sku, qty, unit_price_cents) VALUES (1, 1, 'W-1', 1, 1)", &[]).is_err(), "{name}: composite key");
    exec(conn, "UPDATE orders SET status = 'cancelled' WHERE id = 3");
    exec(
        conn,
        "INSERT INTO warehouses (region_code, code, city) VALUES ('eu', 'A', 'Lyon'), ('us', 'A', 'Austin')",
    );
    exec(
        conn,
        "INSERT INTO stock (region_code, warehouse_code, sku, quantity) VALUES ('eu', 'A', 'W-1', 10)",
    );
    exec(
        conn,
        "INSERT INTO stock (region_code, warehouse_code, sku) VALUES ('us', 'A', 'W-1')",
    );
    assert!(
        conn.execute_sql(
            "INSERT INTO stock (region_code, warehouse_code, sku) VALUES ('eu', 'B', 'W-1')",
            &[]
        )
        .is_err(),
        "{name}: composite foreign key"
    );
    exec(
        conn,
        "INSERT INTO shipments (order_id, region_code, warehouse_code, shipped_on) VALUES (1, 'eu', 'A', '2024-03-04')",
    );

    // The view, over the generated line totals.
    assert_catalog(
        conn,
        "SELECT order_id, customer, total_cents FROM order_totals ORDER BY order_id",
        &[],
        &[&["1", "Acme", "2000"], &["2", "Acme", "1800"]],
    );
    // ON DELETE SET NULL / CASCADE across the schema.
    exec(conn, "DELETE FROM shipments");
    exec(conn, "DELETE FROM orders WHERE id = 1");
    assert_catalog(conn, "SELECT count(*) FROM order_lines", &[], &[&["2"]]);
    exec(
        conn,
        "DELETE FROM products WHERE sku = 'W-1' AND NOT EXISTS (SELECT 1 FROM order_lines WHERE sku = 'W-1')",
    );
    assert_catalog(conn, "SELECT count(*) FROM stock", &[], &[&["2"]]);
}

#[test]
fn ten_tables_created_verified_used_and_dropped_everywhere() {
    let mut s = Scratch::new();
    for conn in s.conns() {
        let name = conn.dialect().name();
        let registry = schema(conn.dialect(), false);
        assert_eq!(registry.tables.len(), 10);
        let order: Vec<String> = registry
            .sorted_tables()
            .unwrap()
            .iter()
            .map(|t| t.name.name.to_string())
            .collect();
        // Registration order, each table after those it references; the cycle
        // (employees ⇄ departments) after regions, which it references.
        assert_eq!(
            order,
            [
                "customers",
                "products",
                "regions",
                "employees",
                "orders",
                "order_lines",
                "departments",
                "warehouses",
                "shipments",
                "stock"
            ],
            "{name}"
        );
        // Every table after what it references (the cycle aside).
        for (i, t) in registry.sorted_tables().unwrap().iter().enumerate() {
            for (_, fk) in t.foreign_keys() {
                let j = order
                    .iter()
                    .position(|n| *n == fk.target.name.as_str())
                    .unwrap();
                let cycle = matches!(
                    (t.name.name.as_str(), fk.target.name.as_str()),
                    ("employees", "departments") | ("departments", "employees")
                );
                assert!(j <= i || cycle, "{} before {}", t.name.name, fk.target.name);
            }
        }

        registry
            .create_all(conn)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        verify_catalogs(conn);
        use_schema(conn);
        registry
            .drop_all(conn)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            relations(conn).is_empty(),
            "{name} left {:?}",
            relations(conn)
        );
        if name == "PostgreSQL" {
            assert_catalog(
                conn,
                "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema()",
                &[],
                &[&["0"]],
            );
        }
        // …and again, from nothing: the plan is repeatable.
        registry
            .create_all(conn)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        registry
            .drop_all(conn)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(relations(conn).is_empty(), "{name}");

        // Asking for the indexes a dialect lacks is an error naming them.
        let full = schema(conn.dialect(), true)
            .create_plan(conn.dialect())
            .unwrap();
        let errors: Vec<String> = full
            .iter()
            .filter(|s| matches!(s, DdlStatement::CreateIndex(_)))
            .filter_map(|s| s.render_for(conn.dialect()).err().map(|e| e.to_string()))
            .collect();
        match name {
            "SQLite" | "PostgreSQL" => assert!(errors.is_empty(), "{name}: {errors:?}"),
            "MariaDB" => assert_eq!(
                errors,
                [
                    "MariaDB does not support indexes on expressions",
                    "MariaDB does not support partial indexes (CREATE INDEX … WHERE)",
                    "MariaDB does not support partial indexes (CREATE INDEX … WHERE)",
                ]
            ),
            _ => assert_eq!(errors.len(), 2, "{errors:?}"),
        }
    }
}
