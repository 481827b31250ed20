"""XYR603 and XYR604: sections whose text is copied from last year's report or from another
body's report of the same year.

Texts are compared by sentence: the summary keeps a CRC-32 of each sentence of 总体情况 and 五
with white space dropped and digits and the body's own names masked, so a sentence that only
changed its year, its numbers or the body's name still counts as the same. The share of a section copied is the length of its sentences
found in the other report's same section over the section's whole length.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from report_lint.findings import Finding
from report_lint.rules import RuleContext, rule
from report_lint.summary import ReportSummary, SectionPrint

from .common import consecutive, finding, same_body, where

SECTIONS = ("overview", "problems")
SECTION_NAMES = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况"}
THRESHOLD = 0.8  # the 2017 evaluators' "repeated … at up to ~90%"; the issue's 80%
MIN_CHARS = 200  # shorter sections ("无。", two lines) are alike by nature
# A sentence in more reports than this share of a year's reports (at least COMMON_MIN reports)
# is the template's or a superior's boilerplate, not one body's text.
COMMON_SHARE = 0.2
COMMON_MIN = 5


def _options(ctx: RuleContext) -> tuple[float, int]:
    return (float(ctx.options.get("threshold", THRESHOLD)),
            int(ctx.options.get("min-chars", MIN_CHARS)))


def copied_share(cur: SectionPrint, other: SectionPrint, ignore: frozenset[int] = frozenset()
                 ) -> float:
    """The share (by length) of `cur`'s sentences that `other` also has."""
    total = cur.chars
    if not total:
        return 0.0
    theirs = {h for h, _ in other.sentences} - ignore
    return sum(n for h, n in cur.sentences if h in theirs) / total


class _Section:
    """A section's print unpacked once per report (reports are compared pairwise)."""

    __slots__ = ("print", "sentences", "chars", "hashes")

    def __init__(self, p: SectionPrint) -> None:
        self.print = p
        self.sentences = p.sentences
        self.chars = sum(n for _, n in self.sentences)
        self.hashes = frozenset(h for h, _ in self.sentences)


def _section(s: ReportSummary, key: str, cache: dict) -> _Section | None:
    k = (id(s), key)
    if k not in cache:
        p = s.section(key)
        cache[k] = _Section(p) if p is not None else None
    return cache[k]


@rule("XYR603", "copied-from-last-year", "总体情况或第五部分与上年报告基本相同", severity="warning",
      scope="folder")
def copied_from_last_year(summaries: list[ReportSummary], ctx: RuleContext
                          ) -> Iterator[Finding]:
    """总体情况 or section 五 is (nearly) the same text as the same body's report of last year.

    ## What it checks
    For every pair of reports of the same body for consecutive years checked in one run: the
    share of `一、总体情况` and of `五、存在的主要问题及改进情况` this year that is last year's text,
    sentence by sentence, with years, numbers and the body's own name ignored. A section of at least 200 characters
    with 80% or more unchanged is reported at its heading. Options: `threshold` (0.8),
    `min-chars` (200).

    ## Why
    Evaluators have found reports repeating the previous year's text at up to ~90% (法治蓝皮书
    2017), one matching its predecessor word for word except the year (2011). The 2021 format
    names 内容雷同 and 敷衍塞责 among the failures a body is held responsible for. A problems
    section copied from last year also means last year's problems were not dealt with.

    ## Example
    The 2024 report's 总体情况 repeats the 2023 one with only the years changed →
    `「一、总体情况」有 95% 的文字与上年（2023年）报告（2023.txt 第 2 行）相同（按句比较，年份、数字和本机关
    名称不计），疑为沿用上年报告`.

    ## Fix safety
    No fix: the section has to be written from this year's work.

    ## Basis
    国办公开办函〔2021〕30号（内容雷同、敷衍塞责的责任条款）；domain.md §4.1（2011 年、2017 年评估发现）。
    """
    threshold, min_chars = _options(ctx)
    cache: dict[tuple[int, str], _Section | None] = {}
    for cur, prev in consecutive(summaries):
        for key in SECTIONS:
            sa, sb = _section(cur, key, cache), _section(prev, key, cache)
            if sa is None or sb is None or sa.chars < min_chars:
                continue
            a, b = sa.print, sb.print
            share = (sum(n for h, n in sa.sentences if h in sb.hashes) / sa.chars
                     if sa.chars else 0.0)  # = copied_share(a, b), unpacking each print once
            if share >= threshold:
                msg = (f"「{_heading(key, a)}」有 {share:.0%} 的文字与上年（{prev.year}年）报告"
                       f"（{where(prev, b.anchor)}）相同（按句比较，年份、数字和本机关名称不计），疑为沿用上年报告")
                yield finding(ctx, cur, a.anchor, msg, section=key, share=round(share, 3),
                              previous=prev.path)


