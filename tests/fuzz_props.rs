//! The proptest versions of the cargo-fuzz targets in `fuzz/`, run on every
//! change:
//!
//! * `compile_tree`: statement trees (SELECT with joins, derived tables, CTEs,
//!   set operations, windows, CASE, casts, IN lists, `text()` fragments, locks;
//!   INSERT/UPDATE/DELETE with upserts and RETURNING), with hostile identifiers
//!   and values, compile without panicking on every dialect (and in literal
//!   mode), fail only with typed errors, render well-formed SQL, and SQLite's own
//!   `prepare` on a fixed schema accepts the SQLite rendering or refuses it for a
//!   semantic reason the tree explains (see `fuzz_common/oracle.rs`): a syntax
//!   error is always a bug;
//! * `url_round_trip`: database URLs parse, round-trip and hide passwords;
//! * `text_placeholders`: `text()` gives one placeholder per parameter name.
//!
//! The description types, the builder and the oracles live in
//! `tests/fuzz_common/`, shared with the fuzz targets; the strategies below
//! generate the same descriptions the fuzzer derives with `Arbitrary`.
//!
//! Bugs found are kept as ignored regression tests at the end of the file
//! (`cargo test --test fuzz_props -- --ignored`), with an ignored copy of the
//! tree property that builds their constructs too; the main property steers
//! around them (`tree::KNOWN_BUGS`) so that it keeps finding new ones.
//!
//! `cargo test --test fuzz_props -- --nocapture` prints how many trees were
//! tried and how many SQLite prepared.

macro_rules! describe {
    ($($item:item)*) => {
        $( #[derive(Debug, Clone)] $item )*
    };
}

mod fuzz_common;

use fuzz_common::oracle::{self, check_tree, SqliteOutcome, STATS};
use fuzz_common::textprop;
use fuzz_common::textprop::check_text;
use fuzz_common::tree::*;
use fuzz_common::urlprop::{self, check_url, check_url_parts, UrlPartsD};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

// ---------------------------------------------------------------------------
// Strategies for the description types
// ---------------------------------------------------------------------------

/// Mostly the valid names of `IDENTS` (the first 25), sometimes any of them
/// (empty, NUL, too long), sometimes a generated string.
fn ident() -> BoxedStrategy<IdentD> {
    prop_oneof![
        60 => (0..25u8).prop_map(IdentD::Fixed),
        2 => any::<u8>().prop_map(IdentD::Fixed),
        3 => "[a-zA-Z_\"'` :;?é]{1,10}".prop_map(IdentD::Raw),
    ]
    .boxed()
}

fn text_value() -> BoxedStrategy<TextD> {
    prop_oneof![
        6 => any::<u8>().prop_map(TextD::Fixed),
        1 => any::<String>().prop_map(TextD::Raw),
    ]
    .boxed()
}

fn value() -> BoxedStrategy<ValueD> {
    prop_oneof![
        5 => any::<i8>().prop_map(ValueD::Small),
        1 => any::<i64>().prop_map(ValueD::Int),
        1 => any::<f64>().prop_map(ValueD::Float),
        4 => text_value().prop_map(ValueD::Text),
        1 => vec(any::<u8>(), 0..4).prop_map(ValueD::Bytes),
        1 => any::<bool>().prop_map(ValueD::Bool),
        1 => Just(ValueD::Null),
    ]
    .boxed()
}

/// `.bind()` calls: mostly on the clause's own parameters.
fn binds() -> BoxedStrategy<Vec<BindD>> {
    vec(
        (
            prop_oneof![
                60 => any::<u8>().prop_map(IdentD::Fixed),
                1 => "[a-z]{1,3}".prop_map(IdentD::Raw),
            ],
            value(),
        )
            .prop_map(|(name, value)| BindD { name, value }),
        0..3,
    )
    .boxed()
}

fn invalid() -> BoxedStrategy<InvalidD> {
    prop_oneof![
        Just(InvalidD::UnknownColumn),
        Just(InvalidD::EmptyCase),
        Just(InvalidD::EmptyTuple),
        Just(InvalidD::BadFunctionName),
        Just(InvalidD::EscapeOnNonLike),
        Just(InvalidD::EmptySelect),
        Just(InvalidD::JoinWithoutFrom),
        Just(InvalidD::UnknownTextBind),
        Just(InvalidD::UnterminatedText),
        Just(InvalidD::CrossJoinOn),
    ]
    .boxed()
}

fn leaf() -> BoxedStrategy<ExprD> {
    prop_oneof![
        400 => (any::<u8>(), any::<u8>()).prop_map(|(i, c)| ExprD::Col(i, c)),
        300 => value().prop_map(ExprD::Val),
        60 => ident().prop_map(ExprD::Param),
        40 => Just(ExprD::Null),
        40 => any::<bool>().prop_map(ExprD::Bool),
        40 => any::<u8>().prop_map(ExprD::Excluded),
        60 => (any::<u8>(), binds()).prop_map(|(i, b)| ExprD::Text(i, b)),
        6 => Just(ExprD::CountStar),
        20 => Just(ExprD::Now),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(t, c)| ExprD::OuterCol(t, c)),
        1 => any::<u8>().prop_map(ExprD::Unqualified),
        1 => (ident(), ident()).prop_map(|(t, c)| ExprD::AdhocCol(t, c)),
        1 => invalid().prop_map(ExprD::Invalid),
    ]
    .boxed()
}

fn dir() -> impl Strategy<Value = u8> {
    0..3u8
}

fn lim(e: BoxedStrategy<ExprD>) -> BoxedStrategy<LimD> {
    prop_oneof![
        6 => any::<u8>().prop_map(LimD::Small),
        2 => any::<i64>().prop_map(LimD::Int),
        1 => ident().prop_map(LimD::Param),
        1 => e.prop_map(LimD::Expr),
    ]
    .boxed()
}

fn col(e: BoxedStrategy<ExprD>) -> BoxedStrategy<ColD> {
    prop_oneof![
        8 => e.clone().prop_map(ColD::Expr),
        4 => (e, ident()).prop_map(|(e, n)| ColD::Label(e, n)),
        1 => option::of(any::<u8>()).prop_map(ColD::Star),
        1 => any::<u8>().prop_map(ColD::AllColumns),
    ]
    .boxed()
}

