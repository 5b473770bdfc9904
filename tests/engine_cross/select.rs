//! SELECT: joins, WHERE, functions, grouping, ordering, paging, DISTINCT.
use crate::harness::*;
use crate::support::Backend;
use sqlcraft::prelude::*;

/// Checks on every engine the ids of the users `cond` keeps, in id order.
fn user_ids(w: &World, label: &str, expected: &[&str], cond: fn(&Table) -> Expr) {
    w.check(label, "i", expected, |s| {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(cond(&s.users))
            .order_by(s.users.c("id"))
    });
}

#[test]
fn seeded_rows_are_identical_everywhere() {
    let w = World::new();
    w.check(
        "users",
        "ittttn",
        &[
            "1|ann|ann@x.io|gold|US|10",
            "2|bob|NULL|silver|US|NULL",
            "3|cid|cid@y.io|gold|FR|30",
            "4|dee|dee@x.io|NULL|FR|20",
            "5|Eve|eve@z.io|bronze|DE|NULL",
        ],
        |s| {
            select(s.users.all_columns())
                .from(&s.users)
                .order_by(s.users.c("id"))
        },
    );
    w.check(
        "orders, with the client-side default filled by insert_many",
        "iintit",
        &[
            "1|1|10.5|paid|1|EUR",
            "2|1|20|paid|2|EUR",
            "3|2|5.25|new|3|EUR",
            "4|3|100|paid|1|EUR",
            "5|3|NULL|new|5|EUR",
            "6|4|7|void|2|EUR",
        ],
        |s| {
            select(s.orders.all_columns())
                .from(&s.orders)
                .order_by(s.orders.c("id"))
        },
    );
    w.check(
        "addresses",
        "iit",
        &["1|1|Paris", "2|3|Lyon", "3|3|Nice", "4|5|NULL"],
        |s| {
            select(s.addresses.all_columns())
                .from(&s.addresses)
                .order_by(s.addresses.c("id"))
        },
    );
    w.check(
        "nodes",
        "iit",
        &["1|NULL|root", "2|1|a", "3|1|b", "4|2|a1", "5|4|a1x"],
        |s| {
            select(s.nodes.all_columns())
                .from(&s.nodes)
                .order_by(s.nodes.c("id"))
        },
    );
}

#[test]
fn inner_left_right_cross_and_self_joins() {
    let w = World::new();
    w.check(
        "inner join",
        "tt",
        &["ann|Paris", "cid|Lyon", "cid|Nice", "Eve|NULL"],
        |s| {
            let (u, a) = (&s.users, &s.addresses);
            select((u.c("name"), a.c("city")))
                .from(u.join(a, a.c("user_id").eq(u.c("id"))))
                .order_by((u.c("id"), a.c("id")))
        },
    );
    w.check(
        "left outer join",
        "tt",
        &[
            "ann|Paris",
            "bob|NULL",
            "cid|Lyon",
            "cid|Nice",
            "dee|NULL",
            "Eve|NULL",
        ],
        |s| {
            let (u, a) = (&s.users, &s.addresses);
            select((u.c("name"), a.c("city")))
                .from(u.left_join(a, a.c("user_id").eq(u.c("id"))))
                .order_by((u.c("id"), a.c("id")))
        },
    );
    w.check(
        "right outer join with count",
        "ti",
        &["ann|2", "bob|1", "cid|2", "dee|1", "Eve|0"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            select((u.c("name"), func::count(o.c("id")).label("n")))
                .from(o.right_join(u, o.c("user_id").eq(u.c("id"))))
                .group_by((u.c("id"), u.c("name")))
                .order_by(u.c("id"))
        },
    );
    w.check(
        "Select::join chain with a left join",
        "tit",
        &["ann|1|Paris", "ann|2|Paris", "cid|4|Lyon", "cid|4|Nice"],
        |s| {
            let (u, o, a) = (&s.users, &s.orders, &s.addresses);
            select((u.c("name"), o.c("id"), a.c("city")))
                .from(u)
                .join(o, o.c("user_id").eq(u.c("id")))
                .left_join(a, a.c("user_id").eq(u.c("id")))
                .filter(o.c("status").eq("paid"))
                .order_by((o.c("id"), a.c("id")))
        },
    );
    w.check("cross join", "i", &["30"], |s| {
        select(func::count_star()).from(s.users.cross_join(&s.orders))
    });
    w.check(
        "self join through aliases",
        "tt",
        &["ann|bob", "cid|dee"],
        |s| {
            let (u1, u2) = (s.users.alias("u1"), s.users.alias("u2"));
            select((u1.c("name"), u2.c("name").label("other")))
                .from(
                    u1.join(
                        &u2,
                        u1.c("country")
                            .eq(u2.c("country"))
                            .and(u1.c("id").lt(u2.c("id"))),
                    ),
                )
                .order_by((u1.c("id"), u2.c("id")))
        },
    );
}

#[test]
fn full_outer_join_runs_where_supported_and_is_a_typed_error_on_mariadb() {
    let w = World::new();
    let build = |s: &Schema| {
        let (u, a) = (&s.users, &s.addresses);
        select((u.c("name"), a.c("id")))
            .from(u.full_join(
                a,
                a.c("user_id").eq(u.c("id")).and(a.c("city").is_not_null()),
            ))
            .order_by((u.c("id").asc().nulls_first(), a.c("id")))
    };
    let expected = [
        "NULL|4", "ann|1", "bob|NULL", "cid|2", "cid|3", "dee|NULL", "Eve|NULL",
    ];
    for fx in &w.fxs {
        let res = fx.conn().execute(&build(&fx.s));
        match fx.backend {
            Backend::MariaDb => {
                let construct = refused(fx, res);
                assert!(construct.contains("FULL"), "{construct}");
            }
            _ => {
                let rows = normalise("full join", fx.backend, "ti", res.unwrap());
                assert_eq!(rows, expected, "{}", fx.name());
            }
        }
    }
}

