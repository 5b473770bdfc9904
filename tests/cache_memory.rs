//! The compile cache's memory bound and its use from many threads.
//!
//! A counting global allocator (wrapping `System`) tracks live heap bytes, counted
//! only on a thread that asks for it, so that other tests running at the same time
//! in this binary do not disturb the figures.

use sqlcraft::cache::{CacheOutcome, CompileCache};
use sqlcraft::prelude::*;
use sqlcraft_postgres::Postgres;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    static TRACK: Cell<bool> = const { Cell::new(false) };
}

fn tracking() -> bool {
    TRACK.try_with(Cell::get).unwrap_or(false)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() && tracking() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() && tracking() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        if tracking() {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() && tracking() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Live bytes allocated (and not freed) by this thread since it started tracking.
fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------------------
// The statements of statements.md
// ---------------------------------------------------------------------------

struct Schema {
    users: Table,
    orders: Table,
    addresses: Table,
}

fn schema() -> Schema {
    let mut meta = MetaData::new();
    let users = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::Text);
            t.column("email", SqlType::Text);
            t.column("status", SqlType::Text);
            t.column("country", SqlType::Text);
            t.column("created_at", SqlType::datetime());
        })
        .unwrap();
    let orders = meta
        .table("orders", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("total", SqlType::Numeric(12, 2));
            t.column("status", SqlType::Text);
            t.column("created_at", SqlType::datetime());
        })
        .unwrap();
    let addresses = meta
        .table("addresses", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("city", SqlType::Text);
        })
        .unwrap();
    Schema {
        users,
        orders,
        addresses,
    }
}

fn b1(s: &Schema, id: i64) -> Select {
    let u = &s.users;
    select((u.c("id"), u.c("name")))
        .from(u)
        .filter(u.c("id").eq(id))
}

/// B2 with `n_status` statuses in its IN list, its own LIMIT/OFFSET, and the
/// count labelled `label` (a distinct label is a distinct cache shape).
fn b2(s: &Schema, n: i64, n_status: usize, label: &str) -> Select {
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);
    let statuses: Vec<String> = (0..n_status)
        .map(|i| format!("status{}", n + i as i64))
        .collect();
    let order_count = func::count(o.c("id")).label(label);
    let revenue = func::sum(o.c("total")).label("revenue");
    select((
        u.c("id"),
        u.c("name"),
        u.c("email"),
        &order_count,
        &revenue,
        a.c("city"),
    ))
    .from(
        u.join(o, o.c("user_id").eq(u.c("id")))
            .left_join(a, a.c("user_id").eq(u.c("id"))),
    )
    .filter(u.c("status").in_(statuses))
    .filter(
        u.c("name")
            .like("a%")
            .or(u.c("email").like("%@example.com")),
    )
    .filter(o.c("created_at").ge("2024-01-01 00:00:00"))
    .filter(o.c("total").gt(n as f64))
    .group_by((u.c("id"), u.c("name"), u.c("email"), a.c("city")))
    .having(order_count.expr().gt(n % 7))
    .order_by((revenue.desc(), u.c("name").asc()))
    .limit(n % 100 + 1)
    .offset(n)
}

fn b5(s: &Schema, n: i64) -> Select {
    let (u, o, a) = (&s.users, &s.orders, &s.addresses);
    let recent = select((
        o.c("user_id").label("user_id"),
        func::sum(o.c("total")).label("spent"),
    ))
    .from(o)
    .filter(o.c("created_at").ge(format!("2024-01-{:02}", n % 28 + 1)))
    .group_by(o.c("user_id"))
    .cte("recent");
    let tier = case()
        .when(recent.c("spent").gt(n as f64 * 10.0), "gold")
        .when(recent.c("spent").gt(n as f64), "silver")
        .else_("bronze")
        .label("tier");
    let country_rank = func::rank()
        .over(
            WindowSpec::new()
                .partition_by(u.c("country"))
                .order_by(recent.c("spent").desc()),
        )
        .label("country_rank");
    select((
        u.c("id"),
        u.c("name"),
        recent.c("spent"),
        tier,
        &country_rank,
    ))
    .from(u.join(&recent, recent.c("user_id").eq(u.c("id"))))
    .filter(exists(
        select(lit(1))
            .from(a)
            .filter(a.c("user_id").eq(u.c("id")))
            .filter(a.c("city").eq(format!("city{n}"))),
    ))
    .order_by(OrderBy::new(country_rank.reference()))
}

/// One distinct B2-sized shape per `n`; all of one size (fixed-width label).
fn b2_shape(s: &Schema, n: usize) -> Select {
    b2(s, n as i64, 5, &format!("order_count_{n:07}"))
}

// ---------------------------------------------------------------------------

const MIB: isize = 1024 * 1024;

