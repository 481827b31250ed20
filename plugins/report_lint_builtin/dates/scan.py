"""Shared reading for the DAT rules: the report's prose as one text, and the dates in it.

Only prose is read (preamble paragraphs, section headings and paragraphs); statistical tables
are not, so table digits never look like years. The blocks are joined by line breaks into
`Prose.text` so that each rule reads the whole report with one regex pass; sentences are cut
out around a match only when a rule needs one. Full-width digits are read as ASCII digits (one
character for one, so offsets stay exact). The prose is cached in `report.cache`.

A paragraph's `text` is its visible text. In text and Markdown sources that is exactly the
source slice its span covers; in HTML the slice also holds markup, so each visible character is
located in the page (`_align`) to give findings exact spans there too.
"""
from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Iterator

from report_lint.model import Paragraph, Report, Section
from report_lint.source import Span

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_WIDTH = re.compile("[０-９]")
SENTENCE_MARKS = "。！？!?；;\n"
_SENTENCE_END = re.compile(r"[。！？!?；;]+|\n")
_SENTENCE_MARK = re.compile(f"[{re.escape(SENTENCE_MARKS)}]")
_BLANK = " \t\u3000\r"
_BLANK_OR_NEWLINE = _BLANK + "\n"
# "2020年", "2020 年", "2020年度"; the year as written may be malformed (5–6 digits). ASCII
# classes and no look-behind keep the scan fast; `is_number_start` does the look-behind's job.
YEAR = re.compile(r"(?P<year>[0-9]{4,6})[ \t\u3000]*年(?P<du>度)?")
# A month, with the day after it when written ("9月1日", "4月份").
MONTH = re.compile(r"(?P<month>[0-9]{1,2})[ \t\u3000]*月(?:份)?"
                   r"(?:[ \t\u3000]*(?P<day>[0-9]{1,2})[ \t\u3000]*[日号])?")
_YEAR_BEFORE = re.compile(r"(?P<year>[0-9]{4,6})[ \t\u3000]*年[ \t\u3000]*$")
_ENTITY = re.compile(r"&#?\w{1,10};")
_ENUMERATOR = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*")
MAX_SKIP = 4000  # markup searched past for one visible character before giving up on it
CACHE_KEY = "dat.prose"


@dataclass(slots=True)
class Block:
    """One paragraph or heading of prose inside `Prose.text`."""

    start: int  # offset in Prose.text
    end: int
    span: Span  # in the source
    section: int | None  # number of the top-level section; None in the preamble
    heading: bool
    offsets: list[int] | None  # source offset of each character (None: contiguous)

    def source_span(self, i: int, j: int) -> Span:
        """The source span of this block's characters [i, j) (block-relative)."""
        if self.offsets is None:
            return Span(self.span.start + i, self.span.start + j)
        j = min(max(j, i + 1), len(self.offsets))
        return Span(self.offsets[i], self.offsets[j - 1] + 1)


@dataclass(slots=True)
class Sentence:
    """A sentence (or heading) cut out of the prose: its text and where it is."""

    text: str  # digits folded to ASCII
    start: int  # offset in Prose.text
    span: Span  # in the source
    section: int | None
    heading: bool


@dataclass(slots=True)
class DateMention:
    """A date as written; `year` or `day` is None when the text leaves it out."""

    year: int | None
    month: int
    day: int | None
    span: Span
    year_text: str | None  # the year's digits as written (may be malformed, e.g. "202020")


class Prose:
    """All prose blocks of a report joined by line breaks."""

    def __init__(self, blocks: list[Block], text: str) -> None:
        self.blocks = blocks
        self.text = text
        self._starts = [b.start for b in blocks]
        self._marks: list[int] | None = None  # offsets of the SENTENCE_MARKS in `text`

    def block_at(self, pos: int) -> Block:
        return self.blocks[max(0, bisect.bisect_right(self._starts, pos) - 1)]

    def span(self, start: int, end: int) -> Span:
        """The source span of the joined-text range [start, end) (within one block)."""
        b = self.block_at(start)
        return b.source_span(start - b.start, end - b.start)

    def bounds(self, pos: int) -> tuple[int, int]:
        """[start, end) in `text` of the sentence holding offset `pos` (end mark included)."""
        t = self.text
        if self._marks is None:
            self._marks = [m.start() for m in _SENTENCE_MARK.finditer(t)]
        i = bisect.bisect_left(self._marks, pos)  # the last mark before `pos` ends the previous
        start = (self._marks[i - 1] if i else -1) + 1
        m = _SENTENCE_END.search(t, pos)
        end = len(t) if m is None else (m.end() if m.group() != "\n" else m.start())
        while start < end and t[start] in _BLANK:
            start += 1
        while end > start and t[end - 1] in _BLANK:
            end -= 1
        return start, end

    def sentence(self, pos: int) -> Sentence:
        start, end = self.bounds(pos)
        b = self.block_at(pos)
        return Sentence(self.text[start:end], start, self.span(start, end), b.section, b.heading)

    def sentences(self) -> Iterator[Sentence]:
        """Every sentence in reading order."""
        pos = 0
        text = self.text
        while pos < len(text):
            start, end = self.bounds(pos)  # what `sentence(pos)` does, bounds computed once
            b = self.block_at(pos)
            span = self.span(start, end)
            if end > start:
                yield Sentence(text[start:end], start, span, b.section, b.heading)
            pos = end if end > pos else pos + 1
            while pos < len(text) and text[pos] in _BLANK_OR_NEWLINE:
                pos += 1


