//! Subqueries, EXISTS, derived tables, CTEs (recursive too), window functions,
//! set operations, `text()` and bind parameters.
use crate::harness::*;
use crate::support::Backend;
use sqlcraft::prelude::*;

#[test]
fn scalar_and_correlated_subqueries() {
    let w = World::new();
    w.check(
        "correlated scalar subquery in the select list",
        "ti",
        &["ann|2", "bob|1", "cid|2", "dee|1", "Eve|0"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            let n = select(func::count_star())
                .from(o)
                .filter(o.c("user_id").eq(u.c("id")))
                .scalar_subquery()
                .label("n");
            select((u.c("name"), n)).from(u).order_by(u.c("id"))
        },
    );
    w.check("uncorrelated scalar subquery in WHERE", "i", &["3"], |s| {
        let u = &s.users;
        let avg = select(func::avg(u.c("score"))).from(u).scalar_subquery();
        select(u.c("id")).from(u).filter(u.c("score").gt(avg))
    });
    w.check("correlated subquery in WHERE", "i", &["1", "3"], |s| {
        let (u, o) = (&s.users, &s.orders);
        let n = select(func::count_star())
            .from(o)
            .filter(o.c("user_id").eq(u.c("id")))
            .scalar_subquery();
        select(u.c("id"))
            .from(u)
            .filter(n.ge(2))
            .order_by(u.c("id"))
    });
    w.check(
        "scalar subquery of the max, compared with a column",
        "it",
        &["4|paid"],
        |s| {
            let o = &s.orders;
            let top = select(func::max(o.c("total"))).from(o).scalar_subquery();
            select((o.c("id"), o.c("status")))
                .from(o)
                .filter(o.c("total").eq(top))
        },
    );
}

#[test]
fn exists_and_not_exists() {
    let w = World::new();
    let new_order = |s: &Schema| {
        let (u, o) = (&s.users, &s.orders);
        select(lit(1))
            .from(o)
            .filter(o.c("user_id").eq(u.c("id")))
            .filter(o.c("status").eq("new"))
    };
    w.check("exists", "i", &["2", "3"], |s| {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(exists(new_order(s)))
            .order_by(s.users.c("id"))
    });
    w.check("not exists", "i", &["1", "4", "5"], |s| {
        select(s.users.c("id"))
            .from(&s.users)
            .filter(not_(exists(new_order(s))))
            .order_by(s.users.c("id"))
    });
    w.check(
        "exists in the select list",
        "ib",
        &["1|false", "2|true", "3|true", "4|false", "5|false"],
        |s| {
            select((s.users.c("id"), exists(new_order(s)).label("has_new")))
                .from(&s.users)
                .order_by(s.users.c("id"))
        },
    );
}

#[test]
fn derived_tables() {
    let w = World::new();
    let per_user = |s: &Schema| {
        let o = &s.orders;
        select((
            o.c("user_id"),
            func::sum(o.c("total")).label("spent"),
            func::count_star().label("n"),
        ))
        .from(o)
        .group_by(o.c("user_id"))
        .subquery("t")
    };
    w.check(
        "join to a derived table",
        "tni",
        &["ann|30.5|2", "bob|5.25|1", "cid|100|2", "dee|7|1"],
        |s| {
            let u = &s.users;
            let t = per_user(s);
            select((u.c("name"), t.c("spent"), t.c("n")))
                .from(u.join(&t, t.c("user_id").eq(u.c("id"))))
                .order_by(u.c("id"))
        },
    );
    w.check(
        "filter and aggregate over a derived table",
        "in",
        &["2|130.5"],
        |s| {
            let t = per_user(s);
            select((func::count_star(), func::sum(t.c("spent"))))
                .from(&t)
                .filter(t.c("spent").gt(10))
        },
    );
    w.check("derived table from a union", "i", &["3"], |s| {
        let (u, o) = (&s.users, &s.orders);
        let ids = select(u.c("id"))
            .from(u)
            .filter(u.c("country").eq("US"))
            .union(
                select(o.c("user_id"))
                    .from(o)
                    .filter(o.c("status").eq("paid")),
            )
            .subquery("ids");
        select(func::count_star()).from(&ids)
    });
}

