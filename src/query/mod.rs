//! Statements: SELECT and set operations, INSERT, UPDATE, DELETE and `text()`.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::dialect::GenericDialect as G;
//! let t = table("t");
//! assert_eq!(select(t.c("a")).from(&t).compile(&G)?.sql, r#"SELECT "t"."a" FROM "t""#);
//! assert_eq!(insert(&t).value("a", 1).compile(&G)?.sql, r#"INSERT INTO "t" ("a") VALUES (?)"#);
//! assert_eq!(update(&t).set("a", 2).compile(&G)?.sql, r#"UPDATE "t" SET "a" = ?"#);
//! assert_eq!(delete(&t).compile(&G)?.sql, r#"DELETE FROM "t""#);
//! # Ok::<(), sqlcraft::Error>(())
//! ```

mod compound;
mod cte;
mod delete;
mod from;
mod insert;
mod select;
mod text;
mod update;
mod values;

pub use compound::{Compound, SetOp};
pub use cte::{Cte, CteDef};
pub use delete::{delete, Delete};
pub use from::{FromItem, IntoFromItem, Join, JoinKind, Joinable, Subquery, TableRef};
pub use insert::{insert, ConflictAction, ConflictTarget, Insert, InsertSource, OnConflict};
pub(crate) use select::SelectParts;
pub use select::{select, Distinct, Lock, LockStrength, LockWait, Select};
pub use text::{text, TextClause, TextualSelect};
pub use update::{update, Update};
pub use values::{values, Values, ValuesDef};

pub(crate) mod text_parts {
    pub(crate) use super::text::{Bound, TextPart};
}

use crate::expr::{Case, Expr, Ident, Label, OrderBy};
use std::sync::Arc;

/// A query: a plain SELECT or a compound of several.
///
/// Anything that takes a query (`exists`, `from_select`, set operators) takes
/// `impl Into<Query>`, so a [`Select`] or a [`Compound`] can be passed as is.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (a, b) = (table("a"), table("b"));
/// let q: Query = select(a.c("x")).from(&a).into();
/// assert!(matches!(q, Query::Select(_)));
/// let q: Query = select(a.c("x")).from(&a).union(select(b.c("x")).from(&b)).into();
/// assert!(matches!(q, Query::Compound(_)));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "a"."x" FROM "a" UNION SELECT "b"."x" FROM "b""#);
/// ```
#[derive(Debug, PartialEq)]
#[non_exhaustive]
pub enum Query {
    /// A SELECT.
    Select(Select),
    /// Queries joined by set operators.
    Compound(Box<Compound>),
    /// SQL text with named result columns ([`TextClause::columns`]).
    Text(Box<TextualSelect>),
}

impl Query {
    /// The column names the query exports as a derived table or CTE, labelled as
    /// compiling labels them there (`None` when a column is a `*` or SQL text,
    /// which leaves names unchecked).
    pub(crate) fn exported_names(&self) -> Option<Arc<[Ident]>> {
        match self {
            Query::Select(s) => crate::compile::labels::result_names(&s.columns).map(Into::into),
            Query::Compound(c) => c.first.exported_names(),
            Query::Text(t) => Some(Arc::clone(&t.columns)),
        }
    }

    /// How many columns the query returns, where that is known: not for a
    /// select list with a `*` or SQL text in it, which may stand for several.
    pub(crate) fn width(&self) -> Option<usize> {
        match self {
            Query::Select(s) => {
                let unknown = |e: &Expr| matches!(e, Expr::Star(_) | Expr::Text(_));
                (!s.columns.iter().any(unknown)).then_some(s.columns.len())
            }
            Query::Compound(c) => c.first.width(),
            Query::Text(t) => Some(t.columns.len()),
        }
    }

    /// This query as a derived table.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q: Query = select(t.c("a")).from(&t).into();
    /// let s = q.subquery("s");
    /// let c = select(s.c("a")).from(&s).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "s"."a" FROM (SELECT "t"."a" FROM "t") AS "s""#);
    /// ```
    pub fn subquery(self, alias: &str) -> Subquery {
        Subquery::new(self, alias)
    }

