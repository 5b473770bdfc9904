//! The MySQL/MariaDB driver adapter against a real server.
//!
//! Run through `./scripts/with-servers.sh cargo test -p sqlcraft-mysql` (with and
//! without `--all-features`): it starts a throwaway MariaDB and exports
//! `SQLCRAFT_MYSQL_URL`. Without that variable every test here fails.
//!
//! Tests run in parallel against one database, so each uses its own table names
//! (suffixed with the process id) and drops them when it ends.
#![cfg(feature = "driver")]

use sqlcraft::engine::{
    DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Outcome, Url,
};
use sqlcraft::prelude::*;
use sqlcraft::Dialect;
use sqlcraft_mysql::{MySql, MySqlConnection, MySqlDriver};
use std::time::Duration;

fn url() -> Url {
    let text = std::env::var("SQLCRAFT_MYSQL_URL").unwrap_or_else(|_| {
        panic!(
            "SQLCRAFT_MYSQL_URL is not set: these tests need a MySQL/MariaDB server. Run them \
             with `./scripts/with-servers.sh cargo test -p sqlcraft-mysql`, which starts one \
             and sets it (mysql://user:password@127.0.0.1:PORT/database)."
        )
    });
    text.parse()
        .unwrap_or_else(|e| panic!("SQLCRAFT_MYSQL_URL is not a valid URL: {e}"))
}

/// A URL like the test server's, with a query option added.
fn url_with(key: &str, value: &str) -> Url {
    let mut text = url().to_string_with_password();
    text.push(if text.contains('?') { '&' } else { '?' });
    text.push_str(&format!("{key}={value}"));
    text.parse().unwrap()
}

fn connect() -> MySqlConnection {
    MySqlDriver::default()
        .open(&url())
        .unwrap_or_else(|e| panic!("cannot connect to SQLCRAFT_MYSQL_URL: {e}"))
}

/// Unique table names for one test, dropped (in reverse order) when it ends.
struct Tables(Vec<String>);

impl Tables {
    fn new(tags: &[&str]) -> Tables {
        Tables(
            tags.iter()
                .map(|t| format!("drv_{t}_{}", std::process::id()))
                .collect(),
        )
    }
    fn name(&self, i: usize) -> &str {
        &self.0[i]
    }
}

impl Drop for Tables {
    fn drop(&mut self) {
        if let Ok(mut conn) = MySqlDriver::default().open(&url()) {
            for t in self.0.iter().rev() {
                let _ = conn.run_script(&format!("DROP TABLE IF EXISTS `{t}`"));
            }
        }
    }
}