def folded(text: str) -> str:
    """`text` with full-width digits turned into ASCII digits (same length)."""
    return text.translate(_DIGITS)


def is_number_start(text: str, pos: int) -> bool:
    """Does a number start at `pos` (not in the middle of a longer number or a decimal)?"""
    return pos == 0 or text[pos - 1] not in "0123456789.．"


def prose(report: Report) -> Prose:
    """The report's prose (cached per report)."""
    cached = report.cache.get(CACHE_KEY)
    if cached is None:
        cached = _build(report)
        report.cache[CACHE_KEY] = cached
    return cached


def sentences(report: Report) -> list[Sentence]:
    """Every sentence of the report's prose, in reading order."""
    return list(prose(report).sentences())


def _build(report: Report) -> Prose:
    source = report.source.text
    fold = _FULL_WIDTH.search(source) is not None
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for text, span, section, heading, offsets in _iter_blocks(report, source):
        if fold:
            text = folded(text)
        blocks.append(Block(pos, pos + len(text), span, section, heading, offsets))
        parts.append(text)
        pos += len(text) + 1
    return Prose(blocks, "\n".join(parts))


def _iter_blocks(report: Report, source: str):
    doc = report.document
    for block in doc.preamble:
        if isinstance(block, Paragraph):
            yield _paragraph(block, source, None)
    for sec in doc.sections:
        yield from _section_blocks(source, sec, sec.number)


def _paragraph(block: Paragraph, source: str, section: int | None):
    text, span = block.text, block.span
    if "\n" in text or "\r" in text:  # a sentence never spans lines of the joined text
        text = text.replace("\r", " ").replace("\n", " ")
    offsets = None if source[span.start:span.end] == block.text else _align(source, text, span)
    return text, span, section, False, offsets


def _section_blocks(source: str, sec: Section, top: int | None):
    h = sec.heading_span
    raw = source[h.start:h.end]
    if "<" not in raw and "&" not in raw and "\n" not in raw:
        yield raw, h, top, True, None
    elif sec.title:
        offsets = _align(source, sec.title, h)
        yield sec.title, Span(offsets[0], offsets[-1] + 1), top, True, offsets
    for block in sec.blocks:
        if isinstance(block, Paragraph):
            yield _paragraph(block, source, top)
    for sub in sec.subsections:
        yield from _section_blocks(source, sub, top)


def _align(source: str, text: str, span: Span) -> list[int]:
    """The source offset of each character of visible `text` found in `source[span]` (HTML).

    Markup (`<…>`) is skipped, entities (`&nbsp;`, `&#20013;`) match what they stand for, and
    white space the loader collapsed keeps the position of the character before it.
    """
    out: list[int] = []
    pos, end = span.start, span.end
    last = span.start
    for ch in text:
        found = None if ch.isspace() else _find(source, ch, pos, end)
        if found is None:
            out.append(last)
            continue
        out.append(found)
        last, pos = found, found + 1
    return out


def _find(source: str, ch: str, pos: int, end: int) -> int | None:
    limit = min(end, pos + MAX_SKIP)
    while pos < limit:
        c = source[pos]
        if c == "<":
            close = source.find(">", pos, end)
            pos = close + 1 if close >= 0 else pos + 1
            continue
        if c == "&":
            m = _ENTITY.match(source, pos)
            if m:
                if html.unescape(m.group()) == ch:
                    return pos
                pos = m.end()
                continue
        if c == ch:
            return pos
        pos += 1
    return None


def years_in(p: Prose) -> Iterator[re.Match[str]]:
    """`NNNN年` matches in the prose (digits as written, possibly malformed)."""
    text = p.text
    for m in YEAR.finditer(text):
        if is_number_start(text, m.start()):
            yield m


def find_dates(text: str) -> Iterator[tuple[int, int, str | None, int, int | None]]:
    """(start, end, year digits or None, month, day or None) of each date written in `text`."""
    for m in MONTH.finditer(text):
        if not is_number_start(text, m.start()):
            continue
        start, year = m.start(), None
        y = _YEAR_BEFORE.search(text, max(0, start - 12), start)
        if y is not None and is_number_start(text, y.start()):
            start, year = y.start(), y.group("year")
        day = m.group("day")
        yield start, m.end(), year, int(m.group("month")), int(day) if day else None


def dates_in(p: Prose) -> Iterator[DateMention]:
    """Month-precise dates in the prose (`2019年9月1日`, `12月31日`, `2020年4月份`)."""
    for start, end, year, month, day in find_dates(p.text):
        yield DateMention(int(year) if year else None, month, day, p.span(start, end), year)


def in_book_title(text: str, offset: int) -> bool:
    """Is `offset` inside 《…》 (a document title) within its line of `text`?"""
    start = text.rfind("\n", 0, offset) + 1
    opened = text.rfind("《", start, offset)
    return opened >= 0 and text.rfind("》", start, offset) < opened


def clip(text: str, limit: int = 40) -> str:
    """A sentence as quoted in a message: no leading enumerator, at most `limit` characters."""
    t = _ENUMERATOR.sub("", text)
    return t if len(t) <= limit else t[: limit - 1] + "…"


def fmt_date(d: dt.date) -> str:
    """A date the way reports write it: 2020年1月3日."""
    return f"{d.year}年{d.month}月{d.day}日"


def anchor(report: Report) -> Span:
    """Where a finding about the whole report points: the title line, else the first heading."""
    doc = report.document
    for block in doc.preamble:
        return block.span
    if doc.sections:
        return doc.sections[0].heading_span
    return Span(0, 0)
