//! Engine benchmarks M4–M6 of `/work/shared/bench/statements.md`: sqlcraft's
//! engine and the raw drivers side by side, in one run.
//!
//!     cargo bench --bench engine                              # SQLite only
//!     ./scripts/with-servers.sh cargo bench --bench engine    # + PostgreSQL, MariaDB
//!     cargo bench --bench engine -- M4_B1                     # a criterion filter
//!
//! * M4: execute B1, B2, B5 and fetch every row, on an in-memory SQLite through
//!   the engine (`conn.execute(&stmt)?.all()?`), against rusqlite's
//!   `prepare_cached` with the same SQL text, rows fetched into owned tuples.
//! * M5: the same for B1 and B2 on PostgreSQL and MariaDB over loopback, against
//!   the `postgres` / `mysql` crates with a statement prepared once, run on the
//!   engine connection's own driver connection (`Connection::driver_connection`):
//!   one server session for both sides (see **One session** below).
//! * M6: 10,000 B3 rows through `Connection::insert_many` in `engine.begin(..)`,
//!   against the raw driver's prepared single-row INSERT in a loop, in one
//!   transaction, on all three engines; and (information) the same rows through
//!   `Connection::execute_many` of the one-row INSERT of `bindparam`s, a set a
//!   row, which goes out in the same multi-row pages.
//!
//! The data set (10,000 users, 50,000 orders, 12,000 addresses, indexes on the
//! two `user_id` columns) is generated with a fixed-seed xorshift and loaded
//! through the library (`create_all`, `insert_many`). On the servers the tables
//! are `bench_users_<pid>` and so on, dropped at the end however the run ends;
//! both sides read the same tables. On SQLite each side has its own in-memory
//! database (a private one per connection), loaded with the same rows in the same
//! order; the raw side is a [`SqliteConnection`] of the adapter, so the "driver
//! alone" piece can run on it too.
//!
//! Every iteration builds its statement through the public API with values from
//! the loop (through `black_box`), so the compilation cache is exercised as real
//! code exercises it. The raw peers run the SQL text compiled once from our
//! statement. Before any timing, each statement's rows through the engine are
//! compared with the raw driver's (a difference is a bug, and panics).
//!
//! **Transactions.** The headline M4/M5 figures hold one connection for the whole
//! benchmark: its first statement begins a transaction (autobegin), so the timed
//! statements run inside it. The raw peer runs inside a transaction as well (on
//! SQLite an explicit one; on the servers the engine's own, see below), so both
//! sides ask the database for the same work and the ratio is the engine's own
//! overhead. The `*_checkout` rows (information, no target) check a
//! connection out for every statement, as a short unit of work does: that adds
//! the pool checkout, the autobegin `BEGIN` and the `ROLLBACK` at check-in, and
//! their peer is the raw driver in autocommit mode.
//!
//! **One session.** On this two-core machine, two connections to one server are
//! not alike: which core each server process (PostgreSQL) or thread (MariaDB)
//! lands on, next to the client's or not, sticks for seconds and changes the
//! round trip by up to three times. Measured with the raw driver on both sides
//! in 101 alternating rounds, two sessions came out at 0.25–0.32 of each other,
//! in either order, while one session against itself came out at 1.00
//! [0.94–1.04]. So M5's raw peer runs on the very session the engine uses, and
//! the difference left is the client's. The `B1 raw₂ vs raw` control still runs
//! two raw sessions against each other, to show the size of that effect.
//!
//! **Pieces** (`P_B1_<backend>`): B1's path timed step by step (build only; build
//! and compile through a warm cache; pool checkout and check-in; checkout with
//! BEGIN and ROLLBACK; the driver adapter's `run` alone on a compiled statement),
//! to show where the engine's time goes.
//!
//! **Paired check** (rows with a target, and the A/A controls): criterion times
//! one side, then the other; on a shared machine loopback latency drifts by a
//! factor of two within seconds, far more than a 5 % target. So, after criterion,
//! each targeted pair also runs alternately in 101 rounds of ~10 ms blocks (ABBA
//! order), and the table adds the median and quartiles of the per-round ratios,
//! and this thread's CPU time (user + kernel, `/proc/thread-self/schedstat`) per
//! statement on each side: on a server, the client's own cost around the same
//! round trip. The `B1 raw₂ vs raw` rows run a second raw connection against the
//! first (an A/A test): how far two connections to one server differ by
//! themselves.
//!
//! **Profile mode**: `SQLCRAFT_ENGINE_PROFILE=<group>/<function>[:<iterations>]`
//! runs only that routine, in a loop inside `profiled`, without criterion, and
//! prints its wall and CPU time per iteration; for callgrind:
//!
//!     SQLCRAFT_ENGINE_PROFILE=M4_B1_sqlite/sqlcraft:20000 valgrind --tool=callgrind \
//!         --toggle-collect='*profiled*' target/release/deps/engine-<hash>
//!
//! After criterion, the medians are read back from
//! `target/criterion/**/new/estimates.json` and printed as one table with the
//! targets. Column types: `VARCHAR(n)` for the spec's `text` columns, since
//! MariaDB's LONGTEXT would push B2's GROUP BY into on-disk temporary tables
//! (SQLite and PostgreSQL store both alike); the SQL of B1–B5 does not change.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode};
use sqlcraft::cache::CompileCache;
use sqlcraft::dialect::Dialect;
use sqlcraft::engine::{Connection, Driver, DriverConnection, Engine, FromRow, Url};
use sqlcraft::prelude::*;
use sqlcraft_sqlite::SqliteConnection;
use std::cell::RefCell;
use std::fmt::Debug;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

#[path = "common/statements.rs"]
mod statements;
use statements::{b1, b2, b5, B2Args, B5Args, Schema, B2_ARGS, B5_ARGS};

type BoxError = Box<dyn std::error::Error>;
type Res<T> = std::result::Result<T, BoxError>;

// ---------------------------------------------------------------------------
// The data set: a fixed-seed xorshift64*, no extra crate
// ---------------------------------------------------------------------------

const SEED: u64 = 0x5EED_2024_C0FF_EE01;
const N_USERS: usize = 10_000;
const N_ORDERS: usize = 50_000;
const N_ADDRESSES: usize = 12_000;
const N_BULK: usize = 10_000;

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const FIRST_NAMES: [&str; 20] = [
    "alice", "adam", "anna", "bob", "carla", "dave", "emma", "farid", "gina", "hugo", "ines",
    "jules", "karim", "lea", "marc", "nina", "omar", "paul", "rosa", "sami",
];
const USER_STATUSES: [&str; 7] = [
    "gold", "silver", "bronze", "new", "vip", "inactive", "banned",
];
const COUNTRIES: [&str; 12] = [
    "FR", "DE", "ES", "IT", "PT", "BE", "NL", "CH", "AT", "PL", "SE", "DK",
];
const ORDER_STATUSES: [&str; 4] = ["new", "paid", "shipped", "cancelled"];
const CITIES: [&str; 20] = [
    "Lyon",
    "Paris",
    "Berlin",
    "Madrid",
    "Rome",
    "Lisbon",
    "Brussels",
    "Amsterdam",
    "Zurich",
    "Vienna",
    "Warsaw",
    "Stockholm",
    "Copenhagen",
    "Munich",
    "Milan",
    "Porto",
    "Ghent",
    "Utrecht",
    "Geneva",
    "Krakow",
];

fn timestamp(rng: &mut Rng, first_year: u64, last_year: u64) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        first_year + rng.below(last_year - first_year + 1),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    )
}

struct User {
    name: String,
    email: String,
    status: &'static str,
    country: &'static str,
    created_at: String,
}

struct Order {
    user_id: i64,
    total: f64,
    status: &'static str,
    created_at: String,
}

struct Address {
    user_id: i64,
    city: &'static str,
}

const USER_COLS: [&str; 5] = ["name", "email", "status", "country", "created_at"];
const ORDER_COLS: [&str; 4] = ["user_id", "total", "status", "created_at"];
const ADDRESS_COLS: [&str; 2] = ["user_id", "city"];

impl User {
    fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.name.as_str()),
            Value::from(self.email.as_str()),
            Value::from(self.status),
            Value::from(self.country),
            Value::from(self.created_at.as_str()),
        ]
    }
}

