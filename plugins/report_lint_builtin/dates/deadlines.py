"""DAT408 signature-date, DAT409 deadline, DAT410 published-before-period-end."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Fact, Report
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

from . import reference as ref
from .scan import anchor, fmt_date

LEVELS = ("province", "city", "county", "township", "street", "department")
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇",
               "street": "街道办事处", "department": "政府部门"}
UPPER = ("province", "city", "county")  # 县级以上
# The 2008 条例 (Art. 31: every 行政机关 by 3月31日) governed reports published up to 2019; the
# 2019 revision (in force 2019-05-15) governs the 2019 reports, published in 2020, onward.
LAST_OLD_RULE_YEAR = 2019
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


@rule("DAT408", "signature-date", "落款日期早于统计期限结束或晚于发布日期", severity="error", fix="unsafe")
def signature_date(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The date under the signature (落款) must fall after the period ends and not after publication.

    ## What it checks
    The last full date at the end of the report (the 落款 date; an `…印发` line is not it) is
    later than the end of the statistics period (12月31日 of the report year when the period is
    not stated) and not later than the publication date (metadata or config `facts.published`).

    ## Why
    A report cannot be signed before the year it reports on is over; a date before that is a
    typo of the year (the 苏平 2019 report is signed `2019年1月3日`) or last year's signature left in
    place. A signature after publication means the published text is not the signed one.

    ## Example
    2019 report, published 2020-01-16, signed `2019年1月3日` → 落款日期早于统计期限结束（2019年12月31日）.

    ## Fix safety
    Unsafe, offered only when moving the signature into the next year puts it between the end of
    the period and the publication date (`2019年1月3日` → `2020年1月3日`).

    ## Basis
    《政府信息公开条例》第四十九条（次年公布上一年度报告）；国办公开办函〔2021〕30号（明确责任）。
    """
    got = ref.date_fact(report, "signed")
    end = ref.period_end(report)
    if got is None or end is None:
        return
    signed, fact = got
    pub = ref.date_fact(report, "published")
    where = fact.span or anchor(report)
    if signed <= end:
        msg = f"落款日期{fmt_date(signed)}早于统计期限结束（{fmt_date(end)}）：报告须在统计年度结束后形成"
        yield ctx.finding(msg, where, fix=_next_year_fix(report, fact, signed, end, pub),
                          signed=signed.isoformat(), period_end=end.isoformat())
    elif pub is not None and signed > pub[0]:
        msg = f"落款日期{fmt_date(signed)}晚于发布日期{fmt_date(pub[0])}（{ref.origin_label(pub[1])}）"
        yield ctx.finding(msg, where, signed=signed.isoformat(), published=pub[0].isoformat())


def _next_year_fix(report: Report, fact: Fact, signed: dt.date, end: dt.date,
                   pub: tuple[dt.date, Fact] | None) -> Fix | None:
    if fact.span is None or pub is None:
        return None
    try:
        moved = signed.replace(year=end.year + 1)
    except ValueError:
        return None
    if not end < moved <= pub[0]:
        return None
    text = report.source.text[fact.span.start:fact.span.end]
    old = str(signed.year)
    if not text.startswith(old):
        return None
    year_span = Span(fact.span.start, fact.span.start + len(old))
    return Fix.replace(year_span, str(moved.year), "unsafe", f"落款年份改为{moved.year}")


