//! The SQLite driver adapter against a real (bundled) SQLite: values, errors, row
//! counts, RETURNING, the statement cache, transactions, URL options, and
//! statements compiled by sqlcraft.

#![cfg(feature = "driver")]

use sqlcraft::engine::{
    DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Outcome, Url,
};
use sqlcraft::prelude::*;
use sqlcraft_sqlite::{Sqlite, SqliteConnection, SqliteDriver};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn url(s: &str) -> Url {
    s.parse().unwrap()
}

fn mem() -> SqliteConnection {
    SqliteConnection::open(&url("sqlite://")).unwrap()
}

fn run(c: &mut dyn DriverConnection, sql: &str, params: &[Value]) -> Outcome {
    c.run(sql, params).unwrap_or_else(|e| panic!("{e}"))
}

fn script(c: &mut dyn DriverConnection, sql: &str) {
    c.run_script(sql).unwrap_or_else(|e| panic!("{e}"));
}

fn scalar(c: &mut dyn DriverConnection, sql: &str, params: &[Value]) -> Value {
    let out = run(c, sql, params);
    assert_eq!(out.rows.len(), 1, "{sql}");
    out.rows[0][0].clone()
}

fn count(c: &mut dyn DriverConnection, table: &str) -> i64 {
    match scalar(c, &format!("SELECT count(*) FROM {table}"), &[]) {
        Value::Int(n) => n,
        other => panic!("{other:?}"),
    }
}

fn fails(c: &mut dyn DriverConnection, sql: &str, params: &[Value]) -> DbError {
    let e = c.run(sql, params).expect_err(sql);
    assert_eq!(e.sql.as_deref(), Some(sql), "the SQL is attached: {e}");
    e
}

/// Runs a statement compiled by sqlcraft.
fn exec(c: &mut dyn DriverConnection, stmt: &impl Compile) -> Outcome {
    let compiled = stmt.compile(&Sqlite).unwrap();
    run(c, &compiled.sql, &compiled.values().unwrap())
}

/// A database file in the temp dir, removed (with its journal/WAL files) on drop.
struct TempDb(PathBuf);

impl TempDb {
    fn new(tag: &str) -> TempDb {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "sqlcraft-sqlite-{tag}-{}-{}.db",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let db = TempDb(path);
        db.remove();
        db
    }

    /// `sqlite:////tmp/…db?query`.
    fn url(&self, query: &str) -> Url {
        let mut s = format!("sqlite:///{}", self.0.display());
        if !query.is_empty() {
            s.push('?');
            s.push_str(query);
        }
        url(&s)
    }

