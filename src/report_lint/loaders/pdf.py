"""PDF loader (text layer), with pdfplumber (imported only when a PDF is read).

Per page: ruled tables and text lines outside them (`pdflayout`); tables without rules from the
gaps between words (`pdfgaps`); page numbers in the top or bottom margin are dropped. Over the
document: a table that ends a page and one that starts the next page with the same edges are
joined; text lines are joined into paragraphs (a new paragraph starts at an indented line, after a
line that stops short of the right margin, at a change of font size, or after a wide vertical
gap; centred title lines stay together), so a heading line stays its own paragraph and body text
wrapped over lines (or pages) is one sentence.

A PDF cannot be edited in place: `Source.text` is the extracted text (`flowtext`), spans point
into it. A PDF without a text layer (a scan) gives a `Document` with no content and a
`NO_TEXT_LAYER` (RL007) diagnostic.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Union

from .. import diagnostics
from ..model import Block, Diagnostic, Document
from ..source import InputError, Source
from .flowtext import FlowText
from .limits import LIMITS, check_size
from .pdfgaps import TextTable, find_text_tables
from .pdflayout import (PdfTable, TextLine, can_join, find_tables, grid_rows, join, join_lines,
                        text_lines)
from .structure import build_structure

Item = Union[TextLine, PdfTable, TextTable]
_FOLIO = re.compile(r"[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                    r"|\d{1,4}\s*/\s*\d{1,4}")
MARGIN = 0.1  # top and bottom tenth of a page: where page numbers are


@dataclass
class Page:
    lines: list[TextLine]
    tables: list[PdfTable]
    height: float
    chars: int


def load(path: str, data: bytes) -> Document:
    check_size("pdf", len(data))
    pages = read_pages(data)
    flow = FlowText()
    if not any(p.chars for p in pages):
        doc = Document(Source(path, "", "pdf", "utf-8", False, "\n", raw=data))
        doc.diagnostics.append(Diagnostic(
            diagnostics.NO_TEXT_LAYER,
            f"PDF 没有文字层（共 {len(pages)} 页，可能是扫描件），无法检查内容；"
            "请提供带文字层的 PDF，或 Word、网页、文本版本"))
        return doc
    blocks = _blocks(_sequence(pages), flow)
    doc = Document(Source(path, flow.text(), "pdf", "utf-8", False, "\n", raw=data))
    build_structure(doc, blocks)
    return doc


def read_pages(data: bytes) -> list[Page]:
    try:
        import pdfplumber
    except ModuleNotFoundError as exc:  # pragma: no cover - it is a declared dependency
        raise InputError("读取 PDF 文件需要安装依赖包 pdfplumber") from exc
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            if len(pdf.pages) > LIMITS.max_pdf_pages:
                raise InputError(f"PDF 页数过多（{len(pdf.pages)} 页，上限 {LIMITS.max_pdf_pages} 页）")
            return [_read_page(page, i) for i, page in enumerate(pdf.pages)]
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for broken or encrypted files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError("PDF 文件已加密，无法读取") from exc
        raise InputError(f"无法读取 PDF 文件：{name}: {exc}") from exc


def _read_page(page: Any, no: int) -> Page:
    chars = [c for c in page.chars if c.get("text", "").strip()]
    tables = find_tables(page, no) if chars else []
    lines = [ln for ln in text_lines(chars, tables, no) if not _is_folio(ln, page.height)]
    page.close()  # frees pdfplumber's per-page caches
    return Page(lines, tables, page.height, len(chars))


def _is_folio(line: TextLine, height: float) -> bool:
    in_margin = line.top < height * MARGIN or line.bottom > height * (1 - MARGIN)
    return in_margin and bool(_FOLIO.fullmatch(line.text))


def _sequence(pages: list[Page]) -> list[Item]:
    """Lines and tables in reading order; a table continued on the next page joined to it."""
    out: list[Item] = []
    for page in pages:
        items: list[Item] = sorted([*find_text_tables(page.lines), *page.tables],
                                   key=lambda it: it.top)
        if items and isinstance(items[0], PdfTable) and out and isinstance(out[-1], PdfTable) \
                and can_join(out[-1], items[0]):
            out[-1] = join(out[-1], items[0])
            items = items[1:]
        out.extend(items)
    return out


# --- paragraphs -----------------------------------------------------------------------------------

@dataclass
class _Layout:
    left: float
    right: float
    size: float
    pitch: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2

    def indented(self, ln: TextLine) -> bool:
        return ln.x0 > self.left + 1.2 * self.size

    def centred(self, ln: TextLine) -> bool:
        return self.indented(ln) and abs((ln.x0 + ln.x1) / 2 - self.center) < self.size


def _layout(lines: list[TextLine]) -> _Layout:
    size = statistics.median(ln.size for ln in lines)
    left = statistics.mode(round(ln.x0) for ln in lines)
    rights = sorted(ln.x1 for ln in lines)
    right = rights[int(len(rights) * 0.9)]
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:])
            if a.page == b.page and 0 < b.top - a.top < 3 * size]
    return _Layout(left, right, size, statistics.median(gaps) if gaps else 1.5 * size)


def _starts_paragraph(prev: TextLine | None, ln: TextLine, lay: _Layout) -> bool:
    if prev is None:
        return True
    if abs(ln.size - prev.size) > 1:
        return True
    if ln.page == prev.page and ln.top - prev.top > 1.8 * lay.pitch:
        return True
    if lay.centred(prev) and lay.centred(ln):
        return False  # a title over two centred lines
    return lay.indented(ln) or prev.x1 < lay.right - 1.5 * lay.size


def _blocks(items: list[Item], flow: FlowText) -> list[Block]:
    lines = [it for it in items if isinstance(it, TextLine)]
    lay = _layout(lines) if lines else _Layout(0, 0, 10, 15)
    blocks: list[Block] = []
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            par = flow.paragraph(join_lines(ln.text for ln in current))
            if par:
                blocks.append(par)
            current.clear()

    for it in items:
        if isinstance(it, (PdfTable, TextTable)):
            flush()
            rows = grid_rows(it) if isinstance(it, PdfTable) else [
                [(text, 1, 1, None) for text in row] for row in it.rows]
            table = flow.table(rows)
            if table is not None:
                blocks.append(table)
            continue
        if _starts_paragraph(current[-1] if current else None, it, lay):
            flush()
        current.append(it)
    flush()
    return blocks
