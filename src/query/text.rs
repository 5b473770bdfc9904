//! `text()`: literal SQL with `:name` parameters.

use crate::expr::{Expr, Ident};
use crate::value::Value;
use crate::Error;
use std::sync::Arc;

/// A piece of parsed `text()` SQL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TextPart {
    /// Verbatim SQL.
    Sql(String),
    /// A `:name` parameter.
    Param(Ident),
}

/// A value bound to a `text()` parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bound {
    /// One value, one placeholder.
    One(Value),
    /// A list, written `(?, ?, …)` ([`TextClause::bind_list`]).
    List(Vec<Value>),
}

/// Literal SQL with named parameters, as SQLAlchemy's `text()`.
///
/// `:name` marks a parameter; it becomes a placeholder and its value a bound
/// parameter, never part of the text. Colons inside quoted strings, quoted
/// identifiers and comments are left alone, as are PostgreSQL's `::` casts; write
/// `\:` for a literal colon elsewhere. Parameters without a value from
/// [`TextClause::bind`] are supplied at execution ([`crate::Compiled::bind`]).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = text("SELECT * FROM users WHERE name = :name AND note = ':not_a_param'").bind("name", "ann");
/// let c = t.compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, "SELECT * FROM users WHERE name = ? AND note = ':not_a_param'");
/// assert_eq!(c.values().unwrap(), vec![Value::from("ann")]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TextClause {
    pub(crate) parts: Arc<[TextPart]>,
    pub(crate) bound: Vec<(Ident, Bound)>,
    pub(crate) error: Option<Box<Error>>,
    /// The SQL ends inside a `--` comment.
    pub(crate) ends_in_line_comment: bool,
}

/// Parses `sql` for `:name` parameters; see [`TextClause`].
///
/// Placeholders follow the dialect; SQL that cannot be parsed (an unterminated
/// quote) is an error when compiled.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = text("SELECT id FROM users WHERE id = :id OR boss = :id").bind("id", 7);
/// let c = t.compile(&sqlcraft_postgres::Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT id FROM users WHERE id = $1 OR boss = $2");
/// assert_eq!(c.values().unwrap(), vec![Value::Int(7), Value::Int(7)]);
/// assert!(matches!(text("SELECT 'oops").compile(&GenericDialect), Err(Error::InvalidText(_))));
/// ```
pub fn text(sql: &str) -> TextClause {
    match parse(sql) {
        Ok(parts) => TextClause {
            parts: parts.into(),
            bound: Vec::new(),
            error: None,
            ends_in_line_comment: ends_in_line_comment(sql),
        },
        Err(e) => TextClause {
            parts: Arc::from(Vec::new()),
            bound: Vec::new(),
            error: Some(Box::new(e)),
            ends_in_line_comment: false,
        },
    }
}

impl TextClause {
    /// Binds a value to the parameter `name`; a name the SQL does not have is an
    /// error when the statement is compiled.
    ///
    /// Binding the same name again replaces its value.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = text("SELECT :a, :b").bind("a", 1).bind("a", 2);
    /// let c = t.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, "SELECT ?, ?");
    /// assert_eq!(c.bind(&[("b", Value::from("x"))]).unwrap(), vec![Value::Int(2), Value::from("x")]);
    /// let typo = text("SELECT :a").bind("b", 1);
    /// assert!(matches!(typo.compile(&GenericDialect), Err(Error::UnknownBindParam { .. })));
    /// ```
    pub fn bind(self, name: &str, value: impl Into<Value>) -> TextClause {
        self.bind_as(name, Bound::One(value.into()))
    }

    /// Binds a list to the parameter `name`, written as a parenthesised list of
    /// placeholders, one per value (SQLAlchemy's `bindparam(name,
    /// expanding=True)`): `WHERE id IN :ids` becomes `WHERE id IN (?, ?, ?)`. An
    /// empty list is [`Error::InvalidStatement`] when compiled: `IN ()` is not
    /// SQL, and no single spelling is right for both IN and NOT IN.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = text("SELECT name FROM users WHERE id IN :ids AND status = :s")
    ///     .bind_list("ids", [3, 5, 8])
    ///     .bind("s", "gold");
    /// let c = t.compile(&Postgres)?;
    /// assert_eq!(c.sql, "SELECT name FROM users WHERE id IN ($1, $2, $3) AND status = $4");
    /// assert_eq!(c.values()?, vec![Value::Int(3), Value::Int(5), Value::Int(8), Value::from("gold")]);
    /// let empty = text("SELECT 1 WHERE 1 IN :ids").bind_list("ids", Vec::<i64>::new());
    /// assert!(matches!(empty.compile(&Postgres), Err(Error::InvalidStatement(_))));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bind_list<I, V>(self, name: &str, values: I) -> TextClause
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.bind_as(
            name,
            Bound::List(values.into_iter().map(Into::into).collect()),
        )
    }

    fn bind_as(mut self, name: &str, value: Bound) -> TextClause {
        if !self.param_names().any(|n| n == name) {
            if self.error.is_none() {
                self.error = Some(Box::new(Error::UnknownBindParam {
                    name: name.to_owned(),
                }));
            }
            return self;
        }
        match self.bound.iter_mut().find(|(n, _)| n.as_ref() == name) {
            Some(slot) => slot.1 = value,
            None => self.bound.push((Ident::from(name), value)),
        }
        self
    }

    /// The parameter names, in order of appearance (repeats included).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = text("SELECT * FROM t WHERE a = :a AND b = :b OR a = :a -- :c");
    /// assert_eq!(t.param_names().collect::<Vec<_>>(), ["a", "b", "a"]);
    /// ```
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TextPart::Param(n) => Some(n.as_ref()),
            TextPart::Sql(_) => None,
        })
    }

    pub(crate) fn bound_value(&self, name: &str) -> Option<&Bound> {
        self.bound
            .iter()
            .find(|(n, _)| n.as_ref() == name)
            .map(|(_, v)| v)
    }
}

