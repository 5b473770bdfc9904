//! Mapping rusqlite's errors to [`DbError`]s.
//!
//! | SQLite result code (primary, with its extended codes)                    | kind          |
//! |--------------------------------------------------------------------------|---------------|
//! | `SQLITE_CONSTRAINT` (`_UNIQUE`, `_PRIMARYKEY`, `_FOREIGNKEY`, `_NOTNULL`, `_CHECK`, …) | Integrity |
//! | `SQLITE_BUSY`, `SQLITE_LOCKED`, `SQLITE_PROTOCOL`, `SQLITE_ABORT_ROLLBACK` | Transaction |
//! | `SQLITE_CANTOPEN`, `SQLITE_NOTADB`, `SQLITE_IOERR`, `SQLITE_CORRUPT`, `SQLITE_PERM`, `SQLITE_NOLFS`, `SQLITE_READONLY_DBMOVED` | Connection |
//! | `SQLITE_MISMATCH`, `SQLITE_TOOBIG`, `SQLITE_RANGE`                        | Data          |
//! | `SQLITE_MISUSE`, `SQLITE_AUTH`                                            | Programming   |
//! | `SQLITE_ERROR`: syntax errors, `no such table/column/function/…`, `… already exists`, wrong value counts, transaction-control misuse | Programming |
//! | `SQLITE_ERROR`: `integer overflow`, `malformed JSON`                      | Data          |
//! | anything else (`SQLITE_READONLY`, `SQLITE_FULL`, `SQLITE_NOMEM`, …)       | Other         |
//!
//! Errors rusqlite raises itself: a wrong parameter count, several statements in one
//! string, an empty statement → Programming; value conversions → Data; an invalid
//! path → Connection.
//!
//! The code is the extended result code's name (`SQLITE_CONSTRAINT_UNIQUE`), or its
//! number for a code this table does not know.

use rusqlite::ffi;
use sqlcraft::engine::{DbError, ErrorKind};

/// The [`DbError`] for a rusqlite error (without SQL; the caller attaches it).
pub(crate) fn from_rusqlite(err: rusqlite::Error) -> DbError {
    use rusqlite::Error as E;
    match err {
        E::SqliteFailure(e, msg) => {
            let message = msg.unwrap_or_else(|| ffi::code_to_str(e.extended_code).to_owned());
            let kind = kind_for_code(e.extended_code, &message, ErrorKind::Other);
            DbError::new(kind, message).with_code(code_name(e.extended_code))
        }
        // An error pointing at a token of the SQL: invalid SQL, whatever the wording.
        E::SqlInputError {
            error, msg, offset, ..
        } => {
            let kind = kind_for_code(error.extended_code, &msg, ErrorKind::Programming);
            DbError::new(kind, format!("{msg} (at offset {offset})"))
                .with_code(code_name(error.extended_code))
        }
        E::InvalidParameterCount(given, expected) => DbError::new(
            ErrorKind::Programming,
            format!(
                "wrong number of parameters: the statement has {expected} placeholder(s), \
                 {given} value(s) were given"
            ),
        ),
        e @ (E::InvalidParameterName(_)
        | E::MultipleStatement
        | E::Empty
        | E::ExecuteReturnedResults
        | E::InvalidColumnIndex(_)
        | E::InvalidColumnName(_)
        | E::InvalidQuery
        | E::QueryReturnedNoRows
        | E::QueryReturnedMoreThanOneRow
        | E::StatementChangedRows(_)
        | E::InvalidDatabaseIndex(_)) => DbError::new(ErrorKind::Programming, e.to_string()),
        e @ (E::FromSqlConversionFailure(..)
        | E::IntegralValueOutOfRange(..)
        | E::Utf8Error(..)
        | E::InvalidColumnType(..)
        | E::ToSqlConversionFailure(_)
        | E::NulError(_)) => DbError::new(ErrorKind::Data, e.to_string()),
        e @ (E::InvalidPath(_) | E::SqliteSingleThreadedMode) => {
            DbError::new(ErrorKind::Connection, e.to_string())
        }
        e => DbError::new(ErrorKind::Other, e.to_string()),
    }
}

/// The kind for an extended result code; `generic` is the kind of a plain
/// `SQLITE_ERROR` whose message says nothing more specific.
fn kind_for_code(extended: i32, message: &str, generic: ErrorKind) -> ErrorKind {
    match extended & 0xff {
        ffi::SQLITE_CONSTRAINT => ErrorKind::Integrity,
        ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED | ffi::SQLITE_PROTOCOL => ErrorKind::Transaction,
        ffi::SQLITE_ABORT if extended == ffi::SQLITE_ABORT_ROLLBACK => ErrorKind::Transaction,
        ffi::SQLITE_CANTOPEN
        | ffi::SQLITE_NOTADB
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_CORRUPT
        | ffi::SQLITE_PERM
        | ffi::SQLITE_NOLFS => ErrorKind::Connection,
        ffi::SQLITE_READONLY if extended == ffi::SQLITE_READONLY_DBMOVED => ErrorKind::Connection,
        ffi::SQLITE_MISMATCH | ffi::SQLITE_TOOBIG | ffi::SQLITE_RANGE => ErrorKind::Data,
        ffi::SQLITE_MISUSE | ffi::SQLITE_AUTH => ErrorKind::Programming,
        ffi::SQLITE_ERROR => kind_for_message(message).unwrap_or(generic),
        _ => ErrorKind::Other,
    }
}

