//! Reflection: what tables a database holds and how they are defined, read
//! from the engine's own catalog (SQLAlchemy's `inspect(engine)` and
//! `Table(..., autoload_with=engine)`).
//!
//! Each driver supplies one catalog query per question ([`CatalogQuery`]),
//! returning rows of a fixed shape; this module turns those rows into
//! [`ReflectedColumn`]s, [`ReflectedForeignKey`]s, [`ReflectedIndex`]es,
//! [`ReflectedUnique`]s and [`ReflectedCheck`]s, and
//! [`MetaData::reflect_table`] turns those into a [`Table`].

use super::{Connection, Engine};
use crate::error::{Error, Result};
use crate::schema::{FkAction, MetaData, Table};
use crate::types::SqlType;
use crate::value::Value;
use std::cell::RefCell;

/// One question a driver answers with a catalog query; see
/// [`Driver::catalog_query`](super::Driver::catalog_query) for the rows each must
/// return. `schema` is `None` for the connection's default schema (SQLite's
/// `main`, PostgreSQL's `current_schema()`, MySQL's `DATABASE()`).
///
/// ```
/// use sqlcraft::engine::{CatalogQuery, Driver};
/// let (sql, params) = sqlcraft_sqlite::SqliteDriver
///     .catalog_query(CatalogQuery::TableNames { schema: None })
///     .expect("SQLite answers it");
/// assert!(sql.contains("sqlite_master"));
/// assert!(params.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CatalogQuery<'a> {
    /// The schema's tables (not views): rows of `(name)`, in name order.
    TableNames {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
    },
    /// The schema's views: rows of `(name)`, in name order.
    ViewNames {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
    },
    /// A table's columns, in table order: rows of `(name, type, nullable,
    /// default, autoincrement, comment)`, the type as the catalog spells it,
    /// `default` the server default's SQL text or NULL, `comment` NULL for
    /// none.
    Columns {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// A table's primary key: rows of `(column)`, in key order.
    PrimaryKey {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// A table's foreign keys: rows of `(key, name, column, referred_schema,
    /// referred_table, referred_column, on_delete, on_update)`, by key and then
    /// column order. `key` tells one key's rows from another's; `name` is NULL
    /// where the engine keeps none; `referred_schema` is NULL for the table's
    /// own schema; the actions are SQL's words (`CASCADE`, `NO ACTION`, …).
    ForeignKeys {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// A table's indexes, other than those behind its primary key and unique
    /// constraints: rows of `(name, column, unique, partial)`, by name and then
    /// key order; `column` is NULL for a key part that is an expression.
    Indexes {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// A table's unique constraints: rows of `(key, name, column)`, by key and
    /// then column order; `name` is NULL where the engine keeps none.
    UniqueConstraints {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// A table's comment: no row, or one row of `(comment)` (NULL for none).
    TableComment {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// A table's CHECK constraints: rows of `(name, sqltext)`, by name;
    /// `sqltext` the condition as the catalog keeps it, without `CHECK (…)`
    /// around it. A driver whose engine keeps only the table's `CREATE TABLE`
    /// text answers [`CatalogQuery::TableDefinition`] instead.
    CheckConstraints {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
    /// The `CREATE TABLE` statement a table was made with, as the engine keeps
    /// it: no row, or one row of `(sql)`. Asked only where
    /// [`CatalogQuery::CheckConstraints`] has no query; the CHECK clauses are
    /// read from the text.
    TableDefinition {
        /// The schema; `None` for the default.
        schema: Option<&'a str>,
        /// The table.
        table: &'a str,
    },
}

impl<'a> CatalogQuery<'a> {
    /// The schema asked about; `None` for the default.
    ///
    /// ```
    /// use sqlcraft::engine::CatalogQuery;
    /// assert_eq!(CatalogQuery::TableNames { schema: Some("s") }.schema(), Some("s"));
    /// ```
    pub fn schema(&self) -> Option<&'a str> {
        match *self {
            CatalogQuery::TableNames { schema }
            | CatalogQuery::ViewNames { schema }
            | CatalogQuery::Columns { schema, .. }
            | CatalogQuery::PrimaryKey { schema, .. }
            | CatalogQuery::ForeignKeys { schema, .. }
            | CatalogQuery::Indexes { schema, .. }
            | CatalogQuery::UniqueConstraints { schema, .. }
            | CatalogQuery::TableComment { schema, .. }
            | CatalogQuery::CheckConstraints { schema, .. }
            | CatalogQuery::TableDefinition { schema, .. } => schema,
        }
    }

    /// The table asked about; `None` for the table list.
    ///
    /// ```
    /// use sqlcraft::engine::CatalogQuery;
    /// assert_eq!(CatalogQuery::Indexes { schema: None, table: "t" }.table(), Some("t"));
    /// assert_eq!(CatalogQuery::TableNames { schema: None }.table(), None);
    /// ```
    pub fn table(&self) -> Option<&'a str> {
        match *self {
            CatalogQuery::TableNames { .. } | CatalogQuery::ViewNames { .. } => None,
            CatalogQuery::Columns { table, .. }
            | CatalogQuery::PrimaryKey { table, .. }
            | CatalogQuery::ForeignKeys { table, .. }
            | CatalogQuery::Indexes { table, .. }
            | CatalogQuery::UniqueConstraints { table, .. }
            | CatalogQuery::TableComment { table, .. }
            | CatalogQuery::CheckConstraints { table, .. }
            | CatalogQuery::TableDefinition { table, .. } => Some(table),
        }
    }
}

/// A column as the database defines it ([`Inspector::columns`]).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::prelude::*;
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 5)", &[]).map(drop))?;
/// let n = &engine.inspect().columns("t", None)?[1];
/// assert_eq!((n.name.as_str(), n.type_name.as_str(), n.ty.clone()), ("n", "INTEGER", Some(SqlType::Integer)));
/// assert_eq!((n.nullable, n.default.as_deref(), n.autoincrement, n.comment.clone()), (true, Some("5"), false, None));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReflectedColumn {
    /// The column's name.
    pub name: String,
    /// The type as the engine's catalog spells it (`character varying(50)`,
    /// `int(11)`, `VARCHAR(50)`).
    pub type_name: String,
    /// The type, where the dialect recognises the name
    /// ([`Dialect::reflect_type`](crate::Dialect::reflect_type)).
    pub ty: Option<SqlType>,
    /// Whether the column takes NULL.
    pub nullable: bool,
    /// The server default, as SQL text; `None` without one (and for an
    /// auto-increment column's generator).
    pub default: Option<String>,
    /// Whether the database numbers the column itself (an identity, serial,
    /// `AUTO_INCREMENT` or SQLite rowid column).
    pub autoincrement: bool,
    /// The column's comment (never on SQLite, which keeps none).
    pub comment: Option<String>,
}

/// A foreign key as the database defines it ([`Inspector::foreign_keys`]).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// engine.begin(|c| {
///     c.exec_driver_sql("CREATE TABLE p (a INTEGER, b INTEGER, PRIMARY KEY (a, b))", &[])?;
///     c.exec_driver_sql("CREATE TABLE c (x INTEGER, y INTEGER, FOREIGN KEY (x, y) REFERENCES p (a, b))", &[]).map(drop)
/// })?;
/// let fk = &engine.inspect().foreign_keys("c", None)?[0];
/// assert_eq!((fk.columns.clone(), fk.referred_columns.clone()), (vec!["x".to_owned(), "y".to_owned()], vec!["a".to_owned(), "b".to_owned()]));
/// assert_eq!((fk.name.clone(), fk.referred_schema.clone(), fk.on_delete), (None, None, None));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedForeignKey {
    /// The constraint's name; `None` where the engine keeps none (SQLite).
    pub name: Option<String>,
    /// The referring columns, in key order.
    pub columns: Vec<String>,
    /// The referred table's schema; `None` for the table's own.
    pub referred_schema: Option<String>,
    /// The referred table.
    pub referred_table: String,
    /// The referred columns, matching `columns`.
    pub referred_columns: Vec<String>,
    /// `ON DELETE`; `None` for the default (`NO ACTION`).
    pub on_delete: Option<FkAction>,
    /// `ON UPDATE`; `None` for the default (`NO ACTION`).
    pub on_update: Option<FkAction>,
}

/// An index as the database defines it ([`Inspector::indexes`]).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// engine.begin(|c| {
///     c.exec_driver_sql("CREATE TABLE t (a TEXT, b INTEGER)", &[])?;
///     c.exec_driver_sql("CREATE UNIQUE INDEX ux ON t (lower(a)) WHERE b > 0", &[]).map(drop)
/// })?;
/// let ix = &engine.inspect().indexes("t", None)?[0];
/// assert_eq!((ix.name.as_str(), ix.columns.clone(), ix.unique, ix.partial), ("ux", vec![None], true, true));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedIndex {
    /// The index's name.
    pub name: String,
    /// The key parts in order: a column, or `None` for an expression.
    pub columns: Vec<Option<String>>,
    /// Whether it is a unique index.
    pub unique: bool,
    /// Whether it covers only the rows of a WHERE condition.
    pub partial: bool,
}

