"""A tiny, safe expression language for the arithmetic relations (勾稽关系) of the tables.

Grammar (parsed with `ast` in eval mode, then checked node by node; nothing is ever `eval`-ed)::

    relation := side OP side              OP: == != < <= > >=   (exactly one comparison)
    side     := term (("+" | "-") term)*
    term     := NAME | NUMBER | "-" term | "+" term | "(" side ")" | "sum(" arg ("," arg)* ")"
    arg      := side | SET_NAME

A NAME is a row key (relations evaluated per column), a column key (per row) or `cell` (per cell).
A SET_NAME is a named set of rows (e.g. `leaves`) and is only allowed directly inside `sum(...)`.
The same language is used by the national templates and by province packs (`relation` rules).

Evaluation never treats a blank or a text cell as 0: if any operand is not a number the relation
is *not evaluable* (status ``not_evaluable``), which is different from *failed*.
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Collection, Iterable, Literal, Mapping, Sequence

from ..model import BoundTable, Cell

if TYPE_CHECKING:
    from .schema import RelationDef, TableDef, Template

Number = int | float
OperandState = Literal["number", "blank", "text", "missing", "unreadable"]
Status = Literal["ok", "failed", "not_evaluable"]

MAX_SOURCE = 2000
MAX_DEPTH = 40
_OPS: dict[type, str] = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
                         ast.Gt: ">", ast.GtE: ">="}
_STATE_WORDS = {"blank": "空白", "text": "非数字", "missing": "缺失", "unreadable": "无法读取"}


Resolver = Callable[[str], Sequence["Term"]]
Compiled = Callable[[Resolver, list["Term"]], "Number | None"]


class ExprError(ValueError):
    """An expression is outside the grammar (or names something it may not)."""


@dataclass(frozen=True)
class Expr:
    """A parsed, validated relation: `lhs OP rhs`."""

    source: str
    op: str
    lhs: ast.expr
    rhs: ast.expr
    names: frozenset[str]  # plain operand names
    set_names: frozenset[str]  # names used as sets inside sum(...)
    # The sides compiled to closures once (evaluation runs for every cell of every report).
    lhs_fn: Compiled = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    rhs_fn: Compiled = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.source


def parse(source: str, sets: Collection[str] = ()) -> Expr:
    """Parse and validate `source`; `sets` are the names that denote row sets.

    Raises `ExprError` for anything outside the grammar: attribute access, subscripts, calls other
    than `sum`, `*` `/` `**`, boolean operators, chained comparisons, strings, lambdas, …
    """
    if not isinstance(source, str) or not source.strip():
        raise ExprError("空表达式")
    if len(source) > MAX_SOURCE:
        raise ExprError(f"表达式过长（超过 {MAX_SOURCE} 个字符）")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"表达式语法错误：{exc.msg}") from None
    body = tree.body
    if not isinstance(body, ast.Compare):
        raise ExprError("关系必须是一个比较（==、!=、<、<=、>、>=）")
    if len(body.ops) != 1:
        raise ExprError("只允许一个比较运算符（不支持连写比较）")
    if type(body.ops[0]) not in _OPS:
        raise ExprError(f"不允许的比较运算符：{type(body.ops[0]).__name__}")
    names: set[str] = set()
    used_sets: set[str] = set()
    sets = frozenset(sets)
    _check_side(body.left, sets, names, used_sets, 0)
    _check_side(body.comparators[0], sets, names, used_sets, 0)
    lhs, rhs = body.left, body.comparators[0]
    return Expr(source.strip(), _OPS[type(body.ops[0])], lhs, rhs, frozenset(names),
                frozenset(used_sets), _compile(lhs), _compile(rhs))


def _check_side(node: ast.AST, sets: frozenset[str], names: set[str], used_sets: set[str],
                depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ExprError("表达式嵌套过深")
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        _check_side(node.left, sets, names, used_sets, depth + 1)
        _check_side(node.right, sets, names, used_sets, depth + 1)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check_side(node.operand, sets, names, used_sets, depth + 1)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExprError(f"不允许的常量：{node.value!r}")
    elif isinstance(node, ast.Name):
        if node.id in sets:
            raise ExprError(f"行集合 {node.id} 只能写在 sum(...) 里")
        names.add(node.id)
    elif isinstance(node, ast.Call):
        _check_sum(node, sets, names, used_sets, depth)
    else:
        raise ExprError(f"不允许的语法：{_describe(node)}")


def _check_sum(node: ast.Call, sets: frozenset[str], names: set[str], used_sets: set[str],
               depth: int) -> None:
    if not (isinstance(node.func, ast.Name) and node.func.id == "sum"):
        raise ExprError(f"只允许调用 sum(...)，不允许：{_describe(node.func)}")
    if node.keywords or not node.args:
        raise ExprError("sum(...) 需要至少一个位置参数，且不接受关键字参数")
    for arg in node.args:
        if isinstance(arg, ast.Name) and arg.id in sets:
            used_sets.add(arg.id)
        elif isinstance(arg, ast.Starred):
            raise ExprError("sum(...) 不接受 *参数")
        else:
            _check_side(arg, sets, names, used_sets, depth + 1)


def _describe(node: ast.AST) -> str:
    try:
        return f"{type(node).__name__}（{ast.unparse(node)}）"
    except Exception:  # pragma: no cover - unparse handles every node we can meet
        return type(node).__name__


# --- generic evaluation -------------------------------------------------------------------

@dataclass(slots=True)
class Term:
    """One operand as the evaluator saw it; `ref` is whatever the resolver attached (a CellRef)."""

    name: str
    state: OperandState
    value: Number | None = None
    ref: object | None = None


@dataclass(slots=True)
class Outcome:
    holds: bool | None  # None: not evaluable
    lhs: Number | None
    rhs: Number | None
    terms: list[Term] = field(default_factory=list)

    @property
    def bad(self) -> list[Term]:
        return [t for t in self.terms if t.state != "number"]


def evaluate_expr(expr: Expr, resolve: Resolver) -> Outcome:
    """Evaluate `expr`; `resolve(name)` gives one Term for a name, any number for a set name."""
    terms: list[Term] = []
    lhs = expr.lhs_fn(resolve, terms)
    rhs = expr.rhs_fn(resolve, terms)
    if lhs is None or rhs is None:
        return Outcome(None, lhs, rhs, terms)
    return Outcome(compare(expr.op, lhs, rhs), lhs, rhs, terms)


def holds(expr: Expr, values: Mapping[str, Number | None],
          sets: Mapping[str, Sequence[str]] | None = None) -> bool | None:
    """Evaluate against plain values (None = not a number); used to test candidate readings."""
    def resolve(name: str) -> list[Term]:
        keys = (sets or {}).get(name, (name,))
        return [Term(k, "number" if values.get(k) is not None else "missing", values.get(k))
                for k in keys]
    return evaluate_expr(expr, resolve).holds


def compare(op: str, a: Number, b: Number) -> bool:
    """Compare with a small tolerance, so decimal money sums (0.1 + 0.2) compare as written."""
    eq = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
    if op == "==":
        return eq
    if op == "!=":
        return not eq
    if op == "<":
        return a < b and not eq
    if op == "<=":
        return a < b or eq
    if op == ">":
        return a > b and not eq
    return a > b or eq


def _compile(node: ast.AST) -> Compiled:
    """A validated side as a closure `(resolve, terms) -> value | None`.

    Every operand is resolved even after a non-number, so `terms` lists all cells involved."""
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda _r, _t: value
    if isinstance(node, ast.Name):
        name = node.id
        return lambda r, t: _sum_terms(r(name), t)
    if isinstance(node, ast.UnaryOp):
        inner = _compile(node.operand)
        if isinstance(node.op, ast.UAdd):
            return inner
        return lambda r, t: None if (v := inner(r, t)) is None else -v
    if isinstance(node, ast.BinOp):
        left, right, add = _compile(node.left), _compile(node.right), isinstance(node.op, ast.Add)
        def binop(r: Resolver, t: list[Term]) -> Number | None:
            a, b = left(r, t), right(r, t)
            if a is None or b is None:
                return None
            return a + b if add else a - b
        return binop
    if isinstance(node, ast.Call):  # sum(...), validated at parse time
        parts = [_compile(arg) for arg in node.args]
        def total(r: Resolver, t: list[Term]) -> Number | None:
            vals = [p(r, t) for p in parts]
            return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]
        return total
    raise ExprError(f"不允许的语法：{_describe(node)}")  # pragma: no cover - parse() rejects it


def _sum_terms(found: Sequence[Term], terms: list[Term]) -> Number | None:
    terms.extend(found)
    if any(t.state != "number" or t.value is None for t in found):
        return None
    return sum(t.value for t in found)  # type: ignore[misc]


# --- relations over bound tables ----------------------------------------------------------

@dataclass(slots=True)
class CellRef:
    """A cell a relation reads: table/row/column keys plus the cell (None when it is absent)."""

    table: str
    row: str
    column: str | None
    cell: Cell | None
    state: OperandState = "missing"

    @property
    def value(self) -> Number | None:
        return self.cell.value if self.state == "number" and self.cell is not None else None


@dataclass(slots=True)
class RelationResult:
    """One instance of a relation (one column, one row or one cell) and how it came out."""

    relation: RelationDef
    table: str
    scope: str | None  # column key, row key, or "row/column" for per-cell relations
    status: Status
    lhs: Number | None
    rhs: Number | None
    cells: list[CellRef] = field(default_factory=list)
    problems: list[CellRef] = field(default_factory=list)  # blank / text / missing operands
    reason: str | None = None

    @property
    def holds(self) -> bool | None:
        return None if self.status == "not_evaluable" else self.status == "ok"


def evaluate(template: Template, tables: Mapping[str, BoundTable]) -> list[RelationResult]:
    """Evaluate every relation of `template` on the tables that were bound with that template.

    Tables bound with another template are skipped (their row keys differ); to evaluate a report
    whose tables follow different templates, call this once per template.
    """
    results: list[RelationResult] = []
    for rel in template.relations:
        bound = tables.get(rel.table)
        tdef = template.tables.get(rel.table)
        if bound is None or tdef is None or bound.template != template.id:
            continue
        results.extend(evaluate_relation(rel, tdef, bound))
    return results


def evaluate_relation(rel: RelationDef, tdef: TableDef, bound: BoundTable) -> list[RelationResult]:
    """All instances of one relation on one bound table."""
    plan = _plan(rel, tdef)
    if rel.for_each == "column":
        return [plan.run(bound, col, [_ref(bound, row, col) for row in plan.operands])
                for col in plan.columns]
    if rel.for_each == "row":
        return [plan.run(bound, row, _row_refs(bound, row, plan.operands))
                for row in plan.rows if row in bound.rows]
    out: list[RelationResult] = []
    for row in plan.rows:
        brow = bound.rows.get(row)
        if brow is None:
            continue
        for col in rel.columns or tuple(brow.columns):
            ref = _ref(bound, row, col)
            out.append(plan.run(bound, f"{row}/{col}", [ref] * len(plan.operands)))
    return out


class _Plan:
    """One relation on one table definition, compiled once: its operands in evaluation order
    (row sets expanded for per-column relations) and each side as a Python function of the
    operand values, doing the same additions in the same order as the closures of `_compile`.

    `compile` is safe here: the source is generated from an AST that `parse` has validated, and
    names nothing but the value list, the constants and `sum`."""

    __slots__ = ("rel", "operands", "columns", "rows", "n_lhs", "lhs", "rhs")

    def __init__(self, rel: RelationDef, tdef: TableDef) -> None:
        self.rel = rel
        sets = tdef.sets if rel.for_each == "column" else {}
        operands: list[str] = []
        consts: list[Number] = []
        lhs = _source(rel.expr.lhs, sets, operands, consts)
        self.n_lhs = len(operands)
        rhs = _source(rel.expr.rhs, sets, operands, consts)
        self.operands = tuple(operands)  # row keys (per column), column keys (per row) or `cell`
        self.lhs = _function(lhs, consts)
        self.rhs = _function(rhs, consts)
        self.columns = relation_columns(rel, tdef) if rel.for_each == "column" else ()
        self.rows = relation_rows(rel, tdef) if rel.for_each != "column" else ()

    def run(self, bound: BoundTable, scope: str, cells: list[CellRef]) -> RelationResult:
        """The relation on one instance's operand cells (what `_run` computes via terms)."""
        rel = self.rel
        values = [c.value for c in cells]
        n = self.n_lhs
        lhs = None if None in values[:n] else self.lhs(values)
        rhs = None if None in values[n:] else self.rhs(values)
        if lhs is None or rhs is None:
            problems = [c for c in cells if c.state != "number"]
            words = sorted({_STATE_WORDS.get(c.state, c.state) for c in problems})
            return RelationResult(rel, bound.key, scope, "not_evaluable", lhs, rhs, cells,
                                  problems, "、".join(words) or None)
        ok, reason = compare(rel.expr.op, lhs, rhs), None
        if ok and rel.integer:
            frac = [c for c in cells if c.value is not None and not float(c.value).is_integer()]
            if frac:
                ok, reason = False, "非整数"
        return RelationResult(rel, bound.key, scope, "ok" if ok else "failed", lhs, rhs,
                              cells, [], reason)


