//! Injection suite: a corpus of hostile strings, sent through every place a
//! value or a name can reach SQL, on SQLite, PostgreSQL and MariaDB.
//!
//! * values (bound parameters) in INSERT, UPDATE SET, WHERE `=`, LIKE, IN,
//!   `text()` parameters, upsert `excluded`, the select list, and as bytes;
//! * identifiers: table, column, alias, label, CTE, index and constraint names;
//! * literal-rendering mode (`to_literal_sql`), MariaDB with and without
//!   `NO_BACKSLASH_ESCAPES`, PostgreSQL with `standard_conforming_strings`, and
//!   DDL literals (`server_default`, CHECK) which are always rendered inline.
//!
//! A sentinel table with [`SENTINEL_ROWS`] rows is counted after every case.
//!
//! Values an engine cannot store are typed errors, asserted per case:
//!
//! | case | engine | error |
//! |---|---|---|
//! | text containing NUL, bound | PostgreSQL | `ErrorKind::Data` (the adapter refuses it) |
//! | text containing NUL, literal mode / DDL literal | SQLite, PostgreSQL, MariaDB with `NO_BACKSLASH_ESCAPES` | `Error::Unsupported` |
//! | LIKE pattern over 50 000 bytes | SQLite | `Error::Database` "LIKE or GLOB pattern too complex" (SQLITE_MAX_LIKE_PATTERN_LENGTH) |
//!
//! Names an engine cannot hold are typed errors too: empty or NUL-bearing names
//! and names over the length limit (PostgreSQL 63 bytes, MySQL 64 characters)
//! are `Error::InvalidIdentifier` before anything is sent; MariaDB refuses
//! table, column and index names with trailing spaces, and names with characters
//! outside the BMP, with a server error (`Error::Database`).

mod support;

use sqlcraft::engine::{Connection, CursorResult, Engine, ErrorKind};
use sqlcraft::prelude::*;
use sqlcraft::{Dialect, Error};
use sqlcraft_mysql::MySql;
use std::cell::RefCell;
use support::{unique, Backend};

const SENTINEL_ROWS: i64 = 7;

// ---------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------

/// One hostile string. `value_only`: too big to be a name (1 MB).
struct Hostile {
    s: String,
    value_only: bool,
}

fn corpus(sentinel: &str) -> Vec<Hostile> {
    let s = sentinel;
    let mut v: Vec<String> = vec![
        // quotes of every kind
        "'".into(),
        "\"".into(),
        "`".into(),
        "[".into(),
        "]".into(),
        "[x]".into(),
        "a'b\"c`d[e]f".into(),
        // doubled and backslashed quotes
        "''".into(),
        "\"\"".into(),
        "``".into(),
        "\\'".into(),
        "\\\\'".into(),
        "\\\"".into(),
        "\\`".into(),
        "'' OR ''='".into(),
        "' OR '1'='1".into(),
        "\" OR \"1\"=\"1".into(),
        "` OR 1=1 -- ".into(),
        "' UNION SELECT NULL, NULL --".into(),
        // comment openers
        "--".into(),
        "-- comment".into(),
        "#".into(),
        "# comment\n".into(),
        "/*".into(),
        "*/".into(),
        "/* x */".into(),
        "/*! 1=1 */".into(),
        // semicolons and stacked statements aimed at the sentinel
        ";".into(),
        format!("'; DROP TABLE {s}; --"),
        format!("\"; DROP TABLE {s}; --"),
        format!("`; DROP TABLE {s}; --"),
        format!("'); DELETE FROM {s}; --"),
        format!("\\'; DROP TABLE {s}; -- "),
        format!("\\\\'; DELETE FROM {s} WHERE 1=1; #"),
        format!("1; DELETE FROM {s}"),
        format!("]; DROP TABLE {s}; --"),
        format!("*/; DELETE FROM {s}; /*"),
        // NUL bytes
        "a\0b".into(),
        "\0".into(),
        format!("\0'; DROP TABLE {s}; --"),
        // placeholders
        "$1".into(),
        "?".into(),
        ":name".into(),
        "%s".into(),
        "%(name)s".into(),
        "? :name $1 %s @p1".into(),
        // PostgreSQL dollar quotes
        "$$".into(),
        "$tag$".into(),
        format!("$$; DROP TABLE {s}; $$"),
        format!("$tag$'; DROP TABLE {s}; --$tag$"),
        // backslash sequences, written out and real
        "\\n".into(),
        "\\0".into(),
        "\\Z".into(),
        "\\x00".into(),
        "\\".into(),
        "\\\\".into(),
        "abc\\".into(),
        "\\%\\_".into(),
        "100%_off".into(),
        "line1\nline2\r\nline3\ttab".into(),
        "\u{1a}".into(),
        "\u{1}\u{7}\u{8}\u{1b}\u{7f}".into(),
        // Unicode look-alikes
        "\u{FF07} OR \u{FF07}1\u{FF07}=\u{FF07}1".into(),
        "\u{02BC}; DROP TABLE x; --".into(),
        format!("\u{2019}; DROP TABLE {s}; --"),
        "\u{0430}dmin".into(),
        "\u{0455}\u{0435}l\u{0435}\u{0441}t".into(),
        "\u{bf}\\'".into(),
        "\u{FEFF}\u{200B}'".into(),
        // bidi overrides
        "\u{202E}'--\u{202C}".into(),
        "\u{2066}\u{2067}'\u{2069}".into(),
        // emoji and combining marks
        "\u{1F600}'\u{1F4A5}".into(),
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}".into(),
        "e\u{301}'\u{302}\u{303}".into(),
        "Z\u{351}\u{34B}\u{34C}a\u{35B}l\u{357}g\u{35D}o".into(),
        // whitespace
        "   ".into(),
        " \t\n ".into(),
        "abc ".into(),
        " abc".into(),
        "".into(),
        // other literal prefixes
        "N'x'".into(),
        "E'\\\\'".into(),
        "X'00'".into(),
        "'||'".into(),
        // long
        "x".repeat(64),
        "y".repeat(65),
    ];
    let long: String = format!("'; DROP TABLE {s}; -- \\' \" ` $$ ")
        .chars()
        .cycle()
        .take(100 * 1024)
        .collect();
    v.push(long);
    let mut out: Vec<Hostile> = v
        .into_iter()
        .map(|s| Hostile {
            s,
            value_only: false,
        })
        .collect();
    let mb: String = "\\'\"`;--\0$$é\u{1F600}"
        .chars()
        .cycle()
        .take(1024 * 1024)
        .collect();
    out.push(Hostile {
        s: mb,
        value_only: true,
    });
    out
}