#[track_caller]
fn run(conn: &mut MySqlConnection, sql: &str, params: &[Value]) -> Outcome {
    conn.run(sql, params)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[track_caller]
fn script(conn: &mut MySqlConnection, sql: &str) {
    conn.run_script(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[track_caller]
fn one(conn: &mut MySqlConnection, sql: &str, params: &[Value]) -> Value {
    let out = run(conn, sql, params);
    assert_eq!(out.rows.len(), 1, "{sql}: {:?}", out.rows);
    assert_eq!(out.rows[0].len(), 1, "{sql}: {:?}", out.rows);
    out.rows[0][0].clone()
}

#[track_caller]
fn expect_err(conn: &mut MySqlConnection, sql: &str, params: &[Value], kind: ErrorKind) -> DbError {
    match conn.run(sql, params) {
        Ok(out) => panic!("{sql}: expected a {kind:?} error, got {out:?}"),
        Err(e) => {
            assert_eq!(e.kind, kind, "{sql}: {e}");
            assert_eq!(e.sql.as_deref(), Some(sql), "the SQL is attached: {e}");
            e
        }
    }
}

fn count(conn: &mut MySqlConnection, table: &str) -> i64 {
    match one(conn, &format!("SELECT COUNT(*) FROM `{table}`"), &[]) {
        Value::Int(n) => n,
        other => panic!("COUNT(*) gave {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// values
// ---------------------------------------------------------------------------

/// Values bound for the round trip, and what reading them back gives, for the
/// features this test was built with.
#[allow(clippy::type_complexity)]
fn round_trip_cases() -> Vec<(&'static str, Value, Value)> {
    let all_bytes: Vec<u8> = (0..=255u8).collect();
    let mut cases = vec![
        ("ti", Value::Int(-128), Value::Int(-128)),
        ("si", Value::Int(-32768), Value::Int(-32768)),
        (
            "i",
            Value::Int(i64::from(i32::MIN)),
            Value::Int(i64::from(i32::MIN)),
        ),
        ("bi", Value::Int(i64::MIN), Value::Int(i64::MIN)),
        ("bu", Value::Int(i64::MAX), Value::Int(i64::MAX)),
        ("f", Value::Float(1.5), Value::Float(1.5)),
        ("fl", Value::Float(0.1), Value::Float(0.1)),
        ("d", Value::Float(-2.5e-300), Value::Float(-2.5e-300)),
        ("vc", Value::from("plain"), Value::from("plain")),
        ("lt", Value::from("long text"), Value::from("long text")),
        ("b", Value::Bool(true), Value::Int(1)),
        ("b2", Value::Bool(false), Value::Int(0)),
        (
            "lb",
            Value::Bytes(all_bytes.clone()),
            Value::Bytes(all_bytes),
        ),
        (
            "vb",
            Value::Bytes(vec![0, 1, 0xfe, 0xff]),
            Value::Bytes(vec![0, 1, 0xfe, 0xff]),
        ),
        ("bt", Value::Int(5), Value::Int(5)),
        ("yr", Value::Int(2024), Value::Int(2024)),
        ("en", Value::from("b"), Value::from("b")),
    ];
    #[cfg(feature = "decimal")]
    cases.push((
        "dc",
        Value::Decimal("-1234567890.12".parse().unwrap()),
        Value::Decimal("-1234567890.12".parse().unwrap()),
    ));
    #[cfg(not(feature = "decimal"))]
    cases.push((
        "dc",
        Value::from("-1234567890.12"),
        Value::from("-1234567890.12"),
    ));
    #[cfg(feature = "chrono")]
    {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let time = chrono::NaiveTime::from_hms_micro_opt(13, 14, 15, 123_456).unwrap();
        let dt = date.and_time(time);
        let utc = chrono::DateTime::from_naive_utc_and_offset(dt, chrono::Utc);
        cases.push(("dt", Value::Date(date), Value::Date(date)));
        cases.push(("tm", Value::Time(time), Value::Time(time)));
        cases.push(("dtm", Value::DateTime(dt), Value::DateTime(dt)));
        cases.push(("ts", Value::DateTimeUtc(utc), Value::DateTimeUtc(utc)));
    }
    #[cfg(not(feature = "chrono"))]
    {
        cases.push(("dt", Value::from("2024-02-29"), Value::from("2024-02-29")));
        cases.push((
            "tm",
            Value::from("13:14:15.123456"),
            Value::from("13:14:15.123456"),
        ));
        cases.push((
            "dtm",
            Value::from("2024-02-29 13:14:15.123456"),
            Value::from("2024-02-29 13:14:15.123456"),
        ));
        cases.push((
            "ts",
            Value::from("2024-02-29 13:14:15.123456"),
            Value::from("2024-02-29 13:14:15.123456+00:00"),
        ));
    }
    let json_text = r#"{"a":[1,2.5,"x\"y"],"b":null,"c":{"d":true}}"#;
    #[cfg(feature = "json")]
    {
        let doc: serde_json::Value = serde_json::from_str(json_text).unwrap();
        // MariaDB's JSON is LONGTEXT: it reads back as the text that was stored.
        cases.push(("j", Value::Json(doc.clone()), Value::from(doc.to_string())));
    }
    #[cfg(not(feature = "json"))]
    cases.push(("j", Value::from(json_text), Value::from(json_text)));
    let uuid_text = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    #[cfg(feature = "uuid")]
    cases.push((
        "u",
        Value::Uuid(uuid_text.parse().unwrap()),
        Value::from(uuid_text),
    ));
    #[cfg(not(feature = "uuid"))]
    cases.push(("u", Value::from(uuid_text), Value::from(uuid_text)));
    cases
}

#[test]
fn every_value_kind_round_trips() {
    let tables = Tables::new(&["values"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!(
            "CREATE TABLE `{t}` (id INT AUTO_INCREMENT PRIMARY KEY, ti TINYINT, si SMALLINT, \
             i INT, mi MEDIUMINT, bi BIGINT, bu BIGINT UNSIGNED, dc DECIMAL(12,2), f FLOAT, fl FLOAT, d DOUBLE, \
             vc VARCHAR(100), lt LONGTEXT, b BOOL, b2 BOOL, lb LONGBLOB, vb VARBINARY(16), \
             bt BIT(8), yr YEAR, en ENUM('a','b'), dt DATE, tm TIME(6), dtm DATETIME(6), \
             ts TIMESTAMP(6) NULL, j JSON, u CHAR(36)) ENGINE=InnoDB"
        ),
    );
    let cases = round_trip_cases();
    let cols: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let list = cols
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; cols.len()].join(", ");
    let insert = format!("INSERT INTO `{t}` ({list}) VALUES ({marks})");
    let bound: Vec<Value> = cases.iter().map(|c| c.1.clone()).collect();
    let out = run(&mut conn, &insert, &bound);
    assert_eq!(out.rows_affected, 1);
    assert_eq!(out.last_insert_id, Some(1));
    // A row of NULLs in every column.
    let nulls = vec![Value::Null; cols.len()];
    run(&mut conn, &insert, &nulls);

    let out = run(
        &mut conn,
        &format!("SELECT {list} FROM `{t}` ORDER BY id"),
        &[],
    );
    assert_eq!(
        &*out.columns,
        &cols.iter().map(|c| c.to_string()).collect::<Vec<_>>()[..]
    );
    assert_eq!(out.rows.len(), 2);
    assert_eq!(out.rows_affected, 0);
    for (i, (col, _, expected)) in cases.iter().enumerate() {
        assert_eq!(&out.rows[0][i], expected, "column {col}");
        assert_eq!(out.rows[1][i], Value::Null, "column {col} (NULL row)");
    }
    #[cfg(feature = "json")]
    {
        let Value::Text(text) = &out.rows[0][cols.iter().position(|c| *c == "j").unwrap()] else {
            panic!("JSON column")
        };
        let Value::Json(sent) = &cases.iter().find(|c| c.0 == "j").unwrap().1 else {
            panic!()
        };
        assert_eq!(
            &serde_json::from_str::<serde_json::Value>(text).unwrap(),
            sent
        );
    }

    // Values bound in a WHERE find the row (the same conversions both ways).
    for (col, sent, _) in &cases {
        if matches!(*col, "f" | "fl" | "j" | "bt") {
            continue; // FLOAT equality and JSON text comparison are not exact matches
        }
        let sql = format!("SELECT id FROM `{t}` WHERE `{col}` = ?");
        assert_eq!(
            one(&mut conn, &sql, std::slice::from_ref(sent)),
            Value::Int(1),
            "{col}"
        );
    }
}

#[test]
fn select_expressions_have_typed_results() {
    let mut conn = connect();
    let out = run(
        &mut conn,
        "SELECT 1 AS one, CAST(-5 AS SIGNED) AS neg, 2.50 AS dec_lit, 1e0 AS dbl, 'x' AS txt, \
         CAST('ab' AS BINARY) AS bin, NULL AS nothing, b'101' AS bits, CAST(? AS CHAR) AS echoed",
        &[Value::Int(7)],
    );
    assert_eq!(
        &*out.columns,
        ["one", "neg", "dec_lit", "dbl", "txt", "bin", "nothing", "bits", "echoed"]
            .map(String::from)
    );
    #[cfg(feature = "decimal")]
    let dec = Value::Decimal("2.50".parse().unwrap());
    #[cfg(not(feature = "decimal"))]
    let dec = Value::from("2.50");
    assert_eq!(
        out.rows,
        vec![vec![
            Value::Int(1),
            Value::Int(-5),
            dec,
            Value::Float(1.0),
            Value::from("x"),
            Value::Bytes(b"ab".to_vec()),
            Value::Null,
            Value::Bytes(vec![5]),
            Value::from("7"),
        ]]
    );
}

#[test]
fn out_of_range_and_too_long_values_are_data_errors() {
    let tables = Tables::new(&["range"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (i INT, s VARCHAR(3), u INT UNSIGNED, d DATE)"),
    );
    let insert_i = format!("INSERT INTO `{t}` (i) VALUES (?)");
    let e = expect_err(
        &mut conn,
        &insert_i,
        &[Value::Int(i64::from(i32::MAX) + 1)],
        ErrorKind::Data,
    );
    assert_eq!(e.code.as_deref(), Some("1264"), "{e}");
    assert!(
        e.message.contains("22003"),
        "the SQLSTATE is in the message: {e}"
    );
    expect_err(
        &mut conn,
        &format!("INSERT INTO `{t}` (u) VALUES (?)"),
        &[Value::Int(-1)],
        ErrorKind::Data,
    );
    let e = expect_err(
        &mut conn,
        &format!("INSERT INTO `{t}` (s) VALUES (?)"),
        &[Value::from("abcd")],
        ErrorKind::Data,
    );
    assert_eq!(e.code.as_deref(), Some("1406"), "{e}");
    let e = expect_err(
        &mut conn,
        &insert_i,
        &[Value::from("12abc")],
        ErrorKind::Data,
    );
    assert!(matches!(e.code.as_deref(), Some("1265" | "1366")), "{e}");
    // Bytes that are not UTF-8 into a utf8mb4 column: an incorrect string value.
    let e = expect_err(
        &mut conn,
        &format!("INSERT INTO `{t}` (s) VALUES (?)"),
        &[Value::Bytes(vec![0xff, 0xfe])],
        ErrorKind::Data,
    );
    assert_eq!(e.code.as_deref(), Some("1366"), "{e}");
    expect_err(
        &mut conn,
        &format!("INSERT INTO `{t}` (d) VALUES (?)"),
        &[Value::from("2024-02-30")],
        ErrorKind::Data,
    );
    let e = expect_err(
        &mut conn,
        &format!("INSERT INTO `{t}` (i) VALUES (1 / ?)"),
        &[Value::Int(0)],
        ErrorKind::Data,
    );
    assert_eq!(e.code.as_deref(), Some("1365"), "{e}");
    assert_eq!(
        count(&mut conn, t),
        0,
        "nothing was stored, truncated or wrapped"
    );
    assert!(!conn.is_broken());
}

#[test]
fn bigint_unsigned_beyond_i64_is_a_data_error_not_a_wrap() {
    let tables = Tables::new(&["ubig"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (id INT PRIMARY KEY, u BIGINT UNSIGNED)"),
    );
    run(
        &mut conn,
        &format!("INSERT INTO `{t}` VALUES (1, ?), (2, ?)"),
        &[Value::Int(i64::MAX), Value::from("18446744073709551615")],
    );
    let sql = format!("SELECT u FROM `{t}` WHERE id = ?");
    assert_eq!(one(&mut conn, &sql, &[Value::Int(1)]), Value::Int(i64::MAX));
    let e = expect_err(&mut conn, &sql, &[Value::Int(2)], ErrorKind::Data);
    assert!(e.message.contains("18446744073709551615"), "{e}");
    // The connection is still in step: the rest of the result was read.
    assert!(!conn.is_broken());
    assert_eq!(
        one(
            &mut conn,
            &format!("SELECT CAST(u AS CHAR) FROM `{t}` WHERE id = ?"),
            &[Value::Int(2)]
        ),
        Value::from("18446744073709551615")
    );
    let all = format!("SELECT u FROM `{t}` ORDER BY id");
    expect_err(&mut conn, &all, &[], ErrorKind::Data);
    assert_eq!(one(&mut conn, "SELECT ?", &[Value::Int(3)]), Value::Int(3));
}

#[test]
fn decimals_are_exact() {
    let tables = Tables::new(&["dec"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (id INT PRIMARY KEY, d DECIMAL(13,2), big DECIMAL(40,20))"),
    );
    let texts = ["12345678901.23", "-0.01", "0.10", "-9999999999.99"];
    for (i, text) in texts.iter().enumerate() {
        #[cfg(feature = "decimal")]
        let v = Value::Decimal(text.parse().unwrap());
        #[cfg(not(feature = "decimal"))]
        let v = Value::from(*text);
        run(
            &mut conn,
            &format!("INSERT INTO `{t}` (id, d) VALUES (?, ?)"),
            &[Value::Int(i as i64), v],
        );
    }
    let out = run(&mut conn, &format!("SELECT d FROM `{t}` ORDER BY id"), &[]);
    let got: Vec<String> = out
        .rows
        .iter()
        .map(|r| match &r[0] {
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => d.to_string(),
            Value::Text(s) => s.clone(),
            other => panic!("a DECIMAL read as {other:?}, not exactly"),
        })
        .collect();
    assert_eq!(got, texts);
    // Sums stay exact too: 0.01 * 3 is not 0.030000000000000002.
    let sum = one(
        &mut conn,
        &format!("SELECT SUM(d) FROM `{t}` WHERE id IN (?, ?)"),
        &[Value::Int(1), Value::Int(2)],
    );
    #[cfg(feature = "decimal")]
    assert_eq!(sum, Value::Decimal("0.09".parse().unwrap()));
    #[cfg(not(feature = "decimal"))]
    assert_eq!(sum, Value::from("0.09"));
    // Beyond what rust_decimal holds (28 digits), text is the only exact form.
    run(
        &mut conn,
        &format!("INSERT INTO `{t}` (id, big) VALUES (9, ?)"),
        &[Value::from("12345678901234567890.12345678901234567890")],
    );
    let big = conn.run(&format!("SELECT big FROM `{t}` WHERE id = 9"), &[]);
    #[cfg(feature = "decimal")]
    assert_eq!(big.unwrap_err().kind, ErrorKind::Data);
    #[cfg(not(feature = "decimal"))]
    assert_eq!(
        big.unwrap().rows[0][0],
        Value::from("12345678901234567890.12345678901234567890")
    );
}

#[test]
fn text_and_bytes_round_trip_byte_for_byte() {
    let tables = Tables::new(&["bytes"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!(
            "CREATE TABLE `{t}` (id INT PRIMARY KEY, vc VARCHAR(200), lt LONGTEXT, lb LONGBLOB)"
        ),
    );
    let nasty = "a\0b\\c'd\"e\\0\\n\n\r\t\x1a%_`;-- :name ? \\' end";
    let unicode = "héllo wörld 世界 🦀🎉 \u{1F600}\u{200D}\u{1F4BB}";
    let insert = format!("INSERT INTO `{t}` VALUES (?, ?, ?, ?)");
    for (id, s) in [(1, nasty), (2, unicode)] {
        run(
            &mut conn,
            &insert,
            &[
                Value::Int(id),
                s.into(),
                s.into(),
                Value::Bytes(s.as_bytes().to_vec()),
            ],
        );
    }
    for (id, s) in [(1, nasty), (2, unicode)] {
        let out = run(
            &mut conn,
            &format!("SELECT vc, lt, lb, CHAR_LENGTH(lt), LENGTH(lb) FROM `{t}` WHERE id = ?"),
            &[Value::Int(id)],
        );
        assert_eq!(
            out.rows,
            vec![vec![
                Value::from(s),
                Value::from(s),
                Value::Bytes(s.as_bytes().to_vec()),
                Value::Int(s.chars().count() as i64),
                Value::Int(s.len() as i64),
            ]],
            "row {id}"
        );
        // Bound in a WHERE, the same text finds its row.
        assert_eq!(
            one(
                &mut conn,
                &format!("SELECT id FROM `{t}` WHERE lt = ?"),
                &[s.into()]
            ),
            Value::Int(id)
        );
    }
    // A 1 MiB blob of every byte value.
    let blob: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    run(
        &mut conn,
        &insert,
        &[
            Value::Int(3),
            Value::Null,
            Value::Null,
            Value::Bytes(blob.clone()),
        ],
    );
    let out = run(
        &mut conn,
        &format!("SELECT lb, LENGTH(lb) FROM `{t}` WHERE id = 3"),
        &[],
    );
    assert_eq!(out.rows[0][1], Value::Int(1 << 20));
    assert!(
        out.rows[0][0] == Value::Bytes(blob),
        "the 1 MiB blob came back changed"
    );
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

#[test]
fn constraint_violations_are_integrity_errors() {
    let tables = Tables::new(&["parent", "child"]);
    let (p, c) = (tables.name(0), tables.name(1));
    let mut conn = connect();
    script(&mut conn, &format!("CREATE TABLE `{p}` (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INT CHECK (qty >= 0)) ENGINE=InnoDB"));
    script(&mut conn, &format!("CREATE TABLE `{c}` (id INT PRIMARY KEY, parent_id INT NOT NULL, FOREIGN KEY (parent_id) REFERENCES `{p}` (id)) ENGINE=InnoDB"));
    let insert_p = format!("INSERT INTO `{p}` (id, name, qty) VALUES (?, ?, ?)");
    run(&mut conn, &insert_p, &[1.into(), "a".into(), 1.into()]);
    let e = expect_err(
        &mut conn,
        &insert_p,
        &[1.into(), "b".into(), 1.into()],
        ErrorKind::Integrity,
    );
    assert_eq!(e.code.as_deref(), Some("1062"), "{e}");
    assert!(e.message.contains("23000"), "{e}");
    let e = expect_err(
        &mut conn,
        &insert_p,
        &[2.into(), Value::Null, 1.into()],
        ErrorKind::Integrity,
    );
    assert_eq!(e.code.as_deref(), Some("1048"), "{e}");
    let e = expect_err(
        &mut conn,
        &insert_p,
        &[3.into(), "c".into(), (-1).into()],
        ErrorKind::Integrity,
    );
    assert!(matches!(e.code.as_deref(), Some("4025" | "3819")), "{e}");
    let insert_c = format!("INSERT INTO `{c}` (id, parent_id) VALUES (?, ?)");
    let e = expect_err(
        &mut conn,
        &insert_c,
        &[1.into(), 99.into()],
        ErrorKind::Integrity,
    );
    assert_eq!(e.code.as_deref(), Some("1452"), "{e}");
    run(&mut conn, &insert_c, &[1.into(), 1.into()]);
    let e = expect_err(
        &mut conn,
        &format!("DELETE FROM `{p}` WHERE id = ?"),
        &[1.into()],
        ErrorKind::Integrity,
    );
    assert_eq!(e.code.as_deref(), Some("1451"), "{e}");
    assert!(!conn.is_broken());
}

#[test]
fn bad_sql_is_a_programming_error() {
    let mut conn = connect();
    let e = expect_err(&mut conn, "SELEC 1", &[], ErrorKind::Programming);
    assert_eq!(e.code.as_deref(), Some("1064"), "{e}");
    assert!(e.message.contains("42000"), "{e}");
    let e = expect_err(
        &mut conn,
        "SELECT * FROM no_such_table_anywhere WHERE id = ?",
        &[1.into()],
        ErrorKind::Programming,
    );
    assert_eq!(e.code.as_deref(), Some("1146"), "{e}");
    let e = expect_err(
        &mut conn,
        "SELECT no_such_column FROM DUAL",
        &[],
        ErrorKind::Programming,
    );
    assert_eq!(e.code.as_deref(), Some("1054"), "{e}");
    // Parameter count mismatches are caught before the server sees them.
    expect_err(
        &mut conn,
        "SELECT ?, ?",
        &[1.into()],
        ErrorKind::Programming,
    );
    // run_script reports errors from any statement of a script, not only the first.
    let e = conn.run_script("SELECT 1; SELEC 2").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Programming, "{e}");
    assert_eq!(e.sql.as_deref(), Some("SELECT 1; SELEC 2"));
    assert!(!conn.is_broken());
    assert_eq!(
        one(&mut conn, "SELECT ?", &["still fine".into()]),
        Value::from("still fine")
    );
}

#[test]
fn connection_failures_are_connection_errors() {
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = Url::builder("mysql")
        .username("nobody")
        .password("x")
        .host("127.0.0.1")
        .port(port)
        .database("db")
        .query("connect_timeout", "5")
        .build();
    let err = MySqlDriver::default()
        .connect(&closed)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection, "{err}");

    let base = url();
    let wrong = Url::builder("mariadb")
        .username(base.username().unwrap_or("root"))
        .password("definitely-not-the-password")
        .host(base.host().unwrap_or("127.0.0.1"))
        .port(base.port().unwrap_or(3306))
        .build();
    let err = MySqlDriver::default()
        .connect(&wrong)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection, "{err}");
    assert_eq!(err.code.as_deref(), Some("1045"), "{err}");
    assert!(
        !err.to_string().contains("definitely-not"),
        "no password in {err}"
    );

    let err = MySqlDriver::default()
        .connect(&url_with("sslmode", "require"))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Programming, "{err}");
}

// ---------------------------------------------------------------------------
// outcomes
// ---------------------------------------------------------------------------

#[test]
fn rows_affected_and_last_insert_id() {
    let tables = Tables::new(&["auto"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!(
            "CREATE TABLE `{t}` (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), n INT)"
        ),
    );
    let insert = format!("INSERT INTO `{t}` (name, n) VALUES (?, ?)");
    let out = run(&mut conn, &insert, &["a".into(), 1.into()]);
    assert_eq!((out.rows_affected, out.last_insert_id), (1, Some(1)));
    assert!(out.columns.is_empty() && out.rows.is_empty());
    let out = run(&mut conn, &insert, &["b".into(), 1.into()]);
    assert_eq!((out.rows_affected, out.last_insert_id), (1, Some(2)));
    // A multi-row INSERT reports the first id it generated, as MySQL does.
    let out = run(
        &mut conn,
        &format!("INSERT INTO `{t}` (name, n) VALUES (?, ?), (?, ?), (?, ?)"),
        &[
            "c".into(),
            2.into(),
            "d".into(),
            2.into(),
            "e".into(),
            2.into(),
        ],
    );
    assert_eq!((out.rows_affected, out.last_insert_id), (3, Some(3)));
    // UPDATE counts matched rows, even those it leaves unchanged.
    let out = run(
        &mut conn,
        &format!("UPDATE `{t}` SET n = ? WHERE n >= ?"),
        &[2.into(), 1.into()],
    );
    assert_eq!((out.rows_affected, out.last_insert_id), (5, None));
    let out = run(
        &mut conn,
        &format!("DELETE FROM `{t}` WHERE name IN (?, ?)"),
        &["a".into(), "zz".into()],
    );
    assert_eq!(out.rows_affected, 1);
    // A SELECT affects nothing, whatever ran before.
    let out = run(
        &mut conn,
        &format!("SELECT name FROM `{t}` WHERE n = ? ORDER BY id"),
        &[2.into()],
    );
    assert_eq!(out.rows_affected, 0);
    assert_eq!(out.rows.len(), 4);
    let out = run(
        &mut conn,
        &format!("SELECT name FROM `{t}` WHERE n = ?"),
        &[99.into()],
    );
    assert_eq!(&*out.columns, ["name".to_owned()]);
    assert!(out.rows.is_empty());
}

#[test]
fn insert_and_delete_returning_on_mariadb() {
    let tables = Tables::new(&["returning"]);
    let t = tables.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))"),
    );
    let out = run(
        &mut conn,
        &format!("INSERT INTO `{t}` (name) VALUES (?), (?) RETURNING id, upper(name) AS shout"),
        &["ann".into(), "bob".into()],
    );
    assert_eq!(&*out.columns, ["id".to_owned(), "shout".to_owned()]);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::Int(1), Value::from("ANN")],
            vec![Value::Int(2), Value::from("BOB")]
        ]
    );
    assert_eq!(out.rows_affected, 2);
    let out = run(
        &mut conn,
        &format!("DELETE FROM `{t}` WHERE id = ? RETURNING name"),
        &[2.into()],
    );
    assert_eq!(out.rows, vec![vec![Value::from("bob")]]);
    assert_eq!(out.rows_affected, 1);
    assert_eq!(count(&mut conn, t), 1);
}

#[test]
fn the_statement_cache_prepares_each_text_once() {
    fn status(conn: &mut MySqlConnection, name: &str) -> i64 {
        let out = run(conn, &format!("SHOW SESSION STATUS LIKE '{name}'"), &[]);
        match &out.rows[0][1] {
            Value::Text(n) => n.parse().unwrap(),
            other => panic!("{name} is {other:?}"),
        }
    }
    fn prepares(conn: &mut MySqlConnection) -> i64 {
        status(conn, "Com_stmt_prepare")
    }
    let mut conn = connect();
    // Preparing the SHOW itself is counted by the first call only.
    let before = prepares(&mut conn);
    let local_before = conn.statements_prepared();
    let sql = "SELECT ? + 1";
    assert_eq!(one(&mut conn, sql, &[1.into()]), Value::Int(2));
    assert_eq!(one(&mut conn, sql, &[41.into()]), Value::Int(42));
    assert_eq!(one(&mut conn, sql, &[(-1).into()]), Value::Int(0));
    assert_eq!(
        prepares(&mut conn) - before,
        1,
        "same SQL text, one prepare"
    );
    assert_eq!(conn.statements_prepared() - local_before, 1);
    one(&mut conn, "SELECT ? + 2", &[1.into()]);
    assert_eq!(prepares(&mut conn) - before, 2, "a new text is prepared");
    assert_eq!(conn.statements_prepared() - local_before, 2);

    // With room for one statement, alternating texts evict each other.
    let mut small = MySqlDriver::default()
        .open(&url_with("statement_cache_size", "1"))
        .unwrap();
    for i in 0..3 {
        one(&mut small, "SELECT ? + 1", &[i.into()]);
        one(&mut small, "SELECT ? + 2", &[i.into()]);
    }
    assert_eq!(small.statements_prepared(), 6);
    let mut big = MySqlDriver::default()
        .statement_cache_size(8)
        .open(&url())
        .unwrap();
    for i in 0..3 {
        one(&mut big, "SELECT ? + 1", &[i.into()]);
        one(&mut big, "SELECT ? + 2", &[i.into()]);
    }
    assert_eq!(big.statements_prepared(), 2);
    // Without a cache every run prepares, and closes its statement after.
    let mut none = MySqlDriver::default()
        .statement_cache_size(0)
        .open(&url())
        .unwrap();
    let closed_before = status(&mut none, "Com_stmt_close");
    for i in 0..3 {
        assert_eq!(
            one(&mut none, "SELECT ? + 1", &[i.into()]),
            Value::Int(i64::from(i) + 1)
        );
    }
    // The three runs, and the SHOW that read `closed_before`.
    assert_eq!(status(&mut none, "Com_stmt_close") - closed_before, 4);
    assert_eq!(none.statements_prepared(), 5);
    assert!(!none.is_broken());
}

/// Statements this session holds open on the server: prepared minus closed
/// (session counters, so tests running alongside do not disturb them).
fn open_statements(conn: &mut MySqlConnection) -> i64 {
    let out = run(
        conn,
        "SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_close')",
        &[],
    );
    let mut open = 0;
    for row in &out.rows {
        let n: i64 = match &row[1] {
            Value::Text(n) => n.parse().unwrap(),
            other => panic!("{row:?}: {other:?}"),
        };
        match &row[0] {
            Value::Text(name) if name.eq_ignore_ascii_case("Com_stmt_prepare") => open += n,
            Value::Text(name) if name.eq_ignore_ascii_case("Com_stmt_close") => open -= n,
            other => panic!("unexpected status {other:?}"),
        }
    }
    open
}

#[test]
fn evicted_statements_are_closed_on_the_server() {
    let mut conn = MySqlDriver::default()
        .open(&url_with("statement_cache_size", "4"))
        .unwrap();
    // The SHOW is a cached statement too, so it counts itself.
    assert_eq!(open_statements(&mut conn), 1);
    assert_eq!(conn.cached_statements(), 1);
    for i in 0..20 {
        let sql = format!("SELECT ? + {i}");
        assert_eq!(one(&mut conn, &sql, &[1.into()]), Value::Int(1 + i));
        assert!(conn.cached_statements() <= 4);
    }
    assert_eq!(conn.statements_prepared(), 21);
    assert_eq!(conn.cached_statements(), 4);
    // The SHOW was evicted and is prepared again: still 4 open, one closed per
    // eviction.
    assert_eq!(open_statements(&mut conn), 4);
    assert_eq!(conn.statements_prepared(), 22);
    // Hits prepare nothing and close nothing.
    for _ in 0..3 {
        assert_eq!(open_statements(&mut conn), 4);
    }
    assert_eq!(conn.statements_prepared(), 22);
    assert!(!conn.is_broken());

    // Through the engine's borrowed-value path as well.
    let (a, b) = (Value::Int(2), Value::from("x"));
    let out = conn.run_refs("SELECT ? * 2, ?", &[&a, &b]).unwrap();
    assert_eq!(out.rows, vec![vec![Value::Int(4), Value::from("x")]]);
    assert_eq!(&*out.columns, ["? * 2", "?"]);
    assert_eq!(open_statements(&mut conn), 4);
}

#[test]
fn forgotten_statements_are_prepared_again() {
    let t = Tables::new(&["forgot"]);
    let t = t.name(0);
    let mut conn = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (id INT PRIMARY KEY, name VARCHAR(20))"),
    );
    let insert = format!("INSERT INTO `{t}` (id, name) VALUES (?, ?)");
    let select = format!("SELECT name FROM `{t}` WHERE id = ?");
    run(&mut conn, &insert, &[1.into(), "ann".into()]);
    assert_eq!(one(&mut conn, &select, &[1.into()]), Value::from("ann"));
    let prepared = conn.statements_prepared();
    let cached = conn.cached_statements();

    conn.forget_statements_on_server().unwrap();
    conn.begin(None).unwrap();
    // The server answers 1243 (unknown handler); each statement is prepared
    // again and runs exactly once.
    let out = run(&mut conn, &insert, &[2.into(), "bob".into()]);
    assert_eq!(out.rows_affected, 1);
    assert_eq!(one(&mut conn, &select, &[2.into()]), Value::from("bob"));
    conn.commit().unwrap();
    assert_eq!(conn.statements_prepared(), prepared + 2);
    assert_eq!(conn.cached_statements(), cached);
    assert_eq!(count(&mut conn, t), 2);
    // And they are cached again.
    let prepared = conn.statements_prepared();
    assert_eq!(one(&mut conn, &select, &[1.into()]), Value::from("ann"));
    assert_eq!(conn.statements_prepared(), prepared);
    assert!(!conn.is_broken());

    // A column list that changes under a cached statement is followed.
    let star = format!("SELECT * FROM `{t}` WHERE id = ?");
    assert_eq!(&*run(&mut conn, &star, &[1.into()]).columns, ["id", "name"]);
    script(
        &mut conn,
        &format!("ALTER TABLE `{t}` ADD COLUMN n INT DEFAULT 7"),
    );
    let out = run(&mut conn, &star, &[1.into()]);
    assert_eq!(&*out.columns, ["id", "name", "n"]);
    assert_eq!(
        out.rows,
        vec![vec![Value::Int(1), Value::from("ann"), Value::Int(7)]]
    );
}

// ---------------------------------------------------------------------------
// transactions and liveness
// ---------------------------------------------------------------------------

#[test]
fn transactions_commit_and_roll_back() {
    let tables = Tables::new(&["tx"]);
    let t = tables.name(0);
    let mut conn = connect();
    let mut other = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (id INT PRIMARY KEY) ENGINE=InnoDB"),
    );
    let insert = format!("INSERT INTO `{t}` (id) VALUES (?)");

    conn.begin(None).unwrap();
    run(&mut conn, &insert, &[1.into()]);
    assert_eq!(count(&mut conn, t), 1);
    assert_eq!(
        count(&mut other, t),
        0,
        "uncommitted rows are not visible elsewhere"
    );
    conn.rollback().unwrap();
    assert_eq!(count(&mut conn, t), 0, "rollback leaves nothing");

    conn.begin(None).unwrap();
    run(&mut conn, &insert, &[2.into()]);
    conn.commit().unwrap();
    assert_eq!(count(&mut other, t), 1, "commit keeps the row");
}

