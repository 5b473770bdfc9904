//! SQL functions SQLite leaves to the application, registered on every
//! connection the adapter opens.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Error};
use std::sync::Arc;

/// Registers `regexp(pattern, text)`, which `text REGEXP pattern` calls: true
/// where `pattern` (Rust [`regex`] syntax) matches anywhere in `text`, NULL where
/// either is NULL (as PostgreSQL's `~` and MySQL's REGEXP), and an error for a
/// pattern that does not compile or an operand that is not text.
///
/// And `regexp_replace(text, pattern, replacement)`: every match replaced, with
/// PostgreSQL's (and MariaDB's) replacement syntax, so that one statement means
/// the same on the three: `\1` … `\9` a group, `\&` the whole match, `\\` a
/// backslash, anything else as it is (`$` included).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("regexp", 2, flags, regexp)?;
    conn.create_scalar_function("regexp_replace", 3, flags, regexp_replace)
}

/// The regular expression of argument `arg`, compiled once per statement:
/// SQLite keeps it with the statement while the argument stays the same (a
/// bound value, a literal).
fn pattern_arg(ctx: &Context<'_>, arg: i32) -> rusqlite::Result<Arc<regex::Regex>> {
    ctx.get_or_create_aux(arg, |pattern| match pattern {
        ValueRef::Text(bytes) => {
            let pattern = std::str::from_utf8(bytes)
                .map_err(|e| format!("REGEXP pattern is not UTF-8: {e}"))?;
            regex::Regex::new(pattern).map_err(|e| format!("REGEXP pattern: {e}"))
        }
        other => Err(format!(
            "REGEXP pattern must be text, not {}",
            other.data_type()
        )),
    })
}

/// Argument `arg` as text; `None` for NULL.
fn text_arg<'a>(ctx: &'a Context<'_>, arg: usize, what: &str) -> rusqlite::Result<Option<&'a str>> {
    match ctx.get_raw(arg) {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|e| Error::UserFunctionError(format!("{what} is not UTF-8: {e}").into())),
        other => Err(Error::UserFunctionError(
            format!("{what} must be text, not {}", other.data_type()).into(),
        )),
    }
}

fn regexp_replace(ctx: &mut Context<'_>) -> rusqlite::Result<Option<String>> {
    if (0..3).any(|i| matches!(ctx.get_raw(i), ValueRef::Null)) {
        return Ok(None);
    }
    let re = pattern_arg(ctx, 1)?;
    let (Some(text), Some(replacement)) = (
        text_arg(ctx, 0, "regexp_replace's text")?,
        text_arg(ctx, 2, "regexp_replace's replacement")?,
    ) else {
        return Ok(None);
    };
    let pieces = Replacement::parse(replacement);
    Ok(Some(
        re.replace_all(text, |caps: &regex::Captures<'_>| pieces.expand(caps))
            .into_owned(),
    ))
}

/// A replacement string in PostgreSQL's syntax, split into literal text and
/// references to groups (0 for the whole match).
struct Replacement<'a> {
    pieces: Vec<Piece<'a>>,
}

enum Piece<'a> {
    Text(&'a str),
    Group(usize),
}

impl<'a> Replacement<'a> {
    fn parse(s: &'a str) -> Replacement<'a> {
        let mut pieces = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] != b'\\' {
                i += 1;
                continue;
            }
            let piece = match bytes[i + 1] {
                d @ b'1'..=b'9' => Some(Piece::Group(usize::from(d - b'0'))),
                b'&' => Some(Piece::Group(0)),
                b'\\' => Some(Piece::Text("\\")),
                _ => None,
            };
            match piece {
                Some(p) => {
                    pieces.push(Piece::Text(&s[start..i]));
                    pieces.push(p);
                    i += 2;
                    start = i;
                }
                None => i += 1,
            }
        }
        pieces.push(Piece::Text(&s[start..]));
        Replacement { pieces }
    }

    /// The replacement for one match; a group that did not take part is empty.
    fn expand(&self, caps: &regex::Captures<'_>) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Group(g) => out.push_str(caps.get(*g).map_or("", |m| m.as_str())),
            }
        }
        out
    }
}

fn regexp(ctx: &mut Context<'_>) -> rusqlite::Result<Option<bool>> {
    if matches!(ctx.get_raw(0), ValueRef::Null) {
        return Ok(None);
    }
    let re = pattern_arg(ctx, 0)?;
    Ok(text_arg(ctx, 1, "REGEXP operand")?.map(|text| re.is_match(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        register(&c).unwrap();
        c
    }

    fn matches(c: &Connection, text: Option<&str>, pattern: Option<&str>) -> Option<bool> {
        c.query_row("SELECT ?1 REGEXP ?2", (text, pattern), |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn matches_anywhere_with_nulls_propagating() {
        let c = conn();
        assert_eq!(matches(&c, Some("ann@x.io"), Some(r"@x\.io$")), Some(true));
        assert_eq!(matches(&c, Some("ann@x.io"), Some("^x")), Some(false));
        assert_eq!(matches(&c, Some("ANN"), Some("(?i)^ann$")), Some(true));
        assert_eq!(matches(&c, Some("ANN"), Some("^ann$")), Some(false));
        assert_eq!(matches(&c, None, Some("a")), None);
        assert_eq!(matches(&c, Some("a"), None), None);
    }

    fn replace(c: &Connection, text: &str, pattern: &str, replacement: &str) -> Option<String> {
        c.query_row(
            "SELECT regexp_replace(?1, ?2, ?3)",
            (text, pattern, replacement),
            |r| r.get(0),
        )
        .unwrap()
    }

    #[test]
    fn replace_uses_postgresql_replacement_syntax() {
        let c = conn();
        assert_eq!(
            replace(&c, "a1b22c", "[0-9]+", "#").as_deref(),
            Some("a#b#c")
        );
        assert_eq!(
            replace(&c, "ann smith", r"(\w+) (\w+)", r"\2, \1").as_deref(),
            Some("smith, ann")
        );
        assert_eq!(replace(&c, "abc", "b", r"[\&]").as_deref(), Some("a[b]c"));
        assert_eq!(
            replace(&c, "abc", "b", r"\\$1\x").as_deref(),
            Some(r"a\$1\xc")
        );
        assert_eq!(
            replace(&c, "abc", "(z)?b", r"<\1>").as_deref(),
            Some("a<>c")
        );
        assert_eq!(replace(&c, "abc", "b", "\\").as_deref(), Some("a\\c"));
        let null: Option<String> = c
            .query_row("SELECT regexp_replace(NULL, 'a', 'b')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(null, None);
    }

    #[test]
    fn bad_patterns_and_operands_are_errors() {
        let c = conn();
        let err = c
            .query_row("SELECT 'a' REGEXP '('", [], |r| r.get::<_, bool>(0))
            .unwrap_err();
        assert!(err.to_string().contains("REGEXP pattern"), "{err}");
        let err = c
            .query_row("SELECT 5 REGEXP '5'", [], |r| r.get::<_, bool>(0))
            .unwrap_err();
        assert!(err.to_string().contains("must be text"), "{err}");
    }

    #[test]
    fn a_bound_pattern_filters_many_rows() {
        let c = conn();
        let n: i64 = c
            .query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
                 SELECT count(*) FROM n WHERE CAST(i AS TEXT) REGEXP ?1",
                ["^[0-9]*7$"],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 100);
    }
}