/// Byte strings, mostly invalid UTF-8, for LargeBinary columns.
fn byte_corpus() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = vec![
        vec![0xff],
        vec![0xfe, 0xff],
        vec![0xc0, 0x27],       // overlong '
        vec![0xc0, 0xa7],       // overlong ' (other form)
        vec![0xe0, 0x80, 0xa7], // three-byte overlong '
        vec![0xed, 0xa0, 0x80], // surrogate
        vec![0xf8, 0x88, 0x80, 0x80, 0x80],
        vec![0x80],
        vec![0xe2, 0x80],       // truncated
        vec![0xbf, 0x5c, 0x27], // GBK-style ¿\'
        vec![0x27, 0x00, 0x5c, 0x27],
        vec![0x00],
        vec![0x00, 0x00, 0x00],
        b"'; DROP TABLE x; --\xff".to_vec(),
        b"\\x00".to_vec(),
        Vec::new(),
        (0u8..=255).collect(),
    ];
    v.push((0..100 * 1024).map(|i| (i * 7 + 13) as u8).collect());
    v
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A short, printable form of a hostile string for messages.
fn show(s: &str) -> String {
    if s.chars().count() > 40 {
        let head: String = s.chars().take(40).collect();
        format!("{head:?}… ({} bytes)", s.len())
    } else {
        format!("{s:?}")
    }
}

fn show_value(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("Text({})", show(s)),
        Value::Bytes(b) if b.len() > 40 => format!("Bytes({:?}… {} bytes)", &b[..40], b.len()),
        other => format!("{other:?}"),
    }
}

/// Asserts `got == want` without dumping megabytes.
#[track_caller]
fn same(ctx: &str, got: &Value, want: &Value) {
    if got != want {
        let detail = match (got, want) {
            (Value::Text(g), Value::Text(w)) => {
                let at = g
                    .bytes()
                    .zip(w.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(g.len().min(w.len()));
                format!(
                    "lengths {} vs {}, first difference at byte {at}",
                    g.len(),
                    w.len()
                )
            }
            _ => String::new(),
        };
        panic!(
            "{ctx}: read back {} but sent {} {detail}",
            show_value(got),
            show_value(want)
        );
    }
}

/// Commits after success and rolls back after failure, so an error never
/// leaves an aborted PostgreSQL transaction behind.
fn finish(
    conn: &mut Connection,
    r: sqlcraft::Result<CursorResult>,
) -> sqlcraft::Result<CursorResult> {
    match &r {
        Ok(_) => conn.commit().expect("commit"),
        Err(_) => {
            let _ = conn.rollback();
        }
    }
    r
}

fn run<S: Compile>(conn: &mut Connection, stmt: &S) -> sqlcraft::Result<CursorResult> {
    let r = conn.execute(stmt);
    finish(conn, r)
}

fn raw(conn: &mut Connection, sql: &str, params: &[Value]) -> sqlcraft::Result<CursorResult> {
    let r = conn.exec_driver_sql(sql, params);
    finish(conn, r)
}

#[track_caller]
fn ok<T>(ctx: &str, r: sqlcraft::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("{ctx}: unexpected error: {e}"))
}

/// The ids a query returns, sorted.
#[track_caller]
fn ids(ctx: &str, r: sqlcraft::Result<CursorResult>) -> Vec<i64> {
    let mut v: Vec<i64> = ok(ctx, ok(ctx, r).scalars::<i64>());
    v.sort_unstable();
    v
}

fn placeholder(b: Backend, i: usize) -> String {
    match b {
        Backend::Postgres => format!("${i}"),
        _ => "?".into(),
    }
}

/// Drops every registered table when the test ends, passed or not.
struct Guard {
    engine: Engine,
    tables: RefCell<Vec<Table>>,
}

impl Guard {
    fn new(engine: Engine) -> Guard {
        Guard {
            engine,
            tables: RefCell::new(Vec::new()),
        }
    }
    fn add(&self, t: &Table) {
        self.tables.borrow_mut().push(t.clone());
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let Ok(mut conn) = self.engine.connect() else {
            return;
        };
        for t in self.tables.borrow().iter().rev() {
            let _ = run(&mut conn, &t.drop().if_exists());
        }
    }
}

/// Creates a table and its indexes.
fn create(conn: &mut Connection, t: &Table) -> sqlcraft::Result<()> {
    run(conn, &t.create())?;
    for ix in t.indexes() {
        run(conn, &t.create_index(ix))?;
    }
    Ok(())
}

/// The sentinel: created with [`SENTINEL_ROWS`] rows, counted after every case.
struct Sentinel {
    table: Table,
    engine: &'static str,
    checks: u64,
}

impl Sentinel {
    fn create(name: &str, engine: &'static str, guard: &Guard, conn: &mut Connection) -> Sentinel {
        let mut meta = MetaData::new();
        let table = meta
            .table(name, |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("note", SqlType::string(40)).not_null();
            })
            .unwrap();
        guard.add(&table);
        ok("create sentinel", create(conn, &table));
        for i in 1..=SENTINEL_ROWS {
            ok(
                "seed sentinel",
                run(
                    conn,
                    &insert(&table)
                        .value("id", i)
                        .value("note", format!("sentinel-row-{i}")),
                ),
            );
        }
        let mut s = Sentinel {
            table,
            engine,
            checks: 0,
        };
        s.check(conn, "after seeding");
        s
    }

    /// Counts the rows (which also proves the table exists).
    #[track_caller]
    fn check(&mut self, conn: &mut Connection, after: &str) {
        let n: i64 = run(conn, &select(func::count_star()).from(&self.table))
            .and_then(|r| r.scalar_one())
            .unwrap_or_else(|e| {
                panic!(
                    "CRITICAL {}: sentinel table unreadable after {after}: {e}",
                    self.engine
                )
            });
        assert_eq!(
            n, SENTINEL_ROWS,
            "CRITICAL {}: sentinel has {n} rows after {after}",
            self.engine
        );
        self.checks += 1;
    }

    fn lost(&self, conn: &mut Connection) -> i64 {
        let n: i64 = run(conn, &select(func::count_star()).from(&self.table))
            .and_then(|r| r.scalar_one())
            .unwrap_or(0);
        SENTINEL_ROWS - n
    }
}

