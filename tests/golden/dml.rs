//! Golden tests: dml.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;

use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// Golden SQL for SQLite and PostgreSQL only, for statements MariaDB refuses (the
/// refusal is asserted separately). Returns the SQLite compilation.
#[track_caller]
fn lite_pg<S: Compile>(stmt: &S, sqlite: &str, postgres: &str) -> Compiled {
    let lite = stmt
        .compile(&Sqlite)
        .unwrap_or_else(|e| panic!("sqlite: {e}"));
    let pg = stmt
        .compile(&Postgres)
        .unwrap_or_else(|e| panic!("postgresql: {e}"));
    assert_eq!(lite.sql, sqlite, "sqlite SQL");
    assert_eq!(pg.sql, postgres, "postgresql SQL");
    assert_eq!(
        lite.params, pg.params,
        "sqlite and postgresql parameters differ"
    );
    lite
}

/// The table's rows (the given columns, ordered by the first), read back through
/// a sqlcraft SELECT on the SQLite database.
fn contents(db: &rusqlite::Connection, t: &Table, cols: &[&str]) -> Vec<String> {
    let exprs: Vec<Expr> = cols.iter().map(|c| t.c(c)).collect();
    let q = select(exprs).from(t).order_by(t.c(cols[0]).asc());
    query(db, &q.compile(&Sqlite).unwrap())
}

fn vals(c: &Compiled) -> Vec<Value> {
    c.values().unwrap()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
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
fn assert_invalid_statement(err: Error, msg_part: &str) {
    match &err {
        Error::InvalidStatement(msg) => assert!(
            msg.contains(msg_part),
            "message {msg:?} should mention {msg_part:?}"
        ),
        other => panic!("expected InvalidStatement, got {other:?}"),
    }
}

const USER_COLS: [&str; 4] = ["id", "name", "email", "status"];

// ---------------------------------------------------------------------------
// INSERT
// ---------------------------------------------------------------------------

#[test]
fn insert_single_row_with_value_and_values() {
    let s = schema();
    let db = sqlite_db(&s);

    let one = insert(&s.users).value("id", 6).value("name", "fay");
    let c = golden(
        &one,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?)"#,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2)"#,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?)",
    );
    assert_eq!(vals(&c), [Value::Int(6), Value::from("fay")]);
    assert_eq!(execute(&db, &c), 1);

    // values() takes (column, value) pairs of different types; None binds NULL.
    let pairs = insert(&s.users).values((
        ("id", 7),
        ("name", "gus"),
        ("email", None::<&str>),
        ("status", "new"),
    ));
    let c = golden(
        &pairs,
        r#"INSERT INTO "users" ("id", "name", "email", "status") VALUES (?, ?, ?, ?)"#,
        r#"INSERT INTO "users" ("id", "name", "email", "status") VALUES ($1, $2, $3, $4)"#,
        "INSERT INTO `users` (`id`, `name`, `email`, `status`) VALUES (?, ?, ?, ?)",
    );
    assert_eq!(
        vals(&c),
        [
            Value::Int(7),
            Value::from("gus"),
            Value::Null,
            Value::from("new")
        ]
    );
    assert_eq!(execute(&db, &c), 1);

    let rows = contents(&db, &s.users, &USER_COLS);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[5..], ["6|fay|NULL|NULL", "7|gus|NULL|new"]);
}

#[test]
fn insert_many_rows_with_columns_row_and_rows() {
    let s = schema();
    let db = sqlite_db(&s);

    let stmt = insert(&s.users)
        .columns(["id", "name", "country"])
        .row((6, "fay", "NL"))
        .row((7, "gus", None::<&str>));
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name", "country") VALUES (?, ?, ?), (?, ?, ?)"#,
        r#"INSERT INTO "users" ("id", "name", "country") VALUES ($1, $2, $3), ($4, $5, $6)"#,
        "INSERT INTO `users` (`id`, `name`, `country`) VALUES (?, ?, ?), (?, ?, ?)",
    );
    assert_eq!(
        vals(&c),
        [
            Value::Int(6),
            Value::from("fay"),
            Value::from("NL"),
            Value::Int(7),
            Value::from("gus"),
            Value::Null
        ]
    );
    assert_eq!(execute(&db, &c), 2);

    // rows() from an iterator, three rows.
    let data = vec![(8, "hal"), (9, "ivy"), (10, "jo")];
    let stmt = insert(&s.users).columns(["id", "name"]).rows(data);
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?), (?, ?), (?, ?)"#,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2), ($3, $4), ($5, $6)"#,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?), (?, ?), (?, ?)",
    );
    assert_eq!(c.params.len(), 6);
    assert_eq!(execute(&db, &c), 3);

    let rows = contents(&db, &s.users, &["id", "name", "country"]);
    assert_eq!(
        rows[5..],
        [
            "6|fay|NL",
            "7|gus|NULL",
            "8|hal|NULL",
            "9|ivy|NULL",
            "10|jo|NULL"
        ]
    );
}

#[test]
fn insert_from_select() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;

    let stmt = insert(&s.addresses).from_select(
        ["user_id", "city"],
        select((u.c("id"), u.c("country")))
            .from(u)
            .filter(u.c("country").eq("FR")),
    );
    let c = golden(
        &stmt,
        r#"INSERT INTO "addresses" ("user_id", "city") SELECT "users"."id", "users"."country" FROM "users" WHERE "users"."country" = ?"#,
        r#"INSERT INTO "addresses" ("user_id", "city") SELECT "users"."id", "users"."country" FROM "users" WHERE "users"."country" = $1"#,
        "INSERT INTO `addresses` (`user_id`, `city`) SELECT `users`.`id`, `users`.`country` FROM `users` WHERE `users`.`country` = ?",
    );
    assert_eq!(vals(&c), [Value::from("FR")]);
    assert_eq!(execute(&db, &c), 2);
    // ids 5 and 6 come from the rowid alias
    assert_eq!(
        contents(&db, &s.addresses, &["id", "user_id", "city"]),
        [
            "1|1|Paris",
            "2|3|Lyon",
            "3|3|Nice",
            "4|5|NULL",
            "5|3|FR",
            "6|4|FR"
        ]
    );

    // INSERT … SELECT needs a column list.
    let no_cols = insert(&s.addresses).from_select(Vec::<&str>::new(), select(u.c("id")).from(u));
    assert_invalid_statement(compile_err(&no_cols, &Sqlite), "column list");
    // As many columns as it names: every engine refuses another count.
    let short = insert(&s.addresses).from_select(["id", "user_id"], select(u.c("id")).from(u));
    for err in [
        compile_err(&short, &Sqlite),
        compile_err(&short, &Postgres),
        compile_err(&short, &MySql::mariadb()),
    ] {
        assert_invalid_statement(err, "names 2 columns and its SELECT returns 1");
    }
}

#[test]
fn insert_default_values() {
    let mut meta = MetaData::new();
    let t = meta
        .table("tickets", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("state", SqlType::string(10))
                .not_null()
                .server_default("open");
        })
        .unwrap();
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute(&t.create().compile(&Sqlite).unwrap().sql, [])
        .unwrap();

    let c = golden(
        &insert(&t).default_values(),
        r#"INSERT INTO "tickets" DEFAULT VALUES"#,
        r#"INSERT INTO "tickets" DEFAULT VALUES"#,
        "INSERT INTO `tickets` () VALUES ()",
    );
    assert!(c.params.is_empty());
    assert_eq!(execute(&db, &c), 1);
    // An INSERT given nothing at all is the same statement.
    let c = golden(
        &insert(&t),
        r#"INSERT INTO "tickets" DEFAULT VALUES"#,
        r#"INSERT INTO "tickets" DEFAULT VALUES"#,
        "INSERT INTO `tickets` () VALUES ()",
    );
    assert_eq!(execute(&db, &c), 1);
    // default_values() discards columns given before it.
    let c = golden(
        &insert(&t).columns(["state"]).default_values(),
        r#"INSERT INTO "tickets" DEFAULT VALUES"#,
        r#"INSERT INTO "tickets" DEFAULT VALUES"#,
        "INSERT INTO `tickets` () VALUES ()",
    );
    assert_eq!(execute(&db, &c), 1);
    assert_eq!(
        contents(&db, &t, &["id", "state"]),
        ["1|open", "2|open", "3|open"]
    );
}

