//! Free-standing expression builders (`and_`, `or_`, `not_`, `bindparam`, …).

use super::ops::Precedence;
use super::{ColumnRef, Expr, Ident, UnaryOp};
use crate::query::{Compound, IntoColumns, Query, Select};
use crate::value::Value;

/// A bound value as an expression: `lit(5)` renders a placeholder bound to 5.
///
/// ```
/// use sqlcraft::prelude::*;
/// assert_eq!(lit(5), Expr::Value(Value::Int(5)));
/// ```
pub fn lit(v: impl Into<Value>) -> Expr {
    Expr::Value(v.into())
}

/// The `NULL` keyword.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(null().label("nothing")).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT NULL AS "nothing" FROM "t""#);
/// assert!(c.params.is_empty());
/// ```
pub fn null() -> Expr {
    Expr::Null
}

/// An unqualified column reference by name.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(column("a")).from(&t).filter(column("b").gt(1));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "a" FROM "t" WHERE "b" > ?"#);
/// ```
pub fn column(name: &str) -> Expr {
    Expr::Column(ColumnRef::of(None, name))
}

/// A named parameter whose value is supplied when the statement is executed
/// (see [`crate::Compiled::bind`]).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(bindparam("a"))).compile(&GenericDialect).unwrap();
/// assert_eq!(c.bind(&[("a", Value::Int(1))]).unwrap(), vec![Value::Int(1)]);
/// ```
pub fn bindparam(name: &str) -> Expr {
    Expr::Param(Ident::from(name))
}

/// The conjunction of all items; an empty list is `TRUE`.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = and_([t.c("a").eq(1), t.c("b").eq(2)]);
/// assert!(matches!(e, Expr::And(ref v) if v.len() == 2));
/// ```
pub fn and_<I, E>(items: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    let mut out: Vec<Expr> = Vec::new();
    for e in items {
        let mut e = e.into();
        match &mut e {
            Expr::And(more) => out.append(more),
            _ => out.push(e),
        }
    }
    match out.len() {
        0 => Expr::Bool(true),
        1 => out.pop().unwrap_or(Expr::Bool(true)),
        _ => Expr::And(out),
    }
}

/// The disjunction of all items; an empty list is `FALSE`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).filter(or_([t.c("a").eq(1), t.c("b").eq(2)]));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ? OR "t"."b" = ?"#);
/// let none = select(t.c("a")).from(&t).filter(or_(Vec::<Expr>::new()));
/// assert_eq!(none.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE FALSE"#);
/// ```
pub fn or_<I, E>(items: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    let mut out: Vec<Expr> = Vec::new();
    for e in items {
        let mut e = e.into();
        match &mut e {
            Expr::Or(more) => out.append(more),
            _ => out.push(e),
        }
    }
    match out.len() {
        0 => Expr::Bool(false),
        1 => out.pop().unwrap_or(Expr::Bool(false)),
        _ => Expr::Or(out),
    }
}

/// The SQL constant TRUE (SQLAlchemy's `true()`), written as the dialect writes
/// it ([`Dialect::write_bool_literal`](crate::Dialect::write_bool_literal)), not
/// bound: for `JOIN … ON TRUE` and conditions built up from a constant.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft_sqlite::Sqlite;
/// let (a, b) = (table("a"), table("b"));
/// let q = select(a.c("x")).from(a.left_join(&b, true_()));
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "a"."x" FROM "a" LEFT OUTER JOIN "b" ON TRUE"#);
/// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "a"."x" FROM "a" LEFT OUTER JOIN "b" ON TRUE"#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn true_() -> Expr {
    Expr::Bool(true)
}

/// The SQL constant FALSE (SQLAlchemy's `false()`), written as the dialect
/// writes it, not bound.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).filter(false_());
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" WHERE FALSE"#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn false_() -> Expr {
    Expr::Bool(false)
}

