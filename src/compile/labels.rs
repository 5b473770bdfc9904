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
//! Explicit labels are kept as written: they are the user's choice.

use crate::expr::{Expr, Ident};

/// The longest name a label is made from: with its `_<n>` it stays well inside
/// every dialect's identifier limit (63 bytes on PostgreSQL, 64 on MySQL),
/// where a longer label would turn a statement that compiled into an error. A
/// longer name gives `anon_<n>`.
const MAX_LABEL_STEM: usize = 40;

/// The label each item of `items` gets, by position; `None` when no item needs
/// one, the common case, which allocates nothing.
pub(crate) fn result_labels(items: &[Expr]) -> Option<Vec<Option<String>>> {
    if !items
        .iter()
        .enumerate()
        .any(|(i, e)| needs_label(e, &items[..i]))
    {
        return None;
    }
    let mut labels: Vec<Option<String>> = Vec::with_capacity(items.len());
    for (i, e) in items.iter().enumerate() {
        let clashes = |name: &str, labels: &[Option<String>]| {
            items[..i].iter().zip(labels).any(|(earlier, label)| {
                final_name(earlier, label.as_deref()).is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        };
        let label = match naming(e) {
            Naming::Fixed => None,
            Naming::Own(name) => {
                clashes(name, &labels).then(|| next_label(items, &labels, stem(name)))
            }
            Naming::Wrapped(name) => Some(if clashes(name, &labels) {
                next_label(items, &labels, stem(name))
            } else {
                name.to_owned()
            }),
            Naming::Unnamed(stem) => Some(next_label(items, &labels, stem)),
        };
        labels.push(label);
    }
    Some(labels)
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
                None => e.exported_name().cloned(),
            },
        )
        .collect()
}

/// The name an item has in the result: its label if it was given one, else its
/// own.
pub(crate) fn final_name<'a>(item: &'a Expr, label: Option<&'a str>) -> Option<&'a str> {
    label.or_else(|| item.exported_name().map(|n| &**n))
}

/// Whether `e`, after `earlier`, is given a label: it has no name of its own, or
/// it is a column whose name an earlier item has. Only asked before any label
/// is given, when the earlier items' names are their own.
fn needs_label(e: &Expr, earlier: &[Expr]) -> bool {
    match naming(e) {
        Naming::Fixed => false,
        Naming::Own(name) => earlier.iter().any(|x| {
            x.exported_name()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        }),
        Naming::Wrapped(_) | Naming::Unnamed(_) => true,
    }
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
        _ => Naming::Unnamed("anon"),
    }
}

/// The column a CAST (or a CAST of a CAST) wraps.
fn wrapped_column(e: &Expr) -> Option<&str> {
    match e {
        Expr::Cast(inner, _) => wrapped_column(inner),
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

/// `<stem>_<n>` with the smallest n ≥ 1 that no item's own name and no label
/// given so far has.
fn next_label(items: &[Expr], given: &[Option<String>], stem: &str) -> String {
    let taken = |candidate: &str| {
        given
            .iter()
            .flatten()
            .any(|g| g.eq_ignore_ascii_case(candidate))
            || items.iter().any(|e| {
                e.exported_name()
                    .is_some_and(|n| n.eq_ignore_ascii_case(candidate))
            })
    };
    (1usize..)
        .map(|n| format!("{stem}_{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| stem.to_owned())
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
