//! [`SqliteConnection`]: one rusqlite connection running the engine's statements.

use super::errors::from_rusqlite;
use super::options::{Mode, Options};
use super::values::{from_sqlite, to_sqlite};
use rusqlite::types::ValueRef;
use rusqlite::{ffi, Connection, OpenFlags, Statement, StatementStatus};
use sqlcraft::engine::{
    DbError, DriverConnection, ErrorKind, IsolationLevel, Outcome, Row, RowSink, Url,
};
use sqlcraft::Value;
use std::borrow::Borrow;
use std::cell::Cell;
use std::fmt;
use std::str::Utf8Error;
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
///   URL changes that). The result column names of each statement are kept next
///   to it, so a repeated query shares one `Arc` of names instead of allocating
///   them anew (checked against the statement every time, so a schema change
///   never hands back stale names).
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
    /// Result column names by SQL text.
    names: ColumnNames,
    /// Set once rusqlite's connection has been handed out ([`raw_connection`],
    /// `driver_connection`): from then on statements may be prepared and run
    /// behind this adapter's back, so cached names are always checked in full.
    ///
    /// [`raw_connection`]: SqliteConnection::raw_connection
    exposed: Cell<bool>,
    /// The `columns` of a statement without results: shared, since even an empty
    /// `Arc` is an allocation.
    no_columns: Arc<[String]>,
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
        super::functions::register(&conn).map_err(from_rusqlite)?;
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
            names: ColumnNames::new(opts.statement_cache_size),
            exposed: Cell::new(false),
            no_columns: Arc::from([]),
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
        self.exposed.set(true);
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

    /// BEGIN, COMMIT and ROLLBACK through the statement cache: prepared once a
    /// connection instead of parsed for every transaction, which took some
    /// 140 ns of a BEGIN/ROLLBACK pair's 400.
    fn control(&mut self, sql: &'static str) -> Result<(), DbError> {
        let done = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut stmt| stmt.raw_execute());
        match done {
            Ok(_) => Ok(()),
            Err(e) => Err(self.fail(from_rusqlite(e), sql)),
        }
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match self.conn.execute_batch(sql) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(from_rusqlite(e), sql)),
        }
    }

    /// `run` / `run_refs`: one body for owned and borrowed values, so neither path
    /// collects or clones them.
    fn run_checked<V: Borrow<Value>>(
        &mut self,
        sql: &str,
        params: &[V],
    ) -> Result<Outcome, DbError> {
        self.run_checked_into(sql, params, None)
    }

    /// [`SqliteConnection::run_checked`], the rows handed to `sink` as they are
    /// stepped to when there is one, else collected.
    fn run_checked_into<V: Borrow<Value>>(
        &mut self,
        sql: &str,
        params: &[V],
        sink: Option<RowSink<'_>>,
    ) -> Result<Outcome, DbError> {
        match self.run_statement(sql, params, sink) {
            Ok(out) => Ok(out),
            Err(e) => Err(self.fail(e, sql)),
        }
    }

    /// `run` without the SQL attached to errors.
    fn run_statement<V: Borrow<Value>>(
        &mut self,
        sql: &str,
        params: &[V],
        sink: Option<RowSink<'_>>,
    ) -> Result<Outcome, DbError> {
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
            bind(&mut stmt, i + 1, value.borrow())?;
        }
        // A query needs none of the insert-id and change-count bookkeeping.
        let before = (!stmt.readonly()).then(|| {
            let before = (conn.last_insert_rowid(), conn.total_changes());
            set_last_insert_rowid(conn, 0);
            before
        });

        // Counted before the first step, when a statement SQLite will re-prepare
        // for a schema change still has its old columns; that re-preparing never
        // turns a statement without result columns into one with some, or back.
        let result = if stmt.column_count() == 0 {
            match stmt.raw_execute() {
                Ok(_) => Ok((self.no_columns.clone(), Vec::new())),
                Err(e) => Err(from_rusqlite(e)),
            }
        } else {
            // Only this adapter runs cached statements while rusqlite's connection
            // has not been handed out, and its every run leaves the names
            // recorded: a statement that has run before is one whose names were
            // recorded (see `ColumnNames`).
            let ran_before = !self.exposed.get() && stmt.get_status(StatementStatus::Run) != 0;
            let names = &mut self.names;
            match sink {
                // Names are read after the first step, from the statement as it
                // runs, and handed over with every row.
                Some(sink) => stream_rows(&mut stmt, |s| names.get(sql, s, ran_before), sink)
                    .map(|columns| (columns, Vec::new())),
                // Names are read after the first step, from the statement as
                // it runs, and held by every row.
                None => read_rows(&mut stmt, |s| names.get(sql, s, ran_before)),
            }
        };

        let mut last_insert_id = None;
        let mut rows_affected = 0;
        if let Some((rowid_before, total_before)) = before {
            match conn.last_insert_rowid() {
                0 => set_last_insert_rowid(conn, rowid_before),
                id => last_insert_id = Some(id),
            }
            // `changes()` keeps the previous write's count across statements that do
            // not write rows (DDL, PRAGMAs); no row changed at all means 0.
            if conn.total_changes() != total_before {
                rows_affected = conn.changes();
            }
        }
        let (columns, rows) = result?;
        Ok(Outcome {
            columns,
            rows,
            rows_affected,
            last_insert_id,
        })
    }
}

