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
    /// Adds a `USING` item.
    pub fn using(mut self, item: impl IntoFromItem) -> Delete {
        self.memo.clear();
        self.using.push(item.into_from_item());
        self
    }
    /// Adds a WHERE condition, ANDed with any before it.
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
    pub fn where_(self, cond: impl Into<Expr>) -> Delete {
        self.filter(cond)
    }
    /// `RETURNING …`, where the dialect has it.
    pub fn returning(mut self, cols: impl IntoColumns) -> Delete {
        self.memo.clear();
        self.returning.extend(cols.into_columns());
        self
    }
    /// Attaches a CTE.
    pub fn with(mut self, cte: &Cte) -> Delete {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
}
