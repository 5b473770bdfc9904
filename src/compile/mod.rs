//! The compiler: one walk over a statement tree writes the SQL text and collects the
//! parameters in placeholder order.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft_sqlite::Sqlite;
//! let t = table("t");
//! let q = select(t.c("a")).from(&t).filter(t.c("a").in_(["x", "y"])).limit(5);
//! let c = q.compile(&Sqlite)?;
//! assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IN (?, ?) LIMIT ?"#);
//! assert_eq!(c.values()?, vec![Value::from("x"), Value::from("y"), Value::Int(5)]);
//! # Ok::<(), sqlcraft::Error>(())
//! ```

mod borrowed;
mod ddl;
mod dml;
mod expr;
pub(crate) mod froms;
pub(crate) mod labels;
mod query;
pub(crate) mod template;

pub use borrowed::{CompiledRef, ParamRef};

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::Ident;
use crate::value::Value;
use std::sync::Arc;

/// How deep a statement may nest (expressions and subqueries together) before
/// compiling refuses it with [`Error::TooDeep`]. The compiler grows its stack on
/// the heap as it descends, so the limit guards memory, not the stack.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::compile::DEFAULT_MAX_DEPTH;
/// use sqlcraft::dialect::GenericDialect;
/// let mut e = lit(1);
/// for _ in 0..DEFAULT_MAX_DEPTH {
///     e = func::abs(e);
/// }
/// let err = select(e).compile(&GenericDialect).unwrap_err();
/// assert_eq!(err, Error::TooDeep { limit: DEFAULT_MAX_DEPTH });
/// ```
pub const DEFAULT_MAX_DEPTH: usize = 100_000;

/// One parameter slot of a compiled statement.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1).or(t.c("a").eq(bindparam("x"))))
///     .compile(&GenericDialect)?;
/// assert_eq!(c.params, vec![Param::Value(Value::Int(1)), Param::Named("x".into())]);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A value taken from the tree.
    Value(Value),
    /// A named parameter to be supplied at execution ([`crate::bindparam`], or a
    /// `text()` parameter left unbound).
    Named(Ident),
}

/// A compiled statement: SQL text with placeholders, and its parameters in
/// placeholder order.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// let t = table("t");
/// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(1).and(t.c("b").eq(bindparam("b"))))
///     .compile(&GenericDialect).unwrap();
/// assert!(c.values().is_err()); // "b" has no value yet
/// assert_eq!(c.bind(&[("b", Value::from("x"))]).unwrap(), vec![Value::Int(1), Value::from("x")]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The SQL text.
    pub sql: String,
    /// The parameters, in placeholder order.
    pub params: Vec<Param>,
}

impl Compiled {
    /// The parameter values; an error if a named parameter has no value.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").between(1, 9)).compile(&GenericDialect)?;
    /// assert_eq!(c.values()?, vec![Value::Int(1), Value::Int(9)]);
    /// let named = select(t.c("a")).from(&t).filter(t.c("a").eq(bindparam("x"))).compile(&GenericDialect)?;
    /// assert_eq!(named.values(), Err(Error::MissingBindParam { name: "x".into() }));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn values(&self) -> Result<Vec<Value>> {
        self.bind(&[])
    }

    /// The parameter values, with named parameters taken from `named`. A name in
    /// `named` that the statement does not have is an error too: it is almost
    /// always a typo.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t).filter(t.c("a").eq(bindparam("x")).and(t.c("b").eq(2)))
    ///     .compile(&GenericDialect)?;
    /// assert_eq!(c.bind(&[("x", Value::from("hi"))])?, vec![Value::from("hi"), Value::Int(2)]);
    /// assert_eq!(c.bind(&[("x", Value::Null), ("y", Value::Null)]), Err(Error::UnknownBindParam { name: "y".into() }));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bind(&self, named: &[(&str, Value)]) -> Result<Vec<Value>> {
        let mut values: Vec<&Value> = Vec::with_capacity(self.params.len());
        resolve_params(
            &self.params,
            named,
            |p| match p {
                Param::Value(v) => Ok(v),
                Param::Named(n) => Err(n),
            },
            &mut values,
        )?;
        Ok(values.into_iter().cloned().collect())
    }

    /// The names of the named parameters, in placeholder order (repeats included).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let c = select(t.c("a")).from(&t)
    ///     .filter(t.c("a").eq(bindparam("lo")).or(t.c("b").eq(5)).or(t.c("c").eq(bindparam("lo"))))
    ///     .compile(&GenericDialect)?;
    /// assert_eq!(c.param_names().collect::<Vec<_>>(), ["lo", "lo"]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.params.iter().filter_map(|p| match p {
            Param::Named(n) => Some(n.as_ref()),
            Param::Value(_) => None,
        })
    }
}

