//! The statement compilation cache.
//!
//! Statements that differ only in their values share one compiled form. The key is
//! the statement's structure (the `key` module), compared in full on every lookup (a hash
//! only picks the bucket), so a hash collision can never hand back another
//! statement's SQL. Entries live in a bounded LRU per dialect, split into shards
//! with a lock each: concurrent hits on different shards never wait for each other,
//! and no lock is global.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::cache::CompileCache;
//! use sqlcraft::dialect::GenericDialect;
//! let cache = CompileCache::new(GenericDialect);
//! let t = table("t");
//! // IN lists of different lengths share one entry.
//! let a = cache.compile(&select(t.c("a")).from(&t).filter(t.c("a").in_([1, 2])))?;
//! let b = cache.compile(&select(t.c("a")).from(&t).filter(t.c("a").in_([1, 2, 3])))?;
//! assert_eq!(b.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" IN (?, ?, ?)"#);
//! assert_eq!((a.params.len(), cache.len(), cache.stats().hits), (2, 1, 1));
//! # Ok::<(), sqlcraft::Error>(())
//! ```

mod key;
mod memo;
mod rendering;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use key::column_key;
#[doc(hidden)]
pub use key::KeyWriter;
pub use key::Uncacheable;
#[doc(hidden)]
pub use memo::KeyMemo;
pub(crate) use rendering::Bound;
use rendering::{Rendering, ToCompiledRef, ToValues};

use crate::compile::template::{ListRef, Recorder, Template};
use crate::compile::{Compile, Compiled, CompiledRef, Compiler, ValueSink};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::value::Value;
use lru::LruCache;
use smallvec::SmallVec;
use std::cell::RefCell;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// SQLAlchemy's `query_cache_size` default.
///
/// ```
/// use sqlcraft::cache::{CompileCache, DEFAULT_CAPACITY};
/// use sqlcraft::dialect::GenericDialect;
/// assert_eq!(CompileCache::new(GenericDialect).capacity(), DEFAULT_CAPACITY);
/// ```
pub const DEFAULT_CAPACITY: usize = 500;

const MAX_SHARDS: usize = 16;

/// The key bytes start with their own 64-bit hash; this hasher reads it back
/// instead of hashing the key a second time.
#[derive(Default)]
struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        if let Some(h) = bytes.get(..8) {
            let mut a = [0u8; 8];
            a.copy_from_slice(h);
            self.0 = u64::from_le_bytes(a);
        }
    }
    fn write_usize(&mut self, _len: usize) {}
}

/// One shard: its part of the LRU, and its hits, counted under the shard's lock
/// that a hit takes anyway, so that a hit touches no shared counter.
struct Shard {
    lru: LruCache<Box<[u8]>, Arc<Entry>, BuildHasherDefault<PrehashedHasher>>,
    hits: u64,
}

pub(crate) struct Entry {
    pub(crate) template: Template,
    pub(crate) created: Instant,
}

/// What the cache did for one statement (the echo log's badge).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::cache::{CacheOutcome, CompileCache, Uncacheable};
/// # use sqlcraft::dialect::GenericDialect;
/// let cache = CompileCache::new(GenericDialect);
/// let t = table("t");
/// let (_, first) = cache.compile_traced(&select(t.c("a")).from(&t))?;
/// let (_, second) = cache.compile_traced(&select(t.c("a")).from(&t))?;
/// assert!(matches!(first, CacheOutcome::Miss { .. }));
/// assert!(matches!(second, CacheOutcome::Hit { .. }));
/// let (_, raw) = cache.compile_traced(&text("SELECT 1"))?;
/// assert!(matches!(raw, CacheOutcome::Uncacheable(Uncacheable::Construct(_))));
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CacheOutcome {
    /// Found; compiled this long ago.
    Hit {
        /// Time since the entry was compiled.
        age: Duration,
    },
    /// Not found; compiled and stored, taking this long.
    Miss {
        /// Time the compile took.
        elapsed: Duration,
    },
    /// The statement cannot be cached and was compiled fresh.
    Uncacheable(Uncacheable),
    /// The cache is disabled (capacity 0).
    Disabled,
}

