//! Shared harness: the test schema, a seeded in-memory SQLite, golden comparison
//! and execution helpers.
#![allow(dead_code)]

use rusqlite::types::Value as SqliteValue;
use sqlcraft::prelude::*;
use sqlcraft::schema::Ddl;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

/// The test schema: the benchmark tables (users, orders, addresses), small.
pub struct Schema {
    pub meta: MetaData,
    pub users: Table,
    pub orders: Table,
    pub addresses: Table,
}

pub fn schema() -> Schema {
    let mut meta = MetaData::new();
    let users = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50)).not_null();
            t.column("email", SqlType::string(100));
            t.column("status", SqlType::string(20));
            t.column("country", SqlType::string(2));
            t.column("created_at", SqlType::datetime());
        })
        .unwrap();
    let orders = meta
        .table("orders", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .not_null()
                .references(&users, "id");
            t.column("total", SqlType::Numeric(12, 2));
            t.column("status", SqlType::string(20));
            t.column("created_at", SqlType::datetime());
        })
        .unwrap();
    let addresses = meta
        .table("addresses", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("city", SqlType::string(50));
        })
        .unwrap();
    Schema {
        meta,
        users,
        orders,
        addresses,
    }
}

/// Seed data, small enough to reason about in expected rows:
///
/// users:     1 ann  ann@x.io  gold   US 2024-01-01
///            2 bob  NULL      silver US 2024-02-01
///            3 cid  cid@y.io  gold   FR 2024-03-01
///            4 dee  dee@x.io  NULL   FR 2024-04-01
///            5 Eve  eve@z.io  bronze DE 2024-05-01
/// orders:    1 u1 10.50 paid 2024-06-01 | 2 u1 20.00 paid 2024-06-02 | 3 u2 5.25 new 2024-06-03
///            4 u3 100.00 paid 2024-06-04 | 5 u3 NULL new 2024-06-05 | 6 u4 7.00 void 2024-06-06
/// addresses: 1 u1 Paris | 2 u3 Lyon | 3 u3 Nice | 4 u5 NULL
pub fn seed_statements(s: &Schema) -> Vec<Insert> {
    let users = [
        (
            1,
            "ann",
            Some("ann@x.io"),
            Some("gold"),
            "US",
            "2024-01-01 00:00:00",
        ),
        (2, "bob", None, Some("silver"), "US", "2024-02-01 00:00:00"),
        (
            3,
            "cid",
            Some("cid@y.io"),
            Some("gold"),
            "FR",
            "2024-03-01 00:00:00",
        ),
        (
            4,
            "dee",
            Some("dee@x.io"),
            None,
            "FR",
            "2024-04-01 00:00:00",
        ),
        (
            5,
            "Eve",
            Some("eve@z.io"),
            Some("bronze"),
            "DE",
            "2024-05-01 00:00:00",
        ),
    ];
    let orders = [
        (1, 1, Some(10.5), "paid", "2024-06-01 00:00:00"),
        (2, 1, Some(20.0), "paid", "2024-06-02 00:00:00"),
        (3, 2, Some(5.25), "new", "2024-06-03 00:00:00"),
        (4, 3, Some(100.0), "paid", "2024-06-04 00:00:00"),
        (5, 3, None, "new", "2024-06-05 00:00:00"),
        (6, 4, Some(7.0), "void", "2024-06-06 00:00:00"),
    ];
    let addresses = [
        (1, 1, Some("Paris")),
        (2, 3, Some("Lyon")),
        (3, 3, Some("Nice")),
        (4, 5, None),
    ];
    vec![
        insert(&s.users)
            .columns(["id", "name", "email", "status", "country", "created_at"])
            .rows(users.map(|(a, b, c, d, e, f)| (a, b, c, d, e, f))),
        insert(&s.orders)
            .columns(["id", "user_id", "total", "status", "created_at"])
            .rows(orders.map(|(a, b, c, d, e)| (a, b, c, d, e))),
        insert(&s.addresses)
            .columns(["id", "user_id", "city"])
            .rows(addresses.map(|(a, b, c)| (a, b, c))),
    ]
}

