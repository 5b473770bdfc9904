//! The PostgreSQL driver adapter: [`PostgresDriver`] and [`PostgresConnection`],
//! running SQL through the synchronous [`postgres`] crate without TLS.

mod catalog;
mod command;
mod config;
mod datetime;
mod decode;
mod encode;
mod errors;
mod numeric;
mod types;

use crate::Postgres;
use decode::{Decoder, Raw};
use encode::{encode, Param, Target};
use errors::{data_error, is_server_error, map_error};
use lru::LruCache;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use sqlcraft::dialect::Dialect;
use sqlcraft::engine::{
    CatalogQuery, DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Outcome, Row,
    RowSink, Url,
};
use sqlcraft::Value;
use std::borrow::Borrow;
use std::num::NonZeroUsize;
use std::sync::Arc;

/// How many prepared statements a connection keeps by default.
///
/// ```
/// assert_eq!(sqlcraft_postgres::DEFAULT_STATEMENT_CACHE_SIZE, 256);
/// ```
pub const DEFAULT_STATEMENT_CACHE_SIZE: usize = 256;

/// The PostgreSQL driver: opens [`PostgresConnection`]s for `postgresql://` and
/// `postgres://` URLs.
///
/// URL parts: user, password, host (default `localhost`), port (default 5432)
/// and database. Query options: `sslmode` (`disable`, `allow` or `prefer`: the
/// driver has no TLS connector, so `require`, `verify-ca` and `verify-full` are
/// refused rather than downgraded), `connect_timeout` (seconds), `application_name`,
/// `options` (e.g. `-c statement_timeout=5000`), and `host`/`port`/`user`/
/// `password`/`dbname` overriding the URL's parts; `host=/path` connects through
/// the Unix socket in that directory. Unknown options are refused, so a typo
/// cannot go unnoticed.
///
/// ```no_run
/// use sqlcraft::engine::{Driver, Url};
/// use sqlcraft_postgres::PostgresDriver;
///
/// let driver = PostgresDriver::new();
/// let url: Url = "postgresql://app:secret@127.0.0.1:5432/shop?application_name=web"
///     .parse()
///     .unwrap();
/// let mut conn = driver.connect(&url)?;
/// let outcome = conn.run("SELECT $1::int4 + 1 AS n", &[41.into()])?;
/// assert_eq!(outcome.rows, vec![vec![sqlcraft::Value::Int(42)]]);
/// # Ok::<(), sqlcraft::engine::DbError>(())
/// ```
///
/// Without a server, what can be seen is the URL checking, and a refused
/// connection's kind:
///
/// ```
/// use sqlcraft::engine::{Driver, ErrorKind, Url};
/// use sqlcraft_postgres::PostgresDriver;
/// let driver = PostgresDriver::new();
/// let typo: Url = "postgresql://app@127.0.0.1:1/shop?sslmod=disable".parse()?;
/// assert_eq!(driver.connect(&typo).err().map(|e| e.kind), Some(ErrorKind::Programming));
/// let closed: Url = "postgresql://app@127.0.0.1:1/shop".parse()?; // nothing listens on port 1
/// assert_eq!(driver.connect(&closed).err().map(|e| e.kind), Some(ErrorKind::Connection));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PostgresDriver {
    statement_cache_size: usize,
}

impl Default for PostgresDriver {
    fn default() -> Self {
        PostgresDriver::new()
    }
}

impl PostgresDriver {
    /// A driver whose connections cache [`DEFAULT_STATEMENT_CACHE_SIZE`]
    /// prepared statements each.
    ///
    /// ```
    /// use sqlcraft::engine::Driver;
    /// let driver = sqlcraft_postgres::PostgresDriver::new();
    /// assert_eq!(driver.name(), "postgres");
    /// assert_eq!(driver.dialect().name(), "postgresql");
    /// ```
    pub fn new() -> PostgresDriver {
        PostgresDriver {
            statement_cache_size: DEFAULT_STATEMENT_CACHE_SIZE,
        }
    }