/// `LIKE` pattern matching exactly `s`, with `\` as the escape character.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Does this engine refuse `s` as bound text? (documented in the module docs)
fn refuses_bound_text(b: Backend, s: &str) -> bool {
    b == Backend::Postgres && s.contains('\0')
}

#[track_caller]
fn assert_data_error<T: std::fmt::Debug>(ctx: &str, r: sqlcraft::Result<T>) {
    match r {
        Err(e) if e.db_kind() == Some(ErrorKind::Data) => {}
        other => panic!("{ctx}: expected an ErrorKind::Data error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// 1. Values
// ---------------------------------------------------------------------------

struct Counts {
    tried: usize,
    ok: usize,
    refused: usize,
}

fn values_on(b: Backend) -> (Counts, i64) {
    let name = b.name();
    let engine = b.engine();
    let guard = Guard::new(engine.clone());
    let mut conn = engine.connect().unwrap();
    let sentinel_name = unique("inj_sentinel");
    let mut sentinel = Sentinel::create(&sentinel_name, name, &guard, &mut conn);

    let mut meta = MetaData::new();
    let tname = unique("inj_values");
    let t = meta
        .table(&tname, |t| {
            t.column("id", SqlType::Integer)
                .primary_key()
                .autoincrement(false);
            t.column("s", SqlType::Text);
            t.column("u", SqlType::Text);
            t.column("b", SqlType::LargeBinary);
        })
        .unwrap();
    guard.add(&t);
    ok("create values table", create(&mut conn, &t));
    // A decoy row that no hostile string may reach.
    ok(
        "decoy",
        run(
            &mut conn,
            &insert(&t)
                .value("id", 0)
                .value("s", "decoy-row")
                .value("u", "decoy-row")
                .value("b", b"decoy-row".to_vec()),
        ),
    );
    let decoy_intact = |conn: &mut Connection, ctx: &str| {
        let row = ok(
            ctx,
            ok(
                ctx,
                run(
                    conn,
                    &select((t.c("s"), t.c("u"), t.c("b")))
                        .from(&t)
                        .filter(t.c("id").eq(0)),
                ),
            )
            .one(),
        );
        assert_eq!(
            row.values(),
            &[v("decoy-row"), v("decoy-row"), v(b"decoy-row".to_vec())],
            "CRITICAL {name}: decoy row changed after {ctx}"
        );
    };

    let mut counts = Counts {
        tried: 0,
        ok: 0,
        refused: 0,
    };
    for (i, h) in corpus(&sentinel_name).iter().enumerate() {
        let h = &h.s;
        let id = i as i64 + 1;
        let ctx = format!("{name} value #{id} {}", show(h));
        counts.tried += 1;
        let want = Value::Text(h.clone());
        let refuse = refuses_bound_text(b, h);

        // INSERT
        let r = run(
            &mut conn,
            &insert(&t)
                .value("id", id)
                .value("s", h.as_str())
                .value("u", "placeholder")
                .value("b", h.as_bytes().to_vec()),
        );
        if refuse {
            assert_data_error(&format!("{ctx}: INSERT"), r);
            // every other statement binding it as text is refused the same way
            assert_data_error(
                &format!("{ctx}: WHERE ="),
                run(
                    &mut conn,
                    &select(t.c("id")).from(&t).filter(t.c("s").eq(h.as_str())),
                ),
            );
            assert_data_error(
                &format!("{ctx}: text()"),
                run(
                    &mut conn,
                    &text(&format!("SELECT id FROM {tname} WHERE s = :v")).bind("v", h.as_str()),
                ),
            );
            assert_data_error(
                &format!("{ctx}: IN"),
                run(
                    &mut conn,
                    &select(t.c("id"))
                        .from(&t)
                        .filter(t.c("s").in_(vec![h.as_str(), "decoy-row"])),
                ),
            );
            // the bytes still round-trip
            ok(
                &ctx,
                run(
                    &mut conn,
                    &insert(&t)
                        .value("id", id)
                        .value("s", "nul-refused")
                        .value("b", h.as_bytes().to_vec()),
                ),
            );
            let got = ok(
                &ctx,
                ok(
                    &ctx,
                    run(
                        &mut conn,
                        &select(t.c("b")).from(&t).filter(t.c("id").eq(id)),
                    ),
                )
                .scalar_one::<Value>(),
            );
            same(
                &format!("{ctx}: bytes"),
                &got,
                &Value::Bytes(h.as_bytes().to_vec()),
            );
            ok(&ctx, run(&mut conn, &delete(&t).filter(t.c("id").eq(id))));
            counts.refused += 1;
            sentinel.check(&mut conn, &ctx);
            decoy_intact(&mut conn, &ctx);
            continue;
        }
        let r = ok(&format!("{ctx}: INSERT"), r);
        assert_eq!(r.rowcount(), 1, "{ctx}: INSERT rowcount");

        // read back by id
        let row = ok(
            &ctx,
            ok(
                &ctx,
                run(
                    &mut conn,
                    &select((t.c("s"), t.c("b")))
                        .from(&t)
                        .filter(t.c("id").eq(id)),
                ),
            )
            .one(),
        );
        same(&format!("{ctx}: INSERT text"), &row.values()[0], &want);
        same(
            &format!("{ctx}: INSERT bytes"),
            &row.values()[1],
            &Value::Bytes(h.as_bytes().to_vec()),
        );

        // WHERE =
        let got = ids(
            &format!("{ctx}: WHERE ="),
            run(
                &mut conn,
                &select(t.c("id")).from(&t).filter(t.c("s").eq(h.as_str())),
            ),
        );
        assert_eq!(got, vec![id], "{ctx}: WHERE = returned the wrong rows");
        let got = ids(
            &format!("{ctx}: WHERE b ="),
            run(
                &mut conn,
                &select(t.c("id"))
                    .from(&t)
                    .filter(t.c("b").eq(h.as_bytes().to_vec())),
            ),
        );
        assert_eq!(got, vec![id], "{ctx}: WHERE b = returned the wrong rows");
        // WHERE <> keeps the decoy
        let got = ids(
            &format!("{ctx}: WHERE <>"),
            run(
                &mut conn,
                &select(t.c("id")).from(&t).filter(t.c("s").ne(h.as_str())),
            ),
        );
        assert_eq!(got, vec![0], "{ctx}: WHERE <> returned the wrong rows");

        // UPDATE SET … WHERE s = h
        let r = ok(
            &format!("{ctx}: UPDATE"),
            run(
                &mut conn,
                &update(&t)
                    .set("u", h.as_str())
                    .filter(t.c("s").eq(h.as_str())),
            ),
        );
        assert_eq!(r.rowcount(), 1, "{ctx}: UPDATE rowcount");
        let got = ok(
            &ctx,
            ok(
                &ctx,
                run(
                    &mut conn,
                    &select(t.c("u")).from(&t).filter(t.c("id").eq(id)),
                ),
            )
            .scalar_one::<Value>(),
        );
        same(&format!("{ctx}: UPDATE SET"), &got, &want);

        // LIKE, escaped so the pattern matches exactly the string
        let pattern = like_escape(h);
        let r = run(
            &mut conn,
            &select(t.c("id"))
                .from(&t)
                .filter(t.c("s").like(pattern.as_str()).escape('\\')),
        );
        if b == Backend::Sqlite && pattern.len() > 50_000 {
            match r {
                Err(Error::Database(e)) if e.message.contains("pattern too complex") => {}
                other => {
                    panic!("{ctx}: LIKE: expected SQLite's pattern-length error, got {other:?}")
                }
            }
        } else {
            let got = ids(&format!("{ctx}: LIKE"), r);
            assert_eq!(got, vec![id], "{ctx}: LIKE returned the wrong rows");
        }
        // the raw string as a pattern, with no escape clause: whatever it matches,
        // it must run as one pattern (no error but the SQLite length limit)
        let r = run(
            &mut conn,
            &select(t.c("id")).from(&t).filter(t.c("s").like(h.as_str())),
        );
        match r {
            Err(e) if b == Backend::Sqlite && h.len() > 50_000 => {
                assert!(e.to_string().contains("pattern too complex"), "{ctx}: {e}")
            }
            // PostgreSQL refuses a pattern ending in its default escape character
            Err(e) if b == Backend::Postgres && h.ends_with('\\') => {
                assert_eq!(e.db_kind(), Some(ErrorKind::Data), "{ctx}: raw LIKE: {e}")
            }
            r => {
                let got = ids(&format!("{ctx}: raw LIKE"), r);
                assert!(
                    !got.contains(&0),
                    "{ctx}: raw LIKE matched the decoy: {got:?}"
                );
            }
        }

        // IN list
        let got = ids(
            &format!("{ctx}: IN"),
            run(
                &mut conn,
                &select(t.c("id")).from(&t).filter(t.c("s").in_(vec![
                    h.clone(),
                    format!("{h}x"),
                    "not-there".to_owned(),
                ])),
            ),
        );
        assert_eq!(got, vec![id], "{ctx}: IN returned the wrong rows");
        let got = ids(
            &format!("{ctx}: NOT IN"),
            run(
                &mut conn,
                &select(t.c("id"))
                    .from(&t)
                    .filter(t.c("s").not_in(vec![h.clone()])),
            ),
        );
        assert_eq!(got, vec![0], "{ctx}: NOT IN returned the wrong rows");

        // text() named parameters
        let row = ok(
            &ctx,
            ok(
                &format!("{ctx}: text()"),
                run(
                    &mut conn,
                    &text(&format!(
                        "SELECT id, s FROM {tname} WHERE s = :v AND id = :id"
                    ))
                    .bind("v", h.as_str())
                    .bind("id", id),
                ),
            )
            .one(),
        );
        assert_eq!(row.values()[0], Value::Int(id), "{ctx}: text() row");
        same(&format!("{ctx}: text()"), &row.values()[1], &want);
        let got = ok(
            &ctx,
            ok(&format!("{ctx}: execute_with"), {
                let stmt = text(&format!("SELECT s FROM {tname} WHERE id = :id AND s = :v"));
                let r = conn.execute_with(&stmt, &[("id", v(id)), ("v", v(h.as_str()))]);
                finish(&mut conn, r)
            })
            .scalar_one::<Value>(),
        );
        same(&format!("{ctx}: execute_with"), &got, &want);

        // select list
        let got = ok(
            &ctx,
            ok(
                &format!("{ctx}: select list"),
                run(&mut conn, &select(lit(h.as_str()).label("x"))),
            )
            .scalar_one::<Value>(),
        );
        same(&format!("{ctx}: select list"), &got, &want);

        // upsert with excluded
        ok(
            &ctx,
            run(
                &mut conn,
                &update(&t).set("u", "placeholder").filter(t.c("id").eq(id)),
            ),
        );
        ok(
            &format!("{ctx}: upsert"),
            run(
                &mut conn,
                &insert(&t)
                    .value("id", id)
                    .value("s", "ignored")
                    .value("u", h.as_str())
                    .on_conflict(OnConflict::columns(["id"]).do_update([("u", excluded("u"))])),
            ),
        );
        let row = ok(
            &ctx,
            ok(
                &ctx,
                run(
                    &mut conn,
                    &select((t.c("s"), t.c("u")))
                        .from(&t)
                        .filter(t.c("id").eq(id)),
                ),
            )
            .one(),
        );
        same(&format!("{ctx}: upsert kept s"), &row.values()[0], &want);
        same(&format!("{ctx}: upsert excluded"), &row.values()[1], &want);

        // DELETE by value
        let r = ok(
            &format!("{ctx}: DELETE"),
            run(
                &mut conn,
                &delete(&t).filter(t.c("s").eq(h.as_str()).and(t.c("id").eq(id))),
            ),
        );
        assert_eq!(r.rowcount(), 1, "{ctx}: DELETE rowcount");
        counts.ok += 1;
        sentinel.check(&mut conn, &ctx);
        decoy_intact(&mut conn, &ctx);
    }

    // invalid UTF-8 and other bytes
    for (j, bytes) in byte_corpus().into_iter().enumerate() {
        let id = 100_000 + j as i64;
        let ctx = format!(
            "{name} bytes #{j} {}",
            show_value(&Value::Bytes(bytes.clone()))
        );
        counts.tried += 1;
        let want = Value::Bytes(bytes.clone());
        let r = ok(
            &format!("{ctx}: INSERT"),
            run(
                &mut conn,
                &insert(&t).value("id", id).value("b", bytes.clone()),
            ),
        );
        assert_eq!(r.rowcount(), 1, "{ctx}: INSERT rowcount");
        let got = ok(
            &ctx,
            ok(
                &ctx,
                run(
                    &mut conn,
                    &select(t.c("b")).from(&t).filter(t.c("id").eq(id)),
                ),
            )
            .scalar_one::<Value>(),
        );
        same(&format!("{ctx}: INSERT"), &got, &want);
        let got = ids(
            &format!("{ctx}: WHERE ="),
            run(
                &mut conn,
                &select(t.c("id"))
                    .from(&t)
                    .filter(t.c("b").eq(bytes.clone())),
            ),
        );
        assert_eq!(got, vec![id], "{ctx}: WHERE = returned the wrong rows");
        let got = ids(
            &format!("{ctx}: IN"),
            run(
                &mut conn,
                &select(t.c("id"))
                    .from(&t)
                    .filter(t.c("b").in_(vec![bytes.clone(), b"zz".to_vec()])),
            ),
        );
        assert_eq!(got, vec![id], "{ctx}: IN returned the wrong rows");
        let r = ok(
            &format!("{ctx}: UPDATE"),
            run(
                &mut conn,
                &update(&t)
                    .set("b", bytes.clone())
                    .set("u", "bytes-updated")
                    .filter(t.c("id").eq(id)),
            ),
        );
        assert_eq!(r.rowcount(), 1, "{ctx}: UPDATE rowcount");
        let got = ok(
            &ctx,
            ok(
                &ctx,
                run(
                    &mut conn,
                    &select(t.c("b"))
                        .from(&t)
                        .filter(t.c("u").eq("bytes-updated")),
                ),
            )
            .scalar_one::<Value>(),
        );
        same(&format!("{ctx}: UPDATE"), &got, &want);
        let got = ok(
            &ctx,
            ok(
                &format!("{ctx}: select list"),
                run(&mut conn, &select(lit(bytes.clone()).label("x"))),
            )
            .scalar_one::<Value>(),
        );
        same(&format!("{ctx}: select list"), &got, &want);
        ok(&ctx, run(&mut conn, &delete(&t).filter(t.c("id").eq(id))));
        counts.ok += 1;
        sentinel.check(&mut conn, &ctx);
        decoy_intact(&mut conn, &ctx);
    }
    let lost = sentinel.lost(&mut conn);
    println!(
        "{name}: values: {} tried, {} round-tripped, {} refused with a typed error, {} sentinel checks",
        counts.tried, counts.ok, counts.refused, sentinel.checks
    );
    drop(conn);
    (counts, lost)
}

fn v(x: impl Into<Value>) -> Value {
    x.into()
}

#[test]
fn hostile_values_round_trip() {
    let mut line = Vec::new();
    let mut lost = 0;
    for b in Backend::ALL {
        let (c, l) = values_on(b);
        line.push(format!("{}={}", b.name(), c.tried));
        lost += l;
    }
    println!(
        "values: hostile strings tried per engine: {}",
        line.join(", ")
    );
    println!("values: sentinel rows lost: {lost}");
    assert_eq!(lost, 0);
}

// ---------------------------------------------------------------------------
// 2. Identifiers
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Table,
    Column,
    Alias,
    Label,
    Cte,
    Index,
    Unique,
    Check,
}

const KINDS: [Kind; 8] = [
    Kind::Table,
    Kind::Column,
    Kind::Alias,
    Kind::Label,
    Kind::Cte,
    Kind::Index,
    Kind::Unique,
    Kind::Check,
];

/// How an engine treats a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Created and used as is.
    Kept,
    /// `Error::InvalidIdentifier` before anything is sent.
    Invalid,
}

fn expect_name(b: Backend, kind: Kind, name: &str) -> Expect {
    if name.is_empty() || name.contains('\0') {
        return Expect::Invalid;
    }
    match b {
        Backend::Postgres if name.len() > 63 => return Expect::Invalid,
        Backend::MariaDb if name.chars().count() > 64 => return Expect::Invalid,
        _ => {}
    }
    // MySQL/MariaDB strip leading whitespace, refuse trailing whitespace and
    // characters outside the BMP, and mangle control characters: the dialect
    // refuses such names before anything is sent.
    if b == Backend::MariaDb
        && (name.starts_with(char::is_whitespace)
            || name.ends_with(char::is_whitespace)
            || name.chars().any(char::is_control)
            || name.chars().any(|c| u32::from(c) > 0xFFFF))
    {
        return Expect::Invalid;
    }
    let _ = kind;
    Expect::Kept
}

/// Names in the catalog, of `what`, for the check that exactly the right object
/// exists. Every name is passed as a bound value.
fn catalog(conn: &mut Connection, b: Backend, what: &str, table: &str) -> Vec<String> {
    let p1 = placeholder(b, 1);
    let sql = match (b, what) {
        (Backend::Sqlite, "tables") => "SELECT name FROM sqlite_master WHERE type = 'table'".to_owned(),
        (Backend::Sqlite, "columns") => format!("SELECT name FROM pragma_table_info({p1}) ORDER BY cid"),
        (Backend::Sqlite, "indexes") => format!(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = {p1} AND sql IS NOT NULL"
        ),
        (Backend::Sqlite, "sql") => format!("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = {p1}"),
        (Backend::Postgres, "tables") => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()".to_owned()
        }
        (Backend::MariaDb, "tables") => {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()".to_owned()
        }
        (Backend::Postgres, "columns") => format!(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = {p1} ORDER BY ordinal_position"
        ),
        (Backend::MariaDb, "columns") => format!(
            "SELECT column_name FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name = {p1} ORDER BY ordinal_position"
        ),
        (Backend::Postgres, "indexes") => format!(
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND tablename = {p1} \
             AND indexname <> {p1} || '_pkey'"
        ),
        (Backend::MariaDb, "indexes") => format!(
            "SELECT DISTINCT index_name FROM information_schema.statistics \
             WHERE table_schema = DATABASE() AND table_name = {p1} AND index_name <> 'PRIMARY'"
        ),
        (Backend::Postgres, "unique") | (Backend::Postgres, "check") => format!(
            "SELECT constraint_name::text FROM information_schema.table_constraints \
             WHERE table_schema = current_schema() AND table_name = {p1} AND constraint_type = '{}' \
             AND constraint_name NOT LIKE '%\\_not\\_null'",
            what.to_uppercase()
        ),
        (Backend::MariaDb, "unique") | (Backend::MariaDb, "check") => format!(
            "SELECT constraint_name FROM information_schema.table_constraints \
             WHERE table_schema = DATABASE() AND table_name = {p1} AND constraint_type = '{}'",
            what.to_uppercase()
        ),
        other => panic!("no catalog query for {other:?}"),
    };
    let params: Vec<Value> = if sql.contains(&p1) {
        vec![v(table)]
    } else {
        vec![]
    };
    let rows = ok(&format!("catalog {what}"), raw(conn, &sql, &params));
    rows.scalars::<String>()
        .unwrap_or_else(|e| panic!("catalog {what}: {e}"))
}

