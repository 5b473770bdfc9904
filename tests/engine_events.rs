//! Engine events (on_connect, before_execute, after_execute, on_checkout,
//! on_checkin), echo logging and the compilation cache as the default execution
//! path, on SQLite and the servers.

mod support;

use sqlcraft::engine::{DbError, Engine, ErrorKind, ExecutionOptions, PoolKind};
use sqlcraft::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::Duration;
use support::{unique, Backend};

// ---------------------------------------------------------------------------
// Helpers

/// A table `(id INTEGER PRIMARY KEY, v INTEGER, s VARCHAR(100))` with a unique name, dropped on
/// drop. Declared before the connections of a test, so it drops after them.
struct Tbl {
    engine: Engine,
    name: String,
}

impl Tbl {
    fn create(engine: &Engine, prefix: &str) -> Tbl {
        let name = unique(prefix);
        let mut c = engine.connect().unwrap();
        c.exec_driver_sql(
            &format!("CREATE TABLE {name} (id INTEGER PRIMARY KEY, v INTEGER, s VARCHAR(100))"),
            &[],
        )
        .unwrap();
        c.commit().unwrap();
        Tbl {
            engine: engine.clone(),
            name,
        }
    }
    fn t(&self) -> Table {
        table(&self.name)
    }
    fn count(&self) -> i64 {
        let mut c = self.engine.connect().unwrap();
        c.exec_driver_sql(&format!("SELECT COUNT(*) FROM {}", self.name), &[])
            .unwrap()
            .scalar_one()
            .unwrap()
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

fn counter() -> (Arc<AtomicUsize>, impl Fn() + Send + Sync + 'static) {
    let n = Arc::new(AtomicUsize::new(0));
    let m = n.clone();
    (n, move || {
        m.fetch_add(1, Ordering::SeqCst);
    })
}

fn get(n: &AtomicUsize) -> usize {
    n.load(Ordering::SeqCst)
}

/// SQLite on a file in a temp directory, removed on drop.
struct SqliteFile(PathBuf);

impl SqliteFile {
    fn new() -> SqliteFile {
        let dir = std::env::temp_dir().join(unique("sqlcraft_engine_events"));
        std::fs::create_dir_all(&dir).unwrap();
        SqliteFile(dir)
    }
    fn url(&self) -> String {
        format!("sqlite:///{}", self.0.join("db.sqlite").display())
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------
// on_connect

#[test]
fn on_connect_runs_once_per_new_connection_sqlite() {
    let file = SqliteFile::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let c2 = calls.clone();
    let engine = sqlcraft_sqlite::engine_builder(&file.url())
        .unwrap()
        .on_connect(move |conn| {
            c2.fetch_add(1, Ordering::SeqCst);
            // The driver turns foreign keys on; the handler runs after it.
            conn.run_script("PRAGMA foreign_keys = OFF")
        })
        .build()
        .unwrap();
    assert_eq!(get(&calls), 0, "no connection before the first checkout");
    let fk = |c: &mut sqlcraft::engine::Connection| -> i64 {
        c.exec_driver_sql("PRAGMA foreign_keys", &[])
            .unwrap()
            .scalar_one()
            .unwrap()
    };
    {
        let mut a = engine.connect().unwrap();
        let mut b = engine.connect().unwrap();
        assert_eq!(get(&calls), 2, "two new connections");
        assert_eq!((fk(&mut a), fk(&mut b)), (0, 0), "the PRAGMA is in effect");
    }
    for _ in 0..5 {
        let mut c = engine.connect().unwrap();
        assert_eq!(fk(&mut c), 0);
    }
    assert_eq!(get(&calls), 2, "pooled connections are not set up again");

    // Without the handler the driver's default (on) shows.
    let plain = sqlcraft_sqlite::create_engine(&file.url()).unwrap();
    assert_eq!(fk(&mut plain.connect().unwrap()), 1);

    // The null pool connects per checkout: once per checkout.
    let (n, on) = counter();
    let null = sqlcraft_sqlite::engine_builder(&file.url())
        .unwrap()
        .pool_kind(PoolKind::Null)
        .on_connect(move |_| {
            on();
            Ok(())
        })
        .build()
        .unwrap();
    for i in 1..=3 {
        drop(null.connect().unwrap());
        assert_eq!(get(&n), i);
    }

    // In-memory SQLite shares one connection: one call ever.
    let (n, on) = counter();
    let mem = Backend::Sqlite
        .builder()
        .on_connect(move |c| {
            on();
            c.run_script("PRAGMA foreign_keys = OFF")
        })
        .build()
        .unwrap();
    for _ in 0..4 {
        assert_eq!(fk(&mut mem.connect().unwrap()), 0);
    }
    assert_eq!(get(&n), 1);
}

#[test]
fn on_connect_error_fails_the_checkout() {
    let engine = Backend::Sqlite
        .builder()
        .on_connect(|_| Err(DbError::new(ErrorKind::Other, "refused by on_connect")))
        .build()
        .unwrap();
    let err = engine
        .connect()
        .expect_err("on_connect refused the connection");
    match &err {
        Error::Database(d) => {
            assert_eq!(d.kind, ErrorKind::Other);
            assert_eq!(d.message, "refused by on_connect");
        }
        other => panic!("expected Error::Database, got {other:?}"),
    }
    let s = engine.pool_state();
    assert_eq!((s.connections, s.checked_out), (0, 0), "{s:?}");
}

struct DropSchema(Engine, String);

impl Drop for DropSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = self.0.connect() {
            let _ = c.exec_driver_sql(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.1), &[]);
            let _ = c.commit();
        }
    }
}

#[test]
fn on_connect_sets_search_path_on_postgres() {
    let admin = Backend::Postgres.engine();
    let schema = unique("ev_schema");
    let _guard = DropSchema(admin.clone(), schema.clone());
    {
        let mut c = admin.connect().unwrap();
        c.exec_driver_sql(&format!("CREATE SCHEMA {schema}"), &[])
            .unwrap();
        c.exec_driver_sql(&format!("CREATE TABLE {schema}.only_here (v INTEGER)"), &[])
            .unwrap();
        c.exec_driver_sql(&format!("INSERT INTO {schema}.only_here VALUES (41)"), &[])
            .unwrap();
        c.commit().unwrap();
    }
    let calls = Arc::new(AtomicUsize::new(0));
    let (c2, s2) = (calls.clone(), schema.clone());
    let engine = Backend::Postgres
        .builder()
        .pool_size(3)
        .on_connect(move |conn| {
            c2.fetch_add(1, Ordering::SeqCst);
            conn.run_script(&format!("SET search_path TO {s2}, public"))
        })
        .build()
        .unwrap();
    let read = |c: &mut sqlcraft::engine::Connection| -> (String, i64) {
        let schema: String = c
            .exec_driver_sql("SELECT current_schema()", &[])
            .unwrap()
            .scalar_one()
            .unwrap();
        // Unqualified: found through the search_path.
        let v: i64 = c
            .execute(&select(table("only_here").c("v")).from(table("only_here")))
            .unwrap()
            .scalar_one()
            .unwrap();
        (schema, v)
    };
    {
        let mut a = engine.connect().unwrap();
        let mut b = engine.connect().unwrap();
        assert_eq!(read(&mut a), (schema.clone(), 41));
        assert_eq!(read(&mut b), (schema.clone(), 41));
    }
    for _ in 0..4 {
        assert_eq!(read(&mut engine.connect().unwrap()), (schema.clone(), 41));
    }
    assert_eq!(get(&calls), 2, "once per new connection");
    // A connection without the handler does not see the table.
    let e = admin
        .connect()
        .unwrap()
        .execute(&select(table("only_here").c("v")).from(table("only_here")))
        .expect_err("not on the default search_path");
    assert_eq!(e.db_kind(), Some(ErrorKind::Programming), "{e}");
}

#[test]
fn on_connect_sets_session_variable_on_mariadb() {
    let (n, on) = counter();
    let engine = Backend::MariaDb
        .builder()
        .on_connect(move |conn| {
            on();
            conn.run_script("SET @sqlcraft_on_connect = 42")
        })
        .build()
        .unwrap();
    let var = |engine: &Engine| -> Option<i64> {
        engine
            .connect()
            .unwrap()
            .exec_driver_sql("SELECT @sqlcraft_on_connect", &[])
            .unwrap()
            .scalar_one()
            .unwrap()
    };
    {
        let _held = engine.connect().unwrap();
        assert_eq!(var(&engine), Some(42)); // a second connection
    }
    assert_eq!(var(&engine), Some(42));
    assert_eq!(get(&n), 2);
    assert_eq!(
        var(&Backend::MariaDb.engine()),
        None,
        "not set without the handler"
    );
}

// ---------------------------------------------------------------------------
// before_execute / after_execute

type Seen = Arc<Mutex<Vec<(String, Vec<Value>)>>>;

fn before_execute_scenario(b: Backend) {
    let seen: Seen = Arc::default();
    let after: Seen = Arc::default();
    let (s2, a2) = (seen.clone(), after.clone());
    let engine = b
        .builder()
        .before_execute(move |ev| {
            s2.lock()
                .unwrap()
                .push((ev.sql.to_owned(), ev.params.to_vec()));
            if ev
                .sql
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("DELETE")
            {
                Err("deletes are not allowed here".to_owned())
            } else {
                Ok(())
            }
        })
        .after_execute(move |ev| {
            a2.lock()
                .unwrap()
                .push((ev.sql.to_owned(), ev.params.to_vec()));
        })
        .build()
        .unwrap();
    let tbl = Tbl::create(&engine, "ev_before");
    let t = tbl.t();
    let ins = insert(&t)
        .columns(["id", "v"])
        .row((1, 10))
        .row((2, 20))
        .row((3, 30));
    let expected_ins = ins.compile(engine.dialect()).unwrap();
    let q = select(t.c("v")).from(&t).filter(t.c("id").eq(2));
    let expected_q = q.compile(engine.dialect()).unwrap();
    seen.lock().unwrap().clear();
    after.lock().unwrap().clear();
    {
        let mut c = engine.connect().unwrap();
        c.execute(&ins).unwrap();
        let v: i64 = c.execute(&q).unwrap().scalar_one().unwrap();
        assert_eq!(v, 20);
        c.commit().unwrap();
    }
    let want = vec![
        (expected_ins.sql.clone(), expected_ins.values().unwrap()),
        (expected_q.sql.clone(), vec![Value::Int(2)]),
    ];
    assert_eq!(*seen.lock().unwrap(), want, "{}", b.name());
    assert_eq!(*after.lock().unwrap(), want, "{}", b.name());
    assert_eq!(
        want[0].1,
        vec![1, 10, 2, 20, 3, 30]
            .into_iter()
            .map(Value::Int)
            .collect::<Vec<_>>()
    );

    // Refused: nothing runs, nothing begins, after_execute does not fire.
    seen.lock().unwrap().clear();
    after.lock().unwrap().clear();
    let del = delete(&t).filter(t.c("id").ge(1));
    let expected_del = del.compile(engine.dialect()).unwrap();
    {
        let mut c = engine.connect().unwrap();
        match c.execute(&del) {
            Err(Error::Rejected(msg)) => assert_eq!(msg, "deletes are not allowed here"),
            other => panic!("{}: expected Error::Rejected, got {other:?}", b.name()),
        }
        assert!(
            !c.in_transaction(),
            "{}: a refused statement begins nothing",
            b.name()
        );
        match c.exec_driver_sql(&format!("DELETE FROM {}", tbl.name), &[]) {
            Err(Error::Rejected(_)) => {}
            other => panic!("{}: raw SQL refused too, got {other:?}", b.name()),
        }
        c.commit().unwrap();
    }
    assert_eq!(
        tbl.count(),
        3,
        "{}: the refused DELETEs did not run",
        b.name()
    );
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 3, "{}: {seen:?}", b.name()); // + the COUNT(*)
        assert_eq!(seen[0], (expected_del.sql.clone(), vec![Value::Int(1)]));
        assert_eq!(seen[1].0, format!("DELETE FROM {}", tbl.name));
    }
    assert_eq!(
        after.lock().unwrap().len(),
        1,
        "{}: only the COUNT(*) ran",
        b.name()
    );

    // A refusal inside a transaction leaves the rest of it alone.
    engine
        .begin(|c| {
            c.execute(&update(&t).set("v", 99).filter(t.c("id").eq(1)))?;
            assert!(matches!(c.execute(&del), Err(Error::Rejected(_))));
            Ok::<(), Error>(())
        })
        .unwrap();
    let mut c = engine.connect().unwrap();
    let v: i64 = c
        .execute(&select(t.c("v")).from(&t).filter(t.c("id").eq(1)))
        .unwrap()
        .scalar_one()
        .unwrap();
    assert_eq!(v, 99, "{}", b.name());
}