    /// Sets how many prepared statements each connection keeps (least recently
    /// used ones are closed on the server when the cache is full); 0 prepares
    /// every statement afresh and closes it after use.
    ///
    /// ```
    /// let driver = sqlcraft_postgres::PostgresDriver::new().statement_cache_size(64);
    /// assert_eq!(format!("{driver:?}"), "PostgresDriver { statement_cache_size: 64 }");
    /// ```
    pub fn statement_cache_size(mut self, size: usize) -> PostgresDriver {
        self.statement_cache_size = size;
        self
    }

    /// Opens a connection, as [`Driver::connect`] does, without boxing it, so
    /// its own methods (such as [`PostgresConnection::prepared_statements`]) stay
    /// reachable.
    ///
    /// An unreachable server (refused, timed out, closed) is an
    /// [`ErrorKind::Connection`] error; a URL the driver cannot use (wrong scheme,
    /// `sslmode=require`, an unknown option) is [`ErrorKind::Programming`]; the
    /// server's own refusals (bad password, unknown database) keep their SQLSTATE.
    ///
    /// ```no_run
    /// use sqlcraft_postgres::PostgresDriver;
    /// let url = "postgresql://app@localhost/shop".parse().unwrap();
    /// let conn = PostgresDriver::new().open(&url)?;
    /// assert_eq!(conn.prepared_statements(), 0);
    /// # Ok::<(), sqlcraft::engine::DbError>(())
    /// ```
    ///
    /// The errors, without a server:
    ///
    /// ```
    /// # use sqlcraft::engine::{ErrorKind, Url};
    /// # use sqlcraft_postgres::PostgresDriver;
    /// let driver = PostgresDriver::new();
    /// let tls: Url = "postgresql://app:secret@127.0.0.1:1/shop?sslmode=require".parse()?;
    /// let err = driver.open(&tls).unwrap_err();
    /// assert_eq!(err.kind, ErrorKind::Programming);
    /// assert!(err.message.contains("sslmode=require needs TLS"));
    /// assert!(!err.message.contains("secret"));
    /// let closed: Url = "postgresql://app@127.0.0.1:1/shop".parse()?; // nothing listens on port 1
    /// let err = driver.open(&closed).unwrap_err();
    /// assert_eq!(err.kind, ErrorKind::Connection);
    /// assert!(err.message.starts_with("could not connect to postgresql://app@127.0.0.1:1/shop: "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(&self, url: &Url) -> Result<PostgresConnection, DbError> {
        let config = config::config_from_url(url)?;
        let client = config.connect(NoTls).map_err(|e| {
            let mut err = map_error(&e, None);
            err.message = format!("could not connect to {url}: {}", err.message);
            err
        })?;
        Ok(PostgresConnection {
            client,
            cache: NonZeroUsize::new(self.statement_cache_size).map(LruCache::new),
            prepared: 0,
            in_transaction: false,
            failed_in_transaction: false,
        })
    }
}

impl Driver for PostgresDriver {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn dialect(&self) -> Arc<dyn Dialect> {
        Arc::new(Postgres)
    }

    fn connect(&self, url: &Url) -> Result<Box<dyn DriverConnection>, DbError> {
        Ok(Box::new(self.open(url)?))
    }

    /// `pg_catalog` queries, the table and schema bound as values.
    fn catalog_query(&self, query: CatalogQuery<'_>) -> Option<(String, Vec<Value>)> {
        catalog::catalog_query(query)
    }

    /// `information_schema.tables` with `$1`/`$2` placeholders; without a schema,
    /// the session's `current_schema()`.
    fn table_exists_query(&self, schema: Option<&str>, name: &str) -> (String, Vec<Value>) {
        match schema {
            Some(s) => (
                "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2"
                    .to_owned(),
                vec![Value::from(s), Value::from(name)],
            ),
            None => (
                "SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = $1"
                    .to_owned(),
                vec![Value::from(name)],
            ),
        }
    }
}

/// A prepared statement with what running it needs, worked out once.
struct Prepared {
    statement: Statement,
    columns: Arc<[String]>,
    decoders: Box<[Decoder]>,
    targets: Box<[Target]>,
    /// An `INSERT`/`UPDATE`/`DELETE`/`MERGE`, whose row count is reported even
    /// when it returns rows.
    is_dml: bool,
}

