//! Parameters: [`Value`]s to the type the server inferred for each placeholder.
//!
//! The `postgres` crate binds strictly (an `i64` is refused for an `int4`
//! parameter), so each value is converted here, with checks, to the type of its
//! placeholder in the prepared statement:
//!
//! * numbers into `int2`/`int4`/`int8`/`oid` and `float4`/`float8` in binary,
//!   with range checks (an out-of-range value is an error, never a wrap; a float
//!   goes into an integer only when it is integral);
//! * `bool`, `bytea`, `uuid`, `date`, `time`, `timestamp` and `timestamptz` in
//!   binary when the value has that kind;
//! * everything else in the protocol's **text format**, as the value's natural
//!   text (`42`, `1.5`, `true`, the exact decimal, ISO-8601 dates, the JSON
//!   document…), parsed by the server's input function for the parameter's type.
//!   That is how `numeric` is bound losslessly, how text reaches `date`,
//!   `uuid`, `json`, enums or arrays, and how untyped placeholders (`SELECT $1`,
//!   which the server infers as `text`) receive numbers: as their text.

use super::types::{self, base_type};
use bytes::BytesMut;
use postgres::types::{Format, IsNull, ToSql, Type};
use sqlcraft::Value;
use std::borrow::Cow;
use std::error::Error;

/// What a placeholder's type needs from a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Bool,
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,
    Bytea,
    Uuid,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    /// Anything else: the value's text, in text format.
    Text,
}

impl Target {
    /// The target for a placeholder of type `ty` (domains take their base type).
    pub(crate) fn for_type(ty: &Type) -> Target {
        match base_type(ty).oid() {
            types::BOOL => Target::Bool,
            types::INT2 => Target::Int2,
            types::INT4 => Target::Int4,
            types::INT8 => Target::Int8,
            types::OID => Target::Oid,
            types::FLOAT4 => Target::Float4,
            types::FLOAT8 => Target::Float8,
            types::BYTEA => Target::Bytea,
            types::UUID => Target::Uuid,
            types::DATE => Target::Date,
            types::TIME => Target::Time,
            types::TIMESTAMP => Target::Timestamp,
            types::TIMESTAMPTZ => Target::TimestampTz,
            _ => Target::Text,
        }
    }
}