fn join_kind() -> BoxedStrategy<JoinKindD> {
    prop_oneof![
        4 => Just(JoinKindD::Inner),
        3 => Just(JoinKindD::Left),
        1 => Just(JoinKindD::Right),
        1 => Just(JoinKindD::Full),
        1 => Just(JoinKindD::Cross),
    ]
    .boxed()
}

/// A FROM item; `sub` makes derived tables and ad-hoc tables (None: schema
/// tables, aliases and CTEs only).
fn from(e: BoxedStrategy<ExprD>, sub: Option<BoxedStrategy<QueryD>>) -> BoxedStrategy<FromD> {
    let mut sources: Vec<(u32, BoxedStrategy<SourceD>)> = vec![
        (96, any::<u8>().prop_map(SourceD::Table).boxed()),
        (
            96,
            (any::<u8>(), ident())
                .prop_map(|(t, a)| SourceD::Alias(t, a))
                .boxed(),
        ),
        (48, any::<u8>().prop_map(SourceD::Cte).boxed()),
    ];
    if sub.is_some() {
        sources.push((2, ident().prop_map(SourceD::Adhoc).boxed()));
        sources.push((
            4,
            (ident(), vec(ident(), 0..4), vec(vec(value(), 0..4), 0..4))
                .prop_map(|(a, cols, rows)| SourceD::Values(a, cols, rows))
                .boxed(),
        ));
    }
    if let Some(q) = sub {
        sources.push((
            36,
            (q.clone(), ident())
                .prop_map(|(q, a)| SourceD::Sub(Box::new(q), a))
                .boxed(),
        ));
        sources.push((
            4,
            (q, ident())
                .prop_map(|(q, a)| SourceD::Lateral(Box::new(q), a))
                .boxed(),
        ));
    }
    let source = prop::strategy::Union::new_weighted(sources).boxed();
    let nested = (
        source.clone(),
        vec(
            (
                join_kind(),
                source.clone(),
                option::weighted(0.9, e.clone()),
            ),
            1..2,
        ),
    )
        .prop_map(|(base, joins)| {
            SourceD::Nested(Box::new(FromD {
                base,
                joins: joins
                    .into_iter()
                    .map(|(kind, right, on)| JoinD { kind, right, on })
                    .collect(),
            }))
        });
    let right = prop_oneof![8 => source.clone(), 1 => nested].boxed();
    (
        source,
        vec((join_kind(), right, option::weighted(0.9, e)), 0..3),
    )
        .prop_map(|(base, joins)| FromD {
            base,
            joins: joins
                .into_iter()
                .map(|(kind, right, on)| JoinD { kind, right, on })
                .collect(),
        })
        .boxed()
}

fn order(e: BoxedStrategy<ExprD>) -> BoxedStrategy<OrderD> {
    (
        prop_oneof![
            24 => e.prop_map(OrderKeyD::Expr),
            12 => any::<u8>().prop_map(OrderKeyD::Label),
            1 => ident().prop_map(OrderKeyD::LabelName),
        ],
        dir(),
        dir(),
    )
        .prop_map(|(key, dir, nulls)| OrderD { key, dir, nulls })
        .boxed()
}

fn lock() -> BoxedStrategy<LockD> {
    (
        any::<bool>(),
        0..3u8,
        vec(ident(), 0..2),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(share, wait, of, misuse)| LockD {
            share,
            wait,
            of,
            misuse,
        })
        .boxed()
}

/// A SELECT whose expressions come from `e` and whose derived tables from `sub`;
/// with `sub` (a statement-level select), also DISTINCT ON, locks and explicit
/// CTEs, which stay rare per tree that way.
fn select_d(e: BoxedStrategy<ExprD>, sub: Option<BoxedStrategy<QueryD>>) -> BoxedStrategy<SelectD> {
    let rich = sub.is_some();
    let distinct = if rich {
        prop_oneof![
            30 => Just(DistinctD::None),
            6 => Just(DistinctD::All),
            1 => vec(e.clone(), 1..2).prop_map(DistinctD::On),
        ]
        .boxed()
    } else {
        prop_oneof![8 => Just(DistinctD::None), 1 => Just(DistinctD::All)].boxed()
    };
    let lock = if rich {
        option::weighted(0.1, lock()).boxed()
    } else {
        Just(None).boxed()
    };
    let with = if rich {
        vec(any::<u8>(), 0..2).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (
        (
            vec(col(e.clone()), 1..4),
            vec(from(e.clone(), sub), 0..3),
            distinct,
            option::weighted(0.6, e.clone()),
            option::weighted(0.1, e.clone()),
        ),
        (
            prop_oneof![5 => Just(Vec::new()), 1 => vec(e.clone(), 1..3)],
            prop_oneof![
                6 => Just(GroupingD::Plain),
                1 => Just(GroupingD::Rollup),
                1 => Just(GroupingD::Cube),
                1 => Just(GroupingD::Sets),
                1 => Just(GroupingD::PartialRollup),
            ],
            option::weighted(0.05, e.clone()),
            vec(order(e.clone()), 0..3),
            option::weighted(0.3, lim(e.clone())),
            option::weighted(0.2, lim(e)),
            lock,
            with,
        ),
    )
        .prop_map(
            |(
                (cols, from, distinct, where_, where2),
                (group_by, grouping, having, order_by, limit, offset, lock, with),
            )| SelectD {
                cols,
                from,
                distinct,
                where_,
                group_by,
                grouping,
                having,
                order_by,
                limit,
                offset,
                lock,
                with,
                where2,
            },
        )
        .boxed()
}

/// Set operators; the ALL forms SQLite refuses only at statement level.
fn set_op(rich: bool) -> BoxedStrategy<SetOpD> {
    let all = u32::from(rich);
    prop_oneof![
        8 => Just(SetOpD::Union),
        8 => Just(SetOpD::UnionAll),
        5 => Just(SetOpD::Intersect),
        all => Just(SetOpD::IntersectAll),
        5 => Just(SetOpD::Except),
        all => Just(SetOpD::ExceptAll),
    ]
    .boxed()
}

/// Set operations over selects from `sel`, members possibly set operations of
/// their own.
fn compound_d(
    e: BoxedStrategy<ExprD>,
    sel: BoxedStrategy<SelectD>,
    rich: bool,
) -> BoxedStrategy<CompoundD> {
    let member = prop_oneof![
        6 => sel.clone().prop_map(|s| QueryD::Select(Box::new(s))),
        1 => (sel.clone(), set_op(rich), sel.clone()).prop_map(|(a, op, b)| {
            QueryD::Compound(Box::new(CompoundD {
                first: a,
                rest: vec![(op, QueryD::Select(Box::new(b)))],
                order_by: Vec::new(),
                limit: None,
                offset: None,
                with: Vec::new(),
                wrong_width: false,
            }))
        }),
    ];
    (
        sel,
        vec((set_op(rich), member), 1..3),
        vec((any::<u8>(), dir(), dir()), 0..2),
        option::weighted(0.3, lim(e.clone())),
        option::weighted(0.2, lim(e)),
        vec(any::<u8>(), 0..2),
        proptest::bool::weighted(0.05),
    )
        .prop_map(
            |(first, rest, order_by, limit, offset, with, wrong_width)| CompoundD {
                first,
                rest,
                order_by,
                limit,
                offset,
                with,
                wrong_width,
            },
        )
        .boxed()
}

fn query_d(e: BoxedStrategy<ExprD>, sub: Option<BoxedStrategy<QueryD>>) -> BoxedStrategy<QueryD> {
    let rich = sub.is_some();
    let sel = select_d(e.clone(), sub);
    prop_oneof![
        5 => sel.clone().prop_map(|s| QueryD::Select(Box::new(s))),
        1 => compound_d(e, sel, rich).prop_map(|c| QueryD::Compound(Box::new(c))),
    ]
    .boxed()
}

fn type_d() -> BoxedStrategy<TypeD> {
    prop_oneof![
        8 => (0..14u8).prop_filter("INTERVAL, rarely", |t| *t != 10).prop_map(TypeD::Simple),
        1 => any::<u8>().prop_map(TypeD::Simple),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(p, s)| TypeD::Numeric(p, s)),
        1 => option::of(any::<u32>()).prop_map(TypeD::Str),
        1 => prop_oneof![8 => vec(ident(), 1..3), 1 => Just(Vec::new())].prop_map(TypeD::Enum),
    ]
    .boxed()
}

