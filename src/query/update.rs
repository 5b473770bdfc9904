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
    pub fn set(mut self, column: &str, value: impl Into<Expr>) -> Update {
        self.memo.clear();
        self.sets.push((Ident::from(column), value.into()));
        self
    }
    /// Several `SET` assignments.
    pub fn values(mut self, pairs: impl IntoAssignments) -> Update {
        self.memo.clear();
        self.sets.extend(pairs.into_assignments());
        self
    }
    /// Adds a FROM item (UPDATE … FROM).
    pub fn from(mut self, item: impl IntoFromItem) -> Update {
        self.memo.clear();
        self.from.push(item.into_from_item());
        self
    }
    /// Adds a WHERE condition, ANDed with any before it.
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
    pub fn where_(self, cond: impl Into<Expr>) -> Update {
        self.filter(cond)
    }
    /// `RETURNING …`, where the dialect has it.
    pub fn returning(mut self, cols: impl IntoColumns) -> Update {
        self.memo.clear();
        self.returning.extend(cols.into_columns());
        self
    }
    /// Attaches a CTE.
    pub fn with(mut self, cte: &Cte) -> Update {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
}
