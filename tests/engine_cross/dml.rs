//! INSERT (single, multi-row, from SELECT, DEFAULT VALUES, RETURNING, upserts),
//! UPDATE (expressions, FROM, RETURNING), DELETE (WHERE, USING, RETURNING),
//! `execute_many`, `insert_many` and FOR UPDATE.
use crate::harness::*;
use crate::support::{unique, Backend};
use sqlcraft::engine::ErrorKind;
use sqlcraft::prelude::*;

fn users_after(w: &World, label: &str, min_id: i64, expected: &[&str]) {
    w.check(label, "ittn", expected, |s| {
        let u = &s.users;
        select((u.c("id"), u.c("name"), u.c("country"), u.c("score")))
            .from(u)
            .filter(u.c("id").ge(min_id))
            .order_by(u.c("id"))
    });
}

#[test]
fn insert_single_and_multi_row_with_last_insert_id() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let one = fx.run(
            "single row",
            &insert(u)
                .value("name", "fay")
                .value("email", "fay@q.io")
                .value("country", "DE"),
        );
        let pairs = fx.run(
            "single row through values()",
            &insert(u).values([("name", v("gil")), ("country", v("US")), ("score", v(-3))]),
        );
        let many = fx.run(
            "multi-row",
            &insert(u)
                .columns(["name", "country", "score"])
                .row(("hal", "FR", 5))
                .row(("ida", "FR", None::<i64>))
                .row(("jon", "US", 7)),
        );
        (
            [one.rowcount(), pairs.rowcount(), many.rowcount()],
            [
                one.last_insert_id(),
                pairs.last_insert_id(),
                many.last_insert_id(),
            ],
        )
    });
    for (fx, (counts, ids)) in w.fxs.iter().zip(got) {
        assert_eq!(counts, [1, 1, 3], "{}: rowcounts", fx.name());
        // last_insert_id is the driver's: SQLite reports the last row's id,
        // MariaDB the first id of a multi-row INSERT (LAST_INSERT_ID()), and
        // PostgreSQL has none (use RETURNING).
        let expected = match fx.backend {
            Backend::Sqlite => [Some(6), Some(7), Some(10)],
            Backend::MariaDb => [Some(6), Some(7), Some(8)],
            Backend::Postgres => [None, None, None],
        };
        assert_eq!(ids, expected, "{}: last_insert_id", fx.name());
    }
    users_after(
        &w,
        "inserted users",
        6,
        &[
            "6|fay|DE|NULL",
            "7|gil|US|-3",
            "8|hal|FR|5",
            "9|ida|FR|NULL",
            "10|jon|US|7",
        ],
    );
}

#[test]
fn insert_from_select_and_default_values() {
    let w = World::new();
    let got = w.each(|fx| {
        let s = &fx.s;
        let (u, o) = (&s.users, &s.orders);
        let copied = fx.run(
            "insert from select",
            &insert(&s.archive).from_select(
                ["order_id", "who", "total"],
                select((o.c("id"), u.c("name"), o.c("total")))
                    .from(o.join(u, u.c("id").eq(o.c("user_id"))))
                    .filter(o.c("status").eq("paid")),
            ),
        );
        let d1 = fx.run("default values", &insert(&s.events).default_values());
        let d2 = fx.run("default values again", &insert(&s.events).default_values());
        [copied.rowcount(), d1.rowcount(), d2.rowcount()]
    });
    assert_each("rowcounts", &got, &[[3, 1, 1], [3, 1, 1], [3, 1, 1]]);
    w.check(
        "archive",
        "itn",
        &["1|ann|10.5", "2|ann|20", "4|cid|100"],
        |s| {
            let a = &s.archive;
            select((a.c("order_id"), a.c("who"), a.c("total")))
                .from(a)
                .order_by(a.c("order_id"))
        },
    );
    w.check(
        "events filled by server defaults",
        "iti",
        &["1|created|7", "2|created|7"],
        |s| {
            select(s.events.all_columns())
                .from(&s.events)
                .order_by(s.events.c("id"))
        },
    );
}

