//! The engine's driver adapter for MySQL and MariaDB (feature `driver`, on by
//! default), over the pure-Rust [`mysql`](https://docs.rs/mysql) client.
//!
//! [`MySqlDriver`] opens [`MySqlConnection`]s for `mysql://` and `mariadb://`
//! URLs:
//!
//! ```text
//! mysql://user:password@host:port/database?option=value&…
//! ```
//!
//! | part | default | |
//! | --- | --- | --- |
//! | host | `127.0.0.1` | |
//! | port | `3306` | |
//! | `socket` | none | connect through this unix socket instead of TCP |
//! | `connect_timeout` | none | seconds (fractions allowed) to wait for the TCP connection |
//! | `charset` | `utf8mb4` | `utf8mb4`, `utf8mb3` or `utf8`: values are bound and read as UTF-8 |
//! | `sql_mode` | `STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION` | the session's `sql_mode` |
//! | `statement_cache_size` | 256 (see [`MySqlDriver::statement_cache_size`]) | prepared statements kept per connection |
//!
//! Any other query option is refused, so a misspelt one is not silently ignored.
//! Every new session gets `SET NAMES`, the `sql_mode` and `time_zone =
//! '+00:00'` (so TIMESTAMP values are read and written in UTC). The default
//! `sql_mode` is strict (a value out of range or too long is an error, never a
//! truncation) and does not contain `NO_BACKSLASH_ESCAPES`: [`MySql`]'s literal
//! rendering (and the client's parsing of the SQL) assume backslash escapes. If
//! you set a `sql_mode` with `NO_BACKSLASH_ESCAPES`, compile with
//! [`MySql::with_no_backslash_escapes`]. `ONLY_FULL_GROUP_BY` is not set:
//! MariaDB's version of it refuses grouped queries that select columns
//! functionally dependent on the key, which PostgreSQL and MySQL 8 accept.
//!
//! Errors become [`DbError`]s with the server's error number as `code`, the
//! SQLSTATE in the message and an [`ErrorKind`]
//! from the number (duplicate key, foreign key, NOT NULL, CHECK: `Integrity`;
//! syntax, unknown table or column: `Programming`; deadlock, lock wait timeout:
//! `Transaction`; lost, refused or killed connections: `Connection`; out of
//! range, too long, incorrect value: `Data`) or else the SQLSTATE class.
//!
//! ```no_run
//! use sqlcraft::engine::{Driver, DriverConnection, IsolationLevel};
//! use sqlcraft::Value;
//! use sqlcraft_mysql::MySqlDriver;
//!
//! let driver = MySqlDriver::default();
//! let url = "mariadb://app:secret@127.0.0.1/shop?connect_timeout=5".parse().unwrap();
//! let mut conn = driver.connect(&url).unwrap();
//! conn.run_script("CREATE TABLE IF NOT EXISTS notes (id INT AUTO_INCREMENT PRIMARY KEY, body LONGTEXT)")
//!     .unwrap();
//! conn.begin(Some(IsolationLevel::ReadCommitted)).unwrap();
//! let out = conn.run("INSERT INTO notes (body) VALUES (?)", &[Value::from("it's \\ fine")]).unwrap();
//! assert_eq!(out.rows_affected, 1);
//! println!("new id {:?}", out.last_insert_id);
//! conn.commit().unwrap();
//! ```
//!
//! How values convert is described in [`MySqlConnection`] and the crate docs:
//! integers (an unsigned one past `i64::MAX` is a `Data` error, never wrapped),
//! FLOAT/DOUBLE as floats, DECIMAL as `Decimal` (feature `decimal`) or its exact
//! text, text as text, binary strings (BLOB, BINARY, VARBINARY) as bytes, DATE,
//! DATETIME, TIMESTAMP and TIME as chrono values (feature `chrono`) or ISO-8601
//! text, JSON as `Json` (feature `json`, MySQL's JSON type; MariaDB's JSON is
//! LONGTEXT and reads as text), BIT and YEAR as integers.

mod catalog;
mod connection;
mod errors;
mod options;
mod values;

pub use connection::MySqlConnection;

use crate::MySql;
use mysql::Conn;
use sqlcraft::dialect::Dialect;
use sqlcraft::engine::{CatalogQuery, DbError, Driver, DriverConnection, ErrorKind, Url};
use sqlcraft::Value;
use std::sync::Arc;

