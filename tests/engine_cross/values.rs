//! Every `Value` kind through the engine into typed columns and back, read with
//! `Row::get` by name and index and through `FromRow`.
//!
//! `Value::Date`/`Time`/`DateTime`/`DateTimeUtc`, `Uuid`, `Json` and `Decimal`
//! exist only with the root crate's `chrono`, `uuid`, `json` and `decimal`
//! features, and the drivers convert them only with the dialect crates' features
//! of the same names: their test runs in the test script's second pass,
//! `cargo nextest run --workspace --all-features`, which turns both on.
use crate::harness::*;
use crate::support::{unique, Backend};
use sqlcraft::engine::{ErrorKind, Row};
use sqlcraft::prelude::*;

fn vals_table() -> (MetaData, Table) {
    let mut meta = MetaData::new();
    let t = meta
        .table(&unique("ec_vals"), |t| {
            t.column("id", SqlType::Integer).primary_key();
            t.column("small", SqlType::SmallInteger);
            t.column("int", SqlType::Integer);
            t.column("big", SqlType::BigInteger);
            t.column("float", SqlType::Float);
            t.column("txt", SqlType::Text);
            t.column("vchar", SqlType::string(100));
            t.column("blob", SqlType::LargeBinary);
            t.column("flag", SqlType::Boolean);
        })
        .unwrap();
    (meta, t)
}

const COLUMNS: [&str; 9] = [
    "id", "small", "int", "big", "float", "txt", "vchar", "blob", "flag",
];

/// The typed form of a row of `vals`.
#[derive(Debug, Clone, PartialEq)]
struct Vals {
    id: i64,
    small: Option<i16>,
    int: Option<i32>,
    big: Option<i64>,
    float: Option<f64>,
    txt: Option<String>,
    vchar: Option<String>,
    blob: Option<Vec<u8>>,
    flag: Option<bool>,
}
sqlcraft::from_row!(Vals {
    id,
    small,
    int,
    big,
    float,
    txt,
    vchar,
    blob,
    flag
});

impl Vals {
    fn values(&self) -> Vec<Value> {
        vec![
            v(self.id),
            v(self.small),
            v(self.int),
            v(self.big),
            v(self.float),
            v(self.txt.clone()),
            v(self.vchar.clone()),
            v(self.blob.clone()),
            v(self.flag),
        ]
    }
}

