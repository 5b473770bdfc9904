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
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        regexp,
    )
}

fn regexp(ctx: &mut Context<'_>) -> rusqlite::Result<Option<bool>> {
    if matches!(ctx.get_raw(0), ValueRef::Null) {
        return Ok(None);
    }
    // SQLite keeps the compiled pattern with the statement while the pattern
    // argument stays the same (a bound value, a literal): one compile per
    // statement, not per row.
    let re: Arc<regex::Regex> = ctx.get_or_create_aux(0, |pattern| match pattern {
        ValueRef::Text(bytes) => {
            let pattern = std::str::from_utf8(bytes)
                .map_err(|e| format!("REGEXP pattern is not UTF-8: {e}"))?;
            regex::Regex::new(pattern).map_err(|e| format!("REGEXP pattern: {e}"))
        }
        other => Err(format!(
            "REGEXP pattern must be text, not {}",
            other.data_type()
        )),
    })?;
    match ctx.get_raw(1) {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Some(re.is_match(text))),
            Err(e) => Err(Error::UserFunctionError(
                format!("REGEXP operand is not UTF-8: {e}").into(),
            )),
        },
        other => Err(Error::UserFunctionError(
            format!("REGEXP operand must be text, not {}", other.data_type()).into(),
        )),
    }
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
