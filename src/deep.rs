//! Clone and drop for trees of any depth.
//!
//! Derived `Clone` and drop glue recurse once per level of the tree; a statement
//! nested ten thousand levels deep (subqueries of subqueries, CASE in CASE) would
//! overflow a thread's stack. The recursive types route their clone and drop
//! through [`grow`], which moves to a fresh heap-allocated stack segment whenever
//! the current one runs low, so depth costs memory, never a crash. Shallow trees
//! pay one stack-pointer comparison per node.
//!
//! `Expr` itself has a `Drop` for its nodes with one boxed child (NOT, CAST, a
//! label) and its lists (AND, OR, row values): a million-deep `NOT (NOT (…))`
//! has no other node to stop at. The price is that an `Expr`'s payload cannot
//! be moved out by a pattern; the builders take it by reference instead.

use crate::compile::{RED_ZONE, STACK_SEGMENT};
use crate::expr::{
    AggregateStrings, BetweenExpr, BinaryExpr, Case, Expr, Function, GroupingSets, JsonExtract,
    LikeExpr, RegexpReplace, WindowCall, WithinGroup,
};
use crate::query::{Compound, Query, SelectParts};

/// Runs `f`, first switching to a new stack segment if little stack is left.
#[inline]
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, f)
}

/// Whether the drop glue that runs after a `Drop::drop` may recurse into the
/// fields on this stack. Nearly always: the fields are then left to the glue, and
/// only a node met with little stack left moves its children out to be dropped on
/// a new segment. Each level checks again, so any depth stays safe.
#[inline]
fn stack_to_spare() -> bool {
    stacker::remaining_stack().is_some_and(|left| left >= RED_ZONE)
}

/// Whether dropping `e` cannot recurse: a node with no child expression. Most
/// comparisons hold a column and a value, whose drop needs no stack check.
#[inline]
fn is_leaf(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Column(_) | Expr::Value(_) | Expr::Param(_) | Expr::Null | Expr::Bool(_)
    )
}

impl Clone for Expr {
    fn clone(&self) -> Expr {
        grow(|| match self {
            Expr::Column(c) => Expr::Column(c.clone()),
            Expr::Value(v) => Expr::Value(v.clone()),
            Expr::Param(p) => Expr::Param(p.clone()),
            Expr::ExpandingParam(p) => Expr::ExpandingParam(p.clone()),
            Expr::Null => Expr::Null,
            Expr::Bool(b) => Expr::Bool(*b),
            Expr::Star(q) => Expr::Star(q.clone()),
            Expr::Unary(op, e) => Expr::Unary(*op, e.clone()),
            Expr::Binary(b) => Expr::Binary(b.clone()),
            Expr::Like(l) => Expr::Like(l.clone()),
            Expr::InList {
                expr,
                list,
                negated,
            } => Expr::InList {
                expr: expr.clone(),
                list: list.clone(),
                negated: *negated,
            },
            Expr::InSubquery {
                expr,
                query,
                negated,
            } => Expr::InSubquery {
                expr: expr.clone(),
                query: query.clone(),
                negated: *negated,
            },
            Expr::Between(b) => Expr::Between(b.clone()),
            Expr::IsNull { expr, negated } => Expr::IsNull {
                expr: expr.clone(),
                negated: *negated,
            },
            Expr::And(v) => Expr::And(v.clone()),
            Expr::Or(v) => Expr::Or(v.clone()),
            Expr::Function(f) => Expr::Function(f.clone()),
            Expr::Window(w) => Expr::Window(w.clone()),
            Expr::Case(c) => Expr::Case(c.clone()),
            Expr::Cast(e, ty) => Expr::Cast(e.clone(), ty.clone()),
            Expr::Collate(e, name) => Expr::Collate(e.clone(), name.clone()),
            Expr::Extract(part, e) => Expr::Extract(*part, e.clone()),
            Expr::Exists { query, negated } => Expr::Exists {
                query: query.clone(),
                negated: *negated,
            },
            Expr::Subquery(q) => Expr::Subquery(q.clone()),
            Expr::Quantified { query, all } => Expr::Quantified {
                query: query.clone(),
                all: *all,
            },
            Expr::Label(e, name) => Expr::Label(e.clone(), name.clone()),
            Expr::LabelRef(name) => Expr::LabelRef(name.clone()),
            Expr::Tuple(v) => Expr::Tuple(v.clone()),
            Expr::Distinct(e) => Expr::Distinct(e.clone()),
            Expr::Excluded(name) => Expr::Excluded(name.clone()),
            Expr::AggregateStrings(a) => Expr::AggregateStrings(a.clone()),
            Expr::GroupingSets(g) => Expr::GroupingSets(g.clone()),
            Expr::NextValue(s) => Expr::NextValue(s.clone()),
            Expr::WithinGroup(g) => Expr::WithinGroup(g.clone()),
            Expr::JsonExtract(j) => Expr::JsonExtract(j.clone()),
            Expr::RegexpReplace(r) => Expr::RegexpReplace(r.clone()),
            Expr::Text(t) => Expr::Text(t.clone()),
            Expr::Invalid(e) => Expr::Invalid(e.clone()),
        })
    }
}

