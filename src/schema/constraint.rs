//! Table constraints and indexes.

use super::column::FkAction;
use crate::expr::{Expr, Ident};

/// A foreign key.
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("pid", SqlType::Integer).references_named("p", "id").on_delete(FkAction::Cascade);
/// })?;
/// let fk = &t.def().foreign_keys[0];
/// assert_eq!((fk.columns[0].as_ref(), fk.ref_table.as_ref(), fk.ref_columns[0].as_ref()), ("pid", "p", "id"));
/// assert_eq!((fk.on_delete, fk.on_update), (Some(FkAction::Cascade), None));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
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
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("a", SqlType::Integer);
///     t.column("b", SqlType::Integer);
///     t.unique_named("uq_ab", ["a", "b"]);
/// })?;
/// let u = &t.def().uniques[0];
/// assert_eq!(u.name.as_deref(), Some("uq_ab"));
/// assert_eq!(u.columns.len(), 2);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueConstraint {
    /// The constraint name, if any.
    pub name: Option<Ident>,
    /// The columns.
    pub columns: Vec<Ident>,
}

/// A CHECK constraint; its expression is rendered with inline literals.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("status", SqlType::Text);
///     t.check("ck_status", t.c("status").in_(["new", "done"]));
/// })?;
/// assert_eq!(t.def().checks[0].name.as_deref(), Some("ck_status"));
/// // Values are written inline, as DDL cannot take parameters.
/// assert!(t.create().compile(&GenericDialect)?.sql.contains(r#"CHECK ("status" IN ('new', 'done'))"#));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CheckConstraint {
    /// The constraint name, if any.
    pub name: Option<Ident>,
    /// The condition.
    pub expr: Expr,
}

/// An index on one or more columns.
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("a", SqlType::Integer);
///     t.unique_index("ux_a", ["a"]);
/// })?;
/// let ix = &t.indexes()[0];
/// assert_eq!((ix.name.as_ref(), ix.table.as_ref(), ix.unique), ("ux_a", "t", true));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
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
    /// A partial index's condition: only the rows it keeps are indexed
    /// ([`crate::schema::TableBuilder::index_where`]).
    pub where_: Option<crate::Expr>,
    /// The key parts of an index on expressions
    /// ([`crate::schema::TableBuilder::index_on`]); `columns` is then empty.
    pub expressions: Vec<crate::Expr>,
}
