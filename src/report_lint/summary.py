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
- per statutory section: the heading's place; for 总体情况 and 五 also, for each sentence, a CRC-32
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
from typing import Any

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
PRINTED_SECTIONS = ("overview", "problems")
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
        text = source.text[span.start:span.end]
        line, col = source.line_col(span.start)
        if "\n" in text or "\r" in text:
            end_line, end_col = source.line_col(span.end)
        else:  # the common case (a cell, a heading): one line, one look-up
            end_line, end_col = line, col + len(text)
        return cls(span.start, span.end, line, col, end_line, end_col, _short(text))

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


TITLE = "title"
SECTION = "§"  # place key prefix of a section heading: "§overview"


@dataclass
class ReportSummary:
    """What folder rules know about one checked report.

    Places (the title, section headings, the SUMMARY_ROWS cells) are packed into parallel
    sequences — keys (interned), values, texts and `_POS` ints each in one array — because every
    file of a run keeps its summary until the folder pass: a few kilobytes, few objects.
    """

    path: str
    year: int | None = None
    issuer: str | None = None
    issuer_level: str | None = None
    issuer_kind: str | None = None
    template: str | None = None
    tables: dict[str, TablePrint] = field(default_factory=dict)
    # 总体情况 / 五: section key → (title, _PRINT per sentence)
    prints: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    suppressed: list[tuple[str, int, int]] = field(default_factory=list)  # (code, first, last)
    keys: tuple[str, ...] = ()  # "title", "§overview", "requests/carried_over/total" …
    values: tuple[Any, ...] = ()  # a cell's number (None: blank, text, or not a cell)
    texts: tuple[str, ...] = ()  # the text at the place (cut), for baseline fingerprints
    pos: array = field(default_factory=lambda: array("i"))  # _POS ints per place
    parent: str | None = None  # the superior body named by config facts (XYR606)

    def place(self, key: str) -> tuple[Any, Anchor] | None:
        try:
            i = self.keys.index(key)
        except ValueError:
            return None
        return self.values[i], Anchor(*self.pos[i * _POS:(i + 1) * _POS], self.texts[i])

    @property
    def anchor(self) -> Anchor | None:
        """The title (or first heading): where findings about the whole report point."""
        p = self.place(TITLE)
        return p[1] if p else None

    def cell(self, table: str, row: str, column: str) -> CellValue | None:
        """A kept cell (see SUMMARY_ROWS), or None when the report does not have it."""
        p = self.place(f"{table}/{row}/{column}")
        return CellValue(*p) if p else None

    def value(self, table: str, row: str, column: str) -> int | float | None:
        c = self.cell(table, row, column)
        return c.value if c is not None else None

    def columns(self, table: str, row: str) -> list[str]:
        """The kept columns of one row, in table order."""
        prefix = f"{table}/{row}/"
        return [k[len(prefix):] for k in self.keys if k.startswith(prefix)]

    def section(self, key: str) -> SectionPrint | None:
        """A section's heading (and, for 总体情况 and 五, its sentence prints), if the report has it."""
        p = self.place(SECTION + key)
        if p is None:
            return None
        title, packed = self.prints.get(key, (p[1].snippet, b""))
        return SectionPrint(title, p[1], packed)

    @property
    def sections(self) -> dict[str, SectionPrint]:
        """Section key → heading (and, for 总体情况 and 五, sentence prints)."""
        out = {}
        for i, key in enumerate(self.keys):
            if key.startswith(SECTION):
                name = key[len(SECTION):]
                title, packed = self.prints.get(name, (self.texts[i], b""))
                out[name] = SectionPrint(title, Anchor(*self.pos[i * _POS:(i + 1) * _POS],
                                                       self.texts[i]), packed)
        return out

    def anchor_at(self, span: Span) -> Anchor | None:
        """The place with exactly this span (what a folder finding points at)."""
        for i, text in enumerate(self.texts):
            if self.pos[i * _POS] == span.start and self.pos[i * _POS + 1] == span.end:
                return Anchor(*self.pos[i * _POS:(i + 1) * _POS], text)
        return None

    # -- JSON (the result cache) -----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "year": self.year, "issuer": self.issuer,
            "issuer_level": self.issuer_level, "issuer_kind": self.issuer_kind,
            "template": self.template,
            "tables": {k: [t.template, t.digest, t.nonzero, t.total]
                       for k, t in self.tables.items()},
            "prints": {k: [t, p.hex()] for k, (t, p) in self.prints.items()},
            "suppressed": [list(r) for r in self.suppressed],
            "places": [list(self.keys), list(self.values), list(self.texts), list(self.pos)],
            "parent": self.parent,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReportSummary:
        keys, values, texts, pos = d["places"]
        return cls(
            d["path"], d["year"], d["issuer"], d["issuer_level"], d["issuer_kind"], d["template"],
            {k: TablePrint(t, int(h), int(n), total) for k, (t, h, n, total) in d["tables"].items()},
            {k: (t, bytes.fromhex(p)) for k, (t, p) in d["prints"].items()},
            [(str(c), int(a), int(b)) for c, a, b in d["suppressed"]],
            tuple(sys.intern(k) for k in keys), tuple(values), tuple(texts), array("i", pos),
            d.get("parent"))

    def __setstate__(self, state: dict[str, Any]) -> None:  # unpickled from a worker process
        state["keys"] = tuple(sys.intern(k) for k in state["keys"])
        self.__dict__.update(state)