    /// This query as a common table expression named `name`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q: Query = select(t.c("a")).from(&t).into();
    /// let c = q.cte("c");
    /// assert_eq!(select(c.c("a")).from(&c).compile(&GenericDialect)?.sql, r#"WITH "c" AS (SELECT "t"."a" FROM "t") SELECT "c"."a" FROM "c""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn cte(self, name: &str) -> Cte {
        Cte::new(name, self)
    }

    /// This query as a `LATERAL` derived table; see [`Select::lateral`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let q: Query = select(t.c("a")).from(&t).into();
    /// assert!(q.lateral("s").is_lateral());
    /// ```
    pub fn lateral(self, alias: &str) -> Subquery {
        Subquery::new_lateral(self, alias)
    }

    /// This query as a scalar subquery expression.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q: Query = select(func::count_star()).from(&t).into();
    /// let c = select(q.scalar_subquery().label("n")).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT (SELECT count(*) FROM "t") AS "n""#);
    /// ```
    pub fn scalar_subquery(self) -> Expr {
        Expr::Subquery(Box::new(self))
    }
}

impl From<Select> for Query {
    fn from(s: Select) -> Query {
        Query::Select(s)
    }
}
impl From<Compound> for Query {
    fn from(c: Compound) -> Query {
        Query::Compound(Box::new(c))
    }
}

/// What a select list, GROUP BY or RETURNING accepts: one expression, a tuple of up
/// to twelve, an array or a `Vec`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let one = select(t.c("a")).from(&t);
/// let tuple = select((t.c("a"), t.c("b").label("x"))).from(&t);
/// let list = select(vec![t.c("a"), t.c("b")]).from(&t);
/// assert_eq!(one.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t""#);
/// assert_eq!(tuple.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a", "t"."b" AS "x" FROM "t""#);
/// assert_eq!(list.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a", "t"."b" FROM "t""#);
/// ```
pub trait IntoColumns {
    /// The expressions, in order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::query::IntoColumns;
    /// let t = table("t");
    /// let cols = (t.c("a"), lit(1)).into_columns();
    /// assert_eq!(cols, vec![t.c("a"), lit(1)]);
    /// ```
    fn into_columns(self) -> Vec<Expr>;

    /// Appends the expressions to a select list. The single-expression and tuple
    /// forms push straight into it, and it holds a few columns inline, so a
    /// short select list costs no allocation of its own; the default goes
    /// through [`IntoColumns::into_columns`].
    #[doc(hidden)]
    fn extend_columns(self, out: &mut ColumnList)
    where
        Self: Sized,
    {
        out.extend(self.into_columns());
    }
}

/// A select list's storage: a few columns inline (most point queries name few),
/// more on the heap.
#[doc(hidden)]
pub type ColumnList = smallvec::SmallVec<[Expr; 4]>;

impl IntoColumns for Expr {
    fn into_columns(self) -> Vec<Expr> {
        vec![self]
    }
    fn extend_columns(self, out: &mut ColumnList) {
        out.push(self);
    }
}
impl IntoColumns for Label {
    fn into_columns(self) -> Vec<Expr> {
        vec![self.into()]
    }
    fn extend_columns(self, out: &mut ColumnList) {
        out.push(self.into());
    }
}
impl IntoColumns for &Label {
    fn into_columns(self) -> Vec<Expr> {
        vec![self.into()]
    }
    fn extend_columns(self, out: &mut ColumnList) {
        out.push(self.into());
    }
}
impl IntoColumns for Case {
    fn into_columns(self) -> Vec<Expr> {
        vec![self.into()]
    }
    fn extend_columns(self, out: &mut ColumnList) {
        out.push(self.into());
    }
}
/// A table's declared columns, in order: `select(&users)` is SQLAlchemy's
/// `select(users)`, and implies `FROM users`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let mut meta = MetaData::new();
/// let users = meta.table("users", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("name", SqlType::Text);
/// })?;
/// let c = select(&users).filter(users.c("id").eq(1)).compile(&GenericDialect)?;
/// assert_eq!(c.sql, r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ?"#);
/// // A table that declares no column has none to select.
/// assert!(select(&table("t")).compile(&GenericDialect).is_err());
/// # Ok::<(), sqlcraft::Error>(())
/// ```
impl IntoColumns for &crate::schema::Table {
    fn into_columns(self) -> Vec<Expr> {
        let columns = self.all_columns();
        if columns.is_empty() {
            let name = self.name();
            return vec![Expr::Invalid(Box::new(crate::Error::invalid(format!(
                "select(&{name}) selects the columns \"{name}\" declares, and it declares \
                 none: name them with .c(..), or select .star()"
            ))))];
        }
        columns
    }
}

