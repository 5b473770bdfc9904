//! `postgres::Error` to [`DbError`].

use sqlcraft::engine::{DbError, ErrorKind};
use std::error::Error as _;

/// Maps an error of the `postgres` crate.
///
/// A server error keeps its SQLSTATE as the code, its kind from
/// [`DbError::kind_for_sqlstate`], and its message with `DETAIL`/`HINT` lines
/// when the server sent them. Errors without a SQLSTATE come from the client
/// side: I/O, a closed connection, a broken protocol exchange or a refused
/// connection are [`ErrorKind::Connection`]; a wrong parameter count is
/// [`ErrorKind::Programming`]; a value the crate could not convert is
/// [`ErrorKind::Data`].
pub(crate) fn map_error(e: &postgres::Error, sql: Option<&str>) -> DbError {
    let err = match e.as_db_error() {
        Some(db) => {
            let code = db.code().code();
            let mut message = db.message().to_owned();
            if let Some(detail) = db.detail() {
                message.push_str("\nDETAIL: ");
                message.push_str(detail);
            }
            if let Some(hint) = db.hint() {
                message.push_str("\nHINT: ");
                message.push_str(hint);
            }
            DbError::new(DbError::kind_for_sqlstate(code), message).with_code(code)
        }
        None => {
            let mut message = e.to_string();
            if let Some(source) = e.source() {
                message.push_str(": ");
                message.push_str(&source.to_string());
            }
            let kind = if message.starts_with("error serializing parameter")
                || message.starts_with("error deserializing column")
            {
                ErrorKind::Data
            } else if message.starts_with("expected ") && message.contains(" parameters but got ") {
                ErrorKind::Programming
            } else {
                ErrorKind::Connection
            };
            DbError::new(kind, message)
        }
    };
    match sql {
        Some(sql) => err.with_sql(sql),
        None => err,
    }
}

/// Whether the error came from the server (so the session is still usable,
/// though a transaction in progress is now aborted).
pub(crate) fn is_server_error(e: &postgres::Error) -> bool {
    e.as_db_error().is_some()
}

/// A value could not be converted.
pub(crate) fn data_error(message: impl Into<String>, sql: &str) -> DbError {
    DbError::new(ErrorKind::Data, message).with_sql(sql)
}