/// One encoded parameter, borrowing from the [`Value`] where it can.
#[derive(Debug)]
pub(crate) enum Param<'a> {
    Null,
    Bool(bool),
    I16(i16),
    I32(i32),
    I64(i64),
    U32(u32),
    F32(f32),
    F64(f64),
    /// Binary bytes (`bytea`, `uuid`).
    Bytes(&'a [u8]),
    /// Text sent in the text format, for the server's input function.
    Text(Cow<'a, str>),
}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Param::Null => return Ok(IsNull::Yes),
            Param::Bool(b) => out.extend_from_slice(&[u8::from(*b)]),
            Param::I16(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::I32(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::I64(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::U32(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::F32(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::F64(v) => out.extend_from_slice(&v.to_be_bytes()),
            Param::Bytes(b) => out.extend_from_slice(b),
            Param::Text(s) => out.extend_from_slice(s.as_bytes()),
        }
        Ok(IsNull::No)
    }

    fn accepts(_ty: &Type) -> bool {
        // `encode` has already matched the value to the placeholder's type.
        true
    }

    fn to_sql_checked(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        self.to_sql(ty, out)
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        match self {
            Param::Text(_) => Format::Text,
            _ => Format::Binary,
        }
    }
}

/// Why a value could not be converted, with the SQLSTATE the server would have
/// used for the same mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conversion {
    /// `22003` out of range, `22P02` not an integer, `22021` NUL in text,
    /// `22000` a value kind the placeholder's type cannot take.
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Conversion {
    fn new(code: &'static str, message: String) -> Conversion {
        Conversion { code, message }
    }
}

/// Converts `value` for a placeholder of type `ty` (whose [`Target`] is
/// `target`); the error says what is wrong with the value (the caller adds which
/// parameter it was).
pub(crate) fn encode<'a>(
    value: &'a Value,
    target: Target,
    ty: &Type,
) -> Result<Param<'a>, Conversion> {
    if value.is_null() {
        return Ok(Param::Null);
    }
    let typed = match target {
        Target::Int2 => integer(value)?.map(|i| {
            i16::try_from(i)
                .map(Param::I16)
                .map_err(|_| out_of_range(i, "smallint (int2)"))
        }),
        Target::Int4 => integer(value)?.map(|i| {
            i32::try_from(i)
                .map(Param::I32)
                .map_err(|_| out_of_range(i, "integer (int4)"))
        }),
        Target::Int8 => integer(value)?.map(|i| Ok(Param::I64(i))),
        Target::Oid => integer(value)?.map(|i| {
            u32::try_from(i)
                .map(Param::U32)
                .map_err(|_| out_of_range(i, "oid"))
        }),
        Target::Float8 => float(value).map(|f| Ok(Param::F64(f))),
        Target::Float4 => float(value).map(|f| {
            if f.is_finite() && f.abs() > f64::from(f32::MAX) {
                Err(Conversion::new(
                    "22003",
                    format!("{f:?} is out of range for real (float4)"),
                ))
            } else {
                Ok(Param::F32(f as f32))
            }
        }),
        Target::Bool => match value {
            Value::Bool(b) => Some(Ok(Param::Bool(*b))),
            _ => None,
        },
        Target::Bytea => match value {
            Value::Bytes(b) => Some(Ok(Param::Bytes(b))),
            Value::Text(s) => Some(Ok(Param::Bytes(s.as_bytes()))),
            other => {
                return Err(Conversion::new(
                    "22000",
                    format!(
                        "a {} value cannot be bound to a bytea parameter (bytes or text can)",
                        other.kind()
                    ),
                ))
            }
        },
        Target::Uuid => uuid(value),
        Target::Date | Target::Time | Target::Timestamp | Target::TimestampTz => {
            temporal(value, target)
        }
        Target::Text => None,
    };
    match typed {
        Some(result) => result,
        None => natural_text(value, ty).map(Param::Text),
    }
}

fn out_of_range(i: i64, ty: &str) -> Conversion {
    Conversion::new("22003", format!("{i} is out of range for {ty}"))
}

/// The integer of an integral value; `None` for kinds that go as text.
fn integer(value: &Value) -> Result<Option<i64>, Conversion> {
    match value {
        Value::Int(i) => Ok(Some(*i)),
        Value::Float(f) => {
            // `i64::MAX as f64` is 2^63 exactly: anything at or past it is no i64.
            if f.is_finite() && f.fract() == 0.0 && *f >= i64::MIN as f64 && *f < i64::MAX as f64 {
                Ok(Some(*f as i64))
            } else {
                Err(Conversion::new(
                    "22P02",
                    format!("{f:?} is not an integer in range for an integer parameter"),
                ))
            }
        }
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => {
            if d.fract().is_zero() {
                i64::try_from(d.trunc()).map(Some).map_err(|_| {
                    Conversion::new(
                        "22003",
                        format!("{d} is out of range for an integer parameter"),
                    )
                })
            } else {
                Err(Conversion::new("22P02", format!("{d} is not an integer")))
            }
        }
        _ => Ok(None),
    }
}

/// The float of a numeric value; `None` for kinds that go as text.
fn float(value: &Value) -> Option<f64> {
    match value {
        Value::Float(f) => Some(*f),
        // Rounds past 2^53, as the server's own int8-to-float8 cast does.
        Value::Int(i) => Some(*i as f64),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => f64::try_from(*d).ok(),
        _ => None,
    }
}

#[cfg(feature = "uuid")]
fn uuid(value: &Value) -> Option<Result<Param<'_>, Conversion>> {
    match value {
        Value::Uuid(u) => Some(Ok(Param::Bytes(u.as_bytes()))),
        _ => None,
    }
}

#[cfg(not(feature = "uuid"))]
fn uuid(_value: &Value) -> Option<Result<Param<'_>, Conversion>> {
    None
}

#[cfg(feature = "chrono")]
fn temporal(value: &Value, target: Target) -> Option<Result<Param<'static>, Conversion>> {
    use super::datetime::chrono_values::{date_days, time_micros, timestamp_micros};
    let range =
        |what: &str| Conversion::new("22008", format!("{what} is out of range for PostgreSQL"));
    Some(match (target, value) {
        (Target::Date, Value::Date(d)) => {
            date_days(*d).map(Param::I32).ok_or_else(|| range("date"))
        }
        (Target::Time, Value::Time(t)) => Ok(Param::I64(time_micros(*t))),
        (Target::Timestamp, Value::DateTime(dt)) => timestamp_micros(*dt)
            .map(Param::I64)
            .ok_or_else(|| range("timestamp")),
        // An instant into a timestamp without time zone: its UTC wall-clock time.
        (Target::Timestamp, Value::DateTimeUtc(dt)) => timestamp_micros(dt.naive_utc())
            .map(Param::I64)
            .ok_or_else(|| range("timestamp")),
        (Target::Timestamp, Value::Date(d)) => timestamp_micros(d.and_time(chrono::NaiveTime::MIN))
            .map(Param::I64)
            .ok_or_else(|| range("timestamp")),
        (Target::TimestampTz, Value::DateTimeUtc(dt)) => timestamp_micros(dt.naive_utc())
            .map(Param::I64)
            .ok_or_else(|| range("timestamp")),
        // Anything else (a naive date-time into timestamptz, which the server
        // reads in the session's TimeZone; text) goes as text.
        _ => return None,
    })
}

