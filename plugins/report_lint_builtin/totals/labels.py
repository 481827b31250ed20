"""How the TOT messages name tables, rows, columns, cells and relation sides.

Everything is read from the bound template (`TableDef`): the table's section number, the rows'
official labels and their numbering (一、 / （一） / 1.), the column labels and the header groups a
column key belongs to (`review_total` → 行政复议). Nothing here knows a particular table.
"""
from __future__ import annotations

import ast
import re
from functools import lru_cache

from report_lint.templates.schema import RelationDef, RowDef, TableDef

CN_NUM = "零一二三四五六七八九十"
MAX_ROW = 18  # longer row labels are cut, with "…"
MAX_TERMS = 4  # a side with more terms is written "A至B各列之和"
_NOTE = re.compile(r"^(.+?)（[^（）]*）$")  # a trailing note: （二）部分公开（区分处理的…）
_LEVEL1 = re.compile(r"^([一二三四五六七八九十]+)、")
_LEVEL2 = re.compile(r"^（([一二三四五六七八九十]+)）")
_LEVEL3 = re.compile(r"^(\d+)[.．、]")


def table_name(tdef: TableDef) -> str:
    """表二 / 表三 / 表四 (from the section the table belongs to)."""
    n = tdef.section
    return f"表{CN_NUM[n]}" if 0 < n <= 10 else f"表（{tdef.title}）"


@lru_cache(maxsize=1024)
def level(label: str) -> int:
    """Numbering depth of a row label: 一、 → 1, （一） → 2, 1. → 3, none → 0."""
    if _LEVEL1.match(label):
        return 1
    if _LEVEL2.match(label):
        return 2
    if _LEVEL3.match(label):
        return 3
    return 0


@lru_cache(maxsize=1024)
def parent(tdef: TableDef, key: str) -> RowDef | None:
    """The nearest row above `key` with a shallower numbering (its group)."""
    rows = tdef.rows
    idx = next((i for i, r in enumerate(rows) if r.key == key), None)
    if idx is None:
        return None
    lv = level(rows[idx].label)
    if lv <= 1:
        return None
    for r in reversed(rows[:idx]):
        if 0 < level(r.label) < lv:
            return r
    return None


def _strip_note(label: str) -> str:
    m = _NOTE.match(label)
    return m.group(1) if m and len(m.group(1)) > 4 else label


def _cut(s: str, limit: int = MAX_ROW) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def row_name(tdef: TableDef, key: str) -> str:
    """A row's official label, shortened: notes dropped, a leaf prefixed with its group number
    (（三）1.属于国家秘密), long labels cut."""
    row = tdef.row(key)
    if row is None:
        return key
    label = _strip_note(row.label)
    if level(label) == 3:
        p = parent(tdef, key)
        m = _LEVEL2.match(p.label) if p is not None else None
        if m:
            label = m.group(0) + label
    return _cut(label)


def term_name(tdef: TableDef, key: str) -> str:
    """A row as a term of a relation: a top-level row by its numeral (一), others by name."""
    row = tdef.row(key)
    if row is not None and (m := _LEVEL1.match(row.label)):
        return m.group(1)
    return row_name(tdef, key)


def single_row(tdef: TableDef) -> bool:
    """A table with one value row (表四) names cells by column only."""
    return len(tdef.value_rows()) == 1


def column_label(tdef: TableDef, row: str | None, col: str) -> str:
    """A column's label, qualified by the header group its key belongs to (行政复议·结果维持)."""
    cdef = None
    cs = tdef.column_set_of(row) if row else None
    if cs is not None:
        cdef = cs.column(col)
    if cdef is None:
        cdef = next((c for s in tdef.column_sets.values() for c in s.columns if c.key == col), None)
    label = cdef.label if cdef is not None else col
    group = _group_of(tdef, col)
    return f"{group}·{label}" if group else label


@lru_cache(maxsize=256)
def _groups(tdef: TableDef) -> tuple[tuple[str, str], ...]:
    return tuple((e.key, e.label) for e in tdef.header if e.kind == "header")


def _expr_group(tdef: TableDef, rel: RelationDef) -> str | None:
    """The header group all columns of a per-row relation belong to (行政复议), if one."""
    groups = {_group_of(tdef, name) for name in rel.expr.names}
    return groups.pop() if len(groups) == 1 else None


