//! The cache key: one walk over a statement that writes its structure as bytes and
//! pulls its values out, in walk order.
//!
//! Every struct is destructured exhaustively and every enum matched without a
//! wildcard, so a field added to the tree does not compile until the key says what
//! it does: the class of bug where a field that changes the SQL is left out of the
//! key (most of SQLAlchemy's wrong-SQL cache bugs) is caught by the compiler.
//! Variable-length parts are length-prefixed, so the encoding is prefix-free and
//! two different structures never write the same bytes.

use crate::compile::template::{list_width, ListRef};
use crate::compile::{RED_ZONE, STACK_SEGMENT};
use crate::expr::{
    AggregateStrings, Case, GroupingSets, JsonAs, JsonExtract, JsonStep, RegexpReplace, WithinGroup,
};
use crate::expr::{
    BetweenExpr, BinaryExpr, BinaryOp, ColumnRef, DatePart, Direction, Expr, Frame, FrameBound,
    FrameUnits, Function, LikeExpr, Nulls, OrderBy, Qualifier, UnaryOp, WindowCall, WindowSpec,
};
use crate::query::{
    Compound, ConflictAction, ConflictTarget, CteDef, Delete, Distinct, FromItem, Insert,
    InsertSource, Join, JoinKind, Lock, LockStrength, LockWait, OnConflict, Query, Select,
    SelectParts, SetOp, Subquery, TableRef, TextClause, Update, ValuesDef,
};
use crate::schema::{ClientDefault, OnUpdate, Table};
use crate::types::SqlType;
use crate::value::Value;

/// Why a statement is compiled fresh instead of through the cache.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::cache::{CacheOutcome, CompileCache, Uncacheable};
/// use sqlcraft::dialect::GenericDialect;
/// let cache = CompileCache::new(GenericDialect);
/// let (_, outcome) = cache.compile_traced(&text("SELECT 1"))?;
/// assert!(matches!(outcome, CacheOutcome::Uncacheable(Uncacheable::Construct(_))));
/// let mut meta = MetaData::new();
/// let u = meta.table("u", |t| { t.column("id", SqlType::Integer); })?;
/// // An invalid tree is compiled fresh, which reports its error.
/// assert!(matches!(cache.compile_traced(&select(u.c("nope"))), Err(Error::UnknownColumn { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncacheable {
    /// A construct whose SQL is built per call (a whole `text()` statement,
    /// DDL). A `text()` fragment inside a built statement is part of its key.
    Construct(&'static str),
    /// The tree holds a builder error; compiling reports it.
    Invalid,
    /// Deeper than the walk goes; compiling reports it.
    TooDeep,
}

/// The walk stopped; [`KeyWriter::outcome`] says why. A zero-sized error keeps
/// the walk's results in a register: every node returns one.
pub(crate) struct Stop;

type Walk = Result<(), Stop>;

/// Collects a statement's key bytes, values and expanding lists; with `KEY`
/// false, only the values and lists (for a statement whose key is memoized, see
/// [`super::KeyMemo`]): one walk for both, so the two always agree on the order.
#[doc(hidden)]
pub struct KeyWriter<'a, const KEY: bool = true> {
    pub(crate) buf: Vec<u8>,
    pub(crate) values: Vec<&'a Value>,
    pub(crate) lists: Vec<ListRef<'a>>,
    /// The values supplied for expanding parameters.
    pub(crate) named: &'a [(&'a str, Value)],
    /// The expanding parameters met, by name: such a statement's entry depends
    /// on its lists being empty or not, so it is never memoized.
    pub(crate) expanded: Vec<&'a str>,
    depth: usize,
    /// The upsert's table, to check `excluded()` names as compiling does.
    upsert_table: Option<&'a Table>,
    /// CTE names met so far, with the object each belongs to.
    ctes_seen: Vec<(&'a str, usize)>,
    /// How many shared nodes (CTEs, FROM subqueries) the walk is inside.
    shared: u32,
    /// Addresses of values met under shared nodes, with their first index.
    shared_values: Vec<(usize, usize)>,
    /// `shared_values` as a map, once there are many.
    value_index: Option<rustc_hash::FxHashMap<usize, usize>>,
    /// Why the walk stopped, when it was not for a builder error.
    stopped: Option<Uncacheable>,
}

const MAX_DEPTH: usize = crate::compile::DEFAULT_MAX_DEPTH;