#[test]
fn before_execute_sees_sql_and_params_and_can_refuse_sqlite() {
    before_execute_scenario(Backend::Sqlite);
}

#[test]
fn before_execute_sees_sql_and_params_and_can_refuse_postgres() {
    before_execute_scenario(Backend::Postgres);
}

#[test]
fn before_execute_sees_sql_and_params_and_can_refuse_mariadb() {
    before_execute_scenario(Backend::MariaDb);
}

type Timed = Arc<Mutex<Vec<(String, Duration, u64)>>>;

fn after_execute_scenario(b: Backend) {
    let log: Timed = Arc::default();
    let l2 = log.clone();
    let engine = b
        .builder()
        .after_execute(move |ev| {
            l2.lock()
                .unwrap()
                .push((ev.sql.to_owned(), ev.elapsed, ev.rows));
        })
        .build()
        .unwrap();
    let tbl = Tbl::create(&engine, "ev_after");
    let t = tbl.t();
    log.lock().unwrap().clear();
    let mut c = engine.connect().unwrap();
    let ins = insert(&t)
        .columns(["id", "v"])
        .row((1, 10))
        .row((2, 20))
        .row((3, 30));
    assert_eq!(c.execute(&ins).unwrap().rowcount(), 3);
    c.execute(&update(&t).set("v", 0).filter(t.c("id").le(2)))
        .unwrap();
    let rows = c
        .execute(&select(t.c("id")).from(&t).order_by(t.c("id")))
        .unwrap()
        .all()
        .unwrap();
    assert_eq!(rows.len(), 3);
    c.execute(&delete(&t).filter(t.c("id").eq(42))).unwrap();
    let sleep = match b {
        Backend::Sqlite => None,
        Backend::Postgres => Some("SELECT 1 FROM pg_sleep(0.05)"),
        Backend::MariaDb => Some("SELECT SLEEP(0.05)"),
    };
    if let Some(sql) = sleep {
        c.exec_driver_sql(sql, &[]).unwrap();
    }
    // A failing statement: no after_execute.
    assert!(c.execute(&ins).is_err());
    drop(c);

    let log = log.lock().unwrap().clone();
    let rows: Vec<u64> = log.iter().map(|(_, _, r)| *r).collect();
    let mut want = vec![3, 2, 3, 0];
    if sleep.is_some() {
        want.push(1); // one row returned
    }
    assert_eq!(rows, want, "{}: {log:?}", b.name());
    for (sql, elapsed, _) in &log {
        assert!(
            *elapsed > Duration::ZERO && *elapsed < Duration::from_secs(10),
            "{}: {sql}: {elapsed:?}",
            b.name()
        );
    }
    if let Some(sql) = sleep {
        let (s, elapsed, _) = log.last().unwrap();
        assert_eq!(s, sql);
        assert!(
            *elapsed >= Duration::from_millis(45),
            "{}: the sleep took {elapsed:?}",
            b.name()
        );
    }
}

