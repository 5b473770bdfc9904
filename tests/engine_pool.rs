//! The engine's pools: queue pool exhaustion and timeouts, pre-ping after the
//! server killed a pooled connection, recycling by age, `pool_state()` counts,
//! the static pool of in-memory SQLite, the null pool, and many threads through
//! one small pool.
//!
//! Timing checks use generous bounds: they check behaviour, they are no
//! benchmark.

mod support;

use sqlcraft::engine::{Connection, Engine, EngineBuilder, ErrorKind, PoolKind, PoolState};
use sqlcraft::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use support::{unique, Backend};

const SERVERS: [Backend; 2] = [Backend::Postgres, Backend::MariaDb];

fn state(connections: u32, idle: u32, checked_out: u32) -> PoolState {
    PoolState {
        connections,
        idle,
        checked_out,
    }
}

/// The server's id for the session behind `c`.
fn session_id(b: Backend, c: &mut Connection) -> i64 {
    let sql = match b {
        Backend::Postgres => "SELECT pg_backend_pid()",
        Backend::MariaDb => "SELECT CONNECTION_ID()",
        Backend::Sqlite => unreachable!("SQLite has no server session"),
    };
    let id = c
        .exec_driver_sql(sql, &[])
        .unwrap_or_else(|e| panic!("{}: {sql}: {e}", b.name()))
        .scalar_one()
        .unwrap();
    c.commit().unwrap();
    id
}

/// Whether the server still has session `id` (asked through `admin`).
fn session_alive(b: Backend, admin: &Engine, id: i64) -> bool {
    let mut c = admin.connect().unwrap();
    let q = match b {
        Backend::Postgres => text("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = :id"),
        Backend::MariaDb => {
            text("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = :id")
        }
        Backend::Sqlite => unreachable!(),
    };
    let n: i64 = c
        .execute_with(&q, &[("id", Value::Int(id))])
        .unwrap()
        .scalar_one()
        .unwrap();
    n > 0
}

/// Waits up to 10 s for session `id` to disappear from the server.
fn wait_gone(b: Backend, admin: &Engine, id: i64) {
    let start = Instant::now();
    while session_alive(b, admin, id) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}: session {id} still alive after 10 s",
            b.name()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// Kills session `id` from the server side, through another engine.
fn kill_session(b: Backend, admin: &Engine, id: i64) {
    let mut c = admin.connect().unwrap();
    match b {
        Backend::Postgres => {
            // The timeout makes the call wait until the backend has exited.
            let q = text("SELECT pg_terminate_backend(CAST(:id AS INTEGER), 5000)");
            let done: bool = c
                .execute_with(&q, &[("id", Value::Int(id))])
                .unwrap()
                .scalar_one()
                .unwrap();
            assert!(done, "pg_terminate_backend({id}) returned false");
        }
        Backend::MariaDb => {
            c.exec_driver_sql(&format!("KILL CONNECTION {id}"), &[])
                .unwrap();
        }
        Backend::Sqlite => unreachable!(),
    }
    c.commit().unwrap();
    drop(c);
    wait_gone(b, admin, id);
}

fn counter() -> (Arc<AtomicUsize>, impl Fn() + Send + Sync + 'static) {
    let n = Arc::new(AtomicUsize::new(0));
    let m = n.clone();
    (n, move || {
        m.fetch_add(1, Ordering::SeqCst);
    })
}

fn on_connect_counter(b: EngineBuilder) -> (EngineBuilder, Arc<AtomicUsize>) {
    let n = Arc::new(AtomicUsize::new(0));
    let m = n.clone();
    let b = b.on_connect(move |_| {
        m.fetch_add(1, Ordering::SeqCst);
        Ok(())
    });
    (b, n)
}

fn select_one(c: &mut Connection) -> sqlcraft::Result<i64> {
    c.execute(&select(lit(1)))?.scalar_one()
}

/// SQLite on a file in a temp directory, removed on drop.
struct SqliteFile(PathBuf);

