//! Values read out of JSON documents: `doc.json_text(path)` and its typed
//! forms, as SQLAlchemy's `JSON` comparator (`col["a"]["b"].as_string()`).

use super::{Expr, Ident};

/// Where a value sits in a JSON document: object keys and array positions,
/// from the top. A `&str` converts to a one-key path, a `u32` to a one-position
/// path, an array of `&str` to a path of keys.
///
/// Keys are part of the statement's shape, written into its SQL as literals;
/// a key holding `"` or `\` is refused (`Error::InvalidStatement`), since
/// SQLite's path syntax cannot quote them.
///
/// ```
/// use sqlcraft::expr::{JsonPath, JsonStep};
/// let p = JsonPath::new().key("items").index(0).key("sku");
/// assert_eq!(p.steps(), [JsonStep::Key("items".into()), JsonStep::Index(0), JsonStep::Key("sku".into())]);
/// assert_eq!(JsonPath::from("a"), JsonPath::new().key("a"));
/// assert_eq!(JsonPath::from(["a", "b"]), JsonPath::new().key("a").key("b"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(Vec<JsonStep>);

/// One step of a [`JsonPath`].
///
/// ```
/// use sqlcraft::expr::{JsonPath, JsonStep};
/// assert_eq!(JsonPath::from(["a"]).steps()[0], JsonStep::Key("a".into()));
/// assert_eq!(JsonPath::from(4).steps()[0], JsonStep::Index(4));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JsonStep {
    /// An object's member by name.
    Key(Ident),
    /// An array's element by position, from 0.
    Index(u32),
}

impl JsonPath {
    /// The empty path; add steps with [`JsonPath::key`] and [`JsonPath::index`].
    ///
    /// ```
    /// use sqlcraft::expr::JsonPath;
    /// assert!(JsonPath::new().steps().is_empty());
    /// ```
    pub fn new() -> JsonPath {
        JsonPath::default()
    }

    /// This path, then the object member `name`.
    ///
    /// ```
    /// use sqlcraft::expr::JsonPath;
    /// assert_eq!(JsonPath::new().key("a").key("b").steps().len(), 2);
    /// ```
    pub fn key(mut self, name: &str) -> JsonPath {
        self.0.push(JsonStep::Key(Ident::from(name)));
        self
    }

    /// This path, then the array element at `position` (from 0).
    ///
    /// ```
    /// use sqlcraft::expr::{JsonPath, JsonStep};
    /// assert_eq!(JsonPath::new().index(2).steps(), [JsonStep::Index(2)]);
    /// ```
    pub fn index(mut self, position: u32) -> JsonPath {
        self.0.push(JsonStep::Index(position));
        self
    }

    /// The steps, from the top.
    ///
    /// ```
    /// use sqlcraft::expr::JsonPath;
    /// assert_eq!(JsonPath::from(3).steps().len(), 1);
    /// ```
    pub fn steps(&self) -> &[JsonStep] {
        &self.0
    }
}

impl From<&str> for JsonPath {
    fn from(key: &str) -> JsonPath {
        JsonPath::new().key(key)
    }
}

impl From<u32> for JsonPath {
    fn from(position: u32) -> JsonPath {
        JsonPath::new().index(position)
    }
}

impl<const N: usize> From<[&str; N]> for JsonPath {
    fn from(keys: [&str; N]) -> JsonPath {
        keys.into_iter().fold(JsonPath::new(), JsonPath::key)
    }
}

/// What a [`JsonExtract`] reads the value as.
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::JsonAs;
/// let e = table("t").c("doc").json_float("x");
/// let Expr::JsonExtract(j) = &e else { unreachable!() };
/// assert_eq!(j.read_as, JsonAs::Float);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonAs {
    /// Text: a string's characters, a number's or boolean's JSON text
    /// (`5`, `2.5`, `true`), an object's or array's JSON text.
    Text,
    /// A 64-bit integer.
    Integer,
    /// A double-precision float.
    Float,
}