fn bound_d() -> BoxedStrategy<BoundD> {
    prop_oneof![
        Just(BoundD::UnboundedPreceding),
        (0..4u8).prop_map(BoundD::Preceding),
        Just(BoundD::CurrentRow),
        (0..4u8).prop_map(BoundD::Following),
        Just(BoundD::UnboundedFollowing),
    ]
    .boxed()
}

fn agg_d() -> BoxedStrategy<AggD> {
    prop_oneof![
        Just(AggD::Count),
        Just(AggD::Sum),
        Just(AggD::Avg),
        Just(AggD::Min),
        Just(AggD::Max),
    ]
    .boxed()
}

fn bx(e: ExprD) -> Box<ExprD> {
    Box::new(e)
}

fn expr() -> BoxedStrategy<ExprD> {
    thread_local! {
        static S: BoxedStrategy<ExprD> = expr_strategy();
    }
    S.with(Clone::clone)
}

fn expr_strategy() -> BoxedStrategy<ExprD> {
    leaf()
        .prop_recursive(4, 32, 3, |inner| {
            let i = || inner.clone();
            // Subqueries: plain sources only, so that nesting stays bounded.
            let sub = query_d(i(), None);
            let cmp = prop_oneof![
                Just(CmpD::Eq),
                Just(CmpD::Ne),
                Just(CmpD::Lt),
                Just(CmpD::Le),
                Just(CmpD::Gt),
                Just(CmpD::Ge),
            ];
            let arith = prop_oneof![
                Just(ArithD::Add),
                Just(ArithD::Sub),
                Just(ArithD::Mul),
                Just(ArithD::Div),
                Just(ArithD::Mod),
                Just(ArithD::Concat),
            ];
            let win_fn = prop_oneof![
                Just(WinFnD::Rank),
                Just(WinFnD::DenseRank),
                Just(WinFnD::RowNumber),
                Just(WinFnD::CountStar),
                (agg_d(), i()).prop_map(|(a, e)| WinFnD::Agg(a, e)),
                (any::<u8>(), vec(i(), 0..2)).prop_map(|(f, a)| WinFnD::Call(f, a)),
            ];
            let frame = option::weighted(
                0.5,
                (0..3u8, bound_d(), bound_d()).prop_map(|(units, start, end)| FrameD {
                    units,
                    start,
                    end,
                }),
            );
            let window = (win_fn, vec(i(), 0..2), vec((i(), dir(), dir()), 0..2), frame).prop_map(
                |(func, partition, order, frame)| {
                    ExprD::Window(Box::new(WindowD {
                        func,
                        partition,
                        order,
                        frame,
                    }))
                },
            );
            let like = (i(), i(), any::<bool>(), any::<bool>(), option::weighted(0.3, prop_oneof![20 => prop::sample::select(vec!['!', '\\', '\'', '"', '`', 'é']), 1 => Just('\0')]))
                .prop_map(|(expr, pattern, negated, ci, escape)| {
                    ExprD::Like(Box::new(LikeD {
                        expr,
                        pattern,
                        negated,
                        ci,
                        escape,
                    }))
                });
            let case_ = (option::weighted(0.3, i()), vec((i(), i()), 1..3), option::of(i())).prop_map(
                |(operand, whens, else_)| {
                    ExprD::Case(Box::new(CaseD {
                        operand,
                        whens,
                        else_,
                    }))
                },
            );
            let scalar_fn = prop_oneof![
                Just(ScalarFnD::Lower),
                Just(ScalarFnD::Upper),
                Just(ScalarFnD::Length),
                Just(ScalarFnD::Abs),
            ];
            prop_oneof![
                8 => (cmp, i(), i()).prop_map(|(op, l, r)| ExprD::Cmp(op, bx(l), bx(r))),
                4 => (arith, i(), i()).prop_map(|(op, l, r)| ExprD::Arith(op, bx(l), bx(r))),
                1 => i().prop_map(|e| ExprD::Neg(bx(e))),
                3 => vec(i(), 0..4).prop_map(ExprD::And),
                2 => vec(i(), 0..4).prop_map(ExprD::Or),
                2 => (any::<bool>(), i(), i()).prop_map(|(a, l, r)| ExprD::Chain(a, bx(l), bx(r))),
                2 => i().prop_map(|e| ExprD::Not(bx(e))),
                2 => like,
                3 => (i(), vec(value(), 0..5), any::<bool>()).prop_map(|(e, v, n)| ExprD::InValues(bx(e), v, n)),
                1 => (i(), vec(i(), 1..3), any::<bool>()).prop_map(|(e, v, n)| ExprD::InExprs(bx(e), v, n)),
                1 => (i(), sub.clone(), any::<bool>()).prop_map(|(e, q, n)| ExprD::InSub(bx(e), Box::new(q), n)),
                1 => (i(), i(), i(), any::<bool>()).prop_map(|(e, l, h, n)| ExprD::Between(bx(e), bx(l), bx(h), n)),
                2 => (i(), any::<bool>()).prop_map(|(e, n)| ExprD::IsNull(bx(e), n)),
                1 => (i(), i(), any::<bool>()).prop_map(|(l, r, n)| ExprD::DistinctFrom(bx(l), bx(r), n)),
                2 => case_,
                2 => (i(), type_d()).prop_map(|(e, t)| ExprD::Cast(bx(e), t)),
                1 => (i(), any::<u8>()).prop_map(|(e, c)| ExprD::Collate(bx(e), c)),
                1 => (i(), any::<u8>()).prop_map(|(e, p)| ExprD::Extract(bx(e), p)),
                2 => (prop_oneof![30 => 0..27u8, 1 => any::<u8>()], vec(i(), 0..3), proptest::bool::weighted(0.9)).prop_map(|(f, a, fit)| ExprD::Func(f, a, fit)),
                1 => (agg_d(), proptest::bool::weighted(0.3), i()).prop_map(|(a, d, e)| ExprD::Agg(a, d, bx(e))),
                1 => (agg_d(), i(), i()).prop_map(|(a, e, c)| ExprD::AggFiltered(a, bx(e), bx(c))),
                1 => (scalar_fn, i()).prop_map(|(f, e)| ExprD::Scalar1(f, bx(e))),
                1 => vec(i(), 2..4).prop_map(ExprD::Coalesce),
                1 => (i(), i()).prop_map(|(e, d)| ExprD::Round(bx(e), bx(d))),
                2 => window,
                1 => (sub.clone(), any::<bool>()).prop_map(|(q, n)| ExprD::Exists(Box::new(q), n)),
                1 => sub.prop_map(|q| ExprD::Scalar(Box::new(q))),
                1 => vec(i(), 1..3).prop_map(ExprD::Tuple),
                1 => (i(), ident()).prop_map(|(e, n)| ExprD::Labeled(bx(e), n)),
            ]
        })
        .boxed()
}