impl SqliteFile {
    fn new() -> SqliteFile {
        let dir = std::env::temp_dir().join(unique("sqlcraft_engine_pool"));
        std::fs::create_dir_all(&dir).unwrap();
        SqliteFile(dir)
    }
    fn builder(&self) -> EngineBuilder {
        let url = format!(
            "sqlite:///{}?journal_mode=wal",
            self.0.join("db.sqlite").display()
        );
        sqlcraft_sqlite::engine_builder(&url).unwrap()
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
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

fn assert_timeout_within(what: &str, r: sqlcraft::Result<Connection>, elapsed: Duration) {
    match r {
        Err(Error::PoolTimeout { waited, detail }) => {
            for (name, d) in [("elapsed", elapsed), ("waited", waited)] {
                assert!(
                    d >= Duration::from_millis(250) && d <= Duration::from_secs(3),
                    "{what}: {name} {d:?} is not about the 300 ms pool timeout ({detail})"
                );
            }
        }
        Err(e) => panic!("{what}: expected Error::PoolTimeout, got {e}"),
        Ok(_) => panic!("{what}: a checkout beyond the pool's size succeeded"),
    }
}

// ---------------------------------------------------------------------------
// Queue pool exhaustion

fn exhaustion(what: &str, builder: EngineBuilder) {
    let engine = builder
        .pool_size(2)
        .max_overflow(0)
        .pool_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut a = engine.connect().unwrap();
    let mut b = engine.connect().unwrap();
    assert_eq!(select_one(&mut a).unwrap(), 1);
    assert_eq!(select_one(&mut b).unwrap(), 1);
    assert_eq!(engine.pool_state(), state(2, 0, 2), "{what}");

    let start = Instant::now();
    let third = engine.connect();
    let elapsed = start.elapsed();
    if let Err(Error::PoolTimeout { detail, .. }) = &third {
        assert!(
            detail.contains("all 2 connections are checked out"),
            "{what}: detail {detail:?}"
        );
    }
    assert_timeout_within(what, third, elapsed);
    assert_eq!(engine.pool_state(), state(2, 0, 2), "{what}");

    // Releasing one lets the next checkout through, with the same connection.
    drop(a);
    assert_eq!(engine.pool_state(), state(2, 1, 1), "{what}");
    let start = Instant::now();
    let mut c = engine
        .connect()
        .unwrap_or_else(|e| panic!("{what}: checkout after a release: {e}"));
    assert!(start.elapsed() < Duration::from_secs(3), "{what}");
    assert_eq!(select_one(&mut c).unwrap(), 1);
    assert_eq!(engine.pool_state(), state(2, 0, 2), "{what}");
    drop((b, c));
    assert_eq!(engine.pool_state(), state(2, 2, 0), "{what}");
}

#[test]
fn queue_pool_exhaustion_times_out_then_recovers() {
    for b in SERVERS {
        exhaustion(b.name(), b.builder());
    }
    let file = SqliteFile::new();
    exhaustion("sqlite (file)", file.builder());
}

/// A checkout waiting on a full pool gets the connection another thread
/// releases, before its timeout.
#[test]
fn waiting_checkout_gets_released_connection() {
    for b in SERVERS {
        let engine = b
            .builder()
            .pool_size(1)
            .max_overflow(0)
            .pool_timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut held = engine.connect().unwrap();
        let id = session_id(b, &mut held);
        let e2 = engine.clone();
        let waiter = thread::spawn(move || {
            let start = Instant::now();
            let mut c = e2.connect().expect("the waiting checkout");
            (start.elapsed(), session_id(b, &mut c))
        });
        thread::sleep(Duration::from_millis(300));
        assert_eq!(engine.pool_state(), state(1, 0, 1));
        drop(held);
        let (waited, got) = waiter.join().unwrap();
        assert!(
            waited >= Duration::from_millis(250) && waited < Duration::from_secs(8),
            "{}: waited {waited:?}",
            b.name()
        );
        assert_eq!(
            got,
            id,
            "{}: the released connection was handed on",
            b.name()
        );
        assert_eq!(engine.pool_state(), state(1, 1, 0));
    }
}

/// Connections beyond `pool_size` (the overflow) are closed when returned;
/// those within it stay idle.
#[test]
fn overflow_connections_are_closed_at_checkin() {
    for b in SERVERS {
        let admin = b.engine();
        let engine = b
            .builder()
            .pool_size(1)
            .max_overflow(1)
            .pool_timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let mut a = engine.connect().unwrap();
        let mut o = engine.connect().unwrap();
        let (ida, ido) = (session_id(b, &mut a), session_id(b, &mut o));
        assert_eq!(engine.pool_state(), state(2, 0, 2), "{}", b.name());
        assert!(matches!(engine.connect(), Err(Error::PoolTimeout { .. })));
        drop(a);
        assert_eq!(engine.pool_state(), state(2, 1, 1), "{}", b.name());
        drop(o);
        assert_eq!(engine.pool_state(), state(1, 1, 0), "{}", b.name());
        wait_gone(b, &admin, ido);
        assert!(session_alive(b, &admin, ida), "{}: the kept one", b.name());
        let mut c = engine.connect().unwrap();
        assert_eq!(session_id(b, &mut c), ida, "{}", b.name());
    }
}

/// A connection the server refuses is an error at once, not a pool timeout.
#[test]
fn connect_error_surfaces_at_once() {
    for (b, url) in [
        (Backend::Postgres, support::pg_url()),
        (Backend::MariaDb, support::mysql_url()),
    ] {
        assert!(url.contains(":sqlcraft@"), "unexpected test URL shape");
        let bad = url.replace(":sqlcraft@", ":wrong-password@");
        let builder = match b {
            Backend::Postgres => sqlcraft_postgres::engine_builder(&bad),
            _ => sqlcraft_mysql::engine_builder(&bad),
        };
        let engine = builder
            .unwrap()
            .pool_timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let start = Instant::now();
        let err = engine.connect().expect_err("bad password");
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}: {:?}",
            b.name(),
            start.elapsed()
        );
        assert_eq!(
            err.db_kind(),
            Some(ErrorKind::Connection),
            "{}: {err}",
            b.name()
        );
        assert!(
            !err.to_string().contains("wrong-password"),
            "{}: the password leaked into the error: {err}",
            b.name()
        );
        assert_eq!(engine.pool_state(), state(0, 0, 0), "{}", b.name());
    }
}