    fn open(&self, query: &str) -> SqliteConnection {
        SqliteConnection::open(&self.url(query)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn remove(&self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

// ---------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------

#[test]
fn driver_identity_and_private_databases() {
    let d = SqliteDriver;
    assert_eq!(d.name(), "rusqlite");
    assert_eq!(d.dialect().name(), "sqlite");
    assert_eq!(d.max_params(), 32766);
    for u in [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite+rusqlite:///:memory:",
    ] {
        assert!(d.is_private_database(&url(u)), "{u}");
    }
    for u in ["sqlite:///app.db", "sqlite:////var/app.db"] {
        assert!(!d.is_private_database(&url(u)), "{u}");
    }
    fn is_send<T: Send + 'static>() {}
    is_send::<SqliteConnection>();
}

#[test]
fn connect_through_the_driver_trait() {
    let mut conn: Box<dyn DriverConnection> = SqliteDriver.connect(&url("sqlite://")).unwrap();
    conn.ping().unwrap();
    assert!(!conn.is_broken());
    script(&mut *conn, "CREATE TABLE t (x INTEGER)");
    run(&mut *conn, "INSERT INTO t VALUES (?)", &[Value::Int(1)]);
    assert_eq!(count(&mut *conn, "t"), 1);
}

#[test]
fn every_in_memory_connection_is_its_own_database() {
    let mut a = mem();
    let mut b = mem();
    script(&mut a, "CREATE TABLE t (x)");
    let e = fails(&mut b, "SELECT * FROM t", &[]);
    assert_eq!(e.kind, ErrorKind::Programming);
}

#[test]
fn table_exists_query_runs() {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE Users (id INTEGER); CREATE VIEW v AS SELECT 1",
    );
    let d = SqliteDriver;
    for (schema, name, found) in [
        (None, "Users", true),
        (None, "users", true), // SQLite table names ignore ASCII case
        (None, "orders", false),
        (None, "v", false), // a view is not a table
        (Some("main"), "Users", true),
        (Some("temp"), "Users", false),
    ] {
        let (sql, params) = d.table_exists_query(schema, name);
        let out = run(&mut c, &sql, &params);
        assert_eq!(!out.rows.is_empty(), found, "{schema:?}.{name}: {sql}");
    }
    // A hostile schema name is quoted, never spliced in.
    let (sql, params) = d.table_exists_query(Some("x\"; DROP TABLE Users; --"), "Users");
    let e = fails(&mut c, &sql, &params);
    assert!(
        e.message
            .contains("x\"; DROP TABLE Users; --.sqlite_master"),
        "read as one name: {e}"
    );
    assert_eq!(count(&mut c, "Users"), 0);
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

const COLUMNS: [&str; 6] = ["INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "DATETIME"];

/// Stores `v` in a column of each type; returns what comes back, with `typeof`.
fn store_everywhere(c: &mut SqliteConnection, v: &Value) -> Vec<(Value, String)> {
    script(
        c,
        "DROP TABLE IF EXISTS rt; \
         CREATE TABLE rt (i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC, d DATETIME)",
    );
    let out = run(
        c,
        "INSERT INTO rt VALUES (?, ?, ?, ?, ?, ?)",
        &vec![v.clone(); 6],
    );
    assert_eq!(out.rows_affected, 1);
    let out = run(
        c,
        "SELECT i, typeof(i), r, typeof(r), t, typeof(t), b, typeof(b), n, typeof(n), d, typeof(d) FROM rt",
        &[],
    );
    assert_eq!(out.rows.len(), 1);
    out.rows[0]
        .values()
        .chunks(2)
        .map(|pair| match &pair[1] {
            Value::Text(t) => (pair[0].clone(), t.clone()),
            other => panic!("typeof gave {other:?}"),
        })
        .collect()
}

fn check_everywhere(c: &mut SqliteConnection, v: Value, expected: [(Value, &str); 6]) {
    let got = store_everywhere(c, &v);
    for ((col, (gv, gt)), (ev, et)) in COLUMNS.iter().zip(&got).zip(&expected) {
        assert_eq!((gv, gt.as_str()), (ev, *et), "{v:?} in a {col} column");
    }
}

/// The same value and storage class in every column.
fn same(v: &Value, class: &'static str) -> [(Value, &'static str); 6] {
    std::array::from_fn(|_| (v.clone(), class))
}

#[test]
fn null_round_trips() {
    let mut c = mem();
    check_everywhere(&mut c, Value::Null, same(&Value::Null, "null"));
}

#[test]
fn bools_are_bound_as_0_and_1() {
    let mut c = mem();
    for (b, i) in [(true, 1), (false, 0)] {
        check_everywhere(
            &mut c,
            Value::Bool(b),
            [
                (Value::Int(i), "integer"),
                (Value::Float(i as f64), "real"),
                (Value::Text(i.to_string()), "text"),
                (Value::Int(i), "integer"),
                (Value::Int(i), "integer"),
                (Value::Int(i), "integer"),
            ],
        );
    }
}

#[test]
fn integer_extremes_round_trip() {
    let mut c = mem();
    for i in [i64::MIN, -1, 0, 1, i64::MAX] {
        check_everywhere(
            &mut c,
            Value::Int(i),
            [
                (Value::Int(i), "integer"),
                // REAL affinity turns integers into floats (SQLite's rule).
                (Value::Float(i as f64), "real"),
                (Value::Text(i.to_string()), "text"),
                (Value::Int(i), "integer"),
                (Value::Int(i), "integer"),
                (Value::Int(i), "integer"),
            ],
        );
    }
}

#[test]
fn floats_round_trip_bit_for_bit() {
    let mut c = mem();
    for f in [
        1.5,
        -0.1,
        0.1 + 0.2,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324, // the smallest subnormal
        1e300,
    ] {
        let back = store_everywhere(&mut c, &Value::Float(f));
        for (i, col) in COLUMNS.iter().enumerate() {
            if *col == "TEXT" {
                continue; // TEXT affinity turns the REAL into its text
            }
            assert_eq!(
                back[i],
                (Value::Float(f), "real".to_owned()),
                "{f} in {col}"
            );
        }
        // Text affinity keeps enough digits to read the float back exactly.
        match &back[2] {
            (Value::Text(t), class) if class == "text" => {
                assert_eq!(t.parse::<f64>().unwrap(), f, "{t}")
            }
            other => panic!("{other:?}"),
        }
    }
    // An integral float becomes an INTEGER in INTEGER/NUMERIC columns (affinity).
    let back = store_everywhere(&mut c, &Value::Float(2.0));
    assert_eq!(back[0], (Value::Int(2), "integer".to_owned()));
    assert_eq!(back[1], (Value::Float(2.0), "real".to_owned()));
    assert_eq!(back[3], (Value::Float(2.0), "real".to_owned()));
    assert_eq!(back[4], (Value::Int(2), "integer".to_owned()));
}

#[test]
fn infinities_round_trip() {
    let mut c = mem();
    for f in [f64::INFINITY, f64::NEG_INFINITY] {
        let back = store_everywhere(&mut c, &Value::Float(f));
        for (i, col) in COLUMNS.iter().enumerate() {
            if *col != "TEXT" {
                assert_eq!(
                    back[i],
                    (Value::Float(f), "real".to_owned()),
                    "{f} in {col}"
                );
            }
        }
        let ins = if f > 0.0 { "Inf" } else { "-Inf" };
        assert_eq!(back[2], (Value::from(ins), "text".to_owned()));
    }
    // SQLite's own literal for infinity.
    assert_eq!(
        scalar(&mut c, "SELECT 1e999", &[]),
        Value::Float(f64::INFINITY)
    );
}

#[test]
fn nan_is_refused_because_sqlite_would_store_null() {
    let mut c = mem();
    script(&mut c, "CREATE TABLE f (x REAL)");
    // What SQLite does with a NaN bound directly: it becomes NULL.
    let (class, is_null): (String, bool) = c
        .raw_connection()
        .query_row("SELECT typeof(?1), ?1 IS NULL", [f64::NAN], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((class.as_str(), is_null), ("null", true));
    // The adapter refuses instead of losing the value silently.
    let e = fails(
        &mut c,
        "INSERT INTO f VALUES (?)",
        &[Value::Float(f64::NAN)],
    );
    assert_eq!(e.kind, ErrorKind::Data);
    assert!(e.message.contains("NaN"), "{e}");
    assert_eq!(count(&mut c, "f"), 0);
    // NaN computed inside SQLite comes back as NULL, never as a NaN float.
    assert_eq!(scalar(&mut c, "SELECT 1e999 - 1e999", &[]), Value::Null);
    // The connection is fine afterwards.
    run(&mut c, "INSERT INTO f VALUES (?)", &[Value::Float(1.0)]);
    assert!(!c.is_broken());
}

#[test]
fn text_round_trips_byte_for_byte() {
    let mut c = mem();
    for s in [
        "",
        "plain",
        "it's \"quoted\" \\ back`tick`",
        "nul\0inside\0\0and at the end\0",
        "'); DROP TABLE rt; --",
        "héllo wörld 🦀 ∑ 日本語",
        "  leading and trailing spaces  ",
        "line\nbreaks\r\nand\ttabs",
    ] {
        // Text never looks like a number here, so no affinity converts it.
        check_everywhere(&mut c, Value::from(s), same(&Value::from(s), "text"));
        // Comparison in SQL sees the same bytes.
        assert_eq!(
            scalar(
                &mut c,
                "SELECT t = ? AND length(CAST(t AS BLOB)) = ? FROM rt",
                &[Value::from(s), Value::Int(s.len() as i64)]
            ),
            Value::Int(1),
            "{s:?}"
        );
    }
}

#[test]
fn numeric_looking_text_follows_column_affinity() {
    let mut c = mem();
    check_everywhere(
        &mut c,
        Value::from("42"),
        [
            (Value::Int(42), "integer"),
            (Value::Float(42.0), "real"),
            (Value::from("42"), "text"),
            (Value::from("42"), "text"), // BLOB columns have no affinity
            (Value::Int(42), "integer"),
            (Value::Int(42), "integer"),
        ],
    );
}

#[test]
fn blobs_round_trip_including_a_mebibyte() {
    let mut c = mem();
    let big: Vec<u8> = (0..1024 * 1024).map(|i| (i * 31 % 251) as u8).collect();
    for b in [Vec::new(), vec![0u8, 0, 255, 39, 34, 92], big] {
        // BLOBs are never converted by affinity; an empty one is not NULL.
        check_everywhere(
            &mut c,
            Value::Bytes(b.clone()),
            same(&Value::Bytes(b), "blob"),
        );
    }
}

#[test]
fn invalid_utf8_text_is_a_data_error() {
    let mut c = mem();
    let e = fails(&mut c, "SELECT CAST(x'ff' AS TEXT) AS bad", &[]);
    assert_eq!(e.kind, ErrorKind::Data);
    assert!(e.message.contains("\"bad\""), "{e}");
}

#[cfg(feature = "chrono")]
#[test]
fn dates_and_times_are_sqlalchemy_text() {
    let mut c = mem();
    let date: chrono::NaiveDate = "2024-01-02".parse().unwrap();
    let time: chrono::NaiveTime = "12:34:56.789".parse().unwrap();
    let dt = date.and_time(time);
    let utc = dt.and_utc();
    for (v, text) in [
        (Value::Date(date), "2024-01-02"),
        (Value::Time(time), "12:34:56.789000"),
        (Value::DateTime(dt), "2024-01-02 12:34:56.789000"),
        (Value::DateTimeUtc(utc), "2024-01-02 12:34:56.789000+00:00"),
        (
            Value::DateTime("2024-01-02T00:00:00".parse().unwrap()),
            "2024-01-02 00:00:00.000000",
        ),
        (
            Value::Time("01:02:03.000000004".parse().unwrap()),
            "01:02:03.000000004",
        ),
    ] {
        // Text in every column: none of these reads as a number.
        check_everywhere(&mut c, v, same(&Value::from(text), "text"));
    }
    // SQLite's date functions read the same texts.
    assert_eq!(
        scalar(&mut c, "SELECT datetime(?)", &[Value::DateTimeUtc(utc)]),
        Value::from("2024-01-02 12:34:56")
    );
    assert_eq!(
        scalar(&mut c, "SELECT date(?, '+1 day')", &[Value::Date(date)]),
        Value::from("2024-01-03")
    );
    // Text order is time order.
    script(&mut c, "CREATE TABLE ev (at DATETIME)");
    let times: Vec<chrono::NaiveDateTime> = [
        "2024-01-02T12:00:00",
        "2024-01-02T09:30:00.5",
        "2023-12-31T23:59:59.999999",
        "2024-01-02T09:30:00.05",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    for t in &times {
        run(&mut c, "INSERT INTO ev VALUES (?)", &[Value::DateTime(*t)]);
    }
    let out = run(&mut c, "SELECT at FROM ev ORDER BY at", &[]);
    let mut sorted = times.clone();
    sorted.sort();
    let expected: Vec<Vec<Value>> = sorted
        .iter()
        .map(|t| vec![Value::from(t.format("%Y-%m-%d %H:%M:%S%.6f").to_string())])
        .collect();
    assert_eq!(out.rows, expected);
}

#[cfg(feature = "uuid")]
#[test]
fn uuids_are_hyphenated_text() {
    let mut c = mem();
    let text = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    check_everywhere(
        &mut c,
        Value::Uuid(text.parse().unwrap()),
        same(&Value::from(text), "text"),
    );
}

#[cfg(feature = "json")]
#[test]
fn json_is_compact_text() {
    let mut c = mem();
    let doc: Value = Value::Json(r#"{ "a": 1, "b": [true, null, "x"] }"#.parse().unwrap());
    let text = r#"{"a":1,"b":[true,null,"x"]}"#;
    check_everywhere(&mut c, doc.clone(), same(&Value::from(text), "text"));
    assert_eq!(
        scalar(&mut c, "SELECT json_extract(?, '$.a')", &[doc]),
        Value::Int(1)
    );
    // A JSON number is text too: "123" stays "123" in a TEXT column.
    let n = Value::Json("123".parse().unwrap());
    assert_eq!(
        store_everywhere(&mut c, &n)[2],
        (Value::from("123"), "text".to_owned())
    );
}

#[cfg(feature = "decimal")]
#[test]
fn decimals_are_exact_text() {
    let mut c = mem();
    let exact = "12345678901234567890.123456789";
    let back = store_everywhere(&mut c, &Value::Decimal(exact.parse().unwrap()));
    // TEXT keeps every digit.
    assert_eq!(back[2], (Value::from(exact), "text".to_owned()));
    // NUMERIC affinity turns number-looking text into a REAL: 15 significant digits.
    assert_eq!(back[4].1, "real");
    let back = store_everywhere(&mut c, &Value::Decimal("1.10".parse().unwrap()));
    assert_eq!(back[2], (Value::from("1.10"), "text".to_owned()));
    assert_eq!(back[4], (Value::Float(1.1), "real".to_owned()));
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

fn constraint_schema() -> SqliteConnection {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
         CREATE TABLE keyed (k TEXT PRIMARY KEY);
         CREATE TABLE child (
             id INTEGER PRIMARY KEY,
             parent_id INTEGER REFERENCES parent (id),
             name TEXT NOT NULL,
             qty INTEGER CONSTRAINT qty_positive CHECK (qty > 0)
         );
         INSERT INTO parent (id, code) VALUES (1, 'a');
         INSERT INTO keyed VALUES ('k');",
    );
    c
}

#[test]
fn constraint_violations_are_integrity_errors() {
    let mut c = constraint_schema();
    for (sql, params, code) in [
        (
            "INSERT INTO parent (id, code) VALUES (?, ?)",
            vec![Value::Int(2), Value::from("a")],
            "SQLITE_CONSTRAINT_UNIQUE",
        ),
        (
            "INSERT INTO parent (id, code) VALUES (?, ?)",
            vec![Value::Int(1), Value::from("b")],
            "SQLITE_CONSTRAINT_PRIMARYKEY",
        ),
        (
            "INSERT INTO keyed VALUES (?)",
            vec![Value::from("k")],
            "SQLITE_CONSTRAINT_PRIMARYKEY",
        ),
        (
            "INSERT INTO child (parent_id, name, qty) VALUES (?, ?, ?)",
            vec![Value::Int(99), Value::from("x"), Value::Int(1)],
            "SQLITE_CONSTRAINT_FOREIGNKEY",
        ),
        (
            "INSERT INTO child (parent_id, name, qty) VALUES (?, ?, ?)",
            vec![Value::Int(1), Value::Null, Value::Int(1)],
            "SQLITE_CONSTRAINT_NOTNULL",
        ),
        (
            "INSERT INTO child (parent_id, name, qty) VALUES (?, ?, ?)",
            vec![Value::Int(1), Value::from("x"), Value::Int(0)],
            "SQLITE_CONSTRAINT_CHECK",
        ),
        (
            "DELETE FROM parent WHERE id = ?",
            vec![Value::Int(1)],
            "", // checked below, after a child exists
        ),
    ] {
        if code.is_empty() {
            continue;
        }
        let e = fails(&mut c, sql, &params);
        assert_eq!(e.kind, ErrorKind::Integrity, "{e}");
        assert_eq!(e.code.as_deref(), Some(code), "{e}");
    }
    // A parent with children cannot be deleted.
    run(
        &mut c,
        "INSERT INTO child (parent_id, name, qty) VALUES (?, ?, ?)",
        &[Value::Int(1), Value::from("x"), Value::Int(1)],
    );
    let e = fails(&mut c, "DELETE FROM parent WHERE id = ?", &[Value::Int(1)]);
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Integrity, Some("SQLITE_CONSTRAINT_FOREIGNKEY"))
    );
    assert!(
        e.to_string()
            .contains("[SQL: DELETE FROM parent WHERE id = ?]"),
        "{e}"
    );
    // A failed statement leaves its cached statement usable.
    run(
        &mut c,
        "INSERT INTO parent (id, code) VALUES (?, ?)",
        &[Value::Int(2), Value::from("b")],
    );
    assert!(!c.is_broken());
}

#[test]
fn constraint_names_are_in_the_message() {
    let mut c = constraint_schema();
    let e = fails(
        &mut c,
        "INSERT INTO child (parent_id, name, qty) VALUES (1, 'x', -1)",
        &[],
    );
    assert!(e.message.contains("qty_positive"), "{e}");
    let e = fails(&mut c, "INSERT INTO parent (code) VALUES ('a')", &[]);
    assert!(e.message.contains("parent.code"), "{e}");
}

#[test]
fn sql_mistakes_are_programming_errors() {
    let mut c = constraint_schema();
    for sql in [
        "SELEC 1",
        "SELECT * FROM nope",
        "SELECT nope FROM parent",
        "SELECT * FROM parent WHERE",
        "INSERT INTO parent (id) VALUES (1, 2)",
        "CREATE TABLE parent (x)",
        "SELECT no_such_function(1)",
        "SELECT 1; SELECT 2",
        "",
    ] {
        let e = fails(&mut c, sql, &[]);
        assert_eq!(e.kind, ErrorKind::Programming, "{sql:?}: {e}");
    }
    let e = fails(&mut c, "SELECT * FROM nope", &[]);
    assert_eq!(e.code.as_deref(), Some("SQLITE_ERROR"));
    assert!(e.message.contains("no such table: nope"), "{e}");
    assert!(!c.is_broken());
}

#[test]
fn wrong_parameter_counts_are_programming_errors() {
    let mut c = mem();
    for params in [vec![], vec![Value::Int(1)], vec![Value::Int(1); 3]] {
        if params.len() == 2 {
            continue;
        }
        let e = fails(&mut c, "SELECT ?, ?", &params);
        assert_eq!(e.kind, ErrorKind::Programming, "{e}");
        assert!(
            e.message.contains(&format!("{} value(s)", params.len())),
            "{e}"
        );
    }
    assert_eq!(
        run(&mut c, "SELECT ?, ?", &[Value::Int(1), Value::Int(2)])
            .rows
            .len(),
        1
    );
}

#[test]
fn an_unopenable_file_is_a_connection_error() {
    let e = SqliteDriver
        .connect(&url("sqlite:////nonexistent/dir/x.db"))
        .err()
        .expect("must fail");
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    assert_eq!(e.code.as_deref(), Some("SQLITE_CANTOPEN"));
    assert!(e.message.contains("/nonexistent/dir/x.db"), "{e}");
}

#[test]
fn a_file_that_is_not_a_database_breaks_the_connection() {
    let db = TempDb::new("notadb");
    std::fs::write(&db.0, vec![b'x'; 4096]).unwrap();
    // SQLite reads the file lazily: opening works, the first read fails.
    let mut c = SqliteConnection::open(&db.url("")).unwrap();
    assert!(!c.is_broken());
    let e = fails(&mut c, "SELECT * FROM sqlite_master", &[]);
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    assert_eq!(e.code.as_deref(), Some("SQLITE_NOTADB"));
    assert!(c.is_broken(), "the pool must replace this connection");
    assert_eq!(c.ping().unwrap_err().kind, ErrorKind::Connection);
}

#[test]
fn a_busy_database_is_a_transaction_error() {
    let db = TempDb::new("busy");
    let mut a = db.open("timeout=0");
    let mut b = db.open("timeout=0");
    script(&mut a, "CREATE TABLE t (x INTEGER)");
    a.begin(None).unwrap();
    run(&mut a, "INSERT INTO t VALUES (?)", &[Value::Int(1)]);
    let e = fails(&mut b, "INSERT INTO t VALUES (?)", &[Value::Int(2)]);
    assert_eq!(e.kind, ErrorKind::Transaction, "{e}");
    assert_eq!(e.code.as_deref(), Some("SQLITE_BUSY"));
    assert!(!b.is_broken());
    // Readers are not blocked by a pending write (rollback journal).
    assert_eq!(count(&mut b, "t"), 0);
    a.commit().unwrap();
    run(&mut b, "INSERT INTO t VALUES (?)", &[Value::Int(2)]);
    assert_eq!(count(&mut a, "t"), 2);
}

#[test]
fn the_busy_timeout_waits_for_the_lock() {
    let db = TempDb::new("wait");
    let mut a = db.open("timeout=0");
    script(&mut a, "CREATE TABLE t (x INTEGER)");
    a.begin(None).unwrap();
    run(&mut a, "INSERT INTO t VALUES (1)", &[]);
    let url = db.url("timeout=10");
    let writer = std::thread::spawn(move || {
        let mut b = SqliteConnection::open(&url).unwrap();
        b.run("INSERT INTO t VALUES (2)", &[])
            .map(|o| o.rows_affected)
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    a.commit().unwrap();
    assert_eq!(writer.join().unwrap(), Ok(1));
    assert_eq!(count(&mut a, "t"), 2);
}

// ---------------------------------------------------------------------------
// Row counts and insert ids
// ---------------------------------------------------------------------------

#[test]
fn rows_affected_and_last_insert_id() {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)",
    );
    let o = run(
        &mut c,
        "INSERT INTO t (name, n) VALUES (?, ?)",
        &["a".into(), 1.into()],
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (1, Some(1)));
    assert!(o.columns.is_empty() && o.rows.is_empty());
    let o = run(
        &mut c,
        "INSERT INTO t (name, n) VALUES (?, 1), (?, 2), (?, 3)",
        &["b".into(), "c".into(), "d".into()],
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (3, Some(4)));
    // Explicit rowids, negative ones included.
    let o = run(
        &mut c,
        "INSERT INTO t (id, name) VALUES (?, ?)",
        &[100.into(), "e".into()],
    );
    assert_eq!(o.last_insert_id, Some(100));
    let o = run(
        &mut c,
        "INSERT INTO t (id, name) VALUES (?, ?)",
        &[(-5).into(), "f".into()],
    );
    assert_eq!(o.last_insert_id, Some(-5));

    let o = run(&mut c, "UPDATE t SET n = n + 1 WHERE n >= ?", &[2.into()]);
    assert_eq!((o.rows_affected, o.last_insert_id), (2, None));
    let o = run(&mut c, "UPDATE t SET n = 0 WHERE id = ?", &[12345.into()]);
    assert_eq!((o.rows_affected, o.last_insert_id), (0, None));
    let o = run(&mut c, "SELECT * FROM t", &[]);
    assert_eq!((o.rows_affected, o.last_insert_id), (0, None));
    // DDL after a write does not repeat the write's count.
    let o = run(&mut c, "CREATE TABLE other (x)", &[]);
    assert_eq!((o.rows_affected, o.last_insert_id), (0, None));
    // An insert that inserted nothing has no id, not the previous insert's.
    let o = run(
        &mut c,
        "INSERT OR IGNORE INTO t (name) VALUES (?)",
        &["a".into()],
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (0, None));
    let o = run(
        &mut c,
        "INSERT INTO t (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
        &["a".into()],
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (0, None));
    // An upsert that updated inserted nothing either.
    let o = run(
        &mut c,
        "INSERT INTO t (name, n) VALUES (?, 9) ON CONFLICT (name) DO UPDATE SET n = excluded.n",
        &["a".into()],
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (1, None));
    // …while SQL's own last_insert_rowid() still reports the last real insert.
    assert_eq!(
        scalar(&mut c, "SELECT last_insert_rowid()", &[]),
        Value::Int(-5)
    );

    // Rows now: 1, 2, 3, 4, 100, -5.
    let o = run(&mut c, "DELETE FROM t WHERE id > ?", &[2.into()]);
    assert_eq!((o.rows_affected, o.last_insert_id), (3, None));
    let o = run(&mut c, "DELETE FROM t", &[]);
    assert_eq!((o.rows_affected, o.last_insert_id), (3, None));
}

#[test]
fn insert_ids_for_without_rowid_tables_and_triggers() {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
         CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
         INSERT INTO audit (id, what) VALUES (1000, 'start');
         CREATE TRIGGER item_audit AFTER INSERT ON item
         BEGIN INSERT INTO audit (what) VALUES ('item ' || new.id); END;",
    );
    let o = run(
        &mut c,
        "INSERT INTO kv VALUES (?, ?)",
        &["a".into(), "b".into()],
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (1, None));
    // The trigger's insert is counted by neither.
    let o = run(&mut c, "INSERT INTO item (name) VALUES (?)", &["x".into()]);
    assert_eq!((o.rows_affected, o.last_insert_id), (1, Some(1)));
    assert_eq!(
        scalar(&mut c, "SELECT what FROM audit WHERE id = 1001", &[]),
        Value::from("item 1")
    );
}

#[test]
fn returning_rows() {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER DEFAULT 7)",
    );
    let o = run(
        &mut c,
        "INSERT INTO t (name) VALUES (?), (?) RETURNING id, name, n AS seven",
        &["a".into(), "b".into()],
    );
    assert_eq!(&*o.columns, ["id", "name", "seven"]);
    assert_eq!(
        o.rows,
        vec![
            vec![Value::Int(1), Value::from("a"), Value::Int(7)],
            vec![Value::Int(2), Value::from("b"), Value::Int(7)],
        ]
    );
    assert_eq!((o.rows_affected, o.last_insert_id), (2, Some(2)));

    let o = run(&mut c, "UPDATE t SET n = n * 2 RETURNING id, n", &[]);
    assert_eq!(o.rows.len(), 2);
    assert!(o.rows.iter().all(|r| r[1] == Value::Int(14)));
    assert_eq!((o.rows_affected, o.last_insert_id), (2, None));

    let o = run(
        &mut c,
        "UPDATE t SET n = 0 WHERE id = ? RETURNING id",
        &[Value::Int(9)],
    );
    assert_eq!(&*o.columns, ["id"]);
    assert!(o.rows.is_empty());
    assert_eq!(o.rows_affected, 0);

    let o = run(
        &mut c,
        "DELETE FROM t WHERE id = ? RETURNING name",
        &[Value::Int(1)],
    );
    assert_eq!(o.rows, vec![vec![Value::from("a")]]);
    assert_eq!((o.rows_affected, o.last_insert_id), (1, None));
    assert_eq!(count(&mut c, "t"), 1);
}

// ---------------------------------------------------------------------------
// Prepared statement cache
// ---------------------------------------------------------------------------

/// How many times SQLite has run the statement cached for `sql` (0 for a fresh
/// one): only a statement that is reused accumulates runs.
fn runs_of_cached(c: &SqliteConnection, sql: &str) -> i32 {
    c.raw_connection()
        .prepare_cached(sql)
        .unwrap()
        .get_status(rusqlite::StatementStatus::Run)
}

#[test]
fn the_same_sql_is_prepared_once() {
    let mut c = mem();
    script(&mut c, "CREATE TABLE t (x INTEGER)");
    assert_eq!(c.prepared_statements_cached(), 0);
    let insert = "INSERT INTO t (x) VALUES (?)";
    for i in 0..50 {
        run(&mut c, insert, &[Value::Int(i)]);
    }
    assert_eq!(c.prepared_statements_cached(), 1);
    // One compiled statement ran 50 times.
    assert_eq!(runs_of_cached(&c, insert), 50);
    run(&mut c, "SELECT count(*) FROM t", &[]);
    assert_eq!(c.prepared_statements_cached(), 2);
    // Errors do not evict or poison the statement.
    let _ = c.run(insert, &[Value::Float(f64::NAN)]).unwrap_err();
    let _ = c.run(insert, &[]).unwrap_err();
    run(&mut c, insert, &[Value::Int(50)]);
    assert_eq!(runs_of_cached(&c, insert), 51);
    assert_eq!(c.prepared_statements_cached(), 2);
    assert_eq!(count(&mut c, "t"), 51);
}

#[test]
fn the_cache_is_bounded_and_evicts_the_least_recently_used() {
    let mut c = SqliteConnection::open(&url("sqlite://?statement_cache_size=2")).unwrap();
    let [a, b, d] = ["SELECT 1", "SELECT 2", "SELECT 3"];
    run(&mut c, a, &[]);
    run(&mut c, a, &[]);
    run(&mut c, b, &[]);
    assert_eq!(runs_of_cached(&c, a), 2);
    run(&mut c, d, &[]); // evicts b (a was used more recently, by the check above)
    assert_eq!(c.prepared_statements_cached(), 2);
    assert_eq!(runs_of_cached(&c, a), 2); // still the same statement
    assert_eq!(runs_of_cached(&c, b), 0); // prepared anew
}

// ---------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------

#[test]
fn rollback_leaves_nothing_and_commit_keeps_rows() {
    let db = TempDb::new("tx");
    let mut c = db.open("");
    let mut other = db.open("");
    script(&mut c, "CREATE TABLE t (x INTEGER)");

    c.begin(None).unwrap();
    run(
        &mut c,
        "INSERT INTO t VALUES (?), (?)",
        &[1.into(), 2.into()],
    );
    assert_eq!(count(&mut c, "t"), 2);
    assert_eq!(count(&mut other, "t"), 0, "not visible before commit");
    c.rollback().unwrap();
    assert_eq!(count(&mut c, "t"), 0);

    c.begin(Some(IsolationLevel::Serializable)).unwrap();
    run(&mut c, "INSERT INTO t VALUES (?)", &[3.into()]);
    c.commit().unwrap();
    assert_eq!(count(&mut other, "t"), 1);
    drop(c);
    let mut reopened = db.open("");
    assert_eq!(count(&mut reopened, "t"), 1);
}

#[test]
fn every_isolation_level_begins_a_transaction() {
    let mut c = mem();
    for level in [
        None,
        Some(IsolationLevel::ReadUncommitted),
        Some(IsolationLevel::ReadCommitted),
        Some(IsolationLevel::RepeatableRead),
        Some(IsolationLevel::Serializable),
    ] {
        c.begin(level).unwrap();
        assert!(!c.raw_connection().is_autocommit(), "{level:?}");
        c.rollback().unwrap();
        assert!(c.raw_connection().is_autocommit());
    }
}

#[test]
fn read_uncommitted_sets_the_pragma() {
    let mut c = mem();
    let pragma = |c: &mut SqliteConnection| scalar(c, "PRAGMA read_uncommitted", &[]);
    assert_eq!(pragma(&mut c), Value::Int(0));
    c.begin(Some(IsolationLevel::ReadUncommitted)).unwrap();
    assert_eq!(pragma(&mut c), Value::Int(1));
    c.commit().unwrap();
    // Until another level (or none) is asked for.
    c.begin(None).unwrap();
    assert_eq!(pragma(&mut c), Value::Int(0));
    c.commit().unwrap();
    c.begin(Some(IsolationLevel::ReadUncommitted)).unwrap();
    c.rollback().unwrap();
    c.begin(Some(IsolationLevel::ReadCommitted)).unwrap();
    assert_eq!(pragma(&mut c), Value::Int(0));
    c.commit().unwrap();
}

#[test]
fn commit_and_rollback_without_a_transaction() {
    let mut c = mem();
    c.rollback().unwrap(); // nothing to roll back: fine
    let e = c.commit().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Transaction);
    assert_eq!(e.sql.as_deref(), Some("COMMIT"));
    // Beginning twice is a mistake SQLite reports.
    c.begin(None).unwrap();
    let e = c.begin(None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Programming, "{e}");
    assert_eq!(e.sql.as_deref(), Some("BEGIN"));
    c.rollback().unwrap();
}

#[test]
fn a_transaction_survives_a_failed_statement() {
    let mut c = constraint_schema();
    c.begin(None).unwrap();
    run(&mut c, "INSERT INTO parent (id, code) VALUES (2, 'b')", &[]);
    fails(&mut c, "INSERT INTO parent (id, code) VALUES (3, 'b')", &[]);
    run(&mut c, "INSERT INTO parent (id, code) VALUES (3, 'c')", &[]);
    c.commit().unwrap();
    assert_eq!(count(&mut c, "parent"), 3);
}

#[test]
fn commit_after_sqlite_rolled_back_is_an_error() {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE t (x INTEGER UNIQUE ON CONFLICT ROLLBACK)",
    );
    c.begin(None).unwrap();
    run(&mut c, "INSERT INTO t VALUES (1)", &[]);
    let e = fails(&mut c, "INSERT INTO t VALUES (1)", &[]);
    assert_eq!(e.kind, ErrorKind::Integrity);
    // SQLite rolled the whole transaction back; committing must not look fine.
    let e = c.commit().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Transaction, "{e}");
    c.rollback().unwrap();
    assert_eq!(count(&mut c, "t"), 0);
}

