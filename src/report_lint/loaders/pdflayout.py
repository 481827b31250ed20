"""Geometry of a PDF page's text layer: text lines, ruled tables, and tables joined over pages.

Works on pdfplumber's `page.chars`, `page.lines` and `page.rects` (plain dicts with `x0`, `x1`,
`top`, `bottom`). Coordinates are PDF points, `top` growing down the page.

- Ruling: stroked lines and rectangles, and thin filled bars. Filled boxes are not rules: Word
  exports shade every text line and table cell with a white box. A table cut by a page break has
  no closing rule; its vertical rules still show where it ends, so the open edge is closed.
- Cell text: the characters inside the cell, in lines by height, joined without spaces between
  CJK characters, so a label wrapped over lines and a vertical label (one character per line,
  table 三's 三、本年度办理结果) read as one string.
- A table ending a page and a table starting the next one with the same left and right edges are
  one table; an empty first-row cell under a label cell that ended the page continues that cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .joining import is_tight

TOL = 2.0  # points: edges closer than this are the same edge
Obj = dict[str, Any]


@dataclass
class PdfCell:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""


@dataclass
class PdfTable:
    cells: list[PdfCell]
    page: int

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.cells)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.cells)

    @property
    def top(self) -> float:
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.cells)


@dataclass
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    chars: list[Obj] = field(default_factory=list, repr=False)


# --- ruling and tables ----------------------------------------------------------------------------

def _is_white(color: Any) -> bool:
    if color is None:
        return True
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    if len(values) == 4:  # CMYK
        return all(v == 0 for v in values)
    return all(isinstance(v, (int, float)) and v >= 0.95 for v in values)


def rules(page: Any) -> list[Obj]:
    """The visible rules of a page (as pdfplumber line/rect objects)."""
    out: list[Obj] = list(page.lines)
    for r in page.rects:
        thin = min(r["x1"] - r["x0"], r["bottom"] - r["top"]) < 2.5
        shaded = r.get("fill") and not _is_white(r.get("non_stroking_color"))
        if r.get("stroke") or (thin and shaded):
            out.append(r)
    return out


def _closing_edges(objs: list[Obj]) -> list[Obj]:
    """Horizontal rules closing the open top/bottom of tables cut by a page break."""
    verticals = sorted((o for o in objs
                        if o["x1"] - o["x0"] < 2.5 and o["bottom"] - o["top"] > TOL),
                       key=lambda o: o["top"])
    extra: list[Obj] = []
    group: list[Obj] = []
    for v in verticals + [None]:  # type: ignore[list-item]
        if v is not None and (not group or v["top"] <= max(g["bottom"] for g in group) + TOL):
            group.append(v)
            continue
        if group:
            top = min(g["top"] for g in group)
            bottom = max(g["bottom"] for g in group)
            for y, touching in ((top, [g for g in group if g["top"] - top < TOL]),
                                (bottom, [g for g in group if bottom - g["bottom"] < TOL])):
                if len(touching) >= 2:
                    x0, x1 = min(g["x0"] for g in touching), max(g["x1"] for g in touching)
                    extra.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                                  "height": 0, "object_type": "line"})
        group = [v] if v is not None else []
    return extra


def find_tables(page: Any, page_no: int) -> list[PdfTable]:
    """Ruled tables of a page, each cell with its text; tables of a single column are not tables
    (a ruled box around a paragraph)."""
    objs = rules(page)
    if len(objs) < 2:
        return []
    objs = objs + _closing_edges(objs)
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": objs, "explicit_horizontal_lines": objs}
    found = []
    for t in page.find_tables(settings):
        cells = [PdfCell(*bbox) for bbox in t.cells]
        if len({round(c.x0) for c in cells}) < 2:
            continue
        for c in cells:
            c.text = cell_text(page.chars, c)
        found.append(PdfTable(cells, page_no))
    return found


def cell_text(chars: list[Obj], cell: PdfCell) -> str:
    inside = [ch for ch in chars if cell.x0 <= (ch["x0"] + ch["x1"]) / 2 <= cell.x1
              and cell.top <= (ch["top"] + ch["bottom"]) / 2 <= cell.bottom]
    return join_lines(line_text(ln) for ln in group_lines(inside))


# --- text lines -----------------------------------------------------------------------------------

def group_lines(chars: Iterable[Obj]) -> list[list[Obj]]:
    """Characters in lines (by vertical position), each line left to right."""
    lines: list[list[Obj]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if lines:
            last = lines[-1]
            mid = (ch["top"] + ch["bottom"]) / 2
            if last[0]["top"] - 1 <= mid <= last[0]["bottom"] + 1:
                last.append(ch)
                continue
        lines.append([ch])
    for ln in lines:
        ln.sort(key=lambda c: c["x0"])
    return lines


def line_text(chars: list[Obj]) -> str:
    """Characters joined; a gap becomes a space only between Latin letters or digits."""
    out = ""
    prev: Obj | None = None
    for ch in chars:
        t = ch["text"]
        if t.isspace():
            continue
        if prev is not None and out and not (is_tight(out[-1]) or is_tight(t[0])):
            gap = ch["x0"] - prev["x1"]
            if gap > 0.25 * max(ch.get("size", 10), 1):
                out += " "
        out += t
        prev = ch
    return out


def join_lines(lines: Iterable[str]) -> str:
    out = ""
    for t in lines:
        if t:
            sep = "" if not out or is_tight(out[-1]) or is_tight(t[0]) else " "
            out += sep + t
    return out


def text_lines(chars: list[Obj], tables: list[PdfTable], page_no: int) -> list[TextLine]:
    """The page's text lines outside its tables."""
    free = [ch for ch in chars if not any(_inside(ch, t) for t in tables)]
    out = []
    for ln in group_lines(free):
        text = line_text(ln)
        if text:
            sizes = sorted(c.get("size", 10) for c in ln)
            out.append(TextLine(text, ln[0]["x0"], ln[-1]["x1"], min(c["top"] for c in ln),
                                max(c["bottom"] for c in ln), sizes[len(sizes) // 2], page_no, ln))
    return out


def _inside(ch: Obj, t: PdfTable) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return t.x0 - 1 <= x <= t.x1 + 1 and t.top - 1 <= y <= t.bottom + 1


# --- joining over pages ---------------------------------------------------------------------------

def can_join(a: PdfTable, b: PdfTable) -> bool:
    return abs(a.x0 - b.x0) <= 3 * TOL and abs(a.x1 - b.x1) <= 3 * TOL


def join(a: PdfTable, b: PdfTable) -> PdfTable:
    """Append `b` (next page) under `a`; an empty first-row cell of `b` under a label cell that
    ends `a` continues that cell (a merged cell cut by the page break)."""
    shift = a.bottom - b.top
    moved = [PdfCell(c.x0, c.top + shift, c.x1, c.bottom + shift, c.text) for c in b.cells]
    seam = a.bottom
    enders = [c for c in a.cells if abs(c.bottom - seam) < TOL and c.text and not _numeric(c.text)]
    kept = []
    for c in moved:
        owner = next((e for e in enders if abs(c.top - seam) < TOL and not c.text
                      and abs(e.x0 - c.x0) < TOL and abs(e.x1 - c.x1) < TOL), None)
        if owner is not None:
            owner.bottom = c.bottom
        else:
            kept.append(c)
    return PdfTable(a.cells + kept, a.page)


def _numeric(s: str) -> bool:
    return s.replace(".", "", 1).replace(",", "").lstrip("+-").isdigit()


# --- grid -----------------------------------------------------------------------------------------

def _clusters(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def grid_rows(t: PdfTable) -> list[list[tuple[str, int, int, int | None]]]:
    """Rows of (text, row span, col span, grid column), each cell in the row where it starts."""
    xs = _clusters([c.x0 for c in t.cells] + [c.x1 for c in t.cells])
    ys = _clusters([c.top for c in t.cells] + [c.bottom for c in t.cells])
    rows: list[list[tuple[str, int, int, int | None]]] = [[] for _ in range(max(len(ys) - 1, 1))]
    for c in sorted(t.cells, key=lambda c: (c.top, c.x0)):
        r0, r1 = _index(ys, c.top), _index(ys, c.bottom)
        c0, c1 = _index(xs, c.x0), _index(xs, c.x1)
        rows[min(r0, len(rows) - 1)].append((c.text, max(1, r1 - r0), max(1, c1 - c0), c0))
    return [sorted(r, key=lambda spec: spec[3] or 0) for r in rows if r]