// ---------------------------------------------------------------------------
// Pre-ping and dead connections

#[test]
fn pre_ping_replaces_connection_killed_by_server() {
    for b in SERVERS {
        let admin = b.engine();
        let (builder, opened) = on_connect_counter(b.builder());
        let engine = builder
            .pool_size(1)
            .max_overflow(0)
            .pool_pre_ping(true)
            .pool_timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut c = engine.connect().unwrap();
        let first = session_id(b, &mut c);
        drop(c);
        assert_eq!(engine.pool_state(), state(1, 1, 0));

        kill_session(b, &admin, first);

        // The pooled connection is dead; pre-ping notices and opens a new one.
        let mut c = engine
            .connect()
            .unwrap_or_else(|e| panic!("{}: checkout after kill: {e}", b.name()));
        assert_eq!(
            select_one(&mut c).unwrap_or_else(|e| panic!("{}: {e}", b.name())),
            1
        );
        let second = session_id(b, &mut c);
        assert_ne!(second, first, "{}: a new session", b.name());
        assert_eq!(opened.load(Ordering::SeqCst), 2, "{}", b.name());
        drop(c);
        assert_eq!(engine.pool_state(), state(1, 1, 0), "{}", b.name());
    }
}

#[test]
fn without_pre_ping_dead_connection_fails_once_then_is_discarded() {
    for b in SERVERS {
        let admin = b.engine();
        let (builder, opened) = on_connect_counter(b.builder());
        let engine = builder
            .pool_size(1)
            .max_overflow(0)
            .pool_timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut c = engine.connect().unwrap();
        let first = session_id(b, &mut c);
        drop(c);
        kill_session(b, &admin, first);

        let mut c = engine.connect().unwrap();
        let e = select_one(&mut c).expect_err("the killed connection cannot run a statement");
        assert_eq!(
            e.db_kind(),
            Some(ErrorKind::Connection),
            "{}: {e}",
            b.name()
        );
        assert!(
            !c.in_transaction(),
            "{}: the transaction died with it",
            b.name()
        );
        drop(c);
        assert_eq!(
            engine.pool_state(),
            state(0, 0, 0),
            "{}: the broken connection was discarded",
            b.name()
        );

        let mut c = engine.connect().unwrap();
        assert_eq!(select_one(&mut c).unwrap(), 1);
        let second = session_id(b, &mut c);
        assert_ne!(second, first, "{}", b.name());
        assert_eq!(opened.load(Ordering::SeqCst), 2, "{}", b.name());
    }
}