/// One connection to a PostgreSQL server.
///
/// Statements are prepared once per SQL text and kept in a bounded LRU cache
/// (see [`PostgresDriver::statement_cache_size`]); each parameter is converted to
/// the type the server inferred for its placeholder, and each result column from
/// its type:
///
/// | PostgreSQL | [`Value`] |
/// |---|---|
/// | `int2`, `int4`, `int8`, `oid` | `Int` |
/// | `float4`, `float8` | `Float` |
/// | `numeric` | `Decimal` (feature `decimal`), else the exact decimal `Text` |
/// | `bool` | `Bool` |
/// | `text`, `varchar`, `bpchar`, `name`, `citext`, enums, `unknown` | `Text` |
/// | `bytea` | `Bytes` |
/// | `date`, `time`, `timestamp`, `timestamptz` | `Date`, `Time`, `DateTime`, `DateTimeUtc` (feature `chrono`), else ISO-8601 `Text` |
/// | `uuid` | `Uuid` (feature `uuid`), else hyphenated `Text` |
/// | `json`, `jsonb` | `Json` (feature `json`), else `Text` |
/// | `timetz`, `interval`, `inet`, `cidr` | `Text` (ISO-8601 for `interval`) |
///
/// Domains read as their base type. A value that the feature's Rust type
/// cannot hold — `numeric` `NaN`, `Infinity` or more than 28 digits, a date or
/// timestamp of `infinity`, `time` 24:00:00 — comes back as its exact `Text`
/// rather than failing the query. Other types are an [`ErrorKind::Data`] error
/// naming the type (cast them in SQL, e.g. `col::text`).
///
/// Parameters go in binary where a check matters (integers are range-checked:
/// an `i64` too large for an `int4` placeholder is an [`ErrorKind::Data`] error,
/// never a wrap) and otherwise as text for the server to parse: that is how
/// `numeric` is bound exactly and how text reaches `date`, `uuid` or `json`
/// placeholders. A placeholder whose type the server cannot infer from context
/// (`SELECT $1`) is inferred as `text`, so a number bound there comes back as
/// its text; write `CAST($1 AS BIGINT)` ([`sqlcraft::Expr::cast`]) to keep the type.
/// PostgreSQL text cannot hold NUL characters: such text is a `Data` error.
///
/// `rows_affected` is the command tag's count for statements that return no
/// rows and for `INSERT`/`UPDATE`/`DELETE`/`MERGE … RETURNING`, 0 for queries;
/// `last_insert_id` is always `None` (use `RETURNING`).
///
/// ```no_run
/// use sqlcraft::engine::DriverConnection;
/// use sqlcraft::Value;
/// use sqlcraft_postgres::PostgresDriver;
///
/// let url = "postgresql://app:secret@localhost/shop".parse().unwrap();
/// let mut conn = PostgresDriver::new().open(&url)?;
/// conn.run_script("CREATE TEMP TABLE t (id int4 PRIMARY KEY, price numeric(12, 2))")?;
/// let out = conn.run("INSERT INTO t VALUES ($1, $2) RETURNING id", &[Value::Int(1), Value::from("19.90")])?;
/// assert_eq!((out.rows_affected, out.rows.len()), (1, 1));
/// let out = conn.run("SELECT price FROM t WHERE id = $1", &[Value::Int(1)])?;
/// # #[cfg(not(feature = "decimal"))]
/// assert_eq!(out.rows[0][0], Value::from("19.90"));
/// // An i64 that does not fit the int4 placeholder is refused, not wrapped.
/// assert!(conn.run("SELECT price FROM t WHERE id = $1", &[Value::Int(1 << 40)]).is_err());
/// assert_eq!(conn.prepared_statements(), 2);
/// # Ok::<(), sqlcraft::engine::DbError>(())
/// ```
pub struct PostgresConnection {
    client: Client,
    /// Prepared statements by SQL text; `None` when caching is off.
    cache: Option<LruCache<String, Arc<Prepared>>>,
    prepared: u64,
    /// Inside a transaction opened by [`DriverConnection::begin`].
    in_transaction: bool,
    /// The server refused a statement since `begin`, so the transaction may be
    /// aborted (PostgreSQL then answers `COMMIT` with a silent rollback).
    failed_in_transaction: bool,
}