impl<T: Into<Expr>> IntoColumns for Vec<T> {
    fn into_columns(self) -> Vec<Expr> {
        self.into_iter().map(Into::into).collect()
    }
    fn extend_columns(self, out: &mut ColumnList) {
        out.extend(self.into_iter().map(Into::into));
    }
}
impl<T: Into<Expr>, const N: usize> IntoColumns for [T; N] {
    fn into_columns(self) -> Vec<Expr> {
        self.into_iter().map(Into::into).collect()
    }
    fn extend_columns(self, out: &mut ColumnList) {
        out.extend(self.into_iter().map(Into::into));
    }
}

macro_rules! tuple_columns {
    ($($name:ident),+) => {
        impl<$($name: Into<Expr>),+> IntoColumns for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_columns(self) -> Vec<Expr> {
                let ($($name,)+) = self;
                vec![$($name.into()),+]
            }
            #[allow(non_snake_case)]
            fn extend_columns(self, out: &mut ColumnList) {
                let ($($name,)+) = self;
                $(out.push($name.into());)+
            }
        }
    };
}
tuple_columns!(A);
tuple_columns!(A, B);
tuple_columns!(A, B, C);
tuple_columns!(A, B, C, D);
tuple_columns!(A, B, C, D, E);
tuple_columns!(A, B, C, D, E, F);
tuple_columns!(A, B, C, D, E, F, G);
tuple_columns!(A, B, C, D, E, F, G, H);
tuple_columns!(A, B, C, D, E, F, G, H, I);
tuple_columns!(A, B, C, D, E, F, G, H, I, J);
tuple_columns!(A, B, C, D, E, F, G, H, I, J, K);
tuple_columns!(A, B, C, D, E, F, G, H, I, J, K, L);

/// What ORDER BY accepts: one term, a tuple of up to eight, an array or a `Vec`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).order_by(t.c("a")).order_by((t.c("b").desc(), t.c("c").asc()));
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT "t"."a" FROM "t" ORDER BY "t"."a", "t"."b" DESC, "t"."c" ASC"#
/// );
/// ```
pub trait IntoOrderBys {
    /// The terms, in order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::query::IntoOrderBys;
    /// let t = table("t");
    /// let terms = [t.c("a").desc(), t.c("b").asc()].into_order_bys();
    /// assert_eq!(terms, vec![t.c("a").desc(), t.c("b").asc()]);
    /// ```
    fn into_order_bys(self) -> Vec<OrderBy>;
}

impl IntoOrderBys for OrderBy {
    fn into_order_bys(self) -> Vec<OrderBy> {
        vec![self]
    }
}
impl IntoOrderBys for Expr {
    fn into_order_bys(self) -> Vec<OrderBy> {
        vec![OrderBy::new(self)]
    }
}
impl<T: Into<OrderBy>> IntoOrderBys for Vec<T> {
    fn into_order_bys(self) -> Vec<OrderBy> {
        self.into_iter().map(Into::into).collect()
    }
}
impl<T: Into<OrderBy>, const N: usize> IntoOrderBys for [T; N] {
    fn into_order_bys(self) -> Vec<OrderBy> {
        self.into_iter().map(Into::into).collect()
    }
}

