//! A compiled statement whose values stay in the statement they came from.
//!
//! A cache hit has the SQL already; what is left is handing the new values over
//! in placeholder order. Cloning them (a heap copy per text value) would cost more
//! than the lookup itself, so the cache hands back references into the statement,
//! and the engine binds those references straight to the driver.

use super::{resolve_params, Compiled, Param};
use crate::error::Result;
use crate::expr::Ident;
use crate::value::Value;
use std::sync::Arc;

/// One parameter of a [`CompiledRef`], in placeholder order.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::cache::CompileCache;
/// use sqlcraft::compile::ParamRef;
/// use sqlcraft::dialect::GenericDialect;
/// let cache = CompileCache::new(GenericDialect);
/// let t = table("t");
/// let stmt = select(t.c("a")).from(&t).filter(t.c("a").eq(1).or(t.c("a").eq(bindparam("x"))));
/// let c = cache.compile_ref(&stmt)?;
/// assert_eq!(c.params, vec![ParamRef::Value(&Value::Int(1)), ParamRef::Named("x".into())]);
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ParamRef<'a> {
    /// A value held by the statement that was compiled.
    Value(&'a Value),
    /// A value made while compiling (a client-side column default).
    Owned(Value),
    /// A named parameter to be supplied at execution ([`crate::bindparam`]).
    Named(Ident),
}

/// A compiled statement borrowing its values from the statement: what
/// [`crate::cache::CompileCache::compile_ref`] returns. The SQL is shared with the
/// cache entry.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::cache::CompileCache;
/// use sqlcraft::dialect::GenericDialect;
///
/// let cache = CompileCache::new(GenericDialect);
/// let t = table("t");
/// let stmt = select(t.c("a")).from(&t).filter(t.c("a").eq(7).and(t.c("b").eq(bindparam("b"))));
/// let c = cache.compile_ref(&stmt).unwrap();
/// let b = Value::from("x");
/// assert_eq!(c.bind(&[("b", b.clone())]).unwrap(), vec![&Value::Int(7), &b]);
/// assert_eq!(c.into_owned(), stmt.compile(&GenericDialect).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledRef<'a> {
    /// The SQL text.
    pub sql: Arc<str>,
    /// The parameters, in placeholder order.
    pub params: Vec<ParamRef<'a>>,
}

impl<'a> CompiledRef<'a> {
    /// The parameter values; an error if a named parameter has no value.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let stmt = select(t.c("a")).from(&t).filter(t.c("a").in_([1, 2]));
    /// assert_eq!(cache.compile_ref(&stmt)?.values()?, vec![&Value::Int(1), &Value::Int(2)]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn values(&self) -> Result<Vec<&Value>> {
        self.bind(&[])
    }

    /// The parameter values, with named parameters taken from `named`; as
    /// [`Compiled::bind`], a name the statement does not have is an error.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let stmt = select(t.c("a")).from(&t).filter(t.c("a").eq(bindparam("x")));
    /// let c = cache.compile_ref(&stmt)?;
    /// let named = [("x", Value::Int(3))];
    /// assert_eq!(c.bind(&named)?, vec![&Value::Int(3)]);
    /// assert!(c.bind(&[("typo", Value::Int(3))]).is_err());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn bind<'b>(&'b self, named: &'b [(&str, Value)]) -> Result<Vec<&'b Value>> {
        let mut values = Vec::with_capacity(self.params.len());
        self.bind_into(named, &mut values)?;
        Ok(values)
    }

    /// The values of a statement made of `sets.len()` equal rows of `per_row`
    /// placeholders each (an `execute_many` page): row `j` binds its named
    /// parameters from `sets[j]`, with [`CompiledRef::bind`]'s errors.
    pub(crate) fn bind_rows<'b>(
        &'b self,
        sets: &'b [Vec<(&str, Value)>],
        per_row: usize,
    ) -> Result<Vec<&'b Value>> {
        if per_row == 0 || self.params.len() != per_row * sets.len() {
            return Err(crate::Error::invalid(format!(
                "a page of {} rows has {} parameters, not {per_row} a row",
                sets.len(),
                self.params.len()
            )));
        }
        let mut values = Vec::with_capacity(self.params.len());
        for (row, set) in self.params.chunks(per_row).zip(sets) {
            resolve_params(row, set, own_value, &mut values)?;
        }
        Ok(values)
    }

    /// [`CompiledRef::bind`] into `out` (a `Vec`, or the engine's stack `SmallVec`).
    pub(crate) fn bind_into<'b>(
        &'b self,
        named: &'b [(&str, Value)],
        out: &mut impl super::ValueSink<'b>,
    ) -> Result<()> {
        resolve_params(&self.params, named, own_value, out)
    }

    /// The names of the named parameters, in placeholder order (repeats included).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let stmt = select(t.c("a")).from(&t).filter(t.c("a").between(bindparam("lo"), bindparam("hi")));
    /// let c = cache.compile_ref(&stmt)?;
    /// assert_eq!(c.param_names().collect::<Vec<_>>(), ["lo", "hi"]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.params.iter().filter_map(|p| match p {
            ParamRef::Named(n) => Some(n.as_ref()),
            ParamRef::Value(_) | ParamRef::Owned(_) => None,
        })
    }

    /// The same statement with its values copied out of the tree.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let stmt = select(t.c("a")).from(&t).filter(t.c("a").eq("x"));
    /// let owned: Compiled = cache.compile_ref(&stmt)?.into_owned();
    /// assert_eq!(owned.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ?"#);
    /// assert_eq!(owned.params, vec![Param::Value(Value::from("x"))]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn into_owned(self) -> Compiled {
        Compiled {
            sql: self.sql.as_ref().to_owned(),
            params: self
                .params
                .into_iter()
                .map(|p| match p {
                    ParamRef::Value(v) => Param::Value(v.clone()),
                    ParamRef::Owned(v) => Param::Value(v),
                    ParamRef::Named(n) => Param::Named(n),
                })
                .collect(),
        }
    }
}

impl From<Compiled> for CompiledRef<'static> {
    fn from(c: Compiled) -> Self {
        CompiledRef {
            sql: Arc::from(c.sql),
            params: c
                .params
                .into_iter()
                .map(|p| match p {
                    Param::Value(v) => ParamRef::Owned(v),
                    Param::Named(n) => ParamRef::Named(n),
                })
                .collect(),
        }
    }
}

/// A parameter's own value, or the name it is bound by.
fn own_value<'b>(p: &'b ParamRef<'_>) -> std::result::Result<&'b Value, &'b str> {
    match p {
        ParamRef::Value(v) => Ok(*v),
        ParamRef::Owned(v) => Ok(v),
        ParamRef::Named(n) => Err(n),
    }
}
