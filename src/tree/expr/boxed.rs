//! Boxed children and lists of the tree that drop without recursion.
//!
//! An [`Expr`] owns its children through [`ExprBox`] (sub-expressions), [`BinaryBox`],
//! [`FuncBox`], [`QueryBox`] (subqueries), [`ExprList`] (`AND` / `OR` lists, row values,
//! `IN` lists) and [`WhenList`] (CASE branches); a [`Query`] owns its SELECT or compound
//! through [`SelectBox`] / [`CompoundBox`], so every path from a node to a node of the
//! same kind passes through one of them. They behave like a `Box` or a `Vec` — they
//! dereference to it, convert from and into it, clone, compare and print as it does —
//! and differ in one thing: past a few dozen of them nested inside each other, dropping
//! one takes the subtree below it apart with a loop and a heap-allocated work list
//! instead of the compiler's recursive drop glue (shallower ones, most trees, drop through
//! the glue: faster). A tree built in a loop (`e = e.neg()`, `e = e.and(x).or(y)`,
//! `q = Select::new().from_subquery(q, "t")`, `q = a.union(q)`) can be 100,000 levels
//! deep — far past what the renderer accepts ([`crate::MAX_DEPTH`]) — and still be
//! dropped without overflowing the thread's stack.
//!
//! Why newtypes and not `impl Drop for Expr`: a type with a `Drop` impl cannot be
//! destructured by value (`match e { Expr::Not(x) => … }` moving `x` out is error
//! E0509), and code that rewrites trees relies on exactly that. With the newtypes,
//! `Expr` itself has no `Drop` impl and can still be taken apart by value; only moving
//! the child out changes, from `*boxed` to [`ExprBox::into_inner`] (a list:
//! [`ExprList::into_vec`], or iterate it by value).
//!
//! Cloning and comparing (`==`) recurse through the children, but past a few dozen
//! nested boxes or lists the walk continues on a thread of its own with a large stack, so
//! neither overflows whatever the depth. `Debug` stops at a depth of [`DEBUG_DEPTH`] and
//! prints `…` below it.

use std::cell::Cell;
use std::fmt;
use std::ops::{Deref, DerefMut};

use super::{BinaryOp, CustomExpr, Expr, FuncCall, OrderBy, Window};
use crate::dml::{Delete, Insert, InsertSource, Update};
use crate::query::{Compound, Distinct, FromItem, GroupItem, Query, SelectItem, Values, With};
use crate::select::Select;

/// How deep `Debug` prints a tree of boxed children before it writes `…` instead.
pub const DEBUG_DEPTH: usize = 256;

/// A boxed sub-expression: a `Box<Expr>` that drops iteratively (see the module docs).
///
/// ```
/// use sqlweave::Expr;
/// let mut e = Expr::column("x");
/// for _ in 0..100_000 {
///     e = e.neg();
/// }
/// drop(e); // no stack overflow
///
/// // Taking a tree apart by value still works; the child leaves its box with into_inner.
/// let e = Expr::column("a").not();
/// let inner = match e {
///     Expr::Not(x) => x.into_inner(),
///     other => other,
/// };
/// assert_eq!(inner, Expr::column("a"));
/// ```
pub struct ExprBox(Box<Expr>);

/// A boxed subquery of an expression: a `Box<Query>` that drops iteratively.
pub struct QueryBox(Box<Query>);

/// A function call of [`Expr::Func`], boxed: dropped, cloned and compared like
/// [`ExprBox`] (nested calls, `COALESCE(COALESCE(…))`, cannot overflow the stack).
pub struct FuncBox(Box<FuncCall>);

/// A custom node of [`Expr::Custom`], boxed: its arguments drop, clone and compare like
/// [`ExprBox`]'s (custom nodes nested in custom nodes cannot overflow the stack).
pub struct CustomBox(Box<CustomExpr>);

/// A SELECT inside [`Query::Select`]: a `Box<Select>` guarded like [`ExprBox`], so that
/// queries nested in queries (derived tables, CTE bodies, sides of a compound) drop,
/// clone and compare without recursing past a few dozen levels.
pub struct SelectBox(Box<Select>);

/// A compound query inside [`Query::Compound`]: a `Box<Compound>` guarded like
/// [`SelectBox`] (a `UNION` of a `UNION` of … built in a loop).
pub struct CompoundBox(Box<Compound>);