#[cfg(not(feature = "chrono"))]
fn temporal(_value: &Value, _target: Target) -> Option<Result<Param<'static>, Conversion>> {
    None
}

/// A float's text: the shortest that reads back as the same float, with
/// PostgreSQL's spellings of the special values.
pub(crate) fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        format!("{f:?}")
    }
}

/// The value's natural text, sent in text format for the server to parse as the
/// placeholder's type.
fn natural_text<'a>(value: &'a Value, ty: &Type) -> Result<Cow<'a, str>, Conversion> {
    let text: Cow<'a, str> = match value {
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Int(i) => Cow::Owned(itoa::Buffer::new().format(*i).to_owned()),
        Value::Float(f) => Cow::Owned(float_text(*f)),
        Value::Text(s) => Cow::Borrowed(s.as_str()),
        Value::Bytes(_) => {
            return Err(Conversion::new(
                "22000",
                format!(
                    "bytes can only be bound to a bytea parameter, not to {}; cast the \
                     placeholder in the SQL (`CAST($n AS BYTEA)`) if the server could not tell",
                    ty.name()
                ),
            ))
        }
        #[cfg(feature = "chrono")]
        Value::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
        #[cfg(feature = "chrono")]
        Value::Time(t) => Cow::Owned(t.format("%H:%M:%S%.f").to_string()),
        #[cfg(feature = "chrono")]
        Value::DateTime(dt) => Cow::Owned(dt.format("%Y-%m-%dT%H:%M:%S%.f").to_string()),
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(dt) => Cow::Owned(dt.format("%Y-%m-%dT%H:%M:%S%.f+00:00").to_string()),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => Cow::Owned(u.hyphenated().to_string()),
        #[cfg(feature = "json")]
        Value::Json(j) => Cow::Owned(j.to_string()),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => Cow::Owned(d.to_string()),
        other => {
            let feature = match other.kind() {
                "uuid" => "uuid",
                "json" => "json",
                "decimal" => "decimal",
                _ => "chrono",
            };
            return Err(Conversion::new(
                "22000",
                format!(
                    "{} values need sqlcraft-postgres's `{feature}` feature",
                    other.kind()
                ),
            ));
        }
    };
    if text.contains('\0') {
        return Err(Conversion::new(
            "22021",
            "text contains a NUL character (\\0), which PostgreSQL cannot store in text; \
             store such data as bytes in a bytea column"
                .to_owned(),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: Value, ty: Type) -> Result<Param<'static>, String> {
        let v: &'static Value = Box::leak(Box::new(v));
        encode(v, Target::for_type(&ty), &ty).map_err(|c| format!("{}: {}", c.code, c.message))
    }

    #[test]
    fn integers_are_range_checked() {
        assert!(matches!(
            enc(Value::Int(32767), Type::INT2),
            Ok(Param::I16(32767))
        ));
        assert!(enc(Value::Int(32768), Type::INT2)
            .unwrap_err()
            .contains("out of range"));
        assert!(enc(Value::Int(1 << 31), Type::INT4).is_err());
        assert!(matches!(
            enc(Value::Float(3.0), Type::INT4),
            Ok(Param::I32(3))
        ));
        assert!(enc(Value::Float(3.5), Type::INT4).is_err());
        assert!(enc(Value::Float(9.3e18), Type::INT8).is_err());
        assert!(enc(Value::Int(-1), Type::OID).is_err());
        assert!(enc(Value::Float(1e39), Type::FLOAT4).is_err());
        assert!(
            matches!(enc(Value::Float(f64::NAN), Type::FLOAT4), Ok(Param::F32(f)) if f.is_nan())
        );
    }

    #[test]
    fn everything_else_is_text() {
        let text = |v, ty| match enc(v, ty) {
            Ok(Param::Text(s)) => s.into_owned(),
            other => panic!("{other:?}"),
        };
        assert_eq!(text(Value::Int(5), Type::TEXT), "5");
        assert_eq!(text(Value::Float(0.1), Type::NUMERIC), "0.1");
        assert_eq!(text(Value::Float(1e300), Type::NUMERIC), "1e300");
        assert_eq!(
            text(Value::Float(f64::NEG_INFINITY), Type::NUMERIC),
            "-Infinity"
        );
        assert_eq!(text(Value::Bool(true), Type::TEXT), "true");
        assert_eq!(text(Value::Int(1), Type::BOOL), "1");
        assert!(enc(Value::Text("a\0b".into()), Type::TEXT)
            .unwrap_err()
            .contains("NUL"));
        assert!(enc(Value::Bytes(vec![1]), Type::TEXT)
            .unwrap_err()
            .contains("bytea"));
        assert!(enc(Value::Int(1), Type::BYTEA)
            .unwrap_err()
            .contains("bytea"));
    }
}
