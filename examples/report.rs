//! An application-style report on an embedded SQLite database.
//!
//!     cargo run --example report
//!
//! For readers who know the statement builders from `examples/quickstart.rs` and
//! want to see them used as an application would: a schema, a seeded data set,
//! two report queries decoded into structs, paging through the compilation
//! cache, and the small result helpers. Every figure the program prints is also
//! computed in plain Rust from the seed data and compared, so the program fails
//! (exits non-zero) if the library ever returns something else.
//!
//! 1. The schema of the benchmark statements (`users`, `orders`, `addresses`,
//!    see `shared/bench/statements.md`), created with `MetaData::create_all` and
//!    seeded deterministically with `insert_many` and `execute_many`.
//! 2. The report query B2 (join, left outer join, IN list, LIKE … OR …, GROUP BY,
//!    HAVING, ORDER BY a label, LIMIT/OFFSET), decoded with `sqlcraft::from_row!`.
//! 3. The analytic query B5 (CTE, CASE, `rank() OVER (PARTITION BY … ORDER BY …)`,
//!    EXISTS), decoded and checked the same way.
//! 4. Paging: B2 run for several pages and filters is compiled once; every later
//!    run, IN lists of other lengths included, is a hit in `engine.cache_stats()`.
//! 5. `scalars()`, `mappings()`, `one_or_none()` and `first()` on small queries.
//!
//! No server is needed: `sqlcraft_sqlite::create_engine` runs SQLite in process.

use sqlcraft::cache::CacheStats;
use sqlcraft::prelude::*;
use sqlcraft_sqlite::Sqlite;
use std::collections::{BTreeMap, HashMap};

type AnyError = Box<dyn std::error::Error>;

const N_USERS: i64 = 300;
/// Orders go to the first 280 users only, so that a few users have none.
const USERS_WITH_ORDERS: u64 = 280;
const N_ORDERS: i64 = 3_000;

const FIRST_NAMES: [&str; 16] = [
    "ada", "alma", "anna", "boris", "carla", "dmitri", "elena", "arne", "farid", "greta", "hugo",
    "ines", "jonas", "amir", "kofi", "lena",
];
const DOMAINS: [&str; 3] = ["example.com", "example.org", "mail.test"];
const USER_STATUSES: [&str; 7] = ["gold", "silver", "bronze", "new", "vip", "banned", "closed"];
const COUNTRIES: [&str; 5] = ["FR", "DE", "ES", "NO", "PT"];
const CITIES: [&str; 6] = ["Lyon", "Paris", "Berlin", "Madrid", "Oslo", "Porto"];
const ORDER_STATUSES: [&str; 4] = ["paid", "shipped", "cancelled", "refunded"];

