//! Golden tests: select.
use crate::common::*;
#[allow(unused_imports)]
use sqlcraft::prelude::*;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

/// The same SQL with other parameter values: how a driver reuses a prepared statement.
fn with_values(c: &Compiled, values: Vec<Value>) -> Compiled {
    Compiled {
        sql: c.sql.clone(),
        params: values.into_iter().map(Param::Value).collect(),
    }
}

fn ints(values: &[i64]) -> Vec<Value> {
    values.iter().map(|&i| Value::Int(i)).collect()
}

fn no_rows() -> Vec<String> {
    Vec::new()
}

#[test]
fn select_list_of_columns_labels_and_expressions() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((
        s.users.c("id"),
        s.users.c("name").label("who"),
        (s.users.c("id") * 10).label("x10"),
        func::upper(s.users.c("country")),
    ))
    .from(&s.users)
    .filter(s.users.c("id").le(2))
    .order_by(s.users.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."name" AS "who", "users"."id" * ? AS "x10", upper("users"."country") AS "upper_1" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id""#,
        r#"SELECT "users"."id", "users"."name" AS "who", "users"."id" * $1 AS "x10", upper("users"."country") AS "upper_1" FROM "users" WHERE "users"."id" <= $2 ORDER BY "users"."id""#,
        "SELECT `users`.`id`, `users`.`name` AS `who`, `users`.`id` * ? AS `x10`, upper(`users`.`country`) AS `upper_1` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[10, 2]));
    assert_eq!(query(&db, &c), ["1|ann|10|US", "2|bob|20|US"]);

    // columns() appends to the list; selected() shows it.
    let stmt = select(s.users.c("id"))
        .columns([s.users.c("name"), s.users.c("email")])
        .from(&s.users)
        .filter(s.users.c("id").eq(2));
    assert_eq!(stmt.selected().len(), 3);
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."name", "users"."email" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id", "users"."name", "users"."email" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT `users`.`id`, `users`.`name`, `users`.`email` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["2|bob|NULL"]);
}

#[test]
fn select_distinct_removes_duplicate_rows() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select(s.users.c("country"))
            .distinct()
            .from(&s.users)
            .order_by(s.users.c("country")),
        r#"SELECT DISTINCT "users"."country" FROM "users" ORDER BY "users"."country""#,
        r#"SELECT DISTINCT "users"."country" FROM "users" ORDER BY "users"."country""#,
        "SELECT DISTINCT `users`.`country` FROM `users` ORDER BY `users`.`country`",
    );
    assert_eq!(query(&db, &c), ["DE", "FR", "US"]);

    let c = golden(
        &select((s.orders.c("user_id"), s.orders.c("status")))
            .distinct()
            .from(&s.orders)
            .order_by((s.orders.c("user_id"), s.orders.c("status"))),
        r#"SELECT DISTINCT "orders"."user_id", "orders"."status" FROM "orders" ORDER BY "orders"."user_id", "orders"."status""#,
        r#"SELECT DISTINCT "orders"."user_id", "orders"."status" FROM "orders" ORDER BY "orders"."user_id", "orders"."status""#,
        "SELECT DISTINCT `orders`.`user_id`, `orders`.`status` FROM `orders` ORDER BY `orders`.`user_id`, `orders`.`status`",
    );
    assert_eq!(
        query(&db, &c),
        ["1|paid", "2|new", "3|new", "3|paid", "4|void"]
    );
}

#[test]
fn distinct_on_is_postgres_only() {
    let s = schema();
    let stmt = select((s.users.c("country"), s.users.c("name")))
        .distinct_on(s.users.c("country"))
        .from(&s.users)
        .order_by((s.users.c("country"), s.users.c("id").desc()));
    let pg = stmt.compile(&Postgres).unwrap();
    assert_eq!(
        pg.sql,
        r#"SELECT DISTINCT ON ("users"."country") "users"."country", "users"."name" FROM "users" ORDER BY "users"."country", "users"."id" DESC"#
    );
    assert!(pg.params.is_empty());

    let err = compile_err(&stmt, &Sqlite);
    assert!(
        matches!(
            err,
            Error::Unsupported {
                dialect: "sqlite",
                ..
            }
        ),
        "{err:?}"
    );
    let err = compile_err(&stmt, &MySql::mariadb());
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

    // Several expressions.
    let stmt = select(s.orders.c("id"))
        .distinct_on((s.orders.c("user_id"), s.orders.c("status")))
        .from(&s.orders);
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT DISTINCT ON ("orders"."user_id", "orders"."status") "orders"."id" FROM "orders""#
    );
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::Unsupported {
            dialect: "sqlite",
            ..
        }
    ));
}

#[test]
fn several_from_items_are_a_comma_join() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((s.users.c("name"), s.orders.c("id")))
        .from(&s.users)
        .from(&s.orders)
        .filter(s.orders.c("user_id").eq(s.users.c("id")))
        .filter(s.orders.c("status").ne("paid"))
        .order_by(s.orders.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "orders"."id" FROM "users", "orders" WHERE "orders"."user_id" = "users"."id" AND "orders"."status" <> ? ORDER BY "orders"."id""#,
        r#"SELECT "users"."name", "orders"."id" FROM "users", "orders" WHERE "orders"."user_id" = "users"."id" AND "orders"."status" <> $1 ORDER BY "orders"."id""#,
        "SELECT `users`.`name`, `orders`.`id` FROM `users`, `orders` WHERE `orders`.`user_id` = `users`.`id` AND `orders`.`status` <> ? ORDER BY `orders`.`id`",
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("paid")]);
    assert_eq!(query(&db, &c), ["bob|3", "cid|5", "dee|6"]);
}

#[test]
fn inner_left_and_right_joins() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, a, o) = (&s.users, &s.addresses, &s.orders);
    let on_addr = || a.c("user_id").eq(u.c("id"));

    let c = golden(
        &select((u.c("name"), a.c("city")))
            .from(u.join(a, on_addr()))
            .order_by((u.c("id"), a.c("id"))),
        r#"SELECT "users"."name", "addresses"."city" FROM "users" JOIN "addresses" ON "addresses"."user_id" = "users"."id" ORDER BY "users"."id", "addresses"."id""#,
        r#"SELECT "users"."name", "addresses"."city" FROM "users" JOIN "addresses" ON "addresses"."user_id" = "users"."id" ORDER BY "users"."id", "addresses"."id""#,
        "SELECT `users`.`name`, `addresses`.`city` FROM `users` JOIN `addresses` ON `addresses`.`user_id` = `users`.`id` ORDER BY `users`.`id`, `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["ann|Paris", "cid|Lyon", "cid|Nice", "Eve|NULL"]
    );

    let c = golden(
        &select((u.c("name"), a.c("city")))
            .from(u.left_join(a, on_addr()))
            .order_by((u.c("id"), a.c("id"))),
        r#"SELECT "users"."name", "addresses"."city" FROM "users" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" ORDER BY "users"."id", "addresses"."id""#,
        r#"SELECT "users"."name", "addresses"."city" FROM "users" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" ORDER BY "users"."id", "addresses"."id""#,
        "SELECT `users`.`name`, `addresses`.`city` FROM `users` LEFT OUTER JOIN `addresses` ON `addresses`.`user_id` = `users`.`id` ORDER BY `users`.`id`, `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        [
            "ann|Paris",
            "bob|NULL",
            "cid|Lyon",
            "cid|Nice",
            "dee|NULL",
            "Eve|NULL"
        ]
    );

    // outer_join is SQLAlchemy's name for the same thing.
    assert_eq!(
        select(u.c("id")).from(u.outer_join(a, on_addr())),
        select(u.c("id")).from(u.left_join(a, on_addr()))
    );

    // RIGHT JOIN keeps every user, orders or not.
    let c = golden(
        &select((u.c("name"), func::count(o.c("id")).label("n")))
            .from(o.right_join(u, o.c("user_id").eq(u.c("id"))))
            .group_by((u.c("id"), u.c("name")))
            .order_by(u.c("id")),
        r#"SELECT "users"."name", count("orders"."id") AS "n" FROM "orders" RIGHT OUTER JOIN "users" ON "orders"."user_id" = "users"."id" GROUP BY "users"."id", "users"."name" ORDER BY "users"."id""#,
        r#"SELECT "users"."name", count("orders"."id") AS "n" FROM "orders" RIGHT OUTER JOIN "users" ON "orders"."user_id" = "users"."id" GROUP BY "users"."id", "users"."name" ORDER BY "users"."id""#,
        "SELECT `users`.`name`, count(`orders`.`id`) AS `n` FROM `orders` RIGHT OUTER JOIN `users` ON `orders`.`user_id` = `users`.`id` GROUP BY `users`.`id`, `users`.`name` ORDER BY `users`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["ann|2", "bob|1", "cid|2", "dee|1", "Eve|0"]
    );
}

#[test]
fn full_join_everywhere_but_mariadb() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, a) = (&s.users, &s.addresses);
    // Unmatched on both sides: users without a (non-NULL) city, and address 4.
    let stmt = select((u.c("name"), a.c("id")))
        .from(u.full_join(
            a,
            a.c("user_id").eq(u.c("id")).and(a.c("city").is_not_null()),
        ))
        .order_by((u.c("id"), a.c("id")));
    let c = stmt.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."name", "addresses"."id" FROM "users" FULL OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" AND "addresses"."city" IS NOT NULL ORDER BY "users"."id", "addresses"."id""#
    );
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."name", "addresses"."id" FROM "users" FULL OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" AND "addresses"."city" IS NOT NULL ORDER BY "users"."id", "addresses"."id""#
    );
    let err = compile_err(&stmt, &MySql::mariadb());
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
        query(&db, &c),
        ["NULL|4", "ann|1", "bob|NULL", "cid|2", "cid|3", "dee|NULL", "Eve|NULL"]
    );

    // Through Select::full_join as well.
    let stmt = select(u.c("id"))
        .from(u)
        .full_join(a, a.c("user_id").eq(u.c("id")));
    assert!(matches!(
        compile_err(&stmt, &MySql::mariadb()),
        Error::Unsupported {
            dialect: "mariadb",
            ..
        }
    ));
}

#[test]
fn cross_join_pairs_every_row() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, a) = (&s.users, &s.addresses);
    let c = golden(
        &select((u.c("id"), a.c("id")))
            .from(u.cross_join(a))
            .filter(u.c("id").eq(2))
            .order_by(a.c("id")),
        r#"SELECT "users"."id", "addresses"."id" AS "id_1" FROM "users" CROSS JOIN "addresses" WHERE "users"."id" = ? ORDER BY "addresses"."id""#,
        r#"SELECT "users"."id", "addresses"."id" AS "id_1" FROM "users" CROSS JOIN "addresses" WHERE "users"."id" = $1 ORDER BY "addresses"."id""#,
        "SELECT `users`.`id`, `addresses`.`id` AS `id_1` FROM `users` CROSS JOIN `addresses` WHERE `users`.`id` = ? ORDER BY `addresses`.`id`",
    );
    assert_eq!(query(&db, &c), ["2|1", "2|2", "2|3", "2|4"]);

    let c = golden(
        &select(func::count_star())
            .from(&s.users)
            .cross_join(&s.orders),
        r#"SELECT count(*) AS "count_1" FROM "users" CROSS JOIN "orders""#,
        r#"SELECT count(*) AS "count_1" FROM "users" CROSS JOIN "orders""#,
        "SELECT count(*) AS `count_1` FROM `users` CROSS JOIN `orders`",
    );
    assert_eq!(query(&db, &c), ["30"]);
}

#[test]
fn select_join_attaches_to_the_last_from_item() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);

    // Chained: users JOIN orders LEFT JOIN addresses.
    let c = golden(
        &select((u.c("name"), o.c("id"), a.c("city")))
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .left_join(a, a.c("user_id").eq(u.c("id")))
            .filter(o.c("status").eq("paid"))
            .order_by((o.c("id"), a.c("id"))),
        r#"SELECT "users"."name", "orders"."id", "addresses"."city" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" WHERE "orders"."status" = ? ORDER BY "orders"."id", "addresses"."id""#,
        r#"SELECT "users"."name", "orders"."id", "addresses"."city" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" WHERE "orders"."status" = $1 ORDER BY "orders"."id", "addresses"."id""#,
        "SELECT `users`.`name`, `orders`.`id`, `addresses`.`city` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` LEFT OUTER JOIN `addresses` ON `addresses`.`user_id` = `users`.`id` WHERE `orders`.`status` = ? ORDER BY `orders`.`id`, `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["ann|1|Paris", "ann|2|Paris", "cid|4|Lyon", "cid|4|Nice"]
    );

    // With two FROM items the join goes onto the second only.
    let c = golden(
        &select((a.c("city"), o.c("id")))
            .from(a)
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .filter(a.c("user_id").eq(u.c("id")))
            .order_by((a.c("id"), o.c("id"))),
        r#"SELECT "addresses"."city", "orders"."id" FROM "addresses", "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "addresses"."user_id" = "users"."id" ORDER BY "addresses"."id", "orders"."id""#,
        r#"SELECT "addresses"."city", "orders"."id" FROM "addresses", "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "addresses"."user_id" = "users"."id" ORDER BY "addresses"."id", "orders"."id""#,
        "SELECT `addresses`.`city`, `orders`.`id` FROM `addresses`, `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `addresses`.`user_id` = `users`.`id` ORDER BY `addresses`.`id`, `orders`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["Paris|1", "Paris|2", "Lyon|4", "Lyon|5", "Nice|4", "Nice|5"]
    );
}

#[test]
fn nested_join_on_the_right_is_grouped() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);
    // users LEFT JOIN (orders JOIN addresses): dee's order has no address, so the
    // inner join drops it and dee gets NULLs.
    let orders_with_city = o.join(a, a.c("user_id").eq(o.c("user_id")));
    let stmt = select((u.c("name"), o.c("id"), a.c("city")))
        .from(u.left_join(orders_with_city, o.c("user_id").eq(u.c("id"))))
        .order_by((u.c("id"), o.c("id"), a.c("id")));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "orders"."id", "addresses"."city" FROM "users" LEFT OUTER JOIN ("orders" JOIN "addresses" ON "addresses"."user_id" = "orders"."user_id") ON "orders"."user_id" = "users"."id" ORDER BY "users"."id", "orders"."id", "addresses"."id""#,
        r#"SELECT "users"."name", "orders"."id", "addresses"."city" FROM "users" LEFT OUTER JOIN ("orders" JOIN "addresses" ON "addresses"."user_id" = "orders"."user_id") ON "orders"."user_id" = "users"."id" ORDER BY "users"."id", "orders"."id", "addresses"."id""#,
        "SELECT `users`.`name`, `orders`.`id`, `addresses`.`city` FROM `users` LEFT OUTER JOIN (`orders` JOIN `addresses` ON `addresses`.`user_id` = `orders`.`user_id`) ON `orders`.`user_id` = `users`.`id` ORDER BY `users`.`id`, `orders`.`id`, `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        [
            "ann|1|Paris",
            "ann|2|Paris",
            "bob|NULL|NULL",
            "cid|4|Lyon",
            "cid|4|Nice",
            "cid|5|Lyon",
            "cid|5|Nice",
            "dee|NULL|NULL",
            "Eve|NULL|NULL",
        ]
    );

    // Chaining instead stays left-deep: (users LEFT JOIN orders) JOIN addresses.
    let stmt = select((u.c("name"), o.c("id"), a.c("city")))
        .from(
            u.left_join(o, o.c("user_id").eq(u.c("id")))
                .join(a, a.c("user_id").eq(o.c("user_id"))),
        )
        .order_by((u.c("id"), o.c("id"), a.c("id")));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "orders"."id", "addresses"."city" FROM "users" LEFT OUTER JOIN "orders" ON "orders"."user_id" = "users"."id" JOIN "addresses" ON "addresses"."user_id" = "orders"."user_id" ORDER BY "users"."id", "orders"."id", "addresses"."id""#,
        r#"SELECT "users"."name", "orders"."id", "addresses"."city" FROM "users" LEFT OUTER JOIN "orders" ON "orders"."user_id" = "users"."id" JOIN "addresses" ON "addresses"."user_id" = "orders"."user_id" ORDER BY "users"."id", "orders"."id", "addresses"."id""#,
        "SELECT `users`.`name`, `orders`.`id`, `addresses`.`city` FROM `users` LEFT OUTER JOIN `orders` ON `orders`.`user_id` = `users`.`id` JOIN `addresses` ON `addresses`.`user_id` = `orders`.`user_id` ORDER BY `users`.`id`, `orders`.`id`, `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        [
            "ann|1|Paris",
            "ann|2|Paris",
            "cid|4|Lyon",
            "cid|4|Nice",
            "cid|5|Lyon",
            "cid|5|Nice",
        ]
    );
}

#[test]
fn self_join_through_two_aliases() {
    let s = schema();
    let db = sqlite_db(&s);
    let (a, b) = (s.users.alias("a"), s.users.alias("b"));
    let stmt = select((a.c("name").label("first"), b.c("name").label("second")))
        .from(
            (&a).join(
                &b,
                b.c("country")
                    .eq(a.c("country"))
                    .and(b.c("id").gt(a.c("id"))),
            ),
        )
        .order_by(a.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "a"."name" AS "first", "b"."name" AS "second" FROM "users" AS "a" JOIN "users" AS "b" ON "b"."country" = "a"."country" AND "b"."id" > "a"."id" ORDER BY "a"."id""#,
        r#"SELECT "a"."name" AS "first", "b"."name" AS "second" FROM "users" AS "a" JOIN "users" AS "b" ON "b"."country" = "a"."country" AND "b"."id" > "a"."id" ORDER BY "a"."id""#,
        "SELECT `a`.`name` AS `first`, `b`.`name` AS `second` FROM `users` AS `a` JOIN `users` AS `b` ON `b`.`country` = `a`.`country` AND `b`.`id` > `a`.`id` ORDER BY `a`.`id`",
    );
    assert!(c.params.is_empty());
    assert_eq!(query(&db, &c), ["ann|bob", "cid|dee"]);
}

