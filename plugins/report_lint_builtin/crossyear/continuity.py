"""XYR601 carry-over and XYR602 现行有效 continuity: this year's tables against last year's."""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.rules import RuleContext, rule
from report_lint.summary import CellValue, ReportSummary

from .common import column_name, consecutive, finding, fmt, row_name, where

REQUESTS = "requests"
ACTIVE = "active_disclosure"
DOCUMENT_ROWS = ("rules", "normative")  # 规章, (行政)规范性文件


@rule("XYR601", "carry-over-mismatch", "上年结转数与上年报告的结转下年度数不一致", severity="warning",
      scope="folder")
def carry_over(summaries: list[ReportSummary], ctx: RuleContext) -> Iterator[Finding]:
    """This year's 二、上年结转 differs from last year's 四、结转下年度继续办理.

    ## What it checks
    For every pair of reports of the same body for consecutive years checked in one run: each
    column of table 三 row `二、上年结转政府信息公开申请数量` of year Y against the same column of row
    `四、结转下年度继续办理` of year Y−1. Cells that are blank or not numbers are skipped. One
    finding per report, at this year's first differing cell (the 总计 column first), naming last
    year's file, line and values.

    ## Why
    Requests carried into next year are exactly the requests brought over from last year: the
    two numbers describe the same requests from both sides, so a difference means one of the
    two reports is wrong (T3-6).

    ## Example
    2023 report `四、结转下年度继续办理 | 1 | … | 1`, 2024 report `二、上年结转… | 0 | … | 0` →
    `表三「二、上年结转政府信息公开申请数量」与上年（2023年）报告「四、结转下年度继续办理」（2023.txt 第 61 行）
    不符：总计列本年为 0，上年为 1；自然人列本年为 0，上年为 1`.

    ## Fix safety
    No fix: either report may hold the wrong number.

    ## Basis
    IMPLIED by table 三 (domain.md §3.1 T3-6): the requests carried forward at the end of year
    Y−1 are the requests carried over at the start of year Y.
    """
    rows: dict[tuple[int, str], dict[str, object]] = {}  # per report, read once
    for cur, prev in consecutive(summaries):
        if not _may_differ(_row_values(cur, "carried_over", rows),
                           _row_values(prev, "carry_forward", rows)):
            continue
        diffs = _carry_diffs(cur, prev)
        if diffs:
            yield _carry_finding(ctx, cur, prev, diffs)


def _row_values(s: ReportSummary, row: str, cache: dict) -> dict[str, object]:
    """Column → value of one kept row of table 三 (a body's reports are paired with every
    report of the adjacent year, so each report's row is read once, not once per pair)."""
    key = (id(s), row)
    got = cache.get(key)
    if got is None:
        got = cache[key] = {c: s.value(REQUESTS, row, c) for c in s.columns(REQUESTS, row)}
    return got


def _may_differ(now: dict[str, object], before: dict[str, object]) -> bool:
    """Whether `_carry_diffs` can find a difference (both values known and unequal)."""
    return any(v is not None and (b := before.get(c)) is not None and v != b
               for c, v in now.items())


def _carry_diffs(cur: ReportSummary, prev: ReportSummary
                 ) -> list[tuple[str, CellValue, CellValue]]:
    out = []
    for col in cur.columns(REQUESTS, "carried_over"):
        now = cur.cell(REQUESTS, "carried_over", col)
        before = prev.cell(REQUESTS, "carry_forward", col)
        if (now is not None and before is not None and now.value is not None
                and before.value is not None and now.value != before.value):
            out.append((col, now, before))
    out.sort(key=lambda d: d[0] != "total")
    return out


def _carry_finding(ctx: RuleContext, cur: ReportSummary, prev: ReportSummary,
                   diffs: list[tuple[str, CellValue, CellValue]]) -> Finding:
    t_now, t_prev = cur.tables[REQUESTS].template, prev.tables[REQUESTS].template
    parts = [f"{column_name(t_now, REQUESTS, 'carried_over', col)}列本年为 {fmt(now.value)}，"
             f"上年为 {fmt(before.value)}" for col, now, before in diffs]
    first = diffs[0]
    msg = (f"表三「{row_name(t_now, REQUESTS, 'carried_over')}」与上年（{prev.year}年）报告"
           f"「{row_name(t_prev, REQUESTS, 'carry_forward')}」（{where(prev, first[2].anchor)}）"
           f"不符：{'；'.join(parts)}")
    return finding(ctx, cur, first[1].anchor, msg, previous=prev.path, previous_year=prev.year,
                   columns=[c for c, _, _ in diffs])


