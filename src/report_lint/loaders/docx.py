"""Word (DOCX) loader, with python-docx (imported only when a DOCX file is read).

The container is checked first (`limits`: member count, uncompressed sizes, compression ratio, no
DTD or entity declarations in any XML part). Then the body is read in order:

- paragraphs (also inside content controls); a line break inside a paragraph splits it, since
  clerks often use Shift+Enter between a heading and its text. Headings are found by their text
  (`structure`), never by style names.
- tables with merged cells: `gridSpan` gives a cell's column span and `gridBefore` skipped grid
  columns; a `vMerge` continuation extends the row span of the cell above. A table holding other
  tables is page layout: its cells are read as flow.

A DOCX cannot be edited in place, so `Source.text` is the extracted text (`flowtext`): spans
point into it and `Source.format` is "docx" (fixes on it are refused).
"""
from __future__ import annotations

from io import BytesIO
from typing import Any

from ..model import Block, Document
from ..source import InputError, Source
from .flowtext import CellSpec, FlowText
from .joining import join_pieces
from .limits import LIMITS, check_depth, check_size, check_xml_parts, open_zip
from .structure import build_structure


def load(path: str, data: bytes) -> Document:
    check_size("docx", len(data))
    zf = open_zip(data)
    if "word/document.xml" not in zf.namelist():
        raise InputError("压缩包中没有 word/document.xml，不是 Word（DOCX）文件")
    check_xml_parts(zf)
    body = _open_body(data)
    flow = FlowText()
    blocks: list[Block] = []
    try:
        _read_container(body, flow, blocks, depth=0)
    except InputError:
        raise
    except Exception as exc:  # malformed WordprocessingML (bad gridSpan, broken parts …)
        raise InputError(f"无法读取 Word（DOCX）文件的内容：{type(exc).__name__}: {exc}") from exc
    doc = Document(Source(path, flow.text(), "docx", "utf-8", False, "\n", raw=data))
    build_structure(doc, blocks)
    return doc


def _open_body(data: bytes) -> Any:
    try:
        import docx  # python-docx
    except ModuleNotFoundError as exc:  # pragma: no cover - it is a declared dependency
        raise InputError("读取 Word（DOCX）文件需要安装依赖包 python-docx") from exc
    try:
        return docx.Document(BytesIO(data)).element.body
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds for broken files
        raise InputError(f"无法读取 Word（DOCX）文件：{type(exc).__name__}: {exc}") from exc


def _q(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(name)


def _read_container(element: Any, flow: FlowText, blocks: list[Block], depth: int) -> None:
    """Read the paragraphs and tables of a body, a content control or a layout table cell."""
    if depth > LIMITS.max_html_depth:
        check_depth(depth, "Word 表格")
    p, tbl, sdt = _q("w:p"), _q("w:tbl"), _q("w:sdt")
    for child in element.iterchildren():
        if child.tag == p:
            for line in paragraph_text(child).split("\n"):
                par = flow.paragraph(line)
                if par:
                    blocks.append(par)
        elif child.tag == tbl:
            _read_table(child, flow, blocks, depth + 1)
        elif child.tag == sdt:
            content = child.find(_q("w:sdtContent"))
            if content is not None:
                _read_container(content, flow, blocks, depth + 1)


def paragraph_text(p: Any) -> str:
    """The text of a `<w:p>` as Word shows it (runs, hyperlinks, tabs; breaks as "\\n")."""
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text


def _read_table(tbl: Any, flow: FlowText, blocks: list[Block], depth: int) -> None:
    rows = [list(tr.tc_lst) for tr in tbl.tr_lst]
    if any(tc.find(".//" + _q("w:tbl")) is not None for row in rows for tc in row):
        for row in rows:  # layout table: read its cells as flow
            for tc in row:
                _read_container(tc, flow, blocks, depth)
        return
    table = flow.table(merged_rows(tbl))
    if table is not None:
        blocks.append(table)


def merged_rows(tbl: Any) -> list[list[CellSpec]]:
    """Rows of (text, row span, col span, grid column), each merged cell once where it starts."""
    out: list[list[CellSpec]] = []
    owners: dict[int, list[Any]] = {}  # grid column → [text, row_span, col_span, col] above
    for tr in tbl.tr_lst:
        row: list[list[Any]] = []
        col = tr.grid_before
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            owner = owners.get(col)
            if tc.vMerge == "continue" and owner is not None and owner[2] == span:
                owner[1] += 1
            else:
                spec = [cell_text(tc), 1, span, col]
                row.append(spec)
                for c in range(col, col + span):
                    owners[c] = spec
            col += span
        out.append(row)
    return [[(t, rs, cs, c) for t, rs, cs, c in row] for row in out]


def cell_text(tc: Any) -> str:
    """A cell's paragraphs joined (a header written over two lines is one label)."""
    return join_pieces(line for p in tc.iterchildren(_q("w:p"))
                       for line in paragraph_text(p).split("\n"))
