//! Reflection: what `create_all` made, read back from each engine's catalog
//! through `Engine::inspect` and `MetaData::reflect_table`.
use crate::harness::*;
use crate::support::{unique, Backend};
use sqlcraft::engine::{ReflectedForeignKey, ReflectedUnique};
use sqlcraft::prelude::*;

struct Names {
    parent: String,
    child: String,
    uq: String,
    ix: String,
}

fn schema() -> (MetaData, Names) {
    let names = Names {
        parent: unique("rf_parent"),
        child: unique("rf_child"),
        uq: unique("uq_rf_child"),
        ix: unique("ix_rf_child"),
    };
    let mut meta = MetaData::new();
    let parent = meta
        .table(&names.parent, |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("code", SqlType::string(20)).not_null().unique();
            t.column("note", SqlType::Text).server_default("none");
            t.column("amount", SqlType::Numeric(12, 2));
            t.column("flag", SqlType::Boolean).not_null();
            t.column("born", SqlType::Date);
            t.column("at", SqlType::datetime());
            t.column("big", SqlType::BigInteger);
            t.column("small", SqlType::SmallInteger);
            t.column("ratio", SqlType::Float);
            t.column("data", SqlType::LargeBinary);
        })
        .unwrap();
    meta.table(&names.child, |t| {
        t.column("id", SqlType::Integer).primary_key();
        t.column("parent_id", SqlType::Integer)
            .not_null()
            .references(&parent, "id")
            .on_delete(FkAction::Cascade);
        t.column("a", SqlType::Integer);
        t.column("b", SqlType::string(10));
        t.unique_named(&names.uq, ["b", "a"]);
        t.index(&names.ix, ["b"]);
    })
    .unwrap();
    (meta, names)
}

