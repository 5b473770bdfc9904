//! Regression tests for engine and compiler bugs this suite found (casts that
//! dropped lengths on MariaDB, untyped parameters on PostgreSQL and MariaDB), each
//! asserting the behaviour every engine now agrees on.
use crate::harness::*;
use crate::support::Backend;
use sqlcraft::engine::Row;
use sqlcraft::prelude::*;

/// MariaDB: `cast(SqlType::Text)` compiles to `CAST(x AS CHAR)`, which keeps the
/// operand's length (here the VARCHAR(20) of `nodes.name`). A recursive CTE's
/// column types come from its anchor, so a path cast to Text in the anchor cannot
/// grow past 20 characters: MariaDB fails with 1406 "Data too long for column
/// 'path'". (`SqlType::string(200)` renders the same bare `CHAR`: the length is
/// dropped, so there is no way to ask for a longer type.) SQLite and PostgreSQL
/// return the full paths.
#[test]
fn text_cast_in_a_recursive_anchor_is_unbounded() {
    let w = World::new();
    w.check(
        "paths longer than the anchor column",
        "it",
        &[
            "1|root",
            "2|root/a_xxxxxxxxxx",
            "3|root/b_xxxxxxxxxx",
            "4|root/a_xxxxxxxxxx/a1_xxxxxxxxxx",
            "5|root/a_xxxxxxxxxx/a1_xxxxxxxxxx/a1x_xxxxxxxxxx",
        ],
        |s| {
            let n = &s.nodes;
            let tree = Cte::recursive("tree", ["id", "path"], |tree| {
                select((n.c("id"), n.c("name").cast(SqlType::Text)))
                    .from(n)
                    .filter(n.c("parent_id").is_null())
                    .union_all(
                        select((
                            n.c("id"),
                            tree.c("path")
                                .concat("/")
                                .concat(n.c("name"))
                                .concat("_xxxxxxxxxx"),
                        ))
                        .from(n.join(tree, n.c("parent_id").eq(tree.c("id")))),
                    )
            });
            select((tree.c("id"), tree.c("path")))
                .from(&tree)
                .order_by(tree.c("id"))
        },
    );
}

/// MariaDB: a cast to `SqlType::string(n)` compiles to a bare `CAST(x AS CHAR)`,
/// dropping the length, so the value is not cut to `n` characters as on
/// PostgreSQL (`CAST(x AS VARCHAR(3))`). SQLite ignores lengths by design.
#[test]
fn string_cast_keeps_its_length() {
    let w = World::new();
    w.check_by(
        "cast to VARCHAR(3)",
        "t",
        |_| select(lit("12345").cast(SqlType::string(3)).label("x")),
        |b| match b {
            Backend::Sqlite => vec!["12345"],
            Backend::Postgres | Backend::MariaDb => vec!["123"],
        },
    );
}

/// MariaDB: a `Value::Bytes` whose type no column decides (alone in a select
/// list, in `coalesce`) is sent as a string in the connection's utf8mb4, so it
/// comes back as `Value::Text`, and bytes that are not UTF-8 make the whole query
/// fail ("the server sent text that is not UTF-8"). PostgreSQL casts such a value
/// to BYTEA; MariaDB needs `CAST(? AS BINARY)` (or a binary parameter type).
#[test]
fn bytes_alone_in_a_select_list_stay_bytes() {
    let w = World::new();
    let got = w.each(|fx| {
        fx.conn()
            .execute(&select((
                lit(vec![0u8, 9]).label("ascii"),
                lit(vec![0xffu8, 0xfe, 0]).label("binary"),
            )))
            .map(|r| r.one().map(Row::into_values))
            .and_then(|r| r)
            .map_err(|e| e.to_string())
    });
    let want: Result<Vec<Value>, String> = Ok(vec![
        Value::Bytes(vec![0, 9]),
        Value::Bytes(vec![0xff, 0xfe, 0]),
    ]);
    assert_each(
        "bytes in the select list",
        &got,
        &[want.clone(), want.clone(), want],
    );
}

/// PostgreSQL: a value whose type nothing around it decides is sent untyped; the
/// dialect casts one that stands alone in a select list or a CASE result
/// (`untyped_value_cast`), but not one under an operator or inside a function
/// call. So `lit(1) + lit(2)`, `-lit(2)` and `sum(lit(2))` fail with 42725
/// ("operator is not unique: unknown + unknown"), `coalesce(lit(1), lit(2))`
/// and `max(lit(3))` come back as *text* ("1", "3"), and `abs(lit(-3))` as a
/// float. SQLite and MariaDB return integers.
#[test]
fn untyped_values_under_operators_and_functions_keep_their_kind() {
    let w = World::new();
    let got = w.each(|fx| {
        let mut conn = fx.conn();
        let mut out = Vec::new();
        for (label, q) in [
            ("1 + 2", select(lit(1) + lit(2))),
            ("-2", select(-lit(2))),
            ("sum(2)", select(func::sum(lit(2)))),
            ("coalesce(1, 2)", select(func::coalesce([lit(1), lit(2)]))),
            ("max(3)", select(func::max(lit(3)))),
            ("abs(-3)", select(func::abs(lit(-3)))),
        ] {
            let r = conn
                .nested(|c| c.execute(&q)?.scalar_one::<Value>())
                .map_err(|e| e.to_string().lines().next().unwrap_or("").to_owned());
            out.push((label, r));
        }
        out
    });
    // sum() of an integer is exact but not an integer on MariaDB (DECIMAL):
    // compare it as a number.
    let mut wrong = Vec::new();
    for (fx, results) in w.fxs.iter().zip(got) {
        for (label, r) in results {
            let want = match label {
                "1 + 2" | "max(3)" | "abs(-3)" => "3",
                "-2" => "-2",
                "sum(2)" => "2",
                _ => "1",
            };
            let kind = if label == "sum(2)" { 'n' } else { 'i' };
            let got = r.and_then(|value| cell(kind, &value));
            if got.as_deref() != Ok(want) {
                wrong.push(format!("{} {label}: want {want}, got {got:?}", fx.name()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