impl Order {
    fn random(rng: &mut Rng) -> Order {
        Order {
            user_id: 1 + rng.below(N_USERS as u64) as i64,
            // Cents, so every total has an exact two-digit decimal text.
            total: (500 + rng.below(59_501)) as f64 / 100.0,
            status: rng.pick(&ORDER_STATUSES),
            created_at: timestamp(rng, 2023, 2024),
        }
    }
    fn values(&self) -> Vec<Value> {
        vec![
            Value::Int(self.user_id),
            Value::Float(self.total),
            Value::from(self.status),
            Value::from(self.created_at.as_str()),
        ]
    }
}

impl Address {
    fn values(&self) -> Vec<Value> {
        vec![Value::Int(self.user_id), Value::from(self.city)]
    }
}

struct DataSet {
    users: Vec<User>,
    orders: Vec<Order>,
    addresses: Vec<Address>,
    /// The 10,000 B3 rows of M6.
    bulk: Vec<Order>,
}

impl DataSet {
    fn generate() -> DataSet {
        let mut rng = Rng::new(SEED);
        let users = (1..=N_USERS)
            .map(|i| {
                let name = format!("{}_{i}", rng.pick(&FIRST_NAMES));
                let domain = if rng.below(2) == 0 {
                    "example.com"
                } else {
                    "mail.test"
                };
                User {
                    email: format!("{name}@{domain}"),
                    name,
                    status: rng.pick(&USER_STATUSES),
                    country: rng.pick(&COUNTRIES),
                    created_at: timestamp(&mut rng, 2020, 2023),
                }
            })
            .collect();
        let orders = (0..N_ORDERS).map(|_| Order::random(&mut rng)).collect();
        let addresses = (0..N_ADDRESSES)
            .map(|_| Address {
                user_id: 1 + rng.below(N_USERS as u64) as i64,
                city: rng.pick(&CITIES),
            })
            .collect();
        let bulk = (0..N_BULK).map(|_| Order::random(&mut rng)).collect();
        DataSet {
            users,
            orders,
            addresses,
            bulk,
        }
    }
}
// ---------------------------------------------------------------------------
// Schema and statements: benches/common/statements.rs, shared with benches/compile.rs
// ---------------------------------------------------------------------------

/// B3, single row.
fn b3(s: &Schema, r: &Order) -> Insert {
    insert(&s.orders)
        .value("user_id", r.user_id)
        .value("total", r.total)
        .value("status", r.status)
        .value("created_at", r.created_at.as_str())
}

/// The rows M6 inserted (every order past the data set's), for the equality check.
fn inserted_rows(s: &Schema) -> Select {
    let o = &s.orders;
    select((
        o.c("user_id"),
        o.c("total").cast(SqlType::Text),
        o.c("status"),
        o.c("created_at").cast(SqlType::Text),
    ))
    .from(o)
    .filter(o.c("id").gt(N_ORDERS as i64))
    .order_by(o.c("id").asc())
}

fn delete_inserted(s: &Schema) -> Delete {
    delete(&s.orders).filter(s.orders.c("id").gt(N_ORDERS as i64))
}

/// B1's id for iteration `n`: spread over every user.
fn point_id(n: u64) -> i64 {
    (n.wrapping_mul(7919) % N_USERS as u64) as i64 + 1
}

type B1Row = (i64, String);
type B2Row<R> = (i64, String, String, i64, R, Option<String>);
type B5Row = (i64, String, f64, String, i64);
type B3Row = (i64, String, String, String);

// ---------------------------------------------------------------------------
// Loading, checking
// ---------------------------------------------------------------------------

/// Loads the data set through the engine's executemany path.
fn load(conn: &mut Connection, s: &Schema, data: &DataSet) -> sqlcraft::Result<()> {
    conn.insert_many(&s.users, &USER_COLS, data.users.iter().map(User::values))?;
    conn.insert_many(
        &s.orders,
        &ORDER_COLS,
        data.orders.iter().map(Order::values),
    )?;
    conn.insert_many(
        &s.addresses,
        &ADDRESS_COLS,
        data.addresses.iter().map(Address::values),
    )?;
    Ok(())
}

/// Loads the data set on one driver connection (the SQLite peer's own database):
/// the same DDL and the same 1,000-row INSERT pages, so the same rowids.
fn load_driver(conn: &mut dyn DriverConnection, s: &Schema, data: &DataSet) -> Res<()> {
    let d = sqlcraft_sqlite::Sqlite;
    for ddl in s.meta.create_statements(false)? {
        conn.run_script(&ddl.compile(&d)?.sql)?;
    }
    conn.begin(None)?;
    let mut page = |table: &Table, cols: &[&str], rows: Vec<Vec<Value>>| -> Res<()> {
        for chunk in rows.chunks(1000) {
            let c = insert(table)
                .columns(cols.iter().copied())
                .rows(chunk.iter().cloned())
                .compile(&d)?;
            conn.run(&c.sql, &c.values()?)?;
        }
        Ok(())
    };
    page(
        &s.users,
        &USER_COLS,
        data.users.iter().map(User::values).collect(),
    )?;
    page(
        &s.orders,
        &ORDER_COLS,
        data.orders.iter().map(Order::values).collect(),
    )?;
    page(
        &s.addresses,
        &ADDRESS_COLS,
        data.addresses.iter().map(Address::values).collect(),
    )?;
    conn.commit()?;
    Ok(())
}

fn ours<T: FromRow>(conn: &mut Connection, stmt: &impl Compile) -> Res<Vec<T>> {
    Ok(conn.execute(stmt)?.fetch::<T>()?)
}

/// Asserts that our rows are the raw driver's; a difference is a bug. Rows may
/// come in another order only among ties of the statement's ORDER BY, which
/// `order_key` gives (the sequence of keys must still be the same).
fn check_equal<T: PartialEq + Debug, K: PartialEq>(
    what: &str,
    ours: &[T],
    raw: &[T],
    order_key: impl Fn(&T) -> K,
) {
    if ours == raw {
        println!(
            "  {what}: {} row(s), identical to the raw driver's",
            ours.len()
        );
        return;
    }
    let mut a: Vec<String> = ours.iter().map(|r| format!("{r:?}")).collect();
    let mut b: Vec<String> = raw.iter().map(|r| format!("{r:?}")).collect();
    a.sort();
    b.sort();
    let same_keys = ours.iter().map(&order_key).eq(raw.iter().map(&order_key));
    if a == b && same_keys {
        println!(
            "  {what}: {} row(s), the raw driver's, in another order among ORDER BY ties \
             (the statement does not decide it)",
            ours.len()
        );
        return;
    }
    let first = (0..ours.len().max(raw.len()))
        .find(|&i| ours.get(i) != raw.get(i))
        .unwrap_or(0);
    panic!(
        "BUG: {what}: sqlcraft's rows differ from the raw driver's ({} vs {} rows); \
         first difference at row {first}:\n  sqlcraft: {:?}\n  raw:      {:?}",
        ours.len(),
        raw.len(),
        ours.get(first),
        raw.get(first)
    );
}

/// The whole row: no tie may reorder anything.
fn whole<T: Clone>(r: &T) -> T {
    r.clone()
}

/// B2's ORDER BY: revenue DESC, name ASC.
fn b2_key<R: Clone>(r: &B2Row<R>) -> (R, String) {
    (r.4.clone(), r.1.clone())
}

/// B5's ORDER BY: country_rank.
fn b5_key(r: &B5Row) -> i64 {
    r.4
}

/// Drops the server tables when the backend's section ends, however it ends
/// (declared before the connections, so it runs after they are closed).
struct Cleanup<'a> {
    engine: &'a Engine,
    meta: &'a MetaData,
    backend: &'static str,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        match self.meta.drop_all(self.engine) {
            Ok(()) => println!("{}: benchmark tables dropped", self.backend),
            Err(e) => eprintln!("{}: could not drop the benchmark tables: {e}", self.backend),
        }
    }
}

// ---------------------------------------------------------------------------
// Running the pairs: criterion, the paired check, the profile mode
// ---------------------------------------------------------------------------