/// An INSERT inside [`Query::Insert`] (a CTE body): guarded like [`SelectBox`], since
/// its CTEs and `INSERT … SELECT` hold queries.
pub struct InsertBox(Box<Insert>);

/// An UPDATE inside [`Query::Update`]: guarded like [`SelectBox`] (its CTEs and FROM).
pub struct UpdateBox(Box<Update>);

/// A DELETE inside [`Query::Delete`]: guarded like [`SelectBox`] (its CTEs and USING).
pub struct DeleteBox(Box<Delete>);

fn empty_insert() -> Insert {
    Insert::into(crate::TableRef::new(""))
}

fn empty_update() -> Update {
    Update::table(crate::TableRef::new(""))
}

fn empty_delete() -> Delete {
    Delete::from(crate::TableRef::new(""))
}

fn empty_select() -> Select {
    Select::new()
}

fn empty_compound() -> Compound {
    Compound {
        with: None,
        op: crate::query::SetOp::Union,
        left: empty_query(),
        right: empty_query(),
        order_by: Vec::new(),
        limit: None,
        offset: None,
    }
}

/// The elements of `AND` / `OR` lists, row values and `IN` lists: a `Vec<Expr>` that
/// drops, clones and compares without recursing through lists nested in lists (see the
/// module docs). It dereferences to the `Vec`, converts from and into it, and collects.
///
/// ```
/// use sqlweave::Expr;
/// use sqlweave::expr::ExprList;
/// let e = Expr::column("a").eq(1).and(Expr::column("b").eq(2));
/// let Expr::And(parts) = e else { unreachable!() };
/// assert_eq!(parts.len(), 2);
/// let v: Vec<Expr> = parts.into_vec();
/// let again = Expr::And(ExprList::from(v));
/// assert_eq!(again, Expr::column("a").eq(1).and(Expr::column("b").eq(2)));
/// let collected: ExprList = (1..=3).map(Expr::value).collect();
/// assert_eq!(collected.len(), 3);
/// ```
#[derive(Default)]
pub struct ExprList(Vec<Expr>);

/// The `WHEN` / `THEN` pairs of [`Expr::Case`]: a `Vec<(Expr, Expr)>` guarded like
/// [`ExprList`].
#[derive(Default)]
pub struct WhenList(Vec<(Expr, Expr)>);

macro_rules! list_impls {
    ($name:ident, $t:ty, $what:literal) => {
        impl $name {
            #[doc = concat!("An empty list of ", $what, ".")]
            pub const fn new() -> Self {
                $name(Vec::new())
            }
            #[doc = concat!("The ", $what, ", as a `Vec`.")]
            pub fn into_vec(mut self) -> Vec<$t> {
                std::mem::take(&mut self.0)
            }
        }
        impl Deref for $name {
            type Target = Vec<$t>;
            fn deref(&self) -> &Vec<$t> {
                &self.0
            }
        }
        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut Vec<$t> {
                &mut self.0
            }
        }
        impl From<Vec<$t>> for $name {
            fn from(v: Vec<$t>) -> Self {
                $name(v)
            }
        }
        impl From<$name> for Vec<$t> {
            fn from(v: $name) -> Self {
                v.into_vec()
            }
        }
        impl FromIterator<$t> for $name {
            fn from_iter<I: IntoIterator<Item = $t>>(iter: I) -> Self {
                $name(iter.into_iter().collect())
            }
        }
        impl IntoIterator for $name {
            type Item = $t;
            type IntoIter = std::vec::IntoIter<$t>;
            fn into_iter(self) -> Self::IntoIter {
                self.into_vec().into_iter()
            }
        }
        impl<'a> IntoIterator for &'a $name {
            type Item = &'a $t;
            type IntoIter = std::slice::Iter<'a, $t>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }
        impl<'a> IntoIterator for &'a mut $name {
            type Item = &'a mut $t;
            type IntoIter = std::slice::IterMut<'a, $t>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.iter_mut()
            }
        }
        impl Clone for $name {
            fn clone(&self) -> Self {
                $name(walk(|| self.0.clone()))
            }
        }
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                walk(|| self.0 == other.0)
            }
        }
        impl PartialEq<Vec<$t>> for $name {
            fn eq(&self, other: &Vec<$t>) -> bool {
                walk(|| self.0 == *other)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug_level(f, |f| fmt::Debug::fmt(&self.0, f))
            }
        }
    };
}

