//! Golden SQL for every construct on SQLite, PostgreSQL and MySQL/MariaDB, with each
//! SQLite rendering executed on a real in-memory SQLite and its rows checked.
//!
//! One test binary with a module per area, so the suite links once.

mod common;
mod ddl;
mod dml;
mod expr;
mod select;

use common::*;
use sqlcraft::prelude::*;

#[test]
fn seeded_database_matches_the_documented_rows() {
    let s = schema();
    let db = sqlite_db(&s);
    let c = golden(
        &select((s.users.c("id"), s.users.c("name"), s.users.c("email"))).from(&s.users),
        r#"SELECT "users"."id", "users"."name", "users"."email" FROM "users""#,
        r#"SELECT "users"."id", "users"."name", "users"."email" FROM "users""#,
        "SELECT `users`.`id`, `users`.`name`, `users`.`email` FROM `users`",
    );
    assert_eq!(
        query(&db, &c),
        [
            "1|ann|ann@x.io",
            "2|bob|NULL",
            "3|cid|cid@y.io",
            "4|dee|dee@x.io",
            "5|Eve|eve@z.io"
        ]
    );
    let totals = select(func::sum(s.orders.c("total"))).from(&s.orders);
    assert_eq!(
        query(&db, &totals.compile(&sqlcraft_sqlite::Sqlite).unwrap()),
        ["142.75"]
    );
}
