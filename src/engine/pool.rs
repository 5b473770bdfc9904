//! Connection pools: a queue (r2d2), a single shared connection, or none.

use super::driver::{DbError, Driver, DriverConnection};
use super::events::Events;
use super::url::Url;
use crate::error::{Error, Result};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Which pool an engine uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolKind {
    /// A bounded queue of connections (SQLAlchemy's `QueuePool`), the default.
    Queue,
    /// One connection shared by every checkout in turn (`StaticPool`): the default
    /// for in-memory SQLite, whose data lives only as long as its one connection.
    Static,
    /// A new connection per checkout, closed at checkin (`NullPool`).
    Null,
}

/// Pool settings; see [`super::EngineBuilder`] for each.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// The pool kind; `None` picks `Static` for private databases, else `Queue`.
    pub kind: Option<PoolKind>,
    /// Connections kept open.
    pub size: u32,
    /// Extra connections opened under load and closed when idle.
    pub max_overflow: u32,
    /// How long a checkout waits for a free connection.
    pub timeout: Duration,
    /// Connections older than this are replaced at checkout.
    pub recycle: Option<Duration>,
    /// Test each connection with a round trip at checkout, replacing dead ones.
    pub pre_ping: bool,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            kind: None,
            size: 5,
            max_overflow: 10,
            timeout: Duration::from_secs(30),
            recycle: None,
            pre_ping: false,
        }
    }
}

/// A pooled connection with what the pool needs to know about it.
pub(crate) struct Managed {
    pub(crate) conn: Box<dyn DriverConnection>,
    /// Set when the connection must not be reused (a failed rollback, a lost link).
    pub(crate) broken: bool,
    created: Instant,
}

/// Opens connections for the pool and runs the on-connect handlers.
pub(crate) struct Connector {
    pub(crate) driver: Arc<dyn Driver>,
    pub(crate) url: Url,
    pub(crate) events: Arc<Events>,
}

impl Connector {
    pub(crate) fn open(&self) -> Result<Managed, DbError> {
        let mut conn = self.driver.connect(&self.url)?;
        for handler in &self.events.on_connect {
            handler(conn.as_mut())?;
        }
        Ok(Managed {
            conn,
            broken: false,
            created: Instant::now(),
        })
    }
}

pub(crate) struct R2d2Manager(Arc<Connector>);

impl r2d2::ManageConnection for R2d2Manager {
    type Connection = Managed;
    type Error = DbError;

    fn connect(&self) -> Result<Managed, DbError> {
        self.0.open()
    }

    fn is_valid(&self, conn: &mut Managed) -> Result<(), DbError> {
        conn.conn.ping()
    }

    fn has_broken(&self, conn: &mut Managed) -> bool {
        conn.broken || conn.conn.is_broken()
    }
}

/// Collects r2d2's background connection errors, so a checkout timeout can say
/// why no connection could be made.
#[derive(Debug, Default)]
pub(crate) struct LastError(Mutex<Option<String>>);

impl r2d2::HandleError<DbError> for Arc<LastError> {
    fn handle_error(&self, error: DbError) {
        log::warn!(target: "sqlcraft.pool", "connection failed: {error}");
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(error.to_string());
    }
}

/// The single connection of a static pool, handed to one checkout at a time.
pub(crate) struct StaticSlot {
    conn: Mutex<(Option<Managed>, bool)>,
    freed: Condvar,
}

pub(crate) enum Pool {
    Queue {
        pool: r2d2::Pool<R2d2Manager>,
        last_error: Arc<LastError>,
    },
    Static {
        slot: Arc<StaticSlot>,
        connector: Arc<Connector>,
    },
    Null {
        connector: Arc<Connector>,
    },
}

/// A snapshot of a pool's connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open (idle plus checked out).
    pub connections: u32,
    /// Connections idle in the pool.
    pub idle: u32,
    /// Connections checked out now.
    pub checked_out: u32,
}

/// A connection checked out of a pool; returned when dropped.
pub(crate) enum Checkout {
    Queue(r2d2::PooledConnection<R2d2Manager>),
    Static {
        conn: Option<Managed>,
        slot: Arc<StaticSlot>,
    },
    Null(Managed),
}