#[test]
fn where_with_and_or_not_and_comparisons() {
    let w = World::new();
    let ids = |label: &str, expected: &[&str], cond: fn(&Table) -> Expr| {
        user_ids(&w, label, expected, cond)
    };
    ids("or of an and and an IS NULL", &["2", "3", "5"], |u| {
        or_([
            and_([u.c("status").eq("gold"), u.c("country").eq("FR")]),
            u.c("score").is_null(),
        ])
    });
    ids(".and() / .or() chained", &["1", "3"], |u| {
        u.c("status")
            .eq("gold")
            .and(u.c("score").ge(10).or(u.c("country").eq("DE")))
    });
    // NOT of an unknown (dee's NULL status) is unknown: dee is not returned.
    ids("not_(status = gold)", &["2", "5"], |u| {
        not_(u.c("status").eq("gold"))
    });
    ids("(country = US).not()", &["3", "4", "5"], |u| {
        u.c("country").eq("US").not()
    });
    ids("eq", &["4"], |u| u.c("score").eq(20));
    ids("ne skips NULL", &["1", "3"], |u| u.c("score").ne(20));
    ids("lt", &["1"], |u| u.c("score").lt(20));
    ids("le", &["1", "4"], |u| u.c("score").le(20));
    ids("gt", &["3", "4"], |u| u.c("score").gt(10));
    ids("ge", &["3"], |u| u.c("score").ge(30));
    // Lowercase bounds: where 'Eve' sorts depends on the collation.
    ids("text comparison", &["3", "4"], |u| {
        u.c("name").gt("bob").and(u.c("name").lt("e"))
    });
    // Several filter() calls AND together.
    w.check("filter().filter()", "i", &["1"], |s| {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("country").eq("US"))
            .filter(s.users.c("score").is_not_null())
    });
    w.check("column against column", "i", &["2", "3", "5"], |s| {
        let o = &s.orders;
        select(o.c("id"))
            .from(o)
            .filter(o.c("qty").gt(o.c("user_id")))
            .order_by(o.c("id"))
    });
    w.check(
        "numeric against an integer value",
        "i",
        &["1", "2", "4"],
        |s| {
            let o = &s.orders;
            select(o.c("id"))
                .from(o)
                .filter(o.c("total").gt(10))
                .order_by(o.c("id"))
        },
    );
    w.check("numeric against a float value", "i", &["3", "6"], |s| {
        let o = &s.orders;
        select(o.c("id"))
            .from(o)
            .filter(o.c("total").lt(10.25))
            .order_by(o.c("id"))
    });
}

#[test]
fn startswith_endswith_contains_on_every_engine() {
    let w = World::new();
    let ids = |label: &str, expected: &[&str], cond: fn(&Table) -> Expr| {
        user_ids(&w, label, expected, cond)
    };
    ids("startswith", &["3"], |u| u.c("name").startswith("c"));
    ids("endswith skips NULL", &["1", "4"], |u| {
        u.c("email").endswith("@x.io")
    });
    ids("contains", &["1", "2"], |u| {
        u.c("name").contains("b").or(u.c("name").contains("nn"))
    });
    ids("istartswith", &["5"], |u| u.c("name").istartswith("e"));
    ids("iendswith", &["1", "4"], |u| {
        u.c("email").iendswith("@X.IO")
    });
    ids("icontains", &["5"], |u| u.c("name").icontains("V"));
    // The text is literal on every engine: wildcards, the escape character
    // and a backslash (LIKE's default escape on PostgreSQL and MariaDB).
    w.check(
        "literal wildcards, slash and backslash",
        "bbbbbb",
        &["true|false|true|false|true|true"],
        |_| {
            select((
                lit("50%").startswith("50%").label("a"),
                lit("500").startswith("50%").label("b"),
                lit("a_c").contains("_").label("c"),
                lit("abc").contains("_").label("d"),
                lit("x/y").endswith("/y").label("e"),
                lit("a\\b").startswith("a\\").label("f"),
            ))
        },
    );
}

#[test]
fn like_and_ilike_on_ascii() {
    let w = World::new();
    let ids = |label: &str, expected: &[&str], cond: fn(&Table) -> Expr| {
        user_ids(&w, label, expected, cond)
    };
    ids("like prefix", &["3"], |u| u.c("name").like("c%"));
    ids("like suffix", &["1", "4"], |u| u.c("email").like("%@x.io"));
    ids("like single-character wildcard", &["2"], |u| {
        u.c("name").like("_o_")
    });
    ids("like with the pattern's own case", &["5"], |u| {
        u.c("name").like("E%")
    });
    ids("not like skips NULL", &["3", "5"], |u| {
        u.c("email").not_like("%@x.io")
    });
    ids("ilike", &["5"], |u| u.c("name").ilike("e%"));
    ids("ilike upper pattern", &["1"], |u| u.c("name").ilike("ANN"));
    ids("ilike suffix", &["1", "4"], |u| {
        u.c("email").ilike("%@X.IO")
    });
    ids("not ilike", &["1", "2", "3", "4"], |u| {
        u.c("name").not_ilike("E%")
    });
    w.check(
        "like with an escape character",
        "bb",
        &["true|false"],
        |_| {
            select((
                lit("50%").like("50!%").escape('!').label("a"),
                lit("500").like("50!%").escape('!').label("b"),
            ))
        },
    );
    // A backslash in a pattern: PostgreSQL and MariaDB take it as LIKE's default
    // escape character, SQLite (which has none by default) as a literal
    // backslash. With an explicit ESCAPE all three agree.
    w.check_by(
        "backslash in a pattern without ESCAPE",
        "bb",
        |_| {
            select((
                lit("a\\b").like("a\\b").label("x"),
                lit("a%").like("a\\%").label("y"),
            ))
        },
        |b| match b {
            Backend::Sqlite => vec!["true|false"],
            Backend::Postgres | Backend::MariaDb => vec!["false|true"],
        },
    );
    w.check(
        "backslash as an explicit ESCAPE",
        "bbb",
        &["false|true|true"],
        |_| {
            select((
                lit("a\\b").like("a\\b").escape('\\').label("x"),
                lit("a%").like("a\\%").escape('\\').label("y"),
                lit("a\\b").like("a\\\\b").escape('\\').label("z"),
            ))
        },
    );
    // LIKE's case sensitivity is the engine's: SQLite's LIKE ignores ASCII case,
    // PostgreSQL's respects it, MariaDB's follows the column collation (the
    // default utf8mb4_general_ci ignores case). ILIKE is the portable spelling.
    w.check_by(
        "like with the other case",
        "i",
        |s| {
            select(s.users.c("id"))
                .from(&s.users)
                .filter(s.users.c("name").like("e%"))
        },
        |b| match b {
            Backend::Postgres => vec![],
            Backend::Sqlite | Backend::MariaDb => vec!["5"],
        },
    );
}

