//! A dialect written outside the workspace's dialect crates, using only sqlcraft's
//! public API: "Tinysql", an imaginary engine with `:pN` placeholders, `[bracket]`
//! identifiers, a `concat()` function instead of `||`, no RETURNING, no upsert, no
//! row locks, its own type names and its own spelling of a few functions.
//!
//! If this file compiles and passes, a third party can plug a fourth dialect into
//! sqlcraft without touching it.

use sqlcraft::dialect::{
    AutoincrementStyle, ConcatStyle, Dialect, DmlKind, FunctionOverride, GenericDialect,
    OffsetOnlyStyle, UpsertStyle, ValuesStyle,
};
use sqlcraft::prelude::*;
use sqlcraft::query::{JoinKind, Lock};
use sqlcraft::{Error, Result};
use sqlcraft_mysql::MySql;
use sqlcraft_postgres::Postgres;
use sqlcraft_sqlite::Sqlite;
use std::borrow::Cow;

/// The fourth dialect.
#[derive(Debug, Clone, Copy, Default)]
struct Tinysql;

impl Dialect for Tinysql {
    fn name(&self) -> &'static str {
        "tinysql"
    }

    /// `[name]`, with `]` doubled inside.
    fn write_identifier(&self, ident: &str, out: &mut String) {
        out.push('[');
        for ch in ident.chars() {
            if ch == ']' {
                out.push(']');
            }
            out.push(ch);
        }
        out.push(']');
    }

    fn max_identifier_length(&self) -> Option<usize> {
        Some(30)
    }

    /// `:p1`, `:p2`, …
    fn write_placeholder(&self, index: usize, out: &mut String) {
        out.push_str(":p");
        out.push_str(&index.to_string());
    }

    fn max_params(&self) -> usize {
        999
    }

    fn write_bool_literal(&self, b: bool, out: &mut String) {
        out.push(if b { '1' } else { '0' });
    }

    fn type_name(&self, ty: &SqlType) -> Result<Cow<'static, str>> {
        Ok(match ty {
            SqlType::String(Some(n)) => format!("NVARCHAR({n})").into(),
            SqlType::String(None) | SqlType::Text => "NTEXT".into(),
            SqlType::Boolean => "BIT".into(),
            SqlType::DateTime { .. } => "DATETIME2".into(),
            SqlType::Json => return Err(self.unsupported("the JSON type")),
            // Everything else keeps its ANSI name.
            other => return GenericDialect.type_name(other),
        })
    }

    fn autoincrement_style(&self) -> AutoincrementStyle {
        AutoincrementStyle::Keyword("IDENTITY(1, 1)")
    }

    fn concat_style(&self) -> ConcatStyle {
        ConcatStyle::Function
    }

    fn offset_only_style(&self) -> OffsetOnlyStyle {
        OffsetOnlyStyle::LimitLiteral("2147483647")
    }

    fn supports_join(&self, kind: JoinKind) -> bool {
        kind != JoinKind::Full
    }

    fn supports_returning(&self, _kind: DmlKind) -> bool {
        false
    }

    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::Unsupported
    }

    fn write_lock(&self, _lock: &Lock, _out: &mut String) -> Result<()> {
        Err(self.unsupported("row locking (FOR UPDATE / FOR SHARE)"))
    }

    fn values_style(&self) -> ValuesStyle {
        ValuesStyle::SelectFromValues
    }

    fn supports_lateral(&self) -> bool {
        false
    }

    fn function_override(&self, name: &str, argc: usize) -> Option<FunctionOverride> {
        match (name, argc) {
            ("length", 1) => Some(FunctionOverride::Rename("len")),
            ("now", 0) => Some(FunctionOverride::Keyword("CURRENT_TIMESTAMP")),
            _ => None,
        }
    }
}

struct Schema {
    meta: MetaData,
    users: Table,
    orders: Table,
    addresses: Table,
}

fn schema() -> Schema {
    let mut meta = MetaData::new();
    let users = meta
        .table("users", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("name", SqlType::string(50)).not_null();
            t.column("status", SqlType::string(20))
                .server_default("new");
            t.column("active", SqlType::Boolean)
                .not_null()
                .server_default(true);
            t.column("created_at", SqlType::datetime())
                .server_default(func::now());
            t.column("bio", SqlType::Text);
            t.unique_named("uq_users_name", ["name"]);
            let status = t.c("status");
            t.check("ck_users_status", status.in_(["new", "gold"]));
        })
        .expect("users");
    let orders = meta
        .table("orders", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .not_null()
                .references(&users, "id")
                .on_delete(FkAction::Cascade)
                .index();
            t.column("total", SqlType::Numeric(10, 2));
        })
        .expect("orders");
    let addresses = meta
        .table("addresses", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("user_id", SqlType::Integer)
                .references(&users, "id");
            t.column("city", SqlType::string(40));
        })
        .expect("addresses");
    Schema {
        meta,
        users,
        orders,
        addresses,
    }
}