// ---------------------------------------------------------------------------
// Recycle

/// Checks out twice in a row, well within the recycle age, then once after the
/// age passed. The age counts from when the connection was opened, which is
/// after the on-connect handler ran: the handler's timestamp bounds it. When the
/// machine was too slow to be sure the age had not passed at the second
/// checkout, the pair is tried again.
fn recycle(b: Backend, kind: PoolKind) {
    let age = Duration::from_millis(200);
    for attempt in 1.. {
        assert!(
            attempt <= 10,
            "{}: machine too slow to check recycling",
            b.name()
        );
        let opened_at = Arc::new(std::sync::Mutex::new(Vec::<Instant>::new()));
        let o2 = opened_at.clone();
        let engine = b
            .builder()
            .pool_kind(kind)
            .pool_size(1)
            .max_overflow(0)
            .pool_recycle(age)
            .pool_timeout(Duration::from_secs(10))
            .on_connect(move |_| {
                o2.lock().unwrap().push(Instant::now());
                Ok(())
            })
            .build()
            .unwrap();
        let mut c = engine.connect().unwrap();
        let first = session_id(b, &mut c);
        drop(c);
        let second_checkout = Instant::now();
        let mut c = engine.connect().unwrap();
        let again = session_id(b, &mut c);
        drop(c);
        let opened = opened_at.lock().unwrap()[0];
        if second_checkout.duration_since(opened) >= Duration::from_millis(150) {
            continue; // too slow to be sure the age had not passed
        }
        assert_eq!(
            again,
            first,
            "{} {kind:?}: recycled before its age",
            b.name()
        );
        assert_eq!(opened_at.lock().unwrap().len(), 1);

        thread::sleep(age + Duration::from_millis(200));
        let mut c = engine.connect().unwrap();
        let later = session_id(b, &mut c);
        assert_ne!(
            later,
            first,
            "{} {kind:?}: a connection older than pool_recycle was handed out",
            b.name()
        );
        assert_eq!(opened_at.lock().unwrap().len(), 2);
        drop(c);
        let s = engine.pool_state();
        assert_eq!((s.connections, s.checked_out), (1, 0), "{}", b.name());
        return;
    }
}

#[test]
fn queue_pool_recycles_connections_after_their_age() {
    for b in SERVERS {
        recycle(b, PoolKind::Queue);
    }
}

#[test]
fn static_pool_recycles_connections_after_their_age() {
    for b in SERVERS {
        recycle(b, PoolKind::Static);
    }
}

// ---------------------------------------------------------------------------
// pool_state

#[test]
fn pool_state_counts_checkouts_and_checkins() {
    for b in SERVERS {
        let name = b.name();
        let engine = b.builder().pool_size(3).max_overflow(0).build().unwrap();
        assert_eq!(engine.pool_state(), state(0, 0, 0), "{name}: lazy");
        let c1 = engine.connect().unwrap();
        assert_eq!(engine.pool_state(), state(1, 0, 1), "{name}");
        let c2 = engine.connect().unwrap();
        assert_eq!(engine.pool_state(), state(2, 0, 2), "{name}");
        drop(c1);
        assert_eq!(engine.pool_state(), state(2, 1, 1), "{name}");
        let c3 = engine.connect().unwrap(); // reuses the idle one
        assert_eq!(engine.pool_state(), state(2, 0, 2), "{name}");
        let c4 = engine.connect().unwrap();
        assert_eq!(engine.pool_state(), state(3, 0, 3), "{name}");
        drop((c2, c3, c4));
        assert_eq!(engine.pool_state(), state(3, 3, 0), "{name}");
        // Inside Engine::begin, one is out.
        engine
            .begin(|c| {
                assert_eq!(engine.pool_state(), state(3, 2, 1), "{name}");
                select_one(c)
            })
            .unwrap();
        assert_eq!(engine.pool_state(), state(3, 3, 0), "{name}");
    }
}

// ---------------------------------------------------------------------------
// Static pool (in-memory SQLite)

