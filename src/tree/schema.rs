//! Tables: declared statically with [`table!`](macro@crate::table) (typed column handles) or
//! built at run time with [`DynTable`] (names and types known only at run time).

use crate::error::{Error, Result};
use crate::expr::{Expr, SqlType};
use crate::ident::Ident;
use crate::query::{FromItem, TableRef};

/// A table known to sqlweave: something that can stand in FROM and list its columns.
pub trait Table {
    /// The table (with its alias, if any) as a FROM item.
    fn table_ref(&self) -> TableRef;
    /// Its columns, qualified, in declaration order.
    fn columns(&self) -> Vec<Expr>;
}

/// Declares a table statically: a `Copy` struct whose fields are typed [`Column`](crate::Column)s.
///
/// Each column's qualified name is checked and quoted when the program is compiled
/// ([`StaticName`](crate::StaticName)): rendering a column still qualified as declared
/// copies that text instead of checking and quoting each name. Names that are not plain
/// ([`is_plain`](crate::is_plain)), aliases and changed fields take the ordinary path;
/// the SQL is the same either way.
///
/// ```
/// use sqlweave::{table, Select, TypedExpr, Ansi};
/// table! {
///     /// Customers of the shop.
///     pub struct Customers("shop", "customers") {
///         id: i64,
///         name: String,
///         /// Column names default to the field name; `= "…"` overrides.
///         email: Option<String> = "e-mail",
///     }
/// }
/// let c = Customers::new();
/// let other = Customers::new().alias("c2"); // for self-joins
/// let q = Select::new().cols((c.name, other.name)).from(c).join(other, c.id.eq(other.id));
/// assert_eq!(q.render(&Ansi).unwrap().sql,
///     r#"SELECT "shop"."customers"."name", "c2"."name" FROM "shop"."customers" INNER JOIN "shop"."customers" AS "c2" ON "shop"."customers"."id" = "c2"."id""#);
/// assert_eq!(Customers::COLUMN_NAMES, ["id", "name", "e-mail"]);
///
/// // Its definition for CREATE TABLE, from the Rust types (see the `ddl` module):
/// let def = Customers::table_def().column(sqlweave::ColumnDef::of(c.id).primary_key());
/// assert_eq!(def.create().render(&Ansi).unwrap().sql,
///     r#"CREATE TABLE "shop"."customers" ("id" BIGINT NOT NULL, "name" TEXT NOT NULL, "e-mail" TEXT, PRIMARY KEY ("id"))"#);
/// ```
#[macro_export]
macro_rules! table {
    (
        $(#[$m:meta])*
        $vis:vis struct $name:ident ( $first:literal $(, $second:literal)? ) {
            $( $(#[$fm:meta])* $field:ident : $ty:ty $(= $col:literal)? ),* $(,)?
        }
    ) => {
        // The table's name travels as one token tree, so that each column can use it.
        $crate::table! {
            @define ($first $(, $second)?)
            $(#[$m])*
            $vis struct $name {
                $( $(#[$fm])* $field : $ty $(= $col)? ),*
            }
        }
    };
    (
        @define $tbl:tt
        $(#[$m:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fm:meta])* $field:ident : $ty:ty $(= $col:literal)? ),*
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        $vis struct $name {
            $( $(#[$fm])* pub $field: $crate::Column<$ty>, )*
            table: $crate::StaticTable,
        }

        impl $name {
            /// The SQL column names, in declaration order.
            pub const COLUMN_NAMES: &'static [&'static str] = &[$( $crate::table!(@col $field $($col)?) ),*];

            /// The table, unaliased.
            pub const fn new() -> Self {
                let table = $crate::table!(@table $tbl);
                $name {
                    $( $field: $crate::Column::declared(
                        table,
                        $crate::table!(@name $tbl $field $($col)?),
                    ), )*
                    table,
                }
            }

            /// The table under an alias (for self-joins); its columns follow the alias.
            pub const fn alias(self, alias: &'static str) -> Self {
                let mut table = self.table;
                table.alias = Some(alias);
                $name {
                    $( $field: self.$field.with_alias(alias), )*
                    table,
                }
            }

            /// The table's name, schema and alias.
            pub const fn static_table(&self) -> $crate::StaticTable {
                self.table
            }

            /// The table's definition for DDL (`sqlweave::ddl::TableDef`): every column
            /// with its Rust type's SQL type, `Option<T>` nullable and `T` NOT NULL, and no
            /// keys yet. Refine it with `.column(ColumnDef::of(t.id).primary_key())`,
            /// `.foreign_key(…)`, `.index(…)`; see the `sqlweave::ddl` module.
            pub fn table_def() -> $crate::ddl::TableDef {
                let t = Self::new();
                $crate::ddl::TableDef::new(t.table)
                    $( .column($crate::ddl::ColumnDef::of(t.$field)) )*
            }
        }

        impl ::core::convert::From<$name> for $crate::ddl::ObjectName {
            fn from(t: $name) -> $crate::ddl::ObjectName {
                $crate::ddl::ObjectName::from(t.table)
            }
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl $crate::Table for $name {
            fn table_ref(&self) -> $crate::TableRef {
                self.table.table_ref()
            }
            fn columns(&self) -> ::std::vec::Vec<$crate::Expr> {
                ::std::vec![$( $crate::Expr::from(self.$field) ),*]
            }
        }

        impl ::core::convert::From<$name> for $crate::FromItem {
            fn from(t: $name) -> $crate::FromItem {
                $crate::FromItem::Table(t.table.table_ref())
            }
        }
    };
    (@col $field:ident) => { stringify!($field) };
    (@col $field:ident $col:literal) => { $col };
    (@table ($name:literal)) => {
        $crate::StaticTable { schema: None, name: $name, alias: None }
    };
    (@table ($schema:literal, $name:literal)) => {
        $crate::StaticTable { schema: Some($schema), name: $name, alias: None }
    };
    // A column's name, checked and pre-quoted when the program is compiled.
    (@name ($table:literal) $field:ident $($col:literal)?) => {
        &const {
            $crate::StaticName::new(
                "",
                $table,
                $crate::table!(@col $field $($col)?),
                concat!("\"", $table, "\".\"", $crate::table!(@col $field $($col)?), "\""),
                concat!("`", $table, "`.`", $crate::table!(@col $field $($col)?), "`"),
            )
        }
    };
    (@name ($schema:literal, $table:literal) $field:ident $($col:literal)?) => {
        &const {
            $crate::StaticName::new(
                $schema,
                $table,
                $crate::table!(@col $field $($col)?),
                concat!(
                    "\"", $schema, "\".\"", $table, "\".\"",
                    $crate::table!(@col $field $($col)?), "\""
                ),
                concat!(
                    "`", $schema, "`.`", $table, "`.`",
                    $crate::table!(@col $field $($col)?), "`"
                ),
            )
        }
    };
}

/// A column of a table described at run time.
#[derive(Debug, Clone, PartialEq)]
pub struct DynColumn {
    /// Its name.
    pub name: Ident,
    /// Its SQL type.
    pub ty: SqlType,
    /// Whether it holds NULLs.
    pub nullable: bool,
}

/// A table whose name and columns are known only at run time (reporting code, ORMs).
///
/// ```
/// use sqlweave::{DynTable, SqlType, Select, Ansi};
/// let t = DynTable::new("sales").column("region", SqlType::Text, false).column("amount", SqlType::BigInt, true);
/// let q = Select::new().column(t.col("region").unwrap()).from(t.table_ref());
/// assert_eq!(q.render(&Ansi).unwrap().sql, r#"SELECT "sales"."region" FROM "sales""#);
/// assert!(t.col("nope").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DynTable {
    /// Name, schema and alias.
    pub table: TableRef,
    /// The columns.
    pub columns: Vec<DynColumn>,
}

impl DynTable {
    /// A table with no columns yet.
    pub fn new(name: impl Into<Ident>) -> Self {
        DynTable {
            table: TableRef::new(name),
            columns: Vec::new(),
        }
    }
    /// Sets the schema.
    pub fn schema(mut self, schema: impl Into<Ident>) -> Self {
        self.table.schema = Some(schema.into());
        self
    }
    /// The same table under an alias.
    pub fn alias(mut self, alias: impl Into<Ident>) -> Self {
        self.table.alias = Some(alias.into());
        self
    }
    /// Adds a column.
    pub fn column(mut self, name: impl Into<Ident>, ty: SqlType, nullable: bool) -> Self {
        self.columns.push(DynColumn {
            name: name.into(),
            ty,
            nullable,
        });
        self
    }
    /// The column named `name`, qualified; an error if the table has no such column.
    pub fn col(&self, name: &str) -> Result<Expr> {
        let c = self
            .columns
            .iter()
            .find(|c| c.name.as_str() == name)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "table {:?} has no column {name:?}",
                    self.table.name.as_str()
                ))
            })?;
        Ok(self.table.col(c.name.clone()))
    }
    /// The table as a FROM item.
    pub fn table_ref(&self) -> TableRef {
        self.table.clone()
    }
}

impl Table for DynTable {
    fn table_ref(&self) -> TableRef {
        self.table.clone()
    }
    fn columns(&self) -> Vec<Expr> {
        self.columns
            .iter()
            .map(|c| self.table.col(c.name.clone()))
            .collect()
    }
}

impl From<DynTable> for FromItem {
    fn from(t: DynTable) -> Self {
        FromItem::Table(t.table)
    }
}