list_impls!(ExprList, Expr, "expressions");
list_impls!(WhenList, (Expr, Expr), "`WHEN` / `THEN` pairs");

impl Drop for ExprList {
    fn drop(&mut self) {
        // Elements that hold their children through boxes (which count their nesting
        // when dropped) drop as they are; a list nested in this one is counted like a
        // box and taken apart past the bound.
        if self.0.iter().all(box_rooted) {
            return;
        }
        counted(std::mem::take(&mut self.0), |w, v| w.exprs(v));
    }
}

impl Drop for WhenList {
    fn drop(&mut self) {
        if self.0.iter().all(|(w, t)| box_rooted(w) && box_rooted(t)) {
            return;
        }
        counted(std::mem::take(&mut self.0), |w, v| w.whens(v));
    }
}

/// Formats one level of a tree, or `…` past [`DEBUG_DEPTH`] levels.
fn debug_level(
    f: &mut fmt::Formatter<'_>,
    inner: impl FnOnce(&mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    DEBUG_LEVEL.with(|level| {
        let d = level.get();
        if d >= DEBUG_DEPTH {
            return f.write_str("…");
        }
        level.set(d + 1);
        let r = inner(f);
        level.set(d);
        r
    })
}

fn empty_call() -> FuncCall {
    FuncCall {
        func: super::Func::Count,
        args: Vec::new(),
        distinct: false,
        filter: None,
        order_by: Vec::new(),
        over: None,
    }
}

/// The operator and operands of [`Expr::Binary`].
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryExpr {
    /// The left operand.
    pub left: Expr,
    /// The operator.
    pub op: BinaryOp,
    /// The right operand.
    pub right: Expr,
}

/// Both operands of a binary operation in one box (one allocation per node, not two),
/// dropped iteratively like [`ExprBox`].
///
/// ```
/// use sqlweave::Expr;
/// use sqlweave::expr::BinaryOp;
/// let e = Expr::column("a").add(1);
/// match &e {
///     Expr::Binary(b) => assert_eq!(b.op, BinaryOp::Add),
///     _ => unreachable!(),
/// }
/// ```
pub struct BinaryBox(Box<BinaryExpr>);

fn empty_binary() -> BinaryExpr {
    BinaryExpr {
        left: Expr::True,
        op: BinaryOp::Eq,
        right: Expr::True,
    }
}

/// What a taken-apart custom box holds: a node without arguments.
#[derive(Debug, Clone, PartialEq)]
struct Taken;

impl super::Custom for Taken {
    fn name(&self) -> &'static str {
        "taken"
    }
    fn write(&self, _: &[Expr], w: &mut dyn super::SqlWriter) -> crate::Result<()> {
        Err(w.invalid("a custom node whose contents were moved out"))
    }
}

fn empty_custom() -> CustomExpr {
    CustomExpr::new(Taken, [])
}

fn empty_query() -> Query {
    Query::Values(Values::default())
}

macro_rules! boxed_impls {
    ($name:ident, $t:ty, $what:literal, $empty:expr) => {
        impl $name {
            #[doc = concat!("Boxes ", $what, ".")]
            pub fn new(v: $t) -> Self {
                $name(Box::new(v))
            }
            #[doc = concat!("The ", $what, ", out of its box.")]
            pub fn into_inner(mut self) -> $t {
                self.take()
            }
            /// The contents, leaving a childless placeholder (so that dropping the box
            /// afterwards does nothing more).
            fn take(&mut self) -> $t {
                std::mem::replace(&mut *self.0, $empty)
            }
        }
        impl Deref for $name {
            type Target = $t;
            fn deref(&self) -> &$t {
                &self.0
            }
        }
        impl DerefMut for $name {
            fn deref_mut(&mut self) -> &mut $t {
                &mut self.0
            }
        }
        impl AsRef<$t> for $name {
            fn as_ref(&self) -> &$t {
                &self.0
            }
        }
        impl From<$t> for $name {
            fn from(v: $t) -> Self {
                $name(Box::new(v))
            }
        }
        impl From<Box<$t>> for $name {
            fn from(v: Box<$t>) -> Self {
                $name(v)
            }
        }
        impl From<$name> for $t {
            fn from(v: $name) -> Self {
                v.into_inner()
            }
        }
        impl Clone for $name {
            fn clone(&self) -> Self {
                $name(walk(|| self.0.clone()))
            }
        }
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                walk(|| *self.0 == *other.0)
            }
        }
        impl PartialEq<$t> for $name {
            fn eq(&self, other: &$t) -> bool {
                *self.0 == *other
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug_level(f, |f| fmt::Debug::fmt(&*self.0, f))
            }
        }
    };
}