// ---------------------------------------------------------------------------
// URL options
// ---------------------------------------------------------------------------

#[test]
fn foreign_keys_are_enforced_by_default() {
    for (query, enforced) in [
        ("", true),
        ("?foreign_keys=on", true),
        ("?foreign_keys=off", false),
    ] {
        let mut c = SqliteConnection::open(&url(&format!("sqlite://{query}"))).unwrap();
        assert_eq!(
            scalar(&mut c, "PRAGMA foreign_keys", &[]),
            Value::Int(enforced.into())
        );
        script(
            &mut c,
            "CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE ch (p_id INTEGER REFERENCES p (id))",
        );
        let r = c.run("INSERT INTO ch VALUES (?)", &[Value::Int(42)]);
        assert_eq!(r.is_err(), enforced, "{query}");
    }
}

#[test]
fn read_only_mode_refuses_writes() {
    let db = TempDb::new("ro");
    // `ro` and `rw` need an existing file.
    for mode in ["ro", "rw"] {
        let e = SqliteConnection::open(&db.url(&format!("mode={mode}"))).unwrap_err();
        assert_eq!(
            (e.kind, e.code.as_deref()),
            (ErrorKind::Connection, Some("SQLITE_CANTOPEN"))
        );
    }
    let mut w = db.open("mode=rwc");
    script(
        &mut w,
        "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)",
    );
    let mut ro = db.open("mode=ro");
    assert_eq!(count(&mut ro, "t"), 1);
    let e = fails(&mut ro, "INSERT INTO t VALUES (?)", &[Value::Int(2)]);
    assert_eq!(e.kind, ErrorKind::Other, "{e}");
    assert_eq!(e.code.as_deref(), Some("SQLITE_READONLY"));
    let e = ro.run_script("CREATE TABLE u (x)").unwrap_err();
    assert_eq!(e.code.as_deref(), Some("SQLITE_READONLY"));
    assert!(!ro.is_broken());
    let mut rw = db.open("mode=rw");
    run(&mut rw, "INSERT INTO t VALUES (?)", &[Value::Int(2)]);
    assert_eq!(count(&mut ro, "t"), 2);
}