@rule("DAT410", "published-before-period-end", "发布日期早于统计期限结束", severity="error")
def published_early(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The report was published before the year it covers had ended.

    ## What it checks
    The publication date (crawler `发布时间`, HTML metadata, or config `facts.published`) is
    later than the end of the statistics period (12月31日 of the report year when no period is
    stated).

    ## Why
    A report published before its year is over cannot hold the whole year's figures; usually the
    report year in the title is wrong (last year's report re-labelled) or the publication date
    in config is.

    ## Example
    A `2020年度` report whose page says `发布时间: 2020-12-20`.

    ## Fix safety
    No fix.

    ## Basis
    《政府信息公开条例》第四十九条（每年1月31日/3月31日前公布上一年度报告）。
    """
    got = ref.date_fact(report, "published")
    end = ref.period_end(report)
    if got is None or end is None:
        return
    pub, fact = got
    if pub <= end:
        msg = (f"发布日期{fmt_date(pub)}（{ref.origin_label(fact)}）不晚于统计期限结束"
               f"（{fmt_date(end)}）：年度报告应在统计年度结束后发布")
        yield ctx.finding(msg, fact.span or anchor(report), published=pub.isoformat(),
                          period_end=end.isoformat())


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    basis: str  # why this date, in Chinese
    level_from_config: bool


@rule("DAT409", "deadline", "年度报告发布晚于法定（或配置的）期限", severity="error")
def deadline(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The report was published after its deadline (Art. 49, or a local rule set in options).

    ## What it checks
    The publication date against the deadline for the issuer's level, in the year after the
    report year:

    - a 县级以上人民政府 department (and a government's 办公室/办公厅 reporting on its own work):
      1月31日;
    - a 县级以上人民政府's own report: 3月31日;
    - 乡镇人民政府 and 街道办事处 (and bodies under them): no national date — none is checked
      unless options set one;
    - reports for 2018 and earlier (the 2008 条例, Art. 31): 3月31日 for every 行政机关.

    The level comes from config `facts.issuer_level` or from the issuer name in the report.
    Options `[options.DAT409]` set local deadlines per level as `"MM-DD"`, e.g.
    `township = "02-20"`, `department = "01-28"` (怀化, 岳阳 in domain.md §5); they replace the
    national date for that level. A finding from a level read from the issuer name (not config)
    is a warning, since the name may mislead.

    ## Why
    Art. 49 sets the dates; publishing late is one of the failures the 2021 format names
    (不按时发布) and evaluators count.

    ## Example
    `如东县人民政府办公室` 2020 report published 2021-02-05 → 晚于2021年1月31日.

    ## Fix safety
    No fix.

    ## Basis
    《政府信息公开条例》第四十九条第一款（县级以上人民政府部门：1月31日前）、第二款（县级以上地方人民政府：
    3月31日前）（CONFIRMED）；乡镇、街道的期限见地方规定（domain.md §5）；2008年条例第三十一条
    （domain.md §1.1 历史注记，CONFIRMED）。
    """
    got = ref.date_fact(report, "published")
    year = ref.report_year(report)
    if got is None or year is None:
        return
    pub, fact = got
    _check_options(ctx.options)
    due = _deadline(report, year + 1, ctx.options)
    if due is None or pub <= due.date:
        return
    late = (pub - due.date).days
    finding = ctx.finding(f"发布日期{fmt_date(pub)}（{ref.origin_label(fact)}）晚于{due.basis}规定的期限"
                          f"{fmt_date(due.date)}（逾期{late}天）", fact.span or anchor(report),
                          published=pub.isoformat(), deadline=due.date.isoformat())
    if not due.level_from_config:
        finding.severity = "warning"
    yield finding


def _deadline(report: Report, year: int, options: dict[str, Any]) -> Deadline | None:
    level_fact = report.facts.get("issuer_level")
    if level_fact is None or level_fact.value not in LEVELS:
        return None
    level = level_fact.value
    kind = _value(report, "issuer_kind")
    parent = _value(report, "issuer_parent_level")
    from_config = level_fact.origin == "config"
    key, national = _national(level, kind, parent)
    if year <= LAST_OLD_RULE_YEAR:  # reports for 2018 and before: the 2008 条例
        national = ((3, 31), "2008年条例第三十一条（各级行政机关）")
    if key in options:
        when = _month_day(options[key], year)
        return Deadline(when, f"配置（options.DAT409.{key}，{LEVEL_NAMES.get(key, key)}）", from_config)
    if national is None:
        return None
    return Deadline(dt.date(year, *national[0]), national[1], from_config)


def _national(level: str, kind: str | None, parent: str | None
              ) -> tuple[str, tuple[tuple[int, int], str] | None]:
    """(options key, national (month, day) and its basis or None) for an issuer."""
    if level == "department" or kind in ("department", "office"):
        if level == "department" and parent in ("township", "street"):
            return parent, None
        return "department", ((1, 31), "条例第四十九条第一款（县级以上人民政府部门）")
    if level in UPPER:
        return level, ((3, 31), f"条例第四十九条第二款（{LEVEL_NAMES[level]}人民政府）")
    return level, None  # township, street: local rules only


def _check_options(options: dict[str, Any]) -> None:
    unknown = sorted(set(options) - set(LEVELS))
    if unknown:
        raise ValueError(f"options.DAT409 中未知的层级 {', '.join(unknown)}（可用：{', '.join(LEVELS)}）")


def _value(report: Report, key: str) -> str | None:
    f = report.facts.get(key)
    return f.value if f is not None and isinstance(f.value, str) else None


def _month_day(value: Any, year: int) -> dt.date:
    """An options value `"MM-DD"` (or a TOML date, whose month and day are used) in `year`."""
    if isinstance(value, dt.date):
        return dt.date(year, value.month, value.day)
    m = _MONTH_DAY.match(str(value).strip())
    if m is None:
        raise ValueError(f"options.DAT409 的期限应写作 \"MM-DD\"，而非 {value!r}")
    return dt.date(year, int(m.group(1)), int(m.group(2)))