thread_local! {
    static DEBUG_LEVEL: Cell<usize> = const { Cell::new(0) };
}

boxed_impls!(ExprBox, Expr, "an expression", Expr::True);
boxed_impls!(QueryBox, Query, "a query", empty_query());
boxed_impls!(BinaryBox, BinaryExpr, "a binary operation", empty_binary());
boxed_impls!(FuncBox, FuncCall, "a function call", empty_call());
boxed_impls!(CustomBox, CustomExpr, "a custom node", empty_custom());
boxed_impls!(SelectBox, Select, "a SELECT", empty_select());
boxed_impls!(CompoundBox, Compound, "a compound query", empty_compound());
boxed_impls!(InsertBox, Insert, "an INSERT", empty_insert());
boxed_impls!(UpdateBox, Update, "an UPDATE", empty_update());
boxed_impls!(DeleteBox, Delete, "a DELETE", empty_delete());

thread_local! {
    /// Boxed children being cloned or compared inside each other on this thread, and
    /// how many this thread's stack takes before the walk moves to a new thread.
    static WALK: Cell<(u32, u32)> = const { Cell::new((0, WALK_DEPTH)) };
}

/// Nested boxed children a clone or comparison walks on the caller's stack.
const WALK_DEPTH: u32 = 48;
/// The stack of a thread that continues a deeper walk, and how far it goes on it.
const WALK_THREAD_STACK: usize = 512 << 20;
const WALK_THREAD_DEPTH: u32 = 50_000;

/// Restores the walk depth when a step ends, also by unwinding.
struct WalkLevel(u32, u32);

impl Drop for WalkLevel {
    fn drop(&mut self) {
        WALK.with(|w| w.set((self.0, self.1)));
    }
}

/// Runs `f`, one step of a recursive clone or comparison into a boxed child. Past
/// [`WALK_DEPTH`] nested steps on this thread, `f` runs on a new thread with a large
/// stack (a scoped thread: it borrows, and its result or panic comes back), so cloning or
/// comparing a tree of any depth never overflows a stack.
fn walk<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let (depth, limit) = WALK.with(Cell::get);
    if depth < limit {
        WALK.with(|w| w.set((depth + 1, limit)));
        let _level = WalkLevel(depth, limit);
        return f();
    }
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("sqlweave-deep-tree".into())
            .stack_size(WALK_THREAD_STACK)
            .spawn_scoped(s, move || {
                WALK.with(|w| w.set((0, WALK_THREAD_DEPTH)));
                f()
            });
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // Only when the system cannot start a thread at all.
            Err(e) => panic!("cannot start a thread to walk a very deep expression tree: {e}"),
        }
    })
}

impl Drop for FuncBox {
    fn drop(&mut self) {
        if self.0.args.iter().all(is_leaf)
            && self.0.filter.as_ref().is_none_or(is_leaf)
            && self.0.order_by.is_empty()
            && self.0.over.is_none()
        {
            return;
        }
        let call = self.take();
        let native = call.args.iter().all(box_rooted)
            && call.filter.as_ref().is_none_or(box_rooted)
            && call.order_by.iter().all(|o| box_rooted(&o.expr))
            && call.over.as_ref().is_none_or(|w| {
                w.partition_by.iter().all(box_rooted)
                    && w.order_by.iter().all(|o| box_rooted(&o.expr))
            });
        drop_contents(call, native, |call| dismantle_by(|w| w.call(call)));
    }
}

impl Drop for CustomBox {
    fn drop(&mut self) {
        if self.0.args.iter().all(is_leaf) {
            return;
        }
        let args = std::mem::take(&mut self.0.args);
        let native = args.iter().all(box_rooted);
        drop_contents(args, native, |args| dismantle_by(|w| w.exprs(args)));
    }
}

impl Drop for BinaryBox {
    fn drop(&mut self) {
        // Operands without children (the common case) drop as they are.
        if is_leaf(&self.0.left) && is_leaf(&self.0.right) {
            return;
        }
        let b = self.take();
        let native = native_ok(&b.left) && native_ok(&b.right);
        drop_contents(b, native, |b| {
            dismantle_by(|w| {
                w.expr(b.left);
                w.expr(b.right);
            })
        });
    }
}