#[test]
fn insert_returning() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let one = fx.run(
            "insert returning",
            &insert(u)
                .value("name", "fay")
                .value("country", "DE")
                .returning((u.c("id"), func::upper(u.c("name")).label("shout"))),
        );
        let count = one.rowcount();
        let one = normalise("insert returning", fx.backend, "it", one);
        let many = fx.run(
            "multi-row insert returning",
            &insert(u)
                .columns(["name", "country"])
                .row(("gil", "US"))
                .row(("hal", "FR"))
                .returning((u.c("name"), u.c("country"), u.c("score"))),
        );
        let many_count = many.rowcount();
        let mut many = normalise("multi-row insert returning", fx.backend, "ttn", many);
        many.sort();
        // Unnamed RETURNING expressions are labelled as in a select list.
        let unnamed = fx.run(
            "insert returning unnamed expressions",
            &insert(u)
                .value("name", "Ivy")
                .value("country", "DE")
                .returning((u.c("id"), func::lower(u.c("name")), u.c("id") + 100)),
        );
        assert_eq!(
            unnamed.columns(),
            ["id", "lower_1", "anon_1"],
            "{}",
            fx.name()
        );
        let row = unnamed.one().unwrap();
        assert_eq!(
            row.get::<String, _>("lower_1").unwrap(),
            "ivy",
            "{}",
            fx.name()
        );
        assert_eq!(
            row.get::<i64, _>("anon_1").unwrap(),
            row.get::<i64, _>("id").unwrap() + 100,
            "{}",
            fx.name()
        );
        (one, many, [count, many_count])
    });
    for (fx, (one, many, counts)) in w.fxs.iter().zip(got) {
        assert_eq!(one, ["6|FAY"], "{}", fx.name());
        assert_eq!(many, ["gil|US|NULL", "hal|FR|NULL"], "{}", fx.name());
        assert_eq!(counts, [1, 2], "{}: rowcount with RETURNING", fx.name());
    }
}

#[test]
fn upsert_do_nothing() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let clash = fx.run(
            "do nothing on a conflict",
            &insert(u)
                .value("name", "impostor")
                .value("email", "ann@x.io")
                .on_conflict(OnConflict::columns(["email"]).do_nothing()),
        );
        let fresh = fx.run(
            "do nothing without a conflict",
            &insert(u)
                .value("name", "kim")
                .value("email", "kim@q.io")
                .on_conflict(OnConflict::columns(["email"]).do_nothing()),
        );
        [clash.rowcount(), fresh.rowcount()]
    });
    // The skipped row: 0 on SQLite and PostgreSQL. MariaDB's DO NOTHING is
    // `ON DUPLICATE KEY UPDATE email = email`, and the driver asks for
    // CLIENT_FOUND_ROWS, so the untouched duplicate counts as one found row.
    assert_each("rowcounts", &got, &[[0, 1], [0, 1], [1, 1]]);
    w.check(
        "users by email",
        "tt",
        &[
            "ann@x.io|ann",
            "cid@y.io|cid",
            "dee@x.io|dee",
            "eve@z.io|Eve",
            "kim@q.io|kim",
        ],
        |s| {
            let u = &s.users;
            select((u.c("email"), u.c("name")))
                .from(u)
                .filter(u.c("email").is_not_null())
                .order_by(u.c("email"))
        },
    );
}

#[test]
fn upsert_do_update_with_excluded() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let res = fx.run(
            "do update with excluded",
            &insert(u)
                .columns(["name", "email", "score"])
                .row(("ANN", "ann@x.io", 11))
                .row(("zed", "zed@q.io", 1))
                .on_conflict(OnConflict::columns(["email"]).do_update([
                    ("name", excluded("name")),
                    ("score", u.c("score") + excluded("score")),
                ])),
        );
        res.rowcount()
    });
    // Affected rows: one per inserted or updated row on SQLite and PostgreSQL;
    // MySQL's ON DUPLICATE KEY UPDATE counts an updated row twice.
    assert_each("rowcounts", &got, &[2, 2, 3]);
    w.check(
        "users by email",
        "ttn",
        &[
            "ann@x.io|ANN|21",
            "cid@y.io|cid|30",
            "dee@x.io|dee|20",
            "eve@z.io|Eve|NULL",
            "zed@q.io|zed|1",
        ],
        |s| {
            let u = &s.users;
            select((u.c("email"), u.c("name"), u.c("score")))
                .from(u)
                .filter(u.c("email").is_not_null())
                .order_by(u.c("email"))
        },
    );
}

