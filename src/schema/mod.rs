//! Schema objects: tables, columns, constraints, indexes and the DDL they emit.

mod column;
mod constraint;
mod ddl;
mod metadata;
mod table;

pub use column::{Autoincrement, ClientDefault, Column, FkAction};
pub use constraint::{CheckConstraint, ForeignKey, Index, UniqueConstraint};
pub use ddl::{CreateIndex, CreateTable, Ddl, DropIndex, DropTable};
pub use metadata::MetaData;
pub use table::{
    table, ColumnBuilder, ForeignKeyBuilder, Table, TableAlias, TableBuilder, TableDef,
};
