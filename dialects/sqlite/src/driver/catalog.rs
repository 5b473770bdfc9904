//! Catalog queries for reflection: SQLite's table-valued PRAGMA functions,
//! which take the table and the schema (an attached database's name, `main`
//! by default) as bound values.

use crate::Sqlite;
use sqlcraft::dialect::Dialect;
use sqlcraft::engine::CatalogQuery;
use sqlcraft::Value;

/// `?1` is the table, `?2` the schema, in every query but the table list.
const COLUMNS: &str = "SELECT name, type, \"notnull\" = 0, dflt_value, \
     pk = 1 AND upper(type) = 'INTEGER' \
         AND (SELECT count(*) FROM pragma_table_info(?1, ?2) WHERE pk > 0) = 1, \
     NULL \
     FROM pragma_table_xinfo(?1, ?2) WHERE hidden <> 1 ORDER BY cid";

const PRIMARY_KEY: &str = "SELECT name FROM pragma_table_info(?1, ?2) WHERE pk > 0 ORDER BY pk";

// SQLite keeps no constraint names; a key that names no columns refers to the
// other table's primary key, in its order.
const FOREIGN_KEYS: &str = "SELECT fk.id, NULL, fk.\"from\", NULL, fk.\"table\", \
     coalesce(fk.\"to\", (SELECT p.name FROM pragma_table_info(fk.\"table\", ?2) AS p \
                          WHERE p.pk = fk.seq + 1)), \
     fk.on_delete, fk.on_update \
     FROM pragma_foreign_key_list(?1, ?2) AS fk ORDER BY fk.id, fk.seq";

// origin 'c': made by CREATE INDEX (not a PRIMARY KEY or UNIQUE constraint);
// key = 1 leaves out the rowid every index carries.
const INDEXES: &str = "SELECT il.name, ii.name, il.\"unique\", il.partial \
     FROM pragma_index_list(?1, ?2) AS il, pragma_index_xinfo(il.name, ?2) AS ii \
     WHERE il.origin = 'c' AND ii.key = 1 ORDER BY il.name, ii.seqno";

const UNIQUES: &str = "SELECT il.name, NULL, ii.name \
     FROM pragma_index_list(?1, ?2) AS il, pragma_index_info(il.name, ?2) AS ii \
     WHERE il.origin = 'u' ORDER BY il.name, ii.seqno";

/// The query answering `q`, with its parameters.
pub(crate) fn catalog_query(q: CatalogQuery<'_>) -> Option<(String, Vec<Value>)> {
    let sql = match q {
        CatalogQuery::TableNames { schema } | CatalogQuery::ViewNames { schema } => {
            let mut sql = String::from("SELECT name FROM ");
            if let Some(schema) = schema {
                Sqlite.write_identifier(schema, &mut sql);
                sql.push('.');
            }
            sql.push_str(if matches!(q, CatalogQuery::ViewNames { .. }) {
                "sqlite_master WHERE type = 'view' ORDER BY name"
            } else {
                "sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
                 ORDER BY name"
            });
            return Some((sql, Vec::new()));
        }
        // SQLite keeps a table's CHECK constraints only in its CREATE TABLE
        // text: the inspector reads them from it.
        CatalogQuery::TableDefinition { schema, table } => {
            let mut sql = String::from("SELECT sql FROM ");
            Sqlite.write_identifier(schema.unwrap_or("main"), &mut sql);
            sql.push_str(".sqlite_master WHERE type = 'table' AND name = ?1");
            return Some((sql, vec![Value::from(table)]));
        }
        CatalogQuery::Columns { .. } => COLUMNS,
        CatalogQuery::PrimaryKey { .. } => PRIMARY_KEY,
        CatalogQuery::ForeignKeys { .. } => FOREIGN_KEYS,
        CatalogQuery::Indexes { .. } => INDEXES,
        CatalogQuery::UniqueConstraints { .. } => UNIQUES,
        // SQLite keeps no comments: no row.
        CatalogQuery::TableComment { .. } => "SELECT NULL WHERE ?1 IS NULL AND ?2 IS NULL",
        _ => return None,
    };
    let schema = q.schema().unwrap_or("main");
    Some((
        sql.to_owned(),
        vec![Value::from(q.table()?), Value::from(schema)],
    ))
}
