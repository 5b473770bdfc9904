//! The names of a select list's result columns, where the list names them (a
//! statement's own list, RETURNING, a derived table, a CTE without a column
//! list), as SQLAlchemy 2.0 names them by default (its
//! `LABEL_STYLE_DISAMBIGUATE_ONLY`):
//!
//! * an expression without a name is labelled: a function call `<name>_<n>`
//!   (`count_1`), anything else `anon_<n>`;
//! * a column whose name an earlier item of the list already has is labelled
//!   `<name>_<n>` (`SELECT a.id, b.id AS id_1`);
//! * a CAST of a column is named after the column (`CAST(t.x AS TEXT) AS x`),
//!   as SQLAlchemy names what wraps a column, and numbered like a column when
//!   an earlier item has the name.
//!
//! Without the first, each engine names such a column its own way
//! (`count("t"."id")` on SQLite, `count` on PostgreSQL), so a result read by name
//! would not be portable. Without the second, a row holds two columns of one
//! name, of which reading by name finds only one, and a derived table of them
//! is refused by MySQL and MariaDB (error 1060, duplicate column name).
//!
//! Names are compared without case, as MySQL compares column names. Each label
//! takes the smallest `n ≥ 1` that no item's own name and no earlier label has.
//! A list of any width is labelled in time linear in it: a generated statement
//! over a wide table must not compile in quadratic time.
//! Explicit labels are kept as written: they are the user's choice.

use crate::expr::{Expr, Ident};
use rustc_hash::{FxHashMap, FxHashSet};

/// The longest name a label is made from: with its `_<n>` it stays well inside
/// every dialect's identifier limit (63 bytes on PostgreSQL, 64 on MySQL),
/// where a longer label would turn a statement that compiled into an error. A
/// longer name gives `anon_<n>`.
const MAX_LABEL_STEM: usize = 40;

/// The label each item of `items` gets, by position; `None` when no item needs
/// one, the common case, which allocates nothing for short lists.
#[inline]
pub(crate) fn result_labels(items: &[Expr]) -> Option<Vec<Option<String>>> {
    if needs_labels(items) {
        Some(label_all(items))
    } else {
        None
    }
}

/// [`result_labels`] once some item needs a label.
#[inline(never)]
fn label_all(items: &[Expr]) -> Vec<Option<String>> {
    // Names are kept ASCII-lowercased, so a set compares them without case.
    // `taken`: every item's own name and every label given so far; `earlier`:
    // the result names of the items before the current one.
    let mut taken: FxHashSet<String> = items
        .iter()
        .filter_map(|e| e.exported_name().map(|n| n.to_ascii_lowercase()))
        .collect();
    let mut earlier: FxHashSet<String> = FxHashSet::default();
    // Per stem, the n its next label tries first: the labels of one stem are
    // given in increasing order, so every smaller n is already taken.
    let mut next_n: FxHashMap<String, usize> = FxHashMap::default();
    let mut labels: Vec<Option<String>> = Vec::with_capacity(items.len());
    for e in items {
        let mut numbered = |stem: &str| {
            let key = stem.to_ascii_lowercase();
            let n = next_n.entry(key).or_insert(1);
            loop {
                let candidate = format!("{stem}_{n}");
                *n += 1;
                if taken.insert(candidate.to_ascii_lowercase()) {
                    break candidate;
                }
            }
        };
        let label = match naming(e) {
            Naming::Fixed => None,
            Naming::Own(name) => earlier
                .contains(&name.to_ascii_lowercase())
                .then(|| numbered(stem(name))),
            Naming::Wrapped(name) => Some(if earlier.contains(&name.to_ascii_lowercase()) {
                numbered(stem(name))
            } else {
                taken.insert(name.to_ascii_lowercase());
                name.to_owned()
            }),
            Naming::Unnamed(stem) => Some(numbered(stem)),
        };
        if let Some(name) = final_name(e, label.as_deref()) {
            earlier.insert(name.to_ascii_lowercase());
        }
        labels.push(label);
    }
    labels
}