#[test]
fn client_side_defaults_fill_left_out_columns_per_row() {
    let counter = Arc::new(AtomicI64::new(0));
    let gen = Arc::clone(&counter);
    let mut meta = MetaData::new();
    let events = meta
        .table("events", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("kind", SqlType::string(10))
                .not_null()
                .default("info");
            t.column("seq", SqlType::Integer)
                .default_fn(move || Value::Int(gen.fetch_add(1, Ordering::SeqCst) + 1));
        })
        .unwrap();
    let db = rusqlite::Connection::open_in_memory().unwrap();
    let ddl = events.create().compile(&Sqlite).unwrap();
    // Client-side defaults are not part of the DDL.
    assert_eq!(
        ddl.sql,
        r#"CREATE TABLE "events" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(10) NOT NULL, "seq" INTEGER)"#
    );
    db.execute(&ddl.sql, []).unwrap();

    // Each compile below calls the generator once per row; the SQLite compile comes
    // last so that its values are the counter's latest.
    let check = |stmt: &Insert, sqlite: &str, pg: &str, my: &str| -> Compiled {
        assert_eq!(stmt.compile(&Postgres).unwrap().sql, pg);
        assert_eq!(stmt.compile(&MySql::mariadb()).unwrap().sql, my);
        let c = stmt.compile(&Sqlite).unwrap();
        assert_eq!(c.sql, sqlite);
        c
    };

    let one = insert(&events).value("id", 1);
    let c = check(
        &one,
        r#"INSERT INTO "events" ("id", "kind", "seq") VALUES (?, ?, ?)"#,
        r#"INSERT INTO "events" ("id", "kind", "seq") VALUES ($1, $2, $3)"#,
        "INSERT INTO `events` (`id`, `kind`, `seq`) VALUES (?, ?, ?)",
    );
    let n = counter.load(Ordering::SeqCst);
    assert_eq!(
        vals(&c),
        [Value::Int(1), Value::from("info"), Value::Int(n)]
    );
    assert_eq!(execute(&db, &c), 1);

    // Two rows: the fixed default repeats, the function is called once per row;
    // an explicitly given column is not overridden.
    let many = insert(&events)
        .columns(["id", "kind"])
        .row((2, "warn"))
        .row((3, "error"));
    let c = check(
        &many,
        r#"INSERT INTO "events" ("id", "kind", "seq") VALUES (?, ?, ?), (?, ?, ?)"#,
        r#"INSERT INTO "events" ("id", "kind", "seq") VALUES ($1, $2, $3), ($4, $5, $6)"#,
        "INSERT INTO `events` (`id`, `kind`, `seq`) VALUES (?, ?, ?), (?, ?, ?)",
    );
    let n2 = counter.load(Ordering::SeqCst);
    assert_eq!(
        vals(&c),
        [
            Value::Int(2),
            Value::from("warn"),
            Value::Int(n2 - 1),
            Value::Int(3),
            Value::from("error"),
            Value::Int(n2)
        ]
    );
    assert_eq!(execute(&db, &c), 2);

    let both_left_out = insert(&events).columns(["id"]).rows([(4,), (5,)]);
    let c = check(
        &both_left_out,
        r#"INSERT INTO "events" ("id", "kind", "seq") VALUES (?, ?, ?), (?, ?, ?)"#,
        r#"INSERT INTO "events" ("id", "kind", "seq") VALUES ($1, $2, $3), ($4, $5, $6)"#,
        "INSERT INTO `events` (`id`, `kind`, `seq`) VALUES (?, ?, ?), (?, ?, ?)",
    );
    let n3 = counter.load(Ordering::SeqCst);
    assert_eq!(
        vals(&c),
        [
            Value::Int(4),
            Value::from("info"),
            Value::Int(n3 - 1),
            Value::Int(5),
            Value::from("info"),
            Value::Int(n3)
        ]
    );
    assert_eq!(execute(&db, &c), 2);

    // default_values() on a table with client defaults sends the defaults.
    let c = check(
        &insert(&events).default_values(),
        r#"INSERT INTO "events" ("kind", "seq") VALUES (?, ?)"#,
        r#"INSERT INTO "events" ("kind", "seq") VALUES ($1, $2)"#,
        "INSERT INTO `events` (`kind`, `seq`) VALUES (?, ?)",
    );
    let n4 = counter.load(Ordering::SeqCst);
    assert_eq!(vals(&c), [Value::from("info"), Value::Int(n4)]);
    assert_eq!(execute(&db, &c), 1);

    // INSERT … SELECT does not apply client-side defaults (see the report).
    let copy = insert(&events).from_select(["id", "kind"], select((lit(10), lit("copy"))));
    let c = check(
        &copy,
        r#"INSERT INTO "events" ("id", "kind") SELECT ?, ?"#,
        r#"INSERT INTO "events" ("id", "kind") SELECT CAST($1 AS BIGINT), $2"#,
        "INSERT INTO `events` (`id`, `kind`) SELECT ?, ?",
    );
    assert_eq!(execute(&db, &c), 1);

    assert_eq!(
        contents(&db, &events, &["id", "kind", "seq"]),
        [
            format!("1|info|{n}"),
            format!("2|warn|{}", n2 - 1),
            format!("3|error|{n2}"),
            format!("4|info|{}", n3 - 1),
            format!("5|info|{n3}"),
            format!("6|info|{n4}"),
            "10|copy|NULL".to_owned(),
        ]
    );
    // Every generated value was distinct.
    assert!(n < n2 - 1 && n2 < n3 - 1 && n3 < n4);
}

#[test]
fn insert_returning() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let stmt = insert(u)
        .values((("id", 6), ("name", "fay")))
        .returning((u.c("id"), func::upper(u.c("name")).label("shout")));
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?) RETURNING "users"."id", upper("users"."name") AS "shout""#,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2) RETURNING "users"."id", upper("users"."name") AS "shout""#,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?) RETURNING `users`.`id`, upper(`users`.`name`) AS `shout`",
    );
    assert_eq!(query(&db, &c), ["6|FAY"]);

    // Multi-row RETURNING gives one row per inserted row (ids from the rowid alias).
    let stmt = insert(&s.addresses)
        .columns(["user_id", "city"])
        .row((2, "Oslo"))
        .row((4, "Rome"))
        .returning(s.addresses.c("id"));
    let c = golden(
        &stmt,
        r#"INSERT INTO "addresses" ("user_id", "city") VALUES (?, ?), (?, ?) RETURNING "addresses"."id""#,
        r#"INSERT INTO "addresses" ("user_id", "city") VALUES ($1, $2), ($3, $4) RETURNING "addresses"."id""#,
        "INSERT INTO `addresses` (`user_id`, `city`) VALUES (?, ?), (?, ?) RETURNING `addresses`.`id`",
    );
    assert_eq!(sorted(query(&db, &c)), ["5", "6"]);
    assert_eq!(
        contents(&db, &s.addresses, &["id", "user_id", "city"])[4..],
        ["5|2|Oslo", "6|4|Rome"]
    );

    // MySQL 8 has no RETURNING at all.
    assert_unsupported(compile_err(&stmt, &MySql::mysql8()), "mysql", "RETURNING");
}

#[test]
fn upsert_on_conflict_columns_do_nothing() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = insert(&s.users)
        .columns(["id", "name"])
        .row((1, "zed"))
        .row((6, "fay"))
        .on_conflict(OnConflict::columns(["id"]).do_nothing());
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?), (?, ?) ON CONFLICT ("id") DO NOTHING"#,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO NOTHING"#,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `users`.`id` = `users`.`id`",
    );
    // Row 1 is kept as it was, row 6 is new.
    assert_eq!(execute(&db, &c), 1);
    let rows = contents(&db, &s.users, &["id", "name"]);
    assert_eq!(rows[0], "1|ann");
    assert_eq!(rows[5], "6|fay");
    assert_eq!(rows.len(), 6);
}

