//! `INSERT`, including multi-row VALUES, INSERT … SELECT, DEFAULT VALUES and upsert.

use super::cte::Cte;
use super::from::TableRef;
use super::{IntoAssignments, IntoColumns, Query};
use crate::expr::{Expr, Ident};
use crate::schema::Table;
use crate::Error;

/// Where an INSERT's rows come from.
///
/// The source is chosen by the builder: [`Insert::row`] and [`Insert::value`] give
/// `Values`, [`Insert::from_select`] gives `Select`, [`Insert::default_values`] gives
/// `DefaultValues`.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let (t, s) = (table("t"), table("s"));
/// let q = insert(&t).from_select(["a"], select(s.c("a")).from(&s));
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"INSERT INTO "t" ("a") SELECT "s"."a" FROM "s""#);
/// let q = insert(&t).default_values();
/// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"INSERT INTO "t" DEFAULT VALUES"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum InsertSource {
    /// `VALUES (…), (…)`; every row as wide as the column list.
    Values(Vec<Vec<Expr>>),
    /// `INSERT … SELECT`.
    Select(Box<Query>),
    /// `DEFAULT VALUES`.
    DefaultValues,
}

/// The conflict an upsert reacts to.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::query::ConflictTarget;
/// assert_eq!(OnConflict::any().target, ConflictTarget::Any);
/// assert_eq!(OnConflict::columns(["id"]).target, ConflictTarget::Columns(vec!["id".into()]));
/// assert_eq!(OnConflict::constraint("pk").target, ConflictTarget::Constraint("pk".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConflictTarget {
    /// Any unique conflict (the only form MySQL/MariaDB has).
    Any,
    /// A conflict on these columns' unique index.
    Columns(Vec<Ident>),
    /// A conflict on the named constraint (PostgreSQL only).
    Constraint(Ident),
}

/// What an upsert does on conflict.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::query::ConflictAction;
/// let oc = OnConflict::columns(["id"]);
/// assert_eq!(oc.action, ConflictAction::DoNothing);
/// let oc = oc.do_update([("n", excluded("n"))]);
/// assert!(matches!(oc.action, ConflictAction::DoUpdate { ref sets, where_: None } if sets.len() == 1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictAction {
    /// Keep the existing row.
    DoNothing,
    /// Update the existing row.
    DoUpdate {
        /// `column = expression` pairs; [`crate::excluded`] names the proposed row.
        sets: Vec<(Ident, Expr)>,
        /// Only update where this holds (not on MySQL/MariaDB).
        where_: Option<Expr>,
    },
}

/// An upsert clause: `ON CONFLICT … DO …` on PostgreSQL and SQLite,
/// `ON DUPLICATE KEY UPDATE …` on MySQL/MariaDB.
///
/// MySQL/MariaDB react to a conflict on any unique key and cannot name a target;
/// `DO NOTHING` is emulated there as an update of the first inserted column to itself.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let users = table("users");
/// let q = insert(&users)
///     .value("id", 1)
///     .value("name", "ann")
///     .on_conflict(OnConflict::columns(["id"]).do_update([("name", excluded("name"))]));
/// assert_eq!(
///     q.compile(&GenericDialect).unwrap().sql,
///     r#"INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OnConflict {
    /// The conflict target.
    pub target: ConflictTarget,
    /// The action.
    pub action: ConflictAction,
}

