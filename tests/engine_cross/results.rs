//! Result-API semantics (`one`, `one_or_none`, `first`, `scalar`, `scalar_one`,
//! `scalars`, `mappings`, `fetch`, `rowcount`, iteration) and the transaction
//! behaviour the statements rely on, identical on the three engines.
use crate::harness::*;
use crate::support::Backend;
use sqlcraft::engine::{Connection, CursorResult};
use sqlcraft::prelude::*;

fn ids_where(fx: &Fx, conn: &mut Connection, cond: fn(&Table) -> Expr) -> CursorResult {
    let u = &fx.s.users;
    fx.exec(
        conn,
        "ids",
        &select((u.c("id"), u.c("name")))
            .from(u)
            .filter(cond(u))
            .order_by(u.c("id")),
    )
}

fn none(u: &Table) -> Expr {
    u.c("id").gt(100)
}
fn just_cid(u: &Table) -> Expr {
    u.c("id").eq(3)
}
fn two(u: &Table) -> Expr {
    u.c("country").eq("US")
}

#[test]
fn one_one_or_none_first_and_scalar() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let mut c = fx.conn();
        assert!(
            matches!(ids_where(fx, &mut c, none).one(), Err(Error::NoRows)),
            "{ctx}"
        );
        assert!(
            matches!(ids_where(fx, &mut c, two).one(), Err(Error::MultipleRows)),
            "{ctx}"
        );
        let row = ids_where(fx, &mut c, just_cid).one().unwrap();
        assert_eq!(row.get::<String, _>("name").unwrap(), "cid", "{ctx}");

        assert_eq!(
            ids_where(fx, &mut c, none).one_or_none().unwrap(),
            None,
            "{ctx}"
        );
        assert!(
            matches!(
                ids_where(fx, &mut c, two).one_or_none(),
                Err(Error::MultipleRows)
            ),
            "{ctx}"
        );
        let row = ids_where(fx, &mut c, just_cid)
            .one_or_none()
            .unwrap()
            .unwrap();
        assert_eq!(row.get::<i64, _>(0).unwrap(), 3, "{ctx}");

        assert_eq!(ids_where(fx, &mut c, none).first().unwrap(), None, "{ctx}");
        let row = ids_where(fx, &mut c, two).first().unwrap().unwrap();
        assert_eq!(
            row.get::<String, _>(1).unwrap(),
            "ann",
            "{ctx}: the first row"
        );

        assert_eq!(
            ids_where(fx, &mut c, none).scalar::<i64>().unwrap(),
            None,
            "{ctx}"
        );
        assert_eq!(
            ids_where(fx, &mut c, two).scalar::<i64>().unwrap(),
            Some(1),
            "{ctx}"
        );
        assert!(
            matches!(
                ids_where(fx, &mut c, none).scalar_one::<i64>(),
                Err(Error::NoRows)
            ),
            "{ctx}"
        );
        assert!(
            matches!(
                ids_where(fx, &mut c, two).scalar_one::<i64>(),
                Err(Error::MultipleRows)
            ),
            "{ctx}"
        );
        assert_eq!(
            ids_where(fx, &mut c, just_cid).scalar_one::<i64>().unwrap(),
            3,
            "{ctx}"
        );

        // A NULL scalar: Some(None) as an Option, a decode error as a plain type.
        let u = &fx.s.users;
        let null_score = || select(u.c("score")).from(u).filter(u.c("id").eq(2));
        let got: Option<Option<i64>> = fx.exec(&mut c, "null", &null_score()).scalar().unwrap();
        assert_eq!(got, Some(None), "{ctx}");
        assert!(
            matches!(
                fx.exec(&mut c, "null", &null_score()).scalar::<i64>(),
                Err(Error::Decode { .. })
            ),
            "{ctx}"
        );
        // An aggregate always has one row, even over nothing.
        let max: Option<i64> = fx
            .exec(
                &mut c,
                "max of nothing",
                &select(func::max(u.c("score"))).from(u).filter(none(u)),
            )
            .scalar_one()
            .unwrap();
        assert_eq!(max, None, "{ctx}");
    }
}

