//! Compiled templates: what the cache stores for one statement shape.
//!
//! On a cache miss the statement is compiled with a [`Recorder`]: instead of
//! writing placeholders, the compiler marks where each one goes and which value of
//! the key walk fills it. Values are identified by their address in the tree that
//! was just walked, so an SQL text that repeats a value (MySQL's NULLS emulation) or
//! renders values out of tree order (CTEs first) still binds each placeholder to
//! the right value.

use super::borrowed::{CompiledRef, ParamRef};
use super::{resolve_params, too_many_params, ValueSink};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::{Expr, Ident};
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// An open IN list of one execution: the tree's own items, or the values of an
/// expanding parameter.
#[derive(Clone, Copy)]
pub(crate) enum ListRef<'a> {
    /// Plain values or rows of them (see [`list_width`]).
    Exprs(&'a [Expr]),
    /// An expanding parameter's [`Value::List`] items.
    Values(&'a [Value]),
}

impl<'a> ListRef<'a> {
    fn len(self) -> usize {
        match self {
            ListRef::Exprs(l) => l.len(),
            ListRef::Values(l) => l.len(),
        }
    }

    /// Where the items are: the identity the key walk and the recorder share.
    pub(crate) fn addr(self) -> usize {
        match self {
            ListRef::Exprs(l) => l.as_ptr() as usize,
            ListRef::Values(l) => l.as_ptr() as usize,
        }
    }

    /// 0 for plain values, w for rows of w values.
    fn width(self) -> usize {
        match self {
            ListRef::Exprs(l) => slot_width(l),
            ListRef::Values(_) => 0,
        }
    }

    /// The placeholders: one per value, or per value of each row.
    fn params(self) -> usize {
        self.len() * self.width().max(1)
    }

    /// Its values, in placeholder order.
    fn push_params(self, params: &mut Vec<ParamRef<'a>>) {
        match self {
            ListRef::Values(items) => params.extend(items.iter().map(ParamRef::Value)),
            ListRef::Exprs(list) => {
                for e in list {
                    match e {
                        Expr::Value(v) => push_in_place(params, || ParamRef::Value(v)),
                        Expr::Tuple(row) => {
                            for x in row {
                                if let Expr::Value(v) = x {
                                    push_in_place(params, || ParamRef::Value(v));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// Appends the element `make` builds, written in place.
///
/// A `push` of a parameter built in one of several match arms builds it in a
/// temporary and copies it over in words that straddle the temporary's narrower
/// stores: a failed store-to-load forward per parameter, two thirds of
/// [`Template::render`]'s time (perf). The element is built after the room is
/// made, so nothing holds it across the (cold) reallocation and the optimiser
/// stores its fields straight into the vector.
#[inline(always)]
fn push_in_place<T>(v: &mut Vec<T>, make: impl FnOnce() -> T) {
    if v.len() == v.capacity() {
        v.reserve(1);
    }
    // SAFETY: the capacity exceeds the length (reserved above), so the element
    // past the length is allocated; it is written before the length covers it.
    unsafe {
        v.as_mut_ptr().add(v.len()).write(make());
        v.set_len(v.len() + 1);
    }
}

/// A slot's parameters, out of [`Template::render`]'s loop, which writes a
/// single value's itself.
#[inline(never)]
fn push_other<'s>(
    slot: &Slot,
    values: &[&'s Value],
    lists: &[ListRef<'s>],
    params: &mut Vec<ParamRef<'s>>,
) {
    match slot {
        Slot::Value(i) => params.push(ParamRef::Value(values[*i])),
        Slot::Named(n) => params.push(ParamRef::Named(n.clone())),
        Slot::Generate(f) => params.push(ParamRef::Owned(f())),
        Slot::List(i) => lists[*i].push_params(params),
    }
}

/// What fills one placeholder (or, for a list, a run of them).
#[derive(Clone)]
pub(crate) enum Slot {
    /// The n-th value of the key walk.
    Value(usize),
    /// A named parameter supplied at execution.
    Named(Ident),
    /// A client-side default computed per execution.
    Generate(Arc<dyn Fn() -> Value + Send + Sync>),
    /// The n-th expanding IN list of the key walk: one placeholder per item.
    List(usize),
}

/// Whether an IN list can be left open in a template: plain values, or row
/// values (`tuple_`) of plain values all of one width.
pub(crate) fn is_expandable(list: &[Expr]) -> bool {
    list_width(list).is_some()
}

/// An open list's width: 0 for plain values (`?, ?`), w for rows of w values
/// (`(?, ?), (?, ?)` for w = 2); `None` for a list that is not left open. The
/// width is part of the cache key: it changes the SQL, the length does not.
pub(crate) fn list_width(list: &[Expr]) -> Option<usize> {
    let is_value = |e: &Expr| matches!(e, Expr::Value(_));
    match list.first()? {
        Expr::Value(_) => list.iter().all(is_value).then_some(0),
        Expr::Tuple(first) if !first.is_empty() => {
            let width = first.len();
            list.iter()
                .all(|e| matches!(e, Expr::Tuple(row) if row.len() == width && row.iter().all(is_value)))
                .then_some(width)
        }
        _ => None,
    }
}

/// The width of a list that fills an open slot: its key said it is open and
/// gave its width, so the first item tells it without checking the rest.
fn slot_width(list: &[Expr]) -> usize {
    match list.first() {
        Some(Expr::Tuple(row)) => row.len(),
        _ => 0,
    }
}

pub(crate) struct Recorder {
    values: FxHashMap<usize, usize>,
    lists: FxHashMap<usize, usize>,
    marks: Vec<(usize, Slot)>,
    failed: bool,
}

fn addr<T: ?Sized>(r: &T) -> usize {
    (r as *const T).cast::<u8>() as usize
}

impl Recorder {
    pub(crate) fn new(values: &[&Value], lists: &[ListRef<'_>]) -> Recorder {
        let mut v = FxHashMap::default();
        for (i, val) in values.iter().enumerate() {
            v.entry(addr(*val)).or_insert(i);
        }
        let mut l = FxHashMap::default();
        for (i, list) in lists.iter().enumerate() {
            l.entry(list.addr()).or_insert(i);
        }
        Recorder {
            values: v,
            lists: l,
            marks: Vec::new(),
            failed: false,
        }
    }

    pub(crate) fn mark(&mut self, pos: usize, slot: Slot) {
        self.marks.push((pos, slot));
    }

    pub(crate) fn mark_value(&mut self, pos: usize, v: &Value) {
        match self.values.get(&addr(v)) {
            Some(&i) => self.marks.push((pos, Slot::Value(i))),
            // A value the key walk did not see cannot be re-bound on a hit; the
            // statement is then compiled fresh every time instead of cached wrong.
            None => self.failed = true,
        }
    }

    pub(crate) fn mark_list(&mut self, pos: usize, list: ListRef<'_>) {
        match self.lists.get(&list.addr()) {
            Some(&i) => self.marks.push((pos, Slot::List(i))),
            None => self.failed = true,
        }
    }

    pub(crate) fn finish(self, text: String) -> Option<Template> {
        if self.failed {
            return None;
        }
        Some(Template {
            has_lists: self.marks.iter().any(|(_, s)| matches!(s, Slot::List(_))),
            bindable: false,
            text,
            marks: self.marks,
            fixed_sql: None,
            first_variant: OnceLock::new(),
            variants: Mutex::new(Vec::new()),
        })
    }
}

/// How many IN-list length combinations one template keeps assembled SQL for,
/// besides the first it met.
/// Real code binds a handful of list lengths per statement; a statement fed every
/// length from 1 to 1,000 assembles most of them fresh instead of growing the
/// entry without bound.
pub(crate) const MAX_VARIANTS: usize = 4;

/// The assembled SQL for one combination of IN-list lengths.
type ListVariant = (Box<[usize]>, Arc<str>);

/// Keeps `variant` among the most recent [`MAX_VARIANTS`].
fn push_variant(variants: &mut Vec<ListVariant>, variant: ListVariant) {
    if variants.len() >= MAX_VARIANTS {
        variants.remove(0);
    }
    variants.push(variant);
}

/// SQL text with holes for placeholders, and what fills each hole.
pub(crate) struct Template {
    text: String,
    marks: Vec<(usize, Slot)>,
    has_lists: bool,
    /// Every hole is a value of the key walk or a named parameter, and the SQL
    /// is fixed: [`Template::render_bound`] serves it (set by `freeze`).
    bindable: bool,
    /// The final SQL, when no hole depends on a list's length.
    fixed_sql: Option<Arc<str>>,
    /// The final SQL for the first list lengths met, read without a lock: a
    /// statement is nearly always run with lists of the same lengths, and a lock
    /// taken on every hit was a few percent of one.
    first_variant: OnceLock<ListVariant>,
    /// The final SQL for other list lengths met most recently, so that a hit with
    /// lengths seen before shares its text instead of assembling it again. The
    /// lock is the entry's own, held only to scan a few lengths.
    variants: Mutex<Vec<ListVariant>>,
}

impl Template {
    /// Renders the SQL once, where it does not depend on list lengths.
    pub(crate) fn freeze<D: Dialect + ?Sized>(mut self, d: &D) -> Template {
        if !self.has_lists {
            self.fixed_sql = Some(Arc::from(self.assemble(d, &[])));
            self.bindable = self
                .marks
                .iter()
                .all(|(_, slot)| matches!(slot, Slot::Value(_) | Slot::Named(_)));
        }
        self
    }

    fn assemble<D: Dialect + ?Sized>(&self, d: &D, lists: &[ListRef<'_>]) -> String {
        let mut sql = String::with_capacity(self.text.len() + self.marks.len() * 4 + 64);
        let mut prev = 0;
        let mut n = 0;
        for (pos, slot) in &self.marks {
            sql.push_str(&self.text[prev..*pos]);
            prev = *pos;
            let Slot::List(i) = slot else {
                n += 1;
                d.write_placeholder(n, &mut sql);
                continue;
            };
            let list = lists.get(*i).copied().unwrap_or(ListRef::Exprs(&[]));
            let width = list.width();
            for k in 0..list.len() {
                if k > 0 {
                    sql.push_str(", ");
                }
                if width == 0 {
                    n += 1;
                    d.write_placeholder(n, &mut sql);
                    continue;
                }
                sql.push('(');
                for j in 0..width {
                    if j > 0 {
                        sql.push_str(", ");
                    }
                    n += 1;
                    d.write_placeholder(n, &mut sql);
                }
                sql.push(')');
            }
        }
        sql.push_str(&self.text[prev..]);
        sql
    }

    /// The SQL for these list lengths, from the variants when they were met before.
    fn sql_for_lists<D: Dialect + ?Sized>(&self, d: &D, lists: &[ListRef<'_>]) -> Arc<str> {
        let same = |lengths: &[usize]| {
            lengths.len() == lists.len() && lengths.iter().zip(lists).all(|(n, l)| *n == l.len())
        };
        let first = self.first_variant.get();
        if let Some((lengths, sql)) = first {
            if same(lengths) {
                return sql.clone();
            }
        }
        // A poisoned lock only means a panic elsewhere while scanning; the
        // variants are whole either way.
        let mut variants = self.variants.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, sql)) = variants.iter().find(|(lengths, _)| same(lengths)) {
            return sql.clone();
        }
        let sql: Arc<str> = Arc::from(self.assemble(d, lists));
        let variant = (lists.iter().map(|l| l.len()).collect(), sql.clone());
        if first.is_none() {
            // Another thread may have set it meanwhile: then this one is kept
            // among the others.
            match self.first_variant.set(variant) {
                Ok(()) => return sql,
                Err(variant) => push_variant(&mut variants, variant),
            }
        } else {
            push_variant(&mut variants, variant);
        }
        sql
    }

    /// The compiled statement for one execution's values, borrowing them.
    #[inline(always)]
    pub(crate) fn render<'s, D: Dialect + ?Sized>(
        &self,
        d: &D,
        values: &[&'s Value],
        lists: &[ListRef<'s>],
    ) -> Result<CompiledRef<'s>> {
        // One placeholder per mark, but a list's one per item.
        let count = if self.has_lists {
            self.marks
                .iter()
                .map(|(_, slot)| match slot {
                    Slot::List(i) => lists[*i].params(),
                    _ => 1,
                })
                .sum::<usize>()
        } else {
            self.marks.len()
        };
        if count > d.max_params() {
            return Err(too_many_params(d, count));
        }
        let mut params = Vec::with_capacity(count);
        for (_, slot) in &self.marks {
            if let Slot::Value(i) = slot {
                push_in_place(&mut params, || ParamRef::Value(values[*i]));
            } else {
                push_other(slot, values, lists, &mut params);
            }
        }
        let sql = match &self.fixed_sql {
            Some(sql) => sql.clone(),
            None => self.sql_for_lists(d, lists),
        };
        Ok(CompiledRef { sql, params })
    }

    /// The engine's path for a template whose holes are all plain values or named
    /// parameters, with fixed SQL: the SQL, with the values pushed to `out` in
    /// placeholder order (`named`'s for named parameters, with
    /// [`CompiledRef::bind`]'s errors), and no `CompiledRef` made: its parameter
    /// list was an allocation per execution. `None` for a template with lists or
    /// values made per execution; [`Template::render`] serves those.
    pub(crate) fn render_bound<'s, D: Dialect + ?Sized>(
        &self,
        d: &D,
        values: &[&'s Value],
        named: &'s [(&str, Value)],
        out: &mut impl ValueSink<'s>,
    ) -> Option<Result<Arc<str>>> {
        if !self.bindable {
            return None;
        }
        let sql = self.fixed_sql.as_ref()?;
        Some(self.bind_slots(d, values, named, out).map(|()| sql.clone()))
    }

    /// Pushes the values of a template without lists or values made per
    /// execution to `out`: the key walk's `values`, `named`'s for named
    /// parameters.
    fn bind_slots<'s, D: Dialect + ?Sized>(
        &self,
        d: &D,
        values: &[&'s Value],
        named: &'s [(&str, Value)],
        out: &mut impl ValueSink<'s>,
    ) -> Result<()> {
        if self.marks.len() > d.max_params() {
            return Err(too_many_params(d, self.marks.len()));
        }
        resolve_params(
            &self.marks,
            named,
            |(_, slot)| match slot {
                Slot::Value(i) => Ok(values[*i]),
                Slot::Named(n) => Err(n),
                // Not in a template the callers bind.
                Slot::Generate(_) | Slot::List(_) => Err(""),
            },
            out,
        )
    }

    /// For a template whose every placeholder is a named parameter (a statement
    /// built with `bindparam`s only): its SQL, with the values of `named` pushed
    /// to `out` in placeholder order and the errors of [`CompiledRef::bind`].
    /// `None` if a placeholder is of another kind; [`Template::render`] serves
    /// those.
    pub(crate) fn bind_named<'v, D: Dialect + ?Sized>(
        &self,
        d: &D,
        named: &'v [(&str, Value)],
        out: &mut impl ValueSink<'v>,
    ) -> Option<Result<&str>> {
        let sql: &str = self.fixed_sql.as_ref()?;
        if !self
            .marks
            .iter()
            .all(|(_, slot)| matches!(slot, Slot::Named(_)))
        {
            return None;
        }
        // Every slot named (checked above): no value of a key walk is read.
        Some(self.bind_slots(d, &[], named, out).map(|()| sql))
    }

    /// Approximate heap bytes held, for the cache's memory accounting.
    pub(crate) fn heap_size(&self) -> usize {
        let variants = self.variants.lock().unwrap_or_else(|p| p.into_inner());
        self.text.capacity()
            + self.fixed_sql.as_ref().map_or(0, |s| s.len())
            + self.marks.capacity() * std::mem::size_of::<(usize, Slot)>()
            + variants
                .iter()
                .chain(self.first_variant.get())
                .map(|(l, s)| l.len() * std::mem::size_of::<usize>() + s.len())
                .sum::<usize>()
    }
}