/// The value at a path inside a JSON document, read as text, an integer or a
/// float ([`Expr::json_text`], [`Expr::json_integer`], [`Expr::json_float`]).
///
/// ```
/// use sqlcraft::prelude::*;
/// use sqlcraft::expr::{JsonAs, JsonPath};
/// let t = table("t");
/// let e = t.c("doc").json_integer(["a", "b"]);
/// let Expr::JsonExtract(j) = &e else { unreachable!() };
/// assert_eq!((j.path.clone(), j.read_as), (JsonPath::from(["a", "b"]), JsonAs::Integer));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JsonExtract {
    /// The JSON document.
    pub doc: Expr,
    /// Where the value sits.
    pub path: JsonPath,
    /// What it is read as.
    pub read_as: JsonAs,
}

impl Expr {
    fn json_extract(self, path: JsonPath, read_as: JsonAs) -> Expr {
        Expr::JsonExtract(Box::new(JsonExtract {
            doc: self,
            path,
            read_as,
        }))
    }

    /// The value at `path` in this JSON document, as text (SQLAlchemy's
    /// `doc[path].as_string()`): a string's characters; a number's or a
    /// boolean's JSON text (`5`, `2.5`, `true`); an object's or array's JSON
    /// text, whose spacing differs by engine (`{"a": 1}`, SQLite's `{"a":1}`);
    /// SQL NULL for JSON `null` and for a path that leads nowhere.
    ///
    /// `->>` on PostgreSQL, `JSON_UNQUOTE(JSON_EXTRACT(..))` on MySQL and
    /// MariaDB, `->>` on SQLite. MySQL, MariaDB and SQLite need the document
    /// twice (to tell JSON `null`, or a boolean, apart), so there it must be an
    /// expression a second evaluation gives alike (a column, a value); anything
    /// else is `Error::Unsupported`. The generic dialect has no JSON access.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// use sqlcraft_mysql::MySql;
    /// let t = table("t");
    /// let q = select(t.c("doc").json_text(["user", "name"])).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT ("t"."doc" -> 'user' ->> 'name') AS "anon_1" FROM "t""#);
    /// assert_eq!(
    ///     q.compile(&MySql::mariadb())?.sql,
    ///     "SELECT CASE JSON_TYPE(JSON_EXTRACT(`t`.`doc`, '$.\"user\".\"name\"')) WHEN 'NULL' THEN NULL \
    ///      ELSE JSON_UNQUOTE(JSON_EXTRACT(`t`.`doc`, '$.\"user\".\"name\"')) END AS `anon_1` FROM `t`"
    /// );
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn json_text(self, path: impl Into<JsonPath>) -> Expr {
        self.json_extract(path.into(), JsonAs::Text)
    }

    /// The value at `path` in this JSON document, as a 64-bit integer; NULL
    /// for JSON `null` and for a path that leads nowhere. Meant for JSON
    /// integers: what else converts, and how, is each engine's CAST
    /// (PostgreSQL refuses `2.5`, the others truncate it).
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_sqlite::Sqlite;
    /// let t = table("t");
    /// let q = select(t.c("doc").json_integer("qty")).from(&t);
    /// assert_eq!(q.compile(&Sqlite)?.sql, r#"SELECT CAST(("t"."doc" ->> '$."qty"') AS INTEGER) AS "anon_1" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn json_integer(self, path: impl Into<JsonPath>) -> Expr {
        self.json_extract(path.into(), JsonAs::Integer)
    }

    /// The value at `path` in this JSON document, as a double-precision float;
    /// NULL for JSON `null` and for a path that leads nowhere.
    ///
    /// ```
    /// use sqlcraft::prelude::*;
    /// use sqlcraft_postgres::Postgres;
    /// let t = table("t");
    /// let q = select(t.c("doc").json_float(JsonPath::new().key("prices").index(0))).from(&t);
    /// assert_eq!(q.compile(&Postgres)?.sql, r#"SELECT CAST(("t"."doc" -> 'prices' ->> 0) AS DOUBLE PRECISION) AS "anon_1" FROM "t""#);
    /// # Ok::<(), sqlcraft::Error>(())
    /// ```
    pub fn json_float(self, path: impl Into<JsonPath>) -> Expr {
        self.json_extract(path.into(), JsonAs::Float)
    }
}