struct IdentCx<'a> {
    b: Backend,
    guard: &'a Guard,
    base: &'a Table,
}

/// Runs one identifier case. `Err` is the first error of the case (for the
/// expected-refusal check); wrong results panic.
fn ident_case(
    cx: &IdentCx<'_>,
    conn: &mut Connection,
    kind: Kind,
    p: &str,
    n: &str,
    ctx: &str,
) -> sqlcraft::Result<()> {
    let b = cx.b;
    let p = p.to_owned();
    let build =
        |meta: &mut MetaData, tname: &str, f: &dyn Fn(&mut sqlcraft::schema::TableBuilder)| {
            meta.table(tname, |t| f(t))
        };
    let mut meta = MetaData::new();
    match kind {
        Kind::Table => {
            let name = format!("{p}{n}");
            let t = build(&mut meta, &name, &|t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("v", SqlType::string(50));
            })?;
            cx.guard.add(&t);
            create(conn, &t)?;
            let ours: Vec<String> = catalog(conn, b, "tables", "")
                .into_iter()
                .filter(|x| x.starts_with(&p))
                .collect();
            assert_eq!(
                ours,
                vec![name.clone()],
                "{ctx}: catalog after CREATE TABLE"
            );
            ok(
                ctx,
                run(conn, &insert(&t).value("id", 1).value("v", "row-1")),
            );
            let got: Vec<String> = ok(
                ctx,
                ok(ctx, run(conn, &select(t.c("v")).from(&t))).scalars(),
            );
            assert_eq!(got, vec!["row-1".to_owned()], "{ctx}: SELECT");
            let r = ok(
                ctx,
                run(conn, &update(&t).set("v", "row-2").filter(t.c("id").eq(1))),
            );
            assert_eq!(r.rowcount(), 1, "{ctx}: UPDATE");
            ok(ctx, run(conn, &t.drop()));
            let ours: Vec<String> = catalog(conn, b, "tables", "")
                .into_iter()
                .filter(|x| x.starts_with(&p))
                .collect();
            assert!(ours.is_empty(), "{ctx}: catalog after DROP TABLE: {ours:?}");
        }
        Kind::Column => {
            let t = build(&mut meta, &p, &|t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column(n, SqlType::string(50));
            })?;
            cx.guard.add(&t);
            create(conn, &t)?;
            assert_eq!(
                catalog(conn, b, "columns", &p),
                vec!["id".to_owned(), n.to_owned()],
                "{ctx}: catalog columns"
            );
            ok(
                ctx,
                run(conn, &insert(&t).value("id", 1).value(n, "cell-1")),
            );
            ok(
                ctx,
                run(conn, &insert(&t).value("id", 2).value(n, "cell-2")),
            );
            let r = ok(
                ctx,
                run(
                    conn,
                    &update(&t).set(n, "cell-3").filter(t.c(n).eq("cell-2")),
                ),
            );
            assert_eq!(r.rowcount(), 1, "{ctx}: UPDATE");
            let res = ok(
                ctx,
                run(conn, &select(t.c(n)).from(&t).filter(t.c(n).eq("cell-1"))),
            );
            assert_eq!(res.columns(), [n.to_owned()], "{ctx}: result column name");
            let got: Vec<String> = ok(ctx, res.scalars());
            assert_eq!(got, vec!["cell-1".to_owned()], "{ctx}: SELECT");
            let got: Vec<i64> = ids(ctx, run(conn, &select(t.c("id")).from(&t).order_by(t.c(n))));
            assert_eq!(got, vec![1, 2], "{ctx}: ORDER BY");
            ok(ctx, run(conn, &t.drop()));
        }
        Kind::Alias => {
            let a = cx.base.alias(n);
            let got: Vec<String> =
                run(conn, &select(a.c("v")).from(&a).filter(a.c("id").eq(2)))?.scalars()?;
            assert_eq!(
                got,
                vec!["base-2".to_owned()],
                "{ctx}: SELECT through alias"
            );
            // a self-join through the alias keeps the two sides apart
            let base = cx.base;
            let got: Vec<i64> = ids(
                ctx,
                run(
                    conn,
                    &select(base.c("id"))
                        .from(base)
                        .join(&a, a.c("id").eq(base.c("id") + 1))
                        .filter(a.c("v").eq("base-3")),
                ),
            );
            assert_eq!(got, vec![2], "{ctx}: self-join through alias");
        }
        Kind::Label => {
            let base = cx.base;
            let res = run(
                conn,
                &select((base.c("v").label(n), base.c("id")))
                    .from(base)
                    .filter(base.c("id").eq(1)),
            )?;
            let label_back = n.to_owned();
            assert_eq!(
                res.columns(),
                [label_back, "id".to_owned()],
                "{ctx}: result column names"
            );
            let row = ok(ctx, res.one());
            assert_eq!(row.values(), &[v("base-1"), v(1)], "{ctx}: row");
        }
        Kind::Cte => {
            let base = cx.base;
            let c = select((base.c("id"), base.c("v")))
                .from(base)
                .filter(base.c("id").ge(2))
                .cte(n);
            let got: Vec<String> =
                run(conn, &select(c.c("v")).from(&c).order_by(c.c("id")))?.scalars()?;
            assert_eq!(
                got,
                vec!["base-2".to_owned(), "base-3".to_owned()],
                "{ctx}: SELECT from CTE"
            );
        }
        Kind::Index | Kind::Unique | Kind::Check => {
            let oname = format!("{p}{n}");
            let tname = format!("{p}_tbl");
            let t = build(&mut meta, &tname, &|t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("v", SqlType::string(50));
                match kind {
                    Kind::Index => {
                        t.index(&oname, ["v"]);
                    }
                    Kind::Unique => {
                        t.unique_named(&oname, ["v"]);
                    }
                    _ => {
                        t.check(&oname, t.c("v").ne("forbidden"));
                    }
                }
            })?;
            cx.guard.add(&t);
            create(conn, &t)?;
            let what = match kind {
                Kind::Index => "indexes",
                Kind::Unique => "unique",
                _ => "check",
            };
            if b == Backend::Sqlite && kind != Kind::Index {
                // SQLite keeps constraint names only in the table's SQL
                let sql: Vec<String> = catalog(conn, b, "sql", &tname);
                let mut quoted = String::new();
                sqlcraft_sqlite::Sqlite.write_identifier(&oname, &mut quoted);
                assert_eq!(sql.len(), 1, "{ctx}: table SQL");
                assert_eq!(
                    sql[0].matches(&format!("CONSTRAINT {quoted} ")).count(),
                    1,
                    "{ctx}: constraint name in {:?}",
                    show(&sql[0])
                );
            } else {
                assert_eq!(
                    catalog(conn, b, what, &tname),
                    vec![oname.clone()],
                    "{ctx}: catalog {what}"
                );
            }
            ok(ctx, run(conn, &insert(&t).value("id", 1).value("v", "dup")));
            match kind {
                Kind::Index => {
                    ok(ctx, run(conn, &insert(&t).value("id", 2).value("v", "dup")));
                    let got = ids(
                        ctx,
                        run(conn, &select(t.c("id")).from(&t).filter(t.c("v").eq("dup"))),
                    );
                    assert_eq!(got, vec![1, 2], "{ctx}: SELECT");
                    ok(ctx, run(conn, &t.drop_index(&t.indexes()[0])));
                    assert!(
                        catalog(conn, b, what, &tname).is_empty(),
                        "{ctx}: DROP INDEX left it"
                    );
                }
                Kind::Unique => {
                    let e = run(conn, &insert(&t).value("id", 2).value("v", "dup"))
                        .expect_err("duplicate accepted");
                    assert_eq!(
                        e.db_kind(),
                        Some(ErrorKind::Integrity),
                        "{ctx}: duplicate: {e}"
                    );
                }
                _ => {
                    let e = run(conn, &insert(&t).value("id", 2).value("v", "forbidden"))
                        .expect_err("CHECK ignored");
                    assert_eq!(e.db_kind(), Some(ErrorKind::Integrity), "{ctx}: CHECK: {e}");
                }
            }
            let got = ids(ctx, run(conn, &select(t.c("id")).from(&t)));
            assert_eq!(
                got,
                if kind == Kind::Index {
                    vec![1, 2]
                } else {
                    vec![1]
                },
                "{ctx}: rows"
            );
            ok(ctx, run(conn, &t.drop()));
        }
    }
    Ok(())
}

