//! Transactions, savepoints, events, echo logging and the pool, SQLAlchemy style.
//!
//!     cargo run --example transactions
//!
//! For anyone who writes data through a sqlcraft `Engine` and wants to know
//! exactly when it is committed. Every step is checked against the rows actually
//! in the table, read back through another pooled connection:
//!
//! 1. `engine.begin(|conn| …)` commits on `Ok`, rolls back on `Err` (a user error
//!    type works, as long as it converts from `sqlcraft::Error`) and rolls back when
//!    the closure panics.
//! 2. A connection dropped without `commit()` rolls back; `commit()` and
//!    `rollback()` called explicitly.
//! 3. Savepoints (`nested`, `begin_nested`): a unique-constraint violation rolled
//!    back alone, as a typed integrity error, while the outer transaction keeps its
//!    rows.
//! 4. Events: `on_connect` (a PRAGMA), `before_execute` refusing a DELETE without
//!    WHERE, `after_execute` collecting statements, timings and row counts,
//!    `on_checkout` / `on_checkin` counters.
//! 5. Echo logging through a small `log::Log` collector, with the cache badges.
//! 6. The pool: `pool_state()` and a checkout timeout when the pool is exhausted.
//!
//! Several connections must see the same data, so the database is a file in a
//! fresh directory under the system's temporary directory, removed at the end
//! (an in-memory SQLite database lives in one connection only).

use sqlcraft::engine::{Engine, ErrorKind, PoolKind, PoolState, Url};
use sqlcraft::prelude::*;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type AnyError = Box<dyn std::error::Error>;

