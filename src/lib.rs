//! # sqlcraft
//!
//! A SQL toolkit in the spirit of SQLAlchemy Core: build statements as a
//! dialect-independent tree, then compile them for SQLite, PostgreSQL,
//! MySQL/MariaDB or any dialect that implements [`Dialect`].
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::dialect::GenericDialect;
//!
//! let mut meta = MetaData::new();
//! let users = meta.table("users", |t| {
//!     t.column("id", SqlType::Integer).primary_key();
//!     t.column("name", SqlType::string(100)).not_null();
//! })?;
//! let stmt = select((users.c("id"), users.c("name")))
//!     .from(&users)
//!     .filter(users.c("name").like("a%"))
//!     .order_by(users.c("id").desc())
//!     .limit(10);
//! let compiled = stmt.compile(&GenericDialect)?;
//! assert_eq!(
//!     compiled.sql,
//!     r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."name" LIKE ? ORDER BY "users"."id" DESC LIMIT ?"#
//! );
//! assert_eq!(compiled.values()?, vec![Value::from("a%"), Value::Int(10)]);
//! # Ok::<(), sqlcraft::Error>(())
//! ```
//!
//! Values are always bound parameters and identifiers are always quoted by the
//! dialect. A construct a dialect cannot express is an [`Error::Unsupported`]
//! naming the dialect and the construct; compiling never panics.

#![deny(missing_docs)]

pub mod cache;
pub mod compile;
mod deep;
pub mod dialect;
pub mod engine;
mod error;
pub mod expr;
pub mod query;
pub mod schema;
mod types;
mod value;

pub use compile::{Compile, Compiled, CompiledRef, Param, ParamRef};
pub use dialect::Dialect;
pub use error::{Error, Result};
pub use expr::func;
pub use expr::{
    all_, and_, any_, bindparam, case, case_value, column, excluded, exists, false_, lit, not_,
    null, or_, true_, tuple_, DatePart, Expr, Label, OrderBy, WindowSpec,
};
pub use query::{
    delete, insert, select, text, update, values, Compound, Cte, Delete, FromItem, Insert,
    Joinable, OnConflict, Query, Select, Subquery, TextClause, Update, Values,
};
pub use schema::{table, Column, FkAction, MetaData, Sequence, Table};
pub use types::{EnumType, SqlType};
pub use value::Value;

/// Everything a statement-building module usually needs, in one import.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = update(&t).set("n", t.c("n") + 1).filter(t.c("id").eq(bindparam("id")));
/// let c = q.compile(&GenericDialect)?;
/// assert_eq!(c.sql, r#"UPDATE "t" SET "n" = "t"."n" + ? WHERE "t"."id" = ?"#);
/// assert_eq!(c.bind(&[("id", Value::Int(3))])?, vec![Value::Int(1), Value::Int(3)]);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub mod prelude {
    pub use crate::compile::{Compile, Compiled, Param};
    pub use crate::error::Error;
    pub use crate::expr::func;
    pub use crate::expr::{
        all_, and_, any_, bindparam, case, case_value, column, excluded, exists, false_, lit, not_,
        null, or_, true_, tuple_, DatePart, Expr, FrameBound, FrameUnits, JsonPath, Label, Nulls,
        OrderBy, WindowSpec,
    };
    pub use crate::query::{
        delete, insert, select, text, update, values, Compound, Cte, Delete, FromItem, Insert,
        IntoFromItem, Joinable, OnConflict, Query, Select, Subquery, TextClause, Update, Values,
    };
    pub use crate::schema::{table, FkAction, MetaData, Sequence, Table};
    pub use crate::types::SqlType;
    pub use crate::value::Value;
}
