//! Window specifications for `OVER (…)`.

use super::{Expr, OrderBy};

/// The unit a window frame counts in.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_mysql::MySql;
/// let t = table("t");
/// let w = WindowSpec::new().order_by(t.c("x")).frame(FrameUnits::Groups, FrameBound::CurrentRow, FrameBound::UnboundedFollowing);
/// let q = select(func::sum(t.c("x")).over(w)).from(&t);
/// assert!(matches!(q.compile(&MySql::mariadb()), Err(Error::Unsupported { .. })));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameUnits {
    /// `ROWS`.
    Rows,
    /// `RANGE`.
    Range,
    /// `GROUPS` (not on MySQL/MariaDB).
    Groups,
}

/// One end of a window frame. Offsets are integers rendered inline: engines require
/// frame offsets to be constants, and an integer cannot carry SQL.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let w = WindowSpec::new().order_by(t.c("x")).rows(FrameBound::Preceding(2), FrameBound::Following(1));
/// let c = select(func::avg(t.c("x")).over(w)).from(&t).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"SELECT avg("t"."x") OVER (ORDER BY "t"."x" ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS "anon_1" FROM "t""#);
/// assert!(c.params.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameBound {
    /// `UNBOUNDED PRECEDING`.
    UnboundedPreceding,
    /// `n PRECEDING`.
    Preceding(u64),
    /// `CURRENT ROW`.
    CurrentRow,
    /// `n FOLLOWING`.
    Following(u64),
    /// `UNBOUNDED FOLLOWING`.
    UnboundedFollowing,
}

/// A window frame: `units BETWEEN start AND end`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::Frame;
/// let w = WindowSpec::new().range(FrameBound::UnboundedPreceding, FrameBound::CurrentRow);
/// let expected = Frame { units: FrameUnits::Range, start: FrameBound::UnboundedPreceding, end: FrameBound::CurrentRow };
/// assert_eq!(w.frame, Some(expected));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frame {
    /// ROWS, RANGE or GROUPS.
    pub units: FrameUnits,
    /// The start bound.
    pub start: FrameBound,
    /// The end bound.
    pub end: FrameBound,
}

/// The `OVER (…)` part of a window function call.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let w = WindowSpec::new()
///     .partition_by(t.c("g"))
///     .order_by(t.c("x").desc())
///     .rows(FrameBound::UnboundedPreceding, FrameBound::CurrentRow);
/// let q = select(func::sum(t.c("x")).over(w)).from(&t);
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT sum("t"."x") OVER (PARTITION BY "t"."g" ORDER BY "t"."x" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "anon_1" FROM "t""#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WindowSpec {
    /// `PARTITION BY` terms.
    pub partition_by: Vec<Expr>,
    /// `ORDER BY` terms.
    pub order_by: Vec<OrderBy>,
    /// The frame, if any.
    pub frame: Option<Frame>,
}

impl WindowSpec {
    /// An empty window: `OVER ()`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(func::count_star().over(WindowSpec::new())).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT count(*) OVER () AS "anon_1" FROM "t""#);
    /// ```
    pub fn new() -> WindowSpec {
        WindowSpec::default()
    }
    /// Adds a `PARTITION BY` term.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(func::sum(t.c("x")).over(WindowSpec::new().partition_by(t.c("g")).partition_by(t.c("h")))).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT sum("t"."x") OVER (PARTITION BY "t"."g", "t"."h") AS "anon_1" FROM "t""#);
    /// ```
    pub fn partition_by(mut self, e: impl Into<Expr>) -> WindowSpec {
        self.partition_by.push(e.into());
        self
    }
    /// Adds an `ORDER BY` term.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(func::row_number().over(WindowSpec::new().order_by(t.c("x").desc()).order_by(t.c("id")))).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT row_number() OVER (ORDER BY "t"."x" DESC, "t"."id") AS "anon_1" FROM "t""#);
    /// ```
    pub fn order_by(mut self, o: impl Into<OrderBy>) -> WindowSpec {
        self.order_by.push(o.into());
        self
    }
    /// `ROWS BETWEEN start AND end`.
    ///
    /// A running total over the current row and the one before, on SQLite (with
    /// `t.x` holding 1, 2, 3, 4):
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// # conn.execute(&text("CREATE TABLE t (x INTEGER)"))?;
    /// # conn.execute(&text("INSERT INTO t VALUES (1), (2), (3), (4)"))?;
    /// let t = table("t");
    /// let w = WindowSpec::new().order_by(t.c("x")).rows(FrameBound::Preceding(1), FrameBound::CurrentRow);
    /// let rows = conn.execute(&select(func::sum(t.c("x")).over(w)).from(&t).order_by(t.c("x")))?.all()?;
    /// let sums: Vec<i64> = rows.iter().map(|r| r.get(0)).collect::<sqlcraft::Result<_>>()?;
    /// assert_eq!(sums, vec![1, 3, 5, 7]);
    /// # Ok(()) }
    /// ```
    pub fn rows(self, start: FrameBound, end: FrameBound) -> WindowSpec {
        self.frame(FrameUnits::Rows, start, end)
    }
    /// `RANGE BETWEEN start AND end`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = select(func::sum(t.c("x")).over(WindowSpec::new().order_by(t.c("x")).range(FrameBound::UnboundedPreceding, FrameBound::CurrentRow))).from(&t);
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"SELECT sum("t"."x") OVER (ORDER BY "t"."x" RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "anon_1" FROM "t""#);
    /// ```
    pub fn range(self, start: FrameBound, end: FrameBound) -> WindowSpec {
        self.frame(FrameUnits::Range, start, end)
    }
    /// A frame in any units.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let w = WindowSpec::new().order_by(t.c("x")).frame(FrameUnits::Groups, FrameBound::CurrentRow, FrameBound::UnboundedFollowing);
    /// let q = select(func::sum(t.c("x")).over(w)).from(&t);
    /// assert_eq!(
    ///     q.compile(&Sqlite).unwrap().sql,
    ///     r#"SELECT sum("t"."x") OVER (ORDER BY "t"."x" GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS "anon_1" FROM "t""#
    /// );
    /// ```
    pub fn frame(mut self, units: FrameUnits, start: FrameBound, end: FrameBound) -> WindowSpec {
        self.frame = Some(Frame { units, start, end });
        self
    }
}
