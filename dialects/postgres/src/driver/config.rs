//! Database URLs to `postgres::Config`.

use postgres::config::SslMode;
use sqlcraft::engine::{DbError, ErrorKind, Url};
use std::time::Duration;

/// The URL query options the driver understands.
pub(crate) const OPTIONS: &[&str] = &[
    "sslmode",
    "connect_timeout",
    "application_name",
    "options",
    "host",
    "port",
    "user",
    "password",
    "dbname",
];

fn refuse(url: &Url, reason: impl std::fmt::Display) -> DbError {
    DbError::new(
        ErrorKind::Programming,
        format!("cannot connect to {url}: {reason}"),
    )
}

/// The connection settings of a `postgresql://` or `postgres://` URL.
///
/// The URL's user, password, host (default `localhost`), port (default 5432) and
/// database are used; query options may set or override them (`host=/run/postgresql`
/// names a Unix-socket directory, which a URL's host part cannot hold) and add
/// `sslmode`, `connect_timeout` (seconds; 0 or less waits forever),
/// `application_name` and `options`. Unknown options are refused rather than
/// ignored, so a misspelt `sslmode` cannot silently connect in plain text.
pub(crate) fn config_from_url(url: &Url) -> Result<postgres::Config, DbError> {
    if !matches!(url.scheme(), "postgresql" | "postgres") {
        return Err(refuse(
            url,
            format!(
                "the postgres driver opens postgresql:// or postgres:// URLs, not {}://",
                url.scheme()
            ),
        ));
    }
    let mut config = postgres::Config::new();
    let mut user = url.username().map(str::to_owned);
    let mut host = url.host().map(str::to_owned);
    let mut port = url.port();
    let mut dbname = url.database().map(str::to_owned);
    if let Some(p) = url.password() {
        config.password(p);
    }
    // The `postgres` crate connects without TLS here, and `prefer` falls back to
    // plain text when no TLS connector is configured.
    config.ssl_mode(SslMode::Disable);
    for (key, value) in url.query_pairs() {
        match key.as_str() {
            "sslmode" => match value.as_str() {
                "disable" | "allow" | "prefer" => {}
                "require" | "verify-ca" | "verify-full" => {
                    return Err(refuse(
                        url,
                        format!(
                            "sslmode={value} needs TLS, and this driver has no TLS connector \
                             configured; use sslmode=disable or sslmode=prefer"
                        ),
                    ))
                }
                other => {
                    return Err(refuse(
                        url,
                        format!(
                            "unknown sslmode {other:?} (expected disable, allow, prefer, \
                             require, verify-ca or verify-full)"
                        ),
                    ))
                }
            },
            "connect_timeout" => {
                let secs: i64 = value.trim().parse().map_err(|_| {
                    refuse(
                        url,
                        format!("connect_timeout={value:?} is not a whole number of seconds"),
                    )
                })?;
                if secs > 0 {
                    // As libpq, a timeout of 1 second is taken as 2.
                    config.connect_timeout(Duration::from_secs(secs.max(2).unsigned_abs()));
                }
            }
            "application_name" => {
                config.application_name(value);
            }
            "options" => {
                config.options(value);
            }
            "host" => host = Some(value.clone()),
            "port" => {
                port = Some(value.parse().map_err(|_| {
                    refuse(
                        url,
                        format!("port={value:?} is not a number from 0 to 65535"),
                    )
                })?)
            }
            "user" => user = Some(value.clone()),
            "password" => {
                config.password(value);
            }
            "dbname" => dbname = Some(value.clone()),
            other => {
                return Err(refuse(
                    url,
                    format!(
                        "unknown connection option {other:?} (known: {})",
                        OPTIONS.join(", ")
                    ),
                ))
            }
        }
    }
    let user = user
        .or_else(|| std::env::var("USER").ok())
        .filter(|u| !u.is_empty())
        .ok_or_else(|| refuse(url, "the URL names no user (postgresql://USER@host/db)"))?;
    config.user(&user);
    match host.as_deref() {
        Some(path) if path.starts_with('/') => {
            config.host_path(path);
        }
        Some(h) if !h.is_empty() => {
            config.host(h);
        }
        _ => {
            config.host("localhost");
        }
    }
    config.port(port.unwrap_or(5432));
    if let Some(db) = dbname {
        config.dbname(&db);
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::config::Host;

    fn cfg(s: &str) -> Result<postgres::Config, DbError> {
        config_from_url(&s.parse().unwrap())
    }

    #[test]
    fn parts_and_defaults() {
        let c = cfg("postgresql://ann:pw@db.local:5433/shop?application_name=x&connect_timeout=7")
            .unwrap();
        assert_eq!(c.get_user(), Some("ann"));
        assert_eq!(c.get_password(), Some(&b"pw"[..]));
        assert_eq!(c.get_hosts(), [Host::Tcp("db.local".into())]);
        assert_eq!(c.get_ports(), [5433]);
        assert_eq!(c.get_dbname(), Some("shop"));
        assert_eq!(c.get_application_name(), Some("x"));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(7)));

        let c = cfg("postgres://ann@/shop").unwrap();
        assert_eq!(c.get_hosts(), [Host::Tcp("localhost".into())]);
        assert_eq!(c.get_ports(), [5432]);
        assert_eq!(c.get_connect_timeout(), None);

        let c = cfg("postgresql://ann@/shop?host=%2Frun%2Fpostgresql&sslmode=prefer").unwrap();
        assert_eq!(c.get_hosts(), [Host::Unix("/run/postgresql".into())]);
    }

    #[test]
    fn refusals_are_clear() {
        for (url, needle) in [
            ("postgresql://a:secret@h/db?sslmode=require", "needs TLS"),
            (
                "postgresql://a:secret@h/db?sslmode=bogus",
                "unknown sslmode",
            ),
            (
                "postgresql://a:secret@h/db?sslmod=disable",
                "unknown connection option \"sslmod\"",
            ),
            (
                "postgresql://a:secret@h/db?connect_timeout=soon",
                "connect_timeout",
            ),
            ("mysql://a:secret@h/db", "not mysql://"),
        ] {
            let e = cfg(url).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Programming, "{url}");
            assert!(e.message.contains(needle), "{url}: {e}");
            assert!(!e.message.contains("secret"), "{url}: {e}");
        }
    }
}