@rule("XYR602", "valid-documents-discontinuity", "现行有效件数与上年报告及本年制发、废止件数不衔接",
      severity="warning", scope="folder")
def valid_documents(summaries: list[ReportSummary], ctx: RuleContext) -> Iterator[Finding]:
    """This year's 现行有效件数 ≠ last year's + 本年制发件数 − 本年废止件数.

    ## What it checks
    For every pair of reports of the same body for consecutive years checked in one run, both
    with table 二 in the 2021 format: for 规章 and 行政规范性文件, this year's 现行有效件数 against
    last year's 现行有效件数 + this year's 本年制发件数 − this year's 本年废止件数. Cells that are
    blank or not numbers are skipped; the 2019 format has no 现行有效 column and is not compared.

    ## Why
    The documents in force at the end of the year are those in force a year earlier, plus the
    ones issued, minus the ones repealed. A count that jumps (苏平片区 2021 → 2022: 1 → 0 with
    nothing repealed) means a document went missing from the count, or a repeal was not
    reported.

    ## Example
    2021 `行政规范性文件 | 1 | 0 | 1`, 2022 `行政规范性文件 | 0 | 0 | 0` →
    `表二「行政规范性文件」现行有效件数为 0，按上年（2021年）报告现行有效 1 件（2021.txt 第 10 行）+ 本年制发
    0 件 − 本年废止 0 件应为 1 件`.

    ## Fix safety
    No fix: the count, the issued or the repealed figure may be the wrong one.

    ## Basis
    IMPLIED (domain.md §3.3 T2-1); a 修改 counted as repeal plus issue, or documents that
    expired (有效期届满) without a formal repeal, can legitimately break it — hence a warning.
    """
    counts: dict[int, dict[str, tuple]] = {}  # per report, read once (see `_row_values`)
    for cur, prev in consecutive(summaries):
        if not (_is_2021(cur) and _is_2021(prev)):
            continue
        now, before = _document_counts(cur, counts), _document_counts(prev, counts)
        for row in DOCUMENT_ROWS:
            valid, issued, repealed = now[row]
            if None in (valid, before[row][0], issued, repealed) or \
                    valid == before[row][0] + issued - repealed:
                continue  # `_valid_finding` would find nothing
            f = _valid_finding(ctx, cur, prev, row)
            if f is not None:
                yield f


def _document_counts(s: ReportSummary, cache: dict) -> dict[str, tuple]:
    """Row → (现行有效, 本年制发, 本年废止) of table 二's document rows."""
    got = cache.get(id(s))
    if got is None:
        got = cache[id(s)] = {row: tuple(s.value(ACTIVE, row, c)
                                         for c in ("valid", "issued", "repealed"))
                              for row in DOCUMENT_ROWS}
    return got


def _is_2021(s: ReportSummary) -> bool:
    t = s.tables.get(ACTIVE)
    return t is not None and t.template == "2021"


def _valid_finding(ctx: RuleContext, cur: ReportSummary, prev: ReportSummary,
                   row: str) -> Finding | None:
    valid = cur.cell(ACTIVE, row, "valid")
    before = prev.value(ACTIVE, row, "valid")
    issued = cur.value(ACTIVE, row, "issued")
    repealed = cur.value(ACTIVE, row, "repealed")
    if valid is None or None in (valid.value, before, issued, repealed):
        return None
    expected = before + issued - repealed
    if valid.value == expected:
        return None
    name = row_name("2021", ACTIVE, row)
    prev_anchor = prev.cell(ACTIVE, row, "valid")
    msg = (f"表二「{name}」现行有效件数为 {fmt(valid.value)}，按上年（{prev.year}年）报告现行有效 "
           f"{fmt(before)} 件（{where(prev, prev_anchor.anchor if prev_anchor else None)}）"
           f"+ 本年制发 {fmt(issued)} 件 − 本年废止 {fmt(repealed)} 件应为 {fmt(expected)} 件")
    return finding(ctx, cur, valid.anchor, msg, row=row, expected=expected,
                   previous=prev.path, previous_year=prev.year)
