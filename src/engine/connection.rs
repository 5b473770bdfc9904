//! Connections and transactions.

use super::driver::{DbError, ErrorKind, IsolationLevel, Outcome};
use super::events::{AfterExecute, BeforeExecute};
use super::pool::Checkout;
use super::result::{CursorResult, FromValue, Row};
use super::EngineInner;
use crate::cache::{Bound, CacheOutcome};
use crate::compile::{Compile, CompiledRef, ParamRef};
use crate::error::{Error, Result};
use crate::expr::bindparam;
use crate::query::{insert, Insert};
use crate::schema::Table;
use crate::value::Value;
use smallvec::SmallVec;
use std::cell::OnceCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options for the statements of one connection (or one statement, through
/// [`Connection::execute_with_options`]).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::ExecutionOptions;
/// use sqlcraft::prelude::*;
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.set_execution_options(ExecutionOptions { no_cache: true, ..Default::default() });
/// conn.execute(&select(lit(1)))?;
/// assert_eq!(engine.cache_stats().len, 0); // compiled without the cache
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExecutionOptions {
    /// Compile every statement fresh instead of through the engine's cache.
    pub no_cache: bool,
    /// The isolation level of transactions this connection begins (overrides the
    /// engine's).
    pub isolation_level: Option<IsolationLevel>,
    /// Log statements even when the engine's echo is off.
    pub echo: bool,
}

/// A connection checked out of the engine's pool.
///
/// The first statement begins a transaction (SQLAlchemy 2.0's "autobegin");
/// [`Connection::commit`] ends it. Dropping the connection without committing rolls
/// the transaction back and returns the connection to the pool.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let mut conn = engine.connect()?;
/// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
/// conn.commit()?;
/// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
/// drop(conn); // not committed: rolled back
/// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()?;
/// assert_eq!(n, 0);
/// # Ok(()) }
/// ```
pub struct Connection {
    engine: Arc<EngineInner>,
    checkout: Option<Checkout>,
    in_transaction: bool,
    /// A transaction died with the connection: the next commit must say so
    /// (SQLAlchemy's PendingRollbackError) instead of reporting success.
    lost_transaction: bool,
    savepoints: u32,
    options: ExecutionOptions,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("in_transaction", &self.in_transaction)
            .field("closed", &self.checkout.is_none())
            .finish()
    }
}

impl Connection {
    /// The engine this connection came from.
    pub(crate) fn engine_inner(&self) -> Arc<EngineInner> {
        Arc::clone(&self.engine)
    }

    pub(crate) fn new(engine: Arc<EngineInner>, checkout: Checkout) -> Connection {
        for h in &engine.events.on_checkout {
            h();
        }
        Connection {
            engine,
            checkout: Some(checkout),
            in_transaction: false,
            lost_transaction: false,
            savepoints: 0,
            options: ExecutionOptions::default(),
        }
    }

    fn managed(&mut self) -> Result<&mut super::pool::Managed> {
        // A match, not `ok_or`: that builds the error on every call and runs
        // its drop glue on the way out, twice per statement.
        match self.checkout.as_mut() {
            Some(checkout) => checkout.managed(),
            None => Err(Error::ConnectionClosed),
        }
    }

    /// Runs a driver call, marking the connection broken when the link is lost:
    /// the transaction is gone with it, and the pool must not hand it out again.
    fn driver<T>(
        &mut self,
        f: impl FnOnce(&mut dyn super::driver::DriverConnection) -> Result<T, DbError>,
    ) -> Result<T> {
        let managed = self.managed()?;
        match f(managed.conn.as_mut()) {
            Ok(v) => Ok(v),
            Err(e) => {
                if e.kind == ErrorKind::Connection {
                    managed.broken = true;
                    self.lost_transaction |= self.in_transaction;
                    self.in_transaction = false;
                }
                Err(e.into())
            }
        }
    }

    /// Sets options for the following statements.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::{ExecutionOptions, IsolationLevel};
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let level = Some(IsolationLevel::ReadUncommitted);
    /// conn.set_execution_options(ExecutionOptions { isolation_level: level, ..Default::default() });
    /// // SQLite's adapter begins a READ UNCOMMITTED transaction with this pragma.
    /// let on: i64 = conn.execute(&sqlcraft::text("PRAGMA read_uncommitted"))?.scalar_one()?;
    /// assert_eq!(on, 1);
    /// # Ok(()) }
    /// ```
    pub fn set_execution_options(&mut self, options: ExecutionOptions) {
        self.options = options;
    }

    /// Whether a transaction is open.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// assert!(!conn.in_transaction());
    /// conn.execute(&sqlcraft::text("SELECT 1"))?; // autobegin
    /// assert!(conn.in_transaction());
    /// conn.commit()?;
    /// assert!(!conn.in_transaction());
    /// # Ok(()) }
    /// ```
    pub fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// Whether this connection logs what it runs.
    fn echoing(&self) -> bool {
        self.engine.echo || self.options.echo
    }

    /// Logs a transaction step when echo is on.
    fn echo_transaction(&self, what: &str) {
        if self.echoing() {
            super::echo::transaction(what);
        }
    }

    /// The isolation level of the transactions this connection begins: its
    /// execution options', else the engine's.
    fn isolation_level(&self) -> Option<IsolationLevel> {
        self.options.isolation_level.or(self.engine.isolation_level)
    }

    fn autobegin(&mut self) -> Result<()> {
        if !self.in_transaction {
            let isolation = self.isolation_level();
            if isolation == Some(IsolationLevel::Autocommit) {
                // Every statement commits on its own.
                return Ok(());
            }
            self.echo_transaction("BEGIN (implicit)");
            self.driver(|c| c.begin(isolation))?;
            self.in_transaction = true;
        }
        Ok(())
    }

