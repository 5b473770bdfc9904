//! Column definitions.

use crate::expr::{Expr, Ident};
use crate::types::SqlType;
use crate::value::Value;
use std::fmt;
use std::sync::Arc;

/// A referential action of a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FkAction {
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
    /// `RESTRICT`.
    Restrict,
    /// `NO ACTION`.
    NoAction,
}

impl FkAction {
    /// The SQL keywords.
    pub fn keyword(self) -> &'static str {
        match self {
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
            FkAction::Restrict => "RESTRICT",
            FkAction::NoAction => "NO ACTION",
        }
    }
}

/// A value computed on the client when an INSERT leaves the column out.
#[derive(Clone)]
pub enum ClientDefault {
    /// A fixed value.
    Value(Value),
    /// A function called once per inserted row (a UUID generator, a clock…).
    Fn(Arc<dyn Fn() -> Value + Send + Sync>),
}

impl ClientDefault {
    /// The value for one row.
    pub fn produce(&self) -> Value {
        match self {
            ClientDefault::Value(v) => v.clone(),
            ClientDefault::Fn(f) => f(),
        }
    }
}

impl fmt::Debug for ClientDefault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientDefault::Value(v) => f.debug_tuple("Value").field(v).finish(),
            ClientDefault::Fn(_) => f.write_str("Fn(..)"),
        }
    }
}

impl PartialEq for ClientDefault {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ClientDefault::Value(a), ClientDefault::Value(b)) => a == b,
            (ClientDefault::Fn(a), ClientDefault::Fn(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Whether a column draws its values from the engine's auto-increment mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Autoincrement {
    /// Yes when the column is the table's only primary-key column, of an integer type,
    /// with no default and no foreign key (SQLAlchemy's rule).
    #[default]
    Auto,
    /// Always.
    Yes,
    /// Never.
    No,
}

/// A column of a [`crate::Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The name.
    pub name: Ident,
    /// The generic type.
    pub ty: SqlType,
    /// Whether NULL is allowed (primary-key columns never are).
    pub nullable: bool,
    /// Whether the column is part of the primary key.
    pub primary_key: bool,
    /// The auto-increment setting.
    pub autoincrement: Autoincrement,
    /// A client-side default, applied by INSERT.
    pub default: Option<ClientDefault>,
    /// A server-side default (`DEFAULT …` in DDL), rendered with inline literals.
    pub server_default: Option<Expr>,
    /// A single-column UNIQUE constraint.
    pub unique: bool,
}