#[test]
fn upsert_on_conflict_do_update_with_excluded() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = insert(&s.users)
        .columns(["id", "name", "email"])
        .row((1, "zed", "zed@x.io"))
        .row((6, "fay", "fay@x.io"))
        .on_conflict(OnConflict::columns(["id"]).do_update([
            ("name", excluded("name")),
            ("email", excluded("email").concat("!")),
        ]));
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name", "email") VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "email" = excluded."email" || ?"#,
        r#"INSERT INTO "users" ("id", "name", "email") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "email" = excluded."email" || $7"#,
        "INSERT INTO `users` (`id`, `name`, `email`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `email` = concat(VALUES(`email`), ?)",
    );
    assert_eq!(c.params.len(), 7);
    assert_eq!(vals(&c)[6], Value::from("!"));
    // MySQL 8 names the proposed row by an alias: VALUES(col) is deprecated
    // there (MariaDB has only VALUES(col)).
    assert_eq!(
        stmt.compile(&MySql::mysql8()).unwrap().sql,
        "INSERT INTO `users` (`id`, `name`, `email`) VALUES (?, ?, ?), (?, ?, ?) AS `new` ON DUPLICATE KEY UPDATE `name` = `new`.`name`, `email` = concat(`new`.`email`, ?)"
    );
    assert_eq!(execute(&db, &c), 2);
    let rows = contents(&db, &s.users, &USER_COLS);
    // The existing row is updated (status untouched), the new one inserted.
    assert_eq!(rows[0], "1|zed|zed@x.io!|gold");
    assert_eq!(rows[1], "2|bob|NULL|silver");
    assert_eq!(rows[5], "6|fay|fay@x.io|NULL");

    // An upsert's SET names columns of the table: unknown ones are errors, and
    // so is an empty assignment list.
    let bad = insert(&s.users)
        .values((("id", 1), ("name", "x")))
        .on_conflict(OnConflict::columns(["id"]).do_update([("nope", excluded("name"))]));
    assert!(matches!(
        compile_err(&bad, &Sqlite),
        Error::UnknownColumn { ref column, .. } if column == "nope"
    ));
    let bad_target = insert(&s.users)
        .values((("id", 1), ("name", "x")))
        .on_conflict(OnConflict::columns(["nope"]).do_nothing());
    assert!(matches!(
        compile_err(&bad_target, &Postgres),
        Error::UnknownColumn { ref column, .. } if column == "nope"
    ));
    let empty = insert(&s.users)
        .values((("id", 1), ("name", "x")))
        .on_conflict(OnConflict::columns(["id"]).do_update(Vec::<(&str, Expr)>::new()));
    assert_invalid_statement(compile_err(&empty, &Sqlite), "at least one assignment");
    assert_invalid_statement(
        compile_err(&empty, &MySql::mariadb()),
        "at least one assignment",
    );
}

#[test]
fn upsert_update_where_is_refused_by_mariadb() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = insert(&s.users)
        .columns(["id", "name"])
        .row((1, "zed"))
        .row((2, "yan"))
        .on_conflict(
            OnConflict::columns(["id"])
                .do_update([("name", excluded("name"))])
                .update_where(s.users.c("status").eq("gold")),
        );
    let c = lite_pg(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?), (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" WHERE "users"."status" = ?"#,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" WHERE "users"."status" = $5"#,
    );
    assert_eq!(vals(&c)[4], Value::from("gold"));
    // Only the gold user's row is updated.
    assert_eq!(execute(&db, &c), 1);
    let rows = contents(&db, &s.users, &["id", "name", "status"]);
    assert_eq!(rows[..2], ["1|zed|gold", "2|bob|silver"]);

    assert_unsupported(compile_err(&stmt, &MySql::mariadb()), "mariadb", "WHERE");
    assert_unsupported(compile_err(&stmt, &MySql::mysql8()), "mysql", "WHERE");
}

#[test]
fn upsert_on_named_constraint_is_postgres_only() {
    let s = schema();
    let stmt = insert(&s.users)
        .values((("id", 1), ("name", "zed")))
        .on_conflict(OnConflict::constraint("users_pkey").do_update([("name", excluded("name"))]));
    let pg = stmt.compile(&Postgres).unwrap();
    assert_eq!(
        pg.sql,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "users_pkey" DO UPDATE SET "name" = excluded."name""#
    );
    assert_unsupported(compile_err(&stmt, &Sqlite), "sqlite", "ON CONSTRAINT");
    // MySQL/MariaDB cannot name a target: any unique conflict triggers the update.
    assert_eq!(
        stmt.compile(&MySql::mariadb()).unwrap().sql,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)"
    );
}

#[test]
fn upsert_without_target() {
    let s = schema();
    let db = sqlite_db(&s);

    // DO NOTHING on any conflict: every dialect.
    let nothing = insert(&s.users)
        .values((("id", 2), ("name", "zed")))
        .on_conflict(OnConflict::any().do_nothing());
    let c = golden(
        &nothing,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT DO NOTHING"#,
        r#"INSERT INTO "users" ("id", "name") VALUES ($1, $2) ON CONFLICT DO NOTHING"#,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `users`.`id` = `users`.`id`",
    );
    assert_eq!(execute(&db, &c), 0);
    assert_eq!(contents(&db, &s.users, &["id", "name"])[1], "2|bob");

    // DO UPDATE on any conflict: SQLite and MySQL yes, PostgreSQL needs a target.
    let update = insert(&s.users)
        .values((("id", 2), ("name", "zed")))
        .on_conflict(OnConflict::any().do_update([("name", excluded("name"))]));
    let c = update.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT DO UPDATE SET "name" = excluded."name""#
    );
    assert_eq!(
        update.compile(&MySql::mariadb()).unwrap().sql,
        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)"
    );
    assert_unsupported(
        compile_err(&update, &Postgres),
        "postgresql",
        "without a conflict target",
    );
    assert_eq!(execute(&db, &c), 1);
    assert_eq!(contents(&db, &s.users, &["id", "name"])[1], "2|zed");

    // MySQL's DO NOTHING emulation needs a column to assign to itself.
    let no_cols = insert(&s.users)
        .default_values()
        .on_conflict(OnConflict::any().do_nothing());
    assert_unsupported(
        compile_err(&no_cols, &MySql::mariadb()),
        "mariadb",
        "DO NOTHING",
    );
}

#[test]
fn insert_from_select_with_upsert_gets_where_true() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    // New users 4..=9 from the orders: 4 and 5 exist and get their name replaced.
    let stmt = insert(&s.users)
        .from_select(
            ["id", "name"],
            select((o.c("id") + 3, o.c("status"))).from(o),
        )
        .on_conflict(OnConflict::columns(["id"]).do_update([("name", excluded("name"))]));
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") SELECT "orders"."id" + ?, "orders"."status" FROM "orders" WHERE TRUE ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#,
        r#"INSERT INTO "users" ("id", "name") SELECT "orders"."id" + $1, "orders"."status" FROM "orders" WHERE TRUE ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#,
        "INSERT INTO `users` (`id`, `name`) SELECT `orders`.`id` + ?, `orders`.`status` FROM `orders` WHERE TRUE ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)",
    );
    assert_eq!(vals(&c), [Value::Int(3)]);
    // An INSERT … SELECT has no row alias, on MySQL 8 either.
    assert_eq!(
        stmt.compile(&MySql::mysql8()).unwrap().sql,
        "INSERT INTO `users` (`id`, `name`) SELECT `orders`.`id` + ?, `orders`.`status` FROM `orders` WHERE TRUE ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)"
    );
    assert_eq!(execute(&db, &c), 6);
    assert_eq!(
        contents(&db, &s.users, &["id", "name"]),
        ["1|ann", "2|bob", "3|cid", "4|paid", "5|paid", "6|new", "7|paid", "8|new", "9|void"]
    );

    // With a WHERE of its own, nothing is added; DO NOTHING keeps rows.
    let stmt = insert(&s.users)
        .from_select(
            ["id", "name"],
            select((o.c("id") + 10, o.c("status")))
                .from(o)
                .filter(o.c("status").eq("paid")),
        )
        .on_conflict(OnConflict::columns(["id"]).do_nothing());
    let c = lite_pg(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") SELECT "orders"."id" + ?, "orders"."status" FROM "orders" WHERE "orders"."status" = ? ON CONFLICT ("id") DO NOTHING"#,
        r#"INSERT INTO "users" ("id", "name") SELECT "orders"."id" + $1, "orders"."status" FROM "orders" WHERE "orders"."status" = $2 ON CONFLICT ("id") DO NOTHING"#,
    );
    assert_eq!(execute(&db, &c), 3);
    assert_eq!(execute(&db, &c), 0);
    let ids: Vec<String> = contents(&db, &s.users, &["id"]);
    assert_eq!(ids[9..], ["11", "12", "14"]);
}

