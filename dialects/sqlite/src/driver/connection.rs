//! [`SqliteConnection`]: one rusqlite connection running the engine's statements.

use super::errors::from_rusqlite;
use super::options::{Mode, Options};
use super::values::{from_sqlite, to_sqlite};
use rusqlite::{ffi, Connection, OpenFlags};
use sqlcraft::engine::{DbError, DriverConnection, ErrorKind, IsolationLevel, Outcome, Url};
use sqlcraft::Value;
use std::sync::Arc;

/// One open SQLite connection (rusqlite), as the engine's [`DriverConnection`].
///
/// Obtained from [`SqliteDriver::connect`](super::SqliteDriver) (boxed, for the
/// engine) or [`SqliteConnection::open`] (typed, to reach the methods below).
///
/// - **Statements** go through rusqlite's prepared-statement cache, keyed by the
///   SQL text: the engine sends the same text for every execution of a statement
///   shape, so each shape is compiled by SQLite once per connection. The cache
///   keeps the 256 most recently used statements (`statement_cache_size=` in the
///   URL changes that).
/// - **`rows_affected`** is SQLite's `changes()` for a statement that wrote
///   (INSERT/UPDATE/DELETE, with or without RETURNING), and 0 for anything else:
///   queries, DDL, PRAGMAs (SQLite would otherwise report the previous write's
///   count again).
/// - **`last_insert_id`** is the rowid of the row the statement inserted, and
///   `None` when it inserted none: an UPDATE or DELETE, an `INSERT … ON CONFLICT DO
///   NOTHING` that skipped its row, an upsert that updated, an insert into a
///   `WITHOUT ROWID` table. The adapter clears SQLite's `last_insert_rowid()` before
///   every writing statement and reads it after, so a value is never left over from
///   an earlier INSERT (and restores it when nothing was inserted, so SQL's own
///   `last_insert_rowid()` behaves as usual). One blind spot: a row explicitly given
///   rowid 0 reads as `None`. For a multi-row INSERT it is the last row's rowid.
/// - **Transactions**: `begin` sends `BEGIN` (deferred: the write lock is taken by
///   the first write, and waits up to the busy timeout). SQLite transactions are
///   serializable, which serves every level the engine may ask for: READ COMMITTED,
///   REPEATABLE READ and SERIALIZABLE get `BEGIN` as is (a stronger level than
///   requested, as the SQL standard allows). READ UNCOMMITTED sets
///   `PRAGMA read_uncommitted = 1` first, which lets this connection read tables
///   another connection of the same process is writing *when both share a cache*
///   (SQLite's shared-cache mode); with private caches (the default) it changes
///   nothing. The pragma stays on until a later `begin` asks for another level (or
///   for none).
///   `rollback` with no transaction open is a no-op (SQLite rolls back by itself
///   after some errors); `commit` with none open is a Transaction error, since the
///   work the caller meant to commit is gone.
///
/// ```
/// use sqlcraft::engine::{DriverConnection, Url};
/// use sqlcraft::Value;
/// use sqlcraft_sqlite::SqliteConnection;
///
/// let mut conn = SqliteConnection::open(&"sqlite:///:memory:".parse::<Url>()?)?;
/// conn.run_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")?;
/// let out = conn.run("INSERT INTO t (name) VALUES (?), (?)", &["a".into(), "b".into()])?;
/// assert_eq!((out.rows_affected, out.last_insert_id), (2, Some(2)));
/// let out = conn.run("SELECT id, name FROM t WHERE id > ?", &[Value::Int(1)])?;
/// assert_eq!(&*out.columns, ["id", "name"]);
/// assert_eq!(out.rows, vec![vec![Value::Int(2), Value::from("b")]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteConnection {
    conn: Connection,
    /// Set once an error said the database file is unusable.
    broken: bool,
    /// Whether `begin` turned `read_uncommitted` on.
    read_uncommitted: bool,
}