thread_local! {
    /// How many boxed children are being dropped inside each other on this thread.
    static DROP_DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Boxed children nested at most this deep drop through the compiler's (recursive) drop
/// glue, which is fastest; deeper ones are taken apart with a work list. The bound keeps
/// the stack used by a drop small whatever the tree's depth.
const NATIVE_DROP_DEPTH: u32 = 32;

/// Drops a box's contents through the compiler's (recursive) glue when `native` says
/// no unboxed chain can follow and fewer than [`NATIVE_DROP_DEPTH`] boxes are being
/// dropped inside each other on this thread; otherwise hands them to `apart`, which takes
/// them apart iteratively.
fn drop_contents<T>(contents: T, native: bool, apart: impl FnOnce(T)) {
    let entered = native
        && DROP_DEPTH.with(|d| {
            let depth = d.get();
            if depth < NATIVE_DROP_DEPTH {
                d.set(depth + 1);
                true
            } else {
                false
            }
        });
    if entered {
        drop(contents);
        DROP_DEPTH.with(|d| d.set(d.get() - 1));
    } else {
        apart(contents);
    }
}

impl Drop for ExprBox {
    fn drop(&mut self) {
        if is_leaf(&self.0) {
            return;
        }
        let e = self.take();
        let native = native_ok(&e);
        drop_contents(e, native, |e| dismantle(Item::Expr(e)));
    }
}

impl Drop for SelectBox {
    fn drop(&mut self) {
        // A SELECT without derived tables or CTEs holds other queries only through
        // boxes of expressions, which count their nesting: it drops as it is.
        let s = &*self.0;
        let table = |f: &FromItem| matches!(f, FromItem::Table(_) | FromItem::Cte(_));
        if s.with.is_none()
            && s.from.as_ref().is_none_or(table)
            && s.joins.iter().all(|j| table(&j.item))
        {
            return;
        }
        counted(self.take(), |w, s| select_children(s, w));
    }
}

impl Drop for CompoundBox {
    fn drop(&mut self) {
        counted(self.take(), |w, c| compound_children(c, w));
    }
}

impl Drop for InsertBox {
    fn drop(&mut self) {
        let i = &*self.0;
        if i.with.is_none() && !matches!(i.source, InsertSource::Query(_)) {
            return;
        }
        counted(self.take(), Work::insert);
    }
}

impl Drop for UpdateBox {
    fn drop(&mut self) {
        let u = &*self.0;
        if u.with.is_none() && u.from.is_empty() {
            return;
        }
        counted(self.take(), Work::update);
    }
}

impl Drop for DeleteBox {
    fn drop(&mut self) {
        let d = &*self.0;
        if d.with.is_none() && d.using.is_empty() {
            return;
        }
        counted(self.take(), Work::delete);
    }
}

impl Drop for QueryBox {
    fn drop(&mut self) {
        let q = self.take();
        let native = query_native_ok(&q);
        drop_contents(q, native, |q| dismantle(Item::Query(q)));
    }
}

/// Whether `e` holds its children only through boxes (which count their nesting when
/// dropped), or is a leaf: dropping it through the compiler's glue recurses one level.
fn box_rooted(e: &Expr) -> bool {
    !matches!(
        e,
        Expr::And(_) | Expr::Or(_) | Expr::Tuple(_) | Expr::InList { .. } | Expr::Case { .. }
    )
}

/// Whether the compiler's glue may drop `e`: its unboxed children (list elements, CASE
/// branches) hold theirs through boxes, so no chain of lists nested in lists — which no
/// box counts — can recurse past what [`NATIVE_DROP_DEPTH`] bounds.
fn native_ok(e: &Expr) -> bool {
    match e {
        Expr::And(v) | Expr::Or(v) | Expr::Tuple(v) => v.iter().all(box_rooted),
        Expr::InList { list, .. } => list.iter().all(box_rooted),
        Expr::Case { whens, .. } => whens.iter().all(|(w, t)| box_rooted(w) && box_rooted(t)),
        _ => true,
    }
}

/// [`native_ok`] for every expression of a query, which must be a plain SELECT over
/// tables (derived tables and CTEs hold unboxed queries).
fn query_native_ok(q: &Query) -> bool {
    let Query::Select(s) = q else {
        return matches!(q, Query::Values(v) if v.rows.is_empty());
    };
    let table = |f: &FromItem| matches!(f, FromItem::Table(_) | FromItem::Cte(_));
    s.with.is_none()
        && !matches!(&s.distinct, Distinct::On(_))
        && s.items.iter().all(|i| match i {
            SelectItem::Expr { expr, .. } => native_ok(expr),
            _ => true,
        })
        && s.from.as_ref().is_none_or(table)
        && s.joins
            .iter()
            .all(|j| table(&j.item) && j.on.as_ref().is_none_or(native_ok))
        && s.where_.as_ref().is_none_or(native_ok)
        && s.group_by
            .iter()
            .all(|g| matches!(g, GroupItem::Expr(e) if native_ok(e)))
        && s.having.as_ref().is_none_or(native_ok)
        && s.order_by.iter().all(|o| native_ok(&o.expr))
}

/// An expression without children.
fn is_leaf(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Column(_)
            | Expr::Value(_)
            | Expr::Param(..)
            | Expr::True
            | Expr::False
            | Expr::Raw(_)
            | Expr::Excluded(_)
    )
}