_PLANS: dict[tuple[RelationDef, TableDef], _Plan] = {}  # by identity; templates live on


def _plan(rel: RelationDef, tdef: TableDef) -> _Plan:
    key = (rel, tdef)
    got = _PLANS.get(key)
    if got is None:
        got = _PLANS[key] = _Plan(rel, tdef)
    return got


def _source(node: ast.AST, sets: Mapping[str, Sequence[str]], operands: list[str],
            consts: list[Number]) -> str:
    """Python source of a validated side over `v` (operand values) and `c` (constants)."""
    if isinstance(node, ast.Constant):
        consts.append(node.value)
        return f"c[{len(consts) - 1}]"
    if isinstance(node, ast.Name):  # `sum(t.value for t in found)` over the name's operands
        first = len(operands)
        operands.extend(sets.get(node.id, (node.id,)))
        refs = [f"v[{i}]" for i in range(first, len(operands))]
        return f"(0 + {refs[0]})" if len(refs) == 1 else f"sum(({''.join(r + ', ' for r in refs)}))"
    if isinstance(node, ast.UnaryOp):
        inner = _source(node.operand, sets, operands, consts)
        return inner if isinstance(node.op, ast.UAdd) else f"(-{inner})"
    if isinstance(node, ast.BinOp):
        left = _source(node.left, sets, operands, consts)
        right = _source(node.right, sets, operands, consts)
        return f"({left} {'+' if isinstance(node.op, ast.Add) else '-'} {right})"
    if isinstance(node, ast.Call):  # sum(...), validated at parse time
        parts = [_source(arg, sets, operands, consts) for arg in node.args]
        return f"sum(({''.join(p + ', ' for p in parts)}))"
    raise ExprError(f"不允许的语法：{_describe(node)}")  # pragma: no cover - parse() rejects it


