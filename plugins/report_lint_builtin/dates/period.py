"""DAT402 partial-period and DAT403 missing-period: the statistics period sentence."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Report
from report_lint.placement import paragraphs_before
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

from . import reference as ref
from .scan import anchor, find_dates, fmt_date, folded, prose

# Words that introduce a statistics period, used to say where an unreadable one is.
_PERIOD_WORDS = re.compile(r"统计(?:期限|时限|期间|时间|区间|周期|时段)")
_DATED = re.compile(r"\d{4}\s*年|[〇零○一二三四五六七八九]{4}\s*年|\d{1,2}\s*月|\d{4}[.．/\-]\d{1,2}"
                    r"|\d{5,8}\s*[日号]")
_LOOKAHEAD = 30
# A range of full dates, as any period sentence holds one.
_RANGE = re.compile(r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*起?\s*(?:至|到|—|-|－|~|～)\s*"
                    r"(?:[0-9]{4}\s*年\s*)?[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日")


@rule("DAT402", "partial-period", "统计期限未覆盖报告年度全年（1月1日至12月31日）", severity="error")
def partial_period(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The statistics period must run from 1月1日 to 12月31日 of one year.

    ## What it checks
    The period read from the statistics-period sentence (`本报告所列数据的统计期限自2019年9月1日起
    至2019年12月31日止`, `内容涵盖…至…期间`) starts on 1月1日 and ends on 12月31日 of the same
    year. A body set up during the year may start later: config `facts.established` equal to
    the period's year allows a later start (the end must still be 12月31日). Which year the period
    names is DAT401's concern.

    ## Why
    The annual report covers the whole previous year (Art. 49 "上一年度"; Sichuan DB51/T
    2660—2019 §2.1 states 1月1日至12月31日). Reports of the Pingtan districts for 2019 count
    from 9月1日, leaving eight months of the year unreported.

    ## Example
    `统计期限自2019年9月1日起至2019年12月31日止` → 统计期限应为2019年1月1日至12月31日.

    ## Fix safety
    No fix: the data in the tables cover the period as written; changing the sentence alone would
    make it untrue.

    ## Basis
    《政府信息公开条例》第四十九条（上一年度）；四川 DB51/T 2660—2019 第2.1条；domain.md §1.4
    L-LAW-1（IMPLIED for the national rule, CONFIRMED for Sichuan）。
    """
    f = report.facts.get("period")
    p = ref.period(report)
    if f is None or p is None:
        return
    start, end = p
    where = f.span or anchor(report)
    if start.year != end.year:
        yield ctx.finding(f"统计期限为{fmt_date(start)}至{fmt_date(end)}，跨越两个年度；应为一个完整自然年"
                          f"（如{start.year}年1月1日至12月31日）", where,
                          start=start.isoformat(), end=end.isoformat())
        return
    start_span, end_span = _date_spans(report, where)
    year = start.year
    if start != dt.date(year, 1, 1) and _established(report) != year:
        msg = (f"统计期限起始日期为{fmt_date(start)}，未覆盖{year}年全年（应自{year}年1月1日起）；"
               "若本机关当年成立，请在配置 facts.established 中写明成立年份")
        yield ctx.finding(msg, start_span, start=start.isoformat(), end=end.isoformat())
    if end != dt.date(year, 12, 31):
        before = "，且早于起始日期" if end < start else ""
        yield ctx.finding(f"统计期限截止日期为{fmt_date(end)}{before}，未覆盖{year}年全年（应至{year}年12月31日止）",
                          end_span, start=start.isoformat(), end=end.isoformat())


def _date_spans(report: Report, where: Span) -> tuple[Span, Span]:
    """Spans of the period's first and last written dates (the whole sentence part if unclear)."""
    base = where.start
    found = list(find_dates(folded(report.source.text[base:where.end])))
    if not found:
        return where, where
    first, last = found[0], found[-1]
    return Span(base + first[0], base + first[1]), Span(base + last[0], base + last[1])


def _established(report: Report) -> int | None:
    f = report.facts.get("established")
    value = f.value if f is not None else report.config.get("established")
    return value if isinstance(value, int) else None


@rule("DAT403", "missing-period", "未写明统计期限", severity="warning", fix="unsafe")
def missing_period(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The report does not state its statistics period.

    ## What it checks
    A sentence stating the period the data cover (`本报告所列数据的统计期限为2023年1月1日至
    2023年12月31日`, `…自…起至…止`, `…至…期间`) is present. When such a sentence is there but
    its dates are malformed, DAT404 reports them instead; period words followed by no date at all
    (`统计期限为上一自然年度`) are reported here.

    ## Why
    The statistics period tells the reader which year the tables count; without it a report
    whose title and body disagree cannot be placed. Most reports and the Sichuan standard state
    it in the opening paragraph.

    ## Example
    A report that starts directly with `一、总体情况` and never names the period.

    ## Fix safety
    Unsafe: inserts `本报告所列数据的统计期限为Y年1月1日至Y年12月31日。` (Y the report year) as its
    own paragraph before the first section heading. Unsafe because it states a period the author
    did not write — a body set up during the year counts from a later date. Offered only when the
    report year is known and there is no period wording at all.

    ## Basis
    四川 DB51/T 2660—2019 第2.1条（统计期限为上一年1月1日至12月31日）；全国格式未见明文（warning）。
    """
    if report.fact_sources.get("period"):
        return
    year = ref.report_year(report)
    hint = f"（如：本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日）" if year else ""
    p = prose(report)
    opening = next((b.start for b in p.blocks if b.section not in (None, 1)), len(p.text))
    if _RANGE.search(p.text, 0, opening):
        return  # "本报告所列数据为2020年1月1日至2020年12月31日": a period, in words facts missed
    m = _PERIOD_WORDS.search(p.text)
    if m is not None:
        # Dates right after the words: a period report-lint cannot read yet (月 only, 二〇二三年 …)
        # is still a period; saying it is missing would be a false alarm.
        if not _DATED.search(p.text, m.end(), m.end() + _LOOKAHEAD):
            yield ctx.finding(f"有统计期限的表述，但未写出起止日期{hint}", p.span(m.start(), m.end()))
        return
    fix = _period_fix(report, year) if year else None
    yield ctx.finding(f"未写明统计期限{hint}", anchor(report), fix=fix)


def _period_fix(report: Report, year: int) -> Fix | None:
    """Insert the period sentence as a paragraph of its own before the first section heading."""
    if not report.document.sections:
        return None
    sentence = f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
    edit = paragraphs_before(report.source, report.document.sections[0].heading_span.start,
                             [sentence])
    return Fix((edit,), "unsafe", f"插入统计期限：{sentence}") if edit else None