/// The result column names of `items` labelled as [`result_labels`] labels them;
/// `None` when an item has no name of its own to give (a `*`, SQL text).
pub(crate) fn result_names(items: &[Expr]) -> Option<Vec<Ident>> {
    let labels = result_labels(items);
    items
        .iter()
        .enumerate()
        .map(
            |(i, e)| match labels.as_ref().and_then(|l| l[i].as_deref()) {
                Some(label) => Some(Ident::from(label)),
                None => e.exported_name().map(Ident::from),
            },
        )
        .collect()
}

/// The name an item has in the result: its label if it was given one, else its
/// own.
pub(crate) fn final_name<'a>(item: &'a Expr, label: Option<&'a str>) -> Option<&'a str> {
    label.or_else(|| item.exported_name())
}

/// Whether any item is given a label: one without a name of its own (what
/// [`naming`] calls wrapped or unnamed), or a column whose name an earlier item
/// has. Pairs are compared for a short list (no allocation: this runs for every
/// select list compiled), a set is used for a long one (no quadratic scan).
#[inline]
fn needs_labels(items: &[Expr]) -> bool {
    const SHORT: usize = 16;
    if items.len() > SHORT {
        return needs_labels_long(items);
    }
    for (i, e) in items.iter().enumerate() {
        match e {
            Expr::Label(..) | Expr::Star(_) | Expr::Text(_) => {}
            Expr::Column(c) => {
                let name: &str = c.name();
                if items[..i].iter().any(|x| {
                    x.exported_name()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                }) {
                    return true;
                }
            }
            _ => return true,
        }
    }
    false
}

#[inline(never)]
fn needs_labels_long(items: &[Expr]) -> bool {
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for e in items {
        match e {
            Expr::Label(..) | Expr::Star(_) | Expr::Text(_) => {}
            Expr::Column(_) => {}
            _ => return true,
        }
        if let Some(name) = e.exported_name() {
            let key = name.to_ascii_lowercase();
            if matches!(e, Expr::Column(_)) && seen.contains(&key) {
                return true;
            }
            seen.insert(key);
        }
    }
    false
}

