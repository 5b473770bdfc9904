//! `INSERT`, including multi-row VALUES, INSERT … SELECT, DEFAULT VALUES and upsert.

use super::cte::Cte;
use super::from::TableRef;
use super::{IntoAssignments, IntoColumns, Query};
use crate::expr::{Expr, Ident};
use crate::schema::Table;
use crate::Error;

/// Where an INSERT's rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum InsertSource {
    /// `VALUES (…), (…)`; every row as wide as the column list.
    Values(Vec<Vec<Expr>>),
    /// `INSERT … SELECT`.
    Select(Box<Query>),
    /// `DEFAULT VALUES`.
    DefaultValues,
}

/// The conflict an upsert reacts to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConflictTarget {
    /// Any unique conflict (the only form MySQL/MariaDB has).
    Any,
    /// A conflict on these columns' unique index.
    Columns(Vec<Ident>),
    /// A conflict on the named constraint (PostgreSQL only).
    Constraint(Ident),
}

/// What an upsert does on conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictAction {
    /// Keep the existing row.
    DoNothing,
    /// Update the existing row.
    DoUpdate {
        /// `column = expression` pairs; [`crate::excluded`] names the proposed row.
        sets: Vec<(Ident, Expr)>,
        /// Only update where this holds (not on MySQL/MariaDB).
        where_: Option<Expr>,
    },
}

/// An upsert clause: `ON CONFLICT … DO …` on PostgreSQL and SQLite,
/// `ON DUPLICATE KEY UPDATE …` on MySQL/MariaDB.
///
/// MySQL/MariaDB react to a conflict on any unique key and cannot name a target;
/// `DO NOTHING` is emulated there as an update of the first inserted column to itself.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let users = table("users");
/// let q = insert(&users)
///     .value("id", 1)
///     .value("name", "ann")
///     .on_conflict(OnConflict::columns(["id"]).do_update([("name", excluded("name"))]));
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OnConflict {
    /// The conflict target.
    pub target: ConflictTarget,
    /// The action.
    pub action: ConflictAction,
}

impl OnConflict {
    /// Reacts to a conflict on these columns.
    pub fn columns<I, S>(cols: I) -> OnConflict
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        OnConflict {
            target: ConflictTarget::Columns(
                cols.into_iter().map(|c| Ident::from(c.as_ref())).collect(),
            ),
            action: ConflictAction::DoNothing,
        }
    }
    /// Reacts to a conflict on the named constraint (PostgreSQL).
    pub fn constraint(name: &str) -> OnConflict {
        OnConflict {
            target: ConflictTarget::Constraint(Ident::from(name)),
            action: ConflictAction::DoNothing,
        }
    }
    /// Reacts to any unique conflict.
    pub fn any() -> OnConflict {
        OnConflict {
            target: ConflictTarget::Any,
            action: ConflictAction::DoNothing,
        }
    }
    /// Keeps the existing row.
    pub fn do_nothing(mut self) -> OnConflict {
        self.action = ConflictAction::DoNothing;
        self
    }
    /// Updates the existing row with these assignments.
    pub fn do_update(mut self, sets: impl IntoAssignments) -> OnConflict {
        let where_ = match self.action {
            ConflictAction::DoUpdate { where_, .. } => where_,
            ConflictAction::DoNothing => None,
        };
        self.action = ConflictAction::DoUpdate {
            sets: sets.into_assignments(),
            where_,
        };
        self
    }
    /// Restricts the update to rows where `cond` holds. Called before
    /// [`OnConflict::do_update`], the condition is kept for it; without any
    /// `do_update`, compiling reports the missing assignments.
    pub fn update_where(mut self, cond: impl Into<Expr>) -> OnConflict {
        match &mut self.action {
            ConflictAction::DoUpdate { where_, .. } => *where_ = Some(cond.into()),
            ConflictAction::DoNothing => {
                self.action = ConflictAction::DoUpdate {
                    sets: Vec::new(),
                    where_: Some(cond.into()),
                }
            }
        }
        self
    }
}