#[test]
fn in_lists_empty_lists_and_in_subqueries() {
    let w = World::new();
    let ids = |label: &str, expected: &[&str], cond: fn(&Schema) -> Expr| {
        w.check(label, "i", expected, |s| {
            select(s.users.c("id"))
                .from(&s.users)
                .filter(cond(s))
                .order_by(s.users.c("id"))
        });
    };
    ids("in integers", &["1", "3", "5"], |s| {
        s.users.c("id").in_([1, 3, 5])
    });
    ids("in strings", &["1", "3", "5"], |s| {
        s.users.c("status").in_(["gold", "bronze"])
    });
    ids("not in", &["3", "4", "5"], |s| {
        s.users.c("id").not_in(vec![1, 2])
    });
    ids("empty in is false", &[], |s| {
        s.users.c("id").in_(Vec::<i64>::new())
    });
    ids("empty not in is true", &["1", "2", "3", "4", "5"], |s| {
        s.users.c("id").not_in(Vec::<i64>::new())
    });
    // x NOT IN (10, NULL) is never true: unknown for every x that is not 10.
    ids("not in a list holding NULL", &[], |s| {
        s.users.c("score").not_in(vec![v(10), Value::Null])
    });
    ids("in a subquery", &["1", "3"], |s| {
        s.users.c("id").in_(
            select(s.orders.c("user_id"))
                .from(&s.orders)
                .filter(s.orders.c("status").eq("paid")),
        )
    });
    ids("not in a subquery", &["5"], |s| {
        s.users
            .c("id")
            .not_in(select(s.orders.c("user_id")).from(&s.orders))
    });
    // A LIMIT or OFFSET right under IN: MySQL and MariaDB refuse it (error 1235),
    // so their dialect moves the subquery into a derived table.
    fn top_two(s: &Schema) -> Select {
        select(s.users.c("id"))
            .from(&s.users)
            .order_by(s.users.c("id").desc())
            .limit(2)
    }
    ids("in a subquery with LIMIT", &["4", "5"], |s| {
        s.users.c("id").in_(top_two(s))
    });
    ids("not in a subquery with LIMIT", &["1", "2", "3"], |s| {
        s.users.c("id").not_in(top_two(s))
    });
    ids("in a subquery with LIMIT and OFFSET", &["2", "3"], |s| {
        s.users.c("id").in_(
            select(s.users.c("id"))
                .from(&s.users)
                .order_by(s.users.c("id"))
                .limit(2)
                .offset(1),
        )
    });
    ids("in a UNION with LIMIT", &["1", "5"], |s| {
        let lowest = select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").lt(2));
        let highest = select(s.users.c("id"))
            .from(&s.users)
            .filter(s.users.c("id").gt(4));
        s.users
            .c("id")
            .in_(lowest.union(highest).order_by(s.users.c("id")).limit(5))
    });
}

#[test]
fn bitwise_and_custom_operators() {
    let w = World::new();
    w.check(
        "bitwise AND, OR and shifts",
        "iiiii",
        &["1|0|9|4|4", "3|2|11|12|5", "5|4|13|20|6"],
        |s| {
            let id = || s.users.c("id");
            select((
                id(),
                id().bitwise_and(6),
                id().bitwise_or(8),
                id().bitwise_lshift(2),
                (id() + 8).bitwise_rshift(1),
            ))
            .from(&s.users)
            .filter(id().bitwise_and(1).eq(1))
            .order_by(id())
        },
    );
    // MySQL ranks & above |, PostgreSQL ranks them alike: written grouped, the
    // two agree (5 | (5 & 2) = 5, where (5 | 5) & 2 would be 0).
    w.check("OR of an AND", "i", &["5"], |s| {
        let id = || s.users.c("id");
        select(id().bitwise_or(id().bitwise_and(2)))
            .from(&s.users)
            .filter(id().eq(5))
    });
    w.check(
        "XOR: #, ^, and SQLite's emulation",
        "ii",
        &["1|7", "2|4", "3|5", "4|2", "5|3"],
        |s| {
            let id = || s.users.c("id");
            select((id(), id().bitwise_xor(6)))
                .from(&s.users)
                .order_by(id())
        },
    );
    w.check("XOR of two values", "i", &["6"], |_| {
        select(lit(12).bitwise_xor(10).label("x"))
    });
    // MySQL's complement is unsigned (~5 = 2^64 - 6); under a mask every engine
    // agrees.
    w.check("complement under a mask", "i", &["250"], |s| {
        let id = || s.users.c("id");
        select(id().bitwise_not().bitwise_and(255))
            .from(&s.users)
            .filter(id().eq(5))
    });
    w.check("a custom operator", "i", &["4", "5"], |s| {
        let id = || s.users.c("id");
        select(id())
            .from(&s.users)
            .filter(id().op(">=", id().bitwise_and(0) + 4))
            .order_by(id())
    });
}

#[test]
fn regular_expression_matches() {
    let w = World::new();
    let ids = |label: &str, expected: &[&str], cond: fn(&Table) -> Expr| {
        user_ids(&w, label, expected, cond)
    };
    ids("anchored pattern, NULL email left out", &["1", "4"], |u| {
        u.c("email").regexp_match(r"@x\.io$")
    });
    ids("character class", &["1", "2", "3", "4"], |u| {
        u.c("name").regexp_match("^[a-d][a-z]+$")
    });
    ids("flag i: ~*, (?i) and the SQLite function", &["5"], |u| {
        u.c("name").regexp_match_flags("^e", "i")
    });
    // NOT of a NULL match is NULL: bob (no email) stays out.
    ids("negated", &["3", "5"], |u| {
        not_(u.c("email").regexp_match("x"))
    });
    ids(
        "subject and pattern both bound",
        &["1", "2", "3", "4", "5"],
        |_| lit("abc").regexp_match("^a.c$"),
    );
    ids("pattern from a column", &["1", "2", "3", "4", "5"], |u| {
        u.c("name").regexp_match(u.c("name"))
    });
    // Without flags, MariaDB follows the column's case-insensitive collation;
    // PostgreSQL and SQLite match case.
    w.check_by(
        "case follows the engine without flags",
        "i",
        |s| {
            select(s.users.c("id"))
                .from(&s.users)
                .filter(s.users.c("name").regexp_match("^e"))
        },
        |b| match b {
            Backend::MariaDb => vec!["5"],
            _ => vec![],
        },
    );
}

#[test]
fn with_only_columns_turns_a_listing_into_its_count() {
    let w = World::new();
    let listing = |s: &Schema| {
        select((s.users.c("id"), s.users.c("name")))
            .from(&s.users)
            .filter(s.users.c("status").eq("gold"))
            .order_by(s.users.c("name"))
    };
    w.check("the listing", "it", &["1|ann", "3|cid"], listing);
    // Without the ORDER BY: PostgreSQL refuses ordering an aggregate by a
    // column it does not group.
    w.check("its count", "i", &["2"], |s| {
        listing(s)
            .with_only_columns(func::count_star())
            .clear_order_by()
    });
    w.check(
        "other columns, same filter and order",
        "t",
        &["cid", "ann"],
        |s| {
            listing(s)
                .with_only_columns(s.users.c("name"))
                .clear_order_by()
                .order_by(s.users.c("name").desc())
        },
    );
}

