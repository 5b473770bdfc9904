//! Tables, their builder and aliases.

use super::column::{Autoincrement, ClientDefault, Column, Computed, FkAction, OnUpdate};
use super::constraint::{CheckConstraint, ForeignKey, Index, UniqueConstraint};
use crate::expr::{ColumnRef, Expr, Ident, Qualifier};
use crate::query::{IntoColumns, TableRef};
use crate::types::SqlType;
use crate::value::Value;
use crate::Error;
use std::sync::Arc;

/// A table: a cheap, shared handle to its definition.
///
/// Tables are defined through [`crate::MetaData::table`]; [`crate::table`] makes a
/// lightweight ad-hoc table whose column names are not checked, for SQL-only use.
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let users = meta.table("users", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("name", SqlType::string(100)).not_null();
/// }).unwrap();
/// assert_eq!(users.name(), "users");
/// assert!(users.try_c("name").is_ok());
/// assert!(users.try_c("nope").is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Table(pub(crate) Arc<TableDef>);

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

/// The definition behind a [`Table`].
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("code", SqlType::string(8)).unique();
/// })?;
/// let def = t.def();
/// assert!(def.defined && def.checked);
/// assert_eq!(def.primary_key.len(), 1);
/// assert_eq!(def.uniques[0].columns[0].as_ref(), "code");
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// How column references to this table are qualified.
    pub qualifier: Qualifier,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// Whether column names are checked (false for ad-hoc tables).
    pub checked: bool,
    /// Whether this is a full definition that DDL can be emitted for.
    pub defined: bool,
    /// The primary-key columns.
    pub primary_key: Vec<Ident>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// UNIQUE constraints.
    pub uniques: Vec<UniqueConstraint>,
    /// CHECK constraints.
    pub checks: Vec<CheckConstraint>,
    /// Indexes.
    pub indexes: Vec<Index>,
    /// A comment kept by the database with the table's definition.
    pub comment: Option<String>,
    /// A reference to each column, in order, made once with the table (every
    /// constructor fills it from `columns`) so that [`Table::c`] copies one.
    pub(crate) column_refs: Vec<ColumnRef>,
}

/// References to `columns`, qualified by `qualifier`.
fn column_refs(qualifier: &Qualifier, columns: &[Column]) -> Vec<ColumnRef> {
    columns
        .iter()
        .map(|c| {
            ColumnRef::of(
                Some((qualifier.schema.as_deref(), &qualifier.name)),
                &c.name,
            )
        })
        .collect()
}

/// An ad-hoc table whose column names are not checked: for rendering SQL against
/// tables this program does not define (SQLAlchemy's `table()`).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("logs");
/// let q = select(t.c("any_name")).from(&t);
/// assert_eq!(q.compile(&GenericDialect)?.sql, r#"SELECT "logs"."any_name" FROM "logs""#);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn table(name: &str) -> Table {
    table_in(None, name)
}

/// An ad-hoc table in `schema` (a reflected foreign key's target).
pub(crate) fn table_in(schema: Option<&str>, name: &str) -> Table {
    Table(Arc::new(TableDef {
        qualifier: Qualifier {
            schema: schema.map(Ident::from),
            name: Ident::from(name),
        },
        columns: Vec::new(),
        checked: false,
        defined: false,
        primary_key: Vec::new(),
        foreign_keys: Vec::new(),
        uniques: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        comment: None,
        column_refs: Vec::new(),
    }))
}

impl Table {
    /// A table that knows only its column names (a recursive CTE's handle).
    pub(crate) fn with_column_names(name: &str, names: &[Ident]) -> Table {
        let mut def = (*table(name).0).clone();
        def.checked = true;
        def.columns = names
            .iter()
            .map(|n| Column {
                name: n.clone(),
                ty: SqlType::Text,
                nullable: true,
                primary_key: false,
                autoincrement: Autoincrement::No,
                default: None,
                server_default: None,
                unique: false,
                computed: None,
                comment: None,
                onupdate: None,
            })
            .collect();
        def.column_refs = column_refs(&def.qualifier, &def.columns);
        Table(Arc::new(def))
    }