#[test]
fn scalars_mappings_fetch_iteration_and_columns() {
    let w = World::new();
    let got = w.each(|fx| {
        let u = &fx.s.users;
        let mut c = fx.conn();
        let q = || {
            select((u.c("id"), u.c("name"), u.c("score").label("points")))
                .from(u)
                .filter(u.c("country").eq("FR"))
                .order_by(u.c("id"))
        };
        let scalars: Vec<i64> = fx.exec(&mut c, "scalars", &q()).scalars().unwrap();
        let names: Vec<String> = fx
            .exec(
                &mut c,
                "scalars of text",
                &select(u.c("name")).from(u).order_by(u.c("id")),
            )
            .scalars()
            .unwrap();
        let res = fx.exec(&mut c, "mappings", &q());
        let columns = res.columns().to_vec();
        let rowcount = res.rowcount();
        let mappings = res.mappings().unwrap();
        let fetched: Vec<(i64, String, Option<i64>)> =
            fx.exec(&mut c, "fetch", &q()).fetch().unwrap();
        let iterated: Vec<String> = fx
            .exec(&mut c, "iterate", &q())
            .map(|row| row.get::<String, _>("name").unwrap())
            .collect();
        let row = fx
            .exec(&mut c, "row mapping", &q())
            .first()
            .unwrap()
            .unwrap();
        let mapping: Vec<(String, Value)> = row
            .mapping()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        let empty = fx
            .exec(&mut c, "empty", &q().filter(u.c("id").gt(100)))
            .all()
            .unwrap();
        let dml = fx.exec(
            &mut c,
            "update",
            &update(u).set("score", 1).filter(u.c("id").eq(3)),
        );
        let dml_shape = (dml.columns().len(), dml.rowcount());
        (
            scalars, names, columns, rowcount, mappings, fetched, iterated, mapping, empty,
            dml_shape,
        )
    });
    for (fx, got) in w.fxs.iter().zip(got) {
        let ctx = fx.name();
        let (scalars, names, columns, rowcount, mappings, fetched, iterated, mapping, empty, dml) =
            got;
        assert_eq!(scalars, [3, 4], "{ctx}");
        assert_eq!(names, ["ann", "bob", "cid", "dee", "Eve"], "{ctx}");
        assert_eq!(
            columns,
            ["id", "name", "points"],
            "{ctx}: column names and labels"
        );
        assert_eq!(rowcount, 0, "{ctx}: a query affects no rows");
        assert_eq!(
            mappings,
            vec![
                vec![
                    ("id".to_owned(), Value::Int(3)),
                    ("name".to_owned(), Value::from("cid")),
                    ("points".to_owned(), Value::Int(30)),
                ],
                vec![
                    ("id".to_owned(), Value::Int(4)),
                    ("name".to_owned(), Value::from("dee")),
                    ("points".to_owned(), Value::Int(20)),
                ],
            ],
            "{ctx}: mappings"
        );
        assert_eq!(
            fetched,
            [
                (3, "cid".to_owned(), Some(30)),
                (4, "dee".to_owned(), Some(20))
            ],
            "{ctx}"
        );
        assert_eq!(iterated, ["cid", "dee"], "{ctx}");
        assert_eq!(mapping, mappings[0], "{ctx}: Row::mapping");
        assert!(empty.is_empty(), "{ctx}");
        assert_eq!(dml, (0, 1), "{ctx}: an UPDATE has no columns and one row");
    }
}

#[test]
fn rowcount_of_update_and_delete() {
    let w = World::new();
    let got = w.each(|fx| {
        let o = &fx.s.orders;
        let mut c = fx.conn();
        let counts = [
            fx.exec(
                &mut c,
                "u1",
                &update(o).set("qty", 9).filter(o.c("status").eq("paid")),
            )
            .rowcount(),
            fx.exec(
                &mut c,
                "u0",
                &update(o).set("qty", 9).filter(o.c("status").eq("gone")),
            )
            .rowcount(),
            fx.exec(&mut c, "d1", &delete(o).filter(o.c("qty").eq(9)))
                .rowcount(),
            fx.exec(&mut c, "d0", &delete(o).filter(o.c("qty").eq(9)))
                .rowcount(),
            fx.exec(&mut c, "dall", &delete(o)).rowcount(),
        ];
        c.rollback().unwrap();
        counts
    });
    assert_each("rowcounts", &got, &[[3, 0, 3, 0, 3]; 3]);
    // Rolled back: everything is still there.
    w.check("orders after the rollback", "i", &["6"], |s| {
        select(func::count_star()).from(&s.orders)
    });
}

