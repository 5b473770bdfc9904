//! The MySQL and MariaDB dialect for [sqlcraft].
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft_mysql::MySql;
//! let t = table("t");
//! let c = select(t.c("a").concat("!")).from(&t).compile(&MySql::mariadb()).unwrap();
//! assert_eq!(c.sql, "SELECT concat(`t`.`a`, ?) AS `anon_1` FROM `t`");
//! ```
//!
//! # Features
//!
//! - `driver` (default): the `driver` module, `MySqlDriver` and
//!   `MySqlConnection`, the engine's adapter over the pure-Rust
//!   [`mysql`](https://docs.rs/mysql) client. Turn default features off to
//!   render SQL only, without pulling in a client.
//! - `chrono`, `uuid`, `json`, `decimal`: the matching [`sqlcraft::Value`] kinds
//!   (they enable the same features of `sqlcraft`), bound as parameters and, for
//!   date/time, JSON (MySQL) and DECIMAL columns, returned in rows.
#![deny(missing_docs)]

#[cfg(feature = "driver")]
pub mod driver;
#[cfg(feature = "driver")]
pub use driver::{MySqlConnection, MySqlDriver};

/// An engine for a `mysql://` or `mariadb://` URL with default settings, rendering
/// for MariaDB (use [`engine_builder_for`] with [`MySql::mysql8`] for MySQL 8).
///
/// ```no_run
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_mysql::create_engine("mariadb://app:secret@127.0.0.1/shop")?;
/// let n: i64 = engine.connect()?.execute(&sqlcraft::text("SELECT 42"))?.scalar_one()?;
/// # Ok(()) }
/// ```
///
/// Building the engine opens no connection; the first checkout does, and an
/// unreachable server is a `Connection` error at once:
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::engine::ErrorKind;
/// let engine = sqlcraft_mysql::create_engine("mariadb://app:secret@127.0.0.1:1/shop")?;
/// assert_eq!((engine.driver_name(), engine.dialect().name()), ("mysql", "mariadb"));
/// assert_eq!(engine.url().to_string(), "mariadb://app:***@127.0.0.1:1/shop");
/// let err = engine.connect().unwrap_err(); // nothing listens on port 1
/// assert_eq!(err.db_kind(), Some(ErrorKind::Connection));
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn create_engine(url: &str) -> sqlcraft::Result<sqlcraft::engine::Engine> {
    engine_builder(url)?.build()
}

/// An engine builder for a `mysql://` or `mariadb://` URL (MariaDB flavor).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_mysql::engine_builder("mysql://app@db.local/shop")?
///     .pool_size(2)
///     .build()?; // no server needed until the first checkout
/// assert_eq!(engine.dialect().name(), "mariadb");
/// assert_eq!(engine.pool_state().connections, 0);
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn engine_builder(url: &str) -> sqlcraft::Result<sqlcraft::engine::EngineBuilder> {
    sqlcraft::engine::Engine::builder(MySqlDriver::default(), url)
}

/// An engine builder for a URL, rendering for the given flavor.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// let engine = sqlcraft_mysql::engine_builder_for(MySql::mysql8(), "mysql://app@db.local/shop")?.build()?;
/// assert_eq!(engine.dialect().name(), "mysql");
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).for_share().compile(engine.dialect())?;
/// assert_eq!(c.sql, "SELECT `t`.`a` FROM `t` FOR SHARE");
/// # Ok(()) }
/// ```
#[cfg(feature = "driver")]
pub fn engine_builder_for(
    dialect: MySql,
    url: &str,
) -> sqlcraft::Result<sqlcraft::engine::EngineBuilder> {
    sqlcraft::engine::Engine::builder(MySqlDriver::new(dialect), url)
}

use sqlcraft::dialect::{
    AggregateStringsStyle, AutoincrementStyle, ConcatStyle, DeleteUsingStyle, Dialect,
    DistinctFromStyle, DmlKind, EmptyInsertStyle, EnumStyle, FunctionOverride, GroupingSetsStyle,
    NullsOrderStyle, OffsetOnlyStyle, RegexpStyle, SequenceStyle, UpdateFromStyle, UpsertStyle,
    ValuesStyle, WithinGroupStyle,
};
use sqlcraft::query::{JoinKind, Lock, LockStrength, LockWait};
use sqlcraft::{Error, Result, SqlType};
use std::borrow::Cow;