@rule("XYR604", "copied-from-other-body", "总体情况或第五部分与另一机关同年的报告基本相同",
      severity="warning", scope="folder")
def copied_from_other_body(summaries: list[ReportSummary], ctx: RuleContext
                           ) -> Iterator[Finding]:
    """总体情况 or section 五 is (nearly) the same text as another body's report of the same year.

    ## What it checks
    Among the reports of one year checked in one run, for each pair from different bodies: the
    share of `一、总体情况` and of `五、存在的主要问题及改进情况` found sentence by sentence in the
    other report's same section (years, numbers and each body's own name — 昌图县 / 开原县 —
    ignored). Sentences that many reports of the
    year share (in 20% of them and at least 5) are boilerplate and do not count as copied. A
    section of at least 200 characters with 80% or more shared is reported at its heading, in
    both reports, naming the other one. Options: `threshold` (0.8), `min-chars` (200).

    ## Why
    Evaluators found "large-scale cross-region plagiarism" of annual reports (法治蓝皮书 2017):
    a body's report made from another's says nothing about its own work, and the 2021 format
    holds 内容雷同 against the body.

    ## Example
    Two towns' 2023 reports with the same 总体情况 but for the names →
    `「一、总体情况」有 90% 的文字与乙镇人民政府同年的报告（乙镇.txt 第 3 行）相同（按句比较，年份、数字和
    本机关名称不计），疑为照抄其他机关的报告`, in both reports.

    ## Fix safety
    No fix.

    ## Basis
    国办公开办函〔2021〕30号（内容雷同）；domain.md §4.1（法治蓝皮书 2017：跨地区抄袭）。
    """
    threshold, min_chars = _options(ctx)
    by_year: dict[int, list[ReportSummary]] = defaultdict(list)
    for s in summaries:
        if s.year is not None:
            by_year[s.year].append(s)
    for year in sorted(by_year):
        for key in SECTIONS:
            yield from _same_year(ctx, by_year[year], key, threshold, min_chars)


def _same_year(ctx: RuleContext, reports: list[ReportSummary], key: str, threshold: float,
               min_chars: int) -> Iterator[Finding]:
    prints = [(s, p) for s in reports
              if (p := s.section(key)) is not None and p.chars >= min_chars]
    if len(prints) < 2:
        return
    holders: dict[int, set[int]] = defaultdict(set)  # sentence → reports that have it
    for i, (_, p) in enumerate(prints):
        for h, _n in p.sentences:
            holders[h].add(i)
    limit = max(COMMON_MIN, int(len(prints) * COMMON_SHARE))
    common = frozenset(h for h, who in holders.items() if len(who) > limit)
    for i, (s, p) in enumerate(prints):
        shared: Counter[int] = Counter()  # other report → length shared with it
        for h, n in p.sentences:
            if h not in common:
                for j in holders[h]:
                    if j != i:
                        shared[j] += n
        best = _best_other(s, prints, shared, p.chars, threshold)
        if best is not None:
            other, share = best
            o, op = prints[other]
            msg = (f"「{_heading(key, p)}」有 {share:.0%} 的文字与{o.issuer or '另一机关'}同年的报告"
                   f"（{where(o, op.anchor)}）相同（按句比较，年份、数字和本机关名称不计），疑为照抄其他机关的报告")
            yield finding(ctx, s, p.anchor, msg, section=key, share=round(share, 3), other=o.path)


def _best_other(s: ReportSummary, prints: list[tuple[ReportSummary, SectionPrint]],
                shared: Counter[int], chars: int, threshold: float) -> tuple[int, float] | None:
    for j, n in shared.most_common():
        share = n / chars
        if share < threshold:
            return None
        if not same_body(s, prints[j][0]):
            return j, share
    return None


def _heading(key: str, p: SectionPrint) -> str:
    name = SECTION_NAMES[key]
    return name.split("、", 1)[0] + "、" + p.title if p.title else name
