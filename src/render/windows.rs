//! Named windows (`WINDOW w AS (…)`, `OVER w`, `OVER (w …)`) and `FETCH FIRST … WITH
//! TIES`: the pieces of a SELECT's tail that not every dialect has.

use super::Renderer;
use crate::dialect::{Dialect, Feature};
use crate::error::{Error, Result};
use crate::expr::{OrderBy, Window};
use crate::ident::Ident;
use crate::query::limit_value;
use crate::select::NamedWindow;

/// A window defined in the SELECT being rendered: what a refinement may add to it.
#[derive(Debug, Clone)]
pub(crate) struct Defined {
    name: Ident,
    has_order: bool,
    has_frame: bool,
}

impl<D: Dialect + ?Sized> Renderer<'_, D> {
    /// Makes `windows` the defined ones (checked: unique names, each base defined before
    /// it), returning the outer SELECT's to restore afterwards.
    pub(crate) fn enter_windows(&mut self, windows: &[NamedWindow]) -> Result<Vec<Defined>> {
        let mut defined: Vec<Defined> = Vec::with_capacity(windows.len());
        for nw in windows {
            if defined.iter().any(|d| d.name == nw.name) {
                return Err(Error::invalid(format!(
                    "window {:?} is defined twice in one WINDOW clause",
                    nw.name.as_str()
                )));
            }
            let (has_order, has_frame) = match &nw.window.base {
                Some(base) => {
                    let b = check_refinement(&defined, base, &nw.window)?;
                    (
                        b.has_order || !nw.window.order_by.is_empty(),
                        nw.window.frame.is_some(),
                    )
                }
                None => (!nw.window.order_by.is_empty(), nw.window.frame.is_some()),
            };
            defined.push(Defined {
                name: nw.name.clone(),
                has_order,
                has_frame,
            });
        }
        Ok(std::mem::replace(&mut self.named_windows, defined))
    }

    /// ` WINDOW "w" AS (…), …`
    pub(crate) fn window_clause(&mut self, windows: &[NamedWindow]) -> Result<()> {
        if !self.d.supports(Feature::NamedWindows) {
            return Err(self.d.unsupported("named windows (WINDOW … AS)"));
        }
        self.push(" WINDOW ");
        self.comma_list(windows, |r, nw| {
            r.ident(&nw.name)?;
            r.push(" AS (");
            r.window_with_base(&nw.window)?;
            r.push(")");
            Ok(())
        })
    }

    /// ` OVER "w"` or ` OVER ("w" ORDER BY … ROWS …)`.
    pub(crate) fn over_named(&mut self, w: &Window) -> Result<()> {
        if !self.d.supports(Feature::NamedWindows) {
            return Err(self.d.unsupported("named windows (OVER name)"));
        }
        let Some(base) = &w.base else {
            return Err(Error::invalid("a named window without a name"));
        };
        check_refinement(&self.named_windows, base, w)?;
        self.push(" OVER ");
        if w.partition_by.is_empty() && w.order_by.is_empty() && w.frame.is_none() {
            return self.ident(base);
        }
        self.push("(");
        self.window_with_base(w)?;
        self.push(")");
        Ok(())
    }

    /// A window's body, its base name first.
    fn window_with_base(&mut self, w: &Window) -> Result<()> {
        if let Some(base) = &w.base {
            self.ident(base)?;
            if w.partition_by.is_empty() && w.order_by.is_empty() && w.frame.is_none() {
                return Ok(());
            }
            self.push(" ");
        }
        self.window(w)
    }

    /// `ORDER BY … [OFFSET m ROWS] FETCH FIRST n ROWS WITH TIES`.
    pub(crate) fn fetch_with_ties(
        &mut self,
        order_by: &[OrderBy],
        limit: Option<u64>,
        offset: Option<u64>,
    ) -> Result<()> {
        if !self.d.supports(Feature::FetchWithTies) {
            return Err(self.d.unsupported("FETCH FIRST … WITH TIES"));
        }
        if order_by.is_empty() {
            return Err(Error::invalid(
                "FETCH FIRST … WITH TIES needs an ORDER BY (ties are decided by it)",
            ));
        }
        let Some(n) = limit else {
            return Err(Error::invalid("FETCH FIRST … WITH TIES needs a row count"));
        };
        self.push(" ORDER BY ");
        self.order_by_list(order_by)?;
        if let Some(m) = offset {
            self.push(" OFFSET ");
            self.param_owned(limit_value(m))?;
            self.push(" ROWS");
        }
        self.push(" FETCH FIRST ");
        self.param_owned(limit_value(n))?;
        self.push(" ROWS WITH TIES");
        Ok(())
    }
}

/// Checks that `w` may refine the window `base` defined in `defined`.
fn check_refinement<'a>(defined: &'a [Defined], base: &Ident, w: &Window) -> Result<&'a Defined> {
    let Some(b) = defined.iter().find(|d| d.name == *base) else {
        return Err(Error::invalid(format!(
            "window {:?} is not defined in this SELECT's WINDOW clause (before its use there)",
            base.as_str()
        )));
    };
    if !w.partition_by.is_empty() {
        return Err(Error::invalid(format!(
            "a window over {:?} cannot add PARTITION BY",
            base.as_str()
        )));
    }
    if !w.order_by.is_empty() && b.has_order {
        return Err(Error::invalid(format!(
            "a window over {:?} cannot add ORDER BY: it has one",
            base.as_str()
        )));
    }
    if b.has_frame && (!w.order_by.is_empty() || w.frame.is_some() || !w.partition_by.is_empty()) {
        return Err(Error::invalid(format!(
            "window {:?} has a frame: it can only be used as it is (OVER {0:?})",
            base.as_str()
        )));
    }
    Ok(b)
}