    /// The table's name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(table("users").name(), "users");
    /// ```
    pub fn name(&self) -> &str {
        &self.0.qualifier.name
    }
    /// The table's schema, if any.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("users", |t| { t.schema("app"); t.column("id", SqlType::Integer); })?;
    /// assert_eq!(t.schema(), Some("app"));
    /// assert_eq!(table("users").schema(), None);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn schema(&self) -> Option<&str> {
        self.0.qualifier.schema.as_deref()
    }
    /// The definition.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// assert_eq!(t.def().primary_key[0].as_ref(), "id");
    /// assert!(!table("adhoc").def().defined);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn def(&self) -> &TableDef {
        &self.0
    }
    /// The columns.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("id", SqlType::Integer).primary_key();
    ///     t.column("name", SqlType::Text);
    /// })?;
    /// let names: Vec<&str> = t.columns().iter().map(|c| c.name.as_ref()).collect();
    /// assert_eq!(names, ["id", "name"]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn columns(&self) -> &[Column] {
        &self.0.columns
    }
    /// A column definition by name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("name", SqlType::string(50)).not_null(); })?;
    /// let name = t.column("name").unwrap();
    /// assert_eq!((name.ty.clone(), name.nullable), (SqlType::string(50), false));
    /// assert!(t.column("nope").is_none());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.0.columns.iter().find(|c| c.name.as_ref() == name)
    }
    /// The indexes.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("email", SqlType::string(100)).index();
    ///     t.column("a", SqlType::Integer);
    ///     t.unique_index("ux_t_a", ["a"]);
    /// })?;
    /// let names: Vec<&str> = t.indexes().iter().map(|i| i.name.as_ref()).collect();
    /// assert_eq!(names, ["ix_t_email", "ux_t_a"]);
    /// assert!(t.indexes()[1].unique);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn indexes(&self) -> &[Index] {
        &self.0.indexes
    }

    /// A reference to the column `name`. An unknown name does not panic: the
    /// expression carries an [`Error::UnknownColumn`] that compiling returns.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let ok = select(t.c("id")).from(&t).compile(&GenericDialect)?;
    /// assert_eq!(ok.sql, r#"SELECT "t"."id" FROM "t""#);
    /// let err = select(t.c("nope")).from(&t).compile(&GenericDialect).unwrap_err();
    /// assert!(matches!(err, Error::UnknownColumn { .. }));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    #[inline]
    pub fn c(&self, name: &str) -> Expr {
        match self.known_column(name) {
            Some(r) => Expr::Column(r.clone()),
            None => self.try_c(name).unwrap_or_else(Expr::invalid),
        }
    }

    /// A reference to the column `name`, or [`Error::UnknownColumn`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer); })?;
    /// assert!(t.try_c("id").is_ok());
    /// assert!(matches!(t.try_c("nope"), Err(Error::UnknownColumn { .. })));
    /// assert!(table("adhoc").try_c("anything").is_ok()); // ad-hoc tables are not checked
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, Error> {
        if let Some(r) = self.known_column(name) {
            return Ok(Expr::Column(r.clone()));
        }
        let def = &*self.0;
        if !def.checked {
            let q = &def.qualifier;
            return Ok(Expr::Column(ColumnRef::of(
                Some((q.schema.as_deref(), &q.name)),
                name,
            )));
        }
        Err(Error::UnknownColumn {
            table: self.name().to_owned(),
            column: name.to_owned(),
        })
    }

    /// The prebuilt reference of a declared column. Names are compared length
    /// first and then byte by byte, inline: column names are short, and most
    /// differ in length, so a call into `memcmp` per candidate costs more than
    /// the comparison itself (`Table::c` runs for every column a statement names).
    #[inline]
    fn known_column(&self, name: &str) -> Option<&ColumnRef> {
        let name = name.as_bytes();
        let at = self.0.columns.iter().position(|c| {
            let candidate = c.name.as_bytes();
            candidate.len() == name.len() && candidate.iter().zip(name).all(|(a, b)| a == b)
        })?;
        self.0.column_refs.get(at)
    }

    /// Every column, in order (for `SELECT t.*`-like lists that stay explicit).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("a", SqlType::Integer); t.column("b", SqlType::Text); })?;
    /// let c = select(t.all_columns()).from(&t).compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a", "t"."b" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn all_columns(&self) -> Vec<Expr> {
        self.0
            .column_refs
            .iter()
            .cloned()
            .map(Expr::Column)
            .collect()
    }

    /// `table.*`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.star()).from(&t).compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"SELECT "t".* FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn star(&self) -> Expr {
        Expr::Star(Some(self.0.qualifier.clone()))
    }

    pub(crate) fn resolve(&self, name: &str) -> Result<Ident, Error> {
        if !self.0.checked {
            return Ok(Ident::from(name));
        }
        self.column(name)
            .map(|c| c.name.clone())
            .ok_or_else(|| Error::UnknownColumn {
                table: self.name().to_owned(),
                column: name.to_owned(),
            })
    }

    /// This table under an alias (`FROM users AS u`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let u = table("users").alias("u");
    /// let c = select(u.c("id")).from(&u).compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"SELECT "u"."id" FROM "users" AS "u""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn alias(&self, alias: &str) -> TableAlias {
        TableAlias {
            table: self.clone(),
            alias: Ident::from(alias),
        }
    }

    pub(crate) fn table_ref(&self) -> TableRef {
        TableRef {
            schema: self.0.qualifier.schema.clone(),
            name: self.0.qualifier.name.clone(),
            alias: None,
        }
    }
}

/// A table under an alias; its columns are qualified by the alias.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let users = table("users");
/// let (a, b) = (users.alias("a"), users.alias("b"));
/// let q = select(a.c("id")).from(a.join(&b, b.c("boss").eq(a.c("id"))));
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"SELECT "a"."id" FROM "users" AS "a" JOIN "users" AS "b" ON "b"."boss" = "a"."id""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TableAlias {
    table: Table,
    alias: Ident,
}

impl TableAlias {
    /// A column qualified by the alias; unknown names become a compile-time error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer); })?;
    /// let a = t.alias("a");
    /// assert_eq!(select(a.c("id")).from(&a).compile(&GenericDialect)?.sql, r#"SELECT "a"."id" FROM "t" AS "a""#);
    /// assert!(select(a.c("nope")).from(&a).compile(&GenericDialect).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn c(&self, name: &str) -> Expr {
        self.try_c(name).unwrap_or_else(Expr::invalid)
    }
    /// A column qualified by the alias, or [`Error::UnknownColumn`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer); })?;
    /// let a = t.alias("a");
    /// assert!(a.try_c("id").is_ok());
    /// let err = a.try_c("nope").unwrap_err();
    /// assert_eq!(err.to_string(), r#"table "a (alias of t)" has no column "nope""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, Error> {
        let ident = self.table.resolve(name).map_err(|_| Error::UnknownColumn {
            table: format!("{} (alias of {})", self.alias, self.table.name()),
            column: name.to_owned(),
        })?;
        Ok(Expr::Column(ColumnRef::of_alias(&self.alias, &ident)))
    }
    /// The aliased table.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let users = table("users");
    /// assert_eq!(users.alias("u").table().name(), "users");
    /// ```
    pub fn table(&self) -> &Table {
        &self.table
    }
    /// The alias.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(table("users").alias("u").alias(), "u");
    /// ```
    pub fn alias(&self) -> &str {
        &self.alias
    }
    pub(crate) fn table_ref(&self) -> TableRef {
        let mut r = self.table.table_ref();
        r.alias = Some(self.alias.clone());
        r
    }
}