#[test]
fn inspect_reads_back_what_create_all_made() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let (meta, names) = schema();
        let guard = SchemaGuard::create(&fx, meta);
        let inspector = fx.engine.inspect();

        let tables = inspector.table_names(None).unwrap();
        assert!(
            tables.contains(&names.parent) && tables.contains(&names.child),
            "{ctx}: {tables:?}"
        );
        assert!(
            tables.windows(2).all(|w| w[0] <= w[1]),
            "{ctx}: not sorted: {tables:?}"
        );
        assert!(inspector.has_table(&names.child, None).unwrap(), "{ctx}");
        assert!(
            !inspector.has_table(&unique("rf_absent"), None).unwrap(),
            "{ctx}"
        );
        assert!(
            matches!(
                inspector.columns(&unique("rf_absent"), None),
                Err(Error::NoSuchTable(_))
            ),
            "{ctx}"
        );

        // Every column's type comes back as the one it was made with.
        let cols = inspector.columns(&names.parent, None).unwrap();
        let defined = guard.meta.get(&names.parent).unwrap().columns().to_vec();
        assert_eq!(cols.len(), defined.len(), "{ctx}");
        for (got, want) in cols.iter().zip(&defined) {
            assert_eq!(got.name, &*want.name, "{ctx}");
            assert_eq!(
                got.ty.as_ref(),
                Some(&want.ty),
                "{ctx}: {} is {:?}",
                got.name,
                got.type_name
            );
            assert_eq!(got.nullable, want.nullable, "{ctx}: {}", got.name);
            assert_eq!(got.autoincrement, got.name == "id", "{ctx}: {}", got.name);
        }
        let note = &cols[2];
        assert!(
            note.default
                .as_deref()
                .is_some_and(|d| d.contains("'none'")),
            "{ctx}: {note:?}"
        );
        assert!(
            cols.iter()
                .filter(|c| c.name != "note")
                .all(|c| c.default.is_none()),
            "{ctx}: {cols:?}"
        );

        assert_eq!(
            inspector.primary_key(&names.parent, None).unwrap(),
            ["id"],
            "{ctx}"
        );
        assert_eq!(
            inspector.foreign_keys(&names.child, None).unwrap(),
            [ReflectedForeignKey {
                name: inspector.foreign_keys(&names.child, None).unwrap()[0]
                    .name
                    .clone(),
                columns: vec!["parent_id".into()],
                referred_schema: None,
                referred_table: names.parent.clone(),
                referred_columns: vec!["id".into()],
                on_delete: Some(FkAction::Cascade),
                // InnoDB reports its default as RESTRICT (which acts as NO ACTION).
                on_update: (backend == Backend::MariaDb).then_some(FkAction::Restrict),
            }],
            "{ctx}"
        );
        let fk_name = inspector.foreign_keys(&names.child, None).unwrap()[0]
            .name
            .clone();
        assert_eq!(
            fk_name.is_some(),
            backend != Backend::Sqlite,
            "{ctx}: SQLite keeps no names"
        );

        let uniques = inspector.unique_constraints(&names.child, None).unwrap();
        let uq_name = (backend != Backend::Sqlite).then(|| names.uq.clone());
        assert_eq!(
            uniques,
            [ReflectedUnique {
                name: uq_name,
                columns: vec!["b".into(), "a".into()]
            }],
            "{ctx}"
        );
        let parent_uniques = inspector.unique_constraints(&names.parent, None).unwrap();
        assert_eq!(parent_uniques.len(), 1, "{ctx}: {parent_uniques:?}");
        assert_eq!(parent_uniques[0].columns, ["code"], "{ctx}");

        let indexes = inspector.indexes(&names.child, None).unwrap();
        // The index made, and not the primary key's or the unique constraint's;
        // MariaDB also has the index InnoDB made for the foreign key, which is
        // as real as any (it is listed, as SQLAlchemy lists it).
        let ours: Vec<_> = indexes.iter().filter(|ix| ix.name == names.ix).collect();
        let extra: Vec<_> = indexes.iter().filter(|ix| ix.name != names.ix).collect();
        assert_eq!(ours.len(), 1, "{ctx}: {indexes:?}");
        match backend {
            Backend::MariaDb => {
                assert_eq!(extra.len(), 1, "{ctx}: {indexes:?}");
                assert_eq!(extra[0].columns, [Some("parent_id".to_owned())], "{ctx}");
            }
            _ => assert!(extra.is_empty(), "{ctx}: {indexes:?}"),
        }
        assert_eq!(ours[0].columns, [Some("b".to_owned())], "{ctx}");
        assert!(!ours[0].unique && !ours[0].partial, "{ctx}");
        // Nothing behind the primary key or the unique constraint is listed.
        assert!(
            indexes.iter().all(|ix| ix.name != names.uq),
            "{ctx}: {indexes:?}"
        );

        // The same answers when the schema is named.
        let schema_name: String = match backend {
            Backend::Sqlite => "main".into(),
            Backend::Postgres => fx
                .conn()
                .execute(&text("SELECT current_schema()"))
                .unwrap()
                .scalar_one()
                .unwrap(),
            Backend::MariaDb => fx
                .conn()
                .execute(&text("SELECT DATABASE()"))
                .unwrap()
                .scalar_one()
                .unwrap(),
        };
        let named = Some(schema_name.as_str());
        assert!(
            inspector.table_names(named).unwrap().contains(&names.child),
            "{ctx}"
        );

        // A view is listed as a view, not as a table.
        let view = unique("rf_view");
        let mut conn = fx.conn();
        let make = format!("CREATE VIEW {view} AS SELECT id FROM {}", names.parent);
        conn.exec_driver_sql(&make, &[]).unwrap();
        conn.commit().unwrap();
        drop(conn);
        let views = inspector.view_names(None).unwrap();
        assert!(views.contains(&view), "{ctx}: {views:?}");
        assert!(
            inspector.view_names(named).unwrap().contains(&view),
            "{ctx}"
        );
        assert!(
            !inspector.table_names(None).unwrap().contains(&view),
            "{ctx}"
        );
        let mut conn = fx.conn();
        conn.exec_driver_sql(&format!("DROP VIEW {view}"), &[])
            .unwrap();
        conn.commit().unwrap();
        drop(conn);
        assert_eq!(
            inspector.primary_key(&names.child, named).unwrap(),
            ["id"],
            "{ctx}"
        );
        assert_eq!(
            inspector.columns(&names.child, named).unwrap().len(),
            4,
            "{ctx}"
        );
        drop(guard);
    }
}