#[test]
fn after_execute_sees_elapsed_and_rows_sqlite() {
    after_execute_scenario(Backend::Sqlite);
}

#[test]
fn after_execute_sees_elapsed_and_rows_postgres() {
    after_execute_scenario(Backend::Postgres);
}

#[test]
fn after_execute_sees_elapsed_and_rows_mariadb() {
    after_execute_scenario(Backend::MariaDb);
}

/// A streamed query: before_execute can refuse it before any row is read, and
/// after_execute fires once the reading ends, with the rows read (an early
/// stop included).
#[test]
fn stream_runs_the_execute_events() {
    for b in Backend::ALL {
        let name = b.name();
        let seen: Timed = Arc::default();
        let s2 = seen.clone();
        let engine = b
            .builder()
            .before_execute(|ev| {
                if ev.sql.contains("refuse_me") {
                    Err("streams are checked too".into())
                } else {
                    Ok(())
                }
            })
            .after_execute(move |ev| {
                s2.lock()
                    .unwrap()
                    .push((ev.sql.to_owned(), ev.elapsed, ev.rows));
            })
            .build()
            .unwrap();
        let tbl = Tbl::create(&engine, "ev_stream");
        let t = tbl.t();
        let mut c = engine.connect().unwrap();
        c.execute(
            &insert(&t)
                .columns(["id", "v"])
                .row((1, 10))
                .row((2, 20))
                .row((3, 30)),
        )
        .unwrap();
        seen.lock().unwrap().clear();
        let all = select(t.c("v")).from(&t).order_by(t.c("id"));
        assert_eq!(c.stream(&all, |_| Ok::<_, Error>(())).unwrap(), 3, "{name}");
        let stopped = c.stream(&all, |row| match row.get::<i64, _>(0)? {
            20 => Err(Error::invalid("enough")),
            _ => Ok(()),
        });
        assert!(matches!(stopped, Err(Error::InvalidStatement(_))), "{name}");
        let refused = c.stream(&select(t.c("v").label("refuse_me")).from(&t), |_| {
            panic!("{name}: a refused statement handed over a row")
        });
        assert!(
            matches!(refused, Err(Error::Rejected(_))),
            "{name}: {refused:?}"
        );
        let rows: Vec<u64> = seen.lock().unwrap().iter().map(|(_, _, r)| *r).collect();
        assert_eq!(rows, [3, 2], "{name}");
    }
}

// ---------------------------------------------------------------------------
// on_checkout / on_checkin

fn checkout_checkin_scenario(b: Backend) {
    let (outs, on_out) = counter();
    let (ins, on_in) = counter();
    let engine = b
        .builder()
        .pool_timeout(Duration::from_millis(300))
        .on_checkout(on_out)
        .on_checkin(on_in)
        .build()
        .unwrap();
    let a = engine.connect().unwrap();
    assert_eq!((get(&outs), get(&ins)), (1, 0), "{}", b.name());
    if b == Backend::Sqlite {
        // The static pool's one connection is out: a failed checkout fires nothing.
        assert!(matches!(engine.connect(), Err(Error::PoolTimeout { .. })));
        assert_eq!((get(&outs), get(&ins)), (1, 0));
        drop(a);
    } else {
        let b2 = engine.connect().unwrap();
        assert_eq!((get(&outs), get(&ins)), (2, 0), "{}", b.name());
        drop(a);
        assert_eq!((get(&outs), get(&ins)), (2, 1), "{}", b.name());
        b2.close();
    }
    let base = get(&outs);
    assert_eq!(get(&ins), base, "{}", b.name());
    engine
        .begin(|c| {
            assert_eq!((get(&outs), get(&ins)), (base + 1, base));
            c.execute(&select(lit(1)))
        })
        .unwrap();
    assert_eq!(
        (get(&outs), get(&ins)),
        (base + 1, base + 1),
        "{}",
        b.name()
    );
    // An Err in begin returns the connection too.
    let _: sqlcraft::Result<()> = engine.begin(|_| Err(Error::invalid("no")));
    assert_eq!(
        (get(&outs), get(&ins)),
        (base + 2, base + 2),
        "{}",
        b.name()
    );
    for _ in 0..10 {
        let mut c = engine.connect().unwrap();
        c.execute(&select(lit(1))).unwrap();
    }
    assert_eq!(
        (get(&outs), get(&ins)),
        (base + 12, base + 12),
        "{}",
        b.name()
    );
}

#[test]
fn checkout_and_checkin_events_match_connections_sqlite() {
    checkout_checkin_scenario(Backend::Sqlite);
}

#[test]
fn checkout_and_checkin_events_match_connections_postgres() {
    checkout_checkin_scenario(Backend::Postgres);
}

// ---------------------------------------------------------------------------
// Echo

#[derive(Debug, Clone)]
struct Rec {
    thread: ThreadId,
    target: String,
    level: log::Level,
    msg: String,
}

