//! The engine: connections from a pool, transactions, execution through the
//! compilation cache, events, echo logging and results.
//!
//! An engine is made from a driver (in a dialect crate: `sqlcraft_sqlite`,
//! `sqlcraft_postgres`, `sqlcraft_mysql`) and a URL; every driver gives the same
//! [`Engine`] type.
//!
//! ```
//! # fn main() -> sqlcraft::Result<()> {
//! use sqlcraft::engine::Engine;
//! let engine = Engine::builder(sqlcraft_sqlite::SqliteDriver, "sqlite:///:memory:")?
//!     .echo(true)
//!     .pool_pre_ping(true)
//!     .build()?;
//! let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 1"))?.scalar_one()?;
//! assert_eq!(n, 1);
//! # Ok(()) }
//! ```

mod check_clauses;
mod connection;
mod ddl;
mod driver;
mod echo;
mod events;
mod inspect;
mod pool;
mod result;
mod url;

pub use connection::{Connection, ExecutionOptions, Savepoint};
pub use driver::{DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Outcome, RowSink};
pub use events::{AfterExecute, BeforeExecute, Events};
pub use inspect::{
    CatalogQuery, Inspector, ReflectedCheck, ReflectedColumn, ReflectedForeignKey, ReflectedIndex,
    ReflectedUnique,
};
pub use pool::{PoolKind, PoolOptions, PoolState};
pub use result::{CursorResult, FromRow, FromValue, Row, RowIndex};
/// `#[derive(FromRow)]` (the `derive` feature): decodes a row into a struct,
/// named fields by column name and tuple fields by position.
///
/// `#[sqlcraft(rename = "column")]` reads a field from another column;
/// `#[sqlcraft(default)]` takes `Default::default()` when the row has no such
/// column. A NULL goes through the field's type: `Option<T>` takes it, `T`
/// refuses it with `Error::Decode`.
///
/// ```
/// # #[cfg(feature = "derive")]
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::FromRow;
/// use sqlcraft::prelude::*;
///
/// #[derive(FromRow, Debug, PartialEq)]
/// struct User {
///     id: i64,
///     #[sqlcraft(rename = "full_name")]
///     name: String,
///     email: Option<String>,
///     #[sqlcraft(default)]
///     visits: i64,
/// }
///
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// let q = text("SELECT 1 AS id, 'Ann Lee' AS full_name, NULL AS email");
/// let users: Vec<User> = conn.execute(&q)?.fetch()?;
/// assert_eq!(users, [User { id: 1, name: "Ann Lee".into(), email: None, visits: 0 }]);
///
/// #[derive(FromRow)]
/// struct Pair(i64, String);
/// let Pair(n, s) = conn.execute(&text("SELECT 7, 'x'"))?.fetch::<Pair>()?.remove(0);
/// assert_eq!((n, s.as_str()), (7, "x"));
/// # Ok(()) }
/// # #[cfg(not(feature = "derive"))]
/// # fn main() {}
/// ```
#[cfg(feature = "derive")]
pub use sqlcraft_derive::FromRow;
pub use url::{Url, UrlBuilder, UrlError};

use crate::cache::{CacheStats, CompileCache, DEFAULT_CAPACITY};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use pool::{Connector, Pool};
use std::sync::Arc;
use std::time::Duration;

pub(crate) struct EngineInner {
    pub(crate) driver: Arc<dyn Driver>,
    pub(crate) dialect: Arc<dyn Dialect>,
    pub(crate) cache: CompileCache<dyn Dialect>,
    pool: Arc<Pool>,
    pool_options: PoolOptions,
    pub(crate) events: Arc<Events>,
    pub(crate) echo: bool,
    pub(crate) isolation_level: Option<IsolationLevel>,
    url: Url,
}

/// A source of connections for one database: pool, dialect and compilation cache.
/// Cheap to clone (shared) and safe to use from many threads.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let shared = engine.clone();
/// let n: i64 = std::thread::spawn(move || -> sqlcraft::Result<i64> {
///     shared.connect()?.execute(&sqlcraft::text("SELECT 6 * 7"))?.scalar_one()
/// }).join().unwrap()?;
/// assert_eq!(n, 42);
/// assert_eq!(engine.pool_state().connections, 1); // one pool for both handles
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("url", &self.inner.url)
            .field("driver", &self.inner.driver.name())
            .field("dialect", &self.inner.dialect.name())
            .finish()
    }
}

