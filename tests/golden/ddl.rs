//! Golden tests: ddl.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;

use sqlcraft::schema::Ddl;
use sqlcraft::Dialect;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// A fresh in-memory SQLite with foreign keys enforced.
fn lite_db() -> rusqlite::Connection {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    db
}

/// Golden DDL for SQLite, PostgreSQL and MariaDB (MySQL 8 must render the same as
/// MariaDB); DDL carries no parameters. Returns the SQLite compilation.
#[track_caller]
fn ddl_golden<S: Compile>(stmt: &S, sqlite: &str, postgres: &str, mysql: &str) -> Compiled {
    let c = golden(stmt, sqlite, postgres, mysql);
    assert!(
        c.params.is_empty(),
        "DDL must not bind parameters: {:?}",
        c.params
    );
    assert_eq!(
        stmt.compile(&MySql::mysql8()).unwrap().sql,
        mysql,
        "mysql 8 SQL"
    );
    c
}

/// Compiles `stmt` for SQLite and runs it.
#[track_caller]
fn run_ddl<S: Compile>(db: &rusqlite::Connection, stmt: &S) {
    let c = stmt.compile(&Sqlite).unwrap();
    assert!(c.params.is_empty());
    db.execute(&c.sql, [])
        .unwrap_or_else(|e| panic!("SQLite refused {:?}: {e}", c.sql));
}

/// Compiles a DML statement for SQLite and runs it, returning the engine's error.
fn try_exec<S: Compile>(db: &rusqlite::Connection, stmt: &S) -> Result<usize, String> {
    let c = stmt.compile(&Sqlite).unwrap();
    let params: Vec<_> = c.values().unwrap().iter().map(to_sqlite).collect();
    db.execute(&c.sql, rusqlite::params_from_iter(params))
        .map_err(|e| e.to_string())
}

#[track_caller]
fn exec_ok<S: Compile>(db: &rusqlite::Connection, stmt: &S) -> usize {
    try_exec(db, stmt).unwrap_or_else(|e| panic!("SQLite failed: {e}"))
}

#[track_caller]
fn exec_fails<S: Compile>(db: &rusqlite::Connection, stmt: &S, msg_part: &str) {
    match try_exec(db, stmt) {
        Ok(n) => panic!("expected SQLite to refuse the statement, {n} rows changed"),
        Err(e) => assert!(
            e.contains(msg_part),
            "error {e:?} should mention {msg_part:?}"
        ),
    }
}

/// The table's rows (the given columns, ordered by the first).
fn contents(db: &rusqlite::Connection, t: &Table, cols: &[&str]) -> Vec<String> {
    let exprs: Vec<Expr> = cols.iter().map(|c| t.c(c)).collect();
    let q = select(exprs).from(t).order_by(t.c(cols[0]).asc());
    query(db, &q.compile(&Sqlite).unwrap())
}

/// Names of the objects of one type in SQLite's catalogue (autoindexes left out).
fn catalogue(db: &rusqlite::Connection, kind: &str) -> Vec<String> {
    let m = table("sqlite_master");
    let q = select(m.c("name"))
        .from(&m)
        .filter(m.c("type").eq(kind).and(m.c("name").not_like("sqlite_%")))
        .order_by(m.c("name").asc());
    query(db, &q.compile(&Sqlite).unwrap())
}

#[track_caller]
fn assert_unsupported(err: Error, dialect: &str, construct_part: &str) {
    match &err {
        Error::Unsupported {
            dialect: d,
            construct,
        } => {
            assert_eq!(*d, dialect, "{err}");
            assert!(
                construct.contains(construct_part),
                "construct {construct:?} should mention {construct_part:?}"
            );
        }
        other => panic!("expected Unsupported from {dialect}, got {other:?}"),
    }
}

