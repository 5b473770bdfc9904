//! FROM-clause items: tables, aliases, subqueries, CTE references and joins.

use crate::expr::{ColumnRef, Expr, Ident};
use crate::query::cte::Cte;
use crate::query::values::Values;
use crate::query::Query;
use crate::schema::{Table, TableAlias};
use crate::Error;
use std::sync::Arc;

/// How two FROM items are joined.
///
/// A dialect is asked whether it has each kind.
///
/// ```
/// use sqlcraft::query::JoinKind;
/// use sqlcraft::Dialect;
/// assert!(sqlcraft_postgres::Postgres.supports_join(JoinKind::Full));
/// assert!(!sqlcraft_mysql::MySql::default().supports_join(JoinKind::Full));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JoinKind {
    /// `JOIN … ON`.
    Inner,
    /// `LEFT OUTER JOIN … ON`.
    Left,
    /// `RIGHT OUTER JOIN … ON`.
    Right,
    /// `FULL OUTER JOIN … ON` (not on MySQL/MariaDB).
    Full,
    /// `CROSS JOIN`.
    Cross,
}

/// A named table as it appears in FROM: schema, name and optional alias.
///
/// ```
/// use sqlcraft::prelude::*;
/// let item = table("users").alias("u").into_from_item();
/// let FromItem::Table(r) = item else { panic!("not a table") };
/// assert_eq!(&*r.name, "users");
/// assert_eq!(r.alias.as_deref(), Some("u"));
/// assert_eq!(r.schema, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableRef {
    /// The schema, if qualified.
    pub schema: Option<Ident>,
    /// The table's name.
    pub name: Ident,
    /// The alias, if any.
    pub alias: Option<Ident>,
}

/// A join of two FROM items.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::query::JoinKind;
/// let (a, b) = (table("a"), table("b"));
/// let FromItem::Join(j) = a.left_join(&b, b.c("a_id").eq(a.c("id"))) else { panic!("not a join") };
/// assert_eq!(j.kind, JoinKind::Left);
/// assert!(matches!(j.right, FromItem::Table(ref r) if &*r.name == "b"));
/// assert_eq!(j.on, Some(b.c("a_id").eq(a.c("id"))));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// The left side.
    pub left: FromItem,
    /// The right side.
    pub right: FromItem,
    /// The join kind.
    pub kind: JoinKind,
    /// The `ON` condition (none for a cross join).
    pub on: Option<Expr>,
}

/// One item of a FROM clause.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let sub = select(t.c("a")).from(&t).subquery("s");
/// assert!(matches!((&t).into_from_item(), FromItem::Table(_)));
/// assert!(matches!(sub.into_from_item(), FromItem::Subquery(_)));
/// assert!(matches!(select(t.c("a")).cte("w").into_from_item(), FromItem::Cte(_)));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FromItem {
    /// A table, possibly aliased.
    Table(TableRef),
    /// A derived table `(SELECT …) AS alias`.
    Subquery(Subquery),
    /// A reference to a common table expression; its `WITH` entry is rendered by
    /// the outermost statement that uses it.
    Cte(Cte),
    /// A join.
    Join(Box<Join>),
    /// Rows of values with an alias and column names ([`crate::values`]).
    Values(Values),
}

/// A SELECT used as a derived table, with an alias (`.subquery("name")`).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let sub = select(t.c("a").label("x")).from(&t).subquery("s");
/// let q = select(sub.c("x")).from(&sub);
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT "s"."x" FROM (SELECT "t"."a" AS "x" FROM "t") AS "s""#
/// );
/// assert!(sub.try_c("nope").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Subquery {
    pub(crate) query: Arc<Query>,
    pub(crate) alias: Ident,
    pub(crate) names: Option<Arc<[Ident]>>,
    /// `LATERAL`: the query may refer to the FROM items before it.
    pub(crate) lateral: bool,
}

impl Subquery {
    pub(crate) fn new(query: Query, alias: &str) -> Subquery {
        let names = query.exported_names();
        Subquery {
            query: Arc::new(query),
            alias: Ident::from(alias),
            names,
            lateral: false,
        }
    }