/// That every list in `named` went to an expanding parameter of the statement
/// (`used` names those met): a list for a name the statement does not have is
/// almost always a typo, as a value is.
pub(crate) fn check_lists_used(named: &[(&str, Value)], used: &[&str]) -> Result<()> {
    for (name, value) in named {
        if matches!(value, Value::List(_)) && !used.contains(name) {
            return Err(Error::UnknownBindParam {
                name: (*name).to_owned(),
            });
        }
    }
    Ok(())
}

/// Resolves a statement's parameters to values in placeholder order, named ones
/// from `named`; `own` gives a parameter's own value, or its name. A name in
/// `named` that the statement does not have is an error too: it is almost always
/// a typo. Shared by [`Compiled::bind`] and [`CompiledRef::bind`]; collected
/// into `C`, so that the engine can keep a statement's few values on the stack.
pub(crate) fn resolve_params<'p, 'b, P>(
    params: &'p [P],
    named: &'b [(&str, Value)],
    own: impl Fn(&'p P) -> std::result::Result<&'b Value, &'p str>,
    out: &mut impl ValueSink<'b>,
) -> Result<()> {
    for (name, value) in named {
        // A list went to an expanding parameter when compiling (checked there).
        if matches!(value, Value::List(_)) {
            continue;
        }
        if !params.iter().any(|p| own(p) == Err(*name)) {
            return Err(Error::UnknownBindParam {
                name: (*name).to_owned(),
            });
        }
    }
    // A plain loop: collecting an iterator of `Result`s through `FromIterator`
    // cost several times the pushes themselves on the engine's per-statement path.
    for p in params {
        let value = match own(p) {
            Ok(v) => v,
            Err(name) => named
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v)
                .ok_or_else(|| Error::MissingBindParam {
                    name: name.to_owned(),
                })?,
        };
        if let Value::List(_) = value {
            return Err(Error::invalid(format!(
                "bind parameter {:?} is given a list: only an expanding parameter takes one \
                 (bindparam(..).expanding())",
                own(p).err().unwrap_or_default()
            )));
        }
        out.push_value(value);
    }
    Ok(())
}

/// How many placeholders `stmt` compiles to on `dialect`, without calling its
/// client-side default functions: for sizing `execute_many`'s pages, whose
/// values are bound later. The compile errors are those of
/// [`Compile::compile`].
pub(crate) fn count_params<S: Compile + ?Sized, D: Dialect + ?Sized>(
    stmt: &S,
    dialect: &D,
) -> Result<usize> {
    let make = || {
        let mut c = Compiler::new(dialect, Mode::Bound);
        c.count_only = true;
        c
    };
    let mut c = make();
    c.compile_passes(stmt, make)?;
    c.finish().map(|compiled| compiled.params.len())
}

/// Where [`resolve_params`] puts the values: a `Vec`, or the engine's stack
/// `SmallVec`.
pub(crate) trait ValueSink<'b> {
    fn push_value(&mut self, v: &'b Value);
}

impl<'b> ValueSink<'b> for Vec<&'b Value> {
    fn push_value(&mut self, v: &'b Value) {
        self.push(v);
    }
}

impl<'b, A: smallvec::Array<Item = &'b Value>> ValueSink<'b> for smallvec::SmallVec<A> {
    fn push_value(&mut self, v: &'b Value) {
        self.push(v);
    }
}

