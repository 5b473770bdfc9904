//! Transactions through the engine, on every backend: `Engine::begin` (commit on
//! `Ok`, rollback on `Err` and on panic), autobegin and rollback on drop, explicit
//! commit/rollback, savepoints, integrity errors inside transactions, isolation
//! levels, and what DDL inside a transaction does on MariaDB.
//!
//! Every scenario runs on in-memory SQLite (one shared connection, the static
//! pool), SQLite on a file in a temp directory (a queue pool whose connections
//! see each other), PostgreSQL and MariaDB.

mod support;

use sqlcraft::engine::{
    Connection, Engine, EngineBuilder, ErrorKind, ExecutionOptions, IsolationLevel,
};
use sqlcraft::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Duration;
use support::{unique, Backend};

// ---------------------------------------------------------------------------
// Targets: the three backends plus SQLite on a file.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    SqliteMemory,
    SqliteFile,
    Postgres,
    MariaDb,
}

/// One database to run a scenario on. For SQLite on a file it owns a temp
/// directory, removed on drop.
struct Db {
    target: Target,
    dir: Option<PathBuf>,
}

impl Db {
    fn new(target: Target) -> Db {
        let dir = (target == Target::SqliteFile).then(|| {
            let dir = std::env::temp_dir().join(unique("sqlcraft_engine_tx"));
            std::fs::create_dir_all(&dir).expect("create temp dir");
            dir
        });
        Db { target, dir }
    }

    fn name(&self) -> &'static str {
        match self.target {
            Target::SqliteMemory => "sqlite (memory)",
            Target::SqliteFile => "sqlite (file)",
            Target::Postgres => "postgresql",
            Target::MariaDb => "mariadb",
        }
    }

    fn builder(&self) -> EngineBuilder {
        match self.target {
            Target::SqliteMemory => Backend::Sqlite.builder(),
            Target::Postgres => Backend::Postgres.builder(),
            Target::MariaDb => Backend::MariaDb.builder(),
            Target::SqliteFile => {
                let path = self.dir.as_ref().unwrap().join("db.sqlite");
                // WAL: readers and the writer do not block each other, as on the
                // servers.
                let url = format!("sqlite:///{}?journal_mode=wal", path.display());
                sqlcraft_sqlite::engine_builder(&url).expect("sqlite file engine builder")
            }
        }
    }

    fn engine(&self) -> Engine {
        self.builder().build().expect("build engine")
    }

    /// Whether two connections of one engine are two sessions on one database.
    fn shared(&self) -> bool {
        self.target != Target::SqliteMemory
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A table `(id INTEGER PRIMARY KEY, v INTEGER NOT NULL)` with a unique name,
/// dropped when the guard goes (declare it before any connection, so that it
/// drops after them).
struct Tbl {
    engine: Engine,
    name: String,
}

impl Tbl {
    fn create(engine: &Engine, prefix: &str) -> Tbl {
        let name = unique(prefix);
        let mut c = engine.connect().expect("connect");
        c.exec_driver_sql(
            &format!("CREATE TABLE {name} (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"),
            &[],
        )
        .expect("create table");
        c.commit().expect("commit create table");
        Tbl {
            engine: engine.clone(),
            name,
        }
    }

    fn t(&self) -> Table {
        table(&self.name)
    }

    fn insert(&self, c: &mut Connection, id: i64) -> sqlcraft::Result<u64> {
        let t = self.t();
        Ok(c.execute(&insert(&t).value("id", id).value("v", id * 10))?
            .rowcount())
    }

    fn ids_on(&self, c: &mut Connection) -> Vec<i64> {
        let t = self.t();
        c.execute(&select(t.c("id")).from(&t).order_by(t.c("id")))
            .expect("select ids")
            .scalars()
            .expect("ids as i64")
    }

    /// The ids, read from a fresh connection (and its own transaction).
    fn ids(&self) -> Vec<i64> {
        let mut c = self.engine.connect().expect("connect for check");
        self.ids_on(&mut c)
    }
}

impl Drop for Tbl {
    fn drop(&mut self) {
        if let Ok(mut c) = self.engine.connect() {
            let _ = c.exec_driver_sql(&format!("DROP TABLE IF EXISTS {}", self.name), &[]);
            let _ = c.commit();
        }
    }
}

#[derive(Debug)]
enum AppError {
    Db(Error),
    Boom(&'static str),
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Db(e) => write!(f, "database: {e}"),
            AppError::Boom(m) => write!(f, "boom: {m}"),
        }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError::Db(e)
    }
}

/// Generates one test per target for a scenario `fn(&Db)`.
macro_rules! on_all_targets {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            use super::{Db, Target};
            #[test]
            fn sqlite_memory() {
                super::$scenario(&Db::new(Target::SqliteMemory));
            }
            #[test]
            fn sqlite_file() {
                super::$scenario(&Db::new(Target::SqliteFile));
            }
            #[test]
            fn postgres() {
                super::$scenario(&Db::new(Target::Postgres));
            }
            #[test]
            fn mariadb() {
                super::$scenario(&Db::new(Target::MariaDb));
            }
        }
    )*};
}