#[track_caller]
fn assert_invalid_schema(err: Error, msg_part: &str) {
    match &err {
        Error::InvalidSchema(msg) => assert!(
            msg.contains(msg_part),
            "message {msg:?} should mention {msg_part:?}"
        ),
        other => panic!("expected InvalidSchema, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// types
// ---------------------------------------------------------------------------

type TypeCase = (
    SqlType,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

fn one_column(ty: SqlType) -> Table {
    MetaData::new()
        .table("t", |t| {
            t.column("c", ty);
        })
        .unwrap()
}

/// `CREATE TABLE t (c <expected>)` for the dialect, or the dialect's typed refusal.
#[track_caller]
fn type_case<D: Dialect>(d: &D, ty: &SqlType, expected: Option<&str>) {
    let q = if d.name() == "mariadb" || d.name() == "mysql" {
        '`'
    } else {
        '"'
    };
    let r = one_column(ty.clone()).create().compile(d);
    match (expected, r) {
        (Some(name), Ok(c)) => {
            assert_eq!(
                c.sql,
                format!("CREATE TABLE {q}t{q} ({q}c{q} {name})"),
                "{ty:?} on {}",
                d.name()
            );
        }
        (Some(_), Err(e)) => panic!("{ty:?} on {}: {e}", d.name()),
        (None, Ok(c)) => panic!("{ty:?} on {} should be refused, got {:?}", d.name(), c.sql),
        (None, Err(e)) => assert!(
            matches!(&e, Error::Unsupported { dialect, .. } if *dialect == d.name()),
            "{ty:?} on {}: {e:?}",
            d.name()
        ),
    }
}

#[test]
fn every_generic_type_has_a_name_in_each_dialect() {
    let status = SqlType::enumeration("status", ["new", "paid"]);
    // (type, SQLite, PostgreSQL, MySQL/MariaDB); None is a typed refusal.
    #[rustfmt::skip]
    let cases: Vec<TypeCase> = vec![
        (SqlType::SmallInteger, Some("SMALLINT"), Some("SMALLINT"), Some("SMALLINT")),
        (SqlType::Integer, Some("INTEGER"), Some("INTEGER"), Some("INTEGER")),
        (SqlType::BigInteger, Some("BIGINT"), Some("BIGINT"), Some("BIGINT")),
        (SqlType::String(Some(20)), Some("VARCHAR(20)"), Some("VARCHAR(20)"), Some("VARCHAR(20)")),
        (SqlType::String(None), Some("VARCHAR"), Some("VARCHAR"), None),
        (SqlType::Text, Some("TEXT"), Some("TEXT"), Some("LONGTEXT")),
        (SqlType::Float, Some("REAL"), Some("DOUBLE PRECISION"), Some("DOUBLE")),
        (SqlType::Numeric(12, 2), Some("NUMERIC(12, 2)"), Some("NUMERIC(12, 2)"), Some("NUMERIC(12, 2)")),
        (SqlType::Boolean, Some("BOOLEAN"), Some("BOOLEAN"), Some("BOOL")),
        (SqlType::Date, Some("DATE"), Some("DATE"), Some("DATE")),
        (SqlType::Time, Some("TIME"), Some("TIME"), Some("TIME(6)")),
        (SqlType::DateTime { timezone: false }, Some("DATETIME"), Some("TIMESTAMP WITHOUT TIME ZONE"), Some("DATETIME(6)")),
        (SqlType::DateTime { timezone: true }, Some("DATETIME"), Some("TIMESTAMP WITH TIME ZONE"), Some("DATETIME(6)")),
        (SqlType::Interval, None, Some("INTERVAL"), None),
        (SqlType::LargeBinary, Some("BLOB"), Some("BYTEA"), Some("LONGBLOB")),
        (SqlType::Json, Some("TEXT"), Some("JSONB"), Some("JSON")),
        (SqlType::Uuid, Some("CHAR(36)"), Some("UUID"), Some("CHAR(36)")),
        (status.clone(), Some(r#"VARCHAR(4) CHECK ("c" IN ('new', 'paid'))"#), Some(r#"VARCHAR(4) CHECK ("c" IN ('new', 'paid'))"#), Some("ENUM('new', 'paid')")),
    ];
    for (ty, lite, pg, my) in &cases {
        type_case(&Sqlite, ty, *lite);
        type_case(&Postgres, ty, *pg);
        type_case(&MySql::mariadb(), ty, *my);
        type_case(&MySql::mysql8(), ty, *my);
    }
    assert_eq!(SqlType::datetime(), SqlType::DateTime { timezone: false });
    assert_eq!(SqlType::datetime_tz(), SqlType::DateTime { timezone: true });
    assert_eq!(SqlType::string(7), SqlType::String(Some(7)));

    // The refusals name what was refused.
    let err = one_column(SqlType::String(None))
        .create()
        .compile(&MySql::mariadb())
        .unwrap_err();
    assert_unsupported(err, "mariadb", "VARCHAR without a length");
    let err = one_column(SqlType::Interval)
        .create()
        .compile(&Sqlite)
        .unwrap_err();
    assert_unsupported(err, "sqlite", "INTERVAL");
    let err = one_column(SqlType::Interval)
        .create()
        .compile(&MySql::mysql8())
        .unwrap_err();
    assert_unsupported(err, "mysql", "INTERVAL");

    // Every type SQLite has, in one table, created and round-tripped.
    let mut meta = MetaData::new();
    let all = meta
        .table("all_types", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("small", SqlType::SmallInteger);
            t.column("big", SqlType::BigInteger);
            t.column("name", SqlType::string(20));
            t.column("free", SqlType::String(None));
            t.column("body", SqlType::Text);
            t.column("ratio", SqlType::Float);
            t.column("price", SqlType::Numeric(12, 2));
            t.column("flag", SqlType::Boolean);
            t.column("day", SqlType::Date);
            t.column("at", SqlType::Time);
            t.column("stamp", SqlType::datetime());
            t.column("instant", SqlType::datetime_tz());
            t.column("blob", SqlType::LargeBinary);
            t.column("doc", SqlType::Json);
            t.column("uid", SqlType::Uuid);
            t.column("status", status.clone());
        })
        .unwrap();
    let db = lite_db();
    let c = all.create().compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"CREATE TABLE "all_types" ("id" INTEGER NOT NULL PRIMARY KEY, "small" SMALLINT, "big" BIGINT, "name" VARCHAR(20), "free" VARCHAR, "body" TEXT, "ratio" REAL, "price" NUMERIC(12, 2), "flag" BOOLEAN, "day" DATE, "at" TIME, "stamp" DATETIME, "instant" DATETIME, "blob" BLOB, "doc" TEXT, "uid" CHAR(36), "status" VARCHAR(4) CHECK ("status" IN ('new', 'paid')))"#
    );
    run_ddl(&db, &all.create());
    // values() takes at most eight pairs as a tuple; a Vec takes any number.
    let row = insert(&all).values(vec![
        ("small", Value::from(7)),
        ("big", Value::from(9_000_000_000_i64)),
        ("name", Value::from("ann")),
        ("free", Value::from("x")),
        ("body", Value::from("long")),
        ("ratio", Value::from(0.25)),
        ("price", Value::from(12.34)),
        ("flag", Value::from(true)),
        ("day", Value::from("2024-01-02")),
        ("at", Value::from("12:30:00")),
        ("stamp", Value::from("2024-01-02 12:30:00")),
        ("instant", Value::from("2024-01-02 12:30:00+00:00")),
    ]);
    assert_eq!(exec_ok(&db, &row), 1);
    let more = update(&all).values((
        ("blob", vec![1_u8, 2, 255]),
        ("doc", "123"),
        ("uid", "6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        ("status", "paid"),
    ));
    assert_eq!(exec_ok(&db, &more), 1);
    assert_eq!(
        contents(
            &db,
            &all,
            &[
                "id", "small", "big", "name", "free", "body", "ratio", "price", "flag", "day",
                "at", "stamp", "instant", "blob", "doc", "uid", "status"
            ]
        ),
        ["1|7|9000000000|ann|x|long|0.25|12.34|1|2024-01-02|12:30:00|2024-01-02 12:30:00|2024-01-02 12:30:00+00:00|[1, 2, 255]|123|6f9619ff-8b86-d011-b42d-00c04fc964ff|paid"]
    );
    // JSON is declared TEXT so that a document like "123" stays text.
    let q = select((
        func::call("typeof", [all.c("doc")]),
        func::call("typeof", [all.c("price")]),
    ))
    .from(&all);
    assert_eq!(query(&db, &q.compile(&Sqlite).unwrap()), ["text|real"]);
}

#[test]
fn enum_is_a_checked_varchar_or_a_native_enum() {
    let mut meta = MetaData::new();
    let tickets = meta
        .table("tickets", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column(
                "state",
                SqlType::enumeration("ticket_state", ["new", "open", "won't fix"]),
            )
            .not_null()
            .server_default("new");
        })
        .unwrap();
    let c = ddl_golden(
        &tickets.create(),
        r#"CREATE TABLE "tickets" ("id" INTEGER NOT NULL PRIMARY KEY, "state" VARCHAR(9) DEFAULT 'new' NOT NULL CHECK ("state" IN ('new', 'open', 'won''t fix')))"#,
        r#"CREATE TABLE "tickets" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "state" VARCHAR(9) DEFAULT 'new' NOT NULL CHECK ("state" IN ('new', 'open', 'won''t fix')), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `tickets` (`id` INTEGER NOT NULL AUTO_INCREMENT, `state` ENUM('new', 'open', 'won''t fix') DEFAULT 'new' NOT NULL, PRIMARY KEY (`id`))",
    );
    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    assert_eq!(
        exec_ok(&db, &insert(&tickets).value("state", "won't fix")),
        1
    );
    assert_eq!(exec_ok(&db, &insert(&tickets).default_values()), 1);
    exec_fails(
        &db,
        &insert(&tickets).value("state", "closed"),
        "CHECK constraint failed",
    );
    exec_fails(
        &db,
        &update(&tickets).set("state", "NEW"),
        "CHECK constraint failed",
    );
    assert_eq!(
        contents(&db, &tickets, &["id", "state"]),
        ["1|won't fix", "2|new"]
    );

    // An enum with no values has no type.
    let empty = one_column(SqlType::enumeration("nothing", Vec::<String>::new()));
    for err in [
        empty.create().compile(&Sqlite).unwrap_err(),
        empty.create().compile(&Postgres).unwrap_err(),
        empty.create().compile(&MySql::mariadb()).unwrap_err(),
    ] {
        assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    }
}

// ---------------------------------------------------------------------------
// columns and keys
// ---------------------------------------------------------------------------

#[test]
fn not_null_and_nullable_columns() {
    let mut meta = MetaData::new();
    let people = meta
        .table("people", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50)).not_null();
            t.column("nick", SqlType::string(50));
            t.column("note", SqlType::Text).not_null().nullable();
        })
        .unwrap();
    assert!(!people.column("name").unwrap().nullable);
    assert!(people.column("nick").unwrap().nullable);
    assert!(people.column("note").unwrap().nullable);
    assert!(!people.column("id").unwrap().nullable);
    let c = ddl_golden(
        &people.create(),
        r#"CREATE TABLE "people" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "nick" VARCHAR(50), "note" TEXT)"#,
        r#"CREATE TABLE "people" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "name" VARCHAR(50) NOT NULL, "nick" VARCHAR(50), "note" TEXT, PRIMARY KEY ("id"))"#,
        "CREATE TABLE `people` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(50) NOT NULL, `nick` VARCHAR(50), `note` LONGTEXT, PRIMARY KEY (`id`))",
    );
    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    assert_eq!(exec_ok(&db, &insert(&people).value("name", "ann")), 1);
    exec_fails(
        &db,
        &insert(&people).values((("name", None::<&str>), ("nick", "x"))),
        "NOT NULL constraint failed: people.name",
    );
    exec_fails(
        &db,
        &insert(&people).value("nick", "y"),
        "NOT NULL constraint failed: people.name",
    );
    assert_eq!(
        contents(&db, &people, &["id", "name", "nick", "note"]),
        ["1|ann|NULL|NULL"]
    );
}

#[test]
fn single_and_composite_primary_keys() {
    let mut meta = MetaData::new();
    let codes = meta
        .table("codes", |t| {
            t.column("code", SqlType::string(3)).primary_key();
            t.column("label", SqlType::string(20));
        })
        .unwrap();
    let members = meta
        .table("memberships", |t| {
            t.column("user_id", SqlType::Integer);
            t.column("group_id", SqlType::Integer);
            t.column("role", SqlType::string(10));
            t.primary_key(["user_id", "group_id"]);
        })
        .unwrap();
    // The same key declared on the columns.
    let members_too = MetaData::new()
        .table("memberships", |t| {
            t.column("user_id", SqlType::Integer).primary_key();
            t.column("group_id", SqlType::Integer).primary_key();
            t.column("role", SqlType::string(10));
        })
        .unwrap();

    let c1 = ddl_golden(
        &codes.create(),
        r#"CREATE TABLE "codes" ("code" VARCHAR(3) NOT NULL, "label" VARCHAR(20), PRIMARY KEY ("code"))"#,
        r#"CREATE TABLE "codes" ("code" VARCHAR(3) NOT NULL, "label" VARCHAR(20), PRIMARY KEY ("code"))"#,
        "CREATE TABLE `codes` (`code` VARCHAR(3) NOT NULL, `label` VARCHAR(20), PRIMARY KEY (`code`))",
    );
    let composite = [
        r#"CREATE TABLE "memberships" ("user_id" INTEGER NOT NULL, "group_id" INTEGER NOT NULL, "role" VARCHAR(10), PRIMARY KEY ("user_id", "group_id"))"#,
        r#"CREATE TABLE "memberships" ("user_id" INTEGER NOT NULL, "group_id" INTEGER NOT NULL, "role" VARCHAR(10), PRIMARY KEY ("user_id", "group_id"))"#,
        "CREATE TABLE `memberships` (`user_id` INTEGER NOT NULL, `group_id` INTEGER NOT NULL, `role` VARCHAR(10), PRIMARY KEY (`user_id`, `group_id`))",
    ];
    let c2 = ddl_golden(&members.create(), composite[0], composite[1], composite[2]);
    ddl_golden(
        &members_too.create(),
        composite[0],
        composite[1],
        composite[2],
    );
    assert_eq!(members.def().primary_key.len(), 2);
    assert!(members.def().autoincrement_column().is_none());

    let db = lite_db();
    db.execute(&c1.sql, []).unwrap();
    db.execute(&c2.sql, []).unwrap();
    assert_eq!(exec_ok(&db, &insert(&codes).value("code", "FR")), 1);
    exec_fails(
        &db,
        &insert(&codes).value("code", "FR"),
        "UNIQUE constraint failed: codes.code",
    );
    exec_fails(
        &db,
        &insert(&codes).value("label", "no code"),
        "NOT NULL constraint failed: codes.code",
    );
    let rows = insert(&members)
        .columns(["user_id", "group_id", "role"])
        .row((1, 1, "owner"))
        .row((1, 2, "member"))
        .row((2, 1, "member"));
    assert_eq!(exec_ok(&db, &rows), 3);
    exec_fails(
        &db,
        &insert(&members).values((("user_id", 1), ("group_id", 2))),
        "UNIQUE constraint failed: memberships.user_id, memberships.group_id",
    );
    exec_fails(
        &db,
        &insert(&members).values((("user_id", None::<i32>), ("group_id", 3))),
        "NOT NULL constraint failed: memberships.user_id",
    );
    assert_eq!(
        contents(&db, &members, &["user_id", "group_id", "role"]),
        ["1|1|owner", "1|2|member", "2|1|member"]
    );
}

#[test]
fn autoincrement_forms() {
    let mut meta = MetaData::new();
    let small = meta
        .table("small_ids", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("v", SqlType::string(5));
        })
        .unwrap();
    let big = meta
        .table("big_ids", |t| {
            t.column("id", SqlType::BigInteger).primary_key();
            t.column("v", SqlType::string(5));
        })
        .unwrap();
    let manual = meta
        .table("manual_ids", |t| {
            t.column("id", SqlType::BigInteger)
                .primary_key()
                .autoincrement(false);
            t.column("v", SqlType::string(5));
        })
        .unwrap();
    let manual_int = meta
        .table("manual_int_ids", |t| {
            t.column("id", SqlType::Integer)
                .primary_key()
                .autoincrement(false);
            t.column("v", SqlType::string(5));
        })
        .unwrap();
    // A primary key that is also a foreign key never auto-increments.
    let profile = meta
        .table("profiles", |t| {
            t.column("id", SqlType::Integer)
                .primary_key()
                .references(&small, "id");
            t.column("bio", SqlType::Text);
        })
        .unwrap();

    let c_small = ddl_golden(
        &small.create(),
        r#"CREATE TABLE "small_ids" ("id" INTEGER NOT NULL PRIMARY KEY, "v" VARCHAR(5))"#,
        r#"CREATE TABLE "small_ids" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "v" VARCHAR(5), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `small_ids` (`id` INTEGER NOT NULL AUTO_INCREMENT, `v` VARCHAR(5), PRIMARY KEY (`id`))",
    );
    // SQLite: only the spelling INTEGER aliases the rowid, so BIGINT becomes INTEGER.
    let c_big = ddl_golden(
        &big.create(),
        r#"CREATE TABLE "big_ids" ("id" INTEGER NOT NULL PRIMARY KEY, "v" VARCHAR(5))"#,
        r#"CREATE TABLE "big_ids" ("id" BIGINT NOT NULL GENERATED BY DEFAULT AS IDENTITY, "v" VARCHAR(5), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `big_ids` (`id` BIGINT NOT NULL AUTO_INCREMENT, `v` VARCHAR(5), PRIMARY KEY (`id`))",
    );
    let c_manual = ddl_golden(
        &manual.create(),
        r#"CREATE TABLE "manual_ids" ("id" BIGINT NOT NULL, "v" VARCHAR(5), PRIMARY KEY ("id"))"#,
        r#"CREATE TABLE "manual_ids" ("id" BIGINT NOT NULL, "v" VARCHAR(5), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `manual_ids` (`id` BIGINT NOT NULL, `v` VARCHAR(5), PRIMARY KEY (`id`))",
    );
    let c_manual_int = ddl_golden(
        &manual_int.create(),
        r#"CREATE TABLE "manual_int_ids" ("id" INTEGER NOT NULL, "v" VARCHAR(5), PRIMARY KEY ("id"))"#,
        r#"CREATE TABLE "manual_int_ids" ("id" INTEGER NOT NULL, "v" VARCHAR(5), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `manual_int_ids` (`id` INTEGER NOT NULL, `v` VARCHAR(5), PRIMARY KEY (`id`))",
    );
    let c_profile = ddl_golden(
        &profile.create(),
        r#"CREATE TABLE "profiles" ("id" INTEGER NOT NULL, "bio" TEXT, PRIMARY KEY ("id"), FOREIGN KEY ("id") REFERENCES "small_ids" ("id"))"#,
        r#"CREATE TABLE "profiles" ("id" INTEGER NOT NULL, "bio" TEXT, PRIMARY KEY ("id"), FOREIGN KEY ("id") REFERENCES "small_ids" ("id"))"#,
        "CREATE TABLE `profiles` (`id` INTEGER NOT NULL, `bio` LONGTEXT, PRIMARY KEY (`id`), FOREIGN KEY (`id`) REFERENCES `small_ids` (`id`))",
    );

    let db = lite_db();
    for c in [&c_small, &c_big, &c_manual, &c_manual_int, &c_profile] {
        db.execute(&c.sql, []).unwrap();
    }
    for t in [&small, &big] {
        assert_eq!(exec_ok(&db, &insert(t).value("v", "a")), 1);
        assert_eq!(exec_ok(&db, &insert(t).value("v", "b")), 1);
        assert_eq!(exec_ok(&db, &insert(t).values((("id", 10), ("v", "c")))), 1);
        assert_eq!(exec_ok(&db, &insert(t).value("v", "d")), 1);
        assert_eq!(
            contents(&db, t, &["id", "v"]),
            ["1|a", "2|b", "10|c", "11|d"]
        );
    }
    // No auto-increment: the id must be given.
    exec_fails(
        &db,
        &insert(&manual).value("v", "a"),
        "NOT NULL constraint failed: manual_ids.id",
    );
    assert_eq!(
        exec_ok(&db, &insert(&manual).values((("id", 5), ("v", "a")))),
        1
    );
    assert_eq!(contents(&db, &manual, &["id", "v"]), ["5|a"]);
    // SQLite's own rule: an INTEGER column that is the whole primary key aliases
    // the rowid whatever the flag says, so it still fills in (see the report).
    assert_eq!(exec_ok(&db, &insert(&manual_int).value("v", "a")), 1);
    assert_eq!(contents(&db, &manual_int, &["id", "v"]), ["1|a"]);
    // The PK/FK column gets no IDENTITY/AUTO_INCREMENT; on SQLite the same rowid
    // rule applies, so the foreign key is what guards it.
    assert_eq!(
        exec_ok(&db, &insert(&profile).values((("id", 2), ("bio", "x")))),
        1
    );
    exec_fails(
        &db,
        &insert(&profile).values((("id", 99), ("bio", "x"))),
        "FOREIGN KEY constraint failed",
    );
    assert_eq!(contents(&db, &profile, &["id", "bio"]), ["2|x"]);

    // Auto-increment forced on a non-integer column is a schema error at compile time.
    let bad = MetaData::new()
        .table("bad", |t| {
            t.column("code", SqlType::string(3))
                .primary_key()
                .autoincrement(true);
        })
        .unwrap();
    assert_invalid_schema(
        bad.create().compile(&Postgres).unwrap_err(),
        "not of an integer type",
    );
    // SQLite can auto-increment only the rowid alias: a sole integer primary key.
    let composite = MetaData::new()
        .table("pairs", |t| {
            t.column("a", SqlType::Integer).autoincrement(true);
            t.column("b", SqlType::Integer);
            t.primary_key(["a", "b"]);
        })
        .unwrap();
    assert_unsupported(
        composite.create().compile(&Sqlite).unwrap_err(),
        "sqlite",
        "auto-increment",
    );
    assert_eq!(
        composite.create().compile(&Postgres).unwrap().sql,
        r#"CREATE TABLE "pairs" ("a" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "b" INTEGER NOT NULL, PRIMARY KEY ("a", "b"))"#
    );
    assert_eq!(
        composite.create().compile(&MySql::mariadb()).unwrap().sql,
        "CREATE TABLE `pairs` (`a` INTEGER NOT NULL AUTO_INCREMENT, `b` INTEGER NOT NULL, PRIMARY KEY (`a`, `b`))"
    );
}