impl std::fmt::Debug for PostgresConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresConnection")
            .field("closed", &self.client.is_closed())
            .field("cached_statements", &self.cached_statements())
            .field("prepared_statements", &self.prepared)
            .field("in_transaction", &self.in_transaction)
            .finish()
    }
}

impl PostgresConnection {
    /// How many statements this connection has prepared on the server since it
    /// opened: running the same SQL text again reuses the cached statement and
    /// does not count, so this grows only with new statement shapes (and
    /// re-prepares after eviction from the cache or a schema change).
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// let url = "postgresql://app@localhost/shop".parse().unwrap();
    /// let mut conn = sqlcraft_postgres::PostgresDriver::new().open(&url)?;
    /// for i in 0..3 {
    ///     conn.run("SELECT $1::int8", &[i.into()])?;
    /// }
    /// assert_eq!(conn.prepared_statements(), 1);
    /// # Ok::<(), sqlcraft::engine::DbError>(())
    /// ```
    pub fn prepared_statements(&self) -> u64 {
        self.prepared
    }

    /// How many prepared statements the cache holds now.
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// let url = "postgresql://app@localhost/shop".parse().unwrap();
    /// let mut conn = sqlcraft_postgres::PostgresDriver::new().open(&url)?;
    /// conn.run("SELECT 1", &[])?;
    /// assert_eq!(conn.cached_statements(), 1);
    /// # Ok::<(), sqlcraft::engine::DbError>(())
    /// ```
    pub fn cached_statements(&self) -> usize {
        self.cache.as_ref().map_or(0, LruCache::len)
    }

    /// Forgets every cached statement (closing them on the server), e.g. after
    /// running `DISCARD ALL` yourself.
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// let url = "postgresql://app@localhost/shop".parse().unwrap();
    /// let mut conn = sqlcraft_postgres::PostgresDriver::new().open(&url)?;
    /// conn.run("SELECT 1", &[])?;
    /// conn.clear_statement_cache();
    /// assert_eq!(conn.cached_statements(), 0);
    /// # Ok::<(), sqlcraft::engine::DbError>(())
    /// ```
    pub fn clear_statement_cache(&mut self) {
        if let Some(cache) = &mut self.cache {
            cache.clear();
        }
    }

    /// Notes a failed statement: inside a transaction, the server has aborted it.
    fn failed(&mut self, e: &postgres::Error) {
        if self.in_transaction && is_server_error(e) {
            self.failed_in_transaction = true;
        }
    }

    /// The prepared statement for `sql`, from the cache or prepared now.
    fn prepare(&mut self, sql: &str) -> Result<Arc<Prepared>, DbError> {
        if let Some(p) = self.cache.as_mut().and_then(|c| c.get(sql)) {
            return Ok(Arc::clone(p));
        }
        let statement = match self.client.prepare(sql) {
            Ok(s) => s,
            Err(e) => {
                self.failed(&e);
                return Err(map_error(&e, Some(sql)));
            }
        };
        self.prepared += 1;
        let prepared = Arc::new(Prepared {
            columns: statement
                .columns()
                .iter()
                .map(|c| c.name().to_owned())
                .collect(),
            decoders: statement
                .columns()
                .iter()
                .map(|c| Decoder::for_type(c.type_()))
                .collect(),
            targets: statement.params().iter().map(Target::for_type).collect(),
            is_dml: command::is_dml(sql),
            statement,
        });
        if let Some(cache) = &mut self.cache {
            cache.put(sql.to_owned(), Arc::clone(&prepared));
        }
        Ok(prepared)
    }

    /// Runs a prepared statement, collecting its rows.
    fn execute<V: Borrow<Value>>(
        &mut self,
        prepared: &Prepared,
        sql: &str,
        params: &[V],
    ) -> Result<Outcome, Failure> {
        let mut rows = Vec::new();
        let mut out = self.execute_into(prepared, sql, params, |values| {
            rows.push(Row::new(Arc::clone(&prepared.columns), values));
            true
        })?;
        out.rows = rows;
        Ok(out)
    }