fn unsupported_construct(err: Error) -> String {
    match err {
        Error::Unsupported { dialect, construct } => {
            assert_eq!(dialect, "tinysql");
            construct.into_owned()
        }
        other => panic!("expected Error::Unsupported from tinysql, got {other:?}"),
    }
}

#[test]
fn select_with_joins_where_order_and_limit() {
    let Schema {
        users,
        orders,
        addresses,
        ..
    } = schema();
    let q = select((users.c("name"), orders.c("total")))
        .from(&users)
        .join(&orders, orders.c("user_id").eq(users.c("id")))
        .left_join(&addresses, addresses.c("user_id").eq(users.c("id")))
        .filter(users.c("status").eq("gold"))
        .filter(orders.c("total").gt(10).or(addresses.c("city").is_null()))
        .order_by((orders.c("total").desc(), users.c("name").asc()))
        .limit(5)
        .offset(10);
    let c = q.compile(&Tinysql).unwrap();
    assert_eq!(
        c.sql,
        "SELECT [users].[name], [orders].[total] FROM [users] \
         JOIN [orders] ON [orders].[user_id] = [users].[id] \
         LEFT OUTER JOIN [addresses] ON [addresses].[user_id] = [users].[id] \
         WHERE [users].[status] = :p1 AND ([orders].[total] > :p2 OR [addresses].[city] IS NULL) \
         ORDER BY [orders].[total] DESC, [users].[name] ASC LIMIT :p3 OFFSET :p4"
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("gold"),
            Value::Int(10),
            Value::Int(5),
            Value::Int(10)
        ]
    );
}

#[test]
fn offset_only_uses_the_limit_literal() {
    let users = schema().users;
    let c = select(users.c("id"))
        .from(&users)
        .offset(20)
        .compile(&Tinysql)
        .unwrap();
    assert_eq!(
        c.sql,
        "SELECT [users].[id] FROM [users] LIMIT 2147483647 OFFSET :p1"
    );
    assert_eq!(c.values().unwrap(), vec![Value::Int(20)]);
}

#[test]
fn concat_function_and_function_overrides() {
    let users = schema().users;
    let q = select((
        users
            .c("name")
            .concat(" <")
            .concat(users.c("status"))
            .label("tag"),
        func::length(users.c("name")).label("n"),
        func::upper(users.c("name")),
        func::now().label("at"),
    ))
    .from(&users);
    let c = q.compile(&Tinysql).unwrap();
    assert_eq!(
        c.sql,
        "SELECT concat([users].[name], :p1, [users].[status]) AS [tag], \
         len([users].[name]) AS [n], upper([users].[name]) AS [upper_1], CURRENT_TIMESTAMP AS [at] \
         FROM [users]"
    );
    assert_eq!(c.values().unwrap(), vec![Value::from(" <")]);
}

#[test]
fn insert_golden() {
    let users = schema().users;
    let q = insert(&users)
        .columns(["name", "status", "active"])
        .row(("ann", "gold", true))
        .row(("bob", None::<&str>, false));
    let c = q.compile(&Tinysql).unwrap();
    assert_eq!(
        c.sql,
        "INSERT INTO [users] ([name], [status], [active]) VALUES (:p1, :p2, :p3), (:p4, :p5, :p6)"
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("ann"),
            Value::from("gold"),
            Value::Bool(true),
            Value::from("bob"),
            Value::Null,
            Value::Bool(false),
        ]
    );
    // Literal mode goes through the dialect's own literal hooks (`1`/`0` booleans).
    assert_eq!(
        q.to_literal_sql(&Tinysql).unwrap(),
        "INSERT INTO [users] ([name], [status], [active]) VALUES ('ann', 'gold', 1), ('bob', NULL, 0)"
    );
}

#[test]
fn update_golden() {
    let users = schema().users;
    let q = update(&users)
        .set("status", "gold")
        .set("name", users.c("name").concat(" (vip)"))
        .filter(users.c("id").in_([1, 2, 3]))
        .filter(users.c("active").eq(true));
    let c = q.compile(&Tinysql).unwrap();
    assert_eq!(
        c.sql,
        "UPDATE [users] SET [status] = :p1, [name] = concat([users].[name], :p2) \
         WHERE [users].[id] IN (:p3, :p4, :p5) AND [users].[active] = :p6"
    );
    assert_eq!(
        c.values().unwrap(),
        vec![
            Value::from("gold"),
            Value::from(" (vip)"),
            Value::Int(1),
            Value::Int(2),
            Value::Int(3),
            Value::Bool(true),
        ]
    );
}

