//! Load: 32 threads running a mix of statements through one pooled engine per
//! backend (SQLite on a WAL file database, PostgreSQL, MariaDB).
//!
//! The mix: SELECT by id, INSERT, UPDATE, short transactions with
//! `engine.begin`, savepoints (one rolled back, one released), and a few
//! cached statement shapes with varying values; plus one deliberate duplicate
//! key every `INJECT_EVERY` operations, which must fail with
//! `ErrorKind::Integrity` and nothing else. Any other error is unexpected and
//! fails the test. At the end no connection is checked out, the pool never grew
//! past `pool_size + max_overflow`, and every thread's rows are exactly the
//! ones it inserted, with the values its updates gave them.
//!
//! `SQLCRAFT_LOAD_STATEMENTS` sets the operations per thread (see
//! `DEFAULT_STATEMENTS`).

mod support;

use sqlcraft::engine::{Connection, Engine, EngineBuilder, ErrorKind};
use sqlcraft::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use support::{unique, Backend};

const THREADS: i64 = 32;
/// Operations per thread when `SQLCRAFT_LOAD_STATEMENTS` is not set: the full
/// 32 × 10,000 per engine (measured about 2 min in a release build, about 6 min
/// in CI's debug build). Set a smaller value for a quick local run.
const DEFAULT_STATEMENTS: i64 = 10_000;
const POOL_SIZE: u32 = 8;
const MAX_OVERFLOW: u32 = 8;
/// A deliberate duplicate key every this many operations.
const INJECT_EVERY: i64 = 97;
/// Ids of thread `k` are `k * ID_SPAN + n`.
const ID_SPAN: i64 = 100_000_000;

fn statements_per_thread() -> i64 {
    match std::env::var("SQLCRAFT_LOAD_STATEMENTS") {
        Ok(v) => v.trim().parse().ok().filter(|n| *n > 0).unwrap_or_else(|| {
            panic!("SQLCRAFT_LOAD_STATEMENTS={v:?}: expected a positive number")
        }),
        Err(_) => DEFAULT_STATEMENTS,
    }
}

/// A small deterministic generator (xorshift64*), one per thread.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[derive(Default)]
struct Counters {
    ops: AtomicU64,
    statements: AtomicU64,
    injected: AtomicU64,
    unexpected: AtomicU64,
}

/// The error an operation ends in, besides the driver's.
#[derive(Debug)]
enum OpError {
    Db(Error),
    /// A result that contradicts what this thread did.
    Wrong(String),
}

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpError::Db(e) => write!(f, "{e}"),
            OpError::Wrong(m) => write!(f, "wrong result: {m}"),
        }
    }
}

impl From<Error> for OpError {
    fn from(e: Error) -> Self {
        OpError::Db(e)
    }
}

/// One thread's rows and what it expects of them.
struct Worker {
    k: i64,
    t: Table,
    engine: Engine,
    counters: Arc<Counters>,
    rng: Rng,
    next: i64,
    /// id → expected val, for every committed row of this thread.
    rows: BTreeMap<i64, i64>,
    ids: Vec<i64>,
}

impl Worker {
    fn stmt(&self) {
        self.counters.statements.fetch_add(1, Ordering::Relaxed);
    }

    fn new_id(&mut self) -> i64 {
        self.next += 1;
        self.k * ID_SPAN + self.next
    }

    fn some_id(&mut self) -> i64 {
        self.ids[self.rng.below(self.ids.len() as u64) as usize]
    }

    fn insert_stmt(&self, id: i64, val: i64) -> Insert {
        insert(&self.t)
            .value("id", id)
            .value("owner", self.k)
            .value("val", val)
            .value("note", format!("t{}-{}", self.k, id % 1000))
    }

    fn insert(&self, c: &mut Connection, id: i64, val: i64) -> Result<(), OpError> {
        self.stmt();
        let n = c.execute(&self.insert_stmt(id, val))?.rowcount();
        if n != 1 {
            return Err(OpError::Wrong(format!("INSERT {id}: rowcount {n}")));
        }
        Ok(())
    }