#[test]
fn where_group_by_and_having_anded_across_calls() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let n = func::count_star().label("n");
    let spent = func::sum(o.c("total")).label("spent");
    let stmt = select((o.c("user_id"), n.clone(), spent.clone()))
        .from(o)
        .filter(o.c("status").ne("void"))
        .filter(o.c("id").gt(0))
        .group_by(o.c("user_id"))
        .having(n.expr().gt(1))
        .having(spent.expr().gt(50))
        .order_by(o.c("user_id"));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."user_id", count(*) AS "n", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" <> ? AND "orders"."id" > ? GROUP BY "orders"."user_id" HAVING count(*) > ? AND sum("orders"."total") > ? ORDER BY "orders"."user_id""#,
        r#"SELECT "orders"."user_id", count(*) AS "n", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" <> $1 AND "orders"."id" > $2 GROUP BY "orders"."user_id" HAVING count(*) > $3 AND sum("orders"."total") > $4 ORDER BY "orders"."user_id""#,
        "SELECT `orders`.`user_id`, count(*) AS `n`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` <> ? AND `orders`.`id` > ? GROUP BY `orders`.`user_id` HAVING count(*) > ? AND sum(`orders`.`total`) > ? ORDER BY `orders`.`user_id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("void"),
            Value::Int(0),
            Value::Int(1),
            Value::Int(50)
        ]
    );
    // user 1: 2 orders, 30.5 (fails > 50); user 3: 2 orders, 100.
    assert_eq!(query(&db, &c), ["3|2|100"]);
    // Without the second HAVING, user 1 is back: both conditions were applied.
    assert_eq!(
        query(
            &db,
            &with_values(
                &c,
                vec![
                    Value::from("void"),
                    Value::Int(0),
                    Value::Int(1),
                    Value::Int(0)
                ]
            )
        ),
        ["1|2|30.5", "3|2|100"]
    );

    // GROUP BY several terms, one an expression; HAVING with OR is grouped under AND.
    let c = golden(
        &select((s.users.c("country"), func::count_star()))
            .from(&s.users)
            .group_by((s.users.c("country"), s.users.c("status").is_null()))
            .having(func::count_star().gt(1).or(s.users.c("country").eq("DE")))
            .having(s.users.c("country").ne("XX"))
            .order_by(s.users.c("country")),
        r#"SELECT "users"."country", count(*) AS "count_1" FROM "users" GROUP BY "users"."country", "users"."status" IS NULL HAVING (count(*) > ? OR "users"."country" = ?) AND "users"."country" <> ? ORDER BY "users"."country""#,
        r#"SELECT "users"."country", count(*) AS "count_1" FROM "users" GROUP BY "users"."country", "users"."status" IS NULL HAVING (count(*) > $1 OR "users"."country" = $2) AND "users"."country" <> $3 ORDER BY "users"."country""#,
        "SELECT `users`.`country`, count(*) AS `count_1` FROM `users` GROUP BY `users`.`country`, `users`.`status` IS NULL HAVING (count(*) > ? OR `users`.`country` = ?) AND `users`.`country` <> ? ORDER BY `users`.`country`",
    );
    // FR splits into (cid, status set) and (dee, NULL): neither has 2 rows.
    assert_eq!(query(&db, &c), ["DE|1", "US|2"]);
}

#[test]
fn order_by_labels_by_reference_and_mixed_directions() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let n = func::count(o.c("id")).label("n");
    let stmt = select((o.c("status"), n.clone()))
        .from(o)
        .group_by(o.c("status"))
        .order_by((n.desc(), o.c("status").asc()));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."status", count("orders"."id") AS "n" FROM "orders" GROUP BY "orders"."status" ORDER BY "n" DESC, "orders"."status" ASC"#,
        r#"SELECT "orders"."status", count("orders"."id") AS "n" FROM "orders" GROUP BY "orders"."status" ORDER BY "n" DESC, "orders"."status" ASC"#,
        "SELECT `orders`.`status`, count(`orders`.`id`) AS `n` FROM `orders` GROUP BY `orders`.`status` ORDER BY `n` DESC, `orders`.`status` ASC",
    );
    assert_eq!(query(&db, &c), ["paid|3", "new|2", "void|1"]);

    // order_by() calls accumulate; label.asc() and reference() without direction.
    let c = golden(
        &select((o.c("status"), n.clone()))
            .from(o)
            .group_by(o.c("status"))
            .order_by(n.asc())
            .order_by(OrderBy::new(n.reference()))
            .order_by(o.c("status").desc()),
        r#"SELECT "orders"."status", count("orders"."id") AS "n" FROM "orders" GROUP BY "orders"."status" ORDER BY "n" ASC, "n", "orders"."status" DESC"#,
        r#"SELECT "orders"."status", count("orders"."id") AS "n" FROM "orders" GROUP BY "orders"."status" ORDER BY "n" ASC, "n", "orders"."status" DESC"#,
        "SELECT `orders`.`status`, count(`orders`.`id`) AS `n` FROM `orders` GROUP BY `orders`.`status` ORDER BY `n` ASC, `n`, `orders`.`status` DESC",
    );
    assert_eq!(query(&db, &c), ["void|1", "new|2", "paid|3"]);
}

/// Columns of one name in one select list are labelled apart, as SQLAlchemy
/// 2.0 labels them (`SELECT a.id, b.id AS id_1`), wherever unnamed expressions
/// are labelled; explicit labels are kept as written.
#[test]
fn columns_of_one_name_are_labelled_apart() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let joined = || u.join(o, o.c("user_id").eq(u.c("id")));
    // `id_2` is the list's own name, so the second repeat skips it.
    let stmt = select((
        u.c("id"),
        o.c("id"),
        o.c("id"),
        o.c("user_id").label("id_2"),
        u.c("name"),
    ))
    .from(joined())
    .filter(o.c("id").eq(1));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "orders"."id" AS "id_1", "orders"."id" AS "id_3", "orders"."user_id" AS "id_2", "users"."name" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."id" = ?"#,
        r#"SELECT "users"."id", "orders"."id" AS "id_1", "orders"."id" AS "id_3", "orders"."user_id" AS "id_2", "users"."name" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."id" = $1"#,
        "SELECT `users`.`id`, `orders`.`id` AS `id_1`, `orders`.`id` AS `id_3`, `orders`.`user_id` AS `id_2`, `users`.`name` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `orders`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["1|1|1|1|ann"]);

    // A derived table exports the labels: `pairs.c("id_1")` is its column, and
    // a name it does not have is an error before anything is rendered.
    let pairs = select((u.c("id"), o.c("id")))
        .from(joined())
        .subquery("pairs");
    assert!(matches!(
        pairs.try_c("id_2"),
        Err(Error::UnknownColumn { .. })
    ));
    let stmt = select(pairs.c("id_1"))
        .from(&pairs)
        .filter(pairs.c("id").eq(1))
        .order_by(pairs.c("id_1"));
    let c = golden(
        &stmt,
        r#"SELECT "pairs"."id_1" FROM (SELECT "users"."id", "orders"."id" AS "id_1" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id") AS "pairs" WHERE "pairs"."id" = ? ORDER BY "pairs"."id_1""#,
        r#"SELECT "pairs"."id_1" FROM (SELECT "users"."id", "orders"."id" AS "id_1" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id") AS "pairs" WHERE "pairs"."id" = $1 ORDER BY "pairs"."id_1""#,
        "SELECT `pairs`.`id_1` FROM (SELECT `users`.`id`, `orders`.`id` AS `id_1` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id`) AS `pairs` WHERE `pairs`.`id` = ? ORDER BY `pairs`.`id_1`",
    );
    assert_eq!(query(&db, &c), ["1", "2"]);

    // Under IN nothing reads the names, except where MySQL takes the LIMIT
    // only through a derived table, which must not hold two columns of one name.
    let first_two = || {
        select((u.c("id"), o.c("id")))
            .from(joined())
            .order_by(o.c("id"))
            .limit(2)
    };
    let stmt = select(o.c("status"))
        .from(o)
        .filter(tuple_((o.c("user_id"), o.c("id"))).in_(first_two()))
        .order_by(o.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."status" FROM "orders" WHERE ("orders"."user_id", "orders"."id") IN (SELECT "users"."id", "orders"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" ORDER BY "orders"."id" LIMIT ?) ORDER BY "orders"."id""#,
        r#"SELECT "orders"."status" FROM "orders" WHERE ("orders"."user_id", "orders"."id") IN (SELECT "users"."id", "orders"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" ORDER BY "orders"."id" LIMIT $1) ORDER BY "orders"."id""#,
        "SELECT `orders`.`status` FROM `orders` WHERE (`orders`.`user_id`, `orders`.`id`) IN (SELECT * FROM (SELECT `users`.`id`, `orders`.`id` AS `id_1` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` ORDER BY `orders`.`id` LIMIT ?) AS `anon_1`) ORDER BY `orders`.`id`",
    );
    assert_eq!(query(&db, &c), ["paid", "paid"]);
}

/// Where SQLAlchemy labels an unnamed select-list expression, and where not.
#[test]
fn unnamed_columns_get_labels_where_they_name_result_columns() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let o = &s.orders;
    // Numbered per name, skipping the list's own names: `count_1` is taken.
    let stmt = select((
        func::count_star(),
        u.c("id").label("count_1"),
        func::count(u.c("email")),
        u.c("id") + 1,
        func::rank().over(WindowSpec::new().order_by(u.c("id"))),
        func::call("my_fn$", [u.c("id")]),
    ))
    .from(u)
    .group_by(u.c("id"))
    .filter(u.c("id").eq(1));
    let c = golden(
        &stmt,
        r#"SELECT count(*) AS "count_2", "users"."id" AS "count_1", count("users"."email") AS "count_3", "users"."id" + ? AS "anon_1", rank() OVER (ORDER BY "users"."id") AS "anon_2", my_fn$("users"."id") AS "anon_3" FROM "users" WHERE "users"."id" = ? GROUP BY "users"."id""#,
        r#"SELECT count(*) AS "count_2", "users"."id" AS "count_1", count("users"."email") AS "count_3", "users"."id" + $1 AS "anon_1", rank() OVER (ORDER BY "users"."id") AS "anon_2", my_fn$("users"."id") AS "anon_3" FROM "users" WHERE "users"."id" = $2 GROUP BY "users"."id""#,
        "SELECT count(*) AS `count_2`, `users`.`id` AS `count_1`, count(`users`.`email`) AS `count_3`, `users`.`id` + ? AS `anon_1`, rank() OVER (ORDER BY `users`.`id`) AS `anon_2`, my_fn$(`users`.`id`) AS `anon_3` FROM `users` WHERE `users`.`id` = ? GROUP BY `users`.`id`",
    );
    let c = Compiled {
        sql: c
            .sql
            .replace(r#"my_fn$("users"."id")"#, r#"abs("users"."id")"#),
        ..c
    };
    assert_eq!(query(&db, &c), ["1|1|1|2|1|1"]);

    // A function name too long to make a label within every identifier limit
    // (PostgreSQL's 63 bytes) gives `anon`.
    let long = "f".repeat(62);
    let c = select(func::call(&long, [u.c("id")]))
        .from(u)
        .compile(&Postgres)
        .unwrap();
    assert_eq!(
        c.sql,
        format!(r#"SELECT {long}("users"."id") AS "anon_1" FROM "users""#)
    );

    // A derived table and a CTE without a column list name their columns; the
    // subqueries of EXISTS, IN and a scalar, a CTE with a column list, and an
    // INSERT's SELECT do not (nothing reads those names).
    let per_user = select((o.c("user_id"), func::count_star()))
        .from(o)
        .group_by(o.c("user_id"))
        .subquery("per_user");
    let stmt = select((per_user.c("user_id"), per_user.c("count_1")))
        .from(&per_user)
        .filter(exists(
            select(lit(1))
                .from(u)
                .filter(u.c("id").eq(per_user.c("user_id"))),
        ))
        .filter(
            per_user
                .c("user_id")
                .in_(select(func::max(u.c("id"))).from(u)),
        )
        .order_by(per_user.c("user_id"));
    let c = golden(
        &stmt,
        r#"SELECT "per_user"."user_id", "per_user"."count_1" FROM (SELECT "orders"."user_id", count(*) AS "count_1" FROM "orders" GROUP BY "orders"."user_id") AS "per_user" WHERE EXISTS (SELECT ? FROM "users" WHERE "users"."id" = "per_user"."user_id") AND "per_user"."user_id" IN (SELECT max("users"."id") FROM "users") ORDER BY "per_user"."user_id""#,
        r#"SELECT "per_user"."user_id", "per_user"."count_1" FROM (SELECT "orders"."user_id", count(*) AS "count_1" FROM "orders" GROUP BY "orders"."user_id") AS "per_user" WHERE EXISTS (SELECT CAST($1 AS BIGINT) FROM "users" WHERE "users"."id" = "per_user"."user_id") AND "per_user"."user_id" IN (SELECT max("users"."id") FROM "users") ORDER BY "per_user"."user_id""#,
        "SELECT `per_user`.`user_id`, `per_user`.`count_1` FROM (SELECT `orders`.`user_id`, count(*) AS `count_1` FROM `orders` GROUP BY `orders`.`user_id`) AS `per_user` WHERE EXISTS (SELECT ? FROM `users` WHERE `users`.`id` = `per_user`.`user_id`) AND `per_user`.`user_id` IN (SELECT max(`users`.`id`) FROM `users`) ORDER BY `per_user`.`user_id`",
    );
    let _ = query(&db, &c);

    let scalar = select((
        u.c("id"),
        select(func::count_star())
            .from(o)
            .filter(o.c("user_id").eq(u.c("id")))
            .scalar_subquery(),
    ))
    .from(u)
    .filter(u.c("id").eq(1));
    let c = golden(
        &scalar,
        r#"SELECT "users"."id", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "anon_1" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "anon_1" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT `users`.`id`, (SELECT count(*) FROM `orders` WHERE `orders`.`user_id` = `users`.`id`) AS `anon_1` FROM `users` WHERE `users`.`id` = ?",
    );
    let _ = query(&db, &c);

    let named = select((o.c("user_id"), func::sum(o.c("total"))))
        .from(o)
        .group_by(o.c("user_id"))
        .cte("totals");
    let listed = select((o.c("user_id"), func::sum(o.c("total"))))
        .from(o)
        .group_by(o.c("user_id"))
        .cte("listed")
        .with_columns(["uid", "spent"]);
    let stmt = select((named.c("sum_1"), listed.c("spent")))
        .from(&named)
        .join(&listed, listed.c("uid").eq(named.c("user_id")))
        .order_by(named.c("user_id"));
    let c = golden(
        &stmt,
        r#"WITH "totals" AS (SELECT "orders"."user_id", sum("orders"."total") AS "sum_1" FROM "orders" GROUP BY "orders"."user_id"), "listed"("uid", "spent") AS (SELECT "orders"."user_id", sum("orders"."total") FROM "orders" GROUP BY "orders"."user_id") SELECT "totals"."sum_1", "listed"."spent" FROM "totals" JOIN "listed" ON "listed"."uid" = "totals"."user_id" ORDER BY "totals"."user_id""#,
        r#"WITH "totals" AS (SELECT "orders"."user_id", sum("orders"."total") AS "sum_1" FROM "orders" GROUP BY "orders"."user_id"), "listed"("uid", "spent") AS (SELECT "orders"."user_id", sum("orders"."total") FROM "orders" GROUP BY "orders"."user_id") SELECT "totals"."sum_1", "listed"."spent" FROM "totals" JOIN "listed" ON "listed"."uid" = "totals"."user_id" ORDER BY "totals"."user_id""#,
        "WITH `totals` AS (SELECT `orders`.`user_id`, sum(`orders`.`total`) AS `sum_1` FROM `orders` GROUP BY `orders`.`user_id`), `listed`(`uid`, `spent`) AS (SELECT `orders`.`user_id`, sum(`orders`.`total`) FROM `orders` GROUP BY `orders`.`user_id`) SELECT `totals`.`sum_1`, `listed`.`spent` FROM `totals` JOIN `listed` ON `listed`.`uid` = `totals`.`user_id` ORDER BY `totals`.`user_id`",
    );
    let rows = query(&db, &c);
    assert!(
        rows.iter().all(|r| r
            .split('|')
            .collect::<Vec<_>>()
            .windows(2)
            .all(|w| w[0] == w[1])),
        "{rows:?}"
    );
}

#[test]
fn limit_offset_and_offset_alone() {
    let s = schema();
    let db = sqlite_db(&s);
    let ids = || {
        select(s.users.c("id"))
            .from(&s.users)
            .order_by(s.users.c("id"))
    };

    let c = golden(
        &ids().limit(2),
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT ?"#,
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT $1"#,
        "SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[2]));
    assert_eq!(query(&db, &c), ["1", "2"]);

    let c = golden(
        &ids().limit(2).offset(1),
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT ? OFFSET ?"#,
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT $1 OFFSET $2"#,
        "SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ? OFFSET ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[2, 1]));
    assert_eq!(query(&db, &c), ["2", "3"]);

    // The call order does not matter.
    assert_eq!(
        ids().offset(1).limit(2).compile(&Postgres).unwrap(),
        ids().limit(2).offset(1).compile(&Postgres).unwrap()
    );

    let c = golden(
        &ids().offset(3),
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT -1 OFFSET ?"#,
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" OFFSET $1"#,
        "SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT 18446744073709551615 OFFSET ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[3]));
    assert_eq!(query(&db, &c), ["4", "5"]);

    // LIMIT and OFFSET after a parameterised WHERE keep placeholder order.
    let c = golden(
        &ids().filter(s.users.c("country").ne("DE")).limit(1).offset(2),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" <> ? ORDER BY "users"."id" LIMIT ? OFFSET ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" <> $1 ORDER BY "users"."id" LIMIT $2 OFFSET $3"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` <> ? ORDER BY `users`.`id` LIMIT ? OFFSET ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("DE"), Value::Int(1), Value::Int(2)]
    );
    assert_eq!(query(&db, &c), ["3"]);

    // SQLite and PostgreSQL take any expression; MySQL and MariaDB only a
    // placeholder or a non-negative integer, so anything else is refused there
    // rather than rendered into a syntax error.
    let computed = ids().limit(lit(1) + 1);
    assert_eq!(
        computed.compile(&Sqlite).unwrap().sql,
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT ? + ?"#
    );
    assert_eq!(
        computed.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT CAST($1 AS BIGINT) + CAST($2 AS BIGINT)"#
    );
    assert_eq!(query(&db, &computed.compile(&Sqlite).unwrap()), ["1", "2"]);
    for d in [MySql::mariadb(), MySql::mysql8()] {
        let err = computed.compile(&d).unwrap_err();
        assert!(
            matches!(&err, Error::Unsupported { construct, .. } if construct.contains("LIMIT or OFFSET")),
            "{err}"
        );
        let named = ids().limit(bindparam("n")).offset(bindparam("m"));
        assert_eq!(
            named.compile(&d).unwrap().sql,
            "SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ? OFFSET ?"
        );
        // Inlined: non-negative integers only.
        assert_eq!(
            ids().limit(2).offset(1).to_literal_sql(&d).unwrap(),
            "SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT 2 OFFSET 1"
        );
        for bad in [
            ids().limit(-1),
            ids().limit(2).offset(1.5),
            ids().offset("1"),
        ] {
            assert!(matches!(
                bad.to_literal_sql(&d),
                Err(Error::Unsupported { .. })
            ));
        }
    }
}

#[test]
fn row_locking_clauses() {
    let s = schema();
    let db = sqlite_db(&s);
    let base = || {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").eq(1))
    };

    // SQLite renders no row lock: its writers are serialised.
    let c = golden(
        &base().for_update(),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 FOR UPDATE"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? FOR UPDATE",
    );
    assert_eq!(query(&db, &c), ["1"]);

    let c = golden(
        &base().for_share(),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 FOR SHARE"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? LOCK IN SHARE MODE",
    );
    assert_eq!(query(&db, &c), ["1"]);

    let c = golden(
        &base().for_update().nowait(),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 FOR UPDATE NOWAIT"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? FOR UPDATE NOWAIT",
    );
    assert_eq!(query(&db, &c), ["1"]);

    let c = golden(
        &base().for_share().skip_locked(),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 FOR SHARE SKIP LOCKED"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? LOCK IN SHARE MODE SKIP LOCKED",
    );
    assert_eq!(query(&db, &c), ["1"]);

    // The lock comes after LIMIT.
    let c = golden(
        &base().limit(1).for_update().skip_locked(),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ? LIMIT ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 LIMIT $2 FOR UPDATE SKIP LOCKED"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? LIMIT ? FOR UPDATE SKIP LOCKED",
    );
    assert_eq!(query(&db, &c), ["1"]);

    // OF: PostgreSQL (and MySQL 8, see below); MariaDB has no OF; SQLite renders nothing.
    let stmt = select((s.users.c("id"), s.orders.c("id")))
        .from(
            s.users
                .join(&s.orders, s.orders.c("user_id").eq(s.users.c("id"))),
        )
        .filter(s.users.c("id").eq(1))
        .order_by(s.orders.c("id"))
        .for_update()
        .lock_of(["users"])
        .nowait();
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."id", "orders"."id" AS "id_1" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."id" = $1 ORDER BY "orders"."id" FOR UPDATE OF "users" NOWAIT"#
    );
    let err = compile_err(&stmt, &MySql::mariadb());
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
    let c = stmt.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."id", "orders"."id" AS "id_1" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."id" = ? ORDER BY "orders"."id""#
    );
    assert_eq!(query(&db, &c), ["1|1", "1|2"]);
    // Several OF names, and aliases (PostgreSQL wants the alias when there is one).
    let o = s.orders.alias("o");
    let stmt = select(s.users.c("id"))
        .from(&s.users)
        .join(&o, o.c("user_id").eq(s.users.c("id")))
        .filter(s.users.c("id").eq(1))
        .for_share()
        .lock_of(["users", "o"])
        .skip_locked();
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."id" FROM "users" JOIN "orders" AS "o" ON "o"."user_id" = "users"."id" WHERE "users"."id" = $1 FOR SHARE OF "users", "o" SKIP LOCKED"#
    );
    assert_eq!(query(&db, &stmt.compile(&Sqlite).unwrap()), ["1", "1"]);

    // Lock modifiers without a lock are a mistake the compiler reports.
    for stmt in [
        base().nowait(),
        base().skip_locked(),
        base().lock_of(["users"]),
    ] {
        let err = compile_err(&stmt, &Postgres);
        assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
    }
}

#[test]
fn mysql8_lock_of_quotes_table_names_with_backticks() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select(s.users.c("id"))
        .from(&s.users)
        .filter(s.users.c("id").eq(1))
        .for_update()
        .lock_of(["users"])
        .nowait();
    // MySqlDialect::write_lock delegates to GenericDialect.write_lock, which quotes
    // the OF names with the generic dialect's identifier quoting.
    assert_eq!(
        stmt.compile(&MySql::mysql8()).unwrap().sql,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? FOR UPDATE OF `users` NOWAIT"
    );
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 FOR UPDATE OF "users" NOWAIT"#
    );
    assert_eq!(query(&db, &stmt.compile(&Sqlite).unwrap()), ["1"]);
}