#[test]
fn aggregate_strings_joins_a_group_everywhere() {
    let w = World::new();
    w.check(
        "ordered names per status",
        "tt",
        &["bronze|Eve", "gold|ann, cid", "silver|bob"],
        |s| {
            let u = &s.users;
            select((
                u.c("status"),
                func::aggregate_strings_ordered(u.c("name"), ", ", u.c("name")),
            ))
            .from(u)
            .filter(u.c("status").is_not_null())
            .group_by(u.c("status"))
            .order_by(u.c("status"))
        },
    );
    // Integers (cast to text on PostgreSQL), descending, NULL scores left out,
    // and a separator that each engine's literal escaping must carry intact.
    w.check(
        "integers, a quote and a backslash",
        "t",
        &["30'\\20'\\10"],
        |s| {
            let u = &s.users;
            select(func::aggregate_strings_ordered(
                u.c("score"),
                "'\\",
                u.c("score").desc(),
            ))
            .from(u)
        },
    );
    w.check("a group without values is NULL", "t", &["NULL"], |s| {
        let u = &s.users;
        select(func::aggregate_strings(u.c("name"), ","))
            .from(u)
            .filter(u.c("id").gt(100))
    });
    w.check(
        "over a join, per user",
        "it",
        &["1|paid+paid", "2|new", "3|new+paid", "4|void"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            select((
                u.c("id"),
                func::aggregate_strings_ordered(o.c("status"), "+", (o.c("status"), o.c("id"))),
            ))
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .group_by(u.c("id"))
            .order_by(u.c("id"))
        },
    );
}

#[test]
fn regular_expression_replace() {
    let w = World::new();
    let names = |label: &str, kinds: &str, expected: &[&str], e: fn(&Table) -> Expr| {
        w.check(label, kinds, expected, |s| {
            select(e(&s.users)).from(&s.users).order_by(s.users.c("id"))
        });
    };
    names(
        "a suffix removed, NULL stays NULL",
        "t",
        &["ann", "NULL", "cid", "dee", "eve"],
        |u| u.c("email").regexp_replace("@.*$", ""),
    );
    names(
        "groups swapped",
        "t",
        &["nna", "obb", "idc", "eed", "veE"],
        |u| u.c("name").regexp_replace("^(.)(.*)$", r"\2\1"),
    );
    names(
        "every match, not the first only",
        "t",
        &["***@*.**", "NULL", "***@*.**", "***@*.**", "***@*.**"],
        |u| u.c("email").regexp_replace("[a-z]", "*"),
    );
    names("flag i", "t", &["ann", "bob", "cid", "dee", "Xve"], |u| {
        u.c("name").regexp_replace_flags("^e", "X", "i")
    });
    // Lower-case names only: MariaDB's [aeiou] also takes the E of "Eve".
    w.check("in a WHERE, all bound", "i", &["1"], |s| {
        let u = &s.users;
        select(u.c("id"))
            .from(u)
            .filter(u.c("name").regexp_replace("[aeiou]", "").eq("nn"))
    });
}

#[test]
fn between_is_null_and_is_distinct_from() {
    let w = World::new();
    let ids = |label: &str, expected: &[&str], cond: fn(&Table) -> Expr| {
        user_ids(&w, label, expected, cond)
    };
    ids("between is inclusive", &["1", "4"], |u| {
        u.c("score").between(10, 20)
    });
    ids("not between", &["3"], |u| u.c("score").not_between(10, 20));
    ids("is null", &["2"], |u| u.c("email").is_null());
    ids("is not null", &["1", "3", "4", "5"], |u| {
        u.c("email").is_not_null()
    });
    ids(
        "is distinct from a value keeps NULL",
        &["2", "4", "5"],
        |u| u.c("status").is_distinct_from("gold"),
    );
    ids("is not distinct from a value", &["1", "3"], |u| {
        u.c("status").is_not_distinct_from("gold")
    });
    ids("is distinct from NULL", &["1", "2", "3", "5"], |u| {
        u.c("status").is_distinct_from(Value::Null)
    });
    ids("is not distinct from NULL", &["4"], |u| {
        u.c("status").is_not_distinct_from(null())
    });
    ids("is distinct from another column", &["2", "4", "5"], |u| {
        u.c("score").is_distinct_from(u.c("id") * 10)
    });
    ids(
        "NULL is not distinct from a NULL expression",
        &["2", "5"],
        |u| {
            u.c("score")
                .is_not_distinct_from(func::call("nullif", [u.c("id"), u.c("id")]))
        },
    );
    w.check("between on numeric", "i", &["1", "3", "6"], |s| {
        let o = &s.orders;
        select(o.c("id"))
            .from(o)
            .filter(o.c("total").between(5, 10.5))
            .order_by(o.c("id"))
    });
}

#[test]
fn case_and_cast() {
    let w = World::new();
    w.check(
        "searched CASE",
        "it",
        &["1|low", "2|none", "3|high", "4|high", "5|none"],
        |s| {
            let u = &s.users;
            select((
                u.c("id"),
                case()
                    .when(u.c("score").ge(20), "high")
                    .when(u.c("score").lt(20), "low")
                    .else_("none")
                    .label("band"),
            ))
            .from(u)
            .order_by(u.c("id"))
        },
    );
    w.check(
        "simple CASE with integer results",
        "ii",
        &["1|1", "2|2", "3|1", "4|0", "5|0"],
        |s| {
            let u = &s.users;
            select((
                u.c("id"),
                case_value(u.c("status"))
                    .when("gold", 1)
                    .when("silver", 2)
                    .else_(0)
                    .label("rank"),
            ))
            .from(u)
            .order_by(u.c("id"))
        },
    );
    w.check(
        "CASE without ELSE is NULL",
        "it",
        &["1|US", "2|US", "3|NULL", "4|NULL", "5|NULL"],
        |s| {
            let u = &s.users;
            select((
                u.c("id"),
                case()
                    .when(u.c("country").eq("US"), u.c("country"))
                    .label("us"),
            ))
            .from(u)
            .order_by(u.c("id"))
        },
    );
    w.check(
        "CAST integer to text, text to integer, numeric to integer",
        "itii",
        &["4|20|42|100"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            select((
                u.c("id"),
                u.c("score").cast(SqlType::Text).label("t"),
                lit("42").cast(SqlType::Integer).label("i"),
                select(o.c("total").cast(SqlType::Integer))
                    .from(o)
                    .filter(o.c("id").eq(4))
                    .scalar_subquery()
                    .label("n"),
            ))
            .from(u)
            .filter(u.c("id").eq(4))
        },
    );
    w.check(
        "CAST to a string type compares as text",
        "i",
        &["3", "4"],
        |s| {
            let u = &s.users;
            select(u.c("id"))
                .from(u)
                .filter(u.c("score").cast(SqlType::string(10)).ge("2"))
                .order_by(u.c("id"))
        },
    );
    w.check("CAST to numeric", "n", &["2.5"], |_| {
        select(lit("2.50").cast(SqlType::Numeric(6, 2)))
    });
}