impl std::fmt::Display for CacheOutcome {
    /// SQLAlchemy's echo badge: `[cached since 12.3s ago]`, `[generated in 0.00021s]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheOutcome::Hit { age } => write!(f, "[cached since {:.4}s ago]", age.as_secs_f64()),
            CacheOutcome::Miss { elapsed } => {
                write!(f, "[generated in {:.5}s]", elapsed.as_secs_f64())
            }
            CacheOutcome::Uncacheable(_) => f.write_str("[uncacheable]"),
            CacheOutcome::Disabled => f.write_str("[caching disabled]"),
        }
    }
}

/// Counters of a [`CompileCache`].
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::cache::{CacheStats, CompileCache};
/// use sqlcraft::dialect::GenericDialect;
/// let cache = CompileCache::new(GenericDialect);
/// let t = table("t");
/// for id in 0..3 {
///     cache.compile(&select(t.c("a")).from(&t).filter(t.c("id").eq(id)))?;
/// }
/// cache.compile(&text("SELECT 1"))?;
/// assert_eq!(cache.stats(), CacheStats { hits: 2, misses: 1, evictions: 0, uncacheable: 1, len: 1 });
/// # Ok::<(), sqlcraft::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that compiled and stored a new entry.
    pub misses: u64,
    /// Entries dropped to make room.
    pub evictions: u64,
    /// Statements compiled fresh because they cannot be cached.
    pub uncacheable: u64,
    /// Entries held now.
    pub len: usize,
}

/// A bounded LRU of compiled statements for one dialect.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::cache::CompileCache;
/// use sqlcraft::dialect::GenericDialect;
///
/// let cache = CompileCache::new(GenericDialect);
/// let users = table("users");
/// let q = |id: i64| select(users.c("name")).from(&users).filter(users.c("id").eq(id));
/// let a = cache.compile(&q(1)).unwrap();
/// let b = cache.compile(&q(2)).unwrap();
/// assert_eq!(a.sql, b.sql);
/// assert_eq!(b.values().unwrap(), vec![Value::Int(2)]);
/// let stats = cache.stats();
/// assert_eq!((stats.misses, stats.hits), (1, 1));
/// ```
pub struct CompileCache<D: Dialect + ?Sized> {
    dialect: Arc<D>,
    shards: Box<[Mutex<Shard>]>,
    capacity: usize,
    /// Tells this cache's entries apart in statements' memos.
    id: u64,
    /// Hits through a statement's memo, which take no shard lock.
    memo_hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    uncacheable: AtomicU64,
}

/// A thread's buffers for the key walk, kept between statements so that a hit
/// allocates nothing for its key or its list of values.
#[derive(Default)]
struct Scratch {
    key: Vec<u8>,
    /// Empty between walks; `'static` only because they hold nothing.
    values: Vec<&'static crate::value::Value>,
    lists: Vec<ListRef<'static>>,
}

/// Ids for caches, never reused (0 is none).
static NEXT_CACHE_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static KEY_SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        key: Vec::with_capacity(1024),
        values: Vec::with_capacity(16),
        lists: Vec::new(),
    });
}

/// Runs `f` with a key writer made from this thread's scratch buffers, and keeps
/// them for the next statement. A writer that writes key bytes starts with the
/// 8 bytes the hash goes into.
fn with_writer<'s, const KEY: bool, R>(f: impl FnOnce(&mut KeyWriter<'s, KEY>) -> R) -> R {
    KEY_SCRATCH.with(|scratch| {
        let Scratch {
            mut key,
            values,
            lists,
        } = std::mem::take(&mut *scratch.borrow_mut());
        key.clear();
        if KEY {
            key.extend_from_slice(&[0u8; 8]);
        }
        let mut w = KeyWriter::with_scratch(key, values, lists);
        let result = f(&mut w);
        let KeyWriter {
            buf, values, lists, ..
        } = w;
        *scratch.borrow_mut() = Scratch {
            key: buf,
            values: recycle(values),
            lists: recycle_lists(lists),
        };
        result
    })
}