#[test]
fn insert_from_compound_select_with_upsert_parses_on_sqlite() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let u = &s.users;
    let stmt = insert(u)
        .from_select(
            ["id", "name"],
            select((u.c("id"), func::upper(u.c("name"))))
                .from(u)
                .filter(u.c("country").eq("US"))
                .union(select((o.c("id") + 10, o.c("status"))).from(o)),
        )
        .on_conflict(OnConflict::columns(["id"]).do_update([("name", excluded("name"))]));
    // SQLite reads `FROM "orders" ON CONFLICT` as the start of a join constraint:
    // the last member of the compound needs a WHERE too (or the compound must be
    // wrapped); any form SQLite parses would do, this one mirrors the plain case.
    let c = golden(
        &stmt,
        r#"INSERT INTO "users" ("id", "name") SELECT "users"."id", upper("users"."name") FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."id" + ?, "orders"."status" FROM "orders" WHERE TRUE ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#,
        r#"INSERT INTO "users" ("id", "name") SELECT "users"."id", upper("users"."name") FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."id" + $2, "orders"."status" FROM "orders" WHERE TRUE ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#,
        "INSERT INTO `users` (`id`, `name`) SELECT `users`.`id`, upper(`users`.`name`) FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`id` + ?, `orders`.`status` FROM `orders` WHERE TRUE ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)",
    );
    // users 1 and 2 are updated, orders 1..=6 become users 11..=16.
    assert_eq!(execute(&db, &c), 8);
    let rows = contents(&db, u, &["id", "name"]);
    assert_eq!(rows[..2], ["1|ANN", "2|BOB"]);
    assert_eq!(rows.len(), 11);
}

#[test]
fn mysql_do_nothing_on_insert_select_qualifies_the_column() {
    let s = schema();
    let o = &s.orders;
    let stmt = insert(&s.users)
        .from_select(
            ["id", "name"],
            select((o.c("id") + 3, o.c("status"))).from(o),
        )
        .on_conflict(OnConflict::columns(["id"]).do_nothing());
    // `orders` has an `id` column too, so the unqualified `id` on the right-hand
    // side could mean either table; the target table's column must be named.
    assert_eq!(
        stmt.compile(&MySql::mariadb()).unwrap().sql,
        "INSERT INTO `users` (`id`, `name`) SELECT `orders`.`id` + ?, `orders`.`status` FROM `orders` WHERE TRUE ON DUPLICATE KEY UPDATE `users`.`id` = `users`.`id`"
    );
}

#[test]
fn upsert_update_where_is_not_lost_when_called_first() {
    let s = schema();
    let cond = s.users.c("status").eq("gold");
    let stmt = insert(&s.users)
        .values((("id", 2), ("name", "zed")))
        .on_conflict(
            OnConflict::columns(["id"])
                .update_where(cond)
                .do_update([("name", excluded("name"))]),
        );
    // Either keep the condition (order-independent builder) or refuse the
    // statement; compiling it without the WHERE updates rows the caller excluded.
    match stmt.compile(&Sqlite) {
        Ok(c) => assert_eq!(
            c.sql,
            r#"INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" WHERE "users"."status" = ?"#
        ),
        Err(e) => assert!(matches!(e, Error::InvalidStatement(_)), "{e:?}"),
    }
}

#[test]
fn insert_builder_errors() {
    let s = schema();
    let u = &s.users;

    // Unknown column.
    let err = compile_err(&insert(u).value("nope", 1), &Sqlite);
    assert!(
        matches!(&err, Error::UnknownColumn { table, column } if table == "users" && column == "nope"),
        "{err:?}"
    );
    let err = compile_err(&insert(u).columns(["id", "nope"]).row((1, 2)), &Postgres);
    assert!(matches!(&err, Error::UnknownColumn { column, .. } if column == "nope"));

    // The same column twice.
    let err = compile_err(&insert(u).value("name", "a").value("name", "b"), &Sqlite);
    assert_invalid_statement(err, "\"name\" twice");

    // Rows of different widths: the error names the row.
    let ragged = insert(u)
        .columns(["id", "name"])
        .row((1, "a"))
        .row((2,))
        .row((3, "c"));
    let err = compile_err(&ragged, &Sqlite);
    assert_invalid_statement(err.clone(), "row 2");
    assert_eq!(
        err.to_string(),
        "invalid statement: INSERT row 2 has 1 values for 2 columns"
    );

    // Columns but no rows.
    let err = compile_err(&insert(u).columns(["id", "name"]), &Postgres);
    assert_invalid_statement(err, "no rows");

    // Rows but no columns.
    let err = compile_err(&insert(u).row((1, "a")), &Sqlite);
    assert_invalid_statement(err, "no columns");

    // value() after a multi-row insert.
    let err = compile_err(
        &insert(u)
            .columns(["id", "name"])
            .row((1, "a"))
            .row((2, "b"))
            .value("email", "x"),
        &Sqlite,
    );
    assert_invalid_statement(err, "single-row");

    // value() after columns() without a full row.
    let err = compile_err(&insert(u).columns(["id"]).value("name", "x"), &Sqlite);
    assert_invalid_statement(err, "without a full row");

    // from_select() then row().
    let err = compile_err(
        &insert(u)
            .from_select(["id"], select(u.c("id")).from(u))
            .row((1,)),
        &Sqlite,
    );
    assert_invalid_statement(err, "row()");
}

#[test]
fn too_many_parameters_for_a_dialect() {
    let s = schema();
    // 20,000 rows of two values: 40,000 parameters.
    let big = insert(&s.users)
        .columns(["id", "name"])
        .rows((0..20_000).map(|i| (100 + i, "x")));
    match compile_err(&big, &Sqlite) {
        Error::InvalidStatement(msg) => {
            assert!(msg.contains("40000"), "{msg}");
            assert!(msg.contains("32766"), "{msg}");
            assert!(msg.contains("sqlite"), "{msg}");
        }
        other => panic!("expected InvalidStatement, got {other:?}"),
    }
    // PostgreSQL and MySQL take up to 65,535.
    assert_eq!(big.compile(&Postgres).unwrap().params.len(), 40_000);
    assert_eq!(big.compile(&MySql::mariadb()).unwrap().params.len(), 40_000);
    let bigger = insert(&s.users)
        .columns(["id", "name"])
        .rows((0..33_000).map(|i| (100 + i, "x")));
    for err in [
        compile_err(&bigger, &Postgres),
        compile_err(&bigger, &MySql::mysql8()),
    ] {
        assert_invalid_statement(err, "65535");
    }

    // Exactly at SQLite's limit: compiles and executes.
    let db = sqlite_db(&s);
    let edge = insert(&s.users)
        .columns(["id", "name"])
        .rows((0..16_383).map(|i| (100 + i, "x")));
    let c = edge.compile(&Sqlite).unwrap();
    assert_eq!(c.params.len(), 32_766);
    assert_eq!(execute(&db, &c), 16_383);
    let count = select(func::count_star()).from(&s.users);
    assert_eq!(query(&db, &count.compile(&Sqlite).unwrap()), ["16388"]);
}

// ---------------------------------------------------------------------------
// UPDATE
// ---------------------------------------------------------------------------

