//! The tree: values, identifiers, expressions, queries, DML and DDL statements. Plain
//! data (`Debug`, `Clone`, `PartialEq`) that imports nothing from rendering
//! ([`crate::render`]) or execution ([`crate::exec`]); the layers above add their
//! methods to these types (`select.render(&dialect)`, `registry.create_all(&mut conn)`).

pub mod ddl;
pub mod dml;
pub mod explain;
pub mod expr;
pub(crate) mod ident;
pub mod query;
pub(crate) mod schema;
pub mod select;
pub(crate) mod select_list;
pub mod value;
pub mod visit;
