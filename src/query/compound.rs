//! Set operations: UNION, INTERSECT, EXCEPT.

use super::cte::Cte;
use super::{IntoOrderBys, Query};
use crate::expr::{Expr, OrderBy};

/// A set operator.
///
/// A dialect is asked whether it has each operator.
///
/// ```
/// use sqlcraft::query::SetOp;
/// use sqlcraft::Dialect;
/// assert!(sqlcraft::dialect::GenericDialect.supports_set_op(SetOp::ExceptAll));
/// assert!(!sqlcraft_sqlite::Sqlite.supports_set_op(SetOp::ExceptAll));
/// assert_eq!(SetOp::ExceptAll.keyword(), "EXCEPT ALL");
/// ```
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
    ///
    /// ```
    /// use sqlcraft::query::SetOp;
    /// assert_eq!(SetOp::Union.keyword(), "UNION");
    /// assert_eq!(SetOp::IntersectAll.keyword(), "INTERSECT ALL");
    /// ```
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
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// let q = select(a.c("x")).from(&a).union_all(select(b.c("x")).from(&b)).union(select(c.c("x")).from(&c));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "a"."x" FROM "a" UNION ALL SELECT "b"."x" FROM "b" UNION SELECT "c"."x" FROM "c""#
    /// );
    /// ```
    pub fn union(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::Union, other)
    }
    /// Appends `UNION ALL other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).union_all(select(c.c("x")).from(&c));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" UNION ALL SELECT "c"."x" FROM "c""#
    /// );
    /// ```
    pub fn union_all(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::UnionAll, other)
    }
    /// Appends `INTERSECT other`.
    ///
    /// SQL binds INTERSECT tighter than UNION and EXCEPT, so the members before it
    /// are parenthesized to keep the chain's left-to-right order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).intersect(select(c.c("x")).from(&c));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"(SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b") INTERSECT SELECT "c"."x" FROM "c""#
    /// );
    /// ```
    pub fn intersect(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::Intersect, other)
    }
    /// Appends `EXCEPT other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).except(select(c.c("x")).from(&c));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" EXCEPT SELECT "c"."x" FROM "c""#
    /// );
    /// ```
    pub fn except(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::Except, other)
    }
    /// Appends `INTERSECT ALL other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).intersect_all(select(c.c("x")).from(&c));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"(SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b") INTERSECT ALL SELECT "c"."x" FROM "c""#
    /// );
    /// assert!(matches!(q.compile(&sqlcraft_sqlite::Sqlite), Err(Error::Unsupported { .. })));
    /// ```
    pub fn intersect_all(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::IntersectAll, other)
    }
    /// Appends `EXCEPT ALL other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).except_all(select(c.c("x")).from(&c));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" EXCEPT ALL SELECT "c"."x" FROM "c""#
    /// );
    /// assert!(matches!(q.compile(&sqlcraft_sqlite::Sqlite), Err(Error::Unsupported { .. })));
    /// ```
    pub fn except_all(self, other: impl Into<Query>) -> Compound {
        self.push(SetOp::ExceptAll, other)
    }
    /// ORDER BY of the combined result (refer to columns by unqualified name).
    ///
    /// SQLite gets the result column's position instead of its name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).order_by(column("x").desc());
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" ORDER BY "x" DESC"#
    /// );
    /// assert_eq!(
    ///     q.compile(&sqlcraft_sqlite::Sqlite).unwrap().sql,
    ///     r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" ORDER BY 1 DESC"#
    /// );
    /// ```
    pub fn order_by(mut self, terms: impl IntoOrderBys) -> Compound {
        self.memo.clear();
        self.order_by.extend(terms.into_order_bys());
        self
    }
    /// LIMIT of the combined result.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).limit(5);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" LIMIT ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(5)]);
    /// ```
    pub fn limit(mut self, n: impl Into<Expr>) -> Compound {
        self.memo.clear();
        self.limit = Some(n.into());
        self
    }
    /// OFFSET of the combined result.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).limit(5).offset(10);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b" LIMIT ? OFFSET ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(5), Value::Int(10)]);
    /// ```
    pub fn offset(mut self, n: impl Into<Expr>) -> Compound {
        self.memo.clear();
        self.offset = Some(n.into());
        self
    }
    /// Attaches a CTE explicitly.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let big = select(a.c("x")).from(&a).filter(a.c("x").gt(9)).cte("big");
    /// let q = select(b.c("x")).from(&b).filter(b.c("x").in_(select(big.c("x")).from(&big)))
    ///     .union(select(a.c("x")).from(&a))
    ///     .with(&big);
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"WITH "big" AS (SELECT "a"."x" FROM "a" WHERE "a"."x" > ?) SELECT "b"."x" FROM "b" WHERE "b"."x" IN (SELECT "big"."x" FROM "big") UNION SELECT "a"."x" FROM "a""#
    /// );
    /// ```
    pub fn with(mut self, cte: &Cte) -> Compound {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
    /// This query as a derived table.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let u = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).subquery("u");
    /// let c = select(func::count(u.c("x"))).from(&u).compile(&GenericDialect).unwrap();
    /// assert_eq!(
    ///     c.sql,
    ///     r#"SELECT count("u"."x") AS "count_1" FROM (SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b") AS "u""#
    /// );
    /// ```
    pub fn subquery(self, alias: &str) -> super::Subquery {
        super::Subquery::new(self.into(), alias)
    }
    /// This query as a CTE.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let u = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).cte("u");
    /// let c = select(u.c("x")).from(&u).compile(&GenericDialect).unwrap();
    /// assert_eq!(
    ///     c.sql,
    ///     r#"WITH "u" AS (SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b") SELECT "u"."x" FROM "u""#
    /// );
    /// ```
    pub fn cte(self, name: &str) -> Cte {
        Cte::new(name, self.into())
    }
}