def _group_of(tdef: TableDef, col: str) -> str | None:
    best = None
    for key, label in _groups(tdef):
        if col.startswith(key + "_") and (best is None or len(key) > len(best[0])):
            best = (key, label)
    return best[1] if best else None


def cell_name(tdef: TableDef, row: str, col: str) -> str:
    """（七）总计·总计; in a one-row table just the column (行政复议·总计)."""
    if single_row(tdef):
        return column_label(tdef, row, col)
    return f"{row_name(tdef, row)}·{column_label(tdef, row, col)}"


def scope_name(tdef: TableDef, rel: RelationDef, scopes: list[str]) -> str:
    """Where a relation instance runs: 自然人、总计列 / （七）总计行 / '' for a one-row table."""
    if rel.for_each == "column":
        cols = "、".join(column_label(tdef, None, c) for c in scopes)
        return f"{cols}列"
    if rel.for_each == "row":
        if single_row(tdef):
            return _expr_group(tdef, rel) or ""
        return "、".join(row_name(tdef, r) for r in scopes) + "行"
    return "、".join(cell_name(tdef, *s.split("/", 1)) for s in scopes)


def side_text(tdef: TableDef, rel: RelationDef, node: ast.expr) -> str:
    """A relation side in words: 一+二, （七）总计, 结果维持+结果纠正+其他结果+尚未审结 …"""
    terms = _terms(tdef, rel, node, "+")
    if len(terms) > MAX_TERMS and all(sign == "+" for sign, _ in terms):
        unit = "列" if rel.for_each == "row" else "项"
        return f"{terms[0][1]}至{terms[-1][1]}各{unit}之和"
    out = ""
    for i, (sign, name) in enumerate(terms):
        out += (name if sign == "+" else f"-{name}") if i == 0 else f"{sign}{name}"
    return out


def _terms(tdef: TableDef, rel: RelationDef, node: ast.expr, sign: str) -> list[tuple[str, str]]:
    flip = {"+": "-", "-": "+"}
    if isinstance(node, ast.BinOp):
        right = sign if isinstance(node.op, ast.Add) else flip[sign]
        return _terms(tdef, rel, node.left, sign) + _terms(tdef, rel, node.right, right)
    if isinstance(node, ast.UnaryOp):
        inner = sign if isinstance(node.op, ast.UAdd) else flip[sign]
        return _terms(tdef, rel, node.operand, inner)
    if isinstance(node, ast.Name):
        return [(sign, _name(tdef, rel, node.id))]
    if isinstance(node, ast.Call):
        out: list[tuple[str, str]] = []
        for arg in node.args:
            if isinstance(arg, ast.Name) and arg.id in tdef.sets:
                out.append((sign, set_name(tdef, arg.id)))
            else:
                out += _terms(tdef, rel, arg, sign)
        return out
    if isinstance(node, ast.Constant):
        return [(sign, fmt(node.value))]
    return [(sign, "?")]


def _name(tdef: TableDef, rel: RelationDef, name: str) -> str:
    if rel.for_each == "column":
        return term_name(tdef, name)
    if rel.for_each == "row":
        label = column_label(tdef, None, name)
        return label.rsplit("·", 1)[-1]
    return "单元格"


def set_name(tdef: TableDef, set_key: str) -> str:
    """A row set by the group all its rows belong to: 三、本年度办理结果各项之和."""
    members = tdef.sets.get(set_key, ())
    chains = [_ancestors(tdef, m) for m in members]
    common = set(chains[0]) if chains else set()
    for c in chains[1:]:
        common &= set(c)
    if chains and common:
        deepest = next(k for k in chains[0] if k in common)
        return f"{_strip_note(tdef.row(deepest).label)}各项之和"  # type: ignore[union-attr]
    return f"{set_key}各项之和"


def _ancestors(tdef: TableDef, key: str) -> list[str]:
    """Group rows above `key`, nearest first."""
    out = []
    p = parent(tdef, key)
    while p is not None:
        out.append(p.key)
        p = parent(tdef, p.key)
    return out


def fmt(v: float | int | None) -> str:
    """A number as a reader writes it (3, 2.5, 0.1234)."""
    if v is None:
        return "空"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)
