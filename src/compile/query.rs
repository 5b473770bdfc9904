//! SELECT, set operations, FROM items and WITH.

use super::{Compile, Compiler, Mode};
use crate::cache::{KeyWriter, Uncacheable};
use crate::dialect::{CompoundMemberStyle, Dialect, OffsetOnlyStyle, ValuesStyle};
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::query::{Compound, Cte, Distinct, FromItem, JoinKind, Query, Select, SetOp, ValuesDef};
use crate::value::Value;

impl<D: Dialect + ?Sized> Compiler<'_, D> {
    /// SQL text standing for a query, written as it is.
    fn textual_select(&mut self, t: &crate::query::TextualSelect) -> Result<()> {
        if t.columns.is_empty() {
            return Err(Error::invalid(
                "text(..).columns(..) needs the name of at least one column",
            ));
        }
        self.text(&t.text, true)
    }

    pub(crate) fn query(&mut self, q: &Query) -> Result<()> {
        self.nested(|c| match q {
            Query::Select(s) => c.select(s),
            Query::Compound(k) => c.compound(k),
            Query::Text(t) => c.textual_select(t),
        })
    }

    /// Finds the CTEs a statement must declare: its explicit ones and every CTE its
    /// FROM clause reaches through joins, derived tables and set-operation members
    /// (their explicit CTEs included), dependencies first, minus those an enclosing
    /// statement already declares. The walk uses a heap stack, not recursion, and
    /// the statements it passes through are marked covered so that they do not walk
    /// again: compiling stays linear however deep derived tables nest.
    pub(crate) fn collect_ctes(
        &self,
        explicit: &[Cte],
        from: &[FromItem],
        queries: &[&Query],
    ) -> Result<Vec<Cte>> {
        let mut out: Vec<Cte> = Vec::new();
        self.walk_ctes(explicit, from, queries, &mut out)?;
        Ok(out)
    }

    fn walk_ctes<'q>(
        &self,
        explicit: &'q [Cte],
        from: &'q [FromItem],
        queries: &[&'q Query],
        out: &mut Vec<Cte>,
    ) -> Result<()> {
        enum Node<'q> {
            From(&'q FromItem),
            Query(&'q Query),
        }
        for cte in explicit {
            self.add_cte(cte, out)?;
        }
        let mut stack: Vec<Node<'q>> = Vec::new();
        stack.extend(queries.iter().rev().map(|q| Node::Query(q)));
        stack.extend(from.iter().rev().map(Node::From));
        while let Some(node) = stack.pop() {
            match node {
                Node::From(FromItem::Table(_) | FromItem::Values(_)) => {}
                Node::From(FromItem::Cte(c)) => self.add_cte(c, out)?,
                Node::From(FromItem::Subquery(s)) => stack.push(Node::Query(&s.query)),
                Node::From(FromItem::Join(j)) => {
                    stack.push(Node::From(&j.right));
                    stack.push(Node::From(&j.left));
                }
                Node::Query(Query::Select(s)) => {
                    for cte in &s.ctes {
                        self.add_cte(cte, out)?;
                    }
                    stack.extend(s.from.iter().rev().map(Node::From));
                }
                Node::Query(Query::Text(_)) => {}
                Node::Query(Query::Compound(k)) => {
                    for cte in &k.ctes {
                        self.add_cte(cte, out)?;
                    }
                    stack.extend(k.rest.iter().rev().map(|(_, q)| Node::Query(q)));
                    stack.push(Node::Query(&k.first));
                }
            }
        }
        Ok(())
    }

    fn add_cte(&self, cte: &Cte, out: &mut Vec<Cte>) -> Result<()> {
        let name = &cte.def().name;
        if let Some(outer) = self.cte_scope.iter().find(|c| &c.def().name == name) {
            if outer != cte {
                // The inner reference would silently read the outer definition.
                return Err(Error::InvalidStatement(
                    format!("two different CTEs are named {name:?}").into(),
                ));
            }
            return Ok(());
        }
        if let Some(prev) = out.iter().find(|c| &c.def().name == name) {
            if prev != cte {
                return Err(Error::InvalidStatement(
                    format!("two different CTEs are named {name:?}").into(),
                ));
            }
            return Ok(());
        }
        // A CTE's own dependencies come first; only chains of CTEs recurse here.
        stacker::maybe_grow(super::RED_ZONE, super::STACK_SEGMENT, || {
            self.walk_ctes(&[], &[], &[&cte.def().query], out)
        })?;
        // A dependency may have brought in a different CTE of the same name.
        if out.iter().any(|c| &c.def().name == name && c != cte) {
            return Err(Error::InvalidStatement(
                format!("two different CTEs are named {name:?}").into(),
            ));
        }
        out.push(cte.clone());
        Ok(())
    }

    /// Runs `f` with select lists that do (`true`) or do not name their result
    /// columns (see `label_unnamed`), then restores the enclosing setting.
    pub(crate) fn naming_columns(
        &mut self,
        named: bool,
        f: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let outer = std::mem::replace(&mut self.label_unnamed, named);
        let r = f(self);
        self.label_unnamed = outer;
        r
    }

    /// Compiles a query whose CTEs an enclosing statement has already collected.
    fn covered_query(&mut self, q: &Query) -> Result<()> {
        self.covered = true;
        let r = self.query(q);
        self.covered = false;
        r
    }

    /// Writes `WITH …` (with a trailing space) and returns how many names it put in
    /// scope; the caller pops them with [`Compiler::end_with`] after its body.
    pub(crate) fn with_clause(&mut self, ctes: &[Cte]) -> Result<usize> {
        if ctes.is_empty() {
            return Ok(0);
        }
        for cte in ctes {
            self.cte_scope.push(cte.clone());
        }
        self.push("WITH ");
        if ctes.iter().any(|c| c.def().recursive) {
            self.push("RECURSIVE ");
        }
        for (i, cte) in ctes.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            let def = cte.def();
            self.ident(&def.name)?;
            if !def.columns.is_empty() {
                self.push("(");
                self.ident_list(&def.columns)?;
                self.push(")");
            }
            self.push(" AS (");
            // A column list names the CTE's columns; its body's names go unused.
            let named = def.columns.is_empty();
            self.naming_columns(named, |c| c.uncorrelated(|c| c.covered_query(&def.query)))?;
            self.push(")");
        }
        self.push(" ");
        Ok(ctes.len())
    }

    pub(crate) fn end_with(&mut self, n: usize) {
        let keep = self.cte_scope.len() - n;
        self.cte_scope.truncate(keep);
    }

    fn select(&mut self, s: &Select) -> Result<()> {
        self.select_impl(s, false)
    }

    /// A SELECT whose missing WHERE is rendered `WHERE TRUE` (see `insert_select`).
    pub(crate) fn select_where_true(&mut self, s: &Select) -> Result<()> {
        self.select_impl(s, true)
    }

    fn select_impl(&mut self, s: &Select, where_true: bool) -> Result<()> {
        if let Some(err) = &s.error {
            return Err((**err).clone());
        }
        if s.columns.is_empty() {
            return Err(Error::invalid("SELECT needs at least one column"));
        }
        let ctes = if std::mem::take(&mut self.covered) {
            Vec::new()
        } else {
            self.collect_ctes(&s.ctes, &s.from, &[])?
        };
        let scoped = self.with_clause(&ctes)?;
        let r = self.select_body(s, where_true);
        self.end_with(scoped);
        r
    }

    fn select_body(&mut self, s: &Select, where_true: bool) -> Result<()> {
        self.in_scope(&s.from, None, false, |c| c.select_in_scope(s, where_true))
    }

    fn select_in_scope(&mut self, s: &Select, where_true: bool) -> Result<()> {
        let implied = self.implied_froms(s)?;
        self.push("SELECT ");
        match &s.distinct {
            Distinct::None => {}
            Distinct::All => self.push("DISTINCT "),
            Distinct::On(exprs) => {
                if !self.d.supports_distinct_on() {
                    return Err(self.d.unsupported("SELECT DISTINCT ON"));
                }
                self.push("DISTINCT ON (");
                self.requiring(|c| c.expr_list(exprs))?;
                self.push(") ");
            }
        }
        self.implying(|c| c.select_list(&s.columns))?;
        if !s.from.is_empty() || !implied.is_empty() {
            self.push(" FROM ");
            self.write_from_list(&s.from, &implied)?;
        } else if s.where_.is_some() {
            if let Some(dual) = self.d.tableless_where_table() {
                self.push(" FROM ");
                self.push(dual);
            }
        }
        if let Some(w) = &s.where_ {
            self.push(" WHERE ");
            self.implying(|c| c.expr(w))?;
        } else if where_true {
            self.push(" WHERE ");
            self.d.write_bool_literal(true, &mut self.sql);
        }
        if !s.group_by.is_empty() {
            self.push(" GROUP BY ");
            self.requiring(|c| c.group_by_list(&s.group_by, !s.order_by.is_empty()))?;
        }
        if let Some(h) = &s.having {
            self.push(" HAVING ");
            self.requiring(|c| c.expr(h))?;
        }
        if !s.order_by.is_empty() {
            self.push(" ORDER BY ");
            self.requiring(|c| c.order_by_list(&s.order_by, &s.columns))?;
        }
        self.limit_offset(s.limit.as_ref(), s.offset.as_ref())?;
        if let Some(lock) = &s.lock {
            self.d.write_lock(lock, &mut self.sql)?;
        }
        Ok(())
    }

    fn limit_offset(&mut self, limit: Option<&Expr>, offset: Option<&Expr>) -> Result<()> {
        match (limit, offset) {
            (None, None) => {}
            (Some(l), None) => {
                self.push(" LIMIT ");
                self.row_count(l)?;
            }
            (Some(l), Some(o)) => {
                self.push(" LIMIT ");
                self.row_count(l)?;
                self.push(" OFFSET ");
                self.row_count(o)?;
            }
            (None, Some(o)) => {
                match self.d.offset_only_style() {
                    OffsetOnlyStyle::Offset => {}
                    OffsetOnlyStyle::LimitLiteral(lit) => {
                        self.push(" LIMIT ");
                        self.push(lit);
                    }
                }
                self.push(" OFFSET ");
                self.row_count(o)?;
            }
        }
        Ok(())
    }

    /// A LIMIT or OFFSET operand, which some dialects restrict to a placeholder
    /// or a non-negative integer (see [`Dialect::limit_takes_expressions`]).
    fn row_count(&mut self, e: &Expr) -> Result<()> {
        if !self.d.limit_takes_expressions() {
            let writable = match e {
                Expr::Value(v) => {
                    self.mode != Mode::Literal || matches!(v, Value::Int(n) if *n >= 0)
                }
                // A named parameter is a placeholder; text is the caller's own SQL.
                Expr::Param(_) | Expr::Text(_) => true,
                _ => false,
            };
            if !writable {
                return Err(self.d.unsupported(
                    "LIMIT or OFFSET other than a bound value or a non-negative integer",
                ));
            }
        }
        self.expr(e)
    }

    fn compound(&mut self, k: &Compound) -> Result<()> {
        let all = if std::mem::take(&mut self.covered) {
            Vec::new()
        } else {
            let mut members: Vec<&Query> = vec![&k.first];
            members.extend(k.rest.iter().map(|(_, q)| q));
            self.collect_ctes(&k.ctes, &[], &members)?
        };
        let scoped = self.with_clause(&all)?;
        let r = self.compound_body(k);
        self.end_with(scoped);
        r
    }

    fn compound_body(&mut self, k: &Compound) -> Result<()> {
        // Members of different widths: every engine refuses the SQL.
        if let Some(first) = k.first.width() {
            let other = k
                .rest
                .iter()
                .find_map(|(_, q)| q.width().filter(|w| *w != first));
            if let Some(other) = other {
                return Err(Error::InvalidStatement(
                    format!(
                        "the members of a set operation must return as many columns as each \
                         other: {first} and {other}"
                    )
                    .into(),
                ));
            }
        }
        let where_true_tail = std::mem::take(&mut self.where_true_tail)
            && k.order_by.is_empty()
            && k.limit.is_none()
            && k.offset.is_none();
        // The tree means left to right: `a.union(b).intersect(c)` is (a ∪ b) ∩ c.
        // PostgreSQL and MySQL bind INTERSECT tighter than UNION and EXCEPT, so
        // where an INTERSECT follows either, the part before it is grouped; SQLite
        // (no parentheses allowed) reads a flat chain left to right already.
        let is_intersect = |op: &SetOp| matches!(op, SetOp::Intersect | SetOp::IntersectAll);
        let group_before: Vec<bool> =
            if self.d.compound_member_style() == CompoundMemberStyle::Parenthesize {
                k.rest
                    .iter()
                    .enumerate()
                    .map(|(i, (op, _))| {
                        is_intersect(op) && k.rest[..i].iter().any(|(o, _)| !is_intersect(o))
                    })
                    .collect()
            } else {
                vec![false; k.rest.len()]
            };
        for _ in group_before.iter().filter(|g| **g) {
            self.push("(");
        }
        self.compound_member(&k.first)?;
        for (i, (op, q)) in k.rest.iter().enumerate() {
            if !self.d.supports_set_op(*op) {
                return Err(Error::unsupported(self.d.name(), op.keyword()));
            }
            if group_before[i] {
                self.push(")");
            }
            self.push(" ");
            self.push(op.keyword());
            self.push(" ");
            match q {
                // A grouped member ends in `)` and needs no help.
                Query::Select(s)
                    if where_true_tail
                        && i + 1 == k.rest.len()
                        && s.where_.is_none()
                        && s.order_by.is_empty()
                        && s.limit.is_none()
                        && s.offset.is_none()
                        && s.lock.is_none()
                        && s.ctes.is_empty() =>
                {
                    self.covered = true;
                    let r = self.nested(|c| c.select_where_true(s));
                    self.covered = false;
                    r?;
                }
                q => {
                    self.compound_member(q)?;
                    // A member wrapped as `SELECT * FROM (…) AS anon` ends in a
                    // FROM clause too, where ON CONFLICT would read as a join's ON.
                    if where_true_tail
                        && i + 1 == k.rest.len()
                        && self.d.compound_member_style() == CompoundMemberStyle::Subquery
                        && member_is_grouped(q)
                    {
                        self.push(" WHERE ");
                        self.d.write_bool_literal(true, &mut self.sql);
                    }
                }
            }
        }
        if !k.order_by.is_empty() {
            self.push(" ORDER BY ");
            let columns = result_columns(&k.first);
            // The first member's columns are named as its list is labelled here.
            let labels = columns
                .filter(|_| self.label_unnamed)
                .and_then(super::labels::result_labels);
            let result = columns.map(|columns| super::expr::ResultColumns {
                columns,
                labels: labels.as_deref(),
            });
            self.order_by_terms(
                &k.order_by,
                &[],
                result,
                self.d.compound_order_by_position(),
            )?;
        }
        self.limit_offset(k.limit.as_ref(), k.offset.as_ref())
    }

    /// `SELECT * FROM (…) AS anon_N` around what `inner` writes: how a dialect
    /// takes a query where it refuses one as written (a grouped set-operation
    /// member on SQLite, a LIMIT under IN on MySQL).
    pub(crate) fn select_star_from(
        &mut self,
        inner: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let alias = self.next_anon_alias();
        self.push("SELECT * FROM (");
        self.naming_columns(true, inner)?;
        self.push(") AS ");
        self.ident(&alias)
    }

    /// Rows of values as a table, in the dialect's [`ValuesStyle`].
    fn values_table(&mut self, v: &ValuesDef) -> Result<()> {
        let width = v.columns.len();
        if width == 0 || v.rows.is_empty() {
            return Err(Error::invalid(format!(
                "values {:?} needs at least one column and one row",
                &*v.alias
            )));
        }
        if let Some(row) = v.rows.iter().find(|r| r.len() != width) {
            return Err(Error::invalid(format!(
                "values {:?}: a row of {} values for {width} columns",
                &*v.alias,
                row.len()
            )));
        }
        match self.d.values_style() {
            ValuesStyle::ColumnAliases => {
                self.push("(VALUES ");
                self.values_rows(&v.rows)?;
                self.push(") AS ");
                self.ident(&v.alias)?;
                self.push(" (");
                self.ident_list(&v.columns)?;
                self.push(")");
            }
            ValuesStyle::SelectFromValues => {
                self.push("(SELECT ");
                for (i, name) in v.columns.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    // The names SQLite gives a VALUES list's columns, quoted
                    // as the dialect quotes (a third-party dialect may pick
                    // this style).
                    self.ident(&format!("column{}", i + 1))?;
                    self.push(" AS ");
                    self.ident(name)?;
                }
                self.push(" FROM (VALUES ");
                self.values_rows(&v.rows)?;
                self.push(")) AS ");
                self.ident(&v.alias)?;
            }
            ValuesStyle::UnionAll => {
                self.push("(");
                for (r, row) in v.rows.iter().enumerate() {
                    self.push(if r == 0 {
                        "SELECT "
                    } else {
                        " UNION ALL SELECT "
                    });
                    for (i, e) in row.iter().enumerate() {
                        if i > 0 {
                            self.push(", ");
                        }
                        self.untyped_position(e)?;
                        if r == 0 {
                            self.push(" AS ");
                            self.ident(&v.columns[i])?;
                        }
                    }
                }
                self.push(") AS ");
                self.ident(&v.alias)?;
            }
        }
        Ok(())
    }

    /// `(…), (…)`: each value where nothing types it, as in a select list.
    fn values_rows(&mut self, rows: &[Vec<Expr>]) -> Result<()> {
        for (r, row) in rows.iter().enumerate() {
            self.push(if r == 0 { "(" } else { ", (" });
            for (i, e) in row.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.untyped_position(e)?;
            }
            self.push(")");
        }
        Ok(())
    }

    fn compound_member(&mut self, q: &Query) -> Result<()> {
        let grouped = member_is_grouped(q);
        if !grouped {
            return self.covered_query(q);
        }
        match self.d.compound_member_style() {
            CompoundMemberStyle::Parenthesize => {
                self.push("(");
                self.covered_query(q)?;
                self.push(")");
            }
            CompoundMemberStyle::Subquery => self.select_star_from(|c| c.covered_query(q))?,
        }
        Ok(())
    }

    pub(crate) fn write_from_item(&mut self, item: &FromItem) -> Result<()> {
        match item {
            FromItem::Table(t) => {
                self.table_name(t)?;
                if let Some(alias) = &t.alias {
                    self.push(" AS ");
                    self.ident(alias)?;
                }
                Ok(())
            }
            FromItem::Subquery(s) => {
                if s.lateral {
                    if !self.d.supports_lateral() {
                        return Err(self.d.unsupported("LATERAL"));
                    }
                    self.push("LATERAL ");
                }
                self.push("(");
                // Only a LATERAL derived table sees the statement around it.
                self.naming_columns(true, |c| {
                    c.in_scope(&[], None, !s.lateral, |c| c.covered_query(&s.query))
                })?;
                self.push(") AS ");
                self.ident(&s.alias)
            }
            FromItem::Cte(c) => self.ident(&c.def().name),
            FromItem::Values(v) => self.nested(|c| c.values_table(v.def())),
            FromItem::Join(j) => self.nested(|c| {
                c.write_from_item(&j.left)?;
                if !c.d.supports_join(j.kind) {
                    return Err(c.d.unsupported(match j.kind {
                        JoinKind::Inner => "JOIN",
                        JoinKind::Left => "LEFT OUTER JOIN",
                        JoinKind::Right => "RIGHT OUTER JOIN",
                        JoinKind::Full => "FULL OUTER JOIN",
                        JoinKind::Cross => "CROSS JOIN",
                    }));
                }
                c.push(match j.kind {
                    JoinKind::Inner => " JOIN ",
                    JoinKind::Left => " LEFT OUTER JOIN ",
                    JoinKind::Right => " RIGHT OUTER JOIN ",
                    JoinKind::Full => " FULL OUTER JOIN ",
                    JoinKind::Cross => " CROSS JOIN ",
                });
                // A join on the right needs grouping: `a JOIN (b JOIN c ON …) ON …`.
                let group = matches!(j.right, FromItem::Join(_));
                if group {
                    c.push("(");
                }
                c.write_from_item(&j.right)?;
                if group {
                    c.push(")");
                }
                match (&j.on, j.kind) {
                    (Some(on), JoinKind::Cross) => {
                        let _ = on;
                        Err(Error::invalid("a CROSS JOIN takes no ON condition"))
                    }
                    (Some(on), _) => {
                        c.push(" ON ");
                        c.expr(on)
                    }
                    (None, JoinKind::Cross) => Ok(()),
                    (None, _) => Err(Error::invalid("a JOIN needs an ON condition")),
                }
            }),
        }
    }
}