fn samples() -> Vec<Vals> {
    let long: String = "ab€𝄞".repeat(25_000);
    vec![
        Vals {
            id: 1,
            small: Some(i16::MAX),
            int: Some(i32::MAX),
            big: Some(i64::MAX),
            float: Some(1.5),
            txt: Some(r#"it's "quoted" \ back\\slash \n not a newline"#.into()),
            vchar: Some("héllo wörld 日本語 🎉".into()),
            blob: Some(vec![0, 1, 2, 0, 255, b'\\', b'\'']),
            flag: Some(true),
        },
        Vals {
            id: 2,
            small: Some(i16::MIN),
            int: Some(i32::MIN),
            big: Some(i64::MIN),
            float: Some(0.1),
            txt: Some(String::new()),
            vchar: Some("tab\tnewline\ncr\r".into()),
            blob: Some(Vec::new()),
            flag: Some(false),
        },
        Vals {
            id: 3,
            small: None,
            int: None,
            big: None,
            float: None,
            txt: None,
            vchar: None,
            blob: None,
            flag: None,
        },
        Vals {
            id: 4,
            small: Some(0),
            int: Some(-1),
            big: Some((1 << 53) + 1),
            float: Some(-1e300),
            txt: Some(long),
            vchar: Some("O'Reilly'); DROP TABLE x; -- %_ \\".into()),
            blob: Some((0..=255).collect()),
            flag: Some(true),
        },
        Vals {
            id: 5,
            small: Some(-1),
            int: Some(0),
            big: Some(0),
            float: Some(f64::MIN_POSITIVE),
            txt: Some("\u{7f}\u{80}\u{ffff}\u{10ffff}".into()),
            vchar: Some(" leading and trailing spaces ".into()),
            blob: Some(vec![0; 1000]),
            flag: Some(false),
        },
    ]
}

#[test]
fn every_value_kind_round_trips_into_typed_columns() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let (meta, t) = vals_table();
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        let rows = samples();
        // Two through insert_many, the rest one by one.
        let n = conn
            .insert_many(&t, &COLUMNS, rows[..2].iter().map(Vals::values))
            .unwrap_or_else(|e| panic!("{}: insert_many: {e}", fx.name()));
        assert_eq!(n, 2);
        for r in &rows[2..] {
            let mut ins = insert(&t);
            for (c, value) in COLUMNS.iter().zip(r.values()) {
                ins = ins.value(c, value);
            }
            assert_eq!(fx.exec(&mut conn, "insert", &ins).rowcount(), 1);
        }
        conn.commit().unwrap();

        let all = || select(t.all_columns()).from(&t).order_by(t.c("id"));
        // Through FromRow on a struct (by column name).
        let got: Vec<Vals> = fx.exec(&mut conn, "fetch", &all()).fetch().unwrap();
        assert_eq!(got, rows, "{}: from_row! struct", fx.name());

        // Row::get by name and by index, on the same rows.
        let raw: Vec<Row> = fx.exec(&mut conn, "all", &all()).all().unwrap();
        assert_eq!(raw.len(), rows.len());
        for (row, want) in raw.iter().zip(&rows) {
            assert_eq!(row.columns(), COLUMNS, "{}", fx.name());
            let ctx = format!("{} row {}", fx.name(), want.id);
            assert_eq!(row.get::<i64, _>("id").unwrap(), want.id, "{ctx}");
            assert_eq!(
                row.get::<Option<i16>, _>("small").unwrap(),
                want.small,
                "{ctx}"
            );
            assert_eq!(row.get::<Option<i16>, _>(1).unwrap(), want.small, "{ctx}");
            assert_eq!(row.get::<Option<i32>, _>("int").unwrap(), want.int, "{ctx}");
            assert_eq!(row.get::<Option<i32>, _>(2).unwrap(), want.int, "{ctx}");
            assert_eq!(row.get::<Option<i64>, _>("big").unwrap(), want.big, "{ctx}");
            assert_eq!(row.get::<Option<i64>, _>(3).unwrap(), want.big, "{ctx}");
            let f = row.get::<Option<f64>, _>("float").unwrap();
            assert_eq!(
                f.map(f64::to_bits),
                want.float.map(f64::to_bits),
                "{ctx}: float bits"
            );
            assert_eq!(row.get::<Option<f64>, _>(4).unwrap(), want.float, "{ctx}");
            assert_eq!(
                row.get::<Option<String>, _>("txt").unwrap(),
                want.txt,
                "{ctx}"
            );
            assert_eq!(row.get::<Option<String>, _>(5).unwrap(), want.txt, "{ctx}");
            assert_eq!(
                row.get::<Option<String>, _>("vchar").unwrap(),
                want.vchar,
                "{ctx}"
            );
            assert_eq!(
                row.get::<Option<Vec<u8>>, _>("blob").unwrap(),
                want.blob,
                "{ctx}"
            );
            assert_eq!(
                row.get::<Option<Vec<u8>>, _>(7).unwrap(),
                want.blob,
                "{ctx}"
            );
            assert_eq!(
                row.get::<Option<bool>, _>("flag").unwrap(),
                want.flag,
                "{ctx}"
            );
            assert_eq!(row.get::<Option<bool>, _>(8).unwrap(), want.flag, "{ctx}");
            // The raw values: text is Text and bytes are Bytes everywhere (an
            // empty BLOB stays empty, not NULL); booleans are Bool on
            // PostgreSQL and 0/1 on SQLite and MariaDB, which have no boolean type.
            let raw_blob = row.value("blob").unwrap();
            match &want.blob {
                Some(b) => assert_eq!(raw_blob, &Value::Bytes(b.clone()), "{ctx}"),
                None => assert_eq!(raw_blob, &Value::Null, "{ctx}"),
            }
            let raw_flag = row.value("flag").unwrap();
            let want_flag = match (fx.backend, want.flag) {
                (_, None) => Value::Null,
                (Backend::Postgres, Some(b)) => Value::Bool(b),
                (_, Some(b)) => Value::Int(i64::from(b)),
            };
            assert_eq!(raw_flag, &want_flag, "{ctx}");
        }

        // Tuples, by position.
        let pairs: Vec<(i64, Option<String>)> = fx
            .exec(
                &mut conn,
                "tuples",
                &select((t.c("id"), t.c("vchar")))
                    .from(&t)
                    .order_by(t.c("id")),
            )
            .fetch()
            .unwrap();
        let want: Vec<_> = rows.iter().map(|r| (r.id, r.vchar.clone())).collect();
        assert_eq!(pairs, want, "{}: tuples", fx.name());
        let (a, b, c): (i64, i32, Vec<u8>) = fx
            .exec(
                &mut conn,
                "one tuple",
                &select((t.c("big"), t.c("int"), t.c("blob")))
                    .from(&t)
                    .filter(t.c("id").eq(2)),
            )
            .one()
            .unwrap()
            .decode()
            .unwrap();
        assert_eq!((a, b, c), (i64::MIN, i32::MIN, vec![]), "{}", fx.name());

        // The same values bound in WHERE find their rows.
        for (label, cond, id) in [
            ("big", t.c("big").eq(i64::MIN), 2),
            ("big 2^53+1", t.c("big").eq((1i64 << 53) + 1), 4),
            ("int", t.c("int").eq(i32::MAX), 1),
            ("small", t.c("small").eq(i16::MIN), 2),
            ("float", t.c("float").eq(0.1), 2),
            ("float min positive", t.c("float").eq(f64::MIN_POSITIVE), 5),
            ("text", t.c("txt").eq(rows[0].txt.clone().unwrap()), 1),
            ("unicode", t.c("vchar").eq("héllo wörld 日本語 🎉"), 1),
            (
                "bytes",
                t.c("blob").eq(vec![0u8, 1, 2, 0, 255, b'\\', b'\'']),
                1,
            ),
            ("bool", t.c("flag").eq(false).and(t.c("id").lt(5)), 2),
            ("null", t.c("flag").is_null(), 3),
        ] {
            let ids: Vec<i64> = fx
                .exec(&mut conn, label, &select(t.c("id")).from(&t).filter(cond))
                .scalars()
                .unwrap();
            assert_eq!(ids, [id], "{}: lookup by {label}", fx.name());
        }
    }
}

