"""Per-report summaries for folder-scope rules: what one report tells the rules that compare
reports (XYR: last year's carry-over, 现行有效 continuity, copied text, identical tables).

A summary is plain data built from a `Report` right after the report is checked, so folder rules
never need the documents themselves: it crosses from `--jobs` worker processes (pickled) and is
stored with a cached result (JSON). Every file of a run keeps one until the folder pass, so it is
kept small (a few kilobytes: no text, positions packed in an array). It holds

- the facts reports are grouped by: issuer, its level and kind, report year, template;
- the values of the rows folder rules compare (`SUMMARY_ROWS`: table 三's 一/二/（七）/四, table
  二's 规章 and 规范性文件, table 四), each with its cell's place (span, line and column, the
  cell text for baseline fingerprints);
- per statistical table, a fingerprint of all its values (cumulative columns left out) and how
  many are non-zero, to tell a table repeated from last year;
- per statutory section: the heading's place; for 总体情况, 五 and 六 also, for each sentence, a CRC-32
  of the sentence with white space dropped and digits and the issuer's own names masked (so a
  text copied with only its years, numbers or body name changed still matches) and its length;
- the report's inline suppression ranges, so folder findings honour them like any other.
"""
from __future__ import annotations

import re
import struct
import sys
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Any, Iterator

from .model import Paragraph, Report, Section
from .source import Source, Span
from .text import norm

SUMMARY_ROWS = {
    "requests": ("new", "carried_over", "total", "carry_forward"),
    "active_disclosure": ("rules", "normative"),
    "review_litigation": ("cases",),
}
# Columns that carry over from year to year by nature: a repeated value there is no copy.
CUMULATIVE_COLUMNS = ("valid", "public_total", "previous")
PRINTED_SECTIONS = ("overview", "problems", "other")
MIN_SENTENCE = 6  # shorter sentences ("无。") say nothing about copying
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_DIGITS = re.compile(r"[0-9０-９]+")
_PLACE_END = re.compile(r"(?:自治区|自治州|自治县|实验区|新区|开发区|片区|省|市|州|盟|县|旗|区|镇|乡|街道)(?!场|政|容|域|民|级)")
_PRINT = struct.Struct("<IH")  # crc32, length (capped)
_POS = 6  # start, end, line, column, end line, end column


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place in one report a folder finding can point at."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    snippet: str = ""  # Source.text[start:end]

    @classmethod
    def of(cls, source: Source, span: Span) -> Anchor:
        line, col = source.line_col(span.start)
        end_line, end_col = source.line_col(span.end)
        return cls(span.start, span.end, line, col, end_line, end_col,
                   _short(source.text[span.start:span.end]))

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def as_list(self) -> list[Any]:
        return [self.start, self.end, self.line, self.column, self.end_line, self.end_column,
                self.snippet]


@dataclass(frozen=True, slots=True)
class CellValue:
    """One table cell as folder rules see it: its number (None: blank or text) and place."""

    value: int | float | None
    anchor: Anchor


@dataclass(slots=True)
class TablePrint:
    """A whole statistical table in brief: a fingerprint of its values, how many are non-zero
    and their sum (cumulative columns left out of all three)."""

    template: str
    digest: int
    nonzero: int
    total: float = 0


@dataclass(slots=True)
class SectionPrint:
    """A statutory section's title and place, and its sentences' fingerprints."""

    title: str
    anchor: Anchor
    packed: bytes = b""  # _PRINT per sentence

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """(CRC-32, length) of each sentence."""
        return list(_PRINT.iter_unpack(self.packed))

    @property
    def chars(self) -> int:
        return sum(n for _, n in _PRINT.iter_unpack(self.packed))