#[test]
fn ctes_plain_chained_and_in_where() {
    let w = World::new();
    let totals = |s: &Schema| {
        let o = &s.orders;
        select((o.c("user_id"), func::sum(o.c("total")).label("spent")))
            .from(o)
            .group_by(o.c("user_id"))
            .cte("totals")
    };
    w.check("CTE joined in FROM", "tn", &["cid|100", "ann|30.5"], |s| {
        let u = &s.users;
        let t = totals(s);
        select((u.c("name"), t.c("spent")))
            .from(&t)
            .join(u, u.c("id").eq(t.c("user_id")))
            .filter(t.c("spent").gt(10))
            .order_by(t.c("spent").desc())
    });
    w.check(
        "CTE used only in a WHERE subquery, attached with .with()",
        "t",
        &["ann", "cid"],
        |s| {
            let u = &s.users;
            let t = totals(s);
            select(u.c("name"))
                .from(u)
                .filter(
                    u.c("id")
                        .in_(select(t.c("user_id")).from(&t).filter(t.c("spent").gt(10))),
                )
                .with(&t)
                .order_by(u.c("id"))
        },
    );
    w.check("a CTE built on another CTE", "ii", &["1|2", "3|1"], |s| {
        let o = &s.orders;
        let paid = select((o.c("id"), o.c("user_id")))
            .from(o)
            .filter(o.c("status").eq("paid"))
            .cte("paid");
        let per_user = select((paid.c("user_id"), func::count_star().label("n")))
            .from(&paid)
            .group_by(paid.c("user_id"))
            .cte("per_user");
        select((per_user.c("user_id"), per_user.c("n")))
            .from(&per_user)
            .order_by(per_user.c("user_id"))
    });
    w.check(
        "CTE with an explicit column list",
        "it",
        &["3|FR", "4|FR"],
        |s| {
            let u = &s.users;
            let fr = select((u.c("id"), u.c("country")))
                .from(u)
                .filter(u.c("country").eq("FR"))
                .cte("fr")
                .with_columns(["uid", "cc"]);
            select((fr.c("uid"), fr.c("cc")))
                .from(&fr)
                .order_by(fr.c("uid"))
        },
    );
}

#[test]
fn recursive_ctes() {
    let w = World::new();
    // The anchor is cast: an untyped parameter alone in a select list would be
    // text on PostgreSQL.
    w.check("count to five", "i", &["1", "2", "3", "4", "5"], |_| {
        let nums = Cte::recursive("nums", ["n"], |nums| {
            select(lit(1).cast(SqlType::Integer))
                .union_all(select(nums.c("n") + 1).from(nums).filter(nums.c("n").lt(5)))
        });
        select(nums.c("n")).from(&nums).order_by(nums.c("n"))
    });
    w.check(
        "walk the node tree with depth and path",
        "iti",
        &[
            "1|root|0",
            "2|root/a|1",
            "3|root/b|1",
            "4|root/a/a1|2",
            "5|root/a/a1/a1x|3",
        ],
        |s| {
            let n = &s.nodes;
            let tree = Cte::recursive("tree", ["id", "path", "depth"], |tree| {
                select((
                    n.c("id"),
                    n.c("name").cast(SqlType::Text),
                    lit(0).cast(SqlType::Integer),
                ))
                .from(n)
                .filter(n.c("parent_id").is_null())
                .union_all(
                    select((
                        n.c("id"),
                        tree.c("path").concat("/").concat(n.c("name")),
                        tree.c("depth") + 1,
                    ))
                    .from(n.join(tree, n.c("parent_id").eq(tree.c("id")))),
                )
            });
            select((tree.c("id"), tree.c("path"), tree.c("depth")))
                .from(&tree)
                .order_by(tree.c("id"))
        },
    );
    w.check(
        "recursive CTE joined back to a table",
        "ti",
        &["a|2", "b|0", "root|4"],
        |s| {
            // Descendants per node: pairs (ancestor, descendant) by recursion.
            let n = &s.nodes;
            let below = Cte::recursive("below", ["top", "id"], |below| {
                select((n.c("parent_id"), n.c("id")))
                    .from(n)
                    .filter(n.c("parent_id").is_not_null())
                    .union_all(
                        select((below.c("top"), n.c("id")))
                            .from(n.join(below, n.c("parent_id").eq(below.c("id")))),
                    )
            });
            select((n.c("name"), func::count(below.c("id"))))
                .from(n.left_join(&below, below.c("top").eq(n.c("id"))))
                .filter(n.c("id").le(3))
                .group_by((n.c("id"), n.c("name")))
                .order_by(n.c("name"))
        },
    );
}

