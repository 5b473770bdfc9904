//! Results: rows with typed access by index or name, and the SQLAlchemy-style
//! result methods (`all`, `first`, `one`, `scalar`, …).

use crate::error::{Error, Result};
use crate::value::Value;
use std::sync::Arc;

/// Converts a column value into a Rust type.
///
/// Integer conversions check the range; floats accept integers; booleans accept
/// 0/1 integers (SQLite and MySQL store booleans as integers); date/time types
/// (feature `chrono`) accept the ISO-8601 text SQLite stores.
///
/// ```
/// use sqlcraft::engine::FromValue;
/// use sqlcraft::Value;
/// assert_eq!(f64::from_value(&Value::Int(2)), Ok(2.0));
/// assert_eq!(bool::from_value(&Value::Int(1)), Ok(true));
/// assert_eq!(Option::<i64>::from_value(&Value::Null), Ok(None));
/// assert_eq!(u8::from_value(&Value::Int(300)), Err("300 is out of range for u8".to_owned()));
/// ```
pub trait FromValue: Sized {
    /// Converts, or says why not.
    ///
    /// ```
    /// use sqlcraft::engine::FromValue;
    /// use sqlcraft::Value;
    /// assert_eq!(String::from_value(&Value::from("ann")), Ok("ann".to_owned()));
    /// assert_eq!(i64::from_value(&Value::from("7")), Err("cannot read a text value as i64".to_owned()));
    /// ```
    fn from_value(v: &Value) -> std::result::Result<Self, String>;
}

fn mismatch<T>(want: &str, v: &Value) -> std::result::Result<T, String> {
    Err(format!("cannot read {} value as {want}", article(v.kind())))
}

fn article(kind: &str) -> String {
    let an = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {kind}", if an { "an" } else { "a" })
}

impl FromValue for Value {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        Ok(v.clone())
    }
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            other => mismatch("i64", other),
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> std::result::Result<Self, String> {
                let i = i64::from_value(v).map_err(|_| format!("cannot read {} value as {}", article(v.kind()), stringify!($t)))?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range for {}", stringify!($t)))
            }
        }
    )*};
}
narrow_int!(i8, i16, i32, u8, u16, u32, u64, usize);

impl FromValue for f64 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            // Exact decimals come back as text where the decimal feature is off.
            Value::Text(s) => s
                .parse()
                .map_err(|_| format!("cannot read text {s:?} as f64")),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => {
                use std::str::FromStr;
                f64::from_str(&d.to_string()).map_err(|e| e.to_string())
            }
            other => mismatch("f64", other),
        }
    }
}

impl FromValue for f32 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        f64::from_value(v).map(|f| f as f32)
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            other => mismatch("bool", other),
        }
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => Ok(d.to_string()),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => Ok(u.hyphenated().to_string()),
            #[cfg(feature = "json")]
            Value::Json(j) => Ok(j.to_string()),
            other => mismatch("String", other),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Bytes(b) => Ok(b.clone()),
            Value::Text(s) => Ok(s.clone().into_bytes()),
            other => mismatch("Vec<u8>", other),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::{mismatch, FromValue};
    use crate::value::Value;
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    impl FromValue for NaiveDate {
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Date(d) => Ok(*d),
                Value::DateTime(dt) => Ok(dt.date()),
                Value::Text(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                    .map_err(|e| format!("cannot read {s:?} as a date: {e}")),
                other => mismatch("NaiveDate", other),
            }
        }
    }

    impl FromValue for NaiveTime {
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::Time(t) => Ok(*t),
                Value::Text(s) => NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
                    .map_err(|e| format!("cannot read {s:?} as a time: {e}")),
                other => mismatch("NaiveTime", other),
            }
        }
    }

    impl FromValue for NaiveDateTime {
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::DateTime(dt) => Ok(*dt),
                Value::DateTimeUtc(dt) => Ok(dt.naive_utc()),
                Value::Date(d) => Ok(d.and_time(NaiveTime::MIN)),
                Value::Text(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
                    .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
                    .map_err(|e| format!("cannot read {s:?} as a date-time: {e}")),
                other => mismatch("NaiveDateTime", other),
            }
        }
    }

    impl FromValue for DateTime<Utc> {
        fn from_value(v: &Value) -> Result<Self, String> {
            match v {
                Value::DateTimeUtc(dt) => Ok(*dt),
                Value::DateTime(dt) => Ok(dt.and_utc()),
                Value::Text(s) => DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z")
                    .or_else(|_| DateTime::parse_from_rfc3339(s))
                    .map(|d| d.with_timezone(&Utc))
                    .or_else(|_| NaiveDateTime::from_value(v).map(|n| n.and_utc()))
                    .map_err(|e| format!("cannot read {s:?} as an instant: {e}")),
                other => mismatch("DateTime<Utc>", other),
            }
        }
    }
}

