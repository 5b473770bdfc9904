//! The CHECK constraints of a `CREATE TABLE` statement's text, for engines
//! whose catalog keeps nothing else of them (SQLite keeps the statement as it
//! was written, in `sqlite_master.sql`).
//!
//! A scan of the text, not a SQL parser: it skips string literals, quoted
//! identifiers and comments, finds each `CHECK` keyword, takes the text between
//! its parentheses, and the name of a `CONSTRAINT name` just before it. No
//! SQL-parsing crate is a dependency of the core (sqlparser would be the one),
//! and this is all reflection needs of the text.

use super::inspect::ReflectedCheck;

/// The CHECK constraints in `create_table`, in the order written: table-level
/// ones and those written on a column. An unterminated clause (text cut
/// short) ends the scan.
pub(crate) fn check_clauses(create_table: &str) -> Vec<ReflectedCheck> {
    let tokens = tokens(create_table);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let opens = tokens.get(i + 1).is_some_and(|t| t.text == "(");
        if !(tokens[i].is_word("CHECK") && opens) {
            i += 1;
            continue;
        }
        let name = match i.checked_sub(2).map(|at| (&tokens[at], &tokens[at + 1])) {
            Some((kw, name)) if kw.is_word("CONSTRAINT") && name.is_name() => Some(name.name()),
            _ => None,
        };
        let open = &tokens[i + 1];
        let mut depth = 0usize;
        let mut close = None;
        for (j, t) in tokens.iter().enumerate().skip(i + 1) {
            match t.text {
                "(" => depth += 1,
                ")" => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        let body = &create_table[open.start + 1..tokens[close].start];
        out.push(ReflectedCheck {
            name,
            sqltext: body.trim().to_owned(),
        });
        i = close + 1;
    }
    out
}

/// A piece of the statement: a word, a quoted identifier, a string literal or
/// one punctuation character. Whitespace and comments are dropped.
struct Token<'a> {
    text: &'a str,
    start: usize,
}

impl Token<'_> {
    fn is_word(&self, word: &str) -> bool {
        self.text.eq_ignore_ascii_case(word)
    }

    /// A bare word or a quoted identifier.
    fn is_name(&self) -> bool {
        let first = self.text.as_bytes()[0];
        first == b'"' || first == b'`' || first == b'[' || is_word_byte(first)
    }

    /// The name, unquoted: a doubled quote inside stands for one.
    fn name(&self) -> String {
        let t = self.text;
        match t.as_bytes()[0] {
            b'"' => t[1..t.len() - 1].replace("\"\"", "\""),
            b'`' => t[1..t.len() - 1].replace("``", "`"),
            b'[' => t[1..t.len() - 1].to_owned(),
            _ => t.to_owned(),
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn tokens(sql: &str) -> Vec<Token<'_>> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        match b {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'\'' | b'"' | b'`' => i = quoted_end(bytes, i, b),
            b'[' => i = sql[i..].find(']').map_or(bytes.len(), |n| i + n + 1),
            b if is_word_byte(b) => {
                while i < bytes.len() && is_word_byte(bytes[i]) {
                    i += 1;
                }
            }
            // One character, whole (a multi-byte one only outside words if
            // the text is odd; `is_word_byte` takes every byte >= 0x80).
            _ => i += 1,
        }
        out.push(Token {
            text: &sql[start..i],
            start,
        });
    }
    out
}

/// Where the quoted run opened at `start` with `quote` ends (just past the
/// closing quote; a doubled quote is one character of the run), or the text's
/// end if it never closes.
fn quoted_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks(sql: &str) -> Vec<(Option<String>, String)> {
        check_clauses(sql)
            .into_iter()
            .map(|c| (c.name, c.sqltext))
            .collect()
    }

    #[test]
    fn named_and_unnamed_table_and_column_checks() {
        let sql = r#"CREATE TABLE "t" ("qty" INTEGER CHECK ("qty" >= 0), "lo" INTEGER, "hi" INTEGER,
            CONSTRAINT "ck_range" CHECK ("lo" <= "hi"), check (lo > -1 AND (hi < 100)))"#;
        assert_eq!(
            checks(sql),
            [
                (None, r#""qty" >= 0"#.to_owned()),
                (Some("ck_range".to_owned()), r#""lo" <= "hi""#.to_owned()),
                (None, "lo > -1 AND (hi < 100)".to_owned()),
            ]
        );
    }

    #[test]
    fn quotes_and_comments_hide_what_looks_like_a_check() {
        let sql = "CREATE TABLE t (\n\
            a TEXT DEFAULT 'CHECK (x)', -- CHECK (in a comment)\n\
            \"check\" INTEGER, /* CHECK (y) */\n\
            CONSTRAINT [odd name] CHECK (a <> ')' AND \"check\" > 0),\n\
            CONSTRAINT `b``q` CHECK (length(a) > 1))";
        assert_eq!(
            checks(sql),
            [
                (
                    Some("odd name".to_owned()),
                    "a <> ')' AND \"check\" > 0".to_owned()
                ),
                (Some("b`q".to_owned()), "length(a) > 1".to_owned()),
            ]
        );
    }

    proptest::proptest! {
        /// Any text, however malformed: no panic, and every clause found is a
        /// piece of the text.
        #[test]
        fn any_text_scans_without_panicking(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "CHECK", "check", "CONSTRAINT", " ", "(", ")", "'", "\"", "`", "[", "]",
                    "--", "\n", "/*", "*/", "x", "é", "名", "a_1", ",",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            for c in check_clauses(&text) {
                proptest::prop_assert!(text.contains(c.sqltext.as_str()));
            }
        }
    }

    #[test]
    fn a_quoted_name_with_a_doubled_quote_and_text_cut_short() {
        assert_eq!(
            checks(r#"CREATE TABLE t (x INT, CONSTRAINT "a""b" CHECK (x > 0))"#),
            [(Some("a\"b".to_owned()), "x > 0".to_owned())]
        );
        assert!(checks("CREATE TABLE t (x INT CHECK (x > (0)").is_empty());
        assert!(checks("CREATE TABLE t (x INT, 'unterminated CHECK (x)").is_empty());
        assert!(checks("").is_empty());
        assert!(checks("CHECK").is_empty());
    }
}
