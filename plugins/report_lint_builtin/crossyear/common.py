"""What the XYR rules share: grouping reports by body and year, naming cells, making findings.

A body is its issuer name as the facts read it (title, metadata, self-references), normalised
(white space and punctuation folded, 人民政府 → 政府) so 昌图县人民政府办公室 and 昌图县政府办公室 are
one body; a name that ends with another one of the run (海坛片区管理局 / 平潭综合实验区海坛片区管理局) is
the same body too. A report without an issuer is keyed by its file name with the years taken out
(`dept_2023.txt` and `dept_2024.txt` in one folder are one body).
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from report_lint.findings import Finding
from report_lint.rules import RuleContext
from report_lint.summary import Anchor, ReportSummary
from report_lint.templates import TableDef, load_templates
from report_lint.text import norm

from ..totals import labels

MIN_SUFFIX = 6  # a shorter name inside a longer one is not taken for the same body
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def body_key(s: ReportSummary) -> str:
    """The body a report is from, normalised (see the module docs)."""
    return _body_key(s.issuer, s.path)


@functools.lru_cache(maxsize=16384)  # rules compare reports pairwise: normalise each name once
def _body_key(issuer: str | None, path: str) -> str:
    if issuer:
        return norm(issuer).replace("人民政府", "政府")
    p = Path(path)
    return f"file:{p.parent.as_posix()}/{_YEARS.sub('#', p.name)}"


def bodies(summaries: Iterable[ReportSummary]) -> dict[str, list[ReportSummary]]:
    """Reports grouped by body (names that end with another body's name merged into it)."""
    by_key: dict[str, list[ReportSummary]] = defaultdict(list)
    for s in summaries:
        by_key[body_key(s)].append(s)
    keys = set(by_key)
    out: dict[str, list[ReportSummary]] = defaultdict(list)
    for key in sorted(by_key, key=len):
        target = next((key[i:] for i in range(1, len(key) - MIN_SUFFIX + 1)
                       if key[i:] in keys and key[i:] in out), key)
        out[target].extend(by_key[key])
    return dict(out)


def same_body(a: ReportSummary, b: ReportSummary) -> bool:
    ka, kb = body_key(a), body_key(b)
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return len(short) >= MIN_SUFFIX and long.endswith(short) and not short.startswith("file:")


def consecutive(summaries: Iterable[ReportSummary]
                ) -> Iterator[tuple[ReportSummary, ReportSummary]]:
    """(this year's report, last year's report of the same body), for every such pair."""
    for group in bodies(summaries).values():
        by_year: dict[int, list[ReportSummary]] = defaultdict(list)
        for s in group:
            if s.year is not None:
                by_year[s.year].append(s)
        for year in sorted(by_year):
            for cur in by_year[year]:
                for prev in by_year.get(year - 1, ()):
                    yield cur, prev


def finding(ctx: RuleContext, s: ReportSummary, anchor: Anchor | None, message: str,
            **data) -> Finding:
    """A finding about report `s`, at `anchor` (one of its summary's anchors)."""
    f = ctx.finding(message, anchor.span if anchor is not None else None, **data)
    f.path = s.path
    return f


def table_def(template: str | None, table: str) -> TableDef | None:
    t = load_templates().get(template or "")
    return t.tables.get(table) if t is not None else None


def row_name(template: str | None, table: str, row: str) -> str:
    tdef = table_def(template, table)
    return labels.row_name(tdef, row) if tdef is not None else row


def column_name(template: str | None, table: str, row: str, column: str) -> str:
    tdef = table_def(template, table)
    return labels.column_label(tdef, row, column) if tdef is not None else column


def where(s: ReportSummary, anchor: Anchor | None) -> str:
    """How a message names another report's place: 文件名第 N 行."""
    name = Path(s.path).name
    return f"{name} 第 {anchor.line} 行" if anchor is not None else name


def fmt(v: float | int | None) -> str:
    return labels.fmt(v)
