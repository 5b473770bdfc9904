//! `func::*`: SQL function calls, any name plus the common ones.
//!
//! ```
//! use sqlcraft::prelude::*;
//! use sqlcraft::dialect::GenericDialect;
//! let t = table("t");
//! let q = select((func::count_star(), func::call("my_fn", [t.c("a"), lit(2)]))).from(&t);
//! assert_eq!(
//!     q.compile(&GenericDialect).unwrap().sql,
//!     r#"SELECT count(*), my_fn("t"."a", ?) FROM "t""#
//! );
//! ```

use super::{Expr, Function, Ident};
use crate::error::Error;

/// Calls any function by name. The name must be an SQL identifier, optionally
/// schema-qualified (`[A-Za-z_][A-Za-z0-9_$]*`, dot-separated): it is rendered
/// verbatim, so anything else is refused with an error at compile time.
pub fn call<I, E>(name: &str, args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    if let Err(reason) = check_function_name(name) {
        return Expr::invalid(Error::InvalidIdentifier {
            ident: name.to_owned(),
            reason: reason.into(),
        });
    }
    Expr::Function(Box::new(Function {
        name: Ident::from(name),
        args: args.into_iter().map(Into::into).collect(),
    }))
}

fn check_function_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("a function name cannot be empty");
    }
    for part in name.split('.') {
        let mut chars = part.chars();
        match chars.next() {
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
            _ => return Err("each part of a function name must start with a letter or '_'"),
        }
        if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            return Err("a function name may contain only letters, digits, '_' and '$'");
        }
    }
    Ok(())
}

fn known(name: &'static str, args: Vec<Expr>) -> Expr {
    Expr::Function(Box::new(Function {
        name: Ident::from(name),
        args,
    }))
}

/// `count(e)`.
pub fn count(e: impl Into<Expr>) -> Expr {
    known("count", vec![e.into()])
}
/// `count(*)`.
pub fn count_star() -> Expr {
    known("count", vec![Expr::Star(None)])
}
/// `sum(e)`.
pub fn sum(e: impl Into<Expr>) -> Expr {
    known("sum", vec![e.into()])
}
/// `avg(e)`.
pub fn avg(e: impl Into<Expr>) -> Expr {
    known("avg", vec![e.into()])
}
/// `min(e)`.
pub fn min(e: impl Into<Expr>) -> Expr {
    known("min", vec![e.into()])
}
/// `max(e)`.
pub fn max(e: impl Into<Expr>) -> Expr {
    known("max", vec![e.into()])
}
/// `coalesce(a, b, …)`.
pub fn coalesce<I, E>(args: I) -> Expr
where
    I: IntoIterator<Item = E>,
    E: Into<Expr>,
{
    known("coalesce", args.into_iter().map(Into::into).collect())
}
/// `lower(e)`.
pub fn lower(e: impl Into<Expr>) -> Expr {
    known("lower", vec![e.into()])
}
/// `upper(e)`.
pub fn upper(e: impl Into<Expr>) -> Expr {
    known("upper", vec![e.into()])
}
/// The length of a string in characters (`char_length` on MySQL, whose `length`
/// counts bytes).
pub fn length(e: impl Into<Expr>) -> Expr {
    known("length", vec![e.into()])
}
/// The current timestamp (`now()`, or `CURRENT_TIMESTAMP` where there is no `now`).
pub fn now() -> Expr {
    known("now", vec![])
}
/// `abs(e)`.
pub fn abs(e: impl Into<Expr>) -> Expr {
    known("abs", vec![e.into()])
}
/// `round(e, digits)`.
pub fn round(e: impl Into<Expr>, digits: impl Into<Expr>) -> Expr {
    known("round", vec![e.into(), digits.into()])
}
/// `rank()`, a window function.
pub fn rank() -> Expr {
    known("rank", vec![])
}
/// `dense_rank()`, a window function.
pub fn dense_rank() -> Expr {
    known("dense_rank", vec![])
}
/// `row_number()`, a window function.
pub fn row_number() -> Expr {
    known("row_number", vec![])
}