/// Pending foreign key of a column: the target is resolved when the table is built.
#[derive(Debug, Clone)]
struct ColumnFk {
    ref_schema: Option<Ident>,
    ref_table: Ident,
    ref_column: Ident,
    on_delete: Option<FkAction>,
    on_update: Option<FkAction>,
}

/// Builds one column; returned by [`TableBuilder::column`].
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let mut meta = MetaData::new();
/// let t = meta.table("t", |t| {
///     t.column("code", SqlType::string(8)).not_null().unique();
/// })?;
/// assert_eq!(
///     t.create().compile(&GenericDialect)?.sql,
///     r#"CREATE TABLE "t" ("code" VARCHAR(8) NOT NULL, UNIQUE ("code"))"#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug)]
pub struct ColumnBuilder {
    col: Column,
    fk: Option<ColumnFk>,
    index: bool,
    errors: Vec<String>,
}

impl ColumnBuilder {
    /// Makes the column (part of) the primary key; it becomes NOT NULL.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("code", SqlType::string(8)).primary_key(); })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("code" VARCHAR(8) NOT NULL, PRIMARY KEY ("code"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn primary_key(&mut self) -> &mut Self {
        self.col.primary_key = true;
        self.col.nullable = false;
        self
    }
    /// `NOT NULL`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("name", SqlType::Text).not_null(); })?;
    /// assert_eq!(t.create().compile(&GenericDialect)?.sql, r#"CREATE TABLE "t" ("name" TEXT NOT NULL)"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn not_null(&mut self) -> &mut Self {
        self.col.nullable = false;
        self
    }
    /// Allows NULL (the default for columns outside the primary key).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("name", SqlType::Text).not_null().nullable(); })?;
    /// assert!(t.column("name").unwrap().nullable);
    /// assert_eq!(t.create().compile(&GenericDialect)?.sql, r#"CREATE TABLE "t" ("name" TEXT)"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn nullable(&mut self) -> &mut Self {
        self.col.nullable = true;
        self
    }
    /// Forces auto-increment on or off (the default follows SQLAlchemy's rule).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer).primary_key().autoincrement(false); })?;
    /// assert!(t.def().autoincrement_column().is_none());
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("id" INTEGER NOT NULL, PRIMARY KEY ("id"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn autoincrement(&mut self, on: bool) -> &mut Self {
        self.col.autoincrement = if on {
            Autoincrement::Yes
        } else {
            Autoincrement::No
        };
        self
    }
    /// A client-side default value, used by INSERTs that leave the column out.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("name", SqlType::Text);
    ///     t.column("status", SqlType::Text).default("new");
    /// })?;
    /// let c = insert(&t).value("name", "ann").compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("name", "status") VALUES (?, ?)"#);
    /// assert_eq!(c.values()?, vec![Value::from("ann"), Value::from("new")]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn default(&mut self, v: impl Into<Value>) -> &mut Self {
        self.col.default = Some(ClientDefault::Value(v.into()));
        self
    }
    /// A client-side default computed per row.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("name", SqlType::Text);
    ///     t.column("token", SqlType::Integer).default_fn(|| Value::Int(42));
    /// })?;
    /// let c = insert(&t).value("name", "ann").compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("name", "token") VALUES (?, ?)"#);
    /// assert_eq!(c.values()?, vec![Value::from("ann"), Value::Int(42)]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn default_fn(&mut self, f: impl Fn() -> Value + Send + Sync + 'static) -> &mut Self {
        self.col.default = Some(ClientDefault::Fn(Arc::new(f)));
        self
    }
    /// What an UPDATE that does not set this column sets it to (SQLAlchemy's
    /// `onupdate=`): a value, or an expression such as [`crate::func::now`] or
    /// `column("version") + 1`, added to the SET list of every UPDATE of the table
    /// that leaves the column out.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("name", SqlType::Text);
    ///     t.column("version", SqlType::Integer).onupdate(column("version") + 1);
    ///     t.column("changed_at", SqlType::datetime()).onupdate(func::now());
    /// })?;
    /// let c = update(&t).set("name", "ann").compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "name" = ?, "version" = "version" + ?, "changed_at" = now()"#);
    /// // Set explicitly, a column keeps the statement's value.
    /// let c = update(&t).set("name", "bob").set("version", 1).compile(&GenericDialect)?;
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "name" = ?, "version" = ?, "changed_at" = now()"#);
    /// // The database computes a computed column: it takes no onupdate.
    /// let bad = meta.table("u", |t| { t.column("n", SqlType::Integer).computed(lit(1)).onupdate(2); });
    /// assert!(matches!(bad, Err(Error::InvalidSchema(_))));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn onupdate(&mut self, e: impl Into<Expr>) -> &mut Self {
        self.col.onupdate = Some(OnUpdate::Expr(e.into()));
        self
    }
    /// [`ColumnBuilder::onupdate`] with a function called once per execution,
    /// its value bound (a clock, an application's user name).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("name", SqlType::Text);
    ///     t.column("changed_by", SqlType::Text).onupdate_fn(|| Value::from("batch"));
    /// })?;
    /// let c = update(&t).set("name", "ann").compile(&GenericDialect)?;
    /// assert_eq!(c.values()?, vec![Value::from("ann"), Value::from("batch")]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn onupdate_fn(&mut self, f: impl Fn() -> Value + Send + Sync + 'static) -> &mut Self {
        self.col.onupdate = Some(OnUpdate::Fn(Arc::new(f)));
        self
    }
    /// A server-side default (`DEFAULT …` in DDL): a value or an expression such as
    /// [`crate::func::now`], rendered with inline literals.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("n", SqlType::Integer).server_default(0);
    ///     t.column("at", SqlType::datetime()).server_default(func::now());
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("n" INTEGER DEFAULT 0, "at" TIMESTAMP DEFAULT (now()))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn server_default(&mut self, e: impl Into<Expr>) -> &mut Self {
        self.col.server_default = Some(e.into());
        self
    }
    /// Makes a generated column, STORED: the database computes it from `expr`
    /// (over the table's other columns, written with inline literals) on every
    /// write (SQLAlchemy's `Computed(…, persisted=True)`): `GENERATED ALWAYS AS
    /// (expr) STORED` on PostgreSQL 12+, MySQL, MariaDB and SQLite 3.31+.
    /// INSERT and UPDATE that set it are [`crate::Error::InvalidStatement`]; a
    /// computed column has no default and is not part of the primary key.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("line", |t| {
    ///     t.column("price", SqlType::Integer);
    ///     t.column("qty", SqlType::Integer);
    ///     let total = t.c("price") * t.c("qty");
    ///     t.column("total", SqlType::Integer).computed(total);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&Postgres)?.sql,
    ///     r#"CREATE TABLE "line" ("price" INTEGER, "qty" INTEGER, "total" INTEGER GENERATED ALWAYS AS ("price" * "qty") STORED)"#
    /// );
    /// let bad = insert(&t).value("total", 3);
    /// assert!(matches!(bad.compile(&Postgres), Err(Error::InvalidStatement(_))));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn computed(&mut self, expr: impl Into<Expr>) -> &mut Self {
        self.col.computed = Some(Computed {
            expr: expr.into(),
            stored: true,
        });
        self
    }
    /// [`ColumnBuilder::computed`], VIRTUAL: computed when read, not kept
    /// (MySQL, MariaDB, SQLite); PostgreSQL before 18 has only STORED, so there
    /// it is [`crate::Error::Unsupported`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("name", SqlType::Text);
    ///     let lower = func::lower(t.c("name"));
    ///     t.column("name_key", SqlType::Text).computed_virtual(lower);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&Sqlite)?.sql,
    ///     r#"CREATE TABLE "t" ("name" TEXT, "name_key" TEXT GENERATED ALWAYS AS (lower("name")) VIRTUAL)"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn computed_virtual(&mut self, expr: impl Into<Expr>) -> &mut Self {
        self.col.computed = Some(Computed {
            expr: expr.into(),
            stored: false,
        });
        self
    }
    /// A comment the database keeps with the column (SQLAlchemy's
    /// `Column(comment=...)`): `COMMENT ON COLUMN` on PostgreSQL (see
    /// [`Table::comment_statements`]), `COMMENT '…'` in MySQL's column
    /// definition; SQLite keeps none, and leaves it out.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("id", SqlType::Integer).comment("the key"); })?;
    /// let sql: Vec<String> = t.comment_statements().iter().map(|d| d.compile(&Postgres).map(|c| c.sql)).collect::<Result<_, _>>()?;
    /// assert_eq!(sql, [r#"COMMENT ON COLUMN "t"."id" IS 'the key'"#]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.col.comment = Some(text.to_owned());
        self
    }
    /// A single-column UNIQUE constraint.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("email", SqlType::string(100)).unique(); })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("email" VARCHAR(100), UNIQUE ("email"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn unique(&mut self) -> &mut Self {
        self.col.unique = true;
        self
    }
    /// A single-column index named `ix_<table>_<column>`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.column("email", SqlType::string(100)).index(); })?;
    /// let ix = &t.indexes()[0];
    /// assert_eq!(
    ///     t.create_index(ix).compile(&GenericDialect)?.sql,
    ///     r#"CREATE INDEX "ix_t_email" ON "t" ("email")"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn index(&mut self) -> &mut Self {
        self.index = true;
        self
    }
    /// A foreign key to `table.column`; the column must exist.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let users = meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let posts = meta.table("posts", |t| { t.column("author", SqlType::Integer).references(&users, "id"); })?;
    /// assert_eq!(
    ///     posts.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "posts" ("author" INTEGER, FOREIGN KEY ("author") REFERENCES "users" ("id"))"#
    /// );
    /// // A column the target does not have is refused when the table is built.
    /// assert!(meta.table("bad", |t| { t.column("x", SqlType::Integer).references(&users, "nope"); }).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn references(&mut self, table: &Table, column: &str) -> &mut Self {
        match table.resolve(column) {
            Ok(col) => {
                self.fk = Some(ColumnFk {
                    ref_schema: table.0.qualifier.schema.clone(),
                    ref_table: table.0.qualifier.name.clone(),
                    ref_column: col,
                    on_delete: None,
                    on_update: None,
                })
            }
            Err(e) => self.errors.push(e.to_string()),
        }
        self
    }
    /// A foreign key to a table by name (for a table defined later, or itself).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("node", |t| {
    ///     t.column("id", SqlType::Integer).primary_key().autoincrement(false);
    ///     t.column("parent", SqlType::Integer).references_named("node", "id");
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "node" ("id" INTEGER NOT NULL, "parent" INTEGER, PRIMARY KEY ("id"), FOREIGN KEY ("parent") REFERENCES "node" ("id"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn references_named(&mut self, table: &str, column: &str) -> &mut Self {
        self.fk = Some(ColumnFk {
            ref_schema: None,
            ref_table: Ident::from(table),
            ref_column: Ident::from(column),
            on_delete: None,
            on_update: None,
        });
        self
    }
    /// `ON DELETE` of this column's foreign key.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("parent", SqlType::Integer).references_named("p", "id").on_delete(FkAction::Cascade);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("parent" INTEGER, FOREIGN KEY ("parent") REFERENCES "p" ("id") ON DELETE CASCADE)"#
    /// );
    /// // Without references() first, building the table fails.
    /// assert!(meta.table("u", |t| { t.column("x", SqlType::Integer).on_delete(FkAction::Cascade); }).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn on_delete(&mut self, action: FkAction) -> &mut Self {
        match self.fk.as_mut() {
            Some(fk) => fk.on_delete = Some(action),
            None => self.errors.push(format!(
                "column {:?}: on_delete() needs references() first",
                self.col.name
            )),
        }
        self
    }
    /// `ON UPDATE` of this column's foreign key.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("parent", SqlType::Integer).references_named("p", "id").on_update(FkAction::SetNull);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("parent" INTEGER, FOREIGN KEY ("parent") REFERENCES "p" ("id") ON UPDATE SET NULL)"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn on_update(&mut self, action: FkAction) -> &mut Self {
        match self.fk.as_mut() {
            Some(fk) => fk.on_update = Some(action),
            None => self.errors.push(format!(
                "column {:?}: on_update() needs references() first",
                self.col.name
            )),
        }
        self
    }
}

