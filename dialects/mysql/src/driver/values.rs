//! Converts [`sqlcraft::Value`]s to the `mysql` crate's values (parameters) and
//! result columns back (rows), without losing data.
//!
//! Parameters: `Bool` is sent as 0/1, `Float` as DOUBLE, `Text`/`Bytes` as
//! strings (the server converts with the connection charset, utf8mb4; binary
//! columns keep the bytes), dates and times as the protocol's date/time values
//! (microsecond precision, the most MySQL stores), UUIDs as hyphenated text, JSON
//! as its text and decimals as their exact text.
//!
//! Rows: the conversion is chosen per column from its metadata (type, flags,
//! charset), so a value never depends on its content: see [`ColumnReader`].

use mysql::consts::ColumnType;
use mysql::{Column, Value as MyValue};
use sqlcraft::engine::{DbError, ErrorKind};
use sqlcraft::Value;

/// The `binary` character set: BLOB/BINARY/VARBINARY columns and binary strings.
const BINARY_CHARSET: u16 = 63;

fn data_error(message: String) -> DbError {
    DbError::new(ErrorKind::Data, message)
}

/// Converts one parameter.
pub(crate) fn to_mysql(value: &Value) -> Result<MyValue, DbError> {
    Ok(match value {
        Value::Null => MyValue::NULL,
        Value::Bool(b) => MyValue::Int(i64::from(*b)),
        Value::Int(i) => MyValue::Int(*i),
        Value::Float(f) if f.is_finite() => MyValue::Double(*f),
        Value::Float(f) => {
            return Err(data_error(format!(
                "MySQL cannot store the float {f} (no NaN or infinity)"
            )))
        }
        Value::Text(s) => MyValue::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => MyValue::Bytes(b.clone()),
        #[cfg(feature = "chrono")]
        Value::Date(d) => datetime_param(*d, chrono::NaiveTime::MIN)?,
        #[cfg(feature = "chrono")]
        Value::Time(t) => {
            use chrono::Timelike;
            MyValue::Time(
                false,
                0,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
                micros(t.nanosecond()),
            )
        }
        #[cfg(feature = "chrono")]
        Value::DateTime(dt) => datetime_param(dt.date(), dt.time())?,
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(dt) => {
            let naive = dt.naive_utc();
            datetime_param(naive.date(), naive.time())?
        }
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => MyValue::Bytes(
            u.hyphenated()
                .encode_lower(&mut uuid::Uuid::encode_buffer())
                .as_bytes()
                .to_vec(),
        ),
        #[cfg(feature = "json")]
        // The same compact text as `to_string`, written straight into bytes.
        Value::Json(j) => MyValue::Bytes(
            serde_json::to_vec(j)
                .map_err(|e| data_error(format!("cannot serialize the JSON value: {e}")))?,
        ),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => MyValue::Bytes(d.to_string().into_bytes()),
        other => {
            return Err(DbError::new(
                ErrorKind::Programming,
                format!(
                    "sqlcraft-mysql cannot bind a {} value: enable the sqlcraft-mysql feature \
                     of the same name (chrono, uuid, json, decimal)",
                    other.kind()
                ),
            ))
        }
    })
}

/// Microseconds of a chrono nanosecond field (a leap second's 1_000_000_000+ is
/// kept at the last microsecond of the second).
#[cfg(feature = "chrono")]
fn micros(nanos: u32) -> u32 {
    (nanos / 1_000).min(999_999)
}

#[cfg(feature = "chrono")]
fn datetime_param(date: chrono::NaiveDate, time: chrono::NaiveTime) -> Result<MyValue, DbError> {
    use chrono::{Datelike, Timelike};
    let year = u16::try_from(date.year())
        .ok()
        .filter(|y| *y <= 9999)
        .ok_or_else(|| {
            data_error(format!(
                "the date {date} is outside MySQL's years 0000 to 9999"
            ))
        })?;
    Ok(MyValue::Date(
        year,
        date.month() as u8,
        date.day() as u8,
        time.hour() as u8,
        time.minute() as u8,
        time.second() as u8,
        micros(time.nanosecond()),
    ))
}