on_all_targets!(
    err_inside_begin_leaves_no_row,
    panic_inside_begin_leaves_no_row_and_pool_usable,
    drop_without_commit_rolls_back,
    commit_keeps_rows,
    explicit_rollback,
    failing_nested_rolls_back_only_its_rows,
    nested_savepoints_two_deep,
    begin_nested_guard_dropped_rolls_back_to_it,
    panic_inside_nested_rolls_back_to_savepoint,
    integrity_error_in_transaction,
    savepoint_catches_integrity_error,
    engine_isolation_level_is_in_effect,
    driver_connection_shares_the_transaction,
    autocommit_commits_every_statement,
);

// ---------------------------------------------------------------------------
// AUTOCOMMIT

/// At `IsolationLevel::Autocommit` the engine sends no BEGIN: every statement
/// commits on its own, on an engine set so and on one connection switched to
/// it; a statement that refuses to run in a transaction runs; a savepoint is a
/// typed error; a connection set to another level is transactional again.
fn autocommit_commits_every_statement(db: &Db) {
    let engine = db
        .builder()
        .isolation_level(IsolationLevel::Autocommit)
        .build()
        .unwrap();
    let tbl = Tbl::create(&engine, "tx_auto");
    let mut c = engine.connect().unwrap();
    assert_eq!(tbl.insert(&mut c, 1).unwrap(), 1);
    assert!(!c.in_transaction(), "{}: no BEGIN", db.name());
    c.rollback().unwrap();
    drop(c);
    assert_eq!(
        tbl.ids(),
        vec![1],
        "{}: neither rollback nor drop undo it",
        db.name()
    );

    // Engine::begin groups statements without making them atomic.
    let r: Result<(), AppError> = engine.begin(|c| {
        tbl.insert(c, 2)?;
        Err(AppError::Boom("after the insert"))
    });
    assert!(matches!(r, Err(AppError::Boom(_))), "{}: {r:?}", db.name());
    assert_eq!(tbl.ids(), vec![1, 2], "{}: the insert stays", db.name());

    let mut c = engine.connect().unwrap();
    assert!(
        matches!(c.begin_nested().err(), Some(Error::InvalidStatement(_))),
        "{}: a savepoint needs a transaction",
        db.name()
    );
    let nested: sqlcraft::Result<()> = c.nested(|_| Ok(()));
    assert!(
        matches!(nested, Err(Error::InvalidStatement(_))),
        "{}",
        db.name()
    );
    match db.target {
        Target::SqliteMemory | Target::SqliteFile => {
            c.exec_driver_sql("VACUUM", &[]).unwrap();
        }
        Target::Postgres => {
            c.exec_driver_sql(&format!("VACUUM {}", tbl.name), &[])
                .unwrap();
        }
        Target::MariaDb => {
            let open: i64 = c
                .exec_driver_sql("SELECT @@in_transaction", &[])
                .unwrap()
                .scalar_one()
                .unwrap();
            assert_eq!(open, 0, "mariadb: no transaction open");
        }
    }

    // Another level on this connection: a transaction again, rolled back on drop.
    c.set_execution_options(ExecutionOptions {
        isolation_level: Some(IsolationLevel::Serializable),
        ..ExecutionOptions::default()
    });
    tbl.insert(&mut c, 3).unwrap();
    assert!(c.in_transaction(), "{}", db.name());
    drop(c);
    assert_eq!(tbl.ids(), vec![1, 2], "{}", db.name());

    // And the other way: one connection of a transactional engine in AUTOCOMMIT.
    // (A second engine on in-memory SQLite is a second database: its own table.)
    let plain = db.engine();
    let tbl2 = Tbl::create(&plain, "tx_auto_conn");
    let mut c = plain.connect().unwrap();
    c.set_execution_options(ExecutionOptions {
        isolation_level: Some(IsolationLevel::Autocommit),
        ..ExecutionOptions::default()
    });
    tbl2.insert(&mut c, 7).unwrap();
    assert!(!c.in_transaction(), "{}", db.name());
    drop(c);
    assert_eq!(tbl2.ids(), vec![7], "{}", db.name());
}

// ---------------------------------------------------------------------------
// Engine::begin

fn err_inside_begin_leaves_no_row(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_err");
    let r: Result<(), AppError> = engine.begin(|c| {
        assert!(
            c.in_transaction(),
            "{}: begin opens a transaction",
            db.name()
        );
        assert_eq!(tbl.insert(c, 1)?, 1);
        assert_eq!(tbl.ids_on(c), vec![1], "{}: own row visible", db.name());
        Err(AppError::Boom("refused"))
    });
    assert!(
        matches!(r, Err(AppError::Boom("refused"))),
        "{}: the closure's error comes back as is: {r:?}",
        db.name()
    );
    assert_eq!(tbl.ids(), Vec::<i64>::new(), "{}: rolled back", db.name());
    assert_eq!(engine.pool_state().checked_out, 0, "{}", db.name());

    // The Ok path of the same shape commits.
    let n = engine
        .begin(|c| tbl.insert(c, 2))
        .unwrap_or_else(|e| panic!("{}: {e}", db.name()));
    assert_eq!(n, 1);
    assert_eq!(tbl.ids(), vec![2], "{}: committed", db.name());
}