/// Builds a table; the closure given to [`crate::MetaData::table`] receives one.
///
/// ```
/// use sqlcraft::prelude::*;
/// # use sqlcraft::dialect::GenericDialect;
/// # let mut meta = MetaData::new();
/// let t = meta.table("pair", |t| {
///     t.column("a", SqlType::Integer);
///     t.column("b", SqlType::Integer);
///     t.primary_key(["a", "b"]);
/// })?;
/// assert_eq!(
///     t.create().compile(&GenericDialect)?.sql,
///     r#"CREATE TABLE "pair" ("a" INTEGER NOT NULL, "b" INTEGER NOT NULL, PRIMARY KEY ("a", "b"))"#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug)]
pub struct TableBuilder {
    name: Ident,
    schema: Option<Ident>,
    columns: Vec<ColumnBuilder>,
    primary_key: Vec<Ident>,
    foreign_keys: Vec<ForeignKey>,
    uniques: Vec<UniqueConstraint>,
    checks: Vec<CheckConstraint>,
    indexes: Vec<IndexSpec>,
    comment: Option<String>,
    errors: Vec<String>,
}

fn idents<I, S>(items: I) -> Vec<Ident>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items.into_iter().map(|s| Ident::from(s.as_ref())).collect()
}

/// Further settings of a table-level foreign key.
///
/// ```
/// use sqlcraft::prelude::*;
/// # use sqlcraft::dialect::GenericDialect;
/// # let mut meta = MetaData::new();
/// let p = meta.table("p", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
/// let c = meta.table("c", |t| {
///     t.column("pid", SqlType::Integer);
///     t.foreign_key(["pid"], &p, ["id"]).name("fk_c_p").on_delete(FkAction::Restrict);
/// })?;
/// assert_eq!(
///     c.create().compile(&GenericDialect)?.sql,
///     r#"CREATE TABLE "c" ("pid" INTEGER, CONSTRAINT "fk_c_p" FOREIGN KEY ("pid") REFERENCES "p" ("id") ON DELETE RESTRICT)"#
/// );
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug)]
pub struct ForeignKeyBuilder<'a>(&'a mut ForeignKey);

