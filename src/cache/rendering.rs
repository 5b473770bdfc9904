//! What a cache lookup makes of the entry it finds: a [`CompiledRef`] for the
//! public API, or, for the engine, the SQL with the values pushed straight to the
//! engine's buffer.

use crate::compile::template::{ListRef, Template};
use crate::compile::{Compiled, CompiledRef};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::value::Value;
use smallvec::SmallVec;
use std::sync::Arc;

/// A way to render an entry's template with one statement's values.
pub(crate) trait Rendering<'s> {
    type Out;
    /// Renders `template` with the key walk's `values` and `lists`.
    fn render<D: Dialect + ?Sized>(
        &mut self,
        template: &Template,
        d: &D,
        values: &[&'s Value],
        lists: &[ListRef<'s>],
    ) -> Result<Self::Out>;
    /// A statement compiled outside the cache.
    fn fresh(compiled: Compiled) -> Self::Out;
}

/// Renders a [`CompiledRef`].
pub(crate) struct ToCompiledRef;

impl<'s> Rendering<'s> for ToCompiledRef {
    type Out = CompiledRef<'s>;

    #[inline(always)]
    fn render<D: Dialect + ?Sized>(
        &mut self,
        template: &Template,
        d: &D,
        values: &[&'s Value],
        lists: &[ListRef<'s>],
    ) -> Result<CompiledRef<'s>> {
        template.render(d, values, lists)
    }

    fn fresh(compiled: Compiled) -> CompiledRef<'s> {
        compiled.into()
    }
}

/// The engine's compiled statement: its SQL, its values already pushed to the
/// engine's buffer; or, for a statement with IN lists or values made per
/// execution, a [`CompiledRef`] to bind from.
pub(crate) enum Bound<'s> {
    /// The SQL; the values are in the buffer given to the lookup.
    Sql(Arc<str>),
    /// The buffer is untouched: bind from this.
    Compiled(CompiledRef<'s>),
}

/// Pushes the values (`named`'s for named parameters) to `out` where the
/// template allows, saving the parameter list a [`CompiledRef`] allocates.
pub(crate) struct ToValues<'s, 'o> {
    pub(crate) named: &'s [(&'s str, Value)],
    pub(crate) out: &'o mut SmallVec<[&'s Value; 16]>,
}

impl<'s> Rendering<'s> for ToValues<'s, '_> {
    type Out = Bound<'s>;

    #[inline(always)]
    fn render<D: Dialect + ?Sized>(
        &mut self,
        template: &Template,
        d: &D,
        values: &[&'s Value],
        lists: &[ListRef<'s>],
    ) -> Result<Bound<'s>> {
        match template.render_bound(d, values, self.named, &mut *self.out) {
            Some(sql) => sql.map(Bound::Sql),
            None => template.render(d, values, lists).map(Bound::Compiled),
        }
    }

    fn fresh(compiled: Compiled) -> Bound<'s> {
        Bound::Compiled(compiled.into())
    }
}