/// Debug builds (every test run) check that a memoized statement still has the
/// key it had when its memo was made: a builder method that forgot to clear the
/// memo fails here instead of rendering another statement's SQL.
#[cfg_attr(not(debug_assertions), allow(unused_variables))]
fn check_memo<S: Compile + ?Sized>(stmt: &S, remembered: &memo::Remembered) {
    #[cfg(debug_assertions)]
    {
        let mut w = KeyWriter::<true>::new(vec![0u8; 8]);
        if stmt.write_cache_key(&mut w).is_ok() {
            assert_eq!(
                key_hash(&w.buf),
                remembered.hash,
                "a statement changed after its cache entry was memoized"
            );
        }
    }
}

/// The hash of a key written after its 8-byte hash slot.
///
/// foldhash, where the rest of the crate hashes with `FxHasher`: a key is a few
/// hundred bytes, and foldhash folds long inputs in six independent lanes where
/// `FxHasher` runs two, so the hash of a B2-sized key takes about half the time.
fn key_hash(key: &[u8]) -> u64 {
    let mut hasher = foldhash::fast::FixedState::with_seed(KEY_HASH_SEED).build_hasher();
    hasher.write(&key[8..]);
    hasher.finish()
}

/// Any constant does; the key's bytes carry all the variety.
const KEY_HASH_SEED: u64 = 0x5ec1_c0de_2026_0001;

/// Which of `n` shards (1 ≤ n ≤ u32::MAX) holds the key with this hash.
///
/// Multiply-shift maps bits 16..48 of the hash onto 0..n without a division (a
/// `div` is a few percent of a B1 hit). Those bits are neither the low bits that
/// pick the LRU's bucket nor the top seven it keeps as tags, so every shard's
/// table still sees fully spread hashes.
fn shard_index(hash: u64, n: usize) -> usize {
    let bits = u64::from((hash >> 16) as u32);
    ((bits * n as u64) >> 32) as usize
}

/// Empties `values` and keeps its allocation for the next walk.
fn recycle<T: ?Sized>(mut values: Vec<&T>) -> Vec<&'static T> {
    values.clear();
    let mut values = std::mem::ManuallyDrop::new(values);
    // SAFETY: the vector is empty, so no reference of the shorter lifetime
    // survives; `&T` and `&'static T` differ in lifetime only, so the
    // allocation's layout is the same. (Collecting the empty vector into the
    // new type keeps the allocation too, but is not free: a few percent of a
    // B2 cache hit.)
    unsafe {
        Vec::from_raw_parts(
            values.as_mut_ptr().cast::<&'static T>(),
            0,
            values.capacity(),
        )
    }
}

