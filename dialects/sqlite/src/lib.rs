//! The SQLite dialect for [sqlcraft].
//!
//! Targets SQLite 3.35 or newer (RETURNING, UPDATE … FROM, NULLS FIRST/LAST, upsert
//! without a target); the bundled library of rusqlite is newer still.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft_sqlite::Sqlite;
//! let t = table("t");
//! let c = select(t.c("a")).from(&t).offset(5).compile(&Sqlite).unwrap();
//! assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" LIMIT -1 OFFSET ?"#);
//! ```
//!
//! # Features
//!
//! - `driver` (default): the `driver` module, with `SqliteDriver` and
//!   `SqliteConnection`, running SQL through rusqlite on a bundled SQLite. Turn
//!   default features off to only render SQL and pull in no driver.
//! - `chrono`, `uuid`, `json`, `decimal`: the sqlcraft value kinds of the same
//!   names, which the driver binds as text.

#![deny(missing_docs)]

#[cfg(feature = "driver")]
pub mod driver;
#[cfg(feature = "driver")]
pub use driver::{SqliteConnection, SqliteDriver};

/// An engine for a `sqlite://` URL with default settings (see
/// [`sqlcraft::engine::EngineBuilder`] for pool, echo, events and the rest).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 40 + 2"))?.scalar_one()?;
/// assert_eq!(n, 42);
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn create_engine(url: &str) -> sqlcraft::Result<sqlcraft::engine::Engine> {
    engine_builder(url)?.build()
}

/// An engine builder for a `sqlite://` URL, to set options before building.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::engine_builder("sqlite:///:memory:")?
///     .on_connect(|conn| conn.run_script("PRAGMA user_version = 3"))
///     .build()?;
/// let v: i64 = engine.connect()?.execute(&sqlcraft::text("PRAGMA user_version"))?.scalar_one()?;
/// assert_eq!(v, 3);
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn engine_builder(url: &str) -> sqlcraft::Result<sqlcraft::engine::EngineBuilder> {
    sqlcraft::engine::Engine::builder(SqliteDriver, url)
}

use sqlcraft::dialect::{
    AggregateStringsStyle, AutoincrementStyle, CompoundMemberStyle, DeleteUsingStyle, Dialect,
    DistinctFromStyle, DmlKind, ExtractStyle, FunctionOverride, GroupingSetsStyle, OffsetOnlyStyle,
    RegexpStyle, SequenceStyle, ValuesStyle, WithinGroupStyle,
};
use sqlcraft::query::{Lock, SetOp};
use sqlcraft::{Result, SqlType};
use std::borrow::Cow;

