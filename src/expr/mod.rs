//! The expression tree: everything that can stand where SQL expects a value.
//!
//! [`Expr`] is a plain owned enum with no dialect knowledge. Builder methods on it read
//! like SQLAlchemy Core (`eq`, `like`, `in_`, `and`, `label`, …); operator traits cover
//! arithmetic (`a + b`, `-a`). Values passed to builders become bound parameters.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::dialect::GenericDialect;
//! let t = table("t");
//! let total = (t.c("price") * t.c("qty")).label("total");
//! let q = select(total).from(&t).filter(t.c("qty").gt(0).and(t.c("sku").in_(["a", "b"])));
//! let c = q.compile(&GenericDialect).unwrap();
//! assert_eq!(c.sql, r#"SELECT "t"."price" * "t"."qty" AS "total" FROM "t" WHERE "t"."qty" > ? AND "t"."sku" IN (?, ?)"#);
//! assert_eq!(c.values().unwrap(), vec![Value::Int(0), Value::from("a"), Value::from("b")]);
//! ```

mod builders;
mod case;
pub(crate) mod column_ref;
pub mod func;
mod json;
mod ops;
mod order;
mod window;

pub use builders::{
    all_, and_, any_, bindparam, column, excluded, exists, false_, lit, not_, null, or_, true_,
    tuple_, IntoInList,
};
pub use case::{case, case_value, Case};
pub use column_ref::ColumnRef;
pub use json::{JsonAs, JsonExtract, JsonPath, JsonStep};
pub use ops::{BinaryOp, UnaryOp};
pub use order::{Direction, Label, Nulls, OrderBy};
pub use window::{Frame, FrameBound, FrameUnits, WindowSpec};

pub(crate) mod ops_precedence {
    pub(crate) use super::ops::{custom_operator_problem, Precedence};
}

use crate::error::Error;
use crate::query::Query;
use crate::types::SqlType;
use crate::value::Value;
use std::sync::Arc;

/// A shared, immutable identifier (table, column, alias or parameter name).
///
/// ```
/// use sqlcraft::expr::{ColumnRef, Ident};
/// let name = Ident::from("id");
/// let c = ColumnRef::new(None, name.clone());
/// assert_eq!(c.name(), &*name);
/// ```
pub type Ident = Arc<str>;

/// What a column reference is qualified by: a table (with optional schema) or an alias.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::Qualifier;
/// let e = table("users").c("id");
/// let Expr::Column(c) = &e else { unreachable!() };
/// assert_eq!(c.qualifier(), Some(Qualifier { schema: None, name: "users".into() }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Qualifier {
    /// The schema, for a schema-qualified table.
    pub schema: Option<Ident>,
    /// The table name or alias.
    pub name: Ident,
}

/// A SQL expression.
///
/// Built through [`crate::Table::c`], [`lit`], [`func`], [`case`] and the builder
/// methods below; constructed directly only by code that needs a variant no builder
/// offers.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
///
/// let t = table("t");
/// let cond = t.c("a").eq(1).and(t.c("b").like("x%").or(t.c("c").is_null()));
/// let sql = select(t.c("a")).from(&t).filter(cond).compile(&GenericDialect).unwrap();
/// assert_eq!(sql.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ? AND ("t"."b" LIKE ? OR "t"."c" IS NULL)"#);
/// ```
#[derive(Debug, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// A column reference.
    Column(ColumnRef),
    /// A bound value, rendered as a placeholder.
    Value(Value),
    /// A named parameter whose value is supplied at execution ([`bindparam`]).
    Param(Ident),
    /// A named parameter whose list of values is supplied at execution, one
    /// placeholder per item ([`Expr::expanding`]); only the whole of an IN list.
    ExpandingParam(Ident),
    /// The `NULL` keyword.
    Null,
    /// A boolean literal, rendered with the dialect's literal.
    Bool(bool),
    /// `*` or `qualifier.*`.
    Star(Option<Qualifier>),
    /// A prefix operator.
    Unary(UnaryOp, Box<Expr>),
    /// An infix operator.
    Binary(Box<BinaryExpr>),
    /// `LIKE` / `ILIKE` and their negations.
    Like(Box<LikeExpr>),
    /// `expr [NOT] IN (list)`; an empty list has defined semantics (see [`Expr::in_`]).
    InList {
        /// The tested expression.
        expr: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// `expr [NOT] IN (subquery)`.
    InSubquery {
        /// The tested expression.
        expr: Box<Expr>,
        /// The subquery.
        query: Box<Query>,
        /// `NOT IN` when true.
        negated: bool,
    },
    /// `expr [NOT] BETWEEN low AND high`.
    Between(Box<BetweenExpr>),
    /// `expr IS [NOT] NULL`.
    IsNull {
        /// The tested expression.
        expr: Box<Expr>,
        /// `IS NOT NULL` when true.
        negated: bool,
    },
    /// A conjunction; builders flatten nested `AND`s into one list.
    And(Vec<Expr>),
    /// A disjunction; builders flatten nested `OR`s into one list.
    Or(Vec<Expr>),
    /// A function call.
    Function(Box<Function>),
    /// A window function call (`f(...) OVER (...)`).
    Window(Box<WindowCall>),
    /// `CASE … END`.
    Case(Box<Case>),
    /// `CAST(expr AS type)`.
    Cast(Box<Expr>, SqlType),
    /// `expr COLLATE name`: the expression compared and sorted under a named
    /// collation (the name is quoted as an identifier).
    Collate(Box<Expr>, Ident),
    /// A field of a date or timestamp, as an integer ([`Expr::extract`]).
    Extract(DatePart, Box<Expr>),
    /// `[NOT] EXISTS (subquery)`.
    Exists {
        /// The subquery.
        query: Box<Query>,
        /// `NOT EXISTS` when true.
        negated: bool,
    },
    /// A scalar subquery `(SELECT …)`.
    Subquery(Box<Query>),
    /// `ANY (subquery)` or `ALL (subquery)`: only the right operand of a
    /// comparison, as in `x > ALL (SELECT …)` ([`any_`], [`all_`]).
    Quantified {
        /// The subquery: one column, or as many as the row value compared.
        query: Box<Query>,
        /// `ALL` when true, `ANY` when false.
        all: bool,
    },
    /// `expr AS name` in a select list; elsewhere the inner expression.
    Label(Box<Expr>, Ident),
    /// A reference to a select-list label by name (used by ORDER BY).
    LabelRef(Ident),
    /// A parenthesised tuple `(a, b, …)`.
    Tuple(Vec<Expr>),
    /// `DISTINCT expr`, inside an aggregate's argument list.
    Distinct(Box<Expr>),
    /// The row proposed for insertion, in an upsert's update clause.
    Excluded(Ident),
    /// The group's values joined into one string ([`func::aggregate_strings`]).
    AggregateStrings(Box<AggregateStrings>),
    /// Every match of a regular expression replaced ([`Expr::regexp_replace`]).
    RegexpReplace(Box<RegexpReplace>),
    /// A value read out of a JSON document ([`Expr::json_text`]).
    JsonExtract(Box<JsonExtract>),
    /// An ordered-set aggregate: `f(…) WITHIN GROUP (ORDER BY …)`
    /// ([`Expr::within_group`]).
    WithinGroup(Box<WithinGroup>),
    /// The next value of a sequence ([`crate::Sequence::next_value`]).
    NextValue(crate::schema::Sequence),
    /// `ROLLUP`, `CUBE` or `GROUPING SETS`: a GROUP BY item, valid nowhere else
    /// ([`func::rollup`], [`func::cube`], [`func::grouping_sets`]).
    GroupingSets(Box<GroupingSets>),
    /// A fragment of SQL text with named parameters ([`crate::text`]).
    Text(Box<crate::query::TextClause>),
    /// An error found while building (an unknown column, a bad name); compiling
    /// a statement that contains it returns the error.
    Invalid(Box<Error>),
}

