//! The contract between the engine and a database driver adapter.
//!
//! An adapter (in a dialect crate, behind its default feature) implements
//! [`Driver`] to open connections and [`DriverConnection`] to run SQL on one. The
//! engine does everything else: compiling through the cache, pooling,
//! transactions, events, echo and results. Both traits are object-safe: the engine
//! holds `Arc<dyn Driver>` and `Box<dyn DriverConnection>`, so one [`super::Engine`]
//! type serves every driver.

use super::inspect::CatalogQuery;
use super::result::Row;
use super::url::Url;
use crate::dialect::Dialect;
use crate::value::Value;
use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// What kind of failure a database error is, so callers can react without parsing
/// messages.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::ErrorKind;
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY)", &[])?;
/// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
/// let dup = conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[]).unwrap_err();
/// assert_eq!(dup.db_kind(), Some(ErrorKind::Integrity));
/// let typo = conn.exec_driver_sql("SELEC 1", &[]).unwrap_err();
/// assert_eq!(typo.db_kind(), Some(ErrorKind::Programming));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A constraint was violated: unique, foreign key, NOT NULL, CHECK
    /// (SQLSTATE class 23).
    Integrity,
    /// The connection failed, was lost or was refused (authentication included);
    /// the operation may be retried on another.
    Connection,
    /// The SQL or its use was wrong: syntax, unknown table/column, wrong parameter
    /// count (SQLSTATE classes 42 and 0A).
    Programming,
    /// A value could not be converted: out of range, wrong type, invalid text
    /// (SQLSTATE class 22).
    Data,
    /// A transaction could not complete: deadlock, serialization failure, lock
    /// wait timeout (SQLSTATE class 40).
    Transaction,
    /// Anything else.
    Other,
}

/// An error reported by the database or the driver, with the SQL that caused it.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::ErrorKind;
/// use sqlcraft::Error;
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY)", &[])?;
/// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
/// let Err(Error::Database(e)) = conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[]) else { panic!() };
/// assert_eq!(e.kind, ErrorKind::Integrity);
/// assert_eq!(e.code.as_deref(), Some("SQLITE_CONSTRAINT_PRIMARYKEY"));
/// assert_eq!(e.sql.as_deref(), Some("INSERT INTO t VALUES (1)"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// The driver's message.
    pub message: String,
    /// The SQLSTATE or the engine's own error code, when known.
    pub code: Option<String>,
    /// The SQL being run, when there was one.
    pub sql: Option<String>,
}