#[cfg(feature = "uuid")]
impl FromValue for uuid::Uuid {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Uuid(u) => Ok(*u),
            Value::Text(s) => uuid::Uuid::parse_str(s).map_err(|e| e.to_string()),
            Value::Bytes(b) => uuid::Uuid::from_slice(b).map_err(|e| e.to_string()),
            other => mismatch("Uuid", other),
        }
    }
}

#[cfg(feature = "json")]
impl FromValue for serde_json::Value {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Json(j) => Ok(j.clone()),
            Value::Text(s) => serde_json::from_str(s).map_err(|e| e.to_string()),
            other => mismatch("JSON", other),
        }
    }
}

#[cfg(feature = "decimal")]
impl FromValue for rust_decimal::Decimal {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        use std::str::FromStr;
        match v {
            Value::Decimal(d) => Ok(*d),
            Value::Int(i) => Ok(rust_decimal::Decimal::from(*i)),
            Value::Text(s) => rust_decimal::Decimal::from_str(s).map_err(|e| e.to_string()),
            Value::Float(f) => rust_decimal::Decimal::try_from(*f).map_err(|e| e.to_string()),
            other => mismatch("Decimal", other),
        }
    }
}

/// A column position or name, for [`Row::get`].
///
/// ```
/// use sqlcraft::engine::Row;
/// use sqlcraft::Value;
/// let row = Row::new(vec!["id".into(), "name".into()].into(), vec![Value::Int(7), Value::from("ann")]);
/// assert_eq!(row.get::<String, _>(1).unwrap(), row.get::<String, _>("name").unwrap());
/// ```
pub trait RowIndex {
    /// The position in `columns`, or an error naming the column.
    ///
    /// ```
    /// use sqlcraft::engine::RowIndex;
    /// let columns = ["id".to_owned(), "name".to_owned()];
    /// assert_eq!("name".position(&columns).unwrap(), 1);
    /// assert_eq!(0usize.position(&columns).unwrap(), 0);
    /// assert_eq!(5usize.position(&columns).unwrap_err().to_string(), "column 5: the row has only 2 columns");
    /// ```
    fn position(&self, columns: &[String]) -> Result<usize>;
}

impl RowIndex for usize {
    fn position(&self, columns: &[String]) -> Result<usize> {
        if *self < columns.len() {
            Ok(*self)
        } else {
            Err(Error::Decode {
                column: self.to_string(),
                message: match columns.len() {
                    1 => "the row has only 1 column".to_owned(),
                    n => format!("the row has only {n} columns"),
                },
            })
        }
    }
}

impl RowIndex for &str {
    fn position(&self, columns: &[String]) -> Result<usize> {
        columns
            .iter()
            .position(|c| c == self)
            .ok_or_else(|| Error::Decode {
                column: (*self).to_owned(),
                message: format!("no such column; the row has {columns:?}"),
            })
    }
}