/// M6's two paths: `insert_many` (rows of values), and `execute_many` of the
/// one-row B3 INSERT of `bindparam`s with a set a row, which goes out in the same
/// multi-row pages ("insertmanyvalues").
#[derive(Clone, Copy)]
enum BulkPath {
    InsertMany,
    ExecuteMany,
}

/// M6 through `execute_many`: the parameter sets are built in the timing, as
/// `insert_many`'s rows are.
fn insert_orders_many(conn: &mut Connection, s: &Schema, bulk: &[Order]) -> sqlcraft::Result<u64> {
    let stmt = ORDER_COLS
        .iter()
        .fold(insert(&s.orders), |q, col| q.value(col, bindparam(col)));
    let sets: Vec<Vec<(&str, Value)>> = bulk
        .iter()
        .map(|o| ORDER_COLS.iter().copied().zip(o.values()).collect())
        .collect();
    conn.execute_many(&stmt, &sets)
}

#[derive(Clone, Copy)]
enum Target {
    /// sqlcraft / raw must be at most this.
    AtMost(f64),
    /// Information only.
    Info,
    /// Information: a second raw connection against the first (an A/A test of
    /// how much two connections to one server differ by themselves).
    Control,
}

struct Line {
    measurement: &'static str,
    label: &'static str,
    backend: &'static str,
    group: String,
    target: Target,
}

/// Ours and the raw peer timed alternately, block after block in ABBA order, so
/// that both see the same background load: the median and quartiles of the
/// per-round ratios. Loopback latency on a shared machine drifts by a factor of
/// two within seconds, far more than the 5 % a target allows; criterion times one
/// side and then the other, so its ratio carries that drift.
#[derive(Clone, Copy)]
struct Paired {
    median: f64,
    q1: f64,
    q3: f64,
    /// This thread's CPU time per iteration (user and kernel), ours and raw: on
    /// a server, what each client spends around the same round trip.
    cpu_ours: f64,
    cpu_raw: f64,
}

const PAIRED_ROUNDS: usize = 101;
const PAIRED_BLOCK: Duration = Duration::from_millis(10);

fn paired<RA, RB>(ours: &mut impl FnMut(u64) -> RA, raw: &mut impl FnMut(u64) -> RB) -> Paired {
    let mut n = 1_000_000u64;
    // Iterations per block: as many as the raw peer runs in PAIRED_BLOCK.
    let start = Instant::now();
    let mut k = 0u64;
    while start.elapsed() < PAIRED_BLOCK {
        black_box(raw(n + k));
        k += 1;
    }
    let mut ratios = Vec::with_capacity(PAIRED_ROUNDS);
    let (mut cpu_ours, mut cpu_raw) = (0u64, 0u64);
    for round in 0..PAIRED_ROUNDS {
        let mut time_ours = |n: u64| {
            let (t, c) = (Instant::now(), thread_cpu_ns());
            for i in 0..k {
                black_box(ours(n + i));
            }
            cpu_ours += thread_cpu_ns() - c;
            t.elapsed().as_secs_f64()
        };
        let mut time_raw = |n: u64| {
            let (t, c) = (Instant::now(), thread_cpu_ns());
            for i in 0..k {
                black_box(raw(n + i));
            }
            cpu_raw += thread_cpu_ns() - c;
            t.elapsed().as_secs_f64()
        };
        let (a, b) = if round % 2 == 0 {
            let a = time_ours(n);
            (a, time_raw(n))
        } else {
            let b = time_raw(n);
            (time_ours(n), b)
        };
        n += k;
        ratios.push(a / b);
    }
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    let per_op = |ns: u64| ns as f64 / (k as f64 * PAIRED_ROUNDS as f64);
    Paired {
        median: at(0.5),
        q1: at(0.25),
        q3: at(0.75),
        cpu_ours: per_op(cpu_ours),
        cpu_raw: per_op(cpu_raw),
    }
}

/// This thread's time on a CPU so far (ns), from the scheduler's statistics
/// (0 where /proc does not have them).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The routine under callgrind's `--toggle-collect='*profiled*'`.
#[inline(never)]
fn profiled<R>(f: impl FnOnce() -> R) -> R {
    black_box(f())
}

fn routine<R>(g: &mut BenchmarkGroup<'_, WallTime>, name: &str, f: &mut impl FnMut(u64) -> R) {
    let mut n = 0u64;
    g.bench_function(name, |b| {
        b.iter(|| {
            n += 1;
            f(black_box(n))
        })
    });
}

struct Bench {
    c: Criterion,
    lines: Vec<Line>,
    paired: Vec<(String, Paired)>,
    /// (backend, pieces group, the held-connection B1 group)
    pieces: Vec<(&'static str, String, String)>,
    skipped: Vec<String>,
    /// `--test` or `--list`: no paired check, no table.
    quick: bool,
    /// `SQLCRAFT_ENGINE_PROFILE=<group>/<function>[:<iterations>]`: run only that
    /// routine, in a loop, for callgrind (no criterion).
    profile: Option<(String, u64)>,
    since: SystemTime,
}

impl Bench {
    /// In profile mode, runs `f` if `id` is the profiled routine.
    fn profile_routine<R>(&self, id: &str, f: &mut impl FnMut(u64) -> R) {
        if let Some((target, n)) = &self.profile {
            if target == id {
                let (cpu0, wall0) = (thread_cpu_ns(), Instant::now());
                for i in 0..*n {
                    profiled(|| f(i + 1));
                }
                let (cpu, wall) = (thread_cpu_ns() - cpu0, wall0.elapsed());
                eprintln!(
                    "profiled {id}: {n} iterations, {:.0} ns wall and {:.0} ns on this \
                     thread's CPU per iteration",
                    wall.as_nanos() as f64 / *n as f64,
                    cpu as f64 / *n as f64
                );
            }
        }
    }

    /// One statement on one backend: ours and the raw peer.
    #[allow(clippy::too_many_arguments)]
    fn pair<RA, RB>(
        &mut self,
        measurement: &'static str,
        id: &str,
        label: &'static str,
        backend: &'static str,
        target: Target,
        mut ours: impl FnMut(u64) -> RA,
        mut raw: impl FnMut(u64) -> RB,
    ) {
        let group = format!("{measurement}_{id}_{backend}");
        if self.profile.is_some() {
            self.profile_routine(&format!("{group}/sqlcraft"), &mut ours);
            self.profile_routine(&format!("{group}/raw"), &mut raw);
            return;
        }
        let mut g = self.c.benchmark_group(&group);
        routine(&mut g, "sqlcraft", &mut ours);
        routine(&mut g, "raw", &mut raw);
        g.finish();
        self.lines.push(Line {
            measurement,
            label,
            backend,
            group: group.clone(),
            target,
        });
        let ran = median(&group, "sqlcraft", self.since).is_some()
            && median(&group, "raw", self.since).is_some();
        if !matches!(target, Target::Info) && !self.quick && ran {
            let p = paired(&mut ours, &mut raw);
            self.paired.push((group, p));
        }
    }

    /// M6: whole 10,000-row inserts, each after a reset outside the timing,
    /// through one of the library's two executemany paths.
    fn bulk(
        &mut self,
        backend: &'static str,
        path: BulkPath,
        target: Target,
        mut reset: impl FnMut(),
        mut ours: impl FnMut() -> u64,
        mut raw: impl FnMut() -> u64,
    ) {
        let (suffix, label) = match path {
            BulkPath::InsertMany => ("", "B3 ×10,000"),
            BulkPath::ExecuteMany => ("_execute_many", "B3 ×10,000 execute_many"),
        };
        let group = format!("M6_B3{suffix}_{backend}");
        if let Some((id, n)) = &self.profile {
            let work: &mut dyn FnMut() -> u64 = if *id == format!("{group}/sqlcraft") {
                &mut ours
            } else if *id == format!("{group}/raw") {
                &mut raw
            } else {
                return;
            };
            eprintln!("profiling {id}: {n} iterations");
            for _ in 0..*n {
                reset();
                profiled(&mut *work);
            }
            reset();
            return;
        }
        let mut g = self.c.benchmark_group(&group);
        g.sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(4));
        g.bench_function("sqlcraft", |b| {
            b.iter_custom(|iters| timed_with_reset(iters, &mut reset, &mut ours))
        });
        g.bench_function("raw", |b| {
            b.iter_custom(|iters| timed_with_reset(iters, &mut reset, &mut raw))
        });
        g.finish();
        self.lines.push(Line {
            measurement: "M6",
            label,
            backend,
            group,
            target,
        });
    }

