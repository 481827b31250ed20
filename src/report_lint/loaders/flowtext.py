"""The text of a `Source` for formats that are not edited in place (DOCX, PDF).

The loader writes what it extracted into a `FlowText`: each paragraph on its own line, each table
row on its own line with its cells separated by ` | ` (a merged cell only in the row where it
starts). Spans point into this text, so findings have lines and columns, and `Paragraph.text` is
always exactly the text its span covers.
"""
from __future__ import annotations

from ..model import Paragraph, Table
from ..source import Span
from .grid import Draft, make_table

CELL_SEPARATOR = " | "
# A cell as the loader found it: text, row span, column span, grid column (None: next free).
CellSpec = tuple[str, int, int, "int | None"]


class FlowText:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0

    def _add(self, s: str) -> Span:
        self._parts.append(s)
        start = self._pos
        self._pos += len(s)
        return Span(start, self._pos)

    def paragraph(self, text: str) -> Paragraph | None:
        """Write one paragraph (line breaks inside become spaces); None when it is blank."""
        text = " ".join(text.split("\n")).strip()
        if not text:
            return None
        span = self._add(text)
        self._add("\n")
        return Paragraph(text, span)

    def table(self, rows: list[list[CellSpec]]) -> Table | None:
        """Write a table row by row and return it with cells and grid; None when it is empty."""
        start = self._pos
        drafts: list[list[Draft]] = []
        for row in rows:
            out: list[Draft] = []
            for i, (text, rs, cs, col) in enumerate(row):
                if i:
                    self._add(CELL_SEPARATOR)
                text = " ".join(text.split()) if "\n" in text else text.strip()
                out.append(Draft(text, self._add(text), rs, cs, col))
            self._add("\n")
            drafts.append(out)
        if not any(drafts):
            return None
        return make_table(drafts, Span(start, self._pos - 1))

    def text(self) -> str:
        return "".join(self._parts)