impl Compile for Select {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.nested(|c| c.select(self))
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), Uncacheable> {
        // Same key as the `Query::Select` wrapping it: both compile the same way.
        w.tag_statement(1);
        let walk = w.select(self);
        w.outcome(walk)
    }
    fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
        Some(&self.memo)
    }
}

impl Compile for Compound {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.nested(|c| c.compound(self))
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), Uncacheable> {
        w.tag_statement(2);
        let walk = w.compound(self);
        w.outcome(walk)
    }
    fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
        Some(&self.memo)
    }
}

impl Compile for Query {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.query(self)
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), Uncacheable> {
        match self {
            Query::Select(s) => s.write_cache_key(w),
            Query::Compound(k) => k.write_cache_key(w),
            Query::Text(_) => Err(Uncacheable::Construct("text()")),
        }
    }
}

/// A query's result columns, in order, or `None` when a `*` leaves the
/// positions unknown.
fn result_columns(q: &Query) -> Option<&[Expr]> {
    match q {
        Query::Select(s) => {
            let columns: &[Expr] = &s.columns;
            (!columns.iter().any(|c| matches!(c, Expr::Star(_)))).then_some(columns)
        }
        Query::Compound(c) => result_columns(&c.first),
        Query::Text(_) => None,
    }
}

/// Whether a set-operation member needs grouping: its own ORDER BY, LIMIT,
/// OFFSET, lock or WITH, or a nested set operation.
fn member_is_grouped(q: &Query) -> bool {
    match q {
        Query::Compound(_) | Query::Text(_) => true,
        Query::Select(s) => {
            !s.order_by.is_empty()
                || s.limit.is_some()
                || s.offset.is_some()
                || s.lock.is_some()
                || !s.ctes.is_empty()
        }
    }
}
