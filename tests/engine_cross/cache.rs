//! The engine compiles through its statement cache, so statements that differ
//! only in their values share one compiled form. Statements that differ in
//! anything rendered into the SQL (frame offsets, escape characters, cast types,
//! NULL placement, the kind of an untyped value the dialect casts…) must not: each
//! statement below is run on one engine in sequence, and its rows through the
//! cache must be the rows compiled fresh (`ExecutionOptions::no_cache`).
use crate::harness::*;
use sqlcraft::engine::{Connection, ExecutionOptions};
use sqlcraft::prelude::*;

type Build = fn(&Schema) -> Select;

fn statements() -> Vec<(&'static str, Build)> {
    vec![
        ("frame 1 preceding", |s| {
            let o = &s.orders;
            select(
                func::sum(o.c("qty")).over(
                    WindowSpec::new()
                        .order_by(o.c("id"))
                        .rows(FrameBound::Preceding(1), FrameBound::CurrentRow),
                ),
            )
            .from(o)
            .order_by(o.c("id"))
        }),
        ("frame 2 preceding", |s| {
            let o = &s.orders;
            select(
                func::sum(o.c("qty")).over(
                    WindowSpec::new()
                        .order_by(o.c("id"))
                        .rows(FrameBound::Preceding(2), FrameBound::CurrentRow),
                ),
            )
            .from(o)
            .order_by(o.c("id"))
        }),
        ("range frame", |s| {
            let o = &s.orders;
            select(
                func::sum(o.c("qty")).over(
                    WindowSpec::new()
                        .order_by(o.c("qty"))
                        .range(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
                ),
            )
            .from(o)
            .order_by(o.c("id"))
        }),
        ("rows frame", |s| {
            let o = &s.orders;
            select(
                func::sum(o.c("qty")).over(
                    WindowSpec::new()
                        .order_by(o.c("qty"))
                        .rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
                ),
            )
            .from(o)
            .order_by(o.c("id"))
        }),
        ("escape !", |_| {
            select((
                lit("a%").like("a!%").escape('!').label("x"),
                lit("a#").like("a!%").escape('!').label("y"),
            ))
        }),
        ("escape #", |_| {
            select((
                lit("a%").like("a!%").escape('#').label("x"),
                lit("a#").like("a!%").escape('#').label("y"),
            ))
        }),
        ("cast numeric(6,2)", |_| {
            select(lit("2.55").cast(SqlType::Numeric(6, 2)).label("x"))
        }),
        ("cast numeric(6,1)", |_| {
            select(lit("2.55").cast(SqlType::Numeric(6, 1)).label("x"))
        }),
        ("nulls first", |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .order_by((u.c("score").asc().nulls_first(), u.c("id")))
        }),
        ("nulls last", |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .order_by((u.c("score").asc().nulls_last(), u.c("id")))
        }),
        ("integer alone", |_| select(lit(1).label("x"))),
        ("float alone", |_| select(lit(2.5).label("x"))),
        ("text alone", |_| select(lit("two").label("x"))),
        ("bool alone", |_| select(lit(true).label("x"))),
        ("null alone", |_| select(lit(Value::Null).label("x"))),
        ("integer again", |_| select(lit(7).label("x"))),
        ("in two", |s| {
            let u = &s.users;
            select(u.c("id")).from(u).filter(u.c("id").in_([1, 2]))
        }),
        ("in three", |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .filter(u.c("id").in_([1, 2, 3]))
                .order_by(u.c("id"))
        }),
        ("in none", |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .filter(u.c("id").in_(Vec::<i64>::new()))
        }),
        ("eq value", |s| {
            let u = &s.users;
            select(u.c("id")).from(u).filter(u.c("score").eq(10))
        }),
        ("eq NULL value", |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .filter(u.c("score").eq(Value::Null))
        }),
        ("limit", |s| {
            let u = &s.users;
            select(u.c("id")).from(u).order_by(u.c("id")).limit(2)
        }),
        ("offset", |s| {
            let u = &s.users;
            select(u.c("id")).from(u).order_by(u.c("id")).offset(2)
        }),
        ("limit offset", |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .order_by(u.c("id"))
                .limit(2)
                .offset(2)
        }),
        ("label a", |s| {
            select(s.users.c("id").label("a")).from(&s.users).limit(1)
        }),
        ("label b", |s| {
            select(s.users.c("id").label("b")).from(&s.users).limit(1)
        }),
        ("upper", |s| {
            select(func::call("upper", [s.users.c("name")]))
                .from(&s.users)
                .order_by(s.users.c("id"))
        }),
        ("lower", |s| {
            select(func::call("lower", [s.users.c("name")]))
                .from(&s.users)
                .order_by(s.users.c("id"))
        }),
        ("distinct", |s| {
            select(s.users.c("country"))
                .distinct()
                .from(&s.users)
                .order_by(s.users.c("country"))
        }),
        ("not distinct", |s| {
            select(s.users.c("country"))
                .from(&s.users)
                .order_by(s.users.c("country"))
        }),
        ("like", |s| {
            select(s.users.c("id"))
                .from(&s.users)
                .filter(s.users.c("name").like("E%"))
        }),
        ("ilike", |s| {
            select(s.users.c("id"))
                .from(&s.users)
                .filter(s.users.c("name").ilike("E%"))
        }),
    ]
}