#[test]
fn window_functions() {
    let w = World::new();
    w.check(
        "rank with ties, NULLs last",
        "ini",
        &["3|30|1", "4|20|2", "1|10|3", "2|NULL|4", "5|NULL|4"],
        |s| {
            let u = &s.users;
            let rank = func::rank()
                .over(WindowSpec::new().order_by(u.c("score").desc().nulls_last()))
                .label("rnk");
            select((u.c("id"), u.c("score"), &rank))
                .from(u)
                .order_by((rank.asc(), u.c("id").asc()))
        },
    );
    w.check(
        "dense_rank over a text column, NULLs first",
        "iti",
        &[
            "4|NULL|1",
            "5|bronze|2",
            "1|gold|3",
            "3|gold|3",
            "2|silver|4",
        ],
        |s| {
            let u = &s.users;
            let r = func::dense_rank()
                .over(WindowSpec::new().order_by(u.c("status").asc().nulls_first()))
                .label("r");
            select((u.c("id"), u.c("status"), &r))
                .from(u)
                .order_by((r.asc(), u.c("id").asc()))
        },
    );
    w.check(
        "row_number partitioned",
        "iii",
        &["1|1|1", "2|1|2", "3|2|1", "4|3|1", "5|3|2", "6|4|1"],
        |s| {
            let o = &s.orders;
            select((
                o.c("id"),
                o.c("user_id"),
                func::row_number().over(
                    WindowSpec::new()
                        .partition_by(o.c("user_id"))
                        .order_by(o.c("id")),
                ),
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    w.check(
        "sums over frames",
        "innnnn",
        &[
            "1|10.5|10.5|30.5|3|2",
            "2|30.5|30.5|30.5|5|6",
            "3|25.25|35.75|5.25|4|9",
            "4|105.25|135.75|100|6|2",
            "5|100|135.75|100|7|14",
            "6|7|142.75|7|2|6",
        ],
        |s| {
            let o = &s.orders;
            let by_id = || WindowSpec::new().order_by(o.c("id"));
            select((
                o.c("id"),
                func::sum(o.c("total"))
                    .over(by_id().rows(FrameBound::Preceding(1), FrameBound::CurrentRow)),
                func::sum(o.c("total"))
                    .over(by_id().rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow)),
                func::sum(o.c("total")).over(WindowSpec::new().partition_by(o.c("user_id"))),
                func::sum(o.c("qty"))
                    .over(by_id().rows(FrameBound::CurrentRow, FrameBound::Following(1))),
                func::sum(o.c("qty")).over(
                    WindowSpec::new()
                        .order_by(o.c("qty"))
                        .range(FrameBound::UnboundedPreceding, FrameBound::CurrentRow),
                ),
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    w.check(
        "count over the whole result and an unbounded frame",
        "iin",
        &["1|6|30.5", "2|6|30.5", "3|6|5.25"],
        |s| {
            let o = &s.orders;
            select((
                o.c("id"),
                func::count_star().over(WindowSpec::new()),
                func::sum(o.c("total")).over(
                    WindowSpec::new()
                        .partition_by(o.c("user_id"))
                        .order_by(o.c("id"))
                        .rows(
                            FrameBound::UnboundedPreceding,
                            FrameBound::UnboundedFollowing,
                        ),
                ),
            ))
            .from(o)
            .order_by(o.c("id"))
            .limit(3)
        },
    );
    w.check(
        "top order per user through a windowed CTE",
        "ii",
        &["1|2", "2|3", "3|4", "4|6"],
        |s| {
            let o = &s.orders;
            let ranked = select((
                o.c("id"),
                o.c("user_id"),
                func::row_number()
                    .over(
                        WindowSpec::new()
                            .partition_by(o.c("user_id"))
                            .order_by(o.c("total").desc().nulls_last())
                            .order_by(o.c("id")),
                    )
                    .label("rn"),
            ))
            .from(o)
            .cte("ranked");
            select((ranked.c("user_id"), ranked.c("id")))
                .from(&ranked)
                .filter(ranked.c("rn").eq(1))
                .order_by(ranked.c("user_id"))
        },
    );
}

fn us(s: &Schema) -> Select {
    let u = &s.users;
    select(u.c("id")).from(u).filter(u.c("country").eq("US"))
}

fn paid(s: &Schema) -> Select {
    let o = &s.orders;
    select(o.c("user_id"))
        .from(o)
        .filter(o.c("status").eq("paid"))
}

#[test]
fn set_operations() {
    let w = World::new();
    // us = {1, 2}; paid = [1, 1, 3].
    w.check("union", "i", &["1", "2", "3"], |s| {
        us(s).union(paid(s)).order_by(column("id"))
    });
    // Ordered by a table's column, which PostgreSQL and MySQL refuse by name
    // after a set operation: the first member's column goes by its position.
    w.check(
        "union ordered by a table column",
        "i",
        &["3", "2", "1"],
        |s| us(s).union(paid(s)).order_by(s.users.c("id").desc()),
    );
    w.check("union all", "i", &["1", "1", "1", "2", "3"], |s| {
        us(s).union_all(paid(s)).order_by(column("id"))
    });
    w.check("intersect", "i", &["1"], |s| {
        us(s).intersect(paid(s)).order_by(column("id"))
    });
    w.check("except", "i", &["2"], |s| {
        us(s).except(paid(s)).order_by(column("id"))
    });
    w.check(
        "union with order by desc, limit and offset",
        "i",
        &["2", "1"],
        |s| {
            us(s)
                .union(paid(s))
                .order_by(column("id").desc())
                .limit(2)
                .offset(1)
        },
    );
    w.check("union all with offset alone", "i", &["2", "3"], |s| {
        us(s).union_all(paid(s)).order_by(column("id")).offset(3)
    });
    w.check(
        "a member with its own ORDER BY and LIMIT",
        "i",
        &["4", "5"],
        |s| {
            let (u, o) = (&s.users, &s.orders);
            select(u.c("id"))
                .from(u)
                .order_by(u.c("id").desc())
                .limit(2)
                .union(
                    select(o.c("user_id"))
                        .from(o)
                        .filter(o.c("status").eq("void")),
                )
                .order_by(column("id"))
        },
    );
    // (us UNION paid) INTERSECT scored: INTERSECT binds tighter than UNION in
    // PostgreSQL and MariaDB, so the grouping must be explicit in the SQL.
    w.check(
        "mixed operators keep their grouping",
        "i",
        &["1", "3"],
        |s| {
            let u = &s.users;
            us(s)
                .union(paid(s))
                .intersect(select(u.c("id")).from(u).filter(u.c("score").is_not_null()))
                .order_by(column("id"))
        },
    );
    w.check("three unions", "i", &["1", "2", "3", "4"], |s| {
        let u = &s.users;
        us(s)
            .union(paid(s))
            .union(select(u.c("id")).from(u).filter(u.c("country").eq("FR")))
            .order_by(column("id"))
    });
}

#[test]
fn intersect_all_and_except_all_where_supported() {
    let w = World::new();
    for fx in &w.fxs {
        let o = &fx.s.orders;
        let some = select(o.c("user_id"))
            .from(o)
            .filter(o.c("user_id").in_([1, 3]));
        // paid = [1, 1, 3]; some = [1, 1, 3, 3]; us = [1, 2].
        let intersect_all = paid(&fx.s).intersect_all(some).order_by(column("user_id"));
        let except_all = paid(&fx.s)
            .except_all(us(&fx.s))
            .order_by(column("user_id"));
        let mut conn = fx.conn();
        match fx.backend {
            // SQLite has neither: a typed error, not an SQL error from the engine.
            Backend::Sqlite => {
                for r in [conn.execute(&intersect_all), conn.execute(&except_all)] {
                    assert!(
                        matches!(
                            r,
                            Err(Error::Unsupported {
                                dialect: "sqlite",
                                ..
                            })
                        ),
                        "{r:?}"
                    );
                }
            }
            Backend::Postgres | Backend::MariaDb => {
                let res = fx.exec(&mut conn, "intersect all", &intersect_all);
                assert_eq!(
                    normalise("intersect all", fx.backend, "i", res),
                    ["1", "1", "3"],
                    "{}",
                    fx.name()
                );
                let res = fx.exec(&mut conn, "except all", &except_all);
                assert_eq!(
                    normalise("except all", fx.backend, "i", res),
                    ["1", "3"],
                    "{}",
                    fx.name()
                );
            }
        }
    }
}

#[test]
fn text_with_named_parameters() {
    let w = World::new();
    let got = w.each(|fx| {
        let mut conn = fx.conn();
        let users = fx.s.users.name();
        // Unquoted: the generated names are lowercase letters, digits and '_'.
        // ':x' in quotes is not a parameter.
        let sql = format!(
            "SELECT name, score FROM {users} WHERE status = :status AND id > :min_id \
             AND ':x' = ':x' ORDER BY id"
        );
        let t = text(&sql);
        let all = fx.exec_with(
            &mut conn,
            "text, all parameters at execution",
            &t,
            &[("status", v("gold")), ("min_id", v(0))],
        );
        let all = normalise("text", fx.backend, "tn", all);
        let partly = fx.exec_with(
            &mut conn,
            "text, one bound in advance",
            &t.clone().bind("status", "gold"),
            &[("min_id", v(1))],
        );
        let partly = normalise("text", fx.backend, "tn", partly);
        // A parameter used twice takes one value.
        let twice = text(&format!(
            "SELECT count(*) AS n FROM {users} WHERE id = :id OR score = :id * 10"
        ));
        let n: i64 = fx
            .exec_with(&mut conn, "repeated parameter", &twice, &[("id", v(2))])
            .scalar_one()
            .unwrap();
        // Errors: a parameter left without a value, one the SQL does not have.
        let missing = conn.execute_with(&t, &[("status", v("gold"))]).unwrap_err();
        let unknown = conn
            .execute_with(
                &t,
                &[("status", v("gold")), ("min_id", v(0)), ("nope", v(1))],
            )
            .unwrap_err();
        (all, partly, n, missing, unknown)
    });
    for (fx, (all, partly, n, missing, unknown)) in w.fxs.iter().zip(got) {
        assert_eq!(all, ["ann|10", "cid|30"], "{}", fx.name());
        assert_eq!(partly, ["cid|30"], "{}", fx.name());
        assert_eq!(n, 2, "{}: bob by id, dee by score", fx.name());
        assert_eq!(
            missing,
            Error::MissingBindParam {
                name: "min_id".into()
            },
            "{}",
            fx.name()
        );
        assert_eq!(
            unknown,
            Error::UnknownBindParam {
                name: "nope".into()
            },
            "{}",
            fx.name()
        );
    }
}

#[test]
fn bindparam_in_a_built_statement() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let q = select((u.c("name"), u.c("score")))
            .from(u)
            .filter(u.c("id").eq(bindparam("id")))
            .filter(u.c("country").ne(bindparam("cc")));
        let mut conn = fx.conn();
        let before = fx.engine.cache_stats();
        let mut out = Vec::new();
        for id in [1, 3, 5] {
            let res = fx.exec_with(
                &mut conn,
                "bindparam",
                &q,
                &[("cc", v("DE")), ("id", v(id))],
            );
            out.extend(normalise("bindparam", fx.backend, "tn", res));
        }
        // The statement was compiled once and reused.
        let after = fx.engine.cache_stats();
        let compiled = (after.misses - before.misses, after.hits - before.hits);
        let missing = conn.execute(&q).unwrap_err();
        (out, compiled, missing)
    });
    for (fx, (rows, cached, missing)) in w.fxs.iter().zip(got) {
        assert_eq!(rows, ["ann|10", "cid|30"], "{}", fx.name());
        assert_eq!(cached, (1, 2), "{}: (misses, hits)", fx.name());
        assert!(
            matches!(missing, Error::MissingBindParam { ref name } if name == "id" || name == "cc"),
            "{}: {missing:?}",
            fx.name()
        );
    }
}

/// Row values (`tuple_`): IN a list of row values, IN a subquery, and compared
/// as a whole, the same rows on every engine; the list of row values runs
/// twice through the cache with other values.
#[test]
fn row_values_match_and_compare_on_every_engine() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let o = &fx.s.orders;
        let mut c = fx.conn();
        let pair = || tuple_((o.c("user_id"), o.c("id")));
        let ids = |res: sqlcraft::engine::CursorResult| -> Vec<i64> { res.scalars().unwrap() };
        for (wanted, expected) in [
            ([(1, 2), (3, 5), (3, 1)], [2, 5]),
            ([(2, 3), (4, 6), (9, 9)], [3, 6]),
        ] {
            let q = select(o.c("id"))
                .from(o)
                .filter(pair().in_(wanted.map(|(u, i)| tuple_((u, i)))))
                .order_by(o.c("id"));
            assert_eq!(ids(fx.exec(&mut c, "IN list", &q)), expected, "{ctx}");
        }
        let paid = select((o.c("user_id"), o.c("id")))
            .from(o)
            .filter(o.c("status").eq("paid"));
        let q = select(o.c("id"))
            .from(o)
            .filter(pair().not_in(paid))
            .order_by(o.c("id"));
        assert_eq!(
            ids(fx.exec(&mut c, "NOT IN subquery", &q)),
            [3, 5, 6],
            "{ctx}"
        );
        let q = select(o.c("id"))
            .from(o)
            .filter(pair().gt(tuple_((3, 4))))
            .order_by(o.c("id"));
        assert_eq!(ids(fx.exec(&mut c, "row comparison", &q)), [5, 6], "{ctx}");
    }
}

/// A LATERAL derived table (each user's latest order) on PostgreSQL, through a
/// CROSS JOIN and a LEFT JOIN … ON true; SQLite and MariaDB have no LATERAL, a
/// typed error naming the dialect rather than SQL the engine refuses.
#[test]
fn lateral_derived_tables_run_where_the_engine_has_them() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let last = select((o.c("id"), o.c("qty")))
            .from(o)
            .filter(o.c("user_id").eq(u.c("id")))
            .order_by(o.c("id").desc())
            .limit(1)
            .lateral("last");
        let crossed = select((u.c("id"), last.c("id"), last.c("qty")))
            .from(u.cross_join(&last))
            .order_by(u.c("id"));
        let left = select((u.c("id"), last.c("qty")))
            .from(u.left_join(&last, true_()))
            .order_by(u.c("id"));
        let mut conn = fx.conn();
        match fx.backend {
            Backend::Postgres => {
                let res = fx.exec(&mut conn, "cross join lateral", &crossed);
                assert_eq!(res.columns(), ["id", "id_1", "qty"], "{ctx}");
                let got: Vec<(i64, i64, i64)> = res
                    .all()
                    .unwrap()
                    .iter()
                    .map(|r| (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap()))
                    .collect();
                assert_eq!(got, [(1, 2, 2), (2, 3, 3), (3, 5, 5), (4, 6, 2)], "{ctx}");
                let got: Vec<(i64, Option<i64>)> =
                    pairs(fx.exec(&mut conn, "left join lateral", &left));
                assert_eq!(
                    got,
                    [
                        (1, Some(2)),
                        (2, Some(3)),
                        (3, Some(5)),
                        (4, Some(2)),
                        (5, None)
                    ],
                    "{ctx}"
                );
            }
            Backend::Sqlite | Backend::MariaDb => {
                for r in [conn.execute(&crossed), conn.execute(&left)] {
                    assert_eq!(refused(fx, r), "LATERAL", "{ctx}");
                }
            }
        }
    }
}

