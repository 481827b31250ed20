"""Evaluate the relations of whichever template each table was bound with, as linear forms.

The binder's evaluator (`templates.expr.evaluate_relation`) says which per-column and per-row
relation instances hold, fail or cannot be evaluated. For the explanation search we also need
each instance as a linear form over cells (`lhs - rhs = Σ coef·cell + const`); it is read from the
relation's expression here (once per relation and scope), so every relation — national or a
province's — is handled the same way. Per-cell relations (`cell >= 0`, integer) would be one
instance per cell; they are checked directly on the numbers instead, with the same semantics
(`cell_holds`), and kept as constraints on any value the explanation search proposes.

An instance with blank or text operands is not evaluable. It still *fails* when no non-negative
values in those cells could make it hold (`state == "bound"`): that claim does not depend on what
the blanks mean. Rows the binder marked unreadable, and absent cells, are never claimed on.
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import Literal

from report_lint.model import BoundTable, Cell, Report
from report_lint.templates.expr import CellRef, RelationResult, compare
from report_lint.templates.schema import RelationDef, TableDef, Template

Key = tuple[str, str]  # (row key, column key)
State = Literal["ok", "failed", "bound", "open", "skip"]
UNKNOWN_STATES = ("blank", "text")  # operands that may hold any non-negative value
CACHE_KEY = "totals.relations"


@dataclass
class Form:
    """One side or the whole of a relation as Σ coef·cell + const."""

    coefs: dict[Key, float] = field(default_factory=dict)
    const: float = 0.0

    def add(self, key: Key, coef: float) -> None:
        self.coefs[key] = self.coefs.get(key, 0.0) + coef


@dataclass
class Instance:
    """One evaluated relation instance (one column, row or cell) with its linear form."""

    rel: RelationDef
    result: RelationResult
    lhs: Form
    rhs: Form
    coefs: dict[Key, float]  # lhs − rhs, zero terms dropped
    refs: dict[Key, CellRef]
    state: State

    @property
    def table(self) -> str:
        return self.rel.table

    @property
    def scope(self) -> str:
        return self.result.scope or ""

    def residual(self, override: dict[Key, float] | None = None) -> float | None:
        """lhs − rhs with the cells' values (and `override`); None if an operand is unknown."""
        total = self.lhs.const - self.rhs.const
        for key, coef in self.coefs.items():
            v = (override or {}).get(key, self.value(key))
            if v is None:
                return None
            total += coef * v
        return total

    def value(self, key: Key) -> float | None:
        ref = self.refs.get(key)
        return ref.value if ref is not None else None

    def holds_with(self, override: dict[Key, float]) -> bool:
        """Would the instance hold (or stay satisfiable) with `override` applied?"""
        r = self.residual(override)
        if r is None:
            return self.satisfiable(override)
        ok = compare(self.rel.expr.op, r, 0.0)
        if ok and self.rel.integer:
            ok = all(float(v).is_integer() for k in self.coefs
                     if (v := override.get(k, self.value(k))) is not None)
        return ok

    def satisfiable(self, override: dict[Key, float] | None = None) -> bool:
        """Can non-negative values in the blank/text cells make the instance hold?"""
        known = self.lhs.const - self.rhs.const
        unknown: list[float] = []
        for key, coef in self.coefs.items():
            v = (override or {}).get(key, self.value(key))
            if v is None:
                unknown.append(coef)
            else:
                known += coef * v
        lo = 0.0 if all(c >= 0 for c in unknown) else -math.inf
        hi = 0.0 if all(c <= 0 for c in unknown) else math.inf
        op = self.rel.expr.op
        if op == "==":
            return _le(known + lo, 0.0) and _le(0.0, known + hi)
        if op in ("<=", "<"):
            return known + lo < 0 or (op == "<=" and compare("==", known + lo, 0.0))
        if op in (">=", ">"):
            return known + hi > 0 or (op == ">=" and compare("==", known + hi, 0.0))
        return True

    def side_values(self) -> tuple[float, float]:
        """The two sides over the cells that hold numbers (blanks left out)."""
        return _known(self.lhs, self), _known(self.rhs, self)

    def unknown_cells(self) -> list[CellRef]:
        return [r for k, r in self.refs.items() if k in self.coefs and r.state in UNKNOWN_STATES]