macro_rules! tuple_order_bys {
    ($($name:ident),+) => {
        impl<$($name: Into<OrderBy>),+> IntoOrderBys for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_order_bys(self) -> Vec<OrderBy> {
                let ($($name,)+) = self;
                vec![$($name.into()),+]
            }
        }
    };
}
tuple_order_bys!(A);
tuple_order_bys!(A, B);
tuple_order_bys!(A, B, C);
tuple_order_bys!(A, B, C, D);
tuple_order_bys!(A, B, C, D, E);
tuple_order_bys!(A, B, C, D, E, F);
tuple_order_bys!(A, B, C, D, E, F, G);
tuple_order_bys!(A, B, C, D, E, F, G, H);

/// What `values()` and `set()`-lists accept: `(column, value)` pairs as an array, a
/// `Vec` or a tuple of up to twelve pairs.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let tuple = update(&t).values((("a", 1), ("b", "x")));
/// let array = update(&t).values([("a", lit(1)), ("b", lit("x"))]);
/// assert_eq!(tuple.compile(&GenericDialect).unwrap().sql, r#"UPDATE "t" SET "a" = ?, "b" = ?"#);
/// assert_eq!(array.compile(&GenericDialect).unwrap().sql, r#"UPDATE "t" SET "a" = ?, "b" = ?"#);
/// ```
pub trait IntoAssignments {
    /// The pairs, in order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::query::IntoAssignments;
    /// let pairs = vec![("a", 1), ("b", 2)].into_assignments();
    /// assert_eq!(&*pairs[1].0, "b");
    /// assert_eq!(pairs[1].1, lit(2));
    /// ```
    fn into_assignments(self) -> Vec<(Ident, Expr)>;
}

impl<S: AsRef<str>, T: Into<Expr>> IntoAssignments for Vec<(S, T)> {
    fn into_assignments(self) -> Vec<(Ident, Expr)> {
        self.into_iter()
            .map(|(k, v)| (Ident::from(k.as_ref()), v.into()))
            .collect()
    }
}
impl<S: AsRef<str>, T: Into<Expr>, const N: usize> IntoAssignments for [(S, T); N] {
    fn into_assignments(self) -> Vec<(Ident, Expr)> {
        self.into_iter()
            .map(|(k, v)| (Ident::from(k.as_ref()), v.into()))
            .collect()
    }
}

macro_rules! tuple_assignments {
    ($(($s:ident, $t:ident)),+) => {
        impl<$($s: AsRef<str>, $t: Into<Expr>),+> IntoAssignments for ($(($s, $t),)+) {
            #[allow(non_snake_case)]
            fn into_assignments(self) -> Vec<(Ident, Expr)> {
                let ($(($s, $t),)+) = self;
                vec![$((Ident::from($s.as_ref()), $t.into())),+]
            }
        }
    };
}
tuple_assignments!((S1, T1));
tuple_assignments!((S1, T1), (S2, T2));
tuple_assignments!((S1, T1), (S2, T2), (S3, T3));
tuple_assignments!((S1, T1), (S2, T2), (S3, T3), (S4, T4));
tuple_assignments!((S1, T1), (S2, T2), (S3, T3), (S4, T4), (S5, T5));
tuple_assignments!((S1, T1), (S2, T2), (S3, T3), (S4, T4), (S5, T5), (S6, T6));
tuple_assignments!(
    (S1, T1),
    (S2, T2),
    (S3, T3),
    (S4, T4),
    (S5, T5),
    (S6, T6),
    (S7, T7)
);
tuple_assignments!(
    (S1, T1),
    (S2, T2),
    (S3, T3),
    (S4, T4),
    (S5, T5),
    (S6, T6),
    (S7, T7),
    (S8, T8)
);
