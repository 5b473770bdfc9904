//! `DELETE`, including DELETE … USING.

use super::cte::Cte;
use super::from::{FromItem, IntoFromItem, TableRef};
use super::IntoColumns;
use crate::expr::Expr;
use crate::schema::Table;

/// A `DELETE` statement.
///
/// Extra `USING` items render as `DELETE … USING` on PostgreSQL, as the multi-table
/// form on MySQL/MariaDB, and on SQLite (which has neither) as
/// `DELETE … WHERE EXISTS (SELECT 1 FROM … WHERE …)`, which deletes the same rows.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let users = table("users");
/// let q = delete(&users).filter(users.c("id").eq(7));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"DELETE FROM "users" WHERE "users"."id" = ?"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub(crate) table: TableRef,
    pub(crate) def: Table,
    pub(crate) using: Vec<FromItem>,
    pub(crate) where_: Option<Expr>,
    pub(crate) returning: Vec<Expr>,
    pub(crate) ctes: Vec<Cte>,
    /// The cache entry this statement was compiled to ([`crate::cache::KeyMemo`]);
    /// every method that takes `mut self` clears it first.
    pub(crate) memo: crate::cache::KeyMemo,
}

/// Starts a `DELETE FROM table`.
///
/// Without a filter, every row is deleted.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = delete(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"DELETE FROM "t""#);
/// ```
pub fn delete(table: &Table) -> Delete {
    Delete {
        table: table.table_ref(),
        def: table.clone(),
        using: Vec::new(),
        where_: None,
        returning: Vec::new(),
        ctes: Vec::new(),
        memo: crate::cache::KeyMemo::default(),
    }
}

impl Delete {
    /// Adds a `USING` item. A table that only the WHERE clause names is added
    /// without it, as in SQLAlchemy.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let (u, b) = (table("u"), table("banned"));
    /// let q = delete(&u).using(&b).filter(b.c("u_id").eq(u.c("id")));
    /// assert_eq!(
    ///     q.compile(&sqlcraft_postgres::Postgres).unwrap().sql,
    ///     r#"DELETE FROM "u" USING "banned" WHERE "banned"."u_id" = "u"."id""#
    /// );
    /// assert_eq!(
    ///     q.compile(&sqlcraft_sqlite::Sqlite).unwrap().sql,
    ///     r#"DELETE FROM "u" WHERE EXISTS (SELECT 1 FROM "banned" WHERE "banned"."u_id" = "u"."id")"#
    /// );
    /// let implied = delete(&u).filter(b.c("u_id").eq(u.c("id")));
    /// assert_eq!(implied.compile(&sqlcraft_postgres::Postgres)?, q.compile(&sqlcraft_postgres::Postgres)?);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn using(mut self, item: impl IntoFromItem) -> Delete {
        self.memo.clear();
        self.using.push(item.into_from_item());
        self
    }
    /// Adds a WHERE condition, ANDed with any before it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = delete(&t).filter(t.c("a").eq(1)).filter(t.c("b").is_null()).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"DELETE FROM "t" WHERE "t"."a" = ? AND "t"."b" IS NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1)]);
    /// ```
    pub fn filter(mut self, cond: impl Into<Expr>) -> Delete {
        self.memo.clear();
        let cond = cond.into();
        self.where_ = Some(match self.where_.take() {
            Some(prev) => prev.and(cond),
            None => cond,
        });
        self
    }
    /// Alias of [`Delete::filter`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = delete(&t).where_(t.c("id").eq(3)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"DELETE FROM "t" WHERE "t"."id" = ?"#);
    /// ```
    pub fn where_(self, cond: impl Into<Expr>) -> Delete {
        self.filter(cond)
    }
    /// `RETURNING …`, where the dialect has it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = delete(&t).filter(t.c("id").eq(3)).returning(t.c("name"));
    /// let c = q.compile(&sqlcraft_postgres::Postgres).unwrap();
    /// assert_eq!(c.sql, r#"DELETE FROM "t" WHERE "t"."id" = $1 RETURNING "t"."name""#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// ```
    pub fn returning(mut self, cols: impl IntoColumns) -> Delete {
        self.memo.clear();
        self.returning.extend(cols.into_columns());
        self
    }
    /// Attaches a CTE.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (t, s) = (table("t"), table("s"));
    /// let gone = select(s.c("id")).from(&s).cte("gone");
    /// let q = delete(&t).filter(t.c("id").in_(select(gone.c("id")).from(&gone))).with(&gone);
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"WITH "gone" AS (SELECT "s"."id" FROM "s") DELETE FROM "t" WHERE "t"."id" IN (SELECT "gone"."id" FROM "gone")"#
    /// );
    /// ```
    pub fn with(mut self, cte: &Cte) -> Delete {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
}