    fn update(&self, c: &mut Connection, id: i64, delta: i64) -> Result<(), OpError> {
        self.stmt();
        let n = c
            .execute(
                &update(&self.t)
                    .set("val", self.t.c("val") + delta)
                    .filter(self.t.c("id").eq(id)),
            )?
            .rowcount();
        if n != 1 {
            return Err(OpError::Wrong(format!("UPDATE {id}: rowcount {n}")));
        }
        Ok(())
    }

    fn select_val(&self, c: &mut Connection, id: i64) -> Result<i64, OpError> {
        self.stmt();
        Ok(c.execute(
            &select(self.t.c("val"))
                .from(&self.t)
                .filter(self.t.c("id").eq(id)),
        )?
        .scalar_one::<i64>()?)
    }

    fn commit_row(&mut self, id: i64, val: i64) {
        self.rows.insert(id, val);
        self.ids.push(id);
    }

    /// Runs operation `i`.
    fn op(&mut self, i: i64) -> Result<(), OpError> {
        if i % INJECT_EVERY == INJECT_EVERY - 1 {
            // Deliberate duplicate key: must be an Integrity error, nothing else.
            let id = self.some_id();
            let mut c = self.engine.connect()?;
            self.stmt();
            return match c.execute(&self.insert_stmt(id, 0)) {
                Err(e) if e.db_kind() == Some(ErrorKind::Integrity) => {
                    self.counters.injected.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                }
                Err(e) => Err(e.into()),
                Ok(_) => Err(OpError::Wrong(format!("duplicate id {id} was accepted"))),
            };
        }
        let roll = self.rng.below(100);
        match roll {
            0..=34 => {
                // SELECT by id.
                let id = self.some_id();
                let mut c = self.engine.connect()?;
                let got = self.select_val(&mut c, id)?;
                let want = self.rows[&id];
                if got != want {
                    return Err(OpError::Wrong(format!("row {id}: val {got}, want {want}")));
                }
            }
            35..=54 => {
                // INSERT.
                let id = self.new_id();
                let val = self.rng.below(1000) as i64;
                let mut c = self.engine.connect()?;
                self.insert(&mut c, id, val)?;
                c.commit()?;
                self.commit_row(id, val);
            }
            55..=74 => {
                // UPDATE.
                let id = self.some_id();
                let delta = 1 + self.rng.below(9) as i64;
                let mut c = self.engine.connect()?;
                self.update(&mut c, id, delta)?;
                c.commit()?;
                *self.rows.get_mut(&id).unwrap() += delta;
            }
            75..=84 => {
                // A short transaction: INSERT + UPDATE.
                let id = self.new_id();
                let other = self.some_id();
                let delta = 1 + self.rng.below(9) as i64;
                let engine = self.engine.clone();
                engine.begin(|c| {
                    self.insert(c, id, 7)?;
                    self.update(c, other, delta)?;
                    Ok::<_, OpError>(())
                })?;
                self.commit_row(id, 7);
                *self.rows.get_mut(&other).unwrap() += delta;
            }
            85..=91 => {
                // Savepoints: one rolled back, one released.
                let (a, b) = (self.new_id(), self.new_id());
                let other = self.some_id();
                let engine = self.engine.clone();
                engine.begin(|c| {
                    self.insert(c, a, 1)?;
                    let r = c.nested(|c| {
                        self.insert(c, b, 2)?;
                        Err::<(), OpError>(OpError::Wrong("rolled back on purpose".into()))
                    });
                    if !matches!(r, Err(OpError::Wrong(_))) {
                        return Err(OpError::Wrong(format!(
                            "savepoint: {}",
                            r.map_or_else(|e| e.to_string(), |()| "Ok".into())
                        )));
                    }
                    c.nested(|c| self.update(c, other, 1))?;
                    Ok::<_, OpError>(())
                })?;
                self.commit_row(a, 1);
                *self.rows.get_mut(&other).unwrap() += 1;
                // b was rolled back with its savepoint.
                let mut c = self.engine.connect()?;
                self.stmt();
                let n: i64 = c
                    .execute(
                        &select(func::count_star())
                            .from(&self.t)
                            .filter(self.t.c("id").eq(b)),
                    )?
                    .scalar_one()?;
                if n != 0 {
                    return Err(OpError::Wrong(format!(
                        "row {b} survived its rolled-back savepoint"
                    )));
                }
            }
            _ => {
                // Cached shapes with varying values.
                let mut c = self.engine.connect()?;
                let floor = self.rng.below(500) as i64;
                self.stmt();
                let n: i64 = c
                    .execute(
                        &select(func::count_star())
                            .from(&self.t)
                            .filter(self.t.c("owner").eq(self.k).and(self.t.c("val").ge(floor))),
                    )?
                    .scalar_one()?;
                let want = self.rows.values().filter(|v| **v >= floor).count() as i64;
                if n != want {
                    return Err(OpError::Wrong(format!(
                        "count(val >= {floor}) = {n}, want {want}"
                    )));
                }
                let picks = [self.some_id(), self.some_id(), self.some_id()];
                self.stmt();
                let vals: Vec<i64> = c
                    .execute(
                        &select(self.t.c("val"))
                            .from(&self.t)
                            .filter(self.t.c("id").in_(picks))
                            .order_by(self.t.c("id").asc()),
                    )?
                    .scalars()?;
                let mut want: Vec<i64> = picks.to_vec();
                want.sort_unstable();
                want.dedup();
                let want: Vec<i64> = want.iter().map(|id| self.rows[id]).collect();
                if vals != want {
                    return Err(OpError::Wrong(format!(
                        "IN {picks:?}: {vals:?}, want {want:?}"
                    )));
                }
            }
        }
        Ok(())
    }
}

