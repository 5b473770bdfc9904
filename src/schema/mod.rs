//! Schema objects: tables, columns, constraints, indexes and the DDL they emit.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft_sqlite::Sqlite;
//! # let mut meta = MetaData::new();
//! meta.table("users", |t| {
//!     t.column("id", SqlType::Integer).primary_key();
//!     t.column("email", SqlType::string(100)).not_null().unique();
//! })?;
//! let ddl = meta.create_statements(true)?;
//! let sql = &ddl[0].compile(&Sqlite)?.sql;
//! assert_eq!(sql, r#"CREATE TABLE IF NOT EXISTS "users" ("id" INTEGER NOT NULL PRIMARY KEY, "email" VARCHAR(100) NOT NULL, UNIQUE ("email"))"#);
//! # Ok::<(), sqlcraft::Error>(())
//! ```

mod column;
mod constraint;
mod ddl;
mod metadata;
mod sequence;
mod table;

pub use column::{Autoincrement, ClientDefault, Column, Computed, FkAction, OnUpdate};
pub use constraint::{CheckConstraint, ForeignKey, Index, UniqueConstraint};
pub use ddl::{CommentOn, CreateIndex, CreateTable, Ddl, DropIndex, DropTable};
pub use metadata::MetaData;
pub use sequence::{CreateSequence, DropSequence, Sequence, SequenceDef};
pub(crate) use table::table_in;
pub use table::{
    table, ColumnBuilder, ForeignKeyBuilder, Table, TableAlias, TableBuilder, TableDef,
};
