//! `func::*`: SQL function calls, any name plus the common ones.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::dialect::GenericDialect;
//! let t = table("t");
//! let q = select((func::count_star(), func::call("my_fn", [t.c("a"), lit(2)]))).from(&t);
//! assert_eq!(
//!     q.compile(&GenericDialect).unwrap().sql,
//!     r#"SELECT count(*) AS "count_1", my_fn("t"."a", ?) AS "my_fn_1" FROM "t""#
//! );
//! ```

use super::{AggregateStrings, Expr, Function, GroupingSets, Ident};
use crate::error::Error;
use crate::query::IntoColumns;
use crate::query::IntoOrderBys;

/// Calls any function by name. The name must be an SQL identifier, optionally
/// schema-qualified (`[A-Za-z_][A-Za-z0-9_$]*`, dot-separated): it is rendered
/// verbatim, so anything else is refused with an error at compile time.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::call("stats.median", [t.c("a")])).from(&t);
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT stats.median("t"."a") AS "anon_1" FROM "t""#);
/// let bad = select(func::call("f(); DROP TABLE t; --", [t.c("a")])).from(&t);
/// assert!(matches!(bad.compile(&GenericDialect), Err(Error::InvalidIdentifier { .. })));
/// ```
pub fn call<I, E>(name: &str, args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    if let Err(reason) = check_function_name(name) {
        return Expr::invalid(Error::InvalidIdentifier {
            ident: name.to_owned(),
            reason: reason.into(),
        });
    }
    Expr::Function(Box::new(Function {
        name: Ident::from(name),
        args: args.into_iter().map(Into::into).collect(),
        filter: None,
    }))
}

fn check_function_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("a function name cannot be empty");
    }
    for part in name.split('.') {
        let mut chars = part.chars();
        match chars.next() {
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
            _ => return Err("each part of a function name must start with a letter or '_'"),
        }
        if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            return Err("a function name may contain only letters, digits, '_' and '$'");
        }
    }
    Ok(())
}

fn known(name: &'static str, args: Vec<Expr>) -> Expr {
    Expr::Function(Box::new(Function {
        name: Ident::from(name),
        args,
        filter: None,
    }))
}

