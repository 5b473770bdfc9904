//! Sequences: named counters kept by the database (SQLAlchemy's `Sequence`).

use crate::expr::{Expr, Ident};
use std::sync::Arc;

/// A sequence: a named counter in the database, whose
/// [`next_value`](Sequence::next_value) draws the next number (SQLAlchemy's
/// `Sequence`). PostgreSQL and MariaDB have them; MySQL and SQLite do not, and
/// compiling anything that names one is `Error::Unsupported` there.
///
/// A sequence is created and dropped with the tables of its [`MetaData`]
/// ([`MetaData::add_sequence`]), before them and after them; a column draws
/// from it through a server default.
///
/// [`MetaData`]: super::MetaData
/// [`MetaData::add_sequence`]: super::MetaData::add_sequence
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft_postgres::Postgres;
/// use sqlcraft_mysql::MySql;
/// let seq = Sequence::new("order_numbers").start(1000).increment(10);
/// assert_eq!(seq.create().compile(&Postgres)?.sql, r#"CREATE SEQUENCE "order_numbers" INCREMENT BY 10 START WITH 1000"#);
/// assert_eq!(select(seq.next_value()).compile(&Postgres)?.sql, r#"SELECT nextval('"order_numbers"') AS "next_value_1""#);
/// assert_eq!(select(seq.next_value()).compile(&MySql::mariadb())?.sql, "SELECT NEXT VALUE FOR `order_numbers` AS `next_value_1`");
/// assert!(matches!(seq.create().compile(&sqlcraft_sqlite::Sqlite), Err(Error::Unsupported { .. })));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence(Arc<SequenceDef>);

/// What defines a [`Sequence`].
///
/// ```
/// use sqlcraft::prelude::*;
/// let seq = Sequence::new("s").start(5);
/// assert_eq!((seq.def().start, seq.def().increment), (Some(5), None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceDef {
    /// The sequence's name.
    pub name: Ident,
    /// Its schema; `None` for the connection's default.
    pub schema: Option<Ident>,
    /// The first value (`START WITH`); `None` for the engine's (1).
    pub start: Option<i64>,
    /// The step (`INCREMENT BY`); `None` for the engine's (1).
    pub increment: Option<i64>,
}

impl Sequence {
    /// A sequence named `name`, starting at 1 and counting by 1.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(Sequence::new("ids").name(), "ids");
    /// ```
    pub fn new(name: &str) -> Sequence {
        Sequence(Arc::new(SequenceDef {
            name: Ident::from(name),
            schema: None,
            start: None,
            increment: None,
        }))
    }

    /// The same sequence, starting at `n`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(Sequence::new("s").start(100).def().start, Some(100));
    /// ```
    pub fn start(self, n: i64) -> Sequence {
        self.with(|d| d.start = Some(n))
    }

    /// The same sequence, counting by `n` (negative counts down).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(Sequence::new("s").increment(-1).def().increment, Some(-1));
    /// ```
    pub fn increment(self, n: i64) -> Sequence {
        self.with(|d| d.increment = Some(n))
    }

    /// The same sequence, in `schema`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let seq = Sequence::new("s").in_schema("sales");
    /// assert_eq!(seq.drop().compile(&Postgres)?.sql, r#"DROP SEQUENCE "sales"."s""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn in_schema(self, schema: &str) -> Sequence {
        self.with(|d| d.schema = Some(Ident::from(schema)))
    }

    fn with(self, change: impl FnOnce(&mut SequenceDef)) -> Sequence {
        let mut def = Arc::unwrap_or_clone(self.0);
        change(&mut def);
        Sequence(Arc::new(def))
    }

    /// The sequence's name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(Sequence::new("s").name(), "s");
    /// ```
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The sequence's schema, if it names one.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(Sequence::new("s").in_schema("x").schema(), Some("x"));
    /// ```
    pub fn schema(&self) -> Option<&str> {
        self.0.schema.as_deref()
    }

    /// The definition.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert_eq!(Sequence::new("s").def().increment, None);
    /// ```
    pub fn def(&self) -> &SequenceDef {
        &self.0
    }

    /// The next value drawn from the sequence: `nextval('s')` on PostgreSQL,
    /// `NEXT VALUE FOR s` on MariaDB and in standard SQL. Each evaluation draws
    /// a new number, so it is a server default or a value to insert, as
    /// SQLAlchemy's `Sequence.next_value()`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let seq = Sequence::new("ticket_numbers");
    /// let mut meta = MetaData::new();
    /// let tickets = meta.table("tickets", |t| {
    ///     t.column("number", SqlType::BigInteger).primary_key().server_default(seq.next_value());
    /// })?;
    /// assert_eq!(
    ///     tickets.create().compile(&Postgres)?.sql,
    ///     r#"CREATE TABLE "tickets" ("number" BIGINT DEFAULT (nextval('"ticket_numbers"')) NOT NULL, PRIMARY KEY ("number"))"#
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn next_value(&self) -> Expr {
        Expr::NextValue(self.clone())
    }

    /// `CREATE SEQUENCE`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_mysql::MySql;
    /// let sql = Sequence::new("s").create().if_not_exists().compile(&MySql::mariadb())?.sql;
    /// assert_eq!(sql, "CREATE SEQUENCE IF NOT EXISTS `s`");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn create(&self) -> CreateSequence {
        CreateSequence {
            sequence: self.clone(),
            if_not_exists: false,
        }
    }

    /// `DROP SEQUENCE`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let sql = Sequence::new("s").drop().if_exists().compile(&Postgres)?.sql;
    /// assert_eq!(sql, r#"DROP SEQUENCE IF EXISTS "s""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn drop(&self) -> DropSequence {
        DropSequence {
            sequence: self.clone(),
            if_exists: false,
        }
    }
}

/// `CREATE SEQUENCE` ([`Sequence::create`]).
///
/// ```
/// use sqlcraft::prelude::*;
/// let c = Sequence::new("s").create();
/// assert!(!c.if_not_exists);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CreateSequence {
    /// The sequence.
    pub sequence: Sequence,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
}

impl CreateSequence {
    /// Adds `IF NOT EXISTS`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert!(Sequence::new("s").create().if_not_exists().if_not_exists);
    /// ```
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
}

/// `DROP SEQUENCE` ([`Sequence::drop`]).
///
/// ```
/// use sqlcraft::prelude::*;
/// let d = Sequence::new("s").drop();
/// assert!(!d.if_exists);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DropSequence {
    /// The sequence.
    pub sequence: Sequence,
    /// `IF EXISTS`.
    pub if_exists: bool,
}

impl DropSequence {
    /// Adds `IF EXISTS`.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// assert!(Sequence::new("s").drop().if_exists().if_exists);
    /// ```
    pub fn if_exists(mut self) -> Self {
        self.if_exists = true;
        self
    }
}