/// A statement-level query: derived tables allowed.
fn top_query() -> BoxedStrategy<QueryD> {
    query_d(expr(), Some(query_d(expr(), None)))
}

fn cte_d() -> BoxedStrategy<CteD> {
    (
        ident(),
        prop_oneof![
            4 => query_d(expr(), None).prop_map(CteBodyD::Query),
            1 => (any::<u8>(), any::<i8>()).prop_map(|(v, n)| CteBodyD::Recursive(v, n)),
        ],
        any::<bool>(),
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(name, body, explicit_columns, wrong_width)| CteD {
            name,
            body,
            explicit_columns,
            wrong_width,
        })
        .boxed()
}

fn returning() -> BoxedStrategy<Vec<ColD>> {
    prop_oneof![3 => Just(Vec::new()), 1 => vec(col(expr()), 1..3)].boxed()
}

fn insert_d() -> BoxedStrategy<InsertD> {
    let source = prop_oneof![
        3 => (vec((any::<u8>(), expr()), 1..5), proptest::bool::weighted(0.05))
            .prop_map(|(p, d)| InsertSourceD::Single(p, d)),
        3 => (any::<u8>(), prop_oneof![12 => vec(vec(expr(), 1..6), 1..4), 1 => Just(Vec::new())], proptest::bool::weighted(0.05))
            .prop_map(|(m, r, g)| InsertSourceD::Rows(m, r, g)),
        2 => (any::<u8>(), query_d(expr(), None)).prop_map(|(m, q)| InsertSourceD::Select(m, q)),
        1 => Just(InsertSourceD::DefaultValues),
    ];
    let set = prop_oneof![
        2 => any::<u8>().prop_map(SetD::Excluded),
        1 => expr().prop_map(SetD::Expr),
    ];
    let action = prop_oneof![
        2 => Just(ActionD::Nothing),
        3 => (prop_oneof![12 => vec((any::<u8>(), set), 1..3), 1 => Just(Vec::new())], option::weighted(0.3, expr()))
            .prop_map(|(s, w)| ActionD::Update(s, w)),
    ];
    let target = prop_oneof![
        1 => Just(TargetD::Any),
        4 => any::<u8>().prop_map(TargetD::Unique),
        1 => any::<u8>().prop_map(TargetD::Columns),
        1 => ident().prop_map(TargetD::Constraint),
    ];
    let oc =
        (target, action, any::<bool>()).prop_map(|(target, action, where_first)| OnConflictD {
            target,
            action,
            where_first,
        });
    (
        any::<u8>(),
        source,
        option::weighted(0.4, oc),
        returning(),
        vec(any::<u8>(), 0..2),
    )
        .prop_map(|(table, source, on_conflict, returning, with)| InsertD {
            table,
            source,
            on_conflict,
            returning,
            with,
        })
        .boxed()
}

fn update_d() -> BoxedStrategy<UpdateD> {
    (
        any::<u8>(),
        prop_oneof![12 => vec((any::<u8>(), expr()), 1..3), 1 => Just(Vec::new())],
        prop_oneof![3 => Just(Vec::new()), 1 => vec(from(expr(), None), 1..2)],
        option::weighted(0.8, expr()),
        returning(),
        vec(any::<u8>(), 0..2),
    )
        .prop_map(|(table, sets, from, where_, returning, with)| UpdateD {
            table,
            sets,
            from,
            where_,
            returning,
            with,
        })
        .boxed()
}