/// `count(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::count(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT count("t"."a") AS "count_1" FROM "t""#);
/// ```
pub fn count(e: impl Into<Expr>) -> Expr {
    known("count", vec![e.into()])
}
/// `count(*)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::count_star()).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT count(*) AS "count_1" FROM "t""#);
/// ```
pub fn count_star() -> Expr {
    known("count", vec![Expr::Star(None)])
}
/// `sum(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::sum(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT sum("t"."a") AS "sum_1" FROM "t""#);
/// ```
pub fn sum(e: impl Into<Expr>) -> Expr {
    known("sum", vec![e.into()])
}
/// `avg(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::avg(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT avg("t"."a") AS "avg_1" FROM "t""#);
/// ```
pub fn avg(e: impl Into<Expr>) -> Expr {
    known("avg", vec![e.into()])
}
/// `min(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::min(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT min("t"."a") AS "min_1" FROM "t""#);
/// ```
pub fn min(e: impl Into<Expr>) -> Expr {
    known("min", vec![e.into()])
}
/// `max(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::max(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT max("t"."a") AS "max_1" FROM "t""#);
/// ```
pub fn max(e: impl Into<Expr>) -> Expr {
    known("max", vec![e.into()])
}
/// `coalesce(a, b, …)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::coalesce([t.c("a"), t.c("b"), lit(0)])).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT coalesce("t"."a", "t"."b", ?) AS "coalesce_1" FROM "t""#);
/// assert_eq!(c.values().unwrap(), vec![Value::Int(0)]);
/// ```
pub fn coalesce<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    known("coalesce", args.into_iter().map(Into::into).collect())
}
/// `lower(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::lower(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT lower("t"."a") AS "lower_1" FROM "t""#);
/// ```
pub fn lower(e: impl Into<Expr>) -> Expr {
    known("lower", vec![e.into()])
}
/// `upper(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::upper(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT upper("t"."a") AS "upper_1" FROM "t""#);
/// ```
pub fn upper(e: impl Into<Expr>) -> Expr {
    known("upper", vec![e.into()])
}
/// The length of a string in characters (`char_length` on MySQL, whose `length`
/// counts bytes).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// use sqlcraft_sqlite::Sqlite;
/// let t = table("t");
/// let q = select(func::length(t.c("a"))).from(&t);
/// assert_eq!(q.compile(&Sqlite).unwrap().sql, r#"SELECT length("t"."a") AS "length_1" FROM "t""#);
/// assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, "SELECT char_length(`t`.`a`) AS `length_1` FROM `t`");
/// ```
pub fn length(e: impl Into<Expr>) -> Expr {
    known("length", vec![e.into()])
}
/// The current timestamp (`now()`, or `CURRENT_TIMESTAMP` where there is no `now`).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_sqlite::Sqlite;
/// let q = select(func::now());
/// assert_eq!(q.compile(&Postgres).unwrap().sql, "SELECT now() AS \"now_1\"");
/// assert_eq!(q.compile(&Sqlite).unwrap().sql, "SELECT CURRENT_TIMESTAMP AS \"now_1\"");
/// ```
pub fn now() -> Expr {
    known("now", vec![])
}
/// `abs(e)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::abs(t.c("a"))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT abs("t"."a") AS "abs_1" FROM "t""#);
/// ```
pub fn abs(e: impl Into<Expr>) -> Expr {
    known("abs", vec![e.into()])
}
/// `round(e, digits)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::round(t.c("a"), 2)).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT round("t"."a", ?) AS "round_1" FROM "t""#);
/// assert_eq!(c.values().unwrap(), vec![Value::Int(2)]);
/// ```
pub fn round(e: impl Into<Expr>, digits: impl Into<Expr>) -> Expr {
    known("round", vec![e.into(), digits.into()])
}
/// `rank()`, a window function.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::rank().over(WindowSpec::new().order_by(t.c("a").desc()))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT rank() OVER (ORDER BY "t"."a" DESC) AS "anon_1" FROM "t""#);
/// ```
pub fn rank() -> Expr {
    known("rank", vec![])
}
/// `dense_rank()`, a window function.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::dense_rank().over(WindowSpec::new().order_by(t.c("a").desc()))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT dense_rank() OVER (ORDER BY "t"."a" DESC) AS "anon_1" FROM "t""#);
/// ```
pub fn dense_rank() -> Expr {
    known("dense_rank", vec![])
}
/// `row_number()`, a window function.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(func::row_number().over(WindowSpec::new().partition_by(t.c("g")))).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT row_number() OVER (PARTITION BY "t"."g") AS "anon_1" FROM "t""#);
/// ```
pub fn row_number() -> Expr {
    known("row_number", vec![])
}
/// `lag(e)`, a window function: `e` on the row before this one in the
/// window's order, NULL on the first.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let prev = func::lag(t.c("v")).over(WindowSpec::new().order_by(t.c("day")));
/// assert_eq!(
///     select(prev.label("prev")).from(&t).compile(&GenericDialect)?.sql,
///     r#"SELECT lag("t"."v") OVER (ORDER BY "t"."day") AS "prev" FROM "t""#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn lag(e: impl Into<Expr>) -> Expr {
    known("lag", vec![e.into()])
}
/// `lag(e, offset)`: `e` on the row `offset` rows before this one, NULL
/// where there is none.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// let t = table("t");
/// let q = select(func::lag_by(t.c("v"), 2).over(WindowSpec::new().order_by(t.c("day")))).from(&t);
/// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT lag("t"."v", $1) OVER (ORDER BY "t"."day") AS "anon_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn lag_by(e: impl Into<Expr>, offset: impl Into<Expr>) -> Expr {
    known("lag", vec![e.into(), offset.into()])
}
/// `lag(e, offset, default)`: [`lag_by`] with `default` where there is no such
/// row. MariaDB's LAG takes no default, so it is `Error::Unsupported` there.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select(func::lag_or(t.c("v"), 1, 0).over(WindowSpec::new().order_by(t.c("day")))).from(&t);
/// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT lag("t"."v", $1, $2) OVER (ORDER BY "t"."day") AS "anon_1" FROM "t""#);
/// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn lag_or(e: impl Into<Expr>, offset: impl Into<Expr>, default: impl Into<Expr>) -> Expr {
    known("lag", vec![e.into(), offset.into(), default.into()])
}
/// `lead(e)`, a window function: `e` on the row after this one in the
/// window's order, NULL on the last.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let next = func::lead(t.c("v")).over(WindowSpec::new().order_by(t.c("day")));
/// assert_eq!(
///     select(next.label("next")).from(&t).compile(&GenericDialect)?.sql,
///     r#"SELECT lead("t"."v") OVER (ORDER BY "t"."day") AS "next" FROM "t""#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn lead(e: impl Into<Expr>) -> Expr {
    known("lead", vec![e.into()])
}
/// `lead(e, offset)`: `e` on the row `offset` rows after this one, NULL
/// where there is none.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::lead_by(t.c("v"), 2).over(WindowSpec::new().order_by(t.c("day")))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.params.len(), 1);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn lead_by(e: impl Into<Expr>, offset: impl Into<Expr>) -> Expr {
    known("lead", vec![e.into(), offset.into()])
}
/// `lead(e, offset, default)`: [`lead_by`] with `default` where there is no
/// such row; `Error::Unsupported` on MariaDB, whose LEAD takes no default.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select(func::lead_or(t.c("v"), 1, 0).over(WindowSpec::new().order_by(t.c("day")))).from(&t);
/// assert_eq!(q.compile(&MySql::mysql8())?.sql, "SELECT lead(`t`.`v`, ?, ?) OVER (ORDER BY `t`.`day`) AS `anon_1` FROM `t`");
/// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn lead_or(e: impl Into<Expr>, offset: impl Into<Expr>, default: impl Into<Expr>) -> Expr {
    known("lead", vec![e.into(), offset.into(), default.into()])
}
/// `ntile(n)`, a window function: which of `n` nearly equal buckets, numbered
/// from 1, the row falls in.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::ntile(4).over(WindowSpec::new().order_by(t.c("v")))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT ntile(?) OVER (ORDER BY "t"."v") AS "anon_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn ntile(n: impl Into<Expr>) -> Expr {
    known("ntile", vec![n.into()])
}
/// `first_value(e)`, a window function: `e` on the first row of the frame.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::first_value(t.c("v")).over(WindowSpec::new().order_by(t.c("day")))).from(&t);
/// assert!(q.compile(&GenericDialect)?.sql.starts_with(r#"SELECT first_value("t"."v") OVER"#));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn first_value(e: impl Into<Expr>) -> Expr {
    known("first_value", vec![e.into()])
}
/// `last_value(e)`, a window function: `e` on the last row of the frame. With
/// an ORDER BY and no frame, the frame ends at the current row (and its
/// peers); a frame to `FrameBound::UnboundedFollowing` reaches the partition's
/// end.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let whole = WindowSpec::new()
///     .order_by(t.c("day"))
///     .rows(FrameBound::UnboundedPreceding, FrameBound::UnboundedFollowing);
/// let q = select(func::last_value(t.c("v")).over(whole)).from(&t);
/// assert!(q.compile(&GenericDialect)?.sql.contains("UNBOUNDED FOLLOWING"));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn last_value(e: impl Into<Expr>) -> Expr {
    known("last_value", vec![e.into()])
}
/// `nth_value(e, n)`, a window function: `e` on the `n`-th row of the frame,
/// counted from 1; NULL while the frame has fewer rows.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::nth_value(t.c("v"), 2).over(WindowSpec::new().order_by(t.c("day")))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT nth_value("t"."v", ?) OVER (ORDER BY "t"."day") AS "anon_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn nth_value(e: impl Into<Expr>, n: impl Into<Expr>) -> Expr {
    known("nth_value", vec![e.into(), n.into()])
}
/// `percent_rank()`, a window function: `(rank - 1) / (rows - 1)`, from 0 to 1.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::percent_rank().over(WindowSpec::new().order_by(t.c("v")))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT percent_rank() OVER (ORDER BY "t"."v") AS "anon_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn percent_rank() -> Expr {
    known("percent_rank", vec![])
}
/// `cume_dist()`, a window function: the fraction of the partition's rows
/// ordered up to this one, peers included.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::cume_dist().over(WindowSpec::new().order_by(t.c("v")))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT cume_dist() OVER (ORDER BY "t"."v") AS "anon_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn cume_dist() -> Expr {
    known("cume_dist", vec![])
}
/// `percentile_cont(fraction)`, an ordered-set aggregate: the value at
/// `fraction` (0 to 1) of the ordered values, interpolated between the two
/// nearest; use it with [`Expr::within_group`].
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::percentile_cont(0.9).within_group(t.c("ms"))).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT percentile_cont(?) WITHIN GROUP (ORDER BY "t"."ms") AS "percentile_cont_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn percentile_cont(fraction: impl Into<Expr>) -> Expr {
    known("percentile_cont", vec![fraction.into()])
}
/// `percentile_disc(fraction)`, an ordered-set aggregate: the first of the
/// ordered values at or past `fraction` of them; use it with
/// [`Expr::within_group`].
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(func::percentile_disc(0.5).within_group(t.c("ms").desc())).from(&t);
/// assert!(q.compile(&GenericDialect)?.sql.contains(r#"WITHIN GROUP (ORDER BY "t"."ms" DESC)"#));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn percentile_disc(fraction: impl Into<Expr>) -> Expr {
    known("percentile_disc", vec![fraction.into()])
}
/// `mode()`, an ordered-set aggregate: the most frequent value (the first in
/// the order among ties); use it with [`Expr::within_group`]. PostgreSQL only.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// let t = table("t");
/// let q = select(func::mode().within_group(t.c("city"))).from(&t);
/// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT mode() WITHIN GROUP (ORDER BY "t"."city") AS "mode_1" FROM "t""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn mode() -> Expr {
    known("mode", vec![])
}
/// A random float from 0 (included) to 1 (excluded), drawn again for every
/// row (`order_by(func::random())` shuffles): `random()` on PostgreSQL,
/// `rand()` on MySQL and MariaDB, and on SQLite, whose `random()` is a 64-bit
/// integer, its low 53 bits over 2^53.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// use sqlcraft_sqlite::Sqlite;
/// let q = select(func::random());
/// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT rand() AS `random_1`");
/// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT ((random() & 9007199254740991) / 9007199254740992.0) AS "random_1""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn random() -> Expr {
    known("random", vec![])
}
/// SQL's `CURRENT_DATE`: today's date at the start of the statement (as text
/// `YYYY-MM-DD` on SQLite, which has no date type).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// assert_eq!(select(func::current_date()).compile(&Postgres)?.sql, r#"SELECT CURRENT_DATE AS "current_date_1""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn current_date() -> Expr {
    known("current_date", vec![])
}
/// SQL's `CURRENT_TIME`: the time of day at the start of the statement (with
/// time zone on PostgreSQL, text `HH:MM:SS` on SQLite).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_sqlite::Sqlite;
/// assert_eq!(select(func::current_time()).compile(&Sqlite)?.sql, r#"SELECT CURRENT_TIME AS "current_time_1""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn current_time() -> Expr {
    known("current_time", vec![])
}
/// SQL's `CURRENT_TIMESTAMP` (see also [`now`]).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// assert_eq!(select(func::current_timestamp()).compile(&MySql::mariadb())?.sql, "SELECT CURRENT_TIMESTAMP AS `current_timestamp_1`");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn current_timestamp() -> Expr {
    known("current_timestamp", vec![])
}