/// A node still to take apart.
enum Item {
    Expr(Expr),
    Query(Query),
}

/// The work list: the next node in `next` (so a plain chain never allocates), the rest
/// on a stack.
#[derive(Default)]
struct Work {
    next: Option<Item>,
    stack: Vec<Item>,
}

impl Work {
    fn push(&mut self, item: Item) {
        if self.next.is_none() {
            self.next = Some(item);
        } else {
            self.stack.push(item);
        }
    }
    fn expr(&mut self, e: Expr) {
        if !is_leaf(&e) {
            self.push(Item::Expr(e));
        }
    }
    fn boxed(&mut self, b: ExprBox) {
        self.expr(b.into_inner());
    }
    fn exprs(&mut self, v: impl IntoIterator<Item = Expr>) {
        for e in v {
            self.expr(e);
        }
    }
    fn whens(&mut self, v: impl IntoIterator<Item = (Expr, Expr)>) {
        for (when, then) in v {
            self.expr(when);
            self.expr(then);
        }
    }
    fn query(&mut self, q: Query) {
        self.push(Item::Query(q));
    }
    fn order_by(&mut self, v: Vec<OrderBy>) {
        for o in v {
            self.expr(o.expr);
        }
    }
    fn call(&mut self, call: FuncCall) {
        let FuncCall {
            args,
            filter,
            order_by,
            over,
            ..
        } = call;
        self.exprs(args);
        if let Some(f) = filter {
            self.expr(f);
        }
        self.order_by(order_by);
        if let Some(win) = over {
            self.window(win);
        }
    }
    fn window(&mut self, w: Window) {
        self.exprs(w.partition_by);
        self.order_by(w.order_by);
    }
    fn with(&mut self, w: Option<With>) {
        for cte in w.into_iter().flat_map(|w| w.ctes) {
            self.query(cte.query);
        }
    }
    fn values(&mut self, v: Values) {
        for row in v.rows {
            self.exprs(row);
        }
    }
    /// An INSERT's queries (its expressions hold theirs through guards of their own).
    fn insert(&mut self, i: Insert) {
        self.with(i.with);
        if let InsertSource::Query(q) = i.source {
            self.query(*q);
        }
    }
    /// An UPDATE's queries: its CTEs and FROM items.
    fn update(&mut self, u: Update) {
        self.with_sources(u.with, u.from);
    }
    /// A DELETE's queries: its CTEs and USING items.
    fn delete(&mut self, d: Delete) {
        self.with_sources(d.with, d.using);
    }
    fn with_sources(&mut self, with: Option<With>, sources: Vec<FromItem>) {
        self.with(with);
        for f in sources {
            self.source(f);
        }
    }
    fn source(&mut self, item: FromItem) {
        match item {
            FromItem::Subquery { query, .. } => self.query(*query),
            FromItem::Values { values, .. } => self.values(values),
            other => drop(other),
        }
    }
}

/// Takes a subtree apart node by node: each node's children are moved onto the work
/// list before the node itself is dropped, so no drop recurses more than one level.
fn dismantle(first: Item) {
    dismantle_work(Work {
        next: Some(first),
        stack: Vec::new(),
    });
}