/// Which server the dialect renders for.
///
/// ```
/// use sqlcraft_mysql::{Flavor, MySql};
/// assert_eq!(MySql::mariadb().flavor(), Flavor::MariaDb);
/// assert_eq!(MySql::mysql8().flavor(), Flavor::MySql);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// MariaDB 10.6 or newer.
    MariaDb,
    /// MySQL 8.0.31 or newer.
    MySql,
}

/// The MySQL/MariaDB dialect.
///
/// What it emulates: `||` as `concat()`; `ILIKE` as `lower(a) LIKE lower(b)`;
/// `NULLS FIRST/LAST` as a leading `x IS NULL` sort key; `IS DISTINCT FROM` with
/// `<=>`; OFFSET alone as `LIMIT 18446744073709551615 OFFSET n`; upsert
/// `DO NOTHING` as `ON DUPLICATE KEY UPDATE c = c`. Typed errors: `FULL OUTER JOIN`,
/// `DISTINCT ON`, `GROUPS` frames, VARCHAR without a length, INTERVAL, and an index
/// or key on a TEXT/BLOB/JSON column (give it a `String(n)` type), and a LIMIT or
/// OFFSET that is neither a bound value nor (inlined) a non-negative integer.
/// RETURNING exists on MariaDB for INSERT and DELETE only.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).filter(t.c("a").is_distinct_from(1)).offset(5).compile(&MySql::mysql8())?;
/// assert_eq!(c.sql, "SELECT `t`.`a` FROM `t` WHERE NOT (`t`.`a` <=> ?) LIMIT 18446744073709551615 OFFSET ?");
/// let u = table("u");
/// let full = select(t.c("a")).from(t.full_join(&u, t.c("id").eq(u.c("id")))).compile(&MySql::mysql8());
/// assert!(matches!(full, Err(Error::Unsupported { dialect: "mysql", .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MySql {
    flavor: Flavor,
    no_backslash_escapes: bool,
}

impl Default for MySql {
    fn default() -> Self {
        MySql::mariadb()
    }
}

impl MySql {
    /// MariaDB 10.6 or newer (the default).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).for_share().compile(&MySql::mariadb())?;
    /// assert_eq!(c.sql, "SELECT `t`.`a` FROM `t` LOCK IN SHARE MODE");
    /// let c = insert(&t).value("a", 1).returning(t.c("id")).compile(&MySql::mariadb())?;
    /// assert_eq!(c.sql, "INSERT INTO `t` (`a`) VALUES (?) RETURNING `t`.`id`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub const fn mariadb() -> MySql {
        MySql {
            flavor: Flavor::MariaDb,
            no_backslash_escapes: false,
        }
    }

    /// MySQL 8.0.31 or newer.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).for_share().compile(&MySql::mysql8())?;
    /// assert_eq!(c.sql, "SELECT `t`.`a` FROM `t` FOR SHARE");
    /// // MySQL has no RETURNING.
    /// assert!(insert(&t).value("a", 1).returning(t.c("id")).compile(&MySql::mysql8()).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub const fn mysql8() -> MySql {
        MySql {
            flavor: Flavor::MySql,
            no_backslash_escapes: false,
        }
    }

    /// Whether the server runs with `sql_mode` `NO_BACKSLASH_ESCAPES`; only
    /// literal-rendering mode and DDL literals depend on it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let q = select(lit(r"a\b"));
    /// assert_eq!(q.to_literal_sql(&MySql::mariadb())?, r"SELECT 'a\\b' AS `anon_1`");
    /// assert_eq!(q.to_literal_sql(&MySql::mariadb().with_no_backslash_escapes(true))?, r"SELECT 'a\b' AS `anon_1`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub const fn with_no_backslash_escapes(mut self, on: bool) -> MySql {
        self.no_backslash_escapes = on;
        self
    }

    /// The flavor.
    ///
    /// ```
    /// use sqlcraft_mysql::{Flavor, MySql};
    /// assert_eq!(MySql::default().flavor(), Flavor::MariaDb);
    /// assert_eq!(MySql::mysql8().with_no_backslash_escapes(true).flavor(), Flavor::MySql);
    /// ```
    pub const fn flavor(&self) -> Flavor {
        self.flavor
    }
}