/// The group's values joined into one string with `separator` between them,
/// NULLs left out and NULL for a group without values (SQLAlchemy's
/// `func.aggregate_strings`): `string_agg` on PostgreSQL (the values cast to
/// text), `group_concat(… SEPARATOR …)` on MySQL and MariaDB, `group_concat`
/// on SQLite, and the standard `LISTAGG(…) WITHIN GROUP (…)` on the generic
/// dialect. The order is the engine's, unless [`aggregate_strings_ordered`]
/// gives one.
///
/// MySQL truncates the result at `group_concat_max_len` bytes (1,024 by default
/// on MySQL, 1 MiB on MariaDB).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// use sqlcraft_sqlite::Sqlite;
/// let t = table("t");
/// let q = select((t.c("k"), func::aggregate_strings(t.c("v"), ", "))).from(&t).group_by(t.c("k"));
/// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."k", string_agg(CAST("t"."v" AS TEXT), ', ') AS "aggregate_strings_1" FROM "t" GROUP BY "t"."k""#);
/// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT `t`.`k`, group_concat(`t`.`v` SEPARATOR ', ') AS `aggregate_strings_1` FROM `t` GROUP BY `t`.`k`");
/// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."k", group_concat("t"."v", ', ') AS "aggregate_strings_1" FROM "t" GROUP BY "t"."k""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn aggregate_strings(e: impl Into<Expr>, separator: &str) -> Expr {
    aggregate_strings_ordered(e, separator, Vec::<super::OrderBy>::new())
}

