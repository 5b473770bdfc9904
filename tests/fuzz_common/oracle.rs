//! The property of a statement tree, shared by the proptest and the fuzz target.
//!
//! For every dialect (SQLite, PostgreSQL, MariaDB, MySQL 8, MariaDB with
//! `NO_BACKSLASH_ESCAPES`, and the generic ANSI dialect), both `compile` and
//! `to_literal_sql`:
//!
//! 1. never panic (the callers do not catch panics);
//! 2. fail only with a compile-time `sqlcraft::Error` kind, and an `Unsupported`
//!    error names the dialect it came from;
//! 3. produce lexically well-formed SQL for that dialect: quotes, identifiers and
//!    comments closed, parentheses balanced, exactly one placeholder per parameter
//!    (`$1…$n` in order on PostgreSQL), none in literal SQL;
//! 4. agree with each other: where `compile` succeeds, `to_literal_sql` succeeds
//!    too (unless a value has no literal form or a named parameter has no value),
//!    and the literal SQL is exactly the bound SQL with each placeholder replaced
//!    by its value's literal (up to the casts bound mode puts around bare
//!    placeholders, `Dialect::untyped_value_cast`);
//! 5. agree with the generic dialect: when it compiles, another dialect fails
//!    only with `Unsupported` (naming itself) or an identifier it cannot keep
//!    as written (too long, control characters).
//!
//! And on SQLite, the bound and the literal renderings are handed to SQLite's own
//! `prepare` on the fixed schema: it must accept them (with as many parameters as
//! sqlcraft bound), or fail with an error [`classify`] justifies as semantic.
//! A syntax error is always a bug.
//!
//! With `FUZZ_PROPS_DEBUG=1`, every typed SQLite compile error and every
//! excused SQLite error is printed (to tune the generator's weights).

use super::tree::{build, schema, Built, Flags, TreeD};
use sqlcraft::dialect::{Dialect, GenericDialect};
use sqlcraft::{Compiled, Error, Param, Value};
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;
use std::cell::RefCell;

// ---------------------------------------------------------------------------
// SQLite: the fixed schema, prepare, and the classification of its errors
// ---------------------------------------------------------------------------

thread_local! {
    static DB: rusqlite::Connection = {
        let db = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
        db.execute_batch(&schema().sqlite_ddl).expect("the fixed schema");
        // REGEXP calls `regexp()`, which the sqlcraft-sqlite driver registers on
        // its connections with `regexp_replace()`; a prepare needs only that
        // they exist.
        db.create_scalar_function(
            "regexp",
            2,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            |_| Ok(None::<bool>),
        )
        .expect("the regexp function");
        db.create_scalar_function(
            "regexp_replace",
            3,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            |_| Ok(None::<String>),
        )
        .expect("the regexp_replace function");
        db
    };
}

/// SQLite's message for a failed prepare.
fn sqlite_message(e: rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m,
        rusqlite::Error::SqlInputError { msg, .. } => msg,
        other => other.to_string(),
    }
}

/// Prepares `sql` on the fixed schema: the number of parameters SQLite sees, or
/// its error message.
pub fn sqlite_prepare(sql: &str) -> Result<usize, String> {
    DB.with(|db| {
        db.prepare(sql)
            .map(|st| st.parameter_count())
            .map_err(sqlite_message)
    })
}

