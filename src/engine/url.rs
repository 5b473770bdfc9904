//! Database URLs: `dialect[+driver]://user:password@host:port/database?key=value`.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::fmt;
use std::str::FromStr;

/// Characters escaped in the user, password and database parts.
const COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'&')
    .add(b'=')
    .add(b'+');

/// Characters escaped in each `/`-separated segment of the database part: as
/// [`COMPONENT`], but a colon stays, so `:memory:` and `C:` read as written (a
/// colon in a path is plain data: the authority ends at the first slash).
const PATH_SEGMENT: &AsciiSet = &COMPONENT.remove(b':');

/// Why a URL was refused.
///
/// ```
/// use sqlcraft::engine::{Url, UrlError};
/// let err: UrlError = "postgresql://ann:secret@h:99999/db".parse::<Url>().unwrap_err();
/// assert_eq!(err.url, "postgresql://ann:***@h:99999/db");
/// assert_eq!(err.reason, r#"port "99999" is not a number from 0 to 65535"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid database URL {url:?}: {reason}")]
pub struct UrlError {
    /// The URL, with any password replaced by `***`.
    pub url: String,
    /// What is wrong.
    pub reason: String,
}

/// A parsed database URL, as SQLAlchemy's `URL`.
///
/// ```
/// use sqlcraft::engine::Url;
/// let url: Url = "postgresql://ann:s%40cret@db.local:5433/shop?sslmode=disable".parse().unwrap();
/// assert_eq!(url.scheme(), "postgresql");
/// assert_eq!(url.password(), Some("s@cret"));
/// assert_eq!(url.port(), Some(5433));
/// assert_eq!(url.query("sslmode"), Some("disable"));
/// assert_eq!(url.to_string(), "postgresql://ann:***@db.local:5433/shop?sslmode=disable");
///
/// let mem: Url = "sqlite:///:memory:".parse().unwrap();
/// assert_eq!(mem.database(), Some(":memory:"));
/// let abs: Url = "sqlite:////var/data/app.db".parse().unwrap();
/// assert_eq!(abs.database(), Some("/var/data/app.db"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    driver: Option<String>,
    username: Option<String>,
    password: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    database: Option<String>,
    query: Vec<(String, String)>,
}

fn decode(part: &str, whole: &str) -> Result<String, UrlError> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| UrlError {
            url: redact(whole),
            reason: if redact(whole).contains(part) {
                format!("{part:?} is not valid percent-encoded UTF-8")
            } else {
                "the credentials are not valid percent-encoded UTF-8".to_owned()
            },
        })
}

/// The URL text with the password part replaced, for error messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The URL may be malformed (that is why it is being reported), so no parse is
    // trusted: everything between the user's `:` and the last `@` is hidden, which
    // covers passwords holding unescaped `/`, `?` or `@`.
    match rest.rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{}", &rest[at + 1..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Url, UrlError> {
        let fail = |reason: &str| UrlError {
            url: redact(s),
            reason: reason.to_owned(),
        };
        // A fragment of a malformed URL is quoted in an error only where the
        // redacted URL shows it too: a misparse must not leak the password.
        let redacted = redact(s);
        let show = |frag: &str| {
            if redacted == s || redacted.contains(frag) {
                format!("{frag:?}")
            } else {
                "(part of the hidden credentials)".to_owned()
            }
        };
        let (scheme_part, rest) = s
            .split_once("://")
            .ok_or_else(|| fail("expected scheme://…, e.g. postgresql://user@host/db"))?;
        let (scheme, driver) = match scheme_part.split_once('+') {
            Some((a, b)) => (a, Some(b)),
            None => (scheme_part, None),
        };
        let valid_name = |n: &str| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !valid_name(scheme) || driver.is_some_and(|d| !valid_name(d)) {
            return Err(fail("the scheme must be letters, digits, '_' or '-'"));
        }
        let (before_query, query_str) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match before_query.find('/') {
            Some(i) => (&before_query[..i], Some(&before_query[i + 1..])),
            None => (before_query, None),
        };
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
            None => (None, authority),
        };
        let (username, password) = match userinfo {
            Some(ui) => match ui.split_once(':') {
                Some((u, p)) => (Some(decode(u, s)?), Some(decode(p, s)?)),
                None => (Some(decode(ui, s)?), None),
            },
            None => (None, None),
        };
        let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
            // An IPv6 literal: [::1]:5432.
            let end = inner
                .find(']')
                .ok_or_else(|| fail("unclosed '[' in the host"))?;
            let host = &inner[..end];
            if host.is_empty() || host.contains('[') || !host.contains(':') {
                return Err(fail("a bracketed host must be an IPv6 address, e.g. [::1]"));
            }
            let after = &inner[end + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err(fail("unexpected text after the IPv6 host")),
            };
            (Some(host.to_owned()), port)
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => ((!h.is_empty()).then(|| h.to_owned()), Some(p)),
                None => ((!hostport.is_empty()).then(|| hostport.to_owned()), None),
            }
        };
        let port =
            match port {
                Some(p) => Some(p.parse::<u16>().map_err(|_| {
                    fail(&format!("port {} is not a number from 0 to 65535", show(p)))
                })?),
                None => None,
            };
        if let Some(h) = &host {
            // An unbracketed host cannot hold ':' (it would read as a port) or
            // brackets, and a bracketed one is written back with its brackets.
            let bracketed = hostport.starts_with('[');
            if h.chars().any(|c| c.is_whitespace() || "/@[]".contains(c))
                || (!bracketed && h.contains(':'))
            {
                return Err(fail("the host contains a character hosts cannot have"));
            }
        }
        let database = match path {
            Some("") | None => None,
            Some(p) => Some(decode(p, s)?),
        };
        let mut query = Vec::new();
        if let Some(q) = query_str {
            for pair in q.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                let k = decode(&k.replace('+', " "), s)?;
                if k.is_empty() {
                    return Err(fail("a query parameter has an empty name"));
                }
                query.push((k, decode(&v.replace('+', " "), s)?));
            }
        }
        Ok(Url {
            scheme: scheme.to_ascii_lowercase(),
            driver: driver.map(str::to_ascii_lowercase),
            username,
            password,
            host,
            port,
            database,
            query,
        })
    }
}

