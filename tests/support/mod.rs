//! Shared support for the engine test suites: one engine per backend, the server
//! URLs the README's test command exports, and unique table names.
//!
//! A test that needs a server and finds no URL fails with a message saying how to
//! start one: it never passes by skipping.
#![allow(dead_code)]

use sqlcraft::engine::{Engine, EngineBuilder};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The backends every cross-dialect test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MariaDb,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::MariaDb];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
            Backend::MariaDb => "mariadb",
        }
    }

    /// A builder for this backend, to set options before building.
    pub fn builder(self) -> EngineBuilder {
        match self {
            Backend::Sqlite => sqlcraft_sqlite::engine_builder("sqlite:///:memory:"),
            Backend::Postgres => sqlcraft_postgres::engine_builder(&pg_url()),
            Backend::MariaDb => sqlcraft_mysql::engine_builder(&mysql_url()),
        }
        .unwrap_or_else(|e| panic!("{}: cannot configure an engine: {e}", self.name()))
    }

    /// An engine with default settings.
    pub fn engine(self) -> Engine {
        self.builder()
            .build()
            .unwrap_or_else(|e| panic!("{}: cannot build an engine: {e}", self.name()))
    }
}

fn required_env(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: this test needs a real server. Run the suite with \
             ./scripts/test.sh (or ./scripts/with-servers.sh cargo test …), which \
             starts throwaway PostgreSQL and MariaDB servers and exports it."
        )
    })
}

/// `SQLCRAFT_PG_URL`, or a panic explaining how to get one.
pub fn pg_url() -> String {
    required_env("SQLCRAFT_PG_URL")
}

/// `SQLCRAFT_MYSQL_URL`, or a panic explaining how to get one.
pub fn mysql_url() -> String {
    required_env("SQLCRAFT_MYSQL_URL")
}

/// A table name unique to this test process and call, so tests running in
/// parallel against one server database never collide.
pub fn unique(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}