impl ForeignKeyBuilder<'_> {
    /// Names the constraint.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let p = meta.table("p", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let c = meta.table("c", |t| {
    ///     t.column("pid", SqlType::Integer);
    ///     t.foreign_key(["pid"], &p, ["id"]).name("fk_c_p");
    /// })?;
    /// assert_eq!(c.def().foreign_keys[0].name.as_deref(), Some("fk_c_p"));
    /// assert!(c.create().compile(&GenericDialect)?.sql.contains(r#"CONSTRAINT "fk_c_p" FOREIGN KEY ("pid")"#));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn name(self, name: &str) -> Self {
        self.0.name = Some(Ident::from(name));
        self
    }
    /// `ON DELETE action`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let p = meta.table("p", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let c = meta.table("c", |t| {
    ///     t.column("pid", SqlType::Integer);
    ///     t.foreign_key(["pid"], &p, ["id"]).on_delete(FkAction::SetNull);
    /// })?;
    /// assert!(c.create().compile(&GenericDialect)?.sql.ends_with(r#"REFERENCES "p" ("id") ON DELETE SET NULL)"#));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn on_delete(self, action: FkAction) -> Self {
        self.0.on_delete = Some(action);
        self
    }
    /// `ON UPDATE action`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let p = meta.table("p", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let c = meta.table("c", |t| {
    ///     t.column("pid", SqlType::Integer);
    ///     t.foreign_key(["pid"], &p, ["id"]).on_update(FkAction::Cascade);
    /// })?;
    /// assert!(c.create().compile(&GenericDialect)?.sql.ends_with(r#"REFERENCES "p" ("id") ON UPDATE CASCADE)"#));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn on_update(self, action: FkAction) -> Self {
        self.0.on_update = Some(action);
        self
    }
}

impl TableBuilder {
    pub(crate) fn new(name: &str) -> TableBuilder {
        TableBuilder {
            name: Ident::from(name),
            schema: None,
            columns: Vec::new(),
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            errors: Vec::new(),
        }
    }

