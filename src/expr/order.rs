//! Ordering terms and select-list labels.

use super::{Expr, Ident};

/// Sort direction.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::Direction;
/// let t = table("t");
/// assert_eq!(t.c("a").desc().direction, Some(Direction::Desc));
/// assert_eq!(OrderBy::new(t.c("a")).direction, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `ASC`.
    Asc,
    /// `DESC`.
    Desc,
}

/// Where NULLs sort.
///
/// ```
/// use sqlcraft::prelude::*;
/// let t = table("t");
/// assert_eq!(t.c("a").asc().nulls_first().nulls, Some(Nulls::First));
/// assert_eq!(t.c("a").asc().nulls, None);
/// ```
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
/// assert_eq!(term.nulls, Some(Nulls::Last));
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
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(OrderBy::new(t.c("b")));
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."b""#);
    /// ```
    pub fn new(expr: impl Into<Expr>) -> OrderBy {
        OrderBy {
            expr: expr.into(),
            direction: None,
            nulls: None,
        }
    }
    /// Ascending.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(OrderBy::new(t.c("b")).asc());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."b" ASC"#);
    /// ```
    pub fn asc(mut self) -> OrderBy {
        self.direction = Some(Direction::Asc);
        self
    }
    /// Descending.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(OrderBy::new(t.c("b")).desc());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."b" DESC"#);
    /// ```
    pub fn desc(mut self) -> OrderBy {
        self.direction = Some(Direction::Desc);
        self
    }
    /// NULLs before other values.
    ///
    /// Where the dialect has no `NULLS FIRST`, a leading `x IS NULL` key stands in:
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(t.c("b").asc().nulls_first());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."b" ASC NULLS FIRST"#);
    /// assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, "SELECT `t`.`a` FROM `t` ORDER BY `t`.`b` IS NULL DESC, `t`.`b` ASC");
    /// ```
    pub fn nulls_first(mut self) -> OrderBy {
        self.nulls = Some(Nulls::First);
        self
    }
    /// NULLs after other values.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).order_by(t.c("b").desc().nulls_last());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" FROM "t" ORDER BY "t"."b" DESC NULLS LAST"#);
    /// assert_eq!(q.compile(&MySql::mariadb()).unwrap().sql, "SELECT `t`.`a` FROM `t` ORDER BY `t`.`b` IS NULL ASC, `t`.`b` DESC");
    /// ```
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
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(Label::new(func::count_star(), "n")).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT count(*) AS "n" FROM "t""#);
    /// ```
    pub fn new(expr: impl Into<Expr>, name: &str) -> Label {
        Label {
            expr: expr.into(),
            name: Ident::from(name),
        }
    }
    /// The labelled expression itself.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// let n = func::max(t.c("a")).label("n");
    /// assert_eq!(n.expr(), func::max(t.c("a")));
    /// ```
    pub fn expr(&self) -> Expr {
        self.expr.clone()
    }
    /// The label's name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let t = table("t");
    /// assert_eq!(t.c("a").label("n").name(), "n");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
    /// A reference to the label by name, as ORDER BY and GROUP BY use it. The
    /// name is rendered as written wherever the reference is placed: in WHERE or
    /// HAVING, where PostgreSQL does not resolve result-column names (and MySQL
    /// only in HAVING), compare the labelled expression instead (`label.expr()`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let n = t.c("a").label("n");
    /// let q = select(n.clone()).from(&t).order_by(n.reference());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" AS "n" FROM "t" ORDER BY "n""#);
    /// ```
    pub fn reference(&self) -> Expr {
        Expr::LabelRef(self.name.clone())
    }
    /// Ascending order by the label.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let n = t.c("a").label("n");
    /// let q = select(n.clone()).from(&t).order_by(n.asc());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" AS "n" FROM "t" ORDER BY "n" ASC"#);
    /// ```
    pub fn asc(&self) -> OrderBy {
        OrderBy::new(self.reference()).asc()
    }
    /// Descending order by the label.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let n = t.c("a").label("n");
    /// let q = select(n.clone()).from(&t).order_by(n.desc());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT "t"."a" AS "n" FROM "t" ORDER BY "n" DESC"#);
    /// ```
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