fn panic_inside_begin_leaves_no_row_and_pool_usable(db: &Db) {
    // One connection at most, so a leaked checkout would make the next one time out.
    let engine = db
        .builder()
        .pool_size(1)
        .max_overflow(0)
        .pool_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let tbl = Tbl::create(&engine, "tx_panic");
    let caught = catch_unwind(AssertUnwindSafe(|| {
        let _: sqlcraft::Result<()> = engine.begin(|c| {
            tbl.insert(c, 1)?;
            tbl.insert(c, 2)?;
            panic!("boom inside begin");
        });
    }));
    let payload = caught.expect_err("the panic propagates out of begin");
    assert_eq!(
        payload.downcast_ref::<&str>().copied(),
        Some("boom inside begin"),
        "{}",
        db.name()
    );
    let state = engine.pool_state();
    assert_eq!(
        (state.checked_out, state.connections),
        (0, 1),
        "{}: the connection went back to the pool: {state:?}",
        db.name()
    );
    assert_eq!(tbl.ids(), Vec::<i64>::new(), "{}: rolled back", db.name());
    // The pool still hands out a working connection, and it commits.
    engine
        .begin(|c| tbl.insert(c, 3))
        .unwrap_or_else(|e| panic!("{}: pool unusable after a panic: {e}", db.name()));
    assert_eq!(tbl.ids(), vec![3], "{}", db.name());
    assert_eq!(engine.pool_state().checked_out, 0);
}

// ---------------------------------------------------------------------------
// Connection: autobegin, drop, commit, rollback

fn drop_without_commit_rolls_back(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_drop");
    let mut c = engine.connect().unwrap();
    assert!(
        !c.in_transaction(),
        "{}: no transaction before a statement",
        db.name()
    );
    tbl.insert(&mut c, 1).unwrap();
    assert!(
        c.in_transaction(),
        "{}: the first statement autobegins",
        db.name()
    );
    assert_eq!(tbl.ids_on(&mut c), vec![1]);
    if db.shared() {
        // Another session does not see the uncommitted row.
        assert_eq!(
            tbl.ids(),
            Vec::<i64>::new(),
            "{}: uncommitted row leaked",
            db.name()
        );
    }
    drop(c);
    assert_eq!(
        tbl.ids(),
        Vec::<i64>::new(),
        "{}: drop rolled back",
        db.name()
    );

    // `close()` is the same as drop.
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 2).unwrap();
    c.close();
    assert_eq!(
        tbl.ids(),
        Vec::<i64>::new(),
        "{}: close rolled back",
        db.name()
    );
}

fn commit_keeps_rows(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_commit");
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    assert!(
        matches!(c.begin(), Err(Error::InvalidStatement(_))),
        "{}: begin inside an open transaction is refused",
        db.name()
    );
    tbl.insert(&mut c, 2).unwrap();
    c.commit().unwrap();
    assert!(
        !c.in_transaction(),
        "{}: commit ends the transaction",
        db.name()
    );
    if db.shared() {
        assert_eq!(tbl.ids(), vec![1, 2], "{}: visible to others", db.name());
    }
    // The next statement autobegins a new transaction, which drop rolls back.
    tbl.insert(&mut c, 3).unwrap();
    assert!(c.in_transaction());
    drop(c);
    assert_eq!(tbl.ids(), vec![1, 2], "{}", db.name());
    // Commit without a transaction is a no-op.
    let mut c = engine.connect().unwrap();
    c.commit().unwrap();
    assert!(!c.in_transaction());
}

fn explicit_rollback(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_rollback");
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    c.rollback().unwrap();
    assert!(!c.in_transaction(), "{}", db.name());
    assert_eq!(
        tbl.ids_on(&mut c),
        Vec::<i64>::new(),
        "{}: rolled back",
        db.name()
    );
    // The same connection keeps working: a new transaction, committed.
    tbl.insert(&mut c, 2).unwrap();
    c.commit().unwrap();
    c.rollback().unwrap(); // nothing open: a no-op
    drop(c);
    assert_eq!(tbl.ids(), vec![2], "{}", db.name());
}

// ---------------------------------------------------------------------------
// Savepoints

fn failing_nested_rolls_back_only_its_rows(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_nested");
    let out: Result<(), AppError> = engine.begin(|c| {
        tbl.insert(c, 1)?;
        let r: Result<(), AppError> = c.nested(|c| {
            tbl.insert(c, 2)?;
            tbl.insert(c, 3)?;
            assert_eq!(tbl.ids_on(c), vec![1, 2, 3]);
            Err(AppError::Boom("inner"))
        });
        assert!(matches!(r, Err(AppError::Boom("inner"))), "{r:?}");
        assert!(c.in_transaction(), "the outer transaction is still open");
        assert_eq!(tbl.ids_on(c), vec![1], "only the savepoint's rows went");
        tbl.insert(c, 4)?;
        Ok(())
    });
    out.unwrap_or_else(|e| panic!("{}: {e}", db.name()));
    assert_eq!(tbl.ids(), vec![1, 4], "{}", db.name());
}