    /// A comment the database keeps with the table (SQLAlchemy's
    /// `Table(comment=...)`): `COMMENT ON TABLE` on PostgreSQL (see
    /// [`Table::comment_statements`]), `COMMENT '…'` in MySQL's CREATE TABLE;
    /// SQLite keeps none, and leaves it out.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.comment("it's ours"); t.column("id", SqlType::Integer); })?;
    /// assert_eq!(t.create().compile(&MySql::mariadb())?.sql, "CREATE TABLE `t` (`id` INTEGER) COMMENT 'it''s ours'");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.comment = Some(text.to_owned());
        self
    }

    /// Puts the table in a schema.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| { t.schema("app"); t.column("id", SqlType::Integer); })?;
    /// assert_eq!(t.create().compile(&GenericDialect)?.sql, r#"CREATE TABLE "app"."t" ("id" INTEGER)"#);
    /// assert_eq!(select(t.c("id")).from(&t).compile(&GenericDialect)?.sql, r#"SELECT "app"."t"."id" FROM "app"."t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn schema(&mut self, schema: &str) -> &mut Self {
        self.schema = Some(Ident::from(schema));
        self
    }

    /// Adds a column (nullable unless made NOT NULL or part of the primary key).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("id", SqlType::BigInteger).primary_key().autoincrement(false);
    ///     t.column("note", SqlType::Text);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("id" BIGINT NOT NULL, "note" TEXT, PRIMARY KEY ("id"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn column(&mut self, name: &str, ty: SqlType) -> &mut ColumnBuilder {
        let idx = self.columns.len();
        self.columns.push(ColumnBuilder {
            col: Column {
                name: Ident::from(name),
                ty,
                nullable: true,
                primary_key: false,
                autoincrement: Autoincrement::Auto,
                default: None,
                server_default: None,
                unique: false,
                computed: None,
                comment: None,
                onupdate: None,
            },
            fk: None,
            index: false,
            errors: Vec::new(),
        });
        &mut self.columns[idx]
    }

    /// A (composite) primary key over these columns.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("pair", |t| {
    ///     t.column("a", SqlType::Integer);
    ///     t.column("b", SqlType::Integer);
    ///     t.primary_key(["a", "b"]);
    /// })?;
    /// assert!(t.columns().iter().all(|c| c.primary_key && !c.nullable));
    /// // Naming a column that does not exist is an error.
    /// assert!(meta.table("bad", |t| { t.column("a", SqlType::Integer); t.primary_key(["z"]); }).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn primary_key<I, S>(&mut self, cols: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.primary_key = idents(cols);
        self
    }

    /// A (composite) foreign key.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let c = meta.table("c", |t| {
    ///     t.column("x", SqlType::Integer);
    ///     t.column("y", SqlType::Integer);
    ///     t.foreign_key(["x", "y"], &table("p"), ["a", "b"]);
    /// })?;
    /// assert_eq!(
    ///     c.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "c" ("x" INTEGER, "y" INTEGER, FOREIGN KEY ("x", "y") REFERENCES "p" ("a", "b"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn foreign_key<I, S, J, T>(
        &mut self,
        cols: I,
        target: &Table,
        ref_cols: J,
    ) -> ForeignKeyBuilder<'_>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
        J: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let ref_columns = idents(ref_cols);
        for c in &ref_columns {
            if let Err(e) = target.resolve(c) {
                self.errors.push(e.to_string());
            }
        }
        self.foreign_keys.push(ForeignKey {
            name: None,
            columns: idents(cols),
            ref_schema: target.0.qualifier.schema.clone(),
            ref_table: target.0.qualifier.name.clone(),
            ref_columns,
            on_delete: None,
            on_update: None,
        });
        let idx = self.foreign_keys.len() - 1;
        ForeignKeyBuilder(&mut self.foreign_keys[idx])
    }

    /// An unnamed UNIQUE constraint.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("a", SqlType::Integer);
    ///     t.column("b", SqlType::Integer);
    ///     t.unique(["a", "b"]);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("a" INTEGER, "b" INTEGER, UNIQUE ("a", "b"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn unique<I, S>(&mut self, cols: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.uniques.push(UniqueConstraint {
            name: None,
            columns: idents(cols),
        });
        self
    }

    /// A named UNIQUE constraint.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("a", SqlType::Integer);
    ///     t.column("b", SqlType::Integer);
    ///     t.unique_named("uq_t_ab", ["a", "b"]);
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("a" INTEGER, "b" INTEGER, CONSTRAINT "uq_t_ab" UNIQUE ("a", "b"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn unique_named<I, S>(&mut self, name: &str, cols: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.uniques.push(UniqueConstraint {
            name: Some(Ident::from(name)),
            columns: idents(cols),
        });
        self
    }

    /// A named CHECK constraint.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("qty", SqlType::Integer);
    ///     t.check("ck_qty", t.c("qty").gt(0));
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("qty" INTEGER, CONSTRAINT "ck_qty" CHECK ("qty" > 0))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn check(&mut self, name: &str, cond: impl Into<Expr>) -> &mut Self {
        self.checks.push(CheckConstraint {
            name: Some(Ident::from(name)),
            expr: cond.into(),
        });
        self
    }

    /// A CHECK constraint without a name: the engine makes one up, or keeps
    /// none (SQLite). [`TableBuilder::check`] names it, which lets a migration
    /// drop it later.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("qty", SqlType::Integer);
    ///     t.check_unnamed(t.c("qty").gt(0));
    /// })?;
    /// assert_eq!(
    ///     t.create().compile(&GenericDialect)?.sql,
    ///     r#"CREATE TABLE "t" ("qty" INTEGER, CHECK ("qty" > 0))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn check_unnamed(&mut self, cond: impl Into<Expr>) -> &mut Self {
        self.checks.push(CheckConstraint {
            name: None,
            expr: cond.into(),
        });
        self
    }

    /// An index.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("a", SqlType::Integer);
    ///     t.column("b", SqlType::Integer);
    ///     t.index("ix_t_ab", ["a", "b"]);
    /// })?;
    /// assert_eq!(
    ///     t.create_index(&t.indexes()[0]).compile(&GenericDialect)?.sql,
    ///     r#"CREATE INDEX "ix_t_ab" ON "t" ("a", "b")"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn index<I, S>(&mut self, name: &str, cols: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.indexes
            .push(IndexSpec::on_columns(name, idents(cols), false, None));
        self
    }

    /// A UNIQUE index.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// # use sqlcraft::dialect::GenericDialect;
    /// # let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("email", SqlType::string(100));
    ///     t.unique_index("ux_t_email", ["email"]);
    /// })?;
    /// assert_eq!(
    ///     t.create_index(&t.indexes()[0]).compile(&GenericDialect)?.sql,
    ///     r#"CREATE UNIQUE INDEX "ux_t_email" ON "t" ("email")"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn unique_index<I, S>(&mut self, name: &str, cols: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.indexes
            .push(IndexSpec::on_columns(name, idents(cols), true, None));
        self
    }

    /// A partial index: only the rows `cond` keeps are indexed (SQLAlchemy's
    /// `postgresql_where` / `sqlite_where`). PostgreSQL and SQLite have them;
    /// MySQL and MariaDB do not, and their CREATE INDEX is
    /// [`crate::Error::Unsupported`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("jobs", |t| {
    ///     t.column("id", SqlType::Integer).primary_key();
    ///     t.column("state", SqlType::string(10));
    ///     let pending = t.c("state").eq("pending");
    ///     t.index_where("ix_jobs_pending", ["id"], pending);
    /// })?;
    /// assert_eq!(
    ///     t.create_index(&t.indexes()[0]).compile(&Postgres)?.sql,
    ///     r#"CREATE INDEX "ix_jobs_pending" ON "jobs" ("id") WHERE "state" = 'pending'"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn index_where<I, S>(&mut self, name: &str, cols: I, cond: impl Into<Expr>) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.indexes.push(IndexSpec::on_columns(
            name,
            idents(cols),
            false,
            Some(cond.into()),
        ));
        self
    }

    /// A partial UNIQUE index: the columns are unique among the rows `cond`
    /// keeps (an email unique among accounts not deleted).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("accounts", |t| {
    ///     t.column("email", SqlType::string(100));
    ///     t.column("deleted_at", SqlType::datetime());
    ///     let live = t.c("deleted_at").is_null();
    ///     t.unique_index_where("ux_accounts_email", ["email"], live);
    /// })?;
    /// assert_eq!(
    ///     t.create_index(&t.indexes()[0]).compile(&Sqlite)?.sql,
    ///     r#"CREATE UNIQUE INDEX "ux_accounts_email" ON "accounts" ("email") WHERE "deleted_at" IS NULL"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn unique_index_where<I, S>(
        &mut self,
        name: &str,
        cols: I,
        cond: impl Into<Expr>,
    ) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.indexes.push(IndexSpec::on_columns(
            name,
            idents(cols),
            true,
            Some(cond.into()),
        ));
        self
    }

    /// An index on expressions (SQLAlchemy's `Index("ix", func.lower(t.c.email))`),
    /// each written with inline literals and in parentheses: PostgreSQL,
    /// SQLite and MySQL 8 have them; MariaDB has none, and its CREATE INDEX is
    /// [`crate::Error::Unsupported`]. A plain column may stand among the
    /// expressions.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("users", |t| {
    ///     t.column("email", SqlType::string(100));
    ///     let key = func::lower(t.c("email"));
    ///     t.index_on("ix_users_email_lower", key);
    /// })?;
    /// assert_eq!(
    ///     t.create_index(&t.indexes()[0]).compile(&Postgres)?.sql,
    ///     r#"CREATE INDEX "ix_users_email_lower" ON "users" ((lower("email")))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn index_on(&mut self, name: &str, exprs: impl IntoColumns) -> &mut Self {
        self.indexes
            .push(IndexSpec::on_expressions(name, exprs, false));
        self
    }

    /// A UNIQUE index on expressions: an email unique whatever its case.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("users", |t| {
    ///     t.column("email", SqlType::string(100));
    ///     let key = func::lower(t.c("email"));
    ///     t.unique_index_on("ux_users_email", key);
    /// })?;
    /// assert_eq!(
    ///     t.create_index(&t.indexes()[0]).compile(&Sqlite)?.sql,
    ///     r#"CREATE UNIQUE INDEX "ux_users_email" ON "users" ((lower("email")))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn unique_index_on(&mut self, name: &str, exprs: impl IntoColumns) -> &mut Self {
        self.indexes
            .push(IndexSpec::on_expressions(name, exprs, true));
        self
    }

    /// A column handle for CHECK expressions written inside the builder.
    ///
    /// The reference is unqualified, as a CHECK constraint needs.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("t", |t| {
    ///     t.column("lo", SqlType::Integer);
    ///     t.column("hi", SqlType::Integer);
    ///     t.check("ck_range", t.c("lo").le(t.c("hi")));
    /// })?;
    /// assert!(t.create().compile(&GenericDialect)?.sql.contains(r#"CONSTRAINT "ck_range" CHECK ("lo" <= "hi")"#));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn c(&self, name: &str) -> Expr {
        match self.columns.iter().find(|c| c.col.name.as_ref() == name) {
            Some(c) => Expr::Column(ColumnRef::of(None, &c.col.name)),
            None => Expr::invalid(Error::UnknownColumn {
                table: self.name.to_string(),
                column: name.to_owned(),
            }),
        }
    }

    pub(crate) fn build(self) -> Result<Table, Error> {
        let TableBuilder {
            name,
            schema,
            columns,
            mut primary_key,
            mut foreign_keys,
            mut uniques,
            checks,
            indexes,
            comment,
            mut errors,
        } = self;
        if name.is_empty() {
            errors.push("a table name cannot be empty".to_owned());
        }
        let mut cols = Vec::with_capacity(columns.len());
        let mut index_defs = Vec::new();
        let column_pk: Vec<Ident> = columns
            .iter()
            .filter(|c| c.col.primary_key)
            .map(|c| c.col.name.clone())
            .collect();
        if !column_pk.is_empty() && !primary_key.is_empty() {
            errors.push(
                "primary key given both on columns and with primary_key(): use one".to_owned(),
            );
        }
        if primary_key.is_empty() {
            primary_key = column_pk;
        }
        for cb in columns {
            errors.extend(cb.errors);
            if cb.col.name.is_empty() {
                errors.push("a column name cannot be empty".to_owned());
            }
            if cb.col.computed.is_some() {
                let col = &cb.col;
                if col.default.is_some() || col.server_default.is_some() {
                    errors.push(format!(
                        "computed column {:?} cannot also have a default",
                        col.name
                    ));
                }
                if col.onupdate.is_some() {
                    errors.push(format!(
                        "computed column {:?} cannot also have an onupdate value",
                        col.name
                    ));
                }
                if col.primary_key || primary_key.contains(&col.name) {
                    errors.push(format!(
                        "computed column {:?} cannot be part of the primary key",
                        col.name
                    ));
                }
            }
            if cols.iter().any(|c: &Column| c.name == cb.col.name) {
                errors.push(format!("duplicate column {:?}", cb.col.name));
            }
            if let Some(fk) = cb.fk {
                foreign_keys.push(ForeignKey {
                    name: None,
                    columns: vec![cb.col.name.clone()],
                    ref_schema: fk.ref_schema,
                    ref_table: fk.ref_table,
                    ref_columns: vec![fk.ref_column],
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                });
            }
            if cb.index {
                index_defs.push(Index {
                    name: Ident::from(format!("ix_{}_{}", name, cb.col.name).as_str()),
                    schema: schema.clone(),
                    table: name.clone(),
                    columns: vec![cb.col.name.clone()],
                    unique: false,
                    where_: None,
                    expressions: Vec::new(),
                });
            }
            if cb.col.unique {
                uniques.push(UniqueConstraint {
                    name: None,
                    columns: vec![cb.col.name.clone()],
                });
            }
            cols.push(cb.col);
        }
        for c in &mut cols {
            if primary_key.contains(&c.name) {
                c.primary_key = true;
                c.nullable = false;
            }
        }
        for spec in indexes {
            index_defs.push(Index {
                name: spec.name,
                schema: schema.clone(),
                table: name.clone(),
                columns: spec.columns,
                unique: spec.unique,
                where_: spec.where_,
                expressions: spec.expressions,
            });
        }
        let check_cols = |errors: &mut Vec<String>, what: &str, list: &[Ident]| {
            if list.is_empty() {
                errors.push(format!("{what} needs at least one column"));
            }
            for n in list {
                if !cols.iter().any(|c| &c.name == n) {
                    errors.push(format!("{what} names unknown column {n:?}"));
                }
            }
        };
        if !primary_key.is_empty() {
            check_cols(&mut errors, "the primary key", &primary_key);
        }
        for fk in &foreign_keys {
            check_cols(&mut errors, "a foreign key", &fk.columns);
            if fk.columns.len() != fk.ref_columns.len() {
                errors.push(format!(
                    "foreign key {:?} -> {:?}: {} columns reference {}",
                    fk.columns,
                    fk.ref_table,
                    fk.columns.len(),
                    fk.ref_columns.len()
                ));
            }
        }
        for u in &uniques {
            check_cols(&mut errors, "a unique constraint", &u.columns);
        }
        for i in &index_defs {
            if i.expressions.is_empty() {
                check_cols(&mut errors, &format!("index {:?}", i.name), &i.columns);
            }
        }
        if !errors.is_empty() {
            return Err(Error::InvalidSchema(format!(
                "table {:?}: {}",
                name,
                errors.join("; ")
            )));
        }
        let qualifier = Qualifier { schema, name };
        Ok(Table(Arc::new(TableDef {
            column_refs: column_refs(&qualifier, &cols),
            qualifier,
            columns: cols,
            checked: true,
            defined: true,
            primary_key,
            foreign_keys,
            uniques,
            checks,
            indexes: index_defs,
            comment,
        })))
    }
}