fn identifiers_on(b: Backend) -> (usize, usize, usize, i64) {
    let name = b.name();
    let engine = b.engine();
    let guard = Guard::new(engine.clone());
    let mut conn = engine.connect().unwrap();
    let sentinel_name = unique("inj_sentinel");
    let mut sentinel = Sentinel::create(&sentinel_name, name, &guard, &mut conn);
    let mut meta = MetaData::new();
    let base = meta
        .table(&unique("inj_base"), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("v", SqlType::string(50));
        })
        .unwrap();
    guard.add(&base);
    ok("create base", create(&mut conn, &base));
    for i in 1..=3 {
        ok(
            "seed base",
            run(
                &mut conn,
                &insert(&base).value("id", i).value("v", format!("base-{i}")),
            ),
        );
    }
    let cx = IdentCx {
        b,
        guard: &guard,
        base: &base,
    };
    let (mut tried, mut kept, mut refused) = (0, 0, 0);
    let mut names = 0;
    let mut mismatches = Vec::new();
    for h in corpus(&sentinel_name).iter().filter(|h| !h.value_only) {
        names += 1;
        for kind in KINDS {
            let n = h.s.as_str();
            let ctx = format!("{name} {kind:?} name {}", show(n));
            let p = unique("ij");
            let full = match kind {
                Kind::Table | Kind::Index | Kind::Unique | Kind::Check => format!("{p}{n}"),
                _ => n.to_owned(),
            };
            let expect = expect_name(b, kind, &full);
            tried += 1;
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                ident_case(&cx, &mut conn, kind, &p, n, &ctx)
            }));
            let r = match r {
                Ok(r) => r,
                Err(p) => {
                    let msg = p
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    mismatches.push(format!("{ctx}: expected {expect:?}: {msg}"));
                    sentinel.check(&mut conn, &ctx);
                    continue;
                }
            };
            match (expect, r) {
                (Expect::Kept, Ok(())) => kept += 1,
                (
                    Expect::Invalid,
                    Err(Error::InvalidIdentifier { .. } | Error::InvalidSchema(_)),
                ) => refused += 1,
                (e, r) => mismatches.push(format!("{ctx}: expected {e:?}, got {r:?}")),
            }
            sentinel.check(&mut conn, &ctx);
        }
    }
    let lost = sentinel.lost(&mut conn);
    assert!(
        mismatches.is_empty(),
        "{name}: {} identifier cases went wrong:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    println!(
        "{name}: identifiers: {names} names x {} kinds = {tried} cases, {kept} created and used, {refused} refused with a typed error",
        KINDS.len()
    );
    drop(conn);
    (names, kept, refused, lost)
}

