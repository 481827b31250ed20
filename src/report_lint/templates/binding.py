"""Template detection and binding: find the statistical tables in a `Document` by their labels,
decide which national template each follows, and read every row's cells under the template's
row/column keys.

Binding is label-driven and works on `Table.cells` in reading order, so it does not depend on the
loader. For each (template, table) pair the labels of the table's header and rows are located in
the cells, and the assignment that keeps template order is chosen (a longest increasing chain;
the longest label wins where labels overlap, e.g. 行政规范性文件 over 规范性文件). A row's values are
the next N cells after its label (blank cells count, a label stops the row). In run-together
crawler text (`Table.inline`) the digits after a label are split into cells; a reading that is
not certain is either inferred by the table's arithmetic (RL006) or refused (RL005).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from .. import diagnostics as codes
from ..model import (_PARSED, BoundRow, BoundTable, Cell, Diagnostic, Document, Table,
                     TemplateMatch, _parse)
from ..source import Span
from ..text import norm, norm_with_map
from .expr import holds
from .schema import ColumnSetDef, ElementDef, LabelDef, RowDef, TableDef, Template

SPLIT_NOTE = "连写数字按单元格拆分"
_SAME = "此表两种格式相同或没有区分两种格式的标签"
_MAX_READINGS = 200
_VALUE_TEXT_MAX = 8  # a text cell longer than this (normalised) is not a value but a stopper
_RUN = re.compile(r"[\s\d.+\-−－/／—–]*(?:万元|元)?")
_TOKEN = re.compile(r"[+\-−－]?\d+(?:\.\d+)?(?:万元|元)?|[/／—–\-]")
_MONEY = re.compile(r"([+\-−－]?\d+(?:\.\d+)?)\s*(万元|元)")


# --- public results ------------------------------------------------------------------------

@dataclass
class LabelHit:
    """A label of a bound table as written in the document, and how it relates to the template:
    kind official / variant / truncation / typo / local (a known local variant) / old (a label
    of a superseded template). FMT rules read these."""

    table: str
    template: str
    element: str  # row key, "column-set.column", header key, or "old"
    kind: str
    official: str
    written: str
    span: Span | None
    note: str | None = None
    region: str | None = None


@dataclass
class BindResult:
    """What `bind` found: the document's template, the bound tables, per-table templates,
    RL diagnostics (RL004/RL005/RL006) and every label hit."""

    template: TemplateMatch
    tables: dict[str, BoundTable] = field(default_factory=dict)
    table_templates: dict[str, TemplateMatch] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    labels: list[LabelHit] = field(default_factory=list)


def read_money(raw: str) -> tuple[int | float, str] | None:
    """`251000元` → (251000, "元"); `152.2万元` → (152.2, "万元"); None when there is no unit."""
    m = _MONEY.fullmatch(raw.strip().replace(",", "").replace("，", ""))
    if not m:
        return None
    num = m.group(1).replace("－", "-").replace("−", "-")
    return (float(num) if "." in num else int(num)), m.group(2)


def bind(doc: Document, templates: dict[str, Template] | None = None) -> BindResult:
    """Detect the template of each statistical table and of the document, and bind the tables."""
    if templates is None:
        from . import load_templates
        templates = load_templates()
    tpls = tuple(sorted(templates.values(), key=lambda t: (t.date, t.id)))
    if not tpls:
        return BindResult(TemplateMatch(None, 0.0))
    index = _index(tpls)
    units, cell_units = _units(doc, index)
    occs = _occurrences(units, index)
    binder = _Binder(doc, tpls, index, units, occs, cell_units)
    return binder.run()


# --- label index ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class _Ref:
    template: str
    table: str
    element: int  # index into TableDef.elements; -1 for an old label
    label: LabelDef
    note: str | None = None


_Groups = list[tuple[tuple[str, str], list[_Ref]]]


@dataclass(frozen=True, eq=False)
class _Index:
    pattern: re.Pattern[str] | None
    refs: dict[str, list[_Ref]]  # substring labels
    exact: dict[str, list[_Ref]]  # whole-cell labels (truncations)
    distinctive: dict[tuple[str, str], frozenset[int]]  # (template, table) → element indexes
    # Per substring label: its refs grouped by (template, table), one per element (what a chain
    # walks), computed once instead of for every occurrence.
    groups: dict[str, _Groups] = field(default_factory=dict)
    olds: dict[str, list[_Ref]] = field(default_factory=dict)  # per label: its old-label refs
    # Per label: the numbering its refs may take back, in the order `_prefix_before` tries them.
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    chains: dict[tuple[int, tuple[int, ...]], list[tuple[int, int]]] = field(
        default_factory=dict)  # see `_chain`
    # Label matches (start, end, key, prefix) per short normalised unit text: cell texts recur
    # from report to report.
    matches: dict[str, list[tuple[int, int, str, str]]] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _index(tpls: tuple[Template, ...]) -> _Index:
    refs: dict[str, list[_Ref]] = {}
    exact: dict[str, list[_Ref]] = {}
    for t in tpls:
        for tdef in t.tables.values():
            for i, el in enumerate(tdef.elements):
                for lab in el.labels:
                    (exact if lab.exact else refs).setdefault(lab.norm, []).append(
                        _Ref(t.id, tdef.key, i, lab))
            for old in tdef.old_labels:
                (exact if old.label.exact else refs).setdefault(old.label.norm, []).append(
                    _Ref(t.id, tdef.key, -1, old.label, old.note))
    keys = sorted((k for k in refs if k), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return _Index(pattern, refs, exact, _distinctive(tpls),
                  {k: _group(r) for k, r in refs.items()},
                  {k: [x for x in r if x.element < 0] for k, r in refs.items()},
                  {k: tuple(dict.fromkeys(p for x in r for p in x.label.prefixes))
                   for k, r in refs.items()})


def _group(refs: Iterable[_Ref]) -> _Groups:
    """Refs by (template, table), one per element; old labels (element -1) left out."""
    by: dict[tuple[str, str], list[_Ref]] = {}
    for r in refs:
        if r.element >= 0:
            by.setdefault((r.template, r.table), []).append(r)
    return [(k, _first_per_element(rs)) for k, rs in by.items()]


def _distinctive(tpls: Sequence[Template]) -> dict[tuple[str, str], frozenset[int]]:
    """Elements whose labels no other template uses in the same table: what tells formats apart.
    Old-kind labels do not count (2021's 规范性文件 variant still makes 规范性文件 a 2020 label)."""
    def labels(el: ElementDef) -> set[str]:
        return {lab.norm for lab in el.labels if lab.kind != "old"}
    out = {}
    for t in tpls:
        for tdef in t.tables.values():
            others: set[str] = set()
            for o in tpls:
                if o is not t and tdef.key in o.tables:
                    for el in o.tables[tdef.key].elements:
                        others |= labels(el)
            out[(t.id, tdef.key)] = frozenset(
                i for i, el in enumerate(tdef.elements) if not labels(el) & others)
    return out


# --- units and label occurrences -----------------------------------------------------------

class _Unit:
    """A cell (or, for an inline table, the table's whole text) with its normalised form."""

    __slots__ = ("table", "tindex", "cindex", "text", "norm", "nmap", "base", "span", "labelled")

    def __init__(self, table: Table, tindex: int, cindex: int, text: str, norm: str,
                 nmap: list[int] | None, base: int | None, span: Span) -> None:
        self.table = table
        self.tindex = tindex
        self.cindex = cindex  # index in table.cells; -1 for an inline table's whole text
        self.text = text
        self.norm = norm
        self.nmap = nmap  # normalised offset → text offset; None: the identity
        self.base = base  # source offset of text[0]; None when the cell text is not in the source
        self.span = span
        self.labelled = False  # some label occurs in it

    def text_pos(self, n: int) -> int:
        """Text offset of normalised offset `n` (n may equal len(norm))."""
        m = self.nmap
        if m is None:
            return n
        if n < len(m):
            return m[n]
        return m[-1] + 1 if m else len(self.text)

    def src(self, start: int, end: int) -> Span:
        """Source span of text[start:end] (the whole cell when offsets are unknown)."""
        if self.base is None:
            return self.span
        return Span(self.base + start, self.base + end)


class _Occ:
    """A label occurrence: normalised offsets [ns, ne) in its unit, text offsets [t0, t1)."""

    __slots__ = ("order", "unit", "ns", "ne", "refs", "prefix", "groups", "old", "t0", "t1",
                 "tail_end", "_span", "_label")

    def __init__(self, order: int, unit: _Unit, ns: int, ne: int, refs: list[_Ref],
                 prefix: str = "", groups: _Groups | None = None,
                 old: list[_Ref] | None = None) -> None:
        self.order = order
        self.unit = unit
        self.ns = ns
        self.ne = ne
        self.refs = refs
        self.prefix = prefix  # numbering taken back into a bare label
        self.groups = groups  # refs by (template, table); None: group `refs` when needed
        self.old = old  # the old-label refs; None: filter `refs` when needed
        self.t0 = unit.text_pos(ns)
        self.t1 = unit.text_pos(ne - 1) + 1
        self.tail_end = len(unit.text)  # where the label's values end (set by the binder)
        self._span: Span | None = None
        self._label: str | None = None

    @property
    def span(self) -> Span:
        if self._span is None:  # spans are immutable: one per occurrence serves every use
            self._span = self.unit.src(self.t0, self.t1)
        return self._span

    @property
    def label(self) -> str:
        """The label as written, without surrounding blanks."""
        if self._label is None:
            self._label = self.unit.text[self.t0:self.t1].strip()
        return self._label


def _units(doc: Document, index: _Index) -> tuple[list[_Unit], dict[int, list[_Unit | None]]]:
    """The units labels are searched in, and per (non-inline) table its units by cell index.

    A number or blank cell no label occurs in gets no unit (None): it can only be a value, and
    most cells are such values."""
    src = doc.source.text
    out = []
    by_table: dict[int, list[_Unit | None]] = {}
    exact = index.exact
    for ti, table in enumerate(doc.tables()):
        if table.inline:
            out.append(_inline_unit(table, ti, src))
            continue
        units: list[_Unit | None] = []
        by_table[ti] = units
        for ci, cell in enumerate(table.cells):
            raw = cell.raw
            n, nmap = _NORMS.get(raw) or _norm(raw)
            if cell.kind != "text" and not _matches(index, n) and \
                    not (exact and n.strip("|") in exact):
                units.append(None)
                continue
            text, base = _cell_text(cell, src)
            u = _Unit(table, ti, ci, text, n, nmap, base, cell.span)
            out.append(u)
            units.append(u)
    return out, by_table


def _inline_unit(table: Table, ti: int, src: str) -> _Unit:
    # The source text between the first and last token is the table as written: labels and
    # digits may run across the loader's tokens (…0000000 | 2.其他法律…).
    cells = table.cells
    a = min((c.span.start for c in cells), default=table.span.start)
    b = max((c.span.end for c in cells), default=table.span.end)
    if 0 <= a < b <= len(src):
        text, base = src[a:b], a
    else:
        text, base = " ".join(c.raw for c in cells), None
    return _Unit(table, ti, -1, text, *_norm(text), base,
                 Span(a, b) if base is not None else table.span)


# Normalised form per cell text (short texts only; the same few recur in every table).
_NORMS: dict[str, tuple[str, list[int] | None]] = {}
_CACHE_MAX = 20_000
_CACHE_TEXT = 64  # longer texts are not cached


def _norm(text: str) -> tuple[str, list[int] | None]:
    # Most cells hold no whitespace: then normalising keeps every offset (folding is 1:1).
    n = norm(text)
    got = (n, None) if len(n) == len(text) else norm_with_map(text)
    if len(text) <= _CACHE_TEXT:
        if len(_NORMS) >= _CACHE_MAX:
            _NORMS.clear()
        _NORMS[text] = got
    return got


def _cell_text(cell: Cell, src: str) -> tuple[str, int | None]:
    s = cell.span
    raw = cell.raw
    if raw and 0 <= s.start <= s.end <= len(src):
        if src.startswith(raw, s.start, s.end):  # the usual case: the span is the text
            return raw, s.start
        i = src[s.start:s.end].find(raw)
        if i >= 0:
            return raw, s.start + i
    return raw, None


def _matches(index: _Index, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, key, prefix) of every label in a unit's normalised text."""
    got = index.matches.get(text)
    if got is not None:
        return got
    got = []
    if index.pattern is not None and text:
        for m in index.pattern.finditer(text):
            key = m.group()
            prefixes = index.prefixes[key]
            prefix = _prefix_before(text, m.start(), prefixes) if prefixes else ""
            got.append((m.start() - len(prefix), m.end(), key, prefix))
    if len(text) <= _CACHE_TEXT:
        if len(index.matches) >= _CACHE_MAX:
            index.matches.clear()
        index.matches[text] = got
    return got


def _occurrences(units: list[_Unit], index: _Index) -> list[_Occ]:
    occs: list[_Occ] = []
    exact = index.exact
    for u in units:
        found = [_Occ(0, u, s, e, list(index.refs[key]), prefix, index.groups[key],
                      index.olds[key])
                 for s, e, key, prefix in _matches(index, u.norm)]
        if u.cindex >= 0 and exact and (whole := u.norm.strip("|")) in exact:
            same = [o for o in found if o.ns == 0 and o.ne == len(u.norm)]
            if same:
                same[0].refs.extend(exact[whole])
                same[0].groups = same[0].old = None
            elif not found:
                found.append(_Occ(0, u, 0, len(u.norm), list(exact[whole])))
        occs.extend(found)
    for i, o in enumerate(occs):
        o.order = i
        o.unit.labelled = True
    return occs


def _prefix_before(text: str, start: int, prefixes: Iterable[str]) -> str:
    """The bare label's own numbering just before it, to take back into the label
    (…0000000|2.其他法律… → 2.其他法律…, so the digit run does not swallow the 2)."""
    for p in prefixes:
        if start >= len(p) and text.startswith(p, start - len(p)):
            return p
    return ""


# --- the chain: labels in template order ---------------------------------------------------

def _chain(pairs: Sequence[tuple[_Occ, list[_Ref]]], size: int,
           memo: dict[tuple[int, tuple[int, ...]], list[tuple[int, int]]] | None = None
           ) -> dict[int, tuple[_Occ, _Ref]]:
    """Longest sequence of occurrences whose elements increase in template order.

    `pairs` are the occurrences (in reading order) with their refs to this table's elements,
    `size` the number of elements. Ties go to the nearest predecessor, which keeps a table's
    labels together. The chain depends only on the sequence of ref lists, so with `memo` (for
    ref lists that live as long as the memo) it is computed once per sequence: tables of the
    same layout recur from report to report."""
    if memo is not None and len(pairs) <= _MEMO_PAIRS:
        key = (size, tuple([id(refs) for _, refs in pairs]))
        path = memo.get(key)
        if path is None:
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            path = memo[key] = _chain_path([refs for _, refs in pairs], size)
    else:
        path = _chain_path([refs for _, refs in pairs], size)
    out: dict[int, tuple[_Occ, _Ref]] = {}
    for i, j in path:
        occ, refs = pairs[i]
        out[refs[j].element] = (occ, refs[j])
    return out


def _chain_path(refs_seq: Sequence[list[_Ref]], size: int) -> list[tuple[int, int]]:
    """The chain as (position in `refs_seq`, position in its ref list), last element first."""
    # A chain end is ranked by (score, order, node id). Nodes are numbered in reading order, so
    # (order, node id) ranks as the node id alone, and the rank is packed into one int,
    # score·2³² + node id + 1: a prefix maximum is then one `max` over ints.
    best = [0] * (size + 1)  # best[e + 1]: the best chain ending at element e; 0: none
    nodes: list[tuple[int, int, int]] = []  # (position, ref position, previous node id)
    top = 0
    for i, refs in enumerate(refs_seq):
        if len(refs) == 1:  # the usual case: nothing to defer
            e1 = refs[0].element + 1
            prev = max(best[:e1])
            nodes.append((i, 0, (prev & _LOW) - 1))
            v = ((prev >> 32) + 1) << 32 | len(nodes)
            if v > best[e1]:
                best[e1] = v
            if v >> 32 > top >> 32:
                top = v
            continue
        new: list[tuple[int, int]] = []  # an occurrence's refs do not chain onto each other
        for j, ref in enumerate(refs):
            e1 = ref.element + 1
            prev = max(best[:e1])
            nodes.append((i, j, (prev & _LOW) - 1))
            new.append((e1, ((prev >> 32) + 1) << 32 | len(nodes)))
        for e1, v in new:
            if v > best[e1]:
                best[e1] = v
            if v >> 32 > top >> 32:
                top = v
    path = []
    nid = (top & _LOW) - 1
    while nid >= 0:
        i, j, nid = nodes[nid]
        path.append((i, j))
    return path


_LOW = (1 << 32) - 1
_MEMO_PAIRS = 400  # longer label sequences (not a report's table) are not memoised
_MEMO_MAX = 2048  # memoised sequences kept


def _first_per_element(refs: Iterable[_Ref]) -> list[_Ref]:
    seen: dict[int, _Ref] = {}
    for r in refs:
        seen.setdefault(r.element, r)
    return list(seen.values())


# --- one (template, table) candidate -------------------------------------------------------

@dataclass(eq=False)
class _Candidate:
    """A template's chain for one table, scored; its cells are read only if it is chosen."""

    template: Template
    tdef: TableDef
    chain: dict[int, tuple[_Occ, _Ref]]
    row_matches: int
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    bound: BoundTable | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _orders: list[int] | None = field(default=None, repr=False)

    @property
    def valid(self) -> bool:
        return self.row_matches >= self.tdef.min_match

    def in_order(self) -> list[tuple[int, tuple[_Occ, _Ref]]]:
        """The chain's items in reading order: `_chain` builds it from its last label back, and
        a chain's labels are in reading order."""
        return list(reversed(self.chain.items()))

    @property
    def orders(self) -> list[int]:
        if self._orders is None:  # the chain does not change once built
            self._orders = sorted(o.order for o, _ in self.chain.values())
        return self._orders


class _Binder:
    def __init__(self, doc: Document, tpls: tuple[Template, ...], index: _Index,
                 units: list[_Unit], occs: list[_Occ],
                 cell_units: dict[int, list[_Unit | None]]) -> None:
        self.doc, self.tpls, self.index, self.units, self.occs = doc, tpls, index, units, occs
        # Occurrences per (template, table) with one ref per element: what a chain walks.
        self.pairs: dict[tuple[str, str], list[tuple[_Occ, list[_Ref]]]] = {}
        for o in occs:
            for k, refs in (o.groups if o.groups is not None else _group(o.refs)):
                if k in self.pairs:
                    self.pairs[k].append((o, refs))
                else:
                    self.pairs[k] = [(o, refs)]
        # The units of each (non-inline) table by cell index (None: a plain value cell).
        self.cell_units = cell_units
        # Where each label's tail ends: at the next label in the same unit, or the unit's end.
        for a, b in zip(occs, occs[1:]):
            if b.unit is a.unit:
                a.tail_end = b.t0

    # orchestration
    def run(self) -> BindResult:
        keys = list(dict.fromkeys(k for t in self.tpls for k in t.tables))
        cands = {k: [self._candidate(t, t.tables[k]) for t in self.tpls if k in t.tables]
                 for k in keys}
        doc_match = self._document_match(cands)
        result = BindResult(doc_match)
        chosen_cands: dict[str, _Candidate] = {}
        for key in keys:
            valid = [c for c in cands[key] if c.valid]
            if not valid:
                result.diagnostics.extend(self._unbound(key, cands[key]))
                continue
            chosen, match = self._choose(valid, doc_match)
            bound = self._bind_table(chosen)
            bound.evidence = list(match.evidence)
            result.tables[key] = bound
            result.table_templates[key] = match
            result.diagnostics.extend(chosen.diagnostics)
            chosen_cands[key] = chosen
        self._rebind_out_of_order(chosen_cands, result)
        for key, c in chosen_cands.items():
            result.labels.extend(self._label_hits(c, chosen_cands))
        return result

    def _candidate(self, t: Template, tdef: TableDef) -> _Candidate:
        pairs = self.pairs.get((t.id, tdef.key), [])
        shared = all(o.groups is not None for o, _ in pairs)  # ref lists from the index
        chain = _chain(pairs, len(tdef.elements), self.index.chains if shared else None)
        row_elements = tdef.row_elements
        rows = sum(1 for i in chain if i in row_elements)
        if tdef.header_anchored:  # table 四: only header labels
            rows = max(rows, len(chain) - rows)
        cand = _Candidate(t, tdef, chain, rows)
        self._score(cand)
        return cand

    def _bind_table(self, c: _Candidate) -> BoundTable:
        tdef, chain = c.tdef, c.chain
        bound = c.bound = BoundTable(tdef.key, c.template.id, self._main_table(chain))
        for i, el in enumerate(tdef.elements):
            # Only value rows are bound; group labels are reported as label hits.
            if el.kind == "row" and el.row is not None and not el.row.group and i in chain:
                occ, ref = chain[i]
                bound.rows[el.row.key] = self._row(tdef, el.row, occ, ref, c.diagnostics)
        header = [i for i, el in enumerate(tdef.elements) if el.kind != "row" and i in chain]
        for row in tdef.rows:
            if row.anchor == "header" and header and len(header) >= tdef.min_match:
                bound.rows[row.key] = self._anchored_row(tdef, row, chain[max(header)][0],
                                                          c.diagnostics)
        values = tdef.value_rows()
        bound.missing_rows = [r.key for r in values if r.key not in bound.rows]
        bound.confidence = round(sum(r.key in bound.rows for r in values) / max(1, len(values)), 3)
        return bound

    def _main_table(self, chain: dict[int, tuple[_Occ, _Ref]]) -> Table | None:
        counts: dict[int, list] = {}  # id → [labels in it, table]
        for occ, _ in chain.values():
            table = occ.unit.table
            got = counts.get(id(table))
            if got is None:
                counts[id(table)] = [1, table]
            else:
                got[0] += 1
        return max(counts.values(), key=lambda x: x[0])[1] if counts else None

    # detection
    def _score(self, c: _Candidate) -> None:
        distinct = self.index.distinctive.get((c.template.id, c.tdef.key), frozenset())
        for i, (occ, ref) in c.in_order():
            if i in distinct and ref.label.kind != "old":
                c.score += 1
                text = f"{c.tdef.title}：“{occ.label}”"
                if text not in c.evidence:
                    c.evidence.append(text)
        if not c.tdef.evidence:
            return
        rows = {el.row.key: occ for i, (occ, _r) in c.chain.items()
                if (el := c.tdef.elements[i]).row is not None}
        for ev in c.tdef.evidence:
            occ = rows.get(ev.row)
            if occ is not None and (not ev.has_values or self._has_values(occ)):
                c.score += ev.weight
                c.evidence.append(ev.note)

    def _document_match(self, cands: dict[str, list[_Candidate]]) -> TemplateMatch:
        scores = {t.id: 0.0 for t in self.tpls}
        evidence: dict[str, list[str]] = {t.id: [] for t in self.tpls}
        any_valid = False
        for cs in cands.values():
            for c in cs:
                if c.valid:
                    any_valid = True
                    scores[c.template.id] += c.score
                    evidence[c.template.id].extend(c.evidence)
        if not any_valid:
            return TemplateMatch(None, 0.0, [], scores)
        ranked = sorted(self.tpls, key=lambda t: (scores[t.id], t.date), reverse=True)
        best = ranked[0].id
        second = scores[ranked[1].id] if len(ranked) > 1 else 0.0
        if scores[best] == 0:
            return TemplateMatch(None, 0.0, ["统计表中没有区分两种格式的标签"], scores)
        return TemplateMatch(best, _confidence(scores[best], second), evidence[best], scores)

    def _choose(self, valid: list[_Candidate],
                doc: TemplateMatch) -> tuple[_Candidate, TemplateMatch]:
        scores = {c.template.id: c.score for c in valid}
        ranked = sorted(valid, key=lambda c: (c.score, c.row_matches), reverse=True)
        top = ranked[0]
        if len(ranked) == 1:
            return top, TemplateMatch(top.template.id, 1.0, top.evidence, scores)
        if top.score > ranked[1].score:
            return top, TemplateMatch(top.template.id, _confidence(top.score, ranked[1].score),
                                      top.evidence, scores)
        # Undecided here: table 四 is the same in both formats (score 0), or a damaged table
        # carries as much evidence for one as for the other. Follow the document.
        same = top.score == 0
        pick = next((c for c in ranked if c.template.id == doc.id), None)
        if pick is None:
            pick = max(ranked, key=lambda c: (c.template.date, c.template.id))
            why = _SAME if same else "此表两种格式的证据相当"
            return pick, TemplateMatch(pick.template.id, 0.5, [f"{why}，无法判断格式"], scores)
        why = _SAME if same else "此表两种格式的证据相当"
        why += "，沿用全文的格式判断"
        return pick, TemplateMatch(pick.template.id, doc.confidence if same else 0.5, [why],
                                   scores)

    def _unbound(self, key: str, cands: list[_Candidate]) -> list[Diagnostic]:
        weak = max(cands, key=lambda c: c.row_matches, default=None)
        tdef = cands[0].tdef if cands else None
        if tdef is None:
            return []
        if weak is not None and weak.row_matches >= max(2, tdef.min_match // 2 + 1):
            spans = [o.span for o, _ in weak.chain.values()]
            span = spans[0]
            for s in spans[1:]:
                span = span.cover(s)
            return [Diagnostic(codes.TABLE_UNBOUND,
                               f"疑似“{tdef.title}”表，但只识别出 {weak.row_matches} 个行标签"
                               f"（至少需要 {tdef.min_match} 个），无法对应到模板的行列",
                               span, {"table": key, "matched": weak.row_matches})]
        for sec in self.doc.sections:
            if sec.key == key or (sec.key is None and sec.number == tdef.section):
                tables = [b for b in sec.iter_blocks() if isinstance(b, Table)]
                if tables:
                    return [Diagnostic(codes.TABLE_UNBOUND,
                                       f"第{sec.numeral or sec.number}部分的表格无法识别为"
                                       f"“{tdef.title}”表（找不到模板的行标签）",
                                       tables[0].span, {"table": key, "matched": 0})]
        return []

    # rows and cells
    def _row(self, tdef: TableDef, row: RowDef, occ: _Occ, ref: _Ref,
             diags: list[Diagnostic]) -> BoundRow:
        cs = tdef.column_sets[row.columns] if row.columns else None
        brow = BoundRow(row.key, row.label, list(cs.keys) if cs else [],
                        list(cs.labels) if cs else [], [],
                        label_span=occ.span, label_as_written=occ.label,
                        item=row.item)
        if cs is None:
            return brow
        cells, unreadable = self._values(tdef, row, occ, len(cs.columns), diags)
        brow.cells = _money_cells(cells, cs)
        brow.unreadable = unreadable
        return brow

    def _anchored_row(self, tdef: TableDef, row: RowDef, last: _Occ,
                      diags: list[Diagnostic]) -> BoundRow:
        cs = tdef.column_sets[row.columns] if row.columns else None
        n = len(cs.columns) if cs else 0
        brow = BoundRow(row.key, row.label, list(cs.keys) if cs else [],
                        list(cs.labels) if cs else [], [])
        cells, unreadable = self._values(tdef, row, last, n, diags, skip_blanks=True)
        brow.cells = _money_cells(cells, cs) if cs else []
        brow.unreadable = unreadable
        return brow

    def _values(self, tdef: TableDef, row: RowDef, occ: _Occ, n: int, diags: list[Diagnostic],
                skip_blanks: bool = False) -> tuple[list[Cell | None], str | None]:
        tail_start, tail_end = self._tail(occ)
        tail = occ.unit.text[tail_start:tail_end]
        if occ.unit.cindex < 0:
            return self._inline_values(tdef, row, occ.unit, tail_start, tail, n, diags)
        run = _RUN.match(tail)
        if tail.strip() and run and run.end() == len(tail):
            tokens = _tokens(tail, tail_start)
            if len(tokens) == n:
                return _cells(occ.unit, tokens, None), None
        return self._next_cells(occ.unit, n, skip_blanks), None

    def _tail(self, occ: _Occ) -> tuple[int, int]:
        """Text after a label up to the next label in the same unit."""
        return occ.t1, occ.tail_end

    def _next_cells(self, unit: _Unit, n: int, skip_blanks: bool) -> list[Cell | None]:
        out: list[Cell | None] = []
        units = self.cell_units[unit.tindex]  # one per cell of the table
        cells = unit.table.cells
        for j in range(unit.cindex + 1, len(cells)):
            u = units[j]
            cell = cells[j]
            if u is None:  # a number or blank without labels: a value
                out.append(cell)
                continue
            if u.labelled or cell.kind == "text" and not _value_like(cell, u):
                break
            if cell.kind == "text" and len(tokens := _tokens(u.text, 0)) > 1 and \
                    "".join(t[0] for t in tokens) == u.norm:
                out.extend(_cells(u, tokens, None))
            else:
                out.append(cell)
        if skip_blanks:  # table 四: blank filler cells may sit between the header and the values
            lead = next((i for i, c in enumerate(out) if c.kind != "blank"), len(out))
            out = out[min(lead, max(0, len(out) - n)):]
        out = out[:n]
        return out + [None] * (n - len(out))

    def _inline_values(self, tdef: TableDef, row: RowDef, unit: _Unit, start: int, tail: str,
                       n: int, diags: list[Diagnostic]) -> tuple[list[Cell | None], str | None]:
        m = _RUN.match(tail)
        run = m.group() if m else ""
        tokens = _tokens(run, start)
        if not tokens:
            return [None] * n, None
        if len(tokens) == n:
            return _cells(unit, tokens, None), None
        tokens, unit_suffix = _detach_unit(tokens)
        if len(tokens) == 1 and tokens[0][0].isdigit() and len(tokens[0][0]) == n:
            t, s, _ = tokens[0]
            pieces = _attach_unit([(ch, s + i, s + i + 1) for i, ch in enumerate(t)], unit_suffix)
            return _cells(unit, pieces, SPLIT_NOTE), None
        return self._infer(tdef, row, unit, run.strip(), tokens, unit_suffix, n, diags)

    def _infer(self, tdef: TableDef, row: RowDef, unit: _Unit, run: str,
               tokens: list[tuple[str, int, int]], unit_suffix: str, n: int,
               diags: list[Diagnostic]) -> tuple[list[Cell | None], str | None]:
        span = unit.src(tokens[0][1], tokens[-1][2] + len(unit_suffix))
        readings = [_attach_unit(r, unit_suffix) for r in _readings(tokens, n)]
        by_check = False
        if len(readings) > 1 and tdef.split_checks and len(readings) < _MAX_READINGS:
            keys = tdef.column_set_of(row.key).keys if row.columns else ()
            ok = [r for r in readings if self._checks_hold(tdef, keys, r)]
            readings, by_check = ok, True
        where = f"{tdef.title}“{row.label}”"
        if len(readings) != 1:
            why = (f"有 {len(readings)} 种读法" if readings else f"无法拆成 {n} 个数")
            if by_check and not readings:
                why = "没有一种读法能使总计等于各项之和"
            diags.append(Diagnostic(codes.CELLS_AMBIGUOUS,
                                    f"{where}的数值“{run}”无法唯一读成 {n} 个单元格（{why}）",
                                    span, {"table": tdef.key, "row": row.key, "run": run}))
            return [None] * n, f"连写数字“{run}”{why}"
        reading = readings[0]
        if not by_check and _certain(tokens, reading):
            return _cells(unit, reading, SPLIT_NOTE), None
        shown = " | ".join(p[0] for p in reading)
        rule = "（唯一一种能使总计等于各项之和的读法）" if by_check else "（唯一可能的读法）"
        diags.append(Diagnostic(codes.CELLS_INFERRED, f"{where}的数值“{run}”读作 {shown}{rule}",
                                span, {"table": tdef.key, "row": row.key, "run": run,
                                       "reading": [p[0] for p in reading]}))
        note = f"按唯一合理读法拆分：{shown}"
        return _cells(unit, reading, note), None

    def _checks_hold(self, tdef: TableDef, keys: Sequence[str],
                     reading: list[tuple[str, int, int]]) -> bool:
        values = {}
        for k, (txt, _, _) in zip(keys, reading):
            c = Cell.of(txt, Span(0, 0))
            values[k] = c.value if c.kind == "number" else None
        for rid in tdef.split_checks:
            rel = next(t for t in self.tpls if tdef.key in t.tables
                       and t.tables[tdef.key] is tdef).relation(rid)
            if rel is None or holds(rel.expr, values) is not True:
                return False
        return True

    # after the choice
    def _rebind_out_of_order(self, chosen: dict[str, _Candidate], result: BindResult) -> None:
        """A row whose label is only found out of template order (a table split by extraction)
        is still bound when exactly one unused occurrence of its label exists outside every
        bound table's stretch of labels."""
        used = {o.order for c in chosen.values() for o, _ in c.chain.values()}
        spans = [(c.orders[0], c.orders[-1]) for c in chosen.values() if c.orders]
        for c in chosen.values():
            bound = c.bound
            assert bound is not None
            for key in list(bound.missing_rows):
                i, row = next((i, el.row) for i, el in enumerate(c.tdef.elements)
                              if el.row is not None and el.row.key == key)
                hits = [(o, r) for o in self.occs
                        if o.order not in used and not any(a < o.order < b for a, b in spans)
                        for r in o.refs if (r.template, r.table, r.element)
                        == (c.template.id, c.tdef.key, i)]
                if row.anchor != "label" or len(hits) != 1:
                    continue
                occ, ref = hits[0]
                bound.rows[key] = self._row(c.tdef, row, occ, ref, result.diagnostics)
                bound.missing_rows.remove(key)
                used.add(occ.order)
                result.labels.append(LabelHit(c.tdef.key, c.template.id, key, ref.label.kind,
                                              row.label, occ.label, occ.span,
                                              "行的位置与模板顺序不同"))

    def _label_hits(self, c: _Candidate, chosen: dict[str, _Candidate]) -> list[LabelHit]:
        """Every label of the chosen chain, plus old-template evidence in the table's stretch."""
        out = []
        for i, (occ, ref) in c.in_order():
            el = c.tdef.elements[i]
            kind = _written_kind(occ, ref)
            out.append(LabelHit(c.tdef.key, c.template.id, el.key, kind, el.label,
                                occ.label, occ.span, ref.note or ref.label.note,
                                ref.label.region))
            row = el.row
            if row is not None and row.group and row.old_if_values and self._has_values(occ):
                out.append(LabelHit(c.tdef.key, c.template.id, "old", "old", row.label,
                                    occ.label, occ.span, row.old_if_values))
        lo, hi = self._region(c, chosen)
        for occ in self.occs[max(lo, 0):hi + 1]:
            old = occ.old if occ.old is not None else [r for r in occ.refs if r.element < 0]
            for ref in old:
                if (ref.template, ref.table) == (c.template.id, c.tdef.key):
                    out.append(LabelHit(c.tdef.key, c.template.id, "old", "old", ref.label.text,
                                        occ.label, occ.span, ref.note))
        return out

    def _region(self, c: _Candidate, chosen: dict[str, _Candidate]) -> tuple[int, int]:
        """From the table's first label to the next bound table's first label, within the
        tables (the `Table` blocks) the chain touches."""
        if not c.orders:
            return 1, 0
        lo = c.orders[0]
        later = [o.orders[0] for o in chosen.values() if o is not c and o.orders
                 and o.orders[0] > lo]
        last_t = max(o.unit.tindex for o, _ in c.chain.values())
        hi = min(later, default=len(self.occs)) - 1
        while hi > lo and self.occs[hi].unit.tindex > last_t:
            hi -= 1
        return lo, hi

    def _has_values(self, occ: _Occ) -> bool:
        """Whether a (group) label is directly followed by a number."""
        start, end = self._tail(occ)
        tail = occ.unit.text[start:end]
        if occ.unit.cindex < 0 or tail.strip():
            m = _RUN.match(tail)
            return bool(m and any(ch.isdigit() for ch in m.group()))
        cells = occ.unit.table.cells
        nxt = occ.unit.cindex + 1
        return nxt < len(cells) and cells[nxt].kind == "number"


# --- helpers -------------------------------------------------------------------------------

def _cells(unit: _Unit, tokens: Iterable[tuple[str, int, int]], note: str | None) -> list[Cell]:
    """`Cell.of` for each (text, start, end) token of a unit (inlined: a cell per value)."""
    out = []
    base = unit.base
    for txt, s, e in tokens:
        raw, kind, value = _PARSED.get(txt) or _parse(txt)
        out.append(Cell(raw, unit.span if base is None else Span(base + s, base + e), kind, value,
                        1, 1, note))
    return out


def _confidence(best: float, second: float) -> float:
    return round((best + 1) / (best + second + 2), 3)


def _written_kind(occ: _Occ, ref: _Ref) -> str:
    """A bare label found with its official numbering in front was written in full."""
    if occ.prefix and ref.label.prefixes and occ.prefix == ref.label.prefixes[0] \
            and ref.label.kind == "variant":
        return "official"
    return ref.label.kind


def _value_like(cell: Cell, unit: _Unit) -> bool:
    if cell.kind != "text":
        return True
    return len(unit.norm) <= _VALUE_TEXT_MAX or bool(_RUN.fullmatch(unit.text.strip()))


def _money_cells(cells: list[Cell | None], cs: ColumnSetDef) -> list[Cell | None]:
    """The row's cells (as many as it has columns), money columns read as numbers."""
    if not cs.money:
        return cells[:len(cs.columns)]
    return [_money(c, col.money) for c, col in zip(cells, cs.columns)]


def _money(cell: Cell | None, money: bool) -> Cell | None:
    """Read `251000元` in a money column as the number 251000 with its unit in the note."""
    if cell is None or not money or cell.kind != "text":
        return cell
    got = read_money(cell.raw)
    if got is None:
        return cell
    value, unit = got
    note = f"金额单位：{unit}" + (f"；{cell.note}" if cell.note else "")
    return Cell(cell.raw, cell.span, "number", value, cell.row_span, cell.col_span, note)


def _certain(tokens: list[Piece], reading: list[Piece]) -> bool:
    """Whether every token the reading cut can only be cut that way (00 → 0 | 0, 01 → 0 | 1):
    such a reading is as certain as one digit per cell and needs no RL006."""
    cut = {(s, e) for _t, s, e in tokens} - {(s, e) for _t, s, e in reading}
    return all(_cut_count(t) == 1 for t, s, e in tokens if (s, e) in cut)


def _cut_count(digits: str, limit: int = 2) -> int:
    """How many ways (up to `limit`) a digit string cuts into numbers without leading zeros."""
    if not digits:
        return 1
    total = 0
    for k in range(1, len(digits) + 1):
        if k > 1 and digits[0] == "0":
            break
        total += _cut_count(digits[k:], limit)
        if total >= limit:
            return total
    return total


def _detach_unit(tokens: list[tuple[str, int, int]]) -> tuple[list[tuple[str, int, int]], str]:
    """Split a money unit off the last token (00元 → 00 + 元) so its digits can be cut."""
    txt, s, e = tokens[-1]
    for unit in ("万元", "元"):
        if txt.endswith(unit) and txt[: -len(unit)].isdigit():
            return tokens[:-1] + [(txt[: -len(unit)], s, e - len(unit))], unit
    return tokens, ""


def _attach_unit(pieces: list[tuple[str, int, int]], unit: str) -> list[tuple[str, int, int]]:
    if not unit or not pieces:
        return pieces
    txt, s, e = pieces[-1]
    return pieces[:-1] + [(txt + unit, s, e + len(unit))]


def _tokens(run: str, offset: int) -> list[tuple[str, int, int]]:
    """Number-like tokens of a run with their text offsets (whitespace separates tokens)."""
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(run)]


Piece = tuple[str, int, int]


def _readings(tokens: list[Piece], n: int) -> list[list[Piece]]:
    """Every way to read the tokens as `n` numbers: whitespace always separates; a digit run may
    be cut anywhere, but no piece of several digits may start with 0 (nobody writes 05).
    Stops at `_MAX_READINGS` readings (more than that is ambiguous anyway)."""
    out: list[list[Piece]] = []
    # Most pieces tokens i.. can make (a digit each); the fewest is one per token.
    most = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        txt = tokens[i][0]
        most[i] = most[i + 1] + (len(txt) if txt.isdigit() else 1)

    def walk(i: int, pos: int, left: int, acc: list[Piece]) -> None:
        if len(out) >= _MAX_READINGS or not len(tokens) - i <= left <= most[i] - pos:
            return
        if i == len(tokens):
            if left == 0:
                out.append(list(acc))
            return
        txt, s, e = tokens[i]
        if not txt.isdigit():
            walk(i + 1, 0, left - 1, acc + [tokens[i]])
            return
        rest = txt[pos:]
        for k in range(1, len(rest) + 1):
            if left == 0 or (k > 1 and rest[0] == "0"):
                break
            piece = (rest[:k], s + pos, s + pos + k)
            if pos + k == len(txt):
                walk(i + 1, 0, left - 1, acc + [piece])
            else:
                walk(i, pos + k, left - 1, acc + [piece])

    walk(0, 0, n, [])
    return out