impl<'a, const KEY: bool> KeyWriter<'a, KEY> {
    /// Only debug builds' memo check and tests start a key without scratch.
    #[cfg(any(test, debug_assertions))]
    pub(crate) fn new(buf: Vec<u8>) -> KeyWriter<'a, KEY> {
        Self::with_scratch(buf, Vec::new(), Vec::new())
    }

    /// A writer that fills `values` and `lists` (empty; their allocations are
    /// reused).
    pub(crate) fn with_scratch(
        buf: Vec<u8>,
        values: Vec<&'a Value>,
        lists: Vec<ListRef<'a>>,
    ) -> KeyWriter<'a, KEY> {
        KeyWriter {
            buf,
            values,
            lists,
            named: &[],
            expanded: Vec::new(),
            depth: 0,
            upsert_table: None,
            ctes_seen: Vec::new(),
            shared: 0,
            shared_values: Vec::new(),
            value_index: None,
            stopped: None,
        }
    }

    /// A walk's result as the statement's: why it cannot be cached, if it cannot.
    pub(crate) fn outcome(&mut self, walk: Walk) -> Result<(), Uncacheable> {
        walk.map_err(|Stop| self.stopped.take().unwrap_or(Uncacheable::Invalid))
    }

    #[cold]
    fn stop(&mut self, reason: Uncacheable) -> Stop {
        self.stopped = Some(reason);
        Stop
    }

    /// The statement kind, first in every key.
    pub(crate) fn tag_statement(&mut self, kind: u8) {
        if KEY {
            self.buf.push(kind);
        }
    }

    #[inline]
    fn tag(&mut self, t: u8) {
        if KEY {
            self.buf.push(t);
        }
    }

    #[inline]
    fn flag(&mut self, b: bool) {
        if KEY {
            self.buf.push(u8::from(b));
        }
    }

    /// Several tag bytes at once: one reservation and one length update where
    /// a push per byte reloads and stores the length each time, a chain of
    /// dependent memory operations through the key's node.
    #[inline(always)]
    fn tags<const N: usize>(&mut self, t: [u8; N]) {
        if KEY {
            self.buf.reserve(N);
            let mut at = self.buf.len();
            // SAFETY: the reservation above covers the bytes.
            unsafe {
                put_bytes(self.buf.as_mut_ptr(), &mut at, &t);
                self.buf.set_len(at);
            }
        }
    }

    /// A tag, then a string: [`KeyWriter::tag`] and [`KeyWriter::str`] in one
    /// reservation.
    #[inline]
    fn tagged_str(&mut self, t: u8, s: &str) {
        self.str_after([t], s);
    }

    /// `head` (tag bytes, possibly none), then `s` as [`KeyWriter::str`] writes
    /// it, in one reservation.
    #[inline(always)]
    fn str_after<const N: usize>(&mut self, head: [u8; N], s: &str) {
        if !KEY {
            return;
        }
        let b = s.as_bytes();
        if b.len() < 0xFF {
            self.buf.reserve(N + 1 + b.len());
            let mut at = self.buf.len();
            // SAFETY: the reservation above covers the head, the length byte
            // and the bytes.
            unsafe {
                put_bytes(self.buf.as_mut_ptr(), &mut at, &head);
                put_short_str(self.buf.as_mut_ptr(), &mut at, b);
                self.buf.set_len(at);
            }
        } else {
            self.tags(head);
            self.len(b.len());
            self.buf.extend_from_slice(b);
        }
    }

    /// A length or count: one byte below 255 (nearly every identifier and list),
    /// else a marker byte and eight. The two forms cannot be confused, so the
    /// encoding stays prefix-free, and the short one keeps keys small: a key is
    /// hashed and compared in full on every lookup.
    #[inline]
    fn len(&mut self, n: usize) {
        if !KEY {
            return;
        }
        if n < 0xFF {
            self.buf.push(n as u8);
        } else {
            self.buf.push(0xFF);
            self.buf.extend_from_slice(&(n as u64).to_le_bytes());
        }
    }

    #[inline]
    fn str(&mut self, s: &str) {
        self.str_after([], s);
    }

    #[inline]
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.tag(1);
                self.str(s);
            }
            None => self.tag(0),
        }
    }

    /// A bound value: its kind, and whether it is the very object met earlier
    /// (a subquery or CTE handle used twice). The template binds placeholders by
    /// the value's identity, so a tree that shares values and one that does not
    /// must never share an entry.
    ///
    /// Only a value under a shared node (a CTE, a FROM subquery: both held by
    /// `Arc`) can be met twice: every other value is owned along one path from
    /// the statement, and the walk takes each path once. So only those are
    /// searched, and only among themselves.
    #[inline]
    fn value(&mut self, v: &'a Value) {
        if KEY && self.shared > 0 {
            self.tag(v.kind_tag());
            self.shared_value(v);
        } else {
            self.tags([v.kind_tag(), 0]);
        }
        self.values.push(v);
    }

    /// A value as an expression: its expression tag, then [`KeyWriter::value`].
    #[inline(always)]
    fn value_expr(&mut self, v: &'a Value) {
        if KEY && self.shared > 0 {
            self.tag(2);
            self.value(v);
        } else {
            self.tags([2, v.kind_tag(), 0]);
            self.values.push(v);
        }
    }

    /// [`KeyWriter::value`] under a shared node.
    fn shared_value(&mut self, v: &'a Value) {
        let at = v as *const Value as usize;
        let index = self.values.len();
        const LINEAR: usize = 32;
        let earlier = if self.shared_values.len() < LINEAR {
            let found = self
                .shared_values
                .iter()
                .find(|(addr, _)| *addr == at)
                .map(|&(_, i)| i);
            if found.is_none() {
                self.shared_values.push((at, index));
            }
            found
        } else {
            self.earlier_among_many(at, index)
        };
        match earlier {
            Some(i) => {
                self.tag(1);
                self.len(i);
            }
            None => self.tag(0),
        }
    }

    /// [`KeyWriter::shared_value`]'s search once a statement has many shared
    /// values: an index from address to first position, built on first use.
    #[cold]
    fn earlier_among_many(&mut self, at: usize, index: usize) -> Option<usize> {
        let shared = &self.shared_values;
        let map = self
            .value_index
            .get_or_insert_with(|| shared.iter().copied().collect());
        match map.entry(at) {
            std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
        }
    }

    /// An IN list left open: which earlier list it is, if the statement meets
    /// the same one again (a shared node, an expanding parameter used twice).
    fn open_list(&mut self, list: ListRef<'a>) {
        let at = list.addr();
        match self.lists.iter().position(|l| l.addr() == at) {
            Some(i) => {
                self.tag(1);
                self.len(i);
            }
            None => self.tag(0),
        }
        self.lists.push(list);
    }

    /// Walks a node held by `Arc`, which the statement may reach more than once.
    fn shared_node(&mut self, f: impl FnOnce(&mut Self) -> Walk) -> Walk {
        self.shared += 1;
        let r = f(self);
        self.shared -= 1;
        r
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> Walk) -> Walk {
        if self.depth >= MAX_DEPTH {
            return Err(self.stop(Uncacheable::TooDeep));
        }
        self.depth += 1;
        let r = if self.depth % 8 == 0 {
            stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, || f(self))
        } else {
            f(self)
        };
        self.depth -= 1;
        r
    }

    #[inline]
    fn exprs(&mut self, items: &'a [Expr]) -> Walk {
        self.len(items.len());
        for e in items {
            self.expr(e)?;
        }
        Ok(())
    }

    #[inline]
    fn opt_expr(&mut self, e: &'a Option<Expr>) -> Walk {
        match e {
            Some(e) => {
                self.tag(1);
                self.expr(e)
            }
            None => {
                self.tag(0);
                Ok(())
            }
        }
    }

    #[inline]
    fn qualifier(&mut self, q: &Qualifier) {
        let Qualifier { schema, name } = q;
        self.opt_str(schema.as_deref());
        self.str(name);
    }

    /// A column reference: its bytes were written when it was made
    /// ([`ColumnRef`]); copying them is most of the work for most keys.
    #[inline]
    fn column_expr(&mut self, c: &ColumnRef) {
        if !KEY {
            return;
        }
        if let Some(block) = c.inline_block() {
            // All 31 bytes after the length are copied (a copy of constant
            // size: two overlapping 16-byte vector moves), and the length moved
            // past the key alone: the copy does not branch on the key's length,
            // whose branches (keys of 10 to 20 bytes straddle the 16-byte case)
            // the predictor missed.
            let n = usize::from(block[0]);
            self.buf.reserve(31);
            let at = self.buf.len();
            // SAFETY: the reservation covers the 31 bytes written; the reads are
            // `block[1..32]`; the key's `n` bytes come first.
            unsafe {
                let dst = self.buf.as_mut_ptr().add(at);
                std::ptr::copy_nonoverlapping(block.as_ptr().add(1), dst, 31);
                self.buf.set_len(at + n);
            }
            return;
        }
        let key = c.key();
        self.buf.reserve(key.len());
        let mut at = self.buf.len();
        // SAFETY: the reservation covers the bytes.
        unsafe {
            put_bytes(self.buf.as_mut_ptr(), &mut at, key);
            self.buf.set_len(at);
        }
    }

    /// What [`KeyWriter::column_expr`] copies: the expression tag, the qualifier
    /// and the name. [`ColumnRef`] writes these bytes itself; this writer is the
    /// tests' check that the two encodings agree.
    #[cfg(test)]
    fn column_parts(&mut self, qualifier: Option<&Qualifier>, name: &str) {
        self.tag(1);
        match qualifier {
            Some(q) => {
                self.tag(1);
                self.qualifier(q);
            }
            None => self.tag(0),
        }
        self.str(name);
    }

    fn sql_type(&mut self, ty: &SqlType) {
        match ty {
            SqlType::SmallInteger => self.tag(1),
            SqlType::Integer => self.tag(2),
            SqlType::BigInteger => self.tag(3),
            SqlType::String(n) => {
                self.tag(4);
                self.len(n.map_or(u32::MAX as usize + 1, |n| n as usize));
            }
            SqlType::Text => self.tag(5),
            SqlType::Float => self.tag(6),
            SqlType::Numeric(p, s) => {
                self.tag(7);
                if KEY {
                    self.buf.extend_from_slice(&[*p, *s]);
                }
            }
            SqlType::Boolean => self.tag(8),
            SqlType::Date => self.tag(9),
            SqlType::Time => self.tag(10),
            SqlType::DateTime { timezone } => {
                self.tag(11);
                self.flag(*timezone);
            }
            SqlType::Interval => self.tag(12),
            SqlType::LargeBinary => self.tag(13),
            SqlType::Json => self.tag(14),
            SqlType::Uuid => self.tag(15),
            SqlType::Enum(e) => {
                self.tag(16);
                self.str(&e.name);
                self.len(e.variants.len());
                for v in &e.variants {
                    self.str(v);
                }
            }
        }
    }

    /// Leaves (most nodes of a statement) are written in place, with no depth
    /// bookkeeping and no call: kept apart from [`KeyWriter::node`], whose frame
    /// saves every register, a leaf costs a few instructions.
    #[inline(always)]
    pub(crate) fn expr(&mut self, e: &'a Expr) -> Walk {
        match e {
            Expr::Column(c) => {
                self.column_expr(c);
                Ok(())
            }
            Expr::Value(v) => {
                self.value_expr(v);
                Ok(())
            }
            Expr::Binary(b) => self.binary(e, b),
            _ => self.node(e),
        }
    }

    /// A column compared with a value or another column (`users.id = ?`,
    /// `orders.user_id = users.id`: most of a WHERE clause) is written by a small
    /// function of its own: it recurses no further, so it needs neither the
    /// depth bookkeeping nor the frame of [`KeyWriter::node`], which saves every
    /// register. Every other binary expression goes to `node`, which writes the
    /// same bytes.
    #[inline(never)]
    fn binary(&mut self, e: &'a Expr, b: &'a BinaryExpr) -> Walk {
        let BinaryExpr { op, left, right } = b;
        if matches!(op, BinaryOp::Custom(_) | BinaryOp::RegexpMatch(_)) {
            return self.node(e);
        }
        match (left, right) {
            (Expr::Column(l), Expr::Value(r)) => {
                self.tags([8, binary_op(*op)]);
                self.column_expr(l);
                self.value_expr(r);
                Ok(())
            }
            (Expr::Column(l), Expr::Column(r)) => {
                self.tags([8, binary_op(*op)]);
                self.column_expr(l);
                self.column_expr(r);
                Ok(())
            }
            _ => self.node(e),
        }
    }

    /// A node with children: [`KeyWriter::nested`]'s bookkeeping with the
    /// node's body inlined, one call a node where a call to `nested`'s closure
    /// made two. On a new stack segment, when one is needed, the node starts
    /// again from here.
    #[inline(never)]
    fn node(&mut self, e: &'a Expr) -> Walk {
        if self.depth >= MAX_DEPTH {
            return Err(self.stop(Uncacheable::TooDeep));
        }
        if (self.depth + 1) % 8 == 0
            && stacker::remaining_stack().is_some_and(|left| left < RED_ZONE)
        {
            // On the new segment the check above passes and the node runs.
            let mut r = Ok(());
            stacker::grow(STACK_SEGMENT, || r = self.node(e));
            return r;
        }
        self.depth += 1;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    /// The longer arms are methods of their own, kept out of line: inlined
    /// here, they made `node`'s frame (every register saved, a large stack
    /// area) the price of every node, the common small ones included. Out of
    /// line, B2's key walk is ~10% faster.
    #[inline(always)]
    fn expr_inner(&mut self, e: &'a Expr) -> Walk {
        match e {
            Expr::Column(c) => self.column_expr(c),
            Expr::Value(v) => self.value_expr(v),
            // Anywhere but an IN list (above): compiling reports it.
            Expr::ExpandingParam(_) => return Err(self.stop(Uncacheable::Invalid)),
            Expr::Param(name) => {
                self.tag(3);
                self.str(name);
            }
            Expr::Null => self.tag(4),
            Expr::Bool(b) => {
                self.tag(5);
                self.flag(*b);
            }
            Expr::Star(q) => self.star(q)?,
            Expr::Unary(op, inner) => {
                self.tags([
                    7,
                    match op {
                        UnaryOp::Not => 0,
                        UnaryOp::Neg => 1,
                        UnaryOp::BitNot => 2,
                    },
                ]);
                self.expr(inner)?;
            }
            Expr::Binary(b) => {
                let BinaryExpr { op, left, right } = &**b;
                self.tags([8, binary_op(*op)]);
                if let BinaryOp::Custom(text) | BinaryOp::RegexpMatch(text) = op {
                    self.str(text);
                }
                self.expr(left)?;
                self.expr(right)?;
            }
            Expr::Like(l) => {
                let LikeExpr {
                    expr,
                    pattern,
                    escape,
                    negated,
                    case_insensitive,
                } = &**l;
                self.tags([9, u8::from(*negated), u8::from(*case_insensitive)]);
                self.len(escape.map_or(u32::MAX as usize + 1, |c| c as usize));
                self.expr(expr)?;
                self.expr(pattern)?;
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => self.in_list(expr, list, negated)?,
            Expr::InSubquery {
                expr,
                query,
                negated,
            } => {
                self.tag(11);
                self.flag(*negated);
                self.expr(expr)?;
                self.query(query)?;
            }
            Expr::Between(b) => self.between(b)?,
            Expr::IsNull { expr, negated } => {
                self.tags([13, u8::from(*negated)]);
                self.expr(expr)?;
            }
            Expr::And(items) => {
                self.tag(14);
                self.exprs(items)?;
            }
            Expr::Or(items) => {
                self.tag(15);
                self.exprs(items)?;
            }
            Expr::Function(f) => {
                self.tag(16);
                self.function(f)?;
            }
            Expr::Window(w) => self.window_call(w)?,
            Expr::Case(c) => self.case(c)?,
            Expr::Cast(inner, ty) => {
                self.tag(19);
                self.sql_type(ty);
                self.expr(inner)?;
            }
            Expr::Collate(inner, name) => {
                self.tag(27);
                self.str(name);
                self.expr(inner)?;
            }
            Expr::Extract(part, inner) => self.extract(part, inner)?,
            Expr::Exists { query, negated } => {
                self.tag(20);
                self.flag(*negated);
                self.query(query)?;
            }
            Expr::Subquery(q) => {
                self.tag(21);
                self.query(q)?;
            }
            Expr::Quantified { query, all } => {
                self.tag(35);
                self.flag(*all);
                self.query(query)?;
            }
            Expr::Label(inner, name) => {
                self.tagged_str(22, name);
                self.expr(inner)?;
            }
            Expr::LabelRef(name) => {
                self.tag(23);
                self.str(name);
            }
            Expr::Tuple(items) => {
                self.tag(24);
                self.exprs(items)?;
            }
            Expr::Distinct(inner) => {
                self.tag(25);
                self.expr(inner)?;
            }
            Expr::Excluded(name) => self.excluded(name)?,
            Expr::AggregateStrings(a) => self.aggregate_strings(a)?,
            Expr::RegexpReplace(r) => self.regexp_replace(r)?,
            Expr::JsonExtract(j) => self.json_extract(j)?,
            Expr::WithinGroup(g) => {
                let WithinGroup { func, order_by } = &**g;
                self.tag(33);
                self.expr(func)?;
                self.order_bys(order_by)?;
            }
            Expr::NextValue(seq) => {
                self.tag(32);
                self.opt_str(seq.schema());
                self.str(seq.name());
            }
            Expr::GroupingSets(g) => self.grouping_sets(g)?,
            Expr::Text(t) => self.text(t)?,
            Expr::Invalid(_) => return Err(Stop),
        }
        Ok(())
    }

    /// A `text()` fragment: its SQL and parameter names, and its bound values
    /// in the order the compiler binds them (a name used twice, once per use).
    /// Trees with one key have the same names bound the same way, so a value
    /// met at two placeholders is met at both in every one of them.
    #[inline(never)]
    fn text(&mut self, t: &'a TextClause) -> Walk {
        use crate::query::text_parts::{Bound, TextPart};
        if t.error.is_some() {
            // Compiling reports it.
            return Err(self.stop(Uncacheable::Invalid));
        }
        self.tag(36);
        self.flag(t.ends_in_line_comment);
        self.len(t.parts.len());
        for part in t.parts.iter() {
            match part {
                TextPart::Sql(sql) => self.tagged_str(0, sql),
                TextPart::Param(name) => match t.bound_value(name) {
                    Some(Bound::One(v)) if !matches!(v, Value::List(_)) => {
                        self.tagged_str(1, name);
                        self.value(v);
                    }
                    Some(Bound::List(items))
                        if !items.is_empty()
                            && !items.iter().any(|v| matches!(v, Value::List(_))) =>
                    {
                        // The length shapes the SQL: `(?, ?, ?)`.
                        self.tagged_str(2, name);
                        self.len(items.len());
                        for v in items {
                            self.value(v);
                        }
                    }
                    None => self.tagged_str(3, name),
                    // A list where one value goes, or an empty list: compiling
                    // reports it.
                    Some(_) => return Err(self.stop(Uncacheable::Invalid)),
                },
            }
        }
        Ok(())
    }

    /// `*` or `table.*`.
    #[inline(never)]
    fn star(&mut self, q: &'a Option<Qualifier>) -> Walk {
        self.tag(6);
        match q {
            Some(q) => {
                self.tag(1);
                self.qualifier(q);
            }
            None => self.tag(0),
        }
        Ok(())
    }

    /// `expr IN (…)`: a list of plain values is left open (its length is not in the
    /// key), an expanding parameter by its name.
    #[inline(never)]
    fn in_list(&mut self, expr: &'a Expr, list: &'a [Expr], negated: &bool) -> Walk {
        self.tags([10, u8::from(*negated)]);
        self.expr(expr)?;
        if let [Expr::ExpandingParam(name)] = list {
            // Its name, and whether its list is empty (a constant instead
            // of IN): never its length.
            self.tag(3);
            self.str(name);
            let items = match self.named.iter().find(|(n, _)| **n == **name) {
                Some((n, Value::List(items))) => {
                    self.expanded.push(n);
                    items
                }
                // Compiling reports what is missing or wrong.
                _ => return Err(self.stop(Uncacheable::Invalid)),
            };
            if items.is_empty() {
                self.tag(0);
            } else {
                self.tag(1);
                self.open_list(ListRef::Values(items));
            }
        } else if list.is_empty() {
            self.tag(0);
        } else if let Some(width) = list_width(list) {
            // Lists of plain values (or of rows of plain values, of one
            // width) share one entry whatever their length.
            self.tag(1);
            self.len(width);
            self.open_list(ListRef::Exprs(list));
        } else {
            self.tag(2);
            self.exprs(list)?;
        }
        Ok(())
    }

    /// `expr BETWEEN low AND high`.
    #[inline(never)]
    fn between(&mut self, b: &'a BetweenExpr) -> Walk {
        let BetweenExpr {
            expr,
            low,
            high,
            negated,
        } = b;
        self.tags([12, u8::from(*negated)]);
        self.expr(expr)?;
        self.expr(low)?;
        self.expr(high)?;
        Ok(())
    }

    /// A function `OVER (…)`.
    #[inline(never)]
    fn window_call(&mut self, w: &'a WindowCall) -> Walk {
        let WindowCall { func, window } = w;
        self.tag(17);
        self.expr(func)?;
        self.window(window)?;
        Ok(())
    }

    /// `CASE … END`.
    #[inline(never)]
    fn case(&mut self, c: &'a Case) -> Walk {
        let Case {
            operand,
            whens,
            else_,
        } = c;
        self.tag(18);
        self.opt_expr(operand)?;
        self.len(whens.len());
        for (cond, result) in whens {
            self.expr(cond)?;
            self.expr(result)?;
        }
        self.opt_expr(else_)?;
        Ok(())
    }

    /// `EXTRACT(part FROM inner)`.
    #[inline(never)]
    fn extract(&mut self, part: &DatePart, inner: &'a Expr) -> Walk {
        self.tag(28);
        self.tag(match part {
            DatePart::Year => 0,
            DatePart::Month => 1,
            DatePart::Day => 2,
            DatePart::Hour => 3,
            DatePart::Minute => 4,
            DatePart::Second => 5,
        });
        self.expr(inner)?;
        Ok(())
    }

    /// `excluded.name` in an upsert's update.
    #[inline(never)]
    fn excluded(&mut self, name: &'a str) -> Walk {
        // Outside an upsert's update, or naming no column of its table,
        // compiling reports the error.
        match self.upsert_table {
            Some(t) => t.resolve(name).map_err(|_| Stop)?,
            None => return Err(Stop),
        };
        self.tag(26);
        self.str(name);
        Ok(())
    }

    /// `string_agg` / `group_concat` and their order.
    #[inline(never)]
    fn aggregate_strings(&mut self, a: &'a AggregateStrings) -> Walk {
        let AggregateStrings {
            expr,
            separator,
            order_by,
        } = a;
        self.tag(29);
        self.str(separator);
        self.expr(expr)?;
        self.order_bys(order_by)?;
        Ok(())
    }

    /// `regexp_replace(expr, pattern, replacement, flags)`.
    #[inline(never)]
    fn regexp_replace(&mut self, r: &'a RegexpReplace) -> Walk {
        let RegexpReplace {
            expr,
            pattern,
            replacement,
            flags,
        } = r;
        self.tag(30);
        self.str(flags);
        self.expr(expr)?;
        self.expr(pattern)?;
        self.expr(replacement)?;
        Ok(())
    }

    /// A JSON path read, and the type it is read as.
    #[inline(never)]
    fn json_extract(&mut self, j: &'a JsonExtract) -> Walk {
        let JsonExtract { doc, path, read_as } = j;
        self.tag(34);
        self.tag(match read_as {
            JsonAs::Text => 0,
            JsonAs::Integer => 1,
            JsonAs::Float => 2,
        });
        self.len(path.steps().len());
        for step in path.steps() {
            match step {
                JsonStep::Key(k) => {
                    self.tag(0);
                    self.str(k);
                }
                JsonStep::Index(n) => {
                    self.tag(1);
                    self.len(*n as usize);
                }
            }
        }
        self.expr(doc)?;
        Ok(())
    }

    /// `ROLLUP`, `CUBE`, `GROUPING SETS`.
    #[inline(never)]
    fn grouping_sets(&mut self, g: &'a GroupingSets) -> Walk {
        self.tag(31);
        match g {
            GroupingSets::Rollup(exprs) => {
                self.tag(0);
                self.exprs(exprs)?;
            }
            GroupingSets::Cube(exprs) => {
                self.tag(1);
                self.exprs(exprs)?;
            }
            GroupingSets::Sets(sets) => {
                self.tag(2);
                self.len(sets.len());
                for set in sets {
                    self.exprs(set)?;
                }
            }
        }
        Ok(())
    }

    fn function(&mut self, f: &'a Function) -> Walk {
        let Function { name, args, filter } = f;
        self.str(name);
        self.exprs(args)?;
        match filter {
            Some(condition) => {
                self.tag(1);
                self.expr(condition)
            }
            None => {
                self.tag(0);
                Ok(())
            }
        }
    }

    fn window(&mut self, w: &'a WindowSpec) -> Walk {
        let WindowSpec {
            partition_by,
            order_by,
            frame,
        } = w;
        self.exprs(partition_by)?;
        self.order_bys(order_by)?;
        match frame {
            Some(Frame { units, start, end }) => {
                self.tag(1);
                self.tag(match units {
                    FrameUnits::Rows => 0,
                    FrameUnits::Range => 1,
                    FrameUnits::Groups => 2,
                });
                self.frame_bound(*start);
                self.frame_bound(*end);
            }
            None => self.tag(0),
        }
        Ok(())
    }

    fn frame_bound(&mut self, b: FrameBound) {
        match b {
            FrameBound::UnboundedPreceding => self.tag(0),
            FrameBound::Preceding(n) => {
                self.tag(1);
                self.len(n as usize);
            }
            FrameBound::CurrentRow => self.tag(2),
            FrameBound::Following(n) => {
                self.tag(3);
                self.len(n as usize);
            }
            FrameBound::UnboundedFollowing => self.tag(4),
        }
    }

    #[inline]
    fn order_bys(&mut self, items: &'a [OrderBy]) -> Walk {
        self.len(items.len());
        for o in items {
            let OrderBy {
                expr,
                direction,
                nulls,
            } = o;
            self.tag(match direction {
                None => 0,
                Some(Direction::Asc) => 1,
                Some(Direction::Desc) => 2,
            });
            self.tag(match nulls {
                None => 0,
                Some(Nulls::First) => 1,
                Some(Nulls::Last) => 2,
            });
            self.expr(expr)?;
        }
        Ok(())
    }

    pub(crate) fn query(&mut self, q: &'a Query) -> Walk {
        self.nested(|w| match q {
            Query::Select(s) => {
                w.tag(1);
                w.select(s)
            }
            Query::Compound(c) => {
                w.tag(2);
                w.compound(c)
            }
            Query::Text(_) => Err(w.stop(Uncacheable::Construct("text()"))),
        })
    }

    #[inline]
    fn ctes(&mut self, ctes: &'a [crate::query::Cte]) -> Walk {
        self.len(ctes.len());
        for c in ctes {
            self.cte(c.def())?;
        }
        Ok(())
    }

    fn cte(&mut self, def: &'a CteDef) -> Walk {
        // Two different CTE objects under one name are accepted by compiling when
        // their values agree and refused when they differ: values decide, so such
        // a statement is compiled fresh every time.
        let ptr = def as *const CteDef as usize;
        match self.ctes_seen.iter().find(|(n, _)| *n == def.name.as_ref()) {
            Some(&(_, p)) if p != ptr => {
                return Err(self.stop(Uncacheable::Construct("two CTE objects with one name")))
            }
            Some(_) => {}
            None => self.ctes_seen.push((&def.name, ptr)),
        }
        let CteDef {
            name,
            columns,
            query,
            recursive,
            names: _,
        } = def;
        self.str(name);
        self.flag(*recursive);
        self.len(columns.len());
        for c in columns {
            self.str(c);
        }
        self.shared_node(|w| w.query(query))
    }

    pub(crate) fn select(&mut self, s: &'a Select) -> Walk {
        let SelectParts {
            ctes,
            distinct,
            columns,
            from,
            where_,
            group_by,
            having,
            order_by,
            limit,
            offset,
            lock,
            error,
            // The memo is what the key leads to, not part of it.
            memo: _,
        } = &**s;
        if error.is_some() {
            return Err(Stop);
        }
        self.ctes(ctes)?;
        match distinct {
            Distinct::None => self.tag(0),
            Distinct::All => self.tag(1),
            Distinct::On(exprs) => {
                self.tag(2);
                self.exprs(exprs)?;
            }
        }
        self.exprs(columns)?;
        self.sources(from)?;
        self.opt_expr(where_)?;
        self.exprs(group_by)?;
        self.opt_expr(having)?;
        self.order_bys(order_by)?;
        self.opt_expr(limit)?;
        self.opt_expr(offset)?;
        match lock {
            Some(Lock { strength, wait, of }) => {
                self.tag(1);
                self.tag(match strength {
                    LockStrength::Update => 0,
                    LockStrength::Share => 1,
                });
                self.tag(match wait {
                    LockWait::Wait => 0,
                    LockWait::NoWait => 1,
                    LockWait::SkipLocked => 2,
                });
                self.len(of.len());
                for name in of {
                    self.str(name);
                }
            }
            None => self.tag(0),
        }
        Ok(())
    }

    pub(crate) fn compound(&mut self, c: &'a Compound) -> Walk {
        let Compound {
            ctes,
            first,
            rest,
            order_by,
            limit,
            offset,
            memo: _,
        } = c;
        self.ctes(ctes)?;
        self.query(first)?;
        self.len(rest.len());
        for (op, q) in rest {
            self.tag(match op {
                SetOp::Union => 0,
                SetOp::UnionAll => 1,
                SetOp::Intersect => 2,
                SetOp::IntersectAll => 3,
                SetOp::Except => 4,
                SetOp::ExceptAll => 5,
            });
            self.query(q)?;
        }
        self.order_bys(order_by)?;
        self.opt_expr(limit)?;
        self.opt_expr(offset)
    }

    fn table_ref(&mut self, t: &TableRef) {
        let TableRef {
            schema,
            name,
            alias,
        } = t;
        self.opt_str(schema.as_deref());
        self.str(name);
        self.opt_str(alias.as_deref());
    }

    #[inline]
    fn sources(&mut self, items: &'a [FromItem]) -> Walk {
        self.len(items.len());
        for item in items {
            self.source(item)?;
        }
        Ok(())
    }

    fn source(&mut self, item: &'a FromItem) -> Walk {
        // A table (most items) has nothing below it: no depth bookkeeping.
        if let FromItem::Table(t) = item {
            self.tag(1);
            self.table_ref(t);
            return Ok(());
        }
        self.nested(|w| match item {
            FromItem::Table(t) => {
                w.tag(1);
                w.table_ref(t);
                Ok(())
            }
            FromItem::Subquery(Subquery {
                query,
                alias,
                names: _,
                lateral,
            }) => {
                w.tag(2);
                w.flag(*lateral);
                w.str(alias);
                w.shared_node(|w| w.query(query))
            }
            FromItem::Cte(c) => {
                // The definition is part of the key: it is rendered in the WITH.
                w.tag(3);
                w.cte(c.def())
            }
            FromItem::Values(v) => {
                let ValuesDef {
                    alias,
                    columns,
                    rows,
                } = v.def();
                w.tag(5);
                w.str(alias);
                w.len(columns.len());
                for c in columns {
                    w.str(c);
                }
                w.len(rows.len());
                // Held by `Arc`: the same rows may be met twice.
                w.shared_node(|w| {
                    for row in rows {
                        w.exprs(row)?;
                    }
                    Ok(())
                })
            }
            FromItem::Join(j) => {
                let Join {
                    left,
                    right,
                    kind,
                    on,
                } = &**j;
                w.tags([
                    4,
                    match kind {
                        JoinKind::Inner => 0,
                        JoinKind::Left => 1,
                        JoinKind::Right => 2,
                        JoinKind::Full => 3,
                        JoinKind::Cross => 4,
                    },
                ]);
                w.source(left)?;
                w.source(right)?;
                w.opt_expr(on)
            }
        })
    }

    /// Assignment lists; column names are checked as compiling checks them, so a
    /// cached statement fails exactly when a fresh compile would.
    fn assignments(&mut self, def: &Table, sets: &'a [(crate::expr::Ident, Expr)]) -> Walk {
        self.len(sets.len());
        for (col, val) in sets {
            def.resolve(col).map_err(|_| Stop)?;
            self.str(col);
            self.expr(val)?;
        }
        Ok(())
    }

    pub(crate) fn insert(&mut self, ins: &'a Insert) -> Walk {
        let Insert {
            table,
            def,
            columns,
            source,
            on_conflict,
            returning,
            ctes,
            error,
            memo: _,
        } = ins;
        if error.is_some() {
            return Err(Stop);
        }
        self.ctes(ctes)?;
        self.table_ref(table);
        self.len(columns.len());
        for c in columns {
            def.resolve(c).map_err(|_| Stop)?;
            self.str(c);
        }
        match source {
            InsertSource::Values(rows) => {
                self.tag(1);
                self.len(rows.len());
                for row in rows {
                    self.exprs(row)?;
                }
            }
            InsertSource::Select(q) => {
                self.tag(2);
                self.query(q)?;
            }
            InsertSource::DefaultValues => self.tag(3),
        }
        if !matches!(source, InsertSource::Select(_)) {
            // The client-side defaults the compiler will add.
            for col in def.columns() {
                if columns.contains(&col.name) {
                    continue;
                }
                match &col.default {
                    Some(ClientDefault::Value(v)) => {
                        self.tag(1);
                        self.str(&col.name);
                        self.value(v);
                    }
                    Some(ClientDefault::Fn(f)) => {
                        // The function's identity: the cached template holds the
                        // same Arc, so the address is never reused while it lives.
                        self.tag(2);
                        self.str(&col.name);
                        self.len(std::sync::Arc::as_ptr(f).cast::<u8>() as usize);
                    }
                    None => {}
                }
            }
            self.tag(0);
        }
        match on_conflict {
            Some(OnConflict { target, action }) => {
                self.upsert_table = Some(def);
                self.tag(1);
                match target {
                    ConflictTarget::Any => self.tag(0),
                    ConflictTarget::Columns(cols) => {
                        self.tag(1);
                        self.len(cols.len());
                        for c in cols {
                            def.resolve(c).map_err(|_| Stop)?;
                            self.str(c);
                        }
                    }
                    ConflictTarget::Constraint(name) => {
                        self.tag(2);
                        self.str(name);
                    }
                }
                match action {
                    ConflictAction::DoNothing => self.tag(0),
                    ConflictAction::DoUpdate { sets, where_ } => {
                        self.tag(1);
                        self.assignments(def, sets)?;
                        self.opt_expr(where_)?;
                    }
                }
                self.upsert_table = None;
            }
            None => self.tag(0),
        }
        self.exprs(returning)
    }

    pub(crate) fn update(&mut self, up: &'a Update) -> Walk {
        let Update {
            table,
            def,
            sets,
            from,
            where_,
            returning,
            ctes,
            memo: _,
        } = up;
        self.ctes(ctes)?;
        self.table_ref(table);
        self.assignments(def, sets)?;
        // The onupdate assignments the compiler will add.
        for col in def.columns() {
            let Some(on) = &col.onupdate else { continue };
            if sets.iter().any(|(name, _)| *name == col.name) {
                continue;
            }
            match on {
                OnUpdate::Expr(e) => {
                    self.tag(1);
                    self.str(&col.name);
                    self.expr(e)?;
                }
                OnUpdate::Fn(f) => {
                    // Its identity, as for a client default's function.
                    self.tag(2);
                    self.str(&col.name);
                    self.len(std::sync::Arc::as_ptr(f).cast::<u8>() as usize);
                }
            }
        }
        self.tag(0);
        self.sources(from)?;
        self.opt_expr(where_)?;
        self.exprs(returning)
    }

    pub(crate) fn delete(&mut self, del: &'a Delete) -> Walk {
        let Delete {
            table,
            def: _,
            using,
            where_,
            returning,
            ctes,
            memo: _,
        } = del;
        self.ctes(ctes)?;
        self.table_ref(table);
        self.sources(using)?;
        self.opt_expr(where_)?;
        self.exprs(returning)
    }
}

/// The key bytes of a column reference, as [`KeyWriter`] encodes the parts:
/// what [`ColumnRef`]'s own encoding is tested against.
#[cfg(test)]
pub(crate) fn column_key(qualifier: Option<&Qualifier>, name: &str) -> Box<[u8]> {
    let mut w = KeyWriter::<true>::new(Vec::new());
    w.column_parts(qualifier, name);
    w.buf.into_boxed_slice()
}

/// Writes `b` (shorter than 255 bytes) after its length byte at `*at`, and moves
/// `*at` past them.
///
/// # Safety
/// `dst` must be valid for writes of `*at + 1 + b.len()` bytes.
#[inline(always)]
unsafe fn put_short_str(dst: *mut u8, at: &mut usize, b: &[u8]) {
    debug_assert!(b.len() < 0xFF);
    // SAFETY: the caller reserved the length byte and the bytes.
    unsafe {
        dst.add(*at).write(b.len() as u8);
        *at += 1;
        put_bytes(dst, at, b);
    }
}

/// Writes `b` at `*at`, and moves `*at` past it.
///
/// Identifiers and column references are most of a key and a few bytes long;
/// one or two word-sized moves copy them for a fraction of a call into `memcpy`,
/// whose size dispatch costs more than such a copy. No crate offers an append of
/// this shape.
///
/// # Safety
/// `dst` must be valid for writes of `*at + b.len()` bytes.
#[inline(always)]
unsafe fn put_bytes(dst: *mut u8, at: &mut usize, b: &[u8]) {
    let n = b.len();
    let src = b.as_ptr();
    // SAFETY (whole body): every read is within `b`, every write within
    // `dst[*at .. *at + n]`; the pairs of moves overlap when `n` is not a power of
    // two, so both halves are read before either is written.
    unsafe {
        let out = dst.add(*at);
        if n > 16 {
            if n <= 32 {
                let head = src.cast::<u128>().read_unaligned();
                let tail = src.add(n - 16).cast::<u128>().read_unaligned();
                out.cast::<u128>().write_unaligned(head);
                out.add(n - 16).cast::<u128>().write_unaligned(tail);
            } else {
                std::ptr::copy_nonoverlapping(src, out, n);
            }
        } else if n >= 8 {
            let head = src.cast::<u64>().read_unaligned();
            let tail = src.add(n - 8).cast::<u64>().read_unaligned();
            out.cast::<u64>().write_unaligned(head);
            out.add(n - 8).cast::<u64>().write_unaligned(tail);
        } else if n >= 4 {
            let head = src.cast::<u32>().read_unaligned();
            let tail = src.add(n - 4).cast::<u32>().read_unaligned();
            out.cast::<u32>().write_unaligned(head);
            out.add(n - 4).cast::<u32>().write_unaligned(tail);
        } else if n > 0 {
            out.write(*src);
            out.add(n / 2).write(*src.add(n / 2));
            out.add(n - 1).write(*src.add(n - 1));
        }
    }
    *at += n;
}

fn binary_op(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Eq => 0,
        BinaryOp::NotEq => 1,
        BinaryOp::Lt => 2,
        BinaryOp::LtEq => 3,
        BinaryOp::Gt => 4,
        BinaryOp::GtEq => 5,
        BinaryOp::Add => 6,
        BinaryOp::Sub => 7,
        BinaryOp::Mul => 8,
        BinaryOp::Div => 9,
        BinaryOp::Mod => 10,
        BinaryOp::Concat => 11,
        BinaryOp::IsDistinctFrom => 12,
        BinaryOp::IsNotDistinctFrom => 13,
        BinaryOp::BitAnd => 14,
        BinaryOp::BitOr => 15,
        BinaryOp::BitXor => 16,
        BinaryOp::ShiftLeft => 17,
        BinaryOp::ShiftRight => 18,
        BinaryOp::Custom(_) => 19,
        BinaryOp::RegexpMatch(_) => 20,
    }
}
