"""Tables without ruling lines, recovered from the gaps between words of a PDF's text lines.

A line split at wide gaps into three or more pieces is a table row; a run of such rows with at
least two rows of numbers is a table. A short line between two rows (a label wrapped onto a
second line) is joined to the label of the row nearer to it. Each piece is one cell; merged cells
cannot be told apart here, so rows hold what is written, in reading order.
"""
from __future__ import annotations

from dataclasses import dataclass

from .pdflayout import TextLine, join_lines, line_text

GAP = 1.5  # a gap wider than this many character sizes separates two cells
MIN_CELLS = 3


@dataclass
class TextTable:
    rows: list[list[str]]
    top: float
    page: int


def pieces(line: TextLine) -> list[str]:
    """The line's text split at wide gaps."""
    out: list[list[dict]] = [[line.chars[0]]] if line.chars else []
    for a, b in zip(line.chars, line.chars[1:]):
        if b["x0"] - a["x1"] > GAP * max(line.size, 1):
            out.append([b])
        else:
            out[-1].append(b)
    return [t for t in (line_text(chunk) for chunk in out) if t]


def _numeric(s: str) -> bool:
    return s.replace(".", "", 1).replace(",", "").lstrip("+-").isdigit()


def find_text_tables(lines: list[TextLine]) -> list[TextLine | TextTable]:
    """`lines` with every run of table rows replaced by one `TextTable`."""
    split = [pieces(ln) for ln in lines]
    is_row = [len(p) >= MIN_CELLS for p in split]
    out: list[TextLine | TextTable] = []
    i = 0
    while i < len(lines):
        end = _run_end(lines, is_row, i)
        rows = [j for j in range(i, end) if is_row[j]]
        if end > i and sum(sum(map(_numeric, split[j])) >= 2 for j in rows) >= 2:
            out.append(_table(lines, split, is_row, i, end))
            i = end
        else:
            out.append(lines[i])
            i += 1
    return out


def _run_end(lines: list[TextLine], is_row: list[bool], i: int) -> int:
    """End of the run of rows starting at `i` (wrapped-label lines between rows included)."""
    if not is_row[i]:
        return i
    end = i + 1
    while end < len(lines) and lines[end].page == lines[i].page:
        if is_row[end]:
            end += 1
            continue
        nxt = next((k for k in range(end, min(end + 3, len(lines))) if is_row[k]), None)
        if nxt is None or lines[nxt].page != lines[i].page:
            break
        end = nxt + 1
    if end < len(lines) and end - 1 > i and _wraps_last_row(lines, i, end):
        end += 1
    return end


def _wraps_last_row(lines: list[TextLine], i: int, end: int) -> bool:
    """The line after the run continues its last label: as close as the rows are to each other,
    in the label column."""
    ln, last = lines[end], lines[end - 1]
    pitch = (last.top - lines[i].top) / (end - 1 - i)
    return (ln.page == last.page and 0 < ln.top - last.top < 1.2 * pitch
            and abs(ln.x0 - lines[i].x0) < ln.size)


def _table(lines: list[TextLine], split: list[list[str]], is_row: list[bool], i: int,
           end: int) -> TextTable:
    rows = {j: list(split[j]) for j in range(i, end) if is_row[j]}
    wraps: dict[int, tuple[list[str], list[str]]] = {j: ([], []) for j in rows}
    for j in range(i, end):
        if not is_row[j]:
            mid = (lines[j].top + lines[j].bottom) / 2
            near = min(rows, key=lambda k: abs((lines[k].top + lines[k].bottom) / 2 - mid))
            wraps[near][0 if j < near else 1].append(lines[j].text)
    for j, (before, after) in wraps.items():
        if not before and not after:
            continue
        if _numeric(rows[j][0]):  # a label centred beside a row of numbers
            rows[j].insert(0, join_lines(before + after))
        else:
            rows[j][0] = join_lines(before + [rows[j][0]] + after)
    return TextTable([rows[k] for k in sorted(rows)], lines[i].top, lines[i].page)
