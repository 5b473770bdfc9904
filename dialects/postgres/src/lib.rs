//! The PostgreSQL dialect for [sqlcraft](sqlcraft).
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft_postgres::Postgres;
//! let t = table("t");
//! let c = select(t.c("a")).from(&t).filter(t.c("a").ilike("x%")).limit(2).compile(&Postgres).unwrap();
//! assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" ILIKE $1 LIMIT $2"#);
//! ```

#![deny(missing_docs)]

use sqlcraft::dialect::{Dialect, DmlKind, IlikeStyle};
use sqlcraft::{Result, SqlType};
use std::borrow::Cow;

/// The PostgreSQL dialect (PostgreSQL 10 or newer: identity columns).
///
/// Identifiers longer than 63 bytes, which PostgreSQL would silently truncate, are
/// refused. String literals (literal-rendering mode and DDL) assume
/// `standard_conforming_strings = on`, the default since PostgreSQL 9.1.
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

impl Dialect for Postgres {
    fn name(&self) -> &'static str {
        "postgresql"
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
            other => return sqlcraft::dialect::GenericDialect.type_name(other),
        })
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