struct Capture(Mutex<Vec<Rec>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(Rec {
            thread: std::thread::current().id(),
            target: record.target().to_owned(),
            level: record.level(),
            msg: record.args().to_string(),
        });
    }
    fn flush(&self) {}
}

/// The process-wide capturing logger, installed once. (`log::set_boxed_logger`
/// needs log's `alloc` feature, which the workspace does not enable; a leaked
/// box through `set_logger` is the same thing.)
fn capture() -> &'static Capture {
    static LOGGER: OnceLock<&'static Capture> = OnceLock::new();
    LOGGER.get_or_init(|| {
        let logger: &'static Capture = Box::leak(Box::new(Capture(Mutex::new(Vec::new()))));
        log::set_logger(logger).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Trace);
        logger
    })
}

/// The `sqlcraft.engine` records logged on this thread so far, from `from` on.
fn records_since(from: usize) -> Vec<Rec> {
    let me = std::thread::current().id();
    capture().0.lock().unwrap()[from..]
        .iter()
        .filter(|r| r.thread == me && r.target == "sqlcraft.engine")
        .cloned()
        .collect()
}

fn mark() -> usize {
    capture().0.lock().unwrap().len()
}

/// `[generated in 0.00021s] rest` → ("generated in", 0.00021, "rest").
fn badge(line: &str) -> (String, f64, String) {
    assert!(line.starts_with('['), "not a badge line: {line:?}");
    let end = line
        .find("] ")
        .unwrap_or_else(|| panic!("no badge end: {line:?}"));
    let inner = &line[1..end];
    let rest = line[end + 2..].to_owned();
    let (words, secs) = if let Some(x) = inner.strip_prefix("generated in ") {
        ("generated in", x.strip_suffix('s').expect("seconds"))
    } else if let Some(x) = inner.strip_prefix("cached since ") {
        (
            "cached since",
            x.strip_suffix("s ago").expect("seconds ago"),
        )
    } else {
        panic!("unknown badge {inner:?}")
    };
    let secs: f64 = secs
        .parse()
        .unwrap_or_else(|_| panic!("not seconds: {secs:?}"));
    (words.to_owned(), secs, rest)
}

fn echo_scenario(b: Backend) {
    let marker = unique("echo_marker");
    // SQLite on a file, so that the quiet engine below sees the same table.
    let file = SqliteFile::new();
    let builder = || match b {
        Backend::Sqlite => sqlcraft_sqlite::engine_builder(&file.url()).unwrap(),
        _ => b.builder(),
    };
    let engine = builder().echo(true).build().unwrap();
    let tbl = Tbl::create(&engine, "ev_echo");
    let t = tbl.t();
    let q = |tag: &str| {
        select(t.c("id"))
            .from(&t)
            .filter(t.c("s").eq(format!("{marker}-{tag}")))
    };
    let sql = q("a").compile(engine.dialect()).unwrap().sql;
    let from = mark();
    {
        let mut c = engine.connect().unwrap();
        assert!(c.execute(&q("a")).unwrap().all().unwrap().is_empty());
        std::thread::sleep(Duration::from_millis(20));
        assert!(c.execute(&q("b")).unwrap().all().unwrap().is_empty());
    }
    let recs = records_since(from);
    let lines: Vec<&str> = recs.iter().map(|r| r.msg.as_str()).collect();
    // As SQLAlchemy: the implicit BEGIN, each statement with its badge, and the
    // ROLLBACK of the reset when the connection goes back uncommitted.
    assert_eq!(lines.len(), 6, "{}: {lines:#?}", b.name());
    for r in &recs {
        assert_eq!(r.level, log::Level::Info, "{r:?}");
    }
    assert_eq!(lines[0], "BEGIN (implicit)", "{}", b.name());
    assert_eq!(lines[1], sql, "{}", b.name());
    assert_eq!(lines[3], sql, "{}", b.name());
    assert_eq!(lines[5], "ROLLBACK", "{}", b.name());
    let (w1, s1, p1) = badge(lines[2]);
    let (w2, s2, p2) = badge(lines[4]);
    assert_eq!(w1, "generated in", "{}: {}", b.name(), lines[2]);
    assert_eq!(w2, "cached since", "{}: {}", b.name(), lines[4]);
    assert!((0.0..5.0).contains(&s1), "{}", lines[2]);
    assert!(
        (0.015..30.0).contains(&s2),
        "the entry's age covers the 20 ms sleep: {}",
        lines[4]
    );
    assert_eq!(p1, format!("{:?}", [Value::from(format!("{marker}-a"))]));
    assert_eq!(p2, format!("{:?}", [Value::from(format!("{marker}-b"))]));

    // Raw SQL gets its own badge.
    let from = mark();
    {
        let mut c = engine.connect().unwrap();
        let raw = format!("SELECT COUNT(*) FROM {}", tbl.name);
        c.exec_driver_sql(&raw, &[]).unwrap();
        let recs = records_since(from);
        let lines: Vec<&str> = recs.iter().map(|r| r.msg.as_str()).collect();
        assert_eq!(
            lines,
            vec!["BEGIN (implicit)", raw.as_str(), "[raw sql] []"],
            "{}",
            b.name()
        );
        c.commit().unwrap();
        assert_eq!(records_since(from).last().unwrap().msg, "COMMIT");
    }

    // Echo off: nothing is logged for that engine.
    let quiet = builder().build().unwrap();
    let from = mark();
    {
        let mut c = quiet.connect().unwrap();
        c.execute(&q("c")).unwrap();
        c.execute(&q("d")).unwrap();
        c.exec_driver_sql(&format!("SELECT COUNT(*) FROM {}", tbl.name), &[])
            .unwrap();
        c.commit().unwrap();
    }
    let all = capture().0.lock().unwrap()[from..].to_vec();
    let leaked: Vec<&Rec> = all
        .iter()
        .filter(|r| r.target.starts_with("sqlcraft"))
        .filter(|r| r.msg.contains(&marker) || r.msg.contains(&tbl.name))
        .collect();
    assert!(
        leaked.is_empty(),
        "{}: logged with echo off: {leaked:#?}",
        b.name()
    );
    assert!(records_since(from).is_empty(), "{}", b.name());

    // A connection's execution options turn echo on for it alone.
    let from = mark();
    {
        let mut c = quiet.connect().unwrap();
        c.set_execution_options(ExecutionOptions {
            echo: true,
            ..ExecutionOptions::default()
        });
        c.execute(&q("e")).unwrap();
    }
    let recs = records_since(from);
    assert_eq!(recs.len(), 4, "{}: {recs:#?}", b.name());
    assert_eq!(recs[0].msg, "BEGIN (implicit)");
    assert_eq!(recs[1].msg, sql);
    assert!(
        recs[2].msg.starts_with("[cached since "),
        "{}: the quiet engine compiled this shape already: {}",
        b.name(),
        recs[2].msg
    );
    assert_eq!(recs[3].msg, "ROLLBACK");

    // Savepoints are logged as the SQL that runs them.
    let from = mark();
    {
        let mut c = engine.connect().unwrap();
        let sp = c.begin_nested().unwrap();
        sp.commit().unwrap();
        let sp = c.begin_nested().unwrap();
        sp.rollback().unwrap();
        c.commit().unwrap();
    }
    let lines: Vec<String> = records_since(from).into_iter().map(|r| r.msg).collect();
    assert_eq!(
        lines,
        [
            "BEGIN (implicit)",
            "SAVEPOINT sa_savepoint_1",
            "RELEASE SAVEPOINT sa_savepoint_1",
            "SAVEPOINT sa_savepoint_2",
            "ROLLBACK TO SAVEPOINT sa_savepoint_2",
            "COMMIT",
        ],
        "{}",
        b.name()
    );
}