/// One result row.
///
/// ```
/// use sqlcraft::engine::Row;
/// use sqlcraft::Value;
/// let row = Row::new(vec!["id".into(), "name".into()].into(), vec![Value::Int(7), Value::from("ann")]);
/// let id: i64 = row.get("id").unwrap();
/// let name: String = row.get(1).unwrap();
/// assert_eq!((id, name.as_str()), (7, "ann"));
/// assert!(row.get::<i32, _>("nope").is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    /// A row of `values` under `columns`.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["n".to_owned()].into(), vec![Value::Int(1)]);
    /// assert_eq!((row.columns(), row.values()), (&["n".to_owned()][..], &[Value::Int(1)][..]));
    /// ```
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }
    /// The value at `idx` (position or name), converted to `T`.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into(), "email".into()].into(), vec![Value::Int(7), Value::Null]);
    /// assert_eq!(row.get::<i64, _>("id").unwrap(), 7);
    /// assert_eq!(row.get::<Option<String>, _>(1).unwrap(), None);
    /// let err = row.get::<String, _>("email").unwrap_err();
    /// assert_eq!(err.to_string(), "column email: cannot read a null value as String");
    /// ```
    pub fn get<T: FromValue, I: RowIndex>(&self, idx: I) -> Result<T> {
        let i = idx.position(&self.columns)?;
        T::from_value(&self.values[i]).map_err(|message| Error::Decode {
            column: self.columns[i].clone(),
            message,
        })
    }
    /// The raw value at `idx`.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into()].into(), vec![Value::Int(7)]);
    /// assert_eq!(row.value("id").unwrap(), &Value::Int(7));
    /// assert!(row.value("nope").is_err());
    /// ```
    pub fn value<I: RowIndex>(&self, idx: I) -> Result<&Value> {
        let i = idx.position(&self.columns)?;
        Ok(&self.values[i])
    }
    /// The column names.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into(), "name".into()].into(), vec![Value::Int(7), Value::from("ann")]);
    /// assert_eq!(row.columns(), ["id", "name"]);
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// The values, in column order.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into(), "name".into()].into(), vec![Value::Int(7), Value::from("ann")]);
    /// assert_eq!(row.values(), [Value::Int(7), Value::from("ann")]);
    /// ```
    pub fn values(&self) -> &[Value] {
        &self.values
    }
    /// The values, owned.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into()].into(), vec![Value::Int(7)]);
    /// assert_eq!(row.into_values(), vec![Value::Int(7)]);
    /// ```
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }
    /// The number of columns.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["a".into(), "b".into()].into(), vec![Value::Int(1), Value::Null]);
    /// assert_eq!(row.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }
    /// Whether the row has no columns.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// assert!(Row::new(Vec::<String>::new().into(), vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    /// `(column, value)` pairs, SQLAlchemy's `RowMapping`.
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into(), "name".into()].into(), vec![Value::Int(7), Value::from("ann")]);
    /// assert_eq!(row.mapping(), vec![("id", &Value::Int(7)), ("name", &Value::from("ann"))]);
    /// ```
    pub fn mapping(&self) -> Vec<(&str, &Value)> {
        self.columns
            .iter()
            .map(String::as_str)
            .zip(self.values.iter())
            .collect()
    }
    /// Decodes the row into `T` (a tuple by position, or a type with
    /// [`crate::from_row!`]).
    ///
    /// ```
    /// use sqlcraft::engine::Row;
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["id".into(), "name".into()].into(), vec![Value::Int(7), Value::from("ann")]);
    /// let (id, name): (i64, String) = row.decode().unwrap();
    /// assert_eq!((id, name.as_str()), (7, "ann"));
    /// ```
    pub fn decode<T: FromRow>(&self) -> Result<T> {
        T::from_row(self)
    }
}

/// Decodes a row into a type: tuples by position, structs by column name (see
/// [`crate::from_row!`]).
///
/// ```
/// use sqlcraft::engine::{FromRow, Row};
/// use sqlcraft::Value;
/// let row = Row::new(vec!["id".into(), "score".into()].into(), vec![Value::Int(7), Value::Int(3)]);
/// assert_eq!(<(i64, f64)>::from_row(&row).unwrap(), (7, 3.0));
/// ```
pub trait FromRow: Sized {
    /// Decodes one row.
    ///
    /// ```
    /// use sqlcraft::engine::{FromRow, Row};
    /// use sqlcraft::Value;
    /// let row = Row::new(vec!["name".into()].into(), vec![Value::Null]);
    /// assert_eq!(<(Option<String>,)>::from_row(&row).unwrap(), (None,));
    /// assert!(<(String,)>::from_row(&row).is_err());
    /// ```
    fn from_row(row: &Row) -> Result<Self>;
}

