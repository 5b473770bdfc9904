//! Expressions.

use super::{labels, Compiler, Param};
use crate::dialect::{
    AggregateStringsStyle, ConcatStyle, Dialect, DistinctFromStyle, ExtractStyle, FunctionOverride,
    GroupingSetsStyle, IlikeStyle, JsonStyle, NullsOrderStyle, RegexpStyle, SequenceStyle,
    UpsertStyle, WithinGroupStyle,
};
use crate::error::{Error, Result};
use crate::expr::{
    AggregateStrings, DatePart, Function, GroupingSets, JsonAs, JsonExtract, JsonStep,
    RegexpReplace, WithinGroup,
};
use crate::expr::{
    BinaryOp, ColumnRef, Direction, Expr, FrameBound, FrameUnits, Nulls, OrderBy, UnaryOp,
    WindowSpec,
};
use crate::query::{Query, TextClause};

use crate::expr::ops_precedence::{custom_operator_problem, Precedence};

/// Functions whose result type is their arguments' type.
const POLYMORPHIC: &[&str] = &[
    "sum", "avg", "min", "max", "coalesce", "abs", "nullif", "greatest", "least",
];

/// The longest AND/OR list rendered flat; longer ones are grouped.
const JUNCTION_GROUP: usize = 64;

/// Whether a child of precedence `child` under `parent` needs parentheses.
fn needs_parens(child: Precedence, parent: Precedence, right: bool) -> bool {
    if child == Precedence::Atom {
        return false;
    }
    if child == Precedence::Bitwise || parent == Precedence::Bitwise {
        // Engines rank bitwise and custom operators differently among themselves
        // and against arithmetic, so they are always grouped.
        return true;
    }
    if child == Precedence::Concat || parent == Precedence::Concat {
        // Engines rank `||` differently against arithmetic and comparison, so it is
        // always grouped against anything but its own left-leaning chain.
        return !(child == Precedence::Concat && parent == Precedence::Concat && !right);
    }
    match child.cmp(&parent) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => {
            right || parent <= Precedence::Comparison && parent >= Precedence::Not
        }
        std::cmp::Ordering::Greater => false,
    }
}

/// Whether both operands of an infix operator are bare values: neither gives
/// the other a type (PostgreSQL: "operator is not unique: unknown + unknown").
fn both_values(left: &Expr, right: &Expr) -> bool {
    matches!((left, right), (Expr::Value(_), Expr::Value(_)))
}

/// Regular-expression flags are written into the SQL as they are: letters only.
fn check_regexp_flags(flags: &str) -> Result<()> {
    if flags.len() > 16 || !flags.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Error::invalid(format!(
            "regular-expression flags {flags:?}: flags are up to 16 ASCII letters"
        )));
    }
    Ok(())
}

/// Whether evaluating `e` twice in one row gives the same value twice: columns,
/// values, parameters and the built-in arithmetic and bitwise operators on them.
/// Iterative, so a deep operand cannot exhaust the stack before the compiler's
/// depth limit reports it.
fn evaluates_alike(e: &Expr) -> bool {
    let mut pending = vec![e];
    while let Some(e) = pending.pop() {
        match e {
            Expr::Column(_) | Expr::Value(_) | Expr::Param(_) | Expr::Null | Expr::Bool(_) => {}
            Expr::Unary(UnaryOp::Neg | UnaryOp::BitNot, inner) | Expr::Cast(inner, _) => {
                pending.push(inner)
            }
            Expr::Binary(b) if !matches!(b.op, BinaryOp::Custom(_)) => {
                pending.push(&b.left);
                pending.push(&b.right);
            }
            _ => return false,
        }
    }
    true
}

