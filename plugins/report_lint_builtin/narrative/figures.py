"""The table side of TXT501: what each count the narrative can state reads in the tables.

A metric (applications received, 予以公开, 行政复议 …) has one or more accepted readings: the
counts a sentence may rightly mean. Received applications may be 一 alone or 一+二 (reports say
收到 for both) or （七）总计 (办理); a row's figure is its 总计 cell, or the sum of its other columns
when the 总计 cell is blank or disagrees with them (the TOT rules report that disagreement; here
either reading is accepted, so a sentence is never blamed for the table's own error). A sentence
is reported only when its number matches no reading; the message names the first reading.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Callable

from report_lint.model import BoundTable, Cell, Report

from ..totals import labels

REQ = "requests"
ACT = "active_disclosure"
REV = "review_litigation"
TOTAL = "total"
GROUPS = {  # table 三 groups by the prefix of their leaf rows (2019: one 其他处理 row "other")
    "withheld": ("withheld_", "（三）不予公开"),
    "unable": ("unable_", "（四）无法提供"),
    "not_processed": ("not_processed_", "（五）不予处理"),
    "other_handling": ("other", "（六）其他处理"),
}
SUITS = {"suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}
BLANK = "空白按 0 计"
RESULTS = ("upheld", "corrected", "other", "pending", "total")
RESULT_NAMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                "pending": "尚未审结", "total": "总计"}


@dataclass(frozen=True, slots=True)
class Reading:
    """One accepted value of a metric, what it is called and the cell to point at."""

    value: float
    name: str  # 表三「一、本年新收政府信息公开申请数量」总计
    cell: Cell | None
    note: str = ""  # how it was computed when not read from one cell


def readings(report: Report, metric: str) -> list[Reading]:
    """The accepted readings of `metric` in this report's tables (empty: cannot be checked)."""
    fn = _METRICS.get(metric)
    if fn is None:
        return []
    out: list[Reading] = []
    for r in fn(report):
        if r is not None and all(r.value != o.value for o in out):
            out.append(r)
    return out


# --- table 三 -------------------------------------------------------------------------------------

def _rows(bound: BoundTable, keys: list[str]) -> list[list[Reading]] | None:
    out = []
    for k in keys:
        r = _row_readings(bound, k)
        if not r:
            return None
        out.append(r)
    return out


def _row_readings(bound: BoundTable, key: str) -> list[Reading]:
    """A table-三 row's figure: its 总计 cell, and the sum of its other columns (blank columns
    as 0). A row left wholly blank reads 0 with a `BLANK` note (see `_combine`)."""
    row = bound.row(key)
    if row is None or row.unreadable:
        return []
    tdef = _tdef(bound)
    name = labels.row_name(tdef, key) if tdef is not None else row.label
    cells = [c for c in row.cells if c is not None]
    if cells and all(c.kind == "blank" for c in cells):
        return [Reading(0, f"「{name}」", cells[0], BLANK)]
    out = []
    total = row.cell(TOTAL)
    if total is not None and total.kind == "number":
        out.append(Reading(total.value, f"「{name}」总计", total))
    parts = [c for col, c in zip(row.columns, row.cells) if col != TOTAL and c is not None]
    numbers = [c.value for c in parts if c.kind == "number"]
    if numbers and all(c.kind in ("number", "blank") for c in parts):
        s = sum(numbers)
        if not out or out[0].value != s:
            note = "总计列空白，按各列之和" if not out else "各列之和"
            out.append(Reading(s, f"「{name}」", parts[0], note))
    return out


def _combine(rows: list[list[Reading]], name: str) -> list[Reading]:
    """Sums over several rows: every combination of the rows' readings. Rows left blank count
    0, but not when every row is blank: an empty group states nothing."""
    if all(r[0].note == BLANK for r in rows):
        return []
    out = []
    for combo in product(*rows):
        value = sum(r.value for r in combo)
        notes = {r.note for r in combo if r.note}
        out.append(Reading(value, name, combo[0].cell, "、".join(sorted(notes))))
    return out


def _requests(report: Report, keys: list[str], name: str | None = None) -> list[Reading]:
    bound = report.table(REQ)
    if bound is None:
        return []
    rows = _rows(bound, keys)
    if rows is None:
        return []
    if len(keys) == 1 and name is None:
        if rows[0][0].note == BLANK:
            return []
        return [Reading(r.value, f"表三{r.name}", r.cell, r.note) for r in rows[0]]
    return _combine(rows, name or "")


