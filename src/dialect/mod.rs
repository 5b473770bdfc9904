//! The dialect trait: how a statement tree becomes one engine's SQL.
//!
//! A dialect is a value implementing [`Dialect`]. Every method has an ANSI default,
//! so a new dialect overrides only what its engine does differently: identifier
//! quoting, placeholders, type names, and the enum-valued "style" hooks that pick
//! among the forms engines use for the same construct. The built-in SQLite,
//! PostgreSQL and MySQL/MariaDB dialects live in their own crates and use nothing
//! that is not public here.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::dialect::GenericDialect;
//! let t = table("t");
//! let q = select(t.c("a")).from(&t).filter(t.c("a").eq(1));
//! assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ?"#);
//! assert_eq!(q.compile(&sqlcraft_postgres::Postgres)?.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = $1"#);
//! assert_eq!(q.compile(&sqlcraft_mysql::MySql::default())?.sql, "SELECT `t`.`a` FROM `t` WHERE `t`.`a` = ?");
//! # Ok::<(), sqlcraft::Error>(())
//! ```

mod generic;
mod literal;
mod reflect;

pub use generic::GenericDialect;

use crate::error::{Error, Result};
use crate::query::{JoinKind, Lock, LockStrength, LockWait, SetOp};
use crate::types::SqlType;
use crate::value::Value;
use std::borrow::Cow;

/// How string concatenation is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select(t.c("a").concat("!")).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" || ? AS "anon_1" FROM "t""#);
/// assert_eq!(q.compile(&MySql::default())?.sql, "SELECT concat(`t`.`a`, ?) AS `anon_1` FROM `t`");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcatStyle {
    /// `a || b`.
    Operator,
    /// `concat(a, b)`.
    Function,
}

/// How a case-insensitive LIKE is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_postgres::Postgres;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).filter(t.c("a").ilike("x%"));
/// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" ILIKE $1"#);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" WHERE lower("t"."a") LIKE lower(?)"#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IlikeStyle {
    /// `a ILIKE b`.
    Native,
    /// `lower(a) LIKE lower(b)`.
    Lower,
}

/// How `NULLS FIRST` / `NULLS LAST` are written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).order_by(t.c("a").asc().nulls_first());
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."a" ASC NULLS FIRST"#);
/// assert_eq!(q.compile(&MySql::default())?.sql, "SELECT `t`.`a` FROM `t` ORDER BY `t`.`a` IS NULL DESC, `t`.`a` ASC");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullsOrderStyle {
    /// `x ASC NULLS FIRST`.
    Native,
    /// `x IS NULL DESC, x ASC` (an extra sort key).
    Emulated,
}

/// How a date or timestamp field is taken ([`crate::Expr::extract`]).
///
/// ```
/// use sqlcraft::dialect::{Dialect, ExtractStyle, GenericDialect};
/// assert_eq!(GenericDialect.extract_style(), ExtractStyle::Extract);
/// assert_eq!(sqlcraft_postgres::Postgres.extract_style(), ExtractStyle::ExtractNumeric);
/// assert_eq!(sqlcraft_sqlite::Sqlite.extract_style(), ExtractStyle::Strftime);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractStyle {
    /// `EXTRACT(YEAR FROM x)`, an integer already.
    Extract,
    /// `CAST(FLOOR(EXTRACT(YEAR FROM x)) AS INTEGER)`: EXTRACT gives a numeric,
    /// with the seconds' fraction.
    ExtractNumeric,
    /// `CAST(strftime('%Y', x) AS INTEGER)`, where there is no EXTRACT.
    Strftime,
}

/// How NULL-safe comparison is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_sqlite::Sqlite;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).filter(t.c("a").is_distinct_from(t.c("b")));
/// assert!(q.compile(&GenericDialect)?.sql.ends_with(r#"WHERE "t"."a" IS DISTINCT FROM "t"."b""#));
/// assert!(q.compile(&Sqlite)?.sql.ends_with(r#"WHERE "t"."a" IS NOT "t"."b""#));
/// assert!(q.compile(&MySql::default())?.sql.ends_with("WHERE NOT (`t`.`a` <=> `t`.`b`)"));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistinctFromStyle {
    /// `a IS [NOT] DISTINCT FROM b`.
    Standard,
    /// `a IS NOT b` / `a IS b` (SQLite).
    IsOperator,
    /// `NOT (a <=> b)` / `a <=> b` (MySQL).
    NullSafeEqual,
}

/// How [`Expr::regexp_match`](crate::Expr::regexp_match) is written. Flags are
/// letters, written into the SQL as they are given.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).filter(t.c("a").regexp_match_flags("^x", "i"));
/// assert!(q.compile(&Postgres)?.sql.ends_with(r#"WHERE "t"."a" ~* $1"#));
/// assert!(q.compile(&MySql::mysql8())?.sql.ends_with("WHERE REGEXP_LIKE(`t`.`a`, ?, 'i')"));
/// assert!(q.compile(&MySql::mariadb())?.sql.ends_with("WHERE `t`.`a` REGEXP concat('(?i)', ?)"));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegexpStyle {
    /// No regular expressions: [`crate::Error::Unsupported`].
    Unsupported,
    /// PostgreSQL: `a ~ p`, `a ~* p` for flags `i`, other flags as an embedded
    /// `(?flags)` prefix of the pattern.
    Tilde,
    /// `a REGEXP p`, flags as an embedded `(?flags)` prefix of the pattern
    /// (SQLite's REGEXP function, MariaDB's PCRE).
    Regexp,
    /// MySQL 8: `a REGEXP p`, and `REGEXP_LIKE(a, p, 'flags')` with flags.
    RegexpLike,
}

/// How [`func::aggregate_strings`](crate::func::aggregate_strings) is written.
///
/// ```
/// use sqlcraft::dialect::{AggregateStringsStyle, Dialect, GenericDialect};
/// assert_eq!(GenericDialect.aggregate_strings_style(), AggregateStringsStyle::ListAgg);
/// assert_eq!(sqlcraft_postgres::Postgres.aggregate_strings_style(), AggregateStringsStyle::StringAgg);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AggregateStringsStyle {
    /// SQL:2016's `LISTAGG(x, 'sep') WITHIN GROUP (ORDER BY …)`.
    ListAgg,
    /// PostgreSQL: `string_agg(CAST(x AS TEXT), 'sep' ORDER BY …)`.
    StringAgg,
    /// MySQL, MariaDB: `group_concat(x ORDER BY … SEPARATOR 'sep')`.
    GroupConcatSeparator,
    /// SQLite: `group_concat(x, 'sep' ORDER BY …)`.
    GroupConcat,
}

/// How GROUP BY's [`func::rollup`](crate::func::rollup),
/// [`func::cube`](crate::func::cube) and
/// [`func::grouping_sets`](crate::func::grouping_sets) are written.
///
/// ```
/// use sqlcraft::dialect::{Dialect, GenericDialect, GroupingSetsStyle};
/// use sqlcraft_mysql::MySql;
/// assert_eq!(GenericDialect.grouping_sets_style(), GroupingSetsStyle::Standard);
/// assert_eq!(MySql::mariadb().grouping_sets_style(), GroupingSetsStyle::WithRollup { order_by: false });
/// assert_eq!(sqlcraft_sqlite::Sqlite.grouping_sets_style(), GroupingSetsStyle::Unsupported);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupingSetsStyle {
    /// SQL:1999's `ROLLUP(…)`, `CUBE(…)` and `GROUPING SETS(…)`, anywhere in
    /// the GROUP BY list.
    Standard,
    /// MySQL, MariaDB: only `GROUP BY a, b WITH ROLLUP`, which is `ROLLUP(a, b)`
    /// as the whole GROUP BY; `order_by` says whether the same SELECT may also
    /// have an ORDER BY (MySQL 8.0.12 and newer; MariaDB refuses it).
    WithRollup {
        /// Whether ORDER BY may follow WITH ROLLUP.
        order_by: bool,
    },
    /// No grouping sets at all (SQLite).
    Unsupported,
}

