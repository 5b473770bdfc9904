//! `SELECT`.

use super::compound::{Compound, SetOp};
use super::cte::Cte;
use super::from::{make_join, FromItem, IntoFromItem, JoinKind, Subquery};
use super::{IntoColumns, IntoOrderBys, Query};
use crate::expr::{Expr, Ident, OrderBy};
use crate::Error;

/// `DISTINCT` flavours.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Distinct {
    /// No `DISTINCT`.
    #[default]
    None,
    /// `SELECT DISTINCT`.
    All,
    /// `SELECT DISTINCT ON (…)` (PostgreSQL only).
    On(Vec<Expr>),
}

/// Row-lock strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockStrength {
    /// `FOR UPDATE`.
    Update,
    /// `FOR SHARE`.
    Share,
}

/// What to do when a locked row is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockWait {
    /// Wait (the default).
    Wait,
    /// `NOWAIT`: fail at once.
    NoWait,
    /// `SKIP LOCKED`: leave locked rows out.
    SkipLocked,
}

/// A locking clause.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lock {
    /// The strength.
    pub strength: LockStrength,
    /// The waiting policy.
    pub wait: LockWait,
    /// `OF table, …`, restricting which tables are locked.
    pub of: Vec<Ident>,
}

/// A `SELECT` statement.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let users = table("users");
/// let q = select((users.c("id"), users.c("name")))
///     .from(&users)
///     .filter(users.c("id").eq(5))
///     .order_by(users.c("name").asc())
///     .limit(10);
/// let c = q.compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ? ORDER BY "users"."name" ASC LIMIT ?"#);
/// assert_eq!(c.values().unwrap(), vec![Value::Int(5), Value::Int(10)]);
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Select(Box<SelectParts>);

/// The clauses of a [`Select`], behind one pointer: a statement is built by
/// moving it through a chain of builder methods, and moving a pointer is free
/// where moving the clauses themselves (some 400 bytes) cost a copy per call.
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SelectParts {
    pub(crate) ctes: Vec<Cte>,
    pub(crate) distinct: Distinct,
    /// Inline for a short select list (most point queries): one allocation
    /// fewer per statement.
    pub(crate) columns: super::ColumnList,
    /// Inline for the usual single FROM item (a table or a join tree): one
    /// allocation fewer per statement.
    pub(crate) from: smallvec::SmallVec<[FromItem; 1]>,
    pub(crate) where_: Option<Expr>,
    pub(crate) group_by: Vec<Expr>,
    pub(crate) having: Option<Expr>,
    pub(crate) order_by: Vec<OrderBy>,
    pub(crate) limit: Option<Expr>,
    pub(crate) offset: Option<Expr>,
    pub(crate) lock: Option<Lock>,
    pub(crate) error: Option<Box<Error>>,
    /// The cache entry this statement was compiled to ([`crate::cache::KeyMemo`]);
    /// every method that takes `mut self` clears it first.
    pub(crate) memo: crate::cache::KeyMemo,
}

impl std::ops::Deref for Select {
    type Target = SelectParts;
    #[inline]
    fn deref(&self) -> &SelectParts {
        &self.0
    }
}

impl std::ops::DerefMut for Select {
    #[inline]
    fn deref_mut(&mut self) -> &mut SelectParts {
        &mut self.0
    }
}

impl std::fmt::Debug for Select {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: &SelectParts = self;
        f.debug_tuple("Select").field(parts).finish()
    }
}

/// Starts a `SELECT` of the given columns: one expression, a tuple, an array or a
/// `Vec` of them.
pub fn select(columns: impl IntoColumns) -> Select {
    let mut s = Select::default();
    columns.extend_columns(&mut s.columns);
    s
}

fn and_into(slot: &mut Option<Expr>, cond: Expr) {
    *slot = Some(match slot.take() {
        Some(prev) => prev.and(cond),
        None => cond,
    });
}