/// The SQLite dialect.
///
/// What it emulates: `ILIKE` as `lower(a) LIKE lower(b)`; `IS DISTINCT FROM` as
/// `IS NOT`; `DELETE … USING` as a correlated `EXISTS`; set-operation members with
/// their own ORDER BY or LIMIT as `SELECT * FROM (…)`. `FOR UPDATE` / `FOR SHARE`
/// render nothing: SQLite locks the whole database and serialises writers, so a
/// row lock adds no guarantee. `INTERSECT ALL`, `EXCEPT ALL`, `DISTINCT ON`,
/// `ON CONFLICT ON CONSTRAINT` and the INTERVAL type are typed errors.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_sqlite::Sqlite;
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).filter(t.c("a").ilike("x%")).for_update().compile(&Sqlite)?;
/// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE lower("t"."a") LIKE lower(?)"#);
/// let c = select(t.c("a").is_distinct_from(t.c("b"))).from(&t).compile(&Sqlite)?;
/// assert_eq!(c.sql, r#"SELECT "t"."a" IS NOT "t"."b" AS "anon_1" FROM "t""#);
/// let err = select(t.c("a")).from(&t).intersect_all(select(t.c("b")).from(&t)).compile(&Sqlite);
/// assert!(matches!(err, Err(Error::Unsupported { dialect: "sqlite", .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn extract_style(&self) -> ExtractStyle {
        ExtractStyle::Strftime
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn max_params(&self) -> usize {
        // SQLITE_MAX_VARIABLE_NUMBER's default since SQLite 3.32.
        32766
    }

    fn type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::Float => "REAL".into(),
            SqlType::DateTime { .. } => "DATETIME".into(),
            // TEXT affinity keeps documents as written; a JSON column would have
            // NUMERIC affinity and turn `"123"`-like documents into numbers.
            SqlType::Json => "TEXT".into(),
            SqlType::Uuid => "CHAR(36)".into(),
            SqlType::Interval => return Err(self.unsupported("the INTERVAL type")),
            other => return sqlcraft::dialect::ansi_type_name(self.name(), other),
        })
    }

    fn schema_in_column_qualifier(&self) -> bool {
        false
    }

    fn supports_qualified_function_names(&self) -> bool {
        false
    }

    fn supports_upsert_on_default_values(&self) -> bool {
        false
    }

    fn index_schema_on_name(&self) -> bool {
        true
    }

    fn foreign_key_names_schema(&self) -> bool {
        false
    }

    fn autoincrement_style(&self) -> AutoincrementStyle {
        AutoincrementStyle::RowidAlias
    }

    fn within_group_style(&self) -> WithinGroupStyle {
        WithinGroupStyle::Unsupported
    }

    fn sequence_style(&self) -> SequenceStyle {
        SequenceStyle::Unsupported
    }

    fn grouping_sets_style(&self) -> GroupingSetsStyle {
        GroupingSetsStyle::Unsupported
    }

    fn comment_style(&self) -> sqlcraft::dialect::CommentStyle {
        sqlcraft::dialect::CommentStyle::Unsupported
    }

    fn json_style(&self) -> sqlcraft::dialect::JsonStyle {
        sqlcraft::dialect::JsonStyle::SqliteArrows
    }

    fn aggregate_strings_style(&self) -> AggregateStringsStyle {
        AggregateStringsStyle::GroupConcat
    }

    fn regexp_style(&self) -> RegexpStyle {
        // REGEXP calls a function `regexp()` that SQLite leaves to the
        // application; the driver adapter registers one.
        RegexpStyle::Regexp
    }

    fn distinct_from_style(&self) -> DistinctFromStyle {
        DistinctFromStyle::IsOperator
    }

    fn supports_lateral(&self) -> bool {
        false
    }

    fn supports_quantified_comparison(&self) -> bool {
        false
    }

    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::SelectFromValues
    }

    fn supports_set_op(&self, op: SetOp) -> bool {
        !matches!(op, SetOp::IntersectAll | SetOp::ExceptAll)
    }

    fn compound_member_style(&self) -> CompoundMemberStyle {
        CompoundMemberStyle::Subquery
    }

    fn compound_order_by_position(&self) -> bool {
        true
    }

    fn offset_only_style(&self) -> OffsetOnlyStyle {
        OffsetOnlyStyle::LimitLiteral("-1")
    }

    fn supports_returning(&self, _kind: DmlKind) -> bool {
        true
    }

    fn supports_untargeted_do_update(&self) -> bool {
        true
    }

    fn delete_using_style(&self) -> DeleteUsingStyle {
        DeleteUsingStyle::Exists
    }

    fn write_lock(&self, _lock: &Lock, _out: &mut String) -> Result<()> {
        Ok(())
    }

    fn cast_function(&self, ty: &SqlType) -> Option<&'static str> {
        // CAST(x AS DATE) takes NUMERIC affinity in SQLite and yields the year.
        match ty {
            SqlType::Date => Some("date"),
            SqlType::Time => Some("time"),
            SqlType::DateTime { .. } => Some("datetime"),
            _ => None,
        }
    }

    fn function_override(&self, name: &str, argc: usize) -> Option<FunctionOverride> {
        match (name, argc) {
            ("now", 0) => Some(FunctionOverride::Keyword("CURRENT_TIMESTAMP")),
            // random() is a signed 64-bit integer here: its low 53 bits over
            // 2^53 give [0, 1) as the other engines do, exactly (a double's
            // mantissa), never rounding up to 1.
            ("random", 0) => Some(FunctionOverride::Keyword(
                "((random() & 9007199254740991) / 9007199254740992.0)",
            )),
            ("grouping", _) => Some(FunctionOverride::Unsupported("the GROUPING() function")),
            _ => None,
        }
    }
}
