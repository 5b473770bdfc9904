//! Column references, held by value.
//!
//! A reference is its cache-key bytes and nothing else: the qualifier and the
//! name are read back from them. Short keys (nearly every `table.column`) sit in
//! the reference itself, so [`crate::Table::c`] copies 32 bytes and dropping the
//! reference does nothing. Held by `Arc`, as they once were, each reference cost
//! an atomic increment and decrement (about 13 ns on the benchmark machine, a
//! third of building a point select) and an ad-hoc table's reference two
//! allocations. Longer keys are shared by `Arc`.
//!
//! The reference is a hand-made tagged union rather than an enum: an enum's
//! inline variant puts its bytes after a one-byte tag, and the optimiser copies
//! such a variant field by field in odd-sized, overlapping pieces (a 4-byte store
//! at offset 1 and another at offset 4); the statement builders then read the
//! expression back in words straddling those stores, and each such read waits
//! for a failed store-to-load forward. On a point select that was about a fifth
//! of the build's time (perf, on the statement builder). The union is copied
//! whole.

use super::{Ident, Qualifier};
use std::sync::Arc;

/// The longest key kept inline: with its length byte, the reference is 32
/// bytes, no larger than a [`crate::Value`], so an [`crate::Expr`] does not
/// grow.
const INLINE: usize = 31;

/// The first byte of a reference whose key is shared. An inline key's first byte
/// is its length, never 0: every key holds at least [`TAG`].
const SHARED: u8 = 0;

/// The key's first byte: the cache key's tag for a column reference.
const TAG: u8 = 1;

/// A reference to a column, optionally qualified by a table (with its schema)
/// or an alias.
///
/// A reference carries the bytes it contributes to a cache key, written once
/// when it is made: keying a statement copies them. References are values:
/// cloning one copies a few words, with no reference count and, for names of
/// ordinary length, no allocation.
///
/// ```
/// use sqlcraft::expr::{ColumnRef, Qualifier};
/// let c = ColumnRef::new(Some(Qualifier { schema: None, name: "users".into() }), "id".into());
/// assert_eq!(c.table(), Some("users"));
/// assert_eq!(c.schema(), None);
/// assert_eq!(c.name(), "id");
/// ```
pub struct ColumnRef(Repr);

/// A reference's 32 bytes, in either form. A union is copied as its bytes
/// (pointer provenance included), in whole words.
#[repr(C)]
#[derive(Clone, Copy)]
union Repr {
    /// Byte 0 is the key's length (1 to [`INLINE`]); the key follows.
    inline: [u8; 32],
    shared: SharedKey,
}

/// A key longer than [`INLINE`] bytes.
#[repr(C)]
#[derive(Clone, Copy)]
struct SharedKey {
    /// 0, so that byte 0 reads [`SHARED`] whatever the byte order.
    marker: u64,
    /// From `Arc::into_raw`; the reference owns one count.
    key: *const [u8],
    /// Written, so that every byte of the union is initialised in this form too.
    zero: u64,
}

const _: () = assert!(std::mem::size_of::<Repr>() == 32);

// SAFETY: a reference holds plain bytes or one count of an `Arc<[u8]>`, which is
// `Send` and `Sync`; the key behind it is never written after it is made.
unsafe impl Send for ColumnRef {}
// SAFETY: as for `Send`.
unsafe impl Sync for ColumnRef {}

impl ColumnRef {
    /// The inline form whole: byte 0 the key's length, then the key, then
    /// zeros to the end. `None` for a shared key. For a copy of a fixed size,
    /// which needs no branch on the key's length.
    #[inline(always)]
    pub(crate) fn inline_block(&self) -> Option<&[u8; 32]> {
        // SAFETY: byte 0 is initialised in both forms, and all 32 bytes of the
        // inline form are (`KeyBytes::finish` writes every one).
        unsafe {
            if self.0.inline[0] == SHARED {
                None
            } else {
                Some(&self.0.inline)
            }
        }
    }

