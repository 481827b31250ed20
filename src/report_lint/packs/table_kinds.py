"""Pack rule kinds over the bound statistical tables: relation and required-row.

Both name rows and columns by the template keys of `rules/templates/*.toml` (e.g. table 三's
`new`, `carried_over`, `total` rows; table 二's `fees` row and `amount` column). A relation is
written in the same expression language as the national relations (`templates/expr.py`) and is
checked against each template it is valid for; a report is checked with the template its table
was bound with.
"""
from __future__ import annotations

from typing import Any, Iterator

from ..findings import Finding
from ..model import BoundTable, Report
from ..rules import RuleContext
from ..source import Span
from ..templates import (RelationDef, RelationResult, TableDef, Template, TemplateError,
                         evaluate_relation, load_templates, parse_relation)
from .base import Compiled, Kind
from .schema import Checker, RuleSpec
from .scopes import TABLE_NAMES, Scope, first_line

_CELL_WORDS = {"blank": "空白", "text": "非数字", "missing": "缺失"}


def _templates(spec: RuleSpec, c: Checker) -> dict[str, Template]:
    """The templates a table rule is written for: its `templates`, else every national one."""
    known = load_templates()
    if spec.templates is None:
        return {tid: t for tid, t in known.items() if spec.table in t.tables}
    bad = [t for t in spec.templates if t not in known]
    if bad:
        raise c.error(f"templates 中未知的模板 {', '.join(bad)}（可用：{', '.join(known)}）", "templates")
    return {tid: known[tid] for tid in spec.templates}


def _relation(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    data: dict[str, Any] = {"id": spec.code, "table": spec.table, "severity": spec.severity,
                            "description": spec.message,
                            "expr": c.get("expr", str, required=True),
                            "for_each": c.get("for_each", str, required=True)}
    for key, typ in (("rows", list), ("columns", list), ("integer", bool)):
        if key in c.data:
            data[key] = c.get(key, typ)
    rels: dict[str, tuple[RelationDef, TableDef]] = {}
    problems = []
    for tid, t in _templates(spec, c).items():
        try:
            rels[tid] = (parse_relation(data, f"模板 {tid}", "relation", t.tables), t.tables[spec.table])
        except TemplateError as exc:
            problems.append(str(exc))
            if spec.templates is not None:
                raise c.error(str(exc), "expr") from None
    if not rels:
        raise c.error("；".join(problems) or f"没有哪个模板有 {spec.table} 表", "expr")
    return Compiled(_relation_check(spec, rels),
                    f"{TABLE_NAMES[spec.table]}满足 `{data['expr']}`（按{_FOR_EACH[data['for_each']]}"
                    f"计算；适用模板：{', '.join(rels)}）。空白或非数字单元格不参与（不当作 0），"
                    "由 TOT 规则另行报告。")


_FOR_EACH = {"column": "列", "row": "行", "cell": "单元格"}


def _relation_check(spec: RuleSpec, rels: dict[str, tuple[RelationDef, TableDef]]):
    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        bound = report.table(spec.table or "")
        if bound is None or bound.template not in rels:
            return
        rel, tdef = rels[bound.template]
        for res in evaluate_relation(rel, tdef, bound):
            if res.status == "failed":
                yield _relation_finding(spec, ctx, res, tdef, bound, report)
    return check


def _relation_finding(spec: RuleSpec, ctx: RuleContext, res: RelationResult, tdef: TableDef,
                      bound: BoundTable, report: Report) -> Finding:
    where = _scope_name(res, tdef)
    detail = f"左边为 {_fmt(res.lhs)}，右边为 {_fmt(res.rhs)}"
    if res.reason:
        detail += f"（{res.reason}）"
    span = next((r.cell.span for r in res.cells if r.cell is not None), None)
    return ctx.finding(f"{spec.message}（{TABLE_NAMES[res.table]}{where}不满足 {res.relation.expr}："
                       f"{detail}）", span or _table_anchor(report, bound),
                       table=res.table, scope=res.scope, lhs=res.lhs, rhs=res.rhs)


def _scope_name(res: RelationResult, tdef: TableDef) -> str:
    if res.relation.for_each == "row":
        row = tdef.row(res.scope or "")
        return f"「{row.label if row else res.scope}」行"
    if res.relation.for_each == "cell":
        row_key, _, col = (res.scope or "").partition("/")
        row = tdef.row(row_key)
        return f"「{row.label if row else row_key}」行「{_column_label(tdef, row_key, col)}」列"
    first = res.cells[0].row if res.cells else ""
    return f"「{_column_label(tdef, first, res.scope or '')}」列"


def _column_label(tdef: TableDef, row: str, col: str) -> str:
    cs = tdef.column_set_of(row)
    column = cs.column(col) if cs is not None else None
    return column.label if column is not None else col


def _fmt(v: float | int | None) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _table_anchor(report: Report, bound: BoundTable) -> Span | None:
    return first_line(report, bound.table.span.start) if bound.table is not None else None


def _required_row(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    key = c.get("row", str, required=True)
    filled = c.get("filled", bool, default=False)
    labels = {}
    for tid, t in _templates(spec, c).items():
        row = t.tables[spec.table].row(key) if spec.table in t.tables else None
        if row is not None and not row.group:
            labels[tid] = row.label
        elif spec.templates is not None:
            raise c.error(f"模板 {tid} 的 {spec.table} 表没有可填数值的行 {key!r}", "row")
    if not labels:
        raise c.error(f"没有哪个模板的 {spec.table} 表有可填数值的行 {key!r}", "row")

    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        bound = report.table(spec.table or "")
        if bound is None or bound.template not in labels:
            return
        label, name = labels[bound.template], TABLE_NAMES[bound.key]
        row = bound.row(key)
        if row is None:
            yield ctx.finding(f"{spec.message}（{name}中没有「{label}」行）",
                              _table_anchor(report, bound), table=bound.key, row=key)
            return
        empty = [c for c in row.cells if c is None or c.kind != "number"]
        if filled and (empty or row.unreadable):
            found = "、".join(dict.fromkeys(
                _CELL_WORDS.get(c.kind if c else "missing", c.kind if c else "缺失") for c in empty))
            yield ctx.finding(f"{spec.message}（{name}「{label}」行未填数值：{found or '无法读取'}）",
                              row.label_span or _table_anchor(report, bound), table=bound.key, row=key)

    need = "且每格填有数值" if filled else ""
    return Compiled(check, f"{TABLE_NAMES[spec.table]}须有「{'」/「'.join(dict.fromkeys(labels.values()))}」行"
                           f"{need}（行 key `{key}`；适用模板：{', '.join(labels)}）。")


TABLE_KINDS = (
    Kind("relation", ("expr", "for_each", "rows", "columns", "integer"), ("table",), _relation,
         "统计表勾稽关系：对模板行/列 key 的表达式，语言同国家模板"),
    Kind("required-row", ("row", "filled"), ("table",), _required_row,
         "统计表须有某一行（可要求每格填数）"),
)