#[test]
fn echo_logs_sql_badge_and_params_sqlite() {
    echo_scenario(Backend::Sqlite);
}

#[test]
fn echo_logs_sql_badge_and_params_postgres() {
    echo_scenario(Backend::Postgres);
}

#[test]
fn echo_logs_sql_badge_and_params_mariadb() {
    echo_scenario(Backend::MariaDb);
}

#[test]
fn echo_with_cache_disabled_says_so() {
    let engine = Backend::Sqlite
        .builder()
        .echo(true)
        .cache_size(0)
        .build()
        .unwrap();
    let from = mark();
    let mut c = engine.connect().unwrap();
    c.execute(&select(lit(7))).unwrap();
    let recs = records_since(from);
    assert_eq!(recs.len(), 3, "{recs:#?}");
    assert_eq!(recs[0].msg, "BEGIN (implicit)");
    assert_eq!(recs[2].msg, "[caching disabled] [Int(7)]");
}

// ---------------------------------------------------------------------------
// The compilation cache as the default path

fn cache_scenario(b: Backend) {
    let engine = b.engine();
    let tbl = Tbl::create(&engine, "ev_cache");
    let t = tbl.t();
    let s = engine.cache_stats();
    assert_eq!(
        (s.hits, s.misses, s.len),
        (0, 0, 0),
        "{}: DDL through exec_driver_sql does not touch the cache",
        b.name()
    );
    let by_id = |id: i64| select(t.c("v")).from(&t).filter(t.c("id").eq(id));
    let mut c = engine.connect().unwrap();
    c.execute(&insert(&t).value("id", 1).value("v", 10))
        .unwrap();
    c.execute(&insert(&t).value("id", 2).value("v", 20))
        .unwrap();
    let s = engine.cache_stats();
    assert_eq!((s.misses, s.hits, s.len), (1, 1, 1), "{}: {s:?}", b.name());
    let v: i64 = c.execute(&by_id(1)).unwrap().scalar_one().unwrap();
    assert_eq!(v, 10);
    let s = engine.cache_stats();
    assert_eq!((s.misses, s.hits, s.len), (2, 1, 2), "{}: {s:?}", b.name());
    // Same shape, different values: hits, and the right rows.
    let v: i64 = c.execute(&by_id(2)).unwrap().scalar_one().unwrap();
    assert_eq!(v, 20);
    assert!(c.execute(&by_id(3)).unwrap().first().unwrap().is_none());
    let s = engine.cache_stats();
    assert_eq!((s.misses, s.hits, s.len), (2, 3, 2), "{}: {s:?}", b.name());
    c.commit().unwrap();
    drop(c);
    // Shared by every connection of the engine.
    let mut c2 = engine.connect().unwrap();
    let v: i64 = c2.execute(&by_id(1)).unwrap().scalar_one().unwrap();
    assert_eq!(v, 10);
    let s = engine.cache_stats();
    assert_eq!((s.misses, s.hits), (2, 4), "{}: {s:?}", b.name());
    // text() is compiled fresh each time and counted as uncacheable.
    let n: i64 = c2
        .execute(&text(&format!("SELECT COUNT(*) FROM {}", tbl.name)))
        .unwrap()
        .scalar_one()
        .unwrap();
    assert_eq!(n, 2);
    let s = engine.cache_stats();
    assert_eq!(
        (s.misses, s.hits, s.uncacheable),
        (2, 4, 1),
        "{}: {s:?}",
        b.name()
    );
    // no_cache bypasses it.
    c2.execute_with_options(
        &by_id(1),
        &[],
        ExecutionOptions {
            no_cache: true,
            ..ExecutionOptions::default()
        },
    )
    .unwrap();
    assert_eq!(engine.cache_stats(), s, "{}", b.name());

    // One statement built once and executed with new bindparam values: from its
    // second execution on it keeps its entry (the memo); every row is right.
    let prebuilt = select(t.c("v"))
        .from(&t)
        .filter(t.c("id").eq(bindparam("id")));
    for (id, want) in [
        (1, Some(10)),
        (2, Some(20)),
        (3, None),
        (2, Some(20)),
        (1, Some(10)),
    ] {
        let got: Option<i64> = c2
            .execute_with(&prebuilt, &[("id", Value::Int(id))])
            .unwrap()
            .scalar()
            .unwrap();
        assert_eq!(got, want, "{}: id {id}", b.name());
    }
    let after = engine.cache_stats();
    assert_eq!(
        (after.misses, after.hits),
        (s.misses + 1, s.hits + 4),
        "{}: {after:?}",
        b.name()
    );
    // Built per call, with values of its own and a bindparam: a cache hit binds
    // both in placeholder order, and the named parameter's errors hold on a hit
    // as on a miss.
    let mixed = |min: i64| {
        select(t.c("v"))
            .from(&t)
            .filter(t.c("v").gt(min).and(t.c("id").eq(bindparam("id"))))
    };
    for (min, id, want) in [(5, 2, Some(20)), (15, 1, None), (15, 2, Some(20))] {
        let got: Option<i64> = c2
            .execute_with(&mixed(min), &[("id", Value::Int(id))])
            .unwrap()
            .scalar()
            .unwrap();
        assert_eq!(got, want, "{}: v > {min}, id {id}", b.name());
        assert_eq!(
            c2.execute_with(&mixed(min), &[]).unwrap_err(),
            Error::MissingBindParam { name: "id".into() },
            "{}",
            b.name()
        );
        assert_eq!(
            c2.execute_with(
                &mixed(min),
                &[("id", Value::Int(id)), ("idd", Value::Int(1))]
            )
            .unwrap_err(),
            Error::UnknownBindParam { name: "idd".into() },
            "{}",
            b.name()
        );
        assert!(
            matches!(
                c2.execute_with(&mixed(min), &[("id", Value::list([1, 2]))]),
                Err(Error::InvalidStatement(_))
            ),
            "{}",
            b.name()
        );
    }
    // A builder method makes a new statement, compiled as such.
    let narrowed = prebuilt.filter(t.c("v").gt(15));
    let got: Option<i64> = c2
        .execute_with(&narrowed, &[("id", Value::Int(1))])
        .unwrap()
        .scalar()
        .unwrap();
    assert_eq!(got, None, "{}", b.name());
    drop(c2);

    // cache_size(0) disables it: nothing counted, results unchanged.
    let off = b.builder().cache_size(0).build().unwrap();
    let tbl = Tbl::create(&off, "ev_cache_off");
    let t = tbl.t();
    let by_id = |id: i64| select(t.c("v")).from(&t).filter(t.c("id").eq(id));
    let mut c = off.connect().unwrap();
    for (id, v) in [(1, 10), (2, 20)] {
        c.execute(&insert(&t).value("id", id).value("v", v))
            .unwrap();
    }
    for (id, want) in [(1, Some(10)), (2, Some(20)), (1, Some(10)), (9, None)] {
        let got: Option<i64> = c.execute(&by_id(id)).unwrap().scalar().unwrap();
        assert_eq!(got, want, "{}", b.name());
    }
    let s = off.cache_stats();
    assert_eq!(
        (s.hits, s.misses, s.len, s.evictions),
        (0, 0, 0, 0),
        "{}: {s:?}",
        b.name()
    );
}

