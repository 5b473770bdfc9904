//! [`MySqlConnection`]: one open connection, implementing the engine's
//! [`DriverConnection`].
//!
//! The prepared-statement cache lives here, not in the `mysql` crate: the crate's
//! `Conn::prep` parses the SQL text for `:named` parameters on every call, before
//! it even looks in its cache (thousands of instructions per statement, as much
//! as the rest of the adapter's work), so statements are looked up here by their
//! text and executed by handle. The crate's own cache is switched off
//! (`stmt_cache_size(0)`, see `options::connect_opts`) so that every server
//! statement has exactly one owner. Were both on, they would fight: the crate's
//! cache would only see this one's misses, so its LRU order would really be
//! first prepared, first out, and when full it would close on the server the
//! oldest statement, which may be one this cache still holds and runs all the
//! time (error 1243 on its next run); and it would close every statement it
//! holds, one write each, when the connection is dropped. With it off, `prep`
//! always prepares, `Conn::close` (which also drops the id from the crate's
//! cache: a no-op) is called only for statements this cache lets go, and a
//! dropped connection just quits (the server frees its statements then).

use super::errors;
use super::values::{self, ColumnReader};
use lru::LruCache;
use mysql::prelude::Queryable;
use mysql::{Conn, Params, QueryResult, Statement};
use sqlcraft::engine::{DbError, DriverConnection, IsolationLevel, Outcome, Row, RowSink};
use sqlcraft::Value;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Arc;

/// One open MySQL/MariaDB connection, as the engine uses it.
///
/// Statements run by [`run`](DriverConnection::run) and
/// [`run_refs`](DriverConnection::run_refs) are prepared once per connection
/// and kept in its statement cache, keyed by the SQL text (least recently used
/// first out, at most `statement_cache_size` of them: 256 unless
/// [`MySqlDriver::statement_cache_size`](super::MySqlDriver::statement_cache_size)
/// or the URL's `statement_cache_size` says otherwise), so the same statement
/// shape is prepared once and then only executed. A statement evicted from the
/// cache is closed on the server, so a connection never holds more than the
/// cache size there (servers cap them: `max_prepared_stmt_count`). A statement
/// the server has forgotten (error 1243 after a session reset, 1615 after a
/// schema change it could not follow) is prepared again and run once more.
/// Values are always bound through the binary protocol, never inlined.
///
/// Each session runs with `sql_mode` `STRICT_ALL_TABLES,NO_ZERO_IN_DATE,
/// NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION` (an
/// out-of-range or too-long value is an error, not a warning), `time_zone
/// '+00:00'` and the utf8mb4 character set; `NO_BACKSLASH_ESCAPES` is not set,
/// matching [`MySql`](crate::MySql)'s literal rendering. `rows_affected` of an
/// UPDATE counts the rows it matched (`CLIENT_FOUND_ROWS`), as on the other
/// engines; an `INSERT … ON DUPLICATE KEY UPDATE` counts 1 per inserted row and 2
/// per updated one, as MySQL reports it.
///
/// ```no_run
/// use sqlcraft::engine::DriverConnection;
/// use sqlcraft::Value;
/// use sqlcraft_mysql::MySqlDriver;
///
/// let url = "mysql://app:secret@127.0.0.1:3306/shop".parse().unwrap();
/// let mut conn = MySqlDriver::default().open(&url).unwrap();
/// let out = conn.run("SELECT ? + 1 AS n", &[Value::Int(41)]).unwrap();
/// assert_eq!(out.rows, vec![vec![Value::Int(42)]]);
/// assert_eq!(conn.statements_prepared(), 1);
/// ```
pub struct MySqlConnection {
    conn: Conn,
    broken: bool,
    prepared: u64,
    /// Prepared statements by SQL text, least recently used out first; `None`
    /// when caching is off (each statement is then closed after it runs, or the
    /// server would keep it until the connection ends).
    cache: Option<LruCache<String, Prepared>>,
    /// Inside a transaction this adapter began: DDL ends it implicitly, and the
    /// adapter opens the next one so that later statements stay undoable.
    in_transaction: bool,
}

impl fmt::Debug for MySqlConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MySqlConnection")
            .field("connection_id", &self.conn.connection_id())
            .field("server_version", &self.conn.server_version())
            .field("broken", &self.broken)
            .field("statements_prepared", &self.prepared)
            .field("cached_statements", &self.cached_statements())
            .finish()
    }
}

