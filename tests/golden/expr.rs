//! Golden tests: expr.
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

/// Literal SQL (`to_literal_sql`) wrapped for the harness's `query`.
fn literal(sql: String) -> Compiled {
    Compiled {
        sql,
        params: Vec::new(),
    }
}

fn ints(values: &[i64]) -> Vec<Value> {
    values.iter().map(|&i| Value::Int(i)).collect()
}

#[test]
fn column_references_are_qualified_by_table_or_alias() {
    let s = schema();
    let db = sqlite_db(&s);

    let c = golden(
        &select((s.users.c("id"), s.users.c("name")))
            .from(&s.users)
            .filter(s.users.c("id").eq(1)),
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(c.values().unwrap(), ints(&[1]));
    assert_eq!(query(&db, &c), ["1|ann"]);

    let u = s.users.alias("u");
    let c = golden(
        &select((u.c("id"), u.c("name")))
            .from(&u)
            .filter(u.c("id").eq(2)),
        r#"SELECT "u"."id", "u"."name" FROM "users" AS "u" WHERE "u"."id" = ?"#,
        r#"SELECT "u"."id", "u"."name" FROM "users" AS "u" WHERE "u"."id" = $1"#,
        "SELECT `u`.`id`, `u`.`name` FROM `users` AS `u` WHERE `u`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["2|bob"]);

    // Unqualified names and `table.*`.
    let c = golden(
        &select((column("name"), s.users.star()))
            .from(&s.users)
            .filter(column("id").eq(3)),
        r#"SELECT "name", "users".* FROM "users" WHERE "id" = ?"#,
        r#"SELECT "name", "users".* FROM "users" WHERE "id" = $1"#,
        "SELECT `name`, `users`.* FROM `users` WHERE `id` = ?",
    );
    assert_eq!(
        query(&db, &c),
        ["cid|3|cid|cid@y.io|gold|FR|2024-03-01 00:00:00"]
    );
}

#[test]
fn bound_values_of_every_kind_are_parameters_never_sql() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((
        lit(7),
        lit(2.5),
        lit("it's; DROP TABLE users"),
        lit(true),
        lit(None::<i32>),
        lit(vec![0u8, 1, 255]),
    ));
    let c = golden(
        &stmt,
        "SELECT ? AS \"anon_1\", ? AS \"anon_2\", ? AS \"anon_3\", ? AS \"anon_4\", ? AS \"anon_5\", ? AS \"anon_6\"",
        "SELECT CAST($1 AS BIGINT) AS \"anon_1\", CAST($2 AS DOUBLE PRECISION) AS \"anon_2\", $3 AS \"anon_3\", CAST($4 AS BOOLEAN) AS \"anon_4\", $5 AS \"anon_5\", CAST($6 AS BYTEA) AS \"anon_6\"",
        "SELECT ? AS `anon_1`, ? AS `anon_2`, ? AS `anon_3`, ? AS `anon_4`, ? AS `anon_5`, CAST(? AS BINARY) AS `anon_6`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::Int(7),
            Value::Float(2.5),
            Value::Text("it's; DROP TABLE users".into()),
            Value::Bool(true),
            Value::Null,
            Value::Bytes(vec![0, 1, 255]),
        ]
    );
    assert_eq!(
        query(&db, &c),
        ["7|2.5|it's; DROP TABLE users|1|NULL|[0, 1, 255]"]
    );

    // Values compared with columns keep their kind.
    let c = golden(
        &select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("name").eq("cid").or(s.users.c("id").eq(5i64))),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."name" = ? OR "users"."id" = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."name" = $1 OR "users"."id" = $2"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`name` = ? OR `users`.`id` = ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::Text("cid".into()), Value::Int(5)]
    );
    assert_eq!(query(&db, &c), ["3", "5"]);
}