/// Drops a guard's contents natively, counted as one level of nesting, or past
/// [`NATIVE_DROP_DEPTH`] levels takes them apart with `children`, which puts their
/// children on a work list.
fn counted<T>(contents: T, children: fn(&mut Work, T)) {
    drop_contents(contents, true, |c| dismantle_by(|w| children(w, c)));
}

/// Takes apart whatever `fill` puts on a fresh work list.
fn dismantle_by(fill: impl FnOnce(&mut Work)) {
    let mut work = Work::default();
    fill(&mut work);
    dismantle_work(work);
}

fn dismantle_work(mut work: Work) {
    while let Some(item) = work.next.take().or_else(|| work.stack.pop()) {
        match item {
            Item::Expr(e) => expr_children(e, &mut work),
            Item::Query(q) => query_children(q, &mut work),
        }
    }
}

fn expr_children(e: Expr, w: &mut Work) {
    match e {
        Expr::Neg(x) | Expr::Not(x) => w.boxed(x),
        Expr::Binary(b) => {
            let BinaryExpr { left, right, .. } = b.into_inner();
            w.expr(left);
            w.expr(right);
        }
        Expr::And(v) | Expr::Or(v) | Expr::Tuple(v) => w.exprs(v),
        Expr::IsNull { expr, .. } | Expr::Cast { expr, .. } => w.boxed(expr),
        Expr::IsDistinctFrom { left, right, .. } => {
            w.boxed(left);
            w.boxed(right);
        }
        Expr::Like { expr, pattern, .. } => {
            w.boxed(expr);
            w.boxed(pattern);
        }
        Expr::InList { expr, list, .. } => {
            w.boxed(expr);
            w.exprs(list);
        }
        Expr::InQuery { expr, query, .. }
        | Expr::Quantified {
            left: expr, query, ..
        } => {
            w.boxed(expr);
            w.query(query.into_inner());
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            w.boxed(expr);
            w.boxed(low);
            w.boxed(high);
        }
        Expr::Case {
            operand,
            whens,
            else_,
        } => {
            if let Some(o) = operand {
                w.boxed(o);
            }
            w.whens(whens);
            if let Some(x) = else_ {
                w.boxed(x);
            }
        }
        Expr::Func(call) => w.call(call.into_inner()),
        Expr::Custom(mut c) => w.exprs(std::mem::take(&mut c.args)),
        Expr::Subquery(q) | Expr::Exists { query: q, .. } => w.query(q.into_inner()),
        // Leaves, and any kind added later: dropped as they are.
        #[allow(unreachable_patterns)]
        other => drop(other),
    }
}

fn query_children(q: Query, w: &mut Work) {
    match q {
        Query::Select(s) => select_children(s.into_inner(), w),
        Query::Compound(c) => compound_children(c.into_inner(), w),
        Query::Values(v) => w.values(v),
        Query::Insert(i) => w.insert(i.into_inner()),
        Query::Update(u) => w.update(u.into_inner()),
        Query::Delete(d) => w.delete(d.into_inner()),
    }
}

fn select_children(s: Select, w: &mut Work) {
    let crate::select::Select {
        with,
        distinct,
        items,
        from,
        joins,
        where_,
        group_by,
        having,
        order_by,
        windows,
        ..
    } = s;
    w.with(with);
    if let Distinct::On(v) = distinct {
        w.exprs(v);
    }
    for item in items {
        if let SelectItem::Expr { expr, .. } = item {
            w.expr(expr);
        }
    }
    if let Some(f) = from {
        w.source(f);
    }
    for j in joins {
        w.source(j.item);
        if let Some(on) = j.on {
            w.expr(on);
        }
    }
    if let Some(x) = where_ {
        w.expr(x);
    }
    for g in group_by {
        match g {
            GroupItem::Expr(e) => w.expr(e),
            GroupItem::Rollup(v) | GroupItem::Cube(v) => w.exprs(v),
            GroupItem::GroupingSets(sets) => {
                for set in sets {
                    w.exprs(set);
                }
            }
            #[allow(unreachable_patterns)]
            other => drop(other),
        }
    }
    if let Some(x) = having {
        w.expr(x);
    }
    for nw in windows {
        w.exprs(nw.window.partition_by);
        w.order_by(nw.window.order_by);
    }
    w.order_by(order_by);
}

fn compound_children(c: Compound, w: &mut Work) {
    let Compound {
        with,
        left,
        right,
        order_by,
        ..
    } = c;
    w.with(with);
    w.query(left);
    w.query(right);
    w.order_by(order_by);
}