impl<D: Dialect + ?Sized> Compiler<'_, D> {
    fn precedence(&self, e: &Expr) -> Precedence {
        match e {
            Expr::Or(_) => Precedence::Or,
            Expr::And(_) => Precedence::And,
            Expr::Unary(UnaryOp::Not, _) => Precedence::Not,
            Expr::Unary(UnaryOp::Neg | UnaryOp::BitNot, _) => Precedence::Unary,
            Expr::Exists { negated: true, .. } => Precedence::Not,
            Expr::Binary(b) => match b.op {
                BinaryOp::Concat if self.d.concat_style() == ConcatStyle::Function => {
                    Precedence::Atom
                }
                BinaryOp::IsDistinctFrom
                    if self.d.distinct_from_style() == DistinctFromStyle::NullSafeEqual =>
                {
                    Precedence::Not
                }
                // The emulation is written in parentheses of its own.
                BinaryOp::BitXor if self.d.bitwise_xor_operator().is_none() => Precedence::Atom,
                // REGEXP_LIKE(a, p, 'flags').
                BinaryOp::RegexpMatch(flags)
                    if !flags.is_empty() && self.d.regexp_style() == RegexpStyle::RegexpLike =>
                {
                    Precedence::Atom
                }
                op => op.precedence(),
            },
            Expr::Like(_)
            | Expr::InList { .. }
            | Expr::InSubquery { .. }
            | Expr::Between(_)
            | Expr::IsNull { .. } => Precedence::Comparison,
            Expr::Label(inner, _) => self.precedence(inner),
            Expr::Text(_) => Precedence::Or,
            Expr::Distinct(_) | Expr::Collate(..) => Precedence::Unary,
            _ => Precedence::Atom,
        }
    }

    /// Writes `e` where no operator surrounds it (a list item, an argument, a clause).
    pub(crate) fn expr(&mut self, e: &Expr) -> Result<()> {
        self.nested(|c| c.expr_inner(e))
    }

    /// Writes `e` as an operand of an operator of precedence `parent`.
    fn operand(&mut self, e: &Expr, parent: Precedence, right: bool) -> Result<()> {
        if needs_parens(self.precedence(e), parent, right) {
            self.push("(");
            self.expr(e)?;
            self.push(")");
            Ok(())
        } else {
            self.expr(e)
        }
    }

    pub(crate) fn column_ref(&mut self, col: &ColumnRef) -> Result<()> {
        let parts = col.parts();
        self.note_column_scope(&parts);
        if let Some((schema, table)) = parts.qualifier {
            self.qualifier(schema, table)?;
            self.push(".");
        }
        self.ident(parts.name)
    }

    /// What qualifies a column or a `*`: its schema only where the dialect
    /// takes one there.
    fn qualifier(&mut self, schema: Option<&str>, table: &str) -> Result<()> {
        let schema = schema.filter(|_| self.d.schema_in_column_qualifier());
        self.qualified_name(schema, table)
    }

    pub(crate) fn expr_list(&mut self, items: &[Expr]) -> Result<()> {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.expr(e)?;
        }
        Ok(())
    }

    /// A GROUP BY list, with ROLLUP, CUBE and GROUPING SETS as the dialect
    /// writes them.
    pub(crate) fn group_by_list(&mut self, items: &[Expr], has_order_by: bool) -> Result<()> {
        let Some(first_set) = items.iter().find_map(|e| match e {
            Expr::GroupingSets(g) => Some(&**g),
            _ => None,
        }) else {
            return self.expr_list(items);
        };
        match self.d.grouping_sets_style() {
            GroupingSetsStyle::Standard => {
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    match e {
                        Expr::GroupingSets(g) => self.grouping_sets(g)?,
                        e => self.expr(e)?,
                    }
                }
                Ok(())
            }
            GroupingSetsStyle::WithRollup { order_by } => match (items, first_set) {
                // WITH ROLLUP rolls up the whole list, so only a ROLLUP that is
                // the whole GROUP BY means the same.
                ([_], GroupingSets::Rollup(exprs)) => {
                    if has_order_by && !order_by {
                        return Err(self
                            .d
                            .unsupported("ORDER BY in a SELECT with GROUP BY ROLLUP"));
                    }
                    check_grouping_list(exprs, "ROLLUP")?;
                    self.expr_list(exprs)?;
                    self.push(" WITH ROLLUP");
                    Ok(())
                }
                (_, GroupingSets::Rollup(_)) => Err(self
                    .d
                    .unsupported("GROUP BY ROLLUP beside other GROUP BY items")),
                (_, g) => Err(self.d.unsupported(grouping_sets_construct(g))),
            },
            _ => Err(self.d.unsupported(grouping_sets_construct(first_set))),
        }
    }

    /// `f(args) WITHIN GROUP (ORDER BY …)`; `cast_values` casts each bound
    /// argument to DOUBLE (MariaDB refuses an untyped one).
    fn within_group(&mut self, g: &WithinGroup, cast_values: bool) -> Result<()> {
        let Expr::Function(f) = &g.func else {
            return Err(Error::invalid("WITHIN GROUP applies to a function call"));
        };
        if f.filter.is_some() {
            return Err(Error::invalid(
                "FILTER (WHERE …) on an ordered-set aggregate is not supported",
            ));
        }
        if g.order_by.is_empty() {
            return Err(Error::invalid("WITHIN GROUP needs an ORDER BY"));
        }
        if cast_values {
            self.push(&f.name);
            self.push("(");
            for (i, a) in f.args.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                if matches!(a, Expr::Value(_)) {
                    self.cast_as(a, "DOUBLE")?;
                } else {
                    self.expr(a)?;
                }
            }
            self.push(")");
        } else {
            self.function(f)?;
        }
        self.push(" WITHIN GROUP (ORDER BY ");
        self.order_by_list(&g.order_by, &[])?;
        self.push(")");
        Ok(())
    }

    /// A value read out of a JSON document, as the dialect's functions or
    /// operators read it; see [`Expr::json_text`] for what each form returns.
    fn json_extract(&mut self, j: &JsonExtract) -> Result<()> {
        let steps = j.path.steps();
        if steps.is_empty() {
            return Err(Error::invalid("a JSON path needs at least one step"));
        }
        for step in steps {
            if let JsonStep::Key(k) = step {
                if k.contains(['"', '\\']) {
                    return Err(Error::invalid(format!(
                        "JSON key {k:?}: a key holding \" or \\ cannot be written in every \
                         engine's path syntax"
                    )));
                }
            }
        }
        let style = self.d.json_style();
        let twice = matches!(
            (style, j.read_as),
            (
                JsonStyle::JsonExtract | JsonStyle::SqliteArrows,
                JsonAs::Text
            )
        );
        if twice && !evaluates_alike(&j.doc) {
            return Err(self.d.unsupported(
                "json_text of an expression a second evaluation could change (select it in a \
                 subquery first)",
            ));
        }
        // (integer, float) type names for CAST.
        let numbers = match style {
            JsonStyle::Arrows => ("BIGINT", "DOUBLE PRECISION"),
            JsonStyle::JsonExtract => ("SIGNED", "DOUBLE"),
            JsonStyle::SqliteArrows => ("INTEGER", "REAL"),
            _ => return Err(self.d.unsupported("JSON access")),
        };
        // MySQL's, MariaDB's and SQLite's path text; PostgreSQL walks the steps.
        let path = if style == JsonStyle::Arrows {
            String::new()
        } else {
            dollar_path(steps)
        };
        match (style, j.read_as) {
            (JsonStyle::Arrows, JsonAs::Text) => self.pg_json_arrows(&j.doc, steps),
            (JsonStyle::Arrows, _) => {
                self.json_number(j.read_as, numbers, |c| c.pg_json_arrows(&j.doc, steps))
            }
            // JSON_VALUE gives NULL for JSON null, where JSON_EXTRACT gives the
            // JSON text `null`.
            (JsonStyle::JsonExtract, JsonAs::Integer | JsonAs::Float) => {
                self.json_number(j.read_as, numbers, |c| {
                    c.json_call("JSON_VALUE", &j.doc, &path)
                })
            }
            // JSON_VALUE would give NULL for objects, JSON_UNQUOTE the text
            // `null` for JSON null.
            (JsonStyle::JsonExtract, _) => {
                self.push("CASE JSON_TYPE(");
                self.json_call("JSON_EXTRACT", &j.doc, &path)?;
                self.push(") WHEN 'NULL' THEN NULL ELSE JSON_UNQUOTE(");
                self.json_call("JSON_EXTRACT", &j.doc, &path)?;
                self.push(") END");
                Ok(())
            }
            (_, JsonAs::Integer | JsonAs::Float) => {
                self.json_number(j.read_as, numbers, |c| c.sqlite_json_arrow(&j.doc, &path))
            }
            // `->>` gives 1 and 0 for JSON true and false.
            _ => {
                self.push("CASE ");
                self.json_call("json_type", &j.doc, &path)?;
                self.push(" WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(");
                self.sqlite_json_arrow(&j.doc, &path)?;
                self.push(" AS TEXT) END");
                Ok(())
            }
        }
    }

    /// `CAST(<read> AS <type>)`, the type the integer or float name of `types`.
    fn json_number(
        &mut self,
        read_as: JsonAs,
        types: (&str, &str),
        read: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        self.push("CAST(");
        read(self)?;
        self.push(" AS ");
        self.push(if read_as == JsonAs::Integer {
            types.0
        } else {
            types.1
        });
        self.push(")");
        Ok(())
    }

    /// PostgreSQL's `(doc -> 'a' -> 0 ->> 'b')`.
    fn pg_json_arrows(&mut self, doc: &Expr, steps: &[JsonStep]) -> Result<()> {
        self.push("(");
        if matches!(doc, Expr::Value(_)) {
            // A bound document has no type of its own for `->`.
            self.cast_as(doc, "JSONB")?;
        } else {
            self.operand(doc, Precedence::Unary, true)?;
        }
        for (i, step) in steps.iter().enumerate() {
            self.push(if i + 1 == steps.len() {
                " ->> "
            } else {
                " -> "
            });
            match step {
                JsonStep::Key(k) => self.d.write_string_literal(k, &mut self.sql)?,
                JsonStep::Index(n) => self.push(&n.to_string()),
            }
        }
        self.push(")");
        Ok(())
    }

    /// `f(doc, '$."a"[0]')`.
    fn json_call(&mut self, f: &str, doc: &Expr, path: &str) -> Result<()> {
        self.push(f);
        self.push("(");
        self.expr(doc)?;
        self.push(", ");
        self.d.write_string_literal(path, &mut self.sql)?;
        self.push(")");
        Ok(())
    }

    /// SQLite's `(doc ->> '$."a"[0]')`.
    fn sqlite_json_arrow(&mut self, doc: &Expr, path: &str) -> Result<()> {
        self.push("(");
        self.operand(doc, Precedence::Unary, true)?;
        self.push(" ->> ");
        self.d.write_string_literal(path, &mut self.sql)?;
        self.push(")");
        Ok(())
    }

    /// A sequence's name, schema-qualified where it has a schema.
    pub(crate) fn sequence_name(&mut self, seq: &crate::Sequence) -> Result<()> {
        self.qualified_name(seq.schema(), seq.name())
    }

    fn next_value(&mut self, seq: &crate::Sequence) -> Result<()> {
        match self.d.sequence_style() {
            SequenceStyle::NextValueFor => {
                self.push("NEXT VALUE FOR ");
                self.sequence_name(seq)
            }
            SequenceStyle::Nextval => {
                // nextval() takes the name as text and parses it as SQL would:
                // the quoted name, written as a string literal.
                let start = self.sql.len();
                self.sequence_name(seq)?;
                let quoted = self.sql.split_off(start);
                self.push("nextval(");
                self.d.write_string_literal(&quoted, &mut self.sql)?;
                self.push(")");
                Ok(())
            }
            _ => Err(self.d.unsupported("sequences")),
        }
    }

    /// `ROLLUP(…)`, `CUBE(…)` or `GROUPING SETS(…)`, as the standard writes them.
    fn grouping_sets(&mut self, g: &GroupingSets) -> Result<()> {
        match g {
            GroupingSets::Rollup(exprs) | GroupingSets::Cube(exprs) => {
                let name = grouping_sets_name(g);
                check_grouping_list(exprs, name)?;
                self.push(name);
                self.push("(");
                self.expr_list(exprs)?;
                self.push(")");
            }
            GroupingSets::Sets(sets) => {
                if sets.is_empty() {
                    return Err(Error::invalid(
                        "GROUPING SETS needs at least one set (an empty set is the grand total)",
                    ));
                }
                self.push("GROUPING SETS(");
                for (i, set) in sets.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.push("(");
                    self.expr_list(set)?;
                    self.push(")");
                }
                self.push(")");
            }
        }
        Ok(())
    }

    /// A select-list (or RETURNING) item: labels render `AS name` here only.
    pub(crate) fn select_item(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Label(inner, name) => {
                self.untyped_position(inner)?;
                self.push(" AS ");
                self.ident(name)
            }
            e => self.untyped_position(e),
        }
    }

    /// An expression where the engine cannot infer a bare parameter's type from
    /// its surroundings (a select-list item, a CASE result): the dialect may cast
    /// the value by its kind, so PostgreSQL reads `SELECT $1` bound to 5 as a
    /// number rather than text.
    pub(crate) fn untyped_position(&mut self, e: &Expr) -> Result<()> {
        if let Expr::Value(v) = e {
            if self.mode == super::Mode::Bound {
                if let Some(ty) = self.d.untyped_value_cast(v) {
                    self.push("CAST(");
                    self.value(v)?;
                    self.push(" AS ");
                    self.push(ty);
                    self.push(")");
                    return Ok(());
                }
            }
        }
        self.expr(e)
    }

    /// A select list (or RETURNING list). Where it names result columns, the
    /// items that need a label get one ([`super::labels`]): an expression
    /// without a name, and a column whose name an earlier column already has.
    pub(crate) fn select_list(&mut self, items: &[Expr]) -> Result<()> {
        let labels = if self.label_unnamed {
            labels::result_labels(items)
        } else {
            None
        };
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            match labels.as_ref().and_then(|l| l[i].as_deref()) {
                None => self.select_item(e)?,
                Some(label) => {
                    self.untyped_position(e)?;
                    self.push(" AS ");
                    self.ident(label)?;
                }
            }
        }
        Ok(())
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Column(col) => self.column_ref(col),
            Expr::Value(v) => self.value(v),
            Expr::Param(name) => self.param(Param::Named(name.clone())),
            Expr::ExpandingParam(name) => Err(Error::invalid(format!(
                "expanding parameter {name:?} stands only as the whole of an IN list: \
                 x.in_(bindparam({name:?}).expanding())"
            ))),
            Expr::Null => {
                self.push("NULL");
                Ok(())
            }
            Expr::Bool(b) => {
                self.d.write_bool_literal(*b, &mut self.sql);
                Ok(())
            }
            Expr::Star(q) => {
                if let Some(q) = q {
                    self.qualifier(q.schema.as_deref(), &q.name)?;
                    self.push(".");
                }
                self.push("*");
                Ok(())
            }
            Expr::Unary(op, inner) => {
                self.push(match op {
                    UnaryOp::Not => "NOT ",
                    UnaryOp::Neg => "-",
                    UnaryOp::BitNot => "~",
                });
                // Any operator under a prefix operator is grouped: `NOT (a = b)`,
                // `-(a + b)`, and never `--`, which would open a comment.
                if self.precedence(inner) != Precedence::Atom || matches!(**inner, Expr::Unary(..))
                {
                    self.push("(");
                    self.expr(inner)?;
                    self.push(")");
                    Ok(())
                } else if matches!(op, UnaryOp::Neg | UnaryOp::BitNot) {
                    // `-$1` alone is untyped on PostgreSQL.
                    self.untyped_position(inner)
                } else {
                    self.expr(inner)
                }
            }
            Expr::Binary(b) => self.binary(b.op, &b.left, &b.right),
            Expr::Like(l) => {
                let (left_fn, right_fn) =
                    if l.case_insensitive && self.d.ilike_style() == IlikeStyle::Lower {
                        (true, true)
                    } else {
                        (false, false)
                    };
                if left_fn {
                    self.push("lower(");
                    self.expr(&l.expr)?;
                    self.push(")");
                } else {
                    self.operand(&l.expr, Precedence::Comparison, false)?;
                }
                self.push(match (l.negated, l.case_insensitive && !left_fn) {
                    (false, false) => " LIKE ",
                    (true, false) => " NOT LIKE ",
                    (false, true) => " ILIKE ",
                    (true, true) => " NOT ILIKE ",
                });
                if right_fn {
                    self.push("lower(");
                    self.expr(&l.pattern)?;
                    self.push(")");
                } else {
                    self.operand(&l.pattern, Precedence::Comparison, true)?;
                }
                if let Some(ch) = l.escape {
                    self.push(" ESCAPE ");
                    let mut buf = [0u8; 4];
                    self.d
                        .write_string_literal(ch.encode_utf8(&mut buf), &mut self.sql)?;
                }
                Ok(())
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => {
                if let [Expr::ExpandingParam(name)] = &list[..] {
                    return self.expanding_in(expr, name, *negated);
                }
                if list.is_empty() {
                    self.empty_in(*negated);
                    return Ok(());
                }
                self.operand(expr, Precedence::Comparison, false)?;
                self.push(if *negated { " NOT IN (" } else { " IN (" });
                if !self.expanding_list(list) {
                    self.expr_list(list)?;
                }
                self.push(")");
                Ok(())
            }
            Expr::InSubquery {
                expr,
                query,
                negated,
            } => {
                self.operand(expr, Precedence::Comparison, false)?;
                self.push(if *negated { " NOT IN " } else { " IN " });
                self.quantified_subquery(query)
            }
            Expr::Between(b) => {
                self.operand(&b.expr, Precedence::Comparison, false)?;
                self.push(if b.negated {
                    " NOT BETWEEN "
                } else {
                    " BETWEEN "
                });
                self.operand(&b.low, Precedence::Comparison, true)?;
                self.push(" AND ");
                self.operand(&b.high, Precedence::Comparison, true)
            }
            Expr::IsNull { expr, negated } => {
                self.operand(expr, Precedence::Comparison, false)?;
                self.push(if *negated { " IS NOT NULL" } else { " IS NULL" });
                Ok(())
            }
            Expr::And(items) => self.junction(items, " AND ", Precedence::And, true),
            Expr::Or(items) => self.junction(items, " OR ", Precedence::Or, false),
            Expr::Function(f) => self.function(f),
            Expr::Window(w) => {
                match &w.func {
                    Expr::Function(f)
                        if matches!(
                            self.d.function_override(&f.name, f.args.len()),
                            Some(FunctionOverride::Keyword(_))
                        ) =>
                    {
                        return Err(self
                            .d
                            .unsupported("a function rendered as a keyword (now()) under OVER"));
                    }
                    Expr::Function(f) => self.function(f)?,
                    Expr::WithinGroup(g) => match self.d.within_group_style() {
                        WithinGroupStyle::WindowOnly => self.within_group(g, true)?,
                        WithinGroupStyle::Aggregate => {
                            return Err(self
                                .d
                                .unsupported("an ordered-set aggregate (WITHIN GROUP) under OVER"))
                        }
                        _ => return Err(self.d.unsupported("WITHIN GROUP")),
                    },
                    other => self.operand(other, Precedence::Atom, false)?,
                }
                self.push(" OVER (");
                self.window_spec(&w.window)?;
                self.push(")");
                Ok(())
            }
            Expr::Case(case) => {
                if case.whens.is_empty() {
                    return Err(Error::invalid("CASE needs at least one WHEN"));
                }
                self.push("CASE");
                if let Some(op) = &case.operand {
                    self.push(" ");
                    self.expr(op)?;
                }
                for (cond, result) in &case.whens {
                    self.push(" WHEN ");
                    self.expr(cond)?;
                    self.push(" THEN ");
                    self.untyped_position(result)?;
                }
                if let Some(e) = &case.else_ {
                    self.push(" ELSE ");
                    self.untyped_position(e)?;
                }
                self.push(" END");
                Ok(())
            }
            Expr::Cast(inner, ty) => {
                if let Some(f) = self.d.cast_function(ty) {
                    self.push(f);
                    self.push("(");
                    self.expr(inner)?;
                    self.push(")");
                    return Ok(());
                }
                let name = self.d.cast_type_name(ty)?;
                self.cast_as(inner, &name)
            }
            Expr::Extract(part, inner) => {
                let style = self.d.extract_style();
                match style {
                    ExtractStyle::Extract | ExtractStyle::ExtractNumeric => {
                        let numeric = style == ExtractStyle::ExtractNumeric;
                        if numeric {
                            self.push("CAST(FLOOR(");
                        }
                        self.push("EXTRACT(");
                        self.push(part.name());
                        self.push(" FROM ");
                        self.expr(inner)?;
                        self.push(")");
                        if numeric {
                            self.push(") AS INTEGER)");
                        }
                    }
                    ExtractStyle::Strftime => {
                        self.push("CAST(strftime('");
                        self.push(match part {
                            DatePart::Year => "%Y",
                            DatePart::Month => "%m",
                            DatePart::Day => "%d",
                            DatePart::Hour => "%H",
                            DatePart::Minute => "%M",
                            DatePart::Second => "%S",
                        });
                        self.push("', ");
                        self.expr(inner)?;
                        self.push(") AS INTEGER)");
                    }
                }
                Ok(())
            }
            Expr::Collate(inner, name) => {
                // Grouped unless an atom: engines differ on whether COLLATE binds
                // tighter than a prefix operator, and it binds tighter than every
                // infix one.
                self.operand(inner, Precedence::Unary, true)?;
                self.push(" COLLATE ");
                self.ident(name)
            }
            Expr::Exists { query, negated } => {
                self.push(if *negated { "NOT EXISTS (" } else { "EXISTS (" });
                self.naming_columns(false, |c| c.query(query))?;
                self.push(")");
                Ok(())
            }
            Expr::Subquery(q) => {
                self.push("(");
                self.naming_columns(false, |c| c.query(q))?;
                self.push(")");
                Ok(())
            }
            Expr::Quantified { all, .. } => Err(Error::invalid(format!(
                "{} (subquery) stands only beside a comparison (=, <>, <, <=, >, >=)",
                if *all { "ALL" } else { "ANY" }
            ))),
            Expr::Label(inner, _) => self.expr(inner),
            Expr::LabelRef(name) => self.ident(name),
            Expr::Tuple(items) => {
                if items.is_empty() {
                    return Err(Error::invalid("a tuple needs at least one item"));
                }
                self.push("(");
                self.expr_list(items)?;
                self.push(")");
                Ok(())
            }
            Expr::Distinct(inner) => {
                self.push("DISTINCT ");
                self.operand(inner, Precedence::Unary, false)
            }
            Expr::AggregateStrings(a) => self.aggregate_strings(a),
            Expr::NextValue(seq) => self.next_value(seq),
            Expr::JsonExtract(j) => self.json_extract(j),
            Expr::WithinGroup(g) => match self.d.within_group_style() {
                WithinGroupStyle::Aggregate => self.within_group(g, false),
                WithinGroupStyle::WindowOnly => Err(self
                    .d
                    .unsupported("an ordered-set aggregate (WITHIN GROUP) outside OVER")),
                _ => Err(self.d.unsupported("WITHIN GROUP")),
            },
            Expr::GroupingSets(g) => Err(Error::invalid(format!(
                "{} is an item of GROUP BY and cannot stand anywhere else",
                grouping_sets_name(g)
            ))),
            Expr::RegexpReplace(r) => self.regexp_replace(r),
            Expr::Excluded(name) => self.excluded(name),
            Expr::Text(t) => self.text(t, true),
            Expr::Invalid(err) => Err((**err).clone()),
        }
    }

    fn junction(&mut self, items: &[Expr], sep: &str, prec: Precedence, empty: bool) -> Result<()> {
        if items.is_empty() {
            self.d.write_bool_literal(empty, &mut self.sql);
            return Ok(());
        }
        if items.len() > JUNCTION_GROUP {
            // Parsers nest `a AND b AND c …` one level per term, and SQLite refuses
            // expressions deeper than 1000; groups of at most 64 keep a 10,000-term
            // list a few hundred levels deep and mean the same thing.
            let size = items.len().div_ceil(JUNCTION_GROUP);
            for (i, chunk) in items.chunks(size).enumerate() {
                if i > 0 {
                    self.push(sep);
                }
                if chunk.len() == 1 {
                    self.operand(&chunk[0], prec, false)?;
                } else {
                    self.push("(");
                    self.nested(|c| c.junction(chunk, sep, prec, empty))?;
                    self.push(")");
                }
            }
            return Ok(());
        }
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.push(sep);
            }
            self.operand(e, prec, false)?;
        }
        Ok(())
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr) -> Result<()> {
        match (left, right) {
            (_, Expr::Quantified { query, all }) => return self.quantified(left, op, query, *all),
            (Expr::Quantified { query, all }, _) => {
                // `ANY (…) < x` is `x > ANY (…)`.
                let turned = match op {
                    BinaryOp::Lt => BinaryOp::Gt,
                    BinaryOp::LtEq => BinaryOp::GtEq,
                    BinaryOp::Gt => BinaryOp::Lt,
                    BinaryOp::GtEq => BinaryOp::LtEq,
                    other => other,
                };
                return self.quantified(right, turned, query, *all);
            }
            _ => {}
        }
        match op {
            BinaryOp::Concat if self.d.concat_style() == ConcatStyle::Function => {
                self.push("concat(");
                self.concat_args(left)?;
                self.push(", ");
                self.concat_args(right)?;
                self.push(")");
                return Ok(());
            }
            BinaryOp::IsDistinctFrom | BinaryOp::IsNotDistinctFrom => {
                let distinct = op == BinaryOp::IsDistinctFrom;
                match self.d.distinct_from_style() {
                    DistinctFromStyle::Standard => {}
                    DistinctFromStyle::IsOperator => {
                        self.operand(left, Precedence::Comparison, false)?;
                        self.push(if distinct { " IS NOT " } else { " IS " });
                        return self.operand(right, Precedence::Comparison, true);
                    }
                    DistinctFromStyle::NullSafeEqual => {
                        if distinct {
                            self.push("NOT (");
                        }
                        self.operand(left, Precedence::Comparison, false)?;
                        self.push(" <=> ");
                        self.operand(right, Precedence::Comparison, true)?;
                        if distinct {
                            self.push(")");
                        }
                        return Ok(());
                    }
                }
            }
            BinaryOp::BitXor if self.d.bitwise_xor_operator().is_none() => {
                return self.emulated_xor(left, right);
            }
            BinaryOp::RegexpMatch(flags) => return self.regexp_match(left, right, flags),
            BinaryOp::Custom(text) => {
                if let Some(problem) = custom_operator_problem(text) {
                    return Err(Error::invalid(format!(
                        "custom operator {text:?}: {problem}"
                    )));
                }
                if text.contains('?') {
                    // PostgreSQL's jsonb `?` is an operator; where `?` marks a
                    // parameter, it would shift every value after it.
                    let mut placeholder = String::new();
                    self.d.write_placeholder(1, &mut placeholder);
                    if placeholder.contains('?') {
                        return Err(Error::invalid(format!(
                            "custom operator {text:?}: `?` marks a parameter on {}",
                            self.d.name()
                        )));
                    }
                }
            }
            _ => {}
        }
        let prec = op.precedence();
        let untyped = both_values(left, right);
        self.infix_operand(left, untyped, prec, false)?;
        self.operator(op);
        self.infix_operand(right, untyped, prec, true)
    }

    /// `CAST(e AS ty)`, `ty` as the dialect spells it.
    fn cast_as(&mut self, e: &Expr, ty: &str) -> Result<()> {
        self.push("CAST(");
        self.expr(e)?;
        self.push(" AS ");
        self.push(ty);
        self.push(")");
        Ok(())
    }

    /// `x [NOT] IN ()` over an empty list, in the tree or of an expanding
    /// parameter: `IN ()` is not SQL on most engines, and it is always false
    /// (`NOT IN`: true), whatever `x` holds, so it is a constant.
    fn empty_in(&mut self, negated: bool) {
        self.push(if negated { "1 = 1" } else { "1 <> 1" });
    }

    /// `expr [NOT] IN (…)` with an expanding parameter's items: one placeholder
    /// each, or in a cache template a list slot whose length is the execution's.
    fn expanding_in(&mut self, expr: &Expr, name: &str, negated: bool) -> Result<()> {
        let items = self.expanding_items(name)?;
        if items.is_empty() {
            self.empty_in(negated);
            return Ok(());
        }
        self.operand(expr, Precedence::Comparison, false)?;
        self.push(if negated { " NOT IN (" } else { " IN (" });
        if !self.expanding_values(items) {
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.value(v)?;
            }
        }
        self.push(")");
        Ok(())
    }

    /// `expr op ANY (query)` or `expr op ALL (query)`. Where the dialect has
    /// neither, the two forms the SQL standard defines as `IN` and `NOT IN`
    /// are written so, and any other is refused.
    fn quantified(&mut self, expr: &Expr, op: BinaryOp, query: &Query, all: bool) -> Result<()> {
        let word = if all { "ALL" } else { "ANY" };
        let comparison = match op {
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            _ => {
                return Err(Error::invalid(format!(
                    "{word} (subquery) stands only beside a comparison (=, <>, <, <=, >, >=)"
                )))
            }
        };
        self.operand(expr, Precedence::Comparison, false)?;
        if self.d.supports_quantified_comparison() {
            self.push(" ");
            self.push(comparison);
            self.push(" ");
            self.push(word);
            self.push(" ");
        } else {
            match (op, all) {
                (BinaryOp::Eq, false) => self.push(" IN "),
                (BinaryOp::NotEq, true) => self.push(" NOT IN "),
                _ => {
                    return Err(Error::unsupported(self.d.name(), format!(
                        "{comparison} {word} (subquery) (only = ANY and <> ALL, written IN and NOT IN)"
                    )))
                }
            }
        }
        self.quantified_subquery(query)
    }

    /// The parenthesized subquery of `IN`, `ANY` or `ALL`, in a derived table
    /// where the dialect refuses a LIMIT right under them.
    fn quantified_subquery(&mut self, query: &Query) -> Result<()> {
        self.push("(");
        if !self.d.supports_limit_in_in_subquery() && limits_its_rows(query) {
            self.select_star_from(|c| c.query(query))?;
        } else {
            self.naming_columns(false, |c| c.query(query))?;
        }
        self.push(")");
        Ok(())
    }

    /// An operand of an infix operator of precedence `parent`. With `untyped`
    /// (both operands bare values, see [`both_values`]) it is written where its
    /// type must be spelled out instead of grouped.
    fn infix_operand(
        &mut self,
        e: &Expr,
        untyped: bool,
        parent: Precedence,
        right: bool,
    ) -> Result<()> {
        if untyped {
            self.untyped_position(e)
        } else {
            self.operand(e, parent, right)
        }
    }

    /// An infix operator's spelling on this dialect, with surrounding spaces.
    fn operator(&mut self, op: BinaryOp) {
        match op {
            BinaryOp::BitXor => {
                let xor = self.d.bitwise_xor_operator().unwrap_or(" ^ ");
                self.push(xor);
            }
            BinaryOp::Custom(text) => {
                self.push(" ");
                self.push(text);
                self.push(" ");
            }
            op => self.push(op.ansi()),
        }
    }

    /// Every match of a regular expression replaced, as the dialect writes it
    /// ([`RegexpStyle`]).
    /// `excluded(name)`: the proposed row's column in an upsert's update. Out of
    /// the expression walk, which it would otherwise grow for every statement.
    #[inline(never)]
    fn excluded(&mut self, name: &crate::expr::Ident) -> Result<()> {
        match self.d.upsert_style() {
            // Only an upsert's DO UPDATE (SET and WHERE) sees the proposed
            // row; anywhere else `excluded.x` is an unknown table on every
            // engine, and MySQL's `VALUES(x)` means something else or NULL.
            _ if self.upsert_table.is_none() => Err(Error::invalid(format!(
                "excluded({name:?}) names a column of the row an upsert proposed: it is \
                 valid only in OnConflict::do_update and update_where"
            ))),
            _ if self
                .upsert_table
                .as_ref()
                .is_some_and(|t| t.resolve(name).is_err()) =>
            {
                let t = self.upsert_table.as_ref().map(|t| t.name().to_owned());
                Err(Error::UnknownColumn {
                    table: t.unwrap_or_default(),
                    column: name.to_string(),
                })
            }
            UpsertStyle::OnConflict => {
                self.push("excluded.");
                self.ident(name)
            }
            UpsertStyle::OnDuplicateKey => match self.d.upsert_row_alias() {
                Some(alias) if self.row_alias => {
                    self.ident(alias)?;
                    self.push(".");
                    self.ident(name)
                }
                _ => {
                    self.push("VALUES(");
                    self.ident(name)?;
                    self.push(")");
                    Ok(())
                }
            },
            UpsertStyle::Unsupported => Err(self.d.unsupported("upsert (excluded)")),
        }
    }

    fn regexp_replace(&mut self, r: &RegexpReplace) -> Result<()> {
        let flags = r.flags;
        check_regexp_flags(flags)?;
        let style = self.d.regexp_style();
        if !matches!(
            style,
            RegexpStyle::Tilde | RegexpStyle::Regexp | RegexpStyle::RegexpLike
        ) {
            return Err(self.d.unsupported("regular-expression replace"));
        }
        self.push("regexp_replace(");
        self.expr(&r.expr)?;
        self.push(", ");
        if style == RegexpStyle::Regexp && !flags.is_empty() {
            self.flagged_pattern(&r.pattern, flags)?;
        } else {
            self.expr(&r.pattern)?;
        }
        self.push(", ");
        self.expr(&r.replacement)?;
        match style {
            // Without `g`, PostgreSQL replaces the first match only.
            RegexpStyle::Tilde => {
                self.push(", 'g");
                self.push(flags);
                self.push("')");
            }
            RegexpStyle::RegexpLike if !flags.is_empty() => {
                // From position 1, every occurrence (0), with the match type.
                self.push(", 1, 0, '");
                self.push(flags);
                self.push("')");
            }
            _ => self.push(")"),
        }
        Ok(())
    }

    /// `subject` matched against the regular expression `pattern`, as the
    /// dialect writes it ([`RegexpStyle`]).
    fn regexp_match(&mut self, subject: &Expr, pattern: &Expr, flags: &str) -> Result<()> {
        check_regexp_flags(flags)?;
        let style = self.d.regexp_style();
        let untyped = both_values(subject, pattern);
        let side = |c: &mut Self, e: &Expr, right: bool| {
            c.infix_operand(e, untyped, Precedence::Comparison, right)
        };
        match style {
            RegexpStyle::Tilde => {
                side(self, subject, false)?;
                if flags == "i" {
                    self.push(" ~* ");
                    return side(self, pattern, true);
                }
                self.push(" ~ ");
            }
            RegexpStyle::Regexp => {
                side(self, subject, false)?;
                self.push(" REGEXP ");
            }
            RegexpStyle::RegexpLike if !flags.is_empty() => {
                self.push("REGEXP_LIKE(");
                self.expr(subject)?;
                self.push(", ");
                self.expr(pattern)?;
                self.push(", '");
                self.push(flags);
                self.push("')");
                return Ok(());
            }
            RegexpStyle::RegexpLike => {
                side(self, subject, false)?;
                self.push(" REGEXP ");
            }
            _ => return Err(self.d.unsupported("regular-expression match")),
        }
        if flags.is_empty() {
            return side(self, pattern, true);
        }
        self.flagged_pattern(pattern, flags)
    }

    /// `pattern` behind the flags as an embedded option group, `(?flags)`, which
    /// PostgreSQL's AREs, PCRE and Rust's regex all read.
    fn flagged_pattern(&mut self, pattern: &Expr, flags: &str) -> Result<()> {
        match self.d.concat_style() {
            ConcatStyle::Function => {
                self.push("concat('(?");
                self.push(flags);
                self.push(")', ");
                self.expr(pattern)?;
                self.push(")");
            }
            _ => {
                self.push("('(?");
                self.push(flags);
                self.push(")' || ");
                self.operand(pattern, Precedence::Concat, true)?;
                self.push(")");
            }
        }
        Ok(())
    }

    /// A group's values joined into one string, as the dialect spells it
    /// ([`AggregateStringsStyle`]).
    fn aggregate_strings(&mut self, a: &AggregateStrings) -> Result<()> {
        let style = self.d.aggregate_strings_style();
        let ordered = !a.order_by.is_empty();
        match style {
            AggregateStringsStyle::StringAgg => {
                // string_agg takes text only; every other engine converts. The
                // cast goes inside a DISTINCT, which must lead the arguments.
                self.push("string_agg(");
                let value = match &a.expr {
                    Expr::Distinct(inner) => {
                        self.push("DISTINCT ");
                        &**inner
                    }
                    e => e,
                };
                self.cast_as(value, "TEXT")?;
                self.push(", ");
                self.d.write_string_literal(&a.separator, &mut self.sql)?;
            }
            AggregateStringsStyle::GroupConcat => {
                self.push("group_concat(");
                self.expr(&a.expr)?;
                if matches!(a.expr, Expr::Distinct(_)) {
                    // SQLite's DISTINCT aggregates take one argument: the
                    // default separator, a comma, is all it can do.
                    if &*a.separator != "," {
                        return Err(self.d.unsupported(
                            "DISTINCT values joined with a separator other than ','",
                        ));
                    }
                } else {
                    self.push(", ");
                    self.d.write_string_literal(&a.separator, &mut self.sql)?;
                }
            }
            AggregateStringsStyle::GroupConcatSeparator => {
                self.push("group_concat(");
                self.expr(&a.expr)?;
                if ordered {
                    self.push(" ORDER BY ");
                    self.order_by_list(&a.order_by, &[])?;
                }
                self.push(" SEPARATOR ");
                self.d.write_string_literal(&a.separator, &mut self.sql)?;
                self.push(")");
                return Ok(());
            }
            _ => {
                self.push("LISTAGG(");
                self.expr(&a.expr)?;
                self.push(", ");
                self.d.write_string_literal(&a.separator, &mut self.sql)?;
                self.push(")");
                if ordered {
                    self.push(" WITHIN GROUP (ORDER BY ");
                    self.order_by_list(&a.order_by, &[])?;
                    self.push(")");
                }
                return Ok(());
            }
        }
        if ordered {
            self.push(" ORDER BY ");
            self.order_by_list(&a.order_by, &[])?;
        }
        self.push(")");
        Ok(())
    }

    /// `((a | b) - (a & b))`, exclusive OR where the dialect has no operator for
    /// it. Each operand is written twice, so only operands whose second
    /// evaluation cannot differ from the first are accepted: a function call
    /// (`random()`) or a subquery is refused rather than evaluated twice.
    fn emulated_xor(&mut self, left: &Expr, right: &Expr) -> Result<()> {
        if !evaluates_alike(left) || !evaluates_alike(right) {
            // The emulation would evaluate `random()` or a subquery twice.
            return Err(self
                .d
                .unsupported("bitwise XOR of a function call, subquery or custom operator"));
        }
        let untyped = both_values(left, right);
        let side = |c: &mut Self, e: &Expr, right: bool| {
            c.infix_operand(e, untyped, Precedence::Bitwise, right)
        };
        self.push("((");
        side(self, left, false)?;
        self.push(" | ");
        side(self, right, true)?;
        self.push(") - (");
        side(self, left, false)?;
        self.push(" & ");
        side(self, right, true)?;
        self.push("))");
        Ok(())
    }

    /// Flattens a left-leaning concatenation chain into one `concat(a, b, c)`.
    fn concat_args(&mut self, e: &Expr) -> Result<()> {
        match e {
            Expr::Binary(b) if b.op == BinaryOp::Concat => {
                self.concat_args(&b.left)?;
                self.push(", ");
                self.concat_args(&b.right)
            }
            e => self.expr(e),
        }
    }

    fn function(&mut self, f: &Function) -> Result<()> {
        if f.name.contains('.') && !self.d.supports_qualified_function_names() {
            return Err(self.d.unsupported("schema-qualified function names"));
        }
        match self.d.function_override(&f.name, f.args.len()) {
            Some(FunctionOverride::Keyword(kw)) if f.args.is_empty() => {
                if f.filter.is_some() {
                    return Err(self
                        .d
                        .unsupported("FILTER (WHERE …) on a function rendered as a keyword"));
                }
                self.push(kw);
                return Ok(());
            }
            Some(FunctionOverride::Rename(name)) => self.push(name),
            Some(FunctionOverride::Unsupported(construct)) => {
                return Err(self.d.unsupported(construct));
            }
            None if f.args.is_empty() && f.filter.is_none() => match niladic_keyword(&f.name) {
                Some(kw) => {
                    self.push(kw);
                    return Ok(());
                }
                None => self.push(&f.name),
            },
            _ => self.push(&f.name),
        }
        self.push("(");
        // Asked only of a filtered call: most calls have none.
        let native_filter = f.filter.is_some() && self.d.supports_aggregate_filter();
        if let Some(condition) = f.filter.as_deref().filter(|_| !native_filter) {
            self.filtered_argument(f, condition)?;
        } else if POLYMORPHIC.contains(&f.name.as_ref())
            && !f.args.is_empty()
            && f.args.iter().all(|a| matches!(a, Expr::Value(_)))
        {
            // No argument gives the others a type: each is cast by its kind where
            // the dialect needs it (sum($1), coalesce($1, $2) on PostgreSQL). Only
            // for functions whose type follows their arguments': round($1, $2)
            // must stay bare to match round(numeric, integer).
            for (i, a) in f.args.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                self.untyped_position(a)?;
            }
        } else {
            self.expr_list(&f.args)?;
        }
        self.push(")");
        if let Some(condition) = f.filter.as_deref().filter(|_| native_filter) {
            self.push(" FILTER (WHERE ");
            self.expr(condition)?;
            self.push(")");
        }
        Ok(())
    }

    /// The argument of an aggregate whose `FILTER (WHERE condition)` the dialect
    /// lacks: `CASE WHEN condition THEN argument END` (`1` for `*`), which the
    /// aggregates that skip NULLs read as the filter. Written from the tree's
    /// own nodes, so the cache still maps every value to its placeholder.
    fn filtered_argument(&mut self, f: &Function, condition: &Expr) -> Result<()> {
        const SKIP_NULLS: [&str; 5] = ["count", "sum", "avg", "min", "max"];
        let [argument] = f.args.as_slice() else {
            return Err(self
                .d
                .unsupported("FILTER (WHERE …) on an aggregate of other than one argument"));
        };
        if !SKIP_NULLS.iter().any(|n| f.name.eq_ignore_ascii_case(n)) {
            return Err(self.d.unsupported(
                "FILTER (WHERE …) on an aggregate other than count, sum, avg, min or max",
            ));
        }
        let argument = match argument {
            Expr::Distinct(inner) => {
                self.push("DISTINCT ");
                &**inner
            }
            other => other,
        };
        self.push("CASE WHEN ");
        self.expr(condition)?;
        self.push(" THEN ");
        match argument {
            Expr::Star(None) => self.push("1"),
            other => self.expr(other)?,
        }
        self.push(" END");
        Ok(())
    }

    fn window_spec(&mut self, w: &WindowSpec) -> Result<()> {
        let mut sep = "";
        if !w.partition_by.is_empty() {
            self.push("PARTITION BY ");
            self.expr_list(&w.partition_by)?;
            sep = " ";
        }
        if !w.order_by.is_empty() {
            self.push(sep);
            self.push("ORDER BY ");
            self.order_by_list(&w.order_by, &[])?;
            sep = " ";
        }
        if let Some(frame) = &w.frame {
            // Engines refuse a frame that starts after it ends, or at the far end.
            let rank = |b: FrameBound| match b {
                FrameBound::UnboundedPreceding => 0,
                FrameBound::Preceding(_) => 1,
                FrameBound::CurrentRow => 2,
                FrameBound::Following(_) => 3,
                FrameBound::UnboundedFollowing => 4,
            };
            if frame.start == FrameBound::UnboundedFollowing
                || frame.end == FrameBound::UnboundedPreceding
                || rank(frame.start) > rank(frame.end)
            {
                return Err(Error::invalid(
                    "a window frame must not start after it ends (nor start at UNBOUNDED FOLLOWING or end at UNBOUNDED PRECEDING)",
                ));
            }
            self.push(sep);
            self.push(match frame.units {
                FrameUnits::Rows => "ROWS",
                FrameUnits::Range => "RANGE",
                FrameUnits::Groups => {
                    if !self.d.supports_groups_frame() {
                        return Err(self.d.unsupported("GROUPS window frames"));
                    }
                    "GROUPS"
                }
            });
            self.push(" BETWEEN ");
            self.frame_bound(frame.start);
            self.push(" AND ");
            self.frame_bound(frame.end);
        }
        Ok(())
    }

    fn frame_bound(&mut self, b: FrameBound) {
        match b {
            FrameBound::UnboundedPreceding => self.push("UNBOUNDED PRECEDING"),
            FrameBound::CurrentRow => self.push("CURRENT ROW"),
            FrameBound::UnboundedFollowing => self.push("UNBOUNDED FOLLOWING"),
            FrameBound::Preceding(n) => {
                self.push(itoa::Buffer::new().format(n));
                self.push(" PRECEDING");
            }
            FrameBound::Following(n) => {
                self.push(itoa::Buffer::new().format(n));
                self.push(" FOLLOWING");
            }
        }
    }

    /// ORDER BY terms; `select_list` resolves label references where an emulation
    /// must repeat the sorted expression.
    pub(crate) fn order_by_list(&mut self, items: &[OrderBy], select_list: &[Expr]) -> Result<()> {
        self.order_by_terms(items, select_list, None, false)
    }

    /// [`Compiler::order_by_list`]; with `result_columns` (a set operation's
    /// first member's), an unqualified column that names one result column is
    /// written as its position.
    pub(crate) fn order_by_terms(
        &mut self,
        items: &[OrderBy],
        select_list: &[Expr],
        result_columns: Option<ResultColumns<'_>>,
        names_by_position: bool,
    ) -> Result<()> {
        for (i, o) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            let emulated_nulls = o
                .nulls
                .filter(|_| self.d.nulls_order_style() == NullsOrderStyle::Emulated);
            if let Some(nulls) = emulated_nulls {
                // MySQL sorts NULLs as the smallest value: a leading `x IS NULL` key
                // puts them first (DESC) or last (ASC) whatever x's own direction.
                // A label cannot stand in that key when it names an aggregate
                // (MySQL error 1247), so the labelled expression is repeated.
                let key = match &o.expr {
                    Expr::LabelRef(name) => select_list
                        .iter()
                        .find_map(|c| match c {
                            Expr::Label(inner, n) if n == name => Some(&**inner),
                            _ => None,
                        })
                        .unwrap_or(&o.expr),
                    e => e,
                };
                self.operand(key, Precedence::Comparison, false)?;
                self.push(match nulls {
                    Nulls::First => " IS NULL DESC, ",
                    Nulls::Last => " IS NULL ASC, ",
                });
                self.expr(&o.expr)?;
                self.direction(o.direction);
                continue;
            }
            let position = match result_columns
                .map(|columns| result_position(&o.expr, columns, names_by_position))
            {
                Some(Ok(position)) => position,
                Some(Err(Ambiguous)) => {
                    return Err(self.d.unsupported(
                        "ORDER BY of a set operation by a name that different result \
                         columns of its first member share (label one)",
                    ))
                }
                None => None,
            };
            match position {
                Some(position) => self.push(itoa::Buffer::new().format(position)),
                None => self.expr(&o.expr)?,
            }
            self.direction(o.direction);
            self.nulls(o.nulls);
        }
        Ok(())
    }

    fn nulls(&mut self, nulls: Option<Nulls>) {
        match nulls {
            Some(Nulls::First) => self.push(" NULLS FIRST"),
            Some(Nulls::Last) => self.push(" NULLS LAST"),
            None => {}
        }
    }

    fn direction(&mut self, d: Option<Direction>) {
        match d {
            Some(Direction::Asc) => self.push(" ASC"),
            Some(Direction::Desc) => self.push(" DESC"),
            None => {}
        }
    }

    /// Writes `text()` SQL; as an expression `fragment`, a trailing `--` comment
    /// is closed with a newline so that what follows is not swallowed.
    pub(crate) fn text(&mut self, t: &TextClause, fragment: bool) -> Result<()> {
        use crate::query::text_parts::{Bound, TextPart};
        if let Some(err) = &t.error {
            return Err((**err).clone());
        }
        for part in t.parts.iter() {
            match part {
                TextPart::Sql(s) => {
                    self.push(s);
                    // A fragment ending inside a `--` comment would swallow what
                    // the statement writes after it on the same line.
                    if fragment
                        && t.ends_in_line_comment
                        && std::ptr::eq(part, t.parts.last().unwrap_or(part))
                    {
                        self.push("\n");
                    }
                }
                TextPart::Param(name) => match t.bound_value(name) {
                    // The statement's own value, not a copy: a cache template
                    // binds a placeholder to the value the key walk met.
                    Some(Bound::One(v)) => self.value(v)?,
                    Some(Bound::List(values)) => {
                        if values.is_empty() {
                            return Err(Error::invalid(format!(
                                "the list bound to :{name} is empty (IN () is not SQL)"
                            )));
                        }
                        self.push("(");
                        for (i, v) in values.iter().enumerate() {
                            if i > 0 {
                                self.push(", ");
                            }
                            self.value(v)?;
                        }
                        self.push(")");
                    }
                    None => self.param(Param::Named(name.clone()))?,
                },
            }
        }
        Ok(())
    }
}