fn nested_savepoints_two_deep(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_nested2");
    let out: Result<(), AppError> = engine.begin(|c| {
        tbl.insert(c, 1)?;
        // Outer savepoint kept; its inner one fails, a second inner one is kept.
        c.nested(|c| {
            tbl.insert(c, 2)?;
            let inner: Result<(), AppError> = c.nested(|c| {
                tbl.insert(c, 3)?;
                Err(AppError::Boom("inner"))
            });
            assert!(inner.is_err());
            assert_eq!(tbl.ids_on(c), vec![1, 2]);
            c.nested(|c| tbl.insert(c, 4).map(drop))?;
            Ok::<(), AppError>(())
        })?;
        // Outer savepoint fails after its inner one was released: both go.
        let outer: Result<(), AppError> = c.nested(|c| {
            c.nested(|c| tbl.insert(c, 5).map(drop))?;
            assert_eq!(tbl.ids_on(c), vec![1, 2, 4, 5]);
            Err(AppError::Boom("outer"))
        });
        assert!(matches!(outer, Err(AppError::Boom("outer"))));
        assert_eq!(tbl.ids_on(c), vec![1, 2, 4]);
        Ok(())
    });
    out.unwrap_or_else(|e| panic!("{}: {e}", db.name()));
    assert_eq!(tbl.ids(), vec![1, 2, 4], "{}", db.name());
}

fn begin_nested_guard_dropped_rolls_back_to_it(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_sp_guard");
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    {
        let mut sp = c.begin_nested().unwrap();
        tbl.insert(sp.connection(), 2).unwrap();
        // Deref to the connection works too.
        assert_eq!(tbl.ids_on(&mut sp), vec![1, 2]);
        // dropped without commit
    }
    assert!(c.in_transaction(), "{}", db.name());
    assert_eq!(
        tbl.ids_on(&mut c),
        vec![1],
        "{}: rolled back to the savepoint",
        db.name()
    );
    {
        let mut sp = c.begin_nested().unwrap();
        tbl.insert(&mut sp, 3).unwrap();
        sp.commit().unwrap();
    }
    {
        let mut sp = c.begin_nested().unwrap();
        tbl.insert(&mut sp, 4).unwrap();
        sp.rollback().unwrap();
    }
    assert_eq!(tbl.ids_on(&mut c), vec![1, 3]);
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.ids(), vec![1, 3], "{}", db.name());
}

fn panic_inside_nested_rolls_back_to_savepoint(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_sp_panic");
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    let caught = catch_unwind(AssertUnwindSafe(|| {
        let _: sqlcraft::Result<()> = c.nested(|c| {
            tbl.insert(c, 2)?;
            panic!("boom in savepoint");
        });
    }));
    assert!(caught.is_err());
    assert!(c.in_transaction(), "{}", db.name());
    assert_eq!(tbl.ids_on(&mut c), vec![1], "{}", db.name());
    tbl.insert(&mut c, 3).unwrap();
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.ids(), vec![1, 3], "{}", db.name());
}

// ---------------------------------------------------------------------------
// Integrity errors

fn assert_integrity(db: &Db, e: &Error) {
    match e {
        Error::Database(d) => {
            assert_eq!(d.kind, ErrorKind::Integrity, "{}: {d}", db.name());
            assert!(d.sql.is_some(), "{}: the SQL is attached: {d:?}", db.name());
        }
        other => panic!("{}: expected Error::Database, got {other:?}", db.name()),
    }
    assert_eq!(e.db_kind(), Some(ErrorKind::Integrity));
}