/// An `INSERT` statement.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = insert(&t).columns(["a", "b"]).row((1, "x")).row((2, "y"));
/// let c = q.compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)"#);
/// assert_eq!(c.params.len(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    pub(crate) table: TableRef,
    pub(crate) def: Table,
    pub(crate) columns: Vec<Ident>,
    pub(crate) source: InsertSource,
    pub(crate) on_conflict: Option<OnConflict>,
    pub(crate) returning: Vec<Expr>,
    pub(crate) ctes: Vec<Cte>,
    pub(crate) error: Option<Box<Error>>,
    /// The cache entry this statement was compiled to ([`crate::cache::KeyMemo`]);
    /// every method that takes `mut self` clears it first.
    pub(crate) memo: crate::cache::KeyMemo,
}

/// Starts an `INSERT INTO table`. Columns are checked against the table's
/// definition, and columns with a client-side default that the statement leaves out
/// are filled in with it.
pub fn insert(table: &Table) -> Insert {
    Insert {
        table: table.table_ref(),
        def: table.clone(),
        columns: Vec::new(),
        source: InsertSource::Values(Vec::new()),
        on_conflict: None,
        returning: Vec::new(),
        ctes: Vec::new(),
        error: None,
        memo: crate::cache::KeyMemo::default(),
    }
}

impl Insert {
    fn fail(mut self, msg: &'static str) -> Insert {
        self.memo.clear();
        if self.error.is_none() {
            self.error = Some(Box::new(Error::invalid(msg)));
        }
        self
    }
    /// Sets one column of a single-row insert.
    pub fn value(mut self, column: &str, value: impl Into<Expr>) -> Insert {
        self.memo.clear();
        match &mut self.source {
            InsertSource::Values(rows) if rows.len() <= 1 => {
                if rows.is_empty() {
                    rows.push(Vec::new());
                }
                if rows[0].len() != self.columns.len() {
                    return self.fail("value() cannot follow columns() without a full row");
                }
                rows[0].push(value.into());
                self.columns.push(Ident::from(column));
                self
            }
            _ => self
                .fail("value() builds a single-row insert; use columns() and row() for many rows"),
        }
    }
    /// Sets several columns of a single-row insert from `(column, value)` pairs.
    pub fn values(self, pairs: impl IntoAssignments) -> Insert {
        pairs
            .into_assignments()
            .into_iter()
            .fold(self, |ins, (col, val)| ins.value(&col, val))
    }
    /// Sets the column list for [`Insert::row`] and [`Insert::from_select`].
    pub fn columns<I, S>(mut self, cols: I) -> Insert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.memo.clear();
        self.columns = cols.into_iter().map(|c| Ident::from(c.as_ref())).collect();
        self
    }
    /// Appends a row of values, in the order of [`Insert::columns`].
    pub fn row(mut self, values: impl IntoColumns) -> Insert {
        self.memo.clear();
        match &mut self.source {
            InsertSource::Values(rows) => {
                rows.push(values.into_columns());
                self
            }
            _ => self.fail("row() cannot be combined with from_select() or default_values()"),
        }
    }
    /// Appends many rows.
    pub fn rows<I, R>(self, rows: I) -> Insert
    where
        I: IntoIterator<Item = R>,
        R: IntoColumns,
    {
        rows.into_iter().fold(self, Insert::row)
    }
    /// `INSERT INTO table (columns) SELECT …`.
    pub fn from_select<I, S>(self, cols: I, query: impl Into<Query>) -> Insert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut ins = self.columns(cols);
        ins.source = InsertSource::Select(Box::new(query.into()));
        ins
    }
    /// `INSERT INTO table DEFAULT VALUES` (MySQL: `() VALUES ()`).
    pub fn default_values(mut self) -> Insert {
        self.memo.clear();
        self.columns.clear();
        self.source = InsertSource::DefaultValues;
        self
    }
    /// Adds an upsert clause.
    pub fn on_conflict(mut self, clause: OnConflict) -> Insert {
        self.memo.clear();
        self.on_conflict = Some(clause);
        self
    }
    /// `RETURNING …`, where the dialect has it.
    pub fn returning(mut self, cols: impl IntoColumns) -> Insert {
        self.memo.clear();
        self.returning.extend(cols.into_columns());
        self
    }
    /// Attaches a CTE used by the INSERT's SELECT.
    pub fn with(mut self, cte: &Cte) -> Insert {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
}