/// The driver for MySQL 8 and MariaDB 10.6+: opens [`MySqlConnection`]s for
/// `mysql://` and `mariadb://` URLs and compiles for the [`MySql`] dialect it
/// was made with (MariaDB's by default).
///
/// ```no_run
/// use sqlcraft::engine::{Driver, DriverConnection};
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::{MySql, MySqlDriver};
///
/// let driver = MySqlDriver::new(MySql::mysql8());
/// let url = "mysql://app:secret@db.local/shop?connect_timeout=5".parse().unwrap();
/// let mut conn = driver.connect(&url).unwrap();
///
/// let users = table("users");
/// let query = select(users.c("name")).from(&users).filter(users.c("id").eq(7));
/// let compiled = query.compile(&*driver.dialect()).unwrap();
/// let out = conn.run(&compiled.sql, &compiled.values().unwrap()).unwrap();
/// println!("{:?}", out.rows);
/// ```
///
/// Without a server, what can be seen is the dialect, the URL checking and a
/// refused connection's kind:
///
/// ```
/// use sqlcraft::engine::{Driver, ErrorKind, Url};
/// use sqlcraft_mysql::{MySql, MySqlDriver};
/// let driver = MySqlDriver::new(MySql::mysql8());
/// assert_eq!((driver.name(), driver.dialect().name()), ("mysql", "mysql"));
/// let typo: Url = "mysql://app@127.0.0.1:1/shop?charset=latin1".parse()?;
/// assert_eq!(driver.connect(&typo).err().map(|e| e.kind), Some(ErrorKind::Programming));
/// let closed: Url = "mysql://app@127.0.0.1:1/shop".parse()?; // nothing listens on port 1
/// assert_eq!(driver.connect(&closed).err().map(|e| e.kind), Some(ErrorKind::Connection));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MySqlDriver {
    dialect: MySql,
    statement_cache_size: usize,
}

impl Default for MySqlDriver {
    /// The driver for the MariaDB flavor of the dialect.
    fn default() -> Self {
        MySqlDriver::new(MySql::mariadb())
    }
}