fn main() -> Result<(), AnyError> {
    // The logger is process-wide and can be installed once: do it first. Only
    // engines built with `echo(true)` write to it.
    log::set_logger(&ECHO_LINES).map_err(|e| e.to_string())?;
    log::set_max_level(log::LevelFilter::Info);

    // Declared first, so that it is dropped last: whatever happens below, the
    // directory goes away after the engines that use it.
    let tmp = TempDir::new()?;
    let path = tmp.0.join("bank.db");
    let path = path.to_str().ok_or("the temporary path is not UTF-8")?;
    // The URL builder escapes whatever the path holds; the absolute path gives
    // SQLAlchemy's four slashes.
    let url = Url::builder("sqlite").database(path).build().to_string();
    assert_eq!(url, format!("sqlite:///{path}"));
    println!("database: {url}\n");

    let mut meta = MetaData::new();
    let accounts = meta.table("accounts", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("name", SqlType::string(20)).not_null();
        t.column("balance", SqlType::Integer).not_null();
        t.unique_named("uq_accounts_name", ["name"]);
    })?;

    let engine = sqlcraft_sqlite::create_engine(&url)?;
    meta.create_all(&engine)?;

    // ------------------------------------------------------------------
    // 1. engine.begin
    // ------------------------------------------------------------------
    heading("1. engine.begin: commit on Ok, rollback on Err or panic");

    let new_account = |name: &str, balance: i64| {
        insert(&accounts)
            .value("name", name)
            .value("balance", balance)
    };

    engine.begin(|conn| -> sqlcraft::Result<()> {
        conn.execute(&new_account("ann", 100))?;
        conn.execute(&new_account("bob", 50))?;
        Ok(())
    })?;
    let rows = snapshot(&engine, &accounts)?;
    println!("after Ok:    {rows:?}");
    assert_eq!(rows, expect(&[("ann", 100), ("bob", 50)]));

    // Bob cannot pay 80: the debit has run when the check fails, and the Err
    // undoes it.
    let err = must_fail(transfer(&engine, &accounts, "bob", "ann", 80))?;
    println!("transfer 80: {err}");
    assert!(matches!(
        err,
        TransferError::InsufficientFunds { ref account, balance: -30 } if account == "bob"
    ));
    let rows = snapshot(&engine, &accounts)?;
    println!("after Err:   {rows:?}");
    assert_eq!(rows, expect(&[("ann", 100), ("bob", 50)]));

    transfer(&engine, &accounts, "bob", "ann", 30)?;
    let rows = snapshot(&engine, &accounts)?;
    println!("transfer 30: {rows:?}");
    assert_eq!(rows, expect(&[("ann", 130), ("bob", 20)]));

    // A panic unwinds through `engine.begin`; the connection's drop rolls back
    // before it returns to the pool. The default hook would print the panic as
    // if the program had crashed, so it is silenced for this one call only.
    // AssertUnwindSafe: what the panic could leave half-done is the transaction,
    // and checking that it did not is the point of this step.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        engine.begin(|conn| -> sqlcraft::Result<()> {
            conn.execute(&new_account("mallory", 1_000_000))?;
            panic!("bug in the middle of a transaction");
        })
    }));
    panic::set_hook(default_hook);
    let payload = caught.err().ok_or("the closure was expected to panic")?;
    let message = payload.downcast_ref::<&str>().copied().unwrap_or("?");
    println!("caught panic: {message:?}");
    assert_eq!(message, "bug in the middle of a transaction");
    let rows = snapshot(&engine, &accounts)?;
    println!("after panic: {rows:?}");
    assert_eq!(rows, expect(&[("ann", 130), ("bob", 20)]));
    // The connection went back to the pool rolled back, not discarded as broken.
    let pool = engine.pool_state();
    assert_eq!((pool.checked_out, pool.idle), (0, pool.connections));
    println!();

    // ------------------------------------------------------------------
    // 2. Connections: autobegin, drop, commit, rollback
    // ------------------------------------------------------------------
    heading("2. A connection: drop rolls back, commit() and rollback()");

    let set_balance = |name: &str, balance: i64| {
        update(&accounts)
            .set("balance", balance)
            .filter(accounts.c("name").eq(name))
    };

    let mut conn = engine.connect()?;
    assert!(!conn.in_transaction());
    conn.execute(&set_balance("ann", 0))?; // autobegin
    assert!(conn.in_transaction());
    let own_view: i64 = conn.execute(&balance_of(&accounts, "ann"))?.scalar_one()?;
    let others_view = snapshot(&engine, &accounts)?;
    println!("inside the transaction ann has {own_view}; other connections see {others_view:?}");
    assert_eq!(own_view, 0);
    assert_eq!(others_view, expect(&[("ann", 130), ("bob", 20)]));
    drop(conn);
    let rows = snapshot(&engine, &accounts)?;
    println!("dropped without commit: {rows:?}");
    assert_eq!(rows, expect(&[("ann", 130), ("bob", 20)]));

    let mut conn = engine.connect()?;
    conn.execute(&new_account("carol", 10))?;
    conn.commit()?;
    assert!(!conn.in_transaction());
    let rows = snapshot(&engine, &accounts)?;
    println!("commit():   {rows:?}");
    assert_eq!(rows, expect(&[("ann", 130), ("bob", 20), ("carol", 10)]));

    // The same connection carries on: its next statement begins a new transaction.
    conn.execute(&set_balance("carol", 99))?;
    conn.rollback()?;
    assert!(!conn.in_transaction());
    let rows = snapshot(&engine, &accounts)?;
    println!("rollback(): {rows:?}\n");
    assert_eq!(rows, expect(&[("ann", 130), ("bob", 20), ("carol", 10)]));

    // ------------------------------------------------------------------
    // 3. Savepoints
    // ------------------------------------------------------------------
    heading("3. Savepoints: an inner failure undone alone");

    conn.execute(&new_account("dave", 0))?; // the outer transaction's row
    let inner = conn.nested(|sp| -> sqlcraft::Result<()> {
        sp.execute(&new_account("erin", 5))?;
        sp.execute(&new_account("ann", 1))?; // "ann" exists: uq_accounts_name
        Ok(())
    });
    let err = must_fail(inner)?;
    println!("nested(): {err}");
    assert_eq!(err.db_kind(), Some(ErrorKind::Integrity));
    let Error::Database(db) = &err else {
        return Err(format!("expected a database error, got {err:?}").into());
    };
    assert_eq!(db.code.as_deref(), Some("SQLITE_CONSTRAINT_UNIQUE"));
    assert_eq!(
        db.sql.as_deref(),
        Some(r#"INSERT INTO "accounts" ("name", "balance") VALUES (?, ?)"#)
    );
    // Erin went with the savepoint; dave, from before it, is still there.
    assert!(conn.in_transaction());
    let names: Vec<String> = conn.execute(&names_query(&accounts))?.scalars()?;
    println!("inside the outer transaction: {names:?}");
    assert_eq!(names, ["ann", "bob", "carol", "dave"]);

    // The same by hand: `begin_nested` returns a guard to commit (RELEASE) or
    // roll back (also what dropping it does).
    let mut sp = conn.begin_nested()?;
    sp.execute(&new_account("erin", 5))?;
    sp.commit()?;
    let mut sp = conn.begin_nested()?;
    sp.execute(&set_balance("dave", 999))?;
    sp.rollback()?;
    conn.commit()?;
    drop(conn);
    let rows = snapshot(&engine, &accounts)?;
    println!("committed: {rows:?}\n");
    assert_eq!(
        rows,
        expect(&[
            ("ann", 130),
            ("bob", 20),
            ("carol", 10),
            ("dave", 0),
            ("erin", 5)
        ])
    );

    // ------------------------------------------------------------------
    // 4. Events
    // ------------------------------------------------------------------
    heading("4. Events");

    let connects = Arc::new(AtomicUsize::new(0));
    let checkouts = Arc::new(AtomicUsize::new(0));
    let checkins = Arc::new(AtomicUsize::new(0));
    let executed: Arc<Mutex<Vec<Executed>>> = Arc::default();
    let audited = {
        let (connects, checkouts, checkins, executed) = (
            connects.clone(),
            checkouts.clone(),
            checkins.clone(),
            executed.clone(),
        );
        sqlcraft_sqlite::engine_builder(&url)?
            // Per-connection settings belong here: every connection the pool
            // opens gets them, including ones that replace broken connections.
            .on_connect(move |raw| {
                connects.fetch_add(1, Ordering::SeqCst);
                raw.run_script("PRAGMA cache_size = -8000") // 8 MiB of page cache
            })
            // A guard rail: the handler sees the SQL exactly as it will run.
            .before_execute(|ev| {
                let sql = ev.sql.trim_start().to_ascii_uppercase();
                if sql.starts_with("DELETE") && !sql.contains(" WHERE ") {
                    Err(format!("DELETE without WHERE: {}", ev.sql))
                } else {
                    Ok(())
                }
            })
            .after_execute(move |ev| {
                lock(&executed).push(Executed {
                    sql: ev.sql.to_owned(),
                    elapsed: ev.elapsed,
                    rows: ev.rows,
                });
            })
            .on_checkout(move || {
                checkouts.fetch_add(1, Ordering::SeqCst);
            })
            .on_checkin(move || {
                checkins.fetch_add(1, Ordering::SeqCst);
            })
            .build()?
    };
    let counters = || {
        (
            connects.load(Ordering::SeqCst),
            checkouts.load(Ordering::SeqCst),
            checkins.load(Ordering::SeqCst),
        )
    };
    assert_eq!(counters(), (0, 0, 0)); // building an engine opens nothing

    let started = Instant::now();
    let mut conn = audited.connect()?;
    assert_eq!(counters(), (1, 1, 0));
    // Refused before anything ran or began: the connection has no transaction
    // to clean up, and the error is the application's, not the database's.
    let everything = delete(&accounts);
    let err = must_fail(conn.execute(&everything))?;
    println!("before_execute: {err}");
    assert_eq!(
        err,
        Error::Rejected(r#"DELETE without WHERE: DELETE FROM "accounts""#.to_owned())
    );
    assert_eq!(err.db_kind(), None);
    assert!(!conn.in_transaction());

    let cache_size: i64 = conn.execute(&text("PRAGMA cache_size"))?.scalar_one()?;
    println!("on_connect ran: PRAGMA cache_size = {cache_size}");
    assert_eq!(cache_size, -8000);

    let n = conn
        .execute(&delete(&accounts).filter(accounts.c("name").eq("erin")))?
        .rowcount();
    assert_eq!(n, 1);
    let names: Vec<String> = conn.execute(&names_query(&accounts))?.scalars()?;
    assert_eq!(names, ["ann", "bob", "carol", "dave"]);
    conn.commit()?;
    drop(conn);
    assert_eq!(counters(), (1, 1, 1));

    // `engine.begin` checks out too; the idle connection is reused, so
    // on_connect does not run again.
    audited.begin(|c| c.execute(&set_balance("dave", 1)).map(drop))?;
    assert_eq!(counters(), (1, 2, 2));
    let wall = started.elapsed();

    let executed = std::mem::take(&mut *lock(&executed));
    println!("after_execute saw {} statements:", executed.len());
    for e in &executed {
        println!("  {:>4} row(s) {:>10.3?}  {}", e.rows, e.elapsed, e.sql);
    }
    let seen: Vec<(&str, u64)> = executed.iter().map(|e| (e.sql.as_str(), e.rows)).collect();
    // The refused DELETE never ran, so it is not there. A query counts the rows
    // it returned; a write, the rows it changed.
    assert_eq!(
        seen,
        [
            ("PRAGMA cache_size", 1),
            (r#"DELETE FROM "accounts" WHERE "accounts"."name" = ?"#, 1),
            (
                r#"SELECT "accounts"."name" FROM "accounts" ORDER BY "accounts"."name" ASC"#,
                4
            ),
            (
                r#"UPDATE "accounts" SET "balance" = ? WHERE "accounts"."name" = ?"#,
                1
            ),
        ]
    );
    let total: Duration = executed.iter().map(|e| e.elapsed).sum();
    assert!(
        total <= wall,
        "{total:?} spent in statements, {wall:?} in all"
    );
    let rows = snapshot(&engine, &accounts)?;
    println!("rows: {rows:?}\n");
    assert_eq!(
        rows,
        expect(&[("ann", 130), ("bob", 20), ("carol", 10), ("dave", 1)])
    );

    // ------------------------------------------------------------------
    // 5. Echo
    // ------------------------------------------------------------------
    heading("5. Echo logging");

    // A new engine has an empty compilation cache: the first run of a statement
    // shape is compiled ("generated"), the next with other values reuses it.
    let echoing = sqlcraft_sqlite::engine_builder(&url)?.echo(true).build()?;
    lock(&LINES).clear();
    let mut conn = echoing.connect()?;
    let ann: i64 = conn.execute(&balance_of(&accounts, "ann"))?.scalar_one()?;
    let bob: i64 = conn.execute(&balance_of(&accounts, "bob"))?.scalar_one()?;
    assert_eq!((ann, bob), (130, 20));
    conn.nested(|sp| sp.execute(&set_balance("carol", 11)).map(drop))?;
    conn.commit()?;
    conn.execute(&balance_of(&accounts, "carol"))?;
    drop(conn); // rolls back the read-only transaction the SELECT began

    let lines = std::mem::take(&mut *lock(&LINES));
    for line in &lines {
        println!("  {line}");
    }
    let select_sql = r#"SELECT "accounts"."balance" FROM "accounts" WHERE "accounts"."name" = ?"#;
    let update_sql = r#"UPDATE "accounts" SET "balance" = ? WHERE "accounts"."name" = ?"#;
    let expected = [
        Echo::Exact("BEGIN (implicit)"),
        Echo::Exact(select_sql),
        Echo::Generated(r#"[Text("ann")]"#),
        Echo::Exact(select_sql),
        Echo::Cached(r#"[Text("bob")]"#),
        Echo::Exact("SAVEPOINT sa_savepoint_1"),
        Echo::Exact(update_sql),
        Echo::Generated(r#"[Int(11), Text("carol")]"#),
        Echo::Exact("RELEASE SAVEPOINT sa_savepoint_1"),
        Echo::Exact("COMMIT"),
        Echo::Exact("BEGIN (implicit)"),
        Echo::Exact(select_sql),
        Echo::Cached(r#"[Text("carol")]"#),
        Echo::Exact("ROLLBACK"),
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, want) in lines.iter().zip(&expected) {
        assert!(want.matches(line), "echo line {line:?}, expected {want:?}");
    }
    let stats = echoing.cache_stats();
    assert_eq!((stats.misses, stats.hits), (2, 2));
    println!();

    // ------------------------------------------------------------------
    // 6. The pool
    // ------------------------------------------------------------------
    heading("6. The pool");

    let timeout = Duration::from_millis(100);
    let small = sqlcraft_sqlite::engine_builder(&url)?
        .pool_kind(PoolKind::Queue) // the default for a file; said for the reader
        .pool_size(2)
        .max_overflow(0)
        .pool_timeout(timeout)
        .build()?;
    let state = |connections, idle, checked_out| PoolState {
        connections,
        idle,
        checked_out,
    };
    println!("built:             {:?}", small.pool_state());
    assert_eq!(small.pool_state(), state(0, 0, 0));
    let a = small.connect()?;
    let b = small.connect()?;
    println!("two checked out:   {:?}", small.pool_state());
    assert_eq!(small.pool_state(), state(2, 0, 2));

    let err = must_fail(small.connect())?;
    println!("third checkout:    {err}");
    let Error::PoolTimeout { waited, .. } = err else {
        return Err(format!("expected a pool timeout, got {err:?}").into());
    };
    assert!(waited >= timeout);

    drop(a);
    println!("one returned:      {:?}", small.pool_state());
    assert_eq!(small.pool_state(), state(2, 1, 1));
    let c = small.connect()?; // the idle one, at once
    assert_eq!(small.pool_state(), state(2, 0, 2));
    drop((b, c));
    println!("all returned:      {:?}\n", small.pool_state());
    assert_eq!(small.pool_state(), state(2, 2, 0));

    // ------------------------------------------------------------------
    // Clean up
    // ------------------------------------------------------------------
    drop((engine, audited, echoing, small));
    let dir = tmp.0.clone();
    drop(tmp);
    assert!(!dir.exists());
    println!("removed {}", dir.display());
    Ok(())
}

/// A transfer's failure: the application's own reason, or the database's.
/// `engine.begin` only needs `From<sqlcraft::Error>` to report its own errors.
#[derive(Debug)]
enum TransferError {
    InsufficientFunds { account: String, balance: i64 },
    Db(sqlcraft::Error),
}

impl From<sqlcraft::Error> for TransferError {
    fn from(e: sqlcraft::Error) -> Self {
        TransferError::Db(e)
    }
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransferError::InsufficientFunds { account, balance } => {
                write!(f, "insufficient funds: {account} would have {balance}")
            }
            TransferError::Db(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for TransferError {}

/// Moves `amount` from one account to another in one transaction.
fn transfer(
    engine: &Engine,
    accounts: &Table,
    from: &str,
    to: &str,
    amount: i64,
) -> Result<(), TransferError> {
    let balance = accounts.c("balance");
    engine.begin(|conn| {
        conn.execute(
            &update(accounts)
                .set("balance", balance.clone() - amount)
                .filter(accounts.c("name").eq(from)),
        )?;
        conn.execute(
            &update(accounts)
                .set("balance", balance.clone() + amount)
                .filter(accounts.c("name").eq(to)),
        )?;
        let left: i64 = conn.execute(&balance_of(accounts, from))?.scalar_one()?;
        if left < 0 {
            return Err(TransferError::InsufficientFunds {
                account: from.to_owned(),
                balance: left,
            });
        }
        Ok(())
    })
}

/// The error of an operation that must fail; its success is itself an error.
fn must_fail<T: std::fmt::Debug, E>(r: Result<T, E>) -> Result<E, AnyError> {
    match r {
        Ok(v) => Err(format!("expected an error, got Ok({v:?})").into()),
        Err(e) => Ok(e),
    }
}

fn balance_of(accounts: &Table, name: &str) -> Select {
    select(accounts.c("balance"))
        .from(accounts)
        .filter(accounts.c("name").eq(name))
}

fn names_query(accounts: &Table) -> Select {
    select(accounts.c("name"))
        .from(accounts)
        .order_by(accounts.c("name").asc())
}

/// The committed rows, read on a connection of its own: what any other user of
/// the database would see now. Dropping the connection ends its read
/// transaction, so it holds no lock that would block a writer's COMMIT.
fn snapshot(engine: &Engine, accounts: &Table) -> sqlcraft::Result<Vec<(String, i64)>> {
    let q = select((accounts.c("name"), accounts.c("balance")))
        .from(accounts)
        .order_by(accounts.c("name").asc());
    engine.connect()?.execute(&q)?.fetch()
}

fn expect(rows: &[(&str, i64)]) -> Vec<(String, i64)> {
    rows.iter().map(|(n, b)| ((*n).to_owned(), *b)).collect()
}

/// One statement as an `after_execute` handler saw it.
struct Executed {
    sql: String,
    elapsed: Duration,
    rows: u64,
}

/// An expected echo line: exact, or a cache badge (whose timing varies) followed
/// by the parameters.
#[derive(Debug)]
enum Echo {
    Exact(&'static str),
    /// `[generated in 0.00002s] <params>`: compiled for this execution.
    Generated(&'static str),
    /// `[cached since 0.0002s ago] <params>`: compiled earlier, reused.
    Cached(&'static str),
}

impl Echo {
    fn matches(&self, line: &str) -> bool {
        let badge = |prefix: &str, suffix: &str, params: &str| {
            line.strip_prefix(prefix)
                .and_then(|rest| rest.split_once(suffix))
                .is_some_and(|(secs, rest)| secs.parse::<f64>().is_ok() && rest == params)
        };
        match self {
            Echo::Exact(s) => line == *s,
            Echo::Generated(params) => badge("[generated in ", "s] ", params),
            Echo::Cached(params) => badge("[cached since ", "s ago] ", params),
        }
    }
}

/// Collects the engine's echo lines (target `sqlcraft.engine`), as a test
/// would; a real program would use env_logger or similar.
struct Collector;

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static ECHO_LINES: Collector = Collector;

impl log::Log for Collector {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "sqlcraft.engine" && metadata.level() <= log::Level::Info
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            lock(&LINES).push(record.args().to_string());
        }
    }
    fn flush(&self) {}
}

/// Locks a mutex even if a panic poisoned it (the data is plain lists).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "sqlcraft-transactions-{}-{nanos}",
            std::process::id()
        ));
        // create_dir, not create_dir_all: fails rather than reuse a directory.
        std::fs::create_dir(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn heading(title: &str) {
    println!("==== {title} ====\n");
}