    pub(crate) fn new_lateral(query: Query, alias: &str) -> Subquery {
        Subquery {
            lateral: true,
            ..Subquery::new(query, alias)
        }
    }

    /// Whether it is a `LATERAL` derived table ([`Select::lateral`]).
    ///
    /// [`Select::lateral`]: crate::Select::lateral
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// assert!(!select(t.c("a")).from(&t).subquery("s").is_lateral());
    /// assert!(select(t.c("a")).from(&t).lateral("s").is_lateral());
    /// ```
    pub fn is_lateral(&self) -> bool {
        self.lateral
    }

    /// The alias.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let s = select(t.c("a")).from(&t).subquery("s");
    /// assert_eq!(s.alias(), "s");
    /// ```
    pub fn alias(&self) -> &str {
        &self.alias
    }

    /// The inner query.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let s = select(t.c("a")).from(&t).subquery("s");
    /// let Query::Select(inner) = s.query() else { panic!("not a select") };
    /// assert_eq!(inner.selected(), &[t.c("a")]);
    /// ```
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// A column of the subquery; an unknown name becomes an error at compile time.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let s = select(t.c("a")).from(&t).subquery("s");
    /// let c = select(s.c("a")).from(&s).filter(s.c("a").gt(1)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "s"."a" FROM (SELECT "t"."a" FROM "t") AS "s" WHERE "s"."a" > ?"#);
    /// let bad = select(s.c("b")).from(&s).compile(&GenericDialect);
    /// assert!(matches!(bad, Err(Error::UnknownColumn { .. })));
    /// ```
    pub fn c(&self, name: &str) -> Expr {
        self.try_c(name).unwrap_or_else(Expr::invalid)
    }

    /// A column of the subquery, or [`Error::UnknownColumn`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let s = select((t.c("a"), func::count_star().label("n"))).from(&t).group_by(t.c("a")).subquery("s");
    /// assert!(s.try_c("n").is_ok());
    /// assert_eq!(
    ///     s.try_c("b").unwrap_err(),
    ///     Error::UnknownColumn { table: "s".into(), column: "b".into() }
    /// );
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, Error> {
        qualified_column(&self.alias, self.names.as_deref(), name)
    }
}

/// A column qualified by `qualifier`, checked against `names` when they are known.
pub(crate) fn qualified_column(
    qualifier: &Ident,
    names: Option<&[Ident]>,
    name: &str,
) -> Result<Expr, Error> {
    if names.is_some_and(|names| !names.iter().any(|n| n.as_ref() == name)) {
        return Err(Error::UnknownColumn {
            table: qualifier.to_string(),
            column: name.to_owned(),
        });
    }
    Ok(Expr::Column(ColumnRef::of_alias(qualifier, name)))
}

/// Anything that can stand in a FROM clause.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let item = t.alias("x").into_from_item();
/// let c = select(lit(1)).from(item).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT ? AS "anon_1" FROM "t" AS "x""#);
/// ```
pub trait IntoFromItem {
    /// Converts into a FROM item.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// assert!(matches!((&t).into_from_item(), FromItem::Table(ref r) if &*r.name == "t"));
    /// ```
    fn into_from_item(self) -> FromItem;
}

impl IntoFromItem for FromItem {
    fn into_from_item(self) -> FromItem {
        self
    }
}
impl IntoFromItem for &FromItem {
    fn into_from_item(self) -> FromItem {
        self.clone()
    }
}
impl IntoFromItem for &Table {
    fn into_from_item(self) -> FromItem {
        FromItem::Table(self.table_ref())
    }
}
impl IntoFromItem for Table {
    fn into_from_item(self) -> FromItem {
        FromItem::Table(self.table_ref())
    }
}
impl IntoFromItem for &TableAlias {
    fn into_from_item(self) -> FromItem {
        FromItem::Table(self.table_ref())
    }
}
impl IntoFromItem for TableAlias {
    fn into_from_item(self) -> FromItem {
        FromItem::Table(self.table_ref())
    }
}
impl IntoFromItem for &Subquery {
    fn into_from_item(self) -> FromItem {
        FromItem::Subquery(self.clone())
    }
}
impl IntoFromItem for Subquery {
    fn into_from_item(self) -> FromItem {
        FromItem::Subquery(self)
    }
}
impl IntoFromItem for &Values {
    fn into_from_item(self) -> FromItem {
        FromItem::Values(self.clone())
    }
}
impl IntoFromItem for Values {
    fn into_from_item(self) -> FromItem {
        FromItem::Values(self)
    }
}
impl IntoFromItem for &Cte {
    fn into_from_item(self) -> FromItem {
        FromItem::Cte(self.clone())
    }
}
impl IntoFromItem for Cte {
    fn into_from_item(self) -> FromItem {
        FromItem::Cte(self)
    }
}

