//! Compile benchmarks M1–M3 of `/work/shared/bench/statements.md`, sqlcraft and
//! sea-query side by side in one run, plus a memory check of the compile cache.
//!
//!     cargo bench --bench compile                 # everything (a few minutes)
//!     cargo bench --bench compile -- --quick      # shorter measurements
//!     cargo bench --bench compile -- B2_postgresql  # a criterion filter
//!
//! * M1: build the tree and render SQL + parameters without a cache, against
//!   sea-query building the same statement and calling `.build(..QueryBuilder)`.
//! * M2: build the tree and compile through a warm `CompileCache` (values
//!   extracted, in placeholder order, as references into the tree:
//!   `cache.compile_ref`, the engine's path), against the same sea-query figure.
//!   `M2_sqlcraft_warm_cache_owned` (information) copies them out instead
//!   (`cache.compile`, an owned `Compiled`).
//! * M3: `cache.compile_ref(&b2)` on a tree built outside the timed loop, against
//!   our own fresh render of that tree (`b2.compile(&dialect)`). The M3 row is
//!   `cache_hit_key_walk`: each timed compile is that tree's first (a clone made
//!   outside the timing), so the whole key is walked and looked up; its peer,
//!   `fresh_render_fresh_tree`, renders clones made the same way (the one tree
//!   rendered again and again, `fresh_render`, sits in the L1 cache). `M3m`
//!   (information) is `cache_hit`: the same tree compiled again and again, which
//!   from its second compile on keeps its entry and walks only its values (the
//!   memo, as SQLAlchemy memoizes a statement's cache key). `cache_hit_owned`
//!   (information) is `cache.compile(&b2)`. `M3a` (information) is the same key
//!   walk against our own M1 of B2 (build + render), the peer statements.md's
//!   table names; the target is against the render alone, the stricter.
//! * steps: B2 split into build only (both libraries) and render only (sea-query;
//!   ours is M3's fresh render), to see where the time goes.
//! * anatomy: the parts of a cache hit that can be timed from outside the cache
//!   (cloning and dropping the owned output, the two clock reads, a hit on B2 with
//!   every value a `bindparam`, B1's hit against its fresh render).
//!
//! `--profile-time N` runs the routines only (no analysis, table or memory
//! section), for a profiler:
//!
//!     valgrind --tool=callgrind target/release/deps/compile-<hash> --bench \
//!         --profile-time 3 M3_B2_postgresql/cache_hit
//!
//! After criterion, the medians are read back from
//! `target/criterion/**/new/estimates.json` and printed as one table with the
//! targets. Beside each criterion ratio the table shows a paired ratio: ours and
//! the peer timed alternately in 41 rounds of a few milliseconds, median and
//! quartiles of the per-round ratios, which load that comes and goes on a shared
//! machine moves far less than two measurements seconds apart. Then the memory section: a counting global allocator measures the
//! live heap of a full 500-entry cache of B2-sized shapes and checks that it stays
//! flat while a million more distinct shapes go through it.
//!
//! Both libraries are built the way their users write them: sqlcraft tables come
//! from a `MetaData` with the schema of statements.md; sea-query uses
//! `#[derive(Iden)]` enums (static identifiers, its cheapest form). Every value is
//! a bound parameter on both sides, including B5's `SELECT 1` (sqlcraft's `lit(1)`,
//! sea-query's `Expr::val(1)`; where sqlcraft's dialect casts that bare parameter,
//! as PostgreSQL does, the peer renders the same `CAST(? AS BIGINT)`), and every
//! value comes through `black_box` from the loop so that nothing is
//! constant-folded. Before anything is timed, both libraries' SQL is checked to be
//! the same statement (see `shape`) with the same number of parameters.

use criterion::{BenchmarkGroup, Criterion};
use sea_query::{
    CommonTableExpression, Expr as SExpr, ExprTrait, Func, Iden, JoinType, MysqlQueryBuilder,
    Order, PostgresQueryBuilder, Query as SQuery, QueryBuilder, SqliteQueryBuilder,
    WindowStatement, WithClause,
};
use sqlcraft::cache::CompileCache;
use sqlcraft::dialect::Dialect;
use sqlcraft::prelude::*;
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

#[path = "common/statements.rs"]
mod statements;
use statements::{b1, b2, b5, B2Args, B5Args, Schema, B2_ARGS, B5_ARGS};

// ---------------------------------------------------------------------------
// Counting allocator: live bytes, counted only on a thread that asks for it, so
// that the timed benchmarks pay one thread-local read per allocation and no
// atomic operation.
// ---------------------------------------------------------------------------

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

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

// The statements, sqlcraft side: benches/common/statements.rs, shared with
// benches/engine.rs.

// ---------------------------------------------------------------------------
// The statements, sea-query side
// ---------------------------------------------------------------------------

#[derive(Iden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Name,
    Email,
    Status,
    Country,
}

#[derive(Iden, Clone, Copy)]
enum Orders {
    Table,
    Id,
    UserId,
    Total,
    CreatedAt,
}

#[derive(Iden, Clone, Copy)]
enum Addresses {
    Table,
    UserId,
    City,
}

#[derive(Iden, Clone, Copy)]
enum Recent {
    Table,
    UserId,
    Spent,
}

fn sea_b1(id: i64) -> sea_query::SelectStatement {
    SQuery::select()
        .column((Users::Table, Users::Id))
        .column((Users::Table, Users::Name))
        .from(Users::Table)
        .and_where(SExpr::col((Users::Table, Users::Id)).eq(id))
        .to_owned()
}