/// How tables and columns get their comments ([`crate::schema::TableBuilder::comment`]).
///
/// ```
/// use sqlcraft::dialect::{CommentStyle, Dialect, GenericDialect};
/// assert_eq!(GenericDialect.comment_style(), CommentStyle::CommentOn);
/// assert_eq!(sqlcraft_mysql::MySql::mariadb().comment_style(), CommentStyle::Inline);
/// assert_eq!(sqlcraft_sqlite::Sqlite.comment_style(), CommentStyle::Unsupported);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommentStyle {
    /// `COMMENT ON TABLE` / `COMMENT ON COLUMN` after CREATE TABLE (PostgreSQL).
    CommentOn,
    /// `COMMENT '…'` inside CREATE TABLE (MySQL, MariaDB).
    Inline,
    /// No comments: CREATE TABLE leaves them out (SQLite).
    Unsupported,
}

/// How values are read out of JSON documents
/// ([`Expr::json_text`](crate::Expr::json_text) and its typed forms).
///
/// ```
/// use sqlcraft::dialect::{Dialect, GenericDialect, JsonStyle};
/// assert_eq!(GenericDialect.json_style(), JsonStyle::Unsupported);
/// assert_eq!(sqlcraft_postgres::Postgres.json_style(), JsonStyle::Arrows);
/// assert_eq!(sqlcraft_mysql::MySql::mariadb().json_style(), JsonStyle::JsonExtract);
/// assert_eq!(sqlcraft_sqlite::Sqlite.json_style(), JsonStyle::SqliteArrows);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonStyle {
    /// PostgreSQL: `doc -> 'a' ->> 'b'`.
    Arrows,
    /// MySQL, MariaDB: `JSON_EXTRACT(doc, '$."a"."b"')`, `JSON_VALUE`.
    JsonExtract,
    /// SQLite: `doc ->> '$."a"."b"'`, `json_type`.
    SqliteArrows,
    /// No JSON access.
    Unsupported,
}

/// Where ordered-set aggregates (`f(…) WITHIN GROUP (ORDER BY …)`,
/// [`Expr::within_group`](crate::Expr::within_group)) may stand.
///
/// ```
/// use sqlcraft::dialect::{Dialect, GenericDialect, WithinGroupStyle};
/// use sqlcraft_mysql::MySql;
/// assert_eq!(GenericDialect.within_group_style(), WithinGroupStyle::Aggregate);
/// assert_eq!(MySql::mariadb().within_group_style(), WithinGroupStyle::WindowOnly);
/// assert_eq!(sqlcraft_sqlite::Sqlite.within_group_style(), WithinGroupStyle::Unsupported);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WithinGroupStyle {
    /// As aggregates, not under OVER (PostgreSQL, the standard's core).
    Aggregate,
    /// Only under OVER, with bound arguments cast to DOUBLE (MariaDB).
    WindowOnly,
    /// Not at all (MySQL, SQLite).
    Unsupported,
}

/// How sequences are created and drawn from ([`crate::Sequence`]).
///
/// ```
/// use sqlcraft::dialect::{Dialect, GenericDialect, SequenceStyle};
/// use sqlcraft_mysql::MySql;
/// assert_eq!(GenericDialect.sequence_style(), SequenceStyle::NextValueFor);
/// assert_eq!(sqlcraft_postgres::Postgres.sequence_style(), SequenceStyle::Nextval);
/// assert_eq!(MySql::mariadb().sequence_style(), SequenceStyle::NextValueFor);
/// assert_eq!(MySql::mysql8().sequence_style(), SequenceStyle::Unsupported);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SequenceStyle {
    /// The standard's `NEXT VALUE FOR s` (MariaDB).
    NextValueFor,
    /// PostgreSQL's `nextval('s')`, the name quoted inside a string literal.
    Nextval,
    /// No sequences (MySQL, SQLite).
    Unsupported,
}

/// How a query with OFFSET but no LIMIT is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_sqlite::Sqlite;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).offset(5);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" OFFSET ?"#);
/// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."a" FROM "t" LIMIT -1 OFFSET ?"#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetOnlyStyle {
    /// `OFFSET n` alone.
    Offset,
    /// `LIMIT <this literal> OFFSET n` (`-1` on SQLite, 2^64-1 on MySQL).
    LimitLiteral(&'static str),
}

/// How members of a set operation that need grouping (their own ORDER BY or LIMIT,
/// or a nested set operation) are written.
///
/// ```
/// use sqlcraft::prelude::*;
/// # use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_sqlite::Sqlite;
/// let (a, b) = (table("a"), table("b"));
/// let q = select(a.c("x")).from(&a).limit(1).union(select(b.c("x")).from(&b));
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"(SELECT "a"."x" FROM "a" LIMIT ?) UNION SELECT "b"."x" FROM "b""#);
/// assert_eq!(
///     q.compile(&Sqlite)?.sql,
///     r#"SELECT * FROM (SELECT "a"."x" FROM "a" LIMIT ?) AS "anon_1" UNION SELECT "b"."x" FROM "b""#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompoundMemberStyle {
    /// `(SELECT … LIMIT 1) UNION …`.
    Parenthesize,
    /// `SELECT * FROM (SELECT … LIMIT 1) AS anon UNION …` (SQLite allows no parens).
    Subquery,
}

/// How rows of values used as a table ([`crate::values`]) are written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::{Dialect, GenericDialect, ValuesStyle};
/// use sqlcraft_mysql::MySql;
/// use sqlcraft_sqlite::Sqlite;
/// let v = values("v", ["a", "b"]).rows([(1, "x"), (2, "y")]);
/// let q = select(v.c("a")).from(&v);
/// assert_eq!(GenericDialect.values_style(), ValuesStyle::ColumnAliases);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "v"."a" FROM (VALUES (?, ?), (?, ?)) AS "v" ("a", "b")"#);
/// assert_eq!(
///     q.compile(&Sqlite)?.sql,
///     r#"SELECT "v"."a" FROM (SELECT "column1" AS "a", "column2" AS "b" FROM (VALUES (?, ?), (?, ?))) AS "v""#
/// );
/// assert_eq!(
///     q.compile(&MySql::mariadb())?.sql,
///     "SELECT `v`.`a` FROM (SELECT ? AS `a`, ? AS `b` UNION ALL SELECT ?, ?) AS `v`"
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValuesStyle {
    /// `(VALUES (…), (…)) AS v (a, b)`: the standard form (PostgreSQL).
    ColumnAliases,
    /// `(SELECT column1 AS a, column2 AS b FROM (VALUES (…), (…))) AS v`: SQLite
    /// names a VALUES list's columns `column1`, `column2`, … and takes no
    /// column list after the alias.
    SelectFromValues,
    /// `(SELECT … AS a, … AS b UNION ALL SELECT …, …) AS v`: MariaDB names a
    /// VALUES list's columns after its first row's values, and MySQL writes
    /// rows as `ROW(…)`; a union of one-row SELECTs means the same on both.
    UnionAll,
}

