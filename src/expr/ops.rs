//! Operators and their precedence, which decides where the compiler puts parentheses.

/// A prefix operator.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft::expr::UnaryOp;
/// let t = table("t");
/// assert!(matches!(-t.c("a"), Expr::Unary(UnaryOp::Neg, _)));
/// let q = select(-(t.c("a") + 1)).from(&t);
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT -("t"."a" + ?) AS "anon_1" FROM "t""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `NOT`.
    Not,
    /// Arithmetic negation `-`.
    Neg,
}

/// An infix operator.
///
/// The arithmetic operators build these; the compiler adds the parentheses the tree needs:
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// use sqlcraft::expr::BinaryOp;
/// let t = table("t");
/// let e = (t.c("a") + 1) * t.c("b") % 7;
/// assert!(matches!(&e, Expr::Binary(b) if b.op == BinaryOp::Mod));
/// let q = select(e).from(&t);
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT ("t"."a" + ?) * "t"."b" % ? AS "anon_1" FROM "t""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BinaryOp {
    /// `=`.
    Eq,
    /// `<>`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtEq,
    /// `>`.
    Gt,
    /// `>=`.
    GtEq,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `%`.
    Mod,
    /// String concatenation.
    Concat,
    /// `IS DISTINCT FROM`.
    IsDistinctFrom,
    /// `IS NOT DISTINCT FROM`.
    IsNotDistinctFrom,
}

/// Binding strength, lowest first. Engines disagree on the relative precedence of
/// comparison operators, `IS`, `LIKE` and `||`, so the compiler treats every
/// comparison as one non-associative level and always parenthesises around `||`:
/// the output then means the same thing on every engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precedence {
    Or,
    And,
    Not,
    Comparison,
    Additive,
    Multiplicative,
    Concat,
    Unary,
    Atom,
}

impl BinaryOp {
    pub(crate) fn precedence(self) -> Precedence {
        match self {
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq
            | BinaryOp::IsDistinctFrom
            | BinaryOp::IsNotDistinctFrom => Precedence::Comparison,
            BinaryOp::Add | BinaryOp::Sub => Precedence::Additive,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => Precedence::Multiplicative,
            BinaryOp::Concat => Precedence::Concat,
        }
    }

    /// The ANSI spelling of the operator, with surrounding spaces.
    pub(crate) fn ansi(self) -> &'static str {
        match self {
            BinaryOp::Eq => " = ",
            BinaryOp::NotEq => " <> ",
            BinaryOp::Lt => " < ",
            BinaryOp::LtEq => " <= ",
            BinaryOp::Gt => " > ",
            BinaryOp::GtEq => " >= ",
            BinaryOp::Add => " + ",
            BinaryOp::Sub => " - ",
            BinaryOp::Mul => " * ",
            BinaryOp::Div => " / ",
            BinaryOp::Mod => " % ",
            BinaryOp::Concat => " || ",
            BinaryOp::IsDistinctFrom => " IS DISTINCT FROM ",
            BinaryOp::IsNotDistinctFrom => " IS NOT DISTINCT FROM ",
        }
    }
}

macro_rules! arith_op {
    ($trait:ident, $method:ident, $op:expr) => {
        impl<R: Into<super::Expr>> std::ops::$trait<R> for super::Expr {
            type Output = super::Expr;
            fn $method(self, rhs: R) -> super::Expr {
                super::Expr::Binary(Box::new(super::BinaryExpr {
                    op: $op,
                    left: self,
                    right: rhs.into(),
                }))
            }
        }
    };
}
arith_op!(Add, add, BinaryOp::Add);
arith_op!(Sub, sub, BinaryOp::Sub);
arith_op!(Mul, mul, BinaryOp::Mul);
arith_op!(Div, div, BinaryOp::Div);
arith_op!(Rem, rem, BinaryOp::Mod);

impl std::ops::Neg for super::Expr {
    type Output = super::Expr;
    fn neg(self) -> super::Expr {
        super::Expr::Unary(UnaryOp::Neg, Box::new(self))
    }
}