impl DbError {
    /// A new error without SQL attached.
    ///
    /// ```
    /// use sqlcraft::engine::{DbError, ErrorKind};
    /// let e = DbError::new(ErrorKind::Connection, "server closed the connection");
    /// assert!(e.code.is_none() && e.sql.is_none());
    /// assert_eq!(e.to_string(), "Connection error: server closed the connection");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> DbError {
        DbError {
            kind,
            message: message.into(),
            code: None,
            sql: None,
        }
    }

    /// Attaches the error code.
    ///
    /// ```
    /// use sqlcraft::engine::{DbError, ErrorKind};
    /// let e = DbError::new(ErrorKind::Integrity, "duplicate key").with_code("23505");
    /// assert_eq!(e.code.as_deref(), Some("23505"));
    /// assert_eq!(e.to_string(), "Integrity error [23505]: duplicate key");
    /// ```
    pub fn with_code(mut self, code: impl Into<String>) -> DbError {
        self.code = Some(code.into());
        self
    }

    /// Attaches the SQL.
    ///
    /// ```
    /// use sqlcraft::engine::{DbError, ErrorKind};
    /// let e = DbError::new(ErrorKind::Programming, "no such table: t").with_sql("SELECT * FROM t");
    /// assert_eq!(e.sql.as_deref(), Some("SELECT * FROM t"));
    /// assert_eq!(e.to_string(), "Programming error: no such table: t\n[SQL: SELECT * FROM t]");
    /// ```
    pub fn with_sql(mut self, sql: &str) -> DbError {
        self.sql = Some(sql.to_owned());
        self
    }

    /// The kind for a five-character SQLSTATE, by its class (first two characters).
    ///
    /// ```
    /// use sqlcraft::engine::{DbError, ErrorKind};
    /// assert_eq!(DbError::kind_for_sqlstate("23505"), ErrorKind::Integrity);
    /// assert_eq!(DbError::kind_for_sqlstate("42P01"), ErrorKind::Programming);
    /// assert_eq!(DbError::kind_for_sqlstate("40001"), ErrorKind::Transaction);
    /// assert_eq!(DbError::kind_for_sqlstate("08006"), ErrorKind::Connection);
    /// assert_eq!(DbError::kind_for_sqlstate("22003"), ErrorKind::Data);
    /// assert_eq!(DbError::kind_for_sqlstate("XX000"), ErrorKind::Other);
    /// ```
    pub fn kind_for_sqlstate(state: &str) -> ErrorKind {
        match state.get(..2) {
            Some("23") => ErrorKind::Integrity,
            Some("08") | Some("57") | Some("28") => ErrorKind::Connection,
            Some("42") | Some("0A") | Some("07") | Some("26") | Some("34") => {
                ErrorKind::Programming
            }
            Some("22") => ErrorKind::Data,
            Some("40") => ErrorKind::Transaction,
            _ => ErrorKind::Other,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} error", self.kind)?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(sql) = &self.sql {
            write!(f, "\n[SQL: {sql}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for DbError {}

/// Transaction isolation levels, for [`EngineBuilder::isolation_level`](super::EngineBuilder::isolation_level)
/// and [`ExecutionOptions::isolation_level`](super::ExecutionOptions::isolation_level).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::IsolationLevel;
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
///     .isolation_level(IsolationLevel::Serializable)
///     .build()?;
/// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 1"))?.scalar_one()?;
/// assert_eq!(n, 1);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED`.
    ReadUncommitted,
    /// `READ COMMITTED`.
    ReadCommitted,
    /// `REPEATABLE READ`.
    RepeatableRead,
    /// `SERIALIZABLE`.
    Serializable,
    /// No transaction at all: every statement commits on its own, as
    /// SQLAlchemy's `isolation_level="AUTOCOMMIT"`. For statements that refuse
    /// to run in a transaction: SQLite's `VACUUM`, PostgreSQL's `VACUUM`,
    /// `CREATE DATABASE` and `CREATE INDEX CONCURRENTLY`.
    ///
    /// The engine then sends no `BEGIN`: `commit` and `rollback` have nothing
    /// to do, and [`Engine::begin`](super::Engine::begin) groups its
    /// statements without making them atomic (an error in it leaves what ran
    /// before committed). A savepoint, which needs a transaction, is an
    /// error. Never passed to [`DriverConnection::begin`].
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::{ExecutionOptions, IsolationLevel};
    /// let dir = std::env::temp_dir().join(format!("sqlcraft-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let url = format!("sqlite:///{}", dir.join("autocommit.db").display());
    /// let engine = sqlcraft_sqlite::create_engine(&url)?;
    /// let mut conn = engine.connect()?;
    /// conn.set_execution_options(ExecutionOptions {
    ///     isolation_level: Some(IsolationLevel::Autocommit),
    ///     ..Default::default()
    /// });
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("VACUUM", &[])?; // refused inside a transaction
    /// assert!(!conn.in_transaction());
    /// drop(conn); // nothing to roll back: the table stays
    /// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()?;
    /// assert_eq!(n, 0);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok(()) }
    /// ```
    Autocommit,
}

impl IsolationLevel {
    /// The SQL spelling.
    ///
    /// ```
    /// use sqlcraft::engine::IsolationLevel;
    /// assert_eq!(IsolationLevel::RepeatableRead.as_sql(), "REPEATABLE READ");
    /// assert_eq!(IsolationLevel::ReadUncommitted.as_sql(), "READ UNCOMMITTED");
    /// ```
    pub fn as_sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
            IsolationLevel::Autocommit => "AUTOCOMMIT",
        }
    }
}

/// What running one statement produced.
///
/// ```
/// use sqlcraft::engine::{Driver, DriverConnection, Url};
/// use sqlcraft::Value;
/// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
/// conn.run_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")?;
/// let out = conn.run("INSERT INTO t (name) VALUES (?) RETURNING id, name", &[Value::from("ann")])?;
/// assert_eq!(&*out.columns, ["id", "name"]);
/// assert_eq!(out.rows, vec![vec![Value::Int(1), Value::from("ann")]]);
/// assert_eq!(out.rows[0].get::<String, _>("name")?, "ann");
/// assert_eq!((out.rows_affected, out.last_insert_id), (1, Some(1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Column names of the result set (empty when the statement returns none).
    pub columns: Arc<[String]>,
    /// The rows, each as wide as `columns` and holding them
    /// ([`Row::new`]`(Arc::clone(&columns), values)`): the engine hands them
    /// to the caller as they are.
    pub rows: Vec<Row>,
    /// Rows inserted, updated or deleted (the driver's count; 0 for queries).
    pub rows_affected: u64,
    /// The id generated by the last INSERT, where the driver reports one.
    pub last_insert_id: Option<i64>,
}