    /// Begins a transaction explicitly (the first statement would anyway); an
    /// error if one is already open. At [`IsolationLevel::Autocommit`] it
    /// begins none, as SQLAlchemy's `begin()` at that level.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.begin()?;
    /// assert!(conn.in_transaction());
    /// assert!(matches!(conn.begin(), Err(sqlcraft::Error::InvalidStatement(_))));
    /// # Ok(()) }
    /// ```
    pub fn begin(&mut self) -> Result<()> {
        if self.in_transaction {
            return Err(Error::invalid(
                "a transaction is already open on this connection",
            ));
        }
        self.autobegin()
    }

    /// Commits the open transaction, if any.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// conn.commit()?;
    /// conn.commit()?; // nothing open: nothing to do
    /// drop(conn);
    /// assert_eq!(count(&mut engine.connect()?)?, 1);
    /// # Ok(()) }
    /// ```
    pub fn commit(&mut self) -> Result<()> {
        if std::mem::take(&mut self.lost_transaction) {
            return Err(DbError::new(
                ErrorKind::Connection,
                "the transaction was lost with its connection and rolled back by the server; nothing was committed",
            )
            .into());
        }
        if self.in_transaction {
            // Whatever the outcome, the transaction is over: a failed COMMIT
            // (PostgreSQL's on an aborted transaction) has rolled it back.
            self.in_transaction = false;
            self.savepoints = 0;
            self.echo_transaction("COMMIT");
            self.driver(|c| c.commit())?;
        }
        Ok(())
    }

    /// Rolls back the open transaction, if any.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// conn.rollback()?;
    /// assert!(!conn.in_transaction());
    /// assert_eq!(count(&mut conn)?, 0);
    /// # Ok(()) }
    /// ```
    pub fn rollback(&mut self) -> Result<()> {
        self.lost_transaction = false;
        if self.in_transaction {
            self.in_transaction = false;
            self.savepoints = 0;
            self.echo_transaction("ROLLBACK");
            self.driver(|c| c.rollback())?;
        }
        Ok(())
    }

