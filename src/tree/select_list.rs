//! Lists of mixed item types, as tuples: select lists, GROUP BY, PARTITION BY.

use crate::expr::Expr;
use crate::query::SelectItem;
use crate::select::Select;

/// Several expressions at once: an array or `Vec` of one type, or a tuple of typed
/// columns and expressions of different types (`(t.region, t.year)`).
pub trait ExprList {
    /// Appends the expressions to `out`.
    fn push_exprs(self, out: &mut Vec<Expr>);
    /// The expressions as a `Vec`.
    fn into_exprs(self) -> Vec<Expr>
    where
        Self: Sized,
    {
        let mut v = Vec::new();
        self.push_exprs(&mut v);
        v
    }
}

impl<E: Into<Expr>, const N: usize> ExprList for [E; N] {
    fn push_exprs(self, out: &mut Vec<Expr>) {
        out.extend(self.into_iter().map(Into::into));
    }
}

impl<E: Into<Expr>> ExprList for Vec<E> {
    fn push_exprs(self, out: &mut Vec<Expr>) {
        out.extend(self.into_iter().map(Into::into));
    }
}

/// Several select-list items at once: a tuple of anything that converts into a
/// [`SelectItem`] (typed columns of different types, expressions, labelled items).
pub trait SelectList {
    /// Appends the items to `out`.
    fn push_items(self, out: &mut Vec<SelectItem>);
}

macro_rules! tuple_list {
    ($($name:ident)+) => {
        impl<$($name: Into<Expr>),+> ExprList for ($($name,)+) {
            #[allow(non_snake_case)]
            fn push_exprs(self, out: &mut Vec<Expr>) {
                let ($($name,)+) = self;
                $(out.push($name.into());)+
            }
        }
        impl<$($name: Into<SelectItem>),+> SelectList for ($($name,)+) {
            #[allow(non_snake_case)]
            fn push_items(self, out: &mut Vec<SelectItem>) {
                let ($($name,)+) = self;
                $(out.push($name.into());)+
            }
        }
    };
}

tuple_list!(A);
tuple_list!(A B);
tuple_list!(A B C);
tuple_list!(A B C D);
tuple_list!(A B C D E);
tuple_list!(A B C D E F);
tuple_list!(A B C D E F G);
tuple_list!(A B C D E F G H);
tuple_list!(A B C D E F G H I);
tuple_list!(A B C D E F G H I J);
tuple_list!(A B C D E F G H I J K);
tuple_list!(A B C D E F G H I J K L);
tuple_list!(A B C D E F G H I J K L M);
tuple_list!(A B C D E F G H I J K L M N);
tuple_list!(A B C D E F G H I J K L M N O);
tuple_list!(A B C D E F G H I J K L M N O P);

impl Select {
    /// Adds a tuple of select-list items of mixed types: `.cols((t.id, t.name, expr))`.
    #[inline]
    pub fn cols(mut self, items: impl SelectList) -> Self {
        items.push_items(&mut self.items);
        self
    }
}