impl TableDef {
    /// The column that takes the engine's auto-increment, if any.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let a = meta.table("a", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// assert_eq!(a.def().autoincrement_column().map(|c| c.name.as_ref()), Some("id"));
    /// // A text key, or a composite one, takes no auto-increment.
    /// let b = meta.table("b", |t| { t.column("code", SqlType::Text).primary_key(); })?;
    /// assert!(b.def().autoincrement_column().is_none());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn autoincrement_column(&self) -> Option<&Column> {
        let explicit = self
            .columns
            .iter()
            .find(|c| c.autoincrement == Autoincrement::Yes);
        if explicit.is_some() {
            return explicit;
        }
        if self.primary_key.len() != 1 {
            return None;
        }
        let col = self
            .columns
            .iter()
            .find(|c| c.name == self.primary_key[0])?;
        let has_fk = self
            .foreign_keys
            .iter()
            .any(|fk| fk.columns.contains(&col.name));
        (col.autoincrement == Autoincrement::Auto
            && col.ty.is_integer()
            && col.default.is_none()
            && col.server_default.is_none()
            && !has_fk)
            .then_some(col)
    }
}

/// An index as the builder collects it.
#[derive(Debug)]
struct IndexSpec {
    name: Ident,
    columns: Vec<Ident>,
    unique: bool,
    where_: Option<Expr>,
    expressions: Vec<Expr>,
}

impl IndexSpec {
    fn on_columns(name: &str, columns: Vec<Ident>, unique: bool, where_: Option<Expr>) -> Self {
        IndexSpec {
            name: Ident::from(name),
            columns,
            unique,
            where_,
            expressions: Vec::new(),
        }
    }

    fn on_expressions(name: &str, exprs: impl IntoColumns, unique: bool) -> Self {
        IndexSpec {
            name: Ident::from(name),
            columns: Vec::new(),
            unique,
            where_: None,
            expressions: exprs.into_columns(),
        }
    }
}
