//! Fault injection against the real servers: stopping and restarting
//! PostgreSQL and MariaDB under pooled load, cutting transactions off mid-way
//! (server stopped before COMMIT, between two statements), and killing a
//! session from the server side inside a transaction.
//!
//! The servers are the throwaway ones `./scripts/with-servers.sh` starts; the
//! commands to stop and start them come from the environment it exports (see
//! `scripts/lib/servers.sh`). Tests stopping a server must never overlap with
//! another test using that server, so there is one `#[test]` per server that
//! runs its scenarios in sequence, and a global mutex besides.
//!
//! Every call under fault is timed: it must end in a result or a typed error
//! (`ErrorKind::Connection`, `Error::PoolTimeout`) within the pool timeout plus
//! a margin. A watchdog aborts the process if a scenario hangs.

mod support;

use sqlcraft::engine::{Connection, Engine, ErrorKind};
use sqlcraft::prelude::*;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use support::{unique, Backend};

/// The pool timeout of the engines under fault.
const POOL_TIMEOUT: Duration = Duration::from_secs(3);
/// What a single call may take beyond the pool timeout (noisy 2-core machine).
const CALL_MARGIN: Duration = Duration::from_secs(7);
/// A scenario that runs longer than this is taken as hung.
const WATCHDOG: Duration = Duration::from_secs(120);

/// Serializes the tests that stop servers.
static SERVER_LOCK: Mutex<()> = Mutex::new(());

fn env(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: the fault tests stop and restart the throwaway servers. \
             Run them with ./scripts/with-servers.sh cargo test --test faults"
        )
    })
}

fn is_root() -> bool {
    // The effective uid of the process, read from /proc.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Runs a command to completion, with its output discarded; panics on failure.
fn run(what: &str, cmd: &mut Command) {
    let status = cmd
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{what}: {cmd:?} exited with {status}");
}

/// Whether process `pid` exists and is not a zombie.
fn pid_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            // The state follows the parenthesised command name.
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|s| s.trim().chars().next());
            !matches!(state, Some('Z') | Some('X') | None)
        }
        Err(_) => false,
    }
}

/// Stops and starts one throwaway server.
struct ServerCtl {
    backend: Backend,
    /// Whether the server is stopped now (so a failing test can restart it).
    down: AtomicBool,
    faults: AtomicUsize,
    /// The mariadbd this test started, reaped once it is stopped again.
    mysqld: Mutex<Option<std::process::Child>>,
}

impl ServerCtl {
    fn new(backend: Backend) -> ServerCtl {
        ServerCtl {
            backend,
            down: AtomicBool::new(false),
            faults: AtomicUsize::new(0),
            mysqld: Mutex::new(None),
        }
    }

