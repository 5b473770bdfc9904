//! The PostgreSQL driver adapter against a real server.
//!
//! Run through `./scripts/with-servers.sh cargo test -p sqlcraft-postgres
//! [--all-features]`, which starts a throwaway PostgreSQL and exports
//! `SQLCRAFT_PG_URL`. Without it these tests fail: they never skip.
//!
//! Tests run in parallel against one database, so each uses its own tables
//! (named after the test) and drops them, even when it fails.

use sqlcraft::engine::{DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Row, Url};
use sqlcraft::prelude::*;
use sqlcraft::Value;
use sqlcraft_postgres::{Postgres, PostgresConnection, PostgresDriver};
use std::time::{Duration, Instant};

fn url() -> Url {
    let text = std::env::var("SQLCRAFT_PG_URL").unwrap_or_else(|_| {
        panic!(
            "SQLCRAFT_PG_URL is not set: these tests need a PostgreSQL server. Run them with \
             `./scripts/with-servers.sh cargo test -p sqlcraft-postgres`"
        )
    });
    text.parse()
        .unwrap_or_else(|e| panic!("SQLCRAFT_PG_URL is not a valid URL: {e}"))
}

fn open() -> PostgresConnection {
    let url = url();
    PostgresDriver::new()
        .open(&url)
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"))
}

/// Drops the named tables when created and again when dropped (also when the
/// test panics), on a connection of its own.
struct Tables {
    conn: PostgresConnection,
    names: Vec<String>,
}

impl Tables {
    fn new(names: &[&str]) -> Tables {
        let mut t = Tables {
            conn: open(),
            names: names.iter().map(|s| (*s).to_owned()).collect(),
        };
        t.drop_all();
        t
    }

    fn drop_all(&mut self) {
        let sql = format!("DROP TABLE IF EXISTS {} CASCADE", self.names.join(", "));
        self.conn.run_script(&sql).unwrap();
    }
}

impl Drop for Tables {
    fn drop(&mut self) {
        self.drop_all();
    }
}

fn rows(conn: &mut PostgresConnection, sql: &str, params: &[Value]) -> Vec<Vec<Value>> {
    let rows = conn.run(sql, params).unwrap_or_else(|e| panic!("{e}")).rows;
    rows.into_iter().map(Row::into_values).collect()
}

fn one(conn: &mut PostgresConnection, sql: &str, params: &[Value]) -> Value {
    let mut r = rows(conn, sql, params);
    assert_eq!(r.len(), 1, "{sql}: {r:?}");
    assert_eq!(r[0].len(), 1, "{sql}: {r:?}");
    r.remove(0).remove(0)
}

fn err(conn: &mut PostgresConnection, sql: &str, params: &[Value]) -> DbError {
    match conn.run(sql, params) {
        Ok(out) => panic!("{sql} should have failed, gave {out:?}"),
        Err(e) => e,
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

// Expected values, as each feature set reads them.

#[cfg(feature = "decimal")]
fn num(s: &str) -> Value {
    Value::Decimal(rust_decimal::Decimal::from_str_exact(s).unwrap())
}
#[cfg(not(feature = "decimal"))]
fn num(s: &str) -> Value {
    text(s)
}

#[cfg(feature = "chrono")]
fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())
}
#[cfg(not(feature = "chrono"))]
fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Text(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(feature = "chrono")]
fn time(h: u32, m: u32, s: u32, micro: u32) -> Value {
    Value::Time(chrono::NaiveTime::from_hms_micro_opt(h, m, s, micro).unwrap())
}
#[cfg(not(feature = "chrono"))]
fn time(h: u32, m: u32, s: u32, micro: u32) -> Value {
    Value::Text(time_text(h, m, s, micro))
}

#[cfg_attr(feature = "chrono", allow(dead_code))]
fn time_text(h: u32, m: u32, s: u32, micro: u32) -> String {
    let mut t = format!("{h:02}:{m:02}:{s:02}");
    if micro != 0 {
        t.push_str(format!(".{micro:06}").trim_end_matches('0'));
    }
    t
}