#[test]
fn values_bound_in_the_select_list_keep_their_kind() {
    // An untyped value alone in a select list: PostgreSQL would make the
    // parameter text, so the dialect casts it; the kinds come back as sent.
    // (Bytes do not on MariaDB: see bugs::bytes_alone_in_a_select_list_stay_bytes.)
    let w = World::new();
    let got = w.each(|fx| {
        let mut conn = fx.conn();
        let row = fx
            .exec(
                &mut conn,
                "literals",
                &select((
                    lit(42).label("i"),
                    lit(i64::MIN).label("big"),
                    lit(2.5).label("f"),
                    lit("text").label("t"),
                )),
            )
            .one()
            .unwrap();
        let typed = (
            row.get::<i64, _>("i").unwrap(),
            row.get::<i64, _>("big").unwrap(),
            row.get::<f64, _>("f").unwrap(),
            row.get::<String, _>("t").unwrap(),
        );
        (typed, row.values().to_vec())
    });
    for (fx, (typed, raw)) in w.fxs.iter().zip(got) {
        assert_eq!(
            typed,
            (42, i64::MIN, 2.5, "text".to_owned()),
            "{}",
            fx.name()
        );
        assert_eq!(
            raw,
            [
                Value::Int(42),
                Value::Int(i64::MIN),
                Value::Float(2.5),
                Value::from("text"),
            ],
            "{}",
            fx.name()
        );
    }
}