    /// Runs a prepared statement, handing each row to `sink` as it is read
    /// until the end or until `sink` returns false; the outcome has no rows.
    fn execute_into<V: Borrow<Value>>(
        &mut self,
        prepared: &Prepared,
        sql: &str,
        params: &[V],
        mut sink: impl FnMut(Vec<Value>) -> bool,
    ) -> Result<Outcome, Failure> {
        let types = prepared.statement.params();
        if params.len() != types.len() {
            return Err(Failure::Done(
                DbError::new(
                    ErrorKind::Programming,
                    format!(
                        "the statement has {} placeholder(s) but {} value(s) were given",
                        types.len(),
                        params.len()
                    ),
                )
                .with_sql(sql),
            ));
        }
        let mut encoded: Vec<Param<'_>> = Vec::with_capacity(params.len());
        for (i, ((value, target), ty)) in
            params.iter().zip(&*prepared.targets).zip(types).enumerate()
        {
            let value = value.borrow();
            match encode(value, *target, ty) {
                Ok(p) => encoded.push(p),
                Err(c) => {
                    return Err(Failure::Done(
                        data_error(
                            format!(
                                "parameter ${} ({} value for a {} placeholder): {}",
                                i + 1,
                                value.kind(),
                                ty.name(),
                                c.message
                            ),
                            sql,
                        )
                        .with_code(c.code),
                    ))
                }
            }
        }
        let mut iter = self
            .client
            .query_raw(&prepared.statement, encoded.iter().map(|p| p as &dyn ToSql))
            .map_err(Failure::Driver)?;
        while let Some(row) = iter.next().map_err(Failure::Driver)? {
            let mut values = Vec::with_capacity(prepared.decoders.len());
            for (i, decoder) in prepared.decoders.iter().enumerate() {
                let raw: Option<Raw<'_>> = row.try_get(i).map_err(Failure::Driver)?;
                values.push(match raw {
                    None => Value::Null,
                    Some(Raw(bytes)) => decoder.decode(bytes).map_err(|m| {
                        Failure::Done(data_error(
                            format!("column {:?}: {m}", prepared.columns[i]),
                            sql,
                        ))
                    })?,
                });
            }
            if !sink(values) {
                // The rest of the result is discarded when the iterator drops.
                return Ok(Outcome {
                    columns: Arc::clone(&prepared.columns),
                    rows: Vec::new(),
                    rows_affected: 0,
                    last_insert_id: None,
                });
            }
        }
        let count = iter.rows_affected().unwrap_or(0);
        let rows_affected = if prepared.columns.is_empty() || prepared.is_dml {
            count
        } else {
            0
        };
        Ok(Outcome {
            columns: Arc::clone(&prepared.columns),
            rows: Vec::new(),
            rows_affected,
            last_insert_id: None,
        })
    }

    /// Prepares `sql` (or takes it from the cache) and runs `exec` on it; a
    /// statement gone stale (a schema change, `DISCARD ALL`) is prepared afresh
    /// and run once more outside a transaction.
    fn run_retrying(
        &mut self,
        sql: &str,
        mut exec: impl FnMut(&mut Self, &Prepared) -> Result<Outcome, Failure>,
    ) -> Result<Outcome, DbError> {
        let prepared = self.prepare(sql)?;
        let e = match exec(self, &prepared) {
            Ok(outcome) => return Ok(outcome),
            Err(Failure::Done(db_error)) => return Err(db_error),
            Err(Failure::Driver(e)) => e,
        };
        if is_stale_statement(&e) {
            if let Some(cache) = &mut self.cache {
                cache.pop(sql);
            }
            // Outside a transaction nothing was aborted: prepare afresh and retry
            // once. Inside one, the transaction is aborted and the caller decides.
            if !self.in_transaction {
                let prepared = self.prepare(sql)?;
                return match exec(self, &prepared) {
                    Ok(outcome) => Ok(outcome),
                    Err(Failure::Done(db_error)) => Err(db_error),
                    Err(Failure::Driver(e)) => {
                        self.failed(&e);
                        Err(map_error(&e, Some(sql)))
                    }
                };
            }
        }
        self.failed(&e);
        Err(map_error(&e, Some(sql)))
    }

    /// Runs SQL with the simple-query protocol, noting failures.
    fn simple(&mut self, sql: &str) -> Result<(), DbError> {
        self.client.batch_execute(sql).map_err(|e| {
            self.failed(&e);
            map_error(&e, Some(sql))
        })
    }
}