fn main() -> Result<(), AnyError> {
    // ------------------------------------------------------------------
    // 1. Schema and seed data
    // ------------------------------------------------------------------
    let s = Schema::new()?;
    let data = Data::generate();

    // An in-memory SQLite database lives as long as its one connection, which
    // the engine shares; `create_all` borrows it for one transaction, so it
    // runs before this program checks the connection out for itself.
    let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    s.meta.create_all(&engine)?;
    let mut conn = engine.connect()?;

    heading("Seeding");
    let start = engine.cache_stats();
    let n = conn.insert_many(
        &s.users,
        &["id", "name", "email", "status", "country", "created_at"],
        data.users.iter().map(|u| {
            vec![
                Value::Int(u.id),
                Value::from(u.name.as_str()),
                Value::from(u.email.as_str()),
                Value::from(u.status),
                Value::from(u.country),
                Value::from(u.created_at.as_str()),
            ]
        }),
    )?;
    assert_eq!(n, data.users.len() as u64);
    // One page shorter than a full one: compiled fresh, outside the cache, so
    // that batches of every size do not crowd it with an entry each.
    let after_users = engine.cache_stats();
    assert_eq!(
        delta(&start, &after_users),
        (0, 0),
        "one short page of users"
    );
    println!("users:     {n:>5} rows (insert_many)");

    // Totals are sent as floats: every seeded total is a whole number of
    // quarters, which binary floating point holds exactly, so sums computed by
    // SQLite and by Rust agree to the last bit.
    let n = conn.insert_many(
        &s.orders,
        &["id", "user_id", "total", "status", "created_at"],
        data.orders.iter().map(|o| {
            vec![
                Value::Int(o.id),
                Value::Int(o.user_id),
                Value::Float(money(o.cents)),
                Value::from(o.status),
                Value::from(o.created_at.as_str()),
            ]
        }),
    )?;
    assert_eq!(n, data.orders.len() as u64);
    // Three pages of 1,000 rows: one shape, compiled (through the cache) for
    // the first page only; the other two reuse that compiled form.
    let after_orders = engine.cache_stats();
    assert_eq!(
        delta(&after_users, &after_orders),
        (0, 1),
        "three pages of orders"
    );
    println!("orders:    {n:>5} rows (insert_many: 3 pages of 1,000 rows, compiled once)");

    // executemany: one statement with named parameters, its sets sent as
    // multi-row VALUES pages; here one page shorter than a full one, compiled
    // fresh like the users' page.
    let add_address = insert(&s.addresses)
        .value("id", bindparam("id"))
        .value("user_id", bindparam("user_id"))
        .value("city", bindparam("city"));
    let sets: Vec<Vec<(&str, Value)>> = data
        .addresses
        .iter()
        .map(|a| {
            vec![
                ("id", Value::Int(a.id)),
                ("user_id", Value::Int(a.user_id)),
                ("city", Value::from(a.city)),
            ]
        })
        .collect();
    let n = conn.execute_many(&add_address, &sets)?;
    assert_eq!(n, data.addresses.len() as u64);
    assert_eq!(delta(&after_orders, &engine.cache_stats()), (0, 0));
    println!("addresses: {n:>5} rows (execute_many: one page of multi-row VALUES)");
    conn.commit()?;

    for (t, expected) in [
        (&s.users, data.users.len()),
        (&s.orders, data.orders.len()),
        (&s.addresses, data.addresses.len()),
    ] {
        let count: i64 = conn
            .execute(&select(func::count_star()).from(t))?
            .scalar_one()?;
        assert_eq!(count, expected as i64, "rows in {}", t.name());
    }
    println!();

    // ------------------------------------------------------------------
    // 2. B2, the report query
    // ------------------------------------------------------------------
    heading("B2: the report query");
    let first_page = B2Args {
        statuses: &["gold", "silver", "bronze", "new", "vip"],
        name_like: "a%",
        email_like: "%@example.com",
        since: "2024-01-01 00:00:00",
        min_total: 100.0,
        min_orders: 2,
        limit: 10,
        offset: 0,
    };
    let report = b2(&s, &first_page);

    // Every value is a bound parameter, LIMIT and OFFSET included: that is what
    // lets every page share one compiled form (section 4).
    let compiled = report.compile(&Sqlite)?;
    println!("{}\n", compiled.sql);
    assert_eq!(
        compiled.sql,
        concat!(
            r#"SELECT "users"."id", "users"."name", "users"."email", "#,
            r#"count("orders"."id") AS "order_count", sum("orders"."total") AS "revenue", "#,
            r#""addresses"."city" FROM "users" "#,
            r#"JOIN "orders" ON "orders"."user_id" = "users"."id" "#,
            r#"LEFT OUTER JOIN "addresses" ON "addresses"."user_id" = "users"."id" "#,
            r#"WHERE "users"."status" IN (?, ?, ?, ?, ?) "#,
            r#"AND ("users"."name" LIKE ? OR "users"."email" LIKE ?) "#,
            r#"AND "orders"."created_at" >= ? AND "orders"."total" > ? "#,
            r#"GROUP BY "users"."id", "users"."name", "users"."email", "addresses"."city" "#,
            r#"HAVING count("orders"."id") > ? "#,
            r#"ORDER BY "revenue" DESC, "users"."name" ASC LIMIT ? OFFSET ?"#,
        )
    );
    assert_eq!(
        compiled.values()?,
        vec![
            Value::from("gold"),
            Value::from("silver"),
            Value::from("bronze"),
            Value::from("new"),
            Value::from("vip"),
            Value::from("a%"),
            Value::from("%@example.com"),
            Value::from("2024-01-01 00:00:00"),
            Value::Float(100.0),
            Value::Int(2),
            Value::Int(10),
            Value::Int(0),
        ]
    );

    let before = engine.cache_stats();
    let rows: Vec<ReportRow> = conn.execute(&report)?.fetch()?;
    let first_run = engine.cache_stats();
    print_report(&rows);
    let expected = data.b2(&first_page);
    assert_eq!(rows.len(), 10, "a full first page");
    assert_eq!(rows, expected.page);
    println!(
        "{} groups match the filter in all; page 1 matches the figures computed in Rust\n",
        expected.total
    );
    // Users without an address still appear (LEFT OUTER JOIN), with no city.
    assert!(rows.iter().any(|r| r.city.is_none()));
    assert!(rows.iter().any(|r| r.city.is_some()));
    // The engine compiled B2 for the first time: one miss, no hit.
    assert_eq!(
        (
            first_run.misses - before.misses,
            first_run.hits - before.hits
        ),
        (1, 0)
    );

    // ------------------------------------------------------------------
    // 3. B5, the analytic query
    // ------------------------------------------------------------------
    heading("B5: the analytic query");
    let lyon = B5Args {
        since: "2024-07-01 00:00:00",
        gold_over: 1500.0,
        gold: "gold",
        silver_over: 700.0,
        silver: "silver",
        bronze: "bronze",
        city: "Lyon",
    };
    let analytic = b5(&s, &lyon);
    let compiled = analytic.compile(&Sqlite)?;
    println!("{}\n", compiled.sql);
    assert_eq!(
        compiled.sql,
        concat!(
            r#"WITH "recent" AS (SELECT "orders"."user_id" AS "user_id", "#,
            r#"sum("orders"."total") AS "spent" FROM "orders" "#,
            r#"WHERE "orders"."created_at" >= ? GROUP BY "orders"."user_id") "#,
            r#"SELECT "users"."id", "users"."name", "recent"."spent", "#,
            r#"CASE WHEN "recent"."spent" > ? THEN ? WHEN "recent"."spent" > ? THEN ? ELSE ? END AS "tier", "#,
            r#"rank() OVER (PARTITION BY "users"."country" ORDER BY "recent"."spent" DESC) AS "country_rank" "#,
            r#"FROM "users" JOIN "recent" ON "recent"."user_id" = "users"."id" "#,
            r#"WHERE EXISTS (SELECT ? FROM "addresses" "#,
            r#"WHERE "addresses"."user_id" = "users"."id" AND "addresses"."city" = ?) "#,
            r#"ORDER BY "country_rank""#,
        )
    );
    assert_eq!(
        compiled.values()?,
        vec![
            Value::from("2024-07-01 00:00:00"),
            Value::Float(1500.0),
            Value::from("gold"),
            Value::Float(700.0),
            Value::from("silver"),
            Value::from("bronze"),
            Value::Int(1),
            Value::from("Lyon"),
        ]
    );

    let ranked: Vec<Ranked> = conn.execute(&analytic)?.fetch()?;
    check_b5(&data, &lyon, &ranked);
    // ORDER BY country_rank leaves the order among equal ranks to the engine,
    // so the checks above compare by user id; this listing sorts the top three
    // of each country by country for display.
    let mut podium: Vec<&Ranked> = ranked.iter().filter(|r| r.country_rank <= 3).collect();
    podium.sort_by_key(|r| (data.user(r.id).country, r.country_rank, r.id));
    println!("customers with an address in Lyon, top three per country:");
    println!(
        "  {:<8} {:>4}  {:<10} {:>9}  {:<7} {:>4}",
        "country", "id", "name", "spent", "tier", "rank"
    );
    for r in &podium {
        println!(
            "  {:<8} {:>4}  {:<10} {:>9.2}  {:<7} {:>4}",
            data.user(r.id).country,
            r.id,
            r.name,
            r.spent,
            r.tier,
            r.country_rank
        );
    }
    println!(
        "{} rows; spent, tier and rank of each match the figures computed in Rust\n",
        ranked.len()
    );
    for tier in ["gold", "silver", "bronze"] {
        assert!(
            ranked.iter().any(|r| r.tier == tier),
            "the seed data reaches the {tier} tier"
        );
    }

    // ------------------------------------------------------------------
    // 4. Paging through the compilation cache
    // ------------------------------------------------------------------
    //
    // Each run below builds a new B2 tree with other values. The cache key is the
    // statement's structure, not its values, so the engine compiles the shape
    // once (the miss of section 2) and serves every later run from the cache.
    // An IN list is one parameter list whatever its length, so the filters
    // below with two or three statuses share the entry too.
    heading("Paging through the compilation cache");
    let runs = [
        (
            "page 2",
            B2Args {
                offset: 10,
                ..first_page
            },
        ),
        (
            "page 3",
            B2Args {
                offset: 20,
                ..first_page
            },
        ),
        (
            "page 4",
            B2Args {
                offset: 30,
                ..first_page
            },
        ),
        (
            "3 statuses",
            B2Args {
                statuses: &["gold", "silver", "vip"],
                ..first_page
            },
        ),
        (
            "2 statuses, page 2",
            B2Args {
                statuses: &["new", "bronze"],
                offset: 10,
                ..first_page
            },
        ),
        (
            "'e%' or .org, 5 a page",
            B2Args {
                name_like: "e%",
                email_like: "%@example.org",
                limit: 5,
                ..first_page
            },
        ),
        (
            "more than 4 orders",
            B2Args {
                min_orders: 4,
                min_total: 50.0,
                ..first_page
            },
        ),
    ];
    println!(
        "  {:<24} {:>5} {:>6}  {:>4} {:>6} {:>7}",
        "run", "rows", "groups", "hits", "misses", "entries"
    );
    let paging_start = engine.cache_stats();
    let mut last = paging_start;
    for (label, args) in &runs {
        let rows: Vec<ReportRow> = conn.execute(&b2(&s, args))?.fetch()?;
        let expected = data.b2(args);
        assert_eq!(rows, expected.page, "{label}");
        assert!(!rows.is_empty(), "{label}: the seed data fills this page");
        let now = engine.cache_stats();
        println!(
            "  {:<24} {:>5} {:>6}  {:>4} {:>6} {:>7}",
            label,
            rows.len(),
            expected.total,
            now.hits,
            now.misses,
            now.len
        );
        assert_eq!(delta(&last, &now), (1, 0), "{label}: one hit, no miss");
        assert_eq!(now.len, last.len, "{label}: no new entry");
        last = now;
    }
    let b2_total = engine.cache_stats();
    assert_eq!(
        delta(&paging_start, &b2_total),
        (runs.len() as u64, 0),
        "B2 was compiled once for all its runs"
    );
    // The shared entry still renders each IN list at its own length.
    let two = b2(&s, &runs[4].1).compile(&Sqlite)?;
    assert!(two.sql.contains(r#"WHERE "users"."status" IN (?, ?) AND"#));
    // The two statuses, then B2's seven other values.
    assert_eq!(two.values()?.len(), 2 + 7);

    // B5 is a shape of its own, compiled in section 3: its runs for other
    // cities are hits on that entry.
    for city in ["Oslo", "Porto", "Berlin"] {
        let args = B5Args { city, ..lyon };
        let before = engine.cache_stats();
        let ranked: Vec<Ranked> = conn.execute(&b5(&s, &args))?.fetch()?;
        check_b5(&data, &args, &ranked);
        let after = engine.cache_stats();
        assert_eq!(delta(&before, &after), (1, 0), "B5 for {city}");
        println!(
            "  {:<24} {:>5} {:>6}  {:>4} {:>6} {:>7}",
            format!("B5, {city}"),
            ranked.len(),
            "",
            after.hits,
            after.misses,
            after.len
        );
    }
    println!(
        "\nB2: 1 miss, then {} hits for {} runs with other pages, filters and IN-list lengths\n",
        runs.len(),
        runs.len()
    );

    // ------------------------------------------------------------------
    // 5. scalars(), mappings(), one_or_none(), first()
    // ------------------------------------------------------------------
    heading("Result helpers");
    let u = &s.users;
    let o = &s.orders;

    // scalars(): the first column of every row.
    let vip_fr = select(u.c("id"))
        .from(u)
        .filter(u.c("country").eq("FR"))
        .filter(u.c("status").eq("vip"))
        .order_by(u.c("id").asc());
    let ids: Vec<i64> = conn.execute(&vip_fr)?.scalars()?;
    let expected: Vec<i64> = data
        .users
        .iter()
        .filter(|u| u.country == "FR" && u.status == "vip")
        .map(|u| u.id)
        .collect();
    assert_eq!(ids, expected);
    assert!(!ids.is_empty());
    println!("scalars(): ids of the VIP users in FR: {ids:?}");

    // mappings(): rows as (column, value) pairs.
    let n = func::count(o.c("id")).label("n");
    let by_status = select((o.c("status"), &n))
        .from(o)
        .group_by(o.c("status"))
        .order_by(o.c("status").asc());
    let maps = conn.execute(&by_status)?.mappings()?;
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for order in &data.orders {
        *counts.entry(order.status).or_default() += 1;
    }
    let expected: Vec<Vec<(String, Value)>> = counts
        .iter()
        .map(|(status, n)| {
            vec![
                ("status".to_owned(), Value::from(*status)),
                ("n".to_owned(), Value::Int(*n)),
            ]
        })
        .collect();
    assert_eq!(maps, expected);
    println!("mappings(): orders per status:");
    for row in &maps {
        let pairs: Vec<String> = row
            .iter()
            .map(|(k, v)| match v {
                Value::Text(t) => format!("{k}: {t:?}"),
                Value::Int(n) => format!("{k}: {n}"),
                other => format!("{k}: {other:?}"),
            })
            .collect();
        println!("  {{ {} }}", pairs.join(", "));
    }

    // one_or_none(): a lookup by a unique value, found or not; more than one
    // row is an error rather than a silent pick.
    let by_email = |email: &str| {
        select((u.c("id"), u.c("name")))
            .from(u)
            .filter(u.c("email").eq(email))
    };
    let wanted = data.user(42);
    let found = conn.execute(&by_email(&wanted.email))?.one_or_none()?;
    let found = found.ok_or("user 42 not found by email")?;
    let (id, name): (i64, String) = found.decode()?;
    assert_eq!((id, name.as_str()), (42, wanted.name.as_str()));
    println!("one_or_none(): {} is user {id}, {name}", wanted.email);
    let missing = conn
        .execute(&by_email("nobody@example.com"))?
        .one_or_none()?;
    assert_eq!(missing, None);
    println!("one_or_none(): nobody@example.com: None");
    let several = conn
        .execute(&select(u.c("id")).from(u).filter(u.c("country").eq("NO")))?
        .one_or_none();
    assert_eq!(several, Err(Error::MultipleRows));
    println!(
        "one_or_none(): every user in NO: error \"{}\"",
        Error::MultipleRows
    );

    // first(): the latest order of a user; None for a user without orders.
    let latest_of = |user_id: i64| {
        select((o.c("id"), o.c("total"), o.c("created_at")))
            .from(o)
            .filter(o.c("user_id").eq(user_id))
            .order_by((o.c("created_at").desc(), o.c("id").desc()))
    };
    let row = conn
        .execute(&latest_of(42))?
        .first()?
        .ok_or("user 42 has orders")?;
    let (id, total, created_at): (i64, f64, String) = row.decode()?;
    let latest = data
        .orders
        .iter()
        .filter(|o| o.user_id == 42)
        .max_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)))
        .ok_or("user 42 has orders in the seed data")?;
    assert_eq!(
        (id, total, created_at.as_str()),
        (latest.id, money(latest.cents), latest.created_at.as_str())
    );
    println!("first(): latest order of user 42: #{id}, {total:.2} on {created_at}");
    let none = conn.execute(&latest_of(N_USERS))?.first()?;
    assert_eq!(none, None);
    println!("first(): latest order of user {N_USERS}: None (no orders)");
    conn.commit()?;

    // One miss per shape this program ran through the cache: the orders page,
    // three count(*), B2, B5, and the five follow-up queries above (the short
    // pages of users and addresses were compiled fresh). Everything else, 12
    // runs, was served from the cache.
    let stats = engine.cache_stats();
    println!(
        "\ncompilation cache: {} hit(s), {} miss(es), {} entries",
        stats.hits, stats.misses, stats.len
    );
    assert_eq!((stats.hits, stats.misses, stats.len), (12, 11, 11));
    assert_eq!((stats.evictions, stats.uncacheable), (0, 0));
    Ok(())
}