# -- building ----------------------------------------------------------------------------------

def summarize_report(report: Report, path: str) -> ReportSummary:
    """The summary of one checked report (`path`: the name its findings carry)."""
    facts = report.facts

    def fact(key: str) -> Any:
        f = facts.get(key)
        return f.value if f is not None else None

    out = ReportSummary(path, report.year, fact("issuer"), fact("issuer_level"),
                        fact("issuer_kind"), report.template.id)
    out.parent = fact("parent")
    places = _Places(report.source)
    title = _title_span(report)
    if title is not None:
        places.add(TITLE, None, title)
    names = own_names(out.issuer)
    for sec in report.document.sections:
        if sec.key is not None and SECTION + sec.key not in places.keys:
            places.add(SECTION + sec.key, None, sec.heading_span)
            if sec.key in PRINTED_SECTIONS:
                out.prints[sec.key] = (sec.title, pack_sentences(_paragraphs(sec), names))
    _add_tables(out, report, places)
    out.keys, out.values, out.texts, out.pos = (tuple(places.keys), tuple(places.values),
                                                tuple(places.texts), places.pos)
    out.suppressed = _suppressed(report)
    return out


class _Places:
    """The packed places of a summary, as they are built."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.keys: list[str] = []
        self.values: list[Any] = []
        self.texts: list[str] = []
        self.pos = array("i")

    def add(self, key: str, value: Any, span: Span) -> None:
        a = Anchor.of(self.source, span)
        self.keys.append(sys.intern(key))
        self.values.append(value)
        self.texts.append(sys.intern(a.snippet) if len(a.snippet) <= 2 else a.snippet)
        self.pos.extend((a.start, a.end, a.line, a.column, a.end_line, a.end_column))


def _add_tables(out: ReportSummary, report: Report, places: _Places) -> None:
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
            if row.key in kept:
                for col, cell, value in zip(row.columns, row.cells, values):
                    if cell is not None:
                        places.add(f"{key}/{row.key}/{col}", value, cell.span)
        digest = zlib.crc32(repr((list(bound.rows), seen)).encode())
        out.tables[key] = TablePrint(sys.intern(bound.template), digest,
                                     sum(1 for v in seen if v), sum(abs(v) for v in seen if v))


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


def _short(s: str, limit: int = 40) -> str:
    return s if len(s) <= limit else s[:limit]


def _title_span(report: Report) -> Span | None:
    doc = report.document
    if doc.preamble:
        return doc.preamble[0].span
    if doc.sections:
        return doc.sections[0].heading_span
    return None


def _suppressed(report: Report) -> list[tuple[str, int, int]]:
    from . import suppressions

    src = report.source
    if suppressions.MARKER not in src.text:
        return []
    heads = [s.heading_span.start for s in report.document.sections]
    parsed = suppressions.parse(src, src.line_col(min(heads))[0] if heads else None)
    return [(r.code, r.first, r.last) for r in parsed.ranges]