#[test]
fn static_pool_shares_one_in_memory_database() {
    let (builder, opened) = on_connect_counter(Backend::Sqlite.builder());
    let engine = builder
        .pool_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    assert_eq!(engine.pool_state(), state(0, 0, 0));
    let mut c = engine.connect().unwrap();
    c.exec_driver_sql("CREATE TABLE kept (id INTEGER PRIMARY KEY)", &[])
        .unwrap();
    c.exec_driver_sql("INSERT INTO kept (id) VALUES (1), (2)", &[])
        .unwrap();
    c.commit().unwrap();
    assert_eq!(engine.pool_state(), state(1, 0, 1));

    // While it is held, a checkout from another thread waits, then times out.
    let e2 = engine.clone();
    let (elapsed, second) = thread::spawn(move || {
        let start = Instant::now();
        let r = e2.connect().map(drop);
        (start.elapsed(), r)
    })
    .join()
    .unwrap();
    match second {
        Err(Error::PoolTimeout { waited, detail }) => {
            assert!(detail.contains("checked out"), "{detail}");
            for d in [elapsed, waited] {
                assert!(
                    d >= Duration::from_millis(250) && d <= Duration::from_secs(3),
                    "static pool: {d:?} is not about the 300 ms pool timeout"
                );
            }
        }
        other => panic!("static pool: expected PoolTimeout, got {other:?}"),
    }
    // From the holding thread it could only wait for itself: refused at once.
    let start = Instant::now();
    match engine.connect() {
        Err(Error::PoolTimeout { detail, .. }) => {
            assert!(detail.contains("already holds"), "{detail}")
        }
        other => panic!("expected PoolTimeout, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_millis(250));
    drop(c);
    assert_eq!(engine.pool_state(), state(1, 1, 0));

    // Data survives across checkouts: the same database.
    for _ in 0..3 {
        let mut c = engine.connect().unwrap();
        let n: i64 = c
            .exec_driver_sql("SELECT COUNT(*) FROM kept", &[])
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(n, 2);
    }
    assert_eq!(opened.load(Ordering::SeqCst), 1, "one connection, ever");

    // A checkout in another thread waits for the release, then sees the data.
    let slow = Backend::Sqlite
        .builder()
        .pool_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut held = slow.connect().unwrap();
    held.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])
        .unwrap();
    held.exec_driver_sql("INSERT INTO t VALUES (42)", &[])
        .unwrap();
    held.commit().unwrap();
    let s2 = slow.clone();
    let waiter = thread::spawn(move || {
        let start = Instant::now();
        let mut c = s2.connect().expect("waiting static checkout");
        let x: i64 = c
            .exec_driver_sql("SELECT x FROM t", &[])
            .unwrap()
            .scalar_one()
            .unwrap();
        (start.elapsed(), x)
    });
    thread::sleep(Duration::from_millis(300));
    // Uncommitted work of the holder is rolled back at release.
    held.exec_driver_sql("INSERT INTO t VALUES (43)", &[])
        .unwrap();
    drop(held);
    let (waited, x) = waiter.join().unwrap();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(8),
        "waited {waited:?}"
    );
    assert_eq!(x, 42);
    assert_eq!(slow.pool_state(), state(1, 1, 0));
}

// ---------------------------------------------------------------------------
// Null pool

#[test]
fn null_pool_opens_a_connection_per_checkout() {
    for b in SERVERS {
        let admin = b.engine();
        let (builder, opened) = on_connect_counter(b.builder());
        let engine = builder.pool_kind(PoolKind::Null).build().unwrap();
        let mut c = engine.connect().unwrap();
        let first = session_id(b, &mut c);
        assert!(session_alive(b, &admin, first));
        drop(c);
        // Closed at checkin.
        wait_gone(b, &admin, first);
        let mut c = engine.connect().unwrap();
        let second = session_id(b, &mut c);
        assert_ne!(second, first, "{}", b.name());
        drop(c);
        let mut c = engine.connect().unwrap();
        assert_ne!(session_id(b, &mut c), second, "{}", b.name());
        assert_eq!(opened.load(Ordering::SeqCst), 3, "{}", b.name());
    }
    // SQLite on a file: also one connection per checkout.
    let file = SqliteFile::new();
    let (builder, opened) = on_connect_counter(file.builder());
    let engine = builder.pool_kind(PoolKind::Null).build().unwrap();
    for i in 1..=3 {
        let mut c = engine.connect().unwrap();
        assert_eq!(select_one(&mut c).unwrap(), 1);
        assert_eq!(opened.load(Ordering::SeqCst), i);
    }
}

