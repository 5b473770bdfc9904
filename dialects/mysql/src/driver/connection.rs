//! [`MySqlConnection`]: one open connection, implementing the engine's
//! [`DriverConnection`].

use super::errors;
use super::values::{self, ColumnReader};
use mysql::prelude::Queryable;
use mysql::{Conn, Params, QueryResult, Statement};
use sqlcraft::engine::{DbError, DriverConnection, IsolationLevel, Outcome};
use sqlcraft::Value;
use std::fmt;
use std::sync::Arc;

/// One open MySQL/MariaDB connection, as the engine uses it.
///
/// Statements run by [`run`](DriverConnection::run) are prepared once per
/// connection and kept in the client's statement cache, keyed by the SQL text
/// (least recently used first out, at most `statement_cache_size` of them: 256
/// unless [`MySqlDriver::statement_cache_size`](super::MySqlDriver::statement_cache_size)
/// or the URL's `statement_cache_size` says otherwise), so the same statement
/// shape is prepared once and then only executed. Values are always bound
/// through the binary protocol, never inlined.
///
/// Each session runs with `sql_mode` `STRICT_ALL_TABLES,NO_ZERO_IN_DATE,
/// NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION` (an
/// out-of-range or too-long value is an error, not a warning), `time_zone
/// '+00:00'` and the utf8mb4 character set; `NO_BACKSLASH_ESCAPES` is not set,
/// matching [`MySql`](crate::MySql)'s literal rendering. `rows_affected` of an
/// UPDATE counts the rows it matched (`CLIENT_FOUND_ROWS`), as on the other
/// engines; an `INSERT … ON DUPLICATE KEY UPDATE` counts 1 per inserted row and 2
/// per updated one, as MySQL reports it.
///
/// ```no_run
/// use sqlcraft::engine::DriverConnection;
/// use sqlcraft::Value;
/// use sqlcraft_mysql::MySqlDriver;
///
/// let url = "mysql://app:secret@127.0.0.1:3306/shop".parse().unwrap();
/// let mut conn = MySqlDriver::default().open(&url).unwrap();
/// let out = conn.run("SELECT ? + 1 AS n", &[Value::Int(41)]).unwrap();
/// assert_eq!(out.rows, vec![vec![Value::Int(42)]]);
/// assert_eq!(conn.statements_prepared(), 1);
/// ```
pub struct MySqlConnection {
    conn: Conn,
    broken: bool,
    prepared: u64,
    last_statement_id: u32,
    /// 0: statements are not cached, so each is closed after it runs (the
    /// client would otherwise leave it open on the server).
    cache_size: usize,
    /// Inside a transaction this adapter began: DDL ends it implicitly, and the
    /// adapter opens the next one so that later statements stay undoable.
    in_transaction: bool,
}

impl fmt::Debug for MySqlConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MySqlConnection")
            .field("connection_id", &self.conn.connection_id())
            .field("server_version", &self.conn.server_version())
            .field("broken", &self.broken)
            .field("statements_prepared", &self.prepared)
            .finish()
    }
}

/// The column names and rows of a result set.
type RowSet = (Arc<[String]>, Vec<Vec<Value>>);

/// Reads every remaining result set, returning the first error among them
/// (dropping a `QueryResult` reads them too, but ignores their errors).
fn drain<T: mysql::prelude::Protocol>(mut result: QueryResult<'_, '_, '_, T>) -> mysql::Result<()> {
    while let Some(set) = result.iter() {
        for row in set {
            row?;
        }
    }
    Ok(())
}