#[test]
fn update_with_expressions_and_where() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let stmt = update(o)
        .set("total", o.c("total") * 2)
        .set("status", o.c("status").concat("-x"))
        .filter(o.c("user_id").eq(1));
    let c = golden(
        &stmt,
        r#"UPDATE "orders" SET "total" = "orders"."total" * ?, "status" = "orders"."status" || ? WHERE "orders"."user_id" = ?"#,
        r#"UPDATE "orders" SET "total" = "orders"."total" * $1, "status" = "orders"."status" || $2 WHERE "orders"."user_id" = $3"#,
        "UPDATE `orders` SET `total` = `orders`.`total` * ?, `status` = concat(`orders`.`status`, ?) WHERE `orders`.`user_id` = ?",
    );
    assert_eq!(vals(&c), [Value::Int(2), Value::from("-x"), Value::Int(1)]);
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(
        contents(&db, o, &["id", "user_id", "total", "status"]),
        [
            "1|1|21|paid-x",
            "2|1|40|paid-x",
            "3|2|5.25|new",
            "4|3|100|paid",
            "5|3|NULL|new",
            "6|4|7|void"
        ]
    );

    // values() sets several columns; the WHERE is ANDed across filter() calls.
    let stmt = update(&s.users)
        .values((("status", "gone"), ("email", None::<&str>)))
        .filter(s.users.c("country").eq("FR"))
        .where_(s.users.c("status").is_null());
    let c = golden(
        &stmt,
        r#"UPDATE "users" SET "status" = ?, "email" = ? WHERE "users"."country" = ? AND "users"."status" IS NULL"#,
        r#"UPDATE "users" SET "status" = $1, "email" = $2 WHERE "users"."country" = $3 AND "users"."status" IS NULL"#,
        "UPDATE `users` SET `status` = ?, `email` = ? WHERE `users`.`country` = ? AND `users`.`status` IS NULL",
    );
    assert_eq!(execute(&db, &c), 1);
    assert_eq!(
        contents(&db, &s.users, &USER_COLS)[2..4],
        ["3|cid|cid@y.io|gold", "4|dee|NULL|gone"]
    );

    // No WHERE: every row.
    let all = update(&s.addresses).set("city", func::upper(s.addresses.c("city")));
    let c = golden(
        &all,
        r#"UPDATE "addresses" SET "city" = upper("addresses"."city")"#,
        r#"UPDATE "addresses" SET "city" = upper("addresses"."city")"#,
        "UPDATE `addresses` SET `city` = upper(`addresses`.`city`)",
    );
    assert_eq!(execute(&db, &c), 4);
    assert_eq!(
        contents(&db, &s.addresses, &["id", "city"]),
        ["1|PARIS", "2|LYON", "3|NICE", "4|NULL"]
    );
}

#[test]
fn update_returning_is_refused_by_mariadb() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let stmt = update(o)
        .set("status", "late")
        .filter(o.c("status").eq("new"))
        .returning((o.c("id"), o.c("status")));
    let c = lite_pg(
        &stmt,
        r#"UPDATE "orders" SET "status" = ? WHERE "orders"."status" = ? RETURNING "orders"."id", "orders"."status""#,
        r#"UPDATE "orders" SET "status" = $1 WHERE "orders"."status" = $2 RETURNING "orders"."id", "orders"."status""#,
    );
    assert_eq!(sorted(query(&db, &c)), ["3|late", "5|late"]);
    assert_unsupported(
        compile_err(&stmt, &MySql::mariadb()),
        "mariadb",
        "UPDATE … RETURNING",
    );
    assert_unsupported(compile_err(&stmt, &MySql::mysql8()), "mysql", "RETURNING");
}

#[test]
fn update_from_another_table() {
    let s = schema();
    let db = sqlite_db(&s);
    let (o, u) = (&s.orders, &s.users);
    // Copy the user's status onto the orders of gold users.
    let stmt = update(o)
        .set("status", u.c("status"))
        .from(u)
        .filter(u.c("id").eq(o.c("user_id")).and(u.c("status").eq("gold")));
    let c = golden(
        &stmt,
        r#"UPDATE "orders" SET "status" = "users"."status" FROM "users" WHERE "users"."id" = "orders"."user_id" AND "users"."status" = ?"#,
        r#"UPDATE "orders" SET "status" = "users"."status" FROM "users" WHERE "users"."id" = "orders"."user_id" AND "users"."status" = $1"#,
        "UPDATE `orders`, `users` SET `orders`.`status` = `users`.`status` WHERE `users`.`id` = `orders`.`user_id` AND `users`.`status` = ?",
    );
    assert_eq!(vals(&c), [Value::from("gold")]);
    assert_eq!(execute(&db, &c), 4);
    assert_eq!(
        contents(&db, o, &["id", "status"]),
        ["1|gold", "2|gold", "3|new", "4|gold", "5|gold", "6|void"]
    );

    // With RETURNING: PostgreSQL and SQLite; MySQL's multi-table form has none.
    let ret = update(o)
        .set("total", 0)
        .from(u)
        .filter(u.c("id").eq(o.c("user_id")).and(u.c("country").eq("FR")))
        .returning(o.c("id"));
    let c = lite_pg(
        &ret,
        r#"UPDATE "orders" SET "total" = ? FROM "users" WHERE "users"."id" = "orders"."user_id" AND "users"."country" = ? RETURNING "orders"."id""#,
        r#"UPDATE "orders" SET "total" = $1 FROM "users" WHERE "users"."id" = "orders"."user_id" AND "users"."country" = $2 RETURNING "orders"."id""#,
    );
    assert_eq!(sorted(query(&db, &c)), ["4", "5", "6"]);
    assert_unsupported(compile_err(&ret, &MySql::mariadb()), "mariadb", "RETURNING");
}