    /// The shared key, when the key is not inline.
    #[inline(always)]
    fn shared_key(&self) -> Option<*const [u8]> {
        // SAFETY: byte 0 is initialised in both forms (the length, or the
        // marker's low byte), and the shared form's fields are read only when
        // it is that form.
        unsafe {
            if self.0.inline[0] == SHARED {
                Some(self.0.shared.key)
            } else {
                None
            }
        }
    }
}

impl Clone for ColumnRef {
    #[inline(always)]
    fn clone(&self) -> ColumnRef {
        if let Some(key) = self.shared_key() {
            // SAFETY: `key` came from `Arc::into_raw` and `self` holds a count,
            // so the allocation is live; the copy below owns the new count.
            unsafe { Arc::increment_strong_count(key) };
        }
        ColumnRef(self.0)
    }
}

impl Drop for ColumnRef {
    #[inline]
    fn drop(&mut self) {
        if let Some(key) = self.shared_key() {
            // SAFETY: `key` came from `Arc::into_raw`, and this reference owns
            // one count, given back here exactly once.
            drop(unsafe { Arc::from_raw(key) });
        }
    }
}

/// A reference's parts, read back from its key.
pub(crate) struct Parts<'a> {
    /// `(schema, table or alias)`, for a qualified reference.
    pub(crate) qualifier: Option<(Option<&'a str>, &'a str)>,
    pub(crate) name: &'a str,
}

/// What qualifies a column: a table, which a SELECT that does not name it in
/// its FROM clause can add there (as SQLAlchemy does), or an alias (of a table,
/// a subquery, a CTE), which it cannot: the reference does not hold what the
/// alias stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QualifierKind {
    Table,
    Alias,
}

impl QualifierKind {
    /// The key byte after the tag (0 is an unqualified reference).
    fn byte(self) -> u8 {
        match self {
            QualifierKind::Table => 1,
            QualifierKind::Alias => 2,
        }
    }
}

/// A length-prefixed string, encoded as every string of a cache key is: one
/// length byte below 255, else the marker 255 and eight bytes.
fn encode_str(out: &mut KeyBytes, s: &str) {
    let n = s.len();
    if n < 0xFF {
        out.put(&[n as u8]);
    } else {
        out.put(&[0xFF]);
        out.put(&(n as u64).to_le_bytes());
    }
    out.put(s.as_bytes());
}

impl ColumnRef {
    /// A reference to `name`, qualified by `qualifier` (`None` renders the bare name).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::dialect::GenericDialect;
    /// use sqlcraft::expr::ColumnRef;
    /// let bare = Expr::Column(ColumnRef::new(None, "id".into()));
    /// let c = select(bare).from(&table("users")).compile(&GenericDialect).unwrap();
    /// assert_eq!(c.sql, r#"SELECT "id" FROM "users""#);
    /// ```
    pub fn new(qualifier: Option<Qualifier>, name: Ident) -> ColumnRef {
        let qualifier = qualifier.as_ref().map(|q| (q.schema.as_deref(), &*q.name));
        ColumnRef::of(qualifier, &name)
    }

    /// [`ColumnRef::new`] from borrowed parts: `(schema, table)`.
    pub(crate) fn of(qualifier: Option<(Option<&str>, &str)>, name: &str) -> ColumnRef {
        Self::with_kind(qualifier.map(|q| (QualifierKind::Table, q)), name)
    }

    /// A column of the alias, subquery or CTE `alias`.
    pub(crate) fn of_alias(alias: &str, name: &str) -> ColumnRef {
        Self::with_kind(Some((QualifierKind::Alias, (None, alias))), name)
    }

    fn with_kind(
        qualifier: Option<(QualifierKind, (Option<&str>, &str))>,
        name: &str,
    ) -> ColumnRef {
        let mut key = KeyBytes::default();
        key.push(TAG);
        match qualifier {
            Some((kind, (schema, table))) => {
                key.push(kind.byte());
                match schema {
                    Some(s) => {
                        key.push(1);
                        key.str(s);
                    }
                    None => key.push(0),
                }
                key.str(table);
            }
            None => key.push(0),
        }
        key.str(name);
        key.finish()
    }