/// Where [`DriverConnection::run_streaming`] hands each row as it is read,
/// with the column names; it returns false to stop the reading.
///
/// ```
/// use sqlcraft::engine::RowSink;
/// use sqlcraft::Value;
/// let mut rows = Vec::new();
/// let mut collect = |_: &std::sync::Arc<[String]>, row: Vec<Value>| {
///     rows.push(row);
///     true
/// };
/// let sink: RowSink<'_> = &mut collect;
/// assert!(sink(&vec!["n".to_owned()].into(), vec![Value::Int(1)]));
/// ```
pub type RowSink<'a> = &'a mut dyn FnMut(&Arc<[String]>, Vec<Value>) -> bool;

/// One open connection of a driver.
///
/// Implementations keep a prepared-statement cache keyed by the SQL text (the
/// engine sends the same text for every execution of a statement shape), convert
/// [`Value`]s to the driver's types and back without losing data (an out-of-range
/// value is an [`ErrorKind::Data`] error, never a silent wrap), and map every
/// driver error to a [`DbError`] with its kind, code and the SQL.
///
/// The engine drives it; it can also be used directly, as here with the SQLite
/// adapter's connection:
///
/// ```
/// use sqlcraft::engine::{Driver, DriverConnection, Url};
/// use sqlcraft::Value;
/// let mut conn: Box<dyn DriverConnection> =
///     sqlcraft_sqlite::SqliteDriver.connect(&"sqlite:///:memory:".parse::<Url>()?)?;
/// let out = conn.run("SELECT ? * 2 AS n", &[Value::Int(21)])?;
/// assert_eq!(out.rows, vec![vec![Value::Int(42)]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait DriverConnection: Send + 'static {
    /// Runs one statement with values in placeholder order, returning its rows
    /// (if any), the affected-row count and the last insert id.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// conn.run_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")?;
    /// let out = conn.run("INSERT INTO t (name) VALUES (?)", &[Value::from("ann")])?;
    /// assert_eq!((out.rows_affected, out.last_insert_id), (1, Some(1)));
    /// let out = conn.run("SELECT name FROM t WHERE id = ?", &[Value::Int(1)])?;
    /// assert_eq!(out.rows, vec![vec![Value::from("ann")]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn run(&mut self, sql: &str, params: &[Value]) -> Result<Outcome, DbError>;

    /// As [`DriverConnection::run`], with the values borrowed (from the statement
    /// that was compiled): the engine's path, which therefore never clones a value
    /// to execute it. The default clones them and calls `run`; adapters override it
    /// to bind the borrowed values directly.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// let (a, b) = (Value::Int(40), Value::Int(2));
    /// let out = conn.run_refs("SELECT ? + ?", &[&a, &b])?;
    /// assert_eq!(out.rows, vec![vec![Value::Int(42)]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn run_refs(&mut self, sql: &str, params: &[&Value]) -> Result<Outcome, DbError> {
        let owned: Vec<Value> = params.iter().map(|v| (*v).clone()).collect();
        self.run(sql, &owned)
    }

    /// As [`DriverConnection::run_refs`], handing each row to `row` as the
    /// driver reads it instead of collecting them: the engine's
    /// [`Connection::stream`](super::Connection::stream), for results larger than
    /// memory. `row` gets the column names with each row, and returns false to
    /// stop reading (the rest of the result is then discarded). The returned
    /// [`Outcome`] has no rows.
    ///
    /// The default runs the statement through `run_refs` and hands over the
    /// collected rows, for drivers that cannot read a result piecemeal; the
    /// built-in adapters read row by row.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// let mut seen = Vec::new();
    /// let sql = "SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3";
    /// let out = conn.run_streaming(sql, &[], &mut |columns, row| {
    ///     assert_eq!(&columns[..], ["n"]);
    ///     seen.extend(row);
    ///     seen.len() < 2 // stops after the second row
    /// })?;
    /// assert!(out.rows.is_empty());
    /// assert_eq!(seen, [Value::Int(1), Value::Int(2)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn run_streaming(
        &mut self,
        sql: &str,
        params: &[&Value],
        row: RowSink<'_>,
    ) -> Result<Outcome, DbError> {
        let mut out = self.run_refs(sql, params)?;
        for r in std::mem::take(&mut out.rows) {
            if !row(&out.columns, r.into_values()) {
                break;
            }
        }
        Ok(out)
    }

    /// Runs SQL text without parameters and without preparing it (transaction
    /// control, `SET`, `PRAGMA`, DDL).
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// conn.run_script("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)")?;
    /// assert_eq!(conn.run("SELECT count(*) FROM t", &[])?.rows, vec![vec![Value::Int(2)]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn run_script(&mut self, sql: &str) -> Result<(), DbError>;

    /// Starts a transaction, at the given isolation level if any (never
    /// [`IsolationLevel::Autocommit`]: at that level the engine begins none).
    ///
    /// ```
    /// use sqlcraft::engine::IsolationLevel;
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// conn.run_script("CREATE TABLE t (x INTEGER)")?;
    /// conn.begin(Some(IsolationLevel::Serializable))?;
    /// conn.run("INSERT INTO t VALUES (?)", &[Value::Int(1)])?;
    /// conn.rollback()?;
    /// assert_eq!(conn.run("SELECT count(*) FROM t", &[])?.rows, vec![vec![Value::Int(0)]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn begin(&mut self, isolation: Option<IsolationLevel>) -> Result<(), DbError>;

    /// Commits the current transaction.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// conn.run_script("CREATE TABLE t (x INTEGER)")?;
    /// conn.begin(None)?;
    /// conn.run("INSERT INTO t VALUES (?)", &[Value::Int(1)])?;
    /// conn.commit()?;
    /// assert_eq!(conn.run("SELECT count(*) FROM t", &[])?.rows, vec![vec![Value::Int(1)]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn commit(&mut self) -> Result<(), DbError>;

    /// Rolls back the current transaction.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// conn.run_script("CREATE TABLE t (x INTEGER)")?;
    /// conn.begin(None)?;
    /// conn.run("INSERT INTO t VALUES (?)", &[Value::Int(1)])?;
    /// conn.rollback()?;
    /// assert!(conn.run("SELECT x FROM t", &[])?.rows.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn rollback(&mut self) -> Result<(), DbError>;

    /// A cheap round trip proving the connection works (pre-ping).
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// assert!(conn.ping().is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn ping(&mut self) -> Result<(), DbError>;

    /// Whether the driver already knows the connection is unusable.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// assert!(conn.run("SELEC 1", &[]).is_err()); // a bad statement does not break it
    /// assert!(!conn.is_broken());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn is_broken(&self) -> bool {
        false
    }

    /// The driver's own connection object (`rusqlite::Connection`,
    /// `postgres::Client`, `mysql::Conn` for the built-in adapters), for
    /// [`Connection::driver_connection`](super::Connection::driver_connection).
    /// `None`, the default, for an adapter that does not expose one.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, DriverConnection, Url};
    /// let mut conn = sqlcraft_sqlite::SqliteDriver.connect(&"sqlite://".parse::<Url>()?)?;
    /// let raw = conn.driver_connection().unwrap();
    /// let sqlite = raw.downcast_mut::<rusqlite::Connection>().unwrap();
    /// assert!(sqlite.is_autocommit());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn driver_connection(&mut self) -> Option<&mut dyn Any> {
        None
    }
}

