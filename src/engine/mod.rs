//! The engine: connections from a pool, transactions, execution through the
//! compilation cache, events, echo logging and results.

mod driver;
mod url;

pub use driver::{DbError, Driver, DriverConnection, ErrorKind, IsolationLevel, Outcome};
pub use url::{Url, UrlBuilder, UrlError};