#[test]
fn aggregate_and_scalar_functions() {
    let w = World::new();
    w.check(
        "count, count(*), sum, avg, min, max over integers",
        "iinnii",
        &["4|5|60|20|10|30"],
        |s| {
            let u = &s.users;
            select((
                func::count(u.c("email")),
                func::count_star(),
                func::sum(u.c("score")),
                func::avg(u.c("score")),
                func::min(u.c("score")),
                func::max(u.c("score")),
            ))
            .from(u)
        },
    );
    w.check(
        "sum, avg, min, max over numeric",
        "nnnni",
        &["142.75|28.55|5.25|100|5"],
        |s| {
            let o = &s.orders;
            select((
                func::sum(o.c("total")),
                func::avg(o.c("total")),
                func::min(o.c("total")),
                func::max(o.c("total")),
                func::count(o.c("total")),
            ))
            .from(o)
        },
    );
    w.check("aggregates over no rows", "inn", &["0|NULL|NULL"], |s| {
        let o = &s.orders;
        select((
            func::count_star(),
            func::sum(o.c("total")),
            func::max(o.c("total")),
        ))
        .from(o)
        .filter(o.c("id").gt(100))
    });
    w.check("count(DISTINCT status)", "i", &["3"], |s| {
        select(func::count(s.orders.c("status").distinct())).from(&s.orders)
    });
    w.check(
        "coalesce, lower, upper, length, abs",
        "iitttiii",
        &[
            "1|10|gold|ann|ANN|3|15|3",
            "2|0|silver|bob|BOB|3|NULL|3",
            "3|30|gold|cid|CID|3|5|3",
            "4|20|dee@x.io|dee|DEE|3|5|3",
            "5|0|bronze|eve|EVE|3|NULL|3",
        ],
        |s| {
            let u = &s.users;
            select((
                u.c("id"),
                func::coalesce([u.c("score"), lit(0)]),
                func::coalesce([u.c("status"), u.c("email"), lit("none")]),
                func::lower(u.c("name")),
                func::upper(u.c("name")),
                func::length(u.c("name")),
                func::abs(u.c("score") - 25),
                func::length(u.c("country")) + 1,
            ))
            .from(u)
            .order_by(u.c("id"))
        },
    );
    // length() counts characters, not bytes, on all three (MariaDB through
    // char_length()).
    w.check("length of non-ASCII text", "ii", &["5|4"], |_| {
        select((func::length(lit("héllo")), func::length(lit("日本語!"))))
    });
    w.check(
        "round numeric and an aggregate",
        "inn",
        &[
            "1|10.5|11",
            "2|20|20",
            "3|5.3|5",
            "4|100|100",
            "5|NULL|NULL",
            "6|7|7",
        ],
        |s| {
            let o = &s.orders;
            select((
                o.c("id"),
                func::round(o.c("total"), 1),
                func::round(o.c("total"), 0),
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    w.check("round(avg(total), 1)", "n", &["28.6"], |s| {
        select(func::round(func::avg(s.orders.c("total")), 1)).from(&s.orders)
    });
    w.check(
        "func::call for a function every engine has",
        "t",
        &["ann!"],
        |s| {
            let u = &s.users;
            select(func::call(
                "replace",
                [u.c("email"), lit("@x.io"), lit("!")],
            ))
            .from(u)
            .filter(u.c("id").eq(1))
        },
    );
    w.check("concat", "t", &["ann <ann@x.io>"], |s| {
        let u = &s.users;
        select(u.c("name").concat(" <").concat(u.c("email")).concat(">"))
            .from(u)
            .filter(u.c("id").eq(1))
    });
}

#[test]
fn arithmetic_and_division() {
    let w = World::new();
    w.check(
        "+ - * % and unary minus",
        "iiiii",
        &[
            "1|21|-10|3|8",
            "2|NULL|NULL|NULL|NULL",
            "3|61|-30|2|24",
            "4|41|-20|6|12",
        ],
        |s| {
            let u = &s.users;
            select((
                u.c("id"),
                u.c("score") * 2 + 1,
                -u.c("score"),
                u.c("score") % 7,
                u.c("score") - u.c("id") * 2,
            ))
            .from(u)
            .filter(u.c("id").le(4))
            .order_by(u.c("id"))
        },
    );
    // Integer division differs by design: SQLite and PostgreSQL truncate an
    // integer divided by an integer, MariaDB's `/` always divides exactly
    // (DECIMAL with div_precision_increment = 4 digits).
    w.check_by(
        "integer / integer",
        "in",
        |s| {
            let u = &s.users;
            select((u.c("id"), u.c("score") / 4))
                .from(u)
                .filter(u.c("score").is_not_null())
                .order_by(u.c("id"))
        },
        |b| match b {
            Backend::Sqlite | Backend::Postgres => vec!["1|2", "3|7", "4|5"],
            Backend::MariaDb => vec!["1|2.5", "3|7.5", "4|5"],
        },
    );
    // Division by zero: SQLite and MariaDB return NULL (MariaDB's strict mode
    // only refuses it when writing), PostgreSQL fails with 22012.
    for fx in &w.fxs {
        let u = &fx.s.users;
        let q = select(u.c("score") / 0).from(u).filter(u.c("id").eq(1));
        let got = fx
            .conn()
            .execute(&q)
            .map(|r| normalise("x / 0", fx.backend, "n", r));
        match fx.backend {
            Backend::Postgres => match got {
                Err(Error::Database(e)) => {
                    assert_eq!(e.code.as_deref(), Some("22012"), "{e}");
                    assert_eq!(e.kind, sqlcraft::engine::ErrorKind::Data);
                }
                other => panic!("postgresql: x / 0 gave {other:?}"),
            },
            Backend::Sqlite | Backend::MariaDb => {
                assert_eq!(got.unwrap(), ["NULL"], "{}: x / 0", fx.name());
            }
        }
    }
    w.check(
        "numeric / integer is exact everywhere",
        "n",
        &["2.625"],
        |s| {
            let o = &s.orders;
            select(o.c("total") / 2).from(o).filter(o.c("id").eq(3))
        },
    );
    w.check("numeric * integer", "in", &["1|10.5", "3|15.75"], |s| {
        let o = &s.orders;
        select((o.c("id"), o.c("total") * o.c("qty")))
            .from(o)
            .filter(o.c("id").in_([1, 3]))
            .order_by(o.c("id"))
    });
}

#[test]
fn group_by_and_having() {
    let w = World::new();
    w.check(
        "group by user with having",
        "iin",
        &["1|2|30.5", "3|2|100"],
        |s| {
            let o = &s.orders;
            select((o.c("user_id"), func::count_star(), func::sum(o.c("total"))))
                .from(o)
                .group_by(o.c("user_id"))
                .having(func::count_star().gt(1))
                .order_by(o.c("user_id"))
        },
    );
    w.check(
        "group by status with having on another aggregate",
        "tin",
        &["new|2|8", "paid|3|4"],
        |s| {
            let o = &s.orders;
            select((o.c("status"), func::count_star(), func::sum(o.c("qty"))))
                .from(o)
                .group_by(o.c("status"))
                .having(func::sum(o.c("qty")).ge(3))
                .order_by(o.c("status"))
        },
    );
    w.check(
        "group by over a join, ordered by an aggregate label",
        "tnn",
        &["FR|107|53.5", "US|35.75|11.92"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            let spent = func::sum(o.c("total")).label("spent");
            select((
                u.c("country"),
                &spent,
                func::round(func::avg(o.c("total")), 2),
            ))
            .from(u.join(o, o.c("user_id").eq(u.c("id"))))
            .group_by(u.c("country"))
            .order_by(spent.desc())
        },
    );
    w.check("group by with no groups left", "ti", &[], |s| {
        let o = &s.orders;
        select((o.c("status"), func::count_star()))
            .from(o)
            .group_by(o.c("status"))
            .having(func::count_star().gt(10))
    });
}

#[test]
fn order_by_with_nulls_first_and_last() {
    let w = World::new();
    let order = |label: &str, expected: &[&str], key: fn(&Table) -> OrderBy| {
        w.check(label, "in", expected, |s| {
            let u = &s.users;
            select((u.c("id"), u.c("score")))
                .from(u)
                .order_by((key(u), u.c("id").asc()))
        });
    };
    // NULL placement is identical on all three when it is spelled out.
    order(
        "asc nulls first",
        &["2|NULL", "5|NULL", "1|10", "4|20", "3|30"],
        |u| u.c("score").asc().nulls_first(),
    );
    order(
        "asc nulls last",
        &["1|10", "4|20", "3|30", "2|NULL", "5|NULL"],
        |u| u.c("score").asc().nulls_last(),
    );
    order(
        "desc nulls first",
        &["2|NULL", "5|NULL", "3|30", "4|20", "1|10"],
        |u| u.c("score").desc().nulls_first(),
    );
    order(
        "desc nulls last",
        &["3|30", "4|20", "1|10", "2|NULL", "5|NULL"],
        |u| u.c("score").desc().nulls_last(),
    );
    order(
        "nulls last on an expression",
        &["3|30", "4|20", "1|10", "2|NULL", "5|NULL"],
        |u| (u.c("score") * -1).asc().nulls_last(),
    );
    w.check(
        "nulls last on a label",
        "in",
        &["3|60", "4|40", "1|20", "2|NULL", "5|NULL"],
        |s| {
            let u = &s.users;
            let double = (u.c("score") * 2).label("double");
            select((u.c("id"), &double))
                .from(u)
                .order_by((double.desc().nulls_last(), u.c("id").asc()))
        },
    );
    // Without NULLS FIRST/LAST the engines differ by design: PostgreSQL sorts
    // NULL as larger than every value (last when ascending), SQLite and MariaDB
    // as smaller (first when ascending).
    w.check_by(
        "asc with the engine's default NULL placement",
        "in",
        |s| {
            let u = &s.users;
            select((u.c("id"), u.c("score")))
                .from(u)
                .order_by((u.c("score").asc(), u.c("id").asc()))
        },
        |b| match b {
            Backend::Postgres => vec!["1|10", "4|20", "3|30", "2|NULL", "5|NULL"],
            Backend::Sqlite | Backend::MariaDb => {
                vec!["2|NULL", "5|NULL", "1|10", "4|20", "3|30"]
            }
        },
    );
}

#[test]
fn limit_offset_and_offset_alone() {
    let w = World::new();
    let page = |label: &str, expected: &[&str], f: fn(Select) -> Select| {
        w.check(label, "i", expected, |s| {
            f(select(s.users.c("id"))
                .from(&s.users)
                .order_by(s.users.c("id")))
        });
    };
    page("limit", &["1", "2"], |q| q.limit(2));
    page("limit offset", &["2", "3"], |q| q.limit(2).offset(1));
    page("offset alone", &["4", "5"], |q| q.offset(3));
    page("limit 0", &[], |q| q.limit(0));
    page("offset past the end", &[], |q| q.offset(10));
    page("limit past the end", &["5"], |q| q.limit(10).offset(4));
}

#[test]
fn distinct_rows_and_distinct_aggregates() {
    let w = World::new();
    w.check("distinct column", "t", &["DE", "FR", "US"], |s| {
        select(s.users.c("country"))
            .distinct()
            .from(&s.users)
            .order_by(s.users.c("country"))
    });
    w.check(
        "distinct pairs",
        "it",
        &["1|paid", "2|new", "3|new", "3|paid", "4|void"],
        |s| {
            let o = &s.orders;
            select((o.c("user_id"), o.c("status")))
                .distinct()
                .from(o)
                .order_by((o.c("user_id"), o.c("status")))
        },
    );
    w.check("sum(DISTINCT qty)", "n", &["11"], |s| {
        select(func::sum(s.orders.c("qty").distinct())).from(&s.orders)
    });
}

#[test]
fn quoted_identifiers_round_trip() {
    // Reserved words, spaces, both quote characters, mixed case and non-ASCII in
    // table, column, alias and label names.
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let mut meta = MetaData::new();
        let t = meta
            .table(&crate::support::unique("ec_Odd Name"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("order", SqlType::Integer);
                t.column("Mixed Case", SqlType::string(10));
                t.column("quo\"te", SqlType::string(10));
                t.column("back`tick", SqlType::string(10));
                t.column("café", SqlType::string(10));
            })
            .unwrap();
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        fx.exec(
            &mut conn,
            "insert",
            &insert(&t)
                .value("order", 1)
                .value("Mixed Case", "a")
                .value("quo\"te", "b")
                .value("back`tick", "c")
                .value("café", "d"),
        );
        let res = fx.exec(
            &mut conn,
            "select",
            &select(t.all_columns()).from(&t).order_by(t.c("order")),
        );
        assert_eq!(
            res.columns(),
            ["id", "order", "Mixed Case", "quo\"te", "back`tick", "café"],
            "{}",
            fx.name()
        );
        assert_eq!(
            normalise("select", backend, "iitttt", res),
            ["1|1|a|b|c|d"],
            "{}",
            fx.name()
        );
        let alias = t.alias("a b\"c");
        let res = fx.exec(
            &mut conn,
            "alias",
            &select((alias.c("order").label("Ord`er\""), alias.c("café")))
                .from(&alias)
                .filter(alias.c("Mixed Case").eq("a")),
        );
        assert_eq!(res.columns(), ["Ord`er\"", "café"], "{}", fx.name());
        assert_eq!(
            normalise("alias", backend, "it", res),
            ["1|d"],
            "{}",
            fx.name()
        );
        fx.exec(
            &mut conn,
            "update",
            &update(&t)
                .set("order", t.c("order") + 1)
                .set("quo\"te", t.c("back`tick")),
        );
        let res = fx.exec(
            &mut conn,
            "after update",
            &select((t.c("order"), t.c("quo\"te"))).from(&t),
        );
        assert_eq!(
            normalise("after", backend, "it", res),
            ["2|c"],
            "{}",
            fx.name()
        );
        conn.commit().unwrap();
    }
}

/// `COLLATE` with each engine's own collation names, quoted as identifiers:
/// byte order sorts the capitalised name first everywhere, and a
/// case-insensitive collation (SQLite, MariaDB) finds it by its lower case.
#[test]
fn collate_sorts_and_compares_under_each_engines_collations() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let binary = match fx.backend {
            Backend::Sqlite => "BINARY",
            Backend::Postgres => "C",
            Backend::MariaDb => "utf8mb4_bin",
        };
        let sorted = fx.rows(
            "order by a binary collation",
            "t",
            &select(u.c("name"))
                .from(u)
                .order_by(u.c("name").collate(binary)),
        );
        let insensitive = match fx.backend {
            Backend::Sqlite => Some("NOCASE"),
            Backend::MariaDb => Some("utf8mb4_general_ci"),
            Backend::Postgres => None,
        };
        let found = insensitive.map(|ci| {
            fx.rows(
                "compare under a case-insensitive collation",
                "t",
                &select(u.c("name"))
                    .from(u)
                    .filter(u.c("name").collate(ci).eq("EVE")),
            )
        });
        (sorted, found)
    });
    for (fx, (sorted, found)) in w.fxs.iter().zip(got) {
        assert_eq!(sorted, ["Eve", "ann", "bob", "cid", "dee"], "{}", fx.name());
        if let Some(found) = found {
            assert_eq!(found, ["Eve"], "{}", fx.name());
        }
    }
}