struct Db {
    name: &'static str,
    engine: Engine,
    _dir: Option<TempDir>,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn pooled(b: EngineBuilder) -> Engine {
    b.pool_size(POOL_SIZE)
        .max_overflow(MAX_OVERFLOW)
        .pool_timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn db(b: Backend) -> Db {
    match b {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(unique("sqlcraft_load"));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!(
                "sqlite:///{}?journal_mode=wal&timeout=60",
                dir.join("load.sqlite").display()
            );
            let builder = sqlcraft_sqlite::engine_builder(&url)
                .unwrap()
                .on_connect(|c| c.run_script("PRAGMA synchronous = NORMAL"));
            Db {
                name: "sqlite (WAL file)",
                engine: pooled(builder),
                _dir: Some(TempDir(dir)),
            }
        }
        _ => Db {
            name: b.name(),
            engine: pooled(b.builder()),
            _dir: None,
        },
    }
}

fn run_load(b: Backend) {
    let Db { name, engine, _dir } = db(b);
    let per_thread = statements_per_thread();
    let t = table(&unique("load"));
    {
        let mut c = engine.connect().unwrap();
        c.exec_driver_sql(
            &format!(
                "CREATE TABLE {} (id BIGINT PRIMARY KEY, owner INTEGER NOT NULL, \
                 val BIGINT NOT NULL, note VARCHAR(40))",
                t.name()
            ),
            &[],
        )
        .unwrap();
        // The per-owner checks would scan the whole table without it.
        c.exec_driver_sql(
            &format!("CREATE INDEX ix_{0} ON {0} (owner, val)", t.name()),
            &[],
        )
        .unwrap();
        c.commit().unwrap();
    }
    let counters = Arc::new(Counters::default());
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let start = Instant::now();
    let handles: Vec<_> = (0..THREADS)
        .map(|k| {
            let mut w = Worker {
                k,
                t: t.clone(),
                engine: engine.clone(),
                counters: counters.clone(),
                rng: Rng(0x9E37_79B9_7F4A_7C15 ^ (k as u64 + 1)),
                next: 0,
                rows: BTreeMap::new(),
                ids: Vec::new(),
            };
            let failures = failures.clone();
            thread::spawn(move || {
                // Every thread starts with one row of its own.
                let first = w.new_id();
                let seeded = w.engine.connect().map_err(OpError::from).and_then(|mut c| {
                    w.insert(&mut c, first, 0)?;
                    Ok(c.commit()?)
                });
                if let Err(e) = seeded {
                    panic!("{name}: thread {k}: seeding: {e}");
                }
                w.commit_row(first, 0);
                for i in 1..per_thread {
                    w.counters.ops.fetch_add(1, Ordering::Relaxed);
                    if let Err(e) = w.op(i) {
                        w.counters.unexpected.fetch_add(1, Ordering::Relaxed);
                        let mut f = failures.lock().unwrap();
                        if f.len() < 20 {
                            f.push(format!("thread {k} op {i}: {e}"));
                        }
                        // The expected state may be off now: stop this thread.
                        return None;
                    }
                }
                Some(w.rows)
            })
        })
        .collect();
    let mut expected = Vec::new();
    for h in handles {
        expected.push(
            h.join()
                .unwrap_or_else(|_| panic!("{name}: a thread panicked")),
        );
    }
    let wall = start.elapsed();
    let state = engine.pool_state();
    let (ops, statements, injected, unexpected) = (
        counters.ops.load(Ordering::SeqCst) + THREADS as u64,
        counters.statements.load(Ordering::SeqCst),
        counters.injected.load(Ordering::SeqCst),
        counters.unexpected.load(Ordering::SeqCst),
    );
    println!(
        "[{name}] {THREADS} threads x {per_thread} operations: {ops} operations, \
         {statements} statements, errors injected {injected}, unexpected errors {unexpected}, \
         wall time {wall:.2?} ({:.0} statements/s), final pool state {state:?}",
        statements as f64 / wall.as_secs_f64()
    );
    let failures = failures.lock().unwrap().clone();
    assert_eq!(
        unexpected,
        0,
        "{name}: unexpected errors:\n{}",
        failures.join("\n")
    );
    let want_injected = (THREADS * (per_thread / INJECT_EVERY)) as u64;
    assert_eq!(injected, want_injected, "{name}: injected errors");
    assert_eq!(
        state.checked_out, 0,
        "{name}: leaked connections: {state:?}"
    );
    assert!(
        state.connections <= POOL_SIZE + MAX_OVERFLOW && state.idle <= POOL_SIZE,
        "{name}: pool beyond its bounds: {state:?}"
    );

    // Every thread's rows are exactly the ones it committed, with its values.
    let mut c = engine.connect().unwrap();
    let mut total = 0;
    for (k, rows) in expected.into_iter().enumerate() {
        let rows = rows.expect("no thread stopped early");
        let got: Vec<(i64, i64)> = c
            .execute(
                &select((t.c("id"), t.c("val")))
                    .from(&t)
                    .filter(t.c("owner").eq(k as i64))
                    .order_by(t.c("id").asc()),
            )
            .unwrap()
            .all()
            .unwrap()
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        let want: Vec<(i64, i64)> = rows.into_iter().collect();
        if got != want {
            let missing = want.iter().filter(|r| !got.contains(r)).count();
            let extra = got.iter().filter(|r| !want.contains(r)).count();
            panic!("{name}: thread {k}: {missing} expected rows missing or different, {extra} unexpected");
        }
        total += want.len() as i64;
    }
    let n: i64 = c
        .execute(&select(func::count_star()).from(&t))
        .unwrap()
        .scalar_one()
        .unwrap();
    assert_eq!(n, total, "{name}: total rows");
    c.exec_driver_sql(&format!("DROP TABLE {}", t.name()), &[])
        .unwrap();
    c.commit().unwrap();
    drop(c);
    println!("[{name}] rows checked: {total}, all consistent with the operations done");
    assert_eq!(engine.pool_state().checked_out, 0);
}

#[test]
fn load_sqlite_file() {
    run_load(Backend::Sqlite);
}

#[test]
fn load_postgres() {
    run_load(Backend::Postgres);
}

#[test]
fn load_mariadb() {
    run_load(Backend::MariaDb);
}
