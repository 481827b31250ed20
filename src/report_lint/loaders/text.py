"""Plain-text loader for the two text forms reports reach us in.

1. *Seed form* (text exported from a web page): paragraphs one per line; tables as runs of lines
   containing `|`, where every `|` ends one cell (`0 |` is a cell, `|||` three blank cells,
   `1 | ||` the cells `1`, blank, blank). The form has no reliable rows, so `Table.rows` is empty.
2. *Crawler form*: a metadata header (`标题: …`, `发布时间: …` … up to a `==== 正文 ====` line),
   then the report run together on one line: headings inline (`…本报告。一、总体情况2021年，…`) and
   tables flattened (`规章000规范性文件444`). Tables become `Table(inline=True)` whose cells are
   tokens: label runs and digit runs (see `tokenize`); the binder splits digit runs into cells.

Everything is linear in the input size; offsets are offsets into `Source.text`.
"""
from __future__ import annotations

import re
from typing import Iterator

from .. import diagnostics
from ..model import _PARSED, Block, Cell, Diagnostic, Document, Paragraph, Table, _parse
from ..source import Source, Span, read_source
from .structure import (Heading, Item, assemble, build_structure, find_inline_headings,
                        find_inline_subheadings, split_heading_line)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SEPARATOR = re.compile(r"\s*=+\s*正文\s*=+\s*")
_META_LINE = re.compile(r"\s*(?P<key>[\u4e00-\u9fffA-Za-z]{1,10})[ \t\u3000]*[:：][ \t\u3000]*"
                        r"(?P<value>.*?)[ \t\u3000]*")
_HEADER_SCAN = 40  # lines searched for the crawler header's separator
# Real statistical tables have a few hundred cells; beyond this the input is not a report table and
# the rest of the table is skipped (with a diagnostic) to keep time and memory bounded.
MAX_TABLE_CELLS = 100_000
# A number run (sign, thousands commas and decimals allowed; a money unit stays with it) or a label
# run (anything but blanks and digits). Blanks separate tokens and are skipped.
_TOKEN = re.compile(
    r"(?P<num>[+\-－]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:[.．]\d+)?(?:万元|元)?)"
    r"|(?P<text>(?:[^\s\d+\-－]|[+\-－](?!\d))+)")
# Where the flattened statistical table starts inside the body of each table section.
_TABLE_ANCHORS = {
    "active_disclosure": re.compile(r"第二十条|信息内容"),
    "requests": re.compile(r"[（(]?本列数据|申请人情况"),
    "review_litigation": re.compile(r"行政复议\s*行政诉讼|结果维持"),
}


def load(path: str, data: bytes | None = None) -> Document:
    """Read a text report (any encoding `source.decode` knows) into a `Document`."""
    return parse_text(read_source(path, data, fmt="text"))


def parse_text(src: Source) -> Document:
    """Parse already-decoded text (seed form or crawler form) into a `Document`."""
    doc = Document(src)
    text = src.text
    lines = split_lines(text)
    body = _read_header(doc, lines)
    body_lines = lines[body:]
    has_pipes = any(text.find("|", s, e) >= 0 for s, e in body_lines)
    if body_lines and not has_pipes and (doc.metadata or _looks_inline(text, body_lines)):
        assemble(doc, inline_items(text, body_lines[0][0], len(text)))
    else:
        build_structure(doc, line_blocks(text, body_lines))
    if any(len(t.cells) >= MAX_TABLE_CELLS for t in doc.tables()):
        doc.diagnostics.append(Diagnostic(
            diagnostics.UNREADABLE, f"表格单元格过多（超过 {MAX_TABLE_CELLS} 个），多出的部分未读取"))
    return doc


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's content, without its terminator (\\n, \\r\\n or \\r)."""
    out = []
    if "\r" not in text:  # the usual case: str.split is much faster than the regex
        pos = 0
        for line in text.split("\n"):
            end = pos + len(line)
            out.append((pos, end))
            pos = end + 1
        if out and out[-1][0] == out[-1][1]:  # no line after the last newline (or empty text)
            out.pop()
        return out
    for m in _LINE.finditer(text):
        line = m.group()
        cut = 2 if line.endswith("\r\n") else 1 if line.endswith(("\n", "\r")) else 0
        out.append((m.start(), m.end() - cut))
    return out


