//! `UPDATE`, including UPDATE … FROM.

use super::cte::Cte;
use super::from::{FromItem, IntoFromItem, TableRef};
use super::{IntoAssignments, IntoColumns};
use crate::expr::{Expr, Ident};
use crate::schema::Table;

/// An `UPDATE` statement.
///
/// Extra FROM items render as `UPDATE … FROM` on PostgreSQL and SQLite and as a
/// multi-table `UPDATE a, b SET …` on MySQL/MariaDB.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let users = table("users");
/// let q = update(&users).set("status", "gold").filter(users.c("id").eq(7));
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"UPDATE "users" SET "status" = ? WHERE "users"."id" = ?"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub(crate) table: TableRef,
    pub(crate) def: Table,
    pub(crate) sets: Vec<(Ident, Expr)>,
    pub(crate) from: Vec<FromItem>,
    pub(crate) where_: Option<Expr>,
    pub(crate) returning: Vec<Expr>,
    pub(crate) ctes: Vec<Cte>,
    /// The cache entry this statement was compiled to ([`crate::cache::KeyMemo`]);
    /// every method that takes `mut self` clears it first.
    pub(crate) memo: crate::cache::KeyMemo,
}

/// Starts an `UPDATE table`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = update(&t).set("n", t.c("n") + 1).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"UPDATE "t" SET "n" = "t"."n" + ?"#);
/// assert_eq!(c.values().unwrap(), vec![Value::Int(1)]);
/// ```
pub fn update(table: &Table) -> Update {
    Update {
        table: table.table_ref(),
        def: table.clone(),
        sets: Vec::new(),
        from: Vec::new(),
        where_: None,
        returning: Vec::new(),
        ctes: Vec::new(),
        memo: crate::cache::KeyMemo::default(),
    }
}

impl Update {
    /// `SET column = value`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = update(&t).set("a", 1).set("b", null()).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "a" = ?, "b" = NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1)]);
    /// ```
    pub fn set(mut self, column: &str, value: impl Into<Expr>) -> Update {
        self.memo.clear();
        self.sets.push((Ident::from(column), value.into()));
        self
    }
    /// Several `SET` assignments.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = update(&t).values((("a", 1), ("b", "x"))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "a" = ?, "b" = ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::from("x")]);
    /// ```
    pub fn values(mut self, pairs: impl IntoAssignments) -> Update {
        self.memo.clear();
        self.sets.extend(pairs.into_assignments());
        self
    }
    /// Adds a FROM item (UPDATE … FROM). A table that only the WHERE clause
    /// names is added without it, as in SQLAlchemy; `.from()` gives an alias,
    /// a subquery, or the order of the items.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (u, o) = (table("u"), table("o"));
    /// let q = update(&u).set("total", o.c("sum")).from(&o).filter(o.c("u_id").eq(u.c("id")));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"UPDATE "u" SET "total" = "o"."sum" FROM "o" WHERE "o"."u_id" = "u"."id""#
    /// );
    /// assert_eq!(
    ///     q.compile(&sqlcraft_mysql::MySql::default()).unwrap().sql,
    ///     "UPDATE `u`, `o` SET `u`.`total` = `o`.`sum` WHERE `o`.`u_id` = `u`.`id`"
    /// );
    /// let implied = update(&u).set("total", o.c("sum")).filter(o.c("u_id").eq(u.c("id")));
    /// assert_eq!(implied.compile(&GenericDialect)?, q.compile(&GenericDialect)?);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn from(mut self, item: impl IntoFromItem) -> Update {
        self.memo.clear();
        self.from.push(item.into_from_item());
        self
    }
    /// Adds a WHERE condition, ANDed with any before it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = update(&t).set("a", 0).filter(t.c("a").lt(0)).filter(t.c("b").is_not_null());
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "a" = ? WHERE "t"."a" < ? AND "t"."b" IS NOT NULL"#);
    /// ```
    pub fn filter(mut self, cond: impl Into<Expr>) -> Update {
        self.memo.clear();
        let cond = cond.into();
        self.where_ = Some(match self.where_.take() {
            Some(prev) => prev.and(cond),
            None => cond,
        });
        self
    }
    /// Alias of [`Update::filter`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = update(&t).set("a", 0).where_(t.c("id").eq(3)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "a" = ? WHERE "t"."id" = ?"#);
    /// ```
    pub fn where_(self, cond: impl Into<Expr>) -> Update {
        self.filter(cond)
    }
    /// `RETURNING …`, where the dialect has it.
    ///
    /// MariaDB has no RETURNING on UPDATE: compiling for it is an error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let q = update(&t).set("a", 0).filter(t.c("id").eq(3)).returning((t.c("id"), t.c("a")));
    /// let c = q.compile(&sqlcraft_postgres::Postgres).unwrap();
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "a" = $1 WHERE "t"."id" = $2 RETURNING "t"."id", "t"."a""#);
    /// assert!(matches!(q.compile(&sqlcraft_mysql::MySql::default()), Err(Error::Unsupported { .. })));
    /// ```
    pub fn returning(mut self, cols: impl IntoColumns) -> Update {
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
    /// let old = select(s.c("id")).from(&s).filter(s.c("age").gt(30)).cte("old");
    /// let q = update(&t).set("flag", true).filter(t.c("id").in_(select(old.c("id")).from(&old))).with(&old);
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"WITH "old" AS (SELECT "s"."id" FROM "s" WHERE "s"."age" > ?) UPDATE "t" SET "flag" = ? WHERE "t"."id" IN (SELECT "old"."id" FROM "old")"#
    /// );
    /// ```
    pub fn with(mut self, cte: &Cte) -> Update {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
}