#[test]
fn wal_journal_mode() {
    let db = TempDb::new("wal");
    let mut c = db.open("journal_mode=wal");
    assert_eq!(
        scalar(&mut c, "PRAGMA journal_mode", &[]),
        Value::from("wal")
    );
    script(&mut c, "CREATE TABLE t (x)");
    // A WAL reader sees the last commit while a writer is in a transaction.
    let mut reader = db.open("journal_mode=wal");
    c.begin(None).unwrap();
    run(&mut c, "INSERT INTO t VALUES (1)", &[]);
    assert_eq!(count(&mut reader, "t"), 0);
    c.commit().unwrap();
    assert_eq!(count(&mut reader, "t"), 1);
    // An in-memory database cannot have a WAL: said, not ignored.
    let e = SqliteConnection::open(&url("sqlite://?journal_mode=wal")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Programming);
    assert!(e.message.contains("memory"), "{e}");
}

#[test]
fn timeout_zero_and_bad_options() {
    let db = TempDb::new("opts");
    db.open("timeout=0&statement_cache_size=0").ping().unwrap();
    for (query, needle) in [
        ("foreign_key=off", "unknown option"),
        ("mode=memory", "mode"),
        ("timeout=-2", "timeout"),
    ] {
        let e = SqliteConnection::open(&db.url(query)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Programming, "{query}");
        assert!(e.message.contains(needle), "{query}: {e}");
    }
    let e = SqliteDriver
        .connect(&url("postgresql://h/db"))
        .err()
        .unwrap();
    assert_eq!(e.kind, ErrorKind::Programming);
}