#[test]
fn hostile_identifiers() {
    let mut line = Vec::new();
    let mut lost = 0;
    for b in Backend::ALL {
        let (names, _, _, l) = identifiers_on(b);
        line.push(format!("{}={names}", b.name()));
        lost += l;
    }
    println!(
        "identifiers: hostile strings tried per engine: {}",
        line.join(", ")
    );
    println!("identifiers: sentinel rows lost: {lost}");
    assert_eq!(lost, 0);
}

// ---------------------------------------------------------------------------
// 3. Literal-rendering mode
// ---------------------------------------------------------------------------

fn literal_on(
    label: &'static str,
    b: Backend,
    engine: Engine,
    d: &dyn Dialect,
    nul_ok: bool,
) -> (usize, i64) {
    let guard = Guard::new(engine.clone());
    let mut conn = engine.connect().unwrap();
    // the session mode the rendering is meant for
    match label {
        "postgresql" => {
            let on: String = ok(
                label,
                ok(
                    label,
                    raw(&mut conn, "SHOW standard_conforming_strings", &[]),
                )
                .scalar_one(),
            );
            assert_eq!(on, "on", "standard_conforming_strings");
        }
        "mariadb" | "mariadb+NO_BACKSLASH_ESCAPES" => {
            let mode: String = ok(
                label,
                ok(label, raw(&mut conn, "SELECT @@SESSION.sql_mode", &[])).scalar_one(),
            );
            assert_eq!(
                mode.contains("NO_BACKSLASH_ESCAPES"),
                label != "mariadb",
                "{label}: session sql_mode {mode}"
            );
        }
        _ => {}
    }
    let sentinel_name = unique("inj_sentinel");
    let mut sentinel = Sentinel::create(&sentinel_name, label, &guard, &mut conn);
    let st = sentinel.table.clone();
    let mut tried = 0;
    let mut refused = 0;
    for h in corpus(&sentinel_name) {
        let h = h.s;
        tried += 1;
        let ctx = format!("{label} literal {}", show(&h));
        let expect_refusal = h.contains('\0') && !nul_ok;
        let sql = select(lit(h.as_str()).label("v")).to_literal_sql(d);
        let filter = select(func::count_star())
            .from(&st)
            .filter(st.c("note").ne(h.as_str()))
            .to_literal_sql(d);
        if expect_refusal {
            assert!(
                matches!(sql, Err(Error::Unsupported { .. })),
                "{ctx}: expected Unsupported, got {sql:?}"
            );
            assert!(
                matches!(filter, Err(Error::Unsupported { .. })),
                "{ctx}: WHERE: expected Unsupported"
            );
            refused += 1;
        } else {
            let sql = ok(&ctx, sql);
            let got = ok(
                &ctx,
                ok(&format!("{ctx}: run"), raw(&mut conn, &sql, &[])).scalar_one::<Value>(),
            );
            same(&ctx, &got, &Value::Text(h.clone()));
            let filter = ok(&ctx, filter);
            let n: i64 = ok(
                &ctx,
                ok(&format!("{ctx}: WHERE"), raw(&mut conn, &filter, &[])).scalar_one(),
            );
            assert_eq!(n, SENTINEL_ROWS, "{ctx}: WHERE note <> literal counted {n}");
        }
        // DDL renders server defaults inline, whatever the statement mode
        if h.len() < 1000 {
            let mut meta = MetaData::new();
            let t = meta
                .table(&unique("inj_default"), |t| {
                    t.column("id", SqlType::Integer)
                        .primary_key()
                        .autoincrement(false);
                    t.column("d", SqlType::Text).server_default(h.as_str());
                })
                .unwrap();
            guard.add(&t);
            let r = t.create().compile(d).map(|c| c.sql);
            if expect_refusal {
                assert!(
                    matches!(r, Err(Error::Unsupported { .. })),
                    "{ctx}: DEFAULT: expected Unsupported, got {r:?}"
                );
            } else {
                let ddl = ok(&ctx, r);
                ok(
                    &format!("{ctx}: CREATE with DEFAULT"),
                    raw(&mut conn, &ddl, &[]),
                );
                ok(&ctx, run(&mut conn, &insert(&t).value("id", 1)));
                let got = ok(
                    &ctx,
                    ok(&ctx, run(&mut conn, &select(t.c("d")).from(&t))).scalar_one::<Value>(),
                );
                same(&format!("{ctx}: DEFAULT"), &got, &Value::Text(h.clone()));
                ok(&ctx, run(&mut conn, &t.drop()));
            }
        }
        sentinel.check(&mut conn, &ctx);
    }
    for bytes in byte_corpus() {
        tried += 1;
        let ctx = format!(
            "{label} literal {}",
            show_value(&Value::Bytes(bytes.clone()))
        );
        let sql = ok(
            &ctx,
            select(lit(bytes.clone()).label("v")).to_literal_sql(d),
        );
        let got = ok(
            &ctx,
            ok(&format!("{ctx}: run"), raw(&mut conn, &sql, &[])).scalar_one::<Value>(),
        );
        same(&ctx, &got, &Value::Bytes(bytes));
        sentinel.check(&mut conn, &ctx);
    }
    let lost = sentinel.lost(&mut conn);
    println!("{label}: literal mode: {tried} tried, {refused} refused (NUL) with Error::Unsupported, {} sentinel checks", sentinel.checks);
    drop(conn);
    let _ = b;
    (tried, lost)
}