/// The first keyword of `sql`, skipping whitespace, comments and parentheses.
fn first_keyword(sql: &str) -> &str {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else if rest.starts_with("-- ") || rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Whether a successful `sql` committed the open transaction implicitly (MySQL
/// commits before DDL and the like; temporary tables are the exception).
fn commits_implicitly(sql: &str) -> bool {
    let kw = first_keyword(sql);
    let ddl = [
        "create", "alter", "drop", "rename", "truncate", "grant", "revoke", "lock", "unlock",
    ]
    .iter()
    .any(|k| kw.eq_ignore_ascii_case(k));
    if !ddl {
        return false;
    }
    let rest = sql.trim_start()[kw.len()..].trim_start();
    let temporary = rest
        .get(..9)
        .is_some_and(|w| w.eq_ignore_ascii_case("temporary"));
    !temporary
}

impl MySqlConnection {
    /// After a statement that committed implicitly inside a transaction, starts the
    /// next one, as a driver with autocommit off would.
    fn reopen_after(&mut self, sql: &str) -> Result<(), DbError> {
        if self.in_transaction && commits_implicitly(sql) {
            self.query_drop("START TRANSACTION")?;
        }
        Ok(())
    }

    pub(crate) fn new(conn: Conn, cache_size: usize) -> MySqlConnection {
        MySqlConnection {
            conn,
            broken: false,
            prepared: 0,
            last_statement_id: 0,
            in_transaction: false,
            cache_size,
        }
    }

    /// The server's id for this connection (`CONNECTION_ID()`), as `KILL` and
    /// `SHOW PROCESSLIST` name it.
    ///
    /// ```no_run
    /// # let url = "mysql://app@127.0.0.1/shop".parse().unwrap();
    /// let conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// println!("connection {}", conn.connection_id());
    /// ```
    pub fn connection_id(&self) -> u32 {
        self.conn.connection_id()
    }

    /// The server's version, `(major, minor, patch)` (MariaDB reports its own,
    /// e.g. `(10, 11, 6)`).
    ///
    /// ```no_run
    /// # let url = "mariadb://app@127.0.0.1/shop".parse().unwrap();
    /// let conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// assert!(conn.server_version() >= (10, 6, 0));
    /// ```
    pub fn server_version(&self) -> (u16, u16, u16) {
        self.conn.server_version()
    }

    /// How many statements this connection has prepared on the server: the
    /// misses of its statement cache. Running the same SQL text again does not
    /// add to it (until the statement is evicted from the cache).
    ///
    /// ```no_run
    /// use sqlcraft::engine::DriverConnection;
    /// # let url = "mysql://app@127.0.0.1/shop".parse().unwrap();
    /// let mut conn = sqlcraft_mysql::MySqlDriver::default().open(&url).unwrap();
    /// conn.run("SELECT ?", &[1.into()]).unwrap();
    /// conn.run("SELECT ?", &[2.into()]).unwrap();
    /// assert_eq!(conn.statements_prepared(), 1);
    /// ```
    pub fn statements_prepared(&self) -> u64 {
        self.prepared
    }

    /// Maps an error, remembering whether it broke the connection.
    fn fail(broken: &mut bool, err: mysql::Error, sql: &str) -> DbError {
        if errors::breaks_connection(&err) {
            *broken = true;
        }
        errors::to_db_error(err).with_sql(sql)
    }

    /// Runs text-protocol SQL (several statements, if `;`-separated),
    /// discarding any rows; an error in any of the statements is returned.
    fn query_drop(&mut self, sql: &str) -> Result<(), DbError> {
        let result = self.conn.query_iter(sql).and_then(drain);
        result.map_err(|e| Self::fail(&mut self.broken, e, sql))
    }
    /// Executes a prepared statement, returning the column names and rows of
    /// its first result set.
    fn execute(&mut self, stmt: &Statement, params: Params, sql: &str) -> Result<RowSet, DbError> {
        let broken = &mut self.broken;
        let mut result = self
            .conn
            .exec_iter(stmt, params)
            .map_err(|e| Self::fail(broken, e, sql))?;
        let (readers, names): (Vec<ColumnReader>, Vec<String>) = result
            .columns()
            .as_ref()
            .iter()
            .map(|c| (ColumnReader::new(c), c.name_str().into_owned()))
            .unzip();
        let mut rows = Vec::new();
        if let Some(set) = result.iter() {
            // Returning early drops `result`, which reads the rest of the
            // response so the connection stays in step.
            for row in set {
                let row = row.map_err(|e| Self::fail(broken, e, sql))?;
                let converted = row
                    .unwrap()
                    .into_iter()
                    .zip(readers.iter().zip(&names))
                    .map(|(v, (reader, name))| reader.read(v, name))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.with_sql(sql))?;
                rows.push(converted);
            }
        }
        // Only the first result set is returned; a CALL's others are read for
        // their errors and dropped.
        drain(result).map_err(|e| Self::fail(broken, e, sql))?;
        Ok((names.into(), rows))
    }
}

impl DriverConnection for MySqlConnection {
    fn run(&mut self, sql: &str, params: &[Value]) -> Result<Outcome, DbError> {
        let values = params
            .iter()
            .map(values::to_mysql)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.with_sql(sql))?;
        let broken = &mut self.broken;
        let stmt = self
            .conn
            .prep(sql)
            .map_err(|e| Self::fail(broken, e, sql))?;
        // Server statement ids only grow on a connection: a new id is a prepare,
        // an id seen before came from the cache.
        if stmt.id() > self.last_statement_id {
            self.last_statement_id = stmt.id();
            self.prepared += 1;
        }
        let params = if values.is_empty() {
            Params::Empty
        } else {
            Params::Positional(values)
        };
        let result = self.execute(&stmt, params, sql);
        if self.cache_size == 0 && self.conn.close(stmt).is_err() {
            // Only the connection is in doubt, not what the statement did.
            self.broken = true;
        }
        let (columns, rows) = result?;
        let mut rows_affected = self.conn.affected_rows();
        if rows_affected == 0
            && !rows.is_empty()
            && ["insert", "replace", "delete", "update"]
                .iter()
                .any(|k| first_keyword(sql).eq_ignore_ascii_case(k))
        {
            // MariaDB's INSERT/DELETE … RETURNING ends its rows without a count;
            // every returned row is one the statement wrote.
            rows_affected = rows.len() as u64;
        }
        let last_insert_id = match self.conn.last_insert_id() {
            // An id past i64::MAX (BIGINT UNSIGNED) is not reported rather than
            // wrapped.
            0 => None,
            id => i64::try_from(id).ok(),
        };
        self.reopen_after(sql)?;
        Ok(Outcome {
            columns,
            rows,
            rows_affected,
            last_insert_id,
        })
    }

    fn run_script(&mut self, sql: &str) -> Result<(), DbError> {
        self.query_drop(sql)?;
        self.reopen_after(sql)
    }

    fn begin(&mut self, isolation: Option<IsolationLevel>) -> Result<(), DbError> {
        self.in_transaction = false;
        let r = match isolation {
            // SET TRANSACTION applies to the next transaction only.
            Some(level) => self.query_drop(&format!(
                "SET TRANSACTION ISOLATION LEVEL {}; START TRANSACTION",
                level.as_sql()
            )),
            None => self.query_drop("START TRANSACTION"),
        };
        self.in_transaction = r.is_ok();
        r
    }

    fn commit(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.query_drop("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.query_drop("ROLLBACK")
    }

    fn ping(&mut self) -> Result<(), DbError> {
        self.conn.ping().map_err(|e| {
            if errors::breaks_connection(&e) {
                self.broken = true;
            }
            errors::to_db_error(e)
        })
    }

    fn is_broken(&self) -> bool {
        self.broken
    }
}

#[cfg(test)]
mod tests {
    use super::first_keyword;

    #[test]
    fn keywords() {
        assert_eq!(first_keyword("INSERT INTO t"), "INSERT");
        assert_eq!(first_keyword("  /* x */ -- y\n (select 1)"), "select");
        assert_eq!(first_keyword("# c\ndelete from t"), "delete");
        assert_eq!(first_keyword(""), "");
    }
}