#[test]
fn derived_tables_from_subqueries() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let t = select((o.c("user_id"), func::sum(o.c("total")).label("spent")))
        .from(o)
        .filter(o.c("status").ne("void"))
        .group_by(o.c("user_id"))
        .subquery("t");
    assert_eq!(t.alias(), "t");
    let stmt = select((s.users.c("name"), t.c("spent")))
        .from(s.users.join(&t, t.c("user_id").eq(s.users.c("id"))))
        .filter(t.c("spent").gt(20))
        .order_by(s.users.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "t"."spent" FROM "users" JOIN (SELECT "orders"."user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" <> ? GROUP BY "orders"."user_id") AS "t" ON "t"."user_id" = "users"."id" WHERE "t"."spent" > ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name", "t"."spent" FROM "users" JOIN (SELECT "orders"."user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" <> $1 GROUP BY "orders"."user_id") AS "t" ON "t"."user_id" = "users"."id" WHERE "t"."spent" > $2 ORDER BY "users"."id""#,
        "SELECT `users`.`name`, `t`.`spent` FROM `users` JOIN (SELECT `orders`.`user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` <> ? GROUP BY `orders`.`user_id`) AS `t` ON `t`.`user_id` = `users`.`id` WHERE `t`.`spent` > ? ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("void"), Value::Int(20)]
    );
    assert_eq!(query(&db, &c), ["ann|30.5", "cid|100"]);

    // Selecting from the derived table alone, with an aggregate over it.
    let c = golden(
        &select(func::max(t.c("spent"))).from(&t),
        r#"SELECT max("t"."spent") AS "max_1" FROM (SELECT "orders"."user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" <> ? GROUP BY "orders"."user_id") AS "t""#,
        r#"SELECT max("t"."spent") AS "max_1" FROM (SELECT "orders"."user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" <> $1 GROUP BY "orders"."user_id") AS "t""#,
        "SELECT max(`t`.`spent`) AS `max_1` FROM (SELECT `orders`.`user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` <> ? GROUP BY `orders`.`user_id`) AS `t`",
    );
    assert_eq!(query(&db, &c), ["100"]);

    // An unknown column of the subquery is a typed error.
    let expected = Error::UnknownColumn {
        table: "t".into(),
        column: "total".into(),
    };
    assert_eq!(t.try_c("total").unwrap_err(), expected);
    assert_eq!(
        compile_err(&select(t.c("total")).from(&t), &Sqlite),
        expected
    );
    assert_eq!(
        compile_err(&select(t.c("total")).from(&t), &MySql::mariadb()),
        expected
    );
}

#[test]
fn ctes_are_collected_from_from_and_declared_once() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let recent = select((
        o.c("user_id").label("user_id"),
        func::sum(o.c("total")).label("spent"),
    ))
    .from(o)
    .filter(o.c("status").eq("paid"))
    .group_by(o.c("user_id"))
    .cte("recent");
    assert_eq!(recent.name(), "recent");

    // Used in the FROM clause and again in a WHERE subquery: declared once.
    let stmt = select((u.c("name"), recent.c("spent")))
        .from(u.join(&recent, recent.c("user_id").eq(u.c("id"))))
        .filter(
            u.c("id").in_(
                select(recent.c("user_id"))
                    .from(&recent)
                    .filter(recent.c("spent").gt(50)),
            ),
        );
    let c = golden(
        &stmt,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = ? GROUP BY "orders"."user_id") SELECT "users"."name", "recent"."spent" FROM "users" JOIN "recent" ON "recent"."user_id" = "users"."id" WHERE "users"."id" IN (SELECT "recent"."user_id" FROM "recent" WHERE "recent"."spent" > ?)"#,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = $1 GROUP BY "orders"."user_id") SELECT "users"."name", "recent"."spent" FROM "users" JOIN "recent" ON "recent"."user_id" = "users"."id" WHERE "users"."id" IN (SELECT "recent"."user_id" FROM "recent" WHERE "recent"."spent" > $2)"#,
        "WITH `recent` AS (SELECT `orders`.`user_id` AS `user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` = ? GROUP BY `orders`.`user_id`) SELECT `users`.`name`, `recent`.`spent` FROM `users` JOIN `recent` ON `recent`.`user_id` = `users`.`id` WHERE `users`.`id` IN (SELECT `recent`.`user_id` FROM `recent` WHERE `recent`.`spent` > ?)",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("paid"), Value::Int(50)]
    );
    assert_eq!(query(&db, &c), ["cid|100"]);

    // Reached only through a derived table in FROM: still hoisted to the top.
    let d = select((recent.c("user_id"), (recent.c("spent") * 2).label("twice")))
        .from(&recent)
        .subquery("d");
    let stmt = select((u.c("name"), d.c("twice")))
        .from(&d)
        .from(u)
        .filter(d.c("user_id").eq(u.c("id")))
        .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = ? GROUP BY "orders"."user_id") SELECT "users"."name", "d"."twice" FROM (SELECT "recent"."user_id", "recent"."spent" * ? AS "twice" FROM "recent") AS "d", "users" WHERE "d"."user_id" = "users"."id" ORDER BY "users"."id""#,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = $1 GROUP BY "orders"."user_id") SELECT "users"."name", "d"."twice" FROM (SELECT "recent"."user_id", "recent"."spent" * $2 AS "twice" FROM "recent") AS "d", "users" WHERE "d"."user_id" = "users"."id" ORDER BY "users"."id""#,
        "WITH `recent` AS (SELECT `orders`.`user_id` AS `user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` = ? GROUP BY `orders`.`user_id`) SELECT `users`.`name`, `d`.`twice` FROM (SELECT `recent`.`user_id`, `recent`.`spent` * ? AS `twice` FROM `recent`) AS `d`, `users` WHERE `d`.`user_id` = `users`.`id` ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann|61.0", "cid|200"]);

    // An unknown CTE column is a typed error.
    assert_eq!(
        recent.try_c("total").unwrap_err(),
        Error::UnknownColumn {
            table: "recent".into(),
            column: "total".into()
        }
    );
}

#[test]
fn cte_built_on_another_cte_comes_after_it() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let recent = select((
        o.c("user_id").label("user_id"),
        func::sum(o.c("total")).label("spent"),
    ))
    .from(o)
    .filter(o.c("status").eq("paid"))
    .group_by(o.c("user_id"))
    .cte("recent");
    let big = select(recent.c("user_id"))
        .from(&recent)
        .filter(recent.c("spent").gt(50))
        .cte("big");
    let stmt = select(u.c("name")).from(u.join(&big, big.c("user_id").eq(u.c("id"))));
    let c = golden(
        &stmt,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = ? GROUP BY "orders"."user_id"), "big" AS (SELECT "recent"."user_id" FROM "recent" WHERE "recent"."spent" > ?) SELECT "users"."name" FROM "users" JOIN "big" ON "big"."user_id" = "users"."id""#,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = $1 GROUP BY "orders"."user_id"), "big" AS (SELECT "recent"."user_id" FROM "recent" WHERE "recent"."spent" > $2) SELECT "users"."name" FROM "users" JOIN "big" ON "big"."user_id" = "users"."id""#,
        "WITH `recent` AS (SELECT `orders`.`user_id` AS `user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` = ? GROUP BY `orders`.`user_id`), `big` AS (SELECT `recent`.`user_id` FROM `recent` WHERE `recent`.`spent` > ?) SELECT `users`.`name` FROM `users` JOIN `big` ON `big`.`user_id` = `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("paid"), Value::Int(50)]
    );
    assert_eq!(query(&db, &c), ["cid"]);

    // Both used directly, the dependent one listed first: still dependency order.
    let stmt = select((big.c("user_id"), recent.c("spent")))
        .from(big.join(&recent, recent.c("user_id").eq(big.c("user_id"))));
    let c = golden(
        &stmt,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = ? GROUP BY "orders"."user_id"), "big" AS (SELECT "recent"."user_id" FROM "recent" WHERE "recent"."spent" > ?) SELECT "big"."user_id", "recent"."spent" FROM "big" JOIN "recent" ON "recent"."user_id" = "big"."user_id""#,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."status" = $1 GROUP BY "orders"."user_id"), "big" AS (SELECT "recent"."user_id" FROM "recent" WHERE "recent"."spent" > $2) SELECT "big"."user_id", "recent"."spent" FROM "big" JOIN "recent" ON "recent"."user_id" = "big"."user_id""#,
        "WITH `recent` AS (SELECT `orders`.`user_id` AS `user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`status` = ? GROUP BY `orders`.`user_id`), `big` AS (SELECT `recent`.`user_id` FROM `recent` WHERE `recent`.`spent` > ?) SELECT `big`.`user_id`, `recent`.`spent` FROM `big` JOIN `recent` ON `recent`.`user_id` = `big`.`user_id`",
    );
    assert_eq!(query(&db, &c), ["3|100"]);

    // Two different queries under one name are refused.
    let other = select(o.c("user_id")).from(o).cte("recent");
    let stmt = select(recent.c("user_id")).from(&recent).from(&other);
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::InvalidStatement(_)
    ));
}