    /// Runs `f` in a savepoint (SQLAlchemy's `begin_nested`): released when `f`
    /// returns `Ok`, rolled back to (leaving the outer transaction intact) on `Err`
    /// or panic.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// let inner: sqlcraft::Result<()> = conn.nested(|c| {
    ///     c.exec_driver_sql("INSERT INTO t VALUES (2)", &[])?;
    ///     Err(sqlcraft::Error::invalid("undo row 2"))
    /// });
    /// assert!(inner.is_err());
    /// conn.nested(|c| c.exec_driver_sql("INSERT INTO t VALUES (3)", &[]).map(drop))?;
    /// let xs: Vec<i64> = conn.execute(&sqlcraft::text("SELECT x FROM t ORDER BY x"))?.scalars()?;
    /// assert_eq!(xs, [1, 3]);
    /// # Ok(()) }
    /// ```
    pub fn nested<T, E: From<Error>>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut sp = self.begin_nested()?;
        let r = f(sp.connection());
        match r {
            Ok(v) => {
                sp.commit()?;
                Ok(v)
            }
            Err(e) => {
                let _ = sp.rollback();
                Err(e)
            }
        }
    }

    /// Opens a savepoint; see [`Savepoint`].
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// let mut sp = conn.begin_nested()?;
    /// sp.exec_driver_sql("INSERT INTO t VALUES (2)", &[])?;
    /// sp.rollback()?; // undoes row 2 only
    /// assert!(conn.in_transaction());
    /// assert_eq!(count(&mut conn)?, 1);
    /// # Ok(()) }
    /// ```
    pub fn begin_nested(&mut self) -> Result<Savepoint<'_>> {
        self.autobegin()?;
        if !self.in_transaction {
            return Err(Error::invalid(
                "a savepoint needs a transaction: this connection runs in AUTOCOMMIT, \
                 where every statement commits on its own",
            ));
        }
        self.savepoints += 1;
        let name = format!("sa_savepoint_{}", self.savepoints);
        let sql = format!("SAVEPOINT {name}");
        self.echo_transaction(&sql);
        self.driver(|c| c.run_script(&sql))?;
        Ok(Savepoint {
            conn: self,
            name,
            done: false,
        })
    }

    /// Executes a statement built with the API (or `text()`), compiled through the
    /// engine's cache.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", &[])?;
    /// let users = table("users");
    /// conn.execute(&insert(&users).value("name", "ann"))?;
    /// let q = select(users.c("name")).from(&users).filter(users.c("id").eq(1));
    /// assert_eq!(conn.execute(&q)?.scalar_one::<String>()?, "ann");
    /// # Ok(()) }
    /// ```
    pub fn execute<S: Compile + ?Sized>(&mut self, stmt: &S) -> Result<CursorResult> {
        self.execute_with(stmt, &[])
    }

    /// Executes a statement, supplying its named parameters ([`crate::bindparam`],
    /// unbound `text()` parameters).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let q = select(bindparam("a") * 2);
    /// assert_eq!(conn.execute_with(&q, &[("a", Value::Int(21))])?.scalar_one::<i64>()?, 42);
    /// let t = text("SELECT :greeting || ', world'");
    /// let s: String = conn.execute_with(&t, &[("greeting", Value::from("hello"))])?.scalar_one()?;
    /// assert_eq!(s, "hello, world");
    /// # Ok(()) }
    /// ```
    pub fn execute_with<S: Compile + ?Sized>(
        &mut self,
        stmt: &S,
        named: &[(&str, Value)],
    ) -> Result<CursorResult> {
        let options = self.options;
        self.execute_with_options(stmt, named, options)
    }

    /// Executes a statement with options for this statement only.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::engine::ExecutionOptions;
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let fresh = ExecutionOptions { no_cache: true, ..Default::default() };
    /// let n: i64 = conn.execute_with_options(&select(lit(7)), &[], fresh)?.scalar_one()?;
    /// assert_eq!(n, 7);
    /// assert_eq!(engine.cache_stats().misses, 0);
    /// conn.execute(&select(lit(7)))?; // the connection's options: through the cache
    /// assert_eq!(engine.cache_stats().misses, 1);
    /// # Ok(()) }
    /// ```
    pub fn execute_with_options<S: Compile + ?Sized>(
        &mut self,
        stmt: &S,
        named: &[(&str, Value)],
        options: ExecutionOptions,
    ) -> Result<CursorResult> {
        let timed = self.engine.echo || options.echo;
        if !options.no_cache {
            // A statement of `bindparam`s run again: no walk, no render.
            let mut values: SmallVec<[&Value; 16]> = SmallVec::new();
            if let Some(hit) = self
                .engine
                .cache
                .bind_memoized(stmt, named, &mut values, timed)
            {
                let (sql, outcome) = hit?;
                let out = self.run(sql, &values, Some(outcome), options.echo)?;
                return Ok(CursorResult::new(out));
            }
        }
        let out = if options.no_cache {
            let (compiled, outcome) = self.compile(stmt, named, options)?;
            self.run_compiled(&compiled, named, outcome, options.echo)?
        } else {
            // Most statements have a few values: on the stack, not in a new Vec.
            let mut values: SmallVec<[&Value; 16]> = SmallVec::new();
            let (bound, outcome) =
                self.engine
                    .cache
                    .compile_bound(stmt, named, timed, &mut values)?;
            match bound {
                Bound::Sql(sql) => self.run(&sql, &values, Some(outcome), options.echo)?,
                Bound::Compiled(compiled) => {
                    self.run_compiled(&compiled, named, outcome, options.echo)?
                }
            }
        };
        Ok(CursorResult::new(out))
    }

    /// Binds `compiled` (with `named`'s values) and runs it.
    fn run_compiled(
        &mut self,
        compiled: &CompiledRef<'_>,
        named: &[(&str, Value)],
        outcome: CacheOutcome,
        echo: bool,
    ) -> Result<Outcome> {
        let mut values: SmallVec<[&Value; 16]> = SmallVec::new();
        compiled.bind_into(named, &mut values)?;
        self.run(&compiled.sql, &values, Some(outcome), echo)
    }

    /// Executes `stmt` and returns the first column of its first row, `None`
    /// without rows: SQLAlchemy's `Connection.scalar`, the shorthand for
    /// `execute(stmt)?.scalar()`.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("INSERT INTO t VALUES (4), (5)", &[])?;
    /// let t = table("t");
    /// let total: Option<i64> = conn.scalar(&select(func::sum(t.c("x"))).from(&t))?;
    /// assert_eq!(total, Some(9));
    /// let none = conn.scalar::<i64, _>(&select(t.c("x")).from(&t).filter(t.c("x").gt(9)))?;
    /// assert_eq!(none, None);
    /// # Ok(()) }
    /// ```
    pub fn scalar<T: FromValue, S: Compile + ?Sized>(&mut self, stmt: &S) -> Result<Option<T>> {
        self.execute(stmt)?.scalar()
    }

    /// Executes `stmt` and returns the first column of every row:
    /// SQLAlchemy's `Connection.scalars(stmt).all()`.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("INSERT INTO t VALUES (4), (5)", &[])?;
    /// let t = table("t");
    /// let xs: Vec<i64> = conn.scalars(&select(t.c("x")).from(&t).order_by(t.c("x").desc()))?;
    /// assert_eq!(xs, [5, 4]);
    /// # Ok(()) }
    /// ```
    pub fn scalars<T: FromValue, S: Compile + ?Sized>(&mut self, stmt: &S) -> Result<Vec<T>> {
        self.execute(stmt)?.scalars()
    }

    /// Executes a query and hands its rows to `f` one at a time, as the driver
    /// reads them, without holding the result in memory: SQLAlchemy's
    /// `stream_results` / `yield_per`, for results larger than memory. Returns
    /// how many rows `f` was given.
    ///
    /// An error from `f` stops the reading (the rest of the result is
    /// discarded) and is returned as it is; the connection stays usable. The
    /// statement goes through the compilation cache, the events and echo as
    /// with [`Connection::execute`]; `after_execute` runs when the reading ends,
    /// with the rows read.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1), (2), (3)", &[])?;
    /// let t = table("t");
    /// let mut sum = 0;
    /// let n = conn.stream(&select(t.c("x")).from(&t), |row| {
    ///     sum += row.get::<i64, _>("x")?;
    ///     Ok::<_, Error>(())
    /// })?;
    /// assert_eq!((n, sum), (3, 6));
    /// # Ok(()) }
    /// ```
    pub fn stream<S, E, F>(&mut self, stmt: &S, f: F) -> std::result::Result<u64, E>
    where
        S: Compile + ?Sized,
        E: From<Error>,
        F: FnMut(Row) -> std::result::Result<(), E>,
    {
        self.stream_with(stmt, &[], f)
    }

    /// [`Connection::stream`] with values for the statement's named parameters
    /// ([`crate::bindparam`], `text()` parameters), as
    /// [`Connection::execute_with`].
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let mut seen = Vec::new();
    /// let q = text("SELECT :a AS a UNION ALL SELECT :b");
    /// conn.stream_with(&q, &[("a", Value::Int(1)), ("b", Value::Int(2))], |row| {
    ///     seen.push(row.get::<i64, _>(0)?);
    ///     Ok::<_, Error>(())
    /// })?;
    /// assert_eq!(seen, [1, 2]);
    /// # Ok(()) }
    /// ```
    pub fn stream_with<S, E, F>(
        &mut self,
        stmt: &S,
        named: &[(&str, Value)],
        mut f: F,
    ) -> std::result::Result<u64, E>
    where
        S: Compile + ?Sized,
        E: From<Error>,
        F: FnMut(Row) -> std::result::Result<(), E>,
    {
        let options = self.options;
        let (compiled, outcome) = self.compile(stmt, named, options)?;
        let mut values: SmallVec<[&Value; 16]> = SmallVec::new();
        compiled.bind_into(named, &mut values)?;
        let mut failure = None;
        let mut rows = 0u64;
        let mut sink = |columns: &Arc<[String]>, row: Vec<Value>| {
            rows += 1;
            match f(Row::new(Arc::clone(columns), row)) {
                Ok(()) => true,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        };
        self.run_streaming(&compiled.sql, &values, outcome, options.echo, &mut sink)?;
        match failure {
            Some(e) => Err(e),
            None => Ok(rows),
        }
    }

    /// Compiles `stmt` through the engine's cache, or fresh with `no_cache`;
    /// the clock is read only for the echo's badge.
    fn compile<'s, S: Compile + ?Sized>(
        &self,
        stmt: &'s S,
        named: &'s [(&'s str, Value)],
        options: ExecutionOptions,
    ) -> Result<(CompiledRef<'s>, CacheOutcome)> {
        if options.no_cache {
            let start = Instant::now();
            let c = stmt.compile_with(self.engine.dialect.as_ref(), named)?;
            return Ok((
                CompiledRef::from(c),
                CacheOutcome::Miss {
                    elapsed: start.elapsed(),
                },
            ));
        }
        let timed = self.engine.echo || options.echo;
        self.engine.cache.compile_ref_inner(stmt, named, timed)
    }

    /// [`Connection::run`] for [`Connection::stream_with`]: the rows go to
    /// `sink` as they are read.
    fn run_streaming(
        &mut self,
        sql: &str,
        values: &[&Value],
        cache: CacheOutcome,
        echo: bool,
        sink: super::driver::RowSink<'_>,
    ) -> Result<()> {
        // The rows handed over, for after_execute.
        let read = std::cell::Cell::new(0u64);
        let mut counting = |columns: &Arc<[String]>, row: Vec<Value>| {
            read.set(read.get() + 1);
            sink(columns, row)
        };
        self.with_events(
            sql,
            values,
            Some(cache),
            echo,
            |c| c.run_streaming(sql, values, &mut counting),
            |_| read.get(),
        )
        .map(drop)
    }

    /// Runs SQL text as is, with positional values in the driver's placeholder
    /// style (SQLAlchemy's `exec_driver_sql`).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::Value;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let r = conn.exec_driver_sql("SELECT ? + ? AS total", &[Value::Int(40), Value::Int(2)])?;
    /// assert_eq!(r.columns(), ["total"]);
    /// assert_eq!(r.scalar_one::<i64>()?, 42);
    /// # Ok(()) }
    /// ```
    pub fn exec_driver_sql(&mut self, sql: &str, params: &[Value]) -> Result<CursorResult> {
        let echo = self.options.echo;
        let values: Vec<&Value> = params.iter().collect();
        self.run(sql, &values, None, echo).map(CursorResult::new)
    }

    fn run(
        &mut self,
        sql: &str,
        values: &[&Value],
        cache: Option<CacheOutcome>,
        echo: bool,
    ) -> Result<Outcome> {
        let observed = {
            let e = &self.engine;
            !e.events.before_execute.is_empty()
                || !e.events.after_execute.is_empty()
                || e.echo
                || echo
        };
        if !observed {
            // Nobody looks: no copies, no clock.
            self.autobegin()?;
            return self.driver(|c| c.run_refs(sql, values).map_err(|e| attach_sql(e, sql)));
        }
        self.run_observed(sql, values, cache, echo)
    }

    /// [`Connection::run`] with handlers or echo to serve.
    fn run_observed(
        &mut self,
        sql: &str,
        values: &[&Value],
        cache: Option<CacheOutcome>,
        echo: bool,
    ) -> Result<Outcome> {
        self.with_events(
            sql,
            values,
            cache,
            echo,
            |c| c.run_refs(sql, values),
            |out| out.rows.len() as u64,
        )
    }

    /// Runs `exec` on the driver between the execute events: before_execute
    /// (which may refuse the statement), the transaction's autobegin, the echo,
    /// then after_execute with the elapsed time and the rows: the count of
    /// rows written for a statement without result columns, else `rows_read`.
    /// Nobody looking, nothing is copied and the clock is not read.
    fn with_events(
        &mut self,
        sql: &str,
        values: &[&Value],
        cache: Option<CacheOutcome>,
        echo: bool,
        exec: impl FnOnce(&mut dyn super::driver::DriverConnection) -> Result<Outcome, DbError>,
        rows_read: impl FnOnce(&Outcome) -> u64,
    ) -> Result<Outcome> {
        let engine = self.engine.clone();
        let observed = !engine.events.before_execute.is_empty()
            || !engine.events.after_execute.is_empty()
            || engine.echo
            || echo;
        // Handlers and the echo log see owned values.
        let owned: Vec<Value> = if observed {
            values.iter().map(|v| (*v).clone()).collect()
        } else {
            Vec::new()
        };
        for h in &engine.events.before_execute {
            h(&BeforeExecute {
                sql,
                params: &owned,
            })
            .map_err(Error::Rejected)?;
        }
        self.autobegin()?;
        if engine.echo || echo {
            super::echo::statement(sql, &owned, cache);
        }
        // The clock is read only for handlers that want the elapsed time.
        let timed = !engine.events.after_execute.is_empty();
        let start = timed.then(Instant::now);
        let out = self.driver(|c| exec(c).map_err(|e| attach_sql(e, sql)))?;
        if let Some(start) = start {
            let elapsed = start.elapsed();
            let rows = if out.columns.is_empty() {
                out.rows_affected
            } else {
                rows_read(&out)
            };
            for h in &engine.events.after_execute {
                h(&AfterExecute {
                    sql,
                    params: &owned,
                    elapsed,
                    rows,
                });
            }
        }
        Ok(out)
    }

    /// The driver's own connection, as its type `C` (`rusqlite::Connection`,
    /// `postgres::Client` or `mysql::Conn` for the built-in adapters): SQLAlchemy's
    /// `driver_connection`, for what the engine does not offer.
    ///
    /// It is the same database session: a transaction this connection has begun
    /// covers what runs there, and ends with this connection's commit or
    /// rollback. What runs there goes around the engine (no events, no echo, no
    /// compilation cache), so transaction control belongs on this `Connection`,
    /// not on the driver's, or the two would disagree about what is open.
    ///
    /// A `C` that is not the driver's type is an
    /// [`Error::DriverConnectionType`]; a closed connection,
    /// [`Error::ConnectionClosed`].
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let raw: &mut rusqlite::Connection = conn.driver_connection()?;
    /// let n: i64 = raw.query_row("SELECT 6 * 7", [], |row| row.get(0)).unwrap();
    /// assert_eq!(n, 42);
    /// assert!(conn.driver_connection::<String>().is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn driver_connection<C: std::any::Any>(&mut self) -> Result<&mut C> {
        let driver = self.engine.driver.name();
        let managed = self.managed()?;
        managed
            .conn
            .driver_connection()
            .and_then(|c| c.downcast_mut::<C>())
            .ok_or(Error::DriverConnectionType {
                driver,
                requested: std::any::type_name::<C>(),
            })
    }

    /// Executes one statement for every parameter set (SQLAlchemy's executemany
    /// for statements with [`crate::bindparam`]s). Returns the total
    /// affected-row count.
    ///
    /// An `INSERT … VALUES` of one row whose parameters all sit in that row is
    /// sent in multi-row `VALUES` pages, as SQLAlchemy's "insertmanyvalues"
    /// does: each page holds as many sets as the engine's parameter limit
    /// allows, at most 1,000, and full pages share one compiled form. Every
    /// other statement is compiled once and run once per set. A client-side
    /// default function ([`crate::schema::ColumnBuilder::default_fn`]) is
    /// called once for every row sent, and for nothing else.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// let t = table("t");
    /// let stmt = insert(&t).value("x", bindparam("x"));
    /// let sets: Vec<Vec<(&str, Value)>> = (1..=3).map(|i| vec![("x", Value::Int(i))]).collect();
    /// assert_eq!(conn.execute_many(&stmt, &sets)?, 3);
    /// let n: i64 = conn.execute(&text("SELECT sum(x) FROM t"))?.scalar_one()?;
    /// assert_eq!(n, 6);
    /// # Ok(()) }
    /// ```
    pub fn execute_many<S: Compile + ?Sized>(
        &mut self,
        stmt: &S,
        param_sets: &[Vec<(&str, Value)>],
    ) -> Result<u64> {
        Ok(self.run_many(stmt, param_sets, false)?.rows_affected)
    }

    /// [`Connection::execute_many`], keeping the rows the statement returns (an
    /// `INSERT … RETURNING`) for every set: SQLAlchemy's executemany with
    /// RETURNING. The rows come page by page, in the order the sets were given
    /// (within a page, in the order the engine returns them, which for a
    /// multi-row `VALUES` is the rows' order on all three built-in engines);
    /// `rowcount()` is the total. `last_insert_id()` is `None` unless there was
    /// one set: after a multi-row INSERT, SQLite reports the last row's id and
    /// MySQL the first's, so no one id stands for the batch (SQLAlchemy has no
    /// `inserted_primary_key` for executemany either); RETURNING gives them all.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("id", SqlType::Integer).primary_key();
    ///     t.column("x", SqlType::Integer);
    /// })?;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// meta.create_all(&engine)?;
    /// let mut conn = engine.connect()?;
    /// let stmt = insert(&t).value("x", bindparam("x")).returning([t.c("id"), t.c("x")]);
    /// let sets: Vec<Vec<(&str, Value)>> = (1..=3).map(|i| vec![("x", Value::Int(i * 10))]).collect();
    /// let result = conn.execute_many_returning(&stmt, &sets)?;
    /// assert_eq!(result.rowcount(), 3);
    /// let rows: Vec<(i64, i64)> = result.map(|r| Ok((r.get(0)?, r.get(1)?))).collect::<Result<_, Error>>()?;
    /// assert_eq!(rows, [(1, 10), (2, 20), (3, 30)]);
    /// # Ok(()) }
    /// ```
    pub fn execute_many_returning<S: Compile + ?Sized>(
        &mut self,
        stmt: &S,
        param_sets: &[Vec<(&str, Value)>],
    ) -> Result<CursorResult> {
        self.run_many(stmt, param_sets, true).map(CursorResult::new)
    }

    /// The work of [`Connection::execute_many`]: every page's or set's outcome
    /// added up, with its rows when `keep_rows`.
    fn run_many<S: Compile + ?Sized>(
        &mut self,
        stmt: &S,
        param_sets: &[Vec<(&str, Value)>],
        keep_rows: bool,
    ) -> Result<Outcome> {
        if let Some((name, _)) = param_sets
            .iter()
            .flatten()
            .find(|(_, v)| matches!(v, Value::List(_)))
        {
            // Each set's lengths would make a statement of its own.
            return Err(Error::invalid(format!(
                "execute_many takes no list for {name:?}: expanding parameters make one \
                 statement per length; run each set with execute_with"
            )));
        }
        // Sized by counting placeholders: a client-side default function is
        // called only for the values that are sent, once a row. With no sets
        // the count still reports the statement's compile errors; one set has
        // nothing to page and is compiled below.
        let dialect = self.engine.dialect.as_ref();
        let per_row = match param_sets.len() {
            1 => 0,
            _ => crate::compile::count_params(stmt, dialect)?,
        };
        let page_rows = match per_row {
            0 => 1,
            n => (self.param_limit() / n).clamp(1, 1000),
        };
        let echo = self.options.echo;
        let mut total = Outcome {
            columns: Arc::from(Vec::new()),
            rows: Vec::new(),
            rows_affected: 0,
            last_insert_id: None,
        };
        let one_set = param_sets.len() == 1;
        let mut add = |out: Outcome| {
            total.rows_affected += out.rows_affected;
            total.last_insert_id = out.last_insert_id.filter(|_| one_set);
            if keep_rows {
                if total.columns.is_empty() {
                    total.columns = out.columns;
                }
                total.rows.extend(out.rows);
            }
        };
        let mut sent = 0;
        if page_rows > 1 && param_sets.len() > 1 {
            // A page of two rows tells whether every parameter sits in the row:
            // one outside it (in a CTE, an ON CONFLICT clause, RETURNING) would
            // be counted once for the page, not once a row.
            // A dialect that cannot render the two rows gets one set at a time.
            let pageable = stmt
                .values_row_repeated(2)
                .and_then(|two| crate::compile::count_params(&two, dialect).ok())
                .is_some_and(|two| two == 2 * per_row);
            if pageable {
                let full_tree = OnceCell::new();
                let mut full = ReusedPage::default();
                for sets in param_sets.chunks(page_rows) {
                    if sets.len() == 1 {
                        break;
                    }
                    let mut short = None;
                    let form = self.page_form(
                        stmt,
                        sets.len(),
                        page_rows,
                        &full_tree,
                        &mut full,
                        &mut short,
                    )?;
                    let Some((compiled, page_badge)) = form else {
                        break;
                    };
                    let values = compiled.bind_rows(sets, per_row)?;
                    add(self.run(&compiled.sql, &values, Some(page_badge), echo)?);
                    sent += sets.len();
                }
            }
        }
        // One set at a time: compiled through the cache for the first, reused
        // for the next unless it holds values made per execution (client-side
        // default functions), which are made again for every set.
        let mut one = ReusedPage::default();
        for set in &param_sets[sent..] {
            let (compiled, set_badge) = self.reused_page(stmt, &mut one)?;
            let values = compiled.bind(set)?;
            add(self.run(&compiled.sql, &values, Some(set_badge), echo)?);
        }
        Ok(total)
    }

    /// The most parameters one statement may carry on this engine: the lower
    /// of the driver's and the dialect's limits.
    fn param_limit(&self) -> usize {
        self.engine
            .driver
            .max_params()
            .min(self.engine.dialect.max_params())
    }

    /// Inserts many rows with multi-row `VALUES` pages (SQLAlchemy's
    /// "insertmanyvalues"): each page holds as many rows as the engine's parameter
    /// limit allows, at most 1,000, and all pages but the last share one compiled
    /// form. Returns the number of rows inserted.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let orders = meta.table("orders", |t| {
    ///     t.column("id", SqlType::Integer).primary_key();
    ///     t.column("user_id", SqlType::Integer);
    ///     t.column("total", SqlType::Float);
    /// })?;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// meta.create_all(&engine)?;
    /// let mut conn = engine.connect()?;
    /// let rows = (0..10_000).map(|i| vec![Value::Int(i % 100), Value::Float(9.5)]);
    /// let n = conn.insert_many(&orders, &["user_id", "total"], rows)?;
    /// assert_eq!(n, 10_000);
    /// let q = select(func::sum(orders.c("total"))).from(&orders);
    /// assert_eq!(conn.execute(&q)?.scalar_one::<f64>()?, 95_000.0);
    /// # Ok(()) }
    /// ```
    pub fn insert_many<I>(&mut self, table: &Table, columns: &[&str], rows: I) -> Result<u64>
    where
        I: IntoIterator<Item = Vec<Value>>,
    {
        if columns.is_empty() {
            return Err(Error::invalid("insert_many needs at least one column"));
        }
        if let Some(twice) = columns
            .iter()
            .enumerate()
            .find_map(|(i, c)| columns[..i].contains(c).then_some(c))
        {
            return Err(Error::invalid(format!(
                "insert_many names the column {twice:?} twice"
            )));
        }
        // One row of parameters named after the columns, which every page
        // repeats: a page is built and compiled once per call, not once per
        // page, and each row's values are bound where they lie, with no tree
        // of values to build, walk for a key and drop.
        let one_row = columns
            .iter()
            .fold(insert(table), |q, c| q.value(c, bindparam(c)));
        // Client-side defaults of the other columns take a placeholder each.
        let defaults = table
            .columns()
            .iter()
            .filter(|c| c.default.is_some() && !columns.contains(&c.name.as_ref()))
            .count();
        let page_rows = (self.param_limit() / (columns.len() + defaults)).clamp(1, 1000);
        let mut one = ReusedPage::default();
        let echo = self.options.echo;
        let full_tree = OnceCell::new();
        let mut full = ReusedPage::default();
        let mut rows = rows.into_iter();
        let mut page: Vec<Vec<Value>> = Vec::new();
        let (mut n, mut total) = (0usize, 0u64);
        loop {
            page.clear();
            for row in rows.by_ref().take(page_rows) {
                n += 1;
                if row.len() != columns.len() {
                    return Err(Error::InvalidStatement(
                        format!(
                            "insert_many row {n} has {} values for {} columns",
                            row.len(),
                            columns.len()
                        )
                        .into(),
                    ));
                }
                page.push(row);
            }
            if page.is_empty() {
                break;
            }
            let mut short = None;
            let (compiled, badge) = if page.len() == 1 {
                self.reused_page(&one_row, &mut one)?
            } else {
                let form = self.page_form(
                    &one_row,
                    page.len(),
                    page_rows,
                    &full_tree,
                    &mut full,
                    &mut short,
                )?;
                match form {
                    Some(form) => form,
                    // Only a builder error stops the row repeating: compiling
                    // the row reports it.
                    None => {
                        return Err(one_row
                            .compile(self.engine.dialect.as_ref())
                            .err()
                            .unwrap_or_else(|| Error::invalid("insert_many: no VALUES row")))
                    }
                }
            };
            let values = bind_page(compiled, columns, &page)?;
            total += self
                .run(&compiled.sql, &values, Some(badge), echo)?
                .rows_affected;
            if page.len() < page_rows {
                break;
            }
        }
        Ok(total)
    }

    /// The compiled form of a page that every page of one `execute_many` or
    /// `insert_many` call shares: compiled (through the cache) the first time;
    /// then reused as it is, unless it holds values made per execution
    /// (client-side column defaults), which compiling again makes afresh (the
    /// statement's memo makes that a render, with no walk). The echo badge of
    /// a reuse is a hit, aged from when the form was compiled.
    fn reused_page<'p, 't, S: Compile + ?Sized>(
        &self,
        tree: &'t S,
        page: &'p mut ReusedPage<'t>,
    ) -> Result<(&'p CompiledRef<'t>, CacheOutcome)> {
        let reuse = page
            .0
            .as_ref()
            .filter(|(compiled, _, _)| !makes_values(compiled))
            .map(|(_, age, at)| *age + at.elapsed());
        match (reuse, &mut page.0) {
            (Some(age), Some((compiled, _, _))) => Ok((compiled, CacheOutcome::Hit { age })),
            (_, slot) => {
                let (compiled, outcome) = self.compile(tree, &[], self.options)?;
                let age = match outcome {
                    CacheOutcome::Hit { age } => age,
                    _ => Duration::ZERO,
                };
                let (compiled, _, _) = slot.insert((compiled, age, Instant::now()));
                Ok((compiled, outcome))
            }
        }
    }

    /// The compiled form of a page of `rows` repetitions of `one_row`'s VALUES
    /// row: a full page (`page_rows` rows), built once into `full_tree` and
    /// kept in `full` ([`Connection::reused_page`]); a shorter last page
    /// compiled fresh into `short`, since through the cache batches of every
    /// size would crowd it with an entry each. `None` if the row cannot be
    /// repeated.
    fn page_form<'p, 't, S: Compile + ?Sized>(
        &self,
        one_row: &S,
        rows: usize,
        page_rows: usize,
        full_tree: &'t OnceCell<Option<Insert>>,
        full: &'p mut ReusedPage<'t>,
        short: &'p mut Option<CompiledRef<'static>>,
    ) -> Result<Option<(&'p CompiledRef<'t>, CacheOutcome)>> {
        if rows == page_rows {
            return match full_tree.get_or_init(|| one_row.values_row_repeated(page_rows)) {
                Some(tree) => self.reused_page(tree, full).map(Some),
                None => Ok(None),
            };
        }
        let Some(page) = one_row.values_row_repeated(rows) else {
            return Ok(None);
        };
        let start = Instant::now();
        let fresh = page.compile(self.engine.dialect.as_ref())?;
        let elapsed = start.elapsed();
        let compiled: &CompiledRef<'static> = short.insert(fresh.into());
        Ok(Some((compiled, CacheOutcome::Miss { elapsed })))
    }

    /// Returns the connection to the pool, rolling back an open transaction.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// conn.close();
    /// assert_eq!(engine.pool_state().checked_out, 0);
    /// assert_eq!(count(&mut engine.connect()?)?, 0);
    /// # Ok(()) }
    /// ```
    pub fn close(self) {}

    /// The dialect of the engine this connection belongs to.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let conn = engine.connect()?;
    /// assert_eq!(conn.dialect().name(), "sqlite");
    /// # Ok(()) }
    /// ```
    pub fn dialect(&self) -> &dyn crate::Dialect {
        self.engine.dialect.as_ref()
    }
}