# --- crawler header -------------------------------------------------------------------------------

def _read_header(doc: Document, lines: list[tuple[int, int]]) -> int:
    """Read a crawler metadata header into `doc.metadata`; return the index of the first body line."""
    text = doc.source.text
    sep = next((i for i, (s, e) in enumerate(lines[:_HEADER_SCAN])
                if _SEPARATOR.fullmatch(text, s, e)), None)
    if sep is None:
        return 0
    first = next(((s, e) for s, e in lines[:sep] if text[s:e].strip()), None)
    if first is None or not _META_LINE.fullmatch(text, *first):
        return 0
    for s, e in lines[:sep]:
        m = _META_LINE.fullmatch(text, s, e)
        if m and m.group("key") not in doc.metadata:
            span = Span(m.start("value"), m.end("value"))
            doc.metadata[m.group("key")] = (m.group("value"), span)
    return sep + 1


def _looks_inline(text: str, lines: list[tuple[int, int]]) -> bool:
    """Header-less run-together text: few lines, yet several statutory headings inside them."""
    if len(lines) > 20:
        return False
    starts = sum(1 for s, e in lines
                 if isinstance(split_heading_line(_par(text, s, e))[0], Heading))
    return starts < 2 and len(find_inline_headings(text, lines[0][0], len(text))) >= 3


def _par(text: str, s: int, e: int) -> Paragraph:
    raw = text[s:e]
    stripped = raw.strip()
    start = s + (len(raw) - len(raw.lstrip()))
    return Paragraph(stripped, Span(start, start + len(stripped)))


# --- seed form (line-based, pipe tables) ----------------------------------------------------------

def line_blocks(text: str, lines: list[tuple[int, int]]) -> list[Block]:
    """Paragraphs (one per non-blank line) and pipe tables (maximal runs of lines with `|`)."""
    blocks: list[Block] = []
    run: list[tuple[int, int]] = []
    for s, e in lines:
        if text.find("|", s, e) >= 0:
            run.append((s, e))
            continue
        if run:
            blocks.append(pipe_table(text, run))
            run = []
        if text[s:e].strip():
            blocks.append(_par(text, s, e))
    if run:
        blocks.append(pipe_table(text, run))
    return blocks


def pipe_table(text: str, lines: list[tuple[int, int]]) -> Table:
    """A table from lines where every `|` ends a cell (blank cells keep a span ending at the pipe)."""
    cells: list[Cell] = []
    append = cells.append
    get = _PARSED.get
    for s, e in lines:
        parts = text[s:e].split("|")
        prev = s
        room = MAX_TABLE_CELLS - len(cells)
        for part in parts[:-1] if len(parts) <= room else parts[:room]:  # each ends at a pipe
            end = prev + len(part)
            if not part:  # the empty cells of a `|||` run
                append(Cell("", Span(prev, prev), "blank"))
            else:  # _cell(part, prev, end), inlined
                stripped, kind, value = get(part) or _parse(part)
                if len(stripped) == len(part):
                    append(Cell(stripped, Span(prev, end), kind, value))
                else:
                    append(_cell(part, prev, end))
            prev = end + 1
        if len(cells) >= MAX_TABLE_CELLS:
            break
        if parts[-1].strip():  # text after the last pipe of a line is a cell too
            cells.append(_cell(parts[-1], prev, e))
    first, last = _par(text, *lines[0]).span, _par(text, *lines[-1]).span
    return Table(cells, Span(first.start, last.end))