#[test]
fn explicit_with_for_a_cte_used_only_in_where() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let payers = select(o.c("user_id"))
        .from(o)
        .filter(o.c("status").eq("paid"))
        .cte("payers");
    let stmt = select(u.c("name"))
        .from(u)
        .filter(u.c("id").in_(select(payers.c("user_id")).from(&payers)))
        .filter(u.c("id").lt(10))
        .order_by(u.c("id"))
        .with(&payers);
    let c = golden(
        &stmt,
        r#"WITH "payers" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "payers"."user_id" FROM "payers") AND "users"."id" < ? ORDER BY "users"."id""#,
        r#"WITH "payers" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $1) SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "payers"."user_id" FROM "payers") AND "users"."id" < $2 ORDER BY "users"."id""#,
        "WITH `payers` AS (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) SELECT `users`.`name` FROM `users` WHERE `users`.`id` IN (SELECT `payers`.`user_id` FROM `payers`) AND `users`.`id` < ? ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("paid"), Value::Int(10)]
    );
    assert_eq!(query(&db, &c), ["ann", "cid"]);

    // Without with(), the subquery declares it itself: still valid, same rows.
    let stmt = select(u.c("name"))
        .from(u)
        .filter(u.c("id").in_(select(payers.c("user_id")).from(&payers)))
        .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (WITH "payers" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) SELECT "payers"."user_id" FROM "payers") ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (WITH "payers" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $1) SELECT "payers"."user_id" FROM "payers") ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` IN (WITH `payers` AS (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) SELECT `payers`.`user_id` FROM `payers`) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "cid"]);
}

#[test]
fn recursive_cte_counts_one_to_five() {
    let s = schema();
    let db = sqlite_db(&s);
    // The anchor is cast: an untyped parameter would be text on PostgreSQL.
    let nums = Cte::recursive("nums", ["n"], |nums| {
        select(lit(1).cast(SqlType::Integer))
            .union_all(select(nums.c("n") + 1).from(nums).filter(nums.c("n").lt(5)))
    });
    let stmt = select(nums.c("n")).from(&nums).order_by(nums.c("n"));
    let c = golden(
        &stmt,
        r#"WITH RECURSIVE "nums"("n") AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT "nums"."n" + ? FROM "nums" WHERE "nums"."n" < ?) SELECT "nums"."n" FROM "nums" ORDER BY "nums"."n""#,
        r#"WITH RECURSIVE "nums"("n") AS (SELECT CAST($1 AS INTEGER) UNION ALL SELECT "nums"."n" + $2 FROM "nums" WHERE "nums"."n" < $3) SELECT "nums"."n" FROM "nums" ORDER BY "nums"."n""#,
        "WITH RECURSIVE `nums`(`n`) AS (SELECT CAST(? AS SIGNED) UNION ALL SELECT `nums`.`n` + ? FROM `nums` WHERE `nums`.`n` < ?) SELECT `nums`.`n` FROM `nums` ORDER BY `nums`.`n`",
    );
    assert_eq!(c.values().unwrap(), ints(&[1, 1, 5]));
    assert_eq!(query(&db, &c), ["1", "2", "3", "4", "5"]);
    assert_eq!(
        nums.try_c("m").unwrap_err(),
        Error::UnknownColumn {
            table: "nums".into(),
            column: "m".into()
        }
    );
}

#[test]
fn recursive_cte_walks_a_hierarchy() {
    let s = schema();
    let db = sqlite_db(&s);
    // A small org chart beside the seeded tables.
    let mut meta = MetaData::new();
    let staff = meta
        .table("staff", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("boss_id", SqlType::Integer);
            t.column("name", SqlType::string(20)).not_null();
        })
        .unwrap();
    for ddl in meta.create_statements(false).unwrap() {
        execute(&db, &ddl.compile(&Sqlite).unwrap());
    }
    let rows: [(i32, Option<i32>, &str); 6] = [
        (1, None, "ceo"),
        (2, Some(1), "cto"),
        (3, Some(1), "cfo"),
        (4, Some(2), "dev"),
        (5, Some(4), "intern"),
        (6, None, "board"),
    ];
    execute(
        &db,
        &insert(&staff)
            .columns(["id", "boss_id", "name"])
            .rows(rows)
            .compile(&Sqlite)
            .unwrap(),
    );

    // Everyone under the ceo, with their depth and path.
    let chain = Cte::recursive("chain", ["id", "name", "depth", "path"], |chain| {
        select((
            staff.c("id"),
            staff.c("name"),
            lit(0).cast(SqlType::Integer),
            staff.c("name").cast(SqlType::Text),
        ))
        .from(&staff)
        .filter(staff.c("name").eq("ceo"))
        .union_all(
            select((
                staff.c("id"),
                staff.c("name"),
                chain.c("depth") + 1,
                chain.c("path").concat("/").concat(staff.c("name")),
            ))
            .from(staff.join(chain, staff.c("boss_id").eq(chain.c("id")))),
        )
    });
    let stmt = select((chain.c("name"), chain.c("depth"), chain.c("path")))
        .from(&chain)
        .order_by((chain.c("depth"), chain.c("id")));
    let c = golden(
        &stmt,
        r#"WITH RECURSIVE "chain"("id", "name", "depth", "path") AS (SELECT "staff"."id", "staff"."name", CAST(? AS INTEGER), CAST("staff"."name" AS TEXT) FROM "staff" WHERE "staff"."name" = ? UNION ALL SELECT "staff"."id", "staff"."name", "chain"."depth" + ?, "chain"."path" || ? || "staff"."name" FROM "staff" JOIN "chain" ON "staff"."boss_id" = "chain"."id") SELECT "chain"."name", "chain"."depth", "chain"."path" FROM "chain" ORDER BY "chain"."depth", "chain"."id""#,
        r#"WITH RECURSIVE "chain"("id", "name", "depth", "path") AS (SELECT "staff"."id", "staff"."name", CAST($1 AS INTEGER), CAST("staff"."name" AS TEXT) FROM "staff" WHERE "staff"."name" = $2 UNION ALL SELECT "staff"."id", "staff"."name", "chain"."depth" + $3, "chain"."path" || $4 || "staff"."name" FROM "staff" JOIN "chain" ON "staff"."boss_id" = "chain"."id") SELECT "chain"."name", "chain"."depth", "chain"."path" FROM "chain" ORDER BY "chain"."depth", "chain"."id""#,
        "WITH RECURSIVE `chain`(`id`, `name`, `depth`, `path`) AS (SELECT `staff`.`id`, `staff`.`name`, CAST(? AS SIGNED), CAST(`staff`.`name` AS CHAR(16777215)) FROM `staff` WHERE `staff`.`name` = ? UNION ALL SELECT `staff`.`id`, `staff`.`name`, `chain`.`depth` + ?, concat(`chain`.`path`, ?, `staff`.`name`) FROM `staff` JOIN `chain` ON `staff`.`boss_id` = `chain`.`id`) SELECT `chain`.`name`, `chain`.`depth`, `chain`.`path` FROM `chain` ORDER BY `chain`.`depth`, `chain`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::Int(0),
            Value::from("ceo"),
            Value::Int(1),
            Value::from("/")
        ]
    );
    assert_eq!(
        query(&db, &c),
        [
            "ceo|0|ceo",
            "cto|1|ceo/cto",
            "cfo|1|ceo/cfo",
            "dev|2|ceo/cto/dev",
            "intern|3|ceo/cto/dev/intern",
        ]
    );
}

#[test]
fn set_operations_union_intersect_except() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    // us = {1, 2}; paid = {1, 1, 3} (user ids of paid orders)
    let us = || select(u.c("id")).from(u).filter(u.c("country").eq("US"));
    let paid = || {
        select(o.c("user_id"))
            .from(o)
            .filter(o.c("status").eq("paid"))
    };

    // SQLite gets the result column's position: it would resolve a bare name in
    // the first member's FROM, and refuse it there when ambiguous.
    let c = golden(
        &us().union(paid()).order_by(column("id")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? ORDER BY 1"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 ORDER BY "id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? ORDER BY `id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("US"), Value::from("paid")]
    );
    assert_eq!(query(&db, &c), ["1", "2", "3"]);

    // A table's column in the ORDER BY: PostgreSQL and MySQL refuse a qualified
    // name there, so the first member's column is named by its position.
    let c = golden(
        &us().union(paid()).order_by(u.c("id").desc()),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? ORDER BY 1 DESC"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 ORDER BY 1 DESC"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? ORDER BY 1 DESC",
    );
    assert_eq!(query(&db, &c), ["3", "2", "1"]);
    // ... labelled or not (a column the first member does not select stays as
    // written: the engine decides).
    let c = golden(
        &select((u.c("country"), u.c("id").label("uid")))
            .from(u)
            .filter(u.c("id").lt(4))
            .union(select((u.c("country"), u.c("id"))).from(u).filter(u.c("id").gt(2)))
            .order_by((u.c("country"), u.c("id").desc())),
        r#"SELECT "users"."country", "users"."id" AS "uid" FROM "users" WHERE "users"."id" < ? UNION SELECT "users"."country", "users"."id" FROM "users" WHERE "users"."id" > ? ORDER BY 1, 2 DESC"#,
        r#"SELECT "users"."country", "users"."id" AS "uid" FROM "users" WHERE "users"."id" < $1 UNION SELECT "users"."country", "users"."id" FROM "users" WHERE "users"."id" > $2 ORDER BY 1, 2 DESC"#,
        "SELECT `users`.`country`, `users`.`id` AS `uid` FROM `users` WHERE `users`.`id` < ? UNION SELECT `users`.`country`, `users`.`id` FROM `users` WHERE `users`.`id` > ? ORDER BY 1, 2 DESC",
    );
    assert_eq!(query(&db, &c), ["DE|5", "FR|4", "FR|3", "US|2", "US|1"]);

    let c = golden(
        &us().union_all(paid()).order_by(column("id")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION ALL SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? ORDER BY 1"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION ALL SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 ORDER BY "id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION ALL SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? ORDER BY `id`",
    );
    assert_eq!(query(&db, &c), ["1", "1", "1", "2", "3"]);

    let c = golden(
        &us().intersect(paid()),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? INTERSECT SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 INTERSECT SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? INTERSECT SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?",
    );
    assert_eq!(query(&db, &c), ["1"]);

    let c = golden(
        &us().except(paid()),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? EXCEPT SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 EXCEPT SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? EXCEPT SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?",
    );
    assert_eq!(query(&db, &c), ["2"]);

    // The compound's own ORDER BY / LIMIT / OFFSET apply to the whole result.
    let c = golden(
        &us().union(paid()).order_by(column("id").desc()).limit(2).offset(1),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? ORDER BY 1 DESC LIMIT ? OFFSET ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 ORDER BY "id" DESC LIMIT $3 OFFSET $4"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? ORDER BY `id` DESC LIMIT ? OFFSET ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("US"),
            Value::from("paid"),
            Value::Int(2),
            Value::Int(1)
        ]
    );
    assert_eq!(query(&db, &c), ["2", "1"]);

    let c = golden(
        &us().union_all(paid()).order_by(column("id")).offset(3),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION ALL SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? ORDER BY 1 LIMIT -1 OFFSET ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION ALL SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 ORDER BY "id" OFFSET $3"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION ALL SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? ORDER BY `id` LIMIT 18446744073709551615 OFFSET ?",
    );
    assert_eq!(query(&db, &c), ["2", "3"]);

    // Three members with one operator chain left to right.
    let fr = || select(u.c("id")).from(u).filter(u.c("country").eq("FR"));
    let c = golden(
        &us().union(paid()).union(fr()).order_by(column("id")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? UNION SELECT "users"."id" FROM "users" WHERE "users"."country" = ? ORDER BY 1"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 UNION SELECT "users"."id" FROM "users" WHERE "users"."country" = $3 ORDER BY "id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? ORDER BY `id`",
    );
    assert_eq!(query(&db, &c), ["1", "2", "3", "4"]);
    // The first member joins users and orders, so "id" is ambiguous in its FROM:
    // SQLite refused a bare ORDER BY "id" there; its position orders the same
    // rows as a labelled column does.
    let joined = || {
        select(u.c("id"))
            .from(u.join(o, o.c("user_id").eq(u.c("id"))))
            .union(paid())
    };
    let c = golden(
        &joined().order_by(column("id").desc()),
        r#"SELECT "users"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? ORDER BY 1 DESC"#,
        r#"SELECT "users"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $1 ORDER BY "id" DESC"#,
        "SELECT `users`.`id` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? ORDER BY `id` DESC",
    );
    let labelled = select(u.c("id").label("id"))
        .from(u.join(o, o.c("user_id").eq(u.c("id"))))
        .union(paid())
        .order_by(column("id").desc())
        .compile(&Sqlite)
        .unwrap();
    let rows = query(&db, &c);
    assert!(!rows.is_empty());
    assert_eq!(rows, query(&db, &labelled));
}

