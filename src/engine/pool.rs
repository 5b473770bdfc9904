//! Connection pools, with SQLAlchemy's `QueuePool` semantics.
//!
//! Written here rather than taken from r2d2: r2d2 opens connections on background
//! threads and a checkout only ever waits, so a wrong password or a down server
//! surfaces as a timeout after the full wait, and it has no overflow (connections
//! beyond the pool size closed at checkin). SQLAlchemy's pool connects inline and
//! raises the driver's error at once; that is the behaviour users of a SQL toolkit
//! expect, and with it a pool is a mutex, a condition variable and a queue. The
//! static and null pools are the same queue with other sizes.

use super::driver::{DbError, Driver, DriverConnection};
use super::events::Events;
use super::url::Url;
use crate::error::{Error, Result};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Which pool an engine uses ([`EngineBuilder::pool_kind`](super::EngineBuilder::pool_kind)).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::PoolKind;
/// // Static (the in-memory default): one connection, so one database for every checkout.
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.pool_kind(PoolKind::Static).build()?;
/// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[]).map(drop))?;
/// assert!(engine.connect()?.exec_driver_sql("SELECT x FROM t", &[]).is_ok());
/// // Null: a new connection per checkout, so a new in-memory database each time.
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.pool_kind(PoolKind::Null).build()?;
/// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[]).map(drop))?;
/// assert!(engine.connect()?.exec_driver_sql("SELECT x FROM t", &[]).is_err());
/// # Ok(()) }
/// ```
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
///
/// ```
/// use sqlcraft::engine::PoolOptions;
/// use std::time::Duration;
/// let defaults = PoolOptions::default();
/// assert_eq!((defaults.kind, defaults.size, defaults.max_overflow), (None, 5, 10));
/// assert_eq!((defaults.timeout, defaults.recycle, defaults.pre_ping), (Duration::from_secs(30), None, false));
/// ```
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// The pool kind; `None` picks `Static` for private databases, else `Queue`.
    pub kind: Option<PoolKind>,
    /// Connections kept open when idle.
    pub size: u32,
    /// Extra connections opened under load and closed when returned.
    pub max_overflow: u32,
    /// How long a checkout waits for a connection when all are in use.
    pub timeout: Duration,
    /// Connections older than this are replaced at checkout.
    pub recycle: Option<Duration>,
    /// Test each idle connection with a round trip at checkout, replacing dead ones.
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
    /// The pool's generation when it was opened: one opened before the last
    /// [`Pool::dispose`] is closed when it comes back.
    generation: u64,
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
            generation: 0,
        })
    }
}

/// A snapshot of a pool's connections ([`Engine::pool_state`](super::Engine::pool_state)).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::{PoolKind, PoolState};
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?.pool_kind(PoolKind::Queue).build()?;
/// let a = engine.connect()?;
/// drop(engine.connect()?);
/// assert_eq!(engine.pool_state(), PoolState { connections: 2, idle: 1, checked_out: 1 });
/// # drop(a);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open (idle plus checked out).
    pub connections: u32,
    /// Connections idle in the pool.
    pub idle: u32,
    /// Connections checked out now.
    pub checked_out: u32,
}

struct Slots {
    idle: VecDeque<Managed>,
    /// Open connections, idle or checked out (or being opened).
    open: usize,
    checked_out: usize,
    /// The thread holding a static pool's one connection: a second checkout from
    /// that thread could only wait for itself.
    holder: Option<std::thread::ThreadId>,
    /// Checkouts waiting for a connection: a return wakes one only if there is
    /// one (a notify is a system call).
    waiting: usize,
    /// How many times the pool was disposed of.
    generation: u64,
}

pub(crate) struct Pool {
    connector: Connector,
    /// Idle connections kept; more are closed at checkin.
    keep: usize,
    /// Open connections at most.
    max: usize,
    /// A static pool: one connection, shared in turn.
    single: bool,
    slots: Mutex<Slots>,
    freed: Condvar,
}

/// A connection checked out of a pool; returned when dropped.
pub(crate) struct Checkout {
    conn: Option<Managed>,
    pool: Arc<Pool>,
}

impl Checkout {
    pub(crate) fn managed(&mut self) -> Result<&mut Managed> {
        match self.conn.as_mut() {
            Some(conn) => Ok(conn),
            None => Err(Error::ConnectionClosed),
        }
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.checkin(conn);
        }
    }
}

