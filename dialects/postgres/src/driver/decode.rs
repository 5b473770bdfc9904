//! Result columns: PostgreSQL's binary formats to [`Value`]s.
//!
//! The `postgres` crate asks for every result column in binary, so each column's
//! type picks a [`Decoder`] once, when the statement is prepared, and the raw
//! bytes of each value go through it. Nothing is read through a float unless it
//! is one: `numeric` becomes `Value::Decimal` (feature `decimal`) or its exact
//! decimal text.

use super::datetime;
use super::numeric::numeric_text;
use super::types::{self, base_type};
use postgres::types::{FromSql, Kind, Type};
use sqlcraft::Value;
use std::error::Error;

/// A column value's raw binary bytes, whatever its type.
pub(crate) struct Raw<'a>(pub(crate) &'a [u8]);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_ty: &Type, raw: &'a [u8]) -> Result<Raw<'a>, Box<dyn Error + Sync + Send>> {
        Ok(Raw(raw))
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }
}

/// How to turn one column's binary values into [`Value`]s.
#[derive(Debug, Clone)]
pub(crate) enum Decoder {
    Bool,
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,
    Numeric,
    Text,
    Char,
    Bytea,
    Uuid,
    Json,
    Jsonb,
    Date,
    Time,
    TimeTz,
    Timestamp,
    TimestampTz,
    Interval,
    Inet,
    /// `void`, what a function without a result returns (`SELECT pg_sleep(0)`):
    /// no value, so NULL.
    Void,
    /// A type the adapter cannot read; non-NULL values are errors naming it.
    Unsupported(String),
}

impl Decoder {
    /// The decoder for a column of type `ty` (domains decode as their base type).
    pub(crate) fn for_type(ty: &Type) -> Decoder {
        let base = base_type(ty);
        match base.oid() {
            types::BOOL => Decoder::Bool,
            types::INT2 => Decoder::Int2,
            types::INT4 => Decoder::Int4,
            types::INT8 => Decoder::Int8,
            types::OID => Decoder::Oid,
            types::FLOAT4 => Decoder::Float4,
            types::FLOAT8 => Decoder::Float8,
            types::NUMERIC => Decoder::Numeric,
            types::CHAR => Decoder::Char,
            types::BYTEA => Decoder::Bytea,
            types::UUID => Decoder::Uuid,
            types::JSON => Decoder::Json,
            types::JSONB => Decoder::Jsonb,
            types::DATE => Decoder::Date,
            types::TIME => Decoder::Time,
            types::TIMETZ => Decoder::TimeTz,
            types::TIMESTAMP => Decoder::Timestamp,
            types::TIMESTAMPTZ => Decoder::TimestampTz,
            types::INTERVAL => Decoder::Interval,
            types::INET | types::CIDR => Decoder::Inet,
            types::VOID => Decoder::Void,
            _ if types::is_textual(base) => Decoder::Text,
            _ => Decoder::Unsupported(type_display(ty)),
        }
    }

    /// Decodes one non-NULL value; the error says what was wrong (the caller
    /// adds the column).
    pub(crate) fn decode(&self, raw: &[u8]) -> Result<Value, String> {
        Ok(match self {
            Decoder::Bool => Value::Bool(fixed::<1>(raw, "bool")?[0] != 0),
            Decoder::Int2 => Value::Int(i16::from_be_bytes(fixed(raw, "int2")?).into()),
            Decoder::Int4 => Value::Int(i32::from_be_bytes(fixed(raw, "int4")?).into()),
            Decoder::Int8 => Value::Int(i64::from_be_bytes(fixed(raw, "int8")?)),
            Decoder::Oid => Value::Int(u32::from_be_bytes(fixed(raw, "oid")?).into()),
            Decoder::Float4 => Value::Float(f32::from_be_bytes(fixed(raw, "float4")?).into()),
            Decoder::Float8 => Value::Float(f64::from_be_bytes(fixed(raw, "float8")?)),
            Decoder::Numeric => numeric_value(numeric_text(raw)?),
            Decoder::Text => Value::Text(utf8(raw)?.to_owned()),
            Decoder::Char => Value::Text(char_text(fixed::<1>(raw, "\"char\"")?[0])),
            Decoder::Bytea => Value::Bytes(raw.to_vec()),
            Decoder::Uuid => uuid_value(fixed(raw, "uuid")?),
            Decoder::Json => json_value(utf8(raw)?),
            Decoder::Jsonb => match raw.split_first() {
                Some((1, doc)) => json_value(utf8(doc)?),
                _ => return Err("unknown binary jsonb version".to_owned()),
            },
            Decoder::Date => date_value(i32::from_be_bytes(fixed(raw, "date")?)),
            Decoder::Time => time_value(i64::from_be_bytes(fixed(raw, "time")?)),
            Decoder::TimeTz => {
                let b: [u8; 12] = fixed(raw, "timetz")?;
                let micros = i64::from_be_bytes(b[..8].try_into().expect("8 bytes"));
                let west = i32::from_be_bytes(b[8..].try_into().expect("4 bytes"));
                Value::Text(datetime::timetz_text(micros, west))
            }
            Decoder::Timestamp => timestamp_value(i64::from_be_bytes(fixed(raw, "timestamp")?)),
            Decoder::TimestampTz => {
                timestamptz_value(i64::from_be_bytes(fixed(raw, "timestamptz")?))
            }
            Decoder::Interval => {
                let b: [u8; 16] = fixed(raw, "interval")?;
                let micros = i64::from_be_bytes(b[..8].try_into().expect("8 bytes"));
                let days = i32::from_be_bytes(b[8..12].try_into().expect("4 bytes"));
                let months = i32::from_be_bytes(b[12..].try_into().expect("4 bytes"));
                Value::Text(datetime::interval_text(months, days, micros))
            }
            Decoder::Inet => Value::Text(inet_text(raw)?),
            Decoder::Void => Value::Null,
            Decoder::Unsupported(name) => {
                return Err(format!(
                    "sqlcraft-postgres cannot read values of type {name}; \
                     cast the column to text in the query (e.g. `col::text`)"
                ))
            }
        })
    }
}