/// Join builders for every FROM item: `users.join(&orders, on)` and friends.
///
/// Implemented for references to tables, aliases, subqueries and CTEs (so the
/// handle is not moved) and for [`FromItem`] (so joins chain).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (a, b, c) = (table("a"), table("b"), table("c"));
/// let from = a.join(&b, b.c("a_id").eq(a.c("id"))).left_join(&c, c.c("b_id").eq(b.c("id")));
/// let q = select(a.c("id")).from(from);
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT "a"."id" FROM "a" JOIN "b" ON "b"."a_id" = "a"."id" LEFT OUTER JOIN "c" ON "c"."b_id" = "b"."id""#
/// );
/// ```
pub trait Joinable: IntoFromItem + Sized {
    /// `self JOIN right ON on`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(o.c("id")).from(u.join(&o, o.c("u_id").eq(u.c("id"))));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "o"."id" FROM "u" JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    fn join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> FromItem {
        make_join(
            self.into_from_item(),
            right,
            JoinKind::Inner,
            Some(on.into()),
        )
    }
    /// `self LEFT OUTER JOIN right ON on`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(u.c("id")).from(u.left_join(&o, o.c("u_id").eq(u.c("id"))));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "u"."id" FROM "u" LEFT OUTER JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    fn left_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> FromItem {
        make_join(
            self.into_from_item(),
            right,
            JoinKind::Left,
            Some(on.into()),
        )
    }
    /// Alias of [`Joinable::left_join`], SQLAlchemy's name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(u.c("id")).from(u.outer_join(&o, o.c("u_id").eq(u.c("id"))));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "u"."id" FROM "u" LEFT OUTER JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    fn outer_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> FromItem {
        self.left_join(right, on)
    }
    /// `self RIGHT OUTER JOIN right ON on`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = select(o.c("id")).from(u.right_join(&o, o.c("u_id").eq(u.c("id"))));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "o"."id" FROM "u" RIGHT OUTER JOIN "o" ON "o"."u_id" = "u"."id""#);
    /// ```
    fn right_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> FromItem {
        make_join(
            self.into_from_item(),
            right,
            JoinKind::Right,
            Some(on.into()),
        )
    }
    /// `self FULL OUTER JOIN right ON on`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("k")).from(a.full_join(&b, b.c("k").eq(a.c("k"))));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."k" FROM "a" FULL OUTER JOIN "b" ON "b"."k" = "a"."k""#);
    /// assert!(matches!(q.compile(&sqlcraft_mysql::MySql::default()), Err(Error::Unsupported { .. })));
    /// ```
    fn full_join(self, right: impl IntoFromItem, on: impl Into<Expr>) -> FromItem {
        make_join(
            self.into_from_item(),
            right,
            JoinKind::Full,
            Some(on.into()),
        )
    }
    /// `self CROSS JOIN right`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select((a.c("x"), b.c("y"))).from(a.cross_join(&b));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "a"."x", "b"."y" FROM "a" CROSS JOIN "b""#);
    /// ```
    fn cross_join(self, right: impl IntoFromItem) -> FromItem {
        make_join(self.into_from_item(), right, JoinKind::Cross, None)
    }
}

pub(crate) fn make_join(
    left: FromItem,
    right: impl IntoFromItem,
    kind: JoinKind,
    on: Option<Expr>,
) -> FromItem {
    FromItem::Join(Box::new(Join {
        left,
        right: right.into_from_item(),
        kind,
        on,
    }))
}

impl Joinable for FromItem {}
impl Joinable for &Table {}
impl Joinable for &TableAlias {}
impl Joinable for &Subquery {}
impl Joinable for &Cte {}
impl Joinable for &Values {}