#[test]
fn file_databases_are_shared_between_connections() {
    let db = TempDb::new("shared");
    let text = format!("sqlite:///{}", db.0.display());
    assert!(text.starts_with("sqlite:////"), "an absolute path: {text}");
    let mut a = SqliteDriver.connect(&url(&text)).unwrap();
    let mut b = SqliteDriver.connect(&url(&text)).unwrap();
    assert!(!SqliteDriver.is_private_database(&url(&text)));
    script(&mut *a, "CREATE TABLE t (x)");
    run(&mut *a, "INSERT INTO t VALUES (?)", &["hello".into()]);
    assert_eq!(
        scalar(&mut *b, "SELECT x FROM t", &[]),
        Value::from("hello")
    );
    drop((a, b));
    assert!(db.0.exists());
}

#[test]
fn run_script_runs_several_statements() {
    let mut c = mem();
    script(
        &mut c,
        "CREATE TABLE t (x); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);",
    );
    assert_eq!(count(&mut c, "t"), 2);
    let e = c
        .run_script("INSERT INTO t VALUES (3); SELEC 1")
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Programming);
    assert_eq!(e.sql.as_deref(), Some("INSERT INTO t VALUES (3); SELEC 1"));
}

// ---------------------------------------------------------------------------
// Statements compiled by sqlcraft
// ---------------------------------------------------------------------------