/// Indexes on expressions and partial indexes are reported as such, and left
/// out of a reflected table (their SQL is not split into parts).
#[test]
fn expression_and_partial_indexes_are_reported_and_not_rebuilt() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let (name, by_lower, live) = (unique("rf_ix"), unique("ix_rf_lower"), unique("ix_rf_live"));
        let mut meta = MetaData::new();
        meta.table(&name, |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("email", SqlType::string(50));
            t.column("gone", SqlType::Boolean);
            let lower = func::lower(t.c("email"));
            t.unique_index_on(&by_lower, lower);
            let kept = t.c("gone").eq(false);
            t.index_where(&live, ["email"], kept);
        })
        .unwrap();
        let guard = SchemaGuard::create(&fx, meta);
        let mut indexes = fx.engine.inspect().indexes(&name, None).unwrap();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        let got: Vec<_> = indexes
            .iter()
            .map(|ix| (ix.name.as_str(), ix.columns.clone(), ix.unique, ix.partial))
            .collect();
        let mut want = vec![
            (by_lower.as_str(), vec![None], true, false),
            (live.as_str(), vec![Some("email".to_owned())], false, true),
        ];
        want.sort();
        assert_eq!(got, want, "{ctx}");
        let t = MetaData::new().reflect_table(&fx.engine, &name).unwrap();
        assert!(t.indexes().is_empty(), "{ctx}: {:?}", t.indexes());
        drop(guard);
    }
}

#[test]
fn a_reflected_table_runs_statements() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let (meta, names) = schema();
        let guard = SchemaGuard::create(&fx, meta);
        let mut reflected = MetaData::new();
        let parent = reflected.reflect_table(&fx.engine, &names.parent).unwrap();
        let child = reflected.reflect_table(&fx.engine, &names.child).unwrap();
        assert_eq!(parent.columns().len(), 11, "{ctx}");
        assert_eq!(
            child.def().foreign_keys[0].ref_table.as_ref(),
            names.parent.as_str(),
            "{ctx}"
        );

        // Inserts through the reflected tables: ids numbered by the engine, the
        // server default filled in, the foreign key's cascade in force.
        let mut conn = fx.conn();
        conn.execute(&insert(&parent).value("code", "p1").value("flag", true))
            .unwrap();
        let (id, note): (i64, String) = {
            let row = conn
                .execute(&select((parent.c("id"), parent.c("note"))).from(&parent))
                .unwrap()
                .one()
                .unwrap();
            (row.get(0).unwrap(), row.get(1).unwrap())
        };
        assert_eq!(note, "none", "{ctx}");
        conn.execute(
            &insert(&child)
                .value("parent_id", id)
                .value("a", 1)
                .value("b", "x"),
        )
        .unwrap();
        let dup = conn.nested(|c| {
            c.execute(
                &insert(&child)
                    .value("parent_id", id)
                    .value("a", 1)
                    .value("b", "x"),
            )
            .map(drop)
        });
        assert_eq!(
            dup.unwrap_err().db_kind(),
            Some(sqlcraft::engine::ErrorKind::Integrity),
            "{ctx}: the reflected unique constraint"
        );
        conn.execute(&delete(&parent).filter(parent.c("id").eq(id)))
            .unwrap();
        let left: i64 = conn
            .execute(&select(func::count_star()).from(&child))
            .unwrap()
            .scalar_one()
            .unwrap();
        assert_eq!(left, 0, "{ctx}: ON DELETE CASCADE");
        drop(conn);

        // The reflected definition makes the same tables again elsewhere.
        let copy_name = unique("rf_copy");
        let copy = MetaData::new()
            .table(&copy_name, |t| {
                for c in parent.columns() {
                    let col = t.column(&c.name, c.ty.clone());
                    if !c.nullable {
                        col.not_null();
                    }
                }
            })
            .unwrap();
        let mut conn = fx.conn();
        conn.execute(&copy.create()).unwrap();
        conn.execute(&copy.drop()).unwrap();
        drop(conn);
        drop(guard);
    }
}

