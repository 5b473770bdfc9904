//! The SQLite driver adapter: runs the engine's SQL through
//! [rusqlite](https://docs.rs/rusqlite) on a bundled SQLite (feature `driver`, on
//! by default).
//!
//! ```
//! use sqlcraft::engine::{Driver, Url};
//! use sqlcraft::prelude::*;
//! use sqlcraft_sqlite::{Sqlite, SqliteDriver};
//!
//! let mut meta = MetaData::new();
//! let users = meta.table("users", |t| {
//!     t.column("id", SqlType::Integer).primary_key();
//!     t.column("name", SqlType::string(50)).not_null();
//! })?;
//!
//! let mut conn = SqliteDriver.connect(&"sqlite:///:memory:".parse::<Url>()?)?;
//! for ddl in meta.create_statements(false)? {
//!     let c = ddl.compile(&Sqlite)?;
//!     conn.run(&c.sql, &c.values()?)?;
//! }
//! let c = insert(&users).value("name", "ann").returning(users.c("id")).compile(&Sqlite)?;
//! let out = conn.run(&c.sql, &c.values()?)?;
//! assert_eq!(out.rows, vec![vec![Value::Int(1)]]);
//! assert_eq!(out.last_insert_id, Some(1));
//!
//! let c = select(users.c("name")).from(&users).filter(users.c("id").eq(1)).compile(&Sqlite)?;
//! assert_eq!(conn.run(&c.sql, &c.values()?)?.rows, vec![vec![Value::from("ann")]]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # URLs
//!
//! | URL                              | database                                   |
//! |----------------------------------|--------------------------------------------|
//! | `sqlite:///relative/path.db`     | a file, relative to the working directory  |
//! | `sqlite:////absolute/path.db`    | a file, absolute path                      |
//! | `sqlite:///:memory:`, `sqlite://`| a private in-memory database                |
//!
//! The path is taken literally (no `file:` URI interpretation). The scheme may name
//! the driver (`sqlite+rusqlite://`); a URL with a host, port or user is refused.
//! Every connection to an in-memory URL is a database of its own, so
//! [`SqliteDriver::is_private_database`] says so and the engine shares one
//! connection.
//!
//! Query options (anything else is refused, so a typo is not silently ignored):
//!
//! | option                   | values                                  | default |
//! |--------------------------|-----------------------------------------|---------|
//! | `mode`                   | `ro` (read-only), `rw` (file must exist), `rwc` (created if missing) | `rwc` |
//! | `timeout`                | busy timeout in seconds (`0.5`, `0` = fail at once) | `5` |
//! | `foreign_keys`           | `on` / `off`                            | `on`    |
//! | `journal_mode`           | `delete`, `truncate`, `persist`, `memory`, `wal`, `off` | SQLite's (`delete`) |
//! | `statement_cache_size`   | prepared statements kept per connection | `256`   |
//!
//! **Foreign keys are enforced by default**: every connection runs
//! `PRAGMA foreign_keys = ON`. SQLite (and SQLAlchemy) leave them off for backward
//! compatibility, which lets `REFERENCES` constraints be violated silently; data
//! integrity is sqlcraft's standard. `foreign_keys=off` restores SQLite's behaviour.
//!
//! # Values
//!
//! See [`SqliteConnection`] for row counts, insert ids and transactions.
//! Parameters are bound as SQLite storage classes: `Bool` as 0/1; dates and times
//! as ISO-8601 text in SQLAlchemy's formats (`2024-01-02`, `12:34:56.789000`,
//! `2024-01-02 12:34:56.789000`, UTC instants with `+00:00`); UUIDs as hyphenated
//! text; JSON as compact text; decimals as exact text. Result columns come back by
//! storage class (INTEGER → `Int`, REAL → `Float`, TEXT → `Text`, BLOB → `Bytes`,
//! NULL → `Null`); turning text back into dates is the caller's business, since
//! SQLite keeps no such type.
//!
//! Column affinity still applies after binding: text that reads as a number,
//! stored in a column of NUMERIC affinity (`NUMERIC`, `DECIMAL`, `BOOLEAN`,
//! `DATETIME`, …), becomes an INTEGER or REAL, so a `Decimal` keeps its exact text
//! (`1.10`, more than 15 significant digits) only in a TEXT column. Date and time
//! texts do not read as numbers and stay text in a DATETIME column.
//!
//! **NaN is refused** with a Data error: SQLite stores a NaN REAL as NULL, which
//! would lose the value silently (and turn a NOT NULL violation into a confusing
//! integrity error). Infinities are stored and read back as they are.
//!
//! # Errors
//!
//! Every error is a [`DbError`] carrying the SQL, a kind
//! and the extended result code's name (`SQLITE_CONSTRAINT_UNIQUE`): constraint
//! violations are Integrity; busy or locked databases Transaction; a file that
//! cannot be opened, is not a database, is corrupt or fails I/O Connection (and the
//! connection then reports itself broken); type mismatches and oversized values
//! Data; invalid SQL, unknown tables or columns and wrong parameter counts
//! Programming.

