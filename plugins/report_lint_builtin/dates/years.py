"""DAT401 year-mismatch and DAT405 future-year: the years a report states."""
from __future__ import annotations

import re
from typing import Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Fact, Report
from report_lint.rules import RuleContext, rule

from . import reference as ref
from .scan import anchor, clip, in_book_title, prose, years_in

# Words that make a sentence a plan or a target, where a later year is expected.
_PLAN = re.compile(r"将|计划|拟|力争|争取|预计|预期|目标|规划|远景|展望|部署|安排|要|确保|努力|推动|力求|期间|"
                   r"十[四五六]五|到\s*20\d\d|至\s*20\d\d")
_AFTER_DEADLINE = re.compile(
    r"\s*年?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?\s*(?:底|末)?\s*(?:前|之前|以前)")
_RANGE_BEFORE = re.compile(r"(?:20\d\d\s*年?\s*[-—–~～至到])\s*$")


@rule("DAT401", "year-mismatch", "标题、统计期限、叙述、元数据、文件名中的报告年度不一致",
      severity="error", fix="unsafe")
def year_mismatch(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The report year stated in the title, the statistics period, the 总体情况 narration, the
    file's metadata and the file name must be one year.

    ## What it checks
    Every source of the report year that report-lint reads: the title (`XX局2023年政府信息公开
    工作年度报告`, `（2023年度）`), the statistics-period sentence, the crawler or HTML metadata
    title, the years that open the sentences of 总体情况, the file name, and config
    `facts.year`. The report year is the weighted vote of these (config decides when given); each
    source stating another year is reported at its place, naming every source and its year.
    A file name that disagrees is a warning (names often carry the publication date).

    ## Why
    A title one year off the body is the commonest trace of a report copied from last year's
    (TX-2; the 田黄镇 report titled 2020 with a 2021 period). Readers and the statistics
    department file the report under the wrong year.

    ## Example
    `《如东县人民政府办公室2019年政府信息公开工作年度报告》…统计期限为2020年1月1日起至12月31日`
    → 标题为2019年，而统计期限为2020年、总体情况叙述为2020年.

    ## Fix safety
    Unsafe: the fix writes the agreed year into the disagreeing title or metadata, but the
    minority source may be the right one; check before applying.

    ## Basis
    《政府信息公开条例》第四十九条（报告的是"上一年度"的工作）；domain.md §3.4 TX-2（IMPLIED）。
    """
    vote = ref.vote(report)
    if vote.year is None:
        return
    for f in _disagreeing(vote):
        yield _mismatch(report, ctx, vote, f)


def _disagreeing(vote: ref.YearVote) -> Iterator[Fact]:
    narration_off = vote.narration_year is not None and all(
        f.value != vote.year for f in vote.candidates if f.origin == "narration")
    for f in vote.candidates:
        if f.value == vote.year or f.origin == "config":
            continue
        if f.origin == "narration":
            # Single stray years in the narration are DAT406's; only a narration that never
            # states the report year disagrees as a whole (reported once, at its first year).
            if not narration_off or f is not _first_narration(vote):
                continue
        yield f


def _first_narration(vote: ref.YearVote) -> Fact | None:
    return next((f for f in vote.candidates if f.origin == "narration"), None)


def _mismatch(report: Report, ctx: RuleContext, vote: ref.YearVote, f: Fact) -> Finding:
    others = _others(vote, f)
    name = ref.SOURCE_NAMES[f.origin]
    msg = f"报告年度不一致：{name}为{f.value}年，而{others}"
    fix = None
    written = report.source.text[f.span.start:f.span.end] if f.span is not None else ""
    if f.origin in ("title", "metadata") and written == str(f.value):
        fix = Fix.replace(f.span, str(vote.year), "unsafe", f"将{name}年度改为{vote.year}")
    finding = ctx.finding(msg, f.span or anchor(report), fix=fix, source=f.origin,
                          found=f.value, expected=vote.year)
    if f.origin == "filename":
        finding.severity = "warning"
    return finding


def _others(vote: ref.YearVote, odd: Fact) -> str:
    parts: list[str] = []
    seen: set[tuple[str, int]] = {(odd.origin, odd.value)}
    for f in vote.candidates:
        if f is odd or (f.origin, f.value) in seen:
            continue
        if f.origin == "narration" and f.value != vote.narration_year:
            continue
        seen.add((f.origin, f.value))
        parts.append(f"{ref.SOURCE_NAMES[f.origin]}为{f.value}年")
    return "、".join(parts) if parts else f"报告年度应为{vote.year}年"


@rule("DAT405", "future-year", "正文提到晚于发布年份的年份（非计划表述）", severity="error")
def future_year(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A year after the report's publication year, written about work already done.

    ## What it checks
    Years (`2026年…`) in the prose that are later than the publication year, taken from the
    metadata or config `facts.published` (else from the signature date). Plans and targets
    (将, 计划, 力争, 目标, 到2035年, 十四五…), deadlines (`2026年底前`), ranges
    (`2021—2025年`) and document titles in 《》 are skipped. The title, period and signature
    years are left to DAT401, DAT410 and DAT408. Without a publication or signature date the rule
    says nothing.

    ## Why
    A report describes the past year; a later year in a plain statement is a typo (2022 for
    2020) or text pasted from a later document.

    ## Example
    A report published 2021-01-20 saying `2022年，我局共主动公开信息56条。`

    ## Fix safety
    No fix: the intended year cannot be known.

    ## Basis
    《政府信息公开条例》第四十九条、第五十条（报告上一年度的工作情况）。
    """
    bound = _bound(report)
    if bound is None:
        return
    limit, source = bound
    p = prose(report)
    skip: set[int] | None = None
    for m in years_in(p):
        digits = m.group("year")
        if len(digits) != 4 or int(digits) <= limit:
            continue
        s = p.sentence(m.start())
        i = m.start() - s.start
        span = p.span(m.start(), m.end())
        skip = _stated_spans(report) if skip is None else skip
        if span.start in skip or _PLAN.search(s.text) or in_book_title(s.text, i):
            continue
        if _is_deadline_or_range(s.text, i, m.end() - m.start()):
            continue
        msg = f"正文把{digits}年写成已发生的事，但报告{source}于{limit}年：「{clip(s.text)}」"
        yield ctx.finding(msg, span, year=int(digits), limit=limit)


def _bound(report: Report) -> tuple[int, str] | None:
    pub = ref.date_fact(report, "published")
    if pub is not None:
        return pub[0].year, "发布"
    signed = ref.date_fact(report, "signed")
    if signed is not None:
        return signed[0].year, "落款"
    return None


def _stated_spans(report: Report) -> set[int]:
    """Start offsets of the years DAT401/DAT408/DAT410 already judge."""
    out = {f.span.start for f in ref.vote(report).candidates
           if f.span is not None and f.origin != "narration"}
    for key in ("signed", "period"):
        for f in report.fact_sources.get(key, []):
            if f.span is not None:
                out.update(range(f.span.start, f.span.end))
    return out


def _is_deadline_or_range(text: str, start: int, length: int) -> bool:
    """Is the year at text[start:start+length] a deadline (…年底前) or the end of a range?"""
    return bool(_AFTER_DEADLINE.match(text, start + length) or _RANGE_BEFORE.search(text, 0, start))

