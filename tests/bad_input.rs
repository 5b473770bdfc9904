//! Every public entry point fed wrong input.
//!
//! One table of cases, grouped by area: statement building and compiling, the
//! constructs each dialect refuses, parameter limits, values on the real engines,
//! URLs, and connections. A case is a name (one line of intent), an expectation
//! and the code that feeds the bad input. The expectation checks the error's
//! variant *and* that its message says what to fix (the column, the dialect, the
//! limit, …); a few cases expect success, where the right answer to the input is
//! to work (`insert_many` chunking, SQLite's flexible typing).
//!
//! A case the library gets wrong today keeps the *correct* expectation and a
//! `known_bug` note: it reports KNOWN BUG instead of failing, is counted apart,
//! and fails once the bug no longer reproduces, so the note gets removed.
//!
//! Every case runs on its own thread: a panic is caught and reported as the
//! case's failure, and a case that gives no answer before its deadline is
//! reported as hanging, so one bad case cannot take the others down with it.
//!
//! The server cases need `SQLCRAFT_PG_URL` and `SQLCRAFT_MYSQL_URL`:
//!
//! ```sh
//! ./scripts/with-servers.sh cargo test --test bad_input -- --nocapture
//! ```
//!
//! Without them those cases fail (the support module panics); they never skip.

mod support;

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use sqlcraft::dialect::Dialect;
use sqlcraft::engine::{Connection, Engine, ErrorKind, PoolKind, Url};
use sqlcraft::prelude::*;
use sqlcraft::query::{FromItem, Join, JoinKind};
use sqlcraft::schema::TableBuilder;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;
use support::{mysql_url, pg_url, unique, Backend};

// ---------------------------------------------------------------------------
// The table: cases, expectations, and the runner
// ---------------------------------------------------------------------------

/// What a case's input produced: the error, or a description of the success.
type Outcome = sqlcraft::Result<String>;

/// Says what is wrong with an outcome, if anything.
type Check = Box<dyn Fn(&Outcome) -> Result<(), String> + Send>;

struct Case {
    area: &'static str,
    name: String,
    check: Check,
    run: Box<dyn FnOnce() -> Outcome + Send>,
    known_bug: Option<&'static str>,
    deadline: Duration,
}

impl Case {
    #[allow(dead_code)] // kept for the next bug found: the table reports it instead of failing
    /// Marks the case as an expected failure: the library gets it wrong today.
    fn known_bug(&mut self, why: &'static str) -> &mut Case {
        self.known_bug = Some(why);
        self
    }
}

/// How long a case may take before it counts as hanging. Generous: the slowest
/// cases wait out a pool timeout of 30 s.
const DEADLINE: Duration = Duration::from_secs(75);

#[derive(Default)]
struct Cases {
    area: &'static str,
    list: Vec<Case>,
}

impl Cases {
    fn area(&mut self, area: &'static str) {
        self.area = area;
    }

    fn add(
        &mut self,
        name: impl Into<String>,
        check: Check,
        run: impl FnOnce() -> Outcome + Send + 'static,
    ) -> &mut Case {
        self.list.push(Case {
            area: self.area,
            name: name.into(),
            check,
            run: Box::new(run),
            known_bug: None,
            deadline: DEADLINE,
        });
        self.list.last_mut().expect("just pushed")
    }
}

/// The first `max` characters of `s`, marked when cut.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}… [{} bytes in all]", &s[..i], s.len()),
        None => s.to_owned(),
    }
}

/// The variant's name, from its Debug form.
fn variant(e: &Error) -> String {
    let debug = format!("{e:?}");
    let end = debug
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(debug.len());
    match e {
        Error::Database(db) => format!("Database({:?})", db.kind),
        _ => debug[..end].to_owned(),
    }
}

fn describe(o: &Outcome) -> String {
    match o {
        Ok(s) => format!("Ok({})", clip(s, 200)),
        Err(e) => format!("Err({}: {})", variant(e), clip(&e.to_string(), 400)),
    }
}

/// Expects an error for which `is` holds and whose message mentions every needle
/// (ignoring ASCII case).
fn error(
    expected: impl Into<String>,
    is: impl Fn(&Error) -> bool + Send + 'static,
    needles: &[&str],
) -> Check {
    let expected = expected.into();
    let needles: Vec<String> = needles.iter().map(|n| n.to_string()).collect();
    Box::new(move |o| match o {
        Err(e) if is(e) => {
            let message = e.to_string();
            let lower = message.to_lowercase();
            let missing: Vec<&String> = needles
                .iter()
                .filter(|n| !lower.contains(&n.to_lowercase()))
                .collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "the message does not say {missing:?}: {}",
                    clip(&message, 400)
                ))
            }
        }
        _ => Err(format!("expected {expected}, got {}", describe(o))),
    })
}

/// `fails!(pattern [if guard], needle, …)`: an error matching the pattern whose
/// message mentions every needle.
macro_rules! fails {
    ($p:pat $(if $g:expr)? $(, $n:expr)* $(,)?) => {
        error(
            stringify!($p $(if $g)?),
            move |e: &Error| matches!(e, $p $(if $g)?),
            &[$(AsRef::<str>::as_ref(&$n)),*],
        )
    };
}

/// Expects `Error::Database` of `kind`, whose message mentions every needle.
fn db(kind: ErrorKind, needles: &[&str]) -> Check {
    error(
        format!("Error::Database of kind {kind:?}"),
        move |e| e.db_kind() == Some(kind),
        needles,
    )
}

/// Expects success, described exactly as `expected`.
fn succeeds(expected: impl Into<String>) -> Check {
    let expected = expected.into();
    Box::new(move |o| match o {
        Ok(s) if *s == expected => Ok(()),
        _ => Err(format!("expected Ok({expected}), got {}", describe(o))),
    })
}

/// `check`, and the error (Display and Debug) never shows `secret`.
fn never_shows(secret: &'static str, check: Check) -> Check {
    Box::new(move |o| {
        check(o)?;
        if let Err(e) = o {
            if format!("{e} {e:?}").contains(secret) {
                return Err(format!("the error shows the password {secret:?}: {e}"));
            }
        }
        Ok(())
    })
}

/// What running a case came to.
enum Ran {
    Returned(Outcome, Duration),
    Panicked(String),
    Hung,
}

thread_local! {
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs every case on its own thread (all at once: most are instant, and the
/// slow ones mostly wait on timeouts), each with its deadline.
fn run_all(cases: Vec<Case>) -> Vec<(Case, Ran)> {
    std::panic::set_hook(Box::new(|info| {
        PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
    }));
    let (tx, rx) = mpsc::channel();
    let mut pending = Vec::new();
    let start = Instant::now();
    for (i, mut case) in cases.into_iter().enumerate() {
        let run = std::mem::replace(&mut case.run, Box::new(|| unreachable!()));
        let tx = tx.clone();
        std::thread::Builder::new()
            .name(format!("case {i}"))
            .stack_size(16 << 20)
            .spawn(move || {
                let t = Instant::now();
                let ran = match catch_unwind(AssertUnwindSafe(run)) {
                    Ok(outcome) => Ran::Returned(outcome, t.elapsed()),
                    Err(payload) => Ran::Panicked(
                        PANIC
                            .with(|p| p.borrow_mut().take())
                            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                            .or_else(|| payload.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "a panic without a message".into()),
                    ),
                };
                let _ = tx.send((i, ran));
            })
            .expect("spawn a case thread");
        pending.push((case, None::<Ran>));
    }
    drop(tx);
    while pending.iter().any(|(_, r)| r.is_none()) {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok((i, ran)) => pending[i].1 = Some(ran),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                for (case, ran) in &mut pending {
                    if ran.is_none() && start.elapsed() > case.deadline {
                        *ran = Some(Ran::Hung);
                    }
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = std::panic::take_hook();
    pending
        .into_iter()
        .map(|(case, ran)| (case, ran.unwrap_or(Ran::Hung)))
        .collect()
}

// ---------------------------------------------------------------------------
// Shared inputs
// ---------------------------------------------------------------------------

static SQLITE: Sqlite = Sqlite;
static POSTGRES: Postgres = Postgres;
static MARIADB: MySql = MySql::mariadb();
static MYSQL8: MySql = MySql::mysql8();

struct Schema {
    users: Table,
    orders: Table,
    notes: Table,
}

/// users(id, name, email), orders(id, user_id → users.id, total) and
/// notes(id, title, body TEXT) with indexes on title and body.
fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut meta = MetaData::new();
        let users = meta
            .table("users", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("name", SqlType::string(50)).not_null();
                t.column("email", SqlType::string(100)).unique();
            })
            .expect("users");
        let orders = meta
            .table("orders", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("user_id", SqlType::Integer)
                    .not_null()
                    .references(&users, "id");
                t.column("total", SqlType::Numeric(10, 2));
            })
            .expect("orders");
        let notes = meta
            .table("notes", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("title", SqlType::string(100));
                t.column("body", SqlType::Text);
                t.index("ix_notes_title", ["title"]);
                t.index("ix_notes_body", ["body"]);
            })
            .expect("notes");
        Schema {
            users,
            orders,
            notes,
        }
    })
}