/// Aggregates with `FILTER (WHERE …)`: native on SQLite and PostgreSQL, a CASE
/// inside the aggregate on MariaDB, with the same rows. The condition's value
/// comes before the argument's in MariaDB's SQL and after it in the others':
/// run twice with other values, the second run (a cache hit) binds each where
/// its placeholder is.
#[test]
fn aggregate_filter_is_native_or_a_case_with_the_same_rows() {
    let w = World::new();
    for (min_qty, tens) in [
        (1, ["20", "30", "50", "20"]),
        (2, ["NULL", "30", "50", "NULL"]),
    ] {
        let expected: Vec<String> = [
            ["1", "2", "30.5", "1"],
            ["2", "0", "5.25", "0"],
            ["3", "1", "100", "1"],
            ["4", "0", "NULL", "1"],
        ]
        .iter()
        .zip(tens)
        .map(|(row, t)| format!("{}|{t}", row.join("|")))
        .collect();
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        w.check("aggregate FILTER", "iinin", &expected, |s| {
            let o = &s.orders;
            select((
                o.c("user_id"),
                func::count_star()
                    .filter(o.c("status").eq("paid"))
                    .label("paid"),
                func::sum(o.c("total"))
                    .filter(o.c("status").ne("void"))
                    .label("kept"),
                func::count(o.c("status").distinct())
                    .filter(o.c("total").gt(6))
                    .label("kinds"),
                func::sum(o.c("qty") * 10)
                    .filter(o.c("qty").gt(min_qty))
                    .label("tens"),
            ))
            .from(o)
            .group_by(o.c("user_id"))
            .order_by(o.c("user_id"))
        });
    }
}