#[test]
fn bindparam_values_are_supplied_at_execution_and_checked_by_name() {
    let s = schema();
    let db = sqlite_db(&s);
    let id = s.users.c("id");
    let stmt = select(s.users.c("name"))
        .from(&s.users)
        .filter(id.clone().between(bindparam("lo"), bindparam("hi")))
        .filter(
            id.clone()
                .ne(bindparam("skip"))
                .or(id.clone().eq(bindparam("lo"))),
        )
        .order_by(id);
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" BETWEEN ? AND ? AND ("users"."id" <> ? OR "users"."id" = ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" BETWEEN $1 AND $2 AND ("users"."id" <> $3 OR "users"."id" = $4) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` BETWEEN ? AND ? AND (`users`.`id` <> ? OR `users`.`id` = ?) ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.params,
        vec![
            Param::Named("lo".into()),
            Param::Named("hi".into()),
            Param::Named("skip".into()),
            Param::Named("lo".into()),
        ]
    );
    assert_eq!(
        c.param_names().collect::<Vec<_>>(),
        ["lo", "hi", "skip", "lo"]
    );

    // No values yet: the first missing name is reported.
    assert_eq!(
        c.values().unwrap_err(),
        Error::MissingBindParam { name: "lo".into() }
    );
    assert_eq!(
        c.bind(&[("lo", Value::Int(2)), ("hi", Value::Int(4))])
            .unwrap_err(),
        Error::MissingBindParam {
            name: "skip".into()
        }
    );
    // A name the statement does not have is a typo, even with all the others given.
    assert_eq!(
        c.bind(&[
            ("lo", Value::Int(2)),
            ("hi", Value::Int(4)),
            ("skip", Value::Int(3)),
            ("hl", Value::Int(4)),
        ])
        .unwrap_err(),
        Error::UnknownBindParam { name: "hl".into() }
    );

    // A repeated name takes the same value in each slot.
    let values = c
        .bind(&[
            ("hi", Value::Int(4)),
            ("lo", Value::Int(2)),
            ("skip", Value::Int(3)),
        ])
        .unwrap();
    assert_eq!(values, ints(&[2, 4, 3, 2]));
    assert_eq!(query(&db, &with_values(&c, values)), ["bob", "dee"]);

    let values = c
        .bind(&[
            ("lo", Value::Int(1)),
            ("hi", Value::Int(5)),
            ("skip", Value::Int(1)),
        ])
        .unwrap();
    assert_eq!(
        query(&db, &with_values(&c, values)),
        ["ann", "bob", "cid", "dee", "Eve"]
    );
}

#[test]
fn null_and_boolean_literals_are_keywords_not_parameters() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((null(), Expr::Bool(true), Expr::Bool(false)))
        .from(&s.users)
        .filter(Expr::Bool(true))
        .filter(s.users.c("email").eq(null()));
    let c = golden(
        &stmt,
        r#"SELECT NULL AS "anon_1", TRUE AS "anon_2", FALSE AS "anon_3" FROM "users" WHERE TRUE AND "users"."email" IS NULL"#,
        r#"SELECT NULL AS "anon_1", TRUE AS "anon_2", FALSE AS "anon_3" FROM "users" WHERE TRUE AND "users"."email" IS NULL"#,
        "SELECT NULL AS `anon_1`, TRUE AS `anon_2`, FALSE AS `anon_3` FROM `users` WHERE TRUE AND `users`.`email` IS NULL",
    );
    assert!(c.params.is_empty());
    assert_eq!(query(&db, &c), ["NULL|1|0"]);
}

#[test]
fn comparison_operators_and_none_becoming_is_null() {
    let s = schema();
    let db = sqlite_db(&s);
    let id = || s.users.c("id");
    let stmt = select((
        id(),
        id().eq(2).label("eq"),
        id().ne(2).label("ne"),
        id().lt(2).label("lt"),
        id().le(2).label("le"),
        id().gt(2).label("gt"),
        id().ge(2).label("ge"),
    ))
    .from(&s.users)
    .filter(id().le(3))
    .order_by(id());
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", "users"."id" = ? AS "eq", "users"."id" <> ? AS "ne", "users"."id" < ? AS "lt", "users"."id" <= ? AS "le", "users"."id" > ? AS "gt", "users"."id" >= ? AS "ge" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id""#,
        r#"SELECT "users"."id", "users"."id" = $1 AS "eq", "users"."id" <> $2 AS "ne", "users"."id" < $3 AS "lt", "users"."id" <= $4 AS "le", "users"."id" > $5 AS "gt", "users"."id" >= $6 AS "ge" FROM "users" WHERE "users"."id" <= $7 ORDER BY "users"."id""#,
        "SELECT `users`.`id`, `users`.`id` = ? AS `eq`, `users`.`id` <> ? AS `ne`, `users`.`id` < ? AS `lt`, `users`.`id` <= ? AS `le`, `users`.`id` > ? AS `gt`, `users`.`id` >= ? AS `ge` FROM `users` WHERE `users`.`id` <= ? ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[2, 2, 2, 2, 2, 2, 3]));
    assert_eq!(
        query(&db, &c),
        ["1|0|1|1|1|0|0", "2|1|0|0|1|0|1", "3|0|1|0|0|1|1"]
    );

    // eq(None) / ne(None) are IS NULL / IS NOT NULL, never `= NULL`.
    let c = golden(
        &select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("status").eq(None::<&str>)),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."status" IS NULL"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."status" IS NULL"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`status` IS NULL",
    );
    assert!(c.params.is_empty());
    assert_eq!(query(&db, &c), ["4"]);

    let c = golden(
        &select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("email").ne(None::<&str>))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" IS NOT NULL ORDER BY "users"."id""#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" IS NOT NULL ORDER BY "users"."id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`email` IS NOT NULL ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["1", "3", "4", "5"]);

    // A comparison of comparisons is grouped.
    let c = golden(
        &select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").gt(3).eq(false)),
        r#"SELECT "users"."id" FROM "users" WHERE ("users"."id" > ?) = ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE ("users"."id" > $1) = $2"#,
        "SELECT `users`.`id` FROM `users` WHERE (`users`.`id` > ?) = ?",
    );
    assert_eq!(query(&db, &c), ["1", "2", "3"]);
}

#[test]
fn arithmetic_is_parenthesised_by_precedence_and_side() {
    let s = schema();
    let db = sqlite_db(&s);
    let a = || s.orders.c("id");
    let b = || s.orders.c("user_id");
    let stmt = select((
        a(),
        ((a() + b()) * 2).label("sum_times"),
        (a() - (b() - 1)).label("minus_group"),
        (-(a() + b())).label("neg_group"),
        (a() - b() + 1).label("left_chain"),
        (a() * b() % 4).label("mul_mod"),
        (a() % (b() * 2)).label("mod_group"),
        (s.orders.c("total") / 2).label("half"),
        (-a() * b()).label("neg_mul"),
        (-(-a())).label("neg_neg"),
    ))
    .from(&s.orders)
    .filter(a().in_([3, 4]))
    .order_by(a());
    let c = golden(
        &stmt,
        r#"SELECT "orders"."id", ("orders"."id" + "orders"."user_id") * ? AS "sum_times", "orders"."id" - ("orders"."user_id" - ?) AS "minus_group", -("orders"."id" + "orders"."user_id") AS "neg_group", "orders"."id" - "orders"."user_id" + ? AS "left_chain", "orders"."id" * "orders"."user_id" % ? AS "mul_mod", "orders"."id" % ("orders"."user_id" * ?) AS "mod_group", "orders"."total" / ? AS "half", -"orders"."id" * "orders"."user_id" AS "neg_mul", -(-"orders"."id") AS "neg_neg" FROM "orders" WHERE "orders"."id" IN (?, ?) ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id", ("orders"."id" + "orders"."user_id") * $1 AS "sum_times", "orders"."id" - ("orders"."user_id" - $2) AS "minus_group", -("orders"."id" + "orders"."user_id") AS "neg_group", "orders"."id" - "orders"."user_id" + $3 AS "left_chain", "orders"."id" * "orders"."user_id" % $4 AS "mul_mod", "orders"."id" % ("orders"."user_id" * $5) AS "mod_group", "orders"."total" / $6 AS "half", -"orders"."id" * "orders"."user_id" AS "neg_mul", -(-"orders"."id") AS "neg_neg" FROM "orders" WHERE "orders"."id" IN ($7, $8) ORDER BY "orders"."id""#,
        "SELECT `orders`.`id`, (`orders`.`id` + `orders`.`user_id`) * ? AS `sum_times`, `orders`.`id` - (`orders`.`user_id` - ?) AS `minus_group`, -(`orders`.`id` + `orders`.`user_id`) AS `neg_group`, `orders`.`id` - `orders`.`user_id` + ? AS `left_chain`, `orders`.`id` * `orders`.`user_id` % ? AS `mul_mod`, `orders`.`id` % (`orders`.`user_id` * ?) AS `mod_group`, `orders`.`total` / ? AS `half`, -`orders`.`id` * `orders`.`user_id` AS `neg_mul`, -(-`orders`.`id`) AS `neg_neg` FROM `orders` WHERE `orders`.`id` IN (?, ?) ORDER BY `orders`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[2, 1, 1, 4, 2, 2, 3, 4]));
    // order 3: id 3, user 2, total 5.25; order 4: id 4, user 3, total 100
    assert_eq!(
        query(&db, &c),
        ["3|10|2|-5|2|2|3|2.625|-6|3", "4|14|2|-7|2|0|4|50|-12|4"]
    );
}

#[test]
fn concatenation_is_an_operator_or_one_flattened_concat_call() {
    let s = schema();
    let db = sqlite_db(&s);
    let name = || s.users.c("name");
    let country = || s.users.c("country");
    let joined = name().concat("-").concat(country());
    let stmt = select(joined.clone().label("tag"))
        .from(&s.users)
        .filter(joined.eq("cid-FR"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" || ? || "users"."country" AS "tag" FROM "users" WHERE ("users"."name" || ? || "users"."country") = ?"#,
        r#"SELECT "users"."name" || $1 || "users"."country" AS "tag" FROM "users" WHERE ("users"."name" || $2 || "users"."country") = $3"#,
        "SELECT concat(`users`.`name`, ?, `users`.`country`) AS `tag` FROM `users` WHERE concat(`users`.`name`, ?, `users`.`country`) = ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("-"), Value::from("-"), Value::from("cid-FR")]
    );
    assert_eq!(query(&db, &c), ["cid-FR"]);

    // Right-nested: grouped with `||`, still one flat concat() on MySQL.
    let stmt = select(name().concat(lit("<").concat(country())).concat(">"))
        .from(&s.users)
        .filter(s.users.c("id").eq(5));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" || (? || "users"."country") || ? AS "anon_1" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."name" || ($1 || "users"."country") || $2 AS "anon_1" FROM "users" WHERE "users"."id" = $3"#,
        "SELECT concat(`users`.`name`, ?, `users`.`country`, ?) AS `anon_1` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["Eve<DE>"]);

    // Concatenation next to arithmetic is always grouped.
    let stmt = select(name().concat(s.users.c("id") + 1))
        .from(&s.users)
        .filter(s.users.c("id").eq(1));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" || ("users"."id" + ?) AS "anon_1" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."name" || ("users"."id" + $1) AS "anon_1" FROM "users" WHERE "users"."id" = $2"#,
        "SELECT concat(`users`.`name`, `users`.`id` + ?) AS `anon_1` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["ann2"]);
}

#[test]
fn like_and_not_like_with_escape_characters() {
    let s = schema();
    let db = sqlite_db(&s);
    let email = || s.users.c("email");

    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(email().like("%@x.io"))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" LIKE ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" LIKE $1 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`email` LIKE ? ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("%@x.io")]);
    assert_eq!(query(&db, &c), ["ann", "dee"]);

    // NOT LIKE leaves the NULL email out (bob), as SQL does.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(email().not_like("%@x.io"))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" NOT LIKE ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" NOT LIKE $1 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`email` NOT LIKE ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["cid", "Eve"]);

    // The escape character is a literal; MySQL needs its backslash doubled.
    let stmt = select((
        lit("a_c").like("a!_c").escape('!').label("bang"),
        lit("abc").like("a!_c").escape('!').label("bang_other"),
        lit("a%c").like("a\\%c").escape('\\').label("backslash"),
        lit("abc")
            .like("a\\%c")
            .escape('\\')
            .label("backslash_other"),
        lit("abc").not_like("a!%").escape('!').label("not_like"),
    ));
    let c = golden(
        &stmt,
        r#"SELECT ? LIKE ? ESCAPE '!' AS "bang", ? LIKE ? ESCAPE '!' AS "bang_other", ? LIKE ? ESCAPE '\' AS "backslash", ? LIKE ? ESCAPE '\' AS "backslash_other", ? NOT LIKE ? ESCAPE '!' AS "not_like""#,
        r#"SELECT $1 LIKE $2 ESCAPE '!' AS "bang", $3 LIKE $4 ESCAPE '!' AS "bang_other", $5 LIKE $6 ESCAPE '\' AS "backslash", $7 LIKE $8 ESCAPE '\' AS "backslash_other", $9 NOT LIKE $10 ESCAPE '!' AS "not_like""#,
        r"SELECT ? LIKE ? ESCAPE '!' AS `bang`, ? LIKE ? ESCAPE '!' AS `bang_other`, ? LIKE ? ESCAPE '\\' AS `backslash`, ? LIKE ? ESCAPE '\\' AS `backslash_other`, ? NOT LIKE ? ESCAPE '!' AS `not_like`",
    );
    assert_eq!(c.params.len(), 10);
    assert_eq!(query(&db, &c), ["1|0|1|0|1"]);

    // escape() on anything but a LIKE is an error at compile time.
    let err = compile_err(
        &select(s.users.c("name").eq("x").escape('!')).from(&s.users),
        &Sqlite,
    );
    assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
}

#[test]
fn startswith_endswith_contains_match_their_text_literally() {
    let s = schema();
    let db = sqlite_db(&s);
    let ids = |cond: Expr| {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(cond)
            .order_by(s.users.c("id"))
    };

    let c = golden(
        &ids(s.users.c("email").endswith("@x.io")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" LIKE ? ESCAPE '/' ORDER BY "users"."id""#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" LIKE $1 ESCAPE '/' ORDER BY "users"."id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`email` LIKE ? ESCAPE '/' ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("%@x.io")]);
    assert_eq!(query(&db, &c), ["1", "4"]);

    let c = golden(
        &ids(s.users.c("name").startswith("c")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE ? ESCAPE '/' ORDER BY "users"."id""#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."name" LIKE $1 ESCAPE '/' ORDER BY "users"."id""#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`name` LIKE ? ESCAPE '/' ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("c%")]);
    assert_eq!(query(&db, &c), ["3"]);

    // SQLite's LIKE ignores ASCII case; `contains` is LIKE, so "Eve" matches too.
    let c = ids(s.users.c("name").contains("e"))
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(c.values().unwrap(), vec![Value::from("%e%")]);
    assert_eq!(query(&db, &c), ["4", "5"]);

    // Case-insensitive forms: native ILIKE on PostgreSQL, lower() elsewhere.
    let c = golden(
        &ids(s.users.c("name").istartswith("E")),
        r#"SELECT "users"."id" FROM "users" WHERE lower("users"."name") LIKE lower(?) ESCAPE '/' ORDER BY "users"."id""#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."name" ILIKE $1 ESCAPE '/' ORDER BY "users"."id""#,
        "SELECT `users`.`id` FROM `users` WHERE lower(`users`.`name`) LIKE lower(?) ESCAPE '/' ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("E%")]);
    assert_eq!(query(&db, &c), ["5"]);
    let c = ids(s.users.c("email").iendswith("@X.IO"))
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(query(&db, &c), ["1", "4"]);
    let c = ids(s.users.c("name").icontains("V"))
        .compile(&Sqlite)
        .unwrap();
    assert_eq!(query(&db, &c), ["5"]);

    // Wildcards, the escape character and a backslash in the text are literal.
    let c = golden(
        &select((
            lit("50%").startswith("50%").label("pct"),
            lit("500").startswith("50%").label("pct_other"),
            lit("a_c").contains("_").label("under"),
            lit("abc").contains("_").label("under_other"),
            lit("x/y").endswith("/y").label("slash"),
            lit("a\\b").startswith("a\\").label("backslash"),
        )),
        r#"SELECT ? LIKE ? ESCAPE '/' AS "pct", ? LIKE ? ESCAPE '/' AS "pct_other", ? LIKE ? ESCAPE '/' AS "under", ? LIKE ? ESCAPE '/' AS "under_other", ? LIKE ? ESCAPE '/' AS "slash", ? LIKE ? ESCAPE '/' AS "backslash""#,
        r#"SELECT $1 LIKE $2 ESCAPE '/' AS "pct", $3 LIKE $4 ESCAPE '/' AS "pct_other", $5 LIKE $6 ESCAPE '/' AS "under", $7 LIKE $8 ESCAPE '/' AS "under_other", $9 LIKE $10 ESCAPE '/' AS "slash", $11 LIKE $12 ESCAPE '/' AS "backslash""#,
        "SELECT ? LIKE ? ESCAPE '/' AS `pct`, ? LIKE ? ESCAPE '/' AS `pct_other`, ? LIKE ? ESCAPE '/' AS `under`, ? LIKE ? ESCAPE '/' AS `under_other`, ? LIKE ? ESCAPE '/' AS `slash`, ? LIKE ? ESCAPE '/' AS `backslash`",
    );
    let patterns: Vec<Value> = c.values().unwrap().into_iter().skip(1).step_by(2).collect();
    assert_eq!(
        patterns,
        ["50/%%", "50/%%", "%/_%", "%/_%", "%//y", "a\\%"].map(Value::from)
    );
    assert_eq!(query(&db, &c), ["1|0|1|0|1|1"]);
}

#[test]
fn ilike_is_native_on_postgres_and_lowered_elsewhere() {
    let s = schema();
    let db = sqlite_db(&s);
    let name = || s.users.c("name");

    let c = golden(
        &select(name())
            .from(&s.users)
            .filter(name().ilike("E_E").escape('!')),
        r#"SELECT "users"."name" FROM "users" WHERE lower("users"."name") LIKE lower(?) ESCAPE '!'"#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" ILIKE $1 ESCAPE '!'"#,
        "SELECT `users`.`name` FROM `users` WHERE lower(`users`.`name`) LIKE lower(?) ESCAPE '!'",
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("E_E")]);
    assert_eq!(query(&db, &c), ["Eve"]);

    let c = golden(
        &select(name())
            .from(&s.users)
            .filter(name().not_ilike("%E%"))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE lower("users"."name") NOT LIKE lower(?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" NOT ILIKE $1 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE lower(`users`.`name`) NOT LIKE lower(?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "bob", "cid"]);

    // not_() flips ILIKE too.
    let c = golden(
        &select(name())
            .from(&s.users)
            .filter(not_(name().ilike("%E%")))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE lower("users"."name") NOT LIKE lower(?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" NOT ILIKE $1 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE lower(`users`.`name`) NOT LIKE lower(?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "bob", "cid"]);
}

#[test]
fn in_and_not_in_over_value_lists() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("id").in_([1, 3, 5]))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (?, ?, ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN ($1, $2, $3) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` IN (?, ?, ?) ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[1, 3, 5]));
    assert_eq!(query(&db, &c), ["ann", "cid", "Eve"]);

    // NOT IN over a Vec; the NULL status (dee) is neither in nor out.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("status").not_in(vec!["gold"]))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" NOT IN (?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" NOT IN ($1) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`status` NOT IN (?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["bob", "Eve"]);

    // A list of expressions, from a slice, tested against an expression.
    let candidates = [lit(3), s.users.c("id") * 3];
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter((s.users.c("id") + 1).in_(&candidates[..]))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" + ? IN (?, "users"."id" * ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" + $1 IN ($2, "users"."id" * $3) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` + ? IN (?, `users`.`id` * ?) ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[1, 3, 3]));
    assert_eq!(query(&db, &c), ["bob"]);
}

#[test]
fn empty_in_list_is_false_and_empty_not_in_is_true_on_every_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let none: Vec<&str> = Vec::new();

    let c = golden(
        &select(func::count_star())
            .from(&s.users)
            .filter(s.users.c("status").in_(none.clone())),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE 1 <> 1"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE 1 <> 1"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE 1 <> 1",
    );
    assert!(c.params.is_empty());
    assert_eq!(query(&db, &c), ["0"]);

    // True for every row, the NULL status (dee) included.
    let c = golden(
        &select(func::count_star())
            .from(&s.users)
            .filter(s.users.c("status").not_in(none.clone())),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE 1 = 1"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE 1 = 1"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE 1 = 1",
    );
    assert_eq!(query(&db, &c), ["5"]);

    // Negated and combined, it stays a constant inside the surrounding logic.
    let c = golden(
        &select(s.users.c("id"))
            .from(&s.users)
            .filter(not_(s.users.c("id").in_(Vec::<i32>::new())).and(s.users.c("id").gt(3)))
            .filter(or_([s.users.c("id").in_(Vec::<i32>::new()), s.users.c("id").lt(5)])),
        r#"SELECT "users"."id" FROM "users" WHERE 1 = 1 AND "users"."id" > ? AND (1 <> 1 OR "users"."id" < ?)"#,
        r#"SELECT "users"."id" FROM "users" WHERE 1 = 1 AND "users"."id" > $1 AND (1 <> 1 OR "users"."id" < $2)"#,
        "SELECT `users`.`id` FROM `users` WHERE 1 = 1 AND `users`.`id` > ? AND (1 <> 1 OR `users`.`id` < ?)",
    );
    assert_eq!(c.values().unwrap(), ints(&[3, 5]));
    assert_eq!(query(&db, &c), ["4"]);
}

#[test]
fn in_and_not_in_over_a_subquery() {
    let s = schema();
    let db = sqlite_db(&s);
    let paid = select(s.orders.c("user_id"))
        .from(&s.orders)
        .filter(s.orders.c("status").eq("paid"));
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("id").in_(paid))
            .filter(s.users.c("id").lt(10))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = ?) AND "users"."id" < ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."status" = $1) AND "users"."id" < $2 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` IN (SELECT `orders`.`user_id` FROM `orders` WHERE `orders`.`status` = ?) AND `users`.`id` < ? ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("paid"), Value::Int(10)]
    );
    assert_eq!(query(&db, &c), ["ann", "cid"]);

    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("id").not_in(select(s.addresses.c("user_id")).from(&s.addresses)))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (SELECT "addresses"."user_id" FROM "addresses") ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (SELECT "addresses"."user_id" FROM "addresses") ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` NOT IN (SELECT `addresses`.`user_id` FROM `addresses`) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["bob", "dee"]);
}

#[test]
fn between_and_not_between_are_inclusive_and_skip_null() {
    let s = schema();
    let db = sqlite_db(&s);
    let total = || s.orders.c("total");
    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.orders)
            .filter(total().between(7, 20))
            .order_by(s.orders.c("id")),
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" BETWEEN ? AND ? ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" BETWEEN $1 AND $2 ORDER BY "orders"."id""#,
        "SELECT `orders`.`id` FROM `orders` WHERE `orders`.`total` BETWEEN ? AND ? ORDER BY `orders`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[7, 20]));
    assert_eq!(query(&db, &c), ["1", "2", "6"]);

    // Bounds that are expressions, and BETWEEN inside AND.
    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.orders)
            .filter(
                total()
                    .not_between(s.orders.c("user_id") + 4, s.orders.c("user_id") * 50)
                    .and(s.orders.c("status").ne("void")),
            )
            .order_by(s.orders.c("id")),
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" NOT BETWEEN "orders"."user_id" + ? AND "orders"."user_id" * ? AND "orders"."status" <> ? ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" NOT BETWEEN "orders"."user_id" + $1 AND "orders"."user_id" * $2 AND "orders"."status" <> $3 ORDER BY "orders"."id""#,
        "SELECT `orders`.`id` FROM `orders` WHERE `orders`.`total` NOT BETWEEN `orders`.`user_id` + ? AND `orders`.`user_id` * ? AND `orders`.`status` <> ? ORDER BY `orders`.`id`",
    );
    // order 1: 10.5 in [5, 50]; 2: 20 in [5, 50]; 3: 5.25 not in [6, 100];
    // 4: 100 in [7, 150]; 5: NULL; 6: void.
    assert_eq!(query(&db, &c), ["3"]);
}

#[test]
fn is_null_and_is_not_null() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("email").is_null().or(s.users.c("status").is_null()))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" IS NULL OR "users"."status" IS NULL ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" IS NULL OR "users"."status" IS NULL ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`email` IS NULL OR `users`.`status` IS NULL ORDER BY `users`.`id`",
    );
    assert!(c.params.is_empty());
    assert_eq!(query(&db, &c), ["bob", "dee"]);

    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.orders)
            .filter((s.orders.c("total") * 2).is_not_null())
            .filter(s.orders.c("user_id").eq(3)),
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" * ? IS NOT NULL AND "orders"."user_id" = ?"#,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."total" * $1 IS NOT NULL AND "orders"."user_id" = $2"#,
        "SELECT `orders`.`id` FROM `orders` WHERE `orders`.`total` * ? IS NOT NULL AND `orders`.`user_id` = ?",
    );
    assert_eq!(query(&db, &c), ["4"]);
}

#[test]
fn is_distinct_from_is_null_safe_on_every_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let status = || s.users.c("status");

    // Plain <> drops the NULL status (dee); IS DISTINCT FROM keeps it.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(status().ne("gold"))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" <> ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" <> $1 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`status` <> ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["bob", "Eve"]);

    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("id").gt(1).and(status().is_distinct_from("gold")))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" > ? AND "users"."status" IS NOT ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" > $1 AND "users"."status" IS DISTINCT FROM $2 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` > ? AND NOT (`users`.`status` <=> ?) ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::Int(1), Value::from("gold")]
    );
    assert_eq!(query(&db, &c), ["bob", "dee", "Eve"]);

    // NULL-safe equality with a NULL value finds the NULL row.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(status().is_not_distinct_from(Value::Null)),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" IS ?"#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."status" IS NOT DISTINCT FROM $1"#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`status` <=> ?",
    );
    assert_eq!(c.values().unwrap(), vec![Value::Null]);
    assert_eq!(query(&db, &c), ["dee"]);

    // Between two columns, as select-list values: NULL vs value is distinct,
    // NULL vs NULL is not.
    let c = golden(
        &select((
            s.users.c("id"),
            s.users.c("email").is_distinct_from(status()).label("d"),
            s.users.c("email").is_not_distinct_from(null()).label("nd"),
        ))
        .from(&s.users)
        .filter(s.users.c("id").in_([2, 4]))
        .order_by(s.users.c("id")),
        r#"SELECT "users"."id", "users"."email" IS NOT "users"."status" AS "d", "users"."email" IS NULL AS "nd" FROM "users" WHERE "users"."id" IN (?, ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."id", "users"."email" IS DISTINCT FROM "users"."status" AS "d", "users"."email" IS NOT DISTINCT FROM NULL AS "nd" FROM "users" WHERE "users"."id" IN ($1, $2) ORDER BY "users"."id""#,
        "SELECT `users`.`id`, NOT (`users`.`email` <=> `users`.`status`) AS `d`, `users`.`email` <=> NULL AS `nd` FROM `users` WHERE `users`.`id` IN (?, ?) ORDER BY `users`.`id`",
    );
    // bob: NULL email vs 'silver'; dee: 'dee@x.io' vs NULL status.
    assert_eq!(query(&db, &c), ["2|1|1", "4|1|0"]);
}