#[test]
fn server_defaults_render_inline_and_client_defaults_do_not_appear() {
    let mut meta = MetaData::new();
    let settings = meta
        .table("settings", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("retries", SqlType::Integer)
                .not_null()
                .server_default(0);
            t.column("floor", SqlType::Integer).server_default(-1);
            t.column("ratio", SqlType::Float).server_default(0.5);
            t.column("label", SqlType::string(20))
                .server_default("it's new");
            t.column("created", SqlType::datetime())
                .server_default(func::now());
            t.column("score", SqlType::Integer)
                .server_default(lit(6) * 7);
            t.column("active", SqlType::Boolean).server_default(true);
            t.column("nickname", SqlType::string(20)).default("client");
        })
        .unwrap();
    let c = ddl_golden(
        &settings.create(),
        r#"CREATE TABLE "settings" ("id" INTEGER NOT NULL PRIMARY KEY, "retries" INTEGER DEFAULT 0 NOT NULL, "floor" INTEGER DEFAULT (-1), "ratio" REAL DEFAULT 0.5, "label" VARCHAR(20) DEFAULT 'it''s new', "created" DATETIME DEFAULT CURRENT_TIMESTAMP, "score" INTEGER DEFAULT (6 * 7), "active" BOOLEAN DEFAULT TRUE, "nickname" VARCHAR(20))"#,
        r#"CREATE TABLE "settings" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "retries" INTEGER DEFAULT 0 NOT NULL, "floor" INTEGER DEFAULT (-1), "ratio" DOUBLE PRECISION DEFAULT 0.5, "label" VARCHAR(20) DEFAULT 'it''s new', "created" TIMESTAMP WITHOUT TIME ZONE DEFAULT (now()), "score" INTEGER DEFAULT (6 * 7), "active" BOOLEAN DEFAULT TRUE, "nickname" VARCHAR(20), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `settings` (`id` INTEGER NOT NULL AUTO_INCREMENT, `retries` INTEGER DEFAULT 0 NOT NULL, `floor` INTEGER DEFAULT (-1), `ratio` DOUBLE DEFAULT 0.5, `label` VARCHAR(20) DEFAULT 'it''s new', `created` DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), `score` INTEGER DEFAULT (6 * 7), `active` BOOL DEFAULT TRUE, `nickname` VARCHAR(20), PRIMARY KEY (`id`))",
    );
    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    // The INSERT sends only the client-side default; the engine fills in the rest.
    let ins = insert(&settings).default_values();
    assert_eq!(
        ins.compile(&Sqlite).unwrap().sql,
        r#"INSERT INTO "settings" ("nickname") VALUES (?)"#
    );
    assert_eq!(exec_ok(&db, &ins), 1);
    assert_eq!(
        exec_ok(
            &db,
            &insert(&settings).values((("retries", 3), ("label", "mine")))
        ),
        1
    );
    let rows = contents(
        &db,
        &settings,
        &[
            "id", "retries", "floor", "ratio", "label", "score", "active", "nickname",
        ],
    );
    assert_eq!(
        rows,
        [
            "1|0|-1|0.5|it's new|42|1|client",
            "2|3|-1|0.5|mine|42|1|client"
        ]
    );
    // CURRENT_TIMESTAMP filled in `YYYY-MM-DD HH:MM:SS`.
    let created = contents(&db, &settings, &["created"]);
    assert_eq!(created.len(), 2);
    for stamp in created {
        assert_eq!(stamp.len(), 19, "{stamp}");
        assert!(stamp.starts_with("20") && &stamp[10..11] == " ", "{stamp}");
    }
}

#[test]
fn mysql8_literal_default_on_text_column_is_an_expression() {
    let notes = MetaData::new()
        .table("notes", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("body", SqlType::Text).server_default("empty");
            t.column("doc", SqlType::Json).server_default("{}");
        })
        .unwrap();
    assert_eq!(
        notes.create().compile(&MySql::mysql8()).unwrap().sql,
        "CREATE TABLE `notes` (`id` INTEGER NOT NULL AUTO_INCREMENT, `body` LONGTEXT DEFAULT ('empty'), `doc` JSON DEFAULT ('{}'), PRIMARY KEY (`id`))"
    );
}

// ---------------------------------------------------------------------------
// foreign keys
// ---------------------------------------------------------------------------

#[test]
fn column_level_foreign_keys_with_actions() {
    let mut meta = MetaData::new();
    let parents = meta
        .table("parents", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(20));
        })
        .unwrap();
    let children = meta
        .table("children", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("parent_id", SqlType::Integer)
                .not_null()
                .references(&parents, "id")
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::Cascade);
        })
        .unwrap();
    let pets = meta
        .table("pets", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("owner_id", SqlType::Integer)
                .references(&parents, "id")
                .on_delete(FkAction::SetNull)
                .on_update(FkAction::Restrict);
        })
        .unwrap();
    let c_parents = ddl_golden(
        &parents.create(),
        r#"CREATE TABLE "parents" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(20))"#,
        r#"CREATE TABLE "parents" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "name" VARCHAR(20), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `parents` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(20), PRIMARY KEY (`id`))",
    );
    let c_children = ddl_golden(
        &children.create(),
        r#"CREATE TABLE "children" ("id" INTEGER NOT NULL PRIMARY KEY, "parent_id" INTEGER NOT NULL, FOREIGN KEY ("parent_id") REFERENCES "parents" ("id") ON DELETE CASCADE ON UPDATE CASCADE)"#,
        r#"CREATE TABLE "children" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "parent_id" INTEGER NOT NULL, PRIMARY KEY ("id"), FOREIGN KEY ("parent_id") REFERENCES "parents" ("id") ON DELETE CASCADE ON UPDATE CASCADE)"#,
        "CREATE TABLE `children` (`id` INTEGER NOT NULL AUTO_INCREMENT, `parent_id` INTEGER NOT NULL, PRIMARY KEY (`id`), FOREIGN KEY (`parent_id`) REFERENCES `parents` (`id`) ON DELETE CASCADE ON UPDATE CASCADE)",
    );
    let c_pets = ddl_golden(
        &pets.create(),
        r#"CREATE TABLE "pets" ("id" INTEGER NOT NULL PRIMARY KEY, "owner_id" INTEGER, FOREIGN KEY ("owner_id") REFERENCES "parents" ("id") ON DELETE SET NULL ON UPDATE RESTRICT)"#,
        r#"CREATE TABLE "pets" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "owner_id" INTEGER, PRIMARY KEY ("id"), FOREIGN KEY ("owner_id") REFERENCES "parents" ("id") ON DELETE SET NULL ON UPDATE RESTRICT)"#,
        "CREATE TABLE `pets` (`id` INTEGER NOT NULL AUTO_INCREMENT, `owner_id` INTEGER, PRIMARY KEY (`id`), FOREIGN KEY (`owner_id`) REFERENCES `parents` (`id`) ON DELETE SET NULL ON UPDATE RESTRICT)",
    );
    assert_eq!(FkAction::NoAction.keyword(), "NO ACTION");
    assert_eq!(FkAction::SetDefault.keyword(), "SET DEFAULT");

    let db = lite_db();
    for c in [&c_parents, &c_children, &c_pets] {
        db.execute(&c.sql, []).unwrap();
    }
    let seed = [
        insert(&parents)
            .columns(["id", "name"])
            .rows([(1, "ann"), (2, "bob"), (3, "cid")]),
        insert(&children)
            .columns(["id", "parent_id"])
            .rows([(1, 1), (2, 1), (3, 2)]),
        insert(&pets)
            .columns(["id", "owner_id"])
            .rows([(1, 1), (2, 3)]),
    ];
    for s in &seed {
        exec_ok(&db, s);
    }
    exec_fails(
        &db,
        &insert(&children).value("parent_id", 99),
        "FOREIGN KEY constraint failed",
    );
    // ON UPDATE CASCADE follows the new key; RESTRICT refuses it.
    exec_ok(
        &db,
        &update(&parents).set("id", 20).filter(parents.c("id").eq(2)),
    );
    assert_eq!(
        contents(&db, &children, &["id", "parent_id"]),
        ["1|1", "2|1", "3|20"]
    );
    exec_fails(
        &db,
        &update(&parents).set("id", 30).filter(parents.c("id").eq(3)),
        "FOREIGN KEY constraint failed",
    );
    // ON DELETE CASCADE removes the children, SET NULL orphans the pet.
    assert_eq!(
        exec_ok(&db, &delete(&parents).filter(parents.c("id").eq(1))),
        1
    );
    assert_eq!(contents(&db, &children, &["id", "parent_id"]), ["3|20"]);
    assert_eq!(contents(&db, &pets, &["id", "owner_id"]), ["1|NULL", "2|3"]);
}