fn integrity_error_in_transaction(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_integrity");
    let out: sqlcraft::Result<()> = engine.begin(|c| {
        tbl.insert(c, 1)?;
        let e = tbl.insert(c, 1).expect_err("duplicate primary key");
        assert_integrity(db, &e);
        Ok(()) // ignore the error and try to commit
    });
    match db.target {
        Target::Postgres => {
            // The failed statement aborted the whole transaction: it cannot commit.
            let e = out.expect_err("postgresql: an aborted transaction must not commit");
            match &e {
                Error::Database(d) => {
                    assert_eq!(d.kind, ErrorKind::Transaction, "{d}");
                    assert_eq!(d.code.as_deref(), Some("25P02"), "{d}");
                }
                other => panic!("expected a Transaction error, got {other:?}"),
            }
            assert_eq!(tbl.ids(), Vec::<i64>::new());
            assert_eq!(engine.pool_state().checked_out, 0);
        }
        _ => {
            // SQLite and MariaDB undo only the failed statement.
            out.unwrap_or_else(|e| panic!("{}: {e}", db.name()));
            assert_eq!(tbl.ids(), vec![1], "{}", db.name());
        }
    }

    // On PostgreSQL every further statement in the aborted transaction fails
    // (25P02, "current transaction is aborted").
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 10).unwrap();
    let e = tbl.insert(&mut c, 10).unwrap_err();
    assert_integrity(db, &e);
    let next = tbl.insert(&mut c, 11);
    if db.target == Target::Postgres {
        match next {
            Err(Error::Database(d)) => assert_eq!(d.code.as_deref(), Some("25P02"), "{d}"),
            other => panic!("expected 25P02, got {other:?}"),
        }
        let e = c.commit().expect_err("commit of an aborted transaction");
        assert_eq!(e.db_kind(), Some(ErrorKind::Transaction), "{e}");
        match &e {
            Error::Database(d) => assert_eq!(d.code.as_deref(), Some("25P02"), "{d}"),
            other => panic!("{other:?}"),
        }
        drop(c);
        assert_eq!(tbl.ids(), Vec::<i64>::new());
    } else {
        next.unwrap_or_else(|e| panic!("{}: {e}", db.name()));
        c.commit().unwrap();
    }
}

fn savepoint_catches_integrity_error(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_integrity_sp");
    let out: sqlcraft::Result<()> = engine.begin(|c| {
        tbl.insert(c, 1)?;
        let e = c
            .nested(|c| tbl.insert(c, 1))
            .expect_err("duplicate primary key");
        assert_integrity(db, &e);
        // The outer transaction goes on and commits, on every backend.
        tbl.insert(c, 2)?;
        Ok(())
    });
    out.unwrap_or_else(|e| panic!("{}: savepoint pattern failed: {e}", db.name()));
    assert_eq!(tbl.ids(), vec![1, 2], "{}", db.name());

    // The same with a Savepoint guard.
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 3).unwrap();
    {
        let mut sp = c.begin_nested().unwrap();
        let e = tbl.insert(&mut sp, 2).unwrap_err();
        assert_integrity(db, &e);
        sp.rollback().unwrap();
    }
    tbl.insert(&mut c, 4).unwrap();
    c.commit()
        .unwrap_or_else(|e| panic!("{}: commit after savepoint rollback: {e}", db.name()));
    drop(c);
    assert_eq!(tbl.ids(), vec![1, 2, 3, 4], "{}", db.name());
}

// ---------------------------------------------------------------------------
// Isolation levels

/// Inserts a row through the driver's own connection, with its own API.
fn raw_insert(db: &Db, c: &mut Connection, table: &str, id: i64) {
    let sql =
        |mark1: &str, mark2: &str| format!("INSERT INTO {table} (id, v) VALUES ({mark1}, {mark2})");
    let n = match db.target {
        Target::SqliteMemory | Target::SqliteFile => {
            let raw: &mut rusqlite::Connection = c.driver_connection().expect("rusqlite");
            raw.execute(&sql("?1", "?2"), (id, id * 10))
                .expect("raw insert") as u64
        }
        Target::Postgres => {
            let raw: &mut postgres::Client = c.driver_connection().expect("postgres");
            let (id, v) = (id as i32, id as i32 * 10);
            raw.execute(&sql("$1", "$2"), &[&id, &v])
                .expect("raw insert")
        }
        Target::MariaDb => {
            use mysql::prelude::Queryable;
            let raw: &mut mysql::Conn = c.driver_connection().expect("mysql");
            raw.exec_drop(sql("?", "?"), (id, id * 10))
                .expect("raw insert");
            raw.affected_rows()
        }
    };
    assert_eq!(n, 1, "{}: one row inserted through the driver", db.name());
}

fn driver_connection_shares_the_transaction(db: &Db) {
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_raw");

    // Rolled back with the engine's transaction.
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    raw_insert(db, &mut c, &tbl.name, 2);
    assert_eq!(tbl.ids_on(&mut c), vec![1, 2], "{}: one session", db.name());
    c.rollback().unwrap();
    drop(c);
    assert_eq!(
        tbl.ids(),
        Vec::<i64>::new(),
        "{}: both rolled back",
        db.name()
    );

    // Committed with it.
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 3).unwrap();
    raw_insert(db, &mut c, &tbl.name, 4);
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.ids(), vec![3, 4], "{}: both committed", db.name());

    // Another type is a typed error naming the driver.
    let mut c = engine.connect().unwrap();
    match c.driver_connection::<String>() {
        Err(Error::DriverConnectionType { driver, requested }) => {
            assert_eq!(driver, engine.driver_name(), "{}", db.name());
            assert_eq!(requested, "alloc::string::String", "{}", db.name());
        }
        other => panic!(
            "{}: expected DriverConnectionType, got {other:?}",
            db.name()
        ),
    }
}

fn engine_isolation_level_is_in_effect(db: &Db) {
    match db.target {
        Target::SqliteMemory | Target::SqliteFile => sqlite_isolation(db),
        Target::Postgres => {
            postgres_reports_isolation(db);
            non_repeatable_read(db);
            postgres_serializable_write_skew(db);
        }
        Target::MariaDb => {
            non_repeatable_read(db);
            mariadb_serializable_reads_lock(db);
        }
    }
}