#[test]
fn update_and_delete_take_the_tables_their_where_clause_uses() {
    let s = schema();
    let (o, u, a) = (&s.orders, &s.users, &s.addresses);

    // No .from(): the WHERE clause's `users` becomes the FROM item, as in
    // SQLAlchemy: on every dialect, the statement of update_from_another_table
    // (whose golden SQL that test holds).
    let where_ = || u.c("id").eq(o.c("user_id")).and(u.c("status").eq("gold"));
    let implied = update(o).set("status", u.c("status")).filter(where_());
    let given = update(o)
        .set("status", u.c("status"))
        .from(u)
        .filter(where_());
    for d in [
        &Sqlite as &dyn sqlcraft::Dialect,
        &Postgres,
        &MySql::mariadb(),
    ] {
        assert_eq!(
            implied.compile(d).unwrap(),
            given.compile(d).unwrap(),
            "{}",
            d.name()
        );
    }

    // Given FROM items first, then the tables only the WHERE clause names.
    let db = sqlite_db(&s);
    let stmt = update(o)
        .set("status", "parisian")
        .from(u)
        .filter(u.c("id").eq(o.c("user_id")))
        .filter(a.c("user_id").eq(u.c("id")).and(a.c("city").eq("Paris")));
    let c = golden(
        &stmt,
        r#"UPDATE "orders" SET "status" = ? FROM "users", "addresses" WHERE "users"."id" = "orders"."user_id" AND "addresses"."user_id" = "users"."id" AND "addresses"."city" = ?"#,
        r#"UPDATE "orders" SET "status" = $1 FROM "users", "addresses" WHERE "users"."id" = "orders"."user_id" AND "addresses"."user_id" = "users"."id" AND "addresses"."city" = $2"#,
        "UPDATE `orders`, `users`, `addresses` SET `orders`.`status` = ? WHERE `users`.`id` = `orders`.`user_id` AND `addresses`.`user_id` = `users`.`id` AND `addresses`.`city` = ?",
    );
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(
        contents(&db, o, &["id", "status"]),
        [
            "1|parisian",
            "2|parisian",
            "3|new",
            "4|paid",
            "5|new",
            "6|void"
        ]
    );

    // DELETE: the WHERE clause's `users` becomes the USING item (SQLite: the
    // EXISTS emulation), and the subquery written before the column that
    // implies `users` still correlates with it.
    let db = sqlite_db(&s);
    let in_lyon = exists(
        select(a.c("id"))
            .filter(a.c("user_id").eq(u.c("id")))
            .filter(a.c("city").eq("Lyon")),
    );
    let stmt = delete(o).filter(in_lyon.and(u.c("id").eq(o.c("user_id"))));
    let c = golden(
        &stmt,
        r#"DELETE FROM "orders" WHERE EXISTS (SELECT 1 FROM "users" WHERE EXISTS (SELECT "addresses"."id" FROM "addresses" WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = ?) AND "users"."id" = "orders"."user_id")"#,
        r#"DELETE FROM "orders" USING "users" WHERE EXISTS (SELECT "addresses"."id" FROM "addresses" WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = $1) AND "users"."id" = "orders"."user_id""#,
        "DELETE FROM `orders` USING `orders`, `users` WHERE EXISTS (SELECT `addresses`.`id` FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id` AND `addresses`.`city` = ?) AND `users`.`id` = `orders`.`user_id`",
    );
    // cid (3) lives in Lyon: orders 4 and 5 go, exactly.
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(contents(&db, o, &["id"]), ["1", "2", "3", "6"]);
    assert_eq!(contents(&db, u, &["id"]).len(), 5);

    // Through the cache (a miss, then a hit with another value) and as literal
    // SQL, the same statement.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for country in ["FR", "US"] {
        let stmt = delete(o).filter(u.c("id").eq(o.c("user_id")).and(u.c("country").eq(country)));
        let fresh = stmt.compile(&Postgres).unwrap();
        assert_eq!(
            fresh.sql,
            r#"DELETE FROM "orders" USING "users" WHERE "users"."id" = "orders"."user_id" AND "users"."country" = $1"#
        );
        let cached = cache.compile(&stmt).unwrap();
        assert_eq!((cached.sql, cached.params), (fresh.sql, fresh.params));
    }
    assert_eq!((cache.stats().misses, cache.stats().hits), (1, 1));
    assert_eq!(
        update(o)
            .set("total", 0)
            .filter(u.c("id").eq(o.c("user_id")).and(u.c("name").eq("o'brien")))
            .to_literal_sql(&Sqlite)
            .unwrap(),
        r#"UPDATE "orders" SET "total" = 0 FROM "users" WHERE "users"."id" = "orders"."user_id" AND "users"."name" = 'o''brien'"#
    );

    // An alias that nothing names cannot be made up: a typed error.
    let buyer = u.alias("buyer");
    for stmt in [
        delete(o)
            .filter(buyer.c("id").eq(o.c("user_id")))
            .compile(&Postgres),
        update(o)
            .set("status", "x")
            .filter(buyer.c("id").eq(o.c("user_id")))
            .compile(&Postgres),
    ] {
        let err = stmt.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidStatement(m) if m.contains(r#""buyer"."id""#)),
            "{err:?}"
        );
    }
}

#[test]
fn update_errors() {
    let s = schema();
    let err = compile_err(&update(&s.users).filter(s.users.c("id").eq(1)), &Sqlite);
    assert_invalid_statement(err, "at least one SET");
    let err = compile_err(&update(&s.users).set("nope", 1), &Postgres);
    assert!(
        matches!(&err, Error::UnknownColumn { table, column } if table == "users" && column == "nope"),
        "{err:?}"
    );
    let err = compile_err(
        &update(&s.users).set("name", s.users.c("nope")),
        &MySql::mariadb(),
    );
    assert!(matches!(&err, Error::UnknownColumn { column, .. } if column == "nope"));
}

// ---------------------------------------------------------------------------
// DELETE
// ---------------------------------------------------------------------------

#[test]
fn delete_with_and_without_where() {
    let s = schema();
    let db = sqlite_db(&s);
    let a = &s.addresses;
    let stmt = delete(a).filter(a.c("city").is_null().or(a.c("city").eq("Nice")));
    let c = golden(
        &stmt,
        r#"DELETE FROM "addresses" WHERE "addresses"."city" IS NULL OR "addresses"."city" = ?"#,
        r#"DELETE FROM "addresses" WHERE "addresses"."city" IS NULL OR "addresses"."city" = $1"#,
        "DELETE FROM `addresses` WHERE `addresses`.`city` IS NULL OR `addresses`.`city` = ?",
    );
    assert_eq!(vals(&c), [Value::from("Nice")]);
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(contents(&db, a, &["id", "city"]), ["1|Paris", "2|Lyon"]);

    let c = golden(
        &delete(a),
        r#"DELETE FROM "addresses""#,
        r#"DELETE FROM "addresses""#,
        "DELETE FROM `addresses`",
    );
    assert_eq!(execute(&db, &c), 2);
    assert!(contents(&db, a, &["id"]).is_empty());
}

#[test]
fn delete_returning() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let stmt = delete(o)
        .filter(o.c("total").lt(10).or(o.c("total").is_null()))
        .returning((o.c("id"), o.c("total")));
    let c = golden(
        &stmt,
        r#"DELETE FROM "orders" WHERE "orders"."total" < ? OR "orders"."total" IS NULL RETURNING "orders"."id", "orders"."total""#,
        r#"DELETE FROM "orders" WHERE "orders"."total" < $1 OR "orders"."total" IS NULL RETURNING "orders"."id", "orders"."total""#,
        "DELETE FROM `orders` WHERE `orders`.`total` < ? OR `orders`.`total` IS NULL RETURNING `orders`.`id`, `orders`.`total`",
    );
    assert_eq!(sorted(query(&db, &c)), ["3|5.25", "5|NULL", "6|7"]);
    assert_eq!(contents(&db, o, &["id"]), ["1", "2", "4"]);
    assert_unsupported(
        compile_err(&stmt, &MySql::mysql8()),
        "mysql",
        "DELETE … RETURNING",
    );
}

#[test]
fn delete_using_another_table() {
    let s = schema();
    let db = sqlite_db(&s);
    let (o, u) = (&s.orders, &s.users);
    // Delete the orders of French users.
    let stmt = delete(o)
        .using(u)
        .filter(u.c("id").eq(o.c("user_id")).and(u.c("country").eq("FR")));
    let c = golden(
        &stmt,
        r#"DELETE FROM "orders" WHERE EXISTS (SELECT 1 FROM "users" WHERE "users"."id" = "orders"."user_id" AND "users"."country" = ?)"#,
        r#"DELETE FROM "orders" USING "users" WHERE "users"."id" = "orders"."user_id" AND "users"."country" = $1"#,
        "DELETE FROM `orders` USING `orders`, `users` WHERE `users`.`id` = `orders`.`user_id` AND `users`.`country` = ?",
    );
    assert_eq!(vals(&c), [Value::from("FR")]);
    // Users 3 and 4 are French: their orders 4, 5 and 6 go, exactly.
    assert_eq!(execute(&db, &c), 3);
    assert_eq!(contents(&db, o, &["id", "user_id"]), ["1|1", "2|1", "3|2"]);
    // Nothing else was touched.
    assert_eq!(contents(&db, u, &["id"]).len(), 5);

    // With RETURNING and an aliased USING item.
    let db = sqlite_db(&s);
    let buyer = u.alias("buyer");
    let ret = delete(o)
        .using(&buyer)
        .filter(
            buyer
                .c("id")
                .eq(o.c("user_id"))
                .and(buyer.c("status").eq("gold"))
                .and(o.c("status").eq("paid")),
        )
        .returning(o.c("id"));
    let c = lite_pg(
        &ret,
        r#"DELETE FROM "orders" WHERE EXISTS (SELECT 1 FROM "users" AS "buyer" WHERE "buyer"."id" = "orders"."user_id" AND "buyer"."status" = ? AND "orders"."status" = ?) RETURNING "orders"."id""#,
        r#"DELETE FROM "orders" USING "users" AS "buyer" WHERE "buyer"."id" = "orders"."user_id" AND "buyer"."status" = $1 AND "orders"."status" = $2 RETURNING "orders"."id""#,
    );
    assert_eq!(sorted(query(&db, &c)), ["1", "2", "4"]);
    assert_eq!(contents(&db, o, &["id"]), ["3", "5", "6"]);
    assert_unsupported(
        compile_err(&ret, &MySql::mariadb()),
        "mariadb",
        "multi-table DELETE",
    );
    assert_eq!(
        delete(o)
            .using(&buyer)
            .filter(buyer.c("id").eq(o.c("user_id")))
            .compile(&MySql::mariadb())
            .unwrap()
            .sql,
        "DELETE FROM `orders` USING `orders`, `users` AS `buyer` WHERE `buyer`.`id` = `orders`.`user_id`"
    );
}

