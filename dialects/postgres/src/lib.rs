//! The PostgreSQL dialect for [sqlcraft].
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft_postgres::Postgres;
//! let t = table("t");
//! let c = select(t.c("a")).from(&t).filter(t.c("a").ilike("x%")).limit(2).compile(&Postgres).unwrap();
//! assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" ILIKE $1 LIMIT $2"#);
//! ```
//!
//! With the default feature `driver`, `PostgresDriver` runs SQL on a server
//! through the [`postgres`](https://docs.rs/postgres) crate for sqlcraft's
//! engine. Turn default features off to only render SQL, without any driver.
//! The features `chrono`, `uuid`, `json` and `decimal` read and bind those
//! kinds of [`Value`] (see `PostgresConnection`).

#![deny(missing_docs)]

#[cfg(feature = "driver")]
mod driver;
#[cfg(feature = "driver")]
pub use driver::{PostgresConnection, PostgresDriver, DEFAULT_STATEMENT_CACHE_SIZE};

/// An engine for a `postgresql://` URL with default settings (see
/// [`sqlcraft::engine::EngineBuilder`] for pool, echo, events and the rest).
///
/// ```no_run
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_postgres::create_engine("postgresql://app:secret@127.0.0.1/shop")?;
/// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 42::int8"))?.scalar_one()?;
/// # Ok(()) }
/// ```
///
/// Building the engine opens no connection; the first checkout does, and an
/// unreachable server is a `Connection` error at once:
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::ErrorKind;
/// let engine = sqlcraft_postgres::create_engine("postgresql://app:secret@127.0.0.1:1/shop")?;
/// assert_eq!((engine.driver_name(), engine.dialect().name()), ("postgres", "postgresql"));
/// assert_eq!(engine.url().to_string(), "postgresql://app:***@127.0.0.1:1/shop");
/// let err = engine.connect().unwrap_err(); // nothing listens on port 1
/// assert_eq!(err.db_kind(), Some(ErrorKind::Connection));
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn create_engine(url: &str) -> sqlcraft::Result<sqlcraft::engine::Engine> {
    engine_builder(url)?.build()
}

/// An engine builder for a `postgresql://` URL, to set options before building.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::PoolState;
/// let engine = sqlcraft_postgres::engine_builder("postgres://app@db.local/shop")?
///     .pool_size(2)
///     .pool_pre_ping(true)
///     .build()?; // no server needed until the first checkout
/// assert_eq!(engine.pool_state(), PoolState { connections: 0, idle: 0, checked_out: 0 });
/// assert!(sqlcraft_postgres::engine_builder("not a url").is_err());
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn engine_builder(url: &str) -> sqlcraft::Result<sqlcraft::engine::EngineBuilder> {
    sqlcraft::engine::Engine::builder(PostgresDriver::new(), url)
}

use sqlcraft::dialect::{
    AggregateStringsStyle, Dialect, DmlKind, ExtractStyle, IlikeStyle, RegexpStyle, SequenceStyle,
};
use sqlcraft::{Result, SqlType, Value};
use std::borrow::Cow;

/// The PostgreSQL dialect (PostgreSQL 10 or newer: identity columns).
///
/// Identifiers longer than 63 bytes, which PostgreSQL would silently truncate, are
/// refused. String literals (literal-rendering mode and DDL) assume
/// `standard_conforming_strings = on`, the default since PostgreSQL 9.1.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// let t = table("t");
/// let c = select((t.c("a"), t.c("b"))).from(&t).distinct_on(t.c("a")).filter(t.c("b").eq(1)).compile(&Postgres)?;
/// assert_eq!(c.sql, r#"SELECT DISTINCT ON ("t"."a") "t"."a", "t"."b" FROM "t" WHERE "t"."b" = $1"#);
/// let long = "x".repeat(64);
/// assert!(select(table(&long).c("a")).compile(&Postgres).is_err());
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

impl Dialect for Postgres {
    fn extract_style(&self) -> ExtractStyle {
        ExtractStyle::ExtractNumeric
    }

    fn name(&self) -> &'static str {
        "postgresql"
    }

    fn bitwise_xor_operator(&self) -> Option<&'static str> {
        Some(" # ")
    }

    fn sequence_style(&self) -> SequenceStyle {
        SequenceStyle::Nextval
    }

    fn json_style(&self) -> sqlcraft::dialect::JsonStyle {
        sqlcraft::dialect::JsonStyle::Arrows
    }

    fn aggregate_strings_style(&self) -> AggregateStringsStyle {
        AggregateStringsStyle::StringAgg
    }

    fn regexp_style(&self) -> RegexpStyle {
        RegexpStyle::Tilde
    }

    fn supports_virtual_computed_columns(&self) -> bool {
        // VIRTUAL arrived in PostgreSQL 18; 10 to 17 have STORED only.
        false
    }

    fn max_identifier_length(&self) -> Option<usize> {
        Some(63)
    }

    fn write_placeholder(&self, index: usize, out: &mut String) {
        out.push('$');
        out.push_str(itoa::Buffer::new().format(index));
    }

    fn max_params(&self) -> usize {
        65535
    }

    fn write_bytes_literal(&self, b: &[u8], out: &mut String) -> Result<()> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push_str("'\\x");
        for byte in b {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        out.push_str("'::bytea");
        Ok(())
    }

    fn type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::DateTime { timezone: false } => "TIMESTAMP WITHOUT TIME ZONE".into(),
            SqlType::LargeBinary => "BYTEA".into(),
            // JSONB, unlike JSON, has equality and indexing.
            SqlType::Json => "JSONB".into(),
            other => return sqlcraft::dialect::ansi_type_name(self.name(), other),
        })
    }

    fn untyped_value_cast(&self, value: &Value) -> Option<&'static str> {
        // PostgreSQL types a parameter from its surroundings; alone in a select
        // list or CASE result it becomes text. Text stays bare: casting it would
        // refuse comparisons with uuid or json columns it would otherwise match.
        match value {
            Value::Int(_) => Some("BIGINT"),
            Value::Float(_) => Some("DOUBLE PRECISION"),
            Value::Bool(_) => Some("BOOLEAN"),
            Value::Bytes(_) => Some("BYTEA"),
            _ => None,
        }
    }

    fn ilike_style(&self) -> IlikeStyle {
        IlikeStyle::Native
    }

    fn supports_distinct_on(&self) -> bool {
        true
    }

    fn supports_returning(&self, _kind: DmlKind) -> bool {
        true
    }

    fn supports_conflict_on_constraint(&self) -> bool {
        true
    }
}