/// [`aggregate_strings`] joining the values in the order of `order_by`
/// (SQLite 3.44 or newer, which the bundled SQLite is).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let names = func::aggregate_strings_ordered(t.c("v"), "|", t.c("v").desc());
/// let q = select(names.label("vs")).from(&t);
/// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT string_agg(CAST("t"."v" AS TEXT), '|' ORDER BY "t"."v" DESC) AS "vs" FROM "t""#);
/// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT group_concat(`t`.`v` ORDER BY `t`.`v` DESC SEPARATOR '|') AS `vs` FROM `t`");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn aggregate_strings_ordered(
    e: impl Into<Expr>,
    separator: &str,
    order_by: impl IntoOrderBys,
) -> Expr {
    Expr::AggregateStrings(Box::new(AggregateStrings {
        expr: e.into(),
        separator: separator.into(),
        order_by: order_by.into_order_bys(),
    }))
}

/// `ROLLUP(a, b, …)` in GROUP BY (SQLAlchemy's `func.rollup`): the groups of
/// every prefix of the list, down to the grand total, whose rows hold NULL in
/// the columns their set leaves out.
///
/// PostgreSQL and the generic dialect write it as it is; MySQL and MariaDB as
/// `GROUP BY a, b WITH ROLLUP`, which means the same only when the ROLLUP is the
/// whole GROUP BY, so anything beside it there is `Error::Unsupported`, as is an
/// ORDER BY in the same SELECT on MariaDB (MySQL 8 takes it). SQLite has no
/// grouping sets at all.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// use sqlcraft_sqlite::Sqlite;
/// let t = table("sales");
/// let q = select((t.c("region"), t.c("year"), func::sum(t.c("amount")).label("total")))
///     .from(&t)
///     .group_by(func::rollup((t.c("region"), t.c("year"))));
/// assert_eq!(
///     q.compile(&Postgres)?.sql,
///     r#"SELECT "sales"."region", "sales"."year", sum("sales"."amount") AS "total" FROM "sales" GROUP BY ROLLUP("sales"."region", "sales"."year")"#
/// );
/// assert_eq!(
///     q.compile(&MySql::mariadb())?.sql,
///     "SELECT `sales`.`region`, `sales`.`year`, sum(`sales`.`amount`) AS `total` FROM `sales` GROUP BY `sales`.`region`, `sales`.`year` WITH ROLLUP"
/// );
/// assert!(matches!(q.compile(&Sqlite), Err(Error::Unsupported { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn rollup(exprs: impl IntoColumns) -> Expr {
    Expr::GroupingSets(Box::new(GroupingSets::Rollup(exprs.into_columns())))
}