#[test]
fn cached_statements_return_what_fresh_compiles_return() {
    let w = World::new();
    for fx in &w.fxs {
        let mut conn = fx.conn();
        let fresh = ExecutionOptions {
            no_cache: true,
            ..ExecutionOptions::default()
        };
        let mut mismatches = Vec::new();
        for round in 0..2 {
            for (label, build) in statements() {
                let stmt = build(&fx.s);
                let cached = conn
                    .execute(&stmt)
                    .and_then(|r| Ok((r.columns().to_vec(), r.all()?)));
                let uncached = conn
                    .execute_with_options(&stmt, &[], fresh)
                    .and_then(|r| Ok((r.columns().to_vec(), r.all()?)));
                let show = |r: &sqlcraft::Result<(Vec<String>, Vec<sqlcraft::engine::Row>)>| match r
                {
                    Ok((cols, rows)) => format!(
                        "{cols:?} {:?}",
                        rows.iter().map(|r| r.values().to_vec()).collect::<Vec<_>>()
                    ),
                    Err(e) => format!("error: {}", e.to_string().lines().next().unwrap_or("")),
                };
                let (a, b) = (show(&cached), show(&uncached));
                if a != b || uncached.is_err() {
                    mismatches.push(format!(
                        "round {round} {label}:\n    cached   {a}\n    uncached {b}\n    SQL      {}",
                        fx.sql(&stmt)
                    ));
                }
                // A failed statement must not poison the rest (PostgreSQL).
                if cached.is_err() || uncached.is_err() {
                    conn.rollback().unwrap();
                }
            }
        }
        assert!(
            mismatches.is_empty(),
            "{}: {} mismatches\n{}",
            fx.name(),
            mismatches.len(),
            mismatches.join("\n")
        );
    }
}

/// A statement built once with `bindparam`s and executed again and again (the
/// engine's shortest path from its second execution on, with no walk and no
/// render): every execution binds its own values, and a missing or unknown
/// name is the same error on the first execution and on later ones.
#[test]
fn a_statement_of_bindparams_run_again_binds_each_executions_values() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let u = &fx.s.users;
        let stmt = select((u.c("id"), u.c("name")))
            .from(u)
            .filter(u.c("country").eq(bindparam("country")))
            .filter(u.c("id").ge(bindparam("from")))
            .order_by(u.c("id"));
        let mut conn = fx.conn();
        let before = fx.engine.cache_stats();
        for round in 0..4 {
            for (country, from, expected) in [
                ("US", 1, vec!["ann", "bob"]),
                ("FR", 4, vec!["dee"]),
                ("DE", 1, vec!["Eve"]),
            ] {
                let named = [
                    ("country", Value::from(country)),
                    ("from", Value::Int(from)),
                ];
                let names: Vec<String> = conn
                    .execute_with(&stmt, &named)
                    .unwrap_or_else(|e| panic!("{ctx} round {round}: {e}"))
                    .all()
                    .unwrap()
                    .iter()
                    .map(|r| r.get::<String, _>("name").unwrap())
                    .collect();
                assert_eq!(names, expected, "{ctx} round {round}, {country}");
            }
            let missing = conn
                .execute_with(&stmt, &[("country", Value::from("US"))])
                .unwrap_err();
            assert!(
                matches!(&missing, Error::MissingBindParam { name } if name == "from"),
                "{ctx} round {round}: {missing:?}"
            );
            let unknown = conn
                .execute_with(
                    &stmt,
                    &[
                        ("country", Value::from("US")),
                        ("from", Value::Int(1)),
                        ("form", Value::Int(1)),
                    ],
                )
                .unwrap_err();
            assert!(
                matches!(&unknown, Error::UnknownBindParam { name } if name == "form"),
                "{ctx} round {round}: {unknown:?}"
            );
        }
        // One shape, compiled once; every other execution a hit.
        let after = fx.engine.cache_stats();
        assert_eq!(after.misses - before.misses, 1, "{ctx}");
        assert_eq!(after.hits - before.hits, 4 * 5 - 1, "{ctx}");
    }
}