fn users() -> Table {
    schema().users.clone()
}
fn orders() -> Table {
    schema().orders.clone()
}
fn notes() -> Table {
    schema().notes.clone()
}

/// Compiles for `d`, giving the SQL.
fn sql(stmt: &impl Compile, d: &dyn Dialect) -> Outcome {
    stmt.compile(d).map(|c| c.sql)
}

/// Runs `body` on a connection to `backend` with a fresh table defined by
/// `define`, dropping the table afterwards.
fn with_table(
    backend: Backend,
    define: impl FnOnce(&mut TableBuilder),
    body: impl FnOnce(&mut Connection, &Table) -> Outcome,
) -> Outcome {
    with_table_on(backend.engine(), define, body)
}

/// As [`with_table`], on a given engine.
fn with_table_on(
    engine: Engine,
    define: impl FnOnce(&mut TableBuilder),
    body: impl FnOnce(&mut Connection, &Table) -> Outcome,
) -> Outcome {
    let mut meta = MetaData::new();
    let table = meta.table(&unique("bad_input"), define)?;
    meta.create_all(&engine)?;
    let result = {
        let mut conn = engine.connect()?;
        body(&mut conn, &table)
    };
    let _ = meta.drop_all(&engine);
    result
}

/// Connects and runs `SELECT 1`.
fn connect_and_select(engine: sqlcraft::Result<Engine>) -> Outcome {
    let engine = engine?;
    let one: i64 = engine.connect()?.execute(&select(lit(1)))?.scalar_one()?;
    Ok(format!("connected, SELECT 1 gave {one}"))
}

/// The server URL `url` with its password replaced.
fn with_password(url: &str, password: &str) -> String {
    let u: Url = url.parse().expect("the server URL parses");
    let mut b = Url::builder(u.scheme()).password(password);
    if let Some(user) = u.username() {
        b = b.username(user);
    }
    if let Some(host) = u.host() {
        b = b.host(host);
    }
    if let Some(port) = u.port() {
        b = b.port(port);
    }
    if let Some(db) = u.database() {
        b = b.database(db);
    }
    b.build().to_string_with_password()
}

/// A local TCP port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("its address").port()
}

/// A result's rows, for cases that expect failure before reading any.
fn rows(r: sqlcraft::engine::CursorResult) -> Outcome {
    Ok(format!("{:?}", r.all()?))
}