#[test]
fn delete_golden() {
    let orders = schema().orders;
    let c = delete(&orders)
        .filter(orders.c("total").lt(1))
        .compile(&Tinysql)
        .unwrap();
    assert_eq!(c.sql, "DELETE FROM [orders] WHERE [orders].[total] < :p1");
}

#[test]
fn ddl_golden() {
    let s = schema();
    let ddl: Vec<String> = s
        .meta
        .create_statements(false)
        .unwrap()
        .iter()
        .map(|stmt| stmt.compile(&Tinysql).unwrap().sql)
        .collect();
    assert_eq!(
        ddl,
        [
            "CREATE TABLE [users] (\
             [id] INTEGER NOT NULL IDENTITY(1, 1), \
             [name] NVARCHAR(50) NOT NULL, \
             [status] NVARCHAR(20) DEFAULT 'new', \
             [active] BIT DEFAULT 1 NOT NULL, \
             [created_at] DATETIME2 DEFAULT CURRENT_TIMESTAMP, \
             [bio] NTEXT, \
             PRIMARY KEY ([id]), \
             CONSTRAINT [uq_users_name] UNIQUE ([name]), \
             CONSTRAINT [ck_users_status] CHECK ([status] IN ('new', 'gold')))",
            "CREATE TABLE [orders] (\
             [id] INTEGER NOT NULL IDENTITY(1, 1), \
             [user_id] INTEGER NOT NULL, \
             [total] NUMERIC(10, 2), \
             PRIMARY KEY ([id]), \
             FOREIGN KEY ([user_id]) REFERENCES [users] ([id]) ON DELETE CASCADE)",
            "CREATE INDEX [ix_orders_user_id] ON [orders] ([user_id])",
            "CREATE TABLE [addresses] (\
             [id] INTEGER NOT NULL IDENTITY(1, 1), \
             [user_id] INTEGER, \
             [city] NVARCHAR(40), \
             PRIMARY KEY ([id]), \
             FOREIGN KEY ([user_id]) REFERENCES [users] ([id]))",
        ]
    );
    let drops: Vec<String> = s
        .meta
        .drop_statements(true)
        .unwrap()
        .iter()
        .map(|stmt| stmt.compile(&Tinysql).unwrap().sql)
        .collect();
    assert_eq!(
        drops,
        [
            "DROP TABLE IF EXISTS [addresses]",
            "DROP TABLE IF EXISTS [orders]",
            "DROP TABLE IF EXISTS [users]",
        ]
    );
}

#[test]
fn typed_errors_name_the_new_dialect() {
    let Schema {
        users, addresses, ..
    } = schema();

    let returning = insert(&users)
        .value("name", "ann")
        .returning(users.c("id"))
        .compile(&Tinysql)
        .unwrap_err();
    assert_eq!(
        returning.to_string(),
        "the tinysql dialect does not support INSERT … RETURNING"
    );
    assert_eq!(unsupported_construct(returning), "INSERT … RETURNING");

    let lock = select(users.c("id"))
        .from(&users)
        .for_update()
        .compile(&Tinysql)
        .unwrap_err();
    assert_eq!(
        unsupported_construct(lock),
        "row locking (FOR UPDATE / FOR SHARE)"
    );

    let upsert = insert(&users)
        .value("name", "ann")
        .on_conflict(OnConflict::columns(["name"]).do_nothing())
        .compile(&Tinysql)
        .unwrap_err();
    assert_eq!(unsupported_construct(upsert), "upsert");

    let full = select(users.c("id"))
        .from(&users)
        .full_join(&addresses, addresses.c("user_id").eq(users.c("id")))
        .compile(&Tinysql)
        .unwrap_err();
    assert_eq!(unsupported_construct(full), "FULL OUTER JOIN");

    let mut meta = MetaData::new();
    let docs = meta
        .table("docs", |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("body", SqlType::Json);
        })
        .unwrap();
    let json = docs.create().compile(&Tinysql).unwrap_err();
    assert_eq!(unsupported_construct(json), "the JSON type");

    // The parameter limit is the dialect's own.
    let many = insert(&users)
        .columns(["name"])
        .rows((0..1000).map(|i| (format!("user{i}"),)));
    match many.compile(&Tinysql).unwrap_err() {
        Error::InvalidStatement(msg) => {
            assert!(msg.contains("tinysql"), "{msg}");
            assert!(msg.contains("999"), "{msg}");
        }
        other => panic!("expected InvalidStatement, got {other:?}"),
    }

    // So is the identifier length limit.
    let long = table("t23456789012345678901234567890");
    assert_eq!(long.name().len(), 30);
    assert!(select(long.c("x")).from(&long).compile(&Tinysql).is_ok());
    let too_long = table("t234567890123456789012345678901");
    assert!(matches!(
        select(too_long.c("x")).from(&too_long).compile(&Tinysql),
        Err(Error::InvalidIdentifier { .. })
    ));
}