@dataclass
class ReportSummary:
    """What folder rules know about one checked report."""

    path: str
    year: int | None = None
    issuer: str | None = None
    issuer_level: str | None = None
    issuer_kind: str | None = None
    template: str | None = None
    anchor: Anchor | None = None  # the title (or first heading): for findings about the report
    tables: dict[str, TablePrint] = field(default_factory=dict)
    sections: dict[str, SectionPrint] = field(default_factory=dict)  # section key → print
    suppressed: list[tuple[str, int, int]] = field(default_factory=list)  # (code, first, last)
    # The SUMMARY_ROWS cells, packed: key "table/row/column", value, cell text, _POS ints each.
    cell_keys: tuple[str, ...] = ()
    cell_values: tuple[Any, ...] = ()
    cell_texts: tuple[str, ...] = ()
    cell_pos: array = field(default_factory=lambda: array("l"))

    def cell(self, table: str, row: str, column: str) -> CellValue | None:
        """A kept cell (see SUMMARY_ROWS), or None when the report does not have it."""
        try:
            i = self.cell_keys.index(f"{table}/{row}/{column}")
        except ValueError:
            return None
        p = self.cell_pos[i * _POS:(i + 1) * _POS]
        return CellValue(self.cell_values[i], Anchor(*p, self.cell_texts[i]))

    def value(self, table: str, row: str, column: str) -> int | float | None:
        c = self.cell(table, row, column)
        return c.value if c is not None else None

    def columns(self, table: str, row: str) -> list[str]:
        """The kept columns of one row, in table order."""
        prefix = f"{table}/{row}/"
        return [k[len(prefix):] for k in self.cell_keys if k.startswith(prefix)]

    def anchor_at(self, span: Span) -> Anchor | None:
        """The anchor with exactly this span (what a folder finding points at)."""
        for a in self._anchors():
            if a.start == span.start and a.end == span.end:
                return a
        return None

    def _anchors(self) -> Iterator[Anchor]:
        if self.anchor is not None:
            yield self.anchor
        for s in self.sections.values():
            yield s.anchor
        for i, text in enumerate(self.cell_texts):
            yield Anchor(*self.cell_pos[i * _POS:(i + 1) * _POS], text)

    # -- JSON (the result cache) -----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "year": self.year, "issuer": self.issuer,
            "issuer_level": self.issuer_level, "issuer_kind": self.issuer_kind,
            "template": self.template,
            "anchor": self.anchor.as_list() if self.anchor else None,
            "tables": {k: [t.template, t.digest, t.nonzero, t.total]
                       for k, t in self.tables.items()},
            "sections": {k: [s.title, s.anchor.as_list(), s.packed.hex()]
                         for k, s in self.sections.items()},
            "suppressed": [list(r) for r in self.suppressed],
            "cells": [list(self.cell_keys), list(self.cell_values), list(self.cell_texts),
                      list(self.cell_pos)],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReportSummary:
        keys, values, texts, pos = d["cells"]
        return cls(
            d["path"], d["year"], d["issuer"], d["issuer_level"], d["issuer_kind"], d["template"],
            Anchor(*d["anchor"]) if d["anchor"] else None,
            {k: TablePrint(t, int(h), int(n), total) for k, (t, h, n, total) in d["tables"].items()},
            {k: SectionPrint(t, Anchor(*a), bytes.fromhex(p))
             for k, (t, a, p) in d["sections"].items()},
            [(str(c), int(a), int(b)) for c, a, b in d["suppressed"]],
            tuple(sys.intern(k) for k in keys), tuple(values),
            tuple(sys.intern(t) for t in texts), array("l", pos))

    def __setstate__(self, state: dict[str, Any]) -> None:  # unpickled from a worker process
        state["cell_keys"] = tuple(sys.intern(k) for k in state["cell_keys"])
        self.__dict__.update(state)


# -- building ----------------------------------------------------------------------------------

def summarize_report(report: Report, path: str) -> ReportSummary:
    """The summary of one checked report (`path`: the name its findings carry)."""
    facts = report.facts

    def fact(key: str) -> Any:
        f = facts.get(key)
        return f.value if f is not None else None

    out = ReportSummary(path, report.year, fact("issuer"), fact("issuer_level"),
                        fact("issuer_kind"), report.template.id, _title_anchor(report))
    _add_tables(out, report)
    names = own_names(out.issuer)
    for sec in report.document.sections:
        if sec.key is not None and sec.key not in out.sections:
            packed = pack_sentences(_paragraphs(sec), names) if sec.key in PRINTED_SECTIONS else b""
            out.sections[sec.key] = SectionPrint(sec.title,
                                                 Anchor.of(report.source, sec.heading_span), packed)
    out.suppressed = _suppressed(report)
    return out