#[test]
fn table_level_composite_foreign_key() {
    let mut meta = MetaData::new();
    let regions = meta
        .table("regions", |t| {
            t.column("country", SqlType::string(2));
            t.column("code", SqlType::string(5));
            t.column("name", SqlType::string(50));
            t.primary_key(["country", "code"]);
        })
        .unwrap();
    let sites = meta
        .table("sites", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("country", SqlType::string(2)).not_null();
            t.column("region", SqlType::string(5)).not_null();
            t.foreign_key(["country", "region"], &regions, ["country", "code"])
                .name("fk_sites_region")
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::NoAction);
        })
        .unwrap();
    let c_regions = ddl_golden(
        &regions.create(),
        r#"CREATE TABLE "regions" ("country" VARCHAR(2) NOT NULL, "code" VARCHAR(5) NOT NULL, "name" VARCHAR(50), PRIMARY KEY ("country", "code"))"#,
        r#"CREATE TABLE "regions" ("country" VARCHAR(2) NOT NULL, "code" VARCHAR(5) NOT NULL, "name" VARCHAR(50), PRIMARY KEY ("country", "code"))"#,
        "CREATE TABLE `regions` (`country` VARCHAR(2) NOT NULL, `code` VARCHAR(5) NOT NULL, `name` VARCHAR(50), PRIMARY KEY (`country`, `code`))",
    );
    let c_sites = ddl_golden(
        &sites.create(),
        r#"CREATE TABLE "sites" ("id" INTEGER NOT NULL PRIMARY KEY, "country" VARCHAR(2) NOT NULL, "region" VARCHAR(5) NOT NULL, CONSTRAINT "fk_sites_region" FOREIGN KEY ("country", "region") REFERENCES "regions" ("country", "code") ON DELETE CASCADE ON UPDATE NO ACTION)"#,
        r#"CREATE TABLE "sites" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "country" VARCHAR(2) NOT NULL, "region" VARCHAR(5) NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "fk_sites_region" FOREIGN KEY ("country", "region") REFERENCES "regions" ("country", "code") ON DELETE CASCADE ON UPDATE NO ACTION)"#,
        "CREATE TABLE `sites` (`id` INTEGER NOT NULL AUTO_INCREMENT, `country` VARCHAR(2) NOT NULL, `region` VARCHAR(5) NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `fk_sites_region` FOREIGN KEY (`country`, `region`) REFERENCES `regions` (`country`, `code`) ON DELETE CASCADE ON UPDATE NO ACTION)",
    );
    let db = lite_db();
    db.execute(&c_regions.sql, []).unwrap();
    db.execute(&c_sites.sql, []).unwrap();
    exec_ok(
        &db,
        &insert(&regions)
            .columns(["country", "code", "name"])
            .rows([("FR", "IDF", "Ile-de-France"), ("FR", "ARA", "Auvergne")]),
    );
    exec_ok(
        &db,
        &insert(&sites).columns(["country", "region"]).rows([
            ("FR", "IDF"),
            ("FR", "ARA"),
            ("FR", "IDF"),
        ]),
    );
    // Both columns together must match: (DE, IDF) does not exist.
    exec_fails(
        &db,
        &insert(&sites).values((("country", "DE"), ("region", "IDF"))),
        "FOREIGN KEY constraint failed",
    );
    exec_ok(&db, &delete(&regions).filter(regions.c("code").eq("IDF")));
    assert_eq!(
        contents(&db, &sites, &["id", "country", "region"]),
        ["2|FR|ARA"]
    );
}

#[test]
fn self_referencing_foreign_key() {
    let mut meta = MetaData::new();
    let nodes = meta
        .table("nodes", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("parent_id", SqlType::Integer)
                .references_named("nodes", "id")
                .on_delete(FkAction::Cascade);
            t.column("label", SqlType::string(10));
        })
        .unwrap();
    let c = ddl_golden(
        &nodes.create(),
        r#"CREATE TABLE "nodes" ("id" INTEGER NOT NULL PRIMARY KEY, "parent_id" INTEGER, "label" VARCHAR(10), FOREIGN KEY ("parent_id") REFERENCES "nodes" ("id") ON DELETE CASCADE)"#,
        r#"CREATE TABLE "nodes" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "parent_id" INTEGER, "label" VARCHAR(10), PRIMARY KEY ("id"), FOREIGN KEY ("parent_id") REFERENCES "nodes" ("id") ON DELETE CASCADE)"#,
        "CREATE TABLE `nodes` (`id` INTEGER NOT NULL AUTO_INCREMENT, `parent_id` INTEGER, `label` VARCHAR(10), PRIMARY KEY (`id`), FOREIGN KEY (`parent_id`) REFERENCES `nodes` (`id`) ON DELETE CASCADE)",
    );
    // A self-reference is not a cycle.
    let order: Vec<String> = meta
        .sorted_tables()
        .unwrap()
        .iter()
        .map(|t| t.name().to_owned())
        .collect();
    assert_eq!(order, ["nodes"]);

    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    exec_ok(
        &db,
        &insert(&nodes).columns(["id", "parent_id", "label"]).rows([
            (1, None, "root"),
            (2, Some(1), "child"),
            (3, Some(2), "leaf"),
            (4, None, "other"),
        ]),
    );
    exec_fails(
        &db,
        &insert(&nodes).values((("parent_id", 42), ("label", "lost"))),
        "FOREIGN KEY constraint failed",
    );
    // Deleting the root removes its whole subtree.
    assert_eq!(exec_ok(&db, &delete(&nodes).filter(nodes.c("id").eq(1))), 1);
    assert_eq!(contents(&db, &nodes, &["id", "label"]), ["4|other"]);
}

// ---------------------------------------------------------------------------
// UNIQUE, CHECK, indexes
// ---------------------------------------------------------------------------

#[test]
fn unique_constraints() {
    let mut meta = MetaData::new();
    let accounts = meta
        .table("accounts", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("email", SqlType::string(100)).unique();
            t.column("tenant", SqlType::Integer);
            t.column("handle", SqlType::string(30));
            t.unique(["tenant", "handle"]);
            t.unique_named("uq_accounts_handle_email", ["handle", "email"]);
        })
        .unwrap();
    let c = ddl_golden(
        &accounts.create(),
        r#"CREATE TABLE "accounts" ("id" INTEGER NOT NULL PRIMARY KEY, "email" VARCHAR(100), "tenant" INTEGER, "handle" VARCHAR(30), UNIQUE ("tenant", "handle"), CONSTRAINT "uq_accounts_handle_email" UNIQUE ("handle", "email"), UNIQUE ("email"))"#,
        r#"CREATE TABLE "accounts" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "email" VARCHAR(100), "tenant" INTEGER, "handle" VARCHAR(30), PRIMARY KEY ("id"), UNIQUE ("tenant", "handle"), CONSTRAINT "uq_accounts_handle_email" UNIQUE ("handle", "email"), UNIQUE ("email"))"#,
        "CREATE TABLE `accounts` (`id` INTEGER NOT NULL AUTO_INCREMENT, `email` VARCHAR(100), `tenant` INTEGER, `handle` VARCHAR(30), PRIMARY KEY (`id`), UNIQUE (`tenant`, `handle`), CONSTRAINT `uq_accounts_handle_email` UNIQUE (`handle`, `email`), UNIQUE (`email`))",
    );
    assert!(accounts.column("email").unwrap().unique);

    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    let add = |email: Option<&str>, tenant: i32, handle: &str| {
        insert(&accounts).values((("email", email), ("tenant", tenant), ("handle", handle)))
    };
    assert_eq!(exec_ok(&db, &add(Some("a@x.io"), 1, "ann")), 1);
    // Same handle in another tenant: fine; NULL emails never collide.
    assert_eq!(exec_ok(&db, &add(None, 2, "ann")), 1);
    assert_eq!(exec_ok(&db, &add(None, 3, "ann")), 1);
    exec_fails(
        &db,
        &add(Some("a@x.io"), 4, "bob"),
        "UNIQUE constraint failed: accounts.email",
    );
    exec_fails(
        &db,
        &add(Some("c@x.io"), 1, "ann"),
        "UNIQUE constraint failed: accounts.tenant, accounts.handle",
    );
    assert_eq!(
        contents(&db, &accounts, &["id", "email", "tenant", "handle"]),
        ["1|a@x.io|1|ann", "2|NULL|2|ann", "3|NULL|3|ann"]
    );
}

#[test]
fn check_constraints_render_literals_inline() {
    let mut meta = MetaData::new();
    let items = meta
        .table("items", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("total", SqlType::Numeric(12, 2));
            t.column("code", SqlType::string(10));
            t.check("ck_positive", t.c("total").ge(0));
            t.check(
                "ck_code",
                t.c("code").ne("it's").and(t.c("code").like("A%")),
            );
        })
        .unwrap();
    let c = ddl_golden(
        &items.create(),
        r#"CREATE TABLE "items" ("id" INTEGER NOT NULL PRIMARY KEY, "total" NUMERIC(12, 2), "code" VARCHAR(10), CONSTRAINT "ck_positive" CHECK ("total" >= 0), CONSTRAINT "ck_code" CHECK ("code" <> 'it''s' AND "code" LIKE 'A%'))"#,
        r#"CREATE TABLE "items" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "total" NUMERIC(12, 2), "code" VARCHAR(10), PRIMARY KEY ("id"), CONSTRAINT "ck_positive" CHECK ("total" >= 0), CONSTRAINT "ck_code" CHECK ("code" <> 'it''s' AND "code" LIKE 'A%'))"#,
        "CREATE TABLE `items` (`id` INTEGER NOT NULL AUTO_INCREMENT, `total` NUMERIC(12, 2), `code` VARCHAR(10), PRIMARY KEY (`id`), CONSTRAINT `ck_positive` CHECK (`total` >= 0), CONSTRAINT `ck_code` CHECK (`code` <> 'it''s' AND `code` LIKE 'A%'))",
    );
    assert!(c.params.is_empty());

    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    assert_eq!(
        exec_ok(&db, &insert(&items).values((("total", 0), ("code", "AB")))),
        1
    );
    exec_fails(
        &db,
        &insert(&items).values((("total", -0.01), ("code", "AC"))),
        "CHECK constraint failed: ck_positive",
    );
    exec_fails(
        &db,
        &insert(&items).values((("total", 1), ("code", "BX"))),
        "CHECK constraint failed: ck_code",
    );
    exec_fails(
        &db,
        &update(&items).set("total", items.c("total") - 1),
        "CHECK constraint failed: ck_positive",
    );
    assert_eq!(contents(&db, &items, &["id", "total", "code"]), ["1|0|AB"]);
}