/// The column names c0 … c(n-1) of a wide table.
fn wide_columns(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

/// `rows` rows of `cols` distinct integers: row r, column c holds r * cols + c.
fn wide_rows(rows: usize, cols: usize) -> Vec<Vec<Value>> {
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| Value::Int((r * cols + c) as i64))
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Statements: building and compiling
// ---------------------------------------------------------------------------

fn statements(c: &mut Cases) {
    c.area("statements");

    c.add(
        "empty select list",
        fails!(Error::InvalidStatement(_), "at least one column"),
        || sql(&select(Vec::<Expr>::new()).from(users()), &SQLITE),
    );
    c.add(
        "unknown column on a table: users.c(\"nope\")",
        fails!(Error::UnknownColumn { table, column } if table == "users" && column == "nope", "users", "nope"),
        || sql(&select(users().c("nope")).from(users()), &SQLITE),
    );
    c.add(
        "unknown column on a table, asked at once: users.try_c(\"nope\")",
        fails!(Error::UnknownColumn { .. }, "users", "nope"),
        || users().try_c("nope").map(|e| format!("{e:?}")),
    );
    c.add(
        "unknown column on an alias: users.alias(\"u\").c(\"nope\")",
        fails!(Error::UnknownColumn { .. }, "nope"),
        || {
            let u = users().alias("u");
            sql(&select(u.c("nope")).from(&u), &SQLITE)
        },
    );
    c.add(
        "unknown column on a subquery",
        fails!(Error::UnknownColumn { table, .. } if table == "s", "\"s\"", "nope"),
        || {
            let s = select(users().c("id")).from(users()).subquery("s");
            sql(&select(s.c("nope")).from(&s), &POSTGRES)
        },
    );
    c.add(
        "unknown column on a CTE",
        fails!(Error::UnknownColumn { table, .. } if table == "recent", "\"recent\"", "nope"),
        || {
            let cte = select(users().c("id")).from(users()).cte("recent");
            sql(&select(cte.c("nope")).from(&cte), &MARIADB)
        },
    );
    c.add(
        "unknown column on a recursive CTE, inside its own query",
        fails!(Error::UnknownColumn { table, .. } if table == "nums", "\"nums\"", "\"m\""),
        || {
            let nums = Cte::recursive("nums", ["n"], |nums| {
                select(lit(1)).union_all(select(nums.c("m") + 1).from(nums))
            });
            sql(&select(nums.c("n")).from(&nums), &SQLITE)
        },
    );
    c.add(
        "unknown column in a WHERE clause",
        fails!(Error::UnknownColumn { .. }, "users", "nmae"),
        || {
            let q = select(users().c("id"))
                .from(users())
                .filter(users().c("nmae").eq("ann"));
            sql(&q, &POSTGRES)
        },
    );

    // INSERT
    c.add(
        "INSERT rows of different widths",
        fails!(Error::InvalidStatement(_), "row 2", "1 values", "2 columns"),
        || {
            let q = insert(&users())
                .columns(["name", "email"])
                .row(("ann", "ann@example.com"))
                .row(("bob",));
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "INSERT with columns but no rows",
        fails!(Error::InvalidStatement(_), "no rows"),
        || sql(&insert(&users()).columns(["name", "email"]), &POSTGRES),
    );
    c.add(
        "INSERT with rows but no columns",
        fails!(Error::InvalidStatement(_), "no columns"),
        || sql(&insert(&users()).row(("ann",)), &SQLITE),
    );
    c.add(
        "INSERT names a column twice",
        fails!(Error::InvalidStatement(_), "\"name\"", "twice"),
        || {
            sql(
                &insert(&users()).value("name", "a").value("name", "b"),
                &SQLITE,
            )
        },
    );
    c.add(
        "INSERT of an unknown column",
        fails!(Error::UnknownColumn { .. }, "users", "nope"),
        || sql(&insert(&users()).value("nope", 1), &MARIADB),
    );
    c.add(
        "value() after rows()",
        fails!(Error::InvalidStatement(_), "value()", "single-row", "row()"),
        || {
            let q = insert(&users())
                .columns(["name"])
                .rows([("ann",), ("bob",)])
                .value("email", "x@example.com");
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "INSERT … SELECT without a column list",
        fails!(Error::InvalidStatement(_), "column list"),
        || {
            let q = insert(&orders())
                .from_select(Vec::<&str>::new(), select(users().c("id")).from(users()));
            sql(&q, &POSTGRES)
        },
    );

    // UPDATE
    c.add(
        "UPDATE with no SET",
        fails!(Error::InvalidStatement(_), "SET"),
        || sql(&update(&users()).filter(users().c("id").eq(1)), &SQLITE),
    );
    c.add(
        "unknown column in SET",
        fails!(Error::UnknownColumn { .. }, "users", "nope"),
        || sql(&update(&users()).set("nope", 1), &POSTGRES),
    );

    // Upserts, on every dialect: the column does not exist whatever the dialect.
    for d in [&SQLITE as &'static dyn Dialect, &POSTGRES, &MARIADB] {
        let name = d.name();
        c.add(
            format!("unknown column in the upsert target ({name})"),
            fails!(Error::UnknownColumn { .. }, "users", "nope"),
            move || {
                let q = insert(&users())
                    .value("name", "ann")
                    .on_conflict(OnConflict::columns(["nope"]).do_nothing());
                sql(&q, d)
            },
        );
        c.add(
            format!("unknown column in DO UPDATE SET ({name})"),
            fails!(Error::UnknownColumn { .. }, "users", "nope"),
            move || {
                let q = insert(&users()).value("name", "ann").on_conflict(
                    OnConflict::columns(["email"]).do_update([("nope", excluded("name"))]),
                );
                sql(&q, d)
            },
        );
    }
    // excluded() names the row an upsert proposed: anywhere else it would render
    // a reference to a table that is not there (or MySQL's VALUES(), which means
    // something else outside ON DUPLICATE KEY UPDATE).
    for d in [&SQLITE as &'static dyn Dialect, &POSTGRES, &MARIADB] {
        let name = d.name();
        c.add(
            format!("excluded() in a SELECT ({name})"),
            fails!(
                Error::InvalidStatement(_),
                "excluded(\"name\")",
                "do_update"
            ),
            move || {
                let q = select(users().c("id"))
                    .from(users())
                    .filter(excluded("name").eq("ann"));
                sql(&q, d)
            },
        );
        c.add(
            format!("excluded() in an UPDATE's SET ({name})"),
            fails!(
                Error::InvalidStatement(_),
                "excluded(\"email\")",
                "update_where"
            ),
            move || sql(&update(&users()).set("name", excluded("email")), d),
        );
        c.add(
            format!("excluded() in an INSERT's VALUES, beside an upsert ({name})"),
            fails!(Error::InvalidStatement(_), "excluded(\"email\")"),
            move || {
                let q = insert(&users())
                    .value("name", excluded("email"))
                    .on_conflict(OnConflict::columns(["email"]).do_nothing());
                sql(&q, d)
            },
        );
    }
    c.add(
        "unknown column in excluded() of DO UPDATE (postgresql)",
        fails!(Error::UnknownColumn { .. }, "nmae"),
        || {
            let q = insert(&users()).value("name", "ann").on_conflict(
                OnConflict::columns(["email"]).do_update([("name", excluded("nmae"))]),
            );
            sql(&q, &POSTGRES)
        },
    );
    c.add(
        "DO UPDATE with no assignments (update_where alone)",
        fails!(Error::InvalidStatement(_), "DO UPDATE", "assignment"),
        || {
            let q = insert(&users())
                .value("name", "ann")
                .on_conflict(OnConflict::columns(["email"]).update_where(users().c("id").gt(1)));
            sql(&q, &SQLITE)
        },
    );

    // Bind parameters
    c.add(
        "Compiled::bind without a value for :id",
        fails!(Error::MissingBindParam { name } if name == "id", "\"id\""),
        || {
            let q = select(users().c("name"))
                .from(users())
                .filter(users().c("id").eq(bindparam("id")));
            let c = q.compile(&POSTGRES)?;
            c.bind(&[]).map(|v| format!("{v:?}"))
        },
    );
    c.add(
        "Compiled::values() with :id still open",
        fails!(Error::MissingBindParam { name } if name == "id", "\"id\""),
        || {
            let q = select(users().c("name"))
                .from(users())
                .filter(users().c("id").eq(bindparam("id")));
            q.compile(&SQLITE)?.values().map(|v| format!("{v:?}"))
        },
    );
    c.add(
        "Compiled::bind with a name the statement lacks (:idd)",
        fails!(Error::UnknownBindParam { name } if name == "idd", "\"idd\""),
        || {
            let q = select(users().c("name"))
                .from(users())
                .filter(users().c("id").eq(bindparam("id")));
            let c = q.compile(&SQLITE)?;
            c.bind(&[("id", Value::Int(1)), ("idd", Value::Int(2))])
                .map(|v| format!("{v:?}"))
        },
    );

    // text()
    for (what, sql_text, needles) in [
        (
            "an unterminated ' quote",
            "SELECT 'abc FROM users WHERE id = :id",
            &["unterminated", "'", "byte 7"][..],
        ),
        (
            "an unterminated \" quote",
            "SELECT \"name FROM users",
            &["unterminated", "\"", "byte 7"][..],
        ),
        (
            "an unterminated ` quote",
            "SELECT `name FROM users",
            &["unterminated", "`", "byte 7"][..],
        ),
        (
            "an unterminated /* comment",
            "SELECT 1 /* :id",
            &["unterminated", "/*", "byte 9"][..],
        ),
        (
            "an unterminated $tag$ quote",
            "SELECT $body$ :id",
            &["unterminated", "$body$", "byte 7"][..],
        ),
    ] {
        c.add(
            format!("text() with {what}"),
            fails!(Error::InvalidText(_), needles[0], needles[1], needles[2]),
            move || sql(&text(sql_text), &POSTGRES),
        );
    }
    c.add(
        "to_literal_sql with a bindparam left open",
        fails!(Error::MissingBindParam { name } if name == "id", "\"id\""),
        || {
            let q = select(users().c("name"))
                .from(users())
                .filter(users().c("id").eq(bindparam("id")));
            q.to_literal_sql(&POSTGRES)
        },
    );
    c.add(
        "to_literal_sql of a NaN (no literal spelling)",
        fails!(
            Error::Unsupported {
                dialect: "sqlite",
                ..
            },
            "sqlite",
            "non-finite"
        ),
        || select(lit(f64::NAN)).to_literal_sql(&SQLITE),
    );
    c.add(
        "text().bind() of a name the SQL does not have",
        fails!(Error::UnknownBindParam { name } if name == "idd", "\"idd\""),
        || {
            sql(
                &text("SELECT name FROM users WHERE id = :id").bind("idd", 1),
                &SQLITE,
            )
        },
    );

    // Identifiers
    c.add(
        "func::call with a name that is not an SQL name",
        fails!(Error::InvalidIdentifier { ident, .. } if ident == "drop table users; --", "drop table users; --", "function name"),
        || sql(&select(func::call("drop table users; --", [lit(1)])), &SQLITE),
    );
    c.add(
        "func::call with an empty name",
        fails!(Error::InvalidIdentifier { .. }, "function name", "empty"),
        || sql(&select(func::call("", [lit(1)])), &POSTGRES),
    );
    c.add(
        "an empty table name: table(\"\")",
        fails!(Error::InvalidIdentifier { .. }, "empty"),
        || sql(&select(table("").c("id")).from(table("")), &SQLITE),
    );
    c.add(
        "an empty column name: table(\"t\").c(\"\")",
        fails!(Error::InvalidIdentifier { .. }, "empty"),
        || sql(&select(table("t").c("")).from(table("t")), &MARIADB),
    );
    c.add(
        "an identifier with a NUL: table(\"us\\0ers\")",
        fails!(Error::InvalidIdentifier { ident, .. } if ident == "us\0ers", "NUL"),
        || {
            let t = table("us\0ers");
            sql(&select(t.c("id")).from(&t), &SQLITE)
        },
    );
    let long = "x".repeat(64);
    c.add(
        "a PostgreSQL identifier of 64 bytes (the limit is 63)",
        fails!(Error::InvalidIdentifier { ident, .. } if ident.len() == 64, long.as_str(), "truncated"),
        || {
            let t = table(&"x".repeat(64));
            sql(&select(t.c("id")).from(&t), &POSTGRES)
        },
    );
    let accented = "é".repeat(32);
    c.add(
        "a PostgreSQL identifier of 32 characters but 64 bytes",
        fails!(
            Error::InvalidIdentifier { .. },
            accented.as_str(),
            "truncated"
        ),
        || {
            let t = table("t");
            sql(&select(t.c(&"é".repeat(32))).from(&t), &POSTGRES)
        },
    );
    c.add(
        "a MariaDB identifier of 65 characters (the limit is 64)",
        fails!(
            Error::InvalidIdentifier { .. },
            "y".repeat(65).as_str(),
            "truncated"
        ),
        || {
            let t = table(&"y".repeat(65));
            sql(&select(t.c("id")).from(&t), &MARIADB)
        },
    );

    // Expressions and FROM clauses
    c.add(
        "CASE with no WHEN",
        fails!(Error::InvalidStatement(_), "CASE", "WHEN"),
        || sql(&select(case().else_("x")).from(users()), &POSTGRES),
    );
    c.add(
        "escape() on an expression that is not a LIKE",
        fails!(Error::InvalidStatement(_), "escape()", "LIKE"),
        || {
            let q = select(users().c("id"))
                .from(users())
                .filter(users().c("name").eq("a").escape('!'));
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "a JOIN without ON",
        fails!(Error::InvalidStatement(_), "JOIN", "ON"),
        || {
            let from = FromItem::Join(Box::new(Join {
                left: (&users()).into_from_item(),
                right: (&orders()).into_from_item(),
                kind: JoinKind::Inner,
                on: None,
            }));
            sql(&select(users().c("id")).from(from), &SQLITE)
        },
    );
    c.add(
        "a CROSS JOIN with ON",
        fails!(Error::InvalidStatement(_), "CROSS JOIN", "ON"),
        || {
            let from = FromItem::Join(Box::new(Join {
                left: (&users()).into_from_item(),
                right: (&orders()).into_from_item(),
                kind: JoinKind::Cross,
                on: Some(orders().c("user_id").eq(users().c("id"))),
            }));
            sql(&select(users().c("id")).from(from), &POSTGRES)
        },
    );
    c.add(
        "Select::join without FROM, onto nothing the columns use",
        fails!(Error::InvalidStatement(_), "join()", "from()"),
        || {
            let q =
                select(orders().c("id")).join(orders(), orders().c("user_id").eq(users().c("id")));
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "nowait() without for_update()",
        fails!(Error::InvalidStatement(_), "nowait()", "for_update()"),
        || sql(&select(users().c("id")).from(users()).nowait(), &POSTGRES),
    );
    c.add(
        "skip_locked() without for_update()",
        fails!(Error::InvalidStatement(_), "skip_locked()", "for_update()"),
        || {
            sql(
                &select(users().c("id")).from(users()).skip_locked(),
                &POSTGRES,
            )
        },
    );
    c.add(
        "lock_of() without for_update()",
        fails!(Error::InvalidStatement(_), "lock_of()", "for_update()"),
        || {
            sql(
                &select(users().c("id")).from(users()).lock_of(["users"]),
                &POSTGRES,
            )
        },
    );
    c.add(
        "two different CTEs with one name",
        fails!(Error::InvalidStatement(_), "two different CTEs", "\"x\""),
        || {
            let a = select(users().c("id")).from(users()).cte("x");
            let b = select(orders().c("user_id")).from(orders()).cte("x");
            let q = select(a.c("id"))
                .from(&a)
                .join(&b, b.c("user_id").eq(a.c("id")));
            sql(&q, &POSTGRES)
        },
    );

    // Schema definitions
    c.add(
        "a dependency cycle in MetaData",
        fails!(Error::DependencyCycle { tables } if tables.len() == 2, "\"a\"", "\"b\"", "cycle"),
        || {
            let mut meta = MetaData::new();
            meta.table("a", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("b_id", SqlType::Integer)
                    .references_named("b", "id");
            })?;
            meta.table("b", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("a_id", SqlType::Integer)
                    .references_named("a", "id");
            })?;
            meta.create_statements(false)
                .map(|s| format!("{} statements", s.len()))
        },
    );
    c.add(
        "a table defined twice in one MetaData",
        fails!(Error::InvalidSchema(_), "\"users\"", "already defined"),
        || {
            let mut meta = MetaData::new();
            meta.table("users", |t| {
                t.column("id", SqlType::Integer).primary_key();
            })?;
            meta.table("users", |t| {
                t.column("id", SqlType::Integer).primary_key();
            })
            .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "a duplicate column",
        fails!(Error::InvalidSchema(_), "duplicate column", "\"a\""),
        || {
            MetaData::new()
                .table("t", |t| {
                    t.column("a", SqlType::Integer);
                    t.column("a", SqlType::Text);
                })
                .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "a primary key on an unknown column",
        fails!(Error::InvalidSchema(_), "primary key", "\"nope\""),
        || {
            MetaData::new()
                .table("t", |t| {
                    t.column("id", SqlType::Integer);
                    t.primary_key(["nope"]);
                })
                .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "a foreign key to an unknown column",
        fails!(Error::InvalidSchema(_), "\"users\"", "\"nope\""),
        || {
            MetaData::new()
                .table("t", |t| {
                    t.column("id", SqlType::Integer).primary_key();
                    t.column("user_id", SqlType::Integer)
                        .references(&users(), "nope");
                })
                .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "a self-referencing foreign key to an unknown column",
        fails!(Error::InvalidSchema(_), "\"nope\""),
        || {
            let mut meta = MetaData::new();
            meta.table("tree", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("parent_id", SqlType::Integer)
                    .references_named("tree", "nope");
            })?;
            meta.create_statements(false)
                .map(|s| format!("{} statements", s.len()))
        },
    );
    c.add(
        "a foreign key by name to an unknown column of a table in the same MetaData",
        fails!(Error::InvalidSchema(_), "\"users\"", "\"nope\""),
        || {
            let mut meta = MetaData::new();
            meta.table("users", |t| {
                t.column("id", SqlType::Integer).primary_key();
            })?;
            meta.table("orders", |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("user_id", SqlType::Integer)
                    .references_named("users", "nope");
            })?;
            meta.create_statements(false)
                .map(|s| format!("{} statements", s.len()))
        },
    );
    c.add(
        "an index on an unknown column",
        fails!(Error::InvalidSchema(_), "ix_t_nope", "\"nope\""),
        || {
            MetaData::new()
                .table("t", |t| {
                    t.column("id", SqlType::Integer).primary_key();
                    t.index("ix_t_nope", ["nope"]);
                })
                .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "on_delete() without references()",
        fails!(Error::InvalidSchema(_), "on_delete()", "references()"),
        || {
            MetaData::new()
                .table("t", |t| {
                    t.column("id", SqlType::Integer).primary_key();
                    t.column("user_id", SqlType::Integer)
                        .on_delete(FkAction::Cascade);
                })
                .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "an empty table name in MetaData",
        fails!(Error::InvalidSchema(_), "table name", "empty"),
        || {
            MetaData::new()
                .table("", |t| {
                    t.column("id", SqlType::Integer).primary_key();
                })
                .map(|t| t.name().to_owned())
        },
    );
    c.add(
        "CREATE TABLE of a table without columns",
        fails!(Error::InvalidSchema(_), "\"empty\"", "no columns"),
        || {
            let t = MetaData::new().table("empty", |_| {})?;
            sql(&t.create(), &SQLITE)
        },
    );
    c.add(
        "CREATE TABLE of an ad-hoc table()",
        fails!(Error::InvalidStatement(_), "CREATE TABLE", "MetaData"),
        || sql(&table("users").create(), &POSTGRES),
    );
}

// ---------------------------------------------------------------------------
// Constructs a dialect refuses
// ---------------------------------------------------------------------------

/// Expects `Error::Unsupported` for dialect `d`, naming it and the construct.
fn refused(d: &'static dyn Dialect, construct: &'static str) -> Check {
    let name = d.name();
    fails!(Error::Unsupported { dialect, .. } if *dialect == name, name, construct)
}

fn dialect_refusals(c: &mut Cases) {
    c.area("dialect refusals");

    for d in [&SQLITE as &'static dyn Dialect, &MARIADB, &MYSQL8] {
        c.add(
            format!("DISTINCT ON ({})", d.name()),
            refused(d, "DISTINCT ON"),
            move || {
                let q = select(users().c("name"))
                    .distinct_on(users().c("name"))
                    .from(users());
                sql(&q, d)
            },
        );
    }
    for d in [&MARIADB as &'static dyn Dialect, &MYSQL8] {
        c.add(
            format!("FULL OUTER JOIN ({})", d.name()),
            refused(d, "FULL OUTER JOIN"),
            move || {
                let q = select(users().c("id"))
                    .from(users())
                    .full_join(orders(), orders().c("user_id").eq(users().c("id")));
                sql(&q, d)
            },
        );
        c.add(
            format!("GROUPS window frame ({})", d.name()),
            refused(d, "GROUPS"),
            move || {
                let w = WindowSpec::new().order_by(users().c("id")).frame(
                    FrameUnits::Groups,
                    FrameBound::Preceding(1),
                    FrameBound::CurrentRow,
                );
                sql(&select(func::count_star().over(w)).from(users()), d)
            },
        );
        c.add(
            format!("UPDATE … RETURNING ({})", d.name()),
            refused(d, "UPDATE … RETURNING"),
            move || {
                let q = update(&users()).set("name", "x").returning(users().c("id"));
                sql(&q, d)
            },
        );
        c.add(
            format!("VARCHAR without a length ({})", d.name()),
            refused(d, "VARCHAR without a length"),
            move || {
                let t = MetaData::new().table("t", |t| {
                    t.column("id", SqlType::Integer).primary_key();
                    t.column("name", SqlType::String(None));
                })?;
                sql(&t.create(), d)
            },
        );
        // MySQL's LIMIT and OFFSET take a placeholder or an integer literal only:
        // anything else would be a syntax error on the server.
        c.add(
            format!("LIMIT of a column ({})", d.name()),
            refused(d, "LIMIT or OFFSET"),
            move || {
                let q = select(users().c("id")).from(users()).limit(users().c("id"));
                sql(&q, d)
            },
        );
        c.add(
            format!("OFFSET of arithmetic ({})", d.name()),
            refused(d, "LIMIT or OFFSET"),
            move || sql(&select(users().c("id")).from(users()).offset(lit(1) + 1), d),
        );
        c.add(
            format!("a negative LIMIT inlined by to_literal_sql ({})", d.name()),
            refused(d, "non-negative integer"),
            move || {
                select(users().c("id"))
                    .from(users())
                    .limit(-1)
                    .to_literal_sql(d)
            },
        );
        c.add(
            format!("a text OFFSET inlined by to_literal_sql ({})", d.name()),
            refused(d, "non-negative integer"),
            move || {
                select(users().c("id"))
                    .from(users())
                    .limit(1)
                    .offset("2")
                    .to_literal_sql(d)
            },
        );
        c.add(
            format!("CAST to BOOLEAN ({})", d.name()),
            refused(d, "CAST to BOOLEAN"),
            move || {
                sql(
                    &select(users().c("id").cast(SqlType::Boolean)).from(users()),
                    d,
                )
            },
        );
        c.add(
            format!("an index on a TEXT column ({})", d.name()),
            refused(d, "\"body\""),
            move || {
                let t = notes();
                let ix = t
                    .indexes()
                    .iter()
                    .find(|i| i.name.as_ref() == "ix_notes_body")
                    .cloned();
                let ix = ix.expect("ix_notes_body");
                sql(&t.create_index(&ix), d)
            },
        );
        c.add(
            format!("a WHERE on the upsert's update ({})", d.name()),
            refused(d, "WHERE"),
            move || {
                let q = insert(&users()).value("name", "ann").on_conflict(
                    OnConflict::columns(["email"])
                        .do_update([("name", excluded("name"))])
                        .update_where(users().c("id").gt(1)),
                );
                sql(&q, d)
            },
        );
    }
    for d in [&SQLITE as &'static dyn Dialect, &MARIADB, &MYSQL8] {
        c.add(
            format!("the INTERVAL type ({})", d.name()),
            refused(d, "INTERVAL"),
            move || {
                let t = MetaData::new().table("t", |t| {
                    t.column("id", SqlType::Integer).primary_key();
                    t.column("span", SqlType::Interval);
                })?;
                sql(&t.create(), d)
            },
        );
    }
    c.add(
        "INTERSECT ALL (sqlite)",
        refused(&SQLITE, "INTERSECT ALL"),
        || {
            let q = select(users().c("id"))
                .from(users())
                .intersect_all(select(orders().c("user_id")).from(orders()));
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "EXCEPT ALL (sqlite)",
        refused(&SQLITE, "EXCEPT ALL"),
        || {
            let q = select(users().c("id"))
                .from(users())
                .except_all(select(orders().c("user_id")).from(orders()));
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "INSERT … RETURNING (mysql)",
        refused(&MYSQL8, "INSERT … RETURNING"),
        || {
            let q = insert(&users())
                .value("name", "ann")
                .returning(users().c("id"));
            sql(&q, &MYSQL8)
        },
    );
    c.add(
        "DELETE … RETURNING (mysql)",
        refused(&MYSQL8, "DELETE … RETURNING"),
        || sql(&delete(&users()).returning(users().c("id")), &MYSQL8),
    );
    c.add(
        "ON CONFLICT ON CONSTRAINT (sqlite)",
        refused(&SQLITE, "ON CONFLICT ON CONSTRAINT"),
        || {
            let q = insert(&users())
                .value("name", "ann")
                .on_conflict(OnConflict::constraint("users_email_key").do_nothing());
            sql(&q, &SQLITE)
        },
    );
    c.add(
        "ON CONFLICT DO UPDATE without a target (postgresql)",
        refused(&POSTGRES, "without a conflict target"),
        || {
            let q = insert(&users())
                .value("name", "ann")
                .on_conflict(OnConflict::any().do_update([("name", excluded("name"))]));
            sql(&q, &POSTGRES)
        },
    );
    c.add(
        "CREATE INDEX IF NOT EXISTS (mysql)",
        refused(&MYSQL8, "CREATE INDEX IF NOT EXISTS"),
        || {
            let t = notes();
            let ix = t
                .indexes()
                .iter()
                .find(|i| i.name.as_ref() == "ix_notes_title")
                .cloned();
            sql(
                &t.create_index(&ix.expect("ix_notes_title")).if_not_exists(),
                &MYSQL8,
            )
        },
    );
    c.add(
        "DROP INDEX IF EXISTS (mysql)",
        refused(&MYSQL8, "DROP INDEX IF EXISTS"),
        || {
            let t = notes();
            let ix = t
                .indexes()
                .iter()
                .find(|i| i.name.as_ref() == "ix_notes_title")
                .cloned();
            sql(
                &t.drop_index(&ix.expect("ix_notes_title")).if_exists(),
                &MYSQL8,
            )
        },
    );
    c.add(
        "WITH … UPDATE (mariadb)",
        refused(&MARIADB, "WITH … UPDATE"),
        || {
            let ids = select(orders().c("user_id")).from(orders()).cte("buyers");
            let q = update(&users())
                .set("name", "buyer")
                .filter(users().c("id").in_(select(ids.c("user_id")).from(&ids)))
                .with(&ids);
            sql(&q, &MARIADB)
        },
    );
    c.add(
        "WITH … DELETE (mariadb)",
        refused(&MARIADB, "WITH … DELETE"),
        || {
            let ids = select(orders().c("user_id")).from(orders()).cte("buyers");
            let q = delete(&users())
                .filter(users().c("id").in_(select(ids.c("user_id")).from(&ids)))
                .with(&ids);
            sql(&q, &MARIADB)
        },
    );
    c.add(
        "WITH … INSERT … VALUES (mysql)",
        refused(&MYSQL8, "WITH … INSERT"),
        || {
            let ids = select(orders().c("user_id")).from(orders()).cte("buyers");
            sql(&insert(&users()).value("name", "ann").with(&ids), &MYSQL8)
        },
    );
    c.add(
        "FOR UPDATE OF (mariadb)",
        refused(&MARIADB, "FOR UPDATE OF"),
        || {
            let q = select(users().c("id"))
                .from(users())
                .for_update()
                .lock_of(["users"]);
            sql(&q, &MARIADB)
        },
    );
    c.add(
        "CAST to JSON (mariadb)",
        refused(&MARIADB, "CAST to JSON"),
        || {
            sql(
                &select(users().c("name").cast(SqlType::Json)).from(users()),
                &MARIADB,
            )
        },
    );
    c.add(
        "upsert DO NOTHING on an INSERT without columns (mariadb)",
        refused(&MARIADB, "DO NOTHING"),
        || {
            let q = insert(&users())
                .default_values()
                .on_conflict(OnConflict::any().do_nothing());
            sql(&q, &MARIADB)
        },
    );
}

// ---------------------------------------------------------------------------
// Parameter limits: chunk or error
// ---------------------------------------------------------------------------

/// An INSERT of `rows` rows into a one-column ad-hoc table: `rows` parameters.
fn insert_of(rows: usize) -> Insert {
    insert(&table("t"))
        .columns(["a"])
        .rows((0..rows as i64).map(|i| (i,)))
}

fn limits(c: &mut Cases) {
    c.area("parameter limits");

    c.add(
        "40,000 parameters on SQLite",
        fails!(Error::InvalidStatement(_), "40000", "sqlite", "32766"),
        || sql(&insert_of(40_000), &SQLITE),
    );
    c.add(
        "70,000 parameters on PostgreSQL",
        fails!(Error::InvalidStatement(_), "70000", "postgresql", "65535"),
        || sql(&insert_of(70_000), &POSTGRES),
    );
    c.add(
        "70,000 parameters on MariaDB",
        fails!(Error::InvalidStatement(_), "70000", "mariadb", "65535"),
        || sql(&insert_of(70_000), &MARIADB),
    );
    c.add(
        "an IN list of 40,000 values executed on SQLite (through the compile cache)",
        // 40,002: the list's values and the two bound 1s.
        fails!(Error::InvalidStatement(_), "40002", "sqlite", "32766"),
        || {
            let engine = Backend::Sqlite.engine();
            let q = select(lit(1)).filter(lit(1).in_((0..40_000).collect::<Vec<i64>>()));
            rows(engine.connect()?.execute(&q)?)
        },
    );

    // The same 70,000 values (1,000 rows of 70 columns) on every engine: one
    // statement is refused naming the limit, insert_many splits them into pages.
    for b in Backend::ALL {
        let limit = if b == Backend::Sqlite {
            "32766"
        } else {
            "65535"
        };
        c.add(
            format!(
                "one INSERT of 70,000 values through the engine ({})",
                b.name()
            ),
            fails!(Error::InvalidStatement(_), "70000", limit),
            move || {
                let cols = wide_columns(70);
                with_table(
                    b,
                    |t| {
                        t.column("id", SqlType::Integer).primary_key();
                        for col in wide_columns(70) {
                            t.column(&col, SqlType::Integer).not_null();
                        }
                    },
                    |conn, t| {
                        let q = insert(t).columns(&cols).rows(
                            wide_rows(1000, 70)
                                .into_iter()
                                .map(|r| r.into_iter().map(lit).collect::<Vec<_>>()),
                        );
                        Ok(format!("{} rows", conn.execute(&q)?.rowcount()))
                    },
                )
            },
        );
        // Pages of as many rows as the limit allows: 32766 / 70 = 468 rows on
        // SQLite (3 INSERTs), 65535 / 70 = 936 elsewhere (2 INSERTs).
        let pages = if b == Backend::Sqlite { 3 } else { 2 };
        c.add(
            format!("insert_many of 70,000 values chunks them ({})", b.name()),
            succeeds(format!(
                "inserted 1000 in {pages} INSERTs, counted 1000, sum(c69) 35034000"
            )),
            move || {
                let inserts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
                let seen = inserts.clone();
                let engine = b
                    .builder()
                    .after_execute(move |e| {
                        if e.sql.starts_with("INSERT") {
                            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    })
                    .build()?;
                let cols = wide_columns(70);
                with_table_on(
                    engine,
                    |t| {
                        t.column("id", SqlType::Integer).primary_key();
                        for col in wide_columns(70) {
                            t.column(&col, SqlType::Integer).not_null();
                        }
                    },
                    |conn, t| {
                        let names: Vec<&str> = cols.iter().map(String::as_str).collect();
                        let n = conn.insert_many(t, &names, wide_rows(1000, 70))?;
                        conn.commit()?;
                        let (count, sum): (i64, f64) = conn
                            .execute(&select((func::count_star(), func::sum(t.c("c69")))).from(t))?
                            .one()?
                            .decode()?;
                        let pages = inserts.load(std::sync::atomic::Ordering::Relaxed);
                        Ok(format!(
                            "inserted {n} in {pages} INSERTs, counted {count}, sum(c69) {sum}"
                        ))
                    },
                )
            },
        );
    }
}

// ---------------------------------------------------------------------------
// Values on the real engines, and reading them back
// ---------------------------------------------------------------------------

struct Person {
    id: i64,
    name: String,
}
sqlcraft::from_row!(Person { id, name });

fn int_table(t: &mut TableBuilder) {
    t.column("id", SqlType::Integer).primary_key();
    t.column("n", SqlType::Integer);
    t.column("s", SqlType::string(5));
    t.column("f", SqlType::Float);
}

fn values(c: &mut Cases) {
    c.area("values");

    for b in [Backend::Postgres, Backend::MariaDb] {
        c.add(
            format!("text 'abc' into an INTEGER column ({})", b.name()),
            db(ErrorKind::Data, &["abc", "integer"]),
            move || {
                with_table(b, int_table, |conn, t| {
                    Ok(format!(
                        "{} row",
                        conn.execute(&insert(t).value("n", "abc"))?.rowcount()
                    ))
                })
            },
        );
        c.add(
            format!("2^40 into an INTEGER column ({})", b.name()),
            db(ErrorKind::Data, &["range"]),
            move || {
                with_table(b, int_table, |conn, t| {
                    let q = insert(t).value("n", 1i64 << 40);
                    Ok(format!("{} row", conn.execute(&q)?.rowcount()))
                })
            },
        );
        c.add(
            format!("six characters into a VARCHAR(5) column ({})", b.name()),
            db(ErrorKind::Data, &["too long"]),
            move || {
                with_table(b, int_table, |conn, t| {
                    let q = insert(t).value("s", "abcdef");
                    Ok(format!("{} row", conn.execute(&q)?.rowcount()))
                })
            },
        );
    }
    c.add(
        "text 'abc' into an INTEGER column (sqlite): flexible typing stores it as TEXT",
        succeeds("stored as text: abc"),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                conn.execute(&insert(t).value("n", "abc"))?;
                let (kind, v): (String, String) = conn
                    .execute(&select((func::call("typeof", [t.c("n")]), t.c("n"))).from(t))?
                    .one()?
                    .decode()?;
                Ok(format!("stored as {kind}: {v}"))
            })
        },
    );
    c.add(
        "…and reading it back as i64 (sqlite) names the column",
        fails!(Error::Decode { column, .. } if column == "n", "column n", "text", "i64"),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                conn.execute(&insert(t).value("n", "abc"))?;
                let n: i64 = conn.execute(&select(t.c("n")).from(t))?.scalar_one()?;
                Ok(n.to_string())
            })
        },
    );
    c.add(
        "text with a NUL character (postgresql)",
        db(ErrorKind::Data, &["NUL", "bytea"]),
        || {
            with_table(
                Backend::Postgres,
                |t| {
                    t.column("id", SqlType::Integer).primary_key();
                    t.column("body", SqlType::Text);
                },
                |conn, t| {
                    let q = insert(t).value("body", "a\0b");
                    Ok(format!("{} row", conn.execute(&q)?.rowcount()))
                },
            )
        },
    );
    c.add(
        "NaN into a REAL column (sqlite): refused by the adapter",
        db(ErrorKind::Data, &["NaN", "NULL"]),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                let q = insert(t).value("f", f64::NAN);
                Ok(format!("{} row", conn.execute(&q)?.rowcount()))
            })
        },
    );
    c.add(
        "NaN into a DOUBLE column (mariadb)",
        db(ErrorKind::Data, &["NaN"]),
        || {
            with_table(Backend::MariaDb, int_table, |conn, t| {
                let q = insert(t).value("f", f64::NAN);
                let n = conn.execute(&q)?.rowcount();
                let back: Value = conn.execute(&select(t.c("f")).from(t))?.scalar_one()?;
                Ok(format!("{n} row, read back as {back:?}"))
            })
        },
    );

    // Reading rows with the wrong type, name or index, on every engine.
    for b in Backend::ALL {
        c.add(
            format!("row.get::<i64>(\"name\") of a text column ({})", b.name()),
            fails!(Error::Decode { column, .. } if column == "name", "column name", "text", "i64"),
            move || {
                let engine = b.engine();
                let row = engine
                    .connect()?
                    .execute(&text("SELECT 'ann' AS name"))?
                    .one()?;
                row.get::<i64, _>("name").map(|n| n.to_string())
            },
        );
        c.add(
            format!("row.get(\"nope\"): a column the row lacks ({})", b.name()),
            fails!(Error::Decode { column, .. } if column == "nope", "nope", "no such column", "name"),
            move || {
                let engine = b.engine();
                let row = engine.connect()?.execute(&text("SELECT 'ann' AS name"))?.one()?;
                row.get::<String, _>("nope")
            },
        );
        c.add(
            format!("row.get(5) of a one-column row ({})", b.name()),
            fails!(Error::Decode { column, .. } if column == "5", "5", "only 1 column"),
            move || {
                let engine = b.engine();
                let row = engine
                    .connect()?
                    .execute(&text("SELECT 'ann' AS name"))?
                    .one()?;
                row.get::<String, _>(5usize)
            },
        );
    }
    c.add(
        "row.get::<i32>() of a value past i32::MAX (sqlite)",
        fails!(Error::Decode { column, .. } if column == "big", "4294967296", "out of range", "i32"),
        || {
            let engine = Backend::Sqlite.engine();
            let row = engine.connect()?.execute(&text("SELECT 4294967296 AS big"))?.one()?;
            row.get::<i32, _>("big").map(|n| n.to_string())
        },
    );
    c.add(
        "row.get::<bool>() of the integer 2 (sqlite)",
        fails!(Error::Decode { column, .. } if column == "flag", "column flag", "bool"),
        || {
            let engine = Backend::Sqlite.engine();
            let row = engine
                .connect()?
                .execute(&text("SELECT 2 AS flag"))?
                .one()?;
            row.get::<bool, _>("flag").map(|n| n.to_string())
        },
    );
    c.add(
        "from_row! decoding a row that lacks a field",
        fails!(Error::Decode { column, .. } if column == "id", "id", "no such column", "name"),
        || {
            let engine = Backend::Sqlite.engine();
            let r = engine.connect()?.execute(&text("SELECT 'ann' AS name"))?;
            r.fetch::<Person>().map(|people| {
                people
                    .iter()
                    .map(|p| format!("{} {}", p.id, p.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        },
    );
    c.add(
        "one() on zero rows",
        fails!(Error::NoRows, "no rows", "exactly one"),
        || {
            let engine = Backend::Sqlite.engine();
            let r = engine
                .connect()?
                .execute(&select(lit(1)).filter(lit(1).eq(0)))?;
            r.one().map(|row| format!("{row:?}"))
        },
    );
    c.add(
        "one() on two rows",
        fails!(Error::MultipleRows, "more than one row"),
        || {
            let engine = Backend::Sqlite.engine();
            let r = engine
                .connect()?
                .execute(&text("SELECT 1 UNION ALL SELECT 2"))?;
            r.one().map(|row| format!("{row:?}"))
        },
    );
    c.add(
        "one_or_none() on two rows",
        fails!(Error::MultipleRows, "more than one row"),
        || {
            let engine = Backend::Sqlite.engine();
            let r = engine
                .connect()?
                .execute(&text("SELECT 1 UNION ALL SELECT 2"))?;
            r.one_or_none().map(|row| format!("{row:?}"))
        },
    );
    c.add(
        "scalar_one() on zero rows",
        fails!(Error::NoRows, "no rows"),
        || {
            let engine = Backend::Sqlite.engine();
            let r = engine
                .connect()?
                .execute(&select(lit(1)).filter(lit(1).eq(0)))?;
            r.scalar_one::<i64>().map(|n| n.to_string())
        },
    );
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

fn urls(c: &mut Cases) {
    c.area("URLs");

    c.add(
        "an empty URL (sqlite)",
        fails!(Error::Url(_), "scheme"),
        || connect_and_select(sqlcraft_sqlite::create_engine("")),
    );
    c.add(
        "an empty URL (postgresql)",
        fails!(Error::Url(_), "scheme"),
        || connect_and_select(sqlcraft_postgres::create_engine("")),
    );
    c.add(
        "an empty URL (mysql)",
        fails!(Error::Url(_), "scheme"),
        || connect_and_select(sqlcraft_mysql::create_engine("")),
    );
    c.add(
        "a URL without a scheme",
        fails!(Error::Url(_), "scheme", "localhost/shop"),
        || connect_and_select(sqlcraft_postgres::create_engine("localhost/shop")),
    );
    c.add(
        "a scheme with a space",
        fails!(Error::Url(_), "scheme"),
        || connect_and_select(sqlcraft_postgres::create_engine("post gres://u@h/db")),
    );
    c.add(
        "a port that is not a number",
        fails!(Error::Url(_), "port", "\"abc\""),
        || {
            connect_and_select(sqlcraft_postgres::create_engine(
                "postgresql://u@127.0.0.1:abc/db",
            ))
        },
    );
    c.add(
        "a port out of range",
        fails!(Error::Url(_), "port", "99999", "65535"),
        || {
            connect_and_select(sqlcraft_mysql::create_engine(
                "mysql://u@127.0.0.1:99999/db",
            ))
        },
    );
    c.add(
        "an unclosed IPv6 bracket",
        fails!(Error::Url(_), "unclosed", "["),
        || connect_and_select(sqlcraft_postgres::create_engine("postgresql://u@[::1/db")),
    );
    c.add(
        "bad percent-encoding",
        fails!(Error::Url(_), "%ff", "percent-encoded"),
        || connect_and_select(sqlcraft_mysql::create_engine("mysql://u@h/%ff%fe")),
    );
    c.add(
        "a URL error never shows the password",
        never_shows("hunter2", fails!(Error::Url(_), "port", "***")),
        || {
            connect_and_select(sqlcraft_postgres::create_engine(
                "postgresql://ann:hunter2@h:99999/db",
            ))
        },
    );
    c.add(
        "a password with an unencoded '/' is not shown in the error",
        never_shows("s3cr", fails!(Error::Url(_))),
        || {
            connect_and_select(sqlcraft_postgres::create_engine(
                "postgresql://ann:s3cr/et@h/db",
            ))
        },
    );

    // A driver given another engine's URL: refused, naming the scheme, at once.
    c.add(
        "the postgres driver given a mysql:// URL",
        db(ErrorKind::Programming, &["mysql://", "postgresql://"]),
        || connect_and_select(sqlcraft_postgres::create_engine(&mysql_url())),
    );
    c.add(
        "the mysql driver given a postgresql:// URL",
        db(ErrorKind::Programming, &["postgresql://", "mysql://"]),
        || connect_and_select(sqlcraft_mysql::create_engine(&pg_url())),
    );
    c.add(
        "the sqlite driver given a postgresql:// URL",
        db(ErrorKind::Programming, &["postgresql://", "sqlite://"]),
        || connect_and_select(sqlcraft_sqlite::create_engine("postgresql:///app.db")),
    );

    // Unknown query options: each adapter refuses them rather than ignore a typo.
    c.add(
        "an unknown query option (sqlite, in memory)",
        db(
            ErrorKind::Programming,
            &["unknown option", "\"foreign_key\""],
        ),
        || {
            connect_and_select(sqlcraft_sqlite::create_engine(
                "sqlite:///:memory:?foreign_key=off",
            ))
        },
    );
    c.add(
        "an unknown query option (sqlite, file)",
        db(
            ErrorKind::Programming,
            &["unknown option", "\"foreign_key\""],
        ),
        || {
            connect_and_select(sqlcraft_sqlite::create_engine(
                "sqlite:////tmp/sqlcraft-bad-input.db?foreign_key=off",
            ))
        },
    );
    c.add(
        "an unknown query option (postgresql)",
        db(
            ErrorKind::Programming,
            &["unknown connection option", "\"sslmod\""],
        ),
        || {
            connect_and_select(sqlcraft_postgres::create_engine(&format!(
                "{}?sslmod=disable",
                pg_url()
            )))
        },
    );
    c.add(
        "an unknown query option (postgresql, PoolKind::Null: no retrying pool)",
        db(
            ErrorKind::Programming,
            &["unknown connection option", "\"sslmod\""],
        ),
        || {
            let url = format!("{}?sslmod=disable", pg_url());
            connect_and_select(
                sqlcraft_postgres::engine_builder(&url)
                    .and_then(|b| b.pool_kind(PoolKind::Null).build()),
            )
        },
    );
    c.add(
        "an unknown query option (mysql)",
        db(ErrorKind::Programming, &["unknown option", "\"sslmode\""]),
        || {
            connect_and_select(sqlcraft_mysql::create_engine(&format!(
                "{}?sslmode=require",
                mysql_url()
            )))
        },
    );

    // The database cannot be reached.
    c.add(
        "a SQLite file in a directory that does not exist",
        db(ErrorKind::Connection, &["/nonexistent-sqlcraft-dir/app.db"]),
        || {
            connect_and_select(sqlcraft_sqlite::create_engine(
                "sqlite:////nonexistent-sqlcraft-dir/app.db",
            ))
        },
    );
    c.add(
        "a SQLite file in a directory that does not exist (PoolKind::Null)",
        db(ErrorKind::Connection, &["unable to open"]),
        || {
            let b = sqlcraft_sqlite::engine_builder("sqlite:////nonexistent-sqlcraft-dir/app.db");
            connect_and_select(b.and_then(|b| b.pool_kind(PoolKind::Null).build()))
        },
    );
    c.add(
        "a wrong password (postgresql)",
        never_shows(
            "wrong-pw-1",
            db(ErrorKind::Connection, &["password authentication failed"]),
        ),
        || {
            connect_and_select(sqlcraft_postgres::create_engine(&with_password(
                &pg_url(),
                "wrong-pw-1",
            )))
        },
    );
    c.add(
        "a wrong password (postgresql, PoolKind::Null)",
        never_shows(
            "wrong-pw-2",
            db(ErrorKind::Connection, &["password authentication failed"]),
        ),
        || {
            let b = sqlcraft_postgres::engine_builder(&with_password(&pg_url(), "wrong-pw-2"));
            connect_and_select(b.and_then(|b| b.pool_kind(PoolKind::Null).build()))
        },
    );
    c.add(
        "a wrong password (mariadb)",
        never_shows("wrong-pw-3", db(ErrorKind::Connection, &["access denied"])),
        || {
            connect_and_select(sqlcraft_mysql::create_engine(&with_password(
                &mysql_url(),
                "wrong-pw-3",
            )))
        },
    );
    c.add(
        "a wrong password (mariadb, PoolKind::Null)",
        never_shows("wrong-pw-4", db(ErrorKind::Connection, &["access denied"])),
        || {
            let b = sqlcraft_mysql::engine_builder(&with_password(&mysql_url(), "wrong-pw-4"));
            connect_and_select(b.and_then(|b| b.pool_kind(PoolKind::Null).build()))
        },
    );
    for (driver, scheme) in [("postgresql", "postgresql"), ("mysql", "mysql")] {
        c.add(
            format!("a closed port fails at once with the driver's error ({driver})"),
            never_shows(
                "closed-pw",
                // SQLAlchemy's semantics: the pool connects inline and the
                // driver's error comes back at once, not as a timeout.
                fails!(
                    Error::Database(e) if e.kind == ErrorKind::Connection,
                    "refused"
                ),
            ),
            move || {
                let url = format!(
                    "{scheme}://sqlcraft:closed-pw@127.0.0.1:{}/sqlcraft_test",
                    closed_port()
                );
                let builder = match driver {
                    "postgresql" => sqlcraft_postgres::engine_builder(&url),
                    _ => sqlcraft_mysql::engine_builder(&url),
                };
                connect_and_select(
                    builder.and_then(|b| b.pool_timeout(Duration::from_secs(2)).build()),
                )
            },
        );
    }
}

// ---------------------------------------------------------------------------
// Connections and the engine
// ---------------------------------------------------------------------------

/// Kills the server session behind `victim` from another engine's connection.
fn kill(b: Backend, victim: &mut Connection) -> sqlcraft::Result<()> {
    let (id_sql, kill_sql): (&str, fn(i64) -> String) = match b {
        Backend::Postgres => ("SELECT pg_backend_pid()", |id| {
            format!("SELECT pg_terminate_backend({id})")
        }),
        Backend::MariaDb => ("SELECT CONNECTION_ID()", |id| format!("KILL {id}")),
        Backend::Sqlite => unreachable!("SQLite has no server session"),
    };
    let id: i64 = victim.execute(&text(id_sql))?.scalar_one()?;
    let killer = b.engine();
    let mut conn = killer.connect()?;
    conn.exec_driver_sql(&kill_sql(id), &[])?;
    conn.commit()?;
    // The server ends the session as the kill returns; give the socket a moment.
    std::thread::sleep(Duration::from_millis(500));
    Ok(())
}

fn connections(c: &mut Cases) {
    c.area("connections");

    for b in [Backend::Postgres, Backend::MariaDb] {
        c.add(
            format!(
                "a statement on a connection the server killed ({})",
                b.name()
            ),
            db(ErrorKind::Connection, &[]),
            move || {
                let engine = b.engine();
                let mut victim = engine.connect()?;
                kill(b, &mut victim)?;
                rows(victim.execute(&text("SELECT 1"))?)
            },
        );
        c.add(
            format!(
                "after a kill, the pool hands out a live connection ({})",
                b.name()
            ),
            succeeds("failed with Connection, then SELECT 1 gave 1"),
            move || {
                let engine = b.builder().pool_size(1).max_overflow(0).build()?;
                let mut victim = engine.connect()?;
                kill(b, &mut victim)?;
                let kind = match victim.execute(&text("SELECT 1")) {
                    Err(e) => format!("{:?}", e.db_kind()),
                    Ok(_) => "no error".into(),
                };
                drop(victim);
                let one: i64 = engine.connect()?.execute(&select(lit(1)))?.scalar_one()?;
                Ok(format!(
                    "failed with {}, then SELECT 1 gave {one}",
                    kind.trim_start_matches("Some(").trim_end_matches(')')
                ))
            },
        );
    }
    for b in Backend::ALL {
        c.add(
            format!("begin() twice ({})", b.name()),
            fails!(Error::InvalidStatement(_), "transaction is already open"),
            move || {
                let engine = b.engine();
                let mut conn = engine.connect()?;
                conn.begin()?;
                conn.begin().map(|()| "began twice".into())
            },
        );
        c.add(
            format!("a before_execute handler refuses the statement ({})", b.name()),
            fails!(Error::Rejected(reason) if reason.contains("no DROP"), "before_execute", "no DROP here"),
            move || {
                let engine = b
                    .builder()
                    .before_execute(|e| {
                        if e.sql.to_ascii_uppercase().contains("DROP") {
                            Err("no DROP here".into())
                        } else {
                            Ok(())
                        }
                    })
                    .build()?;
                rows(engine.connect()?.execute(&text("DROP TABLE IF EXISTS sqlcraft_never_there"))?)
            },
        );
        c.add(
            format!("two statements in one text() ({})", b.name()),
            db(ErrorKind::Programming, &[]),
            move || rows(b.engine().connect()?.execute(&text("SELECT 1; SELECT 2"))?),
        );
        c.add(
            format!("an empty text() ({})", b.name()),
            error(
                "an error saying the statement is empty",
                |e| {
                    matches!(e, Error::InvalidText(_) | Error::InvalidStatement(_))
                        || e.db_kind() == Some(ErrorKind::Programming)
                },
                &["empty"],
            ),
            move || rows(b.engine().connect()?.execute(&text(""))?),
        );
        c.add(
            format!(
                "exec_driver_sql with fewer values than placeholders ({})",
                b.name()
            ),
            db(ErrorKind::Programming, &["1", "0"]),
            move || {
                let sql = if b == Backend::Postgres {
                    "SELECT $1::int8"
                } else {
                    "SELECT ?"
                };
                rows(b.engine().connect()?.exec_driver_sql(sql, &[])?)
            },
        );
    }
    c.add(
        "Connection::execute_with without a value for :id (postgresql)",
        fails!(Error::MissingBindParam { name } if name == "id", "\"id\""),
        || {
            let engine = Backend::Postgres.engine();
            let q = select(lit(1)).filter(lit(1).eq(bindparam("id")));
            rows(engine.connect()?.execute_with(&q, &[])?)
        },
    );
    c.add(
        "Connection::execute_with with one of two values (sqlite)",
        fails!(Error::MissingBindParam { name } if name == "b", "\"b\""),
        || {
            let engine = Backend::Sqlite.engine();
            let q = select(lit(1)).filter(lit(1).eq(bindparam("a")).and(lit(2).eq(bindparam("b"))));
            rows(
                engine
                    .connect()?
                    .execute_with(&q, &[("a", Value::Int(1))])?,
            )
        },
    );
    c.add(
        "Connection::execute_with with a name the statement lacks (mariadb)",
        fails!(Error::UnknownBindParam { name } if name == "idd", "\"idd\""),
        || {
            let engine = Backend::MariaDb.engine();
            let q = select(lit(1)).filter(lit(1).eq(bindparam("id")));
            rows(
                engine
                    .connect()?
                    .execute_with(&q, &[("id", Value::Int(1)), ("idd", Value::Int(2))])?,
            )
        },
    );
    c.add(
        "Connection::execute_many with a name the statement lacks (sqlite)",
        fails!(Error::UnknownBindParam { name } if name == "nmae", "\"nmae\""),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                let q = insert(t).value("n", bindparam("n"));
                let sets = vec![vec![("n", Value::Int(1))], vec![("nmae", Value::Int(2))]];
                Ok(format!("{} rows", conn.execute_many(&q, &sets)?))
            })
        },
    );
    c.add(
        "insert_many with a row of the wrong width (sqlite)",
        fails!(Error::InvalidStatement(_), "row 2", "1 values", "2 columns"),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                let rows = vec![vec![Value::Int(1), Value::from("a")], vec![Value::Int(2)]];
                Ok(format!("{} rows", conn.insert_many(t, &["n", "s"], rows)?))
            })
        },
    );
    c.add(
        "insert_many with no columns (sqlite)",
        fails!(Error::InvalidStatement(_), "at least one column"),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                Ok(format!("{} rows", conn.insert_many(t, &[], vec![vec![]])?))
            })
        },
    );
    c.add(
        "insert_many naming a column twice (sqlite)",
        fails!(Error::InvalidStatement(_), "\"n\"", "twice"),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                let rows = vec![vec![Value::Int(1), Value::Int(2)]];
                Ok(format!("{} rows", conn.insert_many(t, &["n", "n"], rows)?))
            })
        },
    );
    c.add(
        "insert_many with an unknown column (sqlite)",
        fails!(Error::UnknownColumn { .. }, "nope"),
        || {
            with_table(Backend::Sqlite, int_table, |conn, t| {
                Ok(format!(
                    "{} rows",
                    conn.insert_many(t, &["nope"], vec![vec![Value::Int(1)]])?
                ))
            })
        },
    );
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