    /// The table or alias the column belongs to.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let e = table("users").c("id");
    /// let Expr::Column(c) = &e else { unreachable!() };
    /// assert_eq!(c.table(), Some("users"));
    /// ```
    pub fn table(&self) -> Option<&str> {
        self.parts().qualifier.map(|(_, t)| t)
    }

    /// The schema of the qualifying table, if it has one.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let mut meta = MetaData::new();
    /// let t = meta.table("orders", |t| { t.schema("sales"); t.column("id", SqlType::Integer); })?;
    /// let Expr::Column(c) = &t.c("id") else { unreachable!() };
    /// assert_eq!((c.schema(), c.table()), (Some("sales"), Some("orders")));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn schema(&self) -> Option<&str> {
        self.parts().qualifier.and_then(|(s, _)| s)
    }

    /// The qualifier, as an owned [`Qualifier`] (which allocates its names;
    /// [`ColumnRef::table`] and [`ColumnRef::schema`] borrow them).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::expr::Qualifier;
    /// let e = table("users").c("id");
    /// let Expr::Column(c) = &e else { unreachable!() };
    /// assert_eq!(c.qualifier(), Some(Qualifier { schema: None, name: "users".into() }));
    /// ```
    pub fn qualifier(&self) -> Option<Qualifier> {
        self.parts().qualifier.map(|(schema, name)| Qualifier {
            schema: schema.map(Ident::from),
            name: name.into(),
        })
    }

    /// The column name.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// let e = table("users").c("id");
    /// let Expr::Column(c) = &e else { unreachable!() };
    /// assert_eq!(c.name(), "id");
    /// ```
    pub fn name(&self) -> &str {
        self.parts().name
    }

    /// The reference's bytes in a cache key (see [`crate::cache`]).
    #[inline]
    pub(crate) fn key(&self) -> &[u8] {
        match self.shared_key() {
            // SAFETY: the allocation lives while `self` holds its count.
            Some(key) => unsafe { &*key },
            // SAFETY: the inline form is the initialised bytes; the length is
            // at most INLINE, so the slice stays within them.
            None => unsafe {
                let bytes = &self.0.inline;
                &bytes[1..1 + usize::from(bytes[0])]
            },
        }
    }

    /// What qualifies the reference, and its qualifier `(schema, table or
    /// alias)`, if it has one.
    #[inline]
    pub(crate) fn qualifier_parts(&self) -> Option<(QualifierKind, Option<&str>, &str)> {
        let kind = match self.key().get(1) {
            Some(2) => QualifierKind::Alias,
            _ => QualifierKind::Table,
        };
        let (schema, name) = self.parts().qualifier?;
        Some((kind, schema, name))
    }

    /// The qualifier and the name, read back from the key.
    #[inline(always)]
    pub(crate) fn parts(&self) -> Parts<'_> {
        let mut r = Reader(&self.key()[1..]);
        let qualifier = match r.byte() {
            0 => None,
            _ => {
                let schema = match r.byte() {
                    0 => None,
                    _ => Some(r.str()),
                };
                Some((schema, r.str()))
            }
        };
        Parts {
            qualifier,
            name: r.str(),
        }
    }
}

/// A key being written: on the stack while it fits inline.
#[derive(Default)]
struct KeyBytes {
    len: usize,
    inline: [u8; INLINE],
    /// All the bytes, once they outgrew `inline`.
    spilled: Option<Vec<u8>>,
}

impl KeyBytes {
    fn push(&mut self, b: u8) {
        self.put(&[b]);
    }

    fn str(&mut self, s: &str) {
        encode_str(self, s);
    }

    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match &mut self.spilled {
            None if end <= INLINE => self.inline[self.len..end].copy_from_slice(bytes),
            None => {
                let mut all = Vec::with_capacity(end.max(2 * INLINE));
                all.extend_from_slice(&self.inline[..self.len]);
                all.extend_from_slice(bytes);
                self.spilled = Some(all);
            }
            Some(all) => all.extend_from_slice(bytes),
        }
        self.len = end;
    }

    fn finish(self) -> ColumnRef {
        match self.spilled {
            None => {
                let mut inline = [0u8; 32];
                inline[0] = self.len as u8;
                inline[1..].copy_from_slice(&self.inline);
                ColumnRef(Repr { inline })
            }
            Some(all) => {
                let key: Arc<[u8]> = all.into();
                ColumnRef(Repr {
                    shared: SharedKey {
                        marker: 0,
                        key: Arc::into_raw(key),
                        zero: 0,
                    },
                })
            }
        }
    }
}

