"""Where a fix inserts whole paragraphs: before or after the line (text, Markdown) or the block
element (HTML) holding a position, written the way that format writes paragraphs.

Rules that add text (a missing statistics-period sentence, a missing part) use these so that the
inserted paragraphs are read back as paragraphs of their own: a line each in plain text, separated
by blank lines in Markdown, a `<p>` each in HTML. In run-together crawler text (a whole report on
one line) the paragraphs are inserted inline, where the text loader finds headings anyway.
Line breaks are written as `\\n`; the fixer turns them into the file's newline style.
"""
from __future__ import annotations

import html
import re

from .findings import Edit
from .source import Source

_BLOCK_OPEN = re.compile(r"<(p|div|h[1-6]|li|section|article)\b", re.I)
_TAGS_BEFORE = re.compile(r"(?:<[^<>]*>\s*)+\Z")
_BLOCK_CLOSE = re.compile(r"(?:\s*</(?:span|strong|b|font|em|i|u|a)\s*>)*\s*</(?:p|div|h[1-6]|li)\s*>",
                          re.I)
_LOOKBACK = 400  # characters of markup searched before a heading for its element's start


def paragraphs_before(source: Source, pos: int, lines: list[str]) -> Edit | None:
    """An insertion of `lines` as paragraphs of their own before the paragraph holding `pos`."""
    text = source.text
    if source.format == "html":
        start = _block_start(text, pos)
        if start is None:
            return None
        return Edit(start, start, _html(lines) + "\n" + _indent(text, start))
    line_start = _line_start(text, pos)
    prefix = text[line_start:pos]
    if prefix.strip(" \t\u3000#>"):
        return Edit(pos, pos, "".join(lines)) if source.format == "text" else None
    gap = "\n\n" if source.format == "markdown" else "\n"
    return Edit(line_start, line_start, gap.join(lines) + gap)


def paragraphs_after(source: Source, pos: int, lines: list[str], heading_prefix: str = ""
                     ) -> Edit | None:
    """An insertion of `lines` after the paragraph that ends at `pos` (the first line gets
    `heading_prefix`, e.g. the `## ` of the headings around it in Markdown)."""
    text = source.text
    if source.format == "html":
        m = _BLOCK_CLOSE.match(text, pos)
        if m is None:
            return None
        return Edit(m.end(), m.end(), "\n" + _indent(text, pos) + _html(lines))
    lines = [heading_prefix + lines[0], *lines[1:]]
    line_end = _line_end(text, pos)
    if text[pos:line_end].strip():
        return Edit(pos, pos, "".join(lines)) if source.format == "text" else None
    gap = "\n\n" if source.format == "markdown" else "\n"
    if line_end >= len(text):  # the last line of the file
        return Edit(len(text), len(text), gap + gap.join(lines) + "\n")
    after = line_end + (2 if text.startswith("\r\n", line_end) else 1)
    return Edit(after, after, gap.join(lines) + gap)


def _indent(text: str, pos: int) -> str:
    """The blanks that start the line holding `pos` (to lay inserted markup out alike)."""
    start = _line_start(text, pos)
    line = text[start:pos]
    return line[:len(line) - len(line.lstrip(" \t"))]


def _html(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)


def _block_start(text: str, pos: int) -> int | None:
    """Where the block element holding `pos` starts: the first of the tags right before `pos`
    after the last closing one, when it opens a paragraph-like element."""
    run = _TAGS_BEFORE.search(text, max(0, pos - _LOOKBACK), pos)
    if run is None:
        return None
    tags = list(re.finditer(r"<[^<>]*>", text[run.start():pos]))
    last_close = max((t.start() for t in tags if t.group().startswith("</")), default=-1)
    opening = [t for t in tags if t.start() > last_close]
    if not opening or not _BLOCK_OPEN.match(opening[0].group()):
        return None
    return run.start() + opening[0].start()


def _line_start(text: str, pos: int) -> int:
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def _line_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find("\r", pos), text.find("\n", pos)) if i >= 0]
    return min(ends) if ends else len(text)