/// `NOT e`; negating a comparison-like node flips it instead of wrapping it
/// (`NOT (a IN …)` becomes `a NOT IN …`), as SQLAlchemy does.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(t.c("a")).from(&t).filter(not_(t.c("a").in_([1, 2])).and(not_(t.c("b").eq(3))));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" NOT IN (?, ?) AND NOT ("t"."b" = ?)"#);
/// ```
pub fn not_(e: impl Into<Expr>) -> Expr {
    // Flipped in place: `Expr` has a `Drop` (see `crate::deep`), so its
    // payloads are taken by reference, not moved out.
    let mut e = e.into();
    match &mut e {
        Expr::IsNull { negated, .. }
        | Expr::InList { negated, .. }
        | Expr::InSubquery { negated, .. }
        | Expr::Exists { negated, .. } => {
            *negated = !*negated;
            e
        }
        Expr::Like(l) => {
            l.negated = !l.negated;
            e
        }
        Expr::Between(b) => {
            b.negated = !b.negated;
            e
        }
        Expr::Unary(UnaryOp::Not, inner) if yields_truth_value(inner) => {
            std::mem::replace(&mut **inner, Expr::Null)
        }
        _ => Expr::Unary(UnaryOp::Not, Box::new(e)),
    }
}

/// Whether `e` yields a truth value (true, false or NULL), so that `NOT NOT e`
/// is `e`. Anything else keeps both NOTs: `NOT NOT 5` is 1 on SQLite and MySQL
/// (and an error on PostgreSQL), not 5.
fn yields_truth_value(e: &Expr) -> bool {
    match e {
        // The comparisons; arithmetic and concatenation yield values.
        Expr::Binary(b) => b.op.precedence() == Precedence::Comparison,
        Expr::Unary(UnaryOp::Not, _)
        | Expr::Bool(_)
        | Expr::Like(_)
        | Expr::InList { .. }
        | Expr::InSubquery { .. }
        | Expr::Between(_)
        | Expr::IsNull { .. }
        | Expr::And(_)
        | Expr::Or(_)
        | Expr::Exists { .. } => true,
        _ => false,
    }
}

/// `EXISTS (subquery)`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let u = table("u");
/// let q = select(t.c("a")).from(&t).filter(exists(select(u.c("id")).from(&u).filter(u.c("t_id").eq(t.c("id")))));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE EXISTS (SELECT "u"."id" FROM "u" WHERE "u"."t_id" = "t"."id")"#);
/// ```
pub fn exists(query: impl Into<Query>) -> Expr {
    Expr::Exists {
        query: Box::new(query.into()),
        negated: false,
    }
}

/// `ANY (subquery)`, SQLAlchemy's `any_`: the right operand of a comparison,
/// true when the comparison holds for at least one of the subquery's rows.
/// Written on either side; on the left the comparison is turned around.
///
/// SQLite has no `ANY`; there `x = ANY (…)` is written `x IN (…)`, which the
/// SQL standard defines as the same thing, and any other comparison is an
/// [`Error::Unsupported`](crate::Error::Unsupported). Anywhere but beside a
/// comparison it is an [`Error::InvalidStatement`](crate::Error::InvalidStatement).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (t, u) = (table("t"), table("u"));
/// let q = select(t.c("a")).from(&t).filter(t.c("a").gt(any_(select(u.c("b")).from(&u))));
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" > ANY (SELECT "u"."b" FROM "u")"#);
/// let in_select_list = select(any_(select(u.c("b")).from(&u)));
/// assert!(matches!(in_select_list.compile(&GenericDialect), Err(Error::InvalidStatement(_))));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn any_(query: impl Into<Query>) -> Expr {
    Expr::Quantified {
        query: Box::new(query.into()),
        all: false,
    }
}

/// `ALL (subquery)`, SQLAlchemy's `all_`: the right operand of a comparison,
/// true when the comparison holds for every row of the subquery (and for none
/// at all). Written on either side; on the left the comparison is turned around.
///
/// SQLite has no `ALL`; there `x <> ALL (…)` is written `x NOT IN (…)`, which
/// the SQL standard defines as the same thing, and any other comparison is an
/// [`Error::Unsupported`](crate::Error::Unsupported).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (t, u) = (table("t"), table("u"));
/// // Turned around: `ALL (…) < t.a` is `t.a > ALL (…)`.
/// let q = select(t.c("a")).from(&t).filter(all_(select(u.c("b")).from(&u)).lt(t.c("a")));
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" > ALL (SELECT "u"."b" FROM "u")"#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn all_(query: impl Into<Query>) -> Expr {
    Expr::Quantified {
        query: Box::new(query.into()),
        all: true,
    }
}

