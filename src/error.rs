//! The one error type of the core crate.

use std::borrow::Cow;

/// Everything that can go wrong while building, validating or compiling a statement.
///
/// Every variant carries the context a user needs to fix the input: the dialect and
/// construct for an unsupported feature, the table and column for an unknown column,
/// and so on. The enum is `#[non_exhaustive]` so that new failure modes can be added
/// without a breaking change.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
///
/// let mut meta = MetaData::new();
/// let users = meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); }).unwrap();
/// let err = select(users.c("nope")).compile(&GenericDialect).unwrap_err();
/// assert!(matches!(err, Error::UnknownColumn { .. }));
/// assert_eq!(err.to_string(), "table \"users\" has no column \"nope\"");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The dialect cannot express the construct and does not emulate it.
    #[error("the {dialect} dialect does not support {construct}")]
    Unsupported {
        /// The dialect's name, as [`crate::Dialect::name`] gives it.
        dialect: &'static str,
        /// What could not be rendered.
        construct: Cow<'static, str>,
    },
    /// A column name that the table, alias, subquery or CTE does not have.
    #[error("table {table:?} has no column {column:?}")]
    UnknownColumn {
        /// The table (or alias, subquery, CTE) that was asked.
        table: String,
        /// The column name that was not found.
        column: String,
    },
    /// An identifier that is empty or otherwise unusable.
    #[error("invalid identifier {ident:?}: {reason}")]
    InvalidIdentifier {
        /// The offending identifier.
        ident: String,
        /// Why it was refused.
        reason: Cow<'static, str>,
    },
    /// A statement that is structurally wrong whatever the dialect.
    #[error("invalid statement: {0}")]
    InvalidStatement(Cow<'static, str>),
    /// A schema definition that is inconsistent (duplicate column, bad foreign key …).
    #[error("invalid schema: {0}")]
    InvalidSchema(String),
    /// The tables' foreign keys form a cycle, so no CREATE order exists.
    #[error("foreign keys form a cycle between tables {tables:?}; break it before creating them")]
    DependencyCycle {
        /// The tables on the cycle.
        tables: Vec<String>,
    },
    /// A named bind parameter had no value when the statement's values were requested.
    #[error("no value supplied for bind parameter {name:?}")]
    MissingBindParam {
        /// The parameter's name.
        name: String,
    },
    /// A value was supplied for a bind parameter the statement does not have.
    #[error("statement has no bind parameter named {name:?}")]
    UnknownBindParam {
        /// The name that was supplied.
        name: String,
    },
    /// The `text()` SQL could not be parsed for its `:name` parameters.
    #[error("invalid text() SQL: {0}")]
    InvalidText(String),
    /// The statement nests deeper than the compiler allows.
    #[error("statement nests deeper than {limit} levels")]
    TooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// The database or its driver reported an error (see [`crate::engine::DbError::kind`]).
    #[error(transparent)]
    Database(Box<crate::engine::DbError>),
    /// A database URL could not be parsed.
    #[error(transparent)]
    Url(#[from] crate::engine::UrlError),
    /// No connection became free within the pool's checkout timeout.
    #[error("timed out after {waited:.2?} waiting for a connection from the pool ({detail})")]
    PoolTimeout {
        /// How long the checkout waited.
        waited: std::time::Duration,
        /// The pool's state, and the last connection error if any.
        detail: String,
    },
    /// The connection was closed or returned to the pool.
    #[error("the connection is closed")]
    ConnectionClosed,
    /// `one()` or `scalar_one()` found no row.
    #[error("the query returned no rows where exactly one was expected")]
    NoRows,
    /// `one()`, `one_or_none()` or `scalar_one()` found several rows.
    #[error("the query returned more than one row where at most one was expected")]
    MultipleRows,
    /// A column's value could not be converted to the requested type.
    #[error("column {column}: {message}")]
    Decode {
        /// The column name or index.
        column: String,
        /// What went wrong.
        message: String,
    },
    /// [`crate::engine::Connection::driver_connection`] asked for a type that the
    /// driver's connection is not, or the driver exposes none.
    #[error("the {driver} driver's connection is not a {requested}")]
    DriverConnectionType {
        /// The driver's name, as [`crate::engine::Driver::name`] gives it.
        driver: &'static str,
        /// The type that was asked for.
        requested: &'static str,
    },
    /// A before-execute event handler refused the statement.
    #[error("statement refused by a before_execute handler: {0}")]
    Rejected(String),
    /// Reflection found no table of this name.
    #[error("no table {0:?} in the database")]
    NoSuchTable(String),
    /// Reflection read a definition it cannot represent (a column type the
    /// dialect does not map, an unknown catalog value).
    #[error("reflection: {0}")]
    Reflection(String),
}

impl From<crate::engine::DbError> for Error {
    fn from(e: crate::engine::DbError) -> Self {
        Error::Database(Box::new(e))
    }
}

/// Shorthand for `Result<T, sqlcraft::Error>`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// fn sql(q: &Select) -> sqlcraft::Result<String> {
///     Ok(q.compile(&GenericDialect)?.sql)
/// }
/// assert_eq!(sql(&select(lit(1))).unwrap(), "SELECT ? AS \"anon_1\"");
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::Unsupported`].
    ///
    /// ```
    /// use sqlcraft::Error;
    /// let e = Error::unsupported("mydb", "LATERAL joins");
    /// assert!(matches!(&e, Error::Unsupported { dialect: "mydb", construct } if construct == "LATERAL joins"));
    /// assert_eq!(e.to_string(), "the mydb dialect does not support LATERAL joins");
    /// ```
    pub fn unsupported(dialect: &'static str, construct: impl Into<Cow<'static, str>>) -> Self {
        Error::Unsupported {
            dialect,
            construct: construct.into(),
        }
    }

    /// The database error's kind, when this is a database error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::engine::ErrorKind;
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.execute(&text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))?;
    /// conn.execute(&text("INSERT INTO t VALUES (1)"))?;
    /// let err = conn.execute(&text("INSERT INTO t VALUES (1)")).unwrap_err();
    /// assert_eq!(err.db_kind(), Some(ErrorKind::Integrity));
    /// assert_eq!(Error::NoRows.db_kind(), None);
    /// # Ok(()) }
    /// ```
    pub fn db_kind(&self) -> Option<crate::engine::ErrorKind> {
        match self {
            Error::Database(e) => Some(e.kind),
            _ => None,
        }
    }

    /// Builds an [`Error::InvalidStatement`].
    ///
    /// ```
    /// use sqlcraft::Error;
    /// let e = Error::invalid("a VALUES list needs at least one row");
    /// assert_eq!(e, Error::InvalidStatement("a VALUES list needs at least one row".into()));
    /// assert_eq!(e.to_string(), "invalid statement: a VALUES list needs at least one row");
    /// ```
    pub fn invalid(msg: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidStatement(msg.into())
    }
}