// ----------------------------------------------------------------------
// The schema and the statements
// ----------------------------------------------------------------------

/// The benchmark schema, as in `shared/bench/statements.md`.
struct Schema {
    meta: MetaData,
    users: Table,
    orders: Table,
    addresses: Table,
}

impl Schema {
    fn new() -> sqlcraft::Result<Schema> {
        let mut meta = MetaData::new();
        let users = meta.table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::Text);
            t.column("email", SqlType::Text).unique();
            t.column("status", SqlType::Text);
            t.column("country", SqlType::Text);
            t.column("created_at", SqlType::datetime());
        })?;
        let orders = meta.table("orders", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("total", SqlType::Numeric(12, 2));
            t.column("status", SqlType::Text);
            t.column("created_at", SqlType::datetime());
            t.index("ix_orders_user_id", ["user_id"]);
        })?;
        let addresses = meta.table("addresses", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("city", SqlType::Text);
            t.index("ix_addresses_user_id", ["user_id"]);
        })?;
        Ok(Schema {
            meta,
            users,
            orders,
            addresses,
        })
    }
}

/// The values of one B2 run: the filter and the page.
#[derive(Clone, Copy)]
struct B2Args<'a> {
    statuses: &'a [&'a str],
    name_like: &'a str,
    email_like: &'a str,
    since: &'a str,
    min_total: f64,
    min_orders: i64,
    limit: i64,
    offset: i64,
}