fn sea_b2(a: &B2Args<'_>) -> sea_query::SelectStatement {
    SQuery::select()
        .column((Users::Table, Users::Id))
        .column((Users::Table, Users::Name))
        .column((Users::Table, Users::Email))
        .expr_as(
            Func::count(SExpr::col((Orders::Table, Orders::Id))),
            "order_count",
        )
        .expr_as(
            Func::sum(SExpr::col((Orders::Table, Orders::Total))),
            "revenue",
        )
        .column((Addresses::Table, Addresses::City))
        .from(Users::Table)
        .join(
            JoinType::Join,
            Orders::Table,
            SExpr::col((Orders::Table, Orders::UserId)).equals((Users::Table, Users::Id)),
        )
        .join(
            JoinType::LeftJoin,
            Addresses::Table,
            SExpr::col((Addresses::Table, Addresses::UserId)).equals((Users::Table, Users::Id)),
        )
        .and_where(SExpr::col((Users::Table, Users::Status)).is_in(a.statuses))
        .and_where(
            SExpr::col((Users::Table, Users::Name))
                .like(a.name_like)
                .or(SExpr::col((Users::Table, Users::Email)).like(a.email_like)),
        )
        .and_where(SExpr::col((Orders::Table, Orders::CreatedAt)).gte(a.since))
        .and_where(SExpr::col((Orders::Table, Orders::Total)).gt(a.min_total))
        .group_by_col((Users::Table, Users::Id))
        .group_by_col((Users::Table, Users::Name))
        .group_by_col((Users::Table, Users::Email))
        .group_by_col((Addresses::Table, Addresses::City))
        .and_having(Func::count(SExpr::col((Orders::Table, Orders::Id))).gt(a.min_orders))
        .order_by("revenue", Order::Desc)
        .order_by((Users::Table, Users::Name), Order::Asc)
        .limit(a.limit as u64)
        .offset(a.offset as u64)
        .to_owned()
}

/// `cast_one`: sqlcraft's dialect casts the bare `SELECT 1` parameter (PostgreSQL
/// types a parameter alone in a select list as text otherwise), so the peer
/// renders the same `CAST(? AS BIGINT)`.
fn sea_b5(a: &B5Args<'_>, cast_one: bool) -> sea_query::WithQuery {
    let recent = SQuery::select()
        .expr_as(SExpr::col((Orders::Table, Orders::UserId)), "user_id")
        .expr_as(
            Func::sum(SExpr::col((Orders::Table, Orders::Total))),
            "spent",
        )
        .from(Orders::Table)
        .and_where(SExpr::col((Orders::Table, Orders::CreatedAt)).gte(a.since))
        .group_by_col((Orders::Table, Orders::UserId))
        .to_owned();
    let cte = CommonTableExpression::new()
        .query(recent)
        .table_name(Recent::Table)
        .to_owned();
    let with = WithClause::new().cte(cte).to_owned();
    let spent = || SExpr::col((Recent::Table, Recent::Spent));
    SQuery::select()
        .column((Users::Table, Users::Id))
        .column((Users::Table, Users::Name))
        .column((Recent::Table, Recent::Spent))
        .expr_as(
            SExpr::case(spent().gt(a.gold_over), a.gold)
                .case(spent().gt(a.silver_over), a.silver)
                .finally(a.bronze),
            "tier",
        )
        .expr_window_as(
            Func::cust("rank"),
            WindowStatement::partition_by((Users::Table, Users::Country))
                .order_by((Recent::Table, Recent::Spent), Order::Desc)
                .to_owned(),
            "country_rank",
        )
        .from(Users::Table)
        .join(
            JoinType::Join,
            Recent::Table,
            SExpr::col((Recent::Table, Recent::UserId)).equals((Users::Table, Users::Id)),
        )
        .and_where(SExpr::exists(
            SQuery::select()
                .expr(if cast_one {
                    SExpr::val(1).cast_as("BIGINT")
                } else {
                    SExpr::val(1)
                })
                .from(Addresses::Table)
                .and_where(
                    SExpr::col((Addresses::Table, Addresses::UserId))
                        .equals((Users::Table, Users::Id)),
                )
                .and_where(SExpr::col((Addresses::Table, Addresses::City)).eq(a.city))
                .to_owned(),
        ))
        .order_by("country_rank", Order::Asc)
        .to_owned()
        .with(with)
}

// ---------------------------------------------------------------------------
// Dialect pairs
// ---------------------------------------------------------------------------

/// A sqlcraft dialect with sea-query's builder for the same engine.
trait Pair: Dialect + Copy + 'static {
    type Sea: QueryBuilder;
    const NAME: &'static str;
    fn sea() -> Self::Sea;
    fn dialect() -> Self;
}

impl Pair for Sqlite {
    type Sea = SqliteQueryBuilder;
    const NAME: &'static str = "sqlite";
    fn sea() -> SqliteQueryBuilder {
        SqliteQueryBuilder
    }
    fn dialect() -> Sqlite {
        Sqlite
    }
}

impl Pair for Postgres {
    type Sea = PostgresQueryBuilder;
    const NAME: &'static str = "postgresql";
    fn sea() -> PostgresQueryBuilder {
        PostgresQueryBuilder
    }
    fn dialect() -> Postgres {
        Postgres
    }
}

impl Pair for MySql {
    type Sea = MysqlQueryBuilder;
    const NAME: &'static str = "mariadb";
    fn sea() -> MysqlQueryBuilder {
        MysqlQueryBuilder
    }
    fn dialect() -> MySql {
        MySql::mariadb()
    }
}