fn delete_d() -> BoxedStrategy<DeleteD> {
    (
        any::<u8>(),
        prop_oneof![3 => Just(Vec::new()), 1 => vec(from(expr(), None), 1..2)],
        option::weighted(0.8, expr()),
        returning(),
        vec(any::<u8>(), 0..2),
    )
        .prop_map(|(table, using, where_, returning, with)| DeleteD {
            table,
            using,
            where_,
            returning,
            with,
        })
        .boxed()
}

fn tree() -> BoxedStrategy<TreeD> {
    let stmt = prop_oneof![
        8 => top_query().prop_map(StmtD::Query),
        3 => insert_d().prop_map(|i| StmtD::Insert(Box::new(i))),
        2 => update_d().prop_map(|u| StmtD::Update(Box::new(u))),
        2 => delete_d().prop_map(|d| StmtD::Delete(Box::new(d))),
        1 => (any::<u8>(), binds()).prop_map(|(i, b)| StmtD::Text(i, b)),
    ];
    (
        prop_oneof![2 => Just(Vec::new()), 1 => vec(cte_d(), 1..3)],
        stmt,
    )
        .prop_map(|(ctes, stmt)| TreeD { ctes, stmt })
        .boxed()
}

fn url_parts() -> BoxedStrategy<UrlPartsD> {
    let s = || "[a-zA-Z0-9:@/?#&=+% .é\\[\\]-]{0,8}";
    (
        any::<u8>(),
        option::of("[a-z_+-]{0,6}"),
        option::of(s()),
        option::of(s()),
        option::of(s()),
        option::of(any::<u16>()),
        option::of(s()),
        vec((s(), s()), 0..3),
    )
        .prop_map(
            |(scheme, driver, username, password, host, port, database, query)| UrlPartsD {
                scheme,
                driver,
                username,
                password,
                host,
                port,
                database,
                query,
            },
        )
        .boxed()
}

/// URL-like strings: the structure's characters, often in the right order.
fn url_text() -> BoxedStrategy<String> {
    let part = || "[a-zA-Z0-9:@/?#&=+%.\\[\\] _-]{0,8}";
    prop_oneof![
        1 => any::<String>(),
        3 => (
            "(postgresql|mysql|sqlite|Pg|x\\+y|a b)",
            "(://|:/|//|)",
            part(),
            "(:|)",
            part(),
            "(@|)",
            part(),
            "(:[0-9]{0,6}|)",
            "(/|)",
            part(),
            "(\\?|)",
            part(),
        )
            .prop_map(|p| {
                format!(
                    "{}{}{}{}{}{}{}{}{}{}{}{}",
                    p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, p.9, p.10, p.11
                )
            }),
    ]
    .boxed()
}