/// B2: users with their order count, revenue and city, one page of them.
fn b2(s: &Schema, a: &B2Args<'_>) -> Select {
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
    .filter(u.c("status").in_(a.statuses))
    .filter(
        u.c("name")
            .like(a.name_like)
            .or(u.c("email").like(a.email_like)),
    )
    .filter(o.c("created_at").ge(a.since))
    .filter(o.c("total").gt(a.min_total))
    .group_by((u.c("id"), u.c("name"), u.c("email"), ad.c("city")))
    // HAVING repeats the aggregate: not every engine accepts a select-list
    // alias there.
    .having(order_count.expr().gt(a.min_orders))
    .order_by((revenue.desc(), u.c("name").asc()))
    .limit(a.limit)
    .offset(a.offset)
}

/// One row of B2, decoded by column name.
#[derive(Debug, Clone, PartialEq)]
struct ReportRow {
    id: i64,
    name: String,
    email: String,
    order_count: i64,
    revenue: f64,
    city: Option<String>,
}
sqlcraft::from_row!(ReportRow {
    id,
    name,
    email,
    order_count,
    revenue,
    city
});

/// The values of one B5 run.
#[derive(Clone, Copy)]
struct B5Args<'a> {
    since: &'a str,
    gold_over: f64,
    gold: &'a str,
    silver_over: f64,
    silver: &'a str,
    bronze: &'a str,
    city: &'a str,
}