/// Printable ASCII with no space at either end: a name MySQL and MariaDB keep as
/// written, known without decoding characters.
fn is_plain_ascii(ident: &str) -> bool {
    let b = ident.as_bytes();
    // Every byte checked without an early exit: a short loop the compiler
    // keeps branch-free (every identifier of every statement passes here).
    b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter()
            .fold(true, |ok, &c| ok & (c.wrapping_sub(0x20) < 0x7F - 0x20))
}

impl Dialect for MySql {
    fn name(&self) -> &'static str {
        match self.flavor {
            Flavor::MariaDb => "mariadb",
            Flavor::MySql => "mysql",
        }
    }

    fn write_identifier(&self, ident: &str, out: &mut String) {
        sqlcraft::dialect::write_quoted(ident, '`', out);
    }

    fn max_identifier_length(&self) -> Option<usize> {
        Some(64)
    }

    fn identifier_problem(&self, ident: &str) -> Option<&'static str> {
        // MySQL and MariaDB strip leading whitespace from column aliases, refuse
        // names ending in whitespace, and refuse characters outside the Basic
        // Multilingual Plane; control characters come back mangled.
        if is_plain_ascii(ident) {
            // Nearly every name: printable ASCII, with no space at either end.
            return None;
        }
        if ident.starts_with(char::is_whitespace) {
            Some("names starting with whitespace are stripped")
        } else if ident.ends_with(char::is_whitespace) {
            Some("names ending in whitespace are refused")
        } else if ident.chars().any(char::is_control) {
            Some("names with control characters are not kept as written")
        } else if ident.chars().any(|c| u32::from(c) > 0xFFFF) {
            Some("names with characters outside the Basic Multilingual Plane are refused")
        } else {
            None
        }
    }

    fn identifier_length(&self, ident: &str) -> usize {
        if ident.is_ascii() {
            ident.len()
        } else {
            ident.chars().count()
        }
    }

    fn parenthesize_default(&self, ty: &SqlType) -> bool {
        // MySQL 8 takes TEXT/BLOB/JSON defaults only as expressions; MariaDB takes
        // the literal form.
        self.flavor == Flavor::MySql
            && matches!(ty, SqlType::Text | SqlType::LargeBinary | SqlType::Json)
    }

    fn max_params(&self) -> usize {
        65535
    }

    fn write_string_literal(&self, s: &str, out: &mut String) -> Result<()> {
        if self.no_backslash_escapes {
            return sqlcraft::dialect::write_ansi_string_literal(self.name(), s, out);
        }
        out.reserve(s.len() + 2);
        out.push('\'');
        for ch in s.chars() {
            match ch {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\0' => out.push_str("\\0"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\u{1a}' => out.push_str("\\Z"),
                c => out.push(c),
            }
        }
        out.push('\'');
        Ok(())
    }

    fn type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::String(None) => {
                return Err(self.unsupported("VARCHAR without a length (use Text or String(n))"))
            }
            // TEXT and BLOB hold 64 KiB; the LONG forms hold what the other
            // engines' unbounded types hold, so no value is cut.
            SqlType::Text => "LONGTEXT".into(),
            SqlType::LargeBinary => "LONGBLOB".into(),
            SqlType::Float => "DOUBLE".into(),
            SqlType::Boolean => "BOOL".into(),
            SqlType::Time => "TIME(6)".into(),
            SqlType::DateTime { .. } => "DATETIME(6)".into(),
            SqlType::Uuid => "CHAR(36)".into(),
            SqlType::Interval => return Err(self.unsupported("the INTERVAL type")),
            SqlType::Enum(e) => {
                if e.variants.is_empty() {
                    return Err(self.unsupported("an enumerated type with no values"));
                }
                let mut s = String::from("ENUM(");
                for (i, v) in e.variants.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.write_string_literal(v, &mut s)?;
                }
                s.push(')');
                s.into()
            }
            other => return sqlcraft::dialect::ansi_type_name(self.name(), other),
        })
    }

    fn cast_type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::SmallInteger | SqlType::Integer | SqlType::BigInteger => "SIGNED".into(),
            // A bare CHAR keeps the operand's length; a recursive CTE built on it
            // then overflows. CHAR(16777215) is LONGTEXT, the unbounded form.
            SqlType::String(Some(n)) => format!("CHAR({n})").into(),
            SqlType::String(None) | SqlType::Text | SqlType::Enum(_) => "CHAR(16777215)".into(),
            SqlType::Uuid => "CHAR(36)".into(),
            SqlType::Float => "DOUBLE".into(),
            SqlType::Numeric(p, s) => format!("DECIMAL({p}, {s})").into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME(6)".into(),
            SqlType::DateTime { .. } => "DATETIME(6)".into(),
            SqlType::LargeBinary => "BINARY".into(),
            SqlType::Json if self.flavor == Flavor::MySql => "JSON".into(),
            SqlType::Json => return Err(self.unsupported("CAST to JSON")),
            SqlType::Boolean => return Err(self.unsupported("CAST to BOOLEAN")),
            SqlType::Interval => return Err(self.unsupported("CAST to INTERVAL")),
            _ => return Err(self.unsupported("this CAST target")),
        })
    }

    fn check_indexable(&self, column: &str, ty: &SqlType) -> Result<()> {
        match ty {
            SqlType::Text | SqlType::LargeBinary | SqlType::Json => Err(Error::unsupported(
                self.name(),
                format!(
                    "a key or index on TEXT/BLOB/JSON column {column:?} (give it a String(n) type)"
                ),
            )),
            _ => Ok(()),
        }
    }

    fn autoincrement_style(&self) -> AutoincrementStyle {
        AutoincrementStyle::Keyword("AUTO_INCREMENT")
    }

    fn enum_style(&self) -> EnumStyle {
        EnumStyle::Native
    }

    fn supports_index_if_exists(&self) -> bool {
        self.flavor == Flavor::MariaDb
    }

    fn drop_index_names_table(&self) -> bool {
        true
    }

    fn concat_style(&self) -> ConcatStyle {
        ConcatStyle::Function
    }

    fn nulls_order_style(&self) -> NullsOrderStyle {
        NullsOrderStyle::Emulated
    }

    fn distinct_from_style(&self) -> DistinctFromStyle {
        DistinctFromStyle::NullSafeEqual
    }

    fn bitwise_xor_operator(&self) -> Option<&'static str> {
        Some(" ^ ")
    }

    fn within_group_style(&self) -> WithinGroupStyle {
        match self.flavor {
            Flavor::MariaDb => WithinGroupStyle::WindowOnly,
            Flavor::MySql => WithinGroupStyle::Unsupported,
        }
    }

    fn sequence_style(&self) -> SequenceStyle {
        match self.flavor {
            Flavor::MariaDb => SequenceStyle::NextValueFor,
            Flavor::MySql => SequenceStyle::Unsupported,
        }
    }

    fn grouping_sets_style(&self) -> GroupingSetsStyle {
        GroupingSetsStyle::WithRollup {
            // MariaDB: "Incorrect usage of CUBE/ROLLUP and ORDER BY" (1221).
            order_by: self.flavor == Flavor::MySql,
        }
    }

    fn comment_style(&self) -> sqlcraft::dialect::CommentStyle {
        sqlcraft::dialect::CommentStyle::Inline
    }

    fn json_style(&self) -> sqlcraft::dialect::JsonStyle {
        sqlcraft::dialect::JsonStyle::JsonExtract
    }

    fn aggregate_strings_style(&self) -> AggregateStringsStyle {
        AggregateStringsStyle::GroupConcatSeparator
    }

    fn supports_partial_indexes(&self) -> bool {
        false
    }

    fn supports_expression_indexes(&self) -> bool {
        // MySQL since 8.0.13 (functional key parts); MariaDB indexes a
        // virtual column instead.
        self.flavor == Flavor::MySql
    }

    fn regexp_style(&self) -> RegexpStyle {
        // MySQL 8's ICU engine takes flags as REGEXP_LIKE's third argument;
        // MariaDB's PCRE has no REGEXP_LIKE and reads `(?i)` in the pattern.
        match self.flavor {
            Flavor::MySql => RegexpStyle::RegexpLike,
            Flavor::MariaDb => RegexpStyle::Regexp,
        }
    }

    fn supports_join(&self, kind: JoinKind) -> bool {
        kind != JoinKind::Full
    }

    fn supports_groups_frame(&self) -> bool {
        false
    }

    fn supports_aggregate_filter(&self) -> bool {
        false
    }

    fn supports_limit_in_in_subquery(&self) -> bool {
        false
    }

    fn supports_lateral(&self) -> bool {
        // MySQL since 8.0.14; MariaDB has none.
        self.flavor == Flavor::MySql
    }

    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::UnionAll
    }

    fn limit_takes_expressions(&self) -> bool {
        false
    }

    fn offset_only_style(&self) -> OffsetOnlyStyle {
        OffsetOnlyStyle::LimitLiteral("18446744073709551615")
    }

    fn tableless_where_table(&self) -> Option<&'static str> {
        Some("DUAL")
    }

    fn supports_returning(&self, kind: DmlKind) -> bool {
        self.flavor == Flavor::MariaDb && kind != DmlKind::Update
    }

    fn untyped_value_cast(&self, value: &sqlcraft::Value) -> Option<&'static str> {
        // Bytes alone in a select list come back in the connection's character
        // set; BINARY keeps them bytes.
        matches!(value, sqlcraft::Value::Bytes(_)).then_some("BINARY")
    }

    fn supports_dml_cte(&self, kind: DmlKind) -> bool {
        // MariaDB accepts WITH before UPDATE/DELETE only from 12.3; MySQL 8 has it
        // for UPDATE and DELETE, and neither before INSERT.
        self.flavor == Flavor::MySql && kind != DmlKind::Insert
    }

    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::OnDuplicateKey
    }

    fn upsert_row_alias(&self) -> Option<&'static str> {
        // MySQL deprecates VALUES(col) in ON DUPLICATE KEY UPDATE from 8.0.20
        // (a warning on every execution); MariaDB has only VALUES(col).
        (self.flavor == Flavor::MySql).then_some("new")
    }

    fn update_from_style(&self) -> UpdateFromStyle {
        UpdateFromStyle::MultiTable
    }

    fn delete_using_style(&self) -> DeleteUsingStyle {
        DeleteUsingStyle::MultiTableUsing
    }

    fn empty_insert_style(&self) -> EmptyInsertStyle {
        EmptyInsertStyle::EmptyValues
    }

    fn write_lock(&self, lock: &Lock, out: &mut String) -> Result<()> {
        if self.flavor == Flavor::MariaDb {
            if !lock.of.is_empty() {
                return Err(self.unsupported("FOR UPDATE OF"));
            }
            out.push_str(match lock.strength {
                LockStrength::Update => " FOR UPDATE",
                LockStrength::Share => " LOCK IN SHARE MODE",
            });
            out.push_str(match lock.wait {
                LockWait::Wait => "",
                LockWait::NoWait => " NOWAIT",
                LockWait::SkipLocked => " SKIP LOCKED",
            });
            return Ok(());
        }
        sqlcraft::dialect::write_standard_lock(self, lock, out)
    }

    fn function_override(&self, name: &str, argc: usize) -> Option<FunctionOverride> {
        match (name, argc) {
            // MySQL's length() counts bytes; char_length() counts characters as the
            // other engines' length() does.
            ("length", 1) => Some(FunctionOverride::Rename("char_length")),
            ("random", 0) => Some(FunctionOverride::Rename("rand")),
            // Microsecond precision, matching the DATETIME(6) columns it fills.
            ("now", 0) => Some(FunctionOverride::Keyword("CURRENT_TIMESTAMP(6)")),
            ("grouping", _) if self.flavor == Flavor::MariaDb => {
                Some(FunctionOverride::Unsupported("the GROUPING() function"))
            }
            // MariaDB's LAG and LEAD take no default (a syntax error).
            ("lag" | "lead", 3) if self.flavor == Flavor::MariaDb => Some(
                FunctionOverride::Unsupported("LAG and LEAD with a default value"),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_judged_the_same_with_and_without_the_ascii_shortcut() {
        let d = MySql::mariadb();
        for ok in ["id", "a b", "user_id", "é", "名前", "~!"] {
            assert_eq!(d.identifier_problem(ok), None, "{ok:?}");
        }
        for bad in [" a", "a ", "\ta", "a\t", "a\u{7f}b", "a\nb", "x\u{1F600}"] {
            assert!(d.identifier_problem(bad).is_some(), "{bad:?}");
        }
        assert_eq!(d.identifier_length("abc"), 3);
        assert_eq!(d.identifier_length("éé"), 2);
    }
}
