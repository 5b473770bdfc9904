//! `#[derive(FromRow)]`, on rows read from SQLite through the engine (the
//! `derive` feature; CI's all-features pass runs it).
#![cfg(feature = "derive")]

use sqlcraft::engine::{Connection, FromRow, FromValue, Row};
use sqlcraft::prelude::*;

fn conn() -> (sqlcraft::engine::Engine, Connection) {
    let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:").unwrap();
    let conn = engine.connect().unwrap();
    (engine, conn)
}

fn rows(conn: &mut Connection, sql: &str) -> Vec<Row> {
    conn.execute(&text(sql)).unwrap().all().unwrap()
}

#[derive(FromRow, Debug, PartialEq)]
struct Order {
    id: i64,
    #[sqlcraft(rename = "user name")]
    user: String,
    note: Option<String>,
    #[sqlcraft(default)]
    priority: i64,
    r#type: String,
}

#[test]
fn named_fields_read_their_columns() {
    let (_e, mut c) = conn();
    let got: Vec<Order> = c
        .execute(&text(
            r#"SELECT 'box' AS type, NULL AS note, 'ann' AS "user name", 1 AS id
               UNION ALL SELECT 'bag', 'fragile', 'bob', 2"#,
        ))
        .unwrap()
        .fetch()
        .unwrap();
    let want = [
        Order {
            id: 1,
            user: "ann".into(),
            note: None,
            priority: 0,
            r#type: "box".into(),
        },
        Order {
            id: 2,
            user: "bob".into(),
            note: Some("fragile".into()),
            priority: 0,
            r#type: "bag".into(),
        },
    ];
    assert_eq!(got, want);
    // `default` applies only when the column is missing, not to a value.
    let row = &rows(
        &mut c,
        r#"SELECT 3 AS id, 'cid' AS "user name", NULL AS note, 9 AS priority, 't' AS type"#,
    )[0];
    assert_eq!(Order::from_row(row).unwrap().priority, 9);
}

#[test]
fn missing_columns_and_nulls_are_typed_errors() {
    let (_e, mut c) = conn();
    let missing = &rows(
        &mut c,
        r#"SELECT 1 AS id, 'ann' AS "user name", 'x' AS type"#,
    )[0];
    assert!(Order::from_row(missing).is_err(), "no note column");
    let null_id = &rows(
        &mut c,
        r#"SELECT NULL AS id, 'ann' AS "user name", NULL AS note, 'x' AS type"#,
    )[0];
    assert!(
        matches!(Order::from_row(null_id), Err(Error::Decode { column, .. }) if column == "id")
    );
}

#[derive(FromRow, Debug, PartialEq)]
struct Point(i64, i64, Option<String>);

#[derive(FromRow, Debug, PartialEq)]
struct Named<T: FromValue> {
    value: T,
}

#[derive(FromRow, Debug, PartialEq)]
struct Nothing;

#[test]
fn tuple_generic_and_unit_structs() {
    let (_e, mut c) = conn();
    let p: Vec<Point> = c
        .execute(&text("SELECT 3, -4, NULL"))
        .unwrap()
        .fetch()
        .unwrap();
    assert_eq!(p, [Point(3, -4, None)]);
    let n: Vec<Named<f64>> = c
        .execute(&text("SELECT 2.5 AS value"))
        .unwrap()
        .fetch()
        .unwrap();
    assert_eq!(n, [Named { value: 2.5 }]);
    let u: Vec<Nothing> = c.execute(&text("SELECT 1")).unwrap().fetch().unwrap();
    assert_eq!(u, [Nothing]);
    assert!(
        Point::from_row(&rows(&mut c, "SELECT 1, 2")[0]).is_err(),
        "too few columns"
    );
}

#[test]
fn builder_statements_decode_into_structs() {
    let (engine, mut c) = conn();
    let mut meta = MetaData::new();
    let users = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(20)).not_null();
            t.column("email", SqlType::string(50));
        })
        .unwrap();
    drop(c);
    meta.create_all(&engine).unwrap();
    c = engine.connect().unwrap();
    c.execute(&insert(&users).value("name", "ann").value("email", "a@x.io"))
        .unwrap();
    c.execute(&insert(&users).value("name", "bob")).unwrap();

    #[derive(FromRow, Debug, PartialEq)]
    struct User {
        id: i64,
        name: String,
        email: Option<String>,
    }
    let q = select(users.all_columns())
        .from(&users)
        .order_by(users.c("id"));
    let got: Vec<User> = c.execute(&q).unwrap().fetch().unwrap();
    assert_eq!(
        got,
        [
            User {
                id: 1,
                name: "ann".into(),
                email: Some("a@x.io".into())
            },
            User {
                id: 2,
                name: "bob".into(),
                email: None
            },
        ]
    );
}