/// Rows of values as a table, in each engine's own form, joined to a table and
/// selected from alone (integers, text, floats and a NULL after the first
/// row): the same rows on every engine, the join run twice with other values.
#[test]
fn values_as_a_table_on_every_engine() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let u = &fx.s.users;
        let mut c = fx.conn();
        for (rows, expected) in [
            ([(1, "one"), (5, "five")], ["ann|one", "Eve|five"]),
            ([(2, "two"), (4, "four")], ["bob|two", "dee|four"]),
        ] {
            let v = values("v", ["id", "label"]).rows(rows);
            let q = select((u.c("name"), v.c("label")))
                .from(u.join(&v, v.c("id").eq(u.c("id"))))
                .order_by(u.c("id"));
            let res = fx.exec(&mut c, "join", &q);
            let got: Vec<String> = res
                .all()
                .unwrap()
                .iter()
                .map(|r| {
                    format!(
                        "{}|{}",
                        r.get::<String, _>(0).unwrap(),
                        r.get::<String, _>(1).unwrap()
                    )
                })
                .collect();
            assert_eq!(got, expected, "{ctx}");
        }
        let v = values("m", ["k", "x"])
            .row((lit(2), lit(0.5)))
            .row((lit(1), null()))
            .row((lit(3), lit(2.25)));
        let q = select((v.c("k"), v.c("x"))).from(&v).order_by(v.c("k"));
        let got: Vec<(i64, Option<f64>)> = fx
            .exec(&mut c, "alone", &q)
            .all()
            .unwrap()
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        assert_eq!(got, [(1, None), (2, Some(0.5)), (3, Some(2.25))], "{ctx}");
    }
}

