//! Maps the `mysql` crate's errors to [`DbError`]s.
//!
//! Server errors carry a numeric code and a SQLSTATE. The kind comes from the
//! code where it is one this module knows (MySQL and MariaDB report many
//! constraint, lock and conversion failures under the generic `HY000`), else from
//! the SQLSTATE class through [`DbError::kind_for_sqlstate`]. The code becomes
//! [`DbError::code`] and the SQLSTATE is kept in the message.

use mysql::{DriverError, Error as MyError};
use sqlcraft::engine::{DbError, ErrorKind};

/// The kind for a server (or libmysqlclient-style client) error code, where the
/// code says more than its SQLSTATE.
fn kind_for_code(code: u16) -> Option<ErrorKind> {
    Some(match code {
        // Duplicate keys, foreign keys, NOT NULL, CHECK, missing defaults.
        1022 | 1048 | 1062 | 1169 | 1215 | 1216 | 1217 | 1364 | 1451 | 1452 | 1557 | 1586
        | 1761 | 1762 | 1859 | 3819 | 4025 => ErrorKind::Integrity,
        // Syntax, unknown or duplicate objects, wrong use of statements.
        1046 | 1049 | 1050 | 1051 | 1052 | 1054 | 1060 | 1061 | 1064 | 1068 | 1091 | 1109
        | 1110 | 1136 | 1146 | 1149 | 1210 | 1295 | 1305 | 1582 | 1583 | 1630 => {
            ErrorKind::Programming
        }
        // Deadlock, lock wait timeout, commit/rollback failures, too many
        // transactions, changing characteristics inside a transaction.
        1180 | 1181 | 1205 | 1213 | 1568 | 1637 | 1792 => ErrorKind::Transaction,
        // Lost, refused, killed or shut-down connections; authentication
        // (libmysqlclient's 2002/2003/2006/2013/2055 included for completeness).
        1040 | 1043 | 1045 | 1053 | 1077 | 1129 | 1130 | 1152 | 1153 | 1154 | 1155 | 1156
        | 1157 | 1158 | 1159 | 1160 | 1161 | 1184 | 1927 | 2002 | 2003 | 2006 | 2013 | 2055
        | 4031 => ErrorKind::Connection,
        // Out of range, too long, incorrect values, division by zero, bad JSON.
        1264 | 1265 | 1292 | 1365 | 1366 | 1367 | 1406 | 1411 | 1690 | 3140 | 4038 => {
            ErrorKind::Data
        }
        _ => return None,
    })
}

/// Whether an error leaves the connection unusable (lost, out of sync or never
/// established), so the engine should discard it.
pub(crate) fn breaks_connection(err: &MyError) -> bool {
    match err {
        MyError::MySqlError(e) => kind_for_code(e.code) == Some(ErrorKind::Connection),
        MyError::IoError(_) | MyError::CodecError(_) => true,
        MyError::DriverError(e) => driver_error_kind(e) == ErrorKind::Connection,
        _ => false,
    }
}

fn driver_error_kind(err: &DriverError) -> ErrorKind {
    match err {
        DriverError::ConnectTimeout
        | DriverError::CouldNotConnect(_)
        | DriverError::UnsupportedProtocol(_)
        | DriverError::PacketOutOfSync
        | DriverError::Protocol41NotSet
        | DriverError::UnexpectedPacket
        | DriverError::SetupError
        | DriverError::TlsNotSupported
        | DriverError::CouldNotParseVersion
        | DriverError::Timeout
        | DriverError::UnknownAuthPlugin(_)
        | DriverError::OldMysqlPasswordDisabled
        | DriverError::CleartextPluginDisabled
        | DriverError::InvalidParsecSalt => ErrorKind::Connection,
        DriverError::PacketTooLarge => ErrorKind::Data,
        DriverError::MismatchedStmtParams(..)
        | DriverError::Params(_)
        | DriverError::MixedParams
        | DriverError::ReadOnlyTransNotSupported
        | DriverError::BulkExecute(_) => ErrorKind::Programming,
        DriverError::InvalidPoolConstraints | DriverError::PoisonedPoolMutex => ErrorKind::Other,
    }
}

