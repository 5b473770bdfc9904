//! `SELECT`.

use super::compound::{Compound, SetOp};
use super::cte::Cte;
use super::from::{make_join, FromItem, IntoFromItem, JoinKind, Subquery, TableRef};
use super::{IntoColumns, IntoOrderBys, Query};
use crate::compile::froms;
use crate::expr::{ColumnRef, Expr, Ident, OrderBy};
use crate::{Error, Result};

/// `DISTINCT` flavours.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::query::Distinct;
/// use sqlcraft::dialect::GenericDialect;
/// assert_eq!(Distinct::default(), Distinct::None);
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).distinct().compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT DISTINCT "t"."a" FROM "t""#);
/// ```
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
///
/// ```
/// use sqlcraft::query::{Lock, LockStrength, LockWait};
/// use sqlcraft::dialect::{write_standard_lock, GenericDialect};
/// let lock = Lock { strength: LockStrength::Share, wait: LockWait::Wait, of: vec![] };
/// let mut sql = String::new();
/// write_standard_lock(&GenericDialect, &lock, &mut sql).unwrap();
/// assert_eq!(sql, " FOR SHARE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockStrength {
    /// `FOR UPDATE`.
    Update,
    /// `FOR SHARE`.
    Share,
}

/// What to do when a locked row is met.
///
/// ```
/// use sqlcraft::query::{Lock, LockStrength, LockWait};
/// use sqlcraft::dialect::{write_standard_lock, GenericDialect};
/// let lock = Lock { strength: LockStrength::Update, wait: LockWait::SkipLocked, of: vec![] };
/// let mut sql = String::new();
/// write_standard_lock(&GenericDialect, &lock, &mut sql).unwrap();
/// assert_eq!(sql, " FOR UPDATE SKIP LOCKED");
/// ```
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
///
/// The clause a [`Select`] builds with [`Select::for_update`] and friends, as a
/// dialect's [`crate::Dialect::write_lock`] receives it.
///
/// ```
/// use sqlcraft::query::{Lock, LockStrength, LockWait};
/// use sqlcraft::dialect::{write_standard_lock, GenericDialect};
/// let lock = Lock { strength: LockStrength::Update, wait: LockWait::NoWait, of: vec!["t".into()] };
/// let mut sql = String::new();
/// write_standard_lock(&GenericDialect, &lock, &mut sql).unwrap();
/// assert_eq!(sql, r#" FOR UPDATE OF "t" NOWAIT"#);
/// ```
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
///
/// Every result column gets a name of its own, as SQLAlchemy 2.0 names them: an
/// expression without a name is labelled (`count_1`, `anon_1`), a CAST of a
/// column takes the column's name, and a column whose name an earlier item
/// already has is numbered (`id_1`).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (t, u) = (table("t"), table("u"));
/// let q = select((t.c("a"), t.c("b").label("x"))).from(&t);
/// let c = q.compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT "t"."a", "t"."b" AS "x" FROM "t""#);
/// let q = select((t.c("id"), u.c("id"), func::count_star())).from(t.join(&u, u.c("t_id").eq(t.c("id"))));
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT "t"."id", "u"."id" AS "id_1", count(*) AS "count_1" FROM "t" JOIN "u" ON "u"."t_id" = "t"."id""#
/// );
/// ```
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
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).columns([t.c("b"), t.c("c")]).from(&t);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a", "t"."b", "t"."c" FROM "t""#);
    /// ```
    #[inline]
    pub fn columns(mut self, columns: impl IntoColumns) -> Select {
        self.memo.clear();
        columns.extend_columns(&mut self.columns);
        self
    }
    /// Replaces the select list (SQLAlchemy's `with_only_columns`), keeping
    /// everything else: with [`Select::clear_order_by`], the usual way to turn a
    /// listing query into its count.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let listing = select((t.c("a"), t.c("b"))).from(&t).filter(t.c("a").gt(1)).order_by(t.c("b"));
    /// let count = listing.clone().with_only_columns(func::count_star()).clear_order_by();
    /// let c = count.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT count(*) AS "count_1" FROM "t" WHERE "t"."a" > ?"#);
    /// ```
    pub fn with_only_columns(mut self, columns: impl IntoColumns) -> Select {
        self.memo.clear();
        self.columns.clear();
        columns.extend_columns(&mut self.columns);
        self
    }
    /// `SELECT DISTINCT`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).distinct().compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT DISTINCT "t"."a" FROM "t""#);
    /// ```
    #[inline]
    pub fn distinct(mut self) -> Select {
        self.memo.clear();
        self.distinct = Distinct::All;
        self
    }
    /// `SELECT DISTINCT ON (exprs)`; PostgreSQL only, an error elsewhere.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select((t.c("k"), t.c("v"))).from(&t).distinct_on(t.c("k")).order_by(t.c("k"));
    /// assert_eq!(
    ///     q.compile(&Postgres).unwrap().sql,
    ///     r#"SELECT DISTINCT ON ("t"."k") "t"."k", "t"."v" FROM "t" ORDER BY "t"."k""#
    /// );
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// ```
    #[inline]
    pub fn distinct_on(mut self, exprs: impl IntoColumns) -> Select {
        self.memo.clear();
        self.distinct = Distinct::On(exprs.into_columns());
        self
    }
    /// Adds an item to the FROM list (several calls give `FROM a, b`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select((a.c("x"), b.c("y"))).from(&a).from(&b);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x", "b"."y" FROM "a", "b""#);
    /// ```
    #[inline]
    pub fn from(mut self, item: impl IntoFromItem) -> Select {
        self.memo.clear();
        self.from.push(item.into_from_item());
        self
    }
    #[inline]
    fn join_last(mut self, right: impl IntoFromItem, kind: JoinKind, on: Option<Expr>) -> Select {
        self.memo.clear();
        let right = right.into_from_item();
        let left = match self.from.pop() {
            Some(left) => Ok(left),
            None => self.inferred_join_left(&right, on.as_ref()),
        };
        match left {
            Ok(left) => self.from.push(make_join(left, right, kind, on)),
            Err(e) => self.error = Some(Box::new(e)),
        }
        self
    }

    /// The left side of a join onto a statement with no FROM item, as
    /// SQLAlchemy infers it: the table the select list and WHERE clause use
    /// other than `right`, or, among several, the one the ON clause uses.
    fn inferred_join_left(&self, right: &FromItem, on: Option<&Expr>) -> Result<FromItem> {
        let right = std::slice::from_ref(right);
        let used = froms::tables_outside(right, self.columns.iter().chain(&self.where_));
        let chosen: Vec<&ColumnRef> = if used.len() > 1 {
            let in_on = on.map_or_else(Vec::new, |on| froms::tables_outside(right, [on]));
            used.iter()
                .copied()
                .filter(|c| {
                    in_on
                        .iter()
                        .any(|o| o.parts().qualifier == c.parts().qualifier)
                })
                .collect()
        } else {
            used.clone()
        };
        match (
            chosen.as_slice(),
            chosen.first().and_then(|c| c.qualifier()),
        ) {
            ([_], Some(q)) => Ok(FromItem::Table(TableRef {
                schema: q.schema,
                name: q.name,
                alias: None,
            })),
            _ if used.is_empty() => Err(Error::invalid(
                "join() needs a FROM item to join to: call from() first, or select \
                 a column of the table to join to",
            )),
            _ => Err(Error::invalid(format!(
                "join() cannot tell which of {} to join to: call from() first",
                used.iter()
                    .map(|c| format!("\"{}\"", c.table().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
    /// Joins `right` onto the last FROM item.
    ///
    /// With no FROM item yet, the left side is inferred as SQLAlchemy infers
    /// it: the table the select list and WHERE clause use other than `right`,
    /// or, when they use several, the one the ON clause uses. When that leaves
    /// none, or more than one, compiling fails: call [`Select::from`] first.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(o.c("id")).from(&u).join(&o, o.c("u_id").eq(u.c("id")));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "o"."id" FROM "u" JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// let inferred = select((u.c("name"), o.c("id"))).join(&o, o.c("u_id").eq(u.c("id")));
    /// assert_eq!(
    ///     inferred.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "u"."name", "o"."id" FROM "u" JOIN "o" ON "o"."u_id" = "u"."id""#
    /// );
    /// let orphan = select(o.c("id")).join(&o, o.c("u_id").eq(u.c("id")));
    /// assert!(matches!(orphan.compile(&GenericDialect), Err(Error::InvalidStatement(_))));
    /// ```
    #[inline]
    pub fn join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Inner, Some(on.into()))
    }
    /// Left-outer-joins `right` onto the last FROM item.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(u.c("id")).from(&u).left_join(&o, o.c("u_id").eq(u.c("id")));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "u"."id" FROM "u" LEFT OUTER JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    #[inline]
    pub fn left_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Left, Some(on.into()))
    }
    /// Alias of [`Select::left_join`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(u.c("id")).from(&u).outer_join(&o, o.c("u_id").eq(u.c("id")));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "u"."id" FROM "u" LEFT OUTER JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    #[inline]
    pub fn outer_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.left_join(right, on)
    }
    /// Right-outer-joins `right` onto the last FROM item.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(o.c("id")).from(&u).right_join(&o, o.c("u_id").eq(u.c("id")));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "o"."id" FROM "u" RIGHT OUTER JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    #[inline]
    pub fn right_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Right, Some(on.into()))
    }
    /// Full-outer-joins `right` onto the last FROM item.
    ///
    /// MySQL/MariaDB have no full outer join: compiling for them is an error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("k")).from(&a).full_join(&b, b.c("k").eq(a.c("k")));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."k" FROM "a" FULL OUTER JOIN "b" ON "b"."k" = "a"."k""#);
    /// assert!(matches!(q.compile(&sqlcraft_mysql::MySql::default()), Err(Error::Unsupported { .. })));
    /// ```
    #[inline]
    pub fn full_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> Select {
        self.join_last(right, JoinKind::Full, Some(on.into()))
    }
    /// Cross-joins `right` onto the last FROM item.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select((a.c("x"), b.c("y"))).from(&a).cross_join(&b);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x", "b"."y" FROM "a" CROSS JOIN "b""#);
    /// ```
    #[inline]
    pub fn cross_join(self, right: impl IntoFromItem) -> Select {
        self.join_last(right, JoinKind::Cross, None)
    }
    /// Adds a WHERE condition, ANDed with any before it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").eq(1)).filter(t.c("b").is_null());
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ? AND "t"."b" IS NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1)]);
    /// ```
    #[inline]
    pub fn filter(mut self, cond: impl Into<Expr>) -> Select {
        self.memo.clear();
        and_into(&mut self.where_, cond.into());
        self
    }
    /// Alias of [`Select::filter`], SQLAlchemy's name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).where_(t.c("a").gt(5));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" > ?"#);
    /// ```
    #[inline]
    pub fn where_(self, cond: impl Into<Expr>) -> Select {
        self.filter(cond)
    }
    /// Adds GROUP BY terms.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select((t.c("k"), func::count(t.c("v")))).from(&t).group_by(t.c("k"));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."k", count("t"."v") AS "count_1" FROM "t" GROUP BY "t"."k""#);
    /// ```
    #[inline]
    pub fn group_by(mut self, exprs: impl IntoColumns) -> Select {
        self.memo.clear();
        self.group_by.extend(exprs.into_columns());
        self
    }
    /// Adds a HAVING condition, ANDed with any before it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("k")).from(&t).group_by(t.c("k"))
    ///     .having(func::count(t.c("v")).gt(1)).having(func::max(t.c("v")).lt(9));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."k" FROM "t" GROUP BY "t"."k" HAVING count("t"."v") > ? AND max("t"."v") < ?"#);
    /// ```
    #[inline]
    pub fn having(mut self, cond: impl Into<Expr>) -> Select {
        self.memo.clear();
        and_into(&mut self.having, cond.into());
        self
    }
    /// Adds ORDER BY terms.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by((t.c("a").desc(), t.c("b")));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."a" DESC, "t"."b""#);
    /// ```
    #[inline]
    pub fn order_by(mut self, terms: impl IntoOrderBys) -> Select {
        self.memo.clear();
        self.order_by.extend(terms.into_order_bys());
        self
    }
    /// Drops every ORDER BY term given so far (SQLAlchemy's `order_by(None)`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(t.c("a")).clear_order_by().order_by(t.c("b"));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."b""#);
    /// ```
    pub fn clear_order_by(mut self) -> Select {
        self.memo.clear();
        self.order_by.clear();
        self
    }
    /// `LIMIT n`, bound as a parameter.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).limit(10).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" LIMIT ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(10)]);
    /// ```
    #[inline]
    pub fn limit(mut self, n: impl Into<Expr>) -> Select {
        self.memo.clear();
        self.limit = Some(n.into());
        self
    }
    /// `OFFSET n`, bound as a parameter; alone, each dialect renders its own form.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).offset(20);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" OFFSET ?"#);
    /// assert_eq!(q.compile(&sqlcraft_sqlite::Sqlite).unwrap().sql, r#"SELECT "t"."a" FROM "t" LIMIT -1 OFFSET ?"#);
    /// ```
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
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).for_update();
    /// assert_eq!(q.compile(&sqlcraft_postgres::Postgres).unwrap().sql, r#"SELECT "t"."a" FROM "t" FOR UPDATE"#);
    /// assert_eq!(q.compile(&sqlcraft_sqlite::Sqlite).unwrap().sql, r#"SELECT "t"."a" FROM "t""#);
    /// ```
    #[inline]
    pub fn for_update(self) -> Select {
        self.lock(LockStrength::Update)
    }
    /// `FOR SHARE` (`LOCK IN SHARE MODE` on MariaDB).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).for_share();
    /// assert_eq!(q.compile(&sqlcraft_postgres::Postgres).unwrap().sql, r#"SELECT "t"."a" FROM "t" FOR SHARE"#);
    /// assert_eq!(
    ///     q.compile(&sqlcraft_mysql::MySql::mariadb()).unwrap().sql,
    ///     "SELECT `t`.`a` FROM `t` LOCK IN SHARE MODE"
    /// );
    /// ```
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
    ///
    /// Without a locking clause to modify, compiling fails.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).for_update().nowait();
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" FOR UPDATE NOWAIT"#);
    /// let bad = select(t.c("a")).from(&t).nowait();
    /// assert!(matches!(bad.compile(&GenericDialect), Err(Error::InvalidStatement(_))));
    /// ```
    #[inline]
    pub fn nowait(self) -> Select {
        self.lock_wait(LockWait::NoWait)
    }
    /// `SKIP LOCKED` on the locking clause.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).for_update().skip_locked();
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" FOR UPDATE SKIP LOCKED"#);
    /// ```
    #[inline]
    pub fn skip_locked(self) -> Select {
        self.lock_wait(LockWait::SkipLocked)
    }
    /// `OF name, …` on the locking clause: table names or aliases.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).join(&b, b.c("a_id").eq(a.c("id"))).for_update().lock_of(["a"]);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" JOIN "b" ON "b"."a_id" = "a"."id" FOR UPDATE OF "a""#);
    /// ```
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
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let big = select(t.c("id")).from(&t).filter(t.c("n").gt(10)).cte("big");
    /// let q = select(t.c("id")).from(&t).filter(t.c("id").in_(select(big.c("id")).from(&big))).with(&big);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(
    ///     c.sql,
    ///     r#"WITH "big" AS (SELECT "t"."id" FROM "t" WHERE "t"."n" > ?) SELECT "t"."id" FROM "t" WHERE "t"."id" IN (SELECT "big"."id" FROM "big")"#
    /// );
    /// ```
    #[inline]
    pub fn with(mut self, cte: &Cte) -> Select {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
    /// This query as a derived table named `alias`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let s = select(t.c("a")).from(&t).filter(t.c("a").gt(0)).subquery("s");
    /// let c = select(s.c("a")).from(&s).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "s"."a" FROM (SELECT "t"."a" FROM "t" WHERE "t"."a" > ?) AS "s""#);
    /// ```
    pub fn subquery(self, alias: &str) -> Subquery {
        Subquery::new(self.into(), alias)
    }
    /// This query as a `LATERAL` derived table named `alias` (SQLAlchemy's
    /// `select().lateral()`): it may refer to the FROM items before it, as a
    /// correlated subquery does, and gives rows per row of them. PostgreSQL and
    /// MySQL 8 have it; SQLite and MariaDB do not, and compiling for them is an
    /// [`Error::Unsupported`](crate::Error::Unsupported).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let (u, o) = (table("u"), table("o"));
    /// let last = select(o.c("total"))
    ///     .from(&o)
    ///     .filter(o.c("user_id").eq(u.c("id")))
    ///     .order_by(o.c("id").desc())
    ///     .limit(1)
    ///     .lateral("last");
    /// let q = select((u.c("id"), last.c("total"))).from(u.cross_join(&last));
    /// assert_eq!(
    ///     q.compile(&GenericDialect)?.sql,
    ///     r#"SELECT "u"."id", "last"."total" FROM "u" CROSS JOIN LATERAL (SELECT "o"."total" FROM "o" WHERE "o"."user_id" = "u"."id" ORDER BY "o"."id" DESC LIMIT ?) AS "last""#
    /// );
    /// assert!(matches!(q.compile(&Sqlite), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn lateral(self, alias: &str) -> Subquery {
        Subquery::new_lateral(self.into(), alias)
    }
    /// This query as a common table expression named `name`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let w = select(t.c("a")).from(&t).cte("w");
    /// let c = select(w.c("a")).from(&w).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"WITH "w" AS (SELECT "t"."a" FROM "t") SELECT "w"."a" FROM "w""#);
    /// ```
    pub fn cte(self, name: &str) -> Cte {
        Cte::new(name, self.into())
    }
    /// This query as a scalar subquery expression `(SELECT …)`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let top = select(func::max(t.c("a"))).from(&t).scalar_subquery();
    /// let c = select(t.c("b")).from(&t).filter(t.c("a").eq(top)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."b" FROM "t" WHERE "t"."a" = (SELECT max("t"."a") FROM "t")"#);
    /// ```
    pub fn scalar_subquery(self) -> Expr {
        Expr::Subquery(Box::new(self.into()))
    }
    fn set_op(self, op: SetOp, other: impl Into<Query>) -> Compound {
        Compound::new(self.into(), op, other.into())
    }
    /// `self UNION other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b""#);
    /// ```
    pub fn union(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::Union, other)
    }
    /// `self UNION ALL other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).union_all(select(b.c("x")).from(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" UNION ALL SELECT "b"."x" FROM "b""#);
    /// ```
    pub fn union_all(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::UnionAll, other)
    }
    /// `self INTERSECT other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).intersect(select(b.c("x")).from(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" INTERSECT SELECT "b"."x" FROM "b""#);
    /// ```
    pub fn intersect(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::Intersect, other)
    }
    /// `self INTERSECT ALL other`.
    ///
    /// SQLite has no `INTERSECT ALL`: compiling for it is an error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).intersect_all(select(b.c("x")).from(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" INTERSECT ALL SELECT "b"."x" FROM "b""#);
    /// assert!(matches!(q.compile(&sqlcraft_sqlite::Sqlite), Err(Error::Unsupported { .. })));
    /// ```
    pub fn intersect_all(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::IntersectAll, other)
    }
    /// `self EXCEPT other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).except(select(b.c("x")).from(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" EXCEPT SELECT "b"."x" FROM "b""#);
    /// ```
    pub fn except(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::Except, other)
    }
    /// `self EXCEPT ALL other`.
    ///
    /// SQLite has no `EXCEPT ALL`: compiling for it is an error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).except_all(select(b.c("x")).from(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x" FROM "a" EXCEPT ALL SELECT "b"."x" FROM "b""#);
    /// assert!(matches!(q.compile(&sqlcraft_sqlite::Sqlite), Err(Error::Unsupported { .. })));
    /// ```
    pub fn except_all(self, other: impl Into<Query>) -> Compound {
        self.set_op(SetOp::ExceptAll, other)
    }

    /// The select list.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let q = select((t.c("a"), t.c("b"))).from(&t).columns(t.c("c"));
    /// assert_eq!(q.selected().len(), 3);
    /// assert_eq!(q.selected()[2], t.c("c"));
    /// ```
    pub fn selected(&self) -> &[Expr] {
        &self.columns
    }
}