/// The server no longer knows the statement handle (`ER_UNKNOWN_STMT_HANDLER`):
/// the session was reset or the statement closed behind the cache's back.
const UNKNOWN_STATEMENT: u16 = 1243;
/// The server gave up re-preparing a statement after a schema change
/// (`ER_NEED_REPREPARE`); the handle still exists.
const NEEDS_REPREPARE: u16 = 1615;
/// Caps the row `Vec` pre-sized from a statement's previous run, so that one
/// large result does not make every later run allocate as much.
const MAX_ROWS_HINT: usize = 1024;

/// A statement prepared on the server, with what running it needs besides the
/// handle, worked out once rather than per run.
struct Prepared {
    stmt: Statement,
    /// The result columns' names as the last run reported them, shared with
    /// every [`Outcome`] of the statement.
    columns: Arc<[String]>,
    /// How the values of those columns convert.
    readers: Vec<ColumnReader>,
    /// An INSERT, REPLACE, DELETE or UPDATE (for MariaDB's `RETURNING` count).
    writes: bool,
    /// Ends an open transaction implicitly (see [`commits_implicitly`]).
    commits: bool,
    /// Rows the previous run returned, to pre-size the next run's `Vec`.
    rows_hint: usize,
}

impl Prepared {
    fn new(stmt: Statement, sql: &str) -> Prepared {
        let keyword = first_keyword(sql);
        Prepared {
            stmt,
            columns: Arc::from(Vec::new()),
            readers: Vec::new(),
            writes: ["insert", "replace", "delete", "update"]
                .iter()
                .any(|k| keyword.eq_ignore_ascii_case(k)),
            commits: commits_implicitly(sql),
            rows_hint: 0,
        }
    }
}

/// What one successful execution gives [`MySqlConnection::run_with`].
struct Ran {
    columns: Arc<[String]>,
    rows: Vec<Row>,
    /// Rows read: collected, or handed to a sink.
    read: usize,
    writes: bool,
    commits: bool,
}

/// Why an execution failed.
enum Failure {
    /// The server does not know the statement any more ([`UNKNOWN_STATEMENT`],
    /// [`NEEDS_REPREPARE`]); it did not run, so preparing it again and retrying
    /// is safe.
    Stale(u16, mysql::Error),
    /// Any other error, mapped.
    Db(DbError),
}

/// Reads every remaining result set, returning the first error among them
/// (dropping a `QueryResult` reads them too, but ignores their errors).
fn drain<T: mysql::prelude::Protocol>(mut result: QueryResult<'_, '_, '_, T>) -> mysql::Result<()> {
    while let Some(set) = result.iter() {
        for row in set {
            row?;
        }
    }
    Ok(())
}