#[test]
fn indexes_create_and_drop() {
    let mut meta = MetaData::new();
    let events = meta
        .table("events", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("kind", SqlType::string(20)).index();
            t.column("at", SqlType::datetime());
            t.column("user_id", SqlType::Integer);
            t.index("ix_events_user_at", ["user_id", "at"]);
            t.unique_index("uq_events_kind_at", ["kind", "at"]);
        })
        .unwrap();
    let names: Vec<&str> = events.indexes().iter().map(|i| i.name.as_ref()).collect();
    assert_eq!(
        names,
        ["ix_events_kind", "ix_events_user_at", "uq_events_kind_at"]
    );
    let ix = &events.indexes()[0];
    let multi = &events.indexes()[1];
    let uq = &events.indexes()[2];

    ddl_golden(
        &events.create_index(ix),
        r#"CREATE INDEX "ix_events_kind" ON "events" ("kind")"#,
        r#"CREATE INDEX "ix_events_kind" ON "events" ("kind")"#,
        "CREATE INDEX `ix_events_kind` ON `events` (`kind`)",
    );
    ddl_golden(
        &events.create_index(multi),
        r#"CREATE INDEX "ix_events_user_at" ON "events" ("user_id", "at")"#,
        r#"CREATE INDEX "ix_events_user_at" ON "events" ("user_id", "at")"#,
        "CREATE INDEX `ix_events_user_at` ON `events` (`user_id`, `at`)",
    );
    ddl_golden(
        &events.create_index(uq),
        r#"CREATE UNIQUE INDEX "uq_events_kind_at" ON "events" ("kind", "at")"#,
        r#"CREATE UNIQUE INDEX "uq_events_kind_at" ON "events" ("kind", "at")"#,
        "CREATE UNIQUE INDEX `uq_events_kind_at` ON `events` (`kind`, `at`)",
    );
    ddl_golden(
        &events.drop_index(ix),
        r#"DROP INDEX "ix_events_kind""#,
        r#"DROP INDEX "ix_events_kind""#,
        "DROP INDEX `ix_events_kind` ON `events`",
    );
    // IF [NOT] EXISTS: MariaDB has it, MySQL 8 does not.
    let create_ine = events.create_index(ix).if_not_exists();
    let drop_ie = events.drop_index(ix).if_exists();
    golden(
        &create_ine,
        r#"CREATE INDEX IF NOT EXISTS "ix_events_kind" ON "events" ("kind")"#,
        r#"CREATE INDEX IF NOT EXISTS "ix_events_kind" ON "events" ("kind")"#,
        "CREATE INDEX IF NOT EXISTS `ix_events_kind` ON `events` (`kind`)",
    );
    golden(
        &drop_ie,
        r#"DROP INDEX IF EXISTS "ix_events_kind""#,
        r#"DROP INDEX IF EXISTS "ix_events_kind""#,
        "DROP INDEX IF EXISTS `ix_events_kind` ON `events`",
    );
    assert_unsupported(
        create_ine.compile(&MySql::mysql8()).unwrap_err(),
        "mysql",
        "CREATE INDEX IF NOT EXISTS",
    );
    assert_unsupported(
        drop_ie.compile(&MySql::mysql8()).unwrap_err(),
        "mysql",
        "DROP INDEX IF EXISTS",
    );

    // MetaData emits the table, then its indexes.
    let stmts = meta.create_statements(false).unwrap();
    assert_eq!(
        ddl_sql(&stmts, &Sqlite),
        [
            r#"CREATE TABLE "events" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(20), "at" DATETIME, "user_id" INTEGER)"#,
            r#"CREATE INDEX "ix_events_kind" ON "events" ("kind")"#,
            r#"CREATE INDEX "ix_events_user_at" ON "events" ("user_id", "at")"#,
            r#"CREATE UNIQUE INDEX "uq_events_kind_at" ON "events" ("kind", "at")"#,
        ]
    );
    let db = lite_db();
    for s in &stmts {
        run_ddl(&db, s);
    }
    assert_eq!(
        catalogue(&db, "index"),
        ["ix_events_kind", "ix_events_user_at", "uq_events_kind_at"]
    );
    let ev =
        |kind: &str, at: &str| insert(&events).values((("kind", kind), ("at", at), ("user_id", 1)));
    exec_ok(&db, &ev("login", "2024-01-01 00:00:00"));
    exec_ok(&db, &ev("login", "2024-01-02 00:00:00"));
    exec_fails(
        &db,
        &ev("login", "2024-01-01 00:00:00"),
        "UNIQUE constraint failed: events.kind, events.at",
    );
    // The index is used by a lookup on its column.
    let plan: String = db
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE kind = 'login'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(
        plan.contains("ix_events_kind") || plan.contains("uq_events_kind_at"),
        "{plan}"
    );

    // IF NOT EXISTS tolerates the existing index; DROP removes it; IF EXISTS
    // tolerates it being gone.
    run_ddl(&db, &create_ine);
    run_ddl(&db, &events.drop_index(ix));
    let again = events.drop_index(ix).compile(&Sqlite).unwrap();
    let err = db.execute(&again.sql, []).unwrap_err();
    assert!(err.to_string().contains("no such index"), "{err}");
    run_ddl(&db, &drop_ie);
    assert_eq!(
        catalogue(&db, "index"),
        ["ix_events_user_at", "uq_events_kind_at"]
    );
}

#[test]
fn mysql_refuses_keys_on_text_columns() {
    let mut meta = MetaData::new();
    let docs = meta
        .table("docs", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("body", SqlType::Text).index();
            t.column("meta", SqlType::Json);
            t.column("title", SqlType::string(200)).index();
        })
        .unwrap();
    let body_ix = &docs.indexes()[0];
    let title_ix = &docs.indexes()[1];
    for d in [MySql::mariadb(), MySql::mysql8()] {
        let err = docs.create_index(body_ix).compile(&d).unwrap_err();
        assert_unsupported(err, d.name(), "\"body\"");
        // A String(n) column is fine.
        assert_eq!(
            docs.create_index(title_ix).compile(&d).unwrap().sql,
            "CREATE INDEX `ix_docs_title` ON `docs` (`title`)"
        );
        // The table itself has no key on TEXT: it is created.
        assert!(docs.create().compile(&d).is_ok());
    }
    // SQLite and PostgreSQL index TEXT as is.
    assert_eq!(
        docs.create_index(body_ix).compile(&Postgres).unwrap().sql,
        r#"CREATE INDEX "ix_docs_body" ON "docs" ("body")"#
    );

    // A primary key, a UNIQUE or a foreign key on TEXT/JSON is refused at CREATE TABLE.
    let keyed = MetaData::new()
        .table("keyed", |t| {
            t.column("slug", SqlType::Text).primary_key();
        })
        .unwrap();
    assert_unsupported(
        keyed.create().compile(&MySql::mariadb()).unwrap_err(),
        "mariadb",
        "\"slug\"",
    );
    let uniq = MetaData::new()
        .table("uniq", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("doc", SqlType::Json).unique();
        })
        .unwrap();
    assert_unsupported(
        uniq.create().compile(&MySql::mysql8()).unwrap_err(),
        "mysql",
        "\"doc\"",
    );
    let db = lite_db();
    run_ddl(&db, &keyed.create());
    run_ddl(&db, &uniq.create());
    run_ddl(&db, &docs.create());
    run_ddl(&db, &docs.create_index(body_ix));
}

// ---------------------------------------------------------------------------
// CREATE / DROP TABLE forms, schemas and identifiers
// ---------------------------------------------------------------------------

#[test]
fn create_if_not_exists_and_drop_if_exists() {
    let simple = MetaData::new()
        .table("simple", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("v", SqlType::Text);
        })
        .unwrap();
    let create = simple.create();
    let create_ine = simple.create().if_not_exists();
    ddl_golden(
        &create_ine,
        r#"CREATE TABLE IF NOT EXISTS "simple" ("id" INTEGER NOT NULL PRIMARY KEY, "v" TEXT)"#,
        r#"CREATE TABLE IF NOT EXISTS "simple" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "v" TEXT, PRIMARY KEY ("id"))"#,
        "CREATE TABLE IF NOT EXISTS `simple` (`id` INTEGER NOT NULL AUTO_INCREMENT, `v` LONGTEXT, PRIMARY KEY (`id`))",
    );
    let drop = simple.drop();
    let drop_ie = simple.drop().if_exists();
    ddl_golden(
        &drop,
        r#"DROP TABLE "simple""#,
        r#"DROP TABLE "simple""#,
        "DROP TABLE `simple`",
    );
    ddl_golden(
        &drop_ie,
        r#"DROP TABLE IF EXISTS "simple""#,
        r#"DROP TABLE IF EXISTS "simple""#,
        "DROP TABLE IF EXISTS `simple`",
    );

    let db = lite_db();
    run_ddl(&db, &create);
    exec_ok(&db, &insert(&simple).value("v", "kept"));
    run_ddl(&db, &create_ine); // no error, the table and its row stay
    assert_eq!(contents(&db, &simple, &["id", "v"]), ["1|kept"]);
    let c = create.compile(&Sqlite).unwrap();
    let err = db.execute(&c.sql, []).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    run_ddl(&db, &drop);
    assert!(catalogue(&db, "table").is_empty());
    let c = drop.compile(&Sqlite).unwrap();
    let err = db.execute(&c.sql, []).unwrap_err();
    assert!(err.to_string().contains("no such table"), "{err}");
    run_ddl(&db, &drop_ie);
    run_ddl(&db, &create_ine);
    assert_eq!(catalogue(&db, "table"), ["simple"]);
}

fn sales_schema() -> (MetaData, Table, Table) {
    let mut meta = MetaData::new();
    let customers = meta
        .table("customers", |t| {
            t.schema("sales");
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50));
        })
        .unwrap();
    let invoices = meta
        .table("invoices", |t| {
            t.schema("sales");
            t.column("id", SqlType::Integer).primary_key();
            t.column("customer_id", SqlType::Integer)
                .references(&customers, "id")
                .index();
        })
        .unwrap();
    (meta, customers, invoices)
}

#[test]
fn schema_qualified_tables() {
    let (meta, customers, invoices) = sales_schema();
    assert_eq!(invoices.schema(), Some("sales"));
    ddl_golden(
        &customers.create(),
        r#"CREATE TABLE "sales"."customers" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(50))"#,
        r#"CREATE TABLE "sales"."customers" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "name" VARCHAR(50), PRIMARY KEY ("id"))"#,
        "CREATE TABLE `sales`.`customers` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(50), PRIMARY KEY (`id`))",
    );
    // PostgreSQL and MySQL: the FK target and the indexed table are qualified.
    assert_eq!(
        invoices.create().compile(&Postgres).unwrap().sql,
        r#"CREATE TABLE "sales"."invoices" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "customer_id" INTEGER, PRIMARY KEY ("id"), FOREIGN KEY ("customer_id") REFERENCES "sales"."customers" ("id"))"#
    );
    assert_eq!(
        invoices.create().compile(&MySql::mariadb()).unwrap().sql,
        "CREATE TABLE `sales`.`invoices` (`id` INTEGER NOT NULL AUTO_INCREMENT, `customer_id` INTEGER, PRIMARY KEY (`id`), FOREIGN KEY (`customer_id`) REFERENCES `sales`.`customers` (`id`))"
    );
    let ix = &invoices.indexes()[0];
    assert_eq!(
        invoices.create_index(ix).compile(&Postgres).unwrap().sql,
        r#"CREATE INDEX "ix_invoices_customer_id" ON "sales"."invoices" ("customer_id")"#
    );
    assert_eq!(
        invoices
            .create_index(ix)
            .compile(&MySql::mariadb())
            .unwrap()
            .sql,
        "CREATE INDEX `ix_invoices_customer_id` ON `sales`.`invoices` (`customer_id`)"
    );
    ddl_golden(
        &invoices.drop_index(ix),
        r#"DROP INDEX "sales"."ix_invoices_customer_id""#,
        r#"DROP INDEX "sales"."ix_invoices_customer_id""#,
        "DROP INDEX `ix_invoices_customer_id` ON `sales`.`invoices`",
    );
    ddl_golden(
        &invoices.drop().if_exists(),
        r#"DROP TABLE IF EXISTS "sales"."invoices""#,
        r#"DROP TABLE IF EXISTS "sales"."invoices""#,
        "DROP TABLE IF EXISTS `sales`.`invoices`",
    );
    assert_eq!(
        ddl_sql(&meta.drop_statements(false).unwrap(), &Postgres),
        [
            r#"DROP TABLE "sales"."invoices""#,
            r#"DROP TABLE "sales"."customers""#
        ]
    );
    // DML on a schema table qualifies it too.
    let c = golden(
        &insert(&customers).value("name", "acme"),
        r#"INSERT INTO "sales"."customers" ("name") VALUES (?)"#,
        r#"INSERT INTO "sales"."customers" ("name") VALUES ($1)"#,
        "INSERT INTO `sales`.`customers` (`name`) VALUES (?)",
    );
    // On SQLite a schema is an attached database; the table and DML work there.
    let db = lite_db();
    db.execute_batch("ATTACH DATABASE ':memory:' AS sales")
        .unwrap();
    run_ddl(&db, &customers.create());
    assert_eq!(execute(&db, &c), 1);
    assert_eq!(contents(&db, &customers, &["id", "name"]), ["1|acme"]);
}

