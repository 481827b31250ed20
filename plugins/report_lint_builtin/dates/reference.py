"""The report's own dates as the DAT rules read them: its year by vote, its period, publication.

`report_lint.facts` gives every year candidate with its origin. The DAT rules do not take the
strongest single source as the report year: one wrong title would then make the period and the
narration look wrong. They take a weighted vote of the independent sources instead (config, when
given, decides), and DAT401 names the sources that disagree with it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from report_lint.model import Fact, Report

# Weight of each year source in the vote. Narration counts once, for its majority year, and
# weighs more (up to NARRATION_MAX) when several of its sentences agree.
WEIGHTS = {"title": 3, "period": 3, "metadata": 2, "narration": 2, "filename": 1}
SOURCE_NAMES = {"config": "配置（facts.year）", "title": "标题", "period": "统计期限",
                "metadata": "网页元数据标题", "narration": "总体情况叙述", "filename": "文件名"}
# A year followed by one of these is history or a point in time, not the year the text is about.
_NOT_ABOUT = re.compile(r"\s*(?:年\s*)?(?:度\s*)?(?:以来|至今|起|开始|底|末|初|前|后|以前|之前|同期|相比|比|成立|设立)")
_PLAN = re.compile(r"将|计划|拟|力争|争取|预计")
_SENTENCE_END = re.compile(r"[。！？；\n]")
NARRATION_MAX = 4  # several narration sentences agreeing may outweigh one title
CACHE_KEY = "dat.year"


@dataclass(frozen=True)
class YearVote:
    """The report year the sources agree on, and the candidates that took part."""

    year: int | None
    candidates: tuple[Fact, ...]
    narration_year: int | None  # the narration's majority year (None when it has none)


def year_candidates(report: Report) -> list[Fact]:
    """Year candidates that state the report's year (publication-derived ones excluded)."""
    text = report.source.text
    out = []
    for f in report.fact_sources.get("year", []):
        if not isinstance(f.value, int) or f.origin not in SOURCE_NAMES:
            continue
        if f.origin == "narration" and f.span and (
                _NOT_ABOUT.match(text, f.span.end) or _is_plan(text, f.span.end)):
            continue
        out.append(f)
    return out


def _is_plan(text: str, pos: int) -> bool:
    """Is the sentence going on from `pos` a plan (2021年，我局将…)?"""
    m = _SENTENCE_END.search(text, pos)
    return bool(_PLAN.search(text, pos, m.start() if m else len(text)))


def vote(report: Report) -> YearVote:
    """The report year by weighted vote of the sources (config wins); cached per report."""
    cached = report.cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    cands = year_candidates(report)
    narr = Counter(f.value for f in cands if f.origin == "narration")
    narration_year = narr.most_common(1)[0][0] if narr else None
    config = next((f.value for f in cands if f.origin == "config"), None)
    year = config if config is not None else _weighted(report, cands, narration_year)
    result = YearVote(year, tuple(cands), narration_year)
    report.cache[CACHE_KEY] = result
    return result


def _weighted(report: Report, cands: list[Fact], narration_year: int | None) -> int | None:
    score: Counter[int] = Counter()
    for f in cands:
        if f.origin != "narration":
            score[f.value] += WEIGHTS[f.origin]
    if narration_year is not None:
        agreeing = sum(1 for f in cands if f.origin == "narration" and f.value == narration_year)
        score[narration_year] += min(WEIGHTS["narration"] + agreeing - 1, NARRATION_MAX)
    if not score:
        return report.year if isinstance(report.year, int) else None
    best = max(score.values())
    tied = [y for y, s in score.items() if s == best]
    if report.year in tied:
        return report.year
    for origin in WEIGHTS:  # the strongest source among the tied years
        for f in cands:
            if f.origin == origin and f.value in tied:
                return f.value
    return tied[0]


def report_year(report: Report) -> int | None:
    return vote(report).year


def period(report: Report) -> tuple[dt.date, dt.date] | None:
    f = report.facts.get("period")
    if f is None or not isinstance(f.value, tuple) or len(f.value) != 2:
        return None
    start, end = f.value
    return (start, end) if isinstance(start, dt.date) and isinstance(end, dt.date) else None


def period_end(report: Report) -> dt.date | None:
    """The end of the statistics period: as written, else 12月31日 of the report year."""
    p = period(report)
    if p is not None:
        return p[1]
    y = report_year(report)
    return dt.date(y, 12, 31) if y else None


def as_date(value: object) -> dt.date | None:
    """A fact value read as a date (a datetime is cut to its date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def date_fact(report: Report, key: str) -> tuple[dt.date, Fact] | None:
    """(date, fact) of a date fact such as `published` or `signed`, when it holds a date."""
    f = report.facts.get(key)
    d = as_date(f.value) if f is not None else None
    return (d, f) if d is not None else None


def origin_label(f: Fact) -> str:
    """How a date fact's origin reads in a message."""
    return {"config": "配置", "metadata": "网页元数据", "signature": "落款"}.get(f.origin, f.origin)