impl Engine {
    /// Starts configuring an engine for `driver` and `url`.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::Engine;
    /// let engine = Engine::builder(sqlcraft_sqlite::SqliteDriver, "sqlite:///:memory:")?
    ///     .cache_size(100)
    ///     .build()?;
    /// assert_eq!(engine.driver_name(), "rusqlite");
    /// // The URL is parsed at once.
    /// assert!(Engine::builder(sqlcraft_sqlite::SqliteDriver, "sqlite:/nope").is_err());
    /// # Ok(()) }
    /// ```
    pub fn builder(driver: impl Driver, url: &str) -> Result<EngineBuilder> {
        Ok(EngineBuilder::new(Arc::new(driver), url.parse()?))
    }

    /// Checks a connection out of the pool (returned when dropped).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let n: i64 = conn.execute(&sqlcraft::text("SELECT 40 + 2"))?.scalar_one()?;
    /// assert_eq!(n, 42);
    /// assert_eq!(engine.pool_state().checked_out, 1);
    /// # Ok(()) }
    /// ```
    pub fn connect(&self) -> Result<Connection> {
        let checkout = self.inner.pool.checkout(&self.inner.pool_options)?;
        Ok(Connection::new(self.inner.clone(), checkout))
    }

    /// Runs `f` in a transaction on a fresh connection: committed when `f` returns
    /// `Ok`, rolled back when it returns `Err` or panics. An engine at
    /// [`IsolationLevel::Autocommit`] has no transaction to roll back: each of
    /// `f`'s statements commits as it runs (SQLAlchemy's behaviour too).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[]).map(drop))?;
    /// let failed: sqlcraft::Result<()> = engine.begin(|c| {
    ///     c.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    ///     Err(sqlcraft::Error::invalid("changed my mind"))
    /// });
    /// assert!(failed.is_err());
    /// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()?;
    /// assert_eq!(n, 0);
    /// # Ok(()) }
    /// ```
    pub fn begin<T, E: From<Error>>(
        &self,
        f: impl FnOnce(&mut Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut conn = self.connect()?;
        conn.begin()?;
        match f(&mut conn) {
            Ok(v) => {
                conn.commit()?;
                Ok(v)
            }
            Err(e) => {
                let _ = conn.rollback();
                Err(e)
            }
        }
    }

    /// The dialect, to compile statements as the engine does.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// assert_eq!(engine.dialect().name(), "sqlite");
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).offset(5).compile(engine.dialect())?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" LIMIT -1 OFFSET ?"#);
    /// # Ok(()) }
    /// ```
    pub fn dialect(&self) -> &dyn Dialect {
        self.inner.dialect.as_ref()
    }

    /// The driver's name (`"rusqlite"`, `"postgres"`, `"mysql"`), as
    /// SQLAlchemy's `engine.driver`.
    ///
    /// ```
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:").unwrap();
    /// assert_eq!(engine.driver_name(), "rusqlite");
    /// ```
    pub fn driver_name(&self) -> &'static str {
        self.inner.driver.name()
    }

    /// The URL (its `Display` hides the password).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// // Building an engine opens no connection, so no server is needed here.
    /// let engine = sqlcraft_postgres::create_engine("postgresql://app:secret@db.local/shop")?;
    /// assert_eq!(engine.url().to_string(), "postgresql://app:***@db.local/shop");
    /// assert_eq!(engine.url().password(), Some("secret"));
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> &Url {
        &self.inner.url
    }

    /// The compilation cache's counters.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (a INTEGER)", &[])?;
    /// let t = table("t");
    /// for i in 0..3 {
    ///     conn.execute(&select(t.c("a")).from(&t).filter(t.c("a").eq(i)))?;
    /// }
    /// let stats = engine.cache_stats();
    /// assert_eq!((stats.misses, stats.hits), (1, 2));
    /// # Ok(()) }
    /// ```
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// The pool's connections now.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::PoolState;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let conn = engine.connect()?;
    /// assert_eq!(engine.pool_state(), PoolState { connections: 1, idle: 0, checked_out: 1 });
    /// drop(conn);
    /// assert_eq!(engine.pool_state(), PoolState { connections: 1, idle: 1, checked_out: 0 });
    /// # Ok(()) }
    /// ```
    pub fn pool_state(&self) -> PoolState {
        self.inner.pool.state()
    }

    /// Closes the pool's connections, SQLAlchemy's `engine.dispose()`: the idle
    /// ones now, each checked-out one when it is returned (its work goes on
    /// undisturbed until then). The next checkouts open new connections. For
    /// after a fork, a failover, or a change of credentials on the server.
    ///
    /// An in-memory SQLite database lives in its one connection, so disposing
    /// of its engine starts a new, empty database.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::{PoolKind, PoolState};
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.pool_kind(PoolKind::Queue).build()?;
    /// let busy = engine.connect()?;
    /// drop(engine.connect()?);
    /// assert_eq!(engine.pool_state(), PoolState { connections: 2, idle: 1, checked_out: 1 });
    /// engine.dispose();
    /// assert_eq!(engine.pool_state(), PoolState { connections: 1, idle: 0, checked_out: 1 });
    /// drop(busy); // closed, not kept
    /// assert_eq!(engine.pool_state(), PoolState { connections: 0, idle: 0, checked_out: 0 });
    /// # Ok(()) }
    /// ```
    pub fn dispose(&self) {
        self.inner.pool.dispose();
    }

    pub(crate) fn inner(&self) -> &EngineInner {
        &self.inner
    }
}