/// Whether values become placeholders or inline literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Bound,
    Literal,
}

/// The compiler state for one statement. Obtained through [`Compile`]; public so
/// that the trait's signature can name it.
pub struct Compiler<'d, D: Dialect + ?Sized> {
    d: &'d D,
    sql: String,
    params: Vec<Param>,
    mode: Mode,
    depth: usize,
    max_depth: usize,
    /// CTE names rendered by enclosing statements, which nested ones must not repeat.
    cte_scope: Vec<crate::query::Cte>,
    anon_aliases: usize,
    /// Set just before compiling a query whose CTEs an enclosing statement
    /// collected (a derived table, a set-operation member, a CTE body).
    covered: bool,
    /// Set for an upsert's INSERT … SELECT of a set operation: its last member
    /// gets `WHERE TRUE` (see `insert_select`).
    where_true_tail: bool,
    /// Set while compiling an `ON DUPLICATE KEY UPDATE` whose proposed row
    /// goes by the dialect's [`Dialect::upsert_row_alias`].
    row_alias: bool,
    /// The table of the upsert being compiled, against which `excluded()` names
    /// are checked.
    upsert_table: Option<crate::schema::Table>,
    /// Set when compiling for the cache: placeholders become template slots.
    recorder: Option<template::Recorder>,
    /// Set when compiling only to count placeholders ([`count_params`]): a
    /// value made per execution gets its placeholder, but is not made.
    count_only: bool,
    /// Whether the select list being compiled names its result columns, so that
    /// unnamed expressions get labels (see `Compiler::select_list`): a statement's
    /// own, a derived table's, a CTE's; not a scalar, EXISTS or IN subquery's.
    label_unnamed: bool,
    /// The values supplied for expanding parameters ([`Compile::compile_with`]).
    named: &'d [(&'d str, Value)],
    /// The expanding parameters met, by name.
    expanded: Vec<&'d str>,
    /// The FROM items in scope, for the FROM clauses SELECTs imply.
    scopes: froms::Scopes,
}

/// Stack the compiler keeps free before it descends; a level uses far less.
pub(crate) const RED_ZONE: usize = 128 * 1024;
/// Size of each stack segment the compiler allocates when it runs low.
pub(crate) const STACK_SEGMENT: usize = 4 * 1024 * 1024;

impl<'d, D: Dialect + ?Sized> Compiler<'d, D> {
    pub(crate) fn new(d: &'d D, mode: Mode) -> Self {
        Compiler {
            d,
            sql: String::with_capacity(256),
            params: Vec::new(),
            mode,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            cte_scope: Vec::new(),
            anon_aliases: 0,
            covered: false,
            where_true_tail: false,
            row_alias: false,
            upsert_table: None,
            recorder: None,
            count_only: false,
            label_unnamed: true,
            named: &[],
            expanded: Vec::new(),
            scopes: froms::Scopes::default(),
        }
    }

