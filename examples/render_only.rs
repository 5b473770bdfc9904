//! SQL text without a driver.
//!
//!     cargo run --example render_only
//!
//! For tools that only need SQL strings and their parameters: migration
//! generators, query loggers, code that hands SQL to another runtime. Nothing
//! here opens an sqlcraft engine; PostgreSQL and MariaDB appear only as dialects.
//!
//! 1. Statements of every kind (SELECT with a join, a derived table, EXISTS, a
//!    scalar subquery, a CTE, a window function and CASE; a multi-row INSERT; an
//!    upsert; UPDATE; DELETE … RETURNING; UNION) rendered for SQLite, PostgreSQL,
//!    MariaDB and `GenericDialect`, with their parameters in placeholder order
//!    (`?` on SQLite, MariaDB and generic, `$1, $2, …` on PostgreSQL).
//! 2. DDL from a `MetaData`: CREATE TABLE and CREATE INDEX for each dialect,
//!    then `drop_statements`.
//! 3. Literal SQL for logs (`Compile::to_literal_sql`), a hostile string included.
//! 4. The compile cache on its own (`sqlcraft::cache::CompileCache`).
//! 5. Typed errors for what a dialect cannot express.
//! 6. `bindparam` statements compiled once and bound per use (`Compiled::bind`).
//! 7. The SQLite renderings handed to `rusqlite` directly, to show that the text
//!    and the parameter order are all another runtime needs.
//!
//! Every SQL string, parameter list and counter printed is also asserted, so the
//! program exits non-zero if the library ever renders something else.

use sqlcraft::cache::{CacheOutcome, CompileCache, Uncacheable};
use sqlcraft::dialect::{Dialect, GenericDialect};
use sqlcraft::prelude::*;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

type AnyError = Box<dyn std::error::Error>;

/// The four dialects, in the order every expectation below lists them.
const DIALECTS: [(&str, &dyn Dialect); 4] = [
    ("SQLite", &Sqlite),
    ("PostgreSQL", &Postgres),
    ("MariaDB", &MySql::mariadb()),
    ("generic", &GenericDialect),
];

