//! The FROM clause a SELECT implies, and correlation.
//!
//! As in SQLAlchemy, a SELECT's FROM list is the items given with `.from()` (and
//! the joins built on them), then every table whose columns its select list or
//! WHERE clause uses and that no item names, in the order they are first met:
//! `select(users.c("name")).filter(users.c("id").eq(5))` reads `FROM users`. A
//! table that an enclosing statement's FROM clause (or an UPDATE's or DELETE's
//! target) names is left out instead: a subquery in an expression refers to the
//! enclosing row there (auto-correlation), as in
//! `EXISTS (SELECT … WHERE addresses.user_id = users.id)`. Items given with
//! `.from()` are always written as given, as the user asked: unlike
//! SQLAlchemy, which correlates them away too, a subquery that names the
//! enclosing table with `.from()` reads its own copy of it.
//!
//! An UPDATE's or a DELETE's WHERE clause implies tables the same way: they
//! join its `.from()` / `.using()` items (`UPDATE … FROM`, `DELETE … USING`, or
//! the dialect's form of them), as SQLAlchemy's extra FROMs do.
//!
//! A column of an alias, a subquery or a CTE that nothing in scope names is an
//! error, not SQL naming a relation the statement does not have: its reference
//! holds the alias's name, not what the alias stands for, so the FROM item
//! cannot be made up.
//!
//! Nearly every statement names all its tables with `.from()`, and pays for
//! this one comparison per column of its select lists and WHERE clauses, made
//! as the column is written: the first pass of
//! [`Compiler::compile_passes`]. Only a statement where one fails is compiled
//! again with each SELECT walking those clauses first ([`ColumnWalk`]), which
//! a subquery written before the WHERE clause that implies its enclosing table
//! needs to correlate with it.
//!
//! The FROM items in scope are not copied: each level points at the statement's
//! own items (see [`Scopes`] for why that is sound), so entering a statement
//! costs a push, and a column is matched by comparing its qualifier with the
//! items' names where they are.

use super::{Compiler, Result};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::expr::column_ref::{Parts, QualifierKind};
use crate::expr::{
    AggregateStrings, BetweenExpr, BinaryExpr, Case, ColumnRef, Expr, Function, GroupingSets,
    Ident, JsonExtract, LikeExpr, OrderBy, RegexpReplace, WindowCall, WithinGroup,
};
use crate::query::{FromItem, Join, Select, TableRef};
use smallvec::SmallVec;
use std::ptr::NonNull;

/// The FROM items in scope, one level per statement being compiled, innermost
/// last, each by the names its items go by.
///
/// The names point into the items of the statement being compiled instead of
/// borrowing them, as the compiler holds no lifetime for the statement. That is
/// sound because a level lives exactly as long as the compile of its statement,
/// inside the borrow of its items: [`Compiler::in_scope`] opens it and closes
/// it before returning, and nothing else opens one. A compile that unwinds
/// from a panic leaves its level behind, but no code runs on that compiler
/// again: it is a local of the compile call, no compiler method catches a
/// panic, and the compiler is never handed to code outside this crate.
#[derive(Default)]
pub(crate) struct Scopes {
    levels: SmallVec<[Level; 1]>,
    /// The names the levels' FROM items and targets go by, level after level:
    /// a column is looked up in a short list, not through each join tree.
    named: SmallVec<[Rel; 4]>,
    /// The tables a level's select list and WHERE clause imply, by the first
    /// column met of each; each level holds a tail of it.
    implied: SmallVec<[NonNull<ColumnRef>; 1]>,
    /// The first level lookups see: levels before it belong to statements a
    /// derived table or a CTE body does not correlate with.
    visible_from: usize,
    /// Whether each SELECT works out the FROM items it implies before it is
    /// written (the second pass, see [`Compiler::compile_passes`]).
    pub(crate) walk: bool,
    /// How the columns being written are checked against the scope.
    check: Check,
    /// Whether the first pass met a checked column that nothing in scope names.
    pub(crate) missed: bool,
    /// The second pass's error for a column that must be in scope and is not.
    pub(crate) stray: Option<String>,
}

