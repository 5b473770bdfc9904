//! `MetaData::create_all` / `drop_all` through the engine: check-first makes a
//! second run a no-op, a missing table is created alone, indexes come with their
//! tables, and dropping removes everything.
use crate::harness::*;
use crate::support::{unique, Backend};
use sqlcraft::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

fn ddl_schema() -> (MetaData, Table, Table) {
    let mut meta = MetaData::new();
    let parent = meta
        .table(&unique("ec_parent"), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("code", SqlType::string(10)).not_null().unique();
            t.column("kind", SqlType::string(10));
            t.index(&unique("ix_ec_kind"), ["kind"]);
        })
        .unwrap();
    let child = meta
        .table(&unique("ec_child"), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("parent_id", SqlType::Integer)
                .not_null()
                .references(&parent, "id")
                .on_delete(FkAction::Cascade);
            t.column("note", SqlType::Text);
        })
        .unwrap();
    (meta, parent, child)
}

fn count(fx_engine: &sqlcraft::engine::Engine, t: &Table) -> sqlcraft::Result<i64> {
    fx_engine
        .connect()?
        .execute(&select(func::count_star()).from(t))?
        .scalar_one()
}

#[test]
fn create_all_is_check_first_and_drop_all_removes_everything() {
    for backend in Backend::ALL {
        let sql: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = sql.clone();
        let executed = Arc::new(AtomicU64::new(0));
        let counter = executed.clone();
        let engine = backend
            .builder()
            .before_execute(move |e| {
                log.lock().unwrap().push(e.sql.to_owned());
                counter.fetch_add(1, Ordering::Relaxed);
                Ok(())
            })
            .build()
            .unwrap();
        let taken = || std::mem::take(&mut *sql.lock().unwrap());
        let (meta, parent, child) = ddl_schema();
        let creates = |stmts: &[String]| stmts.iter().filter(|s| s.starts_with("CREATE")).count();
        // A guard so a failure still drops the tables.
        struct Guard<'a>(&'a MetaData, &'a sqlcraft::engine::Engine);
        impl Drop for Guard<'_> {
            fn drop(&mut self) {
                let _ = self.0.drop_all(self.1);
            }
        }
        let _guard = Guard(&meta, &engine);
        let name = backend.name();

        meta.create_all(&engine).unwrap();
        let first = taken();
        // Two tables and one index, parent first.
        assert_eq!(creates(&first), 3, "{name}: {first:#?}");
        let parent_at = first
            .iter()
            .position(|s| s.contains(parent.name()))
            .unwrap();
        let child_at = first
            .iter()
            .position(|s| s.starts_with("CREATE TABLE") && s.contains(child.name()))
            .unwrap();
        assert!(parent_at < child_at, "{name}: parent created first");

        let mut c = engine.connect().unwrap();
        c.execute(&insert(&parent).value("code", "p1").value("kind", "k"))
            .unwrap();
        c.execute(&insert(&child).value("parent_id", 1).value("note", "n"))
            .unwrap();
        c.commit().unwrap();
        drop(c);
        taken();

        // Second run: only the existence checks, nothing created, data intact.
        meta.create_all(&engine).unwrap();
        let second = taken();
        assert_eq!(creates(&second), 0, "{name}: {second:#?}");
        assert_eq!(second.len(), 2, "{name}: one check per table: {second:#?}");
        assert_eq!(count(&engine, &parent).unwrap(), 1, "{name}");
        assert_eq!(count(&engine, &child).unwrap(), 1, "{name}");

        // Without check-first the existing tables are an error from the server.
        let err = meta.create_all_with(&engine, false).unwrap_err();
        assert!(matches!(err, Error::Database(_)), "{name}: {err:?}");

        // The index exists: creating it again under the same name fails.
        let ix = &parent.indexes()[0];
        let again = parent.create_index(ix).compile(engine.dialect()).unwrap();
        let mut c = engine.connect().unwrap();
        assert!(
            c.exec_driver_sql(&again.sql, &[]).is_err(),
            "{name}: the index was created"
        );
        drop(c);

        // Dropping one table: create_all recreates it alone.
        let drop_child = child.drop().compile(engine.dialect()).unwrap();
        engine
            .begin(|c| c.exec_driver_sql(&drop_child.sql, &[]).map(|_| ()))
            .unwrap();
        taken();
        meta.create_all(&engine).unwrap();
        let third = taken();
        assert_eq!(creates(&third), 1, "{name}: {third:#?}");
        assert!(
            third
                .iter()
                .any(|s| s.starts_with("CREATE TABLE") && s.contains(child.name())),
            "{name}"
        );
        assert_eq!(
            count(&engine, &child).unwrap(),
            0,
            "{name}: a new, empty table"
        );
        assert_eq!(count(&engine, &parent).unwrap(), 1, "{name}");

        meta.drop_all(&engine).unwrap();
        let dropped = taken();
        let drops: Vec<&String> = dropped.iter().filter(|s| s.starts_with("DROP")).collect();
        assert_eq!(drops.len(), 2, "{name}: {dropped:#?}");
        assert!(
            drops[0].contains(child.name()),
            "{name}: child dropped first"
        );
        for t in [&parent, &child] {
            let err = count(&engine, t).unwrap_err();
            assert_eq!(
                err.db_kind(),
                Some(sqlcraft::engine::ErrorKind::Programming),
                "{name}: {} is gone: {err}",
                t.name()
            );
        }
        // drop_all again: nothing to drop.
        taken();
        meta.drop_all(&engine).unwrap();
        let again = taken();
        assert!(
            !again.iter().any(|s| s.starts_with("DROP")),
            "{name}: {again:#?}"
        );
        eprintln!(
            "[engine_cross] ddl::create_all_is_check_first_and_drop_all_removes_everything on {name}: {} statements",
            executed.load(Ordering::Relaxed)
        );
    }
}