/// [`result_position`]: different result columns have the name.
struct Ambiguous;

/// A set operation's result columns: its first member's list, with the labels
/// compiling gives it (`None`: none).
#[derive(Clone, Copy)]
pub(crate) struct ResultColumns<'a> {
    pub(crate) columns: &'a [Expr],
    pub(crate) labels: Option<&'a [Option<String>]>,
}

/// The 1-based position of the result column a set operation's ORDER BY term
/// stands for. A qualified column: the first member's result column that is
/// that column (labelled or not), on every dialect. With `names_by_position`
/// (SQLite), an unqualified name too: the first result column of that name,
/// when every column of that name is the same expression (a column listed
/// twice gives the same values in both places), and [`Ambiguous`] when
/// different columns have it (PostgreSQL calls the name ambiguous; SQLite,
/// which needs the position, finds no match at all). `None` otherwise: the
/// term is rendered as written.
fn result_position(
    e: &Expr,
    result: ResultColumns<'_>,
    names_by_position: bool,
) -> std::result::Result<Option<usize>, Ambiguous> {
    let Expr::Column(c) = e else { return Ok(None) };
    let columns = result.columns;
    if c.table().is_some() {
        // A table's column means nothing to the combined result on PostgreSQL
        // and MySQL (SQLite takes it from the first member): where the first
        // member selects that very column, its position says the same on all.
        return Ok(columns
            .iter()
            .position(|col| match col {
                Expr::Label(inner, _) => **inner == *e,
                col => col == e,
            })
            .map(|i| i + 1));
    }
    if !names_by_position {
        return Ok(None);
    }
    let label = |i: usize| result.labels.and_then(|l| l[i].as_deref());
    let mut matching = columns
        .iter()
        .enumerate()
        .filter(|&(i, col)| labels::final_name(col, label(i)).is_some_and(|n| n == c.name()));
    let Some((first, first_column)) = matching.next() else {
        return Ok(None);
    };
    if matching.all(|(_, col)| col == first_column) {
        Ok(Some(first + 1))
    } else {
        Err(Ambiguous)
    }
}