    /// With `named`'s lists for the expanding parameters.
    pub(crate) fn with_named(mut self, named: &'d [(&'d str, Value)]) -> Self {
        self.named = named;
        self
    }

    /// The items supplied for expanding parameter `name`, noted as used.
    fn expanding_items(&mut self, name: &str) -> Result<&'d [Value]> {
        match self.named.iter().find(|(n, _)| *n == name) {
            Some((n, Value::List(items))) => {
                self.expanded.push(n);
                Ok(items)
            }
            Some((_, other)) => Err(Error::invalid(format!(
                "expanding parameter {name:?} takes a list (Value::list), not a {} value",
                other.kind()
            ))),
            None => Err(Error::MissingBindParam {
                name: name.to_owned(),
            }),
        }
    }

    pub(crate) fn recording(d: &'d D, recorder: template::Recorder) -> Self {
        let mut c = Compiler::new(d, Mode::Bound);
        c.recorder = Some(recorder);
        c
    }

    /// Compiles `stmt` on a compiler `make` gives.
    ///
    /// The first pass takes each SELECT's FROM items as given and checks, as it
    /// writes them, that the columns of its select list and WHERE clause belong
    /// to an item in scope: nearly every statement passes and pays only that
    /// check. One that does not (a SELECT that leaves tables to be implied, or
    /// uses an alias it lacks) is compiled again on a fresh compiler, each
    /// SELECT first walking those clauses for the FROM items they imply, as
    /// SQLAlchemy does; a walk every statement would otherwise pay.
    pub(crate) fn compile_passes<S: Compile + ?Sized>(
        &mut self,
        stmt: &S,
        make: impl Fn() -> Self,
    ) -> Result<()> {
        let first = stmt.compile_into(self);
        if !self.scopes.missed {
            return first;
        }
        *self = make();
        self.scopes.walk = true;
        stmt.compile_into(self)?;
        match self.scopes.stray.take() {
            Some(message) => Err(Error::invalid(message)),
            None => Ok(()),
        }
    }

    pub(crate) fn into_template(self) -> Option<template::Template> {
        let recorder = self.recorder?;
        recorder.finish(self.sql)
    }

    fn finish(self) -> Result<Compiled> {
        check_lists_used(self.named, &self.expanded)?;
        if self.params.len() > self.d.max_params() {
            return Err(too_many_params(self.d, self.params.len()));
        }
        Ok(Compiled {
            sql: self.sql,
            params: self.params,
        })
    }

    /// Runs `f` one nesting level deeper, growing the stack on the heap when it runs
    /// low, so a ten-thousand-deep tree compiles without overflowing it.
    fn nested<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        if self.depth >= self.max_depth {
            return Err(Error::TooDeep {
                limit: self.max_depth,
            });
        }
        self.depth += 1;
        let r = if self.depth % 8 == 0 {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || f(self))
        } else {
            f(self)
        };
        self.depth -= 1;
        r
    }

    #[inline]
    fn push(&mut self, s: &str) {
        self.sql.push_str(s);
    }

    /// Writes a quoted identifier after checking that the engine can keep it as is.
    fn ident(&mut self, name: &str) -> Result<()> {
        if name.is_empty() {
            return Err(Error::InvalidIdentifier {
                ident: String::new(),
                reason: "identifiers cannot be empty".into(),
            });
        }
        if name.contains('\0') {
            return Err(Error::InvalidIdentifier {
                ident: name.to_owned(),
                reason: "identifiers cannot contain a NUL character".into(),
            });
        }
        if let Some(reason) = self.d.identifier_problem(name) {
            return Err(Error::InvalidIdentifier {
                ident: name.to_owned(),
                reason: format!("{reason} on {}", self.d.name()).into(),
            });
        }
        if let Some(max) = self.d.max_identifier_length() {
            // No dialect counts a name longer than its bytes: most names are
            // short enough for their length to go uncounted.
            if name.len() > max && self.d.identifier_length(name) > max {
                return Err(Error::InvalidIdentifier {
                    ident: name.to_owned(),
                    reason: format!(
                        "longer than the {max} the {} dialect keeps (it would be truncated)",
                        self.d.name()
                    )
                    .into(),
                });
            }
        }
        self.d.write_identifier(name, &mut self.sql);
        Ok(())
    }

    /// `schema.name`, or `name`: a table, an index or a sequence as every
    /// statement names it.
    fn qualified_name(&mut self, schema: Option<&str>, name: &str) -> Result<()> {
        if let Some(schema) = schema {
            self.ident(schema)?;
            self.push(".");
        }
        self.ident(name)
    }

    /// A table as a statement names it, without its alias.
    fn table_name(&mut self, t: &crate::query::TableRef) -> Result<()> {
        self.qualified_name(t.schema.as_deref(), &t.name)
    }

    fn ident_list(&mut self, names: &[Ident]) -> Result<()> {
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.ident(n)?;
        }
        Ok(())
    }

    fn param(&mut self, p: Param) -> Result<()> {
        if let (Some(rec), Param::Named(name)) = (self.recorder.as_mut(), &p) {
            rec.mark(self.sql.len(), template::Slot::Named(name.clone()));
            return Ok(());
        }
        match self.mode {
            Mode::Bound => {
                self.params.push(p);
                self.d.write_placeholder(self.params.len(), &mut self.sql);
                Ok(())
            }
            Mode::Literal => match p {
                Param::Value(v) => self.d.write_value_literal(&v, &mut self.sql),
                Param::Named(n) => Err(Error::MissingBindParam {
                    name: n.to_string(),
                }),
            },
        }
    }

    fn value(&mut self, v: &Value) -> Result<()> {
        if let Value::List(_) = v {
            return Err(Error::invalid(crate::value::LIST_VALUE_MISPLACED));
        }
        if let Some(rec) = self.recorder.as_mut() {
            rec.mark_value(self.sql.len(), v);
            return Ok(());
        }
        match self.mode {
            Mode::Bound => self.param(Param::Value(v.clone())),
            Mode::Literal => {
                // A negative number after `-` would open a `--` comment.
                let negative = match v {
                    Value::Int(i) => *i < 0,
                    Value::Float(f) => f.is_sign_negative(),
                    _ => false,
                };
                if negative {
                    self.sql.push('(');
                }
                self.d.write_value_literal(v, &mut self.sql)?;
                if negative {
                    self.sql.push(')');
                }
                Ok(())
            }
        }
    }

    /// A value made per execution (a client-side default function).
    fn generated(&mut self, f: &std::sync::Arc<dyn Fn() -> Value + Send + Sync>) -> Result<()> {
        if let Some(rec) = self.recorder.as_mut() {
            rec.mark(self.sql.len(), template::Slot::Generate(f.clone()));
            return Ok(());
        }
        if self.count_only {
            // A default function may count or have effects: called only for
            // values that are sent.
            return self.value(&Value::Null);
        }
        self.value(&f())
    }

    /// An IN list of plain values: in a cache template its length is left open, so
    /// that lists of any non-zero length share one entry (SQLAlchemy's expanding
    /// parameters). Returns false when the list is not such a list.
    fn expanding_list(&mut self, list: &[crate::expr::Expr]) -> bool {
        match self.recorder.as_mut() {
            Some(rec) if template::is_expandable(list) => {
                rec.mark_list(self.sql.len(), template::ListRef::Exprs(list));
                true
            }
            _ => false,
        }
    }

    /// An expanding parameter's items: in a cache template a list slot, as
    /// [`Compiler::expanding_list`]; false when not recording.
    fn expanding_values(&mut self, items: &[Value]) -> bool {
        match self.recorder.as_mut() {
            Some(rec) => {
                rec.mark_list(self.sql.len(), template::ListRef::Values(items));
                true
            }
            None => false,
        }
    }

    /// Runs `f` with values rendered as literals (DDL defaults and CHECKs).
    fn literal<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let saved = self.mode;
        self.mode = Mode::Literal;
        let r = f(self);
        self.mode = saved;
        r
    }

    fn next_anon_alias(&mut self) -> String {
        self.anon_aliases += 1;
        format!("anon_{}", self.anon_aliases)
    }
}