/// How a select-list item comes by its result name.
enum Naming<'a> {
    /// Named as written: a labelled expression, a star, SQL text (whose name
    /// the text decides).
    Fixed,
    /// A column: its own name, unless an earlier item has it.
    Own(&'a str),
    /// A CAST of a column: labelled with the column's name.
    Wrapped(&'a str),
    /// Anything else: labelled `<stem>_<n>`, the stem a function call's name
    /// (see [`stem`]) or `anon`.
    Unnamed(&'a str),
}

fn naming(e: &Expr) -> Naming<'_> {
    match e {
        Expr::Label(..) | Expr::Star(_) | Expr::Text(_) => Naming::Fixed,
        Expr::Column(c) => Naming::Own(c.name()),
        Expr::Cast(..) => match wrapped_column(e) {
            Some(name) => Naming::Wrapped(name),
            None => Naming::Unnamed("anon"),
        },
        Expr::Function(f) => Naming::Unnamed(stem(&f.name)),
        // SQLAlchemy's name for it, whatever function the dialect writes.
        Expr::AggregateStrings(_) => Naming::Unnamed("aggregate_strings"),
        Expr::NextValue(_) => Naming::Unnamed("next_value"),
        Expr::WithinGroup(g) => match &g.func {
            Expr::Function(f) => Naming::Unnamed(stem(&f.name)),
            _ => Naming::Unnamed("anon"),
        },
        Expr::RegexpReplace(_) => Naming::Unnamed("regexp_replace"),
        _ => Naming::Unnamed("anon"),
    }
}

/// The column a CAST (or a CAST of a CAST, however deep) wraps.
fn wrapped_column(mut e: &Expr) -> Option<&str> {
    while let Expr::Cast(inner, _) = e {
        e = inner;
    }
    match e {
        Expr::Column(c) => Some(c.name()),
        _ => None,
    }
}

/// `name` as a label's stem: itself when it is a plain identifier of at most
/// [`MAX_LABEL_STEM`] bytes, else `anon`.
fn stem(name: &str) -> &str {
    let plain = name.len() <= MAX_LABEL_STEM
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name
    } else {
        "anon"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    fn labels(items: &[Expr]) -> Vec<Option<String>> {
        result_labels(items).unwrap_or_else(|| vec![None; items.len()])
    }

    #[test]
    fn distinct_names_need_no_label() {
        let (a, b) = (table("a"), table("b"));
        assert_eq!(
            result_labels(&[a.c("x"), b.c("y"), a.c("z").label("x2").into()]),
            None
        );
        assert_eq!(result_labels(&[]), None);
    }

    #[test]
    fn a_repeated_column_name_is_numbered() {
        let (a, b, c) = (table("a"), table("b"), table("c"));
        assert_eq!(
            labels(&[a.c("id"), b.c("id"), c.c("ID")]),
            [None, Some("id_1".into()), Some("ID_2".into())]
        );
        // The same column twice is labelled too: two result columns, two names.
        assert_eq!(labels(&[a.c("id"), a.c("id")]), [None, Some("id_1".into())]);
        // A label clashes with a later column; the label is kept.
        assert_eq!(
            labels(&[a.c("q").label("id").into(), b.c("id")]),
            [None, Some("id_1".into())]
        );
    }

    #[test]
    fn labels_skip_names_the_list_has() {
        let (a, b) = (table("a"), table("b"));
        assert_eq!(
            labels(&[a.c("x"), b.c("x"), b.c("x_1"), func::count(a.c("x"))]),
            [None, Some("x_2".into()), None, Some("count_1".into())]
        );
        assert_eq!(
            labels(&[func::count(a.c("x")), a.c("count_1"), a.c("x") + 1]),
            [Some("count_2".into()), None, Some("anon_1".into())]
        );
    }

    #[test]
    fn a_cast_of_a_column_is_named_after_it() {
        let (a, b) = (table("a"), table("b"));
        assert_eq!(
            labels(&[
                a.c("x").cast(SqlType::Text),
                b.c("x").cast(SqlType::Text).cast(SqlType::Integer),
                a.c("x"),
                (a.c("x") + 1).cast(SqlType::Text),
            ]),
            [
                Some("x".into()),
                Some("x_1".into()),
                Some("x_2".into()),
                Some("anon_1".into())
            ]
        );
    }

    #[test]
    fn a_wide_list_gets_unique_names() {
        let (a, b) = (table("a"), table("b"));
        let mut items = Vec::new();
        for i in 0..3_000 {
            items.push(a.c(&format!("c{i}")));
            items.push(b.c(&format!("c{i}")));
            items.push(func::count(a.c("x")));
        }
        let names = result_names(&items).unwrap();
        assert_eq!(&*names[0], "c0");
        assert_eq!(&*names[1], "c0_1");
        assert_eq!(&*names[2], "count_1");
        assert_eq!(&*names[8], "count_3");
        let mut seen = std::collections::HashSet::new();
        assert!(names.iter().all(|n| seen.insert(n.to_ascii_lowercase())));
        // A long list without duplicates needs no label.
        let plain: Vec<Expr> = (0..3_000).map(|i| a.c(&format!("c{i}"))).collect();
        assert_eq!(result_labels(&plain), None);
    }

    #[test]
    fn a_long_name_gives_anon() {
        let long = "c".repeat(MAX_LABEL_STEM + 1);
        let (a, b) = (table("a"), table("b"));
        assert_eq!(
            labels(&[a.c(&long), b.c(&long)]),
            [None, Some("anon_1".into())]
        );
    }

    #[test]
    fn names_follow_the_labels() {
        let (a, b) = (table("a"), table("b"));
        let names = result_names(&[a.c("id"), b.c("id"), func::count_star()]).unwrap();
        let names: Vec<&str> = names.iter().map(|n| &**n).collect();
        assert_eq!(names, ["id", "id_1", "count_1"]);
        assert!(result_names(&[a.c("id"), Expr::Star(None)]).is_none());
    }
}
