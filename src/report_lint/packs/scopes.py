"""Where a pack rule looks: one statutory section (by number), one statistical table, or the
whole report — and how a phrase is found there whatever the spacing and punctuation width."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Report, Section
from ..source import Span
from ..text import CN_DIGITS, fold

SECTION_TITLES = {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
                  4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况",
                  6: "其他需要报告的事项"}
TABLE_NAMES = {"active_disclosure": "表二（主动公开政府信息情况）",
               "requests": "表三（收到和处理政府信息公开申请情况）",
               "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）"}
SECTION_KEYS = {1: "overview", 2: "active_disclosure", 3: "requests", 4: "review_litigation",
                5: "problems", 6: "other"}
NUMERALS = {v: k for k, v in CN_DIGITS.items() if k not in "零〇两"}


@dataclass(frozen=True)
class Region:
    """A stretch of the report text in scope, and where a "missing" finding points."""

    start: int
    end: int
    anchor: Span


@dataclass(frozen=True)
class Scope:
    section: int | None = None
    table: str | None = None

    @property
    def kind(self) -> str:
        return "section" if self.section else "table" if self.table else "report"

    def describe(self) -> str:
        if self.section:
            return f"第{NUMERALS[self.section]}部分「{SECTION_TITLES[self.section]}」"
        if self.table:
            return TABLE_NAMES[self.table]
        return "全文"

    def regions(self, report: Report) -> list[Region]:
        """The text in scope; empty when the section or table is not in the report (the SEC and
        FMT rules report that), so a pack rule never reports the absence twice."""
        if self.section:
            return [Region(s.heading_span.end, s.span.end, s.heading_span)
                    for s in self.sections(report)]
        if self.table:
            bound = report.table(self.table)
            if bound is None or bound.table is None:
                return []
            span = bound.table.span
            return [Region(span.start, span.end, first_line(report, span.start))]
        text = report.source.text
        return [Region(0, len(text), first_line(report, 0))]


    def sections(self, report: Report) -> list[Section]:
        """The statutory section by what its title names (a misnumbered `六、存在的主要问题…`
        is part 五); a section whose title names none counts by its number."""
        secs = report.document.sections
        return ([s for s in secs if s.key == SECTION_KEYS[self.section or 0]]
                or [s for s in secs if s.key is None and s.number == self.section])


def first_line(report: Report, start: int) -> Span:
    """The first non-blank line at or after `start`, as a span."""
    text = report.source.text
    m = re.compile(r"\S[^\n]*").search(text, start)
    if m is None:
        return Span(start, start)
    return Span(m.start(), m.end() - (len(m.group()) - len(m.group().rstrip())))


# -- phrases ---------------------------------------------------------------------------------
# Punctuation `text.fold` may unify: ASCII, NBSP, dashes and quotes, CJK and full-width forms.
_PUNCT = [*range(0x20, 0x7F), 0xA0, *range(0x2010, 0x2030), *range(0x3000, 0x3040),
          *range(0xFF00, 0xFF66)]
_VARIANTS: dict[str, set[str]] = {}
for _c in map(chr, _PUNCT):
    _VARIANTS.setdefault(fold(_c), set()).add(_c)


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A regex for `phrase` that allows whitespace (line breaks of crawled text) between its
    characters and either width of punctuation: `处理费` matches `处 理费`, `（一）` matches `(一)`."""
    parts = []
    for ch in phrase:
        if ch.isspace():
            continue
        chars = sorted(_VARIANTS.get(fold(ch), set()) | {ch})
        parts.append(re.escape(ch) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]")
    return re.compile(r"\s*".join(parts))


def find_phrases(report: Report, regions: list[Region], phrases: list[re.Pattern[str]]
                 ) -> list[tuple[int, Span]]:
    """(phrase index, span) of every occurrence of each phrase in the regions, in text order."""
    text = report.source.text
    hits = [(m.start(), i, Span(m.start(), m.end()))
            for reg in regions for i, rx in enumerate(phrases)
            for m in rx.finditer(text, reg.start, reg.end)]
    return [(i, span) for _, i, span in sorted(hits, key=lambda h: (h[0], h[1]))]