#[test]
fn cache_is_the_default_path_sqlite() {
    cache_scenario(Backend::Sqlite);
}

#[test]
fn cache_is_the_default_path_postgres() {
    cache_scenario(Backend::Postgres);
}

#[test]
fn cache_is_the_default_path_mariadb() {
    cache_scenario(Backend::MariaDb);
}

fn many_rows() -> Vec<Vec<(&'static str, Value)>> {
    (1..=3)
        .map(|i| vec![("id", Value::Int(i)), ("v", Value::Int(i * 10))])
        .collect()
}

/// `execute_many` compiles what it runs: three sets go out as one short page,
/// compiled fresh (a page of each length would crowd the cache); a set run
/// alone compiles the one-row statement through the cache, once.
#[test]
fn execute_many_compiles_once() {
    let engine = Backend::Sqlite.engine();
    let tbl = Tbl::create(&engine, "ev_many");
    let t = tbl.t();
    let stmt = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let mut c = engine.connect().unwrap();
    assert_eq!(c.execute_many(&stmt, &many_rows()).unwrap(), 3);
    let s = engine.cache_stats();
    assert_eq!((s.misses, s.hits, s.len), (0, 0, 0), "{s:?}");
    for (id, hits) in [(4, 0), (5, 1)] {
        let more = vec![vec![("id", Value::Int(id)), ("v", Value::Int(id * 10))]];
        assert_eq!(c.execute_many(&stmt, &more).unwrap(), 1);
        let s = engine.cache_stats();
        assert_eq!((s.misses, s.hits), (1, hits), "{s:?}");
    }
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.count(), 5);
}

/// A statement with more parameters than the engine allows is a typed error,
/// through the cache (whose lookup renders the values straight to the engine's
/// buffer) as on a fresh compile; it is never cached and nothing is sent.
#[test]
fn too_many_parameters_is_a_typed_error() {
    let engine = Backend::Sqlite.engine();
    let tbl = Tbl::create(&engine, "ev_params");
    let t = tbl.t();
    // 16,400 rows of two values: 32,800 parameters, over SQLite's 32,766.
    let big = || (0..16_400i64).fold(insert(&t).columns(["id", "v"]), |q, i| q.row((i, i)));
    let limit = |e: &Error| matches!(e, Error::InvalidStatement(m) if m.contains("32800 parameters") && m.contains("at most 32766"));
    let mut c = engine.connect().unwrap();
    for _ in 0..2 {
        let e = c.execute(&big()).unwrap_err();
        assert!(limit(&e), "{e}");
    }
    let e = big().compile(engine.dialect()).unwrap_err();
    assert!(limit(&e), "{e}");
    assert_eq!(engine.cache_stats().len, 0, "{:?}", engine.cache_stats());
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.count(), 0);
}

/// Echo of `execute_many`: every execution runs the compiled (and cached)
/// statement, so none should carry the `[raw sql]` badge that
/// `exec_driver_sql` uses. An UPDATE runs once per set.
#[test]
fn echo_of_execute_many_keeps_the_cache_badge() {
    let engine = Backend::Sqlite.builder().echo(true).build().unwrap();
    let tbl = Tbl::create(&engine, "ev_many_echo");
    let t = tbl.t();
    let mut c = engine.connect().unwrap();
    c.execute(
        &insert(&t)
            .columns(["id", "v"])
            .row((1, 0))
            .row((2, 0))
            .row((3, 0)),
    )
    .unwrap();
    let stmt = update(&t)
        .set("v", bindparam("v"))
        .filter(t.c("id").eq(bindparam("id")));
    let sql = stmt.compile(engine.dialect()).unwrap().sql;
    let from = mark();
    assert_eq!(c.execute_many(&stmt, &many_rows()).unwrap(), 3);
    let recs = records_since(from);
    let lines: Vec<&str> = recs.iter().map(|r| r.msg.as_str()).collect();
    assert!(lines.len() > 1);
    assert_eq!(lines[0], sql);
    assert_eq!(lines.iter().filter(|l| **l == sql).count(), 3, "{lines:#?}");
    let badges: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with('['))
        .collect();
    assert!(
        badges[0].starts_with("[generated in "),
        "first badge: {}",
        badges[0]
    );
    assert!(
        badges.iter().all(|b| !b.starts_with("[raw sql]")),
        "a compiled statement logged as raw SQL: {lines:#?}"
    );
    assert_eq!(badges.len(), 3, "{lines:#?}");
    assert!(
        badges[1..].iter().all(|b| b.starts_with("[cached since ")),
        "{badges:?}"
    );
}

// ---------------------------------------------------------------------------
// execute_many in multi-row VALUES pages ("insertmanyvalues")

/// The SQL and parameter count of every statement an engine executes.
type Executed = Arc<Mutex<Vec<(String, usize)>>>;

fn recording_engine(b: Backend) -> (Engine, Executed) {
    let seen: Executed = Arc::default();
    let s2 = seen.clone();
    let engine = b
        .builder()
        .before_execute(move |ev| {
            s2.lock()
                .unwrap()
                .push((ev.sql.to_owned(), ev.params.len()));
            Ok(())
        })
        .build()
        .unwrap();
    (engine, seen)
}

fn taken(seen: &Executed) -> Vec<(String, usize)> {
    std::mem::take(&mut *seen.lock().unwrap())
}

fn id_v_sets(ids: std::ops::Range<i64>) -> Vec<Vec<(&'static str, Value)>> {
    ids.map(|i| vec![("v", Value::Int(i * 2)), ("id", Value::Int(i))])
        .collect()
}