/// An infix operation.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::BinaryOp;
/// let t = table("t");
/// let e = t.c("a").lt(5);
/// let Expr::Binary(b) = &e else { unreachable!() };
/// assert_eq!(b.op, BinaryOp::Lt);
/// assert_eq!(b.left, t.c("a"));
/// assert_eq!(b.right, lit(5));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryExpr {
    /// The operator.
    pub op: BinaryOp,
    /// Left operand.
    pub left: Expr,
    /// Right operand.
    pub right: Expr,
}

/// A `LIKE` test.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = t.c("a").not_ilike("x%");
/// let Expr::Like(l) = &e else { unreachable!() };
/// assert!(l.negated && l.case_insensitive);
/// assert_eq!(l.pattern, lit("x%"));
/// assert_eq!(l.escape, None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LikeExpr {
    /// The tested expression.
    pub expr: Expr,
    /// The pattern.
    pub pattern: Expr,
    /// The escape character, if any.
    pub escape: Option<char>,
    /// `NOT LIKE` when true.
    pub negated: bool,
    /// `ILIKE` (case-insensitive) when true.
    pub case_insensitive: bool,
}

/// The escape character of [`Expr::startswith`] and its kin: SQLAlchemy's
/// autoescape character. Not the backslash, which MySQL string literals would
/// need doubled and which PostgreSQL and MariaDB already take as LIKE's default.
const LITERAL_MATCH_ESCAPE: char = '/';

/// A `BETWEEN` test.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = t.c("a").not_between(1, 9);
/// let Expr::Between(b) = &e else { unreachable!() };
/// assert!(b.negated);
/// assert_eq!(b.low, lit(1));
/// assert_eq!(b.high, lit(9));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BetweenExpr {
    /// The tested expression.
    pub expr: Expr,
    /// Lower bound (inclusive).
    pub low: Expr,
    /// Upper bound (inclusive).
    pub high: Expr,
    /// `NOT BETWEEN` when true.
    pub negated: bool,
}

/// A field of a date or timestamp, for [`Expr::extract`].
///
/// ```
/// use sqlcraft::prelude::*;
/// assert_eq!(DatePart::Year.name(), "YEAR");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// The year.
    Year,
    /// The month, 1 to 12.
    Month,
    /// The day of the month, 1 to 31.
    Day,
    /// The hour, 0 to 23.
    Hour,
    /// The minute, 0 to 59.
    Minute,
    /// The whole seconds, 0 to 59 (a fraction is dropped).
    Second,
}

impl DatePart {
    /// The field's SQL name, as `EXTRACT` takes it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(DatePart::Second.name(), "SECOND");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            DatePart::Year => "YEAR",
            DatePart::Month => "MONTH",
            DatePart::Day => "DAY",
            DatePart::Hour => "HOUR",
            DatePart::Minute => "MINUTE",
            DatePart::Second => "SECOND",
        }
    }
}

/// A function call.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = func::coalesce([t.c("a"), lit(0)]);
/// let Expr::Function(f) = &e else { unreachable!() };
/// assert_eq!(&*f.name, "coalesce");
/// assert_eq!(f.args, vec![t.c("a"), lit(0)]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// The function's name, as rendered (dialects may rename well-known ones).
    pub name: Ident,
    /// The arguments.
    pub args: Vec<Expr>,
    /// An aggregate's `FILTER (WHERE …)`: the rows it takes ([`Expr::filter`]).
    pub filter: Option<Box<Expr>>,
}