/// SQLite reports most SQL mistakes as a plain `SQLITE_ERROR`; its message tells
/// them apart.
fn kind_for_message(message: &str) -> Option<ErrorKind> {
    const DATA: &[&str] = &["integer overflow", "malformed json", "cannot hold blob"];
    const PROGRAMMING: &[&str] = &[
        "syntax error",
        "incomplete input",
        "unrecognized token",
        "no such ",
        "already exists",
        "ambiguous column",
        "duplicate column",
        "has no column named",
        "values for ",
        "wrong number of arguments",
        "misuse of ",
        "too many ",
        "row value misused",
        "sub-select returns",
        "no transaction is active",
        "within a transaction",
        "not allowed",
        "may not ",
        "cannot ",
    ];
    let m = message.to_ascii_lowercase();
    if DATA.iter().any(|p| m.contains(p)) {
        Some(ErrorKind::Data)
    } else if PROGRAMMING.iter().any(|p| m.contains(p)) {
        Some(ErrorKind::Programming)
    } else {
        None
    }
}

/// The name of an extended result code, or its number.
pub(crate) fn code_name(extended: i32) -> String {
    macro_rules! names {
        ($($name:ident),* $(,)?) => {
            match extended {
                $(ffi::$name => return stringify!($name).to_owned(),)*
                _ => {}
            }
        };
    }
    names!(
        SQLITE_ERROR,
        SQLITE_INTERNAL,
        SQLITE_PERM,
        SQLITE_ABORT,
        SQLITE_BUSY,
        SQLITE_LOCKED,
        SQLITE_NOMEM,
        SQLITE_READONLY,
        SQLITE_INTERRUPT,
        SQLITE_IOERR,
        SQLITE_CORRUPT,
        SQLITE_NOTFOUND,
        SQLITE_FULL,
        SQLITE_CANTOPEN,
        SQLITE_PROTOCOL,
        SQLITE_EMPTY,
        SQLITE_SCHEMA,
        SQLITE_TOOBIG,
        SQLITE_CONSTRAINT,
        SQLITE_MISMATCH,
        SQLITE_MISUSE,
        SQLITE_NOLFS,
        SQLITE_AUTH,
        SQLITE_FORMAT,
        SQLITE_RANGE,
        SQLITE_NOTADB,
        SQLITE_NOTICE,
        SQLITE_WARNING,
        SQLITE_ERROR_MISSING_COLLSEQ,
        SQLITE_ERROR_RETRY,
        SQLITE_ERROR_SNAPSHOT,
        SQLITE_ERROR_RESERVESIZE,
        SQLITE_ERROR_KEY,
        SQLITE_ERROR_UNABLE,
        SQLITE_IOERR_READ,
        SQLITE_IOERR_SHORT_READ,
        SQLITE_IOERR_WRITE,
        SQLITE_IOERR_FSYNC,
        SQLITE_IOERR_DIR_FSYNC,
        SQLITE_IOERR_TRUNCATE,
        SQLITE_IOERR_FSTAT,
        SQLITE_IOERR_UNLOCK,
        SQLITE_IOERR_RDLOCK,
        SQLITE_IOERR_DELETE,
        SQLITE_IOERR_BLOCKED,
        SQLITE_IOERR_NOMEM,
        SQLITE_IOERR_ACCESS,
        SQLITE_IOERR_CHECKRESERVEDLOCK,
        SQLITE_IOERR_LOCK,
        SQLITE_IOERR_CLOSE,
        SQLITE_IOERR_DIR_CLOSE,
        SQLITE_IOERR_SHMOPEN,
        SQLITE_IOERR_SHMSIZE,
        SQLITE_IOERR_SHMLOCK,
        SQLITE_IOERR_SHMMAP,
        SQLITE_IOERR_SEEK,
        SQLITE_IOERR_DELETE_NOENT,
        SQLITE_IOERR_MMAP,
        SQLITE_IOERR_GETTEMPPATH,
        SQLITE_IOERR_CONVPATH,
        SQLITE_IOERR_VNODE,
        SQLITE_IOERR_AUTH,
        SQLITE_IOERR_BEGIN_ATOMIC,
        SQLITE_IOERR_COMMIT_ATOMIC,
        SQLITE_IOERR_ROLLBACK_ATOMIC,
        SQLITE_IOERR_DATA,
        SQLITE_IOERR_CORRUPTFS,
        SQLITE_IOERR_IN_PAGE,
        SQLITE_IOERR_BADKEY,
        SQLITE_IOERR_CODEC,
        SQLITE_LOCKED_SHAREDCACHE,
        SQLITE_LOCKED_VTAB,
        SQLITE_BUSY_RECOVERY,
        SQLITE_BUSY_SNAPSHOT,
        SQLITE_BUSY_TIMEOUT,
        SQLITE_CANTOPEN_NOTEMPDIR,
        SQLITE_CANTOPEN_ISDIR,
        SQLITE_CANTOPEN_FULLPATH,
        SQLITE_CANTOPEN_CONVPATH,
        SQLITE_CANTOPEN_DIRTYWAL,
        SQLITE_CANTOPEN_SYMLINK,
        SQLITE_CORRUPT_VTAB,
        SQLITE_CORRUPT_SEQUENCE,
        SQLITE_CORRUPT_INDEX,
        SQLITE_READONLY_RECOVERY,
        SQLITE_READONLY_CANTLOCK,
        SQLITE_READONLY_ROLLBACK,
        SQLITE_READONLY_DBMOVED,
        SQLITE_READONLY_CANTINIT,
        SQLITE_READONLY_DIRECTORY,
        SQLITE_ABORT_ROLLBACK,
        SQLITE_CONSTRAINT_CHECK,
        SQLITE_CONSTRAINT_COMMITHOOK,
        SQLITE_CONSTRAINT_FOREIGNKEY,
        SQLITE_CONSTRAINT_FUNCTION,
        SQLITE_CONSTRAINT_NOTNULL,
        SQLITE_CONSTRAINT_PRIMARYKEY,
        SQLITE_CONSTRAINT_TRIGGER,
        SQLITE_CONSTRAINT_UNIQUE,
        SQLITE_CONSTRAINT_VTAB,
        SQLITE_CONSTRAINT_ROWID,
        SQLITE_CONSTRAINT_PINNED,
        SQLITE_CONSTRAINT_DATATYPE,
        SQLITE_NOTICE_RECOVER_WAL,
        SQLITE_NOTICE_RECOVER_ROLLBACK,
        SQLITE_WARNING_AUTOINDEX,
        SQLITE_AUTH_USER,
    );
    extended.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32, msg: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(msg.to_owned()))
    }

    #[test]
    fn constraint_codes_are_integrity() {
        for (code, name) in [
            (ffi::SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"),
            (
                ffi::SQLITE_CONSTRAINT_PRIMARYKEY,
                "SQLITE_CONSTRAINT_PRIMARYKEY",
            ),
            (
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY,
                "SQLITE_CONSTRAINT_FOREIGNKEY",
            ),
            (ffi::SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"),
            (ffi::SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"),
            (ffi::SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"),
        ] {
            let e = from_rusqlite(failure(code, "constraint failed"));
            assert_eq!(e.kind, ErrorKind::Integrity);
            assert_eq!(e.code.as_deref(), Some(name));
        }
    }

    #[test]
    fn primary_codes() {
        for (code, kind) in [
            (ffi::SQLITE_BUSY, ErrorKind::Transaction),
            (ffi::SQLITE_BUSY_SNAPSHOT, ErrorKind::Transaction),
            (ffi::SQLITE_LOCKED, ErrorKind::Transaction),
            (ffi::SQLITE_CANTOPEN, ErrorKind::Connection),
            (ffi::SQLITE_NOTADB, ErrorKind::Connection),
            (ffi::SQLITE_IOERR_WRITE, ErrorKind::Connection),
            (ffi::SQLITE_CORRUPT, ErrorKind::Connection),
            (ffi::SQLITE_READONLY_DBMOVED, ErrorKind::Connection),
            (ffi::SQLITE_READONLY, ErrorKind::Other),
            (ffi::SQLITE_MISMATCH, ErrorKind::Data),
            (ffi::SQLITE_TOOBIG, ErrorKind::Data),
            (ffi::SQLITE_RANGE, ErrorKind::Data),
            (ffi::SQLITE_MISUSE, ErrorKind::Programming),
            (ffi::SQLITE_FULL, ErrorKind::Other),
        ] {
            assert_eq!(from_rusqlite(failure(code, "x")).kind, kind, "{code}");
        }
    }

    #[test]
    fn generic_errors_by_message() {
        for (msg, kind) in [
            ("near \"SELEC\": syntax error", ErrorKind::Programming),
            ("no such table: nope", ErrorKind::Programming),
            ("no such column: nope", ErrorKind::Programming),
            ("table t already exists", ErrorKind::Programming),
            ("3 values for 2 columns", ErrorKind::Programming),
            (
                "cannot commit - no transaction is active",
                ErrorKind::Programming,
            ),
            ("integer overflow", ErrorKind::Data),
            ("malformed JSON", ErrorKind::Data),
            ("something new", ErrorKind::Other),
        ] {
            assert_eq!(
                from_rusqlite(failure(ffi::SQLITE_ERROR, msg)).kind,
                kind,
                "{msg}"
            );
        }
    }

    #[test]
    fn unknown_codes_are_numbers() {
        assert_eq!(code_name(12345), "12345");
        assert_eq!(code_name(ffi::SQLITE_BUSY), "SQLITE_BUSY");
    }
}