#[test]
fn in_a_subquery_with_limit_is_a_derived_table_on_mysql() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let top_two = || {
        select(u.c("id"))
            .from(u)
            .order_by(u.c("id").desc())
            .limit(2)
    };
    let c = golden(
        &select(u.c("id"))
            .from(u)
            .filter(u.c("id").in_(top_two()))
            .order_by(u.c("id")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "users"."id" FROM "users" ORDER BY "users"."id" DESC LIMIT ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "users"."id" FROM "users" ORDER BY "users"."id" DESC LIMIT $1) ORDER BY "users"."id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (SELECT * FROM (SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` DESC LIMIT ?) AS `anon_1`) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["4", "5"]);

    // OFFSET alone, NOT IN, and a set operation with a LIMIT of its own; a
    // subquery without either is left as it is.
    let c = golden(
        &select(u.c("id"))
            .from(u)
            .filter(u.c("id").not_in(select(u.c("id")).from(u).order_by(u.c("id")).offset(2)))
            .filter(u.c("id").in_(
                select(u.c("id")).from(u).union(select(u.c("id")).from(u)).limit(4),
            ))
            .filter(u.c("id").in_(select(u.c("id")).from(u))),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" NOT IN (SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT -1 OFFSET ?) AND "users"."id" IN (SELECT "users"."id" FROM "users" UNION SELECT "users"."id" FROM "users" LIMIT ?) AND "users"."id" IN (SELECT "users"."id" FROM "users")"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" NOT IN (SELECT "users"."id" FROM "users" ORDER BY "users"."id" OFFSET $1) AND "users"."id" IN (SELECT "users"."id" FROM "users" UNION SELECT "users"."id" FROM "users" LIMIT $2) AND "users"."id" IN (SELECT "users"."id" FROM "users")"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` NOT IN (SELECT * FROM (SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT 18446744073709551615 OFFSET ?) AS `anon_1`) AND `users`.`id` IN (SELECT * FROM (SELECT `users`.`id` FROM `users` UNION SELECT `users`.`id` FROM `users` LIMIT ?) AS `anon_2`) AND `users`.`id` IN (SELECT `users`.`id` FROM `users`)",
    );
    assert_eq!(query(&db, &c), ["1", "2"]);
}

#[test]
fn intersect_all_and_except_all_are_refused_by_sqlite() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let buyers = || select(o.c("user_id")).from(o);
    let us = || select(u.c("id")).from(u).filter(u.c("country").eq("US"));

    let stmt = buyers().intersect_all(us());
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::Unsupported {
            dialect: "sqlite",
            ..
        }
    ));
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "orders"."user_id" FROM "orders" INTERSECT ALL SELECT "users"."id" FROM "users" WHERE "users"."country" = $1"#
    );
    assert_eq!(
        stmt.compile(&MySql::mariadb()).unwrap().sql,
        "SELECT `orders`.`user_id` FROM `orders` INTERSECT ALL SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ?"
    );

    let stmt = buyers().except_all(us());
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::Unsupported {
            dialect: "sqlite",
            ..
        }
    ));
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "orders"."user_id" FROM "orders" EXCEPT ALL SELECT "users"."id" FROM "users" WHERE "users"."country" = $1"#
    );
    assert_eq!(
        stmt.compile(&MySql::mariadb()).unwrap().sql,
        "SELECT `orders`.`user_id` FROM `orders` EXCEPT ALL SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ?"
    );

    // Appended to an existing compound as well.
    let stmt = buyers().union(us()).except_all(us());
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::Unsupported {
            dialect: "sqlite",
            ..
        }
    ));
    let stmt = buyers().union(us()).intersect_all(us());
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::Unsupported {
            dialect: "sqlite",
            ..
        }
    ));

    // The distinct forms do run on SQLite.
    let c = golden(
        &buyers().except(us()).order_by(column("user_id")),
        r#"SELECT "orders"."user_id" FROM "orders" EXCEPT SELECT "users"."id" FROM "users" WHERE "users"."country" = ? ORDER BY 1"#,
        r#"SELECT "orders"."user_id" FROM "orders" EXCEPT SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 ORDER BY "user_id""#,
        "SELECT `orders`.`user_id` FROM `orders` EXCEPT SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? ORDER BY `user_id`",
    );
    assert_eq!(query(&db, &c), ["3", "4"]);
}

#[test]
fn compound_members_with_their_own_order_by_and_limit() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let last = select(u.c("id"))
        .from(u)
        .order_by(u.c("id").desc())
        .limit(1);
    let first = select(u.c("id")).from(u).order_by(u.c("id")).limit(1);
    let stmt = last.union(first).order_by(column("id"));
    let c = golden(
        &stmt,
        r#"SELECT * FROM (SELECT "users"."id" FROM "users" ORDER BY "users"."id" DESC LIMIT ?) AS "anon_1" UNION SELECT * FROM (SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT ?) AS "anon_2" ORDER BY 1"#,
        r#"(SELECT "users"."id" FROM "users" ORDER BY "users"."id" DESC LIMIT $1) UNION (SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT $2) ORDER BY "id""#,
        "(SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` DESC LIMIT ?) UNION (SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ?) ORDER BY `id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[1, 1]));
    assert_eq!(query(&db, &c), ["1", "5"]);

    // Only the member that needs it is wrapped; OFFSET alone counts too.
    let skip = select(u.c("id")).from(u).order_by(u.c("id")).offset(3);
    let stmt = select(u.c("id"))
        .from(u)
        .filter(u.c("id").eq(1))
        .union_all(skip)
        .order_by(column("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ? UNION ALL SELECT * FROM (SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT -1 OFFSET ?) AS "anon_1" ORDER BY 1"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 UNION ALL (SELECT "users"."id" FROM "users" ORDER BY "users"."id" OFFSET $2) ORDER BY "id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? UNION ALL (SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT 18446744073709551615 OFFSET ?) ORDER BY `id`",
    );
    assert_eq!(query(&db, &c), ["1", "4", "5"]);
}

#[test]
fn set_operation_members_of_different_widths_are_refused() {
    let s = schema();
    let (u, o) = (&s.users, &s.orders);
    let one = select(u.c("id")).from(u);
    let two = select((o.c("id"), o.c("user_id"))).from(o);
    // Every engine refuses such SQL; the message says what differs, also for
    // a later member of a chain and one nested in an expression.
    type Build<'a> = Box<dyn Fn(&dyn sqlcraft::Dialect) -> sqlcraft::Result<Compiled> + 'a>;
    let stmts: [Build; 3] = [
        Box::new(|d| one.clone().union(two.clone()).compile(d)),
        Box::new(|d| {
            one.clone()
                .union_all(select(o.c("id")).from(o))
                .except(two.clone())
                .compile(d)
        }),
        Box::new(|d| {
            select(u.c("name"))
                .from(u)
                .filter(
                    u.c("id")
                        .in_(select(o.c("user_id")).from(o).union(two.clone())),
                )
                .compile(d)
        }),
    ];
    for build in &stmts {
        for d in [
            &Postgres as &dyn sqlcraft::Dialect,
            &Sqlite,
            &MySql::mariadb(),
        ] {
            let err = build(d).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidStatement(m) if m.contains("1 and 2")),
                "{}: {err:?}",
                d.name()
            );
        }
    }
    // A `*` may stand for any number of columns: left to the engine.
    let c = golden(
        &one.clone().union(select(Expr::Star(None)).from(o)),
        r#"SELECT "users"."id" FROM "users" UNION SELECT * FROM "orders""#,
        r#"SELECT "users"."id" FROM "users" UNION SELECT * FROM "orders""#,
        "SELECT `users`.`id` FROM `users` UNION SELECT * FROM `orders`",
    );
    assert!(c.params.is_empty());
}

#[test]
fn nested_compound_members_are_grouped() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let o = &s.orders;
    // us = {1, 2}; paid = {1, 3}; us_again = {1, 2}
    let us = || select(u.c("id")).from(u).filter(u.c("country").eq("US"));
    let paid = || {
        select(o.c("user_id"))
            .from(o)
            .filter(o.c("status").eq("paid"))
    };
    // us UNION (paid EXCEPT us) = {1, 2} ∪ {3} = {1, 2, 3};
    // read left to right it would be ({1, 2, 3}) EXCEPT {1, 2} = {3}.
    let stmt = us().union(paid().except(us())).order_by(column("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT * FROM (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ? EXCEPT SELECT "users"."id" FROM "users" WHERE "users"."country" = ?) AS "anon_1" ORDER BY 1"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2 EXCEPT SELECT "users"."id" FROM "users" WHERE "users"."country" = $3) ORDER BY "id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ? EXCEPT SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ?) ORDER BY `id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("US"), Value::from("paid"), Value::from("US")]
    );
    assert_eq!(query(&db, &c), ["1", "2", "3"]);

    // A compound as a derived table and as an IN subquery.
    let both = us().union(paid()).subquery("both_ids");
    let c = golden(
        &select(func::count_star()).from(&both),
        r#"SELECT count(*) AS "count_1" FROM (SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) AS "both_ids""#,
        r#"SELECT count(*) AS "count_1" FROM (SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2) AS "both_ids""#,
        "SELECT count(*) AS `count_1` FROM (SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) AS `both_ids`",
    );
    assert_eq!(query(&db, &c), ["3"]);
    // Its columns are named after the first member's.
    assert_eq!(
        both.try_c("user_id").unwrap_err(),
        Error::UnknownColumn {
            table: "both_ids".into(),
            column: "user_id".into()
        }
    );
    let c = golden(
        &select(u.c("name"))
            .from(u)
            .filter(u.c("id").not_in(Query::from(us().union(paid()))))
            .order_by(u.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` NOT IN (SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["dee", "Eve"]);
}

#[test]
fn mixed_set_operators_apply_left_to_right_on_every_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    // a = {1, 2}; b = {3}; c = {1, 3}. The chain reads (a UNION b) INTERSECT c = {1, 3}.
    // PostgreSQL and MariaDB bind INTERSECT tighter than UNION, so the flat text
    // gives a UNION (b INTERSECT c) = {1, 2, 3} there; SQLite reads left to right.
    // The left part must be grouped where the engine would regroup it.
    let a = select(u.c("id")).from(u).filter(u.c("country").eq("US"));
    let b = select(u.c("id")).from(u).filter(u.c("id").eq(3));
    let c3 = select(u.c("id")).from(u).filter(u.c("id").in_([1, 3]));
    let stmt = a.union(b).intersect(c3).order_by(column("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."country" = ? UNION SELECT "users"."id" FROM "users" WHERE "users"."id" = ? INTERSECT SELECT "users"."id" FROM "users" WHERE "users"."id" IN (?, ?) ORDER BY 1"#,
        r#"(SELECT "users"."id" FROM "users" WHERE "users"."country" = $1 UNION SELECT "users"."id" FROM "users" WHERE "users"."id" = $2) INTERSECT SELECT "users"."id" FROM "users" WHERE "users"."id" IN ($3, $4) ORDER BY "id""#,
        "(SELECT `users`.`id` FROM `users` WHERE `users`.`country` = ? UNION SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?) INTERSECT SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (?, ?) ORDER BY `id`",
    );
    assert_eq!(query(&db, &c), ["1", "3"]);
}

#[test]
fn select_without_from() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select(lit(1)),
        "SELECT ? AS \"anon_1\"",
        "SELECT CAST($1 AS BIGINT) AS \"anon_1\"",
        "SELECT ? AS `anon_1`",
    );
    assert_eq!(c.values().unwrap(), ints(&[1]));
    assert_eq!(query(&db, &c), ["1"]);

    let c = golden(
        // (Cast: PostgreSQL cannot type `$1 * $2` on its own.)
        &select((lit(6).cast(SqlType::Integer) * 7).label("answer")),
        r#"SELECT CAST(? AS INTEGER) * ? AS "answer""#,
        r#"SELECT CAST($1 AS INTEGER) * $2 AS "answer""#,
        "SELECT CAST(? AS SIGNED) * ? AS `answer`",
    );
    assert_eq!(query(&db, &c), ["42"]);

    // WHERE without FROM: MySQL/MariaDB need FROM DUAL.
    let c = golden(
        &select(lit(1).label("one")).filter(lit(2).gt(1)),
        r#"SELECT ? AS "one" WHERE ? > ?"#,
        r#"SELECT CAST($1 AS BIGINT) AS "one" WHERE CAST($2 AS BIGINT) > CAST($3 AS BIGINT)"#,
        "SELECT ? AS `one` FROM DUAL WHERE ? > ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[1, 2, 1]));
    assert_eq!(query(&db, &c), ["1"]);
    assert_eq!(query(&db, &with_values(&c, ints(&[1, 0, 1]))), no_rows());

    // A scalar subquery needs no FROM of its own.
    let c = golden(
        &select(
            select(func::count_star())
                .from(&s.users)
                .scalar_subquery()
                .label("n"),
        ),
        r#"SELECT (SELECT count(*) FROM "users") AS "n""#,
        r#"SELECT (SELECT count(*) FROM "users") AS "n""#,
        "SELECT (SELECT count(*) FROM `users`) AS `n`",
    );
    assert_eq!(query(&db, &c), ["5"]);
}

#[test]
fn text_statements_with_named_parameters() {
    let s = schema();
    let db = sqlite_db(&s);

    // Bound: the value becomes a parameter, the text stays verbatim.
    let t = text("SELECT name FROM users WHERE id = :id").bind("id", 2);
    let c = golden(
        &t,
        "SELECT name FROM users WHERE id = ?",
        "SELECT name FROM users WHERE id = $1",
        "SELECT name FROM users WHERE id = ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[2]));
    assert_eq!(query(&db, &c), ["bob"]);

    // Unbound: named parameters supplied at execution.
    let t = text("SELECT name FROM users WHERE country = :country AND id > :min ORDER BY id");
    assert_eq!(t.param_names().collect::<Vec<_>>(), ["country", "min"]);
    let c = golden(
        &t,
        "SELECT name FROM users WHERE country = ? AND id > ? ORDER BY id",
        "SELECT name FROM users WHERE country = $1 AND id > $2 ORDER BY id",
        "SELECT name FROM users WHERE country = ? AND id > ? ORDER BY id",
    );
    assert_eq!(
        c.params,
        vec![Param::Named("country".into()), Param::Named("min".into())]
    );
    assert_eq!(
        c.values().unwrap_err(),
        Error::MissingBindParam {
            name: "country".into()
        }
    );
    let values = c
        .bind(&[("min", Value::Int(0)), ("country", Value::from("FR"))])
        .unwrap();
    assert_eq!(values, vec![Value::from("FR"), Value::Int(0)]);
    assert_eq!(query(&db, &with_values(&c, values)), ["cid", "dee"]);

    // Partly bound: the rest stay named.
    let c = t.clone().bind("country", "US").compile(&Postgres).unwrap();
    assert_eq!(
        c.params,
        vec![Param::Value(Value::from("US")), Param::Named("min".into())]
    );

    // A repeated name is one placeholder per occurrence, each with the value.
    let t = text("SELECT :x + 0 + :x, :x * 2").bind("x", 3);
    assert_eq!(t.param_names().collect::<Vec<_>>(), ["x", "x", "x"]);
    let c = golden(
        &t,
        "SELECT ? + 0 + ?, ? * 2",
        "SELECT $1 + 0 + $2, $3 * 2",
        "SELECT ? + 0 + ?, ? * 2",
    );
    assert_eq!(c.values().unwrap(), ints(&[3, 3, 3]));
    assert_eq!(query(&db, &c), ["6|6"]);

    // Colons inside quotes, quoted identifiers and comments are not parameters.
    let t = text(
        "SELECT ':not_a_param', \"a:b\" FROM (SELECT 1 AS \"a:b\") AS t /* :c */ WHERE 1 = :one -- :d",
    )
    .bind("one", 1);
    assert_eq!(t.param_names().collect::<Vec<_>>(), ["one"]);
    let c = golden(
        &t,
        "SELECT ':not_a_param', \"a:b\" FROM (SELECT 1 AS \"a:b\") AS t /* :c */ WHERE 1 = ? -- :d",
        "SELECT ':not_a_param', \"a:b\" FROM (SELECT 1 AS \"a:b\") AS t /* :c */ WHERE 1 = $1 -- :d",
        "SELECT ':not_a_param', \"a:b\" FROM (SELECT 1 AS \"a:b\") AS t /* :c */ WHERE 1 = ? -- :d",
    );
    assert_eq!(query(&db, &c), [":not_a_param|1"]);

    // PostgreSQL `::` casts are left alone (this text is PostgreSQL SQL, so it is
    // only compiled; `::` means nothing to SQLite).
    let t = text("SELECT :v::integer + 1, 'x'::text").bind("v", 41);
    assert_eq!(t.param_names().collect::<Vec<_>>(), ["v"]);
    let c = t.compile(&Postgres).unwrap();
    assert_eq!(c.sql, "SELECT $1::integer + 1, 'x'::text");
    assert_eq!(c.values().unwrap(), ints(&[41]));
    assert_eq!(
        t.compile(&Sqlite).unwrap().sql,
        "SELECT ?::integer + 1, 'x'::text"
    );

    // Binding a name the text does not have, and broken text, are typed errors.
    let t = text("SELECT name FROM users WHERE id = :id").bind("idd", 1);
    assert_eq!(
        compile_err(&t, &Sqlite),
        Error::UnknownBindParam { name: "idd".into() }
    );
    let t = text("SELECT 'unterminated FROM users WHERE id = :id");
    assert!(matches!(compile_err(&t, &Postgres), Error::InvalidText(_)));
}

#[test]
fn empty_select_list_is_an_invalid_statement() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select(Vec::<Expr>::new()).from(&s.users);
    for err in [
        compile_err(&stmt, &Sqlite),
        compile_err(&stmt, &Postgres),
        compile_err(&stmt, &MySql::mariadb()),
    ] {
        assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
    }
    // Also as a subquery somewhere inside.
    let stmt = select(s.users.c("id"))
        .from(&s.users)
        .filter(exists(select(Vec::<Expr>::new()).from(&s.orders)));
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::InvalidStatement(_)
    ));
    // Adding a column makes it valid.
    let c = golden(
        &select(Vec::<Expr>::new())
            .columns(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").eq(5)),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["5"]);
}

#[test]
fn select_join_without_from_joins_onto_the_table_the_columns_use_or_is_an_invalid_statement() {
    let s = schema();
    let db = sqlite_db(&s);
    let on = || s.orders.c("user_id").eq(s.users.c("id"));
    let inferred = [
        (
            select(s.users.c("id")).join(&s.orders, on()),
            r#"SELECT "users"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id""#,
        ),
        (
            select(s.users.c("id")).left_join(&s.orders, on()),
            r#"SELECT "users"."id" FROM "users" LEFT OUTER JOIN "orders" ON "orders"."user_id" = "users"."id""#,
        ),
        (
            select(s.users.c("id")).cross_join(&s.orders),
            r#"SELECT "users"."id" FROM "users" CROSS JOIN "orders""#,
        ),
    ];
    for ((stmt, postgres), rows) in inferred.into_iter().zip([6, 7, 30]) {
        assert_eq!(stmt.compile(&Postgres).unwrap().sql, postgres);
        assert_eq!(query(&db, &stmt.compile(&Sqlite).unwrap()).len(), rows);
    }
    // Only the joined table's columns: nothing to join it to, on any dialect.
    for stmt in [
        select(s.orders.c("id")).join(&s.orders, on()),
        select(s.orders.c("id")).cross_join(&s.orders),
    ] {
        for err in [
            compile_err(&stmt, &Sqlite),
            compile_err(&stmt, &Postgres),
            compile_err(&stmt, &MySql::mariadb()),
        ] {
            assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
        }
    }
    // A later from() does not repair it: the mistake is still reported.
    let stmt = select(s.orders.c("id"))
        .join(&s.orders, on())
        .from(&s.users);
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::InvalidStatement(_)
    ));
    // With from() first it works.
    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.users)
            .join(&s.orders, on())
            .filter(s.users.c("name").eq("bob")),
        r#"SELECT "orders"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."name" = ?"#,
        r#"SELECT "orders"."id" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."name" = $1"#,
        "SELECT `orders`.`id` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `users`.`name` = ?",
    );
    assert_eq!(query(&db, &c), ["3"]);
}

#[test]
fn benchmark_b1_point_select() {
    let s = schema();
    let db = sqlite_db(&s);
    let users = &s.users;
    let stmt = select((users.c("id"), users.c("name")))
        .from(users)
        .filter(users.c("id").eq(3));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[3]));
    assert_eq!(query(&db, &c), ["3|cid"]);
    assert_eq!(query(&db, &with_values(&c, ints(&[5]))), ["5|Eve"]);
    assert_eq!(query(&db, &with_values(&c, ints(&[99]))), no_rows());
}

#[test]
fn benchmark_b2_report_query() {
    let s = schema();
    let db = sqlite_db(&s);
    let (users, orders, addresses) = (&s.users, &s.orders, &s.addresses);
    let order_count = func::count(orders.c("id")).label("order_count");
    let revenue = func::sum(orders.c("total")).label("revenue");
    let stmt = select((
        users.c("id"),
        users.c("name"),
        users.c("email"),
        order_count.clone(),
        revenue.clone(),
        addresses.c("city"),
    ))
    .from(
        users
            .join(orders, orders.c("user_id").eq(users.c("id")))
            .left_join(addresses, addresses.c("user_id").eq(users.c("id"))),
    )
    .filter(
        users
            .c("status")
            .in_(["gold", "silver", "bronze", "platinum", "diamond"]),
    )
    .filter(
        users
            .c("name")
            .like("%o%")
            .or(users.c("email").like("%@x.io")),
    )
    .filter(orders.c("created_at").ge("2024-06-01 00:00:00"))
    .filter(orders.c("total").gt(5))
    .group_by((
        users.c("id"),
        users.c("name"),
        users.c("email"),
        addresses.c("city"),
    ))
    .having(order_count.expr().gt(1))
    .order_by((revenue.desc(), users.c("name").asc()))
    .limit(10)
    .offset(0);
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."name", "users"."email", count("orders"."id") AS "order_count", sum("orders"."total") AS "revenue", "addresses"."city" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" WHERE "users"."status" IN (?, ?, ?, ?, ?) AND ("users"."name" LIKE ? OR "users"."email" LIKE ?) AND "orders"."created_at" >= ? AND "orders"."total" > ? GROUP BY "users"."id", "users"."name", "users"."email", "addresses"."city" HAVING count("orders"."id") > ? ORDER BY "revenue" DESC, "users"."name" ASC LIMIT ? OFFSET ?"#,
        r#"SELECT "users"."id", "users"."name", "users"."email", count("orders"."id") AS "order_count", sum("orders"."total") AS "revenue", "addresses"."city" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" WHERE "users"."status" IN ($1, $2, $3, $4, $5) AND ("users"."name" LIKE $6 OR "users"."email" LIKE $7) AND "orders"."created_at" >= $8 AND "orders"."total" > $9 GROUP BY "users"."id", "users"."name", "users"."email", "addresses"."city" HAVING count("orders"."id") > $10 ORDER BY "revenue" DESC, "users"."name" ASC LIMIT $11 OFFSET $12"#,
        "SELECT `users`.`id`, `users`.`name`, `users`.`email`, count(`orders`.`id`) AS `order_count`, sum(`orders`.`total`) AS `revenue`, `addresses`.`city` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` LEFT OUTER JOIN `addresses` ON `addresses`.`user_id` = `users`.`id` WHERE `users`.`status` IN (?, ?, ?, ?, ?) AND (`users`.`name` LIKE ? OR `users`.`email` LIKE ?) AND `orders`.`created_at` >= ? AND `orders`.`total` > ? GROUP BY `users`.`id`, `users`.`name`, `users`.`email`, `addresses`.`city` HAVING count(`orders`.`id`) > ? ORDER BY `revenue` DESC, `users`.`name` ASC LIMIT ? OFFSET ?",
    );
    let mut values: Vec<Value> = [
        "gold", "silver", "bronze", "platinum", "diamond", "%o%", "%@x.io",
    ]
    .into_iter()
    .map(Value::from)
    .collect();
    values.extend([
        Value::from("2024-06-01 00:00:00"),
        Value::Int(5),
        Value::Int(1),
        Value::Int(10),
        Value::Int(0),
    ]);
    assert_eq!(c.values().unwrap(), values);
    // ann (email), bob (name) and dee (email, but NULL status) pass the LIKEs;
    // bob has one order, so HAVING > 1 keeps ann alone.
    assert_eq!(query(&db, &c), ["1|ann|ann@x.io|2|30.5|Paris"]);

    // The same statement with HAVING > 0: bob is back, after ann by revenue;
    // then a page of one row at offset 1.
    values[9] = Value::Int(0);
    assert_eq!(
        query(&db, &with_values(&c, values.clone())),
        ["1|ann|ann@x.io|2|30.5|Paris", "2|bob|NULL|1|5.25|NULL"]
    );
    values[10] = Value::Int(1);
    values[11] = Value::Int(1);
    assert_eq!(
        query(&db, &with_values(&c, values.clone())),
        ["2|bob|NULL|1|5.25|NULL"]
    );
    // total > 6 drops bob's only order (5.25).
    values[8] = Value::Int(6);
    values[11] = Value::Int(0);
    assert_eq!(
        query(&db, &with_values(&c, values)),
        ["1|ann|ann@x.io|2|30.5|Paris"]
    );
}