/// The type's name for messages (`int4[]` for arrays), with its schema when
/// not `pg_catalog`.
fn type_display(ty: &Type) -> String {
    if let Kind::Array(element) = ty.kind() {
        return format!("{}[]", type_display(element));
    }
    match ty.schema() {
        "pg_catalog" | "public" | "" => ty.name().to_owned(),
        schema => format!("{schema}.{}", ty.name()),
    }
}

fn fixed<const N: usize>(raw: &[u8], ty: &str) -> Result<[u8; N], String> {
    raw.try_into()
        .map_err(|_| format!("binary {ty} value of {} bytes, expected {N}", raw.len()))
}

fn utf8(raw: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(raw).map_err(|e| format!("text that is not valid UTF-8: {e}"))
}

/// The internal one-byte `"char"` type, printed as PostgreSQL prints it.
fn char_text(b: u8) -> String {
    if b.is_ascii() {
        char::from(b).to_string()
    } else {
        format!("\\{b:03o}")
    }
}

#[cfg(feature = "decimal")]
fn numeric_value(text: String) -> Value {
    // NaN, ±Infinity and values past Decimal's 28 digits stay exact text
    // (`from_str_exact` refuses rather than rounds).
    rust_decimal::Decimal::from_str_exact(&text).map_or_else(|_| Value::Text(text), Value::Decimal)
}

#[cfg(not(feature = "decimal"))]
fn numeric_value(text: String) -> Value {
    Value::Text(text)
}

#[cfg(feature = "uuid")]
fn uuid_value(b: [u8; 16]) -> Value {
    Value::Uuid(uuid::Uuid::from_bytes(b))
}

#[cfg(not(feature = "uuid"))]
fn uuid_value(b: [u8; 16]) -> Value {
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push_str(&format!("{byte:02x}"));
    }
    Value::Text(s)
}

#[cfg(feature = "json")]
fn json_value(doc: &str) -> Value {
    // The server has validated the document; serde_json may still refuse one
    // (numbers past f64, nesting past its limit): then it stays text.
    serde_json::from_str(doc).map_or_else(|_| Value::Text(doc.to_owned()), Value::Json)
}

#[cfg(not(feature = "json"))]
fn json_value(doc: &str) -> Value {
    Value::Text(doc.to_owned())
}

#[cfg(feature = "chrono")]
fn date_value(days: i32) -> Value {
    datetime::chrono_values::date(days)
        .map_or_else(|| Value::Text(datetime::date_text(days)), Value::Date)
}

#[cfg(not(feature = "chrono"))]
fn date_value(days: i32) -> Value {
    Value::Text(datetime::date_text(days))
}

#[cfg(feature = "chrono")]
fn time_value(micros: i64) -> Value {
    datetime::chrono_values::time(micros)
        .map_or_else(|| Value::Text(datetime::time_text(micros)), Value::Time)
}

#[cfg(not(feature = "chrono"))]
fn time_value(micros: i64) -> Value {
    Value::Text(datetime::time_text(micros))
}

#[cfg(feature = "chrono")]
fn timestamp_value(micros: i64) -> Value {
    datetime::chrono_values::timestamp(micros).map_or_else(
        || Value::Text(datetime::timestamp_text(micros, false)),
        |t| Value::DateTime(t.naive_utc()),
    )
}

#[cfg(not(feature = "chrono"))]
fn timestamp_value(micros: i64) -> Value {
    Value::Text(datetime::timestamp_text(micros, false))
}

#[cfg(feature = "chrono")]
fn timestamptz_value(micros: i64) -> Value {
    datetime::chrono_values::timestamp(micros).map_or_else(
        || Value::Text(datetime::timestamp_text(micros, true)),
        Value::DateTimeUtc,
    )
}

#[cfg(not(feature = "chrono"))]
fn timestamptz_value(micros: i64) -> Value {
    Value::Text(datetime::timestamp_text(micros, true))
}

/// `inet`/`cidr`: family (2 = IPv4, 3 = IPv6), prefix bits, is-cidr flag,
/// address length, address; printed as PostgreSQL prints it.
fn inet_text(raw: &[u8]) -> Result<String, String> {
    let bad = || format!("malformed binary inet/cidr value of {} bytes", raw.len());
    let (&[family, bits, is_cidr, len], addr) = raw.split_first_chunk::<4>().ok_or_else(bad)?;
    let (ip, max_bits) = match (family, len, addr.len()) {
        (2, 4, 4) => {
            let a: [u8; 4] = addr.try_into().map_err(|_| bad())?;
            (std::net::Ipv4Addr::from(a).to_string(), 32)
        }
        (3, 16, 16) => {
            let a: [u8; 16] = addr.try_into().map_err(|_| bad())?;
            (std::net::Ipv6Addr::from(a).to_string(), 128)
        }
        _ => return Err(bad()),
    };
    Ok(if is_cidr != 0 || bits != max_bits {
        format!("{ip}/{bits}")
    } else {
        ip
    })
}
