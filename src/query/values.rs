//! A list of rows as a FROM item (SQLAlchemy's `values()`): `(VALUES …) AS v (a, b)`.

use super::from::qualified_column;
use super::IntoColumns;
use crate::expr::{Expr, Ident};
use crate::Error;
use std::sync::Arc;

/// Rows of values used as a table, with an alias and column names: SQLAlchemy's
/// `values(column("a"), column("b"), name="v").data([...])`. Every value is a
/// bound parameter. Built with [`values`]; joined and selected from like a
/// table, its columns named by [`Values::c`].
///
/// Each dialect writes it the way its engine takes it (see
/// [`ValuesStyle`](crate::dialect::ValuesStyle)): `(VALUES (?, ?), …) AS "v"
/// ("a", "b")` on PostgreSQL, a SELECT naming SQLite's `column1`, `column2` on
/// SQLite, and a `UNION ALL` of one-row SELECTs on MySQL and MariaDB. Without
/// rows, or with a row of another width than the column list, compiling is an
/// [`Error::InvalidStatement`].
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let v = values("v", ["id", "label"]).rows([(1, "one"), (2, "two")]);
/// let q = select((t.c("id"), v.c("label"))).from(t.join(&v, v.c("id").eq(t.c("id"))));
/// let c = q.compile(&GenericDialect)?;
/// assert_eq!(
///     c.sql,
///     r#"SELECT "t"."id", "v"."label" FROM "t" JOIN (VALUES (?, ?), (?, ?)) AS "v" ("id", "label") ON "v"."id" = "t"."id""#
/// );
/// assert_eq!(c.values()?, vec![Value::Int(1), Value::from("one"), Value::Int(2), Value::from("two")]);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Values(pub(crate) Arc<ValuesDef>);

/// What a [`Values`] holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuesDef {
    /// The alias it is known by in the statement.
    pub alias: Ident,
    /// Its column names.
    pub columns: Vec<Ident>,
    /// Its rows, each as wide as `columns`.
    pub rows: Vec<Vec<Expr>>,
}

/// Starts a [`Values`] named `alias` with the given column names; add rows with
/// [`Values::row`] or [`Values::rows`].
///
/// ```
/// use sqlcraft::prelude::*;
/// let v = values("v", ["a", "b"]).row((1, "x"));
/// assert_eq!(v.def().columns.len(), 2);
/// assert_eq!(v.def().rows.len(), 1);
/// ```
pub fn values<I, S>(alias: &str, columns: I) -> Values
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Values(Arc::new(ValuesDef {
        alias: Ident::from(alias),
        columns: columns
            .into_iter()
            .map(|c| Ident::from(c.as_ref()))
            .collect(),
        rows: Vec::new(),
    }))
}

impl Values {
    /// Appends a row: a tuple, an array or a `Vec` of values or expressions.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let v = values("v", ["n"]).row((1,)).row((2,));
    /// let q = select(v.c("n")).from(&v);
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "v"."n" FROM (VALUES (?), (?)) AS "v" ("n")"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn row(mut self, row: impl IntoColumns) -> Values {
        Arc::make_mut(&mut self.0).rows.push(row.into_columns());
        self
    }

    /// Appends many rows.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let v = values("v", ["n", "sq"]).rows((1..=3).map(|i| (i, i * i)));
    /// assert_eq!(v.def().rows.len(), 3);
    /// ```
    pub fn rows<I, R>(self, rows: I) -> Values
    where
        I: IntoIterator<Item = R>,
        R: IntoColumns,
    {
        rows.into_iter().fold(self, Values::row)
    }

    /// A column, qualified by the alias; a name the column list does not have
    /// becomes an error at compile time.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let v = values("v", ["a"]).row((1,));
    /// assert!(matches!(select(v.c("b")).from(&v).compile(&GenericDialect), Err(Error::UnknownColumn { .. })));
    /// ```
    pub fn c(&self, name: &str) -> Expr {
        self.try_c(name).unwrap_or_else(Expr::invalid)
    }

    /// A column, or [`Error::UnknownColumn`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let v = values("v", ["a"]);
    /// assert!(v.try_c("a").is_ok());
    /// assert!(v.try_c("b").is_err());
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, Error> {
        qualified_column(&self.0.alias, Some(&self.0.columns), name)
    }

    /// The alias, columns and rows.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(&*values("v", ["a"]).def().alias, "v");
    /// ```
    pub fn def(&self) -> &ValuesDef {
        &self.0
    }
}