def _function(source: str, consts: list[Number]) -> Callable[[list[Number]], Number]:
    code = compile(f"lambda v: {source}", "<relation>", "eval")
    return eval(code, {"__builtins__": {}, "sum": sum, "c": tuple(consts)})  # noqa: S307


def relation_columns(rel: RelationDef, tdef: TableDef) -> tuple[str, ...]:
    """The columns a per-column relation runs over: its own list, else the rows' column set."""
    if rel.columns:
        return rel.columns
    for name in sorted(rel.expr.names) + sorted(rel.expr.set_names):
        for row in tdef.sets.get(name, (name,)):
            cs = tdef.column_set_of(row)
            if cs is not None:
                return cs.keys
    return ()


def relation_rows(rel: RelationDef, tdef: TableDef) -> tuple[str, ...]:
    """The rows a per-row or per-cell relation runs over: its own list, else every value row
    whose column set has all the names the expression uses."""
    if rel.rows:
        return rel.rows
    out = []
    for row in tdef.value_rows():
        cs = tdef.column_set_of(row.key)
        if cs is not None and (rel.for_each == "cell" or rel.expr.names <= set(cs.keys)):
            out.append(row.key)
    return tuple(out)


def _row_refs(bound: BoundTable, row: str, columns: Sequence[str]) -> list[CellRef]:
    """`[_ref(bound, row, col) for col in columns]` for a row that is bound."""
    brow = bound.rows[row]
    key, unreadable = bound.key, brow.unreadable
    out = []
    for col in columns:
        cell = brow.cell(col)
        state = "unreadable" if unreadable else "missing" if cell is None else cell.kind
        out.append(CellRef(key, row, col, cell, state))
    return out


def _ref(bound: BoundTable, row: str, col: str) -> CellRef:
    brow = bound.rows.get(row)
    if brow is None:
        return CellRef(bound.key, row, col, None, "missing")
    cell = brow.cell(col)
    state = "unreadable" if brow.unreadable else "missing" if cell is None else cell.kind
    return CellRef(bound.key, row, col, cell, state)


def iter_failed(results: Iterable[RelationResult]) -> Iterable[RelationResult]:
    """The results whose relation was evaluable and does not hold."""
    return (r for r in results if r.status == "failed")
