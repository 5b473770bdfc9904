//! INSERT, UPDATE, DELETE and text().

use super::{Compile, Compiler};
use crate::cache::{KeyWriter, Uncacheable};
use crate::dialect::{
    DeleteUsingStyle, Dialect, DmlKind, EmptyInsertStyle, UpdateFromStyle, UpsertStyle,
};
use crate::error::{Error, Result};
use crate::expr::{Expr, Ident};
use crate::query::{
    ConflictAction, ConflictTarget, Delete, Insert, InsertSource, OnConflict, Query, TableRef,
    TextClause, Update,
};
use crate::schema::{ClientDefault, OnUpdate, Table};
use std::borrow::Cow;

impl<D: Dialect + ?Sized> Compiler<'_, D> {
    fn check_column(def: &Table, name: &str) -> Result<()> {
        def.resolve(name).map(|_| ())
    }

    /// A column an INSERT or UPDATE sets: it exists, and is not computed.
    fn check_settable(def: &Table, name: &str) -> Result<()> {
        Self::check_column(def, name)?;
        if def.column(name).is_some_and(|c| c.computed.is_some()) {
            return Err(Error::invalid(format!(
                "column {name:?} of {:?} is computed by the database: INSERT and UPDATE cannot set it",
                def.name()
            )));
        }
        Ok(())
    }

    fn returning(&mut self, kind: DmlKind, items: &[Expr]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        if !self.d.supports_returning(kind) {
            return Err(self.d.unsupported(match kind {
                DmlKind::Insert => "INSERT … RETURNING",
                DmlKind::Update => "UPDATE … RETURNING",
                DmlKind::Delete => "DELETE … RETURNING",
            }));
        }
        self.push(" RETURNING ");
        self.requiring(|c| c.select_list(items))
    }

    fn assignments(
        &mut self,
        def: &Table,
        sets: &[(Ident, Expr)],
        qualify: Option<&TableRef>,
    ) -> Result<()> {
        for (i, (col, val)) in sets.iter().enumerate() {
            Self::check_settable(def, col)?;
            if i > 0 {
                self.push(", ");
            }
            if let Some(t) = qualify {
                self.table_name(t)?;
                self.push(".");
            }
            self.ident(col)?;
            self.push(" = ");
            self.expr(val)?;
        }
        Ok(())
    }

    fn insert(&mut self, ins: &Insert) -> Result<()> {
        if let Some(err) = &ins.error {
            return Err((**err).clone());
        }
        // An INSERT … SELECT declares its CTEs inside, before the SELECT: the one
        // place every engine accepts them (MySQL and MariaDB refuse WITH … INSERT).
        if matches!(ins.source, InsertSource::Select(_)) || ins.ctes.is_empty() {
            return self.insert_body(ins);
        }
        let ctes = self.collect_ctes(&ins.ctes, &[], &[])?;
        self.dml_with(DmlKind::Insert, &ctes, |c| c.insert_body(ins))
    }

    /// `WITH … <statement>` for a DML statement, where the dialect allows it.
    fn dml_with(
        &mut self,
        kind: DmlKind,
        ctes: &[crate::query::Cte],
        body: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        if !ctes.is_empty() && !self.d.supports_dml_cte(kind) {
            return Err(self.d.unsupported(match kind {
                DmlKind::Insert => "WITH … INSERT … VALUES",
                DmlKind::Update => "WITH … UPDATE",
                DmlKind::Delete => "WITH … DELETE",
            }));
        }
        let scoped = self.with_clause(ctes)?;
        let r = body(self);
        self.end_with(scoped);
        r
    }

    fn insert_body(&mut self, ins: &Insert) -> Result<()> {
        let mut seen: Vec<&Ident> = Vec::with_capacity(ins.columns.len());
        for col in &ins.columns {
            Self::check_settable(&ins.def, col)?;
            if seen.contains(&col) {
                return Err(Error::InvalidStatement(
                    format!("INSERT names column {col:?} twice").into(),
                ));
            }
            seen.push(col);
        }
        // Columns with a client-side default that the statement leaves out.
        let defaults: Vec<_> = match &ins.source {
            InsertSource::Select(_) => Vec::new(),
            _ => ins
                .def
                .columns()
                .iter()
                .filter(|c| c.default.is_some() && !ins.columns.contains(&c.name))
                .collect(),
        };
        self.push("INSERT INTO ");
        self.table_name(&ins.table)?;
        let rows: Cow<'_, [Vec<Expr>]> = match &ins.source {
            InsertSource::Values(rows) => Cow::Borrowed(rows.as_slice()),
            InsertSource::DefaultValues => Cow::Owned(Vec::new()),
            InsertSource::Select(_) => Cow::Owned(Vec::new()),
        };
        match &ins.source {
            InsertSource::Select(q) => {
                if ins.columns.is_empty() {
                    return Err(Error::invalid("INSERT … SELECT needs a column list"));
                }
                if let Some(width) = q.width().filter(|w| *w != ins.columns.len()) {
                    return Err(Error::InvalidStatement(
                        format!(
                            "INSERT … SELECT names {} columns and its SELECT returns {width}",
                            ins.columns.len()
                        )
                        .into(),
                    ));
                }
                self.push(" (");
                self.ident_list(&ins.columns)?;
                self.push(") ");
                let ctes = self.collect_ctes(&ins.ctes, &[], &[q])?;
                let scoped = self.with_clause(&ctes)?;
                // The INSERT's column list names the values: the SELECT's own
                // result names would go unused.
                let upsert = ins.on_conflict.is_some();
                let r = self.naming_columns(false, |c| c.insert_select(q, upsert));
                self.end_with(scoped);
                r?;
            }
            _ if ins.columns.is_empty() && defaults.is_empty() => {
                if rows.len() > 1 || rows.iter().any(|r| !r.is_empty()) {
                    return Err(Error::invalid("INSERT rows have values but no columns"));
                }
                if ins.on_conflict.is_some() && !self.d.supports_upsert_on_default_values() {
                    return Err(self.d.unsupported("an upsert on INSERT … DEFAULT VALUES"));
                }
                match self.d.empty_insert_style() {
                    EmptyInsertStyle::DefaultValues => self.push(" DEFAULT VALUES"),
                    EmptyInsertStyle::EmptyValues => self.push(" () VALUES ()"),
                }
            }
            _ => {
                let width = ins.columns.len();
                if width > 0 && rows.is_empty() {
                    return Err(Error::invalid("INSERT has columns but no rows"));
                }
                self.push(" (");
                self.ident_list(&ins.columns)?;
                for (i, c) in defaults.iter().enumerate() {
                    if i > 0 || width > 0 {
                        self.push(", ");
                    }
                    self.ident(&c.name)?;
                }
                self.push(") VALUES ");
                let row_count = rows.len().max(1);
                for r in 0..row_count {
                    let row: &[Expr] = rows.get(r).map_or(&[], Vec::as_slice);
                    if row.len() != width {
                        return Err(Error::InvalidStatement(
                            format!(
                                "INSERT row {} has {} values for {} columns",
                                r + 1,
                                row.len(),
                                width
                            )
                            .into(),
                        ));
                    }
                    if r > 0 {
                        self.push(", ");
                    }
                    self.push("(");
                    self.expr_list(row)?;
                    for (i, c) in defaults.iter().enumerate() {
                        if i > 0 || width > 0 {
                            self.push(", ");
                        }
                        match &c.default {
                            Some(ClientDefault::Value(v)) => self.value(v)?,
                            Some(ClientDefault::Fn(f)) => self.generated(f)?,
                            None => {}
                        }
                    }
                    self.push(")");
                }
            }
        }
        // The target is in scope for subqueries of the upsert and of RETURNING
        // (not for the rows or the SELECT inserted, which cannot see it).
        self.in_scope(&[], Some(&ins.table), false, |c| c.insert_tail(ins))
    }

    fn insert_tail(&mut self, ins: &Insert) -> Result<()> {
        if let Some(oc) = &ins.on_conflict {
            self.upsert_table = Some(ins.def.clone());
            // Only VALUES rows can take a row alias (not an INSERT … SELECT), and
            // only an update reads the proposed row.
            self.row_alias = matches!(&ins.source, InsertSource::Values(rows) if !rows.is_empty())
                && matches!(oc.action, ConflictAction::DoUpdate { .. })
                && self.d.upsert_row_alias().is_some();
            let r = self.on_conflict(ins, oc);
            self.upsert_table = None;
            self.row_alias = false;
            r?;
        }
        self.returning(DmlKind::Insert, &ins.returning)
    }

    /// The SELECT of an INSERT … SELECT. With an upsert, SQLite cannot tell where
    /// a WHERE-less SELECT's join ends and ON CONFLICT begins, so a `WHERE TRUE` is
    /// added, which every engine accepts.
    fn insert_select(&mut self, q: &Query, upsert: bool) -> Result<()> {
        self.covered = true;
        let r = match q {
            Query::Select(s) if upsert && s.where_.is_none() => {
                self.nested(|c| c.select_where_true(s))
            }
            Query::Compound(_) if upsert => {
                // The last member is what ON CONFLICT follows.
                self.where_true_tail = true;
                self.query(q)
            }
            // The text's own end is unknown: it goes in a derived table that
            // gets the WHERE.
            Query::Text(_) if upsert => {
                self.push("SELECT * FROM (");
                self.query(q)?;
                self.push(") AS ");
                self.ident("anon_text")?;
                self.push(" WHERE ");
                self.d.write_bool_literal(true, &mut self.sql);
                Ok(())
            }
            q => self.query(q),
        };
        self.covered = false;
        self.where_true_tail = false;
        r
    }

    fn on_conflict(&mut self, ins: &Insert, oc: &OnConflict) -> Result<()> {
        match self.d.upsert_style() {
            UpsertStyle::Unsupported => Err(self.d.unsupported("upsert")),
            UpsertStyle::OnConflict => {
                self.push(" ON CONFLICT");
                match &oc.target {
                    ConflictTarget::Any => {
                        if matches!(oc.action, ConflictAction::DoUpdate { .. })
                            && !self.d.supports_untargeted_do_update()
                        {
                            return Err(self
                                .d
                                .unsupported("ON CONFLICT DO UPDATE without a conflict target"));
                        }
                    }
                    ConflictTarget::Columns(cols) => {
                        for col in cols {
                            Self::check_column(&ins.def, col)?;
                        }
                        self.push(" (");
                        self.ident_list(cols)?;
                        self.push(")");
                    }
                    ConflictTarget::Constraint(name) => {
                        if !self.d.supports_conflict_on_constraint() {
                            return Err(self.d.unsupported("ON CONFLICT ON CONSTRAINT"));
                        }
                        self.push(" ON CONSTRAINT ");
                        self.ident(name)?;
                    }
                }
                match &oc.action {
                    ConflictAction::DoNothing => {
                        self.push(" DO NOTHING");
                        Ok(())
                    }
                    ConflictAction::DoUpdate { sets, where_ } => {
                        if sets.is_empty() {
                            return Err(Error::invalid("DO UPDATE needs at least one assignment"));
                        }
                        self.push(" DO UPDATE SET ");
                        self.assignments(&ins.def, sets, None)?;
                        if let Some(w) = where_ {
                            self.push(" WHERE ");
                            self.expr(w)?;
                        }
                        Ok(())
                    }
                }
            }
            UpsertStyle::OnDuplicateKey => {
                // The target cannot be written here, but a wrong one is still wrong.
                if let ConflictTarget::Columns(cols) = &oc.target {
                    for col in cols {
                        Self::check_column(&ins.def, col)?;
                    }
                }
                if self.row_alias {
                    if let Some(alias) = self.d.upsert_row_alias() {
                        self.push(" AS ");
                        self.ident(alias)?;
                    }
                }
                self.push(" ON DUPLICATE KEY UPDATE ");
                match &oc.action {
                    ConflictAction::DoNothing => {
                        // No "do nothing" exists: assigning a column to itself changes
                        // nothing and, unlike INSERT IGNORE, hides no other error.
                        let col = ins.columns.first().ok_or_else(|| {
                            self.d
                                .unsupported("DO NOTHING on an INSERT without columns")
                        })?;
                        // Qualified: in INSERT … SELECT a bare name could also be
                        // the SELECT's column (MySQL error 1052).
                        self.table_name(&ins.table)?;
                        self.push(".");
                        self.ident(col)?;
                        self.push(" = ");
                        self.table_name(&ins.table)?;
                        self.push(".");
                        self.ident(col)
                    }
                    ConflictAction::DoUpdate { sets, where_ } => {
                        if where_.is_some() {
                            return Err(self.d.unsupported("a WHERE on the upsert's update"));
                        }
                        if sets.is_empty() {
                            return Err(Error::invalid("DO UPDATE needs at least one assignment"));
                        }
                        self.assignments(&ins.def, sets, None)
                    }
                }
            }
        }
    }

    fn update(&mut self, up: &Update) -> Result<()> {
        let ctes = self.collect_ctes(&up.ctes, &up.from, &[])?;
        // The target and the FROM items are in scope for subqueries.
        self.in_scope(&up.from, Some(&up.table), false, |c| {
            c.dml_with(DmlKind::Update, &ctes, |c| c.update_body(up))
        })
    }

    fn update_body(&mut self, up: &Update) -> Result<()> {
        if up.sets.is_empty() {
            return Err(Error::invalid("UPDATE needs at least one SET assignment"));
        }
        // Tables the WHERE clause uses that nothing names join the FROM items,
        // as in SQLAlchemy: without them the SQL would name a table it lacks.
        let implied = self.implied_by_where(up.where_.as_ref())?;
        self.push("UPDATE ");
        self.table_name(&up.table)?;
        let multi = !up.from.is_empty() || !implied.is_empty();
        let style = self.d.update_from_style();
        if multi {
            match style {
                UpdateFromStyle::Unsupported => return Err(self.d.unsupported("UPDATE … FROM")),
                UpdateFromStyle::MultiTable => {
                    self.push(", ");
                    self.write_from_list(&up.from, &implied)?;
                }
                UpdateFromStyle::From => {}
            }
        }
        self.push(" SET ");
        let qualify = (multi && style == UpdateFromStyle::MultiTable).then_some(&up.table);
        self.requiring(|c| c.assignments(&up.def, &up.sets, qualify))?;
        for col in up.def.columns() {
            let Some(on) = &col.onupdate else { continue };
            if up.sets.iter().any(|(name, _)| *name == col.name) {
                continue;
            }
            self.push(", ");
            if let Some(t) = qualify {
                self.table_name(t)?;
                self.push(".");
            }
            self.ident(&col.name)?;
            self.push(" = ");
            match on {
                OnUpdate::Expr(e) => self.expr(e)?,
                OnUpdate::Fn(f) => self.generated(f)?,
            }
        }
        if multi && style == UpdateFromStyle::From {
            self.push(" FROM ");
            self.write_from_list(&up.from, &implied)?;
        }
        if let Some(w) = &up.where_ {
            self.push(" WHERE ");
            self.implying(|c| c.expr(w))?;
        }
        if multi && style == UpdateFromStyle::MultiTable && !up.returning.is_empty() {
            return Err(self.d.unsupported("RETURNING on a multi-table UPDATE"));
        }
        self.returning(DmlKind::Update, &up.returning)
    }

    fn delete(&mut self, del: &Delete) -> Result<()> {
        let ctes = self.collect_ctes(&del.ctes, &del.using, &[])?;
        // The target and the USING items are in scope for subqueries.
        self.in_scope(&del.using, Some(&del.table), false, |c| {
            c.dml_with(DmlKind::Delete, &ctes, |c| c.delete_body(del))
        })
    }

    fn delete_body(&mut self, del: &Delete) -> Result<()> {
        // As UPDATE's FROM: tables the WHERE clause uses that nothing names.
        let implied = self.implied_by_where(del.where_.as_ref())?;
        self.push("DELETE FROM ");
        self.table_name(&del.table)?;
        let style = self.d.delete_using_style();
        if del.using.is_empty() && implied.is_empty() {
            if let Some(w) = &del.where_ {
                self.push(" WHERE ");
                self.implying(|c| c.expr(w))?;
            }
            return self.returning(DmlKind::Delete, &del.returning);
        }
        match style {
            DeleteUsingStyle::Using | DeleteUsingStyle::MultiTableUsing => {
                self.push(" USING ");
                if style == DeleteUsingStyle::MultiTableUsing {
                    self.table_name(&del.table)?;
                    self.push(", ");
                }
                self.write_from_list(&del.using, &implied)?;
                if let Some(w) = &del.where_ {
                    self.push(" WHERE ");
                    self.implying(|c| c.expr(w))?;
                }
                if style == DeleteUsingStyle::MultiTableUsing && !del.returning.is_empty() {
                    return Err(self.d.unsupported("RETURNING on a multi-table DELETE"));
                }
            }
            DeleteUsingStyle::Exists => {
                // The condition refers to the target's columns, so the correlated
                // EXISTS selects exactly the rows DELETE … USING would delete.
                self.push(" WHERE EXISTS (SELECT 1 FROM ");
                self.write_from_list(&del.using, &implied)?;
                if let Some(w) = &del.where_ {
                    self.push(" WHERE ");
                    self.implying(|c| c.expr(w))?;
                }
                self.push(")");
            }
        }
        self.returning(DmlKind::Delete, &del.returning)
    }
}

