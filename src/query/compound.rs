//! Set operations: UNION, INTERSECT, EXCEPT.

use super::cte::Cte;
use super::{IntoOrderBys, Query};
use crate::expr::{Expr, OrderBy};

/// A set operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    /// `UNION`.
    Union,
    /// `UNION ALL`.
    UnionAll,
    /// `INTERSECT`.
    Intersect,
    /// `INTERSECT ALL`.
    IntersectAll,
    /// `EXCEPT`.
    Except,
    /// `EXCEPT ALL`.
    ExceptAll,
}

impl SetOp {
    /// The SQL keyword(s).
    pub fn keyword(self) -> &'static str {
        match self {
            SetOp::Union => "UNION",
            SetOp::UnionAll => "UNION ALL",
            SetOp::Intersect => "INTERSECT",
            SetOp::IntersectAll => "INTERSECT ALL",
            SetOp::Except => "EXCEPT",
            SetOp::ExceptAll => "EXCEPT ALL",
        }
    }
}

/// Queries combined by set operators, with their own ORDER BY and LIMIT.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (a, b) = (table("a"), table("b"));
/// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).order_by(column("x")).limit(3);
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" ORDER BY "x" LIMIT ?"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Compound {
    pub(crate) ctes: Vec<Cte>,
    pub(crate) first: Query,
    pub(crate) rest: Vec<(SetOp, Query)>,
    pub(crate) order_by: Vec<OrderBy>,
    pub(crate) limit: Option<Expr>,
    pub(crate) offset: Option<Expr>,
    /// The cache entry this statement was compiled to ([`crate::cache::KeyMemo`]);
    /// every method that takes `mut self` clears it first.
    pub(crate) memo: crate::cache::KeyMemo,
}

impl Compound {
    pub(crate) fn new(first: Query, op: SetOp, second: Query) -> Compound {
        Compound {
            ctes: Vec::new(),
            first,
            rest: vec![(op, second)],
            order_by: Vec::new(),
            limit: None,
            offset: None,
            memo: crate::cache::KeyMemo::default(),
        }
    }
    fn push(mut self, op: SetOp, q: impl Into<Query>) -> Compound {
        self.memo.clear();
        self.rest.push((op, q.into()));
        self
    }
    /// Appends `UNION other`.
    pub fn union(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::Union, other)
    }
    /// Appends `UNION ALL other`.
    pub fn union_all(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::UnionAll, other)
    }
    /// Appends `INTERSECT other`.
    pub fn intersect(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::Intersect, other)
    }
    /// Appends `EXCEPT other`.
    pub fn except(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::Except, other)
    }
    /// Appends `INTERSECT ALL other`.
    pub fn intersect_all(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::IntersectAll, other)
    }
    /// Appends `EXCEPT ALL other`.
    pub fn except_all(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::ExceptAll, other)
    }
    /// ORDER BY of the combined result (refer to columns by unqualified name).
    pub fn order_by(mut self, terms: impl IntoOrderBys) -> Compound {
        self.memo.clear();
        self.order_by.extend(terms.into_order_bys());
        self
    }
    /// LIMIT of the combined result.
    pub fn limit(mut self, n: impl Into<Expr>) -> Compound {
        self.memo.clear();
        self.limit = Some(n.into());
        self
    }
    /// OFFSET of the combined result.
    pub fn offset(mut self, n: impl Into<Expr>) -> Compound {
        self.memo.clear();
        self.offset = Some(n.into());
        self
    }
    /// Attaches a CTE explicitly.
    pub fn with(mut self, cte: &Cte) -> Compound {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
    /// This query as a derived table.
    pub fn subquery(self, alias: &str) -> super::Subquery {
        super::Subquery::new(self.into(), alias)
    }
    /// This query as a CTE.
    pub fn cte(self, name: &str) -> Cte {
        Cte::new(name, self.into())
    }
}