impl Clone for Query {
    fn clone(&self) -> Query {
        grow(|| match self {
            Query::Select(s) => Query::Select(s.clone()),
            Query::Compound(c) => Query::Compound(c.clone()),
            Query::Text(t) => Query::Text(t.clone()),
        })
    }
}

impl Drop for SelectParts {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let parts = (
            std::mem::take(&mut self.columns),
            std::mem::take(&mut self.from),
            self.where_.take(),
            std::mem::take(&mut self.group_by),
            self.having.take(),
            std::mem::take(&mut self.order_by),
            self.limit.take(),
            self.offset.take(),
            std::mem::take(&mut self.distinct),
            std::mem::take(&mut self.ctes),
        );
        grow(move || drop(parts));
    }
}

impl Drop for Compound {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let rest = std::mem::take(&mut self.rest);
        // Set operations are rare; the placeholder's allocation is affordable here.
        let first = std::mem::replace(&mut self.first, Query::Select(Default::default()));
        let order_by = std::mem::take(&mut self.order_by);
        grow(move || drop((first, rest, order_by)));
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let parts = (
            self.operand.take(),
            std::mem::take(&mut self.whens),
            self.else_.take(),
        );
        grow(move || drop(parts));
    }
}

impl Drop for BinaryExpr {
    fn drop(&mut self) {
        if (is_leaf(&self.left) && is_leaf(&self.right)) || stack_to_spare() {
            return;
        }
        let left = std::mem::replace(&mut self.left, Expr::Null);
        let right = std::mem::replace(&mut self.right, Expr::Null);
        grow(move || drop((left, right)));
    }
}

impl Drop for LikeExpr {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let expr = std::mem::replace(&mut self.expr, Expr::Null);
        let pattern = std::mem::replace(&mut self.pattern, Expr::Null);
        grow(move || drop((expr, pattern)));
    }
}

impl Drop for BetweenExpr {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let parts = (
            std::mem::replace(&mut self.expr, Expr::Null),
            std::mem::replace(&mut self.low, Expr::Null),
            std::mem::replace(&mut self.high, Expr::Null),
        );
        grow(move || drop(parts));
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let args = std::mem::take(&mut self.args);
        grow(move || drop(args));
    }
}

impl Drop for WindowCall {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let func = std::mem::replace(&mut self.func, Expr::Null);
        let window = std::mem::take(&mut self.window);
        grow(move || drop((func, window)));
    }
}

impl Drop for AggregateStrings {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let expr = std::mem::replace(&mut self.expr, Expr::Null);
        let order_by = std::mem::take(&mut self.order_by);
        grow(move || drop((expr, order_by)));
    }
}

impl Drop for RegexpReplace {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let parts = (
            std::mem::replace(&mut self.expr, Expr::Null),
            std::mem::replace(&mut self.pattern, Expr::Null),
            std::mem::replace(&mut self.replacement, Expr::Null),
        );
        grow(move || drop(parts));
    }
}

impl Drop for GroupingSets {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let lists = match self {
            GroupingSets::Rollup(exprs) | GroupingSets::Cube(exprs) => vec![std::mem::take(exprs)],
            GroupingSets::Sets(sets) => std::mem::take(sets),
        };
        grow(move || drop(lists));
    }
}

impl Drop for WithinGroup {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let func = std::mem::replace(&mut self.func, Expr::Null);
        let order_by = std::mem::take(&mut self.order_by);
        grow(move || drop((func, order_by)));
    }
}

impl Drop for JsonExtract {
    fn drop(&mut self) {
        if stack_to_spare() {
            return;
        }
        let doc = std::mem::replace(&mut self.doc, Expr::Null);
        grow(move || drop(doc));
    }
}

impl Drop for Expr {
    /// The nodes with one boxed child expression (NOT, CAST, a label…) and the
    /// lists (AND, OR, row values) have no hook of their own below them; the
    /// other nodes box a struct that has one.
    #[inline]
    fn drop(&mut self) {
        match self {
            Expr::Unary(_, e)
            | Expr::Cast(e, _)
            | Expr::Collate(e, _)
            | Expr::Extract(_, e)
            | Expr::Label(e, _)
            | Expr::Distinct(e)
            | Expr::IsNull { expr: e, .. }
            | Expr::InSubquery { expr: e, .. } => {
                if is_leaf(e) || stack_to_spare() {
                    return;
                }
                let child = std::mem::replace(&mut **e, Expr::Null);
                grow(move || drop(child));
            }
            Expr::And(items) | Expr::Or(items) | Expr::Tuple(items) => {
                if items.iter().all(is_leaf) || stack_to_spare() {
                    return;
                }
                let items = std::mem::take(items);
                grow(move || drop(items));
            }
            Expr::InList { expr, list, .. } => {
                if (is_leaf(expr) && list.iter().all(is_leaf)) || stack_to_spare() {
                    return;
                }
                let parts = (
                    std::mem::replace(&mut **expr, Expr::Null),
                    std::mem::take(list),
                );
                grow(move || drop(parts));
            }
            _ => {}
        }
    }
}