impl SqliteConnection {
    /// Opens the database a `sqlite://` URL names (see the
    /// [module documentation](super) for the URL forms and options), then sets the
    /// busy timeout, `PRAGMA foreign_keys` and, if asked, the journal mode.
    ///
    /// ```
    /// use sqlcraft::engine::{ErrorKind, Url};
    /// use sqlcraft_sqlite::SqliteConnection;
    ///
    /// let url: Url = "sqlite:////nonexistent/dir/x.db".parse()?;
    /// let err = SqliteConnection::open(&url).unwrap_err();
    /// assert_eq!(err.kind, ErrorKind::Connection);
    /// assert_eq!(err.code.as_deref(), Some("SQLITE_CANTOPEN"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(url: &Url) -> Result<SqliteConnection, DbError> {
        let opts = Options::from_url(url)?;
        // NO_MUTEX: a connection is used by one thread at a time (it is `Send`, not
        // `Sync`). No URI flag: the path is taken literally, `file:` included.
        let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
            | match opts.mode {
                Mode::Ro => OpenFlags::SQLITE_OPEN_READ_ONLY,
                Mode::Rw => OpenFlags::SQLITE_OPEN_READ_WRITE,
                Mode::Rwc => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            };
        let conn = match &opts.path {
            None => Connection::open_in_memory_with_flags(flags),
            Some(path) => Connection::open_with_flags(path, flags),
        }
        .map_err(from_rusqlite)?;
        conn.set_prepared_statement_cache_capacity(opts.statement_cache_size);
        conn.busy_timeout(opts.timeout).map_err(from_rusqlite)?;
        let pragma = if opts.foreign_keys {
            "PRAGMA foreign_keys = ON"
        } else {
            "PRAGMA foreign_keys = OFF"
        };
        conn.execute_batch(pragma)
            .map_err(|e| from_rusqlite(e).with_sql(pragma))?;
        if let Some(mode) = opts.journal_mode {
            let sql = format!("PRAGMA journal_mode = {mode}");
            let got: String = conn
                .query_row(&sql, [], |row| row.get(0))
                .map_err(|e| from_rusqlite(e).with_sql(&sql))?;
            if !got.eq_ignore_ascii_case(mode) {
                return Err(DbError::new(
                    ErrorKind::Programming,
                    format!(
                        "{url}: journal_mode={mode} is not available for this database \
                         (SQLite kept {got:?}; an in-memory database is always \"memory\")"
                    ),
                )
                .with_sql(&sql));
            }
        }
        Ok(SqliteConnection {
            conn,
            broken: false,
            read_uncommitted: false,
        })
    }

    /// How many prepared statements the connection holds: those in the statement
    /// cache, plus any the caller is holding through [`raw_connection`]. Running a
    /// statement whose SQL text is already cached reuses the compiled statement, so
    /// the count does not grow; it never exceeds the cache size.
    ///
    /// ```
    /// use sqlcraft::engine::{DriverConnection, Url};
    /// use sqlcraft_sqlite::SqliteConnection;
    ///
    /// let mut conn = SqliteConnection::open(&"sqlite://".parse::<Url>()?)?;
    /// for i in 0..10 {
    ///     conn.run("SELECT ?", &[i.into()])?;
    /// }
    /// assert_eq!(conn.prepared_statements_cached(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`raw_connection`]: SqliteConnection::raw_connection
    pub fn prepared_statements_cached(&self) -> usize {
        let mut n = 0;
        // SAFETY: `handle()` is the live sqlite3* that `self.conn` owns; it outlives
        // this loop, and `&self` keeps it from being closed. sqlite3_next_stmt only
        // walks the connection's list of statements, which nothing else changes
        // meanwhile (the connection is not `Sync` and `run` needs `&mut self`).
        unsafe {
            let db = self.conn.handle();
            let mut stmt = ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
            while !stmt.is_null() {
                n += 1;
                stmt = ffi::sqlite3_next_stmt(db, stmt);
            }
        }
        n
    }

    /// The underlying rusqlite connection, for what the engine does not cover
    /// (user-defined functions, backups, `PRAGMA`s with results, …). Statements
    /// prepared with its `prepare_cached` share the adapter's cache.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// use sqlcraft_sqlite::SqliteConnection;
    ///
    /// let conn = SqliteConnection::open(&"sqlite://".parse::<Url>()?)?;
    /// let fk: bool = conn.raw_connection().query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    /// assert!(fk);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn raw_connection(&self) -> &Connection {
        &self.conn
    }

    /// Marks the connection broken after an error that says the database file is
    /// unusable (I/O error, corruption, file gone), and attaches the SQL.
    fn fail(&mut self, err: DbError, sql: &str) -> DbError {
        if err.kind == ErrorKind::Connection {
            self.broken = true;
        }
        err.with_sql(sql)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match self.conn.execute_batch(sql) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(from_rusqlite(e), sql)),
        }
    }

    /// `run` without the SQL attached to errors.
    fn run_statement(&self, sql: &str, params: &[Value]) -> Result<Outcome, DbError> {
        let conn = &self.conn;
        let mut stmt = conn.prepare_cached(sql).map_err(from_rusqlite)?;
        let expected = stmt.parameter_count();
        if expected != params.len() {
            return Err(from_rusqlite(rusqlite::Error::InvalidParameterCount(
                params.len(),
                expected,
            )));
        }
        for (i, value) in params.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, to_sqlite(value)?)
                .map_err(from_rusqlite)?;
        }
        let writes = !stmt.readonly();
        let rowid_before = conn.last_insert_rowid();
        let total_before = conn.total_changes();
        if writes {
            set_last_insert_rowid(conn, 0);
        }

        let width = stmt.column_count();
        let result = if width == 0 {
            stmt.raw_execute()
                .map(|_| (Arc::<[String]>::from([]), Vec::new()))
                .map_err(from_rusqlite)
        } else {
            let columns: Arc<[String]> = stmt.column_names().map(str::to_owned).collect();
            let mut rows = Vec::new();
            let mut cursor = stmt.raw_query();
            let mut step = || -> Result<(), DbError> {
                while let Some(row) = cursor.next().map_err(from_rusqlite)? {
                    let mut out = Vec::with_capacity(width);
                    for (i, name) in columns.iter().enumerate() {
                        out.push(from_sqlite(row.get_ref(i).map_err(from_rusqlite)?, name)?);
                    }
                    rows.push(out);
                }
                Ok(())
            };
            step().map(|()| (columns.clone(), rows))
        };

        let mut last_insert_id = None;
        if writes {
            match conn.last_insert_rowid() {
                0 => set_last_insert_rowid(conn, rowid_before),
                id => last_insert_id = Some(id),
            }
        }
        let (columns, rows) = result?;
        // `changes()` keeps the previous write's count across statements that do not
        // write rows (DDL, PRAGMAs); no row changed at all means 0.
        let rows_affected = if writes && conn.total_changes() != total_before {
            conn.changes()
        } else {
            0
        };
        Ok(Outcome {
            columns,
            rows,
            rows_affected,
            last_insert_id,
        })
    }
}