def _le(a: float, b: float) -> bool:
    return a < b or compare("==", a, b)


def _known(form: Form, inst: Instance) -> float:
    total = form.const
    for key, coef in form.coefs.items():
        v = inst.value(key)
        if v is not None:
            total += coef * v
    return total


@dataclass
class CellFailure:
    """A value cell breaking a per-cell relation of the template (`cell >= 0`, integer)."""

    rel: RelationDef
    row: str
    column: str
    cell: Cell
    reason: str  # "negative" | "fraction" | "other"


@dataclass
class TableRelations:
    """Every relation instance of one bound table; per-cell relations are kept apart (they are
    many, and only their failures and the constraint they put on a changed cell matter)."""

    key: str
    tdef: TableDef
    template: Template
    _instances: list[Instance]
    unreadable_rows: list[str]
    cell_rules: list[tuple[RelationDef, frozenset[str], frozenset[str] | None]] = field(
        default_factory=list)  # (relation, its rows, its columns or None for all)
    cell_failures: list[CellFailure] = field(default_factory=list)
    # Set when every relation holds on plain numbers: the instances are built only if asked for.
    deferred: tuple[BoundTable, list[RelationDef]] | None = None

    @property
    def instances(self) -> list[Instance]:
        if self.deferred is not None:
            bound, rels = self.deferred
            self.deferred = None
            self._instances = _instances(bound, self.tdef, rels)
        return self._instances

    def failing(self) -> list[Instance]:
        if self.deferred is not None:
            return []  # every instance holds
        return [i for i in self.instances if i.state in ("failed", "bound")]

    def cell_ok(self, key: Key, value: float) -> bool:
        """Would `value` in the cell at `key` satisfy the table's per-cell relations?"""
        return all(cell_holds(rel, value) for rel, rows, cols in self.cell_rules
                   if key[0] in rows and (cols is None or key[1] in cols))


def analyze(report: Report) -> dict[str, TableRelations]:
    """Relation instances per bound table (cached on the report for all TOT rules)."""
    cached = report.cache.get(CACHE_KEY)
    if cached is None:
        cached = report.cache[CACHE_KEY] = _analyze(report)
    return cached


def _analyze(report: Report) -> dict[str, TableRelations]:
    from report_lint.templates import load_templates

    templates = load_templates()
    out: dict[str, TableRelations] = {}
    for key, bound in report.tables.items():
        template = templates.get(bound.template)
        tdef = template.tables.get(key) if template is not None else None
        if template is None or tdef is None:
            continue
        out[key] = _table(bound, tdef, template)
    return out


def _table(bound: BoundTable, tdef: TableDef, template: Template) -> TableRelations:
    from report_lint.templates.expr import relation_rows

    unreadable = [k for k, row in bound.rows.items() if row.unreadable]
    tr = TableRelations(bound.key, tdef, template, [], unreadable)
    rels = [rel for rel in template.relations if rel.table == bound.key]
    for rel in rels:
        if rel.for_each == "cell":
            rows = frozenset(relation_rows(rel, tdef))
            cols = frozenset(rel.columns) if rel.columns else None
            tr.cell_rules.append((rel, rows, cols))
            tr.cell_failures += _cell_failures(rel, bound, rows, cols)
    # Most tables satisfy every relation: checked on plain numbers first, the instances (needed
    # only to explain a failure) are then built only on demand.
    others = [rel for rel in rels if rel.for_each != "cell"]
    plain = _plain_values(bound)
    if all(_plainly_holds(rel, tdef, plain) for rel in others):
        tr.deferred = (bound, others)
    else:
        tr._instances = _instances(bound, tdef, others)
    return tr


def _instances(bound: BoundTable, tdef: TableDef, rels: list[RelationDef]) -> list[Instance]:
    from report_lint.templates.expr import evaluate_relation

    return [_instance(r, tdef) for rel in rels for r in evaluate_relation(rel, tdef, bound)]


