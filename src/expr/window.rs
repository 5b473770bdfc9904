//! Window specifications for `OVER (…)`.

use super::{Expr, OrderBy};

/// The unit a window frame counts in.
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
///     r#"SELECT sum("t"."x") OVER (PARTITION BY "t"."g" ORDER BY "t"."x" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM "t""#
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
    pub fn new() -> WindowSpec {
        WindowSpec::default()
    }
    /// Adds a `PARTITION BY` term.
    pub fn partition_by(mut self, e: impl Into<Expr>) -> WindowSpec {
        self.partition_by.push(e.into());
        self
    }
    /// Adds an `ORDER BY` term.
    pub fn order_by(mut self, o: impl Into<OrderBy>) -> WindowSpec {
        self.order_by.push(o.into());
        self
    }
    /// `ROWS BETWEEN start AND end`.
    pub fn rows(self, start: FrameBound, end: FrameBound) -> WindowSpec {
        self.frame(FrameUnits::Rows, start, end)
    }
    /// `RANGE BETWEEN start AND end`.
    pub fn range(self, start: FrameBound, end: FrameBound) -> WindowSpec {
        self.frame(FrameUnits::Range, start, end)
    }
    /// A frame in any units.
    pub fn frame(mut self, units: FrameUnits, start: FrameBound, end: FrameBound) -> WindowSpec {
        self.frame = Some(Frame { units, start, end });
        self
    }
}