/// `MetaData::reflect` takes every table, referred ones first. Only on SQLite:
/// the server databases are shared with tests that create and drop tables
/// while this one would read them all.
#[test]
fn reflect_takes_every_table_parents_first() {
    let fx = Fx::empty(Backend::Sqlite);
    let (meta, names) = schema();
    let guard = SchemaGuard::create(&fx, meta);
    let mut reflected = MetaData::new();
    let added = reflected.reflect(&fx.engine).unwrap();
    let order: Vec<&str> = added.iter().map(|t| t.name()).collect();
    let at = |n: &str| order.iter().position(|o| *o == n).unwrap();
    assert!(at(&names.parent) < at(&names.child), "{order:?}");
    // Everything reflected again is already there: nothing is added twice.
    assert!(reflected.reflect(&fx.engine).unwrap().is_empty());
    let sorted = reflected.sorted_tables().unwrap();
    assert_eq!(sorted.len(), order.len());
    drop(guard);
}

/// Comments made by create_all (COMMENT ON on PostgreSQL, inline on MariaDB)
/// read back through the catalogs, and kept by reflect_table; SQLite keeps
/// none, and create_all leaves them out there.
#[test]
fn comments_are_made_and_read_back() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let name = unique("rf_commented");
        let mut meta = MetaData::new();
        meta.table(&name, |t| {
            t.comment("it's a \"table\" \\ comment");
            t.column("id", SqlType::Integer)
                .primary_key()
                .comment("the key");
            t.column("note", SqlType::Text);
        })
        .unwrap();
        let guard = SchemaGuard::create(&fx, meta);
        let inspector = fx.engine.inspect();
        let table_comment = inspector.table_comment(&name, None).unwrap();
        let cols = inspector.columns(&name, None).unwrap();
        let col_comments: Vec<Option<&str>> = cols.iter().map(|c| c.comment.as_deref()).collect();
        if backend == Backend::Sqlite {
            assert_eq!(table_comment, None, "{ctx}");
            assert_eq!(col_comments, [None, None], "{ctx}");
        } else {
            assert_eq!(
                table_comment.as_deref(),
                Some("it's a \"table\" \\ comment"),
                "{ctx}"
            );
            assert_eq!(col_comments, [Some("the key"), None], "{ctx}");
            let t = MetaData::new().reflect_table(&fx.engine, &name).unwrap();
            assert_eq!(
                t.def().comment.as_deref(),
                Some("it's a \"table\" \\ comment"),
                "{ctx}"
            );
            assert_eq!(t.columns()[0].comment.as_deref(), Some("the key"), "{ctx}");
        }
        drop(guard);
    }
}