/// Whether `q` has a LIMIT or OFFSET of its own, or one of its set-operation
/// members has: what MySQL refuses right under `IN`. Members of members are not
/// looked into (a walk that could go as deep as the tree, for a shape nobody
/// writes).
fn limits_its_rows(q: &Query) -> bool {
    fn own(q: &Query) -> bool {
        match q {
            Query::Select(s) => s.limit.is_some() || s.offset.is_some(),
            Query::Compound(c) => c.limit.is_some() || c.offset.is_some(),
            // Unknown: taken as limited, which only costs MySQL a derived table.
            Query::Text(_) => true,
        }
    }
    match q {
        Query::Select(_) | Query::Text(_) => own(q),
        Query::Compound(c) => own(q) || own(&c.first) || c.rest.iter().any(|(_, m)| own(m)),
    }
}

/// The keyword of a grouping construct, for SQL and for errors.
fn grouping_sets_name(g: &GroupingSets) -> &'static str {
    match g {
        GroupingSets::Rollup(_) => "ROLLUP",
        GroupingSets::Cube(_) => "CUBE",
        GroupingSets::Sets(_) => "GROUPING SETS",
    }
}

/// The construct a dialect without it names in its error.
fn grouping_sets_construct(g: &GroupingSets) -> &'static str {
    match g {
        GroupingSets::Rollup(_) => "GROUP BY ROLLUP",
        GroupingSets::Cube(_) => "GROUP BY CUBE",
        GroupingSets::Sets(_) => "GROUP BY GROUPING SETS",
    }
}