/// The value in column `i`, as a slice indexes: a panic when out of range
/// ([`Row::get`] and [`Row::value`] return an error instead).
///
/// ```
/// use sqlcraft::engine::Row;
/// use sqlcraft::Value;
/// let row = Row::new(vec!["n".to_owned()].into(), vec![Value::Int(1)]);
/// assert_eq!(row[0], Value::Int(1));
/// ```
impl std::ops::Index<usize> for Row {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        &self.values[i]
    }
}

/// A row equals the values it holds, whatever its column names.
///
/// ```
/// use sqlcraft::engine::Row;
/// use sqlcraft::Value;
/// let row = Row::new(vec!["n".to_owned()].into(), vec![Value::Int(1)]);
/// assert_eq!(row, vec![Value::Int(1)]);
/// ```
impl PartialEq<Vec<Value>> for Row {
    fn eq(&self, other: &Vec<Value>) -> bool {
        self.values == *other
    }
}

/// As `PartialEq<Vec<Value>>`: `row == [Value::Int(1)]`.
impl<const N: usize> PartialEq<[Value; N]> for Row {
    fn eq(&self, other: &[Value; N]) -> bool {
        self.values == *other
    }
}

impl FromRow for Row {
    fn from_row(row: &Row) -> Result<Self> {
        Ok(row.clone())
    }
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(row: &Row) -> Result<Self> {
                Ok(($(row.get::<$t, usize>($i)?,)+))
            }
        }
    };
}
tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// Implements [`FromRow`] for a struct by column name.
///
/// ```
/// use sqlcraft::engine::{FromRow, Row};
/// use sqlcraft::Value;
/// struct User { id: i64, name: String, email: Option<String> }
/// sqlcraft::from_row!(User { id, name, email });
/// let row = Row::new(vec!["id".into(), "name".into(), "email".into()].into(),
///                    vec![Value::Int(1), Value::from("ann"), Value::Null]);
/// let u: User = row.decode().unwrap();
/// assert_eq!((u.id, u.name.as_str(), u.email), (1, "ann", None));
/// ```
#[macro_export]
macro_rules! from_row {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl $crate::engine::FromRow for $ty {
            fn from_row(row: &$crate::engine::Row) -> $crate::Result<Self> {
                Ok($ty { $($field: row.get(stringify!($field))?),+ })
            }
        }
    };
}

/// The result of executing a statement: its rows (fetched in full, as most
/// SQLAlchemy drivers do), the affected-row count and the last insert id.
///
/// It is also an iterator over its rows.
///
/// ```
/// # fn main() -> sqlcraft::Result<()> {
/// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
/// # let mut conn = engine.connect()?;
/// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
/// let names: Vec<String> = conn.execute(&sql)?.map(|row| row.get("name").unwrap()).collect();
/// assert_eq!(names, ["ann", "bob"]);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct CursorResult {
    columns: Arc<[String]>,
    rows: std::vec::IntoIter<Row>,
    rows_affected: u64,
    last_insert_id: Option<i64>,
}

impl CursorResult {
    pub(crate) fn new(outcome: super::driver::Outcome) -> CursorResult {
        CursorResult {
            columns: outcome.columns,
            rows: outcome.rows.into_iter(),
            rows_affected: outcome.rows_affected,
            last_insert_id: outcome.last_insert_id,
        }
    }