/// A one-row INSERT goes out in pages of 1,000 sets; full pages share one
/// cached form, a shorter last page is compiled fresh, a last single set uses
/// the one-row statement; every row lands with its own values.
fn execute_many_pages_scenario(b: Backend) {
    let (engine, seen) = recording_engine(b);
    let tbl = Tbl::create(&engine, "ev_pages");
    let t = tbl.t();
    // Three parameters a row: two named, one the statement's own value.
    let stmt = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"))
        .value("s", "same");
    let single = stmt.compile(engine.dialect()).unwrap().sql;
    let mut c = engine.connect().unwrap();
    taken(&seen);
    assert_eq!(c.execute_many(&stmt, &id_v_sets(1..2502)).unwrap(), 2501);
    let runs = taken(&seen);
    let counts: Vec<usize> = runs.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [3000, 3000, 1503], "{}", b.name());
    assert_eq!(runs[0].0, runs[1].0, "{}", b.name());
    assert_ne!(runs[0].0, single, "{}", b.name());
    let misses = engine.cache_stats().misses;
    assert_eq!(c.execute_many(&stmt, &id_v_sets(3000..5001)).unwrap(), 2001);
    let runs = taken(&seen);
    let counts: Vec<usize> = runs.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [3000, 3000, 3], "{}", b.name());
    assert_eq!(runs[2].0, single, "{}", b.name());
    // The full page's form came from the cache; the one-row statement, run
    // alone for the first time, is the one new entry.
    assert_eq!(
        engine.cache_stats().misses,
        misses + 1,
        "{}: the second batch compiled more than its one-row statement into the cache",
        b.name()
    );
    c.commit().unwrap();
    let q = select((t.c("id"), t.c("v"), t.c("s")))
        .from(&t)
        .order_by(t.c("id"));
    let rows = c.execute(&q).unwrap().all().unwrap();
    let expected: Vec<i64> = (1..2502).chain(3000..5001).collect();
    assert_eq!(rows.len(), expected.len(), "{}", b.name());
    for (row, id) in rows.iter().zip(expected) {
        assert_eq!(
            (row.get::<i64, _>(0).unwrap(), row.get::<i64, _>(1).unwrap()),
            (id, id * 2),
            "{}",
            b.name()
        );
        assert_eq!(row.get::<String, _>(2).unwrap(), "same", "{}", b.name());
    }
}

/// RETURNING through pages: every set's row comes back, in the order the
/// sets were given, and a page of two rows is not confused with two sets.
fn execute_many_returning_scenario(b: Backend) {
    let (engine, seen) = recording_engine(b);
    let tbl = Tbl::create(&engine, "ev_pages_ret");
    let t = tbl.t();
    let stmt = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"))
        // No parameter outside the row (`+ 1` would be one: once per set).
        .returning([t.c("id"), t.c("v") * t.c("id")]);
    let mut c = engine.connect().unwrap();
    taken(&seen);
    let result = c
        .execute_many_returning(&stmt, &id_v_sets(1..2002))
        .unwrap();
    assert_eq!(result.rowcount(), 2001, "{}", b.name());
    assert_eq!(result.last_insert_id(), None, "{}", b.name());
    let got: Vec<(i64, i64)> = result
        .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
        .collect();
    let expected: Vec<(i64, i64)> = (1..2002).map(|i| (i, i * i * 2)).collect();
    assert_eq!(got, expected, "{}", b.name());
    let counts: Vec<usize> = taken(&seen).iter().map(|(_, n)| *n).take(5).collect();
    assert_eq!(counts, [2000, 2000, 2], "{}", b.name());
    // No RETURNING: no rows, the count still adds up.
    let plain = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let result = c
        .execute_many_returning(&plain, &id_v_sets(5000..5003))
        .unwrap();
    assert_eq!(result.rowcount(), 3, "{}", b.name());
    assert_eq!(result.count(), 0, "{}", b.name());
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.count(), 2004, "{}", b.name());
}

/// `insert_many` and `execute_many` build and compile a full page once per
/// call and reuse it, but a client-side default function still runs for every
/// row: a page holding values made per execution is rendered again for every
/// page. Pages of 1,000 rows (three parameters a row with the default), a
/// shorter last one. A statement run once a set (a parameter outside the row)
/// makes its default afresh for every set too. (`execute_many` also calls the
/// function while compiling the one-row statement and a two-row probe page,
/// values that are never sent.)
fn paged_defaults_scenario(b: Backend) {
    let (engine, seen) = recording_engine(b);
    let name = unique("ev_pages_default");
    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    let mut meta = MetaData::new();
    let t = meta
        .table(&name, |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("v", SqlType::Integer);
            t.column("g", SqlType::Integer)
                .default_fn(move || Value::Int(counter.fetch_add(1, Ordering::SeqCst) as i64 + 1));
        })
        .unwrap();
    meta.create_all(&engine).unwrap();
    let mut c = engine.connect().unwrap();
    taken(&seen);
    let rows = (1..=2500i64).map(|i| vec![Value::Int(i), Value::Int(i * 2)]);
    assert_eq!(c.insert_many(&t, &["id", "v"], rows).unwrap(), 2500);
    let counts: Vec<usize> = taken(&seen).iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [3000, 3000, 1500], "{}: insert_many", b.name());
    assert_eq!(
        made.load(Ordering::SeqCst),
        2500,
        "{}: insert_many calls the default once a row",
        b.name()
    );
    let stmt = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let sets: Vec<Vec<(&str, Value)>> = (2501..=5000i64)
        .map(|i| vec![("id", Value::Int(i)), ("v", Value::Int(i * 2))])
        .collect();
    assert_eq!(c.execute_many(&stmt, &sets).unwrap(), 2500);
    let counts: Vec<usize> = taken(&seen).iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [3000, 3000, 1500], "{}: execute_many", b.name());
    // Sizing the pages makes no value that is not sent.
    assert_eq!(
        made.load(Ordering::SeqCst),
        5000,
        "{}: execute_many calls the default once a row",
        b.name()
    );
    // A parameter outside the row (in the DO UPDATE): one execution a set.
    let per_set = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"))
        .on_conflict(OnConflict::columns(["id"]).do_update([("v", bindparam("fixed"))]));
    let sets: Vec<Vec<(&str, Value)>> = (5001..=5003i64)
        .map(|i| {
            vec![
                ("id", Value::Int(i)),
                ("v", Value::Int(i * 2)),
                ("fixed", Value::Int(0)),
            ]
        })
        .collect();
    assert_eq!(c.execute_many(&per_set, &sets).unwrap(), 3);
    assert_eq!(taken(&seen).len(), 3, "{}: one execution a set", b.name());
    assert_eq!(
        made.load(Ordering::SeqCst),
        5003,
        "{}: once a set, run one at a time",
        b.name()
    );
    c.commit().unwrap();
    let q = select((
        func::count_star(),
        func::count(t.c("g").distinct()),
        func::max(t.c("g")),
    ))
    .from(&t);
    let counts: (i64, i64, i64) = c.execute(&q).unwrap().one().unwrap().decode().unwrap();
    let q = select(func::count_star())
        .from(&t)
        .filter(t.c("v").ne(t.c("id") * 2));
    let wrong: i64 = c.execute(&q).unwrap().scalar_one().unwrap();
    assert_eq!(
        (counts, wrong),
        ((5003, 5003, 5003), 0),
        "{}: one default per row, no value skipped, every row its own values",
        b.name()
    );
    drop(c);
    meta.drop_all(&engine).unwrap();
}

