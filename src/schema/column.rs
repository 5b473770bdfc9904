//! Column definitions.

use crate::expr::{Expr, Ident};
use crate::types::SqlType;
use crate::value::Value;
use std::fmt;
use std::sync::Arc;

/// A referential action of a foreign key.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("pid", SqlType::Integer).references_named("p", "id").on_delete(FkAction::NoAction);
/// })?;
/// assert!(t.create().compile(&GenericDialect)?.sql.ends_with(r#"REFERENCES "p" ("id") ON DELETE NO ACTION)"#));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
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
    ///
    /// ```
    /// use sqlcraft::FkAction;
    /// assert_eq!(FkAction::SetDefault.keyword(), "SET DEFAULT");
    /// assert_eq!(FkAction::Cascade.keyword(), "CASCADE");
    /// ```
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
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::schema::ClientDefault;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| { t.column("n", SqlType::Integer).default(5); })?;
/// assert_eq!(t.column("n").unwrap().default, Some(ClientDefault::Value(Value::Int(5))));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Clone)]
pub enum ClientDefault {
    /// A fixed value.
    Value(Value),
    /// A function called once per inserted row (a UUID generator, a clock…).
    Fn(Arc<dyn Fn() -> Value + Send + Sync>),
}

impl ClientDefault {
    /// The value for one row.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicI64, Ordering};
    /// use sqlcraft::Value;
    /// use sqlcraft::schema::ClientDefault;
    /// assert_eq!(ClientDefault::Value(Value::from("x")).produce(), Value::from("x"));
    /// let n = Arc::new(AtomicI64::new(0));
    /// let counter = ClientDefault::Fn(Arc::new(move || Value::Int(n.fetch_add(1, Ordering::SeqCst) + 1)));
    /// assert_eq!((counter.produce(), counter.produce()), (Value::Int(1), Value::Int(2)));
    /// ```
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
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::schema::Autoincrement;
/// # let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("seq", SqlType::Integer).autoincrement(true);
/// })?;
/// assert_eq!(t.column("id").unwrap().autoincrement, Autoincrement::Auto);
/// assert_eq!(t.column("seq").unwrap().autoincrement, Autoincrement::Yes);
/// // An explicit `Yes` wins over the primary key's `Auto`.
/// assert_eq!(t.def().autoincrement_column().unwrap().name.as_ref(), "seq");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
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
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("email", SqlType::string(100)).unique();
/// })?;
/// let (id, email) = (t.column("id").unwrap(), t.column("email").unwrap());
/// assert!(id.primary_key && !id.nullable);
/// assert!(email.unique && email.nullable);
/// assert_eq!(email.ty, SqlType::string(100));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
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
    /// A generated column's expression: the database computes the value, and
    /// INSERT and UPDATE refuse to set it.
    pub computed: Option<Computed>,
    /// A comment kept by the database with the column's definition.
    pub comment: Option<String>,
    /// What an UPDATE that does not set the column sets it to.
    pub onupdate: Option<OnUpdate>,
}

/// What an UPDATE sets a column to when the statement does not set it
/// ([`crate::schema::ColumnBuilder::onupdate`], SQLAlchemy's `onupdate=`).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::schema::OnUpdate;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| { t.column("at", SqlType::datetime()).onupdate(func::now()); })?;
/// assert_eq!(t.column("at").unwrap().onupdate, Some(OnUpdate::Expr(func::now())));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Clone)]
pub enum OnUpdate {
    /// An expression (a value, `func::now()`, `version + 1`), evaluated by the
    /// statement.
    Expr(Expr),
    /// A function called once per execution, its value bound.
    Fn(Arc<dyn Fn() -> Value + Send + Sync>),
}

impl fmt::Debug for OnUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OnUpdate::Expr(e) => f.debug_tuple("Expr").field(e).finish(),
            OnUpdate::Fn(_) => f.write_str("Fn(..)"),
        }
    }
}

impl PartialEq for OnUpdate {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (OnUpdate::Expr(a), OnUpdate::Expr(b)) => a == b,
            (OnUpdate::Fn(a), OnUpdate::Fn(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// How a generated column is computed ([`crate::schema::ColumnBuilder::computed`],
/// SQLAlchemy's `Computed`).
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("price", SqlType::Integer);
///     t.column("qty", SqlType::Integer);
///     let total = t.c("price") * t.c("qty");
///     t.column("total", SqlType::Integer).computed(total);
/// })?;
/// let computed = t.column("total").unwrap().computed.as_ref().unwrap();
/// assert!(computed.stored);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// The expression, over columns of the same table, written with inline
    /// literals.
    pub expr: Expr,
    /// STORED (computed on write and kept) rather than VIRTUAL (computed on read).
    pub stored: bool,
}
