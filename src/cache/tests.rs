use super::*;
use crate::dialect::GenericDialect;
use crate::prelude::*;
use crate::Param;

/// `$n` placeholders, to see renumbering after an expanded IN list.
struct Dollar;
impl Dialect for Dollar {
    fn name(&self) -> &'static str {
        "dollar"
    }
    fn write_placeholder(&self, index: usize, out: &mut String) {
        out.push('$');
        out.push_str(&index.to_string());
    }
}

fn users() -> Table {
    table("users")
}

fn point(id: i64) -> Select {
    let u = users();
    select((u.c("id"), u.c("name")))
        .from(&u)
        .filter(u.c("id").eq(id))
}

fn shape(n: usize) -> Select {
    let u = users();
    select(u.c("id"))
        .from(&u)
        .filter(u.c(&format!("c{n}")).eq(1))
}

#[test]
fn statements_differing_only_in_values_share_an_entry() {
    let cache = CompileCache::new(GenericDialect);
    for id in 0..10 {
        let c = cache.compile(&point(id)).unwrap();
        assert_eq!(c, point(id).compile(&GenericDialect).unwrap());
    }
    let s = cache.stats();
    assert_eq!((s.misses, s.hits, s.len), (1, 9, 1));
}

#[test]
fn in_lists_of_any_nonzero_length_share_an_entry_and_renumber() {
    let cache = CompileCache::new(Dollar);
    let u = users();
    let q = |ids: Vec<i64>| {
        select(u.c("id"))
            .from(&u)
            .filter(u.c("id").in_(ids).and(u.c("name").eq("x")))
    };
    for ids in [vec![1, 2, 3], vec![4], vec![5, 6, 7, 8, 9]] {
        let fresh = q(ids.clone()).compile(&Dollar).unwrap();
        let cached = cache.compile(&q(ids.clone())).unwrap();
        assert_eq!(cached, fresh);
    }
    assert_eq!(cache.stats().misses, 1);
    let c = cache.compile(&q(vec![7, 8])).unwrap();
    assert_eq!(
        c.sql,
        r#"SELECT "users"."id" FROM "users" WHERE "users"."id" IN ($1, $2) AND "users"."name" = $3"#
    );
    // The empty list is a different shape: a constant, not an IN.
    let empty = cache.compile(&q(vec![])).unwrap();
    assert_eq!(empty, q(vec![]).compile(&Dollar).unwrap());
    assert_eq!(cache.stats().misses, 2);
}

#[test]
fn structure_changes_never_share_an_entry() {
    let cache = CompileCache::new(GenericDialect);
    let u = users();
    let a = select(u.c("id")).from(&u).filter(u.c("id").eq(1));
    let b = select(u.c("id")).from(&u).filter(u.c("id").ne(1));
    let c = select(u.c("id")).from(&u).filter(u.c("id").eq(1)).limit(1);
    let d = select(u.c("id")).from(&u).filter(u.c("idx").eq(1));
    for q in [&a, &b, &c, &d] {
        assert_eq!(
            cache.compile(q).unwrap(),
            q.compile(&GenericDialect).unwrap()
        );
    }
    assert_eq!(cache.stats().misses, 4);
}

#[test]
fn values_repeated_in_the_sql_bind_the_right_value() {
    // NULLS emulation renders the sort expression twice; a CTE renders first.
    struct Emulating;
    impl Dialect for Emulating {
        fn name(&self) -> &'static str {
            "emulating"
        }
        fn nulls_order_style(&self) -> crate::dialect::NullsOrderStyle {
            crate::dialect::NullsOrderStyle::Emulated
        }
    }
    let cache = CompileCache::new(Emulating);
    let u = users();
    let q = |a: i64, b: i64, c: i64| {
        let cte = select(u.c("id"))
            .from(&u)
            .filter(u.c("id").gt(c))
            .cte("big");
        select(cte.c("id"))
            .from(&cte)
            .filter(cte.c("id").lt(a))
            .order_by((cte.c("id") + b).asc().nulls_last())
    };
    for (a, b, c) in [(1, 2, 3), (10, 20, 30), (7, 7, 8)] {
        let fresh = q(a, b, c).compile(&Emulating).unwrap();
        assert_eq!(cache.compile(&q(a, b, c)).unwrap(), fresh);
        assert_eq!(
            fresh.values().unwrap(),
            vec![Value::Int(c), Value::Int(a), Value::Int(b), Value::Int(b)]
        );
    }
    assert_eq!(cache.stats().hits, 2);
}