#[test]
fn bad_input() {
    let mut cases = Cases::default();
    statements(&mut cases);
    dialect_refusals(&mut cases);
    limits(&mut cases);
    values(&mut cases);
    urls(&mut cases);
    connections(&mut cases);

    let tried = cases.list.len();
    let results = run_all(cases.list);

    let (mut passed, mut known) = (0, 0);
    let mut failures = Vec::new();
    let mut areas: Vec<(&str, usize)> = Vec::new();
    let mut area = "";
    for (case, ran) in &results {
        if case.area != area {
            area = case.area;
            areas.push((area, 0));
            println!("\n== {area} ==");
        }
        areas.last_mut().expect("an area").1 += 1;
        let (verdict, detail) = match ran {
            Ran::Returned(outcome, took) => {
                let slow = if *took > Duration::from_secs(1) {
                    format!(" [{:.1} s]", took.as_secs_f64())
                } else {
                    String::new()
                };
                match (case.check)(outcome) {
                    Ok(()) => (Ok(()), format!("{}{slow}", describe(outcome))),
                    Err(why) => (Err(()), format!("{why}{slow}")),
                }
            }
            Ran::Panicked(msg) => (Err(()), format!("panicked: {}", clip(msg, 400))),
            Ran::Hung => (
                Err(()),
                format!("no result within {} s: hangs", case.deadline.as_secs()),
            ),
        };
        // A panic in this test's own code (a missing server URL, a failed setup)
        // is never the known bug: only the library's misbehaviour is.
        let harness_panic = matches!(ran, Ran::Panicked(m) if m.starts_with("panicked at tests/"));
        let known_bug = case.known_bug.filter(|_| !harness_panic);
        let label = match (verdict, known_bug) {
            (Ok(()), None) => {
                passed += 1;
                "PASS"
            }
            (Err(()), Some(_)) => {
                known += 1;
                "KNOWN BUG"
            }
            (Err(()), None) => {
                failures.push(format!("{area} / {}: {detail}", case.name));
                "FAIL"
            }
            (Ok(()), Some(_)) => {
                failures.push(format!(
                    "{area} / {}: marked as a known bug but passes; remove the note",
                    case.name
                ));
                "FIXED?"
            }
        };
        println!("{label:>9}  {}", case.name);
        println!("           -> {detail}");
        if let (Some(bug), "KNOWN BUG") = (known_bug, label) {
            println!("           bug: {bug}");
        }
    }

    println!();
    for (area, n) in &areas {
        println!("{area}: {n} cases");
    }
    println!("bad inputs tried: {tried}");
    println!(
        "{passed} passed, {} failed, {known} known bugs (expected failures)",
        failures.len()
    );
    assert_eq!(passed + known + failures.len(), tried);
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