/// A row value `(a, b, …)` (SQLAlchemy's `tuple_`): compared as a whole with
/// another row value, or tested against a list of them or a subquery with `in_`.
/// A tuple without items is an error when compiled.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let pair = || tuple_((t.c("a"), t.c("b")));
/// let q = select(t.c("a")).from(&t).filter(pair().in_([tuple_((1, "x")), tuple_((2, "y"))]));
/// let c = q.compile(&GenericDialect)?;
/// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE ("t"."a", "t"."b") IN ((?, ?), (?, ?))"#);
/// let q = select(t.c("a")).from(&t).filter(pair().gt(tuple_((1, "x"))));
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "t"."a" FROM "t" WHERE ("t"."a", "t"."b") > (?, ?)"#);
/// assert!(matches!(select(tuple_(Vec::<Expr>::new())).compile(&GenericDialect), Err(Error::InvalidStatement(_))));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn tuple_(items: impl IntoColumns) -> Expr {
    Expr::Tuple(items.into_columns())
}

/// The value proposed for insertion in an upsert's update clause: `excluded.name` on
/// PostgreSQL and SQLite, `VALUES(name)` on MySQL/MariaDB.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// use sqlcraft_sqlite::Sqlite;
/// let t = table("t");
/// let q = insert(&t).value("id", 1).value("n", 5)
///     .on_conflict(OnConflict::columns(["id"]).do_update([("n", excluded("n"))]));
/// assert!(q.compile(&Sqlite).unwrap().sql.ends_with(r#"DO UPDATE SET "n" = excluded."n""#));
/// assert!(q.compile(&MySql::mariadb()).unwrap().sql.ends_with("ON DUPLICATE KEY UPDATE `n` = VALUES(`n`)"));
/// ```
pub fn excluded(name: &str) -> Expr {
    Expr::Excluded(Ident::from(name))
}

/// What `in_` / `not_in` accept: lists of values or expressions, or a subquery.
///
/// A slice works as well as an array or a `Vec`:
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let ids: &[i64] = &[3, 5];
/// let c = select(t.c("a")).from(&t).filter(t.c("a").in_(ids)).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IN (?, ?)"#);
/// assert_eq!(c.values().unwrap(), vec![Value::Int(3), Value::Int(5)]);
/// ```
pub trait IntoInList {
    /// Builds the IN expression with `expr` on the left.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::expr::IntoInList;
    /// let t = table("t");
    /// assert_eq!([1, 2].into_in(t.c("a"), true), t.c("a").not_in([1, 2]));
    /// ```
    fn into_in(self, expr: Expr, negated: bool) -> Expr;
}

fn in_list(expr: Expr, list: Vec<Expr>, negated: bool) -> Expr {
    Expr::InList {
        expr: Box::new(expr),
        list,
        negated,
    }
}

impl<T: Into<Expr>> IntoInList for Vec<T> {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        in_list(expr, self.into_iter().map(Into::into).collect(), negated)
    }
}
impl<T: Into<Expr>, const N: usize> IntoInList for [T; N] {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        in_list(expr, self.into_iter().map(Into::into).collect(), negated)
    }
}
impl<T: Into<Expr> + Clone> IntoInList for &[T] {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        in_list(
            expr,
            self.iter().cloned().map(Into::into).collect(),
            negated,
        )
    }
}
/// One expression as the whole list: `x IN (e)`; for an expanding
/// [`bindparam`] (`bindparam("ids").expanding()`), its values at execution.
impl IntoInList for Expr {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        in_list(expr, vec![self], negated)
    }
}
impl IntoInList for Select {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        Query::from(self).into_in(expr, negated)
    }
}
impl IntoInList for Compound {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        Query::from(self).into_in(expr, negated)
    }
}
impl IntoInList for crate::query::TextualSelect {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        Query::from(self).into_in(expr, negated)
    }
}
impl IntoInList for Query {
    fn into_in(self, expr: Expr, negated: bool) -> Expr {
        Expr::InSubquery {
            expr: Box::new(expr),
            query: Box::new(self),
            negated,
        }
    }
}
