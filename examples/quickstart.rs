//! sqlcraft in five minutes.
//!
//!     cargo run --example quickstart            # add `-- --echo` to log every statement
//!
//! 1. Describe a schema with `MetaData` and print its DDL for SQLite, PostgreSQL
//!    and MariaDB.
//! 2. Build statements (INSERT, SELECT with a join and GROUP BY, UPDATE, upsert,
//!    DELETE … RETURNING, a CTE with a window function, `text()`) and print their
//!    SQL and parameters for the three dialects.
//! 3. Run them through an engine on an in-memory SQLite: `create_all`, inserts in
//!    a transaction (`engine.begin`), bulk inserts (`insert_many`), rows read by
//!    column name and into a struct (`from_row!`), and a savepoint.
//!
//! No server is needed: `sqlcraft_sqlite::create_engine` runs SQLite in process.

use sqlcraft::dialect::Dialect;
use sqlcraft::engine::CursorResult;
use sqlcraft::prelude::*;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

type AnyError = Box<dyn std::error::Error>;

fn main() -> Result<(), AnyError> {
    // ------------------------------------------------------------------
    // 1. The schema
    // ------------------------------------------------------------------
    //
    // `MetaData::table` runs the closure on a `TableBuilder` and checks the result
    // (unknown columns, duplicate names, bad foreign keys) before returning the
    // `Table` handle. Handles are cheap to clone (an `Arc` inside).
    let mut meta = MetaData::new();

    let users = meta.table("users", |t| {
        // An integer primary key: auto-increment on every dialect.
        t.column("id", SqlType::Integer).primary_key();
        t.column("name", SqlType::string(50)).not_null();
        t.column("email", SqlType::string(100)).not_null();
        // A server default: part of the DDL, filled in by the database.
        t.column("status", SqlType::string(20))
            .not_null()
            .server_default("active");
        t.column("created_at", SqlType::datetime())
            .server_default(func::now());
        // A named UNIQUE constraint: the upsert below reacts to it.
        t.unique_named("uq_users_email", ["email"]);
    })?;

    let orders = meta.table("orders", |t| {
        t.column("id", SqlType::Integer).primary_key();
        // A foreign key; the referenced column is checked when the table is built.
        t.column("user_id", SqlType::Integer)
            .not_null()
            .references(&users, "id")
            .on_delete(FkAction::Cascade);
        t.column("total", SqlType::Numeric(10, 2)).not_null();
        t.column("status", SqlType::string(20))
            .not_null()
            .server_default("new");
        // An index, emitted as its own CREATE INDEX statement.
        t.index("ix_orders_user_status", ["user_id", "status"]);
    })?;

    // The three dialects this example compiles for. `Dialect` is object-safe, so
    // they can sit side by side as trait objects; each one is a plain value.
    let dialects: [(&str, &dyn Dialect); 3] = [
        ("SQLite", &Sqlite),
        ("PostgreSQL", &Postgres),
        ("MariaDB", &MySql::mariadb()),
    ];

    // `create_statements` orders tables so that a referenced table comes first,
    // and follows each CREATE TABLE with its CREATE INDEX statements.
    let ddl = meta.create_statements(false)?;
    heading("DDL");
    for (name, dialect) in dialects {
        println!("-- {name}");
        for stmt in &ddl {
            println!("{};", stmt.compile(dialect)?.sql);
        }
        println!();
    }

    // ------------------------------------------------------------------
    // 2. Statements
    // ------------------------------------------------------------------
    //
    // Every value below becomes a bound parameter; identifiers are always quoted
    // by the dialect. Nothing is compiled until `.compile(&dialect)`.

    // INSERT of several rows. `status` and `created_at` are left out, so the
    // server defaults fill them in.
    let add_users = insert(&users)
        .columns(["name", "email"])
        .row(("ann", "ann@example.com"))
        .row(("bob", "bob@example.com"))
        .row(("cid", "cid@example.com"));

    let add_orders = insert(&orders)
        .columns(["user_id", "total", "status"])
        .rows([
            (1, 10.50, "paid"),
            (1, 25.00, "paid"),
            (1, 4.25, "cancelled"),
            (2, 99.90, "paid"),
            (2, 12.00, "new"),
            (3, 7.75, "new"),
        ]);

    // SELECT with a join, WHERE, GROUP BY, HAVING, ORDER BY and LIMIT.
    //
    // A `Label` is `expr AS name`: put it (or a reference to it) in the select
    // list, order by it by name (`spent.desc()`), and use `.expr()` where the full
    // expression is needed (HAVING cannot refer to a select-list alias on every
    // engine).
    let n_orders = func::count(orders.c("id")).label("n_orders");
    let spent = func::sum(orders.c("total")).label("spent");
    let big_spenders = select((users.c("name"), &n_orders, &spent))
        .from(&users)
        .join(&orders, orders.c("user_id").eq(users.c("id")))
        .filter(orders.c("status").ne("cancelled"))
        .group_by((users.c("id"), users.c("name")))
        .having(n_orders.expr().ge(2))
        .order_by(spent.desc())
        .limit(10);

    // UPDATE … SET … WHERE; `filter` calls are ANDed together.
    let mark_shipped = update(&orders)
        .set("status", "shipped")
        .filter(orders.c("status").eq("paid"))
        .filter(orders.c("total").gt(20));

    // Upsert: ON CONFLICT … DO UPDATE on SQLite and PostgreSQL, ON DUPLICATE KEY
    // UPDATE on MariaDB. `excluded("name")` is the row that failed to insert.
    let upsert_ann = insert(&users)
        .value("name", "Ann")
        .value("email", "ann@example.com")
        .on_conflict(OnConflict::columns(["email"]).do_update([("name", excluded("name"))]));

    // DELETE … RETURNING (MariaDB has RETURNING on INSERT and DELETE, not UPDATE).
    let purge_cancelled = delete(&orders)
        .filter(orders.c("status").eq("cancelled"))
        .returning((orders.c("id"), orders.c("total")));

    // A CTE and a window function: total spent per user, ranked.
    // A CTE used in FROM is declared in the WITH clause automatically.
    let totals = select((
        orders.c("user_id"),
        func::sum(orders.c("total")).label("spent"),
    ))
    .from(&orders)
    .group_by(orders.c("user_id"))
    .cte("totals");
    let rank = func::rank()
        .over(WindowSpec::new().order_by(totals.c("spent").desc()))
        .label("rank");
    let ranking = select((users.c("name"), totals.c("spent"), &rank))
        .from(&totals)
        .join(&users, users.c("id").eq(totals.c("user_id")))
        .order_by((rank.asc(), users.c("name").asc()));

    // text(): literal SQL with `:name` parameters, still sent as bound values.
    let by_status = text("SELECT name, status FROM users WHERE status = :status ORDER BY name")
        .bind("status", "active");

    heading("Statements");
    show("INSERT several rows", &add_users, &dialects);
    show("INSERT with rows()", &add_orders, &dialects);
    show(
        "SELECT with JOIN, GROUP BY, HAVING, ORDER BY, LIMIT",
        &big_spenders,
        &dialects,
    );
    show("UPDATE", &mark_shipped, &dialects);
    show("Upsert", &upsert_ann, &dialects);
    show("DELETE … RETURNING", &purge_cancelled, &dialects);
    show("CTE and window function", &ranking, &dialects);
    show("text()", &by_status, &dialects);

    // Literal mode inlines every value, escaped by the dialect: for logs and
    // debugging only, never for execution.
    heading("Literal SQL (for logs only)");
    println!("{}\n", big_spenders.to_literal_sql(&Postgres)?);

    // A construct a dialect cannot express is a typed error naming the dialect;
    // compiling never panics.
    heading("Errors");
    let update_returning = update(&users)
        .set("status", "vip")
        .filter(users.c("id").eq(1))
        .returning(users.c("id"));
    match update_returning.compile(&MySql::mariadb()) {
        Err(err @ Error::Unsupported { .. }) => println!("MariaDB: {err}"),
        Err(err) => println!("MariaDB, another error: {err}"),
        Ok(c) => println!("MariaDB compiled it after all: {}", c.sql),
    }
    // A misspelt column does not panic either: the error surfaces at compile time.
    match select(users.c("nmae")).from(&users).compile(&Sqlite) {
        Err(err) => println!("SQLite: {err}\n"),
        Ok(c) => println!("SQLite compiled it after all: {}\n", c.sql),
    }

    // ------------------------------------------------------------------
    // 3. Running it through an engine
    // ------------------------------------------------------------------
    //
    // An engine owns a connection pool, the dialect and a compilation cache:
    // statements that differ only in their values are compiled once. An in-memory
    // SQLite database lives as long as its one connection, so the engine shares a
    // single connection for `sqlite:///:memory:`. With `--echo`, every statement
    // is logged with its parameters and the cache badge, as SQLAlchemy's
    // `echo=True` does.
    heading("Running on an in-memory SQLite");
    let echo = std::env::args().any(|a| a == "--echo");
    if echo && log::set_logger(&ECHO).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
    let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
        .echo(echo)
        .build()?;

    // CREATE TABLE and CREATE INDEX, referenced tables first, in one transaction.
    // The SQLite driver enforces foreign keys (so ON DELETE CASCADE works).
    meta.create_all(&engine)?;
    println!("created {} tables and their indexes\n", meta.tables().len());

    // `engine.begin` runs the closure in a transaction on a connection of its
    // own: committed when it returns Ok, rolled back on Err (or a panic).
    engine.begin(|conn| -> sqlcraft::Result<()> {
        let n = conn.execute(&add_users)?.rowcount();
        println!("insert users: {n} row(s)");
        let n = conn.execute(&add_orders)?.rowcount();
        println!("insert orders: {n} row(s)");
        // Many rows at once (SQLAlchemy's executemany / "insertmanyvalues"):
        // multi-row VALUES pages, each compiled once and reused.
        let more = (0..12).map(|i| {
            vec![
                Value::from(1 + i % 3),
                Value::from(2.5 * f64::from(i + 1)),
                Value::from(if i % 4 == 0 { "cancelled" } else { "paid" }),
            ]
        });
        let n = conn.insert_many(&orders, &["user_id", "total", "status"], more)?;
        println!("insert_many orders: {n} row(s)\n");
        Ok(())
    })?;

    // A connection from the pool. Its first statement begins a transaction
    // (autobegin); `commit` ends it, and dropping the connection rolls back
    // whatever was not committed.
    let mut conn = engine.connect()?;
    print_result("big spenders", conn.execute(&big_spenders)?)?;

    // Typed access by column name.
    for row in conn.execute(&big_spenders)?.all()? {
        let name: String = row.get("name")?;
        let n_orders = row.get::<i64, _>("n_orders")?;
        let spent = row.get::<f64, _>("spent")?;
        println!("{name} placed {n_orders} orders worth {spent:.2}");
    }
    println!();

    print_result("mark shipped", conn.execute(&mark_shipped)?)?;
    print_result(
        "upsert ann (the email exists: her name is updated)",
        conn.execute(&upsert_ann)?,
    )?;
    print_result("purge cancelled orders", conn.execute(&purge_cancelled)?)?;
    print_result("ranking", conn.execute(&ranking)?)?;
    print_result("active users (text)", conn.execute(&by_status)?)?;
    conn.commit()?;

    // Rows into a struct, by column name; a named parameter left open in the
    // statement is supplied at execution.
    let orders_of = select((orders.c("id"), orders.c("total"), orders.c("status")))
        .from(&orders)
        .filter(orders.c("user_id").eq(bindparam("user_id")))
        .order_by(orders.c("id").asc());
    let lines: Vec<OrderLine> = conn
        .execute_with(&orders_of, &[("user_id", Value::Int(1))])?
        .fetch()?;
    println!("orders of user 1 (bindparam, from_row!):");
    for o in &lines {
        println!("  #{:<3} {:>8.2}  {}", o.id, o.total, o.status);
    }
    println!();

    // An expanding parameter (SQLAlchemy's expanding=True: the list arrives at
    // execution, one placeholder per item, and every length shares one cache
    // entry), read as a stream: rows are handed over as the driver reads them.
    let of_users = select((orders.c("id"), orders.c("total")))
        .from(&orders)
        .filter(orders.c("user_id").in_(bindparam("user_ids").expanding()))
        .order_by(orders.c("id").asc());
    let user_ids = [("user_ids", Value::list([1, 2]))];
    let mut worth = 0.0;
    let streamed = conn.stream_with(&of_users, &user_ids, |row| {
        worth += row.get::<f64, _>("total")?;
        Ok::<_, sqlcraft::Error>(())
    })?;
    let listed = conn.execute_with(&of_users, &user_ids)?.all()?.len() as u64;
    assert_eq!(streamed, listed, "streamed and collected rows differ");
    println!(
        "orders of users 1 and 2 (expanding bindparam, streamed): {streamed}, worth {worth:.2}\n"
    );

    // Savepoints (SQLAlchemy's begin_nested): a failure inside one undoes only
    // what ran since it opened; the outer transaction carries on.
    let count_orders = select(func::count(orders.c("id")).label("n")).from(&orders);
    let before: i64 = conn.execute(&count_orders)?.scalar_one()?;
    let dup = insert(&users)
        .value("name", "impostor")
        .value("email", "bob@example.com");
    let outcome = conn.nested(|sp| -> sqlcraft::Result<()> {
        sp.execute(&delete(&orders).filter(orders.c("user_id").eq(2)))?;
        sp.execute(&dup)?; // violates uq_users_email: the savepoint is rolled back
        Ok(())
    });
    match outcome {
        Err(err) => println!("savepoint rolled back: {err}"),
        Ok(()) => println!("savepoint released"),
    }
    let after: i64 = conn.execute(&count_orders)?.scalar_one()?;
    println!("orders before the savepoint: {before}, after it: {after} (the DELETE was undone)");
    conn.commit()?;

    let stats = engine.cache_stats();
    println!(
        "\ncompilation cache: {} hit(s), {} miss(es), {} entries",
        stats.hits, stats.misses, stats.len
    );
    Ok(())
}