    /// B1's path step by step, on the engine and on one driver connection of the
    /// adapter (inside a transaction, as the held engine connection is).
    #[allow(clippy::too_many_arguments)]
    fn pieces(
        &mut self,
        backend: &'static str,
        s: &Schema,
        engine: &Engine,
        dialect: Arc<dyn Dialect>,
        driver: &mut dyn DriverConnection,
        held_group: &str,
    ) -> Res<()> {
        let group = format!("P_B1_{backend}");
        let b1_sql = b1(s, 1).compile(engine.dialect())?.sql;
        let cache = CompileCache::shared(dialect, sqlcraft::cache::DEFAULT_CAPACITY, 16);
        driver.begin(None)?;
        {
            let mut build = |n: u64| b1(s, point_id(n));
            let mut compile = |n: u64| {
                let stmt = b1(s, point_id(n));
                let c = cache.compile(&stmt).expect("compile B1");
                let values = c.values().expect("values");
                (c.sql, values)
            };
            let mut checkout = |_: u64| engine.connect().expect("checkout");
            let mut checkout_begin = |_: u64| {
                let mut conn = engine.connect().expect("checkout");
                conn.begin().expect("BEGIN");
                conn
            };
            let mut run = |n: u64| {
                driver
                    .run(&b1_sql, &[Value::Int(point_id(n))])
                    .expect("driver run")
            };
            if self.profile.is_some() {
                self.profile_routine(&format!("{group}/build"), &mut build);
                self.profile_routine(&format!("{group}/build_compile_cached"), &mut compile);
                self.profile_routine(&format!("{group}/checkout"), &mut checkout);
                self.profile_routine(
                    &format!("{group}/checkout_begin_rollback"),
                    &mut checkout_begin,
                );
                self.profile_routine(&format!("{group}/driver_run"), &mut run);
            } else {
                let mut g = self.c.benchmark_group(&group);
                routine(&mut g, "build", &mut build);
                routine(&mut g, "build_compile_cached", &mut compile);
                routine(&mut g, "checkout", &mut checkout);
                routine(&mut g, "checkout_begin_rollback", &mut checkout_begin);
                routine(&mut g, "driver_run", &mut run);
                g.finish();
                self.pieces.push((backend, group, held_group.to_owned()));
            }
        }
        driver.rollback()?;
        Ok(())
    }
}

/// Times `work` only, running `reset` (outside the timing) before each iteration.
fn timed_with_reset(
    iters: u64,
    reset: &mut impl FnMut(),
    work: &mut impl FnMut() -> u64,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        reset();
        let start = Instant::now();
        let n = work();
        total += start.elapsed();
        assert_eq!(n, N_BULK as u64, "rows inserted");
    }
    reset();
    total
}

// ---------------------------------------------------------------------------
// The results table
// ---------------------------------------------------------------------------

fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
}