Plain = dict[Key, float | None]  # (row, column) → whole number; None: anything else


def _plain_values(bound: BoundTable) -> tuple[Plain, set[str]]:
    """The values `CellRef.value` would give, for the cells that hold exact whole numbers
    (sums of those are exact, so checking them here agrees with `evaluate_relation`), and the
    readable rows."""
    out: Plain = {}
    rows = set()
    for key, row in bound.rows.items():
        if row.unreadable:
            continue
        rows.add(key)
        for col, cell in zip(row.columns, row.cells):
            k = (key, col)
            if k in out:
                continue  # first occurrence wins, as in `BoundRow.cell`
            v = cell.value if cell is not None and cell.kind == "number" else None
            out[k] = v if v is not None and float(v).is_integer() else None
    return out, rows


Side = tuple[tuple[tuple[Key, float], ...], float]  # (coef per cell, const)
_SCOPES: dict[tuple[RelationDef, TableDef], list[tuple[str, Side | None, Side | None]]] = {}


def _scopes(rel: RelationDef, tdef: TableDef) -> list[tuple[str, Side | None, Side | None]]:
    """(scope, lhs, rhs) of each instance a relation may have (None: a non-whole constant)."""
    got = _SCOPES.get((rel, tdef))
    if got is None:
        from report_lint.templates.expr import relation_columns, relation_rows

        names = relation_columns(rel, tdef) if rel.for_each == "column" else relation_rows(rel, tdef)
        got = []
        for scope in names:
            lhs, rhs, _ = _forms(rel, tdef, scope)
            got.append((scope, _side(lhs), _side(rhs)))
        _SCOPES[(rel, tdef)] = got
    return got


def _side(form: Form) -> Side | None:
    return (tuple(form.coefs.items()), form.const) if float(form.const).is_integer() else None


def _plainly_holds(rel: RelationDef, tdef: TableDef, plain: tuple[Plain, set[str]]) -> bool:
    """Whether every instance of a per-column or per-row relation is evaluable on whole
    numbers and holds; False whenever in doubt (the full evaluation then decides)."""
    values, rows = plain
    per_row = rel.for_each != "column"
    op = rel.expr.op
    for scope, lhs, rhs in _scopes(rel, tdef):
        if per_row and scope not in rows:
            continue  # absent: no instance; unreadable: its instance makes no claim
        a, b = _plain_side(lhs, values), _plain_side(rhs, values)
        if a is None or b is None or not compare(op, a, b):
            return False
    return True


def _plain_side(side: Side | None, values: Plain) -> float | None:
    if side is None:
        return None
    items, total = side
    for key, coef in items:
        v = values.get(key)
        if v is None:
            return None
        total += coef * v
    return total


_CELL: dict[RelationDef, tuple[float, float]] = {}


def cell_holds(rel: RelationDef, value: float) -> bool:
    """A per-cell relation (`cell` is its only name) on one number, as `expr.evaluate` would:
    `coef·cell + const OP 0`, and a whole number when the relation says `integer`."""
    coef, const = _cell_form(rel)
    if rel.integer and not float(value).is_integer():
        return False
    return compare(rel.expr.op, coef * value + const, 0.0)


def _cell_form(rel: RelationDef) -> tuple[float, float]:
    """(coef, const) of a per-cell relation: `coef·cell + const OP 0`."""
    got = _CELL.get(rel)
    if got is None:
        lhs, rhs, coefs = _forms(rel, None, "")
        got = _CELL[rel] = (coefs.get(("", ""), 0.0), lhs.const - rhs.const)
    return got