#[test]
fn benchmark_b5_analytic_query() {
    let s = schema();
    let db = sqlite_db(&s);
    let (users, orders, addresses) = (&s.users, &s.orders, &s.addresses);
    let recent = select((
        orders.c("user_id").label("user_id"),
        func::sum(orders.c("total")).label("spent"),
    ))
    .from(orders)
    .filter(orders.c("created_at").ge("2024-06-01 00:00:00"))
    .group_by(orders.c("user_id"))
    .cte("recent");
    let tier = case()
        .when(recent.c("spent").gt(50), "high")
        .when(recent.c("spent").gt(10), "mid")
        .else_("low")
        .label("tier");
    let country_rank = func::rank()
        .over(
            WindowSpec::new()
                .partition_by(users.c("country"))
                .order_by(recent.c("spent").desc()),
        )
        .label("country_rank");
    let stmt = select((
        users.c("id"),
        users.c("name"),
        recent.c("spent"),
        tier,
        country_rank.clone(),
    ))
    .from(users.join(&recent, recent.c("user_id").eq(users.c("id"))))
    .filter(exists(
        select(Expr::from(text("1"))).from(addresses).filter(
            addresses
                .c("user_id")
                .eq(users.c("id"))
                .and(addresses.c("city").eq("Paris")),
        ),
    ))
    .order_by(country_rank.reference());
    let c = golden(
        &stmt,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."created_at" >= ? GROUP BY "orders"."user_id") SELECT "users"."id", "users"."name", "recent"."spent", CASE WHEN "recent"."spent" > ? THEN ? WHEN "recent"."spent" > ? THEN ? ELSE ? END AS "tier", rank() OVER (PARTITION BY "users"."country" ORDER BY "recent"."spent" DESC) AS "country_rank" FROM "users" JOIN "recent" ON "recent"."user_id" = "users"."id" WHERE EXISTS (SELECT 1 FROM "addresses" WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = ?) ORDER BY "country_rank""#,
        r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", sum("orders"."total") AS "spent" FROM "orders" WHERE "orders"."created_at" >= $1 GROUP BY "orders"."user_id") SELECT "users"."id", "users"."name", "recent"."spent", CASE WHEN "recent"."spent" > $2 THEN $3 WHEN "recent"."spent" > $4 THEN $5 ELSE $6 END AS "tier", rank() OVER (PARTITION BY "users"."country" ORDER BY "recent"."spent" DESC) AS "country_rank" FROM "users" JOIN "recent" ON "recent"."user_id" = "users"."id" WHERE EXISTS (SELECT 1 FROM "addresses" WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = $7) ORDER BY "country_rank""#,
        "WITH `recent` AS (SELECT `orders`.`user_id` AS `user_id`, sum(`orders`.`total`) AS `spent` FROM `orders` WHERE `orders`.`created_at` >= ? GROUP BY `orders`.`user_id`) SELECT `users`.`id`, `users`.`name`, `recent`.`spent`, CASE WHEN `recent`.`spent` > ? THEN ? WHEN `recent`.`spent` > ? THEN ? ELSE ? END AS `tier`, rank() OVER (PARTITION BY `users`.`country` ORDER BY `recent`.`spent` DESC) AS `country_rank` FROM `users` JOIN `recent` ON `recent`.`user_id` = `users`.`id` WHERE EXISTS (SELECT 1 FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id` AND `addresses`.`city` = ?) ORDER BY `country_rank`",
    );
    let mut values = vec![
        Value::from("2024-06-01 00:00:00"),
        Value::Int(50),
        Value::from("high"),
        Value::Int(10),
        Value::from("mid"),
        Value::from("low"),
        Value::from("Paris"),
    ];
    assert_eq!(c.values().unwrap(), values);
    // recent: u1 30.5, u2 5.25, u3 100, u4 7; only ann lives in Paris.
    assert_eq!(query(&db, &c), ["1|ann|30.5|mid|1"]);
    values[6] = Value::from("Lyon");
    assert_eq!(
        query(&db, &with_values(&c, values.clone())),
        ["3|cid|100|high|1"]
    );
    // A later cut-off leaves cid with nothing recent: no row.
    values[0] = Value::from("2024-06-05 00:00:01");
    assert_eq!(query(&db, &with_values(&c, values)), no_rows());
}

#[test]
fn two_different_ctes_with_one_name_are_refused_in_nested_scopes_too() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let paid = select(o.c("user_id"))
        .from(o)
        .filter(o.c("status").eq("paid"))
        .cte("x");
    let fresh = select(o.c("user_id"))
        .from(o)
        .filter(o.c("status").eq("new"))
        .cte("x");
    // Same level: refused, as documented.
    let stmt = select(paid.c("user_id")).from(&paid).from(&fresh);
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::InvalidStatement(_)
    ));
    // Nested in a WHERE subquery: today the inner "x" (status = 'new') is dropped
    // and the subquery reads the outer "x" (status = 'paid') instead, giving other
    // rows with no error. It must be refused the same way.
    let stmt = select(u.c("name"))
        .from(u.join(&paid, paid.c("user_id").eq(u.c("id"))))
        .filter(u.c("id").in_(select(fresh.c("user_id")).from(&fresh)));
    for err in [
        compile_err(&stmt, &Sqlite),
        compile_err(&stmt, &Postgres),
        compile_err(&stmt, &MySql::mariadb()),
    ] {
        assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
    }
    let stmt = select(u.c("name"))
        .from(u)
        .filter(u.c("id").in_(select(fresh.c("user_id")).from(&fresh)))
        .with(&paid);
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::InvalidStatement(_)
    ));
    // The same CTE object nested twice is fine and declared once.
    let c = golden(
        &select(u.c("name"))
            .from(u.join(&paid, paid.c("user_id").eq(u.c("id"))))
            .filter(u.c("id").in_(select(paid.c("user_id")).from(&paid)))
            .order_by(u.c("id")),
        r#"WITH "x" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) SELECT "users"."name" FROM "users" JOIN "x" ON "x"."user_id" = "users"."id" WHERE "users"."id" IN (SELECT "x"."user_id" FROM "x") ORDER BY "users"."id""#,
        r#"WITH "x" AS (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $1) SELECT "users"."name" FROM "users" JOIN "x" ON "x"."user_id" = "users"."id" WHERE "users"."id" IN (SELECT "x"."user_id" FROM "x") ORDER BY "users"."id""#,
        "WITH `x` AS (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) SELECT `users`.`name` FROM `users` JOIN `x` ON `x`.`user_id` = `users`.`id` WHERE `users`.`id` IN (SELECT `x`.`user_id` FROM `x`) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "ann", "cid"]);
}

/// LATERAL derived tables: the SQL on PostgreSQL and MySQL 8, a typed error on
/// SQLite and MariaDB, and a cache key of their own (the same query as a plain
/// derived table never shares an entry with it).
#[test]
fn lateral_derived_tables() {
    let s = schema();
    let (u, o) = (&s.users, &s.orders);
    let latest = || {
        select(o.c("total"))
            .from(o)
            .filter(o.c("user_id").eq(u.c("id")))
            .order_by(o.c("id").desc())
            .limit(1)
    };
    let last = latest().lateral("last");
    let stmt = select((u.c("id"), last.c("total")))
        .from(u.left_join(&last, true_()))
        .order_by(u.c("id"));
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."id", "last"."total" FROM "users" LEFT OUTER JOIN LATERAL (SELECT "orders"."total" FROM "orders" WHERE "orders"."user_id" = "users"."id" ORDER BY "orders"."id" DESC LIMIT $1) AS "last" ON TRUE ORDER BY "users"."id""#
    );
    assert_eq!(
        stmt.compile(&MySql::mysql8()).unwrap().sql,
        "SELECT `users`.`id`, `last`.`total` FROM `users` LEFT OUTER JOIN LATERAL (SELECT `orders`.`total` FROM `orders` WHERE `orders`.`user_id` = `users`.`id` ORDER BY `orders`.`id` DESC LIMIT ?) AS `last` ON TRUE ORDER BY `users`.`id`"
    );
    for (err, dialect) in [
        (compile_err(&stmt, &Sqlite), "sqlite"),
        (compile_err(&stmt, &MySql::mariadb()), "mariadb"),
    ] {
        assert_eq!(
            err,
            Error::Unsupported {
                dialect,
                construct: "LATERAL".into()
            }
        );
    }

    let plain = latest().subquery("last");
    let plain_stmt = select((u.c("id"), plain.c("total")))
        .from(u.left_join(&plain, Expr::Bool(true)))
        .order_by(u.c("id"));
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    let a = cache.compile(&stmt).unwrap();
    let b = cache.compile(&plain_stmt).unwrap();
    assert!(a.sql.contains("JOIN LATERAL ("), "{}", a.sql);
    assert!(b.sql.contains("JOIN (SELECT"), "{}", b.sql);
    assert_eq!(cache.stats().misses, 2);
}

/// Rows of values as a table: the SQL of each dialect's form, rows on SQLite,
/// the cache (the same shape with other values shares an entry, another row
/// count does not), and the errors of an empty or ragged list.
#[test]
fn values_as_a_table() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let labels = |rows: &[(i64, &str)]| values("v", ["id", "label"]).rows(rows.iter().copied());
    let stmt = |v: &Values| {
        select((u.c("name"), v.c("label")))
            .from(u.join(v, v.c("id").eq(u.c("id"))))
            .order_by(u.c("id"))
    };
    let v = labels(&[(1, "first"), (3, "third")]);
    let c = golden(
        &stmt(&v),
        r#"SELECT "users"."name", "v"."label" FROM "users" JOIN (SELECT "column1" AS "id", "column2" AS "label" FROM (VALUES (?, ?), (?, ?))) AS "v" ON "v"."id" = "users"."id" ORDER BY "users"."id""#,
        r#"SELECT "users"."name", "v"."label" FROM "users" JOIN (VALUES (CAST($1 AS BIGINT), $2), (CAST($3 AS BIGINT), $4)) AS "v" ("id", "label") ON "v"."id" = "users"."id" ORDER BY "users"."id""#,
        "SELECT `users`.`name`, `v`.`label` FROM `users` JOIN (SELECT ? AS `id`, ? AS `label` UNION ALL SELECT ?, ?) AS `v` ON `v`.`id` = `users`.`id` ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann|first", "cid|third"]);

    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    let first = cache.compile(&stmt(&v)).unwrap();
    let other = cache
        .compile(&stmt(&labels(&[(2, "b"), (4, "d")])))
        .unwrap();
    assert_eq!(other.sql, first.sql);
    assert_eq!(
        other.values().unwrap(),
        [
            Value::Int(2),
            Value::from("b"),
            Value::Int(4),
            Value::from("d")
        ]
    );
    let stats = cache.stats();
    assert_eq!((stats.hits, stats.misses), (1, 1));
    cache.compile(&stmt(&labels(&[(2, "b")]))).unwrap();
    assert_eq!(cache.stats().misses, 2);

    let empty = values("v", ["id"]);
    let ragged = values("v", ["id", "label"]).row((1, "x")).row((2,));
    for (v, what) in [
        (empty, "one row"),
        (ragged, "a row of 1 values for 2 columns"),
    ] {
        let q = select(v.c("id")).from(&v);
        for err in [
            compile_err(&q, &Sqlite),
            compile_err(&q, &Postgres),
            compile_err(&q, &MySql::mariadb()),
        ] {
            assert!(
                matches!(&err, Error::InvalidStatement(m) if m.contains(what)),
                "{err:?}"
            );
        }
    }
}

#[test]
fn with_only_columns_and_clear_order_by_rewrite_a_listing() {
    let s = schema();
    let db = sqlite_db(&s);
    let listing = select((s.users.c("id"), s.users.c("name")))
        .from(&s.users)
        .filter(s.users.c("status").eq("gold"))
        .order_by(s.users.c("name"));
    let c = golden(
        &listing
            .clone()
            .with_only_columns(func::count_star())
            .clear_order_by(),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE "users"."status" = ?"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE "users"."status" = $1"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE `users`.`status` = ?",
    );
    assert_eq!(query(&db, &c), ["2"]);
    // The listing itself is unchanged, and a memoized listing does not hand its
    // entry to the rewritten statement.
    let cache = sqlcraft::cache::CompileCache::new(sqlcraft_sqlite::Sqlite);
    for _ in 0..3 {
        cache.compile(&listing).unwrap();
    }
    let rewritten = listing.with_only_columns(s.users.c("name"));
    let c = cache.compile(&rewritten).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" = ? ORDER BY "users"."name""#
    );
    assert_eq!(query(&db, &c), ["ann", "cid"]);
}

#[test]
fn text_with_a_bound_list_expands_to_placeholders() {
    let s = schema();
    let db = sqlite_db(&s);
    let t = text("SELECT name FROM users WHERE id IN :ids AND country = :c ORDER BY id")
        .bind_list("ids", [1, 2, 3])
        .bind("c", "US");
    let c = golden(
        &t,
        "SELECT name FROM users WHERE id IN (?, ?, ?) AND country = ? ORDER BY id",
        "SELECT name FROM users WHERE id IN ($1, $2, $3) AND country = $4 ORDER BY id",
        "SELECT name FROM users WHERE id IN (?, ?, ?) AND country = ? ORDER BY id",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::Int(1),
            Value::Int(2),
            Value::Int(3),
            Value::from("US")
        ]
    );
    assert_eq!(query(&db, &c), ["ann", "bob"]);
    // Rebinding replaces; a list used twice is expanded twice.
    let t = text("SELECT count(*) FROM users WHERE id IN :ids OR id + 10 IN :ids")
        .bind("ids", 0)
        .bind_list("ids", [4, 15]);
    let c = t.compile(&sqlcraft_sqlite::Sqlite).unwrap();
    assert_eq!(
        c.sql,
        "SELECT count(*) FROM users WHERE id IN (?, ?) OR id + 10 IN (?, ?)"
    );
    assert_eq!(query(&db, &c), ["2"]);
    // An empty list, or a name the SQL does not have, is a typed error.
    let empty = text("SELECT 1 WHERE 1 IN :ids").bind_list("ids", Vec::<i64>::new());
    assert!(matches!(
        empty.compile(&sqlcraft_sqlite::Sqlite),
        Err(Error::InvalidStatement(_))
    ));
    let typo = text("SELECT 1 WHERE 1 IN :ids").bind_list("idz", [1]);
    assert!(matches!(
        typo.compile(&sqlcraft_sqlite::Sqlite),
        Err(Error::UnknownBindParam { .. })
    ));
}

/// The construct a dialect refused, or a panic.
#[track_caller]
fn refused_construct<D: sqlcraft::Dialect>(stmt: &Select, d: &D) -> String {
    match compile_err(stmt, d) {
        Error::Unsupported { dialect, construct } => {
            assert_eq!(dialect, d.name());
            construct.into_owned()
        }
        other => panic!("expected Error::Unsupported, got {other:?}"),
    }
}

#[test]
fn rollup_cube_and_grouping_sets_per_dialect() {
    let s = schema();
    let u = &s.users;
    let mysql8 = MySql::mysql8();
    let generic = sqlcraft::dialect::GenericDialect;
    let totals = || select((u.c("country"), u.c("status"), func::count_star().label("n"))).from(u);

    // ROLLUP: the standard form, or MySQL's WITH ROLLUP when it is the whole
    // GROUP BY; SQLite has no grouping sets.
    let q = totals().group_by(func::rollup((u.c("country"), u.c("status"))));
    assert_eq!(
        q.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."country", "users"."status", count(*) AS "n" FROM "users" GROUP BY ROLLUP("users"."country", "users"."status")"#
    );
    assert_eq!(
        q.compile(&generic).unwrap().sql,
        r#"SELECT "users"."country", "users"."status", count(*) AS "n" FROM "users" GROUP BY ROLLUP("users"."country", "users"."status")"#
    );
    let mariadb_sql = "SELECT `users`.`country`, `users`.`status`, count(*) AS `n` FROM `users` GROUP BY `users`.`country`, `users`.`status` WITH ROLLUP";
    assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, mariadb_sql);
    assert_eq!(q.compile(&mysql8).unwrap().sql, mariadb_sql);
    assert_eq!(refused_construct(&q, &Sqlite), "GROUP BY ROLLUP");

    // With ORDER BY: MySQL 8 takes it after WITH ROLLUP, MariaDB refuses the
    // pair (its error 1221), so it is a typed error there.
    let ordered = q.clone().order_by(u.c("country"));
    assert_eq!(
        ordered.compile(&mysql8).unwrap().sql,
        format!("{mariadb_sql} ORDER BY `users`.`country`")
    );
    assert_eq!(
        refused_construct(&ordered, &MySql::mariadb()),
        "ORDER BY in a SELECT with GROUP BY ROLLUP"
    );
    assert!(ordered.compile(&Postgres).is_ok());

    // Beside plain items: PostgreSQL's partial rollup; WITH ROLLUP would roll up
    // the plain item too, so MySQL refuses it.
    let partial = totals().group_by((u.c("country"), func::rollup(u.c("status"))));
    assert_eq!(
        partial.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."country", "users"."status", count(*) AS "n" FROM "users" GROUP BY "users"."country", ROLLUP("users"."status")"#
    );
    assert_eq!(
        refused_construct(&partial, &mysql8),
        "GROUP BY ROLLUP beside other GROUP BY items"
    );

    // CUBE and GROUPING SETS: the standard's, refused by MySQL, MariaDB, SQLite.
    let cube = totals().group_by(func::cube((u.c("country"), u.c("status"))));
    assert_eq!(
        cube.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."country", "users"."status", count(*) AS "n" FROM "users" GROUP BY CUBE("users"."country", "users"."status")"#
    );
    let sets = totals().group_by(func::grouping_sets([
        vec![u.c("country"), u.c("status")],
        vec![u.c("status")],
        vec![],
    ]));
    assert_eq!(
        sets.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."country", "users"."status", count(*) AS "n" FROM "users" GROUP BY GROUPING SETS(("users"."country", "users"."status"), ("users"."status"), ())"#
    );
    for d in [&MySql::mariadb(), &mysql8] {
        assert_eq!(refused_construct(&cube, d), "GROUP BY CUBE");
        assert_eq!(refused_construct(&sets, d), "GROUP BY GROUPING SETS");
    }
    assert_eq!(refused_construct(&cube, &Sqlite), "GROUP BY CUBE");
    assert_eq!(refused_construct(&sets, &Sqlite), "GROUP BY GROUPING SETS");

    // Values inside are bound, in order, on every dialect that writes them.
    let bucket = (u.c("id") / 2).label("bucket");
    let q = select((bucket.clone(), func::count_star()))
        .from(u)
        .filter(u.c("id").gt(0))
        .group_by(func::rollup(u.c("id") / 2));
    let pg = q.compile(&Postgres).unwrap();
    assert_eq!(
        pg.sql,
        r#"SELECT "users"."id" / $1 AS "bucket", count(*) AS "count_1" FROM "users" WHERE "users"."id" > $2 GROUP BY ROLLUP("users"."id" / $3)"#
    );
    assert_eq!(pg.values().unwrap(), ints(&[2, 0, 2]));
    assert_eq!(
        q.compile(&MySql::mariadb()).unwrap().values().unwrap(),
        ints(&[2, 0, 2])
    );

    // GROUPING(): PostgreSQL and MySQL 8; MariaDB and SQLite have no such function.
    let flagged = select((
        u.c("country"),
        func::grouping(u.c("country")),
        func::count_star(),
    ))
    .from(u)
    .group_by(func::rollup(u.c("country")));
    assert_eq!(
        flagged.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."country", grouping("users"."country") AS "grouping_1", count(*) AS "count_1" FROM "users" GROUP BY ROLLUP("users"."country")"#
    );
    assert_eq!(
        flagged.compile(&mysql8).unwrap().sql,
        "SELECT `users`.`country`, grouping(`users`.`country`) AS `grouping_1`, count(*) AS `count_1` FROM `users` GROUP BY `users`.`country` WITH ROLLUP"
    );
    assert_eq!(
        refused_construct(&flagged, &MySql::mariadb()),
        "the GROUPING() function"
    );
    let by_call = select(func::call("grouping", [u.c("country")]))
        .from(u)
        .group_by(u.c("country"));
    assert_eq!(
        refused_construct(&by_call, &Sqlite),
        "the GROUPING() function"
    );
}