#[test]
fn autobegin_commit_rollback_and_savepoints() {
    let w = World::new();
    let got = w.each(|fx| {
        let a = &fx.s.addresses;
        let add = |city: &str| insert(a).value("user_id", 2).value("city", city.to_owned());
        let mut c = fx.conn();
        assert!(!c.in_transaction());
        fx.exec(&mut c, "dropped", &add("Dropped"));
        assert!(c.in_transaction(), "{}: autobegin", fx.name());
        drop(c); // returned without commit: rolled back

        let mut c = fx.conn();
        fx.exec(&mut c, "rolled back", &add("RolledBack"));
        c.rollback().unwrap();
        fx.exec(&mut c, "kept", &add("Kept"));
        // A savepoint whose closure fails is undone; the outer work stays.
        let r: Result<(), Error> = c.nested(|c| {
            c.execute(&add("InnerFailed"))?;
            Err(Error::invalid("give up"))
        });
        assert!(r.is_err());
        c.nested(|c| c.execute(&add("InnerKept")).map(|_| ()))
            .unwrap();
        {
            let mut sp = c.begin_nested().unwrap();
            sp.execute(&add("SavepointRolledBack")).unwrap();
            sp.rollback().unwrap();
        }
        {
            let mut sp = c.begin_nested().unwrap();
            sp.execute(&add("SavepointReleased")).unwrap();
            sp.commit().unwrap();
        }
        // A statement error inside a savepoint leaves the transaction usable,
        // PostgreSQL included.
        let dup = c.nested(|c| {
            c.execute(&insert(a).value("id", 1).value("city", "Duplicate"))
                .map(|_| ())
        });
        assert!(dup.is_err(), "{}: duplicate primary key", fx.name());
        assert!(matches!(c.begin(), Err(Error::InvalidStatement(_))));
        c.commit().unwrap();
        assert!(!c.in_transaction());
        drop(c); // the in-memory SQLite has one connection

        // Engine::begin: committed on Ok, rolled back on Err.
        fx.engine
            .begin(|c| c.execute(&add("EngineBegin")).map(|_| ()))
            .unwrap();
        let r: Result<(), Error> = fx.engine.begin(|c| {
            c.execute(&add("EngineFailed"))?;
            Err(Error::invalid("no"))
        });
        assert!(r.is_err());
        fx.rows(
            "cities",
            "t",
            &select(a.c("city"))
                .from(a)
                .filter(a.c("user_id").eq(2))
                .order_by(a.c("id")),
        )
    });
    for (fx, cities) in w.fxs.iter().zip(got) {
        assert_eq!(
            cities,
            ["Kept", "InnerKept", "SavepointReleased", "EngineBegin"],
            "{}",
            fx.name()
        );
    }
}

#[test]
fn errors_from_the_database_are_typed() {
    let w = World::new();
    for fx in &w.fxs {
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let mut c = fx.conn();
        let dup = c
            .nested(|c| {
                c.execute(&insert(u).value("name", "x").value("email", "ann@x.io"))
                    .map(|_| ())
            })
            .unwrap_err();
        assert_eq!(
            dup.db_kind(),
            Some(sqlcraft::engine::ErrorKind::Integrity),
            "{}: unique violation: {dup}",
            fx.name()
        );
        let fk = c
            .nested(|c| {
                c.execute(&insert(o).value("user_id", 99).value("qty", 1))
                    .map(|_| ())
            })
            .unwrap_err();
        assert_eq!(
            fk.db_kind(),
            Some(sqlcraft::engine::ErrorKind::Integrity),
            "{}: foreign key violation: {fk}",
            fx.name()
        );
        let not_null = c
            .nested(|c| c.execute(&insert(u).value("email", "n@q.io")).map(|_| ()))
            .unwrap_err();
        assert_eq!(
            not_null.db_kind(),
            Some(sqlcraft::engine::ErrorKind::Integrity),
            "{}: NOT NULL violation: {not_null}",
            fx.name()
        );
        let missing = c
            .nested(|c| {
                c.execute(&select(lit(1)).from(table("ec_no_such_table")))
                    .map(|_| ())
            })
            .unwrap_err();
        assert_eq!(
            missing.db_kind(),
            Some(sqlcraft::engine::ErrorKind::Programming),
            "{}: unknown table: {missing}",
            fx.name()
        );
        match &missing {
            Error::Database(e) => assert!(
                e.sql
                    .as_deref()
                    .is_some_and(|s| s.contains("ec_no_such_table")),
                "{}: the SQL is attached",
                fx.name()
            ),
            other => panic!("{other:?}"),
        }
        // Still usable after the failed savepoints.
        let n: i64 = c
            .execute(&select(func::count_star()).from(u))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(n, 5, "{}", fx.name());
        // A compile-time error never reaches the server.
        let err = c.execute(&select(u.c("nope")).from(u)).unwrap_err();
        assert!(
            matches!(err, Error::UnknownColumn { ref column, .. } if column == "nope"),
            "{}: {err:?}",
            fx.name()
        );
        if fx.backend == Backend::Postgres {
            // Outside a savepoint a failed statement aborts the whole transaction
            // on PostgreSQL (25P02) until it is rolled back; SQLite and MariaDB
            // carry on.
            let _ = c.execute(&insert(u).value("name", "x").value("email", "ann@x.io"));
            assert!(c.execute(&select(lit(1))).is_err());
            c.rollback().unwrap();
            assert!(c.execute(&select(lit(1))).is_ok());
        }
    }
}

