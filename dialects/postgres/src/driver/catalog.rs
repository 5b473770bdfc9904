//! Catalog queries for reflection, on `pg_catalog`: `$1` is the table and `$2`
//! the schema (NULL for `current_schema()`), except in the table list, whose
//! only parameter is the schema. Names are cast to `text`.

use sqlcraft::engine::CatalogQuery;
use sqlcraft::Value;

/// The table's rows in `pg_class`, in the schema asked for.
const TABLE: &str = "JOIN pg_class c ON c.oid = {rel} \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     AND n.nspname = coalesce($2::text, current_schema()) AND c.relname = $1::text";

const COLUMNS: &str = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), \
     NOT a.attnotnull, \
     CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END, \
     a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%', \
     col_description(a.attrelid, a.attnum) \
     FROM pg_attribute a {table} \
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
     WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY a.attnum";

const PRIMARY_KEY: &str = "SELECT a.attname::text FROM pg_index i {table} \
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos) \
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
     WHERE i.indisprimary ORDER BY k.pos";

const FOREIGN_KEYS: &str = "SELECT con.oid::bigint, con.conname::text, a.attname::text, \
     nullif(rn.nspname, n.nspname)::text, rc.relname::text, ra.attname::text, \
     CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
         WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END, \
     CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
         WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END \
     FROM pg_constraint con {table} \
     JOIN pg_class rc ON rc.oid = con.confrelid \
     JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
     CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, refcol, pos) \
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col \
     JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refcol \
     WHERE con.contype = 'f' ORDER BY con.conname, con.oid, k.pos";

// Key columns only (not INCLUDE ones); an expression's key part has attnum 0
// and so no column. Indexes behind constraints are the constraints'.
const INDEXES: &str = "SELECT ic.relname::text, a.attname::text, i.indisunique, \
     i.indpred IS NOT NULL \
     FROM pg_index i {table} \
     JOIN pg_class ic ON ic.oid = i.indexrelid \
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos) \
     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
         AND k.attnum > 0 \
     WHERE NOT i.indisprimary AND k.pos <= i.indnkeyatts \
     AND NOT EXISTS (SELECT 1 FROM pg_constraint con \
                     WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) \
     ORDER BY ic.relname, k.pos";

const UNIQUES: &str = "SELECT con.conname::text, con.conname::text, a.attname::text \
     FROM pg_constraint con {table} \
     CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(col, pos) \
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col \
     WHERE con.contype = 'u' ORDER BY con.conname, k.pos";

const TABLE_COMMENT: &str = "SELECT obj_description(c.oid, 'pg_class') FROM pg_class t {table} \
     WHERE c.relkind IN ('r', 'p')";

// pg_get_constraintdef spells the condition `CHECK (…)`, with ` NOT VALID`
// after a constraint not yet checked on the existing rows; the condition alone
// is what is reported.
const CHECKS: &str = "SELECT con.conname::text, \
     regexp_replace(pg_get_constraintdef(con.oid), '^CHECK \\((.*)\\)( NOT VALID)?$', '\\1') \
     FROM pg_constraint con {table} \
     WHERE con.contype = 'c' ORDER BY con.conname";

/// The query answering `q`, with its parameters.
pub(crate) fn catalog_query(q: CatalogQuery<'_>) -> Option<(String, Vec<Value>)> {
    let (sql, rel) = match q {
        CatalogQuery::TableNames { schema } | CatalogQuery::ViewNames { schema } => {
            let kinds = if matches!(q, CatalogQuery::ViewNames { .. }) {
                "('v', 'm')"
            } else {
                "('r', 'p')"
            };
            let sql = format!(
                "SELECT c.relname::text FROM pg_class c \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relkind IN {kinds} AND n.nspname = coalesce($1::text, current_schema()) \
                 ORDER BY 1"
            );
            return Some((sql, vec![Value::from(schema)]));
        }
        CatalogQuery::Columns { .. } => (COLUMNS, "a.attrelid"),
        CatalogQuery::PrimaryKey { .. } => (PRIMARY_KEY, "i.indrelid"),
        CatalogQuery::ForeignKeys { .. } => (FOREIGN_KEYS, "con.conrelid"),
        CatalogQuery::Indexes { .. } => (INDEXES, "i.indrelid"),
        CatalogQuery::UniqueConstraints { .. } => (UNIQUES, "con.conrelid"),
        CatalogQuery::TableComment { .. } => (TABLE_COMMENT, "t.oid"),
        CatalogQuery::CheckConstraints { .. } => (CHECKS, "con.conrelid"),
        _ => return None,
    };
    let sql = sql.replace("{table}", &TABLE.replace("{rel}", rel));
    Some((sql, vec![Value::from(q.table()?), Value::from(q.schema())]))
}