/// How a clause's columns are checked against the scope as they are written
/// (outside any subquery, which checks its own).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Check {
    #[default]
    Off,
    /// A select list or WHERE clause, on the first pass: a column nothing
    /// names sends the statement to the second pass, which implies its table.
    Imply,
    /// A clause that implies nothing (GROUP BY, HAVING, ORDER BY, DISTINCT ON,
    /// an UPDATE's SET, RETURNING): a column nothing names, even after the
    /// second pass implied what the other clauses imply, would be SQL naming a
    /// table the statement lacks, and is an error instead.
    Require,
}

struct Level {
    /// Where this level's names start in [`Scopes::named`].
    named_from: usize,
    /// Where this level's implied tables start in [`Scopes::implied`].
    implied_from: usize,
    /// The `visible_from` to restore when the level closes.
    visible_from: usize,
}

/// A name a FROM item or a target goes by: a table's schema and name, or an
/// alias (of a table, a subquery, a CTE, a VALUES list). Thin pointers to the
/// items' own `Ident`s: the list lives inside every compiler, whose size costs
/// each compile a copy.
#[derive(Clone, Copy)]
struct Rel {
    schema: Option<NonNull<Ident>>,
    name: NonNull<Ident>,
}

impl Rel {
    #[inline]
    fn table(t: &TableRef) -> Rel {
        match &t.alias {
            Some(alias) => Rel::alias(alias),
            None => Rel {
                schema: t.schema.as_ref().map(NonNull::from),
                name: NonNull::from(&t.name),
            },
        }
    }

    fn alias(alias: &Ident) -> Rel {
        Rel {
            schema: None,
            name: NonNull::from(alias),
        }
    }

    /// Whether this is the qualifier `(schema, name)`.
    #[inline]
    fn is(self, schema: Option<&str>, name: &str) -> bool {
        // SAFETY: the level holding it is open, so the statement it points
        // into is still borrowed (see `Scopes`).
        let (own_schema, own) =
            unsafe { (self.schema.map(|s| &**s.as_ref()), &**self.name.as_ref()) };
        own == name && own_schema == schema
    }
}

/// The message for a column of `table` that no FROM clause names; `why` and
/// `or` extend its reason and its remedy.
fn not_named(table: &str, column: &str, why: &str, or: &str) -> String {
    format!(
        "column \"{table}\".\"{column}\" belongs to \"{table}\", which no FROM clause of \
         the statement names{why}: add it with .from() (to a DELETE: .using()){or}"
    )
}

/// Pushes the names `item` (a join: each of its sides) goes by.
fn push_names(named: &mut SmallVec<[Rel; 4]>, mut item: &FromItem) {
    loop {
        let rel = match item {
            FromItem::Table(t) => Rel::table(t),
            FromItem::Subquery(s) => Rel::alias(&s.alias),
            FromItem::Cte(c) => Rel::alias(&c.def().name),
            FromItem::Values(v) => Rel::alias(&v.def().alias),
            FromItem::Join(j) => {
                // Joins nest on the left: the loop walks that spine, and only
                // the right sides recurse.
                let Join { left, right, .. } = &**j;
                push_names(named, right);
                item = left;
                continue;
            }
        };
        named.push(rel);
        return;
    }
}

impl Scopes {
    #[inline]
    fn enter(&mut self, items: &[FromItem], target: Option<&TableRef>, isolated: bool) {
        let named_from = self.named.len();
        if let Some(t) = target {
            self.named.push(Rel::table(t));
        }
        for item in items {
            match item {
                // Nearly always: a table, pushed here without a call.
                FromItem::Table(t) => self.named.push(Rel::table(t)),
                _ => push_names(&mut self.named, item),
            }
        }
        self.levels.push(Level {
            named_from,
            implied_from: self.implied.len(),
            visible_from: self.visible_from,
        });
        if isolated {
            self.visible_from = self.levels.len() - 1;
        }
    }

    fn exit(&mut self) {
        if let Some(level) = self.levels.pop() {
            self.named.truncate(level.named_from);
            self.implied.truncate(level.implied_from);
            self.visible_from = level.visible_from;
        }
    }

    /// Whether a visible level names the qualifier `(schema, name)`.
    #[inline]
    fn names(&self, schema: Option<&str>, name: &str) -> bool {
        let Some(first) = self.levels.get(self.visible_from) else {
            return false;
        };
        // Innermost first: a column is most often of its own statement's items.
        self.named[first.named_from..]
            .iter()
            .rev()
            .any(|r| r.is(schema, name))
            || (self.implied.len() > first.implied_from
                && self.implied_names(first.implied_from, schema, name))
    }

