"""Reading the narrative: sentences without white space, their clauses, and the counts in them.

The prose (preamble, headings and paragraphs; never table cells) comes from the DAT plugin's
scanner, shared through `report.cache`. Each sentence is normalised for matching — white space
dropped (PDF text breaks lines inside words: 行政复\\n议), punctuation folded to the full-width
forms — and keeps, for every character, its offset in the prose, so a match maps back to an exact
source span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from report_lint.model import Report
from report_lint.source import Span
from report_lint.text import cn_number, norm_with_map

from ..dates.scan import Prose, prose

class LazyRe:
    """A regular expression compiled on first use: importing the plugin (every run loads every
    rule) should not pay for the patterns of rules that never read a sentence."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        rx = re.compile(*self._args)
        for attr in ("search", "match", "fullmatch", "finditer", "findall", "sub", "pattern"):
            setattr(self, attr, getattr(rx, attr))
        return getattr(rx, name)


CACHE_KEY = "txt.sentences"
CN_NUMERALS = "零〇一二两三四五六七八九十"
# A count: a number and a measure word. 件次/人次 (visits), 一件事 (a service slogan) are not.
COUNT = LazyRe(rf"(?P<num>\d+(?:\.\d+)?|[{CN_NUMERALS}]{{1,3}})(?P<unit>件|个|条|宗|份|起)"
                   rf"(?![次事套{CN_NUMERALS}])")
# Characters that make a Chinese numeral part of a word (第一, 统一, 唯一, 之一, 每一 …).
_CN_WORD_LEAD = set("第每逐统唯同单万之其任某哪" + CN_NUMERALS)
CLAUSE_MARKS = "，；：。！？、"
_YEAR = LazyRe(r"(?<!\d)((?:19|20)\d\d)年")


@dataclass(slots=True)
class Sentence:
    """One sentence of prose, normalised; `at[i]` is the prose offset of `text[i]`."""

    text: str
    at: list[int]
    section: int | None
    heading: bool
    after_request: bool  # the paragraph spoke of 申请 before this sentence
    block: int  # prose offset of the sentence's paragraph (sentences of one paragraph share it)

    def span(self, p: Prose, i: int, j: int) -> Span:
        """The source span of normalised characters [i, j)."""
        j = max(j, i + 1)
        return p.span(self.at[i], self.at[j - 1] + 1)

    def clause(self, pos: int) -> tuple[int, int]:
        """[start, end) of the clause holding `pos`: between marks of CLAUSE_MARKS, with a
        parenthesis counted as a clause of its own."""
        t = self.text
        start = max(t.rfind(c, 0, pos) for c in CLAUSE_MARKS + "（）") + 1
        ends = [i for i in (t.find(c, pos) for c in CLAUSE_MARKS + "（）") if i >= 0]
        return start, min(ends) if ends else len(t)

    def years(self, end: int) -> set[int]:
        """Years written in the sentence before `end`."""
        return {int(m.group(1)) for m in _YEAR.finditer(self.text, 0, end)}


@dataclass(slots=True)
class Count:
    """A number and measure word in a sentence (`start`/`end`: normalised offsets)."""

    value: int | float
    unit: str
    start: int
    end: int


def sentences(report: Report) -> list[Sentence]:
    """The report's sentences, normalised (cached per report)."""
    cached = report.cache.get(CACHE_KEY)
    if cached is None:
        cached = list(_build(prose(report)))
        report.cache[CACHE_KEY] = cached
    return cached


def _build(p: Prose) -> Iterator[Sentence]:
    for s in p.sentences():
        text, idx = norm_with_map(s.text)
        if text:
            block = p.block_at(s.start)
            yield Sentence(text, [s.start + i for i in idx], s.section, s.heading,
                           "申请" in p.text[block.start:s.start], block.start)


def full_sentences(report: Report) -> Iterator[Sentence]:
    """Sentences that end only at 。！？ (the prose also cuts at ；): a list of items separated by
    semicolons stays in one piece."""
    pending: Sentence | None = None
    for s in sentences(report):
        if s.heading:
            if pending is not None:
                yield pending
            pending = None
            continue
        if pending is not None and pending.block == s.block and pending.text[-1:] not in "。！？":
            pending = Sentence(pending.text + s.text, pending.at + s.at, pending.section, False,
                               pending.after_request, pending.block)
        else:
            if pending is not None:
                yield pending
            pending = s
    if pending is not None:
        yield pending


def counts(s: Sentence) -> Iterator[Count]:
    """The counts written in a sentence (digits or Chinese numerals up to 99)."""
    t = s.text
    for m in COUNT.finditer(t):
        num, start = m.group("num"), m.start()
        if num[0].isdigit():
            if start and (t[start - 1].isdigit() or t[start - 1] in ".．"):
                continue
            value: int | float | None = float(num) if "." in num else int(num)
        else:
            if start and t[start - 1] in _CN_WORD_LEAD:
                continue
            value = cn_number(num)
        if value is not None:
            yield Count(value, m.group("unit"), start, m.end())


def quote(s: Sentence, start: int, end: int, limit: int = 40) -> str:
    """The words of [start, end) of a sentence as a message quotes them (cut to `limit`)."""
    t = s.text[start:end].strip("，；：。！？、")
    return t if len(t) <= limit else t[: limit - 1] + "…"