/// Converts a `mysql` error into a [`DbError`] (without SQL; the caller adds it).
pub(crate) fn to_db_error(err: MyError) -> DbError {
    #[allow(unreachable_patterns)] // TLS variants exist only with the crate's TLS features.
    match err {
        MyError::MySqlError(e) => {
            let kind = kind_for_code(e.code).unwrap_or_else(|| {
                match DbError::kind_for_sqlstate(&e.state) {
                    // Class 28: invalid authorization; the connection was refused.
                    ErrorKind::Other if e.state.starts_with("28") => ErrorKind::Connection,
                    kind => kind,
                }
            });
            DbError::new(kind, format!("{} (SQLSTATE {})", e.message, e.state))
                .with_code(e.code.to_string())
        }
        MyError::IoError(e) => DbError::new(ErrorKind::Connection, format!("I/O error: {e}")),
        MyError::CodecError(e) => {
            let message = format!("protocol error: {e}");
            // The codec refuses packets over max_allowed_packet: a value too big.
            let kind = if message.contains("max_allowed_packet") {
                ErrorKind::Data
            } else {
                ErrorKind::Connection
            };
            DbError::new(kind, message)
        }
        MyError::DriverError(e) => DbError::new(driver_error_kind(&e), e.to_string()),
        MyError::UrlError(e) => DbError::new(ErrorKind::Programming, e.to_string()),
        MyError::FromValueError(_) | MyError::FromRowError(_) => {
            DbError::new(ErrorKind::Data, err.to_string())
        }
        other => DbError::new(ErrorKind::Connection, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mysql::MySqlError;

    fn server(code: u16, state: &str) -> DbError {
        to_db_error(MyError::MySqlError(MySqlError {
            state: state.to_owned(),
            message: "boom".to_owned(),
            code,
        }))
    }

    #[test]
    fn codes_refine_generic_sqlstates() {
        for (code, state, kind) in [
            (1062, "23000", ErrorKind::Integrity),
            (1452, "23000", ErrorKind::Integrity),
            (1048, "23000", ErrorKind::Integrity),
            (4025, "23000", ErrorKind::Integrity),
            (3819, "HY000", ErrorKind::Integrity),
            (1364, "HY000", ErrorKind::Integrity),
            (1064, "42000", ErrorKind::Programming),
            (1146, "42S02", ErrorKind::Programming),
            (1054, "42S22", ErrorKind::Programming),
            (1295, "HY000", ErrorKind::Programming),
            (1213, "40001", ErrorKind::Transaction),
            (1205, "HY000", ErrorKind::Transaction),
            (2006, "HY000", ErrorKind::Connection),
            (2013, "HY000", ErrorKind::Connection),
            (1927, "70100", ErrorKind::Connection),
            (1045, "28000", ErrorKind::Connection),
            (1264, "22003", ErrorKind::Data),
            (1406, "22001", ErrorKind::Data),
            (1366, "22007", ErrorKind::Data),
            (9999, "22012", ErrorKind::Data),
            (9999, "HY000", ErrorKind::Other),
            (9999, "28999", ErrorKind::Connection),
        ] {
            let e = server(code, state);
            assert_eq!(e.kind, kind, "{code} {state}");
            assert_eq!(e.code.as_deref(), Some(code.to_string().as_str()));
            assert!(e.message.contains(state), "{e}");
        }
    }

    #[test]
    fn client_errors() {
        let io = MyError::IoError(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "gone"));
        assert!(breaks_connection(&io));
        assert_eq!(to_db_error(io).kind, ErrorKind::Connection);
        let params = MyError::DriverError(DriverError::MismatchedStmtParams(2, 1));
        assert!(!breaks_connection(&params));
        assert_eq!(to_db_error(params).kind, ErrorKind::Programming);
        let dup = MyError::MySqlError(MySqlError {
            state: "23000".into(),
            message: "dup".into(),
            code: 1062,
        });
        assert!(!breaks_connection(&dup));
        let killed = MyError::MySqlError(MySqlError {
            state: "70100".into(),
            message: "Connection was killed".into(),
            code: 1927,
        });
        assert!(breaks_connection(&killed));
    }
}
