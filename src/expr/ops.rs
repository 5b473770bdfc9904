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
#[non_exhaustive]
pub enum UnaryOp {
    /// `NOT`.
    Not,
    /// Arithmetic negation `-`.
    Neg,
    /// Bitwise complement `~` ([`super::Expr::bitwise_not`]).
    BitNot,
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
    /// Bitwise AND `&`.
    BitAnd,
    /// Bitwise OR `|`.
    BitOr,
    /// Bitwise exclusive OR: `#` on PostgreSQL, `^` on MySQL, emulated on SQLite
    /// ([`super::Expr::bitwise_xor`]).
    BitXor,
    /// Left shift `<<`.
    ShiftLeft,
    /// Right shift `>>`.
    ShiftRight,
    /// A regular-expression match with these flags (empty for none):
    /// [`super::Expr::regexp_match`].
    RegexpMatch(&'static str),
    /// An operator the builder does not know, written as given
    /// ([`super::Expr::op`]); the compiler refuses text that is not an operator.
    Custom(&'static str),
}

/// Binding strength, lowest first. Engines disagree on the relative precedence of
/// comparison operators, `IS`, `LIKE` and `||`, so the compiler treats every
/// comparison as one non-associative level and always parenthesises around `||`:
/// the output then means the same thing on every engine. Bitwise and custom
/// operators rank differently on every engine (MySQL binds `&` tighter than `|`,
/// PostgreSQL ranks them alike), so they are always parenthesised too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precedence {
    Or,
    And,
    Not,
    Comparison,
    Bitwise,
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
            | BinaryOp::IsNotDistinctFrom
            | BinaryOp::RegexpMatch(_) => Precedence::Comparison,
            BinaryOp::Add | BinaryOp::Sub => Precedence::Additive,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => Precedence::Multiplicative,
            BinaryOp::Concat => Precedence::Concat,
            BinaryOp::BitAnd
            | BinaryOp::BitOr
            | BinaryOp::BitXor
            | BinaryOp::ShiftLeft
            | BinaryOp::ShiftRight
            | BinaryOp::Custom(_) => Precedence::Bitwise,
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
            BinaryOp::BitAnd => " & ",
            BinaryOp::BitOr => " | ",
            // The compiler asks the dialect; this is MySQL's spelling.
            BinaryOp::BitXor => " ^ ",
            BinaryOp::ShiftLeft => " << ",
            BinaryOp::ShiftRight => " >> ",
            // Written by the compiler, after checking the text.
            BinaryOp::Custom(_) => " ",
            // Written by the compiler, as the dialect spells it.
            BinaryOp::RegexpMatch(_) => " REGEXP ",
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

/// Why `op` cannot be written as a custom operator, or `None` if it can.
///
/// The text is written into the SQL as it is, so only operator spellings pass:
/// symbols (`@>`, `<->`, `&&`, `~*`) that cannot open a comment, or words
/// separated by single spaces (`SIMILAR TO`, `OVERLAPS`). Quotes, parentheses,
/// semicolons and digits never do.
pub(crate) fn custom_operator_problem(op: &str) -> Option<&'static str> {
    const SYMBOLS: &str = "+-*/<>=~!@#%^&|`?";
    if op.is_empty() || op.len() > 32 {
        return Some("an operator is 1 to 32 characters long");
    }
    if op.chars().all(|c| SYMBOLS.contains(c)) {
        if op.contains("--") || op.contains("/*") || op.contains("*/") {
            return Some("an operator cannot contain a comment marker");
        }
        return None;
    }
    let words_ok = op
        .split(' ')
        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic() || c == '_'));
    if words_ok {
        None
    } else {
        Some("an operator is either symbols (+-*/<>=~!@#%^&|`?) or words of letters separated by single spaces")
    }
}
