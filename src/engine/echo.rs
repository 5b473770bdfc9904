//! Echo logging, in SQLAlchemy's format: the statement, then the cache badge and
//! the parameters, at `info` level under the `sqlcraft.engine` target.

use crate::cache::CacheOutcome;
use crate::value::Value;

pub(crate) const TARGET: &str = "sqlcraft.engine";

pub(crate) fn statement(sql: &str, params: &[Value], cache: Option<CacheOutcome>) {
    log::info!(target: TARGET, "{sql}");
    let badge = match cache {
        Some(outcome) => outcome.to_string(),
        None => "[raw sql]".to_owned(),
    };
    log::info!(target: TARGET, "{badge} {params:?}");
}

/// A transaction step (`BEGIN (implicit)`, `COMMIT`, `ROLLBACK`, savepoints),
/// logged as SQLAlchemy's echo logs them.
pub(crate) fn transaction(what: &str) {
    log::info!(target: TARGET, "{what}");
}