/// A unique constraint as the database defines it
/// ([`Inspector::unique_constraints`]).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (a INTEGER UNIQUE)", &[]).map(drop))?;
/// let u = &engine.inspect().unique_constraints("t", None)?[0];
/// assert_eq!((u.name.clone(), u.columns.clone()), (None, vec!["a".to_owned()])); // SQLite keeps no names
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedUnique {
    /// The constraint's name; `None` where the engine keeps none (SQLite).
    pub name: Option<String>,
    /// Its columns, in order.
    pub columns: Vec<String>,
}

/// A CHECK constraint as the database defines it
/// ([`Inspector::check_constraints`]).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// engine.begin(|c| {
///     c.exec_driver_sql("CREATE TABLE t (a INTEGER CHECK (a > 0), CONSTRAINT ck_a CHECK (a < 10))", &[])
///         .map(drop)
/// })?;
/// let checks = engine.inspect().check_constraints("t", None)?;
/// assert_eq!((checks[0].name.as_deref(), checks[0].sqltext.as_str()), (None, "a > 0"));
/// assert_eq!((checks[1].name.as_deref(), checks[1].sqltext.as_str()), (Some("ck_a"), "a < 10"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedCheck {
    /// The constraint's name; `None` for an unnamed one on an engine that
    /// makes up no name (SQLite).
    pub name: Option<String>,
    /// The condition's SQL, as the engine keeps it (PostgreSQL rewrites it:
    /// `CHECK (qty > 0)` reads back `(qty > 0)`), without `CHECK (…)`.
    pub sqltext: String,
}