#[test]
fn grouping_sets_misplaced_or_empty_are_invalid() {
    let s = schema();
    let u = &s.users;
    let invalid = |q: Select, needle: &str| {
        for err in [
            compile_err(&q, &Postgres),
            compile_err(&q, &MySql::mariadb()),
        ] {
            assert!(
                matches!(&err, Error::InvalidStatement(m) if m.contains(needle)),
                "{err:?}"
            );
        }
    };
    let base = || select(func::count_star()).from(u);
    invalid(
        base().group_by(func::rollup(Vec::<Expr>::new())),
        "ROLLUP needs at least one expression",
    );
    // MySQL and MariaDB refuse CUBE and GROUPING SETS of any content.
    let empty_cube = base().group_by(func::cube(Vec::<Expr>::new()));
    assert!(matches!(
        compile_err(&empty_cube, &Postgres),
        Error::InvalidStatement(m) if m.contains("CUBE needs at least one expression")
    ));
    let no_sets = base().group_by(func::grouping_sets(Vec::<Vec<Expr>>::new()));
    assert!(matches!(
        compile_err(&no_sets, &Postgres),
        Error::InvalidStatement(m) if m.contains("GROUPING SETS needs at least one set")
    ));
    // Anywhere but GROUP BY (here a select list and a WHERE) it means nothing.
    invalid(
        select(func::rollup(u.c("id"))).from(u),
        "ROLLUP is an item of GROUP BY",
    );
    invalid(
        base().filter(func::cube(u.c("id")).eq(1)),
        "CUBE is an item of GROUP BY",
    );
}

#[test]
fn grouping_sets_shapes_have_their_own_cache_entries() {
    let s = schema();
    let u = &s.users;
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    let by = |g: Expr| {
        select((u.c("country"), func::count_star()))
            .from(u)
            .group_by(g)
    };
    let shapes = [
        by(u.c("country")),
        by(func::rollup(u.c("country"))),
        by(func::cube(u.c("country"))),
        by(func::grouping_sets([vec![u.c("country")]])),
        by(func::grouping_sets([vec![u.c("country")], vec![]])),
        by(func::rollup((u.c("country"), u.c("status")))),
    ];
    for q in &shapes {
        let cached = cache.compile(q).unwrap();
        assert_eq!(cached, q.compile(&Postgres).unwrap());
    }
    assert_eq!(cache.len(), shapes.len());
    // The values inside a ROLLUP are left out of the key.
    let bucket = |n: i64| by(func::rollup(u.c("id") / n));
    let (a, b) = (
        cache.compile(&bucket(2)).unwrap(),
        cache.compile(&bucket(3)).unwrap(),
    );
    assert_eq!(
        (a.sql, b.values().unwrap()),
        (bucket(9).compile(&Postgres).unwrap().sql, ints(&[3]))
    );
    assert_eq!(cache.len(), shapes.len() + 1);
}

#[test]
fn textual_selects_stand_wherever_a_query_does() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    let gold = || {
        text("SELECT id AS uid, upper(name) AS shout FROM users WHERE status = :status")
            .bind("status", "gold")
            .columns(["uid", "shout"])
    };

    // A derived table joined to a table: its columns checked, its parameter in
    // order among the statement's.
    let t = gold().subquery("g");
    let q = select((t.c("shout"), u.c("country")))
        .from(u)
        .join(&t, t.c("uid").eq(u.c("id")))
        .filter(u.c("id").lt(10))
        .order_by(t.c("uid"));
    let c = golden(
        &q,
        r#"SELECT "g"."shout", "users"."country" FROM "users" JOIN (SELECT id AS uid, upper(name) AS shout FROM users WHERE status = ?) AS "g" ON "g"."uid" = "users"."id" WHERE "users"."id" < ? ORDER BY "g"."uid""#,
        r#"SELECT "g"."shout", "users"."country" FROM "users" JOIN (SELECT id AS uid, upper(name) AS shout FROM users WHERE status = $1) AS "g" ON "g"."uid" = "users"."id" WHERE "users"."id" < $2 ORDER BY "g"."uid""#,
        "SELECT `g`.`shout`, `users`.`country` FROM `users` JOIN (SELECT id AS uid, upper(name) AS shout FROM users WHERE status = ?) AS `g` ON `g`.`uid` = `users`.`id` WHERE `users`.`id` < ? ORDER BY `g`.`uid`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("gold"), Value::Int(10)]
    );
    assert_eq!(query(&db, &c), ["ANN|US", "CID|FR"]);
    assert!(matches!(
        select(t.c("nope")).from(&t).compile(&Sqlite),
        Err(Error::UnknownColumn { .. })
    ));

    // A CTE, IN, EXISTS and a set operation's member.
    let cte = gold().cte("golds");
    let c = select(func::count_star())
        .from(&cte)
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(
        c.sql,
        r#"WITH "golds" AS (SELECT id AS uid, upper(name) AS shout FROM users WHERE status = ?) SELECT count(*) AS "count_1" FROM "golds""#
    );
    assert_eq!(query(&db, &c), ["2"]);
    let ids = text("SELECT id FROM users WHERE country = :c")
        .bind("c", "FR")
        .columns(["id"]);
    let c = select(u.c("name"))
        .from(u)
        .filter(u.c("id").in_(ids.clone()))
        .order_by(u.c("id"))
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(query(&db, &c), ["cid", "dee"]);
    let c = select(u.c("name"))
        .from(u)
        .filter(u.c("id").eq(1).and(exists(ids.clone())))
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(query(&db, &c), ["ann"]);
    let both = select(u.c("id"))
        .from(u)
        .filter(u.c("id").eq(5))
        .union(ids.clone());
    let c = both.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ? UNION SELECT * FROM (SELECT id FROM users WHERE country = ?) AS "anon_1""#
    );
    let mut rows = query(&db, &c);
    rows.sort();
    assert_eq!(rows, ["3", "4", "5"]);

    // Never cached: SQL text is built per call.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    let (_, outcome) = cache.compile_traced(&q).unwrap();
    assert!(matches!(
        outcome,
        sqlcraft::cache::CacheOutcome::Uncacheable(sqlcraft::cache::Uncacheable::Construct(
            "text()"
        ))
    ));
    assert!(matches!(
        select(func::count_star())
            .from(text("SELECT 1").columns(Vec::<&str>::new()).subquery("e"))
            .compile(&Sqlite),
        Err(Error::InvalidStatement(_))
    ));
}