/// A statement that compiles to SQL.
///
/// Implemented by every statement type: [`crate::Select`], [`crate::Compound`],
/// [`crate::Query`], [`crate::Insert`], [`crate::Update`], [`crate::Delete`],
/// [`crate::TextClause`] and the DDL statements.
///
/// A helper that takes any statement:
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::dialect::GenericDialect;
/// fn sql_of(stmt: &impl Compile) -> String {
///     stmt.compile(&GenericDialect).unwrap().sql
/// }
/// let t = table("t");
/// assert_eq!(sql_of(&delete(&t)), r#"DELETE FROM "t""#);
/// assert_eq!(sql_of(&text("VACUUM")), "VACUUM");
/// ```
pub trait Compile {
    /// Writes the statement into `c`.
    #[doc(hidden)]
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()>;

    /// Writes the statement's cache key; statements that cannot be cached say why.
    #[doc(hidden)]
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut crate::cache::KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), crate::cache::Uncacheable> {
        let _ = w;
        Err(crate::cache::Uncacheable::Construct("this statement kind"))
    }

    /// The statement's memory of its cache entry, for statements that keep one.
    #[doc(hidden)]
    fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
        None
    }

    /// For an `INSERT … VALUES` of one row: the same statement with that row
    /// `rows` times, which `Connection::execute_many` sends one page of
    /// parameter sets at a time (SQLAlchemy's "insertmanyvalues"). `None` for
    /// every other statement, which runs once per set.
    #[doc(hidden)]
    fn values_row_repeated(&self, rows: usize) -> Option<crate::query::Insert> {
        let _ = rows;
        None
    }

    /// Compiles for `dialect`: SQL with placeholders, and the parameters.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let c = update(&t).set("n", 0).filter(t.c("id").eq(7)).compile(&Postgres)?;
    /// assert_eq!(c.sql, r#"UPDATE "t" SET "n" = $1 WHERE "t"."id" = $2"#);
    /// assert_eq!(c.values()?, vec![Value::Int(0), Value::Int(7)]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn compile<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<Compiled> {
        let make = || Compiler::new(dialect, Mode::Bound);
        let mut c = make();
        c.compile_passes(self, make)?;
        c.finish()
    }

    /// Compiles for `dialect` with the lists of the statement's expanding
    /// parameters ([`Expr::expanding`](crate::Expr::expanding)), one placeholder
    /// per item; other entries of `named` are left for [`Compiled::bind`]. A
    /// list for a name the statement has no expanding parameter of is an
    /// [`Error::UnknownBindParam`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t)
    ///     .filter(t.c("id").in_(bindparam("ids").expanding()))
    ///     .filter(t.c("b").eq(bindparam("b")));
    /// let named = [("ids", Value::list([1, 2])), ("b", Value::from("x"))];
    /// let c = q.compile_with(&Postgres, &named)?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."id" IN ($1, $2) AND "t"."b" = $3"#);
    /// assert_eq!(c.bind(&named)?, [Value::Int(1), Value::Int(2), Value::from("x")]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    fn compile_with<D: Dialect + ?Sized>(
        &self,
        dialect: &D,
        named: &[(&str, Value)],
    ) -> Result<Compiled> {
        let make = || Compiler::new(dialect, Mode::Bound).with_named(named);
        let mut c = make();
        c.compile_passes(self, make)?;
        c.finish()
    }

    /// Renders the statement with every value inlined as a literal, escaped by the
    /// dialect. **For logs and debugging only, never for execution**: bound
    /// parameters are the only safe way to send values.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// let t = table("t");
    /// let sql = select(t.c("a")).from(&t).filter(t.c("a").eq("it's")).to_literal_sql(&GenericDialect).unwrap();
    /// assert_eq!(sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = 'it''s'"#);
    /// ```
    fn to_literal_sql<D: Dialect + ?Sized>(&self, dialect: &D) -> Result<String> {
        let make = || Compiler::new(dialect, Mode::Literal);
        let mut c = make();
        c.compile_passes(self, make)?;
        Ok(c.sql)
    }
}

macro_rules! forward_compile {
    ($($ty:ty),*) => {$(
        impl<T: Compile + ?Sized> Compile for $ty {
            fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
                (**self).compile_into(c)
            }
            fn write_cache_key<'a, const KEY: bool>(
                &'a self,
                w: &mut crate::cache::KeyWriter<'a, KEY>,
            ) -> std::result::Result<(), crate::cache::Uncacheable> {
                (**self).write_cache_key(w)
            }
            fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
                (**self).key_memo()
            }
        }
    )*};
}
forward_compile!(&T, Arc<T>, Box<T>);

/// The error for a statement with more parameters than the dialect takes: from a
/// fresh compile and from a cache hit alike.
pub(crate) fn too_many_params<D: Dialect + ?Sized>(d: &D, count: usize) -> Error {
    Error::InvalidStatement(
        format!(
            "the statement has {count} parameters; the {} dialect allows at most {} (split it: Connection::insert_many pages rows under the limit)",
            d.name(),
            d.max_params()
        )
        .into(),
    )
}