impl From<TextClause> for Expr {
    fn from(t: TextClause) -> Expr {
        Expr::Text(Box::new(t))
    }
}

/// Whether the last line of `sql`, outside quotes, holds a `--` comment. A rough
/// scan is enough: a false positive only adds a harmless newline.
fn ends_in_line_comment(sql: &str) -> bool {
    let last = sql.rsplit('\n').next().unwrap_or(sql);
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for c in last.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
            None if c == '-' && prev == '-' => return true,
            None => {}
        }
        prev = c;
    }
    false
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits `sql` into verbatim runs and parameters. Written by hand because it must
/// know exactly which lexical contexts hide a colon, and no SQL lexer crate exposes
/// that without parsing the whole statement for one dialect.
pub(crate) fn parse(sql: &str) -> Result<Vec<TextPart>, Error> {
    if sql.trim().is_empty() {
        return Err(Error::InvalidText("the SQL is empty".into()));
    }
    let mut parts = Vec::new();
    let mut buf = String::with_capacity(sql.len());
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                buf.push(c);
                let mut closed = false;
                while let Some((_, d)) = chars.next() {
                    buf.push(d);
                    if d == c {
                        // A doubled quote is an escaped quote inside the literal.
                        if chars.peek().map(|&(_, n)| n) == Some(c) {
                            let (_, n) = chars.next().unwrap_or((0, c));
                            buf.push(n);
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    if d == '\\' && c == '\'' {
                        // MySQL's backslash escape; harmless to honour elsewhere since
                        // it only keeps the next character inside the literal.
                        if let Some((_, n)) = chars.next() {
                            buf.push(n);
                        }
                    }
                }
                if !closed {
                    return Err(Error::InvalidText(format!(
                        "unterminated {c} quote starting at byte {i}"
                    )));
                }
            }
            '-' if chars.peek().map(|&(_, n)| n) == Some('-') => {
                buf.push(c);
                for (_, d) in chars.by_ref() {
                    buf.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|&(_, n)| n) == Some('*') => {
                buf.push(c);
                let mut prev = '\0';
                let mut closed = false;
                chars.next();
                buf.push('*');
                for (_, d) in chars.by_ref() {
                    buf.push(d);
                    if prev == '*' && d == '/' {
                        closed = true;
                        break;
                    }
                    prev = d;
                }
                if !closed {
                    return Err(Error::InvalidText(format!(
                        "unterminated /* comment starting at byte {i}"
                    )));
                }
            }
            '$' if sql[..i]
                .chars()
                .next_back()
                .is_some_and(|p| is_name_char(p) || p == '$') =>
            {
                // Inside an identifier (`a$b`, `a$$b$$`), not the start of a dollar
                // quote: PostgreSQL and MySQL continue a name with `$`, and a
                // quote cannot start right after a `$` that ended one.
                buf.push(c);
            }
            '$' => {
                // PostgreSQL dollar quoting: $tag$ … $tag$.
                let rest = &sql[i + 1..];
                let tag_len = rest
                    .find(|ch: char| !is_name_char(ch))
                    .filter(|&n| rest[n..].starts_with('$'))
                    .filter(|&n| n == 0 || rest.starts_with(is_name_start));
                match tag_len {
                    Some(n) => {
                        let tag = &sql[i..i + n + 2];
                        let body_start = i + n + 2;
                        match sql[body_start..].find(tag) {
                            Some(end) => {
                                let stop = body_start + end + tag.len();
                                buf.push_str(&sql[i..stop]);
                                while chars.peek().is_some_and(|&(j, _)| j < stop) {
                                    chars.next();
                                }
                            }
                            None => {
                                return Err(Error::InvalidText(format!(
                                    "unterminated {tag} quote starting at byte {i}"
                                )))
                            }
                        }
                    }
                    None => buf.push(c),
                }
            }
            '\\' if chars.peek().map(|&(_, n)| n) == Some(':') => {
                chars.next();
                buf.push(':');
            }
            ':' => match chars.peek().map(|&(_, n)| n) {
                Some(':') => {
                    chars.next();
                    buf.push_str("::");
                }
                Some(n) if is_name_start(n) => {
                    let start = i + 1;
                    let mut end = start;
                    while let Some(&(j, d)) = chars.peek() {
                        if is_name_char(d) {
                            end = j + d.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    if !buf.is_empty() {
                        parts.push(TextPart::Sql(std::mem::take(&mut buf)));
                    }
                    parts.push(TextPart::Param(Ident::from(&sql[start..end])));
                }
                _ => buf.push(c),
            },
            _ => buf.push(c),
        }
    }
    if !buf.is_empty() {
        parts.push(TextPart::Sql(buf));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Vec<String> {
        parse(sql)
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                TextPart::Param(n) => Some(n.to_string()),
                TextPart::Sql(_) => None,
            })
            .collect()
    }

    #[test]
    fn finds_params_outside_quotes_and_comments() {
        assert_eq!(
            names("a = :a AND b = ':b' AND \"c:c\" = :c_2"),
            ["a", "c_2"]
        );
        assert_eq!(names("x::int = :x -- :y\n/* :z */"), ["x"]);
        assert_eq!(names("$$ :p $$ || $t$ :q $t$ || :r"), ["r"]);
        assert_eq!(names("a = 'it''s :no' and :yes"), ["yes"]);
        assert_eq!(names(r"time \:00 :v"), ["v"]);
        assert_eq!(names("$1 + :é"), Vec::<String>::new());
    }

    #[test]
    fn rejects_unterminated_quotes() {
        assert!(matches!(parse("select 'abc"), Err(Error::InvalidText(_))));
        assert!(matches!(parse("select /* abc"), Err(Error::InvalidText(_))));
        assert!(matches!(
            parse("select $a$ abc"),
            Err(Error::InvalidText(_))
        ));
    }
}

/// SQL text that returns the named columns, usable wherever a query is: a
/// derived table, a CTE, `IN`, `EXISTS`, a set operation's member or an
/// INSERT's SELECT (SQLAlchemy's `text(..).columns(..)`, a `TextualSelect`).
/// Made by [`TextClause::columns`]; its `c(name)` references are checked
/// against the names given.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// let recent = text("SELECT user_id, max(at) AS last_seen FROM visits WHERE at > :since GROUP BY user_id")
///     .bind("since", "2026-01-01")
///     .columns(["user_id", "last_seen"])
///     .subquery("recent");
/// let users = table("users");
/// let q = select((users.c("name"), recent.c("last_seen")))
///     .from(&users)
///     .join(&recent, recent.c("user_id").eq(users.c("id")))
///     .filter(users.c("active").eq(true));
/// assert_eq!(
///     q.compile(&Postgres)?.sql,
///     r#"SELECT "users"."name", "recent"."last_seen" FROM "users" JOIN (SELECT user_id, max(at) AS last_seen FROM visits WHERE at > $1 GROUP BY user_id) AS "recent" ON "recent"."user_id" = "users"."id" WHERE "users"."active" = $2"#
/// );
/// assert!(matches!(select(recent.c("nope")).from(&recent).compile(&Postgres), Err(Error::UnknownColumn { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TextualSelect {
    pub(crate) text: TextClause,
    pub(crate) columns: Arc<[Ident]>,
}