/// How an upsert is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// # use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_mysql::MySql;
/// # let t = table("t");
/// let q = insert(&t).value("id", 1).value("n", 1)
///     .on_conflict(OnConflict::columns(["id"]).do_update([("n", excluded("n"))]));
/// assert_eq!(
///     q.compile(&GenericDialect)?.sql,
///     r#"INSERT INTO "t" ("id", "n") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "n" = excluded."n""#
/// );
/// let mysql = q.compile(&MySql::default())?.sql;
/// assert_eq!(mysql, "INSERT INTO `t` (`id`, `n`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `n` = VALUES(`n`)");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertStyle {
    /// `ON CONFLICT (…) DO NOTHING | DO UPDATE SET …`, with `excluded.col`.
    OnConflict,
    /// `ON DUPLICATE KEY UPDATE …`, with `VALUES(col)`.
    OnDuplicateKey,
    /// No upsert at all: an error.
    Unsupported,
}

/// How UPDATE with extra FROM items is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// # use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_mysql::MySql;
/// let (t, u) = (table("t"), table("u"));
/// let q = update(&t).set("n", u.c("n")).from(&u).filter(u.c("id").eq(t.c("id")));
/// assert_eq!(
///     q.compile(&GenericDialect)?.sql,
///     r#"UPDATE "t" SET "n" = "u"."n" FROM "u" WHERE "u"."id" = "t"."id""#
/// );
/// assert_eq!(q.compile(&MySql::default())?.sql, "UPDATE `t`, `u` SET `t`.`n` = `u`.`n` WHERE `u`.`id` = `t`.`id`");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateFromStyle {
    /// `UPDATE t SET … FROM a, b WHERE …`.
    From,
    /// `UPDATE t, a, b SET t.col = … WHERE …`.
    MultiTable,
    /// An error.
    Unsupported,
}

/// How DELETE with extra USING items is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_sqlite::Sqlite;
/// let (t, u) = (table("t"), table("u"));
/// let q = delete(&t).using(&u).filter(u.c("id").eq(t.c("id")));
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"DELETE FROM "t" USING "u" WHERE "u"."id" = "t"."id""#);
/// assert_eq!(
///     q.compile(&Sqlite)?.sql,
///     r#"DELETE FROM "t" WHERE EXISTS (SELECT 1 FROM "u" WHERE "u"."id" = "t"."id")"#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteUsingStyle {
    /// `DELETE FROM t USING a WHERE …`.
    Using,
    /// `DELETE FROM t USING t, a WHERE …` (MySQL's multi-table form).
    MultiTableUsing,
    /// `DELETE FROM t WHERE EXISTS (SELECT 1 FROM a WHERE …)`.
    Exists,
}

/// How an INSERT with no columns is written.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// assert_eq!(insert(&t).compile(&GenericDialect)?.sql, r#"INSERT INTO "t" DEFAULT VALUES"#);
/// assert_eq!(insert(&t).compile(&MySql::default())?.sql, "INSERT INTO `t` () VALUES ()");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyInsertStyle {
    /// `INSERT INTO t DEFAULT VALUES`.
    DefaultValues,
    /// `INSERT INTO t () VALUES ()`.
    EmptyValues,
}

/// How an auto-increment column is declared.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_sqlite::Sqlite;
/// use sqlcraft_mysql::MySql;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| { t.column("id", SqlType::BigInteger).primary_key(); })?;
/// assert_eq!(t.create().compile(&Sqlite)?.sql, r#"CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY)"#);
/// assert_eq!(
///     t.create().compile(&MySql::default())?.sql,
///     "CREATE TABLE `t` (`id` BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`))"
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoincrementStyle {
    /// `"id" INTEGER NOT NULL PRIMARY KEY` inline: SQLite's rowid alias. Any integer
    /// type is declared `INTEGER`, the only spelling that aliases the rowid.
    RowidAlias,
    /// `"id" INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY`.
    Identity,
    /// `"id" INTEGER NOT NULL <keyword>`, e.g. `AUTO_INCREMENT`.
    Keyword(&'static str),
}

/// How an enumerated type is declared.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_mysql::MySql;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| { t.column("s", SqlType::enumeration("status", ["new", "done"])); })?;
/// assert_eq!(
///     t.create().compile(&GenericDialect)?.sql,
///     r#"CREATE TABLE "t" ("s" VARCHAR(4) CHECK ("s" IN ('new', 'done')))"#
/// );
/// assert_eq!(t.create().compile(&MySql::default())?.sql, "CREATE TABLE `t` (`s` ENUM('new', 'done'))");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumStyle {
    /// `ENUM('a', 'b')` inline (MySQL).
    Native,
    /// `VARCHAR(n)` with `CHECK (col IN ('a', 'b'))`.
    Check,
}

/// What a statement is, for capability questions.
///
/// ```
/// use sqlcraft::dialect::{Dialect, DmlKind};
/// use sqlcraft_mysql::MySql;
/// let mariadb = MySql::mariadb();
/// assert!(mariadb.supports_returning(DmlKind::Insert));
/// assert!(!mariadb.supports_returning(DmlKind::Update));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DmlKind {
    /// INSERT.
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
}

