//! Common table expressions (`WITH`).

use super::from::qualified_column;
use super::Query;
use crate::expr::{Expr, Ident};
use crate::schema::Table;
use crate::Error;
use std::sync::Arc;

/// A common table expression: a named query that statements refer to in FROM.
///
/// A CTE is rendered once, in the `WITH` clause of the outermost statement that
/// uses it: statements collect the CTEs of their FROM clauses (joins and derived
/// tables included) by themselves. A CTE used only inside a WHERE subquery is
/// rendered in that subquery's own `WITH`; attach it with [`crate::Select::with`]
/// to render it at the top of the outer statement instead.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let o = table("orders");
/// let recent = select((o.c("user_id"), func::sum(o.c("total")).label("spent")))
///     .from(&o)
///     .group_by(o.c("user_id"))
///     .cte("recent");
/// let q = select(recent.c("spent")).from(&recent);
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"WITH "recent" AS (SELECT "orders"."user_id", sum("orders"."total") AS "spent" FROM "orders" GROUP BY "orders"."user_id") SELECT "recent"."spent" FROM "recent""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Cte(pub(crate) Arc<CteDef>);

/// The definition behind a [`Cte`] handle.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let w = select(t.c("a")).from(&t).cte("w").with_columns(["x"]);
/// let def = w.def();
/// assert_eq!(&*def.name, "w");
/// assert_eq!(def.columns, vec!["x".into()]);
/// assert!(!def.recursive);
/// assert!(matches!(def.query, Query::Select(_)));
/// ```
#[derive(Debug, PartialEq)]
pub struct CteDef {
    /// The CTE's name.
    pub name: Ident,
    /// An explicit column list, if given.
    pub columns: Vec<Ident>,
    /// The query.
    pub query: Query,
    /// Whether it refers to itself (`WITH RECURSIVE`).
    pub recursive: bool,
    pub(crate) names: Option<Arc<[Ident]>>,
}

impl Cte {
    pub(crate) fn new(name: &str, query: Query) -> Cte {
        let names = query.exported_names();
        Cte(Arc::new(CteDef {
            name: Ident::from(name),
            columns: Vec::new(),
            query,
            recursive: false,
            names,
        }))
    }

    /// A recursive CTE. `build` receives a table handle named after the CTE, with
    /// `columns` as its columns, to refer to the CTE inside its own query.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let nums = Cte::recursive("nums", ["n"], |nums| {
    ///     select(lit(1)).union_all(select(nums.c("n") + 1).from(nums).filter(nums.c("n").lt(5)))
    /// });
    /// let q = select(nums.c("n")).from(&nums);
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"WITH RECURSIVE "nums"("n") AS (SELECT ? UNION ALL SELECT "nums"."n" + ? FROM "nums" WHERE "nums"."n" < ?) SELECT "nums"."n" FROM "nums""#
    /// );
    /// ```
    pub fn recursive<I, S, F, Q>(name: &str, columns: I, build: F) -> Cte
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
        F: FnOnce(&Table) -> Q,
        Q: Into<Query>,
    {
        let columns: Vec<Ident> = columns
            .into_iter()
            .map(|c| Ident::from(c.as_ref()))
            .collect();
        let this = Table::with_column_names(name, &columns);
        let query = build(&this).into();
        Cte(Arc::new(CteDef {
            name: Ident::from(name),
            names: Some(columns.clone().into()),
            columns,
            query,
            recursive: true,
        }))
    }

    /// Gives the CTE an explicit column list: `name(a, b) AS (…)`.
    ///
    /// The column list replaces the query's own names for [`Cte::c`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let w = select(t.c("a")).from(&t).cte("w").with_columns(["x"]);
    /// let c = select(w.c("x")).from(&w).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"WITH "w"("x") AS (SELECT "t"."a" FROM "t") SELECT "w"."x" FROM "w""#);
    /// assert!(w.try_c("a").is_err());
    /// ```
    pub fn with_columns<I, S>(self, columns: I) -> Cte
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let columns: Vec<Ident> = columns
            .into_iter()
            .map(|c| Ident::from(c.as_ref()))
            .collect();
        let def = &self.0;
        Cte(Arc::new(CteDef {
            name: def.name.clone(),
            names: Some(columns.clone().into()),
            columns,
            query: def.query.clone(),
            recursive: def.recursive,
        }))
    }

    /// The CTE's name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let w = select(t.c("a")).from(&t).cte("w");
    /// assert_eq!(w.name(), "w");
    /// ```
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The definition.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let w = select(t.c("a")).from(&t).cte("w");
    /// assert_eq!(&*w.def().name, "w");
    /// assert!(w.def().columns.is_empty());
    /// ```
    pub fn def(&self) -> &CteDef {
        &self.0
    }

    /// A column of the CTE; an unknown name becomes an error at compile time.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let w = select(t.c("a")).from(&t).cte("w");
    /// let c = select(w.c("a")).from(&w).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"WITH "w" AS (SELECT "t"."a" FROM "t") SELECT "w"."a" FROM "w""#);
    /// let bad = select(w.c("nope")).from(&w).compile(&GenericDialect);
    /// assert!(matches!(bad, Err(Error::UnknownColumn { .. })));
    /// ```
    pub fn c(&self, name: &str) -> Expr {
        self.try_c(name).unwrap_or_else(Expr::invalid)
    }

    /// A column of the CTE, or [`Error::UnknownColumn`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let w = select(t.c("a").label("x")).from(&t).cte("w");
    /// assert!(w.try_c("x").is_ok());
    /// assert_eq!(
    ///     w.try_c("a").unwrap_err(),
    ///     Error::UnknownColumn { table: "w".into(), column: "a".into() }
    /// );
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, Error> {
        qualified_column(&self.0.name, self.0.names.as_deref(), name)
    }
}