#[test]
fn the_shared_fixture_schema_is_created_once_and_dropped() {
    // The fixture's own create_all, run again on a seeded schema, changes nothing.
    let w = World::new();
    for fx in &w.fxs {
        fx.s.meta.create_all(&fx.engine).unwrap();
        assert_eq!(count(&fx.engine, &fx.s.users).unwrap(), 5, "{}", fx.name());
        assert_eq!(count(&fx.engine, &fx.s.orders).unwrap(), 6, "{}", fx.name());
    }
}

#[test]
fn computed_columns_are_computed_by_every_engine() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let mut meta = MetaData::new();
        let line = meta
            .table(&unique("ec_line"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("price", SqlType::Integer).not_null();
                t.column("qty", SqlType::Integer).not_null();
                t.column("name", SqlType::string(20));
                let total = t.c("price") * t.c("qty") + 1;
                t.column("total", SqlType::Integer).computed(total);
                // VIRTUAL where the engine has it; PostgreSQL (before 18) has
                // STORED only.
                let key = func::lower(t.c("name"));
                if backend == Backend::Postgres {
                    t.column("name_key", SqlType::string(20)).computed(key);
                } else {
                    t.column("name_key", SqlType::string(20))
                        .computed_virtual(key);
                }
            })
            .unwrap();
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        fx.exec(
            &mut conn,
            "insert",
            &insert(&line)
                .columns(["id", "price", "qty", "name"])
                .rows([(1, 3, 4, "Ann"), (2, 10, 0, "BOB")]),
        );
        fx.exec(
            &mut conn,
            "update a source column",
            &update(&line).set("qty", 2).filter(line.c("id").eq(2)),
        );
        let res = fx.exec(
            &mut conn,
            "select",
            &select((line.c("id"), line.c("total"), line.c("name_key")))
                .from(&line)
                .filter(line.c("total").gt(5))
                .order_by(line.c("id")),
        );
        assert_eq!(
            normalise("select", backend, "iit", res),
            ["1|13|ann", "2|21|bob"],
            "{}",
            fx.name()
        );
        // Setting a computed column is refused before it reaches the engine.
        let err = conn
            .execute(
                &insert(&line)
                    .value("id", 3)
                    .value("price", 1)
                    .value("qty", 1)
                    .value("total", 9),
            )
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidStatement(_)),
            "{}: {err:?}",
            fx.name()
        );
        let err = conn.execute(&update(&line).set("total", 0)).unwrap_err();
        assert!(
            matches!(err, Error::InvalidStatement(_)),
            "{}: {err:?}",
            fx.name()
        );
        let n: i64 = conn
            .execute(&select(func::count_star()).from(&line))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(n, 2, "{}", fx.name());
    }
}

/// `create_all` of a schema the backend cannot express: a typed refusal before
/// any statement is sent, so `table` does not exist afterwards.
fn refused_before_anything(fx: &Fx, meta: &MetaData, table: &Table) {
    let err = meta.create_all(&fx.engine).unwrap_err();
    assert!(
        matches!(err, Error::Unsupported { .. }),
        "{}: {err:?}",
        fx.name()
    );
    assert!(
        count(&fx.engine, table).is_err(),
        "{}: the table was left behind",
        fx.name()
    );
}

