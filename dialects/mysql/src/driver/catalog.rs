//! Catalog queries for reflection, on `information_schema`: the first
//! parameter is the schema (NULL for `DATABASE()`), the second the table.

use crate::Flavor;
use sqlcraft::engine::CatalogQuery;
use sqlcraft::Value;

const SCHEMA: &str = "coalesce(?, DATABASE())";

// MariaDB reports a nullable column without a default as the word NULL (a
// string default would be quoted), and a generated column's expression apart.
const COLUMNS: &str = "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', \
     CASE WHEN EXTRA LIKE '%GENERATED%' THEN NULL ELSE nullif(COLUMN_DEFAULT, 'NULL') END, \
     EXTRA LIKE '%auto_increment%', nullif(COLUMN_COMMENT, '') \
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {schema} AND TABLE_NAME = ? \
     ORDER BY ORDINAL_POSITION";

const PRIMARY_KEY: &str = "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
     WHERE TABLE_SCHEMA = {schema} AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' \
     ORDER BY ORDINAL_POSITION";

const FOREIGN_KEYS: &str = "SELECT k.CONSTRAINT_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, \
     nullif(k.REFERENCED_TABLE_SCHEMA, k.TABLE_SCHEMA), k.REFERENCED_TABLE_NAME, \
     k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE \
     FROM information_schema.KEY_COLUMN_USAGE k \
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
      AND r.TABLE_NAME = k.TABLE_NAME \
     WHERE k.TABLE_SCHEMA = {schema} AND k.TABLE_NAME = ? \
       AND k.REFERENCED_TABLE_NAME IS NOT NULL \
     ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

// A unique index is a unique constraint here (the catalogs do not tell them
// apart), and a foreign key's own index belongs to the key.
const INDEXES: &str = "SELECT s.INDEX_NAME, s.COLUMN_NAME, s.NON_UNIQUE = 0, FALSE \
     FROM information_schema.STATISTICS s \
     WHERE s.TABLE_SCHEMA = {schema} AND s.TABLE_NAME = ? AND s.INDEX_NAME <> 'PRIMARY' \
       AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc \
                       WHERE tc.TABLE_SCHEMA = s.TABLE_SCHEMA AND tc.TABLE_NAME = s.TABLE_NAME \
                         AND tc.CONSTRAINT_NAME = s.INDEX_NAME \
                         AND tc.CONSTRAINT_TYPE IN ('UNIQUE', 'FOREIGN KEY')) \
     ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX";

const UNIQUES: &str = "SELECT k.CONSTRAINT_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME \
     FROM information_schema.KEY_COLUMN_USAGE k \
     JOIN information_schema.TABLE_CONSTRAINTS tc \
       ON tc.TABLE_SCHEMA = k.TABLE_SCHEMA AND tc.TABLE_NAME = k.TABLE_NAME \
      AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
     WHERE tc.CONSTRAINT_TYPE = 'UNIQUE' AND k.TABLE_SCHEMA = {schema} AND k.TABLE_NAME = ? \
     ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const TABLE_COMMENT: &str = "SELECT nullif(TABLE_COMMENT, '') FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = {schema} AND TABLE_NAME = ?";

// MariaDB names CHECK constraints per table (two tables may each have a
// `CONSTRAINT_1`) and keeps the table's name beside each; MySQL names them per
// schema and keeps the table only in TABLE_CONSTRAINTS.
const CHECKS_MARIADB: &str = "SELECT CONSTRAINT_NAME, CHECK_CLAUSE \
     FROM information_schema.CHECK_CONSTRAINTS \
     WHERE CONSTRAINT_SCHEMA = {schema} AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME";

const CHECKS_MYSQL: &str = "SELECT cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE \
     FROM information_schema.TABLE_CONSTRAINTS tc \
     JOIN information_schema.CHECK_CONSTRAINTS cc \
       ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
     WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = {schema} AND tc.TABLE_NAME = ? \
     ORDER BY cc.CONSTRAINT_NAME";

/// The query answering `q` on a server of `flavor`, with its parameters.
pub(crate) fn catalog_query(q: CatalogQuery<'_>, flavor: Flavor) -> Option<(String, Vec<Value>)> {
    let sql = match q {
        CatalogQuery::TableNames { schema } | CatalogQuery::ViewNames { schema } => {
            let kind = if matches!(q, CatalogQuery::ViewNames { .. }) {
                "VIEW"
            } else {
                "BASE TABLE"
            };
            let sql = format!(
                "SELECT TABLE_NAME FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = {SCHEMA} AND TABLE_TYPE = '{kind}' ORDER BY TABLE_NAME"
            );
            return Some((sql, vec![Value::from(schema)]));
        }
        CatalogQuery::Columns { .. } => COLUMNS,
        CatalogQuery::PrimaryKey { .. } => PRIMARY_KEY,
        CatalogQuery::ForeignKeys { .. } => FOREIGN_KEYS,
        CatalogQuery::Indexes { .. } => INDEXES,
        CatalogQuery::UniqueConstraints { .. } => UNIQUES,
        CatalogQuery::TableComment { .. } => TABLE_COMMENT,
        CatalogQuery::CheckConstraints { .. } => match flavor {
            Flavor::MariaDb => CHECKS_MARIADB,
            Flavor::MySql => CHECKS_MYSQL,
        },
        _ => return None,
    };
    let params = vec![Value::from(q.schema()), Value::from(q.table()?)];
    Some((sql.replace("{schema}", SCHEMA), params))
}