#[test]
fn exec_driver_sql_with_positional_values() {
    let w = World::new();
    let got = w.each(|fx| {
        // The driver's own placeholder style: `$n` on PostgreSQL, `?` elsewhere.
        let ph = |n: usize| match fx.backend {
            Backend::Postgres => format!("${n}"),
            Backend::Sqlite | Backend::MariaDb => "?".to_owned(),
        };
        let sql = format!(
            "SELECT name FROM {} WHERE id = {} OR country = {} ORDER BY id",
            fx.s.users.name(),
            ph(1),
            ph(2)
        );
        let mut conn = fx.conn();
        let res = conn
            .exec_driver_sql(&sql, &[v(3), v("DE")])
            .unwrap_or_else(|e| panic!("{}: {e}", fx.name()));
        normalise("exec_driver_sql", fx.backend, "t", res)
    });
    assert_each(
        "exec_driver_sql",
        &got,
        &std::array::from_fn::<_, 3, _>(|_| vec!["cid".to_owned(), "Eve".to_owned()]),
    );
}

/// Unnamed select-list expressions get SQLAlchemy's labels (`count_1`,
/// `anon_1`, …), so a row reads them by the same name on every engine, where
/// the engines' own names differ (`count(*)` on SQLite and MariaDB, `count` on
/// PostgreSQL). Through a derived table too, whose outer query names them.
#[test]
fn unnamed_columns_have_the_same_names_on_every_engine() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let u = &fx.s.users;
        let mut c = fx.conn();
        let q = select((
            u.c("country"),
            func::count_star(),
            func::max(u.c("id")),
            func::min(u.c("id")).label("max_1"),
            u.c("country").concat("!"),
        ))
        .from(u)
        .group_by(u.c("country"))
        .order_by(u.c("country"));
        let res = fx.exec(&mut c, "unnamed", &q);
        assert_eq!(
            res.columns(),
            ["country", "count_1", "max_2", "max_1", "anon_1"],
            "{ctx}"
        );
        let rows = res.all().unwrap();
        let de = &rows[0];
        assert_eq!(de.get::<String, _>("country").unwrap(), "DE", "{ctx}");
        assert_eq!(de.get::<i64, _>("count_1").unwrap(), 1, "{ctx}");
        assert_eq!(de.get::<i64, _>("max_2").unwrap(), 5, "{ctx}");
        assert_eq!(de.get::<i64, _>("max_1").unwrap(), 5, "{ctx}");
        assert_eq!(de.get::<String, _>("anon_1").unwrap(), "DE!", "{ctx}");

        // The derived table's unnamed column, named by its label outside.
        let inner = select((u.c("country"), func::count_star()))
            .from(u)
            .group_by(u.c("country"))
            .subquery("per_country");
        let outer = select(func::max(inner.c("count_1"))).from(&inner);
        let res = fx.exec(&mut c, "derived", &outer);
        assert_eq!(res.columns(), ["max_1"], "{ctx}");
        assert_eq!(res.scalar_one::<i64>().unwrap(), 2, "{ctx}");
    }
}