const DIALECTS: [&str; 3] = ["sqlite", "postgresql", "mariadb"];

// ---------------------------------------------------------------------------
// Equivalence check, before anything is timed
// ---------------------------------------------------------------------------

/// The documented textual differences between the two libraries' output, none of
/// which changes the statement: placeholders are numbered alike, keywords and
/// function names compare case-insensitively outside quoted identifiers (sea-query
/// writes `COUNT(`, sqlcraft `count(`), sea-query spells `LEFT OUTER JOIN` as
/// `LEFT JOIN`, always writes the default `ASC`, and puts redundant parentheses
/// and spaces around CASE, its conditions and OVER's window (so parentheses and
/// whitespace are left out of the comparison: tokens and their order must match).
fn shape(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '"' || c == '`' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
                out.push('?');
            }
            None => out.push(c.to_ascii_uppercase()),
        }
    }
    out.replace("LEFT OUTER JOIN", "LEFT JOIN")
        .replace(" ASC", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')')
        .collect()
}

/// Whether sqlcraft renders B5's `SELECT 1` parameter with a cast on `d`.
fn casts_select_one<D: Dialect>(s: &Schema, d: &D) -> bool {
    b5(s, &B5_ARGS)
        .compile(d)
        .map(|c| c.sql.contains("EXISTS (SELECT CAST("))
        .unwrap_or(false)
}

fn check_pair<P: Pair>(s: &Schema, print: bool) {
    let d = P::dialect();
    let cases: [(&str, Compiled, (String, sea_query::Values)); 3] = [
        (
            "B1",
            b1(s, 42).compile(&d).expect("B1"),
            sea_b1(42).build(P::sea()),
        ),
        (
            "B2",
            b2(s, &B2_ARGS, "order_count").compile(&d).expect("B2"),
            sea_b2(&B2_ARGS).build(P::sea()),
        ),
        (
            "B5",
            b5(s, &B5_ARGS).compile(&d).expect("B5"),
            sea_b5(&B5_ARGS, casts_select_one(s, &d)).build(P::sea()),
        ),
    ];
    for (name, ours, (sea_sql, sea_values)) in cases {
        if print && name == "B2" {
            println!("B2 on {}:", P::NAME);
            println!("  sqlcraft:  {}", ours.sql);
            println!("  sea-query: {sea_sql}");
            println!(
                "  parameters: sqlcraft {}, sea-query {}",
                ours.params.len(),
                sea_values.0.len()
            );
        }
        assert_eq!(
            shape(&ours.sql),
            shape(&sea_sql),
            "{name} on {}: the two libraries render different statements",
            P::NAME
        );
        assert_eq!(
            ours.params.len(),
            sea_values.0.len(),
            "{name} on {}: parameter counts differ",
            P::NAME
        );
        // The cache answers exactly what a fresh compile does.
        let cache = CompileCache::new(d);
        let stmt = match name {
            "B1" => b1(s, 42),
            "B2" => b2(s, &B2_ARGS, "order_count"),
            _ => b5(s, &B5_ARGS),
        };
        cache.compile(&stmt).expect("miss");
        assert_eq!(cache.compile(&stmt).expect("hit"), ours);
    }
}

// ---------------------------------------------------------------------------
// Paired ratios
// ---------------------------------------------------------------------------

/// Rounds of a paired measurement; each times both sides once, in alternating
/// order.
const PAIRED_ROUNDS: usize = 41;
/// How long the peer's side of one round takes, roughly.
const PAIRED_BLOCK: Duration = Duration::from_millis(3);

/// A paired ratio: median and quartiles of the per-round ratios ours / peer.
#[derive(Clone, Copy)]
struct Paired {
    median: f64,
    q1: f64,
    q3: f64,
}