def _cell_failures(rel: RelationDef, bound: BoundTable, rows: frozenset[str],
                   cols: frozenset[str] | None) -> list[CellFailure]:
    """Readable number cells that break a per-cell relation (blank/text cells: not evaluable)."""
    out = []
    coef, const = _cell_form(rel)
    op, integer = rel.expr.op, rel.integer
    non_negative = (coef, const, op) == (1.0, 0.0, ">=")  # `cell >= 0`: whole v >= 0 holds
    for key in rows:
        row = bound.rows.get(key)
        if row is None or row.unreadable:
            continue
        for col, cell in zip(row.columns, row.cells):
            if cell is None or cell.kind != "number" or (cols is not None and col not in cols):
                continue
            v = cell.value
            if v is None:
                continue
            if non_negative and type(v) is int and v >= 0:
                continue
            # cell_holds(rel, v), inlined: this runs for every number cell of every report
            if (not integer or float(v).is_integer()) and compare(op, coef * v + const, 0.0):
                continue
            reason = ("negative" if v < 0 else
                      "fraction" if not float(v).is_integer() else "other")
            out.append(CellFailure(rel, key, col, cell, reason))
    if not out:
        return out
    order = {k: i for i, k in enumerate(bound.rows)}
    out.sort(key=lambda f: (order.get(f.row, 0), bound.rows[f.row].columns.index(f.column)))
    return out


# Linear forms depend only on the relation, the table definition and the scope, and templates
# are loaded once per process: they are computed once.
_FORMS: dict[tuple[RelationDef, TableDef | None, str], tuple[Form, Form, dict[Key, float]]] = {}


def _forms(rel: RelationDef, tdef: TableDef | None, scope: str
           ) -> tuple[Form, Form, dict[Key, float]]:
    key = (rel, tdef, scope)  # keyed by the objects (identity-hashed), which the cache keeps alive
    got = _FORMS.get(key)
    if got is None:
        lhs, rhs = Form(), Form()
        lhs.const = _linear(rel.expr.lhs, 1.0, rel, tdef, scope, lhs)
        rhs.const = _linear(rel.expr.rhs, 1.0, rel, tdef, scope, rhs)
        coefs = dict(lhs.coefs)
        for k, c in rhs.coefs.items():
            coefs[k] = coefs.get(k, 0.0) - c
        got = _FORMS[key] = (lhs, rhs, {k: c for k, c in coefs.items() if c})
    return got


def _instance(result: RelationResult, tdef: TableDef) -> Instance:
    rel = result.relation
    lhs, rhs, coefs = _forms(rel, tdef, result.scope or "")
    refs = {(c.row, c.column or ""): c for c in result.cells}
    inst = Instance(rel, result, lhs, rhs, coefs, refs, "skip")
    inst.state = _state(inst)
    return inst


def _state(inst: Instance) -> State:
    status = inst.result.status
    if status == "ok":
        return "ok"
    if status == "failed":
        return "failed"
    states = {c.state for c in inst.result.problems}
    if not states <= set(UNKNOWN_STATES):
        return "skip"  # unreadable or absent operands: no claim either way
    return "open" if inst.satisfiable() else "bound"


def _linear(node: ast.expr, sign: float, rel: RelationDef, tdef: TableDef | None, scope: str,
            form: Form) -> float:
    """Add `sign·node` to `form`; return the constant part."""
    if isinstance(node, ast.Constant):
        return sign * float(node.value)
    if isinstance(node, ast.UnaryOp):
        s = -sign if isinstance(node.op, ast.USub) else sign
        return _linear(node.operand, s, rel, tdef, scope, form)
    if isinstance(node, ast.BinOp):
        right = sign if isinstance(node.op, ast.Add) else -sign
        return (_linear(node.left, sign, rel, tdef, scope, form)
                + _linear(node.right, right, rel, tdef, scope, form))
    if isinstance(node, ast.Call):
        const = 0.0
        for arg in node.args:
            if isinstance(arg, ast.Name) and tdef is not None and arg.id in tdef.sets:
                for row in tdef.sets[arg.id]:  # type: ignore[union-attr]
                    form.add(_key(rel, scope, row), sign)
            else:
                const += _linear(arg, sign, rel, tdef, scope, form)
        return const
    if isinstance(node, ast.Name):
        form.add(_key(rel, scope, node.id), sign)
        return 0.0
    raise ValueError(f"unsupported expression node {type(node).__name__}")


def _key(rel: RelationDef, scope: str, name: str) -> Key:
    if rel.for_each == "column":
        return (name, scope)
    if rel.for_each == "row":
        return (scope, name)
    return ("", "")  # per-cell: the one cell