#[test]
fn text_with_a_bound_list() {
    let w = World::new();
    w.check("a list and a value", "t", &["ann", "dee"], |s| {
        let users = s.users.name();
        text(&format!(
            "SELECT name FROM {users} WHERE id IN :ids AND name <> :not ORDER BY id"
        ))
        .bind_list("ids", [1, 4, 5])
        .bind("not", "Eve")
    });
    w.check("NOT IN, text values", "i", &["2", "4", "5"], |s| {
        let users = s.users.name();
        text(&format!(
            "SELECT id FROM {users} WHERE name NOT IN :names ORDER BY id"
        ))
        .bind_list("names", ["ann", "cid"])
    });
    w.check("one value", "i", &["3"], |s| {
        let users = s.users.name();
        text(&format!("SELECT id FROM {users} WHERE id IN :ids")).bind_list("ids", [3])
    });
}

/// The navigation and distribution window functions, on orders' `qty`
/// (1, 2, 3, 1, 5, 2 in id order).
#[test]
fn navigation_and_distribution_window_functions() {
    let w = World::new();
    w.check(
        "lag and lead, by one and by two",
        "iiiii",
        &[
            "1|NULL|NULL|2|3",
            "2|1|NULL|3|1",
            "3|2|1|1|5",
            "4|3|2|5|2",
            "5|1|3|2|NULL",
            "6|5|1|NULL|NULL",
        ],
        |s| {
            let o = &s.orders;
            let by_id = || WindowSpec::new().order_by(o.c("id"));
            select((
                o.c("id"),
                func::lag(o.c("qty")).over(by_id()),
                func::lag_by(o.c("qty"), 2).over(by_id()),
                func::lead(o.c("qty")).over(by_id()),
                func::lead_by(o.c("qty"), 2).over(by_id()),
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    w.check(
        "ntile, first, last and nth value",
        "iiiii",
        &[
            "1|1|1|2|NULL",
            "2|1|1|2|2",
            "3|2|3|3|2",
            "4|2|1|5|2",
            "5|3|1|5|2",
            "6|4|2|2|2",
        ],
        |s| {
            let o = &s.orders;
            let per_user = || {
                WindowSpec::new()
                    .partition_by(o.c("user_id"))
                    .order_by(o.c("id"))
            };
            select((
                o.c("id"),
                func::ntile(4).over(WindowSpec::new().order_by(o.c("id"))),
                func::first_value(o.c("qty")).over(per_user()),
                func::last_value(o.c("qty")).over(per_user().rows(
                    FrameBound::UnboundedPreceding,
                    FrameBound::UnboundedFollowing,
                )),
                func::nth_value(o.c("qty"), 2).over(WindowSpec::new().order_by(o.c("id"))),
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    w.check(
        "percent_rank and cume_dist",
        "inn",
        &[
            "1|0|0.5",
            "2|0.4|0.75",
            "3|0.8|0.875",
            "4|0|0.5",
            "5|1|1",
            "6|0.4|0.75",
        ],
        |s| {
            let o = &s.orders;
            let by_qty = || WindowSpec::new().order_by(o.c("qty"));
            // cume_dist's sixths are not exact in binary; (x + 1) / 2 keeps
            // the comparison to values that are.
            select((
                o.c("id"),
                func::percent_rank().over(by_qty()),
                (func::cume_dist().over(by_qty()) * 3 + 1) / 4,
            ))
            .from(o)
            .order_by(o.c("id"))
        },
    );
    // A default for the missing row: MariaDB's LAG and LEAD take none.
    for fx in &w.fxs {
        let o = &fx.s.orders;
        let by_id = || WindowSpec::new().order_by(o.c("id"));
        let q = select((
            o.c("id"),
            func::lag_or(o.c("qty"), 1, 0).over(by_id()),
            func::lead_or(o.c("qty"), 3, -1).over(by_id()),
        ))
        .from(o)
        .order_by(o.c("id"))
        .limit(4);
        if fx.backend == Backend::MariaDb {
            let mut conn = fx.conn();
            assert_eq!(
                refused(fx, conn.execute(&q)),
                "LAG and LEAD with a default value"
            );
        } else {
            assert_eq!(
                fx.rows("lag and lead with defaults", "iii", &q),
                ["1|0|1", "2|1|5", "3|2|2", "4|3|-1"],
                "{}",
                fx.name()
            );
        }
    }
}

/// CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP, written as the keywords
/// every engine has (PostgreSQL refuses them with parentheses).
#[test]
fn current_date_time_and_timestamp_keywords() {
    let w = World::new();
    let years = w.each(|fx| {
        let q = select((
            func::current_date().extract(DatePart::Year),
            func::current_timestamp().extract(DatePart::Year),
            func::current_time().is_not_null(),
        ));
        let rows = fx.rows("current date, time, timestamp", "iib", &q);
        assert_eq!(rows.len(), 1, "{}", fx.name());
        rows[0].clone()
    });
    let (date_year, rest) = years[0].split_once('|').unwrap();
    assert!(date_year.parse::<i64>().unwrap() >= 2024, "{years:?}");
    assert_eq!(rest, format!("{date_year}|true"), "{years:?}");
    assert!(years.iter().all(|y| *y == years[0]), "{years:?}");
}

/// Ordered-set aggregates: aggregates on PostgreSQL, window functions on
/// MariaDB (the same per-user medians either way), typed errors elsewhere and
/// in the form an engine lacks. orders' qty per user: 1, 2 | 3 | 1, 5 | 2.
#[test]
fn ordered_set_aggregates_where_the_engine_has_them() {
    let w = World::new();
    for fx in &w.fxs {
        let o = &fx.s.orders;
        let median = || func::percentile_cont(0.5).within_group(o.c("qty"));
        let as_aggregate = select((o.c("user_id"), median()))
            .from(o)
            .group_by(o.c("user_id"))
            .order_by(o.c("user_id"));
        let as_window = select((
            o.c("user_id"),
            median().over(WindowSpec::new().partition_by(o.c("user_id"))),
        ))
        .distinct()
        .from(o)
        .order_by(o.c("user_id"));
        let per_user = ["1|1.5", "2|3", "3|3", "4|2"];
        let mut conn = fx.conn();
        match fx.backend {
            Backend::Postgres => {
                assert_eq!(fx.rows("per user", "in", &as_aggregate), per_user);
                let whole = select((
                    func::percentile_cont(0.5).within_group(o.c("qty")),
                    func::percentile_disc(0.5).within_group(o.c("qty")),
                    func::percentile_disc(0.5).within_group(o.c("qty").desc()),
                    func::mode().within_group(o.c("qty")),
                ))
                .from(o);
                assert_eq!(fx.rows("overall", "nnnn", &whole), ["2|2|2|1"]);
                assert_eq!(
                    refused(fx, conn.execute(&as_window)),
                    "an ordered-set aggregate (WITHIN GROUP) under OVER"
                );
            }
            Backend::MariaDb => {
                assert_eq!(fx.rows("per user, windowed", "in", &as_window), per_user);
                assert_eq!(
                    refused(fx, conn.execute(&as_aggregate)),
                    "an ordered-set aggregate (WITHIN GROUP) outside OVER"
                );
            }
            Backend::Sqlite => {
                assert_eq!(refused(fx, conn.execute(&as_aggregate)), "WITHIN GROUP");
                assert_eq!(refused(fx, conn.execute(&as_window)), "WITHIN GROUP");
            }
        }
    }
}

/// SQL text with named columns as a derived table, in IN, and as an upsert's
/// SELECT (wrapped in a derived table there, for SQLite's parser).
#[test]
fn textual_selects_run_everywhere() {
    let w = World::new();
    w.check(
        "text as a derived table",
        "tn",
        &["ann|3", "bob|3", "cid|6"],
        |s| {
            let sql = format!(
                "SELECT user_id, sum(qty) AS n FROM {} WHERE status <> :skip GROUP BY user_id",
                s.orders.name()
            );
            let per_user = text(&sql)
                .bind("skip", "void")
                .columns(["user_id", "n"])
                .subquery("q");
            select((s.users.c("name"), per_user.c("n")))
                .from(&s.users)
                .join(&per_user, per_user.c("user_id").eq(s.users.c("id")))
                .order_by(s.users.c("id"))
        },
    );
    w.check("text in IN", "t", &["bob", "cid"], |s| {
        let sql = format!("SELECT user_id FROM {} WHERE qty > :q", s.orders.name());
        let ids = text(&sql).bind("q", 2).columns(["user_id"]);
        select(s.users.c("name"))
            .from(&s.users)
            .filter(s.users.c("id").in_(ids))
            .order_by(s.users.c("id"))
    });
    for fx in &w.fxs {
        let (a, o) = (&fx.s.archive, &fx.s.orders);
        let sql = format!("SELECT id, status FROM {} WHERE qty >= :q", o.name());
        let copy = |q: i64| {
            insert(a)
                .from_select(
                    ["order_id", "who"],
                    text(&sql).bind("q", q).columns(["id", "status"]),
                )
                .on_conflict(OnConflict::columns(["order_id"]).do_nothing())
        };
        let mut conn = fx.conn();
        conn.execute(&copy(3))
            .unwrap_or_else(|e| panic!("{}: {e}", fx.name()));
        conn.execute(&copy(2))
            .unwrap_or_else(|e| panic!("{}: {e}", fx.name()));
        let got: Vec<(i64, String)> = pairs(
            conn.execute(
                &select((a.c("order_id"), a.c("who")))
                    .from(a)
                    .order_by(a.c("order_id")),
            )
            .unwrap(),
        );
        let want =
            [(2, "paid"), (3, "new"), (5, "new"), (6, "void")].map(|(i, s)| (i, s.to_owned()));
        assert_eq!(got, want, "{}", fx.name());
    }
}

/// func::random(): a float in [0, 1) on every engine, drawn per row (SQLite's
/// integer random() scaled), and usable to shuffle.
#[test]
fn random_is_a_fraction_drawn_per_row() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let o = &fx.s.orders;
        let mut conn = fx.conn();
        let q = select((o.c("id"), func::random().label("r"))).from(o);
        let rows: Vec<(i64, f64)> =
            pairs(conn.execute(&q).unwrap_or_else(|e| panic!("{ctx}: {e}")));
        assert_eq!(rows.len(), 6, "{ctx}");
        assert!(
            rows.iter().all(|(_, r)| (0.0..1.0).contains(r)),
            "{ctx}: {rows:?}"
        );
        let distinct: std::collections::BTreeSet<u64> =
            rows.iter().map(|(_, r)| r.to_bits()).collect();
        assert!(
            distinct.len() > 1,
            "{ctx}: one draw for every row: {rows:?}"
        );
        let shuffled = select(o.c("id")).from(o).order_by(func::random());
        let mut ids: Vec<i64> = conn.execute(&shuffled).unwrap().scalars().unwrap();
        ids.sort_unstable();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6], "{ctx}");
    }
}

#[test]
fn any_and_all_subqueries() {
    let w = World::new();
    // `= ANY` and `<> ALL` everywhere: SQLite writes them IN and NOT IN.
    w.check("= ANY", "i", &["1", "3"], |s| {
        let (u, o) = (&s.users, &s.orders);
        let paid = select(o.c("user_id"))
            .from(o)
            .filter(o.c("status").eq("paid"));
        select(u.c("id"))
            .from(u)
            .filter(u.c("id").eq(any_(paid)))
            .order_by(u.c("id"))
    });
    w.check("<> ALL", "i", &["5"], |s| {
        let (u, o) = (&s.users, &s.orders);
        select(u.c("id"))
            .from(u)
            .filter(u.c("id").ne(all_(select(o.c("user_id")).from(o))))
            .order_by(u.c("id"))
    });
    // A LIMIT under ANY: a derived table on MariaDB (its error 1235 otherwise).
    w.check("= ANY with a LIMIT", "i", &["4", "5"], |s| {
        let u = &s.users;
        let top_two = select(u.c("id"))
            .from(u)
            .order_by(u.c("id").desc())
            .limit(2);
        select(u.c("id"))
            .from(u)
            .filter(any_(top_two).eq(u.c("id")))
            .order_by(u.c("id"))
    });
    // The other comparisons, where the engine has ANY and ALL.
    for fx in &w.fxs {
        let u = &fx.s.users;
        let scores = |country: &str| {
            select(u.c("score"))
                .from(u)
                .filter(u.c("country").eq(country.to_owned()))
        };
        let known = |q: Select| q.filter(u.c("score").is_not_null());
        let ids = |cond: Expr| select(u.c("id")).from(u).filter(cond).order_by(u.c("id"));
        // FR scores 30 and 20; US 10 and NULL.
        let above_some_fr = ids(u.c("score").gt(any_(scores("FR"))));
        let above_all_us = ids(u.c("score").gt(all_(known(scores("US")))));
        // NULL among the US scores: `> ALL` is never true, only unknown.
        let above_all_us_null = ids(u.c("score").gt(all_(scores("US"))));
        // No rows at all: `< ALL` holds for every row, NULL scores included.
        let below_all_none = ids(u.c("score").lt(all_(scores("XX"))));
        // Turned around: `ALL (…) <= score` is `score >= ALL (…)`.
        let turned = ids(all_(known(scores("FR"))).le(u.c("score")));
        let cases: [(&str, &Select, &[&str]); 5] = [
            ("> ANY", &above_some_fr, &["3"]),
            ("> ALL", &above_all_us, &["3", "4"]),
            ("> ALL over a NULL", &above_all_us_null, &[]),
            (
                "< ALL over no rows",
                &below_all_none,
                &["1", "2", "3", "4", "5"],
            ),
            ("ALL (…) <= score", &turned, &["3"]),
        ];
        for (label, q, expected) in cases {
            let ctx = format!("{label} on {}", fx.name());
            if fx.backend == Backend::Sqlite {
                let mut conn = fx.conn();
                let construct = refused(fx, conn.execute(q));
                assert!(construct.contains("(subquery)"), "{ctx}: {construct}");
            } else {
                assert_eq!(fx.rows(label, "i", q), expected.to_vec(), "{ctx}");
            }
        }
    }
}