#[test]
fn expanding_bindparams_run_with_lists_of_any_length() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let mut conn = fx.conn();
        let names = select(u.c("name"))
            .from(u)
            .filter(u.c("id").in_(bindparam("ids").expanding()))
            .filter(u.c("country").ne(bindparam("not_from")))
            .order_by(u.c("id"));
        let run = |conn: &mut Connection, ids: Vec<i64>| -> Vec<String> {
            let named = [("ids", Value::list(ids)), ("not_from", Value::from("DE"))];
            fx.exec_with(conn, "names", &names, &named)
                .scalars()
                .unwrap()
        };
        let before = fx.engine.cache_stats();
        assert_eq!(run(&mut conn, vec![1, 3, 5]), ["ann", "cid"], "{ctx}");
        assert_eq!(run(&mut conn, vec![2]), ["bob"], "{ctx}");
        assert_eq!(
            run(&mut conn, vec![4, 1, 2, 3, 5, 99]),
            ["ann", "bob", "cid", "dee"],
            "{ctx}"
        );
        assert!(run(&mut conn, vec![]).is_empty(), "{ctx}");
        let after = fx.engine.cache_stats();
        // One entry for the lists, one for the empty list.
        assert_eq!(
            (after.misses - before.misses, after.hits - before.hits),
            (2, 2),
            "{ctx}"
        );
        // NOT IN, the empty list included; and streamed.
        let others = select(o.c("id"))
            .from(o)
            .filter(o.c("status").not_in(bindparam("statuses").expanding()))
            .order_by(o.c("id"));
        for (statuses, expected) in [
            (vec!["paid", "void"], vec![3, 5]),
            (vec![], vec![1, 2, 3, 4, 5, 6]),
        ] {
            let named = [("statuses", Value::list(statuses))];
            let mut ids = Vec::new();
            conn.stream_with(&others, &named, |row| {
                ids.push(row.get::<i64, _>(0)?);
                Ok::<_, Error>(())
            })
            .unwrap();
            assert_eq!(ids, expected, "{ctx}");
        }
        // Mistakes are typed errors, before anything runs.
        assert!(matches!(
            conn.execute(&names),
            Err(Error::MissingBindParam { .. })
        ));
        // A statement of bindparams run again takes the memoized path: a list
        // for a name it does not have is refused there too.
        let by_id = select(u.c("name"))
            .from(u)
            .filter(u.c("id").eq(bindparam("id")));
        for _ in 0..3 {
            fx.exec_with(&mut conn, "by_id", &by_id, &[("id", Value::Int(1))]);
        }
        let typo = [("id", Value::Int(1)), ("idz", Value::list([1]))];
        assert!(matches!(
            conn.execute_with(&by_id, &typo),
            Err(Error::UnknownBindParam { .. })
        ));
        let sets = vec![vec![
            ("ids", Value::list([1])),
            ("not_from", Value::from("DE")),
        ]];
        assert!(matches!(
            conn.execute_many(&names, &sets),
            Err(Error::InvalidStatement(_))
        ));
        conn.rollback().unwrap();
    }
}