    fn pg_ctl(&self) -> Command {
        let bin = format!("{}/pg_ctl", env("SQLCRAFT_PG_BIN"));
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", &env("SQLCRAFT_PG_USER"), "--", &bin]);
            c
        } else {
            Command::new(bin)
        }
    }

    fn mysql_pid(&self) -> Option<u32> {
        std::fs::read_to_string(env("SQLCRAFT_MYSQL_PID_FILE"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
    }

    /// Stops the server (a clean, fast shutdown) and waits until it is gone.
    fn stop(&self) {
        let start = Instant::now();
        match self.backend {
            Backend::Postgres => {
                let data = env("SQLCRAFT_PG_DATA");
                run(
                    "pg_ctl stop",
                    self.pg_ctl()
                        .args(["-D", &data, "-m", "fast", "-w", "-t", "60", "stop"]),
                );
            }
            Backend::MariaDb => {
                let pid = self.mysql_pid().expect("MariaDB pid file");
                run(
                    "kill mariadbd",
                    Command::new("kill").args(["-TERM", &pid.to_string()]),
                );
                while pid_alive(pid) {
                    assert!(
                        start.elapsed() < Duration::from_secs(60),
                        "mariadbd {pid} still running 60 s after SIGTERM"
                    );
                    thread::sleep(Duration::from_millis(50));
                }
                if let Some(mut child) = self.mysqld.lock().unwrap().take() {
                    let _ = child.wait(); // reaps the zombie of the one we started
                }
            }
            Backend::Sqlite => unreachable!(),
        }
        self.down.store(true, Ordering::SeqCst);
        self.faults.fetch_add(1, Ordering::SeqCst);
        eprintln!(
            "   [{}] server stopped in {:?}",
            self.backend.name(),
            start.elapsed()
        );
    }

    /// Starts the server again and waits until it accepts connections.
    fn start(&self) {
        let start = Instant::now();
        match self.backend {
            Backend::Postgres => {
                let (data, log) = (env("SQLCRAFT_PG_DATA"), env("SQLCRAFT_PG_LOG"));
                run(
                    "pg_ctl start",
                    self.pg_ctl()
                        .args(["-D", &data, "-l", &log, "-w", "-t", "60", "start"]),
                );
            }
            Backend::MariaDb => {
                use std::os::unix::process::CommandExt;
                let cnf = env("SQLCRAFT_MYSQL_CNF");
                let dir = std::path::Path::new(&cnf)
                    .parent()
                    .expect("my.cnf folder")
                    .to_owned();
                // Its own process group: signals to the test do not reach it.
                let child = Command::new(env("SQLCRAFT_MYSQLD"))
                    .arg(format!("--defaults-file={cnf}"))
                    .current_dir(dir)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .process_group(0)
                    .spawn()
                    .expect("spawn mariadbd");
                *self.mysqld.lock().unwrap() = Some(child);
            }
            Backend::Sqlite => unreachable!(),
        }
        // Ready when a fresh connection runs a query.
        let probe = self.backend.builder().pool_size(1).build().unwrap();
        loop {
            let ok = probe
                .connect()
                .and_then(|mut c| c.execute(&select(lit(1)))?.scalar_one::<i64>())
                .is_ok();
            if ok {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "{}: server not accepting connections 90 s after start",
                self.backend.name()
            );
            thread::sleep(Duration::from_millis(100));
        }
        self.down.store(false, Ordering::SeqCst);
        eprintln!(
            "   [{}] server back in {:?}",
            self.backend.name(),
            start.elapsed()
        );
    }

    /// Kills session `id` from the server side, through a fresh engine, and
    /// waits until it is gone.
    fn kill_session(&self, id: i64) {
        let admin = self.backend.builder().pool_size(1).build().unwrap();
        let mut c = admin.connect().unwrap();
        match self.backend {
            Backend::Postgres => {
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
        let q = match self.backend {
            Backend::Postgres => text("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = :id"),
            _ => text("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = :id"),
        };
        let start = Instant::now();
        loop {
            let n: i64 = c
                .execute_with(&q, &[("id", Value::Int(id))])
                .unwrap()
                .scalar_one()
                .unwrap();
            c.commit().unwrap();
            if n == 0 {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{}: session {id} alive 10 s after the kill",
                self.backend.name()
            );
            thread::sleep(Duration::from_millis(20));
        }
        self.faults.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for ServerCtl {
    /// A test failing while its server is down must not take the other tests
    /// (and the script's cleanup) with it.
    fn drop(&mut self) {
        if self.down.load(Ordering::SeqCst) {
            eprintln!(
                "   [{}] restarting the server after a failure",
                self.backend.name()
            );
            self.start();
        }
    }
}

/// Aborts the whole test process if the scenario is not done in time: a hang
/// must fail the run, not stall CI.
struct Watchdog(Option<mpsc::Sender<()>>);

impl Watchdog {
    fn new(what: String, limit: Duration) -> Watchdog {
        let (tx, rx) = mpsc::channel::<()>();
        thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(limit) {
                eprintln!("WATCHDOG: {what} still running after {limit:?}: a call hangs");
                std::process::exit(101);
            }
        });
        Watchdog(Some(tx))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.0.take()); // disconnects: the watchdog thread ends quietly
    }
}

/// The server's id for the session behind `c` (ends the autobegun transaction).
fn session_id(b: Backend, c: &mut Connection) -> i64 {
    let sql = match b {
        Backend::Postgres => "SELECT pg_backend_pid()",
        _ => "SELECT CONNECTION_ID()",
    };
    let id = c.exec_driver_sql(sql, &[]).unwrap().scalar_one().unwrap();
    c.commit().unwrap();
    id
}

/// A test table `(id BIGINT PRIMARY KEY, grp INTEGER, val INTEGER, note VARCHAR)`,
/// dropped on drop.
struct TestTable {
    engine: Engine,
    t: Table,
}

impl TestTable {
    fn new(engine: &Engine, prefix: &str) -> TestTable {
        let name = unique(prefix);
        let mut c = engine.connect().unwrap();
        c.exec_driver_sql(
            &format!(
                "CREATE TABLE {name} (id BIGINT PRIMARY KEY, grp INTEGER NOT NULL, \
                 val INTEGER NOT NULL, note VARCHAR(40))"
            ),
            &[],
        )
        .unwrap();
        c.commit().unwrap();
        TestTable {
            engine: engine.clone(),
            t: table(&name),
        }
    }

    fn count_where(&self, cond: Expr) -> i64 {
        let mut c = self.engine.connect().unwrap();
        let n = c
            .execute(&select(func::count_star()).from(&self.t).filter(cond))
            .unwrap()
            .scalar_one::<i64>()
            .unwrap();
        c.commit().unwrap();
        n
    }
}

impl Drop for TestTable {
    fn drop(&mut self) {
        if let Ok(mut c) = self.engine.connect() {
            let _ = c.exec_driver_sql(&format!("DROP TABLE IF EXISTS {}", self.t.name()), &[]);
            let _ = c.commit();
        }
    }
}

fn insert_row(c: &mut Connection, t: &Table, id: i64, grp: i64) -> sqlcraft::Result<()> {
    let n = c
        .execute(
            &insert(t)
                .value("id", id)
                .value("grp", grp)
                .value("val", 0i64)
                .value("note", "fault"),
        )?
        .rowcount();
    assert_eq!(n, 1, "insert of row {id}");
    Ok(())
}

/// Whether `e` is one of the errors a fault may cause.
fn is_fault_error(e: &Error) -> bool {
    matches!(e, Error::PoolTimeout { .. }) || e.db_kind() == Some(ErrorKind::Connection)
}

// ---------------------------------------------------------------------------
// Scenario 1: stop/restart under pooled load

#[derive(Default)]
struct LoadCounts {
    calls: AtomicU64,
    ok: AtomicU64,
    failed: AtomicU64,
    failed_after_restart: AtomicU64,
    ok_after_restart: AtomicU64,
    slowest_ms: AtomicU64,
}

/// One call of the mix; returns the ids it committed, if any.
fn load_call(
    engine: &Engine,
    t: &Table,
    thread_no: i64,
    i: i64,
    next_id: &mut i64,
) -> sqlcraft::Result<Vec<i64>> {
    match i % 5 {
        0 => {
            let mut c = engine.connect()?;
            let id = (i * 7919) % 100;
            let n: i64 = c
                .execute(&select(func::count_star()).from(t).filter(t.c("id").eq(id)))?
                .scalar_one()?;
            assert_eq!(n, 1, "seed row {id} is present");
            Ok(vec![])
        }
        1 => {
            let mut c = engine.connect()?;
            let id = (thread_no * 13 + i) % 100;
            c.execute(
                &update(t)
                    .set("val", t.c("val") + 1)
                    .filter(t.c("id").eq(id)),
            )?;
            c.commit()?;
            Ok(vec![])
        }
        2 => {
            let id = *next_id;
            *next_id += 1;
            let mut c = engine.connect()?;
            insert_row(&mut c, t, id, thread_no)?;
            c.commit()?;
            Ok(vec![id])
        }
        3 => {
            // Two rows in one transaction: both or neither may survive.
            let id = *next_id;
            *next_id += 2;
            engine.begin(|c| {
                insert_row(c, t, id, thread_no)?;
                insert_row(c, t, id + 1, thread_no)?;
                Ok::<_, Error>(())
            })?;
            Ok(vec![id, id + 1])
        }
        _ => {
            let mut c = engine.connect()?;
            let n: i64 = c
                .execute(
                    &select(func::count_star())
                        .from(t)
                        .filter(t.c("grp").eq(thread_no)),
                )?
                .scalar_one()?;
            assert!(n >= 0);
            Ok(vec![])
        }
    }
}

fn stop_restart_under_load(ctl: &ServerCtl) -> u64 {
    let b = ctl.backend;
    let name = b.name();
    let _dog = Watchdog::new(format!("{name}: stop/restart under load"), WATCHDOG);
    const THREADS: i64 = 6;
    let engine = b
        .builder()
        .pool_size(4)
        .max_overflow(2)
        .pool_pre_ping(true)
        .pool_timeout(POOL_TIMEOUT)
        .build()
        .unwrap();
    let table = TestTable::new(&engine, "faults_load");
    let t = table.t.clone();
    {
        let mut c = engine.connect().unwrap();
        for id in 0..100 {
            insert_row(&mut c, &t, id, -1).unwrap();
        }
        c.commit().unwrap();
    }

    // 0: before the stop; 1: server down or restarting; 2: server back.
    let phase = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(LoadCounts::default());
    let bound = POOL_TIMEOUT + CALL_MARGIN;
    let mut handles = Vec::new();
    for thread_no in 0..THREADS {
        let (engine, t, phase, done, counts) = (
            engine.clone(),
            t.clone(),
            phase.clone(),
            done.clone(),
            counts.clone(),
        );
        handles.push(thread::spawn(move || {
            let mut next_id = 1_000_000 * (thread_no + 1);
            let mut committed = Vec::new();
            let mut unsure = Vec::new();
            let mut i = thread_no;
            while !done.load(Ordering::SeqCst) {
                i += 1;
                let phase_at_start = phase.load(Ordering::SeqCst);
                let first_id = next_id;
                let start = Instant::now();
                let r = load_call(&engine, &t, thread_no, i, &mut next_id);
                let took = start.elapsed();
                counts.calls.fetch_add(1, Ordering::Relaxed);
                counts
                    .slowest_ms
                    .fetch_max(took.as_millis() as u64, Ordering::Relaxed);
                assert!(
                    took <= bound,
                    "{name}: a call took {took:?} (bound {bound:?}), result {r:?}"
                );
                match r {
                    Ok(ids) => {
                        counts.ok.fetch_add(1, Ordering::Relaxed);
                        if phase_at_start == 2 {
                            counts.ok_after_restart.fetch_add(1, Ordering::Relaxed);
                        }
                        committed.extend(ids);
                    }
                    Err(e) => {
                        assert!(
                            is_fault_error(&e),
                            "{name}: unexpected error under fault: {e:?}"
                        );
                        counts.failed.fetch_add(1, Ordering::Relaxed);
                        if phase_at_start == 2 {
                            counts.failed_after_restart.fetch_add(1, Ordering::Relaxed);
                            eprintln!("   [{name}] failed after the restart: {e}");
                        }
                        // A failed commit may or may not have reached the server.
                        if next_id > first_id {
                            unsure.push((first_id, next_id));
                        }
                        if phase_at_start == 0 && phase.load(Ordering::SeqCst) == 0 {
                            panic!("{name}: call failed before any fault: {e}");
                        }
                        thread::sleep(Duration::from_millis(20));
                    }
                }
            }
            (committed, unsure)
        }));
    }

    thread::sleep(Duration::from_millis(1500));
    phase.store(1, Ordering::SeqCst);
    ctl.stop();
    thread::sleep(Duration::from_secs(1));
    ctl.start();
    // Server back: from now on every call must succeed (pre-ping replaces the
    // dead pooled connections).
    phase.store(2, Ordering::SeqCst);
    thread::sleep(Duration::from_millis(2000));
    done.store(true, Ordering::SeqCst);

    let mut committed = Vec::new();
    let mut unsure = Vec::new();
    for (n, h) in handles.into_iter().enumerate() {
        match h.join() {
            Ok((c, u)) => {
                committed.extend(c);
                unsure.extend(u);
            }
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{name}: load thread {n} panicked: {msg}");
            }
        }
    }

    let c = &counts;
    let (calls, ok, failed) = (
        c.calls.load(Ordering::SeqCst),
        c.ok.load(Ordering::SeqCst),
        c.failed.load(Ordering::SeqCst),
    );
    let (ok_after, failed_after) = (
        c.ok_after_restart.load(Ordering::SeqCst),
        c.failed_after_restart.load(Ordering::SeqCst),
    );
    println!(
        "[{name}] stop/restart under load: {THREADS} threads, {calls} calls, {ok} ok, \
         {failed} failed (typed), after restart {ok_after} ok / {failed_after} failed, \
         slowest call {} ms, pool {:?}",
        c.slowest_ms.load(Ordering::SeqCst),
        engine.pool_state()
    );
    assert!(
        failed > 0,
        "{name}: stopping the server failed no call at all"
    );
    assert!(
        ok_after >= THREADS as u64,
        "{name}: only {ok_after} calls succeeded after the restart"
    );
    assert_eq!(
        failed_after, 0,
        "{name}: calls failed after the server was back (pre-ping should replace dead connections)"
    );
    let state = engine.pool_state();
    assert_eq!(state.checked_out, 0, "{name}: leaked connections {state:?}");
    assert!(state.connections <= 6, "{name}: {state:?}");

    // Every acknowledged commit survived; every transaction is all or nothing.
    let mut lost = 0u64;
    for id in &committed {
        if table.count_where(t.c("id").eq(*id)) != 1 {
            eprintln!("   [{name}] acknowledged row {id} is missing");
            lost += 1;
        }
    }
    let unsure_rows: i64 = unsure.iter().map(|(a, b)| b - a).sum();
    let stray = table.count_where(t.c("id").ge(1_000_000));
    let acked = committed.len() as i64;
    assert!(
        stray >= acked && stray <= acked + unsure_rows,
        "{name}: {stray} rows for {acked} acknowledged + {unsure_rows} unsure inserts"
    );
    let mut partial = 0u64;
    for &(first, end) in &unsure {
        let n = table.count_where(t.c("id").ge(first).and(t.c("id").lt(end)));
        if n != 0 && n != end - first {
            eprintln!("   [{name}] partial transaction: {n} of rows {first}..{end}");
            partial += 1;
        }
    }
    assert_eq!(lost, 0, "{name}: acknowledged commits lost");
    assert_eq!(partial, 0, "{name}: transactions partially committed");
    println!(
        "[{name}] stop/restart under load: {acked} acknowledged inserts all present, \
         {} failed insert calls all-or-nothing",
        unsure.len()
    );
    lost + partial
}

// ---------------------------------------------------------------------------
// Scenario 2: a transaction cut off mid-way by a server stop

fn fault_engine(b: Backend) -> Engine {
    b.builder()
        .pool_size(2)
        .max_overflow(0)
        .pool_pre_ping(true)
        .pool_timeout(POOL_TIMEOUT)
        .build()
        .unwrap()
}

fn assert_connection_error(what: &str, r: &sqlcraft::Result<()>) {
    match r {
        Err(e) => assert_eq!(
            e.db_kind(),
            Some(ErrorKind::Connection),
            "{what}: expected a connection error, got {e:?}"
        ),
        Ok(()) => panic!("{what}: succeeded although the server was gone"),
    }
}

fn assert_works(what: &str, engine: &Engine) {
    let start = Instant::now();
    let n = engine
        .connect()
        .and_then(|mut c| c.execute(&select(lit(1)))?.scalar_one::<i64>())
        .unwrap_or_else(|e| panic!("{what}: the engine does not recover: {e}"));
    assert_eq!(n, 1);
    assert!(start.elapsed() < POOL_TIMEOUT + CALL_MARGIN, "{what}");
}

/// Rows inserted in `engine.begin`, server stopped before the COMMIT: the
/// COMMIT fails with a connection error and none of the rows survive.
fn stop_before_commit(ctl: &ServerCtl) -> u64 {
    let b = ctl.backend;
    let what = format!("{}: server stopped before COMMIT", b.name());
    let _dog = Watchdog::new(what.clone(), WATCHDOG);
    let engine = fault_engine(b);
    let table = TestTable::new(&engine, "faults_commit");
    let t = table.t.clone();
    let mut stopped_at = None;
    let r = engine.begin(|c| {
        for id in 0..5 {
            insert_row(c, &t, id, 1)?;
        }
        ctl.stop();
        stopped_at = Some(Instant::now());
        Ok::<_, Error>(())
    });
    let took = stopped_at.expect("the closure ran").elapsed();
    assert!(
        took < POOL_TIMEOUT + CALL_MARGIN,
        "{what}: COMMIT took {took:?}"
    );
    assert_connection_error(&what, &r);
    assert_eq!(engine.pool_state().checked_out, 0, "{what}");
    ctl.start();
    assert_works(&what, &engine);
    let n = table.count_where(t.c("id").lt(5));
    assert_eq!(n, 0, "{what}: {n} of the 5 uncommitted rows survived");
    println!(
        "[{}] server stopped before COMMIT: {r:?}; rows left: {n}",
        b.name()
    );
    n as u64
}

/// A multi-statement `engine.begin` closure, server stopped between its
/// statements: the next statement fails with a connection error, the closure
/// returns it, and none of the rows survive.
fn stop_between_statements(ctl: &ServerCtl) -> u64 {
    let b = ctl.backend;
    let what = format!("{}: server stopped between statements", b.name());
    let _dog = Watchdog::new(what.clone(), WATCHDOG);
    let engine = fault_engine(b);
    let table = TestTable::new(&engine, "faults_between");
    let t = table.t.clone();
    let start = Instant::now();
    let mut after_stop = Duration::ZERO;
    let r = engine.begin(|c| {
        insert_row(c, &t, 100, 2)?;
        insert_row(c, &t, 101, 2)?;
        ctl.stop();
        let t0 = Instant::now();
        let r = insert_row(c, &t, 102, 2);
        after_stop = t0.elapsed();
        assert_connection_error(&what, &r);
        assert!(
            !c.in_transaction(),
            "{what}: the transaction died with the link"
        );
        r
    });
    assert!(
        after_stop < POOL_TIMEOUT + CALL_MARGIN,
        "{what}: the statement after the stop took {after_stop:?}"
    );
    assert_connection_error(&what, &r);
    assert!(start.elapsed() < Duration::from_secs(90), "{what}");
    assert_eq!(engine.pool_state().checked_out, 0, "{what}");
    ctl.start();
    assert_works(&what, &engine);
    let n = table.count_where(t.c("id").ge(100).and(t.c("id").lt(103)));
    assert_eq!(n, 0, "{what}: {n} rows of the cut-off transaction survived");
    println!(
        "[{}] server stopped between statements: {r:?}; rows left: {n}",
        b.name()
    );
    n as u64
}

// ---------------------------------------------------------------------------
// Scenario 3: the session killed from the server side inside a transaction

fn kill_inside_transaction(ctl: &ServerCtl) -> u64 {
    let b = ctl.backend;
    let what = format!("{}: session killed inside a transaction", b.name());
    let _dog = Watchdog::new(what.clone(), WATCHDOG);
    let engine = b
        .builder()
        .pool_size(1)
        .max_overflow(0)
        .pool_pre_ping(true)
        .pool_timeout(POOL_TIMEOUT)
        .build()
        .unwrap();
    let table = TestTable::new(&engine, "faults_kill");
    let t = table.t.clone();

    let mut c = engine.connect().unwrap();
    let victim = session_id(b, &mut c);
    c.begin().unwrap();
    insert_row(&mut c, &t, 200, 3).unwrap();
    insert_row(&mut c, &t, 201, 3).unwrap();
    ctl.kill_session(victim);
    let t0 = Instant::now();
    let r = insert_row(&mut c, &t, 202, 3);
    let took = t0.elapsed();
    assert!(took < POOL_TIMEOUT + CALL_MARGIN, "{what}: took {took:?}");
    assert_connection_error(&what, &r);
    assert!(
        !c.in_transaction(),
        "{what}: the transaction died with the link"
    );
    drop(c);
    let state = engine.pool_state();
    assert_eq!(
        (state.connections, state.checked_out),
        (0, 0),
        "{what}: the dead connection went back to the pool: {state:?}"
    );

    // The pool hands out a working, new connection next.
    let mut c = engine.connect().unwrap();
    let fresh = session_id(b, &mut c);
    assert_ne!(fresh, victim, "{what}: the killed session came back");
    assert_eq!(
        c.execute(&select(lit(1)))
            .unwrap()
            .scalar_one::<i64>()
            .unwrap(),
        1
    );
    c.commit().unwrap();
    drop(c);

    let n = table.count_where(t.c("id").ge(200).and(t.c("id").lt(203)));
    assert_eq!(n, 0, "{what}: {n} rows of the killed transaction survived");
    println!(
        "[{}] session killed inside a transaction: {r:?}; rows left: {n}",
        b.name()
    );
    n as u64
}

// ---------------------------------------------------------------------------

fn all_scenarios(b: Backend) {
    let _serial = SERVER_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let ctl = ServerCtl::new(b);
    let start = Instant::now();
    let mut bad = 0;
    bad += stop_restart_under_load(&ctl);
    bad += stop_before_commit(&ctl);
    bad += stop_between_statements(&ctl);
    bad += kill_inside_transaction(&ctl);
    let faults = ctl.faults.load(Ordering::SeqCst);
    println!(
        "[{}] faults injected and survived: {faults} ({:?})",
        b.name(),
        start.elapsed()
    );
    println!("[{}] rows lost or partially committed: {bad}", b.name());
    assert_eq!(faults, 4, "{}: every scenario injects one fault", b.name());
    assert_eq!(bad, 0);
}

#[test]
fn postgres_survives_faults() {
    all_scenarios(Backend::Postgres);
}

#[test]
fn mariadb_survives_faults() {
    all_scenarios(Backend::MariaDb);
}