impl OnConflict {
    /// Reacts to a conflict on these columns.
    ///
    /// The action is `DO NOTHING` until [`OnConflict::do_update`] is called.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).on_conflict(OnConflict::columns(["id"]));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("id") VALUES (?) ON CONFLICT ("id") DO NOTHING"#);
    /// ```
    pub fn columns<I, S>(cols: I) -> OnConflict
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        OnConflict {
            target: ConflictTarget::Columns(
                cols.into_iter().map(|c| Ident::from(c.as_ref())).collect(),
            ),
            action: ConflictAction::DoNothing,
        }
    }
    /// Reacts to a conflict on the named constraint (PostgreSQL).
    ///
    /// Other dialects refuse it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).on_conflict(OnConflict::constraint("t_pkey"));
    /// let c = q.compile(&sqlcraft_postgres::Postgres).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("id") VALUES ($1) ON CONFLICT ON CONSTRAINT "t_pkey" DO NOTHING"#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// ```
    pub fn constraint(name: &str) -> OnConflict {
        OnConflict {
            target: ConflictTarget::Constraint(Ident::from(name)),
            action: ConflictAction::DoNothing,
        }
    }
    /// Reacts to any unique conflict.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).on_conflict(OnConflict::any());
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"INSERT INTO "t" ("id") VALUES (?) ON CONFLICT DO NOTHING"#);
    /// assert_eq!(
    ///     q.compile(&sqlcraft_mysql::MySql::default()).unwrap().sql,
    ///     "INSERT INTO `t` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `t`.`id` = `t`.`id`"
    /// );
    /// ```
    pub fn any() -> OnConflict {
        OnConflict {
            target: ConflictTarget::Any,
            action: ConflictAction::DoNothing,
        }
    }
    /// Keeps the existing row.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let oc = OnConflict::columns(["id"]).do_update([("n", excluded("n"))]).do_nothing();
    /// let q = insert(&t).values([("id", 1), ("n", 2)]).on_conflict(oc);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("id", "n") VALUES (?, ?) ON CONFLICT ("id") DO NOTHING"#);
    /// ```
    pub fn do_nothing(mut self) -> OnConflict {
        self.action = ConflictAction::DoNothing;
        self
    }
    /// Updates the existing row with these assignments.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let oc = OnConflict::columns(["id"]).do_update([("n", excluded("n"))]);
    /// let q = insert(&t).values([("id", 1), ("n", 2)]).on_conflict(oc);
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("id", "n") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "n" = excluded."n""#);
    /// ```
    pub fn do_update(mut self, sets: impl IntoAssignments) -> OnConflict {
        let where_ = match self.action {
            ConflictAction::DoUpdate { where_, .. } => where_,
            ConflictAction::DoNothing => None,
        };
        self.action = ConflictAction::DoUpdate {
            sets: sets.into_assignments(),
            where_,
        };
        self
    }
    /// Restricts the update to rows where `cond` holds. Called before
    /// [`OnConflict::do_update`], the condition is kept for it; without any
    /// `do_update`, compiling reports the missing assignments.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let oc = OnConflict::columns(["id"]).do_update([("n", excluded("n"))]).update_where(t.c("n").lt(excluded("n")));
    /// let q = insert(&t).values([("id", 1), ("n", 2)]).on_conflict(oc);
    /// assert_eq!(
    ///     q.compile(&GenericDialect).unwrap().sql,
    ///     r#"INSERT INTO "t" ("id", "n") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "n" = excluded."n" WHERE "t"."n" < excluded."n""#
    /// );
    /// let no_sets = insert(&t).value("id", 1).on_conflict(OnConflict::columns(["id"]).update_where(t.c("n").lt(0)));
    /// assert!(matches!(no_sets.compile(&GenericDialect), Err(Error::InvalidStatement(_))));
    /// ```
    pub fn update_where(mut self, cond: impl Into<Expr>) -> OnConflict {
        match &mut self.action {
            ConflictAction::DoUpdate { where_, .. } => *where_ = Some(cond.into()),
            ConflictAction::DoNothing => {
                self.action = ConflictAction::DoUpdate {
                    sets: Vec::new(),
                    where_: Some(cond.into()),
                }
            }
        }
        self
    }
}

/// An `INSERT` statement.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let q = insert(&t).columns(["a", "b"]).row((1, "x")).row((2, "y"));
/// let c = q.compile(&GenericDialect).unwrap();
/// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)"#);
/// assert_eq!(c.params.len(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    pub(crate) table: TableRef,
    pub(crate) def: Table,
    pub(crate) columns: Vec<Ident>,
    pub(crate) source: InsertSource,
    pub(crate) on_conflict: Option<OnConflict>,
    pub(crate) returning: Vec<Expr>,
    pub(crate) ctes: Vec<Cte>,
    pub(crate) error: Option<Box<Error>>,
    /// The cache entry this statement was compiled to ([`crate::cache::KeyMemo`]);
    /// every method that takes `mut self` clears it first.
    pub(crate) memo: crate::cache::KeyMemo,
}

/// Starts an `INSERT INTO table`. Columns are checked against the table's
/// definition, and columns with a client-side default that the statement leaves out
/// are filled in with it.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let mut meta = MetaData::new();
/// let users = meta.table("users", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("status", SqlType::string(10)).default("new");
/// })?;
/// let c = insert(&users).value("id", 1).compile(&GenericDialect)?;
/// assert_eq!(c.sql, r#"INSERT INTO "users" ("id", "status") VALUES (?, ?)"#);
/// assert_eq!(c.values()?, vec![Value::Int(1), Value::from("new")]);
/// assert!(matches!(insert(&users).value("nope", 1).compile(&GenericDialect), Err(Error::UnknownColumn { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
pub fn insert(table: &Table) -> Insert {
    Insert {
        table: table.table_ref(),
        def: table.clone(),
        columns: Vec::new(),
        source: InsertSource::Values(Vec::new()),
        on_conflict: None,
        returning: Vec::new(),
        ctes: Vec::new(),
        error: None,
        memo: crate::cache::KeyMemo::default(),
    }
}