#[test]
fn a_full_cache_of_b2_shapes_is_small_and_stays_flat() {
    let s = schema();
    TRACK.with(|t| t.set(true));
    let base = live();
    let cache = CompileCache::new(Postgres);
    assert_eq!(cache.capacity(), 500);
    // 500 distinct shapes, then more until every shard is full (the shards evict
    // on their own, so 500 shapes leave some room).
    let mut n = 0;
    while n < 500 || cache.len() < cache.capacity() {
        cache.compile(&b2_shape(&s, n)).unwrap();
        n += 1;
    }
    let full = live() - base;
    let heap_size = cache.heap_size();
    assert_eq!(cache.len(), 500);
    println!(
        "full cache: {} entries after {n} shapes, live heap {full} B ({:.3} MiB), heap_size() {heap_size} B",
        cache.len(),
        full as f64 / MIB as f64
    );
    assert!(
        full < 2 * MIB,
        "a full 500-entry cache of B2 shapes holds {full} B of live heap (limit 2 MiB)"
    );
    // heap_size() is an estimate of the same heap: it must be within a factor 2.
    assert!(
        (heap_size as isize) * 2 > full && (heap_size as isize) < full * 2,
        "heap_size() {heap_size} B is far from the live heap {full} B"
    );

    // 100,000 more distinct shapes: every one a miss that evicts one entry.
    let mut worst = 0isize;
    let mut halfway = 0isize;
    let mut last = 0isize;
    for i in 0..100_000 {
        cache.compile(&b2_shape(&s, n + i)).unwrap();
        if i % 10_000 == 9_999 {
            let now = live() - base;
            worst = worst.max((now - full).abs());
            if i + 1 == 50_000 {
                halfway = now;
            }
            last = now;
            println!(
                "after {:>6} more shapes: live heap {now} B ({:+} B)",
                i + 1,
                now - full
            );
        }
    }
    TRACK.with(|t| t.set(false));
    let st = cache.stats();
    assert_eq!(st.len, 500);
    assert_eq!(st.misses, (n + 100_000) as u64);
    assert_eq!(st.evictions, st.misses - 500);
    assert_eq!(st.hits, 0);
    // Flat: the shapes are all one size. The only growth allowed is bounded and
    // one-time (each shard's hash table may double once under the tombstones of
    // evictions: 16 x 64 buckets x 17 B = 17,408 B): within 5% of the full cache,
    // and no trend over the second half of the run.
    assert!(
        worst <= full / 20,
        "the live heap drifted by {worst} B from {full} B while shapes went through"
    );
    assert!(
        (last - halfway).abs() <= full / 200,
        "the live heap still moves: {halfway} B after 50,000 shapes, {last} B after 100,000"
    );
}

/// What thread `t` compiles at step `i`: B1, B2 or B5 with varying values (and
/// B2 with IN lists of 1 to 5 items), or one of 40 distinct B2 shapes.
fn mixed(s: &Schema, t: usize, i: usize) -> Select {
    let n = (t * 100_003 + i * 7) as i64;
    match i % 5 {
        0 | 1 => b1(s, n),
        2 => b2(s, n, 1 + (t + i) % 5, "order_count"),
        3 => b5(s, n),
        _ => b2(s, n, 5, &format!("shape{}", (t * 13 + i) % 40)),
    }
}

fn run_threads(cache: &Arc<CompileCache<Postgres>>, threads: usize, per_thread: usize) {
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let cache = Arc::clone(cache);
            std::thread::spawn(move || {
                let s = schema();
                for i in 0..per_thread {
                    let q = mixed(&s, t, i);
                    let (cached, outcome) = cache.compile_traced(&q).unwrap();
                    assert!(
                        matches!(
                            outcome,
                            CacheOutcome::Hit { .. } | CacheOutcome::Miss { .. }
                        ),
                        "{outcome:?}"
                    );
                    let fresh = q.compile(&Postgres).unwrap();
                    assert_eq!(cached, fresh, "thread {t}, statement {i}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn eight_threads_share_one_cache() {
    const THREADS: usize = 8;
    const EACH: usize = 2_000;
    // 1 (B1) + 1 (B2) + 1 (B5) + 40 labelled B2 shapes.
    const SHAPES: u64 = 43;

    let cache = Arc::new(CompileCache::new(Postgres));
    run_threads(&cache, THREADS, EACH);
    let st = cache.stats();
    println!("default capacity: {st:?}");
    assert_eq!(st.hits + st.misses, (THREADS * EACH) as u64);
    assert_eq!(st.uncacheable, 0);
    // Two threads may miss the same new shape at once; both count a miss and the
    // second replaces the first's entry (not an eviction).
    assert!(st.misses >= SHAPES, "{st:?}");
    assert!(st.len as u64 <= SHAPES && st.len + st.evictions as usize <= st.misses as usize);
    assert!(st.len <= cache.capacity());

    // A cache smaller than the working set: evictions race with hits.
    let small = Arc::new(CompileCache::with_capacity(Postgres, 16));
    run_threads(&small, THREADS, EACH);
    let st = small.stats();
    println!("capacity 16: {st:?}");
    assert_eq!(st.hits + st.misses, (THREADS * EACH) as u64);
    assert_eq!(st.uncacheable, 0);
    assert!(st.len <= 16, "{st:?}");
    assert!(st.evictions > 0, "{st:?}");
    assert!(
        st.len + st.evictions as usize <= st.misses as usize,
        "{st:?}"
    );
}