#[test]
fn out_of_range_too_long_and_nul_values_by_engine() {
    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let (meta, t) = vals_table();
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        let mut attempt = |label: &str, column: &str, value: Value| {
            let r = conn
                .nested(|c| c.execute(&insert(&t).value(column, value)).map(|_| ()))
                .map_err(|e| e.db_kind());
            (label.to_owned(), r)
        };
        let results = [
            attempt("i64::MAX into INTEGER", "int", v(i64::MAX)),
            attempt("40000 into SMALLINT", "small", v(40_000)),
            attempt(
                "101 characters into VARCHAR(100)",
                "vchar",
                v("x".repeat(101)),
            ),
            attempt("NUL in text", "txt", v("a\0b")),
        ];
        let ok = Ok(());
        let data = Err(Some(ErrorKind::Data));
        // SQLite does not enforce declared types or lengths (its columns have
        // affinities) and stores NUL inside text; PostgreSQL and MariaDB (strict
        // sql_mode) refuse what does not fit. PostgreSQL's text cannot hold NUL
        // at all; MariaDB's can.
        let expected = match backend {
            Backend::Sqlite => [&ok, &ok, &ok, &ok],
            Backend::Postgres => [&data, &data, &data, &data],
            Backend::MariaDb => [&data, &data, &data, &ok],
        };
        for ((label, got), want) in results.iter().zip(expected) {
            assert_eq!(got, want, "{}: {label}", fx.name());
        }
        // What was stored survives the failed savepoints.
        let stored: i64 = fx
            .exec(&mut conn, "count", &select(func::count_star()).from(&t))
            .scalar_one()
            .unwrap();
        let want = match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 0,
            Backend::MariaDb => 1,
        };
        assert_eq!(stored, want, "{}: rows stored", fx.name());
        if backend != Backend::Postgres {
            let txt: Option<String> = fx
                .exec(
                    &mut conn,
                    "nul text",
                    &select(t.c("txt")).from(&t).filter(t.c("txt").is_not_null()),
                )
                .scalar()
                .unwrap();
            assert_eq!(txt.as_deref(), Some("a\0b"), "{}", fx.name());
        }
        conn.rollback().unwrap();
    }
}

#[test]
fn decoding_errors_name_the_column() {
    let w = World::new();
    for fx in &w.fxs {
        let u = &fx.s.users;
        let mut conn = fx.conn();
        let row = fx
            .exec(
                &mut conn,
                "row",
                &select((u.c("id"), u.c("name"), u.c("email")))
                    .from(u)
                    .filter(u.c("id").eq(2)),
            )
            .one()
            .unwrap();
        let err = row.get::<i64, _>("name").unwrap_err();
        assert!(
            matches!(&err, Error::Decode { column, .. } if column == "name"),
            "{}: {err:?}",
            fx.name()
        );
        let err = row.get::<String, _>("email").unwrap_err();
        assert!(
            matches!(&err, Error::Decode { column, .. } if column == "email"),
            "{}: NULL into a non-Option: {err:?}",
            fx.name()
        );
        let err = row.get::<i64, _>("nope").unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{}", fx.name());
        let err = row.get::<i64, _>(3).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{}", fx.name());
        let big = fx
            .exec(&mut conn, "big", &select(lit(i64::MAX).label("big")))
            .one()
            .unwrap();
        let err = big.get::<i32, _>("big").unwrap_err();
        assert!(
            matches!(&err, Error::Decode { column, message } if column == "big" && message.contains("out of range")),
            "{}: {err:?}",
            fx.name()
        );
        struct Wrong {
            id: i64,
            missing: i64,
        }
        sqlcraft::from_row!(Wrong { id, missing });
        let r: Result<Wrong, _> = row.decode();
        assert!(
            matches!(r, Err(Error::Decode { ref column, .. }) if column == "missing"),
            "{}",
            fx.name()
        );
        if let Ok(wrong) = r {
            let _ = (wrong.id, wrong.missing);
        }
    }
}