/// Columns of one name in one select list (`users.id`, `orders.id`) are told
/// apart as SQLAlchemy tells them apart: the later one is labelled `id_1`; a
/// CAST of a column is named after it. A row reads them by name on every engine, and a derived table of them, which
/// MariaDB refused before (error 1060, duplicate column name), works on all
/// three: in FROM, and under a row-value IN whose LIMIT MySQL takes only
/// through a derived table.
#[test]
fn columns_of_one_name_are_told_apart_on_every_engine() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let mut c = fx.conn();
        let joined = || u.join(o, o.c("user_id").eq(u.c("id")));
        let q = select((
            u.c("id"),
            o.c("id"),
            u.c("name"),
            o.c("qty").cast(SqlType::BigInteger),
        ))
        .from(joined())
        .filter(u.c("id").eq(3))
        .order_by(o.c("id"));
        let res = fx.exec(&mut c, "top level", &q);
        assert_eq!(res.columns(), ["id", "id_1", "name", "qty"], "{ctx}");
        let rows = res.all().unwrap();
        let got: Vec<(i64, i64, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r.get("id").unwrap(),
                    r.get("id_1").unwrap(),
                    r.get("qty").unwrap(),
                )
            })
            .collect();
        assert_eq!(got, [(3, 4, 1), (3, 5, 5)], "{ctx}");

        let pairs = select((u.c("id"), o.c("id")))
            .from(joined())
            .subquery("pairs");
        let outer = select((pairs.c("id"), pairs.c("id_1")))
            .from(&pairs)
            .filter(pairs.c("id_1").gt(3))
            .order_by(pairs.c("id_1"));
        let res = fx.exec(&mut c, "derived", &outer);
        assert_eq!(res.columns(), ["id", "id_1"], "{ctx}");
        let got: Vec<(i64, i64)> = res
            .all()
            .unwrap()
            .iter()
            .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
            .collect();
        assert_eq!(got, [(3, 4), (3, 5), (4, 6)], "{ctx}");

        let first_two = select((u.c("id"), o.c("id")))
            .from(joined())
            .order_by(o.c("id"))
            .limit(2);
        let q = select(o.c("qty"))
            .from(o)
            .filter(tuple_((o.c("user_id"), o.c("id"))).in_(first_two))
            .order_by(o.c("id"));
        let res = fx.exec(&mut c, "row-value IN", &q);
        let qty: Vec<i64> = res.scalars().unwrap();
        assert_eq!(qty, [1, 2], "{ctx}");
    }
}

#[test]
fn scalar_one_or_none_fetchmany_and_partitions() {
    let w = World::new();
    for fx in &w.fxs {
        let u = &fx.s.users;
        let mut c = fx.conn();
        let name_of = |id: i64| select(u.c("name")).from(u).filter(u.c("id").eq(id));
        let ann: Option<String> = c
            .execute(&name_of(1))
            .unwrap()
            .scalar_one_or_none()
            .unwrap();
        assert_eq!(ann.as_deref(), Some("ann"), "{}", fx.name());
        let nobody: Option<String> = c
            .execute(&name_of(99))
            .unwrap()
            .scalar_one_or_none()
            .unwrap();
        assert_eq!(nobody, None, "{}", fx.name());
        let all = select(u.c("id")).from(u).order_by(u.c("id"));
        assert_eq!(
            c.execute(&all).unwrap().scalar_one_or_none::<i64>(),
            Err(Error::MultipleRows),
            "{}",
            fx.name()
        );
        // A NULL in the one row is Some(None) for an Option.
        let email: Option<Option<String>> = c
            .execute(&select(u.c("email")).from(u).filter(u.c("id").eq(2)))
            .unwrap()
            .scalar_one_or_none()
            .unwrap();
        assert_eq!(email, Some(None), "{}", fx.name());

        let mut res = c.execute(&all).unwrap();
        let ids = |rows: Vec<sqlcraft::engine::Row>| -> Vec<i64> {
            rows.iter().map(|r| r.get(0).unwrap()).collect()
        };
        assert_eq!(ids(res.fetchmany(2)), [1, 2], "{}", fx.name());
        assert_eq!(ids(res.fetchmany(2)), [3, 4], "{}", fx.name());
        assert_eq!(res.next().map(|r| r.get::<i64, _>(0).unwrap()), Some(5));
        assert!(res.fetchmany(2).is_empty(), "{}", fx.name());
        let parts: Vec<Vec<i64>> = c.execute(&all).unwrap().partitions(2).map(ids).collect();
        assert_eq!(parts, [vec![1, 2], vec![3, 4], vec![5]], "{}", fx.name());
    }
}