struct Shop {
    meta: MetaData,
    users: Table,
    orders: Table,
}

fn shop() -> Shop {
    let mut meta = MetaData::new();
    let users = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50)).not_null().unique();
            t.column("email", SqlType::Text);
            t.column("score", SqlType::Float);
            t.column("active", SqlType::Boolean).default(true);
        })
        .unwrap();
    let orders = meta
        .table("orders", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .not_null()
                .references(&users, "id");
            t.column("item", SqlType::string(50)).not_null();
            t.column("qty", SqlType::Integer).not_null();
            t.check("qty_positive", column("qty").gt(0));
            t.index("orders_item", ["item"]);
        })
        .unwrap();
    Shop {
        meta,
        users,
        orders,
    }
}

fn create_shop(c: &mut dyn DriverConnection, s: &Shop) {
    for ddl in s.meta.create_statements(false).unwrap() {
        let o = exec(c, &ddl);
        assert_eq!((o.rows_affected, o.last_insert_id), (0, None));
    }
    exec(
        c,
        &insert(&s.users)
            .columns(["name", "email", "score"])
            .row(("ann", "ann@x.io", 9.5))
            .row(("bob", "bob@y.org", 7.0))
            .row(("cat", "cat@x.io", 8.25))
            .row(("dan", "dan@x.io", 6.0)),
    );
    exec(
        c,
        &insert(&s.orders)
            .columns(["user_id", "item", "qty"])
            .row((1, "apple", 3))
            .row((1, "pear", 1))
            .row((2, "apple", 2))
            .row((3, "plum", 5))
            .row((4, "apple", 1)),
    );
}