/// `extract` gives the same integers on the three engines, seconds whole.
#[test]
fn extract_gives_the_same_integers_everywhere() {
    let w = World::new();
    w.check("extract", "iiiiii", &["2024|2|29|23|59|7"], |s| {
        let at = lit("2024-02-29 23:59:07.75").cast(SqlType::datetime());
        select((
            at.clone().extract(DatePart::Year),
            at.clone().extract(DatePart::Month),
            at.clone().extract(DatePart::Day),
            at.clone().extract(DatePart::Hour),
            at.clone().extract(DatePart::Minute),
            at.extract(DatePart::Second),
        ))
        .from(&s.users)
        .filter(s.users.c("id").eq(1))
    });
}

/// ROLLUP as a whole GROUP BY on PostgreSQL and MariaDB (WITH ROLLUP there),
/// CUBE and GROUPING SETS on PostgreSQL; typed errors where the engine has none.
#[test]
fn rollup_cube_and_grouping_sets_run_where_the_engine_has_them() {
    let w = World::new();
    for fx in &w.fxs {
        let u = &fx.s.users;
        // A derived table carries the ORDER BY, which MariaDB refuses beside
        // WITH ROLLUP; NULLS LAST puts each subtotal after its group.
        let ordered = |group: Expr, countries: &[&str]| {
            let rows = select((
                u.c("country"),
                u.c("status"),
                func::count_star().label("n"),
                func::max(u.c("score")).label("top"),
            ))
            .from(u);
            let rows = match countries {
                [] => rows,
                some => rows.filter(u.c("country").in_(some)),
            };
            let r = rows.group_by(group).subquery("r");
            select((r.c("country"), r.c("status"), r.c("n"), r.c("top")))
                .from(&r)
                .order_by((
                    r.c("country").asc().nulls_last(),
                    r.c("status").asc().nulls_last(),
                    r.c("n"),
                ))
        };
        let by_country = ordered(func::rollup((u.c("country"), u.c("status"))), &[]);
        let by_country_rows = [
            "DE|bronze|1|NULL",
            "DE|NULL|1|NULL",
            "FR|gold|1|30",
            // dee's own NULL status, then France's subtotal: alike but for n.
            "FR|NULL|1|20",
            "FR|NULL|2|30",
            "US|gold|1|10",
            "US|silver|1|NULL",
            "US|NULL|2|10",
            "NULL|NULL|5|30",
        ];
        let cube = ordered(func::cube((u.c("country"), u.c("status"))), &["FR"]);
        let sets = ordered(
            func::grouping_sets([vec![u.c("status")], vec![u.c("country")], vec![]]),
            &[],
        );
        match fx.backend {
            Backend::Postgres | Backend::MariaDb => {
                assert_eq!(fx.rows("rollup", "ttii", &by_country), by_country_rows);
                // ORDER BY in the same SELECT: MariaDB's error 1221, so a typed
                // error there before anything is sent.
                let flat = select((u.c("country"), func::count_star()))
                    .from(u)
                    .group_by(func::rollup(u.c("country")))
                    .order_by(u.c("country").asc().nulls_last());
                if fx.backend == Backend::Postgres {
                    assert_eq!(
                        fx.rows("rollup ordered", "ti", &flat),
                        ["DE|1", "FR|2", "US|2", "NULL|5"]
                    );
                } else {
                    let mut conn = fx.conn();
                    assert_eq!(
                        refused(fx, conn.execute(&flat)),
                        "ORDER BY in a SELECT with GROUP BY ROLLUP"
                    );
                }
            }
            Backend::Sqlite => {
                let mut conn = fx.conn();
                assert_eq!(refused(fx, conn.execute(&by_country)), "GROUP BY ROLLUP");
            }
        }
        match fx.backend {
            Backend::Postgres => {
                assert_eq!(
                    fx.rows("cube", "ttii", &cube),
                    [
                        "FR|gold|1|30",
                        "FR|NULL|1|20",
                        "FR|NULL|2|30",
                        "NULL|gold|1|30",
                        "NULL|NULL|1|20",
                        "NULL|NULL|2|30"
                    ]
                );
                assert_eq!(
                    fx.rows("grouping sets", "ttii", &sets),
                    [
                        "DE|NULL|1|NULL",
                        "FR|NULL|2|30",
                        "US|NULL|2|10",
                        "NULL|bronze|1|NULL",
                        "NULL|gold|2|30",
                        "NULL|silver|1|NULL",
                        "NULL|NULL|1|20",
                        "NULL|NULL|5|30"
                    ]
                );
                // GROUPING() tells France's subtotal from dee's NULL status.
                let flagged = select((
                    u.c("status"),
                    func::grouping(u.c("status")).label("g"),
                    func::count_star(),
                ))
                .from(u)
                .filter(u.c("country").eq("FR"))
                .group_by(func::rollup(u.c("status")))
                .order_by((
                    u.c("status").asc().nulls_last(),
                    func::grouping(u.c("status")),
                ));
                assert_eq!(
                    fx.rows("grouping()", "tii", &flagged),
                    ["gold|0|1", "NULL|0|1", "NULL|1|2"]
                );
            }
            Backend::MariaDb | Backend::Sqlite => {
                let mut conn = fx.conn();
                assert_eq!(refused(fx, conn.execute(&cube)), "GROUP BY CUBE");
                assert_eq!(refused(fx, conn.execute(&sets)), "GROUP BY GROUPING SETS");
                let flagged = select(func::grouping(u.c("status")))
                    .from(u)
                    .group_by(u.c("status"));
                assert_eq!(
                    refused(fx, conn.execute(&flagged)),
                    "the GROUPING() function"
                );
            }
        }
    }
}

