//! What a `sqlite://` URL asks for: the file, and the connection options in its
//! query string.

use sqlcraft::engine::{DbError, ErrorKind, Url};
use std::time::Duration;

/// The query options a URL may carry; anything else is refused, so a typo
/// (`foreign_key=off`) cannot be silently ignored.
pub(crate) const KNOWN_OPTIONS: &[&str] = &[
    "mode",
    "timeout",
    "foreign_keys",
    "journal_mode",
    "statement_cache_size",
];

/// The journal modes `journal_mode=` accepts (SQLite's own list).
const JOURNAL_MODES: &[&str] = &["delete", "truncate", "persist", "memory", "wal", "off"];

/// The busy timeout when the URL gives none: SQLAlchemy's (and Python's) 5 s.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection when the URL gives no
/// `statement_cache_size`.
pub(crate) const DEFAULT_STATEMENT_CACHE_SIZE: usize = 256;

/// How the database file is opened (`mode=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `ro`: read-only; the file must exist.
    Ro,
    /// `rw`: read-write; the file must exist.
    Rw,
    /// `rwc` (the default): read-write, created if missing.
    Rwc,
}

/// A parsed `sqlite://` URL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Options {
    /// The file path; `None` for an in-memory database.
    pub path: Option<String>,
    pub mode: Mode,
    pub timeout: Duration,
    pub foreign_keys: bool,
    /// Lower-case, one of [`JOURNAL_MODES`].
    pub journal_mode: Option<&'static str>,
    pub statement_cache_size: usize,
}

/// Whether the URL names an in-memory database (`sqlite://`, `sqlite:///:memory:`).
pub(crate) fn is_memory(url: &Url) -> bool {
    matches!(url.database(), None | Some("") | Some(":memory:"))
}

fn invalid(url: &Url, reason: impl std::fmt::Display) -> DbError {
    // A configuration mistake: retrying or another connection will not help.
    DbError::new(ErrorKind::Programming, format!("{url}: {reason}"))
}

impl Options {
    /// Reads the options of `url`, refusing what SQLite cannot honour.
    pub(crate) fn from_url(url: &Url) -> Result<Options, DbError> {
        if url.scheme() != "sqlite" {
            return Err(invalid(
                url,
                format_args!(
                    "the rusqlite driver serves sqlite:// URLs, not {}://",
                    url.scheme()
                ),
            ));
        }
        if let Some(d) = url.driver() {
            if d != "rusqlite" {
                return Err(invalid(
                    url,
                    format_args!("unknown SQLite driver {d:?} (this one is \"rusqlite\")"),
                ));
            }
        }
        if url.host().is_some()
            || url.port().is_some()
            || url.username().is_some()
            || url.password().is_some()
        {
            return Err(invalid(
                url,
                "a SQLite URL has no host, port or user: write sqlite:///relative.db, \
                 sqlite:////absolute.db or sqlite:///:memory:",
            ));
        }
        let mut opts = Options {
            path: (!is_memory(url)).then(|| url.database().unwrap_or_default().to_owned()),
            mode: Mode::Rwc,
            timeout: DEFAULT_TIMEOUT,
            foreign_keys: true,
            journal_mode: None,
            statement_cache_size: DEFAULT_STATEMENT_CACHE_SIZE,
        };
        for (key, value) in url.query_pairs() {
            match key.as_str() {
                "mode" => {
                    opts.mode = match value.as_str() {
                        "ro" => Mode::Ro,
                        "rw" => Mode::Rw,
                        "rwc" => Mode::Rwc,
                        other => {
                            return Err(invalid(
                                url,
                                format_args!("mode={other:?}: expected ro, rw or rwc"),
                            ))
                        }
                    }
                }
                "timeout" => {
                    opts.timeout = value
                        .parse::<f64>()
                        .ok()
                        .and_then(|s| Duration::try_from_secs_f64(s).ok())
                        .ok_or_else(|| {
                            invalid(
                                url,
                                format_args!(
                                    "timeout={value:?}: expected a number of seconds, 0 or more"
                                ),
                            )
                        })?
                }
                "foreign_keys" => {
                    opts.foreign_keys = match value.to_ascii_lowercase().as_str() {
                        "on" | "true" | "1" | "yes" => true,
                        "off" | "false" | "0" | "no" => false,
                        _ => {
                            return Err(invalid(
                                url,
                                format_args!("foreign_keys={value:?}: expected on or off"),
                            ))
                        }
                    }
                }
                "journal_mode" => {
                    let lower = value.to_ascii_lowercase();
                    opts.journal_mode = Some(
                        JOURNAL_MODES
                            .iter()
                            .copied()
                            .find(|m| *m == lower)
                            .ok_or_else(|| {
                                invalid(
                                    url,
                                    format_args!(
                                        "journal_mode={value:?}: expected one of {}",
                                        JOURNAL_MODES.join(", ")
                                    ),
                                )
                            })?,
                    )
                }
                "statement_cache_size" => {
                    opts.statement_cache_size = value.parse().map_err(|_| {
                        invalid(
                            url,
                            format_args!("statement_cache_size={value:?}: expected a whole number"),
                        )
                    })?
                }
                other => {
                    return Err(invalid(
                        url,
                        format_args!(
                            "unknown option {other:?} (known: {})",
                            KNOWN_OPTIONS.join(", ")
                        ),
                    ))
                }
            }
        }
        Ok(opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(s: &str) -> Result<Options, DbError> {
        Options::from_url(&s.parse().unwrap())
    }

    #[test]
    fn defaults() {
        let o = opts("sqlite://").unwrap();
        assert_eq!(o.path, None);
        assert_eq!(o.mode, Mode::Rwc);
        assert_eq!(o.timeout, Duration::from_secs(5));
        assert!(o.foreign_keys);
        assert_eq!(o.journal_mode, None);
        assert_eq!(o.statement_cache_size, 256);
        assert_eq!(opts("sqlite:///:memory:").unwrap().path, None);
        assert_eq!(
            opts("sqlite:///a.db").unwrap().path.as_deref(),
            Some("a.db")
        );
        assert_eq!(
            opts("sqlite:////tmp/a.db").unwrap().path.as_deref(),
            Some("/tmp/a.db")
        );
    }

    #[test]
    fn options() {
        let o = opts(
            "sqlite+rusqlite:///a.db?mode=ro&timeout=0.25&foreign_keys=off&journal_mode=WAL&statement_cache_size=8",
        )
        .unwrap();
        assert_eq!(o.mode, Mode::Ro);
        assert_eq!(o.timeout, Duration::from_millis(250));
        assert!(!o.foreign_keys);
        assert_eq!(o.journal_mode, Some("wal"));
        assert_eq!(o.statement_cache_size, 8);
    }

    #[test]
    fn mistakes_are_refused() {
        for (url, needle) in [
            ("postgresql:///a.db", "sqlite://"),
            ("sqlite+pysqlite:///a.db", "unknown SQLite driver"),
            ("sqlite://host/a.db", "no host"),
            ("sqlite:///a.db?mode=rwx", "mode"),
            ("sqlite:///a.db?timeout=-1", "timeout"),
            ("sqlite:///a.db?timeout=soon", "timeout"),
            ("sqlite:///a.db?foreign_keys=maybe", "foreign_keys"),
            ("sqlite:///a.db?journal_mode=wal;drop", "journal_mode"),
            ("sqlite:///a.db?foreign_key=off", "unknown option"),
        ] {
            let e = opts(url).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Programming, "{url}");
            assert!(e.message.contains(needle), "{url}: {e}");
        }
    }
}