/// A database driver: opens connections for URLs of its schemes.
///
/// An engine is built on one ([`Engine::builder`](super::Engine::builder)):
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::Engine;
/// let engine = Engine::builder(sqlcraft_sqlite::SqliteDriver, "sqlite:///:memory:")?.build()?;
/// assert_eq!((engine.driver_name(), engine.dialect().name()), ("rusqlite", "sqlite"));
/// # Ok(()) }
/// ```
pub trait Driver: Send + Sync + 'static {
    /// The driver's name, for logs and errors (`"rusqlite"`, `"postgres"`, `"mysql"`).
    ///
    /// ```
    /// use sqlcraft::engine::Driver;
    /// assert_eq!(sqlcraft_sqlite::SqliteDriver.name(), "rusqlite");
    /// assert_eq!(sqlcraft_postgres::PostgresDriver::new().name(), "postgres");
    /// assert_eq!(sqlcraft_mysql::MySqlDriver::default().name(), "mysql");
    /// ```
    fn name(&self) -> &'static str;

    /// The dialect its connections speak.
    ///
    /// ```
    /// use sqlcraft::engine::Driver;
    /// use sqlcraft::prelude::*;
    /// let dialect = sqlcraft_postgres::PostgresDriver::new().dialect();
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1)).compile(&*dialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = $1"#);
    /// ```
    fn dialect(&self) -> Arc<dyn Dialect>;

    /// Opens a new connection.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, ErrorKind, Url};
    /// use sqlcraft::Value;
    /// let driver = sqlcraft_sqlite::SqliteDriver;
    /// let mut conn = driver.connect(&"sqlite:///:memory:".parse::<Url>()?)?;
    /// assert_eq!(conn.run("SELECT 1", &[])?.rows, vec![vec![Value::Int(1)]]);
    /// // A URL the driver cannot use is refused.
    /// let refused = driver.connect(&"sqlite://host/app.db".parse::<Url>()?);
    /// assert_eq!(refused.err().map(|e| e.kind), Some(ErrorKind::Programming));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn connect(&self, url: &Url) -> Result<Box<dyn DriverConnection>, DbError>;

    /// Whether every connection to `url` is a separate database (SQLite's
    /// `:memory:`), so the engine must share a single one by default.
    ///
    /// ```
    /// use sqlcraft::engine::{Driver, Url};
    /// let mem: Url = "sqlite:///:memory:".parse()?;
    /// assert!(sqlcraft_sqlite::SqliteDriver.is_private_database(&mem));
    /// let file: Url = "sqlite:///app.db".parse()?;
    /// assert!(!sqlcraft_sqlite::SqliteDriver.is_private_database(&file));
    /// // The default: a server's database is shared by its connections.
    /// let pg: Url = "postgresql://app@localhost/shop".parse()?;
    /// assert!(!sqlcraft_postgres::PostgresDriver::new().is_private_database(&pg));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn is_private_database(&self, url: &Url) -> bool {
        let _ = url;
        false
    }

    /// A query that tells whether a table exists (`SELECT` returning a row if it
    /// does), with its parameters; used by `create_all` / `drop_all` with
    /// check-first. The default asks `information_schema`.
    ///
    /// ```
    /// use sqlcraft::engine::{DbError, Driver, DriverConnection, Url};
    /// use sqlcraft::Value;
    /// # struct MyDriver;
    /// # impl Driver for MyDriver {
    /// #     fn name(&self) -> &'static str { "mine" }
    /// #     fn dialect(&self) -> std::sync::Arc<dyn sqlcraft::Dialect> {
    /// #         std::sync::Arc::new(sqlcraft::dialect::GenericDialect)
    /// #     }
    /// #     fn connect(&self, url: &Url) -> Result<Box<dyn DriverConnection>, DbError> {
    /// #         sqlcraft_sqlite::SqliteDriver.connect(url)
    /// #     }
    /// # }
    /// // MyDriver keeps the default.
    /// let (sql, params) = MyDriver.table_exists_query(Some("sales"), "orders");
    /// assert_eq!(sql, "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?");
    /// assert_eq!(params, vec![Value::from("sales"), Value::from("orders")]);
    /// let (sql, params) = MyDriver.table_exists_query(None, "orders");
    /// assert_eq!(sql, "SELECT 1 FROM information_schema.tables WHERE table_name = ?");
    /// assert_eq!(params, vec![Value::from("orders")]);
    /// ```
    fn table_exists_query(&self, schema: Option<&str>, name: &str) -> (String, Vec<Value>) {
        match schema {
            Some(s) => (
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"
                    .to_owned(),
                vec![Value::from(s), Value::from(name)],
            ),
            None => (
                "SELECT 1 FROM information_schema.tables WHERE table_name = ?".to_owned(),
                vec![Value::from(name)],
            ),
        }
    }

    /// The catalog query that answers `query` (see [`CatalogQuery`] for the
    /// rows each returns), with its parameters; `None` (the default) where the
    /// driver does not reflect, which makes [`Engine::inspect`]'s methods
    /// `Error::Unsupported`.
    ///
    /// [`Engine::inspect`]: super::Engine::inspect
    ///
    /// ```
    /// use sqlcraft::engine::{CatalogQuery, Driver};
    /// let q = CatalogQuery::Columns { schema: None, table: "users" };
    /// let (sql, params) = sqlcraft_postgres::PostgresDriver::new().catalog_query(q).unwrap();
    /// assert!(sql.contains("pg_attribute"));
    /// assert_eq!(params.len(), 2);
    /// ```
    fn catalog_query(&self, query: CatalogQuery<'_>) -> Option<(String, Vec<Value>)> {
        let _ = query;
        None
    }

    /// The most parameters one statement may carry on this connection's server
    /// (by default, the dialect's limit).
    ///
    /// ```
    /// use sqlcraft::engine::Driver;
    /// assert_eq!(sqlcraft_sqlite::SqliteDriver.max_params(), 32766);
    /// assert_eq!(sqlcraft_postgres::PostgresDriver::new().max_params(), 65535);
    /// ```
    fn max_params(&self) -> usize {
        self.dialect().max_params()
    }
}