    /// The column names (empty for statements that return no rows).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// assert_eq!(conn.execute(&sql)?.columns(), ["id", "name"]);
    /// let ddl = conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// assert!(ddl.columns().is_empty());
    /// # Ok(()) }
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// Rows inserted, updated or deleted, as the driver counts them.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (x INTEGER)", &[])?;
    /// conn.exec_driver_sql("INSERT INTO t VALUES (1), (2), (3)", &[])?;
    /// let result = conn.execute(&sqlcraft::text("UPDATE t SET x = x + 1 WHERE x > 1"))?;
    /// assert_eq!(result.rowcount(), 2);
    /// # Ok(()) }
    /// ```
    pub fn rowcount(&self) -> u64 {
        self.rows_affected
    }
    /// The id generated by an INSERT, where the driver reports one (SQLite,
    /// MySQL); use RETURNING on PostgreSQL.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)", &[])?;
    /// let t = sqlcraft::table("t");
    /// let first = conn.execute(&sqlcraft::insert(&t).value("name", "ann"))?;
    /// let second = conn.execute(&sqlcraft::insert(&t).value("name", "bob"))?;
    /// assert_eq!((first.last_insert_id(), second.last_insert_id()), (Some(1), Some(2)));
    /// # Ok(()) }
    /// ```
    pub fn last_insert_id(&self) -> Option<i64> {
        self.last_insert_id
    }
    /// Every remaining row.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// let rows = conn.execute(&sql)?.all()?;
    /// assert_eq!(rows.len(), 2);
    /// assert_eq!(rows[1].get::<String, _>("name")?, "bob");
    /// # Ok(()) }
    /// ```
    pub fn all(self) -> Result<Vec<Row>> {
        // The driver's own vector, handed over as it is (collecting an
        // untouched `vec::IntoIter` reuses its buffer).
        Ok(self.rows.collect())
    }
    /// The first row, if any (the rest are discarded).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// let row = conn.execute(&sql)?.first()?.unwrap();
    /// assert_eq!(row.get::<i64, _>("id")?, 1);
    /// assert!(conn.execute(&sqlcraft::text("SELECT 1 WHERE 0"))?.first()?.is_none());
    /// # Ok(()) }
    /// ```
    pub fn first(mut self) -> Result<Option<Row>> {
        Ok(self.rows.next())
    }
    /// Exactly one row: [`Error::NoRows`] or [`Error::MultipleRows`] otherwise.
    ///
    /// ```
    /// use sqlcraft::Error;
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// assert_eq!(conn.execute(&sql)?.one(), Err(Error::MultipleRows));
    /// assert_eq!(conn.execute(&sqlcraft::text("SELECT 1 WHERE 0"))?.one(), Err(Error::NoRows));
    /// let row = conn.execute(&sqlcraft::text("SELECT 'ann' AS name"))?.one()?;
    /// assert_eq!(row.get::<String, _>("name")?, "ann");
    /// # Ok(()) }
    /// ```
    pub fn one(self) -> Result<Row> {
        self.one_or_none()?.ok_or(Error::NoRows)
    }
    /// At most one row: [`Error::MultipleRows`] otherwise.
    ///
    /// ```
    /// use sqlcraft::Error;
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// assert_eq!(conn.execute(&sql)?.one_or_none(), Err(Error::MultipleRows));
    /// assert_eq!(conn.execute(&sqlcraft::text("SELECT 1 WHERE 0"))?.one_or_none()?, None);
    /// assert!(conn.execute(&sqlcraft::text("SELECT 1"))?.one_or_none()?.is_some());
    /// # Ok(()) }
    /// ```
    pub fn one_or_none(mut self) -> Result<Option<Row>> {
        let first = self.rows.next();
        if self.rows.next().is_some() {
            return Err(Error::MultipleRows);
        }
        Ok(first)
    }
    /// The first column of the first row, or `None` without rows.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// assert_eq!(conn.execute(&sql)?.scalar::<i64>()?, Some(1));
    /// assert_eq!(conn.execute(&sqlcraft::text("SELECT 1 WHERE 0"))?.scalar::<i64>()?, None);
    /// # Ok(()) }
    /// ```
    pub fn scalar<T: FromValue>(self) -> Result<Option<T>> {
        match self.first()? {
            Some(row) if !row.is_empty() => row.get(0).map(Some),
            _ => Ok(None),
        }
    }
    /// The first column of exactly one row.
    ///
    /// ```
    /// use sqlcraft::Error;
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let n: i64 = conn.execute(&sqlcraft::text("SELECT count(*) FROM (SELECT 1 UNION SELECT 2)"))?.scalar_one()?;
    /// assert_eq!(n, 2);
    /// assert_eq!(conn.execute(&sqlcraft::text("SELECT 1 WHERE 0"))?.scalar_one::<i64>(), Err(Error::NoRows));
    /// # Ok(()) }
    /// ```
    pub fn scalar_one<T: FromValue>(self) -> Result<T> {
        self.one()?.get(0)
    }
    /// The first column of at most one row: `None` without rows,
    /// [`Error::MultipleRows`] with more than one (SQLAlchemy's
    /// `scalar_one_or_none`).
    ///
    /// ```
    /// use sqlcraft::Error;
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let one = sqlcraft::text("SELECT 'ann'");
    /// assert_eq!(conn.execute(&one)?.scalar_one_or_none::<String>()?, Some("ann".into()));
    /// let none = sqlcraft::text("SELECT 1 WHERE 0");
    /// assert_eq!(conn.execute(&none)?.scalar_one_or_none::<i64>()?, None);
    /// let two = sqlcraft::text("SELECT 1 UNION ALL SELECT 2");
    /// assert_eq!(conn.execute(&two)?.scalar_one_or_none::<i64>(), Err(Error::MultipleRows));
    /// # Ok(()) }
    /// ```
    pub fn scalar_one_or_none<T: FromValue>(self) -> Result<Option<T>> {
        self.one_or_none()?.map(|row| row.get(0)).transpose()
    }
    /// The next `n` rows, fewer at the end (SQLAlchemy's `fetchmany`); the
    /// rest stay for later calls or the iterator.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
    /// let mut res = conn.execute(&sql)?;
    /// assert_eq!(res.fetchmany(2).len(), 2);
    /// assert_eq!(res.fetchmany(2).len(), 1);
    /// assert!(res.fetchmany(2).is_empty());
    /// # Ok(()) }
    /// ```
    pub fn fetchmany(&mut self, n: usize) -> Vec<Row> {
        self.by_ref().take(n).collect()
    }
    /// The rows in groups of `n`, the last one shorter (SQLAlchemy's
    /// `partitions`). `n` of 0 is taken as 1.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
    /// let sizes: Vec<usize> = conn.execute(&sql)?.partitions(2).map(|p| p.len()).collect();
    /// assert_eq!(sizes, [2, 1]);
    /// # Ok(()) }
    /// ```
    pub fn partitions(mut self, n: usize) -> impl Iterator<Item = Vec<Row>> {
        let n = n.max(1);
        std::iter::from_fn(move || {
            let part = self.fetchmany(n);
            (!part.is_empty()).then_some(part)
        })
    }
    /// The first column of every row.
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// assert_eq!(conn.execute(&sql)?.scalars::<i64>()?, vec![1, 2]);
    /// # Ok(()) }
    /// ```
    pub fn scalars<T: FromValue>(self) -> Result<Vec<T>> {
        let columns = self.columns.clone();
        self.rows
            .map(|row| {
                let v = row.values.into_iter().next().unwrap_or(Value::Null);
                T::from_value(&v).map_err(|message| Error::Decode {
                    column: columns.first().cloned().unwrap_or_default(),
                    message,
                })
            })
            .collect()
    }
    /// Every row as `(column, value)` pairs.
    ///
    /// ```
    /// use sqlcraft::Value;
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let maps = conn.execute(&sqlcraft::text("SELECT 1 AS id, 'ann' AS name"))?.mappings()?;
    /// assert_eq!(maps, vec![vec![("id".to_owned(), Value::Int(1)), ("name".to_owned(), Value::from("ann"))]]);
    /// # Ok(()) }
    /// ```
    pub fn mappings(self) -> Result<Vec<Vec<(String, Value)>>> {
        let columns = self.columns;
        Ok(self
            .rows
            .map(|row| columns.iter().cloned().zip(row.values).collect())
            .collect())
    }
    /// Every row decoded into `T` (see [`FromRow`]).
    ///
    /// ```
    /// # fn main() -> sqlcraft::Result<()> {
    /// # let engine = sqlcraft_sqlite::create_engine("sqlite:///:memory:")?;
    /// # let mut conn = engine.connect()?;
    /// let sql = sqlcraft::text("SELECT 1 AS id, 'ann' AS name UNION ALL SELECT 2, 'bob'");
    /// let rows: Vec<(i64, String)> = conn.execute(&sql)?.fetch()?;
    /// assert_eq!(rows, vec![(1, "ann".to_owned()), (2, "bob".to_owned())]);
    /// # Ok(()) }
    /// ```
    pub fn fetch<T: FromRow>(self) -> Result<Vec<T>> {
        self.all()?.iter().map(T::from_row).collect()
    }
}

impl Iterator for CursorResult {
    type Item = Row;
    fn next(&mut self) -> Option<Row> {
        self.rows.next()
    }
}