#[test]
fn and_or_not_build_the_expected_logic() {
    let s = schema();
    let db = sqlite_db(&s);
    let count_where = |cond: Expr| select(func::count_star()).from(&s.users).filter(cond);

    let c = golden(
        &count_where(and_(Vec::<Expr>::new())),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE TRUE"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE TRUE"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE TRUE",
    );
    assert_eq!(query(&db, &c), ["5"]);

    let c = golden(
        &count_where(or_(Vec::<Expr>::new())),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE FALSE"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE FALSE"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE FALSE",
    );
    assert_eq!(query(&db, &c), ["0"]);

    // One item is the item itself; nested and_ flatten.
    let c = golden(
        &count_where(and_([
            and_([s.users.c("id").gt(1)]),
            and_([s.users.c("id").lt(5), s.users.c("country").eq("FR")]),
        ])),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE "users"."id" > ? AND "users"."id" < ? AND "users"."country" = ?"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE "users"."id" > $1 AND "users"."id" < $2 AND "users"."country" = $3"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE `users`.`id` > ? AND `users`.`id` < ? AND `users`.`country` = ?",
    );
    assert_eq!(query(&db, &c), ["2"]);

    // NOT of a plain comparison wraps it; NOT NOT cancels.
    let c = golden(
        &count_where(not_(s.users.c("country").eq("US")).and(not_(not_(s.users.c("id").ne(5))))),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE NOT ("users"."country" = ?) AND "users"."id" <> ?"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE NOT ("users"."country" = $1) AND "users"."id" <> $2"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE NOT (`users`.`country` = ?) AND `users`.`id` <> ?",
    );
    assert_eq!(query(&db, &c), ["2"]);

    // NOT NOT cancels only on a truth value: of an integer it is 0 or 1 on
    // SQLite and MySQL, not the integer.
    let c = golden(
        &select(not_(not_(s.users.c("id"))).label("truthy"))
            .from(&s.users)
            .filter(s.users.c("id").eq(3)),
        r#"SELECT NOT (NOT "users"."id") AS "truthy" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT NOT (NOT "users"."id") AS "truthy" FROM "users" WHERE "users"."id" = $1"#,
        "SELECT NOT (NOT `users`.`id`) AS `truthy` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["1"]);

    // NOT of a conjunction is grouped.
    let c = golden(
        &count_where(not_(
            s.users.c("country").eq("US").and(s.users.c("id").eq(1)),
        )),
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE NOT ("users"."country" = ? AND "users"."id" = ?)"#,
        r#"SELECT count(*) AS "count_1" FROM "users" WHERE NOT ("users"."country" = $1 AND "users"."id" = $2)"#,
        "SELECT count(*) AS `count_1` FROM `users` WHERE NOT (`users`.`country` = ? AND `users`.`id` = ?)",
    );
    assert_eq!(query(&db, &c), ["4"]);
}

#[test]
fn not_pushes_into_in_like_between_is_null_and_exists() {
    let s = schema();
    let db = sqlite_db(&s);
    let has_address = exists(
        select(lit(1))
            .from(&s.addresses)
            .filter(s.addresses.c("user_id").eq(s.users.c("id"))),
    );
    let stmt = select(s.users.c("name"))
        .from(&s.users)
        .filter(not_(s.users.c("id").in_([3])))
        .filter(not_(s.users.c("name").like("a%")))
        .filter(not_(s.users.c("id").between(10, 20)))
        .filter(not_(s.users.c("status").is_null()))
        .filter(s.users.c("email").is_null().not())
        .filter(not_(has_address))
        .order_by(s.users.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (?) AND "users"."name" NOT LIKE ? AND "users"."id" NOT BETWEEN ? AND ? AND "users"."status" IS NOT NULL AND "users"."email" IS NOT NULL AND NOT EXISTS (SELECT ? FROM "addresses" WHERE "addresses"."user_id" = "users"."id") ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN ($1) AND "users"."name" NOT LIKE $2 AND "users"."id" NOT BETWEEN $3 AND $4 AND "users"."status" IS NOT NULL AND "users"."email" IS NOT NULL AND NOT EXISTS (SELECT CAST($5 AS BIGINT) FROM "addresses" WHERE "addresses"."user_id" = "users"."id") ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` NOT IN (?) AND `users`.`name` NOT LIKE ? AND `users`.`id` NOT BETWEEN ? AND ? AND `users`.`status` IS NOT NULL AND `users`.`email` IS NOT NULL AND NOT EXISTS (SELECT ? FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id`) ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::Int(3),
            Value::from("a%"),
            Value::Int(10),
            Value::Int(20),
            Value::Int(1)
        ]
    );
    // ann: like a%; bob: NULL email; cid: id 3; dee: NULL status; Eve: has an address.
    assert_eq!(query(&db, &c), Vec::<String>::new());

    // Dropping the address condition lets Eve through: the rows above were not
    // empty by accident.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(not_(s.users.c("id").in_([3])))
            .filter(not_(s.users.c("name").like("a%")))
            .filter(not_(s.users.c("status").is_null()))
            .filter(s.users.c("email").is_null().not()),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (?) AND "users"."name" NOT LIKE ? AND "users"."status" IS NOT NULL AND "users"."email" IS NOT NULL"#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN ($1) AND "users"."name" NOT LIKE $2 AND "users"."status" IS NOT NULL AND "users"."email" IS NOT NULL"#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` NOT IN (?) AND `users`.`name` NOT LIKE ? AND `users`.`status` IS NOT NULL AND `users`.`email` IS NOT NULL",
    );
    assert_eq!(query(&db, &c), ["Eve"]);
}