#[test]
fn sqlite_schema_qualified_foreign_key_and_index() {
    let (_meta, customers, invoices) = sales_schema();
    let ix = &invoices.indexes()[0];
    // SQLite's grammar: a foreign key names a table of the same database, and an
    // index takes the schema on its own name, not on the table's.
    assert_eq!(
        invoices.create().compile(&Sqlite).unwrap().sql,
        r#"CREATE TABLE "sales"."invoices" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customers" ("id"))"#
    );
    assert_eq!(
        invoices.create_index(ix).compile(&Sqlite).unwrap().sql,
        r#"CREATE INDEX "sales"."ix_invoices_customer_id" ON "invoices" ("customer_id")"#
    );
    let db = lite_db();
    db.execute_batch("ATTACH DATABASE ':memory:' AS sales")
        .unwrap();
    run_ddl(&db, &customers.create());
    run_ddl(&db, &invoices.create());
    run_ddl(&db, &invoices.create_index(ix));
    exec_ok(&db, &insert(&customers).value("name", "acme"));
    exec_ok(&db, &insert(&invoices).value("customer_id", 1));
    exec_fails(
        &db,
        &insert(&invoices).value("customer_id", 2),
        "FOREIGN KEY constraint failed",
    );
}

#[test]
fn identifiers_needing_escaping() {
    let mut meta = MetaData::new();
    let odd = meta
        .table("odd table", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("we\"ird", SqlType::string(10)).index();
            t.column("back`tick", SqlType::Integer);
            t.column("order", SqlType::Integer);
        })
        .unwrap();
    let c = ddl_golden(
        &odd.create(),
        r#"CREATE TABLE "odd table" ("id" INTEGER NOT NULL PRIMARY KEY, "we""ird" VARCHAR(10), "back`tick" INTEGER, "order" INTEGER)"#,
        r#"CREATE TABLE "odd table" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "we""ird" VARCHAR(10), "back`tick" INTEGER, "order" INTEGER, PRIMARY KEY ("id"))"#,
        "CREATE TABLE `odd table` (`id` INTEGER NOT NULL AUTO_INCREMENT, `we\"ird` VARCHAR(10), `back``tick` INTEGER, `order` INTEGER, PRIMARY KEY (`id`))",
    );
    let ix = &odd.indexes()[0];
    assert_eq!(ix.name.as_ref(), "ix_odd table_we\"ird");
    let c_ix = ddl_golden(
        &odd.create_index(ix),
        r#"CREATE INDEX "ix_odd table_we""ird" ON "odd table" ("we""ird")"#,
        r#"CREATE INDEX "ix_odd table_we""ird" ON "odd table" ("we""ird")"#,
        "CREATE INDEX `ix_odd table_we\"ird` ON `odd table` (`we\"ird`)",
    );

    let db = lite_db();
    db.execute(&c.sql, []).unwrap();
    db.execute(&c_ix.sql, []).unwrap();
    let ins = insert(&odd)
        .columns(["we\"ird", "back`tick", "order"])
        .row(("x", 1, 10))
        .row(("y", 2, 20));
    let ins_c = golden(
        &ins,
        r#"INSERT INTO "odd table" ("we""ird", "back`tick", "order") VALUES (?, ?, ?), (?, ?, ?)"#,
        r#"INSERT INTO "odd table" ("we""ird", "back`tick", "order") VALUES ($1, $2, $3), ($4, $5, $6)"#,
        "INSERT INTO `odd table` (`we\"ird`, `back``tick`, `order`) VALUES (?, ?, ?), (?, ?, ?)",
    );
    assert_eq!(execute(&db, &ins_c), 2);
    let up = update(&odd)
        .set("back`tick", odd.c("back`tick") + odd.c("order"))
        .filter(odd.c("we\"ird").eq("y"));
    assert_eq!(execute(&db, &up.compile(&Sqlite).unwrap()), 1);
    assert_eq!(
        contents(&db, &odd, &["id", "we\"ird", "back`tick", "order"]),
        ["1|x|1|10", "2|y|22|20"]
    );
    assert_eq!(catalogue(&db, "index"), ["ix_odd table_we\"ird"]);
}

#[test]
fn identifier_length_limits() {
    let name63 = "a".repeat(63);
    let name64 = "a".repeat(64);
    let name65 = "a".repeat(65);
    let t = |col: &str| one_column_named(col);
    // PostgreSQL keeps 63 bytes and would truncate longer names silently.
    assert_eq!(
        t(&name63).create().compile(&Postgres).unwrap().sql,
        format!(r#"CREATE TABLE "t" ("{name63}" INTEGER)"#)
    );
    let err = t(&name64).create().compile(&Postgres).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidIdentifier { ident, .. } if *ident == name64),
        "{err:?}"
    );
    // ... and counts bytes: 32 two-byte characters are 64 bytes.
    let wide = "é".repeat(32);
    assert!(matches!(
        t(&wide).create().compile(&Postgres).unwrap_err(),
        Error::InvalidIdentifier { .. }
    ));
    // MySQL keeps 64; SQLite has no limit.
    assert!(t(&name64).create().compile(&MySql::mariadb()).is_ok());
    assert!(matches!(
        t(&name65).create().compile(&MySql::mysql8()).unwrap_err(),
        Error::InvalidIdentifier { .. }
    ));
    let long = "b".repeat(300);
    let db = lite_db();
    run_ddl(&db, &t(&long).create());
    // The limit applies to DML too.
    let err = select(t(&name64).c(&name64))
        .from(t(&name64))
        .compile(&Postgres)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidIdentifier { .. }));
}

fn one_column_named(col: &str) -> Table {
    MetaData::new()
        .table("t", |t| {
            t.column(col, SqlType::Integer);
        })
        .unwrap()
}

#[test]
fn mysql_identifier_limit_counts_characters() {
    // 40 characters, 80 bytes: MySQL's limit is 64 characters.
    let name = "é".repeat(40);
    let c = one_column_named(&name)
        .create()
        .compile(&MySql::mariadb())
        .unwrap();
    assert_eq!(c.sql, format!("CREATE TABLE `t` (`{name}` INTEGER)"));
}

// ---------------------------------------------------------------------------
// MetaData
// ---------------------------------------------------------------------------

/// Children defined before their parents, on purpose.
fn shop_meta() -> MetaData {
    let mut meta = MetaData::new();
    meta.table("line_items", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("purchase_id", SqlType::Integer)
            .not_null()
            .references_named("purchases", "id")
            .on_delete(FkAction::Cascade)
            .index();
        t.column("product_id", SqlType::Integer)
            .references_named("products", "id");
    })
    .unwrap();
    meta.table("purchases", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("customer_id", SqlType::Integer)
            .references_named("customers", "id");
    })
    .unwrap();
    meta.table("products", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("name", SqlType::string(20));
    })
    .unwrap();
    meta.table("customers", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("name", SqlType::string(20));
    })
    .unwrap();
    meta
}

#[test]
fn metadata_orders_tables_by_foreign_keys() {
    let meta = shop_meta();
    let defined: Vec<&str> = meta.tables().iter().map(|t| t.name()).collect();
    assert_eq!(
        defined,
        ["line_items", "purchases", "products", "customers"]
    );
    let sorted: Vec<String> = meta
        .sorted_tables()
        .unwrap()
        .iter()
        .map(|t| t.name().to_owned())
        .collect();
    assert_eq!(sorted, ["products", "customers", "purchases", "line_items"]);

    let create = meta.create_statements(true).unwrap();
    assert!(matches!(create[0], Ddl::CreateTable(_)));
    assert!(matches!(create[4], Ddl::CreateIndex(_)));
    assert_eq!(
        ddl_sql(&create, &Sqlite),
        [
            r#"CREATE TABLE IF NOT EXISTS "products" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(20))"#,
            r#"CREATE TABLE IF NOT EXISTS "customers" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(20))"#,
            r#"CREATE TABLE IF NOT EXISTS "purchases" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customers" ("id"))"#,
            r#"CREATE TABLE IF NOT EXISTS "line_items" ("id" INTEGER NOT NULL PRIMARY KEY, "purchase_id" INTEGER NOT NULL, "product_id" INTEGER, FOREIGN KEY ("purchase_id") REFERENCES "purchases" ("id") ON DELETE CASCADE, FOREIGN KEY ("product_id") REFERENCES "products" ("id"))"#,
            r#"CREATE INDEX IF NOT EXISTS "ix_line_items_purchase_id" ON "line_items" ("purchase_id")"#,
        ]
    );
    assert_eq!(
        ddl_sql(&create, &MySql::mariadb())[4],
        "CREATE INDEX IF NOT EXISTS `ix_line_items_purchase_id` ON `line_items` (`purchase_id`)"
    );
    let drop = meta.drop_statements(true).unwrap();
    let drop_sql = [
        r#"DROP TABLE IF EXISTS "line_items""#,
        r#"DROP TABLE IF EXISTS "purchases""#,
        r#"DROP TABLE IF EXISTS "customers""#,
        r#"DROP TABLE IF EXISTS "products""#,
    ];
    assert_eq!(ddl_sql(&drop, &Sqlite), drop_sql);
    assert_eq!(ddl_sql(&drop, &Postgres), drop_sql);
    assert_eq!(
        ddl_sql(&meta.drop_statements(false).unwrap(), &MySql::mysql8()),
        [
            "DROP TABLE `line_items`",
            "DROP TABLE `purchases`",
            "DROP TABLE `customers`",
            "DROP TABLE `products`"
        ]
    );

    // Run it: create (twice, IF NOT EXISTS), fill, and drop in order with FKs on.
    let db = lite_db();
    for _ in 0..2 {
        for s in &create {
            run_ddl(&db, s);
        }
    }
    let get = |n: &str| meta.get(n).unwrap().clone();
    let (customers, products, purchases, items) = (
        get("customers"),
        get("products"),
        get("purchases"),
        get("line_items"),
    );
    exec_ok(&db, &insert(&customers).value("name", "ann"));
    exec_ok(&db, &insert(&products).value("name", "pen"));
    exec_ok(&db, &insert(&purchases).value("customer_id", 1));
    exec_ok(
        &db,
        &insert(&items)
            .columns(["purchase_id", "product_id"])
            .rows([(1, 1), (1, 1)]),
    );
    // Dropping a parent first fails while children reference it (purchases'
    // customer_id has no ON DELETE action; line_items would cascade instead).
    let early = customers.drop().compile(&Sqlite).unwrap();
    let err = db.execute(&early.sql, []).unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    for s in &drop {
        run_ddl(&db, s);
    }
    assert!(catalogue(&db, "table").is_empty());
    assert!(catalogue(&db, "index").is_empty());
    // IF EXISTS: dropping again is fine.
    for s in &drop {
        run_ddl(&db, s);
    }
}

#[test]
fn foreign_key_cycle_is_an_error() {
    let mut meta = MetaData::new();
    meta.table("a", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("b_id", SqlType::Integer)
            .references_named("b", "id");
    })
    .unwrap();
    meta.table("b", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("a_id", SqlType::Integer)
            .references_named("a", "id");
    })
    .unwrap();
    meta.table("free", |t| {
        t.column("id", SqlType::Integer).primary_key();
    })
    .unwrap();
    let expected = Error::DependencyCycle {
        tables: vec!["a".to_owned(), "b".to_owned()],
    };
    assert_eq!(meta.sorted_tables().unwrap_err(), expected);
    assert_eq!(meta.create_statements(false).unwrap_err(), expected);
    assert_eq!(meta.drop_statements(true).unwrap_err(), expected);
    assert!(expected.to_string().contains("[\"a\", \"b\"]"));
    // Each table on its own still compiles.
    assert!(meta.get("a").unwrap().create().compile(&Sqlite).is_ok());
}

#[test]
fn dependency_cycle_names_only_the_tables_on_the_cycle() {
    let mut meta = MetaData::new();
    meta.table("a", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("b_id", SqlType::Integer)
            .references_named("b", "id");
    })
    .unwrap();
    meta.table("b", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("a_id", SqlType::Integer)
            .references_named("a", "id");
    })
    .unwrap();
    meta.table("c", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("a_id", SqlType::Integer)
            .references_named("a", "id");
    })
    .unwrap();
    // `c` is not on the cycle: it only waits for `a`.
    assert_eq!(
        meta.sorted_tables().unwrap_err(),
        Error::DependencyCycle {
            tables: vec!["a".to_owned(), "b".to_owned()]
        }
    );
}