/// A dialect's replacement for a function of the generic tree.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::{Dialect, FunctionOverride, GenericDialect};
/// use sqlcraft_mysql::MySql;
/// assert_eq!(MySql::default().function_override("length", 1), Some(FunctionOverride::Rename("char_length")));
/// let t = table("t");
/// let q = select(func::length(t.c("a"))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT length("t"."a") AS "length_1" FROM "t""#);
/// assert_eq!(q.compile(&MySql::default())?.sql, "SELECT char_length(`t`.`a`) AS `length_1` FROM `t`");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FunctionOverride {
    /// Call this function instead, with the same arguments.
    Rename(&'static str),
    /// Render this keyword, with no parentheses (only for calls without arguments).
    Keyword(&'static str),
    /// The engine has no such function (or not with this many arguments):
    /// compiling the call is `Error::Unsupported` naming this construct, rather
    /// than an error from the engine when the statement runs.
    Unsupported(&'static str),
}

/// A SQL dialect.
///
/// Implement [`Dialect::name`] and override what differs from ANSI SQL. The trait is
/// object-safe; the compiler is generic over it, so a concrete dialect compiles with
/// static dispatch.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::{Dialect, ConcatStyle};
///
/// struct Shouty;
/// impl Dialect for Shouty {
///     fn name(&self) -> &'static str { "shouty" }
///     fn write_placeholder(&self, index: usize, out: &mut String) {
///         out.push_str(":p");
///         out.push_str(&index.to_string());
///     }
///     fn concat_style(&self) -> ConcatStyle { ConcatStyle::Function }
/// }
///
/// let t = table("t");
/// let c = select(t.c("a").concat("!")).from(&t).compile(&Shouty).unwrap();
/// assert_eq!(c.sql, r#"SELECT concat("t"."a", :p1) AS "anon_1" FROM "t""#);
/// ```
pub trait Dialect: Send + Sync {
    /// The dialect's name, used in error messages.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.name(), "generic");
    /// assert_eq!(sqlcraft_sqlite::Sqlite.name(), "sqlite");
    /// assert_eq!(sqlcraft_mysql::MySql::mysql8().name(), "mysql");
    /// ```
    fn name(&self) -> &'static str;

    /// Writes a quoted identifier, escaping the quote character inside it.
    /// The default uses ANSI double quotes, doubled inside.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// let mut out = String::new();
    /// GenericDialect.write_identifier(r#"say "hi""#, &mut out);
    /// assert_eq!(out, r#""say ""hi""""#);
    /// let mut out = String::new();
    /// sqlcraft_mysql::MySql::default().write_identifier("order", &mut out);
    /// assert_eq!(out, "`order`");
    /// ```
    fn write_identifier(&self, ident: &str, out: &mut String) {
        write_quoted(ident, '"', out);
    }

    /// The longest identifier, in bytes, the engine keeps without truncating it;
    /// longer names are refused rather than silently shortened. `None` for no limit.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_postgres::Postgres;
    /// assert_eq!((GenericDialect.max_identifier_length(), Postgres.max_identifier_length()), (None, Some(63)));
    /// let t = table(&"x".repeat(64));
    /// let err = select(t.c("a")).from(&t).compile(&Postgres).unwrap_err();
    /// assert!(matches!(err, Error::InvalidIdentifier { .. }));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn max_identifier_length(&self) -> Option<usize> {
        None
    }

    /// Why the engine would not keep `ident` exactly as written (it would strip,
    /// truncate or refuse part of it), or `None` when it would. Such names are
    /// refused before anything is sent rather than silently renamed.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert_eq!(GenericDialect.identifier_problem(" a"), None);
    /// assert!(MySql::default().identifier_problem(" a").is_some());
    /// let t = table(" a");
    /// assert!(matches!(select(t.c("x")).from(&t).compile(&MySql::default()), Err(Error::InvalidIdentifier { .. })));
    /// ```
    fn identifier_problem(&self, ident: &str) -> Option<&'static str> {
        let _ = ident;
        None
    }

    /// An identifier's length as the engine counts it against
    /// [`Dialect::max_identifier_length`]: bytes by default (PostgreSQL), characters
    /// on MySQL. Never more than `ident.len()`: the compiler counts only names
    /// whose bytes exceed the maximum.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert_eq!(GenericDialect.identifier_length("été"), 5); // bytes
    /// assert_eq!(MySql::default().identifier_length("été"), 3); // characters
    /// ```
    fn identifier_length(&self, ident: &str) -> usize {
        ident.len()
    }

    /// Writes the placeholder for the parameter at 1-based `index`. Default `?`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_postgres::Postgres;
    /// let mut out = String::new();
    /// Postgres.write_placeholder(3, &mut out);
    /// assert_eq!(out, "$3");
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").eq(1).and(t.c("b").eq(2)));
    /// assert!(q.compile(&GenericDialect)?.sql.ends_with(r#"WHERE "t"."a" = ? AND "t"."b" = ?"#));
    /// assert!(q.compile(&Postgres)?.sql.ends_with(r#"WHERE "t"."a" = $1 AND "t"."b" = $2"#));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn write_placeholder(&self, index: usize, out: &mut String) {
        let _ = index;
        out.push('?');
    }

    /// The most bound parameters one statement may carry.
    ///
    /// A statement with more parameters does not compile.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.max_params(), 32766);
    /// assert_eq!(sqlcraft_postgres::Postgres.max_params(), 65535);
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").in_((0..40_000).collect::<Vec<i64>>()));
    /// assert!(q.compile(&GenericDialect).is_err());
    /// assert!(q.compile(&sqlcraft_postgres::Postgres).is_ok());
    /// ```
    fn max_params(&self) -> usize {
        32766
    }

    /// Writes a string literal for literal-rendering mode and DDL.
    /// The default doubles single quotes; a NUL character is refused.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// let mut out = String::new();
    /// GenericDialect.write_string_literal(r"it's C:\", &mut out)?;
    /// assert_eq!(out, r"'it''s C:\'");
    /// let mut out = String::new();
    /// MySql::default().write_string_literal(r"it's C:\", &mut out)?;
    /// assert_eq!(out, r"'it''s C:\\'");
    /// assert!(GenericDialect.write_string_literal("a\0b", &mut String::new()).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn write_string_literal(&self, s: &str, out: &mut String) -> Result<()> {
        literal::ansi_string(self.name(), s, out)
    }

    /// Writes a byte-string literal. Default `X'hex'`.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_postgres::Postgres;
    /// let mut out = String::new();
    /// GenericDialect.write_bytes_literal(&[0x0a, 0xff], &mut out)?;
    /// assert_eq!(out, "X'0AFF'");
    /// let mut out = String::new();
    /// Postgres.write_bytes_literal(&[0x0a, 0xff], &mut out)?;
    /// assert_eq!(out, r"'\x0aff'::bytea");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn write_bytes_literal(&self, b: &[u8], out: &mut String) -> Result<()> {
        literal::hex_bytes(b, out);
        Ok(())
    }

    /// Writes a boolean literal. Default `TRUE` / `FALSE`.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// let mut out = String::new();
    /// GenericDialect.write_bool_literal(true, &mut out);
    /// GenericDialect.write_bool_literal(false, &mut out);
    /// assert_eq!(out, "TRUEFALSE");
    /// ```
    fn write_bool_literal(&self, b: bool, out: &mut String) {
        out.push_str(if b { "TRUE" } else { "FALSE" });
    }

    /// Writes any value as a literal (literal-rendering mode and DDL defaults).
    ///
    /// ```
    /// use sqlcraft::Value;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// let mut out = String::new();
    /// for v in [Value::Int(-3), Value::Float(1.5), Value::Null, Value::from("a'b")] {
    ///     GenericDialect.write_value_literal(&v, &mut out)?;
    ///     out.push(' ');
    /// }
    /// assert_eq!(out, "-3 1.5 NULL 'a''b' ");
    /// assert!(GenericDialect.write_value_literal(&Value::Float(f64::NAN), &mut out).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn write_value_literal(&self, v: &Value, out: &mut String) -> Result<()> {
        literal::write_value(self, v, out)
    }

    /// The type's name in DDL.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_sqlite::Sqlite;
    /// use sqlcraft_mysql::MySql;
    /// assert_eq!(GenericDialect.type_name(&SqlType::Float)?, "DOUBLE PRECISION");
    /// assert_eq!(Sqlite.type_name(&SqlType::Float)?, "REAL");
    /// assert_eq!(MySql::default().type_name(&SqlType::Text)?, "LONGTEXT");
    /// assert!(Sqlite.type_name(&SqlType::Interval).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        literal::ansi_type_name(self.name(), ty)
    }

    /// The type's name as a CAST target (MySQL accepts fewer names there).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert_eq!(MySql::default().cast_type_name(&SqlType::BigInteger)?, "SIGNED");
    /// let t = table("t");
    /// let q = select(t.c("a").cast(SqlType::Integer)).from(&t);
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT CAST("t"."a" AS INTEGER) AS "a" FROM "t""#);
    /// assert_eq!(q.compile(&MySql::default())?.sql, "SELECT CAST(`t`.`a` AS SIGNED) AS `a` FROM `t`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn cast_type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        self.type_name(ty)
    }

    /// Refuses an index or key on a column of type `ty`, where the engine would
    /// (MySQL cannot index TEXT or BLOB columns without a prefix length).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert!(GenericDialect.check_indexable("body", &SqlType::Text).is_ok());
    /// assert!(MySql::default().check_indexable("body", &SqlType::Text).is_err());
    /// assert!(MySql::default().check_indexable("body", &SqlType::string(200)).is_ok());
    /// ```
    fn check_indexable(&self, column: &str, ty: &SqlType) -> Result<()> {
        let _ = (column, ty);
        Ok(())
    }

    /// How auto-increment columns are declared.
    ///
    /// ```
    /// use sqlcraft::dialect::{AutoincrementStyle, Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.autoincrement_style(), AutoincrementStyle::Identity);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.autoincrement_style(), AutoincrementStyle::RowidAlias);
    /// assert_eq!(sqlcraft_mysql::MySql::default().autoincrement_style(), AutoincrementStyle::Keyword("AUTO_INCREMENT"));
    /// ```
    fn autoincrement_style(&self) -> AutoincrementStyle {
        AutoincrementStyle::Identity
    }

    /// How enumerated types are declared.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, EnumStyle, GenericDialect};
    /// assert_eq!(GenericDialect.enum_style(), EnumStyle::Check);
    /// assert_eq!(sqlcraft_mysql::MySql::default().enum_style(), EnumStyle::Native);
    /// ```
    fn enum_style(&self) -> EnumStyle {
        EnumStyle::Check
    }

    /// Whether `CREATE INDEX IF NOT EXISTS` / `DROP INDEX IF EXISTS` are accepted.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert!(GenericDialect.supports_index_if_exists());
    /// assert!(MySql::mariadb().supports_index_if_exists());
    /// assert!(!MySql::mysql8().supports_index_if_exists());
    /// ```
    fn supports_index_if_exists(&self) -> bool {
        true
    }

    /// Where a schema-qualified table's schema goes in CREATE/DROP INDEX: on the
    /// table (`ON s.t`, the default) or on the index name (`CREATE INDEX s.ix ON t`,
    /// SQLite, whose indexes live in their table's database).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.schema("s"); t.column("a", SqlType::Integer).index(); })?;
    /// let ix = t.create_index(&t.indexes()[0]);
    /// assert_eq!(ix.compile(&GenericDialect)?.sql, r#"CREATE INDEX "ix_t_a" ON "s"."t" ("a")"#);
    /// assert_eq!(ix.compile(&Sqlite)?.sql, r#"CREATE INDEX "s"."ix_t_a" ON "t" ("a")"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn index_schema_on_name(&self) -> bool {
        false
    }

    /// Whether a foreign key may name the referenced table's schema (SQLite's
    /// cannot: it references tables of its own database only).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let mut meta = MetaData::new();
    /// let p = meta.table("p", |t| { t.schema("s"); t.column("id", SqlType::Integer).primary_key(); })?;
    /// let c = meta.table("c", |t| { t.schema("s"); t.column("pid", SqlType::Integer).references(&p, "id"); })?;
    /// assert!(c.create().compile(&GenericDialect)?.sql.contains(r#"REFERENCES "s"."p" ("id")"#));
    /// assert!(c.create().compile(&Sqlite)?.sql.contains(r#"REFERENCES "p" ("id")"#));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn foreign_key_names_schema(&self) -> bool {
        true
    }

    /// Whether a literal server default for a column of type `ty` must be written
    /// as a parenthesised expression (MySQL 8 for TEXT, BLOB and JSON).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("note", SqlType::Text).server_default(""); })?;
    /// assert_eq!(t.create().compile(&MySql::mysql8())?.sql, "CREATE TABLE `t` (`note` LONGTEXT DEFAULT (''))");
    /// assert_eq!(t.create().compile(&MySql::mariadb())?.sql, "CREATE TABLE `t` (`note` LONGTEXT DEFAULT '')");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn parenthesize_default(&self, ty: &SqlType) -> bool {
        let _ = ty;
        false
    }

    /// Whether `DROP INDEX` names the table (`DROP INDEX ix ON t`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert!(!GenericDialect.drop_index_names_table());
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("a", SqlType::Integer).index(); })?;
    /// assert_eq!(t.drop_index(&t.indexes()[0]).compile(&MySql::default())?.sql, "DROP INDEX `ix_t_a` ON `t`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn drop_index_names_table(&self) -> bool {
        false
    }

    /// How string concatenation is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{ConcatStyle, Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.concat_style(), ConcatStyle::Operator);
    /// assert_eq!(sqlcraft_mysql::MySql::default().concat_style(), ConcatStyle::Function);
    /// ```
    fn concat_style(&self) -> ConcatStyle {
        ConcatStyle::Operator
    }

    /// How ILIKE is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, IlikeStyle};
    /// assert_eq!(GenericDialect.ilike_style(), IlikeStyle::Lower);
    /// assert_eq!(sqlcraft_postgres::Postgres.ilike_style(), IlikeStyle::Native);
    /// ```
    fn ilike_style(&self) -> IlikeStyle {
        IlikeStyle::Lower
    }

    /// How NULLS FIRST / LAST are written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, NullsOrderStyle};
    /// assert_eq!(GenericDialect.nulls_order_style(), NullsOrderStyle::Native);
    /// assert_eq!(sqlcraft_mysql::MySql::default().nulls_order_style(), NullsOrderStyle::Emulated);
    /// ```
    fn nulls_order_style(&self) -> NullsOrderStyle {
        NullsOrderStyle::Native
    }

    /// How [`Expr::extract`](crate::Expr::extract) is written; see
    /// [`ExtractStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, ExtractStyle};
    /// assert_eq!(sqlcraft_mysql::MySql::default().extract_style(), ExtractStyle::Extract);
    /// ```
    fn extract_style(&self) -> ExtractStyle {
        ExtractStyle::Extract
    }

    /// How IS DISTINCT FROM is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, DistinctFromStyle, GenericDialect};
    /// assert_eq!(GenericDialect.distinct_from_style(), DistinctFromStyle::Standard);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.distinct_from_style(), DistinctFromStyle::IsOperator);
    /// assert_eq!(sqlcraft_mysql::MySql::default().distinct_from_style(), DistinctFromStyle::NullSafeEqual);
    /// ```
    fn distinct_from_style(&self) -> DistinctFromStyle {
        DistinctFromStyle::Standard
    }

    /// The bitwise exclusive-OR operator, with surrounding spaces, or `None` where
    /// there is none and [`Expr::bitwise_xor`](crate::Expr::bitwise_xor) is
    /// emulated with `|`, `&` and `-`. SQL has no standard spelling (`^` is
    /// MySQL's XOR and PostgreSQL's power), so the generic dialect emulates.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.bitwise_xor_operator(), None);
    /// assert_eq!(sqlcraft_postgres::Postgres.bitwise_xor_operator(), Some(" # "));
    /// assert_eq!(sqlcraft_mysql::MySql::default().bitwise_xor_operator(), Some(" ^ "));
    /// ```
    fn bitwise_xor_operator(&self) -> Option<&'static str> {
        None
    }

    /// How a regular-expression match is written; see [`RegexpStyle`]. SQL has
    /// no common spelling, so the default refuses it.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, RegexpStyle};
    /// assert_eq!(GenericDialect.regexp_style(), RegexpStyle::Unsupported);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.regexp_style(), RegexpStyle::Regexp);
    /// ```
    fn regexp_style(&self) -> RegexpStyle {
        RegexpStyle::Unsupported
    }

    /// Whether a generated column can be VIRTUAL (computed when read); every
    /// engine with generated columns has STORED.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert!(GenericDialect.supports_virtual_computed_columns());
    /// assert!(!sqlcraft_postgres::Postgres.supports_virtual_computed_columns());
    /// ```
    fn supports_virtual_computed_columns(&self) -> bool {
        true
    }

    /// Whether an index can be partial (`CREATE INDEX … WHERE cond`).
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert!(GenericDialect.supports_partial_indexes());
    /// assert!(!sqlcraft_mysql::MySql::default().supports_partial_indexes());
    /// ```
    fn supports_partial_indexes(&self) -> bool {
        true
    }

    /// Whether an index can be on expressions (`CREATE INDEX … ((lower(x)))`).
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert!(GenericDialect.supports_expression_indexes());
    /// assert!(sqlcraft_mysql::MySql::mysql8().supports_expression_indexes());
    /// assert!(!sqlcraft_mysql::MySql::mariadb().supports_expression_indexes());
    /// ```
    fn supports_expression_indexes(&self) -> bool {
        true
    }

    /// How the values of a group are joined into one string; see
    /// [`AggregateStringsStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{AggregateStringsStyle, Dialect};
    /// assert_eq!(sqlcraft_sqlite::Sqlite.aggregate_strings_style(), AggregateStringsStyle::GroupConcat);
    /// ```
    fn aggregate_strings_style(&self) -> AggregateStringsStyle {
        AggregateStringsStyle::ListAgg
    }

    /// How tables and columns get their comments; see [`CommentStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{CommentStyle, Dialect};
    /// assert_eq!(sqlcraft_postgres::Postgres.comment_style(), CommentStyle::CommentOn);
    /// ```
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CommentOn
    }

    /// How values are read out of JSON documents; see [`JsonStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, JsonStyle};
    /// assert_eq!(sqlcraft_mysql::MySql::mysql8().json_style(), JsonStyle::JsonExtract);
    /// ```
    fn json_style(&self) -> JsonStyle {
        JsonStyle::Unsupported
    }

    /// Where ordered-set aggregates may stand; see [`WithinGroupStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, WithinGroupStyle};
    /// assert_eq!(sqlcraft_postgres::Postgres.within_group_style(), WithinGroupStyle::Aggregate);
    /// ```
    fn within_group_style(&self) -> WithinGroupStyle {
        WithinGroupStyle::Aggregate
    }

    /// Whether sequences exist and how their next value is written; see
    /// [`SequenceStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, SequenceStyle};
    /// assert_eq!(sqlcraft_sqlite::Sqlite.sequence_style(), SequenceStyle::Unsupported);
    /// ```
    fn sequence_style(&self) -> SequenceStyle {
        SequenceStyle::NextValueFor
    }

    /// How ROLLUP, CUBE and GROUPING SETS are written; see
    /// [`GroupingSetsStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GroupingSetsStyle};
    /// assert_eq!(sqlcraft_postgres::Postgres.grouping_sets_style(), GroupingSetsStyle::Standard);
    /// ```
    fn grouping_sets_style(&self) -> GroupingSetsStyle {
        GroupingSetsStyle::Standard
    }

    /// The [`SqlType`] a type name read from this engine's catalog stands for
    /// ([`Engine::inspect`](crate::engine::Engine::inspect)); `None` for a name
    /// it does not know. The default reads SQLite's, PostgreSQL's and MySQL's
    /// spellings (`character varying(50)`, `int(11)`, `NUMERIC(12, 2)`,
    /// `timestamp with time zone`, `enum('a','b')`); `tinyint(1)` is a boolean
    /// and `char(n)` a string.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// use sqlcraft::dialect::Dialect;
    /// use sqlcraft_postgres::Postgres;
    /// assert_eq!(Postgres.reflect_type("character varying(50)"), Some(SqlType::string(50)));
    /// assert_eq!(Postgres.reflect_type("timestamp with time zone"), Some(SqlType::DateTime { timezone: true }));
    /// assert_eq!(Postgres.reflect_type("tsvector"), None);
    /// ```
    fn reflect_type(&self, type_name: &str) -> Option<SqlType> {
        reflect::standard_type(type_name)
    }

    /// Whether `SELECT DISTINCT ON (…)` exists.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("a")).distinct_on(t.c("a")).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT DISTINCT ON ("t"."a") "t"."a" FROM "t""#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_distinct_on(&self) -> bool {
        false
    }

    /// Whether a subquery right under `IN` / `NOT IN` may have its own `LIMIT` or
    /// `OFFSET`. MySQL and MariaDB refuse it (error 1235) but accept it inside a
    /// derived table, so where this is false such a subquery is wrapped in one:
    /// `x IN (SELECT * FROM (… LIMIT ?) AS anon_1)`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let top = select(t.c("id")).from(&t).order_by(t.c("id").desc()).limit(2);
    /// let q = select(t.c("id")).from(&t).filter(t.c("id").in_(top));
    /// assert!(GenericDialect.supports_limit_in_in_subquery());
    /// assert_eq!(
    ///     q.compile(&GenericDialect)?.sql,
    ///     r#"SELECT "t"."id" FROM "t" WHERE "t"."id" IN (SELECT "t"."id" FROM "t" ORDER BY "t"."id" DESC LIMIT ?)"#
    /// );
    /// assert!(!MySql::mariadb().supports_limit_in_in_subquery());
    /// assert_eq!(
    ///     q.compile(&MySql::mariadb())?.sql,
    ///     "SELECT `t`.`id` FROM `t` WHERE `t`.`id` IN (SELECT * FROM (SELECT `t`.`id` FROM `t` ORDER BY `t`.`id` DESC LIMIT ?) AS `anon_1`)"
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_limit_in_in_subquery(&self) -> bool {
        true
    }

    /// Whether `x op ANY (subquery)` and `x op ALL (subquery)` are SQL here.
    /// Where they are not (SQLite), `= ANY` and `<> ALL` are written `IN` and
    /// `NOT IN`, the same by the SQL standard's definition, and every other
    /// comparison is an [`Error::Unsupported`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::Dialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let (t, u) = (table("t"), table("u"));
    /// let ids = || select(u.c("t_id")).from(&u);
    /// assert!(!Sqlite.supports_quantified_comparison());
    /// let q = select(t.c("id")).from(&t).filter(t.c("id").ne(all_(ids())));
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."id" FROM "t" WHERE "t"."id" NOT IN (SELECT "u"."t_id" FROM "u")"#);
    /// let q = select(t.c("id")).from(&t).filter(t.c("id").gt(all_(ids())));
    /// assert!(matches!(q.compile(&Sqlite), Err(Error::Unsupported { dialect: "sqlite", .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_quantified_comparison(&self) -> bool {
        true
    }

    /// Whether LIMIT and OFFSET take any expression. MySQL and MariaDB take only
    /// a placeholder or a non-negative integer literal, so on them anything else
    /// (a column, arithmetic, NULL; a negative or non-integer value inlined by
    /// [`to_literal_sql`](crate::compile::Compile::to_literal_sql)) is an
    /// [`Error::Unsupported`] instead of SQL the server refuses as a syntax
    /// error. A value bound as a parameter is checked by the server.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).limit(lit(1) + 1);
    /// assert!(GenericDialect.limit_takes_expressions());
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" LIMIT ? + ?"#);
    /// assert!(!MySql::mariadb().limit_takes_expressions());
    /// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
    /// let bound = select(t.c("a")).from(&t).limit(-1);
    /// assert_eq!(bound.compile(&MySql::mariadb())?.sql, "SELECT `t`.`a` FROM `t` LIMIT ?");
    /// assert!(matches!(bound.to_literal_sql(&MySql::mariadb()), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn limit_takes_expressions(&self) -> bool {
        true
    }

    /// Whether the join kind exists.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft::query::JoinKind;
    /// use sqlcraft_mysql::MySql;
    /// assert!(GenericDialect.supports_join(JoinKind::Full));
    /// assert!(!MySql::default().supports_join(JoinKind::Full));
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("x")).from(&a).full_join(&b, a.c("x").eq(b.c("x")));
    /// assert!(matches!(q.compile(&MySql::default()), Err(Error::Unsupported { .. })));
    /// ```
    fn supports_join(&self, kind: JoinKind) -> bool {
        let _ = kind;
        true
    }

    /// How rows of values used as a table are written; see [`ValuesStyle`].
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, ValuesStyle};
    /// assert_eq!(GenericDialect.values_style(), ValuesStyle::ColumnAliases);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.values_style(), ValuesStyle::SelectFromValues);
    /// assert_eq!(sqlcraft_mysql::MySql::mysql8().values_style(), ValuesStyle::UnionAll);
    /// ```
    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::ColumnAliases
    }

    /// Whether a derived table may be `LATERAL` ([`Select::lateral`]). SQLite
    /// and MariaDB have no LATERAL; PostgreSQL and MySQL 8 do.
    ///
    /// [`Select::lateral`]: crate::Select::lateral
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// use sqlcraft_sqlite::Sqlite;
    /// assert!(GenericDialect.supports_lateral());
    /// assert!(MySql::mysql8().supports_lateral());
    /// assert!(!MySql::mariadb().supports_lateral());
    /// assert!(!Sqlite.supports_lateral());
    /// ```
    fn supports_lateral(&self) -> bool {
        true
    }

    /// Whether the set operator exists.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft::query::SetOp;
    /// use sqlcraft_sqlite::Sqlite;
    /// assert!(GenericDialect.supports_set_op(SetOp::IntersectAll));
    /// assert!(Sqlite.supports_set_op(SetOp::Intersect));
    /// assert!(!Sqlite.supports_set_op(SetOp::IntersectAll));
    /// ```
    fn supports_set_op(&self, op: SetOp) -> bool {
        let _ = op;
        true
    }

    /// Whether an aggregate takes `FILTER (WHERE …)`. Where it does not, `count`,
    /// `sum`, `avg`, `min` and `max` of one argument are emulated with a `CASE`
    /// (see [`Expr::filter`](crate::Expr::filter)).
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert!(GenericDialect.supports_aggregate_filter());
    /// assert!(sqlcraft_sqlite::Sqlite.supports_aggregate_filter());
    /// assert!(!sqlcraft_mysql::MySql::default().supports_aggregate_filter());
    /// ```
    fn supports_aggregate_filter(&self) -> bool {
        true
    }

    /// Whether the `GROUPS` window-frame unit exists.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert!(GenericDialect.supports_groups_frame());
    /// assert!(!sqlcraft_mysql::MySql::default().supports_groups_frame());
    /// ```
    fn supports_groups_frame(&self) -> bool {
        true
    }

    /// How grouped set-operation members are written.
    ///
    /// ```
    /// use sqlcraft::dialect::{CompoundMemberStyle, Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.compound_member_style(), CompoundMemberStyle::Parenthesize);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.compound_member_style(), CompoundMemberStyle::Subquery);
    /// ```
    fn compound_member_style(&self) -> CompoundMemberStyle {
        CompoundMemberStyle::Parenthesize
    }

    /// Whether a set operation's ORDER BY names a result column by its position
    /// (`ORDER BY 1`) where the tree names it by an unqualified column name
    /// (`ORDER BY id`). SQLite resolves such a name in the first member's FROM
    /// and refuses the statement when it is ambiguous there; a position means the
    /// same result column on every engine. Default `false`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let (a, b) = (table("a"), table("b"));
    /// let q = select(a.c("id")).from(&a).union(select(b.c("id")).from(&b)).order_by(column("id"));
    /// assert!(q.compile(&GenericDialect)?.sql.ends_with(r#"ORDER BY "id""#));
    /// assert!(q.compile(&Sqlite)?.sql.ends_with("ORDER BY 1"));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn compound_order_by_position(&self) -> bool {
        false
    }

    /// How OFFSET without LIMIT is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, OffsetOnlyStyle};
    /// assert_eq!(GenericDialect.offset_only_style(), OffsetOnlyStyle::Offset);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.offset_only_style(), OffsetOnlyStyle::LimitLiteral("-1"));
    /// ```
    fn offset_only_style(&self) -> OffsetOnlyStyle {
        OffsetOnlyStyle::Offset
    }

    /// The table name a SELECT with WHERE but no FROM needs (MySQL's `DUAL`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let q = select(lit(1)).filter(lit(1).eq(1));
    /// assert_eq!(q.compile(&GenericDialect)?.sql, "SELECT ? AS \"anon_1\" WHERE ? = ?");
    /// assert_eq!(q.compile(&MySql::default())?.sql, "SELECT ? AS `anon_1` FROM DUAL WHERE ? = ?");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn tableless_where_table(&self) -> Option<&'static str> {
        None
    }

    /// Whether the statement kind takes a RETURNING clause.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, DmlKind, GenericDialect};
    /// use sqlcraft_sqlite::Sqlite;
    /// assert!(!GenericDialect.supports_returning(DmlKind::Delete));
    /// let t = table("t");
    /// let q = delete(&t).returning(t.c("id"));
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"DELETE FROM "t" RETURNING "t"."id""#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_returning(&self, kind: DmlKind) -> bool {
        let _ = kind;
        false
    }

    /// How upserts are written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, UpsertStyle};
    /// assert_eq!(GenericDialect.upsert_style(), UpsertStyle::OnConflict);
    /// assert_eq!(sqlcraft_mysql::MySql::default().upsert_style(), UpsertStyle::OnDuplicateKey);
    /// ```
    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::OnConflict
    }

    /// For [`UpsertStyle::OnDuplicateKey`]: the alias that names the proposed
    /// row of an upsert of `VALUES` rows, `INSERT … VALUES (…) AS new ON
    /// DUPLICATE KEY UPDATE n = new.n` (MySQL 8.0.19 and newer, which
    /// deprecates `VALUES(n)` there). `None` writes `VALUES(n)` (MariaDB has no
    /// row alias; an INSERT … SELECT has none on either).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::Dialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).value("n", 1)
    ///     .on_conflict(OnConflict::columns(["id"]).do_update([("n", excluded("n"))]));
    /// assert_eq!(MySql::mysql8().upsert_row_alias(), Some("new"));
    /// assert_eq!(
    ///     q.compile(&MySql::mysql8())?.sql,
    ///     "INSERT INTO `t` (`id`, `n`) VALUES (?, ?) AS `new` ON DUPLICATE KEY UPDATE `n` = `new`.`n`"
    /// );
    /// assert_eq!(
    ///     q.compile(&MySql::mariadb())?.sql,
    ///     "INSERT INTO `t` (`id`, `n`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `n` = VALUES(`n`)"
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn upsert_row_alias(&self) -> Option<&'static str> {
        None
    }

    /// Whether `ON CONFLICT ON CONSTRAINT name` exists.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).on_conflict(OnConflict::constraint("t_pkey").do_nothing());
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"INSERT INTO "t" ("id") VALUES ($1) ON CONFLICT ON CONSTRAINT "t_pkey" DO NOTHING"#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_conflict_on_constraint(&self) -> bool {
        false
    }

    /// Whether `ON CONFLICT DO UPDATE` may omit the conflict target.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).value("n", 2).on_conflict(OnConflict::any().do_update([("n", excluded("n"))]));
    /// assert_eq!(
    ///     q.compile(&Sqlite)?.sql,
    ///     r#"INSERT INTO "t" ("id", "n") VALUES (?, ?) ON CONFLICT DO UPDATE SET "n" = excluded."n""#
    /// );
    /// assert!(q.compile(&GenericDialect).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_untargeted_do_update(&self) -> bool {
        false
    }

    /// Whether a column or `*` may be qualified by `schema.table` (SQLite's
    /// grammar has `table.*` only, and its RETURNING resolves only `table.col`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.schema("s"); t.column("a", SqlType::Integer); })?;
    /// let q = select(t.c("a")).from(&t);
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "s"."t"."a" FROM "s"."t""#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."a" FROM "s"."t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn schema_in_column_qualifier(&self) -> bool {
        true
    }

    /// Whether function names may be schema-qualified (`pg_catalog.abs`).
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert!(GenericDialect.supports_qualified_function_names());
    /// assert!(!sqlcraft_sqlite::Sqlite.supports_qualified_function_names());
    /// ```
    fn supports_qualified_function_names(&self) -> bool {
        true
    }

    /// Whether an upsert may follow `DEFAULT VALUES` (SQLite's grammar has no
    /// ON CONFLICT there).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = insert(&t).on_conflict(OnConflict::any().do_nothing());
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"INSERT INTO "t" DEFAULT VALUES ON CONFLICT DO NOTHING"#);
    /// assert!(q.compile(&Sqlite).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn supports_upsert_on_default_values(&self) -> bool {
        true
    }

    /// Whether a `WITH` clause may precede the statement (`WITH … UPDATE`).
    /// INSERT … SELECT carries its CTEs inside, before the SELECT, on every dialect.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, DmlKind, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// assert!(GenericDialect.supports_dml_cte(DmlKind::Insert));
    /// assert!(MySql::mysql8().supports_dml_cte(DmlKind::Update));
    /// assert!(!MySql::mysql8().supports_dml_cte(DmlKind::Insert));
    /// assert!(!MySql::mariadb().supports_dml_cte(DmlKind::Delete));
    /// ```
    fn supports_dml_cte(&self, kind: DmlKind) -> bool {
        let _ = kind;
        true
    }

    /// How UPDATE … FROM is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect, UpdateFromStyle};
    /// assert_eq!(GenericDialect.update_from_style(), UpdateFromStyle::From);
    /// assert_eq!(sqlcraft_mysql::MySql::default().update_from_style(), UpdateFromStyle::MultiTable);
    /// ```
    fn update_from_style(&self) -> UpdateFromStyle {
        UpdateFromStyle::From
    }

    /// How DELETE … USING is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{DeleteUsingStyle, Dialect, GenericDialect};
    /// assert_eq!(GenericDialect.delete_using_style(), DeleteUsingStyle::Using);
    /// assert_eq!(sqlcraft_sqlite::Sqlite.delete_using_style(), DeleteUsingStyle::Exists);
    /// assert_eq!(sqlcraft_mysql::MySql::default().delete_using_style(), DeleteUsingStyle::MultiTableUsing);
    /// ```
    fn delete_using_style(&self) -> DeleteUsingStyle {
        DeleteUsingStyle::Using
    }

    /// How an INSERT with no columns is written.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, EmptyInsertStyle, GenericDialect};
    /// assert_eq!(GenericDialect.empty_insert_style(), EmptyInsertStyle::DefaultValues);
    /// assert_eq!(sqlcraft_mysql::MySql::default().empty_insert_style(), EmptyInsertStyle::EmptyValues);
    /// ```
    fn empty_insert_style(&self) -> EmptyInsertStyle {
        EmptyInsertStyle::DefaultValues
    }

    /// Writes a locking clause (including its leading space), or refuses it.
    /// The default writes `FOR UPDATE|SHARE [OF …] [NOWAIT|SKIP LOCKED]`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).for_share().nowait();
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" FOR SHARE NOWAIT"#);
    /// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT `t`.`a` FROM `t` LOCK IN SHARE MODE NOWAIT");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn write_lock(&self, lock: &Lock, out: &mut String) -> Result<()> {
        write_standard_lock(self, lock, out)
    }

    /// A replacement for a generic function, where the engine spells it differently.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::{Dialect, FunctionOverride, GenericDialect};
    /// use sqlcraft_sqlite::Sqlite;
    /// assert_eq!(GenericDialect.function_override("now", 0), None);
    /// assert_eq!(Sqlite.function_override("now", 0), Some(FunctionOverride::Keyword("CURRENT_TIMESTAMP")));
    /// assert_eq!(select(func::now()).compile(&Sqlite)?.sql, "SELECT CURRENT_TIMESTAMP AS \"now_1\"");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn function_override(&self, name: &str, argc: usize) -> Option<FunctionOverride> {
        let _ = (name, argc);
        None
    }

    /// The type to cast a bound value to where the engine cannot infer a
    /// parameter's type (a select-list item, a CASE result), by the value's kind;
    /// `None` leaves the placeholder bare (the default).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_postgres::Postgres;
    /// let q = select(lit(5));
    /// assert_eq!(q.compile(&GenericDialect)?.sql, "SELECT ? AS \"anon_1\"");
    /// assert_eq!(q.compile(&Postgres)?.sql, "SELECT CAST($1 AS BIGINT) AS \"anon_1\"");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn untyped_value_cast(&self, value: &Value) -> Option<&'static str> {
        let _ = value;
        None
    }

    /// A function that converts to `ty` where `CAST` would not (SQLite casts to
    /// DATE by numeric affinity, yielding the year): rendered `f(expr)`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("at").cast(SqlType::Date)).from(&t);
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT CAST("t"."at" AS DATE) AS "at" FROM "t""#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT date("t"."at") AS "at" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn cast_function(&self, ty: &SqlType) -> Option<&'static str> {
        let _ = ty;
        None
    }

    /// An error naming this dialect and the construct it cannot express.
    ///
    /// ```
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// let err = GenericDialect.unsupported("time travel");
    /// assert!(matches!(err, sqlcraft::Error::Unsupported { dialect: "generic", .. }));
    /// assert_eq!(err.to_string(), "the generic dialect does not support time travel");
    /// ```
    fn unsupported(&self, construct: &'static str) -> Error {
        Error::unsupported(self.name(), construct)
    }
}