/// The value kinds behind the `chrono`, `uuid`, `json` and `decimal` features,
/// written through the engine into typed columns on every engine, read back
/// with `Row::get` into the Rust types, and bound in a WHERE. Each engine keeps
/// them its own way (SQLite as text, PostgreSQL in native types, MariaDB in
/// DATETIME/CHAR/LONGTEXT/DECIMAL); the values read back are the same. Runs in
/// the test script's all-features pass.
#[cfg(all(
    feature = "chrono",
    feature = "uuid",
    feature = "json",
    feature = "decimal"
))]
#[test]
fn featured_value_kinds_round_trip_on_every_engine() {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    let day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let clock = NaiveTime::from_hms_micro_opt(23, 59, 58, 123_456).unwrap();
    let at = NaiveDateTime::new(day, clock);
    let at_utc: DateTime<Utc> = at.and_utc();
    let uid = uuid::Uuid::parse_str("8f14e45f-ceea-467f-a9f5-3c5d0d8a1b2c").unwrap();
    let doc = serde_json::json!({"tags": ["a", "é"], "n": 3, "nested": {"ok": true}});
    let amount = Decimal::from_str("-12345678.9012").unwrap();

    for backend in Backend::ALL {
        let fx = Fx::empty(backend);
        let ctx = fx.name();
        let mut meta = MetaData::new();
        let t = meta
            .table(&unique("ec_featured"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("day", SqlType::Date);
                t.column("clock", SqlType::Time);
                t.column("at", SqlType::DateTime { timezone: false });
                t.column("at_utc", SqlType::DateTime { timezone: true });
                t.column("uid", SqlType::Uuid);
                t.column("doc", SqlType::Json);
                t.column("amount", SqlType::Numeric(12, 4));
            })
            .unwrap();
        let _guard = SchemaGuard::create(&fx, meta);
        let mut conn = fx.conn();
        let full = insert(&t)
            .value("id", 1)
            .value("day", Value::Date(day))
            .value("clock", Value::Time(clock))
            .value("at", Value::DateTime(at))
            .value("at_utc", Value::DateTimeUtc(at_utc))
            .value("uid", Value::Uuid(uid))
            .value("doc", Value::Json(doc.clone()))
            .value("amount", Value::Decimal(amount));
        fx.exec(&mut conn, "insert", &full);
        fx.exec(&mut conn, "insert NULLs", &insert(&t).value("id", 2));

        let rows = fx
            .exec(
                &mut conn,
                "select",
                &select(t.all_columns()).from(&t).order_by(t.c("id")),
            )
            .all()
            .unwrap();
        let r = &rows[0];
        assert_eq!(r.get::<NaiveDate, _>("day").unwrap(), day, "{ctx}");
        assert_eq!(r.get::<NaiveTime, _>("clock").unwrap(), clock, "{ctx}");
        assert_eq!(r.get::<NaiveDateTime, _>("at").unwrap(), at, "{ctx}");
        assert_eq!(
            r.get::<DateTime<Utc>, _>("at_utc").unwrap(),
            at_utc,
            "{ctx}"
        );
        assert_eq!(r.get::<uuid::Uuid, _>("uid").unwrap(), uid, "{ctx}");
        assert_eq!(r.get::<serde_json::Value, _>("doc").unwrap(), doc, "{ctx}");
        assert_eq!(r.get::<Decimal, _>("amount").unwrap(), amount, "{ctx}");
        let nulls = &rows[1];
        assert_eq!(
            nulls.get::<Option<NaiveDate>, _>("day").unwrap(),
            None,
            "{ctx}"
        );
        assert_eq!(
            nulls.get::<Option<uuid::Uuid>, _>("uid").unwrap(),
            None,
            "{ctx}"
        );
        assert_eq!(
            nulls.get::<Option<Decimal>, _>("amount").unwrap(),
            None,
            "{ctx}"
        );

        // Bound in a WHERE, they find the row.
        let q = select(t.c("id")).from(&t).filter(
            t.c("day")
                .eq(Value::Date(day))
                .and(t.c("at").eq(Value::DateTime(at)))
                .and(t.c("uid").eq(Value::Uuid(uid)))
                .and(t.c("amount").eq(Value::Decimal(amount))),
        );
        let ids: Vec<i64> = fx.exec(&mut conn, "where", &q).scalars().unwrap();
        assert_eq!(ids, [1], "{ctx}");
    }
}