/// B5: recent spending per user, as a tier and a rank within the country, for
/// users with an address in one city.
fn b5(s: &Schema, a: &B5Args<'_>) -> Select {
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
    // `recent` is used in FROM, so it is declared in the WITH clause by itself.
    .from(u.join(&recent, recent.c("user_id").eq(u.c("id"))))
    // `lit(1)` is a value like any other, so it is bound too: `SELECT ?`.
    .filter(exists(
        select(lit(1))
            .from(ad)
            .filter(ad.c("user_id").eq(u.c("id")))
            .filter(ad.c("city").eq(a.city)),
    ))
    .order_by(OrderBy::new(country_rank.reference()))
}

/// One row of B5, decoded by column name.
#[derive(Debug, Clone, PartialEq)]
struct Ranked {
    id: i64,
    name: String,
    spent: f64,
    tier: String,
    country_rank: i64,
}
sqlcraft::from_row!(Ranked {
    id,
    name,
    spent,
    tier,
    country_rank
});

/// Compares B5's rows with the same figures computed in Rust.
fn check_b5(data: &Data, a: &B5Args<'_>, rows: &[Ranked]) {
    let expected = data.b5(a);
    let mut got: Vec<&Ranked> = rows.iter().collect();
    got.sort_by_key(|r| r.id);
    let want: Vec<&Ranked> = expected.iter().collect();
    assert_eq!(got, want, "B5 for {}", a.city);
    assert!(
        !rows.is_empty(),
        "B5 for {}: the seed data has rows",
        a.city
    );
    // The statement orders by the rank alone.
    assert!(rows
        .windows(2)
        .all(|w| w[0].country_rank <= w[1].country_rank));
}