#[test]
fn paged_defaults_sqlite() {
    paged_defaults_scenario(Backend::Sqlite);
}

#[test]
fn paged_defaults_postgres() {
    paged_defaults_scenario(Backend::Postgres);
}

#[test]
fn paged_defaults_mariadb() {
    paged_defaults_scenario(Backend::MariaDb);
}

#[test]
fn execute_many_returning_sqlite() {
    execute_many_returning_scenario(Backend::Sqlite);
}

#[test]
fn execute_many_returning_postgres() {
    execute_many_returning_scenario(Backend::Postgres);
}

#[test]
fn execute_many_returning_mariadb() {
    execute_many_returning_scenario(Backend::MariaDb);
}

/// Echo of paged `execute_many`: each page carries its own compile's badge
/// (the first full page generated, the next found in the cache), and the last,
/// single set the one-row statement's, compiled when it first runs alone.
#[test]
fn echo_of_execute_many_pages() {
    let engine = Backend::Sqlite.builder().echo(true).build().unwrap();
    let tbl = Tbl::create(&engine, "ev_pages_echo");
    let t = tbl.t();
    let stmt = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let from = mark();
    let mut c = engine.connect().unwrap();
    assert_eq!(c.execute_many(&stmt, &id_v_sets(1..2002)).unwrap(), 2001);
    let recs = records_since(from);
    let badges: Vec<&str> = recs
        .iter()
        .map(|r| r.msg.as_str())
        .filter(|l| l.starts_with('['))
        .collect();
    assert_eq!(badges.len(), 3, "{badges:#?}");
    assert!(badges[0].starts_with("[generated in "), "{badges:?}");
    assert!(badges[1].starts_with("[cached since "), "{badges:?}");
    assert!(badges[2].starts_with("[generated in "), "{badges:?}");
}

/// A connection told `no_cache` keeps `execute_many` out of the cache too, pages
/// included.
#[test]
fn execute_many_respects_no_cache() {
    let engine = Backend::Sqlite.engine();
    let tbl = Tbl::create(&engine, "ev_pages_nocache");
    let t = tbl.t();
    let stmt = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let mut c = engine.connect().unwrap();
    c.set_execution_options(ExecutionOptions {
        no_cache: true,
        ..Default::default()
    });
    assert_eq!(c.execute_many(&stmt, &id_v_sets(1..2502)).unwrap(), 2501);
    assert_eq!(engine.cache_stats().len, 0, "{:?}", engine.cache_stats());
    c.commit().unwrap();
    drop(c);
    assert_eq!(tbl.count(), 2501);
}

#[test]
fn execute_many_sends_inserts_in_pages_sqlite() {
    execute_many_pages_scenario(Backend::Sqlite);
}

#[test]
fn execute_many_sends_inserts_in_pages_postgres() {
    execute_many_pages_scenario(Backend::Postgres);
}

#[test]
fn execute_many_sends_inserts_in_pages_mariadb() {
    execute_many_pages_scenario(Backend::MariaDb);
}

/// An upsert whose update reads the row's values pages too; one with a
/// parameter outside the row (its DO UPDATE) runs once per set, since a page
/// would bind that parameter once for all rows. A set missing a name in the
/// second page is an error, and the transaction keeps none of the first.
fn execute_many_upserts_and_errors_scenario(b: Backend) {
    let (engine, seen) = recording_engine(b);
    let tbl = Tbl::create(&engine, "ev_pages_up");
    let t = tbl.t();
    let mut c = engine.connect().unwrap();
    c.execute(&insert(&t).columns(["id", "v"]).row((1, 0)).row((2, 0)))
        .unwrap();
    c.commit().unwrap();
    let row = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let paged = row
        .clone()
        .on_conflict(OnConflict::columns(["id"]).do_update([("v", excluded("v"))]));
    taken(&seen);
    c.execute_many(&paged, &id_v_sets(1..4)).unwrap();
    assert_eq!(taken(&seen).len(), 1, "{}: one page", b.name());
    let per_set =
        row.on_conflict(OnConflict::columns(["id"]).do_update([("v", bindparam("fixed"))]));
    let sets: Vec<Vec<(&str, Value)>> = (2..5)
        .map(|i| {
            vec![
                ("id", Value::Int(i)),
                ("v", Value::Int(i * 2)),
                ("fixed", Value::Int(-i)),
            ]
        })
        .collect();
    c.execute_many(&per_set, &sets).unwrap();
    let runs = taken(&seen);
    assert_eq!(runs.len(), 3, "{}: once per set", b.name());
    assert!(runs.iter().all(|(_, n)| *n == 3), "{}: {runs:?}", b.name());
    c.commit().unwrap();
    let q = select((t.c("id"), t.c("v"))).from(&t).order_by(t.c("id"));
    let got: Vec<(i64, i64)> = c
        .execute(&q)
        .unwrap()
        .all()
        .unwrap()
        .iter()
        .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
        .collect();
    // 1 from the paged upsert; 2 and 3 updated to -id; 4 inserted.
    assert_eq!(got, [(1, 2), (2, -2), (3, -3), (4, 8)], "{}", b.name());
    drop(c);

    let plain = insert(&t)
        .value("id", bindparam("id"))
        .value("v", bindparam("v"));
    let mut sets = id_v_sets(100..2100);
    sets[1500].retain(|(name, _)| *name != "v");
    let err = engine
        .begin(|conn| conn.execute_many(&plain, &sets))
        .unwrap_err();
    assert!(
        matches!(&err, Error::MissingBindParam { name } if name == "v"),
        "{}: {err}",
        b.name()
    );
    let runs = taken(&seen);
    let inserts: Vec<&(String, usize)> = runs
        .iter()
        .filter(|(sql, _)| sql.starts_with("INSERT"))
        .collect();
    assert_eq!(
        inserts.len(),
        1,
        "{}: the first page ran: {runs:?}",
        b.name()
    );
    assert_eq!(inserts[0].1, 2000, "{}", b.name());
    assert_eq!(
        tbl.count(),
        4,
        "{}: the first page was rolled back",
        b.name()
    );
}

#[test]
fn execute_many_upserts_and_errors_sqlite() {
    execute_many_upserts_and_errors_scenario(Backend::Sqlite);
}

#[test]
fn execute_many_upserts_and_errors_postgres() {
    execute_many_upserts_and_errors_scenario(Backend::Postgres);
}

#[test]
fn execute_many_upserts_and_errors_mariadb() {
    execute_many_upserts_and_errors_scenario(Backend::MariaDb);
}
