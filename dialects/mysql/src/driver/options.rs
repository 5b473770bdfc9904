//! Turns a [`Url`] into the `mysql` crate's connection options and the SQL that
//! sets up each new session.

use mysql::consts::CapabilityFlags;
use mysql::{Opts, OptsBuilder};
use sqlcraft::engine::{DbError, ErrorKind, Url};
use std::time::Duration;

/// The host when the URL names none.
pub(crate) const DEFAULT_HOST: &str = "127.0.0.1";
/// The port when the URL names none.
pub(crate) const DEFAULT_PORT: u16 = 3306;
/// The `sql_mode` every session gets unless the URL's `sql_mode` says otherwise.
pub(crate) const DEFAULT_SQL_MODE: &str =
    "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
/// The query options [`connect_opts`] understands.
pub(crate) const KNOWN_OPTIONS: &[&str] = &[
    "socket",
    "connect_timeout",
    "charset",
    "sql_mode",
    "statement_cache_size",
];

fn bad_url(url: &Url, reason: impl std::fmt::Display) -> DbError {
    DbError::new(ErrorKind::Programming, format!("{url}: {reason}"))
}

/// The session setup: character set, `sql_mode` and a UTC time zone, in one
/// round trip.
fn session_sql(url: &Url) -> Result<String, DbError> {
    let charset = url.query("charset").unwrap_or("utf8mb4");
    // Values are bound and read as UTF-8, so only UTF-8 connection charsets keep
    // them intact.
    if !["utf8mb4", "utf8mb3", "utf8"].contains(&charset.to_ascii_lowercase().as_str()) {
        return Err(bad_url(
            url,
            format!(
                "charset {charset:?} is not supported: use utf8mb4 (the default), utf8mb3 or utf8"
            ),
        ));
    }
    let sql_mode = url.query("sql_mode").unwrap_or(DEFAULT_SQL_MODE);
    if !sql_mode
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ',')
    {
        return Err(bad_url(
            url,
            format!("sql_mode {sql_mode:?} must be mode names separated by commas"),
        ));
    }
    Ok(format!(
        "SET NAMES '{charset}', sql_mode = '{sql_mode}', time_zone = '+00:00'"
    ))
}

/// The connection options for `url`, and the size of the connection's statement
/// cache: `statement_cache_size` unless the URL sets its own. The `mysql` crate's
/// statement cache is off in the options: the adapter keeps its own (see
/// `connection.rs` for why both would fight).
pub(crate) fn connect_opts(
    url: &Url,
    statement_cache_size: usize,
) -> Result<(Opts, usize), DbError> {
    if let Some((key, _)) = url
        .query_pairs()
        .iter()
        .find(|(k, _)| !KNOWN_OPTIONS.contains(&k.as_str()))
    {
        return Err(bad_url(
            url,
            format!(
                "unknown option {key:?} (known: {})",
                KNOWN_OPTIONS.join(", ")
            ),
        ));
    }
    let cache_size = match url.query("statement_cache_size") {
        Some(n) => n
            .parse::<usize>()
            .map_err(|_| bad_url(url, format!("statement_cache_size {n:?} is not a count")))?,
        None => statement_cache_size,
    };
    let connect_timeout = match url.query("connect_timeout") {
        Some(t) => Some(
            t.parse::<f64>()
                .ok()
                .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    bad_url(
                        url,
                        format!("connect_timeout {t:?} is not a positive number of seconds"),
                    )
                })?,
        ),
        None => None,
    };
    let builder = OptsBuilder::new()
        .ip_or_hostname(Some(url.host().unwrap_or(DEFAULT_HOST)))
        .tcp_port(url.port().unwrap_or(DEFAULT_PORT))
        .socket(url.query("socket").filter(|s| !s.is_empty()))
        // Never switch from TCP to the server's socket behind the caller's back.
        .prefer_socket(false)
        .user(url.username())
        .pass(url.password())
        .db_name(url.database())
        .tcp_connect_timeout(connect_timeout)
        .stmt_cache_size(0)
        // UPDATE reports the rows it matched, not only those it changed, as the
        // other engines do.
        .additional_capabilities(CapabilityFlags::CLIENT_FOUND_ROWS)
        .init(vec![session_sql(url)?]);
    Ok((builder.into(), cache_size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(s: &str) -> Result<Opts, DbError> {
        connect_opts(&s.parse().unwrap(), 256).map(|(o, _)| o)
    }

    fn cache_size(s: &str) -> usize {
        connect_opts(&s.parse().unwrap(), 256).unwrap().1
    }

    #[test]
    fn defaults() {
        let o = opts("mysql://u:p@/db").unwrap();
        assert_eq!(o.get_ip_or_hostname(), DEFAULT_HOST);
        assert_eq!(o.get_tcp_port(), DEFAULT_PORT);
        assert_eq!(
            (o.get_user(), o.get_pass(), o.get_db_name()),
            (Some("u"), Some("p"), Some("db"))
        );
        assert_eq!(cache_size("mysql://u:p@/db"), 256);
        assert_eq!(
            o.get_stmt_cache_size(),
            0,
            "the adapter caches, not the crate"
        );
        assert!(!o.get_prefer_socket());
        assert_eq!(o.get_socket(), None);
        let init = o.get_init();
        assert_eq!(init.len(), 1);
        assert!(init[0].contains("SET NAMES 'utf8mb4'"), "{init:?}");
        assert!(init[0].contains("STRICT_ALL_TABLES"), "{init:?}");
        assert!(!init[0].contains("NO_BACKSLASH_ESCAPES"), "{init:?}");
        assert!(init[0].contains("time_zone = '+00:00'"), "{init:?}");
    }

    #[test]
    fn options() {
        let o = opts("mariadb://db.local:3307/x?socket=/run/my.sock&connect_timeout=2.5&statement_cache_size=8&charset=utf8mb3").unwrap();
        assert_eq!(o.get_ip_or_hostname(), "db.local");
        assert_eq!(o.get_tcp_port(), 3307);
        assert_eq!(o.get_socket(), Some("/run/my.sock"));
        assert_eq!(
            o.get_tcp_connect_timeout(),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(o.get_stmt_cache_size(), 0);
        assert_eq!(cache_size("mysql://h/x?statement_cache_size=8"), 8);
        assert_eq!(cache_size("mysql://h/x?statement_cache_size=0"), 0);
        assert!(o.get_init()[0].starts_with("SET NAMES 'utf8mb3'"));
    }

    #[test]
    fn bad_options_are_refused() {
        for (url, needle) in [
            ("mysql://h/db?charset=latin1", "charset"),
            ("mysql://h/db?sql_mode=ANSI';DROP", "sql_mode"),
            ("mysql://h/db?connect_timeout=soon", "connect_timeout"),
            ("mysql://h/db?connect_timeout=0", "connect_timeout"),
            (
                "mysql://h/db?statement_cache_size=-1",
                "statement_cache_size",
            ),
            ("mysql://h/db?sslmode=require", "unknown option"),
        ] {
            let e = opts(url).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Programming);
            assert!(e.message.contains(needle), "{url}: {e}");
        }
    }
}