// ----------------------------------------------------------------------
// The seed data, and the same queries in plain Rust
// ----------------------------------------------------------------------

/// A linear congruential generator (Knuth's MMIX constants): the same data on
/// every run, with no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    fn timestamp(&mut self, years: &[u32]) -> String {
        let year = self.pick(years);
        let (month, day) = (1 + self.below(12), 1 + self.below(28));
        let (hour, minute) = (self.below(24), self.below(60));
        format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}:00")
    }
}

struct User {
    id: i64,
    name: String,
    email: String,
    status: &'static str,
    country: &'static str,
    created_at: String,
}

struct Order {
    id: i64,
    user_id: i64,
    /// The total in cents, always a multiple of 25.
    cents: i64,
    status: &'static str,
    created_at: String,
}

struct Address {
    id: i64,
    user_id: i64,
    city: &'static str,
}

struct Data {
    users: Vec<User>,
    orders: Vec<Order>,
    addresses: Vec<Address>,
}

/// B2's result computed in Rust: the requested page, and how many groups
/// there are in all.
struct B2Expected {
    page: Vec<ReportRow>,
    total: usize,
}

impl Data {
    fn generate() -> Data {
        let mut rng = Lcg(20_240_101);
        let users: Vec<User> = (1..=N_USERS)
            .map(|id| {
                let first = rng.pick(&FIRST_NAMES);
                User {
                    id,
                    // Unique names keep B2's ORDER BY revenue, name a total order.
                    name: format!("{first}-{id:03}"),
                    email: format!("{first}{id}@{}", rng.pick(&DOMAINS)),
                    status: rng.pick(&USER_STATUSES),
                    country: rng.pick(&COUNTRIES),
                    created_at: rng.timestamp(&[2022, 2023]),
                }
            })
            .collect();
        let orders = (1..=N_ORDERS)
            .map(|id| Order {
                id,
                user_id: 1 + rng.below(USERS_WITH_ORDERS) as i64,
                cents: 25 * (20 + rng.below(2_000) as i64),
                status: rng.pick(&ORDER_STATUSES),
                created_at: rng.timestamp(&[2023, 2024]),
            })
            .collect();
        // At most one address per user, and none for about a quarter of them.
        // (Two addresses would give a user two B2 rows with the same revenue
        // and name, whose order SQL leaves open.)
        let mut addresses = Vec::new();
        for u in &users {
            if rng.below(4) != 0 {
                addresses.push(Address {
                    id: addresses.len() as i64 + 1,
                    user_id: u.id,
                    city: rng.pick(&CITIES),
                });
            }
        }
        Data {
            users,
            orders,
            addresses,
        }
    }

