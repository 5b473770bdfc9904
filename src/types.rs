//! Generic column types, rendered with each dialect's own type names.

use std::sync::Arc;

/// A dialect-independent SQL type.
///
/// Dialects map each variant to their own name through
/// [`crate::Dialect::type_name`]; a type a dialect cannot store is a typed error.
///
/// ```
/// use sqlcraft::SqlType;
/// let price = SqlType::Numeric(12, 2);
/// let status = SqlType::enumeration("status", ["new", "paid"]);
/// assert_ne!(price, status);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SqlType {
    /// A 16-bit integer.
    SmallInteger,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    BigInteger,
    /// Variable-length text with an optional maximum length.
    String(Option<u32>),
    /// Unbounded text.
    Text,
    /// A double-precision float.
    Float,
    /// An exact decimal with precision and scale.
    Numeric(u8, u8),
    /// A boolean.
    Boolean,
    /// A calendar date.
    Date,
    /// A time of day.
    Time,
    /// A timestamp; `true` stores a time zone (an instant).
    DateTime {
        /// Whether the column keeps a time zone.
        timezone: bool,
    },
    /// A time span.
    Interval,
    /// A byte string.
    LargeBinary,
    /// A JSON document.
    Json,
    /// A UUID.
    Uuid,
    /// One of a fixed set of strings.
    Enum(Arc<EnumType>),
}

/// The definition of an enumerated type: its name and allowed values.
///
/// ```
/// use sqlcraft::SqlType;
/// let SqlType::Enum(e) = SqlType::enumeration("mood", ["happy", "sad"]) else { unreachable!() };
/// assert_eq!(e.name, "mood");
/// assert_eq!(e.variants, ["happy", "sad"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumType {
    /// The type's name (used by dialects that create a named type).
    pub name: String,
    /// The allowed values, in declaration order.
    pub variants: Vec<String>,
}

impl SqlType {
    /// `VARCHAR(n)`.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// assert_eq!(SqlType::string(40), SqlType::String(Some(40)));
    /// assert_eq!(GenericDialect.type_name(&SqlType::string(40))?, "VARCHAR(40)");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn string(len: u32) -> SqlType {
        SqlType::String(Some(len))
    }

    /// A timestamp without time zone.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_postgres::Postgres;
    /// assert_eq!(GenericDialect.type_name(&SqlType::datetime())?, "TIMESTAMP");
    /// assert_eq!(Postgres.type_name(&SqlType::datetime())?, "TIMESTAMP WITHOUT TIME ZONE");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn datetime() -> SqlType {
        SqlType::DateTime { timezone: false }
    }

    /// A timestamp with time zone.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// use sqlcraft::dialect::Dialect;
    /// use sqlcraft_postgres::Postgres;
    /// assert_eq!(SqlType::datetime_tz(), SqlType::DateTime { timezone: true });
    /// assert_eq!(Postgres.type_name(&SqlType::datetime_tz())?, "TIMESTAMP WITH TIME ZONE");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn datetime_tz() -> SqlType {
        SqlType::DateTime { timezone: true }
    }

    /// An enumerated type with the given name and values.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// use sqlcraft::dialect::{Dialect, GenericDialect};
    /// use sqlcraft_mysql::MySql;
    /// let status = SqlType::enumeration("status", ["new", "paid", "void"]);
    /// assert_eq!(MySql::default().type_name(&status)?, "ENUM('new', 'paid', 'void')");
    /// assert_eq!(GenericDialect.type_name(&status)?, "VARCHAR(4)"); // checked by a CHECK constraint
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn enumeration<I, S>(name: &str, variants: I) -> SqlType
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        SqlType::Enum(Arc::new(EnumType {
            name: name.to_owned(),
            variants: variants.into_iter().map(Into::into).collect(),
        }))
    }

    /// True for the integer types.
    ///
    /// ```
    /// use sqlcraft::SqlType;
    /// assert!(SqlType::BigInteger.is_integer());
    /// assert!(!SqlType::Numeric(10, 0).is_integer());
    /// ```
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            SqlType::SmallInteger | SqlType::Integer | SqlType::BigInteger
        )
    }
}