/// The ANSI type name of `ty`, with errors naming `dialect`: what
/// [`Dialect::type_name`] returns by default, for dialects that override a few
/// types and keep the rest.
///
/// ```
/// use sqlcraft::SqlType;
/// use sqlcraft::dialect::ansi_type_name;
/// assert_eq!(ansi_type_name("mine", &SqlType::string(20))?, "VARCHAR(20)");
/// assert_eq!(ansi_type_name("mine", &SqlType::Numeric(12, 2))?, "NUMERIC(12, 2)");
/// let err = ansi_type_name("mine", &SqlType::enumeration("e", Vec::<String>::new())).unwrap_err();
/// assert!(err.to_string().starts_with("the mine dialect does not support"));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn ansi_type_name(dialect: &'static str, ty: &SqlType) -> Result<Cow<'static, str>> {
    literal::ansi_type_name(dialect, ty)
}

/// The standard locking clause, `FOR UPDATE|SHARE [OF …] [NOWAIT|SKIP LOCKED]`,
/// with names quoted by `dialect`: [`Dialect::write_lock`]'s default.
///
/// ```
/// use sqlcraft::query::{Lock, LockStrength, LockWait};
/// use sqlcraft::dialect::{write_standard_lock, GenericDialect};
/// let lock = Lock { strength: LockStrength::Share, wait: LockWait::SkipLocked, of: vec!["a".into(), "b".into()] };
/// let mut sql = String::new();
/// write_standard_lock(&GenericDialect, &lock, &mut sql)?;
/// assert_eq!(sql, r#" FOR SHARE OF "a", "b" SKIP LOCKED"#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn write_standard_lock<D: Dialect + ?Sized>(
    dialect: &D,
    lock: &Lock,
    out: &mut String,
) -> Result<()> {
    out.push_str(match lock.strength {
        LockStrength::Update => " FOR UPDATE",
        LockStrength::Share => " FOR SHARE",
    });
    if !lock.of.is_empty() {
        out.push_str(" OF ");
        for (i, name) in lock.of.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            dialect.write_identifier(name, out);
        }
    }
    out.push_str(match lock.wait {
        LockWait::Wait => "",
        LockWait::NoWait => " NOWAIT",
        LockWait::SkipLocked => " SKIP LOCKED",
    });
    Ok(())
}

pub use literal::{ansi_string as write_ansi_string_literal, hex_bytes as write_hex_bytes};

/// Writes `ident` between `quote` characters, doubling any `quote` inside it: the
/// escaping every engine accepts for quoted identifiers.
///
/// ```
/// let mut out = String::new();
/// sqlcraft::dialect::write_quoted("we\"ird", '"', &mut out);
/// assert_eq!(out, r#""we""ird""#);
/// ```
pub fn write_quoted(ident: &str, quote: char, out: &mut String) {
    out.reserve(ident.len() + 2);
    out.push(quote);
    if ident.contains(quote) {
        for ch in ident.chars() {
            if ch == quote {
                out.push(quote);
            }
            out.push(ch);
        }
    } else {
        out.push_str(ident);
    }
    out.push(quote);
}