#[test]
fn implied_from_clauses_and_correlated_subqueries() {
    let w = World::new();
    w.check(
        "FROM implied by the columns",
        "it",
        &["1|ann", "2|bob"],
        |s| {
            select((s.users.c("id"), s.users.c("name")))
                .filter(s.users.c("id").le(2))
                .order_by(s.users.c("id"))
        },
    );
    w.check(
        "a given FROM item, then the table the WHERE clause adds",
        "tt",
        &["ann|Paris", "cid|Lyon", "cid|Nice", "Eve|NULL"],
        |s| {
            let (u, a) = (&s.users, &s.addresses);
            select((u.c("name"), a.c("city")))
                .from(u)
                .filter(a.c("user_id").eq(u.c("id")))
                .order_by(a.c("id"))
        },
    );
    w.check(
        "a join whose left side the columns imply",
        "tt",
        &["ann|Paris", "cid|Lyon", "cid|Nice", "Eve|NULL"],
        |s| {
            let (u, a) = (&s.users, &s.addresses);
            select((u.c("name"), a.c("city")))
                .join(a, a.c("user_id").eq(u.c("id")))
                .order_by(a.c("id"))
        },
    );
    w.check(
        "a table selected whole, joined onto",
        "iit",
        &["2|3|Lyon", "3|3|Nice"],
        |s| {
            let (u, a) = (&s.users, &s.addresses);
            select(a)
                .join(u, a.c("user_id").eq(u.c("id")))
                .filter(u.c("name").eq("cid"))
                .order_by(a.c("id"))
        },
    );
    w.check("correlated EXISTS", "t", &["cid"], |s| {
        let (u, a) = (&s.users, &s.addresses);
        select(u.c("name"))
            .filter(exists(
                select(a.c("id"))
                    .filter(a.c("user_id").eq(u.c("id")))
                    .filter(a.c("city").eq("Nice")),
            ))
            .order_by(u.c("id"))
    });
    w.check(
        "correlated scalar subquery in the select list",
        "ti",
        &["ann|2", "bob|1", "cid|2", "dee|1", "Eve|0"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            select((
                u.c("name"),
                select(func::count_star())
                    .filter(o.c("user_id").eq(u.c("id")))
                    .scalar_subquery()
                    .label("n"),
            ))
            .order_by(u.c("id"))
        },
    );
    w.check(
        "a derived table of the same table is not correlated",
        "ti",
        &["ann|1", "bob|2"],
        |s| {
            let u = &s.users;
            let sub = select(u.c("id")).filter(u.c("id").le(2)).subquery("s");
            select((u.c("name"), sub.c("id")))
                .from(u)
                .join(&sub, sub.c("id").eq(u.c("id")))
                .order_by(u.c("id"))
        },
    );
    let got = w.each(|fx| {
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let res = fx.run(
            "update correlated with its target",
            &update(u).set("status", "buyer").filter(not_(exists(
                select(o.c("id")).filter(o.c("user_id").eq(u.c("id"))),
            ))),
        );
        res.rowcount()
    });
    assert_each("rows updated", &got, &[1; 3]);
    w.check("users after update", "it", &["5|buyer"], |s| {
        select((s.users.c("id"), s.users.c("status"))).filter(s.users.c("status").eq("buyer"))
    });
}
