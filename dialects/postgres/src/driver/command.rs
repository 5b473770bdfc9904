//! Which kind of statement a SQL text is, for `rows_affected`.
//!
//! PostgreSQL's command tag carries a row count for `SELECT` too (`SELECT 5`),
//! and the `postgres` crate hands over only that count, not the tag. The
//! contract wants 0 for queries, so a statement that returns rows counts as
//! affecting rows only when its main verb is `INSERT`, `UPDATE`, `DELETE` or
//! `MERGE` (a DML statement with `RETURNING`, possibly under `WITH`).

/// Whether the main statement of `sql` is a DML verb (looking past comments,
/// opening parentheses and a leading `WITH … AS (…)` list).
pub(crate) fn is_dml(sql: &str) -> bool {
    let mut words = TopLevelWords::new(sql);
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("with") => words
            .find(|w| {
                [
                    "select", "insert", "update", "delete", "merge", "values", "table",
                ]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k))
            })
            .is_some_and(is_dml_verb),
        Some(w) => is_dml_verb(w),
        None => false,
    }
}

fn is_dml_verb(w: &str) -> bool {
    ["insert", "update", "delete", "merge"]
        .iter()
        .any(|k| w.eq_ignore_ascii_case(k))
}

/// The bare words of a SQL text outside parentheses (except leading ones),
/// string literals, quoted identifiers, dollar quotes and comments.
struct TopLevelWords<'a> {
    sql: &'a str,
    pos: usize,
    depth: usize,
    seen_word: bool,
}

impl<'a> TopLevelWords<'a> {
    fn new(sql: &'a str) -> Self {
        TopLevelWords {
            sql,
            pos: 0,
            depth: 0,
            seen_word: false,
        }
    }

    /// Skips past the closing `end` of a quoted run starting at `self.pos`.
    fn skip_past(&mut self, end: &str) {
        self.pos = match self.sql[self.pos..].find(end) {
            Some(i) => self.pos + i + end.len(),
            None => self.sql.len(),
        };
    }
}

impl<'a> Iterator for TopLevelWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.sql.as_bytes();
        while self.pos < bytes.len() {
            let rest = &self.sql[self.pos..];
            let c = bytes[self.pos];
            if rest.starts_with("--") {
                self.skip_past("\n");
            } else if rest.starts_with("/*") {
                // PostgreSQL's block comments nest.
                let mut nest = 0usize;
                while self.pos < bytes.len() {
                    let r = &self.sql[self.pos..];
                    if r.starts_with("/*") {
                        nest += 1;
                        self.pos += 2;
                    } else if r.starts_with("*/") {
                        nest -= 1;
                        self.pos += 2;
                        if nest == 0 {
                            break;
                        }
                    } else {
                        self.pos += 1;
                    }
                }
            } else if c == b'\'' || c == b'"' {
                // Doubled quotes inside are two back-to-back quoted runs.
                self.pos += 1;
                self.skip_past(if c == b'\'' { "'" } else { "\"" });
            } else if c == b'$' {
                // A dollar quote $tag$…$tag$, or a placeholder $1.
                let tag_len = rest[1..]
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .unwrap_or(rest.len() - 1);
                let tag = &rest[..tag_len + 1];
                if rest[tag_len + 1..].starts_with('$')
                    && !tag[1..].starts_with(|ch: char| ch.is_ascii_digit())
                {
                    let delimiter = format!("{tag}$");
                    self.pos += delimiter.len();
                    self.skip_past(&delimiter);
                } else {
                    self.pos += tag.len();
                }
            } else if c == b'(' {
                // Parentheses before the first word wrap the whole statement.
                if self.seen_word {
                    self.depth += 1;
                }
                self.pos += 1;
            } else if c == b')' {
                self.depth = self.depth.saturating_sub(1);
                self.pos += 1;
            } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
                let len = rest
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$'))
                    .unwrap_or(rest.len());
                self.pos += len;
                if self.depth == 0 {
                    self.seen_word = true;
                    return Some(&rest[..len]);
                }
            } else {
                self.pos += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::is_dml;

    #[test]
    fn verbs() {
        assert!(is_dml("INSERT INTO t VALUES ($1) RETURNING id"));
        assert!(is_dml(
            "  -- c\n/* a /* nested */ b */ update t set a = 1 returning a"
        ));
        assert!(is_dml(
            r#"WITH "select" AS (SELECT 1), x(a) AS MATERIALIZED (SELECT 'insert') DELETE FROM t RETURNING *"#
        ));
        assert!(is_dml("WITH RECURSIVE r AS (SELECT $1 UNION ALL SELECT 2) MERGE INTO t USING r ON true WHEN MATCHED THEN DELETE"));
        assert!(!is_dml("SELECT * FROM t"));
        assert!(!is_dml("(SELECT 1) UNION (SELECT 2)"));
        assert!(!is_dml(
            "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d"
        ));
        assert!(!is_dml("WITH a AS (SELECT $$ ) insert $$) SELECT 1"));
        assert!(!is_dml("VALUES (1)"));
        assert!(!is_dml(""));
    }
}