impl TextClause {
    /// This text as a query returning the columns `names`, in order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let q = text("SELECT 1 AS one, 2 AS two").columns(["one", "two"]);
    /// let names: Vec<&str> = q.column_names().iter().map(|n| &**n).collect();
    /// assert_eq!(names, ["one", "two"]);
    /// ```
    pub fn columns<I, S>(self, names: I) -> TextualSelect
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        TextualSelect {
            text: self,
            columns: names.into_iter().map(|n| Ident::from(n.as_ref())).collect(),
        }
    }
}

impl TextualSelect {
    /// The names of the columns the text returns.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(text("SELECT 1 AS a").columns(["a"]).column_names().len(), 1);
    /// ```
    pub fn column_names(&self) -> &[Ident] {
        &self.columns
    }

    /// The SQL text.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let q = text("SELECT 1 AS a").columns(["a"]);
    /// assert_eq!(q.text().param_names().count(), 0);
    /// ```
    pub fn text(&self) -> &TextClause {
        &self.text
    }

    /// This query as a derived table named `alias`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let s = text("SELECT 1 AS a").columns(["a"]).subquery("s");
    /// assert_eq!(select(s.c("a")).from(&s).compile(&GenericDialect)?.sql, r#"SELECT "s"."a" FROM (SELECT 1 AS a) AS "s""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn subquery(self, alias: &str) -> super::Subquery {
        super::Query::from(self).subquery(alias)
    }

    /// This query as a common table expression named `name`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let nums = text("SELECT 1 AS n UNION ALL SELECT 2").columns(["n"]).cte("nums");
    /// let c = select(func::sum(nums.c("n"))).from(&nums).compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"WITH "nums" AS (SELECT 1 AS n UNION ALL SELECT 2) SELECT sum("nums"."n") AS "sum_1" FROM "nums""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn cte(self, name: &str) -> super::Cte {
        super::Cte::new(name, self.into())
    }
}

impl From<TextualSelect> for super::Query {
    fn from(t: TextualSelect) -> super::Query {
        super::Query::Text(Box::new(t))
    }
}