// ---------------------------------------------------------------------------
// CTEs in DML
// ---------------------------------------------------------------------------

fn big_spenders(s: &Schema) -> Cte {
    let o = &s.orders;
    select(o.c("user_id"))
        .from(o)
        .filter(o.c("total").gt(15))
        .cte("big_spenders")
}

#[test]
fn update_and_delete_with_cte() {
    let s = schema();
    let db = sqlite_db(&s);
    let big = big_spenders(&s);
    let u = &s.users;

    let up = update(u)
        .set("status", "vip")
        .filter(u.c("id").in_(select(big.c("user_id")).from(&big)))
        .with(&big);
    let c = lite_pg(
        &up,
        r#"WITH "big_spenders" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."total" > ?) UPDATE "users" SET "status" = ? WHERE "users"."id" IN (SELECT "big_spenders"."user_id" FROM "big_spenders")"#,
        r#"WITH "big_spenders" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."total" > $1) UPDATE "users" SET "status" = $2 WHERE "users"."id" IN (SELECT "big_spenders"."user_id" FROM "big_spenders")"#,
    );
    assert_eq!(vals(&c), [Value::Int(15), Value::from("vip")]);
    assert_eq!(
        up.compile(&MySql::mysql8()).unwrap().sql,
        "WITH `big_spenders` AS (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`total` > ?) UPDATE `users` SET `status` = ? WHERE `users`.`id` IN (SELECT `big_spenders`.`user_id` FROM `big_spenders`)"
    );
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(
        contents(&db, u, &["id", "status"]),
        ["1|vip", "2|silver", "3|vip", "4|NULL", "5|bronze"]
    );

    // DELETE with an attached CTE: the addresses of the big spenders (users 1, 3).
    let del = delete(&s.addresses)
        .filter(
            s.addresses
                .c("user_id")
                .in_(select(big.c("user_id")).from(&big)),
        )
        .with(&big);
    let c = lite_pg(
        &del,
        r#"WITH "big_spenders" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."total" > ?) DELETE FROM "addresses" WHERE "addresses"."user_id" IN (SELECT "big_spenders"."user_id" FROM "big_spenders")"#,
        r#"WITH "big_spenders" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."total" > $1) DELETE FROM "addresses" WHERE "addresses"."user_id" IN (SELECT "big_spenders"."user_id" FROM "big_spenders")"#,
    );
    assert_eq!(
        del.compile(&MySql::mysql8()).unwrap().sql,
        "WITH `big_spenders` AS (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`total` > ?) DELETE FROM `addresses` WHERE `addresses`.`user_id` IN (SELECT `big_spenders`.`user_id` FROM `big_spenders`)"
    );
    assert_eq!(execute(&db, &c), 3);
    assert_eq!(
        contents(&db, &s.addresses, &["id", "user_id", "city"]),
        ["4|5|NULL"]
    );

    // A CTE reached through DELETE … USING is collected without with().
    let small = select(s.orders.c("id").label("order_id"))
        .from(&s.orders)
        .filter(s.orders.c("total").lt(10))
        .cte("small");
    let del = delete(&s.orders)
        .using(&small)
        .filter(small.c("order_id").eq(s.orders.c("id")));
    let c = lite_pg(
        &del,
        r#"WITH "small" AS (SELECT "orders"."id" AS "order_id" FROM "orders" WHERE "orders"."total" < ?) DELETE FROM "orders" WHERE EXISTS (SELECT 1 FROM "small" WHERE "small"."order_id" = "orders"."id")"#,
        r#"WITH "small" AS (SELECT "orders"."id" AS "order_id" FROM "orders" WHERE "orders"."total" < $1) DELETE FROM "orders" USING "small" WHERE "small"."order_id" = "orders"."id""#,
    );
    assert_eq!(
        del.compile(&MySql::mysql8()).unwrap().sql,
        "WITH `small` AS (SELECT `orders`.`id` AS `order_id` FROM `orders` WHERE `orders`.`total` < ?) DELETE FROM `orders` USING `orders`, `small` WHERE `small`.`order_id` = `orders`.`id`"
    );
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(contents(&db, &s.orders, &["id"]), ["1", "2", "4", "5"]);
}

#[test]
fn mariadb_refuses_cte_on_update_and_delete() {
    let s = schema();
    let big = big_spenders(&s);
    let u = &s.users;
    let up = update(u)
        .set("status", "vip")
        .filter(u.c("id").in_(select(big.c("user_id")).from(&big)))
        .with(&big);
    assert_unsupported(compile_err(&up, &MySql::mariadb()), "mariadb", "WITH");
    let del = delete(u)
        .filter(u.c("id").in_(select(big.c("user_id")).from(&big)))
        .with(&big);
    assert_unsupported(compile_err(&del, &MySql::mariadb()), "mariadb", "WITH");
}

#[test]
fn insert_from_select_with_cte() {
    let s = schema();
    let u = &s.users;
    let fr = select(u.c("id"))
        .from(u)
        .filter(u.c("country").eq("FR"))
        .cte("fr");

    // A CTE the SELECT reaches by itself is declared by the SELECT: valid everywhere.
    let db = sqlite_db(&s);
    let implicit = insert(&s.addresses).from_select(
        ["user_id", "city"],
        select((fr.c("id"), lit("Paris"))).from(&fr),
    );
    let c = golden(
        &implicit,
        r#"INSERT INTO "addresses" ("user_id", "city") WITH "fr" AS (SELECT "users"."id" FROM "users" WHERE "users"."country" = ?) SELECT "fr"."id", ? FROM "fr""#,
        r#"INSERT INTO "addresses" ("user_id", "city") WITH "fr" AS (SELECT "users"."id" FROM "users" WHERE "users"."country" = $1) SELECT "fr"."id", $2 FROM "fr""#,
        "INSERT INTO `addresses` (`user_id`, `city`) WITH `fr` AS (SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ?) SELECT `fr`.`id`, ? FROM `fr`",
    );
    assert_eq!(vals(&c), [Value::from("FR"), Value::from("Paris")]);
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(
        contents(&db, &s.addresses, &["id", "user_id", "city"])[4..],
        ["5|3|Paris", "6|4|Paris"]
    );

    // with() on an INSERT … SELECT puts the WITH before the SELECT, as everywhere.
    let db = sqlite_db(&s);
    let explicit = insert(&s.addresses).with(&fr).from_select(
        ["user_id", "city"],
        select((fr.c("id"), lit("Lyon"))).from(&fr),
    );
    let c = lite_pg(
        &explicit,
        r#"INSERT INTO "addresses" ("user_id", "city") WITH "fr" AS (SELECT "users"."id" FROM "users" WHERE "users"."country" = ?) SELECT "fr"."id", ? FROM "fr""#,
        r#"INSERT INTO "addresses" ("user_id", "city") WITH "fr" AS (SELECT "users"."id" FROM "users" WHERE "users"."country" = $1) SELECT "fr"."id", $2 FROM "fr""#,
    );
    assert_eq!(execute(&db, &c), 2);
    assert_eq!(
        contents(&db, &s.addresses, &["id", "user_id", "city"])[4..],
        ["5|3|Lyon", "6|4|Lyon"]
    );
}