def _add_tables(out: ReportSummary, report: Report) -> None:
    src = report.source
    keys: list[str] = []
    values_out: list[Any] = []
    texts: list[str] = []
    pos = array("l")
    for key, bound in report.tables.items():
        seen: list[Any] = []
        kept = SUMMARY_ROWS.get(key, ())
        for row in bound.rows.values():
            if row.unreadable:
                continue
            values = row.values
            for col, value in zip(row.columns, values):
                if col not in CUMULATIVE_COLUMNS:
                    seen.append(value)
            if row.key not in kept:
                continue
            for col, cell, value in zip(row.columns, row.cells, values):
                if cell is not None:
                    a = Anchor.of(src, cell.span)
                    keys.append(sys.intern(f"{key}/{row.key}/{col}"))
                    values_out.append(value)
                    texts.append(sys.intern(a.snippet))
                    pos.extend((a.start, a.end, a.line, a.column, a.end_line, a.end_column))
        digest = zlib.crc32(repr((list(bound.rows), seen)).encode())
        out.tables[key] = TablePrint(bound.template, digest, sum(1 for v in seen if v),
                                     sum(abs(v) for v in seen if v))
    out.cell_keys, out.cell_values, out.cell_texts, out.cell_pos = (
        tuple(keys), tuple(values_out), tuple(texts), pos)


def own_names(issuer: str | None) -> tuple[str, ...]:
    """The issuer's name, the places it starts with and the parts after them (平潭综合实验区海坛
    片区管理局 → 平潭综合实验区, 海坛片区, 海坛片区管理局 …), longest first: a report copied from another
    body's usually swaps just these."""
    if not issuer:
        return ()
    ends = [m.end() for m in _PLACE_END.finditer(issuer) if m.end() >= 2]
    starts = [0, *ends[:-1]]
    names = {issuer}
    names.update(issuer[:e] for e in ends)  # 平潭综合实验区, 平潭综合实验区海坛片区
    names.update(issuer[a:e] for a, e in zip(starts, ends))  # 海坛片区
    names.update(issuer[a:] for a in starts[1:])  # 海坛片区管理局
    return tuple(sorted((n for n in names if len(n) >= 2), key=len, reverse=True))


def pack_sentences(texts: list[str], names: tuple[str, ...] = ()) -> bytes:
    """Each sentence of `texts` as CRC-32 and length: white space dropped, digits and the
    issuer's own names masked."""
    out = bytearray()
    for text in texts:
        for m in _SENTENCE.finditer(text):
            s = _DIGITS.sub("0", norm(m.group()))
            for name in names:
                if name in s:
                    s = s.replace(name, "□")
            if len(s) >= MIN_SENTENCE:
                out += _PRINT.pack(zlib.crc32(s.encode("utf-8")), min(len(s), 0xFFFF))
    return bytes(out)


def _paragraphs(sec: Section) -> list[str]:
    return [b.text for b in sec.iter_blocks() if isinstance(b, Paragraph)]


def _short(s: str, limit: int = 80) -> str:
    return s if len(s) <= limit else s[:limit]


def _title_anchor(report: Report) -> Anchor | None:
    doc = report.document
    span = None
    if doc.preamble:
        span = doc.preamble[0].span
    elif doc.sections:
        span = doc.sections[0].heading_span
    return Anchor.of(report.source, span) if span is not None else None


def _suppressed(report: Report) -> list[tuple[str, int, int]]:
    from . import suppressions

    src = report.source
    if suppressions.MARKER not in src.text:
        return []
    heads = [s.heading_span.start for s in report.document.sections]
    parsed = suppressions.parse(src, src.line_col(min(heads))[0] if heads else None)
    return [(r.code, r.first, r.last) for r in parsed.ranges]
