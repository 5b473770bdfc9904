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
pub fn case() -> Case {
    Case {
        operand: None,
        whens: Vec::new(),
        else_: None,
    }
}

/// Starts a simple `CASE operand WHEN …`.
pub fn case_value(operand: impl Into<Expr>) -> Case {
    Case {
        operand: Some(operand.into()),
        whens: Vec::new(),
        else_: None,
    }
}

impl Case {
    /// Adds `WHEN cond THEN result`.
    pub fn when(mut self, cond: impl Into<Expr>, result: impl Into<Expr>) -> Case {
        self.whens.push((cond.into(), result.into()));
        self
    }
    /// Sets `ELSE result`.
    pub fn else_(mut self, result: impl Into<Expr>) -> Case {
        self.else_ = Some(result.into());
        self
    }
    /// The finished expression.
    pub fn end(self) -> Expr {
        Expr::Case(Box::new(self))
    }
    /// Labels the finished expression.
    pub fn label(self, name: &str) -> super::Label {
        self.end().label(name)
    }
}

impl From<Case> for Expr {
    fn from(c: Case) -> Expr {
        c.end()
    }
}
