//! The engine: connections from a pool, transactions, execution through the
//! compilation cache, events, echo logging and results.
//!
//! An engine is made from a driver (in a dialect crate: `sqlcraft_sqlite`,
//! `sqlcraft_postgres`, `sqlcraft_mysql`) and a URL; every driver gives the same
//! [`Engine`] type.
//!
//! ```
//! use sqlcraft::engine::{Engine, Url};
//! # fn demo(driver: impl sqlcraft::engine::Driver) -> sqlcraft::Result<()> {
//! let engine = Engine::builder(driver, "sqlite:///:memory:")?
//!     .echo(true)
//!     .pool_pre_ping(true)
//!     .build()?;
//! let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 1"))?.scalar_one()?;
//! # Ok(()) }
//! ```

mod connection;
mod ddl;
mod driver;
mod echo;
mod events;
mod pool;
mod result;
mod url;

pub use connection::{Connection, ExecutionOptions, Savepoint};
pub use driver::{DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Outcome};
pub use events::{AfterExecute, BeforeExecute, Events};
pub use pool::{PoolKind, PoolOptions, PoolState};
pub use result::{CursorResult, FromRow, FromValue, Row, RowIndex};
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
    pub fn builder(driver: impl Driver, url: &str) -> Result<EngineBuilder> {
        Ok(EngineBuilder::new(Arc::new(driver), url.parse()?))
    }

    /// Checks a connection out of the pool.
    pub fn connect(&self) -> Result<Connection> {
        let checkout = self.inner.pool.checkout(&self.inner.pool_options)?;
        Ok(Connection::new(self.inner.clone(), checkout))
    }

    /// Runs `f` in a transaction on a fresh connection: committed when `f` returns
    /// `Ok`, rolled back when it returns `Err` or panics.
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

    /// The dialect.
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
    pub fn url(&self) -> &Url {
        &self.inner.url
    }

    /// The compilation cache's counters.
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// The pool's connections now.
    pub fn pool_state(&self) -> PoolState {
        self.inner.pool.state()
    }

    pub(crate) fn inner(&self) -> &EngineInner {
        &self.inner
    }
}

/// Engine settings, SQLAlchemy's `create_engine` keyword arguments.
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
    pub fn echo(mut self, on: bool) -> Self {
        self.echo = on;
        self
    }
    /// The pool kind (default: static for in-memory SQLite, else queue).
    pub fn pool_kind(mut self, kind: PoolKind) -> Self {
        self.pool.kind = Some(kind);
        self
    }
    /// Connections the queue pool keeps open (default 5).
    pub fn pool_size(mut self, n: u32) -> Self {
        self.pool.size = n;
        self
    }
    /// Extra connections opened under load (default 10).
    pub fn max_overflow(mut self, n: u32) -> Self {
        self.pool.max_overflow = n;
        self
    }
    /// How long a checkout waits for a connection (default 30 s).
    pub fn pool_timeout(mut self, t: Duration) -> Self {
        self.pool.timeout = t;
        self
    }
    /// Replace connections older than this.
    pub fn pool_recycle(mut self, age: Duration) -> Self {
        self.pool.recycle = Some(age);
        self
    }
    /// Test connections at checkout, replacing dead ones.
    pub fn pool_pre_ping(mut self, on: bool) -> Self {
        self.pool.pre_ping = on;
        self
    }
    /// The isolation level of every transaction.
    pub fn isolation_level(mut self, level: IsolationLevel) -> Self {
        self.isolation_level = Some(level);
        self
    }
    /// Compilation cache entries (default 500; 0 disables the cache).
    pub fn cache_size(mut self, n: usize) -> Self {
        self.cache_size = n;
        self
    }
    /// Runs `f` on every new connection (`PRAGMA …`, `SET search_path …`).
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
    pub fn before_execute(
        mut self,
        f: impl Fn(&BeforeExecute<'_>) -> std::result::Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.events.before_execute.push(Arc::new(f));
        self
    }
    /// Runs `f` after every statement that succeeded.
    pub fn after_execute(mut self, f: impl Fn(&AfterExecute<'_>) + Send + Sync + 'static) -> Self {
        self.events.after_execute.push(Arc::new(f));
        self
    }
    /// Runs `f` when a connection is checked out.
    pub fn on_checkout(mut self, f: impl Fn() + Send + Sync + 'static) -> Self {
        self.events.on_checkout.push(Arc::new(f));
        self
    }
    /// Runs `f` when a connection is returned.
    pub fn on_checkin(mut self, f: impl Fn() + Send + Sync + 'static) -> Self {
        self.events.on_checkin.push(Arc::new(f));
        self
    }
    /// Builds the engine. No connection is opened until the first checkout.
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