/// One order line, read from a row by column name.
struct OrderLine {
    id: i64,
    total: f64,
    status: String,
}
sqlcraft::from_row!(OrderLine { id, total, status });

/// Echo logging to standard output (any `log` logger would do).
struct EchoLogger;

impl log::Log for EchoLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("sqlcraft")
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            println!("[{}] {}", record.target(), record.args());
        }
    }
    fn flush(&self) {}
}

static ECHO: EchoLogger = EchoLogger;

/// Prints a statement's SQL and parameters for each dialect, or the error a
/// dialect returns for it.
fn show(title: &str, stmt: &impl Compile, dialects: &[(&str, &dyn Dialect)]) {
    println!("## {title}");
    for (name, dialect) in dialects {
        match stmt.compile(*dialect) {
            Ok(c) => {
                println!("{name:>10}: {}", c.sql);
                if !c.params.is_empty() {
                    let params: Vec<String> = c.params.iter().map(param_to_string).collect();
                    println!("{:>10}  params: [{}]", "", params.join(", "));
                }
            }
            Err(err) => println!("{name:>10}: error: {err}"),
        }
    }
    println!();
}

fn param_to_string(p: &Param) -> String {
    match p {
        Param::Value(v) => value_to_string(v),
        Param::Named(name) => format!(":{name}"),
    }
}