    fn user(&self, id: i64) -> &User {
        &self.users[(id - 1) as usize]
    }

    fn orders_by_user(&self) -> HashMap<i64, Vec<&Order>> {
        let mut map: HashMap<i64, Vec<&Order>> = HashMap::new();
        for o in &self.orders {
            map.entry(o.user_id).or_default().push(o);
        }
        map
    }

    /// B2 the long way: filter, join, group, HAVING, sort, page.
    fn b2(&self, a: &B2Args<'_>) -> B2Expected {
        let orders = self.orders_by_user();
        let min_cents = (a.min_total * 100.0) as i64;
        // (user id, city) -> (order count, revenue in cents)
        let mut groups: BTreeMap<(i64, Option<&str>), (i64, i64)> = BTreeMap::new();
        for u in &self.users {
            let matches = a.statuses.contains(&u.status)
                && (like(&u.name, a.name_like) || like(&u.email, a.email_like));
            if !matches {
                continue;
            }
            let cities: Vec<Option<&str>> = {
                let found: Vec<Option<&str>> = self
                    .addresses
                    .iter()
                    .filter(|ad| ad.user_id == u.id)
                    .map(|ad| Some(ad.city))
                    .collect();
                // LEFT OUTER JOIN: no address is one row with a NULL city.
                if found.is_empty() {
                    vec![None]
                } else {
                    found
                }
            };
            for o in orders.get(&u.id).into_iter().flatten() {
                if o.created_at.as_str() >= a.since && o.cents > min_cents {
                    for city in &cities {
                        let g = groups.entry((u.id, *city)).or_default();
                        g.0 += 1;
                        g.1 += o.cents;
                    }
                }
            }
        }
        let mut all: Vec<(i64, ReportRow)> = groups
            .into_iter()
            .filter(|(_, (count, _))| *count > a.min_orders)
            .map(|((id, city), (count, cents))| {
                let u = self.user(id);
                let row = ReportRow {
                    id,
                    name: u.name.clone(),
                    email: u.email.clone(),
                    order_count: count,
                    revenue: money(cents),
                    city: city.map(str::to_owned),
                };
                (cents, row)
            })
            .collect();
        // ORDER BY revenue DESC, users.name ASC (SQLite's BINARY collation
        // compares bytes, as `str`'s `Ord` does).
        all.sort_by(|(ca, ra), (cb, rb)| cb.cmp(ca).then_with(|| ra.name.cmp(&rb.name)));
        let all: Vec<ReportRow> = all.into_iter().map(|(_, r)| r).collect();
        let page = all
            .iter()
            .skip(a.offset as usize)
            .take(a.limit as usize)
            .cloned()
            .collect();
        B2Expected {
            total: all.len(),
            page,
        }
    }