/// The median (ns) criterion wrote for `group/function` in this run.
fn median(group: &str, function: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= since);
    if !fresh {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let rest = &text[text.find("\"median\"")?..];
    let p = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let num: String = rest[p..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    num.parse().ok()
}

fn fmt_ns(ns: Option<f64>) -> String {
    match ns {
        None => "-".to_owned(),
        Some(v) if v >= 1e9 => format!("{:.3} s", v / 1e9),
        Some(v) if v >= 1e6 => format!("{:.2} ms", v / 1e6),
        Some(v) if v >= 1e3 => format!("{:.2} µs", v / 1e3),
        Some(v) => format!("{v:.0} ns"),
    }
}

fn target_text(target: Target) -> String {
    match target {
        Target::AtMost(t) if t < 1.0 => format!("≤ {t:.2} (≥{:.0}× faster)", 1.0 / t),
        Target::AtMost(t) => format!("≤ {t:.2}"),
        Target::Info => "info".to_owned(),
        Target::Control => "A/A control".to_owned(),
    }
}

/// Prints the tables; returns (passed, failed) target counts.
/// Prints the tables; returns how many targets passed and failed, by the
/// criterion ratio and by the paired one.
fn print_tables(bench: &Bench) -> [(usize, usize); 2] {
    let since = bench.since;
    println!();
    println!("==== sqlcraft engine vs raw drivers: medians from target/criterion, ratio = sqlcraft / raw ====");
    println!();
    println!(
        "{:<4} {:<27} {:<10} {:>10} {:>10} {:>6}  {:<20} {:<7} paired A/B ratio [IQR]       client CPU/op: sqlcraft vs raw",
        "", "statement", "backend", "sqlcraft", "raw", "ratio", "target", "result",
    );
    let (mut pass, mut fail) = (0, 0);
    let (mut paired_pass, mut paired_fail) = (0, 0);
    for l in &bench.lines {
        let ours = median(&l.group, "sqlcraft", since);
        let peer = median(&l.group, "raw", since);
        let ratio = ours.zip(peer).map(|(a, b)| a / b);
        let result = match (l.target, ratio) {
            (Target::AtMost(t), Some(r)) if r <= t => {
                pass += 1;
                "PASS"
            }
            (Target::AtMost(_), Some(_)) => {
                fail += 1;
                "FAIL"
            }
            (Target::AtMost(_), None) => "not run",
            (Target::Info | Target::Control, _) => "",
        };
        let paired = bench
            .paired
            .iter()
            .find(|(g, _)| *g == l.group)
            .map(|(_, p)| {
                let verdict = match l.target {
                    Target::AtMost(t) if p.median <= t => {
                        paired_pass += 1;
                        "PASS"
                    }
                    Target::AtMost(_) => {
                        paired_fail += 1;
                        "FAIL"
                    }
                    Target::Info | Target::Control => "",
                };
                format!(
                    "{:.3} [{:.3}–{:.3}] {verdict:<4}  {} vs {}",
                    p.median,
                    p.q1,
                    p.q3,
                    fmt_ns(Some(p.cpu_ours)),
                    fmt_ns(Some(p.cpu_raw))
                )
            })
            .unwrap_or_default();
        println!(
            "{:<4} {:<27} {:<10} {:>10} {:>10} {:>6}  {:<20} {:<7} {}",
            l.measurement,
            l.label,
            l.backend,
            fmt_ns(ours),
            fmt_ns(peer),
            ratio.map_or("-".to_owned(), |r| format!("{r:.3}")),
            target_text(l.target),
            result,
            paired
        );
    }
    println!(
        "  ratio: criterion medians, one side after the other. paired: the two sides \
         alternately in {PAIRED_ROUNDS} rounds of ~{} ms;\n  median [quartiles] of the \
         per-round ratios. client CPU/op: this thread's CPU time (user + kernel) per \
         statement during those rounds.",
        PAIRED_BLOCK.as_millis()
    );
    for s in &bench.skipped {
        println!("     {s}");
    }
    let counts = [(pass, fail), (paired_pass, paired_fail)];
    if bench.pieces.is_empty() {
        return counts;
    }
    println!();
    println!("B1 step by step (medians):");
    println!(
        "{:<10} {:>8} {:>8} {:>9} {:>10} {:>10} {:>10} {:>10} {:>9}",
        "backend",
        "build",
        "+cache",
        "checkout",
        "+BEGIN/RB",
        "driver run",
        "raw",
        "sqlcraft",
        "residual"
    );
    for (backend, group, held) in &bench.pieces {
        let get = |f: &str| median(group, f, since);
        let compiled = get("build_compile_cached");
        let driver = get("driver_run");
        let all = median(held, "sqlcraft", since);
        // What the engine adds beyond building, compiling and the adapter's run
        // (binding, the run() wrapper, the result): only meaningful in process.
        let residual = if *backend == "sqlite" {
            all.zip(compiled).zip(driver).map(|((a, c), d)| a - c - d)
        } else {
            None
        };
        println!(
            "{:<10} {:>8} {:>8} {:>9} {:>10} {:>10} {:>10} {:>10} {:>9}",
            backend,
            fmt_ns(get("build")),
            fmt_ns(compiled),
            fmt_ns(get("checkout")),
            fmt_ns(get("checkout_begin_rollback")),
            fmt_ns(driver),
            fmt_ns(median(held, "raw", since)),
            fmt_ns(all),
            fmt_ns(residual),
        );
    }
    println!(
        "  build: the B1 tree only. +cache: build and compile through a warm CompileCache, \
         values extracted.\n  checkout: engine.connect() and drop. +BEGIN/RB: the same with \
         conn.begin(): the autobegin BEGIN and the ROLLBACK at check-in.\n  driver run: the \
         adapter's DriverConnection::run on the compiled SQL (bind, execute, rows as Values), \
         in a transaction.\n  raw, sqlcraft: M4/M5 B1 above. residual = sqlcraft − (+cache) \
         − (driver run): binding, Connection::run, CursorResult/Row (SQLite only; on a \
         server the round trip's noise swamps it)."
    );
    counts
}

// ---------------------------------------------------------------------------
// SQLite (M4, M6)
// ---------------------------------------------------------------------------

fn sqlite_rows_b1(raw: &rusqlite::Connection, sql: &str, id: i64) -> rusqlite::Result<Vec<B1Row>> {
    let mut st = raw.prepare_cached(sql)?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn sqlite_rows_b2(
    raw: &rusqlite::Connection,
    sql: &str,
    a: &B2Args<'_>,
) -> rusqlite::Result<Vec<B2Row<f64>>> {
    let mut st = raw.prepare_cached(sql)?;
    let rows = st.query_map(
        rusqlite::params![
            a.statuses[0],
            a.statuses[1],
            a.statuses[2],
            a.statuses[3],
            a.statuses[4],
            a.name_like,
            a.email_like,
            a.since,
            a.min_total,
            a.min_orders,
            a.limit,
            a.offset
        ],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    rows.collect()
}

fn sqlite_rows_b5(
    raw: &rusqlite::Connection,
    sql: &str,
    a: &B5Args<'_>,
) -> rusqlite::Result<Vec<B5Row>> {
    let mut st = raw.prepare_cached(sql)?;
    let rows = st.query_map(
        rusqlite::params![
            a.since,
            a.gold_over,
            a.gold,
            a.silver_over,
            a.silver,
            a.bronze,
            1_i64, // B5's `SELECT 1` is `lit(1)`: a bound parameter too
            a.city
        ],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    rows.collect()
}

fn sqlite_bulk(raw: &rusqlite::Connection, sql: &str, rows: &[Order]) -> rusqlite::Result<u64> {
    let tx = raw.unchecked_transaction()?;
    let mut n = 0;
    {
        let mut st = tx.prepare_cached(sql)?;
        for r in rows {
            n += st.execute(rusqlite::params![
                r.user_id,
                r.total,
                r.status,
                r.created_at
            ])? as u64;
        }
    }
    tx.commit()?;
    Ok(n)
}

fn sqlite_part(bench: &mut Bench, data: &DataSet) -> Res<()> {
    const B: &str = "sqlite";
    let s = Schema::new("", "")?;
    let start = Instant::now();
    let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    s.meta.create_all(&engine)?;
    engine.begin(|conn| load(conn, &s, data))?;
    let url: Url = "sqlite:///:memory:".parse()?;
    let mut peer = SqliteConnection::open(&url)?;
    load_driver(&mut peer, &s, data)?;
    println!(
        "sqlite: data set loaded twice (the engine's database and the raw peer's) in {:.2?}",
        start.elapsed()
    );

    let d = engine.dialect();
    let sql1 = b1(&s, 1).compile(d)?.sql;
    let sql2 = b2(&s, &B2_ARGS, "order_count").compile(d)?.sql;
    let sql5 = b5(&s, &B5_ARGS).compile(d)?.sql;
    let sql3 = b3(&s, &data.bulk[0]).compile(d)?.sql;
    println!("sqlite: B1 as both sides run it: {sql1}");

    println!("sqlite: checking that the engine returns the raw driver's rows");
    {
        let mut conn = engine.connect()?;
        let raw = peer.raw_connection();
        for id in [1, 2, 4242, N_USERS as i64] {
            check_equal(
                &format!("B1 id={id}"),
                &ours::<B1Row>(&mut conn, &b1(&s, id))?,
                &sqlite_rows_b1(raw, &sql1, id)?,
                whole,
            );
        }
        check_equal(
            "B2",
            &ours::<B2Row<f64>>(&mut conn, &b2(&s, &B2_ARGS, "order_count"))?,
            &sqlite_rows_b2(raw, &sql2, &B2_ARGS)?,
            b2_key,
        );
        check_equal(
            "B5",
            &ours::<B5Row>(&mut conn, &b5(&s, &B5_ARGS))?,
            &sqlite_rows_b5(raw, &sql5, &B5_ARGS)?,
            b5_key,
        );
    }

    // M4: one connection held (in its autobegun transaction), the raw peer in an
    // explicit transaction.
    {
        let mut conn = engine.connect()?;
        let raw = peer.raw_connection();
        raw.execute_batch("BEGIN")?;
        bench.pair(
            "M4",
            "B1",
            "B1",
            B,
            Target::AtMost(1.3),
            |n| {
                let stmt = b1(&s, point_id(n));
                conn.execute(&stmt).expect("B1").all().expect("rows")
            },
            |n| sqlite_rows_b1(raw, &sql1, point_id(n)).expect("B1"),
        );
        bench.pair(
            "M4",
            "B2",
            "B2",
            B,
            Target::Info,
            |_| {
                let stmt = b2(&s, black_box(&B2_ARGS), "order_count");
                conn.execute(&stmt).expect("B2").all().expect("rows")
            },
            |_| sqlite_rows_b2(raw, &sql2, black_box(&B2_ARGS)).expect("B2"),
        );
        bench.pair(
            "M4",
            "B5",
            "B5",
            B,
            Target::Info,
            |_| {
                let stmt = b5(&s, black_box(&B5_ARGS));
                conn.execute(&stmt).expect("B5").all().expect("rows")
            },
            |_| sqlite_rows_b5(raw, &sql5, black_box(&B5_ARGS)).expect("B5"),
        );
        // Information: the statement built once with a `bindparam`, its value
        // supplied per execution (no tree to build, walk for the key or drop).
        let prebuilt = select((s.users.c("id"), s.users.c("name")))
            .from(&s.users)
            .filter(s.users.c("id").eq(bindparam("id")));
        bench.pair(
            "M4",
            "B1_prebuilt",
            "B1 prebuilt",
            B,
            Target::Info,
            |n| {
                conn.execute_with(&prebuilt, &[("id", Value::Int(point_id(n)))])
                    .expect("B1")
                    .all()
                    .expect("rows")
            },
            |n| sqlite_rows_b1(raw, &sql1, point_id(n)).expect("B1"),
        );
        raw.execute_batch("ROLLBACK")?;
    }

    // B1 with a checkout per statement, against the raw driver in autocommit.
    let raw = peer.raw_connection();
    bench.pair(
        "M4",
        "B1_checkout",
        "B1 checkout/op",
        B,
        Target::Info,
        |n| {
            let stmt = b1(&s, point_id(n));
            let mut conn = engine.connect().expect("checkout");
            conn.execute(&stmt).expect("B1").all().expect("rows")
        },
        |n| sqlite_rows_b1(raw, &sql1, point_id(n)).expect("B1"),
    );

    // The adapter's run alone, on a connection of its own: the raw peer's
    // rusqlite connection has been handed out, after which the adapter checks a
    // statement's result names in full on every run (see `ColumnNames` in the
    // SQLite adapter), as the engine's connections never need to.
    let mut adapter = SqliteConnection::open(&url)?;
    load_driver(&mut adapter, &s, data)?;
    bench.pieces(
        B,
        &s,
        &engine,
        sqlcraft_sqlite::SqliteDriver.dialect(),
        &mut adapter,
        "M4_B1_sqlite",
    )?;
    drop(adapter);

    // M6.
    let raw = peer.raw_connection();
    let del_sql = delete_inserted(&s).compile(d)?.sql;
    let back_sql = inserted_rows(&s).compile(d)?.sql;
    let reset = || {
        engine
            .begin(|conn| conn.execute(&delete_inserted(&s)).map(drop))
            .expect("reset");
        raw.execute(&del_sql, [N_ORDERS as i64]).expect("reset");
    };
    let insert_ours = || {
        engine
            .begin(|conn| {
                conn.insert_many(&s.orders, &ORDER_COLS, data.bulk.iter().map(Order::values))
            })
            .expect("insert_many")
    };
    let insert_raw = || sqlite_bulk(raw, &sql3, &data.bulk).expect("insert loop");
    reset();
    insert_ours();
    insert_raw();
    let mine: Vec<B3Row> = engine.begin(|conn| ours(conn, &inserted_rows(&s)))?;
    let theirs = {
        let mut st = raw.prepare_cached(&back_sql)?;
        let rows = st.query_map([N_ORDERS as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        rows.collect::<rusqlite::Result<Vec<B3Row>>>()?
    };
    check_equal("B3 bulk (rows stored)", &mine, &theirs, whole);
    let many_ours = || {
        engine
            .begin(|conn| insert_orders_many(conn, &s, &data.bulk))
            .expect("execute_many")
    };
    reset();
    many_ours();
    let many: Vec<B3Row> = engine.begin(|conn| ours(conn, &inserted_rows(&s)))?;
    check_equal(
        "B3 bulk through execute_many (rows stored)",
        &many,
        &theirs,
        whole,
    );
    reset();
    bench.bulk(
        B,
        BulkPath::InsertMany,
        Target::Info,
        reset,
        insert_ours,
        insert_raw,
    );
    bench.bulk(
        B,
        BulkPath::ExecuteMany,
        Target::Info,
        reset,
        many_ours,
        insert_raw,
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// PostgreSQL (M5, M6)
// ---------------------------------------------------------------------------

mod pg {
    use postgres::types::{private::BytesMut, Format, FromSql, IsNull, ToSql, Type};
    use std::error::Error;

    /// Text sent in the protocol's text format, for the server to parse as the
    /// placeholder's type (how a raw `postgres` user binds `numeric` or a
    /// timestamp held as text without the optional type crates).
    #[derive(Debug)]
    pub struct AsText<'a>(pub &'a str);

    impl ToSql for AsText<'_> {
        fn to_sql(
            &self,
            _ty: &Type,
            out: &mut BytesMut,
        ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
            out.extend_from_slice(self.0.as_bytes());
            Ok(IsNull::No)
        }
        fn accepts(_ty: &Type) -> bool {
            true
        }
        postgres::types::to_sql_checked!();
        fn encode_format(&self, _ty: &Type) -> Format {
            Format::Text
        }
    }

    /// A `numeric` read as its exact decimal text (binary format decoded here).
    pub struct Numeric(pub String);

    impl<'a> FromSql<'a> for Numeric {
        fn from_sql(_ty: &Type, raw: &'a [u8]) -> Result<Numeric, Box<dyn Error + Sync + Send>> {
            let word = |i: usize| -> Result<u16, Box<dyn Error + Sync + Send>> {
                let b = raw.get(2 * i..2 * i + 2).ok_or("short numeric")?;
                Ok(u16::from_be_bytes([b[0], b[1]]))
            };
            let ndigits = usize::from(word(0)?);
            let weight = i64::from(word(1)? as i16);
            let sign = word(2)?;
            let dscale = usize::from(word(3)? & 0x3FFF);
            if sign == 0xC000 {
                return Ok(Numeric("NaN".into()));
            }
            let digits = (0..ndigits)
                .map(|i| word(4 + i))
                .collect::<Result<Vec<u16>, _>>()?;
            let digit = |i: i64| -> u16 {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| digits.get(i).copied())
                    .unwrap_or(0)
            };
            let mut s = String::with_capacity(ndigits * 4 + dscale + 3);
            if sign == 0x4000 && digits.iter().any(|&d| d != 0) {
                s.push('-');
            }
            if weight < 0 {
                s.push('0');
            } else {
                for i in 0..=weight {
                    if i == 0 {
                        s.push_str(itoa::Buffer::new().format(digit(i)));
                    } else {
                        s.push_str(&format!("{:04}", digit(i)));
                    }
                }
            }
            if dscale > 0 {
                s.push('.');
                let start = s.len();
                let mut i = weight + 1;
                while s.len() - start < dscale {
                    s.push_str(&format!("{:04}", digit(i)));
                    i += 1;
                }
                s.truncate(start + dscale);
            }
            Ok(Numeric(s))
        }
        fn accepts(ty: &Type) -> bool {
            *ty == Type::NUMERIC
        }
    }
}

fn pg_rows_b1(
    raw: &mut postgres::Client,
    st: &postgres::Statement,
    id: i64,
) -> Result<Vec<B1Row>, postgres::Error> {
    use postgres::fallible_iterator::FallibleIterator;
    let id = id as i32;
    let mut it = raw.query_raw(st, [&id as &(dyn postgres::types::ToSql + Sync)])?;
    let mut out = Vec::new();
    while let Some(row) = it.next()? {
        out.push((i64::from(row.try_get::<_, i32>(0)?), row.try_get(1)?));
    }
    Ok(out)
}

fn pg_rows_b2(
    raw: &mut postgres::Client,
    st: &postgres::Statement,
    a: &B2Args<'_>,
) -> Result<Vec<B2Row<String>>, postgres::Error> {
    use postgres::fallible_iterator::FallibleIterator;
    use postgres::types::ToSql;
    let min_total = format!("{:?}", a.min_total);
    let (since, min_total) = (pg::AsText(a.since), pg::AsText(&min_total));
    let params: [&(dyn ToSql + Sync); 12] = [
        &a.statuses[0],
        &a.statuses[1],
        &a.statuses[2],
        &a.statuses[3],
        &a.statuses[4],
        &a.name_like,
        &a.email_like,
        &since,
        &min_total,
        &a.min_orders,
        &a.limit,
        &a.offset,
    ];
    let mut it = raw.query_raw(st, params)?;
    let mut out = Vec::new();
    while let Some(row) = it.next()? {
        out.push((
            i64::from(row.try_get::<_, i32>(0)?),
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
            row.try_get::<_, pg::Numeric>(4)?.0,
            row.try_get(5)?,
        ));
    }
    Ok(out)
}

fn pg_bulk(raw: &mut postgres::Client, sql: &str, rows: &[Order]) -> Result<u64, postgres::Error> {
    let mut tx = raw.transaction()?;
    let st = tx.prepare(sql)?;
    let mut n = 0;
    for r in rows {
        let total = format!("{:?}", r.total);
        n += tx.execute(
            &st,
            &[
                &(r.user_id as i32),
                &pg::AsText(&total),
                &r.status,
                &pg::AsText(&r.created_at),
            ],
        )?;
    }
    tx.commit()?;
    Ok(n)
}

fn postgres_part(bench: &mut Bench, data: &DataSet, url: &str) -> Res<()> {
    const B: &str = "postgresql";
    let s = Schema::new("bench_", &format!("_{}", std::process::id()))?;
    let engine = sqlcraft_postgres::create_engine(url)?;
    s.meta.drop_all(&engine)?;
    s.meta.create_all(&engine)?;
    let _cleanup = Cleanup {
        engine: &engine,
        meta: &s.meta,
        backend: B,
    };
    let start = Instant::now();
    engine.begin(|conn| load(conn, &s, data))?;
    let mut raw = postgres::Client::connect(url, postgres::NoTls)?;
    raw.batch_execute(&format!(
        "ANALYZE {}, {}, {}",
        s.users.name(),
        s.orders.name(),
        s.addresses.name()
    ))?;
    println!(
        "postgresql: data set loaded through the engine (and analyzed) in {:.2?}",
        start.elapsed()
    );

    let d = engine.dialect();
    let sql1 = b1(&s, 1).compile(d)?.sql;
    let sql2 = b2(&s, &B2_ARGS, "order_count").compile(d)?.sql;
    let sql3 = b3(&s, &data.bulk[0]).compile(d)?.sql;
    let st1 = raw.prepare(&sql1)?;
    let st2 = raw.prepare(&sql2)?;
    println!("postgresql: B1 as both sides run it: {sql1}");

    println!("postgresql: checking that the engine returns the raw driver's rows");
    {
        let mut conn = engine.connect()?;
        for id in [1, 2, 4242, N_USERS as i64] {
            check_equal(
                &format!("B1 id={id}"),
                &ours::<B1Row>(&mut conn, &b1(&s, id))?,
                &pg_rows_b1(&mut raw, &st1, id)?,
                whole,
            );
        }
        check_equal(
            "B2",
            &ours::<B2Row<String>>(&mut conn, &b2(&s, &B2_ARGS, "order_count"))?,
            &pg_rows_b2(&mut raw, &st2, &B2_ARGS)?,
            b2_key,
        );
    }

    {
        // One session for both sides (see the module's notes): the raw side runs
        // on the engine connection's own `postgres::Client`, inside the
        // transaction its first statement began.
        let conn = RefCell::new(engine.connect()?);
        ours::<B1Row>(&mut conn.borrow_mut(), &b1(&s, 1))?;
        let (st1, st2) = {
            let mut c = conn.borrow_mut();
            let client: &mut postgres::Client = c.driver_connection()?;
            (client.prepare(&sql1)?, client.prepare(&sql2)?)
        };
        fn client(c: &mut Connection) -> &mut postgres::Client {
            c.driver_connection()
                .expect("the engine's postgres::Client")
        }
        bench.pair(
            "M5",
            "B1",
            "B1",
            B,
            Target::AtMost(1.05),
            |n| {
                let stmt = b1(&s, point_id(n));
                conn.borrow_mut()
                    .execute(&stmt)
                    .expect("B1")
                    .all()
                    .expect("rows")
            },
            |n| pg_rows_b1(client(&mut conn.borrow_mut()), &st1, point_id(n)).expect("B1"),
        );
        bench.pair(
            "M5",
            "B2",
            "B2",
            B,
            Target::Info,
            |_| {
                let stmt = b2(&s, black_box(&B2_ARGS), "order_count");
                conn.borrow_mut()
                    .execute(&stmt)
                    .expect("B2")
                    .all()
                    .expect("rows")
            },
            |_| pg_rows_b2(client(&mut conn.borrow_mut()), &st2, black_box(&B2_ARGS)).expect("B2"),
        );
    }
    {
        // The A/A control: raw on two sessions of its own.
        let mut raw2 = postgres::Client::connect(url, postgres::NoTls)?;
        let st1b = raw2.prepare(&sql1)?;
        raw2.batch_execute("BEGIN")?;
        raw.batch_execute("BEGIN")?;
        bench.pair(
            "M5",
            "B1_control",
            "B1 raw₂ vs raw",
            B,
            Target::Control,
            |n| pg_rows_b1(&mut raw2, &st1b, point_id(n)).expect("B1"),
            |n| pg_rows_b1(&mut raw, &st1, point_id(n)).expect("B1"),
        );
        raw.batch_execute("ROLLBACK")?;
    }

    bench.pair(
        "M5",
        "B1_checkout",
        "B1 checkout/op",
        B,
        Target::Info,
        |n| {
            let stmt = b1(&s, point_id(n));
            let mut conn = engine.connect().expect("checkout");
            conn.execute(&stmt).expect("B1").all().expect("rows")
        },
        |n| pg_rows_b1(&mut raw, &st1, point_id(n)).expect("B1"),
    );

    {
        let driver = sqlcraft_postgres::PostgresDriver::new();
        let mut adapter = driver.open(&url.parse()?)?;
        bench.pieces(
            B,
            &s,
            &engine,
            driver.dialect(),
            &mut adapter,
            "M5_B1_postgresql",
        )?;
    }

    // M6.
    let del_sql = delete_inserted(&s).compile(d)?.sql;
    let back_sql = inserted_rows(&s).compile(d)?.sql;
    let threshold = N_ORDERS as i32;
    let raw = RefCell::new(raw);
    let reset = || {
        raw.borrow_mut()
            .execute(&del_sql, &[&threshold])
            .expect("reset");
    };
    let inserted = || -> Result<Vec<B3Row>, postgres::Error> {
        raw.borrow_mut()
            .query(&back_sql, &[&threshold])?
            .iter()
            .map(|r| {
                Ok((
                    i64::from(r.try_get::<_, i32>(0)?),
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                ))
            })
            .collect()
    };
    let insert_ours = || {
        engine
            .begin(|conn| {
                conn.insert_many(&s.orders, &ORDER_COLS, data.bulk.iter().map(Order::values))
            })
            .expect("insert_many")
    };
    let insert_raw = || pg_bulk(&mut raw.borrow_mut(), &sql3, &data.bulk).expect("insert loop");
    reset();
    insert_ours();
    let mine = inserted()?;
    reset();
    insert_raw();
    check_equal("B3 bulk (rows stored)", &mine, &inserted()?, whole);
    let many_ours = || {
        engine
            .begin(|conn| insert_orders_many(conn, &s, &data.bulk))
            .expect("execute_many")
    };
    reset();
    many_ours();
    check_equal(
        "B3 bulk through execute_many (rows stored)",
        &inserted()?,
        &mine,
        whole,
    );
    reset();
    bench.bulk(
        B,
        BulkPath::InsertMany,
        Target::AtMost(0.5),
        reset,
        insert_ours,
        insert_raw,
    );
    bench.bulk(
        B,
        BulkPath::ExecuteMany,
        Target::Info,
        reset,
        many_ours,
        insert_raw,
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// MariaDB (M5, M6)
// ---------------------------------------------------------------------------

fn my_rows_b1(raw: &mut mysql::Conn, st: &mysql::Statement, id: i64) -> mysql::Result<Vec<B1Row>> {
    use mysql::prelude::Queryable;
    raw.exec(st, (id,))
}

fn my_rows_b2(
    raw: &mut mysql::Conn,
    st: &mysql::Statement,
    a: &B2Args<'_>,
) -> mysql::Result<Vec<B2Row<String>>> {
    use mysql::prelude::Queryable;
    use mysql::Value as V;
    let params = vec![
        V::from(a.statuses[0]),
        V::from(a.statuses[1]),
        V::from(a.statuses[2]),
        V::from(a.statuses[3]),
        V::from(a.statuses[4]),
        V::from(a.name_like),
        V::from(a.email_like),
        V::from(a.since),
        V::from(a.min_total),
        V::from(a.min_orders),
        V::from(a.limit),
        V::from(a.offset),
    ];
    raw.exec(st, mysql::Params::Positional(params))
}

fn my_bulk(raw: &mut mysql::Conn, sql: &str, rows: &[Order]) -> mysql::Result<u64> {
    use mysql::prelude::Queryable;
    let mut tx = raw.start_transaction(mysql::TxOpts::default())?;
    let st = tx.prep(sql)?;
    let mut n = 0;
    for r in rows {
        tx.exec_drop(&st, (r.user_id, r.total, r.status, r.created_at.as_str()))?;
        n += tx.affected_rows();
    }
    tx.commit()?;
    Ok(n)
}

fn mariadb_part(bench: &mut Bench, data: &DataSet, url: &str) -> Res<()> {
    use mysql::prelude::Queryable;
    const B: &str = "mariadb";
    let s = Schema::new("bench_", &format!("_{}", std::process::id()))?;
    let engine = sqlcraft_mysql::create_engine(url)?;
    s.meta.drop_all(&engine)?;
    s.meta.create_all(&engine)?;
    let _cleanup = Cleanup {
        engine: &engine,
        meta: &s.meta,
        backend: B,
    };
    let start = Instant::now();
    engine.begin(|conn| load(conn, &s, data))?;
    // Loopback TCP, as the adapter connects: `Opts::from_url` would prefer the
    // server's Unix socket, reconnecting through it after the TCP handshake.
    let mut raw = mysql::Conn::new(
        mysql::OptsBuilder::from_opts(mysql::Opts::from_url(url)?).prefer_socket(false),
    )?;
    raw.query_drop(format!(
        "ANALYZE TABLE {}, {}, {}",
        s.users.name(),
        s.orders.name(),
        s.addresses.name()
    ))?;
    println!(
        "mariadb: data set loaded through the engine (and analyzed) in {:.2?}",
        start.elapsed()
    );

    let d = engine.dialect();
    let sql1 = b1(&s, 1).compile(d)?.sql;
    let sql2 = b2(&s, &B2_ARGS, "order_count").compile(d)?.sql;
    let sql3 = b3(&s, &data.bulk[0]).compile(d)?.sql;
    let st1 = raw.prep(&sql1)?;
    let st2 = raw.prep(&sql2)?;
    println!("mariadb: B1 as both sides run it: {sql1}");

    println!("mariadb: checking that the engine returns the raw driver's rows");
    {
        let mut conn = engine.connect()?;
        for id in [1, 2, 4242, N_USERS as i64] {
            check_equal(
                &format!("B1 id={id}"),
                &ours::<B1Row>(&mut conn, &b1(&s, id))?,
                &my_rows_b1(&mut raw, &st1, id)?,
                whole,
            );
        }
        check_equal(
            "B2",
            &ours::<B2Row<String>>(&mut conn, &b2(&s, &B2_ARGS, "order_count"))?,
            &my_rows_b2(&mut raw, &st2, &B2_ARGS)?,
            b2_key,
        );
    }

    {
        // One session for both sides (see the module's notes): the raw side runs
        // on the engine connection's own `mysql::Conn`, inside the transaction
        // its first statement began.
        let conn = RefCell::new(engine.connect()?);
        ours::<B1Row>(&mut conn.borrow_mut(), &b1(&s, 1))?;
        let (st1, st2) = {
            let mut c = conn.borrow_mut();
            let my: &mut mysql::Conn = c.driver_connection()?;
            (my.prep(&sql1)?, my.prep(&sql2)?)
        };
        fn my(c: &mut Connection) -> &mut mysql::Conn {
            c.driver_connection().expect("the engine's mysql::Conn")
        }
        bench.pair(
            "M5",
            "B1",
            "B1",
            B,
            Target::AtMost(1.05),
            |n| {
                let stmt = b1(&s, point_id(n));
                conn.borrow_mut()
                    .execute(&stmt)
                    .expect("B1")
                    .all()
                    .expect("rows")
            },
            |n| my_rows_b1(my(&mut conn.borrow_mut()), &st1, point_id(n)).expect("B1"),
        );
        bench.pair(
            "M5",
            "B2",
            "B2",
            B,
            Target::Info,
            |_| {
                let stmt = b2(&s, black_box(&B2_ARGS), "order_count");
                conn.borrow_mut()
                    .execute(&stmt)
                    .expect("B2")
                    .all()
                    .expect("rows")
            },
            |_| my_rows_b2(my(&mut conn.borrow_mut()), &st2, black_box(&B2_ARGS)).expect("B2"),
        );
        let mut c = conn.borrow_mut();
        let my = my(&mut c);
        my.close(st1)?;
        my.close(st2)?;
    }
    {
        // The A/A control: raw on two sessions of its own.
        let mut raw2 = mysql::Conn::new(
            mysql::OptsBuilder::from_opts(mysql::Opts::from_url(url)?).prefer_socket(false),
        )?;
        let st1b = raw2.prep(&sql1)?;
        raw2.query_drop("START TRANSACTION")?;
        raw.query_drop("START TRANSACTION")?;
        bench.pair(
            "M5",
            "B1_control",
            "B1 raw₂ vs raw",
            B,
            Target::Control,
            |n| my_rows_b1(&mut raw2, &st1b, point_id(n)).expect("B1"),
            |n| my_rows_b1(&mut raw, &st1, point_id(n)).expect("B1"),
        );
        raw.query_drop("ROLLBACK")?;
    }

    bench.pair(
        "M5",
        "B1_checkout",
        "B1 checkout/op",
        B,
        Target::Info,
        |n| {
            let stmt = b1(&s, point_id(n));
            let mut conn = engine.connect().expect("checkout");
            conn.execute(&stmt).expect("B1").all().expect("rows")
        },
        |n| my_rows_b1(&mut raw, &st1, point_id(n)).expect("B1"),
    );

    {
        let driver = sqlcraft_mysql::MySqlDriver::default();
        let mut adapter = driver.open(&url.parse()?)?;
        bench.pieces(
            B,
            &s,
            &engine,
            driver.dialect(),
            &mut adapter,
            "M5_B1_mariadb",
        )?;
    }

    // M6.
    let del_sql = delete_inserted(&s).compile(d)?.sql;
    let back_sql = inserted_rows(&s).compile(d)?.sql;
    let threshold = N_ORDERS as i64;
    let raw = RefCell::new(raw);
    let reset = || {
        raw.borrow_mut()
            .exec_drop(&del_sql, (threshold,))
            .expect("reset")
    };
    let inserted =
        || -> mysql::Result<Vec<B3Row>> { raw.borrow_mut().exec(&back_sql, (threshold,)) };
    let insert_ours = || {
        engine
            .begin(|conn| {
                conn.insert_many(&s.orders, &ORDER_COLS, data.bulk.iter().map(Order::values))
            })
            .expect("insert_many")
    };
    let insert_raw = || my_bulk(&mut raw.borrow_mut(), &sql3, &data.bulk).expect("insert loop");
    reset();
    insert_ours();
    let mine = inserted()?;
    reset();
    insert_raw();
    check_equal("B3 bulk (rows stored)", &mine, &inserted()?, whole);
    let many_ours = || {
        engine
            .begin(|conn| insert_orders_many(conn, &s, &data.bulk))
            .expect("execute_many")
    };
    reset();
    many_ours();
    check_equal(
        "B3 bulk through execute_many (rows stored)",
        &inserted()?,
        &mine,
        whole,
    );
    reset();
    bench.bulk(
        B,
        BulkPath::InsertMany,
        Target::AtMost(0.5),
        reset,
        insert_ours,
        insert_raw,
    );
    bench.bulk(
        B,
        BulkPath::ExecuteMany,
        Target::Info,
        reset,
        many_ours,
        insert_raw,
    );
    Ok(())
}

// ---------------------------------------------------------------------------

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--list" || a == "--test");
    let profile = std::env::var("SQLCRAFT_ENGINE_PROFILE")
        .ok()
        .map(|v| match v.split_once(':') {
            Some((id, n)) => (id.to_owned(), n.parse().unwrap_or(10_000)),
            None => (v, 10_000),
        });
    let started = Instant::now();
    let data = DataSet::generate();
    let mut bench = Bench {
        c: Criterion::default()
            .sample_size(30)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(2))
            .configure_from_args(),
        lines: Vec::new(),
        paired: Vec::new(),
        pieces: Vec::new(),
        skipped: Vec::new(),
        quick,
        profile,
        since: SystemTime::now() - Duration::from_secs(1),
    };

    sqlite_part(&mut bench, &data)?;
    for (var, name) in [
        ("SQLCRAFT_PG_URL", "PostgreSQL"),
        ("SQLCRAFT_MYSQL_URL", "MariaDB"),
    ] {
        match std::env::var(var) {
            Ok(url) if name == "PostgreSQL" => postgres_part(&mut bench, &data, &url)?,
            Ok(url) => mariadb_part(&mut bench, &data, &url)?,
            Err(_) => {
                let msg = format!(
                    "{name}: NOT RUN: {var} is not set, so the {name} benchmarks (M5, M6) were \
                     skipped; ./scripts/with-servers.sh cargo bench --bench engine runs them."
                );
                println!("\n{msg}\n");
                bench.skipped.push(msg);
            }
        }
    }
    if bench.profile.is_some() {
        return Ok(());
    }
    bench.c.final_summary();
    if bench.quick {
        return Ok(());
    }
    let [(pass, fail), (paired_pass, paired_fail)] = print_tables(&bench);
    println!();
    println!(
        "Targets: by the criterion ratio {pass} passed, {fail} failed; by the paired ratio \
         (alternating rounds, one session on the servers) {paired_pass} passed, \
         {paired_fail} failed{}. Whole run: {:.0?}.",
        if bench.skipped.is_empty() {
            ""
        } else {
            "; the server benchmarks were NOT run"
        },
        started.elapsed()
    );
    Ok(())
}