impl Checkout {
    pub(crate) fn managed(&mut self) -> Result<&mut Managed> {
        match self {
            Checkout::Queue(c) => Ok(c),
            Checkout::Static { conn, .. } => conn.as_mut().ok_or(Error::ConnectionClosed),
            Checkout::Null(c) => Ok(c),
        }
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if let Checkout::Static { conn, slot } = self {
            let mut guard = slot.conn.lock().unwrap_or_else(|p| p.into_inner());
            guard.0 = conn.take().filter(|c| !c.broken && !c.conn.is_broken());
            guard.1 = false;
            slot.freed.notify_one();
        }
    }
}

impl Pool {
    pub(crate) fn new(opts: &PoolOptions, connector: Connector) -> Result<Pool> {
        let private = connector.driver.is_private_database(&connector.url);
        let kind = opts.kind.unwrap_or(if private {
            PoolKind::Static
        } else {
            PoolKind::Queue
        });
        let connector = Arc::new(connector);
        Ok(match kind {
            PoolKind::Queue => {
                let last_error = Arc::new(LastError::default());
                let max = (opts.size + opts.max_overflow).max(1);
                // Overflow connections beyond `size` are closed after a short idle
                // spell, r2d2's nearest equivalent of QueuePool closing them at checkin.
                let pool = r2d2::Pool::builder()
                    .max_size(max)
                    .min_idle(Some(0))
                    .idle_timeout((opts.max_overflow > 0).then(|| Duration::from_secs(60)))
                    .connection_timeout(opts.timeout)
                    .max_lifetime(opts.recycle)
                    .test_on_check_out(opts.pre_ping)
                    .error_handler(Box::new(last_error.clone()))
                    .build_unchecked(R2d2Manager(connector));
                Pool::Queue { pool, last_error }
            }
            PoolKind::Static => Pool::Static {
                slot: Arc::new(StaticSlot {
                    conn: Mutex::new((None, false)),
                    freed: Condvar::new(),
                }),
                connector,
            },
            PoolKind::Null => Pool::Null { connector },
        })
    }

    pub(crate) fn checkout(&self, opts: &PoolOptions) -> Result<Checkout> {
        match self {
            Pool::Queue { pool, last_error } => {
                let start = Instant::now();
                pool.get().map(Checkout::Queue).map_err(|_| {
                    let last = last_error
                        .0
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .clone();
                    let state = pool.state();
                    let mut detail = format!(
                        "{} open, {} idle, at most {}",
                        state.connections,
                        state.idle_connections,
                        pool.max_size()
                    );
                    if let Some(e) = last {
                        detail.push_str("; last connection error: ");
                        detail.push_str(&e);
                    }
                    Error::PoolTimeout {
                        waited: start.elapsed(),
                        detail,
                    }
                })
            }
            Pool::Static { slot, connector } => {
                let start = Instant::now();
                let mut guard = slot.conn.lock().unwrap_or_else(|p| p.into_inner());
                while guard.1 {
                    let left = opts.timeout.saturating_sub(start.elapsed());
                    if left.is_zero() {
                        return Err(Error::PoolTimeout {
                            waited: start.elapsed(),
                            detail: "the single static connection is checked out".into(),
                        });
                    }
                    guard = slot
                        .freed
                        .wait_timeout(guard, left)
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
                let mut conn = guard.0.take();
                if let Some(c) = conn.as_mut() {
                    let expired = opts.recycle.is_some_and(|r| c.created.elapsed() >= r);
                    if expired || (opts.pre_ping && c.conn.ping().is_err()) {
                        conn = None;
                    }
                }
                let conn = match conn {
                    Some(c) => c,
                    None => connector.open()?,
                };
                guard.1 = true;
                drop(guard);
                Ok(Checkout::Static {
                    conn: Some(conn),
                    slot: slot.clone(),
                })
            }
            Pool::Null { connector } => Ok(Checkout::Null(connector.open()?)),
        }
    }

    pub(crate) fn state(&self) -> PoolState {
        match self {
            Pool::Queue { pool, .. } => {
                let s = pool.state();
                PoolState {
                    connections: s.connections,
                    idle: s.idle_connections,
                    checked_out: s.connections - s.idle_connections,
                }
            }
            Pool::Static { slot, .. } => {
                let g = slot.conn.lock().unwrap_or_else(|p| p.into_inner());
                let out = u32::from(g.1);
                let idle = u32::from(g.0.is_some());
                PoolState {
                    connections: out + idle,
                    idle,
                    checked_out: out,
                }
            }
            Pool::Null { .. } => PoolState {
                connections: 0,
                idle: 0,
                checked_out: 0,
            },
        }
    }
}