/// The null pool keeps nothing idle, but counts what is out.
#[test]
fn null_pool_state_counts_checked_out_connections() {
    let file = SqliteFile::new();
    let engine = file.builder().pool_kind(PoolKind::Null).build().unwrap();
    let a = engine.connect().unwrap();
    let b = engine.connect().unwrap();
    assert_eq!(engine.pool_state(), state(2, 0, 2));
    drop(a);
    assert_eq!(engine.pool_state(), state(1, 0, 1));
    drop(b);
    assert_eq!(engine.pool_state(), state(0, 0, 0));
}

// ---------------------------------------------------------------------------
// Many threads through one pool

/// Checkout/checkin event counters of an engine.
struct Events {
    checkouts: Arc<AtomicUsize>,
    checkins: Arc<AtomicUsize>,
}

fn with_events(builder: EngineBuilder) -> (EngineBuilder, Events) {
    let (checkouts, on_out) = counter();
    let (checkins, on_in) = counter();
    (
        builder.on_checkout(on_out).on_checkin(on_in),
        Events {
            checkouts,
            checkins,
        },
    )
}

fn hammer(what: &str, builder: EngineBuilder) {
    let (builder, events) = with_events(builder);
    let engine = builder
        .pool_size(4)
        .max_overflow(0)
        .pool_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let tname = unique("pool_hammer");
    let _guard = DropTable(engine.clone(), tname.clone());
    {
        let mut c = engine.connect().unwrap();
        c.exec_driver_sql(
            &format!("CREATE TABLE {tname} (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL)"),
            &[],
        )
        .unwrap();
        c.commit().unwrap();
    }
    const THREADS: i64 = 8;
    const PER_THREAD: i64 = 200;
    // The most connections seen checked out (and open) at once, sampled while
    // each statement holds its connection.
    let peak = Arc::new(AtomicI64::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let engine = engine.clone();
            let tname = tname.clone();
            let peak = peak.clone();
            thread::spawn(move || {
                let tbl = table(&tname);
                for i in 0..PER_THREAD {
                    let id = t * 1000 + i;
                    let n = engine
                        .begin(|c| {
                            let s = engine.pool_state();
                            peak.fetch_max(
                                i64::from(s.checked_out.max(s.connections)),
                                Ordering::SeqCst,
                            );
                            c.execute(&insert(&tbl).value("id", id).value("thread", t))
                                .map(|r| r.rowcount())
                        })
                        .unwrap_or_else(|e| panic!("thread {t} statement {i}: {e}"));
                    assert_eq!(n, 1);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("worker thread panicked");
    }
    let s = engine.pool_state();
    assert_eq!(s.checked_out, 0, "{what}: leaked checkouts: {s:?}");
    assert!((1..=4).contains(&s.connections), "{what}: {s:?}");
    assert_eq!(s.idle, s.connections, "{what}: {s:?}");
    let peak = peak.load(Ordering::SeqCst);
    assert!(
        (1..=4).contains(&peak),
        "{what}: {peak} connections at once"
    );
    let total = (THREADS * PER_THREAD) as usize + 1;
    assert_eq!(events.checkouts.load(Ordering::SeqCst), total, "{what}");
    assert_eq!(events.checkins.load(Ordering::SeqCst), total, "{what}");

    let mut c = engine.connect().unwrap();
    let row = c
        .exec_driver_sql(
            &format!("SELECT COUNT(*), COUNT(DISTINCT thread) FROM {tname}"),
            &[],
        )
        .unwrap()
        .one()
        .unwrap();
    let (rows, threads): (i64, i64) = row.decode().unwrap();
    assert_eq!((rows, threads), (THREADS * PER_THREAD, THREADS), "{what}");
}

#[test]
fn eight_threads_through_a_pool_of_four() {
    for b in SERVERS {
        hammer(b.name(), b.builder());
    }
    let file = SqliteFile::new();
    hammer("sqlite (file)", file.builder());
}

#[test]
fn checkout_and_checkin_events_count_connections_taken_and_returned() {
    let (builder, events) = with_events(Backend::Postgres.builder());
    let engine = builder
        .pool_size(2)
        .max_overflow(0)
        .pool_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let a = engine.connect().unwrap();
    let b = engine.connect().unwrap();
    assert!(engine.connect().is_err());
    // A failed checkout fires no event.
    assert_eq!(events.checkouts.load(Ordering::SeqCst), 2);
    assert_eq!(events.checkins.load(Ordering::SeqCst), 0);
    drop((a, b));
    assert_eq!(events.checkins.load(Ordering::SeqCst), 2);
}

/// SQLAlchemy fires `checkin` before the connection goes back to the pool, so
/// checkout/checkin events can track the connections in use. Here the handler
/// runs after the connection is already back (and possibly handed to another
/// thread): with 8 threads through a pool of 4, counting checkouts minus
/// checkins showed up to 7 connections "in use" at once.
#[test]
fn on_checkin_fires_before_the_connection_is_returned() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::<PoolState>::new()));
    let slot: Arc<std::sync::OnceLock<Engine>> = Arc::new(std::sync::OnceLock::new());
    let (seen2, slot2) = (seen.clone(), slot.clone());
    let engine = Backend::Sqlite
        .builder()
        .on_checkin(move || {
            if let Some(e) = slot2.get() {
                seen2.lock().unwrap().push(e.pool_state());
            }
        })
        .build()
        .unwrap();
    let _ = slot.set(engine.clone());
    let c = engine.connect().unwrap();
    drop(c);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![state(1, 0, 1)],
        "the checkin handler must run while the connection is still checked out"
    );
}