/// The first keyword of `sql`, skipping whitespace, comments and parentheses.
fn first_keyword(sql: &str) -> &str {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else if rest.starts_with("-- ") || rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Whether a successful `sql` committed the open transaction implicitly (MySQL
/// commits before DDL and the like; temporary tables are the exception).
fn commits_implicitly(sql: &str) -> bool {
    let kw = first_keyword(sql);
    let ddl = [
        "create", "alter", "drop", "rename", "truncate", "grant", "revoke", "lock", "unlock",
    ]
    .iter()
    .any(|k| kw.eq_ignore_ascii_case(k));
    if !ddl {
        return false;
    }
    let rest = sql.trim_start()[kw.len()..].trim_start();
    let temporary = rest
        .get(..9)
        .is_some_and(|w| w.eq_ignore_ascii_case("temporary"));
    !temporary
}

/// Maps an error, remembering whether it broke the connection.
fn fail(broken: &mut bool, err: mysql::Error, sql: &str) -> DbError {
    if errors::breaks_connection(&err) {
        *broken = true;
    }
    errors::to_db_error(err).with_sql(sql)
}

/// The values to bind, in placeholder order.
fn bind<'v>(
    sql: &str,
    params: impl ExactSizeIterator<Item = &'v Value>,
) -> Result<Params, DbError> {
    if params.len() == 0 {
        return Ok(Params::Empty);
    }
    let mut values = Vec::with_capacity(params.len());
    for value in params {
        values.push(values::to_mysql(value).map_err(|e| e.with_sql(sql))?);
    }
    Ok(Params::Positional(values))
}

/// Converts one row; `readers` and `names` are its columns'.
fn read_row(
    row: mysql::Row,
    readers: &[ColumnReader],
    names: &[String],
    sql: &str,
) -> Result<Vec<Value>, DbError> {
    let raw = row.unwrap();
    let mut values = Vec::with_capacity(raw.len());
    for ((value, reader), name) in raw.into_iter().zip(readers).zip(names) {
        values.push(reader.read(value, name).map_err(|e| e.with_sql(sql))?);
    }
    Ok(values)
}

/// Executes `p`, returning the rows of its first result set; `p`'s column names
/// and readers are brought in line with the result's metadata.
fn execute(
    conn: &mut Conn,
    broken: &mut bool,
    p: &mut Prepared,
    params: Params,
    sql: &str,
    mut sink: Option<RowSink<'_>>,
) -> Result<Ran, Failure> {
    let mut result = match conn.exec_iter(&p.stmt, params) {
        Ok(result) => result,
        Err(mysql::Error::MySqlError(e))
            if e.code == UNKNOWN_STATEMENT || e.code == NEEDS_REPREPARE =>
        {
            return Err(Failure::Stale(e.code, mysql::Error::MySqlError(e)))
        }
        Err(e) => return Err(Failure::Db(fail(broken, e, sql))),
    };
    {
        // Checked on every run, not trusted from the prepare: a schema change
        // can change the columns of `SELECT *`, and a CALL's result sets are
        // only known once it runs. Comparing names costs far less than
        // allocating them again.
        let columns = result.columns();
        let columns = columns.as_ref();
        let same = columns.len() == p.columns.len()
            && columns
                .iter()
                .zip(p.columns.iter())
                .all(|(c, name)| c.name_ref() == name.as_bytes());
        if !same {
            p.columns = columns.iter().map(|c| c.name_str().into_owned()).collect();
        }
        p.readers.clear();
        p.readers.extend(columns.iter().map(ColumnReader::new));
    }
    let mut rows = Vec::with_capacity(if sink.is_some() { 0 } else { p.rows_hint });
    let mut read = 0;
    if let Some(set) = result.iter() {
        // Returning early drops `result`, which reads the rest of the response
        // so the connection stays in step.
        for row in set {
            let row = row.map_err(|e| Failure::Db(fail(broken, e, sql)))?;
            let values = read_row(row, &p.readers, &p.columns, sql).map_err(Failure::Db)?;
            read += 1;
            match sink.as_mut() {
                None => rows.push(Row::new(Arc::clone(&p.columns), values)),
                Some(sink) => {
                    if !sink(&p.columns, values) {
                        // Stopped: `drain` below reads the rest off the connection.
                        break;
                    }
                }
            }
        }
    }
    // Only the first result set is returned; a CALL's others are read for their
    // errors and dropped.
    drain(result).map_err(|e| Failure::Db(fail(broken, e, sql)))?;
    if sink.is_none() {
        p.rows_hint = rows.len().min(MAX_ROWS_HINT);
    }
    Ok(Ran {
        columns: Arc::clone(&p.columns),
        rows,
        read,
        writes: p.writes,
        commits: p.commits,
    })
}

impl MySqlConnection {
    /// After a statement that committed implicitly inside a transaction, starts the
    /// next one, as a driver with autocommit off would.
    fn reopen_after(&mut self, sql: &str) -> Result<(), DbError> {
        if self.in_transaction && commits_implicitly(sql) {
            self.query_drop("START TRANSACTION")?;
        }
        Ok(())
    }

    /// Wraps a connection whose `mysql` statement cache is off (see
    /// `options::connect_opts`), caching up to `cache_size` statements here.
    pub(crate) fn new(conn: Conn, cache_size: usize) -> MySqlConnection {
        MySqlConnection {
            conn,
            broken: false,
            prepared: 0,
            cache: NonZeroUsize::new(cache_size).map(LruCache::new),
            in_transaction: false,
        }
    }

    /// The server's id for this connection (`CONNECTION_ID()`), as `KILL` and
    /// `SHOW PROCESSLIST` name it.
    ///
    /// ```no_run
    /// # let url = "mysql://app@127.0.0.1/shop".parse().unwrap();
    /// let conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// println!("connection {}", conn.connection_id());
    /// ```
    pub fn connection_id(&self) -> u32 {
        self.conn.connection_id()
    }

    /// The server's version, `(major, minor, patch)` (MariaDB reports its own,
    /// e.g. `(10, 11, 6)`).
    ///
    /// ```no_run
    /// # let url = "mariadb://app@127.0.0.1/shop".parse().unwrap();
    /// let conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// assert!(conn.server_version() >= (10, 6, 0));
    /// ```
    pub fn server_version(&self) -> (u16, u16, u16) {
        self.conn.server_version()
    }

    /// How many statements this connection has prepared on the server: the
    /// misses of its statement cache. Running the same SQL text again does not
    /// add to it (until the statement is evicted from the cache, or the server
    /// forgot it and it was prepared again).
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// # let url = "mysql://app@127.0.0.1/shop".parse().unwrap();
    /// let mut conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// conn.run("SELECT ?", &[1.into()]).unwrap();
    /// conn.run("SELECT ?", &[2.into()]).unwrap();
    /// assert_eq!(conn.statements_prepared(), 1);
    /// ```
    pub fn statements_prepared(&self) -> u64 {
        self.prepared
    }

    /// How many prepared statements the cache holds now: exactly the statements
    /// this connection keeps open on the server (never more than the cache
    /// size, since an evicted statement is closed).
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// # let url = "mysql://app@127.0.0.1/shop".parse().unwrap();
    /// let mut conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// conn.run("SELECT ?", &[1.into()]).unwrap();
    /// conn.run("SELECT ? + 1", &[1.into()]).unwrap();
    /// assert_eq!(conn.cached_statements(), 2);
    /// ```
    pub fn cached_statements(&self) -> usize {
        self.cache.as_ref().map_or(0, LruCache::len)
    }

    /// Closes every cached statement on the server but keeps it in the cache, as
    /// a session reset or a proxy failing over would leave things: each one's
    /// next run finds the server has forgotten it, prepares it again and retries.
    /// For tests of that recovery; nothing else needs it.
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// # let url = "mysql://app@127.0.0.1/shop".parse().unwrap();
    /// let mut conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// conn.run("SELECT ?", &[1.into()]).unwrap();
    /// conn.forget_statements_on_server().unwrap();
    /// conn.run("SELECT ?", &[2.into()]).unwrap();
    /// assert_eq!(conn.statements_prepared(), 2);
    /// ```
    #[doc(hidden)]
    pub fn forget_statements_on_server(&mut self) -> Result<(), DbError> {
        let Some(cache) = &self.cache else {
            return Ok(());
        };
        for (_, p) in cache.iter() {
            // Statement ids only grow within a session, so a forgotten id is
            // never handed to a different statement later.
            self.conn.close(p.stmt.clone()).map_err(|e| {
                if errors::breaks_connection(&e) {
                    self.broken = true;
                }
                errors::to_db_error(e)
            })?;
        }
        Ok(())
    }

    /// Runs text-protocol SQL (several statements, if `;`-separated),
    /// discarding any rows; an error in any of the statements is returned.
    fn query_drop(&mut self, sql: &str) -> Result<(), DbError> {
        let result = self.conn.query_iter(sql).and_then(drain);
        result.map_err(|e| fail(&mut self.broken, e, sql))
    }

    /// Closes a statement on the server, unless the connection is gone (the
    /// server then frees it by itself).
    fn close(&mut self, stmt: Statement) {
        if !self.broken && self.conn.close(stmt).is_err() {
            // Only the connection is in doubt, not what a statement did.
            self.broken = true;
        }
    }

    /// Runs `sql` once through the statement cache, preparing it on a miss.
    fn execute_cached(
        &mut self,
        sql: &str,
        params: Params,
        sink: Option<RowSink<'_>>,
    ) -> Result<Ran, Failure> {
        if let Some(p) = self.cache.as_mut().and_then(|c| c.get_mut(sql)) {
            return execute(&mut self.conn, &mut self.broken, p, params, sql, sink);
        }
        if let Some(cache) = &mut self.cache {
            if cache.len() == cache.cap().get() {
                // Room is made before preparing, so the session never holds
                // more statements than the cache size, not even for a moment.
                if let Some((_, old)) = cache.pop_lru() {
                    // `Conn::close` also drops the id from the `mysql` crate's
                    // own cache: a no-op, as that cache is off.
                    if !self.broken && self.conn.close(old.stmt).is_err() {
                        self.broken = true;
                    }
                }
            }
        }
        let stmt = self
            .conn
            .prep(sql)
            .map_err(|e| Failure::Db(fail(&mut self.broken, e, sql)))?;
        self.prepared += 1;
        let mut p = Prepared::new(stmt, sql);
        let ran = execute(&mut self.conn, &mut self.broken, &mut p, params, sql, sink);
        match (&mut self.cache, &ran) {
            // The server has no such statement: nothing to keep or close.
            (_, Err(Failure::Stale(UNKNOWN_STATEMENT, _))) => {}
            (Some(cache), Ok(_) | Err(Failure::Db(_))) if !self.broken => {
                cache.push(sql.to_owned(), p);
            }
            _ => self.close(p.stmt),
        }
        ran
    }

    /// [`DriverConnection::run_refs`] and [`DriverConnection::run`] alike, over
    /// any iterator of the values, so that neither has to collect them into the
    /// other's form.
    fn run_with<'v, I>(
        &mut self,
        sql: &str,
        params: I,
        mut sink: Option<RowSink<'_>>,
    ) -> Result<Outcome, DbError>
    where
        I: ExactSizeIterator<Item = &'v Value> + Clone,
    {
        let mut retried = false;
        let ran = loop {
            // A stale statement fails before its first row, so a retry never
            // hands a row over twice.
            let sink = sink.as_deref_mut().map(|s| s as RowSink<'_>);
            match self.execute_cached(sql, bind(sql, params.clone())?, sink) {
                Ok(ran) => break ran,
                Err(Failure::Db(e)) => {
                    if self.broken {
                        // Statements die with the session; nothing to close.
                        if let Some(cache) = &mut self.cache {
                            cache.clear();
                        }
                    }
                    return Err(e);
                }
                Err(Failure::Stale(code, e)) => {
                    if let Some(p) = self.cache.as_mut().and_then(|c| c.pop(sql)) {
                        // An unknown handle is not closed: were the server's
                        // ids to restart (a reset), it could name another
                        // cached statement by now.
                        if code == NEEDS_REPREPARE {
                            self.close(p.stmt);
                        }
                    }
                    if retried {
                        return Err(fail(&mut self.broken, e, sql));
                    }
                    retried = true;
                }
            }
        };
        let Ran {
            columns,
            rows,
            read,
            writes,
            commits,
        } = ran;
        let mut rows_affected = self.conn.affected_rows();
        if rows_affected == 0 && writes && read > 0 {
            // MariaDB's INSERT/DELETE … RETURNING ends its rows without a count;
            // every returned row is one the statement wrote.
            rows_affected = read as u64;
        }
        let last_insert_id = match self.conn.last_insert_id() {
            // An id past i64::MAX (BIGINT UNSIGNED) is not reported rather than
            // wrapped.
            0 => None,
            id => i64::try_from(id).ok(),
        };
        if self.in_transaction && commits {
            self.query_drop("START TRANSACTION")?;
        }
        Ok(Outcome {
            columns,
            rows,
            rows_affected,
            last_insert_id,
        })
    }
}

impl DriverConnection for MySqlConnection {
    fn run(&mut self, sql: &str, params: &[Value]) -> Result<Outcome, DbError> {
        self.run_with(sql, params.iter(), None)
    }

    fn run_refs(&mut self, sql: &str, params: &[&Value]) -> Result<Outcome, DbError> {
        self.run_with(sql, params.iter().copied(), None)
    }

    /// Reads the rows off the connection as they arrive (an unbuffered
    /// result); stopping early reads and drops the rest, as the protocol
    /// requires before the next statement.
    fn run_streaming(
        &mut self,
        sql: &str,
        params: &[&Value],
        row: RowSink<'_>,
    ) -> Result<Outcome, DbError> {
        self.run_with(sql, params.iter().copied(), Some(row))
    }

    fn run_script(&mut self, sql: &str) -> Result<(), DbError> {
        self.query_drop(sql)?;
        self.reopen_after(sql)
    }

    fn begin(&mut self, isolation: Option<IsolationLevel>) -> Result<(), DbError> {
        self.in_transaction = false;
        let r = match isolation {
            // SET TRANSACTION applies to the next transaction only.
            Some(level) => self.query_drop(&format!(
                "SET TRANSACTION ISOLATION LEVEL {}; START TRANSACTION",
                level.as_sql()
            )),
            None => self.query_drop("START TRANSACTION"),
        };
        self.in_transaction = r.is_ok();
        r
    }

    fn commit(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.query_drop("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.query_drop("ROLLBACK")
    }

    fn ping(&mut self) -> Result<(), DbError> {
        self.conn.ping().map_err(|e| {
            if errors::breaks_connection(&e) {
                self.broken = true;
            }
            errors::to_db_error(e)
        })
    }

    fn is_broken(&self) -> bool {
        self.broken
    }

    fn driver_connection(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(&mut self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::first_keyword;

    #[test]
    fn keywords() {
        assert_eq!(first_keyword("INSERT INTO t"), "INSERT");
        assert_eq!(first_keyword("  /* x */ -- y\n (select 1)"), "select");
        assert_eq!(first_keyword("# c\ndelete from t"), "delete");
        assert_eq!(first_keyword(""), "");
    }
}
