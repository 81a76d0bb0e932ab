//! Building: the typed layer over the tree (`table!`, [`Column<T>`](typed::Column),
//! [`Typed<T>`](typed::Typed)) and the function catalogue. It produces the same tree
//! the dynamic [`Expr`](crate::Expr) API does.

pub mod func;
pub mod type_errors;
pub mod typed;
pub mod typed_case;
pub mod typed_select;