/// Values read out of JSON documents: the same text, integers and floats on
/// every engine, NULL for JSON null and for a path that leads nowhere.
#[test]
fn json_values_read_alike_everywhere() {
    let w = World::new();
    for fx in &w.fxs {
        let ctx = fx.name();
        let mut meta = MetaData::new();
        let t = meta
            .table(&unique("ec_docs"), |t| {
                t.column("id", SqlType::Integer).primary_key();
                t.column("doc", SqlType::Json);
            })
            .unwrap();
        let _guard = SchemaGuard::create(fx, meta);
        let mut conn = fx.conn();
        let doc = r#"{"s": "it's \"x\"", "i": 5, "neg": -7, "f": 2.5, "t": true, "no": false,
            "n": null, "o": {"a": 1}, "arr": [10, "x", [3]], "k y": "spaced", "deep": {"a": {"b": "c"}}}"#;
        conn.execute(&insert(&t).value("id", 1).value("doc", doc))
            .unwrap();
        let text_of = |conn: &mut sqlcraft::engine::Connection, path: JsonPath| -> Option<String> {
            let q = select(t.c("doc").json_text(path)).from(&t);
            conn.execute(&q)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"))
                .scalar_one()
                .unwrap()
        };
        let cases: [(JsonPath, Option<&str>); 12] = [
            ("s".into(), Some("it's \"x\"")),
            ("i".into(), Some("5")),
            ("neg".into(), Some("-7")),
            ("f".into(), Some("2.5")),
            ("t".into(), Some("true")),
            ("no".into(), Some("false")),
            ("n".into(), None),
            ("missing".into(), None),
            (JsonPath::new().key("arr").index(1), Some("x")),
            (JsonPath::new().key("arr").index(9), None),
            ("k y".into(), Some("spaced")),
            (["deep", "a", "b"].into(), Some("c")),
        ];
        for (path, want) in cases {
            let got = text_of(&mut conn, path.clone());
            assert_eq!(got.as_deref(), want, "{ctx}: {path:?}");
        }
        // An object comes back as its JSON text; only the spacing differs.
        let obj = text_of(&mut conn, "o".into()).unwrap();
        assert_eq!(obj.replace(' ', ""), r#"{"a":1}"#, "{ctx}");

        let q = select((
            t.c("doc").json_integer("i"),
            t.c("doc").json_integer("neg"),
            t.c("doc").json_integer(JsonPath::new().key("arr").index(0)),
            t.c("doc").json_integer("n"),
            t.c("doc").json_float("f"),
            t.c("doc").json_float("i"),
            t.c("doc").json_float("missing"),
        ))
        .from(&t);
        let row = conn.execute(&q).unwrap().one().unwrap();
        let ints: Vec<Option<i64>> = (0..4).map(|i| row.get(i).unwrap()).collect();
        let floats: Vec<Option<f64>> = (4..7).map(|i| row.get(i).unwrap()).collect();
        assert_eq!(ints, [Some(5), Some(-7), Some(10), None], "{ctx}");
        assert_eq!(floats, [Some(2.5), Some(5.0), None], "{ctx}");

        // In a WHERE, compared with a bound value; with a document bound too.
        let hit = select(t.c("id"))
            .from(&t)
            .filter(t.c("doc").json_text(["deep", "a", "b"]).eq("c"))
            .filter(t.c("doc").json_integer("i").gt(4));
        let ids: Vec<i64> = conn.execute(&hit).unwrap().scalars().unwrap();
        assert_eq!(ids, [1], "{ctx}");
        let bound = select(
            lit(r#"{"a": [1, 2, {"b": "yes"}]}"#)
                .json_text(JsonPath::new().key("a").index(2).key("b")),
        );
        let yes: String = conn
            .execute(&bound)
            .unwrap_or_else(|e| panic!("{ctx}: {e}"))
            .scalar_one()
            .unwrap();
        assert_eq!(yes, "yes", "{ctx}");
    }
}
