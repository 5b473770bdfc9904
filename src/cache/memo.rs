//! A statement's memory of its cache entry.
//!
//! SQLAlchemy memoizes a statement's cache key on the statement object, and its
//! generative methods, which make a new statement, start without it. A [`Select`]
//! (and an `Insert`, `Update`, `Delete` or set operation) does the same: once it
//! has been compiled twice through one cache, it keeps that cache's entry, and
//! later compiles through that cache walk the tree only for its values. Every
//! builder method clears the memo, because it makes a different statement.
//!
//! The first compile only notes the key's hash (one store): most statements are
//! built, compiled once and dropped, and they pay nothing more. The entry is
//! kept from the second compile of the same object on.
//!
//! [`Select`]: crate::Select

use super::Entry;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// What a statement remembers of its cache entry; see the module documentation.
#[doc(hidden)]
#[derive(Default)]
pub struct KeyMemo {
    /// The hash of the key this statement was last compiled under (0: none).
    seen: AtomicU64,
    /// The entry, for the cache with this id, and the key's hash.
    entry: OnceLock<Remembered>,
}

pub(crate) struct Remembered {
    pub(crate) cache: u64,
    /// Read only by the debug build's check that a memoized statement still has
    /// the key it had (`CompileCache::memo_hit`).
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    pub(crate) hash: u64,
    pub(crate) entry: Arc<Entry>,
    /// The statement binds no value and no expanding list, so a hit needs no
    /// walk at all (a statement built once with `bindparam`s, executed many
    /// times).
    pub(crate) valueless: bool,
}

impl KeyMemo {
    /// Forgets everything: the statement is about to change.
    pub(crate) fn clear(&mut self) {
        *self.seen.get_mut() = 0;
        self.entry = OnceLock::new();
    }

    /// The entry remembered for the cache `cache`.
    pub(crate) fn entry_for(&self, cache: u64) -> Option<&Remembered> {
        self.entry.get().filter(|r| r.cache == cache)
    }

    /// Notes that the statement was just compiled under the key with `hash` and
    /// found or made `entry` in cache `cache`; the second time, keeps the entry.
    pub(crate) fn note(&self, cache: u64, hash: u64, entry: &Arc<Entry>, valueless: bool) {
        if self.seen.load(Ordering::Relaxed) != hash {
            self.seen.store(hash, Ordering::Relaxed);
        } else if self.entry.get().is_none() {
            let _ = self.entry.set(Remembered {
                cache,
                hash,
                entry: Arc::clone(entry),
                valueless,
            });
        }
    }
}

impl Clone for KeyMemo {
    /// A clone starts without a memo: it is the clone's own first compile.
    fn clone(&self) -> Self {
        KeyMemo::default()
    }
}

impl PartialEq for KeyMemo {
    /// Memos never make two statements differ.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for KeyMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMemo")
    }
}