#[test]
fn isolation_levels_are_applied() {
    // MariaDB's @@tx_isolation shows the session's level, not the one SET
    // TRANSACTION gives the next transaction, so the levels are checked by what
    // a transaction sees of another connection's writes.
    let tables = Tables::new(&["iso"]);
    let t = tables.name(0);
    let mut conn = connect();
    let mut other = connect();
    script(
        &mut conn,
        &format!("CREATE TABLE `{t}` (id INT PRIMARY KEY) ENGINE=InnoDB"),
    );
    script(&mut other, "SET SESSION innodb_lock_wait_timeout = 1");
    let insert = format!("INSERT INTO `{t}` (id) VALUES (?)");

    // READ UNCOMMITTED sees another transaction's uncommitted row.
    conn.begin(Some(IsolationLevel::ReadUncommitted)).unwrap();
    other.begin(None).unwrap();
    run(&mut other, &insert, &[1.into()]);
    assert_eq!(count(&mut conn, t), 1, "dirty read under READ UNCOMMITTED");
    other.rollback().unwrap();
    conn.commit().unwrap();

    // READ COMMITTED: not the uncommitted row, but the row once committed.
    conn.begin(Some(IsolationLevel::ReadCommitted)).unwrap();
    other.begin(None).unwrap();
    run(&mut other, &insert, &[1.into()]);
    assert_eq!(count(&mut conn, t), 0, "no dirty read under READ COMMITTED");
    other.commit().unwrap();
    assert_eq!(
        count(&mut conn, t),
        1,
        "a new commit is seen under READ COMMITTED"
    );
    conn.commit().unwrap();

    // REPEATABLE READ keeps its snapshot.
    conn.begin(Some(IsolationLevel::RepeatableRead)).unwrap();
    assert_eq!(count(&mut conn, t), 1);
    run(&mut other, &insert, &[2.into()]);
    assert_eq!(
        count(&mut conn, t),
        1,
        "the snapshot holds under REPEATABLE READ"
    );
    conn.commit().unwrap();

    // SERIALIZABLE reads lock what they read: another connection's insert
    // into the range times out (a Transaction error).
    conn.begin(Some(IsolationLevel::Serializable)).unwrap();
    assert_eq!(count(&mut conn, t), 2);
    let e = other.run(&insert, &[3.into()]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Transaction, "{e}");
    assert_eq!(e.code.as_deref(), Some("1205"), "{e}");
    conn.commit().unwrap();

    // The level applied to that transaction only: the next one reads without
    // locking (the session default, REPEATABLE READ).
    conn.begin(None).unwrap();
    assert_eq!(count(&mut conn, t), 2);
    run(&mut other, &insert, &[3.into()]);
    conn.commit().unwrap();
    assert_eq!(
        one(&mut conn, "SELECT @@tx_isolation", &[]),
        Value::from("REPEATABLE-READ")
    );
}

