"""DAT404 malformed-date: years, months and days that cannot be right."""
from __future__ import annotations

import calendar
import re
from typing import Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Report
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

from . import reference as ref
from .scan import DateMention, Prose, dates_in, is_number_start, prose, years_in

MIN_YEAR, MAX_YEAR = 1949, 2100
# A year, month and day run together before 日 ("202111日" for 2021年1月1日: 年/月 lost).
_RUN_TOGETHER = re.compile(r"(?:19|20)[0-9]{3,6}[ \t\u3000]*[日号]")


@rule("DAT404", "malformed-date", "日期书写错误（年份位数不对、月份或日期不存在）", severity="error",
      fix="unsafe")
def malformed_date(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Dates that cannot exist: a year with too many digits, a 13th month, 2月30日.

    ## What it checks
    In the prose (tables are not read): a year written with five or six digits (`202020年`), a
    year before 1949 or after 2100 inside a full date, a month outside 1–12 (`13月`), a day
    the month does not have (`2月30日`, `4月31日`, `2月29日` in a year that is not a leap year),
    and a date whose 年 and 月 were lost (`自202111日起至20211230日止`).

    ## Why
    A malformed date in the statistics period makes the period unreadable (the 中埠镇 2020 report
    says `至202020年12月31日止`); anywhere else it is a typo a reader notices at once.

    ## Example
    `统计期限为2020年1月1日至202020年12月31日止` → `202020年` 不是有效年份.

    ## Fix safety
    Unsafe, and only for a year that doubles the report year's digits (`202020` in a 2020
    report): it is replaced by the report year. Other cases need a person.

    ## Basis
    —（书写规范；domain.md §4.2 中埠镇 2020）
    """
    p = prose(report)
    yield from _bad_years(report, p, ctx, ref.report_year(report))
    for m in _RUN_TOGETHER.finditer(p.text):
        if is_number_start(p.text, m.start()):
            yield ctx.finding(f"日期书写错误：「{m.group()}」缺少「年」「月」，无法读出日期",
                              p.span(m.start(), m.end()), written=m.group())
    for d in dates_in(p):
        msg = _bad_month_day(d)
        if msg:
            yield ctx.finding(msg, d.span, month=d.month, day=d.day)


def _bad_years(report: Report, p: Prose, ctx: RuleContext, report_year: int | None
               ) -> Iterator[Finding]:
    for m in years_in(p):
        digits = m.group("year")
        if len(digits) == 4:
            if MIN_YEAR <= int(digits) <= MAX_YEAR or not _followed_by_month(p.text, m.end()):
                continue
            why = f"「{digits}年」不是可能的年份"
        elif digits.startswith(("19", "20")):
            why = f"「{digits}年」不是有效年份（年份应为4位数字）"
        else:
            continue
        digits_span = p.span(m.start("year"), m.end("year"))
        exact = report.source.text[digits_span.start:digits_span.end] == digits
        fix = _year_fix(digits, digits_span, report_year) if exact else None
        yield ctx.finding(f"日期书写错误：{why}", p.span(m.start(), m.end()), fix=fix, written=digits)


def _followed_by_month(text: str, pos: int) -> bool:
    rest = text[pos:pos + 4].lstrip()
    return bool(rest[:1].isdigit() and "月" in rest)


def _year_fix(digits: str, span: Span, report_year: int | None) -> Fix | None:
    if report_year is None or len(digits) == 4:
        return None
    y = str(report_year)
    if digits.startswith(y) and y.startswith(digits[len(y):]) or digits.endswith(y) and y.endswith(
            digits[: len(digits) - len(y)]):
        return Fix.replace(span, y, "unsafe", f"改为{y}")
    return None


def _bad_month_day(d: DateMention) -> str | None:
    if not 1 <= d.month <= 12:
        return f"日期书写错误：「{d.month}月」不是有效月份"
    if d.day is None:
        return None
    year_ok = d.year is not None and d.year_text is not None and len(d.year_text) == 4
    leap = calendar.isleap(d.year) if year_ok else True
    days = calendar.monthrange(2000 if leap else 2001, d.month)[1]
    if 1 <= d.day <= days:
        return None
    if d.month == 2 and d.day == 29:
        return f"日期书写错误：{d.year}年不是闰年，没有2月29日"
    return f"日期书写错误：{d.month}月没有{d.day}日"