#[test]
fn check_constraints_are_read_back_and_still_hold() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let name = unique("rf_checked");
        let mut meta = MetaData::new();
        let t = meta
            .table(&name, |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("qty", SqlType::Integer);
                t.column("code", SqlType::string(10));
                // A literal holding a parenthesis and a quote: the SQLite scan
                // must not end the clause inside it.
                t.check("ck_code", t.c("code").ne("a)'b"));
                t.check("ck_qty", t.c("qty").ge(0));
                // Named by the engine (none on SQLite).
                t.check_unnamed(t.c("qty").le(1000));
            })
            .unwrap();
        let guard = SchemaGuard::create(&fx, meta);
        let checks = fx.engine.inspect().check_constraints(&name, None).unwrap();
        let (ours, unnamed): (Vec<_>, Vec<_>) = checks
            .iter()
            .partition(|c| c.name.as_deref().is_some_and(|n| n.starts_with("ck_")));
        assert_eq!(unnamed.len(), 1, "{ctx}: {checks:?}");
        assert_eq!(
            unnamed[0].name.is_none(),
            backend == Backend::Sqlite,
            "{ctx}: {unnamed:?}"
        );
        assert!(unnamed[0].sqltext.contains("1000"), "{ctx}: {unnamed:?}");
        let got: Vec<(Option<&str>, &str)> = ours
            .iter()
            .map(|c| (c.name.as_deref(), c.sqltext.as_str()))
            .collect();
        // Each engine keeps the condition in its own spelling.
        let expected: [(Option<&str>, &str); 2] = match backend {
            Backend::Sqlite => [
                (Some("ck_code"), r#""code" <> 'a)''b'"#),
                (Some("ck_qty"), r#""qty" >= 0"#),
            ],
            Backend::Postgres => [
                (Some("ck_code"), "((code)::text <> 'a)''b'::text)"),
                (Some("ck_qty"), "(qty >= 0)"),
            ],
            Backend::MariaDb => [
                (Some("ck_code"), "`code` <> 'a)\\'b'"),
                (Some("ck_qty"), "`qty` >= 0"),
            ],
        };
        assert_eq!(got, expected, "{ctx}");

        // The text read back is a condition the engine still evaluates: a row
        // that meets both is counted, and the constraints still refuse one
        // that does not.
        let mut conn = fx.conn();
        conn.execute(
            &insert(&t)
                .value("id", 1)
                .value("qty", 3)
                .value("code", "ok"),
        )
        .unwrap();
        let mut quoted = String::new();
        fx.engine.dialect().write_identifier(&name, &mut quoted);
        for c in &checks {
            let sql = format!("SELECT count(*) FROM {quoted} WHERE {}", c.sqltext);
            let n: i64 = conn
                .exec_driver_sql(&sql, &[])
                .unwrap()
                .scalar_one()
                .unwrap();
            assert_eq!(n, 1, "{ctx}: {sql}");
        }
        let refused = conn.execute(
            &insert(&t)
                .value("id", 2)
                .value("qty", -1)
                .value("code", "ok"),
        );
        assert!(refused.is_err(), "{ctx}: a negative qty was accepted");
        drop(conn);

        // A table that does not exist has none.
        assert_eq!(
            fx.engine
                .inspect()
                .check_constraints(&unique("rf_missing"), None)
                .unwrap(),
            [],
            "{ctx}"
        );

        // A reflected table carries them, and a table made again from it
        // refuses what the original refused.
        let mut reflected = MetaData::new();
        let back = reflected.reflect_table(&fx.engine, &name).unwrap();
        let mut back_names: Vec<Option<&str>> = back
            .def()
            .checks
            .iter()
            .map(|c| c.name.as_deref())
            .collect();
        back_names.sort();
        let mut read_names: Vec<Option<&str>> = checks.iter().map(|c| c.name.as_deref()).collect();
        read_names.sort();
        assert_eq!(back_names, read_names, "{ctx}");
        drop(guard);
        let guard = SchemaGuard::create(&fx, reflected);
        let row = |qty: i64, code: &str| {
            insert(&back)
                .value("id", 1)
                .value("qty", qty)
                .value("code", code)
        };
        let mut conn = fx.conn();
        conn.execute(&row(1, "ok")).unwrap();
        assert!(conn.execute(&row(-1, "no")).is_err(), "{ctx}: ck_qty lost");
        drop(conn);
        let mut conn = fx.conn();
        assert!(
            conn.execute(&row(5000, "ok")).is_err(),
            "{ctx}: the unnamed check lost"
        );
        drop(conn);
        let mut conn = fx.conn();
        assert!(
            conn.execute(&row(1, "a)'b")).is_err(),
            "{ctx}: ck_code lost"
        );
        drop(conn);
        drop(guard);
    }
}