mod catalog;
mod connection;
mod errors;
mod functions;
mod options;
mod values;

pub use connection::SqliteConnection;

use crate::Sqlite;
use sqlcraft::dialect::Dialect;
use sqlcraft::engine::{CatalogQuery, DbError, Driver, DriverConnection, Url};
use sqlcraft::Value;
use std::sync::Arc;

/// The SQLite driver (rusqlite, bundled SQLite): opens [`SqliteConnection`]s for
/// `sqlite://` URLs. See the [module documentation](self) for URLs and options.
///
/// ```
/// use sqlcraft::engine::{Driver, Url};
/// use sqlcraft_sqlite::SqliteDriver;
///
/// let driver = SqliteDriver;
/// assert_eq!(driver.name(), "rusqlite");
/// assert_eq!(driver.dialect().name(), "sqlite");
/// assert!(driver.is_private_database(&"sqlite:///:memory:".parse::<Url>()?));
/// assert!(!driver.is_private_database(&"sqlite:///app.db".parse::<Url>()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SqliteDriver;

impl Driver for SqliteDriver {
    fn name(&self) -> &'static str {
        "rusqlite"
    }

    fn dialect(&self) -> Arc<dyn Dialect> {
        Arc::new(Sqlite)
    }

    fn connect(&self, url: &Url) -> Result<Box<dyn DriverConnection>, DbError> {
        Ok(Box::new(SqliteConnection::open(url)?))
    }

    /// True for `sqlite://` and `sqlite:///:memory:`: each connection opens a
    /// database of its own.
    fn is_private_database(&self, url: &Url) -> bool {
        url.scheme() == "sqlite" && options::is_memory(url)
    }

    /// SQLite's table-valued PRAGMA functions (`pragma_table_xinfo`,
    /// `pragma_foreign_key_list`, `pragma_index_list`), the table and schema
    /// bound as values.
    ///
    /// ```
    /// use sqlcraft::engine::{CatalogQuery, Driver};
    /// use sqlcraft::Value;
    /// let q = CatalogQuery::PrimaryKey { schema: None, table: "users" };
    /// let (sql, params) = sqlcraft_sqlite::SqliteDriver.catalog_query(q).unwrap();
    /// assert!(sql.contains("pragma_table_info(?1, ?2)"));
    /// assert_eq!(params, vec![Value::from("users"), Value::from("main")]);
    /// ```
    fn catalog_query(&self, query: CatalogQuery<'_>) -> Option<(String, Vec<Value>)> {
        catalog::catalog_query(query)
    }

    /// `SELECT 1 FROM [schema.]sqlite_master WHERE type = 'table' AND name = ?`,
    /// compared without regard to ASCII case as SQLite resolves table names. The
    /// schema (an attached database's name) is quoted as an identifier, never
    /// spliced in raw.
    ///
    /// ```
    /// use sqlcraft::engine::Driver;
    /// use sqlcraft::Value;
    /// use sqlcraft_sqlite::SqliteDriver;
    ///
    /// let (sql, params) = SqliteDriver.table_exists_query(Some("aux\"x"), "users");
    /// assert_eq!(
    ///     sql,
    ///     r#"SELECT 1 FROM "aux""x".sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE"#
    /// );
    /// assert_eq!(params, vec![Value::from("users")]);
    /// ```
    fn table_exists_query(&self, schema: Option<&str>, name: &str) -> (String, Vec<Value>) {
        let mut sql = String::from("SELECT 1 FROM ");
        if let Some(schema) = schema {
            Sqlite.write_identifier(schema, &mut sql);
            sql.push('.');
        }
        sql.push_str("sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE");
        (sql, vec![Value::from(name)])
    }
}