def _cell(raw: str, start: int, end: int) -> Cell:
    """The cell written as `raw` at text[start:end] (its span without surrounding blanks)."""
    stripped, kind, value = _PARSED.get(raw) or _parse(raw)  # Cell.of, without the call
    if not stripped:
        return Cell(stripped, Span(start, end), kind, value)
    off = start + (len(raw) - len(raw.lstrip()))
    return Cell(stripped, Span(off, off + len(stripped)), kind, value)


# --- crawler form (inline) ------------------------------------------------------------------------

def inline_items(text: str, start: int, end: int) -> list[Item]:
    """Headings, paragraphs and flattened tables of run-together text `text[start:end]`."""
    headings = find_inline_headings(text, start, end)
    first = headings[0].span.start if headings else end
    items: list[Item] = list(_inline_paragraphs(text, start, first, subsections=False))
    for i, h in enumerate(headings):
        seg_end = headings[i + 1].span.start if i + 1 < len(headings) else end
        items.append(h)
        items.extend(_section_body(text, h, seg_end))
    return items


def _section_body(text: str, h: Heading, end: int) -> list[Item]:
    pos = h.span.end
    anchor = _TABLE_ANCHORS.get(h.key or "")
    m = anchor.search(text, pos, end) if anchor else None
    if m is None:
        return list(_inline_paragraphs(text, pos, end))
    items: list[Item] = list(_inline_paragraphs(text, pos, m.start()))
    table, tail = inline_table(text, m.start(), end)
    if table is not None:
        items.append(table)
    items.extend(_inline_paragraphs(text, tail, end))
    return items


def _inline_paragraphs(text: str, start: int, end: int, subsections: bool = True
                       ) -> Iterator[Item]:
    for s, e in split_lines(text[start:end]):
        par = _par(text, start + s, start + e)
        if par.text:
            yield from (find_inline_subheadings(par) if subsections else [par])


def inline_table(text: str, start: int, end: int) -> tuple[Table | None, int]:
    """Tokens of a flattened table in `text[start:end]` and where the table ends.

    The table ends before the first token containing `。` (a sentence, not a table cell).
    """
    cells: list[Cell] = []
    tail = end
    get = _PARSED.get
    for s, e in tokenize(text, start, end):
        raw = text[s:e]
        if "。" in raw:
            tail = s
            break
        if len(cells) >= MAX_TABLE_CELLS:
            continue
        stripped, kind, value = get(raw) or _parse(raw)  # Cell.of, without the call
        cells.append(Cell(stripped, Span(s, e), kind, value))
    if not cells:
        return None, start
    return Table(cells, Span(cells[0].span.start, cells[-1].span.end), inline=True), tail


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of the label and number tokens of run-together table text.

    Blanks separate tokens. A digit run directly followed by `.` and a letter gives its last digit
    to the label that follows (`00000002.其他法律…` → `0000000`, `2.其他法律…`). Digit runs are not
    split further; a money unit (元, 万元) stays in its number token (`328291965元`).
    """
    end = len(text) if end is None else end
    label_start: int | None = None  # set when a number gave its last digit to the next label
    for m in _TOKEN.finditer(text, start, end):
        if label_start is not None:
            if m.lastgroup == "text" and m.start() == label_start + 1:
                yield label_start, m.end()
                label_start = None
                continue
            yield label_start, label_start + 1
            label_start = None
        if m.lastgroup == "num" and _gives_enumerator(text, m, end):
            if m.end() - 1 > m.start() and text[m.start():m.end() - 1] not in "+-－":
                yield m.start(), m.end() - 1
            label_start = m.end() - 1
            continue
        yield m.start(), m.end()
    if label_start is not None:
        yield label_start, label_start + 1


def _gives_enumerator(text: str, m: re.Match[str], end: int) -> bool:
    """Does this number run end in a row enumerator such as the `2` of `2.其他…`?"""
    e = m.end()
    return (text[e - 1].isdigit() and e + 1 < end and text[e] in ".．"
            and (text[e + 1].isalpha() or text[e + 1] in "“\"（(《") and not text[e + 1].isdigit())