    /// B5 the long way, sorted by user id.
    fn b5(&self, a: &B5Args<'_>) -> Vec<Ranked> {
        let mut spent: BTreeMap<i64, i64> = BTreeMap::new();
        for o in &self.orders {
            if o.created_at.as_str() >= a.since {
                *spent.entry(o.user_id).or_default() += o.cents;
            }
        }
        // The window runs after WHERE: only users with an address in the city
        // take part in the ranking.
        let in_city: Vec<(&User, i64)> = spent
            .iter()
            .map(|(id, cents)| (self.user(*id), *cents))
            .filter(|(u, _)| {
                self.addresses
                    .iter()
                    .any(|ad| ad.user_id == u.id && ad.city == a.city)
            })
            .collect();
        in_city
            .iter()
            .map(|(u, cents)| {
                let spent = money(*cents);
                let tier = if spent > a.gold_over {
                    a.gold
                } else if spent > a.silver_over {
                    a.silver
                } else {
                    a.bronze
                };
                // rank(): one more than the number of rows ranked strictly ahead.
                let ahead = in_city
                    .iter()
                    .filter(|(v, c)| v.country == u.country && c > cents)
                    .count();
                Ranked {
                    id: u.id,
                    name: u.name.clone(),
                    spent,
                    tier: tier.to_owned(),
                    country_rank: ahead as i64 + 1,
                }
            })
            .collect()
    }
}

/// Cents as the decimal amount the database holds.
fn money(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// SQL LIKE as SQLite evaluates it by default: `%` is any run of characters,
/// `_` any one character, and ASCII letters match regardless of case.
fn like(text: &str, pattern: &str) -> bool {
    fn go(t: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('%', rest)) => (0..=t.len()).any(|i| go(&t[i..], rest)),
            Some((c, rest)) => match t.split_first() {
                Some((d, trest)) => (*c == '_' || c.eq_ignore_ascii_case(d)) && go(trest, rest),
                None => false,
            },
        }
    }
    let t: Vec<char> = text.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    go(&t, &p)
}

/// (hits, misses) added between two readings of the cache counters.
fn delta(before: &CacheStats, after: &CacheStats) -> (u64, u64) {
    (after.hits - before.hits, after.misses - before.misses)
}

fn print_report(rows: &[ReportRow]) {
    println!(
        "  {:>4}  {:<10} {:<24} {:>6} {:>9}  {:<7}",
        "id", "name", "email", "orders", "revenue", "city"
    );
    for r in rows {
        println!(
            "  {:>4}  {:<10} {:<24} {:>6} {:>9.2}  {:<7}",
            r.id,
            r.name,
            r.email,
            r.order_count,
            r.revenue,
            r.city.as_deref().unwrap_or("NULL")
        );
    }
    println!("  ({} rows)\n", rows.len());
}

fn heading(title: &str) {
    println!("==== {title} ====\n");
}