impl Compile for Insert {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.nested(|c| c.insert(self))
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), Uncacheable> {
        w.tag_statement(3);
        let walk = w.insert(self);
        w.outcome(walk)
    }
    fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
        Some(&self.memo)
    }
    fn values_row_repeated(&self, rows: usize) -> Option<Insert> {
        match &self.source {
            InsertSource::Values(one) if one.len() == 1 && self.error.is_none() => {
                let mut page = self.clone();
                page.source = InsertSource::Values(vec![one[0].clone(); rows]);
                Some(page)
            }
            _ => None,
        }
    }
}

impl Compile for Update {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.nested(|c| c.update(self))
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), Uncacheable> {
        w.tag_statement(4);
        let walk = w.update(self);
        w.outcome(walk)
    }
    fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
        Some(&self.memo)
    }
}

impl Compile for Delete {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.nested(|c| c.delete(self))
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        w: &mut KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), Uncacheable> {
        w.tag_statement(5);
        let walk = w.delete(self);
        w.outcome(walk)
    }
    fn key_memo(&self) -> Option<&crate::cache::KeyMemo> {
        Some(&self.memo)
    }
}

impl Compile for TextClause {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.text(self, false)
    }
}

impl Compile for crate::query::TextualSelect {
    fn compile_into<D: Dialect + ?Sized>(&self, c: &mut Compiler<'_, D>) -> Result<()> {
        c.text(&self.text, false)
    }
    fn write_cache_key<'a, const KEY: bool>(
        &'a self,
        _: &mut crate::cache::KeyWriter<'a, KEY>,
    ) -> std::result::Result<(), crate::cache::Uncacheable> {
        Err(crate::cache::Uncacheable::Construct("text()"))
    }
}