#[test]
fn mixed_and_or_keep_their_meaning() {
    let s = schema();
    let db = sqlite_db(&s);
    let status = || s.users.c("status");

    // (gold OR silver) AND FR: only cid. Without the parentheses ann would match.
    let c = golden(
        &select(s.users.c("name")).from(&s.users).filter(
            status()
                .eq("gold")
                .or(status().eq("silver"))
                .and(s.users.c("country").eq("FR")),
        ),
        r#"SELECT "users"."name" FROM "users" WHERE ("users"."status" = ? OR "users"."status" = ?) AND "users"."country" = ?"#,
        r#"SELECT "users"."name" FROM "users" WHERE ("users"."status" = $1 OR "users"."status" = $2) AND "users"."country" = $3"#,
        "SELECT `users`.`name` FROM `users` WHERE (`users`.`status` = ? OR `users`.`status` = ?) AND `users`.`country` = ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("gold"),
            Value::from("silver"),
            Value::from("FR")
        ]
    );
    assert_eq!(query(&db, &c), ["cid"]);

    // AND under OR needs no parentheses.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(or_([
                and_([s.users.c("id").eq(1), s.users.c("country").eq("US")]),
                s.users.c("id").eq(5),
                and_([s.users.c("id").eq(3), s.users.c("country").eq("US")]),
            ]))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" = ? AND "users"."country" = ? OR "users"."id" = ? OR "users"."id" = ? AND "users"."country" = ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" = $1 AND "users"."country" = $2 OR "users"."id" = $3 OR "users"."id" = $4 AND "users"."country" = $5 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` = ? AND `users`.`country` = ? OR `users`.`id` = ? OR `users`.`id` = ? AND `users`.`country` = ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "Eve"]);

    // An OR inside an OR is flattened, an OR inside AND inside OR grouped.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(
                s.users.c("id").eq(4).or(s
                    .users
                    .c("country")
                    .eq("US")
                    .and(s.users.c("id").eq(2).or(s.users.c("id").eq(3)))),
            )
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" = ? OR "users"."country" = ? AND ("users"."id" = ? OR "users"."id" = ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."id" = $1 OR "users"."country" = $2 AND ("users"."id" = $3 OR "users"."id" = $4) ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`id` = ? OR `users`.`country` = ? AND (`users`.`id` = ? OR `users`.`id` = ?) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["bob", "dee"]);
}

#[test]
fn aggregate_functions() {
    let s = schema();
    let db = sqlite_db(&s);
    let total = || s.orders.c("total");
    let c = golden(
        &select((
            func::count(total()),
            func::count_star(),
            func::sum(total()),
            func::avg(total()),
            func::min(total()),
            func::max(total()),
            func::count(s.orders.c("status").distinct()),
            func::count(s.orders.c("user_id").distinct()).label("buyers"),
        ))
        .from(&s.orders),
        r#"SELECT count("orders"."total") AS "count_1", count(*) AS "count_2", sum("orders"."total") AS "sum_1", avg("orders"."total") AS "avg_1", min("orders"."total") AS "min_1", max("orders"."total") AS "max_1", count(DISTINCT "orders"."status") AS "count_3", count(DISTINCT "orders"."user_id") AS "buyers" FROM "orders""#,
        r#"SELECT count("orders"."total") AS "count_1", count(*) AS "count_2", sum("orders"."total") AS "sum_1", avg("orders"."total") AS "avg_1", min("orders"."total") AS "min_1", max("orders"."total") AS "max_1", count(DISTINCT "orders"."status") AS "count_3", count(DISTINCT "orders"."user_id") AS "buyers" FROM "orders""#,
        "SELECT count(`orders`.`total`) AS `count_1`, count(*) AS `count_2`, sum(`orders`.`total`) AS `sum_1`, avg(`orders`.`total`) AS `avg_1`, min(`orders`.`total`) AS `min_1`, max(`orders`.`total`) AS `max_1`, count(DISTINCT `orders`.`status`) AS `count_3`, count(DISTINCT `orders`.`user_id`) AS `buyers` FROM `orders`",
    );
    assert!(c.params.is_empty());
    assert_eq!(query(&db, &c), ["5|6|142.75|28.55|5.25|100|3|4"]);
}

#[test]
fn scalar_functions_and_dialect_renames() {
    let s = schema();
    let db = sqlite_db(&s);
    let name = || s.users.c("name");
    let c = golden(
        &select((
            func::coalesce([s.users.c("email"), lit("none")]),
            func::lower(name()),
            func::upper(name()),
            func::length(name()),
            func::length(lit("héllo")),
            func::abs(lit(-3)),
            func::round(lit(2.567), 2),
        ))
        .from(&s.users)
        .filter(s.users.c("id").in_([2, 5]))
        .order_by(s.users.c("id")),
        r#"SELECT coalesce("users"."email", ?) AS "coalesce_1", lower("users"."name") AS "lower_1", upper("users"."name") AS "upper_1", length("users"."name") AS "length_1", length(?) AS "length_2", abs(?) AS "abs_1", round(?, ?) AS "round_1" FROM "users" WHERE "users"."id" IN (?, ?) ORDER BY "users"."id""#,
        r#"SELECT coalesce("users"."email", $1) AS "coalesce_1", lower("users"."name") AS "lower_1", upper("users"."name") AS "upper_1", length("users"."name") AS "length_1", length($2) AS "length_2", abs(CAST($3 AS BIGINT)) AS "abs_1", round($4, $5) AS "round_1" FROM "users" WHERE "users"."id" IN ($6, $7) ORDER BY "users"."id""#,
        "SELECT coalesce(`users`.`email`, ?) AS `coalesce_1`, lower(`users`.`name`) AS `lower_1`, upper(`users`.`name`) AS `upper_1`, char_length(`users`.`name`) AS `length_1`, char_length(?) AS `length_2`, abs(?) AS `abs_1`, round(?, ?) AS `round_1` FROM `users` WHERE `users`.`id` IN (?, ?) ORDER BY `users`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("none"),
            Value::from("héllo"),
            Value::Int(-3),
            Value::Float(2.567),
            Value::Int(2),
            Value::Int(2),
            Value::Int(5),
        ]
    );
    assert_eq!(
        query(&db, &c),
        ["none|bob|BOB|3|5|3|2.57", "eve@z.io|eve|EVE|3|5|3|2.57"]
    );

    // now(): a keyword where the engine has no now().
    let c = golden(
        &select((
            func::now().gt("2024-01-01 00:00:00"),
            func::now().lt("2999-01-01 00:00:00"),
            func::now().is_not_null(),
        )),
        "SELECT CURRENT_TIMESTAMP > ? AS \"anon_1\", CURRENT_TIMESTAMP < ? AS \"anon_2\", CURRENT_TIMESTAMP IS NOT NULL AS \"anon_3\"",
        "SELECT now() > $1 AS \"anon_1\", now() < $2 AS \"anon_2\", now() IS NOT NULL AS \"anon_3\"",
        "SELECT CURRENT_TIMESTAMP(6) > ? AS `anon_1`, CURRENT_TIMESTAMP(6) < ? AS `anon_2`, CURRENT_TIMESTAMP(6) IS NOT NULL AS `anon_3`",
    );
    assert_eq!(query(&db, &c), ["1|1|1"]);
    // SQLite's CURRENT_TIMESTAMP is 'YYYY-MM-DD HH:MM:SS' text.
    let c = select(func::length(func::now())).compile(&Sqlite).unwrap();
    assert_eq!(c.sql, "SELECT length(CURRENT_TIMESTAMP) AS \"length_1\"");
    assert_eq!(query(&db, &c), ["19"]);
}

#[test]
fn any_function_by_name_and_invalid_names_refused() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select((
            func::call("replace", [s.users.c("name"), lit("n"), lit("N")]),
            func::call("substr", [s.users.c("email"), lit(1), lit(3)]),
        ))
        .from(&s.users)
        .filter(s.users.c("id").eq(1)),
        r#"SELECT replace("users"."name", ?, ?) AS "replace_1", substr("users"."email", ?, ?) AS "substr_1" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT replace("users"."name", $1, $2) AS "replace_1", substr("users"."email", $3, $4) AS "substr_1" FROM "users" WHERE "users"."id" = $5"#,
        "SELECT replace(`users`.`name`, ?, ?) AS `replace_1`, substr(`users`.`email`, ?, ?) AS `substr_1` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("n"),
            Value::from("N"),
            Value::Int(1),
            Value::Int(3),
            Value::Int(1)
        ]
    );
    assert_eq!(query(&db, &c), ["aNN|ann"]);

    // A schema-qualified name and a call without arguments render verbatim.
    let stmt = select((
        func::call("pg_catalog.lower", [lit("X")]),
        func::call("random", Vec::<Expr>::new()),
    ));
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        "SELECT pg_catalog.lower($1) AS \"anon_1\", random() AS \"random_1\""
    );
    // A call by name goes through the dialect's renames as func::random()
    // does: rand() on MySQL, SQLite's integer scaled into [0, 1).
    let stmt = select(func::call("random", Vec::<Expr>::new()).is_not_null());
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        "SELECT random() IS NOT NULL AS \"anon_1\""
    );
    assert_eq!(
        stmt.compile(&MySql::mariadb()).unwrap().sql,
        "SELECT rand() IS NOT NULL AS `anon_1`"
    );
    let c = stmt.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        "SELECT ((random() & 9007199254740991) / 9007199254740992.0) IS NOT NULL AS \"anon_1\""
    );
    assert_eq!(query(&db, &c), ["1"]);

    // Anything that is not an identifier would be SQL injection: refused.
    for bad in ["drop table users; --", "", "1abc", "lower(", "a..b", "f-x"] {
        let stmt = select(func::call(bad, [lit(1)]));
        for err in [
            compile_err(&stmt, &Sqlite),
            compile_err(&stmt, &Postgres),
            compile_err(&stmt, &MySql::mariadb()),
        ] {
            assert!(
                matches!(&err, Error::InvalidIdentifier { ident, .. } if ident == bad),
                "{bad:?}: {err:?}"
            );
        }
    }
}

#[test]
fn searched_and_simple_case_with_and_without_else() {
    let s = schema();
    let db = sqlite_db(&s);
    let total = || s.orders.c("total");
    let status = || s.orders.c("status");
    let stmt = select((
        s.orders.c("id"),
        case()
            .when(total().gt(50), "big")
            .when(total().gt(10), "mid")
            .else_("small")
            .label("size"),
        case().when(total().gt(50), "big").label("big_only"),
        case_value(status())
            .when("paid", 1)
            .when("new", 2)
            .else_(0)
            .label("code"),
        Expr::from(case_value(status()).when("void", true)).label("void"),
    ))
    .from(&s.orders)
    .order_by(s.orders.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."id", CASE WHEN "orders"."total" > ? THEN ? WHEN "orders"."total" > ? THEN ? ELSE ? END AS "size", CASE WHEN "orders"."total" > ? THEN ? END AS "big_only", CASE "orders"."status" WHEN ? THEN ? WHEN ? THEN ? ELSE ? END AS "code", CASE "orders"."status" WHEN ? THEN ? END AS "void" FROM "orders" ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id", CASE WHEN "orders"."total" > $1 THEN $2 WHEN "orders"."total" > $3 THEN $4 ELSE $5 END AS "size", CASE WHEN "orders"."total" > $6 THEN $7 END AS "big_only", CASE "orders"."status" WHEN $8 THEN CAST($9 AS BIGINT) WHEN $10 THEN CAST($11 AS BIGINT) ELSE CAST($12 AS BIGINT) END AS "code", CASE "orders"."status" WHEN $13 THEN CAST($14 AS BOOLEAN) END AS "void" FROM "orders" ORDER BY "orders"."id""#,
        "SELECT `orders`.`id`, CASE WHEN `orders`.`total` > ? THEN ? WHEN `orders`.`total` > ? THEN ? ELSE ? END AS `size`, CASE WHEN `orders`.`total` > ? THEN ? END AS `big_only`, CASE `orders`.`status` WHEN ? THEN ? WHEN ? THEN ? ELSE ? END AS `code`, CASE `orders`.`status` WHEN ? THEN ? END AS `void` FROM `orders` ORDER BY `orders`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::Int(50),
            Value::from("big"),
            Value::Int(10),
            Value::from("mid"),
            Value::from("small"),
            Value::Int(50),
            Value::from("big"),
            Value::from("paid"),
            Value::Int(1),
            Value::from("new"),
            Value::Int(2),
            Value::Int(0),
            Value::from("void"),
            Value::Bool(true),
        ]
    );
    assert_eq!(
        query(&db, &c),
        [
            "1|mid|NULL|1|NULL",
            "2|mid|NULL|1|NULL",
            "3|small|NULL|2|NULL",
            "4|big|big|1|NULL",
            "5|small|NULL|2|NULL",
            "6|small|NULL|0|1",
        ]
    );

    // A CASE as an operand is an atom.
    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.orders)
            .filter(Expr::from(case().when(total().is_null(), 0).else_(total())).lt(6)),
        r#"SELECT "orders"."id" FROM "orders" WHERE CASE WHEN "orders"."total" IS NULL THEN ? ELSE "orders"."total" END < ?"#,
        r#"SELECT "orders"."id" FROM "orders" WHERE CASE WHEN "orders"."total" IS NULL THEN CAST($1 AS BIGINT) ELSE "orders"."total" END < $2"#,
        "SELECT `orders`.`id` FROM `orders` WHERE CASE WHEN `orders`.`total` IS NULL THEN ? ELSE `orders`.`total` END < ?",
    );
    assert_eq!(query(&db, &c), ["3", "5"]);

    // No WHEN at all is an invalid statement on every dialect.
    let stmt = select(Expr::from(case().else_(1))).from(&s.orders);
    for err in [
        compile_err(&stmt, &Sqlite),
        compile_err(&stmt, &Postgres),
        compile_err(&stmt, &MySql::mariadb()),
    ] {
        assert!(matches!(err, Error::InvalidStatement(_)), "{err:?}");
    }
    let stmt = select(Expr::from(case_value(status()))).from(&s.orders);
    assert!(matches!(
        compile_err(&stmt, &Sqlite),
        Error::InvalidStatement(_)
    ));
}

#[test]
fn aggregate_filter_is_native_or_a_case_inside_the_aggregate() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let stmt = select((
        o.c("user_id"),
        func::count_star().filter(o.c("status").eq("paid")),
        func::count(o.c("status").distinct()).filter(o.c("total").gt(6)),
        func::sum(o.c("id") * 10)
            .filter(o.c("id").gt(1))
            .filter(o.c("id").lt(9)),
    ))
    .from(o)
    .group_by(o.c("user_id"))
    .order_by(o.c("user_id"));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."user_id", count(*) FILTER (WHERE "orders"."status" = ?) AS "count_1", count(DISTINCT "orders"."status") FILTER (WHERE "orders"."total" > ?) AS "count_2", sum("orders"."id" * ?) FILTER (WHERE "orders"."id" > ? AND "orders"."id" < ?) AS "sum_1" FROM "orders" GROUP BY "orders"."user_id" ORDER BY "orders"."user_id""#,
        r#"SELECT "orders"."user_id", count(*) FILTER (WHERE "orders"."status" = $1) AS "count_1", count(DISTINCT "orders"."status") FILTER (WHERE "orders"."total" > $2) AS "count_2", sum("orders"."id" * $3) FILTER (WHERE "orders"."id" > $4 AND "orders"."id" < $5) AS "sum_1" FROM "orders" GROUP BY "orders"."user_id" ORDER BY "orders"."user_id""#,
        "SELECT `orders`.`user_id`, count(CASE WHEN `orders`.`status` = ? THEN 1 END) AS `count_1`, count(DISTINCT CASE WHEN `orders`.`total` > ? THEN `orders`.`status` END) AS `count_2`, sum(CASE WHEN `orders`.`id` > ? AND `orders`.`id` < ? THEN `orders`.`id` * ? END) AS `sum_1` FROM `orders` GROUP BY `orders`.`user_id` ORDER BY `orders`.`user_id`",
    );
    assert_eq!(
        query(&db, &c),
        ["1|2|1|20", "2|0|0|30", "3|1|1|90", "4|0|1|60"]
    );
    // MySQL's placeholders take the condition's values before the argument's.
    let my = stmt.compile(&MySql::mariadb()).unwrap();
    assert_eq!(
        my.values().unwrap(),
        vec![
            Value::from("paid"),
            Value::Int(6),
            Value::Int(1),
            Value::Int(9),
            Value::Int(10)
        ]
    );

    // In a window: FILTER comes before OVER.
    let w = select(
        func::sum(o.c("id"))
            .filter(o.c("status").eq("paid"))
            .over(WindowSpec::new().order_by(o.c("id")))
            .label("running"),
    )
    .from(o)
    .order_by(o.c("id"));
    let c = golden(
        &w,
        r#"SELECT sum("orders"."id") FILTER (WHERE "orders"."status" = ?) OVER (ORDER BY "orders"."id") AS "running" FROM "orders" ORDER BY "orders"."id""#,
        r#"SELECT sum("orders"."id") FILTER (WHERE "orders"."status" = $1) OVER (ORDER BY "orders"."id") AS "running" FROM "orders" ORDER BY "orders"."id""#,
        "SELECT sum(CASE WHEN `orders`.`status` = ? THEN `orders`.`id` END) OVER (ORDER BY `orders`.`id`) AS `running` FROM `orders` ORDER BY `orders`.`id`",
    );
    assert_eq!(query(&db, &c), ["1", "3", "3", "7", "7", "7"]);

    // Not a function call; no emulation on MySQL; a keyword function.
    let not_a_call = select(o.c("id").filter(o.c("id").gt(1))).from(o);
    assert!(matches!(
        not_a_call.compile(&Sqlite),
        Err(Error::InvalidStatement(_))
    ));
    let other = select(func::call("group_concat", [o.c("status")]).filter(o.c("id").gt(1))).from(o);
    assert_eq!(
        other.compile(&Sqlite).unwrap().sql,
        r#"SELECT group_concat("orders"."status") FILTER (WHERE "orders"."id" > ?) AS "group_concat_1" FROM "orders""#
    );
    assert!(matches!(
        other.compile(&MySql::mariadb()),
        Err(Error::Unsupported { construct, .. }) if construct.contains("count, sum, avg, min or max")
    ));
    let keyword = select(func::now().filter(o.c("id").gt(1))).from(o);
    assert!(matches!(
        keyword.compile(&Sqlite),
        Err(Error::Unsupported { .. })
    ));
    // The condition is part of the cache key.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    let by = |c: Expr| select(func::count_star().filter(c)).from(o);
    assert_ne!(
        cache.compile(&by(o.c("id").gt(1))).unwrap().sql,
        cache.compile(&by(o.c("id").lt(1))).unwrap().sql
    );
    assert_ne!(
        cache
            .compile(&select(func::count_star()).from(o))
            .unwrap()
            .sql,
        cache.compile(&by(o.c("id").lt(1))).unwrap().sql
    );
}

#[test]
fn extract_takes_a_date_part_as_an_integer_on_every_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let stmt = select((
        o.c("id"),
        o.c("created_at").extract(DatePart::Year),
        o.c("created_at").extract(DatePart::Month),
        o.c("created_at").extract(DatePart::Day),
    ))
    .from(o)
    .filter(o.c("created_at").extract(DatePart::Day).ge(5))
    .order_by(o.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."id", CAST(strftime('%Y', "orders"."created_at") AS INTEGER) AS "anon_1", CAST(strftime('%m', "orders"."created_at") AS INTEGER) AS "anon_2", CAST(strftime('%d', "orders"."created_at") AS INTEGER) AS "anon_3" FROM "orders" WHERE CAST(strftime('%d', "orders"."created_at") AS INTEGER) >= ? ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id", CAST(FLOOR(EXTRACT(YEAR FROM "orders"."created_at")) AS INTEGER) AS "anon_1", CAST(FLOOR(EXTRACT(MONTH FROM "orders"."created_at")) AS INTEGER) AS "anon_2", CAST(FLOOR(EXTRACT(DAY FROM "orders"."created_at")) AS INTEGER) AS "anon_3" FROM "orders" WHERE CAST(FLOOR(EXTRACT(DAY FROM "orders"."created_at")) AS INTEGER) >= $1 ORDER BY "orders"."id""#,
        "SELECT `orders`.`id`, EXTRACT(YEAR FROM `orders`.`created_at`) AS `anon_1`, EXTRACT(MONTH FROM `orders`.`created_at`) AS `anon_2`, EXTRACT(DAY FROM `orders`.`created_at`) AS `anon_3` FROM `orders` WHERE EXTRACT(DAY FROM `orders`.`created_at`) >= ? ORDER BY `orders`.`id`",
    );
    assert_eq!(query(&db, &c), ["5|2024|6|5", "6|2024|6|6"]);
    // The part is in the cache key.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    let by = |p: DatePart| select(o.c("created_at").extract(p)).from(o);
    assert_ne!(
        cache.compile(&by(DatePart::Hour)).unwrap().sql,
        cache.compile(&by(DatePart::Minute)).unwrap().sql
    );
}

#[test]
fn collate_quotes_the_name_and_groups_what_an_operator_would_take() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;
    // Case-insensitive on SQLite: 'EVE' finds Eve.
    let c = golden(
        &select(u.c("name"))
            .from(u)
            .filter(u.c("name").collate("NOCASE").eq("EVE")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" COLLATE "NOCASE" = ?"#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" COLLATE "NOCASE" = $1"#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`name` COLLATE `NOCASE` = ?",
    );
    assert_eq!(query(&db, &c), ["Eve"]);

    // An operand is grouped; so is the collated expression under NOT or a minus.
    let c = golden(
        &select(u.c("id"))
            .from(u)
            .filter(not_(u.c("name").concat("!").collate("NOCASE").eq("EVE!")))
            .order_by((-u.c("id")).collate("BINARY")),
        r#"SELECT "users"."id" FROM "users" WHERE NOT (("users"."name" || ?) COLLATE "NOCASE" = ?) ORDER BY (-"users"."id") COLLATE "BINARY""#,
        r#"SELECT "users"."id" FROM "users" WHERE NOT (("users"."name" || $1) COLLATE "NOCASE" = $2) ORDER BY (-"users"."id") COLLATE "BINARY""#,
        "SELECT `users`.`id` FROM `users` WHERE NOT (concat(`users`.`name`, ?) COLLATE `NOCASE` = ?) ORDER BY (-`users`.`id`) COLLATE `BINARY`",
    );
    assert_eq!(query(&db, &c), ["4", "3", "2", "1"]);

    // Names are identifiers: an empty one is refused, a quote is escaped.
    assert!(matches!(
        select(u.c("id"))
            .from(u)
            .order_by(u.c("name").collate(""))
            .compile(&Sqlite),
        Err(Error::InvalidIdentifier { .. })
    ));
    assert_eq!(
        select(u.c("id"))
            .from(u)
            .order_by(u.c("name").collate(r#"x"y"#))
            .compile(&Postgres)
            .unwrap()
            .sql,
        r#"SELECT "users"."id" FROM "users" ORDER BY "users"."name" COLLATE "x""y""#
    );
    // Different collations are different statements to the cache.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    let by = |name: &str| {
        select(u.c("id"))
            .from(u)
            .order_by(u.c("name").collate(name))
    };
    assert_ne!(
        cache.compile(&by("NOCASE")).unwrap().sql,
        cache.compile(&by("BINARY")).unwrap().sql
    );
}

#[test]
fn cast_uses_each_dialects_cast_target_names() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((
        s.orders.c("user_id").cast(SqlType::string(10)),
        s.orders.c("total").cast(SqlType::Float),
        lit("42").cast(SqlType::Integer),
        lit("7").cast(SqlType::BigInteger),
        s.orders.c("total").cast(SqlType::Numeric(10, 1)),
        s.orders.c("id").cast(SqlType::Text),
    ))
    .from(&s.orders)
    .filter(s.orders.c("id").eq(4));
    let c = golden(
        &stmt,
        r#"SELECT CAST("orders"."user_id" AS VARCHAR(10)) AS "user_id", CAST("orders"."total" AS REAL) AS "total", CAST(? AS INTEGER) AS "anon_1", CAST(? AS BIGINT) AS "anon_2", CAST("orders"."total" AS NUMERIC(10, 1)) AS "total_1", CAST("orders"."id" AS TEXT) AS "id" FROM "orders" WHERE "orders"."id" = ?"#,
        r#"SELECT CAST("orders"."user_id" AS VARCHAR(10)) AS "user_id", CAST("orders"."total" AS DOUBLE PRECISION) AS "total", CAST($1 AS INTEGER) AS "anon_1", CAST($2 AS BIGINT) AS "anon_2", CAST("orders"."total" AS NUMERIC(10, 1)) AS "total_1", CAST("orders"."id" AS TEXT) AS "id" FROM "orders" WHERE "orders"."id" = $3"#,
        "SELECT CAST(`orders`.`user_id` AS CHAR(10)) AS `user_id`, CAST(`orders`.`total` AS DOUBLE) AS `total`, CAST(? AS SIGNED) AS `anon_1`, CAST(? AS SIGNED) AS `anon_2`, CAST(`orders`.`total` AS DECIMAL(10, 1)) AS `total_1`, CAST(`orders`.`id` AS CHAR(16777215)) AS `id` FROM `orders` WHERE `orders`.`id` = ?",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("42"), Value::from("7"), Value::Int(4)]
    );
    assert_eq!(query(&db, &c), ["3|100.0|42|7|100|4"]);

    // A cast is an atom: no parentheses around it, its operand never needs any.
    let c = golden(
        &select((s.orders.c("id") + 1).cast(SqlType::Text).concat("!"))
            .from(&s.orders)
            .filter(s.orders.c("id").eq(1)),
        r#"SELECT CAST("orders"."id" + ? AS TEXT) || ? AS "anon_1" FROM "orders" WHERE "orders"."id" = ?"#,
        r#"SELECT CAST("orders"."id" + $1 AS TEXT) || $2 AS "anon_1" FROM "orders" WHERE "orders"."id" = $3"#,
        "SELECT concat(CAST(`orders`.`id` + ? AS CHAR(16777215)), ?) AS `anon_1` FROM `orders` WHERE `orders`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["2!"]);

    // BOOLEAN is no CAST target on MySQL/MariaDB: a typed error there only.
    let stmt = select(lit("1").cast(SqlType::Boolean));
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
    let err = compile_err(&stmt, &MySql::mysql8());
    assert!(
        matches!(
            err,
            Error::Unsupported {
                dialect: "mysql",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        stmt.compile(&Postgres).unwrap().sql,
        "SELECT CAST($1 AS BOOLEAN) AS \"anon_1\""
    );
    let c = stmt.compile(&Sqlite).unwrap();
    assert_eq!(c.sql, "SELECT CAST(? AS BOOLEAN) AS \"anon_1\"");
    assert_eq!(query(&db, &c), ["1"]);
}

#[test]
fn cast_to_date_and_datetime_keeps_the_date_on_sqlite() {
    let s = schema();
    let db = sqlite_db(&s);
    // SQLite has no DATE type: `CAST(x AS DATE)` and `CAST(x AS DATETIME)` apply
    // NUMERIC affinity and yield the number 2024. SQLite's date functions are the
    // conversion that means what PostgreSQL's and MySQL's CAST mean.
    let stmt = select((
        s.orders.c("created_at").cast(SqlType::Date),
        s.orders.c("created_at").cast(SqlType::datetime()),
    ))
    .from(&s.orders)
    .filter(s.orders.c("id").eq(4));
    let c = golden(
        &stmt,
        r#"SELECT date("orders"."created_at") AS "created_at", datetime("orders"."created_at") AS "created_at_1" FROM "orders" WHERE "orders"."id" = ?"#,
        r#"SELECT CAST("orders"."created_at" AS DATE) AS "created_at", CAST("orders"."created_at" AS TIMESTAMP WITHOUT TIME ZONE) AS "created_at_1" FROM "orders" WHERE "orders"."id" = $1"#,
        "SELECT CAST(`orders`.`created_at` AS DATE) AS `created_at`, CAST(`orders`.`created_at` AS DATETIME(6)) AS `created_at_1` FROM `orders` WHERE `orders`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["2024-06-04|2024-06-04 00:00:00"]);
}

#[test]
fn exists_and_not_exists_with_correlated_subqueries() {
    let s = schema();
    let db = sqlite_db(&s);
    let addr_of_user = || {
        select(lit(1))
            .from(&s.addresses)
            .filter(s.addresses.c("user_id").eq(s.users.c("id")))
    };
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(exists(addr_of_user()))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT ? FROM "addresses" WHERE "addresses"."user_id" = "users"."id") ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT CAST($1 AS BIGINT) FROM "addresses" WHERE "addresses"."user_id" = "users"."id") ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE EXISTS (SELECT ? FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id`) ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "cid", "Eve"]);

    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(not_(exists(addr_of_user())).or(s.users.c("id").eq(1)))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE NOT EXISTS (SELECT ? FROM "addresses" WHERE "addresses"."user_id" = "users"."id") OR "users"."id" = ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE NOT EXISTS (SELECT CAST($1 AS BIGINT) FROM "addresses" WHERE "addresses"."user_id" = "users"."id") OR "users"."id" = $2 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE NOT EXISTS (SELECT ? FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id`) OR `users`.`id` = ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "bob", "dee"]);

    // EXISTS as a value in the select list.
    let c = golden(
        &select((s.users.c("id"), exists(addr_of_user()).label("has_addr")))
            .from(&s.users)
            .order_by(s.users.c("id")),
        r#"SELECT "users"."id", EXISTS (SELECT ? FROM "addresses" WHERE "addresses"."user_id" = "users"."id") AS "has_addr" FROM "users" ORDER BY "users"."id""#,
        r#"SELECT "users"."id", EXISTS (SELECT CAST($1 AS BIGINT) FROM "addresses" WHERE "addresses"."user_id" = "users"."id") AS "has_addr" FROM "users" ORDER BY "users"."id""#,
        "SELECT `users`.`id`, EXISTS (SELECT ? FROM `addresses` WHERE `addresses`.`user_id` = `users`.`id`) AS `has_addr` FROM `users` ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["1|1", "2|0", "3|1", "4|0", "5|1"]);
}

#[test]
fn scalar_subqueries_plain_and_correlated() {
    let s = schema();
    let db = sqlite_db(&s);
    let n_orders = select(func::count_star())
        .from(&s.orders)
        .filter(s.orders.c("user_id").eq(s.users.c("id")))
        .scalar_subquery()
        .label("n_orders");
    let top = select(func::max(s.orders.c("total")))
        .from(&s.orders)
        .scalar_subquery();
    let c = golden(
        &select((s.users.c("name"), n_orders, top.clone().label("top")))
            .from(&s.users)
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "n_orders", (SELECT max("orders"."total") FROM "orders") AS "top" FROM "users" ORDER BY "users"."id""#,
        r#"SELECT "users"."name", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "n_orders", (SELECT max("orders"."total") FROM "orders") AS "top" FROM "users" ORDER BY "users"."id""#,
        "SELECT `users`.`name`, (SELECT count(*) FROM `orders` WHERE `orders`.`user_id` = `users`.`id`) AS `n_orders`, (SELECT max(`orders`.`total`) FROM `orders`) AS `top` FROM `users` ORDER BY `users`.`id`",
    );
    assert_eq!(
        query(&db, &c),
        [
            "ann|2|100",
            "bob|1|100",
            "cid|2|100",
            "dee|1|100",
            "Eve|0|100"
        ]
    );

    // In a comparison, with a parameter inside and outside.
    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.orders)
            .filter(s.orders.c("status").eq("paid"))
            .filter(
                s.orders.c("total").lt(select(func::avg(s.orders.c("total")))
                    .from(&s.orders)
                    .filter(s.orders.c("status").ne("void"))
                    .scalar_subquery()),
            )
            .order_by(s.orders.c("id")),
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = ? AND "orders"."total" < (SELECT avg("orders"."total") FROM "orders" WHERE "orders"."status" <> ?) ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."status" = $1 AND "orders"."total" < (SELECT avg("orders"."total") FROM "orders" WHERE "orders"."status" <> $2) ORDER BY "orders"."id""#,
        "SELECT `orders`.`id` FROM `orders` WHERE `orders`.`status` = ? AND `orders`.`total` < (SELECT avg(`orders`.`total`) FROM `orders` WHERE `orders`.`status` <> ?) ORDER BY `orders`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::from("paid"), Value::from("void")]
    );
    // avg of 10.5, 20, 5.25, 100 = 33.9375
    assert_eq!(query(&db, &c), ["1", "2"]);
}

#[test]
fn labels_name_select_items_and_order_by_refers_to_them() {
    let s = schema();
    let db = sqlite_db(&s);
    let double = (s.orders.c("total") * 2).label("double");
    let c = golden(
        &select((s.orders.c("id"), double.clone()))
            .from(&s.orders)
            .filter(double.expr().gt(30))
            .order_by(double.desc()),
        r#"SELECT "orders"."id", "orders"."total" * ? AS "double" FROM "orders" WHERE "orders"."total" * ? > ? ORDER BY "double" DESC"#,
        r#"SELECT "orders"."id", "orders"."total" * $1 AS "double" FROM "orders" WHERE "orders"."total" * $2 > $3 ORDER BY "double" DESC"#,
        "SELECT `orders`.`id`, `orders`.`total` * ? AS `double` FROM `orders` WHERE `orders`.`total` * ? > ? ORDER BY `double` DESC",
    );
    assert_eq!(c.values().unwrap(), ints(&[2, 2, 30]));
    assert_eq!(query(&db, &c), ["4|200", "2|40"]);
    assert_eq!(double.name(), "double");

    // A label used outside the select list renders only its expression.
    let c = golden(
        &select(s.orders.c("id"))
            .from(&s.orders)
            .filter(Expr::from(s.orders.c("user_id").label("u")).eq(2)),
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = ?"#,
        r#"SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = $1"#,
        "SELECT `orders`.`id` FROM `orders` WHERE `orders`.`user_id` = ?",
    );
    assert_eq!(query(&db, &c), ["3"]);
}

#[test]
fn window_functions_rank_row_number_and_partitions() {
    let s = schema();
    let db = sqlite_db(&s);
    let country = || s.users.c("country");
    let id = || s.users.c("id");
    let stmt = select((
        id(),
        func::rank()
            .over(WindowSpec::new().order_by(country()))
            .label("rk"),
        func::dense_rank()
            .over(WindowSpec::new().order_by(country().asc()))
            .label("drk"),
        func::row_number()
            .over(WindowSpec::new().partition_by(country()).order_by(id()))
            .label("rn"),
        func::rank()
            .over(
                WindowSpec::new()
                    .partition_by(country())
                    .order_by(id().desc()),
            )
            .label("rk_desc"),
        func::count_star()
            .over(WindowSpec::new().partition_by(country()))
            .label("in_country"),
        func::count_star().over(WindowSpec::new()).label("all_rows"),
    ))
    .from(&s.users)
    .order_by(id());
    let c = golden(
        &stmt,
        r#"SELECT "users"."id", rank() OVER (ORDER BY "users"."country") AS "rk", dense_rank() OVER (ORDER BY "users"."country" ASC) AS "drk", row_number() OVER (PARTITION BY "users"."country" ORDER BY "users"."id") AS "rn", rank() OVER (PARTITION BY "users"."country" ORDER BY "users"."id" DESC) AS "rk_desc", count(*) OVER (PARTITION BY "users"."country") AS "in_country", count(*) OVER () AS "all_rows" FROM "users" ORDER BY "users"."id""#,
        r#"SELECT "users"."id", rank() OVER (ORDER BY "users"."country") AS "rk", dense_rank() OVER (ORDER BY "users"."country" ASC) AS "drk", row_number() OVER (PARTITION BY "users"."country" ORDER BY "users"."id") AS "rn", rank() OVER (PARTITION BY "users"."country" ORDER BY "users"."id" DESC) AS "rk_desc", count(*) OVER (PARTITION BY "users"."country") AS "in_country", count(*) OVER () AS "all_rows" FROM "users" ORDER BY "users"."id""#,
        "SELECT `users`.`id`, rank() OVER (ORDER BY `users`.`country`) AS `rk`, dense_rank() OVER (ORDER BY `users`.`country` ASC) AS `drk`, row_number() OVER (PARTITION BY `users`.`country` ORDER BY `users`.`id`) AS `rn`, rank() OVER (PARTITION BY `users`.`country` ORDER BY `users`.`id` DESC) AS `rk_desc`, count(*) OVER (PARTITION BY `users`.`country`) AS `in_country`, count(*) OVER () AS `all_rows` FROM `users` ORDER BY `users`.`id`",
    );
    assert!(c.params.is_empty());
    // countries: 1 US, 2 US, 3 FR, 4 FR, 5 DE
    assert_eq!(
        query(&db, &c),
        [
            "1|4|3|1|2|2|5",
            "2|4|3|2|1|2|5",
            "3|2|2|1|2|2|5",
            "4|2|2|2|1|2|5",
            "5|1|1|1|1|1|5",
        ]
    );
}

#[test]
fn window_frames_rows_range_and_groups() {
    let s = schema();
    let db = sqlite_db(&s);
    let id = || s.orders.c("id");
    let user = || s.orders.c("user_id");
    let by_user_then_id = || WindowSpec::new().order_by(user()).order_by(id());
    let stmt = select((
        id(),
        func::sum(id())
            .over(by_user_then_id().rows(FrameBound::Preceding(1), FrameBound::Following(1)))
            .label("around"),
        func::sum(id())
            .over(by_user_then_id().rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow))
            .label("running"),
        func::sum(id())
            .over(by_user_then_id().rows(FrameBound::CurrentRow, FrameBound::UnboundedFollowing))
            .label("rest"),
        func::sum(id())
            .over(
                WindowSpec::new()
                    .order_by(user())
                    .range(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
            )
            .label("range_peers"),
        func::sum(id())
            .over(
                WindowSpec::new()
                    .order_by(user())
                    .range(FrameBound::Preceding(1), FrameBound::Following(0)),
            )
            .label("range_offset"),
    ))
    .from(&s.orders)
    .order_by(id());
    let c = golden(
        &stmt,
        r#"SELECT "orders"."id", sum("orders"."id") OVER (ORDER BY "orders"."user_id", "orders"."id" ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS "around", sum("orders"."id") OVER (ORDER BY "orders"."user_id", "orders"."id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", sum("orders"."id") OVER (ORDER BY "orders"."user_id", "orders"."id" ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS "rest", sum("orders"."id") OVER (ORDER BY "orders"."user_id" RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "range_peers", sum("orders"."id") OVER (ORDER BY "orders"."user_id" RANGE BETWEEN 1 PRECEDING AND 0 FOLLOWING) AS "range_offset" FROM "orders" ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id", sum("orders"."id") OVER (ORDER BY "orders"."user_id", "orders"."id" ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS "around", sum("orders"."id") OVER (ORDER BY "orders"."user_id", "orders"."id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "running", sum("orders"."id") OVER (ORDER BY "orders"."user_id", "orders"."id" ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS "rest", sum("orders"."id") OVER (ORDER BY "orders"."user_id" RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "range_peers", sum("orders"."id") OVER (ORDER BY "orders"."user_id" RANGE BETWEEN 1 PRECEDING AND 0 FOLLOWING) AS "range_offset" FROM "orders" ORDER BY "orders"."id""#,
        "SELECT `orders`.`id`, sum(`orders`.`id`) OVER (ORDER BY `orders`.`user_id`, `orders`.`id` ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS `around`, sum(`orders`.`id`) OVER (ORDER BY `orders`.`user_id`, `orders`.`id` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `running`, sum(`orders`.`id`) OVER (ORDER BY `orders`.`user_id`, `orders`.`id` ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS `rest`, sum(`orders`.`id`) OVER (ORDER BY `orders`.`user_id` RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `range_peers`, sum(`orders`.`id`) OVER (ORDER BY `orders`.`user_id` RANGE BETWEEN 1 PRECEDING AND 0 FOLLOWING) AS `range_offset` FROM `orders` ORDER BY `orders`.`id`",
    );
    // Frame offsets are inline integers, never parameters.
    assert!(c.params.is_empty());
    // (id, user): (1,1) (2,1) (3,2) (4,3) (5,3) (6,4)
    assert_eq!(
        query(&db, &c),
        [
            "1|3|1|21|3|3",
            "2|6|3|20|3|3",
            "3|9|6|18|6|6",
            "4|12|10|15|15|12",
            "5|15|15|11|15|12",
            "6|11|21|6|21|15",
        ]
    );

    // GROUPS frames: standard, SQLite and PostgreSQL; MariaDB refuses them.
    let groups = select((
        id(),
        func::sum(id())
            .over(WindowSpec::new().order_by(user()).frame(
                FrameUnits::Groups,
                FrameBound::Preceding(1),
                FrameBound::CurrentRow,
            ))
            .label("two_groups"),
    ))
    .from(&s.orders)
    .order_by(id());
    let c = groups.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "orders"."id", sum("orders"."id") OVER (ORDER BY "orders"."user_id" GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS "two_groups" FROM "orders" ORDER BY "orders"."id""#
    );
    assert_eq!(
        groups.compile(&Postgres).unwrap().sql,
        r#"SELECT "orders"."id", sum("orders"."id") OVER (ORDER BY "orders"."user_id" GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS "two_groups" FROM "orders" ORDER BY "orders"."id""#
    );
    let err = compile_err(&groups, &MySql::mariadb());
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
    // groups by user: {1,2} {3} {4,5} {6}
    assert_eq!(
        query(&db, &c),
        ["1|3", "2|3", "3|6", "4|12", "5|12", "6|15"]
    );
}

#[test]
fn order_by_nulls_first_and_last_native_or_emulated() {
    let s = schema();
    let db = sqlite_db(&s);
    let total = || s.orders.c("total");
    let ordered = |o: OrderBy| select(s.orders.c("id")).from(&s.orders).order_by(o);

    let c = golden(
        &ordered(total().asc().nulls_first()),
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" ASC NULLS FIRST"#,
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" ASC NULLS FIRST"#,
        "SELECT `orders`.`id` FROM `orders` ORDER BY `orders`.`total` IS NULL DESC, `orders`.`total` ASC",
    );
    assert_eq!(query(&db, &c), ["5", "3", "6", "1", "2", "4"]);

    let c = golden(
        &ordered(total().asc().nulls_last()),
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" ASC NULLS LAST"#,
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" ASC NULLS LAST"#,
        "SELECT `orders`.`id` FROM `orders` ORDER BY `orders`.`total` IS NULL ASC, `orders`.`total` ASC",
    );
    assert_eq!(query(&db, &c), ["3", "6", "1", "2", "4", "5"]);

    let c = golden(
        &ordered(total().desc().nulls_first()),
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" DESC NULLS FIRST"#,
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" DESC NULLS FIRST"#,
        "SELECT `orders`.`id` FROM `orders` ORDER BY `orders`.`total` IS NULL DESC, `orders`.`total` DESC",
    );
    assert_eq!(query(&db, &c), ["5", "4", "2", "1", "6", "3"]);

    let c = golden(
        &ordered(total().desc().nulls_last()),
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" DESC NULLS LAST"#,
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" DESC NULLS LAST"#,
        "SELECT `orders`.`id` FROM `orders` ORDER BY `orders`.`total` IS NULL ASC, `orders`.`total` DESC",
    );
    assert_eq!(query(&db, &c), ["4", "2", "1", "6", "3", "5"]);

    // No direction, and an operator expression as the key.
    let c = golden(
        &ordered(OrderBy::new(total() * -1).nulls_last()),
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" * ? NULLS LAST"#,
        r#"SELECT "orders"."id" FROM "orders" ORDER BY "orders"."total" * $1 NULLS LAST"#,
        "SELECT `orders`.`id` FROM `orders` ORDER BY `orders`.`total` * ? IS NULL ASC, `orders`.`total` * ?",
    );
    assert_eq!(query(&db, &c), ["4", "2", "1", "6", "3", "5"]);
    // The emulation repeats the key, and so its parameter.
    let my = ordered(OrderBy::new(total() * -1).nulls_last())
        .compile(&MySql::mariadb())
        .unwrap();
    assert_eq!(my.values().unwrap(), ints(&[-1, -1]));
    assert_eq!(c.values().unwrap(), ints(&[-1]));

    // Inside a window too.
    let c = golden(
        &select((
            s.orders.c("id"),
            func::row_number()
                .over(WindowSpec::new().order_by(total().desc().nulls_last()))
                .label("rn"),
        ))
        .from(&s.orders)
        .order_by(s.orders.c("id")),
        r#"SELECT "orders"."id", row_number() OVER (ORDER BY "orders"."total" DESC NULLS LAST) AS "rn" FROM "orders" ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id", row_number() OVER (ORDER BY "orders"."total" DESC NULLS LAST) AS "rn" FROM "orders" ORDER BY "orders"."id""#,
        "SELECT `orders`.`id`, row_number() OVER (ORDER BY `orders`.`total` IS NULL ASC, `orders`.`total` DESC) AS `rn` FROM `orders` ORDER BY `orders`.`id`",
    );
    assert_eq!(query(&db, &c), ["1|3", "2|2", "3|5", "4|1", "5|6", "6|4"]);
}

#[test]
fn unknown_column_is_a_typed_error_at_compile_time() {
    let s = schema();
    let db = sqlite_db(&s);
    let expected = Error::UnknownColumn {
        table: "users".into(),
        column: "nope".into(),
    };
    let stmt = select(s.users.c("nope")).from(&s.users);
    assert_eq!(compile_err(&stmt, &Sqlite), expected);
    assert_eq!(compile_err(&stmt, &Postgres), expected);
    assert_eq!(compile_err(&stmt, &MySql::mariadb()), expected);
    assert_eq!(s.users.try_c("nope").unwrap_err(), expected);

    // Deep inside WHERE, through an alias, or in ORDER BY: the same error.
    let u = s.users.alias("u");
    let stmt = select(u.c("id"))
        .from(&u)
        .filter(u.c("id").eq(1).and(u.c("nope").is_null()));
    assert_eq!(
        compile_err(&stmt, &Sqlite),
        Error::UnknownColumn {
            table: "u (alias of users)".into(),
            column: "nope".into(),
        }
    );
    let stmt = select(s.users.c("id"))
        .from(&s.users)
        .order_by(s.users.c("nope").desc());
    assert_eq!(compile_err(&stmt, &Postgres), expected);
    assert_eq!(
        expected.to_string(),
        r#"table "users" has no column "nope""#
    );

    // The known columns of the same table still compile and run.
    let c = golden(
        &select(u.c("name")).from(&u).filter(u.c("id").eq(1)),
        r#"SELECT "u"."name" FROM "users" AS "u" WHERE "u"."id" = ?"#,
        r#"SELECT "u"."name" FROM "users" AS "u" WHERE "u"."id" = $1"#,
        "SELECT `u`.`name` FROM `users` AS `u` WHERE `u`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["ann"]);
}

#[test]
fn text_fragments_inside_expressions() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((
        s.users.c("name"),
        Expr::from(text("upper(substr(name, 1, 1))")),
    ))
    .from(&s.users)
    .filter(s.users.c("id").gt(1))
    .filter(text("length(name) > :n").bind("n", 2))
    .filter(s.users.c("id").lt(text("1 + :m").bind("m", 3)))
    .order_by(s.users.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "users"."name", upper(substr(name, 1, 1)) FROM "users" WHERE "users"."id" > ? AND (length(name) > ?) AND "users"."id" < (1 + ?) ORDER BY "users"."id""#,
        r#"SELECT "users"."name", upper(substr(name, 1, 1)) FROM "users" WHERE "users"."id" > $1 AND (length(name) > $2) AND "users"."id" < (1 + $3) ORDER BY "users"."id""#,
        "SELECT `users`.`name`, upper(substr(name, 1, 1)) FROM `users` WHERE `users`.`id` > ? AND (length(name) > ?) AND `users`.`id` < (1 + ?) ORDER BY `users`.`id`",
    );
    assert_eq!(c.values().unwrap(), ints(&[1, 2, 3]));
    assert_eq!(query(&db, &c), ["bob|B", "cid|C"]);

    // An unbound fragment parameter is a named parameter of the statement.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(text("country = :c"))
            .filter(s.users.c("id").gt(1)),
        r#"SELECT "users"."name" FROM "users" WHERE (country = ?) AND "users"."id" > ?"#,
        r#"SELECT "users"."name" FROM "users" WHERE (country = $1) AND "users"."id" > $2"#,
        "SELECT `users`.`name` FROM `users` WHERE (country = ?) AND `users`.`id` > ?",
    );
    let values = c.bind(&[("c", Value::from("US"))]).unwrap();
    assert_eq!(values, vec![Value::from("US"), Value::Int(1)]);
    assert_eq!(query(&db, &with_values(&c, values)), ["bob"]);
}

#[test]
fn literal_rendering_escapes_values_for_each_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let stmt = select((
        lit("it's"),
        lit(r"back\slash"),
        lit(vec![0xdeu8, 0xad, 0x01]),
        lit(true),
        lit(false),
        lit(None::<&str>),
        lit(-42),
        lit(1.5),
    ));
    let lite = stmt.to_literal_sql(&Sqlite).unwrap();
    assert_eq!(
        lite,
        r#"SELECT 'it''s' AS "anon_1", 'back\slash' AS "anon_2", X'DEAD01' AS "anon_3", TRUE AS "anon_4", FALSE AS "anon_5", NULL AS "anon_6", (-42) AS "anon_7", 1.5 AS "anon_8""#
    );
    assert_eq!(
        stmt.to_literal_sql(&Postgres).unwrap(),
        r#"SELECT 'it''s' AS "anon_1", 'back\slash' AS "anon_2", '\xdead01'::bytea AS "anon_3", TRUE AS "anon_4", FALSE AS "anon_5", NULL AS "anon_6", (-42) AS "anon_7", 1.5 AS "anon_8""#
    );
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb()).unwrap(),
        r"SELECT 'it''s' AS `anon_1`, 'back\\slash' AS `anon_2`, X'DEAD01' AS `anon_3`, TRUE AS `anon_4`, FALSE AS `anon_5`, NULL AS `anon_6`, (-42) AS `anon_7`, 1.5 AS `anon_8`"
    );
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb().with_no_backslash_escapes(true))
            .unwrap(),
        r"SELECT 'it''s' AS `anon_1`, 'back\slash' AS `anon_2`, X'DEAD01' AS `anon_3`, TRUE AS `anon_4`, FALSE AS `anon_5`, NULL AS `anon_6`, (-42) AS `anon_7`, 1.5 AS `anon_8`"
    );
    assert_eq!(
        query(&db, &literal(lite)),
        [r"it's|back\slash|[222, 173, 1]|1|0|NULL|-42|1.5"]
    );

    // Control characters: MySQL with backslash escapes spells them out.
    let stmt = select(lit("a\nb\r\u{1a}"));
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb()).unwrap(),
        r"SELECT 'a\nb\r\Z' AS `anon_1`"
    );
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb().with_no_backslash_escapes(true))
            .unwrap(),
        "SELECT 'a\nb\r\u{1a}' AS `anon_1`"
    );
    let lite = stmt.to_literal_sql(&Sqlite).unwrap();
    assert_eq!(lite, "SELECT 'a\nb\r\u{1a}' AS \"anon_1\"");
    assert_eq!(query(&db, &literal(lite)), ["a\nb\r\u{1a}"]);

    // NUL: only MySQL's backslash escapes can spell it; elsewhere a typed error.
    let stmt = select(lit("nul\0here"));
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb()).unwrap(),
        r"SELECT 'nul\0here' AS `anon_1`"
    );
    for (err, dialect) in [
        (stmt.to_literal_sql(&Sqlite).unwrap_err(), "sqlite"),
        (stmt.to_literal_sql(&Postgres).unwrap_err(), "postgresql"),
        (
            stmt.to_literal_sql(&MySql::mariadb().with_no_backslash_escapes(true))
                .unwrap_err(),
            "mariadb",
        ),
    ] {
        assert!(
            matches!(err, Error::Unsupported { dialect: d, .. } if d == dialect),
            "{err:?}"
        );
    }

    // A whole statement, LIKE escape included; a bindparam has no literal.
    let stmt = select(s.users.c("name"))
        .from(&s.users)
        .filter(s.users.c("name").like("a\\_%").escape('\\'))
        .filter(s.users.c("email").ne("o'neil@x.io"));
    let lite = stmt.to_literal_sql(&Sqlite).unwrap();
    assert_eq!(
        lite,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" LIKE 'a\_%' ESCAPE '\' AND "users"."email" <> 'o''neil@x.io'"#
    );
    assert_eq!(
        stmt.to_literal_sql(&Postgres).unwrap(),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."name" LIKE 'a\_%' ESCAPE '\' AND "users"."email" <> 'o''neil@x.io'"#
    );
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb()).unwrap(),
        r"SELECT `users`.`name` FROM `users` WHERE `users`.`name` LIKE 'a\\_%' ESCAPE '\\' AND `users`.`email` <> 'o''neil@x.io'"
    );
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb().with_no_backslash_escapes(true))
            .unwrap(),
        r"SELECT `users`.`name` FROM `users` WHERE `users`.`name` LIKE 'a\_%' ESCAPE '\' AND `users`.`email` <> 'o''neil@x.io'"
    );
    assert_eq!(query(&db, &literal(lite)), Vec::<String>::new());

    let stmt = select(s.users.c("name"))
        .from(&s.users)
        .filter(s.users.c("id").eq(bindparam("id")));
    assert_eq!(
        stmt.to_literal_sql(&Sqlite).unwrap_err(),
        Error::MissingBindParam { name: "id".into() }
    );
}

#[test]
fn mysql_nulls_emulation_on_an_aggregate_label_repeats_the_aggregate() {
    let s = schema();
    let db = sqlite_db(&s);
    // `ORDER BY s IS NULL ASC, s DESC` with s = sum(...) fails on MariaDB 10.11:
    // "Reference 's' not supported (reference to group function)". The extra
    // sort key must use the labelled expression; the label alone is fine for the
    // plain key.
    let spent = func::sum(s.orders.c("total")).label("s");
    let stmt = select((s.orders.c("id"), spent.clone()))
        .from(&s.orders)
        .group_by(s.orders.c("id"))
        .order_by(spent.desc().nulls_last());
    let c = golden(
        &stmt,
        r#"SELECT "orders"."id", sum("orders"."total") AS "s" FROM "orders" GROUP BY "orders"."id" ORDER BY "s" DESC NULLS LAST"#,
        r#"SELECT "orders"."id", sum("orders"."total") AS "s" FROM "orders" GROUP BY "orders"."id" ORDER BY "s" DESC NULLS LAST"#,
        "SELECT `orders`.`id`, sum(`orders`.`total`) AS `s` FROM `orders` GROUP BY `orders`.`id` ORDER BY sum(`orders`.`total`) IS NULL ASC, `s` DESC",
    );
    assert_eq!(
        query(&db, &c),
        ["4|100", "2|20", "1|10.5", "6|7", "3|5.25", "5|NULL"]
    );
}

#[test]
fn negative_literal_under_unary_minus_never_opens_a_comment() {
    let s = schema();
    let db = sqlite_db(&s);
    // The compiler guards `-(-x)` for a nested negation, but a negative literal
    // under a minus prints `--3`: on SQLite and PostgreSQL the rest of the line is
    // a comment, so `WHERE --3 < "users"."id"` loses its condition (MySQL needs
    // `-- ` with a space, so it happens to survive there).
    let stmt = select(s.users.c("id"))
        .from(&s.users)
        .filter((-lit(-3)).lt(s.users.c("id")))
        .order_by(s.users.c("id"));
    let lite = stmt.to_literal_sql(&Sqlite).unwrap();
    assert_eq!(
        lite,
        r#"SELECT "users"."id" FROM "users" WHERE -(-3) < "users"."id" ORDER BY "users"."id""#
    );
    assert_eq!(
        stmt.to_literal_sql(&Postgres).unwrap(),
        r#"SELECT "users"."id" FROM "users" WHERE -(-3) < "users"."id" ORDER BY "users"."id""#
    );
    assert_eq!(
        stmt.to_literal_sql(&MySql::mariadb()).unwrap(),
        "SELECT `users`.`id` FROM `users` WHERE -(-3) < `users`.`id` ORDER BY `users`.`id`"
    );
    assert_eq!(
        select(-lit(-2.5)).to_literal_sql(&Postgres).unwrap(),
        "SELECT -(-2.5) AS \"anon_1\""
    );
    assert_eq!(query(&db, &literal(lite)), ["4", "5"]);
}

/// Row values: IN a list of them, compared as a whole, and an empty one is an
/// error.
#[test]
fn row_values_in_a_list_and_compared() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let pair = || tuple_((o.c("user_id"), o.c("id")));
    let stmt = select(o.c("id"))
        .from(o)
        .filter(
            pair()
                .in_([tuple_((1, 2)), tuple_((3, 5))])
                .or(pair().ge(tuple_((4, 6)))),
        )
        .order_by(o.c("id"));
    let c = golden(
        &stmt,
        r#"SELECT "orders"."id" FROM "orders" WHERE ("orders"."user_id", "orders"."id") IN ((?, ?), (?, ?)) OR ("orders"."user_id", "orders"."id") >= (?, ?) ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id" FROM "orders" WHERE ("orders"."user_id", "orders"."id") IN (($1, $2), ($3, $4)) OR ("orders"."user_id", "orders"."id") >= ($5, $6) ORDER BY "orders"."id""#,
        "SELECT `orders`.`id` FROM `orders` WHERE (`orders`.`user_id`, `orders`.`id`) IN ((?, ?), (?, ?)) OR (`orders`.`user_id`, `orders`.`id`) >= (?, ?) ORDER BY `orders`.`id`",
    );
    assert_eq!(query(&db, &c), ["2", "5", "6"]);

    // Lists of rows of plain values share one cache entry whatever their
    // length, as lists of values do; each hit renders what a fresh compile
    // renders. Rows of another width, or holding a column, are another shape.
    let listed = |rows: &[(i64, i64)]| {
        select(o.c("id"))
            .from(o)
            .filter(pair().in_(rows.iter().map(|&r| tuple_(r)).collect::<Vec<_>>()))
    };
    let seeded = [(1, 1), (1, 2), (2, 3), (3, 4), (3, 5), (4, 6)];
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for rows in [
        &[(1, 2), (3, 5)][..],
        &[(4, 6)],
        &[(1, 1), (9, 2), (3, 4)],
        &[(2, 3)],
    ] {
        let q = listed(rows);
        let fresh = q.compile(&Postgres).unwrap();
        let cached = cache.compile(&q).unwrap();
        assert_eq!(cached.sql, fresh.sql);
        assert_eq!(cached.values().unwrap(), fresh.values().unwrap());
        let mut want: Vec<String> = rows
            .iter()
            .filter(|r| seeded.contains(r))
            .map(|&(_, i)| i.to_string())
            .collect();
        want.sort();
        let mut got = query(&db, &q.compile(&Sqlite).unwrap());
        got.sort();
        assert_eq!(got, want);
    }
    assert_eq!(
        cache
            .compile(&listed(&[(1, 2), (3, 5), (4, 6)]))
            .unwrap()
            .sql,
        r#"SELECT "orders"."id" FROM "orders" WHERE ("orders"."user_id", "orders"."id") IN (($1, $2), ($3, $4), ($5, $6))"#
    );
    let stats = cache.stats();
    assert_eq!((stats.misses, stats.hits), (1, 4));
    let wider = select(o.c("id"))
        .from(o)
        .filter(tuple_((o.c("user_id"), o.c("id"), o.c("id"))).in_([tuple_((1, 2, 2))]));
    cache.compile(&wider).unwrap();
    let with_column = select(o.c("id"))
        .from(o)
        .filter(pair().in_([tuple_((lit(1), o.c("id")))]));
    cache.compile(&with_column).unwrap();
    assert_eq!(cache.stats().misses, 3);

    let empty = select(o.c("id"))
        .from(o)
        .filter(tuple_(Vec::<Expr>::new()).eq(1));
    assert!(matches!(
        empty.compile(&Sqlite),
        Err(Error::InvalidStatement(_))
    ));
}

#[test]
fn bitwise_operators_are_grouped_and_spelled_per_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let id = || s.users.c("id");

    // AND, OR and the shifts are spelled alike; every operand that is not a
    // single term is parenthesised, and so is the operation under a comparison.
    let c = golden(
        &select((
            id(),
            id().bitwise_and(6).label("a"),
            id().bitwise_or(8).label("o"),
            id().bitwise_lshift(2).label("l"),
            (id() + 8).bitwise_rshift(1).label("r"),
        ))
        .from(&s.users)
        .filter(id().bitwise_and(1).eq(1))
        .order_by(id()),
        r#"SELECT "users"."id", "users"."id" & ? AS "a", "users"."id" | ? AS "o", "users"."id" << ? AS "l", ("users"."id" + ?) >> ? AS "r" FROM "users" WHERE ("users"."id" & ?) = ? ORDER BY "users"."id""#,
        r#"SELECT "users"."id", "users"."id" & $1 AS "a", "users"."id" | $2 AS "o", "users"."id" << $3 AS "l", ("users"."id" + $4) >> $5 AS "r" FROM "users" WHERE ("users"."id" & $6) = $7 ORDER BY "users"."id""#,
        "SELECT `users`.`id`, `users`.`id` & ? AS `a`, `users`.`id` | ? AS `o`, `users`.`id` << ? AS `l`, (`users`.`id` + ?) >> ? AS `r` FROM `users` WHERE (`users`.`id` & ?) = ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["1|0|9|4|4", "3|2|11|12|5", "5|4|13|20|6"]);

    // MySQL binds & tighter than |, PostgreSQL ranks them alike: the tree's
    // grouping is written out, so both read it the same way.
    let c = golden(
        &select(id().bitwise_or(id().bitwise_and(2)).label("x"))
            .from(&s.users)
            .filter(id().eq(5)),
        r#"SELECT "users"."id" | ("users"."id" & ?) AS "x" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" | ("users"."id" & $1) AS "x" FROM "users" WHERE "users"."id" = $2"#,
        "SELECT `users`.`id` | (`users`.`id` & ?) AS `x` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["5"]);

    // XOR: PostgreSQL's #, MySQL's ^, and on SQLite the emulation, each operand
    // written (and its value bound) twice. The parameter lists differ, so each
    // dialect is compiled on its own.
    let sql = |stmt: &Select, d: &dyn sqlcraft::dialect::Dialect| {
        let c = stmt.compile(d).unwrap();
        (c.sql.clone(), c.values().unwrap())
    };
    let xor = select((id(), id().bitwise_xor(6).label("x")))
        .from(&s.users)
        .order_by(id());
    assert_eq!(
        sql(&xor, &Sqlite),
        (
            r#"SELECT "users"."id", (("users"."id" | ?) - ("users"."id" & ?)) AS "x" FROM "users" ORDER BY "users"."id""#.to_string(),
            vec![Value::Int(6), Value::Int(6)]
        )
    );
    assert_eq!(
        sql(&xor, &Postgres),
        (
            r#"SELECT "users"."id", "users"."id" # $1 AS "x" FROM "users" ORDER BY "users"."id""#
                .to_string(),
            vec![Value::Int(6)]
        )
    );
    assert_eq!(
        sql(&xor, &MySql::mariadb()),
        (
            "SELECT `users`.`id`, `users`.`id` ^ ? AS `x` FROM `users` ORDER BY `users`.`id`"
                .to_string(),
            vec![Value::Int(6)]
        )
    );
    assert_eq!(
        query(&db, &xor.compile(&Sqlite).unwrap()),
        ["1|7", "2|4", "3|5", "4|2", "5|3"]
    );

    // Two values: PostgreSQL gets their types from casts, SQLite's emulation
    // holds no column at all.
    let xor = select(lit(12).bitwise_xor(10).label("x"));
    assert_eq!(sql(&xor, &Sqlite).0, r#"SELECT ((? | ?) - (? & ?)) AS "x""#);
    assert_eq!(
        sql(&xor, &Postgres).0,
        r#"SELECT CAST($1 AS BIGINT) # CAST($2 AS BIGINT) AS "x""#
    );
    assert_eq!(sql(&xor, &MySql::mariadb()).0, "SELECT ? ^ ? AS `x`");
    assert_eq!(query(&db, &xor.compile(&Sqlite).unwrap()), ["6"]);
    // The same statement through the cache: one entry, each value bound twice.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    for (a, b, want) in [(12, 10, "6"), (5, 3, "6"), (255, 15, "240")] {
        let c = cache
            .compile(&select(lit(a).bitwise_xor(b).label("x")))
            .unwrap();
        assert_eq!(
            c.values().unwrap(),
            vec![Value::Int(a), Value::Int(b), Value::Int(a), Value::Int(b)]
        );
        assert_eq!(query(&db, &c), [want]);
    }
    assert_eq!((cache.stats().misses, cache.stats().hits), (1, 2));

    let c = golden(
        &select(id().bitwise_not().bitwise_and(255).label("x"))
            .from(&s.users)
            .filter(id().eq(5)),
        r#"SELECT (~"users"."id") & ? AS "x" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT (~"users"."id") & $1 AS "x" FROM "users" WHERE "users"."id" = $2"#,
        "SELECT (~`users`.`id`) & ? AS `x` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["250"]);

    // The emulation refuses an operand it would evaluate twice.
    let twice = select(
        func::call("random", Vec::<Expr>::new())
            .bitwise_xor(1)
            .label("x"),
    );
    let err = twice.compile(&sqlcraft_sqlite::Sqlite).unwrap_err();
    assert!(
        matches!(&err, Error::Unsupported { dialect, construct } if *dialect == "sqlite" && construct.contains("XOR")),
        "{err:?}"
    );
    assert!(twice.compile(&sqlcraft_postgres::Postgres).is_ok());
}

#[test]
fn custom_operators_are_written_as_given_and_checked() {
    let s = schema();
    let db = sqlite_db(&s);
    // SQLite's GLOB, an operator the builder has no method for.
    let c = golden(
        &select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("email").op("GLOB", "*@x.io"))
            .order_by(s.users.c("id")),
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" GLOB ? ORDER BY "users"."id""#,
        r#"SELECT "users"."name" FROM "users" WHERE "users"."email" GLOB $1 ORDER BY "users"."id""#,
        "SELECT `users`.`name` FROM `users` WHERE `users`.`email` GLOB ? ORDER BY `users`.`id`",
    );
    assert_eq!(query(&db, &c), ["ann", "dee"]);

    // Operands that are not single terms are grouped; symbols pass.
    let c = golden(
        &select(s.users.c("id").op("<>", s.users.c("id") + 1).label("x"))
            .from(&s.users)
            .filter(s.users.c("id").eq(1)),
        r#"SELECT "users"."id" <> ("users"."id" + ?) AS "x" FROM "users" WHERE "users"."id" = ?"#,
        r#"SELECT "users"."id" <> ("users"."id" + $1) AS "x" FROM "users" WHERE "users"."id" = $2"#,
        "SELECT `users`.`id` <> (`users`.`id` + ?) AS `x` FROM `users` WHERE `users`.`id` = ?",
    );
    assert_eq!(query(&db, &c), ["1"]);

    // Text that is not an operator never reaches the SQL.
    for bad in [
        "", "= 1 OR 1", "--", "/*", "=;", "a'b", "IS  NOT", " LIKE", "x)",
    ] {
        let q = select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").op(bad, 1));
        for d in [
            &sqlcraft_sqlite::Sqlite as &dyn sqlcraft::dialect::Dialect,
            &sqlcraft_postgres::Postgres,
            &sqlcraft_mysql::MySql::default(),
        ] {
            assert!(
                matches!(q.compile(d), Err(Error::InvalidStatement(_))),
                "{bad:?} on {}",
                d.name()
            );
        }
    }
    // `?` is PostgreSQL's jsonb key operator, and a placeholder elsewhere.
    let has_key = select(s.users.c("id"))
        .from(&s.users)
        .filter(s.users.c("email").op("?", "k"));
    assert_eq!(
        has_key.compile(&Postgres).unwrap().sql,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" ? $1"#
    );
    for err in [
        has_key.compile(&Sqlite).unwrap_err(),
        has_key.compile(&MySql::mariadb()).unwrap_err(),
    ] {
        assert!(
            matches!(&err, Error::InvalidStatement(m) if m.contains("marks a parameter")),
            "{err:?}"
        );
    }
    // Through the cache too: the walk keys the text, the compile refuses it.
    let cache = sqlcraft::cache::CompileCache::new(sqlcraft_sqlite::Sqlite);
    let q = |op: &'static str| {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").op(op, 1))
    };
    assert!(cache.compile(&q(">=")).is_ok());
    assert!(matches!(
        cache.compile(&q(">= 1 --")),
        Err(Error::InvalidStatement(_))
    ));
    assert_eq!(
        cache.compile(&q("<=")).unwrap().sql,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" <= ?"#
    );
    assert_eq!(cache.stats().misses, 2);
}

#[test]
fn regexp_match_is_spelled_per_dialect() {
    let s = schema();
    let email = || s.users.c("email");
    let by = |cond: Expr| select(s.users.c("id")).from(&s.users).filter(cond);

    golden(
        &by(email().regexp_match(r"@x\.io$")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" REGEXP ?"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" ~ $1"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`email` REGEXP ?",
    );
    // Flags: ~* for i alone on PostgreSQL, else an embedded option group.
    golden(
        &by(email().regexp_match_flags("^ANN", "i")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" REGEXP ('(?i)' || ?)"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" ~* $1"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`email` REGEXP concat('(?i)', ?)",
    );
    golden(
        &by(email().regexp_match_flags("^ann.x", "is")),
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" REGEXP ('(?is)' || ?)"#,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."email" ~ ('(?is)' || $1)"#,
        "SELECT `users`.`id` FROM `users` WHERE `users`.`email` REGEXP concat('(?is)', ?)",
    );
    // MySQL 8 takes flags as REGEXP_LIKE's argument; under a comparison the
    // operator form is grouped, the function form is not.
    let mysql8 = MySql::mysql8();
    assert_eq!(
        by(email().regexp_match_flags("^ann", "i"))
            .compile(&mysql8)
            .unwrap()
            .sql,
        "SELECT `users`.`id` FROM `users` WHERE REGEXP_LIKE(`users`.`email`, ?, 'i')"
    );
    assert_eq!(
        by(email().regexp_match("^a").eq(true_()))
            .compile(&mysql8)
            .unwrap()
            .sql,
        "SELECT `users`.`id` FROM `users` WHERE (`users`.`email` REGEXP ?) = TRUE"
    );
    assert_eq!(
        by(email().regexp_match_flags("^a", "c").eq(true_()))
            .compile(&mysql8)
            .unwrap()
            .sql,
        "SELECT `users`.`id` FROM `users` WHERE REGEXP_LIKE(`users`.`email`, ?, 'c') = TRUE"
    );
    // Concatenated subjects and patterns are grouped.
    golden(
        &by(email()
            .concat("!")
            .regexp_match_flags(s.users.c("name").concat("@"), "i")),
        r#"SELECT "users"."id" FROM "users" WHERE ("users"."email" || ?) REGEXP ('(?i)' || ("users"."name" || ?))"#,
        r#"SELECT "users"."id" FROM "users" WHERE ("users"."email" || $1) ~* ("users"."name" || $2)"#,
        "SELECT `users`.`id` FROM `users` WHERE concat(`users`.`email`, ?) REGEXP concat('(?i)', concat(`users`.`name`, ?))",
    );

    // A dialect without regular expressions refuses; flags that are not letters
    // never reach the SQL.
    let err = by(email().regexp_match("x"))
        .compile(&sqlcraft::dialect::GenericDialect)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Unsupported { construct, .. } if construct.contains("regular-expression")),
        "{err:?}"
    );
    for flags in ["i'", "i)", "1", "i c", "abcdefghijklmnopq"] {
        let q = by(email().regexp_match_flags("x", flags));
        assert!(
            matches!(q.compile(&Postgres), Err(Error::InvalidStatement(_))),
            "{flags:?}"
        );
        assert!(matches!(
            q.compile(&Sqlite),
            Err(Error::InvalidStatement(_))
        ));
    }

    // Flags are part of the cache key: the same pattern with and without `i`
    // is two entries, each equal to a fresh compile.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for (i, q) in [
        by(email().regexp_match("a")),
        by(email().regexp_match_flags("b", "i")),
        by(email().regexp_match("c")),
        by(email().regexp_match_flags("d", "i")),
        by(email().regexp_match_flags("e", "m")),
    ]
    .iter()
    .enumerate()
    {
        let got = cache.compile(q).unwrap();
        let fresh = q.compile(&Postgres).unwrap();
        assert_eq!((&got.sql, &got.params), (&fresh.sql, &fresh.params), "#{i}");
    }
    let stats = cache.stats();
    assert_eq!((stats.misses, stats.hits), (3, 2));
}

#[test]
fn aggregate_strings_is_spelled_per_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let u = &s.users;

    let c = golden(
        &select((
            u.c("status"),
            func::aggregate_strings_ordered(u.c("name"), ", ", u.c("name")),
        ))
        .from(u)
        .filter(u.c("status").is_not_null())
        .group_by(u.c("status"))
        .order_by(u.c("status")),
        r#"SELECT "users"."status", group_concat("users"."name", ', ' ORDER BY "users"."name") AS "aggregate_strings_1" FROM "users" WHERE "users"."status" IS NOT NULL GROUP BY "users"."status" ORDER BY "users"."status""#,
        r#"SELECT "users"."status", string_agg(CAST("users"."name" AS TEXT), ', ' ORDER BY "users"."name") AS "aggregate_strings_1" FROM "users" WHERE "users"."status" IS NOT NULL GROUP BY "users"."status" ORDER BY "users"."status""#,
        "SELECT `users`.`status`, group_concat(`users`.`name` ORDER BY `users`.`name` SEPARATOR ', ') AS `aggregate_strings_1` FROM `users` WHERE `users`.`status` IS NOT NULL GROUP BY `users`.`status` ORDER BY `users`.`status`",
    );
    assert_eq!(
        query(&db, &c),
        ["bronze|Eve", "gold|ann, cid", "silver|bob"]
    );

    // Unordered, over integers (PostgreSQL casts them), with NULLs left out; the
    // separator is a literal each dialect escapes its own way.
    let c = golden(
        &select(func::aggregate_strings(u.c("id"), "'\\").label("ids"))
            .from(u)
            .filter(u.c("email").is_null().or(u.c("id").eq(4))),
        r#"SELECT group_concat("users"."id", '''\') AS "ids" FROM "users" WHERE "users"."email" IS NULL OR "users"."id" = ?"#,
        r#"SELECT string_agg(CAST("users"."id" AS TEXT), '''\') AS "ids" FROM "users" WHERE "users"."email" IS NULL OR "users"."id" = $1"#,
        r#"SELECT group_concat(`users`.`id` SEPARATOR '''\\') AS `ids` FROM `users` WHERE `users`.`email` IS NULL OR `users`.`id` = ?"#,
    );
    let rows = query(&db, &c);
    assert!(rows == ["2'\\4"] || rows == ["4'\\2"], "{rows:?}");

    // The standard form on the generic dialect, and MySQL's NULLS emulation
    // inside the aggregate's ORDER BY.
    let q = select(
        func::aggregate_strings_ordered(u.c("email"), ";", u.c("email").desc().nulls_last())
            .label("e"),
    )
    .from(u);
    assert_eq!(
        q.compile(&sqlcraft::dialect::GenericDialect).unwrap().sql,
        r#"SELECT LISTAGG("users"."email", ';') WITHIN GROUP (ORDER BY "users"."email" DESC NULLS LAST) AS "e" FROM "users""#
    );
    assert_eq!(
        q.compile(&MySql::mariadb()).unwrap().sql,
        "SELECT group_concat(`users`.`email` ORDER BY `users`.`email` IS NULL ASC, `users`.`email` DESC SEPARATOR ';') AS `e` FROM `users`"
    );
    assert_eq!(
        query(&db, &q.compile(&Sqlite).unwrap()),
        ["eve@z.io;dee@x.io;cid@y.io;ann@x.io"]
    );

    // DISTINCT leads the arguments (the cast goes inside it on PostgreSQL);
    // SQLite's one-argument DISTINCT aggregate takes only its default comma.
    let distinct = |sep: &str| {
        select(func::aggregate_strings(u.c("status").distinct(), sep).label("s")).from(u)
    };
    assert_eq!(
        distinct(", ").compile(&Postgres).unwrap().sql,
        r#"SELECT string_agg(DISTINCT CAST("users"."status" AS TEXT), ', ') AS "s" FROM "users""#
    );
    assert_eq!(
        distinct(", ").compile(&MySql::mariadb()).unwrap().sql,
        "SELECT group_concat(DISTINCT `users`.`status` SEPARATOR ', ') AS `s` FROM `users`"
    );
    let c = distinct(",").compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT group_concat(DISTINCT "users"."status") AS "s" FROM "users""#
    );
    let mut got: Vec<String> = query(&db, &c)[0].split(',').map(String::from).collect();
    got.sort();
    assert_eq!(got, ["bronze", "gold", "silver"]);
    assert!(matches!(
        distinct(", ").compile(&Sqlite),
        Err(Error::Unsupported { .. })
    ));

    // The separator and the order are the statement's shape: each is its own
    // cache entry, and a hit equals a fresh compile.
    let cache = sqlcraft::cache::CompileCache::new(Sqlite);
    let shapes = [
        func::aggregate_strings(u.c("name"), ","),
        func::aggregate_strings(u.c("name"), ";"),
        func::aggregate_strings_ordered(u.c("name"), ",", u.c("name")),
        func::aggregate_strings(u.c("name"), ","),
    ];
    for agg in shapes {
        let q = select(agg.label("n")).from(u).filter(u.c("id").gt(1));
        let got = cache.compile(&q).unwrap();
        assert_eq!(got.sql, q.compile(&Sqlite).unwrap().sql);
    }
    assert_eq!((cache.stats().misses, cache.stats().hits), (3, 1));
}

#[test]
fn regexp_replace_is_spelled_per_dialect() {
    let s = schema();
    let email = || s.users.c("email");
    let q = |e: Expr| select(e.label("x")).from(&s.users);
    golden(
        &q(email().regexp_replace("@.*$", "")),
        r#"SELECT regexp_replace("users"."email", ?, ?) AS "x" FROM "users""#,
        r#"SELECT regexp_replace("users"."email", $1, $2, 'g') AS "x" FROM "users""#,
        "SELECT regexp_replace(`users`.`email`, ?, ?) AS `x` FROM `users`",
    );
    golden(
        &q(email().regexp_replace_flags("^A", "a", "i")),
        r#"SELECT regexp_replace("users"."email", ('(?i)' || ?), ?) AS "x" FROM "users""#,
        r#"SELECT regexp_replace("users"."email", $1, $2, 'gi') AS "x" FROM "users""#,
        "SELECT regexp_replace(`users`.`email`, concat('(?i)', ?), ?) AS `x` FROM `users`",
    );
    let mysql8 = MySql::mysql8();
    assert_eq!(
        q(email().regexp_replace_flags("^A", "a", "i"))
            .compile(&mysql8)
            .unwrap()
            .sql,
        "SELECT regexp_replace(`users`.`email`, ?, ?, 1, 0, 'i') AS `x` FROM `users`"
    );
    // Unnamed, it is named as SQLAlchemy names it.
    assert_eq!(
        select(email().regexp_replace("a", "b"))
            .from(&s.users)
            .compile(&Postgres)
            .unwrap()
            .sql,
        r#"SELECT regexp_replace("users"."email", $1, $2, 'g') AS "regexp_replace_1" FROM "users""#
    );
    assert!(matches!(
        q(email().regexp_replace("a", "b")).compile(&sqlcraft::dialect::GenericDialect),
        Err(Error::Unsupported { .. })
    ));
    assert!(matches!(
        q(email().regexp_replace_flags("a", "b", "g'")).compile(&Postgres),
        Err(Error::InvalidStatement(_))
    ));
    // Flags are part of the key; pattern and replacement are values.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for e in [
        email().regexp_replace("a", "b"),
        email().regexp_replace("c", "d"),
        email().regexp_replace_flags("a", "b", "i"),
    ] {
        let stmt = q(e);
        let got = cache.compile(&stmt).unwrap();
        let fresh = stmt.compile(&Postgres).unwrap();
        assert_eq!((&got.sql, &got.params), (&fresh.sql, &fresh.params));
    }
    assert_eq!((cache.stats().misses, cache.stats().hits), (2, 1));
}

#[test]
fn navigation_and_distribution_window_functions_per_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let o = &s.orders;
    let by_id = || WindowSpec::new().order_by(o.c("id"));
    // user_id in id order: 1, 1, 2, 3, 3, 4.
    let c = golden(
        &select((
            o.c("id"),
            func::lag(o.c("user_id")).over(by_id()),
            func::lead_by(o.c("user_id"), 2).over(by_id()),
            func::ntile(3).over(by_id()),
            func::nth_value(o.c("user_id"), 3).over(by_id()),
            func::first_value(o.c("id")).over(
                WindowSpec::new()
                    .partition_by(o.c("user_id"))
                    .order_by(o.c("id").desc()),
            ),
        ))
        .from(o)
        .order_by(o.c("id")),
        r#"SELECT "orders"."id", lag("orders"."user_id") OVER (ORDER BY "orders"."id") AS "anon_1", lead("orders"."user_id", ?) OVER (ORDER BY "orders"."id") AS "anon_2", ntile(?) OVER (ORDER BY "orders"."id") AS "anon_3", nth_value("orders"."user_id", ?) OVER (ORDER BY "orders"."id") AS "anon_4", first_value("orders"."id") OVER (PARTITION BY "orders"."user_id" ORDER BY "orders"."id" DESC) AS "anon_5" FROM "orders" ORDER BY "orders"."id""#,
        r#"SELECT "orders"."id", lag("orders"."user_id") OVER (ORDER BY "orders"."id") AS "anon_1", lead("orders"."user_id", $1) OVER (ORDER BY "orders"."id") AS "anon_2", ntile($2) OVER (ORDER BY "orders"."id") AS "anon_3", nth_value("orders"."user_id", $3) OVER (ORDER BY "orders"."id") AS "anon_4", first_value("orders"."id") OVER (PARTITION BY "orders"."user_id" ORDER BY "orders"."id" DESC) AS "anon_5" FROM "orders" ORDER BY "orders"."id""#,
        "SELECT `orders`.`id`, lag(`orders`.`user_id`) OVER (ORDER BY `orders`.`id`) AS `anon_1`, lead(`orders`.`user_id`, ?) OVER (ORDER BY `orders`.`id`) AS `anon_2`, ntile(?) OVER (ORDER BY `orders`.`id`) AS `anon_3`, nth_value(`orders`.`user_id`, ?) OVER (ORDER BY `orders`.`id`) AS `anon_4`, first_value(`orders`.`id`) OVER (PARTITION BY `orders`.`user_id` ORDER BY `orders`.`id` DESC) AS `anon_5` FROM `orders` ORDER BY `orders`.`id`",
    );
    assert_eq!(
        c.values().unwrap(),
        vec![Value::Int(2), Value::Int(3), Value::Int(3)]
    );
    assert_eq!(
        query(&db, &c),
        [
            "1|NULL|2|1|NULL|2",
            "2|1|3|1|NULL|2",
            "3|1|3|2|2|3",
            "4|2|4|2|2|5",
            "5|3|NULL|3|2|5",
            "6|3|NULL|3|2|6"
        ]
    );

    // A default for the missing row: bound like any value, refused on MariaDB
    // (its LAG and LEAD take none), kept on MySQL 8.
    let q = select((
        func::lag_or(o.c("user_id"), 1, 0).over(by_id()),
        func::percent_rank().over(by_id()),
        func::cume_dist().over(by_id()),
        func::last_value(o.c("id")).over(by_id()),
    ))
    .from(o)
    .order_by(o.c("id"))
    .limit(2);
    let c = q.compile(&Sqlite).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT lag("orders"."user_id", ?, ?) OVER (ORDER BY "orders"."id") AS "anon_1", percent_rank() OVER (ORDER BY "orders"."id") AS "anon_2", cume_dist() OVER (ORDER BY "orders"."id") AS "anon_3", last_value("orders"."id") OVER (ORDER BY "orders"."id") AS "anon_4" FROM "orders" ORDER BY "orders"."id" LIMIT ?"#
    );
    assert_eq!(
        query(&db, &c),
        ["0|0.0|0.16666666666666666|1", "1|0.2|0.3333333333333333|2"]
    );
    assert!(q
        .compile(&MySql::mysql8())
        .unwrap()
        .sql
        .starts_with("SELECT lag(`orders`.`user_id`, ?, ?) OVER"));
    assert!(matches!(
        compile_err(&q, &MySql::mariadb()),
        Error::Unsupported { dialect: "mariadb", construct } if construct == "LAG and LEAD with a default value"
    ));
}

#[test]
fn current_date_time_and_timestamp_are_keywords() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select((
            func::current_date(),
            func::current_time().label("t"),
            func::current_timestamp().is_not_null(),
        )),
        r#"SELECT CURRENT_DATE AS "current_date_1", CURRENT_TIME AS "t", CURRENT_TIMESTAMP IS NOT NULL AS "anon_1""#,
        r#"SELECT CURRENT_DATE AS "current_date_1", CURRENT_TIME AS "t", CURRENT_TIMESTAMP IS NOT NULL AS "anon_1""#,
        "SELECT CURRENT_DATE AS `current_date_1`, CURRENT_TIME AS `t`, CURRENT_TIMESTAMP IS NOT NULL AS `anon_1`",
    );
    let row = &query(&db, &c)[0];
    let parts: Vec<&str> = row.split('|').collect();
    assert_eq!(
        (parts[0].len(), parts[1].len(), parts[2]),
        (10, 8, "1"),
        "{row}"
    );

    // A server default: bare where a keyword may stand (every engine here).
    let mut meta = MetaData::new();
    let t = meta
        .table("stamped", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("on_day", SqlType::Date)
                .server_default(func::current_date());
        })
        .unwrap();
    assert_eq!(
        t.create().compile(&Postgres).unwrap().sql,
        r#"CREATE TABLE "stamped" ("id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY, "on_day" DATE DEFAULT CURRENT_DATE, PRIMARY KEY ("id"))"#
    );
    assert!(t
        .create()
        .compile(&Sqlite)
        .unwrap()
        .sql
        .contains(r#""on_day" DATE DEFAULT CURRENT_DATE"#));
}

#[test]
fn ordered_set_aggregates_per_dialect() {
    let s = schema();
    let o = &s.orders;
    let generic = sqlcraft::dialect::GenericDialect;
    let q = select((
        func::percentile_cont(0.25).within_group(o.c("total")),
        func::percentile_disc(0.5).within_group((o.c("total").desc(), o.c("id"))),
        func::mode().within_group(o.c("status")).label("usual"),
    ))
    .from(o);
    let pg = q.compile(&Postgres).unwrap();
    assert_eq!(
        pg.sql,
        r#"SELECT percentile_cont($1) WITHIN GROUP (ORDER BY "orders"."total") AS "percentile_cont_1", percentile_disc($2) WITHIN GROUP (ORDER BY "orders"."total" DESC, "orders"."id") AS "percentile_disc_1", mode() WITHIN GROUP (ORDER BY "orders"."status") AS "usual" FROM "orders""#
    );
    assert_eq!(
        pg.values().unwrap(),
        vec![Value::Float(0.25), Value::Float(0.5)]
    );
    assert_eq!(
        q.compile(&generic).unwrap().sql,
        pg.sql.replace("$1", "?").replace("$2", "?")
    );

    // MariaDB: under OVER only, the fraction cast (it refuses an untyped one);
    // PostgreSQL: not under OVER.
    let windowed = select(
        func::percentile_cont(0.5)
            .within_group(o.c("total"))
            .over(WindowSpec::new().partition_by(o.c("user_id"))),
    )
    .from(o);
    assert_eq!(
        windowed.compile(&MySql::mariadb()).unwrap().sql,
        "SELECT percentile_cont(CAST(? AS DOUBLE)) WITHIN GROUP (ORDER BY `orders`.`total`) OVER (PARTITION BY `orders`.`user_id`) AS `anon_1` FROM `orders`"
    );
    let construct = |q: &Select, d: &dyn sqlcraft::Dialect| match compile_err(q, d) {
        Error::Unsupported { construct, .. } => construct.into_owned(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        construct(&windowed, &Postgres),
        "an ordered-set aggregate (WITHIN GROUP) under OVER"
    );
    assert_eq!(
        construct(&q, &MySql::mariadb()),
        "an ordered-set aggregate (WITHIN GROUP) outside OVER"
    );
    for d in [&MySql::mysql8() as &dyn sqlcraft::Dialect, &Sqlite] {
        assert_eq!(construct(&q, d), "WITHIN GROUP");
        assert_eq!(construct(&windowed, d), "WITHIN GROUP");
    }

    // Only on a function, and only with an order.
    for bad in [
        select(o.c("total").within_group(o.c("id"))).from(o),
        select(func::mode().within_group(Vec::<OrderBy>::new())).from(o),
        select(
            func::percentile_cont(0.5)
                .filter(o.c("id").gt(1))
                .within_group(o.c("total")),
        )
        .from(o),
    ] {
        assert!(
            matches!(compile_err(&bad, &Postgres), Error::InvalidStatement(_)),
            "{:?}",
            bad.compile(&Postgres)
        );
    }

    // The order is part of the shape; the fraction is a value.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for (f, desc) in [(0.1, false), (0.9, false), (0.5, true)] {
        let key = if desc {
            o.c("total").desc()
        } else {
            o.c("total").asc()
        };
        let stmt = select(func::percentile_cont(f).within_group(key)).from(o);
        assert_eq!(
            cache.compile(&stmt).unwrap(),
            stmt.compile(&Postgres).unwrap()
        );
    }
    assert_eq!(cache.len(), 2);
}

#[test]
fn json_values_per_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let t = table("docs");
    let path = JsonPath::new().key("it's").index(2).key("b");
    let c = golden(
        &select((
            t.c("doc").json_text(path.clone()),
            t.c("doc").json_integer("n"),
            t.c("doc").json_float(["x", "y"]),
        ))
        .from(&t)
        .filter(t.c("doc").json_text("kind").eq("a")),
        r#"SELECT CASE json_type("docs"."doc", '$."it''s"[2]."b"') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(("docs"."doc" ->> '$."it''s"[2]."b"') AS TEXT) END AS "anon_1", CAST(("docs"."doc" ->> '$."n"') AS INTEGER) AS "anon_2", CAST(("docs"."doc" ->> '$."x"."y"') AS REAL) AS "anon_3" FROM "docs" WHERE CASE json_type("docs"."doc", '$."kind"') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(("docs"."doc" ->> '$."kind"') AS TEXT) END = ?"#,
        r#"SELECT ("docs"."doc" -> 'it''s' -> 2 ->> 'b') AS "anon_1", CAST(("docs"."doc" ->> 'n') AS BIGINT) AS "anon_2", CAST(("docs"."doc" -> 'x' ->> 'y') AS DOUBLE PRECISION) AS "anon_3" FROM "docs" WHERE ("docs"."doc" ->> 'kind') = $1"#,
        r#"SELECT CASE JSON_TYPE(JSON_EXTRACT(`docs`.`doc`, '$."it''s"[2]."b"')) WHEN 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(`docs`.`doc`, '$."it''s"[2]."b"')) END AS `anon_1`, CAST(JSON_VALUE(`docs`.`doc`, '$."n"') AS SIGNED) AS `anon_2`, CAST(JSON_VALUE(`docs`.`doc`, '$."x"."y"') AS DOUBLE) AS `anon_3` FROM `docs` WHERE CASE JSON_TYPE(JSON_EXTRACT(`docs`.`doc`, '$."kind"')) WHEN 'NULL' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(`docs`.`doc`, '$."kind"')) END = ?"#,
    );
    assert_eq!(c.values().unwrap(), vec![Value::from("a")]);

    // On SQLite's own JSON functions: booleans as text, null as NULL.
    let doc = r#"{"t": true, "n": null, "s": "x", "arr": [1.5]}"#;
    let q = select((
        lit(doc).json_text("t"),
        lit(doc).json_text("n"),
        lit(doc).json_text("s"),
        lit(doc).json_float(JsonPath::new().key("arr").index(0)),
    ));
    let c = q.compile(&Sqlite).unwrap();
    assert_eq!(
        c.params.len(),
        7,
        "the document is bound twice where text needs it twice"
    );
    assert_eq!(query(&db, &c), ["true|NULL|x|1.5"]);
    assert!(q
        .compile(&Postgres)
        .unwrap()
        .sql
        .starts_with(r#"SELECT (CAST($1 AS JSONB) ->> 't')"#));

    // Refused: an empty path, a key SQLite's path syntax cannot quote, a
    // document MySQL and SQLite would evaluate twice, and the generic dialect.
    for bad in [
        select(t.c("doc").json_text(JsonPath::new())),
        select(t.c("doc").json_text("a\"b")),
        select(t.c("doc").json_integer(["a", "b\\c"])),
    ] {
        assert!(
            matches!(compile_err(&bad, &Postgres), Error::InvalidStatement(_)),
            "{:?}",
            bad.compile(&Postgres)
        );
    }
    let computed = select(func::coalesce([t.c("a"), t.c("b")]).json_text("k"));
    assert!(computed.compile(&Postgres).is_ok());
    for d in [&Sqlite as &dyn sqlcraft::Dialect, &MySql::mariadb()] {
        assert!(matches!(
            compile_err(&computed, d),
            Error::Unsupported { .. }
        ));
        let typed = select(func::coalesce([t.c("a"), t.c("b")]).json_integer("k"));
        assert!(typed.compile(d).is_ok(), "read once: no second evaluation");
    }
    assert!(matches!(
        compile_err(
            &select(t.c("doc").json_text("k")),
            &sqlcraft::dialect::GenericDialect
        ),
        Error::Unsupported { .. }
    ));

    // The path and the reading are the shape; the compared value is not.
    let cache = sqlcraft::cache::CompileCache::new(Postgres);
    for (p, v) in [("a", "x"), ("a", "y"), ("b", "x")] {
        let stmt = select(t.c("id"))
            .from(&t)
            .filter(t.c("doc").json_text(p).eq(v));
        assert_eq!(
            cache.compile(&stmt).unwrap(),
            stmt.compile(&Postgres).unwrap()
        );
    }
    let by_index = |i: u32| select(t.c("doc").json_integer(JsonPath::new().index(i)));
    cache.compile(&by_index(0)).unwrap();
    cache.compile(&by_index(1)).unwrap();
    assert_eq!(cache.len(), 4);
}

#[test]
fn random_per_dialect() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select(func::random().label("r")),
        r#"SELECT ((random() & 9007199254740991) / 9007199254740992.0) AS "r""#,
        r#"SELECT random() AS "r""#,
        "SELECT rand() AS `r`",
    );
    for _ in 0..50 {
        let r: f64 = query(&db, &c)[0].parse().unwrap();
        assert!((0.0..1.0).contains(&r), "{r}");
    }
}
