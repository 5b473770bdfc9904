//! Converting [`Value`]s to SQLite's storage classes for binding, and result
//! columns back to [`Value`]s.
//!
//! | `Value`           | bound as | text form                                          |
//! |-------------------|----------|----------------------------------------------------|
//! | `Null`            | NULL     |                                                    |
//! | `Bool`            | INTEGER  | `0` / `1`                                          |
//! | `Int`             | INTEGER  |                                                    |
//! | `Float`           | REAL     | NaN is refused (SQLite would store NULL)           |
//! | `Text`            | TEXT     | byte for byte, NUL bytes included                  |
//! | `Bytes`           | BLOB     | an empty one stays an empty BLOB, not NULL         |
//! | `Date`            | TEXT     | `2024-01-02`                                       |
//! | `Time`            | TEXT     | `12:34:56.789000`                                  |
//! | `DateTime`        | TEXT     | `2024-01-02 12:34:56.789000`                       |
//! | `DateTimeUtc`     | TEXT     | `2024-01-02 12:34:56.789000+00:00`                 |
//! | `Uuid`            | TEXT     | `67e55044-10b1-426f-9247-bb680e5fe0c8`             |
//! | `Json`            | TEXT     | compact JSON (`{"a":1}`)                           |
//! | `Decimal`         | TEXT     | exact, scale kept (`1.10`)                         |
//!
//! Date and time texts are SQLAlchemy's SQLite storage formats: always six
//! fractional digits, so they sort as text in time order. A value with
//! sub-microsecond precision gets nine digits instead of losing them (text order
//! stays right, since the first six digits agree with the six-digit form).

use rusqlite::types::{ToSqlOutput, Value as SqliteValue, ValueRef};
use sqlcraft::engine::{DbError, ErrorKind};
use sqlcraft::Value;
use std::str::Utf8Error;

/// The SQLite form of `value`, borrowing text and bytes.
pub(crate) fn to_sqlite(value: &Value) -> Result<ToSqlOutput<'_>, DbError> {
    use ToSqlOutput::{Borrowed, Owned};
    Ok(match value {
        Value::Null => Borrowed(ValueRef::Null),
        Value::Bool(b) => Borrowed(ValueRef::Integer(i64::from(*b))),
        Value::Int(i) => Borrowed(ValueRef::Integer(*i)),
        Value::Float(f) if f.is_nan() => {
            return Err(DbError::new(
                ErrorKind::Data,
                "SQLite cannot store NaN (it would silently become NULL); \
                 bind Value::Null if NULL is meant",
            ))
        }
        Value::Float(f) => Borrowed(ValueRef::Real(*f)),
        Value::Text(s) => Borrowed(ValueRef::Text(s.as_bytes())),
        Value::Bytes(b) => Borrowed(ValueRef::Blob(b)),
        #[cfg(feature = "chrono")]
        Value::Date(d) => Owned(SqliteValue::Text(datetime::date(d))),
        #[cfg(feature = "chrono")]
        Value::Time(t) => Owned(SqliteValue::Text(datetime::time(t))),
        #[cfg(feature = "chrono")]
        Value::DateTime(dt) => Owned(SqliteValue::Text(datetime::datetime(dt))),
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(dt) => Owned(SqliteValue::Text(datetime::datetime_utc(dt))),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => Owned(SqliteValue::Text(u.hyphenated().to_string())),
        #[cfg(feature = "json")]
        Value::Json(j) => Owned(SqliteValue::Text(j.to_string())),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => Owned(SqliteValue::Text(d.to_string())),
        // `Value` is non-exhaustive: a kind added later is refused, never guessed.
        #[allow(unreachable_patterns)]
        other => {
            // Keeps `Owned` used when no value feature is on.
            let _: fn(SqliteValue) -> ToSqlOutput<'static> = Owned;
            return Err(DbError::new(
                ErrorKind::Data,
                format!("the SQLite driver cannot bind a {} value", other.kind()),
            ));
        }
    })
}

/// The [`Value`] for a result column, by its storage class: INTEGER → `Int`,
/// REAL → `Float`, TEXT → `Text`, BLOB → `Bytes`, NULL → `Null`, copying text and
/// bytes once, straight out of SQLite's buffer. Text that is not valid UTF-8 (only
/// possible through casts of blobs) is an error, not a lossy conversion; the
/// caller names the column, so the name is looked up only then.
#[inline]
pub(crate) fn from_sqlite(value: ValueRef<'_>) -> Result<Value, Utf8Error> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Float(f),
        ValueRef::Text(bytes) => Value::Text(std::str::from_utf8(bytes)?.to_owned()),
        ValueRef::Blob(bytes) => Value::Bytes(bytes.to_vec()),
    })
}

/// SQLAlchemy's text forms of dates and times.
#[cfg(feature = "chrono")]
pub(crate) mod datetime {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
    use std::fmt::Write;

    /// `2024-01-02`.
    pub(crate) fn date(d: &NaiveDate) -> String {
        d.format("%Y-%m-%d").to_string()
    }

    /// `12:34:56.789000`; nine fractional digits when the value has
    /// sub-microsecond precision.
    pub(crate) fn time(t: &NaiveTime) -> String {
        let mut s = t.format("%H:%M:%S").to_string();
        write_fraction(&mut s, t.nanosecond());
        s
    }

    /// `2024-01-02 12:34:56.789000`.
    pub(crate) fn datetime(dt: &NaiveDateTime) -> String {
        let mut s = dt.format("%Y-%m-%d %H:%M:%S").to_string();
        write_fraction(&mut s, dt.nanosecond());
        s
    }

    /// `2024-01-02 12:34:56.789000+00:00`.
    pub(crate) fn datetime_utc(dt: &DateTime<Utc>) -> String {
        let mut s = datetime(&dt.naive_utc());
        s.push_str("+00:00");
        s
    }

    fn write_fraction(s: &mut String, nanos: u32) {
        // chrono keeps a leap second as nanoseconds past 1e9; `%S` already shows 60.
        let nanos = nanos % 1_000_000_000;
        let _ = if nanos % 1_000 == 0 {
            write!(s, ".{:06}", nanos / 1_000)
        } else {
            write!(s, ".{nanos:09}")
        };
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn sqlalchemy_formats() {
            let d = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
            let t = NaiveTime::from_hms_micro_opt(12, 34, 56, 789_000).unwrap();
            assert_eq!(date(&d), "2024-01-02");
            assert_eq!(time(&t), "12:34:56.789000");
            assert_eq!(datetime(&d.and_time(t)), "2024-01-02 12:34:56.789000");
            assert_eq!(
                datetime_utc(&d.and_time(t).and_utc()),
                "2024-01-02 12:34:56.789000+00:00"
            );
            let midnight = NaiveTime::from_hms_opt(0, 0, 0).unwrap();
            assert_eq!(time(&midnight), "00:00:00.000000");
        }

        #[test]
        fn nanoseconds_are_kept_and_order_is_kept() {
            let a = NaiveTime::from_hms_nano_opt(1, 2, 3, 4_000).unwrap();
            let b = NaiveTime::from_hms_nano_opt(1, 2, 3, 4_001).unwrap();
            let c = NaiveTime::from_hms_nano_opt(1, 2, 3, 5_000).unwrap();
            assert_eq!(time(&b), "01:02:03.000004001");
            assert!(time(&a) < time(&b) && time(&b) < time(&c));
        }

        #[test]
        fn leap_second() {
            let t = NaiveTime::from_hms_milli_opt(23, 59, 59, 1_500).unwrap();
            assert_eq!(time(&t), "23:59:60.500000");
        }
    }
}