/// Times `ours` and `peer` alternately, each for the same number of iterations
/// per round (as many as the peer runs in [`PAIRED_BLOCK`]), and returns the
/// per-round ratios' median and quartiles. Criterion measures each routine for
/// seconds, one after the other, so load that comes and goes on a shared
/// machine moves its ratios; rounds milliseconds long, side by side, see the
/// same load. Each closure runs its block of `k` iterations and returns the
/// seconds it took (so that setup can stay outside the timing).
fn paired(mut ours: impl FnMut(u64) -> f64, mut peer: impl FnMut(u64) -> f64) -> Paired {
    let mut k = 1u64;
    while peer(k) < PAIRED_BLOCK.as_secs_f64() && k < 1 << 24 {
        k *= 2;
    }
    let mut ratios: Vec<f64> = (0..PAIRED_ROUNDS)
        .map(|round| {
            let (a, b) = if round % 2 == 0 {
                let a = ours(k);
                (a, peer(k))
            } else {
                let b = peer(k);
                (ours(k), b)
            };
            a / b
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    Paired {
        median: at(0.5),
        q1: at(0.25),
        q3: at(0.75),
    }
}

/// Times `k` runs of `f`.
fn timed<R>(k: u64, mut f: impl FnMut() -> R) -> f64 {
    let t = Instant::now();
    for _ in 0..k {
        black_box(f());
    }
    t.elapsed().as_secs_f64()
}

/// A cache holding B1, B2 and B5, for the M2 rows.
fn warm_cache<P: Pair>(s: &Schema, d: P) -> CompileCache<P> {
    let cache = CompileCache::new(d);
    cache.compile(&b1(s, 0)).expect("B1");
    cache.compile(&b2(s, &B2_ARGS, "order_count")).expect("B2");
    cache.compile(&b5(s, &B5_ARGS)).expect("B5");
    cache
}

/// The paired ratio of every row of the table, keyed `id/stmt/dialect`.
fn paired_rows<P: Pair>(s: &Schema, out: &mut HashMap<String, Paired>) {
    let d = P::dialect();
    let cast_one = casts_select_one(s, &d);
    let cache = warm_cache(s, d);
    let mut i = 0i64;
    let b2_args = |i: &mut i64| B2Args {
        limit: tick(i),
        ..*black_box(&B2_ARGS)
    };
    let b5_args = |i: &mut i64| B5Args {
        gold_over: tick(i) as f64,
        ..*black_box(&B5_ARGS)
    };
    let name = P::NAME;
    // B1
    let sea = |k| timed(k, || sea_b1(7).build(P::sea()));
    let m1 = paired(|k| timed(k, || b1(s, 7).compile(&d).expect("B1")), sea);
    out.insert(format!("M1/B1/{name}"), m1);
    let m2 = paired(
        |k| {
            timed(k, || {
                let stmt = b1(s, 7);
                black_box(&cache.compile_ref(&stmt).expect("B1"));
            })
        },
        sea,
    );
    out.insert(format!("M2/B1/{name}"), m2);
    // B2
    let m1 = paired(
        |k| {
            timed(k, || {
                b2(s, &b2_args(&mut i), "order_count")
                    .compile(&d)
                    .expect("B2")
            })
        },
        |k| timed(k, || sea_b2(&B2_ARGS).build(P::sea())),
    );
    out.insert(format!("M1/B2/{name}"), m1);
    let m2 = paired(
        |k| {
            timed(k, || {
                let stmt = b2(s, &B2_ARGS, "order_count");
                black_box(&cache.compile_ref(&stmt).expect("B2"));
            })
        },
        |k| timed(k, || sea_b2(&B2_ARGS).build(P::sea())),
    );
    out.insert(format!("M2/B2/{name}"), m2);
    // B5
    let m1 = paired(
        |k| timed(k, || b5(s, &b5_args(&mut i)).compile(&d).expect("B5")),
        |k| timed(k, || sea_b5(&B5_ARGS, cast_one).build(P::sea())),
    );
    out.insert(format!("M1/B5/{name}"), m1);
    let m2 = paired(
        |k| {
            timed(k, || {
                let stmt = b5(s, &B5_ARGS);
                black_box(&cache.compile_ref(&stmt).expect("B5"));
            })
        },
        |k| timed(k, || sea_b5(&B5_ARGS, cast_one).build(P::sea())),
    );
    out.insert(format!("M2/B5/{name}"), m2);
    // M3: each timed compile of the key walk is a tree's first (clones made
    // before the timing); the memoized hit compiles one tree again and again.
    let built = b2(s, &B2_ARGS, "order_count");
    let fresh = |k| timed(k, || black_box(&built).compile(&d).expect("B2"));
    // Both sides of M3 work on trees just cloned (the key walk needs a tree's
    // first compile), so neither reads a tree the other has warmed.
    let fresh_trees = |k| {
        let trees: Vec<Select> = (0..k).map(|_| built.clone()).collect();
        let t = Instant::now();
        for q in &trees {
            black_box(q.compile(&d).expect("B2").params.len());
        }
        t.elapsed().as_secs_f64()
    };
    let m3 = paired(
        |k| {
            let trees: Vec<Select> = (0..k).map(|_| built.clone()).collect();
            let t = Instant::now();
            for q in &trees {
                black_box(cache.compile_ref(q).expect("B2").params.len());
            }
            t.elapsed().as_secs_f64()
        },
        fresh_trees,
    );
    out.insert(format!("M3/B2/{name}"), m3);
    let m3m = paired(
        |k| timed(k, || cache.compile_ref(black_box(&built)).expect("B2")),
        fresh,
    );
    out.insert(format!("M3m/B2/{name}"), m3m);
}

// ---------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------

fn group<'a>(
    c: &'a mut Criterion,
    name: String,
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    c.benchmark_group(name)
}

/// The time `f` takes on `iters` clones of `tree`, each its clone's first
/// compile, cloned (and dropped) in blocks outside the timing.
///
/// Criterion's `iter_batched_ref` allocates a vector for the outputs inside the
/// timing, once a batch; after a batch of trees was freed, that allocation makes
/// glibc consolidate its free lists there and then (`malloc_consolidate`, a
/// third of the samples in a profile of this routine), and the M3 figure moved
/// by a third from run to run. Here only `f` is timed.
fn on_fresh_clones(iters: u64, tree: &Select, mut f: impl FnMut(&Select) -> usize) -> Duration {
    const BLOCK: u64 = 1000;
    let mut total = Duration::ZERO;
    let mut left = iters;
    while left > 0 {
        let k = Ord::min(left, BLOCK);
        let trees: Vec<Select> = (0..k).map(|_| tree.clone()).collect();
        let start = Instant::now();
        for q in &trees {
            black_box(f(black_box(q)));
        }
        total += start.elapsed();
        left -= k;
    }
    total
}

/// A counter that changes every iteration, opaque to the optimizer.
fn tick(i: &mut i64) -> i64 {
    *i = i.wrapping_add(1);
    black_box(*i)
}

fn bench_dialect<P: Pair>(c: &mut Criterion, s: &Schema) {
    let d = P::dialect();
    let cast_one = casts_select_one(s, &d);

    // M1 (build + render, no cache) and M2 (build + compile through a warm
    // cache) of each statement, with sea-query's build + render between them in
    // the same group, so that every ratio compares figures measured seconds apart.
    let cache = warm_cache(s, d);
    {
        let mut g = group(c, format!("B1_{}", P::NAME));
        let mut i = 0;
        g.bench_function("M1_sqlcraft", |b| {
            b.iter(|| b1(s, tick(&mut i)).compile(&d).expect("B1"))
        });
        g.bench_function("sea-query", |b| {
            b.iter(|| sea_b1(tick(&mut i)).build(P::sea()))
        });
        g.bench_function("M2_sqlcraft_warm_cache", |b| {
            b.iter(|| {
                let stmt = b1(s, tick(&mut i));
                black_box(&cache.compile_ref(&stmt).expect("B1"));
            })
        });
        g.bench_function("M2_sqlcraft_warm_cache_owned", |b| {
            b.iter(|| cache.compile(&b1(s, tick(&mut i))).expect("B1"))
        });
        g.finish();
    }
    {
        let mut g = group(c, format!("B2_{}", P::NAME));
        let mut i = 0;
        let mut args = || B2Args {
            limit: tick(&mut i),
            ..*black_box(&B2_ARGS)
        };
        g.bench_function("M1_sqlcraft", |b| {
            b.iter(|| {
                b2(s, &args(), black_box("order_count"))
                    .compile(&d)
                    .expect("B2")
            })
        });
        g.bench_function("sea-query", |b| b.iter(|| sea_b2(&args()).build(P::sea())));
        g.bench_function("M2_sqlcraft_warm_cache", |b| {
            b.iter(|| {
                let stmt = b2(s, &args(), black_box("order_count"));
                black_box(&cache.compile_ref(&stmt).expect("B2"));
            })
        });
        g.bench_function("M2_sqlcraft_warm_cache_owned", |b| {
            b.iter(|| {
                cache
                    .compile(&b2(s, &args(), black_box("order_count")))
                    .expect("B2")
            })
        });
        g.finish();
    }
    {
        let mut g = group(c, format!("B5_{}", P::NAME));
        let mut i = 0;
        let mut args = || B5Args {
            gold_over: tick(&mut i) as f64,
            ..*black_box(&B5_ARGS)
        };
        g.bench_function("M1_sqlcraft", |b| {
            b.iter(|| b5(s, &args()).compile(&d).expect("B5"))
        });
        g.bench_function("sea-query", |b| {
            b.iter(|| sea_b5(&args(), cast_one).build(P::sea()))
        });
        g.bench_function("M2_sqlcraft_warm_cache", |b| {
            b.iter(|| {
                let stmt = b5(s, &args());
                black_box(&cache.compile_ref(&stmt).expect("B5"));
            })
        });
        g.bench_function("M2_sqlcraft_warm_cache_owned", |b| {
            b.iter(|| cache.compile(&b5(s, &args())).expect("B5"))
        });
        g.finish();
    }
    assert_eq!(cache.stats().misses, 3, "M2 must run on a warm cache");

    // M3: key + lookup on a built B2, against our fresh render of it.
    {
        let built = b2(s, &B2_ARGS, "order_count");
        let cache = CompileCache::new(d);
        cache.compile(&built).expect("B2");
        let mut g = group(c, format!("M3_B2_{}", P::NAME));
        // The whole key walk and lookup: each timed compile is a tree's first
        // (a clone made outside the timing, so no memo yet).
        g.bench_function("cache_hit_key_walk", |b| {
            b.iter_custom(|iters| {
                on_fresh_clones(iters, &built, |q| {
                    cache.compile_ref(q).expect("B2").params.len()
                })
            })
        });
        // The same tree compiled again and again: from its second compile on,
        // it keeps its entry and only its values are walked (the memo).
        g.bench_function("cache_hit", |b| {
            b.iter(|| cache.compile_ref(black_box(&built)).expect("B2"))
        });
        g.bench_function("cache_hit_owned", |b| {
            b.iter(|| cache.compile(black_box(&built)).expect("B2"))
        });
        g.bench_function("fresh_render", |b| {
            b.iter(|| black_box(&built).compile(&d).expect("B2"))
        });
        // M3's peer: the render of trees cloned the same way as the key walk's.
        g.bench_function("fresh_render_fresh_tree", |b| {
            b.iter_custom(|iters| {
                on_fresh_clones(iters, &built, |q| q.compile(&d).expect("B2").params.len())
            })
        });
        g.finish();
    }

    // Step: sea-query's render alone (ours is M3's fresh_render).
    {
        let built = sea_b2(&B2_ARGS);
        let mut g = group(c, format!("steps_B2_{}", P::NAME));
        g.bench_function("sea-query_render", |b| {
            b.iter(|| black_box(&built).build(P::sea()))
        });
        g.finish();
    }
}

/// B2 with every value a named parameter (`bindparam`): a cache hit then clones
/// no value, which separates the cost of the values from that of the key.
fn b2_named(s: &Schema) -> Select {
    let (u, o, ad) = (&s.users, &s.orders, &s.addresses);
    let order_count = func::count(o.c("id")).label("order_count");
    let revenue = func::sum(o.c("total")).label("revenue");
    select((
        u.c("id"),
        u.c("name"),
        u.c("email"),
        &order_count,
        &revenue,
        ad.c("city"),
    ))
    .from(
        u.join(o, o.c("user_id").eq(u.c("id")))
            .left_join(ad, ad.c("user_id").eq(u.c("id"))),
    )
    .filter(
        u.c("status")
            .in_(["s1", "s2", "s3", "s4", "s5"].map(bindparam)),
    )
    .filter(
        u.c("name")
            .like(bindparam("name"))
            .or(u.c("email").like(bindparam("email"))),
    )
    .filter(o.c("created_at").ge(bindparam("since")))
    .filter(o.c("total").gt(bindparam("total")))
    .group_by((u.c("id"), u.c("name"), u.c("email"), ad.c("city")))
    .having(order_count.expr().gt(bindparam("orders")))
    .order_by((revenue.desc(), u.c("name").asc()))
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
}

/// The parts of a cache hit on PostgreSQL, measured from outside the cache: the
/// owned output alone (cloning and dropping the `Compiled`: SQL text and values),
/// the two clock reads of `compile_traced`, a hit on B2 without values, and B1's
/// hit against its fresh render (a short key).
fn bench_anatomy(c: &mut Criterion, s: &Schema) {
    let d = Postgres;
    let mut g = group(c, "anatomy_postgresql".to_owned());
    let built = b2(s, &B2_ARGS, "order_count");
    let compiled = built.compile(&d).expect("B2");
    g.bench_function("B2_compiled_clone_drop", |b| {
        b.iter(|| black_box(&compiled).clone())
    });
    g.bench_function("instant_now_x2", |b| {
        b.iter(|| {
            let t = std::time::Instant::now();
            black_box(t.elapsed())
        })
    });
    let named = b2_named(s);
    let cache = CompileCache::new(d);
    cache.compile(&named).expect("B2 named");
    g.bench_function("B2_named_cache_hit", |b| {
        b.iter(|| cache.compile(black_box(&named)).expect("B2 named"))
    });
    g.bench_function("B2_named_fresh_render", |b| {
        b.iter(|| black_box(&named).compile(&d).expect("B2 named"))
    });
    let point = b1(s, 42);
    cache.compile(&point).expect("B1");
    g.bench_function("B1_cache_hit", |b| {
        b.iter(|| cache.compile(black_box(&point)).expect("B1"))
    });
    g.bench_function("B1_fresh_render", |b| {
        b.iter(|| black_box(&point).compile(&d).expect("B1"))
    });
    g.finish();
}

fn bench_build_steps(c: &mut Criterion, s: &Schema) {
    let mut g = group(c, "steps_B2_build".to_owned());
    let mut i = 0;
    g.bench_function("sqlcraft", |b| {
        b.iter(|| {
            let a = B2Args {
                limit: tick(&mut i),
                ..*black_box(&B2_ARGS)
            };
            b2(s, &a, black_box("order_count"))
        })
    });
    g.bench_function("sea-query", |b| {
        b.iter(|| {
            let a = B2Args {
                limit: tick(&mut i),
                ..*black_box(&B2_ARGS)
            };
            sea_b2(&a)
        })
    });
    g.finish();
}

// ---------------------------------------------------------------------------
// Reading the medians back
// ---------------------------------------------------------------------------

fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
}