/// Decides whether a SQLite `prepare` error on sqlcraft's output is semantic
/// (the statement is well-formed SQL that this schema or SQLite's rules refuse)
/// and explained by the tree, or a bug. Returns the category, or why it is a bug.
///
/// Never excused: syntax errors ("near …: syntax error", "incomplete input",
/// "unrecognized token"), clauses out of place ("… should come after UNION"),
/// trailing statements, and any message not listed here (so a new kind of error
/// stops the run and gets looked at).
pub fn classify(msg: &str, f: &Flags) -> Result<&'static str, String> {
    // Messages are matched by their fixed form (a prefix, or a suffix), never
    // by a substring that a generated name inside them could contain.
    let syntax = (msg.starts_with("near \"") && msg.ends_with(": syntax error"))
        || msg == "incomplete input"
        || msg.starts_with("unrecognized token: ")
        || ((msg.starts_with("ORDER BY clause") || msg.starts_with("LIMIT clause"))
            && msg.ends_with("should come after UNION not before"))
        || msg.starts_with("Multiple statements")
        || msg.starts_with("a JOIN clause is required")
        || msg == "parser stack overflow"
        || msg.starts_with("Expression tree is too large");
    if syntax {
        return Err(format!("SQLite rejects the syntax: {msg}"));
    }
    // Names that do not resolve: only when the tree references, on purpose,
    // something that may not be there (see `Flags::unresolved`).
    let unresolved = msg.starts_with("no such table: ")
        || msg.starts_with("no such column: ")
        || msg.starts_with("ON clause references tables to its right")
        || (msg.contains(" ORDER BY term does not match any column in the result set")
            && !msg.contains(": "))
        || msg.starts_with("unknown database ");
    if unresolved {
        return match f.unresolved {
            Some(_) => Ok("unresolved name"),
            None => Err(format!(
                "SQLite cannot resolve a name, but every reference of the tree is in scope: {msg}"
            )),
        };
    }
    // Two names SQLite reads as one (it folds ASCII case even in quoted names).
    if msg.starts_with("ambiguous column name: ") || msg.starts_with("duplicate WITH table name: ")
    {
        return match (f.ambiguous, f.unresolved) {
            (Some(_), _) => Ok("ambiguous name"),
            // A name the tree references without a scope sure to hold it (a label
            // that may not exist) can land on a column that two FROM items share:
            // a self-join's table and its alias both have it.
            (None, Some(_)) if msg.starts_with("ambiguous column name: ") => {
                Ok("unresolved name, ambiguous where it landed")
            }
            _ => Err(format!(
                "SQLite finds two names the same, but the tree has none: {msg}"
            )),
        };
    }
    // Column counts: only where the tree's widths are unknown (a `*`) or wrong
    // on purpose, or where it uses row values.
    let width = msg.starts_with("sub-select returns ")
        || msg.starts_with("SELECTs to the left and right of ")
        || (msg.starts_with("table ") && msg.contains(" values for ") && msg.ends_with(" columns"))
        || (msg.starts_with(|c: char| c.is_ascii_digit()) && msg.ends_with(" columns"))
        || msg == "row value misused"
        || msg.starts_with("IN(...) element has ");
    if width {
        return match f.width {
            Some(_) => Ok("column count"),
            None => Err(format!(
                "SQLite counts columns differently from the tree's select lists: {msg}"
            )),
        };
    }
    // Only for the names of `FUNCS` that SQLite lacks (`my_fn`, `now(x)`,
    // schema-qualified names…), never a name sqlcraft rewrote.
    if msg.starts_with("no such function: ") {
        return match f.missing_function {
            true => Ok("missing function"),
            false => Err(format!(
                "SQLite lacks a function the tree never names: {msg}"
            )),
        };
    }
    // Semantic rules SQLite checks after parsing, which the generator may break
    // on purpose or by chance; each is a statement a user could write and get the
    // same answer, whatever sqlcraft did. (prefix of the message, category)
    const SEMANTIC: &[(&str, &str)] = &[
        // Aggregates in WHERE/GROUP BY/ON, windows outside the select list.
        ("misuse of aggregate", "aggregate misuse"),
        ("misuse of aliased aggregate", "aggregate misuse"),
        ("aggregate functions are not allowed", "aggregate misuse"),
        ("misuse of window function", "window misuse"),
        ("misuse of aliased window function", "window misuse"),
        // Argument counts are chosen freely.
        ("wrong number of arguments to function", "arity"),
        (
            "DISTINCT aggregates must have exactly one argument",
            "arity",
        ),
        ("HAVING clause on a non-aggregate query", "having"),
        // Upsert targets that are not a unique key of the table.
        (
            "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint",
            "upsert target",
        ),
        // UPDATE … FROM naming the target table again.
        (
            "target object/alias may not appear in FROM clause",
            "update from",
        ),
        ("RETURNING may not use \"TABLE.*\" wildcards", "returning"),
        // Recursive CTEs used in ways SQLite does not allow.
        ("circular reference", "recursive cte"),
        ("multiple references to recursive table", "recursive cte"),
        ("recursive reference in a subquery", "recursive cte"),
        ("recursive aggregate queries not supported", "recursive cte"),
        // Frames that end before they start (2 FOLLOWING AND 1 PRECEDING).
        ("unsupported frame specification", "frame"),
        (
            "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression",
            "frame",
        ),
        // SELECT * with no FROM.
        ("no tables specified", "star"),
    ];
    for (prefix, category) in SEMANTIC {
        if msg.starts_with(prefix) {
            return Ok(category);
        }
    }
    // OVER on a function that is not a window function (lower() OVER ()).
    if msg.ends_with("() may not be used as a window function") {
        return Ok("window misuse");
    }
    // Literal mode: ORDER BY 3 / GROUP BY 3 are column positions.
    if (msg.contains(" ORDER BY term out of range") || msg.contains(" GROUP BY term out of range"))
        && !msg.contains(": ")
    {
        return Ok("positional term");
    }
    Err(format!("unclassified SQLite error: {msg}"))
}