#[test]
fn identifiers_containing_the_quote_character_are_escaped() {
    let t = table("we]ird");
    let odd = t.alias("a]]b");
    let q = select((t.c("col]"), t.c("[x]").label("y]")))
        .from(&t)
        .join(&odd, odd.c("id").eq(t.c("col]")))
        .filter(t.c("]").eq("]"));
    let c = q.compile(&Tinysql).unwrap();
    assert_eq!(
        c.sql,
        "SELECT [we]]ird].[col]]], [we]]ird].[[x]]] AS [y]]] FROM [we]]ird] \
         JOIN [we]]ird] AS [a]]]]b] ON [a]]]]b].[id] = [we]]ird].[col]]] \
         WHERE [we]]ird].[]]] = :p1"
    );
    // The value is a parameter, never part of the text.
    assert_eq!(c.values().unwrap(), vec![Value::from("]")]);

    // The other quote characters are ordinary characters inside brackets.
    let c = select(table("t").c("a\"b`c'd")).compile(&Tinysql).unwrap();
    assert_eq!(c.sql, "SELECT [t].[a\"b`c'd] FROM [t]");
}

#[test]
fn works_through_dyn_dialect() {
    let Schema { users, orders, .. } = schema();
    let q = select((users.c("name"), func::count(orders.c("id")).label("n")))
        .from(&users)
        .join(&orders, orders.c("user_id").eq(users.c("id")))
        .filter(users.c("name").concat("!").ne("x!"))
        .group_by(users.c("name"))
        .limit(3);

    let dynamic: &dyn Dialect = &Tinysql;
    let via_dyn = q.compile(dynamic).unwrap();
    let via_static = q.compile(&Tinysql).unwrap();
    assert_eq!(via_dyn, via_static);
    assert_eq!(
        via_dyn.sql,
        "SELECT [users].[name], count([orders].[id]) AS [n] FROM [users] \
         JOIN [orders] ON [orders].[user_id] = [users].[id] \
         WHERE concat([users].[name], :p1) <> :p2 GROUP BY [users].[name] LIMIT :p3"
    );
    assert_eq!(
        q.to_literal_sql(&Tinysql as &dyn Dialect).unwrap(),
        q.to_literal_sql(&Tinysql).unwrap()
    );

    // Side by side with the built-in dialects, as boxed trait objects that can
    // cross threads.
    let dialects: Vec<Box<dyn Dialect>> = vec![
        Box::new(Tinysql),
        Box::new(Sqlite),
        Box::new(Postgres),
        Box::new(MySql::mariadb()),
    ];
    let names: Vec<&str> = dialects.iter().map(|d| d.name()).collect();
    assert_eq!(names, ["tinysql", "sqlite", "postgresql", "mariadb"]);
    let locked = select(users.c("id")).from(&users).for_update();
    let results: Vec<Result<Compiled>> = std::thread::scope(|s| {
        let handles: Vec<_> = dialects
            .iter()
            .map(|d| s.spawn(|| locked.compile(d.as_ref())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(matches!(
        &results[0],
        Err(Error::Unsupported {
            dialect: "tinysql",
            ..
        })
    ));
    for r in &results[1..] {
        assert!(r.is_ok(), "{r:?}");
    }

    // The dialect's own hooks answer through the trait object too.
    let mut out = String::new();
    dynamic.write_identifier("x]y", &mut out);
    dynamic.write_placeholder(7, &mut out);
    assert_eq!(out, "[x]]y]:p7");
    assert_eq!(dynamic.type_name(&SqlType::Boolean).unwrap(), "BIT");
}

/// The new dialect picks SQLite's form for rows of values used as a table: the
/// generated column names are quoted its way, and LATERAL, which it lacks, is a
/// typed error naming it.
#[test]
fn values_and_lateral_follow_the_new_dialect() {
    let s = schema();
    let v = values("v", ["id", "label"]).rows([(1, "a"), (2, "b")]);
    let q = select((s.users.c("name"), v.c("label")))
        .from(s.users.join(&v, v.c("id").eq(s.users.c("id"))));
    assert_eq!(
        q.compile(&Tinysql).unwrap().sql,
        "SELECT [users].[name], [v].[label] FROM [users] JOIN (SELECT [column1] AS [id], [column2] AS [label] FROM (VALUES (:p1, :p2), (:p3, :p4))) AS [v] ON [v].[id] = [users].[id]"
    );
    let last = select(s.orders.c("id"))
        .from(&s.orders)
        .filter(s.orders.c("user_id").eq(s.users.c("id")))
        .lateral("last");
    let q = select(last.c("id")).from(s.users.cross_join(&last));
    assert_eq!(
        q.compile(&Tinysql).unwrap_err(),
        Error::Unsupported {
            dialect: "tinysql",
            construct: "LATERAL".into()
        }
    );
}
