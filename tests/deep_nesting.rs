//! Statements nested ten thousand levels deep.
//!
//! Each tree is built, compiled for the three dialects, cloned and dropped on the
//! ordinary libtest thread (2 MiB of stack unless `RUST_MIN_STACK` says
//! otherwise): no test here spawns a bigger thread, since that would hide exactly
//! the overflow these tests look for. A stack overflow aborts the whole test
//! binary, so a failure shows up as `SIGABRT`/`stack overflow`, not as a failed
//! assertion.
//!
//! `SQLCRAFT_NESTING_DEPTH=n` changes the depth (default 10,000), to bisect where
//! a case starts failing.

use rusqlite::types::Value as SqliteValue;
use rusqlite::Connection;
use sqlcraft::dialect::Dialect;
use sqlcraft::expr::UnaryOp;
use sqlcraft::prelude::*;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

fn depth() -> usize {
    std::env::var("SQLCRAFT_NESTING_DEPTH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

const DIALECTS: [(&str, &dyn Dialect); 3] = [
    ("sqlite", &Sqlite),
    ("postgresql", &Postgres),
    ("mariadb", &MySql::mariadb()),
];

/// The dialect's quoted `"t"."x"`.
fn col(d: &dyn Dialect, table: &str, column: &str) -> String {
    let mut s = String::new();
    d.write_identifier(table, &mut s);
    s.push('.');
    d.write_identifier(column, &mut s);
    s
}

/// The dialect's placeholder for the parameter at `index`.
fn ph(d: &dyn Dialect, index: usize) -> String {
    let mut s = String::new();
    d.write_placeholder(index, &mut s);
    s
}

/// Compiles for every dialect, failing the test (not aborting it) on an error,
/// `Error::TooDeep` included: a 10,000-deep statement is well under the limit.
fn compile_all(stmt: &impl Compile) -> Vec<(&'static dyn Dialect, Compiled)> {
    DIALECTS
        .iter()
        .map(|&(name, d)| match stmt.compile(d) {
            Ok(c) => (d, c),
            Err(e) => panic!("{name}: {e}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The trees
// ---------------------------------------------------------------------------

/// (a) `x <> 0 AND x <> 1 AND …` built with repeated `.and()`, which flattens.
fn and_chain(n: usize) -> Expr {
    let t = table("t");
    let mut cond = t.c("x").ne(0);
    for i in 1..n as i64 {
        cond = cond.and(t.c("x").ne(i));
    }
    cond
}

/// (b) `x + 1 + 1 + …`: `e = e + 1`, nested on the left.
fn left_binary_chain(n: usize) -> Expr {
    let mut e = table("t").c("x");
    for _ in 0..n {
        e = e + 1;
    }
    e
}

/// (b) `1 + (1 + (… + x))`: `e = 1 + e`, nested on the right (parenthesised).
fn right_binary_chain(n: usize) -> Expr {
    let mut e = table("t").c("x");
    for _ in 0..n {
        e = lit(1) + e;
    }
    e
}

/// (c) `SELECT x FROM t WHERE y IN (SELECT x FROM t WHERE y IN (… WHERE y = 0))`.
fn in_subquery_chain(n: usize) -> Select {
    let t = table("t");
    let mut q = select(t.c("x")).from(&t).filter(t.c("y").eq(0));
    for _ in 1..n {
        q = select(t.c("x")).from(&t).filter(t.c("y").in_(q));
    }
    q
}

/// (c) `SELECT (SELECT (SELECT … (SELECT x FROM t)))`: nested scalar subqueries.
fn scalar_subquery_chain(n: usize) -> Select {
    let t = table("t");
    let mut q = select(t.c("x")).from(&t);
    for _ in 1..n {
        q = select(q.scalar_subquery());
    }
    q
}

/// (c) `SELECT s9999.x FROM (SELECT s9998.x FROM (… (SELECT t.x FROM t) AS s0 …))`:
/// nested derived tables.
fn derived_table_chain(n: usize) -> Select {
    let t = table("t");
    let mut sub = select(t.c("x")).from(&t).subquery("s0");
    for i in 1..n {
        sub = select(sub.c("x")).from(&sub).subquery(&format!("s{i}"));
    }
    select(sub.c("x")).from(&sub)
}

/// (d) `NOT (NOT (… NOT (b = TRUE)))`. The `not_` builder cancels a double
/// negation, so the chain is built from the public `Expr::Unary` variant.
fn not_chain(n: usize) -> Expr {
    let mut e = table("t").c("b").eq(true);
    for _ in 0..n {
        e = Expr::Unary(UnaryOp::Not, Box::new(e));
    }
    e
}

/// (d) `-(-(-… x))`: arithmetic negation.
fn neg_chain(n: usize) -> Expr {
    let mut e = table("t").c("x");
    for _ in 0..n {
        e = -e;
    }
    e
}

/// (d) `CASE WHEN x = n THEN CASE WHEN x = n-1 THEN … END ELSE n END`.
fn case_chain(n: usize) -> Expr {
    let t = table("t");
    let mut e = t.c("x");
    for i in 1..=n as i64 {
        e = case().when(t.c("x").eq(i), e).else_(i).end();
    }
    e
}

// ---------------------------------------------------------------------------
// (a) AND chains
// ---------------------------------------------------------------------------

#[test]
fn and_chain_is_flat_and_compiles() {
    let n = depth();
    let cond = and_chain(n);
    assert!(matches!(&cond, Expr::And(items) if items.len() == n));
    let t = table("t");
    let q = select(t.c("x")).from(&t).filter(cond);
    for (d, c) in compile_all(&q) {
        let x = col(d, "t", "x");
        assert_eq!(c.params.len(), n, "{}", d.name());
        assert_eq!(c.sql.matches(" AND ").count(), n - 1, "{}", d.name());
        let start = format!("SELECT {x} FROM ");
        assert!(c.sql.starts_with(&start), "{}", d.name());
        // Long lists are grouped in parenthesised runs of at most 64 terms, so
        // that engines which nest `a AND b AND …` one level per term (SQLite stops
        // at 1000) see a shallow tree; the last term still closes the statement.
        let end = format!(" AND {x} <> {})", ph(d, n));
        assert!(c.sql.ends_with(&end), "{}: …{}", d.name(), tail(&c.sql));
        let mut depth = 0i32;
        let mut deepest = 0;
        for ch in c.sql.chars() {
            depth += match ch {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            deepest = deepest.max(depth);
        }
        assert!(deepest <= 3, "{}: groups nest {deepest} deep", d.name());
    }
    // `and_()` over an iterator flattens the same way.
    let flat = and_((0..n as i64).map(|i| t.c("x").ne(i)));
    assert!(matches!(&flat, Expr::And(items) if items.len() == n));
}

#[test]
fn and_chain_clone() {
    let cond = and_chain(depth());
    let copy = cond.clone();
    assert!(matches!(&copy, Expr::And(items) if items.len() == depth()));
}

#[test]
fn and_chain_drop() {
    drop(and_chain(depth()));
}

/// A 1,000-term AND chain, executed: SQLite must accept it and return the one row
/// that differs from every excluded value.
///
/// SQLite parses `a AND b AND …` into a left-deep tree and refuses trees deeper
/// than SQLITE_MAX_EXPR_DEPTH (1000); the compiler's grouping keeps it shallow.
#[test]
fn and_chain_of_1000_runs_on_sqlite() -> Result<(), Box<dyn std::error::Error>> {
    and_chain_on_sqlite(1000)
}

/// Ten thousand terms, executed.
#[test]
fn and_chain_of_10000_runs_on_sqlite() -> Result<(), Box<dyn std::error::Error>> {
    and_chain_on_sqlite(10_000)
}

/// The longest AND chain SQLite accepts, executed.
#[test]
fn and_chain_of_998_runs_on_sqlite() -> Result<(), Box<dyn std::error::Error>> {
    and_chain_on_sqlite(998)
}

/// Builds `nums` with rows 0..=terms, then selects with a `terms`-long AND chain
/// of `n <> i` that excludes every row but one.
fn and_chain_on_sqlite(terms: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut meta = MetaData::new();
    let nums = meta.table("nums", |t| {
        t.column("n", SqlType::Integer).primary_key();
        t.column("label", SqlType::string(20));
    })?;
    let conn = Connection::open_in_memory()?;
    for ddl in meta.create_statements(false)? {
        conn.execute(&ddl.compile(&Sqlite)?.sql, [])?;
    }
    let last = terms as i64;
    let keep = last * 3 / 5 + 1;
    let fill = insert(&nums)
        .columns(["n", "label"])
        .rows((0..=last).map(|i| (i, format!("row {i}"))));
    run(&conn, &fill)?;

    let mut cond = nums.c("n").ne(0);
    for i in (1..=last).filter(|&i| i != keep) {
        cond = cond.and(nums.c("n").ne(i));
    }
    assert!(matches!(&cond, Expr::And(items) if items.len() == terms));
    let q = select((nums.c("n"), nums.c("label")))
        .from(&nums)
        .filter(cond);
    let rows = run(&conn, &q)?;
    assert_eq!(
        rows,
        vec![vec![
            SqliteValue::Integer(keep),
            SqliteValue::Text(format!("row {keep}"))
        ]]
    );
    Ok(())
}

/// Runs a statement on SQLite, returning its rows (none for a statement without
/// result columns).
fn run(
    conn: &Connection,
    stmt: &impl Compile,
) -> Result<Vec<Vec<SqliteValue>>, Box<dyn std::error::Error>> {
    let c = stmt.compile(&Sqlite)?;
    let params: Vec<SqliteValue> = c
        .values()?
        .into_iter()
        .map(|v| match v {
            Value::Null => SqliteValue::Null,
            Value::Bool(b) => SqliteValue::Integer(i64::from(b)),
            Value::Int(i) => SqliteValue::Integer(i),
            Value::Float(f) => SqliteValue::Real(f),
            Value::Text(s) => SqliteValue::Text(s),
            Value::Bytes(b) => SqliteValue::Blob(b),
            other => panic!("unexpected value {other:?}"),
        })
        .collect();
    let mut stmt = conn.prepare(&c.sql)?;
    let width = stmt.column_count();
    if width == 0 {
        stmt.execute(rusqlite::params_from_iter(params))?;
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        out.push(
            (0..width)
                .map(|i| row.get::<_, SqliteValue>(i))
                .collect::<Result<_, _>>()?,
        );
    }
    Ok(out)
}

/// `sql` without the ` AS anon_1` that names an unnamed top-level column.
fn unlabelled<'a>(d: &dyn Dialect, sql: &'a str) -> &'a str {
    let mut label = String::from(" AS ");
    d.write_identifier("anon_1", &mut label);
    sql.strip_suffix(label.as_str())
        .unwrap_or_else(|| panic!("{}: no {label}: …{}", d.name(), tail(sql)))
}

/// `sql` without the ` FROM t` that a select list of `t`'s columns implies
/// when the statement names no FROM item.
fn without_implied_from<'a>(d: &dyn Dialect, sql: &'a str) -> &'a str {
    let mut from = String::from(" FROM ");
    d.write_identifier("t", &mut from);
    sql.strip_suffix(from.as_str())
        .unwrap_or_else(|| panic!("{}: no {from}: …{}", d.name(), tail(sql)))
}

fn tail(s: &str) -> &str {
    let mut i = s.len().saturating_sub(80);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

// ---------------------------------------------------------------------------
// (b) Binary operator chains
// ---------------------------------------------------------------------------

#[test]
fn left_nested_binary_chain_compiles() {
    let n = depth();
    let t = table("t");
    let q = select(left_binary_chain(n).label("v")).from(&t);
    for (d, c) in compile_all(&q) {
        let x = col(d, "t", "x");
        assert_eq!(c.params.len(), n, "{}", d.name());
        assert_eq!(c.sql.matches(" + ").count(), n, "{}", d.name());
        // Left-nested additions need no parentheses at all.
        assert!(!c.sql.contains('('), "{}", d.name());
        let start = format!("SELECT {x} + {} + ", ph(d, 1));
        assert!(c.sql.starts_with(&start), "{}", d.name());
        let (mut v, mut from) = (String::new(), String::new());
        d.write_identifier("v", &mut v);
        d.write_identifier("t", &mut from);
        let end = format!(" + {} AS {v} FROM {from}", ph(d, n));
        assert!(c.sql.ends_with(&end), "{}: …{}", d.name(), tail(&c.sql));
    }
}

#[test]
fn right_nested_binary_chain_compiles() {
    let n = depth();
    let q = select(right_binary_chain(n));
    for (d, c) in compile_all(&q) {
        let x = col(d, "t", "x");
        assert_eq!(c.params.len(), n, "{}", d.name());
        assert_eq!(c.sql.matches(" + ").count(), n, "{}", d.name());
        // Each right operand but the innermost is grouped.
        assert_eq!(c.sql.matches('(').count(), n - 1, "{}", d.name());
        let start = format!("SELECT {} + ({} + (", ph(d, 1), ph(d, 2));
        assert!(c.sql.starts_with(&start), "{}", d.name());
        let end = format!("{} + {x}{}", ph(d, n), ")".repeat(n - 1));
        let sql = unlabelled(d, without_implied_from(d, &c.sql));
        assert!(sql.ends_with(&end), "{}: …{}", d.name(), tail(sql));
    }
}

#[test]
fn left_nested_binary_chain_clone() {
    let e = left_binary_chain(depth());
    let copy = e.clone();
    assert!(matches!(copy, Expr::Binary(_)));
}

#[test]
fn right_nested_binary_chain_clone() {
    let e = right_binary_chain(depth());
    let copy = e.clone();
    assert!(matches!(copy, Expr::Binary(_)));
}

#[test]
fn left_nested_binary_chain_drop() {
    drop(left_binary_chain(depth()));
}

#[test]
fn right_nested_binary_chain_drop() {
    drop(right_binary_chain(depth()));
}

// ---------------------------------------------------------------------------
// (c) Nested subqueries
// ---------------------------------------------------------------------------

#[test]
fn nested_in_subqueries_compile() {
    let n = depth();
    let q = in_subquery_chain(n);
    for (d, c) in compile_all(&q) {
        let (x, y) = (col(d, "t", "x"), col(d, "t", "y"));
        assert_eq!(c.params.len(), 1, "{}", d.name());
        assert_eq!(c.sql.matches("SELECT ").count(), n, "{}", d.name());
        assert_eq!(c.sql.matches(" IN (SELECT ").count(), n - 1, "{}", d.name());
        let mut from = String::new();
        d.write_identifier("t", &mut from);
        let start = format!("SELECT {x} FROM {from} WHERE {y} IN (SELECT {x} FROM ");
        assert!(c.sql.starts_with(&start), "{}", d.name());
        let end = format!("WHERE {y} = {}{}", ph(d, 1), ")".repeat(n - 1));
        assert!(c.sql.ends_with(&end), "{}: …{}", d.name(), tail(&c.sql));
    }
}

#[test]
fn nested_in_subqueries_clone() {
    let q = in_subquery_chain(depth());
    let copy = q.clone();
    assert_eq!(copy.selected().len(), 1);
}

#[test]
fn nested_in_subqueries_drop() {
    drop(in_subquery_chain(depth()));
}

#[test]
fn nested_scalar_subqueries_compile() {
    let n = depth();
    let q = scalar_subquery_chain(n);
    for (d, c) in compile_all(&q) {
        let x = col(d, "t", "x");
        assert!(c.params.is_empty(), "{}", d.name());
        assert_eq!(c.sql.matches("SELECT ").count(), n, "{}", d.name());
        assert!(c.sql.starts_with("SELECT (SELECT (SELECT "), "{}", d.name());
        let mut from = String::new();
        d.write_identifier("t", &mut from);
        let end = format!("(SELECT {x} FROM {from}{}", ")".repeat(n - 1));
        let sql = unlabelled(d, &c.sql);
        assert!(sql.ends_with(&end), "{}: …{}", d.name(), tail(sql));
    }
}

#[test]
fn nested_scalar_subqueries_clone() {
    let q = scalar_subquery_chain(depth());
    let copy = q.clone();
    assert_eq!(copy.selected().len(), 1);
}

#[test]
fn nested_scalar_subqueries_drop() {
    drop(scalar_subquery_chain(depth()));
}

#[test]
fn nested_derived_tables_compile() {
    let n = depth();
    let q = derived_table_chain(n);
    for (d, c) in compile_all(&q) {
        assert!(c.params.is_empty(), "{}", d.name());
        assert_eq!(c.sql.matches("SELECT ").count(), n + 1, "{}", d.name());
        assert_eq!(c.sql.matches(") AS ").count(), n, "{}", d.name());
        let top = format!("s{}", n - 1);
        let start = format!("SELECT {} FROM (SELECT ", col(d, &top, "x"));
        assert!(c.sql.starts_with(&start), "{}", d.name());
        let mut alias = String::new();
        d.write_identifier(&top, &mut alias);
        assert!(c.sql.ends_with(&format!(") AS {alias}")), "{}", d.name());
    }
}

/// Derived tables hold their query in an `Arc`, so cloning is shallow; dropping
/// the last handle is not.
#[test]
fn nested_derived_tables_clone() {
    let q = derived_table_chain(depth());
    let copy = q.clone();
    drop(q);
    assert_eq!(copy.selected().len(), 1);
}

#[test]
fn nested_derived_tables_drop() {
    drop(derived_table_chain(depth()));
}

// ---------------------------------------------------------------------------
// (d) Negations and CASE
// ---------------------------------------------------------------------------

#[test]
fn not_builder_cancels_double_negation() {
    let t = table("t");
    let once = not_(t.c("b").eq(true));
    assert!(matches!(once, Expr::Unary(UnaryOp::Not, _)));
    assert_eq!(not_(once), t.c("b").eq(true));
}

#[test]
fn nested_not_compiles() {
    let n = depth();
    let t = table("t");
    let q = select(t.c("x")).from(&t).filter(not_chain(n));
    for (d, c) in compile_all(&q) {
        let b = col(d, "t", "b");
        assert_eq!(c.params.len(), 1, "{}", d.name());
        assert_eq!(c.sql.matches("NOT (").count(), n, "{}", d.name());
        let end = format!("NOT ({b} = {}{}", ph(d, 1), ")".repeat(n));
        assert!(c.sql.ends_with(&end), "{}: …{}", d.name(), tail(&c.sql));
    }
}

#[test]
fn nested_not_clone() {
    let e = not_chain(depth());
    let copy = e.clone();
    assert!(matches!(copy, Expr::Unary(UnaryOp::Not, _)));
}

#[test]
fn nested_not_drop() {
    drop(not_chain(depth()));
}

#[test]
fn nested_negation_compiles() {
    let n = depth();
    let q = select(neg_chain(n));
    for (d, c) in compile_all(&q) {
        let x = col(d, "t", "x");
        assert!(c.params.is_empty(), "{}", d.name());
        // Never `--`, which would open a comment.
        assert!(!c.sql.contains("--"), "{}", d.name());
        assert_eq!(c.sql.matches("-(").count(), n - 1, "{}", d.name());
        let end = format!("-{x}{}", ")".repeat(n - 1));
        let sql = unlabelled(d, without_implied_from(d, &c.sql));
        assert!(sql.ends_with(&end), "{}: …{}", d.name(), tail(sql));
    }
}

#[test]
fn nested_negation_clone() {
    let e = neg_chain(depth());
    let copy = e.clone();
    assert!(matches!(copy, Expr::Unary(UnaryOp::Neg, _)));
}

#[test]
fn nested_negation_drop() {
    drop(neg_chain(depth()));
}

#[test]
fn nested_case_compiles() {
    let n = depth();
    let t = table("t");
    let q = select(case_chain(n).label("v")).from(&t);
    for (d, c) in compile_all(&q) {
        let x = col(d, "t", "x");
        assert_eq!(c.params.len(), 2 * n, "{}", d.name());
        assert_eq!(c.sql.matches("CASE WHEN ").count(), n, "{}", d.name());
        assert_eq!(c.sql.matches(" END").count(), n, "{}", d.name());
        // The outermost CASE tests the last value; its THEN holds the rest.
        let start = format!("SELECT CASE WHEN {x} = {} THEN CASE WHEN ", ph(d, 1));
        assert!(c.sql.starts_with(&start), "{}", d.name());
        let (mut v, mut from) = (String::new(), String::new());
        d.write_identifier("v", &mut v);
        d.write_identifier("t", &mut from);
        // A bare value as a CASE result is cast where the engine cannot type it
        // (PostgreSQL), and left bare elsewhere.
        let last = match d.name() {
            "postgresql" => format!("CAST({} AS BIGINT)", ph(d, 2 * n)),
            _ => ph(d, 2 * n),
        };
        let end = format!(" ELSE {last} END AS {v} FROM {from}");
        assert!(c.sql.ends_with(&end), "{}: …{}", d.name(), tail(&c.sql));
    }
}

#[test]
fn nested_case_clone() {
    let e = case_chain(depth());
    let copy = e.clone();
    assert!(matches!(copy, Expr::Case(_)));
}

#[test]
fn nested_case_drop() {
    drop(case_chain(depth()));
}

/// Chains of nodes with one child expression, a million deep: far past any
/// thread's stack for drop glue that recursed once per level, whatever
/// `SQLCRAFT_NESTING_DEPTH` says (dropping is cheap; compiling refuses such
/// depth with `Error::TooDeep`).
#[test]
fn million_deep_single_child_chains_drop() {
    const DEEP: usize = 1_000_000;
    let t = table("t");
    type Wrap = fn(Expr) -> Expr;
    let wraps: [(&str, Wrap); 9] = [
        ("NOT", |e| Expr::Unary(UnaryOp::Not, Box::new(e))),
        ("negation", |e| -e),
        ("CAST", |e| e.cast(SqlType::Integer)),
        ("label", |e| e.label("l").into()),
        ("IS NULL", |e| e.is_null()),
        ("COLLATE", |e| e.collate("c")),
        ("AND of one list", |e| Expr::And(vec![e, Expr::Bool(true)])),
        ("row value", |e| tuple_(vec![e])),
        ("IN list", |e| e.in_([1, 2])),
    ];
    for (what, wrap) in wraps {
        let mut e = t.c("x");
        for _ in 0..DEEP {
            e = wrap(e);
        }
        // On a thread of the test harness's size, as a user's would be.
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || drop(e))
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("{what}: dropping a million-deep chain failed"));
    }
}