impl Pool {
    pub(crate) fn new(opts: &PoolOptions, connector: Connector) -> Arc<Pool> {
        let private = connector.driver.is_private_database(&connector.url);
        let kind = opts.kind.unwrap_or(if private {
            PoolKind::Static
        } else {
            PoolKind::Queue
        });
        let (keep, max) = match kind {
            PoolKind::Queue => {
                let keep = opts.size as usize;
                (keep, (keep + opts.max_overflow as usize).max(1))
            }
            PoolKind::Static => (1, 1),
            PoolKind::Null => (0, usize::MAX),
        };
        Arc::new(Pool {
            connector,
            keep,
            max,
            single: kind == PoolKind::Static,
            slots: Mutex::new(Slots {
                idle: VecDeque::new(),
                open: 0,
                checked_out: 0,
                holder: None,
                waiting: 0,
                generation: 0,
            }),
            freed: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        // A panic while holding the lock leaves the counters consistent: every
        // update is a single statement.
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks a connection out: an idle one (oldest first, as SQLAlchemy), else a
    /// new one if the pool has room (its connect error is returned at once), else
    /// waits up to the timeout for one to come back.
    pub(crate) fn checkout(self: &Arc<Pool>, opts: &PoolOptions) -> Result<Checkout> {
        let start = Instant::now();
        let mut slots = self.lock();
        loop {
            if let Some(mut conn) = slots.idle.pop_front() {
                slots.checked_out += 1;
                drop(slots);
                let expired = opts.recycle.is_some_and(|r| conn.created.elapsed() >= r);
                let dead = !expired
                    && (conn.conn.is_broken() || (opts.pre_ping && conn.conn.ping().is_err()));
                if !expired && !dead {
                    return Ok(self.hand_out(conn));
                }
                // Replaced: closed outside the lock, then a new one is opened in its
                // slot below (the slot stays counted as open).
                drop(conn);
                slots = self.lock();
                slots.checked_out -= 1;
                slots.open -= 1;
                continue;
            }
            if slots.open < self.max {
                slots.open += 1;
                slots.checked_out += 1;
                let generation = slots.generation;
                drop(slots);
                return match self.connector.open() {
                    Ok(conn) => Ok(self.hand_out(Managed { generation, ..conn })),
                    Err(e) => {
                        let mut slots = self.lock();
                        slots.open -= 1;
                        slots.checked_out -= 1;
                        if slots.waiting > 0 {
                            self.freed.notify_one();
                        }
                        Err(e.into())
                    }
                };
            }
            let waited = start.elapsed();
            if self.single && slots.holder == Some(std::thread::current().id()) {
                return Err(Error::PoolTimeout {
                    waited,
                    detail: "this thread already holds the static pool's only connection \
                             (in-memory SQLite): run the statement on that Connection, or \
                             use a file database for several connections"
                        .into(),
                });
            }
            if waited >= opts.timeout {
                return Err(Error::PoolTimeout {
                    waited,
                    detail: format!(
                        "all {} connections are checked out; raise pool_size/max_overflow or return connections sooner",
                        slots.checked_out
                    ),
                });
            }
            slots.waiting += 1;
            slots = self
                .freed
                .wait_timeout(slots, opts.timeout - waited)
                .unwrap_or_else(|p| p.into_inner())
                .0;
            slots.waiting -= 1;
        }
    }

    fn hand_out(self: &Arc<Pool>, conn: Managed) -> Checkout {
        if self.single {
            self.lock().holder = Some(std::thread::current().id());
        }
        Checkout {
            conn: Some(conn),
            pool: self.clone(),
        }
    }

    fn checkin(&self, conn: Managed) {
        let mut slots = self.lock();
        slots.checked_out -= 1;
        slots.holder = None;
        let reusable =
            !conn.broken && !conn.conn.is_broken() && conn.generation == slots.generation;
        let closing = if reusable && slots.idle.len() < self.keep {
            slots.idle.push_back(conn);
            None
        } else {
            // Broken, opened before a dispose, or overflow beyond the pool
            // size: closed.
            slots.open -= 1;
            Some(conn)
        };
        let wake = slots.waiting > 0;
        drop(slots);
        if wake {
            self.freed.notify_one();
        }
        drop(closing);
    }

    /// Closes every idle connection, and each checked-out one when it comes
    /// back; the next checkouts open new ones.
    pub(crate) fn dispose(&self) {
        let mut slots = self.lock();
        slots.generation += 1;
        let idle = std::mem::take(&mut slots.idle);
        slots.open -= idle.len();
        // A checkout waiting on a full pool may now open a connection.
        let wake = slots.waiting > 0;
        drop(slots);
        if wake {
            self.freed.notify_all();
        }
        // Closed outside the lock: a close may be a round trip to the server.
        drop(idle);
    }

    pub(crate) fn state(&self) -> PoolState {
        let s = self.lock();
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        PoolState {
            connections: n(s.open),
            idle: n(s.idle.len()),
            checked_out: n(s.checked_out),
        }
    }
}