// ---------------------------------------------------------------------------
// A small lexer per dialect
// ---------------------------------------------------------------------------

/// The lexical rules of one dialect's SQL, as far as sqlcraft's output needs.
#[derive(Debug, Clone, Copy)]
pub struct Lex {
    /// Quotes that delimit identifiers (doubled inside).
    pub ident_quotes: &'static [char],
    /// `[name]` identifiers (SQLite).
    pub brackets: bool,
    /// Quotes that delimit strings (doubled inside).
    pub string_quotes: &'static [char],
    /// Backslash escapes inside strings (MySQL without NO_BACKSLASH_ESCAPES).
    pub backslash: bool,
    /// `$n` placeholders (PostgreSQL), else `?`.
    pub dollar: bool,
    /// `/* /* */ */` nests (PostgreSQL).
    pub nested_comments: bool,
    /// `#` comments, and `--` only before whitespace (MySQL).
    pub mysql_comments: bool,
}

pub const LEX_SQLITE: Lex = Lex {
    ident_quotes: &['"', '`'],
    brackets: true,
    string_quotes: &['\''],
    backslash: false,
    dollar: false,
    nested_comments: false,
    mysql_comments: false,
};
pub const LEX_ANSI: Lex = Lex {
    ident_quotes: &['"'],
    brackets: false,
    ..LEX_SQLITE
};
pub const LEX_POSTGRES: Lex = Lex {
    ident_quotes: &['"'],
    brackets: false,
    string_quotes: &['\''],
    backslash: false,
    dollar: true,
    nested_comments: true,
    mysql_comments: false,
};
pub const LEX_MYSQL: Lex = Lex {
    ident_quotes: &['`'],
    brackets: false,
    string_quotes: &['\'', '"'],
    backslash: true,
    dollar: false,
    nested_comments: false,
    mysql_comments: true,
};
pub const LEX_MYSQL_ANSI_STRINGS: Lex = Lex {
    backslash: false,
    ..LEX_MYSQL
};

/// A placeholder found by [`lex`]: its byte range and, for `$n`, its number.
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    pub start: usize,
    pub end: usize,
    pub number: Option<u64>,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Scans `sql`: the placeholders outside quotes and comments, or what is
