"""DAT406 stale-year and DAT407 unsuitable-time-words: how the prose dates the year's work."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from report_lint.findings import Finding, Fix
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from . import reference as ref
from .scan import Prose, Sentence, clip, is_number_start, prose

_CN = "一二三四五六七八九十"
# Enumerators and blanks that may open a sentence before its year: （一） 1. 一是 第二、
_LEAD = (rf"(?:[\s\u3000]|[（(]?[{_CN}\d]{{1,3}}[）)]|\d{{1,2}}[.．、]|[{_CN}]{{1,3}}[是、]"
         rf"|第[{_CN}]{{1,3}}[、，,：:]?)*")
# "2019年，…" / "2019年度，…" / "2019年全年…" / "2019年我局…": the year is what the sentence is about.
_TOPIC = (r"[ \t\u3000]*年[ \t\u3000]*度?[ \t\u3000]*(?:[，,、：:]|全年|共|累计|我"
          r"|本(?:机关|单位|部门|局|街道|镇|乡|县|区|市)|全(?:县|区|市|镇|乡|局))")
# The year's 政务公开工作要点: what each year's work implements.
_WORK_POINTS = (r"[ \t\u3000]*年[ \t\u3000]*度?[^，,。；;《》]{0,8}?(?:政务公开|政府信息公开)"
                r"[^，,。；;《》]{0,6}?工作要点")
# A sentence with these words places the year in history or compares with it.
_HISTORY = re.compile(r"以来|至今|年起|开始|相比|同比|较(?:上年|去年|同期|\d)|比上年|比去年|上年度|去年|前年|成立")


@rule("DAT406", "stale-year", "本年度工作写成了上一年度（疑为沿用上年报告）", severity="warning", fix="none")
def stale_year(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Sentences of a year-Y report that describe the year's work under year Y−1.

    ## What it checks
    In a report for year Y: sentences (and headings) whose subject is year Y−1 — they open
    with `Y−1年，` / `Y−1年度，` / `Y−1年全年…` / `Y−1年我局…` — and references to the
    `Y−1年政务公开工作要点` as what the year's work follows. A sentence that also names year Y,
    or places Y−1 in history (以来, 至今, …年起, 相比, 较上年, 同比, 成立 …), is not reported; nor are
    plans for Y+1, dates such as `Y−1年12月`, or document titles other than work points.

    ## Why
    Reports are often written over last year's file. A sentence left with last year's year (or
    last year's work points) reports last year's work as this year's — the 内容雷同 the 2021
    format warns against — and its numbers are usually last year's too.

    ## Example
    In a 2020 report: `2019年，我局共主动公开政府信息120条。` → 报告年度为2020年，此句写的是2019年.

    ## Fix safety
    No fix: the sentence's figures may be last year's as well; rewrite it from this year's data.

    ## Basis
    国办公开办函〔2021〕30号（内容雷同、敷衍塞责的责任条款）；domain.md §4.1（年报重复上年内容）。
    """
    year = ref.report_year(report)
    p = prose(report)
    if year is None or str(year - 1) not in p.text:
        return
    prev = str(year - 1)
    reported = _dat401_narration_span(report)
    for s in _sentences_with(p, prev):
        m = _stale(s.text, year)
        if m is None or p.span(s.start + m.start("y"), s.start + m.end("y")).start == reported:
            continue
        if "工作要点" in m.group():
            span = p.span(s.start + m.start("y"), s.start + m.end())
            what = f"却以上一年度的「{m.group()}」为依据"
        else:
            span, what = s.span, f"却写{prev}年的工作"
        yield ctx.finding(f"报告年度为{year}年，此句{what}（疑为沿用上年报告）：「{clip(s.text)}」",
                          span, year=year - 1)


@lru_cache(maxsize=8)
def _patterns(year: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(Y−1 as the sentence's topic, Y−1 work points, Y work points) for report year Y."""
    prev = year - 1
    return (re.compile(rf"^{_LEAD}(?P<y>{prev}){_TOPIC}"),
            re.compile(rf"(?<!\d)(?P<y>{prev}){_WORK_POINTS}"),
            re.compile(rf"(?<!\d){year}{_WORK_POINTS}"))


def _stale(text: str, year: int) -> re.Match[str] | None:
    """The stale part of a sentence of a year-`year` report, if it is stale."""
    if _HISTORY.search(text):
        return None
    topic, points, this_points = _patterns(year)
    m = None if str(year) in text else topic.match(text)
    if m is None and not this_points.search(text):
        m = points.search(text)
    return m


def _sentences_with(p: Prose, word: str) -> Iterator[Sentence]:
    """Each sentence of the prose that contains `word`, once."""
    pos = p.text.find(word)
    while pos >= 0:
        s = p.sentence(pos)
        yield s
        pos = p.text.find(word, max(s.start + len(s.text), pos + 1))


def _dat401_narration_span(report: Report) -> int | None:
    """Where DAT401 reports a narration that states another year throughout (not repeated here)."""
    vote = ref.vote(report)
    narr = [f for f in vote.candidates if f.origin == "narration"]
    if narr and all(f.value != vote.year for f in narr) and narr[0].span is not None:
        return narr[0].span.start
    return None


_TIME_WORDS = re.compile(r"今年(?:以来|(?!度))|[本入开]年以来|年初以来")


@rule("DAT407", "unsuitable-time-words", "不适合年度报告的时间用语（今年以来、本年度年份加以来等）",
      severity="info", fix="unsafe")
def unsuitable_time_words(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Time words that do not fit a report published after the year it covers.

    ## What it checks
    `今年以来`, `今年`, `本年以来`, `年初以来`, `入年以来`, `开年以来`, and `Y年以来` where Y is the
    report year. `2019年以来` in a later year's report is history and is not reported.

    ## Why
    The report is read in the following year, when 今年 means another year; `…以来` reads like a
    mid-year summary, not the account of a whole year (螅镇 2022 `2022年以来`; seeds 001, 004).

    ## Example
    `今年以来，陈家坝镇按县政务公开工作要求…` in the 2023 report → 写明「2023年」.

    ## Fix safety
    Unsafe: the fix writes the report year (`今年以来` → `2023年`); read the sentence after it.

    ## Basis
    《政府信息公开条例》第四十九条（报告上一年度的工作）；domain.md §4.2（OBSERVED）。
    """
    year = ref.report_year(report)
    words = _TIME_WORDS
    if year:
        words = re.compile(rf"{_TIME_WORDS.pattern}|{year}[ \t\u3000]*年[ \t\u3000]*以来")
    p = prose(report)
    for m in words.finditer(p.text):
        if m.group()[0].isdigit() and not is_number_start(p.text, m.start()):
            continue
        span = p.span(m.start(), m.end())
        exact = report.source.text[span.start:span.end] == m.group()
        fix = Fix.replace(span, f"{year}年", "unsafe", f"改为「{year}年」") if year and exact else None
        yield ctx.finding(f"「{m.group()}」不宜用于年度报告（报告在次年发布，应写明年度）", span,
                          fix=fix, words=m.group())