#[test]
fn named_parameters_and_client_defaults_survive_a_hit() {
    let mut meta = MetaData::new();
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let c2 = counter.clone();
    let t = meta
        .table("t", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("status", SqlType::string(10)).default("new");
            t.column("seq", SqlType::BigInteger).default_fn(move || {
                Value::Int(c2.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
            });
        })
        .unwrap();
    let cache = CompileCache::new(GenericDialect);
    for id in 0..3 {
        let c = cache
            .compile(&insert(&t).value("id", bindparam("id")))
            .unwrap();
        assert_eq!(c.params[0], Param::Named("id".into()));
        assert_eq!(c.params[1], Param::Value(Value::from("new")));
        assert_eq!(c.params[2], Param::Value(Value::Int(id)));
    }
    assert_eq!(cache.stats().hits, 2);
}

#[test]
fn eviction_follows_lru_order_with_one_shard() {
    let cache = CompileCache::with_shards(GenericDialect, 3, 1);
    for n in 0..3 {
        cache.compile(&shape(n)).unwrap();
    }
    // Touch 0 so that 1 is now the least recently used.
    cache.compile(&shape(0)).unwrap();
    cache.compile(&shape(3)).unwrap();
    assert_eq!(cache.stats().evictions, 1);
    let before = cache.stats().misses;
    cache.compile(&shape(0)).unwrap();
    cache.compile(&shape(2)).unwrap();
    cache.compile(&shape(3)).unwrap();
    assert_eq!(cache.stats().misses, before, "0, 2 and 3 are still cached");
    cache.compile(&shape(1)).unwrap();
    assert_eq!(cache.stats().misses, before + 1, "1 was evicted");
}

#[test]
fn the_size_bound_holds_with_shards() {
    let cache = CompileCache::with_capacity(GenericDialect, 50);
    for n in 0..1000 {
        cache.compile(&shape(n)).unwrap();
        assert!(cache.len() <= 50);
    }
    let s = cache.stats();
    assert_eq!(s.misses, 1000);
    assert_eq!(s.evictions, 1000 - s.len as u64);
    assert!(s.len > 40, "shards should fill up: {}", s.len);
}

#[test]
fn capacity_zero_disables_the_cache() {
    let cache = CompileCache::with_capacity(GenericDialect, 0);
    let (c, outcome) = cache.compile_traced(&point(1)).unwrap();
    assert_eq!(outcome, CacheOutcome::Disabled);
    assert_eq!(c, point(1).compile(&GenericDialect).unwrap());
    assert_eq!(cache.stats(), CacheStats::default());
}

#[test]
fn text_statements_are_reported_uncacheable() {
    let cache = CompileCache::new(GenericDialect);
    let (_, o) = cache
        .compile_traced(&text("SELECT :a").bind("a", 1))
        .unwrap();
    assert_eq!(
        o,
        CacheOutcome::Uncacheable(Uncacheable::Construct("this statement kind"))
    );
    assert_eq!(cache.stats().uncacheable, 1);
    assert_eq!(cache.stats().len, 0);
}