/// [`recycle`] for the open lists.
fn recycle_lists(mut lists: Vec<ListRef<'_>>) -> Vec<ListRef<'static>> {
    lists.clear();
    let mut lists = std::mem::ManuallyDrop::new(lists);
    // SAFETY: as in `recycle`: empty, and `ListRef<'_>` differs from
    // `ListRef<'static>` in lifetime only.
    unsafe {
        Vec::from_raw_parts(
            lists.as_mut_ptr().cast::<ListRef<'static>>(),
            0,
            lists.capacity(),
        )
    }
}

impl<D: Dialect> CompileCache<D> {
    /// A cache of [`DEFAULT_CAPACITY`] entries.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft_postgres::Postgres;
    /// let cache = CompileCache::new(Postgres);
    /// let t = table("t");
    /// let c = cache.compile(&select(t.c("a")).from(&t).filter(t.c("a").eq(1)))?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = $1"#);
    /// assert_eq!(cache.len(), 1);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn new(dialect: D) -> Self {
        Self::with_capacity(dialect, DEFAULT_CAPACITY)
    }

    /// A cache of `capacity` entries; 0 disables caching.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::{CacheOutcome, CompileCache};
    /// use sqlcraft::dialect::GenericDialect;
    /// let off = CompileCache::with_capacity(GenericDialect, 0);
    /// let t = table("t");
    /// let (c, outcome) = off.compile_traced(&select(t.c("a")).from(&t))?;
    /// assert_eq!(c.sql, r#"SELECT "t"."a" FROM "t""#);
    /// assert_eq!(outcome, CacheOutcome::Disabled);
    /// assert!(off.is_empty());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn with_capacity(dialect: D, capacity: usize) -> Self {
        Self::with_shards(dialect, capacity, MAX_SHARDS)
    }

    /// A cache of `capacity` entries in `shards` independently locked parts (at
    /// least one, at most one per entry). Each shard evicts its own least recently
    /// used entry; one shard gives exact LRU order over the whole cache.
    ///
    /// With one shard, the least recently used entry goes first:
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// # use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::with_shards(GenericDialect, 2, 1);
    /// let (a, b, c) = (table("a"), table("b"), table("c"));
    /// // "c" evicts "b", the least recently used; the last "a" is a hit.
    /// for t in [&a, &b, &a, &c, &a] {
    ///     cache.compile(&select(t.c("x")).from(t))?;
    /// }
    /// let s = cache.stats();
    /// assert_eq!((s.misses, s.hits, s.evictions, s.len), (3, 2, 1, 2));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn with_shards(dialect: D, capacity: usize, shards: usize) -> Self {
        Self::shared(Arc::new(dialect), capacity, shards)
    }
}