impl Select {
    /// Adds columns to the select list.
    #[inline]
    pub fn columns(mut self, columns: impl IntoColumns) -> Select {
        self.memo.clear();
        columns.extend_columns(&mut self.columns);
        self
    }
    /// `SELECT DISTINCT`.
    #[inline]
    pub fn distinct(mut self) -> Select {
        self.memo.clear();
        self.distinct = Distinct::All;
        self
    }
    /// `SELECT DISTINCT ON (exprs)`; PostgreSQL only, an error elsewhere.
    #[inline]
    pub fn distinct_on(mut self, exprs: impl IntoColumns) -> Select {
        self.memo.clear();
        self.distinct = Distinct::On(exprs.into_columns());
        self
    }
    /// Adds an item to the FROM list (several calls give `FROM a, b`).
    #[inline]
    pub fn from(mut self, item: impl IntoFromItem) -> Select {
        self.memo.clear();
        self.from.push(item.into_from_item());
        self
    }
    #[inline]
    fn join_last(mut self, right: impl IntoFromItem, kind: JoinKind, on: Option<Expr>) -> Select {
        self.memo.clear();
        match self.from.pop() {
            Some(left) => self.from.push(make_join(left, right, kind, on)),
            None => {
                self.error = Some(Box::new(Error::invalid(
                    "join() needs a FROM item to join to: call from() first",
                )))
            }
        }
        self
    }
    /// Joins `right` onto the last FROM item.
    #[inline]
    pub fn join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Inner, Some(on.into()))
    }
    /// Left-outer-joins `right` onto the last FROM item.
    #[inline]
    pub fn left_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Left, Some(on.into()))
    }
    /// Alias of [`Select::left_join`].
    #[inline]
    pub fn outer_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.left_join(right, on)
    }
    /// Right-outer-joins `right` onto the last FROM item.
    #[inline]
    pub fn right_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Right, Some(on.into()))
    }
    /// Full-outer-joins `right` onto the last FROM item.
    #[inline]
    pub fn full_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Full, Some(on.into()))
    }
    /// Cross-joins `right` onto the last FROM item.
    #[inline]
    pub fn cross_join(self, right: impl IntoFromItem) -> Select {
        self.join_last(right, JoinKind::Cross, None)
    }
    /// Adds a WHERE condition, ANDed with any before it.
    #[inline]
    pub fn filter(mut self, cond: impl Into<Expr>) -> Select {
        self.memo.clear();
        and_into(&mut self.where_, cond.into());
        self
    }
    /// Alias of [`Select::filter`], SQLAlchemy's name.
    #[inline]
    pub fn where_(self, cond: impl Into<Expr>) -> Select {
        self.filter(cond)
    }
    /// Adds GROUP BY terms.
    #[inline]
    pub fn group_by(mut self, exprs: impl IntoColumns) -> Select {
        self.memo.clear();
        self.group_by.extend(exprs.into_columns());
        self
    }
    /// Adds a HAVING condition, ANDed with any before it.
    #[inline]
    pub fn having(mut self, cond: impl Into<Expr>) -> Select {
        self.memo.clear();
        and_into(&mut self.having, cond.into());
        self
    }
    /// Adds ORDER BY terms.
    #[inline]
    pub fn order_by(mut self, terms: impl IntoOrderBys) -> Select {
        self.memo.clear();
        self.order_by.extend(terms.into_order_bys());
        self
    }
    /// `LIMIT n`, bound as a parameter.
    #[inline]
    pub fn limit(mut self, n: impl Into<Expr>) -> Select {
        self.memo.clear();
        self.limit = Some(n.into());
        self
    }
    /// `OFFSET n`, bound as a parameter; alone, each dialect renders its own form.
    #[inline]
    pub fn offset(mut self, n: impl Into<Expr>) -> Select {
        self.memo.clear();
        self.offset = Some(n.into());
        self
    }
    #[inline]
    fn lock(mut self, strength: LockStrength) -> Select {
        self.memo.clear();
        self.lock = Some(Lock {
            strength,
            wait: LockWait::Wait,
            of: Vec::new(),
        });
        self
    }
    /// `FOR UPDATE`. SQLite has no row locks (its writers are serialised) and
    /// renders nothing.
    #[inline]
    pub fn for_update(self) -> Select {
        self.lock(LockStrength::Update)
    }
    /// `FOR SHARE` (`LOCK IN SHARE MODE` on MariaDB).
    #[inline]
    pub fn for_share(self) -> Select {
        self.lock(LockStrength::Share)
    }
    #[inline]
    fn lock_wait(mut self, wait: LockWait) -> Select {
        self.memo.clear();
        match self.lock.as_mut() {
            Some(lock) => lock.wait = wait,
            None => {
                self.error = Some(Box::new(Error::invalid(
                    "nowait()/skip_locked() need for_update() or for_share() first",
                )))
            }
        }
        self
    }
    /// `NOWAIT` on the locking clause.
    #[inline]
    pub fn nowait(self) -> Select {
        self.lock_wait(LockWait::NoWait)
    }
    /// `SKIP LOCKED` on the locking clause.
    #[inline]
    pub fn skip_locked(self) -> Select {
        self.lock_wait(LockWait::SkipLocked)
    }
    /// `OF name, …` on the locking clause: table names or aliases.
    #[inline]
    pub fn lock_of<I, S>(mut self, names: I) -> Select
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.memo.clear();
        let names: Vec<Ident> = names.into_iter().map(|s| Ident::from(s.as_ref())).collect();
        match self.lock.as_mut() {
            Some(lock) => lock.of = names,
            None => {
                self.error = Some(Box::new(Error::invalid(
                    "lock_of() needs for_update() or for_share() first",
                )))
            }
        }
        self
    }
    /// Attaches a CTE explicitly (needed only for CTEs not reachable from FROM).
    #[inline]
    pub fn with(mut self, cte: &Cte) -> Select {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
    /// This query as a derived table named `alias`.
    pub fn subquery(self, alias: &str) -> Subquery {
        Subquery::new(self.into(), alias)
    }
    /// This query as a common table expression named `name`.
    pub fn cte(self, name: &str) -> Cte {
        Cte::new(name, self.into())
    }
    /// This query as a scalar subquery expression `(SELECT …)`.
    pub fn scalar_subquery(self) -> Expr {
        Expr::Subquery(Box::new(self.into()))
    }
    fn set_op(self, op: SetOp, other: impl Into<Query>) -> Compound {
        Compound::new(self.into(), op, other.into())
    }
    /// `self UNION other`.
    pub fn union(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::Union, other)
    }
    /// `self UNION ALL other`.
    pub fn union_all(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::UnionAll, other)
    }
    /// `self INTERSECT other`.
    pub fn intersect(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::Intersect, other)
    }
    /// `self INTERSECT ALL other`.
    pub fn intersect_all(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::IntersectAll, other)
    }
    /// `self EXCEPT other`.
    pub fn except(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::Except, other)
    }
    /// `self EXCEPT ALL other`.
    pub fn except_all(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::ExceptAll, other)
    }

    /// The select list.
    pub fn selected(&self) -> &[Expr] {
        &self.columns
    }
}