    #[inline(never)]
    fn implied_names(&self, from: usize, schema: Option<&str>, name: &str) -> bool {
        self.implied[from..].iter().any(|c| {
            // SAFETY: an implied column belongs to an open level's statement
            // (see the type's documentation).
            let c = unsafe { c.as_ref() };
            c.parts().qualifier == Some((schema, name))
        })
    }
}

impl<D: Dialect + ?Sized> Compiler<'_, D> {
    /// The tables `s` uses in its select list and WHERE clause that nothing in
    /// scope names, each once, in the order met; each is added to the
    /// innermost level. An alias nothing names is an error (see the module
    /// documentation).
    pub(crate) fn implied_froms<'s>(&mut self, s: &'s Select) -> Result<Vec<&'s ColumnRef>> {
        self.implied_by(&s.columns, s.where_.as_ref())
    }

    /// The tables an UPDATE's or a DELETE's WHERE clause uses that neither its
    /// target nor its FROM / USING items name, each once, in the order met, as
    /// SQLAlchemy adds them (`UPDATE … FROM`, `DELETE … USING`); each is added to
    /// the innermost level, so that subqueries correlate with it.
    pub(crate) fn implied_by_where<'s>(
        &mut self,
        where_: Option<&'s Expr>,
    ) -> Result<Vec<&'s ColumnRef>> {
        self.implied_by(&[], where_)
    }

    /// The tables `columns` and `where_` use that nothing in scope names (on
    /// the second pass only; the first implies nothing).
    fn implied_by<'s>(
        &mut self,
        columns: &'s [Expr],
        where_: Option<&'s Expr>,
    ) -> Result<Vec<&'s ColumnRef>> {
        if !self.scopes.walk {
            return Ok(Vec::new());
        }
        let mut walk = ColumnWalk {
            scopes: &mut self.scopes,
            implied: Vec::new(),
            last_found: None,
            max_depth: self.max_depth,
            skip_aliases: false,
        };
        walk.children(columns, 0)?;
        if let Some(w) = where_ {
            walk.child(w, 0)?;
        }
        Ok(walk.implied)
    }

    /// Writes `items`, then the tables `implied` names, separated by commas.
    pub(crate) fn write_from_list(
        &mut self,
        items: &[FromItem],
        implied: &[&ColumnRef],
    ) -> Result<()> {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.write_from_item(item)?;
        }
        for (i, c) in implied.iter().enumerate() {
            if i > 0 || !items.is_empty() {
                self.push(", ");
            }
            self.write_implied_from(c)?;
        }
        Ok(())
    }

    /// Runs `f` (compiling a statement) with `items` and `target` in scope for
    /// its subqueries; `isolated`, it sees no enclosing statement (a derived
    /// table that is not LATERAL, a CTE body: SQLAlchemy never correlates
    /// them).
    pub(crate) fn in_scope<R>(
        &mut self,
        items: &[FromItem],
        target: Option<&TableRef>,
        isolated: bool,
        f: impl FnOnce(&mut Self) -> R,
    ) -> R {
        // The level points at `items` and `target`, borrowed for this whole
        // call, and closes before it returns (see `Scopes`).
        self.scopes.enter(items, target, isolated);
        let check = std::mem::take(&mut self.scopes.check);
        let r = f(self);
        self.scopes.check = check;
        self.scopes.exit();
        r
    }

    /// Runs `f` (writing a SELECT's select list or WHERE clause) with its
    /// columns checked against the scope, on the first pass.
    pub(crate) fn implying<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let check = if self.scopes.walk {
            Check::Off
        } else {
            Check::Imply
        };
        self.checking(check, f)
    }

    /// Runs `f` (writing a clause that implies no FROM item) with its columns
    /// required to be in scope: see [`Check::Require`].
    pub(crate) fn requiring<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        self.checking(Check::Require, f)
    }

    fn checking<R>(&mut self, check: Check, f: impl FnOnce(&mut Self) -> R) -> R {
        let outer = std::mem::replace(&mut self.scopes.check, check);
        let r = f(self);
        self.scopes.check = outer;
        r
    }

    /// Checks a written column against the scope (see [`Check`]): one that
    /// nothing names sends the statement to the second pass (see
    /// [`Compiler::compile_passes`]), where, in a clause that implies nothing,
    /// it is an error.
    #[inline]
    pub(crate) fn note_column_scope(&mut self, parts: &Parts<'_>) {
        if self.scopes.check == Check::Off {
            return;
        }
        if let Some((schema, table)) = parts.qualifier {
            if !self.scopes.names(schema, table) {
                self.column_not_in_scope(table, parts.name);
            }
        }
    }

    #[cold]
    fn column_not_in_scope(&mut self, table: &str, column: &str) {
        if !self.scopes.walk {
            self.scopes.missed = true;
        } else if self.scopes.stray.is_none() {
            self.scopes.stray = Some(not_named(
                table,
                column,
                " (only a select list or a WHERE clause adds its tables)",
                " or a join, or use it in the WHERE clause",
            ));
        }
    }

    /// Runs `f` (compiling a CTE body) in a scope that sees no enclosing
    /// statement.
    pub(crate) fn uncorrelated<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        self.in_scope(&[], None, true, f)
    }

    /// Writes an implied FROM item: the table a column reference names.
    pub(crate) fn write_implied_from(&mut self, c: &ColumnRef) -> Result<()> {
        match c.parts().qualifier {
            Some((schema, table)) => self.qualified_name(schema, table),
            None => Ok(()),
        }
    }
}

