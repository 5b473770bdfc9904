//! The property of `text()` on arbitrary SQL.
//!
//! For any string, `text(s)` does not panic, and compiling it for each dialect
//! either fails with `Error::InvalidText` (on every dialect alike) or gives SQL
//! with exactly one placeholder per entry of `param_names()`, in order: the SQL of
//! each dialect is the SQL of a marker dialect (whose placeholders cannot occur in
//! the input) with each marker replaced by that dialect's placeholder, and the
//! marker SQL with each marker replaced by `:name` is the input itself, up to the
//! backslashes of `\:` escapes. Binding every name gives one value per
//! placeholder, in order; `values()` fails exactly when a name is left open;
//! binding the names on the clause first leaves no named parameter.

use sqlcraft::dialect::{Dialect, GenericDialect};
use sqlcraft::{text, Compile, Error, Param, Value};
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Placeholders that no input contains (inputs that do are checked without it).
struct Marker;

impl Dialect for Marker {
    fn name(&self) -> &'static str {
        "marker"
    }
    fn write_placeholder(&self, index: usize, out: &mut String) {
        out.push(OPEN);
        out.push_str(&index.to_string());
        out.push(CLOSE);
    }
}

const MARIADB: MySql = MySql::mariadb();
const MYSQL8: MySql = MySql::mysql8();