#[test]
fn insert_with_cte_on_mysql_puts_with_after_insert() {
    let s = schema();
    let u = &s.users;
    let fr = select(u.c("id"))
        .from(u)
        .filter(u.c("country").eq("FR"))
        .cte("fr");
    let db = sqlite_db(&s);
    let explicit = insert(&s.addresses).with(&fr).from_select(
        ["user_id", "city"],
        select((fr.c("id"), lit("Lyon"))).from(&fr),
    );
    let c = golden(
        &explicit,
        r#"INSERT INTO "addresses" ("user_id", "city") WITH "fr" AS (SELECT "users"."id" FROM "users" WHERE "users"."country" = ?) SELECT "fr"."id", ? FROM "fr""#,
        r#"INSERT INTO "addresses" ("user_id", "city") WITH "fr" AS (SELECT "users"."id" FROM "users" WHERE "users"."country" = $1) SELECT "fr"."id", $2 FROM "fr""#,
        "INSERT INTO `addresses` (`user_id`, `city`) WITH `fr` AS (SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ?) SELECT `fr`.`id`, ? FROM `fr`",
    );
    assert_eq!(
        explicit.compile(&MySql::mysql8()).unwrap().sql,
        "INSERT INTO `addresses` (`user_id`, `city`) WITH `fr` AS (SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ?) SELECT `fr`.`id`, ? FROM `fr`"
    );
    assert_eq!(execute(&db, &c), 2);
}

// ---------------------------------------------------------------------------
// Benchmark statements
// ---------------------------------------------------------------------------

#[test]
fn bench_b3_single_row_insert_into_orders() {
    let s = schema();
    let db = sqlite_db(&s);
    let b3 = insert(&s.orders).values((
        ("user_id", 2),
        ("total", 12.5),
        ("status", "new"),
        ("created_at", "2024-07-01 00:00:00"),
    ));
    let c = golden(
        &b3,
        r#"INSERT INTO "orders" ("user_id", "total", "status", "created_at") VALUES (?, ?, ?, ?)"#,
        r#"INSERT INTO "orders" ("user_id", "total", "status", "created_at") VALUES ($1, $2, $3, $4)"#,
        "INSERT INTO `orders` (`user_id`, `total`, `status`, `created_at`) VALUES (?, ?, ?, ?)",
    );
    assert_eq!(
        vals(&c),
        [
            Value::Int(2),
            Value::Float(12.5),
            Value::from("new"),
            Value::from("2024-07-01 00:00:00")
        ]
    );
    assert_eq!(execute(&db, &c), 1);
    assert_eq!(
        contents(
            &db,
            &s.orders,
            &["id", "user_id", "total", "status", "created_at"]
        )[6],
        "7|2|12.5|new|2024-07-01 00:00:00"
    );
    // The foreign key holds: an order for a missing user is refused.
    let orphan = insert(&s.orders).values((("user_id", 99), ("status", "new")));
    let c = orphan.compile(&Sqlite).unwrap();
    let err = db
        .execute(
            &c.sql,
            rusqlite::params_from_iter(c.values().unwrap().iter().map(to_sqlite)),
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn bench_b4_update_users_status_and_email() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let b4 = update(u)
        .set("status", "gold")
        .set("email", "bob@x.io")
        .filter(u.c("id").eq(2).and(u.c("status").ne("gold")));
    let c = golden(
        &b4,
        r#"UPDATE "users" SET "status" = ?, "email" = ? WHERE "users"."id" = ? AND "users"."status" <> ?"#,
        r#"UPDATE "users" SET "status" = $1, "email" = $2 WHERE "users"."id" = $3 AND "users"."status" <> $4"#,
        "UPDATE `users` SET `status` = ?, `email` = ? WHERE `users`.`id` = ? AND `users`.`status` <> ?",
    );
    assert_eq!(
        vals(&c),
        [
            Value::from("gold"),
            Value::from("bob@x.io"),
            Value::Int(2),
            Value::from("gold")
        ]
    );
    assert_eq!(execute(&db, &c), 1);
    // Now gold: the same statement changes nothing.
    assert_eq!(execute(&db, &c), 0);
    assert_eq!(contents(&db, u, &USER_COLS)[1], "2|bob|bob@x.io|gold");
}

#[test]
fn onupdate_fills_the_columns_an_update_leaves_out() {
    let mut meta = MetaData::new();
    let calls = Arc::new(AtomicI64::new(0));
    let counter = Arc::clone(&calls);
    let t = meta
        .table("docs", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("body", SqlType::Text);
            t.column("version", SqlType::Integer)
                .not_null()
                .default(1)
                .onupdate(column("version") + 1);
            t.column("changed_at", SqlType::datetime())
                .onupdate(func::now());
            t.column("by", SqlType::string(10))
                .onupdate_fn(|| Value::from("batch"));
            t.column("state", SqlType::string(10)).onupdate("dirty");
        })
        .unwrap();
    let up = update(&t).set("body", "x").filter(t.c("id").eq(1));
    let c = golden(
        &up,
        r#"UPDATE "docs" SET "body" = ?, "version" = "version" + ?, "changed_at" = CURRENT_TIMESTAMP, "by" = ?, "state" = ? WHERE "docs"."id" = ?"#,
        r#"UPDATE "docs" SET "body" = $1, "version" = "version" + $2, "changed_at" = now(), "by" = $3, "state" = $4 WHERE "docs"."id" = $5"#,
        "UPDATE `docs` SET `body` = ?, `version` = `version` + ?, `changed_at` = CURRENT_TIMESTAMP(6), `by` = ?, `state` = ? WHERE `docs`.`id` = ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("x"),
            Value::Int(1),
            Value::from("batch"),
            Value::from("dirty"),
            Value::Int(1)
        ]
    );

    // A column the statement sets keeps the statement's value; an INSERT is
    // not touched.
    let explicit = update(&t).set("state", "clean").set("version", 7);
    assert_eq!(
        explicit.compile(&Postgres).unwrap().sql,
        r#"UPDATE "docs" SET "state" = $1, "version" = $2, "changed_at" = now(), "by" = $3"#
    );
    let ins = insert(&t).value("id", 1).compile(&Postgres).unwrap();
    assert_eq!(
        ins.sql,
        r#"INSERT INTO "docs" ("id", "version") VALUES ($1, $2)"#
    );

    // Through the cache: one entry for the shape, the function called on every
    // compile, hit or miss.
    let stamped = meta
        .table("stamped", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("stamp", SqlType::Integer)
                .onupdate_fn(move || Value::Int(counter.fetch_add(1, Ordering::SeqCst)));
        })
        .unwrap();
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    let stamps: Vec<Value> = (0..3)
        .map(|id| {
            let stmt = update(&stamped).set("id", id);
            let got = cache.compile(&stmt).unwrap();
            assert_eq!(got.sql, r#"UPDATE "stamped" SET "id" = $1, "stamp" = $2"#);
            got.values().unwrap().remove(1)
        })
        .collect();
    assert_eq!(stamps, [Value::Int(0), Value::Int(1), Value::Int(2)]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(cache.len(), 1);
    // Another shape when the statement sets the column itself.
    cache.compile(&update(&stamped).set("stamp", 5)).unwrap();
    assert_eq!(cache.len(), 2);
}

#[test]
fn update_and_delete_subqueries_correlate_with_the_target() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);
    let stmt = update(u).set("status", "buyer").filter(exists(
        select(o.c("id")).filter(o.c("user_id").eq(u.c("id"))),
    ));
    let c = golden(
        &stmt,
        r#"UPDATE "users" SET "status" = ? WHERE EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id")"#,
        r#"UPDATE "users" SET "status" = $1 WHERE EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id")"#,
        "UPDATE `users` SET `status` = ? WHERE EXISTS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`user_id` = `users`.`id`)",
    );
    assert_eq!(execute(&db, &c), 4);
    let stmt = delete(a).filter(not_(exists(
        select(o.c("id")).filter(o.c("user_id").eq(a.c("user_id"))),
    )));
    let c = golden(
        &stmt,
        r#"DELETE FROM "addresses" WHERE NOT EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "addresses"."user_id")"#,
        r#"DELETE FROM "addresses" WHERE NOT EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "addresses"."user_id")"#,
        "DELETE FROM `addresses` WHERE NOT EXISTS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`user_id` = `addresses`.`user_id`)",
    );
    assert_eq!(execute(&db, &c), 1);
}
