//! `CASE` expressions.

use super::Expr;

/// A `CASE` expression, searched (`CASE WHEN cond THEN …`) or simple
/// (`CASE operand WHEN value THEN …`).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let tier = case().when(t.c("x").gt(10), "big").else_("small");
/// let q = select(Expr::from(tier).label("tier")).from(&t);
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT CASE WHEN "t"."x" > ? THEN ? ELSE ? END AS "tier" FROM "t""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The operand of a simple CASE.
    pub operand: Option<Expr>,
    /// `(condition or value, result)` pairs.
    pub whens: Vec<(Expr, Expr)>,
    /// The `ELSE` result.
    pub else_: Option<Expr>,
}

/// Starts a searched `CASE`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(case().when(t.c("x").lt(0), "neg").end()).from(&t);
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT CASE WHEN "t"."x" < ? THEN ? END AS "anon_1" FROM "t""#);
/// ```
pub fn case() -> Case {
    Case {
        operand: None,
        whens: Vec::new(),
        else_: None,
    }
}

/// Starts a simple `CASE operand WHEN …`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = select(case_value(t.c("code")).when(1, "one").else_("other").end()).from(&t);
/// let c = q.compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT CASE "t"."code" WHEN ? THEN ? ELSE ? END AS "anon_1" FROM "t""#);
/// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::from("one"), Value::from("other")]);
/// ```
pub fn case_value(operand: impl Into<Expr>) -> Case {
    Case {
        operand: Some(operand.into()),
        whens: Vec::new(),
        else_: None,
    }
}

impl Case {
    /// Adds `WHEN cond THEN result`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let sign = case().when(t.c("x").lt(0), -1).when(t.c("x").gt(0), 1).else_(0);
    /// let q = select(sign.end()).from(&t);
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT CASE WHEN "t"."x" < ? THEN ? WHEN "t"."x" > ? THEN ? ELSE ? END AS "anon_1" FROM "t""#
    /// );
    /// ```
    pub fn when(mut self, cond: impl Into<Expr>, result: impl Into<Expr>) -> Case {
        self.whens.push((cond.into(), result.into()));
        self
    }
    /// Sets `ELSE result`.
    ///
    /// On SQLite, the `ELSE` result is taken when no `WHEN` matches:
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let tier = case_value(lit(7)).when(1, "one").when(2, "two").else_("many");
    /// let got: String = engine.connect()?.execute(&select(tier.end()))?.scalar_one()?;
    /// assert_eq!(got, "many");
    /// # Ok(()) }
    /// ```
    pub fn else_(mut self, result: impl Into<Expr>) -> Case {
        self.else_ = Some(result.into());
        self
    }
    /// The finished expression.
    ///
    /// A CASE without a `WHEN` is an error when compiled:
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let e: Expr = case().when(t.c("x").gt(0), t.c("y")).else_(t.c("z")).end();
    /// let q = select(t.c("a")).from(&t).filter(e.eq(1));
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"SELECT "t"."a" FROM "t" WHERE CASE WHEN "t"."x" > ? THEN "t"."y" ELSE "t"."z" END = ?"#
    /// );
    /// assert!(matches!(select(case().end()).compile(&GenericDialect), Err(Error::InvalidStatement(_))));
    /// ```
    pub fn end(self) -> Expr {
        Expr::Case(Box::new(self))
    }
    /// Labels the finished expression.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(case().when(t.c("x").gt(9), "big").label("size")).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT CASE WHEN "t"."x" > ? THEN ? END AS "size" FROM "t""#);
    /// ```
    pub fn label(self, name: &str) -> super::Label {
        self.end().label(name)
    }
}

impl From<Case> for Expr {
    fn from(c: Case) -> Expr {
        c.end()
    }
}
