//! The benchmark statements of `/work/shared/bench/statements.md`, built through
//! the public API as a user writes them: the schema (users, orders, addresses),
//! B1, B2 and B5, and the values both benches bind. Shared by `benches/compile.rs`
//! (rendering, the cache) and `benches/engine.rs` (execution), so that the two
//! measure the very same trees.

// Each bench uses a different part (the compile bench never creates the tables).
#![allow(dead_code)]

use sqlcraft::prelude::*;

/// The three tables of the benchmark schema, in one `MetaData` (the engine
/// bench creates and drops them).
pub struct Schema {
    pub meta: MetaData,
    pub users: Table,
    pub orders: Table,
    pub addresses: Table,
}

impl Schema {
    /// `users`, `orders`, `addresses` with `prefix` and `suffix` around each name.
    pub fn new(prefix: &str, suffix: &str) -> sqlcraft::Result<Schema> {
        let name = |t: &str| format!("{prefix}{t}{suffix}");
        let mut meta = MetaData::new();
        let users = meta.table(&name("users"), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(100));
            t.column("email", SqlType::string(200));
            t.column("status", SqlType::string(20));
            t.column("country", SqlType::string(2));
            t.column("created_at", SqlType::datetime());
        })?;
        let orders_name = name("orders");
        let orders = meta.table(&orders_name, |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("total", SqlType::Numeric(12, 2));
            t.column("status", SqlType::string(20));
            t.column("created_at", SqlType::datetime());
            t.index(&format!("ix_{orders_name}_user_id"), ["user_id"]);
        })?;
        let addresses_name = name("addresses");
        let addresses = meta.table(&addresses_name, |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("city", SqlType::string(50));
            t.index(&format!("ix_{addresses_name}_user_id"), ["user_id"]);
        })?;
        Ok(Schema {
            meta,
            users,
            orders,
            addresses,
        })
    }
}

/// B2's values.
#[derive(Clone, Copy)]
pub struct B2Args<'a> {
    pub statuses: [&'a str; 5],
    pub name_like: &'a str,
    pub email_like: &'a str,
    pub since: &'a str,
    pub min_total: f64,
    pub min_orders: i64,
    pub limit: i64,
    pub offset: i64,
}

pub const B2_ARGS: B2Args<'static> = B2Args {
    statuses: ["gold", "silver", "bronze", "new", "vip"],
    name_like: "a%",
    email_like: "%@example.com",
    since: "2024-01-01 00:00:00",
    min_total: 100.0,
    min_orders: 2,
    limit: 50,
    offset: 100,
};

/// B5's values.
#[derive(Clone, Copy)]
pub struct B5Args<'a> {
    pub since: &'a str,
    pub gold_over: f64,
    pub gold: &'a str,
    pub silver_over: f64,
    pub silver: &'a str,
    pub bronze: &'a str,
    pub city: &'a str,
}

pub const B5_ARGS: B5Args<'static> = B5Args {
    since: "2024-01-01 00:00:00",
    gold_over: 1000.0,
    gold: "gold",
    silver_over: 100.0,
    silver: "silver",
    bronze: "bronze",
    city: "Lyon",
};

/// B1, the point select.
pub fn b1(s: &Schema, id: i64) -> Select {
    let u = &s.users;
    select((u.c("id"), u.c("name")))
        .from(u)
        .filter(u.c("id").eq(id))
}

/// B2; `count_label` is `order_count`, or another name for the distinct shapes
/// of the compile bench's memory section.
pub fn b2(s: &Schema, a: &B2Args<'_>, count_label: &str) -> Select {
    let (u, o, ad) = (&s.users, &s.orders, &s.addresses);
    let order_count = func::count(o.c("id")).label(count_label);
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
    .filter(u.c("status").in_(a.statuses))
    .filter(
        u.c("name")
            .like(a.name_like)
            .or(u.c("email").like(a.email_like)),
    )
    .filter(o.c("created_at").ge(a.since))
    .filter(o.c("total").gt(a.min_total))
    .group_by((u.c("id"), u.c("name"), u.c("email"), ad.c("city")))
    .having(order_count.expr().gt(a.min_orders))
    .order_by((revenue.desc(), u.c("name").asc()))
    .limit(a.limit)
    .offset(a.offset)
}

/// B5, the analytic query (CTE, window, CASE, EXISTS).
pub fn b5(s: &Schema, a: &B5Args<'_>) -> Select {
    let (u, o, ad) = (&s.users, &s.orders, &s.addresses);
    let recent = select((
        o.c("user_id").label("user_id"),
        func::sum(o.c("total")).label("spent"),
    ))
    .from(o)
    .filter(o.c("created_at").ge(a.since))
    .group_by(o.c("user_id"))
    .cte("recent");
    let tier = case()
        .when(recent.c("spent").gt(a.gold_over), a.gold)
        .when(recent.c("spent").gt(a.silver_over), a.silver)
        .else_(a.bronze)
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
            .from(ad)
            .filter(ad.c("user_id").eq(u.c("id")))
            .filter(ad.c("city").eq(a.city)),
    ))
    .order_by(OrderBy::new(country_rank.reference()))
}
