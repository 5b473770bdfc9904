//! One cross-dialect suite for the engine: every statement kind of the core,
//! executed through `Connection::execute` on SQLite (in memory), PostgreSQL and
//! MariaDB, with each backend's rows compared with the expected rows and with the
//! other backends' rows.
//!
//! Every test builds its own schema on each backend ([`harness::World`]): table
//! names come from `support::unique` (tests run in parallel against one server
//! database), `MetaData::create_all` creates them, the engine seeds them
//! (`insert_many` and single-row inserts) and a guard runs `drop_all` when the
//! test ends, passed or failed.
//!
//! The servers come from `SQLCRAFT_PG_URL` / `SQLCRAFT_MYSQL_URL`; without them
//! the tests fail (they never skip). Run:
//!
//! ```sh
//! ./scripts/with-servers.sh cargo test --test engine_cross
//! ```
//!
//! Where the engines differ by design, each backend's own expectation is
//! asserted, with a comment saying why. Engine bugs this suite found are kept as
//! regression tests in `bugs.rs`.

#[path = "../support/mod.rs"]
mod support;

mod bugs;
mod cache;
mod ddl;
mod dml;
mod harness;
mod query;
mod reflect;
mod results;
mod select;
mod values;
