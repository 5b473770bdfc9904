//! `MetaData`: a collection of tables, ordered for CREATE and DROP.

use super::ddl::Ddl;
use super::sequence::Sequence;
use super::table::{Table, TableBuilder};
use crate::Error;

/// A collection of table definitions.
///
/// ```
/// use sqlcraft::prelude::*;
/// let mut meta = MetaData::new();
/// // Defined child-first on purpose: CREATE order still puts the parent first.
/// meta.table("orders", |t| {
///     t.column("id", SqlType::Integer).primary_key();
///     t.column("user_id", SqlType::Integer).references_named("users", "id");
/// }).unwrap();
/// meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); }).unwrap();
/// let order: Vec<_> = meta.sorted_tables().unwrap().iter().map(|t| t.name().to_owned()).collect();
/// assert_eq!(order, ["users", "orders"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MetaData {
    tables: Vec<Table>,
    sequences: Vec<Sequence>,
}

impl MetaData {
    /// An empty collection.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let meta = MetaData::new();
    /// assert!(meta.tables().is_empty());
    /// ```
    pub fn new() -> MetaData {
        MetaData::default()
    }

    /// Defines a table and adds it; errors on an inconsistent definition or a name
    /// already taken.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let users = meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// assert_eq!(meta.get("users"), Some(&users));
    /// // The name is taken now; a bad definition is refused too.
    /// assert!(matches!(meta.table("users", |_| {}), Err(Error::InvalidSchema(_))));
    /// assert!(meta.table("dup", |t| { t.column("a", SqlType::Text); t.column("a", SqlType::Text); }).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn table(
        &mut self,
        name: &str,
        build: impl FnOnce(&mut TableBuilder),
    ) -> Result<Table, Error> {
        let mut builder = TableBuilder::new(name);
        build(&mut builder);
        let table = builder.build()?;
        self.add(table.clone())?;
        Ok(table)
    }

    /// Adds a table defined elsewhere.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut a = MetaData::new();
    /// let users = a.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let mut b = MetaData::new();
    /// b.add(users.clone())?;
    /// assert_eq!(b.tables(), [users.clone()]);
    /// assert!(b.add(users).is_err()); // already there
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn add(&mut self, table: Table) -> Result<(), Error> {
        if self
            .tables
            .iter()
            .any(|t| t.name() == table.name() && t.schema() == table.schema())
        {
            return Err(Error::InvalidSchema(format!(
                "table {:?} is already defined in this MetaData",
                table.name()
            )));
        }
        self.tables.push(table);
        Ok(())
    }

    /// Adds a sequence, created before the tables (`create_all`,
    /// `create_statements`) and dropped after them.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let mut meta = MetaData::new();
    /// let seq = Sequence::new("ids");
    /// meta.add_sequence(seq.clone())?;
    /// meta.table("t", |t| { t.column("id", SqlType::BigInteger).primary_key().server_default(seq.next_value()); })?;
    /// let sql: Vec<String> = meta.create_statements(true)?.iter()
    ///     .map(|d| d.compile(&Postgres).map(|c| c.sql)).collect::<Result<_, _>>()?;
    /// assert_eq!(sql[0], r#"CREATE SEQUENCE IF NOT EXISTS "ids""#);
    /// assert!(meta.add_sequence(seq).is_err()); // already there
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn add_sequence(&mut self, sequence: Sequence) -> Result<(), Error> {
        if self
            .sequences
            .iter()
            .any(|s| s.name() == sequence.name() && s.schema() == sequence.schema())
        {
            return Err(Error::InvalidSchema(format!(
                "sequence {:?} is already defined in this MetaData",
                sequence.name()
            )));
        }
        self.sequences.push(sequence);
        Ok(())
    }

    /// The sequences in definition order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// meta.add_sequence(Sequence::new("a"))?;
    /// assert_eq!(meta.sequences()[0].name(), "a");
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn sequences(&self) -> &[Sequence] {
        &self.sequences
    }

    /// The tables in definition order.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// meta.table("b", |t| { t.column("id", SqlType::Integer); })?;
    /// meta.table("a", |t| { t.column("id", SqlType::Integer); })?;
    /// let names: Vec<&str> = meta.tables().iter().map(|t| t.name()).collect();
    /// assert_eq!(names, ["b", "a"]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// A table by name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// meta.table("users", |t| { t.column("id", SqlType::Integer); })?;
    /// assert_eq!(meta.get("users").map(|t| t.name()), Some("users"));
    /// assert!(meta.get("nope").is_none());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name() == name)
    }

    /// The tables with every table after the tables its foreign keys reference
    /// (definition order otherwise); a cycle is [`Error::DependencyCycle`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// meta.table("a", |t| { t.column("b_id", SqlType::Integer).references_named("b", "id"); t.column("id", SqlType::Integer); })?;
    /// meta.table("b", |t| { t.column("a_id", SqlType::Integer).references_named("a", "id"); t.column("id", SqlType::Integer); })?;
    /// let err = meta.sorted_tables().unwrap_err();
    /// assert_eq!(err, Error::DependencyCycle { tables: vec!["a".into(), "b".into()] });
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn sorted_tables(&self) -> Result<Vec<Table>, Error> {
        self.check_foreign_keys()?;
        let n = self.tables.len();
        let deps: Vec<Vec<usize>> = self
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d: Vec<usize> = t
                    .def()
                    .foreign_keys
                    .iter()
                    .filter_map(|fk| {
                        self.tables.iter().position(|o| {
                            o.name() == fk.ref_table.as_ref()
                                && (fk.ref_schema.is_none()
                                    || o.schema() == fk.ref_schema.as_deref())
                        })
                    })
                    .filter(|&j| j != i)
                    .collect();
                d.sort_unstable();
                d.dedup();
                d
            })
            .collect();
        let mut done = vec![false; n];
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let next = (0..n).find(|&i| !done[i] && deps[i].iter().all(|&j| done[j]));
            match next {
                Some(i) => {
                    done[i] = true;
                    out.push(self.tables[i].clone());
                }
                None => {
                    // Only the tables that reach themselves are on a cycle; the
                    // rest merely wait on one.
                    let on_cycle = |start: usize| {
                        let mut seen = vec![false; n];
                        let mut stack: Vec<usize> = deps[start].clone();
                        while let Some(i) = stack.pop() {
                            if i == start {
                                return true;
                            }
                            if !done[i] && !std::mem::replace(&mut seen[i], true) {
                                stack.extend(&deps[i]);
                            }
                        }
                        false
                    };
                    let tables = (0..n)
                        .filter(|&i| !done[i] && on_cycle(i))
                        .map(|i| self.tables[i].name().to_owned())
                        .collect();
                    return Err(Error::DependencyCycle { tables });
                }
            }
        }
        Ok(out)
    }

    /// Foreign keys named by table (`references_named`) are resolved here, once
    /// every table is defined: a target table in this MetaData must have the
    /// referenced columns. Targets outside it are the database's to check.
    fn check_foreign_keys(&self) -> Result<(), Error> {
        for t in &self.tables {
            for fk in &t.def().foreign_keys {
                let target = self.tables.iter().find(|o| {
                    o.name() == fk.ref_table.as_ref()
                        && (fk.ref_schema.is_none() || o.schema() == fk.ref_schema.as_deref())
                });
                if let Some(target) = target {
                    for col in &fk.ref_columns {
                        if target.resolve(col).is_err() {
                            return Err(Error::InvalidSchema(format!(
                                "table {:?}: the foreign key on {:?} references {:?}.{:?}, which does not exist",
                                t.name(),
                                fk.columns,
                                target.name(),
                                col
                            )));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// CREATE TABLE and CREATE INDEX statements for every table, parents first.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// # let mut meta = MetaData::new();
    /// meta.table("posts", |t| { t.column("author", SqlType::Integer).references_named("users", "id").index(); })?;
    /// meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// let sql: Vec<String> = meta.create_statements(false)?.iter().map(|s| s.compile(&Sqlite).unwrap().sql).collect();
    /// assert_eq!(sql, [
    ///     r#"CREATE TABLE "users" ("id" INTEGER NOT NULL PRIMARY KEY)"#,
    ///     r#"CREATE TABLE "posts" ("author" INTEGER, FOREIGN KEY ("author") REFERENCES "users" ("id"))"#,
    ///     r#"CREATE INDEX "ix_posts_author" ON "posts" ("author")"#,
    /// ]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn create_statements(&self, if_not_exists: bool) -> Result<Vec<Ddl>, Error> {
        let mut out: Vec<Ddl> = self
            .sequences
            .iter()
            .map(|s| {
                let c = s.create();
                Ddl::CreateSequence(if if_not_exists { c.if_not_exists() } else { c })
            })
            .collect();
        for t in self.sorted_tables()? {
            let mut create = t.create();
            if if_not_exists {
                create = create.if_not_exists();
            }
            out.push(Ddl::CreateTable(create));
            for ix in t.indexes() {
                let mut ci = t.create_index(ix);
                if if_not_exists {
                    ci = ci.if_not_exists();
                }
                out.push(Ddl::CreateIndex(ci));
            }
        }
        Ok(out)
    }

    /// DROP TABLE statements for every table, children first.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let mut meta = MetaData::new();
    /// meta.table("users", |t| { t.column("id", SqlType::Integer).primary_key(); })?;
    /// meta.table("posts", |t| { t.column("author", SqlType::Integer).references_named("users", "id"); })?;
    /// let sql: Vec<String> = meta.drop_statements(true)?.iter()
    ///     .map(|s| s.compile(&GenericDialect).map(|c| c.sql)).collect::<Result<_, _>>()?;
    /// assert_eq!(sql, [r#"DROP TABLE IF EXISTS "posts""#, r#"DROP TABLE IF EXISTS "users""#]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn drop_statements(&self, if_exists: bool) -> Result<Vec<Ddl>, Error> {
        let mut tables = self.sorted_tables()?;
        tables.reverse();
        let tables = tables.iter().map(|t| {
            let d = t.drop();
            Ddl::DropTable(if if_exists { d.if_exists() } else { d })
        });
        let sequences = self.sequences.iter().map(|s| {
            let d = s.drop();
            Ddl::DropSequence(if if_exists { d.if_exists() } else { d })
        });
        Ok(tables.chain(sequences).collect())
    }
}