fn main() -> Result<(), AnyError> {
    // ------------------------------------------------------------------
    // The schema
    // ------------------------------------------------------------------
    let mut meta = MetaData::new();
    let users = meta.table("users", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("name", SqlType::string(50)).not_null();
        t.column("email", SqlType::string(100)).not_null().unique();
        t.column("status", SqlType::string(20))
            .not_null()
            .server_default("active");
        t.column("created_at", SqlType::datetime())
            .server_default(func::now());
    })?;
    let orders = meta.table("orders", |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("user_id", SqlType::Integer)
            .not_null()
            .references(&users, "id")
            .on_delete(FkAction::Cascade);
        t.column("total", SqlType::Numeric(10, 2)).not_null();
        t.column("status", SqlType::string(20)).not_null();
        t.index("ix_orders_user_status", ["user_id", "status"]);
    })?;

    // ------------------------------------------------------------------
    // 1. Statements of every kind, for four dialects
    // ------------------------------------------------------------------
    heading("1. Statements");

    // Each expectation lists SQLite, PostgreSQL, MariaDB and generic, in that
    // order. `GenericDialect` is plain ANSI with `?`, so it mostly renders what
    // SQLite does; where it does, the SQLite string is reused.
    //
    // A join, CASE, GROUP BY, HAVING, ORDER BY a label, LIMIT. Every value,
    // the CASE results and the LIMIT included, is a bound parameter.
    let spent = func::sum(orders.c("total")).label("spent");
    let tier = case()
        .when(func::sum(orders.c("total")).ge(100), "gold")
        .else_("regular")
        .label("tier");
    let spenders = select((users.c("name"), &spent, &tier))
        .from(&users)
        .join(&orders, orders.c("user_id").eq(users.c("id")))
        .filter(orders.c("status").in_(["paid", "shipped"]))
        .group_by((users.c("id"), users.c("name")))
        .having(func::count(orders.c("id")).ge(2))
        .order_by((spent.desc(), users.c("name").asc()))
        .limit(10);
    let sqlite = r#"SELECT "users"."name", sum("orders"."total") AS "spent", CASE WHEN sum("orders"."total") >= ? THEN ? ELSE ? END AS "tier" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."status" IN (?, ?) GROUP BY "users"."id", "users"."name" HAVING count("orders"."id") >= ? ORDER BY "spent" DESC, "users"."name" ASC LIMIT ?"#;
    let spenders_sqlite = check(
        "SELECT with JOIN, CASE, GROUP BY, HAVING, LIMIT",
        &spenders,
        [
            sqlite,
            r#"SELECT "users"."name", sum("orders"."total") AS "spent", CASE WHEN sum("orders"."total") >= $1 THEN $2 ELSE $3 END AS "tier" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."status" IN ($4, $5) GROUP BY "users"."id", "users"."name" HAVING count("orders"."id") >= $6 ORDER BY "spent" DESC, "users"."name" ASC LIMIT $7"#,
            "SELECT `users`.`name`, sum(`orders`.`total`) AS `spent`, CASE WHEN sum(`orders`.`total`) >= ? THEN ? ELSE ? END AS `tier` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `orders`.`status` IN (?, ?) GROUP BY `users`.`id`, `users`.`name` HAVING count(`orders`.`id`) >= ? ORDER BY `spent` DESC, `users`.`name` ASC LIMIT ?",
            sqlite,
        ],
        &[
            Value::Int(100),
            "gold".into(),
            "regular".into(),
            "paid".into(),
            "shipped".into(),
            Value::Int(2),
            Value::Int(10),
        ],
    )?;

    // A derived table (a subquery in FROM, over an aliased table), a
    // correlated EXISTS and a scalar subquery in one WHERE.
    let o = orders.alias("o");
    let biggest = select((o.c("user_id"), func::max(o.c("total")).label("top")))
        .from(&o)
        .group_by(o.c("user_id"))
        .subquery("biggest");
    let has_cancelled = exists(
        select(orders.c("id"))
            .from(&orders)
            .filter(orders.c("user_id").eq(users.c("id")))
            .filter(orders.c("status").eq("cancelled")),
    );
    let average = select(func::avg(orders.c("total")))
        .from(&orders)
        .scalar_subquery();
    let subqueries = select((users.c("name"), biggest.c("top")))
        .from(&users)
        .join(&biggest, biggest.c("user_id").eq(users.c("id")))
        .filter(has_cancelled)
        .filter(biggest.c("top").gt(average));
    let sqlite = r#"SELECT "users"."name", "biggest"."top" FROM "users" JOIN (SELECT "o"."user_id", max("o"."total") AS "top" FROM "orders" AS "o" GROUP BY "o"."user_id") AS "biggest" ON "biggest"."user_id" = "users"."id" WHERE EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id" AND "orders"."status" = ?) AND "biggest"."top" > (SELECT avg("orders"."total") FROM "orders")"#;
    let subqueries_sqlite = check(
        "SELECT with a derived table, EXISTS and a scalar subquery",
        &subqueries,
        [
            sqlite,
            r#"SELECT "users"."name", "biggest"."top" FROM "users" JOIN (SELECT "o"."user_id", max("o"."total") AS "top" FROM "orders" AS "o" GROUP BY "o"."user_id") AS "biggest" ON "biggest"."user_id" = "users"."id" WHERE EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id" AND "orders"."status" = $1) AND "biggest"."top" > (SELECT avg("orders"."total") FROM "orders")"#,
            "SELECT `users`.`name`, `biggest`.`top` FROM `users` JOIN (SELECT `o`.`user_id`, max(`o`.`total`) AS `top` FROM `orders` AS `o` GROUP BY `o`.`user_id`) AS `biggest` ON `biggest`.`user_id` = `users`.`id` WHERE EXISTS (SELECT `orders`.`id` FROM `orders` WHERE `orders`.`user_id` = `users`.`id` AND `orders`.`status` = ?) AND `biggest`.`top` > (SELECT avg(`orders`.`total`) FROM `orders`)",
            sqlite,
        ],
        &["cancelled".into()],
    )?;

    // A CTE with a window function: each user's three largest orders. The
    // CTE's parameter comes first because WITH comes first. MariaDB has no
    // NULLS LAST: it sorts on `x IS NULL` first instead.
    let ranked = select((
        orders.c("user_id"),
        orders.c("total"),
        func::row_number()
            .over(
                WindowSpec::new()
                    .partition_by(orders.c("user_id"))
                    .order_by(orders.c("total").desc()),
            )
            .label("rn"),
    ))
    .from(&orders)
    .filter(orders.c("status").ne("cancelled"))
    .cte("ranked");
    let top_three = select((users.c("name"), ranked.c("total")))
        .from(&ranked)
        .join(&users, users.c("id").eq(ranked.c("user_id")))
        .filter(ranked.c("rn").le(3))
        .order_by((users.c("name").asc(), ranked.c("total").desc().nulls_last()));
    let sqlite = r#"WITH "ranked" AS (SELECT "orders"."user_id", "orders"."total", row_number() OVER (PARTITION BY "orders"."user_id" ORDER BY "orders"."total" DESC) AS "rn" FROM "orders" WHERE "orders"."status" <> ?) SELECT "users"."name", "ranked"."total" FROM "ranked" JOIN "users" ON "users"."id" = "ranked"."user_id" WHERE "ranked"."rn" <= ? ORDER BY "users"."name" ASC, "ranked"."total" DESC NULLS LAST"#;
    let top_three_sqlite = check(
        "CTE with a window function",
        &top_three,
        [
            sqlite,
            r#"WITH "ranked" AS (SELECT "orders"."user_id", "orders"."total", row_number() OVER (PARTITION BY "orders"."user_id" ORDER BY "orders"."total" DESC) AS "rn" FROM "orders" WHERE "orders"."status" <> $1) SELECT "users"."name", "ranked"."total" FROM "ranked" JOIN "users" ON "users"."id" = "ranked"."user_id" WHERE "ranked"."rn" <= $2 ORDER BY "users"."name" ASC, "ranked"."total" DESC NULLS LAST"#,
            "WITH `ranked` AS (SELECT `orders`.`user_id`, `orders`.`total`, row_number() OVER (PARTITION BY `orders`.`user_id` ORDER BY `orders`.`total` DESC) AS `rn` FROM `orders` WHERE `orders`.`status` <> ?) SELECT `users`.`name`, `ranked`.`total` FROM `ranked` JOIN `users` ON `users`.`id` = `ranked`.`user_id` WHERE `ranked`.`rn` <= ? ORDER BY `users`.`name` ASC, `ranked`.`total` IS NULL ASC, `ranked`.`total` DESC",
            sqlite,
        ],
        &["cancelled".into(), Value::Int(3)],
    )?;

    // INSERT of several rows: parameters row by row, column by column.
    let add_users = insert(&users)
        .columns(["name", "email"])
        .row(("ann", "ann@example.com"))
        .row(("bob", "bob@example.com"))
        .row(("cid", "cid@example.com"));
    let sqlite = r#"INSERT INTO "users" ("name", "email") VALUES (?, ?), (?, ?), (?, ?)"#;
    let add_users_sqlite = check(
        "INSERT of several rows",
        &add_users,
        [
            sqlite,
            r#"INSERT INTO "users" ("name", "email") VALUES ($1, $2), ($3, $4), ($5, $6)"#,
            "INSERT INTO `users` (`name`, `email`) VALUES (?, ?), (?, ?), (?, ?)",
            sqlite,
        ],
        &[
            "ann".into(),
            "ann@example.com".into(),
            "bob".into(),
            "bob@example.com".into(),
            "cid".into(),
            "cid@example.com".into(),
        ],
    )?;

    let add_orders = insert(&orders)
        .columns(["user_id", "total", "status"])
        .rows([
            (1, 40.0, "paid"),
            (1, 75.5, "shipped"),
            (1, 9.5, "cancelled"),
            (2, 120.0, "paid"),
            (3, 15.0, "paid"),
        ]);
    // Five rows of three values: fifteen parameters.
    let add_orders_sqlite = add_orders.compile(&Sqlite)?;
    assert_eq!(add_orders_sqlite.params.len(), 15);

    // Upsert: ON CONFLICT on SQLite, PostgreSQL and generic; MariaDB's
    // ON DUPLICATE KEY UPDATE reacts to any unique key.
    let upsert = insert(&users)
        .value("name", "Ann")
        .value("email", "ann@example.com")
        .on_conflict(OnConflict::columns(["email"]).do_update([("name", excluded("name"))]));
    let sqlite = r#"INSERT INTO "users" ("name", "email") VALUES (?, ?) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name""#;
    let upsert_sqlite = check(
        "Upsert",
        &upsert,
        [
            sqlite,
            r#"INSERT INTO "users" ("name", "email") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name""#,
            "INSERT INTO `users` (`name`, `email`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)",
            sqlite,
        ],
        &["Ann".into(), "ann@example.com".into()],
    )?;

    // UPDATE: SET values come before WHERE values.
    let ship = update(&orders)
        .set("status", "shipped")
        .set("total", orders.c("total") * 2)
        .filter(orders.c("status").eq("paid"))
        .filter(orders.c("total").lt(50));
    let sqlite = r#"UPDATE "orders" SET "status" = ?, "total" = "orders"."total" * ? WHERE "orders"."status" = ? AND "orders"."total" < ?"#;
    let ship_sqlite = check(
        "UPDATE",
        &ship,
        [
            sqlite,
            r#"UPDATE "orders" SET "status" = $1, "total" = "orders"."total" * $2 WHERE "orders"."status" = $3 AND "orders"."total" < $4"#,
            "UPDATE `orders` SET `status` = ?, `total` = `orders`.`total` * ? WHERE `orders`.`status` = ? AND `orders`.`total` < ?",
            sqlite,
        ],
        &["shipped".into(), Value::Int(2), "paid".into(), Value::Int(50)],
    )?;

    // A set operation with an ORDER BY and LIMIT of its own. SQLite orders a
    // compound SELECT by position.
    let mailing = select(users.c("email"))
        .from(&users)
        .filter(users.c("status").eq("vip"))
        .union(
            select(users.c("email"))
                .from(&users)
                .join(&orders, orders.c("user_id").eq(users.c("id")))
                .filter(orders.c("total").gt(100)),
        )
        .order_by(column("email").asc())
        .limit(5);
    let mailing_sqlite = check(
        "UNION with ORDER BY and LIMIT",
        &mailing,
        [
            r#"SELECT "users"."email" FROM "users" WHERE "users"."status" = ? UNION SELECT "users"."email" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."total" > ? ORDER BY 1 ASC LIMIT ?"#,
            r#"SELECT "users"."email" FROM "users" WHERE "users"."status" = $1 UNION SELECT "users"."email" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."total" > $2 ORDER BY "email" ASC LIMIT $3"#,
            "SELECT `users`.`email` FROM `users` WHERE `users`.`status` = ? UNION SELECT `users`.`email` FROM `users` JOIN `orders` ON `orders`.`user_id` = `users`.`id` WHERE `orders`.`total` > ? ORDER BY `email` ASC LIMIT ?",
            r#"SELECT "users"."email" FROM "users" WHERE "users"."status" = ? UNION SELECT "users"."email" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."total" > ? ORDER BY "email" ASC LIMIT ?"#,
        ],
        &["vip".into(), Value::Int(100), Value::Int(5)],
    )?;

    // DELETE … RETURNING: SQLite, PostgreSQL and MariaDB have it; plain ANSI
    // does not, so the generic dialect refuses it (see section 5).
    let purge = delete(&orders)
        .filter(orders.c("status").eq("cancelled"))
        .returning((orders.c("id"), orders.c("total")));
    let sqlite = r#"DELETE FROM "orders" WHERE "orders"."status" = ? RETURNING "orders"."id", "orders"."total""#;
    let purge_sqlite = check_some(
        "DELETE … RETURNING",
        &purge,
        &[
            (&Sqlite, sqlite),
            (
                &Postgres,
                r#"DELETE FROM "orders" WHERE "orders"."status" = $1 RETURNING "orders"."id", "orders"."total""#,
            ),
            (
                &MySql::mariadb(),
                "DELETE FROM `orders` WHERE `orders`.`status` = ? RETURNING `orders`.`id`, `orders`.`total`",
            ),
        ],
        &["cancelled".into()],
    )?;

    // ------------------------------------------------------------------
    // 2. DDL from the MetaData
    // ------------------------------------------------------------------
    //
    // Referenced tables first, each followed by its indexes; the same list
    // compiles for every dialect, which chooses the auto-increment form, the
    // type names and how a server default is written.
    heading("2. DDL");
    let create = meta.create_statements(false)?;
    let expected_ddl: [[&str; 3]; 4] = [
        [
            r#"CREATE TABLE "users" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "email" VARCHAR(100) NOT NULL, "status" VARCHAR(20) DEFAULT 'active' NOT NULL, "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP, UNIQUE ("email"))"#,
            r#"CREATE TABLE "orders" ("id" INTEGER NOT NULL PRIMARY KEY, "user_id" INTEGER NOT NULL, "total" NUMERIC(10, 2) NOT NULL, "status" VARCHAR(20) NOT NULL, FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE)"#,
            r#"CREATE INDEX "ix_orders_user_status" ON "orders" ("user_id", "status")"#,
        ],
        [
            r#"CREATE TABLE "users" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "name" VARCHAR(50) NOT NULL, "email" VARCHAR(100) NOT NULL, "status" VARCHAR(20) DEFAULT 'active' NOT NULL, "created_at" TIMESTAMP WITHOUT TIME ZONE DEFAULT (now()), PRIMARY KEY ("id"), UNIQUE ("email"))"#,
            r#"CREATE TABLE "orders" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "user_id" INTEGER NOT NULL, "total" NUMERIC(10, 2) NOT NULL, "status" VARCHAR(20) NOT NULL, PRIMARY KEY ("id"), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE)"#,
            r#"CREATE INDEX "ix_orders_user_status" ON "orders" ("user_id", "status")"#,
        ],
        [
            "CREATE TABLE `users` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(50) NOT NULL, `email` VARCHAR(100) NOT NULL, `status` VARCHAR(20) DEFAULT 'active' NOT NULL, `created_at` DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`), UNIQUE (`email`))",
            "CREATE TABLE `orders` (`id` INTEGER NOT NULL AUTO_INCREMENT, `user_id` INTEGER NOT NULL, `total` NUMERIC(10, 2) NOT NULL, `status` VARCHAR(20) NOT NULL, PRIMARY KEY (`id`), FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE)",
            "CREATE INDEX `ix_orders_user_status` ON `orders` (`user_id`, `status`)",
        ],
        [
            r#"CREATE TABLE "users" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "name" VARCHAR(50) NOT NULL, "email" VARCHAR(100) NOT NULL, "status" VARCHAR(20) DEFAULT 'active' NOT NULL, "created_at" TIMESTAMP DEFAULT (now()), PRIMARY KEY ("id"), UNIQUE ("email"))"#,
            r#"CREATE TABLE "orders" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "user_id" INTEGER NOT NULL, "total" NUMERIC(10, 2) NOT NULL, "status" VARCHAR(20) NOT NULL, PRIMARY KEY ("id"), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE)"#,
            r#"CREATE INDEX "ix_orders_user_status" ON "orders" ("user_id", "status")"#,
        ],
    ];
    let mut sqlite_ddl = Vec::new();
    for ((name, dialect), expected) in DIALECTS.iter().zip(expected_ddl) {
        println!("-- {name}");
        let rendered = compile_all(&create, *dialect)?;
        for sql in &rendered {
            println!("{sql};");
        }
        println!();
        assert_eq!(rendered, expected, "DDL for {name}");
        if *name == "SQLite" {
            sqlite_ddl = rendered;
        }
    }

    // DROP in the reverse order: children before the tables they reference.
    let drop = meta.drop_statements(true)?;
    for ((name, dialect), expected) in DIALECTS.iter().zip([
        [
            r#"DROP TABLE IF EXISTS "orders""#,
            r#"DROP TABLE IF EXISTS "users""#,
        ],
        [
            r#"DROP TABLE IF EXISTS "orders""#,
            r#"DROP TABLE IF EXISTS "users""#,
        ],
        [
            "DROP TABLE IF EXISTS `orders`",
            "DROP TABLE IF EXISTS `users`",
        ],
        [
            r#"DROP TABLE IF EXISTS "orders""#,
            r#"DROP TABLE IF EXISTS "users""#,
        ],
    ]) {
        let rendered = compile_all(&drop, *dialect)?;
        println!("-- {name}: {}", rendered.join("; "));
        assert_eq!(rendered, expected, "DROP for {name}");
    }
    println!();

    // ------------------------------------------------------------------
    // 3. Literal SQL, for logs
    // ------------------------------------------------------------------
    //
    // Every value inlined, escaped by the dialect. For logs and debugging
    // only: the executed statement always binds its values.
    heading("3. Literal SQL (for logs only)");
    let literal = spenders.to_literal_sql(&Postgres)?;
    println!("PostgreSQL: {literal}\n");
    assert_eq!(
        literal,
        r#"SELECT "users"."name", sum("orders"."total") AS "spent", CASE WHEN sum("orders"."total") >= 100 THEN 'gold' ELSE 'regular' END AS "tier" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."status" IN ('paid', 'shipped') GROUP BY "users"."id", "users"."name" HAVING count("orders"."id") >= 2 ORDER BY "spent" DESC, "users"."name" ASC LIMIT 10"#
    );

    // A value that tries to close the string and comment out the rest, with a
    // backslash before a quote for engines that treat backslash as an escape.
    // Quotes are doubled everywhere; MariaDB escapes the backslash too (unless
    // it runs with NO_BACKSLASH_ESCAPES, which `with_no_backslash_escapes`
    // mirrors). A negative number is parenthesised so that `- -3` cannot
    // become a `--` comment.
    let hostile = r"x'); DROP TABLE users; -- \'";
    let lookup = select(users.c("id"))
        .from(&users)
        .filter(users.c("name").eq(hostile))
        .filter(users.c("id").gt(-3));
    let ansi = r#"SELECT "users"."id" FROM "users" WHERE "users"."name" = 'x''); DROP TABLE users; -- \''' AND "users"."id" > (-3)"#;
    for ((name, dialect), expected) in [
        (("SQLite", &Sqlite as &dyn Dialect), ansi),
        (("PostgreSQL", &Postgres), ansi),
        (
            ("MariaDB", &MySql::mariadb()),
            r"SELECT `users`.`id` FROM `users` WHERE `users`.`name` = 'x''); DROP TABLE users; -- \\''' AND `users`.`id` > (-3)",
        ),
        (
            (
                "MariaDB, NO_BACKSLASH_ESCAPES",
                &MySql::mariadb().with_no_backslash_escapes(true),
            ),
            r"SELECT `users`.`id` FROM `users` WHERE `users`.`name` = 'x''); DROP TABLE users; -- \''' AND `users`.`id` > (-3)",
        ),
    ] {
        let sql = lookup.to_literal_sql(dialect)?;
        println!("{name}:\n  {sql}");
        assert_eq!(sql, expected, "literal SQL for {name}");
    }
    println!();

    // ------------------------------------------------------------------
    // 4. The compile cache on its own
    // ------------------------------------------------------------------
    //
    // A tool that renders the same shapes over and over can keep a
    // `CompileCache` for its dialect. The key is the statement's shape, not
    // its values.
    heading("4. The compile cache");
    let cache = CompileCache::new(Postgres);
    let by_email = |email: &str| {
        select((users.c("id"), users.c("name")))
            .from(&users)
            .filter(users.c("email").eq(email))
    };
    let (ann, bob) = (by_email("ann@example.com"), by_email("bob@example.com"));
    let (first, first_outcome) = cache.compile_traced(&ann)?;
    let (second, second_outcome) = cache.compile_traced(&bob)?;
    println!("{} {first_outcome}", first.sql);
    println!("{} {second_outcome}", second.sql);
    assert!(matches!(first_outcome, CacheOutcome::Miss { .. }));
    assert!(matches!(second_outcome, CacheOutcome::Hit { .. }));
    assert_eq!(first.sql, second.sql);
    assert_eq!(first.values()?, vec![Value::from("ann@example.com")]);
    assert_eq!(second.values()?, vec![Value::from("bob@example.com")]);
    // A hit renders exactly what a fresh compile would.
    assert_eq!(second, bob.compile(&Postgres)?);
    // `compile_ref` hands out the entry's SQL itself, not a copy.
    let (r1, r2) = (cache.compile_ref(&ann)?, cache.compile_ref(&bob)?);
    assert!(std::sync::Arc::ptr_eq(&r1.sql, &r2.sql));

    // IN lists of plain values are "expanding": non-empty lists of any length share one
    // entry, and the placeholders after the list are renumbered.
    let by_status = |statuses: &[&str]| {
        select(orders.c("id"))
            .from(&orders)
            .filter(orders.c("status").in_(statuses))
            .filter(orders.c("total").gt(10))
            .limit(5)
    };
    let two = cache.compile(&by_status(&["paid", "shipped"]))?;
    let four = cache.compile(&by_status(&["paid", "shipped", "cancelled", "new"]))?;
    println!("{}", two.sql);
    println!("{}", four.sql);
    assert_eq!(
        two.sql,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."status" IN ($1, $2) AND "orders"."total" > $3 LIMIT $4"#
    );
    assert_eq!(
        four.sql,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."status" IN ($1, $2, $3, $4) AND "orders"."total" > $5 LIMIT $6"#
    );
    assert_eq!(
        four.values()?,
        vec![
            "paid".into(),
            "shipped".into(),
            "cancelled".into(),
            "new".into(),
            Value::Int(10),
            Value::Int(5)
        ]
    );
    assert_eq!(
        four,
        by_status(&["paid", "shipped", "cancelled", "new"]).compile(&Postgres)?
    );

    // text() is SQL the cache cannot see into: compiled fresh every time,
    // counted, never stored.
    let raw = text("SELECT count(*) FROM users WHERE status = :status").bind("status", "vip");
    let (raw_sql, raw_outcome) = cache.compile_traced(&raw)?;
    println!("{} {raw_outcome}", raw_sql.sql);
    assert_eq!(raw_sql.sql, "SELECT count(*) FROM users WHERE status = $1");
    assert!(
        matches!(
            raw_outcome,
            CacheOutcome::Uncacheable(Uncacheable::Construct(_))
        ),
        "{raw_outcome:?}"
    );

    let stats = cache.stats();
    println!(
        "stats: {} hit(s), {} miss(es), {} uncacheable, {} entries, {} evicted\n",
        stats.hits, stats.misses, stats.uncacheable, stats.len, stats.evictions
    );
    // Misses: the e-mail shape and the IN-list shape. Hits: bob, the two
    // compile_ref calls and the four-value list.
    assert_eq!(
        (
            stats.hits,
            stats.misses,
            stats.uncacheable,
            stats.len,
            stats.evictions
        ),
        (4, 2, 1, 2, 0)
    );

    // ------------------------------------------------------------------
    // 5. Typed errors
    // ------------------------------------------------------------------
    //
    // A construct a dialect cannot express is `Error::Unsupported`, naming
    // the dialect and the construct; the same statement still compiles for
    // the dialects that have it. Nothing is silently rewritten or dropped.
    heading("5. Typed errors");
    let everyone = select((users.c("name"), orders.c("total")))
        .from(&users)
        .full_join(&orders, orders.c("user_id").eq(users.c("id")));
    let newest_per_status = select((users.c("status"), users.c("name")))
        .from(&users)
        .distinct_on(users.c("status"))
        .order_by((users.c("status").asc(), users.c("created_at").desc()));
    let ship_returning = ship.clone().returning(orders.c("id"));
    let common = select(users.c("id"))
        .from(&users)
        .intersect_all(select(orders.c("user_id")).from(&orders));

    expect_unsupported(&everyone, &MySql::mariadb(), "mariadb", "FULL OUTER JOIN")?;
    expect_unsupported(
        &ship_returning,
        &MySql::mariadb(),
        "mariadb",
        "UPDATE … RETURNING",
    )?;
    expect_unsupported(&purge, &GenericDialect, "generic", "DELETE … RETURNING")?;
    for (dialect, name) in [
        (&Sqlite as &dyn Dialect, "sqlite"),
        (&MySql::mariadb(), "mariadb"),
        (&GenericDialect, "generic"),
    ] {
        expect_unsupported(&newest_per_status, dialect, name, "SELECT DISTINCT ON")?;
    }
    expect_unsupported(&common, &Sqlite, "sqlite", "INTERSECT ALL")?;

    // ... and the dialects that have them render them.
    assert_eq!(
        everyone.compile(&Postgres)?.sql,
        r#"SELECT "users"."name", "orders"."total" FROM "users" FULL OUTER JOIN "orders" ON "orders"."user_id" = "users"."id""#
    );
    assert_eq!(
        newest_per_status.compile(&Postgres)?.sql,
        r#"SELECT DISTINCT ON ("users"."status") "users"."status", "users"."name" FROM "users" ORDER BY "users"."status" ASC, "users"."created_at" DESC"#
    );
    assert!(ship_returning
        .compile(&Postgres)?
        .sql
        .ends_with(r#"RETURNING "orders"."id""#));
    assert_eq!(
        common.compile(&MySql::mariadb())?.sql,
        "SELECT `users`.`id` FROM `users` INTERSECT ALL SELECT `orders`.`user_id` FROM `orders`"
    );

    // A literal cannot hold what the engine would cut short: a NUL in a
    // string is refused in literal mode (binding it is fine).
    let nul = select(users.c("id"))
        .from(&users)
        .filter(users.c("name").eq("a\0b"));
    let err = nul.to_literal_sql(&Postgres).unwrap_err();
    println!("literal with NUL -> {err}");
    assert!(matches!(
        err,
        Error::Unsupported {
            dialect: "postgresql",
            ..
        }
    ));
    assert_eq!(nul.compile(&Postgres)?.values()?, vec![Value::from("a\0b")]);
    println!();

    // ------------------------------------------------------------------
    // 6. bindparam: build once, bind per use
    // ------------------------------------------------------------------
    //
    // A named parameter stays open in the compiled statement (`Param::Named`).
    // Compile once per dialect, then `bind` per use: the result is the full
    // value list in placeholder order, the statement's own values included.
    heading("6. bindparam");
    let user_by_id = select((users.c("name"), users.c("email")))
        .from(&users)
        .filter(users.c("status").ne("banned"))
        .filter(users.c("id").eq(bindparam("id")));
    let pg = user_by_id.compile(&Postgres)?;
    let maria = user_by_id.compile(&MySql::mariadb())?;
    println!("PostgreSQL: {}", pg.sql);
    println!("MariaDB:    {}", maria.sql);
    assert_eq!(
        pg.sql,
        r#"SELECT "users"."name", "users"."email" FROM "users" WHERE "users"."status" <> $1 AND "users"."id" = $2"#
    );
    assert_eq!(
        maria.sql,
        "SELECT `users`.`name`, `users`.`email` FROM `users` WHERE `users`.`status` <> ? AND `users`.`id` = ?"
    );
    assert_eq!(
        pg.params,
        vec![Param::Value("banned".into()), Param::Named("id".into())]
    );
    assert_eq!(pg.param_names().collect::<Vec<_>>(), ["id"]);
    for id in [1, 2, 3] {
        let values = pg.bind(&[("id", Value::Int(id))])?;
        println!("  id = {id}: {}", values_to_string(&values));
        assert_eq!(values, vec![Value::from("banned"), Value::Int(id)]);
        assert_eq!(maria.bind(&[("id", Value::Int(id))])?, values);
    }
    // A missing value and a misspelt name are errors, not NULLs.
    let missing = pg.values().unwrap_err();
    let typo = pg
        .bind(&[("id", Value::Int(1)), ("idd", Value::Int(1))])
        .unwrap_err();
    println!("  no value      -> {missing}");
    println!("  unknown name  -> {typo}");
    assert_eq!(missing, Error::MissingBindParam { name: "id".into() });
    assert_eq!(typo, Error::UnknownBindParam { name: "idd".into() });

    // Through a cache, the one statement object is compiled once; later
    // compiles are hits that skip most of the key walk.
    let bind_cache = CompileCache::new(Sqlite);
    for _ in 0..3 {
        bind_cache.compile(&user_by_id)?;
    }
    let s = bind_cache.stats();
    assert_eq!((s.misses, s.hits), (1, 2));
    let sqlite_by_id = bind_cache.compile(&user_by_id)?;
    println!();

    // ------------------------------------------------------------------
    // 7. Handing the SQL to another runtime
    // ------------------------------------------------------------------
    //
    // The SQLite text and values go straight to rusqlite: no sqlcraft engine.
    // `Value` maps onto the driver's own value type; the parameters are
    // already in placeholder order.
    heading("7. The SQLite renderings, run by rusqlite");
    let db = rusqlite::Connection::open_in_memory()?;
    for sql in &sqlite_ddl {
        db.execute(sql, [])?;
    }
    // Statements without a result set report how many rows they changed.
    let execute = |label: &str, c: &Compiled| -> Result<usize, AnyError> {
        let n = db.execute(&c.sql, to_rusqlite_params(&c.values()?)?)?;
        println!("{label}: {n} row(s) changed");
        Ok(n)
    };
    let query = |label: &str, sql: &str, values: &[Value]| -> Result<Vec<Vec<String>>, AnyError> {
        let rows = query_rows(&db, sql, values)?;
        println!("{label}:");
        for row in &rows {
            println!("  {}", row.join(" | "));
        }
        Ok(rows)
    };
    let query_compiled = |label: &str, c: &Compiled| -> Result<Vec<Vec<String>>, AnyError> {
        query(label, &c.sql, &c.values()?)
    };

    assert_eq!(execute("add_users", &add_users_sqlite)?, 3);
    assert_eq!(execute("add_orders", &add_orders_sqlite)?, 5);
    // SQLite keeps 40.0 in a NUMERIC column as the integer 40.
    let rows = query_compiled("spenders", &spenders_sqlite)?;
    assert_eq!(rows, [["ann", "115.5", "gold"]]);
    let rows = query_compiled("subqueries", &subqueries_sqlite)?;
    assert_eq!(rows, [["ann", "75.5"]]);
    let rows = query_compiled("top_three", &top_three_sqlite)?;
    assert_eq!(
        rows,
        [
            ["ann", "75.5"],
            ["ann", "40"],
            ["bob", "120"],
            ["cid", "15"]
        ]
    );
    // ann@example.com exists: the upsert renames her instead of failing.
    assert_eq!(execute("upsert", &upsert_sqlite)?, 1);
    // The bindparam statement, compiled once above, bound per execution.
    for (id, expected) in [
        (1, ["Ann", "ann@example.com"]),
        (2, ["bob", "bob@example.com"]),
    ] {
        let rows = query(
            &format!("user {id} (bindparam)"),
            &sqlite_by_id.sql,
            &sqlite_by_id.bind(&[("id", Value::Int(id))])?,
        )?;
        assert_eq!(rows, [expected]);
    }
    // Paid orders under 50: ann's 40 and cid's 15.
    assert_eq!(execute("ship", &ship_sqlite)?, 2);
    let rows = query_compiled("mailing", &mailing_sqlite)?;
    assert_eq!(rows, [["bob@example.com"]]);
    let rows = query_compiled("purge (DELETE … RETURNING)", &purge_sqlite)?;
    assert_eq!(rows, [["3", "9.5"]]);

    // The hostile literal of section 3, run once to prove the escaping (real
    // code binds its values): it is one plain string, found as a value, and
    // the users table is still there.
    let eve = insert(&users)
        .value("name", hostile)
        .value("email", "eve@example.com")
        .compile(&Sqlite)?;
    assert_eq!(execute("insert the hostile name (bound)", &eve)?, 1);
    let rows = query(
        "lookup (literal SQL)",
        &lookup.to_literal_sql(&Sqlite)?,
        &[],
    )?;
    assert_eq!(rows, [["4"]]);
    Ok(())
}

/// Compiles `stmt` for the four dialects, prints each rendering with its
/// parameters, and checks the SQL (`expected`, in `DIALECTS` order) and the
/// values. Returns the SQLite rendering.
fn check(
    title: &str,
    stmt: &impl Compile,
    expected: [&str; 4],
    values: &[Value],
) -> Result<Compiled, AnyError> {
    let pairs: Vec<(&dyn Dialect, &str)> = DIALECTS.iter().map(|(_, d)| *d).zip(expected).collect();
    check_some(title, stmt, &pairs, values)
}

/// As [`check`], for the dialects listed; returns the first one's rendering.
fn check_some(
    title: &str,
    stmt: &impl Compile,
    expected: &[(&dyn Dialect, &str)],
    values: &[Value],
) -> Result<Compiled, AnyError> {
    println!("## {title}");
    let mut first = None;
    for (dialect, sql) in expected {
        let c = stmt.compile(*dialect)?;
        println!("{:>10}: {}", dialect.name(), c.sql);
        assert_eq!(c.sql, *sql, "{title} on {}", dialect.name());
        let got = c.values()?;
        assert_eq!(got, values, "{title} parameters on {}", dialect.name());
        first.get_or_insert(c);
    }
    println!("{:>10}  [{}]\n", "params", values_to_string(values));
    first.ok_or_else(|| format!("{title}: no dialect to compile for").into())
}

/// Compiles a list of DDL statements for one dialect.
fn compile_all(stmts: &[impl Compile], dialect: &dyn Dialect) -> sqlcraft::Result<Vec<String>> {
    stmts
        .iter()
        .map(|s| s.compile(dialect).map(|c| c.sql))
        .collect()
}

/// Checks that `stmt` is refused by `dialect` with `Error::Unsupported`
/// naming the dialect and the construct.
fn expect_unsupported(
    stmt: &impl Compile,
    dialect: &dyn Dialect,
    name: &str,
    what: &str,
) -> Result<(), AnyError> {
    match stmt.compile(dialect) {
        Err(
            ref err @ Error::Unsupported {
                dialect: d,
                ref construct,
            },
        ) => {
            println!("{name:>8}: {err}");
            assert_eq!(d, name);
            assert_eq!(construct, what);
            assert_eq!(
                err.to_string(),
                format!("the {name} dialect does not support {what}")
            );
            Ok(())
        }
        Err(other) => Err(format!("{name}: expected Unsupported({what}), got {other}").into()),
        Ok(c) => Err(format!("{name}: expected Unsupported({what}), got {}", c.sql).into()),
    }
}

/// Runs one query on rusqlite and returns its rows as text.
fn query_rows(
    db: &rusqlite::Connection,
    sql: &str,
    values: &[Value],
) -> Result<Vec<Vec<String>>, AnyError> {
    let mut stmt = db.prepare(sql)?;
    let width = stmt.column_count();
    let mut rows = stmt.query(to_rusqlite_params(values)?)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut cells = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => "NULL".to_owned(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Real(f) => f.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
            });
        }
        out.push(cells);
    }
    Ok(out)
}

/// Values in placeholder order, as rusqlite parameters.
fn to_rusqlite_params(
    values: &[Value],
) -> Result<rusqlite::ParamsFromIter<Vec<rusqlite::types::Value>>, AnyError> {
    let values = values
        .iter()
        .map(to_rusqlite)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rusqlite::params_from_iter(values))
}

/// sqlcraft's `Value` as rusqlite's.
fn to_rusqlite(v: &Value) -> Result<rusqlite::types::Value, AnyError> {
    use rusqlite::types::Value as R;
    Ok(match v {
        Value::Null => R::Null,
        Value::Bool(b) => R::Integer(i64::from(*b)),
        Value::Int(i) => R::Integer(*i),
        Value::Float(f) => R::Real(*f),
        Value::Text(s) => R::Text(s.clone()),
        Value::Bytes(b) => R::Blob(b.clone()),
        // `Value` is non-exhaustive: feature-gated kinds (dates, UUIDs, JSON…).
        other => return Err(format!("no rusqlite mapping for {other:?}").into()),
    })
}

fn values_to_string(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::Text(s) => format!("{s:?}"),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format!("{f:?}"),
            Value::Null => "NULL".to_owned(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn heading(title: &str) {
    println!("==== {title} ====\n");
}