#[test]
fn schema_builder_errors() {
    let mut meta = MetaData::new();
    let users = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
        })
        .unwrap();

    let err = meta
        .table("dup", |t| {
            t.column("x", SqlType::Integer);
            t.column("x", SqlType::Text);
        })
        .unwrap_err();
    assert_invalid_schema(err.clone(), "duplicate column \"x\"");
    assert!(
        err.to_string().starts_with("invalid schema: table \"dup\""),
        "{err}"
    );

    let err = meta
        .table("pk", |t| {
            t.column("x", SqlType::Integer);
            t.primary_key(["nope"]);
        })
        .unwrap_err();
    assert_invalid_schema(err, "primary key names unknown column \"nope\"");

    let err = meta
        .table("both_pk", |t| {
            t.column("x", SqlType::Integer).primary_key();
            t.primary_key(["x"]);
        })
        .unwrap_err();
    assert_invalid_schema(err, "primary key given both");

    let err = meta
        .table("fk", |t| {
            t.column("user_id", SqlType::Integer)
                .references(&users, "nope");
        })
        .unwrap_err();
    assert_invalid_schema(err, "table \"users\" has no column \"nope\"");

    let err = meta
        .table("fk2", |t| {
            t.column("user_id", SqlType::Integer);
            t.foreign_key(["user_id"], &users, ["nope"]);
        })
        .unwrap_err();
    assert_invalid_schema(err, "has no column \"nope\"");

    let err = meta
        .table("fk3", |t| {
            t.column("user_id", SqlType::Integer);
            t.foreign_key(["missing"], &users, ["id"]);
        })
        .unwrap_err();
    assert_invalid_schema(err, "foreign key names unknown column \"missing\"");

    let err = meta
        .table("fk4", |t| {
            t.column("a", SqlType::Integer);
            t.column("b", SqlType::Integer);
            t.foreign_key(["a", "b"], &users, ["id"]);
        })
        .unwrap_err();
    assert_invalid_schema(err, "2 columns reference 1");

    let err = meta
        .table("fk5", |t| {
            t.column("a", SqlType::Integer).on_delete(FkAction::Cascade);
        })
        .unwrap_err();
    assert_invalid_schema(err, "on_delete() needs references() first");

    let err = meta
        .table("ix", |t| {
            t.column("a", SqlType::Integer);
            t.index("ix_a", ["a", "nope"]);
        })
        .unwrap_err();
    assert_invalid_schema(err, "index \"ix_a\" names unknown column \"nope\"");

    let err = meta
        .table("uq", |t| {
            t.column("a", SqlType::Integer);
            t.unique(Vec::<&str>::new());
        })
        .unwrap_err();
    assert_invalid_schema(err, "needs at least one column");

    // A second table of the same name.
    let err = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
        })
        .unwrap_err();
    assert_invalid_schema(err, "\"users\" is already defined");
    // The same name in another schema is another table.
    assert!(meta
        .table("users", |t| {
            t.schema("archive");
            t.column("id", SqlType::Integer).primary_key();
        })
        .is_ok());
    // Failed definitions were not added.
    let names: Vec<&str> = meta.tables().iter().map(|t| t.name()).collect();
    assert_eq!(names, ["users", "users"]);
}

#[test]
fn create_table_needs_a_defined_table() {
    let adhoc = table("x");
    match adhoc.create().compile(&Sqlite).unwrap_err() {
        Error::InvalidStatement(msg) => assert!(msg.contains("ad-hoc"), "{msg}"),
        other => panic!("expected InvalidStatement, got {other:?}"),
    }
    assert!(adhoc.create().compile(&Postgres).is_err());
    assert!(adhoc.create().compile(&MySql::mariadb()).is_err());

    let empty = MetaData::new().table("empty", |_| {}).unwrap();
    assert_invalid_schema(empty.create().compile(&Sqlite).unwrap_err(), "no columns");
}

#[test]
fn the_test_schema_round_trips_on_sqlite() {
    let s = schema();
    let create = s.meta.create_statements(true).unwrap();
    assert_eq!(
        ddl_sql(&create, &Sqlite),
        [
            r#"CREATE TABLE IF NOT EXISTS "users" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "email" VARCHAR(100), "status" VARCHAR(20), "country" VARCHAR(2), "created_at" DATETIME)"#,
            r#"CREATE TABLE IF NOT EXISTS "orders" ("id" INTEGER NOT NULL PRIMARY KEY, "user_id" INTEGER NOT NULL, "total" NUMERIC(12, 2), "status" VARCHAR(20), "created_at" DATETIME, FOREIGN KEY ("user_id") REFERENCES "users" ("id"))"#,
            r#"CREATE TABLE IF NOT EXISTS "addresses" ("id" INTEGER NOT NULL PRIMARY KEY, "user_id" INTEGER, "city" VARCHAR(50), FOREIGN KEY ("user_id") REFERENCES "users" ("id"))"#,
        ]
    );
    assert_eq!(
        ddl_sql(&create, &Postgres),
        [
            r#"CREATE TABLE IF NOT EXISTS "users" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "name" VARCHAR(50) NOT NULL, "email" VARCHAR(100), "status" VARCHAR(20), "country" VARCHAR(2), "created_at" TIMESTAMP WITHOUT TIME ZONE, PRIMARY KEY ("id"))"#,
            r#"CREATE TABLE IF NOT EXISTS "orders" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "user_id" INTEGER NOT NULL, "total" NUMERIC(12, 2), "status" VARCHAR(20), "created_at" TIMESTAMP WITHOUT TIME ZONE, PRIMARY KEY ("id"), FOREIGN KEY ("user_id") REFERENCES "users" ("id"))"#,
            r#"CREATE TABLE IF NOT EXISTS "addresses" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "user_id" INTEGER, "city" VARCHAR(50), PRIMARY KEY ("id"), FOREIGN KEY ("user_id") REFERENCES "users" ("id"))"#,
        ]
    );
    let my = [
        "CREATE TABLE IF NOT EXISTS `users` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(50) NOT NULL, `email` VARCHAR(100), `status` VARCHAR(20), `country` VARCHAR(2), `created_at` DATETIME(6), PRIMARY KEY (`id`))",
        "CREATE TABLE IF NOT EXISTS `orders` (`id` INTEGER NOT NULL AUTO_INCREMENT, `user_id` INTEGER NOT NULL, `total` NUMERIC(12, 2), `status` VARCHAR(20), `created_at` DATETIME(6), PRIMARY KEY (`id`), FOREIGN KEY (`user_id`) REFERENCES `users` (`id`))",
        "CREATE TABLE IF NOT EXISTS `addresses` (`id` INTEGER NOT NULL AUTO_INCREMENT, `user_id` INTEGER, `city` VARCHAR(50), PRIMARY KEY (`id`), FOREIGN KEY (`user_id`) REFERENCES `users` (`id`))",
    ];
    assert_eq!(ddl_sql(&create, &MySql::mariadb()), my);
    assert_eq!(ddl_sql(&create, &MySql::mysql8()), my);

    let db = lite_db();
    for stmt in &create {
        run_ddl(&db, stmt);
    }
    assert_eq!(catalogue(&db, "table"), ["addresses", "orders", "users"]);
    for ins in seed_statements(&s) {
        execute(&db, &ins.compile(&Sqlite).unwrap());
    }
    let count = |t: &Table| {
        query(
            &db,
            &select(func::count_star()).from(t).compile(&Sqlite).unwrap(),
        )
    };
    assert_eq!(count(&s.users), ["5"]);
    assert_eq!(count(&s.orders), ["6"]);
    assert_eq!(count(&s.addresses), ["4"]);
    // The foreign keys are live.
    exec_fails(
        &db,
        &insert(&s.addresses).value("user_id", 42),
        "FOREIGN KEY constraint failed",
    );

    let drop = s.meta.drop_statements(true).unwrap();
    assert_eq!(
        ddl_sql(&drop, &Sqlite),
        [
            r#"DROP TABLE IF EXISTS "addresses""#,
            r#"DROP TABLE IF EXISTS "orders""#,
            r#"DROP TABLE IF EXISTS "users""#
        ]
    );
    for stmt in &drop {
        run_ddl(&db, stmt);
    }
    assert!(catalogue(&db, "table").is_empty());
}

#[test]
fn computed_columns_render_generated_always_as() {
    let mut meta = MetaData::new();
    let t = meta
        .table("line", |t| {
            t.column("price", SqlType::Integer);
            t.column("qty", SqlType::Integer);
            t.column("note", SqlType::string(20));
            let total = (t.c("price") * t.c("qty")).cast(SqlType::BigInteger);
            t.column("total", SqlType::BigInteger)
                .computed(total)
                .not_null();
            let tag = func::coalesce([t.c("note"), lit("it's")]);
            t.column("tag", SqlType::string(20)).computed_virtual(tag);
        })
        .unwrap();
    let ddl = |d: &dyn sqlcraft::dialect::Dialect| t.create().compile(d).map(|c| c.sql);
    assert_eq!(
        ddl(&Sqlite).unwrap(),
        r#"CREATE TABLE "line" ("price" INTEGER, "qty" INTEGER, "note" VARCHAR(20), "total" BIGINT GENERATED ALWAYS AS (CAST("price" * "qty" AS BIGINT)) STORED NOT NULL, "tag" VARCHAR(20) GENERATED ALWAYS AS (coalesce("note", 'it''s')) VIRTUAL)"#
    );
    assert_eq!(
        ddl(&MySql::mariadb()).unwrap(),
        "CREATE TABLE `line` (`price` INTEGER, `qty` INTEGER, `note` VARCHAR(20), `total` BIGINT GENERATED ALWAYS AS (CAST(`price` * `qty` AS SIGNED)) STORED NOT NULL, `tag` VARCHAR(20) GENERATED ALWAYS AS (coalesce(`note`, 'it''s')) VIRTUAL)"
    );
    // PostgreSQL (before 18) has STORED only.
    assert!(matches!(ddl(&Postgres), Err(Error::Unsupported { .. })));
    // SQLite takes it, and computes.
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute(&ddl(&Sqlite).unwrap(), []).unwrap();
    db.execute(
        "INSERT INTO line (price, qty, note) VALUES (3, 4, NULL), (5, 5, 'x')",
        [],
    )
    .unwrap();
    let c = select((t.c("total"), t.c("tag")))
        .from(&t)
        .order_by(t.c("total"))
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(query(&db, &c), ["12|it's", "25|x"]);

    // A computed column with a default, or in the primary key, is refused.
    let mut meta = MetaData::new();
    let err = meta
        .table("bad", |t| {
            t.column("a", SqlType::Integer);
            let a = t.c("a");
            t.column("b", SqlType::Integer)
                .computed(a)
                .server_default(0);
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot also have a default"),
        "{err}"
    );
    let err = meta
        .table("bad2", |t| {
            t.column("a", SqlType::Integer);
            let a = t.c("a");
            t.column("b", SqlType::Integer).computed(a).primary_key();
        })
        .unwrap_err();
    assert!(err.to_string().contains("primary key"), "{err}");

    // INSERT and UPDATE cannot set it, with or without the cache; reading it
    // and targeting it in an upsert are fine.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    let ins = insert(&t).value("price", 1).value("total", 2);
    let upd = update(&t).set("total", 2);
    assert!(matches!(
        ins.compile(&Sqlite),
        Err(Error::InvalidStatement(_))
    ));
    assert!(matches!(
        upd.compile(&Sqlite),
        Err(Error::InvalidStatement(_))
    ));
    for _ in 0..2 {
        assert!(matches!(
            cache.compile(&ins),
            Err(Error::InvalidStatement(_))
        ));
        assert!(matches!(
            cache.compile(&upd),
            Err(Error::InvalidStatement(_))
        ));
    }
    assert_eq!(cache.len(), 0);
    golden(
        &select(t.c("total")).from(&t).filter(t.c("total").gt(3)),
        r#"SELECT "line"."total" FROM "line" WHERE "line"."total" > ?"#,
        r#"SELECT "line"."total" FROM "line" WHERE "line"."total" > $1"#,
        "SELECT `line`.`total` FROM `line` WHERE `line`.`total` > ?",
    );
}

#[test]
fn partial_indexes_render_where_and_are_refused_on_mysql() {
    let mut meta = MetaData::new();
    let t = meta
        .table("jobs", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("state", SqlType::string(10));
            t.column("tries", SqlType::Integer);
            let open = t.c("state").ne("done").and(t.c("tries").lt(3));
            t.index_where("ix_jobs_open", ["state", "tries"], open);
            let done = t.c("state").eq("it's done");
            t.unique_index_where("ux_jobs_done", ["id"], done);
        })
        .unwrap();
    let sql = |i: usize, d: &dyn Dialect| t.create_index(&t.indexes()[i]).compile(d).map(|c| c.sql);
    assert_eq!(
        sql(0, &Sqlite).unwrap(),
        r#"CREATE INDEX "ix_jobs_open" ON "jobs" ("state", "tries") WHERE "state" <> 'done' AND "tries" < 3"#
    );
    assert_eq!(
        sql(1, &Postgres).unwrap(),
        r#"CREATE UNIQUE INDEX "ux_jobs_done" ON "jobs" ("id") WHERE "state" = 'it''s done'"#
    );
    for d in [&MySql::mariadb(), &MySql::mysql8()] {
        assert!(matches!(sql(0, d), Err(Error::Unsupported { .. })));
    }
    // SQLite takes both, conditions included.
    let db = rusqlite::Connection::open_in_memory().unwrap();
    for ddl in meta.create_statements(false).unwrap() {
        db.execute(&ddl.compile(&Sqlite).unwrap().sql, []).unwrap();
    }
    let stored: String = db
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_jobs_open'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        stored.ends_with(r#"WHERE "state" <> 'done' AND "tries" < 3"#),
        "{stored}"
    );
}