/// InnoDB's SERIALIZABLE turns plain reads into shared-lock reads: another
/// session's UPDATE of a row the transaction read waits for the lock (and, with
/// a 1 s lock wait timeout, fails). Under REPEATABLE READ the read takes no lock.
fn mariadb_serializable_reads_lock(db: &Db) {
    let writer = db.engine();
    let tbl = Tbl::create(&writer, "tx_ser");
    let t = tbl.t();
    {
        let mut c = writer.connect().unwrap();
        tbl.insert(&mut c, 1).unwrap();
        c.commit().unwrap();
    }
    for (level, blocks) in [
        (IsolationLevel::Serializable, true),
        (IsolationLevel::RepeatableRead, false),
    ] {
        let reader = db.builder().isolation_level(level).build().unwrap();
        let mut r = reader.connect().unwrap();
        let v: i64 = r
            .execute(&select(t.c("v")).from(&t).filter(t.c("id").eq(1)))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(v, 10);
        let mut w = writer.connect().unwrap();
        w.exec_driver_sql("SET SESSION innodb_lock_wait_timeout = 1", &[])
            .unwrap();
        let upd = w.execute(&update(&t).set("v", 10).filter(t.c("id").eq(1)));
        if blocks {
            let e = upd.expect_err("serializable: the read holds a shared lock");
            assert_eq!(e.db_kind(), Some(ErrorKind::Transaction), "{e}");
        } else {
            upd.unwrap_or_else(|e| panic!("{level:?}: the update must not wait: {e}"));
        }
        drop(w);
        r.commit().unwrap();
    }
}

/// SQLite transactions are always serializable; the one level that changes
/// anything is READ UNCOMMITTED, which the driver maps to
/// `PRAGMA read_uncommitted = 1` (for the transactions that ask for it).
fn sqlite_isolation(db: &Db) {
    let pragma = |engine: &Engine| -> i64 {
        let mut c = engine.connect().unwrap();
        c.begin().unwrap();
        c.exec_driver_sql("PRAGMA read_uncommitted", &[])
            .unwrap()
            .scalar_one()
            .unwrap()
    };
    let ru = db
        .builder()
        .isolation_level(IsolationLevel::ReadUncommitted)
        .build()
        .unwrap();
    assert_eq!(pragma(&ru), 1, "{}", db.name());
    let ser = db
        .builder()
        .isolation_level(IsolationLevel::Serializable)
        .build()
        .unwrap();
    assert_eq!(pragma(&ser), 0, "{}", db.name());
    assert_eq!(pragma(&db.engine()), 0, "{}", db.name());
}

fn postgres_reports_isolation(db: &Db) {
    let level = |engine: &Engine, opts: Option<ExecutionOptions>| -> String {
        let mut c = engine.connect().unwrap();
        if let Some(o) = opts {
            c.set_execution_options(o);
        }
        c.exec_driver_sql("SELECT current_setting('transaction_isolation')", &[])
            .unwrap()
            .scalar_one()
            .unwrap()
    };
    assert_eq!(level(&db.engine(), None), "read committed");
    for (lvl, want) in [
        (IsolationLevel::Serializable, "serializable"),
        (IsolationLevel::RepeatableRead, "repeatable read"),
        (IsolationLevel::ReadCommitted, "read committed"),
        (IsolationLevel::ReadUncommitted, "read uncommitted"),
    ] {
        let engine = db.builder().isolation_level(lvl).build().unwrap();
        assert_eq!(level(&engine, None), want, "{lvl:?}");
    }
    // A connection's execution options override the engine's level.
    let engine = db
        .builder()
        .isolation_level(IsolationLevel::Serializable)
        .build()
        .unwrap();
    let opts = ExecutionOptions {
        isolation_level: Some(IsolationLevel::RepeatableRead),
        ..ExecutionOptions::default()
    };
    assert_eq!(level(&engine, Some(opts)), "repeatable read");
}

/// READ COMMITTED sees another session's committed update on a second read;
/// REPEATABLE READ does not. The servers' defaults differ (PostgreSQL: read
/// committed, MariaDB: repeatable read), so on each server one of the two
/// engines proves the builder's level was applied.
fn non_repeatable_read(db: &Db) {
    let writer = db.engine();
    let tbl = Tbl::create(&writer, "tx_iso");
    let t = tbl.t();
    let read_v = |c: &mut Connection| -> i64 {
        c.execute(&select(t.c("v")).from(&t).filter(t.c("id").eq(1)))
            .unwrap()
            .scalar_one()
            .unwrap()
    };
    {
        let mut c = writer.connect().unwrap();
        tbl.insert(&mut c, 1).unwrap(); // v = 10
        c.commit().unwrap();
    }
    let mut next = 10;
    for (level, sees_update) in [
        (IsolationLevel::ReadCommitted, true),
        (IsolationLevel::RepeatableRead, false),
    ] {
        let reader = db.builder().isolation_level(level).build().unwrap();
        let mut r = reader.connect().unwrap();
        let before = read_v(&mut r);
        assert_eq!(before, next);
        next += 1;
        let mut w = writer.connect().unwrap();
        w.execute(&update(&t).set("v", next).filter(t.c("id").eq(1)))
            .unwrap();
        w.commit().unwrap();
        let after = read_v(&mut r);
        let want = if sees_update { next } else { before };
        assert_eq!(
            after,
            want,
            "{}: {level:?} read {after} after another session committed {next}",
            db.name()
        );
        r.commit().unwrap();
        assert_eq!(read_v(&mut r), next, "a new transaction sees the update");
    }
}