/// Steps `stmt` (bound) to the end, converting every row; `names` reads the
/// column names once, after the first step (or at the end, without rows).
fn read_rows(
    stmt: &mut Statement<'_>,
    mut names: impl FnMut(&Statement<'_>) -> Arc<[String]>,
) -> Result<(Arc<[String]>, Vec<Row>), DbError> {
    let mut cursor = stmt.raw_query();
    let Some(first) = cursor.next().map_err(from_rusqlite)? else {
        drop(cursor);
        return Ok((names(stmt), Vec::new()));
    };
    let columns = names(first.as_ref());
    // Sized once the first row is there, as `collect` sizes a vector: a push
    // onto an empty one goes through the growth path, a tenth of a point
    // select's own cost here.
    let mut rows = Vec::with_capacity(4);
    rows.push(Row::new(Arc::clone(&columns), row_values(first)?));
    while let Some(row) = cursor.next().map_err(from_rusqlite)? {
        rows.push(Row::new(Arc::clone(&columns), row_values(row)?));
    }
    Ok((columns, rows))
}

/// Steps `stmt` (bound), handing each row to `sink` with the column names
/// (`names` reads them, once) until the end or until `sink` returns false.
/// Returns the names.
fn stream_rows(
    stmt: &mut Statement<'_>,
    mut names: impl FnMut(&Statement<'_>) -> Arc<[String]>,
    sink: RowSink<'_>,
) -> Result<Arc<[String]>, DbError> {
    let mut columns = None;
    let mut cursor = stmt.raw_query();
    while let Some(row) = cursor.next().map_err(from_rusqlite)? {
        let values = row_values(row)?;
        let columns = columns.get_or_insert_with(|| names(row.as_ref()));
        if !sink(columns, values) {
            break;
        }
    }
    // Dropping the cursor resets the statement, also when stopped early.
    drop(cursor);
    Ok(columns.unwrap_or_else(|| names(stmt)))
}

/// Binds `value` to the placeholder `index`. The common kinds are bound as
/// their own types: through [`to_sqlite`]'s enum, each value was built in a
/// temporary that the bind read back in words straddling its stores (a failed
/// store-to-load forward per parameter, perf).
#[inline]
fn bind(stmt: &mut Statement<'_>, index: usize, value: &Value) -> Result<(), DbError> {
    match value {
        Value::Null => stmt.raw_bind_parameter(index, rusqlite::types::Null),
        Value::Int(n) => stmt.raw_bind_parameter(index, *n),
        Value::Text(s) => stmt.raw_bind_parameter(index, s.as_str()),
        other => stmt.raw_bind_parameter(index, to_sqlite(other)?),
    }
    .map_err(from_rusqlite)
}

/// One stepped row's values.
fn row_values(row: &rusqlite::Row<'_>) -> Result<Vec<Value>, DbError> {
    // Counted after the step: a statement SQLite re-prepared for a schema change
    // (`SELECT *` after `ALTER TABLE … ADD COLUMN`) has its new width only now.
    let width = row.as_ref().column_count();
    let mut out: Vec<Value> = Vec::with_capacity(width);
    for i in 0..width {
        let value = row.get_ref(i).map_err(from_rusqlite)?;
        let slot = out.as_mut_ptr().wrapping_add(i);
        // Each kind written straight into its slot: a value built by one
        // `match` and then pushed went through a temporary, copied over in
        // words straddling its narrower stores (a failed store-to-load forward
        // per value, perf: half of this function's time).
        // SAFETY (the writes): `slot` is the element at the length `i`, within
        // the capacity `width`; the length then covers it.
        match value {
            ValueRef::Null => unsafe { slot.write(Value::Null) },
            ValueRef::Integer(n) => unsafe { slot.write(Value::Int(n)) },
            ValueRef::Real(f) => unsafe { slot.write(Value::Float(f)) },
            other => match from_sqlite(other) {
                Ok(v) => unsafe { slot.write(v) },
                Err(e) => return Err(invalid_utf8(row.as_ref(), i, e)),
            },
        }
        // SAFETY: the element at `i` was just written.
        unsafe { out.set_len(i + 1) };
    }
    Ok(out)
}

/// The Data error for a text column that is not valid UTF-8.
#[cold]
fn invalid_utf8(stmt: &Statement<'_>, column: usize, err: Utf8Error) -> DbError {
    let name = stmt.column_name(column).unwrap_or("?");
    DbError::new(
        ErrorKind::Data,
        format!("column {name:?} holds text that is not valid UTF-8: {err}"),
    )
}

/// The result column names of recently run statements, keyed by SQL text, so a
/// statement run again hands out its names as one `Arc` clone rather than a fresh
/// allocation per name.
///
/// A statement's names are fixed when SQLite prepares it, and change only when
/// SQLite re-prepares it for a schema change (`ALTER TABLE … ADD COLUMN` under
/// `SELECT *`, `RENAME COLUMN`) or when rusqlite's cache evicts it and the SQL is
/// prepared anew. So an entry keeps, beside the names, the statement's
/// re-prepare count (`SQLITE_STMTSTATUS_REPREPARE`, which SQLite carries over and
/// increments on every re-prepare), and a hit is handed out without reading the
/// names only when both cases are excluded:
/// - the statement had run before this run (`SQLITE_STMTSTATUS_RUN` non-zero: a
///   statement prepared anew has never run), and only this adapter runs cached
///   statements (rusqlite's connection was never handed out). Every run of this
///   adapter ends here, recording or checking the names, so the entry is that
///   statement's: an evicted statement's successor, at its first run, is
///   checked in full and overwrites the entry;
/// - its re-prepare count is the recorded one.
///
/// Otherwise the hit is checked against the statement's names (a count and a
/// byte comparison per name, no allocation), which the fast path saves: about a
/// tenth of an in-memory point select. Only names so checked or so tracked are
/// reused, so the map's key and eviction policy affect the hit rate, never a
/// result.
///
/// Bounded by the statement cache's size (none kept when that is 0). When full it
/// is cleared rather than trimmed to the least recently used: an LRU would cost
/// bookkeeping on every hit, while a working set that fits the statement cache
/// never fills the map, and one that does not fit has SQLite prepare statements
/// anew, next to which rebuilding a few names is noise.
struct ColumnNames {
    // FxHash: the SQL texts are the application's own statements, hashed on every
    // run, for which SipHash's flooding resistance buys nothing.
    map: rustc_hash::FxHashMap<Box<str>, KnownNames>,
    capacity: usize,
    /// Hits handed out without reading the statement's names.
    #[cfg(test)]
    tracked_hits: u64,
}

/// A statement's names, with its re-prepare count when they were read.
struct KnownNames {
    names: Arc<[String]>,
    reprepared: i32,
}

impl ColumnNames {
    fn new(capacity: usize) -> ColumnNames {
        ColumnNames {
            map: rustc_hash::FxHashMap::default(),
            capacity,
            #[cfg(test)]
            tracked_hits: 0,
        }
    }

    /// The names of `stmt`'s result columns, which ran as `sql`; `ran_before`:
    /// whether it had run before this run, with only this adapter running cached
    /// statements.
    fn get(&mut self, sql: &str, stmt: &Statement<'_>, ran_before: bool) -> Arc<[String]> {
        let reprepared = stmt.get_status(StatementStatus::RePrepare);
        if let Some(known) = self.map.get_mut(sql) {
            if ran_before && known.reprepared == reprepared {
                #[cfg(test)]
                {
                    self.tracked_hits += 1;
                }
                return known.names.clone();
            }
            if same_names(&known.names, stmt) {
                known.reprepared = reprepared;
                return known.names.clone();
            }
        }
        let names: Arc<[String]> = stmt.column_names().map(str::to_owned).collect();
        if self.capacity > 0 {
            let known = KnownNames {
                names: names.clone(),
                reprepared,
            };
            if let Some(stale) = self.map.get_mut(sql) {
                *stale = known;
            } else {
                if self.map.len() >= self.capacity {
                    self.map.clear();
                }
                self.map.insert(sql.into(), known);
            }
        }
        names
    }
}

/// Whether `names` are `stmt`'s result column names, in order.
fn same_names(names: &[String], stmt: &Statement<'_>) -> bool {
    names.len() == stmt.column_count()
        && names
            .iter()
            .enumerate()
            .all(|(i, name)| stmt.column_name(i).is_ok_and(|n| n == name))
}

impl fmt::Debug for ColumnNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ColumnNames({} of {})", self.map.len(), self.capacity)
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
        self.run_checked(sql, params)
    }

    /// Binds the borrowed values as they are: the same path as `run`, with no
    /// value cloned or collected.
    fn run_refs(&mut self, sql: &str, params: &[&Value]) -> Result<Outcome, DbError> {
        self.run_checked(sql, params)
    }

    /// Steps the statement row by row: SQLite reads each from its pages as it
    /// is stepped to.
    fn run_streaming(
        &mut self,
        sql: &str,
        params: &[&Value],
        row: RowSink<'_>,
    ) -> Result<Outcome, DbError> {
        self.run_checked_into(sql, params, Some(row))
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
        self.control("BEGIN")
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
        self.control("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.control("ROLLBACK")
    }

    fn ping(&mut self) -> Result<(), DbError> {
        self.run("SELECT 1", &[]).map(drop)
    }

    fn is_broken(&self) -> bool {
        self.broken
    }

    fn driver_connection(&mut self) -> Option<&mut dyn std::any::Any> {
        self.exposed.set(true);
        Some(&mut self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem(query: &str) -> SqliteConnection {
        SqliteConnection::open(&format!("sqlite://{query}").parse::<Url>().unwrap()).unwrap()
    }

    #[test]
    fn run_and_run_refs_agree_and_share_names() {
        let mut c = mem("");
        c.run_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            .unwrap();
        let ins = "INSERT INTO t (name) VALUES (?)";
        let a = Value::from("a");
        let by_ref = c.run_refs(ins, &[&a]).unwrap();
        let owned = c.run(ins, &[Value::from("b")]).unwrap();
        assert_eq!((by_ref.rows_affected, by_ref.last_insert_id), (1, Some(1)));
        assert_eq!((owned.rows_affected, owned.last_insert_id), (1, Some(2)));
        assert!(by_ref.columns.is_empty() && owned.columns.is_empty());

        let q = "SELECT id, name FROM t WHERE id >= ?";
        let one = Value::Int(1);
        let x = c.run_refs(q, &[&one]).unwrap();
        let y = c.run(q, &[Value::Int(1)]).unwrap();
        assert_eq!(x.rows, y.rows);
        assert_eq!(&*x.columns, ["id", "name"]);
        assert!(Arc::ptr_eq(&x.columns, &y.columns), "names are shared");
        assert_eq!((x.rows_affected, x.last_insert_id), (0, None));
    }

    #[test]
    fn a_schema_change_never_hands_back_stale_names() {
        let mut c = mem("");
        c.run_script("CREATE TABLE t (a INTEGER, b INTEGER); INSERT INTO t VALUES (1, 2)")
            .unwrap();
        let star = "SELECT * FROM t";
        let first = c.run(star, &[]).unwrap();
        assert_eq!(&*first.columns, ["a", "b"]);

        // SQLite re-prepares the cached statement on its next step: one more column.
        c.run_script("ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 3")
            .unwrap();
        let out = c.run(star, &[]).unwrap();
        assert_eq!(&*out.columns, ["a", "b", "c"]);
        assert_eq!(
            out.rows,
            vec![vec![Value::Int(1), Value::Int(2), Value::Int(3)]]
        );

        // Same count, other names.
        c.run_script("ALTER TABLE t RENAME COLUMN b TO z").unwrap();
        let out = c.run(star, &[]).unwrap();
        assert_eq!(&*out.columns, ["a", "z", "c"]);

        // No rows: the names still come from the re-prepared statement.
        c.run_script("ALTER TABLE t DROP COLUMN c; DELETE FROM t")
            .unwrap();
        let out = c.run(star, &[]).unwrap();
        assert_eq!(&*out.columns, ["a", "z"]);
        assert!(out.rows.is_empty());

        // Unchanged since: the names are reused.
        let again = c.run(star, &[]).unwrap();
        assert!(Arc::ptr_eq(&out.columns, &again.columns));
    }

    #[test]
    fn names_survive_a_flushed_statement_cache_and_stay_bounded() {
        let mut c = mem("?statement_cache_size=2");
        let q = "SELECT 1 AS one";
        let first = c.run(q, &[]).unwrap();
        c.raw_connection().flush_prepared_statement_cache();
        let second = c.run(q, &[]).unwrap();
        assert_eq!(&*second.columns, ["one"]);
        assert!(Arc::ptr_eq(&first.columns, &second.columns));
        for i in 0..10 {
            let sql = format!("SELECT {i} AS n{i}");
            assert_eq!(*c.run(&sql, &[]).unwrap().columns, [format!("n{i}")]);
            assert!(c.names.map.len() <= 2);
        }

        let mut c = mem("?statement_cache_size=0");
        assert_eq!(&*c.run(q, &[]).unwrap().columns, ["one"]);
        assert!(c.names.map.is_empty());
    }

    #[test]
    fn a_statement_run_again_hands_out_tracked_names() {
        let mut c = mem("");
        let q = "SELECT 1 AS one, 2 AS two";
        for _ in 0..3 {
            assert_eq!(&*c.run(q, &[]).unwrap().columns, ["one", "two"]);
        }
        // The first run read the names; the next two were tracked.
        assert_eq!(c.names.tracked_hits, 2);
    }

    #[test]
    fn an_evicted_statement_prepared_anew_after_a_schema_change_is_checked() {
        // One cached statement: running the DELETE evicts `star` from rusqlite's
        // cache, while its names stay known (a statement without results has
        // none to record).
        let mut c = mem("?statement_cache_size=1");
        c.run_script("CREATE TABLE t (a INTEGER)").unwrap();
        let star = "SELECT * FROM t";
        assert_eq!(&*c.run(star, &[]).unwrap().columns, ["a"]);
        assert_eq!(&*c.run(star, &[]).unwrap().columns, ["a"]);
        c.run("DELETE FROM t", &[]).unwrap();
        assert_eq!(c.prepared_statements_cached(), 1);
        assert_eq!(c.names.map.len(), 1);
        c.run_script("ALTER TABLE t ADD COLUMN b INTEGER").unwrap();
        // Prepared anew (never run, so not tracked), with the new column.
        assert_eq!(&*c.run(star, &[]).unwrap().columns, ["a", "b"]);
        assert_eq!(&*c.run(star, &[]).unwrap().columns, ["a", "b"]);
    }

    #[test]
    fn statements_run_behind_the_adapters_back_are_always_checked() {
        let mut c = mem("?statement_cache_size=1");
        c.run_script("CREATE TABLE t (a INTEGER)").unwrap();
        let star = "SELECT * FROM t";
        assert_eq!(&*c.run(star, &[]).unwrap().columns, ["a"]);
        c.run("DELETE FROM t", &[]).unwrap();
        c.run_script("ALTER TABLE t ADD COLUMN b INTEGER").unwrap();
        // The user prepares and runs `star` anew through rusqlite: the adapter
        // then finds a statement that has run, which it never saw.
        {
            let raw = c.raw_connection();
            let mut st = raw.prepare_cached(star).unwrap();
            assert!(st.query([]).unwrap().next().unwrap().is_none());
        }
        assert_eq!(&*c.run(star, &[]).unwrap().columns, ["a", "b"]);
        let tracked = c.names.tracked_hits;
        c.run(star, &[]).unwrap();
        assert_eq!(c.names.tracked_hits, tracked, "never tracked once exposed");
    }
}