/// A `text()` fragment in a built statement is part of its key: statements that
/// differ only in the fragment's bound values share an entry, and every hit
/// renders what a fresh compile does.
#[test]
fn text_fragments_are_cached_by_their_sql_and_names() {
    let cache = CompileCache::new(GenericDialect);
    let u = users();
    let q = |frag: TextClause, id: i64| {
        select(u.c("id"))
            .from(&u)
            .filter(Expr::from(frag).and(u.c("id").ne(id)))
    };
    let range = |lo: i64, hi: i64| text("id > :lo AND id < :hi").bind("lo", lo).bind("hi", hi);
    let twice = |x: i64| text("id = :x OR id = :x + 1").bind("x", x);
    let list = |ids: &[i64]| text("id IN :ids").bind_list("ids", ids.iter().copied());
    let named = || text("id = :p");
    let cases: Vec<(Select, CacheOutcome)> = vec![
        (
            q(range(1, 9), 3),
            CacheOutcome::Miss {
                elapsed: Duration::ZERO,
            },
        ),
        (
            q(range(2, 8), 4),
            CacheOutcome::Hit {
                age: Duration::ZERO,
            },
        ),
        (
            q(twice(5), 1),
            CacheOutcome::Miss {
                elapsed: Duration::ZERO,
            },
        ),
        (
            q(twice(6), 2),
            CacheOutcome::Hit {
                age: Duration::ZERO,
            },
        ),
        (
            q(list(&[1, 2, 3]), 0),
            CacheOutcome::Miss {
                elapsed: Duration::ZERO,
            },
        ),
        (
            q(list(&[4, 5, 6]), 0),
            CacheOutcome::Hit {
                age: Duration::ZERO,
            },
        ),
        // Another length, another SQL text: another entry.
        (
            q(list(&[7, 8]), 0),
            CacheOutcome::Miss {
                elapsed: Duration::ZERO,
            },
        ),
        (
            q(named(), 1),
            CacheOutcome::Miss {
                elapsed: Duration::ZERO,
            },
        ),
        (
            q(named(), 2),
            CacheOutcome::Hit {
                age: Duration::ZERO,
            },
        ),
        // Other SQL in the fragment: another entry.
        (
            q(text("id = :x OR id = :x + 2").bind("x", 6), 2),
            CacheOutcome::Miss {
                elapsed: Duration::ZERO,
            },
        ),
    ];
    for (stmt, want) in &cases {
        let (got, outcome) = cache.compile_traced(stmt).unwrap();
        assert_eq!(got, stmt.compile(&GenericDialect).unwrap(), "{stmt:?}");
        assert_eq!(
            std::mem::discriminant(&outcome),
            std::mem::discriminant(want),
            "{stmt:?}: {outcome:?}"
        );
    }
    let (c, _) = cache.compile_traced(&q(twice(6), 2)).unwrap();
    assert_eq!(
        c.values().unwrap(),
        vec![Value::Int(6), Value::Int(6), Value::Int(2)]
    );
    let (c, _) = cache.compile_traced(&q(named(), 2)).unwrap();
    assert_eq!(c.params[0], Param::Named("p".into()));
    assert_eq!(cache.stats().uncacheable, 0);
    // A fragment the compiler refuses is an error, never an entry.
    let before = cache.stats().len;
    assert!(cache.compile(&q(text("id = 'open"), 1)).is_err());
    assert!(cache
        .compile(&q(
            text("id IN :ids").bind_list("ids", Vec::<i64>::new()),
            1
        ))
        .is_err());
    assert!(cache
        .compile(&q(text("id = :x").bind("x", Value::list([1, 2])), 1))
        .is_err());
    assert_eq!(cache.stats().len, before);
}

#[test]
fn errors_are_returned_and_not_cached() {
    let cache = CompileCache::new(GenericDialect);
    let u = users();
    let q = select(u.c("id"))
        .from(&u)
        .filter(Expr::invalid(Error::invalid("boom")));
    assert!(cache.compile(&q).is_err());
    let empty = select(Vec::<Expr>::new()).from(&u);
    assert!(cache.compile(&empty).is_err());
    assert!(cache.compile(&empty).is_err());
    assert_eq!(cache.stats().len, 0);
}

#[test]
fn badges_read_like_sqlalchemy() {
    let cache = CompileCache::new(GenericDialect);
    let (_, miss) = cache.compile_traced(&point(1)).unwrap();
    let (_, hit) = cache.compile_traced(&point(2)).unwrap();
    assert!(miss.to_string().starts_with("[generated in 0."), "{miss}");
    assert!(hit.to_string().starts_with("[cached since 0."), "{hit}");
}

