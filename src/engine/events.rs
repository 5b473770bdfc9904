//! Engine events: before/after execute, on connect, checkout and checkin.

use super::driver::{DbError, DriverConnection};
use crate::value::Value;
use std::sync::Arc;
use std::time::Duration;

/// What a before-execute handler sees
/// ([`EngineBuilder::before_execute`](super::EngineBuilder::before_execute)).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::Value;
/// use std::sync::{Arc, Mutex};
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let log = seen.clone();
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
///     .before_execute(move |ev| { log.lock().unwrap().push((ev.sql.to_owned(), ev.params.to_vec())); Ok(()) })
///     .build()?;
/// engine.connect()?.exec_driver_sql("SELECT ? + ?", &[Value::Int(1), Value::Int(2)])?;
/// assert_eq!(*seen.lock().unwrap(), [("SELECT ? + ?".to_owned(), vec![Value::Int(1), Value::Int(2)])]);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct BeforeExecute<'a> {
    /// The SQL about to run.
    pub sql: &'a str,
    /// Its parameters, in placeholder order.
    pub params: &'a [Value],
}

/// What an after-execute handler sees
/// ([`EngineBuilder::after_execute`](super::EngineBuilder::after_execute)).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// # use std::sync::{Arc, Mutex};
/// let counts = Arc::new(Mutex::new(Vec::new()));
/// let log = counts.clone();
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
///     .after_execute(move |ev| log.lock().unwrap().push(ev.rows))
///     .build()?;
/// let mut conn = engine.connect()?;
/// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
/// conn.exec_driver_sql("INSERT INTO t VALUES (1), (2), (3)", &[])?; // 3 affected
/// conn.exec_driver_sql("SELECT x FROM t WHERE x > 1", &[])?; // 2 returned
/// assert_eq!(*counts.lock().unwrap(), [0, 3, 2]);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AfterExecute<'a> {
    /// The SQL that ran.
    pub sql: &'a str,
    /// Its parameters.
    pub params: &'a [Value],
    /// How long the driver took.
    pub elapsed: Duration,
    /// Rows affected (driver's count), or rows returned for a query.
    pub rows: u64,
}

pub(crate) type BeforeHandler = Arc<dyn Fn(&BeforeExecute<'_>) -> Result<(), String> + Send + Sync>;
pub(crate) type AfterHandler = Arc<dyn Fn(&AfterExecute<'_>) + Send + Sync>;
pub(crate) type ConnectHandler =
    Arc<dyn Fn(&mut dyn DriverConnection) -> Result<(), DbError> + Send + Sync>;
pub(crate) type PoolHandler = Arc<dyn Fn() + Send + Sync>;

/// The handlers registered on an engine (through [`super::EngineBuilder`]).
///
/// ```
/// use sqlcraft::engine::Events;
/// let none = Events::default();
/// assert_eq!(
///     format!("{none:?}"),
///     "Events { before_execute: 0, after_execute: 0, on_connect: 0, on_checkout: 0, on_checkin: 0 }"
/// );
/// ```
#[derive(Default, Clone)]
pub struct Events {
    pub(crate) before_execute: Vec<BeforeHandler>,
    pub(crate) after_execute: Vec<AfterHandler>,
    pub(crate) on_connect: Vec<ConnectHandler>,
    pub(crate) on_checkout: Vec<PoolHandler>,
    pub(crate) on_checkin: Vec<PoolHandler>,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("before_execute", &self.before_execute.len())
            .field("after_execute", &self.after_execute.len())
            .field("on_connect", &self.on_connect.len())
            .field("on_checkout", &self.on_checkout.len())
            .field("on_checkin", &self.on_checkin.len())
            .finish()
    }
}