def _group(report: Report, group: str) -> list[Reading]:
    bound = report.table(REQ)
    if bound is None:
        return []
    prefix, name = GROUPS[group]
    keys = [k for k in bound.rows if k != "other_handling" and (
        k == prefix or k.startswith(prefix if prefix.endswith("_") else prefix + "_"))]
    return _requests(report, keys, f"表三「{name}」各项") if keys else []


def _received(report: Report) -> list[Reading]:
    return [*_requests(report, ["new"]),
            *_requests(report, ["new", "carried_over"], "表三「一、本年新收」+「二、上年结转」"),
            *_requests(report, [TOTAL])]


# --- table 四 -------------------------------------------------------------------------------------

def _review(report: Report, group: str, result: str) -> list[Reading]:
    bound = report.table(REV)
    row = bound.row("cases") if bound is not None else None
    if row is None or row.unreadable:
        return []
    groups = ["review"] if group == "review" else ["suit_direct", "suit_after_review"]
    cells = [(g, row.cell(f"{g}_{result}")) for g in groups]
    if any(c is None or c.kind not in ("number", "blank") for _, c in cells) or all(
            c.kind == "blank" for _, c in cells):
        return []
    title = "行政复议" if group == "review" else "行政诉讼"
    blank = any(c.kind == "blank" for _, c in cells)
    note = "、".join(n for n, on in (("未经复议直接起诉与复议后起诉之和", len(cells) > 1),
                                     (BLANK, blank)) if on)
    out = [Reading(sum(c.value or 0 for _, c in cells), f"表四 {title}·{RESULT_NAMES[result]}",
                   cells[0][1], note)]
    if len(cells) > 1:  # a sentence may count only one kind of suit
        out += [Reading(c.value, f"表四 {SUITS[g]}·{RESULT_NAMES[result]}", c)
                for g, c in cells if c.kind == "number"]
    return out


# --- table 二 -------------------------------------------------------------------------------------

def _documents(report: Report, row_key: str, what: str) -> list[Reading]:
    bound = report.table(ACT)
    row = bound.row(row_key) if bound is not None else None
    if row is None or row.unreadable:
        return []
    cols = {"2021": {"issued": ["issued"], "repealed": ["repealed"], "valid": ["valid"]},
            "2020": {"issued": ["made", "published"]}}.get(bound.template, {}).get(what, [])
    tdef = _tdef(bound)
    out = []
    for col in cols:
        cell = row.cell(col)
        if cell is not None and cell.kind == "number":
            label = labels.column_label(tdef, row_key, col) if tdef is not None else col
            out.append(Reading(cell.value, f"表二「{row.label}」{label}", cell))
    return out


def _decisions(report: Report, row_key: str) -> list[Reading]:
    bound = report.table(ACT)
    row = bound.row(row_key) if bound is not None else None
    if row is None or row.unreadable:
        return []
    cell = row.cell("decisions")
    if cell is None or cell.kind != "number":
        return []
    tdef = _tdef(bound)
    label = labels.column_label(tdef, row_key, "decisions") if tdef is not None else "处理决定数量"
    return [Reading(cell.value, f"表二「{row.label}」{label}", cell)]


def _tdef(bound: BoundTable):
    from report_lint.templates import load_templates

    t = load_templates().get(bound.template)
    return t.tables.get(bound.key) if t is not None else None


_METRICS: dict[str, Callable[[Report], list[Reading]]] = {
    "requests": _received,
    "requests_new": lambda r: _requests(r, ["new"]),
    "carried_over": lambda r: _requests(r, ["carried_over"]),
    "carry_forward": lambda r: _requests(r, ["carry_forward"]),
    "granted": lambda r: _requests(r, ["granted"]),
    "partial": lambda r: _requests(r, ["partial"]),
    "granted_partial": lambda r: _requests(r, ["granted", "partial"],
                                           "表三「（一）予以公开」+「（二）部分公开」"),
    **{g: (lambda r, g=g: _group(r, g)) for g in GROUPS},
    **{f"review_{x}": (lambda r, x=x: _review(r, "review", x)) for x in RESULTS},
    **{f"litigation_{x}": (lambda r, x=x: _review(r, "litigation", x)) for x in RESULTS},
    **{f"{row}_{what}": (lambda r, row=row, what=what: _documents(r, row, what))
       for row in ("rules", "normative") for what in ("issued", "repealed", "valid")},
    **{f"{row}_decisions": (lambda r, row=row: _decisions(r, row))
       for row in ("licensing", "penalty", "enforcement")},
}
