//! DDL through the engine: `MetaData::create_all` / `drop_all`.

use super::Engine;
use crate::compile::Compile;
use crate::error::Result;
use crate::schema::{MetaData, Table};

fn exists(conn: &mut super::Connection, engine: &Engine, table: &Table) -> Result<bool> {
    let (sql, params) = engine
        .inner()
        .driver
        .table_exists_query(table.schema(), table.name());
    Ok(conn.exec_driver_sql(&sql, &params)?.first()?.is_some())
}

impl MetaData {
    /// Creates every sequence, then every table and index, parents first, in one
    /// transaction; tables that already exist are left alone (SQLAlchemy's
    /// `checkfirst=True`).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let users = meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// meta.create_all(&engine)?;
    /// meta.create_all(&engine)?; // already there: skipped
    /// let mut conn = engine.connect()?;
    /// conn.execute(&insert(&users).value("id", 1))?;
    /// assert_eq!(conn.execute(&select(users.c("id")).from(&users))?.scalar_one::<i64>()?, 1);
    /// # Ok(()) }
    /// ```
    pub fn create_all(&self, engine: &Engine) -> Result<()> {
        self.create_all_with(engine, true)
    }

    /// Creates every table and index; with `checkfirst`, skips existing tables.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let users = meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let _ = &users;
    /// meta.create_all_with(&engine, false)?;
    /// let again = meta.create_all_with(&engine, false).unwrap_err();
    /// assert_eq!(again.db_kind(), Some(sqlcraft::engine::ErrorKind::Programming)); // table exists
    /// assert!(meta.create_all_with(&engine, true).is_ok());
    /// # Ok(()) }
    /// ```
    pub fn create_all_with(&self, engine: &Engine, checkfirst: bool) -> Result<()> {
        let dialect = engine.dialect();
        // Everything is compiled before anything is sent: MySQL and MariaDB
        // commit each DDL statement at once, so a construct the dialect refuses
        // (a partial index on MariaDB) must stop the run before the first table
        // exists, not after.
        let mut sequences = Vec::new();
        for s in self.sequences() {
            // Sequences have no check-first query of their own: IF NOT EXISTS
            // (PostgreSQL, MariaDB) does it.
            let create = if checkfirst {
                s.create().if_not_exists()
            } else {
                s.create()
            };
            sequences.push(create.compile(dialect)?.sql);
        }
        let mut plan = Vec::new();
        for t in self.sorted_tables()? {
            let mut sqls = vec![t.create().compile(dialect)?.sql];
            for ix in t.indexes() {
                sqls.push(t.create_index(ix).compile(dialect)?.sql);
            }
            if dialect.comment_style() == crate::dialect::CommentStyle::CommentOn {
                for comment in t.comment_statements() {
                    sqls.push(comment.compile(dialect)?.sql);
                }
            }
            plan.push((t, sqls));
        }
        engine.begin(|conn| {
            for sql in &sequences {
                conn.exec_driver_sql(sql, &[])?;
            }
            for (t, sqls) in &plan {
                if checkfirst && exists(conn, engine, t)? {
                    continue;
                }
                for sql in sqls {
                    conn.exec_driver_sql(sql, &[])?;
                }
            }
            Ok(())
        })
    }

    /// Drops every table, children first, then every sequence, in one
    /// transaction; missing ones are skipped.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let users = meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// meta.create_all(&engine)?;
    /// meta.drop_all(&engine)?;
    /// meta.drop_all(&engine)?; // already gone: skipped
    /// let mut conn = engine.connect()?;
    /// assert!(conn.execute(&select(users.c("id")).from(&users)).is_err());
    /// # Ok(()) }
    /// ```
    pub fn drop_all(&self, engine: &Engine) -> Result<()> {
        let dialect = engine.dialect();
        let mut tables = self.sorted_tables()?;
        tables.reverse();
        let sequences = self
            .sequences()
            .iter()
            .map(|s| Ok(s.drop().if_exists().compile(dialect)?.sql))
            .collect::<Result<Vec<String>>>()?;
        engine.begin(|conn| {
            for t in &tables {
                if !exists(conn, engine, t)? {
                    continue;
                }
                let sql = t.drop().compile(dialect)?.sql;
                conn.exec_driver_sql(&sql, &[])?;
            }
            for sql in &sequences {
                conn.exec_driver_sql(sql, &[])?;
            }
            Ok(())
        })
    }
}
