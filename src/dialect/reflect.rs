//! Type names read back from a catalog, mapped to [`SqlType`]s.

use crate::types::SqlType;

/// The [`SqlType`] a catalog's type name stands for, as SQLite declarations,
/// PostgreSQL's `format_type` and MySQL's `COLUMN_TYPE` spell them; `None` for a
/// name it does not know. Case and spacing do not matter; integer display
/// widths (`int(11)`) and `unsigned` are ignored.
///
/// Some names are ambiguous, and the common meaning wins: `tinyint(1)` is
/// [`SqlType::Boolean`] (MySQL's `BOOL`), `char(n)` is a [`SqlType::String`]
/// (also where sqlcraft wrote `CHAR(36)` for a UUID), and MySQL's `longtext`
/// is [`SqlType::Text`] (also where the column was declared `JSON` on MariaDB).
pub(crate) fn standard_type(name: &str) -> Option<SqlType> {
    let lower = name.trim().to_ascii_lowercase();
    let mut t = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut timezone = false;
    if let Some(rest) = t.strip_suffix(" with time zone") {
        timezone = true;
        t = rest.to_owned();
    } else if let Some(rest) = t.strip_suffix(" without time zone") {
        t = rest.to_owned();
    }
    let (base, args) = match t.find('(') {
        Some(open) => {
            let close = t.rfind(')').filter(|&c| c > open)?;
            (t[..open].trim(), Some(t[open + 1..close].trim()))
        }
        None => (t.as_str(), None),
    };
    // MySQL's attributes after the type: `int(10) unsigned`, `double zerofill`.
    let base = base
        .trim_end_matches(" unsigned")
        .trim_end_matches(" zerofill");
    let length = || args.and_then(|a| a.parse::<u32>().ok());
    Some(match base {
        "smallint" | "int2" | "smallserial" => SqlType::SmallInteger,
        "tinyint" if args == Some("1") => SqlType::Boolean,
        "tinyint" => SqlType::SmallInteger,
        "integer" | "int" | "int4" | "mediumint" | "serial" => SqlType::Integer,
        "bigint" | "int8" | "bigserial" => SqlType::BigInteger,
        "boolean" | "bool" => SqlType::Boolean,
        "varchar" | "character varying" | "nvarchar" | "char" | "character" | "nchar"
        | "bpchar" => SqlType::String(length()),
        "text" | "tinytext" | "mediumtext" | "longtext" | "clob" => SqlType::Text,
        "real" | "double" | "double precision" | "float" | "float4" | "float8" => SqlType::Float,
        "numeric" | "decimal" => {
            let mut parts = args?.split(',').map(|p| p.trim().parse::<u8>());
            let precision = parts.next()?.ok()?;
            let scale = match parts.next() {
                Some(s) => s.ok()?,
                None => 0,
            };
            SqlType::Numeric(precision, scale)
        }
        "date" => SqlType::Date,
        "time" | "timetz" => SqlType::Time,
        "timestamp" | "datetime" => SqlType::DateTime { timezone },
        "timestamptz" => SqlType::DateTime { timezone: true },
        "interval" => SqlType::Interval,
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "varbinary" | "binary" => {
            SqlType::LargeBinary
        }
        "json" | "jsonb" => SqlType::Json,
        "uuid" => SqlType::Uuid,
        "enum" => SqlType::enumeration("enum", enum_values(args?)?),
        _ => return None,
    })
}

/// The values of MySQL's `enum('a','it''s')`: quoted strings, a doubled quote
/// standing for one.
fn enum_values(args: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut chars = args.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                c => value.push(c),
            }
        }
        values.push(value);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => return Some(values),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_spellings_map_to_types() {
        let cases = [
            ("INTEGER", Some(SqlType::Integer)),
            ("int(11)", Some(SqlType::Integer)),
            ("int(10) unsigned", Some(SqlType::Integer)),
            ("bigint(20)", Some(SqlType::BigInteger)),
            ("tinyint(1)", Some(SqlType::Boolean)),
            ("tinyint(4)", Some(SqlType::SmallInteger)),
            ("character varying(50)", Some(SqlType::String(Some(50)))),
            ("character varying", Some(SqlType::String(None))),
            ("VARCHAR(20)", Some(SqlType::String(Some(20)))),
            ("CHAR(36)", Some(SqlType::String(Some(36)))),
            ("longtext", Some(SqlType::Text)),
            ("double precision", Some(SqlType::Float)),
            ("NUMERIC(12, 2)", Some(SqlType::Numeric(12, 2))),
            ("decimal(10,0)", Some(SqlType::Numeric(10, 0))),
            ("numeric", None),
            (
                "timestamp without time zone",
                Some(SqlType::DateTime { timezone: false }),
            ),
            (
                "timestamp(3) with time zone",
                Some(SqlType::DateTime { timezone: true }),
            ),
            ("datetime(6)", Some(SqlType::DateTime { timezone: false })),
            ("time(6)", Some(SqlType::Time)),
            ("bytea", Some(SqlType::LargeBinary)),
            ("longblob", Some(SqlType::LargeBinary)),
            ("jsonb", Some(SqlType::Json)),
            ("uuid", Some(SqlType::Uuid)),
            ("", None),
            ("geometry", None),
            ("varchar(50", None),
        ];
        for (name, want) in cases {
            assert_eq!(standard_type(name), want, "{name:?}");
        }
    }

    #[test]
    fn mysql_enum_values_are_unquoted() {
        let Some(SqlType::Enum(e)) = standard_type("enum('new','it''s', 'a,b')") else {
            panic!("not an enum");
        };
        assert_eq!(e.variants, ["new", "it's", "a,b"]);
        assert_eq!(standard_type("enum('open"), None);
        assert_eq!(standard_type("enum(new)"), None);
    }
}