/// How one result column's values become [`Value`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Integer types, YEAR: `Int` (an unsigned value above `i64::MAX` is an error).
    Integer,
    /// FLOAT, DOUBLE: `Float`.
    Float,
    /// DECIMAL: `Decimal` with the `decimal` feature, else its exact text.
    Decimal,
    /// DATE: `Date` with `chrono`, else `YYYY-MM-DD`.
    Date,
    /// DATETIME: `DateTime` with `chrono`, else `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    DateTime,
    /// TIMESTAMP (UTC, the session time zone): `DateTimeUtc` with `chrono`, else
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]+00:00`.
    Timestamp,
    /// TIME: `Time` with `chrono` (a duration outside 00:00–24:00 is an error),
    /// else `[-]HH:MM:SS[.ffffff]`.
    Time,
    /// JSON (MySQL; MariaDB's JSON is LONGTEXT and reads as text): `Json` with
    /// the `json` feature, else its text.
    Json,
    /// BIT(n): `Int`.
    Bit,
    /// Character strings, ENUM, SET: `Text`.
    Text,
    /// Binary strings (charset 63), GEOMETRY: `Bytes`.
    Bytes,
}

/// Converts the values of one result column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColumnReader {
    kind: Kind,
    /// Fractional-second digits shown in text form.
    decimals: u8,
}

impl ColumnReader {
    /// The reader for a column, from its metadata.
    pub(crate) fn new(column: &Column) -> ColumnReader {
        use ColumnType::*;
        let kind = match column.column_type() {
            MYSQL_TYPE_TINY | MYSQL_TYPE_SHORT | MYSQL_TYPE_LONG | MYSQL_TYPE_INT24
            | MYSQL_TYPE_LONGLONG | MYSQL_TYPE_YEAR => Kind::Integer,
            MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => Kind::Float,
            MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NEWDECIMAL => Kind::Decimal,
            MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE => Kind::Date,
            MYSQL_TYPE_DATETIME | MYSQL_TYPE_DATETIME2 => Kind::DateTime,
            MYSQL_TYPE_TIMESTAMP | MYSQL_TYPE_TIMESTAMP2 => Kind::Timestamp,
            MYSQL_TYPE_TIME | MYSQL_TYPE_TIME2 => Kind::Time,
            MYSQL_TYPE_JSON => Kind::Json,
            MYSQL_TYPE_BIT => Kind::Bit,
            MYSQL_TYPE_GEOMETRY | MYSQL_TYPE_VECTOR => Kind::Bytes,
            _ if column.character_set() == BINARY_CHARSET => Kind::Bytes,
            _ => Kind::Text,
        };
        ColumnReader {
            kind,
            decimals: column.decimals().min(6),
        }
    }

    /// Converts one value of the column named `name` (for error messages).
    pub(crate) fn read(&self, value: MyValue, name: &str) -> Result<Value, DbError> {
        Ok(match value {
            MyValue::NULL => Value::Null,
            MyValue::Int(i) => Value::Int(i),
            MyValue::UInt(u) => Value::Int(i64::try_from(u).map_err(|_| {
                data_error(format!(
                    "column {name:?}: the unsigned value {u} does not fit in a signed 64-bit \
                     integer (cast it to DECIMAL or CHAR in the query to read it)"
                ))
            })?),
            MyValue::Float(f) => Value::Float(widen(f)),
            MyValue::Double(d) => Value::Float(d),
            MyValue::Date(y, mo, d, h, mi, s, us) => {
                let [mo, d, h, mi, s] = [mo, d, h, mi, s].map(u32::from);
                self.read_date(name, [u32::from(y), mo, d, h, mi, s], us)?
            }
            MyValue::Time(neg, days, h, mi, s, us) => {
                read_time(name, neg, days, h, mi, s, us, self.decimals)?
            }
            MyValue::Bytes(bytes) => match self.kind {
                Kind::Bytes => Value::Bytes(bytes),
                Kind::Decimal => read_decimal(name, bytes)?,
                Kind::Json => read_json(name, bytes)?,
                Kind::Bit => read_bit(name, &bytes)?,
                _ => Value::Text(text(name, bytes)?),
            },
        })
    }

    fn read_date(&self, name: &str, parts: [u32; 6], us: u32) -> Result<Value, DbError> {
        let [y, mo, d, h, mi, s] = parts;
        #[cfg(feature = "chrono")]
        {
            let date = chrono::NaiveDate::from_ymd_opt(y as i32, mo, d);
            let time = chrono::NaiveTime::from_hms_micro_opt(h, mi, s, us);
            let (Some(date), Some(time)) = (date, time) else {
                return Err(data_error(format!(
                    "column {name:?}: {} is not a valid date (a zero date?)",
                    format_datetime(y, mo, d, h, mi, s, us, self.decimals)
                )));
            };
            Ok(match self.kind {
                Kind::Date => Value::Date(date),
                Kind::Timestamp => Value::DateTimeUtc(chrono::DateTime::from_naive_utc_and_offset(
                    date.and_time(time),
                    chrono::Utc,
                )),
                _ => Value::DateTime(date.and_time(time)),
            })
        }
        #[cfg(not(feature = "chrono"))]
        {
            let _ = name;
            Ok(Value::Text(match self.kind {
                Kind::Date => format!("{y:04}-{mo:02}-{d:02}"),
                Kind::Timestamp => {
                    let mut s = format_datetime(y, mo, d, h, mi, s, us, self.decimals);
                    s.push_str("+00:00");
                    s
                }
                _ => format_datetime(y, mo, d, h, mi, s, us, self.decimals),
            }))
        }
    }
}

/// A FLOAT as the double its shortest decimal form denotes (`0.1f32` reads as
/// `0.1`, not `0.10000000149011612`).
fn widen(f: f32) -> f64 {
    f.to_string().parse().unwrap_or(f64::from(f))
}

/// `.ffffff` cut to `decimals` digits (none when 0).
fn fraction(us: u32, decimals: u8) -> String {
    if decimals == 0 {
        return String::new();
    }
    let digits = format!("{us:06}");
    format!(".{}", &digits[..usize::from(decimals)])
}

#[allow(clippy::too_many_arguments)]
fn format_datetime(
    y: u32,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
    us: u32,
    decimals: u8,
) -> String {
    format!(
        "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{}",
        fraction(us, decimals)
    )
}

#[allow(clippy::too_many_arguments)]
fn read_time(
    name: &str,
    negative: bool,
    days: u32,
    h: u8,
    mi: u8,
    s: u8,
    us: u32,
    decimals: u8,
) -> Result<Value, DbError> {
    let hours = days * 24 + u32::from(h);
    #[cfg(feature = "chrono")]
    {
        let _ = decimals;
        if negative || hours >= 24 {
            return Err(data_error(format!(
                "column {name:?}: the TIME {}{hours:02}:{mi:02}:{s:02} is not a time of day \
                 (cast it to CHAR in the query to read it as text)",
                if negative { "-" } else { "" }
            )));
        }
        chrono::NaiveTime::from_hms_micro_opt(hours, u32::from(mi), u32::from(s), us)
            .map(Value::Time)
            .ok_or_else(|| data_error(format!("column {name:?}: invalid TIME value")))
    }
    #[cfg(not(feature = "chrono"))]
    {
        let _ = name;
        Ok(Value::Text(format!(
            "{}{hours:02}:{mi:02}:{s:02}{}",
            if negative { "-" } else { "" },
            fraction(us, decimals)
        )))
    }
}

fn text(name: &str, bytes: Vec<u8>) -> Result<String, DbError> {
    String::from_utf8(bytes).map_err(|e| {
        data_error(format!(
            "column {name:?}: the server sent text that is not UTF-8 ({e})"
        ))
    })
}

fn read_decimal(name: &str, bytes: Vec<u8>) -> Result<Value, DbError> {
    let text = text(name, bytes)?;
    #[cfg(feature = "decimal")]
    {
        rust_decimal::Decimal::from_str_exact(&text)
            .map(Value::Decimal)
            .map_err(|e| {
                data_error(format!(
                    "column {name:?}: the DECIMAL {text} does not fit a rust_decimal \
                     (28 significant digits): {e}"
                ))
            })
    }
    #[cfg(not(feature = "decimal"))]
    {
        Ok(Value::Text(text))
    }
}

fn read_json(name: &str, bytes: Vec<u8>) -> Result<Value, DbError> {
    #[cfg(feature = "json")]
    {
        serde_json::from_slice(&bytes)
            .map(Value::Json)
            .map_err(|e| {
                data_error(format!(
                    "column {name:?}: invalid JSON from the server: {e}"
                ))
            })
    }
    #[cfg(not(feature = "json"))]
    {
        text(name, bytes).map(Value::Text)
    }
}

fn read_bit(name: &str, bytes: &[u8]) -> Result<Value, DbError> {
    if bytes.len() > 8 {
        return Err(data_error(format!(
            "column {name:?}: a BIT value of {} bytes",
            bytes.len()
        )));
    }
    let n = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    i64::try_from(n).map(Value::Int).map_err(|_| {
        data_error(format!(
            "column {name:?}: the BIT value {n} does not fit in a signed 64-bit integer"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mysql::consts::ColumnFlags;

    fn col(ty: ColumnType, charset: u16, decimals: u8) -> ColumnReader {
        ColumnReader::new(
            &Column::new(ty)
                .with_character_set(charset)
                .with_decimals(decimals)
                .with_flags(ColumnFlags::empty()),
        )
    }

    #[test]
    fn integers_never_wrap() {
        let c = col(ColumnType::MYSQL_TYPE_LONGLONG, 63, 0);
        assert_eq!(c.read(MyValue::UInt(5), "n").unwrap(), Value::Int(5));
        assert_eq!(
            c.read(MyValue::UInt(i64::MAX as u64), "n").unwrap(),
            Value::Int(i64::MAX)
        );
        let e = c.read(MyValue::UInt(u64::MAX), "n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Data);
        assert!(e.message.contains("18446744073709551615"), "{e}");
    }

    #[test]
    fn strings_by_charset() {
        let text_col = col(ColumnType::MYSQL_TYPE_BLOB, 45, 0);
        let blob_col = col(ColumnType::MYSQL_TYPE_BLOB, 63, 0);
        assert_eq!(
            text_col
                .read(MyValue::Bytes(b"a\0b".to_vec()), "t")
                .unwrap(),
            Value::Text("a\0b".into())
        );
        assert_eq!(
            blob_col.read(MyValue::Bytes(vec![0xff, 0]), "b").unwrap(),
            Value::Bytes(vec![0xff, 0])
        );
        assert_eq!(
            text_col
                .read(MyValue::Bytes(vec![0xff]), "t")
                .unwrap_err()
                .kind,
            ErrorKind::Data
        );
    }

    #[test]
    fn bits_and_floats() {
        let bit = col(ColumnType::MYSQL_TYPE_BIT, 63, 0);
        assert_eq!(
            bit.read(MyValue::Bytes(vec![1, 2]), "b").unwrap(),
            Value::Int(258)
        );
        assert_eq!(
            bit.read(MyValue::Bytes(vec![0xff; 8]), "b")
                .unwrap_err()
                .kind,
            ErrorKind::Data
        );
        let f = col(ColumnType::MYSQL_TYPE_FLOAT, 63, 31);
        assert_eq!(f.read(MyValue::Float(0.1), "f").unwrap(), Value::Float(0.1));
    }

    #[test]
    fn decimals_are_exact() {
        let d = col(ColumnType::MYSQL_TYPE_NEWDECIMAL, 63, 2);
        let v = d
            .read(MyValue::Bytes(b"12345678901.23".to_vec()), "d")
            .unwrap();
        #[cfg(feature = "decimal")]
        assert_eq!(v, Value::Decimal("12345678901.23".parse().unwrap()));
        #[cfg(not(feature = "decimal"))]
        assert_eq!(v, Value::Text("12345678901.23".into()));
    }

    #[cfg(not(feature = "chrono"))]
    #[test]
    fn dates_as_text() {
        let dt = col(ColumnType::MYSQL_TYPE_DATETIME, 63, 6);
        assert_eq!(
            dt.read(MyValue::Date(2024, 2, 29, 13, 5, 9, 120), "d")
                .unwrap(),
            Value::Text("2024-02-29 13:05:09.000120".into())
        );
        let ts = col(ColumnType::MYSQL_TYPE_TIMESTAMP, 63, 0);
        assert_eq!(
            ts.read(MyValue::Date(2024, 2, 29, 13, 5, 9, 0), "d")
                .unwrap(),
            Value::Text("2024-02-29 13:05:09+00:00".into())
        );
        let t = col(ColumnType::MYSQL_TYPE_TIME, 63, 3);
        assert_eq!(
            t.read(MyValue::Time(true, 1, 2, 3, 4, 500_000), "t")
                .unwrap(),
            Value::Text("-26:03:04.500".into())
        );
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn dates_as_chrono() {
        let d = col(ColumnType::MYSQL_TYPE_DATE, 63, 0);
        assert_eq!(
            d.read(MyValue::Date(0, 0, 0, 0, 0, 0, 0), "d")
                .unwrap_err()
                .kind,
            ErrorKind::Data
        );
        let t = col(ColumnType::MYSQL_TYPE_TIME, 63, 6);
        assert_eq!(
            t.read(MyValue::Time(false, 1, 0, 0, 0, 0), "t")
                .unwrap_err()
                .kind,
            ErrorKind::Data
        );
        assert!(to_mysql(&Value::Date(
            chrono::NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()
        ))
        .is_err());
    }

    #[test]
    fn params() {
        assert_eq!(to_mysql(&Value::Bool(true)).unwrap(), MyValue::Int(1));
        assert_eq!(
            to_mysql(&Value::Text("a'\\".into())).unwrap(),
            MyValue::Bytes(b"a'\\".to_vec())
        );
        assert_eq!(
            to_mysql(&Value::Float(f64::NAN)).unwrap_err().kind,
            ErrorKind::Data
        );
    }
}
