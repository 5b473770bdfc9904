//! Ordering terms and select-list labels.

use super::{Expr, Ident};

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `ASC`.
    Asc,
    /// `DESC`.
    Desc,
}

/// Where NULLs sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nulls {
    /// `NULLS FIRST`.
    First,
    /// `NULLS LAST`.
    Last,
}

/// One term of an `ORDER BY`.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// let term = t.c("x").desc().nulls_last();
/// # let _ = term;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    /// The sorted expression.
    pub expr: Expr,
    /// The direction; `None` leaves the engine's default (ascending).
    pub direction: Option<Direction>,
    /// NULL placement; `None` leaves the engine's default. Emulated where absent.
    pub nulls: Option<Nulls>,
}

impl OrderBy {
    /// An ordering term with the engine's default direction.
    pub fn new(expr: impl Into<Expr>) -> OrderBy {
        OrderBy {
            expr: expr.into(),
            direction: None,
            nulls: None,
        }
    }
    /// Ascending.
    pub fn asc(mut self) -> OrderBy {
        self.direction = Some(Direction::Asc);
        self
    }
    /// Descending.
    pub fn desc(mut self) -> OrderBy {
        self.direction = Some(Direction::Desc);
        self
    }
    /// NULLs before other values.
    pub fn nulls_first(mut self) -> OrderBy {
        self.nulls = Some(Nulls::First);
        self
    }
    /// NULLs after other values.
    pub fn nulls_last(mut self) -> OrderBy {
        self.nulls = Some(Nulls::Last);
        self
    }
}

impl<T: Into<Expr>> From<T> for OrderBy {
    fn from(e: T) -> Self {
        OrderBy::new(e)
    }
}

/// A labelled expression: `expr AS name` in a select list.
///
/// Ordering by a label ([`Label::desc`]) refers to the label by name; use
/// [`Label::expr`] where the full expression is wanted (in `HAVING`, say).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let n = func::count(t.c("id")).label("n");
/// let q = select(n.clone()).from(&t).having(n.expr().gt(1)).order_by(n.desc());
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT count("t"."id") AS "n" FROM "t" HAVING count("t"."id") > ? ORDER BY "n" DESC"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    expr: Expr,
    name: Ident,
}

impl Label {
    /// Labels `expr` as `name`.
    pub fn new(expr: impl Into<Expr>, name: &str) -> Label {
        Label {
            expr: expr.into(),
            name: Ident::from(name),
        }
    }
    /// The labelled expression itself.
    pub fn expr(&self) -> Expr {
        self.expr.clone()
    }
    /// The label's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// A reference to the label by name, as ORDER BY uses it.
    pub fn reference(&self) -> Expr {
        Expr::LabelRef(self.name.clone())
    }
    /// Ascending order by the label.
    pub fn asc(&self) -> OrderBy {
        OrderBy::new(self.reference()).asc()
    }
    /// Descending order by the label.
    pub fn desc(&self) -> OrderBy {
        OrderBy::new(self.reference()).desc()
    }
}

impl From<Label> for Expr {
    fn from(l: Label) -> Expr {
        Expr::Label(Box::new(l.expr), l.name)
    }
}

impl From<&Label> for Expr {
    fn from(l: &Label) -> Expr {
        Expr::Label(Box::new(l.expr.clone()), l.name.clone())
    }
}