/// The error a streaming callback stops with.
#[derive(Debug, PartialEq)]
enum Stop {
    Enough(i64),
    Sql(String),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Sql(e.to_string())
    }
}

#[test]
fn stream_hands_rows_over_one_at_a_time() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let (u, o) = (&fx.s.users, &fx.s.orders);
        let mut conn = fx.conn();
        let orders = select((o.c("id"), o.c("user_id"), o.c("status")))
            .from(o)
            .order_by(o.c("id"));
        // The same rows, columns and order as execute.
        let expected: Vec<Vec<Value>> = fx
            .exec(&mut conn, "orders", &orders)
            .all()
            .unwrap()
            .into_iter()
            .map(|r| r.into_values())
            .collect();
        let mut streamed = Vec::new();
        let n = conn
            .stream(&orders, |row| {
                assert_eq!(row.columns(), ["id", "user_id", "status"], "{ctx}");
                streamed.push(row.into_values());
                Ok::<_, Error>(())
            })
            .unwrap();
        assert_eq!((n, &streamed), (6, &expected), "{ctx}");

        // The callback's error stops the reading and comes back as it is.
        let mut seen = Vec::new();
        let stopped = conn.stream(&orders, |row| {
            let id: i64 = row.get("id")?;
            seen.push(id);
            if id == 2 {
                return Err(Stop::Enough(id));
            }
            Ok(())
        });
        assert_eq!(stopped, Err(Stop::Enough(2)), "{ctx}");
        assert_eq!(seen, [1, 2], "{ctx}");
        // The connection is in step: the same statement and another run, in
        // the same transaction.
        let again = conn.stream(&orders, |_| Ok::<_, Error>(())).unwrap();
        assert_eq!(again, 6, "{ctx}");
        let names: Vec<String> = fx
            .exec(
                &mut conn,
                "names",
                &select(u.c("name"))
                    .from(u)
                    .filter(u.c("id").le(2))
                    .order_by(u.c("id")),
            )
            .scalars()
            .unwrap();
        assert_eq!(names, ["ann", "bob"], "{ctx}");

        // Named parameters, and a statement without rows.
        let paid = select(o.c("id"))
            .from(o)
            .filter(o.c("status").eq(bindparam("status")))
            .order_by(o.c("id"));
        let mut ids = Vec::new();
        conn.stream_with(&paid, &[("status", Value::from("paid"))], |row| {
            ids.push(row.get::<i64, _>(0)?);
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(ids, [1, 2, 4], "{ctx}");
        let touched = update(o).filter(o.c("id").eq(-1)).set("qty", 0);
        assert_eq!(
            conn.stream(&touched, |_| Ok::<_, Error>(())).unwrap(),
            0,
            "{ctx}"
        );
        conn.rollback().unwrap();
    }
}

#[test]
fn stream_delivers_the_rows_read_before_a_late_error() {
    // Ten rows where the fifth fails to compute: a stream hands the first four
    // over before the error, where a collected result would give none.
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let sql = match fx.backend {
            Backend::Sqlite => {
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) \
                 SELECT x, json(CASE WHEN x < 5 THEN '1' ELSE '{' END) FROM c"
            }
            Backend::Postgres => "SELECT x, 1 / (5 - x) FROM generate_series(1, 10) AS x",
            Backend::MariaDb => {
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) \
                 SELECT x, (SELECT 1 FROM dual WHERE x < 5 UNION ALL SELECT 2 FROM dual WHERE x >= 5 \
                 UNION ALL SELECT 3 FROM dual WHERE x >= 5) FROM c"
            }
        };
        let mut conn = fx.conn();
        let mut xs = Vec::new();
        let err = conn
            .stream(&text(sql), |row| {
                xs.push(row.get::<i64, _>(0)?);
                Ok::<_, Error>(())
            })
            .unwrap_err();
        assert_eq!(xs, [1, 2, 3, 4], "{ctx}: {err}");
        assert!(
            matches!(&err, Error::Database(db) if db.sql.as_deref() == Some(sql)),
            "{ctx}: {err:?}"
        );
        conn.rollback().unwrap();
        let one: i64 = conn.execute(&select(lit(1))).unwrap().scalar_one().unwrap();
        assert_eq!(one, 1, "{ctx}");
    }
}