/// The values of a group joined into one string, in an order or none
/// ([`func::aggregate_strings`], SQLAlchemy's `func.aggregate_strings`).
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = func::aggregate_strings(t.c("name"), ", ");
/// let Expr::AggregateStrings(a) = &e else { unreachable!() };
/// assert_eq!(&*a.separator, ", ");
/// assert!(a.order_by.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateStrings {
    /// The values joined; NULLs are left out.
    pub expr: Expr,
    /// What goes between two values. Part of the statement's shape, written as
    /// a string literal (MySQL's `SEPARATOR` takes nothing else).
    pub separator: Ident,
    /// The order the values are joined in; none leaves it to the engine.
    pub order_by: Vec<OrderBy>,
}

/// Several groupings in one GROUP BY: the rows of each grouping set, with NULL
/// in the columns a set leaves out (SQLAlchemy's `func.rollup`, `func.cube` and
/// `func.grouping_sets`). It is an item of [`Select::group_by`], and a typed
/// error anywhere else.
///
/// [`Select::group_by`]: crate::Select::group_by
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::GroupingSets;
/// let t = table("t");
/// let e = func::rollup((t.c("a"), t.c("b")));
/// let Expr::GroupingSets(g) = &e else { unreachable!() };
/// assert_eq!(**g, GroupingSets::Rollup(vec![t.c("a"), t.c("b")]));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum GroupingSets {
    /// `ROLLUP(a, b)`: the sets (a, b), (a) and (), each prefix of the list.
    Rollup(Vec<Expr>),
    /// `CUBE(a, b)`: the sets (a, b), (a), (b) and (), every subset of the list.
    Cube(Vec<Expr>),
    /// `GROUPING SETS((a, b), (b), ())`: the sets as listed; an empty one is
    /// the grand total.
    Sets(Vec<Vec<Expr>>),
}

/// Every match of `pattern` in `expr` replaced by `replacement`
/// ([`Expr::regexp_replace`], SQLAlchemy's `regexp_replace`).
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = t.c("a").regexp_replace("[0-9]+", "#");
/// let Expr::RegexpReplace(r) = &e else { unreachable!() };
/// assert_eq!(r.flags, "");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RegexpReplace {
    /// The text searched.
    pub expr: Expr,
    /// The regular expression.
    pub pattern: Expr,
    /// What replaces each match.
    pub replacement: Expr,
    /// Flags, letters such as `i`; empty for none.
    pub flags: &'static str,
}

/// An ordered-set aggregate call: `f(args) WITHIN GROUP (ORDER BY …)`
/// ([`Expr::within_group`], SQLAlchemy's `within_group`).
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let e = func::percentile_cont(0.5).within_group(t.c("v"));
/// let Expr::WithinGroup(w) = &e else { unreachable!() };
/// assert_eq!(w.func, func::percentile_cont(0.5));
/// assert_eq!(w.order_by.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WithinGroup {
    /// The aggregate (a function call).
    pub func: Expr,
    /// The order its argument is taken in.
    pub order_by: Vec<OrderBy>,
}

/// A window function call.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let w = WindowSpec::new().order_by(t.c("a"));
/// let e = func::rank().over(w.clone());
/// let Expr::Window(call) = &e else { unreachable!() };
/// assert_eq!(call.func, func::rank());
/// assert_eq!(call.window, w);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WindowCall {
    /// The function (or any expression that is a function call).
    pub func: Expr,
    /// The window.
    pub window: WindowSpec,
}

/// `a AND b` or `a OR b`, flattening chains: `items` gives a node's list when
/// it is a node of the junction. `Err((a, b))` when neither is one: the caller
/// makes the two-item node. Lists are spliced in place, since `Expr` has a
/// `Drop` (see `crate::deep`) and its payloads cannot be moved out.
fn junction(
    mut a: Expr,
    mut b: Expr,
    items: fn(&mut Expr) -> Option<&mut Vec<Expr>>,
) -> std::result::Result<Expr, (Expr, Expr)> {
    if let Some(list) = items(&mut a) {
        match items(&mut b) {
            Some(more) => list.append(more),
            None => list.push(b),
        }
        return Ok(a);
    }
    if let Some(more) = items(&mut b) {
        more.insert(0, a);
        return Ok(b);
    }
    Err((a, b))
}

impl Expr {
    /// Wraps a builder error so it surfaces when the statement is compiled.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let bad = Expr::invalid(Error::invalid("not a valid filter"));
    /// let err = select(t.c("a")).from(&t).filter(bad).compile(&GenericDialect).unwrap_err();
    /// assert_eq!(err, Error::invalid("not a valid filter"));
    /// ```
    pub fn invalid(err: Error) -> Expr {
        Expr::Invalid(Box::new(err))
    }

    fn binary(self, op: BinaryOp, right: impl Into<Expr>) -> Expr {
        Expr::Binary(Box::new(BinaryExpr {
            op,
            left: self,
            right: right.into(),
        }))
    }

