"""Markdown loader: a report kept as Markdown, or text extracted from a PDF into Markdown.

- Front matter (`key: value` lines between `---` lines at the top) goes into
  `Document.metadata`; English keys also get the Chinese key `facts` reads (title → 标题 …).
- `#` headings become paragraphs of their text (so `## 一、总体情况` is found as a section);
  Chinese numbered headings on plain lines are found by `structure` as in plain text.
- Pipe tables become `Table`s: each line a row of `cells` (reading order) and `rows`; delimiter
  lines (`|---|`) are skipped, and pipe blocks separated only by blank lines are one table (text
  extracted from a PDF breaks tables that way).
- Every other line is one paragraph, exactly the text its span covers, so fixes can be written
  back; emphasis markers around a whole line or cell are left out of its span.
"""
from __future__ import annotations

import re

from ..model import Block, Cell, Document, Paragraph, Table
from ..source import Source, Span, read_source
from .limits import check_size
from .structure import build_structure
from .text import split_lines

_FRONT_FENCE = re.compile(r"\s*(?:---|\.\.\.)\s*")
_FRONT_LINE = re.compile(r"\s*(?P<key>[^:：#\s][^:：]{0,30}?)\s*[:：]\s*(?P<value>.*?)\s*")
_ATX = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|[ \t]*$")
_SETEXT = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_FENCE = re.compile(r"[ \t]{0,3}(?:```|~~~)")
_DELIMITER_ROW = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_LEAD = re.compile(r"[ \t\u3000]*(?:>[ \t]*)*")
_EMPHASIS = ("***", "**", "__", "*", "_")
_INLINE_TAG = re.compile(r"<[^<>]{0,80}>")
FRONT_ALIASES = {"title": "标题", "date": "发布时间", "published": "发布时间",
                 "author": "发布机构", "publisher": "发布机构", "issuer": "发布机构",
                 "source": "来源"}
MAX_FRONT_LINES = 100
Lines = list[tuple[int, int]]


def load(path: str, data: bytes) -> Document:
    check_size("markdown", len(data))
    return parse_markdown(read_source(path, data, fmt="markdown"))


def parse_markdown(src: Source) -> Document:
    doc = Document(src)
    lines = split_lines(src.text)
    body = _front_matter(doc, lines)
    build_structure(doc, _blocks(src.text, lines[body:]))
    return doc


def _front_matter(doc: Document, lines: Lines) -> int:
    """Read `---`-fenced front matter into metadata; return the index of the first body line."""
    text = doc.source.text
    if not lines or text[lines[0][0]:lines[0][1]].strip() != "---":
        return 0
    for i, (s, e) in enumerate(lines[1:MAX_FRONT_LINES], start=1):
        if _FRONT_FENCE.fullmatch(text, s, e):
            for ls, le in lines[1:i]:
                _front_line(doc, ls, le)
            return i + 1
    return 0


def _front_line(doc: Document, s: int, e: int) -> None:
    m = _FRONT_LINE.fullmatch(doc.source.text, s, e)
    if not m or not m.group("value"):
        return
    value, vs, ve = m.group("value"), m.start("value"), m.end("value")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value, vs, ve = value[1:-1], vs + 1, ve - 1
    key = m.group("key")
    doc.metadata.setdefault(key, (value, Span(vs, ve)))
    alias = FRONT_ALIASES.get(key.lower())
    if alias:
        doc.metadata.setdefault(alias, (value, Span(vs, ve)))


def _blocks(text: str, lines: Lines) -> list[Block]:
    blocks: list[Block] = []
    table: list[list[Cell]] = []
    in_code = False
    for s, e in lines:
        line = text[s:e]
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if _is_table_line(line):
            if not _DELIMITER_ROW.fullmatch(line):
                table.append(_row(text, s, e))
            continue
        if not line.strip():
            continue  # a blank line does not end a table: the next pipe block continues it
        if table:
            blocks.append(_table(table))
            table = []
        if _SETEXT.fullmatch(line) and blocks and isinstance(blocks[-1], Paragraph):
            continue  # the underline of a setext heading
        par = _paragraph(text, s, e)
        if par:
            blocks.append(par)
    if table:
        blocks.append(_table(table))
    return blocks


def _is_table_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _paragraph(text: str, s: int, e: int) -> Paragraph | None:
    """A line as a paragraph, without its heading marker, blockquote marker or emphasis."""
    atx = _ATX.match(text, s, e)
    if atx:
        start = atx.end()
        close = _ATX_CLOSE.search(text, start, e)
        e = close.start() if close else e
    else:
        lead = _LEAD.match(text, s, e)
        start = lead.end() if lead else s
    start, end = _unwrap(text, start, e)
    return Paragraph(text[start:end], Span(start, end)) if end > start else None


def _unwrap(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip blanks and emphasis markers that enclose the whole of text[s:e]."""
    while True:
        while s < e and text[s] in " \t\u3000":
            s += 1
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
        for mark in _EMPHASIS:
            n = len(mark)
            if e - s > 2 * n and text.startswith(mark, s) and text.startswith(mark, e - n):
                s, e = s + n, e - n
                break
        else:
            return s, e


def _row(text: str, s: int, e: int) -> list[Cell]:
    """The cells of one pipe-table line (leading and trailing pipes optional, `\\|` escaped)."""
    bounds = [i for i in range(s, e) if text[i] == "|" and (i == s or text[i - 1] != "\\")]
    if text[s:bounds[0]].strip():
        bounds.insert(0, s - 1)
    if text[bounds[-1] + 1:e].strip():
        bounds.append(e)
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        cs, ce = _unwrap(text, a + 1, b)
        raw = _INLINE_TAG.sub("", text[cs:ce]).replace("\\|", "|")
        cells.append(Cell.of(raw, Span(cs, ce)))
    return cells


def _table(rows: list[list[Cell]]) -> Table:
    cells = [c for row in rows for c in row]
    span = Span(cells[0].span.start, cells[-1].span.end) if cells else Span(0, 0)
    return Table(cells, span, rows=[list(r) for r in rows])
