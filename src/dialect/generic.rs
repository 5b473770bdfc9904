//! A dialect that renders plain ANSI SQL.

use super::Dialect;

/// Plain ANSI SQL: every [`Dialect`] default, `?` placeholders, double-quoted
/// identifiers. Useful for documentation, tests and tools that only inspect SQL.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let c = select(lit(1)).compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, "SELECT ? AS \"anon_1\"");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct GenericDialect;

impl Dialect for GenericDialect {
    fn name(&self) -> &'static str {
        "generic"
    }
}