impl<D: Dialect + ?Sized> CompileCache<D> {
    /// A cache for a shared, possibly unsized dialect (`Arc<dyn Dialect>`), as the
    /// engine holds it.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::Dialect;
    /// let dialect: Arc<dyn Dialect> = Arc::new(sqlcraft_sqlite::Sqlite);
    /// let cache = CompileCache::shared(dialect, 100, 4);
    /// assert_eq!(cache.dialect().name(), "sqlite");
    /// let t = table("t");
    /// assert_eq!(cache.compile(&select(t.c("a")).from(&t).offset(2))?.sql, r#"SELECT "t"."a" FROM "t" LIMIT -1 OFFSET ?"#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn shared(dialect: Arc<D>, capacity: usize, shards: usize) -> Self {
        // At most u32::MAX shards, so that `shard` can pick one by multiply-shift.
        let n = shards.clamp(1, capacity.max(1)).min(u32::MAX as usize);
        let shards: Vec<Mutex<Shard>> = (0..n)
            .map(|i| {
                // Spread the capacity so that the shards add up to it exactly.
                let cap = capacity / n + usize::from(i < capacity % n);
                let cap = NonZeroUsize::new(cap).unwrap_or(NonZeroUsize::MIN);
                Mutex::new(Shard {
                    lru: LruCache::with_hasher(cap, BuildHasherDefault::default()),
                    hits: 0,
                })
            })
            .collect();
        CompileCache {
            dialect,
            shards: shards.into_boxed_slice(),
            capacity,
            id: NEXT_CACHE_ID.fetch_add(1, Ordering::Relaxed),
            memo_hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
            uncacheable: AtomicU64::new(0),
        }
    }

    /// The dialect.
    ///
    /// ```
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::Dialect;
    /// use sqlcraft_mysql::MySql;
    /// let cache = CompileCache::new(MySql::mysql8());
    /// assert_eq!(cache.dialect().name(), "mysql");
    /// ```
    pub fn dialect(&self) -> &D {
        &self.dialect
    }

    /// The configured capacity.
    ///
    /// ```
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// assert_eq!(CompileCache::with_capacity(GenericDialect, 64).capacity(), 64);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn shard(&self, hash: u64) -> MutexGuard<'_, Shard> {
        let i = shard_index(hash, self.shards.len());
        // A panic while holding a shard cannot leave the LRU half-updated in a way
        // that matters here: poisoned shards are used as they are.
        self.shards[i].lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Compiles `stmt`, through the cache when it can be cached.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let c = cache.compile(&insert(&t).value("a", 1))?;
    /// assert_eq!(c, insert(&t).value("a", 1).compile(&GenericDialect)?);
    /// assert_eq!(cache.compile(&insert(&t).value("a", 2))?.values()?, vec![Value::Int(2)]);
    /// assert_eq!((cache.stats().misses, cache.stats().hits), (1, 1));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn compile<S: Compile + ?Sized>(&self, stmt: &S) -> Result<Compiled> {
        if self.capacity == 0 {
            // Straight to the owned form, not through a shared one and back.
            return stmt.compile(&*self.dialect);
        }
        self.compile_ref(stmt).map(CompiledRef::into_owned)
    }

    /// Compiles `stmt` and says what the cache did.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::{CacheOutcome, CompileCache};
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let (c, outcome) = cache.compile_traced(&delete(&t).filter(t.c("id").eq(1)))?;
    /// assert_eq!(c.sql, r#"DELETE FROM "t" WHERE "t"."id" = ?"#);
    /// assert!(matches!(outcome, CacheOutcome::Miss { .. }));
    /// assert!(outcome.to_string().starts_with("[generated in "));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn compile_traced<S: Compile + ?Sized>(
        &self,
        stmt: &S,
    ) -> Result<(Compiled, CacheOutcome)> {
        let (c, outcome) = self.compile_ref_traced(stmt)?;
        Ok((c.into_owned(), outcome))
    }

    /// Compiles `stmt` with its values borrowed from it and the SQL shared with
    /// the cache entry: a hit copies nothing. The engine's path.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let (q1, q2) = (select(t.c("a")).from(&t).filter(t.c("a").eq(1)), select(t.c("a")).from(&t).filter(t.c("a").eq(2)));
    /// let (c1, c2) = (cache.compile_ref(&q1)?, cache.compile_ref(&q2)?);
    /// assert!(std::sync::Arc::ptr_eq(&c1.sql, &c2.sql)); // one SQL string, shared
    /// assert_eq!(c2.values()?, vec![&Value::Int(2)]);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn compile_ref<'s, S: Compile + ?Sized>(&self, stmt: &'s S) -> Result<CompiledRef<'s>> {
        // No badge wanted: the clock is not read.
        self.compile_ref_inner(stmt, &[], false).map(|(c, _)| c)
    }

    /// As [`CompileCache::compile_ref`], saying what the cache did.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::{CacheOutcome, CompileCache};
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t);
    /// let (_, first) = cache.compile_ref_traced(&q)?;
    /// let (c, second) = cache.compile_ref_traced(&q)?;
    /// assert!(matches!((first, second), (CacheOutcome::Miss { .. }, CacheOutcome::Hit { .. })));
    /// assert_eq!(&*c.sql, r#"SELECT "t"."a" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn compile_ref_traced<'s, S: Compile + ?Sized>(
        &self,
        stmt: &'s S,
    ) -> Result<(CompiledRef<'s>, CacheOutcome)> {
        self.compile_ref_inner(stmt, &[], true)
    }

    /// As [`CompileCache::compile_ref`], with the lists of the statement's
    /// expanding parameters ([`Expr::expanding`](crate::Expr::expanding)) from
    /// `named`: statements that differ only in their lengths share one entry.
    /// Other entries of `named` are left for [`CompiledRef::bind`].
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft_postgres::Postgres;
    /// let cache = CompileCache::new(Postgres);
    /// let t = table("t");
    /// let q = select(t.c("a")).from(&t).filter(t.c("id").in_(bindparam("ids").expanding()));
    /// for n in 1..=3 {
    ///     let named = [("ids", Value::list(0..n))];
    ///     let c = cache.compile_ref_with(&q, &named)?;
    ///     assert_eq!(c.bind(&named)?.len(), n as usize);
    /// }
    /// let named = [("ids", Value::list([7, 8]))];
    /// let c = cache.compile_ref_with(&q, &named)?;
    /// assert_eq!(&*c.sql, r#"SELECT "t"."a" FROM "t" WHERE "t"."id" IN ($1, $2)"#);
    /// assert_eq!((cache.stats().misses, cache.stats().hits), (1, 3));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn compile_ref_with<'s, S: Compile + ?Sized>(
        &self,
        stmt: &'s S,
        named: &'s [(&'s str, Value)],
    ) -> Result<CompiledRef<'s>> {
        self.compile_ref_inner(stmt, named, false).map(|(c, _)| c)
    }

    pub(crate) fn compile_ref_inner<'s, S: Compile + ?Sized>(
        &self,
        stmt: &'s S,
        named: &'s [(&'s str, Value)],
        timed: bool,
    ) -> Result<(CompiledRef<'s>, CacheOutcome)> {
        self.compile_as(stmt, named, timed, ToCompiledRef)
    }

    /// The engine's compile: the SQL with the values pushed to `out` where the
    /// entry allows ([`Bound::Sql`]), else a [`CompiledRef`] to bind from, as
    /// [`CompileCache::compile_ref_inner`] gives.
    pub(crate) fn compile_bound<'s, S: Compile + ?Sized>(
        &self,
        stmt: &'s S,
        named: &'s [(&'s str, Value)],
        timed: bool,
        out: &mut SmallVec<[&'s Value; 16]>,
    ) -> Result<(Bound<'s>, CacheOutcome)> {
        self.compile_as(stmt, named, timed, ToValues { named, out })
    }

    // Inlined into each entry point: one call layer more moved the result
    // through the stack once more (M3, +8 ns a hit).
    #[inline(always)]
    fn compile_as<'s, S: Compile + ?Sized, R: Rendering<'s>>(
        &self,
        stmt: &'s S,
        named: &'s [(&'s str, Value)],
        timed: bool,
        mut rendering: R,
    ) -> Result<(R::Out, CacheOutcome)> {
        let dialect: &D = &self.dialect;
        if self.capacity == 0 {
            let c = stmt.compile_with(dialect, named)?;
            return Ok((R::fresh(c), CacheOutcome::Disabled));
        }
        let start = timed.then(Instant::now);
        if let Some(remembered) = stmt.key_memo().and_then(|m| m.entry_for(self.id)) {
            if let Some(hit) = self.memo_hit(stmt, remembered, start, &mut rendering) {
                // A memoized statement has no expanding parameter: any list
                // is for a name it does not have.
                crate::compile::check_lists_used(named, &[])?;
                return hit;
            }
        }
        with_writer(|w: &mut KeyWriter<'s>| {
            w.named = named;
            match stmt.write_cache_key(w) {
                Err(reason @ (Uncacheable::Invalid | Uncacheable::TooDeep)) => {
                    // Compiling fresh reports the builder error or the depth limit.
                    stmt.compile_with(dialect, named)
                        .map(|c| (R::fresh(c), CacheOutcome::Uncacheable(reason)))
                }
                Err(reason) => {
                    self.uncacheable.fetch_add(1, Ordering::Relaxed);
                    stmt.compile_with(dialect, named)
                        .map(|c| (R::fresh(c), CacheOutcome::Uncacheable(reason)))
                }
                // Without lists there is nothing to check: the lookup's result
                // is returned as it is, not moved again.
                Ok(()) if named.is_empty() => self.lookup(stmt, w, start, rendering),
                Ok(()) => {
                    // After compiling, which reports a list out of place first.
                    let compiled = self.lookup(stmt, w, start, rendering)?;
                    crate::compile::check_lists_used(named, &w.expanded)?;
                    Ok(compiled)
                }
            }
        })
    }

    /// A hit through the statement's memo: its values are walked (when it has
    /// any), its key is not. `None` if the walk stops, which an unchanged statement whose key was
    /// walked before cannot do; the caller then takes the whole path.
    fn memo_hit<'s, S: Compile + ?Sized, R: Rendering<'s>>(
        &self,
        stmt: &'s S,
        remembered: &memo::Remembered,
        start: Option<Instant>,
        rendering: &mut R,
    ) -> Option<Result<(R::Out, CacheOutcome)>> {
        check_memo(stmt, remembered);
        let entry = &remembered.entry;
        let hit = |compiled| {
            self.memo_hits.fetch_add(1, Ordering::Relaxed);
            let age = start.map_or(Duration::ZERO, |_| entry.created.elapsed());
            (compiled, CacheOutcome::Hit { age })
        };
        if remembered.valueless {
            // Nothing to collect: no walk.
            return Some(
                rendering
                    .render(&entry.template, &*self.dialect, &[], &[])
                    .map(hit),
            );
        }
        with_writer(|w: &mut KeyWriter<'s, false>| {
            stmt.write_cache_key(w).ok()?;
            Some(
                rendering
                    .render(&entry.template, &*self.dialect, &w.values, &w.lists)
                    .map(hit),
            )
        })
    }

    /// The engine's path for a statement that binds no value of its own (every
    /// parameter a `bindparam`: SQLAlchemy's way to run one statement many
    /// times) and whose memo holds this cache's entry: its SQL, with `named`'s
    /// values pushed to `out` in placeholder order, and no `CompiledRef` made.
    /// The SQL is borrowed from the entry the statement's memo holds, which
    /// stays while the statement is borrowed (clearing a memo takes the
    /// statement mutably): no reference count is touched. `None` where that does not
    /// apply; the caller compiles as usual.
    pub(crate) fn bind_memoized<'s, 'v, S: Compile + ?Sized>(
        &self,
        stmt: &'s S,
        named: &'v [(&str, Value)],
        out: &mut impl ValueSink<'v>,
        timed: bool,
    ) -> Option<Result<(&'s str, CacheOutcome)>> {
        if self.capacity == 0 {
            return None;
        }
        let remembered = stmt.key_memo()?.entry_for(self.id)?;
        if !remembered.valueless {
            return None;
        }
        check_memo(stmt, remembered);
        if let Err(e) = crate::compile::check_lists_used(named, &[]) {
            return Some(Err(e));
        }
        let entry = &remembered.entry;
        let bound = entry.template.bind_named(&*self.dialect, named, out)?;
        self.memo_hits.fetch_add(1, Ordering::Relaxed);
        let age = if timed {
            entry.created.elapsed()
        } else {
            Duration::ZERO
        };
        Some(bound.map(|sql| (sql, CacheOutcome::Hit { age })))
    }

    #[inline(always)]
    fn lookup<'s, S: Compile + ?Sized, R: Rendering<'s>>(
        &self,
        stmt: &'s S,
        w: &mut KeyWriter<'s>,
        start: Option<Instant>,
        mut rendering: R,
    ) -> Result<(R::Out, CacheOutcome)> {
        let dialect: &D = &self.dialect;
        let hash = key_hash(&w.buf);
        w.buf[..8].copy_from_slice(&hash.to_le_bytes());
        {
            let mut shard = self.shard(hash);
            let shard = &mut *shard;
            if let Some(entry) = shard.lru.get(&w.buf[..]) {
                // Rendered under the shard's lock: a few hundred instructions,
                // cheaper than sharing the entry out of it.
                shard.hits += 1;
                if let Some(memo) = stmt.key_memo().filter(|_| w.expanded.is_empty()) {
                    memo.note(
                        self.id,
                        hash,
                        entry,
                        w.values.is_empty() && w.lists.is_empty(),
                    );
                }
                let age = start.map_or(Duration::ZERO, |_| entry.created.elapsed());
                // Mapped, not taken apart with `?` and put together again: each
                // such move of the result is a copy through the stack.
                return rendering
                    .render(&entry.template, dialect, &w.values, &w.lists)
                    .map(|compiled| (compiled, CacheOutcome::Hit { age }));
            }
        }
        let make =
            || Compiler::recording(dialect, Recorder::new(&w.values, &w.lists)).with_named(w.named);
        let mut c = make();
        c.compile_passes(stmt, make)?;
        let Some(template) = c.into_template() else {
            self.uncacheable.fetch_add(1, Ordering::Relaxed);
            return stmt.compile_with(dialect, w.named).map(|c| {
                (
                    R::fresh(c),
                    CacheOutcome::Uncacheable(Uncacheable::Construct(
                        "values made while compiling",
                    )),
                )
            });
        };
        let template = template.freeze(dialect);
        let compiled = rendering.render(&template, dialect, &w.values, &w.lists)?;
        self.misses.fetch_add(1, Ordering::Relaxed);
        let entry = Arc::new(Entry {
            template,
            created: Instant::now(),
        });
        if let Some(memo) = stmt.key_memo().filter(|_| w.expanded.is_empty()) {
            memo.note(
                self.id,
                hash,
                &entry,
                w.values.is_empty() && w.lists.is_empty(),
            );
        }
        let key: Box<[u8]> = w.buf.as_slice().into();
        if let Some((old_key, _)) = self.shard(hash).lru.push(key, entry) {
            if *old_key != w.buf[..] {
                self.evictions.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok((
            compiled,
            CacheOutcome::Miss {
                elapsed: start.map_or(Duration::ZERO, |s| s.elapsed()),
            },
        ))
    }

    /// The counters.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// cache.compile(&select(t.c("a")).from(&t))?;
    /// cache.compile(&select(t.c("a")).from(&t))?;
    /// cache.compile(&select(t.c("b")).from(&t))?;
    /// let s = cache.stats();
    /// assert_eq!((s.hits, s.misses, s.len), (1, 2, 2));
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.memo_hits.load(Ordering::Relaxed)
                + self
                    .shards
                    .iter()
                    .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).hits)
                    .sum::<u64>(),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            uncacheable: self.uncacheable.load(Ordering::Relaxed),
            len: self.len(),
        }
    }

    /// Entries held now.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// let t = table("t");
    /// cache.compile(&select(t.c("a")).from(&t).filter(t.c("a").eq(1)))?;
    /// cache.compile(&select(t.c("a")).from(&t).filter(t.c("a").eq(2)))?; // same shape
    /// cache.compile(&text("SELECT 1"))?; // never stored
    /// assert_eq!(cache.len(), 1);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).lru.len())
            .sum()
    }

    /// Whether the cache holds no entry.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// assert!(cache.is_empty());
    /// cache.compile(&select(lit(1)))?;
    /// assert!(!cache.is_empty());
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Approximate heap bytes held by the entries (keys and templates).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// assert_eq!(cache.heap_size(), 0);
    /// let t = table("t");
    /// cache.compile(&select(t.c("a")).from(&t))?;
    /// assert!(cache.heap_size() > r#"SELECT "t"."a" FROM "t""#.len());
    /// cache.clear();
    /// assert_eq!(cache.heap_size(), 0);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn heap_size(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                let s = s.lock().unwrap_or_else(|p| p.into_inner());
                s.lru
                    .iter()
                    .map(|(k, e)| k.len() + e.template.heap_size() + std::mem::size_of::<Entry>())
                    .sum::<usize>()
            })
            .sum()
    }

    /// Drops every entry (the counters stay).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft::cache::CompileCache;
    /// use sqlcraft::dialect::GenericDialect;
    /// let cache = CompileCache::new(GenericDialect);
    /// cache.compile(&select(lit(1)))?;
    /// cache.clear();
    /// assert!(cache.is_empty());
    /// assert_eq!(cache.stats().misses, 1); // the counters stay
    /// cache.compile(&select(lit(1)))?;
    /// assert_eq!(cache.stats().misses, 2);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn clear(&self) {
        for s in self.shards.iter() {
            s.lock().unwrap_or_else(|p| p.into_inner()).lru.clear();
        }
    }
}

impl<D: Dialect + std::fmt::Debug + ?Sized> std::fmt::Debug for CompileCache<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileCache")
            .field("dialect", &self.dialect)
            .field("capacity", &self.capacity)
            .field("stats", &self.stats())
            .finish()
    }
}
