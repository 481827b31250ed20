"""Tables with merged cells: place cells into a grid (shared by the HTML, DOCX and PDF loaders).

A loader hands over its rows as `Draft`s, each merged cell once, in the row where it starts. The
result is a `Table` whose `cells` hold every cell once in reading order (with `row_span` and
`col_span`) and whose `rows` repeat a merged cell in every row and column it covers.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Table
from ..source import Span
from .limits import check_table_cells


@dataclass
class Draft:
    """A cell as a loader found it, before it is placed in the grid."""

    text: str
    span: Span
    row_span: int = 1
    col_span: int = 1
    col: int | None = None  # the grid column when the format says it; None: next free column


def make_table(rows: list[list[Draft]], span: Span) -> Table:
    """Place `rows` of drafts into a grid; a row span is clipped at the table's last row."""
    n = len(rows)
    grid: list[dict[int, Cell]] = [{} for _ in range(n)]
    cells: list[Cell] = []
    covered = 0
    for r, drafts in enumerate(rows):
        c = 0
        for d in drafts:
            rs, cs = max(1, min(d.row_span, n - r)), max(1, d.col_span)
            c = d.col if d.col is not None else c
            while c in grid[r]:
                c += 1
            cell = Cell.of(d.text, d.span, row_span=rs, col_span=cs)
            cells.append(cell)
            covered += rs * cs
            check_table_cells(covered)
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    grid[rr].setdefault(cc, cell)
            c += cs
    out = [[row[k] for k in sorted(row)] for row in grid]
    return Table(cells, span, rows=[row for row in out if row])