/// A fresh in-memory SQLite with the schema created (through sqlcraft's own DDL)
/// and seeded.
pub fn sqlite_db(s: &Schema) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    for ddl in s.meta.create_statements(false).unwrap() {
        let c = ddl.compile(&Sqlite).unwrap();
        conn.execute(&c.sql, []).unwrap();
    }
    for ins in seed_statements(s) {
        execute(&conn, &ins.compile(&Sqlite).unwrap());
    }
    conn
}

pub fn to_sqlite(v: &Value) -> SqliteValue {
    match v {
        Value::Null => SqliteValue::Null,
        Value::Bool(b) => SqliteValue::Integer(i64::from(*b)),
        Value::Int(i) => SqliteValue::Integer(*i),
        Value::Float(f) => SqliteValue::Real(*f),
        Value::Text(s) => SqliteValue::Text(s.clone()),
        Value::Bytes(b) => SqliteValue::Blob(b.clone()),
        other => panic!("test harness cannot bind {other:?}"),
    }
}

fn params(c: &Compiled) -> Vec<SqliteValue> {
    c.values().unwrap().iter().map(to_sqlite).collect()
}

/// Runs a statement that returns rows; each row formatted as `a|b|c`, NULL as `NULL`,
/// reals with their shortest representation (`10.5`, `20.0`).
pub fn query(conn: &rusqlite::Connection, c: &Compiled) -> Vec<String> {
    let mut stmt = conn
        .prepare(&c.sql)
        .unwrap_or_else(|e| panic!("SQLite refused {:?}: {e}", c.sql));
    let n = stmt.column_count();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params(c)), |row| {
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let v: SqliteValue = row.get(i)?;
                out.push(match v {
                    SqliteValue::Null => "NULL".to_owned(),
                    SqliteValue::Integer(i) => i.to_string(),
                    SqliteValue::Real(f) => format!("{f:?}"),
                    SqliteValue::Text(s) => s,
                    SqliteValue::Blob(b) => format!("{b:?}"),
                });
            }
            Ok(out.join("|"))
        })
        .unwrap_or_else(|e| panic!("SQLite failed on {:?}: {e}", c.sql));
    rows.map(Result::unwrap).collect()
}

/// Runs a statement that returns no rows; the number of rows changed.
pub fn execute(conn: &rusqlite::Connection, c: &Compiled) -> usize {
    conn.execute(&c.sql, rusqlite::params_from_iter(params(c)))
        .unwrap_or_else(|e| panic!("SQLite failed on {:?}: {e}", c.sql))
}

/// Compiles `stmt` for the three dialects, compares each SQL text with its golden,
/// and returns the SQLite compilation for execution.
#[track_caller]
pub fn golden<S: Compile>(stmt: &S, sqlite: &str, postgres: &str, mysql: &str) -> Compiled {
    let lite = stmt
        .compile(&Sqlite)
        .unwrap_or_else(|e| panic!("sqlite: {e}"));
    let pg = stmt
        .compile(&Postgres)
        .unwrap_or_else(|e| panic!("postgresql: {e}"));
    let my = stmt
        .compile(&MySql::mariadb())
        .unwrap_or_else(|e| panic!("mariadb: {e}"));
    assert_eq!(lite.sql, sqlite, "sqlite SQL");
    assert_eq!(pg.sql, postgres, "postgresql SQL");
    assert_eq!(my.sql, mysql, "mariadb SQL");
    assert_eq!(
        lite.params, pg.params,
        "sqlite and postgresql parameters differ"
    );
    lite
}

/// Compiling for `dialect` fails; returns the error for inspection.
#[track_caller]
pub fn compile_err<S: Compile, D: sqlcraft::Dialect + ?Sized>(stmt: &S, dialect: &D) -> Error {
    match stmt.compile(dialect) {
        Ok(c) => panic!("expected an error, got {:?}", c.sql),
        Err(e) => e,
    }
}

/// DDL helper: compile every statement of a Vec<Ddl> for a dialect.
pub fn ddl_sql<D: sqlcraft::Dialect>(stmts: &[Ddl], d: &D) -> Vec<String> {
    stmts.iter().map(|s| s.compile(d).unwrap().sql).collect()
}
