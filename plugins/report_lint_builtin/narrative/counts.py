"""TXT501 narrative-count-mismatch and TXT502 no-requests-but-table: the text's counts against
the cells they describe."""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from ..dates.scan import prose
from ..totals.labels import fmt
from .claims import Claim, claims
from .figures import Reading, readings
from .reading import quote, sentences

CACHE_KEY = "txt.claims"


def report_claims(report: Report) -> list[Claim]:
    """Every claim of the report's sentences (cached per report: three rules read them)."""
    cached = report.cache.get(CACHE_KEY)
    if cached is None:
        year = report.year
        cached = [c for s in sentences(report) for c in claims(s, year)]
        report.cache[CACHE_KEY] = cached
    return cached


def _cell_line(report: Report, r: Reading, claim: Claim) -> str:
    """第 N 行 of the cell when it is not on the sentence's line."""
    if r.cell is None:
        return ""
    src = report.source
    line = src.line_col(r.cell.span.start)[0]
    p = prose(report)
    own = src.line_col(claim.sentence.span(p, claim.start, claim.end).start)[0]
    return f"（第 {line} 行）" if line != own else ""


def _evidence(report: Report, r: Reading, claim: Claim) -> str:
    note = f"（{r.note}）" if r.note else ""
    return f"{r.name}为 {fmt(r.value)}{note}{_cell_line(report, r, claim)}"


@rule("TXT501", "narrative-count-mismatch", "正文所述件数与统计表不符", severity="error")
def count_mismatch(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A count stated in the text differs from the table cell it describes.

    ## What it checks
    Counts in the prose that name a table figure in the templates' own words — applications
    received (本年新收, with or without 上年结转) or handled, 上年结转, 结转下年度, 予以公开 / 部分
    公开 / 不予公开 / 无法提供 / 不予处理 / 其他处理, 行政复议 and 行政诉讼 cases and their results,
    规章 and 规范性文件 issued / repealed / in force, 行政处罚 / 行政许可 / 行政强制 decisions — and
    negations that make a figure 0 (`未发生…行政复议`, `无新增行政规范性文件`). A count is compared
    with every reading the table allows (a row's 总计 cell or the sum of its columns; received as
    一 or 一+二 or （七）总计) and reported only when it matches none. Doubtful sentences are left
    alone: sub-counts (其中, by channel), comparisons (同比, 增加, 累计), other years, other scopes
    (全县, 各部门), and outcome words counted in 条 (公开属性 of documents, not applications).

    ## Why
    The narrative is what readers quote. A 总体情况 that says 258 while table 三 says 275 makes
    one of them wrong (数据失准), and evaluators compare the two. A peer checker dropped this check
    after false alarms; this one names the sentence and the cell so each finding can be verified.

    ## Example
    `予以公开及部分公开258件` with table 三 （一）予以公开 258+12+1+1 and （二）部分公开 3 →
    `正文「予以公开及部分公开258件」与统计表不符：表三「（一）予以公开」+「（二）部分公开」为 275`.

    ## Fix safety
    No fix: the text or the table may be the wrong one.

    ## Basis
    条例第五十条（年度报告内容）；domain.md §3.4 TX-1 (IMPLIED): counts in 总体情况 should equal
    the table values.
    """
    p = prose(report)
    for claim in report_claims(report):
        if claim.metric == "requests_none":
            continue
        options = readings(report, claim.metric)
        if not options or any(claim.value == r.value for r in options):
            continue
        s = claim.sentence
        words = quote(s, *claim.clause) if claim.zero else quote(s, claim.start, claim.end)
        stated = f"正文「{words}」" + ("（即 0 件）" if claim.zero else "")
        msg = f"{stated}与统计表不符：{_evidence(report, options[0], claim)}"
        cell = options[0].cell
        yield ctx.finding(msg, s.span(p, claim.start, claim.end), metric=claim.metric,
                          stated=claim.value, table=options[0].value,
                          cell=[cell.span.start, cell.span.end] if cell is not None else None)


@rule("TXT502", "no-requests-but-table", "正文称未收到申请，统计表却有本年新收申请", severity="error")
def no_requests_but_table(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The text says no disclosure application was received, but table 三 counts some.

    ## What it checks
    Sentences such as `未收到政府信息公开申请`, `未收到依申请公开事宜`, `无依申请公开事项` (about
    this report's year) against table 三 `一、本年新收政府信息公开申请数量` (its 总计 cell, or the
    sum of its columns when 总计 is blank). Reported when every reading of that row is above 0.

    ## Why
    The sentence is usually left over from an earlier year's report, or written before the
    year's applications were counted; either way the report contradicts itself on the one
    figure readers look for first.

    ## Example
    `2023年我局未收到依申请公开事宜。` with `一、本年新收… | 2 | 0 | … | 2` →
    `正文称「我局未收到依申请公开事宜」，但表三「一、本年新收政府信息公开申请数量」总计为 2`.

    ## Fix safety
    No fix: the sentence or the table may be the wrong one.

    ## Basis
    条例第五十条第（二）项（收到和处理政府信息公开申请情况）；domain.md §3.4 TX-1.
    """
    p = prose(report)
    for claim in report_claims(report):
        if claim.metric != "requests_none":
            continue
        options = readings(report, "requests_new")
        if not options or any(r.value == 0 for r in options):
            continue
        s = claim.sentence
        msg = (f"正文称「{quote(s, *claim.clause)}」，但{_evidence(report, options[0], claim)}")
        yield ctx.finding(msg, s.span(p, claim.start, claim.end), table=options[0].value)