fn value_to_string(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::Text(s) => format!("{s:?}"),
        Value::Bytes(b) => format!("<{} bytes>", b.len()),
        // `Value` is non-exhaustive: feature-gated kinds (dates, UUIDs, JSON…).
        other => format!("{other:?}"),
    }
}

/// Prints what a statement returned: its rows as a table, or for a statement
/// without a result set, how many rows it changed.
fn print_result(title: &str, result: CursorResult) -> Result<(), AnyError> {
    if result.columns().is_empty() {
        println!("{title}: {} row(s) changed\n", result.rowcount());
        return Ok(());
    }
    let names = result.columns().to_vec();
    let rows: Vec<Vec<String>> = result
        .all()?
        .iter()
        .map(|row| row.values().iter().map(cell).collect())
        .collect();
    println!("{title}:");
    print_table(&names, &rows);
    Ok(())
}

/// A value as a table cell: text unquoted, everything else as in the parameters.
fn cell(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Float(f) => f.to_string(),
        other => value_to_string(other),
    }
}

/// Prints rows as a small table with a header, numbers aligned right.
fn print_table(names: &[String], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String], numeric: &dyn Fn(usize) -> bool| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                if numeric(i) {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        println!("  | {} |", parts.join(" | "));
    };
    // A column is right-aligned when every non-NULL cell in it is a number.
    let is_numeric = |i: usize| {
        rows.iter()
            .map(|r| r[i].as_str())
            .filter(|c| *c != "NULL")
            .all(|c| c.parse::<f64>().is_ok())
            && !rows.is_empty()
    };
    line(names, &|_| false);
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    println!("  |-{}-|", rule.join("-|-"));
    for row in rows {
        line(row, &is_numeric);
    }
    println!(
        "  ({} row{})\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
}

fn heading(title: &str) {
    println!("==== {title} ====\n");
}