/// SQL-like strings for `text()`: the characters its scanner cares about.
fn text_sql() -> BoxedStrategy<String> {
    prop_oneof![
        1 => any::<String>(),
        4 => "[a-z:_'\"`$\\\\/*\n -]{0,24}",
        2 => vec(
            prop::sample::select(vec![
                ":a", ":b_1", "::", "\\:", "'", "''", "\"", "`", "$$", "$t$", "--", "\n", "/*", "*/",
                " ", "x", "1", ":", "$1", "é", ":é", "\\", "?",
            ]),
            0..12,
        )
        .prop_map(|v| v.concat()),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        max_shrink_iters: 4096,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn report_stats(name: &str) {
    STATS.with(|s| {
        let s = s.borrow();
        eprintln!(
            "{name}: {} trees tried, {} prepared by SQLite ({} also in literal form), {} typed compile errors on SQLite, {} refused by SQLite for a semantic reason",
            s.trees, s.prepared, s.literal_prepared, s.compile_errors, s.semantic
        );
    });
}

fn run_tree_property(known_bugs: bool, cases: u32) {
    STATS.with(|s| *s.borrow_mut() = oracle::Stats::default());
    let mut runner = proptest::test_runner::TestRunner::new(config(cases));
    let result = runner.run(&tree(), |t| {
        check_tree(&t, known_bugs)
            .map(|_| ())
            .map_err(TestCaseError::fail)
    });
    report_stats(if known_bugs {
        "compile_tree (known bugs included)"
    } else {
        "compile_tree"
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // A generator that SQLite never accepts would test nothing.
    STATS.with(|s| {
        let s = s.borrow();
        assert!(
            s.prepared * 4 >= s.trees,
            "too few trees prepared by SQLite: {} of {}",
            s.prepared,
            s.trees
        );
    });
}

#[test]
fn compile_tree() {
    run_tree_property(false, 512);
}

/// The tree property including the constructs of the known bugs below.
#[test]
fn compile_tree_with_known_bugs() {
    run_tree_property(true, 512);
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn url_round_trip(s in url_text()) {
        check_url(&s).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn url_parts_round_trip(p in url_parts()) {
        check_url_parts(&p).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn text_placeholders(s in text_sql()) {
        check_text(&s).map_err(TestCaseError::fail)?;
    }
}

/// The oracle itself: what it excuses and what it never does.
#[test]
fn oracle_classifies_sqlite_errors() {
    let none = Flags::default();
    let all = Flags {
        unresolved: Some("test"),
        ambiguous: Some("test"),
        width: Some("test"),
        missing_function: true,
    };
    for syntax in [
        "near \"ON\": syntax error",
        "incomplete input",
        "unrecognized token: \"'abc\"",
        "ORDER BY clause should come after UNION not before",
    ] {
        assert!(oracle::classify(syntax, &all).is_err(), "{syntax}");
    }
    assert!(oracle::classify("no such column: x", &none).is_err());
    assert!(oracle::classify("no such column: x", &all).is_ok());
    assert!(oracle::classify("misuse of aggregate: sum()", &none).is_ok());
    assert!(oracle::classify("something new", &all).is_err());
    // A label that may not exist can land on a column two FROM items share.
    let unresolved = Flags {
        unresolved: Some("test"),
        ..Flags::default()
    };
    assert!(oracle::classify("ambiguous column name: x", &unresolved).is_ok());
    assert!(oracle::classify("ambiguous column name: x", &none).is_err());
    assert!(oracle::classify("duplicate WITH table name: c", &unresolved).is_err());
    // Generated names inside a message never decide (found by the fuzzer: a
    // column named "parser stack overflow b&").
    assert!(oracle::classify("no such column: x.parser stack overflow b&", &all).is_ok());
    assert!(oracle::classify("no such column: x.near \"y\": syntax error", &all).is_ok());
    // The fixed schema is what SQLite has.
    assert!(
        oracle::sqlite_prepare("SELECT \"we\"\"ird 'tab\".\"q?\" FROM \"we\"\"ird 'tab\"").is_ok()
    );
    assert_eq!(
        oracle::check_tree(
            &TreeD {
                ctes: Vec::new(),
                stmt: StmtD::Text(0, Vec::new()),
            },
            false
        ),
        Ok(SqliteOutcome::Prepared)
    );
}

/// An aggregate in a RETURNING list or a VALUES expression (invalid SQL
/// everywhere) makes the bundled SQLite report "no such table" for a WITH table
/// the statement reads in a subquery, as it does for an UPDATE's SET: the
/// oracle must take that for the engine's error, not a name sqlcraft failed to
/// put in scope. Found by `compile_tree` with `PROPTEST_CASES=4000` and 20000.
#[test]
fn oracle_aggregate_in_dml_expressions_with_a_cte() {
    let col = || ExprD::Col(0, 0);
    let tree = TreeD {
        ctes: vec![recursive_cte()],
        stmt: StmtD::Insert(Box::new(InsertD {
            table: 0,
            source: InsertSourceD::Single(vec![(0, col())], false),
            on_conflict: None,
            returning: vec![ColD::Expr(ExprD::Case(Box::new(CaseD {
                operand: None,
                whens: vec![
                    (ExprD::Agg(AggD::Count, false, Box::new(col())), col()),
                    (
                        ExprD::Scalar(Box::new(QueryD::Select(Box::new(select_from_cte())))),
                        col(),
                    ),
                ],
                else_: None,
            })))],
            with: vec![0],
        })),
    };
    let outcome = oracle::check_tree(&tree, false);
    assert!(outcome.is_ok(), "{outcome:?}");

    // The same in a VALUES expression, with the WITH table read by a subquery
    // of that expression (SQLite still reports it missing).
    let tree = TreeD {
        ctes: tree.ctes,
        stmt: StmtD::Insert(Box::new(InsertD {
            table: 0,
            source: InsertSourceD::Single(
                vec![(
                    0,
                    ExprD::Cmp(
                        CmpD::Eq,
                        Box::new(ExprD::Agg(
                            AggD::Count,
                            false,
                            Box::new(ExprD::Val(ValueD::Small(1))),
                        )),
                        Box::new(ExprD::Scalar(Box::new(QueryD::Select(Box::new(
                            select_from_cte(),
                        ))))),
                    ),
                )],
                false,
            ),
            on_conflict: None,
            returning: Vec::new(),
            with: Vec::new(),
        })),
    };
    let outcome = oracle::check_tree(&tree, false);
    assert!(outcome.is_ok(), "{outcome:?}");
}

/// The WITH table of the oracle tests: a recursive counter.
fn recursive_cte() -> CteD {
    CteD {
        name: IdentD::Fixed(0),
        body: CteBodyD::Recursive(4, 0),
        explicit_columns: false,
        wrong_width: false,
    }
}

/// `SELECT c0 FROM` the statement's first WITH table.
fn select_from_cte() -> SelectD {
    SelectD {
        cols: vec![ColD::Expr(ExprD::Col(0, 0))],
        from: vec![FromD {
            base: SourceD::Cte(0),
            joins: Vec::new(),
        }],
        distinct: DistinctD::None,
        where_: None,
        group_by: Vec::new(),
        grouping: GroupingD::Plain,
        having: None,
        order_by: Vec::new(),
        limit: None,
        offset: None,
        lock: None,
        with: Vec::new(),
        where2: None,
    }
}

/// A function SQLite lacks, called in an INSERT's VALUES on a subquery that
/// reads a WITH table, makes SQLite report "no such table" for that table (as
/// an aggregate there does, above): the oracle must take it for the engine's
/// error. Found by `compile_tree` in a CI rehearsal (stop 21).
#[test]
fn oracle_missing_function_in_dml_expressions_with_a_cte() {
    let my_fn = FUNCS.iter().position(|(n, _)| *n == "my_fn").unwrap() as u8;
    let tree = TreeD {
        ctes: vec![recursive_cte()],
        stmt: StmtD::Insert(Box::new(InsertD {
            table: 0,
            source: InsertSourceD::Single(
                vec![(
                    0,
                    ExprD::Func(
                        my_fn,
                        vec![ExprD::Scalar(Box::new(QueryD::Select(Box::new(
                            select_from_cte(),
                        ))))],
                        false,
                    ),
                )],
                false,
            ),
            on_conflict: None,
            returning: Vec::new(),
            with: vec![0],
        })),
    };
    let outcome = oracle::check_tree(&tree, false);
    assert!(outcome.is_ok(), "{outcome:?}");
}

/// The tree property including the constructs of the open bugs
/// (`tree::OPEN_BUGS`), kept as ignored regression tests below.
#[test]
#[ignore = "builds the constructs of open bugs (none open now); kept for the next finding"]
fn compile_tree_with_open_bugs() {
    INCLUDE_OPEN_BUGS.with(|b| b.set(true));
    run_tree_property(true, 512);
}

/// The URL and `text()` properties including the inputs of the known bugs.
#[test]
fn url_and_text_with_known_bugs() {
    let mut runner = proptest::test_runner::TestRunner::new(config(2048));
    let r = runner.run(&url_text(), |s| {
        urlprop::check_url_with(&s, true).map_err(TestCaseError::fail)
    });
    let r2 = runner.run(&text_sql(), |s| {
        textprop::check_text_with(&s, true).map_err(TestCaseError::fail)
    });
    if let Err(e) = r.and(r2) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------
// Bugs found by the generators (kept failing, ignored): each states the
// correct behaviour. `cargo test --test fuzz_props -- --ignored`.
// ---------------------------------------------------------------------------

mod regressions {
    use super::fuzz_common::oracle::sqlite_prepare;
    use super::fuzz_common::tree::schema;
    use sqlcraft::dialect::{Dialect, GenericDialect};
    use sqlcraft::engine::Url;
    use sqlcraft::prelude::*;
    use sqlcraft_mysql::MySql;
    use sqlcraft_postgres::Postgres;
    use sqlcraft_sqlite::Sqlite;

    fn users() -> &'static Table {
        &schema().tables[0]
    }
    fn orders() -> &'static Table {
        &schema().tables[1]
    }
    /// `"main"."audit"`, a schema-qualified table.
    fn audit() -> &'static Table {
        &schema().tables[3]
    }

    fn all_dialects() -> Vec<Box<dyn Dialect>> {
        vec![
            Box::new(Sqlite),
            Box::new(Postgres),
            Box::new(MySql::mariadb()),
            Box::new(MySql::mysql8()),
            Box::new(GenericDialect),
        ]
    }

    /// On SQLite, the statement is either refused with a typed error, or SQLite
    /// prepares it with as many parameters as sqlcraft bound.
    fn sqlite_typed_error_or_prepares(stmt: &impl Compile) {
        match stmt.compile(&Sqlite) {
            Err(e) => assert!(
                matches!(
                    e,
                    Error::Unsupported {
                        dialect: "sqlite",
                        ..
                    } | Error::InvalidStatement(_)
                ),
                "{e:?}"
            ),
            Ok(c) => match sqlite_prepare(&c.sql) {
                Ok(n) => assert_eq!(n, c.params.len(), "parameters of {}", c.sql),
                Err(msg) => panic!("SQLite refuses {}: {msg}", c.sql),
            },
        }
    }

    /// The same ORDER BY when the first member lists the named column twice
    /// (`SELECT users.id, users.id … UNION … ORDER BY id`): two result columns
    /// have the name, so the position was not used and SQLite refused the name
    /// again. Both are the same column, so the first position is right (and the
    /// second is now labelled `id_1` anyway); a name that different columns'
    /// explicit labels share is a typed error on SQLite.
    /// Found by the `compile_tree` fuzzer once it built the known-bug
    /// constructs by default.
    #[test]
    fn regression_sqlite_compound_order_by_column_listed_twice() {
        let (u, o) = (users(), orders());
        let q = select((u.c("id"), u.c("name"), u.c("id")))
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .union(select((lit(1), lit("x"), lit(1))))
            .order_by(column("id"));
        let sql = q.compile(&Sqlite).unwrap().sql;
        assert!(sql.ends_with(" ORDER BY 1"), "{sql}");
        sqlite_typed_error_or_prepares(&q);
        // Different columns named alike: the second is labelled `id_1`, so the
        // name is the first's.
        let q = select((u.c("id"), o.c("id")))
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .union(select((lit(1), lit(2))))
            .order_by(column("id"));
        let sql = q.compile(&Sqlite).unwrap().sql;
        assert!(sql.contains(r#""orders"."id" AS "id_1""#), "{sql}");
        assert!(sql.ends_with(" ORDER BY 1"), "{sql}");
        sqlite_typed_error_or_prepares(&q);
        // Different expressions the user labelled alike: SQLite cannot resolve
        // the name (it would only say it matches no result column), a typed
        // error.
        let q = select((u.c("id").label("k"), o.c("id").label("k")))
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .union(select((lit(1), lit(2))))
            .order_by(column("k"));
        match q.compile(&Sqlite) {
            Err(Error::Unsupported { dialect, construct }) => {
                assert_eq!(dialect, "sqlite");
                assert!(
                    construct.contains("different result columns"),
                    "{construct}"
                );
            }
            other => panic!("expected a typed error, got {other:?}"),
        }
        sqlite_typed_error_or_prepares(&q);
    }

    /// SQLite has no upsert after DEFAULT VALUES: sqlcraft renders
    /// `INSERT INTO "orders" DEFAULT VALUES ON CONFLICT DO NOTHING`, a syntax
    /// error ("near \"ON\""), for `default_values()` and for an INSERT without
    /// any `value()` alike. Found by `compile_tree` (fuzzer and proptest).
    #[test]
    fn regression_sqlite_default_values_upsert() {
        sqlite_typed_error_or_prepares(
            &insert(orders())
                .default_values()
                .on_conflict(OnConflict::any().do_nothing()),
        );
        sqlite_typed_error_or_prepares(
            &insert(orders()).on_conflict(OnConflict::columns(["id"]).do_nothing()),
        );
    }

    /// A frame cannot start at UNBOUNDED FOLLOWING nor end at UNBOUNDED
    /// PRECEDING on any engine; sqlcraft renders it as given (SQLite: "near
    /// \"PRECEDING\": syntax error") instead of refusing it.
    #[test]
    fn regression_frame_bounds_that_cannot_be() {
        for (start, end) in [
            (FrameBound::UnboundedFollowing, FrameBound::CurrentRow),
            (FrameBound::CurrentRow, FrameBound::UnboundedPreceding),
        ] {
            let q =
                select(func::count_star().over(WindowSpec::new().rows(start, end))).from(users());
            sqlite_typed_error_or_prepares(&q);
            for d in all_dialects() {
                let r = q.compile(d.as_ref());
                assert!(
                    matches!(
                        r,
                        Err(Error::InvalidStatement(_) | Error::Unsupported { .. })
                    ),
                    "{}: {r:?}",
                    d.name()
                );
            }
        }
    }

    /// `text("1 -- one")` is a valid expression, but sqlcraft writes what
    /// follows it on the same line, inside the comment: here the WHERE clause
    /// and its parameter vanish (SQLite prepares `SELECT 1` with no parameter
    /// for one bound value); in parentheses, the closing `)` vanishes.
    #[test]
    fn regression_text_fragment_ending_in_line_comment() {
        let q = select(Expr::from(text("1 -- one")).label("x"))
            .from(users())
            .filter(users().c("id").gt(0));
        sqlite_typed_error_or_prepares(&q);
        let q = select(lit(1))
            .from(users())
            .filter(Expr::from(text("1 -- one")).and(users().c("id").gt(0)));
        sqlite_typed_error_or_prepares(&q);
    }

    /// `Table::star()` of a schema-qualified table: `"main"."audit".*`, which
    /// SQLite's grammar lacks (only `table.*`): "near \"*\": syntax error".
    #[test]
    fn regression_sqlite_star_of_schema_table() {
        sqlite_typed_error_or_prepares(&select(audit().star()).from(audit()));
    }

    /// `func::call` documents schema-qualified names as accepted; SQLite has
    /// no schema-qualified functions and `main.abs(?)` is a syntax error there
    /// ("near \"(\""), where a typed Unsupported error is due.
    #[test]
    fn regression_sqlite_schema_qualified_function() {
        sqlite_typed_error_or_prepares(&select(func::call("main.abs", [lit(-1)])));
    }

    /// RETURNING on a schema-qualified table: sqlcraft writes
    /// `RETURNING "main"."audit"."id"`, which SQLite does not resolve ("no such
    /// column: main.audit.id"), though it does in SET and WHERE;
    /// `"audit"."id"` works.
    #[test]
    fn regression_sqlite_returning_schema_qualified_column() {
        let a = audit();
        sqlite_typed_error_or_prepares(&delete(a).returning(a.c("id")));
        sqlite_typed_error_or_prepares(&insert(a).value("who", "x").returning(a.c("id")));
        sqlite_typed_error_or_prepares(
            &update(a)
                .set("who", "x")
                .filter(a.c("id").eq(1))
                .returning(a.c("who")),
        );
    }

    /// `func::now().over(..)`: SQLite's keyword override gives
    /// `CURRENT_TIMESTAMP OVER ()` ("near \"OVER\": syntax error"), MySQL's
    /// `CURRENT_TIMESTAMP(6) OVER ()`; now() is no window function anywhere, so
    /// a typed error is due.
    #[test]
    fn regression_keyword_function_under_over() {
        sqlite_typed_error_or_prepares(&select(func::now().over(WindowSpec::new())).from(users()));
    }

    /// Two different CTEs named "x", one used by the other: sqlcraft declares
    /// both, `WITH "x" AS (…), "x" AS (SELECT "x"."n" FROM "x")` (SQLite:
    /// "duplicate WITH table name: x"; PostgreSQL refuses it too), where the
    /// documented answer is the typed error "two different CTEs are named".
    /// The duplicate check runs before a CTE's dependencies are collected.
    #[test]
    fn regression_cte_depending_on_a_namesake() {
        let a = select(lit(1).label("n")).cte("x");
        let b = select(a.c("n")).from(&a).cte("x");
        let q = select(b.c("n")).from(&b);
        for d in all_dialects() {
            let r = q.compile(d.as_ref());
            assert!(
                matches!(&r, Err(Error::InvalidStatement(m)) if m.contains("two different CTEs")),
                "{}: {r:?}",
                d.name()
            );
        }
    }

    /// INSERT … SELECT of a set operation whose last member has its own LIMIT,
    /// with an upsert: SQLite wraps that member as `SELECT * FROM (…) AS
    /// "anon_1"`, which ends in a FROM clause, and no `WHERE TRUE` is added
    /// before ON CONFLICT, so SQLite reads ON as a join constraint ("near
    /// \"DO\": syntax error").
    #[test]
    fn regression_sqlite_upsert_after_wrapped_compound_member() {
        let u = users();
        let q = insert(u)
            .from_select(
                ["name"],
                select(u.c("name"))
                    .from(u)
                    .union(select(u.c("name")).from(u).limit(1)),
            )
            .on_conflict(OnConflict::any().do_nothing());
        sqlite_typed_error_or_prepares(&q);
    }

    /// A host the parser accepts but the text form cannot carry back:
    /// `[]` parses to an empty host, rendered as nothing (and read back as no
    /// host); `:]` (unbracketed, with a ':') is rendered `[:]]`, and `[[1*]`
    /// (bracketed, no ':') is rendered `[1*`: neither parses. Found by
    /// `url_round_trip` and the `url_parse` fuzzer (minimised: `ql://[[1*]`).
    #[test]
    fn regression_url_host_that_does_not_round_trip() {
        for s in [
            "postgresql://[]/db",
            "postgresql://u@[]:5/db",
            "postgresql://:]:0/db",
            "ql://[[1*]",
        ] {
            if let Ok(url) = s.parse::<Url>() {
                let text = url.to_string_with_password();
                assert_eq!(text.parse::<Url>().ok(), Some(url), "{s} -> {text}");
            }
        }
    }

    /// `$` inside an identifier (`a$b$c`, valid on PostgreSQL and MySQL) is read
    /// as the start of a `$b$` dollar-quoted string: the SQL is refused as
    /// unterminated, or, when a later identifier closes the "quote", the
    /// `:p` between is silently not a parameter (sent to the server as `:p`).
    /// Found by `text_placeholders` against an independent reading of the rules.
    #[test]
    fn regression_text_dollar_inside_identifier() {
        let t = text("SELECT a$b$c FROM t WHERE x = :p");
        assert_eq!(t.param_names().collect::<Vec<_>>(), ["p"]);
        assert!(t.compile(&Postgres).is_ok());
        let t = text("SELECT a$b$c, :p, x$b$ FROM t");
        assert_eq!(t.param_names().collect::<Vec<_>>(), ["p"]);
        // `$$` inside a name: the second `$` follows a `$` of the name, so it
        // does not open a `$$` quote either (found by the text_params fuzzer on
        // `j$$j$$`, refused as an unterminated quote).
        let t = text("SELECT j$$j$$, :p FROM t");
        assert_eq!(t.param_names().collect::<Vec<_>>(), ["p"]);
        assert!(text("j$$j$$").compile(&Postgres).is_ok());
    }

    /// A set operation ordered by the name of an unlabelled result column, the
    /// documented way (`order_by(column("id"))`): SQLite matches it only by
    /// resolving the name in the first member's FROM, so when it is ambiguous
    /// there (`users.id` and `orders.id`) or an outer column, SQLite refuses
    /// the statement ("1st ORDER BY term does not match any column in the result
    /// set"); with `AS "id"` on the column, or `ORDER BY 1`, it is accepted.
    /// Found by `compile_tree` (fuzzer and proptest) once the earlier bugs were
    /// fixed.
    #[test]
    fn regression_sqlite_compound_order_by_unlabelled_column() {
        let (u, o) = (users(), orders());
        let q = select(u.c("id"))
            .from(u)
            .join(o, o.c("user_id").eq(u.c("id")))
            .union(select(lit(1)))
            .order_by(column("id"));
        sqlite_typed_error_or_prepares(&q);
    }
}