impl Url {
    /// Starts building a URL for `scheme`; every part is escaped as needed.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("mysql").username("root").password("p@ss/w:rd").host("127.0.0.1").port(3306).database("shop").build();
    /// let text = url.to_string_with_password();
    /// assert_eq!(text, "mysql://root:p%40ss%2Fw%3Ard@127.0.0.1:3306/shop");
    /// assert_eq!(text.parse::<Url>().unwrap(), url);
    /// ```
    pub fn builder(scheme: &str) -> UrlBuilder {
        UrlBuilder(Url {
            scheme: scheme.to_ascii_lowercase(),
            driver: None,
            username: None,
            password: None,
            host: None,
            port: None,
            database: None,
            query: Vec::new(),
        })
    }

    /// The dialect part of the scheme (`postgresql` in `postgresql+psycopg://`).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url: Url = "PostgreSQL+psycopg://h/db".parse().unwrap();
    /// assert_eq!(url.scheme(), "postgresql");
    /// ```
    pub fn scheme(&self) -> &str {
        &self.scheme
    }
    /// The driver part of the scheme, if given.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// assert_eq!("sqlite+rusqlite:///a.db".parse::<Url>().unwrap().driver(), Some("rusqlite"));
    /// assert_eq!("sqlite:///a.db".parse::<Url>().unwrap().driver(), None);
    /// ```
    pub fn driver(&self) -> Option<&str> {
        self.driver.as_deref()
    }
    /// The user name, decoded.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url: Url = "mysql://ann%40corp:pw@h/db".parse().unwrap();
    /// assert_eq!(url.username(), Some("ann@corp"));
    /// ```
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
    /// The password, decoded.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url: Url = "mysql://ann:p%2Fw%3Ard@h/db".parse().unwrap();
    /// assert_eq!(url.password(), Some("p/w:rd"));
    /// assert_eq!("mysql://ann@h/db".parse::<Url>().unwrap().password(), None);
    /// ```
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }
    /// The host (an IPv6 address without its brackets).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// assert_eq!("postgresql://u@db.local/x".parse::<Url>().unwrap().host(), Some("db.local"));
    /// assert_eq!("postgresql://u@[::1]:5432/x".parse::<Url>().unwrap().host(), Some("::1"));
    /// assert_eq!("sqlite:///a.db".parse::<Url>().unwrap().host(), None);
    /// ```
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }
    /// The port.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// assert_eq!("mysql://u@h:3307/x".parse::<Url>().unwrap().port(), Some(3307));
    /// assert_eq!("mysql://u@h/x".parse::<Url>().unwrap().port(), None);
    /// ```
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// The database (for SQLite: the file path, or `:memory:`).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// assert_eq!("postgresql://u@h/shop".parse::<Url>().unwrap().database(), Some("shop"));
    /// assert_eq!("sqlite:///data/app.db".parse::<Url>().unwrap().database(), Some("data/app.db"));
    /// assert_eq!("postgresql://u@h".parse::<Url>().unwrap().database(), None);
    /// ```
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }
    /// A query parameter by name (the last one, if repeated).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url: Url = "sqlite:///a.db?mode=ro&timeout=1&timeout=2".parse().unwrap();
    /// assert_eq!(url.query("mode"), Some("ro"));
    /// assert_eq!(url.query("timeout"), Some("2"));
    /// assert_eq!(url.query("journal_mode"), None);
    /// ```
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    /// All query parameters, in order, decoded.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url: Url = "postgresql://u@h/db?application_name=my+app&sslmode=disable".parse().unwrap();
    /// assert_eq!(
    ///     url.query_pairs(),
    ///     [("application_name".to_owned(), "my app".to_owned()), ("sslmode".to_owned(), "disable".to_owned())]
    /// );
    /// ```
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    fn write(&self, f: &mut impl fmt::Write, show_password: bool) -> fmt::Result {
        f.write_str(&self.scheme)?;
        if let Some(d) = &self.driver {
            write!(f, "+{d}")?;
        }
        f.write_str("://")?;
        if let Some(u) = &self.username {
            write!(f, "{}", utf8_percent_encode(u, COMPONENT))?;
            if let Some(p) = &self.password {
                if show_password {
                    write!(f, ":{}", utf8_percent_encode(p, COMPONENT))?;
                } else {
                    f.write_str(":***")?;
                }
            }
            f.write_str("@")?;
        }
        if let Some(h) = &self.host {
            if h.contains(':') {
                write!(f, "[{h}]")?;
            } else {
                f.write_str(h)?;
            }
        }
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        if let Some(db) = &self.database {
            // SQLite paths keep their slashes: sqlite:////abs/path.db.
            let encoded: String = db
                .split('/')
                .map(|seg| utf8_percent_encode(seg, PATH_SEGMENT).to_string())
                .collect::<Vec<_>>()
                .join("/");
            write!(f, "/{encoded}")?;
        }
        for (i, (k, v)) in self.query.iter().enumerate() {
            f.write_str(if i == 0 { "?" } else { "&" })?;
            write!(
                f,
                "{}={}",
                utf8_percent_encode(k, COMPONENT),
                utf8_percent_encode(v, COMPONENT)
            )?;
        }
        Ok(())
    }

    /// The full URL including the password (for handing to tools; never log it).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url: Url = "postgresql://ann:s%40cret@h/db".parse().unwrap();
    /// assert_eq!(url.to_string(), "postgresql://ann:***@h/db");
    /// assert_eq!(url.to_string_with_password(), "postgresql://ann:s%40cret@h/db");
    /// ```
    pub fn to_string_with_password(&self) -> String {
        let mut s = String::new();
        let _ = self.write(&mut s, true);
        s
    }
}