fn attach_sql(mut e: DbError, sql: &str) -> DbError {
    if e.sql.is_none() {
        e.sql = Some(sql.to_owned());
    }
    e
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.in_transaction {
            // Reset on return: nothing uncommitted may outlive the connection.
            self.echo_transaction("ROLLBACK");
            if let Ok(m) = self.managed() {
                if m.conn.rollback().is_err() {
                    m.broken = true;
                }
            }
            self.in_transaction = false;
        }
        if self.checkout.is_some() {
            // As SQLAlchemy: checkin handlers run before the pool has it back.
            for h in &self.engine.events.on_checkin {
                h();
            }
            self.checkout = None;
        }
    }
}

/// A savepoint inside a connection's transaction.
///
/// [`Savepoint::commit`] releases it; [`Savepoint::rollback`] — or dropping it
/// without committing — rolls back to it, undoing only what ran since it opened.
/// It derefs to its [`Connection`].
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// # let mut conn = engine.connect()?;
/// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
/// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
/// {
///     let mut sp = conn.begin_nested()?;
///     sp.exec_driver_sql("INSERT INTO t VALUES (2)", &[])?;
/// } // dropped without commit: rolled back to
/// let xs: Vec<i64> = conn.execute(&sqlcraft::text("SELECT x FROM t"))?.scalars()?;
/// assert_eq!(xs, [1]);
/// # Ok(()) }
/// ```
pub struct Savepoint<'c> {
    conn: &'c mut Connection,
    name: String,
    done: bool,
}