#[cfg(feature = "chrono")]
fn timestamp(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Value {
    let Value::Date(day) = date(y, mo, d) else {
        unreachable!()
    };
    let Value::Time(t) = time(h, mi, s, micro) else {
        unreachable!()
    };
    Value::DateTime(day.and_time(t))
}
#[cfg(not(feature = "chrono"))]
fn timestamp(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Value {
    Value::Text(format!(
        "{y:04}-{mo:02}-{d:02}T{}",
        time_text(h, mi, s, micro)
    ))
}

#[cfg(feature = "chrono")]
fn timestamptz(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Value {
    let Value::DateTime(dt) = timestamp(y, mo, d, h, mi, s, micro) else {
        unreachable!()
    };
    Value::DateTimeUtc(dt.and_utc())
}
#[cfg(not(feature = "chrono"))]
fn timestamptz(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Value {
    let Value::Text(t) = timestamp(y, mo, d, h, mi, s, micro) else {
        unreachable!()
    };
    Value::Text(format!("{t}+00:00"))
}

#[cfg(feature = "uuid")]
fn uuid(s: &str) -> Value {
    Value::Uuid(s.parse().unwrap())
}
#[cfg(not(feature = "uuid"))]
fn uuid(s: &str) -> Value {
    text(s)
}

/// A JSON document: `Value::Json` with the feature, else the server's text of it.
#[cfg(feature = "json")]
fn json(_server_text: &str, doc: serde_json::Value) -> Value {
    Value::Json(doc)
}
#[cfg(not(feature = "json"))]
fn json(server_text: &str, _doc: ()) -> Value {
    text(server_text)
}
#[cfg(feature = "json")]
macro_rules! doc {
    ($($t:tt)*) => { serde_json::json!($($t)*) };
}
#[cfg(not(feature = "json"))]
macro_rules! doc {
    ($($t:tt)*) => {
        ()
    };
}

const KINDS_DDL: &str = "CREATE TABLE {t} (
    id int4 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    i2 int2, i4 int4, i8 int8, num numeric(12, 2), f4 float4, f8 float8,
    t text, vc varchar(20), b bool, by bytea, d date, tm time, ts timestamp,
    tstz timestamptz, u uuid, j json, jb jsonb
)";
const KIND_COLUMNS: [&str; 17] = [
    "i2", "i4", "i8", "num", "f4", "f8", "t", "vc", "b", "by", "d", "tm", "ts", "tstz", "u", "j",
    "jb",
];

#[test]
fn every_value_kind_round_trips_through_each_column_type() {
    let _t = Tables::new(&["rt_kinds"]);
    let mut conn = open();
    conn.run_script(&KINDS_DDL.replace("{t}", "rt_kinds"))
        .unwrap();

    #[allow(unused_mut)] // pushed to only with some features
    let mut cases: Vec<(&str, Value, Value)> = vec![
        ("i2", Value::Int(-32768), Value::Int(-32768)),
        ("i2", Value::Int(32767), Value::Int(32767)),
        (
            "i4",
            Value::Int(i32::MIN.into()),
            Value::Int(i32::MIN.into()),
        ),
        (
            "i4",
            Value::Int(i32::MAX.into()),
            Value::Int(i32::MAX.into()),
        ),
        ("i4", Value::Float(3.0), Value::Int(3)),
        ("i4", text("42"), Value::Int(42)),
        ("i8", Value::Int(i64::MIN), Value::Int(i64::MIN)),
        ("i8", Value::Int(i64::MAX), Value::Int(i64::MAX)),
        ("num", text("1234567890.12"), num("1234567890.12")),
        ("num", text("-0.01"), num("-0.01")),
        ("num", Value::Int(5), num("5.00")),
        ("num", Value::Float(2.5), num("2.50")),
        ("num", Value::Float(0.1), num("0.10")),
        ("f4", Value::Float(1.5), Value::Float(1.5)),
        ("f4", Value::Int(3), Value::Float(3.0)),
        ("f8", Value::Float(0.1), Value::Float(0.1)),
        ("f8", Value::Float(f64::MAX), Value::Float(f64::MAX)),
        (
            "f8",
            Value::Float(f64::NEG_INFINITY),
            Value::Float(f64::NEG_INFINITY),
        ),
        (
            "f8",
            Value::Int(1 << 53),
            Value::Float(9_007_199_254_740_992.0),
        ),
        ("f8", text("1e-300"), Value::Float(1e-300)),
        ("t", text("hello"), text("hello")),
        ("t", text(""), text("")),
        ("t", Value::Int(5), text("5")),
        ("t", Value::Float(1.5), text("1.5")),
        ("t", Value::Bool(true), text("true")),
        ("vc", text("abc"), text("abc")),
        ("b", Value::Bool(true), Value::Bool(true)),
        ("b", Value::Bool(false), Value::Bool(false)),
        ("b", text("yes"), Value::Bool(true)),
        ("b", Value::Int(0), Value::Bool(false)),
        (
            "by",
            Value::Bytes(vec![0, 1, 127, 128, 255]),
            Value::Bytes(vec![0, 1, 127, 128, 255]),
        ),
        ("by", Value::Bytes(vec![]), Value::Bytes(vec![])),
        ("by", text("abc"), Value::Bytes(b"abc".to_vec())),
        ("d", text("2024-02-29"), date(2024, 2, 29)),
        ("d", date(1999, 12, 31), date(1999, 12, 31)),
        ("tm", text("13:14:15.5"), time(13, 14, 15, 500_000)),
        ("tm", time(0, 0, 0, 1), time(0, 0, 0, 1)),
        (
            "ts",
            text("2024-02-29 13:14:15.123456"),
            timestamp(2024, 2, 29, 13, 14, 15, 123_456),
        ),
        (
            "ts",
            timestamp(1970, 1, 1, 0, 0, 0, 0),
            timestamp(1970, 1, 1, 0, 0, 0, 0),
        ),
        (
            "tstz",
            text("2024-02-29 13:14:15+02"),
            timestamptz(2024, 2, 29, 11, 14, 15, 0),
        ),
        (
            "tstz",
            timestamptz(1999, 12, 31, 23, 59, 59, 999_999),
            timestamptz(1999, 12, 31, 23, 59, 59, 999_999),
        ),
        (
            "u",
            text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
            uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ),
        (
            "u",
            uuid("00000000-0000-0000-0000-000000000001"),
            uuid("00000000-0000-0000-0000-000000000001"),
        ),
        (
            "j",
            text(r#"{"a": [1, 2.5, "x"], "b": null}"#),
            json(
                r#"{"a": [1, 2.5, "x"], "b": null}"#,
                doc!({"a": [1, 2.5, "x"], "b": null}),
            ),
        ),
        (
            "jb",
            text(r#"{"b":null,"a":[1,2.5,"x"]}"#),
            json(
                r#"{"a": [1, 2.5, "x"], "b": null}"#,
                doc!({"a": [1, 2.5, "x"], "b": null}),
            ),
        ),
        ("jb", Value::Int(7), json("7", doc!(7))),
    ];
    #[cfg(feature = "decimal")]
    cases.push(("num", num("19.99"), num("19.99")));
    #[cfg(feature = "decimal")]
    cases.push(("i4", num("12"), Value::Int(12)));
    #[cfg(feature = "json")]
    cases.push((
        "jb",
        Value::Json(doc!({"k": [true, "é"]})),
        Value::Json(doc!({"k": [true, "é"]})),
    ));
    #[cfg(feature = "json")]
    cases.push(("t", Value::Json(doc!({"k": 1})), text(r#"{"k":1}"#)));
    #[cfg(feature = "chrono")]
    cases.push(("ts", date(2024, 1, 2), timestamp(2024, 1, 2, 0, 0, 0, 0)));
    #[cfg(feature = "chrono")]
    cases.push(("t", date(2024, 1, 2), text("2024-01-02")));
    #[cfg(feature = "uuid")]
    cases.push((
        "t",
        uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
    ));

    for (column, input, expected) in cases {
        let sql = format!("INSERT INTO rt_kinds ({column}) VALUES ($1) RETURNING id, {column}");
        let out = conn
            .run(&sql, std::slice::from_ref(&input))
            .unwrap_or_else(|e| panic!("{column} <- {input:?}: {e}"));
        assert_eq!(out.rows_affected, 1);
        assert_eq!(
            out.rows[0][1], expected,
            "{column} <- {input:?} (RETURNING)"
        );
        // And read back by a query of its own.
        let again = one(
            &mut conn,
            &format!("SELECT {column} FROM rt_kinds WHERE id = $1"),
            &[out.rows[0][0].clone()],
        );
        assert_eq!(again, expected, "{column} <- {input:?} (SELECT)");
    }

    // NaN goes in and out of floats (NaN != NaN, so checked apart).
    for column in ["f4", "f8"] {
        let sql = format!("INSERT INTO rt_kinds ({column}) VALUES ($1) RETURNING {column}");
        match one(&mut conn, &sql, &[Value::Float(f64::NAN)]) {
            Value::Float(f) => assert!(f.is_nan(), "{column}: {f}"),
            other => panic!("{column}: {other:?}"),
        }
    }

    // NULL into and out of every column type.
    let placeholders: Vec<String> = (1..=KIND_COLUMNS.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO rt_kinds ({}) VALUES ({}) RETURNING {}",
        KIND_COLUMNS.join(", "),
        placeholders.join(", "),
        KIND_COLUMNS.join(", ")
    );
    let out = conn
        .run(&sql, &vec![Value::Null; KIND_COLUMNS.len()])
        .unwrap();
    assert_eq!(out.rows, vec![vec![Value::Null; KIND_COLUMNS.len()]]);
    assert_eq!(&*out.columns, KIND_COLUMNS);
}

#[test]
fn untyped_placeholders_are_text_and_casts_keep_the_type() {
    let mut conn = open();
    // `SELECT $1` is inferred as text: values arrive as their text.
    assert_eq!(one(&mut conn, "SELECT $1", &[Value::Int(5)]), text("5"));
    assert_eq!(
        one(&mut conn, "SELECT $1", &[Value::Float(0.25)]),
        text("0.25")
    );
    assert_eq!(
        one(&mut conn, "SELECT $1", &[Value::Bool(false)]),
        text("false")
    );
    assert_eq!(one(&mut conn, "SELECT $1", &[Value::Null]), Value::Null);
    // A cast in the SQL keeps the value's type.
    assert_eq!(
        one(&mut conn, "SELECT CAST($1 AS BIGINT)", &[Value::Int(5)]),
        Value::Int(5)
    );
    assert_eq!(
        one(
            &mut conn,
            "SELECT CAST($1 AS BYTEA)",
            &[Value::Bytes(vec![0, 9])]
        ),
        Value::Bytes(vec![0, 9])
    );
    // Bytes cannot become text.
    let e = err(&mut conn, "SELECT $1", &[Value::Bytes(vec![1])]);
    assert_eq!(e.kind, ErrorKind::Data, "{e}");
    assert!(e.message.contains("bytea"), "{e}");
}

#[test]
fn integer_overflow_is_a_data_error_never_a_wrap() {
    let _t = Tables::new(&["ovf_ints"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE ovf_ints (i2 int2, i4 int4)")
        .unwrap();
    for (column, value) in [
        ("i4", Value::Int(1 << 31)),
        ("i4", Value::Int(-(1 << 31) - 1)),
        ("i4", Value::Int(i64::MAX)),
        ("i2", Value::Int(32768)),
        ("i2", Value::Int(-32769)),
        ("i2", Value::Float(1e10)),
        ("i4", Value::Float(1.5)),
    ] {
        let sql = format!("INSERT INTO ovf_ints ({column}) VALUES ($1)");
        let e = err(&mut conn, &sql, std::slice::from_ref(&value));
        assert_eq!(e.kind, ErrorKind::Data, "{column} <- {value:?}: {e}");
        assert!(
            e.code.as_deref().is_some_and(|c| c.starts_with("22")),
            "{e}"
        );
        assert!(e.message.contains("parameter $1"), "{e}");
        assert_eq!(e.sql.as_deref(), Some(&*sql));
    }
    // Also in a WHERE clause against an int4 column.
    let e = err(
        &mut conn,
        "SELECT 1 FROM ovf_ints WHERE i4 = $1",
        &[Value::Int(1 << 40)],
    );
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Data, Some("22003")),
        "{e}"
    );
    assert!(e.message.contains("out of range for integer (int4)"), "{e}");
    // Nothing was written, and the connection is still fine.
    assert_eq!(
        one(&mut conn, "SELECT count(*) FROM ovf_ints", &[]),
        Value::Int(0)
    );
    // The server's own overflow (text parsed into int2) is a Data error too.
    let e = err(
        &mut conn,
        "INSERT INTO ovf_ints (i2) VALUES ($1)",
        &[text("40000")],
    );
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Data, Some("22003")),
        "{e}"
    );
}

#[test]
fn numeric_is_exact() {
    let _t = Tables::new(&["num_exact"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE num_exact (id serial PRIMARY KEY, n numeric, m numeric(20, 2))")
        .unwrap();
    for (input, expected) in [
        (text("12345678901234.56"), num("12345678901234.56")),
        (text("-0.01"), num("-0.01")),
        (text("0"), num("0")),
        (text("0.000"), num("0.000")),
        (text("1e3"), num("1000")),
        (Value::Int(i64::MAX), num("9223372036854775807")),
        (Value::Int(i64::MIN), num("-9223372036854775808")),
        (Value::Float(0.1), num("0.1")),
        (Value::Float(-1e-7), num("-0.0000001")),
        // PostgreSQL's special values stay text, whatever the features.
        (text("NaN"), text("NaN")),
        (Value::Float(f64::NAN), text("NaN")),
        (text("Infinity"), text("Infinity")),
        (Value::Float(f64::NEG_INFINITY), text("-Infinity")),
        // Past rust_decimal's 28 digits: exact text, never a rounded number.
        (
            text("123456789012345678901234567890.123456789"),
            text("123456789012345678901234567890.123456789"),
        ),
    ] {
        let got = one(
            &mut conn,
            "INSERT INTO num_exact (n) VALUES ($1) RETURNING n",
            std::slice::from_ref(&input),
        );
        assert_eq!(got, expected, "{input:?}");
    }
    assert_eq!(
        one(
            &mut conn,
            "INSERT INTO num_exact (m) VALUES ($1) RETURNING m",
            &[text("12345678901234.56")]
        ),
        num("12345678901234.56")
    );
    assert_eq!(
        one(&mut conn, "SELECT sum(m) FROM num_exact", &[]),
        num("12345678901234.56")
    );
    assert_eq!(one(&mut conn, "SELECT 1.10::numeric * 3", &[]), num("3.30"));
    assert_eq!(
        one(&mut conn, "SELECT 10::numeric ^ 40 + 0.5", &[]),
        text("10000000000000000000000000000000000000000.5000000000000000")
    );
    // Too many digits for numeric(20, 2): the server says so, as a Data error.
    let e = err(
        &mut conn,
        "INSERT INTO num_exact (m) VALUES ($1)",
        &[text("1e30")],
    );
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Data, Some("22003")),
        "{e}"
    );
    let e = err(
        &mut conn,
        "INSERT INTO num_exact (m) VALUES ($1)",
        &[text("12,5")],
    );
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Data, Some("22P02")),
        "{e}"
    );
}

#[test]
fn text_with_nul_is_a_data_error() {
    let mut conn = open();
    for sql in ["SELECT $1", "SELECT length($1::text)", "SELECT $1::varchar"] {
        let e = err(&mut conn, sql, &[text("a\0b")]);
        assert_eq!(e.kind, ErrorKind::Data, "{e}");
        assert!(e.message.contains("NUL"), "{e}");
    }
    // As bytes it is fine.
    assert_eq!(
        one(
            &mut conn,
            "SELECT $1::bytea",
            &[Value::Bytes(b"a\0b".to_vec())]
        ),
        Value::Bytes(b"a\0b".to_vec())
    );
}

#[test]
fn unicode_and_emoji_round_trip() {
    let _t = Tables::new(&["uni_text"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE uni_text (t text, v varchar(40), c char(3))")
        .unwrap();
    let s = "héllo wörld — 日本語 🎉👨‍👩‍👧 ﷽";
    let out = conn
        .run(
            "INSERT INTO uni_text VALUES ($1, $2, $3) RETURNING t, v, c, char_length(t)",
            &[text(s), text(s), text("é")],
        )
        .unwrap();
    assert_eq!(
        out.rows[0],
        vec![
            text(s),
            text(s),
            text("é  "),
            Value::Int(s.chars().count() as i64)
        ]
    );
    assert_eq!(
        one(
            &mut conn,
            "SELECT count(*) FROM uni_text WHERE t = $1 AND v LIKE $2",
            &[text(s), text("%🎉%")]
        ),
        Value::Int(1)
    );
}

#[test]
fn large_bytea_round_trips() {
    let _t = Tables::new(&["big_bytes"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE big_bytes (id int PRIMARY KEY, b bytea)")
        .unwrap();
    let data: Vec<u8> = (0..1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let out = conn
        .run(
            "INSERT INTO big_bytes VALUES ($1, $2)",
            &[Value::Int(1), Value::Bytes(data.clone())],
        )
        .unwrap();
    assert_eq!(out.rows_affected, 1);
    assert_eq!(
        one(
            &mut conn,
            "SELECT b FROM big_bytes WHERE id = $1",
            &[Value::Int(1)]
        ),
        Value::Bytes(data.clone())
    );
    assert_eq!(
        one(&mut conn, "SELECT length(b) FROM big_bytes", &[]),
        Value::Int(1024 * 1024)
    );
}

#[test]
fn other_types_read_as_text_or_fail_naming_the_type() {
    let mut conn = open();
    assert_eq!(
        one(
            &mut conn,
            "SELECT '1 year 2 mons 3 days 04:05:06.5'::interval",
            &[]
        ),
        text("P1Y2M3DT4H5M6.5S")
    );
    assert_eq!(
        one(&mut conn, "SELECT '192.168.0.1'::inet", &[]),
        text("192.168.0.1")
    );
    assert_eq!(
        one(&mut conn, "SELECT '10.0.0.0/8'::cidr", &[]),
        text("10.0.0.0/8")
    );
    assert_eq!(one(&mut conn, "SELECT '::1/64'::inet", &[]), text("::1/64"));
    assert_eq!(
        one(&mut conn, "SELECT '12:00:00+02'::timetz", &[]),
        text("12:00:00+02:00")
    );
    assert_eq!(
        one(&mut conn, "SELECT 'pg_class'::name", &[]),
        text("pg_class")
    );
    assert_eq!(
        one(&mut conn, "SELECT 'infinity'::date", &[]),
        text("infinity")
    );
    assert_eq!(
        one(&mut conn, "SELECT '-infinity'::timestamptz", &[]),
        text("-infinity")
    );
    assert_eq!(
        one(&mut conn, "SELECT '24:00'::time", &[]),
        text("24:00:00")
    );
    assert_eq!(
        one(&mut conn, "SELECT 'pg_class'::regclass::oid > 0", &[]),
        Value::Bool(true)
    );
    assert_eq!(one(&mut conn, "SELECT NULL::int4[]", &[]), Value::Null);
    // A function returning void has no value to give: NULL.
    assert_eq!(one(&mut conn, "SELECT pg_sleep(0)", &[]), Value::Null);
    assert_eq!(
        rows(&mut conn, "SELECT 1 AS n, pg_sleep(0) AS v", &[]),
        vec![vec![Value::Int(1), Value::Null]]
    );
    let e = err(&mut conn, "SELECT ARRAY[1, 2]", &[]);
    assert_eq!(e.kind, ErrorKind::Data, "{e}");
    assert!(
        e.message.contains("int4[]") && e.message.contains("::text"),
        "{e}"
    );
    assert_eq!(
        one(&mut conn, "SELECT ARRAY[1, 2]::text", &[]),
        text("{1,2}")
    );
    // Text reaches arrays, intervals, enums… through the server's input functions.
    assert_eq!(
        one(
            &mut conn,
            "SELECT cardinality($1::int4[])",
            &[text("{1,2,3}")]
        ),
        Value::Int(3)
    );
    assert_eq!(
        one(
            &mut conn,
            "SELECT $1::interval",
            &[text("1 day 2 hours -3 minutes")]
        ),
        text("P1DT1H57M")
    );
}

#[test]
fn constraint_violations_are_integrity_errors() {
    let _t = Tables::new(&["ie_child", "ie_parent"]);
    let mut conn = open();
    conn.run_script(
        "CREATE TABLE ie_parent (id int PRIMARY KEY, name text NOT NULL, qty int CHECK (qty >= 0));
         CREATE TABLE ie_child (id int PRIMARY KEY, parent_id int REFERENCES ie_parent (id));",
    )
    .unwrap();
    conn.run(
        "INSERT INTO ie_parent VALUES ($1, $2, $3)",
        &[Value::Int(1), text("a"), Value::Int(1)],
    )
    .unwrap();
    for (sql, params, code, needle) in [
        (
            "INSERT INTO ie_parent VALUES ($1, $2, $3)",
            vec![Value::Int(1), text("b"), Value::Int(1)],
            "23505",
            "DETAIL: Key (id)=(1) already exists.",
        ),
        (
            "INSERT INTO ie_child VALUES ($1, $2)",
            vec![Value::Int(1), Value::Int(99)],
            "23503",
            "ie_child_parent_id_fkey",
        ),
        (
            "INSERT INTO ie_parent VALUES ($1, $2, $3)",
            vec![Value::Int(2), Value::Null, Value::Int(1)],
            "23502",
            "\"name\"",
        ),
        (
            "UPDATE ie_parent SET qty = $1 WHERE id = $2",
            vec![Value::Int(-1), Value::Int(1)],
            "23514",
            "ie_parent_qty_check",
        ),
    ] {
        let e = err(&mut conn, sql, &params);
        assert_eq!(e.kind, ErrorKind::Integrity, "{e}");
        assert_eq!(e.code.as_deref(), Some(code), "{e}");
        assert!(e.message.contains(needle), "{e}");
        assert_eq!(e.sql.as_deref(), Some(sql));
    }
}

#[test]
fn bad_sql_is_a_programming_error() {
    let mut conn = open();
    for (sql, params, code) in [
        ("SELEC 1", vec![], Some("42601")),
        ("SELECT * FROM no_such_table_pe", vec![], Some("42P01")),
        ("SELECT no_such_column FROM pg_class", vec![], Some("42703")),
        ("SELECT $1::int4 + $2::int4", vec![Value::Int(1)], None),
        ("SELECT 1", vec![Value::Int(1)], None),
    ] {
        let e = err(&mut conn, sql, &params);
        assert_eq!(e.kind, ErrorKind::Programming, "{e}");
        assert_eq!(e.code.as_deref(), code, "{e}");
        assert_eq!(e.sql.as_deref(), Some(sql));
    }
    let e = conn.run_script("CREATE TABLE (").unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Programming, Some("42601")),
        "{e}"
    );
    // The connection is still usable.
    assert_eq!(one(&mut conn, "SELECT 1", &[]), Value::Int(1));
}

#[test]
fn connection_failures_are_connection_errors() {
    // A port nothing listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let closed: Url =
        format!("postgresql://sqlcraft:sqlcraft@127.0.0.1:{port}/sqlcraft_test?connect_timeout=5")
            .parse()
            .unwrap();
    let e = PostgresDriver::new()
        .connect(&closed)
        .err()
        .expect("connected to a closed port");
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    assert!(e.message.contains(&format!("127.0.0.1:{port}")), "{e}");
    assert!(
        !e.message.contains(":sqlcraft@"),
        "the password leaked: {e}"
    );

    // TLS is refused up front rather than silently dropped.
    let mut tls = url().to_string_with_password();
    tls.push_str(if tls.contains('?') { "&" } else { "?" });
    tls.push_str("sslmode=require");
    let e = PostgresDriver::new()
        .connect(&tls.parse().unwrap())
        .err()
        .unwrap();
    assert_eq!(e.kind, ErrorKind::Programming, "{e}");
    assert!(e.message.contains("sslmode=require"), "{e}");

    // The server's refusal keeps its SQLSTATE.
    let good = url();
    let mut bad = Url::builder("postgresql")
        .username(good.username().unwrap())
        .password("wrong-password")
        .host(good.host().unwrap())
        .database(good.database().unwrap());
    if let Some(p) = good.port() {
        bad = bad.port(p);
    }
    let e = PostgresDriver::new().connect(&bad.build()).err().unwrap();
    assert_eq!(e.code.as_deref(), Some("28P01"), "{e}");
    assert!(!e.message.contains("wrong-password"), "{e}");
}

#[test]
fn rows_affected_and_returning() {
    let _t = Tables::new(&["ra_items"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE ra_items (id serial PRIMARY KEY, name text, qty int)")
        .unwrap();
    let ins = conn
        .run(
            "INSERT INTO ra_items (name, qty) VALUES ($1, $2), ($3, $4), ($5, $6)",
            &[
                text("a"),
                Value::Int(1),
                text("b"),
                Value::Int(2),
                text("c"),
                Value::Int(3),
            ],
        )
        .unwrap();
    assert_eq!(
        (ins.rows_affected, ins.rows.len(), ins.columns.len()),
        (3, 0, 0)
    );
    assert_eq!(ins.last_insert_id, None);

    let upd = conn
        .run(
            "UPDATE ra_items SET qty = qty + 1 WHERE qty >= $1",
            &[Value::Int(2)],
        )
        .unwrap();
    assert_eq!(upd.rows_affected, 2);
    let none = conn
        .run(
            "UPDATE ra_items SET qty = 0 WHERE id = $1",
            &[Value::Int(-1)],
        )
        .unwrap();
    assert_eq!(none.rows_affected, 0);

    let ret = conn
        .run(
            "INSERT INTO ra_items (name, qty) VALUES ($1, $2), ($3, $4) RETURNING id, name",
            &[text("d"), Value::Int(4), text("e"), Value::Int(5)],
        )
        .unwrap();
    assert_eq!(ret.rows_affected, 2);
    assert_eq!(&*ret.columns, ["id", "name"]);
    assert_eq!(
        ret.rows,
        vec![
            vec![Value::Int(4), text("d")],
            vec![Value::Int(5), text("e")]
        ]
    );
    assert_eq!(ret.last_insert_id, None);

    let upd = conn
        .run(
            "UPDATE ra_items SET qty = qty * 10 WHERE id <= $1 RETURNING qty",
            &[Value::Int(2)],
        )
        .unwrap();
    assert_eq!((upd.rows_affected, upd.rows.len()), (2, 2));

    let del = conn
        .run(
            "WITH gone AS (SELECT 1) DELETE FROM ra_items WHERE name IN ($1, $2) RETURNING id",
            &[text("a"), text("e")],
        )
        .unwrap();
    assert_eq!((del.rows_affected, del.rows.len()), (2, 2));
    let del = conn
        .run("DELETE FROM ra_items WHERE qty > $1", &[Value::Int(0)])
        .unwrap();
    assert_eq!(del.rows_affected, 3);

    // Queries report no affected rows, whatever they return.
    let sel = conn
        .run("SELECT generate_series(1, $1)", &[Value::Int(5)])
        .unwrap();
    assert_eq!((sel.rows_affected, sel.rows.len()), (0, 5));
    let ddl = conn
        .run("CREATE INDEX ra_items_name ON ra_items (name)", &[])
        .unwrap();
    assert_eq!(ddl.rows_affected, 0);
}

#[test]
fn statements_are_prepared_once_per_sql_text() {
    let _t = Tables::new(&["ps_cache"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE ps_cache (id int, name text)")
        .unwrap();
    assert_eq!(conn.prepared_statements(), 0);
    let insert = "INSERT INTO ps_cache VALUES ($1, $2)";
    for i in 0..5 {
        conn.run(insert, &[Value::Int(i), text("x")]).unwrap();
    }
    assert_eq!(conn.prepared_statements(), 1);
    assert_eq!(conn.cached_statements(), 1);
    assert_eq!(
        one(&mut conn, "SELECT count(*) FROM ps_cache", &[]),
        Value::Int(5)
    );
    assert_eq!(
        one(&mut conn, "SELECT count(*) FROM ps_cache", &[]),
        Value::Int(5)
    );
    assert_eq!(conn.prepared_statements(), 2);
    // The server holds them as prepared statements of this session.
    assert_eq!(
        one(
            &mut conn,
            "SELECT count(*) FROM pg_prepared_statements",
            &[]
        ),
        Value::Int(3)
    );

    // A schema change behind a cached statement: it is prepared again.
    let star = "SELECT * FROM ps_cache ORDER BY id LIMIT 1";
    assert_eq!(conn.run(star, &[]).unwrap().columns.len(), 2);
    conn.run_script("ALTER TABLE ps_cache ADD COLUMN extra int DEFAULT 7")
        .unwrap();
    let out = conn.run(star, &[]).unwrap();
    assert_eq!(&*out.columns, ["id", "name", "extra"]);
    assert_eq!(
        out.rows,
        vec![vec![Value::Int(0), text("x"), Value::Int(7)]]
    );

    // The cache is bounded: least recently used statements are closed.
    let url = url();
    let mut small = PostgresDriver::new()
        .statement_cache_size(2)
        .open(&url)
        .unwrap();
    for n in 1..=4 {
        small.run(&format!("SELECT {n}"), &[]).unwrap();
    }
    assert_eq!(
        (small.prepared_statements(), small.cached_statements()),
        (4, 2)
    );
    small.run("SELECT 4", &[]).unwrap();
    assert_eq!(small.prepared_statements(), 4);
    small.run("SELECT 1", &[]).unwrap();
    assert_eq!(small.prepared_statements(), 5);
    assert_eq!(
        one(
            &mut small,
            "SELECT count(*) FROM pg_prepared_statements",
            &[]
        ),
        Value::Int(2)
    );
    // No cache at all: every run prepares.
    let mut none = PostgresDriver::new()
        .statement_cache_size(0)
        .open(&url)
        .unwrap();
    none.run("SELECT 1", &[]).unwrap();
    none.run("SELECT 1", &[]).unwrap();
    assert_eq!(
        (none.prepared_statements(), none.cached_statements()),
        (2, 0)
    );
}

#[test]
fn transactions() {
    let _t = Tables::new(&["tx_rows"]);
    let mut conn = open();
    conn.run_script("CREATE TABLE tx_rows (id int PRIMARY KEY)")
        .unwrap();
    let count = |conn: &mut PostgresConnection| one(conn, "SELECT count(*) FROM tx_rows", &[]);

    conn.begin(None).unwrap();
    conn.run("INSERT INTO tx_rows VALUES ($1)", &[Value::Int(1)])
        .unwrap();
    assert_eq!(count(&mut conn), Value::Int(1));
    conn.rollback().unwrap();
    assert_eq!(count(&mut conn), Value::Int(0));

    conn.begin(None).unwrap();
    conn.run("INSERT INTO tx_rows VALUES ($1)", &[Value::Int(2)])
        .unwrap();
    conn.commit().unwrap();
    assert_eq!(count(&mut open()), Value::Int(1));

    for (level, shown) in [
        (IsolationLevel::Serializable, "serializable"),
        (IsolationLevel::RepeatableRead, "repeatable read"),
        (IsolationLevel::ReadCommitted, "read committed"),
        (IsolationLevel::ReadUncommitted, "read uncommitted"),
    ] {
        conn.begin(Some(level)).unwrap();
        assert_eq!(
            one(&mut conn, "SHOW transaction_isolation", &[]),
            text(shown)
        );
        conn.commit().unwrap();
    }
    assert_eq!(
        one(&mut conn, "SHOW transaction_isolation", &[]),
        text("read committed")
    );

    // A failed statement aborts the transaction: COMMIT must not pretend.
    conn.begin(None).unwrap();
    conn.run("INSERT INTO tx_rows VALUES ($1)", &[Value::Int(3)])
        .unwrap();
    let e = err(
        &mut conn,
        "INSERT INTO tx_rows VALUES ($1)",
        &[Value::Int(2)],
    );
    assert_eq!(e.kind, ErrorKind::Integrity);
    let e = err(&mut conn, "SELECT 1", &[]);
    assert_eq!(e.code.as_deref(), Some("25P02"), "{e}");
    let e = conn.commit().unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_deref()),
        (ErrorKind::Transaction, Some("25P02")),
        "{e}"
    );
    assert_eq!(count(&mut conn), Value::Int(1));

    // …but a savepoint that recovered it can be committed.
    conn.begin(None).unwrap();
    conn.run("INSERT INTO tx_rows VALUES ($1)", &[Value::Int(4)])
        .unwrap();
    conn.run_script("SAVEPOINT s").unwrap();
    err(
        &mut conn,
        "INSERT INTO tx_rows VALUES ($1)",
        &[Value::Int(4)],
    );
    conn.run_script("ROLLBACK TO SAVEPOINT s").unwrap();
    conn.commit().unwrap();
    assert_eq!(count(&mut conn), Value::Int(2));
}

#[test]
fn ping_and_a_terminated_backend() {
    let mut conn = open();
    conn.ping().unwrap();
    assert!(!conn.is_broken());
    let pid = one(&mut conn, "SELECT pg_backend_pid()", &[]);

    let mut killer = open();
    assert_eq!(
        one(
            &mut killer,
            "SELECT pg_terminate_backend($1)",
            std::slice::from_ref(&pid)
        ),
        Value::Bool(true)
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while one(
        &mut killer,
        "SELECT count(*) FROM pg_stat_activity WHERE pid = $1",
        std::slice::from_ref(&pid),
    ) != Value::Int(0)
    {
        assert!(Instant::now() < deadline, "backend {pid:?} did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }

    let e = conn.ping().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    assert!(conn.is_broken());
    let e = err(&mut conn, "SELECT 1", &[]);
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
}

#[test]
fn driver_contract() {
    let driver = PostgresDriver::new();
    assert_eq!(driver.name(), "postgres");
    assert_eq!(driver.dialect().name(), "postgresql");
    assert_eq!(driver.max_params(), 65535);
    assert!(!driver.is_private_database(&url()));

    let _t = Tables::new(&["dc_exists"]);
    let mut conn = driver.connect(&url()).unwrap();
    conn.run_script("CREATE TABLE dc_exists (id int)").unwrap();
    for (schema, name, exists) in [
        (None, "dc_exists", true),
        (Some("public"), "dc_exists", true),
        (Some("pg_catalog"), "dc_exists", false),
        (None, "dc_missing", false),
    ] {
        let (sql, params) = driver.table_exists_query(schema, name);
        let out = conn.run(&sql, &params).unwrap();
        assert_eq!(!out.rows.is_empty(), exists, "{schema:?}.{name}");
    }
}

#[test]
fn statements_compiled_by_sqlcraft_run_with_their_params() {
    let _t = Tables::new(&["cs_orders", "cs_users"]);
    let mut meta = MetaData::new();
    let users = meta
        .table("cs_users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50)).not_null();
            t.column("email", SqlType::string(100)).unique();
            t.column("visits", SqlType::Integer).default(0);
        })
        .unwrap();
    let orders = meta
        .table("cs_orders", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .not_null()
                .references(&users, "id");
            t.column("amount", SqlType::Numeric(10, 2)).not_null();
        })
        .unwrap();
    let mut conn = open();
    for ddl in meta.create_statements(false).unwrap() {
        conn.run_script(&ddl.compile(&Postgres).unwrap().sql)
            .unwrap();
    }
    let run = |conn: &mut PostgresConnection, stmt: &dyn Fn() -> Compiled| {
        let c = stmt();
        conn.run(&c.sql, &c.values().unwrap())
            .unwrap_or_else(|e| panic!("{e}"))
    };

    // INSERT … RETURNING, ids from the identity column.
    let out = run(&mut conn, &|| {
        insert(&users)
            .columns(["name", "email"])
            .row(("ann", "ann@x.io"))
            .row(("bob", "bob@x.io"))
            .row(("cyd", "cyd@y.io"))
            .returning((users.c("id"), users.c("name")))
            .compile(&Postgres)
            .unwrap()
    });
    assert_eq!(out.rows_affected, 3);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::Int(1), text("ann")],
            vec![Value::Int(2), text("bob")],
            vec![Value::Int(3), text("cyd")]
        ]
    );
    let out = run(&mut conn, &|| {
        insert(&orders)
            .columns(["user_id", "amount"])
            .row((1, "10.50"))
            .row((1, "0.99"))
            .row((2, "100.00"))
            .row((3, "7.25"))
            .compile(&Postgres)
            .unwrap()
    });
    assert_eq!(out.rows_affected, 4);

    // A join, an IN list, LIKE and LIMIT (an int8 placeholder).
    let query = || {
        select((users.c("name"), orders.c("amount")))
            .from(&users)
            .join(&orders, users.c("id").eq(orders.c("user_id")))
            .filter(users.c("id").in_(vec![1, 2, 3]))
            .filter(users.c("email").like("%@x.io"))
            .order_by(orders.c("amount").desc())
            .limit(2)
            .compile(&Postgres)
            .unwrap()
    };
    assert!(query().sql.contains("LIKE $"), "{}", query().sql);
    let out = run(&mut conn, &query);
    assert_eq!(&*out.columns, ["name", "amount"]);
    assert_eq!(
        out.rows,
        vec![
            vec![text("bob"), num("100.00")],
            vec![text("ann"), num("10.50")]
        ]
    );
    assert_eq!(out.rows_affected, 0);
    // The same statement shape again reuses the prepared statement.
    let before = conn.prepared_statements();
    run(&mut conn, &query);
    assert_eq!(conn.prepared_statements(), before);

    // An upsert: one row updated, one inserted.
    let upsert = || {
        insert(&users)
            .columns(["id", "name", "email"])
            .row((1, "ann2", "ann@x.io"))
            .row((4, "dee", "dee@x.io"))
            .on_conflict(OnConflict::columns(["id"]).do_update([
                ("name", excluded("name")),
                ("visits", users.c("visits") + 1),
            ]))
            .returning((users.c("id"), users.c("name"), users.c("visits")))
            .compile(&Postgres)
            .unwrap()
    };
    let out = run(&mut conn, &upsert);
    assert_eq!(out.rows_affected, 2);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::Int(1), text("ann2"), Value::Int(1)],
            vec![Value::Int(4), text("dee"), Value::Int(0)]
        ]
    );
    // An UPDATE and a DELETE compiled the same way.
    let out = run(&mut conn, &|| {
        update(&users)
            .set("visits", users.c("visits") + 10)
            .filter(users.c("name").like("%d%"))
            .compile(&Postgres)
            .unwrap()
    });
    assert_eq!(out.rows_affected, 2);
    let out = run(&mut conn, &|| {
        delete(&orders)
            .filter(orders.c("amount").lt(lit("5")))
            .compile(&Postgres)
            .unwrap()
    });
    assert_eq!(out.rows_affected, 1);
    for ddl in meta.drop_statements(true).unwrap() {
        conn.run_script(&ddl.compile(&Postgres).unwrap().sql)
            .unwrap();
    }
}