/// The median (ns) of `group/function`, if it was measured in this run.
fn median(group: &str, function: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .map(|t| t >= since)
        .unwrap_or(false);
    if !fresh {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    // {"mean":{…},"median":{"confidence_interval":{…},"point_estimate":123.4,…},…}
    let m = text.find("\"median\"")?;
    let rest = &text[m..];
    let p = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let num: String = rest[p..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    num.parse().ok()
}

fn fmt_ns(ns: Option<f64>) -> String {
    match ns {
        None => "-".to_owned(),
        Some(v) if v >= 1_000_000.0 => format!("{:.2} ms", v / 1_000_000.0),
        Some(v) if v >= 1_000.0 => format!("{:.2} µs", v / 1_000.0),
        Some(v) => format!("{v:.0} ns"),
    }
}

struct Row {
    id: &'static str,
    what: String,
    dialect: &'static str,
    ours: Option<f64>,
    peer: Option<f64>,
    peer_name: &'static str,
    target: f64,
}

fn print_table(since: SystemTime, paired: &HashMap<String, Paired>) -> bool {
    let mut rows = Vec::new();
    for d in DIALECTS {
        for st in ["B1", "B2", "B5"] {
            let g = format!("{st}_{d}");
            rows.push(Row {
                id: "M1",
                what: st.to_owned(),
                dialect: d,
                ours: median(&g, "M1_sqlcraft", since),
                peer: median(&g, "sea-query", since),
                peer_name: "sea-query M1",
                target: 0.7,
            });
        }
    }
    for d in DIALECTS {
        for st in ["B1", "B2", "B5"] {
            rows.push(Row {
                id: "M2",
                what: st.to_owned(),
                dialect: d,
                ours: median(&format!("{st}_{d}"), "M2_sqlcraft_warm_cache", since),
                peer: median(&format!("{st}_{d}"), "sea-query", since),
                peer_name: "sea-query M1",
                target: 0.4,
            });
        }
    }
    // M3 proper (the whole key walk), then the memoized hit beside it.
    // Each against the render of the same kind of tree: freshly cloned for the
    // key walk, the one tree compiled again and again for the memo.
    for (id, function, peer) in [
        ("M3", "cache_hit_key_walk", "fresh_render_fresh_tree"),
        ("M3m", "cache_hit", "fresh_render"),
    ] {
        for d in DIALECTS {
            let g = format!("M3_B2_{d}");
            rows.push(Row {
                id,
                what: "B2".to_owned(),
                dialect: d,
                ours: median(&g, function, since),
                peer: median(&g, peer, since),
                peer_name: "our fresh render",
                target: 0.2,
            });
        }
    }
    // M3's key walk against our own M1 (build + render), the peer the table of
    // statements.md names; the target is against the render alone (M3
    // above), the stricter of the two, and that is the row counted.
    for d in DIALECTS {
        rows.push(Row {
            id: "M3a",
            what: "B2".to_owned(),
            dialect: d,
            ours: median(&format!("M3_B2_{d}"), "cache_hit_key_walk", since),
            peer: median(&format!("B2_{d}"), "M1_sqlcraft", since),
            peer_name: "our M1",
            target: 0.2,
        });
    }
    println!();
    println!("Medians of this run (criterion, ns → shown in µs); ratio = ours / peer.");
    println!(
        "{:<3} {:<4} {:<11} {:>11} {:>11}  {:<17} {:>6}  {:<13} {:<15} paired [IQR]",
        "id", "stmt", "dialect", "ours", "peer", "peer is", "ratio", "target", "result"
    );
    let mut all_pass = true;
    for r in &rows {
        let ratio = match (r.ours, r.peer) {
            (Some(o), Some(p)) if p > 0.0 => Some(o / p),
            _ => None,
        };
        let target = if r.id.starts_with("M3") {
            format!("≤ {:.2} (≥5×)", r.target)
        } else {
            format!("≤ {:.2}", r.target)
        };
        let result = match ratio {
            // The memoized hit and M3 against M1 are shown beside M3, not
            // counted for it.
            Some(x) if info_only(r.id) => {
                if x <= r.target {
                    "(info: within)"
                } else {
                    "(info: above)"
                }
            }
            Some(x) if x <= r.target => "PASS",
            Some(_) => {
                all_pass = false;
                "FAIL"
            }
            None => {
                all_pass = false;
                "not run"
            }
        };
        let pair = paired
            .get(&format!("{}/{}/{}", r.id, r.what, r.dialect))
            .map_or("-".to_owned(), |p| {
                let verdict = match (r.id, p.median <= r.target) {
                    (id, _) if info_only(id) => "",
                    (_, true) => " PASS",
                    (_, false) => " FAIL",
                };
                format!("{:.2} [{:.2}–{:.2}]{verdict}", p.median, p.q1, p.q3)
            });
        println!(
            "{:<3} {:<4} {:<11} {:>11} {:>11}  {:<17} {:>6}  {:<13} {:<15} {}",
            r.id,
            r.what,
            r.dialect,
            fmt_ns(r.ours),
            fmt_ns(r.peer),
            r.peer_name,
            ratio.map_or("-".to_owned(), |x| format!("{x:.2}")),
            target,
            result,
            pair
        );
    }

    println!();
    println!("Sub-steps of B2 (where the time goes):");
    println!(
        "  build only:             sqlcraft {:>10}   sea-query {:>10}",
        fmt_ns(median("steps_B2_build", "sqlcraft", since)),
        fmt_ns(median("steps_B2_build", "sea-query", since))
    );
    for d in DIALECTS {
        println!(
            "  render only ({:<10}): sqlcraft {:>10}   sea-query {:>10}   hit (key walk) {:>10}   hit (memo) {:>10}   warm build+cache {:>10}",
            d,
            fmt_ns(median(&format!("M3_B2_{d}"), "fresh_render", since)),
            fmt_ns(median(&format!("steps_B2_{d}"), "sea-query_render", since)),
            fmt_ns(median(&format!("M3_B2_{d}"), "cache_hit_key_walk", since)),
            fmt_ns(median(&format!("M3_B2_{d}"), "cache_hit", since)),
            fmt_ns(median(&format!("B2_{d}"), "M2_sqlcraft_warm_cache", since)),
        );
    }
    println!("Owned output (cache.compile → Compiled, values and SQL copied; information):");
    for d in DIALECTS {
        println!(
            "  {:<10}  M2 B1 {:>10}   M2 B2 {:>10}   M2 B5 {:>10}   M3 hit {:>10}",
            d,
            fmt_ns(median(
                &format!("B1_{d}"),
                "M2_sqlcraft_warm_cache_owned",
                since
            )),
            fmt_ns(median(
                &format!("B2_{d}"),
                "M2_sqlcraft_warm_cache_owned",
                since
            )),
            fmt_ns(median(
                &format!("B5_{d}"),
                "M2_sqlcraft_warm_cache_owned",
                since
            )),
            fmt_ns(median(&format!("M3_B2_{d}"), "cache_hit_owned", since)),
        );
    }
    let a = |f: &str| fmt_ns(median("anatomy_postgresql", f, since));
    println!("Anatomy of a cache hit (PostgreSQL):");
    println!(
        "  B2 Compiled clone+drop {:>10}   2 x Instant::now {:>10}",
        a("B2_compiled_clone_drop"),
        a("instant_now_x2")
    );
    println!(
        "  B2, all values bindparam(): cache hit {:>10}   fresh render {:>10}",
        a("B2_named_cache_hit"),
        a("B2_named_fresh_render")
    );
    println!(
        "  B1 on a built tree:        cache hit {:>10}   fresh render {:>10}",
        a("B1_cache_hit"),
        a("B1_fresh_render")
    );
    all_pass
}

// ---------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------

fn mib(bytes: isize) -> String {
    format!("{:.3} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// B2 with its own label: one distinct cache shape per `n`, all of one size.
fn b2_shape(s: &Schema, n: usize) -> Select {
    b2(s, &B2_ARGS, &format!("order_count_{n:07}"))
}

fn memory_section(s: &Schema, total: usize) -> bool {
    const LIMIT: isize = 2 * 1024 * 1024;
    println!();
    println!("Memory (counting global allocator, live heap bytes, PostgreSQL):");
    TRACK.with(|t| t.set(true));
    let base = live();
    let cache = CompileCache::new(Postgres);
    let mut n = 0;
    while n < 500 {
        cache.compile(&b2_shape(s, n)).expect("B2 shape");
        n += 1;
    }
    let after_500 = live() - base;
    println!(
        "  500 distinct B2 shapes:  live {} ({} B), heap_size() {} B, entries {} (16 shards: some shards evict before the cache is full)",
        mib(after_500),
        after_500,
        cache.heap_size(),
        cache.len()
    );
    while cache.len() < cache.capacity() {
        cache.compile(&b2_shape(s, n)).expect("B2 shape");
        n += 1;
    }
    let full = live() - base;
    let per_entry = full / cache.len() as isize;
    println!(
        "  full cache ({} entries after {} shapes): live {} ({} B, {} B per entry), heap_size() {} B",
        cache.len(),
        n,
        mib(full),
        full,
        per_entry,
        cache.heap_size()
    );
    let under = full < LIMIT && after_500 < LIMIT;
    let checkpoints = [10_000, 100_000, 500_000, 1_000_000];
    let mut worst: isize = 0;
    let (mut prev, mut last) = (full, full);
    let mut checkpoints_done = 0;
    let mut i = 0;
    for &cp in checkpoints.iter().filter(|&&cp| cp <= total) {
        while i < cp {
            cache.compile(&b2_shape(s, n + i)).expect("B2 shape");
            i += 1;
        }
        let now = live() - base;
        worst = worst.max((now - full).abs());
        (prev, last) = (last, now);
        checkpoints_done += 1;
        println!(
            "  after {:>9} more distinct shapes: live {} ({} B, {:+} B vs full), entries {}",
            cp,
            mib(now),
            now,
            now - full,
            cache.len()
        );
    }
    TRACK.with(|t| t.set(false));
    let st = cache.stats();
    println!(
        "  counters: misses {}, evictions {}, hits {}, entries {}",
        st.misses, st.evictions, st.hits, st.len
    );
    // Flat: within 5% of the full cache's heap (the shapes are all one size; each
    // shard's hash table may double once under eviction tombstones, a bounded
    // one-time 16 x 64 x 17 B = 17,408 B), and no growth between the last two
    // checkpoints.
    let trend_ok = checkpoints_done < 2 || (last - prev).abs() <= full / 200;
    let flat = worst <= full / 20 && trend_ok;
    println!(
        "  full 500-entry cache < 2 MiB: {}",
        if under { "PASS" } else { "FAIL" }
    );
    println!(
        "  flat while {} more shapes go through (max drift {} B, limit 5%; last two checkpoints {:+} B apart): {}",
        i,
        worst,
        last - prev,
        if flat { "PASS" } else { "FAIL" }
    );
    under && flat
}

// ---------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let listing = args.iter().any(|a| a == "--list");
    // As criterion decides: without `--bench` (`cargo test --benches`), or with
    // `--test`, every routine runs once as a test.
    let bench_flag = args.iter().any(|a| a == "--bench");
    let test_mode = !bench_flag || args.iter().any(|a| a == "--test");
    // `--profile-time N` (e.g. under valgrind --tool=callgrind): the routines
    // only, no analysis, no table, no memory section.
    let profiling = args.iter().any(|a| a == "--profile-time");
    let since = SystemTime::now() - Duration::from_secs(1);
    let s = Schema::new("", "").expect("the benchmark schema");

    if !listing {
        println!("Checking that both libraries render the same statements…");
        check_pair::<Sqlite>(&s, false);
        check_pair::<Postgres>(&s, true);
        check_pair::<MySql>(&s, false);
        println!("B1, B2, B5: same SQL shape and parameter count on all three dialects.");
        println!();
    }

    let mut c = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    bench_dialect::<Sqlite>(&mut c, &s);
    bench_dialect::<Postgres>(&mut c, &s);
    bench_dialect::<MySql>(&mut c, &s);
    bench_build_steps(&mut c, &s);
    bench_anatomy(&mut c, &s);
    c.final_summary();

    if listing || (profiling && !test_mode) {
        return;
    }
    if test_mode {
        // `cargo test --benches`: a short memory run, no table.
        memory_section(&s, 10_000);
        return;
    }
    println!("Paired ratios (ours and the peer alternately, {PAIRED_ROUNDS} rounds each)…");
    let mut pairs = HashMap::new();
    paired_rows::<Sqlite>(&s, &mut pairs);
    paired_rows::<Postgres>(&s, &mut pairs);
    paired_rows::<MySql>(&s, &mut pairs);
    let targets = print_table(since, &pairs);
    let memory = memory_section(&s, 1_000_000);
    println!();
    println!(
        "Targets: {}. Memory: {}.",
        if targets {
            "all PASS"
        } else {
            "not all PASS (see table)"
        },
        if memory { "PASS" } else { "FAIL" }
    );
}

/// Rows shown for information beside a target, not counted for it.
fn info_only(id: &str) -> bool {
    matches!(id, "M3m" | "M3a")
}