#[test]
fn ddl_from_metadata_and_table_checks() {
    let s = shop();
    let mut c = mem();
    let d = SqliteDriver;
    for t in ["users", "orders"] {
        let (sql, p) = d.table_exists_query(None, t);
        assert!(run(&mut c, &sql, &p).rows.is_empty());
    }
    create_shop(&mut c, &s);
    for t in ["users", "orders"] {
        let (sql, p) = d.table_exists_query(None, t);
        assert_eq!(run(&mut c, &sql, &p).rows.len(), 1, "{t}");
    }
    // IF NOT EXISTS runs again harmlessly.
    for ddl in s.meta.create_statements(true).unwrap() {
        exec(&mut c, &ddl);
    }
    // The compiled constraints hold: FK (on by default), CHECK, UNIQUE, NOT NULL.
    for (stmt, code) in [
        (
            insert(&s.orders).values([
                ("user_id", Value::Int(99)),
                ("item", Value::from("x")),
                ("qty", Value::Int(1)),
            ]),
            "SQLITE_CONSTRAINT_FOREIGNKEY",
        ),
        (
            insert(&s.orders).values([
                ("user_id", Value::Int(1)),
                ("item", Value::from("x")),
                ("qty", Value::Int(0)),
            ]),
            "SQLITE_CONSTRAINT_CHECK",
        ),
    ] {
        let compiled = stmt.compile(&Sqlite).unwrap();
        let e = fails(&mut c, &compiled.sql, &compiled.values().unwrap());
        assert_eq!(
            (e.kind, e.code.as_deref()),
            (ErrorKind::Integrity, Some(code))
        );
    }
    let compiled = insert(&s.users)
        .value("name", "ann")
        .compile(&Sqlite)
        .unwrap();
    let e = fails(&mut c, &compiled.sql, &compiled.values().unwrap());
    assert_eq!(e.code.as_deref(), Some("SQLITE_CONSTRAINT_UNIQUE"));
    // The client-side default filled in `active`.
    assert_eq!(
        scalar(&mut c, "SELECT count(*) FROM users WHERE active = 1", &[]),
        Value::Int(4)
    );
    // Drop, children first.
    for ddl in s.meta.drop_statements(false).unwrap() {
        exec(&mut c, &ddl);
    }
    let (sql, p) = d.table_exists_query(None, "users");
    assert!(run(&mut c, &sql, &p).rows.is_empty());
}

