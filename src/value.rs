//! Bound values: what a statement carries as parameters.

use std::sync::Arc;

/// A value bound to a statement as a parameter.
///
/// Values never enter the SQL text: the compiler renders a placeholder and appends the
/// value to [`crate::Compiled::params`]. Date/time, UUID, JSON and decimal values are
/// available behind the `chrono`, `uuid`, `json` and `decimal` features.
///
/// ```
/// use sqlcraft::Value;
/// assert_eq!(Value::from(3), Value::Int(3));
/// assert_eq!(Value::from("ann"), Value::Text("ann".into()));
/// assert_eq!(Value::from(None::<i64>), Value::Null);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed integer; every integer type up to `i64` converts to it.
    Int(i64),
    /// A double-precision float.
    Float(f64),
    /// Text.
    Text(String),
    /// A byte string.
    Bytes(Vec<u8>),
    /// A calendar date.
    #[cfg(feature = "chrono")]
    Date(chrono::NaiveDate),
    /// A time of day.
    #[cfg(feature = "chrono")]
    Time(chrono::NaiveTime),
    /// A date and time without time zone.
    #[cfg(feature = "chrono")]
    DateTime(chrono::NaiveDateTime),
    /// An instant, with time zone (UTC).
    #[cfg(feature = "chrono")]
    DateTimeUtc(chrono::DateTime<chrono::Utc>),
    /// A UUID.
    #[cfg(feature = "uuid")]
    Uuid(uuid::Uuid),
    /// A JSON document.
    #[cfg(feature = "json")]
    Json(serde_json::Value),
    /// An exact decimal number.
    #[cfg(feature = "decimal")]
    Decimal(rust_decimal::Decimal),
    /// The values of an expanding bind parameter
    /// ([`Expr::expanding`](crate::Expr::expanding)), supplied at execution:
    /// `IN (?, ?, …)` gets one placeholder per item ([`Value::list`]). It binds
    /// nothing else; elsewhere it is an error.
    List(Vec<Value>),
}

/// Why a [`Value::List`] anywhere but an expanding parameter is refused.
pub(crate) const LIST_VALUE_MISPLACED: &str =
    "a list value binds only an expanding parameter: x.in_(bindparam(\"name\").expanding())";

impl Value {
    /// True for [`Value::Null`].
    ///
    /// ```
    /// use sqlcraft::Value;
    /// assert!(Value::from(None::<&str>).is_null());
    /// assert!(!Value::Int(0).is_null());
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The values of an expanding bind parameter, as SQLAlchemy takes a list
    /// for `bindparam(…, expanding=True)`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("id").in_(bindparam("ids").expanding()));
    /// let c = q.compile_with(&Postgres, &[("ids", Value::list([3, 5, 8]))])?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."id" IN ($1, $2, $3)"#);
    /// assert_eq!(c.values()?, [Value::Int(3), Value::Int(5), Value::Int(8)]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn list<T: Into<Value>>(items: impl IntoIterator<Item = T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }

    /// A number per kind, for cache keys: SQL may depend on a value's kind (a
    /// dialect's casts), never on the value itself.
    pub(crate) fn kind_tag(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Int(_) => 2,
            Value::Float(_) => 3,
            Value::Text(_) => 4,
            Value::Bytes(_) => 5,
            #[cfg(feature = "chrono")]
            Value::Date(_) => 6,
            #[cfg(feature = "chrono")]
            Value::Time(_) => 7,
            #[cfg(feature = "chrono")]
            Value::DateTime(_) => 8,
            #[cfg(feature = "chrono")]
            Value::DateTimeUtc(_) => 9,
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => 10,
            #[cfg(feature = "json")]
            Value::Json(_) => 11,
            #[cfg(feature = "decimal")]
            Value::Decimal(_) => 12,
            Value::List(_) => 13,
        }
    }

    /// A short name of the value's kind, for error messages.
    ///
    /// ```
    /// use sqlcraft::Value;
    /// assert_eq!(Value::from(1.5).kind(), "float");
    /// assert_eq!(Value::from(vec![1u8, 2]).kind(), "bytes");
    /// assert_eq!(Value::Null.kind(), "null");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            #[cfg(feature = "chrono")]
            Value::Date(_) => "date",
            #[cfg(feature = "chrono")]
            Value::Time(_) => "time",
            #[cfg(feature = "chrono")]
            Value::DateTime(_) => "datetime",
            #[cfg(feature = "chrono")]
            Value::DateTimeUtc(_) => "datetime with time zone",
            #[cfg(feature = "uuid")]
            Value::Uuid(_) => "uuid",
            #[cfg(feature = "json")]
            Value::Json(_) => "json",
            #[cfg(feature = "decimal")]
            Value::Decimal(_) => "decimal",
            Value::List(_) => "list",
        }
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self { Value::Int(i64::from(v)) }
        }
    )*};
}
value_from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<Arc<str>> for Value {
    fn from(v: Arc<str>) -> Self {
        Value::Text(v.as_ref().to_owned())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Bytes(v.to_vec())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::NaiveDate> for Value {
    fn from(v: chrono::NaiveDate) -> Self {
        Value::Date(v)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::NaiveTime> for Value {
    fn from(v: chrono::NaiveTime) -> Self {
        Value::Time(v)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::NaiveDateTime> for Value {
    fn from(v: chrono::NaiveDateTime) -> Self {
        Value::DateTime(v)
    }
}
#[cfg(feature = "chrono")]
impl From<chrono::DateTime<chrono::Utc>> for Value {
    fn from(v: chrono::DateTime<chrono::Utc>) -> Self {
        Value::DateTimeUtc(v)
    }
}
#[cfg(feature = "uuid")]
impl From<uuid::Uuid> for Value {
    fn from(v: uuid::Uuid) -> Self {
        Value::Uuid(v)
    }
}
#[cfg(feature = "json")]
impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        Value::Json(v)
    }
}
#[cfg(feature = "decimal")]
impl From<rust_decimal::Decimal> for Value {
    fn from(v: rust_decimal::Decimal) -> Self {
        Value::Decimal(v)
    }
}