impl fmt::Display for Url {
    /// The URL with the password shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Url({self})")
    }
}

/// Builds a [`Url`] part by part; see [`Url::builder`].
///
/// ```
/// use sqlcraft::engine::Url;
/// let url = Url::builder("sqlite").database("app.db").query("mode", "ro").build();
/// assert_eq!(url.to_string(), "sqlite:///app.db?mode=ro");
/// ```
#[derive(Debug, Clone)]
pub struct UrlBuilder(Url);

impl UrlBuilder {
    /// The driver part of the scheme.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("sqlite").driver("rusqlite").database("a.db").build();
    /// assert_eq!(url.to_string(), "sqlite+rusqlite:///a.db");
    /// ```
    pub fn driver(mut self, d: &str) -> Self {
        self.0.driver = Some(d.to_ascii_lowercase());
        self
    }
    /// The user name (any characters; escaped in the text form).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("postgresql").username("ann smith").host("h").build();
    /// assert_eq!(url.to_string(), "postgresql://ann%20smith@h");
    /// assert_eq!(url.username(), Some("ann smith"));
    /// ```
    pub fn username(mut self, u: &str) -> Self {
        self.0.username = Some(u.to_owned());
        self
    }
    /// The password (any characters; escaped in the text form, hidden by Display).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("mysql").username("root").password("a@b").host("h").build();
    /// assert_eq!(url.to_string(), "mysql://root:***@h");
    /// assert_eq!(url.to_string_with_password(), "mysql://root:a%40b@h");
    /// ```
    pub fn password(mut self, p: &str) -> Self {
        self.0.password = Some(p.to_owned());
        self
    }
    /// The host (an IPv6 address without brackets; the text form adds them).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("postgresql").host("::1").port(5432).build();
    /// assert_eq!(url.to_string(), "postgresql://[::1]:5432");
    /// ```
    pub fn host(mut self, h: &str) -> Self {
        self.0.host = Some(h.to_owned());
        self
    }
    /// The port.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("mysql").host("db.local").port(3307).build();
    /// assert_eq!((url.port(), url.to_string().as_str()), (Some(3307), "mysql://db.local:3307"));
    /// ```
    pub fn port(mut self, p: u16) -> Self {
        self.0.port = Some(p);
        self
    }
    /// The database (for SQLite, the path).
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("sqlite").database("/var/data/app.db").build();
    /// assert_eq!(url.to_string(), "sqlite:////var/data/app.db");
    /// let url = Url::builder("sqlite").database(":memory:").build();
    /// assert_eq!(url.to_string(), "sqlite:///:memory:");
    /// assert_eq!(url.to_string().parse::<Url>().unwrap(), url);
    /// ```
    pub fn database(mut self, d: &str) -> Self {
        self.0.database = Some(d.to_owned());
        self
    }
    /// Adds a query parameter.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("sqlite").database("a.db").query("mode", "ro").query("timeout", "0.5").build();
    /// assert_eq!(url.to_string(), "sqlite:///a.db?mode=ro&timeout=0.5");
    /// assert_eq!(url.query("timeout"), Some("0.5"));
    /// ```
    pub fn query(mut self, k: &str, v: &str) -> Self {
        self.0.query.push((k.to_owned(), v.to_owned()));
        self
    }
    /// The URL.
    ///
    /// ```
    /// use sqlcraft::engine::Url;
    /// let url = Url::builder("postgresql").username("app").host("localhost").database("shop").build();
    /// assert_eq!(url, "postgresql://app@localhost/shop".parse::<Url>().unwrap());
    /// ```
    pub fn build(self) -> Url {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Url, UrlError> {
        s.parse()
    }

    #[test]
    fn sqlite_forms() {
        assert_eq!(p("sqlite:///rel.db").unwrap().database(), Some("rel.db"));
        assert_eq!(
            p("sqlite:////abs/x.db").unwrap().database(),
            Some("/abs/x.db")
        );
        assert_eq!(
            p("sqlite:///:memory:").unwrap().database(),
            Some(":memory:")
        );
        assert_eq!(p("sqlite://").unwrap().database(), None);
    }

    #[test]
    fn full_urls_round_trip() {
        for s in [
            "postgresql://u:p@h:5432/db?a=1&b=two",
            "mysql+mysqlclient://root@127.0.0.1/test",
            "postgresql://u@[::1]:5432/db",
            "postgresql:///db?host=%2Ftmp%2Fsock",
        ] {
            let url = p(s).unwrap();
            assert_eq!(
                url.to_string_with_password().parse::<Url>().unwrap(),
                url,
                "{s}"
            );
        }
        let url = p("postgresql://u@[::1]:5432/db").unwrap();
        assert_eq!((url.host(), url.port()), (Some("::1"), Some(5432)));
    }

    #[test]
    fn malformed_urls_are_clear_errors() {
        for (s, needle) in [
            ("postgresql:/x", "scheme://"),
            ("://x", "scheme"),
            ("post gres://x", "scheme"),
            ("postgresql://h:99999/db", "port"),
            ("postgresql://h:abc/db", "port"),
            ("postgresql://[::1/db", "unclosed"),
            ("postgresql://u:%ff@h/db", "percent-encoded"),
        ] {
            let e = p(s).unwrap_err();
            assert!(e.reason.contains(needle), "{s}: {e}");
        }
    }

    #[test]
    fn passwords_never_show() {
        let e = p("postgresql://ann:secret@h:99999/db").unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        for s in [
            "postgresql://ann:s3cr/et@h/db",
            "postgresql://ann:se?cret@h/db",
            "postgresql://ann:p@ss@h:x/db",
        ] {
            let e = p(s).unwrap_err();
            for part in ["s3cr", "et@", "se?", "cret", "p@ss"] {
                assert!(!e.to_string().contains(part), "{e}");
            }
        }
        let url = p("postgresql://ann:secret@h/db").unwrap();
        assert!(!format!("{url} {url:?}").contains("secret"));
    }
}
