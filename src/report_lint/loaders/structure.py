"""Build the section tree (`Document.preamble`, `Document.sections`) from a flat list of blocks.

Every loader reduces its input to paragraphs and tables in reading order; this module finds the
headings among them and nests the blocks:

- top-level headings `一、…` … `十、…` (also `一.` / `一．`) become `Section(level=1)`;
- `（一）…` / `(一)…` become subsections (`level=2`) of the current top-level section;
- everything before the first top-level heading is the preamble.

Two ways of finding headings:

- line-based text (`split_heading_line`): a paragraph that *starts* with the numeral and whose title
  is short; when the line goes on after `。` the title ends there and the rest is a paragraph;
- inline text (`find_inline_headings`, crawler form with the whole report on one line): `N、` counts
  only when a statutory title variant follows it (or, as a fallback, when N continues the numbering
  and a short title ending in 情况/事项/措施 follows it; see `_sequence_title`).

Numbering is kept as written (two `一、` give two sections numbered 1); rules report it.
Table blocks are never searched for headings, so a table row label `一、本年新收…` is not a section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from .. import diagnostics
from ..model import Block, Diagnostic, Document, Paragraph, Section, Table
from ..source import Span
from ..templates import match_section_title, section_defs
from ..text import cn_number, fold

MAX_TITLE = 40  # a heading line's title longer than this is body text, not a heading
# A Chinese numeral 1–99 in a valid form (never "十十", which `cn_number` cannot read).
_CN_NUM = r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_TOP_LINE = re.compile(rf"[ \t\u3000]*(?P<num>{_CN_NUM})[ \t\u3000]*[、.．][ \t\u3000]*")
_SUB_LINE = re.compile(rf"[ \t\u3000]*[（(][ \t\u3000]*(?P<num>{_CN_NUM})[ \t\u3000]*[）)][ \t\u3000]*")
_TOP_INLINE = re.compile(rf"(?<![一二三四五六七八九十第（(])(?P<num>{_CN_NUM})[、.．]")
_SUB_INLINE = re.compile(rf"(?<!第)[（(](?P<num>{_CN_NUM})[）)]")
_TITLE_END = re.compile(r"[。：:]")
_TRAILING_PUNCT = " \t\u3000。：:；;，,"
_LEAD_PUNCT = " \t\r\n\u3000\u00a0。：:，,"
# Inline subsection titles run into the body text; these mark where a title plausibly ends.
_SUB_STOP = re.compile(r"[。；;：:]|\d|一是|首先")
_SUB_WORD_END = re.compile(r"情况|措施")
_LEADING_YEAR = re.compile(r"\d{4}\s*年度?")
_SEQ_TITLE = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:情况|事项|措施)")
# Punctuation `text.fold` unifies; a title regex accepts every form of each.
_FOLDABLE = "()（）:：,，;；“”＂\"〔〕[]【】／/－-—、．.\u3000\u00a0"


@dataclass
class Heading:
    """A heading found among the blocks: a marker the assembler turns into a `Section`."""

    level: int
    numeral: str
    title: str
    span: Span  # the numeral through the end of the title
    text: str  # the heading as written (numeral + title)
    key: str | None = None

    @property
    def number(self) -> int | None:
        return cn_number(self.numeral)


Item = Heading | Paragraph | Table


# --- line-based headings --------------------------------------------------------------------------

def split_heading_line(par: Paragraph) -> list[Item]:
    """Split one line-paragraph into [Heading, rest Paragraph] when it is a heading line.

    A paragraph that is not a heading comes back unchanged as `[par]`.
    """
    for level, pattern in ((1, _TOP_LINE), (2, _SUB_LINE)):
        m = pattern.match(par.text)
        if m:
            found = _line_heading(par, m, level)
            if found:
                return found
    return [par]


def _line_heading(par: Paragraph, m: re.Match[str], level: int) -> list[Item] | None:
    text, base = par.text, par.span.start
    title_start = m.end()
    stop = _TITLE_END.search(text, title_start)
    title_end = stop.start() if stop else len(text)
    if title_end - title_start > MAX_TITLE:
        if level != 1:
            return None
        title_end = _variant_end(text, title_start)  # "一、总体情况2021年，…" on one line
        if title_end is None:
            return None
    start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000"))  # the numeral or （
    heading = _make_heading(text, base, start, m.group("num"), title_start, title_end, level)
    rest_start = stop.end() if stop and stop.start() == title_end else title_end
    return [heading, *_rest_paragraph(text, base, rest_start)]


def _rest_paragraph(text: str, base: int, start: int) -> list[Paragraph]:
    rest = text[start:]
    stripped = rest.strip()
    if not stripped:
        return []
    offset = base + start + (len(rest) - len(rest.lstrip()))
    return [Paragraph(stripped, Span(offset, offset + len(stripped)))]


def _make_heading(text: str, base: int, start: int, numeral: str, title_start: int,
                  title_end: int, level: int, key: str | None = None) -> Heading:
    """A heading whose span runs from `start` (the numeral, or the `（` of `（一）`) to the title's
    end; `text` offsets are relative to `base`."""
    title = text[title_start:title_end].rstrip(_TRAILING_PUNCT)
    title_end = title_start + len(title)
    if level == 1 and key is None:
        key = section_key(title)
    span = Span(base + start, base + title_end)
    return Heading(level, numeral, title, span, text[start:title_end], key)


# --- inline headings ------------------------------------------------------------------------------

def find_inline_headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """Top-level headings inside run-together text `text[start:end]` (crawler form).

    `N、` counts when a statutory title variant follows it (the title is exactly the variant as
    written), or when N is the previous heading's number + 1 and a short CJK title ending in
    情况/事项/措施 follows directly (e.g. `五、信息处理费收取情况` in some reports).
    """
    end = len(text) if end is None else end
    titles = _title_regex()
    found: list[Heading] = []
    for m in _TOP_INLINE.finditer(text, start, end):
        if found and m.start() < found[-1].span.end:
            continue
        numeral, key = m.group("num"), None
        t = titles.match(text, m.end(), end)
        if t is not None:
            key, title_start, title_end = section_key(t.group("title")), t.start("title"), t.end()
        else:
            previous = found[-1].number if found else 0
            if cn_number(numeral) != (previous or 0) + 1:
                continue
            title_start, title_end = m.end(), _sequence_title(text, m.end(), end)
            if title_end is None:
                continue
        found.append(_make_heading(text, 0, m.start(), numeral, title_start, title_end, 1, key))
    return found


@lru_cache(maxsize=4096)
def section_key(title: str) -> str | None:
    """The statutory section key a heading title names (`templates.match_section_title`), cached:
    the same few titles recur in every report."""
    d = match_section_title(title) if title else None
    return d.key if d else None


def _variant_end(text: str, pos: int, end: int | None = None) -> int | None:
    """End offset of the longest statutory title variant that `text[pos:]` starts with."""
    t = _title_regex().match(text, pos, len(text) if end is None else end)
    return t.end() if t else None


@lru_cache(maxsize=1)
def _title_regex() -> re.Pattern[str]:
    """All statutory title variants as one regex, tolerant of blanks and punctuation width.

    Equivalent to `norm(text).startswith(variant)` but runs in the regex engine, so scanning a
    long run-together text stays fast.
    """
    same: dict[str, set[str]] = {}
    for ch in _FOLDABLE:
        same.setdefault(fold(ch), {fold(ch)}).add(ch)

    def char(c: str) -> str:
        alts = sorted(same.get(c, {c}))
        return "[" + "".join(re.escape(a) for a in alts) + "]" if len(alts) > 1 else re.escape(c)

    variants = sorted({v for d in section_defs() for v in d.variants}, key=len, reverse=True)
    body = "|".join(r"\s*".join(char(c) for c in v) for v in variants)
    return re.compile(rf"\s*(?P<title>{body})")


def _sequence_title(text: str, pos: int, end: int) -> int | None:
    m = _SEQ_TITLE.match(text, pos, min(end, pos + 24))
    return m.end() if m else None


def find_inline_subheadings(par: Paragraph) -> list[Item]:
    """Split an inline paragraph at `（一）…` subsection headings (titles found heuristically)."""
    text, base = par.text, par.span.start
    out: list[Item] = []
    cursor = 0
    for m in _SUB_INLINE.finditer(text):
        if m.start() < cursor:
            continue
        title_end = _inline_sub_title_end(text, m.end())
        if title_end is None:
            continue
        out.extend(_piece(text, base, cursor, m.start()))
        out.append(_make_heading(text, base, m.start(), m.group("num"), m.end(), title_end, 2))
        cursor = title_end
    if not out:
        return [par]
    out.extend(_piece(text, base, cursor, len(text)))
    return out


def _inline_sub_title_end(text: str, pos: int) -> int | None:
    window_end = min(len(text), pos + MAX_TITLE)
    scan = pos
    lead = _LEADING_YEAR.match(text, pos, window_end)  # "（一）2020年政务公开工作要点落实情况"
    if lead:
        scan = lead.end()
    ends = []
    stop = _SUB_STOP.search(text, scan, window_end)
    if stop:
        ends.append(stop.start())
    word = _SUB_WORD_END.search(text, scan, window_end)
    if word:
        ends.append(word.end())
    if not ends:
        comma = text.find("，", pos, window_end)
        return comma if comma > pos else None
    title_end = min(ends)
    return title_end if title_end > pos else None


def _piece(text: str, base: int, start: int, end: int) -> list[Paragraph]:
    """`text[start:end]` as a paragraph, without surrounding blanks or the 。/： after a title."""
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip(_LEAD_PUNCT))
    stripped = chunk[lead:].rstrip()
    if not stripped:
        return []
    return [Paragraph(stripped, Span(base + start + lead, base + start + lead + len(stripped)))]


# --- assembling the tree --------------------------------------------------------------------------

def build_structure(doc: Document, blocks: Iterable[Block]) -> None:
    """Line-based loaders: find headings among `blocks` (one paragraph per line) and nest them."""
    items: list[Item] = []
    for b in blocks:
        items.extend(split_heading_line(b) if isinstance(b, Paragraph) else [b])
    assemble(doc, items)


def assemble(doc: Document, items: Sequence[Item]) -> None:
    """Nest headings and blocks into `doc.preamble` and `doc.sections` (replacing them).

    A subsection heading before the first top-level heading stays a preamble paragraph.
    """
    doc.preamble, doc.sections = [], []
    top: Section | None = None
    sub: Section | None = None
    for item in items:
        if isinstance(item, Heading):
            if item.level == 1:
                top, sub = _section(item), None
                doc.sections.append(top)
            elif top is None:
                doc.preamble.append(Paragraph(item.text, item.span))
            else:
                sub = _section(item)
                top.subsections.append(sub)
        elif sub is not None:
            sub.blocks.append(item)
        elif top is not None:
            top.blocks.append(item)
        else:
            doc.preamble.append(item)
    for s in doc.sections:
        _close_span(s)
    if not doc.sections and not any(isinstance(b, Table) for b in doc.preamble):
        doc.diagnostics.append(Diagnostic(
            diagnostics.NO_STRUCTURE, "未找到报告结构：没有编号章节（一、二、……），也没有统计表"))


def _section(h: Heading) -> Section:
    return Section(h.number, h.numeral, h.title, h.span, h.span, h.level, h.key)


def _close_span(s: Section) -> int:
    """Extend the section's span to the end of its last block or subsection; return the end."""
    end = s.heading_span.end
    for b in s.blocks:
        end = max(end, b.span.end)
    for sub in s.subsections:
        end = max(end, _close_span(sub))
    s.span = Span(s.heading_span.start, end)
    return end