/// malformed (an unterminated quote or comment, unbalanced parentheses).
pub fn lex(sql: &str, rules: &Lex) -> Result<Vec<Placeholder>, String> {
    let b: Vec<(usize, char)> = sql.char_indices().collect();
    let mut out = Vec::new();
    let mut depth: i64 = 0;
    let mut i = 0;
    let at = |i: usize| b.get(i).map(|&(_, c)| c);
    while i < b.len() {
        let (pos, c) = b[i];
        if rules.string_quotes.contains(&c) || rules.ident_quotes.contains(&c) {
            let is_string = rules.string_quotes.contains(&c);
            i += 1;
            loop {
                match at(i) {
                    None => return Err(format!("unterminated {c} quote at byte {pos}")),
                    Some('\\') if is_string && rules.backslash => i += 2,
                    Some(d) if d == c => {
                        if at(i + 1) == Some(c) {
                            i += 2;
                        } else {
                            i += 1;
                            break;
                        }
                    }
                    Some(_) => i += 1,
                }
            }
            continue;
        }
        if c == '[' && rules.brackets {
            i += 1;
            while at(i).is_some_and(|d| d != ']') {
                i += 1;
            }
            if at(i).is_none() {
                return Err(format!("unterminated [ identifier at byte {pos}"));
            }
            i += 1;
            continue;
        }
        let line_comment = (c == '-'
            && at(i + 1) == Some('-')
            && (!rules.mysql_comments
                || at(i + 2).is_none_or(|d| d.is_whitespace() || d.is_control())))
            || (c == '#' && rules.mysql_comments);
        if line_comment {
            while at(i).is_some_and(|d| d != '\n') {
                i += 1;
            }
            continue;
        }
        if c == '/' && at(i + 1) == Some('*') {
            let mut level = 1;
            i += 2;
            while level > 0 {
                match (at(i), at(i + 1)) {
                    (None, _) => return Err(format!("unterminated /* comment at byte {pos}")),
                    (Some('*'), Some('/')) => {
                        level -= 1;
                        i += 2;
                    }
                    (Some('/'), Some('*')) if rules.nested_comments => {
                        level += 1;
                        i += 2;
                    }
                    _ => i += 1,
                }
            }
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced ')' at byte {pos}"));
                }
            }
            '?' if !rules.dollar => out.push(Placeholder {
                start: pos,
                end: pos + 1,
                number: None,
            }),
            '$' if rules.dollar
                && at(i + 1).is_some_and(|d| d.is_ascii_digit())
                && (i == 0 || !is_ident_char(b[i - 1].1)) =>
            {
                let mut j = i + 1;
                while at(j).is_some_and(|d| d.is_ascii_digit()) {
                    j += 1;
                }
                let end = b.get(j).map_or(sql.len(), |&(p, _)| p);
                out.push(Placeholder {
                    start: pos,
                    end,
                    number: sql[pos + 1..end].parse().ok(),
                });
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return Err(format!("{depth} unclosed '('"));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The dialects
// ---------------------------------------------------------------------------

const MARIADB: MySql = MySql::mariadb();
const MYSQL8: MySql = MySql::mysql8();
const MARIADB_NBE: MySql = MySql::mariadb().with_no_backslash_escapes(true);

/// Every dialect the tree is compiled for: a label, the dialect, and its
/// lexical rules.
pub fn dialects() -> [(&'static str, &'static dyn Dialect, Lex); 6] {
    [
        ("sqlite", &Sqlite, LEX_SQLITE),
        ("postgresql", &Postgres, LEX_POSTGRES),
        ("mariadb", &MARIADB, LEX_MYSQL),
        ("mysql8", &MYSQL8, LEX_MYSQL),
        (
            "mariadb-no-backslash-escapes",
            &MARIADB_NBE,
            LEX_MYSQL_ANSI_STRINGS,
        ),
        ("generic", &GenericDialect, LEX_ANSI),
    ]
}

// ---------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------

/// What SQLite made of one tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteOutcome {
    /// `prepare` accepted the bound SQL.
    Prepared,
    /// Compiling for SQLite returned a typed error.
    CompileError,
    /// `prepare` refused it for a justified semantic reason.
    Semantic(&'static str),
}

/// Counts over many trees, printed by the proptest.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub trees: u64,
    pub prepared: u64,
    pub compile_errors: u64,
    pub semantic: u64,
    pub literal_prepared: u64,
}

thread_local! {
    pub static STATS: RefCell<Stats> = RefCell::new(Stats::default());
}

/// Checks the property for a description; `Err` explains the violation.
pub fn check_tree(t: &TreeD, known_bugs: bool) -> Result<SqliteOutcome, String> {
    let built = build(t, known_bugs);
    let r = check_built(&built);
    STATS.with(|s| {
        let mut s = s.borrow_mut();
        s.trees += 1;
        match &r {
            Ok((SqliteOutcome::Prepared, lit)) => {
                s.prepared += 1;
                s.literal_prepared += u64::from(*lit);
            }
            Ok((SqliteOutcome::CompileError, _)) => s.compile_errors += 1,
            Ok((SqliteOutcome::Semantic(_), _)) => s.semantic += 1,
            Err(_) => {}
        }
    });
    r.map(|(o, _)| o)
}

/// A compile-time error kind; `Unsupported` must name `dialect`.
fn check_error(e: &Error, dialect: &str, what: &str) -> Result<(), String> {
    let text = e.to_string();
    if text.is_empty() {
        return Err(format!(
            "{dialect} {what}: an error with an empty message: {e:?}"
        ));
    }
    match e {
        Error::Unsupported {
            dialect: d,
            construct,
        } => {
            if *d != dialect {
                return Err(format!(
                    "{dialect} {what}: Unsupported names the {d} dialect: {e:?}"
                ));
            }
            if construct.is_empty() {
                return Err(format!("{dialect} {what}: Unsupported names no construct"));
            }
            Ok(())
        }
        Error::UnknownColumn { .. }
        | Error::InvalidIdentifier { .. }
        | Error::InvalidStatement(_)
        | Error::MissingBindParam { .. }
        | Error::UnknownBindParam { .. }
        | Error::InvalidText(_)
        | Error::TooDeep { .. } => Ok(()),
        other => Err(format!(
            "{dialect} {what}: an error kind compiling never returns: {other:?}"
        )),
    }
}

/// Errors only literal rendering has: a value without a literal form, a named
/// parameter without a value.
fn literal_only(e: &Error) -> bool {
    match e {
        Error::MissingBindParam { .. } => true,
        Error::Unsupported { construct, .. } => {
            // MySQL's LIMIT takes a placeholder for any value, but inlined only a
            // non-negative integer.
            construct.contains("non-finite")
                || construct.contains("NUL")
                || construct.contains("non-negative integer")
        }
        _ => false,
    }
}

/// A name this dialect cannot keep as written (too long, control characters):
/// when the generic dialect compiles the tree, no dialect-independent identifier
/// error (empty, NUL, bad function name) can be the cause.
fn is_identifier_limit(e: &Error) -> bool {
    matches!(e, Error::InvalidIdentifier { .. })
}

/// A value's literal as the compiler writes it in literal mode (negative numbers
/// in parentheses, so that `-` before them never opens a `--` comment).
fn value_literal(d: &dyn Dialect, v: &Value) -> Option<String> {
    let negative = match v {
        Value::Int(i) => *i < 0,
        Value::Float(f) => f.is_sign_negative(),
        _ => false,
    };
    let mut out = String::new();
    if negative {
        out.push('(');
    }
    d.write_value_literal(v, &mut out).ok()?;
    if negative {
        out.push(')');
    }
    Some(out)
}

/// Whether `literal` is the bound SQL of `c` with each placeholder replaced by
/// its value's literal. A placeholder the compiler wrapped in
/// `CAST(… AS <the dialect's untyped_value_cast of the value>)` may appear with
/// or without that wrapper (bound mode casts bare parameters where the engine
/// cannot type them; literals need no cast); both readings are tried. `None`
/// when it cannot be decided (a named parameter, a value with no literal, too
/// many ambiguous casts).
fn literal_matches(
    d: &dyn Dialect,
    c: &Compiled,
    ph: &[Placeholder],
    literal: &str,
) -> Option<bool> {
    let mut segs: Vec<&str> = Vec::with_capacity(ph.len() + 1);
    let mut last = 0;
    for p in ph {
        segs.push(&c.sql[last..p.start]);
        last = p.end;
    }
    segs.push(&c.sql[last..]);
    let mut lits = Vec::with_capacity(ph.len());
    let mut casts = Vec::with_capacity(ph.len());
    for param in &c.params {
        let Param::Value(v) = param else {
            return None;
        };
        lits.push(value_literal(d, v)?);
        casts.push(d.untyped_value_cast(v).map(|ty| format!(" AS {ty})")));
    }
    if casts.iter().filter(|c| c.is_some()).count() > 16 {
        return None;
    }
    fn rec(
        i: usize,
        pos: usize,
        skip: usize,
        segs: &[&str],
        lits: &[String],
        casts: &[Option<String>],
        literal: &str,
    ) -> bool {
        let seg = &segs[i][skip..];
        let rest = &literal[pos..];
        if i == lits.len() {
            return rest == seg;
        }
        // The placeholder as the value's literal.
        let keep = format!("{seg}{}", lits[i]);
        if rest.starts_with(&keep) && rec(i + 1, pos + keep.len(), 0, segs, lits, casts, literal) {
            return true;
        }
        // `CAST(placeholder AS ty)` as the value's literal alone.
        if let Some(suffix) = &casts[i] {
            if let (Some(before), true) = (
                seg.strip_suffix("CAST("),
                segs[i + 1].starts_with(suffix.as_str()),
            ) {
                let strip = format!("{before}{}", lits[i]);
                if rest.starts_with(&strip)
                    && rec(
                        i + 1,
                        pos + strip.len(),
                        suffix.len(),
                        segs,
                        lits,
                        casts,
                        literal,
                    )
                {
                    return true;
                }
            }
        }
        false
    }
    Some(rec(0, 0, 0, &segs, &lits, &casts, literal))
}

/// Checks one built tree: `(SQLite outcome, whether the literal SQL prepared)`.
pub fn check_built(b: &Built) -> Result<(SqliteOutcome, bool), String> {
    let generic = b.stmt.compile(&GenericDialect);
    let mut sqlite_bound = None;
    let mut sqlite_literal = None;
    for (label, d, rules) in dialects() {
        let name = d.name();
        let bound = b.stmt.compile(d);
        let literal = b.stmt.to_literal_sql(d);
        if let Err(e) = &bound {
            check_error(e, name, "compile")?;
        }
        if let Err(e) = &literal {
            check_error(e, name, "to_literal_sql")?;
        }
        if let Ok(c) = &bound {
            let ph = lex(&c.sql, &rules)
                .map_err(|e| format!("{label}: malformed SQL ({e}): {}", c.sql))?;
            if ph.len() != c.params.len() {
                return Err(format!(
                    "{label}: {} placeholders for {} parameters: {}",
                    ph.len(),
                    c.params.len(),
                    c.sql
                ));
            }
            if rules.dollar {
                for (i, p) in ph.iter().enumerate() {
                    if p.number != Some(i as u64 + 1) {
                        return Err(format!(
                            "{label}: placeholder {} is ${:?}: {}",
                            i + 1,
                            p.number,
                            c.sql
                        ));
                    }
                }
            }
            match &literal {
                Ok(l) => {
                    if literal_matches(d, c, &ph, l) == Some(false) {
                        return Err(format!(
                            "{label}: literal SQL is not the bound SQL with its values:\n  bound:   {}\n  params:  {:?}\n  literal: {l}",
                            c.sql, c.params
                        ));
                    }
                }
                Err(e) if literal_only(e) => {}
                Err(e) => {
                    return Err(format!(
                        "{label}: compile succeeds but to_literal_sql fails with {e:?}: {}",
                        c.sql
                    ))
                }
            }
        }
        if let Ok(l) = &literal {
            let ph =
                lex(l, &rules).map_err(|e| format!("{label}: malformed literal SQL ({e}): {l}"))?;
            if !ph.is_empty() {
                return Err(format!("{label}: a placeholder in literal SQL: {l}"));
            }
        }
        if generic.is_ok() {
            if let Err(e) = &bound {
                let ok = matches!(e, Error::Unsupported { .. }) || is_identifier_limit(e);
                if !ok {
                    return Err(format!(
                        "{label}: the generic dialect compiles the tree, this one fails with {e:?}"
                    ));
                }
            }
        }
        if label == "sqlite" {
            sqlite_bound = Some(bound);
            sqlite_literal = Some(literal);
        }
    }

    let c = match sqlite_bound {
        Some(Ok(c)) => c,
        other => {
            if std::env::var_os("FUZZ_PROPS_DEBUG").is_some() {
                eprintln!("sqlite compile error: {other:?}");
            }
            return Ok((SqliteOutcome::CompileError, false));
        }
    };
    let outcome = match sqlite_prepare(&c.sql) {
        Ok(n) => {
            if n != c.params.len() {
                return Err(format!(
                    "sqlite: SQLite sees {n} parameters, sqlcraft bound {}: {}",
                    c.params.len(),
                    c.sql
                ));
            }
            SqliteOutcome::Prepared
        }
        Err(msg) => match classify(&msg, &b.flags) {
            Ok(category) => {
                if std::env::var_os("FUZZ_PROPS_DEBUG").is_some() {
                    eprintln!("sqlite semantic error: {msg} [{:?}] {}", b.flags, c.sql);
                }
                SqliteOutcome::Semantic(category)
            }
            Err(why) => {
                return Err(format!(
                    "sqlite: {why}\n  SQL:   {}\n  flags: {:?}",
                    c.sql, b.flags
                ))
            }
        },
    };
    let mut literal_prepared = false;
    if let Some(Ok(l)) = sqlite_literal {
        match sqlite_prepare(&l) {
            Ok(0) => literal_prepared = true,
            Ok(n) => {
                return Err(format!(
                    "sqlite: SQLite sees {n} parameters in literal SQL: {l}"
                ))
            }
            Err(msg) => {
                if let Err(why) = classify(&msg, &b.flags) {
                    return Err(format!(
                        "sqlite literal: {why}\n  SQL:   {l}\n  bound: {}\n  flags: {:?}",
                        c.sql, b.flags
                    ));
                }
            }
        }
    }
    Ok((outcome, literal_prepared))
}