/// Reads table definitions from a database: [`Engine::inspect`], or
/// [`Connection::inspect`] to read on a connection already held (the only one
/// of an in-memory SQLite database, or inside a transaction).
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// use sqlcraft::prelude::*;
/// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// engine.begin(|c| {
///     c.exec_driver_sql(
///         "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL DEFAULT 'anon')",
///         &[],
///     )
///     .map(drop)
/// })?;
/// let inspector = engine.inspect();
/// assert_eq!(inspector.table_names(None)?, ["users"]);
/// let cols = inspector.columns("users", None)?;
/// assert_eq!(cols[1].name, "name");
/// assert_eq!(cols[1].ty, Some(SqlType::string(50)));
/// assert_eq!((cols[1].nullable, cols[1].default.as_deref()), (false, Some("'anon'")));
/// assert!(cols[0].autoincrement);
/// assert_eq!(inspector.primary_key("users", None)?, ["id"]);
/// # Ok(()) }
/// ```
pub struct Inspector<'a> {
    engine: Engine,
    /// The connection to read on; `None` checks one out per question.
    conn: Option<RefCell<&'a mut Connection>>,
}

impl Engine {
    /// An [`Inspector`] reading this engine's database.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// assert!(!engine.inspect().has_table("users", None)?);
    /// # Ok(()) }
    /// ```
    pub fn inspect(&self) -> Inspector<'_> {
        Inspector {
            engine: self.clone(),
            conn: None,
        }
    }
}

impl Connection {
    /// An [`Inspector`] reading on this connection: it sees what the
    /// connection's open transaction has created.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// assert_eq!(conn.inspect().table_names(None)?, ["t"]);
    /// # Ok(()) }
    /// ```
    pub fn inspect(&mut self) -> Inspector<'_> {
        Inspector {
            engine: Engine {
                inner: self.engine_inner(),
            },
            conn: Some(RefCell::new(self)),
        }
    }
}