/// Write skew: two SERIALIZABLE transactions each read the whole table and
/// insert a row depending on what they read; PostgreSQL refuses the second
/// commit (40001). Under REPEATABLE READ (snapshot isolation) both commit.
fn postgres_serializable_write_skew(db: &Db) {
    for (level, second_fails) in [
        (IsolationLevel::Serializable, true),
        (IsolationLevel::RepeatableRead, false),
    ] {
        let engine = db.builder().isolation_level(level).build().unwrap();
        let tbl = Tbl::create(&engine, "tx_skew");
        let t = tbl.t();
        let sum = |c: &mut Connection| -> i64 {
            c.exec_driver_sql(
                &format!("SELECT COALESCE(SUM(v), 0) FROM {}", tbl.name),
                &[],
            )
            .unwrap()
            .scalar_one()
            .unwrap()
        };
        let mut a = engine.connect().unwrap();
        let mut b = engine.connect().unwrap();
        assert_eq!(sum(&mut a), 0);
        assert_eq!(sum(&mut b), 0);
        a.execute(&insert(&t).value("id", 1).value("v", 1)).unwrap();
        b.execute(&insert(&t).value("id", 2).value("v", 1)).unwrap();
        a.commit().unwrap();
        let second = b.commit();
        if second_fails {
            let e = second.expect_err("serializable: write skew must fail");
            assert_eq!(e.db_kind(), Some(ErrorKind::Transaction), "{e}");
            match &e {
                Error::Database(d) => assert_eq!(d.code.as_deref(), Some("40001"), "{d}"),
                other => panic!("{other:?}"),
            }
            drop((a, b));
            assert_eq!(tbl.ids(), vec![1]);
        } else {
            second.unwrap_or_else(|e| panic!("{level:?}: {e}"));
            drop((a, b));
            assert_eq!(tbl.ids(), vec![1, 2]);
        }
    }
}

// ---------------------------------------------------------------------------
// DDL inside a transaction

/// PostgreSQL and SQLite have transactional DDL: a CREATE TABLE rolled back is
/// gone, with the rows written around it.
#[test]
fn transactional_ddl_rolls_back_on_postgres_and_sqlite() {
    for target in [Target::SqliteMemory, Target::SqliteFile, Target::Postgres] {
        let db = Db::new(target);
        let engine = db.engine();
        let tbl = Tbl::create(&engine, "tx_ddl");
        let other = unique("tx_ddl_new");
        let mut c = engine.connect().unwrap();
        tbl.insert(&mut c, 1).unwrap();
        c.exec_driver_sql(&format!("CREATE TABLE {other} (id INTEGER)"), &[])
            .unwrap();
        tbl.insert(&mut c, 2).unwrap();
        assert!(c.in_transaction());
        c.rollback().unwrap();
        drop(c);
        assert_eq!(tbl.ids(), Vec::<i64>::new(), "{}", db.name());
        let mut c = engine.connect().unwrap();
        let e = c
            .exec_driver_sql(&format!("SELECT COUNT(*) FROM {other}"), &[])
            .expect_err("the table's creation was rolled back");
        assert_eq!(
            e.db_kind(),
            Some(ErrorKind::Programming),
            "{}: {e}",
            db.name()
        );
    }
}

struct DropTable(Engine, String);
impl Drop for DropTable {
    fn drop(&mut self) {
        if let Ok(mut c) = self.0.connect() {
            let _ = c.exec_driver_sql(&format!("DROP TABLE IF EXISTS {}", self.1), &[]);
            let _ = c.commit();
        }
    }
}