/// Why running a prepared statement failed.
enum Failure {
    /// An error of the `postgres` crate (from the server or the connection),
    /// still to be mapped, and perhaps worth a retry.
    Driver(postgres::Error),
    /// A finished error (parameter count, conversions).
    Done(DbError),
}

/// Whether a cached statement no longer matches the schema (a table was
/// altered or recreated, or `DISCARD ALL` dropped it) and should be prepared
/// again.
fn is_stale_statement(e: &postgres::Error) -> bool {
    e.as_db_error().is_some_and(|db| {
        let code = db.code().code();
        code == "26000"
            || (code == "0A000"
                && db
                    .message()
                    .contains("cached plan must not change result type"))
    })
}

impl DriverConnection for PostgresConnection {
    fn run(&mut self, sql: &str, params: &[Value]) -> Result<Outcome, DbError> {
        self.run_retrying(sql, |c, prepared| c.execute(prepared, sql, params))
    }

    fn run_refs(&mut self, sql: &str, params: &[&Value]) -> Result<Outcome, DbError> {
        self.run_retrying(sql, |c, prepared| c.execute(prepared, sql, params))
    }

    /// Reads the rows off the connection as they arrive: the server sends them
    /// all, but the socket holds only what is not read yet.
    fn run_streaming(
        &mut self,
        sql: &str,
        params: &[&Value],
        row: RowSink<'_>,
    ) -> Result<Outcome, DbError> {
        let mut delivered = false;
        self.run_retrying(sql, |c, prepared| {
            if delivered {
                // A retry after rows were handed over would hand them over
                // twice; stale statements fail before the first row anyway.
                return Err(Failure::Done(
                    DbError::new(
                        ErrorKind::Programming,
                        "the statement failed after some of its rows were read",
                    )
                    .with_sql(sql),
                ));
            }
            let columns = Arc::clone(&prepared.columns);
            c.execute_into(prepared, sql, params, |values| {
                delivered = true;
                row(&columns, values)
            })
        })
    }

    fn run_script(&mut self, sql: &str) -> Result<(), DbError> {
        self.simple(sql)
    }

    fn begin(&mut self, isolation: Option<IsolationLevel>) -> Result<(), DbError> {
        let sql = match isolation {
            None => "BEGIN".to_owned(),
            Some(level) => format!("BEGIN ISOLATION LEVEL {}", level.as_sql()),
        };
        self.simple(&sql)?;
        self.in_transaction = true;
        self.failed_in_transaction = false;
        Ok(())
    }

    /// Commits; if a statement failed in the transaction and the server has
    /// aborted it, PostgreSQL would answer `COMMIT` with a rollback and no
    /// error, so this rolls back and returns an [`ErrorKind::Transaction`] error
    /// (SQLSTATE `25P02`) instead.
    fn commit(&mut self) -> Result<(), DbError> {
        if self.in_transaction && self.failed_in_transaction {
            // A savepoint may have recovered the transaction: ask the server.
            if let Err(e) = self.client.batch_execute("SELECT 1") {
                if e.code().is_some_and(|c| c.code() == "25P02") {
                    let rolled_back = self.simple("ROLLBACK");
                    self.in_transaction = false;
                    self.failed_in_transaction = false;
                    rolled_back?;
                    return Err(DbError::new(
                        ErrorKind::Transaction,
                        "the transaction was rolled back, not committed: a statement in it \
                         failed and PostgreSQL aborted it",
                    )
                    .with_code("25P02")
                    .with_sql("COMMIT"));
                }
                return Err(map_error(&e, Some("COMMIT")));
            }
        }
        let result = self.simple("COMMIT");
        self.in_transaction = false;
        self.failed_in_transaction = false;
        result
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        let result = self.simple("ROLLBACK");
        self.in_transaction = false;
        self.failed_in_transaction = false;
        result
    }

    fn ping(&mut self) -> Result<(), DbError> {
        self.client
            .simple_query("SELECT 1")
            .map(drop)
            .map_err(|e| map_error(&e, Some("SELECT 1")))
    }

    fn is_broken(&self) -> bool {
        self.client.is_closed()
    }

    fn driver_connection(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(&mut self.client)
    }
}