#[test]
fn eight_threads_share_one_cache() {
    let cache = std::sync::Arc::new(CompileCache::with_capacity(GenericDialect, 64));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let cache = cache.clone();
            std::thread::spawn(move || {
                for i in 0..2000usize {
                    let n = (i * 7 + t) % 100;
                    let q = shape(n);
                    let c = cache.compile(&q).unwrap();
                    assert_eq!(c, q.compile(&GenericDialect).unwrap());
                    let p = cache.compile(&point(i as i64)).unwrap();
                    assert_eq!(p.values().unwrap(), vec![Value::Int(i as i64)]);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = cache.stats();
    assert_eq!(s.hits + s.misses, 8 * 2000 * 2);
    assert!(s.len <= 64);
}

#[test]
fn in_list_lengths_beyond_the_kept_variants_still_render_right() {
    let cache = CompileCache::new(Dollar);
    let u = users();
    // More lengths than a template keeps assembled, twice over, so that lengths
    // come back after their variant was dropped.
    for round in 0..2 {
        for n in 1..=(3 * crate::compile::template::MAX_VARIANTS) {
            let ids: Vec<i64> = (0..n as i64).map(|i| i + round).collect();
            let stmt = select(u.c("id"))
                .from(&u)
                .filter(u.c("id").in_(ids.clone()))
                .filter(u.c("name").eq("x"));
            let fresh = stmt.compile(&Dollar).unwrap();
            let hit = cache.compile_ref(&stmt).unwrap();
            assert_eq!(&*hit.sql, fresh.sql);
            assert_eq!(hit.clone().into_owned(), fresh);
            let expected: Vec<Value> = ids
                .iter()
                .map(|i| Value::Int(*i))
                .chain([Value::from("x")])
                .collect();
            let bound: Vec<Value> = hit.values().unwrap().into_iter().cloned().collect();
            assert_eq!(bound, expected);
        }
    }
    assert_eq!(cache.stats().misses, 1);
}

#[test]
fn compile_ref_borrows_values_from_the_statement() {
    let cache = CompileCache::new(GenericDialect);
    let stmt = point(42);
    let miss = cache.compile_ref(&point(7)).unwrap().into_owned();
    let hit = cache.compile_ref(&stmt).unwrap();
    assert_eq!(miss.sql, &*hit.sql);
    // The SQL is the entry's own, shared by every hit.
    let again = cache.compile_ref(&stmt).unwrap();
    assert!(Arc::ptr_eq(&hit.sql, &again.sql));
    let values = hit.values().unwrap();
    assert_eq!(values, vec![&Value::Int(42)]);
    // The value is the statement's own, not a copy.
    let Some(crate::Expr::Binary(b)) = &stmt.where_ else {
        panic!("point() filters on a comparison")
    };
    let crate::Expr::Value(v) = &b.right else {
        panic!("the right side is a value")
    };
    assert!(std::ptr::eq(values[0], v));
    // A miss hands back the same as a hit.
    let other = CompileCache::new(GenericDialect);
    assert_eq!(other.compile_ref(&stmt).unwrap(), hit);
}

#[test]
fn recycled_scratch_keeps_its_allocation() {
    let v = Value::Int(1);
    let mut values: Vec<&Value> = Vec::with_capacity(16);
    values.push(&v);
    let (ptr, cap) = (values.as_ptr() as usize, values.capacity());
    let kept = super::recycle(values);
    assert!(kept.is_empty());
    assert_eq!(kept.capacity(), cap);
    assert_eq!(kept.as_ptr() as usize, ptr);
}

#[test]
fn recycled_lists_keep_their_allocation() {
    let items = [Value::Int(1), Value::Int(2)];
    let mut lists: Vec<ListRef<'_>> = Vec::with_capacity(4);
    lists.push(ListRef::Values(&items));
    let (ptr, cap) = (lists.as_ptr() as usize, lists.capacity());
    let kept = super::recycle_lists(lists);
    assert!(kept.is_empty());
    assert_eq!(kept.capacity(), cap);
    assert_eq!(kept.as_ptr() as usize, ptr);
}

#[test]
fn a_cte_with_many_values_met_twice_binds_like_a_fresh_compile() {
    // Past 32 shared values the walk switches from a list to a map; both must
    // find the values met again when the CTE is walked a second time.
    let cache = CompileCache::new(Dollar);
    let u = users();
    let q = |base: i64, n: i64, outer: i64| {
        let cte = select(u.c("id"))
            .from(&u)
            .filter(or_((0..n).map(|i| u.c("id").eq(base + i))))
            .cte("picked");
        select(cte.c("id"))
            .from(&cte)
            .filter(cte.c("id").gt(outer))
            .filter(cte.c("id").in_(select(cte.c("id")).from(&cte)))
    };
    for n in [3, 40] {
        for (base, outer) in [(0, 5), (100, 7)] {
            let fresh = q(base, n, outer).compile(&Dollar).unwrap();
            assert_eq!(cache.compile(&q(base, n, outer)).unwrap(), fresh);
        }
    }
    assert_eq!(cache.stats().hits, 2);
    assert_eq!(cache.stats().misses, 2);
}

#[test]
fn a_statement_compiled_again_takes_its_memo_and_binds_like_a_fresh_compile() {
    let cache = CompileCache::new(Dollar);
    let u = users();
    let q = select((u.c("id"), u.c("name")))
        .from(&u)
        .filter(u.c("id").in_([1, 2, 3]))
        .filter(u.c("name").eq(bindparam("name")))
        .limit(5);
    let fresh = q.compile(&Dollar).unwrap();
    for _ in 0..5 {
        assert_eq!(cache.compile(&q).unwrap(), fresh);
        let bound = cache.compile_ref(&q).unwrap();
        let named = [("name", Value::from("ann"))];
        let got: Vec<Value> = bound.bind(&named).unwrap().into_iter().cloned().collect();
        assert_eq!(got, fresh.bind(&named).unwrap());
    }
    let remembered = q.memo.entry_for(cache.id);
    assert!(remembered.is_some(), "kept from the second compile on");
    let s = cache.stats();
    assert_eq!((s.misses, s.hits), (1, 9));
}

#[test]
fn a_memoized_statement_without_values_is_not_walked_and_binds_by_name() {
    let cache = CompileCache::new(Dollar);
    let u = users();
    // Only named parameters: a hit through the memo has nothing to collect.
    let prebuilt = select((u.c("id"), u.c("name")))
        .from(&u)
        .filter(u.c("id").eq(bindparam("id")))
        .filter(u.c("name").ne(bindparam("name")));
    // A value in the statement: the memo still walks it.
    let valued = select(u.c("id")).from(&u).filter(u.c("id").eq(7));
    let fresh = prebuilt.compile(&Dollar).unwrap();
    for round in 0..4 {
        let named = [("id", Value::Int(round)), ("name", Value::from("ann"))];
        let c = cache.compile_ref(&prebuilt).unwrap();
        assert_eq!(&*c.sql, fresh.sql.as_str());
        let got: Vec<Value> = c.bind(&named).unwrap().into_iter().cloned().collect();
        assert_eq!(got, fresh.bind(&named).unwrap());
        assert_eq!(
            cache.compile(&valued).unwrap(),
            valued.compile(&Dollar).unwrap()
        );
    }
    let prebuilt_memo = prebuilt.memo.entry_for(cache.id).expect("memoized");
    assert!(prebuilt_memo.valueless);
    assert!(!valued.memo.entry_for(cache.id).expect("memoized").valueless);
    let s = cache.stats();
    assert_eq!((s.misses, s.hits), (2, 6));
}

#[test]
fn every_builder_method_forgets_the_memo() {
    let cache = CompileCache::new(Dollar);
    let u = users();
    let o = table("orders");
    let base = || select(u.c("id")).from(&u).filter(u.c("id").gt(1));
    let cte = select(o.c("id")).from(&o).cte("c");
    type Step = Box<dyn Fn(Select) -> Select>;
    let steps: Vec<(&str, Step)> = vec![
        ("columns", Box::new(|s| s.columns(users().c("name")))),
        ("distinct", Box::new(|s| s.distinct())),
        (
            "distinct_on",
            Box::new(|s| s.distinct_on(users().c("name"))),
        ),
        ("from", Box::new(|s| s.from(table("orders")))),
        ("join", Box::new(|s| s.join(table("orders"), lit(true)))),
        (
            "left_join",
            Box::new(|s| s.left_join(table("orders"), lit(true))),
        ),
        ("filter", Box::new(|s| s.filter(users().c("id").lt(9)))),
        ("group_by", Box::new(|s| s.group_by(users().c("id")))),
        ("having", Box::new(|s| s.having(users().c("id").lt(9)))),
        ("order_by", Box::new(|s| s.order_by(users().c("id").desc()))),
        ("limit", Box::new(|s| s.limit(3))),
        ("offset", Box::new(|s| s.offset(3))),
        ("for_update", Box::new(|s| s.for_update())),
        ("nowait", Box::new(|s| s.for_update().nowait())),
        ("skip_locked", Box::new(|s| s.for_share().skip_locked())),
        ("lock_of", Box::new(|s| s.for_update().lock_of(["users"]))),
        ("with", Box::new(move |s| s.with(&cte))),
    ];
    for (name, step) in steps {
        let q = base();
        // Compiled three times: the memo holds the entry.
        for _ in 0..3 {
            cache.compile(&q).unwrap();
        }
        assert!(q.memo.entry_for(cache.id).is_some(), "{name}");
        let changed = step(q);
        assert!(changed.memo.entry_for(cache.id).is_none(), "{name}");
        let fresh = changed.compile(&Dollar);
        for _ in 0..3 {
            assert_eq!(cache.compile(&changed).ok(), fresh.clone().ok(), "{name}");
        }
    }
}

#[test]
fn a_memo_serves_only_the_cache_that_made_it() {
    let (a, b) = (CompileCache::new(Dollar), CompileCache::new(GenericDialect));
    let u = users();
    let q = select(u.c("id")).from(&u).filter(u.c("id").eq(7));
    for _ in 0..3 {
        a.compile(&q).unwrap();
    }
    for _ in 0..3 {
        assert_eq!(b.compile(&q).unwrap(), q.compile(&GenericDialect).unwrap());
    }
    assert_eq!(a.compile(&q).unwrap(), q.compile(&Dollar).unwrap());
    let copy = q.clone();
    assert!(copy.memo.entry_for(a.id).is_none());
    assert_eq!(a.compile(&copy).unwrap(), q.compile(&Dollar).unwrap());
}

#[test]
fn every_statement_kind_keeps_a_memo_and_builders_forget_it() {
    let cache = CompileCache::new(Dollar);
    let mut meta = MetaData::new();
    let t = meta
        .table("t", |t| {
            t.column("id", crate::SqlType::Integer).primary_key();
            t.column("v", crate::SqlType::Integer);
        })
        .unwrap();
    fn check<S: Compile>(cache: &CompileCache<Dollar>, stmt: &S, name: &str) {
        let fresh = stmt.compile(&Dollar).unwrap();
        for _ in 0..3 {
            assert_eq!(cache.compile(stmt).unwrap(), fresh, "{name}");
        }
        assert!(
            stmt.key_memo()
                .is_some_and(|m| m.entry_for(cache.id).is_some()),
            "{name}"
        );
    }
    let ins = insert(&t).value("id", bindparam("id"));
    check(&cache, &ins, "insert");
    let ins = ins.value("v", 5);
    assert!(ins.memo.entry_for(cache.id).is_none());
    check(&cache, &ins, "insert, v too");

    let up = update(&t).set("v", 2).filter(t.c("id").eq(1));
    check(&cache, &up, "update");
    let up = up.filter(t.c("v").gt(0));
    assert!(up.memo.entry_for(cache.id).is_none());
    check(&cache, &up, "update, narrowed");

    let del = delete(&t).filter(t.c("id").eq(1));
    check(&cache, &del, "delete");
    let del = del.filter(t.c("v").lt(3));
    assert!(del.memo.entry_for(cache.id).is_none());
    check(&cache, &del, "delete, narrowed");

    let k = select(t.c("id")).from(&t).union(select(t.c("v")).from(&t));
    check(&cache, &k, "union");
    let k = k.limit(2);
    assert!(k.memo.entry_for(cache.id).is_none());
    check(&cache, &k, "union, limited");
}

#[test]
fn shard_index_stays_in_range_and_spreads_key_hashes() {
    for n in [1, 2, 3, 7, 16, 17, 500, u32::MAX as usize] {
        for hash in [0, 1, u64::MAX, 0xFFFF_FFFF_FFFF_0000, 0x0000_FFFF_FFFF_0000] {
            assert!(shard_index(hash, n) < n, "hash {hash:#x}, {n} shards");
        }
    }
    // Hashes of real keys reach every shard, about evenly.
    let t = table("t");
    let mut per_shard = [0usize; 16];
    for i in 0..1600 {
        let stmt = select(t.c(format!("c{i}").as_str())).from(&t);
        let mut w = KeyWriter::<true>::new(vec![0u8; 8]);
        stmt.write_cache_key(&mut w)
            .map_err(|_| "uncacheable")
            .unwrap();
        per_shard[shard_index(key_hash(&w.buf), 16)] += 1;
    }
    assert!(
        per_shard.iter().all(|&k| (50..=150).contains(&k)),
        "{per_shard:?}"
    );
}

#[test]
fn a_memoized_statement_of_bindparams_binds_without_a_walk() {
    let cache = CompileCache::new(GenericDialect);
    let t = table("t");
    let stmt = select(t.c("a"))
        .from(&t)
        .filter(t.c("a").eq(bindparam("x")).and(t.c("b").eq(bindparam("y"))));
    let named = [("y", Value::Int(2)), ("x", Value::Int(1))];
    let mut out: Vec<&Value> = Vec::new();
    // Not memoized yet: the caller compiles as usual.
    assert!(cache
        .bind_memoized(&stmt, &named, &mut out, false)
        .is_none());
    cache.compile_ref(&stmt).unwrap();
    cache.compile_ref(&stmt).unwrap();
    let (sql, outcome) = cache
        .bind_memoized(&stmt, &named, &mut out, false)
        .expect("memoized")
        .unwrap();
    assert_eq!(
        sql,
        r#"SELECT "t"."a" FROM "t" WHERE "t"."a" = ? AND "t"."b" = ?"#
    );
    assert_eq!(out, [&Value::Int(1), &Value::Int(2)]);
    assert!(matches!(outcome, CacheOutcome::Hit { .. }));
    let mut out: Vec<&Value> = Vec::new();
    let err = cache
        .bind_memoized(&stmt, &named[..1], &mut out, false)
        .expect("memoized")
        .unwrap_err();
    assert!(matches!(err, Error::MissingBindParam { name } if name == "x"));

    // A statement with values of its own takes the walk.
    let valued = select(t.c("a"))
        .from(&t)
        .filter(t.c("a").eq(bindparam("x")).and(t.c("b").eq(3)));
    valued.compile(&GenericDialect).unwrap();
    cache.compile_ref(&valued).unwrap();
    cache.compile_ref(&valued).unwrap();
    assert!(cache
        .bind_memoized(&valued, &named[1..], &mut Vec::new(), false)
        .is_none());
    // So does one compiled through another cache, and a disabled cache.
    let other = CompileCache::new(GenericDialect);
    assert!(other
        .bind_memoized(&stmt, &named, &mut Vec::new(), false)
        .is_none());
    let off = CompileCache::with_capacity(GenericDialect, 0);
    assert!(off
        .bind_memoized(&stmt, &named, &mut Vec::new(), false)
        .is_none());
}