impl Savepoint<'_> {
    /// The connection, to execute statements inside the savepoint.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// let mut sp = conn.begin_nested()?;
    /// sp.connection().exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// assert_eq!(count(sp.connection())?, 1);
    /// sp.commit()?;
    /// # Ok(()) }
    /// ```
    pub fn connection(&mut self) -> &mut Connection {
        self.conn
    }
    /// Releases the savepoint, keeping its work in the outer transaction.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// let mut sp = conn.begin_nested()?;
    /// sp.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// sp.commit()?;
    /// conn.commit()?;
    /// drop(conn);
    /// assert_eq!(count(&mut engine.connect()?)?, 1);
    /// # Ok(()) }
    /// ```
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        let sql = format!("RELEASE SAVEPOINT {}", self.name);
        self.conn.echo_transaction(&sql);
        self.conn.driver(|c| c.run_script(&sql))
    }
    /// Rolls back to the savepoint.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// # conn.commit()?;
    /// # fn count(conn: &mut sqlcraft::engine::Connection) -> sqlcraft::Result<i64> {
    /// #     conn.execute(&sqlcraft::text("SELECT count(*) FROM t"))?.scalar_one()
    /// # }
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1)", &[])?;
    /// let mut sp = conn.begin_nested()?;
    /// sp.exec_driver_sql("INSERT INTO t VALUES (2)", &[])?;
    /// sp.rollback()?;
    /// assert_eq!(count(&mut conn)?, 1);
    /// # Ok(()) }
    /// ```
    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.undo()
    }
    fn undo(&mut self) -> Result<()> {
        if !self.conn.in_transaction {
            return Ok(());
        }
        let sql = format!("ROLLBACK TO SAVEPOINT {}", self.name);
        self.conn.echo_transaction(&sql);
        self.conn.driver(|c| c.run_script(&sql))
    }
}

