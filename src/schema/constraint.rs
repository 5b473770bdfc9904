//! Table constraints and indexes.

use super::column::FkAction;
use crate::expr::{Expr, Ident};

/// A foreign key.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// The constraint name, if any.
    pub name: Option<Ident>,
    /// The referencing columns.
    pub columns: Vec<Ident>,
    /// The referenced table's schema.
    pub ref_schema: Option<Ident>,
    /// The referenced table.
    pub ref_table: Ident,
    /// The referenced columns.
    pub ref_columns: Vec<Ident>,
    /// `ON DELETE`.
    pub on_delete: Option<FkAction>,
    /// `ON UPDATE`.
    pub on_update: Option<FkAction>,
}

/// A UNIQUE constraint over one or more columns.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueConstraint {
    /// The constraint name, if any.
    pub name: Option<Ident>,
    /// The columns.
    pub columns: Vec<Ident>,
}

/// A CHECK constraint; its expression is rendered with inline literals.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckConstraint {
    /// The constraint name, if any.
    pub name: Option<Ident>,
    /// The condition.
    pub expr: Expr,
}

/// An index on one or more columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// The index name.
    pub name: Ident,
    /// The table's schema.
    pub schema: Option<Ident>,
    /// The indexed table.
    pub table: Ident,
    /// The columns, in order.
    pub columns: Vec<Ident>,
    /// Whether it is a UNIQUE index.
    pub unique: bool,
}