#[test]
fn a_compiled_select_with_join_in_like_limit_offset() {
    let s = shop();
    let mut c = mem();
    create_shop(&mut c, &s);
    let (u, o) = (&s.users, &s.orders);
    let stmt = select((u.c("name"), o.c("item"), o.c("qty")))
        .from(u)
        .join(o, o.c("user_id").eq(u.c("id")))
        .filter(
            u.c("email")
                .like("%@x.io")
                .and(o.c("item").in_(["apple", "plum", "kiwi"])),
        )
        .order_by((o.c("qty").desc(), u.c("name")))
        .limit(2)
        .offset(1);
    let compiled = stmt.compile(&Sqlite).unwrap();
    assert!(compiled.sql.contains(" JOIN "), "{}", compiled.sql);
    let out = run(&mut c, &compiled.sql, &compiled.values().unwrap());
    assert_eq!(&*out.columns, ["name", "item", "qty"]);
    // Matches: cat/plum/5, ann/apple/3, dan/apple/1 → skip one, take two.
    assert_eq!(
        out.rows,
        vec![
            vec![Value::from("ann"), Value::from("apple"), Value::Int(3)],
            vec![Value::from("dan"), Value::from("apple"), Value::Int(1)],
        ]
    );
    // The same statement shape with other values reuses the prepared statement.
    let cached = c.prepared_statements_cached();
    let again = select((u.c("name"), o.c("item"), o.c("qty")))
        .from(u)
        .join(o, o.c("user_id").eq(u.c("id")))
        .filter(
            u.c("email")
                .like("%@y.org")
                .and(o.c("item").in_(["apple", "pear", "fig"])),
        )
        .order_by((o.c("qty").desc(), u.c("name")))
        .limit(5)
        .offset(0);
    let out = exec(&mut c, &again);
    assert_eq!(
        out.rows,
        vec![vec![
            Value::from("bob"),
            Value::from("apple"),
            Value::Int(2)
        ]]
    );
    assert_eq!(c.prepared_statements_cached(), cached);
}

#[test]
fn a_compiled_insert_returning_and_upsert() {
    let s = shop();
    let mut c = mem();
    create_shop(&mut c, &s);
    let u = &s.users;

    let out = exec(
        &mut c,
        &insert(u)
            .values([("name", Value::from("eve")), ("score", Value::Float(5.5))])
            .returning((u.c("id"), u.c("name"), u.c("active"))),
    );
    assert_eq!(&*out.columns, ["id", "name", "active"]);
    assert_eq!(
        out.rows,
        vec![vec![Value::Int(5), Value::from("eve"), Value::Int(1)]]
    );
    assert_eq!((out.rows_affected, out.last_insert_id), (1, Some(5)));

    // Upsert: id 1 exists (updated), id 9 is new (inserted).
    let upsert = insert(u)
        .columns(["id", "name", "score"])
        .row((1, "ann", 10.0))
        .row((9, "fay", 1.0))
        .on_conflict(
            OnConflict::columns(["id"])
                .do_update([("score", excluded("score")), ("email", lit("updated"))]),
        )
        .returning((u.c("id"), u.c("score"), u.c("email")));
    let out = exec(&mut c, &upsert);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::Int(1), Value::Float(10.0), Value::from("updated")],
            vec![Value::Int(9), Value::Float(1.0), Value::Null],
        ]
    );
    assert_eq!((out.rows_affected, out.last_insert_id), (2, Some(9)));

    // An upsert that only updates reports no insert id.
    let out = exec(
        &mut c,
        &insert(u)
            .values([("id", Value::Int(2)), ("name", Value::from("bob"))])
            .on_conflict(OnConflict::columns(["id"]).do_update([("score", lit(0.0))])),
    );
    assert_eq!((out.rows_affected, out.last_insert_id), (1, None));

    // DO NOTHING skips the row.
    let out = exec(
        &mut c,
        &insert(u)
            .values([("id", Value::Int(3)), ("name", Value::from("cat"))])
            .on_conflict(OnConflict::columns(["id"]).do_nothing()),
    );
    assert_eq!((out.rows_affected, out.last_insert_id), (0, None));

    // UPDATE … RETURNING and DELETE … RETURNING, compiled.
    let out = exec(
        &mut c,
        &update(u)
            .set("score", u.c("score") + 1.0)
            .filter(u.c("name").in_(["ann", "fay"]))
            .returning(u.c("score")),
    );
    assert_eq!(out.rows_affected, 2);
    let mut scores: Vec<Value> = out.rows.into_iter().map(|r| r[0].clone()).collect();
    scores.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(scores, vec![Value::Float(11.0), Value::Float(2.0)]);
    let out = exec(
        &mut c,
        &delete(u).filter(u.c("id").eq(9)).returning(u.c("name")),
    );
    assert_eq!(out.rows, vec![vec![Value::from("fay")]]);
    assert_eq!(out.rows_affected, 1);
}

#[test]
fn every_kind_of_value_in_one_row_and_invalid_text_after_good_ones() {
    let mut c = mem();
    let out = run(
        &mut c,
        "SELECT NULL, 7, 2.5, 'text', x'00ff', 'more text'",
        &[],
    );
    assert_eq!(
        out.rows[0],
        vec![
            Value::Null,
            Value::Int(7),
            Value::Float(2.5),
            Value::from("text"),
            Value::Bytes(vec![0, 0xff]),
            Value::from("more text"),
        ]
    );
    // Text that is not UTF-8 after values already read: a Data error naming
    // the column, and the values read before it are dropped with the row.
    let err = fails(&mut c, "SELECT 'ok', 1, CAST(x'ff' AS TEXT) AS bad", &[]);
    assert_eq!(err.kind, ErrorKind::Data, "{err}");
    assert!(err.message.contains("\"bad\""), "{err}");
}