#[test]
fn expression_indexes_render_key_parts_in_parentheses() {
    let mut meta = MetaData::new();
    let t = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("email", SqlType::string(100));
            t.column("country", SqlType::string(2));
            let key = func::lower(t.c("email"));
            t.unique_index_on("ux_users_email", key);
            let mixed = (t.c("country"), func::coalesce([t.c("email"), lit("n/a")]));
            t.index_on("ix_users_mixed", mixed);
        })
        .unwrap();
    let sql = |i: usize, d: &dyn Dialect| t.create_index(&t.indexes()[i]).compile(d).map(|c| c.sql);
    assert_eq!(
        sql(0, &Postgres).unwrap(),
        r#"CREATE UNIQUE INDEX "ux_users_email" ON "users" ((lower("email")))"#
    );
    assert_eq!(
        sql(1, &Sqlite).unwrap(),
        r#"CREATE INDEX "ix_users_mixed" ON "users" ("country", (coalesce("email", 'n/a')))"#
    );
    assert_eq!(
        sql(0, &MySql::mysql8()).unwrap(),
        "CREATE UNIQUE INDEX `ux_users_email` ON `users` ((lower(`email`)))"
    );
    assert!(matches!(
        sql(0, &MySql::mariadb()),
        Err(Error::Unsupported { .. })
    ));
    // SQLite takes both and holds the unique one whatever the case.
    let db = rusqlite::Connection::open_in_memory().unwrap();
    for ddl in meta.create_statements(false).unwrap() {
        db.execute(&ddl.compile(&Sqlite).unwrap().sql, []).unwrap();
    }
    db.execute("INSERT INTO users (email) VALUES ('Ann@x.io')", [])
        .unwrap();
    let dup = db
        .execute("INSERT INTO users (email) VALUES ('ann@X.IO')", [])
        .unwrap_err();
    assert!(dup.to_string().contains("UNIQUE"), "{dup}");
}

#[test]
fn sequences_per_dialect() {
    let seq = Sequence::new("order_numbers").start(1000).increment(5);
    let odd = Sequence::new("it's \"odd\"").in_schema("sales");
    let generic = sqlcraft::dialect::GenericDialect;
    let mariadb = MySql::mariadb();

    // CREATE and DROP: PostgreSQL, MariaDB and the standard alike.
    for (d, create, drop) in [
        (
            &Postgres as &dyn sqlcraft::Dialect,
            r#"CREATE SEQUENCE IF NOT EXISTS "order_numbers" INCREMENT BY 5 START WITH 1000"#,
            r#"DROP SEQUENCE IF EXISTS "sales"."it's ""odd""""#,
        ),
        (
            &mariadb,
            "CREATE SEQUENCE IF NOT EXISTS `order_numbers` INCREMENT BY 5 START WITH 1000",
            "DROP SEQUENCE IF EXISTS `sales`.`it's \"odd\"`",
        ),
        (
            &generic,
            r#"CREATE SEQUENCE IF NOT EXISTS "order_numbers" INCREMENT BY 5 START WITH 1000"#,
            r#"DROP SEQUENCE IF EXISTS "sales"."it's ""odd""""#,
        ),
    ] {
        assert_eq!(seq.create().if_not_exists().compile(d).unwrap().sql, create);
        assert_eq!(odd.drop().if_exists().compile(d).unwrap().sql, drop);
    }
    assert_eq!(
        Sequence::new("s").create().compile(&Postgres).unwrap().sql,
        r#"CREATE SEQUENCE "s""#
    );

    // The next value: PostgreSQL's nextval() takes the quoted name as a string.
    let q = select(odd.next_value());
    assert_eq!(
        q.compile(&Postgres).unwrap().sql,
        r#"SELECT nextval('"sales"."it''s ""odd"""') AS "next_value_1""#
    );
    assert_eq!(
        q.compile(&mariadb).unwrap().sql,
        "SELECT NEXT VALUE FOR `sales`.`it's \"odd\"` AS `next_value_1`"
    );
    let users = table("users");
    let ins = insert(&users)
        .value("id", seq.next_value())
        .value("name", "ann");
    let c = ins.compile(&Postgres).unwrap();
    assert_eq!(
        c.sql,
        r#"INSERT INTO "users" ("id", "name") VALUES (nextval('"order_numbers"'), $1)"#
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("ann")]);

    // MySQL and SQLite have no sequences.
    for d in [&MySql::mysql8() as &dyn sqlcraft::Dialect, &Sqlite] {
        for err in [
            compile_err(&seq.create(), d),
            compile_err(&seq.drop(), d),
            compile_err(&q, d),
        ] {
            assert!(
                matches!(&err, Error::Unsupported { construct, .. } if construct == "sequences"),
                "{}: {err:?}",
                d.name()
            );
        }
    }
    assert!(matches!(
        compile_err(&Sequence::new("s").increment(0).create(), &Postgres),
        Error::InvalidSchema(_)
    ));

    // Each sequence is its own cache entry; the statement's values are not.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for (s, name) in [(&seq, "a"), (&seq, "b"), (&odd, "c")] {
        let stmt = insert(&users)
            .value("id", s.next_value())
            .value("name", name);
        assert_eq!(
            cache.compile(&stmt).unwrap(),
            stmt.compile(&Postgres).unwrap()
        );
    }
    assert_eq!(cache.len(), 2);
}

#[test]
fn metadata_creates_sequences_first_and_drops_them_last() {
    let mut meta = MetaData::new();
    let seq = Sequence::new("ids");
    meta.add_sequence(seq.clone()).unwrap();
    meta.table("t", |t| {
        t.column("id", SqlType::BigInteger)
            .primary_key()
            .server_default(seq.next_value());
    })
    .unwrap();
    assert!(meta.add_sequence(Sequence::new("ids")).is_err());
    assert_eq!(
        ddl_sql(&meta.create_statements(false).unwrap(), &Postgres),
        [
            r#"CREATE SEQUENCE "ids""#,
            r#"CREATE TABLE "t" ("id" BIGINT DEFAULT (nextval('"ids"')) NOT NULL, PRIMARY KEY ("id"))"#,
        ]
    );
    assert_eq!(
        ddl_sql(&meta.create_statements(false).unwrap(), &MySql::mariadb()),
        [
            "CREATE SEQUENCE `ids`",
            "CREATE TABLE `t` (`id` BIGINT DEFAULT (NEXT VALUE FOR `ids`) NOT NULL, PRIMARY KEY (`id`))",
        ]
    );
    assert_eq!(
        ddl_sql(&meta.drop_statements(true).unwrap(), &Postgres),
        [
            r#"DROP TABLE IF EXISTS "t""#,
            r#"DROP SEQUENCE IF EXISTS "ids""#
        ]
    );
}

#[test]
fn comments_on_tables_and_columns_per_dialect() {
    let mut meta = MetaData::new();
    let t = meta
        .table("users", |t| {
            t.comment("people who log in; it's \"us\"");
            t.column("id", SqlType::Integer)
                .primary_key()
                .comment("the key");
            t.column("email", SqlType::string(100))
                .not_null()
                .comment("lower case \\ unique");
            t.column("note", SqlType::Text);
        })
        .unwrap();

    // MySQL and MariaDB: inside CREATE TABLE, escaped as their literals are.
    assert_eq!(
        t.create().compile(&MySql::mariadb()).unwrap().sql,
        r#"CREATE TABLE `users` (`id` INTEGER NOT NULL AUTO_INCREMENT COMMENT 'the key', `email` VARCHAR(100) NOT NULL COMMENT 'lower case \\ unique', `note` LONGTEXT, PRIMARY KEY (`id`)) COMMENT 'people who log in; it''s "us"'"#
    );
    // PostgreSQL: CREATE TABLE without them, then COMMENT ON each.
    let pg_create = t.create().compile(&Postgres).unwrap().sql;
    assert!(!pg_create.contains("COMMENT"), "{pg_create}");
    assert_eq!(
        ddl_sql(&t.comment_statements(), &Postgres),
        [
            r#"COMMENT ON TABLE "users" IS 'people who log in; it''s "us"'"#,
            r#"COMMENT ON COLUMN "users"."id" IS 'the key'"#,
            r#"COMMENT ON COLUMN "users"."email" IS 'lower case \ unique'"#,
        ]
    );
    // SQLite keeps no comments: CREATE TABLE leaves them out.
    assert_eq!(
        t.create().compile(&Sqlite).unwrap().sql,
        r#"CREATE TABLE "users" ("id" INTEGER NOT NULL PRIMARY KEY, "email" VARCHAR(100) NOT NULL, "note" TEXT)"#
    );

    // COMMENT ON elsewhere: a table's on MySQL as ALTER TABLE, a column's
    // refused there and everything refused on SQLite; removing one; an unknown
    // column.
    let table_only = &t.comment_statements()[0];
    assert_eq!(
        table_only.compile(&MySql::mariadb()).unwrap().sql,
        r#"ALTER TABLE `users` COMMENT 'people who log in; it''s "us"'"#
    );
    assert!(matches!(
        compile_err(&t.comment_statements()[1], &MySql::mariadb()),
        Error::Unsupported { .. }
    ));
    assert!(matches!(
        compile_err(table_only, &Sqlite),
        Error::Unsupported { .. }
    ));
    let clear = sqlcraft::schema::CommentOn {
        table: t.clone(),
        column: Some("note".into()),
        comment: None,
    };
    assert_eq!(
        clear.compile(&Postgres).unwrap().sql,
        r#"COMMENT ON COLUMN "users"."note" IS NULL"#
    );
    let unknown = sqlcraft::schema::CommentOn {
        table: t.clone(),
        column: Some("nope".into()),
        comment: Some("x".into()),
    };
    assert!(matches!(
        compile_err(&unknown, &Postgres),
        Error::UnknownColumn { .. }
    ));
    let plain = meta.table("plain", |t| {
        t.column("id", SqlType::Integer);
    });
    assert!(plain.unwrap().comment_statements().is_empty());
}