/// The rows a catalog query returned.
type Rows = Vec<crate::engine::Row>;

impl Inspector<'_> {
    /// Runs `f` on the inspector's connection, or on one checked out for it.
    fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        match &self.conn {
            Some(conn) => f(&mut conn.borrow_mut()),
            None => f(&mut self.engine.connect()?),
        }
    }

    fn rows(&self, conn: &mut Connection, q: CatalogQuery<'_>) -> Result<Rows> {
        self.rows_if_answered(conn, q)?
            .ok_or_else(|| Error::unsupported(self.engine.inner.driver.name(), "reflection"))
    }

    /// The rows of `q`; `None` where the driver has no query for it.
    fn rows_if_answered(&self, conn: &mut Connection, q: CatalogQuery<'_>) -> Result<Option<Rows>> {
        match self.engine.inner.driver.catalog_query(q) {
            Some((sql, params)) => conn.exec_driver_sql(&sql, &params)?.all().map(Some),
            None => Ok(None),
        }
    }

    fn query(&self, q: CatalogQuery<'_>) -> Result<Rows> {
        self.with_conn(|conn| self.rows(conn, q))
    }

    /// The names of the schema's tables (not views), sorted; `None` is the
    /// connection's default schema.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE b (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("CREATE TABLE a (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("CREATE VIEW v AS SELECT x FROM a", &[])?;
    /// conn.commit()?;
    /// drop(conn);
    /// assert_eq!(engine.inspect().table_names(None)?, ["a", "b"]);
    /// # Ok(()) }
    /// ```
    pub fn table_names(&self, schema: Option<&str>) -> Result<Vec<String>> {
        self.query(CatalogQuery::TableNames { schema })?
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect()
    }

    /// The names of the schema's views, sorted; `None` is the connection's
    /// default schema.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| {
    ///     c.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    ///     c.exec_driver_sql("CREATE VIEW big AS SELECT x FROM t WHERE x > 9", &[]).map(drop)
    /// })?;
    /// assert_eq!(engine.inspect().view_names(None)?, ["big"]);
    /// assert_eq!(engine.inspect().table_names(None)?, ["t"]);
    /// # Ok(()) }
    /// ```
    pub fn view_names(&self, schema: Option<&str>) -> Result<Vec<String>> {
        self.query(CatalogQuery::ViewNames { schema })?
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect()
    }

    /// Whether the table exists.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[]).map(drop))?;
    /// assert!(engine.inspect().has_table("t", None)?);
    /// assert!(!engine.inspect().has_table("u", None)?);
    /// # Ok(()) }
    /// ```
    pub fn has_table(&self, table: &str, schema: Option<&str>) -> Result<bool> {
        let (sql, params) = self.engine.inner.driver.table_exists_query(schema, table);
        self.with_conn(|conn| Ok(conn.exec_driver_sql(&sql, &params)?.first()?.is_some()))
    }

    /// The table's columns, in table order; an error naming the table if it
    /// does not exist.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (x NUMERIC(10, 2), y TEXT NOT NULL)", &[]).map(drop))?;
    /// let cols = engine.inspect().columns("t", None)?;
    /// assert_eq!(cols[0].ty, Some(SqlType::Numeric(10, 2)));
    /// assert_eq!((cols[1].ty.clone(), cols[1].nullable), (Some(SqlType::Text), false));
    /// assert!(matches!(engine.inspect().columns("nope", None), Err(Error::NoSuchTable(_))));
    /// # Ok(()) }
    /// ```
    pub fn columns(&self, table: &str, schema: Option<&str>) -> Result<Vec<ReflectedColumn>> {
        self.with_conn(|conn| self.columns_on(conn, table, schema))
    }

    fn columns_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedColumn>> {
        let dialect = self.engine.dialect();
        let rows = self.rows(conn, CatalogQuery::Columns { schema, table })?;
        if rows.is_empty() {
            return Err(Error::NoSuchTable(qualified(schema, table)));
        }
        rows.iter()
            .map(|r| {
                let type_name: String = r.get(1)?;
                let autoincrement: bool = r.get(4)?;
                Ok(ReflectedColumn {
                    name: r.get(0)?,
                    ty: dialect.reflect_type(&type_name),
                    type_name,
                    nullable: r.get(2)?,
                    default: if autoincrement { None } else { r.get(3)? },
                    autoincrement,
                    comment: r.get(5)?,
                })
            })
            .collect()
    }

    /// The table's comment, if it has one (never on SQLite, which keeps none).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[]).map(drop))?;
    /// assert_eq!(engine.inspect().table_comment("t", None)?, None);
    /// # Ok(()) }
    /// ```
    pub fn table_comment(&self, table: &str, schema: Option<&str>) -> Result<Option<String>> {
        self.with_conn(|conn| self.table_comment_on(conn, table, schema))
    }

    fn table_comment_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Option<String>> {
        let rows = self.rows(conn, CatalogQuery::TableComment { schema, table })?;
        match rows.first() {
            Some(r) => r.get(0),
            None => Ok(None),
        }
    }

    /// The table's primary key columns, in key order (empty without one).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (a INTEGER, b TEXT, PRIMARY KEY (b, a))", &[]).map(drop))?;
    /// assert_eq!(engine.inspect().primary_key("t", None)?, ["b", "a"]);
    /// # Ok(()) }
    /// ```
    pub fn primary_key(&self, table: &str, schema: Option<&str>) -> Result<Vec<String>> {
        self.with_conn(|conn| self.primary_key_on(conn, table, schema))
    }

    fn primary_key_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<String>> {
        self.rows(conn, CatalogQuery::PrimaryKey { schema, table })?
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect()
    }

    /// The table's foreign keys.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::FkAction;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE u (id INTEGER PRIMARY KEY)", &[])?;
    /// conn.exec_driver_sql("CREATE TABLE p (u_id INTEGER REFERENCES u (id) ON DELETE CASCADE)", &[])?;
    /// conn.commit()?;
    /// drop(conn);
    /// let fks = engine.inspect().foreign_keys("p", None)?;
    /// assert_eq!((fks[0].columns.clone(), fks[0].referred_table.as_str()), (vec!["u_id".to_owned()], "u"));
    /// assert_eq!((fks[0].on_delete, fks[0].on_update), (Some(FkAction::Cascade), None));
    /// # Ok(()) }
    /// ```
    pub fn foreign_keys(
        &self,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedForeignKey>> {
        self.with_conn(|conn| self.foreign_keys_on(conn, table, schema))
    }

    fn foreign_keys_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedForeignKey>> {
        let mut out: Vec<(Value, ReflectedForeignKey)> = Vec::new();
        for r in self.rows(conn, CatalogQuery::ForeignKeys { schema, table })? {
            let key = r.values()[0].clone();
            let (column, referred): (String, String) = (r.get(2)?, r.get(5)?);
            match out.last_mut() {
                Some((k, fk)) if *k == key => {
                    fk.columns.push(column);
                    fk.referred_columns.push(referred);
                }
                _ => {
                    let fk = ReflectedForeignKey {
                        name: r.get(1)?,
                        columns: vec![column],
                        referred_schema: r.get(3)?,
                        referred_table: r.get(4)?,
                        referred_columns: vec![referred],
                        on_delete: fk_action(&r.get::<Option<String>, _>(6)?)?,
                        on_update: fk_action(&r.get::<Option<String>, _>(7)?)?,
                    };
                    out.push((key, fk));
                }
            }
        }
        Ok(out.into_iter().map(|(_, fk)| fk).collect())
    }

    /// The table's indexes, other than those behind its primary key and unique
    /// constraints (MySQL and MariaDB keep a unique index as a unique
    /// constraint: it is listed by [`Inspector::unique_constraints`]).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (a INTEGER UNIQUE, b INTEGER, c INTEGER)", &[])?;
    /// conn.exec_driver_sql("CREATE INDEX ix_t_bc ON t (b, c)", &[])?;
    /// conn.commit()?;
    /// drop(conn);
    /// let ix = engine.inspect().indexes("t", None)?;
    /// assert_eq!(ix.len(), 1);
    /// assert_eq!((ix[0].name.as_str(), ix[0].unique, ix[0].partial), ("ix_t_bc", false, false));
    /// assert_eq!(ix[0].columns, [Some("b".to_owned()), Some("c".to_owned())]);
    /// # Ok(()) }
    /// ```
    pub fn indexes(&self, table: &str, schema: Option<&str>) -> Result<Vec<ReflectedIndex>> {
        self.with_conn(|conn| self.indexes_on(conn, table, schema))
    }

    fn indexes_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedIndex>> {
        let mut out: Vec<ReflectedIndex> = Vec::new();
        for r in self.rows(conn, CatalogQuery::Indexes { schema, table })? {
            let name: String = r.get(0)?;
            let column: Option<String> = r.get(1)?;
            match out.last_mut() {
                Some(ix) if ix.name == name => ix.columns.push(column),
                _ => out.push(ReflectedIndex {
                    name,
                    columns: vec![column],
                    unique: r.get(2)?,
                    partial: r.get(3)?,
                }),
            }
        }
        Ok(out)
    }

    /// The table's unique constraints.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE t (a INTEGER, b INTEGER, UNIQUE (b, a))", &[]).map(drop))?;
    /// let uniques = engine.inspect().unique_constraints("t", None)?;
    /// assert_eq!(uniques[0].columns, ["b", "a"]);
    /// # Ok(()) }
    /// ```
    pub fn unique_constraints(
        &self,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedUnique>> {
        self.with_conn(|conn| self.uniques_on(conn, table, schema))
    }

    /// The table's CHECK constraints, named ones by name (SQLite: in the order
    /// written), as SQLAlchemy's `get_check_constraints`: column-level ones
    /// included, the condition as the engine keeps its text.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// let mut meta = MetaData::new();
    /// meta.table("t", |t| {
    ///     t.column("qty", SqlType::Integer);
    ///     t.check("ck_qty", t.c("qty").ge(0));
    /// })?;
    /// meta.create_all(&engine)?;
    /// let checks = engine.inspect().check_constraints("t", None)?;
    /// assert_eq!(checks[0].name.as_deref(), Some("ck_qty"));
    /// assert_eq!(checks[0].sqltext, r#""qty" >= 0"#);
    /// # Ok(()) }
    /// ```
    pub fn check_constraints(
        &self,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedCheck>> {
        self.with_conn(|conn| self.checks_on(conn, table, schema))?
            .ok_or_else(|| {
                Error::unsupported(
                    self.engine.inner.driver.name(),
                    "reflecting CHECK constraints",
                )
            })
    }

    /// `None` where the driver answers neither catalog query for them.
    fn checks_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Option<Vec<ReflectedCheck>>> {
        if let Some(rows) =
            self.rows_if_answered(conn, CatalogQuery::CheckConstraints { schema, table })?
        {
            return rows
                .iter()
                .map(|r| {
                    Ok(ReflectedCheck {
                        name: r.get(0)?,
                        sqltext: r.get(1)?,
                    })
                })
                .collect::<Result<_>>()
                .map(Some);
        }
        let Some(rows) =
            self.rows_if_answered(conn, CatalogQuery::TableDefinition { schema, table })?
        else {
            return Ok(None);
        };
        match rows.first() {
            Some(r) => Ok(Some(super::check_clauses::check_clauses(
                &r.get::<String, _>(0)?,
            ))),
            None => Ok(Some(Vec::new())),
        }
    }

    fn uniques_on(
        &self,
        conn: &mut Connection,
        table: &str,
        schema: Option<&str>,
    ) -> Result<Vec<ReflectedUnique>> {
        let mut out: Vec<(Value, ReflectedUnique)> = Vec::new();
        for r in self.rows(conn, CatalogQuery::UniqueConstraints { schema, table })? {
            let key = r.values()[0].clone();
            let column: String = r.get(2)?;
            match out.last_mut() {
                Some((k, u)) if *k == key => u.columns.push(column),
                _ => out.push((
                    key,
                    ReflectedUnique {
                        name: r.get(1)?,
                        columns: vec![column],
                    },
                )),
            }
        }
        Ok(out.into_iter().map(|(_, u)| u).collect())
    }
}

fn qualified(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(s) => format!("{s}.{table}"),
        None => table.to_owned(),
    }
}

/// A referential action as the catalogs spell it; `NO ACTION` (the default)
/// is `None`.
fn fk_action(word: &Option<String>) -> Result<Option<FkAction>> {
    let Some(word) = word else { return Ok(None) };
    Ok(match word.to_ascii_uppercase().as_str() {
        "NO ACTION" => None,
        "CASCADE" => Some(FkAction::Cascade),
        "SET NULL" => Some(FkAction::SetNull),
        "SET DEFAULT" => Some(FkAction::SetDefault),
        "RESTRICT" => Some(FkAction::Restrict),
        other => {
            return Err(Error::Reflection(format!(
                "unknown referential action {other:?}"
            )))
        }
    })
}

impl MetaData {
    /// Reads a table's definition from the database and adds it, as
    /// SQLAlchemy's `Table(name, metadata, autoload_with=engine)`: columns
    /// (types, NULL, server defaults, auto-increment, comments), primary key,
    /// foreign keys, unique constraints, CHECK constraints (their conditions
    /// as the engine's SQL text), indexes on columns and the table's comment.
    ///
    /// A column whose type the dialect does not recognise is
    /// `Error::Reflection` naming it. Indexes on expressions and partial
    /// indexes are left out: their definitions are SQL text the catalog does
    /// not split into parts. A foreign key to a table not in this `MetaData`
    /// is kept by name.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| {
    ///     c.exec_driver_sql("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)", &[])
    ///         .map(drop)
    /// })?;
    /// let mut meta = MetaData::new();
    /// let users = meta.reflect_table(&engine, "users")?;
    /// assert_eq!(users.column("name").map(|c| c.ty.clone()), Some(SqlType::string(50)));
    /// let mut conn = engine.connect()?;
    /// conn.execute(&insert(&users).value("name", "ann"))?; // id numbered by SQLite
    /// let id: i64 = conn.execute(&select(users.c("id")).from(&users))?.scalar_one()?;
    /// assert_eq!(id, 1);
    /// # Ok(()) }
    /// ```
    pub fn reflect_table(&mut self, engine: &Engine, name: &str) -> Result<Table> {
        self.reflect_table_in(engine, None, name)
    }

    /// Reflects every table of the default schema not already in this
    /// `MetaData` (SQLAlchemy's `metadata.reflect(bind=engine)`), referred
    /// tables before the tables that refer to them, so that their foreign keys
    /// are checked against the reflected columns. Returns the tables added, in
    /// that order. Tables on a cycle of foreign keys are reflected in name
    /// order, each key to a table not reflected yet kept by name.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| {
    ///     c.exec_driver_sql("CREATE TABLE posts (id INTEGER PRIMARY KEY, author INTEGER REFERENCES users (id))", &[])?;
    ///     c.exec_driver_sql("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", &[]).map(drop)
    /// })?;
    /// let mut meta = MetaData::new();
    /// let added = meta.reflect(&engine)?;
    /// let names: Vec<&str> = added.iter().map(|t| t.name()).collect();
    /// assert_eq!(names, ["users", "posts"]);
    /// assert_eq!(meta.sorted_tables()?.len(), 2);
    /// # Ok(()) }
    /// ```
    pub fn reflect(&mut self, engine: &Engine) -> Result<Vec<Table>> {
        let inspector = engine.inspect();
        let mut pending: Vec<(String, Vec<String>)> = Vec::new();
        for name in inspector.table_names(None)? {
            if self.get(&name).is_some_and(|t| t.schema().is_none()) {
                continue;
            }
            let refers: Vec<String> = inspector
                .foreign_keys(&name, None)?
                .into_iter()
                .filter(|fk| fk.referred_schema.is_none() && fk.referred_table != name)
                .map(|fk| fk.referred_table)
                .collect();
            pending.push((name, refers));
        }
        let mut added = Vec::with_capacity(pending.len());
        while !pending.is_empty() {
            let waits_on = |refers: &[String], pending: &[(String, Vec<String>)]| {
                refers.iter().any(|r| pending.iter().any(|(p, _)| p == r))
            };
            // The first table whose referred tables are all in; on a cycle, the
            // first by name.
            let next = (0..pending.len())
                .find(|&i| !waits_on(&pending[i].1, &pending))
                .unwrap_or(0);
            let (name, _) = pending.remove(next);
            added.push(self.reflect_table(engine, &name)?);
        }
        Ok(added)
    }

    /// [`MetaData::reflect_table`] for a table in another schema.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// use sqlcraft::prelude::*;
    /// let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// engine.begin(|c| c.exec_driver_sql("CREATE TABLE main.t (x INTEGER)", &[]).map(drop))?;
    /// let t = MetaData::new().reflect_table_in(&engine, Some("main"), "t")?;
    /// assert_eq!(t.schema(), Some("main"));
    /// # Ok(()) }
    /// ```
    pub fn reflect_table_in(
        &mut self,
        engine: &Engine,
        schema: Option<&str>,
        name: &str,
    ) -> Result<Table> {
        let inspector = engine.inspect();
        let (columns, primary_key, foreign_keys, uniques, indexes, checks, comment) = inspector
            .with_conn(|conn| {
                Ok((
                    inspector.columns_on(conn, name, schema)?,
                    inspector.primary_key_on(conn, name, schema)?,
                    inspector.foreign_keys_on(conn, name, schema)?,
                    inspector.uniques_on(conn, name, schema)?,
                    inspector.indexes_on(conn, name, schema)?,
                    // A driver that cannot read them still reflects the rest.
                    inspector.checks_on(conn, name, schema)?.unwrap_or_default(),
                    inspector.table_comment_on(conn, name, schema)?,
                ))
            })?;
        for c in &columns {
            if c.ty.is_none() {
                return Err(Error::Reflection(format!(
                    "column {:?} of {:?} has type {:?}, which the {} dialect does not map to an SqlType",
                    c.name,
                    qualified(schema, name),
                    c.type_name,
                    engine.dialect().name()
                )));
            }
        }
        // The referred tables, so that a key to a table of this MetaData is
        // checked against its columns.
        let targets: Vec<Table> = foreign_keys
            .iter()
            .map(|fk| {
                let here = fk.referred_schema.is_none() || fk.referred_schema.as_deref() == schema;
                self.tables()
                    .iter()
                    .find(|t| here && t.name() == fk.referred_table && t.schema() == schema)
                    .cloned()
                    .unwrap_or_else(|| {
                        crate::schema::table_in(
                            fk.referred_schema.as_deref().or(schema),
                            &fk.referred_table,
                        )
                    })
            })
            .collect();
        self.table(name, |t| {
            if let Some(s) = schema {
                t.schema(s);
            }
            if let Some(text) = &comment {
                t.comment(text);
            }
            for c in &columns {
                let ty = c.ty.clone().unwrap_or(SqlType::Text);
                let col = t.column(&c.name, ty);
                if c.nullable {
                    col.nullable();
                } else {
                    col.not_null();
                }
                if let Some(default) = &c.default {
                    col.server_default(crate::text(default));
                }
                if let Some(text) = &c.comment {
                    col.comment(text);
                }
                let sole_key = primary_key.len() == 1 && primary_key[0] == c.name;
                if sole_key {
                    col.autoincrement(c.autoincrement);
                }
            }
            if !primary_key.is_empty() {
                t.primary_key(primary_key.iter().map(String::as_str));
            }
            for (fk, target) in foreign_keys.iter().zip(&targets) {
                let refs = fk.referred_columns.iter().map(String::as_str);
                let mut key = t.foreign_key(fk.columns.iter().map(String::as_str), target, refs);
                if let Some(n) = &fk.name {
                    key = key.name(n);
                }
                if let Some(a) = fk.on_delete {
                    key = key.on_delete(a);
                }
                if let Some(a) = fk.on_update {
                    let _ = key.on_update(a);
                }
            }
            for u in &uniques {
                let cols = u.columns.iter().map(String::as_str);
                match &u.name {
                    Some(n) => t.unique_named(n, cols),
                    None => t.unique(cols),
                };
            }
            // The condition as the engine's SQL text: it is the engine's own
            // spelling, for this engine.
            for c in &checks {
                let cond = crate::text(&c.sqltext);
                match &c.name {
                    Some(n) => t.check(n, cond),
                    None => t.check_unnamed(cond),
                };
            }
            for ix in indexes.iter().filter(|ix| !ix.partial) {
                let Some(cols) = ix.columns.iter().cloned().collect::<Option<Vec<String>>>() else {
                    continue;
                };
                if ix.unique {
                    t.unique_index(&ix.name, cols);
                } else {
                    t.index(&ix.name, cols);
                }
            }
        })
    }
}