/// `CUBE(a, b, …)` in GROUP BY (SQLAlchemy's `func.cube`): the groups of every
/// subset of the list. PostgreSQL and the generic dialect only; elsewhere
/// `Error::Unsupported`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select((t.c("a"), t.c("b"), func::count_star())).from(&t).group_by(func::cube((t.c("a"), t.c("b"))));
/// assert!(q.compile(&Postgres)?.sql.ends_with(r#"GROUP BY CUBE("t"."a", "t"."b")"#));
/// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn cube(exprs: impl IntoColumns) -> Expr {
    Expr::GroupingSets(Box::new(GroupingSets::Cube(exprs.into_columns())))
}

/// `GROUPING SETS((a, b), (a), ())` in GROUP BY (SQLAlchemy's
/// `func.grouping_sets`): the groups of each set as listed; an empty set is the
/// grand total. PostgreSQL and the generic dialect only; elsewhere
/// `Error::Unsupported`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// let t = table("t");
/// let sets = func::grouping_sets([vec![t.c("a"), t.c("b")], vec![t.c("b")], vec![]]);
/// let q = select((t.c("a"), t.c("b"), func::count_star())).from(&t).group_by(sets);
/// assert!(q.compile(&Postgres)?.sql.ends_with(
///     r#"GROUP BY GROUPING SETS(("t"."a", "t"."b"), ("t"."b"), ())"#
/// ));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn grouping_sets<I, S>(sets: I) -> Expr
where
    I: IntoIterator<Item = S>,
    S: IntoColumns,
{
    let sets = sets.into_iter().map(IntoColumns::into_columns).collect();
    Expr::GroupingSets(Box::new(GroupingSets::Sets(sets)))
}

/// `GROUPING(a, …)`: in a query grouped by [`rollup`], [`cube`] or
/// [`grouping_sets`], a bit mask that is 1 for each argument the row's grouping
/// set leaves out, telling a subtotal's NULL from a NULL in the data.
/// PostgreSQL, MySQL 8 and the generic dialect; MariaDB and SQLite have no such
/// function, so it is `Error::Unsupported` there.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let q = select((t.c("a"), func::grouping(t.c("a")), func::count_star()))
///     .from(&t)
///     .group_by(func::rollup(t.c("a")));
/// assert_eq!(
///     q.compile(&Postgres)?.sql,
///     r#"SELECT "t"."a", grouping("t"."a") AS "grouping_1", count(*) AS "count_1" FROM "t" GROUP BY ROLLUP("t"."a")"#
/// );
/// assert!(q.compile(&MySql::mysql8())?.sql.contains("grouping(`t`.`a`)"));
/// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn grouping(exprs: impl IntoColumns) -> Expr {
    call("grouping", exprs.into_columns())
}