#[test]
fn ping_and_killed_connections() {
    let mut victim = connect();
    victim.ping().unwrap();
    assert!(!victim.is_broken());
    let mut killer = connect();
    script(&mut killer, &format!("KILL {}", victim.connection_id()));
    // The server closes the socket as KILL returns; allow it a moment.
    let mut failure = None;
    for _ in 0..50 {
        match victim.ping() {
            Ok(()) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let e = failure.expect("ping still succeeds on a killed connection");
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    assert!(victim.is_broken());
    let e = victim.run("SELECT ?", &[1.into()]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    killer.ping().unwrap();
}

#[test]
fn sessions_are_strict_utc_and_utf8mb4() {
    let mut conn = connect();
    let out = run(&mut conn, "SELECT @@sql_mode, @@time_zone, @@character_set_client, @@character_set_results, @@character_set_connection", &[]);
    let Value::Text(mode) = &out.rows[0][0] else {
        panic!("{out:?}")
    };
    assert!(mode.contains("STRICT_ALL_TABLES"), "{mode}");
    assert!(!mode.contains("NO_BACKSLASH_ESCAPES"), "{mode}");
    assert_eq!(
        out.rows[0].values()[1..],
        [
            Value::from("+00:00"),
            Value::from("utf8mb4"),
            Value::from("utf8mb4"),
            Value::from("utf8mb4")
        ]
    );
    // The dialect's literal rendering (backslash escapes) agrees with the session.
    let mut literal = String::new();
    MySql::mariadb()
        .write_string_literal("a\\b'c\0d", &mut literal)
        .unwrap();
    assert_eq!(
        one(&mut conn, &format!("SELECT {literal}"), &[]),
        Value::from("a\\b'c\0d")
    );

    // Over the server's unix socket, with a chosen sql_mode.
    let socket = match one(&mut conn, "SELECT @@socket", &[]) {
        Value::Text(s) => s,
        other => panic!("@@socket is {other:?}"),
    };
    let base = url();
    let mut builder = Url::builder("mariadb")
        .query("socket", &socket)
        .query("sql_mode", "ANSI_QUOTES,STRICT_ALL_TABLES");
    if let Some(u) = base.username() {
        builder = builder.username(u);
    }
    if let Some(p) = base.password() {
        builder = builder.password(p);
    }
    if let Some(d) = base.database() {
        builder = builder.database(d);
    }
    let mut via_socket = MySqlDriver::default().open(&builder.build()).unwrap();
    assert_eq!(
        one(&mut via_socket, "SELECT @@sql_mode", &[]),
        Value::from("ANSI_QUOTES,STRICT_ALL_TABLES")
    );
    assert_eq!(
        one(&mut via_socket, "SELECT DATABASE()", &[]),
        Value::from(base.database().unwrap())
    );
}

#[test]
fn driver_basics() {
    let driver = MySqlDriver::default();
    assert_eq!(driver.name(), "mysql");
    assert_eq!(driver.dialect().name(), "mariadb");
    assert_eq!(MySqlDriver::new(MySql::mysql8()).dialect().name(), "mysql");
    assert!(!driver.is_private_database(&url()));
    assert_eq!(driver.max_params(), 65535);

    let tables = Tables::new(&["exists"]);
    let t = tables.name(0);
    let mut conn = driver.connect(&url()).unwrap();
    let (sql, params) = driver.table_exists_query(None, t);
    assert!(conn.run(&sql, &params).unwrap().rows.is_empty());
    conn.run_script(&format!("CREATE TABLE `{t}` (id INT)"))
        .unwrap();
    assert_eq!(conn.run(&sql, &params).unwrap().rows.len(), 1);
    let (sql, params) = driver.table_exists_query(url().database(), t);
    assert_eq!(conn.run(&sql, &params).unwrap().rows.len(), 1);
    let (sql, params) = driver.table_exists_query(Some("information_schema"), t);
    assert!(conn.run(&sql, &params).unwrap().rows.is_empty());
}

// ---------------------------------------------------------------------------
// statements compiled by sqlcraft
// ---------------------------------------------------------------------------

#[test]
fn statements_compiled_by_sqlcraft_run() {
    let tables = Tables::new(&["users", "orders"]);
    let dialect = MySql::mariadb();
    let mut meta = MetaData::new();
    let users = meta
        .table(tables.name(0), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50)).not_null();
            t.column("status", SqlType::string(20));
        })
        .unwrap();
    let orders = meta
        .table(tables.name(1), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .not_null()
                .references(&users, "id");
            t.column("total", SqlType::Numeric(12, 2));
            t.column("status", SqlType::string(20));
        })
        .unwrap();
    let mut conn = connect();
    for t in [&users, &orders] {
        let ddl = t.create().compile(&dialect).unwrap();
        assert!(ddl.params.is_empty());
        script(&mut conn, &ddl.sql);
    }
    let exec = |conn: &mut MySqlConnection, c: Compiled| run(conn, &c.sql, &c.values().unwrap());

    let seed = insert(&users)
        .columns(["id", "name", "status"])
        .row((1, "ann", "gold"))
        .row((2, "bob", "silver"))
        .row((3, "cid", "gold"))
        .row((4, "dee", "new"));
    let out = exec(&mut conn, seed.compile(&dialect).unwrap());
    assert_eq!(out.rows_affected, 4);
    let seed = insert(&orders)
        .columns(["id", "user_id", "total", "status"])
        .row((1, 1, "10.50", "new"))
        .row((2, 1, "20.00", "new"))
        .row((3, 2, "5.25", "new"))
        .row((4, 3, "100.00", "new"))
        .row((5, 4, "7.00", "new"));
    exec(&mut conn, seed.compile(&dialect).unwrap());

    // A join, an IN list, LIKE, LIMIT/OFFSET.
    let q = select((users.c("name"), orders.c("total")))
        .from(&users)
        .join(&orders, orders.c("user_id").eq(users.c("id")))
        .filter(users.c("status").in_(["gold", "silver"]))
        .filter(users.c("name").like("%n%").or(users.c("name").like("b%")))
        .order_by(orders.c("id").asc())
        .limit(2)
        .offset(1);
    let c = q.compile(&dialect).unwrap();
    assert!(c.sql.contains("LIMIT ? OFFSET ?"), "{}", c.sql);
    let out = run(&mut conn, &c.sql, &c.values().unwrap());
    #[cfg(feature = "decimal")]
    let dec = |s: &str| Value::Decimal(s.parse().unwrap());
    #[cfg(not(feature = "decimal"))]
    let dec = |s: &str| Value::from(s);
    assert_eq!(
        out.rows,
        vec![
            vec![Value::from("ann"), dec("20.00")],
            vec![Value::from("bob"), dec("5.25")]
        ]
    );

    // INSERT … ON DUPLICATE KEY UPDATE: one existing key, one new.
    let upsert = insert(&users)
        .columns(["id", "name", "status"])
        .row((1, "ann2", "platinum"))
        .row((5, "eve", "new"))
        .on_conflict(OnConflict::columns(["id"]).do_update([
            ("name", excluded("name")),
            ("status", excluded("status").concat("!")),
        ]));
    let c = upsert.compile(&dialect).unwrap();
    assert!(c.sql.contains("ON DUPLICATE KEY UPDATE"), "{}", c.sql);
    let out = run(&mut conn, &c.sql, &c.values().unwrap());
    assert_eq!(
        out.rows_affected, 3,
        "MySQL counts 2 for an updated row, 1 for an inserted one"
    );
    let names = select((users.c("id"), users.c("name"), users.c("status")))
        .from(&users)
        .order_by(users.c("id").asc());
    let c = names.compile(&dialect).unwrap();
    let out = run(&mut conn, &c.sql, &c.values().unwrap());
    assert_eq!(
        out.rows[0],
        [Value::Int(1), "ann2".into(), "platinum!".into()]
    );
    assert_eq!(
        out.rows[4],
        [Value::Int(5), "eve".into(), "new".into()],
        "inserted, not updated"
    );

    // A multi-table UPDATE: copy the user's status onto gold users' orders.
    let up = update(&orders)
        .set("status", users.c("status"))
        .from(&users)
        .filter(
            users
                .c("id")
                .eq(orders.c("user_id"))
                .and(users.c("status").eq("gold")),
        );
    let c = up.compile(&dialect).unwrap();
    assert!(
        c.sql.starts_with(&format!(
            "UPDATE `{}`, `{}`",
            tables.name(1),
            tables.name(0)
        )),
        "{}",
        c.sql
    );
    let out = run(&mut conn, &c.sql, &c.values().unwrap());
    assert_eq!(out.rows_affected, 1, "only cid (id 3) is still gold");
    let c = select(orders.c("status"))
        .from(&orders)
        .order_by(orders.c("id").asc())
        .compile(&dialect)
        .unwrap();
    let statuses: Vec<Value> = run(&mut conn, &c.sql, &c.values().unwrap())
        .rows
        .into_iter()
        .map(|r| r.into_values().remove(0))
        .collect();
    assert_eq!(
        statuses,
        ["new", "new", "new", "gold", "new"].map(Value::from)
    );

    // INSERT … RETURNING compiled for MariaDB.
    let ret = insert(&users)
        .columns(["id", "name"])
        .row((6, "fay"))
        .returning((users.c("id"), func::upper(users.c("name")).label("shout")));
    let c = ret.compile(&dialect).unwrap();
    let out = run(&mut conn, &c.sql, &c.values().unwrap());
    assert_eq!(out.rows, vec![vec![Value::Int(6), Value::from("FAY")]]);
}