    /// `self = other`; comparing with a NULL value renders `IS NULL`, as SQLAlchemy does.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1).and(t.c("b").eq(None::<i64>))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ? AND "t"."b" IS NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1)]);
    /// ```
    pub fn eq(self, other: impl Into<Expr>) -> Expr {
        let other = other.into();
        if other.is_null_literal() {
            return self.is_null();
        }
        self.binary(BinaryOp::Eq, other)
    }
    /// `self <> other`; comparing with a NULL value renders `IS NOT NULL`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").ne(1).and(t.c("b").ne(None::<i64>))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" <> ? AND "t"."b" IS NOT NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1)]);
    /// ```
    pub fn ne(self, other: impl Into<Expr>) -> Expr {
        let other = other.into();
        if other.is_null_literal() {
            return self.is_not_null();
        }
        self.binary(BinaryOp::NotEq, other)
    }
    /// `self < other`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").lt(10)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" < ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(10)]);
    /// ```
    pub fn lt(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Lt, other)
    }
    /// `self <= other`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").le(10)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" <= ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(10)]);
    /// ```
    pub fn le(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::LtEq, other)
    }
    /// `self > other`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").gt(t.c("b"))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" > "t"."b""#);
    /// assert_eq!(c.values().unwrap(), vec![]);
    /// ```
    pub fn gt(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Gt, other)
    }
    /// `self >= other`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").ge(10)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" >= ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(10)]);
    /// ```
    pub fn ge(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::GtEq, other)
    }
    /// String concatenation: `||`, or `concat()` where the dialect has no operator.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("first").concat(" ").concat(t.c("last"))).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."first" || ? || "t"."last" AS "anon_1" FROM "t""#);
    /// assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, "SELECT concat(`t`.`first`, ?, `t`.`last`) AS `anon_1` FROM `t`");
    /// ```
    pub fn concat(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Concat, other)
    }
    /// `self IS DISTINCT FROM other` (NULL-safe inequality), emulated where absent.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").is_distinct_from(t.c("b")));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IS DISTINCT FROM "t"."b""#);
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IS NOT "t"."b""#);
    /// ```
    pub fn is_distinct_from(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::IsDistinctFrom, other)
    }
    /// `self IS NOT DISTINCT FROM other` (NULL-safe equality), emulated where absent.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").is_not_distinct_from(t.c("b")));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IS NOT DISTINCT FROM "t"."b""#);
    /// assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, "SELECT `t`.`a` FROM `t` WHERE `t`.`a` <=> `t`.`b`");
    /// ```
    pub fn is_not_distinct_from(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::IsNotDistinctFrom, other)
    }
    /// Bitwise AND, `self & other` (SQLAlchemy's `bitwise_and`). Bitwise
    /// operators are always parenthesised against other operators, because
    /// engines rank them differently.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("id")).from(&t).filter(t.c("flags").bitwise_and(4).ne(0));
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."id" FROM "t" WHERE ("t"."flags" & $1) <> $2"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bitwise_and(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::BitAnd, other)
    }
    /// Bitwise OR, `self | other`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("flags").bitwise_or(1).bitwise_and(3).label("f")).from(&t);
    /// assert_eq!(q.compile(&MySql::default())?.sql, "SELECT (`t`.`flags` | ?) & ? AS `f` FROM `t`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bitwise_or(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::BitOr, other)
    }
    /// Bitwise exclusive OR: `#` on PostgreSQL, `^` on MySQL and MariaDB. SQLite
    /// has no such operator, so it gets `((a | b) - (a & b))`, which writes each
    /// operand twice: it is emulated only where both operands are columns,
    /// values, parameters or arithmetic on them, whose second evaluation gives
    /// the same value; otherwise SQLite compiles to [`crate::Error::Unsupported`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a").bitwise_xor(t.c("b")).label("x")).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."a" # "t"."b" AS "x" FROM "t""#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT (("t"."a" | "t"."b") - ("t"."a" & "t"."b")) AS "x" FROM "t""#);
    /// let q = select(func::call("random", Vec::<Expr>::new()).bitwise_xor(1).label("x"));
    /// assert!(matches!(q.compile(&Sqlite), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bitwise_xor(self, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::BitXor, other)
    }
    /// Left shift, `self << bits`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a").bitwise_lshift(2).label("x")).from(&t);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."a" << ? AS "x" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bitwise_lshift(self, bits: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::ShiftLeft, bits)
    }
    /// Right shift, `self >> bits`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a").bitwise_rshift(2).label("x")).from(&t);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."a" >> ? AS "x" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bitwise_rshift(self, bits: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::ShiftRight, bits)
    }
    /// Bitwise complement, `~self`. MySQL and MariaDB compute bit operations on
    /// unsigned 64-bit integers, so `~5` is 18446744073709551610 there and -6
    /// elsewhere; masking (`x.bitwise_not().bitwise_and(255)`) agrees everywhere.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("a").bitwise_not().bitwise_and(255).label("x")).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT (~"t"."a") & $1 AS "x" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bitwise_not(self) -> Expr {
        Expr::Unary(UnaryOp::BitNot, Box::new(self))
    }
    /// Whether `self` matches the regular expression `pattern` anywhere (SQLAlchemy's
    /// `regexp_match`): `~` on PostgreSQL, `REGEXP` on MySQL, MariaDB and
    /// SQLite; other dialects refuse it with [`crate::Error::Unsupported`].
    ///
    /// Each engine uses its own regular-expression syntax (PostgreSQL's AREs,
    /// MySQL's ICU, MariaDB's PCRE), and MySQL and MariaDB match without regard
    /// to case where the column's collation ignores case. SQLite's REGEXP calls
    /// a `regexp()` function the application provides: the `sqlcraft-sqlite`
    /// driver registers one on every connection (Rust `regex` syntax); SQL
    /// rendered for another SQLite connection needs one there.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("id")).from(&t).filter(t.c("name").regexp_match("^a[0-9]+$"));
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."id" FROM "t" WHERE "t"."name" ~ $1"#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."id" FROM "t" WHERE "t"."name" REGEXP ?"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn regexp_match(self, pattern: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::RegexpMatch(""), pattern)
    }
    /// [`Expr::regexp_match`] with flags, letters such as `i` (ignore case):
    /// PostgreSQL's `~*` for `i` alone, MySQL 8's `REGEXP_LIKE(a, p, 'flags')`,
    /// and elsewhere an embedded `(?flags)` in front of the pattern. Which
    /// letters mean what is the engine's; anything but letters is
    /// [`crate::Error::InvalidStatement`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("id")).from(&t).filter(t.c("name").regexp_match_flags("^ann", "i"));
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."id" FROM "t" WHERE "t"."name" ~* $1"#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT "t"."id" FROM "t" WHERE "t"."name" REGEXP ('(?i)' || ?)"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn regexp_match_flags(self, pattern: impl Into<Expr>, flags: &'static str) -> Expr {
        self.binary(BinaryOp::RegexpMatch(flags), pattern)
    }
    /// `self` with every match of the regular expression `pattern` replaced by
    /// `replacement` (SQLAlchemy's `regexp_replace`): `regexp_replace(x, p, r,
    /// 'g')` on PostgreSQL (the `g` makes it replace every match, as elsewhere),
    /// `REGEXP_REPLACE(x, p, r)` on MySQL and MariaDB, and on SQLite the
    /// `regexp_replace()` function the `sqlcraft-sqlite` driver registers.
    ///
    /// In the replacement, `\1` … `\9` stand for the groups on PostgreSQL,
    /// MariaDB and SQLite (`\&` for the whole match on the first and last);
    /// MySQL 8 writes `$1`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("phone").regexp_replace("[^0-9]", "").label("digits")).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT regexp_replace("t"."phone", $1, $2, 'g') AS "digits" FROM "t""#);
    /// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT regexp_replace(`t`.`phone`, ?, ?) AS `digits` FROM `t`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn regexp_replace(self, pattern: impl Into<Expr>, replacement: impl Into<Expr>) -> Expr {
        self.regexp_replace_flags(pattern, replacement, "")
    }
    /// [`Expr::regexp_replace`] with flags (letters, such as `i`), written as
    /// [`Expr::regexp_match_flags`] writes them: PostgreSQL's flags argument,
    /// MySQL 8's match type, an embedded `(?flags)` elsewhere.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a").regexp_replace_flags("x", "-", "i").label("b")).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT regexp_replace("t"."a", $1, $2, 'gi') AS "b" FROM "t""#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT regexp_replace("t"."a", ('(?i)' || ?), ?) AS "b" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn regexp_replace_flags(
        self,
        pattern: impl Into<Expr>,
        replacement: impl Into<Expr>,
        flags: &'static str,
    ) -> Expr {
        Expr::RegexpReplace(Box::new(RegexpReplace {
            expr: self,
            pattern: pattern.into(),
            replacement: replacement.into(),
            flags,
        }))
    }
    /// `self OP other` for an operator the builder has no method for
    /// (SQLAlchemy's `op()`): PostgreSQL's `@>`, `&&` or `<->`, MySQL's `RLIKE`.
    /// The operator is written as given, so the compiler accepts only operator
    /// spellings (symbols, or words of letters) and refuses anything else
    /// with [`crate::Error::InvalidStatement`]; both operands are
    /// parenthesised unless they are single terms.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("id")).from(&t).filter(t.c("tags").op("@>", t.c("wanted")));
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT "t"."id" FROM "t" WHERE "t"."tags" @> "t"."wanted""#);
    /// let bad = select(t.c("id")).from(&t).filter(t.c("a").op("= 1; --", 2));
    /// assert!(matches!(bad.compile(&Postgres), Err(Error::InvalidStatement(_))));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn op(self, op: &'static str, other: impl Into<Expr>) -> Expr {
        self.binary(BinaryOp::Custom(op), other)
    }

    fn like_expr(self, pattern: impl Into<Expr>, negated: bool, ci: bool) -> Expr {
        Expr::Like(Box::new(LikeExpr {
            expr: self,
            pattern: pattern.into(),
            escape: None,
            negated,
            case_insensitive: ci,
        }))
    }
    /// `self LIKE pattern`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").like("ab%")).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" LIKE ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::from("ab%")]);
    /// ```
    pub fn like(self, pattern: impl Into<Expr>) -> Expr {
        self.like_expr(pattern, false, false)
    }
    /// `self NOT LIKE pattern`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").not_like("ab%")).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" NOT LIKE ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::from("ab%")]);
    /// ```
    pub fn not_like(self, pattern: impl Into<Expr>) -> Expr {
        self.like_expr(pattern, true, false)
    }
    /// Case-insensitive `LIKE`: native `ILIKE`, or `lower(a) LIKE lower(b)`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").ilike("ab%"));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" ILIKE $1"#);
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE lower("t"."a") LIKE lower(?)"#);
    /// ```
    pub fn ilike(self, pattern: impl Into<Expr>) -> Expr {
        self.like_expr(pattern, false, true)
    }
    /// Case-insensitive `NOT LIKE`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").not_ilike("ab%"));
    /// assert_eq!(q.compile(&Postgres).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" NOT ILIKE $1"#);
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE lower("t"."a") NOT LIKE lower(?)"#);
    /// ```
    pub fn not_ilike(self, pattern: impl Into<Expr>) -> Expr {
        self.like_expr(pattern, true, true)
    }
    /// `self LIKE 'prefix%'`, with `prefix` matched literally: a `%`, `_` or `/`
    /// in it is escaped, and the test carries `ESCAPE '/'`. The pattern is built
    /// here and bound as one value, so it means the same on every engine (no
    /// string concatenation in SQL, which MySQL spells differently).
    ///
    /// This is SQLAlchemy's `startswith(prefix, autoescape=True)`. SQLAlchemy's
    /// default reads `prefix` as a pattern; for that, use [`Expr::like`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a"))
    ///     .from(&t)
    ///     .filter(t.c("a").startswith("50%"))
    ///     .compile(&GenericDialect)
    ///     .unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" LIKE ? ESCAPE '/'"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::from("50/%%")]);
    /// ```
    pub fn startswith(self, prefix: &str) -> Expr {
        self.literal_match("", prefix, "%", false)
    }
    /// `self LIKE '%suffix'`, with `suffix` matched literally; see
    /// [`Expr::startswith`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").endswith("_x"));
    /// assert_eq!(c.compile(&GenericDialect).unwrap().values().unwrap(), vec![Value::from("%/_x")]);
    /// ```
    pub fn endswith(self, suffix: &str) -> Expr {
        self.literal_match("%", suffix, "", false)
    }
    /// `self LIKE '%part%'`, with `part` matched literally; see
    /// [`Expr::startswith`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").contains("a/b"));
    /// assert_eq!(c.compile(&GenericDialect).unwrap().values().unwrap(), vec![Value::from("%a//b%")]);
    /// ```
    pub fn contains(self, part: &str) -> Expr {
        self.literal_match("%", part, "%", false)
    }
    /// Case-insensitive [`Expr::startswith`]: native `ILIKE` on PostgreSQL,
    /// `lower(a) LIKE lower(b)` elsewhere, as [`Expr::ilike`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").istartswith("Ab"));
    /// assert_eq!(
    ///     c.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "t"."a" FROM "t" WHERE lower("t"."a") LIKE lower(?) ESCAPE '/'"#
    /// );
    /// ```
    pub fn istartswith(self, prefix: &str) -> Expr {
        self.literal_match("", prefix, "%", true)
    }
    /// Case-insensitive [`Expr::endswith`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").iendswith("_X")).compile(&Postgres).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" ILIKE $1 ESCAPE '/'"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::from("%/_X")]);
    /// ```
    pub fn iendswith(self, suffix: &str) -> Expr {
        self.literal_match("%", suffix, "", true)
    }
    /// Case-insensitive [`Expr::contains`].
    ///
    /// On SQLite, matched against a string value:
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// let hit: bool = conn.execute(&select(lit("Up 50% TODAY").icontains("50% today")))?.scalar_one()?;
    /// let miss: bool = conn.execute(&select(lit("Up 500 today").icontains("50% today")))?.scalar_one()?;
    /// assert!(hit && !miss);
    /// # Ok(()) }
    /// ```
    pub fn icontains(self, part: &str) -> Expr {
        self.literal_match("%", part, "%", true)
    }
    fn literal_match(self, before: &str, text: &str, after: &str, ci: bool) -> Expr {
        let mut pattern = String::with_capacity(before.len() + text.len() + after.len() + 4);
        pattern.push_str(before);
        for ch in text.chars() {
            if matches!(ch, '%' | '_' | LITERAL_MATCH_ESCAPE) {
                pattern.push(LITERAL_MATCH_ESCAPE);
            }
            pattern.push(ch);
        }
        pattern.push_str(after);
        self.like_expr(Value::Text(pattern), false, ci)
            .escape(LITERAL_MATCH_ESCAPE)
    }

    /// Sets the `ESCAPE` character of a `LIKE` built just before; on any other
    /// expression it records an error that compiling reports.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").like("100!%").escape('!'));
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" LIKE ? ESCAPE '!'"#);
    /// let bad = select(t.c("a")).from(&t).filter(t.c("a").eq(1).escape('!'));
    /// assert!(matches!(bad.compile(&GenericDialect), Err(Error::InvalidStatement(_))));
    /// ```
    pub fn escape(mut self, ch: char) -> Expr {
        if let Expr::Like(like) = &mut self {
            like.escape = Some(ch);
            return self;
        }
        Expr::invalid(Error::invalid("escape() applies only to a LIKE expression"))
    }

    /// Makes a [`bindparam`] expanding, SQLAlchemy's `bindparam(…,
    /// expanding=True)`: the whole of an IN list, whose values arrive at
    /// execution as one [`Value::list`], one placeholder per item. Statements
    /// that differ only in the list's length share one cache entry; an empty list
    /// is always false (and `not_in` of one always true), as an empty IN list in
    /// the tree.
    ///
    /// Compile it with [`Compile::compile_with`](crate::Compile::compile_with)
    /// or execute it with
    /// [`Connection::execute_with`](crate::engine::Connection::execute_with);
    /// anything but a `bindparam` made expanding, or one used anywhere but as an
    /// IN list, is an [`Error::InvalidStatement`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("id").not_in(bindparam("ids").expanding()));
    /// let c = q.compile_with(&GenericDialect, &[("ids", Value::list([1, 2]))])?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."id" NOT IN (?, ?)"#);
    /// let none = q.compile_with(&GenericDialect, &[("ids", Value::list(Vec::<i64>::new()))])?;
    /// assert_eq!(none.sql, r#"SELECT "t"."a" FROM "t" WHERE 1 = 1"#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::MissingBindParam { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn expanding(mut self) -> Expr {
        if let Expr::Param(name) = &mut self {
            return Expr::ExpandingParam(std::mem::take(name));
        }
        Expr::invalid(Error::invalid(
            "expanding() applies only to a bindparam: bindparam(\"name\").expanding()",
        ))
    }

    /// `self IN (…)` over a list of values or a subquery.
    ///
    /// An empty list is always false (and `not_in` of one always true), whatever
    /// `self` is, NULL included: it renders as a constant comparison, not `IN ()`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (t, u) = (table("t"), table("u"));
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").in_([1, 2]).and(t.c("b").in_(select(u.c("b")).from(&u))));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IN (?, ?) AND "t"."b" IN (SELECT "u"."b" FROM "u")"#);
    /// let none = select(t.c("a")).from(&t).filter(t.c("a").in_(Vec::<i64>::new()));
    /// assert_eq!(none.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE 1 <> 1"#);
    /// ```
    pub fn in_(self, list: impl IntoInList) -> Expr {
        list.into_in(self, false)
    }
    /// `self NOT IN (…)`; see [`Expr::in_`] for the empty list.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("a").not_in(vec!["x", "y"]));
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" NOT IN (?, ?)"#);
    /// let all = select(t.c("a")).from(&t).filter(t.c("a").not_in(Vec::<&str>::new()));
    /// assert_eq!(all.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" WHERE 1 = 1"#);
    /// ```
    pub fn not_in(self, list: impl IntoInList) -> Expr {
        list.into_in(self, true)
    }
    /// `self BETWEEN low AND high`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").between(1, 5)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" BETWEEN ? AND ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::Int(5)]);
    /// ```
    pub fn between(self, low: impl Into<Expr>, high: impl Into<Expr>) -> Expr {
        Expr::Between(Box::new(BetweenExpr {
            expr: self,
            low: low.into(),
            high: high.into(),
            negated: false,
        }))
    }
    /// `self NOT BETWEEN low AND high`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").not_between(1, 5)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" NOT BETWEEN ? AND ?"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::Int(5)]);
    /// ```
    pub fn not_between(self, low: impl Into<Expr>, high: impl Into<Expr>) -> Expr {
        Expr::Between(Box::new(BetweenExpr {
            expr: self,
            low: low.into(),
            high: high.into(),
            negated: true,
        }))
    }
    /// `self IS NULL`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").is_null()).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IS NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![]);
    /// ```
    pub fn is_null(self) -> Expr {
        Expr::IsNull {
            expr: Box::new(self),
            negated: false,
        }
    }
    /// `self IS NOT NULL`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").is_not_null()).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IS NOT NULL"#);
    /// assert_eq!(c.values().unwrap(), vec![]);
    /// ```
    pub fn is_not_null(self) -> Expr {
        Expr::IsNull {
            expr: Box::new(self),
            negated: true,
        }
    }
    /// `self AND other`, flattening chains so that deep conjunctions stay shallow.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1).and(t.c("b").eq(2).and(t.c("c").eq(3)))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ? AND "t"."b" = ? AND "t"."c" = ?"#);
    /// ```
    pub fn and(self, other: impl Into<Expr>) -> Expr {
        junction(self, other.into(), |e| match e {
            Expr::And(items) => Some(items),
            _ => None,
        })
        .unwrap_or_else(|(a, b)| Expr::And(vec![a, b]))
    }
    /// `self OR other`, flattening chains.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1).or(t.c("b").eq(2)).and(t.c("c").eq(3))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE ("t"."a" = ? OR "t"."b" = ?) AND "t"."c" = ?"#);
    /// ```
    pub fn or(self, other: impl Into<Expr>) -> Expr {
        junction(self, other.into(), |e| match e {
            Expr::Or(items) => Some(items),
            _ => None,
        })
        .unwrap_or_else(|(a, b)| Expr::Or(vec![a, b]))
    }
    /// `NOT self`.
    ///
    /// ```
    /// # use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1).not().and(t.c("b").is_null().not())).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE NOT ("t"."a" = ?) AND "t"."b" IS NOT NULL"#);
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Expr {
        not_(self)
    }
    /// `CAST(self AS ty)`, with the dialect's name for `ty`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a").cast(SqlType::Integer)).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT CAST("t"."a" AS INTEGER) AS "a" FROM "t""#);
    /// assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, "SELECT CAST(`t`.`a` AS SIGNED) AS `a` FROM `t`");
    /// ```
    pub fn cast(self, ty: SqlType) -> Expr {
        Expr::Cast(Box::new(self), ty)
    }
    /// `self FILTER (WHERE condition)` on an aggregate call (SQLAlchemy's
    /// `func.count().filter(…)`): the aggregate takes only the rows where the
    /// condition holds; a second call ANDs its condition to the first. MySQL and
    /// MariaDB have no FILTER: there `count`, `sum`, `avg`, `min` and `max` of one
    /// argument take `CASE WHEN condition THEN argument END` instead (the same
    /// result, as they skip NULLs), and any other aggregate is an
    /// [`Error::Unsupported`]. On anything but a function call it is an
    /// [`Error::InvalidStatement`] when compiled.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(func::count_star().filter(t.c("ok")).label("n")).from(&t);
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT count(*) FILTER (WHERE "t"."ok") AS "n" FROM "t""#);
    /// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT count(CASE WHEN `t`.`ok` THEN 1 END) AS `n` FROM `t`");
    /// let q = select(func::call("json_agg", [t.c("a")]).filter(t.c("ok")).label("j")).from(&t);
    /// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn filter(mut self, condition: impl Into<Expr>) -> Expr {
        let condition = condition.into();
        match &mut self {
            Expr::Function(f) => {
                f.filter = Some(Box::new(match f.filter.take() {
                    Some(earlier) => and_([*earlier, condition]),
                    None => condition,
                }));
                self
            }
            Expr::Invalid(_) => self,
            _ => Expr::invalid(Error::InvalidStatement(
                "FILTER (WHERE …) applies to an aggregate function call".into(),
            )),
        }
    }
    /// The `part` of a date or timestamp as an integer (SQLAlchemy's
    /// `extract('year', x)`): `EXTRACT(YEAR FROM x)` on MySQL and the generic
    /// dialect, cast to an integer on PostgreSQL (whose EXTRACT gives a numeric
    /// with the seconds' fraction), and `CAST(strftime('%Y', x) AS INTEGER)` on
    /// SQLite, which has no EXTRACT. Seconds are whole seconds everywhere.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("at").extract(DatePart::Year).label("y")).from(&t);
    /// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT EXTRACT(YEAR FROM "t"."at") AS "y" FROM "t""#);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT CAST(FLOOR(EXTRACT(YEAR FROM "t"."at")) AS INTEGER) AS "y" FROM "t""#);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT CAST(strftime('%Y', "t"."at") AS INTEGER) AS "y" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn extract(self, part: DatePart) -> Expr {
        Expr::Extract(part, Box::new(self))
    }
    /// `self COLLATE collation`: compares and sorts under a collation the engine
    /// knows (SQLite `NOCASE`, PostgreSQL `C`, MySQL `utf8mb4_bin`). The name is
    /// quoted as an identifier, as SQLAlchemy quotes one that needs it; the
    /// expression is grouped when an operator would otherwise take the collation.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a"))
    ///     .from(&t)
    ///     .filter(t.c("a").collate("NOCASE").eq("x"))
    ///     .order_by(t.c("a").concat(t.c("b")).collate("C"));
    /// assert_eq!(
    ///     q.compile(&GenericDialect)?.sql,
    ///     r#"SELECT "t"."a" FROM "t" WHERE "t"."a" COLLATE "NOCASE" = ? ORDER BY ("t"."a" || "t"."b") COLLATE "C""#
    /// );
    /// let q = select(t.c("a")).from(&t).order_by(t.c("a").collate("utf8mb4_bin"));
    /// assert_eq!(q.compile(&MySql::mariadb())?.sql, "SELECT `t`.`a` FROM `t` ORDER BY `t`.`a` COLLATE `utf8mb4_bin`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn collate(self, collation: &str) -> Expr {
        Expr::Collate(Box::new(self), collation.into())
    }
    /// `self AS name` in a select list.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a").label("x")).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" AS "x" FROM "t""#);
    /// ```
    pub fn label(self, name: &str) -> Label {
        Label::new(self, name)
    }
    /// Ascending order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(t.c("a").asc());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."a" ASC"#);
    /// ```
    pub fn asc(self) -> OrderBy {
        OrderBy::new(self).asc()
    }
    /// Descending order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(t.c("a").desc());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."a" DESC"#);
    /// ```
    pub fn desc(self) -> OrderBy {
        OrderBy::new(self).desc()
    }
    /// `DISTINCT self`, for an aggregate's argument (`count(DISTINCT x)`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(func::count(t.c("a").distinct())).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT count(DISTINCT "t"."a") AS "count_1" FROM "t""#);
    /// ```
    pub fn distinct(self) -> Expr {
        Expr::Distinct(Box::new(self))
    }
    /// `self WITHIN GROUP (ORDER BY …)`: the ordered-set aggregates
    /// ([`func::percentile_cont`], [`func::percentile_disc`], [`func::mode`]),
    /// as SQLAlchemy's `within_group`. PostgreSQL takes them as aggregates (not
    /// under OVER); MariaDB only as window functions (`.over(..)`, with the
    /// fraction cast to DOUBLE, as it wants); MySQL and SQLite have none, which
    /// is `Error::Unsupported`. On anything but a function call it is
    /// `Error::InvalidStatement` when compiled.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let median = func::percentile_cont(0.5).within_group(t.c("v"));
    /// let q = select(median.clone().label("median")).from(&t);
    /// assert_eq!(
    ///     q.compile(&Postgres)?.sql,
    ///     r#"SELECT percentile_cont($1) WITHIN GROUP (ORDER BY "t"."v") AS "median" FROM "t""#
    /// );
    /// let per_group = select(median.over(WindowSpec::new().partition_by(t.c("g")))).from(&t);
    /// assert_eq!(
    ///     per_group.compile(&MySql::mariadb())?.sql,
    ///     "SELECT percentile_cont(CAST(? AS DOUBLE)) WITHIN GROUP (ORDER BY `t`.`v`) OVER (PARTITION BY `t`.`g`) AS `anon_1` FROM `t`"
    /// );
    /// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn within_group(self, order_by: impl crate::query::IntoOrderBys) -> Expr {
        Expr::WithinGroup(Box::new(WithinGroup {
            func: self,
            order_by: order_by.into_order_bys(),
        }))
    }

    /// `self OVER (window)`, for a function call.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(func::row_number().over(WindowSpec::new().order_by(t.c("a")))).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT row_number() OVER (ORDER BY "t"."a") AS "anon_1" FROM "t""#);
    /// ```
    pub fn over(self, window: WindowSpec) -> Expr {
        Expr::Window(Box::new(WindowCall { func: self, window }))
    }

    pub(crate) fn is_null_literal(&self) -> bool {
        matches!(self, Expr::Null | Expr::Value(Value::Null))
    }

    /// The name this expression exports as a select-list column, if it has one.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// assert_eq!(t.c("a").exported_name(), Some("a"));
    /// assert_eq!(Expr::from(t.c("a").label("x")).exported_name(), Some("x"));
    /// assert_eq!((t.c("a") + 1).exported_name(), None);
    /// ```
    pub fn exported_name(&self) -> Option<&str> {
        match self {
            Expr::Label(_, name) => Some(name),
            Expr::Column(c) => Some(c.name()),
            _ => None,
        }
    }
}

impl<T: Into<Value>> From<T> for Expr {
    fn from(v: T) -> Self {
        Expr::Value(v.into())
    }
}