/// The tables whose columns `exprs` use outside subqueries and that none of
/// `named` names, each by the first column met of it, in order; columns of
/// aliases are left out. What a join with no FROM item on its left infers the
/// left from, as SQLAlchemy's `Select.join` does.
pub(crate) fn tables_outside<'e>(
    named: &[FromItem],
    exprs: impl IntoIterator<Item = &'e Expr>,
) -> Vec<&'e ColumnRef> {
    let mut scopes = Scopes::default();
    // The level points at `named`, borrowed for this whole call, and `scopes`
    // goes with it (see `Scopes`).
    scopes.enter(named, None, false);
    let mut walk = ColumnWalk {
        scopes: &mut scopes,
        implied: Vec::new(),
        last_found: None,
        max_depth: super::DEFAULT_MAX_DEPTH,
        skip_aliases: true,
    };
    // Only a tree too deep to compile fails: it infers nothing.
    let complete = exprs.into_iter().try_for_each(|e| walk.child(e, 0)).is_ok();
    let implied = if complete { walk.implied } else { Vec::new() };
    scopes.exit();
    implied
}

/// The column references of a select list and WHERE clause that are not inside
/// a subquery (a subquery's columns are its own statement's business), in
/// order, checked against the scope: the tables nothing names are noted as
/// implied.
///
/// Recursive, as the render that follows it: leaves (most children) are handled
/// in their parent's frame, and every eighth level checks the stack and moves to
/// a new segment when it runs low, so depth costs memory, never a crash. A tree
/// deeper than `max_depth` is [`Error::TooDeep`], as its render would be.
struct ColumnWalk<'c, 'e> {
    scopes: &'c mut Scopes,
    /// The tables implied so far, by the first column met of each.
    implied: Vec<&'e ColumnRef>,
    /// The qualifier last found in scope: neighbouring columns are mostly of
    /// one table, and it is not looked up again.
    last_found: Option<(Option<&'e str>, &'e str)>,
    max_depth: usize,
    /// Whether a column of an alias nothing names is left out instead of
    /// being an error (the inference of [`tables_outside`]).
    skip_aliases: bool,
}