impl MySqlDriver {
    /// The URL schemes this driver opens.
    ///
    /// ```
    /// assert_eq!(sqlcraft_mysql::MySqlDriver::SCHEMES, ["mysql", "mariadb"]);
    /// ```
    pub const SCHEMES: [&'static str; 2] = ["mysql", "mariadb"];

    /// The statement cache size of each connection unless set otherwise.
    ///
    /// ```
    /// assert_eq!(sqlcraft_mysql::MySqlDriver::DEFAULT_STATEMENT_CACHE_SIZE, 256);
    /// ```
    pub const DEFAULT_STATEMENT_CACHE_SIZE: usize = 256;

    /// A driver compiling for `dialect` (`MySql::mariadb()` or `MySql::mysql8()`).
    ///
    /// ```
    /// use sqlcraft::engine::Driver;
    /// use sqlcraft_mysql::{MySql, MySqlDriver};
    /// assert_eq!(MySqlDriver::new(MySql::mysql8()).dialect().name(), "mysql");
    /// assert_eq!(MySqlDriver::default().dialect().name(), "mariadb");
    /// ```
    pub const fn new(dialect: MySql) -> MySqlDriver {
        MySqlDriver {
            dialect,
            statement_cache_size: Self::DEFAULT_STATEMENT_CACHE_SIZE,
        }
    }

    /// How many prepared statements each connection keeps (least recently used
    /// out first; 0 prepares every statement each time and closes it after).
    /// A URL's `statement_cache_size` option wins over this.
    ///
    /// ```
    /// use sqlcraft_mysql::MySqlDriver;
    /// let driver = MySqlDriver::default().statement_cache_size(1024);
    /// assert_eq!(driver.get_statement_cache_size(), 1024);
    /// ```
    pub const fn statement_cache_size(mut self, size: usize) -> MySqlDriver {
        self.statement_cache_size = size;
        self
    }

    /// The statement cache size set by [`MySqlDriver::statement_cache_size`].
    ///
    /// ```
    /// assert_eq!(sqlcraft_mysql::MySqlDriver::default().get_statement_cache_size(), 256);
    /// ```
    pub const fn get_statement_cache_size(&self) -> usize {
        self.statement_cache_size
    }

    /// The dialect, as its concrete type.
    ///
    /// ```
    /// use sqlcraft_mysql::{Flavor, MySqlDriver};
    /// assert_eq!(MySqlDriver::default().mysql_dialect().flavor(), Flavor::MariaDb);
    /// ```
    pub const fn mysql_dialect(&self) -> MySql {
        self.dialect
    }

    /// Opens a connection, as [`Driver::connect`] does, returning the concrete
    /// [`MySqlConnection`] (for its [`statements_prepared`] and
    /// [`connection_id`]).
    ///
    /// [`statements_prepared`]: MySqlConnection::statements_prepared
    /// [`connection_id`]: MySqlConnection::connection_id
    ///
    /// ```no_run
    /// let url = "mariadb://app:secret@/shop?socket=/run/mysqld/mysqld.sock".parse().unwrap();
    /// let conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// println!("{}", conn.connection_id());
    /// ```
    ///
    /// The errors, without a server:
    ///
    /// ```
    /// # use sqlcraft::engine::{ErrorKind, Url};
    /// # use sqlcraft_mysql::MySqlDriver;
    /// let driver = MySqlDriver::default();
    /// let typo: Url = "mysql://app:secret@127.0.0.1:1/shop?sslmode=require".parse()?;
    /// let err = driver.open(&typo).unwrap_err();
    /// assert_eq!(err.kind, ErrorKind::Programming);
    /// assert!(err.message.contains(r#"unknown option "sslmode""#));
    /// assert!(!err.message.contains("secret"));
    /// let closed: Url = "mysql://app@127.0.0.1:1/shop".parse()?; // nothing listens on port 1
    /// let err = driver.open(&closed).unwrap_err();
    /// assert_eq!(err.kind, ErrorKind::Connection);
    /// assert!(err.message.starts_with("cannot connect to mysql://app@127.0.0.1:1/shop: "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(&self, url: &Url) -> Result<MySqlConnection, DbError> {
        if !Self::SCHEMES.contains(&url.scheme()) {
            return Err(DbError::new(
                ErrorKind::Programming,
                format!(
                    "{url}: the mysql driver opens mysql:// and mariadb:// URLs, not {}://",
                    url.scheme()
                ),
            ));
        }
        let (opts, cache_size) = options::connect_opts(url, self.statement_cache_size)?;
        let conn = Conn::new(opts).map_err(|e| {
            let mut err = errors::to_db_error(e);
            err.message = format!("cannot connect to {url}: {}", err.message);
            err
        })?;
        Ok(MySqlConnection::new(conn, cache_size))
    }
}

impl Driver for MySqlDriver {
    fn name(&self) -> &'static str {
        "mysql"
    }

    fn dialect(&self) -> Arc<dyn Dialect> {
        Arc::new(self.dialect)
    }

    fn connect(&self, url: &Url) -> Result<Box<dyn DriverConnection>, DbError> {
        Ok(Box::new(self.open(url)?))
    }

    /// `information_schema` queries, the table and schema bound as values.
    fn catalog_query(&self, query: CatalogQuery<'_>) -> Option<(String, Vec<Value>)> {
        catalog::catalog_query(query, self.dialect.flavor())
    }

    fn table_exists_query(&self, schema: Option<&str>, name: &str) -> (String, Vec<Value>) {
        match schema {
            Some(s) => (
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"
                    .to_owned(),
                vec![Value::from(s), Value::from(name)],
            ),
            None => (
                "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?"
                    .to_owned(),
                vec![Value::from(name)],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_schemes_are_refused() {
        let url: Url = "postgresql://u:secret@h/db".parse().unwrap();
        let e = MySqlDriver::default().open(&url).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Programming);
        assert!(!e.message.contains("secret"), "{e}");
    }

    #[test]
    fn table_exists_uses_the_current_database() {
        let (sql, params) = MySqlDriver::default().table_exists_query(None, "t");
        assert!(sql.contains("DATABASE()"), "{sql}");
        assert_eq!(params, vec![Value::from("t")]);
        let (sql, params) = MySqlDriver::default().table_exists_query(Some("s"), "t");
        assert!(sql.contains("table_schema = ?"), "{sql}");
        assert_eq!(params, vec![Value::from("s"), Value::from("t")]);
    }
}