// ---------------------------------------------------------------------------
// Engine::dispose

#[test]
fn dispose_closes_idle_connections_now_and_checked_out_ones_at_checkin() {
    for b in SERVERS {
        let name = b.name();
        let admin = b.builder().pool_kind(PoolKind::Null).build().unwrap();
        let (builder, opened) = on_connect_counter(b.builder().pool_size(3).max_overflow(0));
        let engine = builder.build().unwrap();
        let mut busy = engine.connect().unwrap();
        let mut idle = engine.connect().unwrap();
        let busy_id = session_id(b, &mut busy);
        let idle_id = session_id(b, &mut idle);
        drop(idle);
        assert_eq!(engine.pool_state(), state(2, 1, 1), "{name}");

        engine.dispose();
        assert_eq!(
            engine.pool_state(),
            state(1, 0, 1),
            "{name}: idle one closed"
        );
        wait_gone(b, &admin, idle_id);
        // The checked-out one goes on working until it is returned.
        assert_eq!(select_one(&mut busy).unwrap(), 1, "{name}");
        assert!(session_alive(b, &admin, busy_id), "{name}");
        drop(busy);
        assert_eq!(
            engine.pool_state(),
            state(0, 0, 0),
            "{name}: closed at checkin"
        );
        wait_gone(b, &admin, busy_id);

        // The next checkout opens a new connection.
        let mut fresh = engine.connect().unwrap();
        let fresh_id = session_id(b, &mut fresh);
        assert!(fresh_id != busy_id && fresh_id != idle_id, "{name}");
        assert_eq!(
            opened.load(Ordering::SeqCst),
            3,
            "{name}: connections opened"
        );
        drop(fresh);
        assert_eq!(engine.pool_state(), state(1, 1, 0), "{name}: kept again");
    }
}

#[test]
fn dispose_wakes_a_checkout_waiting_on_a_full_pool() {
    let file = SqliteFile::new();
    let engine = file
        .builder()
        .pool_kind(PoolKind::Queue)
        .pool_size(1)
        .max_overflow(0)
        .pool_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let held = engine.connect().unwrap();
    let waiter = {
        let engine = engine.clone();
        thread::spawn(move || {
            let start = Instant::now();
            let mut c = engine.connect().unwrap();
            (select_one(&mut c).unwrap(), start.elapsed())
        })
    };
    thread::sleep(Duration::from_millis(200));
    engine.dispose();
    // Still full: the held connection counts until it comes back, closed.
    assert_eq!(engine.pool_state(), state(1, 0, 1));
    drop(held);
    let (one, waited) = waiter.join().unwrap();
    assert_eq!(one, 1);
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    assert_eq!(engine.pool_state(), state(1, 1, 0));
}