/// Reads a key written by [`KeyBytes`].
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    #[inline]
    fn byte(&mut self) -> u8 {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b
    }

    #[inline]
    fn str(&mut self) -> &'a str {
        let n = match self.byte() {
            0xFF => {
                let (len, rest) = self.0.split_at(8.min(self.0.len()));
                self.0 = rest;
                let mut word = [0u8; 8];
                word[..len.len()].copy_from_slice(len);
                u64::from_le_bytes(word) as usize
            }
            n => usize::from(n),
        };
        let (s, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        debug_assert!(std::str::from_utf8(s).is_ok());
        // SAFETY: a reference's key is private and never changes after
        // `ColumnRef::of` wrote it, and there every string is a whole `&str`,
        // written at the very place this read starts (`KeyBytes::str`), so `s`
        // is exactly that string's bytes.
        unsafe { std::str::from_utf8_unchecked(s) }
    }
}

impl std::fmt::Debug for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ColumnRef")
            .field("qualifier", &self.qualifier())
            .field("name", &self.name())
            .finish()
    }
}

impl PartialEq for ColumnRef {
    fn eq(&self, other: &Self) -> bool {
        // The key bytes encode qualifier and name exactly.
        self.key() == other.key()
    }
}

impl Eq for ColumnRef {}

impl std::hash::Hash for ColumnRef {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(schema: Option<&str>, name: &str) -> Option<Qualifier> {
        Some(Qualifier {
            schema: schema.map(Ident::from),
            name: name.into(),
        })
    }

    #[test]
    fn parts_read_back_for_every_shape_and_length() {
        let long = "x".repeat(300);
        let names = ["", "id", "a_name_of_exactly_twenty", &long];
        for schema in [None, Some("s"), Some(long.as_str())] {
            for table in names {
                for name in names {
                    let c = ColumnRef::new(q(schema, table), name.into());
                    assert_eq!(c.name(), name);
                    assert_eq!(c.table(), Some(table));
                    assert_eq!(c.schema(), schema);
                    assert_eq!(
                        c.key(),
                        &*crate::cache::column_key(q(schema, table).as_ref(), name)
                    );
                    let bare = ColumnRef::new(None, name.into());
                    assert_eq!(
                        (bare.table(), bare.schema(), bare.name()),
                        (None, None, name)
                    );
                    assert_eq!(bare.key(), &*crate::cache::column_key(None, name));
                }
            }
        }
    }

    #[test]
    fn short_references_are_inline_and_expr_does_not_grow() {
        assert_eq!(std::mem::size_of::<ColumnRef>(), 32);
        assert_eq!(std::mem::size_of::<crate::Expr>(), 40);
        let c = ColumnRef::new(q(None, "users"), "created_at".into());
        assert!(c.shared_key().is_none());
        assert_eq!(c.clone(), c);
        let c = ColumnRef::new(q(Some("analytics"), "user_events"), "created_at".into());
        assert!(c.shared_key().is_some());
        let copies = vec![c.clone(); 3];
        drop(c);
        assert!(copies.iter().all(|d| d.name() == "created_at"));
    }

    #[test]
    fn references_differing_anywhere_are_unequal() {
        let a = ColumnRef::new(q(None, "ab"), "c".into());
        let b = ColumnRef::new(q(None, "a"), "bc".into());
        let c = ColumnRef::new(q(Some(""), "ab"), "c".into());
        let d = ColumnRef::new(None, "c".into());
        for (x, y) in [(&a, &b), (&a, &c), (&a, &d), (&b, &d)] {
            assert_ne!(x, y);
        }
    }
}
