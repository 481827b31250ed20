"""Chinese messages, spans and fixes for the relation findings (TOT301–306, TOT321–323)."""
from __future__ import annotations

import re
from typing import Any

from report_lint.findings import Fix
from report_lint.model import Cell
from report_lint.source import Source, Span

from . import labels
from .explain import Issue
from .relations import Instance, TableRelations

MAX_LISTED = 3  # relations named in an explanation message
_OP_WORDS = {"<=": "不大于", "<": "小于", ">=": "不小于", ">": "大于", "!=": "不等于", "==": "等于"}


def render(issue: Issue, source: Source) -> tuple[str, Span | None, Fix | None, dict[str, Any]]:
    """(message, span, fix, data) of one issue."""
    if issue.explanation is not None:
        msg, span, fix, data = _explanation(issue, source)
    else:
        msg, span, fix, data = _relation(issue)
    return msg, visible(span, source), fix, data


def _explanation(issue: Issue, source: Source) -> tuple[str, Span | None, Fix | None, dict]:
    exp = issue.explanation
    assert exp is not None
    tr = issue.table
    tdef = tr.tdef
    row, col = exp.key
    cell = exp.ref.cell
    new = labels.fmt(exp.value)
    old = labels.fmt(exp.ref.value)
    listed = "；".join(relation_text(tr, [i]) for i in exp.explains[:MAX_LISTED])
    more = f" 等 {len(exp.explains)} 处" if len(exp.explains) > MAX_LISTED else ""
    head = f"{labels.table_name(tdef)} {labels.cell_name(tdef, row, col)} 应为 {new}，实为 {old}"
    if exp.partners:
        others = "、".join(f"{labels.cell_name(tdef, *p.key)} 改为 {labels.fmt(p.value)}"
                           for p in exp.partners)
        msg = f"{head}：连同 {others}，本表勾稽关系全部成立（本格涉及：{listed}{more}）"
    else:
        msg = f"{head}：按 {new} 计，本表不成立的勾稽关系（{listed}{more}）全部成立"
    fix = cell_fix(cell, new, source, f"将 {labels.cell_name(tdef, row, col)} 改为 {new}")
    data = {"table": tr.key, "row": row, "column": col, "expected": exp.value,
            "found": exp.ref.value, "relations": [_ref(i) for i in exp.explains],
            "partners": [{"row": p.key[0], "column": p.key[1], "expected": p.value}
                         for p in exp.partners]}
    return msg, cell.span if cell is not None else None, fix, data


def _relation(issue: Issue) -> tuple[str, Span | None, Fix | None, dict]:
    tr = issue.table
    first = issue.instances[0]
    tdef = tr.tdef
    where = labels.scope_name(tdef, first.rel, [i.scope for i in issue.instances])
    head = f"{labels.table_name(tdef)} {where}".rstrip()
    lhs_t = labels.side_text(tdef, first.rel, first.rel.expr.lhs)
    rhs_t = labels.side_text(tdef, first.rel, first.rel.expr.rhs)
    lhs, rhs = first.side_values()
    op = first.rel.expr.op
    if first.state == "bound":
        blanks = "、".join(_cell_name(tr, c.row, c.column or "") for c in first.unknown_cells()[:3])
        body = (f"已填的 {lhs_t}（{labels.fmt(lhs)}）与 {rhs_t}（{labels.fmt(rhs)}）"
                f"不论空白单元格（{blanks} 等）填什么非负数都无法满足“{lhs_t} {_OP_WORDS[op]} {rhs_t}”")
    elif op == "==":
        diff = lhs - rhs
        word = "多" if diff > 0 else "少"
        same = "（各列相同）" if len(issue.instances) > 1 else ""
        body = (f"{lhs_t}（{labels.fmt(lhs)}）比 {rhs_t}（{labels.fmt(rhs)}）{word} "
                f"{labels.fmt(abs(diff))}{same}")
    else:
        body = (f"应 {lhs_t} {_OP_WORDS[op]} {rhs_t}，实为 {labels.fmt(lhs)} 与 "
                f"{labels.fmt(rhs)}")
    msg = f"{head}：{body}"
    data = {"table": tr.key, "relation": first.rel.id, "scopes": [i.scope for i in issue.instances],
            "lhs": lhs, "rhs": rhs, "official": first.rel.official}
    return msg, anchor(first), None, data


def relation_text(tr: TableRelations, insts: list[Instance]) -> str:
    """`总计列 一+二 = （七）总计+四` — a relation instance in a few words."""
    inst = insts[0]
    tdef = tr.tdef
    where = labels.scope_name(tdef, inst.rel, [i.scope for i in insts])
    lhs = labels.side_text(tdef, inst.rel, inst.rel.expr.lhs)
    rhs = labels.side_text(tdef, inst.rel, inst.rel.expr.rhs)
    op = "=" if inst.rel.expr.op == "==" else inst.rel.expr.op
    return f"{where} {lhs} {op} {rhs}".strip()


def anchor(inst: Instance) -> Span | None:
    """Where a relation finding points: the cell of a one-term side (the total), else the first
    cell of the left side; for a failure involving blanks, the first blank cell."""
    if inst.state == "bound":
        for ref in inst.unknown_cells():
            if ref.cell is not None:
                return ref.cell.span
    for form in (inst.lhs, inst.rhs):
        if len(form.coefs) == 1:
            ref = inst.refs.get(next(iter(form.coefs)))
            if ref is not None and ref.cell is not None:
                return ref.cell.span
    for key in inst.lhs.coefs:
        ref = inst.refs.get(key)
        if ref is not None and ref.cell is not None:
            return ref.cell.span
    return None


def visible(span: Span | None, source: Source) -> Span | None:
    """A blank cell's span is empty; widen it to the next character (the cell's `|` in text
    form) so it is never mistaken for "no position" (an empty Span is falsy)."""
    if span is None or span.end > span.start:
        return span
    if span.start < len(source.text):
        return Span(span.start, span.start + 1)
    return Span(max(span.start - 1, 0), span.start) if span.start else span


def _cell_name(tr: TableRelations, row: str, col: str) -> str:
    return labels.cell_name(tr.tdef, row, col)


def _ref(inst: Instance) -> dict[str, str]:
    return {"relation": inst.rel.id, "scope": inst.scope}


_NUMBER_TEXT = re.compile(r"[+\-－]?\d+(?:\.\d+)?")


def cell_fix(cell: Cell | None, new: str, source: Source, message: str) -> Fix | None:
    """An unsafe fix writing `new` into the cell — only when the cell's text is just its number,
    and, inside a run of digits (crawler text), only when the digit count stays the same."""
    if cell is None:
        return None
    span = cell.span
    written = source.text[span.start:span.end]
    if not _NUMBER_TEXT.fullmatch(written):
        return None
    before = source.text[span.start - 1:span.start] if span.start > 0 else ""
    after = source.text[span.end:span.end + 1]
    if (before.isdigit() or after.isdigit()) and len(new) != len(written):
        return None
    return Fix.replace(span, new, "unsafe", message)
