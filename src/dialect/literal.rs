//! ANSI literal rendering and type names, the defaults of [`super::Dialect`].

use super::Dialect;
use crate::error::{Error, Result};
use crate::types::SqlType;
use crate::value::Value;
use std::borrow::Cow;

/// Writes `'s'` with single quotes doubled; refuses NUL, which no engine keeps in a
/// text literal intact.
///
/// ```
/// use sqlcraft::dialect::write_ansi_string_literal;
/// let mut out = String::new();
/// write_ansi_string_literal("mine", "O'Neil", &mut out)?;
/// assert_eq!(out, "'O''Neil'");
/// assert!(write_ansi_string_literal("mine", "a\0", &mut out).is_err());
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn ansi_string(dialect: &'static str, s: &str, out: &mut String) -> Result<()> {
    if s.contains('\0') {
        return Err(Error::unsupported(
            dialect,
            "a NUL character in a string literal (bind it as a parameter instead)",
        ));
    }
    out.reserve(s.len() + 2);
    out.push('\'');
    for ch in s.chars() {
        if ch == '\'' {
            out.push('\'');
        }
        out.push(ch);
    }
    out.push('\'');
    Ok(())
}

/// Writes `X'0a1b…'`.
///
/// ```
/// let mut out = String::new();
/// sqlcraft::dialect::write_hex_bytes(&[0xde, 0xad, 0x01], &mut out);
/// assert_eq!(out, "X'DEAD01'");
/// ```
pub fn hex_bytes(b: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(b.len() * 2 + 3);
    out.push_str("X'");
    for byte in b {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out.push('\'');
}

/// Writes any value as a literal through the dialect's string, bytes and boolean
/// hooks.
pub(crate) fn write_value<D: Dialect + ?Sized>(d: &D, v: &Value, out: &mut String) -> Result<()> {
    match v {
        Value::Null => out.push_str("NULL"),
        Value::Bool(b) => d.write_bool_literal(*b, out),
        Value::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(d.unsupported("a non-finite float literal (bind it as a parameter)"));
            }
            out.push_str(ryu::Buffer::new().format_finite(*f));
        }
        Value::Text(s) => d.write_string_literal(s, out)?,
        Value::Bytes(b) => d.write_bytes_literal(b, out)?,
        #[cfg(feature = "chrono")]
        Value::Date(x) => d.write_string_literal(&x.format("%Y-%m-%d").to_string(), out)?,
        #[cfg(feature = "chrono")]
        Value::Time(x) => d.write_string_literal(&x.format("%H:%M:%S%.f").to_string(), out)?,
        #[cfg(feature = "chrono")]
        Value::DateTime(x) => {
            d.write_string_literal(&x.format("%Y-%m-%d %H:%M:%S%.f").to_string(), out)?
        }
        #[cfg(feature = "chrono")]
        Value::DateTimeUtc(x) => {
            d.write_string_literal(&x.format("%Y-%m-%d %H:%M:%S%.f+00:00").to_string(), out)?
        }
        #[cfg(feature = "uuid")]
        Value::Uuid(x) => d.write_string_literal(&x.hyphenated().to_string(), out)?,
        #[cfg(feature = "json")]
        Value::Json(x) => d.write_string_literal(&x.to_string(), out)?,
        #[cfg(feature = "decimal")]
        Value::Decimal(x) => out.push_str(&x.to_string()),
        Value::List(_) => {
            return Err(crate::error::Error::invalid(
                crate::value::LIST_VALUE_MISPLACED,
            ))
        }
    }
    Ok(())
}

/// The ANSI type names.
pub(crate) fn ansi_type_name(dialect: &'static str, ty: &SqlType) -> Result<Cow<'static, str>> {
    Ok(match ty {
        SqlType::SmallInteger => "SMALLINT".into(),
        SqlType::Integer => "INTEGER".into(),
        SqlType::BigInteger => "BIGINT".into(),
        SqlType::String(Some(n)) => format!("VARCHAR({n})").into(),
        SqlType::String(None) => "VARCHAR".into(),
        SqlType::Text => "TEXT".into(),
        SqlType::Float => "DOUBLE PRECISION".into(),
        SqlType::Numeric(p, s) => format!("NUMERIC({p}, {s})").into(),
        SqlType::Boolean => "BOOLEAN".into(),
        SqlType::Date => "DATE".into(),
        SqlType::Time => "TIME".into(),
        SqlType::DateTime { timezone: false } => "TIMESTAMP".into(),
        SqlType::DateTime { timezone: true } => "TIMESTAMP WITH TIME ZONE".into(),
        SqlType::Interval => "INTERVAL".into(),
        SqlType::LargeBinary => "BLOB".into(),
        SqlType::Json => "JSON".into(),
        SqlType::Uuid => "UUID".into(),
        SqlType::Enum(e) => {
            let longest = e.variants.iter().map(|v| v.chars().count()).max();
            match longest {
                Some(n) => format!("VARCHAR({})", n.max(1)).into(),
                None => {
                    return Err(Error::unsupported(
                        dialect,
                        "an enumerated type with no values",
                    ))
                }
            }
        }
    })
}
