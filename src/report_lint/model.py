"""The section AST every loader produces, and the `Report` rules read.

A loader turns a file into a `Document`; `report_lint.report.build_report` adds the bound
statistical tables (see `report_lint.templates`) and the facts (year, issuer, level, period).
Every node keeps a `Span` into `Source.text`, so findings point at exact places and fixes can be
written back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Union

from .source import Source, Span

CellKind = Literal["number", "blank", "text"]

_NUMBER = re.compile(r"[+\-－]?\d+(?:\.\d+)?")
_BLANK_TEXT = {"", "\u00a0", "&nbsp;"}


def parse_cell(raw: str) -> tuple[CellKind, int | float | None]:
    """Classify a cell's text: a number (int or decimal, sign allowed), a blank, or other text.

    A blank is never 0. Text such as "/", "—", "无" or "251000元" stays text; rules decide what
    it means (a unit after a number is read by the rules that expect money).
    """
    got = _PARSED.get(raw) or _parse(raw)
    return got[1], got[2]


# raw text → (stripped, kind, value): the same few cell texts (0, 1, blanks) recur in every table.
# Short texts only, and a bounded number of them.
_PARSED: dict[str, tuple[str, CellKind, int | float | None]] = {}
_PARSED_MAX = 20_000
_PARSED_TEXT = 64


def _parse(raw: str) -> tuple[str, CellKind, int | float | None]:
    s = raw.strip().replace(",", "").replace("，", "")
    got: tuple[str, CellKind, int | float | None]
    if s in _BLANK_TEXT:
        got = (raw.strip(), "blank", None)
    elif _NUMBER.fullmatch(s):
        s = s.replace("－", "-")
        got = (raw.strip(), "number", (float(s) if "." in s else int(s)))
    else:
        got = (raw.strip(), "text", None)
    if len(raw) <= _PARSED_TEXT:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[raw] = got
    return got


@dataclass
class Cell:
    """One table cell: its text as written, where it is, and what it holds."""

    raw: str
    span: Span
    kind: CellKind = "text"
    value: int | float | None = None
    row_span: int = 1
    col_span: int = 1
    note: str | None = None  # how the loader read it, e.g. "连写数字按单元格拆分"

    @classmethod
    def of(cls, raw: str, span: Span, **kw: Any) -> Cell:
        stripped, kind, value = _PARSED.get(raw) or _parse(raw)
        return cls(stripped, span, kind, value, **kw)


@dataclass
class Paragraph:
    text: str
    span: Span


@dataclass
class Table:
    """A table as the loader found it.

    `cells` is every cell in reading order (what label-driven binding walks). `rows` is the grid
    when the format has real rows (HTML, DOCX, Markdown), with merged cells repeated; the seed
    text form and crawler text have no reliable rows, so `rows` is empty for them.
    """

    cells: list[Cell]
    span: Span
    rows: list[list[Cell]] = field(default_factory=list)
    inline: bool = False  # cells recovered from run-together text (crawler form)


Block = Union[Paragraph, Table]


@dataclass
class Section:
    """A numbered section (一…六) or subsection (（一）…)."""

    number: int | None
    numeral: str
    title: str
    heading_span: Span
    span: Span
    level: int = 1
    key: str | None = None  # the statutory section the title names (overview, …, other), if any
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    def iter_blocks(self) -> Iterator[Block]:
        yield from self.blocks
        for sub in self.subsections:
            yield from sub.iter_blocks()

    def text(self, source: Source) -> str:
        return source.text[self.span.start:self.span.end]


@dataclass
class Diagnostic:
    """Something a loader or the binder noticed about the input itself (an `RL` finding)."""

    code: str
    message: str
    span: Span | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    source: Source
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # key → (value, span) read from the file's own metadata: a crawler header (标题:, 发布时间:),
    # HTML <meta>, Markdown front matter.
    metadata: dict[str, tuple[str, Span | None]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def iter_blocks(self) -> Iterator[Block]:
        yield from self.preamble
        for s in self.sections:
            yield from s.iter_blocks()

    def tables(self) -> list[Table]:
        return [b for b in self.iter_blocks() if isinstance(b, Table)]

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None


@dataclass
class Fact:
    """A fact about the report and where it came from (title, period, narration, metadata, …)."""

    value: Any
    origin: str
    span: Span | None = None


@dataclass
class TemplateMatch:
    """Which national template the document follows, how sure, and why."""

    id: str | None
    confidence: float
    evidence: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class BoundRow:
    key: str
    label: str  # the official label
    columns: list[str]  # column keys
    column_labels: list[str]
    cells: list[Cell | None]  # None: the cell is not there at all
    label_span: Span | None = None
    label_as_written: str = ""
    item: str | None = None  # 第二十条第（一）项 for table 二
    unreadable: str | None = None  # why the values could not be read unambiguously

    @property
    def values(self) -> list[int | float | None]:
        return [c.value if c is not None and c.kind == "number" else None for c in self.cells]

    def cell(self, column: str) -> Cell | None:
        try:
            return self.cells[self.columns.index(column)]
        except ValueError:
            return None


@dataclass
class BoundTable:
    """A statistical table bound to a template's row and column keys."""

    key: str  # active_disclosure | requests | review_litigation
    template: str  # the template id this table was bound with
    table: Table | None
    rows: dict[str, BoundRow] = field(default_factory=dict)
    missing_rows: list[str] = field(default_factory=list)
    confidence: float = 1.0
    evidence: list[str] = field(default_factory=list)

    def row(self, key: str) -> BoundRow | None:
        return self.rows.get(key)

    def cell(self, row: str, column: str) -> Cell | None:
        r = self.rows.get(row)
        return r.cell(column) if r else None

    def value(self, row: str, column: str) -> int | float | None:
        c = self.cell(row, column)
        return c.value if c is not None and c.kind == "number" else None


@dataclass
class Report:
    """A document plus its template, bound tables and facts: what rules read."""

    document: Document
    template: TemplateMatch
    tables: dict[str, BoundTable] = field(default_factory=dict)
    # Each statistical table's own template match: a report can mix tables of both templates.
    table_templates: dict[str, TemplateMatch] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    # Every candidate value seen for a fact, e.g. all years with their origins (for DAT rules).
    fact_sources: dict[str, list[Fact]] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)  # per-file facts from config
    # Every label occurrence the binder matched (templates.LabelHit: official, variant, old …).
    labels: list[Any] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # shared work between rules

    @property
    def source(self) -> Source:
        return self.document.source

    @property
    def year(self) -> int | None:
        f = self.facts.get("year")
        return f.value if f else None

    def table(self, key: str) -> BoundTable | None:
        return self.tables.get(key)