/// Engine settings, SQLAlchemy's `create_engine` keyword arguments.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use std::time::Duration;
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
///     .pool_timeout(Duration::from_secs(5))
///     .cache_size(50)
///     .build()?;
/// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 1"))?.scalar_one()?;
/// assert_eq!(n, 1);
/// # Ok(()) }
/// ```
pub struct EngineBuilder {
    driver: Arc<dyn Driver>,
    url: Url,
    echo: bool,
    pool: PoolOptions,
    isolation_level: Option<IsolationLevel>,
    cache_size: usize,
    events: Events,
}

impl EngineBuilder {
    /// A builder for `driver` and an already parsed `url`.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::{EngineBuilder, Url};
    /// use std::sync::Arc;
    /// let url = Url::builder("sqlite").database(":memory:").build();
    /// let engine = EngineBuilder::new(Arc::new(sqlcraft_sqlite::SqliteDriver), url).build()?;
    /// assert_eq!(engine.url().database(), Some(":memory:"));
    /// # Ok(()) }
    /// ```
    pub fn new(driver: Arc<dyn Driver>, url: Url) -> EngineBuilder {
        EngineBuilder {
            driver,
            url,
            echo: false,
            pool: PoolOptions::default(),
            isolation_level: None,
            cache_size: DEFAULT_CAPACITY,
            events: Events::default(),
        }
    }
    /// Logs every statement, its parameters and the cache badge, and each
    /// transaction step (`BEGIN (implicit)`, `COMMIT`, `ROLLBACK`, savepoints),
    /// as SQLAlchemy's echo does (`log`, target `sqlcraft.engine`, level info).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use std::sync::Mutex;
    /// # static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());
    /// # struct Capture;
    /// # impl log::Log for Capture {
    /// #     fn enabled(&self, _: &log::Metadata) -> bool { true }
    /// #     fn log(&self, r: &log::Record) {
    /// #         if r.target() == "sqlcraft.engine" { LINES.lock().unwrap().push(r.args().to_string()) }
    /// #     }
    /// #     fn flush(&self) {}
    /// # }
    /// # log::set_logger(&Capture).unwrap();
    /// # log::set_max_level(log::LevelFilter::Info);
    /// // With a logger installed (env_logger, …), as `Capture` is here:
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.echo(true).build()?;
    /// let mut conn = engine.connect()?;
    /// conn.execute_with(&sqlcraft::text("SELECT :n"), &[("n", sqlcraft::Value::Int(5))])?;
    /// conn.commit()?;
    /// assert_eq!(*LINES.lock().unwrap(), ["BEGIN (implicit)", "SELECT ?", "[uncacheable] [Int(5)]", "COMMIT"]);
    /// # Ok(()) }
    /// ```
    pub fn echo(mut self, on: bool) -> Self {
        self.echo = on;
        self
    }
    /// The pool kind (default: static for in-memory SQLite, else queue).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::PoolKind;
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .pool_kind(PoolKind::Null)
    ///     .build()?;
    /// let conn = engine.connect()?;
    /// assert_eq!(engine.pool_state().connections, 1);
    /// drop(conn); // a null pool closes it
    /// assert_eq!(engine.pool_state().connections, 0);
    /// # Ok(()) }
    /// ```
    pub fn pool_kind(mut self, kind: PoolKind) -> Self {
        self.pool.kind = Some(kind);
        self
    }
    /// Connections the queue pool keeps open (default 5).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::{PoolKind, PoolState};
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .pool_kind(PoolKind::Queue)
    ///     .pool_size(1)
    ///     .build()?;
    /// let (a, b) = (engine.connect()?, engine.connect()?);
    /// assert_eq!(engine.pool_state().connections, 2);
    /// drop((a, b)); // one is kept, the overflow one is closed
    /// assert_eq!(engine.pool_state(), PoolState { connections: 1, idle: 1, checked_out: 0 });
    /// # Ok(()) }
    /// ```
    pub fn pool_size(mut self, n: u32) -> Self {
        self.pool.size = n;
        self
    }
    /// Extra connections opened under load (default 10).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::PoolKind;
    /// use std::time::Duration;
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .pool_kind(PoolKind::Queue)
    ///     .pool_size(1)
    ///     .max_overflow(1)
    ///     .pool_timeout(Duration::from_millis(10))
    ///     .build()?;
    /// let (_a, _b) = (engine.connect()?, engine.connect()?);
    /// assert!(matches!(engine.connect(), Err(sqlcraft::Error::PoolTimeout { .. })));
    /// # Ok(()) }
    /// ```
    pub fn max_overflow(mut self, n: u32) -> Self {
        self.pool.max_overflow = n;
        self
    }
    /// How long a checkout waits for a connection (default 30 s).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use sqlcraft::engine::PoolKind;
    /// # use std::time::Duration;
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .pool_kind(PoolKind::Queue)
    ///     .pool_size(1)
    ///     .max_overflow(0)
    ///     .pool_timeout(Duration::from_millis(50))
    ///     .build()?;
    /// let _held = engine.connect()?;
    /// let Err(sqlcraft::Error::PoolTimeout { waited, .. }) = engine.connect() else { panic!() };
    /// assert!(waited >= Duration::from_millis(50));
    /// # Ok(()) }
    /// ```
    pub fn pool_timeout(mut self, t: Duration) -> Self {
        self.pool.timeout = t;
        self
    }
    /// Replace connections older than this.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use std::sync::{atomic::{AtomicUsize, Ordering}, Arc};
    /// # use std::time::Duration;
    /// let opened = Arc::new(AtomicUsize::new(0));
    /// let counter = opened.clone();
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .pool_recycle(Duration::ZERO) // every connection is too old at its next checkout
    ///     .on_connect(move |_| { counter.fetch_add(1, Ordering::SeqCst); Ok(()) })
    ///     .build()?;
    /// drop(engine.connect()?);
    /// drop(engine.connect()?);
    /// assert_eq!(opened.load(Ordering::SeqCst), 2);
    /// # Ok(()) }
    /// ```
    pub fn pool_recycle(mut self, age: Duration) -> Self {
        self.pool.recycle = Some(age);
        self
    }
    /// Test connections at checkout, replacing dead ones; a live one is kept.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use std::sync::{atomic::{AtomicUsize, Ordering}, Arc};
    /// let opened = Arc::new(AtomicUsize::new(0));
    /// let counter = opened.clone();
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .pool_pre_ping(true)
    ///     .on_connect(move |_| { counter.fetch_add(1, Ordering::SeqCst); Ok(()) })
    ///     .build()?;
    /// for _ in 0..3 {
    ///     engine.connect()?.execute(&sqlcraft::text("SELECT 1"))?;
    /// }
    /// assert_eq!(opened.load(Ordering::SeqCst), 1);
    /// # Ok(()) }
    /// ```
    pub fn pool_pre_ping(mut self, on: bool) -> Self {
        self.pool.pre_ping = on;
        self
    }
    /// The isolation level of every transaction.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::IsolationLevel;
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .isolation_level(IsolationLevel::ReadUncommitted)
    ///     .build()?;
    /// let mut conn = engine.connect()?;
    /// // SQLite's adapter turns READ UNCOMMITTED into this pragma at BEGIN.
    /// let on: i64 = conn.execute(&sqlcraft::text("PRAGMA read_uncommitted"))?.scalar_one()?;
    /// assert_eq!(on, 1);
    /// # Ok(()) }
    /// ```
    pub fn isolation_level(mut self, level: IsolationLevel) -> Self {
        self.isolation_level = Some(level);
        self
    }
    /// Compilation cache entries (default 500; 0 disables the cache).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.cache_size(0).build()?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (a INTEGER)", &[])?;
    /// let t = table("t");
    /// conn.execute(&select(t.c("a")).from(&t))?;
    /// conn.execute(&select(t.c("a")).from(&t))?;
    /// let stats = engine.cache_stats();
    /// assert_eq!((stats.hits, stats.misses, stats.len), (0, 0, 0));
    /// # Ok(()) }
    /// ```
    pub fn cache_size(mut self, n: usize) -> Self {
        self.cache_size = n;
        self
    }
    /// Runs `f` on every new connection (`PRAGMA …`, `SET search_path …`).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .on_connect(|conn| conn.run_script("PRAGMA user_version = 7"))
    ///     .build()?;
    /// let v: i64 = engine.connect()?.execute(&sqlcraft::text("PRAGMA user_version"))?.scalar_one()?;
    /// assert_eq!(v, 7);
    /// # Ok(()) }
    /// ```
    pub fn on_connect(
        mut self,
        f: impl Fn(&mut dyn DriverConnection) -> std::result::Result<(), DbError>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.events.on_connect.push(Arc::new(f));
        self
    }
    /// Runs `f` before every statement; an `Err` refuses the statement.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .before_execute(|ev| {
    ///         if ev.sql.starts_with("DROP") { Err("no DROP here".to_owned()) } else { Ok(()) }
    ///     })
    ///     .build()?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (a INTEGER)", &[])?;
    /// let err = conn.exec_driver_sql("DROP TABLE t", &[]).unwrap_err();
    /// assert_eq!(err, sqlcraft::Error::Rejected("no DROP here".to_owned()));
    /// # Ok(()) }
    /// ```
    pub fn before_execute(
        mut self,
        f: impl Fn(&BeforeExecute<'_>) -> std::result::Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.events.before_execute.push(Arc::new(f));
        self
    }
    /// Runs `f` after every statement that succeeded.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use std::sync::{Arc, Mutex};
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = seen.clone();
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .after_execute(move |ev| log.lock().unwrap().push((ev.sql.to_owned(), ev.rows)))
    ///     .build()?;
    /// engine.connect()?.exec_driver_sql("SELECT 1 UNION SELECT 2", &[])?;
    /// assert_eq!(*seen.lock().unwrap(), [("SELECT 1 UNION SELECT 2".to_owned(), 2)]);
    /// # Ok(()) }
    /// ```
    pub fn after_execute(mut self, f: impl Fn(&AfterExecute<'_>) + Send + Sync + 'static) -> Self {
        self.events.after_execute.push(Arc::new(f));
        self
    }
    /// Runs `f` when a connection is checked out.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use std::sync::{atomic::{AtomicUsize, Ordering}, Arc};
    /// let checkouts = Arc::new(AtomicUsize::new(0));
    /// let counter = checkouts.clone();
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .on_checkout(move || { counter.fetch_add(1, Ordering::SeqCst); })
    ///     .build()?;
    /// drop(engine.connect()?);
    /// drop(engine.connect()?);
    /// assert_eq!(checkouts.load(Ordering::SeqCst), 2);
    /// # Ok(()) }
    /// ```
    pub fn on_checkout(mut self, f: impl Fn() + Send + Sync + 'static) -> Self {
        self.events.on_checkout.push(Arc::new(f));
        self
    }
    /// Runs `f` when a connection is returned.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use std::sync::{atomic::{AtomicUsize, Ordering}, Arc};
    /// let checkins = Arc::new(AtomicUsize::new(0));
    /// let counter = checkins.clone();
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
    ///     .on_checkin(move || { counter.fetch_add(1, Ordering::SeqCst); })
    ///     .build()?;
    /// let conn = engine.connect()?;
    /// assert_eq!(checkins.load(Ordering::SeqCst), 0);
    /// conn.close();
    /// assert_eq!(checkins.load(Ordering::SeqCst), 1);
    /// # Ok(()) }
    /// ```
    pub fn on_checkin(mut self, f: impl Fn() + Send + Sync + 'static) -> Self {
        self.events.on_checkin.push(Arc::new(f));
        self
    }
    /// Builds the engine. No connection is opened until the first checkout.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.build()?;
    /// assert_eq!(engine.pool_state().connections, 0);
    /// let _conn = engine.connect()?;
    /// assert_eq!(engine.pool_state().connections, 1);
    /// # Ok(()) }
    /// ```
    pub fn build(self) -> Result<Engine> {
        let dialect = self.driver.dialect();
        let events = Arc::new(self.events);
        let pool = Pool::new(
            &self.pool,
            Connector {
                driver: self.driver.clone(),
                url: self.url.clone(),
                events: events.clone(),
            },
        );
        Ok(Engine {
            inner: Arc::new(EngineInner {
                cache: CompileCache::shared(dialect.clone(), self.cache_size, 16),
                driver: self.driver,
                dialect,
                pool,
                pool_options: self.pool,
                events,
                echo: self.echo,
                isolation_level: self.isolation_level,
                url: self.url,
            }),
        })
    }
}