#[test]
fn any_and_all_subqueries() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let paid = || {
        select(o.c("user_id"))
            .from(o)
            .filter(o.c("status").eq("paid"))
    };
    let c = golden(
        &select(u.c("id"))
            .from(u)
            .filter(u.c("id").eq(any_(paid())))
            .filter(u.c("id").ne(all_(select(o.c("user_id")).from(o).filter(o.c("status").eq("void")))))
            .order_by(u.c("id")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) AND "users"."id" NOT IN (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" = ANY (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $1) AND "users"."id" <> ALL (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $2) ORDER BY "users"."id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ANY (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) AND `users`.`id` <> ALL (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["1", "3"]);

    // On the left, turned around; a LIMIT under it is a derived table on MySQL.
    let newest = select(o.c("total"))
        .from(o)
        .order_by(o.c("id").desc())
        .limit(3);
    let q = select(o.c("id"))
        .from(o)
        .filter(all_(newest).lt(o.c("total")))
        .order_by(o.c("id"));
    assert_eq!(
        q.compile(&Postgres).unwrap().sql,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" > ALL (SELECT "orders"."total" FROM "orders" ORDER BY "orders"."id" DESC LIMIT $1) ORDER BY "orders"."id""#
    );
    assert_eq!(
        q.compile(&MySql::mariadb()).unwrap().sql,
        "SELECT `orders`.`id` FROM `orders` WHERE `orders`.`total` > ALL (SELECT * FROM (SELECT `orders`.`total` FROM `orders` ORDER BY `orders`.`id` DESC LIMIT ?) AS `anon_1`) ORDER BY `orders`.`id`"
    );
    // SQLite has only the two forms IN and NOT IN stand for.
    for cond in [
        u.c("id").gt(all_(paid())),
        u.c("id").ne(any_(paid())),
        u.c("id").eq(all_(paid())),
    ] {
        let q = select(u.c("id")).from(u).filter(cond);
        assert!(
            matches!(compile_err(&q, &Sqlite), Error::Unsupported { dialect: "sqlite", ref construct } if construct.contains("(subquery)")),
        );
        assert!(q.compile(&Postgres).is_ok());
    }
    // Beside anything but a comparison, or not beside one at all.
    for bad in [
        select(any_(paid())),
        select(u.c("id"))
            .from(u)
            .filter((u.c("id") + all_(paid())).eq(1)),
        select(u.c("id")).from(u).filter(any_(paid()).like("x%")),
    ] {
        for d in [
            &Sqlite as &dyn sqlcraft::Dialect,
            &Postgres,
            &MySql::mariadb(),
        ] {
            assert!(
                matches!(compile_err(&bad, d), Error::InvalidStatement(_)),
                "{}",
                d.name()
            );
        }
    }
}

#[test]
fn expanding_bindparams() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);
    let by_ids = select(u.c("name"))
        .from(u)
        .filter(u.c("id").in_(bindparam("ids").expanding()))
        .filter(u.c("status").ne("banned"))
        .order_by(u.c("id"));
    let three = [("ids", Value::list([1, 3, 5]))];
    let compiled = |d: &dyn sqlcraft::Dialect, named: &[(&str, Value)]| {
        by_ids
            .compile_with(d, named)
            .unwrap_or_else(|e| panic!("{}: {e}", d.name()))
    };
    // One placeholder per item, numbered on with the values after the list.
    assert_eq!(
        compiled(&Sqlite, &three).sql,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (?, ?, ?) AND "users"."status" <> ? ORDER BY "users"."id""#
    );
    assert_eq!(
        compiled(&Postgres, &three).sql,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN ($1, $2, $3) AND "users"."status" <> $4 ORDER BY "users"."id""#
    );
    assert_eq!(
        compiled(&MySql::mariadb(), &three).sql,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` IN (?, ?, ?) AND `users`.`status` <> ? ORDER BY `users`.`id`"
    );
    let c = compiled(&Sqlite, &three);
    assert_eq!(
        c.values().unwrap(),
        [
            Value::Int(1),
            Value::Int(3),
            Value::Int(5),
            Value::from("banned")
        ]
    );
    assert_eq!(query(&db, &c), ["ann", "cid", "Eve"]);
    // An empty list: IN is false, NOT IN true, whatever the column holds.
    let none = [("ids", Value::list(Vec::<i64>::new()))];
    let c = compiled(&Postgres, &none);
    assert_eq!(
        c.sql,
        r#"SELECT "users"."name" FROM "users" WHERE 1 <> 1 AND "users"."status" <> $1 ORDER BY "users"."id""#
    );
    assert!(query(&db, &compiled(&Sqlite, &none)).is_empty());
    let not_in = select(u.c("id"))
        .from(u)
        .filter(u.c("id").not_in(bindparam("ids").expanding()))
        .order_by(u.c("id"));
    let c = not_in.compile_with(&Sqlite, &none).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."id" FROM "users" WHERE 1 = 1 ORDER BY "users"."id""#
    );
    assert_eq!(query(&db, &c), ["1", "2", "3", "4", "5"]);
    let c = not_in
        .compile_with(&Sqlite, &[("ids", Value::list([2, 4]))])
        .unwrap();
    assert_eq!(query(&db, &c), ["1", "3", "5"]);

    // Through a cache: one entry whatever the length, another for the empty list.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for n in [1, 4, 2, 9] {
        let named = [("ids", Value::list(1..=n))];
        let c = cache.compile_ref_with(&by_ids, &named).unwrap();
        let placeholders: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
        assert_eq!(
            &*c.sql,
            format!(
                r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN ({}) AND "users"."status" <> ${} ORDER BY "users"."id""#,
                placeholders.join(", "),
                n + 1
            )
        );
        assert_eq!(
            c.into_owned(),
            by_ids.compile_with(&Postgres, &named).unwrap()
        );
    }
    cache.compile_ref_with(&by_ids, &none).unwrap();
    let stats = cache.stats();
    assert_eq!((stats.misses, stats.hits, stats.len), (2, 3, 2));

    // The same parameter twice, and beside an in-tree list.
    let twice = select(o.c("id"))
        .from(o)
        .filter(o.c("user_id").in_(bindparam("ids").expanding()))
        .filter(o.c("id").in_([1, 2, 3, 4]))
        .filter(o.c("user_id").in_(bindparam("ids").expanding()))
        .order_by(o.c("id"));
    let named = [("ids", Value::list([1, 3]))];
    let fresh = twice.compile_with(&Postgres, &named).unwrap();
    assert_eq!(
        fresh.sql,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" IN ($1, $2) AND "orders"."id" IN ($3, $4, $5, $6) AND "orders"."user_id" IN ($7, $8) ORDER BY "orders"."id""#
    );
    assert_eq!(
        cache.compile_ref_with(&twice, &named).unwrap().into_owned(),
        fresh
    );
    assert_eq!(
        cache.compile_ref_with(&twice, &named).unwrap().into_owned(),
        fresh
    );
    assert_eq!(
        query(&db, &twice.compile_with(&Sqlite, &named).unwrap()),
        ["1", "2", "4"]
    );

    // Mistakes are typed errors.
    assert_eq!(
        by_ids.compile(&Sqlite),
        Err(Error::MissingBindParam { name: "ids".into() })
    );
    assert!(matches!(
        by_ids.compile_with(&Sqlite, &[("ids", Value::Int(1))]),
        Err(Error::InvalidStatement(_))
    ));
    assert_eq!(
        by_ids.compile_with(
            &Sqlite,
            &[("ids", Value::list([1])), ("idz", Value::list([2]))]
        ),
        Err(Error::UnknownBindParam { name: "idz".into() })
    );
    assert!(matches!(
        cache.compile_ref_with(
            &by_ids,
            &[("ids", Value::list([1])), ("idz", Value::list([2]))]
        ),
        Err(Error::UnknownBindParam { .. })
    ));
    let misplaced = [
        select(u.c("id"))
            .from(u)
            .filter(u.c("id").eq(bindparam("ids").expanding())),
        select(u.c("id"))
            .from(u)
            .filter(u.c("id").in_(column("x").expanding())),
        select(u.c("id"))
            .from(u)
            .filter(u.c("id").eq(Value::list([1, 2]))),
    ];
    for q in &misplaced {
        for d in [
            &Sqlite as &dyn sqlcraft::Dialect,
            &Postgres,
            &MySql::mariadb(),
        ] {
            assert!(
                matches!(q.compile_with(d, &three), Err(Error::InvalidStatement(_))),
                "{}",
                d.name()
            );
            let r = sqlcraft::cache::CompileCache::new(Postgres)
                .compile_ref_with(q, &three)
                .map(|c| c.sql);
            assert!(matches!(r, Err(Error::InvalidStatement(_))), "{r:?}");
        }
    }
    // A list for a plain bind parameter.
    let plain = select(u.c("id"))
        .from(u)
        .filter(u.c("id").eq(bindparam("id")));
    let c = plain.compile(&Sqlite).unwrap();
    assert!(matches!(
        c.bind(&[("id", Value::list([1]))]),
        Err(Error::InvalidStatement(_))
    ));
    // A list for a name a memoized statement (compiled twice) does not have.
    let typo = [("id", Value::Int(1)), ("idz", Value::list([2]))];
    for _ in 0..2 {
        cache
            .compile_ref_with(&plain, &[("id", Value::Int(1))])
            .unwrap();
    }
    assert_eq!(
        cache.compile_ref_with(&plain, &typo).map(|c| c.sql),
        Err(Error::UnknownBindParam { name: "idz".into() })
    );
}

#[test]
fn columns_and_where_imply_the_from_clause_and_subqueries_correlate() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);

    // No FROM item given: the tables of the select list and WHERE clause.
    let stmt = select((u.c("id"), u.c("name")))
        .filter(u.c("id").le(2))
        .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id""#,
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" <= $1 ORDER BY "users"."id""#,
        "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["1|ann", "2|bob"]);

    // A table only the WHERE clause names.
    let stmt = select(func::count_star()).filter(u.c("status").eq("gold"));
    let c = golden(
        &stmt,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE "users"."status" = ?"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE "users"."status" = $1"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE `users`.`status` = ?",
    );
    assert_eq!(query(&db, &c), ["2"]);

    // Given items first, then the tables they leave out, in the order met.
    let stmt = select((u.c("name"), a.c("city")))
        .from(u)
        .filter(a.c("user_id").eq(u.c("id")))
        .order_by(a.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "addresses"."city" FROM "users", "addresses" WHERE "addresses"."user_id" = "users"."id" ORDER BY "addresses"."id""#,
        r#"SELECT "users"."name", "addresses"."city" FROM "users", "addresses" WHERE "addresses"."user_id" = "users"."id" ORDER BY "addresses"."id""#,
        "SELECT `users`.`name`, `addresses`.`city` FROM `users`, `addresses` WHERE `addresses`.`user_id` = `users`.`id` ORDER BY `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["ann|Paris", "cid|Lyon", "cid|Nice", "Eve|NULL"]
    );

    // EXISTS and a scalar subquery refer to the enclosing row: the enclosing
    // table stays out of their FROM clauses.
    let stmt = select(u.c("name"))
        .filter(exists(
            select(a.c("id"))
                .filter(a.c("user_id").eq(u.c("id")))
                .filter(a.c("city").eq("Nice")),
        ))
        .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT "addresses"."id" FROM "addresses" WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT "addresses"."id" FROM "addresses" WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = $1) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE EXISTS (SELECT `addresses`.`id` FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id` AND `addresses`.`city` = ?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["cid"]);
    let stmt = select((
        u.c("name"),
        select(func::count_star())
            .filter(o.c("user_id").eq(u.c("id")))
            .scalar_subquery()
            .label("n"),
    ))
    .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "n" FROM "users" ORDER BY "users"."id""#,
        r#"SELECT "users"."name", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "n" FROM "users" ORDER BY "users"."id""#,
        "SELECT `users`.`name`, (SELECT count(*) FROM `orders` WHERE `orders`.`user_id` = `users`.`id`) AS `n` FROM `users` ORDER BY `users`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["ann|2", "bob|1", "cid|2", "dee|1", "Eve|0"]
    );

    // A derived table never correlates: the same table inside gets its own FROM.
    let sub = select(u.c("id")).filter(u.c("id").le(2)).subquery("s");
    let stmt = select((u.c("name"), sub.c("id")))
        .from(u)
        .join(&sub, sub.c("id").eq(u.c("id")))
        .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "s"."id" FROM "users" JOIN (SELECT "users"."id" FROM "users" WHERE "users"."id" <= ?) AS "s" ON "s"."id" = "users"."id" ORDER BY "users"."id""#,
        r#"SELECT "users"."name", "s"."id" FROM "users" JOIN (SELECT "users"."id" FROM "users" WHERE "users"."id" <= $1) AS "s" ON "s"."id" = "users"."id" ORDER BY "users"."id""#,
        "SELECT `users`.`name`, `s`.`id` FROM `users` JOIN (SELECT `users`.`id` FROM `users` WHERE `users`.`id` <= ?) AS `s` ON `s`.`id` = `users`.`id` ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann|1", "bob|2"]);

    // An alias in scope is correlated like a table.
    let x = u.alias("x");
    let stmt = select(x.c("name")).from(&x).filter(not_(exists(
        select(o.c("id")).filter(o.c("user_id").eq(x.c("id"))),
    )));
    let c = golden(
        &stmt,
        r#"SELECT "x"."name" FROM "users" AS "x" WHERE NOT EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "x"."id")"#,
        r#"SELECT "x"."name" FROM "users" AS "x" WHERE NOT EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "x"."id")"#,
        "SELECT `x`.`name` FROM `users` AS `x` WHERE NOT EXISTS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`user_id` = `x`.`id`)",
    );
    assert_eq!(query(&db, &c), ["Eve"]);

    // A column of an alias, a subquery or a CTE that no FROM clause names: the
    // reference cannot say what the alias stands for, so it is an error, on
    // every dialect, through the cache too.
    let cte = select(o.c("user_id")).cte("c");
    for stmt in [
        select(x.c("id")),
        select(cte.c("user_id")),
        select(sub.c("id")),
    ] {
        for err in [
            compile_err(&stmt, &Sqlite),
            compile_err(&stmt, &Postgres),
            compile_err(&stmt, &MySql::mariadb()),
        ] {
            assert!(
                matches!(&err, Error::InvalidStatement(m) if m.contains("no FROM clause")),
                "{err:?}"
            );
        }
        let cache = sqlcraft::cache::CompileCache::new(Postgres);
        assert!(matches!(
            cache.compile(&stmt),
            Err(Error::InvalidStatement(_))
        ));
    }
}

#[test]
fn implied_from_holds_on_every_compile_path_and_correlates_with_tables_implied_later() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o) = (&s.users, &s.orders);

    // The scalar subquery comes before the WHERE clause that implies `users`,
    // and still refers to the enclosing row: each SELECT works out what it
    // implies before anything of it is written.
    let stmt = select(
        select(func::count_star())
            .filter(o.c("user_id").eq(u.c("id")))
            .scalar_subquery()
            .label("n"),
    )
    .filter(u.c("id").le(2))
    .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "n" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id""#,
        r#"SELECT (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "n" FROM "users" WHERE "users"."id" <= $1 ORDER BY "users"."id""#,
        "SELECT (SELECT count(*) FROM `orders` WHERE `orders`.`user_id` = `users`.`id`) AS `n` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["2", "1"]);

    // Items given with from() are written as given, in a subquery too: it
    // reads its own `users`, uncorrelated (every user has an order by ann).
    let stmt = select(u.c("name"))
        .from(u)
        .filter(exists(
            select(o.c("id"))
                .from(o)
                .from(u)
                .filter(o.c("user_id").eq(u.c("id")))
                .filter(u.c("name").eq("ann")),
        ))
        .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT "orders"."id" FROM "orders", "users" WHERE "orders"."user_id" = "users"."id" AND "users"."name" = ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT "orders"."id" FROM "orders", "users" WHERE "orders"."user_id" = "users"."id" AND "users"."name" = $1) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE EXISTS (SELECT `orders`.`id` FROM `orders`, `users` WHERE `orders`.`user_id` = `users`.`id` AND `users`.`name` = ?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "bob", "cid", "dee", "Eve"]);

    // Through the cache (a miss, then a hit with other values) the SQL and the
    // values are those of a fresh compile.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for max in [2, 4] {
        let stmt = select((u.c("name"), o.c("total")))
            .filter(o.c("user_id").eq(u.c("id")))
            .filter(u.c("id").le(max));
        let fresh = stmt.compile(&Postgres).unwrap();
        assert_eq!(
            fresh.sql,
            r#"SELECT "users"."name", "orders"."total" FROM "users", "orders" WHERE "orders"."user_id" = "users"."id" AND "users"."id" <= $1"#
        );
        let cached = cache.compile(&stmt).unwrap();
        assert_eq!(cached.sql, fresh.sql);
        assert_eq!(cached.params, fresh.params);
    }
    let stats = cache.stats();
    assert_eq!((stats.misses, stats.hits), (1, 1));

    // Literal SQL and expanding lists imply the same FROM clause.
    assert_eq!(
        select(u.c("name"))
            .filter(u.c("status").eq("it's"))
            .to_literal_sql(&Sqlite)
            .unwrap(),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" = 'it''s'"#
    );
    let stmt = select(u.c("name")).filter(u.c("id").in_(bindparam("ids").expanding()));
    let c = stmt
        .compile_with(&Sqlite, &[("ids", Value::list([1, 3]))])
        .unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (?, ?)"#
    );
    assert_eq!(query(&db, &c), ["ann", "cid"]);
}

#[test]
fn clauses_that_imply_nothing_refuse_a_table_no_from_clause_names() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);

    // A table the select list implies may be ordered, grouped and filtered by.
    let stmt = select((u.c("country"), func::count_star().label("n")))
        .group_by(u.c("country"))
        .having(func::count(u.c("id")).gt(1))
        .order_by(u.c("country"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."country", count(*) AS "n" FROM "users" GROUP BY "users"."country" HAVING count("users"."id") > ? ORDER BY "users"."country""#,
        r#"SELECT "users"."country", count(*) AS "n" FROM "users" GROUP BY "users"."country" HAVING count("users"."id") > $1 ORDER BY "users"."country""#,
        "SELECT `users`.`country`, count(*) AS `n` FROM `users` GROUP BY `users`.`country` HAVING count(`users`.`id`) > ? ORDER BY `users`.`country`",
    );
    assert_eq!(query(&db, &c), ["FR|2", "US|2"]);
    // A subquery's ORDER BY may name the enclosing row's table (correlated).
    let stmt = select((
        u.c("name"),
        select(o.c("id"))
            .filter(o.c("user_id").eq(u.c("id")))
            .order_by((o.c("total") * u.c("id")).desc())
            .limit(1)
            .scalar_subquery()
            .label("top"),
    ))
    .filter(u.c("id").le(2))
    .order_by(u.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id" ORDER BY "orders"."total" * "users"."id" DESC LIMIT ?) AS "top" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name", (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id" ORDER BY "orders"."total" * "users"."id" DESC LIMIT $1) AS "top" FROM "users" WHERE "users"."id" <= $2 ORDER BY "users"."id""#,
        "SELECT `users`.`name`, (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`user_id` = `users`.`id` ORDER BY `orders`.`total` * `users`.`id` DESC LIMIT ?) AS `top` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann|2", "bob|3"]);

    // Named only by ORDER BY, GROUP BY, HAVING, DISTINCT ON, an UPDATE's SET
    // or RETURNING: SQLAlchemy would write SQL naming a table it lacks; here,
    // on every dialect and every compile path, a typed error naming the column.
    type Build<'a> = Box<dyn Fn(&dyn sqlcraft::Dialect) -> sqlcraft::Result<Compiled> + 'a>;
    let refused: Vec<(&str, Build)> = vec![
        (
            "ORDER BY",
            Box::new(|d| select(u.c("name")).order_by(a.c("city")).compile(d)),
        ),
        (
            "GROUP BY",
            Box::new(|d| select(u.c("name")).from(u).group_by(a.c("city")).compile(d)),
        ),
        (
            "HAVING",
            Box::new(|d| {
                select(u.c("name"))
                    .group_by(u.c("name"))
                    .having(func::count(a.c("city")).gt(1))
                    .compile(d)
            }),
        ),
        (
            "DISTINCT ON",
            Box::new(|d| select(u.c("name")).distinct_on(a.c("city")).compile(d)),
        ),
        (
            "SET",
            Box::new(|d| update(u).set("name", a.c("city")).compile(d)),
        ),
        (
            "RETURNING",
            Box::new(|d| {
                delete(u)
                    .filter(u.c("id").eq(1))
                    .returning(a.c("city"))
                    .compile(d)
            }),
        ),
    ];
    for (clause, build) in &refused {
        let mut checked = 0;
        for d in [
            &Postgres as &dyn sqlcraft::Dialect,
            &Sqlite,
            &MySql::mariadb(),
        ] {
            let err = build(d).unwrap_err();
            // DISTINCT ON and RETURNING are unsupported on some dialects, which
            // says so first.
            if matches!(err, Error::Unsupported { .. }) {
                continue;
            }
            assert!(
                matches!(&err, Error::InvalidStatement(m) if m.contains(r#""addresses"."city""#)),
                "{clause} on {}: {err:?}",
                d.name()
            );
            checked += 1;
        }
        // PostgreSQL has every clause: at least it checked each.
        assert!(checked >= 1, "{clause}: no dialect checked it");
    }
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    assert!(matches!(
        cache.compile(&select(u.c("name")).from(u).order_by(a.c("city"))),
        Err(Error::InvalidStatement(_))
    ));
    assert!(select(u.c("name"))
        .from(u)
        .order_by(a.c("city"))
        .to_literal_sql(&Sqlite)
        .is_err());
}

#[test]
fn a_join_with_no_from_item_infers_its_left_side_from_the_columns() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);

    // The one table the select list uses besides the joined one.
    let stmt = select((u.c("name"), a.c("city")))
        .join(a, a.c("user_id").eq(u.c("id")))
        .order_by(a.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "addresses"."city" FROM "users" JOIN "addresses" ON "addresses"."user_id" = "users"."id" ORDER BY "addresses"."id""#,
        r#"SELECT "users"."name", "addresses"."city" FROM "users" JOIN "addresses" ON "addresses"."user_id" = "users"."id" ORDER BY "addresses"."id""#,
        "SELECT `users`.`name`, `addresses`.`city` FROM `users` JOIN `addresses` ON `addresses`.`user_id` = `users`.`id` ORDER BY `addresses`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        ["ann|Paris", "cid|Lyon", "cid|Nice", "Eve|NULL"]
    );

    // A table only the WHERE clause uses, outer-joined; then a second join
    // onto the first.
    let stmt = select(func::count(a.c("id")))
        .filter(u.c("id").le(2))
        .left_join(a, a.c("user_id").eq(u.c("id")))
        .join(o, o.c("user_id").eq(u.c("id")));
    let c = golden(
        &stmt,
        r#"SELECT count("addresses"."id") AS "count_1" FROM "users" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."id" <= ?"#,
        r#"SELECT count("addresses"."id") AS "count_1" FROM "users" LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."id" <= $1"#,
        "SELECT count(`addresses`.`id`) AS `count_1` FROM `users` LEFT OUTER JOIN `addresses` ON `addresses`.`user_id` = `users`.`id` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `users`.`id` <= ?",
    );
    assert_eq!(query(&db, &c), ["2"]);

    // Several candidates: the one the ON clause uses; the other is implied.
    let stmt = select((u.c("name"), o.c("total"), a.c("city")))
        .join(a, a.c("user_id").eq(u.c("id")))
        .filter(o.c("user_id").eq(u.c("id")))
        .filter(a.c("city").eq("Paris"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", "orders"."total", "addresses"."city" FROM "users" JOIN "addresses" ON "addresses"."user_id" = "users"."id", "orders" WHERE "orders"."user_id" = "users"."id" AND "addresses"."city" = ?"#,
        r#"SELECT "users"."name", "orders"."total", "addresses"."city" FROM "users" JOIN "addresses" ON "addresses"."user_id" = "users"."id", "orders" WHERE "orders"."user_id" = "users"."id" AND "addresses"."city" = $1"#,
        "SELECT `users`.`name`, `orders`.`total`, `addresses`.`city` FROM `users` JOIN `addresses` ON `addresses`.`user_id` = `users`.`id`, `orders` WHERE `orders`.`user_id` = `users`.`id` AND `addresses`.`city` = ?",
    );
    assert_eq!(query(&db, &c).len(), 2);

    // Nothing to tell the candidates apart, or no candidate: a typed error.
    let ambiguous = select((u.c("name"), o.c("total"))).join(a, a.c("city").eq("Nice"));
    let err = compile_err(&ambiguous, &Sqlite);
    assert!(
        matches!(&err, Error::InvalidStatement(m) if m.contains("\"users\", \"orders\"")),
        "{err:?}"
    );
    let orphan = select(a.c("city")).join(a, a.c("city").eq("Nice"));
    assert!(matches!(
        compile_err(&orphan, &Postgres),
        Error::InvalidStatement(m) if m.contains("call from() first")
    ));
}

#[test]
fn selecting_a_table_selects_its_declared_columns_and_implies_it() {
    let s = schema();
    let db = sqlite_db(&s);
    let (u, a) = (&s.users, &s.addresses);
    let stmt = select(u).filter(u.c("id").eq(1));
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."name", "users"."email", "users"."status", "users"."country", "users"."created_at" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id", "users"."name", "users"."email", "users"."status", "users"."country", "users"."created_at" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT `users`.`id`, `users`.`name`, `users`.`email`, `users`.`status`, `users`.`country`, `users`.`created_at` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(
        query(&db, &c),
        ["1|ann|ann@x.io|gold|US|2024-01-01 00:00:00"]
    );

    // And a join onto it.
    let stmt = select(a)
        .join(u, a.c("user_id").eq(u.c("id")))
        .filter(u.c("name").eq("cid"))
        .order_by(a.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "addresses"."id", "addresses"."user_id", "addresses"."city" FROM "addresses" JOIN "users" ON "addresses"."user_id" = "users"."id" WHERE "users"."name" = ? ORDER BY "addresses"."id""#,
        r#"SELECT "addresses"."id", "addresses"."user_id", "addresses"."city" FROM "addresses" JOIN "users" ON "addresses"."user_id" = "users"."id" WHERE "users"."name" = $1 ORDER BY "addresses"."id""#,
        "SELECT `addresses`.`id`, `addresses`.`user_id`, `addresses`.`city` FROM `addresses` JOIN `users` ON `addresses`.`user_id` = `users`.`id` WHERE `users`.`name` = ? ORDER BY `addresses`.`id`",
    );
    assert_eq!(query(&db, &c).len(), 2);

    // A table declaring no column has none to select: a typed error.
    let err = compile_err(&select(&table("bare")), &Postgres);
    assert!(
        matches!(&err, Error::InvalidStatement(m) if m.contains("declares none")),
        "{err:?}"
    );
}