impl Insert {
    fn fail(mut self, msg: &'static str) -> Insert {
        self.memo.clear();
        if self.error.is_none() {
            self.error = Some(Box::new(Error::invalid(msg)));
        }
        self
    }
    /// Sets one column of a single-row insert.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = insert(&t).value("a", 1).value("b", "x").compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") VALUES (?, ?)"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::from("x")]);
    /// ```
    pub fn value(mut self, column: &str, value: impl Into<Expr>) -> Insert {
        self.memo.clear();
        match &mut self.source {
            InsertSource::Values(rows) if rows.len() <= 1 => {
                if rows.is_empty() {
                    rows.push(Vec::new());
                }
                if rows[0].len() != self.columns.len() {
                    return self.fail("value() cannot follow columns() without a full row");
                }
                rows[0].push(value.into());
                self.columns.push(Ident::from(column));
                self
            }
            _ => self
                .fail("value() builds a single-row insert; use columns() and row() for many rows"),
        }
    }
    /// Sets several columns of a single-row insert from `(column, value)` pairs.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = insert(&t).values((("a", 1), ("b", "x"))).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") VALUES (?, ?)"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::from("x")]);
    /// ```
    pub fn values(self, pairs: impl IntoAssignments) -> Insert {
        pairs
            .into_assignments()
            .into_iter()
            .fold(self, |ins, (col, val)| ins.value(&col, val))
    }
    /// Sets the column list for [`Insert::row`] and [`Insert::from_select`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = insert(&t).columns(["a", "b"]).row((1, 2)).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") VALUES (?, ?)"#);
    /// ```
    pub fn columns<I, S>(mut self, cols: I) -> Insert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.memo.clear();
        self.columns = cols.into_iter().map(|c| Ident::from(c.as_ref())).collect();
        self
    }
    /// Appends a row of values, in the order of [`Insert::columns`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = insert(&t).columns(["a", "b"]).row((1, "x")).row((2, "y")).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)"#);
    /// assert_eq!(c.values().unwrap()[2], Value::Int(2));
    /// ```
    pub fn row(mut self, values: impl IntoColumns) -> Insert {
        self.memo.clear();
        match &mut self.source {
            InsertSource::Values(rows) => {
                rows.push(values.into_columns());
                self
            }
            _ => self.fail("row() cannot be combined with from_select() or default_values()"),
        }
    }
    /// Appends many rows.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).columns(["a"]).rows((1..=3).map(|i| (i,)));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a") VALUES (?), (?), (?)"#);
    /// assert_eq!(c.values().unwrap(), vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
    /// ```
    pub fn rows<I, R>(self, rows: I) -> Insert
    where
        I: IntoIterator<Item = R>,
        R: IntoColumns,
    {
        rows.into_iter().fold(self, Insert::row)
    }
    /// `INSERT INTO table (columns) SELECT …`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (t, s) = (table("t"), table("s"));
    /// let q = insert(&t).from_select(["a", "b"], select((s.c("x"), s.c("y"))).from(&s).filter(s.c("x").gt(0)));
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a", "b") SELECT "s"."x", "s"."y" FROM "s" WHERE "s"."x" > ?"#);
    /// ```
    pub fn from_select<I, S>(self, cols: I, query: impl Into<Query>) -> Insert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut ins = self.columns(cols);
        ins.source = InsertSource::Select(Box::new(query.into()));
        ins
    }
    /// `INSERT INTO table DEFAULT VALUES` (MySQL: `() VALUES ()`).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).default_values();
    /// assert_eq!(q.compile(&GenericDialect).unwrap().sql, r#"INSERT INTO "t" DEFAULT VALUES"#);
    /// assert_eq!(q.compile(&sqlcraft_mysql::MySql::default()).unwrap().sql, "INSERT INTO `t` () VALUES ()");
    /// ```
    pub fn default_values(mut self) -> Insert {
        self.memo.clear();
        self.columns.clear();
        self.source = InsertSource::DefaultValues;
        self
    }
    /// Adds an upsert clause.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).value("id", 1).on_conflict(OnConflict::columns(["id"]).do_nothing());
    /// let c = q.compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("id") VALUES (?) ON CONFLICT ("id") DO NOTHING"#);
    /// ```
    pub fn on_conflict(mut self, clause: OnConflict) -> Insert {
        self.memo.clear();
        self.on_conflict = Some(clause);
        self
    }
    /// `RETURNING …`, where the dialect has it.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let q = insert(&t).value("a", 1).returning(t.c("id"));
    /// let c = q.compile(&sqlcraft_postgres::Postgres).unwrap();
    /// assert_eq!(c.sql, r#"INSERT INTO "t" ("a") VALUES ($1) RETURNING "t"."id""#);
    /// assert!(matches!(q.compile(&GenericDialect), Err(Error::Unsupported { .. })));
    /// ```
    pub fn returning(mut self, cols: impl IntoColumns) -> Insert {
        self.memo.clear();
        self.returning.extend(cols.into_columns());
        self
    }
    /// Attaches a CTE used by the INSERT's SELECT.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let (t, s) = (table("t"), table("s"));
    /// let vip = select(s.c("id")).from(&s).filter(s.c("vip").eq(true)).cte("vip");
    /// let pick = select(s.c("id")).from(&s).filter(s.c("id").in_(select(vip.c("id")).from(&vip)));
    /// let c = insert(&t).with(&vip).from_select(["id"], pick).compile(&GenericDialect).unwrap();
    /// assert_eq!(
    ///     c.sql,
    ///     r#"INSERT INTO "t" ("id") WITH "vip" AS (SELECT "s"."id" FROM "s" WHERE "s"."vip" = ?) SELECT "s"."id" FROM "s" WHERE "s"."id" IN (SELECT "vip"."id" FROM "vip")"#
    /// );
    /// ```
    pub fn with(mut self, cte: &Cte) -> Insert {
        self.memo.clear();
        self.ctes.push(cte.clone());
        self
    }
}