/// `stmt` violates a unique index: an Integrity error, inside a savepoint so
/// that the connection's transaction goes on.
fn breaks_a_unique_index(fx: &Fx, conn: &mut sqlcraft::engine::Connection, stmt: &Insert) {
    let dup = conn.nested(|c| c.execute(stmt).map(|_| ())).unwrap_err();
    assert_eq!(
        dup.db_kind(),
        Some(sqlcraft::engine::ErrorKind::Integrity),
        "{}: {dup}",
        fx.name()
    );
}

#[test]
fn partial_unique_indexes_hold_among_the_rows_they_keep() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let mut meta = MetaData::new();
        let accounts = meta
            .table(&unique("ec_accounts"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("email", SqlType::string(50)).not_null();
                t.column("deleted", SqlType::Boolean).not_null();
                let live = t.c("deleted").eq(false);
                t.unique_index_where(&unique("ux_ec_live_email"), ["email"], live);
            })
            .unwrap();
        if backend == Backend::MariaDb {
            // No partial indexes.
            refused_before_anything(&fx, &meta, &accounts);
            continue;
        }
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        let add = |id: i64, deleted: bool| {
            insert(&accounts)
                .value("id", id)
                .value("email", "a@x.io")
                .value("deleted", deleted)
        };
        fx.exec(&mut conn, "live", &add(1, false));
        fx.exec(&mut conn, "deleted twice", &add(2, true));
        fx.exec(&mut conn, "deleted twice", &add(3, true));
        breaks_a_unique_index(&fx, &mut conn, &add(4, false));
        let n: i64 = conn
            .execute(&select(func::count_star()).from(&accounts))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(n, 3, "{}", fx.name());
    }
}

#[test]
fn expression_indexes_hold_on_the_expression() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let mut meta = MetaData::new();
        let users = meta
            .table(&unique("ec_ci_users"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("email", SqlType::string(50)).not_null();
                let key = func::lower(t.c("email"));
                t.unique_index_on(&unique("ux_ec_ci_email"), key);
            })
            .unwrap();
        if backend == Backend::MariaDb {
            // No indexes on expressions.
            refused_before_anything(&fx, &meta, &users);
            continue;
        }
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        let add = |id: i64, email: &str| insert(&users).value("id", id).value("email", email);
        fx.exec(&mut conn, "first", &add(1, "Ann@x.io"));
        fx.exec(&mut conn, "another", &add(2, "bob@x.io"));
        breaks_a_unique_index(&fx, &mut conn, &add(3, "ann@X.IO"));
        let n: i64 = conn
            .execute(&select(func::count_star()).from(&users))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(n, 2, "{}", fx.name());
    }
}

/// A sequence created with the tables, numbering a key through a server
/// default and drawn from directly, then dropped with them; a typed error where
/// the engine has none.
#[test]
fn sequences_number_rows_where_the_engine_has_them() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let seq = Sequence::new(&unique("sq_tickets"))
            .start(100)
            .increment(10);
        let mut meta = MetaData::new();
        meta.add_sequence(seq.clone()).unwrap();
        let tickets = meta
            .table(&unique("sq_ticket"), |t| {
                t.column("id", SqlType::BigInteger)
                    .primary_key()
                    .server_default(seq.next_value());
                t.column("what", SqlType::string(20)).not_null();
            })
            .unwrap();
        if backend == Backend::Sqlite {
            refused_before_anything(&fx, &meta, &tickets);
            continue;
        }
        let guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        conn.execute(&insert(&tickets).value("what", "a")).unwrap();
        conn.execute(&insert(&tickets).value("what", "b")).unwrap();
        let drawn: i64 = conn
            .execute(&select(seq.next_value()))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(drawn, 120, "{ctx}");
        conn.execute(
            &insert(&tickets)
                .value("id", seq.next_value())
                .value("what", "c"),
        )
        .unwrap();
        let rows: Vec<(i64, String)> = pairs(
            conn.execute(
                &select((tickets.c("id"), tickets.c("what")))
                    .from(&tickets)
                    .order_by(tickets.c("id")),
            )
            .unwrap(),
        );
        assert_eq!(
            rows,
            [(100, "a".into()), (110, "b".into()), (130, "c".into())],
            "{ctx}"
        );
        conn.commit().unwrap();
        drop(conn);
        // create_all again leaves the sequence (and its position) alone.
        guard.meta.create_all(&fx.engine).unwrap();
        let next: i64 = fx
            .conn()
            .execute(&select(seq.next_value()))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(next, 140, "{ctx}");
        drop(guard);
        // drop_all took the sequence too.
        let gone = fx.conn().execute(&select(seq.next_value()));
        assert!(gone.is_err(), "{ctx}: the sequence outlived drop_all");
    }
}