impl<'e> ColumnWalk<'_, 'e> {
    #[inline(always)]
    fn column(&mut self, c: &'e ColumnRef) -> Result<()> {
        let Some((kind, schema, name)) = c.qualifier_parts() else {
            return Ok(());
        };
        if self.last_found == Some((schema, name)) || self.scopes.names(schema, name) {
            self.last_found = Some((schema, name));
            return Ok(());
        }
        self.not_in_scope(c, kind)
    }

    #[cold]
    fn not_in_scope(&mut self, c: &'e ColumnRef, kind: QualifierKind) -> Result<()> {
        match kind {
            QualifierKind::Table => {
                self.scopes.implied.push(NonNull::from(c));
                self.implied.push(c);
                Ok(())
            }
            QualifierKind::Alias if self.skip_aliases => Ok(()),
            QualifierKind::Alias => {
                let (alias, column) = (c.table().unwrap_or_default(), c.name());
                Err(Error::invalid(not_named(alias, column, "", "")))
            }
        }
    }

    #[inline(always)]
    fn child(&mut self, e: &'e Expr, depth: usize) -> Result<()> {
        match e {
            Expr::Column(c) => self.column(c),
            Expr::Value(_) | Expr::Param(_) | Expr::Null | Expr::Bool(_) => Ok(()),
            _ => self.deeper(e, depth + 1),
        }
    }

    fn children(&mut self, items: &'e [Expr], depth: usize) -> Result<()> {
        items.iter().try_for_each(|e| self.child(e, depth))
    }

    fn orders(&mut self, items: &'e [OrderBy], depth: usize) -> Result<()> {
        items.iter().try_for_each(|o| self.child(&o.expr, depth))
    }

    #[inline(never)]
    fn deeper(&mut self, e: &'e Expr, depth: usize) -> Result<()> {
        if depth >= self.max_depth {
            return Err(Error::TooDeep {
                limit: self.max_depth,
            });
        }
        if depth % 8 == 0 {
            crate::deep::grow(|| self.node(e, depth))
        } else {
            self.node(e, depth)
        }
    }

    fn node(&mut self, e: &'e Expr, depth: usize) -> Result<()> {
        match e {
            Expr::Column(c) => self.column(c),
            Expr::Value(_)
            | Expr::Param(_)
            | Expr::ExpandingParam(_)
            | Expr::Null
            | Expr::Bool(_)
            | Expr::Star(_)
            | Expr::LabelRef(_)
            | Expr::Excluded(_)
            | Expr::NextValue(_)
            | Expr::Text(_)
            | Expr::Invalid(_)
            | Expr::Exists { .. }
            | Expr::Subquery(_)
            | Expr::Quantified { .. } => Ok(()),
            Expr::Unary(_, inner)
            | Expr::Cast(inner, _)
            | Expr::Collate(inner, _)
            | Expr::Extract(_, inner)
            | Expr::Label(inner, _)
            | Expr::Distinct(inner)
            | Expr::IsNull { expr: inner, .. }
            | Expr::InSubquery { expr: inner, .. } => self.child(inner, depth),
            Expr::Binary(b) => {
                let BinaryExpr { left, right, .. } = &**b;
                self.child(left, depth)?;
                self.child(right, depth)
            }
            Expr::Like(l) => {
                let LikeExpr { expr, pattern, .. } = &**l;
                self.child(expr, depth)?;
                self.child(pattern, depth)
            }
            Expr::InList { expr, list, .. } => {
                self.child(expr, depth)?;
                self.children(list, depth)
            }
            Expr::Between(b) => {
                let BetweenExpr {
                    expr, low, high, ..
                } = &**b;
                self.child(expr, depth)?;
                self.child(low, depth)?;
                self.child(high, depth)
            }
            Expr::And(items) | Expr::Or(items) | Expr::Tuple(items) => self.children(items, depth),
            Expr::Function(func) => {
                let Function { args, filter, .. } = &**func;
                self.children(args, depth)?;
                filter.as_deref().map_or(Ok(()), |e| self.child(e, depth))
            }
            Expr::Window(w) => {
                let WindowCall { func, window } = &**w;
                self.child(func, depth)?;
                self.children(&window.partition_by, depth)?;
                self.orders(&window.order_by, depth)
            }
            Expr::Case(c) => {
                let Case {
                    operand,
                    whens,
                    else_,
                } = &**c;
                if let Some(operand) = operand {
                    self.child(operand, depth)?;
                }
                for (cond, result) in whens.iter() {
                    self.child(cond, depth)?;
                    self.child(result, depth)?;
                }
                else_.as_ref().map_or(Ok(()), |e| self.child(e, depth))
            }
            Expr::AggregateStrings(a) => {
                let AggregateStrings { expr, order_by, .. } = &**a;
                self.child(expr, depth)?;
                self.orders(order_by, depth)
            }
            Expr::RegexpReplace(r) => {
                let RegexpReplace {
                    expr,
                    pattern,
                    replacement,
                    ..
                } = &**r;
                self.child(expr, depth)?;
                self.child(pattern, depth)?;
                self.child(replacement, depth)
            }
            Expr::JsonExtract(j) => {
                let JsonExtract { doc, .. } = &**j;
                self.child(doc, depth)
            }
            Expr::WithinGroup(g) => {
                let WithinGroup { func, order_by } = &**g;
                self.child(func, depth)?;
                self.orders(order_by, depth)
            }
            Expr::GroupingSets(g) => match &**g {
                GroupingSets::Rollup(items) | GroupingSets::Cube(items) => {
                    self.children(items, depth)
                }
                GroupingSets::Sets(sets) => {
                    sets.iter().try_for_each(|set| self.children(set, depth))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    //! The scope levels point into the statement being compiled; these run the
    //! paths that open, read and close them (also under Miri).
    use crate::dialect::GenericDialect;
    use crate::prelude::*;

    fn sql(stmt: &impl Compile) -> String {
        stmt.compile(&GenericDialect).unwrap().sql
    }

    #[test]
    fn levels_open_read_and_close_on_every_path() {
        let (u, o) = (table("u"), table("o"));
        // Implied in the outer statement, correlated in a scalar subquery
        // written before the WHERE clause that implies it.
        let count = select(func::count_star())
            .filter(o.c("uid").eq(u.c("id")))
            .scalar_subquery()
            .label("n");
        assert_eq!(
            sql(&select(count).filter(u.c("id").gt(1))),
            r#"SELECT (SELECT count(*) FROM "o" WHERE "o"."uid" = "u"."id") AS "n" FROM "u" WHERE "u"."id" > ?"#
        );
        // A derived table sees no enclosing level.
        let sub = select(u.c("id")).subquery("s");
        assert_eq!(
            sql(&select(sub.c("id"))
                .from(&sub)
                .filter(exists(select(u.c("id"))))),
            r#"SELECT "s"."id" FROM (SELECT "u"."id" FROM "u") AS "s" WHERE EXISTS (SELECT "u"."id" FROM "u")"#
        );
        // An UPDATE's target is in scope for its subqueries.
        assert_eq!(
            sql(&update(&u)
                .set("n", 1)
                .filter(exists(select(o.c("id")).filter(o.c("uid").eq(u.c("id")))))),
            r#"UPDATE "u" SET "n" = ? WHERE EXISTS (SELECT "o"."id" FROM "o" WHERE "o"."uid" = "u"."id")"#
        );
        // An alias nothing names fails, and the levels are closed after it.
        let x = u.alias("x");
        assert!(select(x.c("id")).compile(&GenericDialect).is_err());
        assert_eq!(sql(&select(u.c("id"))), r#"SELECT "u"."id" FROM "u""#);
        // A join's left side inferred at build time.
        assert_eq!(
            sql(&select((u.c("id"), o.c("id"))).join(&o, o.c("uid").eq(u.c("id")))),
            r#"SELECT "u"."id", "o"."id" AS "id_1" FROM "u" JOIN "o" ON "o"."uid" = "u"."id""#
        );
        // A DELETE's WHERE implies its USING item, aliases and joins name
        // theirs, and ORDER BY checks against them all.
        assert_eq!(
            sql(&delete(&u).filter(o.c("uid").eq(u.c("id")))),
            r#"DELETE FROM "u" USING "o" WHERE "o"."uid" = "u"."id""#
        );
        let (y, s) = (o.alias("y"), select(o.c("id")).subquery("s"));
        assert_eq!(
            sql(&select(u.c("id"))
                .from(u.join(&y, y.c("uid").eq(u.c("id"))))
                .from(&s)
                .order_by((y.c("id"), s.c("id"), u.c("id")))),
            r#"SELECT "u"."id" FROM "u" JOIN "o" AS "y" ON "y"."uid" = "u"."id", (SELECT "o"."id" FROM "o") AS "s" ORDER BY "y"."id", "s"."id", "u"."id""#
        );
        // ORDER BY naming nothing in scope fails, and the levels are closed.
        assert!(select(u.c("id"))
            .order_by(o.c("id"))
            .compile(&GenericDialect)
            .is_err());
        assert_eq!(sql(&select(u.c("id"))), r#"SELECT "u"."id" FROM "u""#);
    }
}