/// Sets the connection's `last_insert_rowid()`.
fn set_last_insert_rowid(conn: &Connection, id: i64) {
    // SAFETY: `handle()` is the live sqlite3* that `conn` owns, and `conn` outlives
    // the call; sqlite3_set_last_insert_rowid only stores an integer in it.
    unsafe { ffi::sqlite3_set_last_insert_rowid(conn.handle(), id) }
}

impl DriverConnection for SqliteConnection {
    fn run(&mut self, sql: &str, params: &[Value]) -> Result<Outcome, DbError> {
        match self.run_statement(sql, params) {
            Ok(out) => Ok(out),
            Err(e) => Err(self.fail(e, sql)),
        }
    }

    fn run_script(&mut self, sql: &str) -> Result<(), DbError> {
        self.batch(sql)
    }

    fn begin(&mut self, isolation: Option<IsolationLevel>) -> Result<(), DbError> {
        let uncommitted = isolation == Some(IsolationLevel::ReadUncommitted);
        if isolation.is_some() || self.read_uncommitted {
            self.batch(if uncommitted {
                "PRAGMA read_uncommitted = 1"
            } else {
                "PRAGMA read_uncommitted = 0"
            })?;
            self.read_uncommitted = uncommitted;
        }
        self.batch("BEGIN")
    }

    fn commit(&mut self) -> Result<(), DbError> {
        if self.conn.is_autocommit() {
            return Err(DbError::new(
                ErrorKind::Transaction,
                "no transaction is active: none was begun, or SQLite rolled it back \
                 after an error; nothing was committed",
            )
            .with_sql("COMMIT"));
        }
        self.batch("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.batch("ROLLBACK")
    }

    fn ping(&mut self) -> Result<(), DbError> {
        self.run("SELECT 1", &[]).map(drop)
    }

    fn is_broken(&self) -> bool {
        self.broken
    }
}
