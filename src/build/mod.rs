//! Building: the typed layer over the tree (`table!`, [`Column<T>`](typed::Column),
//! [`Typed<T>`](typed::Typed)) and the function catalogue. It produces the same tree
//! the dynamic [`Expr`](crate::Expr) API does.

pub mod array;
pub mod collate;
pub mod func;
#[cfg(feature = "json")]
pub mod json;
pub mod label;
pub mod type_errors;
pub mod typed;
pub mod typed_case;
pub mod typed_select;