/// ROLLUP and CUBE of nothing are syntax errors on every engine.
fn check_grouping_list(exprs: &[Expr], name: &str) -> Result<()> {
    if exprs.is_empty() {
        return Err(Error::invalid(format!(
            "{name} needs at least one expression"
        )));
    }
    Ok(())
}

/// SQL's functions written without parentheses (`CURRENT_DATE`), which every
/// engine knows as keywords and PostgreSQL refuses with them.
pub(crate) fn niladic_keyword(name: &str) -> Option<&'static str> {
    [
        ("current_date", "CURRENT_DATE"),
        ("current_time", "CURRENT_TIME"),
        ("current_timestamp", "CURRENT_TIMESTAMP"),
    ]
    .into_iter()
    .find(|(n, _)| n.eq_ignore_ascii_case(name))
    .map(|(_, kw)| kw)
}

/// A JSON path in the `$."key"[0]` syntax of MySQL, MariaDB and SQLite; keys
/// are quoted, and were checked to hold no `"` or `\\`.
fn dollar_path(steps: &[JsonStep]) -> String {
    let mut path = String::from("$");
    for step in steps {
        match step {
            JsonStep::Key(k) => {
                path.push_str(".\"");
                path.push_str(k);
                path.push('"');
            }
            JsonStep::Index(n) => {
                path.push('[');
                path.push_str(&n.to_string());
                path.push(']');
            }
        }
    }
    path
}
