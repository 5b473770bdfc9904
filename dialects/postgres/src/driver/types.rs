//! The PostgreSQL types the adapter knows, by OID (stable since PostgreSQL 8),
//! after looking through domains to their base type.

use postgres::types::{Kind, Type};

pub(crate) const BOOL: u32 = 16;
pub(crate) const BYTEA: u32 = 17;
pub(crate) const CHAR: u32 = 18;
pub(crate) const NAME: u32 = 19;
pub(crate) const INT8: u32 = 20;
pub(crate) const INT2: u32 = 21;
pub(crate) const INT4: u32 = 23;
pub(crate) const TEXT: u32 = 25;
pub(crate) const OID: u32 = 26;
pub(crate) const JSON: u32 = 114;
pub(crate) const XML: u32 = 142;
pub(crate) const CIDR: u32 = 650;
pub(crate) const FLOAT4: u32 = 700;
pub(crate) const FLOAT8: u32 = 701;
pub(crate) const UNKNOWN: u32 = 705;
pub(crate) const INET: u32 = 869;
pub(crate) const BPCHAR: u32 = 1042;
pub(crate) const VARCHAR: u32 = 1043;
pub(crate) const DATE: u32 = 1082;
pub(crate) const TIME: u32 = 1083;
pub(crate) const TIMESTAMP: u32 = 1114;
pub(crate) const TIMESTAMPTZ: u32 = 1184;
pub(crate) const INTERVAL: u32 = 1186;
pub(crate) const TIMETZ: u32 = 1266;
pub(crate) const NUMERIC: u32 = 1700;
pub(crate) const REFCURSOR: u32 = 1790;
pub(crate) const VOID: u32 = 2278;
pub(crate) const UUID: u32 = 2950;
pub(crate) const JSONB: u32 = 3802;

/// The type itself, or for a domain the base type it is built on (domains
/// share their base type's binary format).
pub(crate) fn base_type(ty: &Type) -> &Type {
    let mut t = ty;
    while let Kind::Domain(inner) = t.kind() {
        t = inner;
    }
    t
}

/// Whether values of the type travel in the binary protocol as plain UTF-8
/// text: the character types, enums and `citext`.
pub(crate) fn is_textual(ty: &Type) -> bool {
    matches!(
        ty.oid(),
        TEXT | VARCHAR | BPCHAR | NAME | UNKNOWN | XML | REFCURSOR
    ) || matches!(ty.kind(), Kind::Enum(_))
        || ty.name() == "citext"
}