#[test]
fn update_with_expressions_and_rowcounts() {
    let w = World::new();
    let got = w.each(|fx| {
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let big = fx.run(
            "update with expressions",
            &update(o)
                .set("qty", o.c("qty") * 2 + 1)
                .set("status", "big")
                .set("total", o.c("total") - 0.5)
                .filter(o.c("total").gt(15)),
        );
        let none = fx.run(
            "update matching nothing",
            &update(o).set("qty", 0).filter(o.c("id").gt(100)),
        );
        // Unchanged values still count: MariaDB's driver asks for matched rows.
        let same = fx.run(
            "update to the same value",
            &update(u)
                .set("country", u.c("country"))
                .filter(u.c("country").eq("US")),
        );
        let nulls = fx.run(
            "update to NULL with values()",
            &update(u)
                .values([("score", null()), ("status", lit("none"))])
                .filter(u.c("id").eq(1)),
        );
        let all = fx.run("update every row", &update(o).set("currency", "USD"));
        [
            big.rowcount(),
            none.rowcount(),
            same.rowcount(),
            nulls.rowcount(),
            all.rowcount(),
        ]
    });
    assert_each("rowcounts", &got, &[[2, 0, 2, 1, 6]; 3]);
    w.check(
        "orders after update",
        "itint",
        &[
            "1|paid|1|10.5|USD",
            "2|big|5|19.5|USD",
            "3|new|3|5.25|USD",
            "4|big|3|99.5|USD",
            "5|new|5|NULL|USD",
            "6|void|2|7|USD",
        ],
        |s| {
            let o = &s.orders;
            select((
                o.c("id"),
                o.c("status"),
                o.c("qty"),
                o.c("total"),
                o.c("currency"),
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    w.check("user 1 after update", "tn", &["none|NULL"], |s| {
        let u = &s.users;
        select((u.c("status"), u.c("score")))
            .from(u)
            .filter(u.c("id").eq(1))
    });
}

#[test]
fn update_returning_or_a_typed_error_on_mariadb() {
    let w = World::new();
    for fx in &w.fxs {
        let o = &fx.s.orders;
        let stmt = update(o)
            .set("status", "shipped")
            .filter(o.c("status").eq("paid"))
            .returning((o.c("id"), o.c("status")));
        let mut conn = fx.conn();
        match fx.backend {
            Backend::MariaDb => {
                let err = conn.execute(&stmt).unwrap_err();
                assert!(
                    matches!(
                        err,
                        Error::Unsupported {
                            dialect: "mariadb",
                            ..
                        }
                    ),
                    "{err:?}"
                );
                assert_eq!(
                    err.to_string(),
                    "the mariadb dialect does not support UPDATE … RETURNING"
                );
                // Nothing ran: the statement never reached the server.
                assert!(!conn.in_transaction());
            }
            Backend::Sqlite | Backend::Postgres => {
                let res = fx.exec(&mut conn, "update returning", &stmt);
                assert_eq!(res.rowcount(), 3, "{}", fx.name());
                let mut rows = normalise("update returning", fx.backend, "it", res);
                rows.sort();
                assert_eq!(
                    rows,
                    ["1|shipped", "2|shipped", "4|shipped"],
                    "{}",
                    fx.name()
                );
            }
        }
    }
}

#[test]
fn update_from_another_table_and_a_derived_table() {
    let w = World::new();
    let got = w.each(|fx| {
        let (u, o) = (&fx.s.users, &fx.s.orders);
        // MariaDB: the multi-table form `UPDATE orders, users SET … WHERE …`.
        let from_users = fx.run(
            "update from users",
            &update(o)
                .set("status", u.c("country"))
                .from(u)
                .filter(u.c("id").eq(o.c("user_id")))
                .filter(u.c("status").eq("gold")),
        );
        let t = select((o.c("user_id"), func::count_star().label("n")))
            .from(o)
            .group_by(o.c("user_id"))
            .subquery("t");
        let from_derived = fx.run(
            "update from a derived table",
            &update(u)
                .set("score", t.c("n") * 100)
                .from(&t)
                .filter(t.c("user_id").eq(u.c("id"))),
        );
        [from_users.rowcount(), from_derived.rowcount()]
    });
    assert_each("rowcounts", &got, &[[4, 4]; 3]);
    w.check(
        "orders of gold users got their country",
        "it",
        &["1|US", "2|US", "3|new", "4|FR", "5|FR", "6|void"],
        |s| {
            let o = &s.orders;
            select((o.c("id"), o.c("status")))
                .from(o)
                .order_by(o.c("id"))
        },
    );
    users_after(
        &w,
        "scores from the derived table",
        1,
        &[
            "1|ann|US|200",
            "2|bob|US|100",
            "3|cid|FR|200",
            "4|dee|FR|100",
            "5|Eve|DE|NULL",
        ],
    );
}

#[test]
fn update_and_delete_take_the_tables_their_where_clause_uses() {
    let w = World::new();
    let got = w.each(|fx| {
        let (u, o, a) = (&fx.s.users, &fx.s.orders, &fx.s.addresses);
        // No .from(): `FROM users` (MariaDB: `UPDATE orders, users SET …`).
        let updated = fx.run(
            "update implying users",
            &update(o)
                .set("status", u.c("country"))
                .filter(u.c("id").eq(o.c("user_id")))
                .filter(u.c("status").eq("gold")),
        );
        // No .using(): `USING users` (SQLite: `WHERE EXISTS (SELECT 1 FROM
        // users …)`), the subquery correlated with the implied `users`.
        let lives_in_lyon = exists(
            select(a.c("id"))
                .filter(a.c("user_id").eq(u.c("id")))
                .filter(a.c("city").eq("Lyon")),
        );
        let deleted = fx.run(
            "delete implying users",
            &delete(o).filter(lives_in_lyon.and(u.c("id").eq(o.c("user_id")))),
        );
        [updated.rowcount(), deleted.rowcount()]
    });
    // Gold users 1 and 3 have orders 1, 2, 4, 5; cid (3) lives in Lyon.
    assert_each("rowcounts", &got, &[[4, 2]; 3]);
    w.check(
        "orders after the implied UPDATE … FROM and DELETE … USING",
        "it",
        &["1|US", "2|US", "3|new", "6|void"],
        |s| {
            let o = &s.orders;
            select((o.c("id"), o.c("status")))
                .from(o)
                .order_by(o.c("id"))
        },
    );
}

#[test]
fn delete_with_where_using_and_returning() {
    let w = World::new();
    let got = w.each(|fx| {
        let (u, o, a) = (&fx.s.users, &fx.s.orders, &fx.s.addresses);
        let void = fx.run("delete where", &delete(o).filter(o.c("status").eq("void")));
        let nulls = fx.run(
            "delete where is null",
            &delete(a).filter(a.c("city").is_null()),
        );
        let nothing = fx.run("delete nothing", &delete(a).filter(a.c("id").gt(100)));
        // SQLite: emulated as WHERE EXISTS (…); MariaDB: DELETE orders FROM orders, users.
        let using = fx.run(
            "delete using",
            &delete(o)
                .using(u)
                .filter(u.c("id").eq(o.c("user_id")))
                .filter(u.c("country").eq("FR")),
        );
        let returning = fx.run(
            "delete returning",
            &delete(o)
                .filter(o.c("status").eq("new"))
                .returning((o.c("id"), o.c("total"))),
        );
        let ret_count = returning.rowcount();
        let mut ret = normalise("delete returning", fx.backend, "in", returning);
        ret.sort();
        (
            [
                void.rowcount(),
                nulls.rowcount(),
                nothing.rowcount(),
                using.rowcount(),
                ret_count,
            ],
            ret,
        )
    });
    for (fx, (counts, ret)) in w.fxs.iter().zip(got) {
        assert_eq!(counts, [1, 1, 0, 2, 1], "{}: rowcounts", fx.name());
        assert_eq!(ret, ["3|5.25"], "{}: returned rows", fx.name());
    }
    w.check("orders left", "it", &["1|paid", "2|paid"], |s| {
        let o = &s.orders;
        select((o.c("id"), o.c("status")))
            .from(o)
            .order_by(o.c("id"))
    });
    w.check(
        "addresses left",
        "it",
        &["1|Paris", "2|Lyon", "3|Nice"],
        |s| {
            let a = &s.addresses;
            select((a.c("id"), a.c("city"))).from(a).order_by(a.c("id"))
        },
    );
}

#[test]
fn execute_many_with_bindparams() {
    let w = World::new();
    let got = w.each(|fx| {
        let (u, a) = (&fx.s.users, &fx.s.addresses);
        let mut conn = fx.conn();
        let ins = insert(a)
            .value("user_id", bindparam("uid"))
            .value("city", bindparam("city"));
        let inserted = conn
            .execute_many(
                &ins,
                &[
                    vec![("uid", v(2)), ("city", v("Rome"))],
                    vec![("city", v("Oslo")), ("uid", v(4))],
                    vec![("uid", v(4)), ("city", Value::Null)],
                ],
            )
            .unwrap_or_else(|e| panic!("{}: execute_many insert: {e}", fx.name()));
        let upd = update(u)
            .set("score", u.c("score") + bindparam("delta"))
            .filter(u.c("id").eq(bindparam("id")));
        let updated = conn
            .execute_many(
                &upd,
                &[
                    vec![("delta", v(1)), ("id", v(1))],
                    vec![("delta", v(2)), ("id", v(3))],
                    vec![("delta", v(3)), ("id", v(99))],
                ],
            )
            .unwrap_or_else(|e| panic!("{}: execute_many update: {e}", fx.name()));
        let missing = conn
            .execute_many(&upd, &[vec![("delta", v(1))]])
            .unwrap_err();
        conn.rollback().unwrap();
        // The rollback above undid both: run again and commit.
        let again = conn
            .execute_many(&ins, &[vec![("uid", v(2)), ("city", v("Rome"))]])
            .unwrap();
        conn.commit().unwrap();
        (inserted, updated, missing, again)
    });
    for (fx, (inserted, updated, missing, again)) in w.fxs.iter().zip(got) {
        assert_eq!((inserted, updated, again), (3, 2, 1), "{}", fx.name());
        assert_eq!(
            missing,
            Error::MissingBindParam { name: "id".into() },
            "{}",
            fx.name()
        );
    }
    w.check(
        "addresses after the committed execute_many",
        "it",
        &["1|Paris", "3|Lyon", "3|Nice", "5|NULL", "2|Rome"],
        |s| {
            let a = &s.addresses;
            select((a.c("user_id"), a.c("city")))
                .from(a)
                .order_by(a.c("id"))
        },
    );
    w.check("scores untouched after the rollback", "n", &["60"], |s| {
        select(func::sum(s.users.c("score"))).from(&s.users)
    });
}

#[test]
fn insert_many_ten_thousand_rows() {
    let w = World::new();
    let got = w.each(|fx| {
        let o = &fx.s.orders;
        let mut conn = fx.conn();
        let before = fx.statements();
        let rows = (0..10_000i64).map(|i| {
            vec![
                v(i % 5 + 1),
                v((i % 100) as f64 + 0.25),
                v(if i % 2 == 0 { "bulk" } else { "bulk2" }),
                v(i),
            ]
        });
        let n = conn
            .insert_many(o, &["user_id", "total", "status", "qty"], rows)
            .unwrap_or_else(|e| panic!("{}: insert_many: {e}", fx.name()));
        let pages = fx.statements() - before;
        conn.commit().unwrap();
        (n, pages)
    });
    for (fx, (n, pages)) in w.fxs.iter().zip(got) {
        assert_eq!(n, 10_000, "{}: insert_many's count", fx.name());
        // Pages of at most 1,000 rows (5 parameters a row with the default).
        assert_eq!(pages, 10, "{}: INSERT statements sent", fx.name());
    }
    w.check(
        "the bulk rows, counted and summed",
        "iinnni",
        &["10000|10000|49995000|497500|5000|5"],
        |s| {
            let o = &s.orders;
            select((
                func::count_star(),
                func::count(o.c("currency")),
                func::sum(o.c("qty")),
                func::sum(o.c("total")),
                func::sum(case().when(o.c("status").eq("bulk"), 1).else_(0)),
                func::count(o.c("user_id").distinct()),
            ))
            .from(o)
            .filter(o.c("status").like("bulk%"))
        },
    );
    w.check(
        "per user",
        "ii",
        &["1|2002", "2|2001", "3|2002", "4|2001", "5|2000"],
        |s| {
            let o = &s.orders;
            select((o.c("user_id"), func::count_star()))
                .from(o)
                .group_by(o.c("user_id"))
                .order_by(o.c("user_id"))
        },
    );
}

#[test]
fn select_for_update_inside_a_transaction() {
    let w = World::new();
    for fx in &w.fxs {
        let u = &fx.s.users;
        // Equality on the primary key: InnoDB locks just these two rows (a range
        // such as id <= 2 would also take a next-key lock on row 3).
        let locked = || {
            select((u.c("id"), u.c("name")))
                .from(u)
                .filter(u.c("id").in_([1, 2]))
                .order_by(u.c("id"))
                .for_update()
        };
        let mut conn = fx.conn();
        conn.begin().unwrap();
        let res = fx.exec(&mut conn, "for update", &locked());
        assert_eq!(
            normalise("for update", fx.backend, "it", res),
            ["1|ann", "2|bob"],
            "{}",
            fx.name()
        );
        assert!(conn.in_transaction());
        let res = fx.exec(
            &mut conn,
            "update the locked row",
            &update(u).set("score", 11).filter(u.c("id").eq(1)),
        );
        assert_eq!(res.rowcount(), 1);
        if fx.backend == Backend::Sqlite {
            // SQLite has no row locks (FOR UPDATE renders nothing; writers are
            // serialised), and an in-memory database has one connection.
            conn.commit().unwrap();
        } else {
            // Another connection cannot take the same rows now.
            let mut other = fx.conn();
            let err = other.execute(&locked().nowait()).unwrap_err();
            assert!(
                matches!(err, Error::Database(_)),
                "{}: NOWAIT on a locked row: {err:?}",
                fx.name()
            );
            assert_ne!(err.db_kind(), Some(ErrorKind::Connection), "{}", fx.name());
            other.rollback().unwrap();
            // SKIP LOCKED passes over them.
            let all = select(u.c("id"))
                .from(u)
                .order_by(u.c("id"))
                .for_update()
                .skip_locked();
            let res = fx.exec(&mut other, "skip locked", &all);
            assert_eq!(
                normalise("skip locked", fx.backend, "i", res),
                ["3", "4", "5"],
                "{}",
                fx.name()
            );
            other.rollback().unwrap();
            conn.commit().unwrap();
            // Released at commit.
            let res = fx.exec(&mut other, "after commit", &locked().nowait());
            assert_eq!(
                normalise("after commit", fx.backend, "it", res),
                ["1|ann", "2|bob"],
                "{}",
                fx.name()
            );
        }
    }
    w.check("the update made under the lock", "n", &["11"], |s| {
        select(s.users.c("score"))
            .from(&s.users)
            .filter(s.users.c("id").eq(1))
    });
}

#[test]
fn upsert_variants_returning_update_where_any_and_from_select() {
    let w = World::new();
    for fx in &w.fxs {
        let s = &fx.s;
        let (u, o) = (&s.users, &s.orders);
        let name = fx.name();
        // RETURNING on an upsert: all three (MariaDB: INSERT … ON DUPLICATE KEY
        // UPDATE … RETURNING).
        let res = fx.run(
            "upsert returning",
            &insert(u)
                .value("name", "ANN")
                .value("email", "ann@x.io")
                .on_conflict(OnConflict::columns(["email"]).do_update([("name", excluded("name"))]))
                .returning((u.c("id"), u.c("name"))),
        );
        assert_eq!(
            normalise("upsert returning", fx.backend, "it", res),
            ["1|ANN"],
            "{name}"
        );
        // OnConflict::any(): any unique conflict, here the primary key.
        let res = fx.run(
            "any do nothing",
            &insert(u)
                .value("id", 2)
                .value("name", "clash")
                .on_conflict(OnConflict::any().do_nothing()),
        );
        // 0 skipped rows; MariaDB counts the found duplicate (see upsert_do_nothing).
        let want = if fx.backend == Backend::MariaDb { 1 } else { 0 };
        assert_eq!(res.rowcount(), want, "{name}");
        // update_where restricts the update: SQLite and PostgreSQL run it,
        // MariaDB refuses it with a typed error.
        let guarded = insert(u)
            .columns(["name", "email"])
            .row(("CID", "cid@y.io"))
            .row(("DEE", "dee@x.io"))
            .on_conflict(
                OnConflict::columns(["email"])
                    .do_update([("name", excluded("name"))])
                    .update_where(u.c("status").eq("gold")),
            );
        match fx.backend {
            Backend::MariaDb => {
                let err = fx.conn().execute(&guarded).unwrap_err();
                assert!(
                    matches!(
                        err,
                        Error::Unsupported {
                            dialect: "mariadb",
                            ..
                        }
                    ),
                    "{err:?}"
                );
            }
            Backend::Sqlite | Backend::Postgres => {
                // Only cid is gold: dee's row conflicts but is not updated.
                assert_eq!(fx.run("update_where", &guarded).rowcount(), 1, "{name}");
            }
        }
        // INSERT … SELECT … ON CONFLICT (SQLite needs the `WHERE TRUE` the compiler
        // adds to parse it), run twice: inserted, then updated from excluded.
        for who in ["first", "second"] {
            let stmt = insert(&s.archive)
                .from_select(
                    ["order_id", "who", "total"],
                    select((o.c("id"), lit(who), o.c("total")))
                        .from(o)
                        .filter(o.c("status").eq("paid")),
                )
                .on_conflict(
                    OnConflict::columns(["order_id"])
                        .do_update([("who", excluded("who")), ("total", excluded("total") * 2)]),
                );
            fx.run("upsert from select", &stmt);
        }
    }
    // MariaDB did not run the update_where upsert.
    w.check_by(
        "users after the upserts",
        "itt",
        |s| {
            let u = &s.users;
            select((u.c("id"), u.c("name"), u.c("email")))
                .from(u)
                .filter(u.c("id").le(5))
                .order_by(u.c("id"))
        },
        |b| {
            let cid = if b == Backend::MariaDb {
                "3|cid|cid@y.io"
            } else {
                "3|CID|cid@y.io"
            };
            vec![
                "1|ANN|ann@x.io",
                "2|bob|NULL",
                cid,
                "4|dee|dee@x.io",
                "5|Eve|eve@z.io",
            ]
        },
    );
    w.check(
        "archive after two INSERT … SELECT upserts",
        "itn",
        &["1|second|21", "2|second|40", "4|second|200"],
        |s| {
            let a = &s.archive;
            select((a.c("order_id"), a.c("who"), a.c("total")))
                .from(a)
                .order_by(a.c("order_id"))
        },
    );
}

#[test]
fn returning_and_ctes_on_multi_table_dml() {
    let w = World::new();
    for fx in &w.fxs {
        let s = &fx.s;
        let (u, o, a) = (&s.users, &s.orders, &s.addresses);
        let name = fx.name();
        let update_from = update(o)
            .set("status", "fr")
            .from(u)
            .filter(u.c("id").eq(o.c("user_id")))
            .filter(u.c("country").eq("FR"))
            .returning(o.c("id"));
        let delete_using = delete(a)
            .using(u)
            .filter(u.c("id").eq(a.c("user_id")))
            .filter(u.c("country").eq("DE"))
            .returning(a.c("id"));
        let big = select(o.c("user_id"))
            .from(o)
            .filter(o.c("total").gt(50))
            .cte("big");
        let update_cte = update(u)
            .set("status", "big")
            .filter(u.c("id").in_(select(big.c("user_id")).from(&big)))
            .with(&big);
        let insert_cte = insert(a).from_select(
            ["user_id", "city"],
            select((big.c("user_id"), lit("Big"))).from(&big),
        );
        match fx.backend {
            // MariaDB has neither RETURNING on multi-table statements nor WITH
            // before UPDATE/DELETE: typed errors, nothing sent.
            Backend::MariaDb => {
                let mut conn = fx.conn();
                for (label, err) in [
                    (
                        "update from returning",
                        conn.execute(&update_from).unwrap_err(),
                    ),
                    (
                        "delete using returning",
                        conn.execute(&delete_using).unwrap_err(),
                    ),
                    ("with update", conn.execute(&update_cte).unwrap_err()),
                ] {
                    assert!(
                        matches!(
                            err,
                            Error::Unsupported {
                                dialect: "mariadb",
                                ..
                            }
                        ),
                        "{label}: {err:?}"
                    );
                }
                assert!(!conn.in_transaction());
            }
            Backend::Sqlite | Backend::Postgres => {
                let mut rows = normalise(
                    "update from",
                    fx.backend,
                    "i",
                    fx.run("update from", &update_from),
                );
                rows.sort();
                assert_eq!(rows, ["4", "5", "6"], "{name}");
                let rows = normalise(
                    "delete using",
                    fx.backend,
                    "i",
                    fx.run("delete using", &delete_using),
                );
                assert_eq!(rows, ["4"], "{name}");
                assert_eq!(fx.run("with update", &update_cte).rowcount(), 1, "{name}");
            }
        }
        // INSERT … SELECT from a CTE runs everywhere (MariaDB puts WITH after
        // the INSERT clause).
        assert_eq!(
            fx.run("insert from cte", &insert_cte).rowcount(),
            1,
            "{name}"
        );
    }
    w.check(
        "addresses after the insert from a CTE",
        "it",
        &["3|Big"],
        |s| {
            let a = &s.addresses;
            select((a.c("user_id"), a.c("city")))
                .from(a)
                .filter(a.c("city").eq("Big"))
        },
    );
}

/// onupdate columns are set by every UPDATE that leaves them out, and left
/// alone by one that sets them, on every engine.
#[test]
fn onupdate_columns_follow_every_update() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let mut meta = MetaData::new();
        let t = meta
            .table(&unique("ec_versioned"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("body", SqlType::string(20));
                t.column("version", SqlType::Integer)
                    .not_null()
                    .default(1)
                    .onupdate(column("version") + 1);
                t.column("by", SqlType::string(10))
                    .onupdate_fn(|| Value::from("batch"));
                t.column("changed_at", SqlType::datetime())
                    .onupdate(func::now());
            })
            .unwrap();
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        conn.execute(&insert(&t).value("id", 1).value("body", "a"))
            .unwrap();
        conn.execute(&insert(&t).value("id", 2).value("body", "b"))
            .unwrap();
        for body in ["a2", "a3"] {
            conn.execute(&update(&t).set("body", body).filter(t.c("id").eq(1)))
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        }
        conn.execute(&update(&t).set("version", 10).filter(t.c("id").eq(2)))
            .unwrap();
        conn.commit().unwrap();
        drop(conn);
        let q = select((
            t.c("id"),
            t.c("body"),
            t.c("version"),
            t.c("by"),
            t.c("changed_at").is_not_null(),
        ))
        .from(&t)
        .order_by(t.c("id"));
        assert_eq!(
            fx.rows("after updates", "ititb", &q),
            ["1|a3|3|batch|true", "2|b|10|batch|true"],
            "{ctx}"
        );
    }
}