/// MariaDB commits implicitly before (and after) DDL. What the engine does: it
/// does not notice. `in_transaction()` stays true and `rollback()` succeeds, but
/// the rows written before the DDL, and the new table, are already committed.
#[test]
fn mariadb_ddl_inside_transaction_commits_implicitly() {
    let db = Db::new(Target::MariaDb);
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_myddl");
    let other = unique("tx_myddl_new");
    let _drop_other = DropTable(engine.clone(), other.clone());
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    assert_eq!(tbl.ids(), Vec::<i64>::new(), "not yet committed");
    c.exec_driver_sql(&format!("CREATE TABLE {other} (id INTEGER)"), &[])
        .unwrap();
    // The implicit commit happened at the DDL: another session sees row 1 now.
    assert_eq!(tbl.ids(), vec![1], "the DDL committed the open transaction");
    assert!(
        c.in_transaction(),
        "the engine still believes a transaction is open"
    );
    c.rollback()
        .expect("rollback after implicit commit is accepted");
    drop(c);
    assert_eq!(
        tbl.ids(),
        vec![1],
        "rollback cannot undo what the DDL committed"
    );
    let mut c = engine.connect().unwrap();
    let n: i64 = c
        .exec_driver_sql(&format!("SELECT COUNT(*) FROM {other}"), &[])
        .unwrap()
        .scalar_one()
        .unwrap();
    assert_eq!(n, 0, "the table created inside the 'transaction' stays");
    // (This connection's open transaction holds a metadata lock on the table:
    // release it before altering the table below.)
    drop(c);

    // Engine::begin with DDL: the Err path's rollback undoes nothing before the DDL.
    let r: Result<(), AppError> = engine.begin(|c| {
        tbl.insert(c, 2)?;
        c.exec_driver_sql(&format!("ALTER TABLE {other} ADD COLUMN x INTEGER"), &[])?;
        Err(AppError::Boom("after ddl"))
    });
    assert!(r.is_err());
    assert_eq!(tbl.ids(), vec![1, 2]);
}

/// After DDL on MariaDB the session is back in autocommit mode, yet the
/// engine's connection still reports an open transaction. A statement run after
/// the DDL and then rolled back (or dropped without commit) should be undone, as
/// SQLAlchemy does with MySQL drivers (which run with autocommit off, so the
/// statement opens a new implicit transaction).
#[test]
fn mariadb_statements_after_ddl_are_still_rolled_back() {
    let db = Db::new(Target::MariaDb);
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_myddl2");
    let other = unique("tx_myddl2_new");
    let _drop_other = DropTable(engine.clone(), other.clone());
    let mut c = engine.connect().unwrap();
    c.exec_driver_sql(&format!("CREATE TABLE {other} (id INTEGER)"), &[])
        .unwrap();
    tbl.insert(&mut c, 2).unwrap();
    assert!(c.in_transaction());
    assert_eq!(tbl.ids(), Vec::<i64>::new(), "row 2 visible before commit");
    c.rollback().unwrap();
    drop(c);
    assert_eq!(tbl.ids(), Vec::<i64>::new(), "row 2 survived rollback");
}

/// After `commit()` fails on PostgreSQL because the transaction was aborted, the
/// driver has rolled it back: the connection must know it is no longer in a
/// transaction, so that the next statement begins a new one (and dropping the
/// connection rolls that one back).
#[test]
fn postgres_failed_commit_leaves_no_transaction_open() {
    let db = Db::new(Target::Postgres);
    let engine = db.engine();
    let tbl = Tbl::create(&engine, "tx_failed_commit");
    let mut c = engine.connect().unwrap();
    tbl.insert(&mut c, 1).unwrap();
    assert_eq!(
        tbl.insert(&mut c, 1).unwrap_err().db_kind(),
        Some(ErrorKind::Integrity)
    );
    let e = c.commit().expect_err("commit of an aborted transaction");
    assert_eq!(e.db_kind(), Some(ErrorKind::Transaction), "{e}");
    let reported_open = c.in_transaction();
    // A new statement: in a new transaction, undone when the connection drops.
    tbl.insert(&mut c, 2).unwrap();
    assert_eq!(tbl.ids(), Vec::<i64>::new(), "row 2 was autocommitted");
    drop(c);
    assert_eq!(
        tbl.ids(),
        Vec::<i64>::new(),
        "row 2 survived the rollback on drop"
    );
    assert!(
        !reported_open,
        "the transaction was rolled back, yet the connection reported it open"
    );
}

/// A transaction that died with its connection cannot be committed: `commit()`
/// says so instead of reporting success (SQLAlchemy's PendingRollbackError), and
/// `rollback()` clears the state.
#[test]
fn commit_after_the_connection_died_reports_the_lost_transaction() {
    let engine = Backend::Postgres.engine();
    let killer = Backend::Postgres.engine();
    let mut conn = engine.connect().unwrap();
    let pid: i64 = conn
        .execute(&text("SELECT pg_backend_pid()::int8"))
        .unwrap()
        .scalar_one()
        .unwrap();
    assert!(conn.in_transaction());
    killer
        .connect()
        .unwrap()
        .execute(&text("SELECT pg_terminate_backend(CAST(:pid AS int4))").bind("pid", pid))
        .unwrap();
    let err = conn.execute(&text("SELECT 1")).unwrap_err();
    assert_eq!(err.db_kind(), Some(ErrorKind::Connection), "{err}");
    let err = conn.commit().unwrap_err();
    assert_eq!(err.db_kind(), Some(ErrorKind::Connection), "{err}");
    assert!(err.to_string().contains("nothing was committed"), "{err}");
    conn.rollback().unwrap();
    assert!(conn.commit().is_ok(), "after rollback nothing is pending");
}