/// Label, backend, engine, rendering dialect, whether NUL renders.
type LiteralConfig = (&'static str, Backend, Engine, Box<dyn Dialect>, bool);

#[test]
fn hostile_literals() {
    let mut line = Vec::new();
    let mut lost = 0;
    let nbe = MySql::mariadb().with_no_backslash_escapes(true);
    let configs: Vec<LiteralConfig> = vec![
        (
            "sqlite",
            Backend::Sqlite,
            Backend::Sqlite.engine(),
            Box::new(sqlcraft_sqlite::Sqlite),
            false,
        ),
        (
            "postgresql",
            Backend::Postgres,
            Backend::Postgres.engine(),
            Box::new(sqlcraft_postgres::Postgres),
            false,
        ),
        (
            "mariadb",
            Backend::MariaDb,
            Backend::MariaDb.engine(),
            Box::new(MySql::mariadb()),
            true,
        ),
        (
            "mariadb+NO_BACKSLASH_ESCAPES",
            Backend::MariaDb,
            sqlcraft_mysql::engine_builder_for(nbe, &support::mysql_url())
                .unwrap()
                .on_connect(|c| {
                    c.run_script(
                        "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
                    )
                })
                .build()
                .unwrap(),
            Box::new(nbe),
            false,
        ),
    ];
    for (label, b, engine, d, nul_ok) in configs {
        let (tried, l) = literal_on(label, b, engine, d.as_ref(), nul_ok);
        line.push(format!("{label}={tried}"));
        lost += l;
    }
    println!(
        "literal mode: hostile strings tried per engine: {}",
        line.join(", ")
    );
    println!("literal mode: sentinel rows lost: {lost}");
    assert_eq!(lost, 0);
}

/// Regression for the MariaDB label finding: a label the server would rename
/// (leading whitespace, control characters) is refused before it is sent.
#[test]
fn mariadb_labels_it_would_rename_are_refused() {
    let engine = Backend::MariaDb.engine();
    let mut conn = engine.connect().unwrap();
    for label in [" abc", "   ", "\u{1a}"] {
        match run(&mut conn, &select(lit(1).label(label))) {
            Err(Error::InvalidIdentifier { .. }) => {}
            Ok(r) => panic!("label {label:?} was sent; came back as {:?}", r.columns()),
            Err(e) => panic!("label {label:?}: {e}"),
        }
    }
}