fn dialects() -> [(&'static dyn Dialect, bool); 5] {
    [
        (&Sqlite, false),
        (&Postgres, true),
        (&MARIADB, false),
        (&MYSQL8, false),
        (&GenericDialect, false),
    ]
}

/// Whether `input` is `rebuilt` with a backslash before some colons.
fn same_up_to_escapes(input: &str, rebuilt: &str) -> bool {
    let a: Vec<char> = input.chars().collect();
    let b: Vec<char> = rebuilt.chars().collect();
    let (mut i, mut j) = (0, 0);
    while i < a.len() {
        if j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if a[i] == '\\' && a.get(i + 1) == Some(&':') && b.get(j) == Some(&':') {
            i += 1;
        } else {
            return false;
        }
    }
    j == b.len()
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// An independent reading of the documented rules: the `:name` parameters of
/// `sql` outside '…', "…" and `…` quotes (doubled quotes inside; a backslash
/// escapes in '…'), `--` and `/* */` comments, and PostgreSQL `$tag$ … $tag$`
/// strings, which, as in PostgreSQL's lexer, cannot start inside an identifier
/// (`a$b$c` is one identifier); `::` is a cast and `\:` a colon. `None` for
/// an unterminated quote or comment, or blank SQL (refused since fbfbcb8).
pub fn reference_names(sql: &str) -> Option<Vec<String>> {
    if sql.trim().is_empty() {
        return None;
    }
    let c: Vec<char> = sql.chars().collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            q @ ('\'' | '"' | '`') => {
                i += 1;
                loop {
                    match c.get(i) {
                        None => return None,
                        Some('\\') if q == '\'' => i += 2,
                        Some(&d) if d == q && c.get(i + 1) == Some(&q) => i += 2,
                        Some(&d) if d == q => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            '-' if c.get(i + 1) == Some(&'-') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                i += 2;
                loop {
                    if i + 1 >= c.len() {
                        return None;
                    }
                    if c[i] == '*' && c[i + 1] == '/' {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
            }
            '$' if i == 0 || !(is_name_char(c[i - 1]) || c[i - 1] == '$') => {
                let mut j = i + 1;
                if c.get(j).is_some_and(|&d| is_name_start(d)) {
                    while c.get(j).is_some_and(|&d| is_name_char(d)) {
                        j += 1;
                    }
                }
                if c.get(j) == Some(&'$') {
                    let tag: Vec<char> = c[i..=j].to_vec();
                    let mut k = j + 1;
                    loop {
                        if k + tag.len() > c.len() {
                            return None;
                        }
                        if c[k..k + tag.len()] == tag[..] {
                            i = k + tag.len();
                            break;
                        }
                        k += 1;
                    }
                } else {
                    i += 1;
                }
            }
            '\\' if c.get(i + 1) == Some(&':') => i += 2,
            ':' if c.get(i + 1) == Some(&':') => i += 2,
            ':' if c.get(i + 1).is_some_and(|&d| is_name_start(d)) => {
                let mut j = i + 1;
                while c.get(j).is_some_and(|&d| is_name_char(d)) {
                    j += 1;
                }
                names.push(c[i + 1..j].iter().collect());
                i = j;
            }
            _ => i += 1,
        }
    }
    Some(names)
}

/// Inputs of the known `$`-in-identifier bug (a name character, or `$`,
/// right before a `$`), which the check steers around unless `known_bugs`.
pub fn has_dollar_after_name(sql: &str) -> bool {
    let c: Vec<char> = sql.chars().collect();
    c.windows(2)
        .any(|w| w[1] == '$' && (is_name_char(w[0]) || w[0] == '$'))
}

/// Checks the property for one input; `Err` explains the violation.
pub fn check_text(sql: &str) -> Result<(), String> {
    check_text_with(sql, false)
}

/// [`check_text`], also on inputs of the known bugs when `known_bugs`.
pub fn check_text_with(sql: &str, known_bugs: bool) -> Result<(), String> {
    let t = text(sql);
    let names: Vec<String> = t.param_names().map(str::to_owned).collect();
    if known_bugs || !has_dollar_after_name(sql) {
        let parsed = t.compile(&Marker).is_ok();
        match reference_names(sql) {
            Some(expected) if parsed && expected != names => {
                return Err(format!(
                    "{sql:?}: parameters {names:?}, but the documented rules give {expected:?}"
                ))
            }
            Some(_) if !parsed => {
                return Err(format!(
                    "{sql:?} is refused as invalid text, but it is well-formed"
                ))
            }
            None if parsed => {
                return Err(format!(
                    "{sql:?} is blank or has an unterminated quote or comment, but is accepted"
                ))
            }
            _ => {}
        }
    }
    let marked = t.compile(&Marker);
    let markers_usable = !sql.contains(OPEN) && !sql.contains(CLOSE);

    let marker_sql = match &marked {
        Err(Error::InvalidText(_)) => None,
        Err(e) => return Err(format!("marker: unexpected error {e:?} for {sql:?}")),
        Ok(c) => {
            if c.params.len() != names.len() {
                return Err(format!(
                    "{} parameters for {} names in {sql:?}",
                    c.params.len(),
                    names.len()
                ));
            }
            if markers_usable {
                // Markers 1..n in order, and the rest of the text verbatim.
                let mut rebuilt = String::new();
                let mut rest = c.sql.as_str();
                let mut n = 0;
                while let Some(start) = rest.find(OPEN) {
                    rebuilt.push_str(&rest[..start]);
                    let after = &rest[start + OPEN.len_utf8()..];
                    let end = after
                        .find(CLOSE)
                        .ok_or_else(|| format!("a broken marker in {:?}", c.sql))?;
                    n += 1;
                    if after[..end] != n.to_string() {
                        return Err(format!("marker {n} is {:?} in {:?}", &after[..end], c.sql));
                    }
                    rebuilt.push(':');
                    rebuilt.push_str(names.get(n - 1).map_or("?", String::as_str));
                    rest = &after[end + CLOSE.len_utf8()..];
                }
                rebuilt.push_str(rest);
                if n != names.len() {
                    return Err(format!(
                        "{n} placeholders for {} names in {sql:?} -> {:?}",
                        names.len(),
                        c.sql
                    ));
                }
                if !same_up_to_escapes(sql, &rebuilt) {
                    return Err(format!(
                        "the SQL around the parameters changed: {sql:?} -> {:?}",
                        c.sql
                    ));
                }
            }
            Some(c.sql.clone())
        }
    };

    // Values for every distinct name, in first-appearance order.
    let mut distinct: Vec<&str> = Vec::new();
    for n in &names {
        if !distinct.contains(&n.as_str()) {
            distinct.push(n);
        }
    }
    let bindings: Vec<(&str, Value)> = distinct
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, Value::Int(i as i64)))
        .collect();
    let expected: Vec<Value> = names
        .iter()
        .map(|n| Value::Int(distinct.iter().position(|d| d == n).unwrap_or(0) as i64))
        .collect();

    for (d, dollar) in dialects() {
        let r = t.compile(d);
        let c = match (&r, &marker_sql) {
            (Err(Error::InvalidText(_)), None) => continue,
            (Err(e), _) => return Err(format!("{}: {e:?} for {sql:?}", d.name())),
            (Ok(c), None) => {
                return Err(format!(
                    "{}: compiles {sql:?} ({:?}) which the marker dialect refuses",
                    d.name(),
                    c.sql
                ))
            }
            (Ok(c), Some(m)) => {
                if markers_usable {
                    let mut expected_sql = String::new();
                    let mut rest = m.as_str();
                    while let Some(start) = rest.find(OPEN) {
                        expected_sql.push_str(&rest[..start]);
                        let after = &rest[start + OPEN.len_utf8()..];
                        let end = after.find(CLOSE).unwrap_or(after.len());
                        if dollar {
                            expected_sql.push('$');
                            expected_sql.push_str(&after[..end]);
                        } else {
                            expected_sql.push('?');
                        }
                        rest = after.get(end + CLOSE.len_utf8()..).unwrap_or("");
                    }
                    expected_sql.push_str(rest);
                    if c.sql != expected_sql {
                        return Err(format!(
                            "{}: {sql:?} -> {:?}, expected {expected_sql:?}",
                            d.name(),
                            c.sql
                        ));
                    }
                }
                c
            }
        };
        if c.params.len() != names.len() {
            return Err(format!(
                "{}: {} parameters for {} names",
                d.name(),
                c.params.len(),
                names.len()
            ));
        }
        let compiled_names: Vec<&str> = c.param_names().collect();
        if compiled_names != names.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(format!(
                "{}: names {compiled_names:?}, expected {names:?}",
                d.name()
            ));
        }
        if !c.params.iter().all(|p| matches!(p, Param::Named(_))) {
            return Err(format!(
                "{}: a bound value without a bind: {:?}",
                d.name(),
                c.params
            ));
        }
        match c.bind(&bindings) {
            Ok(values) if values == expected => {}
            other => {
                return Err(format!(
                    "{}: binding {bindings:?} gives {other:?}, expected {expected:?}",
                    d.name()
                ))
            }
        }
        match (c.values(), names.is_empty()) {
            (Ok(v), true) if v.is_empty() => {}
            (Err(Error::MissingBindParam { .. }), false) => {}
            (other, _) => return Err(format!("{}: values() gives {other:?}", d.name())),
        }
        match (t.to_literal_sql(d), names.is_empty()) {
            (Ok(_), true) | (Err(Error::MissingBindParam { .. }), false) => {}
            (other, _) => return Err(format!("{}: to_literal_sql gives {other:?}", d.name())),
        }
    }

    if marker_sql.is_some() && !names.iter().any(|n| n == "__no_such_name__") {
        // The same values bound on the clause: no named parameter remains.
        let mut bound = text(sql);
        for (n, v) in &bindings {
            bound = bound.bind(n, v.clone());
        }
        for (d, _) in dialects() {
            let c = bound
                .compile(d)
                .map_err(|e| format!("{}: bound clause fails: {e:?}", d.name()))?;
            match c.values() {
                Ok(v) if v == expected => {}
                other => {
                    return Err(format!(
                        "{}: bound clause values {other:?}, expected {expected:?}",
                        d.name()
                    ))
                }
            }
        }
        // A value for a name the SQL lacks is an error.
        let stray = text(sql).bind("__no_such_name__", 1);
        if !matches!(stray.compile(&Sqlite), Err(Error::UnknownBindParam { .. })) {
            return Err(format!(
                "binding an unknown name to {sql:?} is not an error"
            ));
        }
    }
    Ok(())
}