impl std::ops::Deref for Savepoint<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl std::ops::DerefMut for Savepoint<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.undo();
        }
    }
}

/// A compiled page kept for reuse (see `Connection::reused_page`): the form,
/// its cache entry's age when compiled, and when that was.
#[derive(Default)]
struct ReusedPage<'t>(Option<(CompiledRef<'t>, Duration, Instant)>);

/// Whether a compiled form holds values made per execution (client-side
/// default functions), which binding it again would repeat.
fn makes_values(compiled: &CompiledRef<'_>) -> bool {
    compiled
        .params
        .iter()
        .any(|p| matches!(p, ParamRef::Owned(_)))
}

/// The values of a page of `insert_many` rows in placeholder order. Every row
/// of the page repeats one row of placeholders: each is named after the column
/// of the row it takes, or holds the statement's own value (a client-side
/// default).
fn bind_page<'v>(
    compiled: &'v CompiledRef<'_>,
    columns: &[&str],
    page: &'v [Vec<Value>],
) -> Result<Vec<&'v Value>> {
    let params = &compiled.params;
    if page.is_empty() || params.len() % page.len() != 0 {
        return Err(Error::invalid(format!(
            "a page of {} rows has {} parameters",
            page.len(),
            params.len()
        )));
    }
    let per_row = params.len() / page.len();
    if per_row == 0 {
        return Ok(Vec::new());
    }
    let mut slots: SmallVec<[Option<usize>; 16]> = SmallVec::with_capacity(per_row);
    for p in &params[..per_row] {
        slots.push(match p {
            ParamRef::Named(name) => {
                Some(columns.iter().position(|c| **c == **name).ok_or_else(|| {
                    Error::MissingBindParam {
                        name: name.to_string(),
                    }
                })?)
            }
            ParamRef::Value(_) | ParamRef::Owned(_) => None,
        });
    }
    let mut values = Vec::with_capacity(params.len());
    for (row_params, row) in params.chunks(per_row).zip(page) {
        for (p, slot) in row_params.iter().zip(&slots) {
            let value = match (slot, p) {
                (Some(i), _) => &row[*i],
                (None, ParamRef::Value(v)) => *v,
                (None, ParamRef::Owned(v)) => v,
                (None, ParamRef::Named(name)) => {
                    return Err(Error::MissingBindParam {
                        name: name.to_string(),
                    })
                }
            };
            if let Value::List(_) = value {
                return Err(Error::invalid(crate::value::LIST_VALUE_MISPLACED));
            }
            values.push(value);
        }
    }
    Ok(values)
}
