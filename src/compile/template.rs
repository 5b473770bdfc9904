//! Compiled templates: what the cache stores for one statement shape.
//!
//! On a cache miss the statement is compiled with a [`Recorder`]: instead of
//! writing placeholders, the compiler marks where each one goes and which value of
//! the key walk fills it. Values are identified by their address in the tree that
//! was just walked, so an SQL text that repeats a value (MySQL's NULLS emulation) or
//! renders values out of tree order (CTEs first) still binds each placeholder to
//! the right value.

use super::Param;
use crate::cache::{SharedCompiled, SharedSql};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{Expr, Ident};
use crate::value::Value;
use rustc_hash::FxHashMap;
use std::sync::Arc;

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

/// Whether an IN list can be left open in a template: plain values only.
pub(crate) fn is_expandable(list: &[Expr]) -> bool {
    !list.is_empty() && list.iter().all(|e| matches!(e, Expr::Value(_)))
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
    pub(crate) fn new(values: &[&Value], lists: &[&[Expr]]) -> Recorder {
        let mut v = FxHashMap::default();
        for (i, val) in values.iter().enumerate() {
            v.entry(addr(*val)).or_insert(i);
        }
        let mut l = FxHashMap::default();
        for (i, list) in lists.iter().enumerate() {
            l.entry(list.as_ptr() as usize).or_insert(i);
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

    pub(crate) fn mark_list(&mut self, pos: usize, list: &[Expr]) {
        match self.lists.get(&(list.as_ptr() as usize)) {
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
            text,
            marks: self.marks,
            fixed_sql: None,
        })
    }
}

/// SQL text with holes for placeholders, and what fills each hole.
pub(crate) struct Template {
    text: String,
    marks: Vec<(usize, Slot)>,
    has_lists: bool,
    /// The final SQL, when no hole depends on a list's length.
    fixed_sql: Option<Arc<str>>,
}

impl Template {
    /// Renders the SQL once, where it does not depend on list lengths.
    pub(crate) fn freeze<D: Dialect + ?Sized>(mut self, d: &D) -> Template {
        if !self.has_lists {
            self.fixed_sql = Some(Arc::from(self.assemble(d, &[])));
        }
        self
    }

    fn assemble<D: Dialect + ?Sized>(&self, d: &D, lists: &[&[Expr]]) -> String {
        let mut sql = String::with_capacity(self.text.len() + self.marks.len() * 4);
        let mut prev = 0;
        let mut n = 0;
        for (pos, slot) in &self.marks {
            sql.push_str(&self.text[prev..*pos]);
            prev = *pos;
            let count = match slot {
                Slot::List(i) => lists.get(*i).map_or(0, |l| l.len()),
                _ => 1,
            };
            for k in 0..count {
                if k > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                d.write_placeholder(n, &mut sql);
            }
        }
        sql.push_str(&self.text[prev..]);
        sql
    }

    /// The compiled statement for one execution's values.
    pub(crate) fn render<D: Dialect + ?Sized>(
        &self,
        d: &D,
        values: &[&Value],
        lists: &[&[Expr]],
    ) -> Result<SharedCompiled> {
        let mut params = Vec::with_capacity(self.marks.len());
        for (_, slot) in &self.marks {
            match slot {
                Slot::Value(i) => params.push(Param::Value(values[*i].clone())),
                Slot::Named(n) => params.push(Param::Named(n.clone())),
                Slot::Generate(f) => params.push(Param::Value(f())),
                Slot::List(i) => {
                    for e in lists[*i] {
                        if let Expr::Value(v) = e {
                            params.push(Param::Value(v.clone()));
                        }
                    }
                }
            }
        }
        let max = d.max_params();
        if params.len() > max {
            return Err(Error::InvalidStatement(
                format!(
                    "the statement has {} parameters; the {} dialect allows at most {max} (split it: Connection::insert_many pages rows under the limit)",
                    params.len(),
                    d.name()
                )
                .into(),
            ));
        }
        let sql = match &self.fixed_sql {
            Some(sql) => SharedSql::Shared(sql.clone()),
            None => SharedSql::Owned(self.assemble(d, lists)),
        };
        Ok(SharedCompiled { sql, params })
    }

    /// Approximate heap bytes held, for the cache's memory accounting.
    pub(crate) fn heap_size(&self) -> usize {
        self.text.capacity()
            + self.fixed_sql.as_ref().map_or(0, |s| s.len())
            + self.marks.capacity() * std::mem::size_of::<(usize, Slot)>()
    }
}
